//! `smslint check` reports as their consumers read them: SARIF with what GitHub code
//! scanning requires, JSON with a place for every finding, and exit codes.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::process::Command;

use serde_json::Value;

fn check(args: &[&str]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_smslint"))
        .arg("check")
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
    )
}

#[test]
fn sarif_has_what_github_code_scanning_requires() {
    let (code, out) = check(&["--format", "sarif", "fixtures/accounts/invalid"]);
    assert_eq!(code, 1);
    let sarif: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    assert!(sarif["$schema"].as_str().unwrap().contains("sarif-2.1.0"));
    let run = &sarif["runs"][0];
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "smslint");
    let rules = driver["rules"].as_array().unwrap();
    for rule in rules {
        let id = rule["id"].as_str().unwrap();
        assert!(id.contains('.'), "{id}");
        assert!(!rule["shortDescription"]["text"]
            .as_str()
            .unwrap()
            .is_empty());
        assert!(!rule["help"]["text"].as_str().unwrap().is_empty(), "{id}");
        let level = rule["defaultConfiguration"]["level"].as_str().unwrap();
        assert!(["error", "warning", "note"].contains(&level), "{id}");
    }
    let results = run["results"].as_array().unwrap();
    assert!(results.len() >= 10, "{}", results.len());
    for result in results {
        let id = result["ruleId"].as_str().unwrap();
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], id, "ruleIndex points at the rule");
        assert!(!result["message"]["text"].as_str().unwrap().is_empty());
        let location = &result["locations"][0]["physicalLocation"];
        let uri = location["artifactLocation"]["uri"].as_str().unwrap();
        assert!(uri.starts_with("fixtures/accounts/invalid/"), "{uri}");
        let region = &location["region"];
        assert!(region["startLine"].as_u64().unwrap() >= 1);
        assert!(region["startColumn"].as_u64().unwrap() >= 1);
        assert!(region["endLine"].as_u64() >= region["startLine"].as_u64());
    }
    assert_eq!(run["invocations"][0]["executionSuccessful"], true);
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    assert_eq!(driver["semanticVersion"], env!("CARGO_PKG_VERSION"));
    for rule in rules {
        // What the OASIS schema and code scanning refuse or drop.
        let tags: Vec<&str> = rule["properties"]["tags"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t.as_str().unwrap())
            .collect();
        let mut unique = tags.clone();
        unique.dedup();
        assert_eq!(tags, unique, "{}", rule["id"]);
        assert_ne!(rule["name"], rule["id"]);
        let full = rule["fullDescription"]["text"].as_str().unwrap();
        assert!(full.chars().count() <= 1024, "{}", rule["id"]);
    }
    for result in results {
        assert!(result["partialFingerprints"]["smslintFindingHash/v1"].is_string());
        let artifact = &result["locations"][0]["physicalLocation"]["artifactLocation"];
        assert_eq!(artifact["uriBaseId"], "%SRCROOT%");
    }
}

/// A file that could not be checked is a result of `smslint.input-error`, which has a
/// descriptor, and not only a tool notification (which code scanning ignores).
#[test]
fn sarif_reports_unchecked_files_as_results() {
    let (code, out) = check(&["--format", "sarif", "fixtures/accounts/broken"]);
    assert_eq!(code, 2);
    let sarif: Value = serde_json::from_str(&out).unwrap();
    let run = &sarif["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    let results = run["results"].as_array().unwrap();
    assert!(!results.is_empty());
    for result in results {
        assert_eq!(result["ruleId"], "smslint.input-error");
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], "smslint.input-error");
    }
    assert_eq!(
        run["invocations"][0]["toolExecutionNotifications"]
            .as_array()
            .unwrap()
            .len(),
        results.len()
    );
    assert_eq!(run["invocations"][0]["executionSuccessful"], false);
}

