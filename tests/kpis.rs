//! The KPI pass (`smm::check::kpis`): units, directions, objectives, deadlines, reviews and the
//! budget feasibility rule, through the whole checker; plus the pure arithmetic of feasibility
//! and review dates.

use std::path::Path;

use chrono::NaiveDate;
use smm::check::kpis::feasibility::{self, Shortfall};
use smm::check::kpis::reviews::{
    first_review_after_deadline, longest_fitting, review_dates, Cadence,
};
use smm::check::{check, Checked};
use smm::diagnostic::Diagnostic;
use smm::project::load_text;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// A complete small plan: campaign (EUR), roles, one channel per platform used, two objectives
/// with their KPIs, a budget with paid lines on instagram (4 500 EUR) and facebook (2 000 EUR);
/// `extra` is appended.
fn plan(objectives_and_kpis: &str) -> String {
    format!(
        r#"campaign "Test" {{
  start 2027-03-01
  end 2027-05-31
  timezone "Europe/Paris"
  budget 10000 EUR
  owner strategist
}}
role strategist {{ title "Social media manager" }}
role community {{ title "Community manager" }}
channel instagram {{ handle "@brand"; owner community }}
channel facebook {{ handle "brand"; owner community }}
audience people {{ age 25..45; locations [FR]; languages [fr] }}
message hello {{
  objective sales
  audience people
  text "Hello"
  media image "hello.jpg"
}}
schedule main {{
  post hello to [instagram, facebook] every mon at 10:00
}}
budget {{
  total 10000 EUR
  line ads_instagram {{ category paid; channel instagram; amount 4500 EUR }}
  line ads_facebook {{ category paid; channel facebook; amount 2000 EUR }}
  line visuals {{ category production; amount 3000 EUR; on 2027-02-20 }}
}}
{objectives_and_kpis}
"#
    )
}

const SALES: &str = "objective sales { kind conversion; owner strategist }\n";

fn run(src: &str) -> Checked {
    let project = load_text(Path::new("test.smm"), src, Default::default());
    check(&project, &Default::default())
}

fn kpi_diags(checked: &Checked) -> Vec<&Diagnostic> {
    checked
        .diagnostics
        .iter()
        .filter(|d| d.code.starts_with("E08") || d.code.starts_with("W08"))
        .collect()
}

fn codes(src: &str) -> Vec<&'static str> {
    kpi_diags(&run(src)).iter().map(|d| d.code).collect()
}

fn only(src: &str, code: &str) -> Diagnostic {
    let checked = run(src);
    let found: Vec<&Diagnostic> = kpi_diags(&checked);
    assert_eq!(
        found.iter().map(|d| d.code).collect::<Vec<_>>(),
        vec![code],
        "{found:#?}"
    );
    found[0].clone()
}

fn kpis(body: &str) -> String {
    plan(&format!("{SALES}{body}"))
}

// ---------------------------------------------------------------- a clean plan

#[test]
fn a_coherent_plan_has_no_kpi_diagnostic_and_builds_its_kpis() {
    let src = kpis(
        r#"
kpi sales_count { objective sales; metric conversions; channel instagram; target >= 200; baseline 40; review monthly; owner strategist; source "Shop" }
kpi sales_cost  { objective sales; metric cpa; channel instagram; target <= 20 EUR; baseline 31.40 EUR; by 2027-04-30 }
kpi sales_roas  { objective sales; metric roas; target >= 4; review biweekly }
kpi sales_rate  { objective sales; metric conversion_rate; target = 2.5% }
kpi ugc         { objective sales; metric custom "UGC posts"; target >= 150; baseline 12.5 }
"#,
    );
    let checked = run(&src);
    assert!(kpi_diags(&checked).is_empty(), "{:#?}", kpi_diags(&checked));
    if let Some(plan) = &checked.plan {
        let names: Vec<&str> = plan.kpis.iter().map(|k| k.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "sales_count",
                "sales_cost",
                "sales_roas",
                "sales_rate",
                "ugc"
            ]
        );
        let k = &plan.kpis[0];
        assert_eq!(k.target, ">= 200");
        assert_eq!(k.unit, "count");
        assert_eq!(k.baseline.as_deref(), Some("40"));
        assert_eq!(k.by, d(2027, 5, 31));
        assert_eq!(k.reviews, [d(2027, 4, 1), d(2027, 5, 1), d(2027, 5, 31)]);
        let cost = &plan.kpis[1];
        assert_eq!(cost.target, "<= 20.00 EUR");
        assert_eq!(cost.unit, "money");
        assert_eq!(cost.reviews, [d(2027, 4, 30)]);
        assert_eq!(plan.kpis[2].target, ">= 4");
        assert_eq!(plan.kpis[2].unit, "ratio");
        assert_eq!(plan.kpis[3].target, "= 2.5%");
        assert!(plan.kpis[4].custom);
        assert_eq!(plan.kpis[4].metric, "UGC posts");
        assert_eq!(plan.kpis[4].unit, "count");
    }
}

