//! The report as one JSON object: findings, errors and a summary.

use serde_json::json;

use super::{Entry, Outcome};

/// The report as one line of JSON (without a line break): `findings` and `errors` (each
/// with `severity`, `rule`, `message`, `help`, `path`, 1-based `line`, `column`,
/// `end_line`, `end_column`) and a `summary` of counts and of the configuration applied
/// (`config`, `null` when none).
pub fn json(outcome: &Outcome) -> String {
    json!({
        "findings": outcome.findings.iter().map(Entry::json).collect::<Vec<_>>(),
        "errors": outcome.problems.iter().map(Entry::json).collect::<Vec<_>>(),
        "summary": {
            "files": outcome.files,
            "documents": outcome.documents,
            "findings": outcome.findings.len(),
            "waived": outcome.waived,
            "errors": outcome.problems.len(),
            "config": outcome.config,
        },
    })
    .to_string()
}
