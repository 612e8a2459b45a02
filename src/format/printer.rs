//! The printer: walks the tree, lays statements, blocks and lists out, and puts every comment
//! back where it was.
//!
//! Comments are not in the tree. The printer keeps the source offset of the end of what it last
//! printed (`last`); before printing anything that starts at source offset `pos`, it places every
//! comment that starts before `pos`: a comment on the same source line as what was printed last
//! stays at the end of that output line, any other goes on a line of its own. A block or list
//! that holds a comment is therefore always laid out one item per line.

use std::ops::Range;

use super::{INDENT, MAX_WIDTH};
use crate::ast::{File, Statement, Value, ValueKind};
use crate::syntax::trivia;

/// Prints a parsed file in the canonical layout.
pub fn print(src: &str, file: &File) -> String {
    let mut p = Printer {
        src,
        comments: trivia::comments(src),
        next: 0,
        out: String::with_capacity(src.len() + src.len() / 8),
        last: 0,
        fresh: true,
        trailing: Vec::new(),
    };
    for s in &file.statements {
        p.statement(s, 0);
    }
    p.comments_before(usize::MAX, 0, true);
    p.end_line();
    align_trailing_comments(&p.out, &p.trailing)
}

struct Printer<'s> {
    src: &'s str,
    /// Every comment, in source order.
    comments: Vec<Range<usize>>,
    /// The first comment not placed yet.
    next: usize,
    out: String,
    /// Source offset of the end of what was printed last.
    last: usize,
    /// At the start of the file or of a block: no blank line may be printed.
    fresh: bool,
    /// Output offsets where end-of-line comments start (for alignment).
    trailing: Vec<usize>,
}

fn newlines(s: &str) -> usize {
    s.bytes().filter(|&b| b == b'\n').count()
}

fn width(s: &str) -> usize {
    s.chars().count()
}

