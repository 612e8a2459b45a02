//! Series: a `post [m1, m2, …]` list that runs out of messages (`W0602`) or never reaches some of
//! them (`W0603`).
//!
//! A series pairs its messages with its slots one by one, so a range one week too long leaves
//! slots empty, and one too short leaves messages that were written and never posted. The time
//! pass records how each series used its slots ([`PostUse`]); this module tells the writer.
//!
//! # Rules (language reference)
//!
//! **Series.** A series' slots are its occurrences (date-times). Without `repeat`, more slots
//! than messages is `W0602` (at the message list). More messages than slots is `W0603`, with or
//! without `repeat`, naming the messages never reached (not those also posted earlier in the
//! list, nor undeclared ones). A one-off `at` with a list has one slot. A series with no slot is
//! `W0605` only (see `unscheduled`).

use rustc_hash::FxHashSet as HashSet;

use crate::ast::Ident;
use crate::check::model::When;
use crate::check::time::PostUse;
use crate::diagnostic::Diagnostic;
use crate::source::Span;
use crate::wording::{date_time, plural, quoted_and_list};

use super::Statements;

/// The span of the written names from `items[from..]`, if any.
fn names_span(items: &[Ident], from: usize) -> Option<Span> {
    let first = items.get(from)?;
    Some(first.span.to(items.last().map_or(first.span, |l| l.span)))
}

/// `W0602` series-exhausted (no `repeat`, fewer messages than slots) and `W0603` series-unused
/// (more messages than slots). A series without any slot is
/// [`empty_posts`](super::empty_posts)' business. `known` says which message names resolve (the
/// others were reported and are not named).
pub fn series(
    uses: &[PostUse],
    stmts: &Statements,
    known: impl Fn(&str) -> bool,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for u in uses.iter().filter(|u| u.series) {
        let n = u.messages.len();
        if u.slots == 0 || n == 0 {
            continue;
        }
        let post = stmts.get(u.span);
        let when_span = post.map(|p| match &p.when {
            When::Once(dt) => dt.span,
            When::Every(r) => r.span,
        });
        let last = u.last_slot.map(date_time).unwrap_or_default();
        if u.slots > n && !u.repeat {
            let empty = u.slots - n;
            let span = post
                .and_then(|p| names_span(&p.messages, 0))
                .unwrap_or(u.span);
            let mut d = Diagnostic::new(
                "W0602",
                span,
                format!(
                    "this series runs out of messages with {} left",
                    plural(empty, "slot", "slots")
                ),
            )
            .label(format!(
                "{} for {} slots",
                plural(n, "message", "messages"),
                u.slots
            ));
            if let Some(w) = when_span {
                d = d.with_secondary(w, format!("{} slots here", u.slots));
            }
            d = d
                .help(format!(
                    "add `repeat` at the end of the post to start the series again, or add {} to the list",
                    plural(empty, "more message", "more messages")
                ))
                .note(match u.first_empty_slot {
                    Some(first) if empty == 1 => format!("the slot of {} stays empty", date_time(first)),
                    Some(first) => format!("{empty} slots stay empty, from {} to {last}", date_time(first)),
                    None => format!("{empty} slots stay empty, up to {last}"),
                });
            out.push(d);
        }
        if n > u.slots {
            let used: HashSet<&str> = u.messages[..u.slots].iter().map(String::as_str).collect();
            let mut seen = HashSet::default();
            let unused: Vec<&str> = u.messages[u.slots..]
                .iter()
                .map(String::as_str)
                .filter(|m| !used.contains(m) && known(m) && seen.insert(*m))
                .collect();
            if unused.is_empty() {
                continue;
            }
            let span = post
                .and_then(|p| names_span(&p.messages, u.slots))
                .unwrap_or(u.span);
            let slots = if u.slots == 1 {
                "one slot".to_string()
            } else {
                format!("{} slots", u.slots)
            };
            let mut d = Diagnostic::new(
                "W0603",
                span,
                format!(
                    "{} of this series never {} posted: {}",
                    plural(unused.len(), "message", "messages"),
                    if unused.len() == 1 { "gets" } else { "get" },
                    quoted_and_list(&unused)
                ),
            )
            .label(format!("never posted: the series has {slots}"));
            if let Some(w) = when_span {
                d = d.with_secondary(w, format!("{slots} here"));
            }
            let help = match post.map(|p| &p.when) {
                Some(When::Once(_)) => {
                    "a one-off post publishes the first message only: post the others in posts of their own, or use `every …` for a series"
                        .to_string()
                }
                _ => "give the series more slots (more days, more times or a longer range), or move the other messages to another post"
                    .to_string(),
            };
            d = d.help(help).note(format!(
                "{} for {slots}; the last slot is {last}",
                plural(n, "message", "messages")
            ));
            out.push(d);
        }
    }
    out
}
