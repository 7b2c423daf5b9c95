//! The registry of built-in functions: one row each, with its name, parameter types, result
//! type, how the evaluator computes it and the line of documentation the rule catalogue
//! prints. The type checker resolves every call through this table, so a name that is not
//! in it is an unknown function with "did you mean".

use super::typecheck::Type;
use crate::dsl::builtins::{Kind, PLAIN};
use crate::dsl::ir::Builtin;

/// A built-in function: name, parameter types, result.
pub(crate) struct Function {
    pub(crate) name: &'static str,
    pub(crate) params: &'static [Kind],
    pub(crate) result: Type,
    pub(crate) doc: &'static str,
    pub(crate) builtin: Builtin,
    /// Cache key prefix when the result is worth computing once per document; functions
    /// with the same prefix share the cached value.
    pub(crate) fact: Option<&'static str>,
}

/// A parameter's name in "needs a …" errors and the catalogue.
pub(crate) fn param_name(kind: Kind) -> &'static str {
    match kind {
        Kind::Bool => "bool",
        Kind::Int => "integer",
        Kind::Str => "string",
        Kind::StrList => "list of strings",
        Kind::Date => "date",
        Kind::DateList => "list of dates",
        Kind::AnyList => "list",
        Kind::Instant => "instant",
    }
}

/// Whether a value of type `t` can be passed as a parameter of `kind`.
pub(crate) fn fits(kind: Kind, t: &Type) -> bool {
    match kind {
        Kind::Bool => *t == Type::Bool,
        Kind::Int => *t == Type::Int,
        Kind::Str => *t == Type::Str,
        Kind::StrList => matches!(t, Type::EmptyList) || *t == Type::List(Box::new(Type::Str)),
        Kind::AnyList => matches!(t, Type::List(_) | Type::EmptyList),
        Kind::Instant => *t == Type::Instant,
        Kind::Date => *t == Type::Date,
        Kind::DateList => matches!(t, Type::EmptyList) || *t == Type::List(Box::new(Type::Date)),
    }
}

/// The type of a plain function's result; `None` for a kind no value has (`AnyList`).
fn type_of(kind: Kind) -> Option<Type> {
    Some(match kind {
        Kind::Bool => Type::Bool,
        Kind::Int => Type::Int,
        Kind::Str => Type::Str,
        Kind::Instant => Type::Instant,
        Kind::Date => Type::Date,
        Kind::StrList => Type::List(Box::new(Type::Str)),
        Kind::DateList => Type::List(Box::new(Type::Date)),
        Kind::AnyList => return None,
    })
}

/// A row for a function the evaluator knows by its own [`Builtin`] variant: the
/// functions that are specialised, cached per document or need the document's context.
macro_rules! function {
    ($name:literal, [$($p:ident),*] -> $result:expr, $builtin:ident, $fact:expr, $doc:literal) => {
        Function {
            name: $name,
            params: &[$(Kind::$p),*],
            result: $result,
            doc: $doc,
            builtin: Builtin::$builtin,
            fact: $fact,
        }
    };
}

