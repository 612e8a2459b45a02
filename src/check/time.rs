//! Pass 4, time: dates, ranges and zones checked; schedules and tasks expanded into the plan.
//!
//! This pass reads the [`Model`] and fills the static sections of the plan (campaign, roles,
//! phases, objectives, audiences, channels, messages), every post occurrence and every task
//! occurrence. Later passes read `cx.plan.posts` and [`PostUse`]s. Each part of the pass is a
//! module that states its rules (the language reference):
//!
//! - `zone`: which zone names are accepted, and what to write instead of an abbreviation;
//! - `ranges`: the campaign's, the phases' and the windows' dates (`E0401`, `E0403`, `E0404`,
//!   `W0401`), and the phase of a date;
//! - `recurrences`: `every …` rules expanded inside their window (`W0606`);
//! - `dst`: times that a clock change skips or repeats (`W0402`, `W0403`);
//! - `posts`: schedules expanded into posts, series and ids ([`PostUse`]);
//! - `content`: what a message says on each channel (its variants applied);
//! - `tasks`: tasks expanded into occurrences;
//! - `statics`: the plan's sections that do not depend on dates.
//!
//! **Zones.** Every `timezone` (campaign, audience, schedule) is an IANA zone name, written
//! exactly (`Europe/Paris`); the default is `UTC`. Zones named after an abbreviation (`CET`,
//! `EST`, …) are refused with the city zone to write instead; see [`zone`]. An unknown zone is
//! `E0402`. The *effective zone* of a schedule's posts is the schedule's `timezone`, else the
//! campaign's. Tasks are in the campaign's zone (v1 has no per-task zone). An audience without a
//! zone lives in the campaign's. With an invalid zone, nothing in that zone is expanded.

mod content;
mod dst;
mod posts;
mod ranges;
mod recurrences;
mod statics;
mod tasks;
pub mod zone;

pub use posts::PostUse;
pub use ranges::MAX_CAMPAIGN_DAYS;
pub use zone::{diagnose as diagnose_zone, parse as parse_zone, Refusal, ABBREVIATION_ZONES};

use chrono::{NaiveDate, NaiveTime};
use chrono_tz::Tz;

use crate::ast::Ident;
use crate::diagnostic::Diagnostic;
use crate::plan;
use crate::schema::RefKind;
use crate::source::Span;

use super::model::{Model, Recurrence, Spanned, When};
use super::Context;

/// Runs the time checks and builds the dated parts of the plan.
pub fn run(cx: &mut Context) {
    let model = cx.model;
    let t = Time::new(cx, model);
    ranges::check_phases(cx, &t);
    check_audience_zones(cx, model);
    // The declarations are copied into the plan (statics) while schedules are expanded, and
    // tasks beside the posts, each task with a context of its own (rayon's pool); the tasks'
    // diagnostics and notes follow the posts', in task order, as when they ran after them.
    let index = cx.index;
    let (statics, (posts, expanded)) = rayon::join(
        || {
            let mut scx = Context::new(model, index, Vec::new());
            statics::fill(&mut scx, &t);
            scx.plan
        },
        || {
            rayon::join(
                || posts::expand(cx, &t),
                || {
                    use rayon::prelude::*;
                    model
                        .tasks
                        .par_iter()
                        .map(|task| {
                            let mut tcx = Context::new(model, index, Vec::new());
                            let expanded = tasks::task(&mut tcx, &t, task);
                            (expanded, tcx)
                        })
                        .collect::<Vec<_>>()
                },
            )
        },
    );
    let mut tasks = Vec::with_capacity(expanded.len());
    let mut notes = std::mem::take(&mut cx.plan.notes);
    for (task, tcx) in expanded {
        tasks.push(task);
        cx.out.extend(tcx.out);
        notes.extend(tcx.plan.notes);
    }
    // The declarations' sections come from `statics`; the dated ones from the expansion.
    cx.plan = plan::Plan {
        posts,
        tasks,
        notes,
        ..statics
    };
}

/// The campaign's range and zone, the phases and the messages' contents, as the pass needs them.
struct Time<'m> {
    model: &'m Model,
    /// The campaign's days, when both ends are given and in order.
    campaign: Option<ranges::Range>,
    /// The campaign's zone; `None` when the written one is not a zone.
    zone: Option<Tz>,
    /// Valid phases (both ends, in order), with their first day trimmed so that none overlaps:
    /// sorted, disjoint; used to find the phase of a date.
    phase_table: Vec<(NaiveDate, NaiveDate, usize)>,
    /// Content per message: the default, and per channel with the variant applied.
    contents: Vec<content::Contents>,
}

