//! Counting extended grapheme clusters (UAX #29) without running the full segmentation
//! over every character.
//!
//! Most characters of a message can neither join the character before them nor the one
//! after: they are not CR, Prepend, Extend, SpacingMark, ZWJ, Regional_Indicator, nor a
//! Hangul jamo (L, V, T). Between two such characters there is always a boundary (GB999),
//! whatever came before: every rule that looks further back (GB9c, GB11, GB12–13) needs a
//! joining character on one side. So a text splits, at each pair of such characters, into
//! stretches that segment independently; a stretch of one character is one cluster, and
//! only the other stretches go through `unicode-segmentation`. The characters taken as
//! independent are listed in [`independent`] by range, and a test checks every one of them
//! against `unicode-segmentation` itself.

use unicode_segmentation::UnicodeSegmentation;

/// Whether `c` is in a range whose every character is neither CR, Prepend, Extend,
/// SpacingMark, ZWJ, Regional_Indicator nor a Hangul L, V or T jamo. Conservative: a
/// character outside these ranges only costs the slow path.
#[inline]
pub(crate) fn independent(c: char) -> bool {
    let c = u32::from(c);
    if c < 0x80 {
        return c != 0x0D;
    }
    matches!(
        c,
        0x00A0..=0x02FF // Latin-1 Supplement to Spacing Modifier Letters
            | 0x0370..=0x0482 // Greek and Coptic, Cyrillic letters
            | 0x048A..=0x052F // Cyrillic letters, Cyrillic Supplement
            | 0x0621..=0x064A // Arabic letters (U+064B.. are combining)
            | 0x1E00..=0x1FFF // Latin Extended Additional, Greek Extended
            | 0x2010..=0x2027 // dashes, quotation marks, bullets, ellipsis
            | 0x2030..=0x205E // per mille to four dots
            | 0x20A0..=0x20C0 // currency signs
            | 0x2100..=0x2BFF // letterlike symbols to miscellaneous symbols and arrows
            | 0x3000..=0x3029 // CJK symbols and punctuation
            | 0x3030..=0x3096 // ... and Hiragana
            | 0x309B..=0x30FF // Katakana
            | 0x3400..=0x9FFF // CJK Unified Ideographs (and Extension A), Yijing symbols
            | 0xAC00..=0xD7A3 // Hangul syllables (LV and LVT: they join only with jamo)
            | 0xFF01..=0xFF9D // full-width and half-width forms
            | 0x1F000..=0x1F1E5 // game symbols, enclosed alphanumerics
            | 0x1F200..=0x1F3FA // enclosed ideographs, pictographs
            | 0x1F400..=0x1FAFF // pictographs, emoticons, symbols (after the skin tones)
    )
}

/// The number of extended grapheme clusters in `text`, as
/// `text.graphemes(true).count()` counts them.
// Not inlined: the rule interpreter's calls stay small enough to be inlined themselves.
#[inline(never)]
pub(crate) fn count_graphemes(text: &str) -> usize {
    let bytes = text.as_bytes();
    if bytes.is_ascii() {
        // Every ASCII character is its own cluster but for CR LF.
        return bytes.len() - crlf_pairs(bytes);
    }
    let mut count = 0;
    // The stretch being gathered: where it starts and how many characters it has.
    let mut start = 0;
    let mut chars_in = 0usize;
    let mut last_independent = false;
    let mut at = 0;
    while let Some(&lead) = bytes.get(at) {
        // ASCII and the CJK ideographs U+4000–U+9FFF (lead bytes E4–E9) are told by their
        // first byte; other characters are decoded.
        let (len, now) = match lead {
            0..=0x7F => (1, lead != b'\r'),
            0xE4..=0xE9 => (3, true),
            _ => match text.get(at..).and_then(|rest| rest.chars().next()) {
                Some(c) => (c.len_utf8(), independent(c)),
                None => break,
            },
        };
        if now && last_independent {
            // A boundary before this character: the stretch before it is complete.
            count += stretch(text, start, at, chars_in);
            start = at;
            chars_in = 0;
        }
        chars_in += 1;
        last_independent = now;
        at += len;
    }
    count + stretch(text, start, text.len(), chars_in)
}

