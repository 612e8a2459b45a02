//! Unscheduled messages and empty schedules: written, never posted (`W0604`, `W0605`).
//!
//! A message no schedule posts, a schedule without `post`, or a `post` whose rule matches no day
//! of its range are work that will not appear in the calendar; usually a forgotten line or a
//! range that misses the weekday asked for.
//!
//! # Rules (language reference)
//!
//! **Unscheduled, empty.** A message no `post` names is `W0604` (a name written in a `post`
//! that could not be read counts as named). A schedule without `post` is `W0605` at its name; a
//! `post … every …` whose rule matches no date of its range is `W0605` at the recurrence, unless
//! its range, zone, phase or names were wrong (reported elsewhere) or a missing month day was
//! already reported (`W0606`).

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use chrono::NaiveDate;

use crate::check::model::{Every, Model, When, Window};
use crate::check::resolve::Index;
use crate::check::time::PostUse;
use crate::diagnostic::Diagnostic;
use crate::schema::RefKind;
use crate::source::Span;
use crate::wording::{or_list, weekday_name};

/// `W0604` unscheduled-message: a message that no `post` of any schedule mentions.
pub fn unscheduled_messages(model: &Model) -> Vec<Diagnostic> {
    let mut mentioned: HashSet<&str> = HashSet::default();
    for s in &model.schedules {
        for p in &s.posts {
            mentioned.extend(p.messages.iter().map(|m| m.name.as_str()));
        }
        mentioned.extend(s.unread.iter().map(|m| m.name.as_str()));
    }
    let channel = model
        .channels
        .first()
        .map_or("CHANNEL", |c| c.name.name.as_str());
    model
        .messages
        .iter()
        .filter(|m| !mentioned.contains(m.name.name.as_str()))
        .map(|m| {
            Diagnostic::new("W0604", m.name.span, format!("the message `{}` is never posted", m.name.name))
                .label("no schedule posts it")
                .help(format!(
                    "post it in a schedule, such as `post {} to {channel} at 2027-03-03 09:00`, or remove it",
                    m.name.name
                ))
        })
        .collect()
}

/// `W0605` empty-schedule: a schedule without any `post`.
pub fn empty_schedules(model: &Model) -> Vec<Diagnostic> {
    model
        .schedules
        .iter()
        .filter(|s| s.posts.is_empty() && !s.incomplete)
        .map(|s| {
            Diagnostic::new("W0605", s.name.span, format!("the schedule `{}` posts nothing", s.name.name))
                .label("this schedule has no `post`")
                .help("add `post MESSAGE to CHANNEL at 2027-03-03 09:00` or `post … every …`, or remove the schedule")
        })
        .collect()
}

/// `W0605` for a `post` that never goes out: a series with no slot, or a single message whose
/// recurrence matches no date of its range. Statements that could not be expanded (their range,
/// zone, campaign or names were wrong, and reported) are not reported again.
pub fn empty_posts(
    model: &Model,
    index: &Index,
    uses: &[PostUse],
    reported: &HashSet<Span>,
) -> Vec<Diagnostic> {
    // The time pass records a use for every statement it could expand.
    let uses: HashMap<Span, &PostUse> = uses.iter().map(|u| (u.span, u)).collect();
    let mut out = Vec::new();
    for s in &model.schedules {
        for p in &s.posts {
            let When::Every(r) = &p.when else { continue };
            if reported.contains(&r.span) {
                continue;
            }
            let empty = uses.get(&p.span).is_some_and(|u| u.slots == 0);
            if !empty {
                continue;
            }
            let dates = |a: NaiveDate, b: NaiveDate| {
                format!("{a} ({}) to {b} ({})", a.format("%A"), b.format("%A"))
            };
            let range = match &r.window {
                Window::Campaign => match model
                    .campaign
                    .as_ref()
                    .and_then(|c| Some((c.start.as_ref()?, c.end.as_ref()?)))
                {
                    Some((a, b)) => format!("the campaign, {}", dates(a.value, b.value)),
                    None => "the campaign".to_string(),
                },
                Window::Dates(a, b) => dates(a.value, b.value),
                Window::Phase(ph) => match index
                    .get(RefKind::Phase, &ph.name)
                    .and_then(|i| model.phases.get(i))
                {
                    Some(phase) => match (&phase.start, &phase.end) {
                        (Some(a), Some(b)) => {
                            format!("the phase `{}`, {}", ph.name, dates(a.value, b.value))
                        }
                        _ => format!("the phase `{}`", ph.name),
                    },
                    None => format!("the phase `{}`", ph.name),
                },
            };
            let asks = match &r.every {
                Every::Weekdays(days) | Every::Weeks(_, days) => {
                    let days: Vec<String> =
                        days.iter().map(|d| weekday_name(*d).to_string()).collect();
                    (!days.is_empty()).then(|| format!("no {}", or_list(&days)))
                }
                Every::Months(_, day) => Some(format!("no day {day}")),
                Every::Day => None,
            };
            out.push(
                Diagnostic::new(
                    "W0605",
                    r.span,
                    format!("this post in the schedule `{}` never goes out", s.name.name),
                )
                .label("no date of its range matches")
                .help("choose days that occur in the range, or widen the range")
                .note(match asks {
                    Some(asks) => format!("its range, {range}, has {asks}"),
                    None => format!("its range is {range}"),
                }),
            );
        }
    }
    out
}
