//! Platform rules: one table row per platform, and the functions that measure text the way each
//! platform does.
//!
//! Every figure in [`Rules`] names where it comes from in [`Rules::sources`]; `docs/platforms.md`
//! is the same table for people. The measuring functions are pure and allocation-light:
//!
//! - [`twitter_weighted_length`]: X's count, twitter-text v3 (NFC, weights, URLs as 23, emoji
//!   sequences as 2);
//! - [`text_length`]: any [`Counting`];
//! - [`hashtags`]: the `#tag` spans of a text;
//! - [`links`]: the URL spans twitter-text would extract (a pragmatic subset, see its doc).

use std::ops::Range;

use serde::Serialize;
use unicode_normalization::UnicodeNormalization;
use unicode_segmentation::{GraphemeCursor, UnicodeSegmentation};

/// A platform a channel publishes on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Platform {
    /// X, formerly Twitter.
    X,
    /// Instagram (feed posts and reels).
    Instagram,
    /// Facebook (page and profile posts).
    Facebook,
    /// LinkedIn (profile and page posts).
    Linkedin,
    /// TikTok.
    Tiktok,
    /// YouTube (videos; the text is the description).
    Youtube,
    /// Pinterest (pins; the text is the description).
    Pinterest,
    /// Threads.
    Threads,
    /// Bluesky (AT Protocol).
    Bluesky,
    /// Mastodon (default server settings).
    Mastodon,
    /// A blog article.
    Blog,
    /// An e-mail newsletter.
    Newsletter,
}

impl Platform {
    /// Every platform, in the order of the language reference.
    pub const ALL: [Platform; 12] = [
        Platform::X,
        Platform::Instagram,
        Platform::Facebook,
        Platform::Linkedin,
        Platform::Tiktok,
        Platform::Youtube,
        Platform::Pinterest,
        Platform::Threads,
        Platform::Bluesky,
        Platform::Mastodon,
        Platform::Blog,
        Platform::Newsletter,
    ];

    /// The platform a name written in a `.smm` file stands for (`x`, `instagram`, …).
    /// Exact and lowercase, as the language writes them.
    pub fn from_name(name: &str) -> Option<Platform> {
        Platform::ALL.into_iter().find(|p| p.name() == name)
    }

    /// The name as written in a `.smm` file.
    pub fn name(self) -> &'static str {
        match self {
            Platform::X => "x",
            Platform::Instagram => "instagram",
            Platform::Facebook => "facebook",
            Platform::Linkedin => "linkedin",
            Platform::Tiktok => "tiktok",
            Platform::Youtube => "youtube",
            Platform::Pinterest => "pinterest",
            Platform::Threads => "threads",
            Platform::Bluesky => "bluesky",
            Platform::Mastodon => "mastodon",
            Platform::Blog => "blog",
            Platform::Newsletter => "newsletter",
        }
    }

    /// The name shown to people ("X (Twitter)", "LinkedIn", …).
    pub fn display(self) -> &'static str {
        match self {
            Platform::X => "X (Twitter)",
            Platform::Instagram => "Instagram",
            Platform::Facebook => "Facebook",
            Platform::Linkedin => "LinkedIn",
            Platform::Tiktok => "TikTok",
            Platform::Youtube => "YouTube",
            Platform::Pinterest => "Pinterest",
            Platform::Threads => "Threads",
            Platform::Bluesky => "Bluesky",
            Platform::Mastodon => "Mastodon",
            Platform::Blog => "Blog",
            Platform::Newsletter => "Newsletter",
        }
    }

    /// The rules the checker applies to this platform.
    pub fn rules(self) -> &'static Rules {
        match self {
            Platform::X => &X,
            Platform::Instagram => &INSTAGRAM,
            Platform::Facebook => &FACEBOOK,
            Platform::Linkedin => &LINKEDIN,
            Platform::Tiktok => &TIKTOK,
            Platform::Youtube => &YOUTUBE,
            Platform::Pinterest => &PINTEREST,
            Platform::Threads => &THREADS,
            Platform::Bluesky => &BLUESKY,
            Platform::Mastodon => &MASTODON,
            Platform::Blog => &BLOG,
            Platform::Newsletter => &NEWSLETTER,
        }
    }
}

impl std::fmt::Display for Platform {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.display())
    }
}

/// How a platform measures the length of a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Counting {
    /// X: twitter-text v3 weighted length ([`twitter_weighted_length`]).
    TwitterWeighted,
    /// Extended grapheme clusters (UAX #29): a family emoji or a flag is 1.
    Graphemes,
    /// Unicode scalar values (Rust `chars`).
    Characters,
    /// UTF-16 code units (JavaScript's `length`): a character outside the BMP, such as most
    /// emoji, is 2.
    Utf16,
    /// UTF-8 bytes.
    Utf8Bytes,
    /// Mastodon: graphemes, after replacing every `http(s)://` URL by 23 characters and every
    /// remote mention `@user@server` by `@user`.
    Mastodon,
    /// Threads: characters, except that an emoji counts its UTF-8 byte length.
    Threads,
}

impl Counting {
    /// The unit, in words, for messages ("weighted characters", "graphemes", …).
    pub fn unit(self) -> &'static str {
        match self {
            Counting::TwitterWeighted => "weighted characters",
            Counting::Graphemes => "graphemes",
            Counting::Characters => "characters",
            Counting::Utf16 => "UTF-16 code units",
            Counting::Utf8Bytes => "bytes",
            Counting::Mastodon => "characters (links count 23)",
            Counting::Threads => "characters (emoji count their UTF-8 bytes)",
        }
    }
}

/// A kind of media attached to a message (`media image|video|carousel …`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum MediaKind {
    /// A single picture.
    Image,
    /// A video.
    Video,
    /// Several pictures (or clips) swiped through.
    Carousel,
}

impl MediaKind {
    /// Every kind.
    pub const ALL: [MediaKind; 3] = [MediaKind::Image, MediaKind::Video, MediaKind::Carousel];

    /// The kind a word written in a `.smm` file stands for.
    pub fn from_name(name: &str) -> Option<MediaKind> {
        MediaKind::ALL.into_iter().find(|k| k.name() == name)
    }

    /// The word as written in a `.smm` file.
    pub fn name(self) -> &'static str {
        match self {
            MediaKind::Image => "image",
            MediaKind::Video => "video",
            MediaKind::Carousel => "carousel",
        }
    }
}

/// What a platform accepts. One constant per platform; see `docs/platforms.md`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Rules {
    /// Longest text (post, caption or description), in `counting` units; `None`: no limit.
    pub text_limit: Option<usize>,
    /// How the text is measured.
    pub counting: Counting,
    /// Longest title, in `title_counting` units; `None`: no limit (or no title).
    pub title_limit: Option<usize>,
    /// How the title is measured.
    pub title_counting: Counting,
    /// Whether a message for this platform needs a title.
    pub title_required: bool,
    /// Most hashtags a text may hold ([`hashtags`]); `None`: no limit.
    pub max_hashtags: Option<usize>,
    /// `Some(kinds)`: a message needs media, and any of `kinds` satisfies the requirement.
    pub media_required: Option<&'static [MediaKind]>,
    /// Youngest age the platform admits (its baseline; some countries set it higher).
    /// 0: no account is involved.
    pub min_age: u8,
    /// Where each figure comes from: a URL or a document name, with the date it was read.
    pub sources: &'static [&'static str],
}

impl Rules {
    /// The text's length as this platform counts it.
    pub fn text_length(&self, text: &str) -> usize {
        text_length(self.counting, text)
    }

