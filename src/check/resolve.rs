//! Pass 3, resolve: every reference names a declaration of the right kind.
//!
//! A name that exists in no kind gets "did you mean" among the expected kind (`E0204`); a name
//! that exists but is of another kind says which (`E0205`: "`young_urban` is an audience, not a
//! channel"). Roles, phases, audiences and channels that nothing refers to are warnings
//! (`unused-role`, `unused-phase`, `unused-audience`, `unused-channel`); unscheduled messages and
//! objectives without KPIs are reported by the calendar and KPI passes.

use rustc_hash::{FxHashMap, FxHashSet};

use crate::ast::{self, Ident, Statement, ValueKind};
use crate::diagnostic::Diagnostic;
use crate::schema::{self, RefKind};

use super::model::{Model, Window};

/// Where each declaration is, by kind and name: the index every later pass looks names up in.
#[derive(Debug, Default)]
pub struct Index {
    /// Per kind (in the order of [`RefKind`]), name → position; looked up by `&str`, without
    /// allocating. Hashed with `FxHash`: every pass looks names up, and names are not
    /// attacker-chosen keys.
    map: [FxHashMap<String, usize>; KINDS],
}

/// How many kinds of declaration a name can refer to (`Schedule` is the last; a test checks it).
const KINDS: usize = RefKind::Schedule as usize + 1;

impl Index {
    /// Builds the index of a model (first declaration of a name wins; duplicates were dropped).
    pub fn new(model: &Model) -> Index {
        let mut map: [FxHashMap<String, usize>; KINDS] = Default::default();
        let mut add = |kind: RefKind, names: &mut dyn Iterator<Item = &Ident>| {
            let of_kind = &mut map[kind as usize];
            for (i, n) in names.enumerate() {
                of_kind.entry(n.name.clone()).or_insert(i);
            }
        };
        add(RefKind::Role, &mut model.roles.iter().map(|d| &d.name));
        add(RefKind::Phase, &mut model.phases.iter().map(|d| &d.name));
        add(
            RefKind::Objective,
            &mut model.objectives.iter().map(|d| &d.name),
        );
        add(
            RefKind::Audience,
            &mut model.audiences.iter().map(|d| &d.name),
        );
        add(
            RefKind::Channel,
            &mut model.channels.iter().map(|d| &d.name),
        );
        add(
            RefKind::Message,
            &mut model.messages.iter().map(|d| &d.name),
        );
        add(RefKind::Kpi, &mut model.kpis.iter().map(|d| &d.name));
        add(RefKind::Task, &mut model.tasks.iter().map(|d| &d.name));
        add(
            RefKind::Schedule,
            &mut model.schedules.iter().map(|d| &d.name),
        );
        if let Some(b) = &model.budget {
            add(RefKind::Line, &mut b.lines.iter().map(|d| &d.name));
        }
        Index { map }
    }

    /// The position of `name` in the model's vector of that kind.
    pub fn get(&self, kind: RefKind, name: &str) -> Option<usize> {
        self.map[kind as usize].get(name).copied()
    }

    fn names(&self, kind: RefKind) -> impl Iterator<Item = &str> {
        self.map[kind as usize].keys().map(String::as_str)
    }
}

