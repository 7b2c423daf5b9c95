//! The GSM 7-bit alphabets of 3GPP TS 23.038, as data.
//!
//! This module holds the GSM 7-bit default alphabet (§6.2.1), its extension table (§6.2.1.1),
//! and the national language tables the crate supports: the Turkish and Portuguese locking
//! shift tables (Annex A.3.1, A.3.3) and the Turkish, Spanish and Portuguese single shift tables
//! (Annex A.2.1, A.2.2, A.2.3). A locking shift table is the alphabet every septet of a message
//! is read in; a single shift table says what the septet after an escape (0x1B) stands for.
//!
//! # Why it is shaped this way
//!
//! Each alphabet is one 128-entry array written in septet order, sixteen septets to a line with
//! the first septet's value in a comment, so a reviewer can hold it next to the standard and
//! compare it cell by cell (the standard prints each table as eight columns of sixteen, so one
//! line here is one column there). Positions that stand for no character are spelled with the
//! standard's own names where it has one (`ESC`, `CR2`, `SS2`) and `___` for an empty
//! cell; all of them are the same sentinel, so none of them can be looked up.
//!
//! The reverse lookups (character → septet) are derived from those arrays at compile time rather
//! than written out a second time, so the two directions cannot drift apart. ASCII is answered by
//! indexing a 128-entry inverse, everything else by a binary search over a sorted array; neither
//! allocates nor does any setup per call.
//!
//! # Sources
//!
//! The cells follow TS 23.038 as tabulated from V18.0.0 in `ndf-zz/gsmcodecs` (`lut/*.csv`),
//! and were checked cell by cell against two independent implementations: Android's
//! `GsmAlphabet.java` (`sLanguageTables`, `sLanguageShiftTables`) and Mozilla Gecko's
//! `dom/system/gonk/ril_consts.js` (`PDU_NL_LOCKING_SHIFT_TABLES`, `PDU_NL_SINGLE_SHIFT_TABLES`).
//! All three agree on every character of all seven tables. They differ only in how they mark
//! cells that are not characters: Android writes a space, Gecko U+FFFE for CR2 and U+FFFF for
//! the escape, gsmcodecs leaves the cell blank but writes "SP" at 0x1B (the space a receiver
//! that cannot resolve the escape is to display). We follow the standard's meaning for all of
//! them: none is a character a sender can encode, so [`LockingShift::char_at`] and
//! [`SingleShift::char_at`] return `None` there and no character maps to them. How a decoder
//! renders an escape it cannot resolve is left to the decoder.

/// A locking shift table: the alphabet a septet is read in (TS 23.038 §6.2.1, Annex A.3).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum LockingShift {
    /// The GSM 7-bit default alphabet (§6.2.1).
    Default,
    /// The Turkish national language locking shift table (Annex A.3.1).
    Turkish,
    /// The Portuguese national language locking shift table (Annex A.3.3).
    Portuguese,
}

/// A single shift table: what the septet after an escape (0x1B) stands for (§6.2.1.1, Annex A.2).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SingleShift {
    /// The GSM 7-bit default alphabet extension table (§6.2.1.1).
    Default,
    /// The Turkish national language single shift table (Annex A.2.1).
    Turkish,
    /// The Spanish national language single shift table (Annex A.2.2).
    Spanish,
    /// The Portuguese national language single shift table (Annex A.2.3).
    Portuguese,
}

impl LockingShift {
    /// Every locking shift table, default first. There is no Spanish entry because the
    /// standard defines no Spanish locking shift table (Annex A.3.2 is void).
    pub const ALL: [LockingShift; 3] = [
        LockingShift::Default,
        LockingShift::Turkish,
        LockingShift::Portuguese,
    ];

    /// The septet that stands for `c` in this table, or None. Never returns 0x1B (escape).
    pub fn septet(self, c: char) -> Option<u8> {
        self.table().septet(c)
    }

    /// The character a septet stands for (None for 0x1B and for undefined/reserved positions,
    /// and for septet >= 128).
    pub fn char_at(self, septet: u8) -> Option<char> {
        self.table().char_at(septet)
    }

    /// The national language identifier (TS 23.038 §6.2.1.2.4), as carried in the National
    /// Language Locking Shift information element (TS 23.040 §9.2.3.24.16): None for Default,
    /// Some(1) Turkish, Some(3) Portuguese.
    pub fn language_id(self) -> Option<u8> {
        match self {
            LockingShift::Default => None,
            LockingShift::Turkish => Some(1),
            LockingShift::Portuguese => Some(3),
        }
    }

