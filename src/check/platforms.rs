//! Pass 5, platforms: what each channel's platform accepts, on the content actually posted there.
//!
//! For every message × channel pair that a schedule posts, the message's content with that
//! channel's variant applied is measured against the channel's platform rules
//! ([`crate::platform`]): text length as the platform counts it (`E0501`; X weighs links as 23 and
//! emoji as 2, Bluesky counts graphemes), hashtags (`E0502`), required media (`E0503`) and its kind
//! (`E0504`), titles (`E0505`, `E0506`), and audiences younger than the platform admits (`W0501`).
//! A problem is reported once per piece of content and platform, even when several channels of
//! that platform post it; the label names the channels.

use std::collections::{BTreeMap, BTreeSet};

use rustc_hash::FxHashMap;

use crate::ast::Ident;
use crate::diagnostic::Diagnostic;
use crate::platform::{Counting, Platform};
use crate::schema::RefKind;
use crate::source::Span;

use super::model::{Content, Media, Message, Spanned};
use super::Context;
use crate::wording::article;

/// Runs the platform checks.
///
/// Each text is measured once per way of counting, and each message × channel pair is checked,
/// on rayon's pool; the findings are then gathered in the order of the pairs, so the diagnostics
/// are the same whatever the number of threads.
pub fn run(cx: &mut Context) {
    use rayon::prelude::*;
    let pairs = pairs(cx);
    let model = cx.model;
    // The pairs that have a platform, with the content posted there.
    let posted: Vec<(usize, usize, Span, Platform, Effective)> = pairs
        .iter()
        .filter_map(|&((mi, ci), post_span)| {
            let message = &model.messages[mi];
            let channel = &model.channels[ci];
            let platform = channel.platform.as_ref()?.value;
            Some((
                mi,
                ci,
                post_span,
                platform,
                effective(message, &channel.name),
            ))
        })
        .collect();
    let measures = Measures::of(posted.iter().map(|(_, _, _, p, c)| (*p, c)));
    let found: Vec<Vec<(Span, Problem)>> = posted
        .par_iter()
        .map(|(mi, ci, _, platform, content)| {
            let channel = &model.channels[*ci].name.name;
            problems(&model.messages[*mi], content, *platform, channel, &measures)
        })
        .collect();
    // One report per (what is measured, platform): the channels involved are listed.
    let mut findings: BTreeMap<(Span, &'static str, Platform), Finding> = BTreeMap::new();
    let mut young: BTreeSet<(usize, Platform)> = BTreeSet::new();
    for ((mi, ci, post_span, platform, _), found) in posted.into_iter().zip(found) {
        let message = &cx.model.messages[mi];
        let channel = &cx.model.channels[ci];
        for (key, problem) in found {
            findings
                .entry((key, problem.code, platform))
                .or_insert_with(|| Finding {
                    problem,
                    channels: Vec::new(),
                    post: post_span,
                })
                .channels
                .push(channel.name.name.clone());
        }
        let min_age = platform.rules().min_age as i64;
        for a in &message.audiences {
            if let Some(ai) = cx.index.get(RefKind::Audience, &a.name) {
                let audience = &cx.model.audiences[ai];
                if let Some(age) = &audience.age {
                    if age.value.0 < min_age && young.insert((ai, platform)) {
                        cx.out.push(
                            Diagnostic::new(
                                "W0501",
                                age.span,
                                format!(
                                "the audience `{}` starts at {} but {} admits users from {min_age}",
                                audience.name.name, age.value.0, platform.display()
                            ),
                            )
                            .label(format!("younger than {}'s minimum age", platform.display()))
                            .with_secondary(
                                a.span,
                                format!(
                                    "targeted on {} by `{}`",
                                    channel.name.name, message.name.name
                                ),
                            )
                            .help(format!(
                                "start the range at {min_age}: `age {min_age}..{}`",
                                age.value.1
                            )),
                        );
                    }
                }
            }
        }
    }
    for (_, f) in findings {
        let channels = f.channels.join(", ");
        let mut d = f
            .problem
            .diagnostic
            .with_secondary(f.post, format!("posted to {channels} here"));
        if f.channels.len() > 1 {
            d = d.note(format!("the same content goes to {channels}"));
        }
        cx.out.push(d);
    }
}

struct Finding {
    problem: Problem,
    channels: Vec<String>,
    post: Span,
}

struct Problem {
    code: &'static str,
    diagnostic: Diagnostic,
}

/// The message's content with the channel's variant applied, field by field, borrowed.
struct Effective<'m> {
    text: Option<&'m Spanned<String>>,
    title: Option<&'m Spanned<String>>,
    media: Option<&'m Media>,
}

