//! Budget feasibility (`E0804`): volume targets that the paid budget cannot buy at the cost
//! targets of the same scope.
//!
//! A plan that asks for 10 000 conversions at `cpa <= 20 EUR` with 50 000 EUR of paid media
//! cannot be met whatever the team does; the numbers are all in the plan, so smm does the sum.
//!
//! # Rules (language reference)
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
//!   lenient check: every other one fails too).
//!
//! Feasibility is skipped when the plan has no budget or the budget has errors (the budget pass
//! then builds no budget plan), and for targets already wrong (unit, currency, unknown channel).
//!
//! **Arithmetic.** Exact, in minor units ([`check`]). A cost target (`cpa <= 20 EUR`) is the
//! price the plan expects to pay per result; a volume target (`conversions >= 300`) is how many
//! results it wants. At that price the results cost `cost × volume / per` (per = 1000 for CPM,
//! 1 otherwise). The pair is infeasible when that exceeds the paid budget on the scope:
//! `cost × volume > paid × per`, compared exactly in 128-bit integers. Exactly equal is
//! feasible.

use std::collections::{BTreeMap, BTreeSet};

use rustc_hash::FxHashSet as HashSet;

use crate::ast::{CmpOp, ValueKind};
use crate::check::model::{Kpi, MetricRef, Target};
use crate::check::Context;
use crate::diagnostic::Diagnostic;
use crate::schema::metrics::{Metric, Unit};
use crate::schema::RefKind;
use crate::source::Span;
use crate::wording::{and_list, article};

use super::units;

/// Why a volume target does not fit the paid budget at a cost target.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shortfall {
    /// The spend the volume needs at the cost target, in minor units, rounded up.
    pub needed: i64,
    /// The paid budget on the scope, in minor units.
    pub paid: i64,
    /// `needed − paid`.
    pub missing: i64,
    /// The most results the paid budget buys at the cost target (rounded down).
    pub affordable: i64,
    /// The highest cost per result (per `per` results) at which the paid budget reaches the
    /// volume, in minor units, rounded down.
    pub max_cost: i64,
}

/// Checks a volume target against a cost target and a paid budget (all amounts in minor units
/// of one currency; `per` results per cost unit, 1 or 1000). `None` when the budget suffices.
pub fn check(cost: i64, per: i64, volume: i64, paid: i64) -> Option<Shortfall> {
    let (cost, per, volume, paid) = (
        i128::from(cost.max(0)),
        i128::from(per.max(1)),
        i128::from(volume.max(0)),
        i128::from(paid.max(0)),
    );
    let spend_times_per = cost * volume;
    if spend_times_per <= paid * per {
        return None;
    }
    let needed = div_ceil(spend_times_per, per);
    // cost > 0 and volume > 0 here, since cost × volume > paid × per >= 0.
    let affordable = paid * per / cost;
    let max_cost = paid * per / volume;
    Some(Shortfall {
        needed: clamp(needed),
        paid: clamp(paid),
        missing: clamp(needed - paid),
        affordable: clamp(affordable),
        max_cost: clamp(max_cost),
    })
}

fn div_ceil(a: i128, b: i128) -> i128 {
    (a + b - 1) / b
}

fn clamp(v: i128) -> i64 {
    i64::try_from(v).unwrap_or(i64::MAX)
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
    let mut seen = HashSet::default();
    let names: Vec<&str> = kpi
        .channels
        .iter()
        .map(|c| c.name.as_str())
        .filter(|n| seen.insert(*n))
        .collect();
    format!("on {}", and_list(&names))
}

/// `E0804`: volume targets that the paid budget cannot buy at the scope's cost target.
pub(super) fn check_targets(cx: &Context, out: &mut Vec<Diagnostic>) {
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
            let Some(s) = check(cost.minor, cost.per, v.volume, paid) else {
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
                    format!(" ({})", and_list(&lines.names))
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
