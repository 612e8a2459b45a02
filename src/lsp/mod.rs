//! `smm lsp`: a language server over stdio (JSON-RPC with `Content-Length` framing).
//!
//! Built on rust-analyzer's `lsp-server` (a synchronous connection with reader and writer
//! threads; no async runtime) and `lsp-types`. Features, each in its module:
//!
//! - diagnostics of the checker on open and after changes, debounced ([`server`], [`convert`]);
//! - hover ([`hover`]), completion ([`completion`], [`context`]), definition, references,
//!   rename and the outline ([`navigation`]), quick fixes and formatting ([`actions`]).
//!
//! The state and handlers live in [`server::Server`], free of the transport, so that tests and
//! benchmarks call them in-process. Documents are re-parsed incrementally ([`incremental`]) and
//! imported files are read from disk only when they change ([`workspace`]).

// `lsp_types::Uri` caches parsed parts in cells, which clippy takes for a mutable key; its
// `Hash` and `Eq` read the text only, so it is a sound key.
#![allow(clippy::mutable_key_type)]

pub mod actions;
pub mod analysis;
pub mod completion;
pub mod context;
pub mod convert;
pub mod document;
pub mod hover;
pub mod incremental;
pub mod navigation;
pub mod server;
pub mod text;
pub mod workspace;

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::time::Duration;

use lsp_server::{Connection, ErrorCode, Message, Notification, Request, Response};
use lsp_types::notification::{
    DidChangeTextDocument, DidChangeWatchedFiles, DidCloseTextDocument, DidOpenTextDocument,
    DidSaveTextDocument, Notification as _, PublishDiagnostics,
};
use lsp_types::request::{
    CodeActionRequest, Completion, DocumentSymbolRequest, Formatting, GotoDefinition, HoverRequest,
    PrepareRenameRequest, References, Rename, Request as _,
};
use lsp_types::{
    CodeActionKind, CodeActionOptions, CodeActionProviderCapability, CompletionOptions,
    HoverProviderCapability, InitializeParams, OneOf, RenameOptions, SaveOptions,
    ServerCapabilities, ServerInfo, TextDocumentSyncCapability, TextDocumentSyncKind,
    TextDocumentSyncOptions, TextDocumentSyncSaveOptions, WorkDoneProgressOptions,
};

pub use server::Server;

/// How long the text must stay unchanged before it is checked again (milliseconds; the
/// `debounceMs` initialization option changes it).
pub const DEBOUNCE_MS: u64 = 120;

/// What the server can do.
pub fn capabilities() -> ServerCapabilities {
    ServerCapabilities {
        text_document_sync: Some(TextDocumentSyncCapability::Options(
            TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::INCREMENTAL),
                will_save: None,
                will_save_wait_until: None,
                save: Some(TextDocumentSyncSaveOptions::SaveOptions(SaveOptions {
                    include_text: Some(false),
                })),
            },
        )),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        completion_provider: Some(CompletionOptions {
            trigger_characters: Some(vec![" ".into(), "[".into(), ",".into()]),
            ..CompletionOptions::default()
        }),
        definition_provider: Some(OneOf::Left(true)),
        references_provider: Some(OneOf::Left(true)),
        document_symbol_provider: Some(OneOf::Left(true)),
        document_formatting_provider: Some(OneOf::Left(true)),
        rename_provider: Some(OneOf::Right(RenameOptions {
            prepare_provider: Some(true),
            work_done_progress_options: WorkDoneProgressOptions::default(),
        })),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![CodeActionKind::QUICKFIX]),
            ..CodeActionOptions::default()
        })),
        ..ServerCapabilities::default()
    }
}

/// Runs the server on stdin/stdout until the client says `exit`. An error is a broken
/// connection or an `exit` without `shutdown` first.
pub fn run() -> Result<(), String> {
    let (connection, io_threads) = Connection::stdio();
    let result = serve(&connection);
    drop(connection);
    io_threads.join().map_err(|e| format!("lsp i/o: {e}"))?;
    result
}

/// Runs the server on a connection (stdio, or in memory for tests).
pub fn serve(connection: &Connection) -> Result<(), String> {
    let (id, params) = connection.initialize_start().map_err(|e| e.to_string())?;
    let init: InitializeParams = serde_json::from_value(params).unwrap_or_default();
    let result = serde_json::json!({
        "capabilities": capabilities(),
        "serverInfo": ServerInfo { name: "smm".into(), version: Some(env!("CARGO_PKG_VERSION").into()) },
    });
    connection
        .initialize_finish(id, result)
        .map_err(|e| e.to_string())?;

    let options = init.initialization_options.as_ref();
    let debounce = options
        .and_then(|o| o.get("debounceMs"))
        .and_then(|v| v.as_u64())
        .unwrap_or(DEBOUNCE_MS);
    let mut server = Server::new(crate::project::Options {
        allow_outside_imports: options
            .and_then(|o| o.get("allowOutsideImports"))
            .and_then(|v| v.as_bool())
            .unwrap_or(false),
    });
    #[allow(deprecated)] // `root_uri` is what most clients still send
    let root = init
        .workspace_folders
        .as_ref()
        .and_then(|f| f.first())
        .map(|f| f.uri.clone())
        .or(init.root_uri.clone());
    server.root = root
        .as_ref()
        .and_then(text::uri_to_path)
        .map(|p| workspace::normalize(&p));
    main_loop(connection, &mut server, Duration::from_millis(debounce))
}

