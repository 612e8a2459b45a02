//! Pass 8, kpis: units, directions, objectives covered, deadlines, reviews, budget feasibility.
//!
//! The pass reads the KPIs of the model (with the campaign, the objectives and the budget plan
//! that the budget pass built) and fills [`Plan::kpis`](crate::plan::Plan::kpis). Its rules:
//!
//! **Units (`E0801`).** A target is written in its metric's unit (the metric table,
//! [`crate::schema::metrics`]): a count is a whole number (`>= 150000`), a rate a percentage
//! (`>= 4.5%`), a cost or revenue an amount of money (`<= 0.45 EUR`), `roas` a plain number
//! (`>= 4.0`; an integer is accepted too), `response_time` a duration (`<= 2h`). Money must be in
//! the plan's currency: the campaign's `budget`, else the budget's `total`, else the first money
//! amount of a budget line, else the first money target or baseline of a KPI; smm never converts
//! currencies. A custom metric (`metric custom "…"`) takes the unit of its target, which may be
//! any of these (an integer is a count, a decimal a plain number).
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
//!
//! **Objectives (`W0802` `objective-without-kpi`, `W0803` `metric-objective-mismatch`).** Every
//! objective is judged by at least one KPI. When some KPI's `objective` is missing or names
//! nothing (already an error), the warning is not given at all: which objective that KPI was
//! meant for is unknown. A known metric suits the objective kinds listed in the metric table; a
//! KPI whose metric does not suit its objective's kind is a warning (custom metrics suit any).
//!
//! **Deadline (`E0803`).** `by` lies within the campaign, first and last days included; without
//! `by` the deadline is the campaign's last day.
//!
//! **Reviews (`W0804` `review-cadence`).** A KPI's window runs from the campaign's first day to
//! its deadline. Its review dates are the cadence's dates counted from the campaign's first day,
//! strictly before the deadline, then the deadline itself, always the last review (see
//! [`reviews`]). A cadence whose first review (one period after the start) falls after the
//! deadline is longer than the window: the deadline would be the only review, so it is a warning
//! that names the longest cadence that fits.
//!
//! **Feasibility (`E0804`).** A cost target prices results: at `cpa <= 20 EUR`, the plan expects
//! to pay 20 EUR per conversion. It is checked against a volume target of the metric it prices
//! (CPC → clicks, CPM → impressions per 1 000, CPL → leads, CPA → conversions):
//!
//! - the cost target is a maximum or exact (`<=`, `=`) and the volume target a minimum or exact
//!   (`>=`, `=`);
//! - both have the same *scope*: the same set of channels (order and repetition do not matter),
//!   or neither names a channel (all channels). A KPI on `[instagram, facebook]` is not compared
//!   with one on `instagram` or on all channels: the platforms report costs per scope, and
//!   a cost on one scope says nothing about another;
//! - the spend the volume needs at that cost, `cost × volume` (÷ 1 000 for CPM), is compared
//!   with the *paid budget on the scope*: the sum of the budget lines of category `paid` whose
//!   channel is in the scope (all paid lines for the all-channel scope). Only paid lines count:
//!   a cost per result is the price of paid media, paid out of ad budgets; production,
//!   influencer, tools, events, fees and other lines do not buy results at that price, and the
//!   reserve and the unallocated remainder are not planned spend;
//! - when the needed spend exceeds the paid budget, the error is on the volume target, with a
//!   label on the cost target and the arithmetic in notes. Exactly equal is feasible. When a
//!   scope has several cost targets for one volume metric, the lowest price is used (the most
//!   lenient check: every other one fails too). The arithmetic is exact, in minor units (see
//!   [`feasibility`]).
//!
//! Feasibility is skipped when the plan has no budget or the budget has errors (the budget pass
//! then builds no budget plan), and for targets already wrong (unit, currency, unknown channel).
//!
//! The plan's KPIs are in source order, each with its target and baseline as written in
//! canonical form (`>= 150000`, `<= 0.45 EUR`, `>= 4.5%`), its deadline (default the campaign's
//! end) and its review dates.

pub mod feasibility;
pub mod reviews;
pub mod units;

use std::collections::{BTreeMap, BTreeSet, HashSet};

use chrono::NaiveDate;

