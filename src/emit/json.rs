//! `plan.json`: the resolved plan serialised with serde, pretty-printed, with a trailing newline.
//!
//! Its shape is documented in `docs/plan-json.md`; fields are only ever added, never renamed.
//!
//! The posts, most of the file, are serialised in chunks on rayon's threads and spliced into
//! the rest: the bytes are those of `serde_json::to_string_pretty` on the whole plan (a test
//! compares them).

use rayon::prelude::*;

use serde::Serialize;

use crate::plan::{
    Audience, Budget, Campaign, Channel, Kpi, Message, Objective, Phase, Plan, PostOccurrence,
    Role, Task,
};

/// Posts per chunk serialised on one thread.
const CHUNK: usize = 2048;

/// The plan as JSON text.
pub fn plan(plan: &Plan) -> String {
    in_chunks(plan, CHUNK).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}\n"))
}

fn in_chunks(plan: &Plan, chunk: usize) -> serde_json::Result<String> {
    if plan.posts.is_empty() {
        let mut s = serde_json::to_string_pretty(plan)?;
        s.push('\n');
        return Ok(s);
    }
    // The plan without its posts: they go where its empty `"posts": []` stands. A member of the
    // top-level object starts a line with two spaces; strings hold no raw line break, so this
    // text occurs nowhere else.
    let head = serde_json::to_string_pretty(&shallow(plan))?;
    const EMPTY: &str = "\n  \"posts\": []";
    let Some(at) = head.find(EMPTY) else {
        let mut s = serde_json::to_string_pretty(plan)?;
        s.push('\n');
        return Ok(s);
    };
    let chunks: Vec<String> = plan
        .posts
        .par_chunks(chunk.max(1))
        .map(posts_text)
        .collect::<serde_json::Result<_>>()?;
    let size = head.len() + chunks.iter().map(String::len).sum::<usize>() + 16;
    let mut out = String::with_capacity(size);
    out.push_str(&head[..at]);
    out.push_str("\n  \"posts\": [");
    for (i, c) in chunks.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(c);
    }
    out.push_str("\n  ]");
    out.push_str(&head[at + EMPTY.len()..]);
    out.push('\n');
    Ok(out)
}

/// Posts as elements of the top-level `posts` array: each on new lines, indented by four
/// spaces, separated by commas (no comma after the last).
fn posts_text(posts: &[PostOccurrence]) -> serde_json::Result<String> {
    let mut out = String::new();
    for (i, p) in posts.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        let text = serde_json::to_string_pretty(p)?;
        out.push_str("\n    ");
        for (j, line) in text.split('\n').enumerate() {
            if j > 0 {
                out.push_str("\n    ");
            }
            out.push_str(line);
        }
    }
    Ok(out)
}

/// The plan without its posts, borrowed: serialised like [`Plan`] (same fields, same order)
/// with an empty `posts`. Built by destructuring, so a field added to the plan must be added
/// here too (and the test below compares the bytes with the whole plan's).
#[derive(Serialize)]
struct Head<'p> {
    campaign: &'p Campaign,
    roles: &'p [Role],
    phases: &'p [Phase],
    objectives: &'p [Objective],
    audiences: &'p [Audience],
    channels: &'p [Channel],
    messages: &'p [Message],
    posts: [(); 0],
    tasks: &'p [Task],
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
        messages,
        posts: _,
        tasks,
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
        messages,
        posts: [],
        tasks,
        budget,
        kpis,
        notes,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// In chunks of any size, the text is serde_json's for the whole plan.
    #[test]
    fn chunks_splice_into_serde_jsons_text() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
        for name in ["printemps-lumiere.smm", "b2b-linkedin.smm"] {
            let path = root.join(name);
            let project = crate::project::load(&path, crate::project::Options::default())
                .expect("the example loads");
            let checked = crate::check::check(&project, &Default::default());
            let plan = checked.plan.expect("the examples check clean");
            assert!(plan.posts.len() > 3, "{name} has posts");
            let mut expected = serde_json::to_string_pretty(&plan).expect("serialisable");
            expected.push('\n');
            for chunk in [1, 2, 3, 1000] {
                assert_eq!(
                    in_chunks(&plan, chunk).unwrap(),
                    expected,
                    "{name}, {chunk}"
                );
            }
            let empty = Plan {
                posts: Vec::new(),
                ..plan.clone()
            };
            let mut expected = serde_json::to_string_pretty(&empty).expect("serialisable");
            expected.push('\n');
            assert_eq!(in_chunks(&empty, 2).unwrap(), expected);
        }
    }
}
