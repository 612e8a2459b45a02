//! Building speed: `smm build` in memory (load + parse + every pass + every output file, nothing
//! written to disk) against `smm check` of the same plan, and how building scales with the
//! number of budget lines and of post occurrences.
//!
//! ```text
//! cargo bench --bench build                     # report tables, then divan
//! cargo bench --bench build -- build_budget     # one group (divan filters)
//! SMM_BENCH_RUNS=15 cargo bench --bench build   # more runs for the report's medians
//! SMM_BUILD_ONCE=budget:2500 valgrind --tool=callgrind target/release/deps/build-HASH
//!                                               # one build, for a profiler (see `once`)
//! SMM_BUILD_ONCE=generated:1000000 SMM_BUILD_OUT=/tmp/out target/release/deps/build-HASH
//!                                               # the same, also writing the files to compare
//! SMM_BUILD_ONCE=generated:10000000 SMM_BUILD_REPEAT=8 perf record … target/release/deps/build-HASH
//!                                               # eight builds: a profile of the steady state
//! SMM_BUILD_ONCE=generated:10000000 SMM_BUILD_PLAN=/tmp/gen10.smm target/release/deps/build-HASH
//!                                               # only write the plan, to time the binary:
//! hyperfine -N 'target/release/smm check /tmp/gen10.smm' 'target/release/smm build /tmp/gen10.smm -o /tmp/out'
//! ```
//!
//! Inputs:
//!
//! - the plans of `benches/support/generator.rs` at 1, 5 and 10 MB (as `benches/check.rs`);
//! - `scale::budget_plan`: one year, 2 500 / 5 000 / 10 000 budget lines;
//! - `scale::schedule_plan`: one year, about 25 000 / 50 000 / 100 000 post occurrences.
//!
//! Divan benchmarks: `check` and `build` per generated size, `build_budget` per line count,
//! `build_schedule` per occurrence count, 10 samples each (a 10 MB build takes about 4 s).
//! Under `cargo bench`, tables come first: medians of interleaved runs (check, then build, then
//! the build streamed into sinks that let each piece go as `smm build` does, on the same input
//! in the same loop), the ratios to check, each output file's emit time,
//! and the time per line or per occurrence (which must stay flat for the build to be linear).

#[path = "support/scale.rs"]
mod scale;

#[path = "support/generator.rs"]
mod generator;

use std::fmt;
use std::path::Path;
use std::sync::Mutex;
use std::time::Instant;

use divan::counter::{BytesCount, ItemsCount};
use divan::Bencher;
use smm::check::{self, LintLevels};
use smm::emit::{self, Artifact, EmitOptions, OutputFile};
use smm::project::{self, Options};

/// The allocator of the `smm` binary (src/main.rs), so that the bench measures what it does.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use scale::{median, runs, Size};

const SEED: u64 = 2027;

fn sizes() -> Vec<Size> {
    vec![Size(1_000_000), Size(5_000_000), Size(10_000_000)]
}

fn line_counts() -> Vec<usize> {
    vec![2_500, 5_000, 10_000]
}

fn occurrence_counts() -> Vec<usize> {
    vec![25_000, 50_000, 100_000]
}

// ---------------------------------------------------------------------------------- pipeline

#[inline(never)]
fn smm_check(text: &str) -> check::Checked {
    let project = project::load_text(Path::new("bench.smm"), text, Options::default());
    check::check(&project, &LintLevels::default())
}

/// What `smm build FILE` does with the text of FILE, minus writing the files.
#[inline(never)]
fn smm_build(text: &str) -> Vec<OutputFile> {
    let checked = smm_check(text);
    let plan = checked.plan.as_ref().expect("the plan has errors");
    emit::emit(plan, &EmitOptions::all(plan))
}

/// What `smm build FILE -o DIR` does with the text of FILE, minus the system's copy of each
/// piece into its file: every file is streamed, piece after piece, into a sink that counts its
/// bytes and lets the piece go, as `smm build` does once a piece is written. Returns the bytes.
#[inline(never)]
fn smm_build_streamed(text: &str) -> usize {
    let checked = smm_check(text);
    let plan = checked.plan.as_ref().expect("the plan has errors");
    emit::emit_into(plan, &EmitOptions::all(plan), |_| Counted(0))
        .iter()
        .map(|(_, c)| c.0)
        .sum()
}

/// A sink that only counts the bytes it is given.
struct Counted(usize);

impl emit::Sink for Counted {
    fn put(&mut self, piece: Vec<u8>) {
        self.0 += divan::black_box(piece).len();
    }

    fn restart(&mut self) {
        self.0 = 0;
    }
}

// ---------------------------------------------------------------------------------- inputs

/// A plan's text and what checking it gave (once, outside the timings).
struct Input {
    smm: String,
    posts: usize,
    lines: usize,
    output_bytes: usize,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Generated(Size),
    Budget(usize),
    Schedule(usize),
}