// ---------------------------------------------------------------- units

#[test]
fn money_target_for_reach_is_e0801_with_an_example() {
    let src = plan(
        "objective aw { kind awareness }\nkpi r { objective aw; metric reach; target >= 12 EUR }\n\
         objective sales { kind conversion }\nkpi s { objective sales; metric conversions; target >= 1 }",
    );
    let diag = only(&src, "E0801");
    assert!(diag.message.contains("whole number"), "{}", diag.message);
    assert_eq!(&src[diag.primary.span.range()], "12 EUR");
    assert!(
        diag.help.as_deref().unwrap().contains("target >= 150000"),
        "{:?}",
        diag.help
    );
}

#[test]
fn unit_mismatches_are_e0801() {
    for (metric, target) in [
        ("reach", "4.5%"),
        ("clicks", "1.5"),
        ("engagement_rate", "0.045"),
        ("cpc", "0.45"),
        ("cpa", "45%"),
        ("roas", "400%"),
        ("roas", "4 EUR"),
        ("response_time", "2"),
        ("revenue", "30000"),
    ] {
        let src = kpis(&format!(
            "kpi k {{ objective sales; metric {metric}; target >= {target} }}"
        ));
        let c = codes(&src);
        assert!(c.contains(&"E0801"), "{metric} {target}: {c:?}");
    }
}

#[test]
fn guesses_reuse_the_users_number() {
    let help = |metric: &str, target: &str| {
        let src = kpis(&format!(
            "kpi k {{ objective sales; metric {metric}; target >= {target} }}"
        ));
        let checked = run(&src);
        let diag = kpi_diags(&checked)
            .into_iter()
            .find(|d| d.code == "E0801")
            .cloned()
            .unwrap_or_else(|| panic!("{metric} {target}"));
        diag.help.unwrap()
    };
    assert!(help("conversion_rate", "0.045").contains("`target >= 4.5%`"));
    assert!(help("conversion_rate", "4.5").contains("`target >= 4.5%`"));
    assert!(help("cpa", "20").contains("`target >= 20 EUR`"));
    assert!(help("roas", "400%").contains("`target >= 4`"));
    assert!(help("conversions", "300.0").contains("`target >= 300`"));
}

#[test]
fn another_currency_is_e0801_pointing_at_the_plan_currency() {
    let src = kpis("kpi k { objective sales; metric cpa; target <= 20 USD }");
    let diag = only(&src, "E0801");
    assert!(diag.message.contains("USD"), "{}", diag.message);
    assert!(diag.message.contains("EUR"), "{}", diag.message);
    assert_eq!(diag.secondary.len(), 1);
    assert_eq!(&src[diag.secondary[0].span.range()], "10000 EUR");
}

#[test]
fn custom_metrics_take_any_measure_but_not_a_date() {
    for target in ["150", "4.5", "45%", "5000 EUR", "2h"] {
        let src = kpis(&format!(
            "kpi k {{ objective sales; metric custom \"Anything\"; target >= {target} }}"
        ));
        assert!(codes(&src).is_empty(), "{target}: {:?}", codes(&src));
    }
    let src = kpis("kpi k { objective sales; metric custom \"Launch\"; target >= 2027-04-01 }");
    assert_eq!(codes(&src), ["E0801"]);
    let src = kpis("kpi k { objective sales; metric custom \"Sales\"; target >= 5000 USD }");
    assert_eq!(codes(&src), ["E0801"]);
}

