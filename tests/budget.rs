//! The budget pass: every rule through `check`, and properties of the budget arithmetic.

use std::path::Path;
use std::time::Instant;

use chrono::NaiveDate;
use proptest::prelude::*;
use smm::check::{check, Checked};
use smm::diagnostic::{Diagnostic, Severity};
use smm::plan::split::Pacing;
use smm::plan::Budget;
use smm::project::{load, load_text, Options};

fn run(src: &str) -> Checked {
    let project = load_text(Path::new("budget-test.smm"), src, Options::default());
    check(&project, &Default::default())
}

/// A small, otherwise clean project: `campaign_budget` goes into the campaign (e.g.
/// `budget 24000 EUR`), `budget` is the whole budget block's body.
fn project(campaign_budget: &str, budget: &str) -> String {
    format!(
        r#"campaign "Test" {{
  start 2027-03-01
  end 2027-05-31
  {campaign_budget}
}}
phase launch {{ start 2027-03-15; end 2027-04-11 }}
channel instagram {{ handle "@test" }}
message halo {{ text "Halo ✨"; media image "halo.jpg" }}
schedule s {{ post halo to instagram every tue at 18:00 from 2027-03-01 to 2027-04-30 }}
budget {{
{budget}
}}
"#
    )
}

fn codes(c: &Checked) -> Vec<&'static str> {
    c.diagnostics.iter().map(|d| d.code).collect()
}

/// The budget's own diagnostics (E07xx, W07xx, and E0401/E0115 when raised on the budget).
fn budget_codes(c: &Checked) -> Vec<&'static str> {
    codes(c)
        .into_iter()
        .filter(|c| c.starts_with("E07") || c.starts_with("W07"))
        .collect()
}

fn only(c: &Checked, code: &str) -> Diagnostic {
    let found: Vec<&Diagnostic> = c.diagnostics.iter().filter(|d| d.code == code).collect();
    assert_eq!(
        found.len(),
        1,
        "expected one {code}, got {:#?}",
        c.diagnostics
    );
    found[0].clone()
}

fn text_at<'a>(src: &'a str, d: &smm::diagnostic::Label) -> &'a str {
    &src[d.span.start as usize..d.span.end as usize]
}

fn budget_of(c: &Checked) -> &Budget {
    let plan = c
        .plan
        .as_ref()
        .unwrap_or_else(|| panic!("no plan: {:#?}", c.diagnostics));
    plan.budget.as_ref().expect("the plan has a budget")
}

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn assert_adds_up(b: &Budget) {
    assert_eq!(
        i128::from(b.allocated) + i128::from(b.reserve) + i128::from(b.unallocated),
        i128::from(b.total)
    );
    assert_eq!(b.allocated, b.lines.iter().map(|l| l.amount).sum::<i64>());
    assert!(b.unallocated >= 0);
    for l in &b.lines {
        assert_eq!(
            l.days.iter().map(|(_, a)| a).sum::<i64>(),
            l.amount,
            "{}",
            l.name
        );
        assert_eq!(l.days.len() as i64, (l.end - l.start).num_days() + 1);
        assert_eq!(l.days.first().map(|d| d.0), Some(l.start));
        assert_eq!(l.days.last().map(|d| d.0), Some(l.end));
    }
}

// ------------------------------------------------------------------ the examples

#[test]
fn the_examples_have_no_budget_diagnostics_and_add_up() {
    for (file, total, reserve) in [
        ("examples/printemps-lumiere.smm", 2_400_000, 240_000),
        ("examples/b2b-linkedin.smm", 4_800_000, 400_000),
    ] {
        let project = load(Path::new(file), Options::default()).unwrap();
        let c = check(&project, &Default::default());
        assert_eq!(budget_codes(&c), Vec::<&str>::new(), "{file}");
        let b = budget_of(&c);
        assert_eq!((b.total, b.reserve), (total, reserve), "{file}");
        assert_adds_up(b);
    }
}

