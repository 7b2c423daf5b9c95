//! The pest binding of `grammar/condition.pest`. Kept apart so the generated parser's
//! items (one per grammar rule, undocumented by nature) stay out of the public API.
#![allow(missing_docs)]

use pest_derive::Parser;

#[derive(Parser)]
#[grammar = "../grammar/condition.pest"]
pub(crate) struct ConditionParser;
