//! Regular expressions of conditions, with the bytes one of which every match contains.
//!
//! Most bodies do not contain what a rule's regex looks for, and a regex search reads the
//! whole body to say so. When every match must contain one of a few bytes (the `/` of a
//! link, the `@` of an address), a body without any of them is answered by `memchr`,
//! which reads it many times faster; only the others are searched. The bytes are found in
//! the regex's syntax tree at load.
//!
//! The same type holds the search of `mentions(text, words)` with constant words: one
//! regex for the whole list, built by the first search and shared by every rule that
//! asks for the same list.
//!
//! The lists searched in the same text (`message.body`) form a `MentionGroup`: the
//! first rule to ask searches the text once for all of them, with one regex that says
//! which list matched first, and the document keeps that answer. Most bodies mention none
//! of the lists, and then every rule's answer comes from that one reading of the body;
//! a list that did not match first, when another did, is searched on its own.

use std::sync::{Arc, Mutex, OnceLock};

use regex_syntax::hir::{Class, Hir, HirKind};

use crate::doc::value::Const;

/// Where a document keeps the numbers computed for it (the run-time context's fact
/// cache): a group of searches keeps its answer for a text there, so that the text is
/// searched once for all of them. A trait, so that the compiled form does not depend on
/// the evaluator that runs it.
pub(crate) trait NumberFacts {
    /// The number in `slot`, computed by `compute` on first use.
    fn number_fact(
        &self,
        slot: usize,
        compute: impl FnOnce() -> Result<u64, Box<super::error::EvalError>>,
    ) -> Result<u64, Box<super::error::EvalError>>;
}

/// A compiled regex and the bytes one of which every match contains, or the search of
/// `mentions` with constant words.
#[derive(Clone, Debug)]
pub struct Pattern {
    search: Search,
    needle: Needle,
    /// The group searched together with, for `mentions` of constant words.
    group: Option<GroupRef>,
}

/// A `mentions` search's place in its [`MentionGroup`].
#[derive(Clone, Debug)]
struct GroupRef {
    group: Arc<MentionGroup>,
    /// Its index among the group's members.
    member: u8,
}

/// The `mentions` searches of constant word lists in one text, searched together.
#[derive(Debug, Default)]
pub(crate) struct MentionGroup {
    /// The members, in the order they joined; only added to while rules load.
    members: Mutex<Vec<Arc<Mentions>>>,
    /// The per-document slot that keeps the group's answer, given once a second list
    /// joins: a group of one is searched as its member alone.
    slot: OnceLock<u8>,
    /// Built by the first search.
    combined: OnceLock<Option<Combined>>,
}

/// One regex for a group's members.
#[derive(Debug)]
struct Combined {
    regex: regex_automata::meta::Regex,
    /// The member each of the regex's patterns is.
    members: Box<[u8]>,
    /// Each pattern's source, for the searches without one member.
    sources: Box<[String]>,
    /// Per pattern, the combined regex of the others (with the member each of its
    /// patterns is), built the first time that pattern's member is the one found first.
    rest: Box<[OnceLock<Option<Others>>]>,
    /// One bit per member in the regex (a member whose words do not make a regex is
    /// searched on its own).
    covered: u64,
}

/// One regex of several word lists' patterns, each its own pattern.
fn combined_regex<S: AsRef<str>>(sources: &[S]) -> Option<regex_automata::meta::Regex> {
    regex_automata::meta::Builder::new()
        .configure(
            regex_automata::meta::Config::new()
                .nfa_size_limit(Some(crate::dsl::builtins::text::MAX_REGEX_BYTES * 2)),
        )
        .build_many(sources)
        .ok()
}

/// The combined regex of a group's patterns but one, with the member each of its patterns
/// is.
type Others = (regex_automata::meta::Regex, Box<[u8]>);

