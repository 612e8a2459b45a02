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
mod short_text;

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
///
/// The files do not depend on each other, so they are written in parallel (on rayon's pool; one
/// at a time with `RAYON_NUM_THREADS=1`). The three calendar files share their sorted entries.
pub fn emit(plan: &Plan, options: &EmitOptions) -> Vec<OutputFile> {
    use rayon::prelude::*;

    /// One file to write: an artifact, or the `calendar-ROLE.ics` of a role.
    enum Job<'a> {
        File(Artifact),
        RoleIcs(&'a str),
    }

    let role = options.role.as_deref();
    let mut jobs = Vec::new();
    for &artifact in &options.artifacts {
        jobs.push(Job::File(artifact));
        if artifact == Artifact::Ics && options.split_by_role {
            jobs.extend(plan.roles.iter().map(|r| Job::RoleIcs(&r.name)));
        }
    }
    let shared = OnceLock::new();
    let entries = || shared.get_or_init(|| entry::entries(plan, role));
    jobs.into_par_iter()
        .map(|job| {
            let artifact = match job {
                Job::File(artifact) => artifact,
                Job::RoleIcs(name) => {
                    return OutputFile {
                        name: format!("calendar-{name}.ics"),
                        contents: ics::calendar(plan, Some(name), options.dtstamp).into_bytes(),
                    }
                }
            };
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
            OutputFile {
                name: artifact.file_name().to_string(),
                contents: contents.into_bytes(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::Role;

    #[test]
    fn files_come_in_the_fixed_order_with_the_role_calendars_after_calendar_ics() {
        let plan = Plan {
            roles: ["b", "a"]
                .map(|name| Role {
                    name: name.into(),
                    ..Role::default()
                })
                .to_vec(),
            ..Plan::default()
        };
        let mut options = EmitOptions::all(&plan);
        options.split_by_role = true;
        options.role = Some("a".into());
        let files = emit(&plan, &options);
        let names: Vec<&str> = files.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "calendar.ics",
                "calendar-b.ics",
                "calendar-a.ics",
                "calendar.csv",
                "calendar.md",
                "budget.csv",
                "budget.md",
                "kpis.md",
                "kpis.csv",
                "plan.json"
            ]
        );
        let one = |name: &str, bytes: String| {
            let file = files.iter().find(|f| f.name == name).expect("the file");
            assert_eq!(file.contents, bytes.into_bytes(), "{name}");
        };
        one(
            "calendar.ics",
            ics::calendar(&plan, Some("a"), options.dtstamp),
        );
        one(
            "calendar-b.ics",
            ics::calendar(&plan, Some("b"), options.dtstamp),
        );
        one("calendar.csv", calendar_csv::calendar(&plan, Some("a")));
        one("calendar.md", calendar_md::calendar(&plan, Some("a")));
        one("plan.json", json::plan(&plan));
    }
}
