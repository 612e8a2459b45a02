//! Positions and addresses: byte offsets ↔ LSP positions (UTF-16 code units), file paths ↔ URIs.
//!
//! The compiler speaks in byte spans; LSP speaks in lines and UTF-16 columns. A [`LineIndex`]
//! keeps the byte offset of every line start of one text, so both conversions cost a binary
//! search plus a walk over one line.

use std::path::{Path, PathBuf};
use std::str::FromStr;

use lsp_types::{Position, Range, Uri};

/// Line starts of one text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LineIndex {
    starts: Vec<u32>,
}

impl LineIndex {
    /// The index of `text` (lines end at `\n`; a `\r` before it belongs to no column).
    pub fn new(text: &str) -> LineIndex {
        let mut starts = Vec::with_capacity(text.len() / 32 + 1);
        starts.push(0);
        starts.extend(
            text.bytes()
                .enumerate()
                .filter(|&(_, b)| b == b'\n')
                .map(|(i, _)| i as u32 + 1),
        );
        LineIndex { starts }
    }

    /// Number of lines.
    pub fn lines(&self) -> usize {
        self.starts.len()
    }

    /// Byte offset where line `line` (0-based) starts; the text's end past the last line.
    pub fn line_start(&self, line: usize, text: &str) -> usize {
        self.starts.get(line).map_or(text.len(), |&s| s as usize)
    }

    /// The LSP position of a byte offset (clamped to the text, rounded down to a character).
    pub fn position(&self, text: &str, offset: usize) -> Position {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&s| s as usize <= offset) - 1;
        let start = self.starts[line] as usize;
        let character: usize = text[start..offset].chars().map(char::len_utf16).sum();
        Position {
            line: line as u32,
            character: character as u32,
        }
    }

    /// The byte offset of an LSP position. A column past the line's end means the end of the line
    /// (before its `\r\n`); a line past the last means the end of the text.
    pub fn offset(&self, text: &str, pos: Position) -> usize {
        let line = pos.line as usize;
        if line >= self.starts.len() {
            return text.len();
        }
        let start = self.starts[line] as usize;
        let end = self
            .starts
            .get(line + 1)
            .map_or(text.len(), |&s| s as usize - 1);
        let line_text = text[start..end]
            .strip_suffix('\r')
            .unwrap_or(&text[start..end]);
        let mut units = 0usize;
        for (i, c) in line_text.char_indices() {
            if units >= pos.character as usize {
                return start + i;
            }
            units += c.len_utf16();
            if units > pos.character as usize {
                // Inside a surrogate pair: the character's start.
                return start + i;
            }
        }
        start + line_text.len()
    }

    /// The LSP range of a byte range.
    pub fn range(&self, text: &str, start: usize, end: usize) -> Range {
        Range {
            start: self.position(text, start),
            end: self.position(text, end.max(start)),
        }
    }
}

/// The file path of a `file:` URI (percent-decoded); `None` for other schemes.
pub fn uri_to_path(uri: &Uri) -> Option<PathBuf> {
    let s = uri.as_str();
    let rest = s
        .strip_prefix("file://")
        .or_else(|| s.strip_prefix("file:"))?;
    // `file://host/path`: keep the path (a UNC host is rare enough to ignore).
    let path = match rest.find('/') {
        Some(0) => rest,
        Some(i) => &rest[i..],
        None => return None,
    };
    let path = path.split(['?', '#']).next().unwrap_or(path);
    let decoded = percent_decode(path)?;
    Some(native(&decoded))
}

#[cfg(windows)]
fn native(decoded: &str) -> PathBuf {
    // `/C:/Users/x` → `C:\Users\x`.
    let trimmed = match decoded.as_bytes() {
        [b'/', d, b':', ..] if d.is_ascii_alphabetic() => &decoded[1..],
        _ => decoded,
    };
    PathBuf::from(trimmed.replace('/', "\\"))
}

#[cfg(not(windows))]
fn native(decoded: &str) -> PathBuf {
    PathBuf::from(decoded)
}

fn percent_decode(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            let hex = std::str::from_utf8(&b[i + 1..i + 3]).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The `file:` URI of a path (absolute paths; relative ones are made absolute first).
pub fn path_to_uri(path: &Path) -> Uri {
    let absolute = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    let text = absolute.to_string_lossy().replace('\\', "/");
    let mut out = String::from("file://");
    if !text.starts_with('/') {
        out.push('/'); // `C:/x` → `file:///C:/x`
    }
    for &b in text.as_bytes() {
        let keep =
            b.is_ascii_alphanumeric() || matches!(b, b'/' | b'-' | b'_' | b'.' | b'~' | b':');
        if keep {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    Uri::from_str(&out).unwrap_or_else(|_| Uri::from_str("file:///").expect("a valid URI"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_utf16_units() {
        let text = "ab\né😀x\r\nlast";
        let idx = LineIndex::new(text);
        assert_eq!(idx.position(text, 0), Position::new(0, 0));
        assert_eq!(idx.position(text, 3), Position::new(1, 0));
        // é is 2 bytes, 1 unit; 😀 is 4 bytes, 2 units.
        assert_eq!(idx.position(text, 5), Position::new(1, 1));
        assert_eq!(idx.position(text, 9), Position::new(1, 3));
        assert_eq!(idx.offset(text, Position::new(1, 3)), 9);
        assert_eq!(idx.offset(text, Position::new(1, 2)), 5); // inside the pair: its start
        assert_eq!(idx.offset(text, Position::new(1, 99)), 10); // before \r\n
        assert_eq!(idx.offset(text, Position::new(2, 2)), text.len() - 2);
        assert_eq!(idx.offset(text, Position::new(9, 0)), text.len());
    }

    #[test]
    fn file_uris_round_trip() {
        let p = if cfg!(windows) {
            PathBuf::from(r"C:\a b\é.smm")
        } else {
            PathBuf::from("/tmp/a b/é#1.smm")
        };
        let uri = path_to_uri(&p);
        assert!(uri.as_str().starts_with("file:///"), "{}", uri.as_str());
        assert_eq!(uri_to_path(&uri), Some(p));
        let vscode: Uri = "file:///tmp/x%20y/plan.smm".parse().unwrap();
        if !cfg!(windows) {
            assert_eq!(
                uri_to_path(&vscode),
                Some(PathBuf::from("/tmp/x y/plan.smm"))
            );
        }
    }
}