    /// A lowercase name: "default", "turkish", "portuguese".
    pub fn name(self) -> &'static str {
        match self {
            LockingShift::Default => "default",
            LockingShift::Turkish => "turkish",
            LockingShift::Portuguese => "portuguese",
        }
    }

    fn table(self) -> &'static Table {
        match self {
            LockingShift::Default => &DEFAULT_ALPHABET,
            LockingShift::Turkish => &TURKISH_LOCKING,
            LockingShift::Portuguese => &PORTUGUESE_LOCKING,
        }
    }
}

impl SingleShift {
    /// Every single shift table, default (the extension table) first.
    pub const ALL: [SingleShift; 4] = [
        SingleShift::Default,
        SingleShift::Turkish,
        SingleShift::Spanish,
        SingleShift::Portuguese,
    ];

    /// The septet that, after an escape, stands for `c` in this table, or None. Never returns
    /// 0x1B (reserved for a further extension) or 0x0D (reserved as "CR2").
    pub fn septet(self, c: char) -> Option<u8> {
        self.table().septet(c)
    }

    /// The character a septet stands for after an escape (None for undefined/reserved positions,
    /// including 0x0D and 0x1B, and for septet >= 128).
    pub fn char_at(self, septet: u8) -> Option<char> {
        self.table().char_at(septet)
    }

    /// The national language identifier (TS 23.038 §6.2.1.2.4), as carried in the National
    /// Language Single Shift information element (TS 23.040 §9.2.3.24.15): None for Default,
    /// Some(1) Turkish, Some(2) Spanish, Some(3) Portuguese.
    pub fn language_id(self) -> Option<u8> {
        match self {
            SingleShift::Default => None,
            SingleShift::Turkish => Some(1),
            SingleShift::Spanish => Some(2),
            SingleShift::Portuguese => Some(3),
        }
    }

    /// A lowercase name: "default", "turkish", "spanish", "portuguese".
    pub fn name(self) -> &'static str {
        match self {
            SingleShift::Default => "default",
            SingleShift::Turkish => "turkish",
            SingleShift::Spanish => "spanish",
            SingleShift::Portuguese => "portuguese",
        }
    }

    fn table(self) -> &'static Table {
        match self {
            SingleShift::Default => &DEFAULT_EXTENSION,
            SingleShift::Turkish => &TURKISH_SINGLE,
            SingleShift::Spanish => &SPANISH_SINGLE,
            SingleShift::Portuguese => &PORTUGUESE_SINGLE,
        }
    }
}

/// Number of septet values: a septet is seven bits.
const SEPTETS: usize = 128;

/// Marks a cell that stands for no character. U+FFFF is a Unicode noncharacter, so it can never
/// be a genuine table entry, and using a plain `char` keeps each table line short enough to
/// compare with the standard at a glance.
const ___: char = '\u{FFFF}';
/// 0x1B in a locking shift table: the escape to the single shift table, not a character.
const ESC: char = ___;
/// 0x1B in a single shift table: reserved for an extension to a further table ("SS2").
const SS2: char = ___;
/// 0x0D in a single shift table: reserved as a control ("CR2"), not a character.
const CR2: char = ___;
/// Line feed, as the standard names it.
const LF: char = '\n';
/// Carriage return, as the standard names it.
const CR: char = '\r';
/// Form feed (the standard's "page break"), at 0x0A of every single shift table here.
const FF: char = '\u{0C}';

/// One alphabet with its derived reverse lookup.
struct Table {
    /// The character each septet stands for, or the sentinel [`___`].
    chars: [char; SEPTETS],
    /// For each ASCII code point, the septet that stands for it.
    ascii: [Option<u8>; SEPTETS],
    /// The non-ASCII characters with their septets, sorted by character. Only the first
    /// `others_len` entries are meaningful; the rest is padding.
    others: [(char, u8); SEPTETS],
    /// How many entries of `others` are meaningful.
    others_len: usize,
}

impl Table {
    /// Builds a table and its inverse at compile time.
    ///
    /// `const fn` cannot call `slice::get`, and plain indexing is denied crate-wide, so this walks
    /// the array with slice patterns. The non-ASCII entries are gathered in sorted order by
    /// repeatedly picking the smallest character above the last one picked: quadratic, but it
    /// runs once per table inside the compiler and needs no in-place sort.
    const fn new(chars: [char; SEPTETS]) -> Table {
        let mut ascii = [None; SEPTETS];
        let mut rest: &[char] = &chars;
        let mut septet: u8 = 0;
        while let [c, tail @ ..] = rest {
            if c.is_ascii() {
                set_ascii(&mut ascii, *c as usize, septet);
            }
            septet += 1;
            rest = tail;
        }

        let mut others = [(___, 0); SEPTETS];
        let mut others_len = 0;
        let mut floor: u32 = 0x7F;
        loop {
            let mut best: Option<(char, u8)> = None;
            let mut rest: &[char] = &chars;
            let mut septet: u8 = 0;
            while let [c, tail @ ..] = rest {
                let code = *c as u32;
                let is_entry = code != ___ as u32 && code > floor;
                let better = match best {
                    None => true,
                    Some((b, _)) => code < b as u32,
                };
                if is_entry && better {
                    best = Some((*c, septet));
                }
                septet += 1;
                rest = tail;
            }
            match best {
                Some((c, s)) => {
                    set_other(&mut others, others_len, (c, s));
                    others_len += 1;
                    floor = c as u32;
                }
                None => break,
            }
        }

        Table {
            chars,
            ascii,
            others,
            others_len,
        }
    }

