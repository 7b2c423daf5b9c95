//! Text functions of the condition language: counts, comparisons of short words, the
//! normalised forms rules compare bodies in, and the search of word lists (`mentions`).

use crate::doc::value::{Const, List, Val};
use crate::sms;

/// The largest compiled regex a condition may build (the regex crate's size limit), so a
/// rule's pattern cannot take unbounded memory.
pub const MAX_REGEX_BYTES: usize = 1 << 20;

/// Whether two texts are equal. Conditions compare short words (`marketing`, `agent`):
/// comparing them in line beats a call of `memcmp`.
#[inline(always)]
pub(crate) fn same_text(a: &str, b: &str) -> bool {
    same_bytes(a.as_bytes(), b.as_bytes())
}

/// Whether `s` is in a sorted constant set: a scan in line for a few strings, a binary
/// search for more.
#[inline(always)]
pub(crate) fn in_set(set: &[Box<str>], s: &str) -> bool {
    if set.len() <= 8 {
        set.iter().any(|e| same_text(s, e))
    } else {
        set.binary_search_by(|e| (**e).cmp(s)).is_ok()
    }
}

/// Where `s` is in sorted, distinct `keys`: a scan in line for a few, a binary search
/// for more.
#[inline(always)]
pub(crate) fn key_index(keys: &[Box<str>], s: &str) -> Option<usize> {
    if keys.len() <= 8 {
        keys.iter().position(|k| same_text(s, k))
    } else {
        keys.binary_search_by(|k| (**k).cmp(s)).ok()
    }
}

/// Whether `text` starts (or, with `at_end`, ends) with `affix`.
#[inline(always)]
pub(crate) fn has_affix(text: &[u8], affix: &[u8], at_end: bool) -> bool {
    let part = if at_end {
        text.len()
            .checked_sub(affix.len())
            .and_then(|at| text.get(at..))
    } else {
        text.get(..affix.len())
    };
    part.is_some_and(|p| same_bytes(p, affix))
}

#[inline(always)]
pub(crate) fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    /// The first and the last `N` bytes (overlapping when shorter than `2 * N`).
    #[inline(always)]
    fn ends<const N: usize>(s: &[u8]) -> Option<([u8; N], [u8; N])> {
        let head = s.get(..N)?.try_into().ok()?;
        let tail = s.get(s.len().checked_sub(N)?..)?.try_into().ok()?;
        Some((head, tail))
    }
    let n = a.len();
    if n != b.len() {
        return false;
    }
    // Two loads a side cover every byte of a short word.
    match n {
        0..=3 => a.iter().zip(b).all(|(x, y)| x == y),
        4..=7 => ends::<4>(a) == ends::<4>(b),
        8..=16 => ends::<8>(a) == ends::<8>(b),
        17..=32 => ends::<16>(a) == ends::<16>(b),
        _ => a == b,
    }
}

/// `characters(text)`: Unicode scalar values.
pub(crate) fn characters(text: &str) -> i64 {
    // Most texts rules count are ASCII, one character a byte; telling is quicker than
    // counting, most of all for short texts, which `count` walks a byte at a time.
    let n = if text.is_ascii() {
        text.len()
    } else {
        text.chars().count()
    };
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// `graphemes(text)`: extended grapheme clusters (UAX #29).
pub(crate) fn graphemes(text: &str) -> i64 {
    i64::try_from(crate::text::count_graphemes(text)).unwrap_or(i64::MAX)
}

/// `lookalikes(text)`: each character of `text` that has a GSM-7 look-alike, once, with
/// its code point and its look-alike — `’ (U+2019) → '` — separated by `, `; an invisible
/// character is shown by its code point alone and "removed". Empty when there is none.
pub fn describe_lookalikes(text: &str) -> String {
    let mut out = String::new();
    describe_lookalikes_into(text, &mut out);
    out
}

/// [`describe_lookalikes`], appended to `out`.
pub(crate) fn describe_lookalikes_into(text: &str, out: &mut String) {
    use std::fmt::Write as _;
    let start = out.len();
    for (c, r) in sms::smart::lookalikes(text) {
        if out.len() > start {
            out.push_str(", ");
        }
        let code = u32::from(c);
        let _ = if r.is_empty() {
            write!(out, "U+{code:04X} → removed")
        } else if c.is_whitespace() {
            write!(out, "U+{code:04X} → a space")
        } else {
            write!(out, "{c} (U+{code:04X}) → {r}")
        };
    }
}

/// Lower case, GSM-7 look-alikes replaced by their plain forms, white space collapsed.
pub fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    normalize_into(text, &mut out);
    out
}

