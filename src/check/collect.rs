//! Pass 1, collect: the top-level declarations of every file, their names and duplicates.
//!
//! Finds unknown declaration keywords (`E0300`, with a suggestion), names declared twice in one
//! kind (`E0201`, pointing at both), and a project without exactly one campaign (`E0202`) or
//! with several budgets or lints blocks (`E0203`). Duplicates are dropped from what later passes
//! see, so a repeated name never doubles a post or a budget line.

use std::collections::{HashMap, HashSet};

use rustc_hash::FxHashMap;

use crate::ast::{self, Statement, ValueKind};
use crate::diagnostic::Diagnostic;
use crate::schema::{self, DeclSpec, Naming};
use crate::source::{FileId, Span};

use super::props::check_head;

/// The declarations later passes read, in source order.
pub struct Collected<'a> {
    /// Usable declarations (well-formed head, not a duplicate).
    pub decls: Vec<(&'static DeclSpec, &'a Statement)>,
    /// Declarations dropped as duplicates: still checked inside, but not part of the plan.
    pub duplicates: Vec<(&'static DeclSpec, &'a Statement)>,
    /// Names of declarations already reported as malformed (see [`Model::ghosts`]).
    ///
    /// [`Model::ghosts`]: super::model::Model::ghosts
    pub ghosts: HashSet<String>,
}

/// Collects the declarations of every file of a project.
pub fn collect<'a>(files: &'a [ast::File], out: &mut Vec<Diagnostic>) -> Collected<'a> {
    let mut decls = Vec::new();
    let mut duplicates = Vec::new();
    let count = files.iter().map(|f| f.statements.len()).sum();
    // FxHash, as the name index: the keys are short names, hashed once per declaration.
    let mut names: FxHashMap<(&'static str, &str), Span> =
        FxHashMap::with_capacity_and_hasher(count, Default::default());
    let mut singles: HashMap<&'static str, Span> = HashMap::new();
    let mut ghosts = HashSet::new();
    for stmt in files.iter().flat_map(|f| &f.statements) {
        if stmt.keyword.name == "import" {
            continue;
        }
        if stmt.broken {
            ghost(stmt, &mut ghosts);
            continue;
        }
        let Some(spec) = schema::declaration(&stmt.keyword.name) else {
            out.push(unknown_declaration(stmt));
            ghost(stmt, &mut ghosts);
            continue;
        };
        if !check_head(spec, stmt, out) {
            ghost(stmt, &mut ghosts);
            continue;
        }
        let duplicate = match spec.naming {
            Naming::Ident(_) => {
                let Some(ValueKind::Word(name)) = stmt.args.first().map(|a| &a.kind) else {
                    continue;
                };
                let span = stmt.args[0].span;
                match names.get(&(spec.keyword, name.as_str())) {
                    Some(first) => {
                        out.push(
                            Diagnostic::new(
                                "E0201",
                                span,
                                format!("the {} `{name}` is declared twice", spec.keyword),
                            )
                            .label("declared again here")
                            .with_secondary(*first, "first declared here")
                            .help(format!(
                                "rename one of them, or merge them into one `{} {name}`",
                                spec.keyword
                            )),
                        );
                        true
                    }
                    None => {
                        names.insert((spec.keyword, name.as_str()), span);
                        false
                    }
                }
            }
            _ if spec.keyword == "import" => false,
            _ => match singles.get(spec.keyword) {
                Some(first) => {
                    let code = if spec.keyword == "campaign" {
                        "E0202"
                    } else {
                        "E0203"
                    };
                    out.push(
                        Diagnostic::new(
                            code,
                            stmt.keyword.span,
                            format!("a project has at most one `{}`", spec.keyword),
                        )
                        .label("a second one here")
                        .with_secondary(*first, "the first one")
                        .help(format!("merge the two `{}` blocks into one", spec.keyword)),
                    );
                    true
                }
                None => {
                    singles.insert(spec.keyword, stmt.keyword.span);
                    false
                }
            },
        };
        if duplicate {
            duplicates.push((spec, stmt));
        } else {
            decls.push((spec, stmt));
        }
    }
    if !singles.contains_key("campaign") && !files.is_empty() {
        let file = files.first().map_or(FileId(0), |f| f.file);
        out.push(
            Diagnostic::new("E0202", Span::new(file, 0, 0), "this project has no campaign")
                .label("the entry file declares no `campaign`")
                .help("add `campaign \"Name\" { start 2027-03-01; end 2027-05-31 }`; a file that only holds shared declarations is imported, not checked on its own"),
        );
    }
    Collected {
        decls,
        duplicates,
        ghosts,
    }
}

/// Remembers the name of a malformed declaration.
fn ghost(stmt: &Statement, ghosts: &mut HashSet<String>) {
    if let Some(ValueKind::Word(name) | ValueKind::String(name)) =
        stmt.args.first().map(|a| &a.kind)
    {
        ghosts.insert(name.clone());
    }
}

fn unknown_declaration(stmt: &Statement) -> Diagnostic {
    let word = &stmt.keyword.name;
    let keywords = schema::DECLARATIONS.iter().map(|d| d.keyword);
    let d = Diagnostic::new(
        "E0300",
        stmt.keyword.span,
        format!("`{word}` is not a declaration"),
    );
    if let Some(s) = schema::suggest(word, keywords) {
        return d
            .label(format!("did you mean `{s}`?"))
            .help(format!("write `{s}`"));
    }
    let nested: [&'static schema::DeclSpec; 2] = [&schema::LINE, &schema::VARIANT];
    let owner = schema::DECLARATIONS
        .iter()
        .copied()
        .chain(nested)
        .find(|spec| spec.key(word).is_some());
    match owner {
        Some(spec) => d.label("a key outside any block").help(format!(
            "`{word}` is a key of `{}`: move it inside that block",
            spec.keyword
        )),
        None => d.label("unknown declaration").help(format!(
            "the declarations are {}",
            schema::DECLARATIONS
                .iter()
                .map(|d| d.keyword)
                .collect::<Vec<_>>()
                .join(", ")
        )),
    }
}