/// The built-in functions. Each is total and costs at most linear time in its input.
pub(crate) fn functions() -> Vec<Function> {
    [
        function!("characters", [Str] -> Type::Int, Characters, Some("characters"),
            "Unicode scalar values in a text"),
        function!("graphemes", [Str] -> Type::Int, Graphemes, Some("graphemes"),
            "grapheme clusters in a text (what a reader counts as characters)"),
        function!("segments", [Str] -> Type::Int, Segments, Some("sms"),
            "SMS segments a text is sent in"),
        function!("encoding", [Str] -> Type::Str, Encoding, Some("sms"),
            "`GSM-7` or `UCS-2`"),
        function!("smart_segments", [Str] -> Type::Int, SmartSegments, Some("smart_sms"),
            "SMS segments a text is sent in once every GSM-7 look-alike is put in"),
        function!("smart_encoding", [Str] -> Type::Str, SmartEncoding, Some("smart_encoding"),
            "`GSM-7` or `UCS-2`, once every GSM-7 look-alike is put in"),
        function!("lookalikes", [Str] -> Type::Str, Lookalikes, Some("lookalikes"),
            "each character with a GSM-7 look-alike, once, as `’ (U+2019) → '`, separated by `, `; empty when none"),
        function!("lower", [Str] -> Type::Str, Lower, Some("lower"),
            "the text in lower case"),
        function!("normalize", [Str] -> Type::Str, Normalize, Some("normalize"),
            "lower case, look-alikes replaced, spaces collapsed"),
        function!("fold", [Str] -> Type::Str, Fold, Some("fold"),
            "`normalize` with accents dropped and full-width and other compatibility forms made plain: `Café Olé` and `ＣＡＦＥ ＯＬＥ` fold to `cafe ole`"),
        function!("len", [AnyList] -> Type::Int, Len, None,
            "the number of elements of a list"),
        function!("contains", [Str, Str] -> Type::Bool, Contains, None,
            "whether the first text contains the second"),
        function!("starts_with", [Str, Str] -> Type::Bool, StartsWith, None,
            "whether the first text starts with the second"),
        function!("ends_with", [Str, Str] -> Type::Bool, EndsWith, None,
            "whether the first text ends with the second"),
        function!("mentions", [Str, StrList] -> Type::Bool, Mentions, Some("mentions"),
            "whether the text mentions any of the words or phrases, as whole words, ignoring case"),
        function!("local_time", [Instant, Str] -> Type::TimeOfDay, LocalTime, None,
            "the time of day of an instant in an IANA time zone"),
        function!("weekday", [Instant, Str] -> Type::Str, Weekday, None,
            "the day of the week (`monday` … `sunday`) of an instant in an IANA time zone"),
        function!("local_date", [Instant, Str] -> Type::Date, LocalDate, None,
            "the calendar date of an instant in an IANA time zone"),
        function!("local_zones", [Str, Str] -> Type::List(Box::new(Type::Str)), LocalZones, Some("local_zones"),
            "the time zones a recipient may be in: those of the number's area code, or, when the second argument names another state or province, every zone of that one's area codes"),
        function!("recipient_state", [Str, Str] -> Type::Str, RecipientState, Some("recipient_state"),
            "the state or province whose laws a recipient is under: the second argument when it is not empty (a `recipient.state`), else that of the number's area code; empty when neither says"),
        function!("recipient_in", [Str, Str, Str, Str] -> Type::Bool, RecipientIn, Some("recipient_in"),
            "whether a recipient may be in a country (ISO 3166 code): the number's area code is the country's, or the state or province (third argument) or the IANA time zone (fourth) given is; empty texts say nothing"),
        function!("valid_number", [Str] -> Type::Bool, ValidNumber, None,
            "whether a text is a valid E.164 number (for +1: a valid NANP number)"),
        function!("number_problem", [Str] -> Type::Str, NumberProblem, None,
            "why a text is not a valid E.164 number and what to write; empty when it is"),
        function!("number_shape", [Str] -> Type::Str, NumberShape, None,
            "`e164`, `short_code` (5 or 6 digits), `vanity` (letters) or `invalid`"),
        function!("country_code", [Str] -> Type::Int, CountryCode, None,
            "the country calling code of a valid number; 0 when invalid"),
        function!("area_code", [Str] -> Type::Int, AreaCode, None,
            "the NANP area code of a valid +1 number; 0 otherwise"),
        function!("area_code_kind", [Str] -> Type::Str, AreaCodeKind, None,
            "`geographic`, `toll_free`, `premium`, `personal_communications`, … or `not_in_service` for a +1 number; empty otherwise"),
        function!("country", [Str] -> Type::Str, Country, Some("area"),
            "the ISO 3166 country a +1 number's area code serves; empty when none"),
        function!("region", [Str] -> Type::Str, Region, Some("area"),
            "the state or province a +1 number's area code serves; empty when none"),
        function!("time_zones", [Str] -> Type::List(Box::new(Type::Str)), TimeZones, Some("area"),
            "the IANA time zones a +1 number's area code spans"),
    ]
    .into_iter()
    .chain(PLAIN.iter().enumerate().filter_map(|(i, row)| {
        Some(Function {
            name: row.name,
            params: row.params,
            result: type_of(row.result)?,
            doc: row.doc,
            builtin: Builtin::Plain(u8::try_from(i).ok()?),
            fact: None,
        })
    }))
    .collect()
}

/// The built-in functions, for the rule catalogue: name, signature, what it computes.
pub fn function_docs() -> Vec<(&'static str, String, &'static str)> {
    let mut docs: Vec<_> = functions()
        .into_iter()
        .map(|f| {
            let params: Vec<&str> = f.params.iter().map(|p| param_name(*p)).collect();
            (
                f.name,
                format!("{}({}) -> {}", f.name, params.join(", "), f.result),
                f.doc,
            )
        })
        .collect();
    docs.push((
        "present",
        "present(path) -> bool".into(),
        "whether an optional field is in the document",
    ));
    docs.push((
        "or_else",
        "or_else(path, fallback) -> the field's type".into(),
        "an optional field's value when the document has it, `fallback` otherwise",
    ));
    docs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_function_has_one_row_and_every_plain_row_a_type() {
        let table = functions();
        let mut names: Vec<&str> = table.iter().map(|f| f.name).collect();
        names.sort_unstable();
        let before = names.len();
        names.dedup();
        assert_eq!(names.len(), before, "a name is registered twice");
        assert!(PLAIN.iter().all(|row| type_of(row.result).is_some()));
        assert_eq!(
            table
                .iter()
                .filter(|f| matches!(f.builtin, Builtin::Plain(_)))
                .count(),
            PLAIN.len()
        );
        // The IR names a plain function by a one-byte index.
        assert!(PLAIN.len() <= usize::from(u8::MAX));
        assert!(PLAIN
            .iter()
            .all(|row| row.params.len() <= crate::dsl::ir::MAX_PLAIN_ARGS));
    }

    #[test]
    fn the_ir_stays_small() {
        // A plain function is an index, so a built-in is two bytes and nodes stay as small
        // as before there were plain functions.
        assert!(std::mem::size_of::<Builtin>() <= 2);
        assert!(std::mem::size_of::<crate::dsl::ir::Node>() <= 48);
    }
}
