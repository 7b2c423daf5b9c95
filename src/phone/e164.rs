//! Strict E.164 numbers: `+`, a country code, the national number, digits only.
//!
//! Provisioning rules compare numbers, so the parser accepts exactly one spelling of each
//! number and turns every other spelling into an error that shows the right one. A parsed
//! number lives inline (16 bytes of ASCII), so parsing never allocates, and the input is
//! scanned once whatever its length.

use std::fmt;

use super::area_code::{area_code, AreaCode};
use super::country_codes::COUNTRY_CODES;
use super::error::NumberError;
use super::nanp::Nanp;

/// The most digits an E.164 number has (ITU-T E.164 §6.1).
pub const MAX_DIGITS: usize = 15;

/// The fewest digits an E.164 number in service has: 7, country code included (Niue's
/// four-digit numbers after +683; Saint Helena and Tristan da Cunha after +290).
pub const MIN_DIGITS: usize = 7;

/// A valid E.164 number, e.g. `+14155550100`.
///
/// Country code 1 numbers are also valid NANP numbers (see [`Nanp`]).
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct E164 {
    /// `+` and the digits, ASCII; the bytes after `len` are zero.
    text: [u8; MAX_DIGITS + 1],
    /// Bytes used in `text`, the `+` included.
    len: u8,
    /// Digits of the country code (1 to 3).
    country_code_len: u8,
}

/// Parses a strict E.164 number: `+`, a country code (1-3 digits, not starting with 0, one
/// the ITU has assigned), and at most 15 digits in all; no spaces or punctuation. A +1
/// number must also be a valid NANP number (NPA-NXX-XXXX, see [`Nanp`]).
///
/// ```
/// use smslint::phone::{parse_e164, NumberError};
///
/// let n = parse_e164("+14155550100").unwrap();
/// assert_eq!((n.country_code(), n.national()), (1, "4155550100"));
///
/// let e = parse_e164("+1 (415) 555-0100").unwrap_err();
/// assert!(matches!(e, NumberError::Formatting { .. }));
/// assert_eq!(e.to_string(), "phone number has spaces or punctuation; write it as +14155550100");
/// ```
pub fn parse_e164(input: &str) -> Result<E164, NumberError> {
    parse_with_nanp(input).map(|(number, _)| number)
}

/// [`parse_e164`], with the NANP parts of a +1 number (what [`E164::nanp`] gives), which
/// the parse works out anyway.
pub(crate) fn parse_with_nanp(input: &str) -> Result<(E164, Option<Nanp>), NumberError> {
    // Most numbers checked are +1 and ten digits: their text is copied whole, with no
    // length to work out (a property test compares this path with the general one).
    if let Ok(whole) = <&[u8; 12]>::try_from(input.as_bytes()) {
        if let [b'+', b'1', national @ ..] = whole {
            if national.iter().all(u8::is_ascii_digit) {
                let nanp = Nanp::from_national(national)?;
                let mut text = [0u8; MAX_DIGITS + 1];
                if let Some(slots) = text.get_mut(..12) {
                    slots.copy_from_slice(whole);
                }
                let number = E164 {
                    text,
                    len: 12,
                    country_code_len: 1,
                };
                return Ok((number, Some(nanp)));
            }
        }
    }
    // The spelling a valid number has, `+` and digits only, needs no scan: what the scan
    // would find is exactly these digits (a property test compares both paths).
    if let [b'+', digits @ ..] = input.as_bytes() {
        if !digits.is_empty() && digits.iter().all(u8::is_ascii_digit) {
            return E164::from_digits_with_nanp(digits);
        }
    }
    parse_scanned(input).map(|number| {
        let nanp = number.nanp();
        (number, nanp)
    })
}

