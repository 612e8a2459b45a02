//! Platform rules and text measuring.
//!
//! The X cases are ported from twitter-text's conformance suite, `conformance/validate.yml`
//! (github.com/twitter/twitter-text, Apache-2.0): the `WeightedTweetsCounterTest` section
//! (configuration v2, no emoji parsing) where its expectation holds unchanged under v3, and the
//! `WeightedTweetsWithDiscountedEmojiCounterTest` (v3) and `UnicodeDirectionalMarkerCounterTest`
//! sections. Each case keeps its description and expected `weightedLength`; the long texts
//! are rebuilt from their repeated parts and checked against their published UTF-16 length
//! (`displayRangeEnd + 1`).

use smm::platform::{
    hashtags, links, text_length, twitter_weighted_length, Counting, MediaKind, Platform,
};

fn utf16_len(text: &str) -> usize {
    text.encode_utf16().count()
}

/// One conformance case: description, text, expected weighted length, and the published UTF-16
/// length of the text (to show the rebuilt text is the published one).
struct Case {
    section: &'static str,
    description: &'static str,
    text: String,
    weighted_length: usize,
    utf16_length: usize,
}

const V2: &str = "WeightedTweetsCounterTest";
const V3: &str = "WeightedTweetsWithDiscountedEmojiCounterTest";
const DIRECTIONAL: &str = "UnicodeDirectionalMarkerCounterTest";

const POEM: &str = "故人西辞黄鹤楼，烟花三月下扬州。孤帆远影碧空尽，唯见长江天际流。朱雀桥边野草花，乌衣巷口夕阳斜。旧时王谢堂前燕，飞入寻常百姓家。朝辞白帝彩云间，千里江陵一日还。两岸猿声啼不住，轻舟已过万重山。泪湿罗巾梦不成，夜深前殿按歌声。红颜未老恩先断，斜倚薰笼坐到明。独在异乡为异客，每逢佳节倍思亲。遥知兄弟登高处，遍插茱萸少一人。";

/// 👨‍👩‍👧‍👦: man, ZWJ, woman, ZWJ, girl, ZWJ, boy.
const FAMILY: &str = "\u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467}\u{200D}\u{1F466}";

