//! Projects as the editor sees them: open documents override the disk, and what the disk holds is
//! read once and re-read only when it changes.
//!
//! An entry file's project is assembled from parts that are each kept between keystrokes:
//!
//! - the entry's own parse, incremental when the entry is an open document;
//! - its imports, loaded by [`crate::project::load_text`] (the same loader, checks and messages
//!   as the command line) from a copy of the entry that holds only its `import` statements, at
//!   the same byte offsets. The result is cached until an import statement changes or a file
//!   the imports name changes on disk (one `stat` per file per check, no read);
//! - an imported file that is open in the editor contributes its unsaved text, as long as its
//!   own `import` statements are those on disk (otherwise the disk version is used for it).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use super::document::Doc;
use super::incremental::set_file;
use crate::ast::{self, ValueKind};
use crate::check::LintLevels;
use crate::diagnostic::{self, Diagnostic};
use crate::project::{self, Options, Project};
use crate::source::{FileId, SourceMap};
use crate::syntax::parser::{parse, Parsed};

/// Codes the project loader reports about import statements.
pub const IMPORT_CODES: [&str; 4] = ["E0124", "E0125", "E0126", "E0127"];

/// When and how large a file was, to notice changes without reading it.
type Stamp = Option<(SystemTime, u64)>;

fn stamp(path: &Path) -> Stamp {
    let m = std::fs::metadata(path).ok()?;
    Some((m.modified().ok()?, m.len()))
}

/// An entry file that is not open, as last read.
struct DiskFile {
    stamp: Stamp,
    text: String,
    parsed: Parsed,
}

/// The imports of one entry file, as last loaded.
struct Imports {
    /// The entry's import statements: start, end and text.
    key: Vec<(u32, u32, String)>,
    /// Every path an import statement of the project names, and its stamp then.
    stamps: Vec<(PathBuf, Stamp)>,
    /// The project of the import statements alone (file 0 holds nothing else).
    project: Project,
}

/// Counters, for tests and benchmarks.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stats {
    /// Times the imports of an entry were loaded from disk.
    pub import_loads: usize,
    /// Times they were reused.
    pub import_hits: usize,
}

/// Open documents and what is cached from the disk.
#[derive(Default)]
pub struct Workspace {
    /// Open documents by path.
    pub docs: HashMap<PathBuf, Doc>,
    disk: HashMap<PathBuf, DiskFile>,
    imports: HashMap<PathBuf, Imports>,
    /// How projects are loaded.
    pub options: Options,
    /// Lint levels (as `-A`/`-W`/`-D` on the command line).
    pub levels: LintLevels,
    /// Counters.
    pub stats: Stats,
}

/// A project assembled for checking, with the document version each file came from.
pub struct Assembled {
    /// The project.
    pub project: Project,
    /// For each file, the version of the open document it was taken from (`None`: the disk).
    pub versions: Vec<Option<i32>>,
}

impl Workspace {
    /// Assembles the project whose entry file is `entry`. `None` when the entry is neither open
    /// nor readable.
    pub fn assemble(&mut self, entry: &Path) -> Option<Assembled> {
        let (text, parsed, version) = match self.docs.get_mut(entry) {
            Some(doc) => {
                let parsed = doc.parsed().clone();
                (doc.text.clone(), parsed, Some(doc.version))
            }
            None => {
                let f = self.disk_file(entry)?;
                (f.text.clone(), f.parsed.clone(), None)
            }
        };
        let key = import_key(&text, &parsed.file);
        let mut sources = SourceMap::new();
        sources.add(entry.to_path_buf(), &text);
        let mut files = vec![parsed.file];
        let mut diagnostics = parsed.diagnostics;
        let mut versions = vec![version];
        if key.is_empty() {
            self.imports.remove(entry);
        } else {
            self.refresh_imports(entry, &text, key);
            let p = &self.imports[entry].project;
            let docs = &mut self.docs;
            let kept = |d: &&Diagnostic, id: FileId| {
                d.primary.span.file == id && IMPORT_CODES.contains(&d.code)
            };
            diagnostics.extend(p.diagnostics.iter().filter(|d| kept(d, FileId(0))).cloned());
            for doc in docs.values_mut() {
                if p.sources.find(&doc.path).is_some() {
                    doc.parsed();
                }
            }
            for (id, f) in p.sources.files().skip(1) {
                let disk_ast = &p.files[id.0 as usize];
                let overlay = docs.get_mut(&f.path).filter(|doc| {
                    doc.parsed_if_fresh().is_some_and(|fresh| {
                        import_key(&doc.text, &fresh.file) == import_key(&f.text, disk_ast)
                    })
                });
                match overlay {
                    Some(doc) => {
                        let mut parsed = doc.parsed().clone();
                        set_file(&mut parsed, id);
                        sources.add(f.path.clone(), &doc.text);
                        files.push(parsed.file);
                        diagnostics.extend(p.diagnostics.iter().filter(|d| kept(d, id)).cloned());
                        diagnostics.extend(parsed.diagnostics);
                        versions.push(Some(doc.version));
                    }
                    None => {
                        sources.add(f.path.clone(), &f.text);
                        files.push(disk_ast.clone());
                        diagnostics.extend(
                            p.diagnostics
                                .iter()
                                .filter(|d| d.primary.span.file == id)
                                .cloned(),
                        );
                        versions.push(None);
                    }
                }
            }
        }
        diagnostic::sort(&mut diagnostics);
        Some(Assembled {
            project: Project {
                sources,
                files,
                diagnostics,
            },
            versions,
        })
    }

