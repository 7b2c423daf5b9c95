//! Strings and reports across the JavaScript boundary without per-character JavaScript.
//!
//! wasm-bindgen hands a `&str` argument over by copying it into WebAssembly memory one
//! UTF-16 unit at a time in a JavaScript loop while it is ASCII; for a 160-character body
//! that loop costs more than counting its segments. Here the string is taken as a
//! `JsValue` and written with one `TextEncoder.encodeInto` into a buffer this module keeps
//! (resized only when a longer string comes), then checked as UTF-8 (`simdutf8`, with
//! WebAssembly SIMD: a quarter of the cost of counting a body with `str::from_utf8`).
//! Lone surrogates become U+FFFD, as they do through wasm-bindgen's own passing.
//!
//! Results go back the other way as JSON: `serde_json` writes them into the same kind of
//! buffer and the JavaScript side decodes and parses it once (`JSON.parse`), instead of one
//! call across the boundary per object, key and value. Two hot results skip the JSON text:
//! a clean report, which the glue builds as it is, and the usual `segments()` result,
//! written as numbers that the glue builds the object from, slicing its texts from the
//! string passed in ([`to_js_segments`]).

use std::cell::RefCell;

use wasm_bindgen::prelude::*;

#[wasm_bindgen(inline_js = r#"
const encoder = new TextEncoder();
const decoder = new TextDecoder("utf-8", { ignoreBOM: true, fatal: false });
let memory = null;
let bytes = null;
function view() {
  if (bytes === null || bytes.buffer !== memory.buffer) bytes = new Uint8Array(memory.buffer);
  return bytes;
}
// The input buffer's bytes, kept while the buffer and memory stay where they are.
let input = null;
let inputPtr = -1;
function region(ptr, cap) {
  if (input === null || inputPtr !== ptr || input.length !== cap || input.buffer !== memory.buffer) {
    input = view().subarray(ptr, ptr + cap);
    inputPtr = ptr;
  }
  return input;
}
export function bridge_init(m) { memory = m; }
// Writes `s` as UTF-8 at ptr (room for cap bytes): the bytes written, -1 when `s` is not a
// string, or -2 - n when it needs a buffer of n bytes.
export function bridge_utf8_into(s, ptr, cap) {
  if (typeof s !== "string") return -1;
  if (s.length * 3 > cap) return -2 - s.length * 3;
  return encoder.encodeInto(s, region(ptr, cap)).written;
}
// A message as JSON, when JSON says exactly what the object does (at most two levels deep:
// recipient, conversation), written at ptr as bridge_utf8_into does; -1 when JSON would
// change or drop something (an undefined, a NaN, an invalid Date, a class instance).
function plain(value, depth) {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return false;
  for (const key in value) {
    const v = value[key];
    switch (typeof v) {
      case "string": case "boolean": break;
      case "number": if (!Number.isFinite(v)) return false; break;
      case "object":
        if (v === null) break;
        if (v instanceof Date) { if (Number.isNaN(v.getTime())) return false; break; }
        if (depth > 0 || !plain(v, depth + 1)) return false;
        break;
      default: return false;
    }
  }
  return true;
}
export function bridge_message_json_into(message, ptr, cap) {
  if (!plain(message, 0)) return -1;
  return bridge_utf8_into(JSON.stringify(message), ptr, cap);
}
// The report of a check that found nothing.
export function bridge_clean_report() {
  return { findings: [], failures: [], hasErrors: false, isClean: true };
}
export function bridge_counts(ucs2, segments, units, characters) {
  return { encoding: ucs2 ? "UCS-2" : "GSM-7", segments, units, characters };
}
// segments() of `body` from the words at ptr (see `segments_words` in lib.rs): the same
// object the JSON path builds, with the texts sliced from `body` itself.
let words = null;
function wordView() {
  if (words === null || words.buffer !== memory.buffer) words = new Uint32Array(memory.buffer);
  return words;
}
const ENCODING = ["GSM-7", "UCS-2"];
const UNIT = ["septets", "UTF-16 units"];
export function bridge_segments(body, ptr, len) {
  const w = wordView();
  let i = ptr >>> 2;
  const end = i + len;
  const ucs2 = w[i];
  const nParts = w[i + 11], nNonGsm = w[i + 12];
  const result = {
    encoding: ENCODING[ucs2], segments: w[i + 1], units: w[i + 2], unit: UNIT[ucs2],
    characters: w[i + 3], graphemes: w[i + 4], utf16Units: w[i + 5],
    septets: ucs2 ? null : w[i + 2], capacity: [w[i + 6], w[i + 7]], tables: null,
    parts: new Array(nParts), nonGsm: [],
    afterReplacement: { encoding: ENCODING[w[i + 8]], segments: w[i + 9], units: w[i + 10] },
  };
  i += 13;
  for (let k = 0; k < nParts; k++, i += 6) {
    result.parts[k] = { start: w[i], end: w[i + 1], units: w[i + 2], capacity: w[i + 3], text: body.slice(w[i + 4], w[i + 5]) };
  }
  if (nNonGsm > 0) result.nonGsm = nonGsmList(body, w.subarray(i, end), nNonGsm);
  return result;
}
// Each character forcing UCS-2 is 6 words (see `segments_words` in lib.rs); its look-alike
// is (its length + 1, where it starts) in the UTF-16 units after the list.
function nonGsmList(body, w, n) {
  const list = new Array(n);
  const texts = n * 6;
  for (let k = 0, i = 0; k < n; k++, i += 6) {
    const at = w[i + 2], r = w[i + 4], from = texts + w[i + 5];
    list[k] = {
      char: body.slice(at, at + w[i + 3]), offset: w[i], index: w[i + 1],
      replacement: r === 0 ? null : r === 2 ? String.fromCharCode(w[from])
        : String.fromCharCode.apply(null, w.subarray(from, from + r - 1)),
    };
  }
  return list;
}
// The JSON text at ptr, parsed.
export function bridge_parse_json(ptr, len) {
  return JSON.parse(decoder.decode(view().subarray(ptr, ptr + len)));
}
"#)]
extern "C" {
    fn bridge_init(memory: JsValue);
    fn bridge_utf8_into(s: &JsValue, ptr: u32, cap: u32) -> i32;
    fn bridge_message_json_into(message: &JsValue, ptr: u32, cap: u32) -> i32;
    fn bridge_parse_json(ptr: u32, len: u32) -> JsValue;
    fn bridge_segments(body: &JsValue, ptr: u32, len: u32) -> JsValue;
    /// `{ findings: [], failures: [], hasErrors: false, isClean: true }`.
    pub(crate) fn bridge_clean_report() -> JsValue;
    /// `{ encoding, segments, units, characters }`.
    pub(crate) fn bridge_counts(ucs2: bool, segments: u32, units: u32, characters: u32) -> JsValue;
}

