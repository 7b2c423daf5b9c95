//! The node tree: what a YAML document is, with the span of every node.

use super::scalar::{Scalar, Style};

pub use crate::text::Span;

/// A YAML node and where it is written.
///
/// What [`span`](Self::span) covers, by kind:
///
/// - a plain scalar: its text, from the first to the last character (a multi-line plain
///   scalar includes the line breaks and indentation in between);
/// - a quoted scalar: its text with both quotes;
/// - a literal or folded block scalar: from the `|` or `>` indicator to the end of its last
///   content line (without that line's break), or just the header when it has no content;
/// - an empty (null) scalar written as nothing (`key:`): an empty span just after the
///   indicator that introduced it (the `:` or `-`), or after its anchor or tag;
/// - a flow collection: from `[` or `{` to the matching `]` or `}`, both included;
/// - a block sequence: from its first `-` to the end of its last entry; a block mapping:
///   from its first key to the end of its last value.
///
/// Anchors (`&name`) and tags (`!tag`) written before a node are not part of its span.
/// A node copied from an alias keeps the spans of the anchored original, so offsets into its
/// scalars still point at text; [`alias`](Self::alias) records where the `*name` is written.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    /// What the node is.
    pub kind: NodeKind,
    /// Where it is written (see the list above).
    pub span: Span,
    /// The node's tag as written, with `!!` for the YAML core schema (`!!str`), when it has
    /// one. Only `!!str` and the non-specific `!` change how the accessors below read a
    /// scalar; other tags are kept for the caller to judge.
    pub tag: Option<String>,
    /// When the node is a copy made for an alias, the span of that `*name`.
    pub alias: Option<Span>,
}

/// The three kinds of YAML node.
#[derive(Clone, Debug, PartialEq)]
pub enum NodeKind {
    /// A string, number, boolean or null, still as text.
    Scalar(Scalar),
    /// A sequence, in source order.
    Seq(Vec<Node>),
    /// A mapping's key and value pairs, in source order. Keys are unique by their text.
    Map(Vec<(Node, Node)>),
}

impl Node {
    /// Where this node is written at this place in the tree: the `*name` for a copy made for
    /// an alias, else [`span`](Self::span).
    pub fn written_span(&self) -> Span {
        self.alias.unwrap_or(self.span)
    }

    /// The scalar, when the node is one.
    pub fn as_scalar(&self) -> Option<&Scalar> {
        match &self.kind {
            NodeKind::Scalar(scalar) => Some(scalar),
            _ => None,
        }
    }

    /// The entries, when the node is a sequence.
    pub fn as_seq(&self) -> Option<&[Node]> {
        match &self.kind {
            NodeKind::Seq(items) => Some(items),
            _ => None,
        }
    }

    /// The key and value pairs, when the node is a mapping.
    pub fn as_map(&self) -> Option<&[(Node, Node)]> {
        match &self.kind {
            NodeKind::Map(entries) => Some(entries),
            _ => None,
        }
    }

