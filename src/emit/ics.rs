//! `calendar.ics`: the plan as an RFC 5545 calendar, written directly as text, in pieces.
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
//! its local start, `kpi/NAME/YYYYMMDD@smm` for a KPI review (see `emit::entry`). Changing
//! what a UID is made of (moving a post, renaming a message) makes a new event.
//!
//! # Text, folding, determinism
//!
//! - TEXT values (SUMMARY, DESCRIPTION, UID, CATEGORIES, `X-WR-CALNAME`) are escaped by
//!   `escape_text`: `\\`, `;`, `,` and line breaks (LF, CR LF, lone CR: RFC 5545 §3.3.11
//!   forbids raw control characters in TEXT, and a raw CR would break the line structure);
//!   other control characters are dropped, tab stays. A `URL` is a URI, not TEXT: only links
//!   without blanks, controls or quotes get one.
//! - Every content line is folded by `fold`: at most [`FOLD_OCTETS`] octets per physical
//!   line, the fold's leading space included, never inside a UTF-8 character.
//! - An event's properties come in one fixed order: DESCRIPTION, DTEND, DTSTAMP, DTSTART,
//!   SUMMARY, TRANSP, UID, URL, then CATEGORIES.
//! - All-day events (`VALUE=DATE`) end the next day: DTEND equal to DTSTART would be an empty
//!   event, which RFC 5545 §3.8.2.2 forbids.
//! - `DTSTAMP` is the caller's (from `SOURCE_DATE_EPOCH`), and events come in a fixed order
//!   (start, then UID), so the same plan gives the same bytes.
//!
//! # Why not the `icalendar` crate
//!
//! This module used the `icalendar` crate until it became the slowest part of `smm build`. The
//! crate builds an owned tree per event (a map of owned property `String`s), escapes each value
//! with four `replace` calls and formats the tree again, and its folding had to be undone and
//! redone (it can write 76-octet lines). That ran at 60 MB/s, about 20 times slower than the
//! rest of the build needs for a 110 MB file. What this file uses of RFC 5545 is small (TEXT
//! escaping, folding, UTC DATE-TIME and DATE values), so it is written here directly, into
//! pieces of about 1 MiB (see `emit::pieces`), without a heap allocation per event. What does
//! not depend on the date (a post's description up to its local time, its SUMMARY, URL and
//! CATEGORIES; a task's likewise) is escaped and folded once per group of posts that share it
//! (see `entry::PostGroups`) or per task, and copied into each event; the folding goes on from
//! where it stopped (`content_line::fold_start`). The output is byte for byte what
//! the crate-based version wrote; the unit tests of `emit::content_line` compare the
//! escaping and folding with the crate's, and `tests/emit_calendar.rs` parses the file back with
//! the independent `ical` crate.

use chrono::{DateTime, Days, Duration, NaiveDate, NaiveDateTime, Utc};

use super::content_line::{escape_text, fold, fold_rest, fold_start};
use super::entry::{self, Entries, Entry, People};
use super::{Cut, Pieces, Sink};
use crate::digits;
use crate::plan::{Kpi, Plan, PostOccurrence, Resolution, Task, TaskOccurrence};

pub use super::content_line::FOLD_OCTETS;
pub use super::entry::UID_DOMAIN;

/// Minutes a post's event lasts.
pub const POST_MINUTES: i64 = 15;

/// The iCalendar text of the plan (only `role`'s events when given).
pub fn calendar(plan: &Plan, role: Option<&str>, dtstamp: DateTime<Utc>) -> String {
    let entries = entry::entries(plan, role);
    super::text(super::collect(|out| {
        write(plan, &entries, role, dtstamp, Cut::BUILD, out)
    }))
}

