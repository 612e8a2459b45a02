//! How the plan's dates and times are serialised: the very text of chrono's `Serialize`
//! (`2027-03-01`, `2027-03-01T09:00:00`, `2027-03-01T08:00:00Z`), written with
//! [`crate::digits`] instead of chrono's `fmt` path, which cost more than the rest of a post's
//! fields in `plan.json`. Anything unusual (a fraction of a second) goes to chrono itself.
//!
//! Used through `#[serde(serialize_with = …)]` on the plan's fields; their JSON Schema is
//! chrono's (`#[schemars(with = …)]`).

use chrono::{DateTime, NaiveDate, NaiveDateTime, Timelike, Utc};
use serde::ser::{SerializeSeq, SerializeTuple};
use serde::{Serialize, Serializer};

use crate::digits;

/// Room for the longest text written here (a signed six-digit year, a time and a zone).
const ROOM: usize = 32;

/// A local date and time, as chrono's `Serialize` writes it.
pub fn local<S: Serializer>(t: &NaiveDateTime, serializer: S) -> Result<S::Ok, S::Error> {
    if t.nanosecond() != 0 {
        return t.serialize(serializer);
    }
    let mut text = String::with_capacity(ROOM);
    digits::date_time(&mut text, *t, ("-", ":"));
    serializer.serialize_str(&text)
}

/// An instant, as chrono's `Serialize` writes it (UTC, with a `Z`).
pub fn utc<S: Serializer>(t: &DateTime<Utc>, serializer: S) -> Result<S::Ok, S::Error> {
    if t.nanosecond() != 0 {
        return t.serialize(serializer);
    }
    let mut text = String::with_capacity(ROOM);
    digits::date_time(&mut text, t.naive_utc(), ("-", ":"));
    text.push('Z');
    serializer.serialize_str(&text)
}

/// A date, as chrono's `Serialize` writes it.
pub fn date<S: Serializer>(d: &NaiveDate, serializer: S) -> Result<S::Ok, S::Error> {
    let mut text = String::with_capacity(ROOM);
    digits::date(&mut text, *d, "-");
    serializer.serialize_str(&text)
}

/// Dates, as [`date`] writes each.
pub fn dates<S: Serializer>(days: &[NaiveDate], serializer: S) -> Result<S::Ok, S::Error> {
    let mut seq = serializer.serialize_seq(Some(days.len()))?;
    for d in days {
        seq.serialize_element(&Date(d))?;
    }
    seq.end()
}

/// `[date, amount]` pairs, each date as [`date`] writes it.
pub fn dated_amounts<S: Serializer>(
    days: &[(NaiveDate, i64)],
    serializer: S,
) -> Result<S::Ok, S::Error> {
    let mut seq = serializer.serialize_seq(Some(days.len()))?;
    for (d, amount) in days {
        seq.serialize_element(&DatedAmount(d, *amount))?;
    }
    seq.end()
}

/// A local date and time that serialises as [`local`] writes it (for a serializer of one's own).
pub(crate) struct Local<'a>(pub &'a NaiveDateTime);

impl Serialize for Local<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        local(self.0, serializer)
    }
}

/// An instant that serialises as [`utc`] writes it.
pub(crate) struct Instant<'a>(pub &'a DateTime<Utc>);

impl Serialize for Instant<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        utc(self.0, serializer)
    }
}

struct Date<'a>(&'a NaiveDate);

impl Serialize for Date<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        date(self.0, serializer)
    }
}

struct DatedAmount<'a>(&'a NaiveDate, i64);

impl Serialize for DatedAmount<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut pair = serializer.serialize_tuple(2)?;
        pair.serialize_element(&Date(self.0))?;
        pair.serialize_element(&self.1)?;
        pair.end()
    }
}

#[cfg(test)]
mod tests {
    use chrono::{Duration, NaiveTime};
    use proptest::prelude::*;

    use super::*;

    #[derive(Serialize)]
    struct Fast {
        #[serde(serialize_with = "local")]
        local: NaiveDateTime,
        #[serde(serialize_with = "utc")]
        utc: DateTime<Utc>,
        #[serde(serialize_with = "date")]
        date: NaiveDate,
        #[serde(serialize_with = "dates")]
        dates: Vec<NaiveDate>,
        #[serde(serialize_with = "dated_amounts")]
        days: Vec<(NaiveDate, i64)>,
    }

    #[derive(Serialize)]
    struct Chrono {
        local: NaiveDateTime,
        utc: DateTime<Utc>,
        date: NaiveDate,
        dates: Vec<NaiveDate>,
        days: Vec<(NaiveDate, i64)>,
    }

    fn both(t: NaiveDateTime) -> (String, String) {
        let d = t.date();
        let fast = Fast {
            local: t,
            utc: t.and_utc(),
            date: d,
            dates: vec![d, d],
            days: vec![(d, -7), (d, 12)],
        };
        let chrono = Chrono {
            local: t,
            utc: t.and_utc(),
            date: d,
            dates: vec![d, d],
            days: vec![(d, -7), (d, 12)],
        };
        (
            serde_json::to_string(&fast).expect("serialisable"),
            serde_json::to_string(&chrono).expect("serialisable"),
        )
    }

    fn epoch() -> NaiveDateTime {
        NaiveDate::from_ymd_opt(1970, 1, 1)
            .expect("epoch")
            .and_time(NaiveTime::MIN)
    }

    #[test]
    fn unusual_years_fractions_and_leap_seconds_are_chronos() {
        let odd = [
            NaiveDate::from_ymd_opt(-1, 12, 31).and_then(|d| d.and_hms_opt(0, 0, 0)),
            NaiveDate::from_ymd_opt(10_000, 1, 1).and_then(|d| d.and_hms_opt(23, 59, 59)),
            NaiveDate::from_ymd_opt(2027, 3, 1).and_then(|d| d.and_hms_milli_opt(9, 0, 0, 250)),
            NaiveDate::from_ymd_opt(2016, 12, 31)
                .and_then(|d| d.and_hms_milli_opt(23, 59, 59, 1_000)),
        ];
        for t in odd {
            let (fast, chrono) = both(t.expect("a valid time"));
            assert_eq!(fast, chrono);
        }
    }

    proptest! {
        #[test]
        fn any_second_serialises_as_chrono_does(seconds in -12_000_000_000i64..12_000_000_000) {
            let (fast, chrono) = both(epoch() + Duration::seconds(seconds));
            prop_assert_eq!(fast, chrono);
        }
    }
}
