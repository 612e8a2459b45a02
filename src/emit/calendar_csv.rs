//! `calendar.csv`: one row per post, task occurrence and KPI review, for a spreadsheet.
//!
//! Written with the `csv` crate (RFC 4180: fields quoted when they hold a comma, quote or line
//! break; CRLF between records; UTF-8, no byte-order mark). Rows come in the same order as the
//! events of `calendar.ics` (start, then UID). Columns:
//!
//! | column | post | task | KPI review |
//! |---|---|---|---|
//! | `local_date`, `local_time` | wall clock in its zone | same | the date; no time |
//! | `timezone` | the post's effective zone | the task's | the campaign's |
//! | `utc` | the instant, RFC 3339 | same | empty (all day) |
//! | `kind` | `post` | `task` | `kpi_review` |
//! | `channel`, `platform` | one | the task's channels, `;`-joined | the KPI's channels (empty: all) |
//! | `name` | message | task | KPI |
//! | `phase` | the date's phase | same | same |
//! | `objective` | the message's | empty | the KPI's |
//! | `audiences` | `;`-joined | empty | empty |
//! | `owner` | role | role | role |
//! | `text` | the text posted on that channel | description | `METRIC TARGET by DEADLINE` |
//! | `link`, `media` | link; `KIND PATH` | empty | empty |
//! | `duration_minutes` | 15 (the calendar slot) | the task's | empty |
//! | `uid` | the iCalendar UID, to match rows with events | same | same |
//!
//! Every cell goes through the rule of [`format::spreadsheet_safe`], so a text such as `=1+1` or
//! `@SUM(…)` is shown, not run, by a spreadsheet (OWASP "CSV injection").
//!
//! Cells are handed to the `csv` writer as borrowed text, one field at a time; the few made of
//! several parts (dates, joined lists) are written into a reused buffer, so a row allocates
//! nothing. (Handing it whole rows, as a reused `ByteRecord`, was measured: no faster.)

use std::collections::HashMap;

use chrono::{DateTime, NaiveDateTime, Utc};

use super::entry::{self, Entries, Entry, Item};
use super::ics;
use super::{digits, format, Cut, Sink};
use crate::plan::Plan;

/// The header row.
pub const HEADER: [&str; 17] = [
    "local_date",
    "local_time",
    "timezone",
    "utc",
    "kind",
    "channel",
    "platform",
    "name",
    "phase",
    "objective",
    "audiences",
    "owner",
    "text",
    "link",
    "media",
    "duration_minutes",
    "uid",
];

/// The file's text (only `role`'s events when given).
pub fn calendar(plan: &Plan, role: Option<&str>) -> String {
    let entries = entry::entries(plan, role);
    super::text(super::collect(|out| write(plan, &entries, Cut::BUILD, out)))
}

/// [`calendar`] of `entries`, which are [`entry::entries`] of `plan` and a role, into `out`;
/// the rows are written in pieces on rayon's pool, cut as `cut` says.
pub(crate) fn write(plan: &Plan, entries: &Entries<'_>, cut: Cut, out: &mut dyn Sink) {
    let mut header = Rows::new(1024);
    for name in HEADER {
        header.cell(name);
    }
    header.end();
    // The channels and platforms cells of each task and KPI, once: looking channels up per row
    // would be quadratic in plan size, and a task has many occurrences.
    let mut platform_of: HashMap<&str, &str> = HashMap::new();
    for c in &plan.channels {
        platform_of.entry(&c.name).or_insert(&c.platform);
    }
    let cells = Channels {
        tasks: plan
            .tasks
            .iter()
            .map(|t| channels(&platform_of, &t.channels))
            .collect(),
        kpis: plan
            .kpis
            .iter()
            .map(|k| channels(&platform_of, &k.channels))
            .collect(),
    };
    out.put(header.take(0));
    let rows = |items: &[Item<'_>]| {
        let mut rows = Rows::new(cut.room());
        let mut pieces = Vec::new();
        for item in items {
            rows.row(plan, &cells, item, entries.uid(item));
            if rows.writer.get_ref().len() >= cut.bytes {
                pieces.push(rows.take(cut.room()));
            }
        }
        pieces.push(rows.take(0));
        pieces
    };
    super::in_parallel(&entries.items, cut, rows, out);
}

/// The `channel` and `platform` cells of each task and KPI, by index in the plan.
struct Channels {
    tasks: Vec<(String, String)>,
    kpis: Vec<(String, String)>,
}

/// The `channel` cell of some channels (`;`-joined) and their `platform` cell: the platforms in
/// the channels' order, without repeats, `;`-joined.
fn channels<S: AsRef<str>>(platform_of: &HashMap<&str, &str>, names: &[S]) -> (String, String) {
    let mut platforms: Vec<&str> = Vec::new();
    for name in names {
        if let Some(&platform) = platform_of.get(name.as_ref()) {
            if !platforms.contains(&platform) {
                platforms.push(platform);
            }
        }
    }
    let mut channel_cell = String::new();
    ics::join(&mut channel_cell, names, ";");
    (channel_cell, platforms.join(";"))
}

