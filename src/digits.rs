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

/// Appends `n` (below 100) as two digits.
fn two(out: &mut String, n: u32) {
    out.push(char::from(b'0' + (n / 10 % 10) as u8));
    out.push(char::from(b'0' + (n % 10) as u8));
}

/// Appends a year as chrono's `%Y` and `NaiveDate`'s `Display` do: four digits from 0 to 9999,
/// otherwise with a sign and at least four digits (`+10000`, `-0001`).
pub(crate) fn year(out: &mut String, year: i32) {
    if (0..=9999).contains(&year) {
        let y = year as u32;
        two(out, y / 100);
        two(out, y % 100);
    } else {
        let _ = write!(out, "{year:+05}");
    }
}

/// Appends a date: `20270303` with `sep` empty (`%Y%m%d`), `2027-03-03` with `sep` `-`
/// (`%Y-%m-%d`, and the date's `Display`).
pub(crate) fn date(out: &mut String, d: NaiveDate, sep: &str) {
    year(out, d.year());
    out.push_str(sep);
    two(out, d.month());
    out.push_str(sep);
    two(out, d.day());
}

/// Appends hours and minutes: `0900` with `sep` empty (`%H%M`), `09:00` with `sep` `:`.
pub(crate) fn hour_minute(out: &mut String, t: NaiveDateTime, sep: &str) {
    two(out, t.hour());
    out.push_str(sep);
    two(out, t.minute());
}

/// Appends a date and time: `20270303T080000` with `sep` `("", "")` (`%Y%m%dT%H%M%S`),
/// `2027-03-03T08:00:00` with `("-", ":")` (`%Y-%m-%dT%H:%M:%S`); the seconds are `60` during
/// a leap second, as with `%S`.
pub(crate) fn date_time(out: &mut String, t: NaiveDateTime, (date_sep, time_sep): (&str, &str)) {
    date(out, t.date(), date_sep);
    out.push('T');
    hour_minute(out, t, time_sep);
    out.push_str(time_sep);
    two(out, t.second() + t.nanosecond() / 1_000_000_000);
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
