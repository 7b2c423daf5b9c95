//! SARIF 2.1.0, the format code scanning (GitHub's among others) uploads.

use std::fmt::Write as _;

use serde_json::{json, Value};

use super::{Entry, Outcome, INPUT_ERROR};
use crate::rules::{Rule, Severity};

fn sarif_level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

fn sarif_location(l: &Entry) -> Value {
    // SARIF wants URIs: forward slashes, relative to the checkout when the path is.
    let uri = l.file.name.replace('\\', "/");
    let uri = uri.strip_prefix("./").unwrap_or(&uri).to_owned();
    let mut physical = json!({ "artifactLocation": { "uri": uri } });
    if let (Some(((line, col), (end_line, end_col))), Some(map)) =
        (l.region(), physical.as_object_mut())
    {
        map.insert(
            "region".into(),
            json!({
                "startLine": line,
                "startColumn": col,
                "endLine": end_line,
                "endColumn": end_col.max(col + usize::from(end_line == line)),
            }),
        );
    }
    json!([{ "physicalLocation": physical }])
}

fn rule_help(rule: &Rule) -> (String, String) {
    let mut text = rule.why.trim().to_owned();
    let mut markdown = format!("{}\n", rule.why.trim());
    if !rule.citations.is_empty() {
        text.push_str("\n\nCitations:");
        markdown.push_str("\n**Citations**\n\n");
        for c in &rule.citations {
            let name = match &c.section {
                Some(section) => format!("{}, {section}", c.source),
                None => c.source.clone(),
            };
            let _ = write!(text, "\n- {name}");
            let _ = match &c.url {
                Some(url) => writeln!(markdown, "- [{name}]({url})"),
                None => writeln!(markdown, "- {name}"),
            };
        }
    }
    (text, markdown)
}

/// SARIF 2.1.0, pretty-printed (without a final line break): one run, the rules as the
/// tool's rule metadata, a result per finding, a notification per problem.
pub fn sarif(outcome: &Outcome, rules: &[Rule]) -> String {
    let value = sarif_value(outcome, rules);
    serde_json::to_string_pretty(&value).unwrap_or_default()
}

fn sarif_value(outcome: &Outcome, rules: &[Rule]) -> Value {
    let metadata: Vec<Value> = rules
        .iter()
        .map(|r| {
            let (text, markdown) = rule_help(r);
            let mut m = json!({
                "id": &*r.id,
                "name": &*r.id,
                "shortDescription": { "text": r.title },
                "fullDescription": { "text": r.why.trim() },
                "help": { "text": text, "markdown": markdown },
                "defaultConfiguration": { "level": sarif_level(r.severity) },
                "properties": {
                    "tags": [r.id.split('.').next().unwrap_or(""), r.applies_to.as_str()],
                    "status": r.status.as_str(),
                },
            });
            if let (Some(url), Some(map)) = (
                r.citations.iter().find_map(|c| c.url.as_deref()),
                m.as_object_mut(),
            ) {
                map.insert("helpUri".into(), json!(url));
            }
            m
        })
        .collect();
    let results: Vec<Value> = outcome
        .findings
        .iter()
        .map(|f| {
            let id = f.rule.as_deref().unwrap_or(INPUT_ERROR);
            let mut result = json!({
                "ruleId": id,
                "level": sarif_level(f.severity),
                "message": { "text": match &f.help {
                    Some(help) => format!("{} (help: {help})", f.message),
                    None => f.message.clone(),
                } },
                "locations": sarif_location(f),
            });
            if let (Some(index), Some(map)) = (
                rules.iter().position(|r| &*r.id == id),
                result.as_object_mut(),
            ) {
                map.insert("ruleIndex".into(), json!(index));
            }
            result
        })
        .collect();
    let notifications: Vec<Value> = outcome
        .problems
        .iter()
        .map(|p| {
            json!({
                "level": "error",
                "message": { "text": match &p.help {
                    Some(help) => format!("{} (help: {help})", p.message),
                    None => p.message.clone(),
                } },
                "locations": sarif_location(p),
            })
        })
        .collect();
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "smslint",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": metadata,
            } },
            "invocations": [{
                "executionSuccessful": outcome.problems.is_empty(),
                "toolExecutionNotifications": notifications,
            }],
            "results": results,
        }],
    })
}
