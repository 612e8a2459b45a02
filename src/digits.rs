//! Dates, times and integers written straight into an output `String` with integer arithmetic,
//! giving the same text as chrono's `format` (`%Y`, `%m`, `%d`, `%H`, `%M`, `%S`, `%A`, `%-d`,
//! `%B`) and `Display` of a `NaiveDate`, without parsing a format string or allocating.
//!
//! The calendar emitters write several dates per row, and `plan.json` two per post; chrono's
//! `format(…).to_string()` parses its pattern and allocates a `String` every time, and its
//! `Serialize` goes through `fmt` one piece at a time, which was a large share of their cost.

use std::fmt::Write as _;

use chrono::{Datelike, NaiveDate, NaiveDateTime, Timelike};

use crate::wording::weekday_name;

/// `n` (below 100) as two ASCII digits.
fn pair(n: u32) -> [u8; 2] {
    [b'0' + (n / 10 % 10) as u8, b'0' + (n % 10) as u8]
}

/// Appends `bytes`, which are ASCII in every use here (digits and one-byte separators; any
/// other byte would be written as the character of that code point, never as invalid UTF-8).
/// The callers pass arrays of a size known at compile time, so this is a few stores.
#[inline]
fn push_ascii(out: &mut String, bytes: &[u8]) {
    out.extend(bytes.iter().map(|&b| char::from(b)));
}

/// The four digits of a year that chrono writes as four plain digits (0 to 9999).
fn four_digits(year: i32) -> Option<[u8; 4]> {
    let y = u32::try_from(year).ok().filter(|&y| y <= 9999)?;
    let ([a, b], [c, d]) = (pair(y / 100), pair(y % 100));
    Some([a, b, c, d])
}

/// Appends a year as chrono's `%Y` and `NaiveDate`'s `Display` do: four digits from 0 to 9999,
/// otherwise with a sign and at least four digits (`+10000`, `-0001`).
pub(crate) fn year(out: &mut String, year: i32) {
    match four_digits(year) {
        Some(digits) => push_ascii(out, &digits),
        None => {
            let _ = write!(out, "{year:+05}");
        }
    }
}

/// Appends a date: `20270303` with `sep` empty (`%Y%m%d`), `2027-03-03` with `sep` `-`
/// (`%Y-%m-%d`, and the date's `Display`).
///
/// The common cases (a four-digit year, a separator of at most one byte) are appended as one
/// array of a size known here: writing a date one `char` at a time, or as a slice of any
/// length, cost more than the rest of a calendar row.
pub(crate) fn date(out: &mut String, d: NaiveDate, sep: &str) {
    let ([m1, m2], [d1, d2]) = (pair(d.month()), pair(d.day()));
    match (four_digits(d.year()), sep.as_bytes()) {
        (Some([a, b, c, e]), []) => push_ascii(out, &[a, b, c, e, m1, m2, d1, d2]),
        (Some([a, b, c, e]), &[s]) => push_ascii(out, &[a, b, c, e, s, m1, m2, s, d1, d2]),
        _ => {
            year(out, d.year());
            out.push_str(sep);
            push_ascii(out, &[m1, m2]);
            out.push_str(sep);
            push_ascii(out, &[d1, d2]);
        }
    }
}

/// Appends hours and minutes: `0900` with `sep` empty (`%H%M`), `09:00` with `sep` `:`.
pub(crate) fn hour_minute(out: &mut String, t: NaiveDateTime, sep: &str) {
    let ([h1, h2], [m1, m2]) = (pair(t.hour()), pair(t.minute()));
    match sep.as_bytes() {
        [] => push_ascii(out, &[h1, h2, m1, m2]),
        &[s] => push_ascii(out, &[h1, h2, s, m1, m2]),
        _ => {
            push_ascii(out, &[h1, h2]);
            out.push_str(sep);
            push_ascii(out, &[m1, m2]);
        }
    }
}

/// Appends a date and time: `20270303T080000` with `sep` `("", "")` (`%Y%m%dT%H%M%S`),
/// `2027-03-03T08:00:00` with `("-", ":")` (`%Y-%m-%dT%H:%M:%S`); the seconds are `60` during
/// a leap second, as with `%S`.
pub(crate) fn date_time(out: &mut String, t: NaiveDateTime, (date_sep, time_sep): (&str, &str)) {
    date(out, t.date(), date_sep);
    let ([h1, h2], [m1, m2]) = (pair(t.hour()), pair(t.minute()));
    let [s1, s2] = pair(t.second() + t.nanosecond() / 1_000_000_000);
    match time_sep.as_bytes() {
        [] => push_ascii(out, &[b'T', h1, h2, m1, m2, s1, s2]),
        &[c] => push_ascii(out, &[b'T', h1, h2, c, m1, m2, c, s1, s2]),
        _ => {
            out.push('T');
            hour_minute(out, t, time_sep);
            out.push_str(time_sep);
            push_ascii(out, &[s1, s2]);
        }
    }
}

