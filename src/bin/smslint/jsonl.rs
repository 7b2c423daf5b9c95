//! Batch mode: one body per JSONL line, one JSON object out per line, in order.
//!
//! Input is read in slices of whole lines, counted by one worker per core, and written in
//! input order. Memory stays bounded by the slices in flight (plus the longest line), and a
//! bad line is reported on stderr with its file, line and column, with an error object in
//! its place on stdout, while every other line is still counted.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fs::File;
use std::io::{self, Read, Write};
use std::panic::{self, AssertUnwindSafe};
use std::path::Path;
use std::sync::{mpsc, Arc, Mutex};
use std::thread;

use serde::Deserialize;

use crate::counting::{InputError, Mode};
use crate::json::write_body;
use crate::json_string;

/// Bytes of whole lines handed to a worker at a time: large enough that handing over costs
/// nothing, small enough that the workers stay evenly loaded.
const SLICE_BYTES: usize = 1 << 20;

/// Counts every line of `path` (`-` for stdin) to `out`. Returns whether every line was
/// usable; the errors have been written to stderr.
pub(crate) fn run(path: &Path, mode: Mode, out: &mut dyn Write) -> Result<bool, InputError> {
    run_with(path, &|slice: &[u8]| count_slice(slice, mode), out).map(|(clean, _)| clean)
}

/// Runs `work` over every slice of lines of `path` (`-` for stdin), writing its output to
/// `out` in input order. Returns whether every line was usable, and whether `work`
/// flagged any slice as failed (findings at the failure threshold, for `check --jsonl`).
pub(crate) fn run_with<F>(
    path: &Path,
    work: &F,
    out: &mut dyn Write,
) -> Result<(bool, bool), InputError>
where
    F: Fn(&[u8]) -> SliceResult + Sync,
{
    let name = path.display().to_string();
    let input: Box<dyn Read + Send> = if name == "-" {
        Box::new(io::stdin())
    } else {
        Box::new(File::open(path).map_err(|e| InputError(format!("cannot read `{name}`: {e}")))?)
    };
    let shown_name = if name == "-" { "<stdin>" } else { &name };
    let mut err = io::stderr().lock();
    let outcome = process(input, shown_name, work, out, &mut err);
    match outcome {
        Ok(result) => Ok(result),
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok((true, false)),
        Err(e) => Err(InputError(format!("`{shown_name}`: {e}"))),
    }
}

/// A slice of whole lines and its place in the input.
struct Slice {
    seq: usize,
    bytes: Vec<u8>,
}

