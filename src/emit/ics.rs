//! `calendar.ics`: the plan as an RFC 5545 calendar, built with the `icalendar` crate.
//!
//! # What is in it
//!
//! One `VEVENT` per post occurrence, per task occurrence and per KPI review date:
//!
//! | event      | SUMMARY                   | DTSTART / DTEND                          | CATEGORIES |
//! |------------|---------------------------|------------------------------------------|------------|
//! | post       | `instagram · teaser_1`    | the instant, UTC; DTEND 15 minutes later | platform   |
//! | task       | the task's name           | the instant, UTC; DTEND after `duration` | `task`     |
//! | KPI review | `Review kpi NAME`         | all day (`VALUE=DATE`), DTEND the next day | `kpi-review` |
//!
//! A post's DESCRIPTION starts with the text actually posted on that channel (the variant
//! applied), then its title, link, media, call to action, audiences, objective, owner, phase and
//! local time; a post's link is also its `URL`. A post gets a 15-minute DTEND rather than none:
//! an event without DTEND lasts zero minutes (RFC 5545 §3.6.1), which several clients draw as a
//! hairline or not at all in day and week views; 15 minutes is a visible slot for the person who
//! publishes. KPI reviews are `TRANSP:TRANSPARENT` (they do not make the day busy).
//!
//! # Times: UTC, no VTIMEZONE
//!
//! Every DATE-TIME is written in UTC (`20270303T080000Z`), the instant the plan computed for the
//! wall-clock time in its effective zone, DST gaps and overlaps already resolved (see
//! [`crate::plan::expand`]). The alternative, local times with a `TZID` and a `VTIMEZONE` block
//! per zone, would make every client redo that resolution from transition tables that we would
//! have to generate (and could get wrong or let go stale), for no gain: these events do not
//! recur, so an instant is exact, and every client shows it in the reader's own zone. The local
//! time and its zone are repeated in the DESCRIPTION for people.
//!
//! # UIDs
//!
//! Derived from the plan, never random, so importing a rebuilt file again updates the events
//! instead of duplicating them: `POST-ID@smm` for a post (schedule, message, channel and local
//! time, see [`crate::plan::PostOccurrence::id`]), `task/NAME/YYYYMMDDTHHMM@smm` for a task at
//! its local start, `kpi/NAME/YYYYMMDD@smm` for a KPI review. Changing what a UID is made of
//! (moving a post, renaming a message) makes a new event.
//!
//! # Text, folding, determinism
//!
//! What the `icalendar` crate (0.17.17) gets right and what this module fixes:
//!
//! - It escapes TEXT values (`\\`, `;`, `,`, newline), X- properties included, and escapes
//!   each CATEGORIES item. It does not handle a carriage return or other control characters
//!   (RFC 5545 §3.3.11 forbids them in TEXT, and a raw CR would break the line structure), so
//!   [`clean`] turns CR LF and lone CR into LF and drops other control characters (tab stays)
//!   before the crate sees the text.
//! - It folds on UTF-8 character boundaries, but can write a 76-octet line (the last piece of a
//!   content line gets the fold's leading space on top of 75 octets), so [`refold`] undoes its
//!   folding and folds again, at most 75 octets per physical line.
//! - Its `all_day` helper writes DTEND equal to DTSTART, an empty event that RFC 5545 §3.8.2.2
//!   forbids, so all-day events set DTEND to the next day themselves.
//! - It writes `DTSTAMP` from the clock and a random UID when they are missing; every event here
//!   has both. `DTSTAMP` is the caller's (from `SOURCE_DATE_EPOCH`), and events come in a fixed
//!   order (start, then UID), so the same plan gives the same bytes.

use chrono::{DateTime, Days, Duration, NaiveDate, NaiveDateTime, Utc};
use chrono_tz::Tz;
use icalendar::{Calendar, Component, Event, EventLike, Property};

use crate::plan::expand::resolve_local;
use crate::plan::{Kpi, Plan, PostOccurrence, Resolution, Task, TaskOccurrence};

/// The fixed domain part of every UID.
pub const UID_DOMAIN: &str = "smm";

/// Minutes a post's event lasts.
pub const POST_MINUTES: i64 = 15;

