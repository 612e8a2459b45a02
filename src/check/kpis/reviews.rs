//! KPI review dates: when a KPI is looked at between the campaign's start and its deadline.
//!
//! A cadence counts from the campaign's first day, and each review date is computed from that
//! day directly (never from the previous review, so monthly reviews do not drift):
//!
//! | cadence     | review k (k = 1, 2, …)                                   |
//! |-------------|----------------------------------------------------------|
//! | `daily`     | start + k days                                           |
//! | `weekly`    | start + 7k days                                          |
//! | `biweekly`  | start + 14k days                                         |
//! | `monthly`   | the start's day of the month, k months later             |
//! | `quarterly` | the start's day of the month, 3k months later            |
//!
//! A day that a month lacks is clamped to the month's last day: from January 31 the monthly
//! reviews fall on February 28 (29 in a leap year), March 31, April 30, May 31.
//!
//! The periodic dates strictly before the deadline are reviews; the deadline itself is always the
//! last review (the final reading of the KPI), cadence or not. The campaign's first day is not a
//! review: there is nothing to measure yet (the baseline stands for it). A KPI without `review`
//! has one review, on its deadline.

use chrono::{Days, Months, NaiveDate};

/// How often a KPI is reviewed (`review WORD`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Cadence {
    /// Every day.
    Daily,
    /// Every 7 days.
    Weekly,
    /// Every 14 days.
    Biweekly,
    /// Every month, on the start's day of the month.
    Monthly,
    /// Every 3 months, on the start's day of the month.
    Quarterly,
}

impl Cadence {
    /// Every cadence, shortest first.
    pub const ALL: [Cadence; 5] = [
        Cadence::Daily,
        Cadence::Weekly,
        Cadence::Biweekly,
        Cadence::Monthly,
        Cadence::Quarterly,
    ];

    /// The cadence of a `review` word.
    pub fn parse(word: &str) -> Option<Cadence> {
        Some(match word {
            "daily" => Cadence::Daily,
            "weekly" => Cadence::Weekly,
            "biweekly" => Cadence::Biweekly,
            "monthly" => Cadence::Monthly,
            "quarterly" => Cadence::Quarterly,
            _ => return None,
        })
    }

    /// The word as written.
    pub fn as_str(self) -> &'static str {
        match self {
            Cadence::Daily => "daily",
            Cadence::Weekly => "weekly",
            Cadence::Biweekly => "biweekly",
            Cadence::Monthly => "monthly",
            Cadence::Quarterly => "quarterly",
        }
    }

    /// The `k`-th periodic date after `start` (`k = 0` is `start`), or `None` past the calendar.
    pub fn nth(self, start: NaiveDate, k: u32) -> Option<NaiveDate> {
        match self {
            Cadence::Daily => start.checked_add_days(Days::new(u64::from(k))),
            Cadence::Weekly => start.checked_add_days(Days::new(7 * u64::from(k))),
            Cadence::Biweekly => start.checked_add_days(Days::new(14 * u64::from(k))),
            Cadence::Monthly => start.checked_add_months(Months::new(k)),
            Cadence::Quarterly => start.checked_add_months(Months::new(k.checked_mul(3)?)),
        }
    }
}

/// The review dates of a KPI whose window runs from `start` to the deadline `by`: the periodic
/// dates of `cadence` after `start` and strictly before `by`, then `by`. Empty when `by` is
/// before `start` (a deadline outside the campaign, reported elsewhere).
pub fn review_dates(start: NaiveDate, by: NaiveDate, cadence: Option<Cadence>) -> Vec<NaiveDate> {
    if by < start {
        return Vec::new();
    }
    let mut dates = Vec::new();
    if let Some(c) = cadence {
        let mut k = 1u32;
        while let Some(d) = c.nth(start, k) {
            if d >= by {
                break;
            }
            dates.push(d);
            k += 1;
        }
    }
    dates.push(by);
    dates
}

/// The first periodic review after `start`, when it comes after the deadline `by`: the cadence
/// is longer than the KPI's window, so the deadline is the only review.
pub fn first_review_after_deadline(
    start: NaiveDate,
    by: NaiveDate,
    cadence: Cadence,
) -> Option<NaiveDate> {
    match cadence.nth(start, 1) {
        Some(first) if first > by => Some(first),
        None => Some(NaiveDate::MAX),
        Some(_) => None,
    }
}

/// The longest cadence that has a review before or on the deadline, if any.
pub fn longest_fitting(start: NaiveDate, by: NaiveDate) -> Option<Cadence> {
    Cadence::ALL
        .iter()
        .rev()
        .copied()
        .find(|&c| first_review_after_deadline(start, by, c).is_none())
}