use crate::ast::{CmpOp, Currency, Value, ValueKind};
use crate::diagnostic::Diagnostic;
use crate::plan;
use crate::schema::metrics::{Direction, Metric, Unit, METRICS};
use crate::schema::RefKind;
use crate::source::Span;

use super::model::{Amount, Kpi, MetricRef, Model, Spanned, Target};
use super::Context;

use reviews::Cadence;

/// The plan's currency and where it is set.
#[derive(Debug, Clone, Copy)]
struct PlanCurrency {
    currency: Currency,
    span: Span,
}

/// Runs the KPI checks and builds the plan's KPIs.
pub fn run(cx: &mut Context) {
    let model = cx.model;
    let currency = plan_currency(model);
    let start = model.campaign.as_ref().and_then(|c| c.start.clone());
    let end = model.campaign.as_ref().and_then(|c| c.end.clone());
    // A campaign that ends before it starts is reported by the time pass; dates are not checked
    // against it.
    let campaign_ok = match (&start, &end) {
        (Some(s), Some(e)) => s.value <= e.value,
        _ => true,
    };
    let mut out = Vec::new();
    let mut kpis = Vec::new();
    for kpi in &model.kpis {
        let unit = check_target(kpi, currency, &mut out);
        check_baseline(kpi, currency, &mut out);
        check_objective_kind(cx, kpi, &mut out);
        let by = match &kpi.by {
            Some(by) => Some(by.value),
            None => end.as_ref().map(|e| e.value),
        };
        let dates_ok = campaign_ok && check_deadline(kpi, start.as_ref(), end.as_ref(), &mut out);
        if let (true, Some(s), Some(by)) = (dates_ok, &start, by) {
            check_cadence(kpi, s.value, by, &mut out);
        }
        if let (Some(unit), Some(by)) = (unit, by) {
            kpis.push(plan_kpi(kpi, unit, start.as_ref().map(|s| s.value), by));
        }
    }
    objectives_without_kpi(cx, &mut out);
    check_feasibility(cx, &mut out);
    cx.out.extend(out);
    cx.plan.kpis = kpis;
}

/// The plan's currency: the campaign's budget, the budget's total, a budget line's amount, or
/// the first money value of a KPI, in that order.
fn plan_currency(model: &Model) -> Option<PlanCurrency> {
    let at = |m: &Spanned<crate::ast::Money>| PlanCurrency {
        currency: m.value.currency,
        span: m.span,
    };
    if let Some(m) = model.campaign.as_ref().and_then(|c| c.budget.as_ref()) {
        return Some(at(m));
    }
    if let Some(b) = &model.budget {
        if let Some(m) = &b.total {
            return Some(at(m));
        }
        for line in &b.lines {
            if let Some(Spanned {
                value: Amount::Money(m),
                span,
            }) = &line.amount
            {
                return Some(PlanCurrency {
                    currency: m.currency,
                    span: *span,
                });
            }
        }
    }
    model.kpis.iter().find_map(|k| {
        let target = k.target.as_ref().map(|t| &t.value.value);
        [target, k.baseline.as_ref()]
            .into_iter()
            .flatten()
            .find_map(|v| match &v.kind {
                ValueKind::Money(m) => Some(PlanCurrency {
                    currency: m.currency,
                    span: v.span,
                }),
                _ => None,
            })
    })
}

