//! Scalars and the map from a decoded scalar back to the text it was written as.
//!
//! A condition lives in a YAML string, and the string a rule author wrote is not the string
//! the loader sees: quotes are stripped, escapes resolved, lines folded, indentation
//! removed. A type error at byte 12 of the decoded condition has to be shown where that
//! character is written in the file, so every scalar carries an [`OffsetMap`].
//!
//! saphyr-parser gives the decoded value and where the scalar starts and ends, not where
//! each character came from. So the scalar's source is read a second time here, by
//! decoders that follow saphyr's own scanner step by step (plain, single- and
//! double-quoted, literal and folded) and record, for each stretch of decoded text, the
//! source byte it came from. A decoder's output is then compared with saphyr's value: only
//! an identical value makes the map exact. Where they differ (an input this module does not
//! model) the map falls back to pointing every offset at the start of the scalar, which is
//! coarse but never wrong about the scalar.

/// How a scalar is written in the source.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Style {
    /// Unquoted: `name: value`.
    Plain,
    /// In single quotes: `'it''s'`.
    SingleQuoted,
    /// In double quotes, with escapes: `"caf\u00e9"`.
    DoubleQuoted,
    /// A literal block, `|`: line breaks kept.
    Literal,
    /// A folded block, `>`: line breaks folded into spaces.
    Folded,
}

/// One stretch of a decoded value: from byte `decoded` on, the value was written at source
/// byte `source`. A verbatim stretch continues byte for byte; any other stretch (one
/// character produced by an escape, a folded line break, a `''`) maps all its bytes to
/// `source`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Run {
    decoded: usize,
    source: usize,
    verbatim: bool,
}

/// Where each byte of a decoded scalar is written in the source text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct OffsetMap {
    /// Stretches in increasing `decoded` order; the first starts at 0 when the value is not
    /// empty.
    runs: Vec<Run>,
    /// The source offset for the end of the value (one past its last byte).
    end: usize,
    /// Whether the decoder reproduced saphyr's value, so the map is byte-exact.
    exact: bool,
}

impl OffsetMap {
    /// A map that points every offset at `start`, and the end of the value at `end`: for
    /// scalars whose source could not be re-read.
    pub(crate) fn coarse(start: usize, end: usize) -> OffsetMap {
        OffsetMap {
            runs: vec![Run {
                decoded: 0,
                source: start,
                verbatim: false,
            }],
            end,
            exact: false,
        }
    }

    /// The map of an empty value written as nothing, at `at`.
    pub(crate) fn empty(at: usize) -> OffsetMap {
        OffsetMap {
            runs: Vec::new(),
            end: at,
            exact: true,
        }
    }

    fn lookup(&self, value_offset: usize, value_len: usize) -> usize {
        if value_offset >= value_len {
            return self.end;
        }
        let after = self.runs.partition_point(|run| run.decoded <= value_offset);
        match after.checked_sub(1).and_then(|i| self.runs.get(i)) {
            Some(run) if run.verbatim => run.source + (value_offset - run.decoded),
            Some(run) => run.source,
            None => self.end,
        }
    }

    /// Whether the decoded byte at `value_offset` was copied from the source as is.
    #[cfg(test)]
    pub(crate) fn is_verbatim(&self, value_offset: usize) -> bool {
        let after = self.runs.partition_point(|run| run.decoded <= value_offset);
        after
            .checked_sub(1)
            .and_then(|i| self.runs.get(i))
            .is_some_and(|run| run.verbatim)
    }

    #[cfg(test)]
    pub(crate) fn is_exact(&self) -> bool {
        self.exact
    }
}

/// A scalar value: the decoded text, how it was written, and where each of its characters
/// is in the source.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Scalar {
    /// The decoded text: quotes removed, escapes resolved, lines folded.
    pub value: String,
    /// How it was written.
    pub style: Style,
    pub(crate) map: OffsetMap,
}

impl Scalar {
    /// Maps a byte offset inside the decoded [`value`](Self::value) (`0..=value.len()`) to
    /// the byte offset in the source text where that character is written.
    ///
    /// A character copied as is maps to itself; one produced by an escape (`\n`, `\u00e9`)
    /// maps to its backslash, a `''` to its first quote, and a space or line break made by
    /// line folding to the line break it replaced. `value.len()` maps to just after the last
    /// character (the closing quote of a quoted scalar). An offset past the end is treated
    /// as `value.len()`.
    ///
    /// ```
    /// let docs = smslint::unstable::yaml::parse("when: \"a\\tb == 1\"\n", &Default::default()).unwrap();
    /// let when = docs[0].get("when").unwrap().as_scalar().unwrap();
    /// assert_eq!(when.value, "a\tb == 1");
    /// assert_eq!(when.source_offset(0), 7); // `a`
    /// assert_eq!(when.source_offset(1), 8); // the backslash of `\t`
    /// assert_eq!(when.source_offset(2), 10); // `b`
    /// ```
    pub fn source_offset(&self, value_offset: usize) -> usize {
        self.map.lookup(value_offset, self.value.len())
    }

