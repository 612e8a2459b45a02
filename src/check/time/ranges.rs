//! Ranges of days: the campaign's, the phases' and the recurrence windows', and the phase of a
//! date.
//!
//! A range that ends before it starts, or that reaches outside the campaign, would quietly
//! schedule nothing, or posts nobody planned; each is reported where it is written, and the
//! posts keep only their days inside the campaign, so that later checks still see them.
//!
//! # Rules (language reference)
//!
//! **Ranges.** Every range is inclusive at both ends and is written start first: the campaign
//! (`start`/`end`), a phase, a recurrence's `from … to …`. One that ends before it starts is
//! `E0401` (reported at the end, with the start as second place); a range of one day has equal
//! ends. A range that ends before it starts schedules nothing. A campaign of
//! [`MAX_CAMPAIGN_DAYS`] days or more is `E0404` (a typo in a year, not a plan).
//!
//! **Inside the campaign (`E0403`).** Phases, one-off posts (`at DATE-TIME`, by the local date
//! of the written time) and recurrence windows (each end of `from … to …`) lie inside the
//! campaign. A one-off post outside the campaign is an error and is not posted. A recurrence
//! window that reaches outside is an error too; only its days inside the campaign are expanded
//! (so that later checks still see them). `during PHASE` stands for the phase's dates: a phase
//! reaching outside the campaign is reported once, at the phase, and its posts are its days
//! inside the campaign; a phase whose end is before its start schedules nothing. No window
//! means the whole campaign. KPI deadlines and budget lines are checked by their own passes.
//! Without a campaign `start` and `end` in order, nothing date-dependent is checked or expanded.
//!
//! **Phases.** Phases may overlap, with a warning (`W0401 overlapping-phases`), reported once per
//! phase that starts while an earlier-starting one has not ended, at its `start` and that phase's
//! `end`. A post's phase is the phase holding the date it was scheduled for; where phases
//! overlap, the one that starts first.

use chrono::{NaiveDate, NaiveDateTime};

use crate::ast::Ident;
use crate::diagnostic::Diagnostic;
use crate::schema::RefKind;

use crate::check::model::{Campaign, Model, Spanned, Window};
use crate::check::Context;
use crate::source::Span;

use super::Time;

/// The longest campaign smm expands, in days (about 10 years).
pub const MAX_CAMPAIGN_DAYS: i64 = 3653;

/// A range of days, both ends as written.
pub(super) type Range = (Spanned<NaiveDate>, Spanned<NaiveDate>);

/// The campaign's days, when both ends are given, in order (else `E0401`) and less than
/// [`MAX_CAMPAIGN_DAYS`] apart (else `E0404`).
pub(super) fn campaign(cx: &mut Context, c: &Campaign) -> Option<Range> {
    let (Some(start), Some(end)) = (&c.start, &c.end) else {
        return None;
    };
    let days = (end.value - start.value).num_days();
    if end.value < start.value {
        cx.out.push(reversed(
            start,
            end,
            "the campaign",
            "campaign",
            format!(
                "`end` is the campaign's last day: write a date on or after {}",
                start.value
            ),
        ));
        None
    } else if days >= MAX_CAMPAIGN_DAYS {
        // Expanding a century of daily posts would take minutes and gigabytes; a campaign plan
        // covers months, so a span this long is a typo in a year.
        cx.out.push(
            Diagnostic::new(
                "E0404",
                end.span,
                format!(
                    "the campaign lasts {} days; smm plans campaigns of at most {MAX_CAMPAIGN_DAYS} days (10 years)",
                    days + 1
                ),
            )
            .label("too far from the start")
            .with_secondary(start.span, "the campaign starts here")
            .help("check the year of `start` and `end`; split a longer programme into several campaigns"),
        );
        None
    } else {
        Some((start.clone(), end.clone()))
    }
}

/// The valid phases (both ends, in order), sorted, with their first day trimmed so that none
/// overlaps an earlier-starting one: `(first day, last day, index in the model)`.
pub(super) fn phase_table(model: &Model) -> Vec<(NaiveDate, NaiveDate, usize)> {
    let mut valid: Vec<(NaiveDate, NaiveDate, usize)> = model
        .phases
        .iter()
        .enumerate()
        .filter_map(|(i, p)| match (&p.start, &p.end) {
            (Some(s), Some(e)) if s.value <= e.value => Some((s.value, e.value, i)),
            _ => None,
        })
        .collect();
    valid.sort();
    let mut table = Vec::with_capacity(valid.len());
    let mut covered: Option<NaiveDate> = None;
    for (s, e, i) in valid {
        let start = match covered {
            Some(c) if c >= s => match c.succ_opt() {
                Some(next) => next,
                None => continue,
            },
            _ => s,
        };
        if start > e {
            continue;
        }
        table.push((start, e, i));
        covered = Some(covered.map_or(e, |c| c.max(e)));
    }
    table
}

