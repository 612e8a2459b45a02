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

/// The end of the token at `pos`: a whole string, else up to a blank or a delimiter, at least one
/// character.
fn token_end(d: &Driver, pos: usize) -> usize {
    if let Some(end) = skip_string(d.b, pos) {
        return end;
    }
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
    // The grammar read the ASCII start of the word (`notori` of `notoriété`) as a word of its
    // own: show the whole word.
    let pos = d.src[..pos]
        .char_indices()
        .rev()
        .take_while(|&(_, c)| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        .last()
        .map_or(pos, |(i, _)| i);
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
        ']' => {
            let diag = Diagnostic::new("E0106", d.span(pos, pos + 1), "`]` closes nothing")
                .label("no list is open here")
                .help("remove this `]`, or add the `[` it was meant to close");
            (diag, pos + 1)
        }
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
                '@' => format!("handles and other text are written in quotes: `{key} \"{found}\"`"),
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
    // `campaign "Printemps {`, `role r { name "Camille }`: a brace at the end of the line was
    // surely meant to open or close a block. Reading it so keeps the braces balanced, instead of
    // reporting a block never closed or a `}` that closes nothing.
    let line = d.src[pos + 1..end].trim_end();
    if line.ends_with(['{', '}']) {
        return (diag, pos + 1 + line.len() - 1);
    }
    (diag, end)
}

/// A list that pest could not read: never closed, nested, an empty item, a missing comma…
fn list_error(d: &mut Driver, pos: usize) -> (Diagnostic, usize) {
    let close = matching_bracket(d, pos);
    let read = read_list(d, pos);
    let Some(close) = close else {
        return unclosed_list(d, pos, &read);
    };
    // `read.stop` is where the items stopped making sense; pest's own failure point is the
    // fallback should the two disagree.
    let failed = if read.stop < close {
        read.stop
    } else {
        failure_point(d, Rule::list, pos).unwrap_or(pos)
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
        _ if c.is_alphabetic() && !c.is_ascii() => {
            let end = token_end(d, failed);
            non_ascii(d, failed, end)
        }
        _ if c.is_alphanumeric() || c == '"' => missing_comma(d, failed),
        _ => Diagnostic::new("E0105", span, format!("unexpected `{c}` in a list"))
            .label("not a list item")
            .help(VALUE_HELP),
    };
    (diag, close + 1)
}

fn missing_comma(d: &Driver, at: usize) -> Diagnostic {
    Diagnostic::new("E0108", d.span(at, at), "expected `,` between list items")
        .label("missing `,` before this item")
        .help("separate list items with commas: `[a, b, c]`")
}

/// A `[` without its `]`. The list is taken to end where its items stop, or at the line end
/// before an item that starts a line but is followed by something else (`languages [fr]` after
/// `[FR, BE,`): that line is a statement of its own, to be read normally.
fn unclosed_list(d: &mut Driver, pos: usize, read: &ListRead) -> (Diagnostic, usize) {
    let mut diag = Diagnostic::new("E0108", d.span(pos, pos + 1), "this list is never closed")
        .label("opened here")
        .help("close the list with `]`");
    let n = read.tokens.len();
    let gap_breaks = |from: usize, to: usize| d.src[from..to].contains('\n');
    let last = read.tokens[n - 1];
    let ended_after = if read.stop >= d.b.len() || gap_breaks(last.end, read.stop) {
        Some(n - 1)
    } else if n >= 2 && last.item && gap_breaks(read.tokens[n - 2].end, last.start) {
        Some(n - 2)
    } else {
        None
    };
    match ended_after {
        Some(i) => {
            let t = read.tokens[i];
            if i > 0 {
                let label = if t.item {
                    "expected `,` or `]` after this"
                } else {
                    "expected `]` after this"
                };
                diag = diag.with_secondary(d.span(t.start, t.end), label);
            }
            (diag, t.end)
        }
        None if char_at(d, read.stop).is_alphanumeric() || char_at(d, read.stop) == '"' => {
            // More items follow on the list's line: a comma is missing, or a quote, which
            // unbalanced the rest of the line (`["décoration, "design"]`). Either is a better
            // guess than a missing `]`.
            let stop = read.stop;
            let mut diag = missing_comma(d, stop);
            if last.item && last.end == stop && d.b[stop - 1] == b'"' {
                diag = diag.with_secondary(
                    d.span(last.start, last.end),
                    "this string ends right before: is its closing `\"` missing?",
                );
            }
            (diag, line_end(d.b, stop))
        }
        None => {
            let end = token_end(d, read.stop);
            diag = diag.with_secondary(d.span(read.stop, end), "expected `,` or `]` before this");
            (diag, read.stop)
        }
    }
}

/// One token of a list as read by [`read_list`]: the `[`, an item or a comma.
#[derive(Clone, Copy)]
struct ListToken {
    start: usize,
    end: usize,
    item: bool,
}

/// How far the items of a list could be read.
struct ListRead {
    /// The `[`, then every item and comma read, in order.
    tokens: Vec<ListToken>,
    /// Where reading stopped: the `]`, or the first thing that is neither an item where one
    /// may stand nor `,` or `]` after an item (or the end of input).
    stop: usize,
}

/// Reads the list opened at `open` item by item, as the grammar would, up to where it breaks.
fn read_list(d: &Driver, open: usize) -> ListRead {
    let mut tokens = vec![ListToken {
        start: open,
        end: open + 1,
        item: false,
    }];
    let mut pos = open + 1;
    let mut want_item = true;
    loop {
        pos = skip_list_trivia(d, pos);
        if pos >= d.b.len() || d.b[pos] == b']' {
            break;
        }
        if want_item {
            match item_end(d, pos) {
                Some(end) => {
                    tokens.push(ListToken {
                        start: pos,
                        end,
                        item: true,
                    });
                    pos = end;
                    want_item = false;
                }
                None => break,
            }
        } else if d.b[pos] == b',' {
            tokens.push(ListToken {
                start: pos,
                end: pos + 1,
                item: false,
            });
            pos += 1;
            want_item = true;
        } else {
            break;
        }
    }
    ListRead { tokens, stop: pos }
}

/// Skips blanks, line ends and comments inside a list.
fn skip_list_trivia(d: &Driver, mut pos: usize) -> usize {
    while pos < d.b.len() {
        match d.b[pos] {
            b' ' | b'\t' | b'\r' | b'\n' => pos += 1,
            b'/' if d.b.get(pos + 1) == Some(&b'/') => pos = line_end(d.b, pos),
            _ => break,
        }
    }
    pos
}

/// The end of the list item (a scalar) at `pos`, or `None` if no scalar starts there.
fn item_end(d: &Driver, pos: usize) -> Option<usize> {
    // An item is on one line, except a text block; a few hundred bytes are enough to read any
    // but a string, and bound the work on long broken lines.
    let mut end = match skip_string(d.b, pos) {
        Some(end) => end,
        None => line_end(d.b, pos).min(pos + 256),
    };
    while !d.src.is_char_boundary(end) {
        end -= 1;
    }
    let text = format!("k {}", &d.src[pos..end]);
    let head = SmmParser::parse(Rule::head, &text).ok()?.next()?;
    let value = head.into_inner().nth(1)?;
    if matches!(value.as_rule(), Rule::list | Rule::comparison) {
        return None;
    }
    Some(pos + value.as_span().end() - 2)
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
