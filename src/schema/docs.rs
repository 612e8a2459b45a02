//! Reference tables generated from the schema, for `docs/language.md`.
//!
//! The docs hold the generated text between `<!-- BEGIN GENERATED … -->` and
//! `<!-- END GENERATED … -->` markers; a test compares it with [`declarations`] and fails when
//! they differ (`SMM_UPDATE_DOCS=1 cargo test` rewrites it).

use std::fmt::Write;

use super::{metrics, DeclSpec, Naming, DECLARATIONS, LINE, VARIANT};

/// Markdown: one section per declaration with its table of keys.
pub fn declarations() -> String {
    let mut out = String::new();
    let nested: [&DeclSpec; 2] = [&LINE, &VARIANT];
    for spec in DECLARATIONS.iter().copied().chain(nested) {
        let _ = writeln!(out, "### `{}`\n", spec.keyword);
        let _ = writeln!(out, "{}\n", spec.doc);
        let head = match spec.naming {
            Naming::None => format!("`{} {{ … }}`", spec.keyword),
            Naming::Title if spec.block => format!("`{} \"Title\" {{ … }}`", spec.keyword),
            Naming::Title => format!("`{} \"path\"`", spec.keyword),
            Naming::Ident(_) => format!("`{} NAME {{ … }}`", spec.keyword),
            Naming::Ref(k) => format!(
                "`{} {} {{ … }}` (names a {})",
                spec.keyword,
                k.keyword().to_uppercase(),
                k.keyword()
            ),
        };
        let _ = writeln!(out, "Form: {head}\n");
        if spec.keys.is_empty() {
            continue;
        }
        out.push_str("| key | value | required | default | meaning |\n|---|---|---|---|---|\n");
        for k in spec.keys {
            let _ = writeln!(
                out,
                "| `{}` | {} | {} | {} | {} |",
                k.key,
                k.ty.describe().replace('|', "\\|"),
                if k.required { "yes" } else { "" },
                k.default.unwrap_or(""),
                k.doc.replace('|', "\\|")
            );
        }
        out.push('\n');
    }
    out
}

/// Markdown: the metric table.
pub fn metric_table() -> String {
    let mut out = String::from(
        "| metric | unit | good direction | suits objectives | meaning |\n|---|---|---|---|---|\n",
    );
    for m in metrics::METRICS {
        let direction = match m.direction {
            metrics::Direction::Up => "up (target `>=`)",
            metrics::Direction::Down => "down (target `<=`)",
        };
        let mut unit = m
            .unit
            .describe()
            .trim_start_matches("a ")
            .trim_start_matches("an ")
            .to_string();
        if m.unbounded {
            unit.push_str(", may exceed 100%");
        }
        let _ = writeln!(
            out,
            "| `{}` | {} | {} | {} | {} |",
            m.name,
            unit,
            direction,
            m.kinds.join(", "),
            m.doc
        );
    }
    out
}

/// Replaces the text between `<!-- BEGIN GENERATED name -->` and `<!-- END GENERATED name -->`.
/// Returns `None` when the markers are missing.
pub fn splice(doc: &str, name: &str, generated: &str) -> Option<String> {
    let begin = format!("<!-- BEGIN GENERATED {name} -->\n");
    let end = format!("<!-- END GENERATED {name} -->");
    let start = doc.find(&begin)? + begin.len();
    let stop = start + doc[start..].find(&end)?;
    Some(format!("{}{}{}", &doc[..start], generated, &doc[stop..]))
}
