//! The fast path: well-formed statement heads read byte by byte, without pest.
//!
//! pest reads a head (`keyword value*`) correctly but slowly: every rule call goes through its
//! call-limit tracker and a native stack probe, ordered choices re-read a token once per
//! alternative, and every token is queued and turned into a [`pest::iterators::Pair`] (see
//! `docs/performance.md`). This module reads the same heads directly, following
//! `grammar/smm.pest` rule for rule: the same ordered choices in the same order, the same
//! implicit whitespace (blanks and comments between values; also line ends inside lists), the
//! same token boundaries. Values are converted by the same functions as on pest's path
//! ([`Driver::scalar`], [`Driver::cmp_op`]).
//!
//! It gives up (returns `None`) on anything that is not a well-formed head followed by the end
//! of the statement (`;`, a line end, `{`, `}`, the end of input or a comment): an unclosed
//! string, a malformed list, a stray character… The driver then reads the statement with pest,
//! so every syntax error is found and explained exactly as before. When it gives up after
//! converting some values, the diagnostics those values reported are withdrawn, so nothing is
//! reported twice. The tests below check that both paths build the same tree and the same
//! diagnostics.

use super::parser::Driver;
use super::trivia::{skip_blanks, skip_comment};
use super::Rule;
use crate::ast::{Ident, Statement, Value, ValueKind};

impl Driver<'_> {
    /// The statement head at `pos` and the position after it, as [`Driver::statement`] would
    /// return them, if the head is well formed and the statement ends after it.
    pub(super) fn fast_statement(&mut self, pos: usize) -> Option<(Statement, usize)> {
        let diagnostics = self.diagnostics.len();
        let values = self.values.len();
        let done = self.fast_head(pos);
        if done.is_none() {
            self.diagnostics.truncate(diagnostics);
            self.values.truncate(values);
        }
        done
    }

    fn fast_head(&mut self, pos: usize) -> Option<(Statement, usize)> {
        let b = self.b;
        let kw_end = ident(b, pos)?;
        let base = self.values.len();
        // `head = { keyword ~ value* }`: implicit whitespace after the keyword and between
        // values; after the last value pest gives back the whitespace it tried.
        let mut cur = skip(b, kw_end);
        let mut last_end = None;
        while let Some(end) = self.fast_value(cur)? {
            last_end = Some(end);
            cur = skip(b, end);
        }
        let head_end = last_end.unwrap_or(cur);

        // The driver's check of what follows a head; anything else is an error for pest's path.
        let mut next = skip_blanks(b, head_end);
        if let Some(end) = skip_comment(b, next) {
            next = end;
        }
        if next < b.len() && !matches!(b[next], b'\n' | b'\r' | b';' | b'{' | b'}') {
            return None;
        }

        let keyword = Ident {
            name: self.src[pos..kw_end].to_string(),
            span: self.span(pos, kw_end),
        };
        let args: Vec<Value> = self.values.drain(base..).collect();
        let stmt = Statement {
            span: self.span(pos, head_end),
            keyword,
            args,
            block: None,
            broken: false,
        };
        Some((stmt, next))
    }

    /// Reads one value at `pos` into `self.values`. `Some(None)`: no value starts here (the
    /// head ends); `None`: something pest would have to judge.
    fn fast_value(&mut self, pos: usize) -> Option<Option<usize>> {
        let b = self.b;
        let Some(&c) = b.get(pos) else {
            return Some(None);
        };
        match c {
            b'\n' | b'\r' | b';' | b'{' | b'}' => Some(None),
            b'[' => self.fast_list(pos).map(Some),
            b'>' | b'<' | b'=' => self.fast_comparison(pos).map(Some),
            _ => {
                let (rule, end) = scalar(b, pos)?;
                self.push_scalar(rule, pos, end);
                Some(Some(end))
            }
        }
    }

    fn push_scalar(&mut self, rule: Rule, start: usize, end: usize) {
        let span = self.span(start, end);
        let src = self.src;
        let kind = self.scalar(rule, &src[start..end], span);
        self.values.push(Value { kind, span });
    }

    /// `list = { "[" ~ lnl ~ (scalar ~ lnl ~ ("," ~ lnl ~ scalar ~ lnl)* ~ ("," ~ lnl)?)? ~ "]" }`
    fn fast_list(&mut self, open: usize) -> Option<usize> {
        let b = self.b;
        let base = self.values.len();
        let mut cur = list_trivia(b, open + 1);
        if b.get(cur) != Some(&b']') {
            loop {
                let (rule, end) = scalar(b, cur)?;
                self.push_scalar(rule, cur, end);
                cur = list_trivia(b, end);
                match b.get(cur) {
                    Some(b',') => {
                        cur = list_trivia(b, cur + 1);
                        if b.get(cur) == Some(&b']') {
                            break;
                        }
                    }
                    Some(b']') => break,
                    _ => return None,
                }
            }
        }
        let end = cur + 1;
        let items: Vec<Value> = self.values.drain(base..).collect();
        self.values.push(Value {
            kind: ValueKind::List(items),
            span: self.span(open, end),
        });
        Some(end)
    }

    /// `comparison = { cmp_op ~ scalar }`
    fn fast_comparison(&mut self, start: usize) -> Option<usize> {
        let b = self.b;
        let op_end = cmp_op(b, start);
        // Blanks only: a comment here runs to the line end, and then no scalar follows.
        let at = skip_blanks(b, op_end);
        let (rule, end) = scalar(b, at)?;
        let src = self.src;
        let op = self.cmp_op(&src[start..op_end], self.span(start, op_end));
        self.push_scalar(rule, at, end);
        let value = self.values.pop().expect("just pushed");
        self.values.push(Value {
            kind: ValueKind::Comparison(op, Box::new(value)),
            span: self.span(start, end),
        });
        Some(end)
    }
}

