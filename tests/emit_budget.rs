//! The budget outputs (`budget.csv`, `budget.md`): snapshots of both examples and of the budget
//! fixtures, the CSV read back with the `csv` crate and checked against the plan to the minor
//! unit, the Markdown tables parsed back and checked to add up both ways, and the same checks on
//! generated budgets (proptest).

mod common;

use std::collections::BTreeMap;
use std::path::PathBuf;

use chrono::{Datelike, NaiveDate};
use proptest::prelude::*;
use smm::emit::budget;
use smm::plan::split::{self, Pacing};
use smm::plan::{Budget, BudgetLine, Campaign, Channel, Phase, Plan};

// ---------------------------------------------------------------------------------------------
// Helpers

fn fixture_dir() -> PathBuf {
    common::crate_path("tests/fixtures/build/budget-kpis")
}

/// The budget and KPI fixtures, by name (file stem).
fn fixture_names() -> Vec<String> {
    common::smm_names(&fixture_dir())
}

fn fixture_plan(name: &str) -> Plan {
    common::plan_of(&fixture_dir().join(format!("{name}.smm")))
}

use common::example_plan;

const EXAMPLES: [(&str, &str); 2] = [
    ("printemps-lumiere", "printemps-lumiere.smm"),
    ("b2b-linkedin", "b2b-linkedin.smm"),
];

/// Every plan with a name: the examples, then the fixtures.
fn all_plans() -> Vec<(String, Plan)> {
    let mut plans: Vec<(String, Plan)> = EXAMPLES
        .iter()
        .map(|(name, file)| (name.to_string(), example_plan(file)))
        .collect();
    plans.extend(fixture_names().into_iter().map(|n| {
        let plan = fixture_plan(&n);
        (n, plan)
    }));
    plans
}

/// CSV with LF line ends, for snapshots (the CRLF are checked separately).
fn readable(text: &str) -> String {
    text.replace("\r\n", "\n")
}

/// A plain decimal (`-1234.56`, `1200`) with `digits` minor digits → minor units.
fn parse_decimal(text: &str, digits: u8) -> i64 {
    let (negative, rest) = match text.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, text),
    };
    let (int, frac) = rest.split_once('.').unwrap_or((rest, ""));
    assert_eq!(
        frac.len(),
        usize::from(digits),
        "{text}: wrong minor digits"
    );
    assert!(
        !int.is_empty() && int.bytes().all(|b| b.is_ascii_digit()),
        "{text}"
    );
    assert!(frac.bytes().all(|b| b.is_ascii_digit()), "{text}");
    let value: i128 = format!("{int}{frac}").parse().unwrap();
    let value = i64::try_from(value).unwrap();
    if negative {
        -value
    } else {
        value
    }
}

/// A Markdown money cell (`**1 234.56 EUR**`) → minor units; `—` is 0.
fn parse_money(cell: &str, digits: u8, currency: &str) -> i64 {
    let cell = cell.trim().trim_start_matches("**").trim_end_matches("**");
    if cell == "—" {
        return 0;
    }
    let number = cell
        .strip_suffix(&format!(" {currency}"))
        .unwrap_or_else(|| panic!("{cell:?} does not end with the currency"));
    let plain: String = number.chars().filter(|&c| c != ' ').collect();
    // Thousands groups: every space-separated group after the first has three digits.
    let int_part = number.split('.').next().unwrap().trim_start_matches('-');
    for group in int_part.split(' ').skip(1) {
        assert_eq!(group.len(), 3, "{cell:?}: bad thousands group");
    }
    parse_decimal(&plain, digits)
}

/// The phase each day of a line counts in, computed independently: the line's own phase when it
/// holds the day, else the first phase that holds it.
fn expected_by_phase(plan: &Plan, b: &Budget) -> (Vec<i64>, Option<i64>) {
    let mut phases = vec![0i64; plan.phases.len()];
    let mut outside: Option<i64> = None;
    for line in &b.lines {
        for &(day, amount) in &line.days {
            let own = plan.phases.iter().position(|p| {
                Some(&p.name) == line.phase.as_ref() && p.start <= day && day <= p.end
            });
            let any = plan
                .phases
                .iter()
                .position(|p| p.start <= day && day <= p.end);
            match own.or(any) {
                Some(i) => phases[i] += amount,
                None => *outside.get_or_insert(0) += amount,
            }
        }
    }
    (phases, outside)
}

