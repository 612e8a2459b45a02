//! Recurrence expansion: turns an `every …` rule of a `schedule` or `task` (language reference §4)
//! into the list of instants at which it fires, in a given IANA time zone.
//!
//! # Semantics
//!
//! **Dates.** A rule covers the local dates `from..=to`, both inclusive; `from > to` yields
//! nothing. Which dates of that range are *active* depends on the frequency:
//!
//! - `every day` ([`Frequency::Daily`]): every date.
//! - `every weekday`, `every WEEKDAY`, `every [WEEKDAY, …]` ([`Frequency::Weekdays`]): every date
//!   whose weekday is in the list. `every weekday` is Monday to Friday ([`Frequency::work_week`]).
//! - `every N weeks on WEEKDAY(S)` ([`Frequency::EveryNWeeks`]): weeks are Monday-based and
//!   numbered from the week that holds `from` (week 0), as an iCalendar RRULE counts from its
//!   DTSTART; a date is active when its week number is 0, N, 2N, … and its weekday is in the list.
//!   Days of week 0 before `from` are not produced. `every 1 weeks on …` is the same as
//!   `every [ … ]`.
//! - `every month on day D` / `every N months on day D` ([`Frequency::EveryNMonths`], N = 1 for
//!   the first form): months are numbered from the month that holds `from` (month 0); in months
//!   0, N, 2N, … the date with day-of-month D is active if it lies in `from..=to`. A month of that
//!   numbering that lacks day D (day 31 in April, days 29–31 in a February that lacks them) is
//!   *skipped*: it is listed in [`Expansion::skipped`], by its first day, when the range reaches
//!   that month's last day (`from <= last day <= to`; the missing day would have come after it).
//!   So `every month on day 31 from 2027-01-01 to 2027-06-30` skips 2027-02-01, 2027-04-01 and
//!   2027-06-01, and the same rule `to 2027-06-15` skips only February and April.
//!
//! Weekday lists may be in any order and may repeat a day; an empty list yields nothing. An
//! interval of 0, or a day of month outside 1..=31, yields nothing (the checker rejects them).
//!
//! **Times.** Each active date gets one occurrence per listed time; the times are sorted and
//! deduplicated first. A time is a *wall-clock* time in the zone: `09:00` stays 09:00 local on
//! every date, whatever the UTC offset of that date (DST changes included). Each wall-clock time
//! is resolved with [`resolve_local`]:
//!
//! - A time that exists once is used as is ([`Resolution::Exact`]).
//! - A time that does not exist because the clocks jump forward (a *gap*, e.g. 02:30 on
//!   2027-03-28 in Europe/Paris or on 2027-03-14 in America/New_York) is interpreted with the UTC
//!   offset in force *before* the gap, as RFC 5545 §3.3.5 prescribes; that is, it is moved
//!   forward by the length of the gap: 02:30 becomes 03:30 local (01:30 UTC in Paris, 07:30 UTC
//!   in New York; in Australia/Lord_Howe, whose gap is 30 minutes, 02:10 becomes 02:40).
//!   [`Resolution::Gap`] records the requested and the shifted local time.
//! - A time that exists twice because the clocks go back (an *overlap*, e.g. 01:30 on 2027-11-07
//!   in America/New_York or 02:30 on 2027-10-31 in Europe/Paris) is the *earlier* of its two
//!   instants (the first occurrence, as RFC 5545 says; the one still on summer time).
//!   [`Resolution::Overlap`] records the other, later instant.
//!
//! **Output.** [`Occurrence::local`] is always the wall-clock reading of [`Occurrence::utc`] in
//! the zone, so for a gap it is the shifted time and the requested one is in the resolution.
//! Occurrences are sorted by instant and have no duplicates: when two requested times resolve to
//! the same instant (a gap time shifted onto another listed time, e.g. `at [02:30, 03:30]` on a
//! spring-forward day), one occurrence is kept, the exact one if there is one, otherwise the one
//! requested first. Every occurrence's *requested* local date lies in `from..=to`; its actual local
//! date differs from the requested one only for a gap that spans midnight (a date-line change such
//! as Pacific/Apia's skipped 2011-12-30).
//!
//! **Cost.** Expansion does constant work per day of the range (per month for monthly rules) and
//! per occurrence; sorting is a stable sort of output that is already sorted except around gaps,
//! which runs in linear time.

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, Utc, Weekday};
use chrono::{LocalResult, Offset, TimeZone};
use chrono_tz::Tz;
use serde::Serialize;

