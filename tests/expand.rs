//! Recurrence expansion (`smm::plan::expand`): targeted cases and property tests.

use std::collections::BTreeSet;

use chrono::{DateTime, Datelike, Duration, LocalResult, NaiveDate, NaiveDateTime, NaiveTime};
use chrono::{Offset, TimeZone, Utc, Weekday, Weekday::*};
use chrono_tz::Tz;
use proptest::prelude::*;
use smm::plan::expand::{
    expand, resolve_local, Expansion, Frequency, Occurrence, Recurrence, Resolution,
};

const PARIS: Tz = chrono_tz::Europe::Paris;
const NEW_YORK: Tz = chrono_tz::America::New_York;
const LORD_HOWE: Tz = chrono_tz::Australia::Lord_Howe;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn t(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).unwrap()
}

fn dt(y: i32, mo: u32, day: u32, h: u32, mi: u32) -> NaiveDateTime {
    d(y, mo, day).and_time(t(h, mi))
}

fn utc(y: i32, mo: u32, day: u32, h: u32, mi: u32) -> DateTime<Utc> {
    dt(y, mo, day, h, mi).and_utc()
}

fn rule(frequency: Frequency, times: &[NaiveTime], from: NaiveDate, to: NaiveDate) -> Recurrence {
    Recurrence {
        frequency,
        times: times.to_vec(),
        from,
        to,
    }
}

fn dates(e: &Expansion) -> Vec<NaiveDate> {
    e.occurrences.iter().map(|o| o.local.date()).collect()
}

fn utcs(e: &Expansion) -> Vec<DateTime<Utc>> {
    e.occurrences.iter().map(|o| o.utc).collect()
}

// ---------------------------------------------------------------------------------------------
// Forms

#[test]
fn every_day() {
    let e = expand(
        &rule(Frequency::Daily, &[t(9, 0)], d(2027, 1, 30), d(2027, 2, 2)),
        chrono_tz::UTC,
    );
    assert_eq!(
        dates(&e),
        vec![d(2027, 1, 30), d(2027, 1, 31), d(2027, 2, 1), d(2027, 2, 2)]
    );
    assert!(e.skipped.is_empty());
    assert!(e
        .occurrences
        .iter()
        .all(|o| o.resolution == Resolution::Exact && o.local.time() == t(9, 0)));
}

#[test]
fn every_weekday_is_monday_to_friday() {
    // 2027-03-01 is a Monday.
    let e = expand(
        &rule(
            Frequency::work_week(),
            &[t(9, 0)],
            d(2027, 2, 27),
            d(2027, 3, 14),
        ),
        PARIS,
    );
    let expected: Vec<_> = (1..=5).chain(8..=12).map(|n| d(2027, 3, n)).collect();
    assert_eq!(dates(&e), expected);
}

#[test]
fn every_tue_and_unordered_list_with_duplicates() {
    let single = expand(
        &rule(
            Frequency::Weekdays(vec![Tue]),
            &[t(18, 0)],
            d(2027, 3, 8),
            d(2027, 3, 31),
        ),
        PARIS,
    );
    assert_eq!(
        dates(&single),
        vec![
            d(2027, 3, 9),
            d(2027, 3, 16),
            d(2027, 3, 23),
            d(2027, 3, 30)
        ]
    );

    let list = expand(
        &rule(
            Frequency::Weekdays(vec![Fri, Tue, Tue]),
            &[t(18, 0)],
            d(2027, 3, 8),
            d(2027, 3, 21),
        ),
        PARIS,
    );
    assert_eq!(
        dates(&list),
        vec![
            d(2027, 3, 9),
            d(2027, 3, 12),
            d(2027, 3, 16),
            d(2027, 3, 19)
        ]
    );
}

#[test]
fn empty_weekday_list_and_reversed_range_yield_nothing() {
    let e = expand(
        &rule(
            Frequency::Weekdays(vec![]),
            &[t(9, 0)],
            d(2027, 1, 1),
            d(2027, 12, 31),
        ),
        PARIS,
    );
    assert!(e.occurrences.is_empty());
    let e = expand(
        &rule(Frequency::Daily, &[t(9, 0)], d(2027, 3, 2), d(2027, 3, 1)),
        PARIS,
    );
    assert!(e.occurrences.is_empty() && e.skipped.is_empty());
    let e = expand(
        &rule(
            Frequency::EveryNMonths {
                interval: 1,
                day: 31,
            },
            &[t(9, 0)],
            d(2027, 5, 1),
            d(2027, 4, 1),
        ),
        PARIS,
    );
    assert!(e.occurrences.is_empty() && e.skipped.is_empty());
}

