//! Rule self-tests: every `fail` example must yield exactly one finding of its rule, every
//! `pass` example none, and no example may make the rule fail to evaluate.

use super::Engine;
use crate::rules::{Example, Rule};

/// The outcome of one example.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExampleOutcome {
    /// `pass` or `fail`: which list the example is in.
    pub expected: &'static str,
    /// Its position in that list, from 1.
    pub index: usize,
    /// Its line in the rule file, if known.
    pub line: Option<usize>,
    /// `None` when the example behaved; otherwise what happened instead.
    pub problem: Option<String>,
}

/// Runs a rule's examples.
pub fn run(rule: &Rule) -> Vec<ExampleOutcome> {
    let mut out = Vec::with_capacity(rule.pass.len() + rule.fail.len());
    for (expected, examples, want) in [("pass", &rule.pass, 0), ("fail", &rule.fail, 1)] {
        for (i, example) in examples.iter().enumerate() {
            out.push(ExampleOutcome {
                expected,
                index: i + 1,
                line: line(rule, example),
                problem: check(rule, example, want),
            });
        }
    }
    out
}

fn line(rule: &Rule, example: &Example) -> Option<usize> {
    example.span.map(|s| rule.file.line_col(s.start).0)
}

fn check(rule: &Rule, example: &Example, want: usize) -> Option<String> {
    let report = Engine::check_with(rule, &example.document);
    if let Some(e) = report.errors.first() {
        return Some(format!("the rule failed to evaluate: {}", e.message));
    }
    let got = report.findings.iter().filter(|f| f.rule == rule.id).count();
    if got == want {
        return None;
    }
    Some(match (want, report.findings.first()) {
        (0, Some(f)) => format!("expected no finding, got {got}: {}", f.message),
        (_, _) => format!("expected exactly one finding, got {got}"),
    })
}
