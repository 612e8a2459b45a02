//! Schedules expanded into the plan's posts, and how each series used its slots.
//!
//! Every later pass and every emitter reads the posts built here, so this is where a `post`
//! statement becomes dated, sorted occurrences with stable ids; the [`PostUse`] records let the
//! calendar pass say when a series runs out of messages or never reaches some of them.
//!
//! # Rules (language reference)
//!
//! **Series.** In `post [m1, m2, m3] to CHANNELS every …`, the k-th occurrence (k = 0, 1, …, in
//! time order) posts message k to every channel of the statement; without `repeat` the series
//! stops after its last message, with `repeat` it starts again (message k mod n). A one-off
//! `at` with a list posts the first message only. How many slots the series had is recorded in
//! [`PostUse`] for the calendar pass (`W0602`, `W0603`).
//!
//! **Posts.** One [`PostOccurrence`] per message × channel × instant. Its content is the
//! message's with the channel's variant applied field by field (see `content`). Its owner is
//! the message's owner, else the channel's. Posts are sorted by instant, then channel, then
//! message (then source order).
//!
//! **Ids.** A post's id is `SCHEDULE/MESSAGE/CHANNEL/YYYYMMDDTHHMM`, the local wall-clock time
//! actually posted (for a DST gap, the shifted time). The same message on the same channel at
//! the same minute twice in one schedule (a collision, reported by the calendar pass) gets
//! `-2`, `-3`, … appended in sorted order, so ids are unique and stable across runs.

use chrono::{DateTime, Datelike, NaiveDateTime, Timelike, Utc};
use chrono_tz::Tz;

use crate::check::model::{self, When};
use crate::check::Context;
use crate::plan::expand::{self, Occurrence, Resolution};
use crate::plan::{Content, PostOccurrence, Shared};
use crate::schema::RefKind;
use crate::source::Span;

use super::dst::Dst;
use super::{check_zone, ranges, recurrences, resolved_all, resolved_name, written_time, Time};

/// How a series (`post [m1, m2, …] to … every …`) used its slots; read by the calendar pass.
///
/// One per `post` statement written with a list of messages, in source order; not recorded
/// when the statement's dates or zone are wrong (already reported), so that a wrong window
/// does not also look like an unused series.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PostUse {
    /// Whether the messages were written as a list (a series).
    pub series: bool,
    /// The schedule.
    pub schedule: String,
    /// The messages of the series, in order, as written.
    pub messages: Vec<String>,
    /// How many occurrences (date-times) the statement has inside the campaign.
    pub slots: usize,
    /// Whether the series starts again when it runs out.
    pub repeat: bool,
    /// Local time of the first slot left empty because the series ran out (`None` if none).
    pub first_empty_slot: Option<NaiveDateTime>,
    /// Local time of the last slot (`None` when there is no slot).
    pub last_slot: Option<NaiveDateTime>,
    /// The `post` statement.
    pub span: Span,
}

/// Every schedule's posts, sorted, with unique ids.
///
/// Schedules are expanded side by side on rayon's pool, each with a context of its own; their
/// diagnostics, notes and series records are then joined in schedule order, as if they had been
/// expanded one after the other. Expanding a schedule makes only small [`Recipe`]s and sort
/// keys; the posts themselves are made once, in sorted order, straight into the plan's vector
/// (also on the pool), rather than made per schedule and then moved into place.
pub(super) fn expand(cx: &mut Context, t: &Time) -> Vec<PostOccurrence> {
    use rayon::prelude::*;
    let names = Names::new(cx, t);
    let (model, index) = (cx.model, cx.index);
    let mut parts: Vec<(Posts, Context)> = t
        .model
        .schedules
        .par_iter()
        .map(|s| {
            let mut scx = Context::new(model, index, Vec::new());
            let mut posts = Posts::new(s);
            schedule(&mut scx, t, &names, s, &mut posts);
            (posts, scx)
        })
        .collect();
    let mut keys = Vec::with_capacity(parts.iter().map(|(p, _)| p.keys.len()).sum());
    for (part, (posts, scx)) in parts.iter_mut().enumerate() {
        keys.extend(
            std::mem::take(&mut posts.keys)
                .into_iter()
                .map(|(utc, channel, message, i)| (utc, channel, message, part as u32, i)),
        );
        cx.out.append(&mut scx.out);
        cx.post_uses.append(&mut scx.post_uses);
        cx.plan.notes.append(&mut scx.plan.notes);
    }
    // Sorting the small keys and making each post once, in its place, is cheaper than making
    // the posts and then sorting or moving them.
    keys.par_sort_unstable();
    let parts: Vec<Posts> = parts.into_iter().map(|(posts, _)| posts).collect();
    let repeats = repeats(&parts, &keys);
    let mut posts = Vec::new();
    keys.par_iter()
        .zip(repeats.par_iter())
        .map(|(key, &repeat)| made(t, &names, &parts, key, repeat))
        .collect_into_vec(&mut posts);
    posts
}

