//! Units of KPI values: which literal fits which metric unit, how values are shown, examples.

use crate::ast::{Currency, Decimal, ValueKind};
use crate::schema::metrics::{Direction, Metric, Unit};

/// The unit a literal is written in, if it is a measure at all. A custom metric takes the unit
/// of its target this way: an integer is a count, a decimal a ratio (a plain number).
pub fn unit_of(v: &ValueKind) -> Option<Unit> {
    Some(match v {
        ValueKind::Integer(_) => Unit::Count,
        ValueKind::Decimal(_) => Unit::Ratio,
        ValueKind::Percent(_) => Unit::Percent,
        ValueKind::Money(_) => Unit::Money,
        ValueKind::Duration(_) => Unit::Duration,
        _ => return None,
    })
}

/// Whether a literal is written in `unit` (currency aside). A ratio accepts an integer (`4`).
pub fn fits(unit: Unit, v: &ValueKind) -> bool {
    matches!(
        (unit, v),
        (Unit::Count, ValueKind::Integer(_))
            | (Unit::Percent, ValueKind::Percent(_))
            | (Unit::Money, ValueKind::Money(_))
            | (Unit::Ratio, ValueKind::Decimal(_) | ValueKind::Integer(_))
            | (Unit::Duration, ValueKind::Duration(_))
    )
}

/// The unit's name in the plan (`count`, `percent`, `money`, `ratio`, `duration`).
pub fn name(unit: Unit) -> &'static str {
    match unit {
        Unit::Count => "count",
        Unit::Percent => "percent",
        Unit::Money => "money",
        Unit::Ratio => "ratio",
        Unit::Duration => "duration",
    }
}

/// What a value of the unit is, for messages: "a whole number", "an amount in EUR"…
pub fn expected(unit: Unit, currency: Option<Currency>) -> String {
    match unit {
        Unit::Count => "a whole number".into(),
        Unit::Percent => "a percentage".into(),
        Unit::Money => match currency {
            Some(c) => format!("an amount in {}", c.as_str()),
            None => "an amount of money".into(),
        },
        Unit::Ratio => "a plain number (a ratio such as 4.0)".into(),
        Unit::Duration => "a duration".into(),
    }
}

/// A value as written in a plan: `150000`, `4.5%`, `0.45 EUR`, `4.0`, `2h`.
pub fn show(v: &ValueKind) -> String {
    match v {
        ValueKind::Integer(i) => i.to_string(),
        ValueKind::Decimal(d) => d.to_string(),
        ValueKind::Percent(d) => format!("{d}%"),
        ValueKind::Money(m) => m.to_string(),
        ValueKind::Duration(d) => d.to_string(),
        other => other.type_name().to_string(),
    }
}

/// The operator a metric's good direction calls for.
pub fn op_for(direction: Direction) -> &'static str {
    match direction {
        Direction::Up => ">=",
        Direction::Down => "<=",
    }
}

/// An example value of a unit (without operator), money in the plan's currency.
pub fn example_value(unit: Unit, direction: Direction, currency: Option<Currency>) -> String {
    if unit != Unit::Money {
        let ex = unit.example();
        return ex.split_once(' ').map_or(ex, |(_, v)| v).to_string();
    }
    let (code, digits) = match &currency {
        Some(c) => (c.as_str(), c.minor_digits),
        None => ("EUR", 2),
    };
    match (direction, digits) {
        (Direction::Up, _) => format!("30000 {code}"),
        (Direction::Down, 0) => format!("100 {code}"),
        (Direction::Down, _) => format!("0.80 {code}"),
    }
}

/// An example target for a metric: `>= 150000`, `<= 0.80 EUR`.
pub fn example_target(metric: &Metric, currency: Option<Currency>) -> String {
    format!(
        "{} {}",
        op_for(metric.direction),
        example_value(metric.unit, metric.direction, currency)
    )
}

/// What the user probably meant when a value has the wrong unit, reusing their number:
/// `4.5` or `0.045` for a rate → `4.5%`; `12` for a cost → `12 EUR`; `400%` for a ratio → `4`.
pub fn guess(unit: Unit, v: &ValueKind, currency: Option<Currency>) -> Option<String> {
    match (unit, v) {
        (Unit::Percent, ValueKind::Integer(i)) => Some(format!("{i}%")),
        (Unit::Percent, ValueKind::Decimal(d)) => {
            let p = pow10(d.scale)?;
            if d.units < p {
                // 0.045 reads as a fraction: 4.5%.
                let percent = Decimal {
                    units: d.units.checked_mul(100)?,
                    scale: d.scale,
                };
                Some(format!("{}%", trim(percent)))
            } else {
                Some(format!("{d}%"))
            }
        }
        (Unit::Money, ValueKind::Integer(i)) => currency.map(|c| format!("{i} {}", c.as_str())),
        (Unit::Money, ValueKind::Decimal(d)) => currency
            .filter(|c| d.scale <= c.minor_digits)
            .map(|c| format!("{d} {}", c.as_str())),
        (Unit::Count, ValueKind::Decimal(d)) => {
            let p = pow10(d.scale)?;
            (d.units % p == 0).then(|| (d.units / p).to_string())
        }
        (Unit::Ratio, ValueKind::Percent(d)) => {
            // 400% → 4; 250% → 2.5
            let ratio = Decimal {
                units: d.units,
                scale: d.scale.checked_add(2)?,
            };
            Some(trim(ratio).to_string())
        }
        _ => None,
    }
}

/// Removes trailing zeros after the point (`4.50` → `4.5`, `4.00` → `4`).
fn trim(mut d: Decimal) -> Decimal {
    while d.scale > 0 && d.units % 10 == 0 {
        d.units /= 10;
        d.scale -= 1;
    }
    d
}

fn pow10(scale: u8) -> Option<i64> {
    10i64.checked_pow(u32::from(scale))
}

/// Whether a percentage is above 100%.
pub fn above_100(d: Decimal) -> bool {
    // Past 10^18 the scale makes any i64 a tiny fraction.
    pow10(d.scale).is_some_and(|p| i128::from(d.units) > 100 * i128::from(p))
}

/// An integer with spaces between thousands: `6 000`, `2 000 000`.
pub fn group(n: i64) -> String {
    crate::numbers::grouped_int(n)
}

/// Money for notes: `6 000.00 EUR`.
pub fn money(minor: i64, digits: u8, code: &str) -> String {
    crate::numbers::money(minor, digits, code)
}

/// Money in the syntax of a plan: `6000.00 EUR` (for help lines the user may copy).
pub fn money_literal(minor: i64, digits: u8, code: &str) -> String {
    let d = Decimal {
        units: minor,
        scale: digits,
    };
    format!("{d} {code}")
}
