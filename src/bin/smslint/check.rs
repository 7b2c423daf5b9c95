//! `smslint check PATH...`: account and message files checked against the rule packs, for
//! CI.
//!
//! Every file is read and every document in it checked, whatever happens to the others: a
//! file that cannot be read or parsed, or a document that does not fit its schema, is
//! reported with its place and the run goes on. Exit codes: 0 when no finding is at or
//! above `--fail-on`, 1 when some is, 2 when the run itself failed somewhere (an unreadable
//! file, bad YAML, a document that does not fit, a rule pack that does not load, a rule
//! that could not be evaluated) — 2 wins over 1, since a partial check proves nothing.

use std::collections::HashSet;
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

/// When to colour the human report.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum Color {
    /// On a terminal, unless `NO_COLOR` is set.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

impl Color {
    /// Whether to colour output to a stream that is (or not) a terminal.
    fn on(self, terminal: bool) -> bool {
        match self {
            Color::Always => true,
            Color::Never => false,
            Color::Auto => terminal && std::env::var_os("NO_COLOR").is_none(),
        }
    }
}

fn parse_now(text: &str) -> Result<jiff::Timestamp, String> {
    smslint::unstable::doc::parse_instant(text)
        .map_err(|e| e.to_string())
        .and_then(|s| jiff::Timestamp::from_second(s).map_err(|e| e.to_string()))
}

/// `smslint check` arguments.
#[derive(Debug, ClapArgs)]
pub(crate) struct Args {
    /// Account or message files (YAML or JSON), or directories searched for `*.yaml`,
    /// `*.yml` and `*.json` (honouring `.gitignore`, skipping hidden folders and files whose
    /// documents have no smslint `kind`); each document says what it is with `kind: account`
    /// or `kind: message`. `-` reads one file from stdin.
    #[arg(required_unless_present = "jsonl", value_name = "PATH")]
    paths: Vec<PathBuf>,

    /// Check only the files a folder walk finds that match GLOB (relative to the working
    /// folder; `*`, `**`, `?`; a glob without `/` matches a name anywhere), besides the
    /// configuration's `include` (repeatable, or comma-separated).
    #[arg(long, value_name = "GLOB", value_delimiter = ',')]
    include: Vec<String>,

    /// Leave out the files and folders a folder walk finds that match GLOB, besides the
    /// configuration's `exclude` and `.gitignore` (repeatable, or comma-separated).
    #[arg(long, value_name = "GLOB", value_delimiter = ',')]
    exclude: Vec<String>,

    /// The time a message without `send_at` is sent, RFC 3339 with a zone
    /// (`2026-11-23T15:00:00Z`); also the day waivers expire by. Default: now. Fixing it
    /// makes a CI run over message files the same at every hour.
    #[arg(long, value_name = "TIME", value_parser = parse_now)]
    now: Option<jiff::Timestamp>,

    /// Check the named files as a folder walk would find them (for pre-commit and other
    /// changed-file runs, which name every changed YAML and JSON file): a file whose
    /// documents name no smslint `kind` is skipped with a note, `include` and `exclude`
    /// apply to it, and a run left with nothing to check passes.
    #[arg(long)]
    as_walked: bool,