/// One schedule's expansion: what its posts are made of, and the key each is sorted by.
struct Posts {
    /// The schedule's name.
    schedule: Shared<str>,
    /// The name of its effective zone (set when the zone is valid: no post is made otherwise).
    zone_name: Shared<str>,
    /// Its `post` statements that made posts.
    statements: Vec<Statement>,
    /// One per post, in the order they were expanded.
    recipes: Vec<Recipe>,
    /// Per post: its instant, the ranks of its channel's and message's names, and its position
    /// in `recipes`.
    keys: Vec<(DateTime<Utc>, u32, u32, u32)>,
}

impl Posts {
    fn new(s: &model::Schedule) -> Posts {
        Posts {
            schedule: Shared::from(s.name.name.as_str()),
            zone_name: Shared::from(""),
            statements: Vec::new(),
            recipes: Vec::new(),
            keys: Vec::new(),
        }
    }
}

/// What a `post` statement's posts are made of.
struct Statement {
    /// Its occurrences (date-times), in time order.
    occurrences: Vec<Occurrence>,
    /// Per message of the statement that names one, its content on each of the statement's
    /// channels (the variant applied), message after message.
    contents: Vec<Shared<Content>>,
    /// The statement.
    span: Span,
}

/// One post: where its parts are, in its schedule's [`Posts`] and in the model.
#[derive(Clone, Copy)]
struct Recipe {
    /// Index in [`Posts::statements`].
    statement: u32,
    /// Index in the statement's occurrences.
    occurrence: u32,
    /// Index in the statement's contents.
    content: u32,
    /// The message, index in the model.
    message: u32,
    /// The channel, index in the model.
    channel: u32,
}

/// A post's sort key among all schedules': instant, channel rank, message rank, then the
/// schedule's place and the post's position in it (source order).
type Key = (DateTime<Utc>, u32, u32, u32, u32);

/// What posts share, built once per message, channel and phase rather than per post:
/// every post of a message on a channel holds the same names and content.
struct Names {
    /// Per message of the model: its name, objective, audiences and owner (resolved).
    messages: Vec<MessageNames>,
    /// Per channel of the model: its name, platform and owner (resolved).
    channels: Vec<ChannelNames>,
    /// Per phase of the model: its name.
    phases: Vec<Shared<str>>,
    /// Per channel of the model: the rank of its name in name order (posts sort by it).
    channel_rank: Vec<u32>,
    /// Per message of the model: the rank of its name in name order.
    message_rank: Vec<u32>,
}

/// For each name, its rank in the sorted list of `names` (equal names, equal ranks).
fn ranks<'a>(names: impl Iterator<Item = &'a str>) -> Vec<u32> {
    let names: Vec<&str> = names.collect();
    let mut order: Vec<u32> = (0..names.len() as u32).collect();
    order.sort_unstable_by_key(|&i| names[i as usize]);
    let mut rank = vec![0; names.len()];
    let mut r = 0;
    for (k, &i) in order.iter().enumerate() {
        if k > 0 && names[order[k - 1] as usize] != names[i as usize] {
            r = k as u32;
        }
        rank[i as usize] = r;
    }
    rank
}

/// A channel's shared name, platform and owner.
type ChannelNames = (Shared<str>, Shared<str>, Option<Shared<str>>);

/// A message's shared names.
struct MessageNames {
    name: Shared<str>,
    objective: Option<Shared<str>>,
    audiences: Shared<[String]>,
    owner: Option<Shared<str>>,
}

impl Names {
    fn new(cx: &Context, t: &Time) -> Names {
        let shared = |r: Option<&str>| r.map(Shared::from);
        Names {
            messages: t
                .model
                .messages
                .iter()
                .map(|m| MessageNames {
                    name: Shared::from(m.name.name.as_str()),
                    objective: shared(resolved_name(cx, RefKind::Objective, &m.objective)),
                    audiences: resolved_all(cx, RefKind::Audience, &m.audiences).into(),
                    owner: shared(resolved_name(cx, RefKind::Role, &m.owner)),
                })
                .collect(),
            channels: t
                .model
                .channels
                .iter()
                .map(|c| {
                    (
                        Shared::from(c.name.name.as_str()),
                        Shared::from(c.platform.as_ref().map_or("", |p| p.value.name())),
                        shared(resolved_name(cx, RefKind::Role, &c.owner)),
                    )
                })
                .collect(),
            phases: t
                .model
                .phases
                .iter()
                .map(|p| Shared::from(p.name.name.as_str()))
                .collect(),
            channel_rank: ranks(t.model.channels.iter().map(|c| c.name.name.as_str())),
            message_rank: ranks(t.model.messages.iter().map(|m| m.name.name.as_str())),
        }
    }
}

