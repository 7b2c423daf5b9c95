//! smslint for JavaScript (WebAssembly through wasm-bindgen): `segments()` always, and the
//! rule engine (`Engine`) with the default `engine` feature. Built without it, the module is
//! the segment counter alone, small enough for a compose box.
//!
//! Objects from JavaScript are read with serde (`serde-wasm-bindgen`): options into structs
//! that refuse unknown keys, messages into the library's `MessageBuf`, so a misspelt key is
//! an error on every path, as it is in a file or a JSON line. Bodies and messages cross
//! the other way through the `bridge` module: one `TextEncoder.encodeInto` into a buffer the module
//! keeps, and results come back as one JSON text for `JSON.parse`.

use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;

use smslint::sms::{self, NationalLanguage, NationalLanguages, Options, SplitPolicy};

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &str = r#"
/** How `segments()` counts. */
export interface SegmentsOptions {
  /** Where a segment may be cut: never inside a grapheme cluster (default), or between any two code points. */
  split?: "grapheme" | "codepoint";
  /** National language shift tables (TS 23.038 Annex A) that may be used: names, or "all". */
  national?: "turkish" | "spanish" | "portuguese" | "all" | ("turkish" | "spanish" | "portuguese")[];
  /** Count the body with every GSM-7 look-alike applied. */
  smart?: boolean;
}

/** One segment: its byte range in the UTF-8 body, its units and what it can hold. */
export interface Part { start: number; end: number; units: number; capacity: number; text: string }

/** A character that forces UCS-2, with its GSM-7 look-alike. */
export interface NonGsm { char: string; offset: number; index: number; replacement: string | null }

export interface Counts { encoding: "GSM-7" | "UCS-2"; segments: number; units: number }

/** What `count()` finds. */
export interface Count extends Counts { characters: number }

/** What `segments()` finds. */
export interface Segments extends Counts {
  unit: "septets" | "UTF-16 units";
  characters: number;
  graphemes: number;
  utf16Units: number;
  septets: number | null;
  /** Units in one segment alone, and per segment when concatenated. */
  capacity: [number, number];
  /** The national tables used (locking, single shift), when any. */
  tables: [string, string] | null;
  parts: Part[];
  nonGsm: NonGsm[];
  afterReplacement: Counts;
  /** The text counted, when `smart`. */
  text?: string;
}

export interface Recipient {
  consent?: "none" | "express" | "express_written" | "implied_purchase" | "implied_inquiry";
  opted_out?: boolean;
  age_verified?: boolean;
  messages_last_24h?: number;
  /** A US state or territory or Canadian province code, any case. */
  state?: string;
  /** An IANA time zone. */
  time_zone?: string;
  /** When the consent was given (for implied consent, the purchase or inquiry): RFC 3339 with a zone, or a Date. */
  consent_at?: string | Date;
  /** When the recipient asked to stop: RFC 3339 with a zone, or a Date. */
  opt_out_requested_at?: string | Date;
  /** When the brand recorded the opt-out: RFC 3339 with a zone, or a Date. */
  opt_out_processed_at?: string | Date;
  /** The number is on the National Do-Not-Call Registry or a state list. */
  dnc_listed?: boolean;
  /** When the copy of the Do-Not-Call lists used was obtained: RFC 3339 with a zone, or a Date. */
  dnc_checked_at?: string | Date;
  /** The brand has an established business relationship with the recipient. */
  business_relationship?: boolean;
  /** When the number was last checked in the Reassigned Numbers Database: RFC 3339 with a zone, or a Date. */
  reassigned_checked_at?: string | Date;
}

export interface Conversation {
  consumer_initiated?: boolean;
  first_message?: boolean;
  /** This message confirms the recipient's opt-out. */
  opt_out_confirmation?: boolean;
  /** This message confirms the recipient's opt-in to a recurring program. */
  opt_in_confirmation?: boolean;
}

/** A message, with the field names of smslint's message documents. */
export interface Message {
  kind?: "message";
  id?: string;
  direction: "outbound" | "inbound";
  sender: "agent" | "bot" | "system" | "consumer";
  provider: string;
  from: string;
  to: string;
  brand?: string;
  body: string;
  /** RFC 3339 with a zone, or a Date; now when left out. */
  send_at?: string | Date;
  category?: "marketing" | "informational" | "conversational";
  recipient?: Recipient;
  conversation?: Conversation;
}

