//! `budget.csv` and `budget.md`: the budget plan, for a spreadsheet and for people.
//!
//! Both files read `plan.budget` only, whose lines are already split per day exactly
//! ([`split::daily`]). Months and ISO weeks are sums of those days ([`split::by_month`],
//! [`split::by_iso_week`]) and the line × month table comes from [`split::table`], so every
//! figure is an exact integer number of minor units and everything adds up to the minor unit:
//! a line's months, and its weeks, add up to the line's amount; the lines, and each set of
//! totals (by category, channel, phase, month, week), add up to the allocated amount; and
//! allocated + reserve + unallocated = total. No floating point anywhere.
//!
//! # Conventions shared by both files
//!
//! - **Periods.** A month is written `2027-03`; an ISO 8601 week `2027-W09`, keyed by the ISO
//!   week-based year (2027-01-02 is in `2026-W53`). The month and week *totals* run without a
//!   gap from the first period with spend to the last (a period where nothing is spent shows
//!   0); a line's own rows only cover the periods its days fall in.
//! - **Phases.** A line's days can span several phases (a line given by dates) or none (a
//!   payment before the campaign). The totals by phase split each line's days by the phase
//!   that holds each day: the phase the line names with `during`, when it holds the day, else
//!   the first phase (by start date) that holds it; days in no phase are counted as *outside
//!   phases*. Every declared phase gets a total (0 when nothing is spent in it); *outside
//!   phases* appears when some line has a day outside every phase.
//! - **Order.** Lines in source order. Categories in the language's order (`paid`,
//!   `production`, `influencer`, `tools`, `events`, `fees`, `other`), only those with a line.
//!   Channels in declaration order, only those with a line, then lines without a channel.
//!
//! # `budget.csv`
//!
//! One long ("tidy") table that a spreadsheet can filter and pivot, written with the `csv` crate
//! (RFC 4180 quoting, CRLF, UTF-8 without BOM). Columns:
//!
//! `kind, period_kind, period, line, category, channel, phase, objective, vendor, pacing,
//! amount, currency`
//!
//! - `amount` is a plain decimal with the currency's minor digits and no thousands separator
//!   (`1234.56`; `1200` for JPY); `currency` is the ISO 4217 code, on every row.
//! - An empty cell means "none" (no channel, no vendor, outside phases…).
//! - Text cells go through [`format::spreadsheet_safe`] (a leading `=`, `+`, `-`, `@` gets a
//!   `'`), so a vendor named `=HYPERLINK(…)` is shown, not run; `amount` is a number and is
//!   written as is.
//!
//! Rows, in this order (`kind` first):
//!
//! | `kind` | one row per | filled columns |
//! |---|---|---|
//! | `line` (`period_kind` `month`) | line × month of its days | all; `phase` is the phase the line names with `during`, empty otherwise |
//! | `line` (`period_kind` `week`) | line × ISO week of its days | same |
//! | `total_by_category` | category | `category`, `amount` |
//! | `total_by_channel` | channel (empty: lines without one) | `channel`, `amount` |
//! | `total_by_phase` | phase (empty: outside phases) | `phase`, `amount` |
//! | `total_by_month` | month, first to last | `period_kind` `month`, `period`, `amount` |
//! | `total_by_week` | ISO week, first to last | `period_kind` `week`, `period`, `amount` |
//! | `allocated` | — | `amount`: the sum of the lines |
//! | `reserve` | — | `amount` |
//! | `unallocated` | — | `amount` |
//! | `grand_total` | — | `amount`: the budget's total |
//!
//! So, exactly: for each line, its `month` rows and its `week` rows each sum to the line's
//! amount; each `total_by_*` group sums to `allocated`; `allocated + reserve + unallocated =
//! grand_total`. (The `phase` column of `line` rows is what the line says; the split of its days
//! over phases is in the `total_by_phase` rows.) A plan without a budget gives the header only.
//!
//! # `budget.md`
//!
//! For reading on GitHub: a title and summary (total, reserve, allocated, unallocated); a table
//! of the lines (category, channel, phase, objective, vendor, dates, pacing, amount); the lines
//! × months table with a total per line and a totals row; then totals by category, channel,
//! phase (with each phase's dates) and month (with a running total). Every table with amounts
//! ends with a bold totals row equal to the allocated amount. Amounts are written by
//! [`format::money`] (`1 234.56 EUR`); `—` in the month table means nothing is spent. All user
//! text goes through [`format::markdown`].

