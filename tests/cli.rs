//! Golden tests of the `smslint` command: every `fixtures/cli/NAME.json` case (`args`, and
//! optionally `stdin`) is run and its exit code, stdout and stderr compared with the insta
//! snapshot `fixtures/cli/snapshots/NAME.snap`. Adding a case means adding a file; run
//! `INSTA_UPDATE=always cargo test --test cli` to write its snapshot, then review the diff.

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

use serde::Deserialize;

#[derive(Deserialize)]
struct Case {
    args: Vec<String>,
    #[serde(default)]
    stdin: Option<String>,
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs smslint with `args` and `stdin` from the project root.
fn run(args: &[String], stdin: &[u8]) -> (i32, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_smslint"))
        .args(args)
        .current_dir(root())
        .env_remove("NO_COLOR")
        // Reports that carry a date (JUnit's timestamp) carry this one.
        .env("SOURCE_DATE_EPOCH", "1795478400")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut pipe = child.stdin.take().unwrap();
    let input = stdin.to_vec();
    let writer = std::thread::spawn(move || {
        let _ = pipe.write_all(&input);
    });
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn render(code: i32, stdout: &str, stderr: &str) -> String {
    format!("exit: {code}\n--- stdout\n{stdout}--- stderr\n{stderr}")
}

#[test]
fn golden_cases() {
    let dir = root().join("fixtures/cli");
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    cases.sort();
    assert!(
        cases.len() >= 15,
        "expected the golden cases in {}",
        dir.display()
    );
    for path in &cases {
        let case: Case = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        let (code, stdout, stderr) = run(&case.args, case.stdin.unwrap_or_default().as_bytes());
        common::snapshot(&dir, path, &name(path), &render(code, &stdout, &stderr));
    }
}

fn name(path: &Path) -> String {
    path.file_stem().unwrap().to_string_lossy().into_owned()
}

#[test]
fn exit_codes() {
    let s = |v: &[&str]| v.iter().map(|a| a.to_string()).collect::<Vec<_>>();
    assert_eq!(run(&s(&["segments", "ok"]), b"").0, 0);
    assert_eq!(run(&s(&["segments", "--jsonl", "-"]), b"\"ok\"\n").0, 0);
    assert_eq!(
        run(&s(&["segments", "--jsonl", "-"]), b"\"ok\"\nbad\n").0,
        2
    );
    assert_eq!(run(&s(&["segments", "--split", "sideways", "x"]), b"").0, 2);
    assert_eq!(run(&s(&["no-such-command"]), b"").0, 2);
}

#[test]
fn invalid_utf8_on_stdin_is_an_error_naming_the_place() {
    let (code, stdout, stderr) = run(&["segments".to_string()], b"ok\nbad \xff here");
    assert_eq!(code, 2);
    assert!(stdout.is_empty());
    assert!(
        stderr.contains("<stdin>:2:5: the body is not valid UTF-8"),
        "{stderr}"
    );
}

#[test]
fn invalid_utf8_in_jsonl_is_reported_and_other_lines_counted() {
    let args = ["segments", "--jsonl", "-", "--counts-only"].map(String::from);
    let (code, stdout, stderr) = run(&args, b"\"a\"\n\"b\xff\"\n\"c\"\n");
    assert_eq!(code, 2);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 3, "{stdout}");
    assert_eq!(
        lines[1],
        r#"{"error":"the line is not valid UTF-8","help":"save the file as UTF-8","line":2}"#
    );
    assert!(
        stderr.contains("<stdin>:2:3: the line is not valid UTF-8"),
        "{stderr}"
    );
}

#[test]
fn jsonl_output_keeps_input_order_across_blocks_and_threads() {
    // Enough lines to be cut into several slices counted in parallel.
    let mut input = String::new();
    for i in 0..30_000 {
        input.push_str(&format!("\"{}\"\n", "x".repeat(i % 400)));
    }
    let args = ["segments", "--jsonl", "-", "--counts-only"].map(String::from);
    let (code, stdout, _) = run(&args, input.as_bytes());
    assert_eq!(code, 0);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 30_000);
    for (i, line) in lines.iter().enumerate() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        assert_eq!(v["characters"], (i % 400) as u64, "line {}", i + 1);
    }
}

