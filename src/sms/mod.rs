//! SMS encoding and segmentation, to the letter of 3GPP TS 23.038 and TS 23.040.
//!
//! A body is sent in the GSM 7-bit default alphabet when every character is in it or in its
//! extension table (the latter cost an escape septet more); otherwise it is sent as UCS-2
//! (in practice UTF-16: a character outside the BMP costs two code units). A body that does
//! not fit one segment is split into concatenated segments, each of which gives up room to
//! a user-data header.
//!
//! The module is shaped around two paths:
//!
//! - [`count`] answers "which encoding, how many units, how many segments" without
//!   allocating, for the send path and for batch counting;
//! - [`analyze`] also returns each segment's byte range, the characters that force UCS-2 with
//!   their GSM-7 look-alikes, and what the body would cost after those replacements.
//!
//! Both share one packing routine (`pack`), so a count can never disagree with a split.
//! Capacities are derived from the header layout in [`capacity`] rather than written as
//! magic numbers.

mod analysis;
pub mod capacity;
mod count;
mod gsm7;
mod options;
mod pack;
pub mod smart;
pub mod tables;

pub use analysis::{analyze, split, Analysis, NonGsmChar, Part};
pub use capacity::Capacity;
pub use count::{count, Counts};
pub use options::{
    Encoding, NationalLanguage, NationalLanguages, Options, ShiftTables, SplitPolicy,
};
pub use tables::{LockingShift, SingleShift};