    /// The title's length as this platform counts it.
    pub fn title_length(&self, title: &str) -> usize {
        text_length(self.title_counting, title)
    }

    /// Whether media of `kind` satisfies the media requirement (true when there is none).
    pub fn accepts_media(&self, kind: MediaKind) -> bool {
        self.media_required
            .is_none_or(|kinds| kinds.contains(&kind))
    }
}

// ---------------------------------------------------------------------------------------------
// The table. Figures read on 2026-11-26 unless the source says otherwise.
// Where a platform says "characters" without defining them, we count UTF-16 code units: that is
// what JavaScript composers count, and it is the strictest of the plausible readings (≥ scalar
// values ≥ graphemes), so a text that passes here passes there.
// ---------------------------------------------------------------------------------------------

const ANY_VISUAL: &[MediaKind] = &[MediaKind::Image, MediaKind::Video, MediaKind::Carousel];

static X: Rules = Rules {
    text_limit: Some(280),
    counting: Counting::TwitterWeighted,
    title_limit: None,
    title_counting: Counting::Characters,
    title_required: false,
    max_hashtags: None,
    media_required: None,
    min_age: 13,
    sources: &[
        "twitter-text config/v3.json (github.com/twitter/twitter-text, v3.1.0): \
         maxWeightedTweetLength 280, scale 100, defaultWeight 200, ranges 0-4351, 8192-8205, \
         8208-8223, 8242-8247 weigh 100, transformedURLLength 23, emojiParsingEnabled",
        "X Developer Platform, \"Counting characters\" (docs.x.com/fundamentals/counting-characters): \
         NFC normalisation, URLs count 23; read 2026-11-26",
        "X Terms of Service (x.com/tos): minimum age 13; read 2026-11-26",
    ],
};

static INSTAGRAM: Rules = Rules {
    text_limit: Some(2_200),
    counting: Counting::Utf16,
    title_limit: None,
    title_counting: Counting::Utf16,
    title_required: false,
    max_hashtags: Some(5),
    media_required: Some(ANY_VISUAL),
    min_age: 13,
    sources: &[
        "Instagram caption at most 2,200 characters; a post is an image, a video (reel) or a \
         carousel: Instagram Platform content publishing (developers.facebook.com/docs/\
         instagram-platform/content-publishing), as summarised by Ayrshare's Instagram API docs \
         (ayrshare.com/docs/apis/post/social-networks/instagram) and Buffer, \"Character \
         limits\" (developers.buffer.com/guides/character-limits); read 2026-11-26",
        "Instagram announcement, 2025-12-19 (Adam Mosseri; \"Instagram will gradually update the \
         number of hashtags that you can include in a caption for a reel or post to 5\"), \
         replacing the former limit of 30; read 2026-11-26",
        "Instagram Terms of Use (help.instagram.com/581066165581870): minimum age 13",
    ],
};

static FACEBOOK: Rules = Rules {
    text_limit: Some(63_206),
    counting: Counting::Utf16,
    title_limit: None,
    title_counting: Counting::Utf16,
    title_required: false,
    max_hashtags: None,
    media_required: None,
    min_age: 13,
    sources: &[
        "Facebook post limit 63,206 characters: enforced by the composer but not stated in \
         Meta's documentation; widely reported (e.g. ferryman.io/character-limits/facebook). \
         Buffer applies 5,000 to the page posts it publishes (developers.buffer.com/guides/\
         character-limits); read 2026-11-26",
        "Meta Terms of Service (facebook.com/terms): minimum age 13",
    ],
};

static LINKEDIN: Rules = Rules {
    text_limit: Some(3_000),
    counting: Counting::Utf16,
    title_limit: None,
    title_counting: Counting::Utf16,
    title_required: false,
    max_hashtags: None,
    media_required: None,
    min_age: 16,
    sources: &[
        "LinkedIn post (commentary) at most 3,000 characters: Ayrshare's LinkedIn API docs \
         (ayrshare.com/docs/apis/post/social-networks/linkedin); Buffer, \"Character limits\" \
         (developers.buffer.com/guides/character-limits); read 2026-11-26",
        "LinkedIn User Agreement §1.1 (linkedin.com/legal/user-agreement): \"Minimum Age\" means \
         16 years old; read 2026-11-26",
    ],
};

static TIKTOK: Rules = Rules {
    text_limit: Some(2_200),
    counting: Counting::Utf16,
    title_limit: None,
    title_counting: Counting::Utf16,
    title_required: false,
    max_hashtags: None,
    media_required: Some(&[MediaKind::Video, MediaKind::Carousel, MediaKind::Image]),
    min_age: 13,
    sources: &[
        "TikTok Content Posting API, Direct Post reference \
         (developers.tiktok.com/doc/content-posting-api-reference-direct-post): video caption \
         (post_info.title) at most 2,200 UTF-16 runes; photo posts (1-35 images) take a 4,000 \
         rune description; every post needs a video or photos; read 2026-11-26",
        "TikTok Terms of Service (tiktok.com/legal/terms-of-service): minimum age 13 (higher in \
         some countries)",
    ],
};

static YOUTUBE: Rules = Rules {
    text_limit: Some(5_000),
    counting: Counting::Utf8Bytes,
    title_limit: Some(100),
    title_counting: Counting::Utf16,
    title_required: true,
    max_hashtags: Some(60),
    media_required: Some(&[MediaKind::Video]),
    min_age: 13,
    sources: &[
        "YouTube Data API, videos resource (developers.google.com/youtube/v3/docs/videos): \
         snippet.title required, at most 100 characters; snippet.description at most 5000 bytes \
         of UTF-8; read 2026-11-26",
        "YouTube Help, \"Use hashtags for video search\" (support.google.com/youtube/answer/\
         6390658): with more than 60 hashtags, YouTube ignores all of the video's hashtags",
        "YouTube Terms of Service (youtube.com/t/terms): minimum age 13",
    ],
};

static PINTEREST: Rules = Rules {
    text_limit: Some(500),
    counting: Counting::Utf16,
    title_limit: Some(100),
    title_counting: Counting::Utf16,
    title_required: false,
    max_hashtags: None,
    media_required: Some(ANY_VISUAL),
    min_age: 13,
    sources: &[
        "Pinterest pin: title at most 100 characters, description at most 500, an image (or a \
         video or carousel pin) required: Ayrshare's Pinterest API docs \
         (ayrshare.com/docs/apis/post/social-networks/pinterest); Buffer, \"Character limits\" \
         (developers.buffer.com/guides/character-limits); read 2026-11-26",
        "Pinterest Terms of Service (policy.pinterest.com/terms-of-service): minimum age 13",
    ],
};

static THREADS: Rules = Rules {
    text_limit: Some(500),
    counting: Counting::Threads,
    title_limit: None,
    title_counting: Counting::Characters,
    title_required: false,
    max_hashtags: Some(1),
    media_required: None,
    min_age: 13,
    sources: &[
        "Threads API, Posts (developers.facebook.com/documentation/threads/posts): text posts \
         limited to 500 characters; emojis are counted as the number of UTF-8 bytes; read \
         2026-11-26",
        "Threads: one tag (topic) per post (Ayrshare's Threads API docs, ayrshare.com/apis/\
         post/social-networks/threads; Meta statements reported with Instagram's 2025-12-19 \
         hashtag change); read 2026-11-26",
        "Threads Supplemental Terms: an Instagram account is required, so Instagram's minimum \
         age 13",
    ],
};