// ---- the grammar's rules as functions: each returns the end of its match at `p`, if any ------

fn is_ident_char(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_'
}

fn at(b: &[u8], p: usize, c: u8) -> bool {
    b.get(p) == Some(&c)
}

/// `!ident_char`
fn no_ident_char(b: &[u8], p: usize) -> bool {
    !b.get(p).copied().is_some_and(is_ident_char)
}

/// pest's implicit whitespace: `WHITESPACE = " " | "\t"`, `COMMENT = "//" ~ (!NEWLINE ~ ANY)*`.
fn skip(b: &[u8], mut p: usize) -> usize {
    loop {
        match b.get(p) {
            Some(b' ' | b'\t') => p += 1,
            Some(b'/') if at(b, p + 1, b'/') => p = comment_end(b, p + 2),
            _ => return p,
        }
    }
}

/// Inside a list, line ends too (`lnl = _{ NEWLINE* }` between implicit whitespace).
fn list_trivia(b: &[u8], mut p: usize) -> usize {
    loop {
        match b.get(p) {
            Some(b' ' | b'\t' | b'\n' | b'\r') => p += 1,
            Some(b'/') if at(b, p + 1, b'/') => p = comment_end(b, p + 2),
            _ => return p,
        }
    }
}

/// A comment ends before `\n` or `\r` (pest's `NEWLINE` is `\n`, `\r\n` or `\r`).
fn comment_end(b: &[u8], p: usize) -> usize {
    b[p..]
        .iter()
        .position(|&c| c == b'\n' || c == b'\r')
        .map_or(b.len(), |i| p + i)
}

/// `ident = @{ ASCII_ALPHA ~ (ASCII_ALPHANUMERIC | "_" | "-")* }`
fn ident(b: &[u8], p: usize) -> Option<usize> {
    if !b.get(p)?.is_ascii_alphabetic() {
        return None;
    }
    let mut q = p + 1;
    while q < b.len() && (is_ident_char(b[q]) || b[q] == b'-') {
        q += 1;
    }
    Some(q)
}

/// `digits = @{ ASCII_DIGIT ~ (ASCII_DIGIT | "_")* }`
fn digits(b: &[u8], p: usize) -> Option<usize> {
    if !b.get(p)?.is_ascii_digit() {
        return None;
    }
    let mut q = p + 1;
    while q < b.len() && (b[q].is_ascii_digit() || b[q] == b'_') {
        q += 1;
    }
    Some(q)
}

