//! Rendering diagnostics for people, through miette's graphical report handler.
//!
//! Each report shows the code, the message, a source snippet headed by `path:line:column`
//! (so terminals and editors can jump to it), labels on the spans, the help line and notes.
//! Labels in another file than the primary span are shown as related reports.

use std::fmt;
use std::sync::Arc;

use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource, SourceSpan};

use super::{Diagnostic, Severity};
use crate::source::{SourceMap, Span};

/// How reports are drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// Colours and Unicode box drawing, for a terminal.
    Fancy,
    /// No colour, ASCII only: for pipes, files, CI logs and snapshots.
    Plain,
}

/// Renders every diagnostic, one report after another.
pub fn render_all(diagnostics: &[Diagnostic], sources: &SourceMap, style: Style) -> String {
    let mut out = String::new();
    for d in diagnostics {
        out.push_str(&render(d, sources, style));
    }
    out
}

/// Renders one diagnostic as a report.
pub fn render(diagnostic: &Diagnostic, sources: &SourceMap, style: Style) -> String {
    let theme = match style {
        Style::Fancy => GraphicalTheme::unicode(),
        Style::Plain => GraphicalTheme::none(),
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_links(false)
        .with_width(100);
    let report = Report::new(diagnostic, sources);
    let mut out = String::new();
    if handler.render_report(&mut out, &report).is_err() {
        // miette only fails on a broken span; fall back to a one-line form rather than lose it.
        out = format!(
            "{}[{}]: {}\n",
            severity_word(diagnostic.severity),
            diagnostic.code,
            diagnostic.message
        );
    }
    if !out.ends_with('\n') {
        out.push('\n');
    }
    out.push('\n');
    out
}

/// The word used for a severity in one-line formats.
pub fn severity_word(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "note",
    }
}

/// A diagnostic prepared for miette: its source, labels and related reports.
#[derive(Debug)]
struct Report {
    code: String,
    message: String,
    severity: miette::Severity,
    help: Option<String>,
    source: NamedSource<Arc<str>>,
    labels: Vec<LabeledSpan>,
    related: Vec<Report>,
}

impl Report {
    fn new(d: &Diagnostic, sources: &SourceMap) -> Report {
        let file = sources.get(d.primary.span.file);
        let source = NamedSource::new(file.name.clone(), file.text.clone());
        let mut labels = vec![LabeledSpan::new_primary_with_span(
            non_empty(&d.primary.message),
            source_span(d.primary.span, &file.text),
        )];
        let mut related = Vec::new();
        for l in &d.secondary {
            if l.span.file == d.primary.span.file {
                labels.push(LabeledSpan::new_with_span(
                    non_empty(&l.message),
                    source_span(l.span, &file.text),
                ));
            } else {
                let other = sources.get(l.span.file);
                related.push(Report {
                    code: String::new(),
                    message: l.message.clone(),
                    severity: miette::Severity::Advice,
                    help: None,
                    source: NamedSource::new(other.name.clone(), other.text.clone()),
                    labels: vec![LabeledSpan::new_primary_with_span(
                        Some("here".into()),
                        source_span(l.span, &other.text),
                    )],
                    related: Vec::new(),
                });
            }
        }
        let mut help = d.help.clone();
        for note in &d.notes {
            let h = help.get_or_insert_with(String::new);
            if !h.is_empty() {
                h.push('\n');
            }
            h.push_str("note: ");
            h.push_str(note);
        }
        Report {
            code: match d.lint() {
                Some(lint) => format!("{} ({lint})", d.code),
                None => d.code.to_string(),
            },
            message: d.message.clone(),
            severity: match d.severity {
                Severity::Error => miette::Severity::Error,
                Severity::Warning => miette::Severity::Warning,
                Severity::Note => miette::Severity::Advice,
            },
            help,
            source,
            labels,
            related,
        }
    }
}

fn non_empty(s: &str) -> Option<String> {
    (!s.is_empty()).then(|| s.to_string())
}

/// A miette span clamped to the text, on character boundaries.
fn source_span(span: Span, text: &str) -> SourceSpan {
    let mut start = (span.start as usize).min(text.len());
    let mut end = (span.end as usize).clamp(start, text.len());
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    while !text.is_char_boundary(end) {
        end += 1;
    }
    SourceSpan::from(start..end)
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Report {}

impl miette::Diagnostic for Report {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        (!self.code.is_empty()).then(|| Box::new(&self.code) as Box<dyn fmt::Display>)
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(self.severity)
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        Some(&self.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        Some(Box::new(self.labels.iter().cloned()))
    }

    fn related<'a>(&'a self) -> Option<Box<dyn Iterator<Item = &'a dyn miette::Diagnostic> + 'a>> {
        if self.related.is_empty() {
            return None;
        }
        Some(Box::new(
            self.related.iter().map(|r| r as &dyn miette::Diagnostic),
        ))
    }
}