fn input(kind: Kind) -> &'static Input {
    static CACHE: Mutex<Vec<(Kind, &'static Input)>> = Mutex::new(Vec::new());
    let mut cache = CACHE.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((_, i)) = cache.iter().find(|(k, _)| *k == kind) {
        return i;
    }
    let smm = match kind {
        Kind::Generated(size) => generator::campaign(size.0, SEED).smm,
        Kind::Budget(n) => scale::budget_plan(n, SEED).smm,
        Kind::Schedule(n) => scale::schedule_plan(n, SEED).smm,
    };
    let project = project::load_text(Path::new("bench.smm"), &smm, Options::default());
    let checked = check::check(&project, &LintLevels::default());
    if !checked.diagnostics.is_empty() {
        let text = smm::diagnostic::render::render_all(
            &checked.diagnostics[..checked.diagnostics.len().min(5)],
            &project.sources,
            smm::diagnostic::render::Style::Plain,
        );
        panic!(
            "the benchmark plan has {} diagnostics:\n{text}",
            checked.diagnostics.len()
        );
    }
    let plan = checked.plan.as_ref().expect("no plan");
    let output_bytes = emit::emit(plan, &EmitOptions::all(plan))
        .iter()
        .map(|f| f.contents.len())
        .sum();
    let input: &'static Input = Box::leak(Box::new(Input {
        posts: plan.posts.len(),
        lines: plan.budget.as_ref().map_or(0, |b| b.lines.len()),
        output_bytes,
        smm,
    }));
    cache.push((kind, input));
    input
}

// ---------------------------------------------------------------------------------- divan

/// A driver for profilers: `SMM_BUILD_ONCE=WHAT:N[:check]` builds (or only checks) one plan
/// once, WHAT being `generated` (N bytes), `budget` (N lines) or `schedule` (N occurrences).
/// With `SMM_BUILD_OUT=DIR`, the files are also written to DIR (to compare two builds' bytes).
fn once(spec: &str) {
    let mut parts = spec.split(':');
    let (what, n) = (
        parts.next().unwrap_or(""),
        parts.next().and_then(|n| n.parse().ok()),
    );
    let only_check = parts.next() == Some("check");

    let smm = match (what, n) {
        ("generated", Some(n)) => generator::campaign(n, SEED).smm,
        ("budget", Some(n)) => scale::budget_plan(n, SEED).smm,
        ("schedule", Some(n)) => scale::schedule_plan(n, SEED).smm,
        _ => panic!("SMM_BUILD_ONCE: expected generated:BYTES, budget:LINES or schedule:POSTS"),
    };
    if let Ok(path) = std::env::var("SMM_BUILD_PLAN") {
        // Only write the plan, to time the `smm` binary on it (hyperfine).
        std::fs::write(&path, smm).expect("SMM_BUILD_PLAN: cannot write the plan");
        return;
    }
    if only_check {
        let checked = divan::black_box(smm_check(&smm));
        println!("{} diagnostics", checked.diagnostics.len());
    } else {
        // SMM_BUILD_REPEAT=N builds N times (the last build's files are kept), so that a
        // sampling profiler sees the steady state rather than the first touch of memory.
        let repeat: usize = std::env::var("SMM_BUILD_REPEAT")
            .ok()
            .and_then(|n| n.parse().ok())
            .unwrap_or(1);
        for _ in 1..repeat {
            drop(divan::black_box(smm_build(&smm)));
        }
        let files = divan::black_box(smm_build(&smm));
        println!(
            "{} bytes written",
            files.iter().map(|f| f.contents.len()).sum::<usize>()
        );
        if let Ok(dir) = std::env::var("SMM_BUILD_OUT") {
            std::fs::create_dir_all(&dir).expect("SMM_BUILD_OUT: cannot create the directory");
            for f in &files {
                std::fs::write(Path::new(&dir).join(&f.name), f.contents.to_vec())
                    .expect("SMM_BUILD_OUT: cannot write a file");
            }
        }
    }
}

fn main() {
    if let Ok(spec) = std::env::var("SMM_BUILD_ONCE") {
        once(&spec);
        return;
    }
    if std::env::args().any(|a| a == "--bench") {
        build_vs_check_report();
        emit_report();
        scaling_report();
    }
    divan::main();
}

#[divan::bench(args = sizes(), sample_count = 10)]
fn check(bencher: Bencher, size: Size) {
    let input = input(Kind::Generated(size));
    bencher
        .counter(BytesCount::of_str(&input.smm))
        .bench(|| smm_check(divan::black_box(&input.smm)));
}

#[divan::bench(args = sizes(), sample_count = 10)]
fn build(bencher: Bencher, size: Size) {
    let input = input(Kind::Generated(size));
    bencher
        .counter(BytesCount::of_str(&input.smm))
        .bench(|| smm_build(divan::black_box(&input.smm)));
}

#[divan::bench(args = line_counts(), sample_count = 10)]
fn build_budget(bencher: Bencher, lines: usize) {
    let input = input(Kind::Budget(lines));
    bencher
        .counter(ItemsCount::new(input.lines))
        .bench(|| smm_build(divan::black_box(&input.smm)));
}