#[test]
fn rates_above_100_are_e0802_except_growth_and_roi() {
    let src = kpis("kpi k { objective sales; metric conversion_rate; target >= 120% }");
    let diag = only(&src, "E0802");
    assert_eq!(&src[diag.primary.span.range()], "120%");
    assert!(codes(&kpis(
        "kpi k { objective sales; metric conversion_rate; target = 100% }"
    ))
    .is_empty());
    assert!(codes(&kpis(
        "kpi k { objective sales; metric conversion_rate; target >= 100.5% }"
    ))
    .contains(&"E0802"));
    assert!(codes(&kpis(
        "kpi k { objective sales; metric roi; target >= 250% }"
    ))
    .is_empty());
    let src = plan(&format!(
        "{SALES}kpi s {{ objective sales; metric conversions; target >= 1 }}\n\
         objective community {{ kind loyalty }}\n\
         kpi g {{ objective community; metric follower_growth; target >= 150% }}"
    ));
    assert!(codes(&src).is_empty(), "{:?}", codes(&src));
    // A custom percentage is not bounded.
    assert!(codes(&kpis(
        "kpi k { objective sales; metric custom \"Index\"; target >= 130% }"
    ))
    .is_empty());
    // A baseline too.
    assert_eq!(
        codes(&kpis(
            "kpi k { objective sales; metric conversion_rate; target >= 5%; baseline 101% }"
        )),
        ["E0802"]
    );
}

// ---------------------------------------------------------------- direction

#[test]
fn a_maximum_on_reach_and_a_minimum_on_cpa_are_w0801() {
    let src = plan(
        "objective aw { kind awareness }\nkpi r { objective aw; metric reach; target <= 150000 }\n\
         objective sales { kind conversion }\nkpi s { objective sales; metric conversions; target >= 1 }",
    );
    let diag = only(&src, "W0801");
    assert_eq!(&src[diag.primary.span.range()], "<=");
    assert!(diag.message.contains("minimum"), "{}", diag.message);
    assert!(diag.message.contains("`>= 150000`"), "{}", diag.message);
    let src = kpis("kpi k { objective sales; metric cpa; target >= 20 EUR }");
    let diag = only(&src, "W0801");
    assert!(diag.message.contains("maximum"), "{}", diag.message);
    assert!(diag
        .help
        .as_deref()
        .unwrap()
        .contains("`target <= 20.00 EUR`"));
}

#[test]
fn equals_is_accepted_in_both_directions() {
    assert!(codes(&kpis(
        "kpi k { objective sales; metric cpa; target = 20 EUR }"
    ))
    .is_empty());
    assert!(codes(&kpis(
        "kpi k { objective sales; metric conversions; target = 200 }"
    ))
    .is_empty());
}

// ---------------------------------------------------------------- baseline

#[test]
fn baseline_units() {
    let src = kpis("kpi k { objective sales; metric conversions; target >= 200; baseline 4.5% }");
    let diag = only(&src, "E0805");
    assert_eq!(&src[diag.primary.span.range()], "4.5%");
    assert_eq!(
        codes(&kpis(
            "kpi k { objective sales; metric cpa; target <= 20 EUR; baseline 31 USD }"
        )),
        ["E0805"]
    );
    // A custom metric's baseline follows its target; whole and decimal numbers are both plain.
    assert!(codes(&kpis(
        "kpi k { objective sales; metric custom \"Rating\"; target >= 4; baseline 3.7 }"
    ))
    .is_empty());
    let src =
        kpis("kpi k { objective sales; metric custom \"Open rate\"; target >= 45%; baseline 38 }");
    let diag = only(&src, "E0805");
    assert_eq!(diag.secondary.len(), 1);
}

// ---------------------------------------------------------------- objectives

