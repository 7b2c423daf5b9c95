//! Smart encoding: GSM-7 look-alikes for characters that would force UCS-2.
//!
//! One stray curly quote pasted from a word processor turns a 160-character message into a
//! 70-character one, tripling the segments of a long message. This table maps such
//! characters to the GSM 7-bit text a reader would take for the same thing: typographic
//! quotes, dashes and spaces, the ellipsis, Greek capitals that are drawn like Latin ones,
//! Latin letters whose accent the default alphabet lacks. Invisible format characters map
//! to nothing. A test checks that every key forces UCS-2 and every replacement is GSM-7.

use std::borrow::Cow;

/// The GSM-7 text that looks like `c`, when `c` is not in the GSM 7-bit default alphabet
/// and a look-alike exists. An empty string means the character is invisible and may be
/// dropped.
pub fn replacement(c: char) -> Option<&'static str> {
    // Every key of the table is a tab or U+0060, or in U+00A0–U+221F, U+3000 or
    // U+FE58–U+FF1F: ASCII, CJK, emoji and most scripts are answered here, without the
    // table (a test checks this against the table for every character).
    let cp = u32::from(c);
    if cp < 0xA0 {
        return match c {
            '\u{0060}' => Some("'"),
            '\t' => Some(" "),
            _ => None,
        };
    }
    if (0x2220..0x3000).contains(&cp) || (0x3001..0xFE58).contains(&cp) || cp > 0xFF1F {
        return None;
    }
    table(c)
}

/// The look-alike table itself.
fn table(c: char) -> Option<&'static str> {
    Some(match c {
        // Quotation marks and apostrophes.
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '\u{2035}'
        | '\u{02BC}' | '\u{02B9}' | '\u{00B4}' | '\u{0060}' | '\u{FF07}' => "'",
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' | '\u{2036}'
        | '\u{00AB}' | '\u{00BB}' | '\u{02BA}' | '\u{FF02}' => "\"",
        '\u{2039}' => "<",
        '\u{203A}' => ">",
        // Hyphens, dashes and minus signs.
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2015}'
        | '\u{2043}' | '\u{2212}' | '\u{FE58}' | '\u{FE63}' | '\u{FF0D}' => "-",
        // Other punctuation.
        '\u{2026}' => "...",
        '\u{2022}' | '\u{2023}' | '\u{2219}' | '\u{00B7}' => "-",
        '\u{2044}' | '\u{2215}' => "/",
        '\u{00D7}' => "x",
        '\u{02C6}' => "^",
        '\u{02DC}' => "~",
        '\u{00A9}' => "(c)",
        '\u{00AE}' => "(R)",
        '\u{2122}' => "TM",
        '\u{FF01}' => "!",
        '\u{FF1F}' => "?",
        '\u{FF0C}' => ",",
        '\u{FF0E}' => ".",
        '\u{FF1A}' => ":",
        '\u{FF1B}' => ";",
        // Spaces: no-break, en/em and the other fixed-width spaces, tab.
        '\t'
        | '\u{00A0}'
        | '\u{1680}'
        | '\u{2000}'..='\u{200A}'
        | '\u{202F}'
        | '\u{205F}'
        | '\u{3000}' => " ",
        // Invisible format characters: zero-width space, joiners outside emoji, word
        // joiner, byte order mark, soft hyphen.
        '\u{200B}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}' => "",
        // Line and paragraph separators.
        '\u{2028}' | '\u{2029}' => "\n",
        // Greek capitals drawn exactly like Latin capitals (the default alphabet has only
        // the ten Greek capitals that Latin lacks).
        'Α' => "A",
        'Β' => "B",
        'Ε' => "E",
        'Ζ' => "Z",
        'Η' => "H",
        'Ι' => "I",
        'Κ' => "K",
        'Μ' => "M",
        'Ν' => "N",
        'Ο' => "O",
        'Ρ' => "P",
        'Τ' => "T",
        'Υ' => "Y",
        'Χ' => "X",
        // Latin letters with an accent the default alphabet lacks: the bare letter.
        'á' | 'â' | 'ã' | 'ā' | 'ă' | 'ą' => "a",
        'Á' | 'À' | 'Â' | 'Ã' | 'Ā' | 'Ă' | 'Ą' => "A",
        'ç' | 'ć' | 'č' => "c",
        'Ć' | 'Č' => "C",
        'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' => "e",
        'È' | 'Ê' | 'Ë' | 'Ē' | 'Ė' | 'Ę' | 'Ě' => "E",
        'ğ' => "g",
        'Ğ' => "G",
        'í' | 'î' | 'ï' | 'ī' | 'į' | 'ı' => "i",
        'Í' | 'Ì' | 'Î' | 'Ï' | 'Ī' | 'Į' | 'İ' => "I",
        'ł' => "l",
        'Ł' => "L",
        'ń' | 'ň' => "n",
        'Ń' | 'Ň' => "N",
        'ó' | 'ô' | 'õ' | 'ō' | 'ő' => "o",
        'Ó' | 'Ò' | 'Ô' | 'Õ' | 'Ō' | 'Ő' => "O",
        'œ' => "oe",
        'Œ' => "OE",
        'ř' => "r",
        'Ř' => "R",
        'ś' | 'ş' | 'š' => "s",
        'Ś' | 'Ş' | 'Š' => "S",
        'ť' | 'ţ' => "t",
        'Ť' | 'Ţ' => "T",
        'ú' | 'û' | 'ū' | 'ů' | 'ű' => "u",
        'Ú' | 'Ù' | 'Û' | 'Ū' | 'Ů' | 'Ű' => "U",
        'ý' | 'ÿ' => "y",
        'Ý' | 'Ÿ' => "Y",
        'ź' | 'ż' | 'ž' => "z",
        'Ź' | 'Ż' | 'Ž' => "Z",
        _ => return None,
    })
}