/// `ASCII_DIGIT+`
fn ascii_digits(b: &[u8], p: usize) -> Option<usize> {
    if !b.get(p)?.is_ascii_digit() {
        return None;
    }
    let mut q = p + 1;
    while q < b.len() && b[q].is_ascii_digit() {
        q += 1;
    }
    Some(q)
}

/// `("." ~ digits)?`
fn fraction(b: &[u8], p: usize) -> usize {
    if at(b, p, b'.') {
        if let Some(q) = digits(b, p + 1) {
            return q;
        }
    }
    p
}

/// `(" " | "\t")+`
fn blanks(b: &[u8], p: usize) -> Option<usize> {
    let q = skip_blanks(b, p);
    (q > p).then_some(q)
}

/// `date = @{ ASCII_DIGIT+ ~ "-" ~ ASCII_DIGIT+ ~ "-" ~ ASCII_DIGIT+ ~ !ident_char }`
fn date(b: &[u8], p: usize) -> Option<usize> {
    let q = ascii_digits(b, p)?;
    if !at(b, q, b'-') {
        return None;
    }
    let q = ascii_digits(b, q + 1)?;
    if !at(b, q, b'-') {
        return None;
    }
    let q = ascii_digits(b, q + 1)?;
    no_ident_char(b, q).then_some(q)
}

/// `time = @{ ASCII_DIGIT{1,2} ~ ":" ~ ASCII_DIGIT+ ~ !ident_char }`
fn time(b: &[u8], p: usize) -> Option<usize> {
    if !b.get(p)?.is_ascii_digit() {
        return None;
    }
    let mut q = p + 1;
    if b.get(q).is_some_and(u8::is_ascii_digit) {
        q += 1;
    }
    if !at(b, q, b':') {
        return None;
    }
    let q = ascii_digits(b, q + 1)?;
    no_ident_char(b, q).then_some(q)
}

/// `datetime = @{ date ~ (" " | "\t")+ ~ time }`
fn datetime(b: &[u8], p: usize) -> Option<usize> {
    time(b, blanks(b, date(b, p)?)?)
}

/// `money = @{ digits ~ ("." ~ digits)? ~ (" " | "\t")+ ~ currency }`,
/// `currency = @{ ASCII_ALPHA_UPPER{3} ~ !(ident_char | "-") }`
fn money(b: &[u8], p: usize) -> Option<usize> {
    let q = blanks(b, fraction(b, digits(b, p)?))?;
    let code = b.get(q..q + 3)?;
    if !code.iter().all(u8::is_ascii_uppercase) {
        return None;
    }
    let q = q + 3;
    (no_ident_char(b, q) && !at(b, q, b'-')).then_some(q)
}

/// `duration = @{ digits ~ ("min" | "h" | "d" | "w") ~ !ident_char }`
fn duration(b: &[u8], p: usize) -> Option<usize> {
    let q = digits(b, p)?;
    let q = if b[q..].starts_with(b"min") {
        q + 3
    } else if matches!(b.get(q), Some(b'h' | b'd' | b'w')) {
        q + 1
    } else {
        return None;
    };
    no_ident_char(b, q).then_some(q)
}

/// `percent = @{ digits ~ ("." ~ digits)? ~ "%" }`
fn percent(b: &[u8], p: usize) -> Option<usize> {
    let q = fraction(b, digits(b, p)?);
    at(b, q, b'%').then_some(q + 1)
}

/// `range = @{ digits ~ ".." ~ digits ~ !ident_char }`
fn range(b: &[u8], p: usize) -> Option<usize> {
    let q = digits(b, p)?;
    if !b[q..].starts_with(b"..") {
        return None;
    }
    let q = digits(b, q + 2)?;
    no_ident_char(b, q).then_some(q)
}

/// `decimal = @{ digits ~ "." ~ digits ~ !ident_char }`
fn decimal(b: &[u8], p: usize) -> Option<usize> {
    let q = digits(b, p)?;
    if !at(b, q, b'.') {
        return None;
    }
    let q = digits(b, q + 1)?;
    no_ident_char(b, q).then_some(q)
}

