//! A fast path for the commonest JSONL line: one JSON string (RFC 8259 §7).
//!
//! serde_json builds a fresh `String` for every string that has an escape in it, and most
//! message bodies do (a line break is enough). Batch counting reuses one buffer instead and
//! finds quotes and backslashes with `memchr`. Anything this decoder does not accept falls
//! back to serde_json, which then also produces the error message; a property test checks
//! that whatever this decoder accepts, serde_json decodes to the same text.

use memchr::memchr2;

/// The text of `line` when it is a single JSON string with optional surrounding
/// whitespace, decoded into `scratch` if it has escapes; `None` when it is anything else or
/// not valid.
pub(crate) fn decode<'a>(line: &'a str, scratch: &'a mut String) -> Option<&'a str> {
    let trimmed = line.trim_matches(|c| matches!(c, ' ' | '\t' | '\n' | '\r'));
    let inner = trimmed.strip_prefix('"')?.strip_suffix('"')?;
    if has_control(inner.as_bytes()) {
        return None;
    }
    let Some(first) = memchr2(b'"', b'\\', inner.as_bytes()) else {
        return Some(inner);
    };
    scratch.clear();
    let mut rest = inner;
    let mut next = Some(first);
    while let Some(at) = next {
        let (plain, tail) = rest.split_at(at);
        scratch.push_str(plain);
        let mut chars = tail.chars();
        // An unescaped quote inside means the string ended before the line did; a raw
        // control character is not allowed in a JSON string.
        if chars.next()? != '\\' {
            return None;
        }
        let escape = chars.next()?;
        rest = chars.as_str();
        match escape {
            '"' => scratch.push('"'),
            '\\' => scratch.push('\\'),
            '/' => scratch.push('/'),
            'b' => scratch.push('\u{8}'),
            'f' => scratch.push('\u{c}'),
            'n' => scratch.push('\n'),
            'r' => scratch.push('\r'),
            't' => scratch.push('\t'),
            'u' => {
                let (unit, after) = hex4(rest)?;
                rest = after;
                let c = match unit {
                    0xD800..=0xDBFF => {
                        let (low, after) = hex4(rest.strip_prefix("\\u")?)?;
                        if !(0xDC00..=0xDFFF).contains(&low) {
                            return None;
                        }
                        rest = after;
                        char::from_u32(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00))?
                    }
                    _ => char::from_u32(unit)?,
                };
                scratch.push(c);
            }
            _ => return None,
        }
        next = memchr2(b'"', b'\\', rest.as_bytes());
    }
    scratch.push_str(rest);
    Some(scratch.as_str())
}

/// JSON strings may not hold raw control characters (U+0000..U+001F). Checked 32 bytes
/// at a time without an early exit inside a chunk, which the compiler turns into vector
/// compares.
fn has_control(bytes: &[u8]) -> bool {
    let mut chunks = bytes.chunks_exact(32);
    let found = chunks
        .by_ref()
        .any(|chunk| chunk.iter().fold(false, |seen, &b| seen | (b < 0x20)));
    found || chunks.remainder().iter().any(|&b| b < 0x20)
}

/// Four hex digits at the start of `s`, and what follows them.
fn hex4(s: &str) -> Option<(u32, &str)> {
    let digits = s.get(..4)?;
    if !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let value = u32::from_str_radix(digits, 16).ok()?;
    Some((value, s.get(4..)?))
}

