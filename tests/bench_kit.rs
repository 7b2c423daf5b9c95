//! The rule-engine benchmark kit's ten rules, written as smslint rule files
//! (`benches/rules-kit/rules`): they load, their examples hold, and on a generated workload
//! they find exactly what a hand-written Rust version of the same rules finds.

#[allow(dead_code)]
#[path = "../benches/rules-kit/sms_doc.rs"]
mod sms_doc;

use std::path::Path;

use regex::Regex;
use sms_doc::SmsDoc;

fn root() -> &'static Path {
    Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/benches/rules-kit/rules"
    ))
}

/// The kit's rules by hand, as its `native-rust` baseline states them.
fn native(m: &SmsDoc, regexes: Option<&(Regex, Regex)>) -> u16 {
    let marketing = m.category == "marketing";
    let has_stop = if let Some((opt_out, _)) = regexes {
        opt_out.is_match(&m.body)
    } else {
        m.body.contains("STOP") || m.body.contains("stop")
    };
    let to_ok = if let Some((_, e164)) = regexes {
        e164.is_match(&m.to)
    } else {
        let n = m.to.chars().count();
        m.to.starts_with('+') && (8..=16).contains(&n)
    };
    let checks = [
        m.body.chars().count() > 1600,
        m.segments > 10,
        marketing && !(8..21).contains(&m.local_hour),
        marketing && !has_stop,
        marketing && m.consent.status != "opted_in",
        m.from_type == "toll_free" && !m.from_verified,
        !to_ok,
        m.from_type == "short_code" && !(m.country == "US" || m.country == "CA"),
        !(m.encoding == "GSM7" || m.encoding == "UCS2"),
        m.body.contains("cannabis"),
    ];
    checks
        .iter()
        .enumerate()
        .fold(0, |mask, (i, &hit)| if hit { mask | 1 << i } else { mask })
}

#[test]
fn the_kit_rules_load_and_their_examples_hold() {
    for variant in ["plain", "regex"] {
        let packs = [
            smslint::rules::PackSource::read_dir(&root().join("common")).unwrap(),
            smslint::rules::PackSource::read_dir(&root().join(variant)).unwrap(),
        ];
        let (rules, problems) = smslint::rules::load_with(&packs, &[&sms_doc::SMS_KIND]);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(rules.len(), 10);
        let mut examples = 0;
        for rule in &rules {
            for outcome in smslint::rules::selftest::run(rule) {
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
                native(doc, (variant == "regex").then_some(&regexes)),
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
