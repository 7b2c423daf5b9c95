//! Counting: encoding, units and segments of a body, without allocating.

use super::capacity::Capacity;
use super::gsm7::{self, default_cost};
use super::options::{Encoding, Options, ShiftTables};
use super::pack::{pack, Atoms, Unit};

/// What a body costs: its encoding, units and segments.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Counts {
    /// The encoding the body is sent in.
    pub encoding: Encoding,
    /// The GSM 7-bit tables used ([`ShiftTables::DEFAULT`] unless national tables were
    /// enabled and saved segments; meaningless for UCS-2).
    pub tables: ShiftTables,
    /// Unicode scalar values in the body.
    pub characters: usize,
    /// Septets (GSM-7, two for an escaped character) or UTF-16 code units (UCS-2).
    pub units: usize,
    /// Segments the body is sent in (an empty body is one segment).
    pub segments: usize,
}

impl Counts {
    /// The segment capacities for this body's encoding and tables.
    pub fn capacity(&self) -> Capacity {
        Capacity::new(self.encoding, self.tables)
    }

    /// The units each of this body's segments can hold: the single-segment capacity when
    /// it fits one segment, the concatenated capacity otherwise.
    pub fn capacity_per_segment(&self) -> u32 {
        self.capacity().per_segment(self.units)
    }
}

/// Counts `body`: the encoding it needs, its units and its segments.
///
/// Allocates nothing. ASCII bodies take a fast path that classifies bytes in blocks.
///
/// ```
/// use smslint::sms::{count, Encoding, Options};
///
/// let c = count(&"a".repeat(161), &Options::default());
/// assert_eq!((c.encoding, c.units, c.segments), (Encoding::Gsm7, 161, 2));
/// let c = count("naïve", &Options::default()); // ï is not in the GSM 7-bit alphabet
/// assert_eq!((c.encoding, c.units, c.segments), (Encoding::Ucs2, 5, 1));
/// ```
pub fn count(body: &str, options: &Options) -> Counts {
    if body.is_ascii() && options.national.is_empty() {
        return count_ascii(body, options);
    }
    count_chars(body, options)
}

/// The general path: any body, any options.
fn count_chars(body: &str, options: &Options) -> Counts {
    // Character and UTF-16 counts come from bytes: a character starts at every
    // non-continuation byte and needs two UTF-16 units when it is four bytes long.
    let characters = body.chars().count();
    // Only a UCS-2 body needs its UTF-16 length.
    let utf16 = || characters + gsm7::count_bytes(body.as_bytes(), |b| b >= 0xF0);
    // Septets need each character's class, but only until the first one outside the
    // default tables: from there the body cannot be sent in them. ASCII runs go through
    // the block scanner; only the other characters are decoded one by one.
    let mut septets = 0usize;
    let mut extensions = 0usize;
    let mut carriage_returns = 0usize;
    let mut default_ok = true;
    let mut rest = body;
    while !rest.is_empty() {
        let run = gsm7::ascii_prefix_len(rest.as_bytes());
        let (ascii, tail) = rest.split_at(run);
        let scan = gsm7::scan_ascii(ascii.as_bytes());
        septets += scan.septets;
        extensions += scan.extensions;
        carriage_returns += scan.carriage_returns;
        if scan.not_gsm > 0 {
            default_ok = false;
            break;
        }
        let mut chars = tail.chars();
        let Some(c) = chars.next() else { break };
        match default_cost(c) {
            Some(gsm7::BASIC) => septets += 1,
            Some(_) => {
                septets += 2;
                extensions += 1;
            }
            None => {
                default_ok = false;
                break;
            }
        }
        rest = chars.as_str();
    }
    if !options.national.is_empty() {
        return best_national(body, options, characters, default_ok.then_some(septets))
            .unwrap_or_else(|| ucs2_counts(body, options, characters, utf16()));
    }
    if !default_ok {
        return ucs2_counts(body, options, characters, utf16());
    }
    let scan = gsm7::SeptetScan {
        septets,
        extensions,
        carriage_returns,
        not_gsm: 0,
    };
    default_gsm7_counts(body, options, characters, &scan)
}

/// ASCII without national tables: one byte is one character and one UTF-16 unit.
fn count_ascii(body: &str, options: &Options) -> Counts {
    let scan = gsm7::scan_ascii(body.as_bytes());
    let characters = body.len();
    if scan.not_gsm > 0 {
        return ucs2_counts(body, options, characters, characters);
    }
    default_gsm7_counts(body, options, characters, &scan)
}

