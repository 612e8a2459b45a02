//! `calendar.md`: the calendar for people, readable on GitHub or in any Markdown viewer.
//!
//! A title and a summary line, then one `## Week of YYYY-MM-DD` section per ISO week (weeks start
//! on Monday; the date is that Monday) that has something in it, then one
//! `### Monday 1 March 2027` heading per day that has something, then a table of the day's
//! entries: time, channel, what (post, task or KPI review), owner and a short text (the first
//! [`SHORT_TEXT`] characters of the text actually posted, on one line).
//!
//! All times are shown in the campaign's zone, so the file reads as one timeline; an entry planned
//! in another zone (a schedule with its own `timezone`) also shows its own wall-clock time, and a
//! time moved or chosen by a DST change says so. KPI reviews are all-day and come first in their
//! day. Entries come in the order of `calendar.ics` (start, then UID). All user text goes through
//! [`format::markdown`], so it cannot break a table or inject HTML. The plan's notes (skipped
//! days, DST resolutions) close the file.

use chrono::{Datelike, Days, NaiveDate, NaiveDateTime};
use chrono_tz::Tz;

use super::entry::{self, Entries, Entry};
use super::format::{self, markdown_into as md};
use super::{ics, short_text, Cut, Pieces, Sink};
use crate::digits;
use rustc_hash::FxHashMap;

use crate::plan::{Content, Plan, Resolution, Shared};
use crate::wording::plural;

/// Characters (grapheme clusters) of a text shown in the table before it is cut with `…`.
pub const SHORT_TEXT: usize = 80;

/// The file's text (only `role`'s events when given).
pub fn calendar(plan: &Plan, role: Option<&str>) -> String {
    let entries = entry::entries(plan, role);
    super::text(super::collect(|out| {
        write(plan, &entries, role, Cut::BUILD, out)
    }))
}

/// [`calendar`] of `entries`, which are [`entry::entries`] of `plan` and `role`, into `out`;
/// the rows are written in pieces on rayon's pool, cut as `cut` says.
pub(crate) fn write(
    plan: &Plan,
    entries: &Entries<'_>,
    role: Option<&str>,
    cut: Cut,
    out: &mut dyn Sink,
) {
    write_with(plan, entries, role, cut, &ShortTexts::of(plan), out)
}

/// [`write`], with the Text cells known in advance in `texts`.
fn write_with(
    plan: &Plan,
    entries: &Entries<'_>,
    role: Option<&str>,
    cut: Cut,
    texts: &ShortTexts,
    sink: &mut dyn Sink,
) {
    let zone = entry::campaign_zone(plan);
    let c = &plan.campaign;
    let mut out = String::with_capacity(4096);

    out.push_str(&format!("# Calendar: {}\n\n", format::markdown(&c.title)));
    let mut facts = Vec::new();
    if let Some(brand) = &c.brand {
        facts.push(format::markdown(brand));
    }
    facts.push(format!("{} to {}", c.start, c.end));
    facts.push(format!("times in {}", format::markdown(&c.timezone)));
    out.push_str(&facts.join(" · "));
    out.push_str("\n\n");
    if let Some(role) = role {
        out.push_str(&format!(
            "Only the entries of {}: the posts it publishes, its tasks and its KPI reviews.\n\n",
            format::markdown(&ics::role_label(plan, role))
        ));
    }
    let count = |kind: &str| {
        entries
            .items
            .iter()
            .filter(|i| i.entry.kind() == kind)
            .count()
    };
    out.push_str(&format!(
        "{}, {} and {}.\n",
        plural(count("post"), "post", "posts"),
        plural(count("task"), "task session", "task sessions"),
        plural(count("kpi_review"), "KPI review", "KPI reviews"),
    ));

    // By day (in the campaign's zone), all-day reviews first, then in file order: a stable sort
    // of entries already in file order (so nearly free).
    let mut rows: Vec<Row<'_>> = entries
        .items
        .iter()
        .map(|i| {
            let shown = i.start.with_timezone(&zone).naive_local();
            let day = match i.entry {
                Entry::Review(_, d) => d,
                _ => shown.date(),
            };
            Row {
                day,
                review: matches!(i.entry, Entry::Review(..)),
                shown,
                entry: i.entry,
                source: i.source,
                heading: Heading::None,
            }
        })
        .collect();
    rows.sort_by_key(|r| (r.day, !r.review));
    // Which rows open a day, and which also open a week: decided here, in order, so that the
    // rows can then be written in pieces independently.
    let (mut week, mut day) = (None, None);
    for r in &mut rows {
        if day != Some(r.day) {
            day = Some(r.day);
            let monday = r
                .day
                .checked_sub_days(Days::new(u64::from(r.day.weekday().num_days_from_monday())))
                .unwrap_or(r.day);
            r.heading = if week != Some(monday) {
                week = Some(monday);
                Heading::Week(monday)
            } else {
                Heading::Day
            };
        }
    }

    sink.put(out.into_bytes());
    let body = |rows: &[Row<'_>]| {
        let mut out = Pieces::new(cut);
        let mut cells = Cells {
            zone,
            texts,
            short: String::with_capacity(1024),
            note: String::new(),
        };
        for r in rows {
            if let Heading::Week(monday) = r.heading {
                out.push_str("\n## Week of ");
                digits::date(&mut out, monday, "-");
                out.push('\n');
            }
            if r.heading != Heading::None {
                out.push_str("\n### ");
                digits::long_date(&mut out, r.day);
                out.push_str(
                    "\n\n| Time | Channel | What | Owner | Text |\n|---|---|---|---|---|\n",
                );
            }
            cells.row(&mut out, r);
            out.item_done();
        }
        out.finish()
    };
    super::in_parallel(&rows, cut, body, sink);

    let mut notes = String::new();
    if !plan.notes.is_empty() {
        notes.push_str("\n## Notes\n\n");
        for note in &plan.notes {
            notes.push_str("- ");
            md(&mut notes, note);
            notes.push('\n');
        }
    }
    sink.put(notes.into_bytes());
}

