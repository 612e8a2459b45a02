//! The number of threads changes nothing: checking and building on one thread or on several
//! gives the same diagnostics, in the same order, and the same bytes in every output file.
//!
//! Parsing (pieces of a large file), lowering (chunks of declarations), the passes that run side
//! by side, the schedules and tasks expanded in parallel and the output files all use rayon's
//! pool; each puts its results back in a fixed order. This runs the whole pipeline in pools of
//! 1, 2 and 4 threads on the examples, every fixture of the check catalogue, and a generated
//! plan large enough (about 1 MB) to be parsed in pieces.

#[path = "../benches/support/generator.rs"]
mod generator;

mod common;

use std::path::{Path, PathBuf};

use smm::check::{check, LintLevels};
use smm::emit::{emit, EmitOptions};
use smm::project::{load_text, Options};

/// Diagnostics and every output file of one plan, as text to compare.
fn pipeline(path: &Path, text: &str) -> String {
    let project = load_text(path, text, Options::default());
    let checked = check(&project, &LintLevels::default());
    let mut out = format!("{:#?}\n", checked.diagnostics);
    if let Some(plan) = &checked.plan {
        for file in emit(plan, &EmitOptions::all(plan)) {
            out.push_str(&file.name);
            out.push('\n');
            out.push_str(&String::from_utf8_lossy(&file.contents.to_vec()));
        }
    }
    out
}

fn in_pool<R: Send>(threads: usize, f: impl FnOnce() -> R + Send) -> R {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .expect("a thread pool")
        .install(f)
}

fn inputs() -> Vec<(PathBuf, String)> {
    let mut inputs: Vec<(PathBuf, String)> = ["examples", "tests/fixtures/check"]
        .iter()
        .flat_map(|dir| {
            let dir = common::crate_path(dir);
            common::smm_names(&dir)
                .into_iter()
                .map(move |name| dir.join(format!("{name}.smm")))
        })
        .map(|p| {
            let text = std::fs::read_to_string(&p).expect("readable");
            (p, text)
        })
        .collect();
    let generated = generator::campaign(1_100_000, 7);
    assert!(generated.smm.len() > 1_000_000);
    inputs.push((PathBuf::from("generated.smm"), generated.smm));
    inputs
}

#[test]
fn one_thread_or_several_give_the_same_diagnostics_and_files() {
    let inputs = inputs();
    assert!(inputs.len() > 100);
    for (path, text) in &inputs {
        let one = in_pool(1, || pipeline(path, text));
        if path.ends_with("generated.smm") {
            assert!(
                one.contains("plan.json") && one.len() > 10_000_000,
                "built in full"
            );
        }
        for threads in [2, 4] {
            let several = in_pool(threads, || pipeline(path, text));
            assert!(
                one == several,
                "{}: {threads} threads differ from one",
                path.display()
            );
        }
    }
}
