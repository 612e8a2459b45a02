//! `smm explain`: every code the checker can emit has an explanation in `docs/codes/CODE.md`,
//! and each explanation's examples behave as they say: the "Wrong" example reports the code, the
//! "Right" one does not. Examples that cannot be shown in one text (a file that is not UTF-8, an
//! import cycle across files) are fenced as `smm,no-check` and listed here.

use smm::check::{check, LintLevels};
use smm::diagnostic::codes::CODES;
use smm::diagnostic::explain::{examples, explanation};
use smm::project::{load_text, Options};

/// Codes whose examples need several files or invalid bytes.
const NOT_CHECKABLE: &[&str] = &["E0100", "E0125", "E0126"];

fn codes_reported(source: &str) -> Vec<&'static str> {
    // A path inside a temporary folder, so that imports of missing files are reported as such.
    let path = std::env::temp_dir()
        .join("smm-explain-example")
        .join("plan.smm");
    let project = load_text(&path, source, Options::default());
    check(&project, &LintLevels::default())
        .diagnostics
        .iter()
        .map(|d| d.code)
        .collect()
}

#[test]
fn every_code_has_an_explanation_with_both_examples() {
    let mut missing = Vec::new();
    for c in CODES {
        match explanation(c.code) {
            None => missing.push(format!("{}: no docs/codes/{}.md", c.code, c.code)),
            Some(text) => {
                if !text.starts_with(&format!("# {}", c.code)) {
                    missing.push(format!(
                        "{}: the file must start with `# {}`",
                        c.code, c.code
                    ));
                }
                if examples(text) == (None, None)
                    || examples(text).0.is_none()
                    || examples(text).1.is_none()
                {
                    missing.push(format!(
                        "{}: needs `## Wrong` and `## Right` code blocks",
                        c.code
                    ));
                }
            }
        }
    }
    assert!(missing.is_empty(), "{}", missing.join("\n"));
}

#[test]
fn wrong_examples_report_their_code_and_right_ones_do_not() {
    let mut failures = Vec::new();
    for c in CODES.iter().filter(|c| !NOT_CHECKABLE.contains(&c.code)) {
        let Some(text) = explanation(c.code) else {
            continue;
        };
        let (Some(wrong), Some(right)) = examples(text) else {
            continue;
        };
        let w = codes_reported(wrong);
        if !w.contains(&c.code) {
            failures.push(format!("{}: the wrong example reports {w:?}", c.code));
        }
        let r = codes_reported(right);
        if r.contains(&c.code) {
            failures.push(format!(
                "{}: the right example still reports it: {r:?}",
                c.code
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