/// The clusters of `text[start..end]`, a stretch of `chars` characters.
#[inline]
fn stretch(text: &str, start: usize, end: usize, chars: usize) -> usize {
    match chars {
        0 => 0,
        1 => 1,
        _ => text
            .get(start..end)
            .map_or(0, |s| s.graphemes(true).count()),
    }
}

/// How many CR LF pairs an ASCII text holds.
fn crlf_pairs(bytes: &[u8]) -> usize {
    memchr::memchr_iter(b'\r', bytes)
        .filter(|&i| bytes.get(i + 1) == Some(&b'\n'))
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn slow(text: &str) -> usize {
        text.graphemes(true).count()
    }

    /// Every character taken as independent is one: it joins neither an `a` before or
    /// after it, nor a copy of itself (Prepend, Extend, SpacingMark, ZWJ, RI, L, V and T
    /// all would), nor the LF after it (CR would).
    #[test]
    fn every_independent_character_is_one() {
        let mut checked = 0;
        for c in (0..=0x10FFFFu32)
            .filter_map(char::from_u32)
            .filter(|&c| independent(c))
        {
            for probe in [format!("a{c}a"), format!("{c}{c}"), format!("{c}\n")] {
                let expected = probe.chars().count();
                assert_eq!(
                    slow(&probe),
                    expected,
                    "U+{:04X} in {probe:?}",
                    u32::from(c)
                );
            }
            checked += 1;
        }
        assert!(checked > 40_000, "{checked}");
    }

    #[test]
    fn known_clusters() {
        for (text, n) in [
            ("", 0),
            ("hello", 5),
            ("a\r\nb", 3),
            ("\r\r\n\n", 3),
            ("e\u{301}te\u{301}", 3),
            ("caf\u{e9} \u{1F600}", 6),
            ("\u{1F469}\u{200D}\u{1F469}\u{200D}\u{1F467} ok", 4),
            ("\u{1F44D}\u{1F3FD}!", 2),
            ("\u{1F1FA}\u{1F1F8}\u{1F1E8}\u{1F1E6}\u{1F1FA}", 3),
            ("\u{1100}\u{1161}\u{11A8}\u{AC00}\u{11A8}", 2),
            ("\u{915}\u{94D}\u{937}\u{93F}", 1),
            ("\u{600}1 \u{600}", 3),
            ("\u{2764}\u{FE0F} x", 3),
            ("\u{FF76}\u{FF9E}", 1),
        ] {
            assert_eq!(count_graphemes(text), n, "{text:?}");
            assert_eq!(slow(text), n, "{text:?}");
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4_000))]
        #[test]
        fn agrees_with_unicode_segmentation(
            parts in prop::collection::vec(prop::sample::select(vec![
                "a", " ", "\r", "\n", "\r\n", "\u{301}", "\u{200D}", "\u{FE0F}", "\u{1F469}",
                "\u{1F3FD}", "\u{1F1FA}", "\u{1F1F8}", "\u{1100}", "\u{1161}", "\u{11A8}",
                "\u{AC00}", "\u{915}", "\u{94D}", "\u{93F}", "\u{600}", "é", "’", "中",
                "\u{FF76}", "\u{FF9E}", "\u{E01}", "\u{E31}", "\u{903}", "\u{85}", "\u{2764}",
            ]), 0..24),
        ) {
            let text: String = parts.concat();
            prop_assert_eq!(count_graphemes(&text), slow(&text));
        }

        #[test]
        fn agrees_on_any_text(text in "\\PC{0,40}") {
            prop_assert_eq!(count_graphemes(&text), slow(&text));
        }
    }
}
