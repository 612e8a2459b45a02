//! Snapshots of the syntax and import errors of every broken file in `tests/fixtures/syntax/`.
//!
//! A fixture is a small campaign file with one or a few mistakes: `tests/fixtures/syntax/*.smm`,
//! or, for imports, a directory `tests/fixtures/syntax/imports/NAME/` whose entry file is
//! `main.smm`. Its snapshot (named after the file or the directory) is what `smm check` would
//! print for the syntax stage, in plain style. A fixture named after a code (`E0110-…`) must
//! report that code, and the fixtures together must report every `E01xx` code.
//!
//! Adding a fixture: drop the file, run `INSTA_UPDATE=always cargo test --test
//! syntax_diagnostics` (or `cargo insta test`), then READ the new `.snap` file before keeping it.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use smm::diagnostic::render::{render_all, Style};
use smm::project::{self, Options, Project};

const ROOT: &str = "tests/fixtures/syntax";

/// Every fixture: (snapshot name, entry file), sorted by name.
fn fixtures() -> Vec<(String, PathBuf)> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(ROOT).expect("tests/fixtures/syntax exists") {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "smm") {
            let name = path.file_stem().unwrap().to_string_lossy().into_owned();
            out.push((name, relative(&path)));
        }
    }
    for entry in std::fs::read_dir(Path::new(ROOT).join("imports")).expect("imports/ exists") {
        let dir = entry.unwrap().path();
        let main = dir.join("main.smm");
        if main.is_file() {
            let name = dir.file_name().unwrap().to_string_lossy().into_owned();
            out.push((name, relative(&main)));
        }
    }
    out.sort();
    out
}

/// `path` with `/` separators, so that rendered paths do not depend on the platform.
fn relative(path: &Path) -> PathBuf {
    PathBuf::from(path.to_string_lossy().replace('\\', "/"))
}

fn load(path: &Path) -> Project {
    project::load(path, Options::default())
        .unwrap_or_else(|e| panic!("{}: cannot load: {e}", path.display()))
}

/// The plain rendering of a project's diagnostics, as `smm check` prints them when piped.
fn rendered(project: &Project) -> String {
    render_all(&project.diagnostics, &project.sources, Style::Plain)
}

#[test]
fn there_are_enough_fixtures() {
    let n = fixtures().len();
    assert!(n >= 30, "only {n} fixtures in {ROOT}");
}

#[test]
fn snapshots() {
    let mut failed = Vec::new();
    for (name, path) in fixtures() {
        let project = load(&path);
        let out = rendered(&project);
        // Keep going after a mismatch so that one run shows (and writes) every changed snapshot.
        let result = std::panic::catch_unwind(|| {
            insta::with_settings!({
                description => format!("smm check {}", path.display()),
                omit_expression => true,
                prepend_module_to_snapshot => false,
                snapshot_path => "snapshots/syntax",
            }, {
                insta::assert_snapshot!(name.as_str(), out);
            });
        });
        if result.is_err() {
            failed.push(name);
        }
    }
    assert!(failed.is_empty(), "snapshots differ: {failed:?}");
}

#[test]
fn every_fixture_reports_an_error() {
    for (name, path) in fixtures() {
        let project = load(&path);
        assert!(project.has_errors(), "{name}: no error reported");
    }
}

#[test]
fn a_fixture_named_after_a_code_reports_that_code() {
    for (name, path) in fixtures() {
        let Some(code) = name.split('-').next().filter(|c| c.starts_with('E')) else {
            continue;
        };
        let project = load(&path);
        assert!(
            project.diagnostics.iter().any(|d| d.code == code),
            "{name} does not report {code}; it reports {:?}",
            project
                .diagnostics
                .iter()
                .map(|d| d.code)
                .collect::<Vec<_>>()
        );
    }
}

