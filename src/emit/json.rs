//! `plan.json`: the resolved plan serialised with serde, pretty-printed, with a trailing newline.
//!
//! Its shape is documented in `docs/plan-json.md`; fields are only ever added, never renamed.
//!
//! The messages, the posts and the tasks, most of the file, are serialised in pieces on rayon's
//! threads and spliced into the rest: the bytes are those of `serde_json::to_string_pretty` on
//! the whole plan (a test compares them). A post's content, shared by every post of a message on
//! a channel, is serialised once and copied into each of them.

use std::sync::atomic::{AtomicBool, Ordering};

use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;

use chrono::{DateTime, NaiveDateTime, Utc};
use rustc_hash::FxHashMap;

use super::entry::PostGroups;
use super::{Contents, Cut, Sink};
use crate::plan::serde_time::{Instant, Local};
use crate::plan::{
    Audience, Budget, Campaign, Channel, Content, Kpi, Objective, Phase, Plan, PostOccurrence,
    Resolution, Role, Shared, Task, TaskOccurrence,
};

/// The plan as JSON text.
pub fn plan(plan: &Plan) -> String {
    super::text(write(plan, Cut::BUILD))
}

/// [`plan`] in pieces, its messages, posts and tasks written on rayon's pool, cut as `cut`
/// says.
pub(crate) fn write(plan: &Plan, cut: Cut) -> Contents {
    super::collect(|out| write_into(plan, cut, out))
}

/// [`plan`] streamed into `out`, piece after piece: the messages, posts and tasks (most of the
/// file) round by round as they are written, so that the file is never whole in memory.
pub(crate) fn write_into(plan: &Plan, cut: Cut, out: &mut dyn Sink) {
    let failed = AtomicBool::new(false);
    if spliced(plan, cut, &failed, out).is_none() || failed.load(Ordering::Relaxed) {
        // Nothing was put when the splice could not be prepared; what was put before an element
        // failed is taken back.
        out.restart();
        out.put(whole(plan));
    }
}

/// The plan serialised in one go (or, if it cannot be, a JSON object that says why).
fn whole(plan: &Plan) -> Vec<u8> {
    match serde_json::to_vec_pretty(plan) {
        Ok(mut text) => {
            text.push(b'\n');
            text
        }
        Err(e) => format!("{{\"error\": \"{e}\"}}\n").into_bytes(),
    }
}

/// The plan without its messages, posts and tasks, with each of these arrays written in pieces
/// where it stands. Everything that can fail short of an element is done before the first
/// piece is put: `None` then, with nothing put. An element that fails sets `failed`.
fn spliced(plan: &Plan, cut: Cut, failed: &AtomicBool, out: &mut dyn Sink) -> Option<()> {
    let (head, posts) = rayon::join(
        || serde_json::to_vec_pretty(&shallow(plan)).ok(),
        || Posts::new(&plan.posts),
    );
    let (mut head, posts) = (head?, posts?);
    head.push(b'\n');
    let arrays: [(&str, bool, &WriteArray); 3] = [
        ("messages", plan.messages.is_empty(), &|out| {
            each_element(&plan.messages, cut, failed, out, |out, m| {
                element(out, "messages", m)
            })
        }),
        ("posts", plan.posts.is_empty(), &|out| {
            posts.write(cut, failed, out)
        }),
        ("tasks", plan.tasks.is_empty(), &|out| {
            each_element(&plan.tasks, cut, failed, out, task)
        }),
    ];
    // Where each array stands, in the order of the plan's fields. A member of the top-level
    // object starts a line with two spaces; strings hold no raw line break, so this text occurs
    // nowhere else.
    let mut at = Vec::new();
    let mut from = 0;
    for (key, _, _) in &arrays {
        let empty = format!("\n  \"{key}\": []");
        let start = from + memchr::memmem::find(&head[from..], empty.as_bytes())?;
        from = start + empty.len();
        at.push((start, from));
    }
    let mut rest = 0;
    for ((key, empty, write), (start, end)) in arrays.iter().zip(at) {
        if *empty {
            continue; // `[]` stays in the head
        }
        out.put(head[rest..start].to_vec());
        out.put(format!("\n  \"{key}\": [").into_bytes());
        write(&mut FirstComma {
            out: &mut *out,
            seen: false,
        });
        out.put(b"\n  ]".to_vec());
        rest = end;
    }
    out.put(head[rest..].to_vec());
    Some(())
}

/// What puts the elements of one of the arrays into a sink.
type WriteArray<'a> = dyn Fn(&mut dyn Sink) + 'a;