use std::borrow::Cow;

use chrono::{Datelike, Days, NaiveDate, Weekday};

use super::format;
use crate::plan::split::{self, Table};
use crate::plan::{Budget, BudgetLine, Plan};
use crate::schema;
use crate::wording::plural;

/// The header row of `budget.csv`.
pub const HEADER: [&str; 12] = [
    "kind",
    "period_kind",
    "period",
    "line",
    "category",
    "channel",
    "phase",
    "objective",
    "vendor",
    "pacing",
    "amount",
    "currency",
];

/// What the totals of phases call the days that lie in no phase.
pub const OUTSIDE_PHASES: &str = "outside phases";

/// A month key `(year, month 1–12)` or an ISO week key `(ISO year, week 1–53)`.
type Key = (i32, u32);

/// Everything both files show, computed once, exactly.
struct Summary<'a> {
    budget: &'a Budget,
    /// Lines × months, the months without a gap.
    months: Table<Key>,
    /// Lines × ISO weeks, the weeks without a gap.
    weeks: Table<Key>,
    /// Per line, its months (from [`split::by_month`]).
    line_months: Vec<Vec<(Key, i64)>>,
    /// Per line, its weeks (from [`split::by_iso_week`]).
    line_weeks: Vec<Vec<(Key, i64)>>,
    by_category: Vec<(String, i64)>,
    /// `None`: lines without a channel.
    by_channel: Vec<(Option<String>, i64)>,
    /// Index into `plan.phases`; `None`: outside phases.
    by_phase: Vec<(Option<usize>, i64)>,
}

impl<'a> Summary<'a> {
    /// `None` only when a sum does not fit in `i64` (never for a checked plan).
    fn new(plan: &Plan, budget: &'a Budget) -> Option<Summary<'a>> {
        let line_months: Vec<_> = budget
            .lines
            .iter()
            .map(|l| split::by_month(&l.days))
            .collect();
        let line_weeks: Vec<_> = budget
            .lines
            .iter()
            .map(|l| split::by_iso_week(&l.days))
            .collect();
        let months = fill(split::table(&line_months).ok()?, next_month);
        let weeks = fill(split::table(&line_weeks).ok()?, next_week);

        let mut categories: Vec<String> = Vec::new();
        for line in &budget.lines {
            if !categories.contains(&line.category) {
                categories.push(line.category.clone());
            }
        }
        let rank = |c: &String| {
            schema::CATEGORIES
                .iter()
                .position(|k| *k == c)
                .unwrap_or(schema::CATEGORIES.len())
        };
        categories.sort_by(|a, b| rank(a).cmp(&rank(b)).then(a.cmp(b)));
        let by_category = categories
            .into_iter()
            .map(|c| {
                let sum = sum(budget.lines.iter().filter(|l| l.category == c));
                sum.map(|s| (c, s))
            })
            .collect::<Option<Vec<_>>>()?;

        let mut channels: Vec<Option<String>> = plan
            .channels
            .iter()
            .map(|c| Some(c.name.clone()))
            .filter(|c| budget.lines.iter().any(|l| &l.channel == c))
            .collect();
        // A channel the plan does not declare (hand-built plans), in line order.
        for line in &budget.lines {
            if line.channel.is_some() && !channels.contains(&line.channel) {
                channels.push(line.channel.clone());
            }
        }
        if budget.lines.iter().any(|l| l.channel.is_none()) {
            channels.push(None);
        }
        let by_channel = channels
            .into_iter()
            .map(|c| sum(budget.lines.iter().filter(|l| l.channel == c)).map(|s| (c, s)))
            .collect::<Option<Vec<_>>>()?;

        let mut phase_sums = vec![0i128; plan.phases.len()];
        let mut outside: Option<i128> = None;
        for line in &budget.lines {
            for &(day, amount) in &line.days {
                match phase_of_day(plan, line, day) {
                    Some(i) => phase_sums[i] += i128::from(amount),
                    None => *outside.get_or_insert(0) += i128::from(amount),
                }
            }
        }
        let mut by_phase = phase_sums
            .into_iter()
            .enumerate()
            .map(|(i, s)| i64::try_from(s).ok().map(|s| (Some(i), s)))
            .collect::<Option<Vec<_>>>()?;
        if let Some(s) = outside {
            by_phase.push((None, i64::try_from(s).ok()?));
        }

        Some(Summary {
            budget,
            months,
            weeks,
            line_months,
            line_weeks,
            by_category,
            by_channel,
            by_phase,
        })
    }

    fn money(&self, minor: i64) -> String {
        format::money(minor, self.budget.minor_digits, &self.budget.currency)
    }
}

/// The sum of some lines' amounts, if it fits.
fn sum<'l>(lines: impl Iterator<Item = &'l BudgetLine>) -> Option<i64> {
    i64::try_from(lines.map(|l| i128::from(l.amount)).sum::<i128>()).ok()
}

