//! The report as one JSON object: findings, problems and a summary.

use serde_json::json;

use super::{Entry, Outcome};
use crate::rules::Severity;

/// The version of the JSON report's shape, `version` in it. It changes only when a key
/// is removed or changes meaning; keys may be added within a version. The report's JSON
/// Schema is `smslint schema report`.
pub const JSON_REPORT_VERSION: u32 = 2;

/// The report as one line of JSON (without a line break): its `version`
/// ([`JSON_REPORT_VERSION`]), the `smslint` version that wrote it, `findings` and
/// `problems` (each with `severity`, `rule`, `message`, `help`, `path`, 1-based `line`,
/// `column`, `end_line`, `end_column`) and a `summary` in the words of the human summary
/// line: `errors`, `warnings` and `info` count findings by severity, `problems` counts what
/// kept something from being checked, and `config` names the configuration applied
/// (`null` when none).
pub fn json(outcome: &Outcome) -> String {
    json!({
        "version": JSON_REPORT_VERSION,
        "smslint": env!("CARGO_PKG_VERSION"),
        "findings": outcome.findings.iter().map(Entry::json).collect::<Vec<_>>(),
        "problems": outcome.problems.iter().map(Entry::json).collect::<Vec<_>>(),
        "summary": {
            "files": outcome.files,
            "documents": outcome.documents,
            "findings": outcome.findings.len(),
            "errors": outcome.count(Severity::Error),
            "warnings": outcome.count(Severity::Warning),
            "info": outcome.count(Severity::Info),
            "problems": outcome.problems.len(),
            "waived": outcome.waived,
            "config": outcome.config,
        },
    })
    .to_string()
}