fn month_label(d: NaiveDate) -> String {
    format!("{:04}-{:02}", d.year(), d.month())
}

fn week_label(d: NaiveDate) -> String {
    format!("{:04}-W{:02}", d.iso_week().year(), d.iso_week().week())
}

// ---------------------------------------------------------------------------------------------
// The CSV, read back and checked against the plan

/// Reads `budget.csv` back and checks every sum against the plan, to the minor unit.
fn check_csv(plan: &Plan) {
    let text = budget::csv(plan);
    assert!(text.is_empty() || text.ends_with("\r\n"), "CRLF line ends");
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_string)
        .collect();
    assert_eq!(header, budget::HEADER);
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    let Some(b) = &plan.budget else {
        assert!(rows.is_empty(), "no budget, no rows");
        return;
    };
    let col = |name: &str| budget::HEADER.iter().position(|h| *h == name).unwrap();
    let (kind, period_kind, period) = (col("kind"), col("period_kind"), col("period"));
    let (line_c, category, channel, phase) =
        (col("line"), col("category"), col("channel"), col("phase"));
    let (amount_c, currency) = (col("amount"), col("currency"));

    let amount = |r: &csv::StringRecord| parse_decimal(&r[amount_c], b.minor_digits);
    for r in &rows {
        assert_eq!(r.len(), budget::HEADER.len());
        assert_eq!(&r[currency], b.currency);
        for (i, cell) in r.iter().enumerate() {
            if i != amount_c {
                assert!(
                    !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                    "formula-like cell {cell:?}"
                );
            }
        }
    }

    // Kinds come in the documented order.
    let order = [
        "line",
        "total_by_category",
        "total_by_channel",
        "total_by_phase",
        "total_by_month",
        "total_by_week",
        "allocated",
        "reserve",
        "unallocated",
        "grand_total",
    ];
    let ranks: Vec<usize> = rows
        .iter()
        .map(|r| order.iter().position(|k| *k == &r[kind]).unwrap())
        .collect();
    assert!(ranks.windows(2).all(|w| w[0] <= w[1]), "kinds out of order");

    // Every line: its month rows and its week rows each add up to its amount, and are exactly
    // the split of its days.
    for line in &b.lines {
        for (pk, label) in [
            ("month", month_label as fn(NaiveDate) -> String),
            ("week", week_label),
        ] {
            let mine: Vec<&csv::StringRecord> = rows
                .iter()
                .filter(|r| &r[kind] == "line" && r[line_c] == line.name && &r[period_kind] == pk)
                .collect();
            let sum: i64 = mine.iter().map(|r| amount(r)).sum();
            assert_eq!(sum, line.amount, "{}: {pk} rows", line.name);
            let mut expected: BTreeMap<String, i64> = BTreeMap::new();
            for &(day, a) in &line.days {
                *expected.entry(label(day)).or_default() += a;
            }
            let got: BTreeMap<String, i64> = mine
                .iter()
                .map(|r| (r[period].to_string(), amount(r)))
                .collect();
            assert_eq!(got, expected, "{}: {pk} rows", line.name);
            for r in &mine {
                assert_eq!(&r[category], format_safe(&line.category));
                assert_eq!(
                    &r[channel],
                    format_safe(line.channel.as_deref().unwrap_or(""))
                );
                assert_eq!(&r[phase], format_safe(line.phase.as_deref().unwrap_or("")));
            }
        }
    }

    let of =
        |k: &str| -> Vec<&csv::StringRecord> { rows.iter().filter(|r| &r[kind] == k).collect() };
    let one = |k: &str| {
        let found = of(k);
        assert_eq!(found.len(), 1, "one {k} row");
        amount(found[0])
    };
    let allocated: i64 = b.lines.iter().map(|l| l.amount).sum();
    assert_eq!(one("allocated"), allocated);
    assert_eq!(one("allocated"), b.allocated);
    assert_eq!(one("reserve"), b.reserve);
    assert_eq!(one("unallocated"), b.unallocated);
    assert_eq!(one("grand_total"), b.total);
    assert_eq!(
        one("allocated") + one("reserve") + one("unallocated"),
        one("grand_total")
    );

    for k in [
        "total_by_category",
        "total_by_channel",
        "total_by_phase",
        "total_by_month",
        "total_by_week",
    ] {
        let sum: i64 = of(k).iter().map(|r| amount(r)).sum();
        assert_eq!(sum, allocated, "{k} rows add up to the allocated amount");
    }
    for r in of("total_by_category") {
        let expected: i64 = b
            .lines
            .iter()
            .filter(|l| format_safe(&l.category) == r[category])
            .map(|l| l.amount)
            .sum();
        assert_eq!(amount(r), expected, "category {}", &r[category]);
    }
    for r in of("total_by_channel") {
        let expected: i64 = b
            .lines
            .iter()
            .filter(|l| format_safe(l.channel.as_deref().unwrap_or("")) == r[channel])
            .map(|l| l.amount)
            .sum();
        assert_eq!(amount(r), expected, "channel {:?}", &r[channel]);
    }
    let (phases, outside) = expected_by_phase(plan, b);
    let mut expected_phase_rows: Vec<(String, i64)> = plan
        .phases
        .iter()
        .zip(&phases)
        .map(|(p, &a)| (format_safe(&p.name), a))
        .collect();
    expected_phase_rows.extend(outside.map(|a| (String::new(), a)));
    let got: Vec<(String, i64)> = of("total_by_phase")
        .iter()
        .map(|r| (r[phase].to_string(), amount(r)))
        .collect();
    assert_eq!(got, expected_phase_rows);
    // Period totals: each equals the sum of the line rows of that period, and the periods run
    // without a gap.
    for (k, pk) in [("total_by_month", "month"), ("total_by_week", "week")] {
        let totals = of(k);
        for r in &totals {
            assert_eq!(&r[period_kind], pk);
            let expected: i64 = rows
                .iter()
                .filter(|l| &l[kind] == "line" && &l[period_kind] == pk && l[period] == r[period])
                .map(&amount)
                .sum();
            assert_eq!(amount(r), expected, "{k} {}", &r[period]);
        }
        let periods: Vec<&str> = totals.iter().map(|r| &r[period]).collect();
        let mut sorted = periods.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(periods, sorted, "{k}: in order, once each");
        if let (Some(first), Some(last)) = (
            b.lines.iter().flat_map(|l| &l.days).map(|d| d.0).min(),
            b.lines.iter().flat_map(|l| &l.days).map(|d| d.0).max(),
        ) {
            let label = if pk == "month" {
                month_label
            } else {
                week_label
            };
            let all: std::collections::BTreeSet<String> = first
                .iter_days()
                .take_while(|d| *d <= last)
                .map(label)
                .collect();
            let all: Vec<&str> = all.iter().map(String::as_str).collect();
            assert_eq!(periods, all, "{k}: every period from the first to the last");
        }
    }
}

