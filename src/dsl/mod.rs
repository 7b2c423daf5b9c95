//! The condition language of rule files: grammar binding, syntax tree and parser.
//!
//! Conditions are parsed in stages, each with its own module and error type, so a later
//! stage (type checking, compilation to the evaluator's form) never sees text:
//!
//! - [`parse`]: text → [`ast::Expr`] with a byte span on every node, using the pest grammar
//!   in `grammar/condition.pest` and a Pratt parser for operator precedence;
//! - type checking and compilation come with the rule loader (issue 3 continues there).
//!
//! Spans are byte offsets into the condition text; the rule loader adds the offset of the
//! condition inside its YAML file, so a diagnostic can underline the exact token there.

pub mod ast;
mod diagnostic;
mod grammar;
pub mod parse;
pub mod typecheck;

pub use ast::{BinaryOp, Expr, ExprKind, Ident, Quantifier, Span, UnaryOp};
pub use diagnostic::Diagnostic;
pub use parse::{parse, ParseError, MAX_CONDITION_BYTES, MAX_NESTING};
pub use typecheck::{check_condition, Scope, Type, TypeError};
