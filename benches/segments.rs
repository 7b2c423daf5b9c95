//! Criterion benchmarks of segment counting and splitting.
//!
//! `count/ascii-*` is the send-path target: counting GSM-7 ASCII text in-process at 1 GB/s
//! or more. The corpus-like groups mix the kinds of text the peer comparison uses.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
// criterion_group! generates functions without docs.
#![allow(missing_docs)]

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use smslint::sms::{self, Options};

/// A deterministic pseudo-random generator, so every run counts the same bodies.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() as usize) % items.len()]
    }
}

const WORDS: &[&str] = &[
    "the",
    "order",
    "your",
    "code",
    "is",
    "ready",
    "for",
    "pickup",
    "reply",
    "STOP",
    "to",
    "opt",
    "out",
    "Hi",
    "Acme:",
    "123456",
    "http://ex.am/ple",
    "thanks!",
    "call",
    "(today).",
];

fn bodies(seed: u64, n: usize, extra: &[&str], lengths: (usize, usize)) -> Vec<String> {
    let mut rng = Lcg(seed);
    (0..n)
        .map(|_| {
            let len = lengths.0 + (rng.next() as usize) % (lengths.1 - lengths.0 + 1);
            let mut s = String::new();
            while s.chars().count() < len {
                s.push_str(rng.pick(WORDS));
                if !extra.is_empty() && rng.next().is_multiple_of(4) {
                    s.push_str(rng.pick(extra));
                }
                s.push(' ');
            }
            s
        })
        .collect()
}

fn bench_group(c: &mut Criterion, name: &str, bodies: &[String], options: &Options) {
    let bytes: usize = bodies.iter().map(String::len).sum();
    let mut g = c.benchmark_group("count");
    g.throughput(Throughput::Bytes(bytes as u64));
    g.bench_function(name, |b| {
        b.iter(|| {
            let mut segments = 0;
            for body in bodies {
                segments += sms::count(black_box(body), options).segments;
            }
            segments
        })
    });
    g.finish();
}

fn counting(c: &mut Criterion) {
    let plain = Options::default();
    bench_group(
        c,
        "ascii-sms-1-160",
        &bodies(1, 2000, &[], (1, 160)),
        &plain,
    );
    bench_group(
        c,
        "ascii-long-161-1600",
        &bodies(2, 500, &[], (161, 1600)),
        &plain,
    );
    bench_group(
        c,
        "ascii-extension-161-1600",
        &bodies(3, 500, &["{", "}", "€", "[", "\r\n"], (161, 1600)),
        &plain,
    );
    bench_group(
        c,
        "gsm-latin-161-1600",
        &bodies(4, 500, &["é", "ü", "Ñ", "Δ", "ß"], (161, 1600)),
        &plain,
    );
    bench_group(
        c,
        "ucs2-emoji-161-1600",
        &bodies(
            5,
            500,
            &["😀", "👍🏽", "👨\u{200D}👩\u{200D}👧", "🇺🇸", "’"],
            (161, 1600),
        ),
        &plain,
    );
    let cjk: Vec<String> = bodies(6, 500, &[], (161, 1600))
        .into_iter()
        .map(|b| {
            b.chars()
                .map(|c| if c.is_ascii_alphabetic() { '日' } else { c })
                .collect()
        })
        .collect();
    bench_group(c, "ucs2-cjk-161-1600", &cjk, &plain);
    let national = Options {
        national: sms::NationalLanguages::all(),
        ..Options::default()
    };
    bench_group(
        c,
        "national-turkish-161-1600",
        &bodies(7, 500, &["ş", "ğ", "ı", "İ"], (161, 1600)),
        &national,
    );
}

fn splitting(c: &mut Criterion) {
    let plain = Options::default();
    let mixed = bodies(8, 500, &["{", "é", "😀", "’", "\r\n"], (1, 1600));
    let bytes: usize = mixed.iter().map(String::len).sum();
    let mut g = c.benchmark_group("analyze");
    g.throughput(Throughput::Bytes(bytes as u64));
    g.bench_function("split-mixed", |b| {
        b.iter(|| {
            mixed
                .iter()
                .map(|m| sms::split(black_box(m), &plain).len())
                .sum::<usize>()
        })
    });
    g.bench_function("analyze-mixed", |b| {
        b.iter(|| {
            mixed
                .iter()
                .map(|m| sms::analyze(black_box(m), &plain).parts.len())
                .sum::<usize>()
        })
    });
    g.finish();
}

/// The peer kit's corpus (`SMSLINT_CORPUS=path/to/corpus.jsonl`: one JSON string, or an
/// object with a `body`, per line), counted whole: the native figure the bindings' corpus
/// counts are compared with. Skipped without the variable.
fn corpus(c: &mut Criterion) {
    let Ok(path) = std::env::var("SMSLINT_CORPUS") else {
        return;
    };
    let text = std::fs::read_to_string(&path).expect("SMSLINT_CORPUS is readable");
    let bodies: Vec<String> = text
        .lines()
        .filter(|l| !l.is_empty())
        .map(|l| match serde_json::from_str(l).expect("a JSON line") {
            serde_json::Value::String(s) => s,
            v => v["body"].as_str().expect("a body").to_owned(),
        })
        .collect();
    let mut g = c.benchmark_group("corpus");
    g.sample_size(10);
    g.throughput(Throughput::Elements(bodies.len() as u64));
    g.bench_function("count", |b| {
        b.iter(|| {
            bodies
                .iter()
                .map(|m| sms::count(black_box(m), &Options::default()).segments)
                .sum::<usize>()
        })
    });
    g.bench_function("analyze", |b| {
        b.iter(|| {
            bodies
                .iter()
                .map(|m| sms::analyze(black_box(m), &Options::default()).parts.len())
                .sum::<usize>()
        })
    });
    g.finish();
}

criterion_group!(benches, counting, splitting, corpus);
criterion_main!(benches);
