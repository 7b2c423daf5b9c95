//! Why a string is not a usable E.164 number, and what to write instead.
//!
//! Errors are small `Copy` values with no allocation: the send path can reject a number
//! without touching the heap. Where the fix is certain (the same digits without
//! punctuation, a missing `+`, the digits a vanity number dials), the error carries the
//! corrected number so the advice can show it.

use std::fmt;

use super::e164::{E164, MAX_DIGITS, MIN_DIGITS};

const EXAMPLE: &str = "+14155550100";

/// Why a string is not a valid E.164 number.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum NumberError {
    /// Nothing to parse.
    Empty,
    /// The digits are not preceded by `+`.
    MissingPlus {
        /// The number meant, when it is clear: the same digits after `+`, after an
        /// international prefix (`00`, `011`), or after `+1` for ten NANP-shaped digits.
        suggestion: Option<E164>,
    },
    /// Spaces or punctuation (`-`, `.`, `(`, `)`, `/`) among the digits.
    Formatting {
        /// The same number written in E.164, when the digits make one.
        suggestion: Option<E164>,
    },
    /// Letters among the digits, as in a vanity number (`1-800-FLOWERS`).
    Letters {
        /// The number the letters dial on a phone keypad, when that is a valid number.
        keypad: Option<E164>,
    },
    /// A character that has no place in a phone number.
    InvalidCharacter {
        /// The character.
        ch: char,
        /// Its byte offset in the input.
        index: usize,
    },
    /// Fewer digits than the shortest E.164 number.
    TooShort {
        /// Digits found.
        digits: usize,
    },
    /// More than the 15 digits E.164 allows.
    TooLong {
        /// Digits found.
        digits: usize,
    },
    /// The country code starts with 0 (usually an international prefix written after `+`).
    CountryCodeZero,
    /// The digits after `+` start with no assigned country code.
    UnknownCountryCode {
        /// The first (up to three) digits after `+`.
        leading: u16,
    },
    /// A +1 number whose national part breaks the NANP numbering plan.
    Nanp(NanpError),
}

/// Why the ten national digits of a +1 number break the NANP plan (NPA-NXX-XXXX).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum NanpError {
    /// Something other than ASCII digits in the national number.
    NotDigits,
    /// Not exactly ten digits after the country code.
    Length {
        /// Digits found after `+1`.
        digits: usize,
    },
    /// The area code (NPA) starts with 0 or 1.
    AreaCodeStart {
        /// The area code.
        npa: u16,
    },
    /// The area code is an N11 service code (211, 311, … 911).
    AreaCodeN11 {
        /// The area code.
        npa: u16,
    },
    /// The exchange code (NXX, digits 4-6) starts with 0 or 1.
    ExchangeStart {
        /// The exchange code.
        nxx: u16,
    },
    /// The exchange code is an N11 service code (211, 311, … 911).
    ExchangeN11 {
        /// The exchange code.
        nxx: u16,
    },
}

impl NumberError {
    /// What is wrong: one lowercase line.
    pub fn message(&self) -> impl fmt::Display + '_ {
        Message(self)
    }

    /// What to write instead: one lowercase line.
    pub fn help(&self) -> impl fmt::Display + '_ {
        Help(self)
    }
}

struct Message<'a>(&'a NumberError);
struct Help<'a>(&'a NumberError);

impl fmt::Display for Message<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            NumberError::Empty => f.write_str("phone number is empty"),
            NumberError::MissingPlus { .. } => f.write_str("phone number has no leading `+`"),
            NumberError::Formatting { .. } => {
                f.write_str("phone number has spaces or punctuation")
            }
            NumberError::Letters { keypad: Some(_) } => {
                f.write_str("phone number has letters: it is a vanity number")
            }
            NumberError::Letters { keypad: None } => f.write_str("phone number has letters"),
            NumberError::InvalidCharacter { ch, index } => {
                write!(f, "phone number has `{}` at byte {index}", ch.escape_debug())
            }
            NumberError::TooShort { digits } => write!(
                f,
                "phone number has {digits} digits, fewer than the {MIN_DIGITS} of the shortest E.164 number"
            ),
            NumberError::TooLong { digits } => write!(
                f,
                "phone number has {digits} digits, more than the {MAX_DIGITS} E.164 allows"
            ),
            NumberError::CountryCodeZero => f.write_str("country code starts with 0"),
            NumberError::UnknownCountryCode { leading } => write!(
                f,
                "`+{leading}` does not start with an assigned country code"
            ),
            NumberError::Nanp(e) => e.message().fmt(f),
        }
    }
}