#[divan::bench(args = occurrence_counts(), sample_count = 10)]
fn build_schedule(bencher: Bencher, occurrences: usize) {
    let input = input(Kind::Schedule(occurrences));
    bencher
        .counter(ItemsCount::new(input.posts))
        .bench(|| smm_build(divan::black_box(&input.smm)));
}

// ---------------------------------------------------------------------------------- reports

/// Medians of `check`, `build` and streamed `build` of one input, interleaved: (check ms, build
/// ms, streamed build ms).
fn check_and_build(text: &str, n: usize) -> (f64, f64, f64) {
    let (mut c, mut b, mut s) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..n {
        let t = Instant::now();
        let checked = smm_check(text);
        c.push(t.elapsed().as_secs_f64() * 1e3);
        drop(checked);
        let t = Instant::now();
        let files = smm_build(text);
        b.push(t.elapsed().as_secs_f64() * 1e3);
        drop(files);
        let t = Instant::now();
        divan::black_box(smm_build_streamed(text));
        s.push(t.elapsed().as_secs_f64() * 1e3);
    }
    (median(&mut c), median(&mut b), median(&mut s))
}

fn build_vs_check_report() {
    let n = runs(7);
    println!(
        "smm build vs smm check, generated plans (median of {n} interleaved runs); build: every \
         file held in memory, streamed: each piece let go once made, as `smm build` does"
    );
    println!(
        "{:>6} | {:>7} {:>7} {:>9} | {:>9} {:>9} {:>8} {:>6} | {:>11} {:>6}",
        "size",
        ".smm MB",
        "posts",
        "out MB",
        "check ms",
        "build ms",
        "ms/MB",
        "ratio",
        "streamed ms",
        "ratio"
    );
    for size in sizes() {
        let input = input(Kind::Generated(size));
        let (c, b, s) = check_and_build(&input.smm, n);
        let mb = input.smm.len() as f64 / 1e6;
        println!(
            "{:>6} | {:>7.2} {:>7} {:>9.2} | {:>9.1} {:>9.1} {:>8.1} {:>5.2}× | {:>11.1} {:>5.2}×",
            size.to_string(),
            mb,
            input.posts,
            input.output_bytes as f64 / 1e6,
            c,
            b,
            b / mb,
            b / c,
            s,
            s / c
        );
    }
    println!();
}

/// Each output file emitted alone from the largest generated plan.
fn emit_report() {
    let n = runs(7);
    let size = *sizes().last().unwrap();
    let input = input(Kind::Generated(size));
    let checked = smm_check(&input.smm);
    let plan = checked.plan.as_ref().unwrap();
    println!("emitting each file alone, {size} plan (median of {n} runs)");
    println!("{:>14} | {:>8} {:>8}", "file", "ms", "MB");
    let mut total = 0.0;
    for artifact in Artifact::ALL {
        let mut options = EmitOptions::all(plan);
        options.artifacts = [artifact].into_iter().collect();
        let mut samples = Vec::new();
        let mut bytes = 0;
        for _ in 0..n {
            let t = Instant::now();
            let files = emit::emit(plan, &options);
            samples.push(t.elapsed().as_secs_f64() * 1e3);
            bytes = files.iter().map(|f| f.contents.len()).sum();
        }
        let ms = median(&mut samples);
        total += ms;
        println!(
            "{:>14} | {:>8.1} {:>8.2}",
            artifact.file_name(),
            ms,
            bytes as f64 / 1e6
        );
    }
    println!("{:>14} | {:>8.1}", "sum", total);
    println!();
}

struct Per(f64);

impl fmt::Display for Per {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:>8.2}", self.0)
    }
}

fn scaling_report() {
    let n = runs(7);
    println!("build time against size (median of {n} interleaved runs; µs per line / occurrence)");
    println!(
        "{:>22} | {:>7} {:>9} | {:>9} {:>9} | {:>8} {:>8} | {:>6}",
        "plan", ".smm MB", "out MB", "check ms", "build ms", "µs/unit", "chk/unit", "ratio"
    );
    for lines in line_counts() {
        let input = input(Kind::Budget(lines));
        let (c, b, _) = check_and_build(&input.smm, n);
        let units = input.lines as f64;
        println!(
            "{:>22} | {:>7.2} {:>9.2} | {:>9.1} {:>9.1} | {} {} | {:>5.2}×",
            format!("{} budget lines", input.lines),
            input.smm.len() as f64 / 1e6,
            input.output_bytes as f64 / 1e6,
            c,
            b,
            Per(b * 1e3 / units),
            Per(c * 1e3 / units),
            b / c
        );
    }
    for occurrences in occurrence_counts() {
        let input = input(Kind::Schedule(occurrences));
        let (c, b, _) = check_and_build(&input.smm, n);
        let units = input.posts as f64;
        println!(
            "{:>22} | {:>7.2} {:>9.2} | {:>9.1} {:>9.1} | {} {} | {:>5.2}×",
            format!("{} occurrences", input.posts),
            input.smm.len() as f64 / 1e6,
            input.output_bytes as f64 / 1e6,
            c,
            b,
            Per(b * 1e3 / units),
            Per(c * 1e3 / units),
            b / c
        );
    }
    println!();
}
