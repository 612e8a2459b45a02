//! Pass 6, calendar: what the expanded publishing calendar says about the plan.
//!
//! The time pass has expanded every schedule into [`PostOccurrence`]s (one message on one channel
//! at one instant, with the `post` statement it comes from). This pass reads them, and the model,
//! and reports:
//!
//! - `E0601` two posts on one channel at the same minute: once per pair of `post` statements
//!   (not once per date), with how often and when first; a statement that lists a channel twice
//!   collides with itself, and says so at the repeated name;
//! - `E0602` more posts on a channel in one day than its `max_per_day`, days counted in each
//!   post's own zone; once per channel;
//! - `W0601` late-night-post: a post whose instant falls in the campaign's `quiet_hours`
//!   (default 23:00–06:00) in the time zone of an audience of its message; once per statement
//!   and audience;
//! - `W0602` series-exhausted and `W0603` series-unused: a series with fewer messages than slots
//!   (and no `repeat`), or more messages than slots;
//! - `W0604` unscheduled-message: a message that no `post` mentions;
//! - `W0605` empty-schedule: a schedule without `post`, or a `post` that never goes out.
//!
//! Everything is indexed (by channel and minute, by channel and day, by statement), so the pass
//! is linear in the number of posts; what it reports is sorted.
//!
//! # Rules (language reference)
//!
//! **Collisions.** Two posts collide when they go out on the same channel in the same minute
//! (compared as UTC instants, so zones do not matter). Collisions are counted per pair of `post`
//! statements: one error, on the time written in the later statement (source order, entry file
//! first), with the earlier one as second place, and a note giving the number of colliding
//! instants and dates and the first one (local time of the later statement). When several
//! statements meet at one minute, each is paired with the first of them, not with every other.
//! A statement listing a channel twice is reported at the repeated name; a time or weekday listed
//! twice, or a DST gap moving a time onto another listed one, is not a collision (expansion keeps
//! one occurrence per instant).
//!
//! **Daily cap.** A post's day is the local date of the post in its effective zone. A channel
//! with more posts than `max_per_day` on some day gets one error at its `max_per_day`, naming the
//! first such day and its posts; the post over the cap (the (cap+1)-th of that day, by instant)
//! is the second place; a note lists up to five days over the cap.
//!
//! **Night.** The night is the campaign's `quiet_hours [START, END]` (default `[23:00, 06:00]`):
//! START included, END excluded, crossing midnight when END is earlier than START; START = END is
//! an error (`E0316`). A post is at night for an audience of its message when its instant, read
//! in the audience's `timezone` (default the campaign's), falls in the night. A message without
//! an audience is checked in the campaign's zone. One warning per statement and audience (or per
//! statement for "no audience"), at the time written in the statement; audiences whose zone is
//! invalid are skipped (reported by the time pass).
//!
//! **Series.** A series' slots are its occurrences (date-times). Without `repeat`, more slots
//! than messages is `W0602` (at the message list). More messages than slots is `W0603`, with or
//! without `repeat`, naming the messages never reached (not those also posted earlier in the
//! list, nor undeclared ones). A one-off `at` with a list has one slot. A series with no slot is
//! `W0605` only.
//!
//! **Unscheduled, empty.** A message no `post` names is `W0604` (a name written in a `post`
//! that could not be read counts as named). A schedule without `post` is `W0605` at its name; a
//! `post … every …` whose rule matches no date of its range is `W0605` at the recurrence, unless
//! its range, zone, phase or names were wrong (reported elsewhere) or a missing month day was
//! already reported (`W0606`).

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc, Weekday};
use chrono_tz::Tz;

use crate::ast::Ident;
use crate::diagnostic::Diagnostic;
use crate::plan::PostOccurrence;
use crate::schema::RefKind;
use crate::source::Span;

use super::model::{Every, Model, Post, Spanned, When, Window};
use super::resolve::Index;
use super::time::{parse_zone, PostUse};
use super::Context;