impl Printer<'_> {
    fn push(&mut self, s: &str) {
        self.out.push_str(s);
    }

    fn at_line_start(&self) -> bool {
        self.out.is_empty() || self.out.ends_with('\n')
    }

    /// Ends the current line (trailing blanks removed) unless it is empty.
    fn end_line(&mut self) {
        let trimmed = self.out.trim_end_matches([' ', '\t']).len();
        self.out.truncate(trimmed);
        if !self.at_line_start() {
            self.out.push('\n');
        }
    }

    fn begin_line(&mut self, level: usize) {
        self.end_line();
        for _ in 0..level * INDENT {
            self.out.push(' ');
        }
    }

    fn blank_line(&mut self) {
        self.end_line();
        if !self.out.is_empty() && !self.out.ends_with("\n\n") {
            self.out.push('\n');
        }
    }

    /// Whether a comment starts inside `range` (source offsets).
    /// Whether a list was written with a comma after its last item: as with Black's and ruff's
    /// "magic trailing comma", that asks for one item per line, whatever the width.
    fn has_trailing_comma(&self, list: &Value) -> bool {
        let ValueKind::List(items) = &list.kind else {
            return false;
        };
        let Some(last) = items.last() else {
            return false;
        };
        let between = &self.src[last.span.end as usize..(list.span.end as usize).saturating_sub(1)];
        // Comments between the last item and `]` may hold commas of their own.
        between
            .lines()
            .map(|l| l.split("//").next().unwrap_or(""))
            .any(|code| code.contains(','))
    }

    fn has_comment(&self, range: Range<usize>) -> bool {
        let i = self.comments.partition_point(|c| c.start < range.start);
        self.comments.get(i).is_some_and(|c| c.start < range.end)
    }

    /// Places every comment that starts before `pos`; own-line ones at `level`. `blanks`: keep
    /// (one) blank line before an own-line comment that had one.
    fn comments_before(&mut self, pos: usize, level: usize, blanks: bool) {
        while let Some(c) = self.comments.get(self.next).cloned() {
            if c.start >= pos {
                break;
            }
            let gap = &self.src[self.last.min(c.start)..c.start];
            let text = self.src[c.clone()].trim_end();
            if !gap.contains('\n') && !self.at_line_start() {
                let trimmed = self.out.trim_end_matches([' ', '\t']).len();
                self.out.truncate(trimmed);
                self.out.push(' ');
                self.trailing.push(self.out.len());
                self.out.push_str(text);
            } else {
                if blanks && !self.fresh && newlines(gap) >= 2 {
                    self.blank_line();
                }
                self.begin_line(level);
                self.out.push_str(text);
                self.fresh = false;
            }
            self.last = c.end;
            self.next += 1;
        }
    }

    fn statement(&mut self, s: &Statement, level: usize) {
        let start = s.span.start as usize;
        self.comments_before(start, level, true);
        if !self.fresh && newlines(&self.src[self.last.min(start)..start]) >= 2 {
            self.blank_line();
        }
        self.begin_line(level);
        self.fresh = false;
        if let Some(line) = self.one_line(s, level) {
            self.push(&line);
            self.last = s.span.end as usize;
            return;
        }
        self.head(s, level);
        self.last = head_end(s);
        let Some(block) = &s.block else {
            return;
        };
        let (open, close) = (block.span.start as usize, block.span.end as usize);
        self.push(" {");
        self.last = open + 1;
        if block.statements.is_empty() && !self.has_comment(open..close) {
            self.push("}");
            self.last = close;
            return;
        }
        self.fresh = true;
        for child in &block.statements {
            self.statement(child, level + 1);
        }
        self.comments_before(close.saturating_sub(1), level + 1, true);
        self.begin_line(level);
        self.push("}");
        self.fresh = false;
        self.last = close;
    }

    /// `keyword arg...`, breaking lists as needed to fit.
    fn head(&mut self, s: &Statement, level: usize) {
        self.push(&s.keyword.name);
        let suffix = if s.block.is_some() { 2 } else { 0 };
        let broken = self.choose_breaks(s, level, suffix);
        for (i, arg) in s.args.iter().enumerate() {
            self.push(" ");
            if broken.contains(&i) {
                self.broken_list(arg, level);
            } else {
                let text = self.flat(arg, level * INDENT);
                self.push(&text);
            }
        }
    }

    /// Which list arguments of `s` are printed one item per line: those holding a comment or
    /// written with a trailing comma, then the widest remaining ones until every line fits.
    fn choose_breaks(&self, s: &Statement, level: usize, suffix: usize) -> Vec<usize> {
        let mut broken: Vec<usize> = Vec::new();
        let mut candidates: Vec<(usize, usize)> = Vec::new();
        for (i, arg) in s.args.iter().enumerate() {
            let ValueKind::List(items) = &arg.kind else {
                continue;
            };
            if self.has_comment(arg.span.range()) || self.has_trailing_comma(arg) {
                broken.push(i);
            } else if !items.is_empty() {
                candidates.push((i, width(&self.flat(arg, level * INDENT))));
            }
        }
        // Widest first; the first written wins a tie.
        candidates.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        let mut candidates = candidates.into_iter();
        while self.widest_line(s, level, suffix, &broken) > MAX_WIDTH {
            match candidates.next() {
                Some((i, _)) => broken.push(i),
                None => break,
            }
        }
        broken
    }

    /// The widest line of the head of `s` laid out with the lists `broken` (text block contents
    /// are not counted: they are printed as written).
    fn widest_line(&self, s: &Statement, level: usize, suffix: usize, broken: &[usize]) -> usize {
        let indent = level * INDENT;
        let mut col = indent + width(&s.keyword.name);
        let mut widest = 0;
        let add = |col: &mut usize, text: &str, widest: &mut usize| match text.split_once('\n') {
            Some((first, _)) => {
                *widest = (*widest).max(*col + width(first));
                *col = width(text.rsplit('\n').next().unwrap_or(""));
            }
            None => *col += width(text),
        };
        for (i, arg) in s.args.iter().enumerate() {
            col += 1;
            match (&arg.kind, broken.contains(&i)) {
                (ValueKind::List(items), true) => {
                    widest = widest.max(col + 1);
                    let item_indent = indent + INDENT;
                    for item in items {
                        let mut c = item_indent;
                        add(&mut c, &self.flat(item, item_indent), &mut widest);
                        widest = widest.max(c + 1);
                    }
                    col = indent + 1;
                }
                _ => add(&mut col, &self.flat(arg, indent), &mut widest),
            }
        }
        widest.max(col + suffix)
    }

    /// A list printed one item per line, each followed by a comma, with its comments.
    fn broken_list(&mut self, list: &Value, level: usize) {
        let ValueKind::List(items) = &list.kind else {
            return;
        };
        let (open, close) = (list.span.start as usize, list.span.end as usize);
        self.push("[");
        self.last = open + 1;
        for item in items {
            self.comments_before(item.span.start as usize, level + 1, false);
            self.begin_line(level + 1);
            let text = self.flat(item, (level + 1) * INDENT);
            self.push(&text);
            self.push(",");
            self.last = item.span.end as usize;
        }
        self.comments_before(close.saturating_sub(1), level + 1, false);
        self.begin_line(level);
        self.push("]");
        self.last = close;
    }

    /// The whole statement on one line, `head { a; b }`, when the rule allows: its block was
    /// written on one line, holds only statements without blocks and no comment, and the line
    /// fits in [`MAX_WIDTH`].
    fn one_line(&self, s: &Statement, level: usize) -> Option<String> {
        let block = s.block.as_ref()?;
        let (open, close) = (block.span.start as usize, block.span.end as usize);
        if block.statements.is_empty()
            || self.src[open..close].contains('\n')
            || self.has_comment(s.span.start as usize..close)
            || block.statements.iter().any(|c| c.block.is_some())
        {
            return None;
        }
        let indent = level * INDENT;
        let mut line = self.flat_head(s, indent);
        line.push_str(" { ");
        let children: Vec<String> = block
            .statements
            .iter()
            .map(|c| self.flat_head(c, indent))
            .collect();
        line.push_str(&children.join("; "));
        line.push_str(" }");
        (!line.contains('\n') && indent + width(&line) <= MAX_WIDTH).then_some(line)
    }

    fn flat_head(&self, s: &Statement, indent: usize) -> String {
        let mut line = s.keyword.name.clone();
        for arg in &s.args {
            line.push(' ');
            line.push_str(&self.flat(arg, indent));
        }
        line
    }

    /// A value on one line, from its source text. `indent`: the indentation of the line it is
    /// printed on (text blocks are indented one level deeper).
    fn flat(&self, v: &Value, indent: usize) -> String {
        let text = &self.src[v.span.range()];
        match &v.kind {
            ValueKind::List(items) => {
                let items: Vec<String> = items.iter().map(|i| self.flat(i, indent)).collect();
                format!("[{}]", items.join(", "))
            }
            ValueKind::Comparison(_, inner) => {
                let op = self.src[v.span.start as usize..inner.span.start as usize].trim();
                format!("{op} {}", self.flat(inner, indent))
            }
            ValueKind::Money(_) | ValueKind::DateTime(_) => text
                .split([' ', '\t'])
                .filter(|p| !p.is_empty())
                .collect::<Vec<_>>()
                .join(" "),
            ValueKind::TextBlock(_) => reindent_text_block(text, indent + INDENT),
            _ => text.to_string(),
        }
    }
}

