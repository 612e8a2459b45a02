//! The reference docs are generated from the same tables the checker reads; these tests fail when
//! `docs/` is out of date. `SMM_UPDATE_DOCS=1 cargo test --test docs` rewrites the generated parts.

use smm::schema::docs;

fn check_generated(path: &str, parts: &[(&str, String)]) {
    let doc = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let mut expected = doc.clone();
    for (name, text) in parts {
        expected = docs::splice(&expected, name, text)
            .unwrap_or_else(|| panic!("{path} lacks the markers of `{name}`"));
    }
    if expected != doc {
        if std::env::var_os("SMM_UPDATE_DOCS").is_some() {
            std::fs::write(path, &expected).expect("docs are writable");
        } else {
            panic!("{path} is out of date: run `SMM_UPDATE_DOCS=1 cargo test --test docs`");
        }
    }
}

#[test]
fn language_reference_matches_the_schema() {
    check_generated(
        "docs/language.md",
        &[
            ("declarations", docs::declarations()),
            ("metrics", docs::metric_table()),
        ],
    );
}

#[test]
fn diagnostics_index_matches_the_code_table() {
    check_generated(
        "docs/diagnostics.md",
        &[("codes", smm::diagnostic::explain::index())],
    );
}

#[test]
fn plan_json_schema_matches_the_plan_types() {
    let schema = schemars::schema_for!(smm::plan::Plan);
    let text = serde_json::to_string_pretty(&schema).expect("a schema serialises") + "\n";
    let path = "docs/plan.schema.json";
    let current = std::fs::read_to_string(path).unwrap_or_default();
    if current != text {
        if std::env::var_os("SMM_UPDATE_DOCS").is_some() {
            std::fs::write(path, &text).expect("docs are writable");
        } else {
            panic!("{path} is out of date: run `SMM_UPDATE_DOCS=1 cargo test --test docs`");
        }
    }
}
