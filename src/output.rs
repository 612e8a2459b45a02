//! Writing output files safely: atomically, never over an input, never outside the output folder.
//!
//! Every check is made for every file before the first byte is written, so a refused build
//! leaves the output folder as it was. Each file is written to a temporary file in the same
//! folder and renamed over the target, so a reader never sees half a file and an interrupted
//! build never leaves one behind under the real name.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::emit::OutputFile;

/// Why outputs could not be written.
#[derive(Debug)]
pub struct WriteError(pub String);

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for WriteError {}

/// Writes `files` into `dir` (created if needed). `inputs` are the project's source files, which
/// are never overwritten. Returns the paths written, in order.
pub fn write_all(
    dir: &Path,
    files: &[OutputFile],
    inputs: &[PathBuf],
) -> Result<Vec<PathBuf>, WriteError> {
    if dir.exists() && !dir.is_dir() {
        return Err(WriteError(format!(
            "`{}` exists and is not a folder",
            dir.display()
        )));
    }
    let inputs: Vec<PathBuf> = inputs
        .iter()
        .filter_map(|p| p.canonicalize().ok())
        .collect();
    if let Ok(canonical) = dir.canonicalize() {
        if inputs.iter().any(|i| i == &canonical) {
            return Err(WriteError(format!(
                "`{}` is an input file, not a folder",
                dir.display()
            )));
        }
    }
    let mut targets = Vec::with_capacity(files.len());
    for file in files {
        if !is_plain_name(&file.name) {
            return Err(WriteError(format!(
                "refusing to write `{}`: not a plain file name",
                file.name
            )));
        }
        let target = dir.join(&file.name);
        if let Ok(canonical) = target.canonicalize() {
            if inputs.contains(&canonical) {
                return Err(WriteError(format!(
                    "refusing to write `{}`: it would overwrite an input file",
                    target.display()
                )));
            }
        }
        if target.is_dir() {
            return Err(WriteError(format!(
                "refusing to write `{}`: it is a folder",
                target.display()
            )));
        }
        targets.push(target);
    }
    fs::create_dir_all(dir)
        .map_err(|e| WriteError(format!("cannot create `{}`: {e}", dir.display())))?;
    // Files are written side by side (the kernel's copy of 300 MB of output takes a while).
    use rayon::prelude::*;
    files
        .par_iter()
        .zip(&targets)
        .try_for_each(|(file, target)| {
            replace(target, |f| file.contents.write_to(f))
                .map_err(|e| WriteError(format!("cannot write `{}`: {e}", target.display())))
        })?;
    Ok(targets)
}

/// A name with no folder part, not hidden, not `.`/`..`.
fn is_plain_name(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with('.')
        && !name.contains(['/', '\\', '\0'])
        && Path::new(name).file_name().is_some_and(|n| n == name)
}

/// Replaces the file at `path` with `bytes` atomically (a temporary file in the same folder,
/// renamed over it), keeping its permissions; a symbolic link is followed, not replaced. Used by
/// `smm fmt` to rewrite source files in place.
pub fn write_file_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let target = fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    replace(&target, |f| f.write_all(bytes))
}

/// Writes a temporary file beside `target` with `write` and renames it over `target`. The rename
/// replaces `target` itself: if it is a symbolic link, the link is replaced, and what it points
/// to is never written (outputs cannot be redirected onto other files).
fn replace(
    target: &Path,
    write: impl FnOnce(&mut fs::File) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let dir = match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let permissions = fs::symlink_metadata(target)
        .ok()
        .filter(|m| m.is_file())
        .map(|m| m.permissions());
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut f = fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)?;
        write(&mut f)?;
        if let Some(p) = permissions {
            f.set_permissions(p)?;
        }
        f.sync_all()?;
        fs::rename(&tmp, target)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(name: &str) -> OutputFile {
        OutputFile {
            name: name.into(),
            contents: b"x".to_vec().into(),
        }
    }

    #[cfg(unix)]
    #[test]
    fn an_output_that_is_a_link_is_replaced_not_followed() {
        let dir = std::env::temp_dir().join(format!("smm-output-link-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        let victim = dir.join("victim.txt");
        fs::write(&victim, "keep me").unwrap();
        std::os::unix::fs::symlink(&victim, dir.join("calendar.ics")).unwrap();
        write_all(&dir, &[file("calendar.ics")], &[]).unwrap();
        assert_eq!(fs::read_to_string(&victim).unwrap(), "keep me");
        assert_eq!(fs::read(dir.join("calendar.ics")).unwrap(), b"x");
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn refuses_names_with_folders() {
        assert!(!is_plain_name("../x"));
        assert!(!is_plain_name("a/b"));
        assert!(!is_plain_name(".hidden"));
        assert!(is_plain_name("calendar-community.ics"));
    }

    #[test]
    fn never_overwrites_an_input_and_writes_nothing_then() {
        let dir = std::env::temp_dir().join(format!("smm-output-test-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        let input = dir.join("plan.json");
        fs::write(&input, "mine").unwrap();
        let err = write_all(
            &dir,
            &[file("calendar.ics"), file("plan.json")],
            std::slice::from_ref(&input),
        );
        assert!(err.is_err());
        assert_eq!(fs::read_to_string(&input).unwrap(), "mine");
        assert!(
            !dir.join("calendar.ics").exists(),
            "nothing is written when one file is refused"
        );
        let written = write_all(&dir, &[file("calendar.ics")], &[input]).unwrap();
        assert_eq!(fs::read(&written[0]).unwrap(), b"x");
        fs::remove_dir_all(&dir).unwrap();
    }
}
