//! Parsing speed and memory: `smm::syntax::parse` against `serde_json` reading the same plan.
//!
//! ```text
//! cargo bench --bench parse                      # 100 KB, 1 MB, 10 MB
//! SMM_BENCH_HUGE=1 cargo bench --bench parse     # and 50 MB
//! cargo bench --bench parse -- smm_parse         # one benchmark (divan filters)
//! ```
//!
//! Inputs come from `benches/support/generator.rs`: one valid campaign plan per size, written
//! both as `.smm` and as pretty-printed JSON. Three benchmarks per size:
//!
//! - `smm_parse`: `.smm` text → `ast::File` (with diagnostics, none for these plans);
//! - `json_value`: the pretty-printed JSON → `serde_json::Value`;
//! - `json_value_compact`: the same JSON without insignificant whitespace → `serde_json::Value`.
//!
//! Throughput is in bytes of each one's own input. Outputs are dropped outside the timed
//! region (divan defers drops), so neither side pays for freeing its tree.
//!
//! Before the timings (only under `cargo bench`), the peak heap growth of one parse of each
//! input is measured with a counting global allocator and printed as a table. Counting is off
//! while divan times the benchmarks, so it costs them one relaxed load per allocation.

#[path = "support/generator.rs"]
mod generator;

use std::alloc::{GlobalAlloc, Layout, System};
use std::fmt;
use std::sync::atomic::{AtomicBool, AtomicIsize, AtomicUsize, Ordering::Relaxed};
use std::sync::Mutex;
use std::time::Instant;

use divan::counter::BytesCount;
use divan::Bencher;
use smm::source::FileId;

// ---------------------------------------------------------------------------------- memory

/// The system allocator, counting live bytes and their peak while [`COUNTING`] is on.
struct PeakAlloc;

static COUNTING: AtomicBool = AtomicBool::new(false);
static LIVE: AtomicIsize = AtomicIsize::new(0);
static PEAK: AtomicIsize = AtomicIsize::new(0);
static ALLOCS: AtomicUsize = AtomicUsize::new(0);

fn grow(bytes: isize) {
    let now = LIVE.fetch_add(bytes, Relaxed) + bytes;
    PEAK.fetch_max(now, Relaxed);
}

// SAFETY: every call is forwarded to `System` unchanged; only counters are updated besides.
unsafe impl GlobalAlloc for PeakAlloc {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = System.alloc(layout);
        if !p.is_null() && COUNTING.load(Relaxed) {
            ALLOCS.fetch_add(1, Relaxed);
            grow(layout.size() as isize);
        }
        p
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let p = System.alloc_zeroed(layout);
        if !p.is_null() && COUNTING.load(Relaxed) {
            ALLOCS.fetch_add(1, Relaxed);
            grow(layout.size() as isize);
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        System.dealloc(ptr, layout);
        if COUNTING.load(Relaxed) {
            grow(-(layout.size() as isize));
        }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = System.realloc(ptr, layout, new_size);
        if !p.is_null() && COUNTING.load(Relaxed) {
            ALLOCS.fetch_add(1, Relaxed);
            grow(new_size as isize - layout.size() as isize);
        }
        p
    }
}

#[global_allocator]
static ALLOC: PeakAlloc = PeakAlloc;

/// Runs `f` once and returns its output (kept alive), the peak heap growth during the call and
/// the number of allocations it made.
fn peak_of<T>(f: impl FnOnce() -> T) -> (T, usize, usize) {
    LIVE.store(0, Relaxed);
    PEAK.store(0, Relaxed);
    ALLOCS.store(0, Relaxed);
    COUNTING.store(true, Relaxed);
    let out = f();
    COUNTING.store(false, Relaxed);
    (
        out,
        PEAK.load(Relaxed).max(0) as usize,
        ALLOCS.load(Relaxed),
    )
}

// ---------------------------------------------------------------------------------- inputs

/// An input size in bytes of `.smm` text.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Size(usize);

impl fmt::Display for Size {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0 >= 1_000_000 {
            write!(f, "{:>2} MB", self.0 / 1_000_000)
        } else {
            write!(f, "{} KB", self.0 / 1_000)
        }
    }
}

