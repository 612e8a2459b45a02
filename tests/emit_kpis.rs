//! The KPI outputs (`kpis.md`, `kpis.csv`): snapshots of both examples and of the build
//! fixtures, the CSV read back with the `csv` crate and checked against the plan (one row per
//! review), the Markdown checked for one box per review under the right objective, and
//! hand-built plans for what the language cannot produce (a KPI without objective or reviews,
//! line breaks in user text).

mod common;

use std::path::PathBuf;

use chrono::NaiveDate;
use smm::emit::{format, kpis};
use smm::plan::{Campaign, Kpi, Objective, Plan, Role};

// ---------------------------------------------------------------------------------------------
// Helpers

fn build_dir() -> PathBuf {
    common::crate_path("tests/fixtures/build")
}

/// A build fixture's plan; `name` is relative to `tests/fixtures/build`, without `.smm`.
fn fixture_plan(name: &str) -> Plan {
    common::plan_of(&build_dir().join(format!("{name}.smm")))
}

use common::example_plan;

/// Snapshot name → plan: the examples, the budget and KPI fixtures, and the escaping fixture
/// (whose KPI source needs CSV quoting).
fn all_plans() -> Vec<(String, Plan)> {
    let mut plans = vec![
        (
            "printemps-lumiere".to_string(),
            example_plan("printemps-lumiere.smm"),
        ),
        ("b2b-linkedin".to_string(), example_plan("b2b-linkedin.smm")),
    ];
    let mut names: Vec<String> = std::fs::read_dir(build_dir().join("budget-kpis"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "smm"))
        .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    names.sort();
    for name in names {
        let plan = fixture_plan(&format!("budget-kpis/{name}"));
        plans.push((name, plan));
    }
    plans.push(("escaping".to_string(), fixture_plan("escaping")));
    plans
}

fn readable(text: &str) -> String {
    text.replace("\r\n", "\n")
}

// ---------------------------------------------------------------------------------------------
// Checks shared by every plan

/// Reads `kpis.csv` back: one row per review (one for a KPI without), in KPI then date order,
/// each cell what the plan says (made spreadsheet-safe).
fn check_csv(plan: &Plan) {
    let text = kpis::csv(plan);
    assert!(text.ends_with("\r\n"));
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_string)
        .collect();
    assert_eq!(header, kpis::HEADER);
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    let expected_rows: usize = plan.kpis.iter().map(|k| k.reviews.len().max(1)).sum();
    assert_eq!(rows.len(), expected_rows);

    let safe = |s: &str| format::spreadsheet_safe(s).into_owned();
    let mut rows = rows.iter();
    for k in &plan.kpis {
        let dates: Vec<String> = if k.reviews.is_empty() {
            vec![String::new()]
        } else {
            k.reviews.iter().map(|d| d.to_string()).collect()
        };
        for date in dates {
            let r = rows.next().unwrap();
            let expected = [
                safe(&k.name),
                safe(k.objective.as_deref().unwrap_or("")),
                safe(&k.metric),
                safe(&k.unit),
                safe(&k.target),
                safe(k.baseline.as_deref().unwrap_or("")),
                k.by.to_string(),
                date,
                safe(&k.channels.join(";")),
                safe(k.owner.as_deref().unwrap_or("")),
                safe(k.source.as_deref().unwrap_or("")),
            ];
            assert_eq!(r.iter().collect::<Vec<_>>(), expected, "{}", k.name);
            for cell in r.iter() {
                assert!(
                    !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                    "formula-like cell {cell:?}"
                );
            }
        }
    }
}

