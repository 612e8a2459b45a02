//! The parser driver: statements, blocks and error recovery around the pest grammar.
//!
//! For each statement the driver skips blanks, comments and separators, lets pest read the head
//! (`keyword value*`), then looks at what follows: a separator ends the statement, `{` opens a
//! block (pushed on an explicit stack), `}` closes one. Anything else is a syntax error: it is
//! explained (see `syntax::errors`), the statement is marked broken and the driver resumes at
//! the statement's end (`;`, a line end, `{` or `}`), so that one run reports every error.

use pest::iterators::Pair;
use pest::Parser;

use super::errors;
use super::literal::{or_invalid, Literals};
use super::trivia::{line_end, skip_blanks, skip_comment, skip_string};
use super::{Rule, SmmParser};
use crate::ast::{self, Block, CmpOp, Ident, Statement, Value, ValueKind};
use crate::diagnostic::Diagnostic;
use crate::source::{FileId, Span};

/// Blocks deeper than this are refused (the language needs three levels).
pub const MAX_DEPTH: usize = 32;

/// The result of parsing one file: a tree (possibly partial) and every syntax error.
#[derive(Debug, Clone)]
pub struct Parsed {
    /// The statements that could be read; broken ones are marked [`Statement::broken`].
    pub file: ast::File,
    /// Syntax and literal errors, in source order.
    pub diagnostics: Vec<Diagnostic>,
}

/// Parses the text of one file.
pub fn parse(file: FileId, src: &str) -> Parsed {
    parse_inner(file, src, true, &mut 0)
}

/// [`parse`] without the fast path: every statement head is read by pest. The fast path's tests
/// compare both.
#[cfg(test)]
pub(crate) fn parse_with_pest_only(file: FileId, src: &str) -> Parsed {
    parse_inner(file, src, false, &mut 0)
}

/// [`parse`], and how many statement heads pest had to read.
#[cfg(test)]
pub(crate) fn parse_counting(file: FileId, src: &str) -> (Parsed, usize) {
    let mut pest_heads = 0;
    let parsed = parse_inner(file, src, true, &mut pest_heads);
    (parsed, pest_heads)
}

fn parse_inner(file: FileId, src: &str, fast: bool, pest_heads: &mut usize) -> Parsed {
    let (parsed, heads) =
        super::pieces::parse_in_pieces(file, src, fast, &super::pieces::split_points(src));
    *pest_heads = heads;
    parsed
}

/// What reading one range of a file gives (see [`Driver::run_range`]).
pub(super) struct Piece {
    /// The top-level statements read.
    pub statements: Vec<Statement>,
    /// Syntax errors, in source order.
    pub diagnostics: Vec<Diagnostic>,
    /// Where reading stopped: the start of the next top-level statement, or the end of input.
    pub end: usize,
    /// The driver's state when it stopped (see [`Driver`]), to go on reading from `end`.
    rest_swallowed: bool,
    stray_items: bool,
    values: Vec<Value>,
    /// How many statement heads pest read.
    pub pest_heads: usize,
}

/// Reads `src` from `start` (a statement start at top level, or 0) until the next top-level
/// statement would start at or after `stop`, or to the end.
pub(super) fn read_piece(file: FileId, src: &str, fast: bool, start: usize, stop: usize) -> Piece {
    let driver = Driver::new(file, src, fast);
    let start = if start == 0 && src.starts_with('\u{feff}') {
        // A byte-order mark at the start is ignored (the source map drops it, but text handed
        // to `parse` directly may still hold one).
        '\u{feff}'.len_utf8()
    } else {
        start
    };
    driver.piece(start, stop)
}

