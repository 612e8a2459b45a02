//! The catalogue of semantic diagnostics: `tests/fixtures/check/CODE-what-it-shows.smm` must
//! report CODE, and `CODE-what-it-shows.ok.smm` (the near miss: the same plan, fixed) must not.
//! Each fixture's rendered diagnostics are an insta snapshot, reviewed like any other output.

use std::path::{Path, PathBuf};

use smm::check::{check, LintLevels};
use smm::diagnostic::codes::CODES;
use smm::diagnostic::render::{render_all, Style};
use smm::project::{load, Options};

fn fixtures() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir("tests/fixtures/check")
        .expect("fixture folder")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "smm"))
        .collect();
    files.sort();
    files
}

fn code_of(path: &Path) -> String {
    let name = path.file_name().unwrap().to_string_lossy();
    name.split('-').next().unwrap().to_string()
}

fn is_near_miss(path: &Path) -> bool {
    path.to_string_lossy().ends_with(".ok.smm")
}

fn run(path: &Path) -> (Vec<&'static str>, String) {
    let project = load(path, Options::default()).expect("fixture is readable");
    let checked = check(&project, &LintLevels::default());
    let rendered = render_all(&checked.diagnostics, &project.sources, Style::Plain);
    (
        checked.diagnostics.iter().map(|d| d.code).collect(),
        rendered,
    )
}

#[test]
fn every_fixture_reports_its_code_and_every_near_miss_does_not() {
    let mut failures = Vec::new();
    for path in fixtures() {
        let code = code_of(&path);
        let (codes, rendered) = run(&path);
        let reported = codes.contains(&code.as_str());
        if is_near_miss(&path) == reported {
            failures.push(format!(
                "{}: expected {code} {}, got {codes:?}",
                path.display(),
                if reported { "absent" } else { "reported" }
            ));
        }
        let name = path
            .file_name()
            .unwrap()
            .to_string_lossy()
            .replace(".smm", "");
        insta::assert_snapshot!(name, rendered);
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_semantic_code_has_a_fixture_and_a_near_miss() {
    let files = fixtures();
    let mut missing = Vec::new();
    for c in CODES.iter().filter(|c| !c.code.starts_with("E01")) {
        let triggers = files
            .iter()
            .any(|p| code_of(p) == c.code && !is_near_miss(p));
        let misses = files
            .iter()
            .any(|p| code_of(p) == c.code && is_near_miss(p));
        if !triggers || !misses {
            missing.push(c.code);
        }
    }
    assert!(
        missing.is_empty(),
        "codes without a fixture and a near miss: {missing:?}"
    );
}
