//! The files other tools read to run smslint: the pre-commit hook definition and the
//! GitHub Action, each run here as its tool would run it.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::path::Path;
use std::process::Command;

use smslint::unstable::doc::{parse_yaml, Tree};
use smslint::SourceFile;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn yaml(
    path: &str,
) -> (
    std::sync::Arc<SourceFile>,
    Vec<smslint::unstable::yaml::Node>,
) {
    let file = SourceFile::new(path, std::fs::read_to_string(root().join(path)).unwrap());
    let nodes = parse_yaml(&file).unwrap();
    (file, nodes)
}

/// pre-commit runs `entry` with the changed files appended: changed files that are not
/// smslint's (a workflow, `package.json`) are skipped, and smslint's are checked.
#[test]
fn the_pre_commit_hook_checks_changed_files_as_a_walk_would() {
    let (_file, nodes) = yaml(".pre-commit-hooks.yaml");
    let hooks = Tree::from_yaml(&nodes[0]);
    let hook = &hooks.as_seq().unwrap()[0];
    assert_eq!(hook.get("id").unwrap().as_str(), Some("smslint"));
    assert_eq!(hook.get("language").unwrap().as_str(), Some("rust"));
    let entry: Vec<&str> = hook
        .get("entry")
        .unwrap()
        .as_str()
        .unwrap()
        .split(' ')
        .collect();
    assert_eq!(entry[0], "smslint");
    let run = |files: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_smslint"))
            .args(&entry[1..])
            .arg("--no-config")
            .args(files)
            .current_dir(root())
            .output()
            .unwrap()
    };
    let out = run(&[
        "fixtures/repo/package.json",
        "fixtures/repo/.github/workflows/ci.yml",
        "fixtures/repo/sms/acme.yaml",
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("1 document in 1 file"));
    // A commit that touches none of smslint's files passes.
    let out = run(&["fixtures/repo/package.json"]);
    assert_eq!(out.status.code(), Some(0));
    // A changed account with an error fails the commit.
    let out = run(&["fixtures/repo/sms/legacy/old.yaml"]);
    assert_eq!(out.status.code(), Some(1));
}

/// The Action's check step, run by bash as the runner runs it, with smslint where the
/// install step puts it: annotations on stdout, a SARIF file when asked, and the exit
/// code of the check.
#[cfg(unix)]
#[test]
fn the_github_action_runs_its_check_step() {
    let (_file, nodes) = yaml("action.yml");
    let action = Tree::from_yaml(&nodes[0]);
    let steps = action
        .get("runs")
        .unwrap()
        .get("steps")
        .unwrap()
        .as_seq()
        .unwrap();
    let install = steps[0].get("run").unwrap().as_str().unwrap();
    assert!(
        install.contains("cargo install --locked --path"),
        "{install}"
    );
    let script = steps
        .iter()
        .find(|s| s.get("name").and_then(|n| n.as_str()) == Some("Check"))
        .unwrap()
        .get("run")
        .unwrap()
        .as_str()
        .unwrap();
    let temp = std::env::temp_dir().join(format!("smslint-action-{}", std::process::id()));
    let bin = temp.join("smslint/bin");
    std::fs::create_dir_all(&bin).unwrap();
    std::os::unix::fs::symlink(env!("CARGO_BIN_EXE_smslint"), bin.join("smslint")).unwrap();
    let sarif = temp.join("out.sarif");
    let run = |paths: &str, sarif: &str| {
        Command::new("bash")
            .args(["-e", "-c", script])
            .env("RUNNER_TEMP", &temp)
            .env("SMSLINT_PATHS", paths)
            .env("SMSLINT_ARGS", "--no-config")
            .env("SMSLINT_SARIF", sarif)
            .current_dir(root())
            .output()
            .unwrap()
    };
    let out = run(
        "fixtures/repo/sms fixtures/accounts/invalid",
        sarif.to_str().unwrap(),
    );
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("::error file=fixtures/accounts/invalid/"),
        "{stdout}"
    );
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&sarif).unwrap()).unwrap();
    assert_eq!(report["version"], "2.1.0");
    let out = run("fixtures/repo/sms/acme.yaml", "");
    assert_eq!(out.status.code(), Some(0));
    std::fs::remove_dir_all(&temp).unwrap();
}
