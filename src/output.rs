//! Writing output files safely: atomically, never over an input, never outside the output folder.
//!
//! Every check is made for every file before the first byte is written, so a refused build
//! leaves the output folder as it was. Each file is written to a temporary file in the same
//! folder and renamed over the target, so a reader never sees half a file and an interrupted
//! build never leaves one behind under the real name.
//!
//! `smm build` streams: the targets are checked first ([`prepare`]), each file is written into
//! its temporary file as it is emitted ([`Pending`] is an [`emit::Sink`](crate::emit::Sink)),
//! and the files are renamed into place at the end ([`commit`]), none of them if one could not
//! be written.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::emit::{OutputFile, Sink};

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
    let names: Vec<String> = files.iter().map(|f| f.name.clone()).collect();
    let outputs = prepare(dir, &names, inputs)?;
    let pending = files
        .iter()
        .map(|file| {
            let mut p = outputs.open(&file.name);
            for piece in file.contents.pieces() {
                p.write(piece);
            }
            p
        })
        .collect();
    commit(pending)
}

/// Where the files of a build go, checked before anything is written: see [`prepare`].
#[derive(Debug)]
pub struct Outputs {
    targets: Vec<(String, PathBuf)>,
}

impl Outputs {
    /// Starts writing the file `name` (one of the names given to [`prepare`]).
    pub fn open(&self, name: &str) -> Pending {
        let target = self
            .targets
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, t)| t.clone());
        match target {
            Some(target) => Pending::open(target),
            None => Pending::failed(
                PathBuf::from(name),
                std::io::Error::other("not a file this build was to write"),
            ),
        }
    }
}

/// Checks that the files `names` can be written into `dir` (created if needed): plain names,
/// never over an input file (`inputs`, the project's sources) nor over a folder. Every check is
/// made for every file before the first byte is written.
pub fn prepare(dir: &Path, names: &[String], inputs: &[PathBuf]) -> Result<Outputs, WriteError> {
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
    let mut targets = Vec::with_capacity(names.len());
    for name in names {
        if !is_plain_name(name) {
            return Err(WriteError(format!(
                "refusing to write `{name}`: not a plain file name"
            )));
        }
        let target = dir.join(name);
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
        targets.push((name.clone(), target));
    }
    fs::create_dir_all(dir)
        .map_err(|e| WriteError(format!("cannot create `{}`: {e}", dir.display())))?;
    Ok(Outputs { targets })
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
    let mut pending = Pending::open(target);
    pending.write(bytes);
    pending.finish()
}

/// A file being written: a temporary file beside its target, which [`commit`] renames over the
/// target once every byte is written. The rename replaces `target` itself: if it is a symbolic
/// link, the link is replaced, and what it points to is never written (outputs cannot be
/// redirected onto other files). The target's permissions are kept. Dropped before it is
/// committed, it removes its temporary file.
#[derive(Debug)]
pub struct Pending {
    target: PathBuf,
    tmp: Option<PathBuf>,
    file: Option<fs::File>,
    permissions: Option<fs::Permissions>,
    /// The first error; nothing more is written after it.
    error: Option<std::io::Error>,
}

impl Pending {
    /// Creates the temporary file for `target` (an error is kept, and reported by [`commit`]).
    pub fn open(target: PathBuf) -> Pending {
        let dir = match target.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let permissions = fs::symlink_metadata(&target)
            .ok()
            .filter(|m| m.is_file())
            .map(|m| m.permissions());
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
        match fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)
        {
            Ok(file) => Pending {
                target,
                tmp: Some(tmp),
                file: Some(file),
                permissions,
                error: None,
            },
            Err(e) => Pending::failed(target, e),
        }
    }

    /// A file that cannot be written, for `error`.
    fn failed(target: PathBuf, error: std::io::Error) -> Pending {
        Pending {
            target,
            tmp: None,
            file: None,
            permissions: None,
            error: Some(error),
        }
    }

    /// Appends `bytes` (unless an error happened before).
    pub fn write(&mut self, bytes: &[u8]) {
        if self.error.is_some() {
            return;
        }
        if let Some(f) = &mut self.file {
            if let Err(e) = f.write_all(bytes) {
                self.error = Some(e);
            }
        }
    }

    /// Flushes the file to disk and renames it over its target; on an error, removes it.
    fn finish(mut self) -> std::io::Result<()> {
        match (self.error.take(), self.file.take(), self.tmp.take()) {
            (Some(e), _, tmp) => {
                if let Some(tmp) = tmp {
                    let _ = fs::remove_file(tmp);
                }
                Err(e)
            }
            (None, Some(f), Some(tmp)) => {
                let done = (|| {
                    if let Some(p) = self.permissions.take() {
                        f.set_permissions(p)?;
                    }
                    f.sync_all()?;
                    drop(f);
                    fs::rename(&tmp, &self.target)
                })();
                if done.is_err() {
                    let _ = fs::remove_file(&tmp);
                }
                done
            }
            _ => Err(std::io::Error::other("the file was not opened")),
        }
    }
}

