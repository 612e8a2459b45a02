//! The schema: every declaration, its keys, their types, defaults and documentation, in one table.
//!
//! The checker reads it to validate blocks (unknown, missing, repeated keys, wrong types, "did
//! you mean" suggestions); the language server reads it for completion and hover; the reference
//! tables of `docs/language.md` are generated from it (a test fails when they are out of date).
//! Domain tables that keys refer to (metrics, platforms) live beside it.

pub mod docs;
pub mod metrics;

/// What kind of declaration a name refers to; names live in one namespace per kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RefKind {
    /// `role`
    Role,
    /// `phase`
    Phase,
    /// `objective`
    Objective,
    /// `audience`
    Audience,
    /// `channel`
    Channel,
    /// `message`
    Message,
    /// `line` inside `budget`
    Line,
    /// `kpi`
    Kpi,
    /// `task`
    Task,
    /// `schedule`
    Schedule,
}

impl RefKind {
    /// The keyword that declares this kind.
    pub fn keyword(self) -> &'static str {
        match self {
            RefKind::Role => "role",
            RefKind::Phase => "phase",
            RefKind::Objective => "objective",
            RefKind::Audience => "audience",
            RefKind::Channel => "channel",
            RefKind::Message => "message",
            RefKind::Line => "line",
            RefKind::Kpi => "kpi",
            RefKind::Task => "task",
            RefKind::Schedule => "schedule",
        }
    }
}

/// The type of a key's value, as the checker enforces it and the docs describe it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Type {
    /// `"text"`
    Str,
    /// `"text"` or a `"""` text block
    Text,
    /// A whole number.
    Int,
    /// `2027-03-01`
    Date,
    /// `30min`, `2h`
    Duration,
    /// `18..34`
    Range,
    /// `12000 EUR`
    Money,
    /// `12000 EUR` or `10%`
    MoneyOrPercent,
    /// One of a fixed set of words.
    Enum(&'static [&'static str]),
    /// The name of a declaration of this kind.
    Ref(RefKind),
    /// One name or a list of names of this kind.
    Refs(RefKind),
    /// A list of ISO 3166-1 alpha-2 country codes.
    Countries,
    /// A list of ISO 639-1 language codes.
    Languages,
    /// One ISO 639-1 language code.
    Language,
    /// A list of strings.
    Strings,
    /// An IANA time zone name in a string.
    TimeZone,
    /// `image "path"`, `video "url"`, `carousel "…"`.
    Media,
    /// `>= 150000`, `<= 12 EUR`, `= 100%`.
    Target,
    /// A number, percentage, amount, ratio or duration (a KPI baseline).
    Measure,
    /// A metric of the metric table, or `custom "Name"`.
    Metric,
    /// A schedule's `post MESSAGES to CHANNELS at|every …`.
    Post,
    /// A task's `every … at …` recurrence.
    Recurrence,
    /// A list of lint names.
    Lints,
    /// Two times of day, `[23:00, 06:00]`: a daily window from the first (inclusive) to the
    /// second (exclusive), crossing midnight when the second is earlier.
    TimeWindow,
    /// A nested named block (`line`, `variant`).
    Block(&'static DeclSpec),
}

impl Type {
    /// How the type is written in docs and error messages.
    pub fn describe(self) -> String {
        match self {
            Type::Str => "a string".into(),
            Type::Text => "a string or a text block".into(),
            Type::Int => "a whole number".into(),
            Type::Date => "a date (2027-03-01)".into(),
            Type::Duration => "a duration (30min, 2h, 3d, 2w)".into(),
            Type::Range => "a range (18..34)".into(),
            Type::Money => "an amount (12000 EUR)".into(),
            Type::MoneyOrPercent => "an amount (9000 EUR) or a percentage (10%)".into(),
            Type::Enum(values) => format!("one of {}", values.join(", ")),
            Type::Ref(k) => format!("the name of a {}", k.keyword()),
            Type::Refs(k) => format!("a {} name or a list of them", k.keyword()),
            Type::Countries => "a list of country codes ([FR, BE])".into(),
            Type::Languages => "a list of language codes ([fr, en])".into(),
            Type::Language => "a language code (fr)".into(),
            Type::Strings => "a list of strings".into(),
            Type::TimeZone => "an IANA time zone (\"Europe/Paris\")".into(),
            Type::Media => "a media kind and a path (image \"assets/a.jpg\")".into(),
            Type::Target => "a comparison (>= 150000, <= 12 EUR, = 100%)".into(),
            Type::Measure => "a number, percentage, amount or duration".into(),
            Type::Metric => "a metric name, or custom \"Name\"".into(),
            Type::Post => "MESSAGE(S) to CHANNEL(S) at DATE-TIME, or every … at TIME".into(),
            Type::Recurrence => "a recurrence (every weekday at [09:00, 14:00])".into(),
            Type::Lints => "a list of lint names".into(),
            Type::TimeWindow => "two times of day ([23:00, 06:00])".into(),
            Type::Block(spec) => format!("a `{}` block", spec.keyword),
        }
    }
}

