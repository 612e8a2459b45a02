//! Time zone names: which are accepted, and what to suggest for the ones that are not.
//!
//! A zone is an IANA time zone name known to `chrono-tz` (`Europe/Paris`, `America/New_York`,
//! `UTC`, and the IANA aliases such as `US/Eastern` or `Asia/Calcutta`). Names are
//! case-sensitive, as in the IANA database.
//!
//! The legacy zones that IANA names after an abbreviation or a POSIX rule instead of a place
//! ([`ABBREVIATION_ZONES`]: `CET`, `EET`, `EST`, `EST5EDT`, `HST`, `MET`, `MST`, …) are refused:
//! they look like the abbreviations people write (`EST`, `CET`) but do not mean what those
//! abbreviations mean in daily use (`EST` never switches to summer time, so a New York plan
//! written in `EST` would be an hour off all summer). The error names the city zone to write.
//!
//! For a name that is not accepted, [`diagnose`] finds, in this order: the same name in another
//! case or with spaces for underscores (`europe/paris`, `America/New York`); a known abbreviation
//! or a UTC offset (`PST`, `CEST`, `UTC+1`); a city alone (`Paris` → `Europe/Paris`); a near
//! miss of a full name (`Europe/Pariss`); a near miss of a city (`Pari` → `Europe/Paris`).

use std::str::FromStr;

use chrono_tz::{Tz, TZ_VARIANTS};

use crate::schema;

/// IANA zones named after an abbreviation or a POSIX rule rather than a place; refused.
pub const ABBREVIATION_ZONES: &[&str] = &[
    "CET", "CST6CDT", "EET", "EST", "EST5EDT", "HST", "MET", "MST", "MST7MDT", "PST8PDT", "WET",
];

/// Common abbreviations and what to write instead: (abbreviation, what it usually stands for,
/// zones to suggest, first is the main suggestion).
const ABBREVIATIONS: &[(&str, &str, &[&str])] = &[
    (
        "EST",
        "US Eastern time",
        &["America/New_York", "America/Toronto"],
    ),
    (
        "EDT",
        "US Eastern time",
        &["America/New_York", "America/Toronto"],
    ),
    ("EST5EDT", "US Eastern time", &["America/New_York"]),
    ("ET", "US Eastern time", &["America/New_York"]),
    (
        "CST",
        "US Central time",
        &["America/Chicago", "America/Mexico_City"],
    ),
    ("CDT", "US Central time", &["America/Chicago"]),
    ("CST6CDT", "US Central time", &["America/Chicago"]),
    ("CT", "US Central time", &["America/Chicago"]),
    (
        "MST",
        "US Mountain time",
        &["America/Denver", "America/Phoenix"],
    ),
    ("MDT", "US Mountain time", &["America/Denver"]),
    ("MST7MDT", "US Mountain time", &["America/Denver"]),
    ("MT", "US Mountain time", &["America/Denver"]),
    (
        "PST",
        "US Pacific time",
        &["America/Los_Angeles", "America/Vancouver"],
    ),
    ("PDT", "US Pacific time", &["America/Los_Angeles"]),
    ("PST8PDT", "US Pacific time", &["America/Los_Angeles"]),
    ("PT", "US Pacific time", &["America/Los_Angeles"]),
    ("AKST", "Alaska time", &["America/Anchorage"]),
    ("AKDT", "Alaska time", &["America/Anchorage"]),
    ("HST", "Hawaii time", &["Pacific/Honolulu"]),
    (
        "CET",
        "Central European time",
        &["Europe/Paris", "Europe/Berlin", "Europe/Madrid"],
    ),
    (
        "CEST",
        "Central European summer time",
        &["Europe/Paris", "Europe/Berlin", "Europe/Madrid"],
    ),
    (
        "MET",
        "Central European time",
        &["Europe/Paris", "Europe/Berlin"],
    ),
    (
        "MEST",
        "Central European summer time",
        &["Europe/Paris", "Europe/Berlin"],
    ),
    (
        "EET",
        "Eastern European time",
        &["Europe/Athens", "Europe/Helsinki", "Europe/Bucharest"],
    ),
    (
        "EEST",
        "Eastern European summer time",
        &["Europe/Athens", "Europe/Helsinki"],
    ),
    ("WET", "Western European time", &["Europe/Lisbon"]),
    ("WEST", "Western European summer time", &["Europe/Lisbon"]),
    ("BST", "British summer time", &["Europe/London"]),
    (
        "IST",
        "Indian, Irish or Israel time",
        &["Asia/Kolkata", "Europe/Dublin", "Asia/Jerusalem"],
    ),
    ("MSK", "Moscow time", &["Europe/Moscow"]),
    ("JST", "Japan time", &["Asia/Tokyo"]),
    ("KST", "Korea time", &["Asia/Seoul"]),
    ("HKT", "Hong Kong time", &["Asia/Hong_Kong"]),
    ("SGT", "Singapore time", &["Asia/Singapore"]),
    ("PHT", "Philippine time", &["Asia/Manila"]),
    (
        "ICT",
        "Indochina time",
        &["Asia/Bangkok", "Asia/Ho_Chi_Minh"],
    ),
    ("WIB", "Western Indonesia time", &["Asia/Jakarta"]),
    ("PKT", "Pakistan time", &["Asia/Karachi"]),
    ("GST", "Gulf time", &["Asia/Dubai"]),
    (
        "AEST",
        "Australian Eastern time",
        &["Australia/Sydney", "Australia/Brisbane"],
    ),
    (
        "AEDT",
        "Australian Eastern summer time",
        &["Australia/Sydney", "Australia/Melbourne"],
    ),
    (
        "ACST",
        "Australian Central time",
        &["Australia/Adelaide", "Australia/Darwin"],
    ),
    ("AWST", "Australian Western time", &["Australia/Perth"]),
    ("NZST", "New Zealand time", &["Pacific/Auckland"]),
    ("NZDT", "New Zealand summer time", &["Pacific/Auckland"]),
    ("SAST", "South African time", &["Africa/Johannesburg"]),
    ("WAT", "West Africa time", &["Africa/Lagos"]),
    ("CAT", "Central Africa time", &["Africa/Maputo"]),
    ("EAT", "East Africa time", &["Africa/Nairobi"]),
    ("BRT", "Brasília time", &["America/Sao_Paulo"]),
    ("ART", "Argentina time", &["America/Argentina/Buenos_Aires"]),
];

