//! Rule files: load any text as one rule file beside the built-in pack's data tables, render
//! every diagnostic, and run the examples of a rule that loads.
#![no_main]

use libfuzzer_sys::fuzz_target;
use smslint::rules::pack::{self, PackSource};
use smslint::rules::selftest;
use smslint::source::SourceFile;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let file = SourceFile::new("fuzz/rule.yaml", text);
    let source = PackSource {
        rules: vec![file],
        data: PackSource::builtin().data,
    };
    let (rules, problems) = pack::load(&[source]);
    for p in &problems {
        if let Some(span) = p.span {
            assert!(span.start <= span.end && span.end <= p.file.text.len(), "{p:?}");
        }
        let _ = p.render();
    }
    for rule in &rules {
        let _ = selftest::run(rule);
    }
});
