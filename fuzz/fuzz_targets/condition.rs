//! The condition language: parse, type-check and compile any text as a message rule's
//! condition; evaluate what compiles on a message with every field set and on one with
//! none. Parsing and checking must return diagnostics whose spans lie in the text;
//! evaluation must return a value or an error — never panic, never hang.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[allow(dead_code)] // each target uses one check
#[path = "../checks.rs"]
mod checks;

fuzz_target!(|data: &[u8]| checks::condition(data));