/// Counts for a body all in the default tables, from a scan of its septets, extension
/// characters and carriage returns.
fn default_gsm7_counts(
    body: &str,
    options: &Options,
    characters: usize,
    scan: &gsm7::SeptetScan,
) -> Counts {
    let capacity = Capacity::new(Encoding::Gsm7, ShiftTables::DEFAULT);
    let atoms = Atoms::for_gsm7(options.split);
    let segments = if scan.septets <= capacity.single as usize {
        1
    } else if scan.extensions == 0 && (scan.carriage_returns == 0 || atoms == Atoms::Chars) {
        // Every atom is one septet, so next-fit packing fills every segment.
        scan.septets.div_ceil(capacity.concatenated as usize)
    } else {
        pack_gsm7(body, options, ShiftTables::DEFAULT, capacity)
    };
    Counts {
        encoding: Encoding::Gsm7,
        tables: ShiftTables::DEFAULT,
        characters,
        units: scan.septets,
        segments,
    }
}

/// Tries every table combination the options allow and keeps the one with the fewest
/// segments; on a tie, the fewest header elements (so the default tables win a tie), then
/// the fewest septets. `default_septets` is the default tables' cost, already known.
fn best_national(
    body: &str,
    options: &Options,
    characters: usize,
    default_septets: Option<usize>,
) -> Option<Counts> {
    let mut best: Option<Counts> = None;
    for tables in options.national.combinations() {
        let septets = if tables == ShiftTables::DEFAULT {
            default_septets
        } else {
            septets_in(body, tables)
        };
        let Some(septets) = septets else { continue };
        let candidate = gsm7_counts(body, options, tables, characters, septets);
        let key = |c: &Counts| (c.segments, c.tables.information_elements(), c.units);
        if best.as_ref().is_none_or(|b| key(&candidate) < key(b)) {
            best = Some(candidate);
        }
    }
    best
}

/// The septets `body` costs in `tables`, or `None` when a character is in neither table.
fn septets_in(body: &str, tables: ShiftTables) -> Option<usize> {
    body.chars()
        .try_fold(0usize, |sum, c| Some(sum + usize::from(tables.cost(c)?)))
}

fn gsm7_counts(
    body: &str,
    options: &Options,
    tables: ShiftTables,
    characters: usize,
    septets: usize,
) -> Counts {
    let capacity = Capacity::new(Encoding::Gsm7, tables);
    let segments = if septets <= capacity.single as usize {
        1
    } else {
        pack_gsm7(body, options, tables, capacity)
    };
    Counts {
        encoding: Encoding::Gsm7,
        tables,
        characters,
        units: septets,
        segments,
    }
}

fn pack_gsm7(body: &str, options: &Options, tables: ShiftTables, capacity: Capacity) -> usize {
    pack(
        body,
        Atoms::for_gsm7(options.split),
        capacity.concatenated,
        Unit::Septets(tables),
        |_, _| {},
    )
}

fn ucs2_counts(body: &str, options: &Options, characters: usize, utf16: usize) -> Counts {
    let capacity = Capacity::new(Encoding::Ucs2, ShiftTables::DEFAULT);
    let segments = if utf16 <= capacity.single as usize {
        1
    } else {
        pack(
            body,
            Atoms::for_ucs2(options.split),
            capacity.concatenated,
            Unit::Utf16,
            |_, _| {},
        )
    };
    Counts {
        encoding: Encoding::Ucs2,
        tables: ShiftTables::DEFAULT,
        characters,
        units: utf16,
        segments,
    }
}

/// What one character of a body in `encoding` and `tables` costs.
pub(crate) fn unit_of(encoding: Encoding, tables: ShiftTables) -> Unit {
    match encoding {
        Encoding::Gsm7 => Unit::Septets(tables),
        Encoding::Ucs2 => Unit::Utf16,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sms::options::SplitPolicy;
    use proptest::prelude::*;

    proptest! {
        /// The ASCII fast path is an optimisation only: it agrees with the general path.
        #[test]
        fn ascii_fast_path_agrees_with_the_general_path(
            body in prop::collection::vec(
                prop::sample::select(vec!["a", " ", "{", "€", "\r", "\n", "\r\n", "\u{c}", "`", "~"]),
                0..400,
            ),
            codepoint in prop::bool::ANY,
        ) {
            let body: String = body.concat().replace('€', "|");
            let options = Options {
                split: if codepoint { SplitPolicy::Codepoint } else { SplitPolicy::Grapheme },
                ..Options::default()
            };
            prop_assert_eq!(count_ascii(&body, &options), count_chars(&body, &options));
        }
    }
}
