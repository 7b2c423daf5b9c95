//! From saphyr-parser's events to the node tree, with byte spans, limits, aliases and
//! duplicate keys.
//!
//! The parser is driven through its event iterator, never through `Parser::load`, which
//! recurses once per nesting level: the tree is built here on an explicit stack, so input
//! nested 10,000 levels deep stops at the depth limit instead of at the end of the stack.
//!
//! Nodes are built as `Rc`s until their document is complete. An anchor is then a second
//! reference to the anchored node and an alias a third, so neither copies anything until
//! the finished document is turned into owned [`Node`]s; by then every copy an alias asks
//! for has been counted against [`Limits::max_alias_expansion`] (nodes) and
//! [`Limits::max_bytes`] (scalar text), so a "billion laughs" stops after a bounded amount of
//! work and memory.

use std::borrow::Cow;
use std::collections::HashMap;
use std::rc::Rc;

use saphyr_parser::{Event, Marker, Parser, ScalarStyle, ScanError, Tag};

use super::error::{describe_scan_error, YamlError};
use super::lines::{CharOffsets, LineIndex};
use super::node::{Node, NodeKind, Span};
use super::scalar::{self, BlockSource, OffsetMap, Scalar, Style};
use super::Limits;

/// The deepest nesting honoured whatever [`Limits::max_depth`] says: dropping and copying a
/// tree recurses once per level, and this keeps that far from the end of a thread's stack.
pub const DEPTH_CAP: usize = 1_000;

const DEPTH_HELP: &str = "flatten the document; rule and account files need only a few levels";

/// A node under construction: children are shared, so anchors and aliases are references.
#[derive(Clone)]
struct Tmp {
    kind: TmpKind,
    span: Span,
    tag: Option<String>,
    alias: Option<Span>,
    /// Nodes in this subtree, itself included.
    count: usize,
    /// Bytes of scalar text in this subtree.
    bytes: usize,
    /// Collection levels in this subtree: 0 for a scalar.
    height: usize,
}

#[derive(Clone)]
enum TmpKind {
    Scalar(Scalar),
    Seq(Vec<Rc<Tmp>>),
    Map(Vec<(Rc<Tmp>, Rc<Tmp>)>),
}

impl Tmp {
    fn written_span(&self) -> Span {
        self.alias.unwrap_or(self.span)
    }

    fn scalar(&self) -> Option<&Scalar> {
        match &self.kind {
            TmpKind::Scalar(scalar) => Some(scalar),
            _ => None,
        }
    }
}

/// Turns a finished tree into owned nodes, copying only what is shared (alias copies).
fn materialize(node: Rc<Tmp>) -> Node {
    let tmp = Rc::try_unwrap(node).unwrap_or_else(|shared| (*shared).clone());
    let kind = match tmp.kind {
        TmpKind::Scalar(scalar) => NodeKind::Scalar(scalar),
        TmpKind::Seq(items) => NodeKind::Seq(items.into_iter().map(materialize).collect()),
        TmpKind::Map(entries) => NodeKind::Map(
            entries
                .into_iter()
                .map(|(k, v)| (materialize(k), materialize(v)))
                .collect(),
        ),
    };
    Node {
        kind,
        span: tmp.span,
        tag: tmp.tag,
        alias: tmp.alias,
    }
}

/// An open collection.
struct Frame {
    kind: FrameKind,
    /// The byte of its `[`, `{`, first `-` or first key.
    start: usize,
    flow: bool,
    /// For a block collection, its column in characters (saphyr's indentation level).
    indent: isize,
    anchor: usize,
    tag: Option<String>,
    count: usize,
    bytes: usize,
    height: usize,
    /// The end of the furthest child written so far.
    last_end: usize,
}

enum FrameKind {
    Seq(Vec<Rc<Tmp>>),
    Map {
        entries: Vec<(Rc<Tmp>, Rc<Tmp>)>,
        /// A key waiting for its value.
        key: Option<Rc<Tmp>>,
        /// Where each key was first written, by [`key_text`].
        seen: HashMap<String, Span>,
    },
}

