//! Source files and the diagnostics that point into them.
//!
//! Every error about a file the user wrote — a rule file, an account, a message batch —
//! is a [`SourceDiagnostic`]: the file, the byte span of the offending token, one line
//! saying what is wrong and, where there is something to say, what to do. Rendering turns
//! the span into `path:line:column` (columns count characters) and underlines it.

use std::fmt::{self, Write as _};
use std::io::Read;
use std::path::Path;
use std::sync::Arc;

use crate::text::Span;

/// A file's name and text, with the start of every line for position lookups.
///
/// It is a [`miette::SourceCode`], so a [`SourceDiagnostic`] renders through any miette
/// handler with the file's name and the offending line.
pub struct SourceFile {
    /// The name diagnostics show (a path as the user gave it).
    pub name: String,
    /// The whole text.
    pub text: String,
    line_starts: Vec<usize>,
    /// The number of the text's first line: 1, or where an excerpt was taken from.
    first_line: usize,
}

impl SourceFile {
    /// A source file.
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Arc<SourceFile> {
        let text = text.into();
        let line_starts = line_starts(&text);
        Arc::new(SourceFile {
            name: name.into(),
            text,
            line_starts,
            first_line: 1,
        })
    }

    /// What a diagnostic at `span` needs of this file, and the span in it: the span's first
    /// and last lines, with empty lines between them, numbered as here. A finding keeps
    /// this instead of the whole file, so a run over many large files holds only the lines
    /// its findings show; every line and column reads as in the whole file.
    pub fn excerpt(&self, span: Span) -> (Arc<SourceFile>, Span) {
        let (first, _) = self.line_col(span.start);
        let (last, _) = self.line_col(span.end);
        let start_of = |line: usize| {
            self.line_starts
                .get(line - self.first_line)
                .copied()
                .unwrap_or(self.text.len())
        };
        // A line as written, without the `\n` that ends it (a `\r` before it stays, so
        // that a column counted up to a line break reads the same).
        let raw = |line: usize| {
            let text = self
                .text
                .get(start_of(line)..start_of(line + 1))
                .unwrap_or("");
            text.strip_suffix('\n').unwrap_or(text)
        };
        let (top, bottom) = (raw(first), raw(last));
        let from = start_of(first);
        let mut text = String::from(top);
        let end = if last == first {
            span.end.saturating_sub(from).min(top.len())
        } else {
            text.extend(std::iter::repeat_n('\n', last - first));
            let at = text.len();
            text.push_str(bottom);
            at + span.end.saturating_sub(start_of(last)).min(bottom.len())
        };
        // A line that ends in `\r` keeps its break as `\r\n`: a `\r` alone at the end would
        // end the line before an offset between it and its `\n`.
        if text.ends_with('\r') {
            text.push('\n');
        }
        let start = span.start.saturating_sub(from).min(top.len());
        let mut excerpt = SourceFile {
            name: self.name.clone(),
            line_starts: line_starts(&text),
            text,
            first_line: first,
        };
        excerpt.name.shrink_to_fit();
        (Arc::new(excerpt), Span::new(start, end.max(start)))
    }

    /// Reads the file at `path` as UTF-8 text of at most `limit` bytes. Reading stops at
    /// the limit, so a file that grows, a device or a pipe cannot take more memory than
    /// that. A byte order mark is dropped, so columns count from the first character a
    /// person sees.
    ///
    /// # Errors
    ///
    /// A diagnostic for a file that cannot be read, is over the limit, or is not UTF-8
    /// (pointing at the first byte that is not).
    pub fn read(path: &Path, limit: u64) -> Result<Arc<SourceFile>, SourceDiagnostic> {
        let name = path.display().to_string();
        let fail = |message: String, help: &str| unread(&name, message, help);
        let cannot = |e: std::io::Error| {
            fail(
                format!("cannot read: {e}"),
                "check the path and its permissions",
            )
        };
        let file = std::fs::File::open(path).map_err(cannot)?;
        // A regular file says its size: one over the limit is refused unread.
        if let Ok(meta) = file.metadata() {
            if meta.is_file() && meta.len() > limit {
                return Err(fail(
                    format!(
                        "the file is {} bytes, over the limit of {limit}",
                        meta.len()
                    ),
                    "split it into several smaller files",
                ));
            }
        }
        // The size a regular file says is the buffer to read it into, in one or two reads.
        let size = file.metadata().map_or(0, |m| m.len()).min(limit);
        let capacity = usize::try_from(size).unwrap_or(0).saturating_add(1);
        SourceFile::read_into(name, file, limit, Vec::with_capacity(capacity))
    }