/// [`parse_e164`] of any input: scanned once for digits, letters, separators and anything
/// else, so that the error says what to write.
fn parse_scanned(input: &str) -> Result<E164, NumberError> {
    let scan = Scan::of(input);
    if let Some((ch, index)) = scan.invalid {
        return Err(NumberError::InvalidCharacter { ch, index });
    }
    if scan.letters {
        return Err(NumberError::Letters {
            keypad: scan.dialled.suggestion(scan.plus),
        });
    }
    if scan.digits.total == 0 {
        return Err(if input.trim().is_empty() {
            NumberError::Empty
        } else {
            NumberError::TooShort { digits: 0 }
        });
    }
    if scan.separators {
        return Err(NumberError::Formatting {
            suggestion: scan.digits.suggestion(scan.plus),
        });
    }
    if !scan.plus {
        return Err(NumberError::MissingPlus {
            suggestion: scan.digits.suggestion(false),
        });
    }
    if scan.digits.total > MAX_DIGITS {
        return Err(NumberError::TooLong {
            digits: scan.digits.total,
        });
    }
    E164::from_digits(scan.digits.as_slice())
}

impl E164 {
    /// A number from its digits (no `+`), checked as [`parse_e164`] checks them.
    pub(crate) fn from_digits(digits: &[u8]) -> Result<E164, NumberError> {
        E164::from_digits_with_nanp(digits).map(|(number, _)| number)
    }

    /// [`E164::from_digits`], with the NANP parts of a +1 number.
    fn from_digits_with_nanp(digits: &[u8]) -> Result<(E164, Option<Nanp>), NumberError> {
        if digits.len() > MAX_DIGITS {
            return Err(NumberError::TooLong {
                digits: digits.len(),
            });
        }
        if digits.len() < MIN_DIGITS {
            return Err(NumberError::TooShort {
                digits: digits.len(),
            });
        }
        if digits.first() == Some(&b'0') {
            return Err(NumberError::CountryCodeZero);
        }
        // +1 is the country code of most numbers checked: the search would find `1`
        // first, as it is assigned (a test checks), and its national number is NANP.
        let (country_code_len, nanp) = if digits.first() == Some(&b'1') {
            (
                1,
                Some(Nanp::from_national(digits.get(1..).unwrap_or_default())?),
            )
        } else {
            let len = (1..=3)
                .find(|&len| {
                    digits
                        .get(..len)
                        .is_some_and(|code| COUNTRY_CODES.binary_search(&number(code)).is_ok())
                })
                .ok_or(NumberError::UnknownCountryCode {
                    leading: number(digits.get(..3).unwrap_or(digits)),
                })?;
            (len, None)
        };
        let mut text = [0u8; MAX_DIGITS + 1];
        text[0] = b'+';
        // At most MAX_DIGITS digits, checked above.
        if let Some(slots) = text.get_mut(1..=digits.len()) {
            slots.copy_from_slice(digits);
        }
        let number = E164 {
            text,
            // Both fit: at most 16 bytes and 3 digits.
            len: u8::try_from(digits.len() + 1).unwrap_or(u8::MAX),
            country_code_len: u8::try_from(country_code_len).unwrap_or(u8::MAX),
        };
        Ok((number, nanp))
    }

    /// The number as written in E.164, e.g. `+14155550100`.
    pub fn as_str(&self) -> &str {
        self.text
            .get(..usize::from(self.len))
            .and_then(|bytes| std::str::from_utf8(bytes).ok())
            .unwrap_or_default()
    }

    /// The number as written in E.164, as bytes (no UTF-8 check: they are ASCII).
    pub fn as_bytes(&self) -> &[u8] {
        self.text.get(..usize::from(self.len)).unwrap_or_default()
    }

    /// The digits after `+`, country code included.
    pub fn digits(&self) -> &str {
        self.as_str().get(1..).unwrap_or_default()
    }

    /// The country code, e.g. `1` or `44`.
    pub fn country_code(&self) -> u16 {
        number(
            self.as_bytes()
                .get(1..1 + usize::from(self.country_code_len))
                .unwrap_or_default(),
        )
    }

    /// The country code's digits, e.g. `"1"` or `"44"`.
    pub fn country_code_digits(&self) -> &str {
        self.digits()
            .get(..usize::from(self.country_code_len))
            .unwrap_or_default()
    }

    /// The national significant number: the digits after the country code.
    pub fn national(&self) -> &str {
        self.digits()
            .get(usize::from(self.country_code_len)..)
            .unwrap_or_default()
    }

