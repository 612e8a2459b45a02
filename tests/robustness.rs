//! The front end never panics, never overflows its stack and always points inside the file.
//!
//! Properties are checked on arbitrary text, arbitrary bytes, text assembled from the language's
//! own tokens, and the example campaigns with random edits (the mistakes people make: a deleted
//! quote, a doubled bracket, a line pasted twice). Case counts are kept moderate so that the
//! whole suite runs in CI in a few minutes.

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use proptest::prelude::*;
use smm::diagnostic::render::{render_all, Style};
use smm::diagnostic::Diagnostic;
use smm::project::{self, Options, Project};
use smm::source::{FileId, SourceMap};
use smm::syntax::parse;

// ---- invariants --------------------------------------------------------------------------------

/// Every primary and secondary span of `diagnostics` lies inside `text` and on char boundaries.
fn check_spans_in(text: &str, file: FileId, diagnostics: &[Diagnostic]) {
    for d in diagnostics {
        let labels = std::iter::once(&d.primary).chain(&d.secondary);
        for label in labels.filter(|l| l.span.file == file) {
            let (start, end) = (label.span.start as usize, label.span.end as usize);
            assert!(
                start <= end && end <= text.len(),
                "{} `{}`: span {start}..{end} outside a text of {} bytes",
                d.code,
                d.message,
                text.len()
            );
            assert!(
                text.is_char_boundary(start) && text.is_char_boundary(end),
                "{} `{}`: span {start}..{end} not on char boundaries",
                d.code,
                d.message
            );
        }
    }
}

/// The same check for every file of a project, plus: every span names a file of the project,
/// and the diagnostics render.
fn check_project(project: &Project) {
    let files = project.sources.files().count() as u32;
    for d in &project.diagnostics {
        let spans = std::iter::once(&d.primary).chain(&d.secondary);
        for l in spans {
            assert!(l.span.file.0 < files, "{}: span in unknown file", d.code);
        }
    }
    for (id, file) in project.sources.files() {
        check_spans_in(&file.text, id, &project.diagnostics);
    }
    let out = render_all(&project.diagnostics, &project.sources, Style::Plain);
    assert_eq!(out.is_empty(), project.diagnostics.is_empty());
}

/// Parses `text` alone, checks the invariants and renders the diagnostics.
fn check_text(text: &str) -> Vec<Diagnostic> {
    let parsed = parse(FileId(0), text);
    check_spans_in(text, FileId(0), &parsed.diagnostics);
    let mut sources = SourceMap::new();
    sources.add(PathBuf::from("fuzz.smm"), text);
    // Rendering reads the source map's text, which has no byte-order mark.
    if !text.starts_with('\u{feff}') {
        let _ = render_all(&parsed.diagnostics, &sources, Style::Plain);
    }
    parsed.diagnostics
}

// ---- temporary files ---------------------------------------------------------------------------

