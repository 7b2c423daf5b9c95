//! The choices a caller makes about how a body is encoded and split, and the names of the
//! results (encoding, shift tables).

use std::fmt;

use super::tables::{LockingShift, SingleShift};

/// The data coding a body is sent in (TS 23.038 §4).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Encoding {
    /// The GSM 7-bit alphabet: the default alphabet, or a national locking shift table,
    /// with the default extension table or a national single shift table.
    Gsm7,
    /// UCS-2 (UTF-16 code units; a character outside the BMP takes two).
    Ucs2,
}

impl Encoding {
    /// The conventional name: `GSM-7` or `UCS-2`.
    pub fn as_str(self) -> &'static str {
        match self {
            Encoding::Gsm7 => "GSM-7",
            Encoding::Ucs2 => "UCS-2",
        }
    }

    /// What one unit of this encoding is called: `septets` or `UTF-16 units`.
    pub fn unit_name(self) -> &'static str {
        match self {
            Encoding::Gsm7 => "septets",
            Encoding::Ucs2 => "UTF-16 units",
        }
    }
}

impl fmt::Display for Encoding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where a body may be split between segments.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum SplitPolicy {
    /// Never split an extended grapheme cluster (UAX #29) — an emoji ZWJ sequence, a flag, a
    /// skin-tone modifier, a base with its combining marks, CR LF — unless the cluster alone
    /// is larger than a segment; then it is split between code points. This is what a reader
    /// expects to see: no half emoji at the end of a segment.
    #[default]
    Grapheme,
    /// Split between any two code points (never inside an escape sequence or a surrogate
    /// pair, which are not code point boundaries). What most handsets and gateways do.
    Codepoint,
}

/// A national language whose shift tables (TS 23.038 §6.2.1, §6.2.2, Annex A) may be used.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum NationalLanguage {
    /// Turkish: locking shift and single shift tables.
    Turkish,
    /// Spanish: a single shift table only (the standard defines no Spanish locking shift).
    Spanish,
    /// Portuguese: locking shift and single shift tables.
    Portuguese,
}

impl NationalLanguage {
    /// Every language smslint has tables for.
    pub const ALL: [NationalLanguage; 3] = [
        NationalLanguage::Turkish,
        NationalLanguage::Spanish,
        NationalLanguage::Portuguese,
    ];

    /// The lowercase name used on the command line and in reports.
    pub fn name(self) -> &'static str {
        match self {
            NationalLanguage::Turkish => "turkish",
            NationalLanguage::Spanish => "spanish",
            NationalLanguage::Portuguese => "portuguese",
        }
    }

    /// The language named `name` (case-insensitive), if smslint has tables for it.
    pub fn from_name(name: &str) -> Option<NationalLanguage> {
        NationalLanguage::ALL
            .into_iter()
            .find(|l| l.name().eq_ignore_ascii_case(name))
    }

    fn bit(self) -> u8 {
        match self {
            NationalLanguage::Turkish => 1,
            NationalLanguage::Spanish => 2,
            NationalLanguage::Portuguese => 4,
        }
    }

    fn locking(self) -> Option<LockingShift> {
        match self {
            NationalLanguage::Turkish => Some(LockingShift::Turkish),
            NationalLanguage::Spanish => None,
            NationalLanguage::Portuguese => Some(LockingShift::Portuguese),
        }
    }

    fn single(self) -> SingleShift {
        match self {
            NationalLanguage::Turkish => SingleShift::Turkish,
            NationalLanguage::Spanish => SingleShift::Spanish,
            NationalLanguage::Portuguese => SingleShift::Portuguese,
        }
    }
}

/// The set of national languages whose tables may be used; empty by default, because a
/// receiving handset must support the tables for the message to display correctly.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct NationalLanguages(u8);

impl NationalLanguages {
    /// No national tables: the default alphabet and extension table only.
    pub const NONE: NationalLanguages = NationalLanguages(0);

    /// Every language smslint has tables for.
    pub fn all() -> NationalLanguages {
        NationalLanguage::ALL.into_iter().collect()
    }

    /// This set with `language` added.
    #[must_use]
    pub fn with(self, language: NationalLanguage) -> NationalLanguages {
        NationalLanguages(self.0 | language.bit())
    }

    /// Whether the set is empty.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// Whether `language` is in the set.
    pub fn contains(self, language: NationalLanguage) -> bool {
        self.0 & language.bit() != 0
    }

    /// The languages in the set, in [`NationalLanguage::ALL`] order.
    pub fn iter(self) -> impl Iterator<Item = NationalLanguage> {
        NationalLanguage::ALL
            .into_iter()
            .filter(move |l| self.contains(*l))
    }