/// What `spreadsheet_safe` makes of a cell.
fn format_safe(cell: &str) -> String {
    smm::emit::format::spreadsheet_safe(cell).into_owned()
}

// ---------------------------------------------------------------------------------------------
// The Markdown, parsed back

/// The tables of a Markdown file, by the `##` heading above them (the summary table is under
/// `""`): header cells, then the body rows' cells.
fn md_tables(text: &str) -> BTreeMap<String, (Vec<String>, Vec<Vec<String>>)> {
    let mut out = BTreeMap::new();
    let mut heading = String::new();
    let mut current: Option<(Vec<String>, Vec<Vec<String>>)> = None;
    let split_row = |line: &str| -> Vec<String> {
        let inner = line
            .trim()
            .strip_prefix('|')
            .unwrap()
            .strip_suffix('|')
            .unwrap();
        // Cells are escaped, so an unescaped `|` is always a separator.
        let mut cells = Vec::new();
        let mut cell = String::new();
        let mut chars = inner.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '\\' => {
                    cell.push(c);
                    if let Some(n) = chars.next() {
                        cell.push(n);
                    }
                }
                '|' => cells.push(std::mem::take(&mut cell).trim().to_string()),
                _ => cell.push(c),
            }
        }
        cells.push(cell.trim().to_string());
        cells
    };
    for line in text.lines() {
        if let Some(h) = line.strip_prefix("## ") {
            heading = h.to_string();
        }
        if line.starts_with('|') {
            let cells = split_row(line);
            match &mut current {
                None => current = Some((cells, Vec::new())),
                Some((_, rows)) => {
                    if !cells.iter().all(|c| c.starts_with("---")) {
                        rows.push(cells);
                    }
                }
            }
        } else if let Some(t) = current.take() {
            assert!(
                out.insert(heading.clone(), t).is_none(),
                "two tables under {heading}"
            );
        }
    }
    if let Some(t) = current.take() {
        out.insert(heading, t);
    }
    out
}

