//! A day of the calendar, as rule files (`effective: {from, until}`) and waivers write it.
//!
//! A newtype over the time library's civil date, so that the library's public API names
//! no dependency's type: the time library can change without breaking a caller.

use std::fmt;
use std::str::FromStr;

/// A day of the proleptic Gregorian calendar, written `YYYY-MM-DD`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(pub(crate) jiff::civil::Date);

impl Date {
    /// The date `year-month-day`, or `None` when there is no such day.
    pub fn new(year: i16, month: i8, day: i8) -> Option<Date> {
        jiff::civil::Date::new(year, month, day).ok().map(Date)
    }

    /// The UTC day of the present instant.
    pub fn today_utc() -> Date {
        Date(super::clock::now().to_zoned(jiff::tz::TimeZone::UTC).date())
    }

    /// The year.
    pub fn year(self) -> i16 {
        self.0.year()
    }

    /// The month, 1 to 12.
    pub fn month(self) -> i8 {
        self.0.month()
    }

    /// The day of the month, from 1.
    pub fn day(self) -> i8 {
        self.0.day()
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// The error of a text that is not a `YYYY-MM-DD` date.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a date written YYYY-MM-DD")]
pub struct DateError(String);

impl FromStr for Date {
    type Err = DateError;

    fn from_str(s: &str) -> Result<Date, DateError> {
        // The time library also reads `20260101`; rule files and waivers write the
        // extended form only.
        let extended = s.len() == 10 && s.as_bytes().get(4) == Some(&b'-');
        match s.parse::<jiff::civil::Date>() {
            Ok(d) if extended => Ok(Date(d)),
            _ => Err(DateError(s.to_owned())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_read_and_print_iso() {
        let d: Date = "2026-11-26".parse().unwrap();
        assert_eq!((d.year(), d.month(), d.day()), (2026, 11, 26));
        assert_eq!(d.to_string(), "2026-11-26");
        assert_eq!(Date::new(2026, 11, 26), Some(d));
        assert!("2026-02-30".parse::<Date>().is_err());
        assert!(Date::new(2026, 2, 30).is_none());
        assert!(Date::new(2026, 1, 1).unwrap() < d);
    }
}