/// How a declaration is named.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Naming {
    /// No name (`budget`, `lints`).
    None,
    /// A title in a string (`campaign "Printemps 2027"`).
    Title,
    /// An identifier declaring a name of this kind.
    Ident(RefKind),
    /// An identifier referring to a declaration of this kind (`variant x`).
    Ref(RefKind),
}

/// One key of a block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KeySpec {
    /// The key as written.
    pub key: &'static str,
    /// Its value's type.
    pub ty: Type,
    /// Whether the block is incomplete without it.
    pub required: bool,
    /// Whether it may appear more than once (`post`, `line`, `variant`).
    pub repeatable: bool,
    /// What applies when it is absent, in words.
    pub default: Option<&'static str>,
    /// One line of documentation.
    pub doc: &'static str,
}

/// A declaration (or nested block) and the keys its block accepts.
#[derive(Debug, PartialEq, Eq)]
pub struct DeclSpec {
    /// The keyword.
    pub keyword: &'static str,
    /// How it is named.
    pub naming: Naming,
    /// Whether it needs a `{ … }` block.
    pub block: bool,
    /// One line of documentation.
    pub doc: &'static str,
    /// The keys of its block.
    pub keys: &'static [KeySpec],
}

impl DeclSpec {
    /// The spec of one key.
    pub fn key(&self, key: &str) -> Option<&'static KeySpec> {
        // `keys` is 'static, so the found entry is too.
        let keys: &'static [KeySpec] = self.keys;
        keys.iter().find(|k| k.key == key)
    }
}

const fn key(key: &'static str, ty: Type, doc: &'static str) -> KeySpec {
    KeySpec {
        key,
        ty,
        required: false,
        repeatable: false,
        default: None,
        doc,
    }
}

const fn required(key: &'static str, ty: Type, doc: &'static str) -> KeySpec {
    KeySpec {
        required: true,
        ..self::key(key, ty, doc)
    }
}

const fn defaulted(
    key: &'static str,
    ty: Type,
    default: &'static str,
    doc: &'static str,
) -> KeySpec {
    KeySpec {
        default: Some(default),
        ..self::key(key, ty, doc)
    }
}

const fn repeated(key: &'static str, ty: Type, doc: &'static str) -> KeySpec {
    KeySpec {
        repeatable: true,
        ..self::key(key, ty, doc)
    }
}