#[test]
fn the_printemps_plan_has_its_lines_in_order_with_percentages_converted() {
    let project = load(
        Path::new("examples/printemps-lumiere.smm"),
        Options::default(),
    )
    .unwrap();
    let c = check(&project, &Default::default());
    let b = budget_of(&c);
    assert_eq!(b.currency, "EUR");
    assert_eq!(b.minor_digits, 2);
    let names: Vec<&str> = b.lines.iter().map(|l| l.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "ads_instagram",
            "ads_tiktok",
            "ads_facebook",
            "ads_x",
            "shooting",
            "videos_verticales",
            "createurs",
            "outils"
        ]
    );
    let createurs = &b.lines[6];
    assert_eq!(createurs.amount, 360_000); // 15% of 24 000.00
    assert_eq!(createurs.phase.as_deref(), Some("launch"));
    assert_eq!(
        (createurs.start, createurs.end),
        (day("2027-03-15"), day("2027-04-11"))
    );
    let shooting = &b.lines[4];
    assert_eq!(shooting.days, vec![(day("2027-02-19"), 220_000)]);
    assert_eq!(shooting.vendor.as_deref(), Some("Studio Nord"));
    let ig = &b.lines[0];
    assert_eq!(ig.pacing, Pacing::Front);
    assert!(ig.days.windows(2).all(|w| w[0].1 >= w[1].1));
    assert_eq!(ig.channel.as_deref(), Some("instagram"));
    assert_eq!(ig.objective.as_deref(), Some("conversion"));
    assert_eq!(b.unallocated, 0);
    assert_eq!(
        c.plan.as_ref().unwrap().campaign.currency.as_deref(),
        Some("EUR")
    );
}

// ------------------------------------------------------------------ currency

#[test]
fn a_line_in_another_currency_names_both_and_points_at_the_currency() {
    let src = project(
        "budget 24000 EUR",
        "  line a { category production; amount 1000 USD }",
    );
    let c = run(&src);
    let d = only(&c, "E0701");
    assert_eq!(text_at(&src, &d.primary), "1000 USD");
    assert!(
        d.message.contains("USD") && d.message.contains("EUR"),
        "{}",
        d.message
    );
    assert_eq!(text_at(&src, &d.secondary[0]), "24000 EUR");
    assert!(d.help.unwrap().contains("EUR"));
    assert!(c.plan.is_none());
}

#[test]
fn without_a_campaign_budget_the_total_sets_the_currency() {
    let src = project(
        "",
        "  total 10000 GBP\n  reserve 500 EUR\n  line a { category production; amount 1000 GBP }",
    );
    let c = run(&src);
    let d = only(&c, "E0701");
    assert_eq!(text_at(&src, &d.primary), "500 EUR");
    assert_eq!(text_at(&src, &d.secondary[0]), "10000 GBP");
}

#[test]
fn without_any_total_the_first_money_line_sets_the_currency() {
    let src = project(
        "",
        "  line a { category production; amount 1000 JPY }\n  line b { category tools; amount 20 CHF }",
    );
    let c = run(&src);
    let d = only(&c, "E0701");
    assert_eq!(text_at(&src, &d.primary), "20 CHF");
    assert!(d.secondary[0].message.contains("line `a`"));
}

#[test]
fn a_budget_total_in_another_currency_than_the_campaign_is_e0701_not_e0702() {
    let src = project("budget 24000 EUR", "  total 24000 USD");
    let c = run(&src);
    assert_eq!(budget_codes(&c), ["E0701"]);
}

// ------------------------------------------------------------------ total

#[test]
fn a_total_that_disagrees_with_the_campaign_points_at_both() {
    let src = project("budget 24000 EUR", "  total 25000 EUR");
    let c = run(&src);
    let d = only(&c, "E0702");
    assert_eq!(text_at(&src, &d.primary), "25000 EUR");
    assert_eq!(text_at(&src, &d.secondary[0]), "24000 EUR");
    assert!(d.message.contains("25 000.00 EUR") && d.message.contains("24 000.00 EUR"));
}

#[test]
fn percentages_without_any_total_are_e0707() {
    let src = project(
        "",
        "  line a { category production; amount 1000 EUR }\n  line b { category tools; amount 10% }",
    );
    let c = run(&src);
    let d = only(&c, "E0707");
    assert_eq!(text_at(&src, &d.primary), "budget");
    assert_eq!(text_at(&src, &d.secondary[0]), "10%");
    // A reserve in percent too, and with no money at all.
    let c = run(&project("", "  reserve 10%"));
    assert_eq!(budget_codes(&c), ["E0707"]);
}