fn cases() -> Vec<Case> {
    let x11 = "xxxxxxxxxx-";
    let kana = "あいうえおかきくけこ";
    let long_label = "somesuperlongurl".repeat(249);
    let long_url = format!("https://{long_label}.com/foo");
    let case = |section, description, text: String, weighted_length, utf16_length| Case {
        section,
        description,
        text,
        weighted_length,
        utf16_length,
    };
    vec![
        case(V2, "Regular Tweet with url", "Hi http://test.co".into(), 26, 17),
        case(V2, "Just url", "http://test.co".into(), 23, 14),
        case(
            V2,
            "Long tweet, overflow at char index 280",
            format!("285 chars-{}", x11.repeat(25)),
            285,
            285,
        ),
        case(
            V2,
            "Long tweet with url in the middle, overflow at char index 284",
            format!("285 chars- http://www.twitter.com/jack {}", x11.repeat(24)),
            299,
            303,
        ),
        case(
            V2,
            "Long tweet with url at the end, overflow at char index 265",
            format!("{} http://www.twitter.com/jack ", x11.repeat(24)),
            289,
            293,
        ),
        case(
            V2,
            "10 url string, no overflow",
            "https://www.twitter.com/aloha ".repeat(10),
            240,
            300,
        ),
        case(V2, "160 CJK char, overflow at char index 140", POEM.into(), 320, 160),
        case(
            V2,
            "160 emoji char, overflow at char index 140",
            "\u{1F637}".repeat(160),
            320,
            320,
        ),
        case(
            V2,
            "3 latin char + 160 CJK char, overflow at char index 141",
            format!("the{POEM}"),
            323,
            163,
        ),
        case(V2, "'Á' is normalized into 1 char", "A\u{301}B".into(), 2, 3),
        case(V2, "שּׁ is normalized into 3 chars", "A\u{FB2C}".into(), 4, 2),
        case(
            V2,
            "282 chars with a normalized character within valid range but outside 280",
            format!("282 chars-{}xxxxxA\u{301}x", x11.repeat(24)),
            281,
            282,
        ),
        case(
            V2,
            "Handle General Punctuation Characters with visible spaces(u2000-200A)",
            "This is a tweet with general punctuation characters: \u{2000}\u{2001}\u{2002}\u{2003}\u{2004}\u{2005}\u{2006}\u{2007}\u{2008}\u{2009}\u{200A}\u{200B}\u{200C}\u{200D} \u{2010} \u{2011} \u{2012} \u{2013} \u{2014} \u{2015} \u{2016}  \u{2017} \u{2018} \u{2019} \u{201A} \u{201B} \u{201C} \u{201D} \u{201E} \u{201F} \u{2032} \u{2033} \u{2034} \u{2035} \u{2036} \u{2037}".into(),
            112,
            112,
        ),
        case(
            V2,
            "Handle long url with invalid domain labels and short url",
            format!(
                "Long url with invalid domain labels and a short url: {long_url} {long_url} {long_url} https://validurl.com"
            ),
            12079,
            12076,
        ),
        case(
            V2,
            "Handle a 64 character domain without protocol",
            format!("{}s.com", "randomurl".repeat(7)),
            68,
            68,
        ),
        case(
            V2,
            "Do not allow > 140 CJK characters by virtue of CJK chars greater than 63 punycode encoded chars in the host",
            format!("{} http://{}あいう.com", kana.repeat(12), kana.repeat(5)),
            358,
            185,
        ),
        case(
            V2,
            "Allow > 140 CJK characters by virtue of CJK chars less than 63 punycode encoded chars in the host",
            format!("{} http://{}あい.com", kana.repeat(12), kana.repeat(5)),
            264,
            184,
        ),
        case(
            V3,
            "Count a mix of single byte single word, and double word unicode characters",
            format!("H\u{1F431}\u{263A}{FAMILY}"),
            7,
            15,
        ),
        case(
            V3,
            "Count unicode emoji chars inside the basic multilingual plane",
            "\u{1F637}\u{1F47E}\u{1F621}\u{1F525}\u{1F4A9}".into(),
            10,
            10,
        ),
        case(
            V3,
            "Count unicode emoji chars outside the basic multilingual plane with skin tone modifiers",
            "\u{1F64B}\u{1F3FD}\u{1F468}\u{200D}\u{1F3A4}".into(),
            4,
            9,
        ),
        case(
            V3,
            "Handle General Punctuation Characters with visible spaces(u2000-200A), no ZWJ/ZWNJ",
            "This is a tweet with general punctuation characters: \u{2000}\u{2001}\u{2002}\u{2003}\u{2004}\u{2005}\u{2006}\u{2007}\u{2008}\u{2009}\u{200A}\u{200B} \u{2010} \u{2011} \u{2012} \u{2013} \u{2014} \u{2015} \u{2016}  \u{2017} \u{2018} \u{2019} \u{201A} \u{201B} \u{201C} \u{201D} \u{201E} \u{201F} \u{2032} \u{2033} \u{2034} \u{2035} \u{2036} \u{2037}".into(),
            110,
            110,
        ),
        case(V3, "140 family emoji", FAMILY.repeat(140), 280, 1540),
        case(
            V3,
            "Unicode 10.0 emoji",
            // 🤪; 🧕; 🧕🏾; 🏴󠁧󠁢󠁥󠁮󠁧󠁿 (the flag of England: black flag, tags "gbeng", cancel tag).
            "Unicode 10.0 emoji: \u{1F92A}; \u{1F9D5}; \u{1F9D5}\u{1F3FE}; \u{1F3F4}\u{E0067}\u{E0062}\u{E0065}\u{E006E}\u{E0067}\u{E007F}".into(),
            34,
            48,
        ),
        case(
            V3,
            "Unicode 9.0 emoji",
            "Unicode 9.0 emoji: \u{1F920}; \u{1F483}; \u{1F483}\u{1F3FE}".into(),
            29,
            31,
        ),
        case(
            DIRECTIONAL,
            "Handle invalid characters",
            "ABC\u{202A}\u{FFFF}ABC\u{FFFE}".into(),
            12,
            9,
        ),
        case(
            DIRECTIONAL,
            "Tweet text containing directional characters should be considered valid",
            "\u{2066}\u{202A}http://foobar.\u{67E}\u{627}\u{6A9}\u{633}\u{62A}\u{627}\u{646}/\u{202C}\u{2069}".into(),
            31,
            26,
        ),
    ]
}

