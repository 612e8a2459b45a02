//! Schema checking of one block: unknown, repeated and missing keys, value counts and types.
//!
//! [`check_block`] reads a block against its [`DeclSpec`] and returns the statements whose values
//! have the right type, so the typed getters of [`Props`] can extract them without re-checking.
//! Each problem is reported once, on the key or the value at fault, with the expected type and a
//! "did you mean" suggestion from the schema.

use crate::ast::{Ident, Statement, Value, ValueKind};
use crate::diagnostic::Diagnostic;
use crate::schema::{self, DeclSpec, KeySpec, Naming, Type};
use crate::source::Span;

use super::model::Spanned;

/// The well-typed keys of one block.
pub struct Props<'a> {
    entries: Vec<(&'static str, &'a Statement)>,
}

impl<'a> Props<'a> {
    /// The statement of a (non-repeatable) key, if present and well typed.
    pub fn get(&self, key: &str) -> Option<&'a Statement> {
        self.entries
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, s)| *s)
    }

    /// Every statement of a repeatable key, in order.
    pub fn all<'b>(&'b self, key: &'b str) -> impl Iterator<Item = &'a Statement> + 'b {
        self.entries
            .iter()
            .filter(move |(k, _)| *k == key)
            .map(|(_, s)| *s)
    }

    fn first(&self, key: &str) -> Option<&'a Value> {
        self.get(key).and_then(|s| s.args.first())
    }

    /// A string or text block value.
    pub fn text(&self, key: &str) -> Option<Spanned<String>> {
        let v = self.first(key)?;
        match &v.kind {
            ValueKind::String(s) | ValueKind::TextBlock(s) => Some(Spanned {
                value: s.clone(),
                span: v.span,
            }),
            _ => None,
        }
    }

    /// A word value (enumerations).
    pub fn word(&self, key: &str) -> Option<Spanned<String>> {
        let v = self.first(key)?;
        match &v.kind {
            ValueKind::Word(s) => Some(Spanned {
                value: s.clone(),
                span: v.span,
            }),
            _ => None,
        }
    }

    /// A reference: one name.
    pub fn name(&self, key: &str) -> Option<Ident> {
        let v = self.first(key)?;
        match &v.kind {
            ValueKind::Word(s) => Some(Ident {
                name: s.clone(),
                span: v.span,
            }),
            _ => None,
        }
    }

    /// One name or a list of names.
    pub fn names(&self, key: &str) -> Vec<Ident> {
        self.first(key).map(words).unwrap_or_default()
    }

    /// A list of words or of strings, each with its span.
    pub fn list(&self, key: &str) -> Vec<Spanned<String>> {
        let Some(v) = self.first(key) else {
            return Vec::new();
        };
        let items = match &v.kind {
            ValueKind::List(items) => items.as_slice(),
            _ => std::slice::from_ref(v),
        };
        items
            .iter()
            .filter_map(|i| match &i.kind {
                ValueKind::Word(s) | ValueKind::String(s) => Some(Spanned {
                    value: s.clone(),
                    span: i.span,
                }),
                _ => None,
            })
            .collect()
    }

    /// The first value as is.
    pub fn value(&self, key: &str) -> Option<&'a Value> {
        self.first(key)
    }

    /// A value of a given shape, extracted by `f`.
    pub fn typed<T>(&self, key: &str, f: impl Fn(&ValueKind) -> Option<T>) -> Option<Spanned<T>> {
        let v = self.first(key)?;
        f(&v.kind).map(|value| Spanned {
            value,
            span: v.span,
        })
    }
}

/// The names of a word or a list of words.
pub fn words(v: &Value) -> Vec<Ident> {
    let items = match &v.kind {
        ValueKind::List(items) => items.as_slice(),
        _ => std::slice::from_ref(v),
    };
    items
        .iter()
        .filter_map(|i| match &i.kind {
            ValueKind::Word(s) => Some(Ident {
                name: s.clone(),
                span: i.span,
            }),
            _ => None,
        })
        .collect()
}

/// What a block's owner is called in messages: "`channel instagram`", "`budget`".
pub fn describe(stmt: &Statement) -> String {
    match stmt.args.first().map(|a| &a.kind) {
        Some(ValueKind::Word(w)) => format!("`{} {w}`", stmt.keyword.name),
        Some(ValueKind::String(s)) => format!("`{} \"{s}\"`", stmt.keyword.name),
        _ => format!("`{}`", stmt.keyword.name),
    }
}

