//! Machine-readable diagnostic formats for CI: `short`, `json`, `github` and `sarif`.
//!
//! All take the same input, a list of [`Batch`]es (one per checked project, each with its own
//! source map), and return text; order is the order of the batches and, inside one, of the
//! (sorted) diagnostics, so output never depends on scheduling. The `json` shape is documented in
//! `docs/diagnostics-json.md` and versioned by its `version` field.

use serde::Serialize;
use serde_json::{json, Value};

use super::codes::{self, CODES};
use super::render::severity_word;
use super::{Diagnostic, Severity};
use crate::source::{SourceMap, Span};

/// The diagnostics of one project and the files they point into.
#[derive(Clone, Copy)]
pub struct Batch<'a> {
    /// The project's files.
    pub sources: &'a SourceMap,
    /// Its diagnostics, sorted.
    pub diagnostics: &'a [Diagnostic],
}

/// Where a span is, for people and tools: file, byte range, and 1-based lines and columns
/// (columns count characters; the end is exclusive).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Location {
    /// The file as shown to users.
    pub file: String,
    /// First byte.
    pub start: u32,
    /// One past the last byte.
    pub end: u32,
    /// Line of the first byte.
    pub line: usize,
    /// Column of the first byte.
    pub column: usize,
    /// Line of the end.
    pub end_line: usize,
    /// Column of the end.
    pub end_column: usize,
}

/// The location of a span.
pub fn locate(sources: &SourceMap, span: Span) -> Location {
    let file = sources.get(span.file);
    let (line, column) = file.line_col(span.start);
    let (end_line, end_column) = file.line_col(span.end);
    Location {
        file: file.name.clone(),
        start: span.start,
        end: span.end,
        line,
        column,
        end_line,
        end_column,
    }
}

/// Counts of errors, warnings and notes over every batch.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// Projects checked.
    pub projects: usize,
    /// Errors.
    pub errors: usize,
    /// Warnings.
    pub warnings: usize,
    /// Notes.
    pub notes: usize,
}

impl Summary {
    /// Counts the diagnostics of `batches`.
    pub fn of(batches: &[Batch]) -> Summary {
        let mut s = Summary {
            projects: batches.len(),
            ..Summary::default()
        };
        for d in batches.iter().flat_map(|b| b.diagnostics) {
            match d.severity {
                Severity::Error => s.errors += 1,
                Severity::Warning => s.warnings += 1,
                Severity::Note => s.notes += 1,
            }
        }
        s
    }
}

/// One line per diagnostic: `path:line:col: severity[CODE]: message`, and ` [lint-name]` after
/// the message of a warning.
pub fn short(batches: &[Batch]) -> String {
    let mut out = String::new();
    for b in batches {
        for d in b.diagnostics {
            let l = locate(b.sources, d.primary.span);
            let lint = d.lint().map(|l| format!(" [{l}]")).unwrap_or_default();
            out.push_str(&format!(
                "{}:{}:{}: {}[{}]: {}{lint}\n",
                l.file,
                l.line,
                l.column,
                severity_word(d.severity),
                d.code,
                one_line(&d.message)
            ));
        }
    }
    out
}

fn one_line(s: &str) -> String {
    s.replace(['\n', '\r'], " ")
}

/// One JSON document with every diagnostic and a summary.
pub fn json(batches: &[Batch]) -> String {
    let diagnostics: Vec<Value> = batches
        .iter()
        .flat_map(|b| {
            b.diagnostics
                .iter()
                .map(move |d| diagnostic_json(b.sources, d))
        })
        .collect();
    let doc = json!({
        "version": 1,
        "diagnostics": diagnostics,
        "summary": Summary::of(batches),
    });
    let mut s = serde_json::to_string_pretty(&doc).unwrap_or_default();
    s.push('\n');
    s
}

fn diagnostic_json(sources: &SourceMap, d: &Diagnostic) -> Value {
    let primary = locate(sources, d.primary.span);
    let mut labels = vec![json!({
        "primary": true,
        "message": d.primary.message,
        "location": primary,
    })];
    labels.extend(d.secondary.iter().map(|l| {
        json!({
            "primary": false,
            "message": l.message,
            "location": locate(sources, l.span),
        })
    }));
    json!({
        "code": d.code,
        "lint": d.lint(),
        "severity": d.severity,
        "message": d.message,
        "help": d.help,
        "notes": d.notes,
        "location": primary,
        "labels": labels,
    })
}

/// GitHub Actions workflow commands: each diagnostic becomes an annotation on the pull request.
pub fn github(batches: &[Batch]) -> String {
    let mut out = String::new();
    for b in batches {
        for d in b.diagnostics {
            let l = locate(b.sources, d.primary.span);
            let command = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Note => "notice",
            };
            let title = match d.lint() {
                Some(lint) => format!("{} ({lint})", d.code),
                None => d.code.to_string(),
            };
            let body = d.message.clone() + &d.help_and_notes();
            out.push_str(&format!(
                "::{command} file={},line={},col={},endLine={},endColumn={},title={}::{}\n",
                escape_property(&l.file),
                l.line,
                l.column,
                l.end_line,
                l.end_column,
                escape_property(&title),
                escape_data(&body)
            ));
        }
    }
    out
}