/// The headings that come before a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Heading {
    /// None: the row's day has begun already.
    None,
    /// The row's day.
    Day,
    /// The week of that Monday, then the row's day.
    Week(NaiveDate),
}

/// An entry, the day it is shown on and its start in the campaign's zone.
struct Row<'a> {
    day: NaiveDate,
    review: bool,
    shown: NaiveDateTime,
    entry: Entry<'a>,
    /// Where its post, task or KPI is in the plan.
    source: usize,
    heading: Heading,
}

/// The Text cell of every post content and task, written once: many rows show the same text
/// (a message posted again, a task's every occurrence), and cutting a text finds grapheme
/// clusters.
#[derive(Default)]
struct ShortTexts {
    /// By content (the address of the shared content that posts point to, as a number): the
    /// content of each message and of each of its variants.
    contents: FxHashMap<usize, String>,
    /// By task, in plan order.
    tasks: Vec<String>,
}

impl ShortTexts {
    fn of(plan: &Plan) -> ShortTexts {
        use rayon::prelude::*;
        let contents: Vec<&Shared<Content>> = plan
            .messages
            .iter()
            .flat_map(|m| std::iter::once(&m.content).chain(m.variants.values()))
            .collect();
        let (contents, tasks) = rayon::join(
            || {
                contents
                    .par_iter()
                    .map(|c| (address(c), short_cell(&c.text)))
                    .collect::<Vec<_>>()
            },
            || {
                plan.tasks
                    .par_iter()
                    .map(|t| short_cell(t.description.as_deref().unwrap_or("")))
                    .collect()
            },
        );
        ShortTexts {
            contents: contents.into_iter().collect(),
            tasks,
        }
    }
}

/// The address of a shared content, which identifies it.
fn address(content: &Shared<Content>) -> usize {
    Shared::as_ptr(content) as usize
}

/// A Text cell: `text` on one line, cut after [`SHORT_TEXT`] clusters, escaped.
fn short_cell(text: &str) -> String {
    let mut short = String::new();
    short_text::cut(&mut short, text, SHORT_TEXT);
    let mut cell = String::with_capacity(short.len() + 16);
    md(&mut cell, &short);
    cell
}

/// The campaign's zone, the Text cells, and the buffers a row is written with (reused from row
/// to row).
struct Cells<'t> {
    zone: Tz,
    texts: &'t ShortTexts,
    /// A text on one line, cut (see [`short_text::cut`]), for a text not among `texts`.
    short: String,
    /// A DST note.
    note: String,
}

