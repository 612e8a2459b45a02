//! `smm fmt`: snapshots of the canonical layout of every example and of ugly fixtures
//! (tests/fixtures/fmt/), the layout's invariants, a property test (random whitespace, blank
//! lines, comments and split statements: formatting is idempotent, keeps the tree and every
//! comment), and the command line (`--check`, `--diff`, `-`, syntax errors, no needless writes).

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use proptest::prelude::*;
use smm::ast::{self, Statement, Value, ValueKind};
use smm::format::{format, format_source, FormatError};
use smm::source::{FileId, Span};
use smm::syntax::trivia;

// ---------------------------------------------------------------------------------------------
// helpers

fn parse(src: &str) -> ast::File {
    let parsed = smm::syntax::parse(FileId(0), src.strip_prefix('\u{feff}').unwrap_or(src));
    let errors: Vec<_> = parsed.diagnostics.iter().filter(|d| d.is_error()).collect();
    assert!(
        errors.is_empty(),
        "parse errors: {errors:#?}\n--- in ---\n{src}"
    );
    parsed.file
}

/// The tree with every span zeroed, so that two trees compare by content only (written here
/// rather than taken from the library, so the test does not check the formatter with itself).
fn without_spans(file: &ast::File) -> ast::File {
    fn value(v: &Value) -> Value {
        let kind = match &v.kind {
            ValueKind::List(items) => ValueKind::List(items.iter().map(value).collect()),
            ValueKind::Comparison(op, inner) => ValueKind::Comparison(*op, Box::new(value(inner))),
            other => other.clone(),
        };
        Value {
            kind,
            span: Span::default(),
        }
    }
    fn statement(s: &Statement) -> Statement {
        Statement {
            keyword: ast::Ident {
                name: s.keyword.name.clone(),
                span: Span::default(),
            },
            args: s.args.iter().map(value).collect(),
            block: s.block.as_ref().map(|b| ast::Block {
                statements: b.statements.iter().map(statement).collect(),
                span: Span::default(),
            }),
            span: Span::default(),
            broken: s.broken,
        }
    }
    ast::File {
        file: FileId(0),
        statements: file.statements.iter().map(statement).collect(),
    }
}

fn assert_same_tree(before: &str, after: &str) {
    assert_eq!(
        without_spans(&parse(before)),
        without_spans(&parse(after)),
        "the tree changed\n--- before ---\n{before}\n--- after ---\n{after}"
    );
}

fn comment_texts(src: &str) -> Vec<String> {
    trivia::comments(src)
        .into_iter()
        .map(|r| src[r].trim_end().to_string())
        .collect()
}

fn fmt(src: &str) -> String {
    format(src).unwrap_or_else(|e| panic!("not formatted: {e:?}\n--- input ---\n{src}"))
}

/// Every property a formatted text must have: same tree, same comments, idempotent, canonical
/// whitespace.
fn check_formatted(input: &str, out: &str) {
    assert_same_tree(input, out);
    assert_eq!(
        comment_texts(input),
        comment_texts(out),
        "comments changed\n{out}"
    );
    assert_eq!(fmt(out), out, "formatting is not idempotent");
    if out.is_empty() {
        return;
    }
    assert!(
        out.ends_with('\n') && !out.ends_with("\n\n"),
        "must end with one newline: {out:?}"
    );
    assert!(!out.starts_with('\n'), "no blank line at the start");
    assert!(!out.contains("\n\n\n"), "at most one blank line in a row");
    // Lines inside text blocks are printed as written; every other line is canonical.
    let text_blocks = text_block_spans(&parse(out));
    let mut offset = 0;
    for line in out.split_inclusive('\n') {
        let body = line.trim_end_matches('\n');
        let in_text = text_blocks
            .iter()
            .any(|r| r.start < offset && offset + body.len() <= r.end);
        if !in_text {
            assert!(!body.ends_with([' ', '\t']), "trailing blanks: {body:?}");
            assert!(!body.contains('\r'), "carriage return: {body:?}");
            let indent = body.len() - body.trim_start_matches(' ').len();
            assert_eq!(indent % 2, 0, "indentation is two spaces a level: {body:?}");
            assert!(!body.starts_with('\t') && !body.trim_start().starts_with('\t'));
        }
        offset += line.len();
    }
}

