//! Writing what a check found for the programs and people that read it: a person at a
//! terminal ([`human`]), one line per finding ([`concise`]), JSON ([`json()`]), SARIF 2.1.0
//! for code scanning ([`sarif`]), GitHub Actions annotations ([`github`]), JUnit XML for CI
//! test reports ([`junit`]), GitLab Code Quality ([`gitlab`]) and reviewdog's rdjson
//! ([`rdjson`]).
//!
//! Every format carries the same facts: the rule, its severity, the message and help, and
//! the 1-based place in the file. Problems that stopped a document from being checked (bad
//! YAML, a value of the wrong type, a rule that could not be evaluated) are reported too, so
//! no view shows a file as clean that was not checked.
//!
//! ```
//! use smslint::report::{self, Outcome};
//! use smslint::{read_documents, Engine, SourceFile};
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let engine = Engine::builtin()?;
//! let file = SourceFile::new("accounts/acme.yaml", "kind: account\nid: acme\nnumbers: []\n");
//! let mut outcome = Outcome::default();
//! outcome.add_file(&file);
//! for document in read_documents(&file)? {
//!     outcome.documents += 1;
//!     match document {
//!         Ok(document) => outcome.add_report(engine.check(document.kind, &document), &file),
//!         Err(problems) => outcome.add_problems(problems),
//!     }
//! }
//! let sarif = report::sarif(&outcome, engine.rules());
//! assert!(sarif.contains("\"version\": \"2.1.0\""));
//! # Ok(())
//! # }
//! ```

mod ci;
mod github;
mod human;
mod json;
mod junit;
mod sarif;

use std::sync::Arc;

use serde_json::json;

use crate::engine::Report;
use crate::rules::Severity;
use crate::text::{Diagnostics, SourceDiagnostic, SourceFile, Span};

pub use ci::{concise, gitlab, rdjson};
pub use github::{github, github_drops_annotations, github_summary, GITHUB_ANNOTATIONS_SHOWN};
pub use human::{human, human_problems, summary_line};
pub use json::{json, JSON_REPORT_VERSION};
pub use junit::junit;
pub use sarif::sarif;

/// The id SARIF, JUnit and GitHub reports give a problem that is not a rule's finding.
pub const INPUT_ERROR: &str = "smslint.input-error";

/// A finding or a problem, placed in a file.
#[derive(Clone, Debug)]
pub struct Entry {
    /// How serious it is (a problem is an error).
    pub severity: Severity,
    /// The rule that found it; `None` for a problem with the input itself.
    pub rule: Option<Arc<str>>,
    /// What is wrong, one line.
    pub message: String,
    /// What to do about it.
    pub help: Option<String>,
    /// The file it is in.
    pub file: Arc<SourceFile>,
    /// Where in the file, when it has a place.
    pub span: Option<Span>,
    /// The number a number rule's finding is about (for waivers).
    pub number: Option<String>,
}

impl Entry {
    /// The entry as a diagnostic in its file.
    pub fn diagnostic(&self) -> SourceDiagnostic {
        SourceDiagnostic::error(
            &self.file,
            self.span,
            self.message.clone(),
            self.help.clone(),
        )
    }

    /// The entry as a person reads it: `severity[rule]: message`, the place, the line
    /// with the span underlined, and the help; with ANSI colour when `color`.
    pub fn human(&self, color: bool) -> String {
        let rendered = self.diagnostic().render();
        let rest = rendered.split_once('\n').map_or("", |(_, rest)| rest);
        let label = match &self.rule {
            Some(rule) => format!("{}[{}]", self.severity, crate::text::visible(rule)),
            None => self.severity.as_str().to_owned(),
        };
        let label = if color {
            let code = match self.severity {
                Severity::Error => "1;31",
                Severity::Warning => "1;33",
                Severity::Info => "1;36",
            };
            format!("\x1b[{code}m{label}\x1b[0m")
        } else {
            label
        };
        format!("{label}: {}\n{rest}", crate::text::visible(&self.message))
    }

    /// A fingerprint that survives lines moving: FNV-1a over the rule, the file, the
    /// number a finding is about and the text of its first line, trimmed. SARIF's
    /// `partialFingerprints` and GitLab's `fingerprint` carry it.
    pub fn fingerprint(&self, rule: &str) -> String {
        let line = self
            .span
            .map(|s| self.file.line(self.file.line_col(s.start).0).trim())
            .unwrap_or("");
        let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
        for part in [
            rule,
            &self.file.name,
            self.number.as_deref().unwrap_or(""),
            line,
        ] {
            for b in part.bytes().chain([0xff]) {
                hash ^= u64::from(b);
                hash = hash.wrapping_mul(0x0100_0000_01b3);
            }
        }
        format!("{hash:016x}")
    }

    /// The rule's id, or [`INPUT_ERROR`] for a problem with the input.
    pub fn rule_id(&self) -> &str {
        self.rule.as_deref().unwrap_or(INPUT_ERROR)
    }