/// Appends `text` to `out` as a JSON string, escaped as serde_json escapes it (quote,
/// backslash and control characters; `\n`, `\t` and the like in their short forms).
/// Eight bytes are checked at a time: findings are mostly plain text, and escaping them a
/// byte at a time was most of what writing a `check --jsonl` line cost.
pub(crate) fn write(out: &mut Vec<u8>, text: &str) {
    const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
    const HIGH: u64 = u64::from_ne_bytes([0x80; 8]);
    /// Whether a byte of `x` is zero (exact as a yes/no answer, for any `x`).
    fn zero_byte(x: u64) -> bool {
        x.wrapping_sub(ONES) & !x & HIGH != 0
    }
    let bytes = text.as_bytes();
    out.reserve(bytes.len() + 2);
    out.push(b'"');
    let mut plain = 0;
    let mut at = 0;
    while at < bytes.len() {
        if let Some(chunk) = bytes
            .get(at..at + 8)
            .and_then(|c| <[u8; 8]>::try_from(c).ok())
        {
            let x = u64::from_ne_bytes(chunk);
            // Below 0x20, a quote or a backslash: one of these needs the byte-wise loop.
            let control = x.wrapping_sub(ONES * 0x20) & !x & HIGH != 0;
            if !control
                && !zero_byte(x ^ (ONES * u64::from(b'"')))
                && !zero_byte(x ^ (ONES * u64::from(b'\\')))
            {
                at += 8;
                continue;
            }
        }
        let end = (at + 8).min(bytes.len());
        for (i, &b) in bytes.iter().enumerate().take(end).skip(at) {
            let short = match b {
                b'"' => b'"',
                b'\\' => b'\\',
                b'\n' => b'n',
                b'\t' => b't',
                b'\r' => b'r',
                0x08 => b'b',
                0x0C => b'f',
                0x00..=0x1F => 0,
                _ => continue,
            };
            out.extend_from_slice(bytes.get(plain..i).unwrap_or_default());
            plain = i + 1;
            if short == 0 {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                out.extend_from_slice(b"\\u00");
                for nibble in [b >> 4, b & 0xF] {
                    out.push(HEX.get(usize::from(nibble)).copied().unwrap_or(b'0'));
                }
            } else {
                out.push(b'\\');
                out.push(short);
            }
        }
        at = end;
    }
    out.extend_from_slice(bytes.get(plain..).unwrap_or_default());
    out.push(b'"');
}

#[cfg(test)]
mod tests {
    proptest::proptest! {
        /// Strings are written exactly as serde_json writes them.
        #[test]
        fn written_strings_are_serde_jsons(text in "\\PC{0,40}|[\\x00-\\x7f]{0,40}|[a-z \"\\\\\\n\\x01\\x1f\\x7fé😀]{0,40}") {
            let mut out = Vec::new();
            write(&mut out, &text);
            proptest::prop_assert_eq!(
                String::from_utf8(out).expect("UTF-8"),
                serde_json::to_string(&text).expect("a string")
            );
        }
    }

    use super::*;
    use proptest::prelude::*;

    fn decoded(line: &str) -> Option<String> {
        let mut scratch = String::new();
        decode(line, &mut scratch).map(str::to_string)
    }

    #[test]
    fn plain_and_escaped_strings() {
        assert_eq!(decoded(r#""hello""#).as_deref(), Some("hello"));
        assert_eq!(
            decoded(r#"  "a\nb\"c\\d\/e\u00e9\ud83d\ude00"  "#).as_deref(),
            Some("a\nb\"c\\d/eé😀")
        );
        assert_eq!(decoded(r#""""#).as_deref(), Some(""));
    }

    #[test]
    fn anything_else_is_left_to_serde_json() {
        for line in [
            r#""unterminated"#,
            r#""a" "b""#,
            r#""lone \ud800 surrogate""#,
            r#""low first \udc00""#,
            r#""bad \x escape""#,
            r#""short \u12""#,
            "\"raw\u{1}control\"",
            r#"{"body": "x"}"#,
            r#"["x"]"#,
            r#""ends with backslash\""#,
        ] {
            assert_eq!(decoded(line), None, "{line}");
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn decodes_what_serde_json_encodes(s in any::<String>()) {
            let line = serde_json::to_string(&s).unwrap();
            prop_assert_eq!(decoded(&line), Some(s.clone()));
            let ascii = serde_json::to_string(&s).unwrap().chars().flat_map(|c| {
                if c.is_ascii() { vec![c] } else {
                    let mut units = [0u16; 2];
                    c.encode_utf16(&mut units).iter().flat_map(|u| format!("\\u{u:04x}").chars().collect::<Vec<_>>()).collect()
                }
            }).collect::<String>();
            prop_assert_eq!(decoded(&ascii), Some(s));
        }

        #[test]
        fn accepts_nothing_serde_json_rejects(
            pieces in prop::collection::vec(prop::sample::select(vec![
                "\"", "\\", "a", "é", "\\u", "d83d", "de00", "00e9", "n", "\u{1}", " ", "x", "u12",
            ]), 0..12)
        ) {
            let line = pieces.concat();
            if let Some(text) = decoded(&line) {
                let parsed: Result<String, _> = serde_json::from_str(&line);
                prop_assert_eq!(parsed.ok(), Some(text));
            }
        }
    }
}
