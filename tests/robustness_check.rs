//! The semantic passes and the emitters never panic, whatever the plan: random edits of the
//! shipped examples go through `check`, and when a mutant still has no error, through every
//! emitter too. Every diagnostic must point inside its file.

use std::path::Path;

use proptest::prelude::*;
use smm::check::{check, LintLevels};
use smm::emit::{emit, EmitOptions};
use smm::project::{load_text, Options};

const EXAMPLES: [&str; 3] = [
    include_str!("../examples/printemps-lumiere.smm"),
    include_str!("../examples/b2b-linkedin.smm"),
    include_str!("../examples/broken.smm"),
];

/// Words and values that make semantic trouble when dropped in the wrong place.
const INSERTS: &[&str] = &[
    "0",
    "31",
    "-",
    "2027-02-28",
    "2027-12-31 23:59",
    "02:30",
    "every",
    "repeat",
    "[]",
    "[x, x]",
    "100%",
    "150%",
    "0 EUR",
    "1 USD",
    "999999999999 EUR",
    ">= 0",
    "<= 1 EUR",
    "during",
    "on",
    "day",
    "0min",
    "24h",
    "\"\"",
    "\"Mars/Olympus\"",
    "instagram",
    "tiktok",
    "reach",
    "cpa",
];

#[derive(Debug, Clone)]
enum Edit {
    DeleteLine(f64),
    DuplicateLine(f64),
    SwapLines(f64, f64),
    Insert(f64, usize),
    ReplaceNumber(f64, u32),
}

fn edit_strategy() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (0.0..1.0f64).prop_map(Edit::DeleteLine),
        (0.0..1.0f64).prop_map(Edit::DuplicateLine),
        (0.0..1.0f64, 0.0..1.0f64).prop_map(|(a, b)| Edit::SwapLines(a, b)),
        (0.0..1.0f64, 0..INSERTS.len()).prop_map(|(a, i)| Edit::Insert(a, i)),
        (0.0..1.0f64, 0..100_000u32).prop_map(|(a, n)| Edit::ReplaceNumber(a, n)),
    ]
}

fn apply(src: &str, edit: &Edit) -> String {
    let mut lines: Vec<String> = src.lines().map(str::to_string).collect();
    let at = |f: f64, n: usize| ((f * n as f64) as usize).min(n.saturating_sub(1));
    let n = lines.len();
    match *edit {
        Edit::DeleteLine(f) => {
            lines.remove(at(f, n));
        }
        Edit::DuplicateLine(f) => {
            let i = at(f, n);
            let l = lines[i].clone();
            lines.insert(i, l);
        }
        Edit::SwapLines(a, b) => lines.swap(at(a, n), at(b, n)),
        Edit::Insert(f, w) => {
            let i = at(f, n);
            let line = &mut lines[i];
            let cut = line
                .char_indices()
                .map(|(i, _)| i)
                .nth(line.chars().count() / 2)
                .unwrap_or(0);
            line.insert_str(cut, &format!(" {} ", INSERTS[w]));
        }
        Edit::ReplaceNumber(f, v) => {
            let i = at(f, n);
            let line = &mut lines[i];
            if let Some(pos) = line.find(|c: char| c.is_ascii_digit()) {
                let end = line[pos..]
                    .find(|c: char| !c.is_ascii_digit())
                    .map_or(line.len(), |e| pos + e);
                line.replace_range(pos..end, &v.to_string());
            }
        }
    }
    lines.join("\n")
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn edited_examples_check_and_build_without_panicking(
        which in 0..EXAMPLES.len(),
        edits in prop::collection::vec(edit_strategy(), 1..4),
    ) {
        let mut src = EXAMPLES[which].to_string();
        for e in &edits {
            src = apply(&src, e);
        }
        let project = load_text(Path::new("examples/mutant.smm"), &src, Options::default());
        let checked = check(&project, &LintLevels::default());
        for d in &checked.diagnostics {
            for span in std::iter::once(d.primary.span).chain(d.secondary.iter().map(|l| l.span)) {
                let text = &project.sources.get(span.file).text;
                prop_assert!(span.end as usize <= text.len() && span.start <= span.end, "{d:?}");
                prop_assert!(text.is_char_boundary(span.start as usize), "{d:?}");
                prop_assert!(text.is_char_boundary(span.end as usize), "{d:?}");
            }
        }
        if let Some(plan) = &checked.plan {
            let files = emit(plan, &EmitOptions::all(plan));
            prop_assert_eq!(files.len(), 8);
        }
    }
}
