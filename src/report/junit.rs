//! JUnit XML, the test report format CI systems show (GitLab, Jenkins, Azure).

use std::fmt::Write as _;

use super::{Entry, Outcome, INPUT_ERROR};
use crate::rules::Severity;

fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Control characters other than tab and line breaks are not allowed in XML 1.0.
            c if c.is_control() && !matches!(c, '\t' | '\n' | '\r') => {
                let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out
}

fn place(l: &Entry) -> String {
    match l.region() {
        Some(((line, col), _)) => format!("{}:{line}:{col}", l.file.name),
        None => l.file.name.clone(),
    }
}

/// JUnit XML: a test suite per file; a failing test case per finding at or above
/// warning (info findings pass, with their text), an erroring one per problem, and one
/// passing case for a file with nothing to report.
pub fn junit(outcome: &Outcome) -> String {
    let mut files: Vec<&str> = outcome.paths.iter().map(String::as_str).collect();
    for p in &outcome.problems {
        if !files.contains(&p.file.name.as_str()) {
            files.push(&p.file.name);
        }
    }
    let failing = |s: Severity| s >= Severity::Warning;
    let total_failures = outcome
        .findings
        .iter()
        .filter(|f| failing(f.severity))
        .count();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<testsuites name=\"smslint\" tests=\"{}\" failures=\"{total_failures}\" errors=\"{}\">",
        outcome.findings.len() + outcome.problems.len(),
        outcome.problems.len()
    );
    for name in files {
        let findings: Vec<&Entry> = outcome
            .findings
            .iter()
            .filter(|f| f.file.name == name)
            .collect();
        let problems: Vec<&Entry> = outcome
            .problems
            .iter()
            .filter(|p| p.file.name == name)
            .collect();
        let failures = findings.iter().filter(|f| failing(f.severity)).count();
        let tests = (findings.len() + problems.len()).max(1);
        let _ = writeln!(
            out,
            "  <testsuite name=\"{}\" tests=\"{tests}\" failures=\"{failures}\" errors=\"{}\">",
            xml(name),
            problems.len()
        );
        if findings.is_empty() && problems.is_empty() {
            let _ = writeln!(
                out,
                "    <testcase classname=\"{}\" name=\"smslint\"/>",
                xml(name)
            );
        }
        for f in findings {
            let rule = f.rule.as_deref().unwrap_or(INPUT_ERROR);
            let body = match &f.help {
                Some(help) => format!("{}\n{}\nhelp: {help}", place(f), f.message),
                None => format!("{}\n{}", place(f), f.message),
            };
            let _ = writeln!(
                out,
                "    <testcase classname=\"{}\" name=\"{} at {}\">",
                xml(name),
                xml(rule),
                xml(&place(f))
            );
            if failing(f.severity) {
                let _ = writeln!(
                    out,
                    "      <failure type=\"{}\" message=\"{}\">{}</failure>",
                    f.severity,
                    xml(&f.message),
                    xml(&body)
                );
            } else {
                let _ = writeln!(out, "      <system-out>{}</system-out>", xml(&body));
            }
            out.push_str("    </testcase>\n");
        }
        for p in problems {
            let _ = writeln!(
                out,
                "    <testcase classname=\"{}\" name=\"{INPUT_ERROR} at {}\">",
                xml(name),
                xml(&place(p))
            );
            let body = match &p.help {
                Some(help) => format!("{}\nhelp: {help}", p.message),
                None => p.message.clone(),
            };
            let _ = writeln!(
                out,
                "      <error type=\"input\" message=\"{}\">{}</error>",
                xml(&p.message),
                xml(&body)
            );
            out.push_str("    </testcase>\n");
        }
        out.push_str("  </testsuite>\n");
    }
    out.push_str("</testsuites>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_text_is_escaped_and_control_characters_named() {
        assert_eq!(
            xml("<a href=\"x\">&'</a>"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&apos;&lt;/a&gt;"
        );
        assert_eq!(xml("a\u{1}b\tc"), "a\\u{1}b\tc");
    }
}
