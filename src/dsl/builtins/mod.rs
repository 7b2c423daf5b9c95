//! The domain functions conditions call, as plain Rust over texts, numbers and instants:
//! no syntax tree, no document, no fact cache. The type checker's table says which name
//! calls which and with what types; the interpreter and the closures call these.
//!
//! - [`text`]: counting characters and graphemes, comparing short words, normalising
//!   bodies (case, spacing, look-alikes), and `mentions` of word lists;
//! - [`time`]: local times of day and weekdays in the NANP time zones.

pub mod text;
pub mod time;