export interface Finding {
  rule: string;
  severity: "error" | "warning" | "info";
  message: string;
  help: string | null;
  /** Byte offsets in the document's text, and 1-based line and column, when it came from text. */
  span: [number, number] | null;
  line: number | null;
  column: number | null;
}

/** A rule that could not judge, or input that could not be read. */
export interface Failure { rule: string; message: string }

export interface Report {
  findings: Finding[];
  failures: Failure[];
  /** An error finding or a failure: do not send it as it is. */
  hasErrors: boolean;
  isClean: boolean;
}

/** What a rule says of itself (`engine.explain(id)`). */
export interface RuleInfo {
  id: string;
  title: string;
  severity: "error" | "warning" | "info";
  /** The rule in plain language. */
  why: string;
  citations: { source: string; section: string | null; url: string | null }[];
}

export interface EngineOptions {
  /** Run only rules whose id is, or starts with, one of these. */
  select?: string[];
  /** Skip rules whose id is, or starts with, one of these. */
  ignore?: string[];
}
"#;

/// An `Error` named `InputError` whose `problems` list each problem with its help.
fn input_error(problems: &[(String, Option<String>)]) -> JsValue {
    let text = problems
        .iter()
        .map(|(m, h)| match h {
            Some(h) => format!("{m} ({h})"),
            None => m.clone(),
        })
        .collect::<Vec<_>>()
        .join("; ");
    let error = js_sys::Error::new(&text);
    error.set_name("InputError");
    let list = js_sys::Array::new();
    for (message, help) in problems {
        let item = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&item, &"message".into(), &message.into());
        let help = help.as_deref().map_or(JsValue::NULL, JsValue::from);
        let _ = js_sys::Reflect::set(&item, &"help".into(), &help);
        list.push(&item);
    }
    let _ = js_sys::Reflect::set(&error, &"problems".into(), &list);
    error.into()
}