/// Every reference of the model, with the kind it must name.
pub fn references(model: &Model) -> Vec<(RefKind, &Ident)> {
    use RefKind::*;
    let mut refs: Vec<(RefKind, &Ident)> = Vec::new();
    fn window(w: &Window) -> Option<&Ident> {
        match w {
            Window::Phase(p) => Some(p),
            _ => None,
        }
    }
    if let Some(c) = &model.campaign {
        refs.extend(c.owner.iter().map(|r| (Role, r)));
    }
    for o in &model.objectives {
        refs.extend(o.owner.iter().map(|r| (Role, r)));
    }
    for c in &model.channels {
        refs.extend(c.owner.iter().map(|r| (Role, r)));
    }
    for m in &model.messages {
        refs.extend(m.objective.iter().map(|r| (Objective, r)));
        refs.extend(m.audiences.iter().map(|r| (Audience, r)));
        refs.extend(m.owner.iter().map(|r| (Role, r)));
        refs.extend(m.variants.iter().map(|v| (Channel, &v.channel)));
    }
    for s in &model.schedules {
        for p in &s.posts {
            refs.extend(p.messages.iter().map(|r| (Message, r)));
            refs.extend(p.channels.iter().map(|r| (Channel, r)));
            if let super::model::When::Every(r) = &p.when {
                refs.extend(window(&r.window).map(|r| (Phase, r)));
            }
        }
    }
    if let Some(b) = &model.budget {
        for l in &b.lines {
            refs.extend(l.channel.iter().map(|r| (Channel, r)));
            refs.extend(l.objective.iter().map(|r| (Objective, r)));
            if let super::model::Spend::Window(w) = &l.spend {
                refs.extend(window(w).map(|r| (Phase, r)));
            }
        }
    }
    for k in &model.kpis {
        refs.extend(k.objective.iter().map(|r| (Objective, r)));
        refs.extend(k.channels.iter().map(|r| (Channel, r)));
        refs.extend(k.owner.iter().map(|r| (Role, r)));
    }
    for t in &model.tasks {
        refs.extend(t.owner.iter().map(|r| (Role, r)));
        refs.extend(t.channels.iter().map(|r| (Channel, r)));
        if let Some(r) = &t.every {
            refs.extend(window(&r.window).map(|r| (Phase, r)));
        }
    }
    refs
}

/// Reports unresolved references and unused declarations.
pub fn resolve(model: &Model, index: &Index, files: &[ast::File], out: &mut Vec<Diagnostic>) {
    // The (kind, name) pairs some reference resolves to, kept by reference to the model.
    let mut used: FxHashSet<(RefKind, &str)> = FxHashSet::default();
    for (kind, r) in references(model) {
        if index.get(kind, &r.name).is_some() {
            used.insert((kind, &r.name));
            continue;
        }
        if model.ghosts.contains(&r.name) {
            continue; // its declaration is already reported as malformed
        }
        // A near miss counts as a use of the name it was meant to be: no "unused" on top.
        if let Some(meant) = schema::suggest(&r.name, index.names(kind)) {
            used.insert((kind, meant));
        }
        out.push(unresolved(index, kind, r));
    }
    let unused = [
        (
            RefKind::Role,
            "W0201",
            model.roles.iter().map(|d| &d.name).collect::<Vec<_>>(),
        ),
        (
            RefKind::Phase,
            "W0202",
            model.phases.iter().map(|d| &d.name).collect(),
        ),
        (
            RefKind::Audience,
            "W0203",
            model.audiences.iter().map(|d| &d.name).collect(),
        ),
        (
            RefKind::Channel,
            "W0204",
            model.channels.iter().map(|d| &d.name).collect(),
        ),
    ];
    // Declarations no resolved reference names; in a finished plan there are none.
    let candidates: Vec<(RefKind, &str, &Ident)> = unused
        .iter()
        .flat_map(|(kind, code, names)| names.iter().map(move |n| (*kind, *code, *n)))
        .filter(|(kind, _, n)| !used.contains(&(*kind, n.name.as_str())))
        .collect();
    if candidates.is_empty() {
        return;
    }
    // Every word written where a reference may stand, broken or rejected statements included:
    // a declaration whose name appears there is not "unused" (its only use may have been
    // reported already).
    let mut mentioned = FxHashSet::default();
    for stmt in files.iter().flat_map(|f| &f.statements) {
        mention(stmt, true, &mut mentioned);
    }
    for (kind, code, n) in candidates {
        if !mentioned.contains(n.name.as_str()) {
            out.push(
                Diagnostic::new(
                    code,
                    n.span,
                    format!("the {} `{}` is never used", kind.keyword(), n.name),
                )
                .label("declared here, referred to nowhere")
                .help(help_for_unused(kind, &n.name)),
            );
        }
    }
}