impl Cells<'_> {
    /// Appends the Text cell of `text`: `known` when given, else cut and escaped here.
    fn text(&mut self, out: &mut String, known: Option<&String>, text: &str) {
        match known {
            Some(cell) => out.push_str(cell),
            None => {
                short_text::cut(&mut self.short, text, SHORT_TEXT);
                md(out, &self.short);
            }
        }
    }

    /// Appends one table row, every cell escaped.
    fn row(&mut self, out: &mut String, r: &Row<'_>) {
        out.push_str("| ");
        match r.entry {
            Entry::Post(p) => {
                self.time(out, r.shown, p.local, &p.timezone);
                let exact = p.resolution == Resolution::Exact;
                if !exact {
                    out.push_str(" ⚠");
                }
                out.push_str(" | ");
                let (channel, platform): (&str, &str) = (&p.channel, &p.platform);
                md(out, channel);
                if !platform.is_empty() && platform != channel {
                    out.push_str(" (");
                    md(out, platform);
                    out.push(')');
                }
                out.push_str(" | Post ");
                md(out, &p.message);
                self.owner(out, r.entry);
                let known = self.texts.contents.get(&address(&p.content));
                self.text(out, known, &p.content.text);
                if !exact {
                    self.note.clear();
                    ics::write_dst_note(&mut self.note, &p.resolution);
                    out.push_str(" — ⚠ ");
                    md(out, &self.note);
                }
            }
            Entry::Task(t, o) => {
                self.time(out, r.shown, o.local, &t.timezone);
                out.push_str(" | ");
                if t.channels.is_empty() {
                    out.push('—');
                } else {
                    joined(out, &t.channels);
                }
                out.push_str(" | Task ");
                md(out, &t.name);
                out.push_str(" (");
                digits::integer(out, t.duration_minutes);
                out.push_str(" min)");
                self.owner(out, r.entry);
                let known = self.texts.tasks.get(r.source);
                self.text(out, known, t.description.as_deref().unwrap_or(""));
            }
            Entry::Review(k, date) => {
                out.push_str("all day | ");
                if k.channels.is_empty() {
                    out.push_str("all channels");
                } else {
                    joined(out, &k.channels);
                }
                out.push_str(" | Review kpi ");
                md(out, &k.name);
                self.owner(out, r.entry);
                self.note.clear();
                ics::write_review_line(&mut self.note, k, date);
                md(out, &self.note);
            }
        }
        out.push_str(" |\n");
    }

    /// Appends ` | OWNER | ` (the cells around the owner).
    fn owner(&self, out: &mut String, e: Entry<'_>) {
        out.push_str(" | ");
        md(out, e.owner().unwrap_or(""));
        out.push_str(" | ");
    }

    /// Appends the time in the campaign's zone, then the planned wall-clock time when the entry
    /// was planned in another zone: `09:00 (17:00 Asia/Tokyo)`.
    fn time(&self, out: &mut String, shown: NaiveDateTime, local: NaiveDateTime, tz: &str) {
        digits::hour_minute(out, shown, ":");
        if tz != self.zone.name() {
            out.push_str(" (");
            digits::hour_minute(out, local, ":");
            out.push(' ');
            md(out, tz);
            out.push(')');
        }
    }
}

/// Appends the items, escaped, `, `-joined.
fn joined<S: AsRef<str>>(out: &mut String, items: &[S]) {
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        md(out, item.as_ref());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The Text cells written in advance are those a row would write: on every example and
    /// build fixture, the file is the same without them.
    #[test]
    fn text_cells_written_in_advance_change_no_byte() {
        let plans = crate::test_support::plans(&["examples", "tests/fixtures/build"]);
        for (path, _, plan) in &plans {
            let entries = entry::entries(plan, None);
            let texts = ShortTexts::of(plan);
            assert!(!texts.contents.is_empty(), "{}", path.display());
            let with = |texts: &ShortTexts| {
                super::super::collect(|out| {
                    write_with(plan, &entries, None, Cut::BUILD, texts, out)
                })
            };
            assert_eq!(
                with(&texts),
                with(&ShortTexts::default()),
                "{}",
                path.display()
            );
        }
        assert!(plans.len() >= 3, "examples and fixtures were built");
    }
}
