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
//! Cells are encoded by `csv_core`, the `csv` crate's own encoder, into the piece being written
//! (see [`Csv`]): the bytes are those of a `csv::Writer` with CRLF terminators. What a row of a
//! post says besides its date, time and UID is the same for every post of its group (see
//! `entry::PostGroups`), and most of a task's row is the same for every occurrence: these runs of
//! cells are encoded once and copied into each row.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};

use super::entry::{self, Entries, Entry, Item};
use super::ics;
use super::{format, Cut, Sink};
use crate::digits;
use crate::plan::{Kpi, Plan, PostOccurrence, Task};

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
    let mut header = Csv::new(1024);
    for name in HEADER {
        header.cell(name);
    }
    header.end();
    out.put(header.out);
    // The channels and platforms cells of each task and KPI, once: looking channels up per row
    // would be quadratic in plan size, and a task has many occurrences.
    let mut platform_of: HashMap<&str, &str> = HashMap::new();
    for c in &plan.channels {
        platform_of.entry(&c.name).or_insert(&c.platform);
    }
    let (posts, tasks) = entries.shared(plan, post_cells, |t| task_cells(&platform_of, t));
    let kpis: Vec<(String, String)> = plan
        .kpis
        .iter()
        .map(|k| channels(&platform_of, &k.channels))
        .collect();
    let rows = |items: &[Item<'_>]| {
        let mut rows = Csv::new(cut.room());
        let mut cell = String::with_capacity(256);
        let mut pieces = Vec::new();
        for item in items {
            match item.entry {
                Entry::Post(p) => {
                    rows.when(&mut cell, p.local, &p.timezone, p.utc);
                    rows.cells(&posts[entries.groups.of_post[item.source] as usize]);
                }
                Entry::Task(t, o) => {
                    let [before, after] = &tasks[item.source];
                    rows.when(&mut cell, o.local, &t.timezone, o.utc);
                    rows.cells(before);
                    rows.cell(entry::phase_of(plan, o.local.date()));
                    rows.cells(after);
                }
                Entry::Review(k, date) => {
                    review(&mut rows, &mut cell, plan, &kpis[item.source], k, date)
                }
            }
            rows.cell(entries.uid(item));
            rows.end();
            if rows.out.len() >= cut.bytes {
                pieces.push(std::mem::replace(
                    &mut rows.out,
                    Vec::with_capacity(cut.room()),
                ));
            }
        }
        pieces.push(rows.out);
        pieces
    };
    super::in_parallel(&entries.items, cut, rows, out);
}

/// The cells of a post's row from `kind` to `duration_minutes`: the same for its whole group.
fn post_cells(p: &PostOccurrence) -> Vec<u8> {
    let c = &p.content;
    let mut cells = Csv::new(1024);
    cells.cell("post");
    cells.cell(&p.channel);
    cells.cell(&p.platform);
    cells.cell(&p.message);
    cells.cell(p.phase.as_deref().unwrap_or_default());
    cells.cell(p.objective.as_deref().unwrap_or_default());
    let mut cell = String::new();
    ics::join(&mut cell, &p.audiences, ";");
    cells.cell(&cell);
    cells.cell(p.owner.as_deref().unwrap_or_default());
    cells.cell(&c.text);
    cells.cell(c.link.as_deref().unwrap_or_default());
    cell.clear();
    if let Some(m) = &c.media {
        cell.push_str(&m.kind);
        cell.push(' ');
        cell.push_str(&m.path);
    }
    cells.cell(&cell);
    cell.clear();
    digits::integer(&mut cell, ics::POST_MINUTES);
    cells.cell(&cell);
    cells.run()
}

/// The cells of a task's rows from `kind` to `name`, and from `objective` to
/// `duration_minutes`: all but the phase, which goes by date.
fn task_cells(platform_of: &HashMap<&str, &str>, t: &Task) -> [Vec<u8>; 2] {
    let (channel_cell, platform_cell) = channels(platform_of, &t.channels);
    let mut before = Csv::new(256);
    before.cell("task");
    before.cell(&channel_cell);
    before.cell(&platform_cell);
    before.cell(&t.name);
    let mut after = Csv::new(1024);
    after.cell("");
    after.cell("");
    after.cell(t.owner.as_deref().unwrap_or_default());
    after.cell(t.description.as_deref().unwrap_or_default());
    after.cell("");
    after.cell("");
    let mut cell = String::new();
    digits::integer(&mut cell, t.duration_minutes);
    after.cell(&cell);
    [before.run(), after.run()]
}