/// [`calendar`] of `entries`, which are [`entry::entries`] of `plan` and `role`, into `out`;
/// the events are written in pieces on rayon's pool, cut as `cut` says.
pub(crate) fn write(
    plan: &Plan,
    entries: &Entries<'_>,
    role: Option<&str>,
    dtstamp: DateTime<Utc>,
    cut: Cut,
    out: &mut dyn Sink,
) {
    let mut dtstamp_line = String::from("DTSTAMP:");
    utc_value(&mut dtstamp_line, dtstamp);
    dtstamp_line.push_str("\r\n");
    let people = People::of(plan);
    let writer = |cut| Writer {
        out: Pieces::new(cut),
        line: String::with_capacity(4096),
        text: String::with_capacity(4096),
        dtstamp: &dtstamp_line,
        people: &people,
    };

    let mut head = writer(Cut {
        items: 1,
        bytes: 1024,
    });
    head.out.push_str("BEGIN:VCALENDAR\r\n");
    head.text_line("VERSION", "2.0");
    head.text_line(
        "PRODID",
        concat!("-//smm//smm ", env!("CARGO_PKG_VERSION"), "//EN"),
    );
    head.text_line("CALSCALE", "GREGORIAN");
    match role {
        Some(r) => head.text_line("X-WR-CALNAME", &format!("{} ({r})", plan.campaign.title)),
        None => head.text_line("X-WR-CALNAME", &plan.campaign.title),
    }
    for piece in head.out.finish() {
        out.put(piece);
    }
    let (posts, tasks) = entries.shared(
        plan,
        |p| Parts::post(&people, p),
        |t| Parts::task(&people, t),
    );
    let events = |items: &[entry::Item<'_>]| {
        let mut w = writer(cut);
        for item in items {
            let uid = entries.uid(item);
            match item.entry {
                Entry::Post(p) => {
                    w.post(p, &posts[entries.groups.of_post[item.source] as usize], uid)
                }
                Entry::Task(t, o) => w.task(t, o, &tasks[item.source], uid),
                Entry::Review(k, d) => w.review(k, d, uid),
            }
            w.out.item_done();
        }
        w.out.finish()
    };
    super::in_parallel(&entries.items, cut, events, out);
    out.put(b"END:VCALENDAR\r\n".to_vec());
}

/// The output and the scratch buffers an event is written with (reused, so writing an event
/// allocates nothing once they have grown).
struct Writer<'a> {
    out: Pieces,
    /// The content line being built, escaped, before it is folded into `out`.
    line: String,
    /// A value's raw text (a DESCRIPTION), before it is escaped into `line`.
    text: String,
    /// The `DTSTAMP` line, CRLF included: the same in every event.
    dtstamp: &'a str,
    people: &'a People<'a>,
}

impl Writer<'_> {
    /// A TEXT property.
    fn text_line(&mut self, name: &str, value: &str) {
        self.line.clear();
        self.line.push_str(name);
        self.line.push(':');
        escape_text(&mut self.line, value);
        fold(&mut self.out, &self.line);
    }

    /// A DATE-TIME property, in UTC.
    fn utc_line(&mut self, name: &str, t: DateTime<Utc>) {
        self.out.push_str(name);
        self.out.push(':');
        utc_value(&mut self.out, t);
        self.out.push_str("\r\n");
    }

    /// A DATE property.
    fn date_line(&mut self, name: &str, d: NaiveDate) {
        self.out.push_str(name);
        self.out.push_str(";VALUE=DATE:");
        digits::date(&mut self.out, d, "");
        self.out.push_str("\r\n");
    }

    /// A post's VEVENT; `parts` are its group's.
    fn post(&mut self, p: &PostOccurrence, parts: &Parts, uid: &str) {
        self.out.push_str("BEGIN:VEVENT\r\n");
        self.description(parts, |text| post_local(text, p));
        self.utc_line("DTEND", p.utc + Duration::minutes(POST_MINUTES));
        self.out.push_str(self.dtstamp);
        self.utc_line("DTSTART", p.utc);
        self.end(parts, uid);
    }

    /// A task occurrence's VEVENT; `parts` are the task's.
    fn task(&mut self, t: &Task, o: &TaskOccurrence, parts: &Parts, uid: &str) {
        self.out.push_str("BEGIN:VEVENT\r\n");
        self.description(parts, |text| local_label(text, o.local, &t.timezone));
        if t.duration_minutes > 0 {
            self.utc_line("DTEND", o.utc + Duration::minutes(t.duration_minutes));
        }
        self.out.push_str(self.dtstamp);
        self.utc_line("DTSTART", o.utc);
        self.end(parts, uid);
    }

    /// SUMMARY, UID, the lines after the UID and the end of a post's or task's VEVENT.
    fn end(&mut self, parts: &Parts, uid: &str) {
        self.out.push_str(&parts.summary);
        self.text_line("UID", uid);
        self.out.push_str(&parts.after_uid);
        self.out.push_str("END:VEVENT\r\n");
    }

    /// A KPI review's VEVENT (all day; its text starts with its date, so nothing is shared).
    fn review(&mut self, k: &Kpi, d: NaiveDate, uid: &str) {
        self.out.push_str("BEGIN:VEVENT\r\n");
        self.text.clear();
        review_description(&mut self.text, self.people, k, d);
        self.line.clear();
        self.line.push_str("DESCRIPTION:");
        escape_text(&mut self.line, self.text.trim_end_matches('\n'));
        fold(&mut self.out, &self.line);
        self.date_line("DTEND", d.checked_add_days(Days::new(1)).unwrap_or(d));
        self.out.push_str(self.dtstamp);
        self.date_line("DTSTART", d);
        self.line.clear();
        self.line.push_str("SUMMARY:Review kpi ");
        escape_text(&mut self.line, &k.name);
        fold(&mut self.out, &self.line);
        self.out.push_str("TRANSP:TRANSPARENT\r\n");
        self.text_line("UID", uid);
        self.out.push_str("CATEGORIES:kpi-review\r\n");
        self.out.push_str("END:VEVENT\r\n");
    }

    /// The DESCRIPTION line: the folded start in `parts`, then what `local` writes (the local
    /// time), escaped and folded on from there.
    fn description(&mut self, parts: &Parts, local: impl FnOnce(&mut String)) {
        self.out.push_str(&parts.folded);
        self.text.clear();
        local(&mut self.text);
        self.line.clear();
        self.line.push_str(&parts.tail);
        escape_text(&mut self.line, self.text.trim_end_matches('\n'));
        fold_rest(&mut self.out, &self.line, parts.room);
    }
}