static BLUESKY: Rules = Rules {
    text_limit: Some(300),
    counting: Counting::Graphemes,
    title_limit: None,
    title_counting: Counting::Graphemes,
    title_required: false,
    max_hashtags: None,
    media_required: None,
    min_age: 13,
    sources: &[
        "AT Protocol lexicon app.bsky.feed.post (github.com/bluesky-social/atproto, \
         lexicons/app/bsky/feed/post.json): text maxGraphemes 300, maxLength 3000 (as generated \
         into @atcute/bluesky 3.3.0 limits.js); read 2026-11-26",
        "Bluesky Terms of Service (bsky.social/about/support/tos): minimum age 13",
    ],
};

static MASTODON: Rules = Rules {
    text_limit: Some(500),
    counting: Counting::Mastodon,
    title_limit: None,
    title_counting: Counting::Graphemes,
    title_required: false,
    max_hashtags: None,
    media_required: None,
    min_age: 13,
    sources: &[
        "Mastodon documentation, \"Posting\" (docs.joinmastodon.org/user/posting): up to 500 \
         characters; links count as 23 characters whatever their length; the domain of a \
         mention is not counted; read 2026-11-26",
        "Mastodon source, app/validators/status_length_validator.rb (github.com/mastodon/\
         mastodon): MAX_CHARS 500 (a server setting), URL_PLACEHOLDER 'x' * 23 for URLs with a \
         scheme, each_grapheme_cluster.size",
        "Mastodon terms-of-service template (config/templates/terms-of-service.md): at least 13 \
         years old; each server may set more",
    ],
};

static BLOG: Rules = Rules {
    text_limit: None,
    counting: Counting::Characters,
    title_limit: None,
    title_counting: Counting::Characters,
    title_required: true,
    max_hashtags: None,
    media_required: None,
    min_age: 0,
    sources: &[
        "smm decision (docs/platforms.md): an article has no length limit and needs a title \
         (its headline); reading it needs no account, so no minimum age",
    ],
};

static NEWSLETTER: Rules = Rules {
    text_limit: None,
    counting: Counting::Characters,
    title_limit: None,
    title_counting: Counting::Characters,
    title_required: true,
    max_hashtags: None,
    media_required: None,
    min_age: 13,
    sources: &[
        "smm decision (docs/platforms.md): a newsletter has no length limit and needs a title \
         (its subject line)",
        "Minimum age 13: US COPPA (16 CFR 312) baseline for collecting a subscriber's e-mail; \
         GDPR art. 8 sets 13-16 by EU member state (16 by default) for consent-based sign-ups",
    ],
};

// ---------------------------------------------------------------------------------------------
// Measuring.
// ---------------------------------------------------------------------------------------------

/// The length of `text` in `counting` units.
pub fn text_length(counting: Counting, text: &str) -> usize {
    match counting {
        Counting::TwitterWeighted => twitter_weighted_length(text),
        Counting::Graphemes => text.graphemes(true).count(),
        Counting::Characters => text.chars().count(),
        Counting::Utf16 => text.encode_utf16().count(),
        Counting::Utf8Bytes => text.len(),
        Counting::Mastodon => mastodon_length(text),
        Counting::Threads => threads_length(text),
    }
}

/// twitter-text v3 configuration (config/v3.json).
const TWITTER_SCALE: usize = 100;
const TWITTER_DEFAULT_WEIGHT: usize = 200;
const TWITTER_URL_LENGTH: usize = 23;
const TWITTER_LIGHT_RANGES: [(u32, u32); 4] = [(0, 4351), (8192, 8205), (8208, 8223), (8242, 8247)];

/// X's weighted length of `text`, by the twitter-text v3 rules: the text is NFC-normalised;
/// every URL ([`links`]) counts 23; every emoji sequence (with its skin tone, variation
/// selector, ZWJ-joined parts or tags; a flag; a keycap) counts 2; every other code point counts
/// 1 in the ranges 0–4351, 8192–8205, 8208–8223 and 8242–8247 and 2 elsewhere.
pub fn twitter_weighted_length(text: &str) -> usize {
    let normalized: std::borrow::Cow<'_, str> =
        match unicode_normalization::is_nfc_quick(text.chars()) {
            unicode_normalization::IsNormalized::Yes => text.into(),
            _ => text.nfc().collect::<String>().into(),
        };
    let text = normalized.as_ref();
    let urls = links(text);
    let mut urls = urls.iter().peekable();
    let mut weight = 0;
    let mut i = 0;
    while i < text.len() {
        // An emoji sequence never holds a URL's first character; skip any it did anyway.
        while urls.next_if(|url| url.start < i).is_some() {}
        if let Some(url) = urls.next_if(|url| url.start == i) {
            weight += TWITTER_URL_LENGTH * TWITTER_SCALE;
            i = url.end;
            continue;
        }
        if let Some(len) = emoji_at(text, i) {
            weight += TWITTER_DEFAULT_WEIGHT;
            i += len;
            continue;
        }
        let c = char_at(text, i).expect("i is on a char boundary before the end");
        weight += twitter_char_weight(c);
        i += c.len_utf8();
    }
    weight / TWITTER_SCALE
}

fn twitter_char_weight(c: char) -> usize {
    let cp = c as u32;
    if TWITTER_LIGHT_RANGES
        .iter()
        .any(|&(start, end)| (start..=end).contains(&cp))
    {
        TWITTER_SCALE
    } else {
        TWITTER_DEFAULT_WEIGHT
    }
}

/// Mastodon's count: graphemes, with each URL that has a scheme counted as 23 and each remote
/// mention `@user@server` counted as `@user` (StatusLengthValidator).
fn mastodon_length(text: &str) -> usize {
    let urls = url_ranges(text, true);
    let mut countable = String::with_capacity(text.len());
    let mut last = 0;
    for url in &urls {
        strip_mention_domains(&text[last..url.start], &mut countable);
        countable.push_str(&"x".repeat(TWITTER_URL_LENGTH));
        last = url.end;
    }
    strip_mention_domains(&text[last..], &mut countable);
    countable.graphemes(true).count()
}

/// Copies `text` into `out`, writing `@user@server.tld` as `@user`.
fn strip_mention_domains(text: &str, out: &mut String) {
    let mut i = 0;
    while i < text.len() {
        let c = char_at(text, i).expect("char boundary");
        let prev = text[..i].chars().next_back();
        let starts_mention = c == '@'
            && !prev.is_some_and(|p| p.is_alphanumeric() || p == '_' || p == '@' || p == '/');
        if starts_mention {
            let user_len = text[i + 1..]
                .bytes()
                .take_while(|b| b.is_ascii_alphanumeric() || *b == b'_')
                .count();
            let after_user = i + 1 + user_len;
            if user_len > 0 && text[after_user..].starts_with('@') {
                let domain = &text[after_user + 1..];
                let mut domain_len = domain
                    .bytes()
                    .take_while(|b| b.is_ascii_alphanumeric() || *b == b'.' || *b == b'-')
                    .count();
                // The domain ends on a letter or digit.
                while domain_len > 0 && !domain.as_bytes()[domain_len - 1].is_ascii_alphanumeric() {
                    domain_len -= 1;
                }
                if domain[..domain_len].contains('.') {
                    out.push_str(&text[i..after_user]);
                    i = after_user + 1 + domain_len;
                    continue;
                }
            }
        }
        out.push(c);
        i += c.len_utf8();
    }
}

/// Threads' count: one per character, except that an emoji counts its UTF-8 bytes.
fn threads_length(text: &str) -> usize {
    let mut count = 0;
    let mut i = 0;
    while i < text.len() {
        if let Some(len) = emoji_at(text, i) {
            count += len;
            i += len;
        } else {
            count += 1;
            i += char_at(text, i).expect("char boundary").len_utf8();
        }
    }
    count
}