    /// Reads a file from `reader` (a pipe, stdin) as [`SourceFile::read`] reads a path:
    /// at most `limit` bytes, a UTF-8 byte-order mark dropped, UTF-8 required.
    ///
    /// # Errors
    ///
    /// A diagnostic for input that cannot be read, is over the limit, or is not UTF-8.
    pub fn from_reader(
        name: impl Into<String>,
        reader: impl Read,
        limit: u64,
    ) -> Result<Arc<SourceFile>, SourceDiagnostic> {
        SourceFile::read_into(name.into(), reader, limit, Vec::new())
    }

    fn read_into(
        name: String,
        reader: impl Read,
        limit: u64,
        mut bytes: Vec<u8>,
    ) -> Result<Arc<SourceFile>, SourceDiagnostic> {
        let fail = |message: String, help: &str| unread(&name, message, help);
        reader
            .take(limit.saturating_add(1))
            .read_to_end(&mut bytes)
            .map_err(|e| {
                fail(
                    format!("cannot read: {e}"),
                    "check the path and its permissions",
                )
            })?;
        if bytes.len() as u64 > limit {
            // A device, a pipe, or a file that grew while it was read.
            return Err(fail(
                format!("the input is over the limit of {limit} bytes"),
                "split it into several smaller files",
            ));
        }
        if bytes.starts_with(b"\xEF\xBB\xBF") {
            bytes.drain(..3);
        }
        match String::from_utf8(bytes) {
            Ok(text) => Ok(SourceFile::new(name, text)),
            Err(e) => {
                let at = e.utf8_error().valid_up_to();
                let start = String::from_utf8_lossy(e.as_bytes().get(..at).unwrap_or(&[])).len();
                let file =
                    SourceFile::new(name, String::from_utf8_lossy(e.as_bytes()).into_owned());
                Err(SourceDiagnostic::error(
                    &file,
                    Some(Span::new(start, start + 1)),
                    format!("the file is not UTF-8 (invalid byte at offset {at})"),
                    Some("save it as UTF-8".into()),
                ))
            }
        }
    }

    /// The 1-based line and 1-based column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = self.line_starts.partition_point(|&s| s <= offset).max(1);
        let start = self.line_starts.get(line - 1).copied().unwrap_or(0);
        let col = self
            .text
            .get(start..offset)
            .map_or(offset - start, |s| s.chars().count());
        (line + self.first_line - 1, col + 1)
    }

    /// The text of a 1-based line, without its line break.
    pub fn line(&self, line: usize) -> &str {
        let line = (line + 1).saturating_sub(self.first_line);
        let start = self
            .line_starts
            .get(line.wrapping_sub(1))
            .copied()
            .unwrap_or(0);
        let end = self
            .line_starts
            .get(line)
            .copied()
            .unwrap_or(self.text.len());
        self.text
            .get(start..end)
            .unwrap_or("")
            .trim_end_matches(['\n', '\r'])
    }
}

/// A problem with a file that could not be read: no text, no place.
fn unread(name: &str, message: String, help: &str) -> SourceDiagnostic {
    SourceDiagnostic::error(&SourceFile::new(name, ""), None, message, Some(help.into()))
}

impl fmt::Debug for SourceFile {
    // The text can be megabytes: a debug print of an error shows the name and the size.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SourceFile")
            .field("name", &self.name)
            .field("bytes", &self.text.len())
            .finish_non_exhaustive()
    }
}

impl miette::SourceCode for SourceFile {
    fn read_span<'a>(
        &'a self,
        span: &miette::SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn miette::SpanContents<'a> + 'a>, miette::MietteError> {
        let inner = self
            .text
            .read_span(span, context_lines_before, context_lines_after)?;
        Ok(Box::new(miette::MietteSpanContents::new_named(
            self.name.clone(),
            inner.data(),
            *inner.span(),
            inner.line(),
            inner.column(),
            inner.line_count(),
        )))
    }
}