/// [`normalize`], appended to `out`. Runs of text whose normal form is the text with
/// ASCII lower-cased (printable ASCII but `` ` ``, CJK, emoji, single spaces between them)
/// are copied whole, found eight bytes at a time, then lower-cased in place. Other ASCII is
/// folded in line, and only the rest goes through the look-alike table and Unicode
/// lower-casing.
pub(crate) fn normalize_into(text: &str, out: &mut String) {
    out.reserve(text.len());
    let mut collapse = Collapse {
        start: out.len(),
        space: false,
    };
    let bytes = text.as_bytes();
    let mut at = 0;
    while let Some(rest) = bytes.get(at..).filter(|rest| !rest.is_empty()) {
        if copies(rest) {
            let run = copy_run(bytes, at);
            let from = out.len();
            collapse.visible_str(out, text.get(at..run).unwrap_or_default());
            if let Some(copied) = out.get_mut(from..) {
                copied.make_ascii_lowercase();
            }
            at = run;
            continue;
        }
        let Some(c) = text.get(at..).and_then(|rest| rest.chars().next()) else {
            break;
        };
        at += c.len_utf8();
        match c {
            // What `char::is_whitespace` takes of ASCII; a tab is also a look-alike of a
            // space.
            '\t' | '\n' | '\u{0B}' | '\u{0C}' | '\r' | ' ' => collapse.space = true,
            '`' => collapse.visible(out, '\''),
            // Control characters.
            '\0'..='\u{7F}' => collapse.visible(out, c),
            _ => match sms::smart::replacement(c) {
                Some(r) => r
                    .chars()
                    .flat_map(char::to_lowercase)
                    .for_each(|c| collapse.push(out, c)),
                None if caseless(c) => collapse.push(out, c),
                None => c.to_lowercase().for_each(|c| collapse.push(out, c)),
            },
        }
    }
}

/// `fold(text)`: [`normalize`] of the text's compatibility decomposition (Unicode NFKD)
/// without its combining marks, so that `Café Olé` and `CAFE OLE`, and full-width
/// `ＳＴＯＰ` and `stop`, have one folded form.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    fold_into(text, &mut out);
    out
}

/// [`fold`], appended to `out`. ASCII decomposes to itself, so it is only normalised.
pub(crate) fn fold_into(text: &str, out: &mut String) {
    use unicode_normalization::{char::is_combining_mark, UnicodeNormalization};
    if text.is_ascii() {
        return normalize_into(text, out);
    }
    let decomposed: String = text.nfkd().filter(|&c| !is_combining_mark(c)).collect();
    normalize_into(&decomposed, out);
}

