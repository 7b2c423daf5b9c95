//! JSON strings for the JSONL paths (RFC 8259 §7): the commonest `segments --jsonl` line,
//! one JSON string, read into one reused buffer, and the strings of `check --jsonl`
//! output written. Both find the bytes that need work with the library's eight-bytes-at-a-
//! time scan (`smslint::unstable::doc::json_text`). Anything the decoder does not accept falls back
//! to serde_json, which then also produces the error message; property tests check both
//! directions against serde_json.

use smslint::unstable::doc::json_text::{self, Text};

/// The text of `line` when it is a single JSON string with optional surrounding
/// whitespace, decoded into `scratch` if it has escapes; `None` when it is anything else or
/// not valid.
pub(crate) fn decode<'a>(line: &'a str, scratch: &'a mut String) -> Option<&'a str> {
    let trimmed = line.trim_matches(|c| matches!(c, ' ' | '\t' | '\n' | '\r'));
    let rest = trimmed.strip_prefix('"')?;
    let (text, len) = json_text::string(rest, scratch)?;
    if len != rest.len() {
        return None;
    }
    Some(match text {
        Text::Plain(text) => text,
        Text::Decoded => scratch.as_str(),
    })
}

/// Appends `text` to `out` as a JSON string, escaped as serde_json escapes it (quote,
/// backslash and control characters; `\n`, `\t` and the like in their short forms).
/// Findings are mostly plain text: the bytes to escape are found eight at a time, and the
/// text between them copied whole.
pub(crate) fn write(out: &mut Vec<u8>, text: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let bytes = text.as_bytes();
    out.reserve(bytes.len() + 2);
    out.push(b'"');
    let mut plain = 0;
    while let Some(found) = bytes.get(plain..).and_then(json_text::special) {
        let at = plain + found;
        out.extend_from_slice(bytes.get(plain..at).unwrap_or_default());
        let b = bytes.get(at).copied().unwrap_or_default();
        let short = match b {
            b'"' => b'"',
            b'\\' => b'\\',
            b'\n' => b'n',
            b'\t' => b't',
            b'\r' => b'r',
            0x08 => b'b',
            0x0C => b'f',
            _ => 0,
        };
        if short == 0 {
            out.extend_from_slice(b"\\u00");
            for nibble in [b >> 4, b & 0xF] {
                out.push(HEX.get(usize::from(nibble)).copied().unwrap_or(b'0'));
            }
        } else {
            out.push(b'\\');
            out.push(short);
        }
        plain = at + 1;
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
