//! Declarations after schema checking: typed fields with spans, references still as names.
//!
//! The lowering pass ([`super::lower`]) builds these from the AST; every later pass reads them.
//! A field is `None` when it is absent *or* when its value was wrong (the error is already
//! reported), so passes simply skip what they cannot check: one root cause, one diagnostic.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime, Weekday};

use crate::ast::{CmpOp, Decimal, Duration, Ident, Money, Value};
use crate::platform::{MediaKind, Platform};
use crate::source::Span;

/// A value with the span it was written at.
#[derive(Debug, Clone, PartialEq)]
pub struct Spanned<T> {
    /// The value.
    pub value: T,
    /// Where it is written.
    pub span: Span,
}

/// Every declaration of a project, by kind, in source order (entry file first, then imports).
#[derive(Debug, Clone, Default)]
pub struct Model {
    /// The campaign (`None` when missing; reported).
    pub campaign: Option<Campaign>,
    /// Roles.
    pub roles: Vec<Role>,
    /// Phases.
    pub phases: Vec<Phase>,
    /// Objectives.
    pub objectives: Vec<Objective>,
    /// Audiences.
    pub audiences: Vec<Audience>,
    /// Channels.
    pub channels: Vec<Channel>,
    /// Messages.
    pub messages: Vec<Message>,
    /// Schedules.
    pub schedules: Vec<Schedule>,
    /// The budget.
    pub budget: Option<Budget>,
    /// KPIs.
    pub kpis: Vec<Kpi>,
    /// Tasks.
    pub tasks: Vec<Task>,
    /// Lint levels from `lints` blocks.
    pub lints: Vec<LintSetting>,
    /// Names of declarations that were reported as malformed (unknown keyword, missing block,
    /// name in quotes, syntax error): references to them are not reported again.
    pub ghosts: std::collections::HashSet<String>,
}

/// The keywords of the declarations a model keeps in lists, in the order of
/// [`Model::list_lengths`] and [`Model::reserve_lists`].
const LIST_KEYWORDS: [&str; LISTS] = [
    "role",
    "phase",
    "objective",
    "audience",
    "channel",
    "message",
    "schedule",
    "kpi",
    "task",
];

/// How many lists of declarations a model has.
const LISTS: usize = 9;

impl Model {
    /// Makes room for the declarations of `parts`, so that appending them copies each one
    /// once instead of growing the vectors step by step.
    pub fn reserve_for(&mut self, parts: &[&Model]) {
        let mut total = [0; LISTS];
        for part in parts {
            for (t, n) in total.iter_mut().zip(part.list_lengths()) {
                *t += n;
            }
        }
        self.reserve_lists(total);
    }

    /// Makes room for declarations written with these keywords, so that lowering them does not
    /// grow the lists step by step. A list that grows past a few hundred kilobytes is moved into
    /// fresh memory at each step, and fresh memory is a large part of what a check costs.
    pub fn reserve_for_keywords<'k>(&mut self, keywords: impl Iterator<Item = &'k str>) {
        let mut counts = [0; LISTS];
        for keyword in keywords {
            if let Some(list) = LIST_KEYWORDS.iter().position(|k| *k == keyword) {
                counts[list] += 1;
            }
        }
        self.reserve_lists(counts);
    }

    /// How many declarations each list holds, in the order of [`LIST_KEYWORDS`].
    fn list_lengths(&self) -> [usize; LISTS] {
        [
            self.roles.len(),
            self.phases.len(),
            self.objectives.len(),
            self.audiences.len(),
            self.channels.len(),
            self.messages.len(),
            self.schedules.len(),
            self.kpis.len(),
            self.tasks.len(),
        ]
    }

    /// Makes room for `more` declarations in each list, in the order of [`LIST_KEYWORDS`].
    fn reserve_lists(&mut self, more: [usize; LISTS]) {
        let [roles, phases, objectives, audiences, channels, messages, schedules, kpis, tasks] =
            more;
        self.roles.reserve(roles);
        self.phases.reserve(phases);
        self.objectives.reserve(objectives);
        self.audiences.reserve(audiences);
        self.channels.reserve(channels);
        self.messages.reserve(messages);
        self.schedules.reserve(schedules);
        self.kpis.reserve(kpis);
        self.tasks.reserve(tasks);
    }

    /// Adds the declarations of `later` (lowered from declarations written after this model's)
    /// as if they had been lowered into this one: lists are extended, and a campaign or budget
    /// of `later` replaces this one's.
    pub fn append(&mut self, later: Model) {
        let Model {
            campaign,
            roles,
            phases,
            objectives,
            audiences,
            channels,
            messages,
            schedules,
            budget,
            kpis,
            tasks,
            lints,
            ghosts,
        } = later;
        if campaign.is_some() {
            self.campaign = campaign;
        }
        if budget.is_some() {
            self.budget = budget;
        }
        self.roles.extend(roles);
        self.phases.extend(phases);
        self.objectives.extend(objectives);
        self.audiences.extend(audiences);
        self.channels.extend(channels);
        self.messages.extend(messages);
        self.schedules.extend(schedules);
        self.kpis.extend(kpis);
        self.tasks.extend(tasks);
        self.lints.extend(lints);
        self.ghosts.extend(ghosts);
    }
}