/// The byte offset where each line of `text` starts; the first is 0. Lines end at `\n`,
/// `\r\n` or a lone `\r`, as YAML 1.2 (§5.4) says: the one definition of a line every
/// position smslint reports uses.
pub(crate) fn line_starts(text: &str) -> Vec<usize> {
    let bytes = text.as_bytes();
    let mut starts = vec![0];
    for i in memchr::memchr2_iter(b'\n', b'\r', bytes) {
        let crlf = bytes.get(i) == Some(&b'\r') && bytes.get(i + 1) == Some(&b'\n');
        if !crlf {
            starts.push(i + 1);
        }
    }
    starts
}

/// How serious a diagnostic is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    /// The input cannot be used.
    Error,
    /// The input works but probably not as meant.
    Warning,
}

/// A problem in a source file: the one shape every stage's problems take once they are
/// placed in a file (a rule file, an account, a message batch, a configuration).
///
/// `Display` is `path:line:column: message` on one line; [`SourceDiagnostic::render`] adds
/// the source line with the span underlined and the help. It is a [`std::error::Error`] and
/// a [`miette::Diagnostic`] (with the span as its label and the file as its source code).
#[derive(Clone, Debug)]
pub struct SourceDiagnostic {
    /// Error or warning.
    pub level: Level,
    /// The file.
    pub file: Arc<SourceFile>,
    /// The offending bytes, when the problem has a place.
    pub span: Option<Span>,
    /// What is wrong, one lowercase line.
    pub message: String,
    /// What to do about it.
    pub help: Option<String>,
}

impl SourceDiagnostic {
    /// An error at `span` of `file`.
    pub fn error(
        file: &Arc<SourceFile>,
        span: Option<Span>,
        message: impl Into<String>,
        help: Option<String>,
    ) -> SourceDiagnostic {
        SourceDiagnostic {
            level: Level::Error,
            file: Arc::clone(file),
            span,
            message: message.into(),
            help,
        }
    }

    /// `path:line:column`, or just the path when there is no place.
    pub fn location(&self) -> String {
        match self.span {
            Some(span) => {
                let (line, col) = self.file.line_col(span.start);
                format!("{}:{line}:{col}", self.file.name)
            }
            None => self.file.name.clone(),
        }
    }

    /// The 1-based line and column of the start, if there is a place.
    pub fn line_col(&self) -> Option<(usize, usize)> {
        self.span.map(|s| self.file.line_col(s.start))
    }

    /// The diagnostic as a person reads it: the message, the place, the line with the
    /// span underlined, and the help.
    pub fn render(&self) -> String {
        let mut out = String::new();
        let level = match self.level {
            Level::Error => "error",
            Level::Warning => "warning",
        };
        let _ = writeln!(out, "{level}: {}", super::visible(&self.message));
        let _ = writeln!(out, "  --> {}", super::visible(&self.location()));
        if let Some(span) = self.span {
            let (line, col) = self.file.line_col(span.start);
            let (end_line, end_col) = self.file.line_col(span.end);
            let text = self.file.line(line);
            let width = line.to_string().len();
            let expanded: String = text
                .chars()
                .map(|c| if c == '\t' { ' ' } else { c })
                .collect();
            // One visible character for each that a terminal would act on: carets stay
            // under the same columns.
            let expanded = super::visible(&expanded).into_owned();
            let length = if end_line == line {
                end_col.saturating_sub(col).max(1)
            } else {
                text.chars().count().saturating_sub(col - 1).max(1)
            };
            let (shown, at, room) = window(&expanded, col - 1);
            let _ = writeln!(out, "{:width$} |", "");
            let _ = writeln!(out, "{line:width$} | {shown}");
            let _ = writeln!(
                out,
                "{:width$} | {}{}",
                "",
                " ".repeat(at),
                "^".repeat(length.min(room).max(1))
            );
        }
        if let Some(help) = &self.help {
            let _ = writeln!(out, "  = help: {}", super::visible(help));
        }
        out
    }
}

