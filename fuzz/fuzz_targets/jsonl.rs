//! JSONL message lines: every line read both the fast way (serde into a borrowed message)
//! and by the general document loader. Where the fast way reads a line, the general loader
//! must read it too and the built-in pack must find exactly the same things in both.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use smslint::engine::{Engine, Report};
use smslint::input::{DocRecord, JsonMessage, Tree};
use smslint::schema::MESSAGE;

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| match Engine::builtin() {
        Ok(engine) => engine,
        Err(problems) => panic!("the built-in pack does not load: {problems:?}"),
    })
}

fn summary(report: &Report) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = report
        .findings
        .iter()
        .map(|f| (f.rule.to_string(), f.message.to_string()))
        .chain(report.errors.iter().map(|e| (e.rule.to_string(), e.message.to_string())))
        .collect();
    out.sort();
    out
}

fuzz_target!(|data: &[u8]| {
    for line in data.split(|&b| b == b'\n') {
        let Ok(text) = std::str::from_utf8(line) else {
            continue;
        };
        let general = serde_json::from_str::<serde_json::Value>(text)
            .ok()
            .and_then(|value| {
                let tree = Tree::from_json(&value);
                DocRecord::load(&tree, &MESSAGE, &["kind"])
                    .ok()
                    .map(|record| summary(&engine().check_message(&record)))
            });
        if let Some(fast) = JsonMessage::parse(text) {
            let fast = summary(&engine().check_message(&fast.message()));
            match &general {
                Some(general) => assert_eq!(&fast, general, "{text}"),
                None => panic!("the fast reading took a line the loader refuses: {text}"),
            }
        }
    }
});
