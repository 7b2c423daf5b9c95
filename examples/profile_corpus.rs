#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used)]
use smslint::engine::{Engine, Selection};
use smslint::input::JsonMessage;
fn main() {
    let text = std::fs::read_to_string("/tmp/msgs5k.jsonl").unwrap();
    let parsed: Vec<JsonMessage> = text
        .lines()
        .map(|l| JsonMessage::parse(l).unwrap())
        .collect();
    let msgs: Vec<_> = parsed.iter().map(|p| p.message()).collect();
    let all = Engine::builtin().unwrap();
    let mut ids: Vec<String> = all.rules().iter().map(|r| r.id.to_string()).collect();
    ids.insert(0, String::new());
    for id in ids {
        let e = if id.is_empty() {
            Engine::builtin().unwrap()
        } else {
            Engine::from_dirs(true, &[], &Selection::new(vec![id.clone()], vec![])).unwrap()
        };
        let mut best = f64::MAX;
        for _ in 0..5 {
            let t = std::time::Instant::now();
            for m in &msgs {
                std::hint::black_box(e.check_message(std::hint::black_box(m)));
            }
            best = best.min(t.elapsed().as_nanos() as f64 / msgs.len() as f64);
        }
        println!("{best:>8.0} ns {}", if id.is_empty() { "ALL" } else { &id });
    }
}
