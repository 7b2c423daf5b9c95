//! The JSON object `segments` prints for a body (one line per body in JSONL mode).
//!
//! The counts-only object is written by hand: it is the batch path, four fields, and
//! formatting it directly is several times faster than going through a serializer.

use serde::Serialize;
use smslint::sms::{self, Counts, Encoding};

use crate::counting::{analyze, Mode};

/// Appends the JSON object for `body` (without a newline) to `out`.
pub(crate) fn write_body(out: &mut Vec<u8>, body: &str, mode: Mode) {
    if mode.counts_only {
        let counts = if mode.smart {
            sms::count(&sms::smart::replace(body), &mode.options)
        } else {
            sms::count(body, &mode.options)
        };
        write_counts(out, &counts);
    } else {
        let (shown, analysis) = analyze(body, mode);
        let report = Report::new(&shown, &analysis, mode.smart);
        // Serializing plain structs of strings and numbers into a Vec cannot fail.
        let _ = serde_json::to_writer(out, &report);
    }
}

fn write_counts(out: &mut Vec<u8>, c: &Counts) {
    let mut buf = itoa::Buffer::new();
    out.extend_from_slice(b"{\"encoding\":\"");
    out.extend_from_slice(c.encoding.as_str().as_bytes());
    out.extend_from_slice(b"\",\"segments\":");
    out.extend_from_slice(buf.format(c.segments).as_bytes());
    out.extend_from_slice(b",\"units\":");
    out.extend_from_slice(buf.format(c.units).as_bytes());
    out.extend_from_slice(b",\"characters\":");
    out.extend_from_slice(buf.format(c.characters).as_bytes());
    out.push(b'}');
}

#[derive(Serialize)]
struct Report<'a> {
    encoding: &'static str,
    segments: usize,
    units: usize,
    characters: usize,
    graphemes: usize,
    utf16_units: usize,
    septets: Option<usize>,
    capacity_per_segment: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    locking_shift: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    single_shift: Option<&'static str>,
    parts: Vec<PartJson>,
    non_gsm: Vec<NonGsmJson>,
    after_replacement: CountsJson,
    /// The body that was counted, when `--smart` changed it.
    #[serde(skip_serializing_if = "Option::is_none")]
    smart_body: Option<&'a str>,
}

#[derive(Serialize)]
struct PartJson {
    start: usize,
    end: usize,
    units: u32,
    capacity: u32,
}

#[derive(Serialize)]
struct NonGsmJson {
    char: char,
    codepoint: String,
    offset: usize,
    index: usize,
    replacement: Option<&'static str>,
}

#[derive(Serialize)]
struct CountsJson {
    encoding: &'static str,
    segments: usize,
    units: usize,
    characters: usize,
}

impl From<&Counts> for CountsJson {
    fn from(c: &Counts) -> Self {
        CountsJson {
            encoding: c.encoding.as_str(),
            segments: c.segments,
            units: c.units,
            characters: c.characters,
        }
    }
}

impl<'a> Report<'a> {
    fn new(shown: &'a str, a: &sms::Analysis, smart: bool) -> Report<'a> {
        let c = &a.counts;
        let national = c.encoding == Encoding::Gsm7 && c.tables.information_elements() > 0;
        Report {
            encoding: c.encoding.as_str(),
            segments: c.segments,
            units: c.units,
            characters: c.characters,
            graphemes: a.graphemes,
            utf16_units: a.utf16_units,
            septets: a.septets,
            capacity_per_segment: c.capacity_per_segment(),
            locking_shift: national.then(|| c.tables.locking.name()),
            single_shift: national.then(|| c.tables.single.name()),
            parts: a
                .parts
                .iter()
                .map(|p| PartJson {
                    start: p.range.start,
                    end: p.range.end,
                    units: p.units,
                    capacity: p.capacity,
                })
                .collect(),
            non_gsm: a
                .non_gsm
                .iter()
                .map(|n| NonGsmJson {
                    char: n.ch,
                    codepoint: format!("U+{:04X}", u32::from(n.ch)),
                    offset: n.offset,
                    index: n.index,
                    replacement: n.replacement,
                })
                .collect(),
            after_replacement: CountsJson::from(&a.after_replacement),
            smart_body: smart.then_some(shown),
        }
    }
}