struct Loader<'a> {
    text: &'a str,
    chars: CharOffsets<'a>,
    max_depth: usize,
    limits: &'a Limits,
    stack: Vec<Frame>,
    docs: Vec<Node>,
    anchors: HashMap<usize, Rc<Tmp>>,
    expanded_nodes: usize,
    expanded_bytes: usize,
    /// The end of the furthest event seen: where the next node's markup can start.
    cursor: usize,
}

/// Parses a YAML stream whose size and characters have been checked.
pub(crate) fn load(text: &str, limits: &Limits) -> Result<Vec<Node>, YamlError> {
    let mut loader = Loader {
        text,
        chars: CharOffsets::new(text),
        max_depth: limits.max_depth.min(DEPTH_CAP),
        limits,
        stack: Vec::new(),
        docs: Vec::new(),
        anchors: HashMap::new(),
        expanded_nodes: 0,
        expanded_bytes: 0,
        cursor: 0,
    };
    let mut parser = Parser::new_from_str(text);
    while let Some(next) = parser.next_event() {
        let (event, span) = next.map_err(|err| loader.scan_error(&err))?;
        let start = loader.byte(span.start);
        let end = loader.byte(span.end).max(start);
        // An implicit document start carries the span of the document's first token.
        let implicit_start = event == Event::DocumentStart(false);
        loader.event(event, start, end, span.end)?;
        if !implicit_start {
            loader.cursor = loader.cursor.max(end);
        }
    }
    Ok(loader.docs)
}

impl<'a> Loader<'a> {
    fn byte(&self, marker: Marker) -> usize {
        self.chars.byte(marker.index())
    }

    fn char_at(&self, at: usize) -> Option<char> {
        self.text.get(at..).and_then(|rest| rest.chars().next())
    }

    fn event(
        &mut self,
        event: Event<'a>,
        start: usize,
        end: usize,
        end_marker: Marker,
    ) -> Result<(), YamlError> {
        match event {
            Event::DocumentStart(_) => {
                if self.docs.len() >= self.limits.max_documents {
                    return Err(YamlError::new(
                        format!("more than {} documents", self.limits.max_documents),
                        Span::new(start, end),
                    )
                    .with_help("split the stream into several files"));
                }
                self.anchors.clear();
                Ok(())
            }
            Event::Scalar(value, style, anchor, tag) => {
                let node = self.scalar(value, style, tag, start, end);
                self.complete(node, anchor)
            }
            Event::SequenceStart(anchor, tag) => {
                self.open(false, anchor, tag, start, end, end_marker)
            }
            Event::MappingStart(anchor, tag) => {
                self.open(true, anchor, tag, start, end, end_marker)
            }
            Event::SequenceEnd | Event::MappingEnd => self.close(end),
            Event::Alias(id) => self.alias(id, start, end),
            Event::StreamStart | Event::StreamEnd | Event::DocumentEnd | Event::Nothing => Ok(()),
        }
    }

