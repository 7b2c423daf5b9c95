//! Packing a body into segments: the one routine both counting and splitting use.
//!
//! The body is cut into atoms that must not be split — a character (so never an escape
//! sequence or a surrogate pair), or under [`SplitPolicy::Grapheme`] a whole extended
//! grapheme cluster — and the atoms are laid into segments in order, starting a new segment
//! when the next atom does not fit. For a fixed capacity and atoms in a fixed order this
//! next-fit packing gives the fewest segments possible. A cluster larger than a whole
//! segment is the exception the policy allows: it is laid character by character.
//!
//! Packing reports each finished part to a callback, so counting passes a no-op and
//! allocates nothing, while splitting collects the parts.

use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;

use super::options::SplitPolicy;

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

/// Next-fit packing state.
struct Packer<F> {
    capacity: u32,
    fill: u32,
    start: usize,
    segments: usize,
    on_part: F,
}

impl<F: FnMut(Range<usize>, u32)> Packer<F> {
    #[inline]
    fn push(&mut self, start: usize, cost: u32) {
        if self.fill + cost > self.capacity && self.fill > 0 {
            (self.on_part)(self.start..start, self.fill);
            self.segments += 1;
            self.start = start;
            self.fill = 0;
        }
        self.fill += cost;
    }

    fn finish(mut self, end: usize) -> usize {
        (self.on_part)(self.start..end, self.fill);
        self.segments + 1
    }
}

/// Packs `body` into segments of `capacity` units, where `cost` gives each character's
/// units, calling `on_part` with each part's byte range and units. Returns the number of
/// segments (at least one: an empty body is one empty segment).
///
/// Every character must cost at most `capacity` (true of every encoding: two units at most
/// against capacities of 67 and more).
pub(crate) fn pack(
    body: &str,
    atoms: Atoms,
    capacity: u32,
    cost: impl Fn(char) -> u32,
    on_part: impl FnMut(Range<usize>, u32),
) -> usize {
    let mut packer = Packer {
        capacity,
        fill: 0,
        start: 0,
        segments: 0,
        on_part,
    };
    match atoms {
        Atoms::Chars => {
            for (i, c) in body.char_indices() {
                packer.push(i, cost(c));
            }
        }
        Atoms::CharsKeepingCrLf => {
            let mut chars = body.char_indices().peekable();
            while let Some((i, c)) = chars.next() {
                let mut units = cost(c);
                if c == '\r' {
                    if let Some(&(_, '\n')) = chars.peek() {
                        chars.next();
                        units += cost('\n');
                    }
                }
                packer.push(i, units);
            }
        }
        Atoms::Graphemes => {
            for (i, cluster) in body.grapheme_indices(true) {
                let units: u32 = cluster.chars().map(&cost).sum();
                if units > capacity {
                    for (j, c) in cluster.char_indices() {
                        packer.push(i + j, cost(c));
                    }
                } else {
                    packer.push(i, units);
                }
            }
        }
    }
    packer.finish(body.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sms::tables::{LockingShift, SingleShift};
    use proptest::prelude::*;

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

    proptest! {
        /// For GSM-7 text, "characters, keeping CR LF" is exactly UAX #29 clustering, which
        /// is what lets the GSM-7 path skip the grapheme iterator.
        #[test]
        fn gsm7_clusters_are_characters_and_crlf(
            body in prop::collection::vec(prop::sample::select(gsm7_chars()), 0..400),
            capacity in 2u32..160,
        ) {
            let body: String = body.into_iter().collect();
            let cost = |c: char| if SingleShift::Default.septet(c).is_some() { 2 } else { 1 };
            let mut fast = Vec::new();
            let mut slow = Vec::new();
            pack(&body, Atoms::CharsKeepingCrLf, capacity, cost, |r, u| fast.push((r, u)));
            pack(&body, Atoms::Graphemes, capacity, cost, |r, u| slow.push((r, u)));
            prop_assert_eq!(fast, slow);
        }
    }

    fn parts(body: &str, atoms: Atoms, capacity: u32) -> Vec<(Range<usize>, u32)> {
        let mut out = Vec::new();
        let n = pack(
            body,
            atoms,
            capacity,
            |c| c.len_utf16() as u32,
            |r, u| out.push((r, u)),
        );
        assert_eq!(n, out.len());
        out
    }

    #[test]
    fn empty_body_is_one_empty_part() {
        assert_eq!(parts("", Atoms::Chars, 10), vec![(0..0, 0)]);
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
        // Four regional indicators are two flags; a family emoji of 7 code points
        // (11 UTF-16 units) cannot fit capacity 4 and is laid code point by code point.
        let family = "👨\u{200D}👩\u{200D}👧\u{200D}👦";
        let p = parts(family, Atoms::Graphemes, 4);
        assert_eq!(p.iter().map(|(_, u)| u).sum::<u32>(), 11);
        for (r, u) in &p {
            assert!(*u <= 4);
            assert!(family.is_char_boundary(r.start) && family.is_char_boundary(r.end));
        }
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
}
