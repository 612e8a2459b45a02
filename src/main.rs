//! The `smm` command line: wires the stages together and renders what they report.
//!
//! Exit codes: 0 no error (warnings allowed), 1 the plan has errors, 2 usage or I/O problems.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use smm::check::model::LintLevel;
use smm::check::{Checked, LintLevels};
use smm::diagnostic::formats::{self, Batch, Summary};
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
        /// Files, directories (every *.smm below, honouring .gitignore) or glob patterns.
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
        /// How to report: human (default), short, json, github or sarif.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
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
    /// Explain a diagnostic code, with a wrong and a right example (`--list` for every code).
    Explain {
        /// A code such as E0110 or W0601, or a lint name such as late-night-post.
        #[arg(required_unless_present = "list")]
        code: Option<String>,
        /// List every code with its lint name and summary.
        #[arg(long)]
        list: bool,
    },
    /// Rewrite .smm files in the canonical layout (see docs/formatting.md).
    Fmt {
        /// Files, directories (every *.smm below, honouring .gitignore) or glob patterns; `-`
        /// formats standard input to standard output.
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
        /// Write nothing; list the files that are not formatted and exit 1 if there are any.
        #[arg(long)]
        check: bool,
        /// Write nothing; print the changes as a unified diff.
        #[arg(long)]
        diff: bool,
    },
    /// Run the language server on stdin/stdout (for editors; see docs/editors.md).
    Lsp,
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish).
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
}

/// Output formats of `smm check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    /// miette's graphical reports (plain ASCII when not a terminal or NO_COLOR is set).
    Human,
    /// One line per diagnostic: path:line:col: severity[CODE]: message.
    Short,
    /// One JSON document (docs/diagnostics-json.md).
    Json,
    /// GitHub Actions workflow commands (annotations on the pull request).
    Github,
    /// SARIF 2.1.0, for code-scanning tools.
    Sarif,
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
        Command::Check {
            paths,
            format,
            common,
        } => check(&paths, format, &common),
        Command::Build {
            file,
            output,
            emit,
            role,
            split_by_role,
            common,
        } => build(&file, &output, &emit, role, split_by_role, &common),
        Command::Explain { code, list } => explain(code.as_deref(), list),
        Command::Fmt { paths, check, diff } => fmt(&paths, check, diff),
        Command::Lsp => smm::lsp::run().map(|()| ExitCode::SUCCESS).map_err(Fatal),
        Command::Completions { shell } => {
            let mut cmd = <Cli as clap::CommandFactory>::command();
            clap_complete::generate(shell, &mut cmd, "smm", &mut std::io::stdout());
            Ok(ExitCode::SUCCESS)
        }
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

