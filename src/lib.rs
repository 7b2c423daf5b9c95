//! smslint: a rule engine and compliance linter for business SMS.
//!
//! A messaging backend builds an [`Engine`] once (the built-in rule pack, its own packs, or
//! both), then checks every [`Message`] before it is sent; a CI tool checks account
//! configurations loaded from YAML or JSON. Findings are data in a [`Report`], never an
//! `Err`: an `Err` means unusable input, such as a rule pack that does not compile.
//!
//! ```
//! use smslint::{Direction, Engine, Message, Sender, Severity};
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let engine = Engine::builtin()?;
//! let message = Message {
//!     body: "Your order #1234 has shipped. Reply STOP to opt out.",
//!     ..Message::new(Direction::Outbound, Sender::Agent, "twilio", "+14155550100", "+13055550123")
//! };
//! let report = engine.check_message(&message);
//! assert!(!report.has_errors());
//! for finding in &report.findings {
//!     assert_ne!(finding.severity, Severity::Error);
//!     println!("{finding}");
//! }
//! # Ok(())
//! # }
//! ```
//!
//! # The public API
//!
//! - checking: [`Engine`], [`Selection`], [`Report`], [`Finding`], [`RuleFailure`],
//!   [`Severity`], and the report writers in [`report`];
//! - documents: [`Message`] (borrowed, for the send path) and [`MessageBuf`] (owned, read
//!   with serde and checked against the schema), the enums ([`Direction`], [`Sender`], [`Category`],
//!   [`Consent`], [`Recipient`], [`Conversation`]), the value model a program's own
//!   documents implement ([`Record`], [`List`], [`Val`]), [`DocumentKind`], [`Schema`],
//!   [`Field`], [`FieldType`], [`Date`], and the documents of a YAML or JSON file
//!   ([`read_documents`], [`Document`]);
//! - rules: [`Rule`], [`PackSource`], [`load_rules`], [`load_rules_with`], [`run_examples`],
//!   and what a rule says of itself ([`Citation`], [`Example`], [`Status`], [`AppliesTo`]);
//! - places and problems: [`Span`], [`SourceFile`], [`SourceDiagnostic`], [`Diagnostics`];
//! - the leaf libraries [`sms`] (encoding and segments, 3GPP TS 23.038/23.040) and [`phone`]
//!   (E.164 and NANP);
//! - for other tools: JSON Schemas of documents, rule files and the JSON report
//!   ([`schemas`]), and the version of the bundled time-zone database ([`tzdb_version`]).
//!
//! Everything else is internal. Fuzz targets and benchmarks reach the stages (the condition
//! language, the YAML loader) through `smslint::unstable`, which is hidden from the docs
//! and may change in any release.
//!
//! # Layers
//!
//! The crate is organised by pipeline stage; each folder imports only those before it:
//! `text` (spans, source files, diagnostics) → `sms`, `phone` → `yaml` → `doc` (the value
//! model, schemas, documents) → `dsl` (the condition language) → `rules` (rule files and
//! packs) → `engine` (the rule loop, self-tests) → [`report`] (the output formats) and
//! [`schemas`]. See
//! `ARCHITECTURE.md` in the repository.
#![forbid(unsafe_code)]

pub mod phone;
pub mod report;
pub mod schemas;
pub mod sms;

mod doc;
mod dsl;
mod engine;
mod rules;
mod text;
mod yaml;

pub use doc::{
    read_documents, Category, Consent, Conversation, Date, DateError, Direction, Document,
    DocumentKind, Field, FieldType, List, Message, MessageBuf, MessageError, Recipient, Record,
    Schema, Sender, Val, Values,
};
pub use engine::selftest::{run as run_examples, ExampleOutcome};
pub use engine::{Engine, Finding, Report, RuleFailure, Selection};
pub use rules::{
    load as load_rules, load_with as load_rules_with, AppliesTo, Citation, Example, PackSource,
    Rule, Severity, Status,
};
pub use text::{Diagnostics, Level, SourceDiagnostic, SourceFile, Span};

/// The release of the IANA time-zone database the library bundles and judges local times
/// by (`2025b`); every machine gives the same verdict with the same release.
pub fn tzdb_version() -> Option<&'static str> {
    doc::zone::database_version()
}

// The README's Rust examples are compiled and run as doc tests.
#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;

/// The library's stages, for fuzz targets, benchmarks and tools of this repository. Not
/// part of the public API: anything here may change in any release.
#[doc(hidden)]
pub mod unstable {
    /// Documents: the schemas' statics, the loaders, the JSON readers.
    pub mod doc {
        pub use crate::doc::*;
    }
    /// The condition language.
    pub mod dsl {
        pub use crate::dsl::*;
    }
    /// Rule files and packs.
    pub mod rules {
        pub use crate::rules::*;
    }
    /// The engine's internals: self-tests.
    pub mod engine {
        pub use crate::engine::*;
    }
    /// Spans, source files, suggestions.
    pub mod text {
        pub use crate::text::*;
    }
    /// Loading YAML and JSON with spans.
    pub mod yaml {
        pub use crate::yaml::*;
    }
}