/// Checks a target's unit, currency, bound and direction; returns the KPI's unit when the
/// target fits its metric.
fn check_target(
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
                out.push(
                    Diagnostic::new(
                        "E0801",
                        value.span,
                        format!(
                            "{} `{}` target must be {}, not {}",
                            article(m.name),
                            m.name,
                            units::expected(m.unit, cur),
                            value.kind.type_name()
                        ),
                    )
                    .label(format!("expected {}", units::expected(m.unit, cur)))
                    .help(fix),
                );
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

/// Reports money in another currency than the plan's; true when the value is fine.
fn currency_fits(
    code: &'static str,
    what: &str,
    value: &Value,
    currency: Option<PlanCurrency>,
    out: &mut Vec<Diagnostic>,
) -> bool {
    let (ValueKind::Money(m), Some(plan)) = (&value.kind, currency) else {
        return true;
    };
    if m.currency.code == plan.currency.code {
        return true;
    }
    let (got, want) = (m.currency.as_str(), plan.currency.as_str());
    out.push(
        Diagnostic::new(
            code,
            value.span,
            format!("this {what} is in {got}, but the plan's currency is {want}"),
        )
        .label(format!("an amount in {got}"))
        .with_secondary(plan.span, format!("the plan's currency, {want}, is set here"))
        .help(format!(
            "write the amount in {want}: every amount of a plan is in one currency, and smm does not convert currencies"
        )),
    );
    false
}

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
fn check_baseline(kpi: &Kpi, currency: Option<PlanCurrency>, out: &mut Vec<Diagnostic>) {
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
                out.push(
                    Diagnostic::new(
                        "E0805",
                        b.span,
                        format!(
                            "{} `{}` baseline must be {}, not {}",
                            article(m.name),
                            m.name,
                            units::expected(m.unit, cur),
                            b.kind.type_name()
                        ),
                    )
                    .label(format!("expected {}", units::expected(m.unit, cur)))
                    .help(format!(
                        "write where {} stands today in the target's unit, such as `baseline {example}`",
                        m.name
                    )),
                );
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

fn article(word: &str) -> &'static str {
    if word.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    }
}

