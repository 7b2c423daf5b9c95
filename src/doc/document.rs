//! Reading account and message documents from a file: the one loader the CLI, the bindings
//! and a library user share.
//!
//! A file holds one or more YAML (or JSON) documents, each saying what it is with
//! `kind: account` or `kind: message`. A file that cannot be read as YAML is one problem;
//! after that each document stands alone, so one broken document does not hide the others.

use std::sync::Arc;

use serde::Deserialize;

use super::loaded::DocRecord;
use super::schema::DocumentKind;
use super::tree::Tree;
use crate::text::{did_you_mean, Diagnostics, SourceDiagnostic, SourceFile};

/// The document kinds a file may hold.
const KINDS: [&DocumentKind; 2] = [&DocumentKind::ACCOUNT, &DocumentKind::MESSAGE];

/// A document read from a file, checked against its kind's schema, with the span of every
/// value. It is a [`Record`](crate::Record), so [`Engine::check`](crate::Engine::check) reads it directly.
#[derive(Clone, Debug)]
pub struct Document {
    /// What the document is (its `kind:`).
    pub kind: &'static DocumentKind,
    record: DocRecord,
}

super::loaded::record_through!(Document, record);

/// Reads the documents of `file`: each one, or the problems that keep it from being read.
///
/// # Errors
///
/// One diagnostic when the file is not YAML or JSON, or holds no document at all.
pub fn read_documents(
    file: &Arc<SourceFile>,
) -> Result<Vec<Result<Document, Diagnostics>>, SourceDiagnostic> {
    strict_json(file)?;
    let nodes = super::parse_yaml(file)?;
    if nodes.is_empty() {
        return Err(SourceDiagnostic::error(
            file,
            None,
            "the file holds no document, so there is nothing to check",
            Some("write an account or message document (`kind: account` or `kind: message`), or leave the file out".into()),
        ));
    }
    Ok(nodes
        .iter()
        .map(|node| read_document(file, &Tree::from_yaml(node)))
        .collect())
}

/// A file named `*.json` is read as JSON is everywhere else: a trailing comma, a comment
/// or a bare word is an error (the YAML reader would take them).
fn strict_json(file: &Arc<SourceFile>) -> Result<(), SourceDiagnostic> {
    if !file.name.to_ascii_lowercase().ends_with(".json") {
        return Ok(());
    }
    let mut reader = serde_json::Deserializer::from_str(&file.text);
    let read = serde::de::IgnoredAny::deserialize(&mut reader).and_then(|_| reader.end());
    let Err(e) = read else {
        return Ok(());
    };
    // serde_json counts lines by `\n` and columns in bytes.
    let line_start = if e.line() <= 1 {
        0
    } else {
        file.text
            .match_indices('\n')
            .nth(e.line() - 2)
            .map_or(file.text.len(), |(i, _)| i + 1)
    };
    let mut start = (line_start + e.column().saturating_sub(1)).min(file.text.len());
    while !file.text.is_char_boundary(start) {
        start -= 1;
    }
    let end = file
        .text
        .get(start..)
        .and_then(|rest| rest.chars().next())
        .map_or(start, |c| start + c.len_utf8());
    let mut message = e.to_string();
    if let Some(cut) = message.find(" at line ") {
        message.truncate(cut);
    }
    // `{"a": 1,}` is "key must be a string" to serde_json: name the comma instead.
    let before = file.text.get(..start).unwrap_or("").trim_end();
    let here = file.text.get(start..).and_then(|rest| rest.chars().next());
    if before.ends_with(',') && matches!(here, Some('}' | ']')) {
        message = "a trailing comma before the closing bracket".to_owned();
    }
    Err(SourceDiagnostic::error(
        file,
        Some(crate::text::Span::new(start, end)),
        format!("the file is not valid JSON: {message}"),
        Some("a `.json` file is strict JSON: no trailing commas, no comments, keys in double quotes; or name it `.yaml`".into()),
    ))
}

/// Whether any document of `file` names a kind smslint checks (`kind: account` or
/// `kind: message`): a folder walk leaves other YAML and JSON files (CI workflows,
/// `package.json`, Kubernetes manifests) alone. A file that cannot be parsed counts as
/// claimed, so its problem is reported rather than skipped.
pub fn claims(file: &Arc<SourceFile>) -> bool {
    let Ok(nodes) = super::parse_yaml(file) else {
        return true;
    };
    nodes.iter().any(|node| {
        Tree::from_yaml(node)
            .get("kind")
            .and_then(|k| k.as_str())
            .is_some_and(|name| KINDS.iter().any(|k| k.name == name))
    })
}

fn read_document(file: &Arc<SourceFile>, tree: &Tree<'_>) -> Result<Document, Diagnostics> {
    let kind_node = tree.get("kind");
    let kind =
        match kind_node.and_then(|k| k.as_str()) {
            Some(name) => match KINDS.iter().find(|k| k.name == name) {
                Some(kind) => *kind,
                None => {
                    let names: Vec<&str> = KINDS.iter().map(|k| k.name).collect();
                    return Err(SourceDiagnostic::error(
                        file,
                        kind_node.and_then(|k| k.span),
                        format!("`kind: {name}` is not a document smslint checks"),
                        Some(did_you_mean(name, &names).unwrap_or_else(|| {
                            "write `kind: account` or `kind: message`".to_owned()
                        })),
                    )
                    .into());
                }
            },
            None => {
                return Err(SourceDiagnostic::error(
                    file,
                    kind_node.and_then(|k| k.span).or(tree.span),
                    "the document does not say what it is",
                    Some("add `kind: account` or `kind: message` at its top".into()),
                )
                .into())
            }
        };
    match DocRecord::load(tree, kind.schema, &["kind"]) {
        Ok(record) => Ok(Document { kind, record }),
        Err(errors) => Err(errors
            .into_iter()
            .map(|e| SourceDiagnostic::error(file, e.span, e.message, e.help))
            .collect::<Vec<_>>()
            .into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_document_stands_alone() {
        let file = SourceFile::new(
            "m.yaml",
            "kind: message\ndirection: outbound\nsender: agent\nprovider: twilio\nfrom: \"+14155550100\"\nto: \"+13055550123\"\nbody: hi\n---\nkind: mesage\n---\nbody: x\n",
        );
        let docs = read_documents(&file).unwrap();
        assert_eq!(docs.len(), 3);
        assert_eq!(docs[0].as_ref().unwrap().kind.name, "message");
        let bad = docs[1].as_ref().unwrap_err();
        assert_eq!(
            bad.problems[0].help.as_deref(),
            Some("did you mean `message`?")
        );
        let none = docs[2].as_ref().unwrap_err();
        assert_eq!(
            none.problems[0].message,
            "the document does not say what it is"
        );
        assert!(read_documents(&SourceFile::new("e.yaml", "# nothing\n")).is_err());
    }
}