/// A KPI review's row, up to its UID.
fn review(
    rows: &mut Csv,
    cell: &mut String,
    plan: &Plan,
    (channel_cell, platform_cell): &(String, String),
    k: &Kpi,
    date: NaiveDate,
) {
    cell.clear();
    digits::date(cell, date, "-");
    rows.cell(cell);
    rows.cell("");
    rows.cell(&plan.campaign.timezone);
    rows.cell("");
    rows.cell("kpi_review");
    rows.cell(channel_cell);
    rows.cell(platform_cell);
    rows.cell(&k.name);
    rows.cell(entry::phase_of(plan, date));
    rows.cell(k.objective.as_deref().unwrap_or_default());
    rows.cell("");
    rows.cell(k.owner.as_deref().unwrap_or_default());
    cell.clear();
    ics::write_review_line(cell, k, date);
    rows.cell(cell);
    rows.cell("");
    rows.cell("");
    rows.cell("");
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

/// CSV records being written: cells encoded by `csv_core` (RFC 4180: a cell is quoted when it
/// holds a comma, a quote or a line break, its quotes doubled; CRLF after each record) into
/// `out`, each neutralised as [`format::spreadsheet_safe`] does.
///
/// A run of cells can be encoded on its own ([`Csv::run`]) and copied into many records
/// ([`Csv::cells`]): each of its cells is closed by its delimiter, so the run does not depend on
/// what comes before or after it.
struct Csv {
    core: csv_core::Writer,
    out: Vec<u8>,
    /// Whether a cell of the record is open (the next cell needs a delimiter first).
    open: bool,
    /// A cell with the leading `'` that keeps a spreadsheet from running it.
    guarded: String,
}

impl Csv {
    /// Records written into a buffer with room for `bytes`.
    fn new(bytes: usize) -> Csv {
        Csv {
            core: csv_core::WriterBuilder::new()
                .terminator(csv_core::Terminator::CRLF)
                .build(),
            out: Vec::with_capacity(bytes),
            open: false,
            guarded: String::new(),
        }
    }

    /// Runs one step of the encoder, with room for `room` bytes of output; returns the input
    /// bytes it took.
    fn step(
        &mut self,
        room: usize,
        step: impl FnOnce(&mut csv_core::Writer, &mut [u8]) -> (csv_core::WriteResult, usize, usize),
    ) -> (csv_core::WriteResult, usize) {
        let at = self.out.len();
        self.out.resize(at + room, 0);
        let (result, taken, written) = step(&mut self.core, &mut self.out[at..]);
        self.out.truncate(at + written);
        (result, taken)
    }

    /// Closes the open cell with a delimiter.
    fn delimit(&mut self) {
        if self.open {
            // At most a closing quote and the delimiter.
            self.step(2, |core, out| {
                let (result, written) = core.delimiter(out);
                (result, 0, written)
            });
            self.open = false;
        }
    }

    /// Writes one cell.
    fn cell(&mut self, text: &str) {
        self.delimit();
        if format::is_formula_like(text) {
            // One input: the encoder decides on quoting from the start of a field.
            let mut guarded = std::mem::take(&mut self.guarded);
            guarded.clear();
            guarded.push('\'');
            guarded.push_str(text);
            self.field(guarded.as_bytes());
            self.guarded = guarded;
        } else {
            self.field(text.as_bytes());
        }
        self.open = true;
    }

    /// Encodes the text of a cell, all of it in one input (the encoder decides on quoting from
    /// the start of a field).
    fn field(&mut self, mut input: &[u8]) {
        while !input.is_empty() {
            // Every byte a quote, doubled, and an opening quote: room for all of it.
            let (_, taken) = self.step(2 * input.len() + 1, |core, out| core.field(input, out));
            input = &input[taken..];
        }
    }

    /// Copies a run of cells made by [`Csv::run`].
    fn cells(&mut self, run: &[u8]) {
        self.delimit();
        self.out.extend_from_slice(run);
    }

    /// The cells written so far as a run for [`Csv::cells`]: the last one closed by its
    /// delimiter too.
    fn run(mut self) -> Vec<u8> {
        self.delimit();
        self.out
    }

    /// Ends the record.
    fn end(&mut self) {
        self.step(3, |core, out| {
            let (result, written) = core.terminator(out);
            (result, 0, written)
        });
        self.open = false;
    }

    /// The local date and time (`2027-03-03`, `09:00`), the zone and the instant in UTC, with
    /// `cell` as scratch.
    fn when(&mut self, cell: &mut String, local: NaiveDateTime, zone: &str, utc: DateTime<Utc>) {
        cell.clear();
        digits::date(cell, local.date(), "-");
        self.cell(cell);
        cell.clear();
        digits::hour_minute(cell, local, ":");
        self.cell(cell);
        self.cell(zone);
        cell.clear();
        digits::date_time(cell, utc.naive_utc(), ("-", ":"));
        cell.push('Z');
        self.cell(cell);
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    /// What the `csv` crate writes for these records, each cell made spreadsheet-safe.
    fn with_csv_crate(records: &[Vec<String>]) -> Vec<u8> {
        let mut writer = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .flexible(true)
            .from_writer(Vec::new());
        for record in records {
            let safe: Vec<String> = record
                .iter()
                .map(|c| format::spreadsheet_safe(c).into_owned())
                .collect();
            writer.write_record(&safe).expect("written");
        }
        writer.into_inner().expect("flushed")
    }

    fn cell() -> impl Strategy<Value = String> {
        "([=+@\t\r-]|)(a|,|\"|\r|\n|\r\n| |é|'){0,6}"
    }

    proptest! {
        /// Cells written one by one, or the middle of each record as a run of cells encoded
        /// apart and copied in, give the `csv` crate's bytes.
        #[test]
        fn cells_and_runs_are_written_as_the_csv_crate_does(
            records in prop::collection::vec(prop::collection::vec(cell(), 3..7), 1..5),
            split in 1usize..3,
        ) {
            let mut one_by_one = Csv::new(0);
            let mut with_runs = Csv::new(0);
            for record in &records {
                for c in record {
                    one_by_one.cell(c);
                }
                one_by_one.end();
                let mut run = Csv::new(0);
                for c in &record[split..record.len() - 1] {
                    run.cell(c);
                }
                let run = run.run();
                for c in &record[..split] {
                    with_runs.cell(c);
                }
                with_runs.cells(&run);
                with_runs.cell(&record[record.len() - 1]);
                with_runs.end();
            }
            let expected = with_csv_crate(&records);
            prop_assert_eq!(&one_by_one.out, &expected);
            prop_assert_eq!(&with_runs.out, &expected);
        }
    }
}
