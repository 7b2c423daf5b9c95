//! The rule-engine benchmark kit's ten rules, written as smslint rule files
//! (`benches/rules-kit/rules`): they load, their examples hold, and on a generated workload
//! they find exactly what a hand-written Rust version of the same rules finds.

#[allow(dead_code)]
#[path = "../benches/rules-kit/sms_doc.rs"]
mod sms_doc;

use std::path::Path;

use regex::Regex;

fn root() -> &'static Path {
    Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/benches/rules-kit/rules"
    ))
}

#[test]
fn the_kit_rules_load_and_their_examples_hold() {
    for variant in ["plain", "regex"] {
        let packs = [
            smslint::PackSource::read_dir(&root().join("common")).unwrap(),
            smslint::PackSource::read_dir(&root().join(variant)).unwrap(),
        ];
        let (rules, problems) = smslint::load_rules_with(&packs, &[&sms_doc::SMS_KIND]);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(rules.len(), 10);
        let mut examples = 0;
        for rule in &rules {
            for outcome in smslint::run_examples(rule) {
                assert_eq!(outcome.problem, None, "{} {variant}: {outcome:?}", rule.id);
                examples += 1;
            }
        }
        assert!(examples >= 19, "{examples}");
    }
}

#[test]
fn the_kit_rules_find_what_hand_written_rust_finds() {
    let docs = sms_doc::workload(20_000);
    let regexes = (
        Regex::new(r"(?i)\b(stop|unsubscribe)\b").unwrap(),
        Regex::new(r"^\+[1-9][0-9]{6,14}$").unwrap(),
    );
    for variant in ["plain", "regex"] {
        let engine = sms_doc::load(root(), variant).unwrap();
        let mut per_rule = [0usize; 10];
        for doc in &docs {
            let got = sms_doc::violations(&engine, doc);
            assert_eq!(
                got,
                sms_doc::native(doc, (variant == "regex").then_some(&regexes)),
                "{variant}: {doc:?}"
            );
            for (i, count) in per_rule.iter_mut().enumerate() {
                *count += usize::from(got & (1 << i) != 0);
            }
        }
        // A cross-check that never sees a violation would prove nothing.
        assert!(per_rule.iter().all(|&c| c > 0), "{variant}: {per_rule:?}");
    }
}

#[test]
fn rule_bits_follow_the_kit_numbering() {
    assert_eq!(sms_doc::rule_bit("bench.r01"), 1);
    assert_eq!(sms_doc::rule_bit("bench.r10"), 1 << 9);
    assert_eq!(sms_doc::rule_bit("other"), 0);
}
