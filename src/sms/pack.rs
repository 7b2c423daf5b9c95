//! Packing a body into segments: the one routine both counting and splitting use.
//!
//! The body is laid into segments in order, starting a new segment when the next atom does
//! not fit. An atom is what must not be split: a character (so never an escape sequence or
//! a surrogate pair), or under [`SplitPolicy::Grapheme`] a whole extended grapheme cluster
//! (UAX #29). For a fixed capacity and atoms in a fixed order this next-fit packing gives
//! the fewest segments possible. A cluster larger than a whole segment is the exception the
//! policy allows: it is laid character by character.
//!
//! Finding clusters is by far the most expensive part of counting, yet only the cluster at
//! each cut matters. So the packer walks characters — cheap — until the next one does not
//! fit, and only then asks a [`GraphemeCursor`] for the last cluster boundary before that
//! point: one boundary query per segment instead of a cluster iterator over the whole body.
//! A test keeps the plain cluster-by-cluster packer as an oracle and checks the two agree.
//!
//! Packing reports each finished part to a callback, so counting passes a no-op and
//! allocates nothing, while splitting collects the parts.

use std::ops::Range;

use unicode_segmentation::{GraphemeCursor, UnicodeSegmentation};

use super::gsm7::ASCII_COST;
use super::options::{ShiftTables, SplitPolicy};
use crate::text::independent;

/// Where atoms may be cut for one encoding and policy.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Atoms {
    /// Every character on its own.
    Chars,
    /// Every character on its own, but CR LF together: for the GSM 7-bit alphabet this is
    /// exactly the extended grapheme clusters, because none of its characters extends or
    /// joins another (a property test checks this against UAX #29).
    CharsKeepingCrLf,
    /// Extended grapheme clusters (UAX #29).
    Graphemes,
}

impl Atoms {
    pub(crate) fn for_gsm7(policy: SplitPolicy) -> Atoms {
        match policy {
            SplitPolicy::Grapheme => Atoms::CharsKeepingCrLf,
            SplitPolicy::Codepoint => Atoms::Chars,
        }
    }

    pub(crate) fn for_ucs2(policy: SplitPolicy) -> Atoms {
        match policy {
            SplitPolicy::Grapheme => Atoms::Graphemes,
            SplitPolicy::Codepoint => Atoms::Chars,
        }
    }
}

/// What one character costs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Unit {
    /// Septets in these GSM 7-bit tables (the caller has checked every character is in
    /// them; one that is not would cost nothing rather than panic).
    Septets(ShiftTables),
    /// UTF-16 code units.
    Utf16,
}

impl Unit {
    #[inline]
    pub(crate) fn of(self, c: char) -> u32 {
        match self {
            Unit::Septets(tables) => u32::from(tables.cost(c).unwrap_or(0)),
            Unit::Utf16 => c.len_utf16() as u32,
        }
    }

    /// Units of `text`.
    fn of_str(self, text: &str) -> u32 {
        text.chars().map(|c| self.of(c)).sum()
    }

