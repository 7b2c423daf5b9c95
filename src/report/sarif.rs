//! SARIF 2.1.0, the format code scanning (GitHub's among others) uploads.
//!
//! The output is valid against the OASIS SARIF 2.1.0 schema, which GitHub's upload step
//! checks before it takes a file (`.ci/run` validates the fixtures' reports against it), and
//! follows what code scanning reads:
//!
//! - every result names a rule that has a descriptor: the pack's rules, the waiver checks
//!   of `smslint.yaml`, and `smslint.input-error` for a file or document that could not be
//!   checked. Code scanning ignores tool notifications, so such a file is a result too (as
//!   well as a notification);
//! - locations are URIs relative to the working folder, percent-encoded (RFC 3986), with
//!   `%SRCROOT%` as their base; a file outside it is an absolute `file:` URI, never `../x`;
//! - columns count Unicode code points (`columnKind`), as smslint's columns do;
//! - each result has a `partialFingerprints` entry computed from the rule, the file, the
//!   number and the text of the line, not the line number, so an alert keeps its identity
//!   when lines move;
//! - a rule's `fullDescription` is at most 1,024 characters; its `name` is the id in
//!   PascalCase, not the id itself.

use std::fmt::Write as _;

use serde_json::{json, Value};

use super::{Entry, Outcome, INPUT_ERROR};
use crate::rules::{Rule, Severity};

/// The ids of the findings smslint makes itself rather than a rule of a pack, with a title
/// and a description each.
const OWN_RULES: [(&str, Severity, &str, &str); 3] = [
    (
        INPUT_ERROR,
        Severity::Error,
        "a file or document could not be checked",
        "The file could not be read, is not YAML or JSON, or holds a document that does not fit its schema, so no rule could judge it. A file that was not checked proves nothing: fix it so that it is checked.",
    ),
    (
        "config.expired-waiver",
        Severity::Error,
        "a waiver in smslint.yaml has expired",
        "A waiver silences findings until its `expires` date. After that it silences nothing and is itself an error, so that a temporary exception cannot become permanent unnoticed.",
    ),
    (
        "config.unused-waiver",
        Severity::Warning,
        "a waiver in smslint.yaml matches no finding",
        "A waiver that silences nothing is out of date: what it waived was fixed. Remove it so that it cannot hide a new finding later.",
    ),
];

/// The most characters of a rule's description code scanning shows.
const MAX_DESCRIPTION_CHARS: usize = 1024;

fn sarif_level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// `provisioning.mixed-ownership` → `ProvisioningMixedOwnership`.
fn pascal_name(id: &str) -> String {
    id.split(['.', '-', '_'])
        .flat_map(|word| {
            let mut chars = word.chars();
            chars
                .next()
                .map(|c| c.to_ascii_uppercase())
                .into_iter()
                .chain(chars)
        })
        .collect()
}

/// `text`, cut at a sentence or word end to at most [`MAX_DESCRIPTION_CHARS`] characters.
fn description(text: &str) -> String {
    let text = text.trim();
    if text.chars().count() <= MAX_DESCRIPTION_CHARS {
        return text.to_owned();
    }
    let head: String = text.chars().take(MAX_DESCRIPTION_CHARS - 1).collect();
    let cut = head
        .rfind(". ")
        .map(|i| i + 1)
        .filter(|&i| i > MAX_DESCRIPTION_CHARS / 2)
        .or_else(|| head.rfind(' '))
        .unwrap_or(head.len());
    let mut out = head.get(..cut).unwrap_or(&head).trim_end().to_owned();
    out.push('…');
    out
}

/// A path as a URI reference: relative paths percent-encoded as RFC 3986 allows in a path,
/// with `/` separators and without `./`; a path that leaves the working folder (absolute,
/// or with `..`) is made absolute and written as a `file:` URI.
fn uri(path: &str) -> (String, bool) {
    let path = path.replace('\\', "/");
    let relative = path.strip_prefix("./").unwrap_or(&path);
    let leaves = relative.starts_with('/')
        || relative.split('/').any(|part| part == "..")
        || relative.contains(':');
    if !leaves {
        return (percent_encode(relative), true);
    }
    let absolute = absolute_path(&path);
    let absolute = absolute.trim_start_matches('/');
    (format!("file:///{}", percent_encode(absolute)), false)
}

/// `path` made absolute against the working folder, `.` and `..` resolved as written (the
/// file need not exist).
fn absolute_path(path: &str) -> String {
    use std::path::Component;
    let joined = std::env::current_dir()
        .map(|dir| dir.join(path))
        .unwrap_or_else(|_| std::path::PathBuf::from(path));
    let mut parts: Vec<String> = Vec::new();
    for c in joined.components() {
        match c {
            Component::ParentDir => {
                parts.pop();
            }
            Component::Normal(part) => parts.push(part.to_string_lossy().into_owned()),
            Component::CurDir | Component::RootDir | Component::Prefix(_) => {}
        }
    }
    format!("/{}", parts.join("/"))
}