#[test]
fn an_objective_without_kpi_is_w0802_on_its_name() {
    let src = kpis(
        "kpi s { objective sales; metric conversions; target >= 1 }\nobjective reach_fr { kind awareness }",
    );
    let diag = only(&src, "W0802");
    assert_eq!(&src[diag.primary.span.range()], "reach_fr");
    assert!(
        diag.help.as_deref().unwrap().contains("metric reach"),
        "{:?}",
        diag.help
    );
}

#[test]
fn no_w0802_when_a_kpi_objective_is_unknown() {
    let src = kpis("kpi s { objective sale; metric conversions; target >= 1 }");
    let checked = run(&src);
    assert!(checked.diagnostics.iter().any(|d| d.code == "E0204"));
    assert!(kpi_diags(&checked).is_empty(), "{:#?}", kpi_diags(&checked));
}

#[test]
fn a_cost_metric_on_an_awareness_objective_is_w0803() {
    let src = plan(
        "objective aw { kind awareness }\nkpi r { objective aw; metric cpa; target <= 20 EUR }\n\
         objective sales { kind conversion }\nkpi s { objective sales; metric conversions; target >= 1 }",
    );
    let diag = only(&src, "W0803");
    assert_eq!(&src[diag.primary.span.range()], "cpa");
    assert_eq!(&src[diag.secondary[0].span.range()], "awareness");
    // Custom metrics suit any objective.
    let src = plan(
        "objective aw { kind awareness }\nkpi r { objective aw; metric custom \"Cost\"; target <= 20 EUR }\n\
         objective sales { kind conversion }\nkpi s { objective sales; metric conversions; target >= 1 }",
    );
    assert!(codes(&src).is_empty());
}

// ---------------------------------------------------------------- deadline and reviews

#[test]
fn deadlines_outside_the_campaign_are_e0803() {
    let src = kpis("kpi k { objective sales; metric conversions; target >= 1; by 2027-06-01 }");
    let diag = only(&src, "E0803");
    assert_eq!(&src[diag.primary.span.range()], "2027-06-01");
    assert_eq!(&src[diag.secondary[0].span.range()], "2027-05-31");
    let src = kpis("kpi k { objective sales; metric conversions; target >= 1; by 2027-02-28 }");
    let diag = only(&src, "E0803");
    assert!(diag.message.contains("before"));
    // First and last days are inside.
    assert!(codes(&kpis(
        "kpi k { objective sales; metric conversions; target >= 1; by 2027-03-01 }"
    ))
    .is_empty());
    assert!(codes(&kpis(
        "kpi k { objective sales; metric conversions; target >= 1; by 2027-05-31 }"
    ))
    .is_empty());
}

#[test]
fn a_monthly_review_on_a_two_week_kpi_is_w0804() {
    let src = kpis(
        "kpi k { objective sales; metric conversions; target >= 1; by 2027-03-14; review monthly }",
    );
    let diag = only(&src, "W0804");
    assert_eq!(&src[diag.primary.span.range()], "monthly");
    assert!(
        diag.help.as_deref().unwrap().contains("review weekly"),
        "{:?}",
        diag.help
    );
    // A week's review on the deadline itself fits.
    assert!(codes(&kpis(
        "kpi k { objective sales; metric conversions; target >= 1; by 2027-03-08; review weekly }"
    ))
    .is_empty());
    assert_eq!(
        codes(&kpis("kpi k { objective sales; metric conversions; target >= 1; by 2027-03-07; review weekly }")),
        ["W0804"]
    );
}

#[test]
fn review_dates_are_built_in_the_plan() {
    let src = kpis(
        "kpi k { objective sales; metric conversions; target >= 1; by 2027-03-31; review weekly }",
    );
    let checked = run(&src);
    assert!(kpi_diags(&checked).is_empty());
    if let Some(plan) = &checked.plan {
        assert_eq!(
            plan.kpis[0].reviews,
            [
                d(2027, 3, 8),
                d(2027, 3, 15),
                d(2027, 3, 22),
                d(2027, 3, 29),
                d(2027, 3, 31)
            ]
        );
    }
}

