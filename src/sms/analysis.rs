//! The full picture of a body: counts, each segment's byte range, the characters that force
//! UCS-2 and their look-alikes, and what the body would cost after replacing them.

use std::ops::Range;

use super::count::{count, unit_of, Counts};
use super::gsm7::default_cost;
use super::options::{Encoding, NationalLanguages, Options};
use super::pack::{pack, Atoms};
use super::smart;

/// One segment of a body.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Part {
    /// The segment's bytes in the body; parts are contiguous and cover the whole body.
    pub range: Range<usize>,
    /// Units used (septets for GSM-7, UTF-16 units for UCS-2).
    pub units: u32,
    /// Units the segment can hold.
    pub capacity: u32,
}

/// A character that forces the body into UCS-2.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct NonGsmChar {
    /// The character.
    pub ch: char,
    /// Its byte offset in the body.
    pub offset: usize,
    /// Its index in the body, counted in characters (Unicode scalar values).
    pub index: usize,
    /// The GSM-7 look-alike from [`smart::replacement`], if there is one.
    pub replacement: Option<&'static str>,
}

/// Everything smslint knows about how a body is sent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Analysis {
    /// Encoding, units and segments.
    pub counts: Counts,
    /// Extended grapheme clusters (UAX #29): what a reader counts as characters.
    pub graphemes: usize,
    /// UTF-16 code units, whatever the encoding.
    pub utf16_units: usize,
    /// Septets in the chosen GSM 7-bit tables, or `None` when the body needs UCS-2.
    pub septets: Option<usize>,
    /// The segments, in order.
    pub parts: Vec<Part>,
    /// The characters no enabled GSM 7-bit table has, in order; empty for GSM-7.
    pub non_gsm: Vec<NonGsmChar>,
    /// What the body would cost with every look-alike from [`smart`] applied (the same as
    /// `counts` when nothing would change).
    pub after_replacement: Counts,
}

/// Analyzes `body`: counts, parts, the characters forcing UCS-2, and the cost after
/// smart-encoding replacements.
pub fn analyze(body: &str, options: &Options) -> Analysis {
    let counts = count(body, options);
    let parts = parts_of(body, options, &counts);
    let non_gsm = match counts.encoding {
        Encoding::Gsm7 => Vec::new(),
        Encoding::Ucs2 => non_gsm_chars(body, options.national, counts.characters),
    };
    let after_replacement = if non_gsm.iter().any(|c| c.replacement.is_some())
        && !replacing_keeps_counts(body, &non_gsm, options)
    {
        count(&smart::replace(body), options)
    } else {
        counts
    };
    Analysis {
        counts,
        graphemes: crate::text::count_graphemes(body),
        utf16_units: utf16_units(body, counts.characters),
        septets: (counts.encoding == Encoding::Gsm7).then_some(counts.units),
        parts,
        non_gsm,
        after_replacement,
    }
}

/// Whether replacing the look-alikes of a UCS-2 `body` (its characters forcing UCS-2 are
/// `non_gsm`) leaves its counts as they are, so that they need not be counted again: a
/// character with no look-alike keeps it UCS-2, and each replaced character is one UTF-16
/// unit that becomes one, both characters that never join a cluster, between neighbours
/// that never do either. Then every unit and every cluster boundary stays where it was.
fn replacing_keeps_counts(body: &str, non_gsm: &[NonGsmChar], options: &Options) -> bool {
    use crate::text::independent;
    let one_unit = |c: char| c.len_utf16() == 1 && independent(c);
    options.national == NationalLanguages::NONE
        && non_gsm.iter().any(|c| c.replacement.is_none())
        && non_gsm.iter().all(|c| {
            let Some(r) = c.replacement else {
                return true;
            };
            let mut chars = r.chars();
            let (Some(x), None) = (chars.next(), chars.next()) else {
                return false;
            };
            let end = c.offset + c.ch.len_utf8();
            let before = body.get(..c.offset).and_then(|b| b.chars().next_back());
            let after = body.get(end..).and_then(|a| a.chars().next());
            one_unit(c.ch)
                && one_unit(x)
                && before.is_none_or(independent)
                && after.is_none_or(independent)
        })
}

/// The UTF-16 code units of `body`, which has `characters` characters: one per character,
/// and one more for each outside the Basic Multilingual Plane (four bytes in UTF-8).
fn utf16_units(body: &str, characters: usize) -> usize {
    characters + super::gsm7::count_bytes(body.as_bytes(), |b| b >= 0xF0)
}

/// Splits `body` into its segments.
///
/// ```
/// use smslint::sms::{split, Options};
///
/// let body = "x".repeat(200);
/// let parts = split(&body, &Options::default());
/// assert_eq!(parts.len(), 2);
/// assert_eq!((parts[0].range.clone(), parts[0].units), (0..153, 153));
/// assert_eq!((parts[1].range.clone(), parts[1].units), (153..200, 47));
/// ```
pub fn split(body: &str, options: &Options) -> Vec<Part> {
    parts_of(body, options, &count(body, options))
}

