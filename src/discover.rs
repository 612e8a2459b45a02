//! Which files `smm check` looks at: files as named, every `*.smm` below a directory (honouring
//! `.gitignore`, skipping hidden files), and glob patterns.
//!
//! A file found by walking a directory or matching a glob is skipped when another found file
//! imports it: it is checked through its importer, with the campaign it belongs to (shared
//! roles and audiences have no campaign of their own). A file named explicitly is always checked.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// A file to check, and whether the user named it (rather than a directory or glob finding it).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Input {
    /// The path, as given or as found.
    pub path: PathBuf,
    /// Named explicitly on the command line.
    pub explicit: bool,
}

/// Expands command-line arguments into files, sorted and without duplicates, and the problems
/// with arguments that name nothing (a missing file, a pattern that matches nothing, a bad
/// pattern): those are reported, and the other arguments are still checked.
pub fn inputs(args: &[PathBuf]) -> (Vec<Input>, Vec<String>) {
    let mut problems = Vec::new();
    let mut found: BTreeSet<Input> = BTreeSet::new();
    for arg in args {
        let text = arg.to_string_lossy();
        if arg.is_dir() {
            walk(arg, &mut found);
        } else if arg.exists() {
            found.insert(Input {
                path: arg.clone(),
                explicit: true,
            });
        } else if text.contains(['*', '?', '[']) {
            let paths = match glob::glob(&text) {
                Ok(paths) => paths,
                Err(e) => {
                    problems.push(format!("bad pattern `{text}`: {e}"));
                    continue;
                }
            };
            // Counted, not compared with `found`'s size: files an earlier argument already
            // found still match.
            let mut matched = 0;
            for p in paths.flatten() {
                if p.is_dir() {
                    matched += walk(&p, &mut found);
                } else if is_smm(&p) {
                    matched += 1;
                    found.insert(Input {
                        path: p,
                        explicit: false,
                    });
                }
            }
            if matched == 0 {
                problems.push(format!("no .smm file matches `{text}`"));
            }
        } else {
            problems.push(format!("cannot read `{text}`: no such file or directory"));
        }
    }
    // The same file reached twice (named and walked): keep it once, explicit if either was.
    let mut by_file: std::collections::BTreeMap<PathBuf, Input> = std::collections::BTreeMap::new();
    for input in found {
        let key = input
            .path
            .canonicalize()
            .unwrap_or_else(|_| input.path.clone());
        by_file
            .entry(key)
            .and_modify(|existing| existing.explicit |= input.explicit)
            .or_insert(input);
    }
    let mut out: Vec<Input> = by_file.into_values().collect();
    out.sort();
    (out, problems)
}

fn is_smm(p: &Path) -> bool {
    p.extension().is_some_and(|e| e == "smm")
}

/// Adds every `*.smm` below `dir` to `found`; returns how many there are.
fn walk(dir: &Path, found: &mut BTreeSet<Input>) -> usize {
    let mut count = 0;
    // `require_git(false)`: a campaign folder copied out of its repository (or never in one)
    // still has its `.gitignore` honoured, as the docs promise.
    for entry in ignore::WalkBuilder::new(dir)
        .require_git(false)
        .build()
        .flatten()
    {
        let p = entry.path();
        if entry.file_type().is_some_and(|t| t.is_file()) && is_smm(p) {
            count += 1;
            found.insert(Input {
                path: p.to_path_buf(),
                explicit: false,
            });
        }
    }
    count
}
