//! The calendar outputs (`calendar.ics`, `calendar.csv`, `calendar.md`): snapshots of the build
//! fixtures, an independent parse of the iCalendar file with the `ical` crate, CSV read back with
//! the `csv` crate, byte-for-byte determinism, the role filter, and hand-built plans for text the
//! language cannot easily produce (control characters, CR LF).

mod common;

use std::collections::BTreeMap;
use std::path::PathBuf;

use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, TimeZone, Utc};
use smm::emit::{self, calendar_csv, calendar_md, ics, EmitOptions};
use smm::plan::{
    Campaign, Channel, Content, Kpi, Media, Plan, PostOccurrence, Resolution, Role, Task,
    TaskOccurrence,
};

// ---------------------------------------------------------------------------------------------
// Helpers

fn fixture_dir() -> PathBuf {
    common::crate_path("tests/fixtures/build")
}

/// Every build fixture, by name (file stem).
fn fixture_names() -> Vec<String> {
    common::smm_names(&fixture_dir())
}

/// The plan of a fixture; the fixture must have no error.
fn fixture_plan(name: &str) -> Plan {
    common::plan_of(&fixture_dir().join(format!("{name}.smm")))
}

use common::example_plan;

fn stamp() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2027, 1, 15, 12, 0, 0).unwrap()
}

/// For snapshots: LF line ends (the CRLF are checked by `ics_lines_are_crlf_and_folded`) and the
/// crate version out of PRODID.
fn readable(text: &str) -> String {
    text.replace("\r\n", "\n").replace(
        &format!("smm {}//EN", env!("CARGO_PKG_VERSION")),
        "smm VERSION//EN",
    )
}

fn utc_stamp(t: DateTime<Utc>) -> String {
    t.format("%Y%m%dT%H%M%SZ").to_string()
}

/// What one plan says each event must be: UID → (DTSTART value, is all-day, DTEND value,
/// SUMMARY, the text DESCRIPTION starts with), computed from the plan alone.
fn expected_events(plan: &Plan, role: Option<&str>) -> BTreeMap<String, Expected> {
    let keep = |owner: Option<&str>| role.is_none() || owner == role;
    let mut out = BTreeMap::new();
    let mut add = |uid: String, e: Expected| {
        assert!(
            out.insert(uid.clone(), e).is_none(),
            "two events would share {uid}"
        );
    };
    for p in plan.posts.iter().filter(|p| keep(p.owner.as_deref())) {
        add(
            format!("{}@smm", p.id),
            Expected {
                start: utc_stamp(p.utc),
                all_day: false,
                end: Some(utc_stamp(p.utc + Duration::minutes(15))),
                summary: format!("{} · {}", p.channel, p.message),
                description_start: p.content.text.clone(),
            },
        );
    }
    for t in plan.tasks.iter().filter(|t| keep(t.owner.as_deref())) {
        for o in &t.occurrences {
            add(
                format!("task/{}/{}@smm", t.name, o.local.format("%Y%m%dT%H%M")),
                Expected {
                    start: utc_stamp(o.utc),
                    all_day: false,
                    end: (t.duration_minutes > 0)
                        .then(|| utc_stamp(o.utc + Duration::minutes(t.duration_minutes))),
                    summary: t.name.clone(),
                    description_start: t.description.clone().unwrap_or_default(),
                },
            );
        }
    }
    for k in plan.kpis.iter().filter(|k| keep(k.owner.as_deref())) {
        for d in &k.reviews {
            add(
                format!("kpi/{}/{}@smm", k.name, d.format("%Y%m%d")),
                Expected {
                    start: d.format("%Y%m%d").to_string(),
                    all_day: true,
                    end: Some(d.succ_opt().unwrap().format("%Y%m%d").to_string()),
                    summary: format!("Review kpi {}", k.name),
                    description_start: format!("{} {} by {}", k.metric, k.target, k.by),
                },
            );
        }
    }
    out
}