// ---------------------------------------------------------------- feasibility

const BUDGET_NOTE: &str = "only runs when the budget pass built a budget plan";

#[test]
fn cpa_times_conversions_above_the_paid_budget_is_e0804() {
    let src = kpis(
        "kpi sales_count { objective sales; metric conversions; channel instagram; target >= 300 }\n\
         kpi sales_cost { objective sales; metric cpa; channel instagram; target <= 20 EUR }",
    );
    let checked = run(&src);
    if !checked.diagnostics.iter().any(|d| d.code == "E0804") {
        assert!(
            checked
                .diagnostics
                .iter()
                .any(|d| d.code.starts_with("E07"))
                || checked.plan.is_none(),
            "{BUDGET_NOTE}: {:#?}",
            checked.diagnostics
        );
        return;
    }
    let diag = only(&src, "E0804");
    assert_eq!(&src[diag.primary.span.range()], ">= 300");
    assert_eq!(&src[diag.secondary[0].span.range()], "<= 20 EUR");
    let notes = diag.notes.join("\n");
    assert!(notes.contains("6 000.00 EUR"), "{notes}");
    assert!(notes.contains("4 500.00 EUR"), "{notes}");
    assert!(notes.contains("1 500.00 EUR short"), "{notes}");
    assert!(notes.contains("225 conversions"), "{notes}");
    assert!(notes.contains("15.00 EUR"), "{notes}");
}

#[test]
fn exactly_the_paid_budget_is_feasible_and_scopes_must_match() {
    // 225 × 20 = 4 500 = the paid budget on instagram.
    let src = kpis(
        "kpi a { objective sales; metric conversions; channel instagram; target >= 225 }\n\
         kpi b { objective sales; metric cpa; channel instagram; target <= 20 EUR }",
    );
    assert!(codes(&src).is_empty(), "{:?}", codes(&src));
    // Other scopes are not compared: all channels vs instagram.
    let src = kpis(
        "kpi a { objective sales; metric conversions; target >= 1000 }\n\
         kpi b { objective sales; metric cpa; channel instagram; target <= 20 EUR }",
    );
    assert!(codes(&src).is_empty(), "{:?}", codes(&src));
    // The same set of channels in another order is the same scope: 6 500 EUR on both.
    let src = kpis(
        "kpi a { objective sales; metric conversions; channel [instagram, facebook]; target >= 325 }\n\
         kpi b { objective sales; metric cpa; channel [facebook, instagram]; target <= 20 EUR }",
    );
    assert!(codes(&src).is_empty(), "{:?}", codes(&src));
    let src = kpis(
        "kpi a { objective sales; metric conversions; channel [instagram, facebook]; target >= 326 }\n\
         kpi b { objective sales; metric cpa; channel [facebook, instagram]; target <= 20 EUR }",
    );
    let c = codes(&src);
    assert!(c.is_empty() || c == ["E0804"], "{c:?}");
}

#[test]
fn cpm_prices_a_thousand_impressions() {
    // Paid on all channels: 6 500 EUR. 1 000 000 impressions at 6.50 EUR per 1 000 = 6 500 EUR.
    let ok = plan(
        "objective aw { kind awareness }\n\
         kpi i { objective aw; metric impressions; target >= 1_000_000 }\n\
         kpi m { objective aw; metric cpm; target <= 6.50 EUR }\n\
         objective sales { kind conversion }\nkpi s { objective sales; metric conversions; target >= 1 }",
    );
    assert!(codes(&ok).is_empty(), "{:?}", codes(&ok));
    let over = ok.replace("1_000_000", "1_000_154");
    let c = codes(&over);
    assert!(c.is_empty() || c == ["E0804"], "{c:?}");
}

// ---------------------------------------------------------------- feasibility arithmetic