/// What every event of a post group (see [`entry::PostGroups`]) or of a task writes the same:
/// its DESCRIPTION up to the local time, folded as far as the local time cannot change, and the
/// lines that do not depend on the date. Made once per group or task rather than per event.
#[derive(Debug, Default, PartialEq, Eq)]
struct Parts {
    /// The DESCRIPTION's physical lines that are complete.
    folded: String,
    /// The rest of the DESCRIPTION line so far, escaped: the local time goes on from here.
    tail: String,
    /// The octets left on the physical line of `tail`.
    room: usize,
    /// The SUMMARY line, folded.
    summary: String,
    /// The lines after the UID: URL and CATEGORIES.
    after_uid: String,
}

impl Parts {
    /// The parts of a DESCRIPTION that starts with `head`, a SUMMARY of `summary` and
    /// `after_uid`.
    fn new(head: &str, summary: &str, after_uid: String) -> Parts {
        let mut line = String::from("DESCRIPTION:");
        escape_text(&mut line, head);
        let mut folded = String::new();
        let (at, room) = fold_start(&mut folded, &line, FOLD_OCTETS);
        let mut summary_line = String::new();
        fold(&mut summary_line, summary);
        Parts {
            folded,
            tail: line[at..].to_string(),
            room,
            summary: summary_line,
            after_uid,
        }
    }

    /// A post's: everything but its local time is the same for its group.
    fn post(people: &People<'_>, p: &PostOccurrence) -> Parts {
        let mut head = String::new();
        post_head(&mut head, people, p);
        let mut summary = String::from("SUMMARY:");
        escape_text(&mut summary, &p.channel);
        summary.push_str(" · ");
        escape_text(&mut summary, &p.message);
        let mut after_uid = String::new();
        if let Some(link) = p.content.link.as_deref().filter(|l| is_plain_url(l)) {
            fold(&mut after_uid, &format!("URL:{link}"));
        }
        if !p.platform.is_empty() {
            let mut line = String::from("CATEGORIES:");
            escape_text(&mut line, &p.platform);
            fold(&mut after_uid, &line);
        }
        Parts::new(&head, &summary, after_uid)
    }

    /// A task's: everything but the local time of an occurrence.
    fn task(people: &People<'_>, t: &Task) -> Parts {
        let mut head = String::new();
        task_head(&mut head, people, t);
        let mut summary = String::from("SUMMARY:");
        escape_text(&mut summary, &t.name);
        Parts::new(&head, &summary, "CATEGORIES:task\r\n".to_string())
    }
}

