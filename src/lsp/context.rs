//! What the language expects at a position: a declaration keyword, a key of the enclosing block,
//! a name of some kind, an enumerated value, a word of the `post`/`every` grammar.
//!
//! The enclosing blocks come from the syntax tree (the parser recovers per statement and closes
//! unclosed blocks at the end of the file, so the tree is there even while the user types); the
//! statement being typed is read from the text itself, token by token, because an incomplete line
//! (`  platform `, `  audience [young, `) is exactly what the tree cannot describe well. Types come
//! from the schema ([`crate::schema`]): what a key accepts decides what is offered after it.

use crate::ast::{File, Statement};
use crate::schema::{self, DeclSpec, KeySpec, Naming, RefKind, Type};

/// What may be written at a position (several at once in the `post` grammar).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Expect {
    /// A top-level declaration keyword.
    pub declarations: bool,
    /// A key of this block.
    pub keys: Option<&'static DeclSpec>,
    /// The name of a declaration of this kind.
    pub names: Option<RefKind>,
    /// One of these words (an enumeration, media kinds, weekdays).
    pub values: &'static [&'static str],
    /// A metric of the metric table.
    pub metrics: bool,
    /// A lint name.
    pub lints: bool,
    /// Words of a statement's own grammar (`to`, `at`, `every`, `during`…).
    pub keywords: Vec<&'static str>,
    /// The key whose value is being written.
    pub key: Option<&'static KeySpec>,
}

/// The position's surroundings.
#[derive(Debug, Clone)]
pub struct Context<'a> {
    /// The statements whose blocks enclose the position, outermost first.
    pub chain: Vec<&'a Statement>,
    /// The schema of the innermost enclosing block (`None` at top level or in an unknown block).
    pub spec: Option<&'static DeclSpec>,
    /// The statements of the innermost block (or of the file).
    pub siblings: &'a [Statement],
    /// The statement the position is in, if the tree has it.
    pub current: Option<&'a Statement>,
    /// Where the word being typed starts (the position itself when none is).
    pub word_start: usize,
    /// What may be written there.
    pub expect: Expect,
    /// The words already written after the statement's keyword (a name is not offered twice in
    /// one list).
    pub written: Vec<String>,
}

/// The context of byte `offset` of `text`, whose parse is `file`.
pub fn at<'a>(text: &str, file: &'a File, offset: usize) -> Context<'a> {
    let offset = offset.min(text.len());
    let (chain, siblings) = enclosing(text, &file.statements, offset);
    let spec = block_spec(&chain);
    let current = siblings.iter().find(|s| in_head(text, s, offset));
    let start = match current {
        Some(s) => s.span.start as usize,
        None => line_start(text, offset),
    };
    let mut cx = Context {
        spec,
        siblings,
        current,
        word_start: offset,
        written: Vec::new(),
        expect: Expect::default(),
        chain,
    };
    let Some(fragment) = text.get(start..offset) else {
        return cx;
    };
    let Some((tokens, partial)) = tokens(fragment) else {
        return cx; // in a string, a comment or a literal
    };
    cx.word_start = offset - partial.len();
    cx.written = tokens
        .iter()
        .skip(1)
        .filter_map(|t| match t {
            Tok::Word(w) => Some(w.to_string()),
            _ => None,
        })
        .collect();
    let top = cx.chain.is_empty();
    let Some(Tok::Word(kw)) = tokens.first() else {
        if tokens.is_empty() {
            if top {
                cx.expect.declarations = true;
            } else {
                cx.expect.keys = spec;
            }
        }
        return cx;
    };
    if top {
        return cx; // after a declaration keyword: a new name
    }
    let Some(key) = spec.and_then(|s| s.key(kw)) else {
        return cx;
    };
    cx.expect = value_expectation(key, &tokens[1..]);
    cx
}