/// The night when no quiet hours are given: 23:00 (included) to 06:00 (excluded).
pub const DEFAULT_QUIET_HOURS: (NaiveTime, NaiveTime) = match (
    NaiveTime::from_hms_opt(23, 0, 0),
    NaiveTime::from_hms_opt(6, 0, 0),
) {
    (Some(a), Some(b)) => (a, b),
    _ => panic!("valid times"),
};

/// Runs the calendar checks.
pub fn run(cx: &mut Context) {
    let model = cx.model;
    let posts = &cx.plan.posts;
    let stmts = Statements::new(model);
    let mut out = repeated_in_statement(model);
    out.extend(collisions(posts, &stmts));
    out.extend(daily_caps(posts, &caps(model), &stmts));
    out.extend(late_night(posts, &Night::from_model(model), &stmts));
    out.extend(series(&cx.post_uses, &stmts, |m| {
        cx.index.get(RefKind::Message, m).is_some()
    }));
    out.extend(unscheduled_messages(model));
    out.extend(empty_schedules(model));
    // A monthly post whose day no month of its range has is already `W0606`.
    let skipped: HashSet<Span> = cx
        .out
        .iter()
        .filter(|d| d.code == "W0606")
        .map(|d| d.primary.span)
        .collect();
    out.extend(empty_posts(model, &cx.index, &cx.post_uses, &skipped));
    cx.out.extend(out);
}

// ------------------------------------------------------------------------------------- helpers

/// `2027-03-09 18:00`
fn fmt_local(dt: NaiveDateTime) -> String {
    dt.format("%Y-%m-%d %H:%M").to_string()
}

fn hm(t: NaiveTime) -> String {
    t.format("%H:%M").to_string()
}

/// Minutes since the epoch: posts in the same minute collide.
fn minute(utc: DateTime<Utc>) -> i64 {
    utc.timestamp().div_euclid(60)
}

fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("{n} {one}")
    } else {
        format!("{n} {many}")
    }
}

fn ordinal(n: usize) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

/// "`a`", "`a` and `b`", "`a`, `b` and `c`".
fn names<S: AsRef<str>>(items: &[S]) -> String {
    let quoted: Vec<String> = items.iter().map(|s| format!("`{}`", s.as_ref())).collect();
    match quoted.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// An accepted IANA zone (the time pass reports the others; here they are skipped).
fn zone(name: &str) -> Option<Tz> {
    parse_zone(name).ok()
}

/// The `post` statements of the model, by the span that occurrences carry as `source`.
#[derive(Default)]
pub struct Statements<'m> {
    by_span: HashMap<Span, &'m Post>,
}

impl<'m> Statements<'m> {
    /// Indexes every `post` of every schedule.
    pub fn new(model: &'m Model) -> Statements<'m> {
        let mut by_span = HashMap::new();
        for s in &model.schedules {
            for p in &s.posts {
                by_span.insert(p.span, p);
            }
        }
        Statements { by_span }
    }

    /// The statement written at `span`.
    pub fn get(&self, span: Span) -> Option<&'m Post> {
        self.by_span.get(&span).copied()
    }

    /// Whether the statement lists a channel twice (reported at the repeated name by
    /// [`repeated_in_statement`], so its self-collisions are not reported again).
    fn repeats_itself(&self, span: Span) -> bool {
        self.get(span)
            .is_some_and(|p| !repeated(&p.channels, |c| c.name.clone()).is_empty())
    }
}

/// Pairs (first, repeated) of items with the same key, in order.
fn repeated<T, K: std::hash::Hash + Eq>(items: &[T], key: impl Fn(&T) -> K) -> Vec<(&T, &T)> {
    let mut seen: HashMap<K, &T> = HashMap::new();
    let mut pairs = Vec::new();
    for item in items {
        match seen.get(&key(item)) {
            Some(first) => pairs.push((*first, item)),
            None => {
                seen.insert(key(item), item);
            }
        }
    }
    pairs
}

// ---------------------------------------------------------------------------------- collisions

