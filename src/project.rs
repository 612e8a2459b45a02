//! A project: the entry file plus every file it imports, each read and parsed once.
//!
//! Import paths are relative to the importing file. A path that leaves the entry file's
//! directory (an absolute path, `../`) is refused unless [`Options::allow_outside_imports`] is set,
//! so that checking a plan from an untrusted pull request never reads files elsewhere on the
//! machine. An import cycle is reported once, naming every file of the cycle.

use std::borrow::Cow;
use std::path::{Path, PathBuf};

use crate::ast::{self, ValueKind};
use crate::diagnostic::Diagnostic;
use crate::source::{display_name, FileId, SourceMap, Span};
use crate::syntax;

/// How a project is loaded.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Accept imports outside the entry file's directory tree.
    pub allow_outside_imports: bool,
}

/// The parsed files of one project.
#[derive(Debug, Clone)]
pub struct Project {
    /// Every file, the entry file first.
    pub sources: SourceMap,
    /// The syntax tree of every file, in the order of `sources`.
    pub files: Vec<ast::File>,
    /// Syntax and import errors, sorted by place.
    pub diagnostics: Vec<Diagnostic>,
}

impl Project {
    /// The entry file's id.
    pub fn entry(&self) -> FileId {
        FileId(0)
    }

    /// Whether any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// Why the entry file itself could not be read (the command line's exit code 2).
#[derive(Debug)]
pub struct LoadError {
    /// The path as given.
    pub path: PathBuf,
    /// What went wrong.
    pub error: std::io::Error,
}

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "cannot read `{}`: {}", self.path.display(), self.error)
    }
}

impl std::error::Error for LoadError {}

/// Loads `entry` and, transitively, every file it imports.
pub fn load(entry: &Path, options: Options) -> Result<Project, LoadError> {
    let io_error = |error| LoadError {
        path: entry.to_path_buf(),
        error,
    };
    let canonical = entry.canonicalize().map_err(io_error)?;
    if canonical.is_dir() {
        return Err(io_error(std::io::Error::other(
            "it is a directory, not a .smm file",
        )));
    }
    let bytes = std::fs::read(&canonical).map_err(io_error)?;
    let root = canonical
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default();
    let mut loader = Loader {
        options,
        root,
        project: Project {
            sources: SourceMap::new(),
            files: Vec::new(),
            diagnostics: Vec::new(),
        },
        stack: Vec::new(),
    };
    loader.add(canonical, &bytes);
    let mut project = loader.project;
    crate::diagnostic::sort(&mut project.diagnostics);
    Ok(project)
}

/// Parses text that is not on disk (tests, the language server, `smm fmt -`). Imports in it are
/// resolved relative to `path`'s directory.
pub fn load_text(path: &Path, text: &str, options: Options) -> Project {
    // Imported files are known by canonical paths: so must the root and the entry be, or every
    // import would seem outside the root, and an import of the entry would not be seen as a cycle.
    let parent = path.parent().unwrap_or(Path::new(""));
    let parent = if parent.as_os_str().is_empty() {
        Path::new(".")
    } else {
        parent
    };
    let (root, entry) = match (parent.canonicalize(), path.file_name()) {
        (Ok(dir), Some(name)) => (dir.clone(), dir.join(name)),
        _ => (parent.to_path_buf(), path.to_path_buf()),
    };
    let mut loader = Loader {
        options,
        root,
        project: Project {
            sources: SourceMap::new(),
            files: Vec::new(),
            diagnostics: Vec::new(),
        },
        stack: Vec::new(),
    };
    loader.add(entry, text.as_bytes());
    let mut project = loader.project;
    crate::diagnostic::sort(&mut project.diagnostics);
    project
}

struct Loader {
    options: Options,
    root: PathBuf,
    project: Project,
    /// Files being loaded, outermost first, with the span of the import that led to each.
    stack: Vec<(FileId, Option<Span>)>,
}

impl Loader {
    /// Adds one file (already read) and loads its imports.
    fn add(&mut self, canonical: PathBuf, bytes: &[u8]) -> FileId {
        let (text, utf8_error) = decode(bytes);
        let id = self.project.sources.add(canonical, &text);
        if let Some(d) = utf8_error.map(|e| e(id)) {
            // Any other error would be about a guess of the text: report the encoding only.
            self.project.diagnostics.push(d);
            self.project.files.push(ast::File {
                file: id,
                statements: Vec::new(),
            });
            return id;
        }
        let file_text = self.project.sources.get(id).text.clone();
        let parsed = syntax::parse(id, &file_text);
        self.project.diagnostics.extend(parsed.diagnostics);
        let imports: Vec<(Span, Option<String>)> = parsed
            .file
            .statements
            .iter()
            .filter(|s| s.keyword.name == "import" && !s.broken)
            .map(|s| import_path(s, &mut self.project.diagnostics))
            .collect();
        self.project.files.push(parsed.file);
        self.stack.push((id, None));
        for (span, path) in imports {
            if let Some(path) = path {
                if let Some(top) = self.stack.last_mut() {
                    top.1 = Some(span);
                }
                self.import(id, span, &path);
            }
        }
        self.stack.pop();
        id
    }

