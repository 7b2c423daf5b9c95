//! JSON Schemas (draft 2020-12) of what smslint reads and writes, for editors and other
//! tools: account and message documents (generated from the one schema declaration the
//! loader checks documents against), rule files, and the JSON report. With
//! yaml-language-server, a first line `# yaml-language-server: $schema=…account.json`
//! gives completion and checks while typing; `smslint schema KIND` prints each.
//!
//! A schema accepts what smslint accepts, as closely as JSON Schema can say it; smslint
//! stays the judge (a number's validity, a rule's condition are beyond a schema).

use serde_json::{json, Map, Value};

use crate::doc::schema::{DocumentKind, FieldDefault, FieldType, Schema, Values};

const DRAFT: &str = "https://json-schema.org/draft/2020-12/schema";

/// The schema of a document of `kind` (`account` or `message`, or a kind the embedding
/// program declared): `kind` itself, every field with its type, values and meaning, the
/// required ones required, and no other key.
pub fn document(kind: &DocumentKind) -> Value {
    let mut schema = record(kind.schema);
    if let Some(map) = schema.as_object_mut() {
        map.insert("$schema".into(), json!(DRAFT));
        map.insert(
            "title".into(),
            json!(format!("smslint {} document", kind.name)),
        );
        if let Some(Value::Object(props)) = map.get_mut("properties") {
            props.insert(
                "kind".into(),
                json!({ "const": kind.name, "description": "what the document is" }),
            );
        }
    }
    schema
}

/// The schema of a record: its fields, required unless optional or defaulted.
fn record(schema: &'static Schema) -> Value {
    let mut properties = Map::new();
    let mut required = Vec::new();
    for f in schema.fields {
        let mut p = value_schema(f.ty, f.values);
        if let Some(map) = p.as_object_mut() {
            map.insert("description".into(), json!(f.doc));
            match f.default {
                Some(FieldDefault::Text(t)) => {
                    map.insert("default".into(), json!(t));
                }
                Some(FieldDefault::EmptyList) => {
                    map.insert("default".into(), json!([]));
                }
                None => {}
            }
        }
        // An optional value may be written `null`, which is the field left out.
        if f.optional {
            p = json!({ "anyOf": [p, { "type": "null" }] });
        }
        // A required instant left out is the time of the check (`send_at`).
        let defaulted = f.default.is_some() || f.ty == FieldType::Instant;
        if !f.optional && !defaulted && !all_optional(f.ty) {
            required.push(f.name);
        }
        properties.insert(f.name.into(), p);
    }
    json!({
        "type": "object",
        "properties": properties,
        "required": required,
        "additionalProperties": false,
    })
}

/// A record whose fields are all optional may be left out (it is then empty).
fn all_optional(ty: FieldType) -> bool {
    matches!(ty, FieldType::Record(inner) if inner.fields.iter().all(|f| f.optional))
}

fn value_schema(ty: FieldType, values: Values) -> Value {
    match ty {
        FieldType::Bool => json!({ "type": "boolean" }),
        FieldType::Int => match values {
            Values::NonNegative => json!({ "type": "integer", "minimum": 0 }),
            _ => json!({ "type": "integer" }),
        },
        FieldType::Str => text_schema(values),
        FieldType::Instant => json!({
            "type": "string",
            "format": "date-time",
            // RFC 3339: a date, a time and a zone (`Z` or an offset).
            "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ][0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?([Zz]|[+-][0-9]{2}:[0-9]{2})$",
        }),
        FieldType::Record(inner) => record(inner),
        FieldType::StrList => json!({ "type": "array", "items": { "type": "string" } }),
        FieldType::RecordList(inner) => json!({ "type": "array", "items": record(inner) }),
    }
}

fn text_schema(values: Values) -> Value {
    match values {
        Values::OneOf(names) => json!({ "type": "string", "enum": names }),
        Values::MaxBytes(max) => json!({ "type": "string", "maxLength": max }),
        Values::Region => {
            // The codes in any case, as smslint reads them.
            let alternatives: Vec<String> = crate::phone::REGIONS
                .iter()
                .map(|r| {
                    r.code
                        .chars()
                        .map(|c| format!("[{}{}]", c, c.to_ascii_lowercase()))
                        .collect()
                })
                .collect();
            json!({ "type": "string", "pattern": format!("^(?:{})$", alternatives.join("|")) })
        }
        Values::TimeZone => json!({
            "type": "string",
            "pattern": "^[A-Za-z0-9_+-]+(/[A-Za-z0-9_+-]+)*$",
            "examples": ["America/New_York", "America/Chicago", "America/Toronto"],
        }),
        Values::Any | Values::NonNegative => json!({ "type": "string" }),
    }
}

