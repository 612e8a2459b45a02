//! The table of every diagnostic code: one row per code, read by the checker (severity, lint
//! name), by `smm explain` and by the generated diagnostics index in `docs/`.
//!
//! Codes are grouped by stage: `E01xx` syntax and imports, `E02xx` references, `E03xx` values,
//! `E04xx` time, `E05xx` platforms, `E06xx` calendar, `E07xx` budget, `E08xx` KPIs, `W…` warnings.
//! A code, once published, never changes meaning.

use super::Severity;

/// What the project knows about one diagnostic code.
#[derive(Debug, Clone, Copy)]
pub struct CodeInfo {
    /// The code, such as `E0101`.
    pub code: &'static str,
    /// Default severity.
    pub severity: Severity,
    /// Kebab-case lint name (warnings and notes only), accepted by `lints`, `--allow`, `--deny`.
    pub lint: Option<&'static str>,
    /// One-line summary, as in the diagnostics index.
    pub summary: &'static str,
}

const fn error(code: &'static str, summary: &'static str) -> CodeInfo {
    CodeInfo {
        code,
        severity: Severity::Error,
        lint: None,
        summary,
    }
}

/// Every code the compiler can emit, sorted by code.
pub static CODES: &[CodeInfo] = &[
    error("E0100", "the file is not valid UTF-8"),
    error("E0101", "a string is never closed"),
    error("E0102", "a text block is never closed"),
    error("E0103", "unknown escape sequence in a string"),
    error("E0104", "invalid `\\u{...}` escape"),
    error("E0105", "unexpected text where a value was expected"),
    error("E0106", "a closing bracket closes nothing"),
    error("E0107", "a block is never closed"),
    error(
        "E0108",
        "a list is never closed, or its items are not separated by commas",
    ),
    error("E0109", "a statement must start with a keyword"),
    error("E0110", "not a valid calendar date"),
    error("E0111", "not a valid time of day"),
    error(
        "E0112",
        "an amount has more decimals than its currency has minor units",
    ),
    error("E0113", "unknown currency code"),
    error("E0114", "a range ends before it starts"),
    error("E0115", "a number is too large"),
    error("E0116", "lists cannot be nested"),
    error("E0117", "blocks are nested too deeply"),
    error("E0118", "a malformed number"),
    error("E0119", "unknown duration unit"),
    error("E0120", "a malformed comparison"),
    error("E0121", "a statement goes on after its end"),
    error("E0122", "identifiers must be ASCII"),
    error("E0123", "a text block must start on its own line"),
    error("E0124", "an imported file cannot be read"),
    error("E0125", "imports form a cycle"),
    error("E0126", "an import leaves the project's directory"),
    error("E0127", "an import needs exactly one path string"),
    error("E0128", "an empty item in a list"),
];

/// The table row of a code, if the code exists.
pub fn lookup(code: &str) -> Option<&'static CodeInfo> {
    CODES
        .binary_search_by(|c| c.code.cmp(code))
        .ok()
        .map(|i| &CODES[i])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_sorted_and_unique() {
        for pair in CODES.windows(2) {
            assert!(
                pair[0].code < pair[1].code,
                "{} / {}",
                pair[0].code,
                pair[1].code
            );
        }
    }

    #[test]
    fn warnings_have_lint_names_and_errors_do_not() {
        for c in CODES {
            assert_eq!(
                c.severity != Severity::Error,
                c.lint.is_some(),
                "{}",
                c.code
            );
            assert_eq!(
                c.code.starts_with('W'),
                c.severity == Severity::Warning,
                "{}",
                c.code
            );
        }
    }
}