    /// Lays characters from the start of `text` while they fit in `room` units: returns the
    /// byte length laid and the units used.
    ///
    /// This is the inner loop of packing. It takes whole 16-byte chunks, then 4-byte
    /// chunks, while even the most expensive chunk would still fit — a chunk's units are a
    /// branch-free byte-wide sum the compiler vectorises — and only the last few
    /// characters one by one.
    #[inline]
    fn fill(self, text: &str, room: u32) -> (usize, u32) {
        let bytes = text.as_bytes();
        let mut used = 0u32;
        let mut at = 0usize;
        match self {
            Unit::Utf16 => {
                // A character starts at every non-continuation byte and takes two UTF-16
                // units exactly when it is four bytes long. A character cut by a chunk edge
                // is counted at its first byte, so a chunk of n bytes holds at most n + 1
                // units (n - 1 one-unit characters, then the first byte of a pair).
                let units = |b: u8| u8::from(b & 0xC0 != 0x80) + u8::from(b >= 0xF0);
                for size in [16, 4] {
                    while used + (size as u32) < room {
                        let Some(chunk) = bytes.get(at..at + size) else {
                            break;
                        };
                        used += u32::from(chunk.iter().fold(0u8, |n, &b| n + units(b)));
                        at += size;
                    }
                }
                for (i, &b) in bytes.iter().enumerate().skip(at) {
                    let u = u32::from(units(b));
                    if u > 0 && used + u > room {
                        return (i, used);
                    }
                    used += u;
                }
                (text.len(), used)
            }
            Unit::Septets(tables) => {
                if tables == ShiftTables::DEFAULT {
                    // ASCII chunks of the default alphabet: at most two septets a byte.
                    for size in [16, 4] {
                        while used + 2 * size as u32 <= room {
                            let Some(chunk) = bytes.get(at..at + size) else {
                                break;
                            };
                            if !chunk.is_ascii() {
                                break;
                            }
                            let cost = |b: u8| ASCII_COST.get(usize::from(b)).copied().unwrap_or(0);
                            used += u32::from(chunk.iter().fold(0u8, |n, &b| n + cost(b)));
                            at += size;
                        }
                    }
                }
                let rest = text.get(at..).unwrap_or_default();
                for (i, c) in rest.char_indices() {
                    let units = self.of(c);
                    if used + units > room {
                        return (at + i, used);
                    }
                    used += units;
                }
                (text.len(), used)
            }
        }
    }
}

/// Packs `body` into segments of `capacity` units, calling `on_part` with each part's byte
/// range and units. Returns the number of segments (at least one: an empty body is one
/// empty segment).
///
/// Every character must cost at most `capacity` (true of every encoding: two units at most
/// against capacities of 67 and more).
pub(crate) fn pack(
    body: &str,
    atoms: Atoms,
    capacity: u32,
    unit: Unit,
    mut on_part: impl FnMut(Range<usize>, u32),
) -> usize {
    let mut start = 0usize;
    let mut segments = 0usize;
    // The end of a cluster too large for a segment that the last cut fell inside: until
    // there, the body is laid character by character.
    let mut oversized_until = 0usize;
    loop {
        let rest = body.get(start..).unwrap_or_default();
        let (laid, used) = unit.fill(rest, capacity);
        let full = start + laid;
        segments += 1;
        if full >= body.len() {
            on_part(start..body.len(), used);
            return segments;
        }
        if laid == 0 {
            // Unreachable: every character fits an empty segment. Keep the rest in one
            // part rather than loop.
            on_part(start..body.len(), unit.of_str(rest));
            return segments;
        }
        let cut = match atoms {
            Atoms::Chars => full,
            Atoms::CharsKeepingCrLf => {
                let crlf_straddles =
                    body.as_bytes().get(full - 1..=full) == Some(b"\r\n".as_slice());
                if crlf_straddles && full - 1 > start {
                    full - 1
                } else {
                    full
                }
            }
            Atoms::Graphemes => {
                let (cut, oversized) =
                    cluster_cut(body, start, full, capacity, unit, oversized_until);
                oversized_until = oversized;
                cut
            }
        };
        let units = if cut == full {
            used
        } else {
            used - unit.of_str(body.get(cut..full).unwrap_or_default())
        };
        on_part(start..cut, units);
        start = cut;
    }
}

/// Where a segment starting at `start` that is full at `full` must end under the grapheme
/// policy: at the last cluster boundary after `start` and at or before `full`, unless the
/// cluster there is too large for any segment (then at `full`, laying it character by
/// character). Also returns where the oversized cluster being laid ends (or the old value).
fn cluster_cut(
    body: &str,
    start: usize,
    full: usize,
    capacity: u32,
    unit: Unit,
    oversized_until: usize,
) -> (usize, usize) {
    if full < oversized_until {
        return (full, oversized_until);
    }
    // Between two characters that never join a cluster, `full` is a boundary; when the
    // character after that also stands alone, the cluster at `full` is that one character,
    // which always fits a segment. This answers most cuts without a cursor.
    let before = body.get(..full).and_then(|s| s.chars().next_back());
    let mut after = body.get(full..).unwrap_or_default().chars();
    if before.is_some_and(independent)
        && after.next().is_some_and(independent)
        && after.next().is_none_or(independent)
    {
        return (full, oversized_until);
    }
    let boundary = last_boundary_at_or_before(body, full);
    if boundary <= start {
        // No boundary in this segment: it lies inside one cluster larger than a segment.
        return (full, next_boundary(body, full));
    }
    let next = next_boundary(body, boundary);
    let cluster = body.get(boundary..next).unwrap_or_default();
    if unit.fill(cluster, capacity).0 < cluster.len() {
        // The cluster that does not fit is larger than a whole segment: start laying it
        // here, character by character.
        (full, next)
    } else {
        (boundary, oversized_until)
    }
}