/// Percent-encodes every byte a URI path segment may not hold as it is (RFC 3986 §3.3:
/// unreserved characters, sub-delimiters, `:`, `@` and `/` stay).
fn percent_encode(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        let keep = b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@/".contains(&b);
        if keep {
            out.push(char::from(b));
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

fn sarif_location(l: &Entry) -> Value {
    let (uri, relative) = uri(&l.file.name);
    let mut artifact = json!({ "uri": uri });
    if let (true, Some(map)) = (relative, artifact.as_object_mut()) {
        map.insert("uriBaseId".into(), json!("%SRCROOT%"));
    }
    let mut physical = json!({ "artifactLocation": artifact });
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

fn descriptor(r: &Rule) -> Value {
    let (text, markdown) = rule_help(r);
    let area = r.id.split('.').next().unwrap_or("");
    let mut tags = vec![area, r.applies_to.as_str()];
    tags.dedup();
    let mut m = json!({
        "id": &*r.id,
        "name": pascal_name(&r.id),
        "shortDescription": { "text": r.title },
        "fullDescription": { "text": description(&r.why) },
        "help": { "text": text, "markdown": markdown },
        "defaultConfiguration": { "level": sarif_level(r.severity) },
        "properties": {
            "tags": tags,
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
}

fn own_descriptor((id, severity, title, why): (&str, Severity, &str, &str)) -> Value {
    json!({
        "id": id,
        "name": pascal_name(id),
        "shortDescription": { "text": title },
        "fullDescription": { "text": why },
        "help": { "text": why },
        "defaultConfiguration": { "level": sarif_level(severity) },
        "properties": { "tags": ["smslint"] },
    })
}

fn message(l: &Entry) -> Value {
    json!({ "text": match &l.help {
        Some(help) => format!("{} (help: {help})", l.message),
        None => l.message.clone(),
    } })
}

/// SARIF 2.1.0, pretty-printed (without a final line break): one run, the rules as the
/// tool's rule metadata, a result per finding and per problem, a notification per problem.
pub fn sarif(outcome: &Outcome, rules: &[Rule]) -> String {
    let value = sarif_value(outcome, rules);
    serde_json::to_string_pretty(&value).unwrap_or_default()
}

fn sarif_value(outcome: &Outcome, rules: &[Rule]) -> Value {
    let mut ids: Vec<&str> = rules.iter().map(|r| &*r.id).collect();
    let mut metadata: Vec<Value> = rules.iter().map(descriptor).collect();
    for own in OWN_RULES {
        if !ids.contains(&own.0) {
            ids.push(own.0);
            metadata.push(own_descriptor(own));
        }
    }
    let result = |l: &Entry, id: &str, level: Severity| {
        let mut result = json!({
            "ruleId": id,
            "level": sarif_level(level),
            "message": message(l),
            "locations": sarif_location(l),
            "partialFingerprints": { "smslintFindingHash/v1": l.fingerprint(id) },
        });
        if let (Some(index), Some(map)) =
            (ids.iter().position(|r| *r == id), result.as_object_mut())
        {
            map.insert("ruleIndex".into(), json!(index));
        }
        result
    };
    let results: Vec<Value> = outcome
        .findings
        .iter()
        .map(|f| result(f, f.rule.as_deref().unwrap_or(INPUT_ERROR), f.severity))
        .chain(
            outcome
                .problems
                .iter()
                .map(|p| result(p, INPUT_ERROR, Severity::Error)),
        )
        .collect();
    let notifications: Vec<Value> = outcome
        .problems
        .iter()
        .map(|p| {
            json!({
                "level": "error",
                "message": message(p),
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
                "semanticVersion": env!("CARGO_PKG_VERSION"),
                "rules": metadata,
            } },
            "invocations": [invocation(outcome, notifications)],
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    })
}

/// The run's invocation: whether it succeeded, its notifications, and the configuration
/// it applied, as a property.
fn invocation(outcome: &Outcome, notifications: Vec<Value>) -> Value {
    let mut invocation = json!({
        "executionSuccessful": outcome.problems.is_empty(),
        "toolExecutionNotifications": notifications,
    });
    if let (Some(config), Some(map)) = (&outcome.config, invocation.as_object_mut()) {
        map.insert(
            "properties".into(),
            json!({ "smslintConfiguration": config }),
        );
    }
    invocation
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_pascal_case_ids() {
        assert_eq!(
            pascal_name("provisioning.mixed-ownership"),
            "ProvisioningMixedOwnership"
        );
        assert_eq!(pascal_name("smslint.input-error"), "SmslintInputError");
    }

    #[test]
    fn uris_are_relative_and_encoded_or_absolute_file_uris() {
        assert_eq!(
            uri("./accounts/acme one.yaml"),
            ("accounts/acme%20one.yaml".into(), true)
        );
        assert_eq!(uri("a\\b#c.yaml"), ("a/b%23c.yaml".into(), true));
        let (outside, relative) = uri("../x.yaml");
        assert!(!relative && outside.starts_with("file:///"), "{outside}");
        assert!(!outside.contains(".."), "{outside}");
        let (absolute, relative) = uri("/etc/x y.yaml");
        assert_eq!(
            (absolute.as_str(), relative),
            ("file:///etc/x%20y.yaml", false)
        );
    }

    #[test]
    fn long_descriptions_are_cut_at_a_sentence() {
        let why = "A short sentence. ".repeat(100);
        let d = description(&why);
        assert!(d.chars().count() <= MAX_DESCRIPTION_CHARS, "{}", d.len());
        assert!(d.ends_with(".…"), "{d}");
        assert_eq!(description("short"), "short");
    }
}