    /// The decoded text.
    pub fn as_str(&self) -> &str {
        &self.value
    }

    /// Whether the scalar is written without quotes or block indicator, the only style the
    /// YAML core schema reads as null, a boolean or a number.
    pub fn is_plain(&self) -> bool {
        self.style == Style::Plain
    }
}

/// Builds a decoded value and its [`OffsetMap`] together.
struct Decoded<'a> {
    text: &'a str,
    out: String,
    runs: Vec<Run>,
    /// Just past the furthest source byte used so far.
    source_end: usize,
}

impl<'a> Decoded<'a> {
    fn new(text: &'a str) -> Decoded<'a> {
        Decoded {
            text,
            out: String::new(),
            runs: Vec::new(),
            source_end: 0,
        }
    }

    /// `c`, copied from source byte `source`.
    fn verbatim(&mut self, c: char, source: usize) {
        let decoded = self.out.len();
        let continues = self
            .runs
            .last()
            .is_some_and(|run| run.verbatim && run.source + (decoded - run.decoded) == source);
        if !continues {
            self.runs.push(Run {
                decoded,
                source,
                verbatim: true,
            });
        }
        self.out.push(c);
        self.source_end = self.source_end.max(source + c.len_utf8());
    }

    /// `c`, produced by the `len` bytes of markup at source byte `source`.
    fn produced(&mut self, c: char, source: usize, len: usize) {
        self.runs.push(Run {
            decoded: self.out.len(),
            source,
            verbatim: false,
        });
        self.out.push(c);
        self.source_end = self.source_end.max(source + len);
    }

    /// `c`, produced by the line break at source byte `at`.
    fn produced_by_break(&mut self, c: char, at: usize) {
        let len = if self.text.get(at..).is_some_and(|s| s.starts_with("\r\n")) {
            2
        } else {
            1
        };
        self.produced(c, at, len);
    }

    fn finish(self, expected: &str, end: usize, fallback_start: usize) -> OffsetMap {
        if self.out == expected {
            OffsetMap {
                end: end.max(self.source_end),
                runs: self.runs,
                exact: true,
            }
        } else {
            OffsetMap::coarse(fallback_start, end)
        }
    }
}

/// A cursor over the source text that never indexes out of bounds.
#[derive(Clone, Copy)]
struct Cursor<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> Cursor<'a> {
    fn peek(&self) -> Option<char> {
        self.text.get(self.pos..).and_then(|s| s.chars().next())
    }

    fn peek_nth(&self, n: usize) -> Option<char> {
        self.text.get(self.pos..).and_then(|s| s.chars().nth(n))
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += c.len_utf8();
        Some(c)
    }

    fn at_break(&self) -> bool {
        matches!(self.peek(), Some('\n' | '\r'))
    }

    fn at_blank(&self) -> bool {
        matches!(self.peek(), Some(' ' | '\t'))
    }

    /// Skips one line break (`\n`, `\r\n` or `\r`), returning where it started.
    fn skip_break(&mut self) -> usize {
        let at = self.pos;
        if self.peek() == Some('\r') && self.peek_nth(1) == Some('\n') {
            self.pos += 2;
        } else if self.at_break() {
            self.pos += 1;
        }
        at
    }

    /// Skips to the end of the line, leaving the line break.
    fn skip_to_eol(&mut self) {
        while let Some(c) = self.peek() {
            if c == '\n' || c == '\r' {
                break;
            }
            self.pos += c.len_utf8();
        }
    }

    fn at_document_indicator(&self) -> bool {
        let rest = self.text.get(self.pos..).unwrap_or("");
        (rest.starts_with("---") || rest.starts_with("..."))
            && rest
                .get(3..)
                .and_then(|r| r.chars().next())
                .is_none_or(|c| matches!(c, ' ' | '\t' | '\n' | '\r'))
    }
}

