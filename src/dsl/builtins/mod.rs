//! The domain functions conditions call, as plain Rust over texts, numbers and instants:
//! no syntax tree, no document, no fact cache. The type checker's table says which name
//! calls which and with what types; the interpreter and the closures call these.
//!
//! - [`text`]: counting characters and graphemes, comparing short words, normalising
//!   bodies (case, spacing, look-alikes), and `mentions` of word lists;
//! - [`time`]: local times of day and weekdays in the NANP time zones;
//! - [`addresses`]: the web addresses and phone numbers a text has in it.

pub mod addresses;
pub mod text;
pub mod time;

use crate::doc::value::Val;

/// A built-in function computed from its arguments' values alone: the shape of every
/// built-in that needs neither the document's context nor a specialised form. It gets the
/// arguments in order, typed as its row declares (a missing optional value is
/// [`Val::Missing`]), and returns its value or a one-line message saying why it cannot,
/// which the engine reports as the rule's failure at the call.
pub type PlainFunction = for<'a> fn(&[Val<'a>]) -> Result<Val<'a>, String>;

/// A value type in a plain function's signature.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// `bool`.
    Bool,
    /// An integer.
    Int,
    /// Text.
    Str,
    /// An instant.
    Instant,
    /// A calendar date.
    Date,
    /// A list of texts.
    StrList,
    /// A list of calendar dates.
    DateList,
    /// A list of anything (parameters only).
    AnyList,
}

/// A plain built-in: its registry row.
#[derive(Debug)]
pub struct PlainRow {
    /// The name conditions call it by.
    pub name: &'static str,
    /// Its parameters' types.
    pub params: &'static [Kind],
    /// Its result's type.
    pub result: Kind,
    /// What it computes, one line, for the rule catalogue.
    pub doc: &'static str,
    /// What computes it.
    pub function: PlainFunction,
}

/// The plain built-in functions, one row each. Adding a built-in that needs only its
/// arguments is a function in this folder and a row here; the type checker and both
/// evaluators find it through the row (see CONTRIBUTING.md).
pub static PLAIN: &[PlainRow] = &[
    PlainRow {
        name: "sms_units",
        params: &[Kind::Str],
        result: Kind::Int,
        doc: "the units a text costs in its encoding: GSM-7 septets (an extension character costs two) or UTF-16 code units",
        function: text::sms_units,
    },
    PlainRow {
        name: "misspells",
        params: &[Kind::Str, Kind::StrList],
        result: Kind::Bool,
        doc: "whether the text, without the punctuation and spaces around it, is one slip of the keyboard from one of the words of four letters or more, but not the word: a letter left out, doubled or put in from a neighbouring key, two neighbouring letters swapped, or a letter replaced by a neighbouring key's (QWERTY); the first letter is right",
        function: text::misspells,
    },
    PlainRow {
        name: "linked_host",
        params: &[Kind::Str, Kind::StrList],
        result: Kind::Str,
        doc: "the first of the hosts a web address in the text links to, ignoring case and a leading `www.`; empty when none. A web address is a host name with `http://` or `https://` before it, `www.` at its start or a `/` after it: `https://bit.ly/x`, `bit.ly/x` and `www.bit.ly` are, `bit.ly` alone and `help@bit.ly` are not",
        function: addresses::linked_host,
    },
    PlainRow {
        name: "deceptive_link",
        params: &[Kind::Str],
        result: Kind::Str,
        doc: "the first host name in the text, linked or bare (`acme.com`), that may pass for another: a label in punycode (`xn--`), or letters from more than one of Latin, Cyrillic, Greek, Armenian and the full-width forms (`pаypal.com` with a Cyrillic `а`); empty when none",
        function: addresses::deceptive_link,
    },
    PlainRow {
        name: "host_deception",
        params: &[Kind::Str],
        result: Kind::Str,
        doc: "why a host name may pass for another: `punycode`, or the scripts whose letters it mixes (`Latin and Cyrillic`); empty for one that may not (what `deceptive_link` finds)",
        function: addresses::host_deception,
    },
    PlainRow {
        name: "phone_number_in",
        params: &[Kind::Str],
        result: Kind::Str,
        doc: "the first phone number written in the text, as written: `+` and a valid E.164 number, or ten digits (eleven with a leading 1) forming a valid NANP number, grouped as people write them (`(415) 555-0100`, `415.555.0100`, `1-800-555-0199`); empty when none",
        function: addresses::phone_number_in,
    },
    PlainRow {
        name: "choose",
        params: &[Kind::Bool, Kind::Str, Kind::Str],
        result: Kind::Str,
        doc: "the second argument when the first is true, the third otherwise: names the culprit in a message",
        function: choose,
    },
    PlainRow {
        name: "local_clock",
        params: &[Kind::Instant, Kind::Str, Kind::StrList],
        result: Kind::Str,
        doc: "an instant as the clock reads in a zone, `21:30 EST (America/New_York)`: in the second argument's zone when it is not empty, else in each of the list's, joined by `, `",
        function: time::local_clock,
    },
    PlainRow {
        name: "add_business_days",
        params: &[Kind::Date, Kind::Int, Kind::DateList],
        result: Kind::Date,
        doc: "the date that many business days after a date: Mondays to Fridays that are not in the list of holidays, the date itself not counted (`add_business_days(2026-11-25, 2, data.federal_holidays)` is 2026-11-30, past Thanksgiving and the weekend); 0 to 3,660 days",
        function: time::add_business_days,
    },
    PlainRow {
        name: "add_months",
        params: &[Kind::Date, Kind::Int],
        result: Kind::Date,
        doc: "the date that many calendar months after a date (before, when negative), on the same day of the month or the month's last day when it has fewer (`add_months(2024-08-31, 6)` is 2025-02-28); -12,000 to 12,000 months",
        function: time::add_months,
    },
    PlainRow {
        name: "region_country",
        params: &[Kind::Str],
        result: Kind::Str,
        doc: "the ISO 3166 country of a state, territory or province code (`FL` → `US`, `ON` → `CA`); empty for anything else",
        function: time::region_country,
    },
    PlainRow {
        name: "zone_country",
        params: &[Kind::Str],
        result: Kind::Str,
        doc: "the country of an IANA time zone of the NANP (`America/Chicago` → `US`, `America/Toronto` → `CA`): that of the area codes that use it; empty for a zone none uses",
        function: time::zone_country,
    },
];

/// `choose(condition, then, otherwise)`. A missing optional text chooses as the empty text.
fn choose<'a>(args: &[Val<'a>]) -> Result<Val<'a>, String> {
    let pick = if matches!(args.first(), Some(Val::Bool(true))) {
        1
    } else {
        2
    };
    Ok(match args.get(pick) {
        Some(Val::Str(s)) => Val::Str(s),
        _ => Val::Str(""),
    })
}
