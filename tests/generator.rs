//! The benchmark generator (benches/support/generator.rs) writes valid plans: the `.smm` text
//! parses and checks without a single diagnostic, the JSON parses, and both describe the same
//! plan.

#[path = "../benches/support/generator.rs"]
mod generator;

use std::collections::BTreeMap;

use smm::ast::{Statement, ValueKind};
use smm::check::{check, LintLevels};
use smm::diagnostic::render::{render_all, Style};
use smm::project::{load_text, Options};
use smm::source::FileId;

fn text_of(stmt: &Statement) -> Option<String> {
    stmt.children()
        .iter()
        .find(|s| s.keyword.name == "text")
        .and_then(|s| match &s.args.first()?.kind {
            ValueKind::String(t) | ValueKind::TextBlock(t) => Some(t.clone()),
            _ => None,
        })
}

fn name_of(stmt: &Statement) -> String {
    match stmt.args.first().map(|a| &a.kind) {
        Some(ValueKind::Word(w)) => w.clone(),
        _ => String::new(),
    }
}

#[test]
fn a_200_kb_plan_parses_cleanly_in_both_languages() {
    let g = generator::campaign(200_000, 42);
    assert!(
        (200_000..230_000).contains(&g.smm.len()),
        "size {}",
        g.smm.len()
    );

    let parsed = smm::syntax::parse(FileId(0), &g.smm);
    assert!(
        parsed.diagnostics.is_empty(),
        "{:#?}",
        &parsed.diagnostics[..parsed.diagnostics.len().min(5)]
    );
    assert_eq!(parsed.file.statements.len(), g.declarations);

    let json: serde_json::Value = serde_json::from_str(&g.json).expect("the JSON parses");
    let messages = json["messages"].as_array().expect("messages");
    assert_eq!(messages.len(), g.messages);

    // The same plan: every message's text and every variant's text agree.
    let mut smm_texts = BTreeMap::new();
    for m in parsed
        .file
        .statements
        .iter()
        .filter(|s| s.keyword.name == "message")
    {
        smm_texts.insert(name_of(m), text_of(m));
        for v in m.children().iter().filter(|s| s.keyword.name == "variant") {
            if let Some(t) = text_of(v) {
                smm_texts.insert(format!("{}/{}", name_of(m), name_of(v)), Some(t));
            }
        }
    }
    let mut json_texts = BTreeMap::new();
    for m in messages {
        let name = m["name"].as_str().unwrap().to_string();
        json_texts.insert(name.clone(), m["text"].as_str().map(str::to_string));
        for v in m["variants"].as_array().into_iter().flatten() {
            if let Some(t) = v["text"].as_str() {
                let channel = v["channel"].as_str().unwrap();
                json_texts.insert(format!("{name}/{channel}"), Some(t.to_string()));
            }
        }
    }
    assert_eq!(smm_texts, json_texts);

    // Every kind of declaration is there.
    for kind in [
        "campaign",
        "role",
        "phase",
        "objective",
        "audience",
        "channel",
        "message",
        "schedule",
        "budget",
        "kpi",
        "task",
    ] {
        assert!(
            parsed
                .file
                .statements
                .iter()
                .any(|s| s.keyword.name == kind),
            "no {kind}"
        );
    }
}

#[test]
fn the_generated_plan_checks_clean() {
    for seed in [1, 2027] {
        let g = generator::campaign(150_000, seed);
        let project = load_text(
            std::path::Path::new("generated.smm"),
            &g.smm,
            Options::default(),
        );
        let checked = check(&project, &LintLevels::default());
        let shown = render_all(&checked.diagnostics, &project.sources, Style::Plain);
        assert!(checked.diagnostics.is_empty(), "seed {seed}:\n{shown}");
    }
}

#[test]
fn generation_is_deterministic_per_seed() {
    let a = generator::campaign(50_000, 7);
    let b = generator::campaign(50_000, 7);
    let c = generator::campaign(50_000, 8);
    assert_eq!(a.smm, b.smm);
    assert_eq!(a.json, b.json);
    assert_ne!(a.smm, c.smm);
}