impl fmt::Display for Help<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            NumberError::MissingPlus {
                suggestion: Some(s),
            }
            | NumberError::Formatting {
                suggestion: Some(s),
            } => write!(f, "write it as {s}"),
            NumberError::Empty | NumberError::MissingPlus { suggestion: None } => write!(
                f,
                "write `+`, the country code and the number, e.g. {EXAMPLE}"
            ),
            NumberError::Letters { keypad: Some(s) } => {
                write!(f, "write the digits its letters dial: {s}")
            }
            NumberError::Formatting { suggestion: None }
            | NumberError::Letters { keypad: None }
            | NumberError::InvalidCharacter { .. } => {
                write!(f, "write `+` and digits only, e.g. {EXAMPLE}")
            }
            NumberError::TooShort { .. } => write!(
                f,
                "check for missing digits and include the country code, e.g. {EXAMPLE}"
            ),
            NumberError::TooLong { .. } => f.write_str(
                "remove extra digits such as an extension or a national trunk prefix `0`",
            ),
            NumberError::CountryCodeZero => f.write_str(
                "drop the international prefix (`00`, `011`): write `+` and the country code, e.g. +44 for the UK",
            ),
            NumberError::UnknownCountryCode { .. } => {
                f.write_str("check the country code; US and Canadian numbers start +1")
            }
            NumberError::Nanp(e) => e.help().fmt(f),
        }
    }
}

impl fmt::Display for NumberError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}; {}", self.message(), self.help())
    }
}

impl std::error::Error for NumberError {}

impl From<NanpError> for NumberError {
    fn from(e: NanpError) -> NumberError {
        NumberError::Nanp(e)
    }
}

impl NanpError {
    /// What is wrong: one lowercase line.
    pub fn message(&self) -> impl fmt::Display + '_ {
        NanpMessage(self)
    }

    /// What to write instead: one lowercase line.
    pub fn help(&self) -> impl fmt::Display + '_ {
        NanpHelp(self)
    }
}

struct NanpMessage<'a>(&'a NanpError);
struct NanpHelp<'a>(&'a NanpError);

impl fmt::Display for NanpMessage<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self.0 {
            NanpError::NotDigits => f.write_str("national number has characters other than digits"),
            NanpError::Length { digits } => write!(
                f,
                "+1 number has {digits} digits after the country code, not 10"
            ),
            NanpError::AreaCodeStart { npa } => {
                write!(f, "area code `{npa:03}` starts with {}", npa / 100)
            }
            NanpError::AreaCodeN11 { npa } => {
                write!(f, "area code `{npa:03}` is an N11 service code")
            }
            NanpError::ExchangeStart { nxx } => write!(
                f,
                "exchange code `{nxx:03}` (digits 4-6 after +1) starts with {}",
                nxx / 100
            ),
            NanpError::ExchangeN11 { nxx } => write!(
                f,
                "exchange code `{nxx:03}` (digits 4-6 after +1) is an N11 service code"
            ),
        }
    }
}

impl fmt::Display for NanpHelp<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            NanpError::NotDigits => {
                f.write_str("write the ten digits after +1 only, e.g. 4155550100")
            }
            NanpError::Length { .. } => write!(
                f,
                "write +1, the 3-digit area code and the 7-digit number, e.g. {EXAMPLE}"
            ),
            NanpError::AreaCodeStart { .. } => f.write_str(
                "NANP area codes start with 2-9; write the country code 1 once, right after `+`",
            ),
            NanpError::AreaCodeN11 { .. } | NanpError::ExchangeN11 { .. } => f.write_str(
                "N11 codes (211 to 911) are dialled alone and are not part of a phone number",
            ),
            NanpError::ExchangeStart { .. } => {
                f.write_str("NANP exchange codes start with 2-9; check the number")
            }
        }
    }
}

impl fmt::Display for NanpError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}; {}", self.message(), self.help())
    }
}

impl std::error::Error for NanpError {}