#[derive(Debug)]
struct Expected {
    start: String,
    all_day: bool,
    end: Option<String>,
    summary: String,
    description_start: String,
}

/// Reverses RFC 5545 TEXT escaping.
fn unescape(value: &str) -> String {
    let mut out = String::new();
    let mut chars = value.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n' | 'N') => out.push('\n'),
            Some(other @ (',' | ';' | '\\')) => out.push(other),
            Some(other) => panic!("`\\{other}` is not a TEXT escape in {value:?}"),
            None => panic!("a lone backslash ends {value:?}"),
        }
    }
    out
}

fn prop<'a>(props: &'a [ical::property::Property], name: &str) -> &'a ical::property::Property {
    let found: Vec<_> = props.iter().filter(|p| p.name == name).collect();
    assert_eq!(found.len(), 1, "{name} must appear once in {props:#?}");
    found[0]
}

fn has_param(p: &ical::property::Property, key: &str, value: &str) -> bool {
    p.params.as_ref().is_some_and(|ps| {
        ps.iter()
            .any(|(k, v)| k == key && v.iter().any(|x| x == value))
    })
}

/// Parses `ics` with the `ical` crate and checks every event against the plan: same UIDs (each
/// once), DTSTART the plan's instant in UTC (or the review's date, `VALUE=DATE`), DTEND, SUMMARY,
/// and a DESCRIPTION that starts with the text actually posted.
fn check_against_plan(ics: &str, plan: &Plan, role: Option<&str>) {
    let mut expected = expected_events(plan, role);
    let mut calendars = ical::IcalParser::new(ics.as_bytes());
    let cal = calendars.next().expect("one calendar").expect("parses");
    assert!(calendars.next().is_none(), "exactly one VCALENDAR");
    assert_eq!(
        prop(&cal.properties, "VERSION").value.as_deref(),
        Some("2.0")
    );
    let prodid = prop(&cal.properties, "PRODID").value.clone().unwrap();
    assert_eq!(
        prodid,
        format!("-//smm//smm {}//EN", env!("CARGO_PKG_VERSION"))
    );
    let name = unescape(
        prop(&cal.properties, "X-WR-CALNAME")
            .value
            .as_deref()
            .unwrap(),
    );
    assert!(name.starts_with(&plan.campaign.title), "{name}");

    let zone: chrono_tz::Tz = plan.campaign.timezone.parse().unwrap();
    let mut previous: Option<(DateTime<Utc>, String)> = None;
    for ev in &cal.events {
        let uid = prop(&ev.properties, "UID").value.clone().unwrap();
        let want = expected
            .remove(&uid)
            .unwrap_or_else(|| panic!("{uid}: not in the plan, or twice in the file"));
        let start = prop(&ev.properties, "DTSTART");
        assert_eq!(
            start.value.as_deref(),
            Some(want.start.as_str()),
            "{uid} DTSTART"
        );
        assert_eq!(
            has_param(start, "VALUE", "DATE"),
            want.all_day,
            "{uid} VALUE=DATE"
        );
        if !want.all_day {
            assert!(
                want.start.ends_with('Z') && start.params.is_none(),
                "{uid}: UTC, no TZID"
            );
        }
        let end = ev.properties.iter().find(|p| p.name == "DTEND");
        assert_eq!(end.and_then(|p| p.value.clone()), want.end, "{uid} DTEND");
        assert_eq!(
            prop(&ev.properties, "DTSTAMP").value.as_deref(),
            Some(utc_stamp(stamp()).as_str())
        );
        let summary = unescape(prop(&ev.properties, "SUMMARY").value.as_deref().unwrap());
        assert_eq!(summary, want.summary, "{uid} SUMMARY");
        let description = unescape(
            prop(&ev.properties, "DESCRIPTION")
                .value
                .as_deref()
                .unwrap(),
        );
        let text = want.description_start.replace("\r\n", "\n");
        assert!(
            description.starts_with(&text),
            "{uid}: DESCRIPTION {description:?} should start with {text:?}"
        );
        // Sorted by start (an all-day review at the campaign zone's midnight), then UID.
        let instant = if want.all_day {
            let day = NaiveDate::parse_from_str(&want.start, "%Y%m%d").unwrap();
            let midnight = zone.from_local_datetime(&day.and_hms_opt(0, 0, 0).unwrap());
            midnight.earliest().unwrap().with_timezone(&Utc)
        } else {
            NaiveDateTime::parse_from_str(&want.start, "%Y%m%dT%H%M%SZ")
                .unwrap()
                .and_utc()
        };
        let key = (instant, uid);
        if let Some(prev) = &previous {
            assert!(prev < &key, "{prev:?} then {key:?}");
        }
        previous = Some(key);
    }
    assert!(expected.is_empty(), "missing events: {:?}", expected.keys());
}

