//! Hover: the schema's documentation of a key or declaration, the declaration a name refers to,
//! what an enumerated value means (a platform's limits, a metric's unit), and the length of a
//! message's text on every platform it is posted to.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use lsp_types::{Hover, HoverContents, MarkupContent, MarkupKind};

use super::analysis::{Analysis, Decl};
use super::context::{self, block_spec};
use crate::ast::{Statement, Value, ValueKind};
use crate::check::model::When;
use crate::diagnostic::codes;
use crate::platform::Platform;
use crate::schema::{self, metrics, DeclSpec, KeySpec, Naming, RefKind, Type};
use crate::source::{FileId, Span};

/// What is under the cursor.
pub enum Element<'a> {
    /// A statement's first word.
    Keyword(&'a Statement),
    /// One of its values (the innermost, in a list).
    Value(&'a Statement, &'a Value),
}

/// The element at `offset` and the statements whose blocks enclose it.
pub fn element_at(stmts: &[Statement], offset: usize) -> Option<(Vec<&Statement>, Element<'_>)> {
    let mut chain = Vec::new();
    let mut stmts = stmts;
    'outer: loop {
        for s in stmts {
            if s.keyword.name.is_empty() {
                continue;
            }
            if covers(s.keyword.span, offset) {
                return Some((chain, Element::Keyword(s)));
            }
            if let Some(v) = s.args.iter().find_map(|v| value_at(v, offset)) {
                return Some((chain, Element::Value(s, v)));
            }
            if let Some(b) = &s.block {
                if (b.span.start as usize) < offset && offset < b.span.end as usize {
                    chain.push(s);
                    stmts = &b.statements;
                    continue 'outer;
                }
            }
        }
        return None;
    }
}

fn covers(span: Span, offset: usize) -> bool {
    span.start as usize <= offset && offset <= span.end as usize
}

fn value_at(v: &Value, offset: usize) -> Option<&Value> {
    if let ValueKind::List(items) = &v.kind {
        if let Some(i) = items.iter().find_map(|i| value_at(i, offset)) {
            return Some(i);
        }
    }
    covers(v.span, offset).then_some(v)
}

/// The hover at `offset` of `file`.
pub fn hover(a: &Analysis, file: FileId, offset: usize) -> Option<Hover> {
    let (chain, element) = element_at(&a.ast(file).statements, offset)?;
    let (markdown, span) = match element {
        Element::Keyword(s) => (keyword(&chain, s)?, s.keyword.span),
        Element::Value(s, v) => (value(a, file, &chain, s, v)?, v.span),
    };
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: markdown,
        }),
        range: Some(a.range(span)),
    })
}

fn keyword(chain: &[&Statement], s: &Statement) -> Option<String> {
    if chain.is_empty() {
        return schema::declaration(&s.keyword.name).map(declaration_doc);
    }
    let spec = block_spec(chain)?;
    let key = spec.key(&s.keyword.name)?;
    Some(key_doc(spec, key))
}

/// A declaration's documentation: its form, meaning and keys.
pub fn declaration_doc(spec: &DeclSpec) -> String {
    let form = match spec.naming {
        Naming::None => format!("{} {{ … }}", spec.keyword),
        Naming::Title if spec.block => format!("{} \"Title\" {{ … }}", spec.keyword),
        Naming::Title => format!("{} \"path\"", spec.keyword),
        Naming::Ident(_) => format!("{} NAME {{ … }}", spec.keyword),
        Naming::Ref(k) => format!("{} {} {{ … }}", spec.keyword, k.keyword().to_uppercase()),
    };
    let mut out = format!("```smm\n{form}\n```\n{}", spec.doc);
    if !spec.keys.is_empty() {
        let keys: Vec<String> = spec
            .keys
            .iter()
            .map(|k| format!("`{}`{}", k.key, if k.required { " (required)" } else { "" }))
            .collect();
        let _ = write!(out, "\n\nKeys: {}", keys.join(", "));
    }
    out
}

