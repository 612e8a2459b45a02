//! Collisions: two posts on one channel in the same minute (`E0601`).
//!
//! Two posts at once on one account read as a mistake to the audience, and most platforms
//! throttle or reorder them; the plan should say which goes first. A collision repeats on every
//! date of a recurrence, so it is reported once per pair of statements, with how often.
//!
//! # Rules (language reference)
//!
//! **Collisions.** Two posts collide when they go out on the same channel in the same minute
//! (compared as UTC instants, so zones do not matter). Collisions are counted per pair of `post`
//! statements: one error, on the time written in the later statement (source order, entry file
//! first), with the earlier one as second place, and a note giving the number of colliding
//! instants and dates and the first one (local time of the later statement). When several
//! statements meet at one minute, each is paired with the first of them, not with every other.
//! A statement listing a channel twice is reported at the repeated name; a time or weekday listed
//! twice, or a DST gap moving a time onto another listed one, is not a collision (expansion keeps
//! one occurrence per instant).

use std::collections::{BTreeMap, BTreeSet};

use rustc_hash::FxHashMap as HashMap;

use chrono::{DateTime, NaiveDate, Utc};

use crate::ast::Ident;
use crate::check::model::Model;
use crate::diagnostic::Diagnostic;
use crate::plan::PostOccurrence;
use crate::source::Span;
use crate::wording::{date_time, hm, plural, quoted_and_list};

use super::Statements;

/// `E0601` for a `post` that lists the same channel twice: every one of its occurrences then
/// goes out twice on that channel at the same minute. (A time or a weekday listed twice is
/// harmless: expansion keeps one occurrence per instant.)
pub fn repeated_in_statement(model: &Model) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for p in model.schedules.iter().flat_map(|s| &s.posts) {
        for (first, again) in repeated(&p.channels, |c: &Ident| c.name.as_str()) {
            out.push(
                Diagnostic::new(
                    "E0601",
                    again.span,
                    format!(
                        "this post goes out twice on `{}` at the same minute",
                        again.name
                    ),
                )
                .label(format!("`{}` is listed again here", again.name))
                .with_secondary(first.span, "first listed here")
                .help(format!("list `{}` once", again.name)),
            );
        }
    }
    out
}

/// What two statements' collisions have in common.
#[derive(Default)]
struct Clash {
    /// Channels they collide on.
    channels: BTreeSet<String>,
    /// Instants (minutes) they collide at.
    minutes: BTreeSet<i64>,
    /// Local dates of the later statement's colliding posts.
    dates: BTreeSet<NaiveDate>,
    /// The first collision: minute, the later statement's post, the earlier one's message.
    first: Option<(i64, usize, usize)>,
}