#[test]
fn an_empty_budget_without_any_total_is_e0707() {
    let c = run(&project("", ""));
    assert_eq!(budget_codes(&c), ["E0707"]);
}

#[test]
fn without_a_total_money_lines_make_the_total() {
    let src = project(
        "",
        "  reserve 100 EUR\n  line a { category production; amount 1000 EUR }",
    );
    let c = run(&src);
    assert_eq!(budget_codes(&c), Vec::<&str>::new());
    let b = budget_of(&c);
    assert_eq!(
        (b.total, b.reserve, b.allocated, b.unallocated),
        (110_000, 10_000, 100_000, 0)
    );
}

#[test]
fn the_total_defaults_to_the_campaigns_budget() {
    let c = run(&project(
        "budget 1000 EUR",
        "  line a { category production; amount 1000 EUR }",
    ));
    assert_eq!(budget_codes(&c), Vec::<&str>::new());
    assert_eq!(budget_of(&c).total, 100_000);
}

// ------------------------------------------------------------------ percentages

#[test]
fn percentages_over_a_hundred_are_listed_and_not_reported_again_as_an_overrun() {
    let src = project(
        "budget 24000 EUR",
        "  reserve 10%\n  line a { category production; amount 60% }\n  line b { category tools; amount 45% }\n  line c { category fees; amount 5% }",
    );
    let c = run(&src);
    assert_eq!(budget_codes(&c), ["E0704"]);
    let d = only(&c, "E0704");
    // The percentage that takes the sum over 100%.
    assert_eq!(text_at(&src, &d.primary), "45%");
    assert!(d.message.contains("120%"), "{}", d.message);
    let notes = d.notes.join("\n");
    for item in [
        "the reserve: 10%",
        "line `a`: 60%",
        "line `b`: 45%",
        "line `c`: 5%",
        "together: 120%",
    ] {
        assert!(notes.contains(item), "{notes}");
    }
}

#[test]
fn decimal_percentages_compare_exactly() {
    let ok = run(&project(
        "budget 100 EUR",
        "  reserve 0.5%\n  line a { category production; amount 99.5% }",
    ));
    assert_eq!(budget_codes(&ok), Vec::<&str>::new());
    assert_eq!(budget_of(&ok).unallocated, 0);
    let over = run(&project(
        "budget 100 EUR",
        "  reserve 0.5%\n  line a { category production; amount 99.51% }",
    ));
    assert_eq!(budget_codes(&over), ["E0704"]);
}

#[test]
fn percentages_round_half_up_together_and_never_exceed_the_total() {
    // 12.5% of 1.00 EUR is 0.125: 0.13 EUR.
    let c = run(&project(
        "budget 1 EUR",
        "  line a { category production; amount 12.5% }",
    ));
    assert_eq!(budget_of(&c).lines[0].amount, 13);
    // 50% + 50% of one cent: one cent in all, to the reserve (ties go to the earlier item).
    let c = run(&project(
        "budget 0.01 EUR",
        "  reserve 50%\n  line a { category production; amount 50% }",
    ));
    assert_eq!(budget_codes(&c), Vec::<&str>::new());
    let b = budget_of(&c);
    assert_eq!((b.reserve, b.lines[0].amount, b.unallocated), (1, 0, 0));
    // Thirds leave a cent unallocated, reported.
    let c = run(&project(
        "budget 100 EUR",
        "  line a { category production; amount 33.33% }\n  line b { category tools; amount 33.33% }\n  line c { category fees; amount 33.34% }",
    ));
    let b = budget_of(&c);
    assert_eq!(
        b.lines.iter().map(|l| l.amount).collect::<Vec<_>>(),
        [3333, 3333, 3334]
    );
    assert_eq!(b.unallocated, 0);
    let c = run(&project(
        "budget 0.10 EUR",
        "  line a { category production; amount 33.33% }\n  line b { category tools; amount 33.33% }\n  line c { category fees; amount 33.33% }",
    ));
    let b = budget_of(&c);
    // Exact 3.333 each, 9.999 together → 10 cents: one share gains the unit.
    assert_eq!(b.lines.iter().map(|l| l.amount).sum::<i64>(), 10);
    assert_adds_up(b);
}