/// The phase a day of a line is counted in: the line's own phase when it holds the day, else
/// the first phase holding it.
fn phase_of_day(plan: &Plan, line: &BudgetLine, day: NaiveDate) -> Option<usize> {
    let holds = |i: usize| plan.phases[i].start <= day && day <= plan.phases[i].end;
    line.phase
        .as_ref()
        .and_then(|name| (0..plan.phases.len()).find(|&i| &plan.phases[i].name == name && holds(i)))
        .or_else(|| (0..plan.phases.len()).find(|&i| holds(i)))
}

/// The month after a month.
fn next_month((y, m): Key) -> Key {
    if m == 12 {
        (y + 1, 1)
    } else {
        (y, m + 1)
    }
}

/// The ISO week after an ISO week.
fn next_week((y, w): Key) -> Key {
    let next = NaiveDate::from_isoywd_opt(y, w, Weekday::Mon)
        .and_then(|d| d.checked_add_days(Days::new(7)));
    match next {
        Some(d) => (d.iso_week().year(), d.iso_week().week()),
        None => (y + 1, 1),
    }
}

/// The table with a column for every period from its first to its last (0 where none).
fn fill(table: Table<Key>, next: fn(Key) -> Key) -> Table<Key> {
    let (Some(&first), Some(&last)) = (table.columns.first(), table.columns.last()) else {
        return table;
    };
    let mut columns = vec![first];
    while let Some(&k) = columns.last() {
        if k >= last {
            break;
        }
        columns.push(next(k));
    }
    if columns.len() == table.columns.len() {
        return table;
    }
    let index: Vec<usize> = table
        .columns
        .iter()
        .map(|k| {
            columns
                .binary_search(k)
                .expect("every column is in the range")
        })
        .collect();
    let spread = |cells: &[i64]| {
        let mut out = vec![0i64; columns.len()];
        for (&i, &v) in index.iter().zip(cells) {
            out[i] = v;
        }
        out
    };
    Table {
        rows: table.rows.iter().map(|r| spread(r)).collect(),
        column_totals: spread(&table.column_totals),
        columns,
        row_totals: table.row_totals,
        grand_total: table.grand_total,
    }
}

fn month_label((y, m): Key) -> String {
    format!("{y:04}-{m:02}")
}

fn week_label((y, w): Key) -> String {
    format!("{y:04}-W{w:02}")
}

// ---------------------------------------------------------------------------------------------
// budget.csv

/// The text of `budget.csv` (see the module documentation for its rows and columns).
pub fn csv(plan: &Plan) -> String {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    let _ = writer.write_record(HEADER);
    if let Some(budget) = &plan.budget {
        if let Some(s) = Summary::new(plan, budget) {
            csv_rows(&mut writer, plan, &s);
        }
    }
    let bytes = writer.into_inner().unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default()
}