/// Counts every line of `input`, writing objects to `out` and errors to `err`.
///
/// Three stages run at once: a reader cuts the input into slices of whole lines, one
/// worker per core counts slices as they come, and this thread writes the results in
/// input order. Memory is bounded by the slices in flight; a slow slice never holds up
/// the other workers.
pub(crate) fn process<R, F>(
    input: R,
    name: &str,
    work: &F,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<(bool, bool)>
where
    R: Read + Send,
    F: Fn(&[u8]) -> SliceResult + Sync,
{
    let workers = thread::available_parallelism().map_or(1, |n| n.get());
    let (slices, queue) = mpsc::sync_channel::<io::Result<Slice>>(2 * workers);
    let (done, results) = mpsc::sync_channel::<(usize, io::Result<SliceResult>)>(2 * workers);
    let (recycle, recycled) = mpsc::channel::<Vec<u8>>();
    // Each worker holds the queue; when the last one stops, the reader's next send fails
    // and it stops too, so an early stop of the writer cannot leave a stage blocked.
    let queue = Arc::new(Mutex::new(queue));
    thread::scope(|scope| {
        scope.spawn(move || read_slices(input, &slices, &recycled));
        for _ in 0..workers {
            let (queue, done, recycle) = (Arc::clone(&queue), done.clone(), recycle.clone());
            scope.spawn(move || loop {
                let next = match queue.lock() {
                    Ok(queue) => queue.recv(),
                    Err(_) => return,
                };
                let (seq, result) = match next {
                    Ok(Ok(slice)) => {
                        // A panic here would be a bug; it must not lose the slice's lines
                        // silently, so it becomes an error for the whole run.
                        let counted = panic::catch_unwind(AssertUnwindSafe(|| work(&slice.bytes)))
                            .map_err(|_| io::Error::other("internal error while counting lines"));
                        let _ = recycle.send(slice.bytes);
                        (slice.seq, counted)
                    }
                    // The reader failed: pass the error on, in sequence.
                    Ok(Err(e)) => (usize::MAX, Err(e)),
                    Err(_) => return,
                };
                if done.send((seq, result)).is_err() {
                    return;
                }
            });
        }
        drop((done, queue, recycle));
        let written = write_in_order(&results, name, out, err);
        // Stop the other stages early if writing failed (a closed pipe, say).
        drop(results);
        written
    })
}

/// Writes slice results as they arrive, in input order. Returns whether every line was
/// usable.
fn write_in_order(
    results: &mpsc::Receiver<(usize, io::Result<SliceResult>)>,
    name: &str,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<(bool, bool)> {
    let mut waiting = BTreeMap::new();
    let mut next = 0usize;
    let mut first_line = 1usize;
    let mut clean = true;
    let mut failed = false;
    for (seq, result) in results {
        waiting.insert(seq, result?);
        while let Some(slice) = waiting.remove(&next) {
            clean &= write_slice(&slice, first_line, name, out, err)?;
            failed |= slice.failed;
            first_line += slice.lines;
            next += 1;
        }
    }
    out.flush()?;
    if !waiting.is_empty() {
        // Only possible if a stage stopped without reporting: never write a partial
        // result as if it were whole.
        return Err(io::Error::other(
            "internal error: some lines were not counted",
        ));
    }
    Ok((clean, failed))
}

/// Sends `input` in slices of whole lines (the last may lack its newline), reusing the
/// buffers the workers give back. A line longer than [`MAX_LINE_BYTES`] is cut to its
/// first `MAX_LINE_BYTES + 1` bytes and the rest of it is dropped as it is read, so one
/// huge line costs no more memory than a slice; the workers report it as too long. Stops
/// when the workers are gone.
fn read_slices<R: Read>(
    mut input: R,
    slices: &mpsc::SyncSender<io::Result<Slice>>,
    recycled: &mpsc::Receiver<Vec<u8>>,
) {
    let mut carry: Vec<u8> = Vec::new();
    let mut chunk = vec![0_u8; 1 << 16];
    // Inside a line already cut to the limit: drop bytes up to its newline.
    let mut skipping = false;
    for seq in 0.. {
        let mut bytes = recycled.try_recv().unwrap_or_default();
        bytes.clear();
        bytes.append(&mut carry);
        // Where the unfinished last line of `bytes` starts.
        let mut line_start = memchr::memrchr(b'\n', &bytes).map_or(0, |i| i + 1);
        let mut eof = false;
        while bytes.len() < SLICE_BYTES || line_start == 0 {
            let n = match input.read(&mut chunk) {
                Ok(0) => {
                    eof = true;
                    break;
                }
                Ok(n) => n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => {
                    let _ = slices.send(Err(e));
                    return;
                }
            };
            let mut data = chunk.get(..n).unwrap_or_default();
            if skipping {
                let Some(end) = memchr::memchr(b'\n', data) else {
                    continue;
                };
                bytes.push(b'\n');
                line_start = bytes.len();
                data = data.get(end + 1..).unwrap_or_default();
                skipping = false;
            }
            let before = bytes.len();
            bytes.extend_from_slice(data);
            if let Some(i) = memchr::memrchr(b'\n', data) {
                line_start = before + i + 1;
            }
            if bytes.len() - line_start > MAX_LINE_BYTES {
                bytes.truncate(line_start + MAX_LINE_BYTES + 1);
                skipping = true;
            }
        }
        if !eof {
            carry.extend_from_slice(bytes.get(line_start..).unwrap_or_default());
            bytes.truncate(line_start);
        }
        // A byte order mark (as Windows tools write) is not part of the first line.
        if seq == 0 && bytes.starts_with(b"\xEF\xBB\xBF") {
            bytes.drain(..3);
        }
        if slices.send(Ok(Slice { seq, bytes })).is_err() || eof {
            return;
        }
    }
}

/// The longest JSONL line read, in bytes. A longer line is reported as an error with its
/// line number (the lines around it are still read); it is never held in memory whole.
pub(crate) const MAX_LINE_BYTES: usize = 1 << 20;

/// A line as text: refused when it is over [`MAX_LINE_BYTES`] (it was cut when read) or
/// is not UTF-8.
pub(crate) fn line_text(line: &[u8]) -> Result<&str, LineError> {
    if line.len() > MAX_LINE_BYTES {
        return Err(LineError {
            column: 1,
            message: format!("the line is longer than the limit of {MAX_LINE_BYTES} bytes"),
            help: "write one message per line; a message body is at most a few kilobytes".into(),
        });
    }
    utf8(line)
}

/// Writes one slice's objects, with an error object in place of each bad line (so output
/// line N is always about the Nth non-blank input line) and its diagnostic on stderr.
/// Returns whether the slice had no bad line.
fn write_slice(
    slice: &SliceResult,
    first_line: usize,
    name: &str,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<bool> {
    let mut written = 0;
    for bad in &slice.errors {
        let line = first_line + bad.line;
        out.write_all(slice.out.get(written..bad.at).unwrap_or_default())?;
        written = bad.at;
        let object =
            serde_json::json!({ "line": line, "error": bad.error.message, "help": bad.error.help });
        writeln!(out, "{object}")?;
        let shown = smslint::unstable::text::visible;
        writeln!(
            err,
            "smslint: error: {}:{line}:{}: {}\n  help: {}",
            shown(name),
            bad.error.column,
            shown(&bad.error.message),
            shown(&bad.error.help)
        )?;
    }
    out.write_all(slice.out.get(written..).unwrap_or_default())?;
    Ok(slice.errors.is_empty())
}

/// What the work on one slice of lines produced.
pub(crate) struct SliceResult {
    /// The output lines, in order.
    pub(crate) out: Vec<u8>,
    /// The lines that could not be used.
    pub(crate) errors: Vec<BadLine>,
    /// The lines in the slice, blank ones included.
    pub(crate) lines: usize,
    /// Whether the work found something that fails the run (exit code 1).
    pub(crate) failed: bool,
}

/// A line that could not be used.
pub(crate) struct BadLine {
    /// The line's index in the slice (0-based).
    pub(crate) line: usize,
    /// Where in the slice's output its error object belongs.
    pub(crate) at: usize,
    pub(crate) error: LineError,
}

/// The lines of a slice of whole lines, without their `\n` or `\r\n`; a final line break
/// ends the last line rather than starting an empty one, so line numbers stay exact.
pub(crate) fn slice_lines(slice: &[u8]) -> impl Iterator<Item = &[u8]> {
    let body = slice.strip_suffix(b"\n").unwrap_or(slice);
    // `None` once the last line is out; line breaks found with `memchr`, not byte by byte.
    let mut rest = (!slice.is_empty()).then_some(body);
    std::iter::from_fn(move || {
        let text = rest?;
        Some(match memchr::memchr(b'\n', text) {
            Some(end) => {
                rest = text.get(end + 1..);
                text.get(..end).unwrap_or_default()
            }
            None => rest.take().unwrap_or_default(),
        })
    })
    .map(|raw| raw.strip_suffix(b"\r").unwrap_or(raw))
}

fn count_slice(slice: &[u8], mode: Mode) -> SliceResult {
    let mut out = Vec::with_capacity(slice.len() / 4 + 64);
    let mut errors = Vec::new();
    let mut scratch = String::new();
    let mut lines = 0usize;
    for line in slice_lines(slice) {
        let outcome =
            line_text(line).and_then(|text| match json_string::decode(text, &mut scratch) {
                Some(body) => Ok(Some(Cow::Borrowed(body))),
                None => body_of_text(text),
            });
        match outcome {
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
    SliceResult {
        out,
        errors,
        lines,
        failed: false,
    }
}

/// Why a line has no body.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct LineError {
    pub(crate) column: usize,
    pub(crate) message: String,
    pub(crate) help: Cow<'static, str>,
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
#[cfg(test)]
fn body_of(line: &[u8]) -> Result<Option<Cow<'_, str>>, LineError> {
    body_of_text(utf8(line)?)
}

/// The line as text. simdutf8 validates several times faster than `std::str::from_utf8`
/// on non-ASCII text, which is most of what batch counting spends outside counting.
fn utf8(line: &[u8]) -> Result<&str, LineError> {
    simdutf8::basic::from_utf8(line).map_err(|_| {
        let valid = std::str::from_utf8(line)
            .err()
            .and_then(|e| line.get(..e.valid_up_to()))
            .unwrap_or_default();
        LineError {
            column: String::from_utf8_lossy(valid).chars().count() + 1,
            message: "the line is not valid UTF-8".into(),
            help: "save the file as UTF-8".into(),
        }
    })
}

/// The body in a line of text, through serde_json (strings with unusual escapes,
/// objects, and every error message).
fn body_of_text(text: &str) -> Result<Option<Cow<'_, str>>, LineError> {
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
            help: LINE_HELP.into(),
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
                        help: LINE_HELP.into(),
                    }
                } else {
                    syntax(e)
                }
            })?;
            record.body.map(Some).ok_or(LineError {
                column: first + 1,
                message: "the object has no `body` key".into(),
                help: LINE_HELP.into(),
            })
        }
        _ => Err(LineError {
            column: first + 1,
            message: "expected a JSON string or an object with a `body` key".into(),
            help: LINE_HELP.into(),
        }),
    }
}

