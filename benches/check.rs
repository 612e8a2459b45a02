//! Checking speed: `smm check` (load + parse + every semantic pass) against `serde_json` reading
//! the same plan as JSON, at 1, 5 and 10 MB of `.smm` text.
//!
//! ```text
//! cargo bench --bench check                   # report table, per-pass table, then divan
//! cargo bench --bench check -- smm_check      # one benchmark (divan filters)
//! SMM_BENCH_RUNS=15 cargo bench --bench check # more runs for the report's medians
//! SMM_CHECK_ONCE=1000000 valgrind --tool=callgrind target/release/deps/check-HASH
//!                                             # one check of a 1 MB plan, for a profiler
//! SMM_CHECK_ONCE=10000000 SMM_CHECK_REPEAT=8 perf record … target/release/deps/check-HASH
//!                                             # eight checks of a 10 MB plan
//! ```
//!
//! Inputs come from `benches/support/generator.rs` (the same plans as `benches/parse.rs`). Two
//! divan benchmarks per size:
//!
//! - `smm_check`: `project::load_text` then `check::check` with default lint levels — what
//!   `smm check FILE` does minus reading the file and rendering (the plans have no diagnostic);
//! - `json_value`: the same plan's pretty-printed JSON → `serde_json::Value`.
//!
//! Each side's result (the project and the check's result; the `Value`) is freed outside the
//! timed region, as divan does with outputs. The model, which `check` builds, is freed on
//! rayon's pool in the background after `check` returns (it competes with what comes next).
//!
//! Divan takes 20 samples of each (a 10 MB check takes about half a second).
//!
//! Before the divan timings (only under `cargo bench`) two tables are printed:
//!
//! 1. for each size, the median of interleaved runs of both (so that a neighbour's compile hits
//!    both alike), the ratio check / JSON, and milliseconds per MB of `.smm` text (which must
//!    stay flat: no pass may be quadratic in posts or declarations);
//! 2. the same passes timed one by one, in turn (`smm::check::check` runs `resolve` and
//!    `platforms` beside `time` and `calendar`, and parts of `lower`, `time` and `calendar` in
//!    parallel; here each pass runs alone, so the table shows the work of each pass, and its
//!    sum is more than a check takes on several cores), medians per pass, at every size, with
//!    each pass's ms per MB.

#[path = "support/scale.rs"]
mod scale;

#[path = "support/generator.rs"]
mod generator;

use std::path::Path;
use std::sync::Mutex;
use std::time::Instant;

use divan::counter::BytesCount;
use divan::Bencher;
use smm::check::{self, LintLevels};
use smm::project::{self, Options};

/// The allocator of the `smm` binary (src/main.rs), so that the bench measures what it does.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use scale::{median, runs, Size};

const SEED: u64 = 2027;

fn sizes() -> Vec<Size> {
    vec![Size(1_000_000), Size(5_000_000), Size(10_000_000)]
}

/// A generated plan, `.smm` and JSON, kept for the whole run.
struct Input {
    smm: String,
    json: String,
    posts: usize,
}

fn input(size: Size) -> &'static Input {
    static CACHE: Mutex<Vec<(Size, &'static Input)>> = Mutex::new(Vec::new());
    let mut cache = CACHE.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((_, i)) = cache.iter().find(|(s, _)| *s == size) {
        return i;
    }
    let g = generator::campaign(size.0, SEED);
    let (_project, checked) = smm_check(&g.smm);
    assert!(
        checked.diagnostics.is_empty(),
        "the generated plan has diagnostics"
    );
    let posts = checked.plan.as_ref().map_or(0, |p| p.posts.len());
    let input: &'static Input = Box::leak(Box::new(Input {
        smm: g.smm,
        json: g.json,
        posts,
    }));
    cache.push((size, input));
    input
}

/// What `smm check FILE` does with the text of FILE. The loaded project (its syntax trees) is
/// returned with the result, so that, like the JSON `Value`, it is freed outside the timing
/// (`smm check` itself never frees them: it exits).
#[inline(never)]
fn smm_check(text: &str) -> (project::Project, check::Checked) {
    let project = project::load_text(Path::new("bench.smm"), text, Options::default());
    let checked = check::check(&project, &LintLevels::default());
    (project, checked)
}

/// `serde_json` reading the plan's JSON (not inlined, so that profiles show it apart).
#[inline(never)]
fn json_value_of(json: &str) -> serde_json::Value {
    serde_json::from_str(json).expect("JSON")
}

fn main() {
    // A driver for profilers: `SMM_CHECK_ONCE=BYTES` generates one plan and checks it once.
    if let Some(bytes) = std::env::var("SMM_CHECK_ONCE")
        .ok()
        .and_then(|v| v.parse().ok())
    {
        let g = generator::campaign(bytes, SEED);
        // SMM_CHECK_REPEAT=N checks N times (for a sampling profiler: the steady state).
        let repeat: usize = std::env::var("SMM_CHECK_REPEAT")
            .ok()
            .and_then(|n| n.parse().ok())
            .unwrap_or(1);
        for _ in 1..repeat {
            drop(divan::black_box(smm_check(&g.smm)));
        }
        let (_project, checked) = divan::black_box(smm_check(&g.smm));
        let value = divan::black_box(json_value_of(&g.json));
        println!(
            "{} bytes, {} diagnostics, {} posts; JSON {} bytes, {} top-level keys",
            g.smm.len(),
            checked.diagnostics.len(),
            checked.plan.as_ref().map_or(0, |p| p.posts.len()),
            g.json.len(),
            value.as_object().map_or(0, |o| o.len())
        );
        return;
    }
    if std::env::args().any(|a| a == "--bench") {
        ratio_report();
        pass_report();
    }
    divan::main();
}

