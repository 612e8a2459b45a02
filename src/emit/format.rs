//! Formatting shared by the emitters: money, escaping for Markdown and spreadsheets.

/// `123456` minor units with 2 digits → `1234.56`; no thousands separator (machine-readable).
pub fn decimal(minor: i64, digits: u8) -> String {
    if digits == 0 {
        return minor.to_string();
    }
    let p = 10u64.pow(digits as u32);
    let sign = if minor < 0 { "-" } else { "" };
    let abs = minor.unsigned_abs();
    format!(
        "{sign}{}.{:0width$}",
        abs / p,
        abs % p,
        width = digits as usize
    )
}

/// `123456` minor units of EUR → `1 234.56 EUR`: for people (Markdown), with spaces between
/// thousands.
pub fn money(minor: i64, digits: u8, currency: &str) -> String {
    let plain = decimal(minor, digits);
    let (sign, rest) = plain
        .strip_prefix('-')
        .map_or(("", plain.as_str()), |r| ("-", r));
    let (int, frac) = rest
        .split_once('.')
        .map_or((rest, None), |(i, f)| (i, Some(f)));
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(' ');
        }
        grouped.push(c);
    }
    match frac {
        Some(f) => format!("{sign}{grouped}.{f} {currency}"),
        None => format!("{sign}{grouped} {currency}"),
    }
}

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
    fn money_groups_thousands_and_keeps_cents() {
        assert_eq!(money(2_400_000, 2, "EUR"), "24 000.00 EUR");
        assert_eq!(money(-150, 2, "EUR"), "-1.50 EUR");
        assert_eq!(money(1000, 0, "JPY"), "1 000 JPY");
        assert_eq!(decimal(5, 3), "0.005");
    }

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
