//! The server's state and its handlers, free of any transport: the stdio loop in
//! [`super::run`] and the benchmarks call the same methods.
//!
//! Notifications (`open`, `change`, `close`) only record text; [`Server::flush`] checks what
//! changed and queues `publishDiagnostics` (taken with [`Server::take_published`]). Requests that
//! need the checked project check first if their document changed; completion and the outline
//! read the document's own (incremental) parse and never wait for a check.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use lsp_types::{
    CodeActionParams, CodeActionResponse, CompletionParams, CompletionResponse,
    DidChangeTextDocumentParams, DidCloseTextDocumentParams, DidOpenTextDocumentParams,
    DocumentFormattingParams, DocumentSymbolParams, DocumentSymbolResponse, GotoDefinitionParams,
    GotoDefinitionResponse, Hover, HoverParams, Location, PrepareRenameResponse,
    PublishDiagnosticsParams, ReferenceParams, RenameParams, TextDocumentPositionParams, TextEdit,
    Uri, WorkspaceEdit,
};

use super::analysis::Analysis;
use super::document::Doc;
use super::text::{path_to_uri, uri_to_path};
use super::workspace::{normalize, Workspace};
use super::{actions, completion, convert, hover, navigation};
use crate::project::Options;
use crate::source::FileId;

/// The language server's state.
#[derive(Default)]
pub struct Server {
    /// Documents and disk caches.
    pub ws: Workspace,
    /// Checked projects, by entry file (and shared files checked alone, by their own path).
    analyses: HashMap<PathBuf, Analysis>,
    /// Documents without a campaign → the entry file that imports them.
    entry_of: HashMap<PathBuf, PathBuf>,
    /// Documents whose importer was looked for on disk already.
    scanned: HashSet<PathBuf>,
    /// URIs with diagnostics published (so that clean files are cleared once).
    published: HashSet<Uri>,
    /// For each checked project (by entry), the URIs it published diagnostics for: a file that
    /// leaves the project (its import removed) has them cleared.
    published_by: HashMap<PathBuf, HashSet<Uri>>,
    outbox: Vec<PublishDiagnosticsParams>,
    by_uri: HashMap<Uri, PathBuf>,
    /// The workspace folder, which the search for an importer does not leave.
    pub root: Option<PathBuf>,
}

impl Server {
    /// A server with no document open.
    pub fn new(options: Options) -> Server {
        let mut s = Server::default();
        s.ws.options = options;
        s
    }

    // ------------------------------------------------------------------ notifications

    /// `textDocument/didOpen`.
    pub fn open(&mut self, p: DidOpenTextDocumentParams) {
        let path = doc_path(&p.text_document.uri);
        self.by_uri
            .insert(p.text_document.uri.clone(), path.clone());
        let doc = Doc::new(
            p.text_document.uri,
            path.clone(),
            p.text_document.version,
            p.text_document.text,
        );
        self.ws.docs.insert(path.clone(), doc);
        self.scanned.remove(&path);
    }

    /// `textDocument/didChange`.
    pub fn change(&mut self, p: DidChangeTextDocumentParams) {
        let Some(path) = self.by_uri.get(&p.text_document.uri) else {
            return;
        };
        if let Some(doc) = self.ws.docs.get_mut(path) {
            doc.apply(p.text_document.version, p.content_changes);
        }
    }

    /// `textDocument/didClose`: the document's diagnostics are cleared; projects that used its
    /// text are checked again with the disk's.
    pub fn close(&mut self, p: DidCloseTextDocumentParams) {
        let uri = p.text_document.uri;
        let Some(path) = self.by_uri.remove(&uri) else {
            return;
        };
        self.ws.docs.remove(&path);
        self.analyses.remove(&path);
        self.published_by.remove(&path);
        self.entry_of.remove(&path);
        if self.published.remove(&uri) {
            self.outbox.push(PublishDiagnosticsParams {
                uri,
                diagnostics: Vec::new(),
                version: None,
            });
        }
        let users: Vec<PathBuf> = self
            .analyses
            .iter()
            .filter(|(_, a)| a.file_of(&path).is_some())
            .map(|(e, _)| e.clone())
            .collect();
        for entry in users {
            if self.ws.docs.contains_key(&entry) || self.entry_of.values().any(|e| *e == entry) {
                self.analyze(&entry);
            } else {
                self.analyses.remove(&entry);
            }
        }
    }

    /// `textDocument/didSave` and `workspace/didChangeWatchedFiles`: files on disk may have
    /// changed; every open project is checked again (imports are re-read only if changed).
    pub fn disk_changed(&mut self) {
        self.ws.forget_disk();
        self.scanned.clear();
        for doc in self.ws.docs.values_mut() {
            doc.dirty = true;
        }
    }

