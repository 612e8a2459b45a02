//! The semantic passes: a parsed project in, diagnostics and a resolved [`Plan`] out.
//!
//! Passes run in order, each in its own module, and each reads what the previous ones built:
//!
//! 1. [`collect`]: top-level declarations, duplicates, exactly one campaign;
//! 2. [`lower`]: blocks checked against the [`schema`](crate::schema), typed into a [`Model`];
//! 3. [`resolve`]: references name declarations of the right kind; unused declarations;
//! 4. [`time`]: calendar dates, ranges inside the campaign and phases, time zones; expands
//!    schedules and tasks into occurrences (DST gaps and overlaps resolved and reported);
//! 5. [`platforms`]: text length, hashtags, media and titles per platform, variant applied;
//! 6. [`calendar`]: collisions, daily caps, late-night posts, series and unscheduled messages;
//! 7. [`budget`]: exact arithmetic, overruns, currencies, paid lines and their channels;
//! 8. [`kpis`]: units, directions, objectives covered, deadlines, budget feasibility.
//!
//! An error in one declaration does not stop the others being checked; a value that was wrong
//! is absent from the model, so later passes do not report it again. Finally lint levels (the
//! `lints` block, then the command line) are applied to warnings.

pub mod budget;
pub mod calendar;
pub mod collect;
pub mod kpis;
pub mod lints;
pub mod lower;
pub mod model;
pub mod platforms;
pub mod props;
pub mod recurrence;
pub mod resolve;
pub mod time;

use crate::diagnostic::{self, Diagnostic};
use crate::plan::Plan;
use crate::project::Project;

pub use lints::LintLevels;
pub use model::Model;

/// What checking a project gives.
#[derive(Debug)]
pub struct Checked {
    /// Every diagnostic (syntax and semantic), lint levels applied, sorted by place.
    pub diagnostics: Vec<Diagnostic>,
    /// The resolved plan; present when the project has no error.
    pub plan: Option<Plan>,
}

impl Checked {
    /// Whether any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// State shared by the passes: the model, its index and the plan being built.
pub struct Context<'m> {
    /// The typed declarations.
    pub model: &'m Model,
    /// Names → positions in the model.
    pub index: &'m resolve::Index,
    /// Diagnostics so far.
    pub out: Vec<Diagnostic>,
    /// The plan being built.
    pub plan: Plan,
    /// How each series (`post [m1, m2, …] …`) used its slots; filled by [`time`], read by
    /// [`calendar`].
    pub post_uses: Vec<time::PostUse>,
}

impl<'m> Context<'m> {
    /// A context for the passes after `resolve`, with an empty plan.
    pub fn new(model: &'m Model, index: &'m resolve::Index, out: Vec<Diagnostic>) -> Context<'m> {
        Context {
            model,
            index,
            out,
            plan: Plan::default(),
            post_uses: Vec::new(),
        }
    }
}

/// Runs passes 1 and 2 (collect, lower): the project's model, its index and the diagnostics
/// so far (syntax errors included).
fn modelled(project: &Project) -> (Model, resolve::Index, Vec<Diagnostic>) {
    let mut out = project.diagnostics.clone();
    let collected = collect::collect(&project.files, &mut out);
    let mut model = lower::lower(&collected.decls, &collected.duplicates, &mut out);
    model.ghosts = collected.ghosts;
    let index = resolve::Index::new(&model);
    (model, index, out)
}

/// Runs passes 1 to 3 (collect, lower, resolve), for tests of the later passes.
#[cfg(test)]
pub(crate) fn lowered(project: &Project) -> (Model, resolve::Index, Vec<Diagnostic>) {
    let (model, index, mut out) = modelled(project);
    resolve::resolve(&model, &index, &project.files, &mut out);
    (model, index, out)
}

/// Runs every pass on a loaded project. Syntax errors are kept; semantic passes run on the
/// statements that parsed (broken statements are skipped, so they cause no follow-on errors).
///
/// The passes run on rayon's pool where they do not depend on each other: `resolve`,
/// `platforms` and the calendar's look at the model alone ([`calendar::Before`]) beside `time`;
/// then the calendar checks of the posts beside `budget` and `kpis`. Diagnostics are put back
/// in pass order before the stable sort, so the result is the same as running the passes in
/// turn. `budget` skips lines where an error was reported before it; it sees every earlier
/// pass's diagnostics but the calendar's, which are never about a budget line. The model is
/// freed in the background.
pub fn check(project: &Project, levels: &LintLevels) -> Checked {
    let (model, index, out) = modelled(project);
    let ((resolved, measured, before), mut cx) = rayon::join(
        || {
            // Three independent tasks rather than one, so that the pool can fit them around
            // the time pass's own tasks.
            let (resolved, (measured, before)) = rayon::join(
                || {
                    let mut resolved = Vec::new();
                    resolve::resolve(&model, &index, &project.files, &mut resolved);
                    resolved
                },
                || {
                    rayon::join(
                        || {
                            let mut cx = Context::new(&model, &index, Vec::new());
                            platforms::run(&mut cx);
                            cx.out
                        },
                        || calendar::Before::new(&model),
                    )
                },
            );
            (resolved, measured, before)
        },
        || {
            let mut cx = Context::new(&model, &index, Vec::new());
            time::run(&mut cx);
            cx
        },
    );
    let time_out = std::mem::replace(&mut cx.out, out);
    cx.out.extend(resolved);
    cx.out.extend(time_out);
    cx.out.extend(measured);
    let before_money = cx.out.len();
    let skipped = calendar::skipped_days(&cx.out);
    let posts = std::mem::take(&mut cx.plan.posts);
    let uses = std::mem::take(&mut cx.post_uses);
    let (calendar_out, ()) = rayon::join(
        || calendar::check(before, &model, &index, &posts, &uses, &skipped),
        || {
            budget::run_with(&mut cx, &posts);
            kpis::run(&mut cx);
        },
    );
    cx.plan.posts = posts;
    let money_out = cx.out.split_off(before_money);
    cx.out.extend(calendar_out);
    cx.out.extend(money_out);
    let Context { mut out, plan, .. } = cx;
    lints::apply(&model, levels, &mut out);
    diagnostic::sort(&mut out);
    let failed = out.iter().any(Diagnostic::is_error);
    drop(index);
    // Freeing the model's many strings takes a while and nothing waits for it.
    rayon::spawn(move || drop(model));
    Checked {
        diagnostics: out,
        plan: (!failed).then_some(plan),
    }
}
