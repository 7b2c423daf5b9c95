//! Embeds the built-in rule pack (`rules/**/*.yaml`, tables in `rules/data/`) into the
//! library, so the binary needs no files beside it.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            walk(&path, out);
        } else if matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("yaml" | "yml")
        ) {
            out.push(path);
        }
    }
}

fn main() {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap_or_default());
    let rules_dir = root.join("rules");
    println!("cargo:rerun-if-changed=rules");
    let mut files = Vec::new();
    walk(&rules_dir, &mut files);
    files.sort();
    let data_dir = rules_dir.join("data");
    let (mut rules, mut data) = (String::new(), String::new());
    for path in &files {
        if let Some(dir) = path.parent() {
            println!("cargo:rerun-if-changed={}", dir.display());
        }
        let name = path
            .strip_prefix(&root)
            .unwrap_or(path)
            .to_string_lossy()
            .replace('\\', "/");
        let target = if path.parent() == Some(data_dir.as_path()) {
            &mut data
        } else {
            &mut rules
        };
        let _ = writeln!(
            target,
            "    ({name:?}, include_str!({:?})),",
            path.display().to_string()
        );
    }
    let code = format!(
        "/// Built-in rule files: (path, text).\npub static RULES: &[(&str, &str)] = &[\n{rules}];\n/// Built-in data tables: (path, text).\npub static DATA: &[(&str, &str)] = &[\n{data}];\n"
    );
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap_or_default()).join("builtin_rules.rs");
    if let Err(e) = std::fs::write(&out, code) {
        println!("cargo:warning=cannot write {}: {e}", out.display());
        std::process::exit(1);
    }
}