/// A key's documentation: type, default, whether required or repeatable.
pub fn key_doc(spec: &DeclSpec, k: &KeySpec) -> String {
    let mut out = format!("```smm\n{} …\n```\n{}\n\n", k.key, k.doc);
    let _ = writeln!(out, "- value: {}", k.ty.describe());
    if k.required {
        out.push_str("- required\n");
    }
    if let Some(d) = k.default {
        let _ = writeln!(out, "- default: {d}");
    }
    if k.repeatable {
        out.push_str("- may be given several times\n");
    }
    let _ = write!(out, "\nKey of `{}`.", spec.keyword);
    out
}

fn value(
    a: &Analysis,
    file: FileId,
    chain: &[&Statement],
    s: &Statement,
    v: &Value,
) -> Option<String> {
    let text = a.text(file);
    let ast = a.ast(file);
    // A declaration's own name.
    if let Some(d) = a.semantic().decls.iter().find(|d| d.name_span == v.span) {
        let uses = a
            .semantic()
            .refs
            .iter()
            .filter(|r| r.kind == d.kind && r.name == d.name)
            .count();
        let mut out = decl_doc(a, d);
        if matches!(
            d.kind,
            RefKind::Line | RefKind::Kpi | RefKind::Task | RefKind::Schedule
        ) {
            return Some(out); // nothing refers to these
        }
        let _ = write!(
            out,
            "\n\n{} reference{}",
            uses,
            if uses == 1 { "" } else { "s" }
        );
        return Some(out);
    }
    match &v.kind {
        ValueKind::Word(w) => {
            let cx = context::at(text, ast, v.span.start as usize);
            let e = &cx.expect;
            let grammar_word = e.keywords.contains(&w.as_str())
                || (e.values.contains(&w.as_str())
                    && !matches!(e.key.map(|k| k.ty), Some(Type::Enum(_))));
            let resolved = reference_kind(a, v.span);
            if grammar_word && resolved.is_none() {
                return key_of(chain, s);
            }
            if let Some(kind) = resolved.or(e.names) {
                let found: Vec<&Decl> = a
                    .semantic()
                    .decls
                    .iter()
                    .filter(|d| d.kind == kind && d.name == *w)
                    .collect();
                return Some(match found.first() {
                    Some(d) => decl_doc(a, d),
                    None => format!("no {} is named `{w}`", kind.keyword()),
                });
            }
            if let Some(p) =
                Platform::from_name(w).filter(|_| e.key.is_some_and(|k| k.key == "platform"))
            {
                return Some(platform_doc(p));
            }
            if e.metrics {
                return metrics::lookup(w).map(metric_doc);
            }
            if e.lints {
                return codes::CODES
                    .iter()
                    .find(|c| c.lint == Some(w.as_str()))
                    .map(|c| format!("lint `{w}` ({}): {}", c.code, c.summary));
            }
            if e.values.contains(&w.as_str()) {
                let key = e.key.map(|k| k.key).unwrap_or("value");
                return Some(format!(
                    "`{w}`: a value of `{key}`, one of {}",
                    e.values.join(", ")
                ));
            }
            key_of(chain, s)
        }
        ValueKind::String(t) | ValueKind::TextBlock(t) if s.keyword.name == "text" => {
            Some(text_lengths(a, chain, t))
        }
        _ => key_of(chain, s),
    }
}

/// The kind of reference the checker resolved at `span`, if any.
fn reference_kind(a: &Analysis, span: Span) -> Option<RefKind> {
    a.semantic()
        .refs
        .iter()
        .find(|r| r.span == span)
        .map(|r| r.kind)
}

fn key_of(chain: &[&Statement], s: &Statement) -> Option<String> {
    let spec = block_spec(chain)?;
    spec.key(&s.keyword.name).map(|k| key_doc(spec, k))
}

