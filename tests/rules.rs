//! Rule packs end to end: the built-in pack and the fixture packs in `fixtures/rules/` load
//! (or fail to, with the right diagnostic at the right place), their examples pass, and the
//! engine's findings carry the right rule, severity, rendered text and span.
//!
//! - `fixtures/rules/good/`: a small user pack using every part of the rule language;
//! - `fixtures/rules/bad/`: one broken file per problem class, each named for it;
//! - `fixtures/rules/failing/`: valid rules whose examples are wrong.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use smslint::unstable::doc::schema::{Schema, ACCOUNT, MESSAGE};
use smslint::unstable::doc::{parse_yaml, DocRecord, Tree};
use smslint::unstable::engine::selftest;
use smslint::unstable::rules::{self, PackSource, Rule, Severity, Status};
use smslint::Span;
use smslint::{Engine, Finding, Report, Selection};
use smslint::{SourceDiagnostic, SourceFile};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn pack(name: &str) -> PackSource {
    PackSource::read_dir(&root().join("fixtures/rules").join(name))
        .unwrap_or_else(|e| panic!("{}", e.render()))
}

fn rendered(problems: &[SourceDiagnostic]) -> String {
    problems
        .iter()
        .map(SourceDiagnostic::render)
        .collect::<Vec<_>>()
        .join("\n")
}

/// Loads packs that must load cleanly.
fn load_clean(packs: &[PackSource]) -> Vec<Rule> {
    let (rules, problems) = rules::load(packs);
    assert!(problems.is_empty(), "{}", rendered(&problems));
    rules
}

/// The built-in pack and the good fixture pack, loaded together.
fn builtin_and_good() -> Vec<Rule> {
    load_clean(&[PackSource::builtin(), pack("good")])
}

/// Every example of every rule, with the failures spelt out.
fn selftest_failures(rules: &[Rule]) -> Vec<String> {
    let mut failures = Vec::new();
    for rule in rules {
        for o in selftest::run(rule) {
            if let Some(problem) = &o.problem {
                failures.push(format!(
                    "{} {} example {} (line {:?}): {problem}",
                    rule.id, o.expected, o.index, o.line
                ));
            }
        }
    }
    failures
}

/// A document written in YAML, loaded the way the CLI loads one, kept with its text.
struct Doc {
    file: Arc<SourceFile>,
    record: DocRecord,
}

impl Doc {
    fn load(yaml: &str, schema: &'static Schema) -> Doc {
        let file = SourceFile::new("doc.yaml", yaml);
        let nodes = parse_yaml(&file).unwrap_or_else(|e| panic!("{}", e.render()));
        assert_eq!(nodes.len(), 1);
        let record = DocRecord::load(&Tree::from_yaml(&nodes[0]), schema, &["kind"])
            .unwrap_or_else(|e| panic!("{e:?}"));
        Doc { file, record }
    }

    fn message(yaml: &str) -> Doc {
        Doc::load(yaml, &MESSAGE)
    }

    fn account(yaml: &str) -> Doc {
        Doc::load(yaml, &ACCOUNT)
    }

    /// The text a span covers.
    fn text(&self, span: Option<Span>) -> &str {
        let span = span.expect("a span");
        &self.file.text[span.start..span.end]
    }

    fn line_col(&self, span: Option<Span>) -> (usize, usize) {
        self.file.line_col(span.expect("a span").start)
    }
}

fn ids(report: &Report) -> Vec<&str> {
    report.findings.iter().map(|f| &*f.rule).collect()
}

fn only<'r>(report: &'r Report, id: &str) -> &'r Finding {
    let found: Vec<&Finding> = report.findings.iter().filter(|f| &*f.rule == id).collect();
    assert_eq!(found.len(), 1, "{id}: {report:#?}");
    found[0]
}

// --- (a), (b): the built-in pack -------------------------------------------------------

#[test]
fn builtin_pack_loads_and_every_example_passes() {
    let rules = load_clean(&[PackSource::builtin()]);
    assert!(!rules.is_empty(), "the built-in pack has no rules");
    let failures = selftest_failures(&rules);
    assert!(
        failures.is_empty(),
        "built-in rule examples fail:\n{}",
        failures.join("\n")
    );
}

