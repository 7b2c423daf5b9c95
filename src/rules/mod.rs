//! Rule files: loading, compiling, the built-in pack, selection and self-tests.

pub mod pack;
mod rule;
pub mod selftest;
pub mod template;

pub use pack::{load, load_with, PackSource};
pub use rule::{
    load_rule, AppliesTo, Citation, DocumentKind, Example, Rule, Severity, Status, Verdict,
};
