//! How amounts, counts and percentages are written for people, in one place for the checker's
//! messages and the emitters' files alike.
//!
//! Money has exactly its currency's minor digits and a plain space between groups of three
//! digits: `25 400.00 EUR`, `1 200 000 JPY`, `-1 400.00 EUR`, `0.500 KWD`. Values are `i128` so
//! that sums of many `i64` amounts are shown exactly, never wrapped.

use crate::ast::Currency;

/// `1234567` → `1 234 567`.
pub fn grouped_int(n: impl Into<i128>) -> String {
    let n = n.into();
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if n < 0 {
        out.push('-');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(' ');
        }
        out.push(c);
    }
    out
}

/// Splits `minor` units into whole and fraction parts for `digits` minor digits.
fn parts(minor: i128, digits: u8) -> (u128, Option<String>) {
    let magnitude = minor.unsigned_abs();
    let digits = u32::from(digits);
    let (whole, fraction) = match 10u128.checked_pow(digits) {
        Some(unit) => (magnitude / unit, magnitude % unit),
        // More minor digits than any currency has: everything is the fraction.
        None => (0, magnitude),
    };
    let fraction = (digits > 0).then(|| format!("{fraction:0width$}", width = digits as usize));
    (whole, fraction)
}

/// `123456` minor units with 2 digits → `1234.56`: no grouping, for machines (CSV cells) and for
/// amounts written back in plan syntax.
pub fn decimal(minor: impl Into<i128>, digits: u8) -> String {
    let minor = minor.into();
    let (whole, fraction) = parts(minor, digits);
    let sign = if minor < 0 { "-" } else { "" };
    match fraction {
        Some(f) => format!("{sign}{whole}.{f}"),
        None => format!("{sign}{whole}"),
    }
}

/// `2540000` minor units with 2 digits → `25 400.00`.
pub fn grouped(minor: impl Into<i128>, digits: u8) -> String {
    let minor = minor.into();
    let (whole, fraction) = parts(minor, digits);
    let sign = if minor < 0 { "-" } else { "" };
    let whole = grouped_int(whole as i128);
    match fraction {
        Some(f) => format!("{sign}{whole}.{f}"),
        None => format!("{sign}{whole}"),
    }
}

/// `2540000` minor units of EUR → `25 400.00 EUR`.
pub fn money(minor: impl Into<i128>, digits: u8, code: &str) -> String {
    format!("{} {code}", grouped(minor, digits))
}

/// As [`money`], for a parsed currency.
pub fn money_in(minor: impl Into<i128>, currency: Currency) -> String {
    money(minor, currency.minor_digits, currency.as_str())
}

/// A percentage `units / 10^scale` percent, written exactly: `15%`, `12.5%`, `0.05%`.
pub fn percent(units: u128, scale: u8) -> String {
    let scale = u32::from(scale);
    let Some(unit) = 10u128.checked_pow(scale) else {
        return format!("{units}e-{scale}%");
    };
    let whole = units / unit;
    let fraction = format!("{:0width$}", units % unit, width = scale as usize);
    let fraction = fraction.trim_end_matches('0');
    if fraction.is_empty() {
        format!("{whole}%")
    } else {
        format!("{whole}.{fraction}%")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_has_the_currency_digits_and_grouped_thousands() {
        assert_eq!(money(2_540_000, 2, "EUR"), "25 400.00 EUR");
        assert_eq!(money(-140_000, 2, "EUR"), "-1 400.00 EUR");
        assert_eq!(money(5, 2, "EUR"), "0.05 EUR");
        assert_eq!(money(1_200_000, 0, "JPY"), "1 200 000 JPY");
        assert_eq!(money(500, 3, "KWD"), "0.500 KWD");
        assert_eq!(
            money(i128::from(i64::MAX) * 3, 2, "EUR"),
            "276 701 161 105 643 274.21 EUR"
        );
    }

    #[test]
    fn decimals_are_plain() {
        assert_eq!(decimal(123_456, 2), "1234.56");
        assert_eq!(decimal(-5, 3), "-0.005");
        assert_eq!(decimal(7, 0), "7");
    }

    #[test]
    fn counts_and_percentages() {
        assert_eq!(grouped_int(6000), "6 000");
        assert_eq!(grouped_int(-2_000_000), "-2 000 000");
        assert_eq!(percent(125, 1), "12.5%");
        assert_eq!(percent(1500, 2), "15%");
        assert_eq!(percent(5, 2), "0.05%");
    }
}
