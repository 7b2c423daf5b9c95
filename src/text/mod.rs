//! Text the user wrote and the places in it: byte [`Span`]s, a [`SourceFile`] with its one
//! line index, the [`SourceDiagnostic`] every stage reports through, and "did you mean"
//! suggestions.
//!
//! This is the lowest layer of the library besides [`sms`](crate::sms) and
//! [`phone`](crate::phone): every stage above it (YAML loading, documents, the condition
//! language, rule files, the engine, the report writers) points into source text with these
//! types, so a diagnostic can underline the exact token wherever it was found.

mod graphemes;
mod source;
mod span;
mod suggest;
mod visible;

pub(crate) use graphemes::{count_graphemes, independent};
pub(crate) use source::line_starts;
pub use source::{Diagnostics, Level, SourceDiagnostic, SourceFile};
pub use span::Span;
pub use suggest::{closest, did_you_mean};
pub use visible::visible;