/// One CSV row: the text cells made spreadsheet-safe, the amount as a decimal.
#[derive(Default)]
struct Row<'r> {
    kind: &'r str,
    period_kind: &'r str,
    period: String,
    line: Option<&'r BudgetLine>,
    category: &'r str,
    channel: &'r str,
    phase: &'r str,
}

fn csv_rows(writer: &mut csv::Writer<Vec<u8>>, plan: &Plan, s: &Summary<'_>) {
    let b = s.budget;
    let mut write = |row: Row<'_>, amount: i64| {
        let l = row.line;
        let text = [
            row.kind,
            row.period_kind,
            &row.period,
            l.map_or("", |l| &l.name),
            l.map_or(row.category, |l| &l.category),
            l.map_or(row.channel, |l| l.channel.as_deref().unwrap_or("")),
            l.map_or(row.phase, |l| l.phase.as_deref().unwrap_or("")),
            l.and_then(|l| l.objective.as_deref()).unwrap_or(""),
            l.and_then(|l| l.vendor.as_deref()).unwrap_or(""),
            l.map_or("", |l| l.pacing.as_str()),
        ];
        let mut cells: Vec<Cow<str>> = text.iter().map(|c| format::spreadsheet_safe(c)).collect();
        cells.push(format::decimal(amount, b.minor_digits).into());
        cells.push(format::spreadsheet_safe(&b.currency));
        // Writing to a Vec cannot fail.
        let _ = writer.write_record(cells.iter().map(|c| c.as_bytes()));
    };

    for (line, months) in b.lines.iter().zip(&s.line_months) {
        for &(k, amount) in months {
            let row = Row {
                kind: "line",
                period_kind: "month",
                period: month_label(k),
                line: Some(line),
                ..Row::default()
            };
            write(row, amount);
        }
    }
    for (line, weeks) in b.lines.iter().zip(&s.line_weeks) {
        for &(k, amount) in weeks {
            let row = Row {
                kind: "line",
                period_kind: "week",
                period: week_label(k),
                line: Some(line),
                ..Row::default()
            };
            write(row, amount);
        }
    }
    for (category, amount) in &s.by_category {
        let row = Row {
            kind: "total_by_category",
            category,
            ..Row::default()
        };
        write(row, *amount);
    }
    for (channel, amount) in &s.by_channel {
        let row = Row {
            kind: "total_by_channel",
            channel: channel.as_deref().unwrap_or(""),
            ..Row::default()
        };
        write(row, *amount);
    }
    for (phase, amount) in &s.by_phase {
        let row = Row {
            kind: "total_by_phase",
            phase: phase.map_or("", |i| &plan.phases[i].name),
            ..Row::default()
        };
        write(row, *amount);
    }
    for (&k, &amount) in s.months.columns.iter().zip(&s.months.column_totals) {
        let row = Row {
            kind: "total_by_month",
            period_kind: "month",
            period: month_label(k),
            ..Row::default()
        };
        write(row, amount);
    }
    for (&k, &amount) in s.weeks.columns.iter().zip(&s.weeks.column_totals) {
        let row = Row {
            kind: "total_by_week",
            period_kind: "week",
            period: week_label(k),
            ..Row::default()
        };
        write(row, amount);
    }
    for (kind, amount) in [
        ("allocated", b.allocated),
        ("reserve", b.reserve),
        ("unallocated", b.unallocated),
        ("grand_total", b.total),
    ] {
        write(
            Row {
                kind,
                ..Row::default()
            },
            amount,
        );
    }
}

// ---------------------------------------------------------------------------------------------
// budget.md