/// `E0601` for a `post` that lists the same channel twice: every one of its occurrences then
/// goes out twice on that channel at the same minute. (A time or a weekday listed twice is
/// harmless: expansion keeps one occurrence per instant.)
pub fn repeated_in_statement(model: &Model) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for p in model.schedules.iter().flat_map(|s| &s.posts) {
        for (first, again) in repeated(&p.channels, |c: &Ident| c.name.clone()) {
            out.push(
                Diagnostic::new(
                    "E0601",
                    again.span,
                    format!(
                        "this post goes out twice on `{}` at the same minute",
                        again.name
                    ),
                )
                .label(format!("`{}` is listed again here", again.name))
                .with_secondary(first.span, "first listed here")
                .help(format!("list `{}` once", again.name)),
            );
        }
    }
    out
}

/// What two statements' collisions have in common.
#[derive(Default)]
struct Clash {
    /// Channels they collide on.
    channels: BTreeSet<String>,
    /// Instants (minutes) they collide at.
    minutes: BTreeSet<i64>,
    /// Local dates of the later statement's colliding posts.
    dates: BTreeSet<NaiveDate>,
    /// The first collision: minute, the later statement's post, the earlier one's message.
    first: Option<(i64, usize, usize)>,
}

/// `E0601`: two posts on the same channel at the same minute. Occurrences are grouped by
/// (channel, minute); within a group every statement is paired with the first one (in source
/// order), and each pair of statements is reported once, on the later one.
pub fn collisions(posts: &[PostOccurrence], stmts: &Statements) -> Vec<Diagnostic> {
    let mut groups: HashMap<(&str, i64), Vec<usize>> = HashMap::new();
    for (i, p) in posts.iter().enumerate() {
        groups
            .entry((p.channel.as_str(), minute(p.utc)))
            .or_default()
            .push(i);
    }
    let mut clashes: BTreeMap<(Span, Span), Clash> = BTreeMap::new();
    for ((channel, min), members) in &groups {
        if members.len() < 2 {
            continue;
        }
        // Each statement of the group with its posts, in source order.
        let mut by_stmt: BTreeMap<Span, Vec<usize>> = BTreeMap::new();
        for &i in members {
            by_stmt.entry(posts[i].source).or_default().push(i);
        }
        let mut iter = by_stmt.iter();
        let Some((&first_span, first_posts)) = iter.next() else {
            continue;
        };
        let mut pairs: Vec<((Span, Span), usize, usize)> = Vec::new();
        for (&span, ps) in &by_stmt {
            if ps.len() > 1 && !stmts.repeats_itself(span) {
                pairs.push(((span, span), ps[1], ps[0]));
            }
        }
        for (&span, ps) in iter {
            pairs.push(((first_span, span), ps[0], first_posts[0]));
        }
        for (key, later, earlier) in pairs {
            let c = clashes.entry(key).or_default();
            c.channels.insert(channel.to_string());
            c.minutes.insert(*min);
            c.dates.insert(posts[later].local.date());
            let candidate = (*min, later, earlier);
            // Earliest minute first; then the channel (for a stable choice).
            let better = match c.first {
                None => true,
                Some((m, l, _)) => (*min, &posts[later].channel) < (m, &posts[l].channel),
            };
            if better {
                c.first = Some(candidate);
            }
        }
    }
    let mut out = Vec::new();
    for ((earlier, later), c) in clashes {
        let Some((_, lp, ep)) = c.first else { continue };
        let channels: Vec<&String> = c.channels.iter().collect();
        let (l, e) = (&posts[lp], &posts[ep]);
        let when = format!("{} {}", fmt_local(l.local), l.timezone);
        let how_often = if c.minutes.len() == c.dates.len() {
            format!("on {}", plural(c.dates.len(), "date", "dates"))
        } else {
            format!(
                "{} on {}",
                plural(c.minutes.len(), "time", "times"),
                plural(c.dates.len(), "date", "dates")
            )
        };
        let d = if earlier == later {
            Diagnostic::new(
                "E0601",
                later,
                format!(
                    "this post puts two posts on {} at the same minute",
                    names(&channels)
                ),
            )
            .label(format!(
                "two of its posts go out on `{}` at {}",
                l.channel,
                hm(l.local.time())
            ))
            .help("post the two messages at different minutes")
            .note(format!(
                "it collides with itself {how_often}, first {when}: `{}` and `{}`",
                e.message, l.message
            ))
        } else {
            let what = if e.message == l.message {
                format!("`{}` twice", l.message)
            } else {
                format!("`{}` and `{}`", e.message, l.message)
            };
            let at_l = time_span(stmts.get(later), l).unwrap_or(later);
            let at_e = time_span(stmts.get(earlier), e).unwrap_or(earlier);
            Diagnostic::new(
                "E0601",
                at_l,
                format!("two posts go out on {} at the same minute", names(&channels)),
            )
            .label(format!("posts on `{}` at {}, like the other post", l.channel, hm(l.local.time())))
            .with_secondary(at_e, format!("also posts on `{}` at {}", e.channel, hm(e.local.time())))
            .help("move one of the two posts by a few minutes or to another day, or post it on another channel")
            .note(format!("collides {how_often}, first {when} ({what})"))
        };
        out.push(d);
    }
    out
}

