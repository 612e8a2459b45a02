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

use super::{Contents, Cut};
use chrono::{DateTime, NaiveDateTime, Utc};
use rustc_hash::FxHashMap;

use crate::plan::{
    Audience, Budget, Campaign, Channel, Content, Kpi, Objective, Phase, Plan, PostOccurrence,
    Resolution, Role, Shared,
};

/// The plan as JSON text.
pub fn plan(plan: &Plan) -> String {
    super::text(write(plan, Cut::BUILD))
}

/// [`plan`] in pieces, its messages, posts and tasks written on rayon's pool, cut as `cut`
/// says.
pub(crate) fn write(plan: &Plan, cut: Cut) -> Contents {
    spliced(plan, cut)
        .or_else(|_| whole(plan))
        .unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}\n").into())
}

/// The plan serialised in one go.
fn whole(plan: &Plan) -> serde_json::Result<Contents> {
    let mut text = serde_json::to_vec_pretty(plan)?;
    text.push(b'\n');
    Ok(text.into())
}

/// The plan without its messages, posts and tasks, with each of these arrays written in pieces
/// where it stands. The four parts are written side by side.
fn spliced(plan: &Plan, cut: Cut) -> serde_json::Result<Contents> {
    let failed = AtomicBool::new(false);
    let (head, (messages, (posts, tasks))) = rayon::join(
        || serde_json::to_vec_pretty(&shallow(plan)),
        || {
            rayon::join(
                || elements(&plan.messages, "messages", cut, &failed),
                || {
                    rayon::join(
                        || posts(&plan.posts, cut, &failed),
                        || elements(&plan.tasks, "tasks", cut, &failed),
                    )
                },
            )
        },
    );
    let mut head = head?;
    head.push(b'\n');
    if failed.load(Ordering::Relaxed) {
        return whole(plan);
    }
    let mut pieces = Vec::new();
    let mut rest = &head[..];
    // In the order of the plan's fields.
    for (key, mut elements) in [("messages", messages), ("posts", posts), ("tasks", tasks)] {
        // A member of the top-level object starts a line with two spaces; strings hold no raw
        // line break, so this text occurs nowhere else.
        let empty = format!("\n  \"{key}\": []");
        let Some(at) = memchr::memmem::find(rest, empty.as_bytes()) else {
            return whole(plan);
        };
        let Some(first) = elements.iter_mut().find(|p| !p.is_empty()) else {
            continue;
        };
        if first.first() == Some(&b',') {
            first.remove(0); // the comma before the first element
        }
        pieces.push(rest[..at].to_vec());
        pieces.push(format!("\n  \"{key}\": [").into_bytes());
        pieces.extend(elements);
        pieces.push(b"\n  ]".to_vec());
        rest = &rest[at + empty.len()..];
    }
    pieces.push(rest.to_vec());
    Ok(Contents::from_pieces(pieces))
}

