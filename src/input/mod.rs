//! Input documents: the accounts and messages rules inspect, loaded from YAML or JSON
//! with a span on every value.

pub mod doc;
pub mod json_message;
pub mod json_text;
pub mod tree;

pub use doc::{parse_instant, DocRecord, DocValue, InputError};
pub use json_message::JsonMessage;
pub use tree::{Tree, TreeKind};

use std::sync::Arc;

use crate::source::{SourceDiagnostic, SourceFile};

/// Parses a YAML (or JSON) file into its documents, with the default limits.
pub fn parse_yaml(file: &Arc<SourceFile>) -> Result<Vec<crate::yaml::Node>, SourceDiagnostic> {
    crate::yaml::parse(&file.text, &crate::yaml::Limits::default())
        .map_err(|e| SourceDiagnostic::error(file, Some(e.span), e.message, e.help))
}