/// A fresh directory under the system's temporary directory, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new(tag: &str) -> TempDir {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let dir =
            std::env::temp_dir().join(format!("smm-robustness-{}-{tag}-{n}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        TempDir(dir)
    }

    fn write(&self, name: &str, bytes: &[u8]) -> PathBuf {
        let path = self.0.join(name);
        std::fs::write(&path, bytes).expect("write temp file");
        path
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn load_bytes(bytes: &[u8]) -> Project {
    let dir = TempDir::new("bytes");
    let path = dir.write("plan.smm", bytes);
    project::load(&path, Options::default()).expect("the file exists")
}

// ---- generators --------------------------------------------------------------------------------

/// Pieces of `.smm` text, good and bad, so that random text reaches deep into the parser.
const TOKENS: &[&str] = &[
    "campaign",
    "message",
    "post",
    "import",
    "audience",
    "text",
    "x",
    "fr",
    "teaser_1",
    "ig-main",
    "é",
    "notoriété",
    "🎁",
    "\u{feff}",
    " ",
    " ",
    " ",
    "\t",
    "\n",
    "\n",
    "\r\n",
    "\r",
    ";",
    "{",
    "}",
    "[",
    "]",
    ",",
    ",",
    "\"",
    "\"",
    "\"\"\"",
    "\"hello\"",
    "\"a\\\"b\"",
    "\\",
    "\\u{",
    "\\u{1F600}",
    "\\q",
    "//",
    "// comment\n",
    "#",
    ":",
    "=",
    ">=",
    "<=",
    ">",
    "==",
    "..",
    "%",
    "0",
    "12",
    "12_000",
    "4.5",
    "10%",
    "12 EUR",
    "12.345 EUR",
    "1500 JPY",
    "7 KWD",
    "12EUR",
    "2027-03-01",
    "2027-02-30",
    "2027-3-1",
    "09:00",
    "24:00",
    "9:5",
    "2027-03-03 09:00",
    "30min",
    "2h",
    "3d",
    "2w",
    "30s",
    "18..34",
    "34..18",
    "99999999999999999999",
    "-",
    "_",
    "@",
    "(",
    ")",
    "\0",
    "\u{7f}",
    "\u{200b}",
];

fn token_soup() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(TOKENS), 0..80).prop_map(|v| v.concat())
}

fn any_chars() -> impl Strategy<Value = String> {
    prop::collection::vec(any::<char>(), 0..200).prop_map(|v| v.into_iter().collect())
}

/// Bytes that are mostly text, with now and then a byte that is not UTF-8.
fn mostly_text_bytes() -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec(
        prop_oneof![
            8 => prop::sample::select(TOKENS).prop_map(|t| t.as_bytes().to_vec()),
            1 => any::<u8>().prop_map(|b| vec![b]),
        ],
        0..60,
    )
    .prop_map(|v| v.concat())
}

/// The example campaigns, read once: (path, text). A realistic inline plan if there is none.
fn examples() -> &'static [(PathBuf, String)] {
    static EXAMPLES: std::sync::OnceLock<Vec<(PathBuf, String)>> = std::sync::OnceLock::new();
    EXAMPLES.get_or_init(|| {
        let mut out = Vec::new();
        for dir in ["examples", "examples/shared"] {
            let Ok(entries) = std::fs::read_dir(dir) else {
                continue;
            };
            for entry in entries.flatten() {
                let path = entry.path();
                if path.extension().is_some_and(|e| e == "smm") {
                    if let Ok(text) = std::fs::read_to_string(&path) {
                        out.push((path, text));
                    }
                }
            }
        }
        out.sort();
        if out.is_empty() {
            out.push((PathBuf::from("examples/inline.smm"), INLINE.to_string()));
        }
        out
    })
}

const INLINE: &str = r#"// A small but complete plan.
campaign "Printemps 2027 — gamme Lumière" {
  start 2027-03-01
  end 2027-05-31
  timezone "Europe/Paris"
  budget 24000 EUR
}
role community { title "Community manager"; name "Yanis Benali" }
audience young_urban {
  age 18..34
  locations [FR, BE, CH]
  interests [
    "décoration",
    "design",
  ]
}
channel instagram { handle "@maisonlumiere"; owner community; max_per_day 2 }
message concours {
  text """
    CONCOURS 🎁 Gagnez une lampe Aube !
    #Concours
    """
  variant x { text "CONCOURS \u{1F381} #Concours" }
}
schedule launch {
  post concours to [instagram] at 2027-03-03 09:00
  post [concours] to instagram every [tue, fri] at 18:00 during launch repeat
}
kpi reach { metric reach; target >= 400_000; review weekly }
task moderation { owner community; every weekday at [09:00, 14:00]; duration 45min }
"#;

/// One random edit of a text.
#[derive(Debug, Clone)]
enum Edit {
    DeleteChar(f64),
    InsertChar(f64, char),
    DuplicateChar(f64),
    DeleteLine(f64),
    DuplicateLine(f64),
    SwapLines(f64, f64),
}