/// Appends `Monday 1 March 2027` (`%A %-d %B %Y`).
pub(crate) fn long_date(out: &mut String, d: NaiveDate) {
    out.push_str(weekday_name(d.weekday()));
    out.push(' ');
    integer(out, i64::from(d.day()));
    out.push(' ');
    out.push_str(MONTHS[d.month0() as usize]);
    out.push(' ');
    year(out, d.year());
}

/// Appends an integer in decimal, as `Display` does.
pub(crate) fn integer(out: &mut String, n: i64) {
    out.push_str(itoa::Buffer::new().format(n));
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

#[cfg(test)]
mod tests {
    use chrono::{Duration, NaiveTime};
    use proptest::prelude::*;

    use super::*;

    fn with(f: impl FnOnce(&mut String)) -> String {
        let mut out = String::new();
        f(&mut out);
        out
    }

    fn at(y: i32, m: u32, d: u32, h: u32, min: u32, s: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, m, d)
            .and_then(|d| d.and_hms_opt(h, min, s))
            .expect("a valid date")
    }

    #[test]
    fn dates_and_times_match_chrono() {
        let t = at(2027, 3, 3, 8, 5, 9);
        assert_eq!(with(|o| date(o, t.date(), "")), "20270303");
        assert_eq!(with(|o| date(o, t.date(), "-")), "2027-03-03");
        assert_eq!(with(|o| hour_minute(o, t, ":")), "08:05");
        assert_eq!(with(|o| hour_minute(o, t, "")), "0805");
        assert_eq!(with(|o| date_time(o, t, ("", ""))), "20270303T080509");
        assert_eq!(with(|o| date_time(o, t, ("-", ":"))), "2027-03-03T08:05:09");
        assert_eq!(with(|o| long_date(o, t.date())), "Wednesday 3 March 2027");
    }

    #[test]
    fn years_outside_four_digits_are_signed_like_chrono() {
        for y in [-1, 0, 7, 999, 9999, 10_000, -10_000, 262_000] {
            let d = NaiveDate::from_ymd_opt(y, 12, 31).expect("a valid date");
            assert_eq!(with(|o| date(o, d, "-")), d.to_string(), "{y}");
            assert_eq!(with(|o| date(o, d, "")), d.format("%Y%m%d").to_string());
            assert_eq!(
                with(|o| long_date(o, d)),
                d.format("%A %-d %B %Y").to_string()
            );
            let t = d.and_hms_opt(1, 2, 3).expect("a valid time");
            assert_eq!(
                with(|o| date_time(o, t, ("", ""))),
                t.format("%Y%m%dT%H%M%S").to_string()
            );
        }
    }

    #[test]
    fn leap_second_is_sixty_like_chrono() {
        let t = NaiveDate::from_ymd_opt(2016, 12, 31)
            .and_then(|d| d.and_hms_milli_opt(23, 59, 59, 1_500))
            .expect("a leap second");
        assert_eq!(
            with(|o| date_time(o, t, ("-", ":"))),
            t.format("%Y-%m-%dT%H:%M:%S").to_string()
        );
    }

    #[test]
    fn integers_match_display() {
        for n in [0, 7, -7, 15, 1_000_000, i64::MIN, i64::MAX] {
            assert_eq!(with(|o| integer(o, n)), n.to_string());
        }
    }

    proptest! {
        #[test]
        fn any_minute_formats_like_chrono(minutes in -400_000_000i64..400_000_000) {
            let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).expect("epoch").and_time(NaiveTime::MIN);
            let t = epoch + Duration::minutes(minutes) + Duration::seconds(minutes % 60);
            prop_assert_eq!(
                with(|o| date_time(o, t, ("-", ":"))),
                t.format("%Y-%m-%dT%H:%M:%S").to_string()
            );
            prop_assert_eq!(
                with(|o| { date(o, t.date(), ""); o.push('T'); hour_minute(o, t, "") }),
                t.format("%Y%m%dT%H%M").to_string()
            );
            prop_assert_eq!(with(|o| long_date(o, t.date())), t.format("%A %-d %B %Y").to_string());
        }
    }
}
