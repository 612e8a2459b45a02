//! Lexical helpers shared by the parser driver, error recovery and tools that need to see
//! comments (the formatter): skipping blanks, comments and string literals byte by byte.

/// Skips spaces and tabs from `pos`.
pub fn skip_blanks(src: &[u8], mut pos: usize) -> usize {
    while pos < src.len() && (src[pos] == b' ' || src[pos] == b'\t') {
        pos += 1;
    }
    pos
}

/// If a `//` comment starts at `pos`, returns the position of the line end after it.
pub fn skip_comment(src: &[u8], pos: usize) -> Option<usize> {
    if src[pos..].starts_with(b"//") {
        Some(line_end(src, pos))
    } else {
        None
    }
}

/// The position of the `\n` (or `\r\n`) ending the line that holds `pos`, or the end of input.
pub fn line_end(src: &[u8], pos: usize) -> usize {
    let mut end = src[pos..]
        .iter()
        .position(|&b| b == b'\n')
        .map_or(src.len(), |i| pos + i);
    if end > pos && src[end - 1] == b'\r' {
        end -= 1;
    }
    end
}

/// If a string or text block starts at `pos`, returns the position just after it; an
/// unterminated string ends at its line end, an unterminated text block at the end of input.
pub fn skip_string(src: &[u8], pos: usize) -> Option<usize> {
    if src[pos..].starts_with(b"\"\"\"") {
        let rest = &src[pos + 3..];
        return Some(
            rest.windows(3)
                .position(|w| w == b"\"\"\"")
                .map_or(src.len(), |i| pos + 3 + i + 3),
        );
    }
    if src[pos] != b'"' {
        return None;
    }
    let mut i = pos + 1;
    while i < src.len() {
        match src[i] {
            b'\\' if i + 1 < src.len() && src[i + 1] != b'\n' => i += 2,
            b'"' => return Some(i + 1),
            b'\n' => return Some(i),
            _ => i += 1,
        }
    }
    Some(src.len())
}

/// Every `//` comment of a file as byte ranges, in order (strings and text blocks skipped).
pub fn comments(src: &str) -> Vec<std::ops::Range<usize>> {
    let b = src.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if let Some(end) = skip_string(b, i) {
            i = end.max(i + 1);
        } else if let Some(end) = skip_comment(b, i) {
            out.push(i..end);
            i = end;
        } else {
            i += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_skip_strings() {
        let src = "a \"// not\" // yes\n\"\"\"\n// no\n\"\"\" // last";
        let found: Vec<&str> = comments(src).into_iter().map(|r| &src[r]).collect();
        assert_eq!(found, ["// yes", "// last"]);
    }
}
