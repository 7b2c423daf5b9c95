//! A borrowed view of a parsed YAML or JSON document, the one shape the document and rule
//! loaders read. YAML plain scalars keep their text and are resolved on read with the
//! YAML 1.2 core schema (`true`, `42`, `null`, …), so a loader can tell a quoted string
//! from a number that happens to look like one and say "quote it".

use crate::text::Span;
use crate::yaml::{Node, NodeKind, Scalar};

/// A node of a parsed document.
#[derive(Clone, Debug, PartialEq)]
pub struct Tree<'a> {
    /// What the node is.
    pub kind: TreeKind<'a>,
    /// Where it is written (absent for documents that did not come from text with spans).
    pub span: Option<Span>,
    /// For a YAML scalar, how its decoded text maps back to the source.
    pub scalar: Option<&'a Scalar>,
    /// The node's YAML tag as written (`!!str`, `!custom`), if it has one.
    pub tag: Option<&'a str>,
}

/// The kinds of node.
#[derive(Clone, Debug, PartialEq)]
pub enum TreeKind<'a> {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// An integer.
    Int(i64),
    /// A number with a fraction or exponent.
    Float(f64),
    /// A string (quoted in YAML, or a JSON string).
    Str(&'a str),
    /// A YAML plain scalar, resolved when read.
    Plain(&'a str),
    /// A sequence.
    Seq(Vec<Tree<'a>>),
    /// A mapping, in source order.
    Map(Vec<(Tree<'a>, Tree<'a>)>),
}

impl<'a> Tree<'a> {
    /// A view of a JSON value (no spans).
    pub fn from_json(value: &'a serde_json::Value) -> Tree<'a> {
        use serde_json::Value;
        let kind = match value {
            Value::Null => TreeKind::Null,
            Value::Bool(b) => TreeKind::Bool(*b),
            Value::Number(n) => match n.as_i64() {
                Some(i) => TreeKind::Int(i),
                None => TreeKind::Float(n.as_f64().unwrap_or(f64::NAN)),
            },
            Value::String(s) => TreeKind::Str(s),
            Value::Array(items) => TreeKind::Seq(items.iter().map(Tree::from_json).collect()),
            Value::Object(map) => TreeKind::Map(
                map.iter()
                    .map(|(k, v)| {
                        (
                            Tree {
                                kind: TreeKind::Str(k),
                                span: None,
                                scalar: None,
                                tag: None,
                            },
                            Tree::from_json(v),
                        )
                    })
                    .collect(),
            ),
        };
        Tree {
            kind,
            span: None,
            scalar: None,
            tag: None,
        }
    }

    /// A view of a YAML node. Plain scalars stay unresolved unless tagged `!!str` or `!`.
    pub fn from_yaml(node: &'a Node) -> Tree<'a> {
        let (kind, scalar) = match &node.kind {
            NodeKind::Scalar(s) => {
                let tagged_str = matches!(node.tag.as_deref(), Some("!!str" | "!"));
                let kind = if s.is_plain() && !tagged_str {
                    TreeKind::Plain(&s.value)
                } else {
                    TreeKind::Str(&s.value)
                };
                (kind, Some(s))
            }
            NodeKind::Seq(items) => (
                TreeKind::Seq(items.iter().map(Tree::from_yaml).collect()),
                None,
            ),
            NodeKind::Map(entries) => (
                TreeKind::Map(
                    entries
                        .iter()
                        .map(|(k, v)| (Tree::from_yaml(k), Tree::from_yaml(v)))
                        .collect(),
                ),
                None,
            ),
        };
        Tree {
            kind,
            span: Some(node.written_span()),
            scalar,
            tag: node.tag.as_deref(),
        }
    }

    /// The tag, when it is one smslint does not read: anything but the YAML core schema's
    /// (`!!str`, `!!int`, `!!bool`, `!!null`, `!!float`, `!!seq`, `!!map`) and the
    /// non-specific `!`. A document that tags a value `!evil` meant something smslint would
    /// not see, so loaders refuse it rather than ignore it.
    pub fn unknown_tag(&self) -> Option<&'a str> {
        self.tag.filter(|t| {
            !matches!(
                *t,
                "!" | "!!str" | "!!int" | "!!bool" | "!!null" | "!!float" | "!!seq" | "!!map"
            )
        })
    }

    /// The text of a scalar (of any resolved type).
    pub fn as_str(&self) -> Option<&'a str> {
        match self.kind {
            TreeKind::Str(s) | TreeKind::Plain(s) => Some(s),
            _ => None,
        }
    }

    /// Whether the node is a string: quoted, or plain text that is not a null, a boolean
    /// or a number.
    pub fn is_string(&self) -> bool {
        match self.kind {
            TreeKind::Str(_) => true,
            TreeKind::Plain(s) => {
                !is_null(s) && plain_bool(s).is_none() && plain_int(s).is_none() && !is_float(s)
            }
            _ => false,
        }
    }

    /// Whether the node is null.
    pub fn is_null(&self) -> bool {
        match self.kind {
            TreeKind::Null => true,
            TreeKind::Plain(s) => is_null(s),
            _ => false,
        }
    }

    /// The node as a boolean.
    pub fn as_bool(&self) -> Option<bool> {
        match self.kind {
            TreeKind::Bool(b) => Some(b),
            TreeKind::Plain(s) => plain_bool(s),
            _ => None,
        }
    }

    /// The node as an integer.
    pub fn as_i64(&self) -> Option<i64> {
        match self.kind {
            TreeKind::Int(i) => Some(i),
            TreeKind::Plain(s) => plain_int(s),
            _ => None,
        }
    }

    /// The entries of a mapping.
    pub fn as_map(&self) -> Option<&[(Tree<'a>, Tree<'a>)]> {
        match &self.kind {
            TreeKind::Map(m) => Some(m),
            _ => None,
        }
    }

    /// The items of a sequence.
    pub fn as_seq(&self) -> Option<&[Tree<'a>]> {
        match &self.kind {
            TreeKind::Seq(s) => Some(s),
            _ => None,
        }
    }

    /// The value for `key` in a mapping.
    pub fn get(&self, key: &str) -> Option<&Tree<'a>> {
        self.as_map()?
            .iter()
            .find(|(k, _)| k.as_str() == Some(key))
            .map(|(_, v)| v)
    }

    /// The span in the source of a byte range of this scalar's decoded text.
    pub fn inner_span(&self, rel: Span) -> Option<Span> {
        let scalar = self.scalar?;
        let start = scalar.source_offset(rel.start);
        let end = if rel.end > rel.start {
            // The end of the last character, not the start of whatever follows it (which
            // may be a line break of a folded scalar).
            let last = scalar.value.get(..rel.end)?.chars().next_back()?;
            let at = scalar.source_offset(rel.end - last.len_utf8());
            at + last.len_utf8()
        } else {
            start
        };
        Some(Span::new(start, end.max(start)))
    }

    /// Whether the node is written as a decimal integer (an optional sign and digits) too
    /// large for 64 bits.
    pub fn is_oversized_int(&self) -> bool {
        match self.kind {
            TreeKind::Plain(s) => plain_int(s).is_none() && is_decimal(s),
            _ => false,
        }
    }

    /// What the node is, for "must be X, not Y" messages.
    pub fn describe(&self) -> &'static str {
        match &self.kind {
            TreeKind::Null => "null",
            TreeKind::Bool(_) => "a boolean",
            TreeKind::Int(_) => "an integer",
            TreeKind::Float(_) => "a number",
            TreeKind::Str(_) => "a string",
            TreeKind::Plain(_) if self.is_null() => "null",
            TreeKind::Plain(_) if self.as_bool().is_some() => "a boolean",
            TreeKind::Plain(_) if self.as_i64().is_some() => "an integer",
            TreeKind::Plain(_) if self.is_oversized_int() => "an integer outside the 64-bit range",
            TreeKind::Plain(s) if is_float(s) => "a number",
            TreeKind::Plain(_) => "a string",
            TreeKind::Seq(_) => "a list",
            TreeKind::Map(_) => "a mapping",
        }
    }
}