// --------------------------------------------------------------------------------- daily caps

/// The `max_per_day` of every channel that has one.
pub fn caps(model: &Model) -> BTreeMap<String, Spanned<i64>> {
    let mut caps = BTreeMap::new();
    for c in &model.channels {
        if let Some(m) = &c.max_per_day {
            caps.entry(c.name.name.clone()).or_insert_with(|| m.clone());
        }
    }
    caps
}

/// `E0602`: more posts on a channel in one day than its `max_per_day`. A post's day is its local
/// date in its own zone. One diagnostic per channel, on the cap, naming the first day over it.
pub fn daily_caps(
    posts: &[PostOccurrence],
    caps: &BTreeMap<String, Spanned<i64>>,
    stmts: &Statements,
) -> Vec<Diagnostic> {
    let mut days: HashMap<(&str, NaiveDate), Vec<usize>> = HashMap::new();
    for (i, p) in posts.iter().enumerate() {
        if caps.contains_key(&p.channel) {
            days.entry((p.channel.as_str(), p.local.date()))
                .or_default()
                .push(i);
        }
    }
    // Per channel, the days over the cap, by date.
    let mut over: BTreeMap<&str, BTreeMap<NaiveDate, Vec<usize>>> = BTreeMap::new();
    for ((channel, day), members) in days {
        let cap = caps[channel].value;
        if members.len() as i64 > cap {
            over.entry(channel).or_default().insert(day, members);
        }
    }
    let mut out = Vec::new();
    for (channel, days) in over {
        let cap = &caps[channel];
        let Some((first_day, first)) = days.iter().next() else {
            continue;
        };
        let mut first = first.clone();
        first.sort_by(|&a, &b| {
            (posts[a].utc, &posts[a].message).cmp(&(posts[b].utc, &posts[b].message))
        });
        let n = first.len();
        let most = days.values().map(Vec::len).max().unwrap_or(n);
        // The post that goes over the cap: the (cap + 1)th of the day.
        let allowed = usize::try_from(cap.value).unwrap_or(0);
        let culprit = &posts[first[allowed.min(n - 1)]];
        let listed: Vec<String> = first
            .iter()
            .map(|&i| format!("{} `{}`", hm(posts[i].local.time()), posts[i].message))
            .collect();
        let mut d = Diagnostic::new(
            "E0602",
            cap.span,
            format!(
                "`{channel}` has {} on {first_day}, more than its `max_per_day {}`",
                plural(n, "post", "posts"),
                cap.value
            ),
        )
        .label(format!(
            "at most {} a day",
            plural(allowed, "post", "posts")
        ))
        .with_secondary(
            time_span(stmts.get(culprit.source), culprit).unwrap_or(culprit.source),
            format!(
                "the {} post on `{channel}` that day",
                ordinal(allowed.saturating_add(1).min(n))
            ),
        )
        .help(format!(
            "spread these posts over more days, or raise the cap to `max_per_day {most}`"
        ))
        .note(format!("on {first_day}: {}", listed.join(", ")));
        if days.len() > 1 {
            const SHOWN: usize = 5;
            let mut list: Vec<String> = days
                .iter()
                .take(SHOWN)
                .map(|(day, ps)| format!("{day} ({})", ps.len()))
                .collect();
            if days.len() > SHOWN {
                list.push(format!("and {} more", days.len() - SHOWN));
            }
            d = d.note(format!(
                "{} days go over the cap: {}",
                days.len(),
                list.join(", ")
            ));
        }
        out.push(d);
    }
    out
}

