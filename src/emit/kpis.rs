//! `kpis.md` and `kpis.csv`: the KPI checklist, for people and for a spreadsheet.
//!
//! # `kpis.md`
//!
//! A GitHub-flavoured Markdown task list. A title and a summary line, then one `##` section per
//! objective, in declaration order: the heading is the objective's name and kind
//! (`## notoriete (awareness)`), followed by its description and owner. An objective without a
//! KPI says so. KPIs whose objective is missing or unknown come last, under
//! `## KPIs without an objective`.
//!
//! Each KPI, in declaration order, is a `###` heading (its name) with a list of its facts:
//!
//! - metric (`custom` when named by the plan) and its unit (`count`, `percent`, `money`,
//!   `ratio`, `duration`);
//! - target, as written, with the unit;
//! - baseline (`—` when none), deadline, scope (its channels, or *all channels*);
//! - owner: role name and, when the role names one, the person (`community (Yanis Benali)`);
//! - source (`—` when none);
//!
//! then one unticked box per review date, in date order: `- [ ] Review 2027-03-08`; the review on
//! the deadline says `(final review)`, as in the calendar. All user text goes through
//! [`format::markdown`].
//!
//! # `kpis.csv`
//!
//! One row per KPI review, KPIs in declaration order and each KPI's reviews in date order,
//! written with the `csv` crate (RFC 4180 quoting, CRLF, UTF-8 without BOM). Columns:
//!
//! `kpi, objective, metric, unit, target, baseline, deadline, review_date, channels, owner,
//! source`
//!
//! Dates are `YYYY-MM-DD`; `channels` is `;`-joined, empty for all channels; `owner` is the role
//! name; an empty cell means none. A KPI without any review date still gets one row, with an
//! empty `review_date`, so that no KPI is lost. Every cell goes through
//! [`format::spreadsheet_safe`] (a target written `= 100%` is shown as text, not run).

use std::borrow::Cow;

use chrono::NaiveDate;

use super::format;
use super::ics;
use crate::digits;
use crate::plan::{Kpi, Plan};
use crate::wording::plural;

/// The header row of `kpis.csv`.
pub const HEADER: [&str; 11] = [
    "kpi",
    "objective",
    "metric",
    "unit",
    "target",
    "baseline",
    "deadline",
    "review_date",
    "channels",
    "owner",
    "source",
];

/// The heading of the KPIs that have no (known) objective.
pub const WITHOUT_OBJECTIVE: &str = "KPIs without an objective";

// ---------------------------------------------------------------------------------------------
// kpis.csv

/// The text of `kpis.csv` (see the module documentation).
pub fn csv(plan: &Plan) -> String {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    let _ = writer.write_record(HEADER);
    let safe = format::spreadsheet_safe;
    // Made safe too: a year before 0 starts with `-`.
    let date = |d: NaiveDate| {
        let mut text = String::with_capacity(10);
        digits::date(&mut text, d, "-");
        safe(&text).into_owned()
    };
    for k in &plan.kpis {
        // Every cell but the review date is the KPI's, made safe once.
        let channels = k.channels.join(";");
        let before = [
            safe(&k.name),
            or_empty(&k.objective),
            safe(&k.metric),
            safe(&k.unit),
            safe(&k.target),
            or_empty(&k.baseline),
            date(k.by).into(),
        ];
        let after = [safe(&channels), or_empty(&k.owner), or_empty(&k.source)];
        let dates: Vec<Cow<str>> = if k.reviews.is_empty() {
            vec![Cow::Borrowed("")]
        } else {
            k.reviews.iter().map(|&d| date(d).into()).collect()
        };
        for review in &dates {
            let row = before
                .iter()
                .chain([review])
                .chain(&after)
                .map(|c| c.as_bytes());
            // Writing to a Vec cannot fail.
            let _ = writer.write_record(row);
        }
    }
    let bytes = writer.into_inner().unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default()
}

/// An optional cell of `kpis.csv`, made safe; empty when there is none.
fn or_empty(cell: &Option<String>) -> Cow<'_, str> {
    format::spreadsheet_safe(cell.as_deref().unwrap_or_default())
}

// ---------------------------------------------------------------------------------------------
// kpis.md

