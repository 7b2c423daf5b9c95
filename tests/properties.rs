//! Property tests of segmentation invariants over bodies mixing every kind of character
//! that matters to TS 23.038/23.040: ASCII, extension characters, CR/LF, GSM-7 Latin and
//! Greek, non-GSM Latin, CJK, emoji with skin tones and ZWJ, flags, combining marks, and a
//! raw escape.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use proptest::prelude::*;
use smslint::sms::{self, Encoding, NationalLanguages, Options, SplitPolicy};
use unicode_segmentation::UnicodeSegmentation;

const PIECES: &[&str] = &[
    "a",
    "Z",
    "0",
    " ",
    ".",
    "{",
    "}",
    "[",
    "]",
    "~",
    "|",
    "^",
    "\\",
    "€",
    "\u{0C}",
    "\r",
    "\n",
    "\r\n",
    "é",
    "Ç",
    "ç",
    "Δ",
    "Α",
    "ş",
    "ğ",
    "á",
    "ã",
    "日",
    "本",
    "😀",
    "👍🏽",
    "👨\u{200D}👩\u{200D}👧",
    "🇺🇸",
    "e\u{301}",
    "\u{301}",
    "\u{1B}",
    "`",
    "’",
    "…",
    "\u{A0}",
];

fn body() -> impl Strategy<Value = String> {
    prop_oneof![
        // Mostly GSM-7, to exercise septet boundaries.
        prop::collection::vec(prop::sample::select(&PIECES[..18]), 0..400),
        // Anything.
        prop::collection::vec(prop::sample::select(PIECES), 0..250),
        // Long runs of one piece straddle boundaries at every offset.
        (
            prop::sample::select(PIECES),
            0usize..200,
            prop::sample::select(PIECES),
            0usize..200
        )
            .prop_map(|(a, n, b, m)| vec![a; n].into_iter().chain(vec![b; m]).collect()),
    ]
    .prop_map(|pieces| pieces.concat())
}

fn options() -> impl Strategy<Value = Options> {
    (prop::bool::ANY, prop::bool::ANY).prop_map(|(codepoint, national)| Options {
        split: if codepoint {
            SplitPolicy::Codepoint
        } else {
            SplitPolicy::Grapheme
        },
        national: if national {
            NationalLanguages::all()
        } else {
            NationalLanguages::NONE
        },
    })
}

/// The units `text` costs in the encoding and tables `counts` chose.
fn units_of(text: &str, counts: &sms::Counts) -> u32 {
    text.chars()
        .map(|c| match counts.encoding {
            Encoding::Gsm7 => u32::from(counts.tables.cost(c).expect("GSM-7 body")),
            Encoding::Ucs2 => c.len_utf16() as u32,
        })
        .sum()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn parts_cover_the_body_in_order_and_never_exceed_capacity(body in body(), options in options()) {
        let a = sms::analyze(&body, &options);
        prop_assert_eq!(a.parts.len(), a.counts.segments);
        prop_assert_eq!(sms::count(&body, &options), a.counts);
        let mut end = 0;
        let mut rebuilt = String::new();
        for p in &a.parts {
            prop_assert_eq!(p.range.start, end);
            end = p.range.end;
            let text = &body[p.range.clone()];
            rebuilt.push_str(text);
            // Units are recomputed from the part's own text: an escape pair or a surrogate
            // pair split between parts would make this disagree or fail to slice.
            prop_assert_eq!(units_of(text, &a.counts), p.units);
            prop_assert!(p.units <= p.capacity, "{:?}", p);
        }
        prop_assert_eq!(end, body.len());
        prop_assert_eq!(rebuilt, body.clone());
        prop_assert_eq!(a.parts.iter().map(|p| p.units as usize).sum::<usize>(), a.counts.units);
        // Next-fit never uses more segments than needed by more than the atoms force.
        let cap = a.counts.capacity_per_segment() as usize;
        prop_assert!(a.counts.segments >= a.counts.units.div_ceil(cap).max(1));
    }

    #[test]
    fn grapheme_policy_cuts_only_between_clusters_or_inside_oversized_ones(body in body()) {
        let options = Options::default();
        let a = sms::analyze(&body, &options);
        let cap = a.counts.capacity_per_segment();
        let clusters: Vec<(usize, &str)> = body.grapheme_indices(true).collect();
        for p in a.parts.iter().skip(1) {
            let cut = p.range.start;
            if let Some((start, cluster)) = clusters.iter().find(|(s, g)| *s < cut && cut < s + g.len()) {
                prop_assert!(
                    units_of(cluster, &a.counts) > cap,
                    "cut at {} inside cluster {:?} at {}", cut, cluster, start
                );
            }
        }
    }

    #[test]
    fn encoding_is_gsm7_exactly_when_every_character_is_in_the_tables(body in body()) {
        let c = sms::count(&body, &Options::default());
        let all_gsm = body.chars().all(|ch| sms::ShiftTables::DEFAULT.cost(ch).is_some());
        prop_assert_eq!(c.encoding == Encoding::Gsm7, all_gsm);
        prop_assert_eq!(c.characters, body.chars().count());
        let a = sms::analyze(&body, &Options::default());
        prop_assert_eq!(a.non_gsm.is_empty(), all_gsm);
    }

    #[test]
    fn national_tables_never_cost_more_segments(body in body(), codepoint in prop::bool::ANY) {
        let split = if codepoint { SplitPolicy::Codepoint } else { SplitPolicy::Grapheme };
        let plain = sms::count(&body, &Options { split, national: NationalLanguages::NONE });
        let national = sms::count(&body, &Options { split, national: NationalLanguages::all() });
        prop_assert!(national.segments <= plain.segments);
    }

    #[test]
    fn after_replacement_counts_the_replaced_body(body in body()) {
        let a = sms::analyze(&body, &Options::default());
        let replaced = sms::smart::replace(&body);
        prop_assert_eq!(sms::count(&replaced, &Options::default()), a.after_replacement);
        if a.non_gsm.iter().all(|n| n.replacement.is_some()) {
            prop_assert_eq!(a.after_replacement.encoding, Encoding::Gsm7);
        }
    }
}