/// Decodes a plain scalar written at `start..end`, checking against saphyr's `value`.
pub(crate) fn plain(text: &str, start: usize, end: usize, value: &str) -> OffsetMap {
    let mut cur = Cursor { text, pos: start };
    let mut out = Decoded::new(text);
    let mut whitespace: Vec<(char, usize)> = Vec::new();
    let mut leading_break: Option<usize> = None;
    let mut trailing_breaks: Vec<usize> = Vec::new();
    while cur.pos < end {
        let Some(c) = cur.peek() else { break };
        match c {
            ' ' | '\t' => {
                if leading_break.is_none() {
                    whitespace.push((c, cur.pos));
                }
                cur.pos += 1;
            }
            '\n' | '\r' => {
                let at = cur.skip_break();
                if leading_break.is_some() {
                    trailing_breaks.push(at);
                } else {
                    whitespace.clear();
                    leading_break = Some(at);
                }
            }
            '#' if leading_break.is_some() => cur.skip_to_eol(),
            _ => {
                if let Some(at) = leading_break.take() {
                    fold(&mut out, at, &trailing_breaks);
                    trailing_breaks.clear();
                } else {
                    for (w, at) in whitespace.drain(..) {
                        out.verbatim(w, at);
                    }
                }
                whitespace.clear();
                out.verbatim(c, cur.pos);
                cur.pos += c.len_utf8();
            }
        }
    }
    out.finish(value, end, start)
}

/// A folded line break: one space for a single break, else one `\n` per empty line.
fn fold(out: &mut Decoded<'_>, first_break: usize, trailing_breaks: &[usize]) {
    if trailing_breaks.is_empty() {
        out.produced_by_break(' ', first_break);
    } else {
        for &at in trailing_breaks {
            out.produced_by_break('\n', at);
        }
    }
}

/// Decodes a quoted scalar whose opening quote is at `quote`. Returns the map and the
/// offset just past the closing quote (or `None` when the source is not a quoted scalar).
pub(crate) fn quoted(text: &str, quote: usize, single: bool, value: &str) -> (OffsetMap, usize) {
    let mut cur = Cursor { text, pos: quote };
    let expected = if single { '\'' } else { '"' };
    if cur.bump() != Some(expected) {
        return (OffsetMap::coarse(quote, quote), quote);
    }
    let mut out = Decoded::new(text);
    let mut whitespace: Vec<(char, usize)> = Vec::new();
    let mut leading_break: Option<usize> = None;
    let mut trailing_breaks: Vec<usize> = Vec::new();
    loop {
        let Some(_) = cur.peek() else {
            return (OffsetMap::coarse(quote, cur.pos), cur.pos);
        };
        let mut leading_blanks = false;
        // Non-blank characters, escapes included.
        while let Some(c) = cur.peek() {
            if matches!(c, ' ' | '\t' | '\n' | '\r') {
                break;
            }
            match c {
                '\'' if single && cur.peek_nth(1) == Some('\'') => {
                    out.produced('\'', cur.pos, 2);
                    cur.pos += 2;
                }
                '\'' if single => break,
                '"' if !single => break,
                '\\' if !single && matches!(cur.peek_nth(1), Some('\n' | '\r')) => {
                    cur.pos += 1;
                    cur.skip_break();
                    leading_blanks = true;
                    break;
                }
                '\\' if !single => {
                    let at = cur.pos;
                    match escape(&mut cur) {
                        Some(decoded) => out.produced(decoded, at, cur.pos - at),
                        None => return (OffsetMap::coarse(quote, at), at),
                    }
                }
                _ => {
                    out.verbatim(c, cur.pos);
                    cur.pos += c.len_utf8();
                }
            }
        }
        if cur.peek() == Some(expected) {
            break;
        }
        // Blanks and line breaks.
        while cur.at_blank() || cur.at_break() {
            if cur.at_blank() {
                if !leading_blanks {
                    if let Some(c) = cur.peek() {
                        whitespace.push((c, cur.pos));
                    }
                }
                cur.pos += 1;
            } else if leading_blanks {
                trailing_breaks.push(cur.skip_break());
            } else {
                whitespace.clear();
                leading_break = Some(cur.skip_break());
                leading_blanks = true;
            }
        }
        if leading_blanks {
            match leading_break.take() {
                // After an escaped line break, empty lines are kept as line feeds.
                None => {
                    for &at in &trailing_breaks {
                        out.produced_by_break('\n', at);
                    }
                }
                Some(at) => fold(&mut out, at, &trailing_breaks),
            }
            trailing_breaks.clear();
        } else {
            for (w, at) in whitespace.drain(..) {
                out.verbatim(w, at);
            }
        }
        whitespace.clear();
    }
    let close = cur.pos;
    (out.finish(value, close, quote), close + 1)
}