fn main_loop(
    connection: &Connection,
    server: &mut Server,
    debounce: Duration,
) -> Result<(), String> {
    loop {
        // While a document is waiting to be checked, wait at most `debounce` for the next message:
        // a burst of keystrokes is one check, after the last one.
        let msg = if server.has_dirty() {
            match connection.receiver.recv_timeout(debounce) {
                Ok(m) => Some(m),
                Err(e) if e.is_timeout() => None,
                Err(_) => return Err("the client closed the connection".into()),
            }
        } else {
            Some(
                connection
                    .receiver
                    .recv()
                    .map_err(|_| "the client closed the connection".to_string())?,
            )
        };
        match msg {
            None => guarded(|| server.flush()),
            Some(Message::Request(req)) => {
                if connection
                    .handle_shutdown(&req)
                    .map_err(|e| e.to_string())?
                {
                    return Ok(());
                }
                let response =
                    match catch_unwind(AssertUnwindSafe(|| dispatch(server, req.clone()))) {
                        Ok(r) => r,
                        Err(_) => Response::new_err(
                            req.id,
                            ErrorCode::InternalError as i32,
                            format!("smm lsp: {} failed", req.method),
                        ),
                    };
                send(connection, Message::Response(response));
            }
            Some(Message::Notification(n)) => {
                if n.method == "exit" {
                    return Err("exit without shutdown".into());
                }
                let open = n.method == DidOpenTextDocument::METHOD;
                guarded(|| notify(server, n));
                if open {
                    guarded(|| server.flush());
                }
            }
            Some(Message::Response(_)) => {}
        }
        for params in server.take_published() {
            send(
                connection,
                Message::Notification(Notification::new(PublishDiagnostics::METHOD.into(), params)),
            );
        }
    }
}

/// Runs `f`; a panic (a bug) is reported on stderr and the server goes on.
fn guarded(f: impl FnOnce()) {
    let _ = catch_unwind(AssertUnwindSafe(f));
}

fn send(connection: &Connection, msg: Message) {
    let _ = connection.sender.send(msg);
}

fn notify(server: &mut Server, n: Notification) {
    fn params<P: serde::de::DeserializeOwned>(n: Notification) -> Option<P> {
        serde_json::from_value(n.params).ok()
    }
    match n.method.as_str() {
        DidOpenTextDocument::METHOD => {
            if let Some(p) = params(n) {
                server.open(p);
            }
        }
        DidChangeTextDocument::METHOD => {
            if let Some(p) = params(n) {
                server.change(p);
            }
        }
        DidCloseTextDocument::METHOD => {
            if let Some(p) = params(n) {
                server.close(p);
            }
        }
        DidSaveTextDocument::METHOD | DidChangeWatchedFiles::METHOD => server.disk_changed(),
        _ => {}
    }
}

fn dispatch(server: &mut Server, req: Request) -> Response {
    fn ok<R: serde::Serialize>(id: lsp_server::RequestId, r: R) -> Response {
        Response::new_ok(id, r)
    }
    let id = req.id.clone();
    let bad = |e: serde_json::Error| {
        Response::new_err(
            req.id.clone(),
            ErrorCode::InvalidParams as i32,
            e.to_string(),
        )
    };
    macro_rules! handle {
        ($method:ident) => {
            match serde_json::from_value(req.params.clone()) {
                Ok(p) => ok(id, server.$method(p)),
                Err(e) => bad(e),
            }
        };
    }
    match req.method.as_str() {
        HoverRequest::METHOD => handle!(hover),
        Completion::METHOD => handle!(completion),
        GotoDefinition::METHOD => handle!(definition),
        References::METHOD => handle!(references),
        PrepareRenameRequest::METHOD => handle!(prepare_rename),
        DocumentSymbolRequest::METHOD => handle!(document_symbols),
        Formatting::METHOD => handle!(formatting),
        CodeActionRequest::METHOD => handle!(code_actions),
        Rename::METHOD => match serde_json::from_value(req.params.clone()) {
            Ok(p) => match server.rename(p) {
                Ok(edit) => ok(id, edit),
                Err(message) => Response::new_err(id, ErrorCode::RequestFailed as i32, message),
            },
            Err(e) => bad(e),
        },
        _ => Response::new_err(
            id,
            ErrorCode::MethodNotFound as i32,
            format!("unknown request {}", req.method),
        ),
    }
}