/// Passes pieces on, without the comma that comes before the first element of an array.
struct FirstComma<'s> {
    out: &'s mut dyn Sink,
    seen: bool,
}

impl Sink for FirstComma<'_> {
    fn put(&mut self, mut piece: Vec<u8>) {
        if !self.seen && !piece.is_empty() {
            self.seen = true;
            if piece.first() == Some(&b',') {
                piece.remove(0);
            }
        }
        self.out.put(piece);
    }

    fn restart(&mut self) {
        self.seen = false;
        self.out.restart();
    }
}

/// Appends `item` as an element of the top-level array `key` (`\n    {…}`, indented as in the
/// whole file); false if it cannot be serialised.
fn element<T: Serialize>(out: &mut Vec<u8>, key: &str, item: &T) -> bool {
    // An element is serialised as the only one of `{"KEY": [element]}`, whose pretty text is
    // `{\n  "KEY": [`, then the element on new lines indented by four spaces, then `\n  ]\n}`.
    // Serialised straight into `out` (as fast as serde_json gets), then the few bytes of the
    // wrapper are taken off again.
    const SUFFIX: &[u8] = b"\n  ]\n}";
    let start = out.len();
    let only = Only { key, item };
    let (open, close) = (b"{\n  \"".as_slice(), b"\": [".as_slice());
    let prefix_len = open.len() + key.len() + close.len();
    if serde_json::to_writer_pretty(&mut *out, &only).is_err()
        || out.len() < start + prefix_len + SUFFIX.len()
        || !out[start..].starts_with(open)
        || !out[start + open.len()..].starts_with(key.as_bytes())
        || !out[start + prefix_len - close.len()..].starts_with(close)
        || !out.ends_with(SUFFIX)
    {
        return false;
    }
    out.drain(start..start + prefix_len);
    out.truncate(out.len() - SUFFIX.len());
    true
}

/// The elements of `items`, each written by `write` after a comma, put into `out` in pieces
/// written on rayon's pool. Sets `failed` if one cannot be written.
fn each_element<T: Sync>(
    items: &[T],
    cut: Cut,
    failed: &AtomicBool,
    out: &mut dyn Sink,
    write: impl Fn(&mut Vec<u8>, &T) -> bool + Sync,
) {
    let write = |chunk: &[T]| {
        let mut pieces = Vec::new();
        let mut out = Vec::with_capacity(cut.room());
        for item in chunk {
            out.push(b',');
            if !write(&mut out, item) {
                failed.store(true, Ordering::Relaxed);
                return Vec::new();
            }
            if out.len() >= cut.bytes {
                pieces.push(std::mem::replace(&mut out, Vec::with_capacity(cut.room())));
            }
        }
        pieces.push(out);
        pieces
    };
    super::in_parallel(items, cut, write, out);
}

/// The posts, written as [`element`] would write them, but with what posts share serialised
/// once and copied into each of them: a post group's message, channel, platform, zone, phase,
/// objective, audiences and owner (see [`PostGroups`]) once per group, and a content, most of a
/// post's text, once per content (contents are fewer than groups). A post's own fields (id,
/// schedule, times, resolution) are written between these runs.
struct Posts<'p> {
    posts: &'p [PostOccurrence],
    /// Each post's group, an index into `shared`.
    of_post: Vec<u32>,
    shared: Vec<GroupRuns>,
    /// Each post's content, an index into `contents`.
    content_of_post: Vec<u32>,
    /// Each content's field run.
    contents: Vec<Vec<u8>>,
    /// The run of an `exact` resolution, the most common one.
    exact: Vec<u8>,
}

