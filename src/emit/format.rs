//! Formatting shared by the emitters: escaping for Markdown and spreadsheets, and the money
//! formatting of [`crate::numbers`].

pub use crate::numbers::{decimal, money};

/// Escapes text for a Markdown table cell or paragraph: pipes, backslashes, emphasis and HTML
/// characters, and line breaks (as `<br>`), so user text can never break the layout or inject HTML.
pub fn markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' | '|' | '*' | '_' | '`' | '[' | ']' | '#' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\n' => out.push_str("<br>"),
            '\r' => {}
            _ => out.push(c),
        }
    }
    out
}

/// Neutralises a CSV cell that a spreadsheet would run as a formula (OWASP: a leading `=`, `+`,
/// `-`, `@`, tab or carriage return gets a leading `'`).
pub fn spreadsheet_safe(cell: &str) -> String {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{cell}"),
        _ => cell.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_cannot_break_a_table_or_inject_html() {
        assert_eq!(markdown("a|b <script>"), "a\\|b &lt;script&gt;");
        assert_eq!(markdown("#tag\nnext"), "\\#tag<br>next");
    }

    #[test]
    fn formulas_are_neutralised() {
        assert_eq!(spreadsheet_safe("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(spreadsheet_safe("-5"), "'-5");
        assert_eq!(spreadsheet_safe("Hello"), "Hello");
    }
}