/// `kpis.md`: every KPI once, under its objective's section (or the section without one), with
/// one unticked box per review date, in order.
fn check_markdown(plan: &Plan) {
    let text = kpis::markdown(plan);
    let boxes = text.lines().filter(|l| l.starts_with("- [ ] ")).count();
    let reviews: usize = plan.kpis.iter().map(|k| k.reviews.len()).sum();
    assert_eq!(boxes, reviews, "one box per review");
    assert!(!text.contains("- [x]"), "nothing is ticked");
    assert!(!text.contains('\r'));

    // Section (`##`) → KPI headings (`###`) → boxes.
    let mut section = String::new();
    let mut kpi: Option<String> = None;
    let mut found: Vec<(String, String, Vec<String>)> = Vec::new();
    for line in text.lines() {
        if let Some(h) = line.strip_prefix("## ") {
            section = h.to_string();
            kpi = None;
        } else if let Some(h) = line.strip_prefix("### ") {
            kpi = Some(h.to_string());
            found.push((section.clone(), h.to_string(), Vec::new()));
        } else if let Some(b) = line.strip_prefix("- [ ] Review ") {
            assert!(kpi.is_some(), "a box outside a KPI: {line}");
            found.last_mut().unwrap().2.push(b.to_string());
        }
    }
    assert_eq!(found.len(), plan.kpis.len(), "every KPI once");
    for (k, (section, heading, boxes)) in plan.kpis.iter().zip(&found) {
        assert_eq!(heading, &format::markdown(&k.name));
        let objective = k
            .objective
            .as_ref()
            .and_then(|name| plan.objectives.iter().find(|o| &o.name == name));
        match objective {
            Some(o) => assert!(
                section.starts_with(&format::markdown(&o.name)),
                "{} under {section}",
                k.name
            ),
            None => assert_eq!(section, kpis::WITHOUT_OBJECTIVE),
        }
        let expected: Vec<String> = k
            .reviews
            .iter()
            .map(|d| {
                if *d == k.by {
                    format!("{d} (final review)")
                } else {
                    d.to_string()
                }
            })
            .collect();
        assert_eq!(boxes, &expected, "{}", k.name);
    }
}

// ---------------------------------------------------------------------------------------------
// Tests

#[test]
fn snapshots() {
    for (name, plan) in all_plans() {
        insta::assert_snapshot!(format!("{name}.kpis.md"), kpis::markdown(&plan));
        insta::assert_snapshot!(format!("{name}.kpis.csv"), readable(&kpis::csv(&plan)));
    }
}

#[test]
fn csv_reads_back_with_one_row_per_review() {
    for (name, plan) in all_plans() {
        eprintln!("{name}");
        check_csv(&plan);
    }
}

#[test]
fn markdown_has_one_box_per_review_under_its_objective() {
    for (name, plan) in all_plans() {
        eprintln!("{name}");
        check_markdown(&plan);
    }
}

#[test]
fn weekly_reviews_fixture_by_hand() {
    let plan = fixture_plan("budget-kpis/weekly-reviews");
    let md = kpis::markdown(&plan);
    // Weekly from the campaign's start (Tuesday 2027-06-01) to the deadline, which is reviewed.
    let replies = "Reviews (weekly):\n\n\
        - [ ] Review 2027-06-08\n\
        - [ ] Review 2027-06-15\n\
        - [ ] Review 2027-06-22\n\
        - [ ] Review 2027-06-29\n\
        - [ ] Review 2027-07-06\n\
        - [ ] Review 2027-07-13\n\
        - [ ] Review 2027-07-20 (final review)\n";
    assert!(md.contains(replies), "{md}");
    assert!(md.contains("- Scope: linkedin, x\n"));
    assert!(md.contains("- Scope: all channels\n"));
    assert!(md.contains("- Owner: strategist (Dana \\| Whitfield)\n"));
    assert!(md.contains("- Owner: community\n"));
    assert!(md.contains("- Metric: Sign-ups \\| trial \\#1 (custom, count)\n"));
    assert!(md.contains("- Target: &lt;= 35.50 USD (money)\n"));
    assert!(md.contains("- Baseline: 48.25 USD\n"));
    assert!(md.contains("## loyalty (loyalty)\n\nKeep them\n\n*No KPI measures this objective.*\n"));
    let csv = kpis::csv(&plan);
    assert!(csv.contains(
        "replies,engagement,comments,count,>= 1500,300,2027-07-20,2027-06-08,linkedin;x,community,'=Native analytics; weekly export\r\n"
    ));
    // A target written `= 100%` is text for a spreadsheet.
    assert!(csv.contains(",response_rate,percent,'= 100%,"));
}