thread_local! {
    /// Text read from JavaScript; its length is its usable room (filled with zeros).
    static INPUT: RefCell<Vec<u8>> = RefCell::new(start());
    /// JSON written for JavaScript.
    static OUTPUT: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
    /// `segments()` results as words for JavaScript.
    static WORDS: RefCell<Vec<u32>> = const { RefCell::new(Vec::new()) };
}

fn start() -> Vec<u8> {
    bridge_init(wasm_bindgen::memory());
    vec![0; 4096]
}

/// Why a value could not be read as text.
pub(crate) enum Unread {
    /// Not a string (or, for a message, not a plain object JSON says exactly).
    NotText,
    /// Taken by a call still running (a re-entrant call: not done by this package).
    Busy,
}

/// Runs `write(ptr, cap)` (a `bridge_*_into` import) on the input buffer, growing it when
/// asked, then `read` on the text written.
fn read_with<R>(
    write: impl Fn(u32, u32) -> i32,
    read: impl FnOnce(&str) -> R,
) -> Result<R, Unread> {
    INPUT.with(|cell| {
        let mut buf = cell.try_borrow_mut().map_err(|_| Unread::Busy)?;
        let mut n = write(buf.as_mut_ptr() as u32, buf.len() as u32);
        if n < -1 {
            let need = (-2 - i64::from(n)) as usize;
            buf.resize(need.next_power_of_two(), 0);
            n = write(buf.as_mut_ptr() as u32, buf.len() as u32);
        }
        let n = usize::try_from(n).map_err(|_| Unread::NotText)?;
        let text = simdutf8::basic::from_utf8(buf.get(..n).ok_or(Unread::NotText)?)
            .map_err(|_| Unread::NotText)?;
        Ok(read(text))
    })
}

/// Calls `read` with a JavaScript string as `&str`.
pub(crate) fn with_str<R>(value: &JsValue, read: impl FnOnce(&str) -> R) -> Result<R, Unread> {
    read_with(|ptr, cap| bridge_utf8_into(value, ptr, cap), read)
}

/// Calls `read` with a message object as JSON text, when JSON says exactly what it does.
#[cfg(feature = "engine")]
pub(crate) fn with_message_json<R>(
    message: &JsValue,
    read: impl FnOnce(&str) -> R,
) -> Result<R, Unread> {
    read_with(|ptr, cap| bridge_message_json_into(message, ptr, cap), read)
}

/// `value` as a JavaScript value, built by `JSON.parse` from `serde_json`'s text.
pub(crate) fn to_js_json<T: serde::Serialize>(value: &T) -> Result<JsValue, JsValue> {
    OUTPUT.with(|cell| {
        let mut buf = cell
            .try_borrow_mut()
            .map_err(|_| JsValue::from(js_sys::Error::new("smslint is busy")))?;
        buf.clear();
        serde_json::to_writer(&mut *buf, value)
            .map_err(|e| JsValue::from(js_sys::Error::new(&e.to_string())))?;
        Ok(bridge_parse_json(buf.as_ptr() as u32, buf.len() as u32))
    })
}

/// The `segments()` object of `body`, built in JavaScript from the words `write` puts in a
/// buffer this module keeps (their layout is `segments_words`'s, in lib.rs), its texts
/// sliced from `body`: no JSON text is written or parsed.
pub(crate) fn to_js_segments(
    body: &JsValue,
    write: impl FnOnce(&mut Vec<u32>),
) -> Result<JsValue, JsValue> {
    WORDS.with(|cell| {
        let mut buf = cell
            .try_borrow_mut()
            .map_err(|_| JsValue::from(js_sys::Error::new("smslint is busy")))?;
        buf.clear();
        write(&mut buf);
        Ok(bridge_segments(body, buf.as_ptr() as u32, buf.len() as u32))
    })
}