const PUNCTUATION: &[char] = &[
    '"', '[', ']', '{', '}', ':', ';', ',', '=', '<', '>', '\\', '/', '#', '.', '%', '\n', ' ',
    '_', '-', 'é', '\u{feff}',
];

fn edit() -> impl Strategy<Value = Edit> {
    let at = 0.0..1.0f64;
    prop_oneof![
        at.clone().prop_map(Edit::DeleteChar),
        (at.clone(), prop::sample::select(PUNCTUATION)).prop_map(|(a, c)| Edit::InsertChar(a, c)),
        (at.clone(), any::<char>()).prop_map(|(a, c)| Edit::InsertChar(a, c)),
        at.clone().prop_map(Edit::DuplicateChar),
        at.clone().prop_map(Edit::DeleteLine),
        at.clone().prop_map(Edit::DuplicateLine),
        (at.clone(), at).prop_map(|(a, b)| Edit::SwapLines(a, b)),
    ]
}

/// The char boundary at or before the fraction `at` of `text`.
fn boundary(text: &str, at: f64) -> usize {
    let mut i = ((text.len() as f64) * at) as usize;
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn one(range: Range<usize>) -> Vec<Range<usize>> {
    vec![range]
}

/// Applies `edit` to `text`; returns the byte ranges of the original text that it touched.
fn apply(text: &mut String, edit: &Edit) -> Vec<Range<usize>> {
    let char_len = |text: &str, i: usize| text[i..].chars().next().map_or(0, char::len_utf8);
    match *edit {
        Edit::DeleteChar(at) => {
            let i = boundary(text, at);
            let n = char_len(text, i);
            text.replace_range(i..i + n, "");
            one(i..i + n)
        }
        Edit::InsertChar(at, c) => {
            let i = boundary(text, at);
            text.insert(i, c);
            one(i..i)
        }
        Edit::DuplicateChar(at) => {
            let i = boundary(text, at);
            let n = char_len(text, i);
            let s = text[i..i + n].to_string();
            text.insert_str(i, &s);
            one(i..i + n)
        }
        Edit::DeleteLine(_) | Edit::DuplicateLine(_) | Edit::SwapLines(..) => {
            let mut lines: Vec<String> = text.split_inclusive('\n').map(String::from).collect();
            if lines.is_empty() {
                return Vec::new();
            }
            let range = |lines: &[String], i: usize| {
                let start: usize = lines[..i].iter().map(String::len).sum();
                start..start + lines[i].len()
            };
            let pick = |at: f64| ((lines.len() as f64 * at) as usize).min(lines.len() - 1);
            let touched = match *edit {
                Edit::DeleteLine(at) => {
                    let i = pick(at);
                    let r = range(&lines, i);
                    lines.remove(i);
                    vec![r]
                }
                Edit::DuplicateLine(at) => {
                    let i = pick(at);
                    let line = lines[i].clone();
                    let r = range(&lines, i);
                    lines.insert(i, line);
                    vec![r]
                }
                Edit::SwapLines(a, b) => {
                    let (i, j) = (pick(a), pick(b));
                    let rs = vec![range(&lines, i), range(&lines, j)];
                    lines.swap(i, j);
                    rs
                }
                _ => unreachable!(),
            };
            *text = lines.concat();
            touched
        }
    }
}

/// The byte ranges of the text blocks of `text`, from `"""` to `"""` inclusive.
fn text_blocks(text: &str) -> Vec<Range<usize>> {
    let quotes: Vec<usize> = text.match_indices("\"\"\"").map(|(i, _)| i).collect();
    quotes
        .chunks(2)
        .map(|p| p[0]..p.get(1).map_or(text.len(), |e| e + 3))
        .collect()
}

/// `cases` cases; a failure is kept in `tests/robustness.proptest-regressions` and replayed first.
fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        failure_persistence: Some(Box::new(
            proptest::test_runner::FileFailurePersistence::WithSource("proptest-regressions"),
        )),
        ..ProptestConfig::default()
    }
}