    /// The value of key `key` (compared with each key's decoded text), when the node is a
    /// mapping that has it.
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.as_map()?
            .iter()
            .find(|(k, _)| k.as_scalar().is_some_and(|s| s.value == key))
            .map(|(_, v)| v)
    }

    /// The decoded text of a scalar, whatever its style: `123`, `true` and `"x"` all have
    /// one.
    pub fn as_str(&self) -> Option<&str> {
        self.as_scalar().map(Scalar::as_str)
    }

    /// Maps a byte offset inside a scalar's decoded value to where that character is
    /// written; see [`Scalar::source_offset`]. For a collection, the start of its span.
    pub fn source_offset(&self, value_offset: usize) -> usize {
        match &self.kind {
            NodeKind::Scalar(scalar) => scalar.source_offset(value_offset),
            _ => self.span.start,
        }
    }

    /// The scalar's text when the YAML 1.2 core schema reads it by content: a plain scalar
    /// not tagged `!!str` or `!`.
    fn plain_text(&self) -> Option<&str> {
        let scalar = self.as_scalar()?;
        let forced_str = matches!(self.tag.as_deref(), Some("!!str" | "!"));
        (scalar.style == Style::Plain && !forced_str).then_some(scalar.value.as_str())
    }

    /// Whether the node is null in the YAML 1.2 core schema: a plain `~`, `null`, `Null`,
    /// `NULL`, or nothing at all.
    pub fn is_null(&self) -> bool {
        matches!(self.plain_text(), Some("" | "~" | "null" | "Null" | "NULL"))
    }

    /// The boolean of a plain `true`, `True`, `TRUE`, `false`, `False` or `FALSE` (YAML 1.2
    /// core schema: `yes`, `on` and the like are strings).
    pub fn as_bool(&self) -> Option<bool> {
        match self.plain_text()? {
            "true" | "True" | "TRUE" => Some(true),
            "false" | "False" | "FALSE" => Some(false),
            _ => None,
        }
    }

    /// The integer of a plain scalar in YAML 1.2 core schema form (`[-+]?[0-9]+`,
    /// `0o[0-7]+`, `0x[0-9a-fA-F]+`) that fits in an `i64`.
    pub fn as_i64(&self) -> Option<i64> {
        parse_core_int(self.plain_text()?)
    }

    /// The number of a plain scalar in YAML 1.2 core schema form: an integer as
    /// [`as_i64`](Self::as_i64) reads it, a float such as `1.5`, `-.5e3`, or `.inf`,
    /// `-.inf`, `.nan`.
    pub fn as_f64(&self) -> Option<f64> {
        let text = self.plain_text()?;
        if let Some(int) = parse_core_int(text) {
            return Some(int as f64);
        }
        parse_core_float(text)
    }

    /// What the node is, in words for a diagnostic: `null`, `boolean`, `integer`, `number`,
    /// `string`, `sequence` or `mapping`.
    pub fn kind_name(&self) -> &'static str {
        match &self.kind {
            NodeKind::Seq(_) => "sequence",
            NodeKind::Map(_) => "mapping",
            NodeKind::Scalar(_) if self.is_null() => "null",
            NodeKind::Scalar(_) if self.as_bool().is_some() => "boolean",
            NodeKind::Scalar(_) if self.as_i64().is_some() => "integer",
            NodeKind::Scalar(_) if self.as_f64().is_some() => "number",
            NodeKind::Scalar(_) => "string",
        }
    }

    /// Whether two nodes hold the same data, wherever they are written.
    pub fn same_data(&self, other: &Node) -> bool {
        match (&self.kind, &other.kind) {
            (NodeKind::Scalar(a), NodeKind::Scalar(b)) => a.value == b.value,
            (NodeKind::Seq(a), NodeKind::Seq(b)) => {
                a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.same_data(y))
            }
            (NodeKind::Map(a), NodeKind::Map(b)) => {
                a.len() == b.len()
                    && a.iter()
                        .zip(b)
                        .all(|((ka, va), (kb, vb))| ka.same_data(kb) && va.same_data(vb))
            }
            _ => false,
        }
    }
}

fn parse_core_int(text: &str) -> Option<i64> {
    if let Some(octal) = text.strip_prefix("0o") {
        return digits_only(octal, 8).then(|| i64::from_str_radix(octal, 8).ok())?;
    }
    if let Some(hex) = text.strip_prefix("0x") {
        return digits_only(hex, 16).then(|| i64::from_str_radix(hex, 16).ok())?;
    }
    let unsigned = text.strip_prefix(['-', '+']).unwrap_or(text);
    if !digits_only(unsigned, 10) {
        return None;
    }
    text.parse().ok()
}

fn digits_only(text: &str, radix: u32) -> bool {
    !text.is_empty() && text.chars().all(|c| c.is_digit(radix))
}