fn text_block_spans(file: &ast::File) -> Vec<std::ops::Range<usize>> {
    fn walk(s: &Statement, out: &mut Vec<std::ops::Range<usize>>) {
        for v in &s.args {
            let items: Vec<&Value> = match &v.kind {
                ValueKind::List(items) => items.iter().collect(),
                _ => vec![v],
            };
            for i in items {
                if matches!(i.kind, ValueKind::TextBlock(_)) {
                    out.push(i.span.range());
                }
            }
        }
        s.children().iter().for_each(|c| walk(c, out));
    }
    let mut out = Vec::new();
    file.statements.iter().for_each(|s| walk(s, &mut out));
    out
}

fn examples() -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = glob::glob("examples/**/*.smm")
        .expect("pattern")
        .flatten()
        .collect();
    found.sort();
    assert!(found.len() >= 3, "examples not found");
    found
}

fn fixtures() -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = glob::glob("tests/fixtures/fmt/*.smm")
        .expect("pattern")
        .flatten()
        .collect();
    found.sort();
    assert!(found.len() >= 7, "fixtures not found");
    found
}

fn snapshot_name(prefix: &str, path: &Path, root: &str) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    let stem = rel
        .with_extension("")
        .to_string_lossy()
        .replace(['/', '\\'], "-");
    format!("{prefix}-{stem}")
}

// ---------------------------------------------------------------------------------------------
// snapshots

#[test]
fn examples_format_to_their_snapshots() {
    for path in examples() {
        let src = std::fs::read_to_string(&path).unwrap();
        let out = fmt(&src);
        check_formatted(&src, &out);
        insta::assert_snapshot!(snapshot_name("example", &path, "examples/"), out);
    }
}

#[test]
fn fixtures_format_to_their_snapshots() {
    for path in fixtures() {
        let src = std::fs::read_to_string(&path).unwrap();
        let out = fmt(&src);
        check_formatted(&src, &out);
        insta::assert_snapshot!(snapshot_name("fixture", &path, "tests/fixtures/fmt/"), out);
    }
}

#[test]
fn crlf_bom_tabs_and_trailing_blanks_make_no_difference() {
    for path in examples().into_iter().chain(fixtures()) {
        let src = std::fs::read_to_string(&path)
            .unwrap()
            .replace("\r\n", "\n");
        let canonical = fmt(&src);
        let crlf = format!("\u{feff}{}", src.replace('\n', "\r\n"));
        assert_eq!(fmt(&crlf), canonical, "{}: CRLF and BOM", path.display());
        // Trailing blanks on every line outside text blocks.
        let blocks = text_block_spans(&parse(&src));
        let mut noisy = String::new();
        let mut offset = 0;
        for line in src.split_inclusive('\n') {
            let newline = offset + line.len() - 1;
            let inside = blocks.iter().any(|r| r.start < newline && newline < r.end);
            match line.strip_suffix('\n') {
                Some(body) if !inside => {
                    noisy.push_str(body);
                    noisy.push_str(" \t \n");
                }
                _ => noisy.push_str(line),
            }
            offset += line.len();
        }
        assert_eq!(
            fmt(&noisy),
            canonical,
            "{}: trailing blanks",
            path.display()
        );
    }
}

#[test]
fn literal_values_are_printed_as_written() {
    let src = "kpi k { target >=   12_000; x \"\\u{1F600} \\\"q\\\"\"   12.50\tEUR  4.5%  2027-03-03   09:00  30min 18..34 }\n";
    assert_eq!(
        fmt(src),
        "kpi k { target >= 12_000; x \"\\u{1F600} \\\"q\\\"\" 12.50 EUR 4.5% 2027-03-03 09:00 30min 18..34 }\n"
    );
}

#[test]
fn the_one_line_block_rule() {
    // Written on one line and fits: kept.
    assert_eq!(
        fmt("role a {title \"X\";name \"Y\"}"),
        "role a { title \"X\"; name \"Y\" }\n"
    );
    // Written over several lines: expanded, however short.
    assert_eq!(
        fmt("role a { title \"X\"\n}"),
        "role a {\n  title \"X\"\n}\n"
    );
    // A nested block: the outer block is expanded, the inner one may stay on one line.
    assert_eq!(
        fmt("message m { text \"a\"; variant x { text \"b\" } }"),
        "message m {\n  text \"a\"\n  variant x { text \"b\" }\n}\n"
    );
    // A comment inside: expanded.
    assert_eq!(
        fmt("role a { title \"X\" // t\n}"),
        "role a {\n  title \"X\" // t\n}\n"
    );
}