/// A declaration as a hover shows it: its head, what it says and its properties.
pub fn decl_doc(a: &Analysis, d: &Decl) -> String {
    let s = a.statement(d);
    let mut out = format!("```smm\n{} {}\n```\n", s.keyword.name, d.name);
    let src = a.text(d.name_span.file);
    let mut facts = Vec::new();
    let mut nested: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    let mut prose = Vec::new();
    for c in s.children() {
        let key = c.keyword.name.as_str();
        if c.block.is_some() {
            let name = c
                .args
                .first()
                .map(|v| one_line(slice(src, v.span), 40))
                .unwrap_or_default();
            nested.entry(key).or_default().push(name);
            continue;
        }
        match (key, c.args.first().map(|v| &v.kind)) {
            (
                "description" | "title" | "text",
                Some(ValueKind::String(t) | ValueKind::TextBlock(t)),
            ) => {
                prose.push((key, t.clone()));
            }
            _ => {
                let (Some(first), Some(last)) = (c.args.first(), c.args.last()) else {
                    continue;
                };
                let written = slice(src, first.span.to(last.span));
                facts.push(format!("- `{key}` {}", one_line(written, 80)));
            }
        }
    }
    for (key, t) in prose {
        match key {
            "text" => {
                let quoted: Vec<String> = t.lines().take(6).map(|l| format!("> {l}")).collect();
                let _ = write!(out, "\n{}\n", quoted.join("\n"));
            }
            "title" if d.kind != RefKind::Role => {
                let _ = write!(out, "\n**{}**\n", one_line(&t, 120));
            }
            _ => {
                let _ = write!(out, "\n{}\n", one_line(&t, 400));
            }
        }
    }
    if !facts.is_empty() {
        let _ = write!(out, "\n{}\n", facts.join("\n"));
    }
    for (key, names) in nested {
        let _ = write!(out, "\n{key}: {}\n", names.join(", "));
    }
    let file = a.project.sources.get(d.name_span.file);
    let (line, _) = file.line_col(d.name_span.start);
    let name = file
        .path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let _ = write!(
        out,
        "\n*{} declared in `{name}`, line {line}*",
        d.kind.keyword()
    );
    out
}

fn slice(src: &str, span: Span) -> &str {
    src.get(span.range()).unwrap_or("")
}

fn one_line(s: &str, max: usize) -> String {
    let flat: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= max {
        return flat;
    }
    let cut: String = flat.chars().take(max).collect();
    format!("{cut}…")
}

/// A platform's rules.
pub fn platform_doc(p: Platform) -> String {
    let r = p.rules();
    let mut out = format!("**{}**\n\n", p.display());
    match r.text_limit {
        Some(n) => {
            let _ = writeln!(out, "- text: up to {n} {}", r.counting.unit());
        }
        None => {
            let _ = writeln!(out, "- text: no limit ({})", r.counting.unit());
        }
    }
    if let Some(n) = r.title_limit {
        let _ = writeln!(
            out,
            "- title: up to {n} {}{}",
            r.title_counting.unit(),
            if r.title_required { ", required" } else { "" }
        );
    } else if r.title_required {
        out.push_str("- title: required\n");
    }
    if let Some(n) = r.max_hashtags {
        let _ = writeln!(out, "- at most {n} hashtags");
    }
    if let Some(kinds) = r.media_required {
        let names: Vec<&str> = kinds.iter().map(|k| k.name()).collect();
        let _ = writeln!(out, "- media required: {}", names.join(" or "));
    }
    if r.min_age > 0 {
        let _ = writeln!(out, "- minimum age: {}", r.min_age);
    }
    out
}

fn metric_doc(m: &metrics::Metric) -> String {
    let direction = match m.direction {
        metrics::Direction::Up => "more is better (target `>=`)",
        metrics::Direction::Down => "less is better (target `<=`)",
    };
    format!(
        "**{}**: {}\n\n- unit: {}\n- {direction}\n- suits: {}\n- example: `target {}`",
        m.name,
        m.doc,
        m.unit.describe(),
        m.kinds.join(", "),
        m.unit.example()
    )
}