#[test]
fn fixtures_cover_every_syntax_and_import_code() {
    let mut seen = BTreeSet::new();
    for (_, path) in fixtures() {
        for d in load(&path).diagnostics {
            seen.insert(d.code);
        }
    }
    let missing: Vec<&str> = smm::diagnostic::codes::CODES
        .iter()
        .map(|c| c.code)
        .filter(|c| c.starts_with("E01") && !seen.contains(c))
        .collect();
    assert!(missing.is_empty(), "no fixture reports {missing:?}");
    // And no code outside the syntax stage: these files must be judged by the front end alone.
    let foreign: Vec<&&str> = seen.iter().filter(|c| !c.starts_with("E01")).collect();
    assert!(foreign.is_empty(), "front-end fixtures report {foreign:?}");
}

#[test]
fn every_diagnostic_is_located_in_its_file() {
    for (name, path) in fixtures() {
        let project = load(&path);
        for d in &project.diagnostics {
            for span in std::iter::once(d.primary.span).chain(d.secondary.iter().map(|l| l.span)) {
                let text = &project.sources.get(span.file).text;
                assert!(
                    span.start <= span.end && (span.end as usize) <= text.len(),
                    "{name}: {} span {span:?} outside its file",
                    d.code
                );
                assert!(
                    text.is_char_boundary(span.start as usize)
                        && text.is_char_boundary(span.end as usize),
                    "{name}: {} span {span:?} not on character boundaries",
                    d.code
                );
            }
        }
    }
}

#[test]
fn rendered_locations_are_path_line_column() {
    let project = load(Path::new("tests/fixtures/syntax/E0110-february-30.smm"));
    let out = rendered(&project);
    assert!(
        out.contains("[tests/fixtures/syntax/E0110-february-30.smm:2:9]"),
        "{out}"
    );
}

#[test]
fn diagnostics_are_in_source_order_and_not_repeated() {
    for (name, path) in fixtures() {
        let project = load(&path);
        let keys: Vec<_> = project
            .diagnostics
            .iter()
            .map(|d| (d.primary.span.file, d.primary.span.start, d.code))
            .collect();
        let mut sorted = keys.clone();
        sorted.sort();
        assert_eq!(keys, sorted, "{name}: diagnostics out of order");
        let unique: BTreeSet<_> = project
            .diagnostics
            .iter()
            .map(|d| (d.primary.span, d.code, d.message.clone()))
            .collect();
        assert_eq!(
            unique.len(),
            project.diagnostics.len(),
            "{name}: a diagnostic is reported twice"
        );
    }
}

#[test]
fn importing_a_file_twice_is_harmless() {
    let dir = std::env::temp_dir().join(format!("smm-twice-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("shared")).unwrap();
    std::fs::write(
        dir.join("main.smm"),
        "import \"shared/team.smm\"\nimport \"shared/channels.smm\"\nimport \"./shared/team.smm\"\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("shared/channels.smm"),
        "import \"team.smm\"\nchannel instagram { owner community }\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("shared/team.smm"),
        "role community { title \"CM\" }\n",
    )
    .unwrap();
    let project = load(&dir.join("main.smm"));
    let _ = std::fs::remove_dir_all(&dir);
    assert!(project.diagnostics.is_empty(), "{}", rendered(&project));
    // Each file is read once: main, team, channels.
    assert_eq!(project.files.len(), 3);
}

#[test]
fn outside_imports_can_be_allowed() {
    let path = Path::new("tests/fixtures/syntax/imports/E0126-outside/main.smm");
    let project = project::load(
        path,
        Options {
            allow_outside_imports: true,
        },
    )
    .unwrap();
    let codes: Vec<&str> = project.diagnostics.iter().map(|d| d.code).collect();
    // `../shared/team.smm` is read; `/etc/smm/team.smm` does not exist.
    assert!(!codes.contains(&"E0126"), "{codes:?}");
    assert_eq!(codes, ["E0124"], "{}", rendered(&project));
}
