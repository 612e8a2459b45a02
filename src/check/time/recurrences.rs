//! `every …` rules expanded inside their window, for posts and tasks alike.
//!
//! The expansion itself (DST included) is [`crate::plan::expand`]'s; this module gives it the
//! days of the window inside the campaign (see `ranges`) and says which months a monthly rule
//! skips, because a month without the day would otherwise just have no post, unnoticed.
//!
//! # Rules (language reference)
//!
//! **Months without the day.** `every month on day 31` skips months without a day 31; one
//! warning (`W0606 skipped-month-day`) per statement lists them, and a plan note says so.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use chrono_tz::Tz;

use crate::check::model::{Every, Recurrence};
use crate::check::Context;
use crate::diagnostic::Diagnostic;
use crate::plan::expand::{self, Frequency, Occurrence};
use crate::wording::and_list;

use super::{ranges, Time};

/// Expands a recurrence inside its window, reporting window errors and skipped months (`whose`
/// names the statement in the plan's note). Returns the occurrences and whether the window was
/// wrong.
pub(super) fn expand(
    cx: &mut Context,
    t: &Time,
    r: &Recurrence,
    zone: Tz,
    whose: &str,
) -> (Vec<Occurrence>, bool) {
    let (range, bad) = ranges::window(cx, t, &r.window);
    let Some((from, to)) = range else {
        return (Vec::new(), bad);
    };
    let rule = expand::Recurrence {
        frequency: frequency(&r.every),
        times: r.times.iter().map(|t| t.value).collect(),
        from,
        to,
    };
    let e = expand::expand(&rule, zone);
    if let Every::Months(interval, day) = r.every {
        if !e.skipped.is_empty() {
            skipped_months(cx, r, interval, day, &e.skipped, whose);
        }
    }
    (e.occurrences, bad)
}

/// `W0606` and its plan note: `every INTERVAL months on day DAY` has nothing in the months
/// `skipped` (their first days).
fn skipped_months(
    cx: &mut Context,
    r: &Recurrence,
    interval: u32,
    day: u32,
    skipped: &[NaiveDate],
    whose: &str,
) {
    let every = if interval == 1 {
        format!("every month on day {day}")
    } else {
        format!("every {interval} months on day {day}")
    };
    let months = month_list(skipped);
    let they = if skipped.len() == 1 {
        "it has"
    } else {
        "they have"
    };
    cx.out.push(
        Diagnostic::new(
            "W0606",
            r.span,
            format!("`{every}` skips {months}: {they} no day {day}"),
        )
        .label(format!("no day {day} in {months}"))
        .help(
            "pick a day every month has (1 to 28), or allow `skipped-month-day` if skipping is intended",
        ),
    );
    cx.plan.notes.push(format!(
        "{whose}: `{every}` has nothing in {months} (no day {day})"
    ));
}

fn frequency(every: &Every) -> Frequency {
    match every {
        Every::Day => Frequency::Daily,
        Every::Weekdays(days) => Frequency::Weekdays(days.clone()),
        Every::Weeks(interval, days) => Frequency::EveryNWeeks {
            interval: *interval,
            days: days.clone(),
        },
        Every::Months(interval, day) => Frequency::EveryNMonths {
            interval: *interval,
            day: *day,
        },
    }
}

/// "February, April and June 2027; February 2028": the months of `dates`, by year.
fn month_list(dates: &[NaiveDate]) -> String {
    let mut by_year: BTreeMap<i32, Vec<String>> = BTreeMap::new();
    for d in dates {
        by_year
            .entry(d.year())
            .or_default()
            .push(d.format("%B").to_string());
    }
    by_year
        .into_iter()
        .map(|(y, months)| format!("{} {y}", and_list(&months)))
        .collect::<Vec<_>>()
        .join("; ")
}

#[cfg(test)]
mod tests {
    use super::super::tests::d;
    use super::*;

    #[test]
    fn month_lists_group_by_year() {
        assert_eq!(
            month_list(&[d(2027, 2, 1), d(2027, 4, 1), d(2027, 6, 1), d(2028, 2, 1)]),
            "February, April and June 2027; February 2028"
        );
        assert_eq!(month_list(&[d(2027, 4, 1)]), "April 2027");
    }
}
