//! JSONL message lines: every line read both the fast way (serde into a borrowed message)
//! and by the general document loader. Where the fast way reads a line, the general loader
//! must read it too and the built-in pack must find exactly the same things in both.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[allow(dead_code)] // each target uses one check
#[path = "../checks.rs"]
mod checks;

fuzz_target!(|data: &[u8]| checks::jsonl(data));