fn help_for_unused(kind: RefKind, name: &str) -> String {
    match kind {
        RefKind::Role => format!("make `{name}` the `owner` of something, or remove it"),
        RefKind::Phase => format!("schedule posts `during {name}`, or remove the phase"),
        RefKind::Audience => format!("target it with `audience {name}` in a message, or remove it"),
        RefKind::Channel => format!("post to `{name}` in a schedule, or remove the channel"),
        _ => "remove it".into(),
    }
}

fn unresolved(index: &Index, kind: RefKind, r: &Ident) -> Diagnostic {
    let all = [
        RefKind::Role,
        RefKind::Phase,
        RefKind::Objective,
        RefKind::Audience,
        RefKind::Channel,
        RefKind::Message,
        RefKind::Line,
        RefKind::Kpi,
        RefKind::Task,
        RefKind::Schedule,
    ];
    if let Some(other) = all
        .iter()
        .find(|k| **k != kind && index.get(**k, &r.name).is_some())
    {
        return Diagnostic::new(
            "E0205",
            r.span,
            format!("`{}` is {}, not {}", r.name, a(*other), a(kind)),
        )
        .label(format!("expected {} here", a(kind)))
        .help(match schema::suggest(&r.name, index.names(kind)) {
            Some(s) => format!("did you mean the {} `{s}`?", kind.keyword()),
            None => format!(
                "name {} here, or declare `{} {} {{ … }}`",
                a(kind),
                kind.keyword(),
                r.name
            ),
        });
    }
    let d = Diagnostic::new(
        "E0204",
        r.span,
        format!("no {} is named `{}`", kind.keyword(), r.name),
    );
    match schema::suggest(&r.name, index.names(kind)) {
        Some(s) => d.label(format!("did you mean `{s}`?")).help(format!(
            "write `{s}`, or declare `{} {} {{ … }}`",
            kind.keyword(),
            r.name
        )),
        None => d.label(format!("unknown {}", kind.keyword())).help(format!(
            "declare `{} {} {{ … }}`, or import the file that declares it",
            kind.keyword(),
            r.name
        )),
    }
}

/// "an audience", "a channel".
fn a(kind: RefKind) -> String {
    let k = kind.keyword();
    let article = if k.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    };
    format!("{article} {k}")
}

/// Collects the words of `stmt` and its block that may be references: every word except a
/// declaration's own name and the values of enumerated keys (`platform instagram`).
fn mention<'a>(stmt: &'a Statement, top_level: bool, mentioned: &mut FxHashSet<&'a str>) {
    let enumerated = !top_level && is_enum_key(&stmt.keyword.name);
    if !enumerated {
        let skip = usize::from(top_level);
        for v in stmt.args.iter().skip(skip) {
            words(v, mentioned);
        }
    }
    for child in stmt.children() {
        mention(child, false, mentioned);
    }
}

fn words<'a>(v: &'a crate::ast::Value, mentioned: &mut FxHashSet<&'a str>) {
    match &v.kind {
        ValueKind::Word(w) => {
            mentioned.insert(w);
        }
        ValueKind::List(items) => items.iter().for_each(|i| words(i, mentioned)),
        _ => {}
    }
}

fn is_enum_key(key: &str) -> bool {
    let nested: [&'static schema::DeclSpec; 2] = [&schema::LINE, &schema::VARIANT];
    schema::DECLARATIONS
        .iter()
        .copied()
        .chain(nested)
        .filter_map(|d| d.key(key))
        .any(|k| matches!(k.ty, schema::Type::Enum(_)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_has_its_own_table() {
        use RefKind::*;
        let kinds = [
            Role, Phase, Objective, Audience, Channel, Message, Line, Kpi, Task, Schedule,
        ];
        for kind in kinds {
            // Exhaustive: a new kind does not compile here until it is listed above.
            match kind {
                Role | Phase | Objective | Audience | Channel | Message | Line | Kpi | Task
                | Schedule => assert!((kind as usize) < KINDS, "{kind:?}"),
            }
        }
        let slots: std::collections::BTreeSet<usize> = kinds.iter().map(|&k| k as usize).collect();
        assert_eq!(slots.len(), KINDS);
    }
}
