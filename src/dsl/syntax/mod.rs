//! The text of a condition: the pest grammar's binding, the syntax tree with a span on
//! every node, and the parser (a Pratt parser for precedence, limits on length and
//! nesting).

pub mod ast;
mod grammar;
pub mod parse;