/// Expands one schedule into `posts`.
fn schedule(cx: &mut Context, t: &Time, names: &Names, s: &model::Schedule, posts: &mut Posts) {
    let zone = match &s.timezone {
        Some(tz) => check_zone(
            cx,
            tz,
            &format!(
                "the posts of `{}` are left out of the calendar until the zone is fixed",
                s.name.name
            ),
        ),
        None => t.zone,
    };
    let (Some(zone), Some(_)) = (zone, &t.campaign) else {
        return;
    };
    posts.zone_name = Shared::from(zone.name());
    for p in &s.posts {
        post(cx, t, names, s, zone, p, posts);
    }
}

/// Expands one `post` statement into `posts`, recording its [`PostUse`].
fn post(
    cx: &mut Context,
    t: &Time,
    names: &Names,
    s: &model::Schedule,
    zone: Tz,
    p: &model::Post,
    posts: &mut Posts,
) {
    let Some((cs, ce)) = &t.campaign else {
        return;
    };
    let whose = format!("schedule `{}`", s.name.name);
    let mut dst = Dst::new(matches!(p.when, When::Once(_)));
    let (occurrences, ok): (Vec<Occurrence>, bool) = match &p.when {
        When::Once(at) => {
            if let Some(diag) = ranges::post_outside(at, cs, ce) {
                cx.out.push(diag);
                (Vec::new(), false)
            } else {
                let (utc, resolution) = expand::resolve_local(at.value, zone);
                let local = match &resolution {
                    Resolution::Gap { shifted_to, .. } => *shifted_to,
                    _ => at.value,
                };
                let occurrence = Occurrence {
                    local,
                    utc,
                    resolution,
                };
                (vec![occurrence], true)
            }
        }
        When::Every(r) => {
            let (occ, bad) = recurrences::expand(cx, t, r, zone, &whose);
            (occ, !bad)
        }
    };
    let n = p.messages.len();
    let channels: Vec<usize> = p
        .channels
        .iter()
        .filter_map(|c| cx.index.get(RefKind::Channel, &c.name))
        .filter(|&i| i < t.model.channels.len())
        .collect();
    // The statement's messages, looked up once rather than per occurrence: each one's index in
    // the model and where its contents on the statement's channels (the variant applied) start.
    let mut contents = Vec::new();
    let messages: Vec<Option<(usize, usize)>> = p
        .messages
        .iter()
        .map(|m| {
            let mi = cx
                .index
                .get(RefKind::Message, &m.name)
                .filter(|&mi| mi < t.model.messages.len())?;
            let (base, variants) = &t.contents[mi];
            let start = contents.len();
            contents.extend(
                channels
                    .iter()
                    .map(|&ci| variants.get(&*names.channels[ci].0).unwrap_or(base).clone()),
            );
            Some((mi, start))
        })
        .collect();
    let mut first_empty = None;
    let statement = posts.statements.len() as u32;
    posts.keys.reserve(occurrences.len() * channels.len());
    posts.recipes.reserve(occurrences.len() * channels.len());
    for (k, occ) in occurrences.iter().enumerate() {
        let slot = if p.series && n > 0 {
            let slot = if p.repeat { k % n } else { k };
            if slot >= n {
                first_empty = Some(occ.local);
                break;
            }
            slot
        } else if n > 0 {
            0
        } else {
            break;
        };
        dst.note(occ, |time| written_time(&p.when, time));
        let Some((mi, start)) = messages[slot] else {
            continue;
        };
        for (c, &ci) in channels.iter().enumerate() {
            posts.keys.push((
                occ.utc,
                names.channel_rank[ci],
                names.message_rank[mi],
                posts.recipes.len() as u32,
            ));
            posts.recipes.push(Recipe {
                statement,
                occurrence: k as u32,
                content: (start + c) as u32,
                message: mi as u32,
                channel: ci as u32,
            });
        }
    }
    if ok {
        cx.post_uses.push(PostUse {
            series: p.series,
            schedule: s.name.name.clone(),
            messages: p.messages.iter().map(|m| m.name.clone()).collect(),
            slots: occurrences.len(),
            repeat: p.repeat,
            first_empty_slot: first_empty,
            last_slot: occurrences.last().map(|o| o.local),
            span: p.span,
        });
    }
    dst.report(cx, zone, "posted at", &whose);
    if posts
        .recipes
        .last()
        .is_some_and(|r| r.statement == statement)
    {
        posts.statements.push(Statement {
            occurrences,
            contents,
            span: p.span,
        });
    }
}

