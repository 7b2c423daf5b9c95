//! Reading account and message documents from a file: the one loader the CLI, the bindings
//! and a library user share.
//!
//! A file holds one or more YAML (or JSON) documents, each saying what it is with
//! `kind: account` or `kind: message`. A file that cannot be read as YAML is one problem;
//! after that each document stands alone, so one broken document does not hide the others.

use std::sync::Arc;

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
