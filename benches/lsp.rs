//! The language server's latency on a large plan, in-process (the handlers `smm lsp` calls,
//! without the stdio transport).
//!
//! ```text
//! cargo bench --bench lsp
//! ```
//!
//! The input is a generated plan of about 10 000 lines (`benches/support/generator.rs`), open as
//! a document. Benchmarks:
//!
//! - `diagnostics_after_edit`: one character typed into (or deleted from) a message in the middle
//!   of the file, then the check and the `publishDiagnostics` payload, as after the debounce;
//! - `hover_reference`, `hover_key`, `hover_text`: hover on an audience name in a message, on a
//!   key, and on a message's text (its length per platform), on a checked document;
//! - `hover_after_edit`: a character typed, then hover on a name: the check runs first (the
//!   request cannot wait for the debounce), then the model behind hover is built;
//! - `completion_after_edit`: a character typed, then completion of audience names right after
//!   it (completion reads the incremental parse and does not wait for the check).
//!
//! Before the timings (under `cargo bench` only), one run of each stage of a check is printed,
//! to show where the time of `diagnostics_after_edit` goes.

#[path = "support/generator.rs"]
mod generator;

use std::path::PathBuf;
use std::str::FromStr;
use std::time::Instant;

use divan::Bencher;
use lsp_types::{
    CompletionParams, DidChangeTextDocumentParams, DidOpenTextDocumentParams, HoverParams,
    PartialResultParams, Position, Range, TextDocumentContentChangeEvent, TextDocumentIdentifier,
    TextDocumentItem, TextDocumentPositionParams, Uri, VersionedTextDocumentIdentifier,
    WorkDoneProgressParams,
};
use smm::lsp::text::LineIndex;
use smm::lsp::Server;

const SEED: u64 = 2027;
/// Bytes of `.smm` for about 10 000 lines.
const SIZE: usize = 375_000;

fn main() {
    if std::env::args().any(|a| a == "--bench") {
        stages();
    }
    divan::main();
}

/// The generated plan, written to a temporary directory (the server resolves imports from
/// there; the plan has none).
struct Input {
    text: String,
    path: PathBuf,
    uri: Uri,
}

fn input() -> &'static Input {
    static INPUT: std::sync::OnceLock<Input> = std::sync::OnceLock::new();
    INPUT.get_or_init(|| {
        let text = generator::campaign(SIZE, SEED).smm;
        let dir = std::env::temp_dir().join(format!("smm-bench-lsp-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temporary directory");
        let path = dir.join("plan.smm");
        std::fs::write(&path, &text).expect("write the plan");
        let uri = Uri::from_str(&format!("file://{}", path.display())).expect("a URI");
        Input { text, path, uri }
    })
}

/// A server with the plan open and checked.
fn server() -> Server {
    let i = input();
    let mut s = Server::new(Default::default());
    s.open(DidOpenTextDocumentParams {
        text_document: TextDocumentItem {
            uri: i.uri.clone(),
            language_id: "smm".into(),
            version: 1,
            text: i.text.clone(),
        },
    });
    s.flush();
    let published = s.take_published();
    assert!(
        published.iter().all(|p| p.diagnostics.is_empty()),
        "the generated plan has diagnostics"
    );
    s
}

/// The position of `delta` bytes after the first `needle` past the middle of the plan.
fn middle(needle: &str, delta: usize) -> Position {
    let text = &input().text;
    let half = text.len() / 2;
    let at = half + text[half..].find(needle).expect("needle") + delta;
    LineIndex::new(text).position(text, at)
}

/// Types or deletes one character at `at` (alternately, so the text stays the same size).
struct Typist {
    at: Position,
    version: i32,
}

impl Typist {
    fn new(at: Position) -> Typist {
        Typist { at, version: 1 }
    }

    fn keystroke(&mut self, s: &mut Server) {
        self.version += 1;
        let insert = self.version % 2 == 0;
        let end = if insert {
            self.at
        } else {
            Position::new(self.at.line, self.at.character + 1)
        };
        s.change(DidChangeTextDocumentParams {
            text_document: VersionedTextDocumentIdentifier {
                uri: input().uri.clone(),
                version: self.version,
            },
            content_changes: vec![TextDocumentContentChangeEvent {
                range: Some(Range::new(self.at, end)),
                range_length: None,
                text: if insert { "x".into() } else { String::new() },
            }],
        });
    }
}

fn at(pos: Position) -> TextDocumentPositionParams {
    TextDocumentPositionParams {
        text_document: TextDocumentIdentifier {
            uri: input().uri.clone(),
        },
        position: pos,
    }
}

