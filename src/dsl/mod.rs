//! The condition language of rule files: grammar binding, syntax tree and parser.
//!
//! Conditions are parsed in stages, each with its own module and error type, so a later
//! stage (type checking, compilation to the evaluator's form) never sees text:
//!
//! - [`parse`]: text → [`ast::Expr`] with a byte span on every node, using the pest grammar
//!   in `grammar/condition.pest` and a Pratt parser for operator precedence;
//! - [`typecheck`]: [`ast::Expr`] → [`eval::Node`], checking types against the declared
//!   documents and compiling paths, regexes and constant sets on the way;
//! - [`eval`]: evaluating a [`Node`] over a document read through [`Record`](crate::doc::Record);
//! - [`compile`]: a rule's conditions as closures ([`Predicate`]), the fast form checks use.
//!
//! Spans are byte offsets into the condition text; the rule loader adds the offset of the
//! condition inside its YAML file, so a diagnostic can underline the exact token there.

pub mod ast;
pub mod compile;
mod diagnostic;
pub mod eval;
mod grammar;
pub mod parse;
pub mod pattern;
pub mod typecheck;
mod unroll;

pub use crate::doc::value::{Const, List, Record, Val};
pub use ast::{BinaryOp, Expr, ExprKind, Ident, Quantifier, Span, UnaryOp};
pub use compile::{Guard, Predicate};
pub use diagnostic::Diagnostic;
pub use eval::{Context, EvalError, Node};
pub use parse::{parse, ParseError, MAX_CONDITION_BYTES, MAX_NESTING};
pub use typecheck::{
    check_condition, compile_condition, compile_value, DataShape, DataTable, Facts, Scope, Type,
    TypeError, Typed,
};