// ---------------------------------------------------------------------------------------------
// Hashtags.
// ---------------------------------------------------------------------------------------------

/// The byte spans of the hashtags of `text`, each from its `#` to the end of the tag, as
/// Instagram (and most platforms) read them: a `#` at the start or after a character that is not
/// a letter, digit, `_`, `&` or `#`, followed by letters and digits of any script (with their
/// combining marks) and underscores. A tag ends at anything else: space, punctuation, emoji.
/// A `#` inside a URL ([`links`]) or a keycap emoji (#️⃣) is not a hashtag.
pub fn hashtags(text: &str) -> Vec<Range<usize>> {
    if !text.contains('#') {
        return Vec::new();
    }
    // Links are found only when a `#` could be inside one: a link holds no space and cannot
    // start with `#`, so a `#` at the start or after white space is outside every link.
    let mut urls: Option<Vec<Range<usize>>> = None;
    let mut tags = Vec::new();
    // Only the graphemes around each `#` matter, so the text is not segmented as a whole: a `#`
    // starts a tag when it is a grapheme of its own (a boundary on both sides: not after a
    // prepended mark, not followed by a combining mark or a keycap), and the tag is the run of
    // graphemes after it that start with a letter, digit or `_`. Segmenting from just after the
    // `#` gives the same boundaries as segmenting the whole text, since no rule that looks back
    // (emoji joiners, flags, Indic conjuncts) can see past a `#`.
    let boundary = |i: usize| {
        GraphemeCursor::new(i, text.len(), true)
            .is_boundary(text, 0)
            .unwrap_or(true)
    };
    for i in memchr::memchr_iter(b'#', text.as_bytes()) {
        if tags.last().is_some_and(|t: &Range<usize>| i < t.end) {
            continue;
        }
        let prev = text[..i].chars().next_back();
        let starts_tag = !prev.is_some_and(|p| p.is_alphanumeric() || matches!(p, '_' | '&' | '#'))
            && boundary(i)
            && boundary(i + 1)
            && (prev.is_none_or(char::is_whitespace)
                || !urls
                    .get_or_insert_with(|| links(text))
                    .iter()
                    .any(|url| url.contains(&i)));
        if !starts_tag {
            continue;
        }
        let tag_len: usize = text[i + 1..]
            .graphemes(true)
            .take_while(|g| g.starts_with(|c: char| c.is_alphanumeric() || c == '_'))
            .map(str::len)
            .sum();
        if tag_len > 0 {
            tags.push(i..i + 1 + tag_len);
        }
    }
    tags
}

// ---------------------------------------------------------------------------------------------
// Emoji sequences (twemoji-parser, as used by twitter-text v3).
// ---------------------------------------------------------------------------------------------

const ZWJ: char = '\u{200D}';
const VS15: char = '\u{FE0E}';
const VS16: char = '\u{FE0F}';
const KEYCAP: char = '\u{20E3}';
const TAG_END: char = '\u{E007F}';

fn char_at(text: &str, i: usize) -> Option<char> {
    text.get(i..)?.chars().next()
}

fn is_regional_indicator(c: char) -> bool {
    ('\u{1F1E6}'..='\u{1F1FF}').contains(&c)
}

fn is_skin_tone(c: char) -> bool {
    ('\u{1F3FB}'..='\u{1F3FF}').contains(&c)
}

fn is_tag(c: char) -> bool {
    ('\u{E0020}'..='\u{E007E}').contains(&c)
}

/// The byte length of the emoji sequence starting at byte `i`, if one does: a flag (two regional
/// indicators), a keycap (`1️⃣`, also without the variation selector), or an
/// Extended_Pictographic character with its variation selector, skin tone or tag sequence and
/// the ZWJ-joined parts that follow. © and ® are emoji only with VS16 (as in twemoji); a
/// character followed by VS15 (text presentation) is not an emoji.
fn emoji_at(text: &str, i: usize) -> Option<usize> {
    let first = char_at(text, i)?;
    let mut end = i + first.len_utf8();
    if is_regional_indicator(first) {
        let second = char_at(text, end).filter(|&c| is_regional_indicator(c))?;
        return Some(end + second.len_utf8() - i);
    }
    if matches!(first, '0'..='9' | '#' | '*') {
        if char_at(text, end) == Some(VS16) {
            end += VS16.len_utf8();
        }
        return (char_at(text, end) == Some(KEYCAP)).then(|| end + KEYCAP.len_utf8() - i);
    }
    if !is_extended_pictographic(first) || char_at(text, end) == Some(VS15) {
        return None;
    }
    end = element_end(text, end);
    if matches!(first, '\u{A9}' | '\u{AE}') && end == i + first.len_utf8() {
        return None;
    }
    while char_at(text, end) == Some(ZWJ) {
        let Some(next) = char_at(text, end + ZWJ.len_utf8()) else {
            break;
        };
        let after = end + ZWJ.len_utf8() + next.len_utf8();
        if !is_extended_pictographic(next) || char_at(text, after) == Some(VS15) {
            break;
        }
        end = element_end(text, after);
    }
    Some(end - i)
}

/// After an emoji's base character (ending at `end`): its variation selector, skin tone and tag
/// sequence, if any.
fn element_end(text: &str, mut end: usize) -> usize {
    if char_at(text, end) == Some(VS16) {
        end += VS16.len_utf8();
    }
    if let Some(c) = char_at(text, end).filter(|&c| is_skin_tone(c)) {
        end += c.len_utf8();
    }
    let mut tags = end;
    while let Some(c) = char_at(text, tags).filter(|&c| is_tag(c)) {
        tags += c.len_utf8();
    }
    if tags > end && char_at(text, tags) == Some(TAG_END) {
        end = tags + TAG_END.len_utf8();
    }
    end
}

fn is_extended_pictographic(c: char) -> bool {
    let cp = c as u32;
    if cp < 0xA9 {
        return false;
    }
    EXTENDED_PICTOGRAPHIC
        .binary_search_by(|&(start, end)| {
            if end < cp {
                std::cmp::Ordering::Less
            } else if start > cp {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Equal
            }
        })
        .is_ok()
}