// --------------------------------------------------------------------------------- late night

/// An audience's zone, and where it is written (when it is not the campaign's by default).
#[derive(Debug, Clone)]
pub struct AudienceZone {
    /// The zone.
    pub tz: Tz,
    /// The audience's `timezone` value, if it has one.
    pub span: Option<Span>,
}

/// What the late-night check needs: the night window and every audience's zone.
#[derive(Debug, Clone)]
pub struct Night {
    /// Start (included) and end (excluded) of the night; crosses midnight when end < start.
    pub window: (NaiveTime, NaiveTime),
    /// Where the campaign's `quiet_hours` are written (`None`: the default applies).
    pub window_span: Option<Span>,
    /// Audiences by name (those whose zone is unknown are absent, and not checked).
    pub audiences: HashMap<String, AudienceZone>,
    /// The campaign's zone: the zone of messages without an audience (absent if invalid).
    pub campaign: Option<Tz>,
}

impl Night {
    /// From the campaign's `quiet_hours` and `timezone` and the audiences' `timezone`.
    pub fn from_model(model: &Model) -> Night {
        let campaign_tz = model.campaign.as_ref().and_then(|c| c.timezone.as_ref());
        let campaign = match campaign_tz {
            Some(name) => zone(&name.value),
            None => Some(Tz::UTC),
        };
        let quiet = model.campaign.as_ref().and_then(|c| c.quiet_hours.as_ref());
        let window = quiet.map_or(DEFAULT_QUIET_HOURS, |w| w.value);
        let window_span = quiet.map(|w| w.span);
        let mut audiences = HashMap::new();
        for a in &model.audiences {
            let z = match &a.timezone {
                Some(t) => zone(&t.value).map(|tz| AudienceZone {
                    tz,
                    span: Some(t.span),
                }),
                None => campaign.map(|tz| AudienceZone { tz, span: None }),
            };
            if let Some(z) = z {
                audiences.entry(a.name.name.clone()).or_insert(z);
            }
        }
        Night {
            window,
            window_span,
            audiences,
            campaign,
        }
    }

    /// Whether a time of day falls in the night.
    pub fn contains(&self, t: NaiveTime) -> bool {
        let (start, end) = self.window;
        if start <= end {
            start <= t && t < end
        } else {
            t >= start || t < end
        }
    }
}

/// Posts of one statement at night for one audience.
struct Late {
    count: usize,
    /// The first: its index and its time in the audience's zone.
    first: (usize, NaiveDateTime),
}