/// `20270303T080000Z`.
fn utc_value(out: &mut String, t: DateTime<Utc>) {
    digits::date_time(out, t.naive_utc(), ("", ""));
    out.push('Z');
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

/// Appends `LABEL: VALUE` and a line break.
fn field(out: &mut String, label: &str, value: &str) {
    out.push_str(label);
    out.push_str(": ");
    out.push_str(value);
    out.push('\n');
}

/// Appends `Owner: ROLE (PERSON)` and a line break.
fn owner_field(out: &mut String, people: &People<'_>, owner: &str) {
    out.push_str("Owner: ");
    people.write_label(out, owner);
    out.push('\n');
}

/// Appends `LABEL: A, B, C` and a line break.
fn list_field<S: AsRef<str>>(out: &mut String, label: &str, items: &[S]) {
    out.push_str(label);
    out.push_str(": ");
    join(out, items, ", ");
    out.push('\n');
}

/// Appends the items with `sep` between them (as `[S]::join`).
pub(crate) fn join<S: AsRef<str>>(out: &mut String, items: &[S], sep: &str) {
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(sep);
        }
        out.push_str(item.as_ref());
    }
}

/// Appends what a post's DESCRIPTION says up to its local time: the same for every post of its
/// group (see [`entry::PostGroups`]).
fn post_head(out: &mut String, people: &People<'_>, p: &PostOccurrence) {
    let c = &p.content;
    if !c.text.is_empty() {
        out.push_str(&c.text);
        out.push_str("\n\n");
    }
    if let Some(title) = c.title.as_deref() {
        field(out, "Title", title);
    }
    if let Some(link) = c.link.as_deref() {
        field(out, "Link", link);
    }
    if let Some(media) = &c.media {
        out.push_str("Media: ");
        out.push_str(&media.kind);
        out.push(' ');
        out.push_str(&media.path);
        out.push('\n');
    }
    if let Some(cta) = c.cta.as_deref() {
        field(out, "Call to action", cta);
    }
    if !p.audiences.is_empty() {
        let label = if p.audiences.len() == 1 {
            "Audience"
        } else {
            "Audiences"
        };
        list_field(out, label, &p.audiences);
    }
    if let Some(objective) = p.objective.as_deref() {
        field(out, "Objective", objective);
    }
    if let Some(owner) = p.owner.as_deref() {
        owner_field(out, people, owner);
    }
    if let Some(phase) = p.phase.as_deref() {
        field(out, "Phase", phase);
    }
    out.push_str("Channel: ");
    out.push_str(&p.channel);
    out.push_str(" (");
    out.push_str(&p.platform);
    out.push_str(")\nLocal time: ");
}

/// Appends the rest of a post's DESCRIPTION: its local time, and what DST changed.
fn post_local(out: &mut String, p: &PostOccurrence) {
    local_label(out, p.local, &p.timezone);
    out.push('\n');
    if p.resolution != Resolution::Exact {
        out.push_str("Note: ");
        write_dst_note(out, &p.resolution);
        out.push('\n');
    }
}

/// Appends what a task's DESCRIPTION says up to the local time of an occurrence.
fn task_head(out: &mut String, people: &People<'_>, t: &Task) {
    if let Some(description) = t.description.as_deref() {
        out.push_str(description);
        out.push_str("\n\n");
    }
    if !t.channels.is_empty() {
        list_field(out, "Channels", &t.channels);
    }
    if let Some(owner) = t.owner.as_deref() {
        owner_field(out, people, owner);
    }
    out.push_str("Duration: ");
    digits::integer(out, t.duration_minutes);
    out.push_str(" min\nLocal time: ");
}

/// Appends what a KPI review's DESCRIPTION says.
fn review_description(out: &mut String, people: &People<'_>, k: &Kpi, date: NaiveDate) {
    write_review_line(out, k, date);
    out.push_str("\n\n");
    if let Some(objective) = k.objective.as_deref() {
        field(out, "Objective", objective);
    }
    out.push_str("Metric: ");
    out.push_str(&k.metric);
    out.push_str(" (");
    out.push_str(&k.unit);
    out.push_str(")\n");
    field(out, "Target", &k.target);
    if let Some(baseline) = k.baseline.as_deref() {
        field(out, "Baseline", baseline);
    }
    out.push_str("Deadline: ");
    digits::date(out, k.by, "-");
    out.push('\n');
    if k.channels.is_empty() {
        field(out, "Channels", "all");
    } else {
        list_field(out, "Channels", &k.channels);
    }
    if let Some(owner) = k.owner.as_deref() {
        owner_field(out, people, owner);
    }
    if let Some(source) = k.source.as_deref() {
        field(out, "Source", source);
    }
}