/// `misspells(text, words)`: whether `text`, without the punctuation, spaces and symbols
/// around it, is one slip of the keyboard away from one of `words` (of four letters or
/// more) without being it: a letter left out, a letter doubled or a neighbouring key's
/// letter put in, two neighbouring letters swapped, or a letter replaced by a neighbouring
/// key's (QWERTY). The first letter is always right, which keeps other short words (`top`,
/// `atop`) out. Texts and words compare in lower case.
pub(crate) fn misspells<'a>(args: &[Val<'a>]) -> Result<Val<'a>, String> {
    /// Longer words are not judged; the buffers live on the stack.
    const MAX: usize = 32;
    /// `text` lower-cased into `buffer`, or `None` when it has more than `most`
    /// characters.
    fn lowered(text: &str, most: usize, buffer: &mut [char; MAX]) -> Option<usize> {
        let mut n = 0;
        if text.is_ascii() {
            for b in text.bytes() {
                *buffer.get_mut(n).filter(|_| n < most)? = char::from(b.to_ascii_lowercase());
                n += 1;
            }
            return Some(n);
        }
        for c in text.chars().flat_map(char::to_lowercase) {
            *buffer.get_mut(n).filter(|_| n < most)? = c;
            n += 1;
        }
        Some(n)
    }
    let Some(Val::List(words)) = args.get(1) else {
        return Ok(Val::Bool(false));
    };
    let text = args.first().and_then(Val::as_str).unwrap_or("");
    let core = text.trim_matches(|c: char| !c.is_alphanumeric());
    // No word is judged past MAX letters: a longer ASCII text is no slip of any, found
    // before the words are looked at.
    if core.is_ascii() && core.len() > MAX {
        return Ok(Val::Bool(false));
    }
    // A slip adds at most one letter: a text longer than the longest word and one is no
    // slip of any, which settles most texts before they are lower-cased. (A word's bytes
    // bound its letters, and an ASCII text's bytes are its letters.)
    let longest = (0..words.len())
        .filter_map(|i| match words.get(i) {
            Val::Str(w) => Some(w.len()),
            _ => None,
        })
        .max()
        .unwrap_or(0);
    let most = (longest + 1).min(MAX);
    if core.len() > most * 4 || (core.is_ascii() && core.len() > most) {
        return Ok(Val::Bool(false));
    }
    let mut t = ['\0'; MAX];
    let Some(tn) = lowered(core, most, &mut t) else {
        return Ok(Val::Bool(false));
    };
    let mut w = ['\0'; MAX];
    for i in 0..words.len() {
        if let Val::Str(word) = words.get(i) {
            let Some(wn) = lowered(word, MAX, &mut w) else {
                continue;
            };
            if wn >= 4
                && one_slip(
                    t.get(..tn).unwrap_or_default(),
                    w.get(..wn).unwrap_or_default(),
                )
            {
                return Ok(Val::Bool(true));
            }
        }
    }
    Ok(Val::Bool(false))
}

/// The letters next to `c` on a QWERTY keyboard (same row and the rows above and below).
fn neighbours(c: char) -> &'static str {
    match c {
        'q' => "wa",
        'w' => "qeas",
        'e' => "wrsd",
        'r' => "etdf",
        't' => "ryfg",
        'y' => "tugh",
        'u' => "yihj",
        'i' => "uojk",
        'o' => "ipkl",
        'p' => "ol",
        'a' => "qwsz",
        's' => "adwezx",
        'd' => "sferxc",
        'f' => "dgrtcv",
        'g' => "fhtyvb",
        'h' => "gjyubn",
        'j' => "hkuinm",
        'k' => "jliom",
        'l' => "kop",
        'z' => "asx",
        'x' => "zcsd",
        'c' => "xvdf",
        'v' => "cbfg",
        'b' => "vngh",
        'n' => "bmhj",
        'm' => "njk",
        _ => "",
    }
}

fn near_key(a: char, b: char) -> bool {
    neighbours(a).contains(b)
}

/// Whether `text` is one slip (see [`misspells`]) from `word`, and not `word` itself.
fn one_slip(text: &[char], word: &[char]) -> bool {
    if text.first() != word.first() || text == word {
        return false;
    }
    // The first place they differ.
    let at = text.iter().zip(word).take_while(|(a, b)| a == b).count();
    let (t, w) = (
        text.get(at..).unwrap_or_default(),
        word.get(at..).unwrap_or_default(),
    );
    match text.len() as isize - word.len() as isize {
        // A letter left out: the rest of the word follows.
        -1 => w.get(1..) == Some(t),
        // A letter put in: a double of, or a key next to, a letter beside it.
        1 => {
            let Some(&extra) = t.first() else {
                return false;
            };
            let before = at.checked_sub(1).and_then(|i| text.get(i)).copied();
            let after = w.first().copied();
            t.get(1..) == Some(w)
                && [before, after]
                    .into_iter()
                    .flatten()
                    .any(|c| c == extra || near_key(c, extra))
        }
        0 => match (t, w) {
            // Two neighbouring letters swapped.
            ([a, b, rest_t @ ..], [c, d, rest_w @ ..]) if a == d && b == c && rest_t == rest_w => {
                true
            }
            // A letter replaced by a neighbouring key's.
            ([a, rest_t @ ..], [b, rest_w @ ..]) => rest_t == rest_w && near_key(*b, *a),
            _ => false,
        },
        _ => false,
    }
}

