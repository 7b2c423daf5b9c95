//! The loading layer's one error shape, and the translation of saphyr-parser's errors into
//! it: a lowercase one-line message, the span it is about, and advice where there is any.

use std::fmt;

use super::node::Span;

/// Why a text could not be loaded as YAML.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct YamlError {
    /// What is wrong, one lowercase line.
    pub message: String,
    /// Where, in bytes of the source text.
    pub span: Span,
    /// How to fix it, when there is something to say.
    pub help: Option<String>,
    /// A second place the error is about, when there is one: the first of two duplicate
    /// keys, the bracket that is never closed.
    pub related: Option<Span>,
}

impl YamlError {
    pub(crate) fn new(message: impl Into<String>, span: Span) -> YamlError {
        YamlError {
            message: message.into(),
            span,
            help: None,
            related: None,
        }
    }

    pub(crate) fn with_help(mut self, help: impl Into<String>) -> YamlError {
        self.help = Some(help.into());
        self
    }

    pub(crate) fn with_related(mut self, related: Span) -> YamlError {
        self.related = Some(related);
        self
    }
}

impl fmt::Display for YamlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for YamlError {}

/// Checks that `bytes` are UTF-8, as YAML files must be here, and returns them as text.
///
/// The error names the byte offset of the first invalid byte, and says so when the file
/// looks like UTF-16.
///
/// ```
/// assert_eq!(smslint::unstable::yaml::decode(b"a: 1").unwrap(), "a: 1");
/// let err = smslint::unstable::yaml::decode(b"a: \xff").unwrap_err();
/// assert_eq!(err.span.start, 3);
/// ```
pub fn decode(bytes: &[u8]) -> Result<&str, YamlError> {
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(text),
        Err(err) => {
            let at = err.valid_up_to();
            let len = err.error_len().unwrap_or(bytes.len() - at).max(1);
            let byte = bytes.get(at).copied().unwrap_or(0);
            let error = YamlError::new(
                format!("the file is not valid UTF-8: byte 0x{byte:02X} at offset {at}"),
                Span::new(at, at + len),
            );
            let utf16 = bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]);
            Err(if utf16 {
                error.with_help("the file looks like UTF-16; save it as UTF-8")
            } else {
                error.with_help("save the file as UTF-8")
            })
        }
    }
}

/// The message and help for one of saphyr-parser's error texts.
pub(crate) fn describe_scan_error(info: &str) -> (String, Option<&'static str>) {
    const INDENT: &str = "check this line's indentation against the lines above it";
    const TABS: &str = "indent with spaces: YAML does not allow tabs in indentation";
    let rewritten: Option<(&str, Option<&'static str>)> = match info {
        "while scanning a quoted scalar, found unexpected end of stream" => Some((
            "unclosed quoted string",
            Some("add the closing quote, or escape a quote that is meant to be text"),
        )),
        "while scanning a quoted scalar, found unexpected document indicator" => Some((
            "quoted string runs into a document marker (`---` or `...`)",
            Some("close the quote before this line"),
        )),
        "while parsing a quoted scalar, found unknown escape character" => Some((
            "unknown escape sequence in a double-quoted string",
            Some(
                "the escapes are \\\\ \\\" \\n \\t \\r \\0 \\xHH \\uHHHH \\UHHHHHHHH and a few more; \
                 write a backslash as `\\\\`, or use single quotes, where `\\` is plain text",
            ),
        )),
        "while parsing a quoted scalar, did not find expected hexadecimal number" => Some((
            "incomplete hexadecimal escape in a double-quoted string",
            Some("`\\x` takes 2 hex digits, `\\u` 4 and `\\U` 8"),
        )),
        "while parsing a quoted scalar, found invalid Unicode character escape code" => Some((
            "escape names no Unicode character",
            Some("surrogate halves such as `\\ud83d` are not characters in YAML; write the character as `\\U0001F600` or as itself"),
        )),
        "tab cannot be used as indentation"
        | "tabs disallowed in this context"
        | "tabs disallowed within this context (block indentation)"
        | "while scanning a plain scalar, found a tab"
        | "a block scalar content cannot start with a tab" => {
            Some(("tab in indentation", Some(TABS)))
        }
        "mapping values are not allowed in this context" | "illegal placement of ':' indicator" => Some((
            "unexpected `:` here",
            Some("quote the value if it contains `: `, or check the indentation"),
        )),
        "while parsing a block mapping, did not find expected key" => {
            Some(("bad indentation: expected a key at this level", Some(INDENT)))
        }
        "while parsing a block collection, did not find expected '-' indicator" => {
            Some(("bad indentation: expected a `-` list entry at this level", Some(INDENT)))
        }
        "invalid indentation"
        | "invalid indentation in quoted scalar"
        | "invalid indentation in flow construct"
        | "wrongly indented line in block scalar"
        | "invalid indentation for anchor" => Some(("bad indentation", Some(INDENT))),
        "while parsing a flow sequence, expected ',' or ']'" => Some((
            "expected `,` or `]` in a `[...]` list",
            Some("separate entries with `,` and close the list with `]`"),
        )),
        "while parsing a flow mapping, did not find expected ',' or '}'" => Some((
            "expected `,` or `}` in a `{...}` mapping",
            Some("separate entries with `,` and close the mapping with `}`"),
        )),
        "while parsing node, found unknown anchor" => Some((
            "unknown anchor",
            Some("define the anchor with `&name` before the alias, in the same document"),
        )),
        "comments must be separated from other tokens by whitespace" => Some((
            "`#` right after a value",
            Some("put a space before `#` to start a comment, or quote the value"),
        )),
        "recursion limit exceeded" => Some((
            "nesting deeper than 255 flow levels",
            Some("flatten the document; rule and account files need only a few levels"),
        )),
        "did not find expected next token" | "unexpected eof" => {
            Some(("unexpected end of input", None))
        }
        _ => None,
    };
    match rewritten {
        Some((message, help)) => (message.to_string(), help),
        None => (info.to_string(), None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decode_names_the_first_invalid_byte() {
        let err = decode(b"ok: \"caf\xc3\xa9\"\nbad: \xe9t\xe9\n").unwrap_err();
        assert_eq!(err.span, Span::new(17, 18));
        assert!(err.message.contains("0xE9 at offset 17"), "{}", err.message);
        let err = decode(b"\xff\xfea\x00").unwrap_err();
        assert_eq!(err.span.start, 0);
        assert!(err.help.unwrap().contains("UTF-16"));
        let truncated = decode(b"x\xe2\x82").unwrap_err();
        assert_eq!(truncated.span, Span::new(1, 3));
    }

    #[test]
    fn unknown_texts_pass_through() {
        assert_eq!(
            describe_scan_error("something new"),
            ("something new".into(), None)
        );
    }
}
