//! The resolved plan (IR): what the semantic passes produce and the emitters read.
//!
//! Everything here is resolved: references are names known to exist, defaults are applied, each
//! post carries the text actually posted on its channel (variant applied), and every schedule and
//! task is expanded into dated occurrences in its effective zone, with UTC instants. Emitters read
//! only this; `plan.json` is this structure serialised with serde. Vectors are sorted (posts by
//! instant, then channel, then message) so output is deterministic.

pub mod expand;
pub(crate) mod serde_time;
pub mod split;

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use schemars::JsonSchema;
use serde::Serialize;

use crate::ast::Money;

/// The whole resolved plan.
#[derive(Debug, Clone, Default, Serialize, JsonSchema)]
pub struct Plan {
    /// The campaign.
    pub campaign: Campaign,
    /// Roles.
    pub roles: Vec<Role>,
    /// Phases, by start date.
    pub phases: Vec<Phase>,
    /// Objectives.
    pub objectives: Vec<Objective>,
    /// Audiences.
    pub audiences: Vec<Audience>,
    /// Channels.
    pub channels: Vec<Channel>,
    /// Messages with their per-channel content.
    pub messages: Vec<Message>,
    /// Every post occurrence, sorted by instant, channel, message.
    pub posts: Vec<PostOccurrence>,
    /// Tasks with their occurrences.
    pub tasks: Vec<Task>,
    /// The budget, when the plan has one.
    pub budget: Option<Budget>,
    /// KPIs with their review dates.
    pub kpis: Vec<Kpi>,
    /// Facts worth showing next to the outputs (a skipped day 31, a DST resolution…).
    pub notes: Vec<String>,
}

/// The campaign's facts, defaults applied.
#[derive(Debug, Clone, Default, Serialize, JsonSchema)]
pub struct Campaign {
    /// Title.
    pub title: String,
    /// Brand.
    pub brand: Option<String>,
    /// First day.
    #[serde(serialize_with = "serde_time::date")]
    #[schemars(with = "NaiveDate")]
    pub start: NaiveDate,
    /// Last day.
    #[serde(serialize_with = "serde_time::date")]
    #[schemars(with = "NaiveDate")]
    pub end: NaiveDate,
    /// IANA zone (default "UTC").
    pub timezone: String,
    /// The plan's currency (from the campaign or budget total), if any money is given.
    pub currency: Option<String>,
    /// Total budget.
    pub budget: Option<Amount>,
    /// Accountable role.
    pub owner: Option<String>,
    /// Description.
    pub description: Option<String>,
}

/// Money as exact minor units, with its currency and a display form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Amount {
    /// Minor units (cents).
    pub minor: i64,
    /// Digits after the point (2 for EUR: `minor` 2400000 is 24 000.00).
    pub minor_digits: u8,
}

impl Amount {
    /// From a parsed amount.
    pub fn from_money(m: Money) -> Amount {
        Amount {
            minor: m.minor,
            minor_digits: m.currency.minor_digits,
        }
    }
}

/// A role.
#[derive(Debug, Clone, Default, Serialize, JsonSchema)]
pub struct Role {
    /// Name.
    pub name: String,
    /// Title.
    pub title: Option<String>,
    /// Person.
    pub person: Option<String>,
    /// Email.
    pub email: Option<String>,
}

/// A phase.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Phase {
    /// Name.
    pub name: String,
    /// First day.
    #[serde(serialize_with = "serde_time::date")]
    #[schemars(with = "NaiveDate")]
    pub start: NaiveDate,
    /// Last day.
    #[serde(serialize_with = "serde_time::date")]
    #[schemars(with = "NaiveDate")]
    pub end: NaiveDate,
    /// Description.
    pub description: Option<String>,
}

/// An objective.
#[derive(Debug, Clone, Default, Serialize, JsonSchema)]
pub struct Objective {
    /// Name.
    pub name: String,
    /// Kind.
    pub kind: Option<String>,
    /// Description.
    pub description: Option<String>,
    /// Owner.
    pub owner: Option<String>,
}

/// An audience.
#[derive(Debug, Clone, Default, Serialize, JsonSchema)]
pub struct Audience {
    /// Name.
    pub name: String,
    /// Description.
    pub description: Option<String>,
    /// Age range.
    pub age: Option<(i64, i64)>,
    /// Country codes.
    pub locations: Vec<String>,
    /// Language codes.
    pub languages: Vec<String>,
    /// Interests.
    pub interests: Vec<String>,
    /// Segment.
    pub segment: Option<String>,
    /// Zone (default: the campaign's).
    pub timezone: String,
    /// Size.
    pub size: Option<i64>,
}

/// A channel.
#[derive(Debug, Clone, Default, Serialize, JsonSchema)]
pub struct Channel {
    /// Name.
    pub name: String,
    /// Platform name.
    pub platform: String,
    /// Handle.
    pub handle: Option<String>,
    /// Owner.
    pub owner: Option<String>,
    /// Posting cap.
    pub max_per_day: Option<i64>,
}

/// Media of a post.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Media {
    /// `image`, `video` or `carousel`.
    pub kind: String,
    /// Path or URL.
    pub path: String,
}

/// What is posted: text, title, link, media, call to action.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Content {
    /// Text.
    pub text: String,
    /// Title.
    pub title: Option<String>,
    /// Link.
    pub link: Option<String>,
    /// Media.
    pub media: Option<Media>,
    /// Call to action.
    pub cta: Option<String>,
}

/// A message and the content it has on each channel it is posted to.
#[derive(Debug, Clone, Default, Serialize, JsonSchema)]
pub struct Message {
    /// Name.
    pub name: String,
    /// Objective.
    pub objective: Option<String>,
    /// Audiences.
    pub audiences: Vec<String>,
    /// Language.
    pub language: Option<String>,
    /// Owner.
    pub owner: Option<String>,
    /// Default content.
    pub content: Shared<Content>,
    /// Content per channel with the variant applied, for channels that have a variant.
    pub variants: std::collections::BTreeMap<String, Shared<Content>>,
}

