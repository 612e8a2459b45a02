//! `smm fmt`: the one canonical layout of a `.smm` file (see `docs/formatting.md`).
//!
//! The formatter reprints the syntax tree, not the text: statements one per line, two spaces per
//! block level, single spaces between arguments, lists on one line when they fit in
//! [`MAX_WIDTH`] columns and one item per line otherwise (or when written with a comma after the
//! last item: the "magic trailing comma" of Black and ruff, so a list the author laid out one
//! item per line stays so). Two things come from the source text
//! rather than the tree:
//!
//! - literal values are printed as written (`12_000`, `"\u{1F600}"`, `>= 4.5%`), only the blanks
//!   inside a token (`12000   EUR`, `2027-03-03  09:00`, `>=  5`) being collapsed to one space, so
//!   a value can never change;
//! - every `//` comment ([`crate::syntax::trivia::comments`]) is put back where it was: at the
//!   end of the line of what it followed on its line, or on its own line before what it preceded.
//!
//! A file that does not parse without error is never formatted. Every result is re-parsed and
//! compared with the input (same tree with spans ignored, same comments in the same order); an
//! output that fails this check is refused ([`FormatError::Unstable`]), so a formatter bug can
//! cost a formatting, never a plan.

mod diff;
mod printer;

pub use diff::unified_diff;

use crate::ast::{self, Statement, Value, ValueKind};
use crate::diagnostic::Diagnostic;
use crate::source::{FileId, Span};
use crate::syntax::{self, trivia};

/// The line width lists and one-line blocks must fit in, in characters.
pub const MAX_WIDTH: usize = 100;

/// Spaces per block level.
pub const INDENT: usize = 2;

/// Why a text was not formatted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormatError {
    /// The text has syntax errors (every diagnostic the parser reported, spans in `FileId(0)`
    /// over the text with any byte-order mark removed).
    Syntax(Vec<Diagnostic>),
    /// The formatted text would not mean the same as the input: a formatter bug. The text must
    /// be left as it is.
    Unstable(String),
}

impl std::fmt::Display for FormatError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FormatError::Syntax(d) => write!(f, "{} syntax error(s)", d.len()),
            FormatError::Unstable(why) => write!(
                f,
                "internal formatter error: {why}; the file is left as it is (please report this)"
            ),
        }
    }
}

impl std::error::Error for FormatError {}

/// Formats the text of one `.smm` file; for editors and the language server.
///
/// Returns the syntax errors when the text does not parse (nothing can be formatted then). In the
/// (buggy) case where the formatter cannot prove its output equivalent to the input, the input is
/// returned unchanged.
pub fn format_source(src: &str) -> Result<String, Vec<Diagnostic>> {
    match format(src) {
        Ok(out) => Ok(out),
        Err(FormatError::Syntax(d)) => Err(d),
        Err(FormatError::Unstable(_)) => Ok(src.to_string()),
    }
}

/// Formats the text of one `.smm` file, checking that the result means the same.
pub fn format(src: &str) -> Result<String, FormatError> {
    let text = strip_bom(src);
    let parsed = syntax::parse(FileId(0), text);
    if parsed.diagnostics.iter().any(Diagnostic::is_error) {
        return Err(FormatError::Syntax(parsed.diagnostics));
    }
    let out = printer::print(text, &parsed.file);
    verify(text, &parsed.file, &out)?;
    Ok(out)
}

/// The text without a leading byte-order mark (which the parser ignores).
pub fn strip_bom(src: &str) -> &str {
    src.strip_prefix('\u{feff}').unwrap_or(src)
}

/// The output parses, to the same tree, with the same comments in the same order.
fn verify(input: &str, tree: &ast::File, out: &str) -> Result<(), FormatError> {
    let reparsed = syntax::parse(FileId(0), out);
    if let Some(d) = reparsed.diagnostics.iter().find(|d| d.is_error()) {
        return Err(FormatError::Unstable(format!(
            "the output does not parse ({}: {})",
            d.code, d.message
        )));
    }
    if !same_tree(tree, &reparsed.file) {
        return Err(FormatError::Unstable(
            "the output's syntax tree differs from the input's".into(),
        ));
    }
    let before: Vec<&str> = trivia::comments(input)
        .into_iter()
        .map(|r| input[r].trim_end())
        .collect();
    let after: Vec<&str> = trivia::comments(out)
        .into_iter()
        .map(|r| out[r].trim_end())
        .collect();
    if before != after {
        return Err(FormatError::Unstable(
            "the output's comments differ from the input's".into(),
        ));
    }
    Ok(())
}

