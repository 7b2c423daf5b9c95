//! Segment test vectors written from TS 23.038 / TS 23.040 (`fixtures/segments/vectors.json`):
//! every boundary the standards define, checked through `count`, `split` and `analyze`.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use serde::Deserialize;
use smslint::sms::{self, NationalLanguage, Options, SplitPolicy};

#[derive(Deserialize)]
struct File {
    vectors: Vec<Vector>,
}

#[derive(Deserialize)]
struct Vector {
    name: String,
    body: Vec<(String, usize)>,
    #[serde(default)]
    split: Option<String>,
    #[serde(default)]
    national: Vec<String>,
    encoding: String,
    units: usize,
    segments: usize,
    /// Each part's units and characters.
    parts: Vec<(u32, usize)>,
    #[serde(default)]
    tables: Option<(String, String)>,
}

fn load() -> Vec<Vector> {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/fixtures/segments/vectors.json"
    ))
    .unwrap();
    serde_json::from_str::<File>(&text).unwrap().vectors
}

#[test]
fn vectors_from_the_standards() {
    let vectors = load();
    assert!(vectors.len() >= 50);
    let mut failures = Vec::new();
    for v in &vectors {
        let body: String = v.body.iter().map(|(t, n)| t.repeat(*n)).collect();
        let options = Options {
            split: match v.split.as_deref() {
                Some("codepoint") => SplitPolicy::Codepoint,
                _ => SplitPolicy::Grapheme,
            },
            national: v
                .national
                .iter()
                .map(|n| NationalLanguage::from_name(n).unwrap())
                .collect(),
        };
        let c = sms::count(&body, &options);
        let a = sms::analyze(&body, &options);
        let parts: Vec<(u32, usize)> = a
            .parts
            .iter()
            .map(|p| (p.units, body[p.range.clone()].chars().count()))
            .collect();
        let tables = (
            c.tables.locking.name().to_string(),
            c.tables.single.name().to_string(),
        );
        let got = (c.encoding.as_str(), c.units, c.segments, &parts);
        let want = (v.encoding.as_str(), v.units, v.segments, &v.parts);
        if got != want || a.counts != c || v.tables.as_ref().is_some_and(|t| *t != tables) {
            failures.push(format!(
                "{}: got {got:?} tables {tables:?}, want {want:?} tables {:?}",
                v.name, v.tables
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