/// How often a rule repeats (§4).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Frequency {
    /// `every day`.
    Daily,
    /// `every weekday` (Monday–Friday, see [`Frequency::work_week`]), `every tue`,
    /// `every [tue, fri]`.
    Weekdays(Vec<Weekday>),
    /// `every N weeks on WEEKDAY(S)`: weeks counted from the Monday-based week holding `from`.
    EveryNWeeks { interval: u32, days: Vec<Weekday> },
    /// `every month on day N` (interval 1) / `every N months on day N`: months counted from the
    /// month holding `from`.
    EveryNMonths { interval: u32, day: u32 },
}

impl Frequency {
    /// `every weekday`: Monday to Friday.
    pub fn work_week() -> Frequency {
        Frequency::Weekdays(WORK_WEEK.to_vec())
    }
}

/// The days of `every weekday`.
pub const WORK_WEEK: [Weekday; 5] = [
    Weekday::Mon,
    Weekday::Tue,
    Weekday::Wed,
    Weekday::Thu,
    Weekday::Fri,
];

/// A recurring rule: a frequency, the wall-clock times of each active day, and the local dates
/// it covers (`from..=to`, inclusive).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recurrence {
    pub frequency: Frequency,
    pub times: Vec<NaiveTime>,
    pub from: NaiveDate,
    pub to: NaiveDate,
}

/// How a wall-clock time was mapped to an instant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Resolution {
    /// The time exists exactly once.
    Exact,
    /// The time falls in a spring-forward gap; it was moved forward by the gap's length.
    Gap {
        requested: NaiveDateTime,
        shifted_to: NaiveDateTime,
    },
    /// The time exists twice (fall-back); the earlier instant was chosen, `other_utc` is the later.
    Overlap {
        requested: NaiveDateTime,
        other_utc: DateTime<Utc>,
    },
}

impl Resolution {
    /// Preference when two occurrences land on the same instant: lower is kept.
    fn rank(&self) -> u8 {
        match self {
            Resolution::Exact => 0,
            Resolution::Overlap { .. } => 1,
            Resolution::Gap { .. } => 2,
        }
    }
}

/// One firing of a rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Occurrence {
    /// Wall-clock reading of `utc` in the zone (for a gap: the shifted time).
    pub local: NaiveDateTime,
    pub utc: DateTime<Utc>,
    pub resolution: Resolution,
}

impl Occurrence {
    /// The wall-clock time the rule asked for (differs from `local` only for a gap).
    pub fn requested(&self) -> NaiveDateTime {
        match &self.resolution {
            Resolution::Gap { requested, .. } => *requested,
            _ => self.local,
        }
    }
}

/// The result of expanding a rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Expansion {
    /// Sorted by instant, without duplicates.
    pub occurrences: Vec<Occurrence>,
    /// First day of each month skipped because it lacks the rule's day of month (e.g. 2027-04-01
    /// for `every month on day 31`), in order.
    pub skipped: Vec<NaiveDate>,
}

/// Expands `rule` in zone `tz`. See the module documentation for the exact semantics.
pub fn expand(rule: &Recurrence, tz: Tz) -> Expansion {
    let mut times = rule.times.clone();
    times.sort_unstable();
    times.dedup();

    let (dates, skipped) = active_dates(&rule.frequency, rule.from, rule.to);

    let mut occurrences = Vec::with_capacity(dates.len().saturating_mul(times.len()));
    for date in dates {
        for &time in &times {
            let local = date.and_time(time);
            let (utc, resolution) = resolve_local_remembered(local, tz);
            let actual = match &resolution {
                Resolution::Gap { shifted_to, .. } => *shifted_to,
                _ => local,
            };
            occurrences.push(Occurrence {
                local: actual,
                utc,
                resolution,
            });
        }
    }
    // Stable sort: equal instants keep the exact one first, then the earliest requested. Away
    // from a clock change the occurrences are already in order, and then nothing is moved (nor
    // is the sort's buffer allocated).
    let order = |a: &Occurrence, b: &Occurrence| {
        a.utc
            .cmp(&b.utc)
            .then(a.resolution.rank().cmp(&b.resolution.rank()))
    };
    if !occurrences.is_sorted_by(|a, b| order(a, b).is_le()) {
        occurrences.sort_by(order);
    }
    occurrences.dedup_by(|later, kept| later.utc == kept.utc);

    Expansion {
        occurrences,
        skipped,
    }
}

