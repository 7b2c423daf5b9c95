//! The public API as a library user meets it: every call through the curated root
//! (`smslint::…`), errors that work with `?`, findings that print and serialize, reports
//! written in every format from the library.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::path::Path;

use smslint::report::{self, Outcome};
use smslint::{
    read_documents, Direction, DocumentKind, Engine, Finding, Message, MessageBuf, Report,
    RuleFailure, Selection, Sender, Severity, SourceFile,
};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn marketing_at_night() -> Message<'static> {
    Message {
        body: "50% off everything tonight!",
        send_at: Some(1_795_487_400), // 2026-11-23T21:30:00-05:00: after 21:00 in Miami
        category: Some(smslint::Category::Marketing),
        ..Message::new(
            Direction::Outbound,
            Sender::System,
            "twilio",
            "+14155550100",
            "+13055550123",
        )
    }
}

#[test]
fn loading_errors_work_with_the_question_mark() -> Result<(), Box<dyn std::error::Error>> {
    let engine = Engine::builtin()?;
    assert!(!engine.rules().is_empty());
    let bad = Engine::from_dirs(
        false,
        &[&root().join("fixtures/rules/bad")],
        &Selection::default(),
    )
    .unwrap_err();
    // Every problem of every file, not only the first; Display names each place.
    assert!(bad.problems.len() > 3, "{bad}");
    let shown = bad.to_string();
    assert!(shown.starts_with(&format!("{} problems:", bad.problems.len())));
    assert!(shown.contains("fixtures/rules/bad/"), "{shown}");
    let boxed: Box<dyn std::error::Error> = Box::new(bad.clone());
    assert_eq!(boxed.to_string(), shown);
    // miette can render every problem with its source.
    let diagnostic: &dyn miette::Diagnostic = &bad;
    assert_eq!(diagnostic.related().unwrap().count(), bad.problems.len());
    let first: &dyn miette::Diagnostic = &bad.problems[0];
    assert!(first.source_code().is_some());
    Ok(())
}

#[test]
fn findings_display_and_serialize() {
    let engine = Engine::builtin().unwrap();
    engine.warm();
    let report = engine.check_message(&marketing_at_night());
    assert!(report.has_errors(), "{report:?}");
    let quiet = report
        .findings
        .iter()
        .find(|f| &*f.rule == "us.quiet-hours")
        .expect("a marketing text at 21:30 local time breaks the federal window");
    let shown = quiet.to_string();
    assert!(shown.starts_with("error[us.quiet-hours]: "), "{shown}");
    assert!(shown.contains("\n  help: "), "{shown}");
    assert_eq!(Severity::Warning.to_string(), "warning");

    let json = serde_json::to_value(&report).unwrap();
    let first = &json["findings"][0];
    assert_eq!(first["rule"], serde_json::json!(&*report.findings[0].rule));
    assert_eq!(
        first["severity"],
        serde_json::json!(report.findings[0].severity.as_str())
    );
    assert!(json["errors"].as_array().unwrap().is_empty());
}

#[test]
fn a_rule_that_could_not_judge_makes_the_report_an_error() {
    let mut report = Report::default();
    assert_eq!(report.worst(), None);
    report.findings.push(Finding {
        rule: "x.warn".into(),
        severity: Severity::Warning,
        message: "m".into(),
        help: None,
        span: None,
        number: None,
    });
    assert_eq!(report.worst(), Some(Severity::Warning));
    report.errors.push(RuleFailure {
        rule: "x.fail".into(),
        message: "unknown time zone".into(),
        span: None,
    });
    // worst() and has_errors() agree: a failure is as bad as an error finding.
    assert_eq!(report.worst(), Some(Severity::Error));
    assert!(report.has_errors());
}