impl<'p> Posts<'p> {
    /// The runs that posts share; `None` if one cannot be serialised.
    fn new(posts: &'p [PostOccurrence]) -> Option<Posts<'p>> {
        use rayon::prelude::*;
        let groups = PostGroups::of(posts, 0..posts.len());
        // Each content once, found by address (a message's content is the same on every
        // channel without a variant): the first post that has it, and each post's.
        let mut index: FxHashMap<usize, u32> = FxHashMap::default();
        let mut first: Vec<usize> = Vec::new();
        let content_of_post = posts
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let next = first.len() as u32;
                let at = *index.entry(content_of(p)).or_insert(next);
                if at == next {
                    first.push(i);
                }
                at
            })
            .collect();
        let contents = first
            .par_iter()
            .map(|&i| field_run(&post_parts(&posts[i]).1.content))
            .collect::<Option<Vec<Vec<u8>>>>()?;
        let shared = groups
            .first
            .par_iter()
            .map(|&i| GroupRuns::new(&posts[i]))
            .collect::<Option<Vec<GroupRuns>>>()?;
        let exact = field_run(&ResolutionOnly {
            resolution: &Resolution::Exact,
        })?;
        Some(Posts {
            posts,
            of_post: groups.of_post,
            shared,
            content_of_post,
            contents,
            exact,
        })
    }

    /// Puts the posts into `out` as the elements of the `posts` array (see [`each_element`]).
    fn write(&self, cut: Cut, failed: &AtomicBool, out: &mut dyn Sink) {
        let items: Vec<(&PostOccurrence, &GroupRuns, &[u8])> = self
            .posts
            .iter()
            .zip(&self.of_post)
            .zip(&self.content_of_post)
            .map(|((p, &g), &c)| {
                let content = self.contents[c as usize].as_slice();
                (p, &self.shared[g as usize], content)
            })
            .collect();
        let exact = &self.exact;
        each_element(&items, cut, failed, out, |out, &(p, shared, content)| {
            let (own, _) = post_parts(p);
            out.extend_from_slice(b"\n    {\n      \"id\": ");
            let written = serde_json::to_writer(&mut *out, own.id).is_ok()
                && {
                    out.extend_from_slice(b",\n      \"schedule\": ");
                    serde_json::to_writer(&mut *out, own.schedule).is_ok()
                }
                && {
                    out.push(b',');
                    out.extend_from_slice(&shared.channel);
                    out.extend_from_slice(b",\n      \"local\": ");
                    serde_json::to_writer(&mut *out, &Local(own.local)).is_ok()
                }
                && {
                    out.push(b',');
                    out.extend_from_slice(&shared.zone);
                    out.extend_from_slice(b",\n      \"utc\": ");
                    serde_json::to_writer(&mut *out, &Instant(own.utc)).is_ok()
                };
            if !written {
                return false;
            }
            out.push(b',');
            match own.resolution {
                Resolution::Exact => out.extend_from_slice(exact),
                other => match field_run(&ResolutionOnly { resolution: other }) {
                    Some(run) => out.extend_from_slice(&run),
                    None => return false,
                },
            }
            out.push(b',');
            out.extend_from_slice(&shared.rest);
            out.push(b',');
            out.extend_from_slice(content);
            out.extend_from_slice(ELEMENT_END);
            true
        })
    }
}

/// A post's content, by address: the same for every post of a message on a channel.
fn content_of(post: &PostOccurrence) -> usize {
    Shared::as_ptr(&post.content) as usize
}

/// The end of an element of a top-level array: `\n    }`.
const ELEMENT_END: &[u8] = b"\n    }";

/// The fields of `item` (a struct) as they stand inside a post, pretty-printed:
/// `\n      "a": …,\n      "b": …`. Runs of consecutive fields joined by commas are the text of
/// the whole post, since serde_json writes a comma, a new line and the indentation before each
/// field but the first.
fn field_run<T: Serialize>(item: &T) -> Option<Vec<u8>> {
    // `\n    {` + the fields + `\n    }`, as an element of the posts array.
    const OPEN: &[u8] = b"\n    {";
    let mut out = Vec::new();
    if !element(&mut out, "posts", item) || !out.starts_with(OPEN) || !out.ends_with(ELEMENT_END) {
        return None;
    }
    out.truncate(out.len() - ELEMENT_END.len());
    out.drain(..OPEN.len());
    Some(out)
}

/// What the posts of a group write the same, as three runs of fields (see [`field_run`]).
struct GroupRuns {
    /// `message`, `channel`, `platform`.
    channel: Vec<u8>,
    /// `timezone`.
    zone: Vec<u8>,
    /// `phase`, `objective`, `audiences`, `owner` (the `content`, last, is shared more widely).
    rest: Vec<u8>,
}

impl GroupRuns {
    fn new(post: &PostOccurrence) -> Option<GroupRuns> {
        let (_, group) = post_parts(post);
        Some(GroupRuns {
            channel: field_run(&group.channel)?,
            zone: field_run(&group.zone)?,
            rest: field_run(&group.rest)?,
        })
    }
}

/// A post's own fields: what differs between the posts of a group.
struct Own<'p> {
    id: &'p str,
    schedule: &'p str,
    local: &'p NaiveDateTime,
    utc: &'p DateTime<Utc>,
    resolution: &'p Resolution,
}

/// What a post shares with its group, in the runs of fields that stand between its own.
struct Group<'p> {
    channel: ChannelFields<'p>,
    zone: ZoneFields<'p>,
    rest: RestFields<'p>,
    content: ContentField<'p>,
}

#[derive(Serialize)]
struct ChannelFields<'p> {
    message: &'p str,
    channel: &'p str,
    platform: &'p str,
}

