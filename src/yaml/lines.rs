//! From byte offsets to what a person reads: lines and columns; and from saphyr-parser's
//! character indexes to byte offsets.
//!
//! Spans everywhere in smslint are byte offsets, because that is what slicing a `&str`
//! needs. saphyr-parser counts in characters instead, so its markers are converted once,
//! here, with a table of one byte offset per 64 characters: small (an eighth of a byte per
//! character) and at most 63 characters of walking per lookup.

/// Line and column lookup over one source text, for diagnostics.
///
/// Lines end at `\n`, `\r\n` or a lone `\r`, as in YAML. Lines are numbered from 1;
/// columns are counted in characters from 1, and a byte order mark at the start of the
/// text is not counted.
#[derive(Clone, Debug)]
pub struct LineIndex<'a> {
    text: &'a str,
    /// The byte offset where each line starts; the first is 0.
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    /// Indexes the lines of `text`.
    pub fn new(text: &'a str) -> LineIndex<'a> {
        LineIndex {
            text,
            starts: crate::text::line_starts(text),
        }
    }

    /// The number of lines (an empty text has one, empty, line).
    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// The 1-based line and the 1-based column, in characters, of byte offset `byte`.
    /// An offset past the end is taken as the end; one inside a character counts as that
    /// character.
    pub fn line_col(&self, byte: usize) -> (usize, usize) {
        let byte = byte.min(self.text.len());
        let line = self.starts.partition_point(|&start| start <= byte).max(1);
        let start = self.line_start(line);
        let before = self.text.get(start..).unwrap_or("");
        let mut column = 1;
        for (i, c) in before.char_indices() {
            if start + i >= byte {
                break;
            }
            if !(start + i == 0 && c == '\u{feff}') {
                column += 1;
            }
        }
        (line, column)
    }

    /// The byte offset where 1-based line `line` starts (the end of the text for a line
    /// past the last).
    pub fn line_start(&self, line: usize) -> usize {
        line.checked_sub(1)
            .and_then(|i| self.starts.get(i))
            .copied()
            .unwrap_or(self.text.len())
    }

    /// The text of 1-based line `line` without its line break, for rendering a diagnostic
    /// (empty for a line past the last).
    pub fn line_text(&self, line: usize) -> &'a str {
        let start = self.line_start(line);
        let next = self.line_start(line + 1);
        let text = self.text.get(start..next).unwrap_or("");
        let text = text.strip_suffix('\n').unwrap_or(text);
        text.strip_suffix('\r').unwrap_or(text)
    }
}

/// How many characters share one checkpoint of [`CharOffsets`].
const STRIDE: usize = 64;

/// Converts character indexes, as saphyr-parser counts, to byte offsets.
pub(crate) struct CharOffsets<'a> {
    text: &'a str,
    /// The byte offset of every `STRIDE`th character; empty for ASCII text, where a
    /// character index is a byte offset.
    checkpoints: Vec<usize>,
}

impl<'a> CharOffsets<'a> {
    pub(crate) fn new(text: &'a str) -> CharOffsets<'a> {
        let checkpoints = if text.is_ascii() {
            Vec::new()
        } else {
            text.char_indices()
                .step_by(STRIDE)
                .map(|(byte, _)| byte)
                .collect()
        };
        CharOffsets { text, checkpoints }
    }

    /// The byte offset of character `index`; the end of the text for an index past it.
    pub(crate) fn byte(&self, index: usize) -> usize {
        if self.checkpoints.is_empty() {
            return index.min(self.text.len());
        }
        let Some(&base) = self.checkpoints.get(index / STRIDE) else {
            return self.text.len();
        };
        self.text
            .get(base..)
            .and_then(|rest| rest.char_indices().nth(index % STRIDE))
            .map_or(self.text.len(), |(i, _)| base + i)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_end_at_lf_crlf_and_cr() {
        let index = LineIndex::new("a\nbc\r\nd\re");
        assert_eq!(index.line_count(), 4);
        assert_eq!(index.line_col(0), (1, 1));
        assert_eq!(index.line_col(3), (2, 2));
        assert_eq!(index.line_col(4), (2, 3)); // the `\r` of `\r\n`
        assert_eq!(index.line_col(6), (3, 1));
        assert_eq!(index.line_col(8), (4, 1));
        assert_eq!(index.line_col(99), (4, 2));
        assert_eq!(index.line_text(2), "bc");
        assert_eq!(index.line_text(3), "d");
        assert_eq!(index.line_text(4), "e");
        assert_eq!(index.line_text(5), "");
    }

    #[test]
    fn columns_count_characters_and_skip_a_leading_bom() {
        let text = "\u{feff}é: ü";
        let index = LineIndex::new(text);
        assert_eq!(index.line_col(3), (1, 1));
        assert_eq!(index.line_col(text.find(':').unwrap()), (1, 2));
        assert_eq!(index.line_col(text.find('ü').unwrap()), (1, 4));
        assert_eq!(index.line_text(1), text);
    }

    #[test]
    fn char_offsets_match_char_indices() {
        let text: String = (0..300)
            .map(|i| if i % 7 == 0 { 'é' } else { 'a' })
            .chain("😀x".chars())
            .collect();
        let offsets = CharOffsets::new(&text);
        for (index, (byte, _)) in text.char_indices().enumerate() {
            assert_eq!(offsets.byte(index), byte);
        }
        assert_eq!(offsets.byte(text.chars().count()), text.len());
        assert_eq!(offsets.byte(10_000), text.len());
        let ascii = CharOffsets::new("abc");
        assert_eq!(ascii.byte(2), 2);
        assert_eq!(ascii.byte(9), 3);
    }
}