/// `integer = @{ digits ~ !("." ~ ASCII_DIGIT) ~ !ident_char }`
fn integer(b: &[u8], p: usize) -> Option<usize> {
    let q = digits(b, p)?;
    let fraction_follows = at(b, q, b'.') && b.get(q + 1).is_some_and(u8::is_ascii_digit);
    (!fraction_follows && no_ident_char(b, q)).then_some(q)
}

/// `bad_number = @{ digits ~ ("." ~ digits)? ~ (ident_char | "-")+ }`
fn bad_number(b: &[u8], p: usize) -> Option<usize> {
    let start = fraction(b, digits(b, p)?);
    let mut q = start;
    while q < b.len() && (is_ident_char(b[q]) || b[q] == b'-') {
        q += 1;
    }
    (q > start).then_some(q)
}

/// `string = @{ !"\"\"\"" ~ "\"" ~ (!("\"" | "\\" | NEWLINE) ~ ANY | "\\" ~ !NEWLINE ~ ANY)* ~ "\"" }`
/// (called only where `"""` does not start).
fn string(b: &[u8], p: usize) -> Option<usize> {
    let mut q = p + 1;
    loop {
        // Most of a plan's bytes are inside strings: jump to the next byte that matters (bytes
        // of a multi-byte character are never `"`, `\` or line ends), then make sure no `\r`
        // was jumped over.
        let rest = b.get(q..)?;
        let i = memchr::memchr3(b'"', b'\\', b'\n', rest)?;
        if memchr::memchr(b'\r', &rest[..i]).is_some() {
            return None;
        }
        q += i;
        match b[q] {
            b'"' => return Some(q + 1),
            b'\n' => return None,
            // Any character but a line end may follow a backslash.
            _ => match b.get(q + 1)? {
                b'\n' | b'\r' => return None,
                _ => q += 2,
            },
        }
    }
}

/// `text_block = @{ "\"\"\"" ~ (!"\"\"\"" ~ ANY)* ~ "\"\"\"" }`
fn text_block(b: &[u8], p: usize) -> Option<usize> {
    let body = p + 3;
    memchr::memmem::find(b.get(body..)?, b"\"\"\"").map(|i| body + i + 3)
}

/// `cmp_op = @{ ">=" | "<=" | "=>" | "=<" | "==" | "=" | ">" | "<" }` (one of `<`, `>`, `=`
/// is at `p`).
fn cmp_op(b: &[u8], p: usize) -> usize {
    match (b[p], b.get(p + 1)) {
        (b'>' | b'<', Some(b'=')) | (b'=', Some(b'>' | b'<' | b'=')) => p + 2,
        _ => p + 1,
    }
}

/// A rule as a function: the end of its match at a position, if any.
type Reader = fn(&[u8], usize) -> Option<usize>;