#[test]
fn money_and_percentages_that_fit_exactly_never_overrun_by_rounding() {
    // 50% of 24 000.01 is 12 000.005, rounded to 12 000.01; with 12 000.00: the total exactly.
    let c = run(&project(
        "budget 24000.01 EUR",
        "  line a { category production; amount 50% }\n  line b { category tools; amount 12000 EUR }",
    ));
    assert_eq!(budget_codes(&c), Vec::<&str>::new());
    let b = budget_of(&c);
    assert_eq!((b.lines[0].amount, b.unallocated), (1_200_001, 0));
}

// ------------------------------------------------------------------ overrun and remainder

#[test]
fn an_overrun_is_named_exactly_on_the_total_with_the_arithmetic() {
    let src = project(
        "budget 24000 EUR",
        "  total 24000 EUR\n  reserve 10%\n  line a { category production; amount 20000 EUR }\n  line b { category tools; amount 3000 EUR }",
    );
    let c = run(&src);
    let d = only(&c, "E0703");
    assert_eq!(
        d.message,
        "lines and reserve come to 25 400.00 EUR, 1 400.00 EUR over the total of 24 000.00 EUR"
    );
    assert_eq!(text_at(&src, &d.primary), "24000 EUR");
    assert!(src[..d.primary.span.start as usize].ends_with("total "));
    let notes = d.notes.join("\n");
    for item in [
        "line `a`: 20 000.00 EUR",
        "line `b`: 3 000.00 EUR",
        "the reserve: 10% of 24 000.00 EUR = 2 400.00 EUR",
        "25 400.00 EUR − total 24 000.00 EUR = 1 400.00 EUR over",
    ] {
        assert!(notes.contains(item), "{notes}");
    }
    assert!(c.plan.is_none());
}

#[test]
fn an_overrun_of_the_campaigns_budget_points_at_the_budget_keyword_and_the_campaign() {
    let src = project(
        "budget 1000 EUR",
        "  line a { category production; amount 1000.01 EUR }",
    );
    let c = run(&src);
    let d = only(&c, "E0703");
    assert_eq!(text_at(&src, &d.primary), "budget");
    assert_eq!(text_at(&src, &d.secondary[0]), "1000 EUR");
    assert_eq!(
        d.message,
        "lines come to 1 000.01 EUR, 0.01 EUR over the total of 1 000.00 EUR"
    );
}

#[test]
fn a_reserve_alone_over_the_total_is_an_overrun() {
    let c = run(&project("budget 1000 JPY", "  reserve 2000 JPY"));
    let d = only(&c, "E0703");
    assert_eq!(
        d.message,
        "the reserve is 2 000 JPY, 1 000 JPY over the total of 1 000 JPY"
    );
}

#[test]
fn many_lines_are_listed_up_to_ten_then_summed() {
    let lines: String = (0..25)
        .map(|i| format!("  line l{i} {{ category production; amount 100 EUR }}\n"))
        .collect();
    let c = run(&project("budget 2000 EUR", &lines));
    let d = only(&c, "E0703");
    assert!(
        d.notes
            .iter()
            .any(|n| n == "… and 15 more lines: 1 500.00 EUR"),
        "{:?}",
        d.notes
    );
    assert_eq!(d.notes.len(), 13);
}

#[test]
fn lines_not_counted_are_named_in_the_overrun() {
    let c = run(&project(
        "budget 1000 EUR",
        "  line a { category production; amount 2000 EUR }\n  line b { category tools; amount 10 USD }",
    ));
    let d = only(&c, "E0703");
    assert!(d
        .notes
        .iter()
        .any(|n| n.contains("not counted") && n.contains("line `b`")));
    only(&c, "E0701");
}

#[test]
fn an_unallocated_remainder_is_a_note_saying_how_much() {
    let src = project(
        "budget 24000 EUR",
        "  total 24000 EUR\n  reserve 10%\n  line a { category production; amount 20000 EUR }",
    );
    let c = run(&src);
    let d = only(&c, "W0702");
    assert_eq!(d.severity, Severity::Note);
    assert_eq!(d.lint(), Some("unallocated-budget"));
    assert!(
        d.message
            .starts_with("1 600.00 EUR of the 24 000.00 EUR budget"),
        "{}",
        d.message
    );
    assert_eq!(text_at(&src, &d.primary), "24000 EUR");
    let b = budget_of(&c);
    assert_eq!(
        (b.unallocated, b.allocated, b.reserve),
        (160_000, 2_000_000, 240_000)
    );
    assert_adds_up(b);
}

