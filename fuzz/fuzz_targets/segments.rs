//! The segment engine: for any body and options, the parts are contiguous, cover the whole
//! body (so they concatenate back to it), never hold more units than their capacity, and
//! agree with the counts.
#![no_main]

use libfuzzer_sys::fuzz_target;
use smslint::sms::{self, NationalLanguage, NationalLanguages, Options, SplitPolicy};

fuzz_target!(|data: &[u8]| {
    let Some((&flags, rest)) = data.split_first() else {
        return;
    };
    let Ok(body) = std::str::from_utf8(rest) else {
        return;
    };
    let mut national = NationalLanguages::NONE;
    for (bit, language) in NationalLanguage::ALL.iter().enumerate() {
        if flags & (1 << bit) != 0 {
            national = national.with(*language);
        }
    }
    let options = Options {
        split: if flags & 0x80 != 0 {
            SplitPolicy::Codepoint
        } else {
            SplitPolicy::Grapheme
        },
        national,
    };
    let counts = sms::count(body, &options);
    let parts = sms::split(body, &options);
    assert_eq!(parts.len(), counts.segments, "{body:?}");
    let mut joined = String::with_capacity(body.len());
    let mut at = 0;
    for part in &parts {
        assert_eq!(part.range.start, at, "{body:?}");
        assert!(part.units <= part.capacity, "{body:?} {part:?}");
        joined.push_str(&body[part.range.clone()]);
        at = part.range.end;
    }
    assert_eq!(joined, body);
    let analysis = sms::analyze(body, &options);
    assert_eq!(analysis.counts, counts);
    assert_eq!(analysis.parts, parts);
});