/// Goes on reading from where `piece` stopped, with the driver state it ended in, until the
/// next top-level statement would start at or after `stop`; adds what it reads to `piece`.
pub(super) fn continue_piece(file: FileId, src: &str, fast: bool, piece: &mut Piece, stop: usize) {
    let mut driver = Driver::new(file, src, fast);
    driver.rest_swallowed = piece.rest_swallowed;
    driver.stray_items = piece.stray_items;
    driver.values = std::mem::take(&mut piece.values);
    let more = driver.piece(piece.end, stop);
    piece.append(more);
}

impl Piece {
    /// Whether the driver stopped as fresh as at the start of a file (no text block swallowed
    /// the rest, the last statement was not a stray list item, no value pending): only then
    /// can a piece read from `end` by a fresh driver stand for what this driver would read.
    pub fn fresh(&self) -> bool {
        !self.rest_swallowed && !self.stray_items && self.values.is_empty()
    }

    /// Adds the piece read right after this one.
    pub fn append(&mut self, next: Piece) {
        self.statements.extend(next.statements);
        self.diagnostics.extend(next.diagnostics);
        self.end = next.end;
        self.rest_swallowed = next.rest_swallowed;
        self.stray_items = next.stray_items;
        self.values = next.values;
        self.pest_heads += next.pest_heads;
    }
}

/// A block being read: the statement that owns it, and where its statements start on the
/// stack of statements read so far (see [`Driver::run_range`]).
struct Frame {
    owner: Option<Statement>,
    open: usize,
    first: usize,
}

pub(super) struct Driver<'s> {
    pub src: &'s str,
    pub b: &'s [u8],
    pub file: FileId,
    pub diagnostics: Vec<Diagnostic>,
    /// An unterminated text block ate the rest of the file: later "never closed" errors would
    /// only repeat it.
    pub rest_swallowed: bool,
    /// The last statement read was a stray list item (`word,`), already reported.
    pub stray_items: bool,
    /// Whether well-formed statement heads are read by [`super::fast`] rather than by pest.
    pub fast: bool,
    /// Values read by the fast path and not yet placed in their statement or list.
    pub values: Vec<Value>,
    /// How many statement heads pest read (all of them without the fast path).
    pub pest_heads: usize,
}

impl<'s> Driver<'s> {
    fn new(file: FileId, src: &'s str, fast: bool) -> Driver<'s> {
        Driver {
            src,
            b: src.as_bytes(),
            file,
            diagnostics: Vec::new(),
            rest_swallowed: false,
            stray_items: false,
            fast,
            values: Vec::new(),
            pest_heads: 0,
        }
    }

    fn piece(mut self, start: usize, stop: usize) -> Piece {
        let (statements, end) = self.run_range(start, stop);
        Piece {
            statements,
            end,
            rest_swallowed: self.rest_swallowed,
            stray_items: self.stray_items,
            values: self.values,
            diagnostics: self.diagnostics,
            pest_heads: self.pest_heads,
        }
    }
}

impl Driver<'_> {
    pub fn span(&self, start: usize, end: usize) -> Span {
        Span::new(self.file, start, end)
    }

