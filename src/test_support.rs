//! Helpers for the unit tests: the project's own `.smm` files as inputs.

use std::path::{Path, PathBuf};

/// Every `.smm` file directly in these folders of the repository (`examples`,
/// `tests/fixtures/check`…), sorted by path, with its text (invalid UTF-8 replaced, as a
/// fixture of a Latin-1 file has some).
pub(crate) fn smm_files(dirs: &[&str]) -> Vec<(PathBuf, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut paths: Vec<PathBuf> = dirs
        .iter()
        .flat_map(|dir| std::fs::read_dir(root.join(dir)).expect("a folder of the repository"))
        .map(|e| e.expect("a folder entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "smm"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|p| {
            let text = String::from_utf8_lossy(&std::fs::read(&p).expect("readable")).into();
            (p, text)
        })
        .collect()
}

/// The `.smm` files of these folders whose check has no error, each with its project and its
/// resolved plan.
pub(crate) fn plans(dirs: &[&str]) -> Vec<(PathBuf, crate::project::Project, crate::plan::Plan)> {
    smm_files(dirs)
        .into_iter()
        .filter_map(|(path, text)| {
            let project =
                crate::project::load_text(&path, &text, crate::project::Options::default());
            let plan = crate::check::check(&project, &Default::default()).plan?;
            Some((path, project, plan))
        })
        .collect()
}
