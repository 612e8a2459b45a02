//! Pass 4, time: dates, ranges and zones checked; schedules and tasks expanded into the plan.
//!
//! This pass reads the [`Model`] and fills the static sections of the plan
//! (campaign, roles, phases, objectives, audiences, channels, messages), every post occurrence
//! and every task occurrence. Later passes read `cx.plan.posts` and [`PostUse`]s.
//!
//! # Rules (language reference)
//!
//! **Zones.** Every `timezone` (campaign, audience, schedule) is an IANA zone name, written
//! exactly (`Europe/Paris`); the default is `UTC`. Zones named after an abbreviation (`CET`,
//! `EST`, …) are refused with the city zone to write instead; see [`zone`]. An unknown zone is
//! `E0402`. The *effective zone* of a schedule's posts is the schedule's `timezone`, else the
//! campaign's. Tasks are in the campaign's zone (v1 has no per-task zone). An audience without a
//! zone lives in the campaign's.
//!
//! **Ranges.** Every range is inclusive at both ends and is written start first: the campaign
//! (`start`/`end`), a phase, a recurrence's `from … to …`. One that ends before it starts is
//! `E0401` (reported at the end, with the start as second place); a range of one day has equal
//! ends. A range that ends before it starts schedules nothing.
//!
//! **Inside the campaign (`E0403`).** Phases, one-off posts (`at DATE-TIME`, by the local date
//! of the written time) and recurrence windows (each end of `from … to …`) lie inside the
//! campaign. A one-off post outside the campaign is an error and is not posted. A recurrence
//! window that reaches outside is an error too; only its days inside the campaign are expanded
//! (so that later checks still see them). `during PHASE` stands for the phase's dates: a phase
//! reaching outside the campaign is reported once, at the phase, and its posts are its days
//! inside the campaign; a phase whose end is before its start schedules nothing. No window
//! means the whole campaign. KPI deadlines and budget lines are checked by their own passes.
//! Without a campaign `start` and `end` in order, nothing date-dependent is checked or expanded;
//! with an invalid zone, nothing in that zone is expanded.
//!
//! **Phases.** Phases may overlap, with a warning (`W0401 overlapping-phases`), reported once per
//! phase that starts while an earlier-starting one has not ended, at its `start` and that phase's
//! `end`. A post's phase is the phase holding the date it was scheduled for; where phases overlap, the one that
//! starts first.
//!
//! **Daylight saving time.** Times are wall-clock times in the effective zone: `09:00` stays
//! 09:00 local across a DST change, and its UTC instant moves. A time that does not exist (the
//! clocks jump forward over it) is moved forward by the length of the jump, 02:30 → 03:30; a
//! time that happens twice (the clocks go back) is the first of the two; both as RFC 5545 and
//! [`crate::plan::expand`] say. Each is a warning (`W0402 dst-gap`, `W0403 dst-ambiguous`)
//! reported once per post statement (or task) and per date, at the time value, saying which
//! local time was used; the plan's notes repeat it.
//!
//! **Months without the day.** `every month on day 31` skips months without a day 31; one
//! warning (`W0606 skipped-month-day`) per statement lists them, and a plan note says so.
//!
//! **Series.** In `post [m1, m2, m3] to CHANNELS every …`, the k-th occurrence (k = 0, 1, …, in
//! time order) posts message k to every channel of the statement; without `repeat` the series
//! stops after its last message, with `repeat` it starts again (message k mod n). A one-off
//! `at` with a list posts the first message only. How many slots the series had is recorded in
//! [`PostUse`] for the calendar pass (`W0602`, `W0603`).
//!
//! **Posts.** One [`PostOccurrence`] per message × channel × instant. Its content is the
//! message's with the channel's variant applied field by field (a field the variant gives
//! replaces the message's; the others are kept). Its owner is the message's owner, else the
//! channel's. Posts are sorted by instant, then channel, then message (then source order).
//!
//! **Ids.** A post's id is `SCHEDULE/MESSAGE/CHANNEL/YYYYMMDDTHHMM`, the local wall-clock time
//! actually posted (for a DST gap, the shifted time). The same message on the same channel at
//! the same minute twice in one schedule (a collision, reported by the calendar pass) gets
//! `-2`, `-3`, … appended in sorted order, so ids are unique and stable across runs.
//!
//! **Tasks.** Occurrences as for posts, in the campaign's zone; a task lasts `duration`
//! (default 30 minutes).

pub mod zone;

pub use zone::{diagnose as diagnose_zone, parse as parse_zone, Refusal, ABBREVIATION_ZONES};

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, NaiveTime, Utc};
use chrono_tz::Tz;

