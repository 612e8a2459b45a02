//! The calendar pass: collisions (`E0601`), daily caps (`E0602`), late-night posts (`W0601`),
//! series (`W0602`, `W0603`), unscheduled messages (`W0604`) and empty schedules (`W0605`).
//!
//! Unit tests call the rule functions on hand-built post occurrences; integration tests go
//! through `smm::check::check` on small complete projects.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::time::Instant;

use chrono::{NaiveDateTime, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;
use smm::check::calendar::{self, AudienceZone, Night, Statements, DEFAULT_QUIET_HOURS};
use smm::check::model::Spanned;
use smm::check::time::PostUse;
use smm::check::{check, Checked, LintLevels};
use smm::diagnostic::Diagnostic;
use smm::plan::{Content, PostOccurrence, Resolution};
use smm::project::{load, load_text, Options};
use smm::source::{FileId, Span};

// ------------------------------------------------------------------------------------ helpers

fn span(start: usize) -> Span {
    Span::new(FileId(0), start, start + 10)
}

fn dt(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
}

fn t(s: &str) -> NaiveTime {
    NaiveTime::parse_from_str(s, "%H:%M").unwrap()
}

/// A post of `message` on `channel` at `local` in `zone`, from the statement at `source`.
fn post(source: Span, message: &str, channel: &str, local: &str, zone: &str) -> PostOccurrence {
    let tz: Tz = zone.parse().unwrap();
    let local = dt(local);
    let utc = tz
        .from_local_datetime(&local)
        .earliest()
        .unwrap()
        .with_timezone(&Utc);
    PostOccurrence {
        id: format!("s/{message}/{channel}/{}", local.format("%Y%m%dT%H%M")),
        schedule: "s".into(),
        message: message.into(),
        channel: channel.into(),
        platform: channel.into(),
        local,
        timezone: zone.into(),
        utc,
        resolution: Resolution::Exact,
        phase: None,
        objective: None,
        audiences: Vec::new().into(),
        owner: None,
        content: Content::default().into(),
        source,
    }
}

fn for_audiences(mut p: PostOccurrence, audiences: &[&str]) -> PostOccurrence {
    p.audiences = audiences.iter().map(|a| a.to_string()).collect();
    p
}

fn codes(ds: &[Diagnostic]) -> Vec<&'static str> {
    ds.iter().map(|d| d.code).collect()
}

fn run(src: &str) -> Checked {
    let p = load_text(Path::new("test.smm"), src, Options::default());
    check(&p, &LintLevels::default())
}

fn with_code<'a>(c: &'a Checked, code: &str) -> Vec<&'a Diagnostic> {
    c.diagnostics.iter().filter(|d| d.code == code).collect()
}

fn text_at(src: &str, s: Span) -> &str {
    &src[s.range()]
}

/// A complete small project around `body`; `campaign_extra` goes into the campaign block.
fn project(campaign_extra: &str, body: &str) -> String {
    format!(
        r#"campaign "Test" {{
  start 2027-03-01
  end 2027-04-30
  timezone "Europe/Paris"
  owner cm
  {campaign_extra}
}}
role cm {{ title "Community manager" }}
objective reach {{ kind awareness; owner cm }}
kpi reach_kpi {{ objective reach; metric reach; target >= 1000; owner cm }}
audience people {{ description "People"; age 25..40 }}
channel facebook {{ handle "Brand"; owner cm }}
channel x {{ handle "@brand"; owner cm }}
message a {{ objective reach; audience people; text "Message A" }}
message b {{ objective reach; audience people; text "Message B" }}
message c {{ objective reach; audience people; text "Message C" }}
{body}
"#
    )
}

// --------------------------------------------------------------------------- E0601 collisions

