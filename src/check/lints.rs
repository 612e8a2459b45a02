//! Lint levels: which warnings to silence, keep or turn into errors.
//!
//! Every warning has a kebab-case lint name (see [`crate::diagnostic::codes`]). The
//! project's `lints { allow […]; warn […]; deny […] }` block sets levels first; the command
//! line's `--allow`, `--warn`, `--deny` come after and win. `warnings` names every lint at once.

use rustc_hash::FxHashMap as HashMap;

use crate::diagnostic::{codes, Diagnostic, Severity};
use crate::schema;

use super::model::{LintLevel, Model};

/// Levels given on the command line, in order (a later one wins).
#[derive(Debug, Clone, Default)]
pub struct LintLevels {
    /// `(lint or "warnings", level)`.
    pub overrides: Vec<(String, LintLevel)>,
}

/// The lint name meaning "every warning".
pub const ALL: &str = "warnings";

/// Every lint name, sorted.
pub fn names() -> Vec<&'static str> {
    let mut v: Vec<&str> = codes::CODES.iter().filter_map(|c| c.lint).collect();
    v.sort_unstable();
    v.dedup();
    v
}

/// Checks a lint name; the error says which name was probably meant.
pub fn validate(name: &str) -> Result<(), String> {
    if name == ALL || names().contains(&name) {
        return Ok(());
    }
    Err(
        match schema::suggest(name, names().into_iter().chain([ALL])) {
            Some(s) => format!("unknown lint `{name}`: did you mean `{s}`?"),
            None => format!("unknown lint `{name}`; `smm explain --lints` lists them"),
        },
    )
}

/// Applies the levels of the `lints` block and then of the command line to the warnings.
pub fn apply(model: &Model, cli: &LintLevels, out: &mut Vec<Diagnostic>) {
    let mut levels: HashMap<&str, LintLevel> = HashMap::default();
    let mut problems = Vec::new();
    for setting in &model.lints {
        match validate(&setting.lint.value) {
            Ok(()) => {
                levels.insert(&setting.lint.value, setting.level);
            }
            Err(message) => problems.push(
                Diagnostic::new("E0314", setting.lint.span, message)
                    .label("unknown lint name")
                    .help("lint names are kebab-case, such as late-night-post or unused-audience"),
            ),
        }
    }
    for (name, level) in &cli.overrides {
        if name == ALL {
            // The command line's `warnings` overrides every level the file set.
            levels.clear();
        }
        levels.insert(name, *level);
    }
    out.retain_mut(|d| {
        let Some(lint) = d.lint() else { return true };
        let level = levels.get(lint).or_else(|| levels.get(ALL)).copied();
        match level {
            Some(LintLevel::Allow) => false,
            Some(LintLevel::Deny) => {
                d.severity = Severity::Error;
                true
            }
            Some(LintLevel::Warn) => {
                d.severity = codes::lookup(d.code).map_or(Severity::Warning, |c| c.severity);
                true
            }
            None => true,
        }
    });
    out.extend(problems);
}