/// Reads one escape sequence at the cursor (on its backslash).
fn escape(cur: &mut Cursor<'_>) -> Option<char> {
    let letter = cur.peek_nth(1)?;
    let simple = match letter {
        '0' => Some('\0'),
        'a' => Some('\x07'),
        'b' => Some('\x08'),
        't' | '\t' => Some('\t'),
        'n' => Some('\n'),
        'v' => Some('\x0b'),
        'f' => Some('\x0c'),
        'r' => Some('\r'),
        'e' => Some('\x1b'),
        ' ' => Some(' '),
        '"' => Some('"'),
        '/' => Some('/'),
        '\\' => Some('\\'),
        'N' => Some('\u{85}'),
        '_' => Some('\u{a0}'),
        'L' => Some('\u{2028}'),
        'P' => Some('\u{2029}'),
        _ => None,
    };
    cur.pos += 1 + letter.len_utf8();
    if simple.is_some() {
        return simple;
    }
    let digits = match letter {
        'x' => 2,
        'u' => 4,
        'U' => 8,
        _ => return None,
    };
    let mut code: u32 = 0;
    for _ in 0..digits {
        let digit = cur.bump()?.to_digit(16)?;
        code = code.checked_mul(16)?.checked_add(digit)?;
    }
    char::from_u32(code)
}

/// Where to find a block scalar's header and how deep its parent is indented.
pub(crate) struct BlockSource {
    /// The byte of the `|` or `>` indicator.
    pub(crate) header: usize,
    /// The column (in characters) of the innermost enclosing block collection, or `-1` at
    /// the top of a document: an explicit indentation indicator counts from there.
    pub(crate) parent_indent: isize,
}