use crate::ast::Ident;
use crate::diagnostic::Diagnostic;
use crate::plan::expand::{self, Frequency, Occurrence, Resolution};
use crate::plan::{self, PostOccurrence, TaskOccurrence};
use crate::schema::RefKind;
use crate::source::Span;

use super::model::{self, Every, Model, Recurrence, Spanned, When, Window};
use super::Context;

/// How a series (`post [m1, m2, …] to … every …`) used its slots; read by the calendar pass.
///
/// One per `post` statement written with a list of messages, in source order; not recorded
/// when the statement's dates or zone are wrong (already reported), so that a wrong window
/// does not also look like an unused series.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PostUse {
    /// Whether the messages were written as a list (a series).
    pub series: bool,
    /// The schedule.
    pub schedule: String,
    /// The messages of the series, in order, as written.
    pub messages: Vec<String>,
    /// How many occurrences (date-times) the statement has inside the campaign.
    pub slots: usize,
    /// Whether the series starts again when it runs out.
    pub repeat: bool,
    /// Local time of the first slot left empty because the series ran out (`None` if none).
    pub first_empty_slot: Option<NaiveDateTime>,
    /// Local time of the last slot (`None` when there is no slot).
    pub last_slot: Option<NaiveDateTime>,
    /// The `post` statement.
    pub span: Span,
}

/// The longest campaign smm expands, in days (about 10 years).
pub const MAX_CAMPAIGN_DAYS: i64 = 3653;

/// Runs the time checks and builds the dated parts of the plan.
pub fn run(cx: &mut Context) {
    let model = cx.model;
    let t = Time::new(cx, model);
    t.check_phases(cx);
    t.check_other_zones(cx);
    fill_static(cx, &t);
    let mut posts = Vec::new();
    for s in &model.schedules {
        t.schedule(cx, s, &mut posts);
    }
    finish_posts(&mut posts);
    cx.plan.posts = posts;
    let tasks = model.tasks.iter().map(|task| t.task(cx, task)).collect();
    cx.plan.tasks = tasks;
}

/// The campaign's range and zone, and the phases, as the pass needs them.
struct Time<'m> {
    model: &'m Model,
    /// The campaign's days, when both ends are given and in order.
    campaign: Option<(Spanned<NaiveDate>, Spanned<NaiveDate>)>,
    /// The campaign's zone; `None` when the written one is not a zone.
    zone: Option<Tz>,
    /// Valid phases (both ends, in order), with their first day trimmed so that none overlaps:
    /// sorted, disjoint; used to find the phase of a date.
    phase_table: Vec<(NaiveDate, NaiveDate, usize)>,
    /// Content per message: the default, and per channel with the variant applied.
    contents: Vec<(plan::Content, BTreeMap<String, plan::Content>)>,
}

fn day(s: &Spanned<NaiveDate>) -> NaiveDate {
    s.value
}

