//! smslint: a rule engine and compliance linter for business SMS.
//!
//! This crate is the library behind the `smslint` command. It is organised by pipeline stage:
//!
//! - [`sms`]: how a message body is encoded (GSM-7 or UCS-2, 3GPP TS 23.038) and split into
//!   segments (TS 23.040) — the stage everything else stands on;
//! - [`phone`]: phone numbers — strict E.164 parsing, NANP validation and the area-code table;
//! - [`schema`]: the message and account documents rules inspect, declared once;
//! - [`yaml`]: loading YAML and JSON into a node tree with a byte span on every node, and a
//!   map from every character of a decoded string back to where it is written;
//! - [`input`]: account and message documents loaded from YAML or JSON, with spans;
//! - [`message`]: the message a backend checks before a send, as a borrowed Rust type;
//! - [`dsl`]: the rule condition language — parsing, type checking, compiling, evaluating;
//! - [`rules`]: rule files and packs — loading, the built-in pack, self-tests;
//! - [`engine`]: compiled rules applied to documents, findings in a report;
//! - [`source`], [`span`]: source files and the diagnostics that point into them.
//!
//! ```
//! use smslint::sms::{self, Encoding, Options};
//!
//! let counts = sms::count("Hi from Acme! Reply STOP to opt out.", &Options::default());
//! assert_eq!(counts.encoding, Encoding::Gsm7);
//! assert_eq!(counts.segments, 1);
//! ```
#![forbid(unsafe_code)]

pub mod doc;
pub mod dsl;
pub mod engine;
pub mod phone;
pub mod rules;
pub mod sms;
pub mod text;
pub mod yaml;