/// The text of `kpis.md` (see the module documentation).
pub fn markdown(plan: &Plan) -> String {
    let c = &plan.campaign;
    let mut out = format!("# KPIs: {}\n\n", format::markdown(&c.title));
    let mut facts = Vec::new();
    if let Some(brand) = &c.brand {
        facts.push(format::markdown(brand));
    }
    facts.push(format!("{} to {}", c.start, c.end));
    out.push_str(&facts.join(" · "));
    out.push_str("\n\n");
    let reviews: usize = plan.kpis.iter().map(|k| k.reviews.len()).sum();
    out.push_str(&format!(
        "{} and {}. Tick a box when the review is done.\n",
        plural(plan.kpis.len(), "KPI", "KPIs"),
        plural(reviews, "review", "reviews"),
    ));
    if plan.kpis.is_empty() && plan.objectives.is_empty() {
        return out;
    }

    for o in &plan.objectives {
        out.push_str(&format!("\n## {}", format::markdown(&o.name)));
        if let Some(kind) = &o.kind {
            out.push_str(&format!(" ({})", format::markdown(kind)));
        }
        out.push('\n');
        let mut about = Vec::new();
        if let Some(d) = &o.description {
            about.push(format::markdown(d));
        }
        if let Some(owner) = &o.owner {
            about.push(format!(
                "Owner: {}.",
                format::markdown(&ics::role_label(plan, owner))
            ));
        }
        if !about.is_empty() {
            out.push('\n');
            out.push_str(&about.join("<br>\n"));
            out.push('\n');
        }
        let kpis: Vec<&Kpi> = plan
            .kpis
            .iter()
            .filter(|k| k.objective.as_deref() == Some(o.name.as_str()))
            .collect();
        if kpis.is_empty() {
            out.push_str("\n*No KPI measures this objective.*\n");
        }
        for k in kpis {
            kpi(&mut out, plan, k);
        }
    }

    let orphans: Vec<&Kpi> = plan
        .kpis
        .iter()
        .filter(|k| {
            k.objective
                .as_ref()
                .is_none_or(|name| !plan.objectives.iter().any(|o| &o.name == name))
        })
        .collect();
    if !orphans.is_empty() {
        out.push_str(&format!("\n## {WITHOUT_OBJECTIVE}\n"));
        for k in orphans {
            kpi(&mut out, plan, k);
        }
    }
    out
}

/// One KPI: heading, facts, review boxes.
fn kpi(out: &mut String, plan: &Plan, k: &Kpi) {
    let dash = || "—".to_string();
    out.push_str(&format!("\n### {}\n\n", format::markdown(&k.name)));
    let metric = if k.custom {
        format!("{} (custom, {})", format::markdown(&k.metric), k.unit)
    } else {
        format!(
            "{} ({})",
            format::markdown(&k.metric),
            format::markdown(&k.unit)
        )
    };
    let scope = if k.channels.is_empty() {
        "all channels".to_string()
    } else {
        k.channels
            .iter()
            .map(|c| format::markdown(c))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let facts = [
        ("Metric", metric),
        (
            "Target",
            format!(
                "{} ({})",
                format::markdown(&k.target),
                format::markdown(&k.unit)
            ),
        ),
        (
            "Baseline",
            k.baseline.as_deref().map_or_else(dash, format::markdown),
        ),
        ("Deadline", k.by.to_string()),
        ("Scope", scope),
        (
            "Owner",
            k.owner
                .as_deref()
                .map_or_else(dash, |o| format::markdown(&ics::role_label(plan, o))),
        ),
        (
            "Source",
            k.source.as_deref().map_or_else(dash, format::markdown),
        ),
    ];
    for (label, value) in facts {
        out.push_str(&format!("- {label}: {value}\n"));
    }
    out.push('\n');
    match (&k.review, k.reviews.is_empty()) {
        (_, true) => {
            out.push_str("No review date before the deadline.\n");
            return;
        }
        (Some(cadence), false) => {
            out.push_str(&format!("Reviews ({}):\n\n", format::markdown(cadence)));
        }
        (None, false) => out.push_str("Reviews:\n\n"),
    }
    for &date in &k.reviews {
        out.push_str("- [ ] Review ");
        digits::date(out, date, "-");
        out.push_str(if date == k.by {
            " (final review)\n"
        } else {
            "\n"
        });
    }
}