#[test]
fn feasibility_arithmetic_is_exact() {
    // 300 conversions at 20.00 EUR: 6 000.00 EUR needed, 4 500.00 EUR paid.
    assert_eq!(
        feasibility::check(2000, 1, 300, 450_000),
        Some(Shortfall {
            needed: 600_000,
            paid: 450_000,
            missing: 150_000,
            affordable: 225,
            max_cost: 1500,
        })
    );
    // Exactly equal is feasible.
    assert_eq!(feasibility::check(2000, 1, 225, 450_000), None);
    // One cent short is not.
    assert!(feasibility::check(2000, 1, 225, 449_999).is_some());
    // CPM: 6.50 EUR per 1 000 impressions × 1 000 000 = 6 500.00 EUR.
    assert_eq!(feasibility::check(650, 1000, 1_000_000, 650_000), None);
    // 1 000 001 impressions need 6 500.0065 EUR: rounded up to 6 500.01 EUR.
    let s = feasibility::check(650, 1000, 1_000_001, 650_000).unwrap();
    assert_eq!(s.needed, 650_001);
    assert_eq!(s.missing, 1);
    assert_eq!(s.affordable, 1_000_000);
    assert_eq!(s.max_cost, 649);
    // No paid spend at all.
    let s = feasibility::check(45, 1, 12_000, 0).unwrap();
    assert_eq!((s.needed, s.affordable, s.max_cost), (540_000, 0, 0));
    // A free result or no volume is always feasible.
    assert_eq!(feasibility::check(0, 1, 1_000_000, 0), None);
    assert_eq!(feasibility::check(2000, 1, 0, 0), None);
    // Huge values do not overflow.
    let s = feasibility::check(i64::MAX, 1, i64::MAX, 0).unwrap();
    assert_eq!(s.needed, i64::MAX);
}

// ---------------------------------------------------------------- review dates

#[test]
fn monthly_reviews_from_january_31_clamp_to_month_ends() {
    assert_eq!(
        review_dates(d(2027, 1, 31), d(2027, 6, 15), Some(Cadence::Monthly)),
        [
            d(2027, 2, 28),
            d(2027, 3, 31),
            d(2027, 4, 30),
            d(2027, 5, 31),
            d(2027, 6, 15)
        ]
    );
    // Leap year.
    assert_eq!(
        review_dates(d(2028, 1, 31), d(2028, 3, 1), Some(Cadence::Monthly)),
        [d(2028, 2, 29), d(2028, 3, 1)]
    );
}

#[test]
fn quarterly_reviews_count_three_months_from_the_start() {
    assert_eq!(
        review_dates(d(2027, 1, 31), d(2027, 12, 31), Some(Cadence::Quarterly)),
        [
            d(2027, 4, 30),
            d(2027, 7, 31),
            d(2027, 10, 31),
            d(2027, 12, 31)
        ]
    );
    assert_eq!(
        review_dates(d(2027, 11, 30), d(2028, 6, 1), Some(Cadence::Quarterly)),
        [d(2028, 2, 29), d(2028, 5, 30), d(2028, 6, 1)]
    );
}

#[test]
fn weekly_daily_biweekly_and_none() {
    assert_eq!(
        review_dates(d(2027, 3, 1), d(2027, 3, 15), Some(Cadence::Weekly)),
        [d(2027, 3, 8), d(2027, 3, 15)]
    );
    assert_eq!(
        review_dates(d(2027, 3, 1), d(2027, 3, 4), Some(Cadence::Daily)),
        [d(2027, 3, 2), d(2027, 3, 3), d(2027, 3, 4)]
    );
    assert_eq!(
        review_dates(d(2027, 3, 1), d(2027, 4, 12), Some(Cadence::Biweekly)),
        [d(2027, 3, 15), d(2027, 3, 29), d(2027, 4, 12)]
    );
    assert_eq!(
        review_dates(d(2027, 3, 1), d(2027, 5, 31), None),
        [d(2027, 5, 31)]
    );
    assert_eq!(
        review_dates(d(2027, 3, 1), d(2027, 3, 1), Some(Cadence::Daily)),
        [d(2027, 3, 1)]
    );
    assert!(review_dates(d(2027, 3, 2), d(2027, 3, 1), Some(Cadence::Daily)).is_empty());
}

