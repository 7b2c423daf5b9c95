//! Rule files: load any text as one rule file beside the built-in pack's data tables, render
//! every diagnostic, and run the examples of a rule that loads.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[allow(dead_code)] // each target uses one check
#[path = "../checks.rs"]
mod checks;

fuzz_target!(|data: &[u8]| checks::rule_file(data));
