//! The commands of the `smm` binary, one module each. They only wire the library's stages
//! together (load → check → emit or format) and print what those return; every rule lives in
//! the library. What the commands share is here: lint options, the output style, loading and
//! checking one plan, and the usage error that exits with 2.

pub(crate) mod build;
pub(crate) mod check;
pub(crate) mod explain;
pub(crate) mod fmt;

use std::io::{IsTerminal, Write};
use std::path::Path;

use smm::check::model::LintLevel;
use smm::check::{Checked, LintLevels};
use smm::diagnostic::render::{render_all, Style};
use smm::project::{self, Options, Project};

/// Options shared by the commands that check a plan.
#[derive(Debug, clap::Args)]
pub(crate) struct Common {
    /// Accept imports that leave the entry file's directory.
    #[arg(long)]
    allow_outside_imports: bool,
    /// Silence a lint (`warnings` for every lint).
    #[arg(short = 'A', long = "allow", value_name = "LINT")]
    allow: Vec<String>,
    /// Report a lint as a warning.
    #[arg(short = 'W', long = "warn", value_name = "LINT")]
    warn: Vec<String>,
    /// Report a lint as an error (`warnings` for every lint).
    #[arg(short = 'D', long = "deny", value_name = "LINT")]
    deny: Vec<String>,
}

impl Common {
    /// Lint levels on the command line, checked against the known lint names; they win over the
    /// file's `lints` block.
    pub(crate) fn levels(&self) -> Result<LintLevels, String> {
        let mut levels = LintLevels::default();
        for (names, level) in [
            (&self.allow, LintLevel::Allow),
            (&self.warn, LintLevel::Warn),
            (&self.deny, LintLevel::Deny),
        ] {
            for name in names {
                smm::check::lints::validate(name)?;
                levels.overrides.push((name.clone(), level));
            }
        }
        Ok(levels)
    }

    pub(crate) fn options(&self) -> Options {
        Options {
            allow_outside_imports: self.allow_outside_imports,
        }
    }
}

/// A usage or I/O problem: reported on one line, exit code 2.
pub(crate) struct Fatal(pub(crate) String);

/// Plain output unless stdout is a terminal and `NO_COLOR` is unset.
pub(crate) fn style() -> Style {
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    if std::io::stdout().is_terminal() && !no_color {
        Style::Fancy
    } else {
        Style::Plain
    }
}

/// Loads and checks one project, printing its diagnostics.
pub(crate) fn load_and_check(
    file: &Path,
    common: &Common,
    levels: &LintLevels,
) -> Result<(Project, Checked), Fatal> {
    let project = project::load(file, common.options()).map_err(|e| Fatal(e.to_string()))?;
    let checked = smm::check::check(&project, levels);
    let out = render_all(&checked.diagnostics, &project.sources, style());
    let _ = std::io::stdout().lock().write_all(out.as_bytes());
    Ok((project, checked))
}

pub(crate) fn count(checked: &Checked) -> (usize, usize) {
    let errors = checked.diagnostics.iter().filter(|d| d.is_error()).count();
    (errors, checked.diagnostics.len() - errors)
}

pub(crate) fn plural(n: usize, word: &str) -> String {
    smm::wording::plural(n, word, &format!("{word}s"))
}