/// The statements whose blocks contain `offset`, and the innermost block's statements.
fn enclosing<'a>(
    text: &str,
    mut stmts: &'a [Statement],
    offset: usize,
) -> (Vec<&'a Statement>, &'a [Statement]) {
    let mut chain = Vec::new();
    'outer: loop {
        for s in stmts {
            if let Some(b) = &s.block {
                let (start, end) = (b.span.start as usize, b.span.end as usize);
                let closed = end > start + 1 && text.as_bytes().get(end - 1) == Some(&b'}');
                let inside = start < offset && (offset < end || (!closed && offset <= end));
                if inside {
                    chain.push(s);
                    stmts = &b.statements;
                    continue 'outer;
                }
            }
        }
        return (chain, stmts);
    }
}

/// The schema of the innermost block of `chain`.
pub fn block_spec(chain: &[&Statement]) -> Option<&'static DeclSpec> {
    let (first, rest) = chain.split_first()?;
    let mut spec = schema::declaration(&first.keyword.name)?;
    for s in rest {
        match spec.key(&s.keyword.name)?.ty {
            Type::Block(nested) => spec = nested,
            _ => return None,
        }
    }
    Some(spec)
}

/// Whether `offset` is in the head of `s` (its keyword and values, or the blanks after them on
/// the same line).
fn in_head(text: &str, s: &Statement, offset: usize) -> bool {
    let start = s.span.start as usize;
    let head_end = s
        .block
        .as_ref()
        .map_or(s.span.end as usize, |b| b.span.start as usize);
    if offset < start || s.keyword.name.is_empty() {
        return false;
    }
    if offset <= head_end {
        return s.block.is_none() || offset < head_end;
    }
    s.block.is_none()
        && text
            .get(head_end..offset)
            .is_some_and(|gap| gap.bytes().all(|b| b == b' ' || b == b'\t'))
}

/// Where the statement being typed on this line starts: after the last line end, `;`, `{` or `}`.
fn line_start(text: &str, offset: usize) -> usize {
    let b = text.as_bytes();
    let mut i = offset;
    while i > 0 && !matches!(b[i - 1], b'\n' | b'\r' | b';' | b'{' | b'}') {
        i -= 1;
    }
    i
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tok<'a> {
    Word(&'a str),
    Literal,
    Open,
    Close,
    Comma,
}

/// The tokens of a statement's beginning, and the word being typed at its end. `None` when the
/// end is inside a string, a comment or a literal (nothing to complete).
fn tokens(fragment: &str) -> Option<(Vec<Tok<'_>>, &str)> {
    let b = fragment.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        match c {
            b' ' | b'\t' | b'\r' | b'\n' => i += 1,
            b'"' => {
                if fragment[i..].starts_with("\"\"\"") {
                    let close = fragment[i + 3..].find("\"\"\"")?;
                    i += 3 + close + 3;
                } else {
                    i += 1;
                    loop {
                        match b.get(i)? {
                            b'\\' => i += 2,
                            b'"' => break,
                            _ => i += 1,
                        }
                    }
                    i += 1;
                }
                out.push(Tok::Literal);
            }
            b'/' if b.get(i + 1) == Some(&b'/') => return None,
            b'[' => {
                out.push(Tok::Open);
                i += 1;
            }
            b']' => {
                out.push(Tok::Close);
                i += 1;
            }
            b',' => {
                out.push(Tok::Comma);
                i += 1;
            }
            _ if c.is_ascii_alphabetic() => {
                let s = i;
                while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_' || b[i] == b'-')
                {
                    i += 1;
                }
                out.push(Tok::Word(&fragment[s..i]));
            }
            _ if c.is_ascii_digit() => {
                while i < b.len()
                    && (b[i].is_ascii_alphanumeric()
                        || matches!(b[i], b'_' | b'.' | b':' | b'%' | b'-'))
                {
                    i += 1;
                }
                if i == b.len() {
                    return None; // typing a number, a date or a time
                }
                out.push(Tok::Literal);
            }
            _ => {
                out.push(Tok::Literal);
                i += c.max(1).leading_ones().max(1) as usize;
                while i < b.len() && !fragment.is_char_boundary(i) {
                    i += 1;
                }
            }
        }
    }
    let partial = match out.last() {
        Some(Tok::Word(w))
            if fragment.ends_with(w)
                && b.last()
                    .is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'_' || *c == b'-') =>
        {
            w.len()
        }
        _ => 0,
    };
    if partial > 0 {
        out.pop();
    }
    Some((out, &fragment[fragment.len() - partial..]))
}