/// `W0601` late-night-post: a post that goes out at night in the zone of an audience of its
/// message (a message without an audience: in the campaign's zone). One warning per statement
/// and audience, on the time written in the statement.
pub fn late_night(posts: &[PostOccurrence], night: &Night, stmts: &Statements) -> Vec<Diagnostic> {
    let mut late: BTreeMap<(Span, Option<&str>), Late> = BTreeMap::new();
    let mut note = |key, i: usize, tz: Tz| {
        let local = posts[i].utc.with_timezone(&tz).naive_local();
        if !night.contains(local.time()) {
            return;
        }
        let e = late.entry(key).or_insert(Late {
            count: 0,
            first: (i, local),
        });
        e.count += 1;
        if posts[i].utc < posts[e.first.0].utc {
            e.first = (i, local);
        }
    };
    for (i, p) in posts.iter().enumerate() {
        if p.audiences.is_empty() {
            if let Some(tz) = night.campaign {
                note((p.source, None), i, tz);
            }
        }
        for a in &p.audiences {
            if let Some(z) = night.audiences.get(a) {
                note((p.source, Some(a.as_str())), i, z.tz);
            }
        }
    }
    let (start, end) = night.window;
    let mut out = Vec::new();
    for ((source, audience), l) in late {
        let (i, local) = l.first;
        let p = &posts[i];
        let (tz, tz_span) = match audience {
            Some(a) => match night.audiences.get(a) {
                Some(z) => (z.tz, z.span),
                None => continue,
            },
            None => match night.campaign {
                Some(tz) => (tz, None),
                None => continue,
            },
        };
        let whose = match audience {
            Some(a) => format!("for the audience `{a}`"),
            None => "in the campaign's time zone".to_string(),
        };
        let span = time_span(stmts.get(source), p).unwrap_or(source);
        let label = if p.timezone == tz.name() {
            format!("{} is night {whose}", hm(p.local.time()))
        } else {
            format!(
                "{} in {} is {} in {}",
                hm(p.local.time()),
                p.timezone,
                hm(local.time()),
                tz.name()
            )
        };
        let mut d = Diagnostic::new(
            "W0601",
            span,
            format!(
                "{} at night {whose} ({})",
                if l.count == 1 {
                    "a post goes out"
                } else {
                    "posts go out"
                },
                tz.name()
            ),
        )
        .label(label);
        if let (Some(a), Some(s)) = (audience, tz_span) {
            d = d.with_secondary(s, format!("`{a}` lives in {}", tz.name()));
        }
        if let Some(s) = night.window_span {
            d = d.with_secondary(s, format!("the night is {} to {}", hm(start), hm(end)));
        }
        let daytime = daytime_in(p, local.date(), tz)
            .map(|t| format!(", such as {t}"))
            .unwrap_or_default();
        let help = match audience {
            Some(a) => format!(
                "post at a daytime hour for `{a}`{daytime}, or give `{a}` a post of its own; the campaign's `quiet_hours` sets the night"
            ),
            None => format!("post at a daytime hour{daytime}; the campaign's `quiet_hours` sets the night"),
        };
        d = d.help(help).note(format!(
            "{} between {} and {} in {} {whose}, first {} local",
            if l.count == 1 {
                "1 post falls".to_string()
            } else {
                format!("{} posts fall", l.count)
            },
            hm(start),
            hm(end),
            tz.name(),
            fmt_local(local)
        ));
        out.push(d);
    }
    out
}

/// The time written in the statement for this post: the date-time of a one-off post, or the
/// `at` time equal to the post's local time.
fn time_span(post: Option<&Post>, p: &PostOccurrence) -> Option<Span> {
    match &post?.when {
        When::Once(dt) => Some(dt.span),
        When::Every(r) => r
            .times
            .iter()
            .find(|t| t.value == p.local.time())
            .map(|t| t.span)
            .or(Some(r.span)),
    }
}

/// "10:00 in Europe/Paris": 09:00 on `day` in the audience's zone, in the post's own zone.
fn daytime_in(p: &PostOccurrence, day: NaiveDate, tz: Tz) -> Option<String> {
    let nine = day.and_hms_opt(9, 0, 0)?;
    let instant = tz.from_local_datetime(&nine).single()?;
    let own = zone(&p.timezone)?;
    let there = instant.with_timezone(&own).naive_local();
    if own == tz {
        return Some(format!("09:00 in {}", tz.name()));
    }
    Some(format!(
        "{} in {} (09:00 in {})",
        hm(there.time()),
        own.name(),
        tz.name()
    ))
}

// ------------------------------------------------------------------------ messages, schedules