// ---- properties --------------------------------------------------------------------------------

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn arbitrary_text_never_panics_and_spans_stay_inside(text in any_chars()) {
        check_text(&text);
    }

    #[test]
    fn token_soup_never_panics_and_spans_stay_inside(text in token_soup()) {
        check_text(&text);
        // Through a project too (imports in the soup are resolved in an empty directory).
        let dir = TempDir::new("soup");
        let project = project::load_text(&dir.0.join("soup.smm"), &text, Options::default());
        check_project(&project);
    }

    #[test]
    fn parsing_is_deterministic(text in token_soup()) {
        let a = parse(FileId(0), &text);
        let b = parse(FileId(0), &text);
        prop_assert_eq!(a.file, b.file);
        prop_assert_eq!(a.diagnostics, b.diagnostics);
    }
}

proptest! {
    // Each case writes a file: fewer cases.
    #![proptest_config(config(96))]

    #[test]
    fn arbitrary_bytes_from_disk_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..300)) {
        let project = load_bytes(&bytes);
        check_project(&project);
        let utf8 = std::str::from_utf8(&bytes).is_ok();
        let e0100 = project.diagnostics.iter().filter(|d| d.code == "E0100").count();
        prop_assert_eq!(e0100, usize::from(!utf8));
        if !utf8 {
            // The encoding is the only thing reported: the rest would be about a guess.
            prop_assert_eq!(project.diagnostics.len(), 1);
        }
    }

    #[test]
    fn mostly_text_bytes_from_disk_never_panic(bytes in mostly_text_bytes()) {
        let project = load_bytes(&bytes);
        check_project(&project);
    }
}

proptest! {
    #![proptest_config(config(384))]

    #[test]
    fn edited_examples_never_panic_and_spans_stay_inside(
        which in any::<prop::sample::Index>(),
        edits in prop::collection::vec(edit(), 1..4),
    ) {
        let (path, original) = &examples()[which.index(examples().len())];
        let mut text = original.clone();
        for e in &edits {
            let _ = apply(&mut text, e);
        }
        check_text(&text);
        // As the example's own file, so that its imports are followed.
        let project = project::load_text(path, &text, Options::default());
        check_project(&project);
    }

    #[test]
    fn one_edit_causes_few_errors(
        which in any::<prop::sample::Index>(),
        e in edit(),
    ) {
        // Recovery must not cascade: one mistake gives a handful of errors, not one per line.
        let (_, original) = &examples()[which.index(examples().len())];
        let mut text = original.clone();
        let touched = apply(&mut text, &e);
        // Except in and around text blocks: a `"""` added, lost or moved turns text into code and
        // code into text up to the next `"""`, which no recovery can undo.
        let blocks = text_blocks(original);
        prop_assume!(!touched
            .iter()
            .any(|t| blocks.iter().any(|b| t.start <= b.end && b.start <= t.end)));
        let before = parse(FileId(0), original).diagnostics.len();
        let diagnostics = check_text(&text);
        prop_assert!(
            diagnostics.len() <= before + 8,
            "{} errors after {:?}:\n{}",
            diagnostics.len(),
            e,
            diagnostics.iter().map(|d| format!("{} {}\n", d.code, d.message)).collect::<String>()
        );
    }
}

// ---- deterministic cases -----------------------------------------------------------------------

/// Runs `f` and fails if it takes longer than `limit` (generous: debug builds on slow CI).
fn timed<T>(what: &str, limit: Duration, f: impl FnOnce() -> T) -> T {
    let start = Instant::now();
    let out = f();
    let took = start.elapsed();
    assert!(took < limit, "{what} took {took:?}");
    out
}