fn parts_of(body: &str, options: &Options, counts: &Counts) -> Vec<Part> {
    let capacity = counts.capacity();
    if counts.segments == 1 {
        return vec![Part {
            range: 0..body.len(),
            units: u32::try_from(counts.units).unwrap_or(u32::MAX),
            capacity: capacity.single,
        }];
    }
    let atoms = match counts.encoding {
        Encoding::Gsm7 => Atoms::for_gsm7(options.split),
        Encoding::Ucs2 => Atoms::for_ucs2(options.split),
    };
    let mut parts = Vec::with_capacity(counts.segments);
    pack(
        body,
        atoms,
        capacity.concatenated,
        unit_of(counts.encoding, counts.tables),
        |range, units| {
            parts.push(Part {
                range,
                units,
                capacity: capacity.concatenated,
            })
        },
    );
    parts
}

/// The room the list of characters forcing UCS-2 starts with.
const FIRST_NON_GSM: usize = 8;

/// The characters that no enabled table can encode, of a body of `characters` characters.
fn non_gsm_chars(body: &str, national: NationalLanguages, characters: usize) -> Vec<NonGsmChar> {
    let mut found: Vec<NonGsmChar> = Vec::new();
    for (index, (offset, ch)) in body.char_indices().enumerate() {
        if default_cost(ch).is_some() || (national != NationalLanguages::NONE && national.have(ch))
        {
            continue;
        }
        match found.as_slice() {
            [] => found.reserve_exact(FIRST_NON_GSM),
            // A second one close after the first: a body in a script outside GSM-7, which
            // lists nearly every character from here on. (A Latin body with a curly quote
            // or two keeps the small list: reserving for the rest of a 64 KB body would
            // take 2.5 MB.)
            [first] if index.saturating_sub(first.index) <= 4 => {
                found.reserve_exact(characters.saturating_sub(index));
            }
            _ => {}
        }
        found.push(NonGsmChar {
            ch,
            offset,
            index,
            replacement: smart::replacement(ch),
        });
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn the_list_of_characters_forcing_ucs2_grows_with_what_it_holds() {
        // A long Latin body with two curly quotes far apart keeps a small list.
        let latin = format!("“{}”", "a".repeat(60_000));
        let found = non_gsm_chars(&latin, NationalLanguages::NONE, 60_002);
        assert_eq!(
            found.iter().map(|c| c.index).collect::<Vec<_>>(),
            [0, 60_001]
        );
        assert!(found.capacity() <= FIRST_NON_GSM, "{}", found.capacity());
        // A body in another script is listed whole, in one reservation after the second.
        let cjk = format!("ok {}", "漢字".repeat(500));
        let found = non_gsm_chars(&cjk, NationalLanguages::NONE, 1_003);
        assert_eq!(found.len(), 1_000);
        assert_eq!(found.capacity(), 1_000);
    }

    #[test]
    fn look_alikes_that_move_nothing_are_not_counted_again() {
        let keeps = |body: &str| {
            let o = Options::default();
            let non_gsm = non_gsm_chars(body, o.national, body.chars().count());
            replacing_keeps_counts(body, &non_gsm, &o)
        };
        assert!(keeps("中文，中文！"));
        assert!(keeps("\u{3000}中文"));
        // Nothing left forcing UCS-2; a longer look-alike; a mark joined to the character.
        assert!(!keeps("，！"));
        assert!(!keeps("中文…"));
        assert!(!keeps("中文，\u{301}"));
        assert!(!keeps("中文\u{200D}，"));
    }

    proptest! {
        #[test]
        fn utf16_units_are_those_of_the_text(text in "\\PC{0,40}") {
            prop_assert_eq!(utf16_units(&text, text.chars().count()), text.encode_utf16().count());
        }

        #[test]
        fn counts_after_replacement_are_those_of_the_replaced_text(
            parts in prop::collection::vec(prop::sample::select(vec![
                "a", " ", "中文", "，", "！", "\u{3000}", "’", "“", "…", "\u{a9}", "\u{2122}",
                "\u{301}", "\u{200D}", "\u{1F600}", "\u{1F44D}\u{1F3FD}", "\u{1F1FA}\u{1F1F8}",
                "\r\n", "\u{ad}", "\u{200b}", "—", "é", "{", "\u{FE0F}", "\u{2764}",
            ]), 0..200),
            codepoint in any::<bool>(),
        ) {
            let text: String = parts.concat();
            let split = if codepoint { crate::sms::SplitPolicy::Codepoint } else { crate::sms::SplitPolicy::Grapheme };
            let options = Options { split, ..Options::default() };
            let a = analyze(&text, &options);
            prop_assert_eq!(a.after_replacement, count(&smart::replace(&text), &options));
        }

        #[test]
        fn graphemes_are_those_of_the_text(text in "\\PC{0,40}") {
            use unicode_segmentation::UnicodeSegmentation;
            let a = analyze(&text, &Options::default());
            prop_assert_eq!(a.graphemes, text.graphemes(true).count());
        }
    }
}
