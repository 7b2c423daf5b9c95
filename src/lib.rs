//! smslint: a rule engine and compliance linter for business SMS.
//!
//! This crate is the library behind the `smslint` command. It is organised by pipeline stage:
//!
//! - [`sms`]: how a message body is encoded (GSM-7 or UCS-2, 3GPP TS 23.038) and split into
//!   segments (TS 23.040) — the stage everything else stands on;
//! - [`schema`]: the message and account documents rules inspect, declared once;
//! - [`dsl`]: the rule condition language — parsing and type checking so far;
//! - [`yaml`]: loading YAML and JSON into a node tree with a byte span on every node, and a
//!   map from every character of a decoded string back to where it is written.
//!
//! ```
//! use smslint::sms::{self, Encoding, Options};
//!
//! let counts = sms::count("Hi from Acme! Reply STOP to opt out.", &Options::default());
//! assert_eq!(counts.encoding, Encoding::Gsm7);
//! assert_eq!(counts.segments, 1);
//! ```
#![forbid(unsafe_code)]

pub mod dsl;
pub mod schema;
pub mod sms;
pub mod yaml;
