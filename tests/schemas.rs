//! The JSON Schemas of `smslint schema` as editors and other tools use them: the committed
//! copies in `schemas/` are what the command prints, and every fixture, every example
//! document of the built-in rules, every rule file and the JSON report validate against
//! them (read as smslint reads YAML), while documents smslint refuses are refused.
//!
//! The validation runs python's `jsonschema` (`tools/jsonschema/requirements.txt`, which
//! `.ci/run` installs into a venv and names in `SMSLINT_JSONSCHEMA_PYTHON`). Where it is
//! missing the validation is skipped with a note, unless `SMSLINT_REQUIRE_JSONSCHEMA` is
//! set, as `.ci/run` sets it.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::{json, Map, Value};
use smslint::unstable::doc::{parse_yaml, Tree, TreeKind};
use smslint::SourceFile;

const NAMES: [&str; 5] = ["account", "message", "rule", "config", "report"];

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn smslint(args: &[&str]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_smslint"))
        .args(args)
        .current_dir(root())
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
    )
}

#[test]
fn the_committed_schemas_are_what_smslint_schema_prints() {
    let (code, list) = smslint(&["schema"]);
    assert_eq!(code, 0);
    let listed: Vec<&str> = list.lines().map(|l| l.split(' ').next().unwrap()).collect();
    assert_eq!(listed, NAMES);
    for name in NAMES {
        let (code, printed) = smslint(&["schema", name]);
        assert_eq!(code, 0, "{name}");
        let path = root().join(format!("schemas/{name}.schema.json"));
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == printed,
            "{} is out of date; run `smslint schema {name} > schemas/{name}.schema.json`",
            path.display()
        );
    }
}

/// A YAML (or JSON) document as smslint reads it, as JSON: plain scalars resolved as the
/// loader resolves them (so `2026-11-23` stays text, as in YAML 1.2).
fn to_json(tree: &Tree<'_>) -> Value {
    match &tree.kind {
        TreeKind::Null => Value::Null,
        TreeKind::Bool(b) => json!(b),
        TreeKind::Int(i) => json!(i),
        TreeKind::Float(f) => json!(f),
        TreeKind::Str(s) => json!(s),
        TreeKind::Plain(s) => {
            if tree.is_null() {
                Value::Null
            } else if let Some(b) = tree.as_bool() {
                json!(b)
            } else if let Some(i) = tree.as_i64() {
                json!(i)
            } else {
                json!(s)
            }
        }
        TreeKind::Seq(items) => Value::Array(items.iter().map(to_json).collect()),
        TreeKind::Map(entries) => {
            let mut map = Map::new();
            for (k, v) in entries {
                map.insert(k.as_str().unwrap_or("").to_owned(), to_json(v));
            }
            Value::Object(map)
        }
    }
}

fn documents(path: &Path) -> Vec<Value> {
    let file = SourceFile::new(
        path.display().to_string(),
        std::fs::read_to_string(path).unwrap(),
    );
    parse_yaml(&file)
        .unwrap_or_else(|e| panic!("{}: {}", path.display(), e.message))
        .iter()
        .map(|node| to_json(&Tree::from_yaml(node)))
        .collect()
}

fn yaml_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            yaml_files(&p, out);
        } else if p
            .extension()
            .is_some_and(|e| e == "yaml" || e == "yml" || e == "json")
        {
            out.push(p);
        }
    }
}