#[test]
fn every_two_weeks_on_tue_thu_starting_on_a_wednesday() {
    // 2027-03-03 is a Wednesday; week 0 is Mon 03-01 … Sun 03-07. Its Tuesday is before the
    // range and is not produced; weeks 2 and 4 are active; week 6 (04-12) is after the range.
    let e = expand(
        &rule(
            Frequency::EveryNWeeks {
                interval: 2,
                days: vec![Thu, Tue],
            },
            &[t(20, 0)],
            d(2027, 3, 3),
            d(2027, 4, 10),
        ),
        PARIS,
    );
    assert_eq!(
        dates(&e),
        vec![
            d(2027, 3, 4),
            d(2027, 3, 16),
            d(2027, 3, 18),
            d(2027, 3, 30),
            d(2027, 4, 1)
        ]
    );
    // 20:00 Paris is 19:00Z in winter and 18:00Z once summer time started (2027-03-28).
    assert_eq!(e.occurrences[2].utc, utc(2027, 3, 18, 19, 0));
    assert_eq!(e.occurrences[3].utc, utc(2027, 3, 30, 18, 0));
}

#[test]
fn every_week_interval_one_equals_weekday_list() {
    let days = vec![Mon, Sat];
    let (from, to) = (d(2027, 1, 6), d(2027, 7, 9));
    let a = expand(
        &rule(
            Frequency::EveryNWeeks {
                interval: 1,
                days: days.clone(),
            },
            &[t(8, 0), t(2, 30)],
            from,
            to,
        ),
        PARIS,
    );
    let b = expand(
        &rule(Frequency::Weekdays(days), &[t(2, 30), t(8, 0)], from, to),
        PARIS,
    );
    assert_eq!(a, b);
}

#[test]
fn every_month_on_day_31_skips_short_months() {
    let r = |to| {
        rule(
            Frequency::EveryNMonths {
                interval: 1,
                day: 31,
            },
            &[t(9, 0)],
            d(2027, 1, 1),
            to,
        )
    };
    let e = expand(&r(d(2027, 6, 30)), PARIS);
    assert_eq!(
        dates(&e),
        vec![d(2027, 1, 31), d(2027, 3, 31), d(2027, 5, 31)]
    );
    assert_eq!(e.skipped, vec![d(2027, 2, 1), d(2027, 4, 1), d(2027, 6, 1)]);

    // June 31 would lie after 06-15 anyway: not reported.
    let e = expand(&r(d(2027, 6, 15)), PARIS);
    assert_eq!(e.skipped, vec![d(2027, 2, 1), d(2027, 4, 1)]);
}

#[test]
fn every_month_on_day_29_in_february() {
    let e = expand(
        &rule(
            Frequency::EveryNMonths {
                interval: 1,
                day: 29,
            },
            &[t(12, 0)],
            d(2027, 2, 1),
            d(2028, 3, 1),
        ),
        chrono_tz::UTC,
    );
    assert_eq!(e.skipped, vec![d(2027, 2, 1)]);
    assert_eq!(e.occurrences.len(), 12); // 2027-03 … 2028-02 (leap year)
    assert_eq!(e.occurrences.last().unwrap().local, dt(2028, 2, 29, 12, 0));
}

#[test]
fn every_three_months_on_day_15() {
    // Months counted from January (month 0): January's 15th is before the range.
    let e = expand(
        &rule(
            Frequency::EveryNMonths {
                interval: 3,
                day: 15,
            },
            &[t(10, 0)],
            d(2027, 1, 20),
            d(2028, 1, 14),
        ),
        NEW_YORK,
    );
    assert_eq!(
        dates(&e),
        vec![d(2027, 4, 15), d(2027, 7, 15), d(2027, 10, 15)]
    );
    assert!(e.skipped.is_empty());
    assert_eq!(e.occurrences[0].utc, utc(2027, 4, 15, 14, 0)); // EDT
}

#[test]
fn several_times_are_sorted_and_deduplicated() {
    let e = expand(
        &rule(
            Frequency::Daily,
            &[t(17, 30), t(9, 0), t(9, 0)],
            d(2027, 5, 3),
            d(2027, 5, 4),
        ),
        PARIS,
    );
    assert_eq!(
        e.occurrences.iter().map(|o| o.local).collect::<Vec<_>>(),
        vec![
            dt(2027, 5, 3, 9, 0),
            dt(2027, 5, 3, 17, 30),
            dt(2027, 5, 4, 9, 0),
            dt(2027, 5, 4, 17, 30)
        ]
    );
}

