//! The hot path of the default GSM 7-bit alphabet: what a character costs in septets.
//!
//! [`tables`](super::tables) is the reviewable source of truth, one 128-entry table per
//! alphabet. Counting is on the send path, so this module keeps a byte-indexed class table
//! for ASCII (most business SMS is ASCII) and a `match` for the few non-ASCII characters of
//! the default alphabet; a test checks both against [`tables`](super::tables) for every
//! character, so the two cannot drift apart.

/// Not in the default alphabet or its extension table.
pub(crate) const NOT_GSM: u8 = 0;
/// In the default alphabet: one septet.
pub(crate) const BASIC: u8 = 1;
/// In the extension table: escape plus character, two septets.
pub(crate) const EXTENSION: u8 = 2;

/// The septet cost of every ASCII byte; [`NOT_GSM`] for bytes the default alphabet lacks:
/// the C0 controls other than LF, CR (and FF, which is in the extension table), the
/// backtick, and DEL. A raw escape (0x1B) in a body is not a character of the alphabet: it
/// only introduces the extension table, so it cannot be sent as itself.
// Indexing in a const initializer is checked by the compiler: out of bounds would fail the
// build, never panic at run time.
#[allow(clippy::indexing_slicing)]
pub(crate) const ASCII_COST: [u8; 128] = {
    let mut t = [BASIC; 128];
    let mut b = 0;
    while b < 0x20 {
        t[b] = NOT_GSM;
        b += 1;
    }
    t[b'\n' as usize] = BASIC;
    t[b'\r' as usize] = BASIC;
    t[0x0C] = EXTENSION; // form feed
    t[b'`' as usize] = NOT_GSM;
    t[0x7F] = NOT_GSM;
    let ext = *b"^{}\\[~]|";
    let mut i = 0;
    while i < ext.len() {
        t[ext[i] as usize] = EXTENSION;
        i += 1;
    }
    t
};

/// The default alphabet's characters in Latin-1 (U+00A0..=U+00FF), one septet each.
const LATIN1: &str = "£¥èéùìòÇØøÅåÆæßÉ¤¡ÄÖÑÜ§¿äöñüà";
/// The default alphabet's Greek capitals (U+0393..=U+03A9), one septet each.
const GREEK: &str = "ΔΦΓΛΩΠΨΣΘΞ";

/// Septet costs for U+00A0..=U+03A9, the only non-ASCII range of the default alphabet
/// besides the euro sign, so a non-ASCII character costs one bounds check and one load.
// Indexing in a const initializer is checked by the compiler.
#[allow(clippy::indexing_slicing)]
const NON_ASCII_COST: [u8; 0x3AA - 0xA0] = {
    let mut t = [NOT_GSM; 0x3AA - 0xA0];
    let sets = [LATIN1.as_bytes(), GREEK.as_bytes()];
    let mut s = 0;
    while s < sets.len() {
        // Decode the two-byte UTF-8 sequences by hand: const code cannot iterate chars.
        let bytes = sets[s];
        let mut i = 0;
        while i + 1 < bytes.len() {
            let cp = ((bytes[i] as usize & 0x1F) << 6) | (bytes[i + 1] as usize & 0x3F);
            t[cp - 0xA0] = BASIC;
            i += 2;
        }
        s += 1;
    }
    t
};

/// The septets `c` costs in the default alphabet and extension table, or `None`.
#[inline]
pub(crate) fn default_cost(c: char) -> Option<u8> {
    let cost = if c.is_ascii() {
        ASCII_COST.get(c as usize).copied()
    } else if c == '€' {
        Some(EXTENSION)
    } else {
        (c as usize)
            .checked_sub(0xA0)
            .and_then(|i| NON_ASCII_COST.get(i).copied())
    };
    match cost {
        Some(NOT_GSM) | None => None,
        cost => cost,
    }
}

const CLASS_EXTENSION: u8 = 1;
const CLASS_CR: u8 = 2;
const CLASS_NOT_GSM: u8 = 4;

/// Each ASCII byte's class as bits, for the branch-free tail of [`scan_ascii`].
// Indexing in a const initializer is checked by the compiler.
#[allow(clippy::indexing_slicing)]
const ASCII_CLASS: [u8; 128] = {
    let mut t = [0u8; 128];
    let mut b = 0;
    while b < 128 {
        t[b] = match ASCII_COST[b] {
            NOT_GSM => CLASS_NOT_GSM,
            EXTENSION => CLASS_EXTENSION,
            _ if b == b'\r' as usize => CLASS_CR,
            _ => 0,
        };
        b += 1;
    }
    t
};