impl fmt::Display for SourceDiagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {}",
            super::visible(&self.location()),
            super::visible(&self.message)
        )
    }
}

impl std::error::Error for SourceDiagnostic {}

impl miette::Diagnostic for SourceDiagnostic {
    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.level {
            Level::Error => miette::Severity::Error,
            Level::Warning => miette::Severity::Warning,
        })
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display + 'a>)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        Some(&*self.file)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = miette::LabeledSpan> + '_>> {
        let span = self.span?;
        Some(Box::new(std::iter::once(miette::LabeledSpan::new(
            None,
            span.start,
            span.len(),
        ))))
    }
}

/// Every problem found in loading something made of several files (a rule pack, a
/// configuration): an `Err` that works with `?` and renders all of them, not only the
/// first.
#[derive(Clone, Debug)]
pub struct Diagnostics {
    /// The problems, in the order they were found.
    pub problems: Vec<SourceDiagnostic>,
}

impl Diagnostics {
    /// The problems, rendered one after the other as [`SourceDiagnostic::render`] does.
    pub fn render(&self) -> String {
        self.problems.iter().map(SourceDiagnostic::render).collect()
    }
}

impl From<Vec<SourceDiagnostic>> for Diagnostics {
    fn from(problems: Vec<SourceDiagnostic>) -> Diagnostics {
        Diagnostics { problems }
    }
}

impl From<SourceDiagnostic> for Diagnostics {
    fn from(problem: SourceDiagnostic) -> Diagnostics {
        Diagnostics {
            problems: vec![problem],
        }
    }
}

impl IntoIterator for Diagnostics {
    type Item = SourceDiagnostic;
    type IntoIter = std::vec::IntoIter<SourceDiagnostic>;

    fn into_iter(self) -> Self::IntoIter {
        self.problems.into_iter()
    }
}

impl<'a> IntoIterator for &'a Diagnostics {
    type Item = &'a SourceDiagnostic;
    type IntoIter = std::slice::Iter<'a, SourceDiagnostic>;