/// serde_json appends " at line L column C"; the CLI names the position itself.
pub(crate) fn strip_position(e: &serde_json::Error) -> String {
    let s = e.to_string();
    match s.rfind(" at line ").and_then(|i| s.get(..i)) {
        Some(head) => head.to_string(),
        None => s,
    }
}

/// The 1-based line and column (in characters) of byte `at` in `bytes`, text that is not
/// UTF-8 (so no `SourceFile`). Lines end at `\n` only: in JSONL and in a body on stdin a
/// line is what ends at a line feed, which is also how the batch reader splits records.
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
        let work = |slice: &[u8]| count_slice(slice, mode(true));
        let (clean, _) = process(input.as_bytes(), "in.jsonl", &work, &mut out, &mut err).unwrap();
        (
            String::from_utf8(out).unwrap(),
            String::from_utf8(err).unwrap(),
            clean,
        )
    }

    #[test]
    fn an_overlong_line_is_cut_reported_and_its_neighbours_counted() {
        // Over the limit, over a slice, with a line break and a long line right after it.
        for len in [MAX_LINE_BYTES + 1, 3 * MAX_LINE_BYTES + 5] {
            let input = format!(
                "\"a\"\n\"{}\"\n\"b\"\n\"{}\"\n\"c\"",
                "x".repeat(len),
                "y".repeat(MAX_LINE_BYTES - 2)
            );
            let (out, err, clean) = run_on(&input);
            assert!(!clean);
            let lines: Vec<&str> = out.lines().collect();
            assert_eq!(lines.len(), 5, "{}", &out[..out.len().min(300)]);
            assert!(
                lines[1].starts_with("{\"error\":\"the line is longer"),
                "{}",
                lines[1]
            );
            assert!(lines[0].contains("\"units\":1") && lines[2].contains("\"units\":1"));
            assert!(lines[3].contains(&format!("\"units\":{}", MAX_LINE_BYTES - 2)));
            assert!(lines[4].contains("\"units\":1"));
            assert!(
                err.contains("in.jsonl:2:1: the line is longer than the limit"),
                "{err}"
            );
        }
    }

    #[test]
    fn slices_split_into_exact_lines() {
        let lines = |s: &str| -> Vec<String> {
            slice_lines(s.as_bytes())
                .map(|l| String::from_utf8_lossy(l).into_owned())
                .collect()
        };
        assert_eq!(lines(""), Vec::<String>::new());
        assert_eq!(lines("\n"), [""]);
        assert_eq!(lines("a\r\nb"), ["a", "b"]);
        assert_eq!(lines("a\n\nb\n"), ["a", "", "b"]);
        assert_eq!(lines("a\n\n"), ["a", ""]);
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
            "{\"error\":\"expected a JSON string or an object with a `body` key\",\"help\":\"each \
             line must be a JSON string or a JSON object with a \\\"body\\\" string, e.g. \
             {\\\"body\\\": \\\"Hi\\\"}\",\"line\":2}"
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
    fn line_column_counts_characters() {
        assert_eq!(line_column("ab\ncé\u{FFFD}".as_bytes(), 6), (2, 3));
    }
}
