//! A text on one line, cut after a number of grapheme clusters with `…`: the short texts of
//! `calendar.md`.
//!
//! What it gives is what splitting the whole text on white space, joining the words with one
//! space and taking the first clusters with `unicode-segmentation` gives (the tests compare the
//! two), but it reads the text only as far as the cut, and segments most of it itself.

use unicode_segmentation::UnicodeSegmentation;

/// Writes into `buf` a text on one line (runs of white space, line breaks included, become one
/// space), cut after `clusters` grapheme clusters with `…` (the white space before the `…`
/// dropped).
///
/// Only the start of the text is read: words are added to `buf` until it holds more than
/// `clusters` clusters or the text ends. The clusters of a prefix are those of the whole text
/// except perhaps the last one (whether a cluster ends somewhere depends only on what comes
/// before and on the next character), so once `buf` has a cluster after the first `clusters`,
/// where the cut falls is known, and that the text goes on.
pub(crate) fn cut(buf: &mut String, text: &str, clusters: usize) {
    buf.clear();
    let mut goal = 2 * (clusters + 1);
    let mut at = Some(0);
    let cut = loop {
        at = at.and_then(|from| add_words(buf, text, from, goal));
        let cut = cluster_start(buf, clusters);
        if at.is_none() || cut.is_some() {
            break cut;
        }
        goal *= 2;
    };
    if let Some(at) = cut {
        let head = buf[..at].trim_end().len();
        buf.truncate(head);
        buf.push('…');
    }
}

/// Appends to `buf` the words of `text` from byte `at` on (as `split_whitespace` cuts them),
/// one space between two words, until `buf` holds `goal` bytes. Returns where it stopped, or
/// `None` at the end of the text.
fn add_words(buf: &mut String, text: &str, mut at: usize, goal: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut word = None; // where the current word starts
    while at < bytes.len() {
        let (space, width) = match bytes[at] {
            b @ 0..=0x7f => (b == b' ' || (b'\t'..=b'\r').contains(&b), 1),
            _ => wide_char(text, at, char::is_whitespace),
        };
        match (space, word) {
            (false, None) => word = Some(at),
            (true, Some(start)) => {
                word = None;
                push_word(buf, &text[start..at]);
                if buf.len() >= goal {
                    return Some(at);
                }
            }
            _ => {}
        }
        at += width;
    }
    if let Some(start) = word {
        push_word(buf, &text[start..]);
    }
    None
}

fn push_word(buf: &mut String, word: &str) {
    if !buf.is_empty() {
        buf.push(' ');
    }
    buf.push_str(word);
}

/// `(test(c), width)` of the character `c` at byte `at` (not ASCII).
fn wide_char(text: &str, at: usize, test: fn(char) -> bool) -> (bool, usize) {
    text[at..]
        .chars()
        .next()
        .map_or((false, 1), |c| (test(c), c.len_utf8()))
}

/// Where grapheme cluster number `n` (from 0) of `text` starts, if `text` has that many.
///
/// Between two [`is_lone`] characters there is always a cluster boundary, and the clusters after
/// it do not depend on what came before it. So `text` is cut at such places and only the pieces
/// between them with more than one character go through `unicode-segmentation`; most text is
/// made of lone characters and needs none, and runs of printable ASCII are counted whole.
fn cluster_start(text: &str, n: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut seen = 0; // clusters before `from`
    let mut from = 0; // a cluster boundary; text[from..i] is not counted yet
    let mut single = true; // whether text[from..i] is one character
    let mut lone_before = false;
    let mut i = 0;
    while i < bytes.len() {
        let run = bytes[i..]
            .iter()
            .take_while(|b| (b' '..=b'~').contains(*b))
            .count();
        let (lone, width) = match run {
            0 => wide_char(text, i, is_lone),
            _ => (true, 1),
        };
        if i > from {
            if lone_before && lone {
                if let Some(at) = count(text, from..i, single, &mut seen, n) {
                    return Some(at);
                }
                from = i;
                single = true;
            } else {
                single = false;
            }
        }
        lone_before = lone;
        i += width;
        if run > 1 {
            // A boundary before each of the next run - 1 characters: text[from..i] ends, then
            // run - 2 clusters of one character, and the last one stays open.
            if let Some(at) = count(text, from..i, single, &mut seen, n) {
                return Some(at);
            }
            let left = n - seen;
            if left < run - 2 {
                return Some(i + left);
            }
            seen += run - 2;
            i += run - 1;
            from = i - 1;
            single = true;
        }
    }
    match from < text.len() {
        true => count(text, from..text.len(), single, &mut seen, n),
        false => None,
    }
}

/// Counts the clusters of `text[piece]` (a piece between two boundaries; `single` if it is one
/// character) into `seen`; where cluster `n` starts if it is in the piece.
fn count(
    text: &str,
    piece: std::ops::Range<usize>,
    single: bool,
    seen: &mut usize,
    n: usize,
) -> Option<usize> {
    if single {
        if *seen == n {
            return Some(piece.start);
        }
        *seen += 1;
        return None;
    }
    for (at, _) in text[piece.clone()].grapheme_indices(true) {
        if *seen == n {
            return Some(piece.start + at);
        }
        *seen += 1;
    }
    None
}

/// A character that is a cluster of its own when another such character follows it, and that no
/// rule of UAX #29 looks back through: printable ASCII, the Latin-1 letters and signs (not `©`,
/// `®`, which are pictographic, nor the soft hyphen, a control), Latin Extended-A, and the
/// dashes, quotes and ellipsis of U+2010 to U+2027. The tests check this set against
/// `unicode-segmentation`.
fn is_lone(c: char) -> bool {
    matches!(c, ' '..='~' | '\u{a0}'..='\u{17f}' | '\u{2010}'..='\u{2027}')
        && !matches!(c, '\u{a9}' | '\u{ad}' | '\u{ae}')
}