/// The iCalendar text of the plan (only `role`'s events when given).
pub fn calendar(plan: &Plan, role: Option<&str>, dtstamp: DateTime<Utc>) -> String {
    let mut cal = Calendar::empty();
    cal.append_property(Property::new("VERSION", "2.0"));
    cal.append_property(Property::new(
        "PRODID",
        format!("-//smm//smm {}//EN", env!("CARGO_PKG_VERSION")),
    ));
    cal.append_property(Property::new("CALSCALE", "GREGORIAN"));
    let name = match role {
        Some(r) => format!("{} ({r})", plan.campaign.title),
        None => plan.campaign.title.clone(),
    };
    // icalendar ≥ 0.17.17 escapes X- properties as TEXT.
    cal.append_property(Property::new("X-WR-CALNAME", clean(&name)));
    for entry in entries(plan, role) {
        cal.push(event(plan, &entry, dtstamp));
    }
    refold(&cal.to_string())
}

/// The longest content line, in octets, without its CRLF (RFC 5545 §3.1).
pub const FOLD_OCTETS: usize = 75;

/// Undoes the crate's folding and folds again: the crate lets a line's last piece be 75 octets
/// after the fold's leading space, i.e. 76 octets in all. Each content line is cut so that every
/// physical line has at most [`FOLD_OCTETS`] octets (the leading space included), never inside a
/// UTF-8 character, and, where the piece allows it, not right after a space or tab, so a reader
/// that trims trailing blanks off each physical line (some do) does not lose a space.
fn refold(text: &str) -> String {
    // The crate inserts exactly "\r\n " at each fold, and no value holds a raw CR or LF (TEXT is
    // escaped, `clean` removed CRs), so removing every "\r\n " restores the content lines.
    let unfolded = text.replace("\r\n ", "");
    let mut out = String::with_capacity(text.len());
    for line in unfolded.split_terminator("\r\n") {
        fold_line(line, &mut out);
    }
    out
}

/// Appends one content line, folded, and its CRLF.
fn fold_line(line: &str, out: &mut String) {
    let mut rest = line;
    let mut room = FOLD_OCTETS;
    while rest.len() > room {
        let mut cut = room;
        while !rest.is_char_boundary(cut) {
            cut -= 1;
        }
        let mut keep = cut;
        while keep > 0 && matches!(rest.as_bytes()[keep - 1], b' ' | b'\t') {
            keep -= 1;
        }
        if keep > 0 {
            cut = keep;
        }
        out.push_str(&rest[..cut]);
        out.push_str("\r\n ");
        rest = &rest[cut..];
        room = FOLD_OCTETS - 1;
    }
    out.push_str(rest);
    out.push_str("\r\n");
}

/// One VEVENT.
fn event(plan: &Plan, entry: &Entry<'_>, dtstamp: DateTime<Utc>) -> Event {
    let mut ev = Event::new();
    ev.uid(&clean(&entry.uid())).timestamp(dtstamp);
    match *entry {
        Entry::Post(p) => {
            ev.summary(&clean(&format!("{} · {}", p.channel, p.message)))
                .description(&clean(&post_description(plan, p)))
                .starts(p.utc)
                .ends(p.utc + Duration::minutes(POST_MINUTES));
            if !p.platform.is_empty() {
                ev.categories([clean(&p.platform)]);
            }
            if let Some(link) = p.content.link.as_deref().filter(|l| is_plain_url(l)) {
                ev.url(link);
            }
        }
        Entry::Task(t, o) => {
            ev.summary(&clean(&t.name))
                .description(&clean(&task_description(plan, t, o)))
                .starts(o.utc);
            if t.duration_minutes > 0 {
                ev.ends(o.utc + Duration::minutes(t.duration_minutes));
            }
            ev.categories(["task"]);
        }
        Entry::Review(k, date) => {
            ev.summary(&clean(&format!("Review kpi {}", k.name)))
                .description(&clean(&review_description(plan, k, date)))
                .starts(date)
                .ends(date.checked_add_days(Days::new(1)).unwrap_or(date))
                .add_property("TRANSP", "TRANSPARENT");
            ev.categories(["kpi-review"]);
        }
    }
    ev.done()
}

/// Text made safe for an iCalendar TEXT value before the crate escapes it: line breaks become
/// LF, other control characters (except tab) are dropped.
pub fn clean(text: &str) -> String {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    text.chars()
        .filter(|&c| c == '\n' || c == '\t' || !c.is_control())
        .collect()
}

/// A link that can go into a `URL` property as it is (URI values are not escaped).
fn is_plain_url(link: &str) -> bool {
    (link.starts_with("https://") || link.starts_with("http://"))
        && !link
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || c == '"')
}

/// `community (Yanis Benali)`, or just the role's name.
pub(crate) fn role_label(plan: &Plan, role: &str) -> String {
    match plan
        .roles
        .iter()
        .find(|r| r.name == role)
        .and_then(|r| r.person.as_deref())
    {
        Some(person) => format!("{role} ({person})"),
        None => role.to_string(),
    }
}

