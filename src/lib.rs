//! smm: a compiler for social media campaign plans.
//!
//! A campaign plan is a `.smm` file (see `docs/language.md`). The compiler is a pipeline of
//! stages with data flowing one way; each stage is one module:
//!
//! 1. [`source`]: files and byte spans ([`source::SourceMap`], [`source::Span`]);
//! 2. [`syntax`]: text → [`ast`], with the pest grammar in `grammar/smm.pest`;
//! 3. [`project`]: the entry file and its imports, read once each, cycles and unsafe paths refused;
//! 4. [`check`]: the semantic passes, driven by the one table of declarations and keys in
//!    [`schema`], producing diagnostics and the resolved [`plan`] (the IR);
//! 5. [`emit`]: the output files, reading only the plan.
//!
//! Beside the pipeline: [`format`](mod@format) (`smm fmt`), [`lsp`] (the language server), [`diagnostic`]
//! (codes, rendering and machine formats) and [`output`] (safe writes: every target checked
//! first, each file streamed into a temporary file and renamed into place).
//!
//! Stages never print: they return [`diagnostic::Diagnostic`]s, which the command line renders.
//!
//! Independent work runs on rayon's thread pool: pieces of a large file, chunks of
//! declarations, passes that do not depend on each other, and output files, which are written
//! in pieces handed in order to an [`emit::Sink`] (memory, or the file being written). Results
//! are always put back in a fixed order, so the same input gives the same diagnostics and the
//! same bytes whatever the number of threads (`RAYON_NUM_THREADS=1` runs everything on one).

pub mod ast;
pub mod check;
pub mod diagnostic;
mod digits;
pub mod discover;
pub mod emit;
pub mod format;
pub mod lsp;
pub mod numbers;
pub mod output;
pub mod plan;
pub mod platform;
pub mod project;
pub mod schema;
pub mod source;
pub mod syntax;
#[cfg(test)]
mod test_support;
pub mod wording;