/// The schema of a rule file (one rule per file; see `rules/README.md`).
pub fn rule_file() -> Value {
    let text = |description: &str| json!({ "type": "string", "description": description });
    let documents = json!({
        "type": "array",
        "items": { "type": "object" },
    });
    json!({
        "$schema": DRAFT,
        "title": "smslint rule file",
        "type": "object",
        "properties": {
            "id": {
                "type": "string",
                "description": "dotted kebab-case words, area first: `provisioning.area-code`",
                "pattern": "^[a-z0-9]+(-[a-z0-9]+)*(\\.[a-z0-9]+(-[a-z0-9]+)*)+$",
            },
            "title": text("what the rule catches, one line"),
            "severity": { "enum": ["error", "warning", "info"] },
            "applies_to": {
                "type": "string",
                "description": "account, number, message, or a document kind the embedding program declares",
                "examples": ["account", "number", "message"],
            },
            "status": { "enum": ["stable", "preview", "deprecated"], "default": "stable" },
            "when": text("a condition: the rule judges only documents it holds for"),
            "require": text("a condition every judged document must meet"),
            "message": text("what is wrong, with `{…}` interpolations"),
            "help": text("what to do, with `{…}` interpolations"),
            "at": text("the field findings point at, a path such as `message.body`"),
            "why": text("the rule in plain language, for reviewers"),
            "citations": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        "source": { "type": "string" },
                        "section": { "type": "string" },
                        "url": { "type": "string", "pattern": "^https?://" },
                        "quote": { "type": "string" },
                    },
                    "required": ["source"],
                    "additionalProperties": false,
                },
            },
            "effective": {
                "type": "object",
                "properties": {
                    "from": { "type": "string", "format": "date" },
                    "until": { "type": "string", "format": "date" },
                },
                "additionalProperties": false,
            },
            "examples": {
                "type": "object",
                "properties": { "pass": documents, "fail": documents },
                "additionalProperties": false,
            },
            "tags": { "type": "array", "items": { "type": "string" } },
            "references": {},
        },
        "required": ["id", "title", "severity", "applies_to", "require", "message", "why"],
        "additionalProperties": false,
    })
}

/// The schema of `smslint check --format json` ([`crate::report::json`]).
pub fn report() -> Value {
    let count = json!({ "type": "integer", "minimum": 0 });
    let place = json!({ "type": ["integer", "null"], "minimum": 1 });
    let entry = json!({
        "type": "object",
        "properties": {
            "rule": { "type": "string" },
            "severity": { "enum": ["error", "warning", "info"] },
            "message": { "type": "string" },
            "help": { "type": ["string", "null"] },
            "path": { "type": "string" },
            "line": place,
            "column": place,
            "end_line": place,
            "end_column": place,
        },
        "required": ["severity", "message", "help", "path", "line", "column", "end_line", "end_column"],
        "additionalProperties": false,
    });
    json!({
        "$schema": DRAFT,
        "title": "smslint check --format json",
        "type": "object",
        "properties": {
            "version": { "const": crate::report::JSON_REPORT_VERSION },
            "smslint": { "type": "string" },
            "findings": { "type": "array", "items": entry },
            "problems": { "type": "array", "items": entry },
            "summary": {
                "type": "object",
                "properties": {
                    "files": count,
                    "documents": count,
                    "findings": count,
                    "errors": count,
                    "warnings": count,
                    "info": count,
                    "problems": count,
                    "waived": count,
                    "config": { "type": ["string", "null"] },
                },
                "required": ["files", "documents", "findings", "errors", "warnings", "info", "problems", "waived", "config"],
                "additionalProperties": false,
            },
        },
        "required": ["version", "smslint", "findings", "problems", "summary"],
        "additionalProperties": false,
    })
}

/// The schemas `smslint schema` prints, by name, with the one-line description of each.
pub fn all() -> Vec<(&'static str, &'static str, Value)> {
    vec![
        (
            "account",
            "an account document (`kind: account`)",
            document(&DocumentKind::ACCOUNT),
        ),
        (
            "message",
            "a message document (`kind: message`)",
            document(&DocumentKind::MESSAGE),
        ),
        ("rule", "a rule file", rule_file()),
        ("report", "the JSON report of `smslint check`", report()),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::schema::{ACCOUNT, MESSAGE};

    #[test]
    fn document_schemas_follow_the_declaration() {
        let account = document(&DocumentKind::ACCOUNT);
        let props = account["properties"]
            .as_object()
            .unwrap_or_else(|| panic!("{account}"));
        for f in ACCOUNT.fields {
            assert!(props.contains_key(f.name), "{}", f.name);
        }
        assert_eq!(account["required"], json!(["id", "numbers"]));
        let number = &props["numbers"]["items"];
        assert_eq!(number["properties"]["status"]["default"], "active");
        let message = document(&DocumentKind::MESSAGE);
        assert!(message["required"]
            .as_array()
            .is_some_and(|r| !r.contains(&json!("send_at")) && r.contains(&json!("body"))));
        for f in MESSAGE.fields {
            assert!(message["properties"].get(f.name).is_some(), "{}", f.name);
        }
    }

    #[test]
    fn the_rule_schema_names_every_key_the_loader_takes() {
        let schema = rule_file();
        let props = schema["properties"]
            .as_object()
            .unwrap_or_else(|| panic!("{schema}"));
        let mut names: Vec<&str> = props.keys().map(String::as_str).collect();
        names.sort_unstable();
        let mut keys = crate::rules::RULE_KEYS.to_vec();
        keys.sort_unstable();
        assert_eq!(names, keys);
    }
}