/// `campaign "…" { … }`
#[derive(Debug, Clone)]
pub struct Campaign {
    /// The title.
    pub title: Spanned<String>,
    /// The brand.
    pub brand: Option<Spanned<String>>,
    /// First day.
    pub start: Option<Spanned<NaiveDate>>,
    /// Last day.
    pub end: Option<Spanned<NaiveDate>>,
    /// IANA zone name as written.
    pub timezone: Option<Spanned<String>>,
    /// Total budget.
    pub budget: Option<Spanned<Money>>,
    /// Accountable role.
    pub owner: Option<Ident>,
    /// Description.
    pub description: Option<Spanned<String>>,
    /// The whole declaration.
    pub span: Span,
    /// `quiet_hours [START, END]`: the night window for late-night posts (default 23:00–06:00).
    pub quiet_hours: Option<Spanned<(NaiveTime, NaiveTime)>>,
}

/// `role NAME { … }`
#[derive(Debug, Clone)]
pub struct Role {
    /// Name.
    pub name: Ident,
    /// Title.
    pub title: Option<Spanned<String>>,
    /// Person.
    pub person: Option<Spanned<String>>,
    /// Email.
    pub email: Option<Spanned<String>>,
}

/// `phase NAME { … }`
#[derive(Debug, Clone)]
pub struct Phase {
    /// Name.
    pub name: Ident,
    /// First day.
    pub start: Option<Spanned<NaiveDate>>,
    /// Last day.
    pub end: Option<Spanned<NaiveDate>>,
    /// Description.
    pub description: Option<Spanned<String>>,
}

/// `objective NAME { … }`
#[derive(Debug, Clone)]
pub struct Objective {
    /// Name.
    pub name: Ident,
    /// Kind (`awareness`, …).
    pub kind: Option<Spanned<String>>,
    /// Description.
    pub description: Option<Spanned<String>>,
    /// Owner.
    pub owner: Option<Ident>,
}

/// `audience NAME { … }`
#[derive(Debug, Clone)]
pub struct Audience {
    /// Name.
    pub name: Ident,
    /// Description.
    pub description: Option<Spanned<String>>,
    /// Age range.
    pub age: Option<Spanned<(i64, i64)>>,
    /// Country codes.
    pub locations: Vec<Spanned<String>>,
    /// Language codes.
    pub languages: Vec<Spanned<String>>,
    /// Interests.
    pub interests: Vec<Spanned<String>>,
    /// `b2c` or `b2b`.
    pub segment: Option<Spanned<String>>,
    /// IANA zone as written.
    pub timezone: Option<Spanned<String>>,
    /// Addressable size.
    pub size: Option<Spanned<i64>>,
}

/// `channel NAME { … }`
#[derive(Debug, Clone)]
pub struct Channel {
    /// Name.
    pub name: Ident,
    /// Platform (given, or defaulted from the name); `None` when neither says.
    pub platform: Option<Spanned<Platform>>,
    /// Account handle.
    pub handle: Option<Spanned<String>>,
    /// Owner.
    pub owner: Option<Ident>,
    /// Posting cap.
    pub max_per_day: Option<Spanned<i64>>,
}

/// `media KIND "path"`
#[derive(Debug, Clone, PartialEq)]
pub struct Media {
    /// Image, video or carousel.
    pub kind: MediaKind,
    /// Path or URL.
    pub path: String,
    /// The whole `media` statement's values.
    pub span: Span,
}

