//! smm: a compiler for social media campaign plans.
//!
//! A campaign plan is a `.smm` file (see `docs/language.md`). The compiler is a pipeline of
//! stages with data flowing one way; each stage is one module:
//!
//! 1. [`source`]: files and byte spans ([`source::SourceMap`], [`source::Span`]);
//! 2. [`syntax`]: text → [`ast`], with the pest grammar in `grammar/smm.pest`;
//! 3. [`project`]: the entry file and its imports, read once each, cycles and unsafe paths refused;
//! 4. semantic passes and the resolved plan (to come), then emitters reading only that plan.
//!
//! Stages never print: they return [`diagnostic::Diagnostic`]s, which the command line renders.

pub mod ast;
pub mod check;
pub mod diagnostic;
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
pub mod wording;