#[cfg(test)]
mod tests {
    use super::*;

    const SHORT_TEXT: usize = crate::emit::calendar_md::SHORT_TEXT;

    fn short(text: &str) -> String {
        let mut buf = String::from("left over");
        cut(&mut buf, text, SHORT_TEXT);
        buf
    }

    /// What `short` was before it stopped reading at the cut.
    fn old_short(text: &str) -> String {
        let one_line = text.split_whitespace().collect::<Vec<_>>().join(" ");
        let mut graphemes = one_line.graphemes(true);
        let head: String = graphemes.by_ref().take(SHORT_TEXT).collect();
        if graphemes.next().is_some() {
            format!("{}…", head.trim_end())
        } else {
            head
        }
    }

    #[test]
    fn short_text_is_one_line_and_cut_on_graphemes() {
        assert_eq!(short("a\n\nb  c"), "a b c");
        let long = "👍🏽".repeat(SHORT_TEXT + 5);
        let cut = short(&long);
        assert!(cut.ends_with('…'));
        assert_eq!(cut.graphemes(true).count(), SHORT_TEXT + 1);
    }

    #[test]
    fn short_text_under_or_at_the_limit_is_whole() {
        assert_eq!(short(""), "");
        assert_eq!(short("  \n "), "");
        let exact = "x".repeat(SHORT_TEXT);
        assert_eq!(short(&exact), exact);
        let one_more = "x".repeat(SHORT_TEXT + 1);
        assert_eq!(short(&one_more), format!("{}…", exact));
    }

    #[test]
    fn the_cut_drops_the_space_before_the_ellipsis() {
        let text = format!("{} {}", "a".repeat(SHORT_TEXT - 1), "b".repeat(10));
        assert_eq!(short(&text), format!("{}…", "a".repeat(SHORT_TEXT - 1)));
    }

    #[test]
    fn clusters_across_words_and_long_clusters_are_kept_whole() {
        // A combining mark after a space joins the space's cluster; a family emoji is one
        // cluster of 25 octets; a word of 300 marks on one letter is a single cluster.
        let zalgo = format!("a{}", "\u{301}".repeat(300));
        for text in [
            format!("{} \u{301}{}", "x".repeat(79), "y".repeat(5)),
            "👨‍👩‍👧‍👦 ".repeat(100),
            format!("{zalgo} {}", "z ".repeat(100)),
            "🇫🇷🇫🇷🇫".repeat(40),
            format!(
                "{}\u{85}\u{a0}\u{2003}\u{3000}\u{b}\u{c}{}",
                "v ".repeat(30),
                "u".repeat(200)
            ),
            format!("{}\u{200d}🔥 tail", "w".repeat(80)),
        ] {
            assert_eq!(short(&text), old_short(&text), "{text:?}");
        }
    }

    /// Every character of the set `is_lone` accepts, and pieces that test the rules that look
    /// back (emoji sequences, regional indicators, Indic conjuncts) or join (marks, ZWJ).
    fn lone_chars() -> Vec<char> {
        let ranges = [(0x20, 0x7e), (0xa0, 0x17f), (0x2010, 0x2027)];
        ranges
            .iter()
            .flat_map(|&(a, b)| (a..=b).filter_map(char::from_u32))
            .filter(|&c| is_lone(c))
            .collect()
    }

    const TRICKY: [&str; 9] = [
        "",
        "\u{301}",
        "\u{200d}🔥",
        "🇫",
        "🇫🇷",
        "\u{94d}क",
        "👍🏽",
        "\u{fe0f}",
        "\u{903}",
    ];

    #[test]
    fn lone_characters_split_like_unicode_segmentation() {
        let lone = lone_chars();
        assert_eq!(lone.len(), 95 + (0x180 - 0xa0 - 3) + 24);
        for &a in &lone {
            for &b in &lone {
                let pair = format!("{a}{b}");
                assert_eq!(pair.graphemes(true).count(), 2, "{pair:?}");
            }
            for before in TRICKY {
                for after in TRICKY {
                    // Around a boundary between two lone characters, what comes before does not
                    // change the clusters after, and the reverse.
                    let text = format!("{before}{a}{a}{after}");
                    let whole: Vec<&str> = text.graphemes(true).collect();
                    let left = format!("{before}{a}");
                    let right = format!("{a}{after}");
                    let parts: Vec<&str> =
                        left.graphemes(true).chain(right.graphemes(true)).collect();
                    assert_eq!(whole, parts, "{text:?}");
                }
            }
        }
    }

    #[test]
    fn cluster_starts_match_unicode_segmentation() {
        for text in [
            "",
            "abc",
            "é👍🏽x",
            "a\u{301}\u{301}b",
            "🇫🇷🇫",
            "x\u{200d}🔥y",
            "aé–’",
        ] {
            let starts: Vec<usize> = text.grapheme_indices(true).map(|(i, _)| i).collect();
            for n in 0..=starts.len() {
                assert_eq!(
                    cluster_start(text, n),
                    starts.get(n).copied(),
                    "{text:?} {n}"
                );
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn short_matches_the_old_whole_text_version(
            text in "([a-z]{0,12}|[ \t\n\r\u{a0}\u{2003}]{1,3}|é|e\u{301}|\u{301}|👍🏽|👨‍👩‍👧|🇫|\u{200d}|\u{fe0f}){0,120}"
        ) {
            proptest::prop_assert_eq!(short(&text), old_short(&text));
        }
    }
}
