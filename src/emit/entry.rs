//! Entries: the dated items of the three calendar outputs (`calendar.ics`, `calendar.csv`,
//! `calendar.md`), each with its iCalendar UID, in the order all three write them (start, then
//! UID).
//!
//! The UIDs are written once, into one shared `String`, and sorted from there: the three files
//! reuse them instead of formatting a UID per row.

use std::collections::HashMap;
use std::ops::Range;

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use chrono_tz::Tz;
use rayon::slice::ParallelSliceMut;

use crate::digits;
use crate::plan::expand::resolve_local;
use crate::plan::{Kpi, Plan, PostOccurrence, Task, TaskOccurrence};

/// The fixed domain part of every UID.
pub const UID_DOMAIN: &str = "smm";

/// One dated item of the calendar outputs: a post, a task occurrence or a KPI review.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Entry<'a> {
    /// A post occurrence.
    Post(&'a PostOccurrence),
    /// One occurrence of a task.
    Task(&'a Task, &'a TaskOccurrence),
    /// A KPI review, on a date (all day).
    Review(&'a Kpi, NaiveDate),
}

impl Entry<'_> {
    /// Appends the iCalendar UID (see [`super::ics`]): `POST-ID@smm`,
    /// `task/NAME/YYYYMMDDTHHMM@smm` (local start) or `kpi/NAME/YYYYMMDD@smm`.
    pub(crate) fn write_uid(&self, out: &mut String) {
        match self {
            Entry::Post(p) => out.push_str(&p.id),
            Entry::Task(t, o) => {
                out.push_str("task/");
                out.push_str(&t.name);
                out.push('/');
                digits::date(out, o.local.date(), "");
                out.push('T');
                digits::hour_minute(out, o.local, "");
            }
            Entry::Review(k, d) => {
                out.push_str("kpi/");
                out.push_str(&k.name);
                out.push('/');
                digits::date(out, *d, "");
            }
        }
        out.push('@');
        out.push_str(UID_DOMAIN);
    }

    /// `post`, `task` or `kpi_review`.
    pub(crate) fn kind(&self) -> &'static str {
        match self {
            Entry::Post(_) => "post",
            Entry::Task(..) => "task",
            Entry::Review(..) => "kpi_review",
        }
    }

    /// The role that owns it.
    pub(crate) fn owner(&self) -> Option<&str> {
        match self {
            Entry::Post(p) => p.owner.as_deref(),
            Entry::Task(t, _) => t.owner.as_deref(),
            Entry::Review(k, _) => k.owner.as_deref(),
        }
    }

    /// The instant it starts; for an all-day review, midnight of its date in `zone` (the
    /// campaign's), so a day's review comes before that day's posts.
    pub(crate) fn start(&self, zone: Tz) -> DateTime<Utc> {
        match self {
            Entry::Post(p) => p.utc,
            Entry::Task(_, o) => o.utc,
            Entry::Review(_, d) => resolve_local(d.and_time(NaiveTime::MIN), zone).0,
        }
    }
}

/// One entry, where it starts and where its UID is in [`Entries::uids`].
#[derive(Debug, Clone)]
pub(crate) struct Item<'a> {
    /// The entry.
    pub entry: Entry<'a>,
    /// Where its post, task or KPI is in `plan.posts`, `plan.tasks` or `plan.kpis`.
    pub source: usize,
    /// [`Entry::start`] in the campaign's zone.
    pub start: DateTime<Utc>,
    uid: Range<usize>,
}

/// The entries of a plan, sorted, and their UIDs.
#[derive(Debug)]
pub(crate) struct Entries<'a> {
    /// In file order: by start, then UID.
    pub items: Vec<Item<'a>>,
    uids: String,
    /// The plan's posts in groups that write the same text (see [`PostGroups`]).
    pub groups: PostGroups,
}

impl<'a> Entries<'a> {
    /// An item's UID.
    pub(crate) fn uid(&self, item: &Item<'a>) -> &str {
        &self.uids[item.uid.clone()]
    }

    /// What a file writes the same for every post of a group and for every occurrence of a
    /// task, made once per group (`post` of its first post) and once per task that has an entry
    /// here (`task`), on rayon's pool. A role's calendar has only some of the plan's tasks: the
    /// others get `T::default()`, never read, so that a calendar per role does not make the
    /// whole plan's, once per role. (Groups are made of this calendar's posts only.)
    pub(crate) fn shared<P: Send, T: Default + Send>(
        &self,
        plan: &Plan,
        post: impl Fn(&PostOccurrence) -> P + Sync,
        task: impl Fn(&Task) -> T + Sync,
    ) -> (Vec<P>, Vec<T>) {
        use rayon::prelude::*;
        let mut used = vec![false; plan.tasks.len()];
        for item in &self.items {
            if let Entry::Task(..) = item.entry {
                used[item.source] = true;
            }
        }
        rayon::join(
            || {
                let first = self.groups.first.par_iter();
                first.map(|&i| post(&plan.posts[i])).collect()
            },
            || {
                (plan.tasks.par_iter().zip(used))
                    .map(|(t, used)| if used { task(t) } else { T::default() })
                    .collect()
            },
        )
    }
}

