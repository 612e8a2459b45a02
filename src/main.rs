//! The `smm` command line: wires the stages together and renders what they report.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

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
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Check {
            files,
            allow_outside_imports,
        } => check(
            &files,
            Options {
                allow_outside_imports,
            },
        ),
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

fn check(files: &[PathBuf], options: Options) -> ExitCode {
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
        let out = render_all(&project.diagnostics, &project.sources, style);
        let _ = stdout.write_all(out.as_bytes());
        errors += project.diagnostics.iter().filter(|d| d.is_error()).count();
        warnings +=
            project.diagnostics.len() - project.diagnostics.iter().filter(|d| d.is_error()).count();
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
