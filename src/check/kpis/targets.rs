//! Targets and baselines: in their metric's unit (`E0801`, `E0805`), rates up to 100% (`E0802`),
//! and the operator that points the right way (`W0801`).
//!
//! A target is only useful if it can be compared with what the platforms report: `reach >= 4.5%`
//! or `cpc >= 0.40 EUR` is a typo or a misunderstanding that nobody would notice until the
//! campaign's review. The unit helpers (what fits, how to show it, examples) are in [`units`].
//!
//! # Rules (language reference)
//!
//! **Units (`E0801`).** A target is written in its metric's unit (the metric table,
//! [`crate::schema::metrics`]): a count is a whole number (`>= 150000`), a rate a percentage
//! (`>= 4.5%`), a cost or revenue an amount of money (`<= 0.45 EUR`), `roas` a plain number
//! (`>= 4.0`; an integer is accepted too), `response_time` a duration (`<= 2h`). Money must be in
//! the plan's currency (see `currency`). A custom metric (`metric custom "…"`) takes the unit of
//! its target, which may be any of these (an integer is a count, a decimal a plain number).
//!
//! **Rates (`E0802`).** A percentage target or baseline of a rate is at most 100%, except for the
//! unbounded metrics `follower_growth` and `roi`. A custom metric's percentages are not bounded
//! (smm does not know what they measure).
//!
//! **Direction (`W0801`, `target-direction`).** A metric whose good direction is up (reach,
//! engagement rate, ROAS…) takes a minimum (`>=`); one whose good direction is down (CPC, CPA,
//! response time) takes a maximum (`<=`). The other operator is a warning. `=` is accepted for
//! every metric: it asks for exactly that value (`response_rate = 100%`). Custom metrics have no
//! known direction and are not checked. A target whose unit is wrong is not checked either (it
//! will be rewritten anyway).
//!
//! **Baseline (`E0805`).** A baseline is in the metric's unit (for a custom metric, the unit of
//! its target; a whole and a decimal number are both plain numbers there), money in the plan's
//! currency.

use crate::ast::{CmpOp, Currency, Value, ValueKind};
use crate::check::model::{Kpi, MetricRef, Spanned, Target};
use crate::diagnostic::Diagnostic;
use crate::schema::metrics::{Direction, Metric, Unit};
use crate::source::Span;
use crate::wording::article;

use super::currency::{currency_fits, PlanCurrency};
use super::units;

/// Checks a target's unit, currency, bound and direction; returns the KPI's unit when the
/// target fits its metric.
pub(super) fn check_target(
    kpi: &Kpi,
    currency: Option<PlanCurrency>,
    out: &mut Vec<Diagnostic>,
) -> Option<Unit> {
    let (Some(metric), Some(target)) = (&kpi.metric, &kpi.target) else {
        return None;
    };
    let Target { op, value } = &target.value;
    if matches!(value.kind, ValueKind::Invalid) {
        return None;
    }
    let cur = currency.map(|c| c.currency);
    match &metric.value {
        MetricRef::Known(m) => {
            if !units::fits(m.unit, &value.kind) {
                let fix = match units::guess(m.unit, &value.kind, cur) {
                    Some(g) => format!("write `target {} {g}`", op.as_str()),
                    None => format!(
                        "{} `{}` target is {}: write, for example, `target {}`",
                        article(m.name),
                        m.name,
                        m.unit.describe(),
                        units::example_target(m, cur)
                    ),
                };
                out.push(wrong_unit("E0801", "target", m, value, cur).help(fix));
                return None;
            }
            if !currency_fits("E0801", "target", value, currency, out) {
                return None;
            }
            if let ValueKind::Percent(p) = value.kind {
                if !m.unbounded && units::above_100(p) {
                    out.push(rate_above_100(m, "target", value));
                }
            }
            check_direction(m, target, out);
            Some(m.unit)
        }
        MetricRef::Custom(name) => {
            let Some(unit) = units::unit_of(&value.kind) else {
                out.push(
                    Diagnostic::new(
                        "E0801",
                        value.span,
                        format!(
                            "the target of \"{name}\" must be a measure, not {}",
                            value.kind.type_name()
                        ),
                    )
                    .label("not a measure")
                    .help(
                        "a custom metric takes the unit of its target: write a number \
                         (`>= 150`), a percentage (`>= 45%`), an amount (`>= 5000 EUR`) or a \
                         duration (`<= 2h`)",
                    ),
                );
                return None;
            };
            currency_fits("E0801", "target", value, currency, out).then_some(unit)
        }
    }
}

/// `E0801`, `E0805`: a known metric's target or baseline (`what`) not in the metric's unit
/// (the help says what to write).
fn wrong_unit(
    code: &'static str,
    what: &str,
    m: &Metric,
    value: &Value,
    cur: Option<Currency>,
) -> Diagnostic {
    Diagnostic::new(
        code,
        value.span,
        format!(
            "{} `{}` {what} must be {}, not {}",
            article(m.name),
            m.name,
            units::expected(m.unit, cur),
            value.kind.type_name()
        ),
    )
    .label(format!("expected {}", units::expected(m.unit, cur)))
}