#[test]
fn no_unallocated_note_when_the_budget_has_an_error() {
    let c = run(&project(
        "budget 24000 EUR",
        "  total 25000 EUR\n  line a { category production; amount 20000 EUR }",
    ));
    assert_eq!(budget_codes(&c), ["E0702"]);
}

// ------------------------------------------------------------------ paid lines

#[test]
fn a_paid_line_needs_a_channel() {
    let src = project(
        "budget 1000 EUR",
        "  line ads { category paid; amount 1000 EUR; during launch }",
    );
    let c = run(&src);
    let d = only(&c, "E0705");
    assert_eq!(text_at(&src, &d.primary), "paid");
    assert!(d.help.unwrap().contains("channel instagram"));
}

#[test]
fn a_wrong_channel_value_is_not_reported_again_as_a_missing_channel() {
    let c = run(&project(
        "budget 1000 EUR",
        "  line ads { category paid; channel \"instagram\"; amount 1000 EUR; during launch }",
    ));
    assert!(!codes(&c).contains(&"E0705"), "{:?}", codes(&c));
    assert!(c.has_errors());
    // An unknown channel is the resolver's error, and no W0701 follows.
    let c = run(&project(
        "budget 1000 EUR",
        "  line ads { category paid; channel instagramm; amount 1000 EUR; during launch }",
    ));
    assert_eq!(budget_codes(&c), Vec::<&str>::new());
    assert!(codes(&c).contains(&"E0204"));
}

#[test]
fn paid_spend_on_a_channel_without_posts_in_its_dates_is_a_warning() {
    // Posts run on Tuesdays from 2027-03-01 to 2027-04-30.
    let src = project(
        "budget 1000 EUR",
        "  line ads { category paid; channel instagram; amount 1000 EUR; start 2027-05-01; end 2027-05-31 }",
    );
    let c = run(&src);
    let d = only(&c, "W0701");
    assert_eq!(d.lint(), Some("paid-channel-without-posts"));
    assert_eq!(text_at(&src, &d.primary), "instagram");
    assert!(d.notes[0].contains("2027-04-27"), "{:?}", d.notes);
    assert!(c.plan.is_some(), "a warning keeps the plan");
    // One Tuesday inside the window is enough.
    let c = run(&project(
        "budget 1000 EUR",
        "  line ads { category paid; channel instagram; amount 1000 EUR; start 2027-04-27; end 2027-05-31 }",
    ));
    assert_eq!(budget_codes(&c), Vec::<&str>::new());
    // A Wednesday-to-Monday window misses every Tuesday.
    let c = run(&project(
        "budget 1000 EUR",
        "  line ads { category paid; channel instagram; amount 1000 EUR; start 2027-03-03; end 2027-03-08 }",
    ));
    assert_eq!(budget_codes(&c), ["W0701"]);
    let d = only(&c, "W0701");
    assert!(d.notes[0].contains("2027-03-02") && d.notes[0].contains("2027-03-09"));
}

#[test]
fn a_one_off_paid_payment_looks_for_posts_in_the_whole_campaign() {
    let c = run(&project(
        "budget 1000 EUR",
        "  line ads { category paid; channel instagram; amount 1000 EUR; on 2027-02-01 }",
    ));
    assert_eq!(budget_codes(&c), Vec::<&str>::new());
    let src = r#"campaign "T" { start 2027-03-01; end 2027-03-31; budget 10 EUR }
channel instagram { handle "@t" }
channel tiktok { handle "@t" }
message m { text "Hi"; media image "a.jpg" }
schedule s { post m to instagram at 2027-03-02 09:00 }
budget { line ads { category paid; channel tiktok; amount 10 EUR; on 2027-02-01 } }
"#;
    let c = run(src);
    let d = only(&c, "W0701");
    assert!(d.message.contains("during the campaign"), "{}", d.message);
    assert_eq!(d.notes[0], "`tiktok` has no post at all in the plan");
}

// ------------------------------------------------------------------ dates