#[test]
fn two_statements_on_one_channel_at_the_same_minute_collide_once_per_pair() {
    let (s1, s2) = (span(100), span(200));
    let mut posts = Vec::new();
    for day in ["2027-03-02", "2027-03-05", "2027-03-09"] {
        posts.push(post(
            s1,
            "tip",
            "facebook",
            &format!("{day} 18:00"),
            "Europe/Paris",
        ));
        posts.push(post(
            s2,
            "focus",
            "facebook",
            &format!("{day} 18:00"),
            "Europe/Paris",
        ));
    }
    let ds = calendar::collisions(
        &posts,
        &calendar::channel_ids(&posts),
        &Statements::default(),
    );
    assert_eq!(codes(&ds), ["E0601"]);
    let d = &ds[0];
    assert_eq!(d.primary.span, s2, "primary on the later statement");
    assert_eq!(d.secondary.len(), 1);
    assert_eq!(d.secondary[0].span, s1);
    assert!(d.message.contains("`facebook`"), "{}", d.message);
    assert_eq!(
        d.notes,
        ["collides on 3 dates, first 2027-03-02 18:00 Europe/Paris (`tip` and `focus`)"]
    );
}

#[test]
fn different_channels_or_minutes_do_not_collide() {
    let (s1, s2) = (span(100), span(200));
    let posts = vec![
        post(s1, "a", "facebook", "2027-03-02 18:00", "Europe/Paris"),
        post(s2, "b", "x", "2027-03-02 18:00", "Europe/Paris"),
        post(s2, "b", "facebook", "2027-03-02 18:01", "Europe/Paris"),
        post(s2, "b", "facebook", "2027-03-03 18:00", "Europe/Paris"),
    ];
    assert!(calendar::collisions(
        &posts,
        &calendar::channel_ids(&posts),
        &Statements::default()
    )
    .is_empty());
}

#[test]
fn collisions_compare_instants_not_wall_clocks() {
    // 18:00 in Paris is 17:00 in London: the same instant, written in two zones.
    let posts = vec![
        post(
            span(100),
            "a",
            "facebook",
            "2027-03-02 18:00",
            "Europe/Paris",
        ),
        post(
            span(200),
            "b",
            "facebook",
            "2027-03-02 17:00",
            "Europe/London",
        ),
        post(
            span(300),
            "c",
            "facebook",
            "2027-03-02 18:00",
            "Europe/London",
        ),
    ];
    let ds = calendar::collisions(
        &posts,
        &calendar::channel_ids(&posts),
        &Statements::default(),
    );
    assert_eq!(codes(&ds), ["E0601"]);
    assert_eq!(ds[0].primary.span, span(200));
    assert_eq!(ds[0].secondary[0].span, span(100));
}

#[test]
fn three_statements_at_one_minute_give_two_diagnostics_not_three() {
    let posts = vec![
        post(
            span(300),
            "c",
            "facebook",
            "2027-03-02 18:00",
            "Europe/Paris",
        ),
        post(
            span(100),
            "a",
            "facebook",
            "2027-03-02 18:00",
            "Europe/Paris",
        ),
        post(
            span(200),
            "b",
            "facebook",
            "2027-03-02 18:00",
            "Europe/Paris",
        ),
    ];
    let ds = calendar::collisions(
        &posts,
        &calendar::channel_ids(&posts),
        &Statements::default(),
    );
    assert_eq!(codes(&ds), ["E0601", "E0601"]);
    // Each later statement is paired with the first one.
    assert_eq!(
        (ds[0].primary.span, ds[0].secondary[0].span),
        (span(200), span(100))
    );
    assert_eq!(
        (ds[1].primary.span, ds[1].secondary[0].span),
        (span(300), span(100))
    );
}

#[test]
fn a_pair_colliding_on_two_channels_is_one_diagnostic() {
    let (s1, s2) = (span(100), span(200));
    let posts = vec![
        post(s1, "a", "facebook", "2027-03-02 18:00", "Europe/Paris"),
        post(s1, "a", "x", "2027-03-02 18:00", "Europe/Paris"),
        post(s2, "b", "facebook", "2027-03-02 18:00", "Europe/Paris"),
        post(s2, "b", "x", "2027-03-02 18:00", "Europe/Paris"),
        post(s1, "a", "x", "2027-03-02 19:00", "Europe/Paris"),
        post(s2, "b", "x", "2027-03-02 19:00", "Europe/Paris"),
    ];
    let ds = calendar::collisions(
        &posts,
        &calendar::channel_ids(&posts),
        &Statements::default(),
    );
    assert_eq!(codes(&ds), ["E0601"]);
    assert!(
        ds[0].message.contains("`facebook` and `x`"),
        "{}",
        ds[0].message
    );
    assert_eq!(
        ds[0].notes,
        ["collides 2 times on 1 date, first 2027-03-02 18:00 Europe/Paris (`a` and `b`)"]
    );
}