/// Extended_Pictographic (Unicode 17 emoji-data.txt, as shipped in unicode-segmentation 1.13).
#[rustfmt::skip]
const EXTENDED_PICTOGRAPHIC: &[(u32, u32)] = &[
    (0xA9, 0xA9), (0xAE, 0xAE), (0x203C, 0x203C), (0x2049, 0x2049), (0x2122, 0x2122),
    (0x2139, 0x2139), (0x2194, 0x2199), (0x21A9, 0x21AA), (0x231A, 0x231B), (0x2328, 0x2328),
    (0x23CF, 0x23CF), (0x23E9, 0x23F3), (0x23F8, 0x23FA), (0x24C2, 0x24C2), (0x25AA, 0x25AB),
    (0x25B6, 0x25B6), (0x25C0, 0x25C0), (0x25FB, 0x25FE), (0x2600, 0x2604), (0x260E, 0x260E),
    (0x2611, 0x2611), (0x2614, 0x2615), (0x2618, 0x2618), (0x261D, 0x261D), (0x2620, 0x2620),
    (0x2622, 0x2623), (0x2626, 0x2626), (0x262A, 0x262A), (0x262E, 0x262F), (0x2638, 0x263A),
    (0x2640, 0x2640), (0x2642, 0x2642), (0x2648, 0x2653), (0x265F, 0x2660), (0x2663, 0x2663),
    (0x2665, 0x2666), (0x2668, 0x2668), (0x267B, 0x267B), (0x267E, 0x267F), (0x2692, 0x2697),
    (0x2699, 0x2699), (0x269B, 0x269C), (0x26A0, 0x26A1), (0x26A7, 0x26A7), (0x26AA, 0x26AB),
    (0x26B0, 0x26B1), (0x26BD, 0x26BE), (0x26C4, 0x26C5), (0x26C8, 0x26C8), (0x26CE, 0x26CF),
    (0x26D1, 0x26D1), (0x26D3, 0x26D4), (0x26E9, 0x26EA), (0x26F0, 0x26F5), (0x26F7, 0x26FA),
    (0x26FD, 0x26FD), (0x2702, 0x2702), (0x2705, 0x2705), (0x2708, 0x270D), (0x270F, 0x270F),
    (0x2712, 0x2712), (0x2714, 0x2714), (0x2716, 0x2716), (0x271D, 0x271D), (0x2721, 0x2721),
    (0x2728, 0x2728), (0x2733, 0x2734), (0x2744, 0x2744), (0x2747, 0x2747), (0x274C, 0x274C),
    (0x274E, 0x274E), (0x2753, 0x2755), (0x2757, 0x2757), (0x2763, 0x2764), (0x2795, 0x2797),
    (0x27A1, 0x27A1), (0x27B0, 0x27B0), (0x27BF, 0x27BF), (0x2934, 0x2935), (0x2B05, 0x2B07),
    (0x2B1B, 0x2B1C), (0x2B50, 0x2B50), (0x2B55, 0x2B55), (0x3030, 0x3030), (0x303D, 0x303D),
    (0x3297, 0x3297), (0x3299, 0x3299), (0x1F004, 0x1F004), (0x1F02C, 0x1F02F),
    (0x1F094, 0x1F09F), (0x1F0AF, 0x1F0B0), (0x1F0C0, 0x1F0C0), (0x1F0CF, 0x1F0D0),
    (0x1F0F6, 0x1F0FF), (0x1F170, 0x1F171), (0x1F17E, 0x1F17F), (0x1F18E, 0x1F18E),
    (0x1F191, 0x1F19A), (0x1F1AE, 0x1F1E5), (0x1F201, 0x1F20F), (0x1F21A, 0x1F21A),
    (0x1F22F, 0x1F22F), (0x1F232, 0x1F23A), (0x1F23C, 0x1F23F), (0x1F249, 0x1F25F),
    (0x1F266, 0x1F321), (0x1F324, 0x1F393), (0x1F396, 0x1F397), (0x1F399, 0x1F39B),
    (0x1F39E, 0x1F3F0), (0x1F3F3, 0x1F3F5), (0x1F3F7, 0x1F3FA), (0x1F400, 0x1F4FD),
    (0x1F4FF, 0x1F53D), (0x1F549, 0x1F54E), (0x1F550, 0x1F567), (0x1F56F, 0x1F570),
    (0x1F573, 0x1F57A), (0x1F587, 0x1F587), (0x1F58A, 0x1F58D), (0x1F590, 0x1F590),
    (0x1F595, 0x1F596), (0x1F5A4, 0x1F5A5), (0x1F5A8, 0x1F5A8), (0x1F5B1, 0x1F5B2),
    (0x1F5BC, 0x1F5BC), (0x1F5C2, 0x1F5C4), (0x1F5D1, 0x1F5D3), (0x1F5DC, 0x1F5DE),
    (0x1F5E1, 0x1F5E1), (0x1F5E3, 0x1F5E3), (0x1F5E8, 0x1F5E8), (0x1F5EF, 0x1F5EF),
    (0x1F5F3, 0x1F5F3), (0x1F5FA, 0x1F64F), (0x1F680, 0x1F6C5), (0x1F6CB, 0x1F6D2),
    (0x1F6D5, 0x1F6E5), (0x1F6E9, 0x1F6E9), (0x1F6EB, 0x1F6F0), (0x1F6F3, 0x1F6FF),
    (0x1F7DA, 0x1F7FF), (0x1F80C, 0x1F80F), (0x1F848, 0x1F84F), (0x1F85A, 0x1F85F),
    (0x1F888, 0x1F88F), (0x1F8AE, 0x1F8AF), (0x1F8BC, 0x1F8BF), (0x1F8C2, 0x1F8CF),
    (0x1F8D9, 0x1F8FF), (0x1F90C, 0x1F93A), (0x1F93C, 0x1F945), (0x1F947, 0x1F9FF),
    (0x1FA58, 0x1FA5F), (0x1FA6E, 0x1FAFF), (0x1FC00, 0x1FFFD),
];

// ---------------------------------------------------------------------------------------------
// URLs (a pragmatic port of twitter-text's extractUrlsWithIndices).
// ---------------------------------------------------------------------------------------------

/// The byte spans of the URLs in `text`, as twitter-text extracts them for counting:
///
/// - `http://` and `https://` URLs (scheme in any case) whose host is two or more dot-separated
///   labels of letters and digits of any script (with `-`, and `_` outside the last two labels)
///   ending in an alphabetic top-level label (ASCII, internationalised, or `xn--` punycode);
///   then an optional `:port`, `/path` and `?query`;
/// - bare domains (`example.com/path`) made of ASCII labels and ending in a known top-level
///   domain, not preceded by `-`, `_`, `.` or `/`; a bare `name.cc` with a country-code TLD and
///   no path is not a URL (except `.co` and `.tv`), as in twitter-text.
///
/// A URL starts at the start of the text or after a character that is not an ASCII letter or
/// digit, `@`, `$` or `#`. A path may hold letters (ASCII, Latin with accents, Cyrillic), digits,
/// `!*';:=+,.$/%#[]-_~@|&–` and balanced parentheses, and ends on a letter, digit or one of
/// `+-=_#/` or `)` (so a trailing `.` or `,` is left out); a query ends on a letter, digit or one
/// of `-_&=#/`. A host label longer than 63 characters (after punycode encoding) or a URL longer
/// than 4,096 characters is not a URL. `t.co` links stop after their slug.
///
/// Approximations (see `docs/platforms.md`): bare domains know a subset of twitter-text's TLDs
/// (every ASCII country code, about 300 common generic ones); after a scheme any alphabetic TLD
/// is accepted, where twitter-text wants one from its list; `"` and `` ` `` end a host; the
/// 4,096 limit is counted in bytes rather than UTF-16 units.
pub fn links(text: &str) -> Vec<Range<usize>> {
    url_ranges(text, false)
}

fn url_ranges(text: &str, scheme_only: bool) -> Vec<Range<usize>> {
    let mut urls = Vec::new();
    if !text.contains('.') {
        return urls;
    }
    // Each match consumes its preceding character (twitter-text's regex does), so the next one
    // must be preceded by a character at or after the end of the last match.
    let mut last_end = 0;
    let mut pos = 0;
    while pos < text.len() {
        let preceded_ok = match text[..pos].chars().next_back() {
            None => true,
            Some(p) => pos - p.len_utf8() >= last_end && is_valid_url_preceding(p),
        };
        if preceded_ok {
            if let Some(candidate) = url_at(text, pos, scheme_only) {
                if candidate.valid {
                    urls.push(pos..candidate.end);
                }
                last_end = candidate.end;
                pos = candidate.end;
                continue;
            }
        }
        pos += char_at(text, pos).expect("char boundary").len_utf8();
    }
    urls
}

struct Candidate {
    end: usize,
    valid: bool,
}

