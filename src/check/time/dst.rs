//! Daylight saving time: the written times that a clock change skips or repeats.
//!
//! A post at 02:30 on the night the clocks jump forward cannot go out at 02:30; one at 01:30 on
//! the night they go back could go out twice. The expansion picks a time either way; this
//! module tells the writer which, once per statement and day, so that the choice is not a
//! surprise in the calendar.
//!
//! # Rules (language reference)
//!
//! **Daylight saving time.** Times are wall-clock times in the effective zone: `09:00` stays
//! 09:00 local across a DST change, and its UTC instant moves. A time that does not exist (the
//! clocks jump forward over it) is moved forward by the length of the jump, 02:30 → 03:30; a
//! time that happens twice (the clocks go back) is the first of the two; both as RFC 5545 and
//! [`crate::plan::expand`] say. Each is a warning (`W0402 dst-gap`, `W0403 dst-ambiguous`)
//! reported once per post statement (or task) and per date, at the time value, saying which
//! local time was used; the plan's notes repeat it.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, Utc};
use chrono_tz::Tz;

use crate::check::Context;
use crate::diagnostic::Diagnostic;
use crate::plan::expand::{Occurrence, Resolution};
use crate::source::Span;
use crate::wording::{and_list, date_time, hm};

/// A time that happens twice: requested time, instant used, the other instant, span.
type Twice = (NaiveTime, DateTime<Utc>, DateTime<Utc>, Span);

/// DST resolutions of one statement, by requested date.
#[derive(Default)]
pub(super) struct Dst {
    /// A one-off post (`at DATE-TIME`), not a recurrence.
    once: bool,
    /// Requested time, local time used, span.
    gaps: BTreeMap<NaiveDate, Vec<(NaiveTime, NaiveDateTime, Span)>>,
    /// Requested time, instant used, the other instant, span.
    overlaps: BTreeMap<NaiveDate, Vec<Twice>>,
}

impl Dst {
    /// No resolution yet, for a one-off post (`once`) or a recurrence.
    pub(super) fn new(once: bool) -> Dst {
        Dst {
            once,
            ..Dst::default()
        }
    }

    /// Records how DST resolved `occ`; `written` gives the span of a requested time.
    pub(super) fn note(&mut self, occ: &Occurrence, written: impl Fn(NaiveTime) -> Span) {
        let requested = occ.requested();
        let span = written(requested.time());
        match &occ.resolution {
            Resolution::Exact => {}
            Resolution::Gap { shifted_to, .. } => self
                .gaps
                .entry(requested.date())
                .or_default()
                .push((requested.time(), *shifted_to, span)),
            Resolution::Overlap { other_utc, .. } => self
                .overlaps
                .entry(requested.date())
                .or_default()
                .push((requested.time(), occ.utc, *other_utc, span)),
        }
    }

    /// Reports `W0402` and `W0403`, one per date, and their plan notes. `verb` says what the
    /// statement does at the time used ("posted at"); `whose` names it in the notes.
    pub(super) fn report(self, cx: &mut Context, zone: Tz, verb: &str, whose: &str) {
        for (date, mut items) in self.gaps {
            items.sort_by_key(|(t, _, _)| *t);
            items.dedup_by_key(|(t, _, _)| *t);
            let times: Vec<String> = items.iter().map(|(t, _, _)| hm(*t)).collect();
            let used: Vec<String> = items
                .iter()
                .map(|(_, s, _)| {
                    if s.date() == date {
                        hm(s.time())
                    } else {
                        date_time(*s)
                    }
                })
                .collect();
            let (times, used) = (and_list(&times), and_list(&used));
            let exist = if items.len() == 1 {
                "does not exist"
            } else {
                "do not exist"
            };
            let message = format!(
                "{times} {exist} on {date} in {} (clocks go forward); {verb} {used}",
                zone.name()
            );
            let d = Diagnostic::new("W0402", items[0].2, message.clone())
                .label(format!("{exist} on {date}"))
                .help(if self.once {
                    format!("write {used} to say so, or pick another time")
                } else {
                    format!(
                        "pick a time that exists on every day, or allow `dst-gap` if {used} is fine on {date}"
                    )
                });
            let spans: Vec<Span> = items.iter().map(|i| i.2).collect();
            let also = format!("also does not exist on {date}");
            push(cx, d, &spans, &also, whose, message);
        }
        for (date, mut items) in self.overlaps {
            items.sort_by_key(|(t, _, _, _)| *t);
            items.dedup_by_key(|(t, _, _, _)| *t);
            let times: Vec<String> = items.iter().map(|(t, _, _, _)| hm(*t)).collect();
            let times = and_list(&times);
            let chosen: Vec<String> = items
                .iter()
                .map(|(_, u, _, _)| format!("{} UTC", hm(u.time())))
                .collect();
            let other: Vec<String> = items
                .iter()
                .map(|(_, _, o, _)| format!("{} UTC", hm(o.time())))
                .collect();
            let happens = if items.len() == 1 {
                "happens"
            } else {
                "happen"
            };
            let message = format!(
                "{times} {happens} twice on {date} in {} (clocks go back); {verb} the first {times} ({}), not the second ({})",
                zone.name(),
                and_list(&chosen),
                and_list(&other)
            );
            let d = Diagnostic::new("W0403", items[0].3, message.clone())
                .label(format!("{happens} twice on {date}"))
                .help(format!(
                    "pick a time outside the repeated hour, or allow `dst-ambiguous` if the first {times} is fine"
                ));
            let spans: Vec<Span> = items.iter().map(|i| i.3).collect();
            let also = format!("also happens twice on {date}");
            push(cx, d, &spans, &also, whose, message);
        }
    }
}

/// Pushes a DST warning, at the first of `spans`, with the other times written elsewhere as
/// second places (`also`), and its plan note.
fn push(
    cx: &mut Context,
    mut d: Diagnostic,
    spans: &[Span],
    also: &str,
    whose: &str,
    message: String,
) {
    for span in &spans[1..] {
        if *span != spans[0] {
            d = d.with_secondary(*span, also);
        }
    }
    cx.out.push(d);
    cx.plan.notes.push(format!("{whose}: {message}"));
}