#[test]
fn a_statement_colliding_with_itself_is_reported_on_it_alone() {
    let s = span(100);
    let posts = vec![
        post(s, "a", "facebook", "2027-03-28 03:30", "Europe/Paris"),
        post(s, "b", "facebook", "2027-03-28 03:30", "Europe/Paris"),
    ];
    let ds = calendar::collisions(
        &posts,
        &calendar::channel_ids(&posts),
        &Statements::default(),
    );
    assert_eq!(codes(&ds), ["E0601"]);
    assert_eq!(ds[0].primary.span, s);
    assert!(ds[0].secondary.is_empty());
    assert!(
        ds[0].notes[0].starts_with("it collides with itself on 1 date"),
        "{:?}",
        ds[0].notes
    );
}

#[test]
fn collisions_are_linear_in_posts() {
    // 200 000 posts, every one colliding with another: one diagnostic per pair of statements.
    let mut posts = Vec::new();
    let start = dt("2027-01-01 00:00");
    for i in 0..100_000i64 {
        let local = (start + chrono::Duration::minutes(i))
            .format("%Y-%m-%d %H:%M")
            .to_string();
        posts.push(post(span(100), "a", "facebook", &local, "UTC"));
        posts.push(post(span(200), "b", "facebook", &local, "UTC"));
    }
    let clock = Instant::now();
    let ds = calendar::collisions(
        &posts,
        &calendar::channel_ids(&posts),
        &Statements::default(),
    );
    assert_eq!(ds.len(), 1);
    assert!(
        ds[0].notes[0].starts_with("collides 100000 times on 70 dates"),
        "{:?}",
        ds[0].notes
    );
    assert!(clock.elapsed().as_secs() < 20, "took {:?}", clock.elapsed());
}

#[test]
fn collision_between_schedules_points_at_both_times() {
    let src = project(
        "",
        "schedule one { post [a, b] to facebook every [tue, fri] at 18:00 from 2027-03-02 to 2027-03-12 }\n\
         schedule two { post c to facebook every fri at 18:00 from 2027-03-05 to 2027-03-12 }",
    );
    let c = run(&src);
    let ds = with_code(&c, "E0601");
    assert_eq!(ds.len(), 1, "{:#?}", c.diagnostics);
    let d = ds[0];
    assert_eq!(text_at(&src, d.primary.span), "18:00");
    assert!(d.primary.span.start > d.secondary[0].span.start);
    assert_eq!(text_at(&src, d.secondary[0].span), "18:00");
    // a: Tue 2, b: Fri 5, then the series is exhausted: only Mar 5 collides.
    assert_eq!(
        d.notes,
        ["collides on 1 date, first 2027-03-05 18:00 Europe/Paris (`b` and `c`)"]
    );
    assert!(c.plan.is_none(), "a collision is an error");
}

#[test]
fn a_channel_listed_twice_is_reported_at_the_second_name_only() {
    let src = project(
        "",
        "schedule s { post a to [facebook, x, facebook] at 2027-03-03 09:00 }",
    );
    let c = run(&src);
    let ds = with_code(&c, "E0601");
    assert_eq!(ds.len(), 1, "{:#?}", c.diagnostics);
    assert_eq!(text_at(&src, ds[0].primary.span), "facebook");
    assert!(ds[0].primary.span.start > ds[0].secondary[0].span.start);
    assert_eq!(
        ds[0].message,
        "this post goes out twice on `facebook` at the same minute"
    );
}