/// The fixtures' SARIF is valid against the OASIS SARIF 2.1.0 schema, as GitHub's upload
/// step requires, when the schema and a validator are at hand (`.ci/run` provides both; the
/// test says so and passes where they are not).
#[test]
fn sarif_is_valid_against_the_oasis_schema() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let schema = root.join("../shared/data/sarif/sarif-schema-2.1.0.json");
    let python = std::env::var("SMSLINT_JSONSCHEMA_PYTHON").unwrap_or_else(|_| "python3".into());
    let has_validator = Command::new(&python)
        .args(["-c", "import jsonschema"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !schema.is_file() || !has_validator {
        eprintln!("note: the SARIF schema or python's jsonschema is missing; schema check skipped");
        return;
    }
    let dir = std::env::temp_dir().join(format!("smslint-sarif-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut files = Vec::new();
    for (n, args) in [
        vec!["fixtures/accounts/valid"],
        vec!["fixtures/accounts/invalid"],
        vec!["fixtures/accounts/broken"],
        vec![
            "--config",
            "fixtures/accounts/smslint.yaml",
            "fixtures/accounts",
        ],
    ]
    .into_iter()
    .enumerate()
    {
        let mut all = vec!["--format", "sarif"];
        all.extend(args);
        let (_, out) = check(&all);
        let file = dir.join(format!("{n}.sarif"));
        std::fs::write(&file, out).unwrap();
        files.push(file);
    }
    let out = Command::new(&python)
        .arg(root.join("tools/jsonschema/validate.py"))
        .arg(&schema)
        .args(&files)
        .output()
        .unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn json_findings_point_at_the_offending_value() {
    let (code, out) = check(&[
        "--format",
        "json",
        "fixtures/accounts/invalid/self-provisioned-problems.yaml",
    ]);
    assert_eq!(code, 1);
    let report: Value = serde_json::from_str(&out).unwrap();
    let findings = report["findings"].as_array().unwrap();
    let provider = findings
        .iter()
        .find(|f| f["rule"] == "provisioning.provider")
        .unwrap();
    // `provider: openmarket` is line 8; the value starts in column 15.
    assert_eq!(
        (provider["line"].as_u64(), provider["column"].as_u64()),
        (Some(8), Some(15))
    );
    assert_eq!(provider["severity"], "error");
    for f in findings {
        for key in ["rule", "severity", "message", "path", "line", "column"] {
            assert!(!f[key].is_null(), "{key} in {f}");
        }
    }
    assert_eq!(report["summary"]["documents"], 1);
}

#[test]
fn exit_codes_follow_the_worst_outcome() {
    assert_eq!(check(&["fixtures/accounts/valid"]).0, 0);
    assert_eq!(check(&["fixtures/accounts/invalid"]).0, 1);
    // Warnings alone pass by default, fail with --fail-on warning.
    let warnings = [
        "--select",
        "deactivation.consumer-lockout",
        "fixtures/accounts/invalid",
    ];
    assert_eq!(check(&warnings).0, 0);
    let mut strict = vec!["--fail-on", "warning"];
    strict.extend(warnings);
    assert_eq!(check(&strict).0, 1);
    // A file that cannot be checked makes the run fail, whatever the others found.
    assert_eq!(
        check(&["fixtures/accounts/invalid", "fixtures/accounts/broken"]).0,
        2
    );
}

/// `check --jsonl` over more than one slice of input (so several workers): output line N
/// is about input line N, a bad line is reported with its number and the others are
/// still checked.
#[test]
fn jsonl_keeps_order_and_checks_around_bad_lines() {
    use std::io::Write as _;
    let good = |i: usize| {
        format!(
            r#"{{"id": "m-{i}", "direction": "outbound", "sender": "agent", "provider": "twilio", "from": "+14155550100", "to": "+13055550123", "body": "{}"}}"#,
            if i.is_multiple_of(7) {
                "x".repeat(1700)
            } else {
                format!("Order {i} has shipped.")
            }
        )
    };
    let mut input = String::new();
    for i in 1..=6000 {
        if i % 1000 == 0 {
            input.push_str("{\"id\": broken\n");
        } else {
            input.push_str(&good(i));
            input.push('\n');
        }
    }
    assert!(input.len() > 2 << 20, "more than one slice");
    let mut child = Command::new(env!("CARGO_BIN_EXE_smslint"))
        .args(["check", "--jsonl", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap().unwrap();
    assert_eq!(out.status.code(), Some(2), "bad lines make the run fail");
    let stdout = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 6000);
    for (n, line) in lines.iter().enumerate() {
        let i = n + 1;
        if i % 1000 == 0 {
            assert_eq!(line["line"], i, "{line}");
            assert!(line["error"].is_string());
        } else {
            assert_eq!(line["id"], format!("m-{i}"));
            let rules: Vec<&str> = line["findings"]
                .as_array()
                .unwrap()
                .iter()
                .filter_map(|f| f["rule"].as_str())
                .collect();
            assert_eq!(
                rules.contains(&"message.agent-length"),
                i % 7 == 0,
                "{line}"
            );
        }
    }
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(stderr.matches("<stdin>:").count(), 6, "{stderr}");
    assert!(stderr.contains("<stdin>:3000:"), "{stderr}");
}

/// `-o /dev/null` writes into the device and leaves it a device (issue 21: run as root, the
/// report used to be renamed over it); `-o` through a link to a file keeps the link.
#[test]
fn output_never_replaces_a_special_file_or_a_link() {
    let null = std::path::Path::new("/dev/null");
    if null.exists() {
        let (code, out) = check(&["fixtures/accounts/valid", "-o", "/dev/null"]);
        assert_eq!(code, 0);
        assert!(out.is_empty(), "{out}");
        assert!(!std::fs::symlink_metadata(null).unwrap().is_file());
    }
    #[cfg(unix)]
    {
        let dir = std::env::temp_dir().join(format!("smslint-out-link-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let real = dir.join("report.json");
        let link = dir.join("link.json");
        std::os::unix::fs::symlink(&real, &link).unwrap();
        let (code, _) = check(&[
            "fixtures/accounts/valid",
            "--format",
            "json",
            "-o",
            link.to_str().unwrap(),
        ]);
        assert_eq!(code, 0);
        assert!(std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
        let report: Value = serde_json::from_str(&std::fs::read_to_string(&real).unwrap()).unwrap();
        assert_eq!(report["summary"]["errors"], 0);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}

/// Past ten annotations of a severity (what GitHub shows a step), every finding is also
/// written to `$GITHUB_STEP_SUMMARY` as a Markdown table; a run within the limit writes none.
#[test]
fn github_format_summarises_what_the_runner_would_drop() {
    let dir = std::env::temp_dir().join(format!("smslint-summary-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    // Twelve accounts, each mixing ownership: twelve errors.
    let account = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fixtures/accounts/invalid/mixed-ownership.yaml"),
    )
    .unwrap();
    for i in 0..12 {
        std::fs::write(dir.join(format!("a{i:02}.yaml")), &account).unwrap();
    }
    let summary = dir.join("summary.md");
    let run = |path: &std::path::Path| {
        Command::new(env!("CARGO_BIN_EXE_smslint"))
            .args([
                "check",
                "--format",
                "github",
                "--select",
                "provisioning.mixed-ownership",
            ])
            .arg(path)
            .env("GITHUB_STEP_SUMMARY", &summary)
            .output()
            .unwrap()
    };
    let out = run(&dir);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 12);
    let table = std::fs::read_to_string(&summary).unwrap();
    assert!(
        table.starts_with("## smslint: 12 findings, 0 problems"),
        "{table}"
    );
    assert_eq!(
        table
            .matches("| error | `provisioning.mixed-ownership` |")
            .count(),
        12
    );
    std::fs::remove_file(&summary).unwrap();
    let out = run(&dir.join("a00.yaml"));
    assert_eq!(out.status.code(), Some(1));
    assert!(!summary.exists(), "a run within the limit wrote a summary");
    std::fs::remove_dir_all(&dir).unwrap();
}

/// A configuration can select rules, waive findings and change what fails, so every format
/// names the one a run applied (issue 21).
#[test]
fn every_format_names_the_configuration_applied() {
    let config = "fixtures/accounts/smslint.yaml";
    let run = |format: &str| {
        check(&[
            "--format",
            format,
            "--config",
            config,
            "fixtures/accounts/valid",
        ])
        .1
    };
    let json: Value = serde_json::from_str(&run("json")).unwrap();
    assert_eq!(json["summary"]["config"], config);
    let sarif: Value = serde_json::from_str(&run("sarif")).unwrap();
    assert_eq!(
        sarif["runs"][0]["invocations"][0]["properties"]["smslintConfiguration"],
        config
    );
    assert!(run("github").contains(&format!(
        "::notice title=smslint configuration::applied {config}"
    )));
    assert!(run("junit").contains(&format!(
        "<property name=\"smslint.configuration\" value=\"{config}\"/>"
    )));
    assert!(run("human").contains(&format!("; configuration {config}")));
    let (_, without) = check(&["--format", "json", "--no-config", "fixtures/accounts/valid"]);
    let without: Value = serde_json::from_str(&without).unwrap();
    assert!(without["summary"]["config"].is_null());
}

/// What the user wrote never reaches a terminal or a CI log as a control: a file name with
/// a line break and `::error` in it, and an ESC in a value, are shown, not acted on (issue 20).
#[cfg(unix)]
#[test]
fn user_text_cannot_inject_log_commands_or_terminal_controls() {
    let dir = std::env::temp_dir().join(format!("smslint-inject-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let forged = dir.join("a\n::error file=x.yaml::forged\n.yaml");
    std::fs::write(&forged, "kind: account\nid: \"x\x1b[2J\"\nnumbrs: []\n").unwrap();
    for format in ["human", "github", "junit", "json", "sarif"] {
        let out = Command::new(env!("CARGO_BIN_EXE_smslint"))
            .args(["check", "--format", format])
            .arg(&dir)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{format}");
        for stream in [&out.stdout, &out.stderr] {
            let text = String::from_utf8_lossy(stream);
            assert!(
                !text.lines().any(|l| l.starts_with("::error file=x.yaml")),
                "{format}: a forged workflow command:\n{text}"
            );
            assert!(!text.contains('\u{1b}'), "{format}: a raw ESC:\n{text}");
        }
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

/// GitLab's Code Quality report as GitLab reads it (docs.gitlab.com, "Code Quality report
/// format"): an array of issues, each with a description, a check name, a fingerprint
/// unique in the report, one of GitLab's five severities and a repository-relative path
/// with a 1-based first line.
#[test]
fn gitlab_code_quality_has_what_gitlab_requires() {
    let (code, out) = check(&[
        "--no-config",
        "--format",
        "gitlab",
        "fixtures/accounts/broken",
        "fixtures/accounts/invalid",
    ]);
    assert_eq!(code, 2);
    let issues: Vec<Value> = serde_json::from_str(&out).unwrap();
    assert!(issues.len() >= 10);
    let mut fingerprints = std::collections::HashSet::new();
    for issue in &issues {
        assert!(!issue["description"].as_str().unwrap().is_empty());
        assert!(!issue["check_name"].as_str().unwrap().is_empty());
        assert!(fingerprints.insert(issue["fingerprint"].as_str().unwrap().to_owned()));
        let severity = issue["severity"].as_str().unwrap();
        assert!(["info", "minor", "major", "critical", "blocker"].contains(&severity));
        let path = issue["location"]["path"].as_str().unwrap();
        assert!(path.starts_with("fixtures/accounts/"), "{path}");
        let begin = issue["location"]["lines"]["begin"].as_u64().unwrap();
        assert!(begin >= 1);
        assert!(issue["location"]["lines"]["end"].as_u64().unwrap() >= begin);
    }
    // A problem that kept a file from being checked is the most severe.
    assert!(issues
        .iter()
        .any(|i| i["check_name"] == "smslint.input-error" && i["severity"] == "critical"));
}

/// reviewdog's Diagnostic Format as `reviewdog -f=rdjson` reads it: a `diagnostics`
/// array, each with a message, a location (path, 1-based range), a severity of its enum
/// and the rule as `code.value`.
#[test]
fn rdjson_has_what_reviewdog_reads() {
    let (code, out) = check(&["--format", "rdjson", "fixtures/accounts/invalid"]);
    assert_eq!(code, 1);
    let report: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(report["source"]["name"], "smslint");
    let diagnostics = report["diagnostics"].as_array().unwrap();
    assert!(diagnostics.len() >= 10);
    for d in diagnostics {
        assert!(!d["message"].as_str().unwrap().is_empty());
        assert!(["ERROR", "WARNING", "INFO"].contains(&d["severity"].as_str().unwrap()));
        assert!(d["code"]["value"].as_str().unwrap().contains('.'));
        let location = &d["location"];
        assert!(location["path"]
            .as_str()
            .unwrap()
            .starts_with("fixtures/accounts/invalid/"));
        let start = &location["range"]["start"];
        assert!(start["line"].as_u64().unwrap() >= 1 && start["column"].as_u64().unwrap() >= 1);
    }
}

/// The JSON report's summary speaks the human summary line's words: `errors` counts error
/// findings, `problems` what could not be checked.
#[test]
fn json_summary_counts_as_the_human_line_does() {
    let (_, out) = check(&[
        "--no-config",
        "--format",
        "json",
        "fixtures/accounts/broken",
        "fixtures/accounts/invalid",
    ]);
    let report: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(report["version"], 2);
    let summary = &report["summary"];
    let findings = report["findings"].as_array().unwrap();
    for (key, severity) in [
        ("errors", "error"),
        ("warnings", "warning"),
        ("info", "info"),
    ] {
        let n = findings
            .iter()
            .filter(|f| f["severity"] == severity)
            .count();
        assert_eq!(summary[key], n, "{key}");
    }
    assert_eq!(
        summary["problems"],
        report["problems"].as_array().unwrap().len()
    );
    assert_eq!(summary["findings"], findings.len());
    let (_, human) = check(&[
        "--no-config",
        "fixtures/accounts/broken",
        "fixtures/accounts/invalid",
    ]);
    let line = human.lines().last().unwrap();
    assert!(
        line.contains(&format!(
            "{} problems on stderr: {} errors, {} warnings",
            summary["problems"], summary["errors"], summary["warnings"]
        )),
        "{line}"
    );
}