    /// Reads statements from `pos` until, at top level, the next one would start at or after
    /// `stop` (or the input ends); returns them and where reading stopped.
    ///
    /// The statements of every open block wait on one stack, `read`; a block that closes takes
    /// its own off the top into a vector of their exact number. So no block's vector grows
    /// (and copies itself) as its statements come, nor keeps spare room.
    fn run_range(&mut self, mut pos: usize, stop: usize) -> (Vec<Statement>, usize) {
        let mut stack = vec![Frame {
            owner: None,
            open: 0,
            first: 0,
        }];
        let mut read: Vec<Statement> = Vec::new();
        loop {
            pos = self.skip_trivia(pos);
            if pos >= self.b.len() || (stack.len() == 1 && pos >= stop) {
                break;
            }
            match self.b[pos] {
                b'}' => {
                    if stack.len() > 1 {
                        let frame = stack.pop().expect("stack has a block frame");
                        let closed = self.close(frame, &mut read, pos + 1);
                        read.push(closed);
                    } else {
                        self.diagnostics.push(
                            Diagnostic::new("E0106", self.span(pos, pos + 1), "`}` closes nothing")
                                .label("no block is open here")
                                .help("remove this `}`, or add the `{` it was meant to close"),
                        );
                    }
                    pos = self.after_close(pos + 1);
                }
                b']' => {
                    self.diagnostics.push(
                        Diagnostic::new("E0106", self.span(pos, pos + 1), "`]` closes nothing")
                            .label("no list is open here")
                            .help("remove this `]`, or add the `[` it was meant to close"),
                    );
                    // What follows on the line belonged to the list's statement, not a new one.
                    pos = self.resync(pos + 1);
                }
                _ => {
                    let (stmt, next) = self.statement(pos);
                    if !stmt.broken {
                        self.stray_items = false;
                    }
                    pos = next;
                    if pos < self.b.len() && self.b[pos] == b'{' {
                        if stack.len() > MAX_DEPTH {
                            pos = self.too_deep(pos);
                            read.push(stmt);
                        } else {
                            stack.push(Frame {
                                owner: Some(stmt),
                                open: pos,
                                first: read.len(),
                            });
                            pos += 1;
                        }
                    } else {
                        read.push(stmt);
                    }
                }
            }
        }
        while stack.len() > 1 {
            let frame = stack.pop().expect("stack has a block frame");
            if !self.rest_swallowed {
                let what = frame
                    .owner
                    .as_ref()
                    .map(describe)
                    .unwrap_or_else(|| "this statement".into());
                self.diagnostics.push(
                    Diagnostic::new(
                        "E0107",
                        self.span(frame.open, frame.open + 1),
                        "this block is never closed",
                    )
                    .label("opened here")
                    .help(format!("add `}}` after the last statement of {what}")),
                );
            }
            let end = self.b.len();
            let closed = self.close(frame, &mut read, end);
            read.push(closed);
        }
        read.shrink_to_fit();
        (read, pos.min(self.b.len()))
    }

    /// Skips blanks, line ends, `;` and comments.
    fn skip_trivia(&self, mut pos: usize) -> usize {
        while pos < self.b.len() {
            match self.b[pos] {
                b' ' | b'\t' | b'\r' | b'\n' | b';' => pos += 1,
                b'/' => match skip_comment(self.b, pos) {
                    Some(end) => pos = end,
                    None => break,
                },
                _ => break,
            }
        }
        pos
    }

    /// Ends the block of `frame`: its statements, the top of `read`, become its owner's block.
    fn close(&self, frame: Frame, read: &mut Vec<Statement>, end: usize) -> Statement {
        let block = Block {
            statements: read.drain(frame.first.min(read.len())..).collect(),
            span: self.span(frame.open, end),
        };
        let mut owner = frame.owner.expect("block frames have an owner");
        owner.span = owner.span.to(block.span);
        owner.block = Some(block);
        owner
    }

    /// After `}`: the line must end (or `;`/`}` follow).
    fn after_close(&mut self, pos: usize) -> usize {
        let next = skip_blanks(self.b, pos);
        let ends = next >= self.b.len()
            || matches!(self.b[next], b'\n' | b'\r' | b';' | b'}')
            || skip_comment(self.b, next).is_some();
        if !ends {
            self.diagnostics.push(
                Diagnostic::new(
                    "E0121",
                    self.span(next, next),
                    "expected a line end or `;` after `}`",
                )
                .label("the next statement starts here, on the same line")
                .help("put the next statement on its own line, or separate it with `;`"),
            );
        }
        next
    }