/// What may follow `key` after the tokens already written.
fn value_expectation(key: &'static KeySpec, args: &[Tok]) -> Expect {
    let mut e = Expect {
        key: Some(key),
        ..Expect::default()
    };
    let values = args
        .iter()
        .filter(|t| matches!(t, Tok::Word(_) | Tok::Literal))
        .count();
    let open = open_list(args);
    match key.ty {
        Type::Enum(vs) if values == 0 => e.values = vs,
        Type::Ref(k) if values == 0 => e.names = Some(k),
        Type::Refs(k) if values == 0 || open => e.names = Some(k),
        Type::Block(nested) if values == 0 => {
            if let Naming::Ref(k) = nested.naming {
                e.names = Some(k);
            }
        }
        Type::Media if values == 0 => e.values = schema::MEDIA_KINDS,
        Type::Metric if values == 0 => {
            e.metrics = true;
            e.keywords = vec!["custom"];
        }
        Type::Lints if values == 0 || open => e.lints = true,
        Type::Post => grammar(&mut e, args, true),
        Type::Recurrence => grammar(&mut e, args, false),
        _ => {}
    }
    e
}

/// Whether a `[` is still open at the end of `args`.
fn open_list(args: &[Tok]) -> bool {
    let mut depth = 0i32;
    for t in args {
        match t {
            Tok::Open => depth += 1,
            Tok::Close => depth -= 1,
            _ => {}
        }
    }
    depth > 0
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Messages,
    Channels,
    At,
    Every,
    Times,
    From,
    FromDate,
    To,
    Window,
    Done,
}

