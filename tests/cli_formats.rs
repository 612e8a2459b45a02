//! `smm check` as CI runs it: every `--format`, every exit code, directory walking and globs, on
//! the fixture tree `tests/fixtures/ci/`:
//!
//! - `spring.smm`: a campaign without errors; imports `shared/team.smm`.
//! - `night.smm`: only warnings (a late-night post); imports `shared/team.smm`; its `lints` block
//!   allows `unused-role`, which it has.
//! - `broken.smm`: errors (an impossible date, a channel declared twice with a related location,
//!   a rate above 100% whose help and note hold `%` and newlines in the `github` format), and the
//!   warnings they cause.
//! - `shared/team.smm`: roles and audiences, no campaign; its unused audience shows through each
//!   of its two importers.
//! - `nested/deeper/quiet.smm`: clean, no warning either.
//! - `drafts/wip.smm`: ignored by `tests/fixtures/ci/.gitignore`; written by [`fixtures`] since
//!   git does not track an ignored file.
//!
//! The binary runs with the crate root as its working directory and relative paths, so paths in
//! outputs and snapshots are stable.
//!
//! `tests/fixtures/sarif-schema-2.1.0.json` is the OASIS SARIF 2.1.0 schema (OASIS Standard with
//! Errata 01, draft-04, `id`
//! https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json),
//! copied byte for byte from `Schemata/sarif-schema-2.1.0.json` in the OASIS TC's repository
//! github.com/oasis-tcs/sarif-spec (commit 0a8091f7d4057e57b6d8d9b56129e5f918747b34, 112,768
//! bytes). Validation uses the `jsonschema` crate without default features, so it cannot fetch
//! anything: the schema's `$ref`s are all local (`#/definitions/…`).

use std::path::{Path, PathBuf};
use std::sync::Once;

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;

/// The fixture tree, relative to the crate root.
const CI: &str = "tests/fixtures/ci";

const WIP: &str = "// Ignored by ../.gitignore: never checked when the directory is walked.\n\
                   campaign \"WIP\" { start 2027-13-01 }\n";

/// Writes the git-ignored file of the tree (git cannot carry it), once per test run.
fn fixtures() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join(CI)
            .join("drafts");
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("wip.smm");
        if std::fs::read_to_string(&path).ok().as_deref() != Some(WIP) {
            std::fs::write(&path, WIP).unwrap();
        }
    });
}

/// `smm` with the crate root as working directory, colour not disabled by the environment.
fn smm() -> Command {
    fixtures();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_smm"));
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("NO_COLOR")
        .env_remove("RAYON_NUM_THREADS");
    cmd
}

struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

fn run(args: &[&str]) -> Run {
    run_with(smm(), args)
}

fn run_with(mut cmd: Command, args: &[&str]) -> Run {
    let o = cmd.args(args).output().expect("run smm");
    Run {
        code: o.status.code(),
        stdout: String::from_utf8(o.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(o.stderr).expect("stderr is UTF-8"),
    }
}

impl std::fmt::Debug for Run {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "exit {:?}\n--- stdout\n{}--- stderr\n{}",
            self.code, self.stdout, self.stderr
        )
    }
}