#[test]
fn documents_from_files_and_from_serde_check_alike() {
    let engine = Engine::builtin().unwrap();
    let path = root().join("fixtures/accounts/invalid/mixed-ownership.yaml");
    let file = SourceFile::read(&path, 1 << 20).unwrap();
    let documents = read_documents(&file).unwrap();
    let account = documents[0].as_ref().unwrap();
    assert_eq!(account.kind, &DocumentKind::ACCOUNT);
    let by_kind = engine.check(account.kind, account);
    assert_eq!(by_kind, engine.check_account(account));
    assert!(by_kind
        .findings
        .iter()
        .any(|f| &*f.rule == "provisioning.mixed-ownership"));

    let line = r#"{"direction": "outbound", "sender": "system", "provider": "twilio",
        "from": "+14155550100", "to": "+13055550123", "body": "50% off everything tonight!",
        "send_at": "2026-11-23T21:30:00-05:00", "category": "marketing"}"#;
    let from_json: MessageBuf = serde_json::from_str(line).unwrap();
    assert_eq!(
        engine.check_message(&from_json),
        engine.check_message(&marketing_at_night())
    );
    assert_eq!(
        engine.check(&DocumentKind::MESSAGE, &from_json),
        engine.check_message(&from_json)
    );
}

#[test]
fn every_report_format_is_written_by_the_library() {
    let engine = Engine::builtin().unwrap();
    let file = SourceFile::read(
        &root().join("fixtures/accounts/invalid/mixed-ownership.yaml"),
        1 << 20,
    )
    .unwrap();
    let mut outcome = Outcome::default();
    outcome.add_file(&file);
    for document in read_documents(&file).unwrap() {
        outcome.documents += 1;
        match document {
            Ok(d) => outcome.add_report(engine.check(d.kind, &d), &file),
            Err(problems) => outcome.add_problems(problems),
        }
    }
    assert!(!outcome.findings.is_empty());
    let sarif: serde_json::Value =
        serde_json::from_str(&report::sarif(&outcome, engine.rules())).unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    assert_eq!(
        sarif["runs"][0]["results"].as_array().unwrap().len(),
        outcome.findings.len()
    );
    let json: serde_json::Value = serde_json::from_str(&report::json(&outcome)).unwrap();
    assert_eq!(json["summary"]["documents"], 1);
    assert!(report::github(&outcome).starts_with("::error file="));
    let junit = report::junit(&outcome, Some(smslint::Severity::Warning));
    assert!(junit.starts_with("<?xml"));
    // The root counts what its suites count (xunitparser refuses a file where it does not).
    let count = |attr: &str, text: &str| -> usize {
        text.split(&format!(" {attr}=\""))
            .skip(1)
            .map(|rest| rest.split('"').next().unwrap().parse::<usize>().unwrap())
            .sum()
    };
    let (root, suites) = junit.split_once("\n  <testsuite ").unwrap();
    assert_eq!(count("tests", root), count("tests", suites));
    assert_eq!(count("tests", root), junit.matches("<testcase ").count());
    assert_eq!(count("failures", root), junit.matches("<failure ").count());
    // A finding below the threshold passes; with no threshold nothing fails.
    assert_eq!(
        report::junit(&outcome, None).matches("<failure ").count(),
        0
    );
    let human = report::human(&outcome, false);
    assert!(human.ends_with("info\n"), "{human}");
    assert!(!human.contains('\x1b'));
}