    /// Loads the imports of `entry` again unless nothing they depend on changed.
    fn refresh_imports(&mut self, entry: &Path, text: &str, key: Vec<(u32, u32, String)>) {
        let valid = self
            .imports
            .get(entry)
            .is_some_and(|i| i.key == key && i.stamps.iter().all(|(p, s)| stamp(p) == *s));
        if valid {
            self.stats.import_hits += 1;
        } else {
            self.stats.import_loads += 1;
            // The entry with only its import statements, at their offsets.
            let mut only = vec![b' '; text.len()];
            for (i, b) in text.bytes().enumerate() {
                if b == b'\n' {
                    only[i] = b'\n';
                }
            }
            for (start, end, s) in &key {
                only[*start as usize..*end as usize].copy_from_slice(s.as_bytes());
            }
            let only = String::from_utf8(only).unwrap_or_default();
            let project = project::load_text(entry, &only, self.options);
            let mut stamps = Vec::new();
            for (id, f) in project.sources.files() {
                let dir = f.path.parent().unwrap_or(Path::new("")).to_path_buf();
                if id.0 > 0 {
                    stamps.push((f.path.clone(), stamp(&f.path)));
                }
                for s in &project.files[id.0 as usize].statements {
                    if let Some(written) = import_written(s) {
                        let p = dir.join(written);
                        stamps.push((p.clone(), stamp(&p)));
                    }
                }
            }
            self.imports.insert(
                entry.to_path_buf(),
                Imports {
                    key,
                    stamps,
                    project,
                },
            );
        }
    }

    /// An entry file read from disk, re-read when its stamp changes.
    fn disk_file(&mut self, path: &Path) -> Option<&DiskFile> {
        let now = stamp(path);
        now?;
        let stale = self.disk.get(path).is_none_or(|f| f.stamp != now);
        if stale {
            let bytes = std::fs::read(path).ok()?;
            let text = String::from_utf8_lossy(&bytes);
            let text = text.strip_prefix('\u{feff}').unwrap_or(&text).to_string();
            let parsed = parse(FileId(0), &text);
            self.disk.insert(
                path.to_path_buf(),
                DiskFile {
                    stamp: now,
                    text,
                    parsed,
                },
            );
        }
        self.disk.get(path)
    }

    /// Forgets what was read from disk (after a save or a change of watched files).
    pub fn forget_disk(&mut self) {
        self.disk.clear();
    }
}

/// The import statements of a file: start, end and text.
pub fn import_key(text: &str, file: &ast::File) -> Vec<(u32, u32, String)> {
    file.statements
        .iter()
        .filter(|s| s.keyword.name == "import" && !s.broken)
        .map(|s| {
            (
                s.span.start,
                s.span.end,
                text.get(s.span.range()).unwrap_or("").to_string(),
            )
        })
        .collect()
}

/// The path of a well-formed `import "path"` statement.
pub fn import_written(s: &ast::Statement) -> Option<&str> {
    if s.keyword.name != "import" || s.broken {
        return None;
    }
    match s.args.as_slice() {
        [v] => match &v.kind {
            ValueKind::String(p) => Some(p),
            _ => None,
        },
        _ => None,
    }
}

/// A path as the project loader records an entry file: its directory canonicalised.
pub fn normalize(path: &Path) -> PathBuf {
    if let Ok(c) = path.canonicalize() {
        return c;
    }
    match (path.parent().map(Path::canonicalize), path.file_name()) {
        (Some(Ok(dir)), Some(name)) => dir.join(name),
        _ => path.to_path_buf(),
    }
}
