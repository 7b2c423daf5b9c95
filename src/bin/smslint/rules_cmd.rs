//! `smslint rules …`: validate, test, list, explain and document rule packs.

use std::fmt::Write as _;
use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args as ClapArgs, Subcommand};
use smslint::unstable::rules::{self, PackSource, Rule};
use smslint::Selection;
use smslint::SourceDiagnostic;

use crate::EXIT_ERROR;

/// How `rules list` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum ListFormat {
    /// A line per rule.
    Text,
    /// One JSON object.
    Json,
}

/// Which packs to load and which rules to keep.
#[derive(Debug, Clone, ClapArgs)]
pub(crate) struct PackArgs {
    /// A directory of rule files to load besides the built-in pack (repeatable).
    #[arg(long = "rules", value_name = "DIR")]
    pub(crate) rules: Vec<PathBuf>,

    /// Leave the built-in rule pack out.
    #[arg(long)]
    pub(crate) no_builtin: bool,

    /// Run only rules whose id is, or starts with, one of these (comma-separated or repeated), e.g. `us.` or `provisioning.area-code`.
    #[arg(long, value_name = "ID", value_delimiter = ',')]
    pub(crate) select: Vec<String>,

    /// Skip rules whose id is, or starts with, one of these.
    #[arg(long, value_name = "ID", value_delimiter = ',')]
    pub(crate) ignore: Vec<String>,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Load and type-check rule packs: exit 0 when every rule file is valid, 2 otherwise.
    Validate {
        /// Rule pack directories (default: the built-in pack only).
        dirs: Vec<PathBuf>,
        #[command(flatten)]
        pack: PackArgs,
    },
    /// Run every rule's `pass` and `fail` examples; exit 1 when any misbehaves.
    Test {
        /// Rule pack directories whose rules are tested (default: the built-in pack).
        dirs: Vec<PathBuf>,
        #[command(flatten)]
        pack: PackArgs,
    },
    /// List the rules: id, severity, what they apply to, status and title.
    List {
        /// `text` (a line per rule) or `json` (an object per rule, with its file and
        /// citations, and the packs' digests).
        #[arg(long, value_enum, default_value_t = ListFormat::Text)]
        format: ListFormat,
        #[command(flatten)]
        pack: PackArgs,
    },
    /// Show one rule in full: title, why, conditions, citations, examples.
    Explain {
        /// The rule's id.
        id: String,
        #[command(flatten)]
        pack: PackArgs,
    },
    /// Write a Markdown catalogue of the rules for reviewers.
    Doc {
        /// The directory to write into (created if missing).
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        #[command(flatten)]
        pack: PackArgs,
    },
}

/// The data tables of the packs named by the arguments, for `explain` and `doc`.
fn data_files(pack: &PackArgs) -> Vec<std::sync::Arc<smslint::SourceFile>> {
    let mut data = Vec::new();
    if !pack.no_builtin {
        data.extend(PackSource::builtin().data);
    }
    for dir in &pack.rules {
        if let Ok(p) = PackSource::read_dir(dir) {
            data.extend(p.data);
        }
    }
    data
}

/// The packs named by the arguments: the built-in one unless `--no-builtin`, then each
/// directory in order.
pub(crate) fn load_packs(pack: &PackArgs, extra: &[PathBuf]) -> (Vec<Rule>, Vec<SourceDiagnostic>) {
    let mut sources = Vec::new();
    let mut problems = Vec::new();
    if !pack.no_builtin {
        sources.push(PackSource::builtin());
    }
    for dir in pack.rules.iter().chain(extra) {
        match PackSource::read_dir(dir) {
            Ok(p) => sources.push(p),
            Err(e) => problems.push(e),
        }
    }
    let (rules, more) = rules::load(&sources);
    problems.extend(more);
    (rules, problems)
}