    /// The NANP parts of a +1 number; `None` for other country codes.
    pub fn nanp(&self) -> Option<Nanp> {
        if self.country_code() == 1 {
            let national = self
                .as_bytes()
                .get(1 + usize::from(self.country_code_len)..)
                .unwrap_or_default();
            Nanp::from_national(national).ok()
        } else {
            None
        }
    }

    /// The facts about a +1 number's area code; `None` for other country codes and for
    /// area codes not in service.
    pub fn area_code(&self) -> Option<&'static AreaCode> {
        self.nanp().and_then(|n| area_code(n.npa))
    }
}

impl fmt::Display for E164 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for E164 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "E164({})", self.as_str())
    }
}

impl std::str::FromStr for E164 {
    type Err = NumberError;

    fn from_str(s: &str) -> Result<E164, NumberError> {
        parse_e164(s)
    }
}

/// The value of a short run of ASCII digits (at most four are ever passed).
pub(crate) fn number(digits: &[u8]) -> u16 {
    digits.iter().fold(0u16, |n, &d| {
        n.saturating_mul(10)
            .saturating_add(u16::from(d.wrapping_sub(b'0')))
    })
}

/// Up to [`MAX_DIGITS`] digits kept, and how many were seen in all.
#[derive(Clone, Copy, Default)]
pub(crate) struct Digits {
    kept: [u8; MAX_DIGITS],
    len: usize,
    /// Digits seen, including any not kept.
    pub(crate) total: usize,
}

impl Digits {
    pub(crate) fn push(&mut self, digit: u8) {
        if let Some(slot) = self.kept.get_mut(self.len) {
            *slot = digit;
            self.len += 1;
        }
        self.total = self.total.saturating_add(1);
    }

    pub(crate) fn as_slice(&self) -> &[u8] {
        self.kept.get(..self.len).unwrap_or_default()
    }

    /// The number these digits most plausibly mean: after `+` as written; without a `+`,
    /// after an international prefix (`011`, `00`), `1` and ten digits, or ten NANP-shaped
    /// digits taken as +1. `None` when none of these is a valid number.
    pub(crate) fn suggestion(&self, plus: bool) -> Option<E164> {
        if self.total != self.len {
            return None;
        }
        let digits = self.as_slice();
        if plus {
            return E164::from_digits(digits).ok();
        }
        if let Some(rest) = digits.strip_prefix(b"011") {
            return E164::from_digits(rest).ok();
        }
        if let Some(rest) = digits.strip_prefix(b"00") {
            return E164::from_digits(rest).ok();
        }
        match digits {
            [b'1', ..] if digits.len() == 11 => E164::from_digits(digits).ok(),
            _ if digits.len() == 10 => {
                let mut with_one = [b'1'; 11];
                for (slot, &digit) in with_one.iter_mut().skip(1).zip(digits) {
                    *slot = digit;
                }
                E164::from_digits(&with_one).ok()
            }
            _ => None,
        }
    }
}

/// What one pass over the input found.
struct Scan {
    /// A `+` comes before the first digit (after separators, if any).
    plus: bool,
    /// The digits, in order.
    digits: Digits,
    /// The digits with each letter replaced by its keypad digit.
    dialled: Digits,
    letters: bool,
    separators: bool,
    /// The first character that belongs in no spelling of a phone number, and its offset.
    invalid: Option<(char, usize)>,
}

impl Scan {
    fn of(input: &str) -> Scan {
        let mut scan = Scan {
            plus: false,
            digits: Digits::default(),
            dialled: Digits::default(),
            letters: false,
            separators: false,
            invalid: None,
        };
        for (index, ch) in input.char_indices() {
            match ch {
                '0'..='9' => {
                    let digit = ch as u8;
                    scan.digits.push(digit);
                    scan.dialled.push(digit);
                }
                // A `+` counts only before any digit or letter, and only once.
                '+' if !scan.plus && scan.dialled.total == 0 => scan.plus = true,
                ' ' | '\t' | '\u{a0}' | '-' | '.' | '(' | ')' | '/' => scan.separators = true,
                _ => match keypad(ch) {
                    Some(digit) => {
                        scan.letters = true;
                        scan.dialled.push(digit);
                    }
                    None => {
                        if scan.invalid.is_none() {
                            scan.invalid = Some((ch, index));
                        }
                    }
                },
            }
        }
        scan
    }
}

