//! The condition language of rule files, one folder per stage; each imports only the
//! stages before it:
//!
//! - [`syntax`]: text → [`Expr`] with a byte span on every node, using the pest grammar in
//!   `grammar/condition.pest` and a Pratt parser for operator precedence;
//! - [`builtins`]: the domain functions conditions call, as plain Rust (texts, local times);
//! - [`ir`]: the compiled form, a [`Node`] tree, and compiled regexes and word-list searches;
//! - [`check`]: [`Expr`] → [`Node`], checking types against the declared documents and
//!   compiling paths, regexes and constant sets on the way, unrolling quantifiers over
//!   tables;
//! - [`run`]: evaluating a [`Node`] over a document read through
//!   [`Record`](crate::doc::Record) with a per-document fact cache ([`Context`]), and a
//!   rule's conditions as closures ([`Predicate`]), the fast form checks use.
//!
//! Spans are byte offsets into the condition text; the rule loader adds the offset of the
//! condition inside its YAML file, so a diagnostic can underline the exact token there.

pub mod builtins;
pub mod check;
#[cfg(test)]
mod deepest;
mod diagnostic;
pub mod ir;
pub mod run;
pub mod syntax;

// The stages' main modules by their old names, for the fuzz targets and benches.
pub use check::typecheck;
pub use ir::pattern;
pub use run::{compile, eval};
pub use syntax::{ast, parse};

pub use crate::doc::value::{Const, List, Record, Val};
pub use ast::{BinaryOp, Expr, ExprKind, Ident, Quantifier, Span, UnaryOp};
pub use compile::{Guard, Predicate};
pub use diagnostic::Diagnostic;
pub use eval::Context;
pub use ir::{EvalError, Node};
pub use parse::{parse, ParseError, MAX_CONDITION_BYTES, MAX_DEPTH, MAX_NESTING};
pub use typecheck::{
    check_condition, compile_condition, compile_value, DataShape, DataTable, Facts, Scope, Type,
    TypeError, Typed,
};