fn print_problems(problems: &[SourceDiagnostic]) {
    let mut err = io::stderr().lock();
    for p in problems {
        let _ = writeln!(err, "{}", p.render());
    }
    let files: std::collections::BTreeSet<&str> =
        problems.iter().map(|p| p.file.name.as_str()).collect();
    let _ = writeln!(
        err,
        "{} problem{} in {} file{}",
        problems.len(),
        if problems.len() == 1 { "" } else { "s" },
        files.len(),
        if files.len() == 1 { "" } else { "s" }
    );
}

pub(crate) fn selected(rules: Vec<Rule>, pack: &PackArgs) -> Result<Vec<Rule>, String> {
    let selection = Selection::new(pack.select.clone(), pack.ignore.clone());
    let ids: Vec<&str> = rules.iter().map(|r| &*r.id).collect();
    selection.check(&ids, "`smslint rules list` shows them")?;
    Ok(rules
        .into_iter()
        .filter(|r| selection.includes(&r.id))
        .collect())
}

fn out(text: &str) -> Result<ExitCode, String> {
    match io::stdout().lock().write_all(text.as_bytes()) {
        Ok(()) => Ok(ExitCode::SUCCESS),
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(ExitCode::SUCCESS),
        Err(e) => Err(format!("cannot write to stdout: {e}")),
    }
}

pub(crate) fn run(command: &Command) -> Result<ExitCode, String> {
    match command {
        Command::Validate { dirs, pack } => {
            let (rules, problems) = load_packs(pack, dirs);
            if !problems.is_empty() {
                print_problems(&problems);
                return Ok(ExitCode::from(EXIT_ERROR));
            }
            // The user's packs are counted apart from the built-in one they load with.
            let builtin: std::collections::BTreeSet<String> = if pack.no_builtin {
                Default::default()
            } else {
                PackSource::builtin()
                    .rules
                    .iter()
                    .map(|f| f.name.clone())
                    .collect()
            };
            let plural =
                |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
            let mine: Vec<&Rule> = rules
                .iter()
                .filter(|r| !builtin.contains(&r.file.name))
                .collect();
            let files: std::collections::BTreeSet<&str> =
                mine.iter().map(|r| r.file.name.as_str()).collect();
            let text = if dirs.is_empty() && pack.rules.is_empty() {
                format!("{}: all valid\n", plural(rules.len(), "built-in rule"))
            } else if builtin.is_empty() {
                format!(
                    "{} in {}: all valid\n",
                    plural(mine.len(), "rule"),
                    plural(files.len(), "file")
                )
            } else {
                format!(
                    "{} in {}: all valid (loaded with the {})\n",
                    plural(mine.len(), "rule"),
                    plural(files.len(), "file"),
                    plural(rules.len() - mine.len(), "built-in rule")
                )
            };
            out(&text)
        }
        Command::Test { dirs, pack } => {
            let (rules, problems) = load_packs(pack, dirs);
            if !problems.is_empty() {
                print_problems(&problems);
                return Ok(ExitCode::from(EXIT_ERROR));
            }
            let rules = selected(rules, pack)?;
            // With directories named, test their rules; otherwise the built-in pack's.
            let roots: Vec<String> = dirs
                .iter()
                .chain(&pack.rules)
                .map(|d| d.display().to_string())
                .collect();
            let tested: Vec<&Rule> = rules
                .iter()
                .filter(|r| {
                    roots.is_empty() || roots.iter().any(|d| Path::new(&r.file.name).starts_with(d))
                })
                .collect();
            let color = io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
            let (text, failed) = test_report(&tested, color);
            out(&text)?;
            Ok(if failed {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            })
        }
        Command::List { format, pack } => {
            let rules = loaded(pack)?;
            if *format == ListFormat::Json {
                return out(&list_json(&rules, pack));
            }
            let width = rules.iter().map(|r| r.id.len()).max().unwrap_or(0);
            let mut text = String::new();
            for r in &rules {
                let _ = writeln!(
                    text,
                    "{:width$}  {:7}  {:7}  {:10}  {}",
                    r.id,
                    r.severity.as_str(),
                    r.applies_to.as_str(),
                    r.status.as_str(),
                    r.title
                );
            }
            out(&text)
        }
        Command::Explain { id, pack } => {
            let rules = loaded(pack)?;
            let Some(rule) = rules.iter().find(|r| &*r.id == id.as_str()) else {
                let ids: Vec<&str> = rules.iter().map(|r| &*r.id).collect();
                let hint = smslint::unstable::text::did_you_mean(id, &ids)
                    .map(|h| format!("; {h}"))
                    .unwrap_or_default();
                return Err(format!(
                    "no rule `{id}`{hint} (`smslint rules list` shows them)"
                ));
            };
            out(&crate::rules_doc::explain(rule, &data_files(pack)))
        }
        Command::Doc { out: dir, pack } => {
            let rules = loaded(pack)?;
            let written = crate::rules_doc::write_catalogue(&rules, &data_files(pack), dir)
                .map_err(|e| format!("cannot write the catalogue into {}: {e}", dir.display()))?;
            out(&format!("wrote {written} files into {}\n", dir.display()))
        }
    }
}