/// Every physical line ends with CRLF, has no other CR or LF, and is at most 75 octets; a
/// continuation line starts with one space; the content before folding is valid UTF-8 and no
/// physical line ends in a blank (readers that trim lines, as the `ical` crate does, would lose
/// it).
fn check_lines(ics: &str) {
    assert!(ics.starts_with("BEGIN:VCALENDAR\r\n"));
    assert!(ics.ends_with("END:VCALENDAR\r\n"));
    let body = &ics[..ics.len() - 2];
    for (i, line) in body.split("\r\n").enumerate() {
        assert!(
            line.len() <= 75,
            "line {}: {} octets: {line:?}",
            i + 1,
            line.len()
        );
        assert!(
            !line.contains(['\r', '\n']),
            "line {}: bare CR or LF",
            i + 1
        );
        assert!(!line.is_empty(), "line {}: empty", i + 1);
        assert!(
            !line.ends_with([' ', '\t']),
            "line {}: ends in a blank: {line:?}",
            i + 1
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Snapshots

#[test]
fn fixtures_snapshots() {
    for name in fixture_names() {
        let plan = fixture_plan(&name);
        insta::assert_snapshot!(
            format!("{name}.ics"),
            readable(&ics::calendar(&plan, None, stamp()))
        );
        insta::assert_snapshot!(
            format!("{name}.csv"),
            readable(&calendar_csv::calendar(&plan, None))
        );
        insta::assert_snapshot!(format!("{name}.md"), calendar_md::calendar(&plan, None));
    }
}

#[test]
fn role_filtered_snapshots() {
    let plan = fixture_plan("dst-new-york");
    let role = Some("strategist");
    insta::assert_snapshot!(
        "dst-new-york.strategist.ics",
        readable(&ics::calendar(&plan, role, stamp()))
    );
    insta::assert_snapshot!(
        "dst-new-york.strategist.md",
        calendar_md::calendar(&plan, role)
    );
}

// ---------------------------------------------------------------------------------------------
// iCalendar, read back independently

#[test]
fn ics_round_trips_through_the_ical_crate() {
    let mut plans: Vec<(String, Plan)> = fixture_names()
        .into_iter()
        .map(|n| (n.clone(), fixture_plan(&n)))
        .collect();
    plans.push(("printemps".into(), example_plan("printemps-lumiere.smm")));
    plans.push(("b2b".into(), example_plan("b2b-linkedin.smm")));
    for (name, plan) in &plans {
        assert!(!plan.posts.is_empty(), "{name}: no posts");
        let mut roles: Vec<Option<&str>> = vec![None];
        roles.extend(plan.roles.iter().map(|r| Some(r.name.as_str())));
        for role in roles {
            let text = ics::calendar(plan, role, stamp());
            check_lines(&text);
            check_against_plan(&text, plan, role);
        }
    }
}

#[test]
fn dst_fixtures_have_the_right_instants() {
    // Paris, spring forward on 2027-03-28: 09:00 is 08:00Z before and 07:00Z after; 02:30 does
    // not exist and is posted at 03:30 local, 01:30Z.
    let paris = ics::calendar(&fixture_plan("dst-paris"), None, stamp());
    for (uid, start) in [
        (
            "semaine/bonjour/instagram/20270327T0900@smm",
            "20270327T080000Z",
        ),
        (
            "semaine/bonjour/instagram/20270328T0900@smm",
            "20270328T070000Z",
        ),
        (
            "semaine/nuit_blanche/instagram/20270328T0330@smm",
            "20270328T013000Z",
        ),
        ("task/veille/20270327T0830@smm", "20270327T073000Z"),
        ("task/veille/20270328T0830@smm", "20270328T063000Z"),
    ] {
        assert_eq!(start_of(&paris, uid).as_deref(), Some(start), "{uid}");
    }
    // New York, fall back on 2027-11-07: 09:00 is 13:00Z before and 14:00Z after; 01:30
    // happens twice and the first (05:30Z) is used. London had already changed: noon there is
    // 12:00Z on 2027-11-03.
    let ny = ics::calendar(&fixture_plan("dst-new-york"), None, stamp());
    for (uid, start) in [
        (
            "week/daily_tip/linkedin/20271106T0900@smm",
            "20271106T130000Z",
        ),
        (
            "week/daily_tip/linkedin/20271107T0900@smm",
            "20271107T140000Z",
        ),
        ("week/extra_hour/x/20271107T0130@smm", "20271107T053000Z"),
        (
            "london/london_note/linkedin/20271103T1200@smm",
            "20271103T120000Z",
        ),
        ("task/moderation/20271105T0800@smm", "20271105T120000Z"),
        ("task/moderation/20271108T0800@smm", "20271108T130000Z"),
    ] {
        assert_eq!(start_of(&ny, uid).as_deref(), Some(start), "{uid}");
    }
}

/// DTSTART of the event with this UID, read with the `ical` crate.
fn start_of(ics: &str, uid: &str) -> Option<String> {
    let cal = ical::IcalParser::new(ics.as_bytes()).next()?.ok()?;
    cal.events.iter().find_map(|ev| {
        let props = &ev.properties;
        (prop(props, "UID").value.as_deref() == Some(uid))
            .then(|| prop(props, "DTSTART").value.clone())?
    })
}

#[test]
fn escaping_fixture_text_survives_the_round_trip() {
    let plan = fixture_plan("escaping");
    let text = ics::calendar(&plan, None, stamp());
    check_lines(&text);
    let tricky = plan.posts.iter().find(|p| &*p.message == "tricky").unwrap();
    assert!(tricky.content.text.contains(',') && tricky.content.text.contains(';'));
    assert!(tricky.content.text.contains('\n') && tricky.content.text.contains('🎉'));
    assert!(tricky.content.text.lines().any(|l| l.len() > 75));
    let cal = ical::IcalParser::new(text.as_bytes())
        .next()
        .unwrap()
        .unwrap();
    let ev = cal
        .events
        .iter()
        .find(|e| {
            prop(&e.properties, "UID").value.as_deref() == Some(&format!("{}@smm", tricky.id))
        })
        .unwrap();
    let description = unescape(
        prop(&ev.properties, "DESCRIPTION")
            .value
            .as_deref()
            .unwrap(),
    );
    assert!(description.starts_with(&format!("{}\n\n", tricky.content.text)));
    assert!(description.contains("\nMedia: image assets/tricky, with comma.png\n"));
    assert!(description.contains("\nCall to action: Read; then \"comment\"\n"));
    assert_eq!(
        prop(&ev.properties, "URL").value.as_deref(),
        Some("https://escape.example/a?b=c&d=e")
    );
    let name = unescape(
        prop(&cal.properties, "X-WR-CALNAME")
            .value
            .as_deref()
            .unwrap(),
    );
    assert_eq!(name, plan.campaign.title);
    // The raw file escapes what RFC 5545 says and nothing else.
    assert!(text.contains("X-WR-CALNAME:Escaping\\, folding\\; and \"quotes\" — a test\r\n"));
}

// ---------------------------------------------------------------------------------------------
// CSV, read back

#[test]
fn csv_reads_back_with_one_row_per_event_and_no_formula() {
    for name in fixture_names() {
        let plan = fixture_plan(&name);
        let text = calendar_csv::calendar(&plan, None);
        assert!(text.ends_with("\r\n"));
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
        assert_eq!(header, calendar_csv::HEADER);
        let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        assert_eq!(rows.len(), expected_events(&plan, None).len(), "{name}");
        let col = |n: &str| header.iter().position(|h| h == n).unwrap();
        for row in &rows {
            assert_eq!(row.len(), header.len());
            for cell in row.iter() {
                assert!(
                    !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                    "{name}: a spreadsheet would run {cell:?}"
                );
            }
            // The UTC instant is RFC 3339 and matches the local time in its zone.
            let utc = &row[col("utc")];
            if !utc.is_empty() {
                let instant = DateTime::parse_from_rfc3339(utc)
                    .unwrap()
                    .with_timezone(&Utc);
                let zone: chrono_tz::Tz = row[col("timezone")].parse().unwrap();
                let local = instant.with_timezone(&zone).naive_local();
                assert_eq!(local.format("%Y-%m-%d").to_string(), row[col("local_date")]);
                assert_eq!(local.format("%H:%M").to_string(), row[col("local_time")]);
            }
        }
        if name == "escaping" {
            let texts: Vec<&str> = rows.iter().map(|r| &r[col("text")]).collect();
            assert!(texts.contains(&"'=1+1"));
            assert!(texts.contains(&"'@SUM(A1:A9) is not a formula here"));
            let tricky = plan.posts.iter().find(|p| &*p.message == "tricky").unwrap();
            assert!(
                texts.contains(&tricky.content.text.as_str()),
                "multi-line text intact"
            );
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Determinism

#[test]
fn two_builds_give_identical_bytes() {
    for name in fixture_names() {
        let (a, b) = (fixture_plan(&name), fixture_plan(&name));
        let files_a = emit::emit(&a, &EmitOptions::all(&a));
        let files_b = emit::emit(&b, &EmitOptions::all(&b));
        assert_eq!(files_a, files_b, "{name}");
        let mut split = EmitOptions::all(&a);
        split.split_by_role = true;
        assert_eq!(
            emit::emit(&a, &split),
            emit::emit(&b, &split),
            "{name}, by role"
        );
    }
}

#[test]
fn the_command_line_writes_the_same_bytes_twice() {
    let exe = env!("CARGO_BIN_EXE_smm");
    let base = std::env::temp_dir().join(format!("smm-emit-calendar-{}", std::process::id()));
    let fixture = fixture_dir().join("dst-paris.smm");
    let mut outputs = Vec::new();
    for run in ["a", "b"] {
        let dir = base.join(run);
        let status = std::process::Command::new(exe)
            .args([
                "build",
                fixture.to_str().unwrap(),
                "-o",
                dir.to_str().unwrap(),
            ])
            .args(["--emit", "ics,calendar-csv,calendar-md", "--split-by-role"])
            .env("SOURCE_DATE_EPOCH", "1800000000")
            .output()
            .unwrap();
        assert!(status.status.success(), "{status:?}");
        let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| {
                let p = e.unwrap().path();
                let name = p.file_name().unwrap().to_string_lossy().into_owned();
                (name, std::fs::read(&p).unwrap())
            })
            .collect();
        files.sort();
        outputs.push(files);
    }
    let _ = std::fs::remove_dir_all(&base);
    assert_eq!(outputs[0], outputs[1]);
    let names: Vec<&str> = outputs[0].iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "calendar-community.ics",
            "calendar-strategist.ics",
            "calendar.csv",
            "calendar.ics",
            "calendar.md"
        ]
    );
    let ics = String::from_utf8(outputs[0][3].1.clone()).unwrap();
    // SOURCE_DATE_EPOCH 1800000000 = 2027-01-15T08:00:00Z.
    assert!(ics.contains("\r\nDTSTAMP:20270115T080000Z\r\n"));
}

// ---------------------------------------------------------------------------------------------
// Hand-built plans: what the language makes hard to write

fn dt(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
}

fn hand_built() -> Plan {
    let mut plan = Plan {
        campaign: Campaign {
            title: "Hand, built;\r\nplan\u{7}".into(),
            start: NaiveDate::from_ymd_opt(2027, 3, 1).unwrap(),
            end: NaiveDate::from_ymd_opt(2027, 3, 31).unwrap(),
            timezone: "Europe/Paris".into(),
            ..Campaign::default()
        },
        roles: vec![
            Role {
                name: "cm".into(),
                person: Some("Yanis".into()),
                ..Role::default()
            },
            Role {
                name: "sm".into(),
                ..Role::default()
            },
        ],
        channels: vec![Channel {
            name: "ig".into(),
            platform: "instagram".into(),
            ..Channel::default()
        }],
        ..Plan::default()
    };
    let post = |id: &str, local: &str, utc: &str, text: &str, owner: &str| PostOccurrence {
        id: id.into(),
        schedule: "s".into(),
        message: id.into(),
        channel: "ig".into(),
        platform: "instagram".into(),
        local: dt(local),
        timezone: "Europe/Paris".into(),
        utc: dt(utc).and_utc(),
        resolution: Resolution::Exact,
        phase: None,
        objective: Some("o".into()),
        audiences: vec!["a".into(), "b".into()].into(),
        owner: Some(owner.into()),
        content: Content {
            text: text.into(),
            title: None,
            link: Some("https://x.example/ a space".into()),
            media: Some(Media {
                kind: "image".into(),
                path: "=HYPERLINK(\"evil\")".into(),
            }),
            cta: None,
        }
        .into(),
        source: Default::default(),
    };
    plan.posts = vec![
        post(
            "p1",
            "2027-03-02 09:00",
            "2027-03-02 08:00",
            "Windows\r\nline\rends\u{0}\u{1b}[31m\ttab",
            "cm",
        ),
        post(
            "p2",
            "2027-03-02 10:00",
            "2027-03-02 09:00",
            "+33 6 12 34 56 78",
            "sm",
        ),
        post(
            "p3",
            "2027-03-03 10:00",
            "2027-03-03 09:00",
            "-5% | <img src=x onerror=alert(1)>",
            "cm",
        ),
    ];
    plan.tasks = vec![Task {
        name: "mod".into(),
        owner: Some("sm".into()),
        duration_minutes: 0,
        channels: vec![],
        description: Some("@everyone\r\nplease".into()),
        timezone: "Europe/Paris".into(),
        occurrences: vec![TaskOccurrence {
            local: dt("2027-03-02 09:00"),
            utc: dt("2027-03-02 08:00").and_utc(),
        }],
    }];
    plan.kpis = vec![Kpi {
        name: "k".into(),
        metric: "reach".into(),
        unit: "count".into(),
        target: ">= 10".into(),
        by: NaiveDate::from_ymd_opt(2027, 3, 31).unwrap(),
        owner: Some("cm".into()),
        reviews: vec![
            NaiveDate::from_ymd_opt(2027, 3, 2).unwrap(),
            NaiveDate::from_ymd_opt(2027, 3, 31).unwrap(),
        ],
        ..Kpi::default()
    }];
    plan
}

#[test]
fn hand_built_plan_ics_drops_control_characters_and_keeps_line_structure() {
    let plan = hand_built();
    let text = ics::calendar(&plan, None, stamp());
    check_lines(&text);
    assert!(!text.contains(['\u{0}', '\u{7}', '\u{1b}']));
    let cal = ical::IcalParser::new(text.as_bytes())
        .next()
        .unwrap()
        .unwrap();
    assert_eq!(cal.events.len(), 3 + 1 + 2);
    let name = unescape(
        prop(&cal.properties, "X-WR-CALNAME")
            .value
            .as_deref()
            .unwrap(),
    );
    assert_eq!(name, "Hand, built;\nplan");
    let p1 = cal
        .events
        .iter()
        .find(|e| prop(&e.properties, "UID").value.as_deref() == Some("p1@smm"))
        .unwrap();
    let description = unescape(
        prop(&p1.properties, "DESCRIPTION")
            .value
            .as_deref()
            .unwrap(),
    );
    assert!(
        description.starts_with("Windows\nline\nends[31m\ttab\n\n"),
        "{description:?}"
    );
    assert!(description.contains("\nOwner: cm (Yanis)\n"));
    // A link with a space is not a valid URI: it stays in the description only.
    assert!(p1.properties.iter().all(|p| p.name != "URL"));
    // Sorted by start, then UID: the all-day review (midnight in Paris) first, then p1 and the
    // task, both at 08:00Z; a task without duration has no DTEND.
    let uids: Vec<&str> = cal
        .events
        .iter()
        .map(|e| prop(&e.properties, "UID").value.as_deref().unwrap())
        .collect();
    assert_eq!(
        uids,
        [
            "kpi/k/20270302@smm",
            "p1@smm",
            "task/mod/20270302T0900@smm",
            "p2@smm",
            "p3@smm",
            "kpi/k/20270331@smm"
        ]
    );
    assert!(cal.events[2].properties.iter().all(|p| p.name != "DTEND"));
}

#[test]
fn hand_built_plan_role_filter_keeps_only_that_roles_entries() {
    let plan = hand_built();
    for (role, uids) in [
        (
            "cm",
            vec![
                "kpi/k/20270302@smm",
                "p1@smm",
                "p3@smm",
                "kpi/k/20270331@smm",
            ],
        ),
        ("sm", vec!["task/mod/20270302T0900@smm", "p2@smm"]),
        ("nobody", vec![]),
    ] {
        let text = ics::calendar(&plan, Some(role), stamp());
        check_lines(&text);
        let cal = ical::IcalParser::new(text.as_bytes())
            .next()
            .unwrap()
            .unwrap();
        let got: Vec<String> = cal
            .events
            .iter()
            .map(|e| prop(&e.properties, "UID").value.clone().unwrap())
            .collect();
        assert_eq!(got, uids, "{role}");
        let csv_rows = calendar_csv::calendar(&plan, Some(role))
            .matches("@smm")
            .count();
        assert_eq!(csv_rows, uids.len(), "{role}");
        let md = calendar_md::calendar(&plan, Some(role));
        assert!(md.contains(&format!("Only the entries of {role}")), "{md}");
    }
}

#[test]
fn hand_built_plan_csv_and_markdown_neutralise_user_text() {
    let plan = hand_built();
    let csv_text = calendar_csv::calendar(&plan, None);
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let cells: Vec<&str> = rows.iter().flat_map(|r| r.iter()).collect();
    assert!(cells.contains(&"'+33 6 12 34 56 78"));
    assert!(cells.contains(&"'-5% | <img src=x onerror=alert(1)>"));
    assert!(cells.contains(&"'@everyone\r\nplease"));
    assert!(cells.contains(&"image =HYPERLINK(\"evil\")"));

    let md = calendar_md::calendar(&plan, None);
    assert!(
        md.contains("-5% \\| &lt;img src=x onerror=alert(1)&gt;"),
        "{md}"
    );
    assert!(!md.contains("<img"));
    assert!(md.contains("\n## Week of 2027-03-01\n\n### Tuesday 2 March 2027\n"));
    // Every table row has exactly six unescaped pipes (five cells).
    for line in md.lines().filter(|l| l.starts_with("| ")) {
        let pipes = line.replace("\\|", "").matches('|').count();
        assert_eq!(pipes, 6, "{line}");
    }
}
