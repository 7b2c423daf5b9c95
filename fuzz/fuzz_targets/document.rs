//! Account and message documents: parse any text as YAML (or JSON), load each document as
//! what its `kind` says, check it with the built-in pack and render every diagnostic.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use smslint::engine::Engine;
use smslint::input::{parse_yaml, DocRecord, Tree};
use smslint::schema::{ACCOUNT, MESSAGE};
use smslint::source::SourceFile;

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| match Engine::builtin() {
        Ok(engine) => engine,
        Err(problems) => panic!("the built-in pack does not load: {problems:?}"),
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let file = SourceFile::new("fuzz/doc.yaml", text);
    let nodes = match parse_yaml(&file) {
        Ok(nodes) => nodes,
        Err(d) => {
            if let Some(span) = d.span {
                assert!(span.start <= span.end && span.end <= text.len(), "{d:?}");
            }
            let _ = d.render();
            return;
        }
    };
    for node in &nodes {
        let tree = Tree::from_yaml(node);
        let schema = match tree.get("kind").and_then(|k| k.as_str()) {
            Some("message") => &MESSAGE,
            _ => &ACCOUNT,
        };
        match DocRecord::load(&tree, schema, &["kind"]) {
            Ok(record) => {
                let report = if schema.name == MESSAGE.name {
                    engine().check_message(&record)
                } else {
                    engine().check_account(&record)
                };
                for f in &report.findings {
                    if let Some(span) = f.span {
                        assert!(span.start <= span.end && span.end <= text.len(), "{f:?}");
                    }
                }
            }
            Err(errors) => {
                for e in errors {
                    if let Some(span) = e.span {
                        assert!(span.start <= span.end && span.end <= text.len(), "{e:?}");
                    }
                }
            }
        }
    }
});
