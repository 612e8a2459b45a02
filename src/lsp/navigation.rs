//! Names: go to definition, find references and rename (the references are the checker's own,
//! [`crate::check::resolve::references`], across every file of the project), and the outline.

use std::collections::HashMap;

use lsp_types::{
    DocumentSymbol, Location, PrepareRenameResponse, SymbolKind, TextEdit, Uri, WorkspaceEdit,
};

use super::analysis::Analysis;
use super::context;
use super::hover::{element_at, Element};
use super::text::LineIndex;
use crate::ast::{File, Statement, ValueKind};
use crate::platform::Platform;
use crate::schema::{self, Naming, RefKind};
use crate::source::{FileId, Span};

fn covers(span: Span, offset: usize) -> bool {
    span.start as usize <= offset && offset <= span.end as usize
}

/// The declaration name at `offset`: written as a reference, as a declaration's own name, or
/// (in a statement the checker could not read) where the schema expects a name.
fn target(a: &Analysis, file: FileId, offset: usize) -> Option<(RefKind, String, Span)> {
    let sem = a.semantic();
    if let Some(r) = sem
        .refs
        .iter()
        .find(|r| r.span.file == file && covers(r.span, offset))
    {
        return Some((r.kind, r.name.clone(), r.span));
    }
    if let Some(d) = sem
        .decls
        .iter()
        .find(|d| d.name_span.file == file && covers(d.name_span, offset))
    {
        return Some((d.kind, d.name.clone(), d.name_span));
    }
    let (_, Element::Value(_, v)) = element_at(&a.ast(file).statements, offset)? else {
        return None;
    };
    let ValueKind::Word(w) = &v.kind else {
        return None;
    };
    let expect = context::at(a.text(file), a.ast(file), v.span.start as usize).expect;
    if expect.keywords.contains(&w.as_str()) {
        return None; // `to`, `at`, `every`…
    }
    Some((expect.names?, w.clone(), v.span))
}

/// `textDocument/definition`: every declaration of the name (one, unless it is declared twice).
pub fn definition(a: &Analysis, file: FileId, offset: usize) -> Vec<Location> {
    let Some((kind, name, _)) = target(a, file, offset) else {
        return Vec::new();
    };
    a.semantic()
        .decls
        .iter()
        .filter(|d| d.kind == kind && d.name == name)
        .map(|d| a.location(d.name_span))
        .collect()
}

/// `textDocument/references`.
pub fn references(
    a: &Analysis,
    file: FileId,
    offset: usize,
    include_declaration: bool,
) -> Vec<Location> {
    let Some((kind, name, _)) = target(a, file, offset) else {
        return Vec::new();
    };
    spans(a, kind, &name, include_declaration)
        .into_iter()
        .map(|s| a.location(s))
        .collect()
}

/// The declarations (optionally) and references of a name, in file and source order.
fn spans(a: &Analysis, kind: RefKind, name: &str, include_declaration: bool) -> Vec<Span> {
    let sem = a.semantic();
    let mut out: Vec<Span> = sem
        .decls
        .iter()
        .filter(|d| include_declaration && d.kind == kind && d.name == name)
        .map(|d| d.name_span)
        .chain(
            sem.refs
                .iter()
                .filter(|r| r.kind == kind && r.name == name)
                .map(|r| r.span),
        )
        .collect();
    out.sort();
    out.dedup();
    out
}

/// `textDocument/prepareRename`: the name under the cursor, if it names a declaration.
pub fn prepare_rename(a: &Analysis, file: FileId, offset: usize) -> Option<PrepareRenameResponse> {
    let (kind, name, span) = target(a, file, offset)?;
    a.semantic()
        .decls
        .iter()
        .find(|d| d.kind == kind && d.name == name)?;
    Some(PrepareRenameResponse::RangeWithPlaceholder {
        range: a.range(span),
        placeholder: name,
    })
}

