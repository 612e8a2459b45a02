//! An open document: its text as the editor has it, its line index and its (incremental) parse.

use std::path::PathBuf;

use lsp_types::{TextDocumentContentChangeEvent, Uri};

use super::incremental::{self, Region};
use super::text::LineIndex;
use crate::source::FileId;
use crate::syntax::parser::{parse, Parsed};

/// One document the editor has open.
pub struct Doc {
    /// The URI as the editor sent it (answers use it unchanged).
    pub uri: Uri,
    /// The file's path (parent directory canonicalised, as the project loader does).
    pub path: PathBuf,
    /// The editor's version number.
    pub version: i32,
    /// The current text.
    pub text: String,
    /// Line starts of `text`.
    pub index: LineIndex,
    /// The parse of `parsed_len` bytes of text before `pending` (as file 0).
    parsed: Option<Parsed>,
    parsed_len: usize,
    pending: Option<Region>,
    /// Whether the text changed since the last check.
    pub dirty: bool,
    /// How many re-parses were incremental, and how many were full (for tests and benchmarks).
    pub reparses: (usize, usize),
}

impl Doc {
    /// A document opened with `text`.
    pub fn new(uri: Uri, path: PathBuf, version: i32, text: String) -> Doc {
        let text = strip_bom(text);
        Doc {
            uri,
            path,
            version,
            index: LineIndex::new(&text),
            parsed: None,
            parsed_len: 0,
            pending: None,
            text,
            dirty: true,
            reparses: (0, 0),
        }
    }

    /// Applies the editor's changes, in order.
    pub fn apply(&mut self, version: i32, changes: Vec<TextDocumentContentChangeEvent>) {
        for change in changes {
            match change.range {
                Some(range) => {
                    let s = self.index.offset(&self.text, range.start);
                    let e = self.index.offset(&self.text, range.end).max(s);
                    self.text.replace_range(s..e, &change.text);
                    self.pending = Some(Region::compose(self.pending, s, e, change.text.len()));
                }
                None => {
                    self.text = strip_bom(change.text);
                    self.parsed = None;
                    self.pending = None;
                }
            }
            self.index = LineIndex::new(&self.text);
        }
        self.version = version;
        self.dirty = true;
    }

    /// The parse of the current text (file id 0), re-parsing what changed.
    pub fn parsed(&mut self) -> &Parsed {
        let fresh = match (self.parsed.take(), self.pending.take()) {
            (Some(p), None) => p,
            (Some(old), Some(region)) => {
                let (p, incremental) =
                    incremental::reparse(FileId(0), old, self.parsed_len, &self.text, region);
                if incremental {
                    self.reparses.0 += 1;
                } else {
                    self.reparses.1 += 1;
                }
                p
            }
            (None, _) => {
                self.reparses.1 += 1;
                parse(FileId(0), &self.text)
            }
        };
        self.parsed_len = self.text.len();
        self.parsed.insert(fresh)
    }

    /// The parse if it is up to date (no pending edit).
    pub fn parsed_if_fresh(&self) -> Option<&Parsed> {
        self.parsed.as_ref().filter(|_| self.pending.is_none())
    }
}

/// The source map drops a leading byte-order mark; so does the document, so offsets agree.
/// (An editor never shows it as a character.)
fn strip_bom(text: String) -> String {
    match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_string(),
        None => text,
    }
}
