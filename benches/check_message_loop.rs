//! `check_message` in a plain loop, for counting instructions under callgrind:
//! `cargo bench --bench check_message_loop --no-run`, then the binary with `NAME N`
//! (one of the messages of `common/messages.rs`, N checks). `benches/instructions.py` runs it
//! twice under callgrind and takes the difference, so that start-up and warm-up drop out.

#![allow(missing_docs, clippy::unwrap_used, clippy::panic)]

#[path = "common/messages.rs"]
mod bench_messages;

use std::hint::black_box;

fn main() {
    // Cargo passes `--bench` to a bench target; only the positional arguments count.
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let [name, n] = args.as_slice() else {
        panic!("usage: check_message_loop NAME N");
    };
    let n: usize = n.parse().unwrap();
    let engine = smslint::Engine::builtin().unwrap();
    engine.warm();
    let long = bench_messages::long_body();
    let messages = bench_messages::messages(&long);
    let Some((_, message)) = messages.iter().find(|(m, _)| m == name) else {
        panic!("no message `{name}`");
    };
    let mut findings = 0;
    for _ in 0..n {
        findings += engine.check_message(black_box(message)).findings.len();
    }
    println!("{findings}");
}