fn effective<'m>(message: &'m Message, channel: &Ident) -> Effective<'m> {
    let base = &message.content;
    let variant = message
        .variants
        .iter()
        .find(|v| v.channel.name == channel.name)
        .map(|v| &v.content);
    let pick =
        |f: fn(&'m Content) -> Option<&'m Spanned<String>>| variant.and_then(f).or_else(|| f(base));
    Effective {
        text: pick(|c| c.text.as_ref()),
        title: pick(|c| c.title.as_ref()),
        media: variant
            .and_then(|c| c.media.as_ref())
            .or(base.media.as_ref()),
    }
}

/// Every (message, channel) pair that a schedule posts, by message then channel, each with
/// the first `post` statement (in source order) that sends it there.
fn pairs(cx: &Context) -> Vec<((usize, usize), Span)> {
    use rayon::prelude::*;
    let index = cx.index;
    let mut pairs: Vec<((usize, usize), Span)> = cx
        .model
        .schedules
        .par_iter()
        .flat_map_iter(|schedule| {
            let mut pairs = Vec::new();
            for post in &schedule.posts {
                for m in &post.messages {
                    let Some(mi) = index.get(RefKind::Message, &m.name) else {
                        continue;
                    };
                    for c in &post.channels {
                        if let Some(ci) = index.get(RefKind::Channel, &c.name) {
                            pairs.push(((mi, ci), post.span));
                        }
                    }
                }
            }
            pairs
        })
        .collect();
    // Stable: of the statements that send a pair, the first in source order stays first.
    pairs.par_sort_by_key(|&(pair, _)| pair);
    pairs.dedup_by_key(|&mut (pair, _)| pair);
    pairs
}

/// Measurements of texts, kept by the text's place: a text that several channels post (the
/// message's own, without a variant) is measured once per way of counting, not once per channel.
struct Measures {
    lengths: FxHashMap<(Span, Counting), usize>,
    hashtags: FxHashMap<Span, usize>,
}

impl Measures {
    /// Every measure that the rules of the platforms ask of the contents posted on them, each
    /// made once, on rayon's pool.
    fn of<'m>(posted: impl Iterator<Item = (Platform, &'m Effective<'m>)>) -> Measures {
        use rayon::prelude::*;
        let mut lengths: FxHashMap<(Span, Counting), &String> = FxHashMap::default();
        let mut hashtags: FxHashMap<Span, &String> = FxHashMap::default();
        for (platform, content) in posted {
            let rules = platform.rules();
            if let (Some(_), Some(text)) = (rules.text_limit, content.text) {
                lengths.insert((text.span, rules.counting), &text.value);
            }
            if let (Some(_), Some(text)) = (rules.max_hashtags, content.text) {
                hashtags.insert(text.span, &text.value);
            }
            if let (Some(_), Some(title)) = (rules.title_limit, content.title) {
                lengths.insert((title.span, rules.title_counting), &title.value);
            }
        }
        Measures {
            lengths: lengths
                .into_par_iter()
                .map(|((span, counting), text)| {
                    (
                        (span, counting),
                        crate::platform::text_length(counting, text),
                    )
                })
                .collect(),
            hashtags: hashtags
                .into_par_iter()
                .map(|(span, text)| (span, crate::platform::hashtags(text).len()))
                .collect(),
        }
    }

    fn length(&self, text: &Spanned<String>, counting: Counting) -> usize {
        match self.lengths.get(&(text.span, counting)) {
            Some(&len) => len,
            None => crate::platform::text_length(counting, &text.value),
        }
    }

    fn hashtags(&self, text: &Spanned<String>) -> usize {
        match self.hashtags.get(&text.span) {
            Some(&tags) => tags,
            None => crate::platform::hashtags(&text.value).len(),
        }
    }
}