/// The number of bytes matching `pred`. Counts in 64-byte chunks with a byte-wide
/// accumulator, which the compiler vectorises; a plain `filter().count()` widens every
/// byte to 64 bits and runs several times slower.
#[inline]
pub(crate) fn count_bytes(bytes: &[u8], pred: impl Fn(u8) -> bool + Copy) -> usize {
    let mut chunks = bytes.chunks_exact(64);
    let mut total = 0usize;
    for chunk in chunks.by_ref() {
        let n: u8 = chunk.iter().fold(0u8, |n, &b| n + u8::from(pred(b)));
        total += usize::from(n);
    }
    total + chunks.remainder().iter().filter(|&&b| pred(b)).count()
}

/// The length of the ASCII run `bytes` starts with.
#[inline]
pub(crate) fn ascii_prefix_len(bytes: &[u8]) -> usize {
    let mut chunks = bytes.chunks_exact(16);
    let mut len = 0usize;
    for chunk in chunks.by_ref() {
        if !chunk.is_ascii() {
            return len + chunk.iter().position(|b| !b.is_ascii()).unwrap_or(0);
        }
        len += 16;
    }
    len + chunks
        .remainder()
        .iter()
        .position(|b| !b.is_ascii())
        .unwrap_or(chunks.remainder().len())
}

/// What a scan of a body's septets found (in one pass over its bytes, for ASCII).
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct SeptetScan {
    /// Septets, with two for each extension character.
    pub septets: usize,
    /// Extension characters (each costs an escape).
    pub extensions: usize,
    /// Carriage returns (CR LF is one grapheme cluster, which packing must keep whole).
    pub carriage_returns: usize,
    /// Bytes the default alphabet lacks.
    pub not_gsm: usize,
}

/// Scans an ASCII body. Written as fixed-width blocks of simple comparisons so the compiler
/// can vectorise it; this is where counting spends its time on ASCII text.
#[inline]
pub(crate) fn scan_ascii(bytes: &[u8]) -> SeptetScan {
    const BLOCK: usize = 32;
    let mut extensions = 0usize;
    let mut carriage_returns = 0usize;
    let mut not_gsm = 0usize;
    let mut blocks = bytes.chunks_exact(BLOCK);
    for block in blocks.by_ref() {
        // Most blocks hold none of the bytes counted: one cheap test of each byte, which
        // the compiler turns into a few vector instructions a block, settles that.
        if !block.iter().fold(false, |seen, &b| seen | may_count(b)) {
            continue;
        }
        let (mut e, mut r, mut n) = (0u8, 0u8, 0u8);
        for &b in block {
            e += u8::from(is_extension(b));
            r += u8::from(b == b'\r');
            n += u8::from(is_not_gsm(b));
        }
        extensions += usize::from(e);
        carriage_returns += usize::from(r);
        not_gsm += usize::from(n);
    }
    // The tail, padded with spaces (which count nothing) to a block, is most often
    // settled by the same one test; else, and for a tail that is all there is (a word
    // between two accented letters), one table load per byte, no branches.
    let tail = blocks.remainder();
    if tail.len() >= 8 {
        let mut padded = [b' '; BLOCK];
        if let Some(head) = padded.get_mut(..tail.len()) {
            head.copy_from_slice(tail);
        }
        if !padded.iter().fold(false, |seen, &b| seen | may_count(b)) {
            return SeptetScan {
                septets: bytes.len() + extensions,
                extensions,
                carriage_returns,
                not_gsm,
            };
        }
    }
    for &b in tail {
        let class = ASCII_CLASS
            .get(usize::from(b))
            .copied()
            .unwrap_or(CLASS_NOT_GSM);
        extensions += usize::from(class & CLASS_EXTENSION);
        carriage_returns += usize::from((class & CLASS_CR) >> 1);
        not_gsm += usize::from((class & CLASS_NOT_GSM) >> 2);
    }
    SeptetScan {
        septets: bytes.len() + extensions,
        extensions,
        carriage_returns,
        not_gsm,
    }
}