/// The length of a message's (or variant's) text on every channel it is posted to.
fn text_lengths(a: &Analysis, chain: &[&Statement], text: &str) -> String {
    let message = chain
        .first()
        .and_then(|m| match m.args.first().map(|v| &v.kind) {
            Some(ValueKind::Word(w)) if m.keyword.name == "message" => Some(w.as_str()),
            _ => None,
        });
    let variant = chain
        .get(1)
        .and_then(|v| match v.args.first().map(|v| &v.kind) {
            Some(ValueKind::Word(w)) if v.keyword.name == "variant" => Some(w.as_str()),
            _ => None,
        });
    let model = &a.semantic().model;
    // The channels this text goes to: the variant's, or those the message is posted to that
    // have no variant with a text of their own.
    let mut channels: Vec<&str> = Vec::new();
    if let Some(m) = message {
        for p in model.schedules.iter().flat_map(|s| &s.posts) {
            if p.messages.iter().any(|x| x.name == m) {
                channels.extend(p.channels.iter().map(|c| c.name.as_str()));
            }
        }
        let overridden: Vec<&str> = model
            .messages
            .iter()
            .filter(|x| x.name.name == m)
            .flat_map(|x| &x.variants)
            .filter(|v| v.content.text.is_some())
            .map(|v| v.channel.name.as_str())
            .collect();
        match variant {
            Some(v) => channels.retain(|c| *c == v),
            None => channels.retain(|c| !overridden.contains(c)),
        }
        channels.sort_unstable();
        channels.dedup();
    }
    let mut out = String::from("**Text length**\n\n");
    let posted: Vec<(&str, Platform)> = channels
        .iter()
        .filter_map(|c| {
            let ch = model.channels.iter().find(|x| x.name.name == *c)?;
            Some((*c, ch.platform.as_ref()?.value))
        })
        .collect();
    let rows: Vec<(String, Platform)> = if posted.is_empty() {
        let what = if variant.is_some() {
            "this variant's channel"
        } else {
            "any channel"
        };
        let _ = writeln!(
            out,
            "Not posted to {what} by a schedule yet; on each platform:\n"
        );
        Platform::ALL.iter().map(|p| (String::new(), *p)).collect()
    } else {
        posted.iter().map(|(c, p)| (format!("`{c}`"), *p)).collect()
    };
    let with_channel = !posted.is_empty();
    out.push_str(if with_channel {
        "| channel | platform | length | limit |\n|---|---|---|---|\n"
    } else {
        "| platform | length | limit |\n|---|---|---|\n"
    });
    for (channel, p) in rows {
        let r = p.rules();
        let n = r.text_length(text);
        let limit = match r.text_limit {
            Some(max) if n > max => format!("{max} ❌ {} over", n - max),
            Some(max) => format!("{max} ✅"),
            None => "none".to_string(),
        };
        let length = format!("{n} {}", r.counting.unit());
        if with_channel {
            let _ = writeln!(out, "| {channel} | {} | {length} | {limit} |", p.display());
        } else {
            let _ = writeln!(out, "| {} | {length} | {limit} |", p.display());
        }
    }
    // Repeated posts of a series are all the same text; say how often it goes out.
    if let Some(m) = message {
        let posts = model
            .schedules
            .iter()
            .flat_map(|s| &s.posts)
            .filter(|p| p.messages.iter().any(|x| x.name == m))
            .count();
        if posts > 0 {
            let recurring = model.schedules.iter().flat_map(|s| &s.posts).any(|p| {
                p.messages.iter().any(|x| x.name == m) && matches!(p.when, When::Every(_))
            });
            let _ = write!(
                out,
                "\nPosted by {posts} `post` statement{}{}.",
                if posts == 1 { "" } else { "s" },
                if recurring { ", some recurring" } else { "" }
            );
        }
    }
    out
}
