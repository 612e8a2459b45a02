//! Emitters: the resolved [`Plan`] in, output files (as bytes) out.
//!
//! Each emitter reads only the plan and returns the bytes of one file; nothing here touches the
//! file system (see [`crate::output`]) or reads a clock: the iCalendar `DTSTAMP` comes in through
//! [`EmitOptions::dtstamp`], which the command line takes from `SOURCE_DATE_EPOCH`. The same plan
//! therefore always gives the same bytes.

pub mod budget;
pub mod calendar_csv;
pub mod calendar_md;
mod content_line;
mod digits;
mod entry;
pub mod format;
pub mod ics;
pub mod json;
pub mod kpis;

use std::collections::BTreeSet;
use std::sync::OnceLock;

use chrono::{DateTime, Utc};

use crate::plan::Plan;

/// One kind of output file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, clap::ValueEnum)]
pub enum Artifact {
    /// `calendar.ics`: RFC 5545, one event per post, task and KPI review.
    Ics,
    /// `calendar.csv`: one row per occurrence.
    CalendarCsv,
    /// `calendar.md`: by week, then day.
    CalendarMd,
    /// `budget.csv`: each line per month and per ISO week, with totals.
    BudgetCsv,
    /// `budget.md`: each line per month, totals by category, channel, phase and month.
    BudgetMd,
    /// `kpis.md`: a task list grouped by objective, one box per review.
    KpisMd,
    /// `kpis.csv`: one row per KPI review.
    KpisCsv,
    /// `plan.json`: the whole resolved plan.
    Json,
}

impl Artifact {
    /// Every artifact, in the order files are written.
    pub const ALL: [Artifact; 8] = [
        Artifact::Ics,
        Artifact::CalendarCsv,
        Artifact::CalendarMd,
        Artifact::BudgetCsv,
        Artifact::BudgetMd,
        Artifact::KpisMd,
        Artifact::KpisCsv,
        Artifact::Json,
    ];

    /// The file name it is written to.
    pub fn file_name(self) -> &'static str {
        match self {
            Artifact::Ics => "calendar.ics",
            Artifact::CalendarCsv => "calendar.csv",
            Artifact::CalendarMd => "calendar.md",
            Artifact::BudgetCsv => "budget.csv",
            Artifact::BudgetMd => "budget.md",
            Artifact::KpisMd => "kpis.md",
            Artifact::KpisCsv => "kpis.csv",
            Artifact::Json => "plan.json",
        }
    }
}

/// What to emit and how.
#[derive(Debug, Clone)]
pub struct EmitOptions {
    /// Which files.
    pub artifacts: BTreeSet<Artifact>,
    /// Only this role's events in the calendar outputs (posts it owns, its tasks, its KPI reviews).
    pub role: Option<String>,
    /// Also write one `calendar-ROLE.ics` per role.
    pub split_by_role: bool,
    /// The iCalendar `DTSTAMP` of every event.
    pub dtstamp: DateTime<Utc>,
}

impl EmitOptions {
    /// Every artifact, no role filter, `DTSTAMP` at the campaign's first midnight (UTC): the
    /// deterministic default when `SOURCE_DATE_EPOCH` is not set.
    pub fn all(plan: &Plan) -> EmitOptions {
        EmitOptions {
            artifacts: Artifact::ALL.into_iter().collect(),
            role: None,
            split_by_role: false,
            dtstamp: default_dtstamp(plan),
        }
    }
}

/// `DTSTAMP` when `SOURCE_DATE_EPOCH` is not set: midnight UTC of the campaign's first day, so
/// that a rebuild of the same plan gives the same bytes.
pub fn default_dtstamp(plan: &Plan) -> DateTime<Utc> {
    plan.campaign
        .start
        .and_hms_opt(0, 0, 0)
        .map(|dt| dt.and_utc())
        .unwrap_or_default()
}

/// One output file: its name in the output directory and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    /// File name (no directory part).
    pub name: String,
    /// Contents.
    pub contents: Vec<u8>,
}

/// Emits the chosen files from a plan, in a fixed order.
pub fn emit(plan: &Plan, options: &EmitOptions) -> Vec<OutputFile> {
    use rayon::prelude::*;
    let role = options.role.as_deref();
    // The three calendar files share their sorted entries, worked out by the first that needs
    // them. Files are written side by side in rayon's pool, listed in the order of `artifacts`.
    let shared = OnceLock::new();
    let entries = || shared.get_or_init(|| entry::entries(plan, role));
    let artifacts: Vec<Artifact> = options.artifacts.iter().copied().collect();
    let per_artifact: Vec<Vec<OutputFile>> = artifacts
        .par_iter()
        .map(|&artifact| {
            let contents = match artifact {
                Artifact::Ics => ics::write(plan, entries(), role, options.dtstamp),
                Artifact::CalendarCsv => calendar_csv::write(plan, entries()),
                Artifact::CalendarMd => calendar_md::write(plan, entries(), role),
                Artifact::BudgetCsv => budget::csv(plan),
                Artifact::BudgetMd => budget::markdown(plan),
                Artifact::KpisMd => kpis::markdown(plan),
                Artifact::KpisCsv => kpis::csv(plan),
                Artifact::Json => json::plan(plan),
            };
            let mut files = vec![OutputFile {
                name: artifact.file_name().to_string(),
                contents: contents.into_bytes(),
            }];
            if artifact == Artifact::Ics && options.split_by_role {
                files.extend(plan.roles.iter().map(|role| OutputFile {
                    name: format!("calendar-{}.ics", role.name),
                    contents: ics::calendar(plan, Some(&role.name), options.dtstamp).into_bytes(),
                }));
            }
            files
        })
        .collect();
    per_artifact.into_iter().flatten().collect()
}