// ---------------------------------------------------------------------------------------------
// DST

#[test]
fn paris_spring_forward_week() {
    // Last Sunday of March 2027: 2027-03-28, 02:00 CET → 03:00 CEST.
    let e = expand(
        &rule(
            Frequency::Daily,
            &[t(2, 30), t(9, 0)],
            d(2027, 3, 27),
            d(2027, 3, 29),
        ),
        PARIS,
    );
    let got: Vec<_> = e
        .occurrences
        .iter()
        .map(|o| (o.local, o.utc, o.resolution.clone()))
        .collect();
    assert_eq!(
        got,
        vec![
            (
                dt(2027, 3, 27, 2, 30),
                utc(2027, 3, 27, 1, 30),
                Resolution::Exact
            ),
            (
                dt(2027, 3, 27, 9, 0),
                utc(2027, 3, 27, 8, 0),
                Resolution::Exact
            ),
            (
                dt(2027, 3, 28, 3, 30),
                utc(2027, 3, 28, 1, 30),
                Resolution::Gap {
                    requested: dt(2027, 3, 28, 2, 30),
                    shifted_to: dt(2027, 3, 28, 3, 30)
                }
            ),
            (
                dt(2027, 3, 28, 9, 0),
                utc(2027, 3, 28, 7, 0),
                Resolution::Exact
            ),
            (
                dt(2027, 3, 29, 2, 30),
                utc(2027, 3, 29, 0, 30),
                Resolution::Exact
            ),
            (
                dt(2027, 3, 29, 9, 0),
                utc(2027, 3, 29, 7, 0),
                Resolution::Exact
            ),
        ]
    );
}

#[test]
fn paris_fall_back_week() {
    // Last Sunday of October 2027: 2027-10-31, 03:00 CEST → 02:00 CET.
    let e = expand(
        &rule(
            Frequency::Daily,
            &[t(2, 30), t(9, 0)],
            d(2027, 10, 30),
            d(2027, 11, 1),
        ),
        PARIS,
    );
    assert_eq!(
        utcs(&e),
        vec![
            utc(2027, 10, 30, 0, 30),
            utc(2027, 10, 30, 7, 0),
            utc(2027, 10, 31, 0, 30), // earlier instant, still CEST
            utc(2027, 10, 31, 8, 0),
            utc(2027, 11, 1, 1, 30),
            utc(2027, 11, 1, 8, 0),
        ]
    );
    assert_eq!(
        e.occurrences[2].resolution,
        Resolution::Overlap {
            requested: dt(2027, 10, 31, 2, 30),
            other_utc: utc(2027, 10, 31, 1, 30)
        }
    );
    assert_eq!(e.occurrences[2].local, dt(2027, 10, 31, 2, 30));
    let overlaps = e
        .occurrences
        .iter()
        .filter(|o| o.resolution != Resolution::Exact)
        .count();
    assert_eq!(overlaps, 1);
}

#[test]
fn new_york_spring_forward_and_fall_back() {
    let spring = expand(
        &rule(
            Frequency::Daily,
            &[t(1, 30), t(2, 30), t(9, 0)],
            d(2027, 3, 14),
            d(2027, 3, 14),
        ),
        NEW_YORK,
    );
    assert_eq!(
        utcs(&spring),
        vec![
            utc(2027, 3, 14, 6, 30), // 01:30 EST
            utc(2027, 3, 14, 7, 30), // 02:30 → 03:30 EDT
            utc(2027, 3, 14, 13, 0), // 09:00 EDT
        ]
    );
    assert_eq!(
        spring.occurrences[1].resolution,
        Resolution::Gap {
            requested: dt(2027, 3, 14, 2, 30),
            shifted_to: dt(2027, 3, 14, 3, 30)
        }
    );

    let fall = expand(
        &rule(
            Frequency::Daily,
            &[t(1, 30), t(2, 30), t(9, 0)],
            d(2027, 11, 7),
            d(2027, 11, 7),
        ),
        NEW_YORK,
    );
    assert_eq!(
        utcs(&fall),
        vec![
            utc(2027, 11, 7, 5, 30), // 01:30 EDT, the first one
            utc(2027, 11, 7, 7, 30), // 02:30 EST
            utc(2027, 11, 7, 14, 0), // 09:00 EST
        ]
    );
    assert_eq!(
        fall.occurrences[0].resolution,
        Resolution::Overlap {
            requested: dt(2027, 11, 7, 1, 30),
            other_utc: utc(2027, 11, 7, 6, 30)
        }
    );
    assert_eq!(fall.occurrences[1].resolution, Resolution::Exact);
}