    fn into_iter(self) -> Self::IntoIter {
        self.problems.iter()
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.problems.as_slice() {
            [one] => write!(f, "{one}"),
            all => {
                write!(f, "{} problems:", all.len())?;
                for p in all {
                    write!(f, "\n{p}")?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for Diagnostics {}

impl miette::Diagnostic for Diagnostics {
    fn related<'a>(&'a self) -> Option<Box<dyn Iterator<Item = &'a dyn miette::Diagnostic> + 'a>> {
        Some(Box::new(
            self.problems.iter().map(|p| p as &dyn miette::Diagnostic),
        ))
    }
}

/// The most characters of a source line a rendered diagnostic shows: a longer line (a
/// condition thousands of characters long, 10,000 nested brackets) is cut to a window.
const MAX_SHOWN_CHARS: usize = 100;

/// How many characters before the span a cut line keeps.
const CONTEXT_CHARS: usize = 20;

/// The part of `line` shown under a diagnostic whose span starts at character `at`: the
/// text, with `…` where it is cut; the character the span starts at in it; and how many
/// characters of the span it shows.
fn window(line: &str, at: usize) -> (String, usize, usize) {
    let n = line.chars().count();
    if n <= MAX_SHOWN_CHARS {
        return (line.to_owned(), at, n.saturating_sub(at));
    }
    let from = at.saturating_sub(CONTEXT_CHARS).min(n - MAX_SHOWN_CHARS);
    let to = from + MAX_SHOWN_CHARS;
    let mut shown = String::with_capacity(MAX_SHOWN_CHARS + 8);
    if from > 0 {
        shown.push('…');
    }
    shown.extend(line.chars().skip(from).take(MAX_SHOWN_CHARS));
    if to < n {
        shown.push('…');
    }
    (
        shown,
        at.saturating_sub(from) + usize::from(from > 0),
        to.saturating_sub(at),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_lines_and_characters() {
        let f = SourceFile::new("r.yaml", "id: x\nwhen: “a” and b\r\nlast");
        assert_eq!(f.line_col(0), (1, 1));
        assert_eq!(f.line_col(6), (2, 1));
        let b = f.text.find(" b").unwrap() + 1;
        assert_eq!(f.line_col(b), (2, 15));
        assert_eq!(f.line(2), "when: “a” and b");
        assert_eq!(f.line_col(f.text.len()), (3, 5));
    }

    /// An excerpt reads every place of its span as the whole file does, and holds only
    /// the span's first and last lines.
    #[test]
    fn an_excerpt_reads_as_the_whole_file() {
        let text = "kind: account\r\nid: “x”\nnumbers:\n  - a\r  - b\n\n  - c\nend";
        let f = SourceFile::new("a.yaml", text);
        let cuts: Vec<usize> = (0..=text.len())
            .filter(|&i| text.is_char_boundary(i))
            .collect();
        for &start in &cuts {
            for &end in cuts.iter().filter(|&&e| e >= start) {
                let (e, span) = f.excerpt(Span::new(start, end));
                assert_eq!(e.line_col(span.start), f.line_col(start), "{start}..{end}");
                assert_eq!(e.line_col(span.end), f.line_col(end), "{start}..{end}");
                let line = f.line_col(start).0;
                assert_eq!(e.line(line), f.line(line), "{start}..{end}");
                assert!(e.text.len() <= text.len());
            }
        }
        let big = "x: 1\n".repeat(100_000);
        let f = SourceFile::new("big.yaml", big);
        let (e, _) = f.excerpt(Span::new(12, 14));
        assert_eq!(e.text, "x: 1");
    }

    /// A lone CR ends a line, as in YAML, so a position agrees with the YAML loader's.
    #[test]
    fn a_lone_cr_ends_a_line_as_in_yaml() {
        let text = "a: 1\rb: x\r\nc: 2\nd";
        let f = SourceFile::new("cr.yaml", text);
        let index = crate::yaml::LineIndex::new(text);
        for at in 0..=text.len() {
            assert_eq!(f.line_col(at), index.line_col(at), "byte {at}");
        }
        assert_eq!(f.line(2), "b: x");
        assert_eq!(f.line_col(text.find('c').unwrap()), (3, 1));
    }

    #[test]
    fn rendering_underlines_the_span() {
        let f = SourceFile::new("r.yaml", "id: x\nrequire: segmnts(body) > 1\n");
        let start = f.text.find("segmnts").unwrap();
        let d = SourceDiagnostic::error(
            &f,
            Some(Span::new(start, start + 7)),
            "unknown function `segmnts`",
            Some("did you mean `segments`?".into()),
        );
        assert_eq!(
            d.render(),
            "error: unknown function `segmnts`\n  --> r.yaml:2:10\n  |\n2 | require: segmnts(body) > 1\n  |          ^^^^^^^\n  = help: did you mean `segments`?\n"
        );
    }

    #[test]
    fn long_lines_are_cut_to_a_window_around_the_span() {
        let long = format!("require: {}bdy{}", "a ".repeat(200), " b".repeat(200));
        let f = SourceFile::new("r.yaml", long.clone());
        let start = f.text.find("bdy").unwrap();
        let d = SourceDiagnostic::error(&f, Some(Span::new(start, start + 3)), "x", None);
        let rendered = d.render();
        let lines: Vec<&str> = rendered.lines().collect();
        let shown = lines[3].strip_prefix("1 | ").unwrap();
        let carets = lines[4].strip_prefix("  | ").unwrap();
        assert!(shown.starts_with('…') && shown.ends_with('…'), "{shown}");
        assert_eq!(shown.chars().count(), MAX_SHOWN_CHARS + 2);
        let at = carets.find('^').unwrap();
        assert_eq!(carets.trim(), "^^^");
        let under: String = shown.chars().skip(at).take(3).collect();
        assert_eq!(under, "bdy");
        // A span from column 10 to the end of a long line is underlined only as far as
        // the line is shown: the window starts at the line's start, so 91 characters.
        let d = SourceDiagnostic::error(&f, Some(Span::new(9, long.len())), "x", None);
        let rendered = d.render();
        let carets = rendered.lines().nth(4).unwrap();
        assert_eq!(carets, format!("  | {}{}", " ".repeat(9), "^".repeat(91)));
        assert!(rendered.lines().nth(3).unwrap().ends_with('…'));
    }
}
