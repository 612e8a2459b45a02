//! Parser tests: every literal type and every statement shape of language-v1 §1–§2, asserted on
//! the values of the syntax tree (spans are checked separately, where they matter).

use chrono::{NaiveDate, NaiveTime};
use smm::ast::{
    CmpOp, Currency, Decimal, Duration, DurationUnit, Money, Statement, Value, ValueKind,
};
use smm::source::{FileId, Span};
use smm::syntax::parse;

// ---- helpers -----------------------------------------------------------------------------------

/// Parses `src` and fails the test, showing the codes, if it has any diagnostic.
fn clean(src: &str) -> Vec<Statement> {
    let parsed = parse(FileId(0), src);
    let codes: Vec<String> = parsed
        .diagnostics
        .iter()
        .map(|d| format!("{} {}", d.code, d.message))
        .collect();
    assert!(
        codes.is_empty(),
        "unexpected diagnostics for {src:?}: {codes:#?}"
    );
    parsed.file.statements
}

/// The codes reported for `src`, in order.
fn codes(src: &str) -> Vec<&'static str> {
    parse(FileId(0), src)
        .diagnostics
        .iter()
        .map(|d| d.code)
        .collect()
}

/// A value kind with every nested span set to the default, so that trees compare on values only.
fn strip(kind: &ValueKind) -> ValueKind {
    match kind {
        ValueKind::List(items) => ValueKind::List(items.iter().map(strip_value).collect()),
        ValueKind::Comparison(op, v) => ValueKind::Comparison(*op, Box::new(strip_value(v))),
        other => other.clone(),
    }
}

fn strip_value(v: &Value) -> Value {
    Value {
        kind: strip(&v.kind),
        span: Span::default(),
    }
}

/// The argument kinds of the only statement of `src`, which must parse cleanly.
fn args(src: &str) -> Vec<ValueKind> {
    let stmts = clean(src);
    assert_eq!(stmts.len(), 1, "expected one statement in {src:?}");
    stmts[0].args.iter().map(|v| strip(&v.kind)).collect()
}

/// The single argument of `key <value>`.
fn value(text: &str) -> ValueKind {
    let src = format!("key {text}\n");
    let mut a = args(&src);
    assert_eq!(a.len(), 1, "expected one argument in {src:?}, got {a:?}");
    a.remove(0)
}

/// A value without a span, for building expected lists and comparisons.
fn v(kind: ValueKind) -> Value {
    Value {
        kind,
        span: Span::default(),
    }
}

fn word(w: &str) -> ValueKind {
    ValueKind::Word(w.to_string())
}

fn string(s: &str) -> ValueKind {
    ValueKind::String(s.to_string())
}

fn list(items: Vec<ValueKind>) -> ValueKind {
    ValueKind::List(items.into_iter().map(v).collect())
}

fn dec(units: i64, scale: u8) -> Decimal {
    Decimal { units, scale }
}

fn money(minor: i64, code: &str, minor_digits: u8) -> ValueKind {
    ValueKind::Money(Money {
        minor,
        currency: Currency {
            code: code.as_bytes().try_into().unwrap(),
            minor_digits,
        },
    })
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn time(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).unwrap()
}

/// A compact, span-free picture of a tree: `keyword arg… { child; child }`, statements joined
/// by ` | `. Strings are quoted, other values shown as written (lists in brackets).
fn tree(src: &str) -> String {
    show_all(&clean(src))
}

fn show_all(stmts: &[Statement]) -> String {
    stmts.iter().map(show).collect::<Vec<_>>().join(" | ")
}

fn show(s: &Statement) -> String {
    let mut out = s.keyword.name.clone();
    for a in &s.args {
        out.push(' ');
        out.push_str(&show_value(&a.kind));
    }
    if let Some(b) = &s.block {
        let inner = b.statements.iter().map(show).collect::<Vec<_>>().join("; ");
        out.push_str(&format!(" {{ {inner} }}"));
    }
    out
}