/// Why a zone name is refused, and what to write instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    /// The diagnostic message.
    pub message: String,
    /// The primary label.
    pub label: String,
    /// The help line.
    pub help: String,
    /// The zone suggested, if one stands out (for tests and tools).
    pub suggestion: Option<&'static str>,
}

/// The zone a name stands for, or why it is refused.
pub fn parse(name: &str) -> Result<Tz, Refusal> {
    if ABBREVIATION_ZONES.contains(&name) {
        return Err(diagnose(name));
    }
    Tz::from_str(name).map_err(|_| diagnose(name))
}

/// Every accepted zone name.
fn names() -> impl Iterator<Item = &'static str> {
    TZ_VARIANTS
        .iter()
        .map(|t| t.name())
        .filter(|n| !ABBREVIATION_ZONES.contains(n))
}

fn normalise(s: &str) -> String {
    s.trim().replace(' ', "_").to_ascii_lowercase()
}

/// The city part of a zone name (`Europe/Paris` → `Paris`).
fn city(name: &str) -> &str {
    name.rsplit('/').next().unwrap_or(name)
}

/// Among zones with the same city, the one to suggest: a continental area first (not `US/…`
/// or `Etc/…`), then the shortest name.
fn preference(name: &str) -> (bool, usize, &str) {
    const AREAS: [&str; 9] = [
        "Africa/",
        "America/",
        "Antarctica/",
        "Asia/",
        "Atlantic/",
        "Australia/",
        "Europe/",
        "Indian/",
        "Pacific/",
    ];
    (!AREAS.iter().any(|a| name.starts_with(a)), name.len(), name)
}

const GENERIC_HELP: &str =
    "write an IANA time zone name, `Area/City`, such as `Europe/Paris`, `America/New_York` or `UTC`";

/// Explains why `name` is not an accepted zone (the caller knows it is not).
pub fn diagnose(name: &str) -> Refusal {
    let message = format!("`{name}` is not a time zone");
    let norm = normalise(name);

    // Same name, other case or spaces.
    if let Some(exact) = names().find(|n| n.to_ascii_lowercase() == norm) {
        return Refusal {
            message,
            label: format!("did you mean `{exact}`?"),
            help: format!("zone names are written exactly as in the IANA database: `{exact}`"),
            suggestion: Some(exact),
        };
    }

    // Abbreviations.
    let upper = name.trim().to_ascii_uppercase();
    if let Some((abbr, meaning, zones)) = ABBREVIATIONS.iter().find(|(a, _, _)| *a == upper) {
        let list = zones
            .iter()
            .map(|z| format!("`{z}`"))
            .collect::<Vec<_>>()
            .join(", ");
        let message = if ABBREVIATION_ZONES.contains(&name) {
            format!("`{name}` is an abbreviation, not a place: write the zone of a city")
        } else {
            format!("`{name}` is an abbreviation, not a time zone")
        };
        return Refusal {
            message,
            label: format!("{abbr} is {meaning}"),
            help: format!(
                "name the place the clocks follow, summer time included: {list}{}",
                if zones.len() > 1 {
                    " or the city nearest your audience"
                } else {
                    ""
                }
            ),
            suggestion: zones.first().copied(),
        };
    }

    // UTC offsets.
    if let Some(hours) = offset_hours(&upper) {
        let fixed = if (-14..=12).contains(&hours) {
            let etc = if hours == 0 {
                "UTC".to_string()
            } else {
                format!("Etc/GMT{:+}", -hours)
            };
            format!("; for a fixed offset all year, write `{etc}` (IANA inverts the sign in `Etc/GMT` names)")
        } else {
            String::new()
        };
        return Refusal {
            message,
            label: "a UTC offset, not a time zone".into(),
            help: format!(
                "an offset does not follow summer time: name the place instead, such as `Europe/Paris`{fixed}"
            ),
            suggestion: None,
        };
    }

    // A city alone.
    if !norm.contains('/') {
        let mut cities: Vec<&'static str> = names()
            .filter(|n| n.contains('/') && city(n).to_ascii_lowercase() == norm)
            .collect();
        cities.sort_by_key(|n| preference(n));
        if let Some(best) = cities.first().copied() {
            return Refusal {
                message,
                label: format!("did you mean `{best}`?"),
                help: format!("zone names include their area: write `{best}`"),
                suggestion: Some(best),
            };
        }
    }

    // A near miss of a full name.
    if let Some(near) = schema::suggest(&name.replace(' ', "_"), names()) {
        return Refusal {
            message,
            label: format!("did you mean `{near}`?"),
            help: format!("write `{near}`, or another IANA time zone name"),
            suggestion: Some(near),
        };
    }

    // A near miss of a city.
    let written_city = city(&norm).to_string();
    if written_city.len() >= 4 {
        let mut by_city: Vec<&'static str> = names().filter(|n| n.contains('/')).collect();
        by_city.sort_by_key(|n| preference(n));
        if let Some(c) = schema::suggest(&written_city, by_city.iter().map(|n| city(n))) {
            if let Some(best) = by_city.iter().copied().find(|n| city(n) == c) {
                return Refusal {
                    message,
                    label: format!("did you mean `{best}`?"),
                    help: format!("write `{best}`, or another IANA time zone name"),
                    suggestion: Some(best),
                };
            }
        }
    }

    Refusal {
        message,
        label: "unknown time zone".into(),
        help: GENERIC_HELP.into(),
        suggestion: None,
    }
}

