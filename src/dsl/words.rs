//! `mentions(text, words)` when the words are constant (a data table, a list literal):
//! every word's normal form searched for at once in the normal form of the text.
//!
//! The normal form of the text ([`normalize`](super::eval::normalize)) is a fact of the
//! document, computed once and shared with every rule that reads it, so the search itself
//! is one Aho–Corasick pass over it plus a check of the characters around each hit. It
//! finds exactly what the general [`mentions`](super::eval) finds: a hit counts when the
//! characters before and after it in the normal form are not letters or digits.

use aho_corasick::{AhoCorasick, Input, MatchKind};

use super::eval::normalize;
use super::Const;

/// The normal forms of a constant list of words, built into one searcher at load.
#[derive(Clone, Debug)]
pub struct WordSearch {
    searcher: AhoCorasick,
    words: Box<[String]>,
}

impl WordSearch {
    /// The searcher for `words`; `None` when an element is not a string or the searcher
    /// cannot be built (the caller then keeps the general search). Words whose normal
    /// form is empty can never be mentioned and are left out.
    pub fn new(words: &[Const]) -> Option<WordSearch> {
        let mut normal = Vec::with_capacity(words.len());
        for word in words {
            let Const::Str(word) = word else {
                return None;
            };
            let word = normalize(word);
            if !word.is_empty() {
                normal.push(word);
            }
        }
        let searcher = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostFirst)
            .build(&normal)
            .ok()?;
        Some(WordSearch {
            searcher,
            words: normal.into(),
        })
    }

    /// Whether the normal form `normal` of a text mentions one of the words as a whole
    /// word.
    pub fn found_in(&self, normal: &str) -> bool {
        // The searcher finds where the leftmost hit starts; every word is then tried
        // there, so a word that is not whole cannot hide another that is at the same
        // place ("opt" in "opted" beside "opted out").
        let mut from = 0;
        while let Some(hit) = self
            .searcher
            .find(Input::new(normal).span(from..normal.len()))
        {
            let start = hit.start();
            if self.whole_word_at(normal, start) {
                return true;
            }
            let next = normal.get(start..).and_then(|s| s.chars().next());
            from = start + next.map_or(1, char::len_utf8);
        }
        false
    }

    /// Whether one of the words is at `start` of `normal`, with no letter or digit on
    /// either side.
    fn whole_word_at(&self, normal: &str, start: usize) -> bool {
        let boundary = |c: Option<char>| c.is_none_or(|c| !c.is_alphanumeric());
        let (Some(before), Some(rest)) = (normal.get(..start), normal.get(start..)) else {
            return false;
        };
        boundary(before.chars().next_back())
            && self.words.iter().any(|w| {
                rest.strip_prefix(w.as_str())
                    .is_some_and(|after| boundary(after.chars().next()))
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(list: &[&str]) -> WordSearch {
        let list: Vec<Const> = list.iter().map(|w| Const::Str((*w).into())).collect();
        WordSearch::new(&list).expect("a searcher")
    }

    #[test]
    fn whole_words_of_the_normal_form() {
        let search = words(&["Stop", "opt out", "beer"]);
        assert!(search.found_in(&normalize("Reply STOP to end")));
        assert!(search.found_in(&normalize("to OPT\n  OUT, reply")));
        assert!(search.found_in(&normalize("“stop”")));
        assert!(!search.found_in(&normalize("non-stopping beers")));
        assert!(!search.found_in(&normalize("")));
    }

    #[test]
    fn a_failed_boundary_does_not_hide_another_hit() {
        // "opt" fails inside "opted" but "opt out" is whole; both start at the same place.
        let search = words(&["opt", "opt outs", "opted out"]);
        assert!(!search.found_in("opted"));
        assert!(search.found_in("we opt outs here"));
        assert!(search.found_in("we opted out"));
        assert!(!search.found_in("stopt"));
        let search = words(&["stopx", "stop"]);
        assert!(search.found_in("stop"));
    }

    #[test]
    fn a_list_with_other_values_or_only_empty_words() {
        assert!(WordSearch::new(&[Const::Int(1)]).is_none());
        let empty = WordSearch::new(&[Const::Str("  ".into())]).expect("a searcher");
        assert!(!empty.found_in("anything"));
    }
}
