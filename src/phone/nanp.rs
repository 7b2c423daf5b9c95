//! NANP numbers (country code 1): NPA-NXX-XXXX.
//!
//! The North American Numbering Plan fixes the national number at ten digits: a three-digit
//! area code (NPA), a three-digit exchange code (NXX) and a four-digit line number. NPA and
//! NXX both start with 2-9, and neither may be an N11 service code (211, 311, … 911). A
//! number that breaks the plan cannot be provisioned or reached, so the parser rejects it
//! and says which part is wrong.

use std::fmt;

use super::area_code::{area_code, AreaCode};
use super::e164::number;
use super::error::NanpError;

/// The parts of a valid NANP number.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Nanp {
    /// The area code (numbering plan area), e.g. `415`.
    pub npa: u16,
    /// The exchange code (central office code), e.g. `555`.
    pub nxx: u16,
    /// The line number, `0..=9999`.
    pub line: u16,
}

impl Nanp {
    /// Checks ten national digits (what follows `+1`) against the NANP plan.
    ///
    /// ```
    /// use smslint::phone::{Nanp, NanpError};
    ///
    /// let n = Nanp::parse("4155550100").unwrap();
    /// assert_eq!((n.npa, n.nxx, n.line), (415, 555, 100));
    /// assert_eq!(Nanp::parse("9115550100"), Err(NanpError::AreaCodeN11 { npa: 911 }));
    /// ```
    pub fn parse(national: &str) -> Result<Nanp, NanpError> {
        if !national.bytes().all(|b| b.is_ascii_digit()) {
            return Err(NanpError::NotDigits);
        }
        Nanp::from_national(national.as_bytes())
    }

    /// [`Nanp::parse`] over ASCII digits.
    pub(crate) fn from_national(digits: &[u8]) -> Result<Nanp, NanpError> {
        let [a, b, c, d, e, f, g, h, i, j] = digits else {
            return Err(NanpError::Length {
                digits: digits.len(),
            });
        };
        let npa = number(&[*a, *b, *c]);
        let nxx = number(&[*d, *e, *f]);
        let line = number(&[*g, *h, *i, *j]);
        if *a < b'2' {
            return Err(NanpError::AreaCodeStart { npa });
        }
        if npa % 100 == 11 {
            return Err(NanpError::AreaCodeN11 { npa });
        }
        if *d < b'2' {
            return Err(NanpError::ExchangeStart { nxx });
        }
        if nxx % 100 == 11 {
            return Err(NanpError::ExchangeN11 { nxx });
        }
        Ok(Nanp { npa, nxx, line })
    }

    /// The facts about the area code, when it is in service.
    pub fn area_code(&self) -> Option<&'static AreaCode> {
        area_code(self.npa)
    }
}

impl fmt::Display for Nanp {
    /// The number in E.164, e.g. `+14155550100`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "+1{:03}{:03}{:04}", self.npa, self.nxx, self.line)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_and_errors() {
        let n = Nanp::parse("2125550100").unwrap();
        assert_eq!(
            n,
            Nanp {
                npa: 212,
                nxx: 555,
                line: 100
            }
        );
        assert_eq!(n.to_string(), "+12125550100");
        assert_eq!(n.area_code().unwrap().region, "NY");
        assert_eq!(
            Nanp::parse("212555010"),
            Err(NanpError::Length { digits: 9 })
        );
        assert_eq!(Nanp::parse("212-555-0100"), Err(NanpError::NotDigits));
        assert_eq!(
            Nanp::parse("1125550100"),
            Err(NanpError::AreaCodeStart { npa: 112 })
        );
        assert_eq!(
            Nanp::parse("6115550100"),
            Err(NanpError::AreaCodeN11 { npa: 611 })
        );
        assert_eq!(
            Nanp::parse("2120550100"),
            Err(NanpError::ExchangeStart { nxx: 55 })
        );
        assert_eq!(
            Nanp::parse("2129110100"),
            Err(NanpError::ExchangeN11 { nxx: 911 })
        );
        assert!(Nanp::parse("2129990000").is_ok());
    }
}
