//! Syntax errors in the user's words.
//!
//! pest reports "expected one of these rules at this position". That is right but unhelpful, so
//! the driver calls these functions with the position where reading stopped; they look at what
//! is there (an opening quote, a `[`, a stray `:`) and, where needed, ask pest again for the
//! exact failure point inside a list or comparison, then write the message a person would.

use pest::error::InputLocation;
use pest::Parser;

use super::parser::Driver;
use super::trivia::{line_end, skip_string};
use super::{Rule, SmmParser};
use crate::ast::Statement;
use crate::diagnostic::Diagnostic;

const VALUE_HELP: &str =
    "values are words, \"strings\", numbers, dates (2027-03-01), times (09:00), \
amounts (12 EUR), durations (30min), ranges (18..34) or [lists]";

/// The character at `pos` (the input is UTF-8 and `pos` on a character boundary).
fn char_at(d: &Driver, pos: usize) -> char {
    d.src[pos..].chars().next().unwrap_or(' ')
}

/// The end of the token at `pos`: up to a blank or a delimiter, at least one character.
fn token_end(d: &Driver, pos: usize) -> usize {
    let rest = &d.src[pos..];
    let first = rest.chars().next().map_or(0, char::len_utf8);
    let len = rest
        .char_indices()
        .skip(1)
        .find(|&(_, c)| c.is_whitespace() || ";{}[]\",".contains(c))
        .map_or(rest.len(), |(i, _)| i);
    pos + len.max(first)
}

/// Where pest stopped when reading `rule` at `pos`, or `None` if it did read it.
fn failure_point(d: &Driver, rule: Rule, pos: usize) -> Option<usize> {
    match SmmParser::parse(rule, &d.src[pos..]) {
        Ok(_) => None,
        Err(e) => Some(
            pos + match e.location {
                InputLocation::Pos(p) => p,
                InputLocation::Span((p, _)) => p,
            },
        ),
    }
}

/// An error at the start of a statement: the line does not begin with a keyword.
pub(super) fn not_a_statement(d: &mut Driver, pos: usize) -> Diagnostic {
    let c = char_at(d, pos);
    let end = token_end(d, pos);
    let span = d.span(pos, end);
    if c.is_alphabetic() && !c.is_ascii() {
        return non_ascii(d, pos, end);
    }
    let found = match c {
        '"' => "a string".to_string(),
        '0'..='9' => "a number".to_string(),
        _ => format!("`{c}`"),
    };
    let help = match c {
        '#' => "comments start with `//`".to_string(),
        '{' => "a block belongs to a statement, as in `message teaser_1 { … }`".to_string(),
        _ => "each statement is `keyword value…`, like `start 2027-03-01` or `channel instagram { … }`"
            .to_string(),
    };
    Diagnostic::new(
        "E0109",
        span,
        format!("a statement must start with a keyword, found {found}"),
    )
    .label("expected a keyword here")
    .help(help)
}

fn non_ascii(d: &Driver, pos: usize, end: usize) -> Diagnostic {
    let word = &d.src[pos..end];
    Diagnostic::new("E0122", d.span(pos, end), format!("`{word}` is not a valid identifier"))
        .label("identifiers use ASCII letters, digits, `_` and `-`")
        .help("write names without accents (`decoration`, not `décoration`); put other text in \"strings\"")
}

/// An error after a statement's keyword and readable arguments. Returns the diagnostic and the
/// position from which to look for the statement's end.
pub(super) fn bad_argument(d: &mut Driver, stmt: &Statement, pos: usize) -> (Diagnostic, usize) {
    let c = char_at(d, pos);
    match c {
        '"' => unterminated(d, pos),
        '[' => list_error(d, pos),
        '<' | '>' | '=' => {
            let len = if d.src[pos..].starts_with(">=")
                || d.src[pos..].starts_with("<=")
                || d.src[pos..].starts_with("==")
                || d.src[pos..].starts_with("=>")
                || d.src[pos..].starts_with("=<")
            {
                2
            } else {
                1
            };
            let op = &d.src[pos..pos + len];
            let diag = Diagnostic::new(
                "E0120",
                d.span(pos, pos + len),
                format!("expected a value after `{op}`"),
            )
            .label("a comparison needs a value")
            .help("write a target such as `>= 150000`, `<= 12 EUR`, `= 100%` or `<= 2h`");
            (diag, pos + len)
        }
        _ if c.is_alphabetic() && !c.is_ascii() => {
            let end = token_end(d, pos);
            (non_ascii(d, pos, end), end)
        }
        _ => {
            let end = token_end(d, pos);
            let found = &d.src[pos..end];
            let key = &stmt.keyword.name;
            let message = match stmt.args.last() {
                None => format!("expected a value after `{key}`, found `{found}`"),
                Some(_) => format!("unexpected `{found}` in `{key}`"),
            };
            let help = match c {
                ':' => format!("a key and its value are separated by a space: `{key} value`"),
                '#' => "hashtags belong inside a string: \"Bientôt ✨ #MaisonLumiere\"; comments start with `//`".to_string(),
                ',' => "a list is written in brackets: `[a, b, c]`".to_string(),
                '(' | ')' => "smm has no parentheses; lists are written in brackets: `[a, b]`".to_string(),
                _ => VALUE_HELP.to_string(),
            };
            let diag = Diagnostic::new("E0105", d.span(pos, end), message)
                .label("not a value")
                .help(help);
            (diag, pos)
        }
    }
}