/// `W0604` unscheduled-message: a message that no `post` of any schedule mentions.
pub fn unscheduled_messages(model: &Model) -> Vec<Diagnostic> {
    let mut mentioned: HashSet<&str> = HashSet::new();
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

// ------------------------------------------------------------------------------------- series

/// The span of the written names from `items[from..]`, if any.
fn names_span(items: &[Ident], from: usize) -> Option<Span> {
    let first = items.get(from)?;
    Some(first.span.to(items.last().map_or(first.span, |l| l.span)))
}

/// `W0602` series-exhausted (no `repeat`, fewer messages than slots) and `W0603` series-unused
/// (more messages than slots). A series without any slot is [`empty_posts`]' business.
/// `known` says which message names resolve (the others were reported and are not named).
pub fn series(
    uses: &[PostUse],
    stmts: &Statements,
    known: impl Fn(&str) -> bool,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for u in uses.iter().filter(|u| u.series) {
        let n = u.messages.len();
        if u.slots == 0 || n == 0 {
            continue;
        }
        let post = stmts.get(u.span);
        let when_span = post.map(|p| match &p.when {
            When::Once(dt) => dt.span,
            When::Every(r) => r.span,
        });
        let last = u.last_slot.map(fmt_local).unwrap_or_default();
        if u.slots > n && !u.repeat {
            let empty = u.slots - n;
            let span = post
                .and_then(|p| names_span(&p.messages, 0))
                .unwrap_or(u.span);
            let mut d = Diagnostic::new(
                "W0602",
                span,
                format!(
                    "this series runs out of messages with {} left",
                    plural(empty, "slot", "slots")
                ),
            )
            .label(format!(
                "{} for {} slots",
                plural(n, "message", "messages"),
                u.slots
            ));
            if let Some(w) = when_span {
                d = d.with_secondary(w, format!("{} slots here", u.slots));
            }
            d = d
                .help(format!(
                    "add `repeat` at the end of the post to start the series again, or add {} to the list",
                    plural(empty, "more message", "more messages")
                ))
                .note(match u.first_empty_slot {
                    Some(first) if empty == 1 => format!("the slot of {} stays empty", fmt_local(first)),
                    Some(first) => format!("{empty} slots stay empty, from {} to {last}", fmt_local(first)),
                    None => format!("{empty} slots stay empty, up to {last}"),
                });
            out.push(d);
        }
        if n > u.slots {
            let used: HashSet<&str> = u.messages[..u.slots].iter().map(String::as_str).collect();
            let mut seen = HashSet::new();
            let unused: Vec<&str> = u.messages[u.slots..]
                .iter()
                .map(String::as_str)
                .filter(|m| !used.contains(m) && known(m) && seen.insert(*m))
                .collect();
            if unused.is_empty() {
                continue;
            }
            let span = post
                .and_then(|p| names_span(&p.messages, u.slots))
                .unwrap_or(u.span);
            let slots = if u.slots == 1 {
                "one slot".to_string()
            } else {
                format!("{} slots", u.slots)
            };
            let mut d = Diagnostic::new(
                "W0603",
                span,
                format!(
                    "{} of this series never {} posted: {}",
                    plural(unused.len(), "message", "messages"),
                    if unused.len() == 1 { "gets" } else { "get" },
                    names(&unused)
                ),
            )
            .label(format!("never posted: the series has {slots}"));
            if let Some(w) = when_span {
                d = d.with_secondary(w, format!("{slots} here"));
            }
            let help = match post.map(|p| &p.when) {
                Some(When::Once(_)) => {
                    "a one-off post publishes the first message only: post the others in posts of their own, or use `every …` for a series"
                        .to_string()
                }
                _ => "give the series more slots (more days, more times or a longer range), or move the other messages to another post"
                    .to_string(),
            };
            d = d.help(help).note(format!(
                "{} for {slots}; the last slot is {last}",
                plural(n, "message", "messages")
            ));
            out.push(d);
        }
    }
    out
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
                    match days.as_slice() {
                        [] => None,
                        [one] => Some(format!("no {one}")),
                        [init @ .., last] => Some(format!("no {} or {last}", init.join(", "))),
                    }
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

fn weekday_name(d: Weekday) -> &'static str {
    match d {
        Weekday::Mon => "Monday",
        Weekday::Tue => "Tuesday",
        Weekday::Wed => "Wednesday",
        Weekday::Thu => "Thursday",
        Weekday::Fri => "Friday",
        Weekday::Sat => "Saturday",
        Weekday::Sun => "Sunday",
    }
}