/// `rules list --format json`: `version`, the built-in pack's `digest` (when loaded), and
/// `rules`, each with `id`, `title`, `severity`, `applies_to`, `status`, `file`, and
/// `citations` (`source`, `section`, `url`).
fn list_json(rules: &[Rule], pack: &PackArgs) -> String {
    let rules: Vec<serde_json::Value> = rules
        .iter()
        .map(|r| {
            serde_json::json!({
                "id": &*r.id,
                "title": r.title,
                "severity": r.severity.as_str(),
                "applies_to": r.applies_to.as_str(),
                "status": r.status.as_str(),
                "file": r.file.name,
                "citations": r.citations.iter().map(|c| serde_json::json!({
                    "source": c.source,
                    "section": c.section,
                    "url": c.url,
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    let digest = (!pack.no_builtin).then(|| PackSource::builtin().digest());
    let mut text = serde_json::json!({
        "version": 1,
        "builtin_digest": digest,
        "rules": rules,
    })
    .to_string();
    text.push('\n');
    text
}

/// Loads the packs and applies the selection; any problem in a rule file fails the run.
fn loaded(pack: &PackArgs) -> Result<Vec<Rule>, String> {
    let (rules, problems) = load_packs(pack, &[]);
    if !problems.is_empty() {
        print_problems(&problems);
        return Err("the rule packs have problems; `smslint rules validate` lists them".into());
    }
    selected(rules, pack)
}

fn test_report(rules: &[&Rule], color: bool) -> (String, bool) {
    let (green, red, reset) = if color {
        ("\x1b[32m", "\x1b[31m", "\x1b[0m")
    } else {
        ("", "", "")
    };
    let mut text = String::new();
    let (mut passed, mut failed) = (0usize, 0usize);
    for rule in rules {
        let outcomes = smslint::run_examples(rule);
        let bad: Vec<_> = outcomes.iter().filter(|o| o.problem.is_some()).collect();
        if bad.is_empty() {
            let _ = writeln!(
                text,
                "{green}ok{reset}    {} ({} examples)",
                rule.id,
                outcomes.len()
            );
        } else {
            let _ = writeln!(text, "{red}FAIL{reset}  {}", rule.id);
            for o in &bad {
                let place = o
                    .line
                    .map(|l| format!("{}:{l}", rule.file.name))
                    .unwrap_or_else(|| rule.file.name.clone());
                let _ = writeln!(
                    text,
                    "      {} example {} ({place}): {}",
                    o.expected,
                    o.index,
                    o.problem.as_deref().unwrap_or("")
                );
            }
        }
        passed += outcomes.len() - bad.len();
        failed += bad.len();
    }
    let _ = writeln!(text, "{passed} passed, {failed} failed");
    (text, failed > 0)
}
