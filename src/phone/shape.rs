//! What kind of sender or recipient address a string is: an E.164 number, a short code, a
//! vanity number, or nothing usable.
//!
//! Provisioning rules treat these differently (short codes and vanity numbers cannot be
//! self-provisioned), so the answer is an enum a rule can match on rather than a yes/no.

use std::fmt;

use super::e164::{parse_e164, E164};
use super::error::NumberError;

/// The fewest digits of a short code.
pub const SHORT_CODE_MIN_DIGITS: usize = 5;
/// The most digits of a short code.
pub const SHORT_CODE_MAX_DIGITS: usize = 6;

/// What a sender or recipient string is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Shape {
    /// A valid E.164 number.
    E164(E164),
    /// A US or Canadian SMS short code: 5 or 6 digits, no `+`.
    ShortCode(ShortCode),
    /// A number written with letters (`+1800FLOWERS`, `1-800-FLOWERS`) that dials a valid
    /// number.
    Vanity {
        /// The number the letters dial on a phone keypad.
        dials: E164,
    },
    /// None of these, and why it is not an E.164 number.
    Invalid(NumberError),
}

/// Says what kind of address `input` is.
///
/// ```
/// use smslint::phone::{classify, Shape};
///
/// assert!(matches!(classify("+14155550100"), Shape::E164(_)));
/// assert!(matches!(classify("12345"), Shape::ShortCode(_)));
/// match classify("1-800-FLOWERS") {
///     Shape::Vanity { dials } => assert_eq!(dials.as_str(), "+18003569377"),
///     other => panic!("{other:?}"),
/// }
/// assert!(matches!(classify("+1 415"), Shape::Invalid(_)));
/// ```
pub fn classify(input: &str) -> Shape {
    if let Some(code) = ShortCode::parse(input) {
        return Shape::ShortCode(code);
    }
    match parse_e164(input) {
        Ok(number) => Shape::E164(number),
        Err(NumberError::Letters {
            keypad: Some(dials),
        }) => Shape::Vanity { dials },
        Err(e) => Shape::Invalid(e),
    }
}

/// A short code: 5 or 6 ASCII digits.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ShortCode {
    digits: [u8; SHORT_CODE_MAX_DIGITS],
    len: u8,
}

impl ShortCode {
    /// A short code, when `input` is exactly 5 or 6 ASCII digits.
    pub fn parse(input: &str) -> Option<ShortCode> {
        let bytes = input.as_bytes();
        if !(SHORT_CODE_MIN_DIGITS..=SHORT_CODE_MAX_DIGITS).contains(&bytes.len())
            || !bytes.iter().all(u8::is_ascii_digit)
        {
            return None;
        }
        let mut digits = [0u8; SHORT_CODE_MAX_DIGITS];
        for (slot, &digit) in digits.iter_mut().zip(bytes) {
            *slot = digit;
        }
        Some(ShortCode {
            digits,
            len: u8::try_from(bytes.len()).ok()?,
        })
    }

    /// The digits, e.g. `"12345"`.
    pub fn as_str(&self) -> &str {
        self.digits
            .get(..usize::from(self.len))
            .and_then(|bytes| std::str::from_utf8(bytes).ok())
            .unwrap_or_default()
    }
}

impl fmt::Display for ShortCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for ShortCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ShortCode({})", self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_codes() {
        for s in ["12345", "898211", "22395"] {
            match classify(s) {
                Shape::ShortCode(code) => assert_eq!(code.as_str(), s),
                other => panic!("{s}: {other:?}"),
            }
        }
        for s in ["1234", "1234567", "+12345", "12 345", "12a45", "１２３４５"] {
            assert!(ShortCode::parse(s).is_none(), "{s}");
            assert!(!matches!(classify(s), Shape::ShortCode(_)), "{s}");
        }
    }

    #[test]
    fn vanity_numbers() {
        for s in [
            "+1800FLOWERS",
            "1-800-FLOWERS",
            "1 (800) flowers",
            "800-FLOWERS",
        ] {
            match classify(s) {
                Shape::Vanity { dials } => assert_eq!(dials.as_str(), "+18003569377", "{s}"),
                other => panic!("{s}: {other:?}"),
            }
        }
        // Letters that dial nothing valid are just letters.
        for s in ["FLOWERS", "+1 415 555 0100 ext 12", "call me"] {
            assert!(
                matches!(
                    classify(s),
                    Shape::Invalid(NumberError::Letters { keypad: None })
                ),
                "{s}"
            );
        }
    }

    #[test]
    fn numbers_and_invalid() {
        match classify("+442079460000") {
            Shape::E164(n) => assert_eq!(n.country_code(), 44),
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            classify("+1 415 555 0100"),
            Shape::Invalid(NumberError::Formatting { .. })
        ));
        assert!(matches!(classify(""), Shape::Invalid(NumberError::Empty)));
    }
}