    fn char_at(&self, septet: u8) -> Option<char> {
        self.chars
            .get(usize::from(septet))
            .copied()
            .filter(|&c| c != ___)
    }

    fn septet(&self, c: char) -> Option<u8> {
        match u8::try_from(c) {
            Ok(b) if b.is_ascii() => self.ascii.get(usize::from(b)).copied().flatten(),
            _ => {
                let others = self.others.get(..self.others_len)?;
                let i = others.binary_search_by_key(&c, |&(ch, _)| ch).ok()?;
                others.get(i).map(|&(_, septet)| septet)
            }
        }
    }
}

/// `slots[index] = Some(septet)` for `const fn`, where indexing is denied and `get_mut` is
/// unavailable. Callers pass only indices below the slice length, so nothing is ever dropped.
const fn set_ascii(slots: &mut [Option<u8>], index: usize, septet: u8) {
    let mut rest = slots;
    let mut k = index;
    while let [slot, tail @ ..] = rest {
        if k == 0 {
            *slot = Some(septet);
            return;
        }
        k -= 1;
        rest = tail;
    }
}

/// `slots[index] = entry` for `const fn`; see [`set_ascii`].
const fn set_other(slots: &mut [(char, u8)], index: usize, entry: (char, u8)) {
    let mut rest = slots;
    let mut k = index;
    while let [slot, tail @ ..] = rest {
        if k == 0 {
            *slot = entry;
            return;
        }
        k -= 1;
        rest = tail;
    }
}

/// TS 23.038 §6.2.1: the GSM 7-bit default alphabet.
#[rustfmt::skip]
static DEFAULT_ALPHABET: Table = Table::new([
    /* 0x00 */ '@', '£', '$', '¥', 'è', 'é', 'ù', 'ì', 'ò', 'Ç', LF, 'Ø', 'ø', CR, 'Å', 'å',
    /* 0x10 */ 'Δ', '_', 'Φ', 'Γ', 'Λ', 'Ω', 'Π', 'Ψ', 'Σ', 'Θ', 'Ξ', ESC, 'Æ', 'æ', 'ß', 'É',
    /* 0x20 */ ' ', '!', '"', '#', '¤', '%', '&', '\'', '(', ')', '*', '+', ',', '-', '.', '/',
    /* 0x30 */ '0', '1', '2', '3', '4', '5', '6', '7', '8', '9', ':', ';', '<', '=', '>', '?',
    /* 0x40 */ '¡', 'A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J', 'K', 'L', 'M', 'N', 'O',
    /* 0x50 */ 'P', 'Q', 'R', 'S', 'T', 'U', 'V', 'W', 'X', 'Y', 'Z', 'Ä', 'Ö', 'Ñ', 'Ü', '§',
    /* 0x60 */ '¿', 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o',
    /* 0x70 */ 'p', 'q', 'r', 's', 't', 'u', 'v', 'w', 'x', 'y', 'z', 'ä', 'ö', 'ñ', 'ü', 'à',
]);

/// TS 23.038 Annex A.3.1: the Turkish national language locking shift table.
#[rustfmt::skip]
static TURKISH_LOCKING: Table = Table::new([
    /* 0x00 */ '@', '£', '$', '¥', '€', 'é', 'ù', 'ı', 'ò', 'Ç', LF, 'Ğ', 'ğ', CR, 'Å', 'å',
    /* 0x10 */ 'Δ', '_', 'Φ', 'Γ', 'Λ', 'Ω', 'Π', 'Ψ', 'Σ', 'Θ', 'Ξ', ESC, 'Ş', 'ş', 'ß', 'É',
    /* 0x20 */ ' ', '!', '"', '#', '¤', '%', '&', '\'', '(', ')', '*', '+', ',', '-', '.', '/',
    /* 0x30 */ '0', '1', '2', '3', '4', '5', '6', '7', '8', '9', ':', ';', '<', '=', '>', '?',
    /* 0x40 */ 'İ', 'A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J', 'K', 'L', 'M', 'N', 'O',
    /* 0x50 */ 'P', 'Q', 'R', 'S', 'T', 'U', 'V', 'W', 'X', 'Y', 'Z', 'Ä', 'Ö', 'Ñ', 'Ü', '§',
    /* 0x60 */ 'ç', 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o',
    /* 0x70 */ 'p', 'q', 'r', 's', 't', 'u', 'v', 'w', 'x', 'y', 'z', 'ä', 'ö', 'ñ', 'ü', 'à',
]);

