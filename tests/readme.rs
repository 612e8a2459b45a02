//! The README's example plan is real: it checks with no diagnostic at all.

use smm::check::{check, LintLevels};
use smm::diagnostic::render::{render_all, Style};
use smm::project::{load_text, Options};

#[test]
fn the_readme_example_checks_clean() {
    let readme = std::fs::read_to_string("README.md").expect("README.md");
    let section = readme
        .split("## A small plan")
        .nth(1)
        .expect("the example section");
    let plan = section.split("```").nth(1).expect("a fenced block");
    let project = load_text(std::path::Path::new("README.smm"), plan, Options::default());
    let checked = check(&project, &LintLevels::default());
    let shown = render_all(&checked.diagnostics, &project.sources, Style::Plain);
    assert!(checked.diagnostics.is_empty(), "{shown}");
}

#[test]
fn the_readme_shows_the_current_diagnostics_of_broken_smm() {
    let readme = std::fs::read_to_string("README.md").expect("README.md");
    let project = smm::project::load(
        std::path::Path::new("examples/broken.smm"),
        Options::default(),
    )
    .expect("examples/broken.smm");
    let checked = check(&project, &LintLevels::default());
    let shown = render_all(&checked.diagnostics, &project.sources, Style::Plain);
    assert!(checked.has_errors());
    assert!(
        readme.contains(shown.trim_end()),
        "README.md shows stale diagnostics for examples/broken.smm; paste the output of \
         `smm check examples/broken.smm` into it"
    );
}
