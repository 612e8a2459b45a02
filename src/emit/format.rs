//! Formatting shared by the emitters: escaping for Markdown and spreadsheets, and the money
//! formatting of [`crate::numbers`].

use std::borrow::Cow;

pub use crate::numbers::{decimal, money};

/// Escapes text for a Markdown table cell or paragraph: pipes, backslashes, emphasis and HTML
/// characters, and line breaks (as `<br>`), so user text can never break the layout or inject HTML.
pub fn markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    markdown_into(&mut out, text);
    out
}

/// Appends `text` escaped as [`markdown`] does. Every character is escaped on its own, so
/// escaping the parts of a text one after the other gives the same as escaping it whole.
pub fn markdown_into(out: &mut String, text: &str) {
    let bytes = text.as_bytes();
    let mut copied = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if !MARKDOWN_SPECIAL[usize::from(b)] {
            continue;
        }
        let with = match b {
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'&' => "&amp;",
            b'\n' => "<br>",
            b'\r' => "",
            _ => "\\",
        };
        // `i` is at an ASCII byte: a character boundary.
        out.push_str(&text[copied..i]);
        out.push_str(with);
        // A backslash goes before the character itself, which stays to be copied.
        copied = if with == "\\" { i } else { i + 1 };
    }
    out.push_str(&text[copied..]);
}

/// The bytes [`markdown_into`] escapes.
const MARKDOWN_SPECIAL: [bool; 256] = {
    let mut special = [false; 256];
    let chars = b"\\|*_`[]#~<>&\n\r";
    let mut i = 0;
    while i < chars.len() {
        special[chars[i] as usize] = true;
        i += 1;
    }
    special
};

/// Neutralises a CSV cell that a spreadsheet would run as a formula (OWASP: a leading `=`, `+`,
/// `-`, `@`, tab or carriage return gets a leading `'`).
pub fn spreadsheet_safe(cell: &str) -> Cow<'_, str> {
    if is_formula_like(cell) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

/// Whether a spreadsheet could run `cell` as a formula: it starts with `=`, `+`, `-`, `@`, a tab
/// or a carriage return (see [`spreadsheet_safe`]).
pub fn is_formula_like(cell: &str) -> bool {
    matches!(
        cell.as_bytes().first(),
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r')
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_cannot_break_a_table_or_inject_html() {
        assert_eq!(markdown("a|b <script>"), "a\\|b &lt;script&gt;");
        assert_eq!(markdown("#tag\nnext"), "\\#tag<br>next");
        assert_eq!(markdown("a\r\nb~é_*`[]&"), "a<br>b\\~é\\_\\*\\`\\[\\]&amp;");
        assert_eq!(markdown(""), "");
    }

    #[test]
    fn markdown_of_parts_is_markdown_of_the_whole() {
        let mut out = String::from("kept ");
        markdown_into(&mut out, "a|b");
        markdown_into(&mut out, "\r\n<c>");
        assert_eq!(out, format!("kept {}", markdown("a|b\r\n<c>")));
    }

    /// What `markdown` was before it worked on bytes.
    fn old_markdown(text: &str) -> String {
        let mut out = String::new();
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

    proptest::proptest! {
        #[test]
        fn markdown_matches_the_char_by_char_version(text in "([a-z]{0,5}|[\\\\|*_`\\[\\]#~<>&\r\n]|é|👍🏽){0,40}") {
            proptest::prop_assert_eq!(markdown(&text), old_markdown(&text));
        }

        #[test]
        fn markdown_matches_on_any_string(text in proptest::prelude::any::<String>()) {
            proptest::prop_assert_eq!(markdown(&text), old_markdown(&text));
        }
    }

    #[test]
    fn formulas_are_neutralised() {
        assert_eq!(spreadsheet_safe("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(spreadsheet_safe("-5"), "'-5");
        assert_eq!(spreadsheet_safe("Hello"), "Hello");
        assert_eq!(spreadsheet_safe(""), "");
        assert!(is_formula_like("\r\nx") && is_formula_like("@x") && !is_formula_like("é="));
    }
}
