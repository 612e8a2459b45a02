//! Code actions (a quick fix for every "did you mean") and formatting (through `smm fmt`).

use std::collections::HashMap;

use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, Range, TextEdit, Uri, WorkspaceEdit,
};

use super::analysis::Analysis;
use super::convert::{self, stored_suggestion, suggestion};
use super::text::LineIndex;
use crate::source::FileId;

/// Quick fixes for the diagnostics the editor sent (their `data` holds the replacement) and for
/// the server's own diagnostics that touch `range`.
pub fn quick_fixes(
    a: &Analysis,
    file: FileId,
    uri: &Uri,
    range: Range,
    sent: &[lsp_types::Diagnostic],
) -> Vec<CodeActionOrCommand> {
    let mut fixes: Vec<(lsp_types::Diagnostic, Range, String)> = sent
        .iter()
        .filter_map(|d| stored_suggestion(d).map(|(r, t)| (d.clone(), r, t)))
        .collect();
    for d in a.diagnostics.iter().filter(|d| d.primary.span.file == file) {
        let r = a.range(d.primary.span);
        if r.start > range.end || range.start > r.end {
            continue;
        }
        let Some(text) = suggestion(d, &a.project.sources) else {
            continue;
        };
        if fixes.iter().any(|(_, fr, ft)| *fr == r && *ft == text) {
            continue;
        }
        fixes.push((convert::diagnostic(a, d), r, text));
    }
    fixes
        .into_iter()
        .map(|(d, r, text)| {
            let title = format!("Replace with `{text}`");
            let edit = TextEdit {
                range: r,
                new_text: text,
            };
            CodeActionOrCommand::CodeAction(CodeAction {
                title,
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![d]),
                edit: Some(WorkspaceEdit {
                    changes: Some(HashMap::from([(uri.clone(), vec![edit])])),
                    ..WorkspaceEdit::default()
                }),
                is_preferred: Some(true),
                ..CodeAction::default()
            })
        })
        .collect()
}

/// The edit that formats `text`: the changed middle only (what precedes and follows the first
/// and last difference is left alone, so the cursor and folds stay put). Nothing when the text
/// has syntax errors or is already formatted.
pub fn formatting(text: &str, index: &LineIndex) -> Vec<TextEdit> {
    let Ok(new) = crate::format::format_source(text) else {
        return Vec::new();
    };
    if new == text {
        return Vec::new();
    }
    let (a, b) = (text.as_bytes(), new.as_bytes());
    let mut prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    while !text.is_char_boundary(prefix) || !new.is_char_boundary(prefix) {
        prefix -= 1;
    }
    let max_suffix = a.len().min(b.len()) - prefix;
    let mut suffix = a
        .iter()
        .rev()
        .zip(b.iter().rev())
        .take(max_suffix)
        .take_while(|(x, y)| x == y)
        .count();
    while !text.is_char_boundary(a.len() - suffix) || !new.is_char_boundary(b.len() - suffix) {
        suffix -= 1;
    }
    vec![TextEdit {
        range: index.range(text, prefix, a.len() - suffix),
        new_text: new[prefix..b.len() - suffix].to_string(),
    }]
}