/// Objective kinds.
pub const OBJECTIVE_KINDS: &[&str] = &[
    "awareness",
    "engagement",
    "traffic",
    "leads",
    "conversion",
    "loyalty",
    "advocacy",
];
/// Audience segments.
pub const SEGMENTS: &[&str] = &["b2c", "b2b"];
/// Known platforms, as written after `platform`.
pub const PLATFORMS: &[&str] = &[
    "x",
    "instagram",
    "facebook",
    "linkedin",
    "tiktok",
    "youtube",
    "pinterest",
    "threads",
    "bluesky",
    "mastodon",
    "blog",
    "newsletter",
];
/// Budget line categories.
pub const CATEGORIES: &[&str] = &[
    "paid",
    "production",
    "influencer",
    "tools",
    "events",
    "fees",
    "other",
];
/// Budget pacings.
pub const PACINGS: &[&str] = &["even", "front", "back"];
/// KPI review cadences.
pub const CADENCES: &[&str] = &["daily", "weekly", "biweekly", "monthly", "quarterly"];
/// Media kinds.
pub const MEDIA_KINDS: &[&str] = &["image", "video", "carousel"];
/// Weekdays as written in recurrences.
pub const WEEKDAYS: &[&str] = &["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/// `campaign "Title" { … }`
pub static CAMPAIGN: DeclSpec = DeclSpec {
    keyword: "campaign",
    naming: Naming::Title,
    block: true,
    doc: "The campaign: its dates, time zone and total budget. Exactly one per project.",
    keys: &[
        key("brand", Type::Str, "The brand the campaign is for."),
        required("start", Type::Date, "First day of the campaign."),
        required(
            "end",
            Type::Date,
            "Last day of the campaign; not before `start`.",
        ),
        defaulted(
            "timezone",
            Type::TimeZone,
            "\"UTC\"",
            "IANA zone of every date-time in the plan, unless a schedule overrides it.",
        ),
        key(
            "budget",
            Type::Money,
            "The total budget; sets the plan's currency.",
        ),
        key(
            "owner",
            Type::Ref(RefKind::Role),
            "The role accountable for the campaign.",
        ),
        key("description", Type::Text, "What the campaign is about."),
        defaulted(
            "quiet_hours",
            Type::TimeWindow,
            "[23:00, 06:00]",
            "The night, in each audience's own time zone: a post in this window is a late-night post (start included, end excluded; crosses midnight when the end is earlier).",
        ),
    ],
};

/// `role NAME { … }`
pub static ROLE: DeclSpec = DeclSpec {
    keyword: "role",
    naming: Naming::Ident(RefKind::Role),
    block: true,
    doc: "A person or team who runs part of the plan (social media manager, community manager).",
    keys: &[
        required(
            "title",
            Type::Str,
            "The role's title, such as \"Community manager\".",
        ),
        key("name", Type::Str, "Who holds the role."),
        key("email", Type::Str, "How to reach them."),
    ],
};

/// `phase NAME { … }`
pub static PHASE: DeclSpec = DeclSpec {
    keyword: "phase",
    naming: Naming::Ident(RefKind::Phase),
    block: true,
    doc:
        "A named date range (teasing, launch, sustain) inside the campaign; phases do not overlap.",
    keys: &[
        required("start", Type::Date, "First day of the phase."),
        required("end", Type::Date, "Last day of the phase."),
        key("description", Type::Text, "What happens in this phase."),
    ],
};

/// `objective NAME { … }`
pub static OBJECTIVE: DeclSpec = DeclSpec {
    keyword: "objective",
    naming: Naming::Ident(RefKind::Objective),
    block: true,
    doc: "What the campaign wants to achieve; judged by the KPIs that name it.",
    keys: &[
        required(
            "kind",
            Type::Enum(OBJECTIVE_KINDS),
            "The kind of objective.",
        ),
        key("description", Type::Text, "The objective in words."),
        key(
            "owner",
            Type::Ref(RefKind::Role),
            "The role accountable for it.",
        ),
    ],
};

/// `audience NAME { … }`
pub static AUDIENCE: DeclSpec = DeclSpec {
    keyword: "audience",
    naming: Naming::Ident(RefKind::Audience),
    block: true,
    doc: "A persona the messages speak to.",
    keys: &[
        key("description", Type::Text, "Who they are."),
        key(
            "age",
            Type::Range,
            "Age range; platforms' minimum age (13) applies.",
        ),
        key(
            "locations",
            Type::Countries,
            "Where they live (ISO 3166-1 alpha-2 codes).",
        ),
        key(
            "languages",
            Type::Languages,
            "Languages they read (ISO 639-1 codes).",
        ),
        key("interests", Type::Strings, "What they care about."),
        key("segment", Type::Enum(SEGMENTS), "Consumers or businesses."),
        defaulted(
            "timezone",
            Type::TimeZone,
            "the campaign's",
            "Where they live, for the late-night check.",
        ),
        key("size", Type::Int, "Estimated addressable size."),
    ],
};

/// `channel NAME { … }`
pub static CHANNEL: DeclSpec = DeclSpec {
    keyword: "channel",
    naming: Naming::Ident(RefKind::Channel),
    block: true,
    doc: "An account on a platform that messages are posted to.",
    keys: &[
        defaulted(
            "platform",
            Type::Enum(PLATFORMS),
            "the channel's name, when it is a platform",
            "The platform whose rules apply.",
        ),
        key(
            "handle",
            Type::Str,
            "The account, such as \"@maisonlumiere\".",
        ),
        key("owner", Type::Ref(RefKind::Role), "Who publishes on it."),
        key("max_per_day", Type::Int, "At most this many posts a day."),
    ],
};

/// `variant CHANNEL { … }` inside a message.
pub static VARIANT: DeclSpec = DeclSpec {
    keyword: "variant",
    naming: Naming::Ref(RefKind::Channel),
    block: true,
    doc: "Overrides of a message for one channel.",
    keys: &[
        key("text", Type::Text, "The text posted on this channel."),
        key("title", Type::Str, "The title on this channel."),
        key("link", Type::Str, "The link on this channel."),
        key("media", Type::Media, "The media on this channel."),
        key("cta", Type::Str, "The call to action on this channel."),
    ],
};

/// `message NAME { … }`
pub static MESSAGE: DeclSpec = DeclSpec {
    keyword: "message",
    naming: Naming::Ident(RefKind::Message),
    block: true,
    doc: "A piece of content, declined per channel with variants.",
    keys: &[
        key(
            "objective",
            Type::Ref(RefKind::Objective),
            "The objective it serves.",
        ),
        key(
            "audience",
            Type::Refs(RefKind::Audience),
            "Who it speaks to.",
        ),
        required(
            "text",
            Type::Text,
            "The text posted, unless a variant overrides it.",
        ),
        key(
            "title",
            Type::Str,
            "Title, where the platform has titles (YouTube, Pinterest, blog).",
        ),
        key("link", Type::Str, "The link to share."),
        key("media", Type::Media, "The image, video or carousel."),
        key("cta", Type::Str, "Call to action."),
        key(
            "language",
            Type::Language,
            "Language of the text (ISO 639-1).",
        ),
        key("owner", Type::Ref(RefKind::Role), "Who publishes it."),
        repeated(
            "variant",
            Type::Block(&VARIANT),
            "Overrides for one channel.",
        ),
    ],
};

/// `schedule NAME { … }`
pub static SCHEDULE: DeclSpec = DeclSpec {
    keyword: "schedule",
    naming: Naming::Ident(RefKind::Schedule),
    block: true,
    doc: "Puts messages on channels at times, once or recurring.",
    keys: &[
        defaulted("timezone", Type::TimeZone, "the campaign's", "Zone of this schedule's times."),
        repeated("post", Type::Post, "`post MESSAGE(S) to CHANNEL(S) at DATE-TIME` or `every … at TIME [from … to … | during PHASE] [repeat]`."),
    ],
};

/// `line NAME { … }` inside the budget.
pub static LINE: DeclSpec = DeclSpec {
    keyword: "line",
    naming: Naming::Ident(RefKind::Line),
    block: true,
    doc: "One budget line.",
    keys: &[
        required("category", Type::Enum(CATEGORIES), "What the money is for."),
        key(
            "channel",
            Type::Ref(RefKind::Channel),
            "The channel of paid spend; required for paid lines.",
        ),
        required(
            "amount",
            Type::MoneyOrPercent,
            "Money, or a percentage of the total.",
        ),
        defaulted(
            "start",
            Type::Date,
            "the campaign's start",
            "First day of spend.",
        ),
        defaulted(
            "end",
            Type::Date,
            "the campaign's end",
            "Last day of spend.",
        ),
        key(
            "during",
            Type::Ref(RefKind::Phase),
            "Spend over a phase instead of start/end.",
        ),
        key(
            "on",
            Type::Date,
            "A one-off payment on this date (may precede the campaign).",
        ),
        defaulted(
            "pacing",
            Type::Enum(PACINGS),
            "even",
            "How spend is spread over the days.",
        ),
        key(
            "objective",
            Type::Ref(RefKind::Objective),
            "The objective the spend serves.",
        ),
        key("vendor", Type::Str, "Who is paid."),
        key("description", Type::Text, "What the line pays for."),
    ],
};

/// `budget { … }`
pub static BUDGET: DeclSpec = DeclSpec {
    keyword: "budget",
    naming: Naming::None,
    block: true,
    doc: "The money: a total, a reserve and lines. At most one per project.",
    keys: &[
        defaulted(
            "total",
            Type::Money,
            "the campaign's budget",
            "The total; must agree with the campaign's budget.",
        ),
        key(
            "reserve",
            Type::MoneyOrPercent,
            "Contingency held back: money or a percentage of the total.",
        ),
        repeated("line", Type::Block(&LINE), "One line of spend."),
    ],
};

/// `kpi NAME { … }`
pub static KPI: DeclSpec = DeclSpec {
    keyword: "kpi",
    naming: Naming::Ident(RefKind::Kpi),
    block: true,
    doc: "A measurable target that judges an objective.",
    keys: &[
        required(
            "objective",
            Type::Ref(RefKind::Objective),
            "The objective it judges.",
        ),
        required("metric", Type::Metric, "What is measured."),
        defaulted(
            "channel",
            Type::Refs(RefKind::Channel),
            "all channels",
            "The channels in scope.",
        ),
        required("target", Type::Target, "The target, such as >= 150000."),
        key("baseline", Type::Measure, "Where the metric stands today."),
        defaulted("by", Type::Date, "the campaign's end", "Deadline."),
        key(
            "review",
            Type::Enum(CADENCES),
            "How often the KPI is reviewed.",
        ),
        key("owner", Type::Ref(RefKind::Role), "Who reports on it."),
        key("source", Type::Str, "Where the figure comes from."),
    ],
};

/// `task NAME { … }`
pub static TASK: DeclSpec = DeclSpec {
    keyword: "task",
    naming: Naming::Ident(RefKind::Task),
    block: true,
    doc: "Recurring operational work (moderation, monitoring, reporting), shown in its owner's calendar.",
    keys: &[
        required("owner", Type::Ref(RefKind::Role), "Who does it."),
        required("every", Type::Recurrence, "When: the recurrence forms of schedules, `every weekday at [09:00, 14:00]`."),
        defaulted("duration", Type::Duration, "30min", "How long each occurrence takes."),
        key("channels", Type::Refs(RefKind::Channel), "The channels it covers."),
        key("description", Type::Text, "What to do."),
    ],
};

/// `lints { … }`
pub static LINTS: DeclSpec = DeclSpec {
    keyword: "lints",
    naming: Naming::None,
    block: true,
    doc: "Lint levels for this project; the command line's --allow/--warn/--deny win.",
    keys: &[
        key("allow", Type::Lints, "Lints to silence."),
        key("warn", Type::Lints, "Lints to report as warnings."),
        key("deny", Type::Lints, "Lints to report as errors."),
    ],
};

/// `import "path"` (handled when loading the project).
pub static IMPORT: DeclSpec = DeclSpec {
    keyword: "import",
    naming: Naming::Title,
    block: false,
    doc: "Brings in every declaration of another file, relative to this one.",
    keys: &[],
};

/// Every top-level declaration, in the order the reference documents them.
pub static DECLARATIONS: &[&DeclSpec] = &[
    &IMPORT, &CAMPAIGN, &ROLE, &PHASE, &OBJECTIVE, &AUDIENCE, &CHANNEL, &MESSAGE, &SCHEDULE,
    &BUDGET, &KPI, &TASK, &LINTS,
];

/// The spec of a top-level declaration keyword.
pub fn declaration(keyword: &str) -> Option<&'static DeclSpec> {
    DECLARATIONS.iter().copied().find(|d| d.keyword == keyword)
}

