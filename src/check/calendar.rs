//! Pass 6, calendar: what the expanded publishing calendar says about the plan.
//!
//! The time pass has expanded every schedule into [`PostOccurrence`]s (one message on one channel
//! at one instant, with the `post` statement it comes from). This pass reads them, and the model,
//! and reports, each from a module that states its rules (the language reference):
//!
//! - `collisions`: `E0601` two posts on one channel at the same minute: once per pair of `post`
//!   statements (not once per date), with how often and when first; a statement that lists a
//!   channel twice collides with itself, and says so at the repeated name;
//! - `caps`: `E0602` more posts on a channel in one day than its `max_per_day`, days counted in
//!   each post's own zone; once per channel;
//! - `night`: `W0601` late-night-post: a post whose instant falls in the campaign's
//!   `quiet_hours` (default 23:00–06:00) in the time zone of an audience of its message; once
//!   per statement and audience;
//! - `series`: `W0602` series-exhausted and `W0603` series-unused: a series with fewer messages
//!   than slots (and no `repeat`), or more messages than slots;
//! - `unscheduled`: `W0604` unscheduled-message: a message that no `post` mentions; `W0605`
//!   empty-schedule: a schedule without `post`, or a `post` that never goes out.
//!
//! Everything is indexed (by channel and minute, by channel and day, by statement), so the pass
//! is linear in the number of posts; what it reports is sorted.

mod caps;
mod collisions;
mod night;
mod series;
mod unscheduled;

pub use caps::{caps, daily_caps};
pub use collisions::{collisions, repeated_in_statement};
pub use night::{late_night, AudienceZone, Night, DEFAULT_QUIET_HOURS};
pub use series::series;
pub use unscheduled::{empty_posts, empty_schedules, unscheduled_messages};

use std::collections::BTreeMap;

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use crate::plan::PostOccurrence;
use crate::schema::RefKind;
use crate::source::Span;

use super::model::{Model, Post, Spanned};
use super::resolve::Index;
use super::time::{written_time, PostUse};
use super::Context;
use crate::diagnostic::Diagnostic;

/// Runs the calendar checks.
pub fn run(cx: &mut Context) {
    let skipped = skipped_days(&cx.out);
    let before = Before::new(cx.model);
    let out = check(
        before,
        cx.model,
        cx.index,
        &cx.plan.posts,
        &cx.post_uses,
        &skipped,
    );
    cx.out.extend(out);
}

/// Where a monthly post skips the months without its day: the spans of the time pass's `W0606`
/// among `earlier` diagnostics (such a post is not reported again as never going out).
pub fn skipped_days(earlier: &[Diagnostic]) -> HashSet<Span> {
    earlier
        .iter()
        .filter(|d| d.code == "W0606")
        .map(|d| d.primary.span)
        .collect()
}

/// What the calendar checks need, and find, in the model alone: made before the posts are
/// expanded (beside the time pass), so that [`check`] only reads the posts.
pub struct Before<'m> {
    stmts: Statements<'m>,
    caps: BTreeMap<String, Spanned<i64>>,
    night: Night,
    /// Channels listed twice in one statement.
    repeated: Vec<Diagnostic>,
    /// Messages that no `post` mentions.
    unscheduled: Vec<Diagnostic>,
    /// Schedules without a `post`.
    empty_schedules: Vec<Diagnostic>,
}

impl<'m> Before<'m> {
    /// The model's part of the calendar checks.
    pub fn new(model: &'m Model) -> Before<'m> {
        Before {
            stmts: Statements::new(model),
            caps: caps(model),
            night: Night::from_model(model),
            repeated: repeated_in_statement(model),
            unscheduled: unscheduled_messages(model),
            empty_schedules: empty_schedules(model),
        }
    }
}

/// The calendar checks of `posts` (the time pass's occurrences, with how each series used its
/// slots in `uses`), with `before` made from the same model; `skipped` is [`skipped_days`] of
/// the diagnostics so far.
pub fn check(
    before: Before<'_>,
    model: &Model,
    index: &Index,
    posts: &[PostOccurrence],
    uses: &[PostUse],
    skipped: &HashSet<Span>,
) -> Vec<Diagnostic> {
    let Before {
        stmts,
        caps,
        night,
        repeated,
        unscheduled,
        empty_schedules,
    } = before;
    let mut out = repeated;
    // The three checks that read every post are independent: they run in rayon's pool, and
    // their diagnostics are kept in this order.
    let channels = channel_ids(posts);
    let ((collided, capped), late) = rayon::join(
        || {
            rayon::join(
                || collisions(posts, &channels, &stmts),
                || daily_caps(posts, &channels, &caps, &stmts),
            )
        },
        || late_night(posts, &night, &stmts),
    );
    out.extend(collided);
    out.extend(capped);
    out.extend(late);
    out.extend(series(uses, &stmts, |m| {
        index.get(RefKind::Message, m).is_some()
    }));
    out.extend(unscheduled);
    out.extend(empty_schedules);
    // A monthly post whose day no month of its range has is already `W0606`.
    out.extend(empty_posts(model, index, uses, skipped));
    out
}

/// For each post, a small number standing for its channel (equal names, equal numbers), so
/// that grouping posts by channel sorts integers rather than names.
pub fn channel_ids(posts: &[crate::plan::PostOccurrence]) -> Vec<u32> {
    let mut ids: rustc_hash::FxHashMap<&str, u32> = rustc_hash::FxHashMap::default();
    posts
        .iter()
        .map(|p| {
            let next = ids.len() as u32;
            *ids.entry(&p.channel).or_insert(next)
        })
        .collect()
}

/// The `post` statements of the model, by the span that occurrences carry as `source`.
#[derive(Default)]
pub struct Statements<'m> {
    by_span: HashMap<Span, &'m Post>,
}

impl<'m> Statements<'m> {
    /// Indexes every `post` of every schedule.
    pub fn new(model: &'m Model) -> Statements<'m> {
        let mut by_span = HashMap::default();
        for s in &model.schedules {
            for p in &s.posts {
                by_span.insert(p.span, p);
            }
        }
        Statements { by_span }
    }

    /// The statement written at `span`.
    pub fn get(&self, span: Span) -> Option<&'m Post> {
        self.by_span.get(&span).copied()
    }

    /// Where a diagnostic about post `p` points: the time written in its statement for it (the
    /// date-time of a one-off post, or the `at` time equal to the post's local time), else the
    /// statement.
    fn written_time(&self, p: &PostOccurrence) -> Span {
        self.get(p.source)
            .map_or(p.source, |s| written_time(&s.when, p.local.time()))
    }
}