/// Parses every table of `budget.md` and checks that rows and columns add up exactly and agree
/// with the plan.
fn check_markdown(plan: &Plan) {
    let text = budget::markdown(plan);
    let Some(b) = &plan.budget else {
        assert!(text.contains("This plan has no budget."));
        return;
    };
    let money = |cell: &str| parse_money(cell, b.minor_digits, &b.currency);
    let tables = md_tables(&text);

    let (_, summary) = &tables[""];
    let value = |label: &str| money(&summary.iter().find(|r| r[0] == label).unwrap()[1]);
    assert_eq!(value("Total"), b.total);
    assert_eq!(value("Reserve"), b.reserve);
    assert_eq!(value("Allocated to lines"), b.allocated);
    assert_eq!(value("Unallocated"), b.unallocated);
    assert_eq!(
        value("Reserve") + value("Allocated to lines") + value("Unallocated"),
        value("Total")
    );
    if b.lines.is_empty() {
        assert_eq!(tables.len(), 1, "no line, no line tables");
        return;
    }
    let allocated: i64 = b.lines.iter().map(|l| l.amount).sum();

    // Lines: one row per line with its amount, then the total.
    let (header, rows) = &tables["Lines"];
    assert_eq!(header.last().unwrap(), "Amount");
    assert_eq!(rows.len(), b.lines.len() + 1);
    for (row, line) in rows.iter().zip(&b.lines) {
        assert_eq!(money(row.last().unwrap()), line.amount);
    }
    assert_eq!(rows.last().unwrap()[0], "**Total**");
    assert_eq!(money(rows.last().unwrap().last().unwrap()), allocated);

    // Lines × months: each row adds up to its total (the line's amount), each column to the
    // totals row, and the totals row to the grand total, in both directions.
    let (header, rows) = &tables["Lines by month"];
    let months = &header[1..header.len() - 1];
    assert_eq!(rows.len(), b.lines.len() + 1);
    let grid: Vec<Vec<i64>> = rows
        .iter()
        .map(|r| r[1..].iter().map(|c| money(c)).collect())
        .collect();
    let (body, totals) = grid.split_at(b.lines.len());
    let totals = &totals[0];
    for ((cells, line), row) in body.iter().zip(&b.lines).zip(rows) {
        let (months_cells, total) = cells.split_at(months.len());
        assert_eq!(months_cells.iter().sum::<i64>(), total[0], "row {}", row[0]);
        assert_eq!(total[0], line.amount, "row {}", row[0]);
        // Each cell is the line's days in that month.
        for (m, &cell) in months.iter().zip(months_cells) {
            let expected: i64 = line
                .days
                .iter()
                .filter(|(d, _)| &month_label(*d) == m)
                .map(|(_, a)| a)
                .sum();
            assert_eq!(cell, expected, "{} in {m}", line.name);
        }
    }
    for (c, &total) in totals.iter().enumerate() {
        let column: i64 = body.iter().map(|r| r[c]).sum();
        assert_eq!(column, total, "column {}", header[c + 1]);
    }
    let grand = *totals.last().unwrap();
    assert_eq!(totals[..months.len()].iter().sum::<i64>(), grand);
    assert_eq!(grand, allocated);

    // Totals by category, channel, phase, month: rows add up to the totals row = allocated.
    for name in ["By category", "By channel", "By phase", "By month"] {
        let (header, rows) = &tables[name];
        let amount_col = header.iter().position(|h| h == "Amount").unwrap();
        let (body, total) = rows.split_at(rows.len() - 1);
        assert_eq!(total[0][0], "**Total**", "{name}");
        let sum: i64 = body.iter().map(|r| money(&r[amount_col])).sum();
        assert_eq!(sum, money(&total[0][amount_col]), "{name}");
        assert_eq!(sum, allocated, "{name}");
    }
    // Phases agree with the independent split.
    let (_, rows) = &tables["By phase"];
    let (phases, outside) = expected_by_phase(plan, b);
    let mut expected: Vec<i64> = phases;
    expected.extend(outside);
    let got: Vec<i64> = rows[..rows.len() - 1]
        .iter()
        .map(|r| money(&r[2]))
        .collect();
    assert_eq!(got, expected);
    assert_eq!(
        rows.iter().any(|r| r[0] == budget::OUTSIDE_PHASES),
        outside.is_some()
    );
    // Months: the same as the month table's totals row, and the running total ends on the
    // allocated amount.
    let (_, rows) = &tables["By month"];
    let body = &rows[..rows.len() - 1];
    assert_eq!(
        body.iter().map(|r| r[0].clone()).collect::<Vec<_>>(),
        months.to_vec()
    );
    let mut running = 0;
    for (r, &total) in body.iter().zip(totals) {
        assert_eq!(money(&r[1]), total);
        running += total;
        assert_eq!(money(&r[2]), running);
    }
}