impl<'m> Time<'m> {
    fn new(cx: &mut Context, model: &'m Model) -> Time<'m> {
        let mut campaign = None;
        let mut zone = Some(Tz::UTC);
        if let Some(c) = &model.campaign {
            if let (Some(start), Some(end)) = (&c.start, &c.end) {
                if end.value < start.value {
                    cx.out.push(
                        Diagnostic::new(
                            "E0401",
                            end.span,
                            format!(
                                "the campaign ends on {}, before it starts on {}",
                                end.value, start.value
                            ),
                        )
                        .label("ends before the start")
                        .with_secondary(start.span, "the campaign starts here")
                        .help(format!(
                            "`end` is the campaign's last day: write a date on or after {}",
                            start.value
                        )),
                    );
                } else if (end.value - start.value).num_days() >= MAX_CAMPAIGN_DAYS {
                    // Expanding a century of daily posts would take minutes and gigabytes; a
                    // campaign plan covers months, so a span this long is a typo in a year.
                    cx.out.push(
                        Diagnostic::new(
                            "E0404",
                            end.span,
                            format!(
                                "the campaign lasts {} days; smm plans campaigns of at most {MAX_CAMPAIGN_DAYS} days (10 years)",
                                (end.value - start.value).num_days() + 1
                            ),
                        )
                        .label("too far from the start")
                        .with_secondary(start.span, "the campaign starts here")
                        .help("check the year of `start` and `end`; split a longer programme into several campaigns"),
                    );
                } else {
                    campaign = Some((start.clone(), end.clone()));
                }
            }
            if let Some(tz) = &c.timezone {
                zone = check_zone(
                    cx,
                    tz,
                    "schedules and tasks without a zone of their own use the campaign's; they are left out of the calendar until it is fixed",
                );
            }
        }
        let contents = model
            .messages
            .iter()
            .map(|m| message_contents(cx, m))
            .collect();
        let mut t = Time {
            model,
            campaign,
            zone,
            phase_table: Vec::new(),
            contents,
        };
        t.phase_table = t.build_phase_table();
        t
    }

    fn build_phase_table(&self) -> Vec<(NaiveDate, NaiveDate, usize)> {
        let mut valid: Vec<(NaiveDate, NaiveDate, usize)> = self
            .model
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

    /// The phase holding `date` (the first-starting one where phases overlap).
    fn phase_of(&self, date: NaiveDate) -> Option<String> {
        let i = self.phase_table.partition_point(|(s, _, _)| *s <= date);
        let (_, end, p) = self.phase_table.get(i.checked_sub(1)?)?;
        (date <= *end).then(|| self.model.phases[*p].name.name.clone())
    }

    /// `E0401` for reversed phases, `E0403` for phases outside the campaign, `W0401` overlaps.
    fn check_phases(&self, cx: &mut Context) {
        let mut valid = Vec::new();
        for p in &self.model.phases {
            let (Some(start), Some(end)) = (&p.start, &p.end) else {
                continue;
            };
            if end.value < start.value {
                cx.out.push(
                    Diagnostic::new(
                        "E0401",
                        end.span,
                        format!(
                            "the phase `{}` ends on {}, before it starts on {}",
                            p.name.name, end.value, start.value
                        ),
                    )
                    .label("ends before the start")
                    .with_secondary(start.span, "the phase starts here")
                    .help(format!(
                        "`end` is the phase's last day: write a date on or after {}",
                        start.value
                    )),
                );
                continue;
            }
            valid.push((start, end, &p.name));
            if let Some((cs, ce)) = &self.campaign {
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

    /// Audience and schedule zones (`E0402`); the campaign's is checked in [`Time::new`].
    fn check_other_zones(&self, cx: &mut Context) {
        for a in &self.model.audiences {
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

    /// The days a window covers inside the campaign, reporting `E0401`/`E0403` on explicit
    /// dates. `None`: nothing to expand. The flag says whether the window was wrong.
    fn window(&self, cx: &mut Context, w: &Window) -> (Option<(NaiveDate, NaiveDate)>, bool) {
        let explicit = match w {
            Window::Dates(from, to) => {
                if to.value < from.value {
                    cx.out.push(
                        Diagnostic::new(
                            "E0401",
                            to.span,
                            format!(
                                "this range ends on {}, before it starts on {}",
                                to.value, from.value
                            ),
                        )
                        .label("ends before the start")
                        .with_secondary(from.span, "the range starts here")
                        .help(format!(
                            "swap the dates: `from {} to {}`",
                            to.value, from.value
                        )),
                    );
                    return (None, true);
                }
                Some((from, to))
            }
            _ => None,
        };
        let Some((cs, ce)) = &self.campaign else {
            return (None, false);
        };
        let (from, to, bad) = match (w, explicit) {
            (Window::Campaign, _) => (cs.value, ce.value, false),
            (Window::Dates(..), Some((from, to))) => {
                let mut bad = false;
                for (d, verb) in [(from, "starts"), (to, "ends")] {
                    if let Some(diag) = outside(d, cs, ce, "this range", verb, "range") {
                        cx.out.push(diag);
                        bad = true;
                    }
                }
                (from.value, to.value, bad)
            }
            (Window::Phase(name), _) => {
                let phase = self.model.phases.get(
                    cx.index
                        .get(RefKind::Phase, &name.name)
                        .unwrap_or(usize::MAX),
                );
                match phase.and_then(|p| Some((p.start.as_ref()?, p.end.as_ref()?))) {
                    Some((s, e)) if s.value <= e.value => {
                        (day(s), day(e), s.value < cs.value || e.value > ce.value)
                    }
                    _ => return (None, true),
                }
            }
            (Window::Dates(..), None) => return (None, true),
        };
        let (from, to) = (from.max(cs.value), to.min(ce.value));
        ((from <= to).then_some((from, to)), bad)
    }

    /// Expands one schedule into `posts`.
    fn schedule(&self, cx: &mut Context, s: &model::Schedule, posts: &mut Vec<PostOccurrence>) {
        let zone = match &s.timezone {
            Some(tz) => check_zone(
                cx,
                tz,
                &format!(
                    "the posts of `{}` are left out of the calendar until the zone is fixed",
                    s.name.name
                ),
            ),
            None => self.zone,
        };
        let (Some(zone), Some(_)) = (zone, &self.campaign) else {
            return;
        };
        for p in &s.posts {
            self.post(cx, s, p, zone, posts);
        }
    }

    fn post(
        &self,
        cx: &mut Context,
        s: &model::Schedule,
        p: &model::Post,
        zone: Tz,
        posts: &mut Vec<PostOccurrence>,
    ) {
        let Some((cs, ce)) = &self.campaign else {
            return;
        };
        let mut dst = Dst {
            once: matches!(p.when, When::Once(_)),
            ..Dst::default()
        };
        let (occurrences, ok): (Vec<Occurrence>, bool) = match &p.when {
            When::Once(at) => {
                if let Some(diag) = outside_at(at, cs, ce) {
                    cx.out.push(diag);
                    (Vec::new(), false)
                } else {
                    let (utc, resolution) = expand::resolve_local(at.value, zone);
                    let local = match &resolution {
                        Resolution::Gap { shifted_to, .. } => *shifted_to,
                        _ => at.value,
                    };
                    (
                        vec![Occurrence {
                            local,
                            utc,
                            resolution,
                        }],
                        true,
                    )
                }
            }
            When::Every(r) => {
                let (occ, bad) =
                    self.recurrence(cx, r, zone, &format!("schedule `{}`", s.name.name));
                (occ, !bad)
            }
        };
        let n = p.messages.len();
        let series = p.series;
        let channels: Vec<&model::Channel> = p
            .channels
            .iter()
            .filter_map(|c| cx.index.get(RefKind::Channel, &c.name))
            .filter_map(|i| self.model.channels.get(i))
            .collect();
        let mut first_empty = None;
        for (k, occ) in occurrences.iter().enumerate() {
            let message = if series && n > 0 {
                match p.messages.get(if p.repeat { k % n } else { k }) {
                    Some(m) => m,
                    None => {
                        first_empty = Some(occ.local);
                        break;
                    }
                }
            } else {
                match p.messages.first() {
                    Some(m) => m,
                    None => break,
                }
            };
            self.note_dst(&mut dst, occ, when_times(&p.when));
            let Some(mi) = cx.index.get(RefKind::Message, &message.name) else {
                continue;
            };
            let Some(m) = self.model.messages.get(mi) else {
                continue;
            };
            for ch in &channels {
                posts.push(self.occurrence(cx, s, m, mi, ch, occ, zone, p.span));
            }
        }
        if ok {
            cx.post_uses.push(PostUse {
                series,
                schedule: s.name.name.clone(),
                messages: p.messages.iter().map(|m| m.name.clone()).collect(),
                slots: occurrences.len(),
                repeat: p.repeat,
                first_empty_slot: first_empty,
                last_slot: occurrences.last().map(|o| o.local),
                span: p.span,
            });
        }
        dst.report(
            cx,
            zone,
            "posted at",
            &format!("schedule `{}`", s.name.name),
        );
    }

    /// Builds one post occurrence.
    #[allow(clippy::too_many_arguments)]
    fn occurrence(
        &self,
        cx: &Context,
        s: &model::Schedule,
        m: &model::Message,
        mi: usize,
        ch: &model::Channel,
        occ: &Occurrence,
        zone: Tz,
        source: Span,
    ) -> PostOccurrence {
        let (base, variants) = &self.contents[mi];
        let content = variants.get(&ch.name.name).unwrap_or(base).clone();
        PostOccurrence {
            id: format!(
                "{}/{}/{}/{}",
                s.name.name,
                m.name.name,
                ch.name.name,
                occ.local.format("%Y%m%dT%H%M")
            ),
            schedule: s.name.name.clone(),
            message: m.name.name.clone(),
            channel: ch.name.name.clone(),
            platform: ch
                .platform
                .as_ref()
                .map_or(String::new(), |p| p.value.name().to_string()),
            local: occ.local,
            timezone: zone.name().to_string(),
            utc: occ.utc,
            resolution: occ.resolution.clone(),
            phase: self.phase_of(occ.requested().date()),
            objective: resolved(cx, RefKind::Objective, &m.objective),
            audiences: m
                .audiences
                .iter()
                .filter(|a| cx.index.get(RefKind::Audience, &a.name).is_some())
                .map(|a| a.name.clone())
                .collect(),
            owner: resolved(cx, RefKind::Role, &m.owner)
                .or_else(|| resolved(cx, RefKind::Role, &ch.owner)),
            content,
            source,
        }
    }

    /// Expands a recurrence inside its window, reporting window errors and skipped months.
    /// Returns the occurrences and whether the window was wrong.
    fn recurrence(
        &self,
        cx: &mut Context,
        r: &Recurrence,
        zone: Tz,
        whose: &str,
    ) -> (Vec<Occurrence>, bool) {
        let (range, bad) = self.window(cx, &r.window);
        let Some((from, to)) = range else {
            return (Vec::new(), bad);
        };
        let rule = expand::Recurrence {
            frequency: frequency(&r.every),
            times: r.times.iter().map(|t| t.value).collect(),
            from,
            to,
        };
        let e = expand::expand(&rule, zone);
        if !e.skipped.is_empty() {
            if let Every::Months(interval, day) = r.every {
                let every = if interval == 1 {
                    format!("every month on day {day}")
                } else {
                    format!("every {interval} months on day {day}")
                };
                let months = month_list(&e.skipped);
                let they = if e.skipped.len() == 1 {
                    "it has"
                } else {
                    "they have"
                };
                cx.out.push(
                    Diagnostic::new(
                        "W0606",
                        r.span,
                        format!("`{every}` skips {months}: {they} no day {day}"),
                    )
                    .label(format!("no day {day} in {months}"))
                    .help(
                        "pick a day every month has (1 to 28), or allow `skipped-month-day` if skipping is intended",
                    ),
                );
                cx.plan.notes.push(format!(
                    "{whose}: `{every}` has nothing in {months} (no day {day})"
                ));
            }
        }
        (e.occurrences, bad)
    }

    /// Records a DST resolution of `occ` for the statement's warning.
    fn note_dst(&self, dst: &mut Dst, occ: &Occurrence, times: TimeSpans) {
        let requested = occ.requested();
        let span = times.span_of(requested.time());
        match &occ.resolution {
            Resolution::Exact => {}
            Resolution::Gap { shifted_to, .. } => dst
                .gaps
                .entry(requested.date())
                .or_default()
                .push((requested.time(), *shifted_to, span)),
            Resolution::Overlap { other_utc, .. } => dst
                .overlaps
                .entry(requested.date())
                .or_default()
                .push((requested.time(), occ.utc, *other_utc, span)),
        }
    }

    /// Builds one task of the plan.
    fn task(&self, cx: &mut Context, task: &model::Task) -> plan::Task {
        let zone = self.zone.unwrap_or(Tz::UTC);
        let mut occurrences = Vec::new();
        if let (Some(r), Some(tz), Some(_)) = (&task.every, self.zone, &self.campaign) {
            let whose = format!("task `{}`", task.name.name);
            let (occ, _) = self.recurrence(cx, r, tz, &whose);
            let mut dst = Dst::default();
            for o in &occ {
                self.note_dst(&mut dst, o, TimeSpans(&r.times, r.span));
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
}

/// The time values of a statement, to point a DST warning at the one concerned.
#[derive(Clone, Copy)]
struct TimeSpans<'a>(&'a [Spanned<NaiveTime>], Span);

impl TimeSpans<'_> {
    fn span_of(&self, t: NaiveTime) -> Span {
        self.0
            .iter()
            .find(|s| s.value == t)
            .map_or(self.1, |s| s.span)
    }
}

fn when_times(w: &When) -> TimeSpans<'_> {
    match w {
        When::Once(at) => TimeSpans(&[], at.span),
        When::Every(r) => TimeSpans(&r.times, r.span),
    }
}

/// A time that happens twice: requested time, instant used, the other instant, span.
type Twice = (NaiveTime, DateTime<Utc>, DateTime<Utc>, Span);

/// DST resolutions of one statement, by requested date.
#[derive(Default)]
struct Dst {
    /// A one-off post (`at DATE-TIME`), not a recurrence.
    once: bool,
    /// Requested time, local time used, span.
    gaps: BTreeMap<NaiveDate, Vec<(NaiveTime, NaiveDateTime, Span)>>,
    /// Requested time, instant used, the other instant, span.
    overlaps: BTreeMap<NaiveDate, Vec<Twice>>,
}

fn hm(t: NaiveTime) -> String {
    t.format("%H:%M").to_string()
}

fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

impl Dst {
    fn report(self, cx: &mut Context, zone: Tz, verb: &str, whose: &str) {
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
                        s.format("%Y-%m-%d %H:%M").to_string()
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
            let mut d = Diagnostic::new("W0402", items[0].2, message.clone())
                .label(format!("{exist} on {date}"))
                .help(if self.once {
                    format!("write {used} to say so, or pick another time")
                } else {
                    format!(
                        "pick a time that exists on every day, or allow `dst-gap` if {used} is fine on {date}"
                    )
                });
            for (_, _, span) in &items[1..] {
                if *span != items[0].2 {
                    d = d.with_secondary(*span, format!("also does not exist on {date}"));
                }
            }
            cx.out.push(d);
            cx.plan.notes.push(format!("{whose}: {message}"));
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
            let mut d = Diagnostic::new("W0403", items[0].3, message.clone())
                .label(format!("{happens} twice on {date}"))
                .help(format!(
                    "pick a time outside the repeated hour, or allow `dst-ambiguous` if the first {times} is fine"
                ));
            for (_, _, _, span) in &items[1..] {
                if *span != items[0].3 {
                    d = d.with_secondary(*span, format!("also happens twice on {date}"));
                }
            }
            cx.out.push(d);
            cx.plan.notes.push(format!("{whose}: {message}"));
        }
    }
}

/// Sorts posts (instant, channel, message, then source order) and makes their ids unique.
fn finish_posts(posts: &mut [PostOccurrence]) {
    posts.sort_by(|a, b| (a.utc, &a.channel, &a.message).cmp(&(b.utc, &b.channel, &b.message)));
    let mut seen: HashMap<String, usize> = HashMap::new();
    for p in posts.iter_mut() {
        let n = seen.entry(p.id.clone()).or_insert(0);
        *n += 1;
        if *n > 1 {
            p.id = format!("{}-{}", p.id, n);
        }
    }
}

fn frequency(every: &Every) -> Frequency {
    match every {
        Every::Day => Frequency::Daily,
        Every::Weekdays(days) => Frequency::Weekdays(days.clone()),
        Every::Weeks(interval, days) => Frequency::EveryNWeeks {
            interval: *interval,
            days: days.clone(),
        },
        Every::Months(interval, day) => Frequency::EveryNMonths {
            interval: *interval,
            day: *day,
        },
    }
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// "February, April and June 2027; February 2028".
fn month_list(firsts: &[NaiveDate]) -> String {
    let mut by_year: BTreeMap<i32, Vec<String>> = BTreeMap::new();
    for d in firsts {
        by_year
            .entry(d.year())
            .or_default()
            .push(MONTHS[d.month0() as usize].to_string());
    }
    by_year
        .into_iter()
        .map(|(y, months)| format!("{} {y}", and_list(&months)))
        .collect::<Vec<_>>()
        .join("; ")
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
    let range = format!("{} to {}", cs.value, ce.value);
    let (rel, edge, label, which) = if d.value < cs.value {
        (
            "before the campaign starts on",
            cs,
            "the campaign starts here",
            "start",
        )
    } else if d.value > ce.value {
        (
            "after the campaign ends on",
            ce,
            "the campaign ends here",
            "end",
        )
    } else {
        return None;
    };
    Some(
        Diagnostic::new(
            "E0403",
            d.span,
            format!("{subject} {verb} on {}, {rel} {}", d.value, edge.value),
        )
        .label(if which == "start" {
            "before the campaign"
        } else {
            "after the campaign"
        })
        .with_secondary(edge.span, label)
        .help(format!(
            "keep the {kind} inside the campaign ({range}), or move the campaign's `{which}`"
        )),
    )
}

/// `E0403` for a one-off post outside the campaign (by its local date).
fn outside_at(
    at: &Spanned<NaiveDateTime>,
    cs: &Spanned<NaiveDate>,
    ce: &Spanned<NaiveDate>,
) -> Option<Diagnostic> {
    let date = at.value.date();
    let (rel, which, other) = if date < cs.value {
        ("before the campaign starts on", "start", cs)
    } else if date > ce.value {
        ("after the campaign ends on", "end", ce)
    } else {
        return None;
    };
    Some(
        Diagnostic::new(
            "E0403",
            at.span,
            format!("this post is on {date}, {rel} {}", other.value),
        )
        .label(if which == "start" {
            "before the campaign"
        } else {
            "after the campaign"
        })
        .with_secondary(
            other.span,
            if which == "start" {
                "the campaign starts here"
            } else {
                "the campaign ends here"
            },
        )
        .help(format!(
            "move the post inside the campaign ({} to {}), or move the campaign's `{which}`",
            cs.value, ce.value
        ))
        .note("a post outside the campaign is not put in the calendar"),
    )
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

fn resolved(cx: &Context, kind: RefKind, r: &Option<Ident>) -> Option<String> {
    r.as_ref()
        .filter(|r| cx.index.get(kind, &r.name).is_some())
        .map(|r| r.name.clone())
}

fn resolved_all(cx: &Context, kind: RefKind, rs: &[Ident]) -> Vec<String> {
    rs.iter()
        .filter(|r| cx.index.get(kind, &r.name).is_some())
        .map(|r| r.name.clone())
        .collect()
}

fn content(c: &model::Content) -> plan::Content {
    plan::Content {
        text: c.text.as_ref().map(|t| t.value.clone()).unwrap_or_default(),
        title: c.title.as_ref().map(|t| t.value.clone()),
        link: c.link.as_ref().map(|t| t.value.clone()),
        media: c.media.as_ref().map(media),
        cta: c.cta.as_ref().map(|t| t.value.clone()),
    }
}

fn media(m: &model::Media) -> plan::Media {
    plan::Media {
        kind: m.kind.name().to_string(),
        path: m.path.clone(),
    }
}

/// `base` with the fields `v` gives replaced.
fn apply_variant(base: &plan::Content, v: &model::Content) -> plan::Content {
    plan::Content {
        text: v
            .text
            .as_ref()
            .map_or_else(|| base.text.clone(), |t| t.value.clone()),
        title: v
            .title
            .as_ref()
            .map(|t| t.value.clone())
            .or_else(|| base.title.clone()),
        link: v
            .link
            .as_ref()
            .map(|t| t.value.clone())
            .or_else(|| base.link.clone()),
        media: v.media.as_ref().map(media).or_else(|| base.media.clone()),
        cta: v
            .cta
            .as_ref()
            .map(|t| t.value.clone())
            .or_else(|| base.cta.clone()),
    }
}

/// A message's default content and its content per channel that has a variant (first variant
/// of a channel wins; variants for unknown channels are left out).
fn message_contents(
    cx: &Context,
    m: &model::Message,
) -> (plan::Content, BTreeMap<String, plan::Content>) {
    let base = content(&m.content);
    let mut variants = BTreeMap::new();
    for v in &m.variants {
        if cx.index.get(RefKind::Channel, &v.channel.name).is_some() {
            variants
                .entry(v.channel.name.clone())
                .or_insert_with(|| apply_variant(&base, &v.content));
        }
    }
    (base, variants)
}

/// The plan's campaign, roles, phases, objectives, audiences, channels and messages.
fn fill_static(cx: &mut Context, t: &Time) {
    let model = t.model;
    let zone_name = t.zone.unwrap_or(Tz::UTC).name().to_string();
    if let Some(c) = &model.campaign {
        let total = c
            .budget
            .as_ref()
            .or_else(|| model.budget.as_ref().and_then(|b| b.total.as_ref()));
        cx.plan.campaign = plan::Campaign {
            title: c.title.value.clone(),
            brand: c.brand.as_ref().map(|b| b.value.clone()),
            start: c.start.as_ref().map(day).unwrap_or_default(),
            end: c.end.as_ref().map(day).unwrap_or_default(),
            timezone: zone_name.clone(),
            currency: total.map(|m| m.value.currency.as_str().to_string()),
            budget: total.map(|m| plan::Amount::from_money(m.value)),
            owner: resolved(cx, RefKind::Role, &c.owner),
            description: c.description.as_ref().map(|d| d.value.clone()),
        };
    }
    cx.plan.roles = model
        .roles
        .iter()
        .map(|r| plan::Role {
            name: r.name.name.clone(),
            title: r.title.as_ref().map(|v| v.value.clone()),
            person: r.person.as_ref().map(|v| v.value.clone()),
            email: r.email.as_ref().map(|v| v.value.clone()),
        })
        .collect();
    let mut phases: Vec<plan::Phase> = model
        .phases
        .iter()
        .filter_map(|p| {
            Some(plan::Phase {
                name: p.name.name.clone(),
                start: p.start.as_ref()?.value,
                end: p.end.as_ref()?.value,
                description: p.description.as_ref().map(|d| d.value.clone()),
            })
        })
        .collect();
    phases.sort_by(|a, b| (a.start, a.end, &a.name).cmp(&(b.start, b.end, &b.name)));
    cx.plan.phases = phases;
    cx.plan.objectives = model
        .objectives
        .iter()
        .map(|o| plan::Objective {
            name: o.name.name.clone(),
            kind: o.kind.as_ref().map(|v| v.value.clone()),
            description: o.description.as_ref().map(|v| v.value.clone()),
            owner: resolved(cx, RefKind::Role, &o.owner),
        })
        .collect();
    cx.plan.audiences = model
        .audiences
        .iter()
        .map(|a| plan::Audience {
            name: a.name.name.clone(),
            description: a.description.as_ref().map(|v| v.value.clone()),
            age: a.age.as_ref().map(|v| v.value),
            locations: a.locations.iter().map(|v| v.value.clone()).collect(),
            languages: a.languages.iter().map(|v| v.value.clone()).collect(),
            interests: a.interests.iter().map(|v| v.value.clone()).collect(),
            segment: a.segment.as_ref().map(|v| v.value.clone()),
            timezone: a
                .timezone
                .as_ref()
                .and_then(|z| zone::parse(&z.value).ok())
                .map_or_else(|| zone_name.clone(), |z| z.name().to_string()),
            size: a.size.as_ref().map(|v| v.value),
        })
        .collect();
    cx.plan.channels = model
        .channels
        .iter()
        .map(|c| plan::Channel {
            name: c.name.name.clone(),
            platform: c
                .platform
                .as_ref()
                .map_or(String::new(), |p| p.value.name().to_string()),
            handle: c.handle.as_ref().map(|v| v.value.clone()),
            owner: resolved(cx, RefKind::Role, &c.owner),
            max_per_day: c.max_per_day.as_ref().map(|v| v.value),
        })
        .collect();
    cx.plan.messages = model
        .messages
        .iter()
        .zip(&t.contents)
        .map(|(m, (base, variants))| plan::Message {
            name: m.name.name.clone(),
            objective: resolved(cx, RefKind::Objective, &m.objective),
            audiences: resolved_all(cx, RefKind::Audience, &m.audiences),
            language: m.language.as_ref().map(|v| v.value.clone()),
            owner: resolved(cx, RefKind::Role, &m.owner),
            content: base.clone(),
            variants: variants.clone(),
        })
        .collect();
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::{collect, lower, resolve};
    use crate::plan::Plan;

    /// Runs the passes up to and including this one on `src`.
    fn with_time<R>(src: &str, f: impl FnOnce(&Context) -> R) -> R {
        let project = crate::project::load_text(
            std::path::Path::new("t.smm"),
            src,
            crate::project::Options::default(),
        );
        let mut out = project.diagnostics.clone();
        let collected = collect::collect(&project.files, &mut out);
        let model = lower::lower(&collected.decls, &collected.duplicates, &mut out);
        let index = resolve::Index::new(&model);
        resolve::resolve(&model, &index, &mut out);
        let mut cx = Context {
            model: &model,
            index,
            out,
            plan: Plan::default(),
            post_uses: Vec::new(),
        };
        run(&mut cx);
        f(&cx)
    }

    const HEAD: &str = r#"
campaign "T" { start 2027-03-01; end 2027-03-31; timezone "Europe/Paris" }
channel instagram { handle "@t" }
message a { text "A" }
message b { text "B" }
message c { text "C" }
"#;

    #[test]
    fn series_use_is_recorded() {
        let src = format!(
            "{HEAD}schedule s {{
               post [a, b, c] to instagram every day at 12:00 from 2027-03-01 to 2027-03-05
               post [a, b, c] to instagram every [mon] at 12:00 from 2027-03-01 to 2027-03-08
               post [a, b] to instagram every day at 18:00 from 2027-03-01 to 2027-03-03 repeat
               post a to instagram every day at 20:00 from 2027-03-01 to 2027-03-02
             }}"
        );
        with_time(&src, |cx| {
            let got: Vec<(usize, usize, bool, Option<NaiveDateTime>)> = cx
                .post_uses
                .iter()
                .filter(|u| u.series)
                .map(|u| (u.messages.len(), u.slots, u.repeat, u.first_empty_slot))
                .collect();
            let at = |day: u32, h: u32| d(2027, 3, day).and_hms_opt(h, 0, 0);
            assert_eq!(
                got,
                [
                    (3, 5, false, at(4, 12)),
                    (3, 2, false, None),
                    (2, 3, true, None),
                ]
            );
            assert_eq!(cx.post_uses[0].last_slot, at(5, 12));
            assert_eq!(cx.post_uses[0].schedule, "s");
        });
    }

    #[test]
    fn a_one_off_list_posts_its_first_message() {
        let src = format!("{HEAD}schedule s {{ post [b, c] to instagram at 2027-03-02 09:00 }}");
        with_time(&src, |cx| {
            let names: Vec<&str> = cx.plan.posts.iter().map(|p| p.message.as_str()).collect();
            assert_eq!(names, ["b"]);
            assert_eq!(cx.post_uses[0].slots, 1);
            assert!(cx.post_uses[0].series);
        });
    }

    #[test]
    fn wrong_windows_record_no_series_and_no_posts() {
        let src = format!(
            "{HEAD}schedule s {{ post [a, b] to instagram every day at 12:00 from 2027-03-10 to 2027-03-01 }}"
        );
        with_time(&src, |cx| {
            assert!(cx.post_uses.is_empty());
            assert!(cx.plan.posts.is_empty());
            assert_eq!(cx.out.iter().filter(|d| d.code == "E0401").count(), 1);
        });
    }

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

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn month_lists_group_by_year() {
        assert_eq!(
            month_list(&[d(2027, 2, 1), d(2027, 4, 1), d(2027, 6, 1), d(2028, 2, 1)]),
            "February, April and June 2027; February 2028"
        );
        assert_eq!(month_list(&[d(2027, 4, 1)]), "April 2027");
    }
}
