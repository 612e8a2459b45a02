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
mod contents;
mod entry;
pub mod format;
pub mod ics;
pub mod json;
pub mod kpis;
mod pieces;
mod short_text;

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};

use crate::plan::Plan;

pub use contents::Contents;
pub use pieces::Sink;
pub(crate) use pieces::{collect, in_parallel, text, Cut, Pieces};

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
    pub contents: Contents,
}

/// One file to write: an artifact, or the `calendar-ROLE.ics` of a role.
enum Job<'a> {
    File(Artifact),
    RoleIcs(&'a str),
}

impl Job<'_> {
    /// The file's name.
    fn name(&self) -> String {
        match self {
            Job::File(artifact) => artifact.file_name().to_string(),
            Job::RoleIcs(role) => format!("calendar-{role}.ics"),
        }
    }

    /// Whether it is one of the three calendar files, which share the sorted entries.
    fn uses_entries(&self) -> bool {
        matches!(
            self,
            Job::File(Artifact::Ics | Artifact::CalendarCsv | Artifact::CalendarMd)
        )
    }
}

/// The files to write for `options`, in the fixed order.
fn jobs<'p>(plan: &'p Plan, options: &EmitOptions) -> Vec<Job<'p>> {
    let mut jobs = Vec::new();
    for &artifact in &options.artifacts {
        jobs.push(Job::File(artifact));
        if artifact == Artifact::Ics && options.split_by_role {
            jobs.extend(plan.roles.iter().map(|r| Job::RoleIcs(&r.name)));
        }
    }
    jobs
}

/// The names of the files that [`emit`] and [`emit_into`] write for `options`, in their fixed
/// order (to check where they go before anything is written).
pub fn file_names(plan: &Plan, options: &EmitOptions) -> Vec<String> {
    jobs(plan, options).iter().map(Job::name).collect()
}

/// Emits the chosen files from a plan, in memory, in a fixed order.
pub fn emit(plan: &Plan, options: &EmitOptions) -> Vec<OutputFile> {
    emit_into(plan, options, |_| Vec::<Vec<u8>>::new())
        .into_iter()
        .map(|(name, pieces)| OutputFile {
            name,
            contents: Contents::from_pieces(pieces),
        })
        .collect()
}

/// Emits the chosen files from a plan, each into the sink that `open` gives for its name;
/// returns the names and the sinks, in a fixed order.
///
/// The files do not depend on each other, so they are written in parallel (on rayon's pool; one
/// at a time with `RAYON_NUM_THREADS=1`), and the large ones are themselves written in pieces on
/// the pool. The three calendar files share their sorted entries, which are made first, while
/// the other files are being written. The calendar files and `plan.json` (its arrays spliced
/// into the rest of the plan) reach their sinks round by round as they are written; the small
/// files once they are whole.
pub fn emit_into<S: Sink>(
    plan: &Plan,
    options: &EmitOptions,
    open: impl Fn(&str) -> S + Sync,
) -> Vec<(String, S)> {
    use rayon::prelude::*;

    let role = options.role.as_deref();
    let jobs = jobs(plan, options);
    let write = |job: &Job, entries: Option<&entry::Entries>| {
        let name = job.name();
        let mut sink = open(&name);
        let out: &mut dyn Sink = &mut sink;
        let (stamp, cut) = (options.dtstamp, Cut::BUILD);
        match (job, entries) {
            (Job::RoleIcs(r), _) => ics::write(
                plan,
                &entry::entries(plan, Some(r)),
                Some(r),
                stamp,
                cut,
                out,
            ),
            (Job::File(Artifact::Ics), Some(e)) => ics::write(plan, e, role, stamp, cut, out),
            (Job::File(Artifact::CalendarCsv), Some(e)) => calendar_csv::write(plan, e, cut, out),
            (Job::File(Artifact::CalendarMd), Some(e)) => {
                calendar_md::write(plan, e, role, cut, out)
            }
            (Job::File(Artifact::BudgetCsv), _) => out.put(budget::csv(plan).into_bytes()),
            (Job::File(Artifact::BudgetMd), _) => out.put(budget::markdown(plan).into_bytes()),
            (Job::File(Artifact::KpisMd), _) => out.put(kpis::markdown(plan).into_bytes()),
            (Job::File(Artifact::KpisCsv), _) => out.put(kpis::csv(plan).into_bytes()),
            (Job::File(Artifact::Json), _) => json::write_into(plan, cut, out),
            (Job::File(Artifact::Ics | Artifact::CalendarCsv | Artifact::CalendarMd), None) => {
                unreachable!("calendar files are written with their entries")
            }
        }
        (name, sink)
    };
    let (mut files, others) = rayon::join(
        || {
            let calendar: Vec<usize> = (0..jobs.len())
                .filter(|&i| jobs[i].uses_entries())
                .collect();
            if calendar.is_empty() {
                return Vec::new();
            }
            let entries = entry::entries(plan, role);
            calendar
                .into_par_iter()
                .map(|i| (i, write(&jobs[i], Some(&entries))))
                .collect::<Vec<_>>()
        },
        || {
            (0..jobs.len())
                .into_par_iter()
                .filter(|&i| !jobs[i].uses_entries())
                .map(|i| (i, write(&jobs[i], None)))
                .collect::<Vec<_>>()
        },
    );
    files.extend(others);
    files.sort_by_key(|&(i, _)| i);
    files.into_iter().map(|(_, file)| file).collect()
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
            assert_eq!(file.contents, Contents::from(bytes), "{name}");
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

    /// However a file is cut into tasks and pieces, its bytes are those of one task writing
    /// one piece: on every example and build fixture, for each file written in parallel.
    #[test]
    fn cutting_a_file_into_pieces_changes_no_byte() {
        let plans = crate::test_support::plans(&["examples", "tests/fixtures/build"]);
        for (path, _, plan) in &plans {
            let entries = entry::entries(plan, None);
            let stamp = default_dtstamp(plan);
            let files = |cut: Cut| {
                [
                    collect(|out| ics::write(plan, &entries, None, stamp, cut, out)),
                    collect(|out| calendar_csv::write(plan, &entries, cut, out)),
                    collect(|out| calendar_md::write(plan, &entries, None, cut, out)),
                    json::write(plan, cut),
                ]
            };
            let whole = files(Cut {
                items: usize::MAX,
                bytes: usize::MAX,
            });
            for cut in [(1, 1), (2, 500), (3, 4096)] {
                let cut = Cut {
                    items: cut.0,
                    bytes: cut.1,
                };
                let cut_files = files(cut);
                assert!(
                    cut_files[0].pieces().count() > 3,
                    "{}: cut into pieces",
                    path.display()
                );
                assert_eq!(cut_files, whole, "{}, {cut:?}", path.display());
            }
        }
        assert!(plans.len() >= 3, "examples and fixtures were built");
    }
}