#[test]
fn a_time_listed_twice_or_moved_onto_another_by_a_clock_change_posts_once() {
    // Expansion keeps one occurrence per instant: `[09:00, 09:00]` is one slot a day, and on
    // 2027-03-28 in Paris 02:30 does not exist and becomes 03:30, which is already listed.
    let src = project(
        "",
        "schedule s {\n  post [a, b] to facebook every day at [09:00, 09:00] from 2027-03-01 to 2027-03-02\n  post [a, b, c] to x every day at [02:30, 03:30] from 2027-03-27 to 2027-03-29 repeat\n}",
    );
    let c = run(&src);
    assert!(with_code(&c, "E0601").is_empty(), "{:#?}", c.diagnostics);
    assert!(
        with_code(&c, "W0602").is_empty(),
        "two slots for two messages: {:#?}",
        c.diagnostics
    );
}

// -------------------------------------------------------------------------- E0602 daily caps

fn cap(n: i64) -> BTreeMap<String, Spanned<i64>> {
    BTreeMap::from([(
        "tiktok".to_string(),
        Spanned {
            value: n,
            span: span(5),
        },
    )])
}

#[test]
fn more_posts_than_the_cap_in_a_day_is_one_diagnostic_per_channel() {
    let s = span(100);
    let mut posts = Vec::new();
    for day in ["2027-03-20", "2027-03-21", "2027-03-22"] {
        for time in ["09:00", "12:30", "19:00"] {
            posts.push(post(
                s,
                "v",
                "tiktok",
                &format!("{day} {time}"),
                "Europe/Paris",
            ));
        }
    }
    // Another channel without a cap is never counted.
    posts.push(post(s, "v", "x", "2027-03-20 09:00", "Europe/Paris"));
    let ds = calendar::daily_caps(
        &posts,
        &calendar::channel_ids(&posts),
        &cap(2),
        &Statements::default(),
    );
    assert_eq!(codes(&ds), ["E0602"]);
    let d = &ds[0];
    assert_eq!(d.primary.span, span(5), "on the cap");
    assert_eq!(d.secondary[0].span, s, "on an offending post");
    assert_eq!(
        d.message,
        "`tiktok` has 3 posts on 2027-03-20, more than its `max_per_day 2`"
    );
    assert!(
        d.notes
            .iter()
            .any(|n| n == "3 days go over the cap: 2027-03-20 (3), 2027-03-21 (3), 2027-03-22 (3)"),
        "{:?}",
        d.notes
    );
    assert_eq!(
        d.help.as_deref(),
        Some("spread these posts over more days, or raise the cap to `max_per_day 3`")
    );
}

#[test]
fn posts_up_to_the_cap_are_fine() {
    let posts = vec![
        post(span(100), "a", "tiktok", "2027-03-20 09:00", "Europe/Paris"),
        post(span(200), "b", "tiktok", "2027-03-20 19:00", "Europe/Paris"),
    ];
    assert!(calendar::daily_caps(
        &posts,
        &calendar::channel_ids(&posts),
        &cap(2),
        &Statements::default()
    )
    .is_empty());
}

#[test]
fn days_are_counted_in_the_posts_own_zone() {
    // Both are on 2027-03-10 in UTC, but on two different days in Paris.
    let posts = vec![
        post(span(100), "a", "tiktok", "2027-03-10 23:30", "Europe/Paris"),
        post(span(200), "b", "tiktok", "2027-03-11 00:30", "Europe/Paris"),
    ];
    assert_eq!(posts[0].utc.date_naive(), posts[1].utc.date_naive());
    assert!(calendar::daily_caps(
        &posts,
        &calendar::channel_ids(&posts),
        &cap(1),
        &Statements::default()
    )
    .is_empty());
}

#[test]
fn a_nonsense_cap_does_not_panic() {
    let posts = vec![
        post(span(100), "a", "tiktok", "2027-03-20 09:00", "Europe/Paris"),
        post(span(200), "b", "tiktok", "2027-03-20 19:00", "Europe/Paris"),
    ];
    for n in [0, -1, i64::MIN] {
        assert_eq!(
            codes(&calendar::daily_caps(
                &posts,
                &calendar::channel_ids(&posts),
                &cap(n),
                &Statements::default()
            )),
            ["E0602"]
        );
    }
}