#[test]
fn two_builds_give_identical_bytes() {
    for (name, plan) in all_plans() {
        assert_eq!(kpis::csv(&plan), kpis::csv(&plan.clone()), "{name}");
        assert_eq!(
            kpis::markdown(&plan),
            kpis::markdown(&plan.clone()),
            "{name}"
        );
    }
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// KPIs the checker would not let through: no objective, an unknown objective, no reviews, and
/// text with line breaks, pipes and HTML.
fn hand_built() -> Plan {
    let kpi = |name: &str, objective: Option<&str>, reviews: Vec<NaiveDate>| Kpi {
        name: name.into(),
        objective: objective.map(str::to_string),
        metric: "reach".into(),
        unit: "count".into(),
        target: ">= 10".into(),
        by: date(2027, 6, 30),
        reviews,
        ..Kpi::default()
    };
    Plan {
        campaign: Campaign {
            title: "Hand | built\nplan".into(),
            start: date(2027, 6, 1),
            end: date(2027, 6, 30),
            timezone: "UTC".into(),
            ..Campaign::default()
        },
        roles: vec![Role {
            name: "boss".into(),
            person: Some("A <b>bold</b> person".into()),
            ..Role::default()
        }],
        objectives: vec![Objective {
            name: "known".into(),
            kind: None,
            description: Some("Line one\r\nline two | three".into()),
            owner: Some("boss".into()),
        }],
        kpis: vec![
            Kpi {
                source: Some("+cmd\nsecond line".into()),
                owner: Some("boss".into()),
                metric: "Custom <metric>".into(),
                custom: true,
                review: Some("weekly".into()),
                ..kpi(
                    "with_text",
                    Some("known"),
                    vec![date(2027, 6, 7), date(2027, 6, 30)],
                )
            },
            kpi("orphan", None, vec![date(2027, 6, 14)]),
            kpi("lost", Some("unknown"), vec![]),
        ],
        ..Plan::default()
    }
}

#[test]
fn hand_built_kpis_without_objective_or_reviews_are_kept() {
    let plan = hand_built();
    check_csv(&plan);
    check_markdown(&plan);
    let md = kpis::markdown(&plan);
    assert!(md.starts_with("# KPIs: Hand \\| built<br>plan\n"));
    assert!(md.contains("## known\n\nLine one<br>line two \\| three<br>\nOwner: boss (A &lt;b&gt;bold&lt;/b&gt; person).\n"));
    assert!(md.contains("- Metric: Custom &lt;metric&gt; (custom, count)\n"));
    assert!(md.contains("- Source: +cmd<br>second line\n"));
    assert!(md.contains(&format!("## {}\n\n### orphan\n", kpis::WITHOUT_OBJECTIVE)));
    assert!(md.contains("### lost\n"));
    assert!(md.contains("No review date before the deadline.\n"));
    let csv = kpis::csv(&plan);
    // The KPI without reviews still has a row, with an empty review date.
    assert!(
        csv.contains("lost,unknown,reach,count,>= 10,,2027-06-30,,,,\r\n"),
        "{csv}"
    );
    // A cell with a line break is quoted, and one starting with `+` neutralised.
    assert!(csv.contains("\"'+cmd\nsecond line\"\r\n"));
}

#[test]
fn no_kpi_at_all() {
    let plan = Plan {
        campaign: Campaign {
            title: "Empty".into(),
            start: date(2027, 6, 1),
            end: date(2027, 6, 30),
            ..Campaign::default()
        },
        ..Plan::default()
    };
    assert_eq!(kpis::csv(&plan), format!("{}\r\n", kpis::HEADER.join(",")));
    assert_eq!(
        kpis::markdown(&plan),
        "# KPIs: Empty\n\n2027-06-01 to 2027-06-30\n\n0 KPIs and 0 reviews. Tick a box when the review is done.\n"
    );
}