    fn scalar(
        &self,
        value: Cow<'a, str>,
        style: ScalarStyle,
        tag: Option<Cow<'a, Tag>>,
        start: usize,
        end: usize,
    ) -> Tmp {
        let value = value.into_owned();
        let text = self.text;
        let (style, span, map) = match style {
            ScalarStyle::Plain if value.is_empty() => {
                let at = if self.has_properties(start, end) {
                    self.skip_properties(start, end)
                } else {
                    self.after_indicator(self.cursor.min(start))
                };
                (Style::Plain, Span::empty(at), OffsetMap::empty(at))
            }
            ScalarStyle::Plain => {
                let from = self.skip_properties(start, end);
                (
                    Style::Plain,
                    Span::new(from, end),
                    scalar::plain(text, from, end, &value),
                )
            }
            ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted => {
                let single = style == ScalarStyle::SingleQuoted;
                let from = self.skip_properties(start, end);
                let style = if single {
                    Style::SingleQuoted
                } else {
                    Style::DoubleQuoted
                };
                if self.char_at(from) == Some(if single { '\'' } else { '"' }) {
                    let (map, close) = scalar::quoted(text, from, single, &value);
                    (style, Span::new(from, close.max(from)), map)
                } else {
                    (style, Span::new(start, end), OffsetMap::coarse(start, end))
                }
            }
            ScalarStyle::Literal | ScalarStyle::Folded => {
                let literal = style == ScalarStyle::Literal;
                let style = if literal {
                    Style::Literal
                } else {
                    Style::Folded
                };
                match self.find_block_header(self.cursor.min(start)) {
                    Some(header) => {
                        let source = BlockSource {
                            header,
                            parent_indent: self.block_indent(),
                        };
                        let decoded = scalar::block(text, &source, literal, &value);
                        (
                            style,
                            Span::new(header, decoded.end.max(header)),
                            decoded.map,
                        )
                    }
                    None => (style, Span::new(start, end), OffsetMap::coarse(start, end)),
                }
            }
        };
        let bytes = value.len();
        Tmp {
            kind: TmpKind::Scalar(Scalar { value, style, map }),
            span,
            tag: tag.map(|tag| tag_text(&tag)),
            alias: None,
            count: 1,
            bytes,
            height: 0,
        }
    }

    fn open(
        &mut self,
        mapping: bool,
        anchor: usize,
        tag: Option<Cow<'a, Tag>>,
        start: usize,
        end: usize,
        end_marker: Marker,
    ) -> Result<(), YamlError> {
        let mut at = self.skip_properties(start, end);
        let flow = matches!(self.char_at(at), Some('[' | '{'));
        if !mapping && !flow && self.char_at(at) != Some('-') {
            // An indentless sequence (`key:\n- a`): saphyr's event starts after the `- `.
            if let Some(dash) = self.dash_on_line(at) {
                at = dash;
            }
        }
        if self.stack.len() >= self.max_depth {
            return Err(YamlError::new(
                format!("nesting deeper than {} levels", self.max_depth),
                Span::new(at, at + usize::from(flow)),
            )
            .with_help(DEPTH_HELP));
        }
        let indent = if flow {
            -1
        } else if mapping {
            isize::try_from(end_marker.col()).unwrap_or(isize::MAX)
        } else {
            isize::try_from(self.column_of(at)).unwrap_or(isize::MAX)
        };
        let kind = if mapping {
            FrameKind::Map {
                entries: Vec::new(),
                key: None,
                seen: HashMap::new(),
            }
        } else {
            FrameKind::Seq(Vec::new())
        };
        self.stack.push(Frame {
            kind,
            start: at,
            flow,
            indent,
            anchor,
            tag: tag.map(|tag| tag_text(&tag)),
            count: 1,
            bytes: 0,
            height: 1,
            last_end: at,
        });
        Ok(())
    }

    fn close(&mut self, end: usize) -> Result<(), YamlError> {
        let Some(frame) = self.stack.pop() else {
            return Ok(());
        };
        let end = if frame.flow {
            end.max(frame.start)
        } else {
            frame.last_end.max(frame.start)
        };
        let kind = match frame.kind {
            FrameKind::Seq(items) => TmpKind::Seq(items),
            FrameKind::Map { entries, .. } => TmpKind::Map(entries),
        };
        let node = Tmp {
            kind,
            span: Span::new(frame.start, end),
            tag: frame.tag,
            alias: None,
            count: frame.count,
            bytes: frame.bytes,
            height: frame.height,
        };
        self.complete(node, frame.anchor)
    }