/// The digit a letter sits on on a phone keypad (ITU-T E.161).
pub(crate) fn keypad(ch: char) -> Option<u8> {
    let digit = match ch.to_ascii_uppercase() {
        'A'..='C' => b'2',
        'D'..='F' => b'3',
        'G'..='I' => b'4',
        'J'..='L' => b'5',
        'M'..='O' => b'6',
        'P'..='S' => b'7',
        'T'..='V' => b'8',
        'W'..='Z' => b'9',
        _ => return None,
    };
    Some(digit)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::phone::NanpError;

    fn ok(s: &str) -> E164 {
        parse_e164(s).unwrap_or_else(|e| panic!("{s}: {e}"))
    }

    fn err(s: &str) -> NumberError {
        match parse_e164(s) {
            Ok(n) => panic!("{s} parsed as {n}"),
            Err(e) => e,
        }
    }

    #[test]
    fn valid_numbers() {
        let n = ok("+14155550100");
        assert_eq!(n.as_str(), "+14155550100");
        assert_eq!(n.digits(), "14155550100");
        assert_eq!((n.country_code(), n.country_code_digits()), (1, "1"));
        assert_eq!(n.national(), "4155550100");
        let nanp = n.nanp().unwrap();
        assert_eq!((nanp.npa, nanp.nxx, nanp.line), (415, 555, 100));
        assert_eq!(n.area_code().unwrap().region, "CA");

        let uk = ok("+447911123456");
        assert_eq!((uk.country_code(), uk.national()), (44, "7911123456"));
        assert!(uk.nanp().is_none() && uk.area_code().is_none());

        let ireland = ok("+353861234567");
        assert_eq!(ireland.country_code(), 353);
        assert_eq!(ok("+6834002").country_code(), 683); // Niue: 7 digits
        assert_eq!(ok("+861012345678901").digits().len(), 15);
        assert_eq!(ok("+79161234567").country_code(), 7);
        // Toll-free and not-yet-in-service area codes are valid numbers.
        assert_eq!(ok("+18005550100").area_code().unwrap().npa, 800);
        assert!(ok("+15555550100").area_code().is_none());
        assert_eq!("+12125550100".parse::<E164>(), Ok(ok("+12125550100")));
        assert_eq!(format!("{n} {n:?}"), "+14155550100 E164(+14155550100)");
    }

    #[test]
    fn length_limits() {
        assert_eq!(
            err("+8610123456789012"),
            NumberError::TooLong { digits: 16 }
        );
        assert_eq!(
            err("+44791112345678901234567890"),
            NumberError::TooLong { digits: 26 }
        );
        assert_eq!(err("+44791"), NumberError::TooShort { digits: 5 });
        assert_eq!(err("+"), NumberError::TooShort { digits: 0 });
        assert_eq!(err(""), NumberError::Empty);
        assert_eq!(err("   "), NumberError::Empty);
    }

    #[test]
    fn missing_plus() {
        let plus = Some(ok("+14155550100"));
        assert_eq!(
            err("14155550100"),
            NumberError::MissingPlus { suggestion: plus }
        );
        assert_eq!(
            err("4155550100"),
            NumberError::MissingPlus { suggestion: plus }
        );
        assert_eq!(
            err("011447911123456"),
            NumberError::MissingPlus {
                suggestion: Some(ok("+447911123456"))
            }
        );
        assert_eq!(
            err("00447911123456"),
            NumberError::MissingPlus {
                suggestion: Some(ok("+447911123456"))
            }
        );
        assert_eq!(
            err("447911123456"),
            NumberError::MissingPlus { suggestion: None }
        );
        assert_eq!(
            err("14155550100").to_string(),
            "phone number has no leading `+`; write it as +14155550100"
        );
    }

    #[test]
    fn formatting() {
        let want = NumberError::Formatting {
            suggestion: Some(ok("+14155550100")),
        };
        for s in [
            "+1 (415) 555-0100",
            "+1-415-555-0100",
            "+1.415.555.0100",
            " +14155550100",
            "+14155550100 ",
            "(415) 555-0100",
            "1 415 555 0100",
            "+1\u{a0}415\u{a0}555\u{a0}0100",
        ] {
            assert_eq!(err(s), want, "{s}");
        }
        assert_eq!(
            err("+44 7911 123456"),
            NumberError::Formatting {
                suggestion: Some(ok("+447911123456"))
            }
        );
        let e = err("+1 415 555 01000");
        assert_eq!(e, NumberError::Formatting { suggestion: None });
        assert_eq!(
            e.to_string(),
            "phone number has spaces or punctuation; write `+` and digits only, e.g. +14155550100"
        );
    }

    #[test]
    fn letters_and_other_characters() {
        let flowers = NumberError::Letters {
            keypad: Some(ok("+18003569377")),
        };
        assert_eq!(err("+1800FLOWERS"), flowers);
        assert_eq!(err("1-800-FLOWERS"), flowers);
        assert_eq!(err("1-800-flowers"), flowers);
        assert_eq!(
            flowers.to_string(),
            "phone number has letters: it is a vanity number; write the digits its letters dial: +18003569377"
        );
        assert_eq!(
            err("+1 415 555 0100 ext 12"),
            NumberError::Letters { keypad: None }
        );
        assert_eq!(
            err("+1415555010#"),
            NumberError::InvalidCharacter { ch: '#', index: 11 }
        );
        assert_eq!(
            err("++14155550100"),
            NumberError::InvalidCharacter { ch: '+', index: 1 }
        );
        // Full-width and other non-ASCII digits are not digits here.
        assert_eq!(
            err("+１4155550100"),
            NumberError::InvalidCharacter {
                ch: '１', index: 1
            }
        );
    }

    #[test]
    fn country_codes() {
        // `from_digits` takes a leading 1 as the country code without a search.
        assert!(COUNTRY_CODES.contains(&1));
        assert_eq!(err("+04155550100"), NumberError::CountryCodeZero);
        assert_eq!(
            err("+0014155550100"),
            NumberError::CountryCodeZero,
            "an international prefix after +"
        );
        assert_eq!(
            err("+2891234567"),
            NumberError::UnknownCountryCode { leading: 289 }
        );
        assert_eq!(
            err("+2891234567").to_string(),
            "`+289` does not start with an assigned country code; check the country code; US and Canadian numbers start +1"
        );
    }

    #[test]
    fn nanp_parts() {
        let nanp = |s: &str| match err(s) {
            NumberError::Nanp(e) => e,
            other => panic!("{s}: {other:?}"),
        };
        assert_eq!(nanp("+1415555010"), NanpError::Length { digits: 9 });
        assert_eq!(nanp("+141555501000"), NanpError::Length { digits: 11 });
        assert_eq!(nanp("+10155550100"), NanpError::AreaCodeStart { npa: 15 });
        assert_eq!(nanp("+11155550100"), NanpError::AreaCodeStart { npa: 115 });
        assert_eq!(nanp("+19115550100"), NanpError::AreaCodeN11 { npa: 911 });
        assert_eq!(nanp("+12115550100"), NanpError::AreaCodeN11 { npa: 211 });
        assert_eq!(nanp("+14150550100"), NanpError::ExchangeStart { nxx: 55 });
        assert_eq!(nanp("+14151550100"), NanpError::ExchangeStart { nxx: 155 });
        assert_eq!(nanp("+14154110100"), NanpError::ExchangeN11 { nxx: 411 });
        assert_eq!(
            err("+10155550100").to_string(),
            "area code `015` starts with 0; NANP area codes start with 2-9; write the country code 1 once, right after `+`"
        );
        assert_eq!(
            err("+14154110100").to_string(),
            "exchange code `411` (digits 4-6 after +1) is an N11 service code; N11 codes (211 to 911) are dialled alone and are not part of a phone number"
        );
        // NXX-shaped but not N11: 200, 555, 999 are fine.
        for s in [
            "+12005550100",
            "+14152000100",
            "+14159990100",
            "+12125550100",
        ] {
            ok(s);
        }
    }

    mod properties {
        use super::*;
        use crate::phone::{classify, Shape};
        use proptest::prelude::*;

        /// Strings made of what phone numbers are written with, and some of what they are not.
        fn phone_like() -> impl Strategy<Value = String> {
            proptest::collection::vec(
                prop_oneof![
                    4 => proptest::char::range('0', '9'),
                    1 => prop::sample::select(vec![
                        '+', ' ', '-', '.', '(', ')', '/', '\u{a0}', '#', 'x', 'A', 'z', '１', 'é',
                    ]),
                ],
                0..24,
            )
            .prop_map(|chars| chars.into_iter().collect())
        }

        fn check(input: &str) {
            assert_eq!(
                parse_with_nanp(input),
                parse_e164(input).map(|n| (n, n.nanp())),
                "the parse with NANP parts agrees with the plain one and `nanp()`"
            );
            match parse_e164(input) {
                Ok(n) => {
                    assert_eq!(n.as_str(), input);
                    assert_eq!(parse_e164(n.as_str()), Ok(n));
                    assert!((MIN_DIGITS..=MAX_DIGITS).contains(&n.digits().len()));
                    assert_eq!(
                        format!("{}{}", n.country_code_digits(), n.national()),
                        n.digits()
                    );
                    assert_eq!(n.nanp().is_some(), n.country_code() == 1);
                }
                Err(e) => {
                    let text = e.to_string();
                    assert!(!text.is_empty() && !text.ends_with('.'), "{text}");
                    if let NumberError::MissingPlus {
                        suggestion: Some(s),
                    }
                    | NumberError::Formatting {
                        suggestion: Some(s),
                    }
                    | NumberError::Letters { keypad: Some(s) } = e
                    {
                        assert_eq!(parse_e164(s.as_str()), Ok(s));
                    }
                }
            }
            match classify(input) {
                Shape::E164(n) => assert_eq!(n.as_str(), input),
                Shape::ShortCode(c) => assert_eq!(c.as_str(), input),
                Shape::Vanity { dials } => assert!(parse_e164(dials.as_str()).is_ok()),
                Shape::Invalid(e) => assert_eq!(parse_e164(input), Err(e)),
            }
        }

        proptest! {
            #[test]
            fn never_panics_on_any_string(input in any::<String>()) {
                check(&input);
            }

            #[test]
            fn never_panics_on_phone_like_strings(input in phone_like()) {
                check(&input);
            }

            /// The shortcut for `+` and digits answers what the scan does, errors too.
            #[test]
            fn the_digits_shortcut_agrees_with_the_scan(input in "\\+[0-9]{0,18}") {
                prop_assert_eq!(parse_e164(&input), parse_scanned(&input));
            }

            /// The shortcut for `+1` and ten digits answers what the general path does.
            #[test]
            fn the_ten_digit_shortcut_agrees(input in "\\+1[0-9]{10}") {
                let digits = input.as_bytes().get(1..).unwrap_or_default();
                prop_assert_eq!(parse_with_nanp(&input), E164::from_digits_with_nanp(digits));
                prop_assert_eq!(parse_e164(&input), parse_scanned(&input));
            }

            #[test]
            fn every_nanp_number_round_trips(npa in 200u16..1000, nxx in 200u16..1000, line in 0u16..10000) {
                let text = format!("+1{npa:03}{nxx:03}{line:04}");
                let n11 = npa % 100 == 11 || nxx % 100 == 11;
                match parse_e164(&text) {
                    Ok(n) => {
                        prop_assert!(!n11);
                        prop_assert_eq!(n.nanp(), Some(Nanp { npa, nxx, line }));
                        prop_assert_eq!(n.area_code().map(|a| a.npa), crate::phone::area_code(npa).map(|a| a.npa));
                    }
                    Err(e) => prop_assert!(n11, "{}: {}", text, e),
                }
            }
        }
    }
}