fn codes(diagnostics: &[Diagnostic]) -> Vec<&'static str> {
    diagnostics.iter().map(|d| d.code).collect()
}

#[test]
fn ten_thousand_nested_brackets_are_an_error_not_a_stack_overflow() {
    for text in [
        format!("locations {}", "[".repeat(10_000)),
        format!("locations {}{}", "[".repeat(10_000), "]".repeat(10_000)),
        format!("a {{ b {} }}", "[".repeat(10_000)),
        "[".repeat(10_000),
    ] {
        let diagnostics = timed("10 000 `[`", Duration::from_secs(5), || check_text(&text));
        assert!(!diagnostics.is_empty());
        assert!(
            diagnostics.len() <= 3,
            "{} errors: {:?}",
            diagnostics.len(),
            codes(&diagnostics)
        );
    }
}

#[test]
fn ten_thousand_nested_blocks_are_an_error_not_a_stack_overflow() {
    for text in [
        "a {".repeat(10_000),
        format!("{}{}", "a {".repeat(10_000), "}".repeat(10_000)),
        "{".repeat(10_000),
        format!("{}{}", "{".repeat(10_000), "}".repeat(10_000)),
    ] {
        let diagnostics = timed("10 000 `{`", Duration::from_secs(5), || check_text(&text));
        assert!(
            codes(&diagnostics).contains(&"E0117"),
            "{:?}",
            codes(&diagnostics)
        );
        assert!(
            diagnostics.len() <= 3,
            "{} errors: {:?}",
            diagnostics.len(),
            codes(&diagnostics)
        );
    }
}

#[test]
fn deep_nesting_in_a_small_stack() {
    // The parser keeps its own stack: even a thread with 256 KiB of stack copes.
    let handle = std::thread::Builder::new()
        .stack_size(256 * 1024)
        .spawn(|| {
            let text = format!("{}{}", "a {".repeat(10_000), "[".repeat(10_000));
            parse(FileId(0), &text).diagnostics.len()
        })
        .unwrap();
    assert!(handle.join().expect("no stack overflow") > 0);
}

#[test]
fn a_long_flat_file_is_parsed_in_linear_time() {
    let line = "message m { text \"Bientôt ✨ #MaisonLumiere\"; audience [a, b, c]; at 2027-03-03 09:00 }\n";
    let text = line.repeat(20_000);
    let diagnostics = timed("20 000 statements", Duration::from_secs(20), || {
        check_text(&text)
    });
    assert!(diagnostics.is_empty());
    // And broken on every line: still one error per line, no more, and no quadratic blow-up.
    let broken = "audience a { locations [FR, BE\n}\n".repeat(5_000);
    let diagnostics = timed("5 000 broken lists", Duration::from_secs(20), || {
        check_text(&broken)
    });
    assert_eq!(diagnostics.len(), 5_000);
}

#[test]
fn non_utf8_file_reports_e0100_naming_the_byte() {
    let project = load_bytes(b"campaign \"Printemps\" {\n  brand \"Maison Lumi\xe8re\"\n}\n");
    check_project(&project);
    assert_eq!(codes(&project.diagnostics), ["E0100"]);
    let d = &project.diagnostics[0];
    assert!(
        d.primary.message.contains("0xE8"),
        "{:?}",
        d.primary.message
    );
    let (line, col) = project
        .sources
        .get(d.primary.span.file)
        .line_col(d.primary.span.start);
    assert_eq!((line, col), (2, 21));
    assert!(d.help.as_deref().unwrap_or("").contains("UTF-8"));
}

#[test]
fn utf16_file_is_recognised() {
    let mut bytes = vec![0xFF, 0xFE];
    for unit in "campaign \"x\"\n".encode_utf16() {
        bytes.extend_from_slice(&unit.to_le_bytes());
    }
    let project = load_bytes(&bytes);
    check_project(&project);
    assert_eq!(codes(&project.diagnostics), ["E0100"]);
    assert!(
        project.diagnostics[0]
            .help
            .as_deref()
            .unwrap_or("")
            .contains("UTF-16"),
        "{:?}",
        project.diagnostics[0].help
    );
}

