//! The report as a person reads it at a terminal.

use super::Outcome;
use crate::rules::Severity;

/// Every finding, rendered with its source line, then the one-line summary
/// (`2 documents in 1 file: 1 error, 0 warnings, 0 info`); ANSI colour when `color`.
/// Problems are not included: a terminal run writes them on stderr with
/// [`human_problems`], and the summary counts them.
pub fn human(outcome: &Outcome, color: bool) -> String {
    let mut out = String::new();
    for f in &outcome.findings {
        out.push_str(&f.human(color));
        out.push('\n');
    }
    out.push_str(&summary(outcome, " on stderr"));
    out
}

/// The one-line summary that ends the human and concise reports, with its line break:
/// `2 documents in 1 file: 1 error, 0 warnings, 0 info`, the problems that kept something
/// from being checked, the waived findings and the configuration applied.
pub fn summary_line(outcome: &Outcome) -> String {
    summary(outcome, "")
}

fn summary(outcome: &Outcome, problems_are: &str) -> String {
    let mut out = String::new();
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    out.push_str(&format!(
        "{} in {}{}: {}, {}, {} info{}{}\n",
        plural(outcome.documents, "document"),
        plural(outcome.files, "file"),
        if outcome.problems.is_empty() {
            String::new()
        } else {
            format!(
                ", {}{problems_are}",
                plural(outcome.problems.len(), "problem")
            )
        },
        plural(outcome.count(Severity::Error), "error"),
        plural(outcome.count(Severity::Warning), "warning"),
        outcome.count(Severity::Info),
        if outcome.waived > 0 {
            format!(" ({} waived)", outcome.waived)
        } else {
            String::new()
        },
        match &outcome.config {
            Some(config) => format!("; configuration {}", crate::text::visible(config)),
            None => String::new(),
        }
    ));
    out
}

/// Every problem, rendered with its source line; ANSI colour when `color`.
pub fn human_problems(outcome: &Outcome, color: bool) -> String {
    let mut out = String::new();
    for p in &outcome.problems {
        out.push_str(&p.human(color));
        out.push('\n');
    }
    out
}