/// The active dates of `frequency` in `from..=to`, in order, and the skipped months.
pub fn active_dates(
    frequency: &Frequency,
    from: NaiveDate,
    to: NaiveDate,
) -> (Vec<NaiveDate>, Vec<NaiveDate>) {
    if from > to {
        return (Vec::new(), Vec::new());
    }
    match frequency {
        Frequency::Daily => (days_where(from, to, |_, _| true), Vec::new()),
        Frequency::Weekdays(days) => {
            let mask = weekday_mask(days);
            (
                days_where(from, to, |d, _| mask & bit(d.weekday()) != 0),
                Vec::new(),
            )
        }
        Frequency::EveryNWeeks { interval, days } => {
            let mask = weekday_mask(days);
            if *interval == 0 || mask == 0 {
                return (Vec::new(), Vec::new());
            }
            let interval = u64::from(*interval);
            // Index 0 of the numbering is the Monday of `from`'s week.
            let lead = u64::from(from.weekday().num_days_from_monday());
            (
                days_where(from, to, |d, i| {
                    ((i + lead) / 7) % interval == 0 && mask & bit(d.weekday()) != 0
                }),
                Vec::new(),
            )
        }
        Frequency::EveryNMonths { interval, day } => monthly(*interval, *day, from, to),
    }
}

/// Dates `d` of `from..=to` (the `i`-th, counting from 0) with `keep(d, i)`; `from <= to`.
fn days_where(
    from: NaiveDate,
    to: NaiveDate,
    mut keep: impl FnMut(NaiveDate, u64) -> bool,
) -> Vec<NaiveDate> {
    let mut out = Vec::new();
    let mut d = from;
    let mut i = 0u64;
    loop {
        if keep(d, i) {
            out.push(d);
        }
        if d >= to {
            break;
        }
        match d.succ_opt() {
            Some(next) => d = next,
            None => break,
        }
        i += 1;
    }
    out
}

fn monthly(
    interval: u32,
    day: u32,
    from: NaiveDate,
    to: NaiveDate,
) -> (Vec<NaiveDate>, Vec<NaiveDate>) {
    let mut dates = Vec::new();
    let mut skipped = Vec::new();
    if interval == 0 || !(1..=31).contains(&day) {
        return (dates, skipped);
    }
    // Months as a single counter: year * 12 + month0.
    let start = i64::from(from.year()) * 12 + i64::from(from.month0());
    let end = i64::from(to.year()) * 12 + i64::from(to.month0());
    let mut m = start;
    while m <= end {
        let (year, month) = (m.div_euclid(12) as i32, m.rem_euclid(12) as u32 + 1);
        match NaiveDate::from_ymd_opt(year, month, day) {
            Some(date) => {
                if from <= date && date <= to {
                    dates.push(date);
                }
            }
            None => {
                if let Some(first) = NaiveDate::from_ymd_opt(year, month, 1) {
                    let last = last_day_of_month(first);
                    if from <= last && last <= to {
                        skipped.push(first);
                    }
                }
            }
        }
        m += i64::from(interval);
    }
    (dates, skipped)
}