fn check(paths: &[PathBuf], format: Format, common: &Common) -> Result<ExitCode, Fatal> {
    use rayon::prelude::*;
    let levels = common.levels().map_err(Fatal)?;
    let (inputs, problems) = smm::discover::inputs(paths);
    for p in &problems {
        eprintln!("error: {p}");
    }
    let options = common.options();
    // Load every project in parallel; results keep the (sorted) input order.
    let loaded: Vec<(bool, Result<Project, String>)> = inputs
        .par_iter()
        .map(|i| (i.explicit, project::load(&i.path, options).map_err(|e| e.to_string())))
        .collect();
    // A found (not named) file that another project imports is checked through its importer.
    let imported: std::collections::HashSet<PathBuf> = loaded
        .iter()
        .filter_map(|(_, p)| p.as_ref().ok())
        .flat_map(|p| p.sources.files().skip(1).map(|(_, f)| f.path.clone()))
        .collect();
    let mut io_failed = !problems.is_empty();
    let mut projects = Vec::new();
    for (explicit, result) in loaded {
        match result {
            Ok(p) if !explicit && imported.contains(&p.sources.get(p.entry()).path) => {}
            Ok(p) => projects.push(p),
            Err(message) => {
                eprintln!("error: {message}");
                io_failed = true;
            }
        }
    }
    let checked: Vec<Checked> = projects.par_iter().map(|p| smm::check::check(p, &levels)).collect();
    let batches: Vec<Batch> = projects
        .iter()
        .zip(&checked)
        .map(|(p, c)| Batch {
            sources: &p.sources,
            diagnostics: &c.diagnostics,
        })
        .collect();
    let summary = Summary::of(&batches);
    let text = match format {
        Format::Human => {
            let style = style();
            let mut text: String = batches
                .iter()
                .map(|b| render_all(b.diagnostics, b.sources, style))
                .collect();
            // Nothing was checked and the reason is already on stderr: no summary to add.
            if batches.is_empty() && io_failed {
                return Ok(ExitCode::from(2));
            }
            text.push_str(&format!(
                "checked {}: {}, {}\n",
                plural(summary.projects, "campaign"),
                plural(summary.errors, "error"),
                plural(summary.warnings, "warning")
            ));
            text
        }
        Format::Short => formats::short(&batches),
        Format::Json => formats::json(&batches),
        Format::Github => formats::github(&batches),
        Format::Sarif => formats::sarif(&batches),
    };
    let _ = std::io::stdout().lock().write_all(text.as_bytes());
    Ok(if io_failed {
        ExitCode::from(2)
    } else if summary.errors > 0 {
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

fn explain(code: Option<&str>, list: bool) -> Result<ExitCode, Fatal> {
    use smm::diagnostic::codes::CODES;
    if list {
        for c in CODES {
            println!("{}  {:<28} {}", c.code, c.lint.unwrap_or(""), c.summary);
        }
        return Ok(ExitCode::SUCCESS);
    }
    let asked = code.unwrap_or_default();
    // A lint name stands for its code.
    let code = CODES
        .iter()
        .find(|c| c.lint == Some(asked) || c.code.eq_ignore_ascii_case(asked))
        .map(|c| c.code);
    match code.and_then(smm::diagnostic::explain::explanation) {
        Some(text) => {
            print!("{text}");
            Ok(ExitCode::SUCCESS)
        }
        None => {
            let all = CODES.iter().map(|c| c.code).chain(CODES.iter().filter_map(|c| c.lint));
            let hint = smm::schema::suggest(asked, all).map(|s| format!("; did you mean `{s}`?")).unwrap_or_default();
            Err(Fatal(format!("no diagnostic code `{asked}`{hint} (`smm explain --list` lists them)")))
        }
    }
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

/// `smm fmt`: formats files in place (only those that change), or with `--check`/`--diff`
/// reports what would change. A file with syntax errors is left as it is and its errors printed
/// (on standard error). Exit 1 for syntax errors, or with `--check` when a file would change.
fn fmt(paths: &[PathBuf], check: bool, diff: bool) -> Result<ExitCode, Fatal> {
    use rayon::prelude::*;
    if paths.iter().any(|p| p.as_os_str() == "-") {
        if paths.len() > 1 {
            return Err(Fatal("`-` (standard input) cannot be combined with other paths".into()));
        }
        return fmt_stdin(check, diff);
    }
    // A path that names nothing is reported (exit 2); the other paths are still formatted.
    let (inputs, problems) = smm::discover::inputs(paths);
    for problem in &problems {
        eprintln!("error: {problem}");
    }
    let results: Vec<(PathBuf, FmtInput)> = inputs
        .par_iter()
        .map(|input| {
            let read = match std::fs::read(&input.path) {
                Err(e) => FmtInput::Unreadable(format!("cannot read `{}`: {e}", input.path.display())),
                Ok(bytes) => match String::from_utf8(bytes) {
                    Ok(text) => {
                        let result = smm::format::format(&text);
                        FmtInput::Text(text, result)
                    }
                    Err(_) => FmtInput::NotUtf8,
                },
            };
            (input.path.clone(), read)
        })
        .collect();
    let (mut io_failed, mut failed, mut changed) = (!problems.is_empty(), 0usize, 0usize);
    let mut stdout = std::io::stdout().lock();
    for (path, read) in results {
        let shown = smm::source::display_name(&path);
        let name = shown.strip_prefix("./").unwrap_or(&shown);
        let (original, result) = match read {
            FmtInput::Text(text, result) => (text, result),
            FmtInput::NotUtf8 => {
                eprintln!("error: `{name}` is not valid UTF-8; not formatted");
                failed += 1;
                continue;
            }
            FmtInput::Unreadable(message) => {
                eprintln!("error: {message}");
                io_failed = true;
                continue;
            }
        };
        let formatted = match result {
            Ok(formatted) => formatted,
            Err(error) => {
                failed += 1;
                fmt_error(&path, name, &original, error);
                continue;
            }
        };
        if formatted == original {
            continue;
        }
        changed += 1;
        if diff {
            let _ = stdout.write_all(smm::format::unified_diff(&original, &formatted, name).as_bytes());
        } else if check {
            let _ = writeln!(stdout, "{name}");
        }
        if !check && !diff {
            match smm::output::write_file_atomic(&path, formatted.as_bytes()) {
                Ok(()) => {
                    let _ = writeln!(stdout, "formatted {name}");
                }
                Err(e) => {
                    eprintln!("error: cannot write `{name}`: {e}");
                    io_failed = true;
                }
            }
        }
    }
    Ok(if io_failed {
        ExitCode::from(2)
    } else if failed > 0 || (check && changed > 0) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// A file read for `smm fmt`, and what formatting it gave.
enum FmtInput {
    Unreadable(String),
    NotUtf8,
    Text(String, Result<String, smm::format::FormatError>),
}

/// Prints why a file was not formatted, on standard error.
fn fmt_error(path: &Path, name: &str, original: &str, error: smm::format::FormatError) {
    use smm::format::FormatError;
    match error {
        FormatError::Syntax(diagnostics) => {
            let mut sources = smm::source::SourceMap::new();
            sources.add(path.to_path_buf(), original);
            let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
            let style = if std::io::stderr().is_terminal() && !no_color {
                Style::Fancy
            } else {
                Style::Plain
            };
            let mut err = std::io::stderr().lock();
            let _ = err.write_all(render_all(&diagnostics, &sources, style).as_bytes());
            let errors = diagnostics.iter().filter(|d| d.is_error()).count();
            let _ = writeln!(err, "not formatted: {name} has {}", plural(errors, "syntax error"));
        }
        FormatError::Unstable(why) => {
            eprintln!("error: `{name}`: internal formatter error: {why}; the file is left as it is (please report this)");
        }
    }
}

/// `smm fmt -`: standard input to standard output (nothing on standard output on error).
fn fmt_stdin(check: bool, diff: bool) -> Result<ExitCode, Fatal> {
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(&mut std::io::stdin().lock(), &mut bytes)
        .map_err(|e| Fatal(format!("cannot read standard input: {e}")))?;
    let name = "<stdin>";
    let Ok(original) = String::from_utf8(bytes) else {
        eprintln!("error: standard input is not valid UTF-8; not formatted");
        return Ok(ExitCode::from(1));
    };
    let formatted = match smm::format::format(&original) {
        Ok(f) => f,
        Err(error) => {
            fmt_error(Path::new(name), name, &original, error);
            return Ok(ExitCode::from(1));
        }
    };
    let mut stdout = std::io::stdout().lock();
    let changed = formatted != original;
    if diff {
        let _ = stdout.write_all(smm::format::unified_diff(&original, &formatted, name).as_bytes());
    } else if check {
        if changed {
            let _ = writeln!(stdout, "{name}");
        }
    } else {
        let _ = stdout.write_all(formatted.as_bytes());
    }
    Ok(if check && changed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn plural(n: usize, word: &str) -> String {
    smm::wording::plural(n, word, &format!("{word}s"))
}