/// Every document to validate, by schema name: `(valid, refused)`.
fn corpus() -> Vec<(&'static str, Vec<Value>, Vec<Value>)> {
    let mut accounts = Vec::new();
    let mut messages = Vec::new();
    let mut rules = Vec::new();
    let mut files = Vec::new();
    for dir in [
        "fixtures/accounts/valid",
        "fixtures/accounts/invalid",
        "fixtures/repo/sms",
        "fixtures/messages",
    ] {
        yaml_files(&root().join(dir), &mut files);
    }
    let mut refused_messages = Vec::new();
    for f in &files {
        for doc in documents(f) {
            let refused = f.ends_with("state-name.yaml");
            match (doc["kind"].as_str(), refused) {
                (Some("account"), _) => accounts.push(doc),
                (Some("message"), false) => messages.push(doc),
                (Some("message"), true) => refused_messages.push(doc),
                _ => {}
            }
        }
    }
    // The built-in rules and the good pack: each file a rule, each example a document.
    let mut rule_files = Vec::new();
    yaml_files(&root().join("rules"), &mut rule_files);
    yaml_files(&root().join("fixtures/rules/good"), &mut rule_files);
    for f in rule_files
        .iter()
        .filter(|f| !f.components().any(|c| c.as_os_str() == "data"))
    {
        for rule in documents(f) {
            let target = match rule["applies_to"].as_str() {
                Some("message") => Some(("message", &mut messages)),
                Some("account" | "number") => Some(("account", &mut accounts)),
                _ => None,
            };
            if let Some((kind, into)) = target {
                for side in ["pass", "fail"] {
                    for example in rule["examples"][side].as_array().into_iter().flatten() {
                        let mut example = example.clone();
                        let map = example.as_object_mut().unwrap();
                        map.remove("note");
                        map.insert("kind".into(), json!(kind));
                        into.push(example);
                    }
                }
            }
            rules.push(rule);
        }
    }
    let broken = documents(&root().join("fixtures/accounts/broken/unknown-key.yaml"));
    let configs: Vec<Value> = [
        "fixtures/accounts/smslint.yaml",
        "fixtures/repo/smslint.yaml",
    ]
    .iter()
    .flat_map(|f| documents(&root().join(f)))
    .collect();
    let bad_configs: Vec<Value> = ["fixtures/config-bad/smslint.yaml"]
        .iter()
        .flat_map(|f| documents(&root().join(f)))
        .collect();
    let mut reports = Vec::new();
    for args in [
        vec![
            "check",
            "--format",
            "json",
            "--no-config",
            "fixtures/accounts",
        ],
        vec![
            "check",
            "--format",
            "json",
            "--config",
            "fixtures/accounts/smslint.yaml",
            "fixtures/accounts",
        ],
        vec!["check", "--format", "json", "fixtures/messages/send-path"],
    ] {
        let (_, out) = smslint(&args);
        reports.push(serde_json::from_str(&out).unwrap());
    }
    assert!(accounts.len() > 60, "{} accounts", accounts.len());
    assert!(messages.len() > 150, "{} messages", messages.len());
    vec![
        ("account", accounts, broken),
        ("message", messages, refused_messages),
        ("rule", rules, Vec::new()),
        ("config", configs, bad_configs),
        ("report", reports, Vec::new()),
    ]
}

fn python() -> Option<String> {
    let python = std::env::var("SMSLINT_JSONSCHEMA_PYTHON").unwrap_or_else(|_| "python3".into());
    let ok = Command::new(&python)
        .args(["-c", "import jsonschema"])
        .output()
        .is_ok_and(|o| o.status.success());
    if ok {
        return Some(python);
    }
    assert!(
        std::env::var_os("SMSLINT_REQUIRE_JSONSCHEMA").is_none(),
        "python's jsonschema is required here (tools/jsonschema/requirements.txt)"
    );
    eprintln!("note: python's jsonschema is missing; schema validation skipped");
    None
}

#[test]
fn every_fixture_and_example_validates_and_refused_documents_are_refused() {
    let Some(python) = python() else {
        return;
    };
    let dir = std::env::temp_dir().join(format!("smslint-schemas-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for (name, valid, refused) in corpus() {
        let schema = root().join(format!("schemas/{name}.schema.json"));
        for (mode, docs) in [("valid", valid), ("refused", refused)] {
            if docs.is_empty() {
                continue;
            }
            let mut files = Vec::new();
            for (i, doc) in docs.iter().enumerate() {
                let file = dir.join(format!("{name}-{mode}-{i}.json"));
                std::fs::write(&file, serde_json::to_vec(doc).unwrap()).unwrap();
                files.push(file);
            }
            let mut cmd = Command::new(&python);
            cmd.arg(root().join("tools/jsonschema/validate.py"));
            if mode == "refused" {
                cmd.arg("--invalid");
            }
            let out = cmd.arg(&schema).args(&files).output().unwrap();
            assert!(
                out.status.success(),
                "{name} ({mode}, {} documents): {}",
                docs.len(),
                String::from_utf8_lossy(&out.stderr)
            );
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}
