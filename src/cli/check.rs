//! `smm check`: every plan found under the given paths, checked in parallel, reported in the
//! chosen format.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use smm::check::Checked;
use smm::diagnostic::formats::{self, Batch, Summary};
use smm::diagnostic::render::render_all;
use smm::project::{self, Project};

use super::{plural, style, Common, Fatal};

/// Output formats of `smm check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum Format {
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

pub(crate) fn check(paths: &[PathBuf], format: Format, common: &Common) -> Result<ExitCode, Fatal> {
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
        .map(|i| {
            (
                i.explicit,
                project::load(&i.path, options).map_err(|e| e.to_string()),
            )
        })
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
    let checked: Vec<Checked> = projects
        .par_iter()
        .map(|p| smm::check::check(p, &levels))
        .collect();
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
    // The process ends right after: freeing every tree and plan one allocation at a time would
    // take a third of a large run for nothing (the operating system takes the memory back).
    drop(batches);
    std::mem::forget(checked);
    std::mem::forget(projects);
    Ok(if io_failed {
        ExitCode::from(2)
    } else if summary.errors > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