/// Checks the name and block of a declaration (or nested block) against its spec. Returns
/// whether the declaration is usable (has its block).
pub fn check_head(spec: &DeclSpec, stmt: &Statement, out: &mut Vec<Diagnostic>) -> bool {
    let kw = &stmt.keyword;
    let name_ok = match spec.naming {
        Naming::None => match stmt.args.first() {
            None => true,
            Some(extra) => {
                out.push(
                    Diagnostic::new("E0309", extra.span, format!("`{}` takes no name", kw.name))
                        .label("unexpected value")
                        .help(format!("write `{} {{ … }}`", kw.name)),
                );
                true
            }
        },
        Naming::Title => match stmt.args.as_slice() {
            [v] if matches!(v.kind, ValueKind::String(_) | ValueKind::Invalid) => true,
            _ => {
                out.push(
                    Diagnostic::new(
                        "E0309",
                        name_span(stmt),
                        format!("`{}` needs a title in quotes", kw.name),
                    )
                    .label("expected a string")
                    .help(format!("write `{} \"Printemps 2027\" {{ … }}`", kw.name)),
                );
                false
            }
        },
        Naming::Ident(_) | Naming::Ref(_) => match stmt.args.as_slice() {
            [v] if matches!(v.kind, ValueKind::Word(_)) => true,
            [v] if matches!(v.kind, ValueKind::Invalid) => false,
            [v, extra, ..] if matches!(v.kind, ValueKind::Word(_)) => {
                out.push(
                    Diagnostic::new("E0309", extra.span, format!("`{}` takes one name", kw.name))
                        .label("unexpected value after the name")
                        .help("names are one identifier: letters, digits, `_` and `-`"),
                );
                true
            }
            _ => {
                let what = match spec.naming {
                    Naming::Ref(k) => format!("the name of a {}", k.keyword()),
                    _ => "a name".to_string(),
                };
                out.push(
                    Diagnostic::new("E0309", name_span(stmt), format!("`{}` needs {what}", kw.name))
                        .label("expected an identifier")
                        .help(format!(
                            "write `{} young_urban {{ … }}`: a name is letters, digits, `_` and `-`, without quotes",
                            kw.name
                        )),
                );
                false
            }
        },
    };
    if spec.block && stmt.block.is_none() {
        out.push(
            Diagnostic::new(
                "E0310",
                stmt.span,
                format!("{} needs a block", describe(stmt)),
            )
            .label("expected `{ … }` after this")
            .help(format!(
                "write its properties in braces: {} {{ … }}",
                describe(stmt).trim_matches('`')
            )),
        );
        return false;
    }
    name_ok
}

fn name_span(stmt: &Statement) -> Span {
    stmt.args.first().map_or(stmt.keyword.span, |a| a.span)
}

/// Checks every key of `owner`'s block against `spec`.
pub fn check_block<'a>(
    spec: &DeclSpec,
    owner: &'a Statement,
    out: &mut Vec<Diagnostic>,
) -> Props<'a> {
    let children = owner.children().len();
    let mut entries: Vec<(&'static str, &'a Statement)> = Vec::with_capacity(children);
    let mut present: Vec<(&'static str, Span)> = Vec::with_capacity(children);
    for stmt in owner.children() {
        if stmt.broken {
            if let Some(k) = spec.key(&stmt.keyword.name) {
                present.push((k.key, stmt.keyword.span));
            }
            continue;
        }
        let Some(key) = spec.key(&stmt.keyword.name) else {
            // A misspelt key counts as the key it was meant to be: no "missing `text`" after
            // "`txt` is not a key, did you mean `text`?".
            if let Some(meant) =
                schema::suggest(&stmt.keyword.name, spec.keys.iter().map(|k| k.key))
            {
                if let Some(k) = spec.key(meant) {
                    present.push((k.key, stmt.keyword.span));
                }
            }
            out.push(unknown_key(spec, owner, stmt));
            continue;
        };
        if let Some((_, first)) = present.iter().find(|(k, _)| *k == key.key) {
            if !key.repeatable {
                out.push(
                    Diagnostic::new(
                        "E0302",
                        stmt.keyword.span,
                        format!("`{}` is given twice in {}", key.key, describe(owner)),
                    )
                    .label("repeated here")
                    .with_secondary(*first, "first given here")
                    .help(format!("keep one `{}`", key.key)),
                );
                continue;
            }
        }
        present.push((key.key, stmt.keyword.span));
        if check_value(key, stmt, out) {
            entries.push((key.key, stmt));
        }
    }
    for key in spec.keys.iter().filter(|k| k.required) {
        if !present.iter().any(|(k, _)| *k == key.key) {
            out.push(
                Diagnostic::new(
                    "E0303",
                    name_span(owner),
                    format!("{} has no `{}`", describe(owner), key.key),
                )
                .label(format!("`{}` is required here", key.key))
                .help(format!(
                    "add `{} …`: {} ({})",
                    key.key,
                    lower_first(key.doc),
                    key.ty.describe()
                )),
            );
        }
    }
    Props { entries }
}

fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

fn unknown_key(spec: &DeclSpec, owner: &Statement, stmt: &Statement) -> Diagnostic {
    let word = &stmt.keyword.name;
    let suggestion = schema::suggest(word, spec.keys.iter().map(|k| k.key));
    let mut d = Diagnostic::new(
        "E0301",
        stmt.keyword.span,
        format!("`{word}` is not a key of {}", describe(owner)),
    )
    .label("unknown key");
    d = match suggestion {
        Some(s) => d
            .label(format!("did you mean `{s}`?"))
            .help(format!("write `{s}`")),
        None => d.help(format!(
            "the keys of `{}` are: {}",
            spec.keyword,
            spec.keys
                .iter()
                .map(|k| k.key)
                .collect::<Vec<_>>()
                .join(", ")
        )),
    };
    d
}

fn contains_invalid(v: &Value) -> bool {
    match &v.kind {
        ValueKind::Invalid => true,
        ValueKind::List(items) => items.iter().any(contains_invalid),
        ValueKind::Comparison(_, inner) => contains_invalid(inner),
        _ => false,
    }
}

/// Checks the values of one key; reports and returns false when they do not fit its type.
fn check_value(key: &KeySpec, stmt: &Statement, out: &mut Vec<Diagnostic>) -> bool {
    if stmt.args.iter().any(contains_invalid) {
        return false;
    }
    if let Type::Block(_) = key.ty {
        return true; // nested blocks are checked by their owner's lowering
    }
    if let Some(block) = &stmt.block {
        out.push(
            Diagnostic::new("E0310", block.span, format!("`{}` takes no block", key.key))
                .label("unexpected block")
                .help(format!("write `{} …` on one line", key.key)),
        );
        return false;
    }
    // Keys with their own little grammars are checked when lowered.
    if matches!(
        key.ty,
        Type::Post | Type::Recurrence | Type::Media | Type::Metric
    ) {
        if stmt.args.is_empty() {
            out.push(missing_value(key, stmt));
            return false;
        }
        return true;
    }
    let Some(value) = stmt.args.first() else {
        out.push(missing_value(key, stmt));
        return false;
    };
    if let Some(extra) = stmt.args.get(1) {
        let mut d = Diagnostic::new(
            "E0305",
            extra
                .span
                .to(stmt.args.last().map_or(extra.span, |a| a.span)),
            format!("`{}` takes one value", key.key),
        )
        .label("unexpected extra value");
        d = d.help(match (key.ty, &value.kind, &extra.kind) {
            (
                Type::Refs(_) | Type::Countries | Type::Languages | Type::Strings | Type::Lints,
                _,
                _,
            ) => "write several values as a list: `[a, b, c]`".to_string(),
            (Type::Money, ValueKind::Integer(_) | ValueKind::Decimal(_), ValueKind::Word(w)) => {
                format!("`{w}` is not an ISO 4217 currency code; use three capitals such as EUR")
            }
            (Type::Str | Type::Text, _, _) => {
                "put the whole text in one pair of quotes".to_string()
            }
            _ => format!("`{}` expects {}", key.key, key.ty.describe()),
        });
        out.push(d);
        return false;
    }
    match type_mismatch(key, value) {
        None => true,
        Some(d) => {
            out.push(d);
            false
        }
    }
}

fn missing_value(key: &KeySpec, stmt: &Statement) -> Diagnostic {
    Diagnostic::new(
        "E0305",
        stmt.keyword.span,
        format!("`{}` needs a value", key.key),
    )
    .label(format!("expected {} after this", key.ty.describe()))
    .help(key.doc)
}