fn one_problem(message: String, help: &str) -> JsValue {
    input_error(&[(message, Some(help.to_owned()))])
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct SegmentsOptions {
    split: Option<String>,
    national: Option<National>,
    smart: Option<bool>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum National {
    One(String),
    Many(Vec<String>),
}

/// Reads an options object: `undefined` or `null` for none, unknown keys refused (the serde
/// reader of JavaScript objects reads only the keys it knows, so they are checked here).
fn options<T: for<'de> Deserialize<'de> + Default>(
    value: JsValue,
    what: &str,
    keys: &[&str],
) -> Result<T, JsValue> {
    if value.is_undefined() || value.is_null() {
        return Ok(T::default());
    }
    if let Some(object) = value.dyn_ref::<js_sys::Object>() {
        for key in js_sys::Object::keys(object).iter() {
            let key = key.as_string().unwrap_or_default();
            if !keys.contains(&key.as_str()) {
                let hint = smslint::unstable::text::did_you_mean(&key, keys)
                    .unwrap_or_else(|| format!("the keys are {}", keys.join(", ")));
                return Err(one_problem(format!("{what}: unknown key `{key}`"), &hint));
            }
        }
    }
    serde_wasm_bindgen::from_value(value).map_err(|e| {
        one_problem(
            format!("{what}: {e}"),
            "see the TypeScript types for the keys",
        )
    })
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Counts {
    encoding: &'static str,
    segments: usize,
    units: usize,
}

#[derive(Serialize)]
struct Part {
    start: usize,
    end: usize,
    units: u32,
    capacity: u32,
    text: String,
}

#[derive(Serialize)]
struct NonGsm {
    char: String,
    offset: usize,
    index: usize,
    replacement: Option<&'static str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Segments {
    encoding: &'static str,
    segments: usize,
    units: usize,
    unit: &'static str,
    characters: usize,
    graphemes: usize,
    utf16_units: usize,
    septets: Option<usize>,
    capacity: (u32, u32),
    tables: Option<(&'static str, &'static str)>,
    parts: Vec<Part>,
    non_gsm: Vec<NonGsm>,
    after_replacement: Counts,
    #[serde(skip_serializing_if = "Option::is_none")]
    text: Option<String>,
}

/// How a message body is encoded (GSM-7 or UCS-2, 3GPP TS 23.038) and split into SMS
/// segments (TS 23.040): the parts with their byte ranges, the characters that force UCS-2
/// with their look-alikes, and what replacing them would cost.
#[wasm_bindgen(unchecked_return_type = "Segments")]
pub fn segments(
    #[wasm_bindgen(unchecked_param_type = "string")] body: JsValue,
    #[wasm_bindgen(js_name = "options", unchecked_optional_param_type = "SegmentsOptions")]
    options_value: JsValue,
) -> Result<JsValue, JsValue> {
    let o: SegmentsOptions = options(
        options_value,
        "segments() options",
        &["split", "national", "smart"],
    )?;
    let split = match o.split.as_deref() {
        None | Some("grapheme") => SplitPolicy::Grapheme,
        Some("codepoint") => SplitPolicy::Codepoint,
        Some(other) => {
            return Err(one_problem(
                format!("`split` cannot be `{other}`"),
                "write \"grapheme\" or \"codepoint\"",
            ))
        }
    };
    let names = match o.national {
        None => Vec::new(),
        Some(National::One(s)) => s.split(',').map(|n| n.trim().to_owned()).collect(),
        Some(National::Many(v)) => v,
    };
    let mut national = NationalLanguages::NONE;
    for name in names.iter().filter(|n| !n.is_empty()) {
        if name.eq_ignore_ascii_case("all") {
            national = NationalLanguages::all();
        } else if let Some(l) = NationalLanguage::from_name(name) {
            national = national.with(l);
        } else {
            return Err(one_problem(
                format!("no national language table `{name}`"),
                "write turkish, spanish, portuguese or all",
            ));
        }
    }
    let options = Options { split, national };
    let smart = o.smart.unwrap_or(false);
    bridge::with_str(&body, |text| {
        if smart {
            let counted = sms::smart::replace(text);
            let a = sms::analyze(&counted, &options);
            return bridge::to_js_json(&shape(&counted, &a, true));
        }
        let a = sms::analyze(text, &options);
        // The usual case is built in JavaScript from numbers, its texts sliced from the
        // string passed; national table names, and a body whose lone surrogates were read
        // as U+FFFD (a slice would hold the surrogate), go through JSON.
        let replaced = memchr::memmem::find(text.as_bytes(), "\u{FFFD}".as_bytes()).is_some();
        if a.counts.tables.information_elements() == 0 && !replaced {
            bridge::to_js_segments(&body, |words| segments_words(text, &a, words))
        } else {
            bridge::to_js_json(&shape(text, &a, false))
        }
    })
    .map_err(|e| not_text(e, "segments()"))?
}

/// The words `bridge_segments` (bridge.rs) builds a [`Segments`] object from: the counts
/// (13 words: encoding, segments, units, characters, graphemes, UTF-16 units, the two
/// capacities, the counts after replacement (3), the numbers of parts and of characters
/// that force UCS-2); each part (start, end, units, capacity, and its UTF-16 range in the
/// string); each such character (byte offset, index, UTF-16 offset and length, its
/// look-alike's UTF-16 length + 1 or 0 for none, and where that starts); then the
/// look-alikes' UTF-16 units.
fn segments_words(text: &str, a: &sms::Analysis, w: &mut Vec<u32>) {
    let n = |x: usize| u32::try_from(x).unwrap_or(u32::MAX);
    let ucs2 = |e: sms::Encoding| u32::from(e == sms::Encoding::Ucs2);
    let (c, after) = (&a.counts, &a.after_replacement);
    let capacity = c.capacity();
    w.extend([
        ucs2(c.encoding),
        n(c.segments),
        n(c.units),
        n(c.characters),
        n(a.graphemes),
        n(a.utf16_units),
        capacity.single,
        capacity.concatenated,
        ucs2(after.encoding),
        n(after.segments),
        n(after.units),
        n(a.parts.len()),
        n(a.non_gsm.len()),
    ]);
    let mut at = Utf16At::new(text);
    for p in &a.parts {
        let (start, end) = (at.to(p.range.start), at.to(p.range.end));
        w.extend([
            n(p.range.start),
            n(p.range.end),
            p.units,
            p.capacity,
            start,
            end,
        ]);
    }
    let mut at = Utf16At::new(text);
    let mut from = 0;
    for g in &a.non_gsm {
        let r = g.replacement.map_or(0, |r| n(r.encode_utf16().count()) + 1);
        let ch = n(g.ch.len_utf16());
        w.extend([n(g.offset), n(g.index), at.to(g.offset), ch, r, from]);
        from += r.saturating_sub(1);
    }
    for r in a.non_gsm.iter().filter_map(|g| g.replacement) {
        w.extend(r.encode_utf16().map(u32::from));
    }
}

/// UTF-16 offsets of ascending byte offsets of a text, each found from the last.
struct Utf16At<'a> {
    bytes: &'a [u8],
    byte: usize,
    unit: u32,
}

impl<'a> Utf16At<'a> {
    fn new(text: &'a str) -> Self {
        Utf16At {
            bytes: text.as_bytes(),
            byte: 0,
            unit: 0,
        }
    }

    /// The UTF-16 offset of byte `offset` (a character boundary, not before the last).
    fn to(&mut self, offset: usize) -> u32 {
        if let Some(between) = self.bytes.get(self.byte..offset) {
            // One unit a character (its first byte), two for a four-byte one.
            let units: usize = between
                .iter()
                .map(|&b| usize::from(b & 0xC0 != 0x80) + usize::from(b >= 0xF0))
                .sum();
            self.unit += u32::try_from(units).unwrap_or(u32::MAX);
            self.byte = offset;
        }
        self.unit
    }
}

/// The JSON path's object: `counted` is the text counted (the body, or with `smart` the
/// body with its look-alikes replaced).
fn shape(counted: &str, a: &sms::Analysis, smart: bool) -> Segments {
    let c = &a.counts;
    let capacity = c.capacity();
    Segments {
        encoding: c.encoding.as_str(),
        segments: c.segments,
        units: c.units,
        unit: c.encoding.unit_name(),
        characters: c.characters,
        graphemes: a.graphemes,
        utf16_units: a.utf16_units,
        septets: a.septets,
        capacity: (capacity.single, capacity.concatenated),
        tables: (c.tables.information_elements() > 0)
            .then(|| (c.tables.locking.name(), c.tables.single.name())),
        parts: a
            .parts
            .iter()
            .map(|p| Part {
                start: p.range.start,
                end: p.range.end,
                units: p.units,
                capacity: p.capacity,
                text: counted.get(p.range.clone()).unwrap_or("").to_owned(),
            })
            .collect(),
        non_gsm: a
            .non_gsm
            .iter()
            .map(|n| NonGsm {
                char: n.ch.to_string(),
                offset: n.offset,
                index: n.index,
                replacement: n.replacement,
            })
            .collect(),
        after_replacement: Counts {
            encoding: a.after_replacement.encoding.as_str(),
            segments: a.after_replacement.segments,
            units: a.after_replacement.units,
        },
        text: smart.then(|| counted.to_owned()),
    }
}

/// The counts alone, for a compose box's live counter and for bulk counting: `encoding`,
/// `segments`, `units` and `characters`, without the parts and characters `segments()`
/// lists (building those objects is most of its cost). Counts a body as `segments()` does
/// with the default options (no national tables, grapheme-safe splitting).
#[wasm_bindgen(unchecked_return_type = "Count")]
pub fn count(
    #[wasm_bindgen(unchecked_param_type = "string")] body: JsValue,
) -> Result<JsValue, JsValue> {
    let c = bridge::with_str(&body, |body| sms::count(body, &Options::default()))
        .map_err(|e| not_text(e, "count()"))?;
    let small = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    Ok(bridge::bridge_counts(
        c.encoding == sms::Encoding::Ucs2,
        small(c.segments),
        small(c.units),
        small(c.characters),
    ))
}

/// The error for a body that is not a string.
fn not_text(e: bridge::Unread, call: &str) -> JsValue {
    match e {
        bridge::Unread::NotText => one_problem(
            format!("{call} takes the body as a string"),
            "pass the message text, e.g. String(value)",
        ),
        bridge::Unread::Busy => {
            js_sys::Error::new(&format!("{call} was called while smslint was running")).into()
        }
    }
}

/// The crate's version, the built-in rule pack's SHA-256 and the IANA time-zone database
/// release, for an audit trail.
#[cfg(feature = "engine")]
#[wasm_bindgen(js_name = versionInfo, unchecked_return_type = "[string, string, string]")]
pub fn version_info() -> JsValue {
    let list = js_sys::Array::new();
    list.push(&env!("CARGO_PKG_VERSION").into());
    list.push(&smslint::PackSource::builtin().digest().into());
    list.push(&smslint::tzdb_version().unwrap_or("").into());
    list.into()
}

mod bridge;
#[cfg(feature = "engine")]
mod engine;
#[cfg(feature = "engine")]
pub use engine::Engine;