#[test]
fn syntax_errors_are_not_formatted() {
    for src in [
        "role a {",
        "role a { title \"X }",
        "}\n",
        "x 12000EUR",
        "x 2027-02-30",
    ] {
        match format(src) {
            Err(FormatError::Syntax(d)) => assert!(!d.is_empty(), "{src}"),
            other => panic!("{src}: {other:?}"),
        }
        assert!(format_source(src).is_err(), "{src}");
    }
}

// ---------------------------------------------------------------------------------------------
// property test: random whitespace and comment edits

/// Where an edit keeps the meaning of a file.
#[derive(Default, Debug)]
struct Places {
    /// Between tokens: spaces and tabs may go here.
    gaps: Vec<usize>,
    /// Before a statement, a list item or a `}`: a line break may go here.
    line_starts: Vec<usize>,
    /// A line end outside text blocks and comments: `// comment` may go before it.
    line_ends: Vec<usize>,
    /// A `;` between statements: may become a line break.
    semicolons: Vec<usize>,
}

fn places(src: &str) -> Places {
    let file = parse(src);
    let comments = trivia::comments(src);
    let in_comment = |p: usize| comments.iter().any(|c| c.start <= p && p < c.end);
    let mut places = Places::default();
    fn head_end(s: &Statement) -> usize {
        s.args
            .iter()
            .map(|a| a.span.end)
            .chain([s.keyword.span.end])
            .max()
            .unwrap() as usize
    }
    fn end(s: &Statement) -> usize {
        s.block
            .as_ref()
            .map_or(head_end(s), |b| b.span.end as usize)
    }
    fn value(v: &Value, p: &mut Places) {
        p.gaps.push(v.span.start as usize);
        p.gaps.push(v.span.end as usize);
        match &v.kind {
            ValueKind::List(items) => {
                for i in items {
                    p.line_starts.push(i.span.start as usize);
                    value(i, p);
                }
            }
            ValueKind::Comparison(_, inner) => p.gaps.push(inner.span.start as usize),
            _ => {}
        }
    }
    fn sequence(
        src: &str,
        statements: &[Statement],
        until: usize,
        p: &mut Places,
        in_comment: &dyn Fn(usize) -> bool,
    ) {
        for (i, s) in statements.iter().enumerate() {
            let start = s.span.start as usize;
            p.gaps.push(start);
            p.line_starts.push(start);
            p.gaps.push(s.keyword.span.end as usize);
            s.args.iter().for_each(|v| value(v, p));
            if let Some(b) = &s.block {
                let (open, close) = (b.span.start as usize, b.span.end as usize);
                p.gaps.push(open + 1);
                p.gaps.push(close - 1);
                p.line_starts.push(close - 1);
                sequence(src, &b.statements, close - 1, p, in_comment);
            }
            let next = statements
                .get(i + 1)
                .map_or(until, |n| n.span.start as usize);
            for (k, b) in src[end(s)..next].bytes().enumerate() {
                let at = end(s) + k;
                if b == b';' && !in_comment(at) {
                    p.semicolons.push(at);
                }
            }
        }
    }
    sequence(src, &file.statements, src.len(), &mut places, &in_comment);
    let text_blocks = text_block_spans(&file);
    for (i, b) in src.bytes().enumerate() {
        if b != b'\n' {
            continue;
        }
        let at = if i > 0 && src.as_bytes()[i - 1] == b'\r' {
            i - 1
        } else {
            i
        };
        let inside = text_blocks.iter().any(|r| r.start < at && at < r.end);
        let after_comment = comments.iter().any(|c| c.end == at);
        if !inside && !after_comment {
            places.line_ends.push(at);
        }
    }
    places
}