impl Combined {
    /// The regex of every pattern but `pattern`, with the member each of its patterns is;
    /// `None` when there are no others or it cannot be built.
    fn without(&self, pattern: usize) -> Option<Others> {
        let (sources, members): (Vec<&str>, Vec<u8>) = self
            .sources
            .iter()
            .zip(self.members.iter())
            .enumerate()
            .filter(|(i, _)| *i != pattern)
            .map(|(_, (s, m))| (s.as_str(), *m))
            .unzip();
        if sources.is_empty() {
            return None;
        }
        let regex = combined_regex(&sources)?;
        Some((regex, members.into()))
    }
}

/// A group's answer for one text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum First {
    /// The text mentions none of the members the combined regex covers.
    None,
    /// The first match the search meets is of this member; then, searching the others
    /// alone, the first match met is of the second (`Some`), or there is none of them
    /// (`None`).
    Member(u8, Option<u8>),
    /// The group has no combined regex: every member searches on its own.
    Unknown,
}

impl First {
    /// As the document's fact cache keeps it, a number: 0 for none, else the first
    /// member plus one in the low byte and the second member plus one (0: none of the
    /// others) in the next.
    fn to_fact(self) -> u64 {
        match self {
            First::None => 0,
            First::Member(m, then) => {
                (u64::from(m) + 1) | (then.map_or(0, |t| u64::from(t) + 1) << 8)
            }
            First::Unknown => u64::MAX,
        }
    }

    fn of_fact(fact: u64) -> First {
        if fact == u64::MAX {
            return First::Unknown;
        }
        let byte = |shift: u32| u8::try_from(fact >> shift & 0xFF).unwrap_or(0);
        match (byte(0).checked_sub(1), byte(8).checked_sub(1)) {
            (None, _) => First::None,
            (Some(m), then) => First::Member(m, then),
        }
    }
}

/// The most members a group has; further lists are searched on their own.
const MAX_MEMBERS: usize = 64;

impl MentionGroup {
    /// Builds the group's combined search now rather than at the first search.
    pub(crate) fn warm(&self) {
        if self.slot.get().is_some() {
            let _ = self.combined.get_or_init(|| self.build());
        }
    }

    /// How many lists have joined.
    pub(crate) fn len(&self) -> usize {
        self.members.lock().map_or(0, |m| m.len())
    }

    /// Gives the group its per-document slot; a second call changes nothing.
    pub(crate) fn keep_in(&self, slot: u8) {
        let _ = self.slot.set(slot);
    }

    /// Adds the search of `pattern` (a `mentions` of constant words) to the group; its
    /// index, or `None` when the group is full or already searched.
    fn join(&self, mentions: &Arc<Mentions>) -> Option<u8> {
        if self.combined.get().is_some() {
            return None;
        }
        let mut members = self.members.lock().ok()?;
        if let Some(i) = members.iter().position(|m| Arc::ptr_eq(m, mentions)) {
            return u8::try_from(i).ok();
        }
        if members.len() >= MAX_MEMBERS {
            return None;
        }
        members.push(Arc::clone(mentions));
        u8::try_from(members.len() - 1).ok()
    }

    /// Which member `text` mentions: the one whose match the search meets first; and,
    /// when there is one, which of the others a second search of them alone meets first,
    /// so that a text mentioning a list most texts mention (STOP) still tells the other
    /// lists' rules whether they are mentioned without a search of their own.
    fn search(&self, text: &str) -> First {
        let Some(combined) = self.combined.get_or_init(|| self.build()) else {
            return First::Unknown;
        };
        let first = |regex: &regex_automata::meta::Regex| {
            regex
                .search_half(&regex_automata::Input::new(text).earliest(true))
                .map(|half| half.pattern().as_usize())
        };
        let Some(pattern) = first(&combined.regex) else {
            return First::None;
        };
        let Some(&member) = combined.members.get(pattern) else {
            return First::Unknown;
        };
        let then = combined
            .rest
            .get(pattern)
            .and_then(|cell| cell.get_or_init(|| combined.without(pattern)).as_ref())
            .map(|(regex, members)| first(regex).map(|p| members.get(p).copied()));
        match then {
            Some(Some(Some(second))) => First::Member(member, Some(second)),
            Some(None) => First::Member(member, None),
            // No search of the others: they are not known, as if they matched after.
            _ => First::Member(member, Some(member)),
        }
    }

