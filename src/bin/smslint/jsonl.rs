//! Batch mode: one body per JSONL line, one JSON object out per line, in order.
//!
//! Input is read in blocks of whole lines; each block is cut into one slice per core and
//! the slices are counted in parallel, then written in order. Memory stays bounded by the
//! block size (plus the longest line), output order is input order, and a bad line is
//! reported on stderr with its file, line and column while every other line is still
//! counted.

use std::borrow::Cow;
use std::fs::File;
use std::io::{self, Read, Write};
use std::path::Path;
use std::thread;

use serde::Deserialize;

use crate::json::write_body;
use crate::segments::{InputError, Mode};

/// Bytes read before a block is counted.
const BLOCK_BYTES: usize = 8 << 20;

/// Counts every line of `path` (`-` for stdin) to stdout. Returns whether every line was
/// usable; the errors have been written to stderr.
pub(crate) fn run(path: &Path, mode: Mode) -> Result<bool, InputError> {
    let name = path.display().to_string();
    let mut input: Box<dyn Read> = if name == "-" {
        Box::new(io::stdin().lock())
    } else {
        Box::new(File::open(path).map_err(|e| InputError(format!("cannot read `{name}`: {e}")))?)
    };
    let shown_name = if name == "-" { "<stdin>" } else { &name };
    let mut out = io::stdout().lock();
    let mut err = io::stderr().lock();
    let outcome = process(&mut input, shown_name, mode, &mut out, &mut err);
    match outcome {
        Ok(clean) => Ok(clean),
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(true),
        Err(e) => Err(InputError(format!("`{shown_name}`: {e}"))),
    }
}

/// Counts every line of `input`, writing objects to `out` and errors to `err`.
pub(crate) fn process(
    input: &mut dyn Read,
    name: &str,
    mode: Mode,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<bool> {
    let workers = thread::available_parallelism().map_or(1, |n| n.get());
    let mut buf: Vec<u8> = Vec::with_capacity(BLOCK_BYTES + (BLOCK_BYTES >> 2));
    let mut first_line = 1usize;
    let mut clean = true;
    let mut eof = false;
    let mut want = BLOCK_BYTES;
    while !eof {
        // Fill up to a block, then cut after the last newline; the rest waits for the next
        // round. At end of input everything left is the last block.
        let need = want.saturating_sub(buf.len());
        let got = input.take(need as u64).read_to_end(&mut buf)?;
        eof = got < need;
        let cut = if eof {
            buf.len()
        } else {
            match buf.iter().rposition(|&b| b == b'\n') {
                Some(i) => i + 1,
                // A line longer than a block: keep reading until it ends.
                None => {
                    want = buf.len() + BLOCK_BYTES;
                    continue;
                }
            }
        };
        let (block, _) = buf.split_at(cut);
        for slice in count_block(block, mode, workers) {
            // A bad line gets an error object in its place, so output line N is always
            // about the Nth non-blank input line; the diagnostic goes to stderr.
            let mut written = 0;
            for bad in &slice.errors {
                clean = false;
                let line = first_line + bad.line;
                out.write_all(slice.out.get(written..bad.at).unwrap_or_default())?;
                written = bad.at;
                let object = serde_json::json!({ "line": line, "error": bad.error.message });
                writeln!(out, "{object}")?;
                writeln!(
                    err,
                    "smslint: error: {name}:{line}:{}: {}\n  help: {}",
                    bad.error.column, bad.error.message, bad.error.help
                )?;
            }
            out.write_all(slice.out.get(written..).unwrap_or_default())?;
            first_line += slice.lines;
        }
        buf.drain(..cut);
        want = BLOCK_BYTES;
    }
    out.flush()?;
    Ok(clean)
}

/// What counting one slice of lines produced.
struct SliceResult {
    out: Vec<u8>,
    errors: Vec<BadLine>,
    lines: usize,
}

/// A line without a usable body.
struct BadLine {
    /// The line's index in the slice (0-based).
    line: usize,
    /// Where in the slice's output its error object belongs.
    at: usize,
    error: LineError,
}

fn count_block(block: &[u8], mode: Mode, workers: usize) -> Vec<SliceResult> {
    let slices = cut_into_slices(block, workers);
    if slices.len() <= 1 {
        return slices.into_iter().map(|s| count_slice(s, mode)).collect();
    }
    thread::scope(|scope| {
        let handles: Vec<_> = slices
            .iter()
            .map(|slice| scope.spawn(move || count_slice(slice, mode)))
            .collect();
        handles
            .into_iter()
            .zip(&slices)
            // A panic in a worker would be a bug; recount that slice on this thread so no
            // line is lost rather than aborting the batch.
            .map(|(h, slice)| h.join().unwrap_or_else(|_| count_slice(slice, mode)))
            .collect()
    })
}

/// Cuts `block` into about `n` slices of whole lines.
fn cut_into_slices(block: &[u8], n: usize) -> Vec<&[u8]> {
    let mut slices = Vec::with_capacity(n);
    let mut rest = block;
    let target = block.len() / n.max(1) + 1;
    while !rest.is_empty() {
        if slices.len() + 1 >= n || rest.len() <= target {
            slices.push(rest);
            break;
        }
        let cut = rest
            .get(target..)
            .and_then(|tail| tail.iter().position(|&b| b == b'\n'))
            .map_or(rest.len(), |i| target + i + 1);
        let (head, tail) = rest.split_at(cut);
        slices.push(head);
        rest = tail;
    }
    slices
}

fn count_slice(slice: &[u8], mode: Mode) -> SliceResult {
    let mut out = Vec::with_capacity(slice.len() / 4 + 64);
    let mut errors = Vec::new();
    let mut lines = 0usize;
    for raw in slice.split_inclusive(|&b| b == b'\n') {
        let line = raw.strip_suffix(b"\n").unwrap_or(raw);
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        match body_of(line) {
            Ok(None) => {}
            Ok(Some(body)) => {
                write_body(&mut out, &body, mode);
                out.push(b'\n');
            }
            Err(error) => errors.push(BadLine {
                line: lines,
                at: out.len(),
                error,
            }),
        }
        lines += 1;
    }
    SliceResult { out, errors, lines }
}

/// Why a line has no body.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct LineError {
    column: usize,
    message: String,
    help: &'static str,
}

