//! The values a compiled condition computes with, and the traits through which it reads a
//! document.
//!
//! The evaluator never owns a document: it reads fields through [`Record`] and elements
//! through [`List`], by the field's index in its [`Schema`](crate::doc::schema::Schema). A
//! document loaded from YAML implements them, and so can a caller's own Rust struct, so
//! the hot path converts nothing. Values borrow from the document, the compiled rule and
//! the per-document fact cache; only a function that builds new text (`lower`,
//! `normalize`) owns what it returns.

use std::fmt;

use crate::text::Span;

/// A document record, read field by field.
pub trait Record: Sync {
    /// The value of the field with index `field` in the record's schema;
    /// [`Val::Missing`] for an optional field the document leaves out.
    fn get(&self, field: usize) -> Val<'_>;

    /// The value at `path`, field indices outermost first, below this record
    /// (`message.recipient.state` is the recipient's state of the message): the records on
    /// the way read one by one. A record that holds its nested records itself may answer
    /// in one call.
    #[inline]
    fn get_path(&self, path: &[u16]) -> Val<'_> {
        walk(
            self.get(path.first().map_or(usize::MAX, |&f| usize::from(f))),
            path.get(1..).unwrap_or_default(),
        )
    }

    /// Where the record is written in its source, if it came from a file.
    fn span(&self) -> Option<Span> {
        None
    }

    /// Where a field's value is written in its source, if it came from a file.
    fn field_span(&self, _field: usize) -> Option<Span> {
        None
    }
}

/// The value at `path` below `value`: a missing value when a step is not a record.
#[inline]
pub fn walk<'a>(mut value: Val<'a>, path: &[u16]) -> Val<'a> {
    for &field in path {
        value = match value {
            Val::Record(record) => record.get(usize::from(field)),
            _ => return Val::Missing,
        };
    }
    value
}

/// A list in a document.
pub trait List: Sync {
    /// The number of elements.
    fn len(&self) -> usize;

    /// Whether there are no elements.
    fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The element at `index` ([`Val::Missing`] past the end).
    fn get(&self, index: usize) -> Val<'_>;

    /// Where the first element that is `text`, ignoring ASCII case, is. A list of
    /// constants answers without building each element's value.
    fn position_ignoring_ascii_case(&self, text: &str) -> Option<usize> {
        (0..self.len()).find(|&i| {
            self.get(i)
                .as_str()
                .is_some_and(|s| s.len() == text.len() && s.eq_ignore_ascii_case(text))
        })
    }
}

/// A value during evaluation.
#[derive(Clone)]
pub enum Val<'a> {
    /// An optional field the document leaves out.
    Missing,
    /// `true` or `false`.
    Bool(bool),
    /// An integer.
    Int(i64),
    /// Borrowed text.
    Str(&'a str),
    /// Text a function built.
    Owned(Box<str>),
    /// A time of day, minutes after midnight.
    Time(u16),
    /// A calendar date, days since 1970-01-01.
    Date(i32),
    /// A duration in seconds.
    Duration(i64),
    /// An instant, seconds since the Unix epoch.
    Instant(i64),
    /// A record.
    Record(&'a dyn Record),
    /// A list.
    List(&'a dyn List),
}

impl<'a> Val<'a> {
    /// Text a function built. (Kept as a `Box<str>`: a `String`'s capacity would become
    /// the tag of every value, and each match on a value would decode it.)
    pub fn owned(text: String) -> Val<'a> {
        Val::Owned(text.into_boxed_str())
    }

    /// The text, if this is text.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Val::Str(s) => Some(s),
            Val::Owned(s) => Some(s),
            _ => None,
        }
    }

    /// Whether two scalar values are equal (records and lists never are).
    pub fn same(&self, other: &Val<'_>) -> bool {
        match (self, other) {
            (Val::Bool(a), Val::Bool(b)) => a == b,
            (Val::Int(a), Val::Int(b))
            | (Val::Duration(a), Val::Duration(b))
            | (Val::Instant(a), Val::Instant(b)) => a == b,
            (Val::Time(a), Val::Time(b)) => a == b,
            (Val::Date(a), Val::Date(b)) => a == b,
            (Val::Missing, Val::Missing) => true,
            _ => match (self.as_str(), other.as_str()) {
                (Some(a), Some(b)) => a == b,
                _ => false,
            },
        }
    }

    /// The order of two values of one ordered type.
    pub fn order(&self, other: &Val<'_>) -> Option<std::cmp::Ordering> {
        match (self, other) {
            (Val::Int(a), Val::Int(b))
            | (Val::Duration(a), Val::Duration(b))
            | (Val::Instant(a), Val::Instant(b)) => Some(a.cmp(b)),
            (Val::Time(a), Val::Time(b)) => Some(a.cmp(b)),
            (Val::Date(a), Val::Date(b)) => Some(a.cmp(b)),
            _ => match (self.as_str(), other.as_str()) {
                (Some(a), Some(b)) => Some(a.cmp(b)),
                _ => None,
            },
        }
    }
}

