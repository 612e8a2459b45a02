//! The `smm` binary as a user and a CI job see it: exit codes, where output goes, and plain
//! output whenever it is not a terminal or `NO_COLOR` is set.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const SMM: &str = env!("CARGO_BIN_EXE_smm");

/// A syntax error at line 2, column 9 of a fixture (paths are relative to the crate root, the
/// working directory of tests).
const BROKEN: &str = "tests/fixtures/syntax/E0110-february-30.smm";

fn smm(args: &[&str]) -> Output {
    Command::new(SMM)
        .args(args)
        .env_remove("NO_COLOR")
        .env("RUST_BACKTRACE", "1")
        .output()
        .expect("run smm")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("stdout is UTF-8")
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).expect("stderr is UTF-8")
}

/// A directory of its own under the system's temporary directory, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new(tag: &str) -> TempDir {
        let dir = std::env::temp_dir().join(format!("smm-cli-{}-{tag}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }

    fn write(&self, name: &str, text: &str) -> String {
        let path = self.0.join(name);
        std::fs::write(&path, text).unwrap();
        path.to_string_lossy().into_owned()
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

const CLEAN: &str = "campaign \"Printemps 2027\" {\n  start 2027-03-01\n  end 2027-05-31\n}\n";

fn assert_no_panic(o: &Output) {
    for text in [stdout(o), stderr(o)] {
        for word in ["panicked", "backtrace", "RUST_BACKTRACE", "thread 'main'"] {
            assert!(!text.contains(word), "output mentions {word}:\n{text}");
        }
    }
}

#[test]
fn clean_file_exits_0() {
    let dir = TempDir::new("clean");
    let file = dir.write("plan.smm", CLEAN);
    let o = smm(&["check", &file]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    assert!(stdout(&o).contains("0 errors"), "{}", stdout(&o));
    assert!(stderr(&o).is_empty(), "{}", stderr(&o));
}

#[test]
fn syntax_error_exits_1_and_shows_path_line_column() {
    let o = smm(&["check", BROKEN]);
    assert_eq!(o.status.code(), Some(1), "{}{}", stdout(&o), stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("E0110"), "{out}");
    assert!(out.contains(&format!("{BROKEN}:2:9")), "{out}");
    assert_no_panic(&o);
}

#[test]
fn every_file_is_checked_and_the_worst_result_wins() {
    let dir = TempDir::new("several");
    let clean = dir.write("clean.smm", CLEAN);
    let o = smm(&["check", &clean, BROKEN]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).contains("checked 2 campaigns"), "{}", stdout(&o));
    // An unreadable file makes it an I/O failure, whatever the other files hold.
    let o = smm(&["check", BROKEN, "tests/fixtures/syntax/does-not-exist.smm"]);
    assert_eq!(o.status.code(), Some(2));
    assert_no_panic(&o);
}

#[test]
fn missing_file_exits_2_with_one_line_on_stderr() {
    let o = smm(&["check", "no/such/plan.smm"]);
    assert_eq!(o.status.code(), Some(2), "{}{}", stdout(&o), stderr(&o));
    let err = stderr(&o);
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 1, "stderr: {err:?}");
    assert!(
        lines[0].starts_with("error: cannot read") && lines[0].contains("no/such/plan.smm"),
        "{err:?}"
    );
    assert_no_panic(&o);
}

#[test]
fn usage_errors_exit_2() {
    for args in [&["check"][..], &["frobnicate"][..], &[][..]] {
        let o = smm(args);
        assert_eq!(o.status.code(), Some(2), "smm {args:?}: {}", stderr(&o));
        assert_no_panic(&o);
    }
}

#[test]
fn piped_output_is_plain() {
    // stdout is a pipe here.
    let o = smm(&["check", BROKEN]);
    let out = stdout(&o);
    assert!(
        !out.contains('\u{1b}'),
        "ANSI escape in piped output:\n{out}"
    );
    assert!(
        !out.contains(['╭', '│', '─', '×']),
        "box drawing in piped output:\n{out}"
    );
    assert!(out.contains(&format!(",-[{BROKEN}:2:9]")), "{out}");
}

#[test]
fn no_color_keeps_piped_output_plain() {
    let o = Command::new(SMM)
        .args(["check", BROKEN])
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(!stdout(&o).contains('\u{1b}'));
}

/// Runs `smm check BROKEN` with a terminal as stdout, through util-linux `script`; `None` where
/// that is not available (not Linux, no pseudo-terminals).
fn on_a_terminal(no_color: Option<&str>) -> Option<String> {
    let available = Command::new("script")
        .args(["-qec", "true", "/dev/null"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !available {
        eprintln!("note: `script` is not available; terminal output not tested");
        return None;
    }
    let cmd = format!("'{SMM}' check '{BROKEN}'");
    let mut c = Command::new("script");
    c.args(["-qec", &cmd, "/dev/null"]).env_remove("NO_COLOR");
    if let Some(v) = no_color {
        c.env("NO_COLOR", v);
    }
    let o = c.output().expect("run script");
    Some(String::from_utf8_lossy(&o.stdout).into_owned())
}

#[test]
fn terminal_output_is_coloured_unless_no_color_is_set() {
    let Some(fancy) = on_a_terminal(None) else {
        return;
    };
    assert!(Path::new(BROKEN).exists());
    assert!(
        fancy.contains('\u{1b}'),
        "no colour on a terminal:\n{fancy}"
    );
    assert!(fancy.contains(&format!("{BROKEN}:2:9")), "{fancy}");
    let plain = on_a_terminal(Some("1")).expect("script still available");
    assert!(
        !plain.contains('\u{1b}'),
        "NO_COLOR=1 still coloured:\n{plain}"
    );
    assert!(plain.contains(&format!(",-[{BROKEN}:2:9]")), "{plain}");
    // An empty NO_COLOR does not count (https://no-color.org).
    let empty = on_a_terminal(Some("")).expect("script still available");
    assert!(empty.contains('\u{1b}'), "{empty}");
}