    /// The 1-based start and end (line, column), if the finding has a place.
    pub fn region(&self) -> Option<((usize, usize), (usize, usize))> {
        self.span
            .map(|s| (self.file.line_col(s.start), self.file.line_col(s.end)))
    }

    pub(crate) fn json(&self) -> serde_json::Value {
        let (start, end) = match self.span {
            Some(s) => (
                Some(self.file.line_col(s.start)),
                Some(self.file.line_col(s.end)),
            ),
            None => (None, None),
        };
        let mut v = json!({
            "severity": self.severity.as_str(),
            "message": self.message,
            "help": self.help,
            "path": self.file.name,
            "line": start.map(|p| p.0),
            "column": start.map(|p| p.1),
            "end_line": end.map(|p| p.0),
            "end_column": end.map(|p| p.1),
        });
        if let (Some(rule), Some(map)) = (&self.rule, v.as_object_mut()) {
            map.insert("rule".into(), json!(&**rule));
        }
        v
    }
}

/// What a run over files found.
#[derive(Clone, Debug, Default)]
pub struct Outcome {
    /// Findings of rules, in file order, each file's in rule order.
    pub findings: Vec<Entry>,
    /// Problems that kept something from being checked.
    pub problems: Vec<Entry>,
    /// How many files were read.
    pub files: usize,
    /// How many documents they held.
    pub documents: usize,
    /// Findings silenced by waivers.
    pub waived: usize,
    /// The files read, in order (for reports grouped by file).
    pub paths: Vec<String>,
    /// The configuration file the run applied (`smslint.yaml`), if any: every format names
    /// it, since it can select rules, waive findings and change what fails.
    pub config: Option<String>,
}

/// What an entry keeps of its file: the lines its span shows
/// ([`SourceFile::excerpt`]), not the whole text, which a run over many large files could
/// not hold; the file itself when it is small.
fn place(file: &Arc<SourceFile>, span: Option<Span>) -> (Arc<SourceFile>, Option<Span>) {
    /// Files up to this size are kept whole: an excerpt would save nothing worth its cost.
    const KEEP_WHOLE_BYTES: usize = 64 * 1024;
    match span {
        Some(span) if file.text.len() > KEEP_WHOLE_BYTES => {
            let (excerpt, span) = file.excerpt(span);
            (excerpt, Some(span))
        }
        Some(_) => (Arc::clone(file), span),
        None => (SourceFile::new(file.name.clone(), ""), None),
    }
}

impl Entry {
    /// A problem with the input at `span` of `file`.
    pub fn problem(
        file: &Arc<SourceFile>,
        span: Option<Span>,
        message: String,
        help: Option<String>,
    ) -> Entry {
        let (file, span) = place(file, span);
        Entry {
            severity: Severity::Error,
            rule: None,
            message,
            help,
            file,
            span,
            number: None,
        }
    }
}

impl Outcome {
    /// Counts `file` as read.
    pub fn add_file(&mut self, file: &SourceFile) {
        self.files += 1;
        self.paths.push(file.name.clone());
    }

    /// Adds a problem that kept something from being checked.
    pub fn add_problem(&mut self, problem: SourceDiagnostic) {
        self.problems.push(Entry::problem(
            &problem.file,
            problem.span,
            problem.message,
            problem.help,
        ));
    }

    /// Adds every problem of `problems`.
    pub fn add_problems(&mut self, problems: Diagnostics) {
        for p in problems {
            self.add_problem(p);
        }
    }

    /// Adds the findings of a document of `file`; a rule that could not be evaluated is a
    /// problem, named by its rule.
    pub fn add_report(&mut self, report: Report, file: &Arc<SourceFile>) {
        for f in report.findings {
            let (file, span) = place(file, f.span);
            self.findings.push(Entry {
                severity: f.severity,
                rule: Some(f.rule),
                message: f.message,
                help: f.help,
                file,
                span,
                number: f.number,
            });
        }
        for e in report.errors {
            let (file, span) = place(file, e.span);
            self.problems.push(Entry {
                severity: Severity::Error,
                message: format!(
                    "the rule `{}` could not be evaluated: {}",
                    e.rule, e.message
                ),
                rule: Some(e.rule),
                help: Some(
                    "fix the document's value, or report the rule if the value is right".into(),
                ),
                file,
                span,
                number: None,
            });
        }
    }

    /// Adds what `other` found after what this one found.
    pub fn extend(&mut self, other: Outcome) {
        self.findings.extend(other.findings);
        self.problems.extend(other.problems);
        self.files += other.files;
        self.documents += other.documents;
        self.waived += other.waived;
        self.paths.extend(other.paths);
        if self.config.is_none() {
            self.config = other.config;
        }
    }

    /// How many findings have `severity`.
    pub fn count(&self, severity: Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == severity)
            .count()
    }
}
