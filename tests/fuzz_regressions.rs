//! Replays the inputs the fuzzers found interesting (`fixtures/fuzz/TARGET.hex`: one input per
//! line, hex-encoded, from a coverage-minimised corpus and every crash fixed) through the
//! same checks the fuzz targets run (`fuzz/checks.rs`), so a regression fails `cargo test`
//! without a fuzzer or a nightly toolchain.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    dead_code
)]

#[path = "../fuzz/checks.rs"]
mod checks;

use std::path::PathBuf;

fn decode(hex: &str) -> Vec<u8> {
    assert!(hex.len().is_multiple_of(2), "odd hex length");
    (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap())
        .collect()
}

fn replay(target: &str, check: fn(&[u8])) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/fuzz")
        .join(format!("{target}.hex"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut count = 0;
    for line in text
        .lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
    {
        check(&decode(line.trim()));
        count += 1;
    }
    assert!(count > 0, "{}: no inputs", path.display());
}

#[test]
fn condition_inputs() {
    replay("condition", checks::condition);
}

#[test]
fn rule_file_inputs() {
    replay("rule_file", checks::rule_file);
}

#[test]
fn document_inputs() {
    replay("document", checks::document);
}

#[test]
fn jsonl_inputs() {
    replay("jsonl", checks::jsonl);
}

#[test]
fn segments_inputs() {
    replay("segments", checks::segments);
}
