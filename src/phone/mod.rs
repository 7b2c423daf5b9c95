//! Phone numbers: strict E.164 parsing, NANP (+1) validation and the NANP area-code table.
//!
//! Provisioning rules need three answers about a number: is it written the one way that can
//! be compared and provisioned (E.164, `+14155550100`), is it a short code or a vanity
//! number instead, and — for +1 numbers — where is it (country, state or province, time
//! zones, for state rules and quiet hours). The module is shaped around those answers:
//!
//! - [`parse_e164`] accepts exactly the E.164 spelling and explains every other one, with the
//!   corrected number when it is certain ([`NumberError`]);
//! - [`classify`] tells an E.164 number from a short code or a vanity number ([`Shape`]);
//! - [`Nanp`] splits a +1 number into area code, exchange and line, and rejects what the
//!   numbering plan forbids ([`NanpError`]);
//! - [`region`] reads a state or province code of the closed set a recipient may name;
//! - [`area_code`] looks up an area code in a table generated from libphonenumber's data
//!   plus reviewed overrides (`tools/nanp/`).
//!
//! Nothing here allocates: numbers, errors and table entries are `Copy` or `'static`.
//!
//! ```
//! use smslint::phone::{parse_e164, AreaCodeKind};
//!
//! let number = parse_e164("+19285550100").unwrap();
//! let area = number.area_code().unwrap();
//! assert_eq!((area.country, area.region, area.kind), ("US", "AZ", AreaCodeKind::Geographic));
//! assert_eq!(area.time_zones, ["America/Denver", "America/Phoenix"]);
//! ```

mod area_code;
mod country_codes;
mod e164;
mod error;
mod nanp;
mod nanp_table;
mod region;
mod shape;

pub use area_code::{area_code, area_codes, AreaCode, AreaCodeKind};
pub(crate) use e164::parse_with_nanp;
pub use e164::{parse_e164, E164, MAX_DIGITS, MIN_DIGITS};
pub use error::{NanpError, NumberError};
pub use nanp::Nanp;
pub use region::{region, region_index, suggest_region, Region, REGIONS};
pub use shape::{classify, Shape, ShortCode, SHORT_CODE_MAX_DIGITS, SHORT_CODE_MIN_DIGITS};