/// `None` when `value` fits `key.ty`, else the diagnostic.
fn type_mismatch(key: &KeySpec, value: &Value) -> Option<Diagnostic> {
    let k = &value.kind;
    let ok = match key.ty {
        Type::Str | Type::TimeZone => matches!(k, ValueKind::String(_)),
        Type::Text => matches!(k, ValueKind::String(_) | ValueKind::TextBlock(_)),
        Type::Int => matches!(k, ValueKind::Integer(_)),
        Type::Date => matches!(k, ValueKind::Date(_)),
        Type::Duration => matches!(k, ValueKind::Duration(_)),
        Type::Range => matches!(k, ValueKind::Range(..)),
        Type::Money => matches!(k, ValueKind::Money(_)),
        Type::MoneyOrPercent => matches!(k, ValueKind::Money(_) | ValueKind::Percent(_)),
        Type::Target => matches!(k, ValueKind::Comparison(..)),
        Type::Measure => matches!(
            k,
            ValueKind::Integer(_)
                | ValueKind::Decimal(_)
                | ValueKind::Percent(_)
                | ValueKind::Money(_)
                | ValueKind::Duration(_)
        ),
        Type::Enum(values) => {
            return match k {
                ValueKind::Word(w) if values.contains(&w.as_str()) => None,
                ValueKind::Word(w) => Some(unknown_value(key, values, w, value.span)),
                _ => Some(wrong_type(key, value)),
            }
        }
        Type::Ref(_) | Type::Language => matches!(k, ValueKind::Word(_)),
        Type::Refs(_) | Type::Countries | Type::Languages | Type::Lints => {
            return one_or_list(key, value, |k| matches!(k, ValueKind::Word(_)));
        }
        Type::Strings => return one_or_list(key, value, |k| matches!(k, ValueKind::String(_))),
        Type::TimeWindow => match k {
            ValueKind::List(items) if items.len() == 2 => {
                return items
                    .iter()
                    .find(|i| !matches!(i.kind, ValueKind::Time(_)))
                    .map(|bad| wrong_type(key, bad));
            }
            _ => false,
        },
        Type::Post | Type::Recurrence | Type::Media | Type::Metric | Type::Block(_) => true,
    };
    (!ok).then(|| wrong_type(key, value))
}

/// `None` when `value` is one item accepted by `item`, or a list of them; else the diagnostic on
/// the first item that is not.
fn one_or_list(
    key: &KeySpec,
    value: &Value,
    item: impl Fn(&ValueKind) -> bool,
) -> Option<Diagnostic> {
    match &value.kind {
        ValueKind::List(items) => items
            .iter()
            .find(|i| !item(&i.kind))
            .map(|bad| wrong_type(key, bad)),
        k if item(k) => None,
        _ => Some(wrong_type(key, value)),
    }
}

fn unknown_value(key: &KeySpec, values: &[&str], word: &str, span: Span) -> Diagnostic {
    let alias = match (key.key, word) {
        ("platform", "twitter") => Some("x"),
        ("platform", "ig") => Some("instagram"),
        ("platform", "fb") => Some("facebook"),
        _ => None,
    };
    let suggestion = alias.or_else(|| schema::suggest(word, values.iter().copied()));
    let d = Diagnostic::new(
        "E0306",
        span,
        format!("`{word}` is not a valid `{}`", key.key),
    );
    match suggestion {
        Some(s) => d.label(format!("did you mean `{s}`?")).help(format!(
            "write `{} {s}`; the values are {}",
            key.key,
            values.join(", ")
        )),
        None => {
            d.label("unknown value")
                .help(format!("`{}` is one of {}", key.key, values.join(", ")))
        }
    }
}

fn wrong_type(key: &KeySpec, value: &Value) -> Diagnostic {
    let expected = key.ty.describe();
    let found = value.kind.type_name();
    let help = match (&value.kind, key.ty) {
        (ValueKind::String(s), Type::Ref(_) | Type::Refs(_) | Type::Enum(_)) => {
            format!(
                "names and keywords are written without quotes: `{} {}`",
                key.key, s
            )
        }
        (ValueKind::String(_), Type::Date) => {
            "dates are written without quotes: `2027-03-01`".into()
        }
        (ValueKind::Integer(n), Type::Money | Type::MoneyOrPercent) => {
            format!("add the currency: `{} {n} EUR`", key.key)
        }
        (ValueKind::Word(w), Type::Str | Type::Text | Type::TimeZone) => {
            format!("put text in quotes: `{} \"{w}\"`", key.key)
        }
        (ValueKind::DateTime(_), Type::Date) => "a date has no time here: `2027-03-01`".into(),
        (ValueKind::Integer(_), Type::Target) => {
            format!("a target needs a comparison: `{} >= …`", key.key)
        }
        (_, Type::TimeWindow) => format!(
            "write when the night starts and ends: `{} [23:00, 06:00]`",
            key.key
        ),
        _ => format!("`{}`: {}", key.key, key.doc),
    };
    Diagnostic::new(
        "E0304",
        value.span,
        format!("`{}` expects {expected}, found {found}", key.key),
    )
    .label(format!("this is {found}"))
    .help(help)
}
