//! Helpers shared by the integration tests of the emitters: the resolved plan of a plan file,
//! and the `.smm` fixtures of a folder.

// Each test binary uses some of these helpers, not all.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use smm::check::{check, LintLevels};
use smm::plan::Plan;
use smm::project::{self, Options};

/// A path below the crate root.
pub fn crate_path(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(relative)
}

/// The resolved plan of a plan file (imports read from disk); the plan must have no error.
pub fn plan_of(path: &Path) -> Plan {
    let project = project::load(path, Options::default()).expect("the plan is readable");
    let checked = check(&project, &LintLevels::default());
    assert!(
        !checked.has_errors(),
        "{}: {:#?}",
        path.display(),
        checked.diagnostics
    );
    checked.plan.expect("a plan without errors")
}

/// The plan of `examples/FILE`.
pub fn example_plan(file: &str) -> Plan {
    plan_of(&crate_path("examples").join(file))
}

/// The file stems of the `.smm` files directly in `dir`, sorted.
pub fn smm_names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("fixture folder")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "smm"))
        .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}
