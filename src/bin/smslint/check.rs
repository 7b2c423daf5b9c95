//! `smslint check PATH...`: account and message files checked against the rule packs, for
//! CI.
//!
//! Every file is read and every document in it checked, whatever happens to the others: a
//! file that cannot be read or parsed, or a document that does not fit its schema, is
//! reported with its place and the run goes on. Exit codes: 0 when no finding is at or
//! above `--fail-on`, 1 when some is, 2 when the run itself failed somewhere (an unreadable
//! file, bad YAML, a document that does not fit, a rule pack that does not load, a rule
//! that could not be evaluated) — 2 wins over 1, since a partial check proves nothing.

use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use clap::{Args as ClapArgs, ValueEnum};
use serde_json::json;
use smslint::read_documents;
use smslint::report::{self, Entry, Outcome};
use smslint::Severity;
use smslint::SourceFile;
use smslint::Span;
use smslint::{Engine, MessageBuf, Report, Selection};

use std::borrow::Cow;

use crate::config::{self, Config, FailOn};
use crate::jsonl::{BadLine, LineError, SliceResult};
use crate::rules_cmd::{load_packs, selected, PackArgs};
use crate::EXIT_ERROR;
use smslint::unstable::doc::JsonMessage;

use crate::output::Output;

/// The largest account or message file read, in bytes: the most the YAML loader parses.
pub(crate) const MAX_INPUT_BYTES: u64 = smslint::unstable::yaml::MAX_TEXT_BYTES as u64;

/// How findings are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum Format {
    /// For a person: each finding with its place and the line underlined.
    Human,
    /// One line per finding and problem, `path:line:col: rule message`, then the summary.
    Concise,
    /// One JSON object: `version`, `findings`, `problems`, `summary` (`smslint schema report`).
    Json,
    /// SARIF 2.1.0, as GitHub code scanning takes it.
    Sarif,
    /// GitHub Actions workflow commands: an annotation per finding.
    Github,
    /// JUnit XML: a test suite per file, a failing test case per finding.
    Junit,
    /// GitLab Code Quality: a JSON array of issues for merge requests.
    Gitlab,
    /// reviewdog's Diagnostic Format (`reviewdog -f=rdjson`).
    Rdjson,
}

/// `smslint check` arguments.
#[derive(Debug, ClapArgs)]
pub(crate) struct Args {
    /// Account or message files (YAML or JSON), or directories searched for `*.yaml`,
    /// `*.yml` and `*.json`; each document says what it is with `kind: account` or
    /// `kind: message`.
    #[arg(required_unless_present = "jsonl", value_name = "PATH")]
    paths: Vec<PathBuf>,

    /// Check messages, one JSON object per line (no `kind` needed), from FILE or `-` for
    /// stdin; one JSON line out per message, `{"id": …, "findings": […]}`, in input order
    /// (so `--format` does not apply).
    #[arg(long, value_name = "FILE", conflicts_with_all = ["paths", "format"])]
    jsonl: Option<PathBuf>,

    #[command(flatten)]
    pack: PackArgs,

    /// How to write the findings.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,

    /// The least severe finding that makes the exit code 1 [default: error, or the
    /// configuration's `fail_on`].
    #[arg(long, value_enum)]
    fail_on: Option<FailOn>,

    /// The project configuration to use [default: `smslint.yaml` in the working directory
    /// or the nearest one above it].
    #[arg(long, value_name = "FILE", conflicts_with = "no_config")]
    config: Option<PathBuf>,

    /// Use no project configuration.
    #[arg(long)]
    no_config: bool,

    /// Write the report to FILE instead of stdout, atomically (it appears whole when the
    /// run ends, or not at all); FILE may not be one of the files checked.
    #[arg(long, short = 'o', value_name = "FILE")]
    output: Option<PathBuf>,
}

fn problem(
    file: &Arc<SourceFile>,
    span: Option<Span>,
    message: String,
    help: Option<String>,
) -> Entry {
    Entry::problem(file, span, message, help)
}

