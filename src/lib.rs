//! smslint: a rule engine and compliance linter for business SMS.
//!
//! This crate is the library behind the `smslint` command. It is organised by pipeline stage;
//! the first stage everything else stands on is [`sms`]: how a message body is encoded
//! (GSM-7 or UCS-2, 3GPP TS 23.038) and split into segments (TS 23.040).
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