#[test]
fn max_per_day_through_check() {
    let src = project(
        "",
        "channel tiktok { handle \"@brand\"; owner cm; max_per_day 1 }\n\
         message v { objective reach; audience people; text \"Vidéo\"; media video \"v.mp4\" }\n\
         schedule s { post v to tiktok every [sat, sun] at [12:30, 19:00] from 2027-03-20 to 2027-03-21 }",
    );
    let c = run(&src);
    let ds = with_code(&c, "E0602");
    assert_eq!(ds.len(), 1, "{:#?}", c.diagnostics);
    assert_eq!(text_at(&src, ds[0].primary.span), "1");
    assert_eq!(
        text_at(&src, ds[0].secondary[0].span),
        "19:00",
        "the post over the cap"
    );
    assert_eq!(ds[0].notes[0], "on 2027-03-20: 12:30 `v`, 19:00 `v`");
}

// ---------------------------------------------------------------------- W0601 late-night-post

fn night(window: (NaiveTime, NaiveTime)) -> Night {
    Night {
        window,
        window_span: None,
        audiences: HashMap::from([
            (
                "paris".to_string(),
                AudienceZone {
                    tz: Tz::Europe__Paris,
                    span: None,
                },
            ),
            (
                "ny".to_string(),
                AudienceZone {
                    tz: Tz::America__New_York,
                    span: Some(span(7)),
                },
            ),
        ]),
        campaign: Some(Tz::Europe__Paris),
    }
}

#[test]
fn the_night_window_includes_its_start_and_excludes_its_end() {
    let n = night(DEFAULT_QUIET_HOURS);
    assert!(n.contains(t("23:00")));
    assert!(n.contains(t("02:00")));
    assert!(n.contains(t("05:59")));
    assert!(!n.contains(t("06:00")));
    assert!(!n.contains(t("22:59")));
    assert!(!n.contains(t("12:00")));
    // A window that does not cross midnight.
    let n = night((t("01:00"), t("05:00")));
    assert!(n.contains(t("01:00")) && n.contains(t("04:59")));
    assert!(!n.contains(t("05:00")) && !n.contains(t("23:30")) && !n.contains(t("00:30")));
}

#[test]
fn a_post_at_night_in_the_audience_zone_is_one_warning_per_statement_and_audience() {
    let s = span(100);
    // 07:30 in Paris is 01:30 in New York (before the US switches to summer time on 14 March).
    let posts: Vec<_> = ["2027-03-02 07:30", "2027-03-04 07:30", "2027-03-09 07:30"]
        .iter()
        .map(|l| {
            for_audiences(
                post(s, "hello", "facebook", l, "Europe/Paris"),
                &["paris", "ny"],
            )
        })
        .collect();
    let ds = calendar::late_night(&posts, &night(DEFAULT_QUIET_HOURS), &Statements::default());
    assert_eq!(codes(&ds), ["W0601"], "only New York is at night");
    let d = &ds[0];
    assert_eq!(d.primary.span, s);
    assert_eq!(
        d.secondary[0].span,
        span(7),
        "where the audience's zone is written"
    );
    assert_eq!(
        d.notes,
        ["3 posts fall between 23:00 and 06:00 in America/New_York for the audience `ny`, first 2027-03-02 01:30 local"]
    );
    assert_eq!(
        d.primary.message,
        "07:30 in Europe/Paris is 01:30 in America/New_York"
    );
    assert!(
        d.help
            .as_deref()
            .unwrap()
            .contains("15:00 in Europe/Paris (09:00 in America/New_York)"),
        "{:?}",
        d.help
    );
}