/// Escaping of a workflow command's message (GitHub's `escapeData`).
fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escaping of a workflow command's property (GitHub's `escapeProperty`).
fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// SARIF 2.1.0: one run, every code as a rule, every diagnostic as a result.
pub fn sarif(batches: &[Batch]) -> String {
    let rules: Vec<Value> = CODES
        .iter()
        .map(|c| {
            let mut rule = json!({
                "id": c.code,
                "name": rule_name(c),
                "shortDescription": { "text": c.summary },
                "fullDescription": { "text": c.summary },
                "help": { "text": format!("{}: {}. Run `smm explain {}` for details.", c.code, c.summary, c.code) },
                "defaultConfiguration": { "level": sarif_level(c.severity) },
            });
            if let Some(lint) = c.lint {
                rule["properties"] = json!({ "lint": lint });
            }
            rule
        })
        .collect();
    let results: Vec<Value> = batches
        .iter()
        .flat_map(|b| {
            b.diagnostics.iter().map(move |d| {
                // As in the `github` format: help and notes are part of what a reader needs.
                let message = d.message.clone() + &d.help_and_notes();
                let related: Vec<Value> = d
                    .secondary
                    .iter()
                    .enumerate()
                    .map(|(i, l)| {
                        let mut loc = sarif_location(b.sources, l.span);
                        loc["id"] = json!(i + 1);
                        loc["message"] = json!({ "text": if l.message.is_empty() { "related" } else { &l.message } });
                        loc
                    })
                    .collect();
                let mut result = json!({
                    "ruleId": d.code,
                    "ruleIndex": CODES.iter().position(|c| c.code == d.code).unwrap_or(0),
                    "level": sarif_level(d.severity),
                    "message": { "text": message },
                    "locations": [sarif_location(b.sources, d.primary.span)],
                });
                if !related.is_empty() {
                    result["relatedLocations"] = Value::Array(related);
                }
                result
            })
        })
        .collect();
    let doc = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "smm",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            }},
            "results": results,
            // Columns count Unicode characters (docs/diagnostics-json.md), not UTF-16 units.
            "columnKind": "unicodeCodePoints",
        }],
    });
    let mut s = serde_json::to_string_pretty(&doc).unwrap_or_default();
    s.push('\n');
    s
}

/// A rule's SARIF name: the lint name, or the summary in PascalCase.
fn rule_name(c: &codes::CodeInfo) -> String {
    if let Some(lint) = c.lint {
        return lint.to_string();
    }
    c.summary
        .split(|ch: char| !ch.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut cs = w.chars();
            cs.next().map_or(String::new(), |f| {
                f.to_ascii_uppercase().to_string() + cs.as_str()
            })
        })
        .collect()
}

fn sarif_level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "note",
    }
}

fn sarif_location(sources: &SourceMap, span: Span) -> Value {
    let l = locate(sources, span);
    json!({
        "physicalLocation": {
            "artifactLocation": { "uri": file_uri(&l.file) },
            "region": {
                "startLine": l.line,
                "startColumn": l.column,
                "endLine": l.end_line,
                "endColumn": l.end_column,
                "byteOffset": l.start,
                "byteLength": l.end - l.start,
            }
        }
    })
}

/// A file as shown to users, written as a SARIF `uri` (RFC 3986): a relative reference, or a
/// `file:` URI for an absolute path, with `/` separators and every byte outside the unreserved
/// characters percent-encoded, so that `%`, spaces, `,` or `:` in a name keep it a valid URI.
fn file_uri(name: &str) -> String {
    let (prefix, path) = match name.as_bytes() {
        // `C:\dir\plan.smm` on Windows.
        [drive, b':', b'\\' | b'/', ..] if cfg!(windows) && drive.is_ascii_alphabetic() => {
            (format!("file:///{}:", *drive as char), &name[2..])
        }
        [b'/', ..] => ("file://".to_string(), name),
        _ => (String::new(), name),
    };
    let mut uri = prefix;
    for b in path.bytes() {
        match b {
            b'\\' if cfg!(windows) => uri.push('/'),
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                uri.push(b as char)
            }
            _ => uri.push_str(&format!("%{b:02X}")),
        }
    }
    uri
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn github_escapes_what_would_end_a_command() {
        assert_eq!(escape_data("50% done\nnext"), "50%25 done%0Anext");
        assert_eq!(escape_property("a:b,c"), "a%3Ab%2Cc");
    }

    #[test]
    fn sarif_uris_are_percent_encoded() {
        assert_eq!(file_uri("campaigns/spring.smm"), "campaigns/spring.smm");
        assert_eq!(
            file_uri("100%,odd:name é.smm"),
            "100%25%2Codd%3Aname%20%C3%A9.smm"
        );
        assert_eq!(file_uri("/tmp/a b.smm"), "file:///tmp/a%20b.smm");
    }

    #[test]
    fn rule_names_are_pascal_case_or_lint_names() {
        let c = codes::lookup("E0110").unwrap();
        assert_eq!(rule_name(c), "NotAValidCalendarDate");
        assert_eq!(
            rule_name(codes::lookup("W0203").unwrap()),
            "unused-audience"
        );
    }
}