/// A `"` whose string does not close on its line, or a `"""` never closed.
fn unterminated(d: &mut Driver, pos: usize) -> (Diagnostic, usize) {
    if d.src[pos..].starts_with("\"\"\"") {
        d.rest_swallowed = true;
        let diag = Diagnostic::new(
            "E0102",
            d.span(pos, pos + 3),
            "this text block is never closed",
        )
        .label("opened here; the rest of the file was read as its text")
        .help("close the text block with `\"\"\"` on a line of its own");
        return (diag, d.src.len());
    }
    let end = line_end(d.b, pos);
    let diag = Diagnostic::new("E0101", d.span(pos, end), "this string is never closed")
        .label("no closing `\"` on this line")
        .help("close the string with `\"`; for text on several lines use a `\"\"\"` text block");
    (diag, end)
}

/// A list that pest could not read: never closed, nested, an empty item, a missing comma…
fn list_error(d: &mut Driver, pos: usize) -> (Diagnostic, usize) {
    let close = matching_bracket(d, pos);
    let failed = failure_point(d, Rule::list, pos).unwrap_or(pos);
    let Some(close) = close else {
        let mut diag = Diagnostic::new("E0108", d.span(pos, pos + 1), "this list is never closed")
            .label("opened here")
            .help("close the list with `]`");
        if failed > pos && failed < d.src.len() {
            diag = diag.with_secondary(
                d.span(failed, token_end(d, failed)),
                "expected `,` or `]` before this",
            );
        }
        return (diag, line_end(d.b, pos));
    };
    let c = char_at(d, failed);
    let span = d.span(failed, token_end(d, failed).min(close.max(failed + 1)));
    let diag = match c {
        '[' => Diagnostic::new(
            "E0116",
            d.span(failed, failed + 1),
            "lists cannot be nested",
        )
        .label("a list inside a list")
        .help("write the items in one flat list: `[a, b, c]`"),
        ',' => Diagnostic::new(
            "E0128",
            d.span(failed, failed + 1),
            "a list has an empty item",
        )
        .label("nothing before this comma")
        .help("remove the extra comma"),
        '"' if skip_string(d.b, failed)
            .is_some_and(|e| d.b.get(e - 1) != Some(&b'"') || e == failed + 1) =>
        {
            return unterminated(d, failed);
        }
        '>' | '<' | '=' => Diagnostic::new("E0105", span, "a comparison cannot be a list item")
            .label("not a list item")
            .help("a KPI has one target: `target >= 150000`"),
        _ if c.is_alphanumeric() || c == '"' => Diagnostic::new(
            "E0108",
            d.span(failed, failed),
            "expected `,` between list items",
        )
        .label("missing `,` before this item")
        .help("separate list items with commas: `[a, b, c]`"),
        _ => Diagnostic::new("E0105", span, format!("unexpected `{c}` in a list"))
            .label("not a list item")
            .help(VALUE_HELP),
    };
    (diag, close + 1)
}

/// The `]` that closes the `[` at `pos`, if it comes before a `{`, a `}` or the end of input.
fn matching_bracket(d: &Driver, pos: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut i = pos;
    while i < d.b.len() {
        if let Some(end) = skip_string(d.b, i) {
            i = end.max(i + 1);
            continue;
        }
        match d.b[i] {
            b'[' => depth += 1,
            b']' => {
                depth -= 1;
                if depth == 0 {
                    return Some(i);
                }
            }
            b'{' | b'}' => return None,
            b'/' if d.b.get(i + 1) == Some(&b'/') => {
                i = line_end(d.b, i);
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    None
}
