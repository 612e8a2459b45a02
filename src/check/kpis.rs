//! Pass 8, kpis: units, directions, objectives covered, deadlines, reviews, budget feasibility.
//!
//! The pass reads the KPIs of the model (with the campaign, the objectives and the budget plan
//! that the budget pass built) and fills [`Plan::kpis`](crate::plan::Plan::kpis). Each check is
//! a module that states its rules (the language reference):
//!
//! - `currency`: the plan's currency, and money in another one (`E0801`, `E0805`);
//! - `targets`: targets and baselines in their metric's unit (`E0801`, `E0805`), rates up to
//!   100% (`E0802`), the operator that points the right way (`W0801`), with the unit helpers
//!   in [`units`];
//! - `objectives`: every objective judged by a KPI (`W0802`) whose metric suits its kind
//!   (`W0803`);
//! - `deadlines`: `by` within the campaign (`E0803`), a review cadence that fits before it
//!   (`W0804`), with the review dates in [`reviews`];
//! - [`feasibility`]: volume targets that the paid budget can buy at the cost targets (`E0804`).
//!
//! Dates are not checked against a campaign that ends before it starts (the time pass reports
//! it). Feasibility is skipped when the plan has no budget or the budget has errors (the budget
//! pass then builds no budget plan), and for targets already wrong (unit, currency, unknown
//! channel).
//!
//! The plan's KPIs are in source order, each with its target and baseline as written in
//! canonical form (`>= 150000`, `<= 0.45 EUR`, `>= 4.5%`), its deadline (default the campaign's
//! end) and its review dates. A KPI whose metric or target is unknown or wrong is left out.

mod currency;
mod deadlines;
pub mod feasibility;
mod objectives;
pub mod reviews;
mod targets;
pub mod units;

use chrono::NaiveDate;

use crate::plan;
use crate::schema::metrics::Unit;

use super::model::{Kpi, MetricRef};
use super::Context;

use reviews::Cadence;

/// Runs the KPI checks and builds the plan's KPIs.
pub fn run(cx: &mut Context) {
    let model = cx.model;
    let currency = currency::plan_currency(model);
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
        let unit = targets::check_target(kpi, currency, &mut out);
        targets::check_baseline(kpi, currency, &mut out);
        objectives::check_kind(cx, kpi, &mut out);
        let by = match &kpi.by {
            Some(by) => Some(by.value),
            None => end.as_ref().map(|e| e.value),
        };
        let dates_ok =
            campaign_ok && deadlines::check_deadline(kpi, start.as_ref(), end.as_ref(), &mut out);
        if let (true, Some(s), Some(by)) = (dates_ok, &start, by) {
            deadlines::check_cadence(kpi, s.value, by, &mut out);
        }
        if let (Some(unit), Some(by)) = (unit, by) {
            kpis.push(plan_kpi(kpi, unit, start.as_ref().map(|s| s.value), by));
        }
    }
    objectives::without_kpi(cx, &mut out);
    feasibility::check_targets(cx, &mut out);
    cx.out.extend(out);
    cx.plan.kpis = kpis;
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
