//! The report `segments` prints for a person.
//!
//! Each segment is shown on its own line with invisible characters made visible (a line
//! feed as `⏎`, a form feed as `␌`, …) so that what the counts refer to can be seen. The
//! characters forcing UCS-2 are highlighted in colour on a terminal and marked with carets
//! on the line below otherwise, so the report reads the same in a CI log.

use std::fmt::Write;

use smslint::sms::{
    self, Analysis, Encoding, NationalLanguage, NationalLanguages, NonGsmChar, Options,
};
use unicode_width::UnicodeWidthChar;

use crate::counting::Mode;

const BOLD: &str = "\x1b[1m";
const HIGHLIGHT: &str = "\x1b[1;7;31m";
const DIM: &str = "\x1b[2m";
const RESET: &str = "\x1b[0m";
/// Distinct characters forcing UCS-2 listed by name before the rest are summed up.
const MAX_LISTED: usize = 20;

/// Renders the report for `body` (the text that was counted).
pub(crate) fn render(body: &str, a: &Analysis, mode: Mode, color: bool) -> String {
    let paint = |style: &str, text: &str| {
        if color {
            format!("{style}{text}{RESET}")
        } else {
            text.to_string()
        }
    };
    let c = &a.counts;
    let mut s = String::new();
    let plural = |n: usize, one: &str, many: &str| {
        if n == 1 {
            format!("{n} {one}")
        } else {
            format!("{n} {many}")
        }
    };
    let tables = if c.encoding == Encoding::Gsm7 && c.tables.information_elements() > 0 {
        format!(
            " (locking shift: {}, single shift: {})",
            c.tables.locking.name(),
            c.tables.single.name()
        )
    } else {
        String::new()
    };
    let _ = writeln!(
        s,
        "{}{tables} · {} · {} {}",
        paint(BOLD, c.encoding.as_str()),
        paint(BOLD, &plural(c.segments, "segment", "segments")),
        c.units,
        c.encoding.unit_name(),
    );
    let _ = writeln!(
        s,
        "characters {} · graphemes {} · UTF-16 units {} · septets {}",
        c.characters,
        a.graphemes,
        a.utf16_units,
        a.septets
            .map_or("— (not GSM-7)".to_string(), |n| n.to_string()),
    );
    let capacity = c.capacity();
    let _ = writeln!(
        s,
        "capacity {} {} in one segment, {} per segment when concatenated",
        capacity.single,
        c.encoding.unit_name(),
        capacity.concatenated
    );
    if mode.smart {
        let _ = writeln!(
            s,
            "counted with smart encoding: look-alikes already replaced"
        );
    }
    if c.segments > 255 {
        let _ = writeln!(
            s,
            "warning: more than 255 segments cannot be sent as one concatenated message (TS 23.040 §9.2.3.24.1)"
        );
    }

    let width = a.parts.len().to_string().len();
    for (i, part) in a.parts.iter().enumerate() {
        let _ = writeln!(
            s,
            "\n{} {:>width$}/{}  {:>3}/{} {}  bytes {}..{}",
            paint(BOLD, "segment"),
            i + 1,
            a.parts.len(),
            part.units,
            part.capacity,
            c.encoding.unit_name(),
            part.range.start,
            part.range.end,
        );
        let text = body.get(part.range.clone()).unwrap_or_default();
        let (line, marks) = show(text, part.range.start, a, color);
        let _ = writeln!(s, "  │{line}");
        if !color && marks.contains('^') {
            let _ = writeln!(s, "  │{}", marks.trim_end());
        }
    }

    if !a.non_gsm.is_empty() {
        let _ = writeln!(
            s,
            "\n{}",
            paint(
                BOLD,
                &format!(
                    "{} force UCS-2:",
                    plural(a.non_gsm.len(), "character", "characters")
                )
            )
        );
        // One line per distinct character, in order of first appearance: a CJK message
        // would otherwise list every character it has.
        let mut distinct: Vec<(&NonGsmChar, usize)> = Vec::new();
        for n in &a.non_gsm {
            if let Some((_, count)) = distinct.iter_mut().find(|(first, _)| first.ch == n.ch) {
                *count += 1;
            } else if distinct.len() < MAX_LISTED {
                distinct.push((n, 1));
            }
        }
        for (n, count) in &distinct {
            let fix = match n.replacement {
                Some("") => "→ remove (invisible)".to_string(),
                Some(r) => format!("→ {}", visible(r)),
                None => paint(DIM, "no GSM-7 look-alike"),
            };
            let place = if *count == 1 {
                format!("byte {}, character {}", n.offset, n.index)
            } else {
                format!(
                    "×{count}, first at byte {}, character {}",
                    n.offset, n.index
                )
            };
            let _ = writeln!(
                s,
                "  {}  U+{:04X}  {place}  {fix}",
                paint(HIGHLIGHT, &visible_char(n.ch)),
                u32::from(n.ch),
            );
        }
        let listed: usize = distinct.iter().map(|(_, count)| count).sum();
        if listed < a.non_gsm.len() {
            let rest = a.non_gsm.len() - listed;
            let noun = if rest == 1 { "character" } else { "characters" };
            let _ = writeln!(
                s,
                "  … and {rest} more {noun} (every one is in --format json)"
            );
        }
        // National shift tables (TS 23.038 §6.2.1) may keep the body in GSM-7 as written,
        // which beats replacing its characters: suggested first, when they save segments.
        if mode.options.national.is_empty() {
            let best = NationalLanguage::ALL
                .into_iter()
                .map(|language| {
                    let options = Options {
                        national: NationalLanguages::NONE.with(language),
                        ..mode.options
                    };
                    (language, sms::count(body, &options))
                })
                .filter(|(_, n)| n.segments < c.segments)
                .min_by_key(|(_, n)| n.segments);
            if let Some((language, n)) = best {
                let _ = writeln!(
                    s,
                    "  help: --national {} sends it as GSM-7 in {} (saves {}), with no character changed",
                    language.name(),
                    plural(n.segments, "segment", "segments"),
                    plural(c.segments - n.segments, "segment", "segments"),
                );
            }
        }
        let after = &a.after_replacement;
        if after != c {
            let saved = c.segments.saturating_sub(after.segments);
            let _ = writeln!(
                s,
                "with the look-alikes: {} · {} · {} {}{}",
                after.encoding,
                plural(after.segments, "segment", "segments"),
                after.units,
                after.encoding.unit_name(),
                if saved > 0 {
                    format!(" (saves {})", plural(saved, "segment", "segments"))
                } else {
                    String::new()
                }
            );
            if !mode.smart {
                let _ = writeln!(s, "  help: run with --smart to count the replaced text");
            }
        }
    }
    s
}

