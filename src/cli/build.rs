//! `smm build`: check one plan, then write its outputs (nothing when it has an error).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use smm::emit::{self, Artifact, EmitOptions};

use super::{count, load_and_check, plural, Common, Fatal};

pub(crate) fn build(
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
        println!(
            "not built: {}, {}; nothing written",
            plural(errors, "error"),
            plural(warnings, "warning")
        );
        return Ok(ExitCode::from(1));
    };
    if let Some(r) = &role {
        if !plan.roles.iter().any(|x| &x.name == r) {
            let names: Vec<&str> = plan.roles.iter().map(|x| x.name.as_str()).collect();
            return Err(Fatal(format!(
                "no role is named `{r}`; the roles are: {}",
                names.join(", ")
            )));
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
    let inputs: Vec<PathBuf> = project
        .sources
        .files()
        .map(|(_, f)| f.path.clone())
        .collect();
    // Every file is checked before the first byte is written; each is then written as it is
    // emitted (the pieces go to a temporary file, never all in memory), and the files are
    // renamed into place once all are written.
    let outputs = smm::output::prepare(output, &emit::file_names(plan, &options), &inputs)
        .map_err(|e| Fatal(e.to_string()))?;
    let pending = emit::emit_into(plan, &options, |name| outputs.open(name));
    let pending: Vec<_> = pending.into_iter().map(|(_, file)| file).collect();
    let written = smm::output::commit(pending).map_err(|e| Fatal(e.to_string()))?;
    println!(
        "built {}: {} in {} ({})",
        file.display(),
        plural(written.len(), "file"),
        output.display(),
        plural(warnings, "warning")
    );
    // The process ends here: freeing the plan and its sources one allocation at a time would
    // only delay the exit, as in `smm check`.
    std::mem::forget(checked);
    std::mem::forget(project);
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
        .ok_or_else(|| {
            Fatal(format!(
                "SOURCE_DATE_EPOCH must be a number of seconds, not `{text}`"
            ))
        })
}