/// Applies edits described by `choices` (kind, place, parameter) to `src`.
fn mutate(src: &str, places: &Places, choices: &[(u8, u32, u8)]) -> String {
    let mut edits: Vec<(usize, bool, String)> = Vec::new(); // (at, replaces `;`, text)
    for (n, &(kind, place, param)) in choices.iter().enumerate() {
        let pick = |v: &Vec<usize>| (!v.is_empty()).then(|| v[place as usize % v.len()]);
        let blanks = [" ", "\t", "  ", " \t  ", "\t\t"][param as usize % 5];
        let edit =
            match kind % 6 {
                0 | 1 => pick(&places.gaps).map(|at| (at, false, blanks.to_string())),
                2 => pick(&places.line_starts)
                    .map(|at| (at, false, "\n".repeat(1 + param as usize % 3))),
                3 => pick(&places.line_ends)
                    .map(|at| (at, false, format!("{blanks}// end-of-line {n}"))),
                4 => pick(&places.line_starts)
                    .map(|at| (at, false, format!("\n{blanks}// own-line {n}\n{blanks}"))),
                _ => pick(&places.semicolons).map(|at| (at, true, "\n".to_string())),
            };
        edits.extend(edit);
    }
    // Apply from the end, so that earlier offsets stay valid; each `;` is replaced once.
    edits.sort_by_key(|e| std::cmp::Reverse(e.0));
    let mut out = src.to_string();
    let mut replaced = std::collections::HashSet::new();
    for (at, replaces, text) in edits {
        if replaces {
            if replaced.insert(at) {
                out.replace_range(at..at + 1, &text);
            }
        } else {
            out.insert_str(at, &text);
        }
    }
    out
}

fn example_sources() -> Vec<(String, String, Places)> {
    examples()
        .into_iter()
        .chain(fixtures())
        .map(|p| {
            let src = std::fs::read_to_string(&p).unwrap();
            let places = places(&src);
            (p.display().to_string(), src, places)
        })
        .collect()
}

#[test]
fn the_edit_generator_makes_every_kind_of_edit() {
    let src = std::fs::read_to_string("examples/printemps-lumiere.smm").unwrap();
    let places = places(&src);
    assert!(!places.semicolons.is_empty() && !places.line_ends.is_empty());
    for kind in 0..6u8 {
        let mutated = mutate(&src, &places, &[(kind, 7, 1)]);
        assert_ne!(mutated, src, "edit kind {kind} changed nothing");
        assert_same_tree(&src, &mutated);
    }
    assert!(mutate(&src, &places, &[(3, 7, 0)]).contains(" // end-of-line 0\n"));
    assert!(mutate(&src, &places, &[(4, 7, 0)]).contains("\n // own-line 0\n"));
    let split = mutate(&src, &places, &[(5, 7, 0)]);
    assert_eq!(split.matches(';').count() + 1, src.matches(';').count());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn formatting_is_idempotent_and_keeps_meaning_and_comments(
        which in any::<u8>(),
        choices in prop::collection::vec((any::<u8>(), any::<u32>(), any::<u8>()), 0..40),
    ) {
        thread_local! {
            static SOURCES: Vec<(String, String, Places)> = example_sources();
        }
        SOURCES.with(|sources| {
            let (name, src, places) = &sources[which as usize % sources.len()];
            let mutated = mutate(src, places, &choices);
            // The edits themselves keep the meaning (a check of this test's generator).
            assert_same_tree(src, &mutated);
            let once = fmt(&mutated);
            check_formatted(&mutated, &once);
            let inserted = comment_texts(&mutated).len() - comment_texts(src).len();
            assert_eq!(comment_texts(&once).len(), comment_texts(src).len() + inserted, "{name}");
        });
    }
}

// ---------------------------------------------------------------------------------------------
// command line

fn smm(args: &[&str], dir: &Path, stdin: Option<&str>) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_smm"));
    cmd.args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("smm runs");
    if let Some(input) = stdin {
        use std::io::Write;
        child
            .stdin
            .take()
            .unwrap()
            .write_all(input.as_bytes())
            .unwrap();
    }
    child.wait_with_output().unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A fresh folder holding `files`.