/// `body` with every character that has a look-alike replaced by it; borrowed when nothing
/// changes.
pub fn replace(body: &str) -> Cow<'_, str> {
    let Some(first) = body.find(|c| replacement(c).is_some()) else {
        return Cow::Borrowed(body);
    };
    let (head, tail) = body.split_at(first);
    let mut out = String::with_capacity(body.len());
    out.push_str(head);
    for c in tail.chars() {
        match replacement(c) {
            Some(r) => out.push_str(r),
            None => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Whether [`replace`]`(body)` can be sent in the GSM 7-bit default alphabet and its
/// extension table, decided without building it: it stops at the first character that
/// neither is in the alphabet nor has a look-alike there.
///
/// Runs of ASCII are settled by the segment counter's block scan, which finds the few
/// ASCII characters outside the alphabet (control characters, `` ` ``, DEL); only then,
/// and for the characters beyond ASCII, is each character asked.
pub fn gsm7_with_lookalikes(body: &str) -> bool {
    let mut rest = body;
    while !rest.is_empty() {
        let (ascii, tail) = rest.split_at(super::gsm7::ascii_prefix_len(rest.as_bytes()));
        if super::gsm7::scan_ascii(ascii.as_bytes()).not_gsm != 0
            && !ascii.chars().all(sendable_with_lookalike)
        {
            return false;
        }
        let mut chars = tail.chars();
        match chars.next() {
            Some(c) if !sendable_with_lookalike(c) => return false,
            Some(_) => rest = chars.as_str(),
            None => break,
        }
    }
    true
}

/// Whether `c`, or its look-alike when it has one, is in the GSM 7-bit alphabet or its
/// extension table.
fn sendable_with_lookalike(c: char) -> bool {
    let gsm7 = |c: char| super::gsm7::default_cost(c).is_some();
    match replacement(c) {
        Some(r) => r.chars().all(gsm7),
        None => gsm7(c),
    }
}

/// The characters of `body` that have a look-alike, each once, in the order they first
/// appear, with their replacements.
pub fn lookalikes(body: &str) -> Vec<(char, &'static str)> {
    let mut out: Vec<(char, &'static str)> = Vec::new();
    for c in body.chars() {
        if let Some(r) = replacement(c) {
            if !out.iter().any(|(seen, _)| *seen == c) {
                out.push((c, r));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sms::gsm7::default_cost;

    proptest::proptest! {
        /// The run-by-run answer is the character-by-character one.
        #[test]
        fn gsm7_with_lookalikes_asks_every_character(
            parts in proptest::collection::vec(0..PARTS.len(), 0..40)
        ) {
            let body: String = parts.iter().filter_map(|&i| PARTS.get(i).copied()).collect();
            proptest::prop_assert_eq!(
                gsm7_with_lookalikes(&body),
                body.chars().all(sendable_with_lookalike),
                "{:?}", body
            );
        }
    }

    /// Pieces of bodies: plain and long ASCII, the ASCII characters outside the alphabet
    /// with and without look-alikes, look-alikes beyond ASCII, and characters with none.
    const PARTS: &[&str] = &[
        "a",
        "Reply STOP to opt out. ",
        "\t",
        "`",
        "\u{7}",
        "\u{7F}",
        "\r\n",
        "{",
        "’",
        "—",
        "…",
        "é",
        "ç",
        "😀",
        "ł",
        "\u{00A0}",
        "€",
        "0123456789abcdefghijklmnopqrstuvwxyz-0123",
    ];

    #[test]
    fn the_quick_answers_agree_with_the_table_for_every_character() {
        for c in (0..=0x10FFFF_u32).filter_map(char::from_u32) {
            assert_eq!(replacement(c), table(c), "U+{:04X}", u32::from(c));
        }
    }

    proptest::proptest! {
        #[test]
        fn gsm7_with_lookalikes_is_the_encoding_of_the_replaced_body(
            body in "\\PC{0,12}|[a-z €’“…\u{2013}\u{200b}é😀\t`]{0,12}",
        ) {
            let replaced = crate::sms::count(&replace(&body), &crate::sms::Options::default());
            proptest::prop_assert_eq!(
                gsm7_with_lookalikes(&body),
                replaced.encoding == crate::sms::Encoding::Gsm7
            );
        }
    }

    #[test]
    fn lookalikes_are_listed_once_in_order() {
        assert_eq!(
            lookalikes("“It’s” — it’s…"),
            [
                ('“', "\""),
                ('’', "'"),
                ('”', "\""),
                ('—', "-"),
                ('…', "...")
            ]
        );
        assert!(lookalikes("plain text, é and €").is_empty());
    }

    #[test]
    fn every_key_forces_ucs2_and_every_replacement_is_gsm7() {
        for cp in 0..=0x10FFFFu32 {
            let Some(c) = char::from_u32(cp) else {
                continue;
            };
            if let Some(r) = replacement(c) {
                assert!(default_cost(c).is_none(), "U+{cp:04X} is already GSM-7");
                for rc in r.chars() {
                    assert!(default_cost(rc).is_some(), "replacement of U+{cp:04X}");
                }
            }
        }
    }

    #[test]
    fn replaces_typographic_punctuation() {
        assert_eq!(
            replace("It\u{2019}s \u{201C}done\u{201D} \u{2014} now\u{2026}\u{00A0}ok"),
            "It's \"done\" - now... ok"
        );
    }

    #[test]
    fn borrows_when_nothing_changes() {
        assert!(matches!(replace("plain text"), Cow::Borrowed(_)));
        assert!(matches!(replace("日本"), Cow::Borrowed(_)));
    }
}