// ---------------------------------------------------------------------------------------------
// Snapshots

#[test]
fn snapshots() {
    for (name, plan) in all_plans() {
        insta::assert_snapshot!(format!("{name}.budget.csv"), readable(&budget::csv(&plan)));
        insta::assert_snapshot!(format!("{name}.budget.md"), budget::markdown(&plan));
    }
}

// ---------------------------------------------------------------------------------------------
// Read back

#[test]
fn csv_reads_back_and_adds_up_for_every_plan() {
    for (name, plan) in all_plans() {
        eprintln!("{name}");
        check_csv(&plan);
    }
}

#[test]
fn markdown_tables_add_up_for_every_plan() {
    for (name, plan) in all_plans() {
        eprintln!("{name}");
        check_markdown(&plan);
    }
}

#[test]
fn both_examples_have_a_budget_and_a_one_off_payment_before_the_campaign() {
    for (file_name, file) in EXAMPLES {
        let plan = example_plan(file);
        let b = plan.budget.as_ref().expect(file_name);
        assert!(b.lines.iter().any(|l| l.start < plan.campaign.start));
        let md = budget::markdown(&plan);
        assert!(md.contains(&format!("| {} |", budget::OUTSIDE_PHASES)));
    }
}

#[test]
fn pacing_fixture_by_hand() {
    let plan = fixture_plan("pacing");
    let b = plan.budget.as_ref().unwrap();
    let amount = |name: &str| b.lines.iter().find(|l| l.name == name).unwrap().amount;
    assert_eq!(amount("front_ads"), 100_001);
    assert_eq!(amount("back_creators"), 100_001);
    assert_eq!(amount("even_agency"), 100_001);
    // 12.5% of 9 999.99 EUR is 1 249.99875 EUR: 1 250.00 EUR; the reserve, 10%, 1 000.00 EUR.
    assert_eq!(amount("tools_share"), 125_000);
    assert_eq!(b.reserve, 100_000);
    assert_eq!(b.unallocated, 351_540);
    let csv = budget::csv(&plan);
    // The even line: 100 001 cents over 52 days is 1 923 a day and 5 left, on the first five
    // days (all in March): 12 × 1 923 + 5, 30 × 1 923, 10 × 1 923.
    assert!(csv.contains("line,month,2027-03,even_agency,fees,,,,\"'=HYPERLINK(\"\"http://evil\"\") | Agence & Co\",even,230.81,EUR\r\n"));
    assert!(csv.contains(",even,576.90,EUR\r\n"));
    assert!(csv.contains(",even,192.30,EUR\r\n"));
    // The payment of 2027-01-02 falls in ISO week 53 of 2026.
    assert!(csv.contains(
        "line,week,2026-W53,shooting,production,,,,\"Studio Nord, Paris\",even,1234.56,EUR\r\n"
    ));
    // A vendor starting with `-` is text, not a formula.
    assert!(csv.contains(",'-Suite SaaS,"));
    let md = budget::markdown(&plan);
    // February has no spend but keeps its column.
    assert!(md.contains("| Line | 2027-01 | 2027-02 | 2027-03 | 2027-04 | 2027-05 | Total |"));
    assert!(md.contains("| 2027-02 | 0.00 EUR | 1 234.56 EUR |"));
    assert!(md.contains("=HYPERLINK(\"http://evil\") \\| Agence &amp; Co"));
    assert!(md.contains("| teasing | 2027-03-01 to 2027-03-14 | 0.00 EUR |"));
}