/// Where the head of a statement ends: after its last argument, or its keyword.
fn head_end(s: &Statement) -> usize {
    s.args
        .iter()
        .map(|a| a.span.end)
        .chain([s.keyword.span.end])
        .max()
        .unwrap_or(s.span.end) as usize
}

/// A text block with its lines moved to `indent` spaces, keeping its value: the common
/// indentation of its non-blank lines (which the language removes) becomes `indent` spaces,
/// blank lines become empty (their value is empty either way), the closing `"""` goes at
/// `indent` when it is alone on its line, and `\r\n` becomes `\n`. A block holding any other
/// `\r` is printed exactly as written.
pub(super) fn reindent_text_block(text: &str, indent: usize) -> String {
    let Some(inner) = text
        .strip_prefix("\"\"\"")
        .and_then(|t| t.strip_suffix("\"\"\""))
        .filter(|t| t.len() + 6 == text.len())
    else {
        return text.to_string();
    };
    let Some(body) = inner
        .strip_prefix("\r\n")
        .or_else(|| inner.strip_prefix('\n'))
    else {
        return text.to_string();
    };
    let lines: Vec<&str> = body
        .split('\n')
        .map(|l| l.strip_suffix('\r').unwrap_or(l))
        .collect();
    if lines.iter().any(|l| l.contains('\r')) {
        return text.to_string();
    }
    let blank = |l: &str| l.trim().is_empty();
    let common = lines
        .iter()
        .filter(|l| !blank(l))
        .map(|l| l.len() - l.trim_start_matches([' ', '\t']).len())
        .min()
        .unwrap_or(0);
    let pad = " ".repeat(indent);
    let mut out = String::from("\"\"\"\n");
    let count = lines.len();
    for (i, line) in lines.into_iter().enumerate() {
        let is_last = i + 1 == count;
        if blank(line) {
            if is_last {
                out.push_str(&pad);
            }
        } else {
            out.push_str(&pad);
            out.push_str(&line[common..]);
        }
        if !is_last {
            out.push('\n');
        }
    }
    out.push_str("\"\"\"");
    out
}

