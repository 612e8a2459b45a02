//! `smm fmt`: files rewritten in the canonical layout, or checked (`--check`), or diffed
//! (`--diff`), or standard input to standard output (`-`) for editors.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use smm::diagnostic::render::{render_all, Style};

use super::{plural, Fatal};

/// `smm fmt`: formats files in place (only those that change), or with `--check`/`--diff`
/// reports what would change. A file with syntax errors is left as it is and its errors printed
/// (on standard error). Exit 1 for syntax errors, or with `--check` when a file would change.
pub(crate) fn fmt(paths: &[PathBuf], check: bool, diff: bool) -> Result<ExitCode, Fatal> {
    use rayon::prelude::*;
    if paths.iter().any(|p| p.as_os_str() == "-") {
        if paths.len() > 1 {
            return Err(Fatal(
                "`-` (standard input) cannot be combined with other paths".into(),
            ));
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
                Err(e) => {
                    FmtInput::Unreadable(format!("cannot read `{}`: {e}", input.path.display()))
                }
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
            let _ =
                stdout.write_all(smm::format::unified_diff(&original, &formatted, name).as_bytes());
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
            let _ = writeln!(
                err,
                "not formatted: {name} has {}",
                plural(errors, "syntax error")
            );
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