/// Printable ASCII whose normal form is itself lower-cased: all but `` ` ``, a look-alike.
#[inline(always)]
fn copied_ascii(b: u8) -> bool {
    matches!(b, b'!'..=b'~') && b != b'`'
}

/// Whether the text at `rest` starts with a character [`copy_run`] copies.
#[inline(always)]
fn copies(rest: &[u8]) -> bool {
    rest.first().is_some_and(|&b| copied_ascii(b)) || verbatim(rest).is_some()
}

/// Where a run of copied text starting at `at` (at a character [`copies`] takes) ends:
/// such characters, and single spaces between two of them.
#[inline]
fn copy_run(bytes: &[u8], mut at: usize) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // Per byte of 7-bit `t`, the high bit set when the byte is at least `lo`: no carries,
    // as both addends are at most 0x80.
    let at_least = |t: u64, lo: u8| t.wrapping_add(ONES * u64::from(0x80 - lo)) & HIGH;
    // Per byte of 7-bit `t`, the high bit set when the byte is `v`.
    let equal = |t: u64, v: u8| !(t ^ (ONES * u64::from(v))).wrapping_add(ONES * 0x7F) & HIGH;
    loop {
        match bytes.get(at..).unwrap_or_default() {
            [b, ..] if copied_ascii(*b) => at += 1,
            [b' ', after @ ..] if copies(after) => {
                at += 1;
                continue;
            }
            rest => match verbatim(rest) {
                Some(len) => {
                    at += len;
                    continue;
                }
                None => return at,
            },
        }
        // After printable ASCII, more is likely: eight bytes at a time while they are
        // printable ASCII and single spaces.
        while let Some(chunk) = bytes
            .get(at..at + 8)
            .and_then(|c| <[u8; 8]>::try_from(c).ok())
        {
            let x = u64::from_le_bytes(chunk);
            let t = x & !HIGH;
            let ascii = !x & HIGH;
            let copied = at_least(t, b'!') & !at_least(t, 0x7F) & !equal(t, b'`') & ascii;
            // A space is copied when the byte after it is (the last byte's follower is
            // not known here: the step above decides).
            let space = equal(t, b' ') & ascii & (copied >> 8);
            let stop = !(copied | space) & HIGH;
            if stop != 0 {
                // `stop` has one bit per byte: the first is where the run may end.
                at += (stop.trailing_zeros() / 8) as usize;
                break;
            }
            at += 8;
        }
    }
}

/// The length of the character `bytes` starts with when it is its own normal form and
/// not white space: CJK from U+3040 to U+9FFF and everything from U+1F000 (emoji and the
/// planes above); `None` for any other (a test checks every character).
#[inline(always)]
fn verbatim(bytes: &[u8]) -> Option<usize> {
    match bytes {
        [0xE4..=0xE9, ..] => Some(3),
        [0xE3, second, ..] if *second != 0x80 => Some(3),
        [0xF0, 0x9F, ..] | [0xF1..=0xF4, ..] => Some(4),
        _ => None,
    }
}

/// Whether `c` is in a block of scripts without case (Hebrew to Myanmar, CJK and Hangul,
/// emoji and the planes above), where lower-casing leaves every character as it is: a
/// test proves it for each of them. Lower-casing any other character searches a table.
#[inline]
fn caseless(c: char) -> bool {
    matches!(
        u32::from(c),
        0x0590..=0x109F | 0x2E00..=0xA63F | 0xA800..=0xFF1F | 0x1F000..=0x10_FFFF
    )
}

/// White space collapsed to single spaces between visible characters, as [`normalize`]
/// writes them.
struct Collapse {
    /// Where the normal form starts in the output.
    start: usize,
    /// Whether white space came since the last visible character.
    space: bool,
}

