//! The time pass through `smm::check::check`: zones, ranges, DST, series, monthly rules,
//! windows and the content of each post.

use std::path::Path;

use chrono::{NaiveDate, NaiveDateTime, NaiveTime, Timelike};
use smm::check::{check, Checked, LintLevels};
use smm::diagnostic::Diagnostic;
use smm::plan::{Plan, PostOccurrence, Resolution};
use smm::project::{load_text, Options};

/// A complete small project around `body` (phases, messages, schedules…).
fn project(campaign_extra: &str, body: &str) -> String {
    format!(
        r#"
campaign "Test" {{
  start 2027-03-01
  end 2027-11-30
  {campaign_extra}
  owner cm
}}
role cm {{ title "Community manager" }}
objective reach {{ kind awareness; owner cm }}
kpi reach_kpi {{ objective reach; metric reach; target >= 1000; owner cm }}
audience people {{ description "People"; age 25..40 }}
channel instagram {{ handle "@brand"; owner cm }}
channel x {{ handle "@brand"; owner cm }}
message a {{ objective reach; audience people; text "Message A #brand"; media image "a.jpg" }}
message b {{ objective reach; audience people; text "Message B #brand"; media image "b.jpg" }}
message c {{ objective reach; audience people; text "Message C #brand"; media image "c.jpg" }}
{body}
"#
    )
}

fn run(src: &str) -> Checked {
    let p = load_text(Path::new("test.smm"), src, Options::default());
    check(&p, &LintLevels::default())
}

fn codes(c: &Checked) -> Vec<&'static str> {
    c.diagnostics.iter().map(|d| d.code).collect()
}

fn with_code<'a>(c: &'a Checked, code: &str) -> Vec<&'a Diagnostic> {
    c.diagnostics.iter().filter(|d| d.code == code).collect()
}

fn plan(c: &Checked) -> &Plan {
    c.plan
        .as_ref()
        .unwrap_or_else(|| panic!("no plan: {:#?}", c.diagnostics))
}

fn dt(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
}

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn posts_of<'a>(p: &'a Plan, channel: &str) -> Vec<&'a PostOccurrence> {
    p.posts.iter().filter(|o| &*o.channel == channel).collect()
}

fn time_codes(c: &Checked) -> Vec<&'static str> {
    codes(c)
        .into_iter()
        .filter(|c| c.starts_with("E04") || ["W0401", "W0402", "W0403", "W0606"].contains(c))
        .collect()
}

#[test]
fn dst_week_in_paris_keeps_local_time_and_moves_utc() {
    let c = run(&project(
        r#"timezone "Europe/Paris""#,
        "schedule s { post a to instagram every day at 09:00 from 2027-03-26 to 2027-03-30 }",
    ));
    assert!(time_codes(&c).is_empty(), "{:#?}", c.diagnostics);
    let p = plan(&c);
    let posts = posts_of(p, "instagram");
    assert_eq!(posts.len(), 5);
    for o in &posts {
        assert_eq!(o.local.time(), NaiveTime::from_hms_opt(9, 0, 0).unwrap());
        assert_eq!(&*o.timezone, "Europe/Paris");
        assert_eq!(o.resolution, Resolution::Exact);
    }
    // CET (UTC+1) until Sunday 28 March 02:00, then CEST (UTC+2).
    let hours: Vec<u32> = posts.iter().map(|o| o.utc.hour()).collect();
    assert_eq!(hours, [8, 8, 7, 7, 7]);
    assert_eq!(posts[0].id, "s/a/instagram/20270326T0900");
}

#[test]
fn dst_week_in_new_york_keeps_local_time_and_moves_utc() {
    let c = run(&project(
        r#"timezone "America/New_York""#,
        "schedule s { post a to x every day at 09:00 from 2027-03-12 to 2027-03-16 }",
    ));
    assert!(time_codes(&c).is_empty(), "{:#?}", c.diagnostics);
    let p = plan(&c);
    let posts = posts_of(p, "x");
    // EST (UTC−5) until Sunday 14 March 02:00, then EDT (UTC−4).
    let hours: Vec<u32> = posts.iter().map(|o| o.utc.hour()).collect();
    assert_eq!(hours, [14, 14, 13, 13, 13]);
    assert!(posts.iter().all(|o| o.local.hour() == 9));
    // And back in November.
    let c = run(&project(
        r#"timezone "America/New_York""#,
        "schedule s { post a to x every day at 09:00 from 2027-11-06 to 2027-11-08 }",
    ));
    let hours: Vec<u32> = posts_of(plan(&c), "x")
        .iter()
        .map(|o| o.utc.hour())
        .collect();
    assert_eq!(hours, [13, 14, 14]);
}