fn workspace(name: &str, files: &[(&str, &str)]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("smm-fmt-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    for (path, text) in files {
        let p = dir.join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    dir
}

const UGLY: &str = "role a {title \"X\";name \"Y\"}   \n\n\n\nrole b { title \"Z\" }\n";
const PRETTY: &str = "role a { title \"X\"; name \"Y\" }\n\nrole b { title \"Z\" }\n";
const BROKEN: &str = "role a {\n  title \"X\n";

#[test]
fn check_lists_unformatted_files_and_exits_1_without_writing() {
    let dir = workspace("check", &[("ugly.smm", UGLY), ("sub/pretty.smm", PRETTY)]);
    let out = smm(&["fmt", "--check", "."], &dir, None);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_eq!(stdout(&out), "ugly.smm\n");
    assert_eq!(std::fs::read_to_string(dir.join("ugly.smm")).unwrap(), UGLY);

    let out = smm(&["fmt", "--check", "sub/pretty.smm"], &dir, None);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stdout(&out), "");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn diff_prints_a_unified_diff_without_writing() {
    let dir = workspace("diff", &[("ugly.smm", UGLY)]);
    let out = smm(&["fmt", "--diff", "ugly.smm"], &dir, None);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.starts_with("--- ugly.smm\n+++ ugly.smm\n@@ "),
        "{text}"
    );
    assert!(
        text.contains("\n-role a {title \"X\";name \"Y\"}   \n"),
        "{text}"
    );
    assert!(
        text.contains("\n+role a { title \"X\"; name \"Y\" }\n"),
        "{text}"
    );
    assert_eq!(std::fs::read_to_string(dir.join("ugly.smm")).unwrap(), UGLY);

    // With --check too: the diff, and exit 1.
    let out = smm(&["fmt", "--check", "--diff", "ugly.smm"], &dir, None);
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).starts_with("--- ugly.smm\n"));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn writes_only_files_that_change() {
    let dir = workspace("write", &[("ugly.smm", UGLY), ("pretty.smm", PRETTY)]);
    let old = std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_000_000_000);
    let pretty = std::fs::File::options()
        .write(true)
        .open(dir.join("pretty.smm"))
        .unwrap();
    pretty.set_modified(old).unwrap();
    drop(pretty);

    let out = smm(&["fmt", "*.smm"], &dir, None);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stdout(&out), "formatted ugly.smm\n");
    assert_eq!(
        std::fs::read_to_string(dir.join("ugly.smm")).unwrap(),
        PRETTY
    );
    let modified = std::fs::metadata(dir.join("pretty.smm"))
        .unwrap()
        .modified()
        .unwrap();
    assert_eq!(modified, old, "an already formatted file is not rewritten");
    // No temporary file is left behind.
    let names: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), 2, "{names:?}");

    // Second run: nothing to do.
    let out = smm(&["fmt", "."], &dir, None);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(stdout(&out), "");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn stdin_is_formatted_to_stdout() {
    let dir = workspace("stdin", &[]);
    std::fs::create_dir_all(&dir).unwrap();
    let out = smm(&["fmt", "-"], &dir, Some(UGLY));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stdout(&out), PRETTY);

    let out = smm(&["fmt", "--check", "-"], &dir, Some(UGLY));
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(stdout(&out), "<stdin>\n");
    let out = smm(&["fmt", "--check", "-"], &dir, Some(PRETTY));
    assert_eq!(out.status.code(), Some(0));
    let out = smm(&["fmt", "--diff", "-"], &dir, Some(UGLY));
    assert!(stdout(&out).starts_with("--- <stdin>\n+++ <stdin>\n"));

    // A syntax error: nothing on standard output (an editor keeps its buffer), errors on stderr.
    let out = smm(&["fmt", "-"], &dir, Some(BROKEN));
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(stdout(&out), "");
    assert!(
        stderr(&out).contains("E0101") || stderr(&out).contains("E01"),
        "{}",
        stderr(&out)
    );

    let out = smm(&["fmt", "-", "x.smm"], &dir, None);
    assert_eq!(out.status.code(), Some(2));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_file_with_syntax_errors_is_left_untouched() {
    let dir = workspace("broken", &[("broken.smm", BROKEN), ("ugly.smm", UGLY)]);
    let out = smm(&["fmt", "."], &dir, None);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("broken.smm"), "{err}");
    assert!(err.contains("not formatted: broken.smm has"), "{err}");
    assert_eq!(
        std::fs::read_to_string(dir.join("broken.smm")).unwrap(),
        BROKEN
    );
    // The other files are still formatted.
    assert_eq!(
        std::fs::read_to_string(dir.join("ugly.smm")).unwrap(),
        PRETTY
    );

    let out = smm(&["fmt", "--check", "broken.smm"], &dir, None);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(stdout(&out), "");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn missing_files_are_usage_errors() {
    let dir = workspace("missing", &[]);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("ugly.smm"), UGLY).unwrap();
    let out = smm(&["fmt", "nope.smm", "ugly.smm"], &dir, None);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("nope.smm"), "{}", stderr(&out));
    // The paths that exist are still formatted.
    assert_eq!(
        std::fs::read_to_string(dir.join("ugly.smm")).unwrap(),
        PRETTY
    );
    std::fs::remove_dir_all(&dir).unwrap();
}