/// The text of `budget.md` (see the module documentation).
pub fn markdown(plan: &Plan) -> String {
    let c = &plan.campaign;
    let mut out = format!("# Budget: {}\n\n", format::markdown(&c.title));
    let mut facts = Vec::new();
    if let Some(brand) = &c.brand {
        facts.push(format::markdown(brand));
    }
    facts.push(format!("{} to {}", c.start, c.end));
    let Some(budget) = &plan.budget else {
        facts.push("no budget".to_string());
        out.push_str(&facts.join(" · "));
        out.push_str("\n\nThis plan has no budget.\n");
        return out;
    };
    facts.push(format!("amounts in {}", format::markdown(&budget.currency)));
    out.push_str(&facts.join(" · "));
    out.push_str("\n\n");

    let money = |m: i64| format::money(m, budget.minor_digits, &budget.currency);
    table(
        &mut out,
        &["Budget", "Amount"],
        &[Align::Left, Align::Right],
        vec![
            vec!["Total".into(), money(budget.total)],
            vec!["Reserve".into(), money(budget.reserve)],
            vec!["Allocated to lines".into(), money(budget.allocated)],
            vec!["Unallocated".into(), money(budget.unallocated)],
        ],
    );
    out.push_str(&format!(
        "\n{}, all split exactly to the {}: every row and column below adds up.\n",
        plural(budget.lines.len(), "line", "lines"),
        if budget.minor_digits == 0 {
            "unit"
        } else {
            "minor unit"
        },
    ));
    if budget.lines.is_empty() {
        return out;
    }
    let Some(s) = Summary::new(plan, budget) else {
        out.push_str("\nThe amounts are too large to add up in 64 bits; see `plan.json`.\n");
        return out;
    };

    lines_section(&mut out, &s);
    months_section(&mut out, &s);
    totals_sections(&mut out, plan, &s);
    out
}

fn lines_section(out: &mut String, s: &Summary<'_>) {
    out.push_str("\n## Lines\n\n");
    let dash = || "—".to_string();
    let text = |t: &Option<String>| t.as_deref().map_or_else(dash, format::markdown);
    let mut rows: Vec<Vec<String>> = s
        .budget
        .lines
        .iter()
        .map(|l| {
            let dates = if l.start == l.end {
                format!("{}", l.start)
            } else {
                format!("{} to {}", l.start, l.end)
            };
            let pacing = if l.start == l.end {
                "—".to_string()
            } else {
                l.pacing.to_string()
            };
            vec![
                format::markdown(&l.name),
                format::markdown(&l.category),
                text(&l.channel),
                text(&l.phase),
                text(&l.objective),
                text(&l.vendor),
                dates,
                pacing,
                s.money(l.amount),
            ]
        })
        .collect();
    let mut total = vec![String::new(); 9];
    total[0] = "**Total**".into();
    total[8] = format!("**{}**", s.money(s.budget.allocated));
    rows.push(total);
    table(
        out,
        &[
            "Line",
            "Category",
            "Channel",
            "Phase",
            "Objective",
            "Vendor",
            "Dates",
            "Pacing",
            "Amount",
        ],
        &[
            Align::Left,
            Align::Left,
            Align::Left,
            Align::Left,
            Align::Left,
            Align::Left,
            Align::Left,
            Align::Left,
            Align::Right,
        ],
        rows,
    );
}

fn months_section(out: &mut String, s: &Summary<'_>) {
    out.push_str("\n## Lines by month\n\n");
    let t = &s.months;
    let mut header: Vec<String> = vec!["Line".into()];
    header.extend(t.columns.iter().map(|&k| month_label(k)));
    header.push("Total".into());
    let mut align = vec![Align::Left];
    align.extend(std::iter::repeat_n(Align::Right, t.columns.len() + 1));
    let cell = |m: i64| {
        if m == 0 {
            "—".to_string()
        } else {
            s.money(m)
        }
    };
    let mut rows: Vec<Vec<String>> = s
        .budget
        .lines
        .iter()
        .zip(t.rows.iter().zip(&t.row_totals))
        .map(|(l, (cells, &total))| {
            let mut row = vec![format::markdown(&l.name)];
            row.extend(cells.iter().map(|&m| cell(m)));
            row.push(s.money(total));
            row
        })
        .collect();
    let mut total = vec!["**Total**".to_string()];
    total.extend(
        t.column_totals
            .iter()
            .map(|&m| format!("**{}**", s.money(m))),
    );
    total.push(format!("**{}**", s.money(t.grand_total)));
    rows.push(total);
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    table(out, &header, &align, rows);
}