/// Directional marks (LRM, RLM, embeddings, isolates, ALM) may precede a URL.
fn is_directional_mark(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{2066}'..='\u{2069}')
}

fn is_valid_url_preceding(c: char) -> bool {
    is_directional_mark(c)
        || !(c.is_ascii_alphanumeric()
            || matches!(
                c,
                '@' | '＠' | '$' | '#' | '＃' | '\u{FFFE}' | '\u{FEFF}' | '\u{FFFF}'
            ))
}

/// twitter-text's `punct` (which leaves out `"` and `` ` ``; we end hosts on them too).
fn is_ascii_punct(c: char) -> bool {
    c.is_ascii_punctuation()
}

fn is_space(c: char) -> bool {
    matches!(
        c,
        '\u{09}'..='\u{0D}'
            | ' '
            | '\u{85}'
            | '\u{A0}'
            | '\u{1680}'
            | '\u{180E}'
            | '\u{2000}'..='\u{200A}'
            | '\u{2028}'
            | '\u{2029}'
            | '\u{202F}'
            | '\u{205F}'
            | '\u{3000}'
    )
}

fn is_invalid_char(c: char) -> bool {
    matches!(c, '\u{FFFE}' | '\u{FEFF}' | '\u{FFFF}')
}

/// A character of a host label, other than `-` and `_`.
fn is_domain_char(c: char) -> bool {
    !(is_ascii_punct(c)
        || is_space(c)
        || is_invalid_char(c)
        || is_directional_mark(c)
        || c.is_control())
}

fn is_latin_accent(c: char) -> bool {
    matches!(c, '\u{C0}'..='\u{D6}' | '\u{D8}'..='\u{F6}' | '\u{F8}'..='\u{24F}' | '\u{300}'..='\u{36F}' | '\u{1E00}'..='\u{1EFF}')
}

fn is_cyrillic(c: char) -> bool {
    ('\u{400}'..='\u{4FF}').contains(&c)
}

fn is_path_char(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || "!*';:=+,.$/%#[]-_~@|&".contains(c)
        || c == '\u{2013}'
        || is_cyrillic(c)
        || is_latin_accent(c)
}

fn is_path_ending(c: char) -> bool {
    c.is_ascii_alphanumeric() || "+-=_#/".contains(c) || is_cyrillic(c) || is_latin_accent(c)
}

fn is_query_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || "!?*'@();:&=+$/%#[]-_.,~|".contains(c)
}

fn is_query_ending(c: char) -> bool {
    c.is_ascii_alphanumeric() || "-_&=#/".contains(c)
}

/// The URL (valid or not) that twitter-text's regex would match at `pos`, if any.
fn url_at(text: &str, pos: usize, scheme_only: bool) -> Option<Candidate> {
    let rest = &text[pos..];
    let scheme_len = ["https://", "http://"]
        .into_iter()
        .find(|scheme| {
            rest.get(..scheme.len())
                .is_some_and(|s| s.eq_ignore_ascii_case(scheme))
        })
        .map_or(0, str::len);
    if scheme_len == 0 && scheme_only {
        return None;
    }
    let has_scheme = scheme_len > 0;
    let host_start = pos + scheme_len;
    let host = host_at(text, host_start, has_scheme)?;
    let mut end = host.end;

    // Port.
    if text[end..].starts_with(':') {
        let digits = text[end + 1..]
            .bytes()
            .take_while(u8::is_ascii_digit)
            .count();
        if digits > 0 {
            end += 1 + digits;
        }
    }
    // Path.
    let mut has_path = false;
    if text[end..].starts_with('/') {
        end = path_end(text, end);
        has_path = true;
    }
    end = query_end(text, end);

    let host_text = &text[host_start..host.end];
    let mut valid = host_is_valid(host_text) && scheme_len.max(8) + (end - host_start) <= 4096;
    if has_scheme {
        // t.co links stop after the slug, which is at most 40 characters.
        if host_text.eq_ignore_ascii_case("t.co") && has_path {
            let slug = text[host.end + 1..]
                .bytes()
                .take_while(u8::is_ascii_alphanumeric)
                .count();
            if slug > 40 {
                valid = false;
            } else if slug > 0 {
                end = query_end(text, host.end + 1 + slug);
            }
        }
    } else {
        let preceding = text[..pos].chars().next_back();
        if preceding.is_some_and(|p| matches!(p, '-' | '_' | '.' | '/')) {
            valid = false;
        }
        // `name.cc` alone is not a URL, except .co and .tv.
        let is_short = host.labels == 2 && host.tld_is_cc && !matches!(host.tld, "co" | "tv");
        if is_short && !has_path {
            valid = false;
        }
    }
    Some(Candidate { end, valid })
}

struct Host<'a> {
    end: usize,
    labels: usize,
    tld: &'a str,
    tld_is_cc: bool,
}

/// The host starting at `start`: labels, then a top-level domain followed by none of
/// `[0-9A-Za-z@+-]`. The longest such host wins (twitter-text's regex is greedy).
fn host_at(text: &str, start: usize, has_scheme: bool) -> Option<Host<'static>> {
    let is_label_char = |c: char| {
        if has_scheme {
            is_domain_char(c) || c == '-' || c == '_'
        } else {
            c.is_ascii_alphanumeric() || c == '-' || is_latin_accent(c)
        }
    };
    // Dot-separated runs of label characters.
    let mut labels: Vec<Range<usize>> = Vec::new();
    let mut i = start;
    loop {
        let label_start = i;
        while let Some(c) = char_at(text, i).filter(|&c| is_label_char(c)) {
            i += c.len_utf8();
        }
        if i == label_start {
            break;
        }
        labels.push(label_start..i);
        if char_at(text, i) == Some('.') {
            i += 1;
        } else {
            break;
        }
    }
    let mut best = None;
    for k in 1..labels.len() {
        let previous = &text[labels[k - 1].clone()];
        if !(previous.starts_with(is_domain_char) && previous.ends_with(is_domain_char)) {
            break;
        }
        // The label before the TLD may not hold `_`.
        if previous.contains('_') {
            continue;
        }
        let label = &text[labels[k].clone()];
        let after = char_at(text, labels[k].end);
        if let Some((tld_len, tld, tld_is_cc)) = tld_prefix(label, after, has_scheme) {
            best = Some(Host {
                end: labels[k].start + tld_len,
                labels: k + 1,
                tld,
                tld_is_cc,
            });
        }
    }
    best
}

/// Whether a top-level domain may be followed by `next` (twitter-text's lookahead).
fn tld_may_end_before(next: Option<char>) -> bool {
    !next.is_some_and(|c| c.is_ascii_alphanumeric() || matches!(c, '@' | '+' | '-'))
}

/// The top-level domain at the start of `label` (which `after` follows in the text): its byte
/// length, its lowercase form when it is in our lists (empty otherwise) and whether it is a
/// country code. Listed TLDs first; with a scheme, then any alphabetic label of 2 or more
/// letters (or `xn--` punycode).
fn tld_prefix(
    label: &str,
    after: Option<char>,
    has_scheme: bool,
) -> Option<(usize, &'static str, bool)> {
    let next_after = |len: usize| label[len..].chars().next().or(after);
    let ascii_len = label.bytes().take_while(u8::is_ascii_alphabetic).count();
    if ascii_len > 0 && tld_may_end_before(next_after(ascii_len)) {
        let lower = label[..ascii_len].to_ascii_lowercase();
        if let Ok(i) = CC_TLDS.binary_search(&lower.as_str()) {
            return Some((ascii_len, CC_TLDS[i], true));
        }
        if let Ok(i) = G_TLDS.binary_search(&lower.as_str()) {
            return Some((ascii_len, G_TLDS[i], false));
        }
    }
    if !has_scheme {
        return None;
    }
    if label
        .get(..4)
        .is_some_and(|p| p.eq_ignore_ascii_case("xn--"))
    {
        let len = 4 + label[4..]
            .bytes()
            .take_while(|b| b.is_ascii_alphanumeric() || *b == b'-')
            .count();
        return (len > 4 && tld_may_end_before(next_after(len))).then_some((len, "", false));
    }
    let letters: usize = label
        .chars()
        .take_while(|c| c.is_alphabetic())
        .map(char::len_utf8)
        .sum();
    let long_enough = label[..letters].chars().count() >= 2;
    (long_enough && tld_may_end_before(next_after(letters))).then_some((letters, "", false))
}