/// The index in the model of the phase holding `date` (the first-starting one where phases
/// overlap).
pub(super) fn phase_of(t: &Time, date: NaiveDate) -> Option<usize> {
    let i = t.phase_table.partition_point(|(s, _, _)| *s <= date);
    let (_, end, p) = t.phase_table.get(i.checked_sub(1)?)?;
    (date <= *end).then_some(*p)
}

/// `E0401` for reversed phases, `E0403` for phases outside the campaign, `W0401` overlaps.
pub(super) fn check_phases(cx: &mut Context, t: &Time) {
    let mut valid = Vec::new();
    for p in &t.model.phases {
        let (Some(start), Some(end)) = (&p.start, &p.end) else {
            continue;
        };
        if end.value < start.value {
            cx.out.push(reversed(
                start,
                end,
                &format!("the phase `{}`", p.name.name),
                "phase",
                format!(
                    "`end` is the phase's last day: write a date on or after {}",
                    start.value
                ),
            ));
            continue;
        }
        valid.push((start, end, &p.name));
        if let Some((cs, ce)) = &t.campaign {
            let what = format!("the phase `{}`", p.name.name);
            for (d, verb) in [(start, "starts"), (end, "ends")] {
                if let Some(diag) = outside(d, cs, ce, &what, verb, "phase") {
                    cx.out.push(diag);
                }
            }
        }
    }
    // Overlaps: sweep by start, keeping the phase that ends last so far.
    valid.sort_by_key(|(s, e, n)| (s.value, e.value, n.span));
    let mut latest: Option<(&Spanned<NaiveDate>, &Spanned<NaiveDate>, &Ident)> = None;
    for (start, end, name) in valid {
        if let Some((ps, pe, pn)) = latest {
            if start.value <= pe.value {
                cx.out.push(overlap(ps, pe, pn, start, end, name));
            }
            if end.value > pe.value {
                latest = Some((start, end, name));
            }
        } else {
            latest = Some((start, end, name));
        }
    }
}

/// The days a window covers inside the campaign, reporting `E0401`/`E0403` on explicit
/// dates. `None`: nothing to expand. The flag says whether the window was wrong.
pub(super) fn window(
    cx: &mut Context,
    t: &Time,
    w: &Window,
) -> (Option<(NaiveDate, NaiveDate)>, bool) {
    if let Window::Dates(from, to) = w {
        if to.value < from.value {
            cx.out.push(reversed(
                from,
                to,
                "this range",
                "range",
                format!("swap the dates: `from {} to {}`", to.value, from.value),
            ));
            return (None, true);
        }
    }
    let Some((cs, ce)) = &t.campaign else {
        return (None, false);
    };
    let (from, to, bad) = match w {
        Window::Campaign => (cs.value, ce.value, false),
        Window::Dates(from, to) => {
            let mut bad = false;
            for (d, verb) in [(from, "starts"), (to, "ends")] {
                if let Some(diag) = outside(d, cs, ce, "this range", verb, "range") {
                    cx.out.push(diag);
                    bad = true;
                }
            }
            (from.value, to.value, bad)
        }
        Window::Phase(name) => {
            let phase = t.model.phases.get(
                cx.index
                    .get(RefKind::Phase, &name.name)
                    .unwrap_or(usize::MAX),
            );
            match phase.and_then(|p| Some((p.start.as_ref()?, p.end.as_ref()?))) {
                Some((s, e)) if s.value <= e.value => {
                    (s.value, e.value, s.value < cs.value || e.value > ce.value)
                }
                _ => return (None, true),
            }
        }
    };
    let (from, to) = (from.max(cs.value), to.min(ce.value));
    ((from <= to).then_some((from, to)), bad)
}

