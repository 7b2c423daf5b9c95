//! The machine formats of `smslint check`: SARIF 2.1.0 for code scanning, GitHub Actions
//! annotations, JUnit XML for CI test reports.
//!
//! All three carry the same facts as `--format json`: the rule, its severity, the message
//! and help, and the 1-based place in the file. Problems that stopped a document from
//! being checked (bad YAML, a value of the wrong type) are reported too, so a CI view never
//! shows a file as clean that was not checked.

use std::fmt::Write as _;

use serde_json::{json, Value};
use smslint::{Rule, Severity};

use crate::check::{Located, Outcome};

/// The id SARIF and JUnit reports give a problem that is not a rule's finding.
const INPUT_ERROR: &str = "smslint.input-error";

fn sarif_level(severity: &str) -> &'static str {
    match severity {
        "error" => "error",
        "warning" => "warning",
        _ => "note",
    }
}

fn sarif_location(l: &Located) -> Value {
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

/// SARIF 2.1.0: one run, the rules as the tool's rule metadata, a result per finding.
pub(crate) fn sarif(outcome: &Outcome, rules: &[Rule]) -> Value {
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
                "defaultConfiguration": { "level": sarif_level(r.severity.as_str()) },
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
        .map(|(_, f)| {
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

/// A workflow-command value: `%`, CR and LF escaped (and, in properties, `:` and `,`).
fn escape(text: &str, property: bool) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            ':' if property => out.push_str("%3A"),
            ',' if property => out.push_str("%2C"),
            c => out.push(c),
        }
    }
    out
}

fn annotation(l: &Located) -> String {
    let command = match l.severity {
        "error" => "error",
        "warning" => "warning",
        _ => "notice",
    };
    let mut props = vec![format!("file={}", escape(&l.file.name, true))];
    if let Some(((line, col), (end_line, end_col))) = l.region() {
        props.push(format!("line={line}"));
        props.push(format!("col={col}"));
        props.push(format!("endLine={end_line}"));
        if end_line == line {
            props.push(format!("endColumn={end_col}"));
        }
    }
    props.push(format!(
        "title={}",
        escape(l.rule.as_deref().unwrap_or(INPUT_ERROR), true)
    ));
    let message = match &l.help {
        Some(help) => format!("{}\nhelp: {help}", l.message),
        None => l.message.clone(),
    };
    format!(
        "::{command} {}::{}\n",
        props.join(","),
        escape(&message, false)
    )
}

/// GitHub Actions annotations, one line per finding and per problem.
pub(crate) fn github(outcome: &Outcome) -> String {
    outcome
        .findings
        .iter()
        .map(|(_, f)| f)
        .chain(&outcome.problems)
        .map(annotation)
        .collect()
}

fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Control characters other than tab and line breaks are not allowed in XML 1.0.
            c if c.is_control() && !matches!(c, '\t' | '\n' | '\r') => {
                let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out
}

fn place(l: &Located) -> String {
    match l.region() {
        Some(((line, col), _)) => format!("{}:{line}:{col}", l.file.name),
        None => l.file.name.clone(),
    }
}

/// JUnit XML: a test suite per file; a failing test case per finding at or above
/// warning (info findings pass, with their text), an erroring one per problem, and one
/// passing case for a file with nothing to report.
pub(crate) fn junit(outcome: &Outcome) -> String {
    let mut files: Vec<&str> = outcome.paths.iter().map(String::as_str).collect();
    for p in &outcome.problems {
        if !files.contains(&p.file.name.as_str()) {
            files.push(&p.file.name);
        }
    }
    let failing = |s: Severity| s >= Severity::Warning;
    let total_failures = outcome.findings.iter().filter(|(s, _)| failing(*s)).count();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<testsuites name=\"smslint\" tests=\"{}\" failures=\"{total_failures}\" errors=\"{}\">",
        outcome.findings.len() + outcome.problems.len(),
        outcome.problems.len()
    );
    for name in files {
        let findings: Vec<&(Severity, Located)> = outcome
            .findings
            .iter()
            .filter(|(_, f)| f.file.name == name)
            .collect();
        let problems: Vec<&Located> = outcome
            .problems
            .iter()
            .filter(|p| p.file.name == name)
            .collect();
        let failures = findings.iter().filter(|(s, _)| failing(*s)).count();
        let tests = (findings.len() + problems.len()).max(1);
        let _ = writeln!(
            out,
            "  <testsuite name=\"{}\" tests=\"{tests}\" failures=\"{failures}\" errors=\"{}\">",
            xml(name),
            problems.len()
        );
        if findings.is_empty() && problems.is_empty() {
            let _ = writeln!(
                out,
                "    <testcase classname=\"{}\" name=\"smslint\"/>",
                xml(name)
            );
        }
        for (severity, f) in findings {
            let rule = f.rule.as_deref().unwrap_or(INPUT_ERROR);
            let body = match &f.help {
                Some(help) => format!("{}\n{}\nhelp: {help}", place(f), f.message),
                None => format!("{}\n{}", place(f), f.message),
            };
            let _ = writeln!(
                out,
                "    <testcase classname=\"{}\" name=\"{} at {}\">",
                xml(name),
                xml(rule),
                xml(&place(f))
            );
            if failing(*severity) {
                let _ = writeln!(
                    out,
                    "      <failure type=\"{}\" message=\"{}\">{}</failure>",
                    f.severity,
                    xml(&f.message),
                    xml(&body)
                );
            } else {
                let _ = writeln!(out, "      <system-out>{}</system-out>", xml(&body));
            }
            out.push_str("    </testcase>\n");
        }
        for p in problems {
            let _ = writeln!(
                out,
                "    <testcase classname=\"{}\" name=\"{INPUT_ERROR} at {}\">",
                xml(name),
                xml(&place(p))
            );
            let body = match &p.help {
                Some(help) => format!("{}\nhelp: {help}", p.message),
                None => p.message.clone(),
            };
            let _ = writeln!(
                out,
                "      <error type=\"input\" message=\"{}\">{}</error>",
                xml(&p.message),
                xml(&body)
            );
            out.push_str("    </testcase>\n");
        }
        out.push_str("  </testsuite>\n");
    }
    out.push_str("</testsuites>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn workflow_commands_escape_what_would_break_the_line() {
        assert_eq!(escape("50% off\nnow", false), "50%25 off%0Anow");
        assert_eq!(escape("a:b,c", true), "a%3Ab%2Cc");
        assert_eq!(escape("a:b,c", false), "a:b,c");
    }

    #[test]
    fn xml_text_is_escaped_and_control_characters_named() {
        assert_eq!(
            xml("<a href=\"x\">&'</a>"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&apos;&lt;/a&gt;"
        );
        assert_eq!(xml("a\u{1}b\tc"), "a\\u{1}b\tc");
    }
}