/// TS 23.038 Annex A.3.3: the Portuguese national language locking shift table. Note that it
/// holds `^ \ | ~` and the backtick itself, which the default alphabet only reaches (or, for the
/// backtick, cannot reach) through the extension table.
#[rustfmt::skip]
static PORTUGUESE_LOCKING: Table = Table::new([
    /* 0x00 */ '@', '£', '$', '¥', 'ê', 'é', 'ú', 'í', 'ó', 'ç', LF, 'Ô', 'ô', CR, 'Á', 'á',
    /* 0x10 */ 'Δ', '_', 'ª', 'Ç', 'À', '∞', '^', '\\', '€', 'Ó', '|', ESC, 'Â', 'â', 'Ê', 'É',
    /* 0x20 */ ' ', '!', '"', '#', 'º', '%', '&', '\'', '(', ')', '*', '+', ',', '-', '.', '/',
    /* 0x30 */ '0', '1', '2', '3', '4', '5', '6', '7', '8', '9', ':', ';', '<', '=', '>', '?',
    /* 0x40 */ 'Í', 'A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J', 'K', 'L', 'M', 'N', 'O',
    /* 0x50 */ 'P', 'Q', 'R', 'S', 'T', 'U', 'V', 'W', 'X', 'Y', 'Z', 'Ã', 'Õ', 'Ú', 'Ü', '§',
    /* 0x60 */ '~', 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o',
    /* 0x70 */ 'p', 'q', 'r', 's', 't', 'u', 'v', 'w', 'x', 'y', 'z', 'ã', 'õ', '`', 'ü', 'à',
]);

/// TS 23.038 §6.2.1.1: the GSM 7-bit default alphabet extension table.
#[rustfmt::skip]
static DEFAULT_EXTENSION: Table = Table::new([
    /* 0x00 */ ___, ___, ___, ___, ___, ___, ___, ___, ___, ___, FF, ___, ___, CR2, ___, ___,
    /* 0x10 */ ___, ___, ___, ___, '^', ___, ___, ___, ___, ___, ___, SS2, ___, ___, ___, ___,
    /* 0x20 */ ___, ___, ___, ___, ___, ___, ___, ___, '{', '}', ___, ___, ___, ___, ___, '\\',
    /* 0x30 */ ___, ___, ___, ___, ___, ___, ___, ___, ___, ___, ___, ___, '[', '~', ']', ___,
    /* 0x40 */ '|', ___, ___, ___, ___, ___, ___, ___, ___, ___, ___, ___, ___, ___, ___, ___,
    /* 0x50 */ ___, ___, ___, ___, ___, ___, ___, ___, ___, ___, ___, ___, ___, ___, ___, ___,
    /* 0x60 */ ___, ___, ___, ___, ___, '€', ___, ___, ___, ___, ___, ___, ___, ___, ___, ___,
    /* 0x70 */ ___, ___, ___, ___, ___, ___, ___, ___, ___, ___, ___, ___, ___, ___, ___, ___,
]);

/// TS 23.038 Annex A.2.1: the Turkish national language single shift table.
#[rustfmt::skip]
static TURKISH_SINGLE: Table = Table::new([
    /* 0x00 */ ___, ___, ___, ___, ___, ___, ___, ___, ___, ___, FF, ___, ___, CR2, ___, ___,
    /* 0x10 */ ___, ___, ___, ___, '^', ___, ___, ___, ___, ___, ___, SS2, ___, ___, ___, ___,
    /* 0x20 */ ___, ___, ___, ___, ___, ___, ___, ___, '{', '}', ___, ___, ___, ___, ___, '\\',
    /* 0x30 */ ___, ___, ___, ___, ___, ___, ___, ___, ___, ___, ___, ___, '[', '~', ']', ___,
    /* 0x40 */ '|', ___, ___, ___, ___, ___, ___, 'Ğ', ___, 'İ', ___, ___, ___, ___, ___, ___,
    /* 0x50 */ ___, ___, ___, 'Ş', ___, ___, ___, ___, ___, ___, ___, ___, ___, ___, ___, ___,
    /* 0x60 */ ___, ___, ___, 'ç', ___, '€', ___, 'ğ', ___, 'ı', ___, ___, ___, ___, ___, ___,
    /* 0x70 */ ___, ___, ___, 'ş', ___, ___, ___, ___, ___, ___, ___, ___, ___, ___, ___, ___,
]);