/// The last extended grapheme cluster boundary at or before byte `at`.
fn last_boundary_at_or_before(body: &str, at: usize) -> usize {
    let mut cursor = GraphemeCursor::new(at, body.len(), true);
    match cursor.is_boundary(body, 0) {
        Ok(true) => at,
        Ok(false) => match cursor.prev_boundary(body, 0) {
            Ok(b) => b.unwrap_or(0),
            Err(_) => slow_last_boundary(body, at),
        },
        Err(_) => slow_last_boundary(body, at),
    }
}

/// The first extended grapheme cluster boundary after byte `at`.
fn next_boundary(body: &str, at: usize) -> usize {
    let mut cursor = GraphemeCursor::new(at, body.len(), true);
    match cursor.next_boundary(body, 0) {
        Ok(b) => b.unwrap_or(body.len()),
        Err(_) => body
            .grapheme_indices(true)
            .map(|(i, g)| i + g.len())
            .find(|&end| end > at)
            .unwrap_or(body.len()),
    }
}

/// The cursor is given the whole body, so it never asks for more context; should it ever,
/// walk the clusters from the start instead.
fn slow_last_boundary(body: &str, at: usize) -> usize {
    body.grapheme_indices(true)
        .map(|(i, _)| i)
        .take_while(|&i| i <= at)
        .last()
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sms::tables::{LockingShift, SingleShift};
    use proptest::prelude::*;

    /// The plain next-fit packer over atoms: the definition the fast packer must match.
    fn reference_pack(
        body: &str,
        atoms: Atoms,
        capacity: u32,
        unit: Unit,
    ) -> Vec<(Range<usize>, u32)> {
        let mut out = Vec::new();
        let (mut start, mut fill) = (0usize, 0u32);
        let mut push = |at: usize, cost: u32, out: &mut Vec<(Range<usize>, u32)>| {
            if fill + cost > capacity && fill > 0 {
                out.push((start..at, fill));
                start = at;
                fill = 0;
            }
            fill += cost;
        };
        match atoms {
            Atoms::Chars => body
                .char_indices()
                .for_each(|(i, c)| push(i, unit.of(c), &mut out)),
            Atoms::CharsKeepingCrLf => {
                let mut chars = body.char_indices().peekable();
                while let Some((i, c)) = chars.next() {
                    let mut units = unit.of(c);
                    if c == '\r' && matches!(chars.peek(), Some(&(_, '\n'))) {
                        chars.next();
                        units += unit.of('\n');
                    }
                    push(i, units, &mut out);
                }
            }
            Atoms::Graphemes => {
                for (i, cluster) in body.grapheme_indices(true) {
                    let units = unit.of_str(cluster);
                    if units > capacity {
                        cluster
                            .char_indices()
                            .for_each(|(j, c)| push(i + j, unit.of(c), &mut out));
                    } else {
                        push(i, units, &mut out);
                    }
                }
            }
        }
        out.push((start..body.len(), fill));
        out
    }

    fn parts(body: &str, atoms: Atoms, capacity: u32) -> Vec<(Range<usize>, u32)> {
        let mut out = Vec::new();
        let n = pack(body, atoms, capacity, Unit::Utf16, |r, u| out.push((r, u)));
        assert_eq!(n, out.len());
        assert_eq!(out, reference_pack(body, atoms, capacity, Unit::Utf16));
        out
    }

    #[test]
    fn empty_body_is_one_empty_part() {
        assert_eq!(parts("", Atoms::Chars, 10), vec![(0..0, 0)]);
        assert_eq!(parts("", Atoms::Graphemes, 10), vec![(0..0, 0)]);
    }

    #[test]
    fn a_cluster_that_does_not_fit_moves_whole_to_the_next_part() {
        // "ab" then a two-code-point cluster (e + combining acute) with capacity 3.
        let body = "abe\u{301}";
        assert_eq!(parts(body, Atoms::Graphemes, 3), vec![(0..2, 2), (2..5, 2)]);
        assert_eq!(parts(body, Atoms::Chars, 3), vec![(0..3, 3), (3..5, 1)]);
    }

    #[test]
    fn a_cluster_larger_than_a_segment_is_split_between_code_points() {
        // A family emoji of 7 code points (11 UTF-16 units) cannot fit capacity 4.
        let family = "👨\u{200D}👩\u{200D}👧\u{200D}👦";
        let p = parts(&format!("ab{family}cd"), Atoms::Graphemes, 4);
        assert_eq!(p.iter().map(|(_, u)| u).sum::<u32>(), 15);
        assert!(p.iter().all(|(_, u)| *u <= 4));
    }

    #[test]
    fn crlf_stays_together_when_keeping_clusters() {
        let body = "ab\r\n";
        assert_eq!(
            parts(body, Atoms::CharsKeepingCrLf, 3),
            vec![(0..2, 2), (2..4, 2)]
        );
        assert_eq!(parts(body, Atoms::Chars, 3), vec![(0..3, 3), (3..4, 1)]);
    }

    /// Every character of the default alphabet and extension table.
    fn gsm7_chars() -> Vec<char> {
        (0..128u8)
            .flat_map(|s| {
                [
                    LockingShift::Default.char_at(s),
                    SingleShift::Default.char_at(s),
                ]
            })
            .flatten()
            .collect()
    }

    const UCS2_PIECES: &[&str] = &[
        "a",
        "日",
        "😀",
        "\r",
        "\n",
        "\r\n",
        "e\u{301}",
        "\u{301}",
        "\u{200D}",
        "👍🏽",
        "👨\u{200D}👩\u{200D}👧",
        "🇺🇸",
        "🇺",
        "\u{1100}",
        "\u{1161}",
        "\u{11A8}",
        "\u{0915}\u{094D}\u{0937}",
        "\u{FE0F}",
        "❤",
        "\u{0903}",
        "\u{0600}",
    ];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1000))]

        /// For GSM-7 text, "characters, keeping CR LF" is exactly UAX #29 clustering, which
        /// is what lets the GSM-7 path skip cluster boundaries.
        #[test]
        fn gsm7_clusters_are_characters_and_crlf(
            body in prop::collection::vec(prop::sample::select(gsm7_chars()), 0..400),
            capacity in 2u32..160,
        ) {
            let body: String = body.into_iter().collect();
            let unit = Unit::Septets(ShiftTables::DEFAULT);
            prop_assert_eq!(
                reference_pack(&body, Atoms::CharsKeepingCrLf, capacity, unit),
                reference_pack(&body, Atoms::Graphemes, capacity, unit)
            );
        }

        /// The fast packer agrees with the reference packer for every policy, including
        /// Hangul syllable sequences, Indic conjuncts, prepended marks, regional-indicator
        /// runs and clusters larger than a segment.
        #[test]
        fn fast_packer_agrees_with_the_reference(
            pieces in prop::collection::vec(prop::sample::select(UCS2_PIECES), 0..300),
            run in prop::collection::vec(prop::sample::select(UCS2_PIECES), 0..3),
            run_len in 0usize..120,
            capacity in 2u32..80,
        ) {
            let mut body = pieces.concat();
            body.push_str(&run.concat().repeat(run_len));
            for atoms in [Atoms::Chars, Atoms::CharsKeepingCrLf, Atoms::Graphemes] {
                let mut fast = Vec::new();
                let n = pack(&body, atoms, capacity, Unit::Utf16, |r, u| fast.push((r, u)));
                prop_assert_eq!(n, fast.len());
                prop_assert_eq!(&fast, &reference_pack(&body, atoms, capacity, Unit::Utf16), "{:?}", atoms);
            }
        }
    }
}