    fn alias(&mut self, id: usize, start: usize, end: usize) -> Result<(), YamlError> {
        let span = Span::new(start, end);
        let name = self.text.get(start..end).unwrap_or("*");
        let Some(anchored) = self.anchors.get(&id).cloned() else {
            let message = if self.stack.iter().any(|frame| frame.anchor == id) {
                format!("alias `{name}` is inside the node it refers to")
            } else {
                format!("unknown anchor `{name}`")
            };
            return Err(YamlError::new(message, span)
                .with_help("an alias can only repeat a node that is complete before it"));
        };
        self.expanded_nodes = self.expanded_nodes.saturating_add(anchored.count);
        self.expanded_bytes = self.expanded_bytes.saturating_add(anchored.bytes);
        if self.expanded_nodes > self.limits.max_alias_expansion
            || self.expanded_bytes > self.limits.max_bytes
        {
            return Err(YamlError::new(
                format!(
                    "aliases expand to more than {} nodes or {} bytes",
                    self.limits.max_alias_expansion, self.limits.max_bytes
                ),
                span,
            )
            .with_help(
                "aliases of aliases multiply (a \"billion laughs\"); write the data out, or repeat \
                 large nodes less",
            ));
        }
        if self.stack.len() + anchored.height > self.max_depth {
            return Err(YamlError::new(
                format!("alias `{name}` nests deeper than {} levels", self.max_depth),
                span,
            ));
        }
        let mut copy = (*anchored).clone();
        copy.alias = Some(span);
        self.complete(copy, 0)
    }

    /// Files a finished node under its anchor and into its parent.
    fn complete(&mut self, node: Tmp, anchor: usize) -> Result<(), YamlError> {
        let node = Rc::new(node);
        if anchor != 0 {
            self.anchors.insert(anchor, Rc::clone(&node));
        }
        let Some(frame) = self.stack.last_mut() else {
            self.anchors.clear();
            self.docs.push(materialize(node));
            return Ok(());
        };
        frame.count = frame.count.saturating_add(node.count);
        frame.bytes = frame.bytes.saturating_add(node.bytes);
        frame.height = frame.height.max(node.height + 1);
        frame.last_end = frame.last_end.max(node.written_span().end);
        match &mut frame.kind {
            FrameKind::Seq(items) => items.push(node),
            FrameKind::Map { entries, key, seen } => match key.take() {
                Some(k) => entries.push((k, node)),
                None => {
                    check_key(self.text, &node, seen)?;
                    *key = Some(node);
                }
            },
        }
        Ok(())
    }

    /// The column of the innermost block collection, which an explicit block scalar
    /// indentation indicator counts from; -1 at the top of a document.
    fn block_indent(&self) -> isize {
        self.stack
            .iter()
            .rev()
            .find(|frame| !frame.flow)
            .map_or(-1, |frame| frame.indent)
    }

    /// The column, in characters from the start of its line, of byte `at`.
    fn column_of(&self, at: usize) -> usize {
        let before = self.text.get(..at).unwrap_or("");
        let line_start = before.rfind(['\n', '\r']).map_or(0, |i| i + 1);
        before
            .get(line_start..)
            .map_or(0, |line| line.chars().count())
    }

    /// The `-` that starts the line holding `at`, if the line starts with one (after spaces).
    fn dash_on_line(&self, at: usize) -> Option<usize> {
        let before = self.text.get(..at)?;
        let line_start = before.rfind(['\n', '\r']).map_or(0, |i| i + 1);
        let indent = before
            .get(line_start..)?
            .bytes()
            .take_while(|&b| b == b' ')
            .count();
        let dash = line_start + indent;
        (self.text.as_bytes().get(dash) == Some(&b'-') && dash < at).then_some(dash)
    }

    /// Whether the event text at `start..end` begins with an anchor or a tag.
    fn has_properties(&self, start: usize, end: usize) -> bool {
        self.text
            .get(start..end.max(start))
            .and_then(|s| s.trim_start().chars().next())
            .is_some_and(|c| c == '&' || c == '!')
    }