/// What a message (or a variant) says.
#[derive(Debug, Clone, Default)]
pub struct Content {
    /// Text.
    pub text: Option<Spanned<String>>,
    /// Title.
    pub title: Option<Spanned<String>>,
    /// Link.
    pub link: Option<Spanned<String>>,
    /// Media.
    pub media: Option<Media>,
    /// Call to action.
    pub cta: Option<Spanned<String>>,
}

/// `variant CHANNEL { … }`
#[derive(Debug, Clone)]
pub struct Variant {
    /// The channel it applies to.
    pub channel: Ident,
    /// Overrides.
    pub content: Content,
    /// The whole variant.
    pub span: Span,
}

/// `message NAME { … }`
#[derive(Debug, Clone)]
pub struct Message {
    /// Name.
    pub name: Ident,
    /// Objective served.
    pub objective: Option<Ident>,
    /// Audiences.
    pub audiences: Vec<Ident>,
    /// Default content.
    pub content: Content,
    /// Language code.
    pub language: Option<Spanned<String>>,
    /// Owner.
    pub owner: Option<Ident>,
    /// Per-channel overrides.
    pub variants: Vec<Variant>,
}

/// When a date range comes from.
#[derive(Debug, Clone, PartialEq)]
pub enum Window {
    /// The whole campaign (default).
    Campaign,
    /// `from DATE to DATE`
    Dates(Spanned<NaiveDate>, Spanned<NaiveDate>),
    /// `during PHASE`
    Phase(Ident),
}

/// How often (see [`crate::plan::expand::Frequency`]).
#[derive(Debug, Clone, PartialEq)]
pub enum Every {
    /// `every day`
    Day,
    /// `every weekday`, `every tue`, `every [tue, fri]`
    Weekdays(Vec<Weekday>),
    /// `every N weeks on DAYS`
    Weeks(u32, Vec<Weekday>),
    /// `every month on day N`, `every N months on day N`
    Months(u32, u32),
}

/// `every … at … [from … to … | during …]`
#[derive(Debug, Clone, PartialEq)]
pub struct Recurrence {
    /// How often.
    pub every: Every,
    /// Local times of day.
    pub times: Vec<Spanned<NaiveTime>>,
    /// Date range.
    pub window: Window,
    /// The recurrence's words.
    pub span: Span,
}

/// When a post goes out.
#[derive(Debug, Clone, PartialEq)]
pub enum When {
    /// `at DATE-TIME`
    Once(Spanned<NaiveDateTime>),
    /// `every …`
    Every(Recurrence),
}

/// `post MESSAGES to CHANNELS when [repeat]`
#[derive(Debug, Clone)]
pub struct Post {
    /// Messages; more than one is a series.
    pub messages: Vec<Ident>,
    /// Whether the messages were written as a list (a series).
    pub series: bool,
    /// Channels.
    pub channels: Vec<Ident>,
    /// When.
    pub when: When,
    /// `repeat`: the series starts again when it runs out.
    pub repeat: bool,
    /// The whole statement.
    pub span: Span,
}

/// `schedule NAME { … }`
#[derive(Debug, Clone)]
pub struct Schedule {
    /// Name.
    pub name: Ident,
    /// Zone override as written.
    pub timezone: Option<Spanned<String>>,
    /// Posts.
    pub posts: Vec<Post>,
    /// Every name written in a `post` that could not be read (its error is reported). Later
    /// passes count these names as mentioned, so one mistake in a post does not also make its
    /// messages look unscheduled.
    pub unread: Vec<Ident>,
    /// Whether the block holds statements that were reported and may have been posts: then
    /// "posts nothing" would only repeat them.
    pub incomplete: bool,
}

/// Money or a percentage of the total.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Amount {
    /// Money.
    Money(Money),
    /// Percent of the total.
    Percent(Decimal),
}

/// When a budget line spends.
#[derive(Debug, Clone, PartialEq)]
pub enum Spend {
    /// Over a range (explicit, a phase, or by default the campaign).
    Window(Window),
    /// `on DATE`: one payment.
    On(Spanned<NaiveDate>),
}

/// `line NAME { … }`
#[derive(Debug, Clone)]
pub struct Line {
    /// Name.
    pub name: Ident,
    /// Category.
    pub category: Option<Spanned<String>>,
    /// Channel of paid spend.
    pub channel: Option<Ident>,
    /// Amount.
    pub amount: Option<Spanned<Amount>>,
    /// When.
    pub spend: Spend,
    /// Pacing (`even` by default).
    pub pacing: Option<Spanned<String>>,
    /// Objective served.
    pub objective: Option<Ident>,
    /// Vendor.
    pub vendor: Option<Spanned<String>>,
    /// The whole line.
    pub span: Span,
}

