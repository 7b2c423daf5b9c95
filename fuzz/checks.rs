//! What each fuzz target checks, shared by the targets in `fuzz_targets/` and by
//! `tests/fuzz_regressions.rs`, which replays the committed inputs in `fixtures/fuzz/`
//! under `cargo test`. Each function must return normally for every input; a panic is a
//! bug (the assertions state the invariants).

use std::sync::OnceLock;

use smslint::sms::{self, NationalLanguage, NationalLanguages, Options, SplitPolicy};
use smslint::unstable::doc::schema::{ACCOUNT, MESSAGE};
use smslint::unstable::doc::{parse_yaml, DocRecord, JsonMessage, Tree};
use smslint::unstable::dsl::{self, Context, Facts, Predicate, Scope};
use smslint::unstable::engine::selftest;
use smslint::unstable::rules::pack::{self, PackSource};
use smslint::SourceFile;
use smslint::{Category, Consent, Conversation, Direction, Message, Recipient, Sender};
use smslint::{Engine, Report};

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
        .chain(
            report
                .errors
                .iter()
                .map(|e| (e.rule.to_string(), e.message.to_string())),
        )
        .collect();
    out.sort();
    out
}

/// The condition language: parse, type-check and compile any text as a message rule's
/// condition; evaluate what compiles on a message with every field set and on one with
/// none. Parsing and checking must return diagnostics whose spans lie in the text;
/// evaluation must return a value or an error — never panic, never hang.
pub fn condition(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let expr = match dsl::parse(text) {
        Ok(expr) => expr,
        Err(e) => {
            assert!(e.span.start <= e.span.end && e.span.end <= text.len());
            return;
        }
    };
    let node = match dsl::compile_condition(&expr, &Scope::message(), &mut Facts::default()) {
        Ok(node) => node,
        Err(errors) => {
            assert!(!errors.is_empty());
            for e in errors {
                assert!(e.span.start <= e.span.end && e.span.end <= text.len());
            }
            return;
        }
    };
    let predicate = Predicate::new(node);
    let full = Message {
        id: Some("m-1"),
        direction: Direction::Outbound,
        sender: Sender::Agent,
        provider: "twilio",
        from: "+14155550100",
        to: "+13055550123",
        brand: Some("Acme"),
        body: "Hi from Acme 😀! Reply STOP to opt out. https://bit.ly/x",
        send_at: Some(1_795_465_800),
        category: Some(Category::Marketing),
        recipient: Recipient {
            consent: Some(Consent::Express),
            opted_out: Some(false),
            age_verified: Some(true),
            messages_last_24h: Some(3),
            state: Some("FL"),
            time_zone: Some("Not/AZone"),
            ..Recipient::default()
        },
        conversation: Conversation {
            consumer_initiated: Some(true),
            first_message: Some(true),
            ..Conversation::default()
        },
    };
    let bare = Message {
        id: None,
        direction: Direction::Inbound,
        sender: Sender::Consumer,
        provider: "",
        from: "",
        to: "+1",
        brand: None,
        body: "",
        send_at: Some(i64::MIN),
        category: None,
        recipient: Recipient::default(),
        conversation: Conversation::default(),
    };
    for message in [&full, &bare] {
        let _ = predicate.test(&Context::new(&[message]));
    }
}

/// Rule files: load any text as one rule file beside the built-in pack's data tables, render
/// every diagnostic, and run the examples of a rule that loads.
pub fn rule_file(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let file = SourceFile::new("fuzz/rule.yaml", text);
    let source = PackSource {
        rules: vec![file],
        data: PackSource::builtin().data,
    };
    let (rules, problems) = pack::load(&[source]);
    for p in &problems {
        if let Some(span) = p.span {
            assert!(
                span.start <= span.end && span.end <= p.file.text.len(),
                "{p:?}"
            );
        }
        let _ = p.render();
    }
    for rule in &rules {
        let _ = selftest::run(rule);
    }
}

/// Account and message documents: parse any text as YAML (or JSON), load each document as
/// what its `kind` says, check it with the built-in pack and render every diagnostic.
pub fn document(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let file = SourceFile::new("fuzz/doc.yaml", text);
    let nodes = match parse_yaml(&file) {
        Ok(nodes) => nodes,
        Err(d) => {
            if let Some(span) = d.span {
                assert!(span.start <= span.end && span.end <= text.len(), "{d:?}");
            }
            let _ = d.render();
            return;
        }
    };
    for node in &nodes {
        let tree = Tree::from_yaml(node);
        let schema = match tree.get("kind").and_then(|k| k.as_str()) {
            Some("message") => &MESSAGE,
            _ => &ACCOUNT,
        };
        match DocRecord::load(&tree, schema, &["kind"]) {
            Ok(record) => {
                let report = if schema.name == MESSAGE.name {
                    engine().check_message(&record)
                } else {
                    engine().check_account(&record)
                };
                for f in &report.findings {
                    if let Some(span) = f.span {
                        assert!(span.start <= span.end && span.end <= text.len(), "{f:?}");
                    }
                }
            }
            Err(errors) => {
                for e in errors {
                    if let Some(span) = e.span {
                        assert!(span.start <= span.end && span.end <= text.len(), "{e:?}");
                    }
                }
            }
        }
    }
}

/// JSONL message lines: every line read both the fast way (serde into a borrowed message)
/// and by the general document loader. Where the fast way reads a line, the general loader
/// must read it too and the built-in pack must find exactly the same things in both.
pub fn jsonl(data: &[u8]) {
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
}

/// The segment engine: for any body and options, the parts are contiguous, cover the whole
/// body (so they concatenate back to it), never hold more units than their capacity, and
/// agree with the counts.
pub fn segments(data: &[u8]) {
    let Some((&flags, rest)) = data.split_first() else {
        return;
    };
    let Ok(body) = std::str::from_utf8(rest) else {
        return;
    };
    let mut national = NationalLanguages::NONE;
    for (bit, language) in NationalLanguage::ALL.iter().enumerate() {
        if flags & (1 << bit) != 0 {
            national = national.with(*language);
        }
    }
    let options = Options {
        split: if flags & 0x80 != 0 {
            SplitPolicy::Codepoint
        } else {
            SplitPolicy::Grapheme
        },
        national,
    };
    let counts = sms::count(body, &options);
    let parts = sms::split(body, &options);
    assert_eq!(parts.len(), counts.segments, "{body:?}");
    let mut joined = String::with_capacity(body.len());
    let mut at = 0;
    for part in &parts {
        assert_eq!(part.range.start, at, "{body:?}");
        assert!(part.units <= part.capacity, "{body:?} {part:?}");
        joined.push_str(&body[part.range.clone()]);
        at = part.range.end;
    }
    assert_eq!(joined, body);
    let analysis = sms::analyze(body, &options);
    assert_eq!(analysis.counts, counts);
    assert_eq!(analysis.parts, parts);
}