/// Whether `s` is an identifier of the language.
fn is_ident(s: &str) -> bool {
    let mut c = s.chars();
    c.next().is_some_and(|f| f.is_ascii_alphabetic())
        && c.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

/// `textDocument/rename`: the declaration and every reference, in every file of the project.
pub fn rename(
    a: &Analysis,
    file: FileId,
    offset: usize,
    new_name: &str,
) -> Result<WorkspaceEdit, String> {
    if !is_ident(new_name) {
        return Err(format!(
            "`{new_name}` is not a name: a letter, then letters, digits, `_` or `-`"
        ));
    }
    let (kind, name, _) =
        target(a, file, offset).ok_or("there is no declared name here to rename")?;
    let sem = a.semantic();
    let decls: Vec<_> = sem
        .decls
        .iter()
        .filter(|d| d.kind == kind && d.name == name)
        .collect();
    if decls.is_empty() {
        return Err(format!("no {} is declared as `{name}`", kind.keyword()));
    }
    if new_name != name
        && sem
            .decls
            .iter()
            .any(|d| d.kind == kind && d.name == new_name)
    {
        return Err(format!(
            "a {} named `{new_name}` already exists",
            kind.keyword()
        ));
    }
    let mut changes: HashMap<Uri, Vec<TextEdit>> = HashMap::new();
    for span in spans(a, kind, &name, true) {
        let loc = a.location(span);
        changes.entry(loc.uri).or_default().push(TextEdit {
            range: loc.range,
            new_text: new_name.to_string(),
        });
    }
    // A channel named after its platform takes its platform from its name: keep it.
    if kind == RefKind::Channel && Platform::from_name(&name).is_some() {
        for d in &decls {
            let s = a.statement(d);
            if s.children().iter().any(|c| c.keyword.name == "platform") {
                continue;
            }
            if let Some(edit) = insert_platform(a, s, &name) {
                changes
                    .entry(a.uris[d.name_span.file.0 as usize].clone())
                    .or_default()
                    .push(edit);
            }
        }
    }
    Ok(WorkspaceEdit {
        changes: Some(changes),
        ..WorkspaceEdit::default()
    })
}

/// `platform NAME` as the first statement of a channel's block.
fn insert_platform(a: &Analysis, s: &Statement, platform: &str) -> Option<TextEdit> {
    let block = s.block.as_ref()?;
    let file = block.span.file;
    let text = a.text(file);
    let open = block.span.start as usize;
    let after = &text[open + 1..];
    let new_text = match after.find(|c: char| c != ' ' && c != '\t') {
        Some(i) if after[i..].starts_with(['\n', '\r']) => {
            // Multi-line block: a line of its own, indented like the block's first statement.
            let first = block.statements.first().map(|c| {
                a.line_index(file)
                    .position(text, c.span.start as usize)
                    .character
            });
            let indent = " ".repeat(first.unwrap_or(2) as usize);
            format!("\n{indent}platform {platform}")
        }
        _ if block.statements.is_empty() => format!(" platform {platform}"),
        _ => format!(" platform {platform};"),
    };
    let at = a.line_index(file).range(text, open + 1, open + 1);
    Some(TextEdit {
        range: at,
        new_text,
    })
}

/// The outline of a file: its declarations, with budget lines, message variants and posts.
pub fn symbols(text: &str, index: &LineIndex, file: &File) -> Vec<DocumentSymbol> {
    file.statements
        .iter()
        .filter(|s| !s.keyword.name.is_empty())
        .map(|s| {
            let mut sym = symbol(text, index, s, true);
            let children: Vec<DocumentSymbol> = s
                .children()
                .iter()
                .filter(|c| matches!(c.keyword.name.as_str(), "line" | "variant" | "post"))
                .map(|c| symbol(text, index, c, false))
                .collect();
            if !children.is_empty() {
                sym.children = Some(children);
            }
            sym
        })
        .collect()
}

#[allow(deprecated)] // `DocumentSymbol::deprecated` must be written out
fn symbol(text: &str, index: &LineIndex, s: &Statement, top: bool) -> DocumentSymbol {
    let kw = s.keyword.name.as_str();
    let first = s.args.first();
    let (name, selection) = match (kw, first.map(|v| &v.kind)) {
        ("post", _) => {
            let end = s.args.last().map_or(s.keyword.span, |v| v.span);
            let written: String = text
                .get(s.span.start as usize..end.end as usize)
                .unwrap_or(kw)
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            let short: String = written.chars().take(80).collect();
            (short, s.keyword.span)
        }
        (_, Some(ValueKind::Word(w) | ValueKind::String(w))) => {
            (w.clone(), first.map_or(s.keyword.span, |v| v.span))
        }
        _ => (kw.to_string(), s.keyword.span),
    };
    let naming = schema::declaration(kw).map(|d| d.naming);
    let kind = match kw {
        "campaign" => SymbolKind::MODULE,
        "import" => SymbolKind::FILE,
        "role" => SymbolKind::CLASS,
        "phase" => SymbolKind::EVENT,
        "objective" => SymbolKind::CONSTANT,
        "audience" => SymbolKind::INTERFACE,
        "channel" => SymbolKind::NAMESPACE,
        "message" => SymbolKind::STRING,
        "schedule" => SymbolKind::EVENT,
        "budget" => SymbolKind::OBJECT,
        "line" => SymbolKind::FIELD,
        "kpi" => SymbolKind::NUMBER,
        "task" => SymbolKind::FUNCTION,
        "lints" => SymbolKind::PACKAGE,
        "variant" => SymbolKind::ENUM_MEMBER,
        "post" => SymbolKind::EVENT,
        _ => SymbolKind::KEY,
    };
    let detail = match (top, naming) {
        (true, Some(Naming::Ident(_) | Naming::Title)) | (false, _) if kw != "post" => {
            Some(kw.to_string())
        }
        _ => None,
    };
    let range = index.range(text, s.span.start as usize, s.span.end as usize);
    let mut selection_range = index.range(text, selection.start as usize, selection.end as usize);
    if selection_range.start < range.start || selection_range.end > range.end {
        selection_range = range;
    }
    DocumentSymbol {
        name: if name.is_empty() {
            kw.to_string()
        } else {
            name
        },
        detail,
        kind,
        tags: None,
        deprecated: None,
        range,
        selection_range,
        children: None,
    }
}