/// Decimal integer syntax (an optional sign and digits), whatever its size.
fn is_decimal(s: &str) -> bool {
    let digits = s.strip_prefix(['-', '+']).unwrap_or(s);
    !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
}

fn is_null(s: &str) -> bool {
    matches!(s, "" | "~" | "null" | "Null" | "NULL")
}

fn plain_bool(s: &str) -> Option<bool> {
    match s {
        "true" | "True" | "TRUE" => Some(true),
        "false" | "False" | "FALSE" => Some(false),
        _ => None,
    }
}

/// YAML 1.2 core schema integers: decimal with an optional sign, `0o` octal, `0x` hex.
fn plain_int(s: &str) -> Option<i64> {
    if let Some(oct) = s.strip_prefix("0o") {
        return i64::from_str_radix(oct, 8).ok();
    }
    if let Some(hex) = s.strip_prefix("0x") {
        return i64::from_str_radix(hex, 16).ok();
    }
    let digits = s.strip_prefix(['-', '+']).unwrap_or(s);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

fn is_float(s: &str) -> bool {
    matches!(
        s,
        ".inf" | ".Inf" | ".INF" | "-.inf" | "+.inf" | ".nan" | ".NaN" | ".NAN"
    ) || (s.bytes().any(|b| b.is_ascii_digit())
        && s.bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'-' | b'+'))
        && s.parse::<f64>().is_ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(s: &str) -> Tree<'_> {
        Tree {
            kind: TreeKind::Plain(s),
            span: None,
            scalar: None,
            tag: None,
        }
    }

    #[test]
    fn plain_scalars_resolve_with_the_core_schema() {
        assert_eq!(plain("+14155550100").as_i64(), Some(14_155_550_100));
        assert!(!plain("+14155550100").is_string());
        assert!(plain("+1 415 555 0100").is_string());
        assert_eq!(plain("True").as_bool(), Some(true));
        assert!(plain("yes").is_string(), "YAML 1.2: yes is a string");
        assert!(plain("~").is_null());
        assert_eq!(plain("0x1F").as_i64(), Some(31));
        assert_eq!(plain("1.5").describe(), "a number");
        assert_eq!(plain("08:00").describe(), "a string");
    }
}