impl fmt::Debug for Size {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

fn sizes() -> Vec<Size> {
    let mut v = vec![Size(100_000), Size(1_000_000), Size(10_000_000)];
    if std::env::var_os("SMM_BENCH_HUGE").is_some_and(|v| v != "0") {
        v.push(Size(50_000_000));
    }
    v
}

/// One generated plan, its JSON, and the JSON without insignificant whitespace.
struct Input {
    smm: String,
    json: String,
    json_compact: String,
}

const SEED: u64 = 2027;

/// The inputs of one size, generated once and kept for the whole run.
fn input(size: Size) -> &'static Input {
    static CACHE: Mutex<Vec<(Size, &'static Input)>> = Mutex::new(Vec::new());
    let mut cache = CACHE.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((_, i)) = cache.iter().find(|(s, _)| *s == size) {
        return i;
    }
    let g = generator::campaign(size.0, SEED);
    let json_compact = minify(&g.json);
    let input: &'static Input = Box::leak(Box::new(Input {
        smm: g.smm,
        json: g.json,
        json_compact,
    }));
    cache.push((size, input));
    input
}

/// JSON without whitespace outside strings.
fn minify(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    let (mut in_string, mut escaped) = (false, false);
    for c in json.chars() {
        if in_string {
            out.push(c);
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            }
        } else if !c.is_ascii_whitespace() {
            in_string = c == '"';
            out.push(c);
        }
    }
    out
}

// ---------------------------------------------------------------------------------- benchmarks

fn main() {
    // `cargo bench` passes `--bench`; `cargo test --benches` does not, and then divan runs each
    // benchmark once: skip the memory table there.
    if std::env::args().any(|a| a == "--bench") {
        memory_report();
    }
    divan::main();
}

#[divan::bench(args = sizes())]
fn smm_parse(bencher: Bencher, size: Size) {
    let input = input(size);
    bencher
        .counter(BytesCount::of_str(&input.smm))
        .bench(|| smm::syntax::parse(FileId(0), divan::black_box(&input.smm)));
}

#[divan::bench(args = sizes())]
fn json_value(bencher: Bencher, size: Size) {
    let input = input(size);
    bencher
        .counter(BytesCount::of_str(&input.json))
        .bench(|| serde_json::from_str::<serde_json::Value>(divan::black_box(&input.json)));
}

#[divan::bench(args = sizes())]
fn json_value_compact(bencher: Bencher, size: Size) {
    let input = input(size);
    bencher
        .counter(BytesCount::of_str(&input.json_compact))
        .bench(|| serde_json::from_str::<serde_json::Value>(divan::black_box(&input.json_compact)));
}

fn mb(bytes: usize) -> f64 {
    bytes as f64 / 1e6
}

/// Peak heap growth of one parse of each input, printed before the timings.
fn memory_report() {
    println!("peak heap growth during one parse (counting allocator; output kept alive)");
    println!(
        "{:>6} | {:>9} {:>11} {:>10} {:>8} | {:>9} {:>11} {:>10} {:>8} | {:>11} | {:>10}",
        "size",
        ".smm MB",
        "AST peak MB",
        "allocs",
        "ms",
        "JSON MB",
        "Value peak",
        "allocs",
        "ms",
        "compact peak",
        "AST/Value"
    );
    for size in sizes() {
        let input = input(size);
        let t = Instant::now();
        let (ast, ast_peak, ast_allocs) = peak_of(|| smm::syntax::parse(FileId(0), &input.smm));
        let ast_ms = t.elapsed().as_secs_f64() * 1e3;
        assert!(ast.diagnostics.is_empty(), "the generated plan has errors");
        drop(ast);
        let t = Instant::now();
        let (value, value_peak, value_allocs) =
            peak_of(|| serde_json::from_str::<serde_json::Value>(&input.json).expect("JSON"));
        let value_ms = t.elapsed().as_secs_f64() * 1e3;
        drop(value);
        let (compact, compact_peak, _) = peak_of(|| {
            serde_json::from_str::<serde_json::Value>(&input.json_compact).expect("JSON")
        });
        drop(compact);
        println!(
            "{:>6} | {:>9.2} {:>11.2} {:>10} {:>8.1} | {:>9.2} {:>11.2} {:>10} {:>8.1} | {:>11.2} | {:>10.2}",
            size.to_string(),
            mb(input.smm.len()),
            mb(ast_peak),
            ast_allocs,
            ast_ms,
            mb(input.json.len()),
            mb(value_peak),
            value_allocs,
            value_ms,
            mb(compact_peak),
            ast_peak as f64 / value_peak as f64,
        );
    }
    println!();
}