/// How a wall-clock time became an instant (see [`expand::Resolution`]).
pub use expand::Resolution;

/// A name or text shared by many posts (a channel's name, a message's content…): posts hold
/// it by reference count, so that expanding 100 000 posts copies no string. Serialised as the
/// plain value.
pub type Shared<T> = std::sync::Arc<T>;

/// One post going out: one message on one channel at one instant.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct PostOccurrence {
    /// Stable identifier: schedule, message, channel and local time; used for iCalendar UIDs.
    pub id: String,
    /// The schedule it comes from.
    pub schedule: Shared<str>,
    /// Message name.
    pub message: Shared<str>,
    /// Channel name.
    pub channel: Shared<str>,
    /// Platform of the channel.
    pub platform: Shared<str>,
    /// Local wall-clock time in `timezone`.
    #[serde(serialize_with = "serde_time::local")]
    #[schemars(with = "NaiveDateTime")]
    pub local: NaiveDateTime,
    /// The effective zone.
    pub timezone: Shared<str>,
    /// The instant.
    #[serde(serialize_with = "serde_time::utc")]
    #[schemars(with = "DateTime<Utc>")]
    pub utc: DateTime<Utc>,
    /// How the wall-clock time was resolved.
    pub resolution: Resolution,
    /// The phase the date falls in.
    pub phase: Option<Shared<str>>,
    /// The message's objective.
    pub objective: Option<Shared<str>>,
    /// The message's audiences.
    pub audiences: Shared<[String]>,
    /// Who publishes: the message's owner, else the channel's.
    pub owner: Option<Shared<str>>,
    /// The content posted on this channel (variant applied).
    pub content: Shared<Content>,
    /// The `post` statement it comes from (for diagnostics; not serialised).
    #[serde(skip)]
    pub source: crate::source::Span,
}

/// A task and its occurrences.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Task {
    /// Name.
    pub name: String,
    /// Owner.
    pub owner: Option<String>,
    /// Minutes per occurrence.
    pub duration_minutes: i64,
    /// Channels covered.
    pub channels: Vec<String>,
    /// What to do.
    pub description: Option<String>,
    /// Zone of the occurrences.
    pub timezone: String,
    /// When.
    pub occurrences: Vec<TaskOccurrence>,
}

/// One occurrence of a task.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct TaskOccurrence {
    /// Local start.
    #[serde(serialize_with = "serde_time::local")]
    #[schemars(with = "NaiveDateTime")]
    pub local: NaiveDateTime,
    /// Instant of the start.
    #[serde(serialize_with = "serde_time::utc")]
    #[schemars(with = "DateTime<Utc>")]
    pub utc: DateTime<Utc>,
}

/// The budget with every line split per day.
#[derive(Debug, Clone, Default, Serialize, JsonSchema)]
pub struct Budget {
    /// Currency code.
    pub currency: String,
    /// Digits after the point.
    pub minor_digits: u8,
    /// Total in minor units.
    pub total: i64,
    /// Reserve in minor units.
    pub reserve: i64,
    /// Lines.
    pub lines: Vec<BudgetLine>,
    /// Sum of the lines.
    pub allocated: i64,
    /// Total − reserve − lines (never negative in a plan without errors).
    pub unallocated: i64,
}

/// One budget line.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct BudgetLine {
    /// Name.
    pub name: String,
    /// Category.
    pub category: String,
    /// Channel.
    pub channel: Option<String>,
    /// Objective.
    pub objective: Option<String>,
    /// Vendor.
    pub vendor: Option<String>,
    /// Phase it is spent during, if given that way.
    pub phase: Option<String>,
    /// Amount in minor units.
    pub amount: i64,
    /// First day of spend.
    #[serde(serialize_with = "serde_time::date")]
    #[schemars(with = "NaiveDate")]
    pub start: NaiveDate,
    /// Last day of spend.
    #[serde(serialize_with = "serde_time::date")]
    #[schemars(with = "NaiveDate")]
    pub end: NaiveDate,
    /// Pacing.
    pub pacing: split::Pacing,
    /// Amount per day (exact, sums to `amount`).
    #[serde(serialize_with = "serde_time::dated_amounts")]
    #[schemars(with = "Vec<(NaiveDate, i64)>")]
    pub days: Vec<(NaiveDate, i64)>,
}

/// A KPI.
#[derive(Debug, Clone, Default, Serialize, JsonSchema)]
pub struct Kpi {
    /// Name.
    pub name: String,
    /// Objective.
    pub objective: Option<String>,
    /// Metric name (or the custom name).
    pub metric: String,
    /// Whether the metric is custom.
    pub custom: bool,
    /// Unit (`count`, `percent`, `money`, `ratio`, `duration`).
    pub unit: String,
    /// Channels in scope (empty: all).
    pub channels: Vec<String>,
    /// The target as written (`>= 150000`).
    pub target: String,
    /// Baseline as written.
    pub baseline: Option<String>,
    /// Deadline.
    #[serde(serialize_with = "serde_time::date")]
    #[schemars(with = "NaiveDate")]
    pub by: NaiveDate,
    /// Review cadence.
    pub review: Option<String>,
    /// Owner.
    pub owner: Option<String>,
    /// Source.
    pub source: Option<String>,
    /// Review dates from the campaign start to the deadline.
    #[serde(serialize_with = "serde_time::dates")]
    #[schemars(with = "Vec<NaiveDate>")]
    pub reviews: Vec<NaiveDate>,
}
