//! Account and message documents: parse any text as YAML (or JSON), load each document as
//! what its `kind` says, check it with the built-in pack and render every diagnostic.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[allow(dead_code)] // each target uses one check
#[path = "../checks.rs"]
mod checks;

fuzz_target!(|data: &[u8]| checks::document(data));
