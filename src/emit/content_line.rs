//! RFC 5545 content lines: TEXT values escaped, lines folded at 75 octets, CRLF line ends.
//!
//! [`escape_text`] makes any text a valid TEXT value in one pass. [`fold`] cuts a content line
//! into physical lines of at most [`FOLD_OCTETS`] octets (the fold's leading space included),
//! never inside a UTF-8 character and, where it can, not right after a space or tab, so a reader
//! that trims trailing blanks off each physical line (some do) does not lose a space.

/// The longest content line, in octets, without its CRLF (RFC 5545 §3.1).
pub const FOLD_OCTETS: usize = 75;

/// What [`escape_text`] does to each byte: 0 copy, 1 replace or drop (see `escape_text`), 2 a
/// possible C1 control (a UTF-8 sequence starting with `0xC2`).
const CLASS: [u8; 256] = {
    let mut class = [0u8; 256];
    let mut b = 0;
    while b < 0x20 {
        class[b] = 1;
        b += 1;
    }
    class[b'\t' as usize] = 0;
    class[b'\\' as usize] = 1;
    class[b',' as usize] = 1;
    class[b';' as usize] = 1;
    class[0x7f] = 1;
    class[0xc2] = 2;
    class
};

/// Appends `text` as an iCalendar TEXT value (RFC 5545 §3.3.11): `\`, `;` and `,` get a
/// backslash; a line break (LF, CR LF or a lone CR) becomes `\n`; other control characters
/// (Unicode `Cc`, C1 included) are dropped, except tab. TEXT cannot hold them, and a raw CR
/// would break the line structure.
///
/// Runs that need nothing are copied whole; they are found eight bytes at a time.
pub fn escape_text(out: &mut String, text: &str) {
    let bytes = text.as_bytes();
    let mut copied = 0;
    let mut i = 0;
    while i < bytes.len() {
        let end = match bytes.get(i..i + 8) {
            Some(chunk) => {
                let mut word = [0; 8];
                word.copy_from_slice(chunk);
                if !may_need_escaping(u64::from_le_bytes(word)) {
                    i += 8;
                    continue;
                }
                i + 8
            }
            None => bytes.len(),
        };
        while i < end {
            if CLASS[usize::from(bytes[i])] == 0 {
                i += 1;
                continue;
            }
            let (with, len) = match bytes[i] {
                0xc2 if matches!(bytes.get(i + 1), Some(0x80..=0x9f)) => ("", 2),
                0xc2 => {
                    i += 1;
                    continue;
                }
                b'\\' => ("\\\\", 1),
                b',' => ("\\,", 1),
                b';' => ("\\;", 1),
                b'\n' => ("\\n", 1),
                b'\r' if bytes.get(i + 1) == Some(&b'\n') => ("\\n", 2),
                b'\r' => ("\\n", 1),
                _ => ("", 1),
            };
            // `i` is at an ASCII byte or at the first byte of a two-byte character: a boundary.
            out.push_str(&text[copied..i]);
            out.push_str(with);
            i += len;
            copied = i;
        }
    }
    out.push_str(&text[copied..]);
}

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGH_BITS: u64 = 0x8080_8080_8080_8080;

/// Whether one of the eight bytes of `word` is below `n` (at most 128).
fn has_less(word: u64, n: u8) -> bool {
    word.wrapping_sub(ONES * u64::from(n)) & !word & HIGH_BITS != 0
}

/// Whether one of the eight bytes of `word` is `b`.
fn has_byte(word: u64, b: u8) -> bool {
    has_less(word ^ (ONES * u64::from(b)), 1)
}

/// Whether one of the eight bytes of `word` is one [`escape_text`] may change: a control
/// character (tab included, which it keeps), `,`, `;`, `\`, DEL, or `0xC2`, which starts the C1
/// controls (and other characters, which it keeps).
fn may_need_escaping(word: u64) -> bool {
    has_less(word, 0x20)
        | has_byte(word, b',')
        | has_byte(word, b';')
        | has_byte(word, b'\\')
        | has_byte(word, 0x7f)
        | has_byte(word, 0xc2)
}

/// Appends one content line (no CR or LF in it), folded, and its CRLF.
pub fn fold(out: &mut String, line: &str) {
    fold_rest(out, line, FOLD_OCTETS);
}

