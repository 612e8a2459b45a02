//! Checking a whole tree: 1 000 campaign files in 10 groups, each group sharing one file of
//! roles and audiences that its 100 campaigns import, checked as `smm check DIR` does, on one
//! thread and on every core.
//!
//! ```text
//! cargo bench --bench tree                                  # report table, then divan
//! SMM_TREE_OUT=/tmp/smm-tree cargo bench --bench tree       # only write the tree there, then exit
//! SMM_BENCH_RUNS=15 cargo bench --bench tree                # more runs for the report's medians
//! ```
//!
//! The tree (`scale::write_tree`) is written to a fresh temporary directory and removed at the
//! end. Two ways of checking it, each with 1 thread and with rayon's default (one per core):
//!
//! - `binary`: the real `smm check DIR` (the `smm` binary Cargo builds for benchmarks, in the
//!   same profile), with `RAYON_NUM_THREADS=1` or without it; wall time of the process;
//! - `library`: the same path in-process — `discover::inputs`, `project::load` of every file in
//!   parallel, the imported files set aside, `check::check` in parallel — in a rayon pool of 1 or
//!   N threads (so process start-up and output are left out).
//!
//! Under `cargo bench` the report prints medians of interleaved runs (1 thread, then N, in the
//! same loop) and the speed-up. For hyperfine, see docs/performance.md.

#[path = "support/scale.rs"]
mod scale;

#[path = "support/generator.rs"]
mod generator;

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;
use std::time::Instant;

use divan::Bencher;
use rayon::prelude::*;
use smm::check::{self, LintLevels};
use smm::project::{self, Options};

/// The allocator of the `smm` binary (src/main.rs), so that the bench measures what it does.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use scale::{median, runs};

const CAMPAIGNS: usize = 1_000;
const GROUPS: usize = 10;
const SEED: u64 = 2027;

/// The smm binary built for this benchmark run.
const SMM: &str = env!("CARGO_BIN_EXE_smm");

/// The tree, written once per process.
fn tree() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("smm-bench-tree-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        scale::write_tree(&dir, CAMPAIGNS, GROUPS, SEED).expect("writing the tree");
        dir
    })
}

fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

fn thread_counts() -> Vec<usize> {
    let mut v = vec![1];
    if cores() > 1 {
        v.push(cores());
    }
    v
}

// ---------------------------------------------------------------------------------- runs

/// `smm check DIR`, with `threads` rayon threads (None: rayon's default). Returns the summary
/// line; panics unless the check succeeded.
fn run_binary(dir: &Path, threads: Option<usize>) -> String {
    let mut cmd = Command::new(SMM);
    cmd.arg("check").arg(dir).env("NO_COLOR", "1");
    match threads {
        Some(n) => cmd.env("RAYON_NUM_THREADS", n.to_string()),
        None => cmd.env_remove("RAYON_NUM_THREADS"),
    };
    let out = cmd.output().expect("running smm");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "smm check failed: {stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    stdout
}

/// What `smm check DIR` does in-process (src/main.rs's `check`, without rendering): the number
/// of campaigns checked and of diagnostics.
fn check_dir(dir: &Path) -> (usize, usize) {
    let (inputs, problems) = smm::discover::inputs(&[dir.to_path_buf()]);
    assert!(problems.is_empty());
    let loaded: Vec<(bool, project::Project)> = inputs
        .par_iter()
        .map(|i| {
            let p = project::load(&i.path, Options::default()).expect("loading");
            (i.explicit, p)
        })
        .collect();
    let imported: HashSet<PathBuf> = loaded
        .iter()
        .flat_map(|(_, p)| p.sources.files().skip(1).map(|(_, f)| f.path.clone()))
        .collect();
    let projects: Vec<project::Project> = loaded
        .into_iter()
        .filter(|(explicit, p)| *explicit || !imported.contains(&p.sources.get(p.entry()).path))
        .map(|(_, p)| p)
        .collect();
    let levels = LintLevels::default();
    let diagnostics = projects
        .par_iter()
        .map(|p| check::check(p, &levels).diagnostics.len())
        .sum();
    (projects.len(), diagnostics)
}

/// [`check_dir`] phase by phase: milliseconds for discovering the files, loading them (in
/// parallel), setting the imported ones aside, checking (in parallel) and freeing everything.
fn check_dir_phases(dir: &Path) -> [f64; 5] {
    let mut ms = [0.0; 5];
    let mut t = Instant::now();
    let mut lap = |i: usize, ms: &mut [f64; 5]| {
        ms[i] = t.elapsed().as_secs_f64() * 1e3;
        t = Instant::now();
    };
    let (inputs, _) = smm::discover::inputs(&[dir.to_path_buf()]);
    lap(0, &mut ms);
    let loaded: Vec<(bool, project::Project)> = inputs
        .par_iter()
        .map(|i| {
            (
                i.explicit,
                project::load(&i.path, Options::default()).expect("loading"),
            )
        })
        .collect();
    lap(1, &mut ms);
    let imported: HashSet<PathBuf> = loaded
        .iter()
        .flat_map(|(_, p)| p.sources.files().skip(1).map(|(_, f)| f.path.clone()))
        .collect();
    let projects: Vec<project::Project> = loaded
        .into_iter()
        .filter(|(explicit, p)| *explicit || !imported.contains(&p.sources.get(p.entry()).path))
        .map(|(_, p)| p)
        .collect();
    lap(2, &mut ms);
    let levels = LintLevels::default();
    let checked: Vec<check::Checked> = projects
        .par_iter()
        .map(|p| check::check(p, &levels))
        .collect();
    lap(3, &mut ms);
    drop(checked);
    drop(projects);
    lap(4, &mut ms);
    ms
}

