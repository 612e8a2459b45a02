//! How the budget pass writes amounts and percentages in diagnostics.
//!
//! Money is written with exactly the currency's minor digits, groups of three digits separated
//! by a plain space, and the ISO code after a space: `25 400.00 EUR`, `1 200 000 JPY`,
//! `-1 400.00 EUR`, `0.500 KWD`. Percentages are written as exact decimals: `12.5%`. The
//! values are `i128` so that sums of many `i64` amounts are shown exactly, never wrapped.

use crate::ast::Currency;

/// `minor` minor units of a currency with `digits` minor digits, written `25 400.00 EUR`.
pub fn format_money(minor: i128, digits: u8, code: &str) -> String {
    format!("{} {code}", format_amount(minor, digits))
}

/// As [`format_money`], for a parsed currency.
pub fn money(minor: i128, currency: Currency) -> String {
    format_money(minor, currency.minor_digits, currency.as_str())
}

/// `minor` minor units written without the currency: `25 400.00`.
pub fn format_amount(minor: i128, digits: u8) -> String {
    let magnitude = minor.unsigned_abs();
    let digits = u32::from(digits);
    let (whole, fraction) = match 10u128.checked_pow(digits) {
        Some(unit) => (magnitude / unit, magnitude % unit),
        // More minor digits than any currency has: everything is the fraction.
        None => (0, magnitude),
    };
    let mut out = String::new();
    if minor < 0 {
        out.push('-');
    }
    out.push_str(&group_thousands(&whole.to_string()));
    if digits > 0 {
        out.push('.');
        out.push_str(&format!("{fraction:0width$}", width = digits as usize));
    }
    out
}

/// A percentage `units / 10^scale` percent, written exactly: `15%`, `12.5%`, `0.05%`.
pub fn format_percent(units: u128, scale: u8) -> String {
    let scale = u32::from(scale);
    let Some(unit) = 10u128.checked_pow(scale) else {
        return format!("{units}e-{scale}%");
    };
    let whole = units / unit;
    let fraction = units % unit;
    if scale == 0 {
        return format!("{whole}%");
    }
    let fraction = format!("{fraction:0width$}", width = scale as usize);
    let fraction = fraction.trim_end_matches('0');
    if fraction.is_empty() {
        format!("{whole}%")
    } else {
        format!("{whole}.{fraction}%")
    }
}

/// `1234567` → `1 234 567`.
fn group_thousands(digits: &str) -> String {
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(' ');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_has_the_currency_digits_and_grouped_thousands() {
        assert_eq!(format_money(2_540_000, 2, "EUR"), "25 400.00 EUR");
        assert_eq!(format_money(-140_000, 2, "EUR"), "-1 400.00 EUR");
        assert_eq!(format_money(5, 2, "EUR"), "0.05 EUR");
        assert_eq!(format_money(0, 2, "EUR"), "0.00 EUR");
        assert_eq!(format_money(1_200_000, 0, "JPY"), "1 200 000 JPY");
        assert_eq!(format_money(500, 3, "KWD"), "0.500 KWD");
        assert_eq!(format_money(99_999, 2, "USD"), "999.99 USD");
        assert_eq!(format_money(100_000, 2, "USD"), "1 000.00 USD");
        assert_eq!(
            format_money(i128::from(i64::MIN), 2, "EUR"),
            "-92 233 720 368 547 758.08 EUR"
        );
    }

    #[test]
    fn percentages_are_exact() {
        assert_eq!(format_percent(15, 0), "15%");
        assert_eq!(format_percent(125, 1), "12.5%");
        assert_eq!(format_percent(1250, 2), "12.5%");
        assert_eq!(format_percent(1000, 1), "100%");
        assert_eq!(format_percent(5, 2), "0.05%");
    }
}