/// Makes the post of `key` from its recipe; `repeat` posts with the same id come before it.
fn made(t: &Time, names: &Names, parts: &[Posts], key: &Key, repeat: u32) -> PostOccurrence {
    let posts = &parts[key.3 as usize];
    let (r, statement, occ) = recipe(posts, key);
    let m = &names.messages[r.message as usize];
    let (channel_name, platform, channel_owner) = &names.channels[r.channel as usize];
    let mut id = post_id(&posts.schedule, &m.name, channel_name, occ.local);
    if repeat > 0 {
        id = format!("{id}-{}", repeat + 1);
    }
    PostOccurrence {
        id,
        schedule: posts.schedule.clone(),
        message: m.name.clone(),
        channel: channel_name.clone(),
        platform: platform.clone(),
        local: occ.local,
        timezone: posts.zone_name.clone(),
        utc: occ.utc,
        resolution: occ.resolution.clone(),
        phase: ranges::phase_of(t, occ.requested().date()).map(|i| names.phases[i].clone()),
        objective: m.objective.clone(),
        audiences: m.audiences.clone(),
        owner: m.owner.clone().or_else(|| channel_owner.clone()),
        content: statement.contents[r.content as usize].clone(),
        source: statement.span,
    }
}

/// For each post in sorted order, how many posts with the same id come before it (0 for
/// nearly all): the 2nd, 3rd… post of one schedule with the same id gets `-2`, `-3`….
///
/// Posts with the same id have the same schedule, message, channel and local time, hence (in
/// one schedule's zone) the same instant: their keys are equal but for the position, so they
/// are neighbours in sorted order. Only runs of such keys are looked at, and within a run each
/// post is compared with the few distinct local times seen so far, so this stays linear.
fn repeats(parts: &[Posts], keys: &[Key]) -> Vec<u32> {
    let mut out = vec![0; keys.len()];
    let mut start = 0;
    let mut seen: Vec<(NaiveDateTime, u32)> = Vec::new();
    for run in keys.chunk_by(|a, b| (a.0, a.1, a.2, a.3) == (b.0, b.1, b.2, b.3)) {
        if run.len() > 1 {
            seen.clear();
            for (i, key) in run.iter().enumerate() {
                let local = recipe(&parts[key.3 as usize], key).2.local;
                match seen.iter_mut().find(|(l, _)| *l == local) {
                    Some((_, n)) => {
                        out[start + i] = *n;
                        *n += 1;
                    }
                    None => seen.push((local, 1)),
                }
            }
        }
        start += run.len();
    }
    out
}

/// The recipe of the post of `key` in its schedule's `posts`, with its statement and occurrence
/// (keys and recipes are made together by [`post`], so their indices are in range).
fn recipe<'p>(posts: &'p Posts, key: &Key) -> (Recipe, &'p Statement, &'p Occurrence) {
    let r = posts.recipes[key.4 as usize];
    let statement = &posts.statements[r.statement as usize];
    (r, statement, &statement.occurrences[r.occurrence as usize])
}

/// `SCHEDULE/MESSAGE/CHANNEL/YYYYMMDDTHHMM`, written with integer formatting.
fn post_id(schedule: &str, message: &str, channel: &str, local: NaiveDateTime) -> String {
    let mut id = String::with_capacity(schedule.len() + message.len() + channel.len() + 16);
    for part in [schedule, message, channel] {
        id.push_str(part);
        id.push('/');
    }
    let digits = |id: &mut String, n: u32, width: u32| {
        for k in (0..width).rev() {
            let d = (n / 10u32.pow(k) % 10) as u8;
            id.push(char::from(b'0' + d));
        }
    };
    // Dates are written with four-digit years, and posts lie inside the campaign's dates.
    digits(&mut id, local.year().unsigned_abs() % 10_000, 4);
    digits(&mut id, local.month(), 2);
    digits(&mut id, local.day(), 2);
    id.push('T');
    digits(&mut id, local.hour(), 2);
    digits(&mut id, local.minute(), 2);
    id
}

#[cfg(test)]
mod tests {
    use super::super::tests::{d, with_time, HEAD};
    use super::*;