fn totals_sections(out: &mut String, plan: &Plan, s: &Summary<'_>) {
    let total_row = |cols: usize| {
        let mut row = vec![String::new(); cols];
        row[0] = "**Total**".into();
        row[cols - 1] = format!("**{}**", s.money(s.budget.allocated));
        row
    };

    out.push_str("\n## By category\n\n");
    let mut rows: Vec<Vec<String>> = s
        .by_category
        .iter()
        .map(|(c, m)| vec![format::markdown(c), s.money(*m)])
        .collect();
    rows.push(total_row(2));
    table(
        out,
        &["Category", "Amount"],
        &[Align::Left, Align::Right],
        rows,
    );

    out.push_str("\n## By channel\n\n");
    let mut rows: Vec<Vec<String>> = s
        .by_channel
        .iter()
        .map(|(c, m)| {
            let (name, platform) = match c {
                Some(c) => (
                    format::markdown(c),
                    plan.channels
                        .iter()
                        .find(|ch| &ch.name == c)
                        .map_or_else(|| "—".to_string(), |ch| format::markdown(&ch.platform)),
                ),
                None => ("no channel".to_string(), "—".to_string()),
            };
            vec![name, platform, s.money(*m)]
        })
        .collect();
    rows.push(total_row(3));
    table(
        out,
        &["Channel", "Platform", "Amount"],
        &[Align::Left, Align::Left, Align::Right],
        rows,
    );

    out.push_str("\n## By phase\n\n");
    out.push_str(
        "Each day of a line counts in the phase that holds it (a line's own phase first); \
         days in no phase are outside phases.\n\n",
    );
    let mut rows: Vec<Vec<String>> = s
        .by_phase
        .iter()
        .map(|(p, m)| match p {
            Some(i) => {
                let phase = &plan.phases[*i];
                vec![
                    format::markdown(&phase.name),
                    format!("{} to {}", phase.start, phase.end),
                    s.money(*m),
                ]
            }
            None => vec![OUTSIDE_PHASES.to_string(), "—".to_string(), s.money(*m)],
        })
        .collect();
    rows.push(total_row(3));
    table(
        out,
        &["Phase", "Dates", "Amount"],
        &[Align::Left, Align::Left, Align::Right],
        rows,
    );

    out.push_str("\n## By month\n\n");
    let mut running: i128 = 0;
    let mut rows: Vec<Vec<String>> = s
        .months
        .columns
        .iter()
        .zip(&s.months.column_totals)
        .map(|(&k, &m)| {
            running += i128::from(m);
            // A partial sum lies between 0 and the grand total when the amounts share a sign,
            // as a checked plan's do; a hand-built plan mixing huge refunds saturates.
            let cumulative =
                i64::try_from(running).unwrap_or(if running < 0 { i64::MIN } else { i64::MAX });
            vec![month_label(k), s.money(m), s.money(cumulative)]
        })
        .collect();
    let mut total = total_row(3);
    total[1] = format!("**{}**", s.money(s.months.grand_total));
    total[2] = String::new();
    rows.push(total);
    table(
        out,
        &["Month", "Amount", "Cumulative"],
        &[Align::Left, Align::Right, Align::Right],
        rows,
    );
}

// ---------------------------------------------------------------------------------------------
// Markdown helpers

#[derive(Clone, Copy)]
enum Align {
    Left,
    Right,
}

/// A GitHub table. Cells are already escaped.
fn table(out: &mut String, header: &[&str], align: &[Align], rows: Vec<Vec<String>>) {
    out.push('|');
    for h in header {
        out.push_str(&format!(" {h} |"));
    }
    out.push_str("\n|");
    for a in align {
        out.push_str(match a {
            Align::Left => "---|",
            Align::Right => "---:|",
        });
    }
    out.push('\n');
    for row in rows {
        out.push('|');
        for cell in row {
            if cell.is_empty() {
                out.push_str(" |");
            } else {
                out.push_str(&format!(" {cell} |"));
            }
        }
        out.push('\n');
    }
}