/// The text of one part with invisible characters shown, and a line of carets under the
/// characters that force UCS-2.
fn show(text: &str, base: usize, a: &Analysis, color: bool) -> (String, String) {
    let mut line = String::new();
    let mut marks = String::new();
    for (i, ch) in text.char_indices() {
        // non_gsm is in body order, so a binary search keeps long bodies linear-ish.
        let forcing = a
            .non_gsm
            .binary_search_by_key(&(base + i), |n| n.offset)
            .is_ok();
        let shown = visible_char(ch);
        let width: usize = shown.chars().map(|c| c.width().unwrap_or(0)).sum();
        if forcing && color {
            line.push_str(HIGHLIGHT);
            line.push_str(&shown);
            line.push_str(RESET);
        } else {
            line.push_str(&shown);
        }
        let mark = if forcing { '^' } else { ' ' };
        marks.extend(std::iter::repeat_n(mark, width.max(usize::from(forcing))));
    }
    (line, marks)
}

/// A replacement as shown after the arrow: a space is spelled out, since a blank would read
/// as nothing at all.
fn visible(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c == ' ' {
                "␠".to_string()
            } else {
                visible_char(c)
            }
        })
        .collect()
}

/// Control and invisible characters as their Unicode control pictures, so a reader sees
/// every character that costs units.
fn visible_char(ch: char) -> String {
    match ch {
        '\n' => "⏎".into(),
        '\u{7F}' => "␡".into(),
        c if (c as u32) < 0x20 => char::from_u32(0x2400 + c as u32)
            .unwrap_or('\u{FFFD}')
            .to_string(),
        '\u{00A0}' => "⍽".into(),
        '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}' => {
            format!("<U+{:04X}>", ch as u32)
        }
        c => c.to_string(),
    }
}
