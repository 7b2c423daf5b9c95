//! A document loaded from a file, checked against its [`Schema`] and kept with the span of
//! every value, so that a finding can point at the exact place.
//!
//! Loading is schema-driven: the same code reads a message, an account or a number from
//! YAML or JSON, refuses unknown keys (with "did you mean"), names the field and the
//! expected type when a value has the wrong shape, and reports every problem in the
//! document, not only the first.

use super::tree::{Tree, TreeKind};
use crate::doc::schema::{FieldDefault, FieldType, Schema, Values};
use crate::doc::value::{List, Record, Val};
use crate::text::Span;

/// A problem with an input document: what, where, and what to do.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct InputError {
    /// What is wrong, one lowercase line.
    pub message: String,
    /// Where, in the source text (when the document came from text).
    pub span: Option<Span>,
    /// How to fix it.
    pub help: Option<String>,
}

/// A value of a loaded document.
#[derive(Clone, Debug, PartialEq)]
pub enum DocValue {
    /// An optional field left out (or written as `null`).
    Missing,
    /// `true` or `false`.
    Bool(bool),
    /// An integer.
    Int(i64),
    /// Text.
    Str(String),
    /// An instant, seconds since the Unix epoch.
    Instant(i64),
    /// A nested record.
    Record(DocRecord),
    /// A list of strings.
    StrList(Vec<String>),
    /// A list of records.
    RecordList(Vec<DocRecord>),
}

/// A record of a loaded document: one value per field of its schema, in schema order.
#[derive(Clone, Debug, PartialEq)]
pub struct DocRecord {
    /// The record's schema.
    pub schema: &'static Schema,
    /// Values, indexed like `schema.fields`.
    pub values: Vec<DocValue>,
    /// Where each value is written, indexed like `schema.fields`.
    pub spans: Vec<Option<Span>>,
    /// Where the whole record is written.
    pub span: Option<Span>,
}

impl DocRecord {
    /// The value of the field called `name`.
    pub fn field(&self, name: &str) -> Option<&DocValue> {
        let i = self.schema.fields.iter().position(|f| f.name == name)?;
        self.values.get(i)
    }

    /// Loads a record of `schema` from a parsed tree; `skip` names keys that belong to the
    /// file format rather than the record (such as `kind`).
    pub fn load(
        tree: &Tree<'_>,
        schema: &'static Schema,
        skip: &[&str],
    ) -> Result<DocRecord, Vec<InputError>> {
        let mut errors = Vec::new();
        let record = match tree.unknown_tag() {
            Some(tag) => {
                errors.push(InputError {
                    message: format!(
                        "the {} document has the YAML tag `{tag}`, which smslint does not read",
                        schema.name
                    ),
                    span: tree.span,
                    help: Some("remove the tag".into()),
                });
                None
            }
            None => load_record(tree, schema, skip, schema.name, &mut errors),
        };
        match record {
            Some(r) if errors.is_empty() => Ok(r),
            _ => Err(errors),
        }
    }
}

/// `Record` for a type that keeps its values in a [`DocRecord`] field: every read goes to
/// it, spans included.
macro_rules! record_through {
    ($ty:ty, $field:ident) => {
        impl $crate::doc::value::Record for $ty {
            #[inline]
            fn get(&self, field: usize) -> $crate::doc::value::Val<'_> {
                $crate::doc::value::Record::get(&self.$field, field)
            }

            fn span(&self) -> Option<$crate::text::Span> {
                $crate::doc::value::Record::span(&self.$field)
            }

            fn field_span(&self, field: usize) -> Option<$crate::text::Span> {
                $crate::doc::value::Record::field_span(&self.$field, field)
            }
        }
    };
}
pub(crate) use record_through;

impl Record for DocRecord {
    fn get(&self, field: usize) -> Val<'_> {
        match self.values.get(field) {
            None | Some(DocValue::Missing) => Val::Missing,
            Some(DocValue::Bool(b)) => Val::Bool(*b),
            Some(DocValue::Int(i)) => Val::Int(*i),
            Some(DocValue::Str(s)) => Val::Str(s),
            Some(DocValue::Instant(t)) => Val::Instant(*t),
            Some(DocValue::Record(r)) => Val::Record(r),
            Some(DocValue::StrList(l)) => Val::List(l),
            Some(DocValue::RecordList(l)) => Val::List(l),
        }
    }

    fn span(&self) -> Option<Span> {
        self.span
    }

    fn field_span(&self, field: usize) -> Option<Span> {
        self.spans.get(field).copied().flatten()
    }
}

