//! The `smm` command line: wires the stages together and renders what they report.
//!
//! Exit codes: 0 no error (warnings allowed), 1 the plan has errors, 2 usage or I/O problems.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use smm::check::model::LintLevel;
use smm::check::{Checked, LintLevels};
use smm::diagnostic::render::{render_all, Style};
use smm::emit::{self, Artifact, EmitOptions};
use smm::project::{self, Options, Project};

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
        #[command(flatten)]
        common: Common,
    },
    /// Check a plan, then write its calendar, budget plan, KPI checklist and plan.json.
    Build {
        /// The campaign's entry file.
        #[arg(value_name = "FILE")]
        file: PathBuf,
        /// The folder to write into (created if needed).
        #[arg(short, long, value_name = "DIR", default_value = "out")]
        output: PathBuf,
        /// Write only these files (comma-separated; default: all).
        #[arg(long, value_enum, value_delimiter = ',', value_name = "FILES")]
        emit: Vec<Artifact>,
        /// Only this role's events in the calendar files.
        #[arg(long, value_name = "ROLE")]
        role: Option<String>,
        /// Also write one calendar-ROLE.ics per role.
        #[arg(long)]
        split_by_role: bool,
        #[command(flatten)]
        common: Common,
    },
}

/// Options shared by the commands that check a plan.
#[derive(Debug, clap::Args)]
struct Common {
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

    fn options(&self) -> Options {
        Options {
            allow_outside_imports: self.allow_outside_imports,
        }
    }
}

/// A usage or I/O problem: reported on one line, exit code 2.
struct Fatal(String);

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Check { files, common } => check(&files, &common),
        Command::Build {
            file,
            output,
            emit,
            role,
            split_by_role,
            common,
        } => build(&file, &output, &emit, role, split_by_role, &common),
    };
    match result {
        Ok(code) => code,
        Err(Fatal(message)) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
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

/// Loads and checks one project, printing its diagnostics.
fn load_and_check(file: &Path, common: &Common, levels: &LintLevels) -> Result<(Project, Checked), Fatal> {
    let project = project::load(file, common.options()).map_err(|e| Fatal(e.to_string()))?;
    let checked = smm::check::check(&project, levels);
    let out = render_all(&checked.diagnostics, &project.sources, style());
    let _ = std::io::stdout().lock().write_all(out.as_bytes());
    Ok((project, checked))
}

fn count(checked: &Checked) -> (usize, usize) {
    let errors = checked.diagnostics.iter().filter(|d| d.is_error()).count();
    (errors, checked.diagnostics.len() - errors)
}

fn check(files: &[PathBuf], common: &Common) -> Result<ExitCode, Fatal> {
    let levels = common.levels().map_err(Fatal)?;
    let (mut errors, mut warnings) = (0, 0);
    let mut io_failed = false;
    for file in files {
        match load_and_check(file, common, &levels) {
            Ok((_, checked)) => {
                let (e, w) = count(&checked);
                errors += e;
                warnings += w;
            }
            Err(Fatal(message)) => {
                eprintln!("error: {message}");
                io_failed = true;
            }
        }
    }
    println!("checked {}: {}, {}", plural(files.len(), "campaign"), plural(errors, "error"), plural(warnings, "warning"));
    Ok(if io_failed {
        ExitCode::from(2)
    } else if errors > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn build(
    file: &Path,
    output: &Path,
    emit: &[Artifact],
    role: Option<String>,
    split_by_role: bool,
    common: &Common,
) -> Result<ExitCode, Fatal> {
    let levels = common.levels().map_err(Fatal)?;
    let dtstamp = source_date_epoch()?;
    let (project, checked) = load_and_check(file, common, &levels)?;
    let (errors, warnings) = count(&checked);
    let Some(plan) = checked.plan.as_ref().filter(|_| errors == 0) else {
        println!("not built: {}, {}; nothing written", plural(errors, "error"), plural(warnings, "warning"));
        return Ok(ExitCode::from(1));
    };
    if let Some(r) = &role {
        if !plan.roles.iter().any(|x| &x.name == r) {
            let names: Vec<&str> = plan.roles.iter().map(|x| x.name.as_str()).collect();
            return Err(Fatal(format!("no role is named `{r}`; the roles are: {}", names.join(", "))));
        }
    }
    let mut options = EmitOptions::all(plan);
    if !emit.is_empty() {
        options.artifacts = emit.iter().copied().collect();
    }
    options.role = role;
    options.split_by_role = split_by_role;
    if let Some(stamp) = dtstamp {
        options.dtstamp = stamp;
    }
    let files = emit::emit(plan, &options);
    let inputs: Vec<PathBuf> = project.sources.files().map(|(_, f)| f.path.clone()).collect();
    let written = smm::output::write_all(output, &files, &inputs).map_err(|e| Fatal(e.to_string()))?;
    println!(
        "built {}: {} in {} ({})",
        file.display(),
        plural(written.len(), "file"),
        output.display(),
        plural(warnings, "warning")
    );
    Ok(ExitCode::SUCCESS)
}

/// `SOURCE_DATE_EPOCH` (seconds since 1970), the only clock a build reads.
fn source_date_epoch() -> Result<Option<chrono::DateTime<chrono::Utc>>, Fatal> {
    let Some(raw) = std::env::var_os("SOURCE_DATE_EPOCH") else {
        return Ok(None);
    };
    let text = raw.to_string_lossy();
    text.trim()
        .parse::<i64>()
        .ok()
        .and_then(|s| chrono::DateTime::from_timestamp(s, 0))
        .map(Some)
        .ok_or_else(|| Fatal(format!("SOURCE_DATE_EPOCH must be a number of seconds, not `{text}`")))
}

fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}