const LINE_HELP: &str =
    "each line must be a JSON string or a JSON object with a \"body\" string, e.g. {\"body\": \"Hi\"}";

#[derive(Deserialize)]
struct Record<'a> {
    #[serde(borrow, default)]
    body: Option<Cow<'a, str>>,
}

#[derive(Deserialize)]
struct Body<'a>(#[serde(borrow)] Cow<'a, str>);

/// The body on one line: `None` for a blank line (skipped, as JSONL readers do).
pub(crate) fn body_of(line: &[u8]) -> Result<Option<Cow<'_, str>>, LineError> {
    // simdutf8 validates several times faster than `std::str::from_utf8` on non-ASCII
    // text, which is most of what batch counting spends outside counting itself.
    let text = simdutf8::basic::from_utf8(line).map_err(|_| {
        let valid = std::str::from_utf8(line)
            .err()
            .and_then(|e| line.get(..e.valid_up_to()))
            .unwrap_or_default();
        LineError {
            column: String::from_utf8_lossy(valid).chars().count() + 1,
            message: "the line is not valid UTF-8".into(),
            help: "save the file as UTF-8",
        }
    })?;
    let Some(first) = text.find(|c: char| !c.is_ascii_whitespace()) else {
        return Ok(None);
    };
    let syntax = |e: serde_json::Error| {
        let reason = strip_position(&e);
        let message = if reason.contains("hex escape") || reason.contains("surrogate") {
            "the line has an invalid `\\u` escape: a UTF-16 surrogate must come in a high-low pair"
                .to_string()
        } else {
            format!("the line is not valid JSON: {reason}")
        };
        LineError {
            column: e.column().max(1),
            message,
            help: LINE_HELP,
        }
    };
    match text.as_bytes().get(first) {
        Some(b'"') => serde_json::from_str::<Body>(text)
            .map(|b| Some(b.0))
            .map_err(syntax),
        Some(b'{') => {
            let record: Record = serde_json::from_str(text).map_err(|e| {
                if e.is_data() {
                    LineError {
                        column: e.column().max(1),
                        message: "`body` is not a string".into(),
                        help: LINE_HELP,
                    }
                } else {
                    syntax(e)
                }
            })?;
            record.body.map(Some).ok_or(LineError {
                column: first + 1,
                message: "the object has no `body` key".into(),
                help: LINE_HELP,
            })
        }
        _ => Err(LineError {
            column: first + 1,
            message: "expected a JSON string or an object with a `body` key".into(),
            help: LINE_HELP,
        }),
    }
}

