//! Formats CI systems and review tools read besides SARIF: a concise one line per finding
//! (editors' quickfix lists, `grep`), GitLab's Code Quality report, and reviewdog's
//! Diagnostic Format (rdjson).

use std::collections::HashMap;

use serde_json::{json, Value};

use super::{Entry, Outcome};
use crate::rules::Severity;
use crate::text::visible;

/// Every finding and problem as one line, `path:line:col: rule message` (a problem's rule
/// is `smslint.input-error`; an entry without a place has no `:line:col`), in file order,
/// then the one-line summary of [`super::human`]. Text from the input is escaped as in
/// every human-facing format.
pub fn concise(outcome: &Outcome) -> String {
    let mut entries: Vec<&Entry> = outcome.problems.iter().chain(&outcome.findings).collect();
    // Problems and findings of one file together, in the order of their places.
    let order: HashMap<&str, usize> = outcome
        .paths
        .iter()
        .enumerate()
        .map(|(i, p)| (p.as_str(), i))
        .collect();
    entries.sort_by_key(|e| {
        (
            order
                .get(e.file.name.as_str())
                .copied()
                .unwrap_or(usize::MAX),
            e.region().map(|(start, _)| start),
        )
    });
    let mut out = String::new();
    for e in entries {
        out.push_str(&visible(&e.file.name));
        if let Some(((line, col), _)) = e.region() {
            out.push_str(&format!(":{line}:{col}"));
        }
        out.push_str(&format!(
            ": {} {}\n",
            visible(e.rule_id()),
            visible(&e.message)
        ));
    }
    out.push_str(&super::human::summary_line(outcome));
    out
}

/// A path as these reports want it, relative to the repository (the working folder, where
/// CI runs): `/` separators, no leading `./`; an absolute path inside the working folder is
/// made relative to it.
fn relative(path: &str) -> String {
    let mut path = path.replace('\\', "/");
    if std::path::Path::new(&path).is_absolute() {
        if let Ok(dir) = std::env::current_dir() {
            let dir = dir.to_string_lossy().replace('\\', "/");
            if let Some(inside) = path.strip_prefix(&format!("{}/", dir.trim_end_matches('/'))) {
                path = inside.to_owned();
            }
        }
    }
    let mut rest = path.as_str();
    while let Some(r) = rest.strip_prefix("./") {
        rest = r;
    }
    rest.to_owned()
}

/// The findings and problems in the order the other formats list them: problems first.
fn all(outcome: &Outcome) -> impl Iterator<Item = &Entry> {
    outcome.problems.iter().chain(&outcome.findings)
}

/// GitLab's Code Quality report (a subset of the Code Climate issue format): a JSON array
/// with an object per finding and per problem, each with `description`, `check_name`,
/// `fingerprint` (unique in the report, stable when lines move), `severity` (`critical`
/// for a problem that kept a file from being checked, `major` for an error, `minor` for a
/// warning, `info`) and `location` (`path`, `lines.begin`, `lines.end`). GitLab shows them
/// in merge requests.
pub fn gitlab(outcome: &Outcome) -> String {
    let mut seen: HashMap<String, usize> = HashMap::new();
    let problems = outcome.problems.iter().map(|e| (true, e));
    let findings = outcome.findings.iter().map(|e| (false, e));
    let issues: Vec<Value> = problems
        .chain(findings)
        .map(|(is_problem, e)| {
            let severity = match (is_problem, e.severity) {
                (true, _) => "critical",
                (false, Severity::Error) => "major",
                (false, Severity::Warning) => "minor",
                (false, Severity::Info) => "info",
            };
            let (begin, end) = e.region().map_or((1, 1), |((line, _), (end_line, _))| {
                (line, end_line.max(line))
            });
            // Two findings that hash alike (one rule twice on one line) are told apart by
            // their order: GitLab needs every fingerprint once.
            let base = e.fingerprint(e.rule_id());
            let n = seen.entry(base.clone()).or_insert(0);
            *n += 1;
            let fingerprint = if *n == 1 { base } else { format!("{base}-{n}") };
            let description = match &e.help {
                Some(help) => format!("{} ({help})", e.message),
                None => e.message.clone(),
            };
            json!({
                "type": "issue",
                "description": description,
                "check_name": e.rule_id(),
                "fingerprint": fingerprint,
                "severity": severity,
                "location": {
                    "path": relative(&e.file.name),
                    "lines": { "begin": begin, "end": end },
                },
            })
        })
        .collect();
    let mut text = serde_json::to_string_pretty(&issues).unwrap_or_else(|_| "[]".into());
    text.push('\n');
    text
}

fn rd_severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "ERROR",
        Severity::Warning => "WARNING",
        Severity::Info => "INFO",
    }
}

/// reviewdog's Diagnostic Format, `rdjson`: one JSON object with the `source` (smslint),
/// and a `diagnostics` array, each with `message`, `severity` (`ERROR`, `WARNING`,
/// `INFO`), `code.value` (the rule) and `location` (`path`, `range.start` and `range.end`
/// as 1-based `line` and `column`). `reviewdog -f=rdjson` posts them as review comments.
pub fn rdjson(outcome: &Outcome) -> String {
    let diagnostics: Vec<Value> = all(outcome)
        .map(|e| {
            let mut location = json!({ "path": relative(&e.file.name) });
            if let (Some(((line, col), (end_line, end_col))), Some(map)) =
                (e.region(), location.as_object_mut())
            {
                map.insert(
                    "range".into(),
                    json!({
                        "start": { "line": line, "column": col },
                        "end": { "line": end_line, "column": end_col },
                    }),
                );
            }
            let message = match &e.help {
                Some(help) => format!("{}\nhelp: {help}", e.message),
                None => e.message.clone(),
            };
            json!({
                "message": message,
                "location": location,
                "severity": rd_severity(e.severity),
                "code": { "value": e.rule_id() },
            })
        })
        .collect();
    let report = json!({
        "source": { "name": "smslint" },
        "diagnostics": diagnostics,
    });
    let mut text = report.to_string();
    text.push('\n');
    text
}
