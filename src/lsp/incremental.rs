//! Incremental re-parsing: after an edit, only the top-level statements it touches are parsed
//! again; the others are kept, their spans shifted.
//!
//! The parser driver (`crate::syntax::parser`) starts every top-level statement in the same
//! state (no block open), and a statement's parse reads nothing past the separator that ends it.
//! So the text from the start of the last statement that begins *before* the edit to the start of
//! the first statement that begins *after* it can be parsed on its own, and the result spliced in,
//! provided that window ends as the full parse would: no block, list or text block left open
//! (they would swallow what follows), and a `\n` or `;` before the next statement. Anything else
//! falls back to a full parse. `tests` compare both on thousands of random edits.

use crate::ast::{Statement, Value, ValueKind};
use crate::diagnostic::Diagnostic;
use crate::source::{FileId, Span};
use crate::syntax::parser::{parse, Parsed};
use crate::syntax::trivia::{skip_comment, skip_string};

/// What changed since the last parse: `old[start..old_end]` is now `new[start..new_end]`; text
/// before `start` and after the ends is the same.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Region {
    /// First changed byte (same in both texts).
    pub start: usize,
    /// End of the changed bytes in the old text.
    pub old_end: usize,
    /// End of the changed bytes in the new text.
    pub new_end: usize,
}

impl Region {
    /// Adds one more edit, `current[s..e]` replaced by `inserted` bytes, to what changed so far.
    pub fn compose(prev: Option<Region>, s: usize, e: usize, inserted: usize) -> Region {
        match prev {
            None => Region {
                start: s,
                old_end: e,
                new_end: s + inserted,
            },
            Some(r) => Region {
                start: r.start.min(s),
                old_end: r.old_end + e.saturating_sub(r.new_end),
                new_end: r.new_end.max(e) - (e - s) + inserted,
            },
        }
    }
}

/// Codes whose construct may run past the end of a window (an unclosed block, list or text
/// block, or a skipped over-deep block).
const UNBOUNDED: [&str; 4] = ["E0102", "E0107", "E0108", "E0117"];

/// Parses `new_text` again, reusing `old` (the parse of the text before the edits in `region`,
/// `old_len` bytes long). Falls back to a full parse when the edit's window is not self-contained.
/// Returns the parse and whether it was incremental.
pub fn reparse(
    file: FileId,
    old: Parsed,
    old_len: usize,
    new_text: &str,
    region: Region,
) -> (Parsed, bool) {
    match splice(file, old, old_len, new_text, region) {
        Some(p) => (p, true),
        None => (parse(file, new_text), false),
    }
}

fn splice(
    file: FileId,
    mut old: Parsed,
    old_len: usize,
    new_text: &str,
    r: Region,
) -> Option<Parsed> {
    if r.start > r.old_end
        || r.start > r.new_end
        || new_text.len() + r.old_end != old_len + r.new_end
    {
        return None;
    }
    let delta = r.new_end as i64 - r.old_end as i64;
    let stmts = &old.file.statements;
    // The window starts at the last statement that begins strictly before the edit (an edit at
    // a statement's very start may join it to the previous line's `}`).
    let before = stmts.partition_point(|s| (s.span.start as usize) < r.start);
    let first = before.saturating_sub(1);
    let ws = if before == 0 {
        0
    } else {
        stmts[first].span.start as usize
    };
    // It ends at the first statement that begins strictly after the edit.
    let last = stmts.partition_point(|s| (s.span.start as usize) <= r.old_end);
    let to_eof = last == stmts.len();
    let we_old = if to_eof {
        old_len
    } else {
        stmts[last].span.start as usize
    };
    let we_new = usize::try_from(we_old as i64 + delta).ok()?;
    let window = new_text.get(ws..we_new)?;
    if window.starts_with('{') && ws > 0 {
        return None; // a run of `{` is reported once, across statements
    }
    let mut parsed = parse(file, window);
    if !to_eof {
        if parsed
            .diagnostics
            .iter()
            .any(|d| UNBOUNDED.contains(&d.code))
            || runs_to_end(window)
        {
            return None;
        }
        // Nothing the window's parse read may reach its end (an unterminated string skipped by
        // error recovery would have gone on in the full text), and a separator must end it.
        let mut reached = 0u32;
        let mut furthest = |s: &mut Span| reached = reached.max(s.end);
        for s in &mut parsed.file.statements {
            statement_spans(s, &mut furthest);
        }
        for d in &mut parsed.diagnostics {
            diagnostic_spans(d, &mut furthest);
        }
        let tail = window
            .get(reached as usize..)?
            .trim_end_matches([' ', '\t']);
        if !(tail.ends_with('\n') || tail.ends_with('\r') || tail.ends_with(';')) {
            return None;
        }
        if new_text.as_bytes().get(we_new) == Some(&b'{') {
            return None;
        }
    }
    let shift_window = |s: &mut Span| {
        s.start += ws as u32;
        s.end += ws as u32;
    };
    for s in &mut parsed.file.statements {
        statement_spans(s, &mut { shift_window });
    }
    for d in &mut parsed.diagnostics {
        diagnostic_spans(d, &mut { shift_window });
    }
    let window_len = parsed.file.statements.len();
    old.file
        .statements
        .splice(first.min(before)..last, parsed.file.statements);
    let mut shift_suffix = |s: &mut Span| {
        s.start = (s.start as i64 + delta) as u32;
        s.end = (s.end as i64 + delta) as u32;
    };
    if delta != 0 {
        let from = first.min(before) + window_len;
        for s in &mut old.file.statements[from..] {
            statement_spans(s, &mut shift_suffix);
        }
    }
    // Diagnostics: those of the prefix (an "expected a line end after `}`" at the window's start
    // belongs to the statement before it), the window's, and the suffix's shifted (except that
    // error at the suffix's start, which the window's separator rules out).
    let mut diagnostics = Vec::with_capacity(old.diagnostics.len() + parsed.diagnostics.len());
    let mut suffix = Vec::new();
    for mut d in old.diagnostics {
        let at = d.primary.span.start as usize;
        if at < ws || (at == ws && ws > 0 && d.code == "E0121") {
            diagnostics.push(d);
        } else if at >= we_old && !to_eof && !(at == we_old && d.code == "E0121") {
            if delta != 0 {
                diagnostic_spans(&mut d, &mut shift_suffix);
            }
            suffix.push(d);
        }
    }
    diagnostics.extend(parsed.diagnostics);
    diagnostics.extend(suffix);
    Some(Parsed {
        file: crate::ast::File {
            file,
            statements: old.file.statements,
        },
        diagnostics,
    })
}