/// A decoded block scalar's map and the offset just past its last content character (or
/// past the header when it has no content).
pub(crate) struct BlockDecoded {
    pub(crate) map: OffsetMap,
    pub(crate) end: usize,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Chomping {
    Strip,
    Clip,
    Keep,
}

/// Decodes a literal or folded block scalar.
pub(crate) fn block(text: &str, at: &BlockSource, literal: bool, value: &str) -> BlockDecoded {
    let mut cur = Cursor {
        text,
        pos: at.header,
    };
    let coarse = |end: usize| BlockDecoded {
        map: OffsetMap::coarse(at.header, end),
        end,
    };
    match cur.bump() {
        Some('|') if literal => {}
        Some('>') if !literal => {}
        _ => return coarse(at.header),
    }
    // Header: chomping and indentation indicators, in either order.
    let mut chomping = Chomping::Clip;
    let mut increment: usize = 0;
    for _ in 0..2 {
        match cur.peek() {
            Some('+') => chomping = Chomping::Keep,
            Some('-') => chomping = Chomping::Strip,
            Some(d @ '1'..='9') => increment = d.to_digit(10).map_or(0, |d| d as usize),
            _ => break,
        }
        cur.pos += 1;
    }
    let header_end = cur.pos;
    while cur.at_blank() {
        cur.pos += 1;
    }
    if cur.peek() == Some('#') {
        cur.skip_to_eol();
    }
    if cur.at_break() {
        cur.skip_break();
    } else if cur.peek().is_some() {
        return coarse(header_end);
    }
    let header_line_end = cur.pos;

    let mut out = Decoded::new(text);
    let mut trailing_breaks: Vec<usize> = Vec::new();
    let mut col: usize = 0;
    let mut indent = if increment > 0 {
        if at.parent_indent >= 0 {
            at.parent_indent.unsigned_abs() + increment
        } else {
            increment
        }
    } else {
        0
    };
    if indent == 0 {
        let mut max_indent = 0;
        loop {
            while cur.peek() == Some(' ') {
                cur.pos += 1;
                col += 1;
            }
            max_indent = max_indent.max(col);
            if cur.at_break() {
                trailing_breaks.push(cur.skip_break());
                col = 0;
            } else {
                break;
            }
        }
        let floor = usize::try_from(at.parent_indent + 1).unwrap_or(0);
        indent = max_indent.max(floor);
        if at.parent_indent > 0 {
            indent = indent.max(1);
        }
    } else {
        skip_indent(&mut cur, &mut col, indent, &mut trailing_breaks);
    }

    if cur.peek().is_none() {
        // No content lines at all.
        match chomping {
            Chomping::Strip | Chomping::Clip => {}
            Chomping::Keep
                if trailing_breaks.is_empty() && cur.pos > header_line_end && col > 0 =>
            {
                out.produced('\n', cur.pos, 0);
            }
            Chomping::Keep => {
                for &b in &trailing_breaks {
                    out.produced_by_break('\n', b);
                }
            }
        }
        return BlockDecoded {
            map: out.finish(value, cur.pos, at.header),
            end: header_end,
        };
    }

    let mut content_end = header_end;
    let mut leading_break: Option<usize> = None;
    let mut leading_blank = false;
    while col == indent {
        let Some(first) = cur.peek() else { break };
        if matches!(first, '\n' | '\r' | '\u{feff}') {
            break;
        }
        if indent == 0 && cur.at_document_indicator() {
            break;
        }
        let trailing_blank = matches!(first, ' ' | '\t');
        match leading_break {
            Some(b) if !literal && !leading_blank && !trailing_blank => {
                fold(&mut out, b, &trailing_breaks);
            }
            _ => {
                if let Some(b) = leading_break {
                    out.produced_by_break('\n', b);
                }
                for &b in &trailing_breaks {
                    out.produced_by_break('\n', b);
                }
            }
        }
        leading_break = None;
        trailing_breaks.clear();
        leading_blank = trailing_blank;

        while let Some(c) = cur.peek() {
            if matches!(c, '\n' | '\r' | '\u{feff}') {
                break;
            }
            out.verbatim(c, cur.pos);
            cur.pos += c.len_utf8();
            col += 1;
        }
        content_end = cur.pos;
        if !cur.at_break() {
            break;
        }
        leading_break = Some(cur.skip_break());
        col = 0;
        skip_indent(&mut cur, &mut col, indent, &mut trailing_breaks);
    }

    if chomping != Chomping::Strip {
        if let Some(b) = leading_break {
            out.produced_by_break('\n', b);
        }
        if cur.peek().is_none() && col >= indent.max(1) {
            out.produced('\n', cur.pos, 0);
        }
    }
    if chomping == Chomping::Keep {
        for &b in &trailing_breaks {
            out.produced_by_break('\n', b);
        }
    }
    BlockDecoded {
        map: out.finish(value, content_end, at.header),
        end: content_end,
    }
}

/// Skips a block scalar's indentation and the empty lines before the next content line.
fn skip_indent(cur: &mut Cursor<'_>, col: &mut usize, indent: usize, breaks: &mut Vec<usize>) {
    loop {
        while *col < indent && cur.peek() == Some(' ') {
            cur.pos += 1;
            *col += 1;
        }
        if cur.at_break() {
            breaks.push(cur.skip_break());
            *col = 0;
        } else {
            break;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_folds_single_and_double_breaks() {
        let text = "a  b\n   c\n\n  d";
        let map = plain(text, 0, text.len(), "a  b c\nd");
        assert!(map.is_exact());
        assert_eq!(map.lookup(0, 8), 0);
        assert_eq!(map.lookup(2, 8), 2);
        assert_eq!(map.lookup(4, 8), 4); // the folded space is the break
        assert_eq!(map.lookup(5, 8), 8);
        assert_eq!(map.lookup(6, 8), 10); // the kept line feed is the empty line's break
        assert_eq!(map.lookup(7, 8), 13);
        assert_eq!(map.lookup(8, 8), text.len());
    }

    #[test]
    fn double_quoted_escapes_point_at_their_backslash() {
        let text = r#""x\u00e9\x41\U0001F600\"\\""#;
        let (map, end) = quoted(text, 0, false, "xéA😀\"\\");
        assert!(map.is_exact());
        assert_eq!(end, text.len());
        assert_eq!(map.lookup(0, 10), 1);
        assert_eq!(map.lookup(1, 10), 2);
        assert_eq!(map.lookup(2, 10), 2); // inside `é`: still its escape
        assert_eq!(map.lookup(3, 10), 8);
        assert_eq!(map.lookup(4, 10), 12);
        assert_eq!(map.lookup(8, 10), 22);
        assert_eq!(map.lookup(9, 10), 24);
        assert_eq!(map.lookup(10, 10), text.len() - 1);
    }

    #[test]
    fn a_mismatch_gives_a_coarse_map() {
        let map = plain("abc", 0, 3, "abd");
        assert!(!map.is_exact());
        assert_eq!(map.lookup(2, 3), 0);
        assert_eq!(map.lookup(3, 3), 3);
    }
}