    /// Colour in the human report: `auto` (when writing to a terminal and `NO_COLOR` is
    /// not set), `always` or `never`.
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    color: Color,

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
    // Every rule id of the packs, selected or not: a waiver must name one of them.
    let all_ids: Vec<String> = rules.iter().map(|r| r.id.to_string()).collect();
    let rules = selected(rules, &pack)?;
    if let Some(now) = args.now {
        smslint::unstable::doc::clock::fix_now(Some(now.as_second()));
    }
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
    let stdin = args.paths.iter().any(|p| p.as_os_str() == "-");
    if stdin && args.paths.len() > 1 {
        return Err(
            "`-` reads one file from stdin and cannot be mixed with other paths; name files and folders, or pipe one file".into(),
        );
    }
    let mut filter = crate::walk::Filter::default();
    let cwd = std::env::current_dir().unwrap_or_default();
    if let Some(c) = &config {
        filter
            .include
            .extend(c.include.iter().map(|g| (c.dir.clone(), g.clone())));
        filter
            .exclude
            .extend(c.exclude.iter().map(|g| (c.dir.clone(), g.clone())));
    }
    filter
        .include
        .extend(args.include.iter().map(|g| (cwd.clone(), g.clone())));
    filter
        .exclude
        .extend(args.exclude.iter().map(|g| (cwd.clone(), g.clone())));
    let walked = if stdin {
        let mut w = crate::walk::Walk::default();
        w.items.push(Ok(PathBuf::from("-")));
        w.named.insert(PathBuf::from("-"));
        w
    } else {
        crate::walk::walk(&args.paths, &filter, args.as_walked)
    };
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
    // ruff treats it. A hook's run over changed files that are none of smslint's passes.
    if walked.items.is_empty() && !args.as_walked {
        let paths: Vec<String> = args.paths.iter().map(|p| p.display().to_string()).collect();
        return Err(format!(
            "no account or message files (*.yaml, *.yml, *.json) in {}; name the files or folders that hold them",
            paths.join(", ")
        ));
    }
    let mut items: Vec<Result<(PathBuf, bool), Entry>> = Vec::with_capacity(walked.items.len());
    for item in walked.items {
        items.push(match item {
            Ok(path) => {
                let named = walked.named.contains(&path);
                Ok((path, named))
            }
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
        .filter_map(|i| i.as_ref().ok().map(|(p, _)| p.clone()))
        .filter(|p| p.as_os_str() != "-")
        .collect();
    let mut out = Output::open(args.output.as_deref(), &inputs)?;
    let want_numbers = config
        .as_ref()
        .is_some_and(|c| c.waivers.iter().any(|w| w.number.is_some()));
    let (mut outcome, skipped, numbers) = check_all(&engine, items, want_numbers);
    if !skipped.is_empty() {
        let mut err = io::stderr().lock();
        for path in &skipped {
            let _ = writeln!(
                err,
                "smslint: note: {}: no document says `kind: account` or `kind: message`; skipped as not smslint's",
                smslint::unstable::text::visible(path)
            );
        }
        if outcome.files == 0 && !args.as_walked {
            return Err(format!(
                "none of the {} file{} found holds an account or message document; name the files or folders that hold them",
                skipped.len(),
                if skipped.len() == 1 { "" } else { "s" }
            ));
        }
    }
    if let Some(c) = &config {
        let today = args.now.map_or_else(
            || jiff::Zoned::now().date(),
            |t| t.to_zoned(jiff::tz::TimeZone::UTC).date(),
        );
        apply_waivers(&mut outcome, c, &engine, today, &numbers, &all_ids);
        outcome.config = Some(c.file.name.clone());
    }

    let failed = outcome
        .findings
        .iter()
        .any(|f| fail_on.threshold().is_some_and(|t| f.severity >= t));
    match write(
        args.format,
        args.color,
        fail_on,
        &outcome,
        &engine,
        &mut out,
    )
    .and_then(|()| out.finish())
    {
        Ok(()) => {}
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => {}
        Err(e) => return Err(format!("cannot write the report: {e}")),
    }
    // A report written to a file leaves the terminal or the CI log with nothing to read:
    // the problems and the summary line go to stderr too.
    if args.format != Format::Human && args.output.as_ref().is_some_and(|o| o.as_os_str() != "-") {
        let color = args.color.on(io::stderr().is_terminal());
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
///
/// A waiver naming no rule of the packs is a problem (a typing mistake would otherwise
/// waive nothing, silently); a waiver of a number is judged unused only when a file
/// holding that number was checked (`numbers`), so a run over some files does not flag
/// the waivers of others.
fn apply_waivers(
    outcome: &mut Outcome,
    config: &Config,
    engine: &Engine,
    today: jiff::civil::Date,
    numbers: &HashSet<String>,
    all_ids: &[String],
) {
    for w in &config.waivers {
        let names_a_rule = all_ids
            .iter()
            .any(|id| Selection::new(vec![w.rule.clone()], vec![]).includes(id));
        if !names_a_rule {
            let ids: Vec<&str> = all_ids.iter().map(String::as_str).collect();
            outcome.problems.push(problem(
                &config.file,
                w.rule_span.or(w.span),
                format!("the waiver names `{}`, which is no rule's id or id prefix", w.rule),
                Some(smslint::unstable::text::did_you_mean(&w.rule, &ids).unwrap_or_else(|| {
                    "name a rule id (`smslint rules list` shows them) or an id prefix such as `provisioning.`".into()
                })),
            ));
        }
    }
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
        }) && w.number.as_ref().is_none_or(|n| numbers.contains(n));
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

/// What one file's check found besides the outcome: whether it was skipped (found by the
/// walk, but not an smslint file), and the account numbers it holds (for waivers).
#[derive(Default)]
struct Extra {
    skipped: Option<String>,
    numbers: Vec<String>,
}

/// Checks the files on every core; the outcome lists them in input order. Also returns
/// the files skipped as not smslint's and, when `numbers`, the account numbers checked.
fn check_all(
    engine: &Engine,
    items: Vec<Result<(PathBuf, bool), Entry>>,
    numbers: bool,
) -> (Outcome, Vec<String>, HashSet<String>) {
    let workers = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .min(items.len().div_ceil(64))
        .max(1);
    // Each worker reads its share of `items` in place (every `workers`-th, from its own
    // start) and owns only what it allocates: a worker that freed the walk's allocations
    // would take the main thread's malloc arena into its cache, and the workers would then
    // contend for that arena's lock (seen as a fifth more wall time on 10,000 files).
    let items = &items;
    let mut parts: Vec<(usize, Outcome, Extra)> = Vec::with_capacity(items.len());
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|first| {
                scope.spawn(move || {
                    items
                        .iter()
                        .enumerate()
                        .skip(first)
                        .step_by(workers)
                        .map(|(i, item)| {
                            let mut outcome = Outcome::default();
                            let mut extra = Extra::default();
                            match item {
                                Ok((path, named)) => check_file(
                                    engine,
                                    path,
                                    *named,
                                    numbers,
                                    &mut outcome,
                                    &mut extra,
                                ),
                                Err(p) => outcome.problems.push(p.clone()),
                            }
                            (i, outcome, extra)
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        for handle in handles {
            // A worker that panicked lost its files: say so rather than pass them.
            match handle.join() {
                Ok(done) => parts.extend(done),
                Err(_) => parts.push((usize::MAX, lost(), Extra::default())),
            }
        }
    });
    parts.sort_by_key(|(i, _, _)| *i);
    let mut all = Outcome::default();
    let mut skipped = Vec::new();
    let mut seen = HashSet::new();
    for (_, part, extra) in parts {
        all.extend(part);
        skipped.extend(extra.skipped);
        seen.extend(extra.numbers);
    }
    (all, skipped, seen)
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

/// The numbers (`numbers[].number`) of an account document; none for another kind.
fn account_numbers(document: &smslint::Document) -> Vec<String> {
    use smslint::{Record, Val};
    let schema = &smslint::unstable::doc::schema::ACCOUNT;
    if document.kind.name != schema.name {
        return Vec::new();
    }
    let Some(at) = schema.fields.iter().position(|f| f.name == "numbers") else {
        return Vec::new();
    };
    let number_at = smslint::unstable::doc::schema::NUMBER
        .fields
        .iter()
        .position(|f| f.name == "number");
    let mut found = Vec::new();
    if let (Val::List(list), Some(number_at)) = (document.get(at), number_at) {
        for i in 0..list.len() {
            if let Val::Record(entry) = list.get(i) {
                if let Some(n) = entry.get(number_at).as_str() {
                    found.push(n.to_owned());
                }
            }
        }
    }
    found
}

/// The file piped on stdin (`smslint check -`), named `<stdin>`.
fn read_stdin() -> Result<Arc<SourceFile>, Box<Entry>> {
    SourceFile::from_reader("<stdin>", io::stdin().lock(), MAX_INPUT_BYTES)
        .map_err(|d| Box::new(problem(&d.file, d.span, d.message, d.help)))
}

fn read(path: &Path) -> Result<Arc<SourceFile>, Box<Entry>> {
    SourceFile::read(path, MAX_INPUT_BYTES)
        .map_err(|d| Box::new(problem(&d.file, d.span, d.message, d.help)))
}

fn check_file(
    engine: &Engine,
    path: &Path,
    named: bool,
    numbers: bool,
    outcome: &mut Outcome,
    extra: &mut Extra,
) {
    let file = if path.as_os_str() == "-" {
        read_stdin()
    } else {
        read(path)
    };
    let file = match file {
        Ok(f) => f,
        Err(p) => {
            outcome.files += 1;
            outcome.paths.push(path.display().to_string());
            outcome.problems.push(*p);
            return;
        }
    };
    let documents = match read_documents(&file) {
        Ok(d) => d,
        Err(d) => {
            if !named && !smslint::unstable::doc::claims(&file) {
                extra.skipped = Some(file.name.clone());
                return;
            }
            outcome.files += 1;
            outcome.paths.push(file.name.clone());
            outcome
                .problems
                .push(problem(&file, d.span, d.message, d.help));
            return;
        }
    };
    // A file a folder walk found whose documents all fail to read, none naming a kind
    // smslint checks, is someone else's YAML or JSON (a CI workflow, `package.json`).
    if !named && documents.iter().all(Result::is_err) && !smslint::unstable::doc::claims(&file) {
        extra.skipped = Some(file.name.clone());
        return;
    }
    outcome.files += 1;
    outcome.paths.push(file.name.clone());
    if numbers {
        for document in documents.iter().flatten() {
            extra.numbers.extend(account_numbers(document));
        }
    }
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
    color: Color,
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
            let findings = report::human(outcome, color.on(out.is_terminal()));
            if !outcome.problems.is_empty() {
                let color = color.on(io::stderr().is_terminal());
                io::stderr()
                    .lock()
                    .write_all(report::human_problems(outcome, color).as_bytes())?;
            }
            out.write_all(findings.as_bytes())
        }
    }
}