/// A finding keeps only the lines it shows of a large file, and reads in every format
/// exactly as it would with the whole file (issue 21: 120 files of 8 MiB with one finding
/// each held 995 MB until the report was written).
#[test]
fn findings_keep_only_the_lines_they_show() {
    let mut text = String::from("kind: account\nid: big\nnumbers:\n");
    for i in 0..5_000 {
        text.push_str(&format!(
            "  - {{number: \"+1415{:07}\", source: brand_owned, provider: twilio, status: active}}\n",
            5_550_000 + i
        ));
    }
    text.push_str("  - number: \"12345\"\n    source: brand_owned\n    provider: twilio\n    status: active\nengagements: []\n");
    let file = SourceFile::new("big.yaml", text);
    let engine = Engine::builtin().unwrap();
    let mut outcome = Outcome::default();
    outcome.add_file(&file);
    for document in read_documents(&file).unwrap() {
        let d = document.unwrap();
        outcome.add_report(engine.check(d.kind, &d), &file);
    }
    assert!(!outcome.findings.is_empty());
    // The same findings, each holding the whole file.
    let mut whole = outcome.clone();
    let mut report = smslint::Report::default();
    for document in read_documents(&file).unwrap() {
        let d = document.unwrap();
        report = engine.check(d.kind, &d);
    }
    for (entry, finding) in whole.findings.iter_mut().zip(&report.findings) {
        // Two lines, and a line break for each line between them.
        assert!(
            entry.file.text.len() < file.text.len() / 50,
            "{}",
            entry.file.text.len()
        );
        entry.file = std::sync::Arc::clone(&file);
        entry.span = finding.span;
    }
    assert_eq!(report::human(&outcome, false), report::human(&whole, false));
    assert_eq!(report::json(&outcome), report::json(&whole));
    assert_eq!(
        report::sarif(&outcome, engine.rules()),
        report::sarif(&whole, engine.rules())
    );
    assert_eq!(report::github(&outcome), report::github(&whole));
}

/// The send path fails closed: a number that cannot be read, a state that is not one, an
/// automated message without a category are each reported, never a silent pass.
#[test]
fn the_send_path_fails_closed() {
    let engine = Engine::builtin().unwrap();
    let ids = |report: &Report| -> Vec<String> {
        let mut ids: Vec<String> = report.findings.iter().map(|f| f.rule.to_string()).collect();
        ids.extend(report.errors.iter().map(|e| e.rule.to_string()));
        ids
    };

    for to in ["3055550123", "+1 (305) 555-0123", "+1305555012", ""] {
        let report = engine.check_message(&Message {
            to,
            ..marketing_at_night()
        });
        let invalid = report
            .findings
            .iter()
            .find(|f| &*f.rule == "message.invalid-number")
            .unwrap_or_else(|| panic!("{to:?}: {:?}", ids(&report)));
        assert_eq!(invalid.severity, Severity::Error);
        assert!(invalid.message.contains("`to`"), "{}", invalid.message);
    }
    let report = engine.check_message(&Message {
        from: "4155550100",
        ..marketing_at_night()
    });
    let invalid = report
        .findings
        .iter()
        .find(|f| &*f.rule == "message.invalid-number")
        .unwrap();
    assert!(
        invalid.message.contains("`from` number `4155550100`"),
        "{}",
        invalid.message
    );
    assert!(
        invalid.message.contains("+14155550100"),
        "{}",
        invalid.message
    );

    // A New York number at 20:30 Eastern: inside the federal window, outside Florida's.
    let at_half_past_eight = Message {
        send_at: Some(1_795_483_800),
        to: "+12125550123",
        ..marketing_at_night()
    };
    for state in ["FL", "fl", "Fl"] {
        let report = engine.check_message(&Message {
            recipient: smslint::Recipient {
                state: Some(state),
                ..Default::default()
            },
            ..at_half_past_eight
        });
        assert!(
            ids(&report).contains(&"us.state-quiet-hours".to_owned()),
            "{state}: {:?}",
            ids(&report)
        );
    }
    for (state, help) in [
        ("Florida", "`FL` (Florida)"),
        ("Florda", "`FL`"),
        ("XX", ""),
    ] {
        let report = engine.check_message(&Message {
            recipient: smslint::Recipient {
                state: Some(state),
                ..Default::default()
            },
            ..at_half_past_eight
        });
        assert!(report.has_errors());
        assert_eq!(report.errors.len(), 1, "{state}");
        assert_eq!(&*report.errors[0].rule, "input.recipient-state");
        assert!(
            report.errors[0].message.contains(help),
            "{}",
            report.errors[0].message
        );
    }

    let report = engine.check_message(&Message {
        category: None,
        ..marketing_at_night()
    });
    assert_eq!(ids(&report), ["message.category-missing"]);
    assert_eq!(report.findings[0].severity, Severity::Warning);
}