/// Runs `smslint check`.
pub(crate) fn run(args: &Args) -> Result<ExitCode, String> {
    let config = if args.no_config {
        None
    } else {
        config::find(args.config.as_deref()).map_err(|problems| {
            let mut err = io::stderr().lock();
            for p in &problems {
                let _ = writeln!(err, "{}", p.render());
            }
            format!(
                "{} problem{} in the configuration; fix it, or run with --no-config",
                problems.len(),
                if problems.len() == 1 { "" } else { "s" }
            )
        })?
    };
    // The command line adds packs to the configuration's and replaces its selection.
    let mut pack = args.pack.clone();
    if let Some(c) = &config {
        pack.rules = c.rules.iter().cloned().chain(pack.rules).collect();
        if pack.select.is_empty() {
            pack.select = c.select.clone();
        }
        if pack.ignore.is_empty() {
            pack.ignore = c.ignore.clone();
        }
    }
    let fail_on = args
        .fail_on
        .or(config.as_ref().and_then(|c| c.fail_on))
        .unwrap_or(FailOn::Error);
    let (rules, load_problems) = load_packs(&pack, &[]);
    if !load_problems.is_empty() {
        let mut err = io::stderr().lock();
        for p in &load_problems {
            let _ = writeln!(err, "{}", p.render());
        }
        return Err(format!(
            "{} problem{} in the rule packs; `smslint rules validate` lists them",
            load_problems.len(),
            if load_problems.len() == 1 { "" } else { "s" }
        ));
    }
    let rules = selected(rules, &pack)?;
    let engine = Engine::new(rules, &Selection::default());
    if let Some(path) = &args.jsonl {
        // A JSONL run has no summary: the configuration it applies is named on stderr.
        if let Some(c) = &config {
            eprintln!(
                "smslint: note: configuration {} applied",
                smslint::unstable::text::visible(&c.file.name)
            );
        }
        let mut out = Output::open(args.output.as_deref(), std::slice::from_ref(path))?;
        let work = |slice: &[u8]| check_lines(&engine, fail_on, slice);
        let (clean, failed) =
            crate::jsonl::run_with(path, &work, &mut out).map_err(|e| e.to_string())?;
        out.finish()
            .map_err(|e| format!("cannot write the report: {e}"))?;
        return Ok(if !clean {
            ExitCode::from(EXIT_ERROR)
        } else if failed {
            ExitCode::from(1)
        } else {
            ExitCode::SUCCESS
        });
    }

    // Paths in the order given, each a file to check or the reason it cannot be read.
    let walked = crate::walk::walk(&args.paths);
    if !walked.notes.is_empty() {
        let mut err = io::stderr().lock();
        for note in &walked.notes {
            let _ = writeln!(
                err,
                "smslint: note: {}",
                smslint::unstable::text::visible(note)
            );
        }
    }
    // Nothing to check proves nothing: a folder without documents is a failed run, as
    // ruff treats it.
    if walked.items.is_empty() {
        let paths: Vec<String> = args.paths.iter().map(|p| p.display().to_string()).collect();
        return Err(format!(
            "no account or message files (*.yaml, *.yml, *.json) in {}; name the files or folders that hold them",
            paths.join(", ")
        ));
    }
    let mut items: Vec<Result<PathBuf, Entry>> = Vec::with_capacity(walked.items.len());
    for item in walked.items {
        items.push(match item {
            Ok(path) => Ok(path),
            Err((path, message)) => Err(problem(
                &SourceFile::new(path.display().to_string(), ""),
                None,
                message,
                Some("check the path and its permissions".into()),
            )),
        });
    }
    let inputs: Vec<PathBuf> = items
        .iter()
        .filter_map(|i| i.as_ref().ok().cloned())
        .collect();
    let mut out = Output::open(args.output.as_deref(), &inputs)?;
    let mut outcome = check_all(&engine, items);
    if let Some(c) = &config {
        apply_waivers(&mut outcome, c, &engine, jiff::Zoned::now().date());
        outcome.config = Some(c.file.name.clone());
    }

    let failed = outcome
        .findings
        .iter()
        .any(|f| fail_on.threshold().is_some_and(|t| f.severity >= t));
    match write(args.format, fail_on, &outcome, &engine, &mut out).and_then(|()| out.finish()) {
        Ok(()) => {}
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => {}
        Err(e) => return Err(format!("cannot write the report: {e}")),
    }
    // A report written to a file leaves the terminal or the CI log with nothing to read:
    // the problems and the summary line go to stderr too.
    if args.format != Format::Human && args.output.as_ref().is_some_and(|o| o.as_os_str() != "-") {
        let color = io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
        let mut err = io::stderr().lock();
        let _ = err.write_all(report::human_problems(&outcome, color).as_bytes());
        let _ = err.write_all(report::summary_line(&outcome).as_bytes());
    }
    Ok(if !outcome.problems.is_empty() {
        ExitCode::from(EXIT_ERROR)
    } else if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// Writes one output line of `check --jsonl` (without its newline): the caller's `id`
/// first, then the findings, each with its keys in the order `--format json` writes them.
fn write_line(out: &mut Vec<u8>, id: &serde_json::Value, report: &Report) {
    use crate::json_string::write;
    out.extend_from_slice(b"{\"id\":");
    // Writing a JSON value into a Vec cannot fail.
    let _ = serde_json::to_writer(&mut *out, id);
    out.extend_from_slice(b",\"findings\":[");
    for (i, f) in report.findings.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        out.extend_from_slice(b"{\"help\":");
        match &f.help {
            Some(help) => write(out, help),
            None => out.extend_from_slice(b"null"),
        }
        out.extend_from_slice(b",\"message\":");
        write(out, &f.message);
        out.extend_from_slice(b",\"rule\":");
        write(out, &f.rule);
        out.extend_from_slice(b",\"severity\":");
        write(out, f.severity.as_str());
        out.push(b'}');
    }
    out.extend_from_slice(b"]}");
}

const MESSAGE_LINE_HELP: &str =
    "each line must be one message as a JSON object: direction, sender, provider, from, to, body, …";

fn fails(fail_on: FailOn, severity: Severity) -> bool {
    match fail_on {
        FailOn::Error => severity >= Severity::Error,
        FailOn::Warning => severity >= Severity::Warning,
        FailOn::Info => true,
        FailOn::Never => false,
    }
}

/// `check --jsonl`: each line of a slice a message, checked; one JSON line out per
/// message, an error object (and a diagnostic on stderr) for a line that is not one.
fn check_lines(engine: &Engine, fail_on: FailOn, slice: &[u8]) -> SliceResult {
    let mut result = SliceResult {
        out: Vec::with_capacity(slice.len() / 8 + 64),
        errors: Vec::new(),
        lines: 0,
        failed: false,
    };
    for line in crate::jsonl::slice_lines(slice) {
        let index = result.lines;
        result.lines += 1;
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let checked = crate::jsonl::line_text(line).and_then(|text| {
            // The fast reading takes the usual line; the general loader everything else,
            // with its diagnostics.
            match JsonMessage::parse(text) {
                Some(parsed) => Ok((
                    parsed.id().map_or(serde_json::Value::Null, |id| json!(id)),
                    engine.check_message(&parsed.message()),
                )),
                None => check_line_generally(engine, text),
            }
        });
        let (id, report) = match checked {
            Ok(done) => done,
            Err(error) => {
                result.errors.push(BadLine {
                    line: index,
                    at: result.out.len(),
                    error,
                });
                continue;
            }
        };
        if let Some(failure) = report.errors.first() {
            result.errors.push(BadLine {
                line: index,
                at: result.out.len(),
                error: LineError {
                    column: 1,
                    message: format!(
                        "the rule `{}` could not be evaluated: {}",
                        failure.rule, failure.message
                    ),
                    help: "fix the message's value, or report the rule if the value is right"
                        .into(),
                },
            });
            continue;
        }
        result.failed |= report.findings.iter().any(|f| fails(fail_on, f.severity));
        write_line(&mut result.out, &id, &report);
        result.out.push(b'\n');
    }
    result
}

/// One message line read by the general document loader (as a message in a file is), for
/// the lines the fast reading leaves: the caller's id and the report, or why the line is
/// not a message.
fn check_line_generally(
    engine: &Engine,
    text: &str,
) -> Result<(serde_json::Value, Report), LineError> {
    let value = serde_json::from_str::<serde_json::Value>(text).map_err(|e| LineError {
        column: e.column(),
        message: crate::jsonl::strip_position(&e),
        help: MESSAGE_LINE_HELP.into(),
    })?;
    // The text is JSON (read above): what fails here is the message.
    let record = MessageBuf::from_json(text).map_err(|e| LineError {
        column: 1,
        message: e.to_string(),
        help: e
            .help()
            .map_or(Cow::Borrowed(MESSAGE_LINE_HELP), Cow::Owned),
    })?;
    let report = engine.check_message(&record);
    Ok((
        value.get("id").cloned().unwrap_or(serde_json::Value::Null),
        report,
    ))
}

/// Silences the findings unexpired waivers cover; reports expired waivers (errors) and
/// waivers that covered nothing they could have (warnings) as findings in the
/// configuration file.
fn apply_waivers(
    outcome: &mut Outcome,
    config: &Config,
    engine: &Engine,
    today: jiff::civil::Date,
) {
    let mut used = vec![false; config.waivers.len()];
    let before = outcome.findings.len();
    outcome.findings.retain(|f| {
        let Some(rule) = f.rule.as_deref() else {
            return true;
        };
        let hit = config.waivers.iter().position(|w| {
            w.expires >= today && w.covers(&config.dir, rule, &f.file.name, f.number.as_deref())
        });
        if let Some(slot) = hit.and_then(|k| used.get_mut(k)) {
            *slot = true;
        }
        hit.is_none()
    });
    outcome.waived = before - outcome.findings.len();
    for (w, used) in config.waivers.iter().zip(used) {
        let finding = |severity: Severity, rule: &str, span, message: String, help: &str| Entry {
            severity,
            rule: Some(Arc::from(rule)),
            message,
            help: Some(help.to_owned()),
            file: Arc::clone(&config.file),
            span,
            number: None,
        };
        if w.expires < today {
            outcome.findings.push(finding(
                Severity::Error,
                "config.expired-waiver",
                w.expires_span.or(w.span),
                format!(
                    "the waiver of {} expired on {} (reason: {})",
                    w.describe(),
                    w.expires,
                    w.reason
                ),
                "fix what it waived and remove it, or renew it with a new `expires` and reason",
            ));
            continue;
        }
        // A waiver for a rule not run, or for files not checked, is not judged unused.
        let rule_ran = engine
            .rules()
            .iter()
            .any(|r| Selection::new(vec![w.rule.clone()], vec![]).includes(&r.id));
        let file_checked = w.path.as_ref().is_none_or(|_| {
            outcome
                .paths
                .iter()
                .any(|p| w.covers(&config.dir, &w.rule, p, w.number.as_deref()))
        });
        if !used && rule_ran && file_checked {
            outcome.findings.push(finding(
                Severity::Warning,
                "config.unused-waiver",
                w.span,
                format!("the waiver of {} matches no finding", w.describe()),
                "remove it: what it waived is fixed",
            ));
        }
    }
}

/// Checks the files on every core; the outcome lists them in input order.
fn check_all(engine: &Engine, items: Vec<Result<PathBuf, Entry>>) -> Outcome {
    let workers = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .min(items.len().div_ceil(64))
        .max(1);
    let items: Vec<(usize, Result<PathBuf, Entry>)> = items.into_iter().enumerate().collect();
    let mut parts: Vec<(usize, Outcome)> = Vec::with_capacity(items.len());
    let mut shares: Vec<Vec<(usize, Result<PathBuf, Entry>)>> =
        (0..workers).map(|_| Vec::new()).collect();
    for (n, item) in items.into_iter().enumerate() {
        if let Some(share) = shares.get_mut(n % workers) {
            share.push(item);
        }
    }
    std::thread::scope(|scope| {
        let handles: Vec<_> = shares
            .into_iter()
            .map(|share| {
                scope.spawn(move || {
                    share
                        .into_iter()
                        .map(|(i, item)| {
                            let mut outcome = Outcome::default();
                            match item {
                                Ok(path) => check_file(engine, &path, &mut outcome),
                                Err(p) => outcome.problems.push(p),
                            }
                            (i, outcome)
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        for handle in handles {
            // A worker that panicked lost its files: say so rather than pass them.
            match handle.join() {
                Ok(done) => parts.extend(done),
                Err(_) => parts.push((usize::MAX, lost())),
            }
        }
    });
    parts.sort_by_key(|(i, _)| *i);
    let mut all = Outcome::default();
    for (_, part) in parts {
        all.extend(part);
    }
    all
}

fn lost() -> Outcome {
    let mut outcome = Outcome::default();
    outcome.problems.push(problem(
        &SourceFile::new("smslint", ""),
        None,
        "internal error: a worker stopped; some files were not checked".into(),
        Some("please report this with the files checked".into()),
    ));
    outcome
}

fn read(path: &Path) -> Result<Arc<SourceFile>, Box<Entry>> {
    SourceFile::read(path, MAX_INPUT_BYTES)
        .map_err(|d| Box::new(problem(&d.file, d.span, d.message, d.help)))
}

fn check_file(engine: &Engine, path: &Path, outcome: &mut Outcome) {
    outcome.files += 1;
    outcome.paths.push(path.display().to_string());
    let file = match read(path) {
        Ok(f) => f,
        Err(p) => {
            outcome.problems.push(*p);
            return;
        }
    };
    let documents = match read_documents(&file) {
        Ok(d) => d,
        Err(d) => {
            outcome
                .problems
                .push(problem(&file, d.span, d.message, d.help));
            return;
        }
    };
    let first = outcome.findings.len();
    for document in documents {
        outcome.documents += 1;
        match document {
            Ok(document) => outcome.add_report(engine.check(document.kind, &document), &file),
            Err(problems) => {
                for d in problems {
                    outcome
                        .problems
                        .push(problem(&file, d.span, d.message, d.help));
                }
            }
        }
    }
    // A file's findings in the order of their places (rule order where two share one), as
    // a reader goes through the file.
    if let Some(found) = outcome.findings.get_mut(first..) {
        found.sort_by_key(|f| f.region().map(|(start, _)| start));
    }
}

fn write(
    format: Format,
    fail_on: FailOn,
    outcome: &Outcome,
    engine: &Engine,
    out: &mut Output,
) -> io::Result<()> {
    match format {
        Format::Sarif => writeln!(out, "{}", report::sarif(outcome, engine.rules())),
        Format::Github => {
            out.write_all(report::github(outcome).as_bytes())?;
            // GitHub shows ten annotations of a severity; the step summary has them all.
            if let (true, Some(path)) = (
                report::github_drops_annotations(outcome),
                std::env::var_os("GITHUB_STEP_SUMMARY"),
            ) {
                let mut summary = std::fs::OpenOptions::new()
                    .append(true)
                    .create(true)
                    .open(path)?;
                summary.write_all(report::github_summary(outcome).as_bytes())?;
            }
            Ok(())
        }
        Format::Junit => out.write_all(report::junit(outcome, fail_on.threshold()).as_bytes()),
        Format::Json => writeln!(out, "{}", report::json(outcome)),
        Format::Concise => out.write_all(report::concise(outcome).as_bytes()),
        Format::Gitlab => out.write_all(report::gitlab(outcome).as_bytes()),
        Format::Rdjson => out.write_all(report::rdjson(outcome).as_bytes()),
        Format::Human => {
            let color = out.is_terminal() && std::env::var_os("NO_COLOR").is_none();
            let findings = report::human(outcome, color);
            if !outcome.problems.is_empty() {
                let color = io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
                io::stderr()
                    .lock()
                    .write_all(report::human_problems(outcome, color).as_bytes())?;
            }
            out.write_all(findings.as_bytes())
        }
    }
}