    /// Skips anchors, tags, whitespace and comments from `at`, stopping at `limit`.
    fn skip_properties(&self, mut at: usize, limit: usize) -> usize {
        while at < limit {
            match self.char_at(at) {
                Some(' ' | '\t' | '\n' | '\r' | '\u{feff}') => at += self.char_len(at),
                Some('#') => at = self.end_of_line(at),
                Some('&' | '!') => at = self.end_of_property(at),
                _ => break,
            }
        }
        at.min(limit)
    }

    /// Where an empty node introduced by the indicator after `from` (a `:`, `-` or `?`)
    /// is: just after that indicator, or `from` itself when there is none.
    fn after_indicator(&self, from: usize) -> usize {
        let mut at = from;
        loop {
            match self.char_at(at) {
                Some(' ' | '\t' | '\n' | '\r' | '\u{feff}') => at += self.char_len(at),
                Some('#') => at = self.end_of_line(at),
                Some(':' | '-' | '?') if self.separated(at + 1) => return at + 1,
                _ => return from,
            }
        }
    }

    /// The `|` or `>` of a block scalar whose markup starts after `from`.
    fn find_block_header(&self, from: usize) -> Option<usize> {
        let mut at = from;
        loop {
            match self.char_at(at)? {
                ' ' | '\t' | '\n' | '\r' | '\u{feff}' => at += self.char_len(at),
                '#' => at = self.end_of_line(at),
                '|' | '>' => return Some(at),
                '&' | '!' => at = self.end_of_property(at),
                '-' if self.text.get(at..).is_some_and(|s| s.starts_with("---"))
                    && self.separated(at + 3) =>
                {
                    at += 3
                }
                ':' | '-' | '?' if self.separated(at + 1) => at += 1,
                _ => return None,
            }
        }
    }

    /// Whether `at` is the end of the text, a blank, a line break or a flow indicator.
    fn separated(&self, at: usize) -> bool {
        self.char_at(at)
            .is_none_or(|c| matches!(c, ' ' | '\t' | '\n' | '\r' | ',' | '[' | ']' | '{' | '}'))
    }

    fn char_len(&self, at: usize) -> usize {
        self.char_at(at).map_or(1, char::len_utf8)
    }

    fn end_of_line(&self, at: usize) -> usize {
        self.text
            .get(at..)
            .and_then(|rest| rest.find(['\n', '\r']))
            .map_or(self.text.len(), |i| at + i)
    }

    /// The end of the anchor or tag starting at `at`.
    fn end_of_property(&self, at: usize) -> usize {
        let rest = self.text.get(at..).unwrap_or("");
        if rest.starts_with("!<") {
            if let Some(close) = rest.find('>') {
                return at + close + 1;
            }
        }
        rest.find([' ', '\t', '\n', '\r', ',', '[', ']', '{', '}'])
            .map_or(self.text.len(), |i| at + i)
    }