/// `items` as the elements of the top-level array `key`, in pieces written on rayon's pool:
/// each element as `,\n    {…}`, indented as in the whole file. Sets `failed` if one cannot be
/// serialised.
fn elements<T: Serialize + Sync>(
    items: &[T],
    key: &str,
    cut: Cut,
    failed: &AtomicBool,
) -> Vec<Vec<u8>> {
    each_element(items, cut, failed, |out, item| element(out, key, item))
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

/// The elements of `items`, each written by `write` after a comma, in pieces written on rayon's
/// pool. Sets `failed` if one cannot be written.
fn each_element<T: Sync>(
    items: &[T],
    cut: Cut,
    failed: &AtomicBool,
    write: impl Fn(&mut Vec<u8>, &T) -> bool + Sync,
) -> Vec<Vec<u8>> {
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
    let mut pieces: Vec<Vec<u8>> = Vec::new();
    super::in_parallel(items, cut, write, &mut pieces);
    pieces
}

/// The posts, as [`elements`] writes them, but with each content serialised once: posts share
/// their content by reference count (every post of a message on a channel has the same), and
/// the content, last of a post's fields, is most of its text.
fn posts(posts: &[PostOccurrence], cut: Cut, failed: &AtomicBool) -> Vec<Vec<u8>> {
    use rayon::prelude::*;
    let address = |p: &PostOccurrence| Shared::as_ptr(&p.content) as usize;
    let mut first: FxHashMap<usize, usize> = FxHashMap::default();
    for (i, p) in posts.iter().enumerate() {
        first.entry(address(p)).or_insert(i);
    }
    // Each content as the text that follows the post's other fields: `,\n      "content": {…}`.
    let contents: FxHashMap<usize, Vec<u8>> = first
        .into_par_iter()
        .map(|(at, i)| {
            // `\n    {\n      "content": {…}\n    }` without its first line and its last.
            let mut out = Vec::new();
            let with = ContentOnly {
                content: &posts[i].content,
            };
            const OPEN: &[u8] = b"\n    {";
            if !element(&mut out, "posts", &with) || !out.starts_with(OPEN) || !strip_end(&mut out)
            {
                failed.store(true, Ordering::Relaxed);
                return (at, Vec::new());
            }
            out[0] = b',';
            out.drain(1..OPEN.len());
            (at, out)
        })
        .collect();
    if failed.load(Ordering::Relaxed) {
        return Vec::new();
    }
    each_element(posts, cut, failed, |out, p| {
        if !element(out, "posts", &post_head(p)) || !strip_end(out) {
            return false;
        }
        match contents.get(&address(p)) {
            Some(content) => out.extend_from_slice(content),
            None => return false,
        }
        out.extend_from_slice(ELEMENT_END);
        true
    })
}

/// The end of an element of a top-level array: `\n    }`.
const ELEMENT_END: &[u8] = b"\n    }";

/// Takes the closing `\n    }` of an element off the end of `out`, so that fields can be
/// added; false if it is not there.
fn strip_end(out: &mut Vec<u8>) -> bool {
    if !out.ends_with(ELEMENT_END) {
        return false;
    }
    out.truncate(out.len() - ELEMENT_END.len());
    true
}

/// A post without its content, borrowed: serialised like [`PostOccurrence`] (same fields, same
/// order), up to the content, which is last. Built by destructuring, so a field added to a post
/// must be added here too (the test below compares the bytes with the whole plan's).
#[derive(Serialize)]
struct PostHead<'p> {
    id: &'p str,
    schedule: &'p str,
    message: &'p str,
    channel: &'p str,
    platform: &'p str,
    #[serde(serialize_with = "crate::plan::serde_time::local")]
    local: NaiveDateTime,
    timezone: &'p str,
    #[serde(serialize_with = "crate::plan::serde_time::utc")]
    utc: DateTime<Utc>,
    resolution: &'p Resolution,
    phase: &'p Option<Shared<str>>,
    objective: &'p Option<Shared<str>>,
    audiences: &'p [String],
    owner: &'p Option<Shared<str>>,
}

fn post_head(post: &PostOccurrence) -> PostHead<'_> {
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
        content: _,
        source: _,
    } = post;
    PostHead {
        id,
        schedule,
        message,
        channel,
        platform,
        local: *local,
        timezone,
        utc: *utc,
        resolution,
        phase,
        objective,
        audiences,
        owner,
    }
}

/// `{"content": CONTENT}`: a post's last field, alone.
#[derive(Serialize)]
struct ContentOnly<'p> {
    content: &'p Content,
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
            ];
            for (v, plan) in variants.iter().enumerate() {
                let mut expected = serde_json::to_string_pretty(plan).expect("serialisable");
                expected.push('\n');
                for items in [1, 2, 3, 1000] {
                    for bytes in [1, 300, 1 << 20] {
                        let cut = Cut { items, bytes };
                        let text = spliced(plan, cut).expect("spliced, not serialised whole");
                        assert_eq!(
                            String::from_utf8(text.to_vec()).unwrap(),
                            expected,
                            "{name}, variant {v}, {items} items, {bytes} bytes"
                        );
                    }
                }
            }
        }
    }
}