/// Appends the physical lines of `line` that are complete whatever text comes after it, and
/// returns where the rest of `line` starts and how many octets its physical line has room for.
///
/// A cut depends only on the next `room` octets, so `fold(P + S)` is the output of
/// `fold_start(P)` followed by `fold_rest(&P[at..] + S, room)`: a text that starts many content
/// lines (a post's description) is folded once.
pub fn fold_start(out: &mut String, line: &str, room: usize) -> (usize, usize) {
    let mut rest = line;
    let mut room = room;
    while rest.len() > room {
        let mut cut = room;
        while !rest.is_char_boundary(cut) {
            cut -= 1;
        }
        let blanks = rest.as_bytes()[..cut]
            .iter()
            .rev()
            .take_while(|&&b| b == b' ' || b == b'\t')
            .count();
        if blanks < cut {
            cut -= blanks;
        }
        out.push_str(&rest[..cut]);
        out.push_str("\r\n ");
        rest = &rest[cut..];
        room = FOLD_OCTETS - 1;
    }
    (line.len() - rest.len(), room)
}

/// Appends the end of a content line whose physical line has room for `room` octets (as
/// [`fold_start`] returned), folded, and its CRLF.
pub fn fold_rest(out: &mut String, rest: &str, room: usize) {
    let (at, _) = fold_start(out, rest, room);
    out.push_str(&rest[at..]);
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use icalendar::{Calendar, Property};
    use proptest::prelude::*;

    use super::*;

    fn escaped(text: &str) -> String {
        let mut out = String::new();
        escape_text(&mut out, text);
        out
    }

    fn folded(line: &str) -> String {
        let mut out = String::new();
        fold(&mut out, line);
        out
    }

    /// What `calendar.ics` did before this module: drop controls and normalise line breaks, let
    /// the `icalendar` crate escape and fold an `X-` property (TEXT), then undo the crate's
    /// folding and fold again within 75 octets.
    fn old_property_line(value: &str) -> String {
        let clean: String = value
            .replace("\r\n", "\n")
            .replace('\r', "\n")
            .chars()
            .filter(|&c| c == '\n' || c == '\t' || !c.is_control())
            .collect();
        let mut cal = Calendar::empty();
        cal.append_property(Property::new("X-A", clean));
        let text = cal.to_string().replace("\r\n ", "");
        let mut out = String::new();
        for line in text.split_terminator("\r\n") {
            if line.starts_with("X-A:") {
                old_fold_line(line, &mut out);
            }
        }
        out
    }

    /// The folding `calendar.ics` applied after the crate's (unchanged).
    fn old_fold_line(line: &str, out: &mut String) {
        let mut rest = line;
        let mut room = FOLD_OCTETS;
        while rest.len() > room {
            let mut cut = room;
            while !rest.is_char_boundary(cut) {
                cut -= 1;
            }
            let mut keep = cut;
            while keep > 0 && matches!(rest.as_bytes()[keep - 1], b' ' | b'\t') {
                keep -= 1;
            }
            if keep > 0 {
                cut = keep;
            }
            out.push_str(&rest[..cut]);
            out.push_str("\r\n ");
            rest = &rest[cut..];
            room = FOLD_OCTETS - 1;
        }
        out.push_str(rest);
        out.push_str("\r\n");
    }

    fn new_property_line(value: &str) -> String {
        let mut line = String::from("X-A:");
        escape_text(&mut line, value);
        folded(&line)
    }

    #[test]
    fn text_specials_are_escaped() {
        assert_eq!(escaped(r"a\b;c,d"), r"a\\b\;c\,d");
        assert_eq!(escaped("a\nb\r\nc\rd\r\r\ne"), r"a\nb\nc\nd\n\ne");
        assert_eq!(escaped(":colon stays"), ":colon stays");
        assert_eq!(escaped(""), "");
    }

    #[test]
    fn control_characters_are_dropped_but_tab_stays() {
        assert_eq!(escaped("a\u{0}b\tc\u{7f}d\u{1b}"), "ab\tcd");
        assert_eq!(escaped("a\u{80}b\u{9f}c\u{a0}d\u{85}"), "abc\u{a0}d");
        assert_eq!(escaped("é\u{c2}\u{a9}"), "é\u{c2}\u{a9}");
    }

    #[test]
    fn words_with_a_byte_to_escape_are_found() {
        for at in 0..8 {
            for special in [0u8, b'\t', b'\n', 0x1f, b',', b';', b'\\', 0x7f, 0xc2] {
                let mut word = *b"abcdefgh";
                word[at] = special;
                assert!(
                    may_need_escaping(u64::from_le_bytes(word)),
                    "{special} at {at}"
                );
            }
        }
        for word in [
            *b"abcdefgh",
            *b"        ",
            [0x20, 0x7e, 0x80, 0xc1, 0xc3, 0xff, b':', b'.'],
        ] {
            assert!(!may_need_escaping(u64::from_le_bytes(word)), "{word:?}");
        }
    }

    #[test]
    fn escaping_works_across_eight_byte_words() {
        for at in 0..20 {
            let text = format!("{}\r\n{}\u{85};é", "x".repeat(at), "y".repeat(at));
            let expected = format!("{}\\n{}\\;é", "x".repeat(at), "y".repeat(at));
            assert_eq!(escaped(&text), expected);
        }
    }

    #[test]
    fn short_and_empty_lines_are_not_folded() {
        assert_eq!(folded(""), "\r\n");
        assert_eq!(folded("SUMMARY:"), "SUMMARY:\r\n");
        let exact = "X".repeat(FOLD_OCTETS);
        assert_eq!(folded(&exact), format!("{exact}\r\n"));
    }

    #[test]
    fn one_octet_over_folds_once() {
        let line = "X".repeat(FOLD_OCTETS + 1);
        assert_eq!(folded(&line), format!("{}\r\n X\r\n", &line[..FOLD_OCTETS]));
        // Continuation lines hold 74 octets after their leading space.
        let line = "X".repeat(FOLD_OCTETS + 74);
        assert_eq!(
            folded(&line),
            format!("{}\r\n {}\r\n", &line[..75], &line[75..])
        );
        let line = "X".repeat(FOLD_OCTETS + 75);
        assert_eq!(folded(&line).matches("\r\n ").count(), 2);
    }

    #[test]
    fn a_fold_never_splits_a_character() {
        // 73 ASCII octets, then a 4-octet emoji across the 75-octet limit.
        let line = format!("{}🔥rest", "a".repeat(73));
        assert_eq!(folded(&line), format!("{}\r\n 🔥rest\r\n", "a".repeat(73)));
        // A 2-octet character ending exactly at octet 75 stays on the first line.
        let line = format!("{}éz", "a".repeat(73));
        assert_eq!(folded(&line), format!("{}é\r\n z\r\n", "a".repeat(73)));
    }

    #[test]
    fn a_fold_does_not_leave_a_trailing_blank() {
        // The space is octet 75: the cut moves before it, the space opens the next line.
        let line = format!("{} {}", "a".repeat(74), "b".repeat(10));
        assert_eq!(
            folded(&line),
            format!("{}\r\n  {}\r\n", "a".repeat(74), "b".repeat(10))
        );
        // Only blanks before the limit: cut at the limit anyway.
        let line = " ".repeat(80);
        assert_eq!(
            folded(&line),
            format!("{}\r\n {}\r\n", &line[..75], &line[75..])
        );
    }

    #[test]
    fn every_physical_line_is_within_75_octets() {
        for len in 60..240 {
            for filler in ["a", "é", "✨", "🔥 ", "a ", "\t"] {
                let line = format!("DESCRIPTION:{}", filler.repeat(len / filler.len()));
                let out = folded(&line);
                let body = out.strip_suffix("\r\n").expect("a CRLF");
                for physical in body.split("\r\n") {
                    assert!(physical.len() <= FOLD_OCTETS, "{physical:?}");
                }
                assert_eq!(body.replace("\r\n ", ""), line);
            }
        }
    }

    #[test]
    fn matches_the_icalendar_crate_on_tricky_text() {
        for value in [
            "",
            "a,b;c\\d\ne\r\nf\rg",
            "👍🏽 x \u{0}\u{85}\t;",
            &"é".repeat(100),
            &format!("{}\\{}", "a".repeat(69), "b".repeat(80)),
            &format!("{},{}", " ".repeat(71), "c".repeat(3)),
        ] {
            assert_eq!(
                new_property_line(value),
                old_property_line(value),
                "{value:?}"
            );
        }
    }

    proptest! {
        #[test]
        fn escaping_and_folding_match_the_old_output(value in "(.|[\\\\;,\r\n\t ]|\u{85}|é|🔥){0,300}") {
            prop_assert_eq!(new_property_line(&value), old_property_line(&value));
        }

        #[test]
        fn folding_in_two_steps_is_folding_once(
            head in "(.|[ \t]|é|🔥){0,200}",
            tail in "(.|[ \t]|é|🔥){0,120}",
        ) {
            let mut two = String::new();
            let (at, room) = fold_start(&mut two, &head, FOLD_OCTETS);
            fold_rest(&mut two, &format!("{}{tail}", &head[at..]), room);
            prop_assert_eq!(two, folded(&format!("{head}{tail}")));
        }

        #[test]
        fn escaping_and_folding_match_on_any_string(value in any::<String>()) {
            prop_assert_eq!(new_property_line(&value), old_property_line(&value));
        }
    }
}