#[test]
fn unknown_audiences_are_skipped_and_audience_less_messages_use_the_campaign_zone() {
    let posts = vec![
        for_audiences(
            post(
                span(100),
                "a",
                "facebook",
                "2027-03-02 02:00",
                "Europe/Paris",
            ),
            &["nowhere"],
        ),
        post(
            span(200),
            "b",
            "facebook",
            "2027-03-02 23:30",
            "Europe/Paris",
        ),
    ];
    let ds = calendar::late_night(&posts, &night(DEFAULT_QUIET_HOURS), &Statements::default());
    assert_eq!(codes(&ds), ["W0601"]);
    assert_eq!(ds[0].primary.span, span(200));
    assert_eq!(
        ds[0].message,
        "a post goes out at night in the campaign's time zone (Europe/Paris)"
    );
}

#[test]
fn quiet_hours_are_configurable() {
    let posts = vec![for_audiences(
        post(
            span(100),
            "a",
            "facebook",
            "2027-03-02 06:30",
            "Europe/Paris",
        ),
        &["paris"],
    )];
    assert!(
        calendar::late_night(&posts, &night(DEFAULT_QUIET_HOURS), &Statements::default())
            .is_empty()
    );
    assert_eq!(
        codes(&calendar::late_night(
            &posts,
            &night((t("22:00"), t("07:00"))),
            &Statements::default()
        )),
        ["W0601"]
    );
}

#[test]
fn late_night_through_check_points_at_the_time() {
    let src = project(
        "",
        "audience us { age 25..45; locations [US]; timezone \"America/New_York\" }\n\
         message hello { objective reach; audience us; text \"Hello\" }\n\
         schedule s {\n  post [a, b] to facebook every day at [12:00, 07:30] from 2027-03-01 to 2027-03-02 repeat\n  post hello to facebook every mon at 07:45 from 2027-03-01 to 2027-03-15\n}",
    );
    let c = run(&src);
    let ds = with_code(&c, "W0601");
    assert_eq!(ds.len(), 1, "{:#?}", c.diagnostics);
    assert_eq!(text_at(&src, ds[0].primary.span), "07:45");
    assert_eq!(
        text_at(&src, ds[0].secondary[0].span),
        "\"America/New_York\""
    );
    // 2027-03-15 is after the US switch to summer time: 07:45 in Paris is 02:45 in New York.
    assert!(
        ds[0].notes[0].starts_with("3 posts fall between 23:00 and 06:00"),
        "{:?}",
        ds[0].notes
    );
}

#[test]
fn quiet_hours_in_the_campaign() {
    let body = "schedule s { post a to facebook every day at 06:30 from 2027-03-01 to 2027-03-02 }";
    let c = run(&project("quiet_hours [22:00, 07:00]", body));
    let ds = with_code(&c, "W0601");
    assert_eq!(ds.len(), 1, "{:#?}", c.diagnostics);
    assert_eq!(
        ds[0].secondary.last().unwrap().message,
        "the night is 22:00 to 07:00"
    );
    assert!(
        with_code(&run(&project("", body)), "W0601").is_empty(),
        "06:30 is day by default"
    );
    let c = run(&project("quiet_hours [22:00, 22:00]", body));
    assert_eq!(with_code(&c, "E0316").len(), 1, "{:#?}", c.diagnostics);
    let c = run(&project("quiet_hours 22:00", body));
    let ds = with_code(&c, "E0304");
    assert_eq!(ds.len(), 1, "{:#?}", c.diagnostics);
    assert_eq!(
        ds[0].message,
        "`quiet_hours` expects two times of day ([23:00, 06:00]), found a time"
    );
    let c = run(&project("quiet_hours [22:00, 7]", body));
    assert_eq!(with_code(&c, "E0304").len(), 1, "{:#?}", c.diagnostics);
}

// ------------------------------------------------------------------------------------ series

fn series_use(messages: &[&str], slots: usize, repeat: bool) -> PostUse {
    PostUse {
        series: true,
        schedule: "s".into(),
        messages: messages.iter().map(|m| m.to_string()).collect(),
        slots,
        repeat,
        first_empty_slot: (!repeat && slots > messages.len()).then(|| dt("2027-03-04 18:00")),
        last_slot: (slots > 0).then(|| dt("2027-03-09 18:00")),
        span: span(100),
    }
}