fn pool(threads: usize) -> rayon::ThreadPool {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .expect("thread pool")
}

// ---------------------------------------------------------------------------------- main

fn main() {
    if let Some(out) = std::env::var_os("SMM_TREE_OUT") {
        let out = PathBuf::from(out);
        let t = scale::write_tree(&out, CAMPAIGNS, GROUPS, SEED).expect("writing the tree");
        println!(
            "wrote {} campaigns and {} shared files ({:.2} MB) to {}",
            t.campaigns,
            t.shared,
            t.bytes as f64 / 1e6,
            out.display()
        );
        return;
    }
    let dir = tree();
    // Every campaign checks cleanly (also under `cargo test --benches`).
    let summary = run_binary(dir, None);
    assert!(
        summary.contains(&format!(
            "checked {CAMPAIGNS} campaigns: 0 errors, 0 warnings"
        )),
        "unexpected summary: {summary}"
    );
    if std::env::args().any(|a| a == "--bench") {
        report(dir);
    }
    divan::main();
    let _ = std::fs::remove_dir_all(dir);
}

#[divan::bench(args = thread_counts(), sample_count = 10, sample_size = 1)]
fn binary(bencher: Bencher, threads: usize) {
    let dir = tree();
    bencher.bench(|| run_binary(dir, Some(threads)));
}

#[divan::bench(args = thread_counts(), sample_count = 10, sample_size = 1)]
fn library(bencher: Bencher, threads: usize) {
    let dir = tree();
    let pool = pool(threads);
    bencher.bench(|| pool.install(|| check_dir(dir)));
}

fn report(dir: &Path) {
    let n = runs(9);
    let bytes: u64 = ignore::Walk::new(dir)
        .flatten()
        .filter_map(|e| e.metadata().ok())
        .filter(|m| m.is_file())
        .map(|m| m.len())
        .sum();
    println!(
        "smm check on a tree of {CAMPAIGNS} campaigns + {GROUPS} shared files ({:.2} MB), {} cores \
         (median of {n} interleaved runs)",
        bytes as f64 / 1e6,
        cores()
    );
    let (campaigns, diagnostics) = check_dir(dir);
    assert_eq!((campaigns, diagnostics), (CAMPAIGNS, 0));
    let single = pool(1);
    let all = pool(cores());
    let (mut b1, mut bn, mut l1, mut ln) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for _ in 0..n {
        let t = Instant::now();
        run_binary(dir, Some(1));
        b1.push(t.elapsed().as_secs_f64() * 1e3);
        let t = Instant::now();
        run_binary(dir, None);
        bn.push(t.elapsed().as_secs_f64() * 1e3);
        let t = Instant::now();
        single.install(|| check_dir(dir));
        l1.push(t.elapsed().as_secs_f64() * 1e3);
        let t = Instant::now();
        all.install(|| check_dir(dir));
        ln.push(t.elapsed().as_secs_f64() * 1e3);
    }
    println!(
        "{:>26} | {:>10} {:>10} | {:>8}",
        "",
        "1 thread",
        format!("{} threads", cores()),
        "speed-up"
    );
    for (name, one, many) in [
        ("binary (smm check DIR) ms", &mut b1, &mut bn),
        ("library (in-process) ms", &mut l1, &mut ln),
    ] {
        let (one, many) = (median(one), median(many));
        println!(
            "{name:>26} | {one:>10.1} {many:>10.1} | {:>7.2}×",
            one / many
        );
    }
    // Where the library's time goes, with 1 thread and with N.
    const PHASES: [&str; 5] = [
        "discover (serial)",
        "load (parallel)",
        "imports aside (serial)",
        "check (parallel)",
        "free (serial)",
    ];
    let (mut p1, mut pn) = (vec![Vec::new(); 5], vec![Vec::new(); 5]);
    for _ in 0..n {
        for (samples, pool) in [(&mut p1, &single), (&mut pn, &all)] {
            for (i, ms) in pool
                .install(|| check_dir_phases(dir))
                .into_iter()
                .enumerate()
            {
                samples[i].push(ms);
            }
        }
    }
    for (i, name) in PHASES.iter().enumerate() {
        let (one, many) = (median(&mut p1[i]), median(&mut pn[i]));
        println!(
            "{:>26} | {one:>10.1} {many:>10.1} | {:>7.2}×",
            format!("  {name}"),
            one / many
        );
    }
    println!();
}