fn show_value(k: &ValueKind) -> String {
    match k {
        ValueKind::String(s) | ValueKind::TextBlock(s) => format!("{s:?}"),
        ValueKind::Integer(i) => i.to_string(),
        ValueKind::Decimal(d) => d.to_string(),
        ValueKind::Percent(d) => format!("{d}%"),
        ValueKind::Money(m) => m.to_string(),
        ValueKind::Date(d) => d.to_string(),
        ValueKind::Time(t) => t.format("%H:%M").to_string(),
        ValueKind::DateTime(dt) => dt.format("%Y-%m-%d %H:%M").to_string(),
        ValueKind::Duration(d) => d.to_string(),
        ValueKind::Range(a, b) => format!("{a}..{b}"),
        ValueKind::List(items) => format!(
            "[{}]",
            items
                .iter()
                .map(|i| show_value(&i.kind))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        ValueKind::Comparison(op, v) => format!("{}{}", op.as_str(), show_value(&v.kind)),
        ValueKind::Word(w) => w.clone(),
        ValueKind::Invalid => "<invalid>".into(),
    }
}

// ---- strings -----------------------------------------------------------------------------------

#[test]
fn string_plain() {
    assert_eq!(value(r#""Maison Lumière""#), string("Maison Lumière"));
    assert_eq!(value(r#""""#), string(""));
}

#[test]
fn string_escape_quote() {
    assert_eq!(value(r#""say \"hi\"""#), string("say \"hi\""));
}

#[test]
fn string_escape_backslash() {
    assert_eq!(
        value(r#""C:\\campagnes\\2027""#),
        string(r"C:\campagnes\2027")
    );
    // A backslash just before the closing quote.
    assert_eq!(value(r#""ends with \\""#), string("ends with \\"));
}

#[test]
fn string_escape_newline_and_tab() {
    assert_eq!(
        value(r#""line 1\nline 2\tcol""#),
        string("line 1\nline 2\tcol")
    );
}

#[test]
fn string_escape_unicode() {
    assert_eq!(value(r#""Bientôt \u{1F600}""#), string("Bientôt 😀"));
    assert_eq!(value(r#""\u{e9}t\u{E9}""#), string("été"));
    assert_eq!(value(r#""\u{10FFFF}""#), string("\u{10FFFF}"));
    assert_eq!(value(r#""\u{0}""#), string("\0"));
}

#[test]
fn string_all_escapes_together() {
    assert_eq!(
        value(r#""Hello \"you\" \u{1F600}\\\n\t!""#),
        string("Hello \"you\" 😀\\\n\t!")
    );
}

#[test]
fn string_keeps_comment_markers_and_punctuation() {
    assert_eq!(
        value(r#""https://example.com/a;b {c} [d] #tag // not a comment""#),
        string("https://example.com/a;b {c} [d] #tag // not a comment")
    );
}

#[test]
fn string_escape_errors_are_reported() {
    assert_eq!(codes(r#"text "a\qb""#), ["E0103"]);
    assert_eq!(codes(r#"text "\u{110000}""#), ["E0104"]);
    assert_eq!(codes(r#"text "\u{D800}""#), ["E0104"]);
    assert_eq!(codes(r#"text "\u{1234567}""#), ["E0104"]);
    assert_eq!(codes(r#"text "\u1F600""#), ["E0104"]);
    assert_eq!(codes(r#"text "\u{}""#), ["E0104"]);
    // The value of a string with a bad escape is Invalid, not a guess.
    let p = parse(FileId(0), r#"text "a\qb""#);
    assert_eq!(p.file.statements[0].args[0].kind, ValueKind::Invalid);
}

// ---- text blocks -------------------------------------------------------------------------------

#[test]
fn text_block_removes_indentation_and_first_and_last_newline() {
    let src = "text \"\"\"\n    CONCOURS 🎁\n      1. Abonnez-vous\n\n    #Concours\n    \"\"\"\n";
    assert_eq!(
        args(src),
        [ValueKind::TextBlock(
            "CONCOURS 🎁\n  1. Abonnez-vous\n\n#Concours".into()
        )]
    );
}

#[test]
fn text_block_closing_quotes_at_end_of_last_line() {
    // No closing line: only the first newline is dropped.
    let src = "text \"\"\"\n  a\n  b\"\"\"\n";
    assert_eq!(args(src), [ValueKind::TextBlock("a\nb".into())]);
}

#[test]
fn text_block_keeps_quotes_escapes_and_comment_markers_raw() {
    let src = "text \"\"\"\n  \"quoted\" \\n // kept\n  \"\"\"\n";
    assert_eq!(
        args(src),
        [ValueKind::TextBlock("\"quoted\" \\n // kept".into())]
    );
}

#[test]
fn text_block_with_crlf() {
    let src = "text \"\"\"\r\n  one\r\n  two\r\n  \"\"\"\r\nnext 1\r\n";
    let stmts = clean(src);
    assert_eq!(
        strip(&stmts[0].args[0].kind),
        ValueKind::TextBlock("one\ntwo".into())
    );
    assert_eq!(stmts[1].keyword.name, "next");
}

#[test]
fn text_block_in_a_block_then_more_properties() {
    let src = "message m {\n  text \"\"\"\n    a\n    \"\"\"\n  language fr\n}\n";
    assert_eq!(tree(src), "message m { text \"a\"; language fr }");
}

#[test]
fn text_block_must_start_on_its_own_line() {
    assert_eq!(codes("text \"\"\"inline\n\"\"\"\n"), ["E0123"]);
}

// ---- numbers -----------------------------------------------------------------------------------

#[test]
fn integer() {
    assert_eq!(value("0"), ValueKind::Integer(0));
    assert_eq!(value("12000"), ValueKind::Integer(12000));
    assert_eq!(value("12_000"), ValueKind::Integer(12000));
    assert_eq!(value("1_000_000"), ValueKind::Integer(1_000_000));
    assert_eq!(value("007"), ValueKind::Integer(7));
    assert_eq!(value("9223372036854775807"), ValueKind::Integer(i64::MAX));
}

#[test]
fn integer_errors() {
    assert_eq!(codes("size 9223372036854775808"), ["E0115"]);
    assert_eq!(codes("size 12__000"), ["E0118"]);
    assert_eq!(codes("size 12000_"), ["E0118"]);
}

#[test]
fn decimal() {
    assert_eq!(value("4.5"), ValueKind::Decimal(dec(45, 1)));
    assert_eq!(value("0.45"), ValueKind::Decimal(dec(45, 2)));
    assert_eq!(value("3.10"), ValueKind::Decimal(dec(310, 2)));
    assert_eq!(value("1_000.25"), ValueKind::Decimal(dec(100025, 2)));
    assert_eq!(dec(310, 2).to_string(), "3.10");
}

#[test]
fn percent() {
    assert_eq!(value("10%"), ValueKind::Percent(dec(10, 0)));
    assert_eq!(value("4.5%"), ValueKind::Percent(dec(45, 1)));
    assert_eq!(value("100%"), ValueKind::Percent(dec(100, 0)));
    assert_eq!(value("0.25%"), ValueKind::Percent(dec(25, 2)));
}

#[test]
fn money_in_minor_units() {
    // EUR has cents.
    assert_eq!(value("12000 EUR"), money(1_200_000, "EUR", 2));
    assert_eq!(value("12.50 EUR"), money(1250, "EUR", 2));
    assert_eq!(value("12.5 EUR"), money(1250, "EUR", 2));
    assert_eq!(value("0.45 EUR"), money(45, "EUR", 2));
    assert_eq!(value("24_000 EUR"), money(2_400_000, "EUR", 2));
    // JPY has no minor unit.
    assert_eq!(value("1500 JPY"), money(1500, "JPY", 0));
    // KWD has three decimals (fils).
    assert_eq!(value("12.345 KWD"), money(12345, "KWD", 3));
    assert_eq!(value("7 KWD"), money(7000, "KWD", 3));
    assert_eq!(value("1.5 KWD"), money(1500, "KWD", 3));
    // Several blanks between amount and code are fine.
    assert_eq!(value("3 \t USD"), money(300, "USD", 2));
}

#[test]
fn money_displays_with_the_currency_digits() {
    let ValueKind::Money(m) = value("12.5 EUR") else {
        panic!("not money")
    };
    assert_eq!(m.to_string(), "12.50 EUR");
    let ValueKind::Money(m) = value("7 KWD") else {
        panic!("not money")
    };
    assert_eq!(m.to_string(), "7.000 KWD");
}

#[test]
fn money_errors() {
    assert_eq!(codes("budget 12.345 EUR"), ["E0112"]);
    assert_eq!(codes("budget 100.5 JPY"), ["E0112"]);
    assert_eq!(codes("budget 1.2345 KWD"), ["E0112"]);
    assert_eq!(codes("budget 12 EUX"), ["E0113"]);
    assert_eq!(codes("budget 12000EUR"), ["E0118"]);
}

// ---- dates and times ---------------------------------------------------------------------------

#[test]
fn date_literal() {
    assert_eq!(value("2027-03-01"), ValueKind::Date(date(2027, 3, 1)));
    assert_eq!(value("2028-02-29"), ValueKind::Date(date(2028, 2, 29)));
    assert_eq!(value("2027-12-31"), ValueKind::Date(date(2027, 12, 31)));
}

#[test]
fn time_literal() {
    assert_eq!(value("09:00"), ValueKind::Time(time(9, 0)));
    assert_eq!(value("18:30"), ValueKind::Time(time(18, 30)));
    assert_eq!(value("00:00"), ValueKind::Time(time(0, 0)));
    assert_eq!(value("23:59"), ValueKind::Time(time(23, 59)));
    // A one-digit hour is accepted.
    assert_eq!(value("9:05"), ValueKind::Time(time(9, 5)));
}

#[test]
fn date_time_literal() {
    assert_eq!(
        value("2027-03-03 09:00"),
        ValueKind::DateTime(date(2027, 3, 3).and_time(time(9, 0)))
    );
    assert_eq!(
        value("2027-03-03\t18:30"),
        ValueKind::DateTime(date(2027, 3, 3).and_time(time(18, 30)))
    );
}

#[test]
fn date_and_time_errors() {
    assert_eq!(codes("start 2027-02-30"), ["E0110"]);
    assert_eq!(codes("start 2027-02-29"), ["E0110"]);
    assert_eq!(codes("start 2027-13-01"), ["E0110"]);
    assert_eq!(codes("start 2027-3-1"), ["E0110"]);
    assert_eq!(codes("at 24:00"), ["E0111"]);
    assert_eq!(codes("at 12:60"), ["E0111"]);
    assert_eq!(codes("at 9:5"), ["E0111"]);
    // Both halves of a date-time are checked.
    assert_eq!(codes("at 2027-02-30 25:00"), ["E0110", "E0111"]);
}

// ---- durations and ranges ----------------------------------------------------------------------

#[test]
fn duration_each_unit() {
    let d = |amount, unit| ValueKind::Duration(Duration { amount, unit });
    assert_eq!(value("30min"), d(30, DurationUnit::Minutes));
    assert_eq!(value("2h"), d(2, DurationUnit::Hours));
    assert_eq!(value("3d"), d(3, DurationUnit::Days));
    assert_eq!(value("2w"), d(2, DurationUnit::Weeks));
    assert_eq!(value("1_440min"), d(1440, DurationUnit::Minutes));
    assert_eq!(
        Duration {
            amount: 2,
            unit: DurationUnit::Weeks
        }
        .minutes(),
        20160
    );
}

#[test]
fn duration_errors() {
    assert_eq!(codes("duration 30s"), ["E0119"]);
    assert_eq!(codes("duration 2days"), ["E0119"]);
    assert_eq!(codes("duration 45mins"), ["E0119"]);
}

#[test]
fn range_literal() {
    assert_eq!(value("18..34"), ValueKind::Range(18, 34));
    assert_eq!(value("13..13"), ValueKind::Range(13, 13));
    assert_eq!(value("1_000..2_000"), ValueKind::Range(1000, 2000));
    assert_eq!(codes("age 34..18"), ["E0114"]);
}

// ---- lists -------------------------------------------------------------------------------------

#[test]
fn list_of_words() {
    assert_eq!(
        value("[FR, BE, CH]"),
        list(vec![word("FR"), word("BE"), word("CH")])
    );
}

#[test]
fn list_empty() {
    assert_eq!(value("[]"), list(vec![]));
    assert_eq!(value("[ ]"), list(vec![]));
    assert_eq!(value("[\n]"), list(vec![]));
}

#[test]
fn list_trailing_comma() {
    assert_eq!(value("[a, b,]"), list(vec![word("a"), word("b")]));
    assert_eq!(value("[a,]"), list(vec![word("a")]));
}

#[test]
fn list_multi_line_with_trailing_comma() {
    let src = "interests [\n  \"month-end close\",\n  \"FP&A\",\n\n  \"audit\",\n]\nsize 1\n";
    let stmts = clean(src);
    assert_eq!(stmts.len(), 2);
    assert_eq!(
        strip(&stmts[0].args[0].kind),
        list(vec![
            string("month-end close"),
            string("FP&A"),
            string("audit")
        ])
    );
    assert_eq!(stmts[1].keyword.name, "size");
}

#[test]
fn list_multi_line_with_crlf() {
    let src = "locations [\r\n  FR,\r\n  BE\r\n]\r\n";
    assert_eq!(args(src), [list(vec![word("FR"), word("BE")])]);
}

#[test]
fn list_of_mixed_literals() {
    assert_eq!(
        value("[09:00, 17:30]"),
        list(vec![
            ValueKind::Time(time(9, 0)),
            ValueKind::Time(time(17, 30))
        ])
    );
    assert_eq!(
        value("[\"a\", 2, 4.5%, 12 EUR, 2027-03-01, 18..34, 2h]"),
        list(vec![
            string("a"),
            ValueKind::Integer(2),
            ValueKind::Percent(dec(45, 1)),
            money(1200, "EUR", 2),
            ValueKind::Date(date(2027, 3, 1)),
            ValueKind::Range(18, 34),
            ValueKind::Duration(Duration {
                amount: 2,
                unit: DurationUnit::Hours
            }),
        ])
    );
}

#[test]
fn list_errors() {
    assert_eq!(codes("locations [FR, [BE]]"), ["E0116"]);
    assert_eq!(codes("locations [FR,, BE]"), ["E0128"]);
    assert_eq!(codes("locations [, FR]"), ["E0128"]);
    assert_eq!(codes("locations [FR BE]"), ["E0108"]);
    assert_eq!(codes("locations [FR, BE"), ["E0108"]);
}

// ---- comparisons -------------------------------------------------------------------------------

#[test]
fn comparison_each_operator() {
    let cmp = |op, k| ValueKind::Comparison(op, Box::new(v(k)));
    assert_eq!(value(">= 50000"), cmp(CmpOp::Ge, ValueKind::Integer(50000)));
    assert_eq!(value("<= 12 EUR"), cmp(CmpOp::Le, money(1200, "EUR", 2)));
    assert_eq!(
        value("= 100%"),
        cmp(CmpOp::Eq, ValueKind::Percent(dec(100, 0)))
    );
    // No blank is needed after the operator.
    assert_eq!(
        value(">=4.5%"),
        cmp(CmpOp::Ge, ValueKind::Percent(dec(45, 1)))
    );
    assert_eq!(
        value("<= 2h"),
        cmp(
            CmpOp::Le,
            ValueKind::Duration(Duration {
                amount: 2,
                unit: DurationUnit::Hours
            })
        )
    );
    assert_eq!(
        value(">= 400_000"),
        cmp(CmpOp::Ge, ValueKind::Integer(400_000))
    );
}

#[test]
fn comparison_wrong_operators_are_reported_with_the_meant_one() {
    for (src, meant) in [
        ("target > 5", ">="),
        ("target => 5", ">="),
        ("target < 5", "<="),
        ("target =< 5", "<="),
        ("target == 5", "="),
    ] {
        let p = parse(FileId(0), src);
        assert_eq!(p.diagnostics.len(), 1, "{src}");
        assert_eq!(p.diagnostics[0].code, "E0120", "{src}");
        assert!(
            p.diagnostics[0].primary.message.contains(meant),
            "{src}: {:?}",
            p.diagnostics[0].primary.message
        );
    }
    assert_eq!(codes("target >="), ["E0120"]);
}

// ---- words -------------------------------------------------------------------------------------

#[test]
fn words() {
    assert_eq!(value("instagram"), word("instagram"));
    assert_eq!(value("young_urban"), word("young_urban"));
    assert_eq!(value("ig-main"), word("ig-main"));
    assert_eq!(value("fr"), word("fr"));
    assert_eq!(value("B2b_x-9"), word("B2b_x-9"));
    // Keywords are not reserved: `campaign` is an ordinary word as a value.
    assert_eq!(value("campaign"), word("campaign"));
}

#[test]
fn non_ascii_identifier_is_reported() {
    assert_eq!(codes("objective notoriété"), ["E0122"]);
    assert_eq!(codes("décoration 1"), ["E0122"]);
}

// ---- statement shapes --------------------------------------------------------------------------

#[test]
fn keyword_only() {
    assert_eq!(tree("lints\n"), "lints");
    assert_eq!(tree("repeat"), "repeat");
}

#[test]
fn keyword_and_arguments() {
    assert_eq!(
        tree("post teaser_1 to [x, linkedin] at 2027-03-03 12:30\n"),
        "post teaser_1 to [x, linkedin] at 2027-03-03 12:30"
    );
    let stmts = clean("media image \"assets/teaser-1.jpg\"");
    assert_eq!(stmts[0].keyword.name, "media");
    assert_eq!(
        stmts[0]
            .args
            .iter()
            .map(|a| strip(&a.kind))
            .collect::<Vec<_>>(),
        [word("image"), string("assets/teaser-1.jpg")]
    );
    assert!(stmts[0].block.is_none());
}

#[test]
fn block_on_one_line_with_semicolons() {
    assert_eq!(
        tree("phase teasing { start 2027-03-01; end 2027-03-14 }"),
        "phase teasing { start 2027-03-01; end 2027-03-14 }"
    );
    assert_eq!(
        tree("role community  { title \"CM\"; name \"Yanis\"; }"),
        "role community { title \"CM\"; name \"Yanis\" }"
    );
}

#[test]
fn block_over_several_lines() {
    let src = "campaign \"Printemps\" {\n  start 2027-03-01\n\n  end 2027-05-31\n}\n";
    assert_eq!(
        tree(src),
        "campaign \"Printemps\" { start 2027-03-01; end 2027-05-31 }"
    );
}

#[test]
fn empty_blocks() {
    assert_eq!(tree("lints {}"), "lints {  }");
    assert_eq!(tree("lints {\n}\n"), "lints {  }");
    let stmts = clean("lints { }");
    assert_eq!(stmts[0].children().len(), 0);
    assert!(stmts[0].block.is_some());
}

#[test]
fn nested_blocks() {
    let src =
        "message teaser_1 {\n  text \"a\"\n  variant x {\n    text \"b\"\n  }\n  language fr\n}\n";
    assert_eq!(
        tree(src),
        "message teaser_1 { text \"a\"; variant x { text \"b\" }; language fr }"
    );
    assert_eq!(
        tree("budget { line ads { amount 5 EUR; during launch } }"),
        "budget { line ads { amount 5.00 EUR; during launch } }"
    );
}

#[test]
fn statements_separated_by_semicolons() {
    assert_eq!(tree("a 1; b 2;c 3"), "a 1 | b 2 | c 3");
    assert_eq!(tree(";;a;;\n;b;"), "a | b");
}

#[test]
fn block_followed_by_semicolon_and_statement() {
    assert_eq!(tree("a { x 1 }; b 2"), "a { x 1 } | b 2");
    assert_eq!(tree("a { x { y 1 } }\nb"), "a { x { y 1 } } | b");
}

#[test]
fn comments_everywhere() {
    let src = "\
// leading comment
// another

campaign \"C\" { // after an opening brace
  // inside a block
  start 2027-03-01 // after a value
  locations [ // inside a list
    FR, // after an item
    // on its own line in a list
    BE,
  ] // after a list
  text \"not // a comment\" // but this is
}// right after a closing brace
// trailing comment without newline";
    assert_eq!(
        tree(src),
        "campaign \"C\" { start 2027-03-01; locations [FR, BE]; text \"not // a comment\" }"
    );
}

#[test]
fn crlf_line_endings() {
    let src = "campaign \"C\" {\r\n  start 2027-03-01\r\n  end 2027-05-31 // c\r\n}\r\nrole a { title \"t\" }\r\n";
    assert_eq!(
        tree(src),
        "campaign \"C\" { start 2027-03-01; end 2027-05-31 } | role a { title \"t\" }"
    );
}

#[test]
fn crlf_spans_do_not_include_the_carriage_return() {
    let src = "name \"x\"\r\nsize 12\r\n";
    let stmts = clean(src);
    assert_eq!(&src[stmts[0].span.range()], "name \"x\"");
    assert_eq!(&src[stmts[1].args[0].span.range()], "12");
}

#[test]
fn byte_order_mark_at_start() {
    // Through a project (the source map drops the BOM)...
    let project = smm::project::load_text(
        std::path::Path::new("bom.smm"),
        "\u{feff}campaign \"C\" { start 2027-03-01 }\n",
        smm::project::Options::default(),
    );
    assert!(project.diagnostics.is_empty(), "{:?}", project.diagnostics);
    assert_eq!(
        show_all(&project.files[0].statements),
        "campaign \"C\" { start 2027-03-01 }"
    );
    // ...and through the parser alone, where spans still index the given text.
    let src = "\u{feff}role a { title \"t\" }";
    let stmts = clean(src);
    assert_eq!(show_all(&stmts), "role a { title \"t\" }");
    assert_eq!(&src[stmts[0].keyword.span.range()], "role");
}

#[test]
fn empty_and_comment_only_files() {
    assert!(clean("").is_empty());
    assert!(clean("\n\n  \n").is_empty());
    assert!(clean("// nothing\n// at all").is_empty());
    assert!(clean(";;;").is_empty());
}

#[test]
fn spans_cover_what_is_written() {
    let src = "message teaser_1 {\n  audience [young_urban, familles]\n  target >= 12.50 EUR\n}";
    let stmts = clean(src);
    let m = &stmts[0];
    assert_eq!(&src[m.span.range()], src);
    assert_eq!(&src[m.keyword.span.range()], "message");
    assert_eq!(&src[m.args[0].span.range()], "teaser_1");
    let block = m.block.as_ref().unwrap();
    assert_eq!(&src[block.span.range()], &src[17..]);
    let audience = &block.statements[0];
    assert_eq!(
        &src[audience.span.range()],
        "audience [young_urban, familles]"
    );
    let ValueKind::List(items) = &audience.args[0].kind else {
        panic!("not a list")
    };
    assert_eq!(&src[items[1].span.range()], "familles");
    let target = &block.statements[1];
    assert_eq!(&src[target.args[0].span.range()], ">= 12.50 EUR");
    let ValueKind::Comparison(_, inner) = &target.args[0].kind else {
        panic!("not a comparison")
    };
    assert_eq!(&src[inner.span.range()], "12.50 EUR");
}

#[test]
fn keywords_are_not_reserved() {
    // A key may be any identifier, and a keyword may be a value.
    assert_eq!(
        tree("channel campaign { platform instagram; budget budget }"),
        "channel campaign { platform instagram; budget budget }"
    );
}

#[test]
fn broken_statement_is_marked_and_the_next_one_is_read() {
    let p = parse(FileId(0), "start: 2027-03-01\nend 2027-05-31\n");
    assert_eq!(p.diagnostics.len(), 1);
    assert_eq!(p.diagnostics[0].code, "E0105");
    assert!(p.file.statements[0].broken);
    assert!(!p.file.statements[1].broken);
    assert_eq!(show_all(&p.file.statements[1..]), "end 2027-05-31");
}

#[test]
fn invalid_literal_keeps_its_place_as_invalid() {
    let p = parse(FileId(0), "phase p { start 2027-02-30; end 2027-03-14 }");
    assert_eq!(p.diagnostics.len(), 1);
    assert_eq!(
        show_all(&p.file.statements),
        "phase p { start <invalid>; end 2027-03-14 }"
    );
    // The statement itself is not broken: only its value is invalid.
    assert!(!p.file.statements[0].children()[0].broken);
}

#[test]
fn examples_parse_cleanly() {
    let dir = std::path::Path::new("examples");
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut seen = 0;
    for entry in entries {
        let path = entry.unwrap().path();
        // `broken*.smm` examples show mistakes on purpose.
        let broken = path
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with("broken"));
        if path.extension().is_some_and(|e| e == "smm") && !broken {
            let project = smm::project::load(&path, smm::project::Options::default()).unwrap();
            assert!(
                project.diagnostics.is_empty(),
                "{}: {:#?}",
                path.display(),
                project.diagnostics
            );
            seen += 1;
        }
    }
    assert!(seen > 0, "no example found in examples/");
}