fn push_field(out: &mut String, label: &str, value: &str) {
    out.push_str(label);
    out.push_str(": ");
    out.push_str(value);
    out.push('\n');
}

/// What a post's DESCRIPTION says.
fn post_description(plan: &Plan, p: &PostOccurrence) -> String {
    let c = &p.content;
    let mut out = String::new();
    if !c.text.is_empty() {
        out.push_str(&c.text);
        out.push_str("\n\n");
    }
    if let Some(title) = &c.title {
        push_field(&mut out, "Title", title);
    }
    if let Some(link) = &c.link {
        push_field(&mut out, "Link", link);
    }
    if let Some(media) = &c.media {
        push_field(&mut out, "Media", &format!("{} {}", media.kind, media.path));
    }
    if let Some(cta) = &c.cta {
        push_field(&mut out, "Call to action", cta);
    }
    if !p.audiences.is_empty() {
        let label = if p.audiences.len() == 1 {
            "Audience"
        } else {
            "Audiences"
        };
        push_field(&mut out, label, &p.audiences.join(", "));
    }
    if let Some(objective) = &p.objective {
        push_field(&mut out, "Objective", objective);
    }
    if let Some(owner) = &p.owner {
        push_field(&mut out, "Owner", &role_label(plan, owner));
    }
    if let Some(phase) = &p.phase {
        push_field(&mut out, "Phase", phase);
    }
    push_field(
        &mut out,
        "Channel",
        &format!("{} ({})", p.channel, p.platform),
    );
    push_field(&mut out, "Local time", &local_label(p.local, &p.timezone));
    if let Some(note) = dst_note(&p.resolution) {
        push_field(&mut out, "Note", &note);
    }
    trim_end_newline(out)
}

/// What a task occurrence's DESCRIPTION says.
fn task_description(plan: &Plan, t: &Task, o: &TaskOccurrence) -> String {
    let mut out = String::new();
    if let Some(description) = &t.description {
        out.push_str(description);
        out.push_str("\n\n");
    }
    if !t.channels.is_empty() {
        push_field(&mut out, "Channels", &t.channels.join(", "));
    }
    if let Some(owner) = &t.owner {
        push_field(&mut out, "Owner", &role_label(plan, owner));
    }
    push_field(&mut out, "Duration", &format!("{} min", t.duration_minutes));
    push_field(&mut out, "Local time", &local_label(o.local, &t.timezone));
    trim_end_newline(out)
}

/// What a KPI review's DESCRIPTION says.
fn review_description(plan: &Plan, k: &Kpi, date: NaiveDate) -> String {
    let mut out = String::new();
    out.push_str(&review_line(k, date));
    out.push_str("\n\n");
    if let Some(objective) = &k.objective {
        push_field(&mut out, "Objective", objective);
    }
    push_field(&mut out, "Metric", &format!("{} ({})", k.metric, k.unit));
    push_field(&mut out, "Target", &k.target);
    if let Some(baseline) = &k.baseline {
        push_field(&mut out, "Baseline", baseline);
    }
    push_field(&mut out, "Deadline", &k.by.to_string());
    let channels = if k.channels.is_empty() {
        "all".to_string()
    } else {
        k.channels.join(", ")
    };
    push_field(&mut out, "Channels", &channels);
    if let Some(owner) = &k.owner {
        push_field(&mut out, "Owner", &role_label(plan, owner));
    }
    if let Some(source) = &k.source {
        push_field(&mut out, "Source", source);
    }
    trim_end_newline(out)
}

/// `reach >= 150000 by 2027-03-31 (final review)`: one line saying what a review checks.
pub(crate) fn review_line(k: &Kpi, date: NaiveDate) -> String {
    let last = if date == k.by { " (final review)" } else { "" };
    format!("{} {} by {}{last}", k.metric, k.target, k.by)
}

/// `2027-03-03 09:00 (Europe/Paris)`.
fn local_label(local: NaiveDateTime, zone: &str) -> String {
    format!("{} ({zone})", local.format("%Y-%m-%d %H:%M"))
}

/// What a DST resolution changed, in words; `None` for an exact time.
pub(crate) fn dst_note(resolution: &Resolution) -> Option<String> {
    match resolution {
        Resolution::Exact => None,
        Resolution::Gap {
            requested,
            shifted_to,
        } => Some(format!(
            "{} does not exist on {} (clocks go forward); moved to {}",
            requested.format("%H:%M"),
            requested.format("%Y-%m-%d"),
            shifted_to.format("%H:%M")
        )),
        Resolution::Overlap { requested, .. } => Some(format!(
            "{} happens twice on {} (clocks go back); the first one is used",
            requested.format("%H:%M"),
            requested.format("%Y-%m-%d")
        )),
    }
}