/// "a, b or c"
fn join_or(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => (*one).to_string(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

/// "a, b and c"
fn join_and(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => (*one).to_string(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// The metrics of the table that suit an objective kind.
fn metrics_for(kind: &str) -> Vec<&'static str> {
    METRICS
        .iter()
        .filter(|m| m.kinds.contains(&kind))
        .map(|m| m.name)
        .collect()
}

/// `W0803`: a known metric that does not suit its objective's kind.
fn check_objective_kind(cx: &Context, kpi: &Kpi, out: &mut Vec<Diagnostic>) {
    let (Some(metric), Some(obj)) = (&kpi.metric, &kpi.objective) else {
        return;
    };
    let MetricRef::Known(m) = &metric.value else {
        return;
    };
    let Some(i) = cx.index.get(RefKind::Objective, &obj.name) else {
        return;
    };
    let Some(o) = cx.model.objectives.get(i) else {
        return;
    };
    let Some(kind) = &o.kind else { return };
    let kind_name = kind.value.as_str();
    if m.kinds.contains(&kind_name) {
        return;
    }
    let suited = metrics_for(kind_name);
    let first_kind = m.kinds.first().copied().unwrap_or("other");
    out.push(
        Diagnostic::new(
            "W0803",
            metric.span,
            format!(
                "`{}` does not measure {} {kind_name} objective",
                m.name,
                article(kind_name)
            ),
        )
        .label(format!("`{}` suits {} objectives", m.name, join_or(m.kinds)))
        .with_secondary(
            kind.span,
            format!(
                "`{}` is {} {kind_name} objective",
                o.name.name,
                article(kind_name)
            ),
        )
        .help(format!(
            "measure `{}` with a metric for {kind_name} ({}), or judge this KPI against {} {first_kind} objective",
            o.name.name,
            suited.join(", "),
            article(first_kind)
        )),
    );
}

/// `E0803`: the deadline lies within the campaign. Returns whether it does (or cannot be known).
fn check_deadline(
    kpi: &Kpi,
    start: Option<&Spanned<NaiveDate>>,
    end: Option<&Spanned<NaiveDate>>,
    out: &mut Vec<Diagnostic>,
) -> bool {
    let Some(by) = &kpi.by else { return true };
    let range = match (start, end) {
        (Some(s), Some(e)) => format!("between {} and {}", s.value, e.value),
        (Some(s), None) => format!("on or after {}", s.value),
        (None, Some(e)) => format!("on or before {}", e.value),
        (None, None) => return true,
    };
    let help =
        format!("set `by` {range}, or leave it out: the deadline is then the campaign's last day");
    if let Some(s) = start.filter(|s| by.value < s.value) {
        out.push(
            Diagnostic::new(
                "E0803",
                by.span,
                format!(
                    "the deadline of KPI `{}` is before the campaign starts",
                    kpi.name.name
                ),
            )
            .label(format!("{} is before {}", by.value, s.value))
            .with_secondary(s.span, "the campaign starts here")
            .help(help),
        );
        return false;
    }
    if let Some(e) = end.filter(|e| by.value > e.value) {
        out.push(
            Diagnostic::new(
                "E0803",
                by.span,
                format!(
                    "the deadline of KPI `{}` is after the campaign ends",
                    kpi.name.name
                ),
            )
            .label(format!("{} is after {}", by.value, e.value))
            .with_secondary(e.span, "the campaign ends here")
            .help(help),
        );
        return false;
    }
    true
}

/// `W0804`: the cadence's first review comes after the deadline.
fn check_cadence(kpi: &Kpi, start: NaiveDate, by: NaiveDate, out: &mut Vec<Diagnostic>) {
    let Some(review) = &kpi.review else { return };
    let Some(cadence) = Cadence::parse(&review.value) else {
        return;
    };
    if by < start {
        return;
    }
    let Some(first) = reviews::first_review_after_deadline(start, by, cadence) else {
        return;
    };
    let days = (by - start).num_days() + 1;
    let c = cadence.as_str();
    let mut d = Diagnostic::new(
        "W0804",
        review.span,
        format!(
            "KPI `{}` has no {c} review before its deadline",
            kpi.name.name
        ),
    )
    .label(if first == NaiveDate::MAX {
        format!("no {c} review falls before the deadline, {by}")
    } else {
        format!("the first {c} review would be on {first}, after the deadline, {by}")
    });
    d = match &kpi.by {
        Some(b) => d.with_secondary(b.span, "the deadline"),
        None => d,
    };
    let window = if days == 1 {
        format!("the KPI's window is one day, {start}")
    } else {
        format!(
            "the KPI's window is {days} days, from the campaign's start ({start}) to its deadline ({by})"
        )
    };
    d = d.note(format!(
        "{window}; the deadline is always reviewed, so `review {c}` adds no review"
    ));
    d = match reviews::longest_fitting(start, by) {
        Some(fit) => d.help(format!(
            "write `review {}` or a shorter cadence",
            fit.as_str()
        )),
        None => d.help("leave `review` out: the deadline is this KPI's only review"),
    };
    out.push(d);
}

/// The plan entry of a KPI whose metric and target are known.
fn plan_kpi(kpi: &Kpi, unit: Unit, start: Option<NaiveDate>, by: NaiveDate) -> plan::Kpi {
    let (metric, custom) = match kpi.metric.as_ref().map(|m| &m.value) {
        Some(MetricRef::Known(m)) => (m.name.to_string(), false),
        Some(MetricRef::Custom(name)) => (name.clone(), true),
        None => (String::new(), false),
    };
    let cadence = kpi.review.as_ref().and_then(|r| Cadence::parse(&r.value));
    plan::Kpi {
        name: kpi.name.name.clone(),
        objective: kpi.objective.as_ref().map(|o| o.name.clone()),
        metric,
        custom,
        unit: units::name(unit).to_string(),
        channels: kpi.channels.iter().map(|c| c.name.clone()).collect(),
        target: kpi
            .target
            .as_ref()
            .map(|t| {
                format!(
                    "{} {}",
                    t.value.op.as_str(),
                    units::show(&t.value.value.kind)
                )
            })
            .unwrap_or_default(),
        baseline: kpi.baseline.as_ref().map(|b| units::show(&b.kind)),
        by,
        review: kpi.review.as_ref().map(|r| r.value.clone()),
        owner: kpi.owner.as_ref().map(|o| o.name.clone()),
        source: kpi.source.as_ref().map(|s| s.value.clone()),
        reviews: start.map_or_else(Vec::new, |s| reviews::review_dates(s, by, cadence)),
    }
}

/// A metric that suits an objective kind and a typical target, for the example of `W0802`'s help.
fn metric_for_kind(kind: Option<&str>) -> (&'static str, &'static str) {
    match kind {
        Some("engagement") => ("engagement_rate", ">= 4.5%"),
        Some("traffic") => ("clicks", ">= 5000"),
        Some("leads") => ("leads", ">= 300"),
        Some("conversion") => ("conversions", ">= 200"),
        Some("loyalty") => ("response_rate", ">= 90%"),
        Some("advocacy") => ("shares", ">= 1000"),
        _ => ("reach", ">= 150000"),
    }
}

/// `W0802`: objectives that no KPI judges.
fn objectives_without_kpi(cx: &Context, out: &mut Vec<Diagnostic>) {
    let mut judged: HashSet<&str> = HashSet::new();
    for kpi in &cx.model.kpis {
        match &kpi.objective {
            Some(o) if cx.index.get(RefKind::Objective, &o.name).is_some() => {
                judged.insert(o.name.as_str());
            }
            // The KPI's objective is missing or unknown (already an error): the objective it
            // was meant for cannot be told, so no objective is reported as unjudged.
            _ => return,
        }
    }
    for o in &cx.model.objectives {
        if judged.contains(o.name.name.as_str()) {
            continue;
        }
        let kind = o.kind.as_ref().map(|k| k.value.as_str());
        let (metric, example) = metric_for_kind(kind);
        let name = &o.name.name;
        out.push(
            Diagnostic::new(
                "W0802",
                o.name.span,
                format!("objective `{name}` has no KPI"),
            )
            .label("no KPI judges this objective")
            .help(format!(
                "add a KPI that measures it, such as `kpi {name}_{metric} {{ objective {name}; metric {metric}; target {example} }}`"
            )),
        );
    }
}

/// One cost target of a scope (the lowest price when there are several).
struct CostTarget<'a> {
    kpi: &'a Kpi,
    metric: &'static Metric,
    minor: i64,
    per: i64,
    span: Span,
}

/// One volume target of a scope.
struct VolumeTarget<'a> {
    kpi: &'a Kpi,
    volume: i64,
    span: Span,
}

#[derive(Default)]
struct Group<'a> {
    cost: Option<CostTarget<'a>>,
    volumes: Vec<VolumeTarget<'a>>,
}