/// Aligns the end-of-line comments of consecutive lines that have the same indentation (lines
/// that close a block or list excepted): each starts one space after the longest code of its run.
fn align_trailing_comments(out: &str, trailing: &[usize]) -> String {
    if trailing.len() < 2 {
        return out.to_string();
    }
    let mut starts = vec![0];
    starts.extend(out.match_indices('\n').map(|(i, _)| i + 1));
    let mut line = 0;
    let mut marks: Vec<(usize, usize, usize)> = Vec::new(); // (line number, line start, comment)
    for &c in trailing {
        while line + 1 < starts.len() && starts[line + 1] <= c {
            line += 1;
        }
        marks.push((line, starts[line], c));
    }
    let indent_of = |start: usize| out[start..].len() - out[start..].trim_start_matches(' ').len();
    // A line that closes a block or list (`}`, `] to x`) is not aligned with its neighbours.
    let closes = |start: usize| out[start..].trim_start_matches(' ').starts_with(['}', ']']);
    let mut result = String::with_capacity(out.len() + 64);
    let mut copied = 0;
    let mut i = 0;
    while i < marks.len() {
        let mut j = i + 1;
        while j < marks.len()
            && marks[j].0 == marks[j - 1].0 + 1
            && indent_of(marks[j].1) == indent_of(marks[i].1)
            && !closes(marks[j].1)
            && !closes(marks[j - 1].1)
        {
            j += 1;
        }
        let run = &marks[i..j];
        // The code of each line ends one space before its comment.
        let col = run
            .iter()
            .map(|&(_, start, c)| width(&out[start..c - 1]))
            .max()
            .unwrap_or(0);
        for &(_, start, c) in run {
            result.push_str(&out[copied..c - 1]);
            let w = width(&out[start..c - 1]);
            result.push_str(&" ".repeat(col - w + 1));
            copied = c;
        }
        i = j;
    }
    result.push_str(&out[copied..]);
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_blocks_move_without_changing_value() {
        use crate::syntax::literal::dedent;
        let src = "\"\"\"\n        a\n\t          b\n      \n        c  \n      \"\"\"";
        let out = reindent_text_block(src, 4);
        assert_eq!(out, "\"\"\"\n    a\n       b\n\n    c  \n    \"\"\"");
        let body = |t: &str| dedent(&t[4..t.len() - 3]);
        assert_eq!(body(&out), body(src));
    }

    #[test]
    fn comments_of_consecutive_lines_align() {
        let out = "a 1 // x\nbb 22 // y\n  c // z\n";
        let marks = [4, 15, 24];
        assert_eq!(
            align_trailing_comments(out, &marks),
            "a 1   // x\nbb 22 // y\n  c // z\n"
        );
    }
}