/// TS 23.038 Annex A.2.2: the Spanish national language single shift table.
#[rustfmt::skip]
static SPANISH_SINGLE: Table = Table::new([
    /* 0x00 */ ___, ___, ___, ___, ___, ___, ___, ___, ___, 'ç', FF, ___, ___, CR2, ___, ___,
    /* 0x10 */ ___, ___, ___, ___, '^', ___, ___, ___, ___, ___, ___, SS2, ___, ___, ___, ___,
    /* 0x20 */ ___, ___, ___, ___, ___, ___, ___, ___, '{', '}', ___, ___, ___, ___, ___, '\\',
    /* 0x30 */ ___, ___, ___, ___, ___, ___, ___, ___, ___, ___, ___, ___, '[', '~', ']', ___,
    /* 0x40 */ '|', 'Á', ___, ___, ___, ___, ___, ___, ___, 'Í', ___, ___, ___, ___, ___, 'Ó',
    /* 0x50 */ ___, ___, ___, ___, ___, 'Ú', ___, ___, ___, ___, ___, ___, ___, ___, ___, ___,
    /* 0x60 */ ___, 'á', ___, ___, ___, '€', ___, ___, ___, 'í', ___, ___, ___, ___, ___, 'ó',
    /* 0x70 */ ___, ___, ___, ___, ___, 'ú', ___, ___, ___, ___, ___, ___, ___, ___, ___, ___,
]);