    /// Whether a document changed since it was last checked.
    pub fn has_dirty(&self) -> bool {
        self.ws.docs.values().any(|d| d.dirty)
    }

    /// Checks every project with a changed document and queues its diagnostics.
    pub fn flush(&mut self) {
        let dirty: Vec<PathBuf> = self
            .ws
            .docs
            .values()
            .filter(|d| d.dirty)
            .map(|d| d.path.clone())
            .collect();
        let mut done: Vec<PathBuf> = Vec::new();
        for path in dirty {
            if !self.ws.docs.get(&path).is_some_and(|d| d.dirty) {
                continue; // checked with an earlier one
            }
            let entry = self.entry_for(&path);
            if !done.contains(&entry) {
                self.analyze(&entry);
                done.push(entry);
            }
            if self.ws.docs.get(&path).is_some_and(|d| d.dirty) {
                // Its entry could not be read (deleted since): check it on its own.
                self.analyze_alone(&path);
            }
        }
    }

    /// The diagnostics to publish since the last call.
    pub fn take_published(&mut self) -> Vec<PublishDiagnosticsParams> {
        std::mem::take(&mut self.outbox)
    }

    // ------------------------------------------------------------------ projects

    /// The entry file whose project a document belongs to: itself when it declares the campaign
    /// (or nothing imports it), else a file that imports it.
    fn entry_for(&mut self, path: &Path) -> PathBuf {
        let has_campaign = match self.ws.docs.get_mut(path) {
            Some(doc) => doc
                .parsed()
                .file
                .statements
                .iter()
                .any(|s| s.keyword.name == "campaign"),
            None => true,
        };
        if has_campaign {
            self.entry_of.remove(path);
            return path.to_path_buf();
        }
        if let Some(e) = self.entry_of.get(path) {
            let still = self
                .analyses
                .get(e)
                .is_none_or(|a| a.file_of(path).is_some());
            if still && (self.ws.docs.contains_key(e) || e.exists()) {
                return e.clone();
            }
            self.entry_of.remove(path);
        }
        let known = self
            .analyses
            .iter()
            .find(|(e, a)| {
                e.as_path() != path && !a.partial && a.file_of(path).is_some_and(|id| id.0 > 0)
            })
            .map(|(e, _)| e.clone());
        let found = known.or_else(|| {
            if self.scanned.insert(path.to_path_buf()) {
                find_importer(path, self.root.as_deref(), self.ws.options)
            } else {
                None
            }
        });
        match found {
            Some(e) => {
                self.entry_of.insert(path.to_path_buf(), e.clone());
                e
            }
            None => path.to_path_buf(),
        }
    }

    /// Assembles and checks the project of `entry` (`alone`: a shared document by itself).
    fn analysis_of(&mut self, entry: &Path, alone: bool) -> Option<Analysis> {
        let asm = self.ws.assemble(entry)?;
        let uris = asm
            .project
            .sources
            .files()
            .map(|(_, f)| self.uri_of(&f.path))
            .collect();
        Some(Analysis::new(
            asm.project,
            asm.versions,
            uris,
            &self.ws.levels,
            alone,
        ))
    }

    /// Checks the project of `entry` and queues its diagnostics. A document of the project
    /// whose text could not be used (its imports differ from the disk's) is checked alone.
    fn analyze(&mut self, entry: &Path) {
        let Some(a) = self.analysis_of(entry, false) else {
            return;
        };
        let mut alone = Vec::new();
        for (id, f) in a.project.sources.files() {
            if let Some(doc) = self.ws.docs.get_mut(&f.path) {
                if a.versions[id.0 as usize] == Some(doc.version) {
                    doc.dirty = false;
                } else {
                    alone.push(f.path.clone());
                }
            }
        }
        self.publish(entry, &a, &alone);
        self.analyses.insert(entry.to_path_buf(), a);
        for path in alone {
            self.analyze_alone(&path);
        }
    }

    /// Checks a shared document on its own.
    fn analyze_alone(&mut self, path: &Path) {
        let Some(a) = self.analysis_of(path, true) else {
            return;
        };
        if let Some(doc) = self.ws.docs.get_mut(path) {
            doc.dirty = false;
        }
        let others: Vec<PathBuf> = a
            .project
            .sources
            .files()
            .skip(1)
            .map(|(_, f)| f.path.clone())
            .collect();
        self.publish(path, &a, &others);
        self.analyses.insert(path.to_path_buf(), a);
    }