/// `post MESSAGES to CHANNELS (at DATE-TIME | every … at TIMES [from D to D | during PHASE]) [repeat]`
/// and a task's `every … at TIMES [from … to … | during PHASE]`.
fn grammar(e: &mut Expect, args: &[Tok], post: bool) {
    let mut state = if post { State::Messages } else { State::Every };
    let mut count = 0usize; // values read in the current state
    let mut depth = 0i32;
    for t in args {
        let before = state;
        match (*t, state) {
            (Tok::Open, _) => depth += 1,
            (Tok::Close, _) => depth -= 1,
            (Tok::Comma, _) => {}
            (Tok::Word("to"), State::Messages) if depth == 0 => state = State::Channels,
            (Tok::Word("at"), State::Channels) if depth == 0 => state = State::At,
            (Tok::Word("every"), State::Channels) if depth == 0 => state = State::Every,
            (Tok::Word("at"), State::Every) if depth == 0 => state = State::Times,
            (Tok::Word("from"), State::Times) => state = State::From,
            (Tok::Word("during"), State::Times) => state = State::Window,
            (Tok::Word("to"), State::FromDate) => state = State::To,
            (Tok::Word("repeat"), _) => state = State::Done,
            (Tok::Literal, State::From) => state = State::FromDate,
            (Tok::Literal, State::To) => state = State::Done,
            (Tok::Literal, State::At) => state = State::Done,
            (_, State::Window) if count == 0 => count += 1,
            _ => count += 1,
        }
        if state != before {
            count = 0;
        }
    }
    let in_list = depth > 0;
    match state {
        State::Messages => {
            e.names = Some(RefKind::Message);
            if count > 0 && !in_list {
                e.keywords = vec!["to"];
            }
        }
        State::Channels => {
            e.names = Some(RefKind::Channel);
            if count > 0 && !in_list {
                e.keywords = vec!["at", "every"];
            }
        }
        State::Every => {
            e.values = schema::WEEKDAYS;
            e.keywords = vec!["day", "weekday", "week", "weeks", "month", "months", "on"];
            if count > 0 && !in_list {
                e.keywords.push("at");
            }
        }
        State::Times if count > 0 && !in_list => {
            e.keywords = vec!["from", "during"];
            if post {
                e.keywords.push("repeat");
            }
        }
        State::Window if count == 0 => e.names = Some(RefKind::Phase),
        State::Window if post => e.keywords = vec!["repeat"],
        State::FromDate => e.keywords = vec!["to"],
        State::Done
            if post
                && !args.contains(&Tok::Word("repeat"))
                && args.contains(&Tok::Word("every")) =>
        {
            e.keywords = vec!["repeat"];
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::FileId;

    fn expect(src: &str) -> (Expect, usize) {
        let offset = src.find('|').expect("a cursor");
        let text = src.replace('|', "");
        let parsed = crate::syntax::parse(FileId(0), &text);
        let cx = at(&text, &parsed.file, offset);
        (cx.expect, offset - cx.word_start)
    }

    #[test]
    fn keys_and_declarations() {
        assert!(expect("|").0.declarations);
        assert!(expect("camp|").0.declarations);
        assert_eq!(
            expect("channel x {\n  |\n}\n").0.keys,
            Some(&schema::CHANNEL)
        );
        assert_eq!(
            expect("channel x {\n  pla|\n}\n"),
            (
                Expect {
                    keys: Some(&schema::CHANNEL),
                    ..Default::default()
                },
                3
            )
        );
        // Unclosed block, at the end of the file.
        assert_eq!(expect("channel x {\n  |").0.keys, Some(&schema::CHANNEL));
        assert_eq!(
            expect("message m {\n  variant x {\n    |\n  }\n}\n").0.keys,
            Some(&schema::VARIANT)
        );
        assert_eq!(
            expect("budget { line l { | } }").0.keys,
            Some(&schema::LINE)
        );
        assert_eq!(
            expect("channel x { handle \"a\"; |").0.keys,
            Some(&schema::CHANNEL)
        );
    }

    #[test]
    fn values_after_a_key() {
        assert_eq!(
            expect("channel x {\n  platform |\n}\n").0.values,
            schema::PLATFORMS
        );
        assert_eq!(
            expect("channel x {\n  platform |").0.values,
            schema::PLATFORMS
        );
        assert_eq!(expect("channel x {\n  platform inst|\n}\n").1, 4);
        assert_eq!(
            expect("message m {\n  audience |\n}\n").0.names,
            Some(RefKind::Audience)
        );
        assert_eq!(
            expect("message m {\n  audience [a, |\n}\n").0.names,
            Some(RefKind::Audience)
        );
        assert_eq!(
            expect("message m { variant |").0.names,
            Some(RefKind::Channel)
        );
        assert_eq!(expect("message m { media |").0.values, schema::MEDIA_KINDS);
        assert!(expect("kpi k { metric re|").0.metrics);
        assert!(expect("lints { allow [late-night-post, |").0.lints);
        assert_eq!(expect("message m {\n  text \"ab|").0, Expect::default());
        assert_eq!(expect("channel x {\n  max_per_day 1|").0, Expect::default());
        assert_eq!(expect("role r|").0, Expect::default());
    }

    #[test]
    fn the_post_grammar() {
        let names = |s: &str| expect(s).0.names;
        let words = |s: &str| expect(s).0.keywords;
        assert_eq!(names("schedule s {\n  post |\n}"), Some(RefKind::Message));
        assert_eq!(words("schedule s {\n  post m |\n}"), vec!["to"]);
        assert_eq!(
            names("schedule s {\n  post [a, b] to |"),
            Some(RefKind::Channel)
        );
        assert_eq!(
            words("schedule s {\n  post a to [x, y] |"),
            vec!["at", "every"]
        );
        assert_eq!(
            expect("schedule s {\n  post a to x every |").0.values,
            schema::WEEKDAYS
        );
        assert!(words("schedule s {\n  post a to x every [tue, fri] |").contains(&"at"));
        assert_eq!(
            words("schedule s {\n  post a to x every day at 09:00 |"),
            vec!["from", "during", "repeat"]
        );
        assert_eq!(
            names("schedule s {\n  post a to x every day at 09:00 during |"),
            Some(RefKind::Phase)
        );
        assert_eq!(
            names("task t {\n  every mon at 10:00 during |"),
            Some(RefKind::Phase)
        );
        assert_eq!(
            words("task t {\n  every mon at 10:00 |"),
            vec!["from", "during"]
        );
    }
}