/// A CSV writer (CRLF between records) into a buffer with room for `bytes`.
fn writer(bytes: usize) -> csv::Writer<Vec<u8>> {
    csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::with_capacity(bytes))
}

/// The CSV writer and the buffers cells are built in (reused from row to row).
struct Rows {
    writer: csv::Writer<Vec<u8>>,
    /// A cell made of several parts.
    cell: String,
    /// A cell with the leading `'` that keeps a spreadsheet from running it.
    guarded: String,
}

impl Rows {
    /// Rows written into a buffer with room for `bytes`.
    fn new(bytes: usize) -> Rows {
        Rows {
            writer: writer(bytes),
            cell: String::with_capacity(256),
            guarded: String::with_capacity(256),
        }
    }

    /// The rows written so far; the next ones go into a new buffer with room for `bytes`.
    /// Writing to a `Vec` cannot fail.
    fn take(&mut self, bytes: usize) -> Vec<u8> {
        let full = std::mem::replace(&mut self.writer, writer(bytes));
        full.into_inner().unwrap_or_default()
    }

    /// Writes one cell, neutralised as [`format::spreadsheet_safe`] does. Writing to a `Vec`
    /// cannot fail.
    fn cell(&mut self, text: &str) {
        let _ = if format::is_formula_like(text) {
            self.guarded.clear();
            self.guarded.push('\'');
            self.guarded.push_str(text);
            self.writer.write_field(&self.guarded)
        } else {
            self.writer.write_field(text)
        };
    }

    /// Writes the cell that `build` writes (in a reused buffer).
    fn built(&mut self, build: impl FnOnce(&mut String)) {
        let mut cell = std::mem::take(&mut self.cell);
        cell.clear();
        build(&mut cell);
        self.cell(&cell);
        self.cell = cell;
    }

    /// Ends the row.
    fn end(&mut self) {
        let _ = self.writer.write_record(None::<&[u8]>);
    }

    /// The local date and time (`2027-03-03`, `09:00`), the zone and the instant in UTC.
    fn when(&mut self, local: NaiveDateTime, zone: &str, utc: DateTime<Utc>) {
        self.built(|c| digits::date(c, local.date(), "-"));
        self.built(|c| digits::hour_minute(c, local, ":"));
        self.cell(zone);
        self.built(|c| {
            digits::date_time(c, utc.naive_utc(), ("-", ":"));
            c.push('Z');
        });
    }

    /// The `channel` and `platform` cells.
    fn channels(&mut self, (channels, platforms): &(String, String)) {
        self.cell(channels);
        self.cell(platforms);
    }

    /// One entry's row, in [`HEADER`] order.
    fn row(&mut self, plan: &Plan, cells: &Channels, item: &Item<'_>, uid: &str) {
        let owner = item.entry.owner().unwrap_or_default();
        match item.entry {
            Entry::Post(p) => {
                let c = &p.content;
                self.when(p.local, &p.timezone, p.utc);
                self.cell("post");
                self.cell(&p.channel);
                self.cell(&p.platform);
                self.cell(&p.message);
                self.cell(p.phase.as_deref().unwrap_or_default());
                self.cell(p.objective.as_deref().unwrap_or_default());
                self.built(|cell| ics::join(cell, &p.audiences, ";"));
                self.cell(owner);
                self.cell(&c.text);
                self.cell(c.link.as_deref().unwrap_or_default());
                match &c.media {
                    Some(m) => self.built(|cell| {
                        cell.push_str(&m.kind);
                        cell.push(' ');
                        cell.push_str(&m.path);
                    }),
                    None => self.cell(""),
                }
                self.built(|cell| digits::integer(cell, ics::POST_MINUTES));
            }
            Entry::Task(t, o) => {
                self.when(o.local, &t.timezone, o.utc);
                self.cell("task");
                self.channels(&cells.tasks[item.source]);
                self.cell(&t.name);
                self.cell(entry::phase_of(plan, o.local.date()));
                self.cell("");
                self.cell("");
                self.cell(owner);
                self.cell(t.description.as_deref().unwrap_or_default());
                self.cell("");
                self.cell("");
                self.built(|cell| digits::integer(cell, t.duration_minutes));
            }
            Entry::Review(k, date) => {
                self.built(|c| digits::date(c, date, "-"));
                self.cell("");
                self.cell(&plan.campaign.timezone);
                self.cell("");
                self.cell("kpi_review");
                self.channels(&cells.kpis[item.source]);
                self.cell(&k.name);
                self.cell(entry::phase_of(plan, date));
                self.cell(k.objective.as_deref().unwrap_or_default());
                self.cell("");
                self.cell(owner);
                self.built(|cell| ics::write_review_line(cell, k, date));
                self.cell("");
                self.cell("");
                self.cell("");
            }
        }
        self.cell(uid);
        self.end();
    }
}