/// `scalar = _{ text_block | string | datetime | date | time | money | duration | percent
/// | range | decimal | integer | bad_number | word }`: the first alternative that matches.
fn scalar(b: &[u8], p: usize) -> Option<(Rule, usize)> {
    let c = *b.get(p)?;
    if c == b'"' {
        if b[p..].starts_with(b"\"\"\"") {
            // An unclosed text block is pest's to explain.
            return text_block(b, p).map(|e| (Rule::text_block, e));
        }
        return string(b, p).map(|e| (Rule::string, e));
    }
    if c.is_ascii_alphabetic() {
        return ident(b, p).map(|e| (Rule::word, e));
    }
    if !c.is_ascii_digit() {
        return None;
    }
    const NUMBERS: [(Rule, Reader); 10] = [
        (Rule::datetime, datetime),
        (Rule::date, date),
        (Rule::time, time),
        (Rule::money, money),
        (Rule::duration, duration),
        (Rule::percent, percent),
        (Rule::range, range),
        (Rule::decimal, decimal),
        (Rule::integer, integer),
        (Rule::bad_number, bad_number),
    ];
    NUMBERS
        .iter()
        .find_map(|&(rule, read)| read(b, p).map(|e| (rule, e)))
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use crate::source::FileId;
    use crate::syntax::parser::{parse_counting, parse_with_pest_only, Parsed};

    /// Parses `src` with the fast path; returns the result and how many heads pest read.
    fn parse_fast(src: &str) -> (Parsed, usize) {
        parse_counting(FileId(0), src)
    }

    /// Both paths agree: the same tree (spans included) and the same diagnostics.
    fn same(src: &str) {
        let (fast, _) = parse_fast(src);
        let slow = parse_with_pest_only(FileId(0), src);
        assert_eq!(fast.file, slow.file, "trees differ for {src:?}");
        assert_eq!(
            format!("{:?}", fast.diagnostics),
            format!("{:?}", slow.diagnostics),
            "diagnostics differ for {src:?}"
        );
    }

    #[test]
    fn examples_agree() {
        for src in [
            "campaign \"Printemps\" {\n  start 2027-03-01\n  end 2027-05-31\n}\n",
            "foo   // c\n",
            "foo x  // c\nbar",
            "foo [a,\n b , ] \n",
            "foo [ // c\n a // d\r\n , b ]",
            "foo [a,\r b\r]",
            "foo >=  12 \n",
            "foo 12 EUR; bar 12.50 EUR; baz 12.505 EUR; q 1 XXX",
            "foo 2027-03-01 09:00 2027-3-1 2027-02-30 24:00 9:5 123:45",
            "foo 1. 1.5. 12_ 1__2 99999999999999999999 12EUR 30s 2days 1.5x 30mi",
            "foo 30min 2h 3d 2w 2mo 18..34 34..18 4.5% 10% 4.0",
            "foo \"\"\"\n  x\n  \"\"\"  ",
            "foo \"\"\"x\"\"\"",
            "foo \"\"\" never closed",
            "foo \"a \\\"b\\\" \\u{1F600} \\u{D800} \\q\" x",
            "foo \"unclosed\nbar 1",
            "foo >= 1 <= 2 = 3 == 4 => 5 =< 6 > 7 < 8 >=",
            "foo [a, [b]] [a b] [a,,b] [,] [] [>= 1] [a,",
            "foo bar: baz # x , y ( ) é ù",
            "foo\tbar\r\nbaz\rqux",
            "a { b { c 1 } } }",
            "x-y_z 1-2 a-",
            "",
            "   \n\n",
            "\u{feff}foo 1",
        ] {
            same(src);
        }
    }

    #[test]
    fn the_example_plan_agrees_without_pest() {
        let src = include_str!("../../examples/printemps-lumiere.smm");
        same(src);
        let (parsed, pest_heads) = parse_fast(src);
        assert!(parsed.diagnostics.is_empty());
        assert_eq!(
            pest_heads, 0,
            "the fast path gave a well-formed head to pest"
        );
    }

    /// The grammar's tokens and near misses, to be glued together.
    const PIECES: &[&str] = &[
        "foo",
        "campaign",
        "x",
        "a-b",
        "A_1",
        "EUR",
        "é",
        "1",
        "12",
        "12_000",
        "1__2",
        "1_",
        "4.5",
        "4.",
        ".5",
        "4.5%",
        "10%",
        "%",
        "12 EUR",
        "12EUR",
        "12.50 USD",
        "12 eur",
        "1 JPYX",
        "1 EU",
        "2027-03-01",
        "2027-3-1",
        "2027-02-30",
        "1-2-3",
        "1-2",
        "09:00",
        "9:5",
        "123:45",
        "25:00",
        "2027-03-01 09:00",
        "2027-03-01\t9:00",
        "2027-03-01 9",
        "30min",
        "30mi",
        "30m",
        "2h",
        "3d",
        "2w",
        "2days",
        "30s",
        "18..34",
        "34..18",
        "1..",
        "..",
        "\"s\"",
        "\"a \\\" b\"",
        "\"\\u{1F600}\"",
        "\"\\u{zz}\"",
        "\"\\q\"",
        "\"\\",
        "\"open",
        "\"\"",
        "\"\"\"",
        "\"\"\"\nt\n\"\"\"",
        "\"\"\"t\"\"\"",
        "[",
        "]",
        ",",
        "[a, b]",
        "[a,]",
        "[]",
        "[ \n ]",
        ">=",
        "<=",
        "=",
        "==",
        ">",
        "<",
        "=>",
        "=<",
        "><",
        ">= 5",
        "<= 12 EUR",
        "= 100%",
        "{",
        "}",
        ";",
        "\n",
        "\r\n",
        "\r",
        " ",
        "\t",
        "// note",
        "//",
        "#",
        ":",
        "(",
        ")",
        "-",
        ".",
        "\\",
        "ü",
        "_",
        "\u{feff}",
    ];

    /// Every pair of pieces, glued and spaced, as arguments and as list items.
    #[test]
    fn every_pair_of_pieces_agrees() {
        for a in PIECES {
            for b in PIECES {
                same(&format!(
                    "foo {a}{b}\nbar {a} {b}; baz [{a}{b}, {a} {b}] >={a}{b}"
                ));
            }
        }
    }

    /// The fast path reads every well-formed value itself.
    #[test]
    fn well_formed_heads_never_reach_pest() {
        for src in [
            "foo x 1 12_000 4.5 4.5% 12 EUR 12.50 USD 2027-03-01 09:00 2027-03-01 09:00",
            "foo 30min 2h 3d 2w 18..34 \"s\" \"\"\"\nt\n\"\"\" [a, b,] [] >= 5 <=12 EUR = 100%",
            "foo 1.5x 12EUR 2days 1_ 1__2 2027-02-30 25:00 \"\\q\" => 5 > 1",
            "post [a, b] to [c, d] every [tue, fri] at [09:00, 18:30] during launch repeat",
            "foo; bar {\n baz 1 // c\n}\n",
        ] {
            let (_, pest_heads) = parse_fast(src);
            assert_eq!(pest_heads, 0, "{src:?}");
            same(src);
        }
    }

    fn soup() -> impl Strategy<Value = String> {
        prop::collection::vec(
            (
                prop::sample::select(PIECES),
                prop::sample::select(&[" ", "", "\n", " "][..]),
            ),
            0..40,
        )
        .prop_map(|parts| parts.into_iter().map(|(a, b)| format!("{a}{b}")).collect())
    }

    fn statements() -> impl Strategy<Value = String> {
        prop::collection::vec(
            (
                prop::sample::select(&["foo", "post", "target", "line", "x"][..]),
                prop::collection::vec(
                    (
                        prop::sample::select(PIECES),
                        prop::sample::select(&[" ", "", " ", "  "][..]),
                    ),
                    0..6,
                ),
                prop::sample::select(&["\n", ";", " {\n", "\n}\n", " // c\n", ""][..]),
            ),
            0..12,
        )
        .prop_map(|stmts| {
            stmts
                .into_iter()
                .map(|(k, args, end)| {
                    let args: String = args.into_iter().map(|(a, s)| format!("{a}{s}")).collect();
                    format!("{k} {args}{end}")
                })
                .collect()
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn random_text_agrees(src in soup()) {
            same(&src);
        }

        #[test]
        fn random_statements_agree(src in statements()) {
            same(&src);
        }

        /// The string reader jumps with memchr; it ends where the grammar's rule, read one
        /// byte at a time, ends (quotes, backslashes, both line ends, multi-byte characters).
        #[test]
        fn strings_end_where_the_rule_ends(
            body in proptest::collection::vec(
                prop_oneof![
                    Just("\""), Just("\\"), Just("\n"), Just("\r"), Just("a"), Just(" "),
                    Just("é"), Just("😀")
                ],
                0..12,
            )
        ) {
            let src = format!("\"{}", body.concat());
            prop_assert_eq!(super::string(src.as_bytes(), 0), byte_by_byte(src.as_bytes(), 0));
        }
    }

    /// `string` as it was first written: the grammar's rule, one byte at a time.
    fn byte_by_byte(b: &[u8], p: usize) -> Option<usize> {
        let mut q = p + 1;
        loop {
            match *b.get(q)? {
                b'"' => return Some(q + 1),
                b'\n' | b'\r' => return None,
                b'\\' => match b.get(q + 1)? {
                    b'\n' | b'\r' => return None,
                    _ => q += 2,
                },
                _ => q += 1,
            }
        }
    }
}