/// `E0601`: two posts on the same channel at the same minute. Occurrences are grouped by
/// (channel, minute); within a group every statement is paired with the first one (in source
/// order), and each pair of statements is reported once, on the later one.
///
/// `channels` numbers each post's channel (see [`super::channel_ids`]).
pub fn collisions(
    posts: &[PostOccurrence],
    channels: &[u32],
    stmts: &Statements,
) -> Vec<Diagnostic> {
    // Posts ordered so that each (channel, minute) is one run: each run of two or more is a
    // group. Sorting plain tuples needs no vector per post, as a map of groups would. The
    // plan's posts are in time order already, so only each minute's few posts need sorting by
    // channel. What is reported does not depend on the order of the groups.
    let mut keyed: Vec<(u32, i64, usize)> = posts
        .iter()
        .zip(channels)
        .enumerate()
        .map(|(i, (p, &c))| (c, minute(p.utc), i))
        .collect();
    if keyed.is_sorted_by_key(|k| k.1) {
        for minute in keyed.chunk_by_mut(|a, b| a.1 == b.1) {
            minute.sort_unstable();
        }
    } else {
        keyed.sort_unstable();
    }
    let mut clashes: BTreeMap<(Span, Span), Clash> = BTreeMap::new();
    for group in keyed.chunk_by(|a, b| (a.0, a.1) == (b.0, b.1)) {
        if group.len() < 2 {
            continue;
        }
        let (channel, min) = (&*posts[group[0].2].channel, &group[0].1);
        let members: Vec<usize> = group.iter().map(|k| k.2).collect();
        let members = &members;
        // Each statement of the group with its posts, in source order.
        let mut by_stmt: BTreeMap<Span, Vec<usize>> = BTreeMap::new();
        for &i in members {
            by_stmt.entry(posts[i].source).or_default().push(i);
        }
        let mut iter = by_stmt.iter();
        let Some((&first_span, first_posts)) = iter.next() else {
            continue;
        };
        let mut pairs: Vec<((Span, Span), usize, usize)> = Vec::new();
        for (&span, ps) in &by_stmt {
            if ps.len() > 1 && !repeats_itself(stmts, span) {
                pairs.push(((span, span), ps[1], ps[0]));
            }
        }
        for (&span, ps) in iter {
            pairs.push(((first_span, span), ps[0], first_posts[0]));
        }
        for (key, later, earlier) in pairs {
            let c = clashes.entry(key).or_default();
            c.channels.insert(channel.to_string());
            c.minutes.insert(*min);
            c.dates.insert(posts[later].local.date());
            let candidate = (*min, later, earlier);
            // Earliest minute first; then the channel (for a stable choice).
            let better = match c.first {
                None => true,
                Some((m, l, _)) => (*min, &posts[later].channel) < (m, &posts[l].channel),
            };
            if better {
                c.first = Some(candidate);
            }
        }
    }
    let mut out = Vec::new();
    for ((earlier, later), c) in clashes {
        let Some((_, lp, ep)) = c.first else { continue };
        let channels: Vec<&String> = c.channels.iter().collect();
        let (l, e) = (&posts[lp], &posts[ep]);
        let when = format!("{} {}", date_time(l.local), l.timezone);
        let how_often = if c.minutes.len() == c.dates.len() {
            format!("on {}", plural(c.dates.len(), "date", "dates"))
        } else {
            format!(
                "{} on {}",
                plural(c.minutes.len(), "time", "times"),
                plural(c.dates.len(), "date", "dates")
            )
        };
        let d = if earlier == later {
            Diagnostic::new(
                "E0601",
                later,
                format!(
                    "this post puts two posts on {} at the same minute",
                    quoted_and_list(&channels)
                ),
            )
            .label(format!(
                "two of its posts go out on `{}` at {}",
                l.channel,
                hm(l.local.time())
            ))
            .help("post the two messages at different minutes")
            .note(format!(
                "it collides with itself {how_often}, first {when}: `{}` and `{}`",
                e.message, l.message
            ))
        } else {
            let what = if e.message == l.message {
                format!("`{}` twice", l.message)
            } else {
                format!("`{}` and `{}`", e.message, l.message)
            };
            let at_l = stmts.written_time(l);
            let at_e = stmts.written_time(e);
            Diagnostic::new(
                "E0601",
                at_l,
                format!("two posts go out on {} at the same minute", quoted_and_list(&channels)),
            )
            .label(format!("posts on `{}` at {}, like the other post", l.channel, hm(l.local.time())))
            .with_secondary(at_e, format!("also posts on `{}` at {}", e.channel, hm(e.local.time())))
            .help("move one of the two posts by a few minutes or to another day, or post it on another channel")
            .note(format!("collides {how_often}, first {when} ({what})"))
        };
        out.push(d);
    }
    out
}

/// Minutes since the epoch: posts in the same minute collide.
fn minute(utc: DateTime<Utc>) -> i64 {
    utc.timestamp().div_euclid(60)
}

/// Whether the statement lists a channel twice (reported at the repeated name by
/// [`repeated_in_statement`], so its self-collisions are not reported again).
fn repeats_itself(stmts: &Statements, span: Span) -> bool {
    stmts
        .get(span)
        .is_some_and(|p| !repeated(&p.channels, |c| c.name.as_str()).is_empty())
}

/// Pairs (first, repeated) of items with the same key, in order.
fn repeated<'a, T, K: std::hash::Hash + Eq>(
    items: &'a [T],
    key: impl Fn(&'a T) -> K,
) -> Vec<(&'a T, &'a T)> {
    let mut pairs = Vec::new();
    // A statement lists a few channels: comparing each with those before it is quicker than
    // hashing them, up to a few dozen.
    if items.len() <= 16 {
        for (i, item) in items.iter().enumerate() {
            let k = key(item);
            if let Some(first) = items[..i].iter().find(|earlier| key(earlier) == k) {
                pairs.push((first, item));
            }
        }
        return pairs;
    }
    let mut seen: HashMap<K, &T> = HashMap::default();
    for item in items {
        match seen.get(&key(item)) {
            Some(first) => pairs.push((*first, item)),
            None => {
                seen.insert(key(item), item);
            }
        }
    }
    pairs
}
