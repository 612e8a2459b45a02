//! The `smm` command line: wires the stages together and renders what they report.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use smm::check::model::LintLevel;
use smm::check::LintLevels;
use smm::diagnostic::render::{render_all, Style};
use smm::project::{self, Options};

/// A compiler for social media campaign plans.
#[derive(Debug, Parser)]
#[command(name = "smm", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Check campaign plans and report every problem found.
    Check {
        /// The entry files of the campaigns to check.
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        /// Accept imports that leave the entry file's directory.
        #[arg(long)]
        allow_outside_imports: bool,
        #[command(flatten)]
        lints: LintArgs,
    },
}

/// Lint levels on the command line; they win over the file's `lints` block.
#[derive(Debug, clap::Args)]
struct LintArgs {
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

impl LintArgs {
    /// The levels, checked against the known lint names.
    fn levels(&self) -> Result<LintLevels, String> {
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
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Check {
            files,
            allow_outside_imports,
            lints,
        } => match lints.levels() {
            Ok(levels) => check(&files, Options { allow_outside_imports }, &levels),
            Err(message) => {
                eprintln!("error: {message}");
                ExitCode::from(2)
            }
        },
    }
}

/// Plain output unless stdout is a terminal and `NO_COLOR` is unset.
fn style() -> Style {
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    if std::io::stdout().is_terminal() && !no_color {
        Style::Fancy
    } else {
        Style::Plain
    }
}

fn check(files: &[PathBuf], options: Options, levels: &LintLevels) -> ExitCode {
    let style = style();
    let mut stdout = std::io::stdout().lock();
    let mut errors = 0usize;
    let mut warnings = 0usize;
    let mut io_failed = false;
    for file in files {
        let project = match project::load(file, options) {
            Ok(p) => p,
            Err(e) => {
                eprintln!("error: {e}");
                io_failed = true;
                continue;
            }
        };
        let checked = smm::check::check(&project, levels);
        let out = render_all(&checked.diagnostics, &project.sources, style);
        let _ = stdout.write_all(out.as_bytes());
        let project_errors = checked.diagnostics.iter().filter(|d| d.is_error()).count();
        errors += project_errors;
        warnings += checked.diagnostics.len() - project_errors;
    }
    let _ = writeln!(stdout, "{}", summary(files.len(), errors, warnings));
    if io_failed {
        ExitCode::from(2)
    } else if errors > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn summary(projects: usize, errors: usize, warnings: usize) -> String {
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    format!(
        "checked {}: {}, {}",
        plural(projects, "campaign"),
        plural(errors, "error"),
        plural(warnings, "warning")
    )
}