/// Whether a string, text block or comment of `window` is cut by its end: error recovery skips
/// them silently, and in the whole text it would have gone on past the window.
fn runs_to_end(window: &str) -> bool {
    let b = window.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if let Some(end) = skip_string(b, i) {
            let s = &window[i..end.min(b.len())];
            let closed = if s.starts_with("\"\"\"") {
                s.len() >= 6 && s.ends_with("\"\"\"")
            } else {
                s.len() >= 2 && s.ends_with('"')
                    || b.get(end) == Some(&b'\n')
                    || b.get(end) == Some(&b'\r')
            };
            if end >= b.len() && !closed {
                return true;
            }
            i = end.max(i + 1);
        } else if skip_comment(b, i).is_some() {
            match window[i..].find('\n') {
                Some(n) => i += n,
                None => return true,
            }
        } else {
            i += 1;
        }
    }
    false
}

/// Calls `f` on every span of a statement, its values and its block.
pub fn statement_spans(s: &mut Statement, f: &mut impl FnMut(&mut Span)) {
    f(&mut s.keyword.span);
    f(&mut s.span);
    for v in &mut s.args {
        value_spans(v, f);
    }
    if let Some(b) = &mut s.block {
        f(&mut b.span);
        for c in &mut b.statements {
            statement_spans(c, f);
        }
    }
}

fn value_spans(v: &mut Value, f: &mut impl FnMut(&mut Span)) {
    f(&mut v.span);
    match &mut v.kind {
        ValueKind::List(items) => {
            for i in items {
                value_spans(i, f);
            }
        }
        ValueKind::Comparison(_, inner) => value_spans(inner, f),
        _ => {}
    }
}

/// Calls `f` on the primary and secondary spans of a diagnostic.
pub fn diagnostic_spans(d: &mut Diagnostic, f: &mut impl FnMut(&mut Span)) {
    f(&mut d.primary.span);
    for l in &mut d.secondary {
        f(&mut l.span);
    }
}