/// `UTC+1`, `GMT-05:00`, `+02:00`, `UTC+5:30` → whole hours east of UTC (rounded toward zero);
/// `None` when the text is not an offset.
fn offset_hours(upper: &str) -> Option<i32> {
    let rest = upper
        .strip_prefix("UTC")
        .or_else(|| upper.strip_prefix("GMT"))
        .unwrap_or(upper)
        .trim();
    let (sign, digits) = match rest.chars().next()? {
        '+' => (1, &rest[1..]),
        '-' | '−' => (-1, &rest[rest.chars().next()?.len_utf8()..]),
        _ => return None,
    };
    let hours_text = digits.split(':').next()?;
    let hours_text = if hours_text.len() == 4 && !digits.contains(':') {
        &hours_text[..2]
    } else {
        hours_text
    };
    if hours_text.is_empty()
        || hours_text.len() > 2
        || !digits.chars().all(|c| c.is_ascii_digit() || c == ':')
    {
        return None;
    }
    let hours: i32 = hours_text.parse().ok()?;
    Some(sign * hours)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_iana_names_and_aliases() {
        for n in [
            "Europe/Paris",
            "America/New_York",
            "UTC",
            "US/Eastern",
            "Asia/Calcutta",
            "Etc/GMT-1",
        ] {
            assert!(parse(n).is_ok(), "{n}");
        }
    }

    #[test]
    fn every_suggested_zone_exists() {
        for (_, _, zones) in ABBREVIATIONS {
            for z in *zones {
                assert!(parse(z).is_ok(), "{z}");
            }
        }
        for z in ABBREVIATION_ZONES {
            assert!(Tz::from_str(z).is_ok(), "{z} is in chrono-tz");
        }
    }

    #[test]
    fn suggestions() {
        let s = |n: &str| diagnose(n).suggestion;
        assert_eq!(s("Paris"), Some("Europe/Paris"));
        assert_eq!(s("paris"), Some("Europe/Paris"));
        assert_eq!(s("New York"), Some("America/New_York"));
        assert_eq!(s("europe/paris"), Some("Europe/Paris"));
        assert_eq!(s("America/New York"), Some("America/New_York"));
        assert_eq!(s("Europe/Pariss"), Some("Europe/Paris"));
        assert_eq!(s("Europe/Brusels"), Some("Europe/Brussels"));
        assert_eq!(s("CET"), Some("Europe/Paris"));
        assert_eq!(s("EST"), Some("America/New_York"));
        assert_eq!(s("PST"), Some("America/Los_Angeles"));
        assert_eq!(s("Buenos_Aires"), Some("America/Buenos_Aires"));
        assert!(parse("CET").is_err());
        assert!(parse("EST").is_err());
        assert!(parse("Mars/Olympus").is_err());
    }

    #[test]
    fn offsets() {
        assert_eq!(offset_hours("UTC+1"), Some(1));
        assert_eq!(offset_hours("GMT-05:00"), Some(-5));
        assert_eq!(offset_hours("+0200"), Some(2));
        assert_eq!(offset_hours("UTC+5:30"), Some(5));
        assert_eq!(offset_hours("UTC"), None);
        assert_eq!(offset_hours("PARIS"), None);
        let r = diagnose("UTC+1");
        assert!(r.help.contains("Etc/GMT-1"), "{}", r.help);
    }
}