/// The `smslint check` example in the README is the output of the real command: the finding
/// it shows, rendered as the command renders it.
#[test]
fn readme_check_example_is_current() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let shown = readme
        .split("$ smslint check fixtures/accounts/invalid\n")
        .nth(1)
        .and_then(|s| s.split("\n```").next())
        .expect("the README shows `smslint check fixtures/accounts/invalid`");
    let args = ["check", "fixtures/accounts/invalid"].map(String::from);
    let (code, stdout, _) = run(&args, b"");
    assert_eq!(code, 1);
    assert!(
        stdout.contains(shown),
        "README's `smslint check` example is not in the command's output:\n{shown}\n---\n{stdout}"
    );
}

/// The `smslint segments` example in the README is the output of the real command.
#[test]
fn readme_example_is_current() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let golden =
        std::fs::read_to_string(root().join("fixtures/cli/snapshots/ucs2-look-alikes.snap"))
            .unwrap();
    let stdout = golden
        .split("--- stdout\n")
        .nth(1)
        .and_then(|s| s.split("--- stderr\n").next())
        .unwrap();
    assert!(
        readme.contains(stdout),
        "README's `smslint segments` example differs from fixtures/cli/snapshots/ucs2-look-alikes.snap:\n{stdout}"
    );
}

/// `smslint rules doc` writes an index and one page per rule, citations linked.
#[test]
fn rules_doc_writes_a_linked_catalogue() {
    let out = std::env::temp_dir().join(format!(
        "smslint-rules-doc-{}-{:?}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap_or_default()
            .as_nanos()
    ));
    let args = [
        "rules",
        "doc",
        "--rules",
        "fixtures/rules/good",
        "--out",
        out.to_str().unwrap(),
    ]
    .map(String::from);
    let (code, stdout, stderr) = run(&args, b"");
    let mut pages: Vec<String> = std::fs::read_dir(&out)
        .map(|d| {
            d.map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    pages.sort();
    let read = |name: &str| std::fs::read_to_string(out.join(name)).unwrap_or_default();
    let language = read("language.md");
    let (index, banned, agent, quiet, forwarding) = (
        read("index.md"),
        read("acme.banned-words.md"),
        read("message.agent-length.md"),
        read("acme.quiet-hours.md"),
        read("acme.forwarding-loop.md"),
    );
    std::fs::remove_dir_all(&out).unwrap();

    assert_eq!(code, 0, "{stderr}");
    // index.md, language.md and one page per rule (the built-in pack and the good one),
    // nothing else: no temporary files left.
    let (_, listed, _) = run(
        &["rules", "list", "--rules", "fixtures/rules/good"].map(String::from),
        b"",
    );
    let mut expected: Vec<String> = listed
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .map(|id| format!("{id}.md"))
        .chain(["index.md".to_owned(), "language.md".to_owned()])
        .collect();
    expected.sort();
    assert_eq!(pages, expected);
    assert_eq!(
        stdout,
        format!("wrote {} files into {}\n", expected.len(), out.display())
    );
    for page in [
        "acme.banned-words.md",
        "acme.forwarding-loop.md",
        "acme.provider-limits.md",
        "acme.quiet-hours.md",
        "message.agent-length.md",
        "provisioning.mixed-ownership.md",
    ] {
        assert!(pages.iter().any(|p| p == page), "{page}: {pages:?}");
    }
    // The index is grouped by area and links every page and every cited source.
    assert!(index.starts_with("# smslint rule catalogue\n"), "{index}");
    let acme = index.find("## acme\n").expect("an acme section");
    let message = index.find("## message\n").expect("a message section");
    assert!(acme < message);
    for id in [
        "acme.banned-words",
        "acme.forwarding-loop",
        "acme.provider-limits",
        "acme.quiet-hours",
        "message.agent-length",
        "message.consumer-length",
    ] {
        assert!(
            index.contains(&format!("[`{id}`]({id}.md)")),
            "{id}:\n{index}"
        );
    }
    // The language page documents the schema and the functions, from their declarations.
    assert!(index.contains("[language.md](language.md)"), "{index}");
    assert!(
        language.contains(
            "| `send_at` | instant (RFC 3339) |  |  | when it is sent; the time of the check when absent |"
        ),
        "{language}"
    );
    assert!(language.contains("### `recipient`"), "{language}");
    assert!(
        language.contains("| `characters` | `characters(string) -> int` |"),
        "{language}"
    );
    let words_link =
        "[Acme messaging policy, 3. Words we do not use](https://policy.example.com/messaging#words)";
    assert!(index.contains(words_link), "{index}");
    // Each page: title, its conditions, its linked citations with the quote, its examples.
    assert!(banned.starts_with(
        "# `acme.banned-words` — an outbound message uses a word Acme does not allow\n"
    ));
    assert!(banned.contains("not mentions(message.body, data.banned_words)"));
    assert!(
        banned.contains(&format!("- {words_link}\n\n  > Never promise results.")),
        "{banned}"
    );
    assert!(banned.contains("body: Our plan is risk-free!"), "{banned}");
    assert!(agent.contains(
        "- [Twilio Messaging API, Message resource, Create a Message resource: Body](https://www.twilio.com/docs/messaging/api/message-resource)"
    ), "{agent}");
    // A citation without a url is named, not linked; a rule without citations has none.
    assert!(
        forwarding.contains("## Citations\n\n- Acme telephony runbook, forwarding\n"),
        "{forwarding}"
    );
    assert!(!quiet.contains("## Citations"), "{quiet}");
    assert!(
        quiet.contains("In effect from 2025-01-01 until 2030-12-31."),
        "{quiet}"
    );
}

/// A body on stdin is read up to the JSONL line bound and refused past it (issue 21: `yes |
/// smslint segments` grew until the OOM killer), never read whole.
#[test]
fn stdin_body_is_bounded() {
    let input = "y\n".repeat((1 << 20) / 2 + 1);
    let args = ["segments", "--counts-only"].map(String::from);
    let (code, stdout, stderr) = run(&args, input.as_bytes());
    assert_eq!(code, 2, "{stdout}");
    assert!(
        stderr.contains("over the limit of 1048576 bytes"),
        "{stderr}"
    );
    let ok = "y".repeat(1000);
    let (code, _, _) = run(&args, ok.as_bytes());
    assert_eq!(code, 0);
}

/// `--version` names what an audit needs: the built-in pack's digest and the time-zone
/// database's release, besides the version.
#[test]
fn version_names_the_pack_digest_and_the_tzdb_release() {
    let (code, stdout, _) = run(&["--version".to_owned()], b"");
    assert_eq!(code, 0);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines[0], format!("smslint {}", env!("CARGO_PKG_VERSION")));
    let digest = smslint::PackSource::builtin().digest();
    assert_eq!(digest.len(), 64);
    assert!(lines[1].ends_with(&format!("sha256 {digest}")), "{stdout}");
    let tzdb = smslint::tzdb_version().unwrap();
    assert_eq!(lines[2], format!("time-zone database: IANA {tzdb}"));
    // A pack's digest depends on what it says, not on where it is.
    let mut moved = smslint::PackSource::builtin();
    moved.rules.reverse();
    for f in &mut moved.rules {
        *f = smslint::SourceFile::new(format!("elsewhere/{}", f.name), f.text.clone());
    }
    assert_eq!(moved.digest(), digest);
    moved.rules.pop();
    assert_ne!(moved.digest(), digest);
}

/// Completion scripts for the shells clap_complete knows, and a man page, each naming
/// the subcommands.
#[test]
fn completions_and_the_man_page_are_generated() {
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let (code, stdout, stderr) = run(&["completions".to_owned(), shell.to_owned()], b"");
        assert_eq!(code, 0, "{shell}: {stderr}");
        for word in ["check", "segments", "rules", "--fail-on"] {
            assert!(stdout.contains(word), "{shell} lacks {word}");
        }
    }
    let (code, stdout, _) = run(&["man".to_owned()], b"");
    assert_eq!(code, 0);
    assert!(
        stdout.starts_with(".ie") || stdout.contains(".TH smslint 1"),
        "{stdout}"
    );
    assert!(stdout.contains("check"));
}