#[test]
fn wall_clock_time_is_kept_across_dst() {
    let e = expand(
        &rule(Frequency::Daily, &[t(9, 0)], d(2027, 1, 1), d(2027, 12, 31)),
        NEW_YORK,
    );
    assert_eq!(e.occurrences.len(), 365);
    assert!(e.occurrences.iter().all(|o| o.local.time() == t(9, 0)));
    let hours: BTreeSet<_> = e.occurrences.iter().map(|o| o.utc.time()).collect();
    assert_eq!(hours, BTreeSet::from([t(13, 0), t(14, 0)]));
}

#[test]
fn gap_time_shifted_onto_another_listed_time_is_kept_once() {
    // 02:30 → 03:30 is the same instant as the listed 03:30: one occurrence, the exact one.
    let e = expand(
        &rule(
            Frequency::Daily,
            &[t(3, 30), t(2, 30)],
            d(2027, 3, 28),
            d(2027, 3, 28),
        ),
        PARIS,
    );
    assert_eq!(e.occurrences.len(), 1);
    assert_eq!(
        e.occurrences[0],
        Occurrence {
            local: dt(2027, 3, 28, 3, 30),
            utc: utc(2027, 3, 28, 1, 30),
            resolution: Resolution::Exact
        }
    );
}

#[test]
fn gap_time_sorts_by_instant() {
    // 02:30 (→ 03:30 CEST, 01:30Z) fires after 03:15 CEST (01:15Z).
    let e = expand(
        &rule(
            Frequency::Daily,
            &[t(2, 30), t(3, 15)],
            d(2027, 3, 28),
            d(2027, 3, 28),
        ),
        PARIS,
    );
    assert_eq!(
        e.occurrences.iter().map(|o| o.local).collect::<Vec<_>>(),
        vec![dt(2027, 3, 28, 3, 15), dt(2027, 3, 28, 3, 30)]
    );
}

#[test]
fn lord_howe_half_hour_dst() {
    // First Sunday of October 2027 (10-03): 02:00 +10:30 → 02:30 +11:00.
    let (u, r) = resolve_local(dt(2027, 10, 3, 2, 10), LORD_HOWE);
    assert_eq!(u, utc(2027, 10, 2, 15, 40));
    assert_eq!(
        r,
        Resolution::Gap {
            requested: dt(2027, 10, 3, 2, 10),
            shifted_to: dt(2027, 10, 3, 2, 40)
        }
    );
    // First Sunday of April 2027 (04-04): 02:00 +11:00 → 01:30 +10:30.
    let (u, r) = resolve_local(dt(2027, 4, 4, 1, 45), LORD_HOWE);
    assert_eq!(u, utc(2027, 4, 3, 14, 45));
    assert_eq!(
        r,
        Resolution::Overlap {
            requested: dt(2027, 4, 4, 1, 45),
            other_utc: utc(2027, 4, 3, 15, 15)
        }
    );
}

#[test]
fn resolve_local_one_off() {
    assert_eq!(
        resolve_local(dt(2027, 3, 3, 9, 0), PARIS),
        (utc(2027, 3, 3, 8, 0), Resolution::Exact)
    );
    assert_eq!(
        resolve_local(dt(2027, 3, 3, 9, 0), chrono_tz::Asia::Kolkata),
        (utc(2027, 3, 3, 3, 30), Resolution::Exact)
    );
}

#[test]
fn serializes_resolution() {
    let (_, r) = resolve_local(dt(2027, 3, 28, 2, 30), PARIS);
    assert_eq!(
        serde_json::to_string(&r).unwrap(),
        r#"{"kind":"gap","requested":"2027-03-28T02:30:00","shifted_to":"2027-03-28T03:30:00"}"#
    );
    assert_eq!(
        serde_json::to_string(&Resolution::Exact).unwrap(),
        r#"{"kind":"exact"}"#
    );
}

