//! The KPI metric table: each metric's unit, good direction and the objective kinds it suits.
//!
//! The KPI pass reads it to check a target's unit and direction, whether a metric fits its
//! objective, and which cost metric prices which volume metric (for the budget feasibility rule).

/// What a metric is measured in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Unit {
    /// A whole number of things (reach, clicks).
    Count,
    /// A percentage (engagement rate).
    Percent,
    /// Money in the campaign's currency (cost per click).
    Money,
    /// A plain ratio written as a decimal (ROAS 4.0).
    Ratio,
    /// A duration (response time).
    Duration,
}

impl Unit {
    /// As written in messages: "a count", "a percentage"…
    pub fn describe(self) -> &'static str {
        match self {
            Unit::Count => "a count",
            Unit::Percent => "a percentage",
            Unit::Money => "an amount of money",
            Unit::Ratio => "a ratio",
            Unit::Duration => "a duration",
        }
    }

    /// An example target of this unit.
    pub fn example(self) -> &'static str {
        match self {
            Unit::Count => ">= 150000",
            Unit::Percent => ">= 4.5%",
            Unit::Money => "<= 0.80 EUR",
            Unit::Ratio => ">= 4.0",
            Unit::Duration => "<= 2h",
        }
    }
}

/// Which way is good.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    /// More is better: the target is a minimum (`>=`).
    Up,
    /// Less is better: the target is a maximum (`<=`).
    Down,
}

/// One row of the metric table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Metric {
    /// The name as written after `metric`.
    pub name: &'static str,
    /// Its unit.
    pub unit: Unit,
    /// Which way is good.
    pub direction: Direction,
    /// Whether a percentage may exceed 100 % (growth, ROI).
    pub unbounded: bool,
    /// The objective kinds it suits.
    pub kinds: &'static [&'static str],
    /// For a cost metric, the volume metric it prices and per how many results (1, or 1000 for CPM).
    pub cost_of: Option<(&'static str, i64)>,
    /// One line of documentation.
    pub doc: &'static str,
}

const fn m(
    name: &'static str,
    unit: Unit,
    direction: Direction,
    kinds: &'static [&'static str],
    doc: &'static str,
) -> Metric {
    Metric {
        name,
        unit,
        direction,
        unbounded: false,
        kinds,
        cost_of: None,
        doc,
    }
}

const fn cost(
    name: &'static str,
    of: &'static str,
    per: i64,
    kinds: &'static [&'static str],
    doc: &'static str,
) -> Metric {
    Metric {
        cost_of: Some((of, per)),
        ..m(name, Unit::Money, Direction::Down, kinds, doc)
    }
}

use Direction::{Down, Up};
use Unit::{Count, Percent};

const AWARENESS: &[&str] = &["awareness"];
const ENGAGEMENT: &[&str] = &["engagement", "advocacy", "loyalty"];
const TRAFFIC: &[&str] = &["traffic"];
const LEADS: &[&str] = &["leads"];
const CONVERSION: &[&str] = &["conversion"];
const COMMUNITY: &[&str] = &["awareness", "loyalty", "advocacy"];
const CARE: &[&str] = &["loyalty", "engagement", "advocacy"];

/// Every known metric.
pub static METRICS: &[Metric] = &[
    m(
        "reach",
        Count,
        Up,
        AWARENESS,
        "Unique people who saw the content.",
    ),
    m(
        "impressions",
        Count,
        Up,
        AWARENESS,
        "Times the content was shown.",
    ),
    m(
        "video_views",
        Count,
        Up,
        &["awareness", "engagement"],
        "Video views as the platform counts them.",
    ),
    m(
        "followers",
        Count,
        Up,
        COMMUNITY,
        "Followers at the deadline.",
    ),
    m(
        "engagements",
        Count,
        Up,
        ENGAGEMENT,
        "Likes, comments, shares and saves.",
    ),
    m("comments", Count, Up, ENGAGEMENT, "Comments received."),
    m(
        "shares",
        Count,
        Up,
        &["engagement", "advocacy", "awareness"],
        "Shares and reposts.",
    ),
    m("saves", Count, Up, ENGAGEMENT, "Saves and bookmarks."),
    m("mentions", Count, Up, COMMUNITY, "Mentions of the brand."),
    m(
        "clicks",
        Count,
        Up,
        &["traffic", "leads", "conversion"],
        "Link clicks.",
    ),
    m("leads", Count, Up, LEADS, "Leads collected."),
    m(
        "conversions",
        Count,
        Up,
        // Lead forms are counted as conversions by the ad platforms too.
        &["conversion", "leads"],
        "Purchases or other conversions.",
    ),
    m(
        "engagement_rate",
        Percent,
        Up,
        ENGAGEMENT,
        "Engagements divided by reach.",
    ),
    Metric {
        unbounded: true,
        ..m(
            "follower_growth",
            Percent,
            Up,
            COMMUNITY,
            "Growth of followers over the period.",
        )
    },
    m(
        "ctr",
        Percent,
        Up,
        TRAFFIC,
        "Click-through rate: clicks divided by impressions.",
    ),
    m(
        "conversion_rate",
        Percent,
        Up,
        &["conversion", "leads"],
        "Conversions divided by clicks.",
    ),
    m(
        "share_of_voice",
        Percent,
        Up,
        COMMUNITY,
        "The brand's share of the category's mentions.",
    ),
    m(
        "response_rate",
        Percent,
        Up,
        CARE,
        "Messages and comments answered.",
    ),
    m(
        "sentiment",
        Percent,
        Up,
        COMMUNITY,
        "Share of positive mentions.",
    ),
    Metric {
        unbounded: true,
        ..m("roi", Percent, Up, CONVERSION, "Return on investment.")
    },
    cost("cpc", "clicks", 1, TRAFFIC, "Cost per click."),
    cost(
        "cpm",
        "impressions",
        1000,
        AWARENESS,
        "Cost per thousand impressions.",
    ),
    cost("cpl", "leads", 1, LEADS, "Cost per lead."),
    cost(
        "cpa",
        "conversions",
        1,
        CONVERSION,
        "Cost per acquisition (conversion).",
    ),
    m(
        "revenue",
        Unit::Money,
        Up,
        CONVERSION,
        "Revenue attributed to the campaign.",
    ),
    m(
        "roas",
        Unit::Ratio,
        Up,
        CONVERSION,
        "Return on ad spend: revenue divided by paid spend.",
    ),
    m(
        "response_time",
        Unit::Duration,
        Down,
        CARE,
        "Time to answer a message or comment.",
    ),
];

/// The row of a metric name.
pub fn lookup(name: &str) -> Option<&'static Metric> {
    METRICS.iter().find(|m| m.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cost_metrics_price_known_count_metrics() {
        for m in METRICS {
            if let Some((of, per)) = m.cost_of {
                let target = lookup(of).expect("priced metric exists");
                assert_eq!(target.unit, Unit::Count, "{}", m.name);
                assert!(per >= 1);
                assert_eq!(m.direction, Direction::Down);
            }
        }
    }

    #[test]
    fn kinds_are_objective_kinds() {
        for m in METRICS {
            for k in m.kinds {
                assert!(super::super::OBJECTIVE_KINDS.contains(k), "{}: {k}", m.name);
            }
        }
    }
}