impl fmt::Debug for Val<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Val::Record(_) => f.write_str("Record(..)"),
            Val::List(l) => write!(f, "List(len {})", l.len()),
            other => write!(f, "{other}"),
        }
    }
}

/// How a value reads in a rendered message: text as it is, the rest as written in a
/// condition.
impl fmt::Display for Val<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Val::Missing => f.write_str("(missing)"),
            Val::Bool(b) => write!(f, "{b}"),
            Val::Int(i) => write!(f, "{i}"),
            Val::Str(s) => f.write_str(s),
            Val::Owned(s) => f.write_str(s),
            Val::Time(m) => write!(f, "{:02}:{:02}", m / 60, m % 60),
            Val::Date(d) => f.write_str(&crate::dsl::builtins::time::format_date(*d)),
            Val::Duration(s) => fmt_duration(*s, f),
            Val::Instant(s) => match jiff::Timestamp::from_second(*s) {
                Ok(t) => write!(f, "{t}"),
                Err(_) => write!(f, "{s}"),
            },
            Val::Record(_) => f.write_str("(record)"),
            Val::List(l) => {
                f.write_str("[")?;
                for i in 0..l.len() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{}", l.get(i))?;
                }
                f.write_str("]")
            }
        }
    }
}

fn fmt_duration(seconds: i64, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    for (unit, size) in [("d", 86_400), ("h", 3_600), ("m", 60)] {
        if seconds != 0 && seconds % size == 0 {
            return write!(f, "{}{unit}", seconds / size);
        }
    }
    write!(f, "{seconds}s")
}

/// A constant: a literal in a condition or a value in a data table.
#[derive(Clone, Debug, PartialEq)]
pub enum Const {
    /// `true` or `false`.
    Bool(bool),
    /// An integer.
    Int(i64),
    /// Text.
    Str(Box<str>),
    /// A time of day, minutes after midnight.
    Time(u16),
    /// A calendar date, days since 1970-01-01.
    Date(i32),
    /// A duration in seconds.
    Duration(i64),
    /// A list of constants.
    List(Box<[Const]>),
    /// A record of a data table: values in the order of the table's field names.
    Record(Box<[Const]>),
}

impl Const {
    /// The constant as an evaluation value.
    pub fn val(&self) -> Val<'_> {
        match self {
            Const::Bool(b) => Val::Bool(*b),
            Const::Int(i) => Val::Int(*i),
            Const::Str(s) => Val::Str(s),
            Const::Time(t) => Val::Time(*t),
            Const::Date(d) => Val::Date(*d),
            Const::Duration(d) => Val::Duration(*d),
            Const::List(items) => Val::List(items),
            Const::Record(fields) => Val::Record(fields),
        }
    }
}

impl List for Box<[Const]> {
    fn len(&self) -> usize {
        <[Const]>::len(self)
    }

    fn get(&self, index: usize) -> Val<'_> {
        <[Const]>::get(self, index).map_or(Val::Missing, Const::val)
    }

    fn position_ignoring_ascii_case(&self, text: &str) -> Option<usize> {
        self.iter().position(
            |c| matches!(c, Const::Str(s) if s.len() == text.len() && s.eq_ignore_ascii_case(text)),
        )
    }
}

impl Record for Box<[Const]> {
    fn get(&self, field: usize) -> Val<'_> {
        <[Const]>::get(self, field).map_or(Val::Missing, Const::val)
    }
}

impl List for &'static [&'static str] {
    fn len(&self) -> usize {
        <[&str]>::len(self)
    }

    fn get(&self, index: usize) -> Val<'_> {
        <[&str]>::get(self, index).map_or(Val::Missing, |s| Val::Str(s))
    }
}

impl List for Vec<String> {
    fn len(&self) -> usize {
        <[String]>::len(self)
    }

    fn get(&self, index: usize) -> Val<'_> {
        <[String]>::get(self, index).map_or(Val::Missing, |s| Val::Str(s))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_render_as_written() {
        assert_eq!(Val::Time(8 * 60 + 5).to_string(), "08:05");
        assert_eq!(Val::Duration(86_400).to_string(), "1d");
        assert_eq!(Val::Duration(5_400).to_string(), "90m");
        assert_eq!(Val::Duration(61).to_string(), "61s");
        assert_eq!(Val::Instant(0).to_string(), "1970-01-01T00:00:00Z");
        let list: Box<[Const]> = vec![Const::Str("FL".into()), Const::Int(3)].into();
        assert_eq!(Val::List(&list).to_string(), "[FL, 3]");
    }

    #[test]
    fn equality_spans_borrowed_and_owned_text() {
        assert!(Val::Str("a").same(&Val::Owned("a".into())));
        assert!(!Val::Str("a").same(&Val::Int(1)));
        assert_eq!(
            Val::Time(1).order(&Val::Time(2)),
            Some(std::cmp::Ordering::Less)
        );
    }
}