    /// Reads one statement head starting at `pos`; returns it and the position after it (at a
    /// separator, `{`, `}` or the end of input).
    fn statement(&mut self, pos: usize) -> (Statement, usize) {
        if self.fast {
            if let Some(done) = self.fast_statement(pos) {
                return done;
            }
        }
        self.pest_heads += 1;
        let head = match SmmParser::parse(Rule::head, &self.src[pos..]) {
            Ok(mut pairs) => pairs.next().expect("head matched"),
            Err(_) => {
                let end = self.not_a_statement(pos);
                let keyword = Ident {
                    name: String::new(),
                    span: self.span(pos, pos),
                };
                let stmt = Statement {
                    keyword,
                    args: Vec::new(),
                    block: None,
                    span: self.span(pos, end.max(pos)),
                    broken: true,
                };
                return (stmt, end);
            }
        };
        let head_end = pos + head.as_span().end();
        let mut inner = head.into_inner();
        let kw = inner.next().expect("head starts with a keyword");
        let keyword = Ident {
            name: kw.as_str().to_string(),
            span: self.span(pos + kw.as_span().start(), pos + kw.as_span().end()),
        };
        let args: Vec<Value> = inner.map(|p| self.value(p, pos)).collect();
        let mut stmt = Statement {
            span: self.span(pos, head_end),
            keyword,
            args,
            block: None,
            broken: false,
        };
        let mut next = skip_blanks(self.b, head_end);
        if let Some(end) = skip_comment(self.b, next) {
            next = end;
        }
        if next < self.b.len() && !matches!(self.b[next], b'\n' | b'\r' | b';' | b'{' | b'}') {
            stmt.broken = true;
            next = self.bad_argument(&stmt, next);
        }
        (stmt, next)
    }

    /// Converts one value pair; `offset` is where the parsed slice starts in the file.
    fn value(&mut self, p: Pair<Rule>, offset: usize) -> Value {
        let s = p.as_span();
        let span = self.span(offset + s.start(), offset + s.end());
        let kind = match p.as_rule() {
            Rule::list => ValueKind::List(p.into_inner().map(|q| self.value(q, offset)).collect()),
            Rule::comparison => {
                let mut it = p.into_inner();
                let op = it.next().expect("comparison has an operator");
                let op_span = self.span(offset + op.as_span().start(), offset + op.as_span().end());
                let op = self.cmp_op(op.as_str(), op_span);
                match it.next() {
                    Some(v) => ValueKind::Comparison(op, Box::new(self.value(v, offset))),
                    None => ValueKind::Invalid,
                }
            }
            rule => self.scalar(rule, p.as_str(), span),
        };
        Value { kind, span }
    }

    /// Converts a scalar token (any value but a list or a comparison) of the given rule.
    pub(super) fn scalar(&mut self, rule: Rule, text: &str, span: Span) -> ValueKind {
        let mut lits = Literals {
            diagnostics: &mut self.diagnostics,
        };
        match rule {
            Rule::word => ValueKind::Word(text.to_string()),
            Rule::string => or_invalid(lits.string(text, span), ValueKind::String),
            Rule::text_block => or_invalid(lits.text_block(text, span), ValueKind::TextBlock),
            Rule::integer => or_invalid(lits.digits(text, span), ValueKind::Integer),
            Rule::decimal => or_invalid(lits.decimal(text, span), ValueKind::Decimal),
            Rule::percent => or_invalid(
                lits.decimal(&text[..text.len() - 1], span),
                ValueKind::Percent,
            ),
            Rule::money => or_invalid(lits.money(text, span), ValueKind::Money),
            Rule::date => or_invalid(lits.date(text, span), ValueKind::Date),
            Rule::time => or_invalid(lits.time(text, span), ValueKind::Time),
            Rule::datetime => or_invalid(lits.datetime(text, span), ValueKind::DateTime),
            Rule::duration => or_invalid(lits.duration(text, span), ValueKind::Duration),
            Rule::range => or_invalid(lits.range(text, span), |(a, b)| ValueKind::Range(a, b)),
            _ => {
                lits.bad_number(text, span);
                ValueKind::Invalid
            }
        }
    }