    #[test]
    fn series_use_is_recorded() {
        let src = format!(
            "{HEAD}schedule s {{
               post [a, b, c] to instagram every day at 12:00 from 2027-03-01 to 2027-03-05
               post [a, b, c] to instagram every [mon] at 12:00 from 2027-03-01 to 2027-03-08
               post [a, b] to instagram every day at 18:00 from 2027-03-01 to 2027-03-03 repeat
               post a to instagram every day at 20:00 from 2027-03-01 to 2027-03-02
             }}"
        );
        with_time(&src, |cx| {
            let got: Vec<(usize, usize, bool, Option<NaiveDateTime>)> = cx
                .post_uses
                .iter()
                .filter(|u| u.series)
                .map(|u| (u.messages.len(), u.slots, u.repeat, u.first_empty_slot))
                .collect();
            let at = |day: u32, h: u32| d(2027, 3, day).and_hms_opt(h, 0, 0);
            assert_eq!(
                got,
                [
                    (3, 5, false, at(4, 12)),
                    (3, 2, false, None),
                    (2, 3, true, None),
                ]
            );
            assert_eq!(cx.post_uses[0].last_slot, at(5, 12));
            assert_eq!(cx.post_uses[0].schedule, "s");
        });
    }

    #[test]
    fn ids_pad_every_field_of_the_local_time() {
        let at = d(2027, 3, 5).and_hms_opt(9, 5, 0).unwrap();
        assert_eq!(post_id("s", "m", "ig", at), "s/m/ig/20270305T0905");
        let at = d(998, 12, 31).and_hms_opt(23, 59, 0).unwrap();
        assert_eq!(post_id("a b", "é", "x", at), "a b/é/x/09981231T2359");
    }

    #[test]
    fn repeated_ids_are_numbered_in_sorted_order_within_their_schedule() {
        let src = format!(
            "{HEAD}schedule s {{
               post a to instagram at 2027-03-02 09:00
               post a to instagram at 2027-03-02 09:00
               post b to instagram at 2027-03-02 08:00
             }}
             schedule t {{ post a to instagram at 2027-03-02 09:00 }}"
        );
        with_time(&src, |cx| {
            let ids: Vec<&str> = cx.plan.posts.iter().map(|p| p.id.as_str()).collect();
            assert_eq!(
                ids,
                [
                    "s/b/instagram/20270302T0800",
                    "s/a/instagram/20270302T0900",
                    "s/a/instagram/20270302T0900-2",
                    "t/a/instagram/20270302T0900",
                ]
            );
        });
    }

    #[test]
    fn a_post_repeated_five_times_numbers_its_ids_in_order() {
        let line = "post a to instagram every day at 09:00 from 2027-03-02 to 2027-03-03\n";
        let src = format!("{HEAD}schedule s {{ {} }}", line.repeat(5));
        with_time(&src, |cx| {
            let ids: Vec<&str> = cx.plan.posts.iter().map(|p| p.id.as_str()).collect();
            let day = |d: u32| {
                let base = format!("s/a/instagram/202703{d:02}T0900");
                std::iter::once(base.clone())
                    .chain((2..=5).map(move |n| format!("{base}-{n}")))
                    .collect::<Vec<_>>()
            };
            assert_eq!(ids, [day(2), day(3)].concat());
        });
    }

    #[test]
    fn ranks_follow_name_order_and_tie_equal_names() {
        let names = ["b", "a", "c", "a"];
        assert_eq!(ranks(names.into_iter()), [2, 0, 3, 0]);
        assert!(ranks(std::iter::empty()).is_empty());
    }

    #[test]
    fn a_one_off_list_posts_its_first_message() {
        let src = format!("{HEAD}schedule s {{ post [b, c] to instagram at 2027-03-02 09:00 }}");
        with_time(&src, |cx| {
            let names: Vec<&str> = cx.plan.posts.iter().map(|p| &*p.message).collect();
            assert_eq!(names, ["b"]);
            assert_eq!(cx.post_uses[0].slots, 1);
            assert!(cx.post_uses[0].series);
        });
    }

    #[test]
    fn wrong_windows_record_no_series_and_no_posts() {
        let src = format!(
            "{HEAD}schedule s {{ post [a, b] to instagram every day at 12:00 from 2027-03-10 to 2027-03-01 }}"
        );
        with_time(&src, |cx| {
            assert!(cx.post_uses.is_empty());
            assert!(cx.plan.posts.is_empty());
            assert_eq!(cx.out.iter().filter(|d| d.code == "E0401").count(), 1);
        });
    }
}
