//! Criterion benchmarks of segment counting (placeholder replaced below).
fn main() {}