    pub(super) fn cmp_op(&mut self, op: &str, span: Span) -> CmpOp {
        let (canonical, op_kind) = match op {
            ">=" => return CmpOp::Ge,
            "<=" => return CmpOp::Le,
            "=" => return CmpOp::Eq,
            ">" | "=>" => (">=", CmpOp::Ge),
            "<" | "=<" => ("<=", CmpOp::Le),
            _ => ("=", CmpOp::Eq),
        };
        self.diagnostics.push(
            Diagnostic::new(
                "E0120",
                span,
                format!("`{op}` is not a comparison operator of smm"),
            )
            .label(format!("did you mean `{canonical}`?"))
            .help("targets use `>=` (at least), `<=` (at most) or `=` (exactly)"),
        );
        op_kind
    }

    /// A `{` past [`MAX_DEPTH`]: reported once, and the whole block skipped.
    fn too_deep(&mut self, open: usize) -> usize {
        self.diagnostics.push(
            Diagnostic::new("E0117", self.span(open, open + 1), "blocks are nested too deeply")
                .label(format!("this block is nested more than {MAX_DEPTH} levels deep"))
                .help("a plan needs at most three levels (budget → line, message → variant); close the blocks you opened"),
        );
        let mut depth = 0usize;
        let mut i = open;
        while i < self.b.len() {
            if let Some(end) = skip_string(self.b, i) {
                i = end.max(i + 1);
                continue;
            }
            if let Some(end) = skip_comment(self.b, i) {
                i = end;
                continue;
            }
            match self.b[i] {
                b'{' => depth += 1,
                b'}' => {
                    depth -= 1;
                    if depth == 0 {
                        return i + 1;
                    }
                }
                _ => {}
            }
            i += 1;
        }
        self.rest_swallowed = true;
        self.b.len()
    }

    /// Where a broken statement ends: the next `;`, line end, `{` or `}` outside strings.
    pub fn resync(&self, mut pos: usize) -> usize {
        while pos < self.b.len() {
            if let Some(end) = skip_string(self.b, pos) {
                pos = end.max(pos + 1);
                continue;
            }
            match self.b[pos] {
                b'\n' | b'\r' | b';' | b'{' | b'}' => return pos,
                b'/' if skip_comment(self.b, pos).is_some() => return line_end(self.b, pos),
                _ => pos += 1,
            }
        }
        pos
    }

    fn not_a_statement(&mut self, pos: usize) -> usize {
        // A run of `{` (`{{`, or 10 000 of them) is one mistake: report only its first.
        let repeated = self.b[pos] == b'{'
            && self.diagnostics.last().is_some_and(|d| {
                let (start, end) = (d.primary.span.start as usize, d.primary.span.end as usize);
                d.code == "E0109"
                    && self.b.get(start) == Some(&b'{')
                    && self.b[end.min(pos)..pos]
                        .iter()
                        .all(|b| b.is_ascii_whitespace() || *b == b'{')
            });
        if !repeated {
            let d = errors::not_a_statement(self, pos);
            self.diagnostics.push(d);
        }
        self.resync(pos)
    }

    fn bad_argument(&mut self, stmt: &Statement, pos: usize) -> usize {
        // `astuce_2,` after `astuce_1,`: lines of list items outside their list (a `[` lost or a
        // `]` misplaced) are one mistake, reported on the first line only.
        let stray_item = stmt.args.is_empty() && self.b.get(pos) == Some(&b',');
        let repeated = stray_item && self.stray_items;
        self.stray_items = stray_item;
        if repeated {
            return self.resync(pos);
        }
        let (d, resume) = errors::bad_argument(self, stmt, pos);
        self.diagnostics.push(d);
        self.resync(resume)
    }
}

/// "`message teaser_1`", for help lines.
fn describe(stmt: &Statement) -> String {
    match stmt.args.first().map(|a| &a.kind) {
        Some(ValueKind::Word(w)) => format!("`{} {w}`", stmt.keyword.name),
        _ => format!("`{}`", stmt.keyword.name),
    }
}