    /// Queues the diagnostics of every file of `a` (checked as the project of `key`) except
    /// `skip`, and clears those of files that were in the project and are no more.
    fn publish(&mut self, key: &Path, a: &Analysis, skip: &[PathBuf]) {
        let mut by_file: Vec<Vec<lsp_types::Diagnostic>> = vec![Vec::new(); a.project.files.len()];
        for d in &a.diagnostics {
            by_file[d.primary.span.file.0 as usize].push(convert::diagnostic(a, d));
        }
        let mut now = HashSet::new();
        for ((id, f), diagnostics) in a.project.sources.files().zip(by_file) {
            if skip.contains(&f.path) {
                continue;
            }
            let uri = a.uris[id.0 as usize].clone();
            if diagnostics.is_empty() && !self.published.remove(&uri) {
                continue;
            }
            if !diagnostics.is_empty() {
                self.published.insert(uri.clone());
                now.insert(uri.clone());
            }
            self.outbox.push(PublishDiagnosticsParams {
                uri,
                diagnostics,
                version: a.versions[id.0 as usize],
            });
        }
        let before = self
            .published_by
            .insert(key.to_path_buf(), now)
            .unwrap_or_default();
        for uri in before {
            let still =
                a.uris.contains(&uri) || self.published_by.values().any(|s| s.contains(&uri));
            if !still && self.published.remove(&uri) {
                self.outbox.push(PublishDiagnosticsParams {
                    uri,
                    diagnostics: Vec::new(),
                    version: None,
                });
            }
        }
    }

    fn uri_of(&self, path: &Path) -> Uri {
        match self.ws.docs.get(path) {
            Some(doc) => doc.uri.clone(),
            None => path_to_uri(path),
        }
    }

    /// The checked project of an open document, up to date, and the document's id in it.
    pub fn analysis(&mut self, uri: &Uri) -> Option<(&Analysis, FileId)> {
        let path = self.by_uri.get(uri)?.clone();
        if self.ws.docs.get(&path)?.dirty {
            let entry = self.entry_for(&path);
            self.analyze(&entry);
            if self.ws.docs.get(&path)?.dirty {
                self.analyze_alone(&path);
            }
        }
        let version = self.ws.docs.get(&path)?.version;
        let entry = self.entry_for(&path);
        let usable = |a: &Analysis| {
            let id = a.file_of(&path)?;
            (a.versions[id.0 as usize] == Some(version)).then_some(id)
        };
        if let Some(id) = self.analyses.get(&entry).and_then(usable) {
            return Some((&self.analyses[&entry], id));
        }
        if self.analyses.get(&path).and_then(usable).is_none() {
            self.analyze_alone(&path);
        }
        let a = self.analyses.get(&path)?;
        usable(a).map(|id| (a, id))
    }

    /// The byte offset of a position in an open document.
    fn offset(&self, p: &TextDocumentPositionParams) -> Option<usize> {
        let doc = self.ws.docs.get(self.by_uri.get(&p.text_document.uri)?)?;
        Some(doc.index.offset(&doc.text, p.position))
    }

    // ------------------------------------------------------------------ requests

    /// `textDocument/hover`.
    pub fn hover(&mut self, p: HoverParams) -> Option<Hover> {
        let offset = self.offset(&p.text_document_position_params)?;
        let (a, file) = self.analysis(&p.text_document_position_params.text_document.uri)?;
        hover::hover(a, file, offset)
    }

    /// `textDocument/completion`: from the document's current parse, without waiting for a
    /// check; names declared in other files come from the last check of the project.
    pub fn completion(&mut self, p: CompletionParams) -> Option<CompletionResponse> {
        let uri = &p.text_document_position.text_document.uri;
        let path = self.by_uri.get(uri)?.clone();
        let entry = self.entry_for(&path);
        let doc = self.ws.docs.get_mut(&path)?;
        let offset = doc
            .index
            .offset(&doc.text, p.text_document_position.position);
        doc.parsed();
        let doc = self.ws.docs.get(&path)?;
        let parsed = doc.parsed_if_fresh()?;
        let last = self
            .analyses
            .get(&entry)
            .or_else(|| self.analyses.get(&path));
        let others: Vec<&crate::ast::File> = last
            .map(|a| {
                a.project
                    .sources
                    .files()
                    .filter(|(_, f)| f.path != path)
                    .map(|(id, _)| a.ast(id))
                    .collect()
            })
            .unwrap_or_default();
        let items = completion::complete(&doc.text, &doc.index, &parsed.file, offset, &others);
        Some(CompletionResponse::Array(items))
    }

