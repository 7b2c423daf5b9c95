//! JSON strings (RFC 8259 §7) read straight from the text, for the fast readings of JSONL
//! lines: borrowed when they hold no escape, decoded into a reused buffer when they do.
//!
//! Only what a JSON parser accepts is accepted; anything else is `None`, and the caller
//! hands the line to a general reader, which then also gives the diagnostic.

/// The text of a JSON string.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Text<'a> {
    /// Without escapes: the text as written.
    Plain(&'a str),
    /// With escapes: decoded into the caller's buffer.
    Decoded,
}

/// Reads the JSON string whose text starts at `rest` (just after its opening quote).
/// Returns its text and the number of bytes through the closing quote; `None` when it is
/// not a valid JSON string (a raw control character, a bad escape, a lone surrogate, no
/// closing quote). A decoded text is written to `scratch`, which is cleared first and
/// given room for the rest of `rest` (a decoded text is never longer than its JSON).
pub fn string<'a>(rest: &'a str, scratch: &mut String) -> Option<(Text<'a>, usize)> {
    let bytes = rest.as_bytes();
    let mut at = special(bytes)?;
    if bytes.get(at) == Some(&b'"') {
        return Some((Text::Plain(rest.get(..at)?), at + 1));
    }
    scratch.clear();
    scratch.reserve(rest.len());
    let mut plain = 0;
    loop {
        scratch.push_str(rest.get(plain..at)?);
        // A raw control character is not allowed in a JSON string.
        if bytes.get(at) != Some(&b'\\') {
            return None;
        }
        let escape = *bytes.get(at + 1)?;
        at += 2;
        match escape {
            b'"' => scratch.push('"'),
            b'\\' => scratch.push('\\'),
            b'/' => scratch.push('/'),
            b'b' => scratch.push('\u{8}'),
            b'f' => scratch.push('\u{c}'),
            b'n' => scratch.push('\n'),
            b'r' => scratch.push('\r'),
            b't' => scratch.push('\t'),
            b'u' => {
                let unit = hex4(rest.get(at..)?)?;
                at += 4;
                let c = match unit {
                    0xD800..=0xDBFF => {
                        let low = hex4(rest.get(at..)?.strip_prefix("\\u")?)?;
                        if !(0xDC00..=0xDFFF).contains(&low) {
                            return None;
                        }
                        at += 6;
                        char::from_u32(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00))?
                    }
                    _ => char::from_u32(unit)?,
                };
                scratch.push(c);
            }
            _ => return None,
        }
        plain = at;
        at += special(bytes.get(at..)?)?;
        if bytes.get(at) == Some(&b'"') {
            scratch.push_str(rest.get(plain..at)?);
            return Some((Text::Decoded, at + 1));
        }
    }
}

/// Where the first byte of `bytes` that a JSON string cannot hold as it is comes: a
/// quote, a backslash or a control character (U+0000..U+001F). Eight bytes are checked at
/// a time; in text that is mostly plain, finding these bytes is most of the work of
/// reading and of writing JSON strings.
pub fn special(bytes: &[u8]) -> Option<usize> {
    const ONES: u64 = u64::from_le_bytes([0x01; 8]);
    const HIGH: u64 = u64::from_le_bytes([0x80; 8]);
    let mut at = 0;
    while let Some(chunk) = bytes.get(at..at + 8) {
        let x = u64::from_le_bytes(<[u8; 8]>::try_from(chunk).ok()?);
        // The high bit of a byte below 0x20, or of a zero byte of `x ^ quote` or of
        // `x ^ backslash`. A borrow can mark bytes after the first one found, never
        // before it, so the lowest mark is exact.
        let below = x.wrapping_sub(ONES * 0x20) & !x;
        let q = x ^ (ONES * u64::from(b'"'));
        let b = x ^ (ONES * u64::from(b'\\'));
        let marks = (below | (q.wrapping_sub(ONES) & !q) | (b.wrapping_sub(ONES) & !b)) & HIGH;
        if marks != 0 {
            return Some(at + (marks.trailing_zeros() / 8) as usize);
        }
        at += 8;
    }
    let tail = bytes.get(at..)?;
    let found = tail
        .iter()
        .position(|&b| b < 0x20 || b == b'"' || b == b'\\')?;
    Some(at + found)
}

/// The value of the four hex digits at the start of `s`.
fn hex4(s: &str) -> Option<u32> {
    let digits = s.get(..4)?;
    if !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    u32::from_str_radix(digits, 16).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The string starting at `line`'s first quote, as [`string`] reads it, with what
    /// follows it.
    fn read(line: &str) -> Option<(String, &str)> {
        let mut scratch = String::new();
        let rest = line.strip_prefix('"')?;
        let (text, len) = string(rest, &mut scratch)?;
        let text = match text {
            Text::Plain(s) => s.to_string(),
            Text::Decoded => scratch,
        };
        Some((text, rest.get(len..)?))
    }

    #[test]
    fn plain_and_escaped_strings() {
        assert_eq!(read(r#""abc", 1"#), Some(("abc".into(), ", 1")));
        assert_eq!(read(r#""""#), Some((String::new(), "")));
        assert_eq!(
            read(r#""a\"b\\c\/\n\t\r\b\f""#),
            Some(("a\"b\\c/\n\t\r\u{8}\u{c}".into(), ""))
        );
        assert_eq!(
            read(r#""\u00e9\ud83d\ude00x"}"#),
            Some(("é😀x".into(), "}"))
        );
    }

    #[test]
    fn what_json_refuses_is_refused() {
        for bad in [
            "\"abc",
            "\"a\u{1}b\"",
            "\"a\\q\"",
            "\"\\u12\"",
            "\"\\ud83d\"",
            "\"\\ud83d\\u0041\"",
            "\"\\ude00\"",
            "\"\\",
            "\"a\\n\u{1f}\"",
        ] {
            assert_eq!(read(bad), None, "{bad:?}");
        }
    }

    proptest::proptest! {
        /// The first special byte is found, wherever it is.
        #[test]
        fn special_finds_the_first(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..40)) {
            let expected = bytes.iter().position(|&b| b < 0x20 || b == b'"' || b == b'\\');
            proptest::prop_assert_eq!(special(&bytes), expected);
        }

        /// Whatever is accepted, serde_json reads the same way; what serde_json reads as a
        /// string is accepted.
        #[test]
        fn strings_agree_with_serde_json(
            text in "\\PC{0,20}|[a\"\\\\/\\n\\x01é😀]{0,12}",
            raw in "\"([a-z\"]|\\\\[\"\\\\/bfnrtq]|\\\\u[0-9a-fA-F]{4}|\\\\u[dD][89abAB][0-9a-f]{2}(\\\\u[dD][c-fC-F][0-9a-f]{2})?){0,8}\"?",
        ) {
            let encoded = serde_json::to_string(&text).unwrap_or_default();
            proptest::prop_assert_eq!(read(&encoded), Some((text.clone(), "")));
            let theirs: Option<String> = serde_json::from_str(&raw).ok();
            let ours = read(&raw).filter(|(_, rest)| rest.is_empty()).map(|(t, _)| t);
            proptest::prop_assert_eq!(ours, theirs, "{:?}", raw);
        }
    }
}