#[test]
fn no_budget_gives_a_header_and_a_sentence() {
    let plan = fixture_plan("weekly-reviews");
    assert!(plan.budget.is_none());
    assert_eq!(
        budget::csv(&plan),
        format!("{}\r\n", budget::HEADER.join(","))
    );
    assert!(budget::markdown(&plan).ends_with("This plan has no budget.\n"));
}

#[test]
fn two_builds_give_identical_bytes() {
    for (name, plan) in all_plans() {
        assert_eq!(budget::csv(&plan), budget::csv(&plan.clone()), "{name}");
        assert_eq!(
            budget::markdown(&plan),
            budget::markdown(&plan.clone()),
            "{name}"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Hand-built and generated budgets

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// A plan around a budget whose lines are given as (amount, start, end, pacing, category,
/// channel, phase).
#[allow(clippy::type_complexity)]
fn plan_with(
    currency: &str,
    minor_digits: u8,
    reserve: i64,
    unallocated: i64,
    phases: Vec<Phase>,
    lines: Vec<(
        i64,
        NaiveDate,
        NaiveDate,
        Pacing,
        &str,
        Option<&str>,
        Option<&str>,
    )>,
) -> Plan {
    let lines: Vec<BudgetLine> = lines
        .into_iter()
        .enumerate()
        .map(
            |(i, (amount, start, end, pacing, category, channel, phase))| BudgetLine {
                name: format!("line_{i}"),
                category: category.to_string(),
                channel: channel.map(str::to_string),
                objective: None,
                vendor: (i % 2 == 0).then(|| format!("=Vendor | {i}")),
                phase: phase.map(str::to_string),
                amount,
                start,
                end,
                pacing,
                days: split::daily(amount, start, end, pacing).unwrap(),
            },
        )
        .collect();
    let allocated: i64 = lines.iter().map(|l| l.amount).sum();
    Plan {
        campaign: Campaign {
            title: "Generated".into(),
            start: date(2027, 1, 1),
            end: date(2027, 12, 31),
            timezone: "UTC".into(),
            currency: Some(currency.into()),
            ..Campaign::default()
        },
        channels: ["instagram", "tiktok"]
            .iter()
            .map(|c| Channel {
                name: c.to_string(),
                platform: c.to_string(),
                ..Channel::default()
            })
            .collect(),
        phases,
        budget: Some(Budget {
            currency: currency.into(),
            minor_digits,
            total: allocated + reserve + unallocated,
            reserve,
            lines,
            allocated,
            unallocated,
        }),
        ..Plan::default()
    }
}

fn phase(name: &str, start: NaiveDate, end: NaiveDate) -> Phase {
    Phase {
        name: name.into(),
        start,
        end,
        description: None,
    }
}

#[test]
fn a_budget_without_lines_has_only_the_summary() {
    let plan = plan_with("EUR", 2, 500, 1_000, vec![], vec![]);
    check_csv(&plan);
    check_markdown(&plan);
    let csv = readable(&budget::csv(&plan));
    assert!(csv.ends_with(
        "allocated,,,,,,,,,,0.00,EUR\nreserve,,,,,,,,,,5.00,EUR\nunallocated,,,,,,,,,,10.00,EUR\ngrand_total,,,,,,,,,,15.00,EUR\n"
    ));
}

#[test]
fn zero_minor_digits_and_a_year_boundary() {
    let plan = plan_with(
        "JPY",
        0,
        0,
        0,
        vec![phase("winter", date(2026, 12, 28), date(2027, 1, 10))],
        vec![
            (
                1_000_001,
                date(2026, 12, 20),
                date(2027, 1, 15),
                Pacing::Front,
                "paid",
                Some("tiktok"),
                Some("winter"),
            ),
            (
                7,
                date(2026, 12, 31),
                date(2027, 1, 4),
                Pacing::Back,
                "other",
                None,
                None,
            ),
        ],
    );
    check_csv(&plan);
    check_markdown(&plan);
    let md = budget::markdown(&plan);
    assert!(
        md.contains("| **Total** | | | | | | | | **1 000 008 JPY** |"),
        "{md}"
    );
    let csv = budget::csv(&plan);
    assert!(csv.contains(",2026-W53,"));
    assert!(csv.contains("total_by_month,month,2026-12,"));
}

#[test]
fn a_line_in_overlapping_phases_counts_in_its_own_phase() {
    // `b` overlaps `a`; a line `during b` counts its days in `b`, another line in `a`.
    let a = phase("a", date(2027, 3, 1), date(2027, 3, 20));
    let b = phase("b", date(2027, 3, 10), date(2027, 3, 31));
    let plan = plan_with(
        "EUR",
        2,
        0,
        0,
        vec![a, b],
        vec![
            (
                2_200,
                date(2027, 3, 10),
                date(2027, 3, 31),
                Pacing::Even,
                "paid",
                Some("instagram"),
                Some("b"),
            ),
            (
                1_000,
                date(2027, 3, 11),
                date(2027, 3, 20),
                Pacing::Even,
                "tools",
                None,
                None,
            ),
        ],
    );
    check_csv(&plan);
    check_markdown(&plan);
    let csv = readable(&budget::csv(&plan));
    assert!(
        csv.contains("total_by_phase,,,,,,a,,,,10.00,EUR\ntotal_by_phase,,,,,,b,,,,22.00,EUR\n"),
        "{csv}"
    );
}

fn pacing() -> impl Strategy<Value = Pacing> {
    prop_oneof![Just(Pacing::Even), Just(Pacing::Front), Just(Pacing::Back)]
}

/// A line: amount, first day (days after 2026-11-01), length in days, pacing, category index,
/// channel index (2: none), phase index (3: none).
fn line() -> impl Strategy<Value = (i64, u64, u64, Pacing, usize, usize, usize)> {
    (
        prop_oneof![0i64..100, 0i64..10_000_000, 0i64..1_000_000_000_000],
        0u64..400,
        0u64..150,
        pacing(),
        0usize..7,
        0usize..3,
        0usize..4,
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// For generated budgets, every Markdown table adds up both ways and the CSV reads back to
    /// the plan: the same checks as for the examples.
    #[test]
    fn generated_budgets_add_up(
        digits in prop_oneof![Just(0u8), Just(2u8), Just(3u8)],
        reserve in 0i64..1_000_000,
        unallocated in 0i64..1_000_000,
        phase_starts in proptest::collection::vec((0u64..400, 1u64..60), 0..3),
        lines in proptest::collection::vec(line(), 0..7),
    ) {
        let base = date(2026, 11, 1);
        let day = |n: u64| base.checked_add_days(chrono::Days::new(n)).unwrap();
        let names = ["p0", "p1", "p2"];
        let phases: Vec<Phase> = phase_starts
            .iter()
            .enumerate()
            .map(|(i, &(s, len))| phase(names[i], day(s), day(s + len)))
            .collect();
        let categories = ["paid", "production", "influencer", "tools", "events", "fees", "other"];
        let channels = [Some("instagram"), Some("tiktok"), None];
        let lines = lines
            .into_iter()
            .map(|(amount, s, len, pacing, cat, ch, ph)| {
                (
                    amount,
                    day(s),
                    day(s + len),
                    pacing,
                    categories[cat],
                    channels[ch],
                    phases.get(ph).map(|p| p.name.as_str()),
                )
            })
            .collect();
        let currency = match digits { 0 => "JPY", 2 => "EUR", _ => "KWD" };
        let plan = plan_with(currency, digits, reserve, unallocated, phases.clone(), lines);
        check_csv(&plan);
        check_markdown(&plan);
    }
}