    /// `textDocument/definition`.
    pub fn definition(&mut self, p: GotoDefinitionParams) -> Option<GotoDefinitionResponse> {
        let offset = self.offset(&p.text_document_position_params)?;
        let (a, file) = self.analysis(&p.text_document_position_params.text_document.uri)?;
        let locations = navigation::definition(a, file, offset);
        (!locations.is_empty()).then_some(GotoDefinitionResponse::Array(locations))
    }

    /// `textDocument/references`.
    pub fn references(&mut self, p: ReferenceParams) -> Option<Vec<Location>> {
        let offset = self.offset(&p.text_document_position)?;
        let (a, file) = self.analysis(&p.text_document_position.text_document.uri)?;
        Some(navigation::references(
            a,
            file,
            offset,
            p.context.include_declaration,
        ))
    }

    /// `textDocument/prepareRename`.
    pub fn prepare_rename(
        &mut self,
        p: TextDocumentPositionParams,
    ) -> Option<PrepareRenameResponse> {
        let offset = self.offset(&p)?;
        let (a, file) = self.analysis(&p.text_document.uri)?;
        navigation::prepare_rename(a, file, offset)
    }

    /// `textDocument/rename`; the error explains why a rename is refused.
    pub fn rename(&mut self, p: RenameParams) -> Result<Option<WorkspaceEdit>, String> {
        let Some(offset) = self.offset(&p.text_document_position) else {
            return Ok(None);
        };
        let Some((a, file)) = self.analysis(&p.text_document_position.text_document.uri) else {
            return Ok(None);
        };
        navigation::rename(a, file, offset, &p.new_name).map(Some)
    }

    /// `textDocument/documentSymbol`: the outline, from the current parse.
    pub fn document_symbols(&mut self, p: DocumentSymbolParams) -> Option<DocumentSymbolResponse> {
        let path = self.by_uri.get(&p.text_document.uri)?.clone();
        let doc = self.ws.docs.get_mut(&path)?;
        doc.parsed();
        let doc = self.ws.docs.get(&path)?;
        let parsed = doc.parsed_if_fresh()?;
        Some(DocumentSymbolResponse::Nested(navigation::symbols(
            &doc.text,
            &doc.index,
            &parsed.file,
        )))
    }

    /// `textDocument/formatting`, through `smm fmt`'s function. No edit when the file has
    /// syntax errors (the formatter refuses them).
    pub fn formatting(&mut self, p: DocumentFormattingParams) -> Option<Vec<TextEdit>> {
        let doc = self.ws.docs.get(self.by_uri.get(&p.text_document.uri)?)?;
        Some(actions::formatting(&doc.text, &doc.index))
    }

    /// `textDocument/codeAction`: a quick fix for every "did you mean".
    pub fn code_actions(&mut self, p: CodeActionParams) -> Option<CodeActionResponse> {
        let uri = p.text_document.uri.clone();
        let (a, file) = self.analysis(&uri)?;
        Some(actions::quick_fixes(
            a,
            file,
            &uri,
            p.range,
            &p.context.diagnostics,
        ))
    }
}

/// The path a document is known by: its file path (directory canonicalised), or for an unsaved
/// buffer a made-up path in the temporary directory.
fn doc_path(uri: &Uri) -> PathBuf {
    match uri_to_path(uri) {
        Some(p) => normalize(&p),
        None => {
            let name: String = uri
                .as_str()
                .chars()
                .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
                .collect();
            std::env::temp_dir().join(format!("{name}.smm"))
        }
    }
}

/// Looks for a file that imports `path`: `.smm` files with a campaign in its directory and up to
/// two levels above (not above the workspace folder), nearest first.
fn find_importer(path: &Path, root: Option<&Path>, options: Options) -> Option<PathBuf> {
    let mut dir = path.parent()?.to_path_buf();
    for _ in 0..3 {
        let mut candidates: Vec<PathBuf> = std::fs::read_dir(&dir)
            .ok()?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "smm") && p.as_path() != path)
            .take(200)
            .collect();
        candidates.sort();
        for c in candidates {
            let Ok(text) = std::fs::read_to_string(&c) else {
                continue;
            };
            if text.len() > 8 << 20 || !text.contains("campaign") || !text.contains("import") {
                continue;
            }
            let c = normalize(&c);
            let project = crate::project::load_text(&c, &text, options);
            if project.sources.find(path).is_some_and(|id| id.0 > 0) {
                return Some(c);
            }
        }
        if root.is_some_and(|r| dir == r) {
            break;
        }
        dir = dir.parent()?.to_path_buf();
    }
    None
}
