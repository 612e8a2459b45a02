//! Daily caps: more posts on a channel in one day than its `max_per_day` (`E0602`).
//!
//! A channel's `max_per_day` is the team's promise not to flood its followers (and often a
//! platform's own limit); a busy launch week breaks it easily when several schedules share a
//! channel, and only the expanded calendar shows it.
//!
//! # Rules (language reference)
//!
//! **Daily cap.** A post's day is the local date of the post in its effective zone. A channel
//! with more posts than `max_per_day` on some day gets one error at its `max_per_day`, naming the
//! first such day and its posts; the post over the cap (the (cap+1)-th of that day, by instant)
//! is the second place; a note lists up to five days over the cap.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use crate::check::model::{Model, Spanned};
use crate::diagnostic::Diagnostic;
use crate::plan::PostOccurrence;
use crate::wording::{hm, ordinal, plural};

use super::Statements;

/// The `max_per_day` of every channel that has one.
pub fn caps(model: &Model) -> BTreeMap<String, Spanned<i64>> {
    let mut caps = BTreeMap::new();
    for c in &model.channels {
        if let Some(m) = &c.max_per_day {
            caps.entry(c.name.name.clone()).or_insert_with(|| m.clone());
        }
    }
    caps
}

/// `E0602`: more posts on a channel in one day than its `max_per_day`. A post's day is its local
/// date in its own zone. One diagnostic per channel, on the cap, naming the first day over it.
///
/// `channels` numbers each post's channel (see [`super::channel_ids`]).
pub fn daily_caps(
    posts: &[PostOccurrence],
    channels: &[u32],
    caps: &BTreeMap<String, Spanned<i64>>,
    stmts: &Statements,
) -> Vec<Diagnostic> {
    if caps.is_empty() {
        return Vec::new();
    }
    // Per channel number, its cap (looked up once per channel, not once per post).
    let mut cap_of: Vec<Option<Option<i64>>> = Vec::new();
    let mut keyed: Vec<(u32, NaiveDate, usize)> = Vec::new();
    for (i, (p, &c)) in posts.iter().zip(channels).enumerate() {
        let slot = c as usize;
        if cap_of.len() <= slot {
            cap_of.resize(slot + 1, None);
        }
        let cap = *cap_of[slot].get_or_insert_with(|| caps.get(&*p.channel).map(|c| c.value));
        if cap.is_some() {
            keyed.push((c, p.local.date(), i));
        }
    }
    // Posts on capped channels sorted by (channel, local day): each run is one day's posts.
    keyed.sort_unstable();
    // Per channel, the days over the cap, by date.
    let mut over: BTreeMap<&str, BTreeMap<NaiveDate, Vec<usize>>> = BTreeMap::new();
    for day in keyed.chunk_by(|a, b| (a.0, a.1) == (b.0, b.1)) {
        let (channel, date) = (&*posts[day[0].2].channel, day[0].1);
        if day.len() as i64 > caps[channel].value {
            let members = day.iter().map(|k| k.2).collect();
            over.entry(channel).or_default().insert(date, members);
        }
    }
    let mut out = Vec::new();
    for (channel, days) in over {
        let cap = &caps[channel];
        let Some((first_day, first)) = days.iter().next() else {
            continue;
        };
        let mut first = first.clone();
        first.sort_by(|&a, &b| {
            (posts[a].utc, &posts[a].message).cmp(&(posts[b].utc, &posts[b].message))
        });
        let n = first.len();
        let most = days.values().map(Vec::len).max().unwrap_or(n);
        // The post that goes over the cap: the (cap + 1)th of the day.
        let allowed = usize::try_from(cap.value).unwrap_or(0);
        let culprit = &posts[first[allowed.min(n - 1)]];
        let listed: Vec<String> = first
            .iter()
            .map(|&i| format!("{} `{}`", hm(posts[i].local.time()), posts[i].message))
            .collect();
        let mut d = Diagnostic::new(
            "E0602",
            cap.span,
            format!(
                "`{channel}` has {} on {first_day}, more than its `max_per_day {}`",
                plural(n, "post", "posts"),
                cap.value
            ),
        )
        .label(format!(
            "at most {} a day",
            plural(allowed, "post", "posts")
        ))
        .with_secondary(
            stmts.written_time(culprit),
            format!(
                "the {} post on `{channel}` that day",
                ordinal(allowed.saturating_add(1).min(n))
            ),
        )
        .help(format!(
            "spread these posts over more days, or raise the cap to `max_per_day {most}`"
        ))
        .note(format!("on {first_day}: {}", listed.join(", ")));
        if days.len() > 1 {
            const SHOWN: usize = 5;
            let mut list: Vec<String> = days
                .iter()
                .take(SHOWN)
                .map(|(day, ps)| format!("{day} ({})", ps.len()))
                .collect();
            if days.len() > SHOWN {
                list.push(format!("and {} more", days.len() - SHOWN));
            }
            d = d.note(format!(
                "{} days go over the cap: {}",
                days.len(),
                list.join(", ")
            ));
        }
        out.push(d);
    }
    out
}