impl Collapse {
    #[inline]
    fn push(&mut self, out: &mut String, c: char) {
        if c.is_whitespace() {
            self.space = true;
        } else {
            self.visible(out, c);
        }
    }

    #[inline(always)]
    fn visible_str(&mut self, out: &mut String, text: &str) {
        if self.space && out.len() > self.start {
            out.push(' ');
        }
        self.space = false;
        out.push_str(text);
    }

    #[inline(always)]
    fn visible(&mut self, out: &mut String, c: char) {
        if self.space && out.len() > self.start {
            out.push(' ');
        }
        self.space = false;
        out.push(c);
    }
}

/// `lower(text)`, appended to `out`.
pub(crate) fn lower_into(text: &str, out: &mut String) {
    if text.is_ascii() {
        let start = out.len();
        out.push_str(text);
        if let Some(appended) = out.get_mut(start..) {
            appended.make_ascii_lowercase();
        }
    } else if text.contains('Σ') {
        // A final sigma lowers differently: the standard library knows the rule.
        out.push_str(&text.to_lowercase());
    } else {
        out.extend(text.chars().flat_map(char::to_lowercase));
    }
}

/// Which characters normalise to each character (every single-character look-alike), and
/// the characters that normalise to nothing (invisible format characters), escaped for a
/// regex class. Computed once per process.
fn look_alike_sources() -> &'static (std::collections::BTreeMap<char, Vec<char>>, String) {
    static SOURCES: std::sync::OnceLock<(std::collections::BTreeMap<char, Vec<char>>, String)> =
        std::sync::OnceLock::new();
    SOURCES.get_or_init(|| {
        let mut sources: std::collections::BTreeMap<char, Vec<char>> = Default::default();
        let mut invisible = String::new();
        for c in (0u32..0x3_0000).filter_map(char::from_u32) {
            let Some(replacement) = sms::smart::replacement(c) else {
                continue;
            };
            let mut chars = replacement.chars().flat_map(char::to_lowercase);
            match (chars.next(), chars.next()) {
                (Some(only), None) => sources.entry(only).or_default().push(c),
                (None, _) => invisible.push_str(&regex::escape(&c.to_string())),
                _ => {}
            }
        }
        (sources, invisible)
    })
}

/// [`mentions`] over constant `words`, as one regex built at load that matches the text
/// as written: what `normalize` folds (case, runs of white space, GSM-7 look-alikes such as
/// curly apostrophes or accented letters) is matched as alternatives instead, so a search
/// allocates nothing. `None` when a word cannot be matched so (an empty word, a word
/// whose normal form has a character several look-alikes expand to) or the regex would
/// be too large; the caller then keeps the general search.
pub(crate) fn mentions_regex(words: &[Const]) -> Option<regex::Regex> {
    use std::fmt::Write as _;
    // Which characters normalise to each character: every single-character look-alike.
    let (sources, invisible) = look_alike_sources();
    let gap = if invisible.is_empty() {
        String::new()
    } else {
        format!("[{invisible}]*")
    };
    let mut alternatives = Vec::new();
    for word in words {
        let Const::Str(word) = word else {
            return None;
        };
        let normal = normalize(word);
        if normal.is_empty() {
            continue;
        }
        let mut pattern = String::new();
        for (i, c) in normal.chars().enumerate() {
            if i > 0 {
                pattern.push_str(&gap);
            }
            if c == ' ' {
                pattern.push_str(r"\s+");
                continue;
            }
            pattern.push('[');
            pattern.push_str(&regex::escape(&c.to_string()));
            for source in sources.get(&c).into_iter().flatten() {
                let _ = write!(pattern, "{}", regex::escape(&source.to_string()));
            }
            pattern.push(']');
        }
        alternatives.push(pattern);
    }
    if alternatives.is_empty() {
        return None;
    }
    // Whole words: the text's edge or a character that is neither a letter nor a number,
    // as `char::is_alphanumeric` has them.
    // Invisible characters vanish in the normal form, so they are skipped at the edges
    // too: the boundary is the first visible character.
    let pattern = format!(
        r"(?i)(?:^|[^\p{{Alphabetic}}\p{{N}}{invisible}]){gap}(?:{}){gap}(?:$|[^\p{{Alphabetic}}\p{{N}}{invisible}])",
        alternatives.join("|")
    );
    regex::RegexBuilder::new(&pattern)
        .size_limit(MAX_REGEX_BYTES)
        .build()
        .ok()
}