/// Appends `reach >= 150000 by 2027-03-31 (final review)`: one line saying what a review checks.
pub(crate) fn write_review_line(out: &mut String, k: &Kpi, date: NaiveDate) {
    out.push_str(&k.metric);
    out.push(' ');
    out.push_str(&k.target);
    out.push_str(" by ");
    digits::date(out, k.by, "-");
    if date == k.by {
        out.push_str(" (final review)");
    }
}

/// Appends `2027-03-03 09:00 (Europe/Paris)`.
fn local_label(out: &mut String, local: NaiveDateTime, zone: &str) {
    digits::date(out, local.date(), "-");
    out.push(' ');
    digits::hour_minute(out, local, ":");
    out.push_str(" (");
    out.push_str(zone);
    out.push(')');
}

/// Appends what a DST resolution changed, in words; nothing for an exact time.
pub(crate) fn write_dst_note(out: &mut String, resolution: &Resolution) {
    match resolution {
        Resolution::Exact => {}
        Resolution::Gap {
            requested,
            shifted_to,
        } => {
            digits::hour_minute(out, *requested, ":");
            out.push_str(" does not exist on ");
            digits::date(out, requested.date(), "-");
            out.push_str(" (clocks go forward); moved to ");
            digits::hour_minute(out, *shifted_to, ":");
        }
        Resolution::Overlap { requested, .. } => {
            digits::hour_minute(out, *requested, ":");
            out.push_str(" happens twice on ");
            digits::date(out, requested.date(), "-");
            out.push_str(" (clocks go back); the first one is used");
        }
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    #[test]
    fn only_plain_http_links_become_urls() {
        assert!(is_plain_url("https://example.com/a?b=c"));
        assert!(!is_plain_url("https://example.com/a b"));
        assert!(!is_plain_url("javascript:alert(1)"));
    }

    #[test]
    fn utc_values_and_notes_are_written_like_chrono() {
        let t = Utc.with_ymd_and_hms(2027, 3, 28, 1, 30, 5).unwrap();
        let mut out = String::new();
        utc_value(&mut out, t);
        assert_eq!(out, t.format("%Y%m%dT%H%M%SZ").to_string());
        let requested = t.naive_utc() + Duration::hours(1);
        let mut out = String::new();
        write_dst_note(
            &mut out,
            &Resolution::Gap {
                requested,
                shifted_to: requested + Duration::hours(1),
            },
        );
        assert_eq!(
            out,
            "02:30 does not exist on 2027-03-28 (clocks go forward); moved to 03:30"
        );
    }

    /// Every post writes what its group's first post writes, so writing it once per group
    /// changes nothing. (Checked: leaving the phase out of the groups' key makes this fail.)
    #[test]
    fn a_groups_posts_have_the_same_parts() {
        let plans = crate::test_support::plans(&["examples", "tests/fixtures/build"]);
        let mut shared = 0;
        for (path, _, plan) in &plans {
            let people = People::of(plan);
            let groups = entry::PostGroups::of(&plan.posts, 0..plan.posts.len());
            for (i, p) in plan.posts.iter().enumerate() {
                let first = groups.first[groups.of_post[i] as usize];
                shared += usize::from(first != i);
                assert_eq!(
                    Parts::post(&people, p),
                    Parts::post(&people, &plan.posts[first]),
                    "{}: post {}",
                    path.display(),
                    p.id
                );
            }
        }
        assert!(shared > 20, "posts share their parts ({shared})");
    }

    #[test]
    fn lists_are_joined_like_join() {
        for items in [vec![], vec!["a"], vec!["a", "b", "c"]] {
            let mut out = String::new();
            join(&mut out, &items, ", ");
            assert_eq!(out, items.join(", "));
        }
    }
}
