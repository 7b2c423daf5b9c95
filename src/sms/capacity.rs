//! How many units fit in one segment, derived from the user-data header layout.
//!
//! An SMS carries at most 140 octets of user data (TS 23.040 §9.2.3.16). A concatenated
//! message spends some of them on a user-data header (§9.2.3.24): one length octet, then
//! each information element as identifier, length and value. In the 7-bit alphabet the
//! header is padded to a septet boundary (§9.2.3.24, fill bits), so it costs
//! ⌈octets × 8 / 7⌉ septets. Deriving the figures here, instead of writing 153 or 149 as
//! literals, keeps each of them traceable to the standard.

use super::options::{Encoding, ShiftTables};

/// Octets of user data in one SMS (TS 23.040 §9.2.3.16).
pub const USER_DATA_OCTETS: u32 = 140;

/// The concatenation element with an 8-bit reference (IEI 0x00): identifier, length, and
/// three octets of value (reference, total, sequence number).
const CONCATENATION_IE_OCTETS: u32 = 2 + 3;
/// A national language single or locking shift element (IEI 0x24, 0x25): identifier,
/// length, and the one-octet language identifier.
const NATIONAL_LANGUAGE_IE_OCTETS: u32 = 2 + 1;

/// The units available to the body in one segment.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Capacity {
    /// Units when the body fits in a single SMS (no concatenation header).
    pub single: u32,
    /// Units in each segment of a concatenated message.
    pub concatenated: u32,
}

impl Capacity {
    /// The capacity for a body in `encoding`, announcing `tables` in the header when they are
    /// not the default ones (ignored for UCS-2).
    pub const fn new(encoding: Encoding, tables: ShiftTables) -> Capacity {
        match encoding {
            Encoding::Gsm7 => {
                let national = tables.information_elements() as u32 * NATIONAL_LANGUAGE_IE_OCTETS;
                Capacity {
                    single: septets_left(national),
                    concatenated: septets_left(national + CONCATENATION_IE_OCTETS),
                }
            }
            Encoding::Ucs2 => Capacity {
                single: USER_DATA_OCTETS / 2,
                concatenated: (USER_DATA_OCTETS - header_octets(CONCATENATION_IE_OCTETS)) / 2,
            },
        }
    }

    /// The capacity of each segment when the body needs `units` in all.
    pub const fn per_segment(self, units: usize) -> u32 {
        if units <= self.single as usize {
            self.single
        } else {
            self.concatenated
        }
    }
}

/// Octets of a header carrying elements of `element_octets` in all (with its length octet),
/// or zero when there are no elements and so no header.
const fn header_octets(element_octets: u32) -> u32 {
    if element_octets == 0 {
        0
    } else {
        1 + element_octets
    }
}

/// Septets left for the body after a header carrying `element_octets` of elements.
const fn septets_left(element_octets: u32) -> u32 {
    let header_bits = header_octets(element_octets) * 8;
    let header_septets = header_bits.div_ceil(7);
    USER_DATA_OCTETS * 8 / 7 - header_septets
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sms::tables::{LockingShift, SingleShift};

    fn tables(locking: LockingShift, single: SingleShift) -> ShiftTables {
        ShiftTables { locking, single }
    }

    #[test]
    fn default_alphabet_is_160_and_153() {
        let c = Capacity::new(Encoding::Gsm7, ShiftTables::DEFAULT);
        assert_eq!((c.single, c.concatenated), (160, 153));
    }

    #[test]
    fn ucs2_is_70_and_67() {
        let c = Capacity::new(Encoding::Ucs2, ShiftTables::DEFAULT);
        assert_eq!((c.single, c.concatenated), (70, 67));
    }

    #[test]
    fn one_national_language_element_is_155_and_149() {
        for t in [
            tables(LockingShift::Turkish, SingleShift::Default),
            tables(LockingShift::Default, SingleShift::Spanish),
        ] {
            let c = Capacity::new(Encoding::Gsm7, t);
            assert_eq!((c.single, c.concatenated), (155, 149), "{t:?}");
        }
    }

    #[test]
    fn both_national_language_elements_are_152_and_146() {
        let c = Capacity::new(
            Encoding::Gsm7,
            tables(LockingShift::Portuguese, SingleShift::Portuguese),
        );
        assert_eq!((c.single, c.concatenated), (152, 146));
    }
}