#[test]
fn a_reversed_line_is_e0401_at_its_end() {
    let src = project(
        "budget 1000 EUR",
        "  line a { category production; amount 1000 EUR; start 2027-04-10; end 2027-04-01 }",
    );
    let c = run(&src);
    let d = only(&c, "E0401");
    assert_eq!(text_at(&src, &d.primary), "2027-04-01");
    assert_eq!(text_at(&src, &d.secondary[0]), "2027-04-10");
    assert_eq!(
        budget_codes(&c),
        Vec::<&str>::new(),
        "not also outside the campaign"
    );
}

#[test]
fn spend_windows_lie_inside_the_campaign() {
    let cases = [
        ("start 2027-02-01; end 2027-03-10", vec!["2027-02-01"]),
        ("start 2027-04-01; end 2027-06-10", vec!["2027-06-10"]),
        (
            "start 2027-02-01; end 2027-06-10",
            vec!["2027-02-01", "2027-06-10"],
        ),
        ("start 2027-06-01", vec!["2027-06-01"]),
        ("end 2027-02-20", vec!["2027-02-20"]),
        ("on 2027-06-01", vec!["2027-06-01"]),
    ];
    for (when, places) in cases {
        let src = project(
            "budget 1000 EUR",
            &format!("  line a {{ category production; amount 1000 EUR; {when} }}"),
        );
        let c = run(&src);
        let d = only(&c, "E0706");
        assert_eq!(text_at(&src, &d.primary), places[0], "{when}");
        let others: Vec<&str> = d.secondary.iter().map(|l| text_at(&src, l)).collect();
        for p in &places[1..] {
            assert!(others.contains(p), "{when}: {others:?}");
        }
    }
}

#[test]
fn line_windows_default_to_the_campaign_and_take_a_phase() {
    let c = run(&project(
        "budget 1000 EUR",
        "  line a { category production; amount 100 EUR; on 2027-01-15 }\n  line b { category production; amount 100 EUR; start 2027-05-01 }\n  line c { category production; amount 100 EUR; end 2027-03-10 }\n  line d { category production; amount 100 EUR }\n  line e { category production; amount 100 EUR; during launch; pacing back }",
    ));
    assert_eq!(budget_codes(&c), ["W0702"]);
    let b = budget_of(&c);
    let ranges: Vec<(NaiveDate, NaiveDate)> = b.lines.iter().map(|l| (l.start, l.end)).collect();
    assert_eq!(
        ranges,
        [
            (day("2027-01-15"), day("2027-01-15")),
            (day("2027-05-01"), day("2027-05-31")),
            (day("2027-03-01"), day("2027-03-10")),
            (day("2027-03-01"), day("2027-05-31")),
            (day("2027-03-15"), day("2027-04-11")),
        ]
    );
    assert_eq!(b.lines[4].phase.as_deref(), Some("launch"));
    assert_eq!(b.lines[4].pacing, Pacing::Back);
    assert!(b.lines[4].days.windows(2).all(|w| w[0].1 <= w[1].1));
    assert_eq!(b.lines[3].pacing, Pacing::Even);
    assert_adds_up(b);
}

// ------------------------------------------------------------------ scale

#[test]
fn ten_thousand_lines_over_a_year_are_fast() {
    let mut budget = String::from("  total 100000000 EUR\n");
    for i in 0..10_000 {
        budget.push_str(&format!(
            "  line l{i} {{ category production; amount {}.{:02} EUR; pacing {} }}\n",
            1000 + i,
            i % 100,
            ["even", "front", "back"][i % 3]
        ));
    }
    let src = format!(
        "campaign \"Year\" {{ start 2027-01-01; end 2027-12-31 }}\nbudget {{\n{budget}}}\n"
    );
    let started = Instant::now();
    let c = run(&src);
    let took = started.elapsed();
    let b = budget_of(&c);
    assert_eq!(b.lines.len(), 10_000);
    assert!(b.lines.iter().all(|l| l.days.len() == 365));
    assert_adds_up(b);
    assert!(took.as_secs() < 60, "took {took:?}");
}

// ------------------------------------------------------------------ properties

/// A decimal amount of minor units, as written in a plan (`1234.56`).
fn written(minor: i64, digits: u32) -> String {
    if digits == 0 {
        return minor.to_string();
    }
    let unit = 10i64.pow(digits);
    format!(
        "{}.{:0width$}",
        minor / unit,
        minor % unit,
        width = digits as usize
    )
}