#[test]
fn cadence_longer_than_window() {
    let start = d(2027, 3, 1);
    assert_eq!(
        first_review_after_deadline(start, d(2027, 3, 14), Cadence::Monthly),
        Some(d(2027, 4, 1))
    );
    assert_eq!(
        first_review_after_deadline(start, d(2027, 4, 1), Cadence::Monthly),
        None
    );
    assert_eq!(
        longest_fitting(start, d(2027, 3, 14)),
        Some(Cadence::Weekly)
    );
    assert_eq!(
        longest_fitting(start, d(2027, 3, 15)),
        Some(Cadence::Biweekly)
    );
    assert_eq!(
        longest_fitting(start, d(2027, 6, 1)),
        Some(Cadence::Quarterly)
    );
    assert_eq!(longest_fitting(start, start), None);
}

#[test]
fn review_dates_never_run_past_the_calendar() {
    let end = NaiveDate::MAX;
    let start = end.pred_opt().unwrap().pred_opt().unwrap();
    assert_eq!(review_dates(start, end, Some(Cadence::Quarterly)), [end]);
    assert_eq!(review_dates(start, end, Some(Cadence::Daily)).len(), 2);
}

// ---------------------------------------------------------------- formatting helpers

#[test]
fn money_and_counts_are_grouped_by_thousands() {
    use smm::check::kpis::units::{group, money, money_literal};
    assert_eq!(group(0), "0");
    assert_eq!(group(999), "999");
    assert_eq!(group(1000), "1 000");
    assert_eq!(group(2_000_000), "2 000 000");
    assert_eq!(group(-12_345), "-12 345");
    assert_eq!(money(600_000, 2, "EUR"), "6 000.00 EUR");
    assert_eq!(money(5, 2, "EUR"), "0.05 EUR");
    assert_eq!(money(1_200_000, 0, "JPY"), "1 200 000 JPY");
    assert_eq!(money(1500, 3, "KWD"), "1.500 KWD");
    assert_eq!(money_literal(150_000, 2, "EUR"), "1500.00 EUR");
}

// ---------------------------------------------------------------- every metric, every unit

#[test]
fn every_metric_against_every_kind_of_value() {
    use smm::schema::metrics::{Unit, METRICS};
    let values: [(&str, Option<Unit>); 8] = [
        ("150000", Some(Unit::Count)),
        ("4.5", Some(Unit::Ratio)),
        ("4.5%", Some(Unit::Percent)),
        ("0.45 EUR", Some(Unit::Money)),
        ("2h", Some(Unit::Duration)),
        ("2027-04-01", None),
        ("\"high\"", None),
        ("high", None),
    ];
    for m in METRICS {
        let mut body = String::new();
        let mut expected_e0801 = 0;
        for (i, (v, unit)) in values.iter().enumerate() {
            for (j, op) in [">=", "<=", "="].iter().enumerate() {
                body.push_str(&format!(
                    "kpi k{i}_{j} {{ objective sales; metric {}; target {op} {v}; baseline {} }}\n",
                    m.name,
                    if m.unit == Unit::Percent { "3.1%" } else { "1" }
                ));
                let fits =
                    *unit == Some(m.unit) || (m.unit == Unit::Ratio && *unit == Some(Unit::Count));
                if !fits {
                    expected_e0801 += 1;
                }
            }
        }
        let checked = run(&kpis(&body));
        let e0801 = checked
            .diagnostics
            .iter()
            .filter(|d| d.code == "E0801")
            .count();
        assert_eq!(
            e0801, expected_e0801,
            "{}: {:#?}",
            m.name, checked.diagnostics
        );
        // A baseline of `1` is wrong only for percentages, money and durations.
        let e0805 = checked
            .diagnostics
            .iter()
            .filter(|d| d.code == "E0805")
            .count();
        let wrong_baseline = matches!(m.unit, Unit::Money | Unit::Duration);
        assert_eq!(
            e0805 > 0,
            wrong_baseline,
            "{}: {:#?}",
            m.name,
            checked.diagnostics
        );
    }
}