#[derive(Serialize)]
struct ZoneFields<'p> {
    timezone: &'p str,
}

#[derive(Serialize)]
struct RestFields<'p> {
    phase: &'p Option<Shared<str>>,
    objective: &'p Option<Shared<str>>,
    audiences: &'p [String],
    owner: &'p Option<Shared<str>>,
}

#[derive(Serialize)]
struct ContentField<'p> {
    content: &'p Content,
}

#[derive(Serialize)]
struct ResolutionOnly<'p> {
    resolution: &'p Resolution,
}

/// A post cut into its own fields and its group's, in the order of [`PostOccurrence`]'s
/// fields: id, schedule, (message, channel, platform), local, (timezone), utc, resolution,
/// (phase, objective, audiences, owner), (content). Built by destructuring, so a field added to
/// a post must be placed here too (the test below compares the bytes with the whole plan's).
fn post_parts(post: &PostOccurrence) -> (Own<'_>, Group<'_>) {
    let PostOccurrence {
        id,
        schedule,
        message,
        channel,
        platform,
        local,
        timezone,
        utc,
        resolution,
        phase,
        objective,
        audiences,
        owner,
        content,
        source: _,
    } = post;
    let own = Own {
        id,
        schedule,
        local,
        utc,
        resolution,
    };
    let group = Group {
        channel: ChannelFields {
            message,
            channel,
            platform,
        },
        zone: ZoneFields { timezone },
        rest: RestFields {
            phase,
            objective,
            audiences,
            owner,
        },
        content: ContentField { content },
    };
    (own, group)
}

/// Appends a task as an element of the top-level `tasks` array: its fields but the
/// occurrences serialised by serde_json, then each occurrence written here, laid out as
/// serde_json lays it out (a task has hundreds, and going through serde for each cost more
/// than the rest of the file's tasks). False if the task cannot be serialised.
fn task(out: &mut Vec<u8>, task: &Task) -> bool {
    let Task {
        name,
        owner,
        duration_minutes,
        channels,
        description,
        timezone,
        occurrences,
    } = task;
    let head = TaskHead {
        name,
        owner,
        duration_minutes: *duration_minutes,
        channels,
        description,
        timezone,
    };
    let Some(head) = field_run(&head) else {
        return false;
    };
    out.extend_from_slice(b"\n    {");
    out.extend_from_slice(&head);
    if occurrences.is_empty() {
        out.extend_from_slice(b",\n      \"occurrences\": []");
    } else {
        out.extend_from_slice(b",\n      \"occurrences\": [");
        for (i, occurrence) in occurrences.iter().enumerate() {
            let TaskOccurrence { local, utc } = occurrence;
            if i > 0 {
                out.push(b',');
            }
            out.extend_from_slice(b"\n        {\n          \"local\": ");
            if serde_json::to_writer(&mut *out, &Local(local)).is_err() {
                return false;
            }
            out.extend_from_slice(b",\n          \"utc\": ");
            if serde_json::to_writer(&mut *out, &Instant(utc)).is_err() {
                return false;
            }
            out.extend_from_slice(b"\n        }");
        }
        out.extend_from_slice(b"\n      ]");
    }
    out.extend_from_slice(ELEMENT_END);
    true
}

/// A task's fields before its occurrences, in [`Task`]'s order.
#[derive(Serialize)]
struct TaskHead<'p> {
    name: &'p str,
    owner: &'p Option<String>,
    duration_minutes: i64,
    channels: &'p [String],
    description: &'p Option<String>,
    timezone: &'p str,
}

/// `{"KEY": [item]}`.
struct Only<'a, T> {
    key: &'a str,
    item: &'a T,
}

impl<T: Serialize> Serialize for Only<'_, T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(1))?;
        map.serialize_entry(self.key, std::slice::from_ref(self.item))?;
        map.end()
    }
}

/// The plan without its messages, posts and tasks, borrowed: serialised like [`Plan`] (same
/// fields, same order) with these three arrays empty. Built by destructuring, so a field added
/// to the plan must be added here too (and the test below compares the bytes with the whole
/// plan's).
#[derive(Serialize)]
struct Head<'p> {
    campaign: &'p Campaign,
    roles: &'p [Role],
    phases: &'p [Phase],
    objectives: &'p [Objective],
    audiences: &'p [Audience],
    channels: &'p [Channel],
    messages: [(); 0],
    posts: [(); 0],
    tasks: [(); 0],
    budget: &'p Option<Budget>,
    kpis: &'p [Kpi],
    notes: &'p [String],
}

