//! Rule files: loading, compiling, the built-in pack and data tables. (A rule's examples
//! are run by [`crate::engine::selftest`], which needs the engine.)

pub mod pack;
mod rule;
pub mod template;

pub use crate::doc::DocumentKind;
pub use pack::{load, load_with, PackSource};
#[cfg(test)]
pub(crate) use rule::KEYS as RULE_KEYS;
pub use rule::{load_rule, AppliesTo, Citation, Example, Rule, Severity, Status, Verdict};
