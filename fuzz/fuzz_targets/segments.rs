//! The segment engine: for any body and options, the parts are contiguous, cover the whole
//! body (so they concatenate back to it), never hold more units than their capacity, and
//! agree with the counts.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[allow(dead_code)] // each target uses one check
#[path = "../checks.rs"]
mod checks;

fuzz_target!(|data: &[u8]| checks::segments(data));