impl List for Vec<DocRecord> {
    fn len(&self) -> usize {
        <[DocRecord]>::len(self)
    }

    fn get(&self, index: usize) -> Val<'_> {
        <[DocRecord]>::get(self, index).map_or(Val::Missing, |r| Val::Record(r))
    }
}

fn type_name(ty: FieldType) -> String {
    match ty {
        FieldType::Bool => "true or false".into(),
        FieldType::Int => "an integer".into(),
        FieldType::Str => "a string".into(),
        FieldType::Instant => {
            "an RFC 3339 time stamp with a zone, e.g. 2026-11-23T20:30:00Z".into()
        }
        FieldType::Record(s) => format!("a {} mapping", s.name),
        FieldType::StrList => "a list of strings".into(),
        FieldType::RecordList(s) => format!("a list of {} mappings", s.name),
    }
}

fn load_record(
    tree: &Tree<'_>,
    schema: &'static Schema,
    skip: &[&str],
    path: &str,
    errors: &mut Vec<InputError>,
) -> Option<DocRecord> {
    let TreeKind::Map(entries) = &tree.kind else {
        errors.push(InputError {
            message: format!("`{path}` must be a mapping of {} fields", schema.name),
            span: tree.span,
            help: Some(format!(
                "its fields are {}",
                schema
                    .fields
                    .iter()
                    .map(|f| f.name)
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
        });
        return None;
    };
    let mut values = vec![DocValue::Missing; schema.fields.len()];
    let mut spans = vec![None; schema.fields.len()];
    let mut seen = vec![false; schema.fields.len()];
    let before = errors.len();
    for (key, value) in entries {
        let Some(name) = key.as_str() else {
            errors.push(InputError {
                message: format!("a key of `{path}` is not a string"),
                span: key.span,
                help: None,
            });
            continue;
        };
        if skip.contains(&name) {
            continue;
        }
        let Some(index) = schema.fields.iter().position(|f| f.name == name) else {
            let names: Vec<&str> = schema.fields.iter().map(|f| f.name).collect();
            let help = crate::text::did_you_mean(name, &names).unwrap_or_else(|| {
                format!("the fields of {} are {}", schema.name, names.join(", "))
            });
            errors.push(InputError {
                message: format!("unknown field `{name}` in `{path}`"),
                span: key.span,
                help: Some(help),
            });
            continue;
        };
        let (Some(field), Some(slot), Some(span_slot), Some(seen_slot)) = (
            schema.fields.get(index),
            values.get_mut(index),
            spans.get_mut(index),
            seen.get_mut(index),
        ) else {
            continue;
        };
        *seen_slot = true;
        *span_slot = value.span;
        let here = format!("{path}.{name}");
        if value.is_null() {
            if !field.optional {
                errors.push(InputError {
                    message: format!("`{here}` is required and cannot be null"),
                    span: value.span,
                    help: Some(format!("write {}", type_name(field.ty))),
                });
            }
            continue;
        }
        if let Some(v) = load_value(value, field.ty, &here, errors) {
            if let Err(e) = check_values(field.values, &v, &here) {
                errors.push(InputError {
                    span: value.span,
                    ..e
                });
                continue;
            }
            *slot = match &v {
                DocValue::Str(text) => field
                    .values
                    .canonical(text)
                    .map_or(v, |code| DocValue::Str(code.to_owned())),
                _ => v,
            };
        }
    }
    for (i, (field, seen)) in schema.fields.iter().zip(&seen).enumerate() {
        // A record whose fields are all optional may be left out: it is then empty.
        if let (FieldType::Record(inner), false) = (field.ty, *seen) {
            if inner.fields.iter().all(|f| f.optional) {
                if let Some(slot) = values.get_mut(i) {
                    *slot = DocValue::Record(DocRecord {
                        schema: inner,
                        values: vec![DocValue::Missing; inner.fields.len()],
                        spans: vec![None; inner.fields.len()],
                        span: None,
                    });
                }
                continue;
            }
        }
        if let (FieldType::Instant, false, false) = (field.ty, field.optional, *seen) {
            if let Some(slot) = values.get_mut(i) {
                *slot = DocValue::Instant(super::clock::now_seconds());
            }
            continue;
        }
        if let (Some(default), false) = (field.default, *seen) {
            if let Some(slot) = values.get_mut(i) {
                *slot = match default {
                    FieldDefault::Text(text) => DocValue::Str(text.to_owned()),
                    FieldDefault::EmptyList => match field.ty {
                        FieldType::RecordList(_) => DocValue::RecordList(Vec::new()),
                        _ => DocValue::StrList(Vec::new()),
                    },
                };
            }
            continue;
        }
        if !field.optional && !seen {
            errors.push(InputError {
                message: format!("`{path}` has no `{}`", field.name),
                span: tree.span,
                help: Some(match field.values {
                    Values::OneOf(names) => format!(
                        "add `{}:` with one of {} ({})",
                        field.name,
                        names.join(", "),
                        field.doc
                    ),
                    _ => format!(
                        "add `{}:` with {} ({})",
                        field.name,
                        type_name(field.ty),
                        field.doc
                    ),
                }),
            });
        }
    }
    (errors.len() == before).then_some(DocRecord {
        schema,
        values,
        spans,
        span: tree.span,
    })
}

/// Checks a loaded value against the values its field accepts.
fn check_values(values: Values, value: &DocValue, path: &str) -> Result<(), InputError> {
    let refuse = |message: String, help: String| {
        Err(InputError {
            message,
            span: None,
            help: Some(help),
        })
    };
    let text = match value {
        DocValue::Str(text) => text,
        DocValue::StrList(items) => {
            for (i, item) in items.iter().enumerate() {
                check_values(
                    values,
                    &DocValue::Str(item.clone()),
                    &format!("{path}[{i}]"),
                )?;
            }
            return Ok(());
        }
        DocValue::Int(i) if !values.accepts_int(*i) => {
            return refuse(
                format!("`{path}` cannot be negative (`{i}`)"),
                "write a count: 0 or more".into(),
            );
        }
        _ => return Ok(()),
    };
    if let Some(c) = values.control_character(text) {
        let at = text.chars().take_while(|&x| x != c).count() + 1;
        return refuse(
            format!(
                "`{path}` holds the control character U+{:04X} (character {at})",
                u32::from(c)
            ),
            if matches!(values, Values::MaxBytes(_)) {
                "remove it: a body holds text, line breaks, tabs and form feeds".into()
            } else {
                "remove it: the field holds one line of printable text".into()
            },
        );
    }
    if values.accepts(text) {
        return Ok(());
    }
    match values {
        Values::Any | Values::NonNegative => Ok(()),
        Values::OneOf(names) => refuse(
            format!("`{path}` cannot be `{text}`"),
            crate::text::did_you_mean(text, names)
                .unwrap_or_else(|| format!("write one of {}", names.join(", "))),
        ),
        Values::TimeZone => {
            let names = super::zone::names();
            let names: Vec<&str> = names.iter().map(String::as_str).collect();
            refuse(
                format!("`{path}` is not a time zone smslint knows: `{text}`"),
                crate::text::did_you_mean(text, &names).unwrap_or_else(|| {
                    "write an IANA time zone name, such as America/New_York or America/Toronto"
                        .into()
                }),
            )
        }
        Values::Region => refuse(
            format!("`{path}` is not the code of a US state or territory or a Canadian province: `{text}`"),
            match crate::phone::suggest_region(text) {
                Some(r) => format!("write `{}` ({})", r.code, r.name),
                None => "write a two-letter code, such as FL, TX or ON".into(),
            },
        ),
        Values::MaxBytes(max) => refuse(
            format!("`{path}` is {} bytes, over the limit of {max}", text.len()),
            "no SMS is this long; check that the right text went into the field".into(),
        ),
    }
}

fn wrong(
    tree: &Tree<'_>,
    path: &str,
    ty: FieldType,
    errors: &mut Vec<InputError>,
) -> Option<DocValue> {
    errors.push(InputError {
        message: format!(
            "`{path}` must be {}, not {}",
            type_name(ty),
            tree.describe()
        ),
        span: tree.span,
        help: None,
    });
    None
}

fn load_value(
    tree: &Tree<'_>,
    ty: FieldType,
    path: &str,
    errors: &mut Vec<InputError>,
) -> Option<DocValue> {
    if let Some(tag) = tree.unknown_tag() {
        errors.push(InputError {
            message: format!("`{path}` has the YAML tag `{tag}`, which smslint does not read"),
            span: tree.span,
            help: Some("remove the tag; write the value as plain YAML".into()),
        });
        return None;
    }
    match ty {
        FieldType::Bool => match tree.as_bool() {
            Some(b) => Some(DocValue::Bool(b)),
            None => wrong(tree, path, ty, errors),
        },
        FieldType::Int => match tree.as_i64() {
            Some(i) => Some(DocValue::Int(i)),
            None if tree.is_oversized_int() => {
                errors.push(InputError {
                    message: format!("`{path}` is too large: integers are 64-bit"),
                    span: tree.span,
                    help: Some(format!("write a number from {} to {}", i64::MIN, i64::MAX)),
                });
                None
            }
            None => wrong(tree, path, ty, errors),
        },
        FieldType::Str => match tree.as_str() {
            Some(s) if tree.is_string() => Some(DocValue::Str(s.to_owned())),
            _ => wrong(tree, path, ty, errors),
        },
        FieldType::Instant => {
            let Some(s) = tree.as_str() else {
                return wrong(tree, path, ty, errors);
            };
            match parse_instant(s) {
                Ok(t) => Some(DocValue::Instant(t)),
                Err(why) => {
                    errors.push(InputError {
                        message: format!("`{path}` is not an RFC 3339 time stamp: {why}"),
                        span: tree.span,
                        help: Some(
                            "write a date, a time and a zone, e.g. 2026-11-23T20:30:00Z or 2026-11-23T15:30:00-05:00"
                                .into(),
                        ),
                    });
                    None
                }
            }
        }
        FieldType::Record(schema) => {
            load_record(tree, schema, &[], path, errors).map(DocValue::Record)
        }
        FieldType::StrList => {
            let TreeKind::Seq(items) = &tree.kind else {
                return wrong(tree, path, ty, errors);
            };
            let mut out = Vec::with_capacity(items.len());
            let mut ok = true;
            for (i, item) in items.iter().enumerate() {
                match item.as_str() {
                    Some(s) if item.is_string() => out.push(s.to_owned()),
                    _ => {
                        ok &=
                            wrong(item, &format!("{path}[{i}]"), FieldType::Str, errors).is_some();
                    }
                }
            }
            ok.then_some(DocValue::StrList(out))
        }
        FieldType::RecordList(schema) => {
            let TreeKind::Seq(items) = &tree.kind else {
                return wrong(tree, path, ty, errors);
            };
            let mut out = Vec::with_capacity(items.len());
            let mut ok = true;
            for (i, item) in items.iter().enumerate() {
                match load_record(item, schema, &[], &format!("{path}[{i}]"), errors) {
                    Some(r) => out.push(r),
                    None => ok = false,
                }
            }
            ok.then_some(DocValue::RecordList(out))
        }
    }
}

/// Parses an RFC 3339 time stamp, which must carry a zone (`Z` or an offset), into
/// seconds since the Unix epoch. The offset must be under 24 hours, as RFC 3339 says. A time
/// zone annotation (`…-05:00[America/New_York]`, RFC 9557) must name a zone of the bundled
/// database whose offset at that time is the one written.
///
/// # Errors
///
/// Why the text is not such a time stamp, one lowercase line.
pub fn parse_instant(text: &str) -> Result<i64, String> {
    match quick_instant(text) {
        Some(seconds) => Ok(seconds),
        None => general_instant(text),
    }
}

/// [`parse_instant`] for any text, through jiff's parsers.
fn general_instant(text: &str) -> Result<i64, String> {
    use jiff::fmt::temporal::{DateTimeParser, Pieces};
    let pieces = Pieces::parse(text).ok();
    if let Some(offset) = pieces.as_ref().and_then(Pieces::to_numeric_offset) {
        if offset.seconds().unsigned_abs() >= 86_400 {
            return Err(format!("its UTC offset `{offset}` is 24 hours or more"));
        }
    }
    let out_of_range = || "it is outside the years 0001 to 9998 smslint judges".to_owned();
    if text.contains('[') {
        static PARSER: DateTimeParser = DateTimeParser::new();
        return match PARSER.parse_zoned_with(super::zone::database(), text) {
            Ok(zoned) if pieces.is_some() => Ok(zoned.timestamp().as_second()),
            Ok(_) => Err("it is not a time stamp".into()),
            Err(_) => {
                let named = text
                    .split_once('[')
                    .map(|(_, rest)| rest.trim_end_matches(']').trim_start_matches('!'))
                    .unwrap_or("");
                Err(if pieces.is_none() {
                    "it is not a time stamp".into()
                } else if super::zone::get(named).is_none() {
                    format!("`{named}` is not a time zone smslint knows")
                } else if pieces.as_ref().is_some_and(|p| p.offset().is_none()) {
                    "it has no offset before its time zone".into()
                } else {
                    format!("its offset is not that of `{named}` at that time")
                })
            }
        };
    }
    match text.parse::<jiff::Timestamp>() {
        // From 0001-01-01T00:00:00Z up to 9999-01-01T00:00:00Z, not included.
        Ok(t) if (-62_135_596_800..253_370_764_800).contains(&t.as_second()) => Ok(t.as_second()),
        Ok(_) => Err(out_of_range()),
        Err(e) => match pieces {
            Some(p) if p.offset().is_none() => Err("it has no zone".into()),
            // Well formed, with a zone: only the range is left to fail.
            Some(_) => Err(out_of_range()),
            None => Err(e.to_string()),
        },
    }
}

/// The usual shape of a time stamp, `YYYY-MM-DDTHH:MM:SS` then `Z` or `±HH:MM`, read
/// without the general parser (which reads the text twice, for its offset and its
/// instant): a message's `send_at` is read on every send-path check. `None` leaves
/// everything else to the general parser: fractions, lower case, a space for `T`,
/// annotations, `-00:00`, a leap second, and any value out of its range.
fn quick_instant(text: &str) -> Option<i64> {
    let b = text.as_bytes();
    let at = |i: usize| b.get(i).copied().unwrap_or(0);
    let number = |from: usize, to: usize| -> Option<i64> {
        b.get(from..to)?.iter().try_fold(0i64, |n, &d| {
            d.is_ascii_digit().then(|| n * 10 + i64::from(d - b'0'))
        })
    };
    if !(b.len() == 20 || b.len() == 25)
        || (at(4), at(7), at(10), at(13), at(16)) != (b'-', b'-', b'T', b':', b':')
    {
        return None;
    }
    let (year, month, day) = (number(0, 4)?, number(5, 7)?, number(8, 10)?);
    let (hour, minute, second) = (number(11, 13)?, number(14, 16)?, number(17, 19)?);
    if !(1..=12).contains(&month) {
        return None;
    }
    let month_days = crate::dsl::builtins::time::days_in_month(year, month);
    if !(1..=9998).contains(&year)
        || !(1..=month_days).contains(&day)
        || hour > 23
        || minute > 59
        || second > 59
    {
        return None;
    }
    let offset = match (b.len(), at(19)) {
        (20, b'Z') => 0,
        (25, sign @ (b'+' | b'-')) if at(22) == b':' => {
            let (hours, minutes) = (number(20, 22)?, number(23, 25)?);
            if hours > 23 || minutes > 59 || (sign == b'-' && hours == 0 && minutes == 0) {
                return None;
            }
            let seconds = hours * 3600 + minutes * 60;
            if sign == b'-' {
                -seconds
            } else {
                seconds
            }
        }
        _ => return None,
    };
    let days = crate::dsl::builtins::time::days_from_civil(year, month, day);
    let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offset;
    (-62_135_596_800..253_370_764_800)
        .contains(&seconds)
        .then_some(seconds)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::schema::{ACCOUNT, MESSAGE};

    #[test]
    fn the_quick_reading_of_a_time_stamp_agrees_with_the_general_parser() {
        let mut texts = Vec::new();
        for year in [
            1, 2, 3, 4, 99, 100, 1582, 1600, 1900, 1969, 1970, 2000, 2024, 2025, 2100, 2400, 9998,
        ] {
            for (month, day) in [
                (1, 1),
                (2, 28),
                (2, 29),
                (2, 30),
                (3, 1),
                (4, 30),
                (4, 31),
                (12, 31),
                (13, 1),
                (0, 1),
                (6, 0),
            ] {
                for time in [
                    "00:00:00", "23:59:59", "12:34:56", "24:00:00", "23:60:00", "23:59:60",
                ] {
                    for zone in [
                        "Z", "+00:00", "-00:00", "+05:30", "-23:59", "+24:00", "-05:60", "z",
                    ] {
                        let usual = !time.ends_with(":60") && !["-00:00", "z"].contains(&zone);
                        texts.push((format!("{year:04}-{month:02}-{day:02}T{time}{zone}"), usual));
                    }
                }
            }
        }
        texts.extend(
            [
                "0000-01-01T00:00:00Z",
                "9999-01-01T00:00:00Z",
                "9998-12-31T23:59:59-01:00",
                "0001-01-01T00:00:00+00:01",
                "2026-11-23t20:30:00Z",
                "2026-11-23 20:30:00Z",
                "2026-11-23T20:30:00.5Z",
                "+2026-11-23T20:30:00Z",
                "2026-1a-23T20:30:00Z",
                "2026-11-23T20:30:00+0530",
                "2026-11-23T20:30:00+05:3x",
            ]
            .map(|t| (t.to_owned(), false)),
        );
        let mut quick = 0;
        for (text, usual) in &texts {
            let fast = quick_instant(text);
            quick += usize::from(fast.is_some());
            match fast {
                Some(seconds) => assert_eq!(Ok(seconds), general_instant(text), "{text}"),
                // Every valid time stamp of the usual shape is read quickly.
                None => assert!(!usual || general_instant(text).is_err(), "{text}"),
            }
        }
        assert!(quick > 1000, "{quick} of {}", texts.len());
    }

    fn load(json: &str, schema: &'static Schema) -> Result<DocRecord, Vec<InputError>> {
        let v: serde_json::Value = serde_json::from_str(json).unwrap();
        DocRecord::load(&Tree::from_json(&v), schema, &["kind"])
    }

    #[test]
    fn a_message_loads_by_schema() {
        let m = load(
            r#"{"kind":"message","direction":"outbound","sender":"agent","provider":"twilio",
                "from":"+14155550100","to":"+13055550123","body":"hi",
                "send_at":"2026-11-23T20:30:00Z","recipient":{"opted_out":false},"conversation":{}}"#,
            &MESSAGE,
        )
        .unwrap();
        assert_eq!(m.field("body"), Some(&DocValue::Str("hi".into())));
        assert_eq!(m.field("brand"), Some(&DocValue::Missing));
        assert_eq!(m.field("send_at"), Some(&DocValue::Instant(1_795_465_800)));
    }

    #[test]
    fn values_outside_a_fields_set_are_refused_at_the_value() {
        let base =
            r#""direction":"outbound","sender":"agent","provider":"twilio","from":"+1","to":"+1""#;
        let e = load(
            &format!(
                r#"{{{base},"body":"hi","category":"marketting","recipient":{{"time_zone":"America/New_Yrok","consent":"maybe"}}}}"#
            ),
            &MESSAGE,
        )
        .unwrap_err();
        let got: Vec<(&str, Option<&str>)> = e
            .iter()
            .map(|e| (e.message.as_str(), e.help.as_deref()))
            .collect();
        assert_eq!(
            got,
            [
                (
                    "`message.category` cannot be `marketting`",
                    Some("did you mean `marketing`?")
                ),
                (
                    "`message.recipient.consent` cannot be `maybe`",
                    Some("write one of none, express, express_written, implied_purchase, implied_inquiry")
                ),
                (
                    "`message.recipient.time_zone` is not a time zone smslint knows: `America/New_Yrok`",
                    Some("did you mean `America/New_York`?")
                ),
            ]
        );
        let body = "x".repeat(crate::doc::schema::MAX_BODY_BYTES + 1);
        let e = load(&format!(r#"{{{base},"body":"{body}"}}"#), &MESSAGE).unwrap_err();
        assert_eq!(
            e[0].message,
            "`message.body` is 65537 bytes, over the limit of 65536"
        );
        let body = "x".repeat(crate::doc::schema::MAX_BODY_BYTES);
        assert!(load(&format!(r#"{{{base},"body":"{body}"}}"#), &MESSAGE).is_ok());
    }

    #[test]
    fn every_problem_is_reported_with_help() {
        let e = load(
            r#"{"id":"a","brand":7,"numbrs":[],"engagements":[{"id":"e","channel":"x","numbers":[1],"published":"yes"}]}"#,
            &ACCOUNT,
        )
        .unwrap_err();
        let messages: Vec<&str> = e.iter().map(|e| e.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                // serde_json orders keys alphabetically; YAML keeps the file's order.
                "`account.brand` must be a string, not an integer",
                "`account.engagements[0].numbers[0]` must be a string, not an integer",
                "`account.engagements[0].published` must be true or false, not a string",
                "unknown field `numbrs` in `account`",
                "`account` has no `numbers`",
            ]
        );
        assert_eq!(e[3].help.as_deref(), Some("did you mean `numbers`?"));
    }

    #[test]
    fn time_stamps_need_a_zone() {
        assert_eq!(
            parse_instant("2026-11-23T20:30:00"),
            Err("it has no zone".into())
        );
        assert_eq!(
            parse_instant("2026-11-23T15:30:00-05:00"),
            Ok(1_795_465_800)
        );
    }

    /// Issue 21: a count is never negative, and no text holds a control character, written
    /// raw or escaped, but a body's line breaks and tabs.
    #[test]
    fn counts_and_control_characters_are_checked() {
        let base = r#"{"direction":"outbound","sender":"agent","provider":"twilio",
            "from":"+14155550100","to":"+13055550123","body":"BODY","id":"ID",
            "recipient":{"messages_last_24h":COUNT}}"#;
        let msg = |body: &str, id: &str, count: &str| {
            load(
                &base
                    .replace("BODY", body)
                    .replace("ID", id)
                    .replace("COUNT", count),
                &MESSAGE,
            )
        };
        assert!(msg("two\\nlines\\tand a tab", "m-1", "0").is_ok());
        let e = msg("hi", "m-1", "-1").unwrap_err();
        assert_eq!(
            e[0].message,
            "`message.recipient.messages_last_24h` cannot be negative (`-1`)"
        );
        let e = msg("hi", "m\\u0000", "1").unwrap_err();
        assert_eq!(
            e[0].message,
            "`message.id` holds the control character U+0000 (character 2)"
        );
        let e = msg("a\\u001bb", "m-1", "1").unwrap_err();
        assert!(e[0].message.contains("U+001B"), "{e:?}");
        let e = msg("hi", "line\\nbreak", "1").unwrap_err();
        assert!(e[0].message.contains("U+000A"), "{e:?}");
    }

    /// Issue 21: a custom tag is refused at its value, never ignored.
    #[test]
    fn custom_yaml_tags_are_refused() {
        let text = "kind: message\ndirection: outbound\nsender: agent\nprovider: twilio\nfrom: \"+14155550100\"\nto: \"+13055550123\"\nbody: !evil hi\nid: !!str m-1\n";
        let nodes = crate::yaml::parse(text, &crate::yaml::Limits::default()).unwrap();
        let e = DocRecord::load(&Tree::from_yaml(&nodes[0]), &MESSAGE, &["kind"]).unwrap_err();
        assert_eq!(e.len(), 1, "{e:?}");
        assert_eq!(
            e[0].message,
            "`message.body` has the YAML tag `!evil`, which smslint does not read"
        );
        let span = e[0].span.unwrap();
        assert_eq!(&text[span.start..span.end], "hi");
    }

    /// Issue 21: what RFC 3339 and the zone say, not what the time library tolerates.
    #[test]
    fn offsets_zones_and_years_are_checked() {
        let ok = Ok(1_795_465_800);
        assert_eq!(parse_instant("2026-11-23T20:30:00Z"), ok);
        assert_eq!(
            parse_instant("2026-11-23T15:30:00-05:00[America/New_York]"),
            ok
        );
        assert_eq!(
            parse_instant("2026-11-23T15:30:00+24:00"),
            Err("its UTC offset `+24` is 24 hours or more".into())
        );
        assert_eq!(
            parse_instant("2026-11-23T15:30:00-05:00[America/Chicago]"),
            Err("its offset is not that of `America/Chicago` at that time".into())
        );
        assert_eq!(
            parse_instant("2026-11-23T15:30:00-05:00[localtime]"),
            Err("`localtime` is not a time zone smslint knows".into())
        );
        assert_eq!(
            parse_instant("9999-12-31T23:59:59Z"),
            Err("it is outside the years 0001 to 9998 smslint judges".into())
        );
        assert!(parse_instant("2026-11-23T15:30:00+23:59").is_ok());
    }
}