#[test]
fn every_builtin_rule_is_documented_cited_and_has_examples() {
    let rules = load_clean(&[PackSource::builtin()]);
    let mut problems = Vec::new();
    for r in &rules {
        let mut say = |what: &str| problems.push(format!("{} ({}): {what}", r.id, r.file.name));
        if r.title.trim().is_empty() {
            say("no title");
        }
        if r.why.trim().is_empty() {
            say("no `why`");
        }
        if r.citations.is_empty() {
            say("no citation");
        }
        if r.citations.iter().any(|c| c.source.trim().is_empty()) {
            say("a citation without a source");
        }
        if r.pass.is_empty() {
            say("no `pass` example");
        }
        if r.fail.is_empty() {
            say("no `fail` example");
        }
        if !r.file.name.starts_with("rules/") {
            say("not embedded from rules/");
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

// --- (c): a user pack with the built-in one ----------------------------------------------

#[test]
fn good_pack_loads_with_the_builtin_pack_and_its_examples_pass() {
    let rules = builtin_and_good();
    let acme: BTreeMap<&str, &Rule> = rules
        .iter()
        .filter(|r| r.id.starts_with("acme."))
        .map(|r| (&*r.id, r))
        .collect();
    assert_eq!(
        acme.keys().copied().collect::<Vec<_>>(),
        [
            "acme.banned-words",
            "acme.forwarding-loop",
            "acme.provider-limits",
            "acme.quiet-hours"
        ]
    );
    let quiet = acme["acme.quiet-hours"];
    assert_eq!(quiet.status, Status::Preview);
    assert_eq!(
        quiet.effective_from,
        Some(smslint::Date::new(2025, 1, 1).unwrap())
    );
    assert_eq!(
        quiet.effective_until,
        Some(smslint::Date::new(2030, 12, 31).unwrap())
    );
    assert_eq!(
        quiet.applies_to,
        rules::AppliesTo::Message,
        "applies_to is read"
    );
    assert_eq!(
        acme["acme.forwarding-loop"].applies_to,
        rules::AppliesTo::Number
    );
    assert_eq!(
        acme["acme.provider-limits"].applies_to,
        rules::AppliesTo::Account
    );
    let failures = selftest_failures(&rules);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // Each example was run: 2 + 3 + 3 + 2 in the good pack.
    let examples: usize = acme.values().map(|r| selftest::run(r).len()).sum();
    assert_eq!(examples, 10);
}

const NIGHT_MARKETING: &str = r#"kind: message
direction: outbound
sender: system
provider: twilio
from: "+14155550100"
to: "+13055550123"
category: marketing
body: Results guaranteed, act now!
send_at: "2026-03-02T03:30:00Z"
recipient:
  time_zone: America/New_York
"#;

#[test]
fn a_message_gets_exact_findings_from_the_user_pack() {
    let engine = Engine::new(builtin_and_good(), &Selection::default());
    let doc = Doc::message(NIGHT_MARKETING);
    let report = engine.check_message(&doc.record);
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    // Rule order: the built-in pack, then the user pack's files in path order.
    assert_eq!(
        ids(&report),
        [
            "consent.written-for-marketing",
            "content.opt-out-instructions",
            "us.dnc-registry",
            "us.marketing-identification",
            "us.quiet-hours",
            "us.state-quiet-hours",
            "acme.banned-words",
            "acme.quiet-hours"
        ]
    );

    let banned = only(&report, "acme.banned-words");
    assert_eq!(banned.severity, Severity::Error);
    assert_eq!(
        banned.message,
        "the message to +13055550123 mentions one of [guaranteed, risk-free, act now]"
    );
    assert_eq!(
        banned.help.as_deref(),
        Some("reword it; the words are listed in data/banned_words.yaml (3 of them)")
    );
    // `at: message.body`: the body's value as written.
    assert_eq!(doc.text(banned.span), "Results guaranteed, act now!");
    assert_eq!(doc.line_col(banned.span), (8, 7));

    let quiet = only(&report, "acme.quiet-hours");
    assert_eq!(quiet.severity, Severity::Warning);
    assert_eq!(
        quiet.message,
        "a marketing message to +13055550123 is sent outside 08:00–21:00 local time"
    );
    assert_eq!(
        quiet.help.as_deref(),
        Some("schedule it for 08:00 or later in the recipient's time zone")
    );
    // `at: message.send_at`, an optional field: its value as written, quotes included.
    assert_eq!(doc.text(quiet.span), "\"2026-03-02T03:30:00Z\"");
    assert_eq!(doc.line_col(quiet.span), (9, 10));
}

#[test]
fn daytime_replies_and_missing_facts_pass_the_quiet_hours_rule() {
    let engine = Engine::new(builtin_and_good(), &Selection::default());
    // 15:30 UTC is 10:30 in New York.
    let day = NIGHT_MARKETING.replace("03:30:00Z", "15:30:00Z");
    assert_eq!(
        ids(&engine.check_message(&Doc::message(&day).record)),
        [
            "consent.written-for-marketing",
            "content.opt-out-instructions",
            "us.dnc-registry",
            "us.marketing-identification",
            "acme.banned-words"
        ]
    );
    // The `when` regex: a STOP reply is not marketing, even at night.
    let stop = NIGHT_MARKETING.replace("body: Results guaranteed, act now!", "body: '  stop'");
    assert_eq!(
        ids(&engine.check_message(&Doc::message(&stop).record)),
        [
            "consent.written-for-marketing",
            "us.dnc-registry",
            "us.marketing-identification",
            "us.quiet-hours",
            "us.state-quiet-hours"
        ]
    );
    // Without a time zone the rule cannot judge, and the `present` guard makes it pass.
    let no_zone =
        NIGHT_MARKETING.replace("  time_zone: America/New_York\n", "  opted_out: false\n");
    assert_eq!(
        ids(&engine.check_message(&Doc::message(&no_zone).record)),
        [
            "consent.written-for-marketing",
            "content.opt-out-instructions",
            "us.dnc-registry",
            "us.marketing-identification",
            "us.quiet-hours",
            "us.state-quiet-hours",
            "acme.banned-words"
        ]
    );
}

#[test]
fn effective_dates_are_judged_on_the_day_the_message_is_sent() {
    let engine = Engine::new(builtin_and_good(), &Selection::default());
    for (send_at, expected) in [
        ("2024-12-31T03:30:00Z", false),
        ("2025-01-01T03:30:00Z", true),
        ("2030-12-31T03:30:00Z", true),
        ("2031-01-01T03:30:00Z", false),
    ] {
        let doc = Doc::message(&NIGHT_MARKETING.replace("2026-03-02T03:30:00Z", send_at));
        let report = engine.check_message(&doc.record);
        assert_eq!(
            ids(&report).contains(&"acme.quiet-hours"),
            expected,
            "sent at {send_at}: {report:#?}"
        );
    }
}

const ACCOUNT_DOC: &str = r#"id: acct-9
brand: Acme
numbers:
  - number: "+14155550100"
    source: self_provisioned
    provider: twilio
    status: active
    registration: 10dlc
    registration_id: C1
    registration_status: approved
  - number: "+14155550101"
    source: self_provisioned
    provider: twilio
    status: active
    forwarding: "+14155550101"
    registration: 10dlc
    registration_id: C1
    registration_status: approved
  - {number: "+14155550102", source: brand_owned, provider: twilio, status: active, registration: 10dlc, registration_id: C1, registration_status: approved}
engagements: []
"#;

#[test]
fn an_account_gets_exact_findings_from_account_and_number_rules() {
    let engine = Engine::new(builtin_and_good(), &Selection::default())
        .on(smslint::Date::new(2026, 6, 1).unwrap());
    let doc = Doc::account(ACCOUNT_DOC);
    let report = engine.check_account(&doc.record);
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    // The built-in pack's findings come first: account rules, then number rules.
    assert_eq!(
        ids(&report),
        [
            "account.no-default-number",
            "provisioning.mixed-ownership",
            "acme.provider-limits",
            "number.missing-field",
            "number.missing-field",
            "acme.forwarding-loop"
        ]
    );

    // Three active Twilio numbers, two allowed: a list-of-records table, `all` over it with
    // a bound variable, `count` inside. No `at:`, so the finding points at the account.
    let limits = only(&report, "acme.provider-limits");
    assert_eq!(limits.severity, Severity::Warning);
    assert_eq!(
        limits.message,
        "account `acct-9` holds 3 active numbers; see the limits per provider"
    );
    assert_eq!(
        limits.help.as_deref(),
        Some("release a number, or ask for a larger contract")
    );
    assert_eq!(limits.span.map(|s| s.start), Some(0));
    assert!(doc.text(limits.span).starts_with("id: acct-9\n"));
    assert!(doc
        .text(limits.span)
        .trim_end()
        .ends_with("engagements: []"));

    // The second number forwards to itself: `at: number.forwarding` of that entry.
    let looped = only(&report, "acme.forwarding-loop");
    assert_eq!(looped.severity, Severity::Error);
    assert_eq!(
        looped.message,
        "number `+14155550101` of account `acct-9` forwards to itself"
    );
    assert_eq!(doc.text(looped.span), "\"+14155550101\"");
    assert_eq!(doc.line_col(looped.span), (15, 17));
}

// --- (d): selection -------------------------------------------------------------------

#[test]
fn select_and_ignore_change_which_findings_appear() {
    // An agent's overlong night-time marketing message: six built-in and two user findings.
    let body = format!("Results guaranteed. {}", "x".repeat(1600));
    let yaml = NIGHT_MARKETING
        .replace("sender: system", "sender: agent")
        .replace(
            "body: Results guaranteed, act now!",
            &format!("body: {body}"),
        );
    let doc = Doc::message(&yaml);
    let found = |select: &[&str], ignore: &[&str]| -> Vec<String> {
        let selection = Selection::new(
            select.iter().map(|s| s.to_string()).collect(),
            ignore.iter().map(|s| s.to_string()).collect(),
        );
        let engine = Engine::new(builtin_and_good(), &selection);
        let report = engine.check_message(&doc.record);
        assert!(report.errors.is_empty());
        report.findings.iter().map(|f| f.rule.to_string()).collect()
    };
    assert_eq!(
        found(&[], &[]),
        [
            "consent.written-for-marketing",
            "content.opt-out-instructions",
            "message.agent-length",
            "message.provider-length",
            "message.segments",
            "us.dnc-registry",
            "us.marketing-identification",
            "us.quiet-hours",
            "us.state-quiet-hours",
            "acme.banned-words",
            "acme.quiet-hours"
        ]
    );
    assert_eq!(
        found(&["message."], &[]),
        [
            "message.agent-length",
            "message.provider-length",
            "message.segments"
        ]
    );
    assert_eq!(
        found(&["message"], &[]),
        [
            "message.agent-length",
            "message.provider-length",
            "message.segments"
        ]
    );
    assert_eq!(
        found(&["acme."], &[]),
        ["acme.banned-words", "acme.quiet-hours"]
    );
    assert_eq!(
        found(&["acme."], &["acme.quiet-hours"]),
        ["acme.banned-words"]
    );
    assert_eq!(
        found(&[], &["acme"]),
        [
            "consent.written-for-marketing",
            "content.opt-out-instructions",
            "message.agent-length",
            "message.provider-length",
            "message.segments",
            "us.dnc-registry",
            "us.marketing-identification",
            "us.quiet-hours",
            "us.state-quiet-hours"
        ],
        "an ignored prefix without its dot"
    );
    assert_eq!(
        found(&["message.agent-length", "acme.quiet-hours"], &[]),
        ["message.agent-length", "acme.quiet-hours"]
    );
    // A prefix matches whole id parts only.
    assert!(found(&["acme.quiet"], &[]).is_empty());
    assert!(found(&["message.agent"], &[]).is_empty());
    let selection = Selection::new(vec!["acme.quiet".into(), "message.".into()], vec![]);
    assert_eq!(
        selection.unmatched(&["acme.quiet-hours", "message.agent-length"]),
        ["acme.quiet"]
    );
}

// --- (e): a rule that fails at run time --------------------------------------------------

const MARS_RULE: &str = r#"id: mars.local-time
title: a message is sent before 08:00 on Mars
severity: warning
applies_to: message
status: preview
why: Olympus Mons has no IANA time zone, so this rule cannot be evaluated.
require: not present(message.recipient.time_zone) or local_time(message.send_at, "Mars/Olympus") > 08:00
message: sent too early on Mars
examples:
  pass:
    - {direction: outbound, sender: agent, provider: twilio, from: "+14155550100", to: "+13055550123", body: "hi"}
  fail:
    - {direction: outbound, sender: agent, provider: twilio, from: "+14155550100", to: "+13055550123", body: "hi", send_at: "2026-03-02T03:30:00Z", recipient: {time_zone: America/New_York}}
"#;

#[test]
fn a_rule_failing_at_run_time_is_an_error_not_a_pass_or_a_finding() {
    let inline = PackSource {
        rules: vec![SourceFile::new("inline/mars.yaml", MARS_RULE)],
        data: vec![],
    };
    let rules = load_clean(&[inline]);
    // Its self-test reports the failure instead of counting the example as a pass.
    let outcomes = selftest::run(&rules[0]);
    assert_eq!(outcomes.len(), 2);
    assert_eq!(
        outcomes[0].problem, None,
        "the guard passes without a time zone"
    );
    let problem = outcomes[1].problem.as_deref().unwrap();
    assert!(
        problem.starts_with("the rule failed to evaluate: unknown time zone `Mars/Olympus`"),
        "{problem}"
    );

    let engine = Engine::new(rules, &Selection::default());
    let doc = Doc::message(&NIGHT_MARKETING.replace("kind: message\n", ""));
    let report = engine.check_message(&doc.record);
    assert!(report.findings.is_empty(), "{report:#?}");
    assert!(!report.is_clean());
    assert_eq!(report.errors.len(), 1);
    let e = &report.errors[0];
    assert_eq!(&*e.rule, "mars.local-time");
    assert!(
        e.message.contains("unknown time zone `Mars/Olympus`"),
        "{}",
        e.message
    );
    assert_eq!(e.span.map(|s| s.start), Some(0), "the message document");

    // Without a time zone the guard holds and nothing is evaluated that could fail.
    let without = NIGHT_MARKETING.replace("recipient:\n  time_zone: America/New_York\n", "");
    assert!(engine
        .check_message(&Doc::message(&without).record)
        .is_clean());
}

// --- span exactness in every YAML scalar style --------------------------------------------

/// A rule file whose `require:` is written as `require`, reading `message.bdy`.
fn rule_with_require(require: &str) -> String {
    format!(
        "id: spans.unknown-field\ntitle: t\nseverity: info\napplies_to: message\nstatus: preview\nwhy: w\nmessage: m\nrequire: {require}\n"
    )
}

#[test]
fn an_unknown_field_is_underlined_exactly_in_every_scalar_style() {
    // (style, the `require:` value as written, line and column of `bdy`)
    let cases: &[(&str, &str, (usize, usize))] = &[
        ("plain", "characters(message.bdy) > 0", (8, 29)),
        (
            "plain, folded over lines",
            "message.provider != \"bøt\"\n  and\n     characters(message.bdy) > 0",
            (10, 25),
        ),
        (
            "single-quoted with '' escapes",
            "'message.provider != ''bøt'' and characters(message.bdy) > 0'",
            (8, 62),
        ),
        (
            "single-quoted, folded over lines",
            "'message.sender != ''bot''\n\n  and characters(message.bdy) > 0'",
            (10, 26),
        ),
        (
            "double-quoted with \\\" and \\u escapes",
            "\"message.provider != \\\"b\\u00f8t\\\" and characters(message.bdy) > 0\"",
            (8, 67),
        ),
        (
            "double-quoted with an escaped line break",
            "\"message.sender != \\\"bot\\\" and \\\n    characters(message.\\\n  bdy) > 0\"",
            (10, 3),
        ),
        (
            "literal block |",
            "|\n  message.sender != \"bot\"\n  and characters(message.bdy) > 0\n",
            (10, 26),
        ),
        (
            "literal block |- with a more-indented line",
            "|-\n  message.sender != \"bot\"\n  and\n      characters(message.bdy) > 0",
            (11, 26),
        ),
        (
            "folded block >",
            ">\n  message.provider != \"bøt\"\n  and characters(message.bdy)\n  > 0\n",
            (10, 26),
        ),
        (
            "folded block >- with an indentation indicator",
            ">2-\n    message.sender != \"bot\"\n    and characters(message.bdy) > 0",
            (10, 28),
        ),
    ];
    let mut failures = Vec::new();
    for (style, require, (line, col)) in cases {
        let text = rule_with_require(require);
        assert_eq!(text.matches("bdy").count(), 1, "{style}");
        let file = SourceFile::new(format!("{style}.yaml"), text.clone());
        let (rules, problems) = rules::load(&[PackSource {
            rules: vec![Arc::clone(&file)],
            data: vec![],
        }]);
        assert!(rules.is_empty(), "{style}");
        let [d] = problems.as_slice() else {
            failures.push(format!(
                "{style}: expected one diagnostic, got\n{}",
                rendered(&problems)
            ));
            continue;
        };
        let span = d.span.expect("a span");
        let got = (
            &text[span.start..span.end],
            d.line_col().unwrap(),
            d.message.as_str(),
            d.help.as_deref(),
        );
        let want = (
            "bdy",
            (*line, *col),
            "`message` has no field `bdy`",
            Some("did you mean `body`?"),
        );
        if got != want {
            failures.push(format!(
                "{style}: got {got:?}, want {want:?}\n{}",
                d.render()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn template_and_at_errors_point_into_the_yaml_file() {
    let text = "id: spans.template\ntitle: t\nseverity: info\napplies_to: number\nstatus: preview\nwhy: w\nrequire: 'true'\nat: number.fowarding\nmessage: >-\n  number {number.number}\n  of {acount.id}\n";
    let file = SourceFile::new("t.yaml", text);
    let (_, problems) = rules::load(&[PackSource {
        rules: vec![file],
        data: vec![],
    }]);
    let got: Vec<(String, &str, Option<&str>)> = problems
        .iter()
        .map(|d| {
            let s = d.span.unwrap();
            let (l, c) = d.line_col().unwrap();
            (
                format!("{l}:{c} {}", &text[s.start..s.end]),
                d.message.as_str(),
                d.help.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (
                "11:7 acount".to_string(),
                "unknown name `acount`",
                Some("did you mean `account`?")
            ),
            (
                "8:12 fowarding".to_string(),
                "`number` has no field `fowarding`",
                Some("did you mean `forwarding`?")
            ),
        ]
    );
}

// --- the bad pack -----------------------------------------------------------------------

/// One expected diagnostic: the start of its message, and the text it underlines (`None`
/// when that is not worth pinning: a whole mapping, or no place at all).
type Expected = (&'static str, Option<&'static str>);

/// What each file of `fixtures/rules/bad/` must produce, in order.
fn bad_expectations() -> Vec<(&'static str, Vec<Expected>)> {
    vec![
        (
            "data/mixed_shapes.yaml",
            vec![(
                "this entry is a mixed_shapes record, but the first is a string",
                Some("provider: openmarket"),
            )],
        ),
        (
            "data/unknown_key.yaml",
            vec![("unknown key `sources` in a data file", Some("sources"))],
        ),
        (
            "alias-bomb.yaml",
            vec![("aliases expand to more than 10000 nodes", Some("*c"))],
        ),
        (
            "bad-applies-to.yaml",
            vec![(
                "`applies_to` is account, number, message, not `messages`",
                Some("messages"),
            )],
        ),
        (
            "bad-effective-date.yaml",
            vec![(
                "`effective.from` is not a date: there is no day `2025-02-30`",
                Some("2025-02-30"),
            )],
        ),
        (
            "bad-id.yaml",
            vec![(
                "`Bad.Empty_Message` is not a rule id",
                Some("Bad.Empty_Message"),
            )],
        ),
        (
            "bad-severity.yaml",
            vec![(
                "`severity` is error, warning, info, not `critical`",
                Some("critical"),
            )],
        ),
        (
            "bad-status.yaml",
            vec![(
                "`status` is stable, preview, deprecated, not `draft`",
                Some("draft"),
            )],
        ),
        (
            "citation-bad-url.yaml",
            vec![(
                "a citation's `url` starts with https:// or http://",
                Some("policy.example.com/messaging"),
            )],
        ),
        (
            "citation-without-source.yaml",
            vec![("a citation needs a `source`", None)],
        ),
        (
            "deep-nesting.yaml",
            vec![("nesting deeper than 64 levels", Some("["))],
        ),
        (
            "duplicate-id-b.yaml",
            vec![(
                "the rule id `bad.duplicate-id` is already used",
                Some("bad.duplicate-id"),
            )],
        ),
        (
            "duplicate-key.yaml",
            vec![("duplicate key `severity`", Some("severity"))],
        ),
        (
            "effective-from-after-until.yaml",
            vec![(
                "the rule's `effective.until` is before its `from` (2026-01-01)",
                Some("2025-12-31"),
            )],
        ),
        ("empty.yaml", vec![("the rule file is empty", None)]),
        (
            "example-bad-document.yaml",
            vec![
                (
                    "example: `message.from` must be a string, not an integer",
                    Some("+14155550100"),
                ),
                ("example: unknown field `bdy` in `message`", Some("bdy")),
                ("example: `message` has no `body`", None),
            ],
        ),
        (
            "long-condition.yaml",
            vec![("the condition is 5982 bytes long; the limit is 4096", None)],
        ),
        (
            "mentions-too-many-words.yaml",
            vec![(
                "`mentions` searches at most 1000 words or phrases; this list has 1001",
                Some("data.too_many_words"),
            )],
        ),
        (
            "prefix-run.yaml",
            vec![("the condition nests deeper than 32 levels", Some("-"))],
        ),
        (
            "missing-required-keys.yaml",
            vec![
                ("the rule has no `why`", None),
                ("the rule has no `severity`", None),
                ("the rule has no `applies_to`", None),
                ("the rule has no `require`", None),
                ("the rule has no `message`", None),
                ("a stable rule needs at least one citation", None),
            ],
        ),
        (
            "optional-without-present.yaml",
            vec![("`message.brand` may be missing", Some("message.brand"))],
        ),
        (
            "regex-too-big.yaml",
            vec![(
                "the regular expression `/\\w{1000}{1000}/` does not compile",
                Some("/\\w{1000}{1000}/"),
            )],
        ),
        (
            "require-type-error.yaml",
            vec![(
                "`>` orders two ints, times, dates, durations or instants, not an int and a string",
                Some("characters(message.body) > \"0\""),
            )],
        ),
        (
            "stable-without-citation.yaml",
            vec![("a stable rule needs at least one citation", None)],
        ),
        (
            "stable-without-examples.yaml",
            vec![(
                "a stable rule needs at least one `pass` and one `fail` example",
                None,
            )],
        ),
        (
            "tab-indentation.yaml",
            vec![("tab in indentation", Some("\t"))],
        ),
        (
            "template-type-error.yaml",
            vec![(
                "`+` needs two ints, two durations, an instant and a duration, or (for -) two instants, not an int and a string",
                Some("characters(message.body) + message.to"),
            )],
        ),
        (
            "template-unclosed.yaml",
            vec![("this `{` is never closed", Some("{"))],
        ),
        (
            "two-documents.yaml",
            vec![("a rule file holds one rule, not several documents", None)],
        ),
        (
            "unknown-function.yaml",
            vec![("unknown function `segmnts`", Some("segmnts"))],
        ),
        (
            "unknown-key.yaml",
            vec![("unknown key `citation`", Some("citation"))],
        ),
        ("when-parse-error.yaml", vec![("unexpected `=`", Some("="))]),
        (
            "assignment-not-comparison.yaml",
            vec![
                ("unexpected `=`", Some("=")),
                ("unexpected `&&`", Some("&&")),
            ],
        ),
        (
            "yaml-syntax-error.yaml",
            vec![("unexpected `:` here", Some(":"))],
        ),
    ]
}

/// The text a rendered diagnostic underlines: its span, or the one character at an empty
/// span (a parse error between tokens).
fn underlined(text: &str, span: Span) -> &str {
    let end = if span.is_empty() {
        text[span.start..]
            .chars()
            .next()
            .map_or(span.start, |c| span.start + c.len_utf8())
    } else {
        span.end
    };
    &text[span.start..end]
}

#[test]
fn every_bad_file_gets_its_diagnostic_at_its_place() {
    let dir = root().join("fixtures/rules/bad");
    let (rules, problems) = rules::load(&[pack("bad")]);
    let mut got: BTreeMap<String, Vec<&SourceDiagnostic>> = BTreeMap::new();
    for d in &problems {
        let name = Path::new(&d.file.name)
            .strip_prefix(&dir)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        got.entry(name).or_default().push(d);
    }
    let mut failures = Vec::new();
    let expected = bad_expectations();
    for (file, want) in &expected {
        let have = got.remove(*file).unwrap_or_default();
        let have_short: Vec<(String, Option<String>)> = have
            .iter()
            .map(|d| {
                (
                    d.message.clone(),
                    d.span
                        .map(|s| underlined(&d.file.text, s).chars().take(60).collect()),
                )
            })
            .collect();
        let ok = have.len() == want.len()
            && have.iter().zip(want).all(|(d, (message, text))| {
                let at = d.span.map(|s| underlined(&d.file.text, s));
                d.message.starts_with(message)
                    && (text.is_none() || at == *text)
                    && d.span.is_some() == (*file != "empty.yaml")
            });
        if !ok {
            failures.push(format!("{file}: want {want:?}\n  got {have_short:?}"));
        }
    }
    for (file, rest) in &got {
        failures.push(format!(
            "{file}: unexpected {:?}",
            rest.iter().map(|d| &d.message).collect::<Vec<_>>()
        ));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));

    // Every file in the folder is accounted for, and named for its problem.
    let mut on_disk: Vec<String> = Vec::new();
    for sub in ["", "data/"] {
        for e in std::fs::read_dir(dir.join(sub)).unwrap() {
            let p = e.unwrap().path();
            if p.extension().is_some_and(|x| x == "yaml") {
                on_disk.push(format!("{sub}{}", p.file_name().unwrap().to_string_lossy()));
            }
        }
    }
    on_disk.sort();
    let mut named: Vec<String> = expected.iter().map(|(f, _)| f.to_string()).collect();
    // The two files that compile: the first of a duplicated id, and the catastrophic regex;
    // and the (valid) table of `mentions-too-many-words.yaml`.
    named.push("duplicate-id-a.yaml".into());
    named.push("catastrophic-regex-accepted.yaml".into());
    named.push("data/too_many_words.yaml".into());
    named.sort();
    assert_eq!(on_disk, named);
    let loaded: Vec<&str> = rules.iter().map(|r| &*r.id).collect();
    assert_eq!(
        loaded,
        ["bad.catastrophic-regex-accepted", "bad.duplicate-id"]
    );
}

#[test]
fn a_catastrophic_regex_is_accepted_and_runs_in_linear_time() {
    // `(a+)+$` backtracks exponentially in engines that backtrack; Rust's regex crate
    // compiles it to an automaton, so it is accepted at load and its examples (5,000 `a`s
    // and a `!`) run. No timing assertion: a backtracking engine would not finish at all.
    let (rules, _) = rules::load(&[pack("bad")]);
    let rule = rules
        .iter()
        .find(|r| &*r.id == "bad.catastrophic-regex-accepted")
        .expect("the rule with `/(a+)+$/` loads");
    let outcomes = selftest::run(rule);
    assert_eq!(outcomes.len(), 2);
    assert!(outcomes.iter().all(|o| o.problem.is_none()), "{outcomes:?}");
}

#[test]
fn diagnostics_on_huge_lines_stay_short() {
    let (_, problems) = rules::load(&[pack("bad")]);
    for d in &problems {
        let r = d.render();
        assert!(
            r.lines().all(|l| l.chars().count() < 200),
            "{}: a rendered line is too long",
            d.file.name
        );
    }
}

#[test]
fn an_oversized_rule_file_is_refused_before_it_is_read() {
    let dir = std::env::temp_dir().join(format!("smslint-oversized-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("huge.yaml");
    let line = "# padding padding padding padding padding padding padding padding\n";
    std::fs::write(
        &path,
        line.repeat(rules::pack::MAX_RULE_FILE_BYTES / line.len() + 1),
    )
    .unwrap();
    let result = PackSource::read_dir(&dir);
    std::fs::remove_dir_all(&dir).unwrap();
    let e = result.unwrap_err();
    assert!(
        e.message.contains("over the limit of 1048576"),
        "{}",
        e.message
    );
}

// --- the failing pack -------------------------------------------------------------------

#[test]
fn wrong_examples_are_reported_per_example() {
    let rules = load_clean(&[pack("failing")]);
    let failures = selftest_failures(&rules);
    assert_eq!(failures.len(), 2, "{}", failures.join("\n"));
    assert!(
        failures[0].contains("pass example 1")
            && failures[0].contains("expected no finding, got 1"),
        "{}",
        failures[0]
    );
    assert!(
        failures[1].contains("fail example 1")
            && failures[1].contains("expected exactly one finding, got 0"),
        "{}",
        failures[1]
    );
}

/// An agent's outbound message, for the tests that change only its body.
fn agent_reply() -> smslint::Message<'static> {
    use smslint::{Direction, Message, Sender};
    Message::new(
        Direction::Outbound,
        Sender::Agent,
        "twilio",
        "+14155550100",
        "+13055550123",
    )
}

#[test]
fn check_message_refuses_a_body_over_the_limit_without_evaluating_it() {
    use smslint::unstable::doc::schema::MAX_BODY_BYTES;
    use smslint::Message;
    let engine = Engine::builtin().unwrap();
    let base = agent_reply();
    let huge = "x".repeat(MAX_BODY_BYTES + 1);
    let report = engine.check_message(&Message {
        body: &huge,
        ..base
    });
    assert!(report.findings.is_empty(), "{report:#?}");
    assert_eq!(report.errors.len(), 1);
    assert_eq!(&*report.errors[0].rule, "input.body-size");
    assert!(report.errors[0]
        .message
        .contains("65537 bytes, over the limit of 65536"));
    // At the limit the body is checked: too long for an agent.
    let at_limit = "x".repeat(MAX_BODY_BYTES);
    let report = engine.check_message(&Message {
        body: &at_limit,
        ..base
    });
    assert!(report.errors.is_empty());
    assert!(report
        .findings
        .iter()
        .any(|f| &*f.rule == "message.agent-length"));
}

#[test]
fn ucs2_forced_names_each_lookalike_and_the_segments_saved() {
    use smslint::Message;
    let engine = Engine::builtin().unwrap();
    let base = agent_reply();
    // 150 characters: 3 UCS-2 segments (67 each), 1 GSM-7 segment once the apostrophe, the
    // no-break space and the zero-width space are replaced.
    let body = format!("It’s{}here\u{200B}: {}", '\u{00A0}', "x".repeat(138));
    assert_eq!(body.chars().count(), 150);
    let report = engine.check_message(&Message {
        body: &body,
        ..base
    });
    let finding = report
        .findings
        .iter()
        .find(|f| &*f.rule == "message.ucs2-forced")
        .unwrap();
    assert_eq!(
        finding.message,
        "the body is UCS-2 only because of ’ (U+2019) → ', U+00A0 → a space, U+200B → removed; \
         with those look-alikes it is GSM-7 in 1 segment(s) instead of 3 (2 saved)"
    );
    // An emoji has no look-alike: UCS-2 either way, nothing to report.
    let emoji = format!("{body} 🎉");
    let report = engine.check_message(&Message {
        body: &emoji,
        ..base
    });
    assert!(report
        .findings
        .iter()
        .all(|f| &*f.rule != "message.ucs2-forced"));
}

/// The whole pack's check, which tests the rules' shared guards once a document, skips
/// the rules whose guard fails and never visits the rules of the other direction, finds for every rule exactly what that rule finds
/// checked alone (which tests its own guards), on every example document of the pack.
#[test]
fn shared_guards_find_what_each_rule_finds_alone() {
    let engine = Engine::builtin().expect("the built-in pack loads");
    let mut documents = 0;
    for rule in engine.rules() {
        for example in rule.pass.iter().chain(&rule.fail) {
            let document = &example.document;
            let whole = match rule.applies_to {
                rules::AppliesTo::Message => engine.check_message(document),
                _ => engine.check_account(document),
            };
            for other in engine
                .rules()
                .iter()
                .filter(|r| r.applies_to == rule.applies_to)
            {
                let alone = Engine::check_with(other, document);
                let count = |report: &Report| {
                    report
                        .findings
                        .iter()
                        .filter(|f| f.rule == other.id)
                        .count()
                };
                assert_eq!(
                    count(&whole),
                    count(&alone),
                    "{} on an example of {}",
                    other.id,
                    rule.id
                );
            }
            documents += 1;
        }
    }
    assert!(documents > 150, "{documents} example documents");
}

/// `account.duplicate-number` and `account.duplicate-alias` use `distinct` and `duplicated`,
/// which take one pass over the numbers (issue 21: the nested `count` took 77 s for 16,000
/// numbers). 16,000 numbers, two of them listed twice and two aliases equal but for case.
#[test]
fn duplicate_rules_are_linear_and_count_right() {
    let mut text = String::from("kind: account\nid: big\nnumbers:\n");
    for i in 0..16_000u32 {
        let n = if i == 15_999 { 0 } else { i };
        let alias = match i {
            7 => "Front desk".to_owned(),
            8 => "front DESK".to_owned(),
            _ => format!("line {i}"),
        };
        text.push_str(&format!(
            "  - {{number: \"+1415{:07}\", source: brand_owned, provider: twilio, status: active, alias: \"{alias}\"}}\n",
            5_550_000 + n % 10_000 + 100_000 * (n / 10_000)
        ));
    }
    text.push_str("engagements: []\n");
    let file = SourceFile::new("big.yaml", text);
    let nodes = parse_yaml(&file).unwrap();
    let record = DocRecord::load(&Tree::from_yaml(&nodes[0]), &ACCOUNT, &["kind"])
        .map_err(|e| format!("{} problems, the first: {:?}", e.len(), e.first()))
        .unwrap();
    let engine = Engine::new(
        builtin_and_good(),
        &Selection::new(
            vec![
                "account.duplicate-number".into(),
                "account.duplicate-alias".into(),
            ],
            vec![],
        ),
    );
    let report = engine.check_account(&record);
    let messages: Vec<&str> = report.findings.iter().map(|f| f.message.as_str()).collect();
    assert_eq!(
        messages,
        [
            "account `big` gives one alias to several numbers: 2 numbers share the alias front desk",
            "account `big` lists a number more than once: +14155550000 (2 entries)",
        ],
        "{report:?}"
    );
}

/// A rule that would visit more list elements than the budget on one document (three
/// `any` nested over a 2,000-row table: 8×10⁹ steps) stops with an error outcome for that
/// rule, never a pass, and the other rules still judge the document (issue 21).
#[test]
fn a_rule_past_its_step_budget_fails_and_the_others_run() {
    let table = format!(
        "description: 2,000 rows\nsource: generated for the test\nvalues:\n{}",
        (0..2000)
            .map(|i| format!("  - row{i}\n"))
            .collect::<String>()
    );
    let rule = "id: test.nested\ntitle: three nested quantifiers\nseverity: warning\napplies_to: message\nstatus: preview\nwhy: A test of the step budget.\nmessage: never\nrequire: not any(data.rows, a -> any(data.rows, b -> any(data.rows, c -> a == b and b == c and c == \"none\")))\n";
    let (rules, problems) = rules::load(&[
        PackSource::builtin(),
        PackSource {
            rules: vec![SourceFile::new("nested.yaml", rule)],
            data: vec![SourceFile::new("data/rows.yaml", table)],
        },
    ]);
    assert!(problems.is_empty(), "{}", rendered(&problems));
    let engine = Engine::new(rules, &Selection::default());
    let message = smslint::Message {
        body: "hello",
        ..smslint::Message::new(
            smslint::Direction::Outbound,
            smslint::Sender::Agent,
            "twilio",
            "+14155550100",
            "+13055550123",
        )
    };
    let report = engine.check_message(&message);
    assert_eq!(report.errors.len(), 1, "{report:?}");
    assert_eq!(&*report.errors[0].rule, "test.nested");
    assert!(
        report.errors[0].message.contains("was stopped"),
        "{}",
        report.errors[0].message
    );
    assert!(report.has_errors());
    // The built-in rules judged it as they do alone.
    let alone = Engine::builtin().unwrap().check_message(&message);
    assert_eq!(report.findings, alone.findings);
}

/// Messages name their culprits with `pick` and `shared`: the unknown numbers of each
/// engagement, at most ten of them and then how many more, in the order written.
#[test]
fn messages_name_the_culprits_and_stop_after_ten() {
    let mut text = String::from(
        "kind: account\nid: acme\nnumbers:\n  - {number: \"+14155550100\", source: brand_owned, provider: twilio}\nengagements:\n",
    );
    text.push_str(
        "  - {id: eng-ok, channel: twilio_sms, numbers: [\"+14155550100\"], published: true}\n",
    );
    let unknown: Vec<String> = (0..12)
        .map(|i| format!("\"+1415555{:04}\"", 200 + i))
        .collect();
    text.push_str(&format!(
        "  - {{id: eng-bad, channel: twilio_sms, numbers: [\"+14155550100\", {}], published: true}}\n",
        unknown.join(", ")
    ));
    let file = SourceFile::new("acme.yaml", text);
    let nodes = parse_yaml(&file).unwrap();
    let record = DocRecord::load(&Tree::from_yaml(&nodes[0]), &ACCOUNT, &["kind"]).unwrap();
    let engine = Engine::new(
        builtin_and_good(),
        &Selection::new(vec!["account.engagement-unknown-number".into()], vec![]),
    );
    let report = engine.check_account(&record);
    let message = &only(&report, "account.engagement-unknown-number").message;
    assert!(
        message.contains("engagement eng-bad uses +14155550200, +14155550201"),
        "{message}"
    );
    assert!(message.ends_with("+14155550209 and 2 more"), "{message}");
    assert!(!message.contains("eng-ok"), "{message}");
    // A number without `status` is active, an account may leave `engagements` out.
    assert_eq!(status_of_first_number("kind: account\nid: a\nnumbers:\n  - {number: \"+14155550100\", source: brand_owned, provider: twilio}\n"), "active");
}

fn status_of_first_number(text: &str) -> String {
    use smslint::{Record, Val};
    let file = SourceFile::new("a.yaml", text);
    let nodes = parse_yaml(&file).unwrap();
    let record = DocRecord::load(&Tree::from_yaml(&nodes[0]), &ACCOUNT, &["kind"]).unwrap();
    let Val::List(numbers) = record.get(2) else {
        panic!("numbers");
    };
    let Val::Record(first) = numbers.get(0) else {
        panic!("a number");
    };
    let status = smslint::unstable::doc::schema::NUMBER
        .fields
        .iter()
        .position(|f| f.name == "status")
        .unwrap();
    let Val::List(engagements) = record.get(3) else {
        panic!("engagements default to an empty list");
    };
    assert_eq!(engagements.len(), 0);
    first.get(status).as_str().unwrap().to_owned()
}

/// `pick` takes a text body and `shared` a key; anything else is a type error at the body.
#[test]
fn pick_and_shared_are_typed() {
    for (require, needle) in [
        ("pick(message.body, s -> s) == ''", "list"),
        (
            "count(['a'], x -> x == 'a') == 1 and pick(['a'], x -> x == 'a') == ''",
            "not a string",
        ),
        (
            "shared(['a'], x -> x == 'a') == ''",
            "not a string or an integer",
        ),
    ] {
        let dir = std::env::temp_dir().join(format!(
            "smslint-pick-{}-{}",
            std::process::id(),
            needle.len()
        ));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("r.yaml"), rule_with_require(require)).unwrap();
        let problems = match PackSource::read_dir(&dir) {
            Ok(source) => rendered(&smslint::load_rules(&[source]).1),
            Err(d) => rendered(std::slice::from_ref(&d)),
        };
        assert!(problems.contains(needle), "{require}: {problems}");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}

/// Calendar dates (issue 23): date literals, a table column of dates, `local_date` in the
/// recipient's zone, ordering and equality, and a date written into a message; a day that
/// is not in the calendar is an error at load, naming the place.
#[test]
fn dates_are_literals_table_values_and_local_dates() {
    let table = "description: days off\nsource: written for the test\nvalues:\n  - {date: \"2026-11-26\", name: Thanksgiving}\n  - {date: \"2026-12-25\", name: Christmas}\n";
    let example = |at: &str, zone: &str| {
        format!("    - {{direction: outbound, sender: agent, provider: twilio, from: \"+14155550100\", to: \"+13055550123\", body: hi, send_at: \"{at}\", recipient: {{time_zone: {zone}}}}}\n")
    };
    let rule = format!(
        "id: test.days-off\ntitle: a message is sent on a day off\nseverity: warning\napplies_to: message\nstatus: preview\nwhy: A test of calendar dates.\n\
         when: present(message.recipient.time_zone) and local_date(message.send_at, message.recipient.time_zone) < 2027-01-01\n\
         require: not present(message.recipient.time_zone) or all(data.days_off, d -> d.date != local_date(message.send_at, message.recipient.time_zone))\n\
         message: \"sent on {{local_date(message.send_at, or_else(message.recipient.time_zone, 'UTC'))}}\"\n\
         examples:\n  fail:\n{}  pass:\n{}{}",
        // 22:00 on Thanksgiving in Los Angeles is 01:00 the next day in New York.
        example("2026-11-27T06:00:00Z", "America/Los_Angeles"),
        example("2026-11-27T06:00:00Z", "America/New_York"),
        // Christmas 2027 is after the rule's last day.
        example("2027-12-25T12:00:00Z", "America/New_York"),
    );
    let pack = PackSource {
        rules: vec![SourceFile::new("days-off.yaml", rule.as_str())],
        data: vec![SourceFile::new("data/days_off.yaml", table)],
    };
    let rules = load_clean(std::slice::from_ref(&pack));
    assert!(
        selftest_failures(&rules).is_empty(),
        "{:?}",
        selftest_failures(&rules)
    );
    let engine = Engine::new(rules, &Selection::default());
    let mut message = smslint::Message::new(
        smslint::Direction::Outbound,
        smslint::Sender::Agent,
        "twilio",
        "+14155550100",
        "+13055550123",
    );
    message.send_at = Some(1_798_200_000); // 2026-12-25T11:20:00Z
    message.recipient.time_zone = Some("Asia/Tokyo");
    let report = engine.check_message(&message);
    assert_eq!(report.findings.len(), 1, "{report:?}");
    assert_eq!(report.findings[0].message, "sent on 2026-12-25");

    // 2026-02-30 is no day of the calendar.
    let bad = rule.replace("< 2027-01-01", "< 2026-02-30");
    let (_, problems) = rules::load(&[PackSource {
        rules: vec![SourceFile::new("days-off.yaml", bad.as_str())],
        data: pack.data.clone(),
    }]);
    let text = rendered(&problems);
    assert!(text.contains("`2026-02-30` is not a date"), "{text}");
    assert!(text.contains("year-month-day"), "{text}");
}