fn hover_params(pos: Position) -> HoverParams {
    HoverParams {
        text_document_position_params: at(pos),
        work_done_progress_params: WorkDoneProgressParams::default(),
    }
}

#[divan::bench(sample_count = 40)]
fn diagnostics_after_edit(bencher: Bencher) {
    let mut s = server();
    let mut typist = Typist::new(middle("  cta \"", 7));
    bencher.bench_local(|| {
        typist.keystroke(&mut s);
        s.flush();
        s.take_published()
    });
}

#[divan::bench(sample_count = 100)]
fn hover_reference(bencher: Bencher) {
    let mut s = server();
    let pos = middle("  audience aud_", 12);
    assert!(s.hover(hover_params(pos)).is_some());
    bencher.bench_local(|| s.hover(hover_params(pos)));
}

#[divan::bench(sample_count = 100)]
fn hover_key(bencher: Bencher) {
    let mut s = server();
    let pos = middle("  objective ", 4);
    assert!(s.hover(hover_params(pos)).is_some());
    bencher.bench_local(|| s.hover(hover_params(pos)));
}

#[divan::bench(sample_count = 100)]
fn hover_text(bencher: Bencher) {
    let mut s = server();
    let pos = middle("  text \"", 10);
    assert!(s.hover(hover_params(pos)).is_some());
    bencher.bench_local(|| s.hover(hover_params(pos)));
}

#[divan::bench(sample_count = 40)]
fn hover_after_edit(bencher: Bencher) {
    let mut s = server();
    let mut typist = Typist::new(middle("  cta \"", 7));
    let pos = middle("  audience aud_", 12);
    bencher.bench_local(|| {
        typist.keystroke(&mut s);
        s.hover(hover_params(pos))
    });
}

#[divan::bench(sample_count = 40)]
fn completion_after_edit(bencher: Bencher) {
    let mut s = server();
    let mut typist = Typist::new(middle("  cta \"", 7));
    let pos = middle("  audience aud_", 11);
    bencher.bench_local(|| {
        typist.keystroke(&mut s);
        s.completion(CompletionParams {
            text_document_position: at(pos),
            work_done_progress_params: WorkDoneProgressParams::default(),
            partial_result_params: PartialResultParams::default(),
            context: None,
        })
    });
}

/// One run of each stage behind `diagnostics_after_edit`, printed before the timings.
fn stages() {
    let i = input();
    let ms = |t: Instant| t.elapsed().as_secs_f64() * 1e3;
    println!(
        "plan: {} lines, {} bytes",
        i.text.lines().count(),
        i.text.len()
    );
    let t = Instant::now();
    let parsed = smm::syntax::parse(smm::source::FileId(0), &i.text);
    println!("  full parse             {:7.2} ms", ms(t));
    let at = i.text.len() / 2 + i.text[i.text.len() / 2..].find("  cta \"").unwrap() + 7;
    let mut edited = i.text.clone();
    edited.insert(at, 'x');
    let region = smm::lsp::incremental::Region::compose(None, at, at, 1);
    let t = Instant::now();
    let (_, incremental) = smm::lsp::incremental::reparse(
        smm::source::FileId(0),
        parsed,
        i.text.len(),
        &edited,
        region,
    );
    println!(
        "  incremental re-parse   {:7.2} ms (incremental: {incremental})",
        ms(t)
    );
    let t = Instant::now();
    let project = smm::project::load_text(&i.path, &edited, Default::default());
    println!(
        "  project::load_text     {:7.2} ms (parse + source map)",
        ms(t)
    );
    let t = Instant::now();
    let checked = smm::check::check(&project, &Default::default());
    println!(
        "  check::check           {:7.2} ms ({} diagnostics)",
        ms(t),
        checked.diagnostics.len()
    );
    let mut s = server();
    let mut typist = Typist::new(middle("  cta \"", 7));
    typist.keystroke(&mut s);
    let path = smm::lsp::workspace::normalize(&i.path);
    let t = Instant::now();
    let asm = s.ws.assemble(&path).expect("the plan");
    println!(
        "  server: assemble       {:7.2} ms (re-parse, copies, imports)",
        ms(t)
    );
    let t = Instant::now();
    let a = smm::lsp::analysis::Analysis::new(
        asm.project,
        asm.versions,
        vec![i.uri.clone()],
        &Default::default(),
        false,
    );
    println!("  server: check          {:7.2} ms", ms(t));
    let t = Instant::now();
    drop(a);
    println!("  server: drop the last  {:7.2} ms", ms(t));
    typist.keystroke(&mut s);
    let t = Instant::now();
    s.flush();
    println!("  server: edit → check   {:7.2} ms (all of it)", ms(t));
    println!();
}
