//! The checker's diagnostics as LSP diagnostics.
//!
//! Code, severity, message (with the primary label, help and notes), secondary labels as related
//! information, and `data`: the lint name of a warning and, for "did you mean `x`?", the
//! replacement a quick fix applies (read from the label, so every pass that suggests gets a fix).

use lsp_types::{
    DiagnosticRelatedInformation, DiagnosticSeverity, DiagnosticTag, NumberOrString, Range,
};
use serde_json::json;

use super::analysis::Analysis;
use crate::diagnostic::{Diagnostic, Severity};
use crate::source::SourceMap;

/// Codes of "declared but never used" warnings, shown faded.
const UNUSED: [&str; 4] = ["W0201", "W0202", "W0203", "W0204"];

/// The LSP form of a diagnostic of `a`.
pub fn diagnostic(a: &Analysis, d: &Diagnostic) -> lsp_types::Diagnostic {
    let mut message = d.message.clone();
    if !d.primary.message.is_empty() {
        message.push('\n');
        message.push_str(&d.primary.message);
    }
    message.push_str(&d.help_and_notes());
    let related: Vec<DiagnosticRelatedInformation> = d
        .secondary
        .iter()
        .map(|l| DiagnosticRelatedInformation {
            location: a.location(l.span),
            message: if l.message.is_empty() {
                d.message.clone()
            } else {
                l.message.clone()
            },
        })
        .collect();
    let mut data = serde_json::Map::new();
    if let Some(lint) = d.lint() {
        data.insert("lint".into(), json!(lint));
    }
    if let Some(replacement) = suggestion(d, &a.project.sources) {
        data.insert(
            "suggestion".into(),
            json!({ "range": a.range(d.primary.span), "newText": replacement }),
        );
    }
    lsp_types::Diagnostic {
        range: a.range(d.primary.span),
        severity: Some(match d.severity {
            Severity::Error => DiagnosticSeverity::ERROR,
            Severity::Warning => DiagnosticSeverity::WARNING,
            Severity::Note => DiagnosticSeverity::INFORMATION,
        }),
        code: Some(NumberOrString::String(d.code.to_string())),
        code_description: None,
        source: Some("smm".into()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        tags: UNUSED
            .contains(&d.code)
            .then(|| vec![DiagnosticTag::UNNECESSARY]),
        data: (!data.is_empty()).then_some(serde_json::Value::Object(data)),
    }
}

/// The text a "did you mean `x`?" proposes for the diagnostic's primary span, quoted when the
/// span is a string (time zones).
pub fn suggestion(d: &Diagnostic, sources: &SourceMap) -> Option<String> {
    let meant = between(&d.primary.message, "did you mean `", "`?").or_else(|| {
        let help = d.help.as_deref()?;
        let rest = &help[help.find("did you mean the ")?..];
        between(rest, "`", "`?")
    })?;
    let written = sources.slice(d.primary.span);
    if written.is_empty() || written == meant {
        return None;
    }
    Some(if written.starts_with('"') && !meant.starts_with('"') {
        format!("\"{meant}\"")
    } else {
        meant.to_string()
    })
}

fn between<'a>(s: &'a str, open: &str, close: &str) -> Option<&'a str> {
    let start = s.find(open)? + open.len();
    let len = s[start..].find(close)?;
    Some(&s[start..start + len])
}

/// The suggestion stored in an LSP diagnostic's `data`: its range and text.
pub fn stored_suggestion(d: &lsp_types::Diagnostic) -> Option<(Range, String)> {
    let s = d.data.as_ref()?.get("suggestion")?;
    let range: Range = serde_json::from_value(s.get("range")?.clone()).ok()?;
    let text = s.get("newText")?.as_str()?.to_string();
    Some((range, text))
}