    /// Turns saphyr's error into one with a byte span, a clearer message and advice.
    fn scan_error(&self, err: &ScanError) -> YamlError {
        let at = self.byte(*err.marker());
        let (mut message, mut help) = describe_scan_error(err.info());
        let mut span = Span::new(at, at + self.char_at(at).map_or(0, char::len_utf8));
        if err.info() == "while parsing node, found unknown anchor" {
            let end = self.end_of_property(at);
            message = format!("unknown anchor `{}`", self.text.get(at..end).unwrap_or("*"));
            span = Span::new(at, end);
        }
        if message == "tab in indentation" && self.char_at(at) != Some('\t') {
            // saphyr marks the token after the indentation; underline the tab itself.
            let line_start = self
                .text
                .get(..at)
                .and_then(|t| t.rfind('\n'))
                .map_or(0, |i| i + 1);
            let indentation = self.text.get(line_start..at).unwrap_or("");
            if let Some(tab) = indentation.find('\t') {
                span = Span::new(line_start + tab, line_start + tab + 1);
            }
        }
        if err.info().starts_with("while parsing a quoted scalar") {
            if let Some(escape) = self.bad_escape(at) {
                span = escape;
            }
        }
        // saphyr looks ahead for `:` after a flow collection, so on input like
        // `[[[[…` it stops at its own nesting limit (255) before this loader sees the
        // collection past ours: report ours, where it is.
        let before = self.text.get(..at + self.char_len(at)).unwrap_or(self.text);
        if let Some(opener) = deep_flow_opener(before, self.max_depth) {
            return YamlError::new(
                format!("nesting deeper than {} levels", self.max_depth),
                Span::new(opener, opener + 1),
            )
            .with_help(DEPTH_HELP);
        }
        if err.info() == "invalid indentation in quoted scalar" {
            let single = self.char_at(at) == Some('\'');
            if !self.closing_quote_exists(at, single) {
                (message, help) = describe_scan_error(
                    "while scanning a quoted scalar, found unexpected end of stream",
                );
            }
        }
        let mut error = YamlError::new(message, span);
        if let Some(help) = help {
            error = error.with_help(help);
        }
        let rest_is_blank = self.text.get(at..).is_none_or(|rest| {
            rest.lines()
                .all(|line| line.trim().is_empty() || line.trim_start().starts_with('#'))
        });
        if let Some(open) = self.stack.iter().rev().find(|frame| frame.flow) {
            let bracket = self.char_at(open.start).unwrap_or('[');
            let index = LineIndex::new(self.text);
            let (line, column) = index.line_col(open.start);
            if rest_is_blank {
                error.help = Some(format!(
                    "the `{bracket}` at line {line}, column {column} is never closed"
                ));
                error.related = Some(Span::new(open.start, open.start + 1));
            } else if line < index.line_col(at).0 {
                // A `[` or `{` left open swallows the lines after it, and the first `key:`
                // there is where the parser gives up: name the bracket, not only the colon.
                error.help = Some(format!(
                    "the `{bracket}` at line {line}, column {column} is still open here; close it, or quote the text"
                ));
                error.related = Some(Span::new(open.start, open.start + 1));
            }
        }
        error
    }

    /// Whether the quoted scalar opening at `quote` is closed anywhere in the text.
    fn closing_quote_exists(&self, quote: usize, single: bool) -> bool {
        let Some(rest) = self.text.get(quote + 1..) else {
            return false;
        };
        let mut chars = rest.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '\\' if !single => {
                    chars.next();
                }
                '\'' if single && chars.peek() == Some(&'\'') => {
                    chars.next();
                }
                '\'' if single => return true,
                '"' if !single => return true,
                _ => {}
            }
        }
        false
    }

    /// The first invalid escape in the double-quoted scalar whose quote is at `quote`.
    fn bad_escape(&self, quote: usize) -> Option<Span> {
        let rest = self.text.get(quote..)?;
        let mut chars = rest.char_indices().skip(1);
        while let Some((i, c)) = chars.next() {
            match c {
                '"' => return None,
                '\\' => {
                    let (_, letter) = chars.next()?;
                    let digits = match letter {
                        'x' => 2,
                        'u' => 4,
                        'U' => 8,
                        '0' | 'a' | 'b' | 't' | '\t' | 'n' | 'v' | 'f' | 'r' | 'e' | ' ' | '"'
                        | '/' | '\\' | 'N' | '_' | 'L' | 'P' | '\n' | '\r' => 0,
                        _ => return Some(Span::new(quote + i, quote + i + 1 + letter.len_utf8())),
                    };
                    let mut code = 0u32;
                    for n in 0..digits {
                        match chars.next() {
                            Some((_, d)) if d.is_ascii_hexdigit() => {
                                code = code * 16 + d.to_digit(16).unwrap_or(0);
                            }
                            _ => return Some(Span::new(quote + i, quote + i + 2 + n)),
                        }
                    }
                    if digits > 0 && char::from_u32(code).is_none() {
                        return Some(Span::new(quote + i, quote + i + 2 + digits));
                    }
                }
                _ => {}
            }
        }
        None
    }
}

