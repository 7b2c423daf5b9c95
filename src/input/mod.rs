//! Input documents: the accounts and messages rules inspect, loaded from YAML or JSON
//! with a span on every value.

pub mod doc;
pub mod tree;

pub use doc::{parse_instant, DocRecord, DocValue, InputError};
pub use tree::{Tree, TreeKind};
