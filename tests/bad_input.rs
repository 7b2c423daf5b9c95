//! The bad-input corpus: every file in `fixtures/bad/` (written by `fixtures/bad/make.py`)
//! is checked — `*.jsonl` with `check --jsonl`, the rest with `check` — and its exit code,
//! stdout and stderr compared with the insta snapshot `fixtures/bad/snapshots/FILE.snap`. Run
//! `INSTA_UPDATE=always cargo test --test bad_input` to write snapshots, then review the diff.
//!
//! Every run must end with exit code 0, 1 or 2 (never a panic or a signal), and leave the
//! file it checked exactly as it was. The cases too large to commit (a 100 MB line) are
//! made here, in a temporary directory.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs smslint from the project root; exit code, stdout, stderr.
fn run(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_smslint"))
        .args(args)
        .current_dir(root())
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// The command for one corpus file.
fn args_for(path: &str) -> Vec<&str> {
    if path.ends_with(".jsonl") {
        vec!["check", "--no-config", "--jsonl", path]
    } else {
        vec!["check", "--no-config", path]
    }
}

/// Runs a case and checks what every case must do: a known exit code, no panic, and the
/// input left as it was.
fn run_case(path: &Path, shown: &str) -> (i32, String, String) {
    let before = std::fs::read(path).unwrap();
    let (code, stdout, stderr) = run(&args_for(shown));
    assert!(matches!(code, 0..=2), "{shown}: exit code {code}\n{stderr}");
    assert!(!stderr.contains("panicked"), "{shown}: {stderr}");
    assert!(
        std::fs::read(path).unwrap() == before,
        "{shown}: the input changed"
    );
    (code, stdout, stderr)
}

#[test]
fn every_bad_input_gives_its_golden_outcome() {
    let dir = root().join("fixtures/bad");
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .filter(|p| {
            !matches!(
                p.extension().and_then(|e| e.to_str()),
                Some("expected" | "py" | "snap")
            )
        })
        .collect();
    cases.sort();
    assert!(
        cases.len() >= 20,
        "expected the corpus in {}",
        dir.display()
    );
    for path in &cases {
        let name = path.file_name().unwrap().to_str().unwrap();
        let shown = format!("fixtures/bad/{name}");
        let (code, stdout, stderr) = run_case(path, &shown);
        let got = format!("exit: {code}\n--- stdout\n{stdout}--- stderr\n{stderr}");
        common::snapshot(&dir, path, name, &got);
    }
}

/// Good records around every bad one in a batch are still checked and reported, in order.
#[test]
fn a_batch_reports_every_good_record_around_the_bad_ones() {
    let (code, stdout, _) = run_case(
        &root().join("fixtures/bad/mixed.jsonl"),
        "fixtures/bad/mixed.jsonl",
    );
    assert_eq!(code, 2);
    let lines: Vec<serde_json::Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let ids: Vec<&str> = lines.iter().filter_map(|l| l["id"].as_str()).collect();
    assert_eq!(ids, ["bom-first", "good-2", "crlf", "good-3"]);
    // One output line per non-blank input line: the errors name their line.
    let errors: Vec<u64> = lines.iter().filter_map(|l| l["line"].as_u64()).collect();
    assert_eq!(errors.len() + ids.len(), lines.len());
    assert!(errors.windows(2).all(|w| w[0] < w[1]), "{errors:?}");
}

struct TempDir(PathBuf);

impl TempDir {
    fn new(tag: &str) -> TempDir {
        let dir = std::env::temp_dir().join(format!("smslint-bad-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

const GOOD: &str = r#"{"id": "ID", "direction": "outbound", "sender": "agent", "provider": "twilio", "from": "+14155550100", "to": "+13055550123", "body": "Your order has shipped."}"#;

#[test]
fn a_100_mb_line_is_refused_and_the_lines_around_it_are_checked() {
    let dir = TempDir::new("line");
    let path = dir.0.join("huge.jsonl");
    {
        let mut f = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
        writeln!(f, "{}", GOOD.replace("ID", "before")).unwrap();
        write!(f, "{{\"id\": \"huge\", \"body\": \"").unwrap();
        let chunk = "x".repeat(1 << 20);
        for _ in 0..100 {
            f.write_all(chunk.as_bytes()).unwrap();
        }
        writeln!(f, "\"}}").unwrap();
        writeln!(f, "{}", GOOD.replace("ID", "after")).unwrap();
    }
    let shown = path.to_str().unwrap().to_owned();
    let (code, stdout, stderr) = run_case(&path, &shown);
    assert_eq!(code, 2);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(
        lines,
        [
            r#"{"id":"before","findings":[]}"#,
            r#"{"error":"the line is longer than the limit of 1048576 bytes","help":"write one message per line; a message body is at most a few kilobytes","line":2}"#,
            r#"{"id":"after","findings":[]}"#,
        ]
    );
    assert!(
        stderr.contains(&format!(
            "{shown}:2:1: the line is longer than the limit of 1048576 bytes"
        )),
        "{stderr}"
    );
}

#[test]
fn a_file_over_the_size_limit_is_refused_without_being_read_whole() {
    let dir = TempDir::new("size");
    let path = dir.0.join("huge.yaml");
    {
        let mut f = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
        write!(f, "kind: account\nid: \"").unwrap();
        let chunk = "x".repeat(1 << 20);
        for _ in 0..100 {
            f.write_all(chunk.as_bytes()).unwrap();
        }
        writeln!(f, "\"").unwrap();
    }
    let shown = path.to_str().unwrap().to_owned();
    let (code, _, stderr) = run_case(&path, &shown);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("the file is 104857621 bytes, over the limit of 16777216"),
        "{stderr}"
    );
    assert!(stderr.contains(&format!("--> {shown}")), "{stderr}");
}