/// The plan's posts in groups whose posts have the same content, channel, platform, message,
/// phase, objective, audiences, owner and zone: everything a calendar row or event says of a
/// post except its date, time and id. A file writes that text once per group, not once per
/// post (the 62 351 posts of the 10 MB generated plan have 27 615 distinct such texts).
///
/// Posts share these through reference-counted values built once per message, channel and
/// phase, so a group is found by comparing addresses: the same address is the same text. Two
/// equal texts at different addresses only make two groups of the same text.
#[derive(Debug, Default)]
pub(crate) struct PostGroups {
    /// Per post of the plan (by index): its group.
    pub of_post: Vec<u32>,
    /// Per group: one of its posts (by index in the plan).
    pub first: Vec<usize>,
}

impl PostGroups {
    /// The groups of the posts at `indices` in `posts` (the others are in group 0, never read).
    pub(crate) fn of(posts: &[PostOccurrence], indices: impl Iterator<Item = usize>) -> PostGroups {
        fn address<T: ?Sized>(value: &std::sync::Arc<T>) -> usize {
            std::sync::Arc::as_ptr(value) as *const u8 as usize
        }
        fn optional(value: &Option<std::sync::Arc<str>>) -> usize {
            value.as_ref().map_or(0, address)
        }
        let mut ids: rustc_hash::FxHashMap<[usize; 9], u32> = rustc_hash::FxHashMap::default();
        let mut groups = PostGroups {
            of_post: vec![0; posts.len()],
            first: Vec::new(),
        };
        for i in indices {
            let p = &posts[i];
            let key = [
                address(&p.content),
                address(&p.channel),
                address(&p.platform),
                address(&p.message),
                address(&p.audiences),
                address(&p.timezone),
                optional(&p.phase),
                optional(&p.objective),
                optional(&p.owner),
            ];
            let next = groups.first.len() as u32;
            let id = *ids.entry(key).or_insert(next);
            if id == next {
                groups.first.push(i);
            }
            groups.of_post[i] = id;
        }
        groups
    }
}

/// Every entry of the plan (only `role`'s when given: posts it owns, its tasks, its KPIs'
/// reviews), sorted by start, then UID.
pub(crate) fn entries<'a>(plan: &'a Plan, role: Option<&str>) -> Entries<'a> {
    let mut all = Vec::new();
    all.extend(
        plan.posts
            .iter()
            .enumerate()
            .map(|(i, p)| (Entry::Post(p), i)),
    );
    for (i, t) in plan.tasks.iter().enumerate() {
        all.extend(t.occurrences.iter().map(|o| (Entry::Task(t, o), i)));
    }
    for (i, k) in plan.kpis.iter().enumerate() {
        all.extend(k.reviews.iter().map(|&d| (Entry::Review(k, d), i)));
    }
    if let Some(role) = role {
        all.retain(|(e, _)| e.owner() == Some(role));
    }
    let zone = campaign_zone(plan);
    let mut uids = String::with_capacity(all.len() * 64);
    let mut keys: Vec<Key> = Vec::with_capacity(all.len());
    let mut starts = Vec::with_capacity(all.len());
    for (index, (e, _)) in all.iter().enumerate() {
        let at = uids.len();
        e.write_uid(&mut uids);
        let start = e.start(zone);
        keys.push(Key {
            secs: start.timestamp(),
            nanos: start.timestamp_subsec_nanos(),
            uid: at..uids.len(),
            index,
        });
        starts.push(start);
    }
    // Stable, so entries with the same start and UID keep the plan's order.
    let (groups, ()) = rayon::join(
        || {
            let posts = all.iter().filter(|(e, _)| matches!(e, Entry::Post(_)));
            PostGroups::of(&plan.posts, posts.map(|&(_, i)| i))
        },
        || {
            keys.par_sort_by(|a, b| {
                (a.secs, a.nanos)
                    .cmp(&(b.secs, b.nanos))
                    .then_with(|| uids[a.uid.clone()].cmp(&uids[b.uid.clone()]))
            })
        },
    );
    let items = keys
        .into_iter()
        .map(|k| Item {
            entry: all[k.index].0,
            source: all[k.index].1,
            start: starts[k.index],
            uid: k.uid,
        })
        .collect();
    Entries {
        items,
        uids,
        groups,
    }
}

/// What entries are sorted by: the start as seconds and nanoseconds (in the order of
/// `DateTime`), then the UID.
struct Key {
    secs: i64,
    nanos: u32,
    uid: Range<usize>,
    index: usize,
}

/// The campaign's zone (UTC when unknown).
pub(crate) fn campaign_zone(plan: &Plan) -> Tz {
    plan.campaign.timezone.parse().unwrap_or(Tz::UTC)
}

/// Role name → the role's person, looked up once per file rather than per row (plans grow their
/// roles with their size). As with a search from the front, the first role of a name wins.
pub(crate) struct People<'a>(HashMap<&'a str, Option<&'a str>>);

impl<'a> People<'a> {
    /// The plan's roles.
    pub(crate) fn of(plan: &'a Plan) -> People<'a> {
        let mut map = HashMap::with_capacity(plan.roles.len());
        for r in &plan.roles {
            map.entry(&*r.name).or_insert(r.person.as_deref());
        }
        People(map)
    }

    /// Appends `community (Yanis Benali)`, or just the role's name.
    pub(crate) fn write_label(&self, out: &mut String, role: &str) {
        out.push_str(role);
        if let Some(person) = self.0.get(role).copied().flatten() {
            out.push_str(" (");
            out.push_str(person);
            out.push(')');
        }
    }
}

/// The phase a date falls in (the first, if phases overlap), or `""`.
pub(crate) fn phase_of(plan: &Plan, date: NaiveDate) -> &str {
    plan.phases
        .iter()
        .find(|p| p.start <= date && date <= p.end)
        .map_or("", |p| &*p.name)
}