#[test]
fn dst_gap_is_one_warning_per_statement_and_date() {
    let c = run(&project(
        r#"timezone "Europe/Paris""#,
        "schedule s { post a to [instagram, x] every day at 02:30 from 2027-03-27 to 2027-03-29 }",
    ));
    let gaps = with_code(&c, "W0402");
    assert_eq!(gaps.len(), 1, "{:#?}", c.diagnostics);
    assert_eq!(
        gaps[0].message,
        "02:30 does not exist on 2027-03-28 in Europe/Paris (clocks go forward); posted at 03:30"
    );
    let p = plan(&c);
    let shifted: Vec<_> = p
        .posts
        .iter()
        .filter(|o| matches!(o.resolution, Resolution::Gap { .. }))
        .collect();
    assert_eq!(shifted.len(), 2);
    assert!(shifted.iter().all(|o| o.local == dt("2027-03-28 03:30")));
    assert!(p.notes.iter().any(|n| n.contains("02:30 does not exist")));
}

#[test]
fn dst_overlap_is_a_warning_and_takes_the_first_instant() {
    let c = run(&project(
        r#"timezone "America/New_York""#,
        "schedule s { post a to x at 2027-11-07 01:30 }",
    ));
    let w = with_code(&c, "W0403");
    assert_eq!(w.len(), 1, "{:#?}", c.diagnostics);
    assert!(
        w[0].message
            .contains("posted at the first 01:30 (05:30 UTC), not the second (06:30 UTC)"),
        "{}",
        w[0].message
    );
    let o = &plan(&c).posts[0];
    assert_eq!(o.utc.naive_utc(), dt("2027-11-07 05:30"));
}

#[test]
fn a_series_that_runs_out_stops() {
    let c = run(&project(
        "",
        "schedule s { post [a, b, c] to [instagram, x] every day at 12:00 from 2027-03-01 to 2027-03-05 }",
    ));
    let p = plan(&c);
    let ig: Vec<(&str, NaiveDateTime)> = posts_of(p, "instagram")
        .iter()
        .map(|o| (o.message.as_ref(), o.local))
        .collect();
    assert_eq!(
        ig,
        [
            ("a", dt("2027-03-01 12:00")),
            ("b", dt("2027-03-02 12:00")),
            ("c", dt("2027-03-03 12:00")),
        ]
    );
    assert_eq!(posts_of(p, "x").len(), 3);
}

#[test]
fn a_series_with_repeat_starts_again() {
    let c = run(&project(
        "",
        "schedule s { post [a, b] to instagram every day at 12:00 from 2027-03-01 to 2027-03-05 repeat }",
    ));
    let names: Vec<&str> = posts_of(plan(&c), "instagram")
        .iter()
        .map(|o| o.message.as_ref())
        .collect();
    assert_eq!(names, ["a", "b", "a", "b", "a"]);
}

#[test]
fn every_month_on_day_31_skips_months_once() {
    let c = run(&project(
        "",
        "schedule s { post a to instagram every month on day 31 at 10:00 from 2027-03-01 to 2027-08-31 }",
    ));
    let w = with_code(&c, "W0606");
    assert_eq!(w.len(), 1, "{:#?}", c.diagnostics);
    assert_eq!(
        w[0].message,
        "`every month on day 31` skips April and June 2027: they have no day 31"
    );
    let p = plan(&c);
    let dates: Vec<NaiveDate> = p.posts.iter().map(|o| o.local.date()).collect();
    assert_eq!(
        dates,
        [
            d("2027-03-31"),
            d("2027-05-31"),
            d("2027-07-31"),
            d("2027-08-31")
        ]
    );
    assert!(
        p.notes.iter().any(|n| n.contains("April and June 2027")),
        "{:?}",
        p.notes
    );
}

