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

const fn warning(code: &'static str, lint: &'static str, summary: &'static str) -> CodeInfo {
    CodeInfo {
        code,
        severity: Severity::Warning,
        lint: Some(lint),
        summary,
    }
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
    // References and declarations.
    error("E0201", "a name is declared twice"),
    error("E0202", "a project needs exactly one campaign"),
    error(
        "E0203",
        "a project has at most one budget and one lints block",
    ),
    error("E0204", "a reference names nothing"),
    error("E0205", "a reference names a declaration of another kind"),
    // Values.
    error("E0300", "unknown declaration"),
    error("E0301", "unknown key"),
    error("E0302", "a key is given twice"),
    error("E0303", "a required key is missing"),
    error("E0304", "a value of the wrong type"),
    error("E0305", "a key has too few or too many values"),
    error("E0306", "a value outside its allowed set"),
    error("E0307", "not an ISO 3166-1 country code"),
    error("E0308", "not an ISO 639-1 language code"),
    error("E0309", "a declaration's name is missing or malformed"),
    error("E0310", "a block is missing or not allowed"),
    error("E0311", "a malformed post"),
    error("E0312", "a malformed recurrence"),
    error("E0313", "unknown metric"),
    error("E0314", "unknown lint name"),
    error("E0316", "a number out of its allowed range"),
    error("E0318", "a link is not a web address"),
    error("E0319", "a budget line says when to spend in two ways"),
    // Time.
    error("E0401", "a range ends before it starts"),
    error("E0402", "unknown time zone"),
    error("E0403", "a date outside the campaign or its phase"),
    error("E0404", "a campaign longer than ten years"),
    // Platforms.
    error("E0501", "a text is longer than the platform allows"),
    error("E0502", "too many hashtags for the platform"),
    error("E0503", "the platform requires media"),
    error("E0504", "the platform requires another kind of media"),
    error("E0505", "the platform requires a title"),
    error("E0506", "a title is longer than the platform allows"),
    // Calendar.
    error("E0601", "two posts on one channel at the same minute"),
    error(
        "E0602",
        "more posts in a day than the channel's max_per_day",
    ),
    // Budget.
    error("E0701", "an amount in another currency than the plan's"),
    error("E0702", "the budget total and the campaign budget disagree"),
    error("E0703", "lines and reserve exceed the total"),
    error("E0704", "percentages add up to more than 100%"),
    error("E0705", "a paid line has no channel"),
    error("E0706", "a budget line lies outside the campaign"),
    error("E0707", "the budget has no total"),
    // KPIs.
    error("E0801", "a target's unit does not fit the metric"),
    error("E0802", "a rate above 100%"),
    error("E0803", "a KPI deadline outside the campaign"),
    error("E0804", "KPI targets the budget cannot meet together"),
    error("E0805", "a baseline's unit does not fit the metric"),
    warning("W0201", "unused-role", "a role nothing refers to"),
    warning("W0202", "unused-phase", "a phase nothing refers to"),
    warning("W0203", "unused-audience", "an audience no message targets"),
    warning("W0204", "unused-channel", "a channel nothing posts to"),
    warning("W0401", "overlapping-phases", "two phases overlap"),
    warning(
        "W0402",
        "dst-gap",
        "a time that does not exist on a daylight-saving day",
    ),
    warning(
        "W0403",
        "dst-ambiguous",
        "a time that happens twice on a daylight-saving day",
    ),
    warning(
        "W0501",
        "below-minimum-age",
        "an audience younger than the platform allows",
    ),
    warning(
        "W0601",
        "late-night-post",
        "a post at night in the audience's time zone",
    ),
    warning(
        "W0602",
        "series-exhausted",
        "a series runs out of messages before its slots end",
    ),
    warning(
        "W0603",
        "series-unused",
        "a series has messages that never get a slot",
    ),
    warning(
        "W0604",
        "unscheduled-message",
        "a message that is never posted",
    ),
    warning("W0605", "empty-schedule", "a schedule that posts nothing"),
    warning(
        "W0606",
        "skipped-month-day",
        "a month lacks the day a monthly post asks for",
    ),
    warning(
        "W0701",
        "paid-channel-without-posts",
        "paid spend on a channel with no post in the line's dates",
    ),
    CodeInfo {
        code: "W0702",
        severity: Severity::Note,
        lint: Some("unallocated-budget"),
        summary: "part of the budget is not allocated to any line",
    },
    warning(
        "W0801",
        "target-direction",
        "a target in the wrong direction for its metric",
    ),
    warning(
        "W0802",
        "objective-without-kpi",
        "an objective no KPI measures",
    ),
    warning(
        "W0803",
        "metric-objective-mismatch",
        "a metric that does not suit its objective's kind",
    ),
    warning(
        "W0804",
        "review-cadence",
        "a review cadence longer than the KPI's window",
    ),
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
            // `W` codes are warnings, or notes (W0702 unallocated-budget): both have lints.
            assert_eq!(
                c.code.starts_with('W'),
                c.severity != Severity::Error,
                "{}",
                c.code
            );
        }
    }
}