#[test]
fn expands_100k_occurrences() {
    let e = expand(
        &rule(
            Frequency::Daily,
            &[t(2, 30), t(9, 0), t(12, 0), t(18, 0)],
            d(2000, 1, 1),
            d(2000, 1, 1) + Duration::days(24_999),
        ),
        PARIS,
    );
    assert_eq!(e.occurrences.len(), 100_000);
    assert!(e.occurrences.windows(2).all(|w| w[0].utc < w[1].utc));
}

// ---------------------------------------------------------------------------------------------
// Properties

/// Independent model: is `day` active for `f` in a range starting at `from`?
fn model_active(f: &Frequency, from: NaiveDate, day: NaiveDate) -> bool {
    let monday = |x: NaiveDate| x - Duration::days(i64::from(x.weekday().num_days_from_monday()));
    let months = |x: NaiveDate| {
        (x.year() - from.year()) as i64 * 12 + x.month() as i64 - from.month() as i64
    };
    match f {
        Frequency::Daily => true,
        Frequency::Weekdays(days) => days.contains(&day.weekday()),
        Frequency::EveryNWeeks { interval, days } => {
            let weeks = (monday(day) - monday(from)).num_days() / 7;
            *interval > 0 && weeks % i64::from(*interval) == 0 && days.contains(&day.weekday())
        }
        Frequency::EveryNMonths { interval, day: dom } => {
            *interval > 0 && months(day) % i64::from(*interval) == 0 && day.day() == *dom
        }
    }
}

/// Independent model of the skipped months: active months whose last day is in range and
/// shorter than the requested day.
fn model_skipped(f: &Frequency, from: NaiveDate, to: NaiveDate) -> Vec<NaiveDate> {
    let Frequency::EveryNMonths { interval, day } = f else {
        return vec![];
    };
    let mut out = vec![];
    let mut x = from;
    while x <= to {
        let next = x + Duration::days(1);
        let months = (x.year() - from.year()) as i64 * 12 + x.month() as i64 - from.month() as i64;
        if next.day() == 1 && months % i64::from(*interval) == 0 && x.day() < *day {
            out.push(x.with_day(1).unwrap());
        }
        x = next;
    }
    out
}

/// Independent resolution: gaps use the offset in force three hours earlier.
fn model_instant(local: NaiveDateTime, tz: Tz) -> DateTime<Utc> {
    match tz.from_local_datetime(&local) {
        LocalResult::Single(x) => x.with_timezone(&Utc),
        LocalResult::Ambiguous(a, b) => a.with_timezone(&Utc).min(b.with_timezone(&Utc)),
        LocalResult::None => {
            let before = tz
                .from_local_datetime(&(local - Duration::hours(3)))
                .earliest()
                .unwrap();
            let offset = before.offset().fix().local_minus_utc();
            (local - Duration::seconds(i64::from(offset))).and_utc()
        }
    }
}

const ZONES: [Tz; 5] = [
    chrono_tz::UTC,
    chrono_tz::Europe::Paris,
    chrono_tz::America::New_York,
    chrono_tz::Australia::Lord_Howe,
    chrono_tz::Asia::Kolkata,
];

fn weekday() -> impl Strategy<Value = Weekday> {
    prop::sample::select(vec![Mon, Tue, Wed, Thu, Fri, Sat, Sun])
}

fn frequency() -> impl Strategy<Value = Frequency> {
    prop_oneof![
        Just(Frequency::Daily),
        Just(Frequency::work_week()),
        prop::collection::vec(weekday(), 0..5).prop_map(Frequency::Weekdays),
        (1u32..=5, prop::collection::vec(weekday(), 1..5))
            .prop_map(|(interval, days)| Frequency::EveryNWeeks { interval, days }),
        // Days 29–31 often, to exercise short months.
        (1u32..=6, prop_oneof![29u32..=31, 1u32..=31])
            .prop_map(|(interval, day)| Frequency::EveryNMonths { interval, day }),
    ]
}

fn time() -> impl Strategy<Value = NaiveTime> {
    prop_oneof![
        // Times around the DST changes of the zones above.
        3 => prop::sample::select(vec![
            t(0, 0),
            t(1, 0),
            t(1, 30),
            t(1, 45),
            t(2, 0),
            t(2, 10),
            t(2, 30),
            t(2, 45),
            t(3, 0),
            t(3, 30),
            t(9, 0),
            t(23, 59),
        ]),
        1 => (0u32..24, 0u32..60).prop_map(|(h, m)| t(h, m)),
    ]
}