    fn covers(&self, member: u8) -> bool {
        self.combined
            .get()
            .and_then(Option::as_ref)
            .is_some_and(|c| c.covered & (1 << member) != 0)
    }

    fn build(&self) -> Option<Combined> {
        let members = self.members.lock().ok()?;
        if members.len() < 2 {
            return None;
        }
        let mut sources = Vec::new();
        let mut which = Vec::new();
        let mut covered = 0u64;
        for (i, m) in members.iter().enumerate() {
            if let Some(regex) = m.regex() {
                sources.push(regex.as_str().to_owned());
                which.push(u8::try_from(i).ok()?);
                covered |= 1 << i;
            }
        }
        let regex = combined_regex(&sources)?;
        let rest = sources.iter().map(|_| OnceLock::new()).collect();
        Some(Combined {
            regex,
            members: which.into(),
            sources: sources.into(),
            rest,
            covered,
        })
    }
}

#[derive(Clone, Debug)]
enum Search {
    Regex(regex::Regex),
    /// Shared by every rule asking for the same words, so the regex is built once.
    Mentions(std::sync::Arc<Mentions>),
}

/// `mentions(text, words)` with constant words, searched with one regex that matches the
/// text as written ([`crate::dsl::builtins::text::mentions_regex`]). The regex is built on first use:
/// building the built-in pack's takes a third of loading it, and a run that checks only
/// accounts never searches a body. When it cannot be built, the general search answers.
#[derive(Clone, Debug)]
struct Mentions {
    words: Box<[Const]>,
    regex: std::sync::OnceLock<Option<regex::Regex>>,
}

impl Mentions {
    /// The regex of the words, built on first use; `None` when they make none.
    fn regex(&self) -> Option<&regex::Regex> {
        self.regex
            .get_or_init(|| crate::dsl::builtins::text::mentions_regex(&self.words))
            .as_ref()
    }
}

/// Up to three bytes, one of which every match contains; `None` when the regex has no
/// such small set.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Needle {
    None,
    One(u8),
    Two(u8, u8),
    Three(u8, u8, u8),
}

impl Pattern {
    /// Builds now what the first search would build: the regex of a `mentions` search.
    pub(crate) fn warm(&self) {
        if let Search::Mentions(m) = &self.search {
            let _ = m.regex();
        }
    }

    /// `regex`, with the bytes found in `hir`, the same pattern's syntax tree.
    pub(crate) fn new(regex: regex::Regex, hir: Option<&Hir>) -> Pattern {
        let needle = match hir.and_then(required).as_deref() {
            Some(&[a]) => Needle::One(a),
            Some(&[a, b]) => Needle::Two(a, b),
            Some(&[a, b, c]) => Needle::Three(a, b, c),
            _ => Needle::None,
        };
        Pattern {
            search: Search::Regex(regex),
            needle,
            group: None,
        }
    }

    /// The search of `mentions(text, words)` for constant `words`.
    pub fn mentions(words: Box<[Const]>) -> Pattern {
        Pattern {
            search: Search::Mentions(std::sync::Arc::new(Mentions {
                words,
                regex: std::sync::OnceLock::new(),
            })),
            needle: Needle::None,
            group: None,
        }
    }

    /// This `mentions` search, searched together with the other members of `group`
    /// (once the group has a slot, see [`MentionGroup::keep_in`]). Other patterns are
    /// returned as they are.
    pub(crate) fn in_group(self, group: &Arc<MentionGroup>) -> Pattern {
        let Search::Mentions(m) = &self.search else {
            return self;
        };
        match group.join(m) {
            Some(member) => Pattern {
                group: Some(GroupRef {
                    group: Arc::clone(group),
                    member,
                }),
                ..self
            },
            None => self,
        }
    }