fn shallow(plan: &Plan) -> Head<'_> {
    let Plan {
        campaign,
        roles,
        phases,
        objectives,
        audiences,
        channels,
        messages: _,
        posts: _,
        tasks: _,
        budget,
        kpis,
        notes,
    } = plan;
    Head {
        campaign,
        roles,
        phases,
        objectives,
        audiences,
        channels,
        messages: [],
        posts: [],
        tasks: [],
        budget,
        kpis,
        notes,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The plan with posts whose own fields are unusual: resolved across a DST change, a time
    /// with a fraction of a second, an id and a schedule that need escaping, no phase,
    /// objective nor owner; and tasks without occurrences or with a fraction of a second.
    /// Written field by field around runs that serde_json wrote, they must still be its text.
    fn unusual_posts(plan: &Plan) -> Plan {
        let mut plan = plan.clone();
        let at = |p: &PostOccurrence| p.local;
        if let [a, b, c, d, ..] = &mut plan.posts[..] {
            a.resolution = Resolution::Gap {
                requested: at(a),
                shifted_to: at(a) + chrono::Duration::hours(1),
            };
            b.resolution = Resolution::Overlap {
                requested: at(b),
                other_utc: b.utc + chrono::Duration::hours(1),
            };
            c.local += chrono::Duration::milliseconds(250);
            c.utc += chrono::Duration::microseconds(7);
            c.id = "quote \" backslash \\ line\n tab\t é 🎉".into();
            c.schedule = "ü\u{1}".into();
            d.phase = None;
            d.objective = None;
            d.owner = None;
        }
        if let [a, b, ..] = &mut plan.tasks[..] {
            a.occurrences.clear();
            if let Some(o) = b.occurrences.first_mut() {
                o.local += chrono::Duration::milliseconds(5);
                o.utc += chrono::Duration::milliseconds(5);
            }
            b.description = Some("a \"quoted\"\ndescription".into());
        }
        plan
    }

    /// However the messages, posts and tasks are cut, the text is serde_json's for the whole
    /// plan, with or without each of them.
    #[test]
    fn pieces_splice_into_serde_jsons_text() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
        for name in ["printemps-lumiere.smm", "b2b-linkedin.smm"] {
            let path = root.join(name);
            let project = crate::project::load(&path, crate::project::Options::default())
                .expect("the example loads");
            let checked = crate::check::check(&project, &Default::default());
            let plan = checked.plan.expect("the examples check clean");
            assert!(plan.posts.len() > 3, "{name} has posts");
            assert!(plan.tasks.len() > 1, "{name} has tasks");
            let variants = [
                plan.clone(),
                Plan {
                    posts: Vec::new(),
                    ..plan.clone()
                },
                Plan {
                    tasks: Vec::new(),
                    ..plan.clone()
                },
                Plan {
                    messages: Vec::new(),
                    ..plan.clone()
                },
                Plan {
                    messages: Vec::new(),
                    posts: Vec::new(),
                    tasks: Vec::new(),
                    ..plan.clone()
                },
                unusual_posts(&plan),
            ];
            for (v, plan) in variants.iter().enumerate() {
                let mut expected = serde_json::to_string_pretty(plan).expect("serialisable");
                expected.push('\n');
                for items in [1, 2, 3, 1000] {
                    for bytes in [1, 300, 1 << 20] {
                        let cut = Cut { items, bytes };
                        let (failed, mut pieces) = (AtomicBool::new(false), Vec::new());
                        spliced(plan, cut, &failed, &mut pieces)
                            .expect("spliced, not serialised whole");
                        assert!(!failed.load(Ordering::Relaxed), "no element failed");
                        assert_eq!(
                            String::from_utf8(pieces.concat()).unwrap(),
                            expected,
                            "{name}, variant {v}, {items} items, {bytes} bytes"
                        );
                    }
                }
            }
        }
    }

    /// Only the comma before an array's first element goes, in whichever piece it comes (empty
    /// pieces come first when the first tasks wrote nothing), and again after a restart.
    #[test]
    fn the_first_comma_of_an_array_goes_and_no_other() {
        let mut pieces: Vec<Vec<u8>> = Vec::new();
        let mut sink = FirstComma {
            out: &mut pieces,
            seen: false,
        };
        for piece in ["", ",\n    1,\n    2", ",\n    3"] {
            sink.put(piece.as_bytes().to_vec());
        }
        sink.restart();
        sink.put(b",\n    4".to_vec());
        sink.put(b",\n    5".to_vec());
        assert_eq!(
            String::from_utf8(pieces.concat()).unwrap(),
            "\n    4,\n    5"
        );
    }
}
