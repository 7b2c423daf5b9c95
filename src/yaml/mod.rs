//! Loading YAML (and JSON, YAML's flow subset) into a node tree in which every node knows
//! the exact bytes it was written as.
//!
//! Rule files and input documents are YAML, and every later stage reports problems at
//! `file:line:column` — including inside a condition written in a YAML string. So this
//! layer keeps what serde-based loaders throw away: a [`Span`] on every node, the
//! [`Style`] of every scalar, and for every scalar a map from each byte of its decoded
//! value back to the source ([`Scalar::source_offset`]), exact through quotes, escapes,
//! line folding and block indentation.
//!
//! The YAML syntax is read by saphyr-parser (YAML 1.2, event based, with character
//! positions). This module turns its events into [`Node`]s, converts its character
//! indexes into byte offsets, expands aliases, refuses duplicate keys, and guards against
//! hostile input with [`Limits`]:
//!
//! - text over [`Limits::max_bytes`] is refused before it is read, and so is a control
//!   character (which saphyr would take as the end of the text, or pass through);
//! - nesting is counted on an explicit stack and stops at [`Limits::max_depth`];
//! - aliases are copies counted against [`Limits::max_alias_expansion`] nodes and
//!   [`Limits::max_bytes`] of scalar text, so a "billion laughs" stops early;
//! - a stream of more than [`Limits::max_documents`] documents is refused.
//!
//! Choices worth knowing:
//!
//! - tags are kept on [`Node::tag`], not applied, except that `!!str` and `!` make a plain
//!   scalar a string for [`Node::is_null`], [`Node::as_bool`], [`Node::as_i64`] and
//!   [`Node::as_f64`];
//! - merge keys (`<<`) are refused: YAML 1.2 has none, and silently treating `<<` as a
//!   plain key would hide keys the author meant to have;
//! - duplicate keys are compared by their decoded text, so `a`, `'a'` and `"a"` collide;
//! - a byte order mark at the start is accepted; spans stay offsets into the text as given.
//!
//! ```
//! use smslint::unstable::yaml::{self, LineIndex, Limits};
//!
//! let text = "id: quiet-hours\nwhen: >\n  local_hour(number) < 8\n  or local_hour(number) >= 21\n";
//! let docs = yaml::parse(text, &Limits::default()).unwrap();
//! let when = docs[0].get("when").unwrap().as_scalar().unwrap();
//! assert_eq!(when.value, "local_hour(number) < 8 or local_hour(number) >= 21\n");
//!
//! // `or` is byte 23 of the folded value; it is written at the start of line 4.
//! let index = LineIndex::new(text);
//! assert_eq!(index.line_col(when.source_offset(23)), (4, 3));
//! ```

mod error;
mod lines;
mod load;
mod node;
mod scalar;

pub use error::{decode, YamlError};
pub use lines::LineIndex;
pub use load::DEPTH_CAP;
pub use node::{Node, NodeKind, Span};
pub use scalar::{Scalar, Style};

/// The default [`Limits::max_bytes`]: 16 MiB.
pub const MAX_TEXT_BYTES: usize = 16 * 1024 * 1024;

/// Bounds on the work and memory one [`parse`] may take.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// The largest text accepted, in bytes; also the most scalar text aliases may copy.
    pub max_bytes: usize,
    /// The deepest nesting of collections (a document that is a mapping of lists is 2
    /// deep). Values above [`DEPTH_CAP`] count as [`DEPTH_CAP`].
    pub max_depth: usize,
    /// The most nodes that expanding aliases may produce, over the whole stream.
    pub max_alias_expansion: usize,
    /// The most documents in one stream.
    pub max_documents: usize,
}

impl Default for Limits {
    /// 16 MiB, 64 levels, 10,000 alias-expanded nodes, 10,000 documents.
    fn default() -> Limits {
        Limits {
            max_bytes: MAX_TEXT_BYTES,
            max_depth: 64,
            max_alias_expansion: 10_000,
            max_documents: 10_000,
        }
    }
}

/// Parses all the documents of a YAML stream (a JSON text is one document).
///
/// An empty stream, or one of only comments, has no documents.
///
/// # Errors
///
/// A [`YamlError`] for text that is not YAML, breaks a [`Limits`] bound, repeats a key in a
/// mapping, or uses a merge key; its span points at the problem.
pub fn parse(text: &str, limits: &Limits) -> Result<Vec<Node>, YamlError> {
    if text.len() > limits.max_bytes {
        return Err(YamlError::new(
            format!(
                "the text is {} bytes, more than the limit of {}",
                text.len(),
                limits.max_bytes
            ),
            Span::empty(0),
        )
        .with_help("split it into smaller files"));
    }
    check_characters(text)?;
    load::load(text, limits)
}

/// Refuses the characters YAML does not allow unescaped: C0 controls other than tab and
/// line breaks, DEL, C1 controls other than NEL, and the non-characters U+FFFE and U+FFFF.
fn check_characters(text: &str) -> Result<(), YamlError> {
    let allowed = |c: char| match c {
        '\t' | '\n' | '\r' | '\u{85}' => true,
        '\0'..='\u{1f}' | '\u{7f}'..='\u{9f}' | '\u{fffe}' | '\u{ffff}' => false,
        _ => true,
    };
    if !text
        .bytes()
        .any(|b| b < 0x20 || b == 0x7f || b == 0xc2 || b == 0xef)
    {
        return Ok(());
    }
    match text.char_indices().find(|&(_, c)| !allowed(c)) {
        None => Ok(()),
        Some((at, c)) => Err(YamlError::new(
            format!("control character U+{:04X} is not allowed in YAML", u32::from(c)),
            Span::new(at, at + c.len_utf8()),
        )
        .with_help(
            "remove it; inside a double-quoted string it can be written as an escape, such as `\\x07`",
        )),
    }
}

#[cfg(test)]
mod tests;
