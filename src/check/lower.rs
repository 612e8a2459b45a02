//! Pass 2, lower: each declaration's block checked against the schema and turned into the typed
//! [`Model`]. Keys with small grammars of their own (`post`, `every`, `media`, `metric`) are read
//! here too, and so are values whose validity is a lookup (country and language codes).

use rustc_hash::FxHashMap as HashMap;

use rayon::prelude::*;

use crate::ast::{Ident, Statement, ValueKind};
use crate::diagnostic::Diagnostic;
use crate::platform::{MediaKind, Platform};
use crate::schema::{self, metrics, DeclSpec};

use super::model::*;
use super::props::{check_block, check_head, Props};
use super::recurrence;

/// Builds the model from the collected declarations.
pub fn lower(
    decls: &[(&'static DeclSpec, &Statement)],
    duplicates: &[(&'static DeclSpec, &Statement)],
    out: &mut Vec<Diagnostic>,
) -> Model {
    // Declarations are lowered independently: in chunks on rayon's pool, each into a model of
    // its own, then joined in source order (so diagnostics and model order do not change).
    let chunk = decls
        .len()
        .div_ceil(4 * rayon::current_num_threads())
        .max(64);
    let model = lower_in_chunks(decls, chunk, out);
    // Duplicates are checked inside (their errors are real) but kept out of the plan.
    let mut scratch = Model::default();
    for (spec, stmt) in duplicates {
        lower_one(spec, stmt, &mut scratch, out);
    }
    model
}

/// Lowers `decls`, `chunk` declarations at a time in parallel, into one model.
fn lower_in_chunks(
    decls: &[(&'static DeclSpec, &Statement)],
    chunk: usize,
    out: &mut Vec<Diagnostic>,
) -> Model {
    let parts: Vec<(Model, Vec<Diagnostic>)> = decls
        .par_chunks(chunk.max(1))
        .map(|decls| {
            let mut model = Model::default();
            let mut out = Vec::new();
            for (spec, stmt) in decls {
                lower_one(spec, stmt, &mut model, &mut out);
            }
            (model, out)
        })
        .collect();
    let mut model = Model::default();
    model.reserve_for(&parts.iter().map(|(m, _)| m).collect::<Vec<_>>());
    for (part, diagnostics) in parts {
        model.append(part);
        out.extend(diagnostics);
    }
    model
}

fn name_of(stmt: &Statement) -> Ident {
    match stmt.args.first() {
        Some(v) => Ident {
            name: match &v.kind {
                ValueKind::Word(w) | ValueKind::String(w) => w.clone(),
                _ => String::new(),
            },
            span: v.span,
        },
        None => Ident {
            name: String::new(),
            span: stmt.keyword.span,
        },
    }
}

fn lower_one(
    spec: &'static DeclSpec,
    stmt: &Statement,
    model: &mut Model,
    out: &mut Vec<Diagnostic>,
) {
    let p = check_block(spec, stmt, out);
    let name = name_of(stmt);
    match spec.keyword {
        "campaign" => {
            model.campaign = Some(Campaign {
                title: Spanned {
                    value: name.name.clone(),
                    span: name.span,
                },
                brand: p.text("brand"),
                start: date(&p, "start"),
                end: date(&p, "end"),
                timezone: p.text("timezone"),
                budget: money(&p, "budget"),
                owner: p.name("owner"),
                description: p.text("description"),
                span: stmt.span,
                quiet_hours: quiet_hours(&p, out),
            })
        }
        "role" => model.roles.push(Role {
            name,
            title: p.text("title"),
            person: p.text("name"),
            email: p.text("email"),
        }),
        "phase" => model.phases.push(Phase {
            name,
            start: date(&p, "start"),
            end: date(&p, "end"),
            description: p.text("description"),
        }),
        "objective" => model.objectives.push(Objective {
            name,
            kind: p.word("kind"),
            description: p.text("description"),
            owner: p.name("owner"),
        }),
        "audience" => model.audiences.push(Audience {
            name,
            description: p.text("description"),
            age: p.typed("age", |k| match k {
                ValueKind::Range(a, b) => Some((*a, *b)),
                _ => None,
            }),
            locations: countries(&p, out),
            languages: languages(p.list("languages"), out),
            interests: p.list("interests"),
            segment: p.word("segment"),
            timezone: p.text("timezone"),
            size: int(&p, "size", out),
        }),
        "channel" => {
            let platform = match p.word("platform") {
                Some(w) => Platform::from_name(&w.value).map(|value| Spanned {
                    value,
                    span: w.span,
                }),
                None => match Platform::from_name(&name.name) {
                    Some(value) => Some(Spanned {
                        value,
                        span: name.span,
                    }),
                    None => {
                        if stmt.block.is_some()
                            && !stmt.children().iter().any(|s| s.keyword.name == "platform")
                        {
                            out.push(
                                Diagnostic::new(
                                    "E0303",
                                    name.span,
                                    format!("`channel {}` has no `platform`", name.name),
                                )
                                .label("not a platform name, so the platform must be given")
                                .help(format!(
                                    "add `platform …`, one of {}",
                                    schema::PLATFORMS.join(", ")
                                )),
                            );
                        }
                        None
                    }
                },
            };
            model.channels.push(Channel {
                name,
                platform,
                handle: p.text("handle"),
                owner: p.name("owner"),
                max_per_day: int(&p, "max_per_day", out),
            })
        }
        "message" => {
            let mut variants: Vec<Variant> = Vec::new();
            for v in p.all("variant") {
                if !check_head(&schema::VARIANT, v, out) {
                    continue;
                }
                let vp = check_block(&schema::VARIANT, v, out);
                let channel = name_of(v);
                if let Some(first) = variants.iter().find(|x| x.channel.name == channel.name) {
                    out.push(
                        Diagnostic::new(
                            "E0201",
                            channel.span,
                            format!(
                                "`message {}` has two variants for `{}`",
                                name.name, channel.name
                            ),
                        )
                        .label("second variant")
                        .with_secondary(first.channel.span, "first variant")
                        .help("merge the two variants into one"),
                    );
                    continue;
                }
                variants.push(Variant {
                    channel,
                    content: content(&vp, out),
                    span: v.span,
                });
            }
            model.messages.push(Message {
                objective: p.name("objective"),
                audiences: p.names("audience"),
                content: content(&p, out),
                language: languages(p.list("language"), out).into_iter().next(),
                owner: p.name("owner"),
                variants,
                name,
            })
        }
        "schedule" => {
            let mut posts = Vec::new();
            let mut unread = Vec::new();
            for s in p.all("post") {
                match recurrence::post(s) {
                    Ok(post) => posts.push(post),
                    Err(d) => {
                        out.push(d);
                        unread.extend(s.args.iter().flat_map(super::props::words));
                    }
                }
            }
            for s in stmt
                .children()
                .iter()
                .filter(|s| s.broken && s.keyword.name == "post")
            {
                unread.extend(s.args.iter().flat_map(super::props::words));
            }
            // A block with a statement that did not read as a post may have meant one.
            let incomplete = !unread.is_empty()
                || stmt
                    .children()
                    .iter()
                    .any(|c| c.broken || !matches!(c.keyword.name.as_str(), "post" | "timezone"));
            model.schedules.push(Schedule {
                name,
                timezone: p.text("timezone"),
                posts,
                unread,
                incomplete,
            })
        }
        "budget" => {
            let mut lines: Vec<Line> = Vec::new();
            // Line name → its index in `lines`: a budget may have thousands of lines.
            let mut seen: HashMap<String, usize> = HashMap::default();
            for l in p.all("line") {
                if !check_head(&schema::LINE, l, out) {
                    continue;
                }
                let lp = check_block(&schema::LINE, l, out);
                let lname = name_of(l);
                if let Some(first) = seen.get(&lname.name).map(|&i| &lines[i]) {
                    out.push(
                        Diagnostic::new(
                            "E0201",
                            lname.span,
                            format!("the budget line `{}` is declared twice", lname.name),
                        )
                        .label("declared again here")
                        .with_secondary(first.name.span, "first declared here")
                        .help("rename one of the lines"),
                    );
                    continue;
                }
                seen.insert(lname.name.clone(), lines.len());
                lines.push(line(lname, &lp, l, out));
            }
            model.budget = Some(Budget {
                total: money(&p, "total"),
                reserve: amount(&p, "reserve"),
                lines,
                span: stmt.keyword.span,
            })
        }
        "kpi" => model.kpis.push(Kpi {
            objective: p.name("objective"),
            metric: metric(&p, out),
            channels: p.names("channel"),
            target: p.typed("target", |k| match k {
                ValueKind::Comparison(op, v) => Some(Target {
                    op: *op,
                    value: (**v).clone(),
                }),
                _ => None,
            }),
            baseline: p.value("baseline").cloned(),
            by: date(&p, "by"),
            review: p.word("review"),
            owner: p.name("owner"),
            source: p.text("source"),
            name,
        }),
        "task" => model.tasks.push(Task {
            owner: p.name("owner"),
            every: p.get("every").and_then(|s| match recurrence::every(s) {
                Ok(r) => Some(r),
                Err(d) => {
                    out.push(d);
                    None
                }
            }),
            duration: duration(&p, out),
            channels: p.names("channels"),
            description: p.text("description"),
            name,
        }),
        "lints" => {
            for (key, level) in [
                ("allow", LintLevel::Allow),
                ("warn", LintLevel::Warn),
                ("deny", LintLevel::Deny),
            ] {
                for lint in p.list(key) {
                    model.lints.push(LintSetting { lint, level });
                }
            }
        }
        _ => {}
    }
}

fn date(p: &Props, key: &str) -> Option<Spanned<chrono::NaiveDate>> {
    p.typed(key, |k| match k {
        ValueKind::Date(d) => Some(*d),
        _ => None,
    })
}

/// `quiet_hours [START, END]`: two different times of day.
fn quiet_hours(
    p: &Props,
    out: &mut Vec<Diagnostic>,
) -> Option<Spanned<(chrono::NaiveTime, chrono::NaiveTime)>> {
    let w = p.typed("quiet_hours", |k| match k {
        ValueKind::List(items) => match items.as_slice() {
            [a, b] => match (&a.kind, &b.kind) {
                (ValueKind::Time(a), ValueKind::Time(b)) => Some((*a, *b)),
                _ => None,
            },
            _ => None,
        },
        _ => None,
    })?;
    if w.value.0 == w.value.1 {
        out.push(
            Diagnostic::new("E0316", w.span, "quiet hours must start and end at different times")
                .label(format!("starts and ends at {}", w.value.0.format("%H:%M")))
                .help("give the start and end of the night, such as `quiet_hours [23:00, 06:00]`; to turn the check off, write `lints { allow [late-night-post] }`"),
        );
        return None;
    }
    Some(w)
}

fn money(p: &Props, key: &str) -> Option<Spanned<crate::ast::Money>> {
    p.typed(key, |k| match k {
        ValueKind::Money(m) => Some(*m),
        _ => None,
    })
}

fn amount(p: &Props, key: &str) -> Option<Spanned<Amount>> {
    p.typed(key, |k| match k {
        ValueKind::Money(m) => Some(Amount::Money(*m)),
        ValueKind::Percent(d) => Some(Amount::Percent(*d)),
        _ => None,
    })
}

/// A whole number that must be at least 1 (`size`, `max_per_day`).
fn int(p: &Props, key: &str, out: &mut Vec<Diagnostic>) -> Option<Spanned<i64>> {
    let v = p.typed(key, |k| match k {
        ValueKind::Integer(n) => Some(*n),
        _ => None,
    })?;
    if v.value < 1 {
        out.push(
            Diagnostic::new("E0316", v.span, format!("`{key}` must be at least 1"))
                .label("zero here")
                .help(format!("remove `{key}` or give a positive number")),
        );
        return None;
    }
    Some(v)
}

fn duration(p: &Props, out: &mut Vec<Diagnostic>) -> Option<Spanned<crate::ast::Duration>> {
    let d = p.typed("duration", |k| match k {
        ValueKind::Duration(d) => Some(*d),
        _ => None,
    })?;
    if d.value.minutes() < 1 || d.value.minutes() > 24 * 60 {
        out.push(
            Diagnostic::new(
                "E0316",
                d.span,
                "a task lasts between 1 minute and 24 hours",
            )
            .label(format!("{} here", d.value))
            .help("give the length of one occurrence, such as `duration 45min`"),
        );
        return None;
    }
    Some(d)
}

fn content(p: &Props, out: &mut Vec<Diagnostic>) -> Content {
    let link = p.text("link");
    if let Some(l) = &link {
        if !(l.value.starts_with("https://") || l.value.starts_with("http://"))
            || l.value.contains(char::is_whitespace)
        {
            out.push(
                Diagnostic::new("E0318", l.span, "a link must be a web address")
                    .label("not an http(s) URL")
                    .help("write the full address: `link \"https://example.com/page\"`"),
            );
        }
    }
    let media = p.get("media").and_then(|s| media(s, out));
    Content {
        text: p.text("text"),
        title: p.text("title"),
        link,
        media,
        cta: p.text("cta"),
    }
}

fn media(stmt: &Statement, out: &mut Vec<Diagnostic>) -> Option<Media> {
    let help =
        "write `media image \"assets/visual.jpg\"`: image, video or carousel, then a path or URL";
    match stmt.args.as_slice() {
        [kind, path] => {
            let kind_word = match &kind.kind {
                ValueKind::Word(w) => w.as_str(),
                _ => "",
            };
            let k = match kind_word {
                "image" => MediaKind::Image,
                "video" => MediaKind::Video,
                "carousel" => MediaKind::Carousel,
                _ => {
                    let d = Diagnostic::new("E0306", kind.span, "expected a media kind");
                    out.push(
                        match schema::suggest(kind_word, schema::MEDIA_KINDS.iter().copied()) {
                            Some(s) => d.label(format!("did you mean `{s}`?")).help(help),
                            None => d.label("image, video or carousel").help(help),
                        },
                    );
                    return None;
                }
            };
            match &path.kind {
                ValueKind::String(s) if !s.trim().is_empty() => Some(Media {
                    kind: k,
                    path: s.clone(),
                    span: kind.span.to(path.span),
                }),
                _ => {
                    out.push(
                        Diagnostic::new(
                            "E0304",
                            path.span,
                            "expected the media's path or URL in quotes",
                        )
                        .label(format!("this is {}", path.kind.type_name()))
                        .help(help),
                    );
                    None
                }
            }
        }
        [only] => {
            out.push(
                Diagnostic::new("E0305", only.span, "`media` needs a kind and a path")
                    .label("only one value")
                    .help(help),
            );
            None
        }
        _ => {
            let span = stmt.args.get(2).map_or(stmt.span, |a| a.span);
            out.push(
                Diagnostic::new("E0305", span, "`media` takes a kind and one path")
                    .label("unexpected value")
                    .help(help),
            );
            None
        }
    }
}

fn metric(p: &Props, out: &mut Vec<Diagnostic>) -> Option<Spanned<MetricRef>> {
    let stmt = p.get("metric")?;
    let help = "write a metric of the table (reach, clicks, engagement_rate, cpa, …) or `metric custom \"Newsletter sign-ups\"`";
    match stmt.args.as_slice() {
        [v] => match &v.kind {
            ValueKind::Word(w) => match metrics::lookup(w) {
                Some(m) => Some(Spanned {
                    value: MetricRef::Known(m),
                    span: v.span,
                }),
                None => {
                    let d =
                        Diagnostic::new("E0313", v.span, format!("`{w}` is not a known metric"));
                    out.push(match schema::suggest(w, metrics::METRICS.iter().map(|m| m.name)) {
                        Some(s) => d.label(format!("did you mean `{s}`?")).help(format!("write `metric {s}`, or `metric custom \"{w}\"` for a metric of your own")),
                        None => d.label("unknown metric").help(help),
                    });
                    None
                }
            },
            _ => {
                out.push(
                    Diagnostic::new(
                        "E0304",
                        v.span,
                        format!(
                            "`metric` expects a metric name, found {}",
                            v.kind.type_name()
                        ),
                    )
                    .label("not a metric name")
                    .help(help),
                );
                None
            }
        },
        [c, name] if matches!(&c.kind, ValueKind::Word(w) if w == "custom") => match &name.kind {
            ValueKind::String(s) if !s.trim().is_empty() => Some(Spanned {
                value: MetricRef::Custom(s.clone()),
                span: c.span.to(name.span),
            }),
            _ => {
                out.push(
                    Diagnostic::new("E0304", name.span, "a custom metric needs a name in quotes")
                        .label("expected a string")
                        .help(help),
                );
                None
            }
        },
        [first, ..] => {
            out.push(
                Diagnostic::new(
                    "E0305",
                    first.span.to(stmt.span),
                    "`metric` takes one metric name",
                )
                .label("too many values")
                .help(help),
            );
            None
        }
        [] => None,
    }
}

fn line(name: Ident, p: &Props, stmt: &Statement, out: &mut Vec<Diagnostic>) -> Line {
    let start = date(p, "start");
    let end = date(p, "end");
    let during = p.name("during");
    let on = date(p, "on");
    let given: Vec<&str> = [
        ("start", start.is_some() || end.is_some()),
        ("during", during.is_some()),
        ("on", on.is_some()),
    ]
    .iter()
    .filter(|(_, g)| *g)
    .map(|(k, _)| *k)
    .collect();
    if given.len() > 1 {
        out.push(
            Diagnostic::new("E0319", stmt.args.first().map_or(stmt.span, |a| a.span), format!("budget line `{}` says when to spend in two ways", name.name))
                .label(format!("gives {}", given.join(" and ")))
                .help("use one of: `start`/`end` dates, `during PHASE`, or `on DATE` for a one-off payment"),
        );
    }
    let spend = if let Some(on) = on {
        Spend::On(on)
    } else if let Some(phase) = during {
        Spend::Window(Window::Phase(phase))
    } else {
        match (start, end) {
            (None, None) => Spend::Window(Window::Campaign),
            (s, e) => Spend::Window(Window::Dates(
                s.unwrap_or(Spanned {
                    value: chrono::NaiveDate::MIN,
                    span: name.span,
                }),
                e.unwrap_or(Spanned {
                    value: chrono::NaiveDate::MAX,
                    span: name.span,
                }),
            )),
        }
    };
    Line {
        category: p.word("category"),
        channel: p.name("channel"),
        amount: amount(p, "amount"),
        spend,
        pacing: p.word("pacing"),
        objective: p.name("objective"),
        vendor: p.text("vendor"),
        span: stmt.span,
        name,
    }
}

fn countries(p: &Props, out: &mut Vec<Diagnostic>) -> Vec<Spanned<String>> {
    let mut ok = Vec::new();
    for c in p.list("locations") {
        if rust_iso3166::from_alpha2(&c.value).is_some()
            && c.value.bytes().all(|b| b.is_ascii_uppercase())
        {
            ok.push(c);
            continue;
        }
        let upper = c.value.to_ascii_uppercase();
        let d = Diagnostic::new(
            "E0307",
            c.span,
            format!("`{}` is not an ISO 3166-1 country code", c.value),
        );
        out.push(if rust_iso3166::from_alpha2(&upper).is_some() {
            d.label(format!("did you mean `{upper}`?"))
                .help("country codes are two capital letters: FR, BE, CH, US")
        } else {
            d.label("unknown country code")
                .help("use two-letter ISO 3166-1 codes: FR, BE, CH, US, GB (not UK)")
        });
    }
    ok
}

fn languages(list: Vec<Spanned<String>>, out: &mut Vec<Diagnostic>) -> Vec<Spanned<String>> {
    let mut ok = Vec::new();
    for l in list {
        if l.value.len() == 2 && isolang::Language::from_639_1(&l.value).is_some() {
            ok.push(l);
            continue;
        }
        let lower = l.value.to_ascii_lowercase();
        let d = Diagnostic::new(
            "E0308",
            l.span,
            format!("`{}` is not an ISO 639-1 language code", l.value),
        );
        out.push(
            if lower.len() == 2 && isolang::Language::from_639_1(&lower).is_some() {
                d.label(format!("did you mean `{lower}`?"))
                    .help("language codes are two lower-case letters: fr, en, de")
            } else {
                d.label("unknown language code")
                    .help("use two-letter ISO 639-1 codes: fr, en, de, es, nl")
            },
        );
    }
    ok
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Lowering in chunks of any size gives the model and the diagnostics, in the same order,
    /// that lowering everything in one go gives: on the examples (the broken one included) and
    /// on every fixture of the catalogue, with chunks as small as one declaration.
    #[test]
    fn chunks_join_into_the_same_model_and_diagnostics() {
        let sources = crate::test_support::smm_files(&["examples", "tests/fixtures/check"]);
        assert!(
            sources.len() > 100,
            "the examples and the fixture catalogue"
        );
        for (path, text) in sources {
            let project =
                crate::project::load_text(&path, &text, crate::project::Options::default());
            let collected = crate::check::collect::collect(&project.files, &mut Vec::new());
            let lowered = |chunk| {
                let mut out = Vec::new();
                let model = lower_in_chunks(&collected.decls, chunk, &mut out);
                format!("{model:#?}\n{out:#?}")
            };
            let whole = lowered(usize::MAX);
            for chunk in [1, 2, 3] {
                assert_eq!(
                    lowered(chunk),
                    whole,
                    "{} in chunks of {chunk}",
                    path.display()
                );
            }
        }
    }
}
