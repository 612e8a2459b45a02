//! Syntax: source text → [`ast::File`](crate::ast::File), with every syntax error reported.
//!
//! The pest grammar (`grammar/smm.pest`) recognises one statement head at a time; the driver in
//! [`parser`] strings statements together, opens and closes blocks with an explicit stack (so
//! 10 000 nested `{` cannot overflow the stack), and after an error re-synchronises at the end of
//! the statement, so one run reports every broken statement. `literal` converts tokens to typed
//! values. `errors` turns pest's "expected X" into messages a person would write.

mod errors;
mod fast;
pub(crate) mod literal;
pub mod parser;
mod pieces;
pub mod trivia;

pub use parser::parse;

/// The pest parser generated from `grammar/smm.pest`.
#[derive(pest_derive::Parser)]
#[grammar = "../grammar/smm.pest"]
pub struct SmmParser;