/// Whether `text` contains any of `words` as whole words, ignoring case. A word boundary
/// is the start or end of the text or a character that is not alphanumeric.
pub(crate) fn mentions(text: &str, words: &dyn List) -> bool {
    let hay = normalize(text);
    (0..words.len()).any(|i| {
        let w = words.get(i);
        let Some(w) = w.as_str() else { return false };
        let needle = normalize(w);
        if needle.is_empty() {
            return false;
        }
        let mut from = 0;
        while let Some(at) = hay.get(from..).and_then(|h| h.find(&needle)) {
            let start = from + at;
            let end = start + needle.len();
            let before = hay.get(..start).and_then(|s| s.chars().next_back());
            let after = hay.get(end..).and_then(|s| s.chars().next());
            let boundary = |c: Option<char>| c.is_none_or(|c| !c.is_alphanumeric());
            if boundary(before) && boundary(after) {
                return true;
            }
            from = start + needle.chars().next().map_or(1, char::len_utf8);
        }
        false
    })
}

/// `sms_units(text)`: the units `text` costs in the encoding it is sent in, as
/// `smslint segments` reports them: GSM-7 septets (an extension character costs two) or
/// UTF-16 code units (UCS-2), with the default tables.
pub(crate) fn sms_units<'a>(args: &[Val<'a>]) -> Result<Val<'a>, String> {
    let text = args.first().and_then(Val::as_str).unwrap_or("");
    let units = sms::count(text, &sms::Options::default()).units;
    Ok(Val::Int(i64::try_from(units).unwrap_or(i64::MAX)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalize_folds_case_look_alikes_and_space() {
        assert_eq!(normalize("  Reply  “STOP”\n now "), "reply \"stop\" now");
        assert_eq!(normalize("\tA`B\u{b}\u{c}C\u{85}D\u{1f}"), "a'b c d\u{1f}");
    }

    #[test]
    fn verbatim_characters_are_their_own_normal_form() {
        let mut buffer = [0; 4];
        for c in (0..=0x10_FFFF_u32).filter_map(char::from_u32) {
            let bytes = c.encode_utf8(&mut buffer).as_bytes();
            if let Some(len) = verbatim(bytes) {
                assert_eq!(len, bytes.len(), "U+{:04X}", u32::from(c));
                assert_eq!(normalize_by_definition(&format!("a{c}")), format!("a{c}"));
            }
        }
    }

    #[test]
    fn caseless_characters_lower_to_themselves() {
        for c in (0..=0x10_FFFF_u32)
            .filter_map(char::from_u32)
            .filter(|&c| caseless(c))
        {
            assert!(c.to_lowercase().eq([c]), "U+{:04X}", u32::from(c));
        }
    }

    /// `normalize` as it is defined, one character at a time: what the ASCII fast path
    /// must agree with.
    fn normalize_by_definition(text: &str) -> String {
        let mut out = String::new();
        let mut space = false;
        let lowered = text.chars().flat_map(|c| match sms::smart::replacement(c) {
            Some(r) => r.chars().flat_map(char::to_lowercase).collect::<Vec<_>>(),
            None => c.to_lowercase().collect(),
        });
        for c in lowered {
            if c.is_whitespace() {
                space = true;
                continue;
            }
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.push(c);
        }
        out
    }

    fn slips(text: &str, words: &[&str]) -> bool {
        let list: Vec<String> = words.iter().map(|w| (*w).to_owned()).collect();
        matches!(
            misspells(&[Val::Str(text), Val::List(&list)]),
            Ok(Val::Bool(true))
        )
    }

    #[test]
    fn misspells_takes_one_slip_of_the_keyboard() {
        let words = ["stop", "unsubscribe", "end"];
        for typo in [
            "stpo",
            "sotp",
            "stp",
            "sto",
            "sstop",
            "stopp",
            "stoop",
            "srop",
            "stip",
            "stol",
            " Stpo! ",
            "unsubscibe",
            "unsubscrbe",
            "unsubscribr",
        ] {
            assert!(slips(typo, &words), "{typo}");
        }
        // The word itself, other letters, two slips, a wrong first letter, a word too
        // short to be judged, and slips to keys that are not neighbours.
        for other in [
            "stop", "STOP", "top", "atop", "step", "shop", "spot", "stoop it", "sotpp", "and",
            "ens", "stoq", "stopz",
        ] {
            assert!(!slips(other, &words), "{other}");
        }
    }

    #[test]
    fn fold_drops_accents_and_widths() {
        assert_eq!(fold("Café Olé"), "cafe ole");
        assert_eq!(fold("ＳＴＯＰ"), "stop");
        assert_eq!(fold("ARRÊT"), "arret");
        assert_eq!(fold("Désabonner\u{a0}moi"), "desabonner moi");
        assert_eq!(fold("plain ascii  TEXT"), normalize("plain ascii  TEXT"));
        assert_eq!(fold("Łódź"), "lodz");
    }

    proptest::proptest! {
        /// The word comparison is equality, at every length.
        #[test]
        fn same_text_is_equality(a in "[ab]{0,40}", b in "[ab]{0,40}") {
            proptest::prop_assert_eq!(same_text(&a, &b), a == b);
            proptest::prop_assert!(same_text(&a, &a.clone()));
        }

        #[test]
        fn normalize_agrees_with_its_definition(
            text in "[\\x00-\\x7f]{0,40}|[a-zA-Z. \\n]{0,40}|[a-z ,`]{0,60}|[a-z 一-龥\u{3000}-\u{3003}😀\u{200d}\u{fe0f}é]{0,30}|\\PC{0,20}|[ \\t\\n\\r\\x0b\\x0c\\x85\\u{a0}`A-Za-z’“”…Σ]{0,20}",
        ) {
            proptest::prop_assert_eq!(normalize(&text), normalize_by_definition(&text));
            let mut lowered = String::new();
            lower_into(&text, &mut lowered);
            proptest::prop_assert_eq!(lowered, text.to_lowercase());
        }
    }

    const PARTS: [&str; 29] = [
        "stop",
        "STOP",
        "Stop",
        "st",
        "op",
        " ",
        "  ",
        "\n",
        "\u{a0}",
        "red",
        "wine",
        "WINE",
        "\u{2019}",
        "'",
        "don",
        "t",
        "x",
        "9",
        "-",
        "\u{2013}",
        "\u{200b}",
        "caf\u{e9}",
        "cafe",
        "\u{ea}",
        "e",
        ".",
        "\u{2026}",
        "\u{212a}",
        "k",
    ];

    proptest::proptest! {
        /// The regex a constant word list compiles to finds exactly what the general
        /// search over the normalised text finds.
        #[test]
        fn mentions_regex_agrees_with_mentions(
            parts in proptest::collection::vec(0..PARTS.len(), 0..12),
        ) {
            let text: String = parts.iter().filter_map(|&i| PARTS.get(i).copied()).collect();
            let words: Box<[Const]> = ["stop", "red wine", "don't", "k", "cafe", "e-"]
                .iter()
                .map(|w| Const::Str((*w).into()))
                .collect();
            static RE: std::sync::OnceLock<Option<regex::Regex>> = std::sync::OnceLock::new();
            let re = RE.get_or_init(|| mentions_regex(&words));
            proptest::prop_assert!(re.is_some());
            let found = re.as_ref().is_some_and(|re| re.is_match(&text));
            proptest::prop_assert_eq!(found, mentions(&text, &words), "{:?}", text);
        }

    }

    #[test]
    fn mentions_needs_whole_words() {
        let words: Box<[Const]> =
            vec![Const::Str("beer".into()), Const::Str("red wine".into())].into();
        assert!(mentions("Cold BEER tonight", &words));
        assert!(mentions("a glass of Red  Wine?", &words));
        assert!(!mentions("Beers and beerhall", &words));
        assert!(!mentions("", &words));
    }
}