#[test]
fn during_phase_uses_the_phase_dates_and_posts_know_their_phase() {
    let c = run(&project(
        "",
        r#"
phase teasing { start 2027-03-01; end 2027-03-07 }
phase launch  { start 2027-03-08; end 2027-03-14 }
schedule s { post a to instagram every [mon, fri] at 18:00 during launch
             post b to instagram at 2027-03-02 10:00 }"#,
    ));
    assert!(time_codes(&c).is_empty(), "{:#?}", c.diagnostics);
    let p = plan(&c);
    let got: Vec<(&str, NaiveDateTime, Option<&str>)> = p
        .posts
        .iter()
        .map(|o| (o.message.as_ref(), o.local, o.phase.as_deref()))
        .collect();
    assert_eq!(
        got,
        [
            ("b", dt("2027-03-02 10:00"), Some("teasing")),
            ("a", dt("2027-03-08 18:00"), Some("launch")),
            ("a", dt("2027-03-12 18:00"), Some("launch")),
        ]
    );
    assert_eq!(
        p.phases
            .iter()
            .map(|ph| ph.name.as_str())
            .collect::<Vec<_>>(),
        ["teasing", "launch"]
    );
}

#[test]
fn schedule_timezone_overrides_the_campaigns() {
    let c = run(&project(
        r#"timezone "Europe/Paris""#,
        r#"
schedule paris { post a to instagram at 2027-06-01 09:00 }
schedule ny { timezone "America/New_York"; post b to x at 2027-06-01 09:00 }"#,
    ));
    let p = plan(&c);
    let ig = &posts_of(p, "instagram")[0];
    let x = &posts_of(p, "x")[0];
    assert_eq!(
        (ig.timezone.as_ref(), ig.utc.naive_utc()),
        ("Europe/Paris", dt("2027-06-01 07:00"))
    );
    assert_eq!(
        (x.timezone.as_ref(), x.utc.naive_utc()),
        ("America/New_York", dt("2027-06-01 13:00"))
    );
    assert_eq!(p.campaign.timezone, "Europe/Paris");
    // An audience without a zone lives in the campaign's.
    assert_eq!(p.audiences[0].timezone, "Europe/Paris");
}

#[test]
fn variant_content_is_applied_per_channel_field_by_field() {
    let c = run(&project(
        "",
        r#"
message v {
  objective reach; audience people
  text "Long text for Instagram #brand"; media image "v.jpg"; link "https://example.com/v"; cta "Go"
  variant x { text "Short for X #brand"; cta "Read" }
}
schedule s { post v to [instagram, x] at 2027-04-01 12:00 }"#,
    ));
    let p = plan(&c);
    let ig = &posts_of(p, "instagram")[0].content;
    let x = &posts_of(p, "x")[0].content;
    assert_eq!(ig.text, "Long text for Instagram #brand");
    assert_eq!(ig.cta.as_deref(), Some("Go"));
    assert_eq!(x.text, "Short for X #brand");
    assert_eq!(x.cta.as_deref(), Some("Read"));
    // Fields the variant does not give are the message's.
    assert_eq!(x.link.as_deref(), Some("https://example.com/v"));
    assert_eq!(x.media.as_ref().map(|m| m.path.as_str()), Some("v.jpg"));
    let m = p.messages.iter().find(|m| m.name == "v").unwrap();
    assert_eq!(m.variants.keys().collect::<Vec<_>>(), ["x"]);
    assert_eq!(&m.variants["x"], x);
    assert_eq!(posts_of(p, "x")[0].owner.as_deref(), Some("cm"));
}

#[test]
fn ranges_and_dates_outside_the_campaign() {
    let c = run(&project(
        "",
        r#"
phase late { start 2027-11-01; end 2027-12-15 }
schedule s {
  post a to instagram at 2027-12-01 09:00
  post b to instagram every day at 10:00 from 2027-03-10 to 2027-03-05
  post c to x every day at 10:00 from 2027-02-20 to 2027-03-02
}"#,
    ));
    let e403: Vec<&str> = with_code(&c, "E0403")
        .iter()
        .map(|d| d.message.as_ref())
        .collect();
    assert_eq!(
        e403,
        [
            "the phase `late` ends on 2027-12-15, after the campaign ends on 2027-11-30",
            "this post is on 2027-12-01, after the campaign ends on 2027-11-30",
            "this range starts on 2027-02-20, before the campaign starts on 2027-03-01",
        ]
    );
    let e401 = with_code(&c, "E0401");
    assert_eq!(e401.len(), 1);
    assert_eq!(
        e401[0].message,
        "this range ends on 2027-03-05, before it starts on 2027-03-10"
    );
    assert_eq!(e401[0].secondary.len(), 1);
    assert!(c.plan.is_none());
}