impl<'m> Time<'m> {
    fn new(cx: &mut Context, model: &'m Model) -> Time<'m> {
        let mut campaign = None;
        let mut zone = Some(Tz::UTC);
        if let Some(c) = &model.campaign {
            campaign = ranges::campaign(cx, c);
            if let Some(tz) = &c.timezone {
                zone = check_zone(
                    cx,
                    tz,
                    "schedules and tasks without a zone of their own use the campaign's; they are left out of the calendar until it is fixed",
                );
            }
        }
        let contents = {
            use rayon::prelude::*;
            let cx: &Context = cx;
            model
                .messages
                .par_iter()
                .map(|m| content::message_contents(cx, m))
                .collect()
        };
        Time {
            model,
            campaign,
            zone,
            phase_table: ranges::phase_table(model),
            contents,
        }
    }
}

/// Checks a zone; `E0402` (with `note`) if it is not one.
fn check_zone(cx: &mut Context, tz: &Spanned<String>, note: &str) -> Option<Tz> {
    match zone::parse(&tz.value) {
        Ok(z) => Some(z),
        Err(r) => {
            cx.out.push(
                Diagnostic::new("E0402", tz.span, r.message)
                    .label(r.label)
                    .help(r.help)
                    .note(note),
            );
            None
        }
    }
}

/// Audience zones (`E0402`); the campaign's is checked in [`Time::new`], a schedule's when it
/// is expanded.
fn check_audience_zones(cx: &mut Context, model: &Model) {
    for a in &model.audiences {
        if let Some(tz) = &a.timezone {
            check_zone(
                cx,
                tz,
                &format!(
                    "the zone of `{}` says when its nights are, for late-night posts",
                    a.name.name
                ),
            );
        }
    }
}

/// The time value written in a statement for the local time `t`, to point a diagnostic at: the
/// date-time of a one-off post, else the `at` time equal to `t`, else the whole recurrence.
pub fn written_time(when: &When, t: NaiveTime) -> Span {
    match when {
        When::Once(at) => at.span,
        When::Every(r) => recurrence_time(r, t),
    }
}

/// The `at` time of a recurrence equal to `t`, else the whole recurrence.
fn recurrence_time(r: &Recurrence, t: NaiveTime) -> Span {
    r.times
        .iter()
        .find(|s| s.value == t)
        .map_or(r.span, |s| s.span)
}

/// The name a reference gives, when it names a declaration of `kind`.
fn resolved(cx: &Context, kind: RefKind, r: &Option<Ident>) -> Option<String> {
    resolved_name(cx, kind, r).map(str::to_string)
}

/// [`resolved`], borrowed.
fn resolved_name<'r>(cx: &Context, kind: RefKind, r: &'r Option<Ident>) -> Option<&'r str> {
    r.as_ref()
        .filter(|r| cx.index.get(kind, &r.name).is_some())
        .map(|r| r.name.as_str())
}

/// The names that name declarations of `kind`, in order.
fn resolved_all(cx: &Context, kind: RefKind, rs: &[Ident]) -> Vec<String> {
    rs.iter()
        .filter(|r| cx.index.get(kind, &r.name).is_some())
        .map(|r| r.name.clone())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Runs the passes up to and including this one on `src`.
    pub(super) fn with_time<R>(src: &str, f: impl FnOnce(&Context) -> R) -> R {
        let project = crate::project::load_text(
            std::path::Path::new("t.smm"),
            src,
            crate::project::Options::default(),
        );
        let (model, index, out) = crate::check::lowered(&project);
        let mut cx = Context::new(&model, &index, out);
        run(&mut cx);
        f(&cx)
    }

    /// The head of the test plans: a March 2027 campaign in Paris, one channel, three messages.
    pub(super) const HEAD: &str = r#"
campaign "T" { start 2027-03-01; end 2027-03-31; timezone "Europe/Paris" }
channel instagram { handle "@t" }
message a { text "A" }
message b { text "B" }
message c { text "C" }
"#;

    pub(super) fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }
}