/// 100% in hundredths of a percent.
const HUNDRED_PERCENT: i64 = 10_000;

#[derive(Debug, Clone)]
enum Amt {
    Money(i64),
    /// Hundredths of a percent.
    Percent(i64),
}

impl Amt {
    fn text(&self) -> String {
        match self {
            Amt::Money(m) => format!("{} EUR", written(*m, 2)),
            Amt::Percent(p) => format!("{}%", written(*p, 2)),
        }
    }
}

fn amount() -> impl Strategy<Value = Amt> {
    prop_oneof![
        3 => (0i64..10_000_000).prop_map(Amt::Money),
        1 => (0i64..=i64::MAX).prop_map(Amt::Money),
        2 => (0i64..5_000).prop_map(Amt::Percent),
    ]
}

fn window() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        Just("during launch".to_string()),
        (0i64..92).prop_map(|d| format!("on {}", day("2027-03-01") + chrono::Days::new(d as u64))),
        (0i64..92, 0i64..92).prop_map(|(a, b)| {
            let (a, b) = (a.min(b), a.max(b));
            format!(
                "start {}; end {}",
                day("2027-03-01") + chrono::Days::new(a as u64),
                day("2027-03-01") + chrono::Days::new(b as u64)
            )
        }),
    ]
}

fn pacing() -> impl Strategy<Value = &'static str> {
    prop_oneof![Just("even"), Just("front"), Just("back")]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn random_budgets_never_overflow_and_always_add_up(
        total in prop_oneof![Just(None), (0i64..100_000_000).prop_map(Some), (0i64..=i64::MAX).prop_map(Some)],
        reserve in proptest::option::of(amount()),
        lines in proptest::collection::vec((amount(), window(), pacing()), 0..8),
    ) {
        let mut body = String::new();
        if let Some(t) = total {
            body.push_str(&format!("  total {} EUR\n", written(t, 2)));
        }
        if let Some(r) = &reserve {
            body.push_str(&format!("  reserve {}\n", r.text()));
        }
        for (i, (a, w, p)) in lines.iter().enumerate() {
            let when = if w.is_empty() { String::new() } else { format!("{w}; ") };
            body.push_str(&format!("  line l{i} {{ category production; amount {}; {when}pacing {p} }}\n", a.text()));
        }
        let c = run(&project("", &body));
        let has_percent = reserve.iter().chain(lines.iter().map(|l| &l.0)).any(|a| matches!(a, Amt::Percent(_)));
        let percent_sum: i64 = reserve.iter().chain(lines.iter().map(|l| &l.0))
            .map(|a| if let Amt::Percent(p) = a { *p } else { 0 }).sum();
        let money_sum: i128 = reserve.iter().chain(lines.iter().map(|l| &l.0))
            .map(|a| if let Amt::Money(m) = a { i128::from(*m) } else { 0 }).sum();
        let codes = budget_codes(&c);
        if total.is_none() && (has_percent || (reserve.is_none() && lines.is_empty())) {
            prop_assert!(codes.contains(&"E0707"), "{:?}", codes);
        }
        if percent_sum > HUNDRED_PERCENT {
            prop_assert!(codes.contains(&"E0704"), "{:?}", codes);
            prop_assert!(!codes.contains(&"E0703"));
        }
        if let Some(t) = total {
            if percent_sum <= HUNDRED_PERCENT {
                // Exact: percentages are at most their exact value rounded up as a whole.
                let exact_percent = i128::from(t) * i128::from(percent_sum); // ×10^-4
                let exceeds = (money_sum * 10_000 + exact_percent) > i128::from(t) * 10_000;
                let within = money_sum * 10_000 + exact_percent <= i128::from(t) * 10_000;
                if within {
                    prop_assert!(!codes.contains(&"E0703"), "{:?}", codes);
                }
                if exceeds && money_sum > i128::from(t) {
                    prop_assert!(codes.contains(&"E0703"), "{:?}", codes);
                }
            }
        }
        if !c.has_errors() {
            let b = budget_of(&c);
            prop_assert_eq!(b.lines.len(), lines.len());
            assert_adds_up(b);
            if let Some(t) = total {
                prop_assert_eq!(b.total, t);
            }
            prop_assert_eq!(codes.contains(&"W0702"), b.unallocated > 0 && total.is_some());
        }
    }
}