#[test]
fn a_series_without_repeat_that_runs_out_says_how_many_slots_stay_empty() {
    let ds = calendar::series(
        &[series_use(&["a", "b", "c"], 5, false)],
        &Statements::default(),
        |_| true,
    );
    assert_eq!(codes(&ds), ["W0602"]);
    assert_eq!(
        ds[0].message,
        "this series runs out of messages with 2 slots left"
    );
    assert_eq!(
        ds[0].notes,
        ["2 slots stay empty, from 2027-03-04 18:00 to 2027-03-09 18:00"]
    );
    assert!(ds[0].help.as_deref().unwrap().contains("`repeat`"));
    // With `repeat` it starts again.
    assert!(calendar::series(
        &[series_use(&["a", "b", "c"], 5, true)],
        &Statements::default(),
        |_| true
    )
    .is_empty());
    // Exactly as many messages as slots.
    assert!(calendar::series(
        &[series_use(&["a", "b"], 2, false)],
        &Statements::default(),
        |_| true
    )
    .is_empty());
}

#[test]
fn a_series_with_more_messages_than_slots_names_those_never_posted() {
    let ds = calendar::series(
        &[series_use(&["a", "b", "c", "d", "e"], 3, false)],
        &Statements::default(),
        |_| true,
    );
    assert_eq!(codes(&ds), ["W0603"]);
    assert_eq!(
        ds[0].message,
        "2 messages of this series never get posted: `d` and `e`"
    );
    // `repeat` does not help when the slots end first.
    let ds = calendar::series(
        &[series_use(&["a", "b", "c"], 2, true)],
        &Statements::default(),
        |_| true,
    );
    assert_eq!(codes(&ds), ["W0603"]);
    assert_eq!(
        ds[0].message,
        "1 message of this series never gets posted: `c`"
    );
    // A message posted earlier in the series, or unknown (already reported), is not named.
    let ds = calendar::series(
        &[series_use(&["a", "b", "a", "zz"], 2, false)],
        &Statements::default(),
        |m| m != "zz",
    );
    assert!(ds.is_empty(), "{ds:#?}");
}

#[test]
fn a_series_without_slots_is_left_to_empty_schedule() {
    assert!(calendar::series(
        &[series_use(&["a", "b"], 0, false)],
        &Statements::default(),
        |_| true
    )
    .is_empty());
}

#[test]
fn series_through_check() {
    let src = project(
        "",
        "schedule s {\n  post [a, b] to facebook every weekday at 12:30 from 2027-04-12 to 2027-04-16\n  post [a, b, c] to x every fri at 18:00 from 2027-03-05 to 2027-03-12 repeat\n}",
    );
    let c = run(&src);
    let ex = with_code(&c, "W0602");
    assert_eq!(ex.len(), 1, "{:#?}", c.diagnostics);
    assert_eq!(text_at(&src, ex[0].primary.span), "a, b");
    assert_eq!(
        ex[0].notes,
        ["3 slots stay empty, from 2027-04-14 12:30 to 2027-04-16 12:30"]
    );
    let un = with_code(&c, "W0603");
    assert_eq!(un.len(), 1, "{:#?}", c.diagnostics);
    assert_eq!(text_at(&src, un[0].primary.span), "c");
}

#[test]
fn a_one_off_post_of_a_list_posts_its_first_message_only() {
    let src = project(
        "",
        "schedule s { post [a, b, c] to facebook at 2027-03-03 09:00 }",
    );
    let c = run(&src);
    let ds = with_code(&c, "W0603");
    assert_eq!(ds.len(), 1, "{:#?}", c.diagnostics);
    assert_eq!(text_at(&src, ds[0].primary.span), "b, c");
    assert!(ds[0]
        .help
        .as_deref()
        .unwrap()
        .starts_with("a one-off post publishes the first message only"));
}

// ------------------------------------------------------------------ W0604, W0605 and examples