    fn import(&mut self, from: FileId, span: Span, written: &str) {
        let importer = &self.project.sources.get(from).path;
        let dir = importer.parent().unwrap_or(Path::new(""));
        let joined = dir.join(written);
        if Path::new(written).is_absolute() && !self.options.allow_outside_imports {
            // Refused before touching the file system: whether the file exists is no business
            // of an untrusted plan, and the answer must not depend on the machine.
            self.project.diagnostics.push(outside_error(span, written));
            return;
        }
        let canonical = match joined.canonicalize() {
            Ok(c) => c,
            Err(e) => {
                self.project.diagnostics.push(
                    Diagnostic::new(
                        "E0124",
                        span,
                        format!("cannot read `{written}`: {}", io_message(&e)),
                    )
                    .label(format!("looked for {}", display_name(&joined)))
                    .help("import paths are relative to the importing file"),
                );
                return;
            }
        };
        let outside = Path::new(written).is_absolute() || !canonical.starts_with(&self.root);
        if outside && !self.options.allow_outside_imports {
            self.project.diagnostics.push(outside_error(span, written));
            return;
        }
        if let Some(pos) = self
            .stack
            .iter()
            .position(|(f, _)| self.project.sources.get(*f).path == canonical)
        {
            let names: Vec<String> = self.stack[pos..]
                .iter()
                .map(|(f, _)| self.project.sources.get(*f).name.clone())
                .chain(std::iter::once(
                    self.project.sources.get(self.stack[pos].0).name.clone(),
                ))
                .collect();
            let mut d = Diagnostic::new(
                "E0125",
                span,
                format!("import cycle: {}", names.join(" → ")),
            )
            .label("this import closes the cycle")
            .help("move what both files need into a third file that neither imports back");
            for (_, via) in &self.stack[pos..self.stack.len() - 1] {
                if let Some(via) = via {
                    d = d.with_secondary(*via, "imported here");
                }
            }
            self.project.diagnostics.push(d);
            return;
        }
        if self.project.sources.find(&canonical).is_some() {
            return; // importing a file twice is harmless
        }
        match std::fs::read(&canonical) {
            Ok(bytes) => {
                self.add(canonical, &bytes);
            }
            Err(e) => self.project.diagnostics.push(
                Diagnostic::new(
                    "E0124",
                    span,
                    format!("cannot read `{written}`: {}", io_message(&e)),
                )
                .label("imported here")
                .help("check that the file exists and is readable"),
            ),
        }
    }
}

fn outside_error(span: Span, written: &str) -> Diagnostic {
    Diagnostic::new("E0126", span, format!("`{written}` is outside the project's directory"))
        .label("imports may not leave the entry file's directory")
        .help("move the shared file under the campaign's directory, or pass --allow-outside-imports if you trust it")
}

/// The path of an `import "…"` statement, or an error when it is not exactly one string.
fn import_path(stmt: &ast::Statement, diagnostics: &mut Vec<Diagnostic>) -> (Span, Option<String>) {
    if let ([arg], None) = (stmt.args.as_slice(), &stmt.block) {
        match &arg.kind {
            ValueKind::String(s) => return (arg.span, Some(s.clone())),
            ValueKind::Invalid => return (arg.span, None),
            _ => {}
        }
    }
    diagnostics.push(
        Diagnostic::new(
            "E0127",
            stmt.span,
            "an import needs exactly one path string",
        )
        .label("expected `import \"path/to/file.smm\"`")
        .help("write the path in quotes, relative to this file: `import \"shared/team.smm\"`"),
    );
    (stmt.span, None)
}

fn io_message(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
}

type Utf8Diagnostic = Box<dyn FnOnce(FileId) -> Diagnostic>;

/// Decodes UTF-8; invalid input is kept (lossily) so the error can point into it.
fn decode(bytes: &[u8]) -> (Cow<'_, str>, Option<Utf8Diagnostic>) {
    // The source map drops a byte-order mark; drop it first so that the error's offset matches.
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        // Borrowed: the source map makes the one copy of the text.
        Ok(s) => (Cow::Borrowed(s), None),
        Err(e) => {
            let at = e.valid_up_to();
            let text = String::from_utf8_lossy(bytes);
            let byte = bytes[at];
            let utf16 = bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]);
            let help = if utf16 {
                "the file is UTF-16: save it as UTF-8".to_string()
            } else {
                "save the file as UTF-8 (it looks like Latin-1 or Windows-1252)".to_string()
            };
            let make = move |id: FileId| {
                // The lossy text holds U+FFFD where the bad byte was: span that whole character,
                // so the span stays on character boundaries.
                Diagnostic::new(
                    "E0100",
                    Span::new(id, at, at + char::REPLACEMENT_CHARACTER.len_utf8()),
                    "this file is not valid UTF-8",
                )
                .label(format!("byte 0x{byte:02X} here is not UTF-8"))
                .help(help)
            };
            (text, Some(Box::new(make)))
        }
    }
}