/// serde_json appends " at line L column C"; the CLI names the position itself.
fn strip_position(e: &serde_json::Error) -> String {
    let s = e.to_string();
    match s.rfind(" at line ").and_then(|i| s.get(..i)) {
        Some(head) => head.to_string(),
        None => s,
    }
}

/// The 1-based line and column (in characters) of byte `at` in `bytes`.
pub(crate) fn line_column(bytes: &[u8], at: usize) -> (usize, usize) {
    let before = bytes.get(..at).unwrap_or(bytes);
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let column = String::from_utf8_lossy(before.get(line_start..).unwrap_or(&[]))
        .chars()
        .count()
        + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;
    use smslint::sms::Options;

    fn mode(counts_only: bool) -> Mode {
        Mode {
            options: Options::default(),
            smart: false,
            counts_only,
        }
    }

    fn run_on(input: &str) -> (String, String, bool) {
        let mut out = Vec::new();
        let mut err = Vec::new();
        let clean = process(
            &mut input.as_bytes(),
            "in.jsonl",
            mode(true),
            &mut out,
            &mut err,
        )
        .unwrap();
        (
            String::from_utf8(out).unwrap(),
            String::from_utf8(err).unwrap(),
            clean,
        )
    }

    #[test]
    fn strings_and_objects_are_counted_in_order() {
        let (out, err, clean) = run_on("\"hi\"\n{\"id\": 7, \"body\": \"h\\u00e9\"}\r\n\n\"日本\"");
        assert!(clean, "{err}");
        assert_eq!(
            out,
            "{\"encoding\":\"GSM-7\",\"segments\":1,\"units\":2,\"characters\":2}\n\
             {\"encoding\":\"GSM-7\",\"segments\":1,\"units\":2,\"characters\":2}\n\
             {\"encoding\":\"UCS-2\",\"segments\":1,\"units\":2,\"characters\":2}\n"
        );
    }

    #[test]
    fn bad_lines_are_reported_and_the_rest_counted() {
        let (out, err, clean) = run_on("\"a\"\nnot json\n{\"to\": \"+1\"}\n{\"body\": 5}\n\"b\"\n");
        assert!(!clean);
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len(), 5, "{out}");
        assert!(lines[0].starts_with("{\"encoding\""));
        assert_eq!(
            lines[1],
            "{\"error\":\"expected a JSON string or an object with a `body` key\",\"line\":2}"
        );
        assert!(lines[2].contains("\"line\":3"));
        assert!(lines[3].contains("\"line\":4"));
        assert!(lines[4].starts_with("{\"encoding\""));
        assert!(
            err.contains("in.jsonl:2:1: expected a JSON string"),
            "{err}"
        );
        assert!(
            err.contains("in.jsonl:3:1: the object has no `body` key"),
            "{err}"
        );
        assert!(err.contains("in.jsonl:4:"), "{err}");
        assert!(err.contains("`body` is not a string"), "{err}");
    }

    #[test]
    fn a_lone_surrogate_is_named_as_such() {
        let e = body_of(br#""\ud800x""#).unwrap_err();
        assert!(e.message.contains("surrogate"), "{e:?}");
    }

    #[test]
    fn truncated_json_names_the_column() {
        let e = body_of(b"\"abc").unwrap_err();
        assert!(e.message.contains("not valid JSON"), "{e:?}");
        assert_eq!(e.column, 4);
    }

    #[test]
    fn slices_are_whole_lines_and_cover_the_block() {
        let block = b"a\nbb\nccc\ndddd\neeeee\n";
        for n in 1..6 {
            let slices = cut_into_slices(block, n);
            assert_eq!(slices.concat(), block.to_vec());
            assert!(slices.iter().all(|s| s.ends_with(b"\n")));
            assert!(slices.len() <= n);
        }
    }

    #[test]
    fn line_column_counts_characters() {
        assert_eq!(line_column("ab\ncé\u{FFFD}".as_bytes(), 6), (2, 3));
    }
}