#[test]
fn campaign_end_before_start_builds_nothing_dated() {
    let src = project("", "schedule s { post a to x at 2027-04-01 09:00 }")
        .replace("end 2027-11-30", "end 2027-02-01");
    let c = run(&src);
    assert_eq!(time_codes(&c), ["E0401"]);
}

#[test]
fn unknown_zones_say_what_to_write() {
    let c = run(&project(
        r#"timezone "Paris""#,
        r#"schedule s { timezone "EST"; post a to x at 2027-04-01 09:00 }
audience far { description "Far"; timezone "Asia/Tokio" }"#,
    ));
    let z = with_code(&c, "E0402");
    assert_eq!(z.len(), 3, "{:#?}", c.diagnostics);
    let labels: Vec<&str> = z.iter().map(|d| d.primary.message.as_ref()).collect();
    assert!(
        labels.contains(&"did you mean `Europe/Paris`?"),
        "{labels:?}"
    );
    assert!(labels.contains(&"did you mean `Asia/Tokyo`?"), "{labels:?}");
    assert!(z
        .iter()
        .any(|d| d.help.as_deref().unwrap_or("").contains("America/New_York")));
}

#[test]
fn overlapping_phases_are_found_by_a_sweep() {
    let c = run(&project(
        "",
        r#"
phase p1 { start 2027-03-01; end 2027-03-15 }
phase p2 { start 2027-03-15; end 2027-03-31 }
phase p3 { start 2027-04-01; end 2027-04-30 }
phase p4 { start 2027-04-10; end 2027-04-12 }
schedule s { post a to x every day at 10:00 during p1; post b to x every day at 11:00 during p2
             post c to x every day at 12:00 during p3; post c to instagram every day at 12:00 during p4 }"#,
    ));
    let w: Vec<&str> = with_code(&c, "W0401")
        .iter()
        .map(|d| d.message.as_ref())
        .collect();
    assert_eq!(
        w,
        [
            "the phases `p1` and `p2` overlap on 2027-03-15",
            "the phases `p3` and `p4` overlap from 2027-04-10 to 2027-04-12 (3 days)",
        ]
    );
    // A date in two phases belongs to the one that starts first.
    let p = plan(&c);
    let on_15 = p
        .posts
        .iter()
        .find(|o| o.local == dt("2027-03-15 11:00"))
        .unwrap();
    assert_eq!(on_15.phase.as_deref(), Some("p1"));
}

#[test]
fn the_same_post_twice_is_a_collision() {
    let c = run(&project(
        "",
        "schedule s { post a to x at 2027-04-01 09:00; post a to x at 2027-04-01 09:00; post b to instagram at 2027-04-01 08:00 }",
    ));
    // The collision is an error, so there is no plan; how the two posts' ids are kept apart is
    // tested on the time pass itself (`repeated_ids_are_numbered_…` in src/check/time/posts.rs).
    assert!(c.diagnostics.iter().any(|d| d.code == "E0601"));
    assert!(c.plan.is_none());
}

#[test]
fn tasks_expand_in_the_campaign_zone() {
    let c = run(&project(
        r#"timezone "Europe/Paris""#,
        r#"task moderation { owner cm; every weekday at 09:00 from 2027-03-01 to 2027-03-07; channels [instagram, nope]; description "Reply" }"#,
    ));
    let t = &c.diagnostics.iter().map(|d| d.code).collect::<Vec<_>>();
    assert!(t.contains(&"E0204"));
    let checked_plan_free = run(&project(
        r#"timezone "Europe/Paris""#,
        r#"task moderation { owner cm; every weekday at 09:00 from 2027-03-01 to 2027-03-07; duration 45min; channels [instagram]; description "Reply" }"#,
    ));
    let p = plan(&checked_plan_free);
    let task = &p.tasks[0];
    assert_eq!(task.timezone, "Europe/Paris");
    assert_eq!(task.duration_minutes, 45);
    assert_eq!(task.occurrences.len(), 5);
    assert_eq!(task.occurrences[0].utc.naive_utc(), dt("2027-03-01 08:00"));
}