/// Every label is 1 to 63 characters once punycode-encoded (twitter-text's idna.toAscii).
fn host_is_valid(host: &str) -> bool {
    host.split('.')
        .all(|label| punycode_length(label).is_some_and(|len| (1..=63).contains(&len)))
}

/// The length of `label` as an ASCII DNS label: itself when ASCII, else `xn--` and its punycode
/// (RFC 3492) encoding. `None` on overflow.
fn punycode_length(label: &str) -> Option<usize> {
    const BASE: u32 = 36;
    const T_MIN: u32 = 1;
    const T_MAX: u32 = 26;
    let input: Vec<u32> = label.chars().map(u32::from).collect();
    if input.iter().all(|&c| c < 0x80) {
        return Some(input.len());
    }
    let basic = input.iter().filter(|&&c| c < 0x80).count();
    let mut output = basic + usize::from(basic > 0);
    let mut n: u32 = 0x80;
    let mut delta: u32 = 0;
    let mut bias: u32 = 72;
    let mut handled = basic;
    while handled < input.len() {
        let m = input.iter().copied().filter(|&c| c >= n).min()?;
        delta = delta.checked_add((m - n).checked_mul(u32::try_from(handled + 1).ok()?)?)?;
        n = m;
        for &c in &input {
            if c < n {
                delta = delta.checked_add(1)?;
            }
            if c == n {
                let mut q = delta;
                let mut k = BASE;
                loop {
                    let t = if k <= bias {
                        T_MIN
                    } else if k >= bias + T_MAX {
                        T_MAX
                    } else {
                        k - bias
                    };
                    if q < t {
                        break;
                    }
                    output += 1;
                    q = (q - t) / (BASE - t);
                    k += BASE;
                }
                output += 1;
                bias = punycode_adapt(delta, handled + 1, handled == basic);
                delta = 0;
                handled += 1;
            }
        }
        delta = delta.checked_add(1)?;
        n = n.checked_add(1)?;
    }
    Some(4 + output)
}

fn punycode_adapt(delta: u32, points: usize, first: bool) -> u32 {
    const BASE: u32 = 36;
    const T_MIN: u32 = 1;
    const T_MAX: u32 = 26;
    let mut delta = if first { delta / 700 } else { delta / 2 };
    delta += delta / points as u32;
    let mut k = 0;
    while delta > ((BASE - T_MIN) * T_MAX) / 2 {
        delta /= BASE - T_MIN;
        k += BASE;
    }
    k + (BASE - T_MIN + 1) * delta / (delta + 38)
}

/// The end of the `?query` starting at `start`, if one does (else `start`).
fn query_end(text: &str, start: usize) -> usize {
    let mut end = start;
    if text[start..].starts_with('?') {
        let mut j = start + 1;
        while let Some(c) = char_at(text, j).filter(|&c| is_query_char(c)) {
            j += c.len_utf8();
            if is_query_ending(c) {
                end = j;
            }
        }
    }
    end
}

/// The end of a URL path starting with the `/` at `start`.
fn path_end(text: &str, start: usize) -> usize {
    let mut j = start + 1;
    let mut good_end = j;
    loop {
        match char_at(text, j) {
            Some('(') => match balanced_parens_end(text, j, 1) {
                Some(after) => {
                    j = after;
                    good_end = j;
                }
                None => break,
            },
            Some(c) if is_path_char(c) => {
                j += c.len_utf8();
                if is_path_ending(c) {
                    good_end = j;
                }
            }
            _ => break,
        }
    }
    good_end
}

/// The end of the parenthesised group opening at `open` (`(` … `)`, with path characters inside
/// and up to `depth` nested groups), if it is balanced and not empty.
fn balanced_parens_end(text: &str, open: usize, depth: u32) -> Option<usize> {
    let mut j = open + 1;
    let mut content = false;
    loop {
        match char_at(text, j)? {
            ')' => return content.then_some(j + 1),
            '(' if depth > 0 => {
                j = balanced_parens_end(text, j, depth - 1)?;
                content = true;
            }
            c if is_path_char(c) => {
                j += c.len_utf8();
                content = true;
            }
            _ => return None,
        }
    }
}

/// Country-code TLDs (ASCII), sorted.
#[rustfmt::skip]
const CC_TLDS: &[&str] = &[
    "ac", "ad", "ae", "af", "ag", "ai", "al", "am", "an", "ao", "aq", "ar", "as", "at", "au",
    "aw", "ax", "az", "ba", "bb", "bd", "be", "bf", "bg", "bh", "bi", "bj", "bl", "bm", "bn",
    "bo", "bq", "br", "bs", "bt", "bv", "bw", "by", "bz", "ca", "cc", "cd", "cf", "cg", "ch",
    "ci", "ck", "cl", "cm", "cn", "co", "cr", "cu", "cv", "cw", "cx", "cy", "cz", "de", "dj",
    "dk", "dm", "do", "dz", "ec", "ee", "eg", "eh", "er", "es", "et", "eu", "fi", "fj", "fk",
    "fm", "fo", "fr", "ga", "gb", "gd", "ge", "gf", "gg", "gh", "gi", "gl", "gm", "gn", "gp",
    "gq", "gr", "gs", "gt", "gu", "gw", "gy", "hk", "hm", "hn", "hr", "ht", "hu", "id", "ie",
    "il", "im", "in", "io", "iq", "ir", "is", "it", "je", "jm", "jo", "jp", "ke", "kg", "kh",
    "ki", "km", "kn", "kp", "kr", "kw", "ky", "kz", "la", "lb", "lc", "li", "lk", "lr", "ls",
    "lt", "lu", "lv", "ly", "ma", "mc", "md", "me", "mf", "mg", "mh", "mk", "ml", "mm", "mn",
    "mo", "mp", "mq", "mr", "ms", "mt", "mu", "mv", "mw", "mx", "my", "mz", "na", "nc", "ne",
    "nf", "ng", "ni", "nl", "no", "np", "nr", "nu", "nz", "om", "pa", "pe", "pf", "pg", "ph",
    "pk", "pl", "pm", "pn", "pr", "ps", "pt", "pw", "py", "qa", "re", "ro", "rs", "ru", "rw",
    "sa", "sb", "sc", "sd", "se", "sg", "sh", "si", "sj", "sk", "sl", "sm", "sn", "so", "sr",
    "ss", "st", "su", "sv", "sx", "sy", "sz", "tc", "td", "tf", "tg", "th", "tj", "tk", "tl",
    "tm", "tn", "to", "tp", "tr", "tt", "tv", "tw", "tz", "ua", "ug", "uk", "um", "us", "uy",
    "uz", "va", "vc", "ve", "vg", "vi", "vn", "vu", "wf", "ws", "ye", "yt", "za", "zm", "zw",
];