/// The closest candidate to `word` by edit distance, if close enough to be a likely typo.
pub fn suggest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let lower = word.to_ascii_lowercase();
    candidates
        .into_iter()
        .map(|c| {
            (
                strsim::damerau_levenshtein(&lower, &c.to_ascii_lowercase()),
                c,
            )
        })
        .filter(|&(d, c)| d <= (c.len().max(word.len()) / 3).max(1))
        .min_by_key(|&(d, c)| (d, c))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions_find_near_misses_only() {
        assert_eq!(
            suggest("instagam", PLATFORMS.iter().copied()),
            Some("instagram")
        );
        assert_eq!(suggest("twitter", PLATFORMS.iter().copied()), None);
        assert_eq!(suggest("strat", ["start", "end"]), Some("start"));
        assert_eq!(suggest("colour", ["start", "end"]), None);
    }

    #[test]
    fn every_declaration_has_documented_unique_keys() {
        for d in DECLARATIONS.iter().chain([&&LINE, &&VARIANT]) {
            assert!(!d.doc.is_empty());
            let mut seen = std::collections::BTreeSet::new();
            for k in d.keys {
                assert!(seen.insert(k.key), "{} repeats {}", d.keyword, k.key);
                assert!(!k.doc.is_empty(), "{}.{} has no doc", d.keyword, k.key);
            }
        }
    }
}
