//! Diagnostics: what every stage reports instead of printing.
//!
//! A [`Diagnostic`] has a stable code (see [`codes`]), a severity, a message in the user's words,
//! a primary span with a label, optional secondary labels (the other place of a duplicate or a
//! collision), a help line and notes. Stages collect them into a `Vec<Diagnostic>`; only the CLI
//! renders them ([`render`]).

pub mod codes;
pub mod explain;
pub mod formats;
pub mod render;

use crate::source::Span;

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Information attached to the plan (for example an unallocated budget remainder).
    Note,
    /// Something probably wrong; has a lint name and can be allowed or denied.
    Warning,
    /// The plan is wrong; `check` fails and `build` writes nothing.
    Error,
}

/// A span with a short text explaining its part in the diagnostic.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    /// Where.
    pub span: Span,
    /// What this place has to do with the problem (may be empty).
    pub message: String,
}

/// One problem found in a plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Stable code, such as `E0101`.
    pub code: &'static str,
    /// Severity after lint levels are applied.
    pub severity: Severity,
    /// What is wrong, in one sentence.
    pub message: String,
    /// The place the problem is reported at.
    pub primary: Label,
    /// Other places involved (the first declaration of a duplicate, the other post of a collision).
    pub secondary: Vec<Label>,
    /// How to fix it.
    pub help: Option<String>,
    /// Further facts (for example the arithmetic behind a budget error).
    pub notes: Vec<String>,
}

impl Diagnostic {
    /// A diagnostic with `code` at `span`; the severity comes from the code's table entry.
    pub fn new(code: &'static str, span: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            code,
            severity: codes::lookup(code).map_or(Severity::Error, |c| c.severity),
            message: message.into(),
            primary: Label {
                span,
                message: String::new(),
            },
            secondary: Vec::new(),
            help: None,
            notes: Vec::new(),
        }
    }

    /// Sets the text of the primary label.
    pub fn label(mut self, message: impl Into<String>) -> Diagnostic {
        self.primary.message = message.into();
        self
    }

    /// Adds a secondary label.
    pub fn with_secondary(mut self, span: Span, message: impl Into<String>) -> Diagnostic {
        self.secondary.push(Label {
            span,
            message: message.into(),
        });
        self
    }

    /// Sets the help line.
    pub fn help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    /// Adds a note.
    pub fn note(mut self, note: impl Into<String>) -> Diagnostic {
        self.notes.push(note.into());
        self
    }

    /// The lint name of a warning code, if it has one.
    pub fn lint(&self) -> Option<&'static str> {
        codes::lookup(self.code).and_then(|c| c.lint)
    }

    /// The help line and notes as lines to append to the message (`\nhelp: …\nnote: …`), for
    /// the one-text formats (GitHub annotations, SARIF, the language server).
    pub fn help_and_notes(&self) -> String {
        let mut out = String::new();
        if let Some(help) = &self.help {
            out.push_str("\nhelp: ");
            out.push_str(help);
        }
        for note in &self.notes {
            out.push_str("\nnote: ");
            out.push_str(note);
        }
        out
    }

    /// Whether this is an error.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// Sorts diagnostics by file, position and code, so that output never depends on pass order.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        (
            a.primary.span.file,
            a.primary.span.start,
            a.primary.span.end,
            a.code,
        )
            .cmp(&(
                b.primary.span.file,
                b.primary.span.start,
                b.primary.span.end,
                b.code,
            ))
    });
}