/// The paid lines of a scope: their total, how many there are, and the first few names.
#[derive(Debug, Clone, Default)]
struct Paid<'a> {
    total: i64,
    count: usize,
    names: Vec<&'a str>,
}

impl<'a> Paid<'a> {
    /// Lines named in notes; more are only counted.
    const NAMED: usize = 6;

    fn add(&mut self, amount: i64, count: usize, names: impl IntoIterator<Item = &'a str>) {
        self.total = self.total.saturating_add(amount);
        self.count += count;
        let room = (Self::NAMED + 1).saturating_sub(self.names.len());
        self.names.extend(names.into_iter().take(room));
    }
}

/// "on instagram", "on instagram and facebook", "across all channels": the KPI's channels in
/// the order it writes them, each once.
fn scope_phrase(kpi: &Kpi) -> String {
    if kpi.channels.is_empty() {
        return "across all channels".into();
    }
    let mut seen = HashSet::new();
    let names: Vec<&str> = kpi
        .channels
        .iter()
        .map(|c| c.name.as_str())
        .filter(|n| seen.insert(*n))
        .collect();
    format!("on {}", join_and(&names))
}

/// `E0804`: volume targets that the paid budget cannot buy at the scope's cost target.
fn check_feasibility(cx: &Context, out: &mut Vec<Diagnostic>) {
    let Some(budget) = &cx.plan.budget else {
        return;
    };
    let mut groups: BTreeMap<(Vec<String>, &'static str), Group> = BTreeMap::new();
    for kpi in &cx.model.kpis {
        let (Some(metric), Some(target)) = (&kpi.metric, &kpi.target) else {
            continue;
        };
        let MetricRef::Known(m) = &metric.value else {
            continue;
        };
        if kpi
            .channels
            .iter()
            .any(|c| cx.index.get(RefKind::Channel, &c.name).is_none())
        {
            continue;
        }
        let scope: Vec<String> = kpi
            .channels
            .iter()
            .map(|c| c.name.clone())
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        let Target { op, value } = &target.value;
        match (m.cost_of, op, &value.kind) {
            (Some((of, per)), CmpOp::Le | CmpOp::Eq, ValueKind::Money(money))
                if money.currency.as_str() == budget.currency
                    && money.currency.minor_digits == budget.minor_digits =>
            {
                let group = groups.entry((scope, of)).or_default();
                if group.cost.as_ref().is_none_or(|c| money.minor < c.minor) {
                    group.cost = Some(CostTarget {
                        kpi,
                        metric: m,
                        minor: money.minor,
                        per,
                        span: target.span,
                    });
                }
            }
            (None, CmpOp::Ge | CmpOp::Eq, ValueKind::Integer(v)) if m.unit == Unit::Count => {
                groups
                    .entry((scope, m.name))
                    .or_default()
                    .volumes
                    .push(VolumeTarget {
                        kpi,
                        volume: *v,
                        span: target.span,
                    });
            }
            _ => {}
        }
    }
    // Paid lines by channel, and all of them: totals, counts and the first names (for notes).
    let mut by_channel: BTreeMap<&str, Paid> = BTreeMap::new();
    let mut all = Paid::default();
    for line in budget.lines.iter().filter(|l| l.category == "paid") {
        all.add(line.amount, 1, [line.name.as_str()]);
        if let Some(ch) = &line.channel {
            by_channel
                .entry(ch.as_str())
                .or_default()
                .add(line.amount, 1, [line.name.as_str()]);
        }
    }
    let fmt = |minor: i64| units::money(minor, budget.minor_digits, &budget.currency);
    let lit = |minor: i64| units::money_literal(minor, budget.minor_digits, &budget.currency);
    for ((scope, volume_metric), group) in &groups {
        let Some(cost) = &group.cost else { continue };
        if group.volumes.is_empty() {
            continue;
        }
        let lines = if scope.is_empty() {
            all.clone()
        } else {
            let mut p = Paid::default();
            for c in scope {
                if let Some(q) = by_channel.get(c.as_str()) {
                    p.add(q.total, q.count, q.names.iter().copied());
                }
            }
            p
        };
        let paid = lines.total;
        let upper = cost.metric.name.to_uppercase();
        let one = volume_metric.strip_suffix('s').unwrap_or(volume_metric);
        let unit_price = if cost.per == 1 {
            fmt(cost.minor)
        } else {
            format!("{} per {}", fmt(cost.minor), units::group(cost.per))
        };
        let price = if cost.per == 1 {
            format!("{unit_price} each")
        } else {
            unit_price.clone()
        };
        for v in &group.volumes {
            let Some(s) = feasibility::check(cost.minor, cost.per, v.volume, paid) else {
                continue;
            };
            let vol = units::group(v.volume);
            let on = scope_phrase(v.kpi);
            let per_unit = if cost.per == 1 {
                one.to_string()
            } else {
                format!("{} {volume_metric}", units::group(cost.per))
            };
            let mut d = Diagnostic::new(
                "E0804",
                v.span,
                format!(
                    "the paid budget {on} cannot buy {vol} {volume_metric} at the {upper} target"
                ),
            )
            .label(format!(
                "{vol} {volume_metric} at {price} need {}",
                fmt(s.needed)
            ))
            .with_secondary(
                cost.span,
                format!(
                    "{upper} target of `{}`: {} per {per_unit}",
                    cost.kpi.name.name,
                    fmt(cost.minor)
                ),
            )
            .note(format!(
                "{vol} {volume_metric} × {unit_price} = {} of paid spend",
                fmt(s.needed)
            ));
            if lines.count == 0 {
                d = d
                    .note(format!("the budget has no paid line {on}"))
                    .help(format!(
                        "add a paid line {on} of at least {}, or drop the {upper} target if these {volume_metric} are not bought",
                        fmt(s.needed)
                    ));
            } else {
                let detail = if lines.count <= Paid::NAMED {
                    format!(" ({})", join_and(&lines.names))
                } else {
                    String::new()
                };
                d = d
                    .note(format!(
                        "paid budget {on}: {}{detail}, {} short",
                        fmt(s.paid),
                        fmt(s.missing)
                    ))
                    .note(format!(
                        "{} buys {} {volume_metric}; {vol} need {} {upper} of at most {}",
                        fmt(s.paid),
                        units::group(s.affordable),
                        article(&upper.to_lowercase()),
                        fmt(s.max_cost)
                    ))
                    .help(format!(
                        "lower `{}` to `>= {}`, add {} to the paid lines {on}, or plan with `{} <= {}`",
                        v.kpi.name.name,
                        s.affordable,
                        fmt(s.missing),
                        cost.metric.name,
                        lit(s.max_cost)
                    ));
            }
            d = d.note("only paid lines count: costs per result are prices of paid media");
            out.push(d);
        }
    }
}