/// Refuses a merge key and a key already in the mapping.
fn check_key(text: &str, key: &Rc<Tmp>, seen: &mut HashMap<String, Span>) -> Result<(), YamlError> {
    let span = key.written_span();
    if let Some(scalar) = key.scalar() {
        if scalar.value == "<<" && scalar.style == Style::Plain && key.tag.is_none() {
            return Err(YamlError::new("merge keys (`<<`) are not supported", span)
                .with_help("write the keys out in this mapping"));
        }
    }
    let mut written = String::new();
    key_text(key, &mut written);
    let Some(&first) = seen.get(&written) else {
        seen.insert(written, span);
        return Ok(());
    };
    let shown = match key.scalar() {
        Some(scalar) if scalar.value.chars().count() <= 40 => scalar.value.clone(),
        Some(scalar) => format!("{}…", scalar.value.chars().take(40).collect::<String>()),
        None => text
            .get(span.start..span.end)
            .filter(|s| s.len() <= 40)
            .unwrap_or("…")
            .to_string(),
    };
    let (line, column) = LineIndex::new(text).line_col(first.start);
    Err(YamlError::new(format!("duplicate key `{shown}`"), span)
        .with_help(format!(
            "the first is at line {line}, column {column}; keep one of them"
        ))
        .with_related(first))
}

/// A key's data as one string, equal exactly for equal data, so that duplicate keys are
/// found by hashing however many there are. A scalar counts by its decoded text (`a`, `'a'`
/// and `"a"` are one key) and is written with its length, so no two different keys, even
/// collection keys, share a string.
fn key_text(key: &Tmp, out: &mut String) {
    match &key.kind {
        TmpKind::Scalar(scalar) => {
            out.push_str(&scalar.value.len().to_string());
            out.push(':');
            out.push_str(&scalar.value);
        }
        TmpKind::Seq(items) => {
            out.push('[');
            for item in items {
                key_text(item, out);
                out.push(',');
            }
            out.push(']');
        }
        TmpKind::Map(entries) => {
            out.push('{');
            for (k, v) in entries {
                key_text(k, out);
                out.push(':');
                key_text(v, out);
                out.push(',');
            }
            out.push('}');
        }
    }
}

/// A tag as written: `!!str` for the core schema, `!local`, or the full URI.
fn tag_text(tag: &Tag) -> String {
    if tag.is_yaml_core_schema() {
        format!("!!{}", tag.suffix)
    } else if tag.handle == "!" {
        format!("!{}", tag.suffix)
    } else {
        format!("{}{}", tag.handle, tag.suffix)
    }
}

/// The byte of the first `[` or `{` that opens a flow collection deeper than `max_depth`
/// in `text`, if any. Quoted strings and comments are skipped; outside flow collections
/// only a bracket that starts a token counts, so `a[1]` in a plain scalar does not.
fn deep_flow_opener(text: &str, max_depth: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut depth: usize = 0;
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let token_start = i == 0
            || bytes.get(i - 1).is_some_and(|p| {
                matches!(p, b' ' | b'\t' | b'\n' | b'\r' | b'[' | b'{' | b',' | b':')
            });
        match b {
            b'#' if token_start => {
                while bytes.get(i).is_some_and(|&c| c != b'\n' && c != b'\r') {
                    i += 1;
                }
            }
            b'"' | b'\'' if depth > 0 || token_start => {
                i += 1;
                while let Some(&c) = bytes.get(i) {
                    let escape = c == b'\\' && b == b'"';
                    let doubled = c == b'\'' && b == b'\'' && bytes.get(i + 1) == Some(&b'\'');
                    if escape || doubled {
                        i += 1;
                    } else if c == b {
                        break;
                    }
                    i += 1;
                }
            }
            b'[' | b'{' if depth > 0 || token_start => {
                depth += 1;
                if depth > max_depth {
                    return Some(i);
                }
            }
            b']' | b'}' if depth > 0 => depth -= 1,
            _ => {}
        }
        i += 1;
    }
    None
}