impl Sink for Pending {
    fn put(&mut self, piece: Vec<u8>) {
        self.write(&piece);
    }

    fn restart(&mut self) {
        if self.error.is_some() {
            return;
        }
        if let Some(f) = &mut self.file {
            use std::io::Seek;
            if let Err(e) = f.set_len(0).and_then(|()| f.rewind()) {
                self.error = Some(e);
            }
        }
    }
}

impl Drop for Pending {
    fn drop(&mut self) {
        if let Some(tmp) = self.tmp.take() {
            let _ = fs::remove_file(tmp);
        }
    }
}

/// Renames every written file over its target (side by side), or, if any could not be written,
/// none: every temporary file is removed and the first error is returned. Returns the paths
/// written, in order.
pub fn commit(pending: Vec<Pending>) -> Result<Vec<PathBuf>, WriteError> {
    use rayon::prelude::*;
    if let Some(p) = pending.iter().find(|p| p.error.is_some()) {
        let message = format!(
            "cannot write `{}`: {}",
            p.target.display(),
            p.error
                .as_ref()
                .map(ToString::to_string)
                .unwrap_or_default()
        );
        return Err(WriteError(message));
    }
    let targets: Vec<PathBuf> = pending.iter().map(|p| p.target.clone()).collect();
    pending
        .into_par_iter()
        .map(|p| {
            let target = p.target.clone();
            p.finish()
                .map_err(|e| WriteError(format!("cannot write `{}`: {e}", target.display())))
        })
        .collect::<Vec<_>>()
        .into_iter()
        .collect::<Result<Vec<()>, WriteError>>()?;
    Ok(targets)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An empty directory of its own for one test, under the system's temporary directory.
    fn scratch_dir(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("smm-output-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        dir
    }

    fn file(name: &str) -> OutputFile {
        OutputFile {
            name: name.into(),
            contents: b"x".to_vec().into(),
        }
    }

    #[cfg(unix)]
    #[test]
    fn an_output_that_is_a_link_is_replaced_not_followed() {
        let dir = scratch_dir("link");
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
        let dir = scratch_dir("test");
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

    #[test]
    fn when_one_file_cannot_be_written_none_is_and_no_temporary_file_stays() {
        let dir = scratch_dir("fail");
        let outputs = prepare(&dir, &["calendar.ics".to_string()], &[]).unwrap();
        let mut good = outputs.open("calendar.ics");
        good.put(b"BEGIN:VCALENDAR".to_vec());
        let bad = Pending::open(dir.join("no-such-folder").join("plan.json"));
        let unknown = outputs.open("plan.json");
        assert!(unknown.error.is_some(), "only prepared names can be opened");
        let err = commit(vec![good, bad]).unwrap_err();
        assert!(err.0.contains("plan.json"), "{err}");
        let left: Vec<_> = fs::read_dir(&dir).unwrap().collect();
        assert!(left.is_empty(), "nothing written, nothing left: {left:?}");
        // A file dropped before it is committed removes its temporary file too.
        drop(outputs.open("calendar.ics"));
        assert_eq!(fs::read_dir(&dir).unwrap().count(), 0);
        let mut again = outputs.open("calendar.ics");
        again.put(b"x".to_vec());
        let written = commit(vec![again]).unwrap();
        assert_eq!(fs::read(&written[0]).unwrap(), b"x");
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_restarted_file_holds_only_what_was_put_after_the_restart() {
        let dir = scratch_dir("restart");
        let outputs = prepare(&dir, &["plan.json".to_string()], &[]).unwrap();
        let mut file = outputs.open("plan.json");
        file.put(b"{\"messages\": [1, 2, 3".to_vec());
        file.restart();
        file.put(b"{}".to_vec());
        file.put(b"\n".to_vec());
        let written = commit(vec![file]).unwrap();
        assert_eq!(fs::read(&written[0]).unwrap(), b"{}\n");
        fs::remove_dir_all(&dir).unwrap();
    }
}
