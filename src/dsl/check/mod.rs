//! Type checking a condition's syntax tree against the document schemas and lowering it
//! to the IR: [`typecheck`] checks and specialises, `unroll` turns quantifiers over
//! constant tables into comparisons.

mod registry;
pub mod typecheck;
mod unroll;