fn trim_end_newline(mut s: String) -> String {
    while s.ends_with('\n') {
        s.pop();
    }
    s
}

// ---------------------------------------------------------------------------------------------
// Entries: shared by the three calendar outputs.

/// One dated item of the calendar outputs: a post, a task occurrence or a KPI review.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Entry<'a> {
    /// A post occurrence.
    Post(&'a PostOccurrence),
    /// One occurrence of a task.
    Task(&'a Task, &'a TaskOccurrence),
    /// A KPI review, on a date (all day).
    Review(&'a Kpi, NaiveDate),
}

impl Entry<'_> {
    /// The iCalendar UID (see the module documentation).
    pub(crate) fn uid(&self) -> String {
        match self {
            Entry::Post(p) => format!("{}@{UID_DOMAIN}", p.id),
            Entry::Task(t, o) => {
                format!(
                    "task/{}/{}@{UID_DOMAIN}",
                    t.name,
                    o.local.format("%Y%m%dT%H%M")
                )
            }
            Entry::Review(k, d) => format!("kpi/{}/{}@{UID_DOMAIN}", k.name, d.format("%Y%m%d")),
        }
    }

    /// `post`, `task` or `kpi_review`.
    pub(crate) fn kind(&self) -> &'static str {
        match self {
            Entry::Post(_) => "post",
            Entry::Task(..) => "task",
            Entry::Review(..) => "kpi_review",
        }
    }

    /// The role that owns it.
    pub(crate) fn owner(&self) -> Option<&str> {
        match self {
            Entry::Post(p) => p.owner.as_deref(),
            Entry::Task(t, _) => t.owner.as_deref(),
            Entry::Review(k, _) => k.owner.as_deref(),
        }
    }

    /// The instant it starts; for an all-day review, midnight of its date in `zone` (the
    /// campaign's), so a day's review comes before that day's posts.
    pub(crate) fn start(&self, zone: Tz) -> DateTime<Utc> {
        match self {
            Entry::Post(p) => p.utc,
            Entry::Task(_, o) => o.utc,
            Entry::Review(_, d) => resolve_local(d.and_time(chrono::NaiveTime::MIN), zone).0,
        }
    }
}

/// The campaign's zone (UTC when unknown).
pub(crate) fn campaign_zone(plan: &Plan) -> Tz {
    plan.campaign.timezone.parse().unwrap_or(Tz::UTC)
}

/// Every entry of the plan (only `role`'s when given: posts it owns, its tasks, its KPIs'
/// reviews), sorted by start, then UID.
pub(crate) fn entries<'a>(plan: &'a Plan, role: Option<&str>) -> Vec<Entry<'a>> {
    let mut all = Vec::new();
    all.extend(plan.posts.iter().map(Entry::Post));
    for t in &plan.tasks {
        all.extend(t.occurrences.iter().map(|o| Entry::Task(t, o)));
    }
    for k in &plan.kpis {
        all.extend(k.reviews.iter().map(|&d| Entry::Review(k, d)));
    }
    if let Some(role) = role {
        all.retain(|e| e.owner() == Some(role));
    }
    let zone = campaign_zone(plan);
    let mut keyed: Vec<(DateTime<Utc>, String, Entry<'a>)> = all
        .into_iter()
        .map(|e| (e.start(zone), e.uid(), e))
        .collect();
    keyed.sort_by(|a, b| (a.0, &a.1).cmp(&(b.0, &b.1)));
    keyed.into_iter().map(|(_, _, e)| e).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_normalises_line_breaks_and_drops_controls() {
        assert_eq!(clean("a\r\nb\rc\u{0}d\te\u{7f}"), "a\nb\ncd\te");
    }

    #[test]
    fn folding_keeps_every_line_within_75_octets() {
        for len in 60..240 {
            for filler in ["a", "é", "✨", "🔥 ", "a "] {
                let line = format!("DESCRIPTION:{}", filler.repeat(len / filler.len()));
                let mut out = String::new();
                fold_line(&line, &mut out);
                assert!(out.ends_with("\r\n"));
                let body = &out[..out.len() - 2];
                for physical in body.split("\r\n") {
                    assert!(physical.len() <= FOLD_OCTETS, "{physical:?}");
                }
                assert_eq!(body.replace("\r\n ", ""), line);
            }
        }
    }

    #[test]
    fn only_plain_http_links_become_urls() {
        assert!(is_plain_url("https://example.com/a?b=c"));
        assert!(!is_plain_url("https://example.com/a b"));
        assert!(!is_plain_url("javascript:alert(1)"));
    }
}
