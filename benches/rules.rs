//! Rule evaluation: the rule-engine benchmark kit's ten rules, loaded from their smslint
//! rule files (`benches/rules-kit/rules`), over a fixed workload of kit messages, one
//! thread. The whole-kit comparison with the other engines is `benches/rules-kit/`.

#![allow(missing_docs, clippy::unwrap_used)] // criterion_group! generates undocumented items

#[path = "rules-kit/sms_doc.rs"]
mod sms_doc;

#[path = "common/messages.rs"]
mod bench_messages;

use std::hint::black_box;
use std::path::Path;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};

fn kit(c: &mut Criterion) {
    let root = Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/benches/rules-kit/rules"
    ));
    let docs = sms_doc::workload(4096);
    let mut group = c.benchmark_group("rules");
    group.throughput(Throughput::Elements(docs.len() as u64));
    let regexes = (
        regex::Regex::new(r"(?i)\b(stop|unsubscribe)\b").unwrap(),
        regex::Regex::new(r"^\+[1-9][0-9]{6,14}$").unwrap(),
    );
    for variant in ["plain", "regex"] {
        let re = (variant == "regex").then_some(&regexes);
        group.bench_function(format!("native-{variant}"), |b| {
            b.iter(|| {
                docs.iter().fold(0u32, |n, d| {
                    n + sms_doc::native(black_box(d), re).count_ones()
                })
            })
        });
        let engine = match sms_doc::load(root, variant) {
            Ok(engine) => engine,
            Err(e) => {
                eprintln!("{e}");
                std::process::exit(2);
            }
        };
        group.bench_function(format!("kit-{variant}"), |b| {
            b.iter(|| {
                docs.iter().fold(0u32, |n, d| {
                    n + sms_doc::violations(&engine, black_box(d)).count_ones()
                })
            })
        });
    }
    group.finish();
    c.bench_function("rules/load-kit-plain", |b| {
        b.iter(|| sms_doc::load(root, "plain").map(|_| ()))
    });
}

/// `Engine::check_message` with the whole built-in pack, one message per call: the send
/// path. Criterion's median time per iteration is the p50 of a check.
fn check_message(c: &mut Criterion) {
    let engine = smslint::Engine::builtin().unwrap();
    let long = bench_messages::long_body();
    let messages = bench_messages::messages(&long);
    let mut group = c.benchmark_group("check_message");
    group.throughput(Throughput::Elements(1));
    for (name, message) in &messages {
        group.bench_function(*name, |b| {
            b.iter(|| engine.check_message(black_box(message)).findings.len())
        });
    }
    group.finish();
}

criterion_group!(benches, kit, check_message);
criterion_main!(benches);