fn parse_core_float(text: &str) -> Option<f64> {
    let unsigned = text.strip_prefix(['-', '+']).unwrap_or(text);
    let negative = text.starts_with('-');
    match unsigned {
        ".inf" | ".Inf" | ".INF" => {
            return Some(if negative {
                f64::NEG_INFINITY
            } else {
                f64::INFINITY
            })
        }
        ".nan" | ".NaN" | ".NAN" if unsigned.len() == text.len() => return Some(f64::NAN),
        _ => {}
    }
    // [-+]? ( \. [0-9]+ | [0-9]+ ( \. [0-9]* )? ) ( [eE] [-+]? [0-9]+ )?
    let (mantissa, exponent) = match unsigned.find(['e', 'E']) {
        Some(at) => (unsigned.get(..at)?, Some(unsigned.get(at + 1..)?)),
        None => (unsigned, None),
    };
    let mantissa_ok = match mantissa.split_once('.') {
        Some(("", fraction)) => digits_only(fraction, 10),
        Some((whole, fraction)) => {
            digits_only(whole, 10) && fraction.chars().all(|c| c.is_ascii_digit())
        }
        None => digits_only(mantissa, 10),
    };
    let exponent_ok =
        exponent.is_none_or(|e| digits_only(e.strip_prefix(['-', '+']).unwrap_or(e), 10));
    (mantissa_ok && exponent_ok).then(|| text.parse().ok())?
}

#[cfg(test)]
mod tests {
    use super::super::{parse, Limits};
    use super::*;

    fn value(text: &str) -> Node {
        let docs = parse(&format!("v: {text}\n"), &Limits::default()).unwrap();
        docs[0].get("v").unwrap().clone()
    }

    #[test]
    fn core_schema_nulls_and_booleans() {
        for null in ["", "~", "null", "Null", "NULL"] {
            assert!(value(null).is_null(), "{null:?}");
        }
        for not_null in ["'null'", "\"~\"", "nil", "NuLL", "!!str null", "! null"] {
            assert!(!value(not_null).is_null(), "{not_null:?}");
        }
        assert_eq!(value("True").as_bool(), Some(true));
        assert_eq!(value("FALSE").as_bool(), Some(false));
        assert_eq!(value("yes").as_bool(), None);
        assert_eq!(value("'true'").as_bool(), None);
        assert_eq!(value("!!str true").as_bool(), None);
    }

    #[test]
    fn core_schema_numbers() {
        assert_eq!(value("42").as_i64(), Some(42));
        assert_eq!(value("-17").as_i64(), Some(-17));
        assert_eq!(value("+3").as_i64(), Some(3));
        assert_eq!(value("0o17").as_i64(), Some(15));
        assert_eq!(value("0xFf").as_i64(), Some(255));
        assert_eq!(value("0x").as_i64(), None);
        assert_eq!(value("1_000").as_i64(), None);
        assert_eq!(value("\"42\"").as_i64(), None);
        assert_eq!(value("99999999999999999999").as_i64(), None);
        assert_eq!(value("1.5").as_f64(), Some(1.5));
        assert_eq!(value("-.5e3").as_f64(), Some(-500.0));
        assert_eq!(value("1.").as_f64(), Some(1.0));
        assert_eq!(value("-.inf").as_f64(), Some(f64::NEG_INFINITY));
        assert!(value(".NaN").as_f64().is_some_and(f64::is_nan));
        assert_eq!(value("-.nan").as_f64(), None);
        assert_eq!(value("1e").as_f64(), None);
        assert_eq!(value(".").as_f64(), None);
        assert_eq!(value("7").as_f64(), Some(7.0));
        assert_eq!(value("1.5").kind_name(), "number");
        assert_eq!(value("a").kind_name(), "string");
        assert_eq!(value("[]").kind_name(), "sequence");
    }
}