#[test]
fn empty_and_comment_only_files_have_no_error() {
    for text in [
        "",
        "\n",
        "\r\n\r\n",
        "   \t  ",
        "\u{feff}",
        "// only a comment",
        "// one\n// two\n\n   // three, indented\r\n",
        "\u{feff}// after a byte-order mark\n",
        ";\n;",
    ] {
        assert!(
            check_text(text).is_empty(),
            "{text:?}: {:?}",
            codes(&check_text(text))
        );
        let project = load_bytes(text.as_bytes());
        assert!(project.diagnostics.is_empty(), "{text:?} from disk");
        assert!(project.files[0].statements.is_empty(), "{text:?}");
    }
}

#[test]
fn examples_exist_for_the_edit_properties() {
    // Not an error if there are none yet (an inline plan is used), but the inline plan must be
    // clean for the one-edit property to mean something.
    assert!(
        check_text(INLINE).is_empty(),
        "{:?}",
        codes(&check_text(INLINE))
    );
    // `broken*.smm` examples show mistakes on purpose.
    let clean = examples().iter().filter(|(path, _)| {
        !path
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with("broken"))
    });
    for (path, text) in clean {
        let project = project::load_text(Path::new(path), text, Options::default());
        assert!(
            project.diagnostics.is_empty(),
            "{}: {:?}",
            path.display(),
            codes(&project.diagnostics)
        );
    }
}

// ---- regressions found by the properties above ---------------------------------------------------

#[test]
fn non_ascii_word_after_a_byte_order_mark() {
    // The start of the word was looked for byte by byte and landed inside the mark.
    for text in ["\u{feff}é", "\u{feff}é x", "a \u{feff}é", "é\u{feff}é"] {
        check_text(text);
    }
}

#[test]
fn non_utf8_file_with_a_byte_order_mark() {
    // The mark is dropped from the text, so the error's offset must not count it.
    let project = load_bytes(b"\xEF\xBB\xBFrole r { name \"\xE9\" }");
    check_project(&project);
    assert_eq!(codes(&project.diagnostics), ["E0100"]);
    let d = &project.diagnostics[0];
    assert_eq!(project.sources.slice(d.primary.span), "\u{FFFD}");
    // A bad byte at the very end.
    let project = load_bytes(b"\xEF\xBB\xBFrole r\xE9");
    check_project(&project);
}

#[test]
fn a_run_of_opening_braces_is_one_error() {
    let d = check_text("{{{{\n}}}}\nrole r { title \"t\" }\n");
    assert_eq!(codes(&d), ["E0109"]);
    // Separate mistakes are still each reported.
    let d = check_text("{ a 1 }\n{ b 2 }\n");
    assert_eq!(codes(&d), ["E0109", "E0109"]);
}

#[test]
fn imports_of_text_loaded_from_a_relative_path() {
    // `load_text` with a relative path compared canonical import paths with a relative root, so
    // every import looked outside the project.
    let path = Path::new("tests/fixtures/syntax/imports/E0124-missing-file/main.smm");
    let text = std::fs::read_to_string(path).unwrap();
    let project = project::load_text(path, &text, Options::default());
    check_project(&project);
    assert_eq!(codes(&project.diagnostics), ["E0124"]);
    assert_eq!(project.files.len(), 2, "team.smm is read");
    // And the entry importing itself is a cycle, not a second copy of the entry.
    let project = project::load_text(
        Path::new("tests/fixtures/syntax/imports/E0125-self-import/main.smm"),
        "import \"main.smm\"\n",
        Options::default(),
    );
    assert_eq!(codes(&project.diagnostics), ["E0125"]);
    assert_eq!(project.files.len(), 1);
}