/// `budget { … }`
#[derive(Debug, Clone)]
pub struct Budget {
    /// Total.
    pub total: Option<Spanned<Money>>,
    /// Reserve.
    pub reserve: Option<Spanned<Amount>>,
    /// Lines.
    pub lines: Vec<Line>,
    /// The `budget` keyword.
    pub span: Span,
}

/// A KPI's metric.
#[derive(Debug, Clone, PartialEq)]
pub enum MetricRef {
    /// A row of the metric table.
    Known(&'static crate::schema::metrics::Metric),
    /// `custom "Name"`: unit from the target.
    Custom(String),
}

/// `>= value`
#[derive(Debug, Clone, PartialEq)]
pub struct Target {
    /// Operator.
    pub op: CmpOp,
    /// The value compared with.
    pub value: Value,
}

/// `kpi NAME { … }`
#[derive(Debug, Clone)]
pub struct Kpi {
    /// Name.
    pub name: Ident,
    /// Objective judged.
    pub objective: Option<Ident>,
    /// Metric.
    pub metric: Option<Spanned<MetricRef>>,
    /// Channels in scope (empty: all).
    pub channels: Vec<Ident>,
    /// Target.
    pub target: Option<Spanned<Target>>,
    /// Baseline.
    pub baseline: Option<Value>,
    /// Deadline.
    pub by: Option<Spanned<NaiveDate>>,
    /// Review cadence.
    pub review: Option<Spanned<String>>,
    /// Owner.
    pub owner: Option<Ident>,
    /// Data source.
    pub source: Option<Spanned<String>>,
}

/// `task NAME { … }`
#[derive(Debug, Clone)]
pub struct Task {
    /// Name.
    pub name: Ident,
    /// Owner.
    pub owner: Option<Ident>,
    /// When.
    pub every: Option<Recurrence>,
    /// Length of each occurrence.
    pub duration: Option<Spanned<Duration>>,
    /// Channels covered.
    pub channels: Vec<Ident>,
    /// What to do.
    pub description: Option<Spanned<String>>,
}

/// One entry of a `lints` block.
#[derive(Debug, Clone, PartialEq)]
pub struct LintSetting {
    /// The lint name.
    pub lint: Spanned<String>,
    /// `allow`, `warn` or `deny`.
    pub level: LintLevel,
}

/// What to do with a lint.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LintLevel {
    /// Silence it.
    Allow,
    /// Report it as a warning.
    Warn,
    /// Report it as an error.
    Deny,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reserving by keyword makes room in the list each kind of declaration is lowered into: a
    /// keyword missing from [`LIST_KEYWORDS`] (or misspelt) would leave that list without room.
    #[test]
    fn keywords_reserve_the_lists_their_declarations_go_to() {
        for example in [
            "examples/printemps-lumiere.smm",
            "examples/b2b-linkedin.smm",
        ] {
            let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(example);
            let text = std::fs::read_to_string(&path).unwrap();
            let project =
                crate::project::load_text(&path, &text, crate::project::Options::default());
            let collected = crate::check::collect::collect(&project.files, &mut Vec::new());
            let lowered = crate::check::lower::lower(&collected.decls, &[], &mut Vec::new());
            let mut reserved = Model::default();
            reserved.reserve_for_keywords(collected.decls.iter().map(|(spec, _)| spec.keyword));
            let capacities = [
                reserved.roles.capacity(),
                reserved.phases.capacity(),
                reserved.objectives.capacity(),
                reserved.audiences.capacity(),
                reserved.channels.capacity(),
                reserved.messages.capacity(),
                reserved.schedules.capacity(),
                reserved.kpis.capacity(),
                reserved.tasks.capacity(),
            ];
            let lengths = lowered.list_lengths();
            assert!(lengths.iter().all(|&n| n > 0), "{example} has every kind");
            for ((room, n), keyword) in capacities.iter().zip(lengths).zip(LIST_KEYWORDS) {
                assert!(
                    *room >= n,
                    "{example}: room for {n} `{keyword}`, got {room}"
                );
            }
        }
    }
}
