//! Objectives and their KPIs: every objective judged (`W0802`), by metrics that measure its kind
//! (`W0803`).
//!
//! An objective no KPI judges cannot be said to be met or missed; a KPI whose metric does not
//! measure its objective's kind (reach for a conversion objective) judges something else than
//! what the objective asks for.
//!
//! # Rules (language reference)
//!
//! **Objectives (`W0802` `objective-without-kpi`, `W0803` `metric-objective-mismatch`).** Every
//! objective is judged by at least one KPI. When some KPI's `objective` is missing or names
//! nothing (already an error), the warning is not given at all: which objective that KPI was
//! meant for is unknown. A known metric suits the objective kinds listed in the metric table; a
//! KPI whose metric does not suit its objective's kind is a warning (custom metrics suit any).

use rustc_hash::FxHashSet as HashSet;

use crate::check::model::{Kpi, MetricRef};
use crate::check::Context;
use crate::diagnostic::Diagnostic;
use crate::schema::metrics::METRICS;
use crate::schema::RefKind;
use crate::wording::{article, or_list};

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
pub(super) fn without_kpi(cx: &Context, out: &mut Vec<Diagnostic>) {
    let mut judged: HashSet<&str> = HashSet::default();
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

/// The metrics of the table that suit an objective kind.
fn metrics_for(kind: &str) -> Vec<&'static str> {
    METRICS
        .iter()
        .filter(|m| m.kinds.contains(&kind))
        .map(|m| m.name)
        .collect()
}

/// `W0803`: a known metric that does not suit its objective's kind.
pub(super) fn check_kind(cx: &Context, kpi: &Kpi, out: &mut Vec<Diagnostic>) {
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
        .label(format!("`{}` suits {} objectives", m.name, or_list(m.kinds)))
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