    /// Whether `text`, a text of the document of `cx`, has a match: for a member of a
    /// group, from the group's answer when it says.
    #[inline]
    pub(crate) fn is_match_in(&self, cx: &impl NumberFacts, text: &str) -> bool {
        if let Some((g, &slot)) = self
            .group
            .as_ref()
            .and_then(|g| Some((g, g.group.slot.get()?)))
        {
            let first = cx
                .number_fact(usize::from(slot), || Ok(g.group.search(text).to_fact()))
                .map_or(First::Unknown, First::of_fact);
            let covered = g.group.covers(g.member);
            match first {
                First::Member(m, _) if m == g.member => return true,
                First::Member(_, Some(t)) if t == g.member && covered => return true,
                // Neither search met it: the first covers the earliest match of every
                // member, the second that of every other member.
                First::Member(_, None) | First::None if covered => return false,
                _ => {}
            }
        }
        self.is_match(text)
    }

    /// The words of a [`Pattern::mentions`].
    pub fn mentions_words(&self) -> Option<&[Const]> {
        match &self.search {
            Search::Mentions(m) => Some(&m.words),
            Search::Regex(_) => None,
        }
    }

    /// Whether `text` has a match.
    #[inline]
    pub fn is_match(&self, text: &str) -> bool {
        let regex = match &self.search {
            Search::Regex(regex) => regex,
            Search::Mentions(m) => {
                return match m.regex() {
                    Some(regex) => regex.is_match(text),
                    None => crate::dsl::builtins::text::mentions(text, &m.words),
                };
            }
        };
        let bytes = text.as_bytes();
        // A short text (a number, a keyword) is searched as it is: the check would
        // cost about what the search does.
        if bytes.len() < SHORT {
            return regex.is_match(text);
        }
        let possible = match self.needle {
            Needle::None => true,
            Needle::One(a) => memchr::memchr(a, bytes).is_some(),
            Needle::Two(a, b) => memchr::memchr2(a, b, bytes).is_some(),
            Needle::Three(a, b, c) => memchr::memchr3(a, b, c, bytes).is_some(),
        };
        possible && regex.is_match(text)
    }
}

/// Texts shorter than this are searched without the byte check.
const SHORT: usize = 32;

/// The most bytes a needle holds.
const MAX_NEEDLE: usize = 3;

/// A small set of bytes, sorted, one of which every match of `hir` contains; `None` when
/// there is none (the regex can match without reading a byte, or every set is too big).
fn required(hir: &Hir) -> Option<Vec<u8>> {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => None,
        HirKind::Literal(literal) => literal
            .0
            .iter()
            .copied()
            .min_by_key(|&b| commonness(b))
            .map(|b| vec![b]),
        HirKind::Class(class) => small(first_bytes(class)?),
        HirKind::Repetition(repetition) if repetition.min >= 1 => required(&repetition.sub),
        HirKind::Repetition(_) => None,
        HirKind::Capture(capture) => required(&capture.sub),
        // Each part's match is inside the whole: the best part's set will do.
        HirKind::Concat(parts) => parts
            .iter()
            .filter_map(required)
            .min_by_key(|set| (set.len(), set.iter().map(|&b| commonness(b)).max())),
        // Whichever branch matches, its bytes are there.
        HirKind::Alternation(branches) => {
            let mut union = Vec::new();
            for branch in branches {
                union.extend(required(branch)?);
            }
            small(union)
        }
    }
}

fn small(mut set: Vec<u8>) -> Option<Vec<u8>> {
    set.sort_unstable();
    set.dedup();
    (!set.is_empty() && set.len() <= MAX_NEEDLE).then_some(set)
}