/// `E0802`: a rate's target or baseline (`what`) above 100%.
fn rate_above_100(m: &Metric, what: &str, value: &Value) -> Diagnostic {
    Diagnostic::new(
        "E0802",
        value.span,
        format!("`{}` is a rate: a {what} cannot be above 100%", m.name),
    )
    .label(format!("{} is more than 100%", units::show(&value.kind)))
    .help(format!(
        "write a rate between 0% and 100%, such as `{}`",
        if what == "target" {
            "target >= 4.5%"
        } else {
            "baseline 3.1%"
        }
    ))
    .note("only follower_growth and roi may exceed 100%")
}

/// `W0801`: a maximum for a metric where more is better, or a minimum where less is better.
fn check_direction(m: &Metric, target: &Spanned<Target>, out: &mut Vec<Diagnostic>) {
    let Target { op, value } = &target.value;
    let (bound, wrong, better) = match (m.direction, op) {
        (Direction::Up, CmpOp::Le) => ("minimum", "a ceiling", "more"),
        (Direction::Down, CmpOp::Ge) => ("maximum", "a floor", "less"),
        _ => return,
    };
    let better = match (m.direction, m.unit) {
        (Direction::Down, Unit::Money | Unit::Duration) => format!("a lower {} is better", m.name),
        (Direction::Up, Unit::Percent | Unit::Ratio) => format!("a higher {} is better", m.name),
        _ => format!("{better} {} is better", m.name),
    };
    // The operator, as far as it goes (a malformed operator was read as the nearest one).
    let op_end = (target.span.start + op.as_str().len() as u32).min(value.span.start);
    let op_span = Span {
        end: op_end.max(target.span.start + 1).min(target.span.end),
        ..target.span
    };
    out.push(
        Diagnostic::new(
            "W0801",
            op_span,
            format!(
                "{} `{}` target is a {bound}: write `{} {}`",
                article(m.name),
                m.name,
                units::op_for(m.direction),
                units::show(&value.kind)
            ),
        )
        .label(format!(
            "`{}` makes {} {wrong}",
            op.as_str(),
            units::show(&value.kind)
        ))
        .help(format!(
            "{better}: write `target {} {}`, or `target = {}` for an exact value",
            units::op_for(m.direction),
            units::show(&value.kind),
            units::show(&value.kind)
        )),
    );
}

/// `E0805` (and `E0802`): the baseline is in the metric's unit.
pub(super) fn check_baseline(kpi: &Kpi, currency: Option<PlanCurrency>, out: &mut Vec<Diagnostic>) {
    let (Some(metric), Some(b)) = (&kpi.metric, &kpi.baseline) else {
        return;
    };
    if matches!(b.kind, ValueKind::Invalid) {
        return;
    }
    let cur = currency.map(|c| c.currency);
    match &metric.value {
        MetricRef::Known(m) => {
            if !units::fits(m.unit, &b.kind) {
                let example = units::guess(m.unit, &b.kind, cur).unwrap_or_else(|| match m.unit {
                    Unit::Count => "42000".into(),
                    Unit::Percent => "3.1%".into(),
                    Unit::Ratio => "3.2".into(),
                    Unit::Duration => "6h".into(),
                    Unit::Money => units::example_value(m.unit, m.direction, cur),
                });
                out.push(wrong_unit("E0805", "baseline", m, b, cur).help(format!(
                    "write where {} stands today in the target's unit, such as `baseline {example}`",
                    m.name
                )));
                return;
            }
            if !currency_fits("E0805", "baseline", b, currency, out) {
                return;
            }
            if let ValueKind::Percent(p) = b.kind {
                if !m.unbounded && units::above_100(p) {
                    out.push(rate_above_100(m, "baseline", b));
                }
            }
        }
        MetricRef::Custom(name) => {
            let Some(target) = &kpi.target else { return };
            let t = &target.value.value;
            let (Some(tu), Some(bu)) = (units::unit_of(&t.kind), units::unit_of(&b.kind)) else {
                return;
            };
            let plain = |u| matches!(u, Unit::Count | Unit::Ratio);
            if tu != bu && !(plain(tu) && plain(bu)) {
                out.push(
                    Diagnostic::new(
                        "E0805",
                        b.span,
                        format!(
                            "the baseline of \"{name}\" must be in its target's unit: {}, not {}",
                            units::expected(tu, cur),
                            b.kind.type_name()
                        ),
                    )
                    .label(format!("expected {}", units::expected(tu, cur)))
                    .with_secondary(t.span, format!("the target is {}", t.kind.type_name()))
                    .help("a custom metric takes the unit of its target: write the baseline in the same unit"),
                );
                return;
            }
            currency_fits("E0805", "baseline", b, currency, out);
        }
    }
}
