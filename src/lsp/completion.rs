//! Completion, from the schema: declaration keywords at top level, the keys of the enclosing
//! block (those not given yet), and after a key what its type accepts: enumerated values,
//! declared names of the right kind, metrics, lint names, the words of `post` and `every`.

use std::collections::BTreeSet;

use lsp_types::{
    CompletionItem, CompletionItemKind, CompletionTextEdit, Documentation, MarkupContent,
    MarkupKind, TextEdit,
};

use super::analysis::{declarations, statement_at};
use super::context::{self, Expect};
use super::hover::{declaration_doc, key_doc, platform_doc};
use super::text::LineIndex;
use crate::ast::{File, ValueKind};
use crate::check::lints;
use crate::diagnostic::codes;
use crate::platform::Platform;
use crate::schema::{self, metrics, RefKind};

/// The completions at `offset` of a document (`file` is its current parse); `others` are the
/// other files of its project, for names declared there.
pub fn complete(
    text: &str,
    index: &LineIndex,
    file: &File,
    offset: usize,
    others: &[&File],
) -> Vec<CompletionItem> {
    let cx = context::at(text, file, offset);
    let range = index.range(text, cx.word_start, offset);
    let mut items = Vec::new();
    let mut push =
        |label: &str, kind: CompletionItemKind, detail: String, doc: Option<String>, sort: u8| {
            items.push(CompletionItem {
                label: label.to_string(),
                kind: Some(kind),
                detail: (!detail.is_empty()).then_some(detail),
                documentation: doc.map(|value| {
                    Documentation::MarkupContent(MarkupContent {
                        kind: MarkupKind::Markdown,
                        value,
                    })
                }),
                sort_text: Some(format!("{sort}{label}")),
                filter_text: Some(label.to_string()),
                text_edit: Some(CompletionTextEdit::Edit(TextEdit {
                    range,
                    new_text: label.to_string(),
                })),
                ..CompletionItem::default()
            });
        };
    let Expect {
        declarations: decls,
        keys,
        names,
        values,
        metrics: want_metrics,
        lints: want_lints,
        keywords,
        key,
    } = &cx.expect;
    if *decls {
        for spec in schema::DECLARATIONS {
            push(
                spec.keyword,
                CompletionItemKind::KEYWORD,
                "declaration".into(),
                Some(declaration_doc(spec)),
                0,
            );
        }
    }
    if let Some(spec) = keys {
        let given: BTreeSet<&str> = cx
            .siblings
            .iter()
            .filter(|s| cx.current.is_none_or(|c| !std::ptr::eq(*s, c)))
            .map(|s| s.keyword.name.as_str())
            .collect();
        for k in spec
            .keys
            .iter()
            .filter(|k| k.repeatable || !given.contains(k.key))
        {
            let detail = format!(
                "{}{}",
                k.ty.describe(),
                if k.required { " (required)" } else { "" }
            );
            push(
                k.key,
                CompletionItemKind::PROPERTY,
                detail,
                Some(key_doc(spec, k)),
                if k.required { 0 } else { 1 },
            );
        }
    }
    if let Some(kind) = names {
        let mut seen = BTreeSet::new();
        for f in std::iter::once(file).chain(others.iter().copied()) {
            for d in declarations(f).into_iter().filter(|d| d.kind == *kind) {
                if cx.written.contains(&d.name) || !seen.insert(d.name.clone()) {
                    continue;
                }
                let s = statement_at(f, d.at);
                let summary = s.children().iter().find_map(|c| {
                    match (c.keyword.name.as_str(), c.args.first().map(|v| &v.kind)) {
                        (
                            "description" | "title" | "text",
                            Some(ValueKind::String(t) | ValueKind::TextBlock(t)),
                        ) => Some(t.clone()),
                        _ => None,
                    }
                });
                push(
                    &d.name,
                    name_kind(*kind),
                    kind.keyword().to_string(),
                    summary,
                    0,
                );
            }
        }
    }
    let key_name = key.map(|k| k.key).unwrap_or("");
    for v in values.iter() {
        let doc = match Platform::from_name(v) {
            Some(p) if key_name == "platform" => Some(platform_doc(p)),
            _ => None,
        };
        push(
            v,
            CompletionItemKind::ENUM_MEMBER,
            key_name.to_string(),
            doc,
            0,
        );
    }
    if *want_metrics {
        for m in metrics::METRICS {
            push(
                m.name,
                CompletionItemKind::ENUM_MEMBER,
                m.unit.describe().to_string(),
                Some(m.doc.to_string()),
                0,
            );
        }
    }
    if *want_lints {
        for name in lints::names().into_iter().chain([lints::ALL]) {
            let doc = codes::CODES
                .iter()
                .find(|c| c.lint == Some(name))
                .map(|c| format!("{}: {}", c.code, c.summary))
                .or_else(|| (name == lints::ALL).then(|| "every lint at once".to_string()));
            push(name, CompletionItemKind::ENUM_MEMBER, "lint".into(), doc, 0);
        }
    }
    for w in keywords {
        push(w, CompletionItemKind::KEYWORD, String::new(), None, 1);
    }
    items
}

fn name_kind(kind: RefKind) -> CompletionItemKind {
    match kind {
        RefKind::Role => CompletionItemKind::CLASS,
        RefKind::Phase => CompletionItemKind::EVENT,
        RefKind::Objective => CompletionItemKind::CONSTANT,
        RefKind::Audience => CompletionItemKind::INTERFACE,
        RefKind::Channel => CompletionItemKind::MODULE,
        RefKind::Message => CompletionItemKind::TEXT,
        _ => CompletionItemKind::REFERENCE,
    }
}