/// Every byte a character of `class` can start with (a superset for ranges of non-ASCII
/// characters); `None` when there are more than a needle holds.
fn first_bytes(class: &Class) -> Option<Vec<u8>> {
    let mut bytes = Vec::new();
    let mut add = |from: u32, to: u32| -> Option<()> {
        if to.saturating_sub(from) >= MAX_NEEDLE as u32 {
            return None;
        }
        for b in from..=to {
            bytes.push(u8::try_from(b).ok()?);
            if bytes.len() > MAX_NEEDLE {
                return None;
            }
        }
        Some(())
    };
    match class {
        Class::Bytes(class) => {
            for range in class.iter() {
                add(u32::from(range.start()), u32::from(range.end()))?;
            }
        }
        Class::Unicode(class) => {
            for range in class.iter() {
                let (start, end) = (u32::from(range.start()), u32::from(range.end()));
                if start < 0x80 {
                    add(start, end.min(0x7F))?;
                }
                if end >= 0x80 {
                    // Lead bytes grow with the code point: those of the range's ends
                    // bound all of them.
                    let lead = |c: char| {
                        let mut buffer = [0; 4];
                        u32::from(
                            c.encode_utf8(&mut buffer)
                                .as_bytes()
                                .first()
                                .copied()
                                .unwrap_or(0),
                        )
                    };
                    let first = char::from_u32(start.max(0x80)).map_or(0xC2, lead);
                    add(first, lead(range.end()))?;
                }
            }
        }
    }
    Some(bytes)
}