/// Generic TLDs recognised on bare domains: the original ones and common new ones. Sorted.
#[rustfmt::skip]
const G_TLDS: &[&str] = &[
    "academy", "aero", "africa", "agency", "alsace", "amsterdam", "app", "arpa", "art", "asia",
    "audio", "auto", "band", "bar", "barcelona", "bayern", "beauty", "berlin", "best", "bike",
    "bio", "biz", "blog", "boston", "boutique", "brussels", "budapest", "build", "business",
    "buzz", "bzh", "cafe", "camera", "camp", "capetown", "capital", "care", "cash", "cat",
    "center", "chat", "cheap", "city", "click", "clinic", "cloud", "club", "coach", "codes",
    "coffee", "college", "cologne", "com", "community", "company", "computer", "consulting",
    "cool", "coop", "corsica", "credit", "cricket", "cymru", "dance", "date", "day", "deals",
    "delivery", "design", "dev", "diet", "digital", "direct", "directory", "domains", "dubai",
    "durban", "earth", "eco", "edu", "education", "email", "energy", "engineering",
    "enterprises", "equipment", "estate", "eus", "events", "exchange", "expert", "express",
    "fan", "farm", "fashion", "film", "finance", "fit", "fitness", "flowers", "food",
    "football", "foundation", "free", "fun", "fund", "furniture", "gal", "gallery", "game",
    "games", "garden", "gift", "gifts", "global", "gold", "golf", "gov", "graphics", "green",
    "group", "guide", "guru", "hair", "hamburg", "health", "help", "helsinki", "holiday",
    "host", "hosting", "house", "how", "immo", "inc", "info", "ink", "institute", "insure",
    "int", "international", "investments", "ist", "istanbul", "jewelry", "jobs", "joburg",
    "kitchen", "koeln", "kyoto", "land", "law", "lawyer", "legal", "life", "lighting",
    "limited", "link", "live", "loan", "lol", "london", "love", "ltd", "luxe", "luxury",
    "madrid", "maison", "makeup", "management", "market", "marketing", "media", "melbourne",
    "menu", "miami", "mil", "mobi", "mobile", "moda", "money", "moscow", "movie", "museum",
    "music", "nagoya", "name", "net", "network", "new", "news", "ninja", "now", "nrw", "nyc",
    "okinawa", "one", "online", "org", "organic", "osaka", "page", "paris", "partners",
    "party", "photo", "photography", "photos", "pics", "pizza", "place", "plus", "post",
    "press", "pro", "productions", "properties", "property", "pub", "quebec", "radio",
    "realestate", "recipes", "red", "rent", "repair", "report", "rest", "restaurant",
    "review", "reviews", "rio", "rocks", "ruhr", "run", "saarland", "sale", "salon", "school",
    "science", "scot", "services", "shoes", "shop", "shopping", "show", "site", "ski", "skin",
    "social", "software", "solar", "solutions", "space", "sport", "stockholm", "store",
    "stream", "studio", "style", "supply", "support", "surf", "swiss", "sydney", "systems",
    "taipei", "taxi", "team", "tech", "technology", "tel", "tickets", "tips", "tirol", "today",
    "tokyo", "tools", "top", "tours", "town", "toys", "trade", "training", "travel", "tube",
    "university", "vacations", "vegas", "video", "vip", "vision", "vlaanderen", "vote",
    "voyage", "wales", "watch", "website", "wedding", "wien", "wiki", "wine", "work", "works",
    "world", "wtf", "xxx", "xyz", "yoga", "yokohama", "zone", "zuerich",
];

#[cfg(test)]
mod tests {
    /// The first implementation of [`hashtags`](super::hashtags), which segments the whole
    /// text: the reference the faster one is tested against.
    fn hashtags_by_graphemes(text: &str) -> Vec<std::ops::Range<usize>> {
        use unicode_segmentation::UnicodeSegmentation;
        let urls = super::links(text);
        let mut tags = Vec::new();
        let mut graphemes = text.grapheme_indices(true).peekable();
        let mut prev: Option<char> = None;
        while let Some((i, g)) = graphemes.next() {
            let starts_tag = g == "#"
                && !prev.is_some_and(|p| p.is_alphanumeric() || matches!(p, '_' | '&' | '#'))
                && !urls.iter().any(|url| url.contains(&i));
            prev = g.chars().next_back();
            if !starts_tag {
                continue;
            }
            let mut end = i + 1;
            while let Some((j, part)) =
                graphemes.next_if(|(_, g)| g.starts_with(|c: char| c.is_alphanumeric() || c == '_'))
            {
                end = j + part.len();
                prev = part.chars().next_back();
            }
            if end > i + 1 {
                tags.push(i..end);
            }
        }
        tags
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(3000))]
        /// Texts made of the pieces that matter to tags: `#`, letters and digits of several
        /// scripts, combining marks, keycaps, joiners, prepended marks, emoji, flags, links.
        #[test]
        fn hashtags_agree_with_whole_text_segmentation(
            pieces in proptest::collection::vec(proptest::sample::select(vec![
                "#", "#", "#", "a", "Z", "9", "_", "&", " ", ".", "é", "e\u{301}", "\u{301}",
                "\u{FE0F}", "\u{20E3}", "\u{200D}", "\u{0600}", "\u{0915}\u{094D}",
                "日本", "\u{1F600}", "\u{1F1EB}\u{1F1F7}", "\u{1F3FD}", "\n", "\r\n",
                "https://x.com/#a", "ex.com", "한", "\u{1100}\u{1161}", "\u{093E}",
            ]), 0..24)
        ) {
            let text: String = pieces.concat();
            proptest::prop_assert_eq!(super::hashtags(&text), hashtags_by_graphemes(&text));
        }
    }

    use super::*;

    #[test]
    fn tld_lists_are_sorted_and_lowercase() {
        for list in [CC_TLDS, G_TLDS] {
            assert!(
                list.windows(2).all(|w| w[0] < w[1]),
                "unsorted near {list:?}"
            );
            assert!(list
                .iter()
                .all(|t| t.bytes().all(|b| b.is_ascii_lowercase())));
        }
    }

    #[test]
    fn extended_pictographic_table_is_sorted() {
        assert!(EXTENDED_PICTOGRAPHIC
            .windows(2)
            .all(|w| w[0].1 < w[1].0 && w[0].0 <= w[0].1));
        assert!(is_extended_pictographic('😷'));
        assert!(is_extended_pictographic('©'));
        assert!(!is_extended_pictographic('a'));
        assert!(!is_extended_pictographic('\u{1F3FB}'));
    }

    #[test]
    fn punycode_lengths_match_rfc_3492_examples() {
        // "bücher" → "xn--bcher-kva"; "münchen" → "xn--mnchen-3ya"; "☃" → "xn--n3h".
        assert_eq!(punycode_length("bücher"), Some("xn--bcher-kva".len()));
        assert_eq!(punycode_length("münchen"), Some("xn--mnchen-3ya".len()));
        assert_eq!(punycode_length("☃"), Some("xn--n3h".len()));
        // RFC 3492 §7.1 (A) Arabic (Egyptian): egbpdaj6bu4bxfgehfvwxn.
        assert_eq!(
            punycode_length("\u{644}\u{64A}\u{647}\u{645}\u{627}\u{628}\u{62A}\u{643}\u{644}\u{645}\u{648}\u{634}\u{639}\u{631}\u{628}\u{64A}\u{61F}"),
            Some(4 + "egbpdaj6bu4bxfgehfvwxn".len())
        );
        assert_eq!(punycode_length("example"), Some(7));
    }
}