/// Moves a parse to another file id (an open document that is imported by an entry file).
pub fn set_file(parsed: &mut Parsed, file: FileId) {
    let mut to = |s: &mut Span| s.file = file;
    parsed.file.file = file;
    for s in &mut parsed.file.statements {
        statement_spans(s, &mut to);
    }
    for d in &mut parsed.diagnostics {
        diagnostic_spans(d, &mut to);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn full(text: &str) -> Parsed {
        parse(FileId(0), text)
    }

    fn sorted(mut d: Vec<Diagnostic>) -> Vec<Diagnostic> {
        crate::diagnostic::sort(&mut d);
        d
    }

    /// Applies `edits` one by one, composing regions, then checks the incremental parse.
    fn check(text: &str, edits: &[(usize, usize, &str)]) -> bool {
        let old = full(text);
        let mut now = text.to_string();
        let mut region = None;
        for &(s, e, ins) in edits {
            let (s, e) = (s.min(now.len()), e.min(now.len()));
            let (s, e) = (s.min(e), s.max(e));
            if !now.is_char_boundary(s) || !now.is_char_boundary(e) {
                continue;
            }
            now.replace_range(s..e, ins);
            region = Some(Region::compose(region, s, e, ins.len()));
        }
        let Some(region) = region else { return false };
        let expected = full(&now);
        let (got, incremental) = reparse(FileId(0), old, text.len(), &now, region);
        assert_eq!(
            got.file.statements, expected.file.statements,
            "statements differ after {edits:?} on\n{now}"
        );
        assert_eq!(
            sorted(got.diagnostics),
            sorted(expected.diagnostics),
            "diagnostics differ after {edits:?} on\n{now}"
        );
        incremental
    }

    const PLAN: &str = include_str!("../../examples/printemps-lumiere.smm");
    const BROKEN: &str = include_str!("../../examples/broken.smm");

    #[test]
    fn compose_tracks_the_changed_window() {
        // "abcdef": replace 1..2 by "XY" → "aXYcdef"; then 5..6 ("e") by "" → "aXYcdf".
        let r = Region::compose(None, 1, 2, 2);
        assert_eq!(
            r,
            Region {
                start: 1,
                old_end: 2,
                new_end: 3
            }
        );
        let r = Region::compose(Some(r), 5, 6, 0);
        assert_eq!(
            r,
            Region {
                start: 1,
                old_end: 5,
                new_end: 5
            }
        );
        // An edit before the region moves its start and shifts its end.
        let r = Region::compose(
            Some(Region {
                start: 4,
                old_end: 5,
                new_end: 6,
            }),
            0,
            1,
            3,
        );
        assert_eq!(
            r,
            Region {
                start: 0,
                old_end: 5,
                new_end: 8
            }
        );
    }

    #[test]
    fn typing_inside_a_statement_is_incremental() {
        let at = PLAN.find("kind awareness").unwrap();
        assert!(check(PLAN, &[(at + 4, at + 4, "x")]));
        let at = PLAN.find("max_per_day 2").unwrap();
        assert!(check(
            PLAN,
            &[(at + 12, at + 13, "3"), (at + 12, at + 13, "")]
        ));
    }

    #[test]
    fn unbalanced_edits_fall_back_to_a_full_parse() {
        let at = PLAN.find("channel tiktok").unwrap();
        assert!(!check(PLAN, &[(at, at, "x {\n")]));
        assert!(!check(PLAN, &[(at, at, "\"\"\"\n")]));
        let at = PLAN.find("locations [FR, BE, CH]").unwrap();
        assert!(!check(PLAN, &[(at + 21, at + 22, "")])); // delete `]`
    }

    #[test]
    fn edge_cases_agree_with_a_full_parse() {
        type Edits = &'static [(usize, usize, &'static str)];
        let cases: &[(&str, Edits)] = &[
            ("a { }\nb { }\n", &[(5, 6, " ")]),
            ("a { } b { }\n", &[(5, 6, "\n")]),
            ("a { }\n b { }\n", &[(6, 6, "x")]),
            ("a; b; c\n", &[(3, 4, "")]),
            ("{{\n{\nb\n", &[(3, 3, "{")]),
            ("x }\n y\n", &[(2, 3, "")]),
            ("\u{feff}a { }\nb\n", &[(3, 3, "z")]),
            ("a \"x\ny\"\nz\n", &[(3, 4, "")]),
            ("", &[(0, 0, "c")]),
            ("a\n", &[(0, 2, "")]),
        ];
        for (text, edits) in cases {
            check(text, edits);
        }
    }

    /// xorshift, so that failures reproduce.
    struct Rng(u64);
    impl Rng {
        fn below(&mut self, n: usize) -> usize {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            (self.0 % n.max(1) as u64) as usize
        }
    }

    #[test]
    fn random_edits_agree_with_a_full_parse() {
        let pieces = [
            "",
            "x",
            " ",
            "\n",
            ";",
            "{",
            "}",
            "[",
            "]",
            ",",
            "\"",
            "\"\"\"",
            "//",
            "/",
            "2027-03-01",
            "é",
            "😀",
            "{ a 1 }",
            "10 EUR",
            ">=",
            "\r\n",
            "channel c {\n",
            "  platform ",
            "}\n",
        ];
        let mut rng = Rng(std::env::var("SMM_FUZZ_SEED")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(0x5eed_1234_abcd));
        let mut incremental = 0;
        let texts = [
            PLAN,
            BROKEN,
            "a { b 1 }\nc [1,\n2]\nd \"\"\"\n  t\n  \"\"\"\n",
        ];
        for round in 0..(std::env::var("SMM_FUZZ_ROUNDS")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(1500usize))
        {
            let text = texts[round % texts.len()];
            let n = 1 + rng.below(3);
            let mut edits = Vec::new();
            let mut len = text.len();
            for _ in 0..n {
                let s = rng.below(len + 1);
                let e = (s + rng.below(4)).min(len);
                let ins = pieces[rng.below(pieces.len())];
                edits.push((s, e, ins));
                len = len - (e - s) + ins.len();
            }
            if check(text, &edits) {
                incremental += 1;
            }
        }
        assert!(
            incremental > 700,
            "only {incremental} of 1500 edits were incremental"
        );
    }
}
