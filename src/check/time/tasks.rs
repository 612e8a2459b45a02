//! Tasks expanded into the plan's dated task occurrences.
//!
//! A task (`task backup { every day at 02:30 }`) is work for the team, not a post: it goes in
//! the calendar with its owner and duration, and its DST changes are reported like a post's.
//!
//! # Rules (language reference)
//!
//! **Tasks.** Occurrences as for posts (see `recurrences` and `dst`), in the campaign's zone (v1
//! has no per-task zone); a task lasts `duration` (default 30 minutes). A task without `every`,
//! or in a campaign without valid dates or zone, has no occurrence.

use chrono_tz::Tz;

use crate::check::model;
use crate::check::Context;
use crate::plan::{self, TaskOccurrence};
use crate::schema::RefKind;

use super::dst::Dst;
use super::{recurrence_time, recurrences, resolved, resolved_all, Time};

/// Builds one task of the plan.
pub(super) fn task(cx: &mut Context, t: &Time, task: &model::Task) -> plan::Task {
    let zone = t.zone.unwrap_or(Tz::UTC);
    let mut occurrences = Vec::new();
    if let (Some(r), Some(tz), Some(_)) = (&task.every, t.zone, &t.campaign) {
        let whose = format!("task `{}`", task.name.name);
        let (occ, _) = recurrences::expand(cx, t, r, tz, &whose);
        let mut dst = Dst::new(false);
        for o in &occ {
            dst.note(o, |time| recurrence_time(r, time));
        }
        dst.report(cx, tz, "the task starts at", &whose);
        occurrences = occ
            .into_iter()
            .map(|o| TaskOccurrence {
                local: o.local,
                utc: o.utc,
            })
            .collect();
    }
    plan::Task {
        name: task.name.name.clone(),
        owner: resolved(cx, RefKind::Role, &task.owner),
        duration_minutes: task.duration.as_ref().map_or(30, |d| d.value.minutes()),
        channels: resolved_all(cx, RefKind::Channel, &task.channels),
        description: task.description.as_ref().map(|d| d.value.clone()),
        timezone: zone.name().to_string(),
        occurrences,
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::with_time;

    #[test]
    fn task_dst_and_skipped_months_are_reported_once() {
        let src = r#"
campaign "T" { start 2027-01-01; end 2027-12-31; timezone "Europe/Paris" }
task backup { every day at 02:30; description "Export" }
task report { every month on day 31 at 10:00 }
"#;
        with_time(src, |cx| {
            let codes: Vec<&str> = cx
                .out
                .iter()
                .map(|d| d.code)
                .filter(|c| c.starts_with('W'))
                .collect();
            assert_eq!(codes, ["W0402", "W0403", "W0606"]);
            let report = &cx.plan.tasks[1];
            assert_eq!(report.occurrences.len(), 7);
            assert_eq!(report.duration_minutes, 30);
            assert_eq!(report.timezone, "Europe/Paris");
        });
    }
}