/// `E0401`: a range that ends before it starts, at its end, with its start as second place.
/// `subject` starts the sentence ("the phase `launch`"); `noun` names the start ("the phase
/// starts here").
fn reversed(
    start: &Spanned<NaiveDate>,
    end: &Spanned<NaiveDate>,
    subject: &str,
    noun: &str,
    help: String,
) -> Diagnostic {
    Diagnostic::new(
        "E0401",
        end.span,
        format!(
            "{subject} ends on {}, before it starts on {}",
            end.value, start.value
        ),
    )
    .label("ends before the start")
    .with_secondary(start.span, format!("the {noun} starts here"))
    .help(help)
}

/// `E0403` when a phase's or a range's date `d` is outside the campaign. `subject` and `verb`
/// make the sentence: "the phase `launch` ends on …", "this range starts on …".
fn outside(
    d: &Spanned<NaiveDate>,
    cs: &Spanned<NaiveDate>,
    ce: &Spanned<NaiveDate>,
    subject: &str,
    verb: &str,
    kind: &str,
) -> Option<Diagnostic> {
    let (rel, edge, which) = beyond(d.value, cs, ce)?;
    Some(
        outside_campaign(
            d.span,
            format!("{subject} {verb} on {}, {rel} {}", d.value, edge.value),
            edge,
            which,
        )
        .help(format!(
            "keep the {kind} inside the campaign ({} to {}), or move the campaign's `{which}`",
            cs.value, ce.value
        )),
    )
}

/// `E0403` for a one-off post outside the campaign (by its local date).
pub(super) fn post_outside(
    at: &Spanned<NaiveDateTime>,
    cs: &Spanned<NaiveDate>,
    ce: &Spanned<NaiveDate>,
) -> Option<Diagnostic> {
    let date = at.value.date();
    let (rel, edge, which) = beyond(date, cs, ce)?;
    Some(
        outside_campaign(
            at.span,
            format!("this post is on {date}, {rel} {}", edge.value),
            edge,
            which,
        )
        .help(format!(
            "move the post inside the campaign ({} to {}), or move the campaign's `{which}`",
            cs.value, ce.value
        ))
        .note("a post outside the campaign is not put in the calendar"),
    )
}

/// Which end of the campaign `date` passes: how to say it, that end, and the end's key
/// (`start` or `end`). `None` when the date is inside.
fn beyond<'a>(
    date: NaiveDate,
    cs: &'a Spanned<NaiveDate>,
    ce: &'a Spanned<NaiveDate>,
) -> Option<(&'static str, &'a Spanned<NaiveDate>, &'static str)> {
    if date < cs.value {
        Some(("before the campaign starts on", cs, "start"))
    } else if date > ce.value {
        Some(("after the campaign ends on", ce, "end"))
    } else {
        None
    }
}

/// The `E0403` that [`outside`] and [`post_outside`] share, without its help.
fn outside_campaign(
    span: Span,
    message: String,
    edge: &Spanned<NaiveDate>,
    which: &str,
) -> Diagnostic {
    Diagnostic::new("E0403", span, message)
        .label(if which == "start" {
            "before the campaign"
        } else {
            "after the campaign"
        })
        .with_secondary(edge.span, format!("the campaign {which}s here"))
}

/// `W0401` for two overlapping phases: `b` starts while `a` has not ended.
fn overlap(
    a_start: &Spanned<NaiveDate>,
    a_end: &Spanned<NaiveDate>,
    a: &Ident,
    b_start: &Spanned<NaiveDate>,
    b_end: &Spanned<NaiveDate>,
    b: &Ident,
) -> Diagnostic {
    let from = b_start.value;
    let to = b_end.value.min(a_end.value);
    let days = (to - from).num_days() + 1;
    let when = if from == to {
        format!("on {from}")
    } else {
        format!("from {from} to {to} ({days} days)")
    };
    let help = if b_end.value > a_end.value && a_start.value < b_start.value {
        let before = b_start.value.pred_opt().unwrap_or(b_start.value);
        let after = a_end.value.succ_opt().unwrap_or(a_end.value);
        format!(
            "phases include both their days: end `{}` on {before}, or start `{}` on {after}",
            a.name, b.name
        )
    } else {
        format!(
            "`{}` lies within `{}`: make the phases follow each other, or allow `overlapping-phases` if the overlap is intended",
            b.name, a.name
        )
    };
    Diagnostic::new(
        "W0401",
        b_start.span,
        format!("the phases `{}` and `{}` overlap {when}", a.name, b.name),
    )
    .label(format!("`{}` starts before `{}` ends", b.name, a.name))
    .with_secondary(a_end.span, format!("`{}` ends on {}", a.name, a_end.value))
    .help(help)
}