/// Whether a byte may be an extension character, a carriage return or a byte the default
/// alphabet lacks: every control byte, `[` to `_`, `` ` ``, and `{` and above. It also
/// takes line feeds and `_`, which [`scan_ascii`] then counts as nothing.
#[inline(always)]
fn may_count(b: u8) -> bool {
    b < 0x20 || (b | 0x20) >= 0x7B || b == b'`'
}

/// Whether an ASCII byte is one of the default extension table's characters.
#[inline(always)]
fn is_extension(b: u8) -> bool {
    matches!(
        b,
        b'^' | b'{' | b'}' | b'\\' | b'[' | b'~' | b']' | b'|' | 0x0C
    )
}

#[inline(always)]
fn is_not_gsm(b: u8) -> bool {
    (b < 0x20 && b != b'\n' && b != b'\r' && b != 0x0C) || b == b'`' || b >= 0x7F
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sms::tables::{LockingShift, SingleShift};

    /// The fast path agrees with the reviewable tables for every character they hold, and
    /// for every other character of the Basic Multilingual Plane and beyond.
    #[test]
    fn default_cost_agrees_with_the_tables_for_every_code_point() {
        for cp in 0..=0x10FFFFu32 {
            let Some(c) = char::from_u32(cp) else {
                continue;
            };
            let expected = if LockingShift::Default.septet(c).is_some() {
                Some(BASIC)
            } else if SingleShift::Default.septet(c).is_some() {
                Some(EXTENSION)
            } else {
                None
            };
            assert_eq!(default_cost(c), expected, "U+{cp:04X}");
        }
    }

    #[test]
    fn scan_agrees_with_default_cost_on_every_ascii_byte() {
        for b in 0u8..0x80 {
            let s = scan_ascii(&[b]);
            let cost = default_cost(char::from(b));
            assert_eq!(s.not_gsm == 1, cost.is_none(), "byte {b:#04x}");
            if let Some(cost) = cost {
                assert_eq!(s.septets, usize::from(cost), "byte {b:#04x}");
                assert_eq!(s.extensions == 1, cost == EXTENSION, "byte {b:#04x}");
            }
        }
    }

    #[test]
    fn byte_helpers_count_across_chunk_boundaries() {
        let body = "é".repeat(50) + &"a".repeat(70) + "😀";
        assert_eq!(count_bytes(body.as_bytes(), |b| b >= 0xC0), 51);
        assert_eq!(ascii_prefix_len(body.as_bytes()), 0);
        assert_eq!(ascii_prefix_len(&body.as_bytes()[100..]), 70);
        assert_eq!(ascii_prefix_len(b"plain"), 5);
        assert_eq!(ascii_prefix_len(&[b'a'; 40]), 40);
    }

    #[test]
    fn the_block_test_takes_every_byte_that_counts() {
        for b in 0..=u8::MAX {
            if is_extension(b) || b == b'\r' || is_not_gsm(b) {
                assert!(may_count(b), "byte {b:#04x}");
            }
        }
    }

    proptest::proptest! {
        /// Blocks skipped whole count the same as the byte-by-byte tail.
        #[test]
        fn scan_agrees_with_the_byte_tables(body in proptest::collection::vec(
            proptest::prop_oneof![8 => 0x20u8..0x7F, 1 => 0u8..0x80], 0..200)
        ) {
            let s = scan_ascii(&body);
            let class = |b: u8| ASCII_CLASS.get(usize::from(b)).copied().unwrap_or(0);
            let count = |bit: u8| body.iter().filter(|&&b| class(b) & bit != 0).count();
            proptest::prop_assert_eq!(s.extensions, count(CLASS_EXTENSION));
            proptest::prop_assert_eq!(s.carriage_returns, count(CLASS_CR));
            proptest::prop_assert_eq!(s.not_gsm, count(CLASS_NOT_GSM));
            proptest::prop_assert_eq!(s.septets, body.len() + count(CLASS_EXTENSION));
        }
    }

    #[test]
    fn scan_counts_across_block_boundaries() {
        let body = "a{".repeat(40) + "\r\n`";
        let s = scan_ascii(body.as_bytes());
        assert_eq!(s.extensions, 40);
        assert_eq!(s.carriage_returns, 1);
        assert_eq!(s.not_gsm, 1);
        assert_eq!(s.septets, 80 + 40 + 3);
    }
}
