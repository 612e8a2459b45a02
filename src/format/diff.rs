//! Unified diffs of a file before and after formatting (`smm fmt --diff`).

/// A unified diff (`--- name` / `+++ name`, hunks with three lines of context) from `old` to
/// `new`; empty when they are equal.
pub fn unified_diff(old: &str, new: &str, name: &str) -> String {
    if old == new {
        return String::new();
    }
    let diff = similar::TextDiff::from_lines(old, new);
    let mut out = diff
        .unified_diff()
        .context_radius(3)
        .header(name, name)
        .to_string();
    if !out.ends_with('\n') {
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diff_has_headers_and_hunks() {
        let d = unified_diff("a\nb  \nc\n", "a\nb\nc\n", "x.smm");
        assert_eq!(
            d,
            "--- x.smm\n+++ x.smm\n@@ -1,3 +1,3 @@\n a\n-b  \n+b\n c\n"
        );
        assert_eq!(unified_diff("a\n", "a\n", "x"), "");
    }
}
