//! `check_message` in a plain loop, for counting instructions under callgrind:
//! `cargo bench --bench check_message_loop --no-run`, then the binary with `NAME N`
//! (one of the messages of `common/messages.rs`, N checks). `benches/instructions.py` runs it
//! twice under callgrind and takes the difference, so that start-up and warm-up drop out.
//! `SMSLINT_SELECT=id,prefix` runs only those rules and `SMSLINT_IGNORE=id,prefix` all
//! but those: the cost a rule adds to a check is the figure without it subtracted from
//! the figure with it.

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
    let list = |name: &str| -> Vec<String> {
        std::env::var(name)
            .map(|v| v.split(',').map(str::to_owned).collect())
            .unwrap_or_default()
    };
    let (select, ignore) = (list("SMSLINT_SELECT"), list("SMSLINT_IGNORE"));
    let (rules, problems) = smslint::load_rules(&[smslint::PackSource::builtin()]);
    assert!(problems.is_empty());
    let engine = smslint::Engine::new(rules, &smslint::Selection::new(select, ignore));
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