/// How common a byte is in messages, roughly: letters by their frequency in English, then
/// space, digits and sentence punctuation; everything else is rare.
fn commonness(b: u8) -> u8 {
    const LETTERS: &[u8] = b"etaoinshrdlcumwfgypbvkjxqz";
    match b {
        b' ' => 255,
        b'a'..=b'z' | b'A'..=b'Z' => {
            let rank = LETTERS
                .iter()
                .position(|&l| l == b.to_ascii_lowercase())
                .unwrap_or(LETTERS.len());
            let base: u8 = if b.is_ascii_lowercase() { 250 } else { 150 };
            base.saturating_sub(u8::try_from(rank * 4).unwrap_or(u8::MAX))
        }
        b'0'..=b'9' => 100,
        b'.' | b',' | b'\n' | b'!' | b'?' | b'\'' => 120,
        _ => 30,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn needle(pattern: &str) -> Needle {
        let hir = regex_syntax::parse(pattern).ok();
        let regex = regex::Regex::new(pattern).ok();
        regex.map_or(Needle::None, |r| Pattern::new(r, hir.as_ref()).needle)
    }

    #[test]
    fn needles_are_bytes_every_match_holds() {
        assert_eq!(needle(r"https?://\S+"), Needle::One(b':'));
        assert_eq!(
            needle(r"(?i)(?:^|[^\w.\-])(?:www\.)?(?:bit\.ly|tinyurl\.com)\/\S"),
            Needle::One(b'/')
        );
        assert_eq!(needle(r"a@b|x#y"), Needle::Two(b'#', b'@'));
        assert_eq!(needle(r"(?i)k"), Needle::Three(b'K', b'k', 0xE2));
        assert_eq!(needle(r"x*"), Needle::None);
        assert_eq!(needle(r"^$"), Needle::None);
        assert_eq!(needle(r"\w+"), Needle::None);
        assert_eq!(needle(r"[é-ü]"), Needle::One(0xC3));
        assert_eq!(needle(r"stop|quit|end|cancel"), Needle::None);
    }

    proptest::proptest! {
        /// Lists searched together answer as each searched alone, whichever rule asks
        /// first, and also a list that makes no regex (searched on its own).
        #[test]
        fn a_group_answers_as_its_members_alone(
            pieces in proptest::collection::vec(
                proptest::sample::select(vec![
                    "stop", "STOP", "opt", " ", "out", "beer", "wine", "s", "-", ".", "é", "😀",
                    "\u{200b}", "x",
                ]),
                0..12,
            ),
            order in proptest::sample::subsequence(vec![0usize, 1, 2, 3], 1..=4),
        ) {
            let text: String = pieces.concat();
            // Built once: every case then searches with the same regexes.
            static GROUP: OnceLock<(Arc<MentionGroup>, Vec<Pattern>)> = OnceLock::new();
            let (group, members) = GROUP.get_or_init(|| {
                let words = |list: &[&str]| list.iter().map(|w| Const::Str((*w).into())).collect();
                let group = Arc::new(MentionGroup::default());
                let members = [
                    &["stop", "opt out"][..],
                    &["beer", "wine"],
                    &["", " "],
                    &["wine", "stop"],
                ]
                .iter()
                .map(|list| Pattern::mentions(words(list)).in_group(&group))
                .collect();
                group.keep_in(0);
                (group, members)
            });
            let cx = crate::dsl::run::eval::Context::new(&[]);
            for &i in &order {
                let member = &members[i];
                proptest::prop_assert_eq!(
                    member.is_match_in(&cx, &text),
                    member.is_match(&text),
                    "list {} in {:?}",
                    i,
                    text
                );
            }
            proptest::prop_assert!(group.covers(0) && group.covers(1) && !group.covers(2));
        }
    }

    /// A group's answer comes back from the fact cache as it went in.
    #[test]
    fn a_group_answer_survives_the_fact_cache() {
        let answers = [First::None, First::Unknown]
            .into_iter()
            .chain((0..64).map(|m| First::Member(m, None)))
            .chain((0..64).map(|m| First::Member(m, Some(63 - m))));
        for first in answers {
            assert_eq!(First::of_fact(first.to_fact()), first);
        }
    }

    #[test]
    fn mentions_builds_its_regex_on_first_use_or_searches_without_one() {
        let words = |list: &[&str]| list.iter().map(|w| Const::Str((*w).into())).collect();
        let stop = Pattern::mentions(words(&["", "STOP"]));
        assert!(matches!(&stop.search, Search::Mentions(m) if m.regex.get().is_none()));
        assert!(stop.is_match("Please stop."));
        assert!(!stop.is_match("nonstop"));
        assert!(
            matches!(&stop.search, Search::Mentions(m) if m.regex.get().is_some_and(Option::is_some))
        );
        // No word has a normal form to match: no regex, and the general search says no.
        let empty = Pattern::mentions(words(&["", " "]));
        assert!(!empty.is_match("anything at all"));
        assert!(
            matches!(&empty.search, Search::Mentions(m) if matches!(m.regex.get(), Some(None)))
        );
    }

    /// Pieces of regexes: literals, classes, repetitions, groups and alternatives.
    const PARTS: [&str; 20] = [
        "a", "b", "/", "@", "é", "K", "[a-c]", "[/@]", r"\.", "x*", "(?i)k", r"\S", r"\s", "^",
        "$", "(", ")", "|", "?", "+",
    ];

    proptest::proptest! {
        /// The byte check never turns a match away: with or without it, the answer is
        /// the regex's.
        #[test]
        fn the_byte_check_keeps_every_match(
            parts in proptest::collection::vec(proptest::sample::select(&PARTS[..]), 1..8),
            text in "[ab/@éKk\u{212A}x. \\n]{0,16}|[ab/@éKk\u{212A}x. \\n]{30,48}",
        ) {
            let pattern = parts.concat();
            if let (Ok(regex), Ok(hir)) = (regex::Regex::new(&pattern), regex_syntax::parse(&pattern)) {
                let expected = regex.is_match(&text);
                let pattern = Pattern::new(regex, Some(&hir));
                proptest::prop_assert_eq!(pattern.is_match(&text), expected);
            }
        }
    }
}