#[divan::bench(name = "smm_check", args = sizes(), sample_count = 20)]
fn smm_check_bench(bencher: Bencher, size: Size) {
    let input = input(size);
    bencher
        .counter(BytesCount::of_str(&input.smm))
        .bench(|| smm_check(divan::black_box(&input.smm)));
}

#[divan::bench(args = sizes(), sample_count = 20)]
fn json_value(bencher: Bencher, size: Size) {
    let input = input(size);
    bencher
        .counter(BytesCount::of_str(&input.json))
        .bench(|| json_value_of(divan::black_box(&input.json)));
}

// ---------------------------------------------------------------------------------- reports

/// Check vs JSON, interleaved, medians.
fn ratio_report() {
    let n = runs(7);
    println!("smm check vs serde_json::Value on the same plan (median of {n} interleaved runs)");
    println!(
        "{:>6} | {:>7} {:>7} | {:>9} {:>8} | {:>9} {:>8} | {:>6}",
        "size", ".smm MB", "posts", "check ms", "ms/MB", "JSON ms", "ms/MB", "ratio"
    );
    for size in sizes() {
        let input = input(size);
        let (mut c, mut j) = (Vec::new(), Vec::new());
        for _ in 0..n {
            let t = Instant::now();
            let v = json_value_of(&input.json);
            j.push(t.elapsed().as_secs_f64() * 1e3);
            drop(v);
            let t = Instant::now();
            let checked = smm_check(&input.smm);
            c.push(t.elapsed().as_secs_f64() * 1e3);
            drop(checked);
        }
        let (c, j) = (median(&mut c), median(&mut j));
        let mb = input.smm.len() as f64 / 1e6;
        let jmb = input.json.len() as f64 / 1e6;
        println!(
            "{:>6} | {:>7.2} {:>7} | {:>9.1} {:>8.1} | {:>9.1} {:>8.1} | {:>5.2}×",
            size.to_string(),
            mb,
            input.posts,
            c,
            c / mb,
            j,
            j / jmb,
            c / j
        );
    }
    println!();
}

const PASSES: [&str; 12] = [
    "load+parse",
    "collect",
    "lower",
    "index",
    "resolve",
    "time",
    "platforms",
    "calendar",
    "budget",
    "kpis",
    "lints+sort",
    "drop",
];

/// The passes of `smm::check::check`, run in turn and timed one by one: milliseconds per pass.
fn timed_passes(text: &str) -> [f64; PASSES.len()] {
    use smm::check::{budget, calendar, collect, kpis, lints, lower, platforms, resolve, time};
    let mut ms = [0.0; PASSES.len()];
    let mut t = Instant::now();
    let mut lap = |i: usize, ms: &mut [f64; PASSES.len()]| {
        ms[i] = t.elapsed().as_secs_f64() * 1e3;
        t = Instant::now();
    };
    let project = project::load_text(Path::new("bench.smm"), text, Options::default());
    lap(0, &mut ms);
    let mut out = project.diagnostics.clone();
    let collected = collect::collect(&project.files, &mut out);
    lap(1, &mut ms);
    let mut model = lower::lower(&collected.decls, &collected.duplicates, &mut out);
    model.ghosts = collected.ghosts;
    lap(2, &mut ms);
    let index = resolve::Index::new(&model);
    lap(3, &mut ms);
    resolve::resolve(&model, &index, &project.files, &mut out);
    lap(4, &mut ms);
    let mut cx = check::Context::new(&model, &index, out);
    time::run(&mut cx);
    lap(5, &mut ms);
    platforms::run(&mut cx);
    lap(6, &mut ms);
    calendar::run(&mut cx);
    lap(7, &mut ms);
    budget::run(&mut cx);
    lap(8, &mut ms);
    kpis::run(&mut cx);
    lap(9, &mut ms);
    let check::Context { mut out, plan, .. } = cx;
    lints::apply(&model, &LintLevels::default(), &mut out);
    smm::diagnostic::sort(&mut out);
    lap(10, &mut ms);
    assert!(out.is_empty());
    drop(plan);
    drop(model);
    drop(collected.decls);
    drop(collected.duplicates);
    drop(project);
    lap(11, &mut ms);
    ms
}

/// Per-pass medians at every size.
fn pass_report() {
    let n = runs(5);
    let sizes = sizes();
    println!("smm check pass by pass (median of {n} runs; ms, and ms per MB of .smm text)");
    print!("{:>10} |", "pass");
    for s in &sizes {
        print!(" {:>14} |", s.to_string());
    }
    println!();
    let mut table = Vec::new();
    for &size in &sizes {
        let input = input(size);
        let mut samples: Vec<Vec<f64>> = vec![Vec::new(); PASSES.len()];
        for _ in 0..n {
            for (i, ms) in timed_passes(&input.smm).into_iter().enumerate() {
                samples[i].push(ms);
            }
        }
        let mb = input.smm.len() as f64 / 1e6;
        table.push((
            mb,
            samples.iter_mut().map(|s| median(s)).collect::<Vec<_>>(),
        ));
    }
    for (i, name) in PASSES.iter().enumerate() {
        print!("{name:>10} |");
        for (mb, medians) in &table {
            print!(" {:>7.1} {:>6.2} |", medians[i], medians[i] / mb);
        }
        println!();
    }
    print!("{:>10} |", "sum");
    for (mb, medians) in &table {
        let sum: f64 = medians.iter().sum();
        print!(" {:>7.1} {:>6.2} |", sum, sum / mb);
    }
    println!();
    println!();
}
