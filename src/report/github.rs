//! GitHub Actions annotations: workflow commands the runner turns into annotations on the
//! pull request's files.

use super::{Entry, Outcome, INPUT_ERROR};
use crate::rules::Severity;

/// A workflow-command value: `%`, CR and LF escaped (and, in properties, `:` and `,`).
fn escape(text: &str, property: bool) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            // A log viewer acts on these too.
            '\u{1b}' => out.push_str("%1B"),
            '\u{7}' => out.push_str("%07"),
            ':' if property => out.push_str("%3A"),
            ',' if property => out.push_str("%2C"),
            c => out.push(c),
        }
    }
    out
}

fn annotation(l: &Entry) -> String {
    let command = match l.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    };
    let mut props = vec![format!("file={}", escape(&l.file.name, true))];
    if let Some(((line, col), (end_line, end_col))) = l.region() {
        props.push(format!("line={line}"));
        // The runner drops an annotation whose columns span several lines: columns only
        // for a place on one line.
        if end_line == line {
            props.push(format!("col={col}"));
            props.push(format!("endLine={end_line}"));
            props.push(format!("endColumn={end_col}"));
        } else {
            props.push(format!("endLine={end_line}"));
        }
    }
    props.push(format!(
        "title={}",
        escape(l.rule.as_deref().unwrap_or(INPUT_ERROR), true)
    ));
    let message = match &l.help {
        Some(help) => format!("{}\nhelp: {help}", l.message),
        None => l.message.clone(),
    };
    format!(
        "::{command} {}::{}\n",
        props.join(","),
        escape(&message, false)
    )
}

/// GitHub Actions annotations (workflow commands), one line per finding and per problem,
/// and a notice naming the configuration applied, if any.
pub fn github(outcome: &Outcome) -> String {
    let mut out: String = outcome
        .findings
        .iter()
        .chain(&outcome.problems)
        .map(annotation)
        .collect();
    if let Some(config) = &outcome.config {
        out.push_str(&format!(
            "::notice title=smslint configuration::{}\n",
            escape(&format!("applied {config}"), false)
        ));
    }
    out
}

/// The most annotations of one severity GitHub shows for a step; the rest are dropped.
pub const GITHUB_ANNOTATIONS_SHOWN: usize = 10;

/// Whether GitHub would drop some of the annotations of `outcome`: more than
/// [`GITHUB_ANNOTATIONS_SHOWN`] of one severity.
pub fn github_drops_annotations(outcome: &Outcome) -> bool {
    let errors = outcome.count(Severity::Error) + outcome.problems.len();
    errors > GITHUB_ANNOTATIONS_SHOWN
        || outcome.count(Severity::Warning) > GITHUB_ANNOTATIONS_SHOWN
        || outcome.count(Severity::Info) > GITHUB_ANNOTATIONS_SHOWN
}

/// A Markdown summary of every finding and problem, for `$GITHUB_STEP_SUMMARY`, where the
/// annotations GitHub drops are still read: one table row each, with its place.
pub fn github_summary(outcome: &Outcome) -> String {
    let cell = |text: &str| text.replace('|', "\\|").replace(['\n', '\r'], " ");
    let mut out = format!(
        "## smslint: {} finding{}, {} problem{}\n\n| severity | rule | place | message |\n| --- | --- | --- | --- |\n",
        outcome.findings.len(),
        if outcome.findings.len() == 1 { "" } else { "s" },
        outcome.problems.len(),
        if outcome.problems.len() == 1 { "" } else { "s" },
    );
    for l in outcome.findings.iter().chain(&outcome.problems) {
        let place = match l.region() {
            Some(((line, col), _)) => format!("{}:{line}:{col}", l.file.name),
            None => l.file.name.clone(),
        };
        out.push_str(&format!(
            "| {} | `{}` | `{}` | {} |\n",
            l.severity,
            cell(l.rule.as_deref().unwrap_or(INPUT_ERROR)),
            cell(&place),
            cell(&l.message)
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn workflow_commands_escape_what_would_break_the_line() {
        assert_eq!(escape("50% off\nnow", false), "50%25 off%0Anow");
        assert_eq!(escape("a:b,c", true), "a%3Ab%2Cc");
        assert_eq!(escape("a:b,c", false), "a:b,c");
    }
}