fn json_of(r: &Run) -> Value {
    serde_json::from_str(&r.stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {r:?}"))
}

/// A directory of its own under the system's temporary directory (outside any git repository),
/// removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new(tag: &str) -> TempDir {
        let dir =
            std::env::temp_dir().join(format!("smm-cli-formats-{}-{tag}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

// ------------------------------------------------------------------------------------ short

const SHORT: &str = "\
tests/fixtures/ci/broken.smm:14:87: error[E0802]: `engagement_rate` is a rate: a target cannot be above 100%
tests/fixtures/ci/broken.smm:19:9: error[E0201]: the channel `instagram` is declared twice
tests/fixtures/ci/broken.smm:21:9: warning[W0604]: the message `teaser` is never posted [unscheduled-message]
tests/fixtures/ci/broken.smm:28:10: warning[W0605]: the schedule `launch` posts nothing [empty-schedule]
tests/fixtures/ci/broken.smm:29:31: error[E0110]: `2027-02-30` is not a calendar date
tests/fixtures/ci/night.smm:29:33: warning[W0601]: a post goes out at night for the audience `fans` (Europe/Paris) [late-night-post]
tests/fixtures/ci/shared/team.smm:10:10: warning[W0203]: the audience `lurkers` is never used [unused-audience]
tests/fixtures/ci/shared/team.smm:10:10: warning[W0203]: the audience `lurkers` is never used [unused-audience]
";

#[test]
fn short_prints_one_exact_line_per_diagnostic() {
    let r = run(&["check", "--format", "short", CI]);
    assert_eq!(r.code, Some(1), "{r:?}");
    assert_eq!(r.stdout, SHORT, "{r:?}");
    assert!(r.stderr.is_empty(), "{r:?}");
}

// ------------------------------------------------------------------------------------ human

#[test]
fn human_is_plain_when_piped_and_with_no_color() {
    let piped = run(&["check", CI]);
    assert_eq!(piped.code, Some(1), "{piped:?}");
    let out = &piped.stdout;
    assert!(
        !out.contains('\u{1b}'),
        "ANSI escape in piped output:\n{out}"
    );
    // miette's plain theme draws with ASCII, not box-drawing characters.
    assert!(
        !out.chars().any(|c| ('\u{2500}'..='\u{257f}').contains(&c)),
        "box drawing in piped output:\n{out}"
    );
    for expected in [
        "tests/fixtures/ci/broken.smm:29:31",
        "`2027-02-30` is not a calendar date",
        "first declared here",
        "W0601 (late-night-post)",
        "tests/fixtures/ci/shared/team.smm:10:10",
    ] {
        assert!(out.contains(expected), "missing {expected:?}:\n{out}");
    }
    assert!(
        out.ends_with("checked 4 campaigns: 3 errors, 5 warnings\n"),
        "{out}"
    );

    let mut cmd = smm();
    cmd.env("NO_COLOR", "1");
    let no_color = run_with(cmd, &["check", CI]);
    assert_eq!(no_color.code, Some(1), "{no_color:?}");
    assert!(!no_color.stdout.contains('\u{1b}'), "{no_color:?}");
    assert_eq!(no_color.stdout, piped.stdout);
}

// ------------------------------------------------------------------------------------- json

/// The byte offsets of a location must agree with its 1-based lines and (character) columns.
fn check_location(loc: &Value) {
    let file = loc["file"].as_str().unwrap();
    assert!(Path::new(file).is_relative(), "{file}");
    let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(file)).unwrap();
    let line_col = |offset: usize| {
        let before = &text[..offset];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        (line, before[line_start..].chars().count() + 1)
    };
    let (start, end) = (
        loc["start"].as_u64().unwrap() as usize,
        loc["end"].as_u64().unwrap() as usize,
    );
    assert!(start <= end && end <= text.len(), "{loc}");
    let (line, column) = line_col(start);
    let (end_line, end_column) = line_col(end);
    assert_eq!(loc["line"], line, "{loc}");
    assert_eq!(loc["column"], column, "{loc}");
    assert_eq!(loc["end_line"], end_line, "{loc}");
    assert_eq!(loc["end_column"], end_column, "{loc}");
}

#[test]
fn json_has_the_documented_shape() {
    let r = run(&["check", "--format", "json", CI]);
    assert_eq!(r.code, Some(1), "{r:?}");
    let doc = json_of(&r);
    assert_eq!(doc["version"], 1);
    assert_eq!(
        doc["summary"],
        serde_json::json!({ "projects": 4, "errors": 3, "warnings": 5, "notes": 0 })
    );
    let diagnostics = doc["diagnostics"].as_array().unwrap();
    assert_eq!(diagnostics.len(), 8);
    let fields = [
        "code", "help", "labels", "lint", "location", "message", "notes", "severity",
    ];
    for d in diagnostics {
        let mut keys: Vec<&str> = d.as_object().unwrap().keys().map(String::as_str).collect();
        keys.sort_unstable();
        assert_eq!(keys, fields, "{d}");
        let code = d["code"].as_str().unwrap();
        let severity = d["severity"].as_str().unwrap();
        match code.as_bytes()[0] {
            b'E' => {
                assert_eq!(severity, "error", "{d}");
                assert!(d["lint"].is_null(), "{d}");
            }
            b'W' => {
                assert_eq!(severity, "warning", "{d}");
                assert!(d["lint"].is_string(), "{d}");
            }
            _ => panic!("unexpected code {code}"),
        }
        assert!(d["notes"].is_array() && d["message"].is_string(), "{d}");
        assert!(d["help"].is_string() || d["help"].is_null(), "{d}");
        let labels = d["labels"].as_array().unwrap();
        assert_eq!(labels[0]["primary"], true, "{d}");
        assert_eq!(labels[0]["location"], d["location"], "{d}");
        assert!(labels[1..].iter().all(|l| l["primary"] == false), "{d}");
        for l in labels {
            check_location(&l["location"]);
        }
    }
    // Ordered by project (sorted by path), then file, position and code.
    let order: Vec<(&str, &str)> = diagnostics
        .iter()
        .map(|d| {
            (
                d["location"]["file"].as_str().unwrap(),
                d["code"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        order,
        [
            ("tests/fixtures/ci/broken.smm", "E0802"),
            ("tests/fixtures/ci/broken.smm", "E0201"),
            ("tests/fixtures/ci/broken.smm", "W0604"),
            ("tests/fixtures/ci/broken.smm", "W0605"),
            ("tests/fixtures/ci/broken.smm", "E0110"),
            ("tests/fixtures/ci/night.smm", "W0601"),
            ("tests/fixtures/ci/shared/team.smm", "W0203"),
            ("tests/fixtures/ci/shared/team.smm", "W0203"),
        ]
    );
    // The example of docs/diagnostics-json.md, on the fixture.
    let date = &diagnostics[4];
    assert_eq!(date["message"], "`2027-02-30` is not a calendar date");
    assert_eq!(date["help"], "use a day between 01 and 28");
    let loc = &date["location"];
    assert_eq!(
        (
            &loc["line"],
            &loc["column"],
            &loc["end_line"],
            &loc["end_column"]
        ),
        (&29.into(), &31.into(), &29.into(), &41.into())
    );
    // A duplicate names its first declaration as a secondary label.
    let twice = &diagnostics[1];
    let labels = twice["labels"].as_array().unwrap();
    assert_eq!(labels.len(), 2, "{twice}");
    assert_eq!(labels[1]["message"], "first declared here");
    assert_eq!(labels[1]["location"]["line"], 18);
    assert_eq!(diagnostics[5]["lint"], "late-night-post");
}

// ----------------------------------------------------------------------------------- github

const GITHUB: &str = "\
::error file=tests/fixtures/ci/broken.smm,line=14,col=87,endLine=14,endColumn=91,title=E0802::`engagement_rate` is a rate: a target cannot be above 100%25%0Ahelp: write a rate between 0%25 and 100%25, such as `target >= 4.5%25`%0Anote: only follower_growth and roi may exceed 100%25
::error file=tests/fixtures/ci/broken.smm,line=19,col=9,endLine=19,endColumn=18,title=E0201::the channel `instagram` is declared twice%0Ahelp: rename one of them, or merge them into one `channel instagram`
::warning file=tests/fixtures/ci/broken.smm,line=21,col=9,endLine=21,endColumn=15,title=W0604 (unscheduled-message)::the message `teaser` is never posted%0Ahelp: post it in a schedule, such as `post teaser to instagram at 2027-03-03 09:00`, or remove it
::warning file=tests/fixtures/ci/broken.smm,line=28,col=10,endLine=28,endColumn=16,title=W0605 (empty-schedule)::the schedule `launch` posts nothing%0Ahelp: add `post MESSAGE to CHANNEL at 2027-03-03 09:00` or `post … every …`, or remove the schedule
::error file=tests/fixtures/ci/broken.smm,line=29,col=31,endLine=29,endColumn=41,title=E0110::`2027-02-30` is not a calendar date%0Ahelp: use a day between 01 and 28
::warning file=tests/fixtures/ci/night.smm,line=29,col=33,endLine=29,endColumn=49,title=W0601 (late-night-post)::a post goes out at night for the audience `fans` (Europe/Paris)%0Ahelp: post at a daytime hour for `fans`, such as 09:00 in Europe/Paris, or give `fans` a post of its own; the campaign's `quiet_hours` sets the night%0Anote: 1 post falls between 23:00 and 06:00 in Europe/Paris for the audience `fans`, first 2027-03-05 02:30 local
::warning file=tests/fixtures/ci/shared/team.smm,line=10,col=10,endLine=10,endColumn=17,title=W0203 (unused-audience)::the audience `lurkers` is never used%0Ahelp: target it with `audience lurkers` in a message, or remove it
::warning file=tests/fixtures/ci/shared/team.smm,line=10,col=10,endLine=10,endColumn=17,title=W0203 (unused-audience)::the audience `lurkers` is never used%0Ahelp: target it with `audience lurkers` in a message, or remove it
";

#[test]
fn github_prints_exact_workflow_commands() {
    let r = run(&["check", "--format", "github", CI]);
    assert_eq!(r.code, Some(1), "{r:?}");
    assert_eq!(r.stdout, GITHUB, "{r:?}");
    // Every line is one command: nothing in a message may end it early.
    for line in r.stdout.lines() {
        let (_, message) = line.split_once("::").unwrap().1.split_once("::").unwrap();
        assert!(!message.contains('\r') && !message.contains('\n'), "{line}");
    }
}

/// `%`, `,` and `:` in a property (here the file name) are escaped, so a comma or colon in a
/// path cannot end the property early. (A colon cannot be in a Windows file name.)
#[cfg(unix)]
#[test]
fn github_escapes_properties() {
    let dir = TempDir::new("github-escapes");
    let name = "100%,odd:name.smm";
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join(CI)
            .join("broken.smm"),
        dir.0.join(name),
    )
    .unwrap();
    let mut cmd = smm();
    cmd.current_dir(&dir.0);
    let r = run_with(cmd, &["check", "--format", "github", name]);
    assert_eq!(r.code, Some(1), "{r:?}");
    assert!(
        r.stdout.starts_with(
            "::error file=100%25%2Codd%3Aname.smm,line=14,col=87,endLine=14,endColumn=91,title=E0802::`engagement_rate` is a rate: a target cannot be above 100%25%0Ahelp: "
        ),
        "{r:?}"
    );
    assert_eq!(r.stdout.lines().count(), 5, "{r:?}");
    // SARIF writes the same name as a valid URI reference.
    let mut cmd = smm();
    cmd.current_dir(&dir.0);
    let r = run_with(cmd, &["check", "--format", "sarif", name]);
    assert_eq!(r.code, Some(1), "{r:?}");
    let doc = json_of(&r);
    assert_valid_sarif(&doc);
    let uri = &doc["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
        ["uri"];
    assert_eq!(uri, "100%25%2Codd%3Aname.smm");
}

// ------------------------------------------------------------------------------------ sarif

fn sarif_schema() -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/sarif-schema-2.1.0.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// Validates against the OASIS schema twice: as it declares itself (draft-04), and as draft-07
/// with formats asserted, where `uri` and `uri-reference` are checked (draft-04 has no
/// `uri-reference`; code-scanning services read the draft-07 copy of the schema). Returns the
/// errors of both.
fn sarif_errors(doc: &Value) -> Vec<String> {
    let schema = sarif_schema();
    assert_eq!(schema["$schema"], "http://json-schema.org/draft-04/schema#");
    let as_declared = jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("the SARIF schema compiles");
    let draft7 = jsonschema::options()
        .with_draft(jsonschema::Draft::Draft7)
        .should_validate_formats(true)
        .build(&schema)
        .expect("the SARIF schema compiles as draft-07");
    [as_declared, draft7]
        .iter()
        .flat_map(|v| {
            v.iter_errors(doc)
                .map(|e| format!("{e} at {}", e.instance_path()))
                .collect::<Vec<_>>()
        })
        .collect()
}

fn assert_valid_sarif(doc: &Value) {
    let errors = sarif_errors(doc);
    assert!(
        errors.is_empty(),
        "invalid SARIF:\n{}\n{doc:#}",
        errors.join("\n")
    );
}

#[test]
fn sarif_validates_against_the_oasis_schema() {
    let r = run(&["check", "--format", "sarif", CI]);
    assert_eq!(r.code, Some(1), "{r:?}");
    let doc = json_of(&r);
    assert_valid_sarif(&doc);

    let run = &doc["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    assert_eq!(run["tool"]["driver"]["name"], "smm");
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    let results = run["results"].as_array().unwrap();
    let summary: Vec<(&str, &str, &str, u64)> = results
        .iter()
        .map(|r| {
            let physical = &r["locations"][0]["physicalLocation"];
            (
                r["ruleId"].as_str().unwrap(),
                r["level"].as_str().unwrap(),
                physical["artifactLocation"]["uri"].as_str().unwrap(),
                physical["region"]["startLine"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            ("E0802", "error", "tests/fixtures/ci/broken.smm", 14),
            ("E0201", "error", "tests/fixtures/ci/broken.smm", 19),
            ("W0604", "warning", "tests/fixtures/ci/broken.smm", 21),
            ("W0605", "warning", "tests/fixtures/ci/broken.smm", 28),
            ("E0110", "error", "tests/fixtures/ci/broken.smm", 29),
            ("W0601", "warning", "tests/fixtures/ci/night.smm", 29),
            ("W0203", "warning", "tests/fixtures/ci/shared/team.smm", 10),
            ("W0203", "warning", "tests/fixtures/ci/shared/team.smm", 10),
        ]
    );
    for r in results {
        // ruleIndex points at the rule of ruleId.
        let index = r["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], r["ruleId"], "{r}");
        assert_eq!(r["locations"].as_array().unwrap().len(), 1, "{r}");
    }
    let date = &results[4]["locations"][0]["physicalLocation"]["region"];
    assert_eq!(
        (
            &date["startLine"],
            &date["startColumn"],
            &date["endLine"],
            &date["endColumn"]
        ),
        (&29.into(), &31.into(), &29.into(), &41.into())
    );
    // The message holds the help and notes, as the `github` format does.
    assert_eq!(
        results[0]["message"]["text"],
        "`engagement_rate` is a rate: a target cannot be above 100%\n\
         help: write a rate between 0% and 100%, such as `target >= 4.5%`\n\
         note: only follower_growth and roi may exceed 100%"
    );
    // The first declaration of a duplicate is a related location.
    let related = results[1]["relatedLocations"].as_array().unwrap();
    assert_eq!(related.len(), 1);
    assert_eq!(related[0]["message"]["text"], "first declared here");
    assert_eq!(related[0]["physicalLocation"]["region"]["startLine"], 18);
    assert!(results[0].get("relatedLocations").is_none());
    // Lints are rule properties; every code is a rule, in the order of ruleIndex.
    let late = rules.iter().find(|r| r["id"] == "W0601").unwrap();
    assert_eq!(late["name"], "late-night-post");
    assert_eq!(late["defaultConfiguration"]["level"], "warning");
    assert_eq!(late["properties"]["lint"], "late-night-post");
}

#[test]
fn the_schema_validator_is_not_vacuous() {
    let r = run(&["check", "--format", "sarif", CI]);
    let valid = json_of(&r);
    assert_valid_sarif(&valid);
    let mut doc = valid.clone();
    doc["runs"][0]["results"][0]["level"] = "fatal".into();
    assert!(!sarif_errors(&doc).is_empty());
    let mut doc = valid.clone();
    doc["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] =
        0.into();
    assert!(!sarif_errors(&doc).is_empty());
    let mut doc = valid.clone();
    doc["runs"][0]["results"][0]["unknownProperty"] = true.into();
    assert!(!sarif_errors(&doc).is_empty());
    // File names as they are, not percent-encoded, are not URI references.
    for name in ["100%.smm", "my plan.smm"] {
        let mut doc = valid.clone();
        doc["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
            ["uri"] = name.into();
        assert!(!sarif_errors(&doc).is_empty(), "{name}");
    }
}

#[test]
fn sarif_of_a_clean_tree_is_valid_and_empty() {
    let r = run(&["check", "--format", "sarif", "tests/fixtures/ci/nested"]);
    assert_eq!(r.code, Some(0), "{r:?}");
    let doc = json_of(&r);
    assert_valid_sarif(&doc);
    assert_eq!(doc["runs"][0]["results"], serde_json::json!([]));
}

// -------------------------------------------------------------------------------- snapshots

#[test]
fn snapshot_json() {
    let r = run(&["check", "--format", "json", CI]);
    insta::assert_snapshot!("json", r.stdout);
}

#[test]
fn snapshot_github() {
    let r = run(&["check", "--format", "github", CI]);
    insta::assert_snapshot!("github", r.stdout);
}

/// The rules (one per diagnostic code, checked above) are left out, so adding a code does not
/// change the snapshot.
#[test]
fn snapshot_sarif() {
    let r = run(&["check", "--format", "sarif", CI]);
    let mut doc = json_of(&r);
    doc["runs"][0]["tool"]["driver"]["rules"] = "[one rule per code]".into();
    doc["runs"][0]["tool"]["driver"]["version"] = "[version]".into();
    insta::assert_snapshot!("sarif", serde_json::to_string_pretty(&doc).unwrap());
}

// ------------------------------------------------------------------------------- exit codes

#[test]
fn clean_tree_exits_0_and_prints_nothing_in_short() {
    let r = run(&["check", "--format", "short", "tests/fixtures/ci/nested"]);
    assert_eq!(r.code, Some(0), "{r:?}");
    assert_eq!(r.stdout, "");
    let r = run(&["check", "tests/fixtures/ci/nested"]);
    assert_eq!(r.code, Some(0), "{r:?}");
    assert_eq!(r.stdout, "checked 1 campaign: 0 errors, 0 warnings\n");
}

#[test]
fn warnings_alone_exit_0() {
    let r = run(&["check", "--format", "short", "tests/fixtures/ci/night.smm"]);
    assert_eq!(r.code, Some(0), "{r:?}");
    assert_eq!(
        r.stdout,
        "tests/fixtures/ci/night.smm:29:33: warning[W0601]: a post goes out at night for the audience `fans` (Europe/Paris) [late-night-post]\n\
         tests/fixtures/ci/shared/team.smm:10:10: warning[W0203]: the audience `lurkers` is never used [unused-audience]\n"
    );
}

#[test]
fn errors_exit_1() {
    smm()
        .args(["check", "tests/fixtures/ci/broken.smm"])
        .assert()
        .code(1);
}

#[test]
fn deny_warnings_turns_warnings_into_errors() {
    for flag in [["--deny", "warnings"], ["-D", "warnings"]] {
        let mut args = vec!["check", "--format", "short"];
        args.extend(flag);
        args.push("tests/fixtures/ci/night.smm");
        let r = run(&args);
        assert_eq!(r.code, Some(1), "{flag:?}: {r:?}");
        assert!(
            r.stdout.contains("night.smm:29:33: error[W0601]"),
            "{flag:?}: {r:?}"
        );
        assert!(
            r.stdout.contains("team.smm:10:10: error[W0203]"),
            "{flag:?}: {r:?}"
        );
        // `warnings` on the command line overrides every level the file set, so the
        // `allow [unused-role]` of night.smm's `lints` block too (docs/diagnostics.md).
        assert!(
            r.stdout.contains("night.smm:14:6: error[W0201]"),
            "{flag:?}: {r:?}"
        );
        assert!(!r.stdout.contains("warning["), "{flag:?}: {r:?}");
    }
    // One lint only.
    let r = run(&[
        "check",
        "--format",
        "short",
        "--deny",
        "late-night-post",
        "tests/fixtures/ci/night.smm",
    ]);
    assert_eq!(r.code, Some(1), "{r:?}");
    assert!(
        r.stdout.contains("error[W0601]") && r.stdout.contains("warning[W0203]"),
        "{r:?}"
    );
    // In JSON the severity is the one after lint levels.
    let r = run(&[
        "check",
        "--format",
        "json",
        "-D",
        "warnings",
        "tests/fixtures/ci/night.smm",
    ]);
    let doc = json_of(&r);
    assert_eq!(doc["summary"]["errors"], 3);
    assert_eq!(doc["summary"]["warnings"], 0);
    assert_eq!(doc["diagnostics"][1]["severity"], "error");
    assert_eq!(doc["diagnostics"][1]["lint"], "late-night-post");
}

#[test]
fn a_missing_path_exits_2() {
    smm()
        .args(["check", "tests/fixtures/ci/missing.smm"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(
            predicate::str::contains("tests/fixtures/ci/missing.smm")
                .and(predicate::str::contains("no such file")),
        );
    // Also next to files that exist.
    smm()
        .args(["check", CI, "tests/fixtures/ci/missing"])
        .assert()
        .code(2);
    // A glob that matches nothing.
    smm()
        .args(["check", "tests/fixtures/ci/*.nothing"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no .smm file matches"));
}

#[test]
fn an_unknown_lint_exits_2_with_a_suggestion() {
    let r = run(&["check", "--deny", "late-night-posts", CI]);
    assert_eq!(r.code, Some(2), "{r:?}");
    assert_eq!(r.stdout, "", "{r:?}");
    assert!(r.stderr.contains("`late-night-posts`"), "{r:?}");
    assert!(
        r.stderr.contains("did you mean `late-night-post`?"),
        "{r:?}"
    );
    for flag in ["--allow", "--warn", "-A", "-W", "-D"] {
        smm()
            .args(["check", flag, "late-night-posts", CI])
            .assert()
            .code(2);
    }
}

#[test]
fn allow_silences_a_warning() {
    let r = run(&[
        "check",
        "--format",
        "short",
        "--allow",
        "late-night-post",
        "tests/fixtures/ci/night.smm",
    ]);
    assert_eq!(r.code, Some(0), "{r:?}");
    assert!(!r.stdout.contains("W0601"), "{r:?}");
    assert!(r.stdout.contains("W0203"), "{r:?}");
    let r = run(&[
        "check",
        "--format",
        "short",
        "-A",
        "warnings",
        "tests/fixtures/ci/night.smm",
    ]);
    assert_eq!((r.code, r.stdout.as_str()), (Some(0), ""), "{r:?}");
    // Allowing a lint does not hide errors.
    let r = run(&[
        "check",
        "--format",
        "short",
        "-A",
        "warnings",
        "tests/fixtures/ci/broken.smm",
    ]);
    assert_eq!(r.code, Some(1), "{r:?}");
    assert_eq!(r.stdout.lines().count(), 3, "{r:?}");
}

/// `night.smm` says `lints { allow [unused-role] }` and has an unused role: silent by default,
/// reported when the command line asks for it.
#[test]
fn the_command_line_overrides_the_lints_block() {
    let r = run(&["check", "--format", "short", "tests/fixtures/ci/night.smm"]);
    assert!(!r.stdout.contains("W0201"), "{r:?}");
    let r = run(&[
        "check",
        "--format",
        "short",
        "--warn",
        "unused-role",
        "tests/fixtures/ci/night.smm",
    ]);
    assert_eq!(r.code, Some(0), "{r:?}");
    assert!(
        r.stdout.contains("tests/fixtures/ci/night.smm:14:6: warning[W0201]: the role `intern` is never used [unused-role]"),
        "{r:?}"
    );
    let r = run(&[
        "check",
        "--format",
        "short",
        "--deny",
        "unused-role",
        "tests/fixtures/ci/night.smm",
    ]);
    assert_eq!(r.code, Some(1), "{r:?}");
    assert!(r.stdout.contains("night.smm:14:6: error[W0201]"), "{r:?}");
}

// ------------------------------------------------------------------------- directories, globs

#[test]
fn a_shared_file_is_checked_through_its_importers_only() {
    let r = run(&["check", "--format", "json", CI]);
    let doc = json_of(&r);
    // broken, nested/deeper/quiet, night, spring: not shared/team.smm, not drafts/wip.smm.
    assert_eq!(doc["summary"]["projects"], 4, "{r:?}");
    // Checked on its own it would have no campaign (E0202).
    assert!(!r.stdout.contains("E0202"), "{r:?}");
    // Its unused audience shows once through each importer.
    let shared = doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["location"]["file"] == "tests/fixtures/ci/shared/team.smm")
        .count();
    assert_eq!(shared, 2, "{r:?}");
    // Named explicitly, it is checked on its own.
    let r = run(&[
        "check",
        "--format",
        "short",
        "tests/fixtures/ci/shared/team.smm",
    ]);
    assert_eq!(r.code, Some(1), "{r:?}");
    assert!(r.stdout.contains("E0202"), "{r:?}");
}

#[test]
fn ignored_files_are_skipped() {
    fixtures();
    assert!(Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(CI)
        .join("drafts/wip.smm")
        .is_file());
    let r = run(&["check", "--format", "short", CI]);
    assert!(!r.stdout.contains("drafts"), "{r:?}");
    // Named explicitly, an ignored file is checked.
    let r = run(&[
        "check",
        "--format",
        "short",
        "tests/fixtures/ci/drafts/wip.smm",
    ]);
    assert_eq!(r.code, Some(1), "{r:?}");
    assert!(
        r.stdout.contains("tests/fixtures/ci/drafts/wip.smm:2:"),
        "{r:?}"
    );
}

/// `.gitignore` is honoured outside a git repository too.
#[test]
fn ignored_files_are_skipped_outside_a_git_repository() {
    fixtures();
    let dir = TempDir::new("outside-git");
    copy_tree(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join(CI),
        &dir.0.join("ci"),
    );
    assert!(dir.0.join("ci/drafts/wip.smm").is_file() && dir.0.join("ci/.gitignore").is_file());
    let mut cmd = smm();
    cmd.current_dir(&dir.0);
    let r = run_with(cmd, &["check", "--format", "short", "ci"]);
    assert_eq!(r.code, Some(1), "{r:?}");
    assert_eq!(
        r.stdout,
        SHORT.replace("tests/fixtures/ci/", "ci/"),
        "{r:?}"
    );
}

#[test]
fn globs_select_files() {
    // Top-level files only: broken, night and spring (which imports shared/team.smm).
    let r = run(&["check", "--format", "json", "tests/fixtures/ci/*.smm"]);
    assert_eq!(r.code, Some(1), "{r:?}");
    let doc = json_of(&r);
    assert_eq!(
        doc["summary"],
        serde_json::json!({ "projects": 3, "errors": 3, "warnings": 5, "notes": 0 })
    );
    // A recursive pattern: the shared file matches but is checked through its importers.
    let r = run(&[
        "check",
        "--format",
        "json",
        "tests/fixtures/ci/[!d]*/**/*.smm",
        "tests/fixtures/ci/s*.smm",
    ]);
    assert_eq!(r.code, Some(0), "{r:?}");
    let doc = json_of(&r);
    // nested/deeper/quiet and spring.
    assert_eq!(
        doc["summary"],
        serde_json::json!({ "projects": 2, "errors": 0, "warnings": 1, "notes": 0 })
    );
    // A pattern matching a directory walks it.
    let r = run(&["check", "--format", "short", "tests/fixtures/ci/nes*"]);
    assert_eq!((r.code, r.stdout.as_str()), (Some(0), ""), "{r:?}");
}

#[test]
fn output_does_not_depend_on_the_number_of_threads() {
    for format in ["human", "short", "json", "github", "sarif"] {
        let outputs: Vec<Vec<u8>> = ["1", "2", "2"]
            .iter()
            .map(|threads| {
                let mut cmd = smm();
                cmd.env("RAYON_NUM_THREADS", threads);
                let o = cmd
                    .args(["check", "--format", format, CI, "tests/fixtures/ci/*.smm"])
                    .output()
                    .unwrap();
                assert_eq!(o.status.code(), Some(1));
                o.stdout
            })
            .collect();
        assert!(!outputs[0].is_empty());
        assert_eq!(outputs[0], outputs[1], "{format}: 1 and 2 threads differ");
        assert_eq!(outputs[1], outputs[2], "{format}: two runs differ");
    }
}

// --------------------------------------------------------------------- explain, completions

#[test]
fn explain_prints_a_code_or_a_lint() {
    smm()
        .args(["explain", "E0110"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with(
            "# E0110: not a valid calendar date\n",
        ));
    smm()
        .args(["explain", "late-night-post"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with(
            "# W0601: a post at night in the audience's time zone\n",
        ));
}

#[test]
fn explain_of_an_unknown_code_exits_2() {
    smm()
        .args(["explain", "nope"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains("no diagnostic code `nope`"));
}

#[test]
fn completions_for_each_shell() {
    for (shell, marker) in [
        ("bash", "complete -F _smm"),
        ("zsh", "#compdef smm"),
        ("fish", "complete -c smm"),
        ("powershell", "Register-ArgumentCompleter"),
    ] {
        let r = run(&["completions", shell]);
        assert_eq!(r.code, Some(0), "{shell}: {r:?}");
        assert!(
            r.stdout.contains(marker),
            "{shell}: no {marker:?} in\n{}",
            r.stdout
        );
        assert!(
            r.stdout.contains("check") && r.stdout.contains("format"),
            "{shell}"
        );
    }
    smm().args(["completions", "tcsh"]).assert().code(2);
}

#[test]
fn a_missing_path_does_not_stop_the_others_being_checked() {
    let out = smm()
        .args([
            "check",
            "--format",
            "short",
            "tests/fixtures/ci/broken.smm",
            "tests/fixtures/ci/missing.smm",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("missing.smm"))
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).expect("UTF-8");
    assert!(text.contains("tests/fixtures/ci/broken.smm:"), "{text}");
}