/// Whether two trees are equal when spans are ignored.
pub fn same_tree(a: &ast::File, b: &ast::File) -> bool {
    let mut a = a.clone();
    let mut b = b.clone();
    erase_spans(&mut a);
    erase_spans(&mut b);
    a == b
}

/// Sets every span (and the file id) of a tree to the default, so that trees compare by content.
pub fn erase_spans(file: &mut ast::File) {
    file.file = FileId::default();
    for s in &mut file.statements {
        erase_statement(s);
    }
}

fn erase_statement(s: &mut Statement) {
    s.span = Span::default();
    s.keyword.span = Span::default();
    for v in &mut s.args {
        erase_value(v);
    }
    if let Some(b) = &mut s.block {
        b.span = Span::default();
        for c in &mut b.statements {
            erase_statement(c);
        }
    }
}

fn erase_value(v: &mut Value) {
    v.span = Span::default();
    match &mut v.kind {
        ValueKind::List(items) => items.iter_mut().for_each(erase_value),
        ValueKind::Comparison(_, inner) => erase_value(inner),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fmt(src: &str) -> String {
        format(src).unwrap_or_else(|e| panic!("{e:?}"))
    }

    #[test]
    fn splits_statements_and_indents() {
        assert_eq!(
            fmt("campaign \"X\" {\nstart   2027-03-01;end 2027-05-31\n      }"),
            "campaign \"X\" {\n  start 2027-03-01\n  end 2027-05-31\n}\n"
        );
    }

    #[test]
    fn keeps_short_one_line_blocks() {
        assert_eq!(
            fmt("role a   {  title \"X\" ;name \"Y\";  }\n"),
            "role a { title \"X\"; name \"Y\" }\n"
        );
    }

    #[test]
    fn literals_print_as_written() {
        assert_eq!(
            fmt("x 12_000  1.50   EUR \"\\u{1F600}\" >=   4.5% 2027-03-03 \t 09:00\n"),
            "x 12_000 1.50 EUR \"\\u{1F600}\" >= 4.5% 2027-03-03 09:00\n"
        );
    }

    #[test]
    fn comments_stay_in_place() {
        let src = "// head\n\n\n\nrole a { // open\n  // own\n  title \"X\"   // end\n  // last\n} // after\n// tail";
        assert_eq!(
            fmt(src),
            "// head\n\nrole a { // open\n  // own\n  title \"X\" // end\n  // last\n} // after\n// tail\n"
        );
    }

    #[test]
    fn long_lists_break_with_a_trailing_comma() {
        let items: Vec<String> = (0..20).map(|i| format!("item_{i}")).collect();
        let src = format!("audience a {{ interests [{}] }}", items.join(","));
        let out = fmt(&src);
        assert!(
            out.starts_with("audience a {\n  interests [\n    item_0,\n"),
            "{out}"
        );
        assert!(out.ends_with("    item_19,\n  ]\n}\n"), "{out}");
    }

    #[test]
    fn a_trailing_comma_keeps_a_short_list_one_item_per_line() {
        let out = fmt("audience a {\n  locations [FR, BE,] // two\n  languages [fr, en]\n}\n");
        assert_eq!(
            out,
            "audience a {\n  locations [\n    FR,\n    BE,\n  ] // two\n  languages [fr, en]\n}\n"
        );
    }

    #[test]
    fn syntax_errors_are_returned() {
        assert!(matches!(format("role a {"), Err(FormatError::Syntax(d)) if !d.is_empty()));
        assert!(format_source("x 2027-02-30").is_err());
    }

    #[test]
    fn empty_and_blank_files() {
        assert_eq!(fmt(""), "");
        assert_eq!(fmt("\n\n  \n"), "");
        assert_eq!(fmt("\u{feff}x 1"), "x 1\n");
    }
}