#[test]
fn twitter_text_conformance_weighted_lengths() {
    let cases = cases();
    assert!(cases.len() >= 15);
    let mut failures = Vec::new();
    for case in &cases {
        assert_eq!(
            utf16_len(&case.text),
            case.utf16_length,
            "rebuilt text of {} / {:?} differs from the published one",
            case.section,
            case.description
        );
        let got = twitter_weighted_length(&case.text);
        if got != case.weighted_length {
            failures.push(format!(
                "{} / {:?}: expected {}, got {got}",
                case.section, case.description, case.weighted_length
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// validate.yml `lengths` cases whose expectation is the same under v3.
#[test]
fn twitter_text_conformance_lengths() {
    for (text, expected) in [
        ("This is a test.", 15),
        ("http://test.com", 23),
        ("https://test.com", 23),
        ("test.com", 23),
        (
            "Test https://test.com test https://test.com test.com test",
            86,
        ),
    ] {
        assert_eq!(twitter_weighted_length(text), expected, "{text:?}");
    }
}

#[test]
fn x_counts_emoji_sequences_as_two() {
    // Flag: two regional indicators.
    assert_eq!(twitter_weighted_length("\u{1F1EB}\u{1F1F7}"), 2);
    // Keycap, with and without the variation selector.
    assert_eq!(twitter_weighted_length("1\u{FE0F}\u{20E3}"), 2);
    assert_eq!(twitter_weighted_length("1\u{20E3}"), 2);
    // Heart with VS16 is one emoji; with VS15 (text presentation) it is two characters.
    assert_eq!(twitter_weighted_length("\u{2764}\u{FE0F}"), 2);
    assert_eq!(twitter_weighted_length("\u{2764}\u{FE0E}"), 4);
    // © is an emoji only with VS16 (twemoji).
    assert_eq!(twitter_weighted_length("\u{A9}"), 1);
    assert_eq!(twitter_weighted_length("\u{A9}\u{FE0F}"), 2);
    // Rainbow flag: white flag, VS16, ZWJ, rainbow.
    assert_eq!(
        twitter_weighted_length("\u{1F3F3}\u{FE0F}\u{200D}\u{1F308}"),
        2
    );
    // The language reference's example: 19 + ✨ 2 + 1 + 14.
    assert_eq!(
        twitter_weighted_length("Ça arrive le 15/03 \u{2728} #MaisonLumiere"),
        36
    );
}

#[test]
fn x_counts_every_url_as_23() {
    let url = "https://maison-lumiere.example/printemps/2027/collection-complete?utm_source=x";
    assert_eq!(twitter_weighted_length(url), 23);
    assert_eq!(twitter_weighted_length(&format!("Voir {url}.")), 5 + 23 + 1);
    // A bare domain with a path, and a bare .com domain.
    assert_eq!(twitter_weighted_length("maison-lumiere.fr/printemps"), 23);
    assert_eq!(twitter_weighted_length("lumiere.com"), 23);
    // A bare name.cc without a path is not a link (twitter-text); .co is.
    assert_eq!(twitter_weighted_length("lumiere.fr"), 10);
    assert_eq!(twitter_weighted_length("t.co"), 23);
}

#[test]
fn links_follow_twitter_text_extraction() {
    let spans = |text: &str| -> Vec<String> {
        links(text)
            .into_iter()
            .map(|r| text[r].to_string())
            .collect()
    };
    // validate.yml `urls_without_protocol`.
    for text in [
        "example.com",
        "www.example.com",
        "t.co",
        "foo.co.jp",
        "example.com/path/to/resource?search=foo&lang=en",
    ] {
        assert_eq!(spans(text), [text], "{text:?}");
    }
    // Trailing punctuation stays out; balanced parentheses stay in.
    assert_eq!(
        spans("See https://en.wikipedia.org/wiki/Primer_(film), now."),
        ["https://en.wikipedia.org/wiki/Primer_(film)"]
    );
    assert_eq!(spans("(https://example.com/a.)"), ["https://example.com/a"]);
    // Cyrillic path, port, query ending.
    assert_eq!(
        spans("http://example.com/Русские_слова"),
        ["http://example.com/Русские_слова"]
    );
    assert_eq!(
        spans("http://example.com:8080/x?a=1&b=2!"),
        ["http://example.com:8080/x?a=1&b=2"]
    );
    // A t.co link keeps its slug and query.
    assert_eq!(
        spans("https://t.co/abc123?x=1 ok"),
        ["https://t.co/abc123?x=1"]
    );
    // Not links: an ftp scheme, an e-mail address, a cashtag-like prefix, a dash-led domain.
    assert!(spans("ftp://www.example.com/").is_empty());
    assert!(spans("mail me at someone@example.com").is_empty());
    assert!(spans("http://www.-domain4352.com/").is_empty());
    assert!(spans("$example.com").is_empty());
    // Mastodon-style: only the scheme makes a link there, but X also reads bare domains.
    assert_eq!(
        spans("Go to example.com or https://example.org/x"),
        ["example.com", "https://example.org/x"]
    );
}

#[test]
fn bluesky_counts_graphemes() {
    let rules = Platform::Bluesky.rules();
    assert_eq!(rules.counting, Counting::Graphemes);
    assert_eq!(rules.text_limit, Some(300));
    // The family emoji is 7 code points, 11 UTF-16 units, 25 bytes, and 1 grapheme.
    assert_eq!(rules.text_length(FAMILY), 1);
    assert_eq!(text_length(Counting::Characters, FAMILY), 7);
    assert_eq!(text_length(Counting::Utf16, FAMILY), 11);
    assert_eq!(text_length(Counting::Utf8Bytes, FAMILY), 25);
    // A flag and a letter with a combining accent are one grapheme each.
    assert_eq!(rules.text_length("\u{1F1EB}\u{1F1F7}e\u{301}"), 2);
    // 300 family emoji fit; 301 do not.
    assert_eq!(rules.text_length(&FAMILY.repeat(300)), 300);
    assert!(rules.text_length(&FAMILY.repeat(301)) > 300);
    // URLs count in full on Bluesky.
    assert_eq!(rules.text_length("https://example.com/a"), 21);
}

#[test]
fn mastodon_counts_links_as_23_and_mentions_without_domain() {
    let rules = Platform::Mastodon.rules();
    assert_eq!(rules.text_limit, Some(500));
    let long = format!("https://example.com/{}", "a".repeat(200));
    assert_eq!(rules.text_length(&long), 23);
    assert_eq!(rules.text_length(&format!("Voir {long} !")), 5 + 23 + 2);
    // Only URLs with a scheme get the concession.
    assert_eq!(rules.text_length("example.com/abc"), 15);
    // A remote mention counts as its local part.
    assert_eq!(
        rules.text_length("hi @alice@example.social!"),
        "hi @alice!".len()
    );
    assert_eq!(rules.text_length("hi @alice"), 9);
    // Graphemes, like Bluesky.
    assert_eq!(rules.text_length(FAMILY), 1);
}

#[test]
fn threads_counts_emoji_as_utf8_bytes() {
    let rules = Platform::Threads.rules();
    assert_eq!(rules.text_limit, Some(500));
    assert_eq!(rules.text_length("abc"), 3);
    assert_eq!(rules.text_length("é"), 1);
    assert_eq!(rules.text_length("\u{1F600}"), 4);
    assert_eq!(rules.text_length(FAMILY), 25);
    assert_eq!(rules.text_length("\u{2728} ok"), 3 + 3);
}

#[test]
fn utf16_counts_astral_characters_twice() {
    for platform in [Platform::Instagram, Platform::Tiktok, Platform::Linkedin] {
        assert_eq!(
            platform.rules().text_length("a\u{1F600}"),
            3,
            "{platform:?}"
        );
    }
    // YouTube's description is measured in bytes.
    assert_eq!(Platform::Youtube.rules().text_length("é\u{1F600}"), 6);
}

#[test]
fn hashtags_are_found_as_instagram_reads_them() {
    let tags = |text: &str| -> Vec<String> {
        hashtags(text)
            .into_iter()
            .map(|r| text[r].to_string())
            .collect()
    };
    assert_eq!(
        tags("Quelque chose de lumineux arrive ✨ #MaisonLumiere #printemps2027"),
        ["#MaisonLumiere", "#printemps2027"]
    );
    // Any script, with combining marks; underscores; numbers.
    assert_eq!(
        tags("#décoration #ашок #트위터 #हिन्दी #sun_set #2027"),
        [
            "#décoration",
            "#ашок",
            "#트위터",
            "#हिन्दी",
            "#sun_set",
            "#2027"
        ]
    );
    // Tags end at punctuation and emoji; adjacent tags are separate.
    assert_eq!(tags("#love! #fun✨ #a#b"), ["#love", "#fun", "#a"]);
    // Not tags: inside a word, a lone #, an HTML entity, a URL fragment, a keycap emoji.
    assert!(tags(
        "C# and a#b and # and &#39; and https://example.com/#anchor and #\u{FE0F}\u{20E3}"
    )
    .is_empty());
    // Instagram's limit is checked against the number of tags.
    let rules = Platform::Instagram.rules();
    let six = "#a1 #b2 #c3 #d4 #e5 #f6";
    assert_eq!(hashtags(six).len(), 6);
    assert!(hashtags(six).len() > rules.max_hashtags.unwrap());
}

#[test]
fn every_platform_has_rules_and_sources() {
    assert_eq!(Platform::ALL.len(), 12);
    for (i, platform) in Platform::ALL.into_iter().enumerate() {
        assert_eq!(Platform::from_name(platform.name()), Some(platform));
        assert!(Platform::ALL[..i]
            .iter()
            .all(|p| p.name() != platform.name()));
        assert!(!platform.display().is_empty());
        let rules = platform.rules();
        assert!(
            !rules.sources.is_empty() && rules.sources.iter().all(|s| s.len() > 20),
            "{platform:?} has no source"
        );
        if let Some(kinds) = rules.media_required {
            assert!(!kinds.is_empty(), "{platform:?} requires media of no kind");
        }
        assert!(rules.min_age == 0 || (13..=18).contains(&rules.min_age));
    }
    assert_eq!(Platform::from_name("twitter"), None);
    assert_eq!(Platform::from_name("X"), None);
}

#[test]
fn table_holds_the_required_figures() {
    let rules = |p: Platform| p.rules();
    assert_eq!(rules(Platform::X).text_limit, Some(280));
    assert_eq!(rules(Platform::X).counting, Counting::TwitterWeighted);
    assert_eq!(rules(Platform::Instagram).text_limit, Some(2_200));
    assert!(rules(Platform::Instagram).media_required.is_some());
    assert_eq!(rules(Platform::Facebook).text_limit, Some(63_206));
    assert_eq!(rules(Platform::Linkedin).text_limit, Some(3_000));
    assert_eq!(rules(Platform::Tiktok).text_limit, Some(2_200));
    assert!(rules(Platform::Tiktok).accepts_media(MediaKind::Video));
    assert_eq!(rules(Platform::Threads).text_limit, Some(500));
    assert_eq!(rules(Platform::Bluesky).text_limit, Some(300));
    assert_eq!(rules(Platform::Mastodon).text_limit, Some(500));
    let pinterest = rules(Platform::Pinterest);
    assert_eq!(
        (pinterest.title_limit, pinterest.text_limit),
        (Some(100), Some(500))
    );
    assert!(pinterest.accepts_media(MediaKind::Image));
    let youtube = rules(Platform::Youtube);
    assert_eq!(
        (youtube.title_limit, youtube.text_limit),
        (Some(100), Some(5_000))
    );
    assert!(youtube.title_required);
    assert_eq!(youtube.media_required, Some(&[MediaKind::Video][..]));
    assert!(!youtube.accepts_media(MediaKind::Image));
    for p in [Platform::Blog, Platform::Newsletter] {
        assert_eq!(rules(p).text_limit, None);
        assert!(rules(p).title_required);
    }
    // Platforms without a media requirement accept anything.
    assert!(rules(Platform::X).accepts_media(MediaKind::Carousel));
}

#[test]
fn media_kinds_round_trip() {
    for kind in MediaKind::ALL {
        assert_eq!(MediaKind::from_name(kind.name()), Some(kind));
    }
    assert_eq!(MediaKind::from_name("gif"), None);
}

mod properties {
    use proptest::prelude::*;
    use smm::platform::{hashtags, links, text_length, twitter_weighted_length, Counting};

    /// Text made of pieces that exercise the scanners: URLs, domains, hashtags, emoji parts,
    /// combining marks, scripts and punctuation.
    fn text() -> impl Strategy<Value = String> {
        let piece = prop::sample::select(vec![
            "https://",
            "http://",
            "www.",
            "example",
            ".com",
            ".fr",
            ".co",
            "/",
            "?",
            "=",
            "&",
            "#",
            "tag",
            "_",
            "-",
            "@",
            ":",
            "8080",
            "(",
            ")",
            ".",
            ",",
            " ",
            "\n",
            "é",
            "e\u{301}",
            "日本",
            "ру",
            "\u{1F468}",
            "\u{200D}",
            "\u{1F469}",
            "\u{FE0F}",
            "\u{FE0E}",
            "\u{20E3}",
            "1",
            "\u{1F1EB}",
            "\u{1F3FD}",
            "\u{E0067}",
            "\u{E007F}",
            "\u{A9}",
            "\u{2764}",
            "\u{202A}",
            "\u{FFFF}",
            "xn--",
            "t.co/",
            "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
        ]);
        prop::collection::vec(piece, 0..40).prop_map(|pieces| pieces.concat())
    }

    proptest! {
        #[test]
        fn scanners_stay_on_char_boundaries(text in text()) {
            let urls = links(&text);
            for pair in urls.windows(2) {
                prop_assert!(pair[0].end <= pair[1].start);
            }
            for url in &urls {
                prop_assert!(url.start < url.end);
                prop_assert!(text.is_char_boundary(url.start) && text.is_char_boundary(url.end));
            }
            for tag in hashtags(&text) {
                prop_assert!(text[tag.clone()].starts_with('#') && tag.len() > 1);
                prop_assert!(text.is_char_boundary(tag.end));
            }
            let weighted = twitter_weighted_length(&text);
            let nfc_chars = text_length(Counting::Characters, &text) * 2;
            prop_assert!(weighted <= nfc_chars + 23 * urls.len());
            for counting in [Counting::Graphemes, Counting::Mastodon, Counting::Threads] {
                let _ = text_length(counting, &text);
            }
        }
    }
}
