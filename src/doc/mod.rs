//! Documents: the value model rules read ([`Record`], [`List`], [`Val`]), the schemas that
//! declare every document kind's fields once, the account and message documents loaded
//! from YAML or JSON with a span on every value, the borrowed [`Message`] of the send path,
//! and the fast JSON readers of `check --jsonl`.
//!
//! This layer sits below the condition language: the type checker resolves paths against
//! a [`Schema`], the evaluator reads fields through [`Record`], and neither knows whether a
//! document came from a file, a JSONL line or a caller's Rust value.

mod date;
mod document;
pub mod json_message;
pub mod json_text;
pub mod loaded;
pub mod message;
mod message_buf;
pub mod schema;
pub mod tree;
pub mod value;
pub(crate) mod zone;

pub mod clock;
pub use date::{Date, DateError};
pub use document::{claims, read_documents, Document};
pub use json_message::JsonMessage;
pub use loaded::{parse_instant, DocRecord, DocValue, InputError};
pub use message::{Category, Consent, Conversation, Direction, Message, Recipient, Sender};
pub use message_buf::{MessageBuf, MessageError};
pub use schema::{DocumentKind, Field, FieldDefault, FieldType, Schema, Values};
pub use tree::{Tree, TreeKind};
pub use value::{Const, List, Record, Val};

use std::sync::Arc;

use crate::text::{SourceDiagnostic, SourceFile};

/// Parses a YAML (or JSON) file into its documents, with the default limits.
///
/// # Errors
///
/// A diagnostic pointing at the first place the text is not YAML, or breaks a limit.
pub fn parse_yaml(file: &Arc<SourceFile>) -> Result<Vec<crate::yaml::Node>, SourceDiagnostic> {
    crate::yaml::parse(&file.text, &crate::yaml::Limits::default())
        .map_err(|e| SourceDiagnostic::error(file, Some(e.span), e.message, e.help))
}