fn recurrence() -> impl Strategy<Value = Recurrence> {
    (
        frequency(),
        prop::collection::vec(time(), 1..=3),
        0i64..1500,
        -3i64..400,
    )
        .prop_map(|(frequency, times, start, len)| {
            let from = d(2026, 1, 1) + Duration::days(start);
            Recurrence {
                frequency,
                times,
                from,
                to: from + Duration::days(len),
            }
        })
}

/// Checks one expansion against the documented semantics and the independent model.
fn check(r: &Recurrence, tz: Tz) -> Result<(), TestCaseError> {
    let e = expand(r, tz);

    // Sorted by instant, no duplicates.
    for w in e.occurrences.windows(2) {
        prop_assert!(w[0].utc < w[1].utc, "not strictly sorted: {:?}", w);
    }

    for o in &e.occurrences {
        // `local` is the wall clock of `utc`.
        prop_assert_eq!(o.local, o.utc.with_timezone(&tz).naive_local());
        let requested = o.requested();
        prop_assert!(r.from <= requested.date() && requested.date() <= r.to);
        prop_assert!(r.times.contains(&requested.time()));
        prop_assert!(model_active(&r.frequency, r.from, requested.date()));
        match &o.resolution {
            Resolution::Exact => {
                prop_assert!(matches!(
                    tz.from_local_datetime(&o.local),
                    LocalResult::Single(_)
                ));
            }
            Resolution::Gap {
                requested,
                shifted_to,
            } => {
                prop_assert!(matches!(
                    tz.from_local_datetime(requested),
                    LocalResult::None
                ));
                prop_assert_eq!(*shifted_to, o.local);
                let shift = *shifted_to - *requested;
                prop_assert!(shift > Duration::zero() && shift <= Duration::hours(1));
                // Interpreted with the offset before the gap: `utc - shift` lies before the
                // transition, where that offset was in force.
                let before = tz.offset_from_utc_datetime(&(o.utc - shift).naive_utc());
                prop_assert_eq!(o.utc.naive_utc() + before.fix(), *requested);
            }
            Resolution::Overlap {
                requested,
                other_utc,
            } => {
                prop_assert_eq!(*requested, o.local);
                prop_assert!(*other_utc > o.utc);
                prop_assert_eq!(other_utc.with_timezone(&tz).naive_local(), o.local);
            }
        }
    }

    // Same instants as an independent day-by-day enumeration.
    let mut model = BTreeSet::new();
    let mut day = r.from;
    while day <= r.to {
        if model_active(&r.frequency, r.from, day) {
            for &time in &r.times {
                model.insert(model_instant(day.and_time(time), tz));
            }
        }
        day += Duration::days(1);
    }
    prop_assert_eq!(utcs(&e), model.into_iter().collect::<Vec<_>>());
    prop_assert_eq!(e.skipped, model_skipped(&r.frequency, r.from, r.to));
    Ok(())
}

/// Short ranges around the 2026–2028 DST changes of the zones, with night-time times.
fn dst_recurrence() -> impl Strategy<Value = Recurrence> {
    let changes = vec![
        d(2026, 3, 8),
        d(2026, 3, 29),
        d(2026, 10, 25),
        d(2026, 11, 1),
        d(2027, 3, 14),
        d(2027, 3, 28),
        d(2027, 4, 4),
        d(2027, 10, 3),
        d(2027, 10, 31),
        d(2027, 11, 7),
        d(2028, 4, 2),
        d(2028, 10, 1),
    ];
    let frequency = prop_oneof![
        Just(Frequency::Daily),
        Just(Frequency::Weekdays(vec![Sun])),
        (1u32..=2).prop_map(|interval| Frequency::EveryNWeeks {
            interval,
            days: vec![Sat, Sun]
        }),
    ];
    (
        frequency,
        prop::collection::vec((0u32..4, 0u32..60).prop_map(|(h, m)| t(h, m)), 1..=3),
        prop::sample::select(changes),
        -10i64..3,
        0i64..20,
    )
        .prop_map(|(frequency, times, change, start, len)| {
            let from = change + Duration::days(start);
            Recurrence {
                frequency,
                times,
                from,
                to: from + Duration::days(len),
            }
        })
}

fn zone() -> impl Strategy<Value = Tz> {
    prop::sample::select(ZONES.to_vec())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn expansion_matches_model(r in recurrence(), tz in zone()) {
        check(&r, tz)?;
    }

    #[test]
    fn expansion_matches_model_around_dst(r in dst_recurrence(), tz in zone()) {
        check(&r, tz)?;
    }
}