#[test]
fn a_message_no_post_mentions_is_unscheduled() {
    let src = project(
        "",
        "schedule s { post [a, b] to facebook every fri at 18:00 from 2027-03-05 to 2027-03-12 }",
    );
    let c = run(&src);
    let ds = with_code(&c, "W0604");
    assert_eq!(ds.len(), 1, "{:#?}", c.diagnostics);
    assert_eq!(text_at(&src, ds[0].primary.span), "c");
    assert_eq!(ds[0].message, "the message `c` is never posted");
}

#[test]
fn a_message_in_a_post_that_could_not_be_read_is_not_called_unscheduled() {
    let src = project(
        "",
        "schedule s { post [a, b, c] to facebook evry fri at 18:00 }",
    );
    let c = run(&src);
    assert_eq!(with_code(&c, "E0311").len(), 1, "{:#?}", c.diagnostics);
    assert!(with_code(&c, "W0604").is_empty(), "{:#?}", c.diagnostics);
    assert!(with_code(&c, "W0605").is_empty(), "{:#?}", c.diagnostics);
}

#[test]
fn a_schedule_without_post_is_empty() {
    let src = project("", "schedule s { post [a, b, c] to facebook at 2027-03-03 09:00 repeat }\nschedule later { timezone \"Europe/Paris\" }");
    let c = run(&src);
    let ds = with_code(&c, "W0605");
    assert_eq!(ds.len(), 1, "{:#?}", c.diagnostics);
    assert_eq!(text_at(&src, ds[0].primary.span), "later");
}

#[test]
fn a_post_whose_recurrence_matches_no_date_never_goes_out() {
    let src = project(
        "",
        "schedule s {\n  post [a, b, c] to facebook every day at 09:00 during launch repeat\n  post a to x every sun at 18:00 from 2027-03-08 to 2027-03-12\n  post [b, c] to x every sat at 18:00 from 2027-03-08 to 2027-03-12\n}\nphase launch { start 2027-03-01; end 2027-03-14 }",
    );
    let c = run(&src);
    let ds = with_code(&c, "W0605");
    assert_eq!(ds.len(), 2, "{:#?}", c.diagnostics);
    assert_eq!(
        text_at(&src, ds[0].primary.span),
        "every sun at 18:00 from 2027-03-08 to 2027-03-12"
    );
    assert_eq!(
        ds[0].notes,
        ["its range, 2027-03-08 (Monday) to 2027-03-12 (Friday), has no Sunday"]
    );
    assert_eq!(
        text_at(&src, ds[1].primary.span),
        "every sat at 18:00 from 2027-03-08 to 2027-03-12"
    );
    assert!(with_code(&c, "W0602").is_empty() && with_code(&c, "W0603").is_empty());
}

#[test]
fn posts_that_could_not_be_expanded_are_not_called_empty() {
    let src = project(
        "",
        "schedule s {\n  post [a, b, c] to facebook every day at 09:00 during launch repeat\n  post a to x every sun at 18:00 from 2027-05-08 to 2027-05-12\n  post a to x every sun at 18:00 during nophase\n  post a to nochannel every sun at 18:00\n}\nphase launch { start 2027-03-01; end 2027-03-14 }",
    );
    let c = run(&src);
    assert!(c.has_errors());
    assert!(with_code(&c, "W0605").is_empty(), "{:#?}", c.diagnostics);
}

#[test]
fn the_examples_have_nothing_for_the_calendar_pass() {
    for example in [
        "examples/printemps-lumiere.smm",
        "examples/b2b-linkedin.smm",
    ] {
        let project = load(Path::new(example), Options::default()).expect("example is readable");
        let c = check(&project, &LintLevels::default());
        let mine: Vec<_> = c
            .diagnostics
            .iter()
            .filter(|d| {
                d.code.starts_with("E06") || (d.code.starts_with("W06") && d.code != "W0606")
            })
            .collect();
        assert!(mine.is_empty(), "{example}: {mine:#?}");
        assert!(
            c.plan.as_ref().is_some_and(|p| !p.posts.is_empty()),
            "{example} has posts"
        );
    }
}
