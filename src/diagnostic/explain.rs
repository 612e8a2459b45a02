//! Long explanations of diagnostic codes, each with a wrong and a right example, for
//! `smm explain CODE` and `docs/diagnostics.md`.
//!
//! They live in `docs/codes/CODE.md` and are embedded at build time. A test checks that every
//! code has one and that each "Wrong" example reports its code while the "Right" one does not.

include!(concat!(env!("OUT_DIR"), "/explanations.rs"));

/// The Markdown explanation of a code.
pub fn explanation(code: &str) -> Option<&'static str> {
    let code = code.trim().to_ascii_uppercase();
    EXPLANATIONS
        .binary_search_by(|(c, _)| (*c).cmp(code.as_str()))
        .ok()
        .map(|i| EXPLANATIONS[i].1)
}

/// The code blocks under the `## Wrong` and `## Right` headings of an explanation.
pub fn examples(markdown: &str) -> (Option<&str>, Option<&str>) {
    (
        section_code(markdown, "## Wrong"),
        section_code(markdown, "## Right"),
    )
}

fn section_code<'a>(markdown: &'a str, heading: &str) -> Option<&'a str> {
    let start = markdown.find(heading)? + heading.len();
    let rest = &markdown[start..];
    let open = rest.find("```")?;
    let body_start = open + rest[open..].find('\n')? + 1;
    let body_len = rest[body_start..].find("```")?;
    Some(&rest[body_start..body_start + body_len])
}

/// Markdown: the index of every code for `docs/diagnostics.md`, grouped by stage.
pub fn index() -> String {
    use std::fmt::Write;
    let groups = [
        ("E01", "Syntax and imports"),
        ("E02", "Declarations and references"),
        ("E03", "Values"),
        ("E04", "Dates and time"),
        ("E05", "Platforms"),
        ("E06", "Calendar"),
        ("E07", "Budget"),
        ("E08", "KPIs"),
        ("W", "Warnings and notes (lints)"),
    ];
    let mut out = String::new();
    for (prefix, title) in groups {
        let _ = writeln!(out, "### {title}\n");
        out.push_str("| code | lint | summary |\n|---|---|---|\n");
        for c in super::codes::CODES
            .iter()
            .filter(|c| c.code.starts_with(prefix))
        {
            let _ = writeln!(
                out,
                "| [{}](codes/{}.md) | {} | {} |",
                c.code,
                c.code,
                c.lint.map(|l| format!("`{l}`")).unwrap_or_default(),
                c.summary.replace('|', "\\|")
            );
        }
        out.push('\n');
    }
    out
}