/// TS 23.038 Annex A.2.3: the Portuguese national language single shift table. Its Greek
/// capitals are seven of the nine the Portuguese locking shift table gave up for accented
/// letters; Λ and Ξ are in neither Portuguese table.
#[rustfmt::skip]
static PORTUGUESE_SINGLE: Table = Table::new([
    /* 0x00 */ ___, ___, ___, ___, ___, 'ê', ___, ___, ___, 'ç', FF, 'Ô', 'ô', CR2, 'Á', 'á',
    /* 0x10 */ ___, ___, 'Φ', 'Γ', '^', 'Ω', 'Π', 'Ψ', 'Σ', 'Θ', ___, SS2, ___, ___, ___, 'Ê',
    /* 0x20 */ ___, ___, ___, ___, ___, ___, ___, ___, '{', '}', ___, ___, ___, ___, ___, '\\',
    /* 0x30 */ ___, ___, ___, ___, ___, ___, ___, ___, ___, ___, ___, ___, '[', '~', ']', ___,
    /* 0x40 */ '|', 'À', ___, ___, ___, ___, ___, ___, ___, 'Í', ___, ___, ___, ___, ___, 'Ó',
    /* 0x50 */ ___, ___, ___, ___, ___, 'Ú', ___, ___, ___, ___, ___, 'Ã', 'Õ', ___, ___, ___,
    /* 0x60 */ ___, 'Â', ___, ___, ___, '€', ___, ___, ___, 'í', ___, ___, ___, ___, ___, 'ó',
    /* 0x70 */ ___, ___, ___, ___, ___, 'ú', ___, ___, ___, ___, ___, 'ã', 'õ', ___, ___, 'â',
]);

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::{BTreeMap, BTreeSet};

    /// Every table as (name, char_at, septet), so the structural tests cover all seven.
    type Lookup = (
        String,
        Box<dyn Fn(u8) -> Option<char>>,
        Box<dyn Fn(char) -> Option<u8>>,
    );

    fn all_tables() -> Vec<Lookup> {
        let mut v: Vec<Lookup> = Vec::new();
        for t in LockingShift::ALL {
            v.push((
                format!("locking {}", t.name()),
                Box::new(move |s| t.char_at(s)),
                Box::new(move |c| t.septet(c)),
            ));
        }
        for t in SingleShift::ALL {
            v.push((
                format!("single {}", t.name()),
                Box::new(move |s| t.char_at(s)),
                Box::new(move |c| t.septet(c)),
            ));
        }
        v
    }

    fn chars_of(char_at: &dyn Fn(u8) -> Option<char>) -> BTreeMap<u8, char> {
        (0..128u8)
            .filter_map(|s| char_at(s).map(|c| (s, c)))
            .collect()
    }

    fn locking_chars(t: LockingShift) -> BTreeSet<char> {
        (0..128u8).filter_map(|s| t.char_at(s)).collect()
    }

    fn single_chars(t: SingleShift) -> BTreeSet<char> {
        (0..128u8).filter_map(|s| t.char_at(s)).collect()
    }

    #[test]
    fn every_character_round_trips() {
        for (name, char_at, septet) in all_tables() {
            for (s, c) in chars_of(&*char_at) {
                assert_eq!(septet(c), Some(s), "{name}: {c:?} at {s:#04x}");
            }
        }
    }

    #[test]
    fn no_character_appears_twice_in_a_table() {
        for (name, char_at, _) in all_tables() {
            let mut seen = BTreeMap::new();
            for (s, c) in chars_of(&*char_at) {
                if let Some(first) = seen.insert(c, s) {
                    panic!("{name}: {c:?} at both {first:#04x} and {s:#04x}");
                }
            }
        }
    }

    #[test]
    fn septet_is_exactly_the_inverse_of_char_at() {
        // Every Unicode scalar value, so nothing outside the tables (the sentinel U+FFFF, the
        // escape U+001B, look-alikes) can map to a septet.
        for (name, char_at, septet) in all_tables() {
            let forward = chars_of(&*char_at);
            let expected: BTreeMap<char, u8> = forward.iter().map(|(&s, &c)| (c, s)).collect();
            for c in '\0'..=char::MAX {
                assert_eq!(septet(c), expected.get(&c).copied(), "{name}: {c:?}");
            }
        }
    }

    #[test]
    fn escape_position_is_never_a_character() {
        for (name, char_at, septet) in all_tables() {
            assert_eq!(char_at(0x1B), None, "{name}");
            assert_eq!(septet('\u{1B}'), None, "{name}");
            assert_eq!(septet('\u{FFFF}'), None, "{name}: the sentinel leaked");
        }
    }

    #[test]
    fn septets_beyond_seven_bits_are_not_characters() {
        for (name, char_at, _) in all_tables() {
            for s in 128..=255u8 {
                assert_eq!(char_at(s), None, "{name}: {s:#04x}");
            }
        }
    }

    #[test]
    fn table_sizes_match_the_standard() {
        // Locking tables fill every cell but the escape; the single shift counts are the
        // non-empty cells of §6.2.1.1 and Annex A.2.1–A.2.3.
        for t in LockingShift::ALL {
            assert_eq!(locking_chars(t).len(), 127, "{}", t.name());
        }
        let sizes: Vec<usize> = SingleShift::ALL
            .iter()
            .map(|&t| single_chars(t).len())
            .collect();
        assert_eq!(sizes, [10, 17, 19, 37]);
    }

    #[test]
    fn default_alphabet_spot_checks() {
        let t = LockingShift::Default;
        let expected = [
            (0x00, '@'),
            (0x01, '£'),
            (0x02, '$'),
            (0x03, '¥'),
            (0x04, 'è'),
            (0x07, 'ì'),
            (0x09, 'Ç'),
            (0x0A, '\n'),
            (0x0B, 'Ø'),
            (0x0D, '\r'),
            (0x11, '_'),
            (0x1C, 'Æ'),
            (0x1E, 'ß'),
            (0x1F, 'É'),
            (0x20, ' '),
            (0x24, '¤'),
            (0x27, '\''),
            (0x40, '¡'),
            (0x41, 'A'),
            (0x5B, 'Ä'),
            (0x5C, 'Ö'),
            (0x5D, 'Ñ'),
            (0x5E, 'Ü'),
            (0x5F, '§'),
            (0x60, '¿'),
            (0x61, 'a'),
            (0x7B, 'ä'),
            (0x7C, 'ö'),
            (0x7D, 'ñ'),
            (0x7E, 'ü'),
            (0x7F, 'à'),
        ];
        for (s, c) in expected {
            assert_eq!(t.char_at(s), Some(c), "{s:#04x}");
        }
        assert_eq!(t.septet('Ç'), Some(0x09));
        assert_eq!(
            t.septet('ç'),
            None,
            "only capital Ç is in the default alphabet"
        );
        for c in ['$', '@', '_'] {
            assert!(t.septet(c).is_some());
        }
        // Brackets and friends live in the extension table, not here.
        for c in ['[', ']', '{', '}', '\\', '^', '~', '|', '€', '\u{0C}'] {
            assert_eq!(t.septet(c), None, "{c:?}");
        }
    }

    #[test]
    fn default_alphabet_has_exactly_ten_greek_capitals() {
        let expected = [
            (0x10, 'Δ'),
            (0x12, 'Φ'),
            (0x13, 'Γ'),
            (0x14, 'Λ'),
            (0x15, 'Ω'),
            (0x16, 'Π'),
            (0x17, 'Ψ'),
            (0x18, 'Σ'),
            (0x19, 'Θ'),
            (0x1A, 'Ξ'),
        ];
        for (s, c) in expected {
            assert_eq!(LockingShift::Default.char_at(s), Some(c), "{s:#04x}");
        }
        let greek: BTreeSet<char> = locking_chars(LockingShift::Default)
            .into_iter()
            .filter(|c| ('\u{0370}'..='\u{03FF}').contains(c))
            .collect();
        let want: BTreeSet<char> = expected.iter().map(|&(_, c)| c).collect();
        assert_eq!(greek, want);
        // Greek small letters and the look-alike symbols are not in it.
        for c in ['δ', 'ω', 'Α', 'Β', '\u{2206}', '\u{2126}'] {
            assert_eq!(LockingShift::Default.septet(c), None, "{c:?}");
        }
    }

    #[test]
    fn backtick_and_escape_are_in_no_default_table() {
        for c in ['`', '\u{1B}'] {
            assert_eq!(LockingShift::Default.septet(c), None, "{c:?}");
            assert_eq!(SingleShift::Default.septet(c), None, "{c:?}");
        }
    }

    #[test]
    fn extension_table_has_exactly_the_ten_characters() {
        let expected = [
            (0x0A, '\u{0C}'),
            (0x14, '^'),
            (0x28, '{'),
            (0x29, '}'),
            (0x2F, '\\'),
            (0x3C, '['),
            (0x3D, '~'),
            (0x3E, ']'),
            (0x40, '|'),
            (0x65, '€'),
        ];
        let t = SingleShift::Default;
        let actual: Vec<(u8, char)> = (0..128u8)
            .filter_map(|s| t.char_at(s).map(|c| (s, c)))
            .collect();
        assert_eq!(actual, expected);
        assert_eq!(t.char_at(0x0D), None, "CR2 is not a character");
        assert_eq!(t.char_at(0x1B), None, "SS2 is not a character");
        assert_eq!(t.septet('\r'), None);
    }

    #[test]
    fn national_single_shift_tables_extend_the_extension_table() {
        // Annex A.2 keeps every §6.2.1.1 character at its place, form feed included.
        for t in SingleShift::ALL {
            for s in 0..128u8 {
                if let Some(c) = SingleShift::Default.char_at(s) {
                    assert_eq!(t.char_at(s), Some(c), "{} at {s:#04x}", t.name());
                }
            }
            assert_eq!(t.char_at(0x0D), None, "{}: CR2", t.name());
        }
    }

    #[test]
    fn national_locking_tables_keep_letters_digits_and_controls() {
        for t in LockingShift::ALL {
            for c in ('A'..='Z').chain('a'..='z').chain('0'..='9') {
                assert_eq!(
                    t.septet(c),
                    LockingShift::Default.septet(c),
                    "{}: {c:?}",
                    t.name()
                );
            }
            assert_eq!(t.char_at(0x0A), Some('\n'), "{}", t.name());
            assert_eq!(t.char_at(0x0D), Some('\r'), "{}", t.name());
            assert_eq!(t.char_at(0x20), Some(' '), "{}", t.name());
        }
    }

    #[test]
    fn turkish_locking_spot_checks() {
        let t = LockingShift::Turkish;
        let expected = [
            (0x04, '€'),
            (0x07, 'ı'),
            (0x09, 'Ç'),
            (0x0B, 'Ğ'),
            (0x0C, 'ğ'),
            (0x1C, 'Ş'),
            (0x1D, 'ş'),
            (0x40, 'İ'),
            (0x60, 'ç'),
            (0x1A, 'Ξ'),
            (0x24, '¤'),
            (0x7F, 'à'),
        ];
        for (s, c) in expected {
            assert_eq!(t.char_at(s), Some(c), "{s:#04x}");
        }
        // What it gave up from the default alphabet.
        for c in ['è', 'ì', 'Ø', 'ø', 'Æ', 'æ', '¡', '¿'] {
            assert_eq!(t.septet(c), None, "{c:?}");
        }
    }

    #[test]
    fn portuguese_locking_spot_checks() {
        let t = LockingShift::Portuguese;
        let expected = [
            (0x04, 'ê'),
            (0x06, 'ú'),
            (0x07, 'í'),
            (0x08, 'ó'),
            (0x09, 'ç'),
            (0x0B, 'Ô'),
            (0x0C, 'ô'),
            (0x0E, 'Á'),
            (0x0F, 'á'),
            (0x10, 'Δ'),
            (0x12, 'ª'),
            (0x13, 'Ç'),
            (0x14, 'À'),
            (0x15, '∞'),
            (0x16, '^'),
            (0x17, '\\'),
            (0x18, '€'),
            (0x19, 'Ó'),
            (0x1A, '|'),
            (0x1C, 'Â'),
            (0x1D, 'â'),
            (0x1E, 'Ê'),
            (0x1F, 'É'),
            (0x24, 'º'),
            (0x40, 'Í'),
            (0x5B, 'Ã'),
            (0x5C, 'Õ'),
            (0x5D, 'Ú'),
            (0x5E, 'Ü'),
            (0x60, '~'),
            (0x7B, 'ã'),
            (0x7C, 'õ'),
            (0x7D, '`'),
            (0x7E, 'ü'),
        ];
        for (s, c) in expected {
            assert_eq!(t.char_at(s), Some(c), "{s:#04x}");
        }
        for c in [
            'Φ', 'Γ', 'Λ', 'Ω', 'Π', 'Ψ', 'Σ', 'Θ', 'Ξ', 'è', 'Ñ', 'ñ', '¤', '¡', '¿',
        ] {
            assert_eq!(t.septet(c), None, "{c:?}");
        }
    }

    #[test]
    fn turkish_single_shift_spot_checks() {
        let t = SingleShift::Turkish;
        let expected = [
            (0x0A, '\u{0C}'),
            (0x47, 'Ğ'),
            (0x49, 'İ'),
            (0x53, 'Ş'),
            (0x63, 'ç'),
            (0x65, '€'),
            (0x67, 'ğ'),
            (0x69, 'ı'),
            (0x73, 'ş'),
        ];
        for (s, c) in expected {
            assert_eq!(t.char_at(s), Some(c), "{s:#04x}");
        }
        for s in [0x0D, 0x1B, 0x41, 0x60] {
            assert_eq!(t.char_at(s), None, "{s:#04x}");
        }
        assert_eq!(t.septet('Ç'), None);
    }

    #[test]
    fn spanish_single_shift_spot_checks() {
        let t = SingleShift::Spanish;
        let expected = [
            (0x09, 'ç'),
            (0x0A, '\u{0C}'),
            (0x41, 'Á'),
            (0x49, 'Í'),
            (0x4F, 'Ó'),
            (0x55, 'Ú'),
            (0x61, 'á'),
            (0x65, '€'),
            (0x69, 'í'),
            (0x6F, 'ó'),
            (0x75, 'ú'),
        ];
        for (s, c) in expected {
            assert_eq!(t.char_at(s), Some(c), "{s:#04x}");
        }
        for s in [0x0D, 0x1B] {
            assert_eq!(t.char_at(s), None, "{s:#04x}");
        }
        // Ñ/ñ/é are already in the default alphabet, so the Spanish table need not carry them.
        for c in ['Ñ', 'ñ', 'é', 'Ç'] {
            assert_eq!(t.septet(c), None, "{c:?}");
        }
    }

    #[test]
    fn portuguese_single_shift_spot_checks() {
        let t = SingleShift::Portuguese;
        let expected = [
            (0x05, 'ê'),
            (0x09, 'ç'),
            (0x0A, '\u{0C}'),
            (0x0B, 'Ô'),
            (0x0C, 'ô'),
            (0x0E, 'Á'),
            (0x0F, 'á'),
            (0x12, 'Φ'),
            (0x13, 'Γ'),
            (0x15, 'Ω'),
            (0x16, 'Π'),
            (0x17, 'Ψ'),
            (0x18, 'Σ'),
            (0x19, 'Θ'),
            (0x1F, 'Ê'),
            (0x41, 'À'),
            (0x49, 'Í'),
            (0x4F, 'Ó'),
            (0x55, 'Ú'),
            (0x5B, 'Ã'),
            (0x5C, 'Õ'),
            (0x61, 'Â'),
            (0x69, 'í'),
            (0x6F, 'ó'),
            (0x75, 'ú'),
            (0x7B, 'ã'),
            (0x7C, 'õ'),
            (0x7F, 'â'),
        ];
        for (s, c) in expected {
            assert_eq!(t.char_at(s), Some(c), "{s:#04x}");
        }
        for s in [0x0D, 0x10, 0x1A, 0x1B] {
            assert_eq!(t.char_at(s), None, "{s:#04x}");
        }
        for c in ['Δ', 'Λ', 'Ξ'] {
            assert_eq!(t.septet(c), None, "{c:?}");
        }
    }

    #[test]
    fn language_ids_and_names() {
        let locking: Vec<(Option<u8>, &str)> = LockingShift::ALL
            .iter()
            .map(|t| (t.language_id(), t.name()))
            .collect();
        assert_eq!(
            locking,
            [
                (None, "default"),
                (Some(1), "turkish"),
                (Some(3), "portuguese")
            ]
        );
        let single: Vec<(Option<u8>, &str)> = SingleShift::ALL
            .iter()
            .map(|t| (t.language_id(), t.name()))
            .collect();
        assert_eq!(
            single,
            [
                (None, "default"),
                (Some(1), "turkish"),
                (Some(2), "spanish"),
                (Some(3), "portuguese"),
            ]
        );
        // A language present in both kinds carries the same identifier in both.
        assert_eq!(
            LockingShift::Turkish.language_id(),
            SingleShift::Turkish.language_id()
        );
        assert_eq!(
            LockingShift::Portuguese.language_id(),
            SingleShift::Portuguese.language_id()
        );
    }

    #[test]
    fn all_lists_each_variant_once_in_order() {
        let mut locking = LockingShift::ALL.to_vec();
        locking.sort();
        locking.dedup();
        assert_eq!(locking, LockingShift::ALL);
        let mut single = SingleShift::ALL.to_vec();
        single.sort();
        single.dedup();
        assert_eq!(single, SingleShift::ALL);
    }
}
