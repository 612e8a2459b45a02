//! One checked project, and what the requests read from it: diagnostics, declarations,
//! references (from the checker's own [`references`](crate::check::resolve::references)), line
//! indexes and URIs of its files.

use std::cell::OnceCell;
use std::path::Path;

use lsp_types::{Location, Range, Uri};

use super::text::LineIndex;
use crate::ast::{self, Statement, ValueKind};
use crate::check::{self, model::Model, LintLevels};
use crate::diagnostic::Diagnostic;
use crate::project::Project;
use crate::schema::{self, Naming, RefKind};
use crate::source::{FileId, Span};

/// A checked project.
pub struct Analysis {
    /// The project (entry file first).
    pub project: Project,
    /// Every diagnostic of the project, lint levels applied.
    pub diagnostics: Vec<Diagnostic>,
    /// For each file, the version of the open document it came from (`None`: the disk).
    pub versions: Vec<Option<i32>>,
    /// For each file, its URI (the editor's for open documents).
    pub uris: Vec<Uri>,
    /// A shared file checked on its own because its project could not use its current text:
    /// "no campaign" and "unused" findings are left out.
    pub partial: bool,
    indexes: Vec<OnceCell<LineIndex>>,
    semantic: OnceCell<Semantic>,
}

/// The model and the names in it, computed on first use.
pub struct Semantic {
    /// The typed declarations.
    pub model: Model,
    /// Every reference the checker resolves, with its kind.
    pub refs: Vec<Reference>,
    /// Every named declaration of every file.
    pub decls: Vec<Decl>,
}

/// A name used where a declaration of `kind` is expected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference {
    /// The kind of declaration it names.
    pub kind: RefKind,
    /// The name.
    pub name: String,
    /// Where it is written.
    pub span: Span,
}

/// A named declaration, found in a syntax tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decl {
    /// Its kind.
    pub kind: RefKind,
    /// Its name.
    pub name: String,
    /// Where the name is written.
    pub name_span: Span,
    /// The whole declaration.
    pub span: Span,
    /// Index of the top-level statement in its file, and of the nested one (a budget line).
    pub at: (usize, Option<usize>),
}

impl Analysis {
    /// Checks an assembled project.
    pub fn new(
        project: Project,
        versions: Vec<Option<i32>>,
        uris: Vec<Uri>,
        levels: &LintLevels,
        partial: bool,
    ) -> Analysis {
        let checked = check::check(&project, levels);
        let mut diagnostics = checked.diagnostics;
        if partial {
            diagnostics
                .retain(|d| !matches!(d.code, "E0202" | "W0201" | "W0202" | "W0203" | "W0204"));
        }
        let n = project.files.len();
        Analysis {
            project,
            diagnostics,
            versions,
            uris,
            partial,
            indexes: (0..n).map(|_| OnceCell::new()).collect(),
            semantic: OnceCell::new(),
        }
    }

    /// The id of the file loaded from `path`.
    pub fn file_of(&self, path: &Path) -> Option<FileId> {
        self.project.sources.find(path)
    }

    /// A file's text.
    pub fn text(&self, file: FileId) -> &str {
        &self.project.sources.get(file).text
    }

    /// A file's syntax tree.
    pub fn ast(&self, file: FileId) -> &ast::File {
        &self.project.files[file.0 as usize]
    }

    /// A file's line index.
    pub fn line_index(&self, file: FileId) -> &LineIndex {
        self.indexes[file.0 as usize].get_or_init(|| LineIndex::new(self.text(file)))
    }

    /// The LSP range of a span.
    pub fn range(&self, span: Span) -> Range {
        self.line_index(span.file).range(
            self.text(span.file),
            span.start as usize,
            span.end as usize,
        )
    }

    /// The LSP location of a span.
    pub fn location(&self, span: Span) -> Location {
        Location {
            uri: self.uris[span.file.0 as usize].clone(),
            range: self.range(span),
        }
    }

    /// The model, references and declarations.
    pub fn semantic(&self) -> &Semantic {
        self.semantic.get_or_init(|| {
            let mut scratch = Vec::new();
            let collected = check::collect::collect(&self.project.files, &mut scratch);
            let model = check::lower::lower(&collected.decls, &collected.duplicates, &mut scratch);
            let refs = check::resolve::references(&model)
                .into_iter()
                .map(|(kind, ident)| Reference {
                    kind,
                    name: ident.name.clone(),
                    span: ident.span,
                })
                .collect();
            let decls = self.project.files.iter().flat_map(declarations).collect();
            Semantic { model, refs, decls }
        })
    }

    /// The statement of a declaration.
    pub fn statement(&self, d: &Decl) -> &Statement {
        statement_at(self.ast(d.name_span.file), d.at)
    }
}

/// The statement at `at` in `file`.
pub fn statement_at(file: &ast::File, at: (usize, Option<usize>)) -> &Statement {
    let top = &file.statements[at.0];
    match at.1 {
        Some(i) => &top.children()[i],
        None => top,
    }
}

/// The named declarations of one file: top-level ones and budget lines.
pub fn declarations(file: &ast::File) -> Vec<Decl> {
    let mut out = Vec::new();
    for (i, s) in file.statements.iter().enumerate() {
        let Some(spec) = schema::declaration(&s.keyword.name) else {
            continue;
        };
        if let Naming::Ident(kind) = spec.naming {
            out.extend(decl(s, kind, (i, None)));
        }
        if spec.keyword == "budget" {
            for (j, l) in s.children().iter().enumerate() {
                if l.keyword.name == "line" {
                    out.extend(decl(l, RefKind::Line, (i, Some(j))));
                }
            }
        }
    }
    out
}

fn decl(s: &Statement, kind: RefKind, at: (usize, Option<usize>)) -> Option<Decl> {
    let v = s.args.first()?;
    match &v.kind {
        ValueKind::Word(name) => Some(Decl {
            kind,
            name: name.clone(),
            name_span: v.span,
            span: s.span,
            at,
        }),
        _ => None,
    }
}
