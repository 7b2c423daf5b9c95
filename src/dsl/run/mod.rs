//! Running compiled conditions: the tree interpreter and the per-document fact cache
//! ([`eval`]), and the closures checks run ([`compile`]), which call the same primitives.

pub mod compile;
pub mod eval;