    /// Whether a locking or single shift table of one of these languages (not the
    /// default tables) has `c`.
    pub(crate) fn have(self, c: char) -> bool {
        self.iter().any(|l| {
            l.locking().is_some_and(|t| t.septet(c).is_some()) || l.single().septet(c).is_some()
        })
    }

    /// Every table combination these languages allow, the default one first. Locking and
    /// single shift are independent information elements (TS 23.040 §9.2.3.24.15, .16), so
    /// a Turkish locking table may be paired with a Spanish single shift table.
    pub(crate) fn combinations(self) -> impl Iterator<Item = ShiftTables> {
        let lockings = std::iter::once(LockingShift::Default)
            .chain(self.iter().filter_map(NationalLanguage::locking));
        lockings.flat_map(move |locking| {
            std::iter::once(SingleShift::Default)
                .chain(self.iter().map(NationalLanguage::single))
                .map(move |single| ShiftTables { locking, single })
        })
    }
}

impl FromIterator<NationalLanguage> for NationalLanguages {
    fn from_iter<I: IntoIterator<Item = NationalLanguage>>(iter: I) -> Self {
        iter.into_iter()
            .fold(NationalLanguages::NONE, NationalLanguages::with)
    }
}

/// The pair of GSM 7-bit tables a body is encoded with.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ShiftTables {
    /// The table every septet is read in.
    pub locking: LockingShift,
    /// The table a septet after an escape is read in.
    pub single: SingleShift,
}

impl ShiftTables {
    /// The default alphabet with the default extension table: no header needed.
    pub const DEFAULT: ShiftTables = ShiftTables {
        locking: LockingShift::Default,
        single: SingleShift::Default,
    };

    /// How many national language information elements the user-data header must carry
    /// to announce these tables (0, 1 or 2).
    pub const fn information_elements(self) -> u8 {
        let locking = !matches!(self.locking, LockingShift::Default) as u8;
        let single = !matches!(self.single, SingleShift::Default) as u8;
        locking + single
    }

    /// The septets `c` costs in these tables: 1 in the locking table, 2 (escape and
    /// character) in the single shift table, `None` when neither has it.
    #[inline]
    pub fn cost(self, c: char) -> Option<u8> {
        if self == ShiftTables::DEFAULT {
            return super::gsm7::default_cost(c);
        }
        if self.locking.septet(c).is_some() {
            Some(1)
        } else if self.single.septet(c).is_some() {
            Some(2)
        } else {
            None
        }
    }
}

impl Default for ShiftTables {
    fn default() -> Self {
        ShiftTables::DEFAULT
    }
}

/// How to encode and split a body.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Options {
    /// Where segments may be split.
    pub split: SplitPolicy,
    /// National language tables that may be used (none by default).
    pub national: NationalLanguages,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn combinations_start_with_default_and_pair_every_locking_with_every_single() {
        assert_eq!(
            NationalLanguages::NONE.combinations().collect::<Vec<_>>(),
            vec![ShiftTables::DEFAULT]
        );
        let all: Vec<_> = NationalLanguages::all().combinations().collect();
        // 3 locking tables (default, Turkish, Portuguese) × 4 single shift tables.
        assert_eq!(all.len(), 12);
        assert_eq!(all[0], ShiftTables::DEFAULT);
        let spanish: Vec<_> = NationalLanguages::NONE
            .with(NationalLanguage::Spanish)
            .combinations()
            .collect();
        assert_eq!(
            spanish,
            vec![
                ShiftTables::DEFAULT,
                ShiftTables {
                    locking: LockingShift::Default,
                    single: SingleShift::Spanish
                }
            ]
        );
    }

    #[test]
    fn information_elements_count_non_default_tables() {
        assert_eq!(ShiftTables::DEFAULT.information_elements(), 0);
        let t = ShiftTables {
            locking: LockingShift::Turkish,
            single: SingleShift::Default,
        };
        assert_eq!(t.information_elements(), 1);
        let t = ShiftTables {
            locking: LockingShift::Turkish,
            single: SingleShift::Turkish,
        };
        assert_eq!(t.information_elements(), 2);
    }

    #[test]
    fn language_names_round_trip() {
        for l in NationalLanguage::ALL {
            assert_eq!(NationalLanguage::from_name(l.name()), Some(l));
        }
        assert_eq!(
            NationalLanguage::from_name("Turkish"),
            Some(NationalLanguage::Turkish)
        );
        assert_eq!(NationalLanguage::from_name("klingon"), None);
    }
}