/// Everything wrong with `content` on `platform`, keyed by the span the problem is reported at.
fn problems(
    message: &Message,
    content: &Effective,
    platform: Platform,
    channel: &str,
    measures: &Measures,
) -> Vec<(Span, Problem)> {
    let rules = platform.rules();
    let name = platform.display();
    let msg = &message.name.name;
    let mut out = Vec::new();
    if let (Some(limit), Some(text)) = (rules.text_limit, content.text) {
        let len = measures.length(text, rules.counting);
        if len > limit {
            out.push(problem(
                text,
                "E0501",
                Diagnostic::new(
                    "E0501",
                    text.span,
                    format!(
                        "this text is {len} {} on {name}, {} over its limit of {limit}",
                        rules.counting.unit(),
                        len - limit
                    ),
                )
                .label(format!("{len} / {limit}"))
                .help(format!(
                    "shorten it by {} {}, or give `{msg}` a shorter text there with `variant {channel} {{ text \"…\" }}`",
                    len - limit,
                    rules.counting.unit()
                )),
            ));
        }
    }
    if let (Some(max), Some(text)) = (rules.max_hashtags, content.text) {
        let tags = measures.hashtags(text);
        if tags > max {
            out.push(problem(
                text,
                "E0502",
                Diagnostic::new(
                    "E0502",
                    text.span,
                    format!("this text has {tags} hashtags; {name} allows at most {max}"),
                )
                .label(format!("{tags} hashtags"))
                .help(format!("keep the {max} most relevant hashtags")),
            ));
        }
    }
    if let Some(kinds) = rules.media_required.filter(|kinds| {
        !content
            .media
            .is_some_and(|Media { kind, .. }| kinds.contains(kind))
    }) {
        let wanted: Vec<&str> = kinds.iter().map(|k| k.name()).collect();
        let example = format!(
            "media {} \"assets/{msg}.{}\"",
            wanted[0],
            if wanted[0] == "video" { "mp4" } else { "jpg" }
        );
        match content.media {
            None => out.push((
                message.name.span,
                Problem {
                    code: "E0503",
                    diagnostic: Diagnostic::new(
                        "E0503",
                        message.name.span,
                        format!("`{msg}` is posted on {name} without media"),
                    )
                    .label(format!("{name} needs {}", or_list(&wanted)))
                    .help(format!(
                        "add `{example}` to the message, or `variant {channel} {{ {example} }}`"
                    )),
                },
            )),
            Some(Media { kind, span, .. }) if !kinds.contains(kind) => out.push((
                *span,
                Problem {
                    code: "E0504",
                    diagnostic: Diagnostic::new(
                        "E0504",
                        *span,
                        format!(
                            "{name} needs {}, not {} {}",
                            or_list(&wanted),
                            article(kind.name()),
                            kind.name()
                        ),
                    )
                    .label(format!("{} here", kind.name()))
                    .help(format!(
                        "give `{channel}` {} {} with `variant {channel} {{ {example} }}`",
                        article(wanted[0]),
                        wanted[0]
                    )),
                },
            )),
            Some(_) => {}
        }
    }
    match content.title {
        None if rules.title_required => out.push((
            message.name.span,
            Problem {
                code: "E0505",
                diagnostic: Diagnostic::new(
                    "E0505",
                    message.name.span,
                    format!("`{msg}` is posted on {name} without a title"),
                )
                .label(format!("{name} needs a title"))
                .help(format!(
                    "add `title \"…\"` to the message, or `variant {channel} {{ title \"…\" }}`"
                )),
            },
        )),
        Some(title) => {
            if let Some(limit) = rules.title_limit {
                let len = measures.length(title, rules.title_counting);
                if len > limit {
                    out.push(problem(
                        title,
                        "E0506",
                        Diagnostic::new(
                            "E0506",
                            title.span,
                            format!(
                                "this title is {len} {} on {name}, {} over its limit of {limit}",
                                rules.title_counting.unit(),
                                len - limit
                            ),
                        )
                        .label(format!("{len} / {limit}"))
                        .help("shorten the title"),
                    ));
                }
            }
        }
        None => {}
    }
    out
}

fn problem(at: &Spanned<String>, code: &'static str, diagnostic: Diagnostic) -> (Span, Problem) {
    (at.span, Problem { code, diagnostic })
}

fn or_list(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => format!("{} {one}", article(one)),
        [init @ .., last] => format!(
            "{} or {} {last}",
            init.iter()
                .map(|i| format!("{} {i}", article(i)))
                .collect::<Vec<_>>()
                .join(", "),
            article(last)
        ),
    }
}