fn last_day_of_month(first: NaiveDate) -> NaiveDate {
    let next = if first.month() == 12 {
        NaiveDate::from_ymd_opt(first.year() + 1, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(first.year(), first.month() + 1, 1)
    };
    next.and_then(|n| n.pred_opt()).unwrap_or(NaiveDate::MAX)
}

fn bit(d: Weekday) -> u8 {
    1 << d.num_days_from_monday()
}

fn weekday_mask(days: &[Weekday]) -> u8 {
    days.iter().fold(0, |m, &d| m | bit(d))
}

/// Resolves one wall-clock time in a zone (used for one-off `at DATE-TIME` posts too):
/// exact if it exists once; in a spring-forward gap, interpreted with the UTC offset in force
/// before the gap (moved forward by the gap's length, RFC 5545 §3.3.5); in a fall-back overlap,
/// the earlier instant.
pub fn resolve_local(local: NaiveDateTime, tz: Tz) -> (DateTime<Utc>, Resolution) {
    match tz.from_local_datetime(&local) {
        LocalResult::Single(dt) => (dt.with_timezone(&Utc), Resolution::Exact),
        LocalResult::Ambiguous(a, b) => {
            let (a, b) = (a.with_timezone(&Utc), b.with_timezone(&Utc));
            let (earlier, later) = if a <= b { (a, b) } else { (b, a) };
            (
                earlier,
                Resolution::Overlap {
                    requested: local,
                    other_utc: later,
                },
            )
        }
        LocalResult::None => {
            let offset = offset_before_gap(local, tz);
            let utc = (local - Duration::seconds(i64::from(offset))).and_utc();
            let shifted_to = utc.with_timezone(&tz).naive_local();
            (
                utc,
                Resolution::Gap {
                    requested: local,
                    shifted_to,
                },
            )
        }
    }
}

/// [`resolve_local`], remembered per thread.
///
/// Resolving asks chrono-tz to search the zone's transitions (about 500 instructions), and a
/// plan asks the same question many times: schedules and tasks post at the same few times on
/// the same days. The answer depends only on the zone and the wall-clock time, so each thread
/// keeps the answers it found; the table is emptied when it holds [`REMEMBERED`] of them, so
/// that a long-running language server does not grow it without end.
fn resolve_local_remembered(local: NaiveDateTime, tz: Tz) -> (DateTime<Utc>, Resolution) {
    type Answers = rustc_hash::FxHashMap<(Tz, NaiveDateTime), (DateTime<Utc>, Resolution)>;
    thread_local! {
        static ANSWERS: std::cell::RefCell<Answers> = std::cell::RefCell::default();
    }
    ANSWERS.with(|answers| {
        let mut answers = answers.borrow_mut();
        if let Some(known) = answers.get(&(tz, local)) {
            return known.clone();
        }
        let found = resolve_local(local, tz);
        if answers.len() >= REMEMBERED {
            answers.clear();
        }
        answers.insert((tz, local), found.clone());
        found
    })
}

/// How many answers [`resolve_local_remembered`] keeps per thread (a few MB at most).
const REMEMBERED: usize = 1 << 16;

/// UTC offset (seconds east) in force just before the gap that holds `local`.
///
/// Steps back 1, 2, 4, … minutes (up to about 68 hours, more than any real gap) until the wall
/// clock exists: every earlier time is either still in the gap or before it.
fn offset_before_gap(local: NaiveDateTime, tz: Tz) -> i32 {
    let mut step = Duration::minutes(1);
    for _ in 0..13 {
        let Some(probe) = local.checked_sub_signed(step) else {
            break;
        };
        match tz.from_local_datetime(&probe) {
            LocalResult::Single(dt) => return dt.offset().fix().local_minus_utc(),
            // The offset that was in force last, i.e. closest to the gap.
            LocalResult::Ambiguous(a, b) => {
                let later = if a.with_timezone(&Utc) >= b.with_timezone(&Utc) {
                    a
                } else {
                    b
                };
                return later.offset().fix().local_minus_utc();
            }
            LocalResult::None => step = step * 2,
        }
    }
    // Unreachable for real zones; fall back to the offset at the matching UTC instant.
    tz.offset_from_utc_datetime(&local).fix().local_minus_utc()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn remembered_answers_are_the_zone_s_own() {
        let at = |day: u32, h: u32, m: u32| d(2027, 3, day).and_hms_opt(h, m, 0).unwrap();
        let autumn = d(2027, 10, 31).and_hms_opt(2, 30, 0).unwrap();
        let zones = [chrono_tz::Europe::Paris, chrono_tz::America::New_York];
        // The gap in Paris, the gap in New York, an overlap, and plain times: asked twice each,
        // in both zones, so that the second answer comes from the table.
        for _ in 0..2 {
            for tz in zones {
                for local in [
                    at(28, 2, 30),
                    at(14, 2, 30),
                    autumn,
                    at(1, 9, 0),
                    at(28, 9, 0),
                ] {
                    assert_eq!(
                        resolve_local_remembered(local, tz),
                        resolve_local(local, tz),
                        "{local} in {tz}"
                    );
                }
            }
        }
        assert!(matches!(
            resolve_local_remembered(at(28, 2, 30), chrono_tz::Europe::Paris).1,
            Resolution::Gap { .. }
        ));
        assert!(matches!(
            resolve_local_remembered(autumn, chrono_tz::Europe::Paris).1,
            Resolution::Overlap { .. }
        ));
    }

    #[test]
    fn last_day() {
        assert_eq!(last_day_of_month(d(2027, 2, 1)), d(2027, 2, 28));
        assert_eq!(last_day_of_month(d(2028, 2, 1)), d(2028, 2, 29));
        assert_eq!(last_day_of_month(d(2027, 12, 1)), d(2027, 12, 31));
    }

    #[test]
    fn zero_interval_and_bad_day_yield_nothing() {
        let f = Frequency::EveryNWeeks {
            interval: 0,
            days: vec![Weekday::Mon],
        };
        assert!(active_dates(&f, d(2027, 1, 1), d(2027, 3, 1)).0.is_empty());
        let f = Frequency::EveryNMonths {
            interval: 1,
            day: 32,
        };
        assert_eq!(
            active_dates(&f, d(2027, 1, 1), d(2027, 3, 1)),
            (vec![], vec![])
        );
    }

    #[test]
    fn range_ending_at_max_date() {
        let f = Frequency::Daily;
        let from = NaiveDate::MAX.pred_opt().unwrap();
        assert_eq!(active_dates(&f, from, NaiveDate::MAX).0.len(), 2);
    }
}
