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

/// `text` for an attribute value: as [`xml`], and line breaks and tabs as character
/// references, which a reader keeps (written as they are, it would read them as spaces).
fn attr(text: &str) -> String {
    xml(text)
        .replace('\n', "&#10;")
        .replace('\r', "&#13;")
        .replace('\t', "&#9;")
}

fn place(l: &Entry) -> String {
    match l.region() {
        Some(((line, col), _)) => format!("{}:{line}:{col}", l.file.name),
        None => l.file.name.clone(),
    }
}

/// The text of a test case: place, message and help on lines of their own, what came from
/// the user made visible (a CI log shows it, and must not take a line break in a file name
/// for a line of its own).
fn body(l: &Entry) -> String {
    let shown = crate::text::visible;
    match &l.help {
        Some(help) => format!(
            "{}\n{}\nhelp: {}",
            shown(&place(l)),
            shown(&l.message),
            shown(help)
        ),
        None => format!("{}\n{}", shown(&place(l)), shown(&l.message)),
    }
}

/// When the report was made, for the `timestamp` attribute: `SOURCE_DATE_EPOCH` when it is
/// set (reproducible output, as build tools use it), the present otherwise.
fn timestamp() -> String {
    let now = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .and_then(|s| jiff::Timestamp::from_second(s).ok())
        .unwrap_or_else(jiff::Timestamp::now);
    now.strftime("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// JUnit XML: a test suite per file with a test case per finding and per problem, and one
/// passing case for a file with nothing to report. A finding at or above `failing` (the
/// `--fail-on` threshold; `None`: never) is a failure, a less severe one passes with its
/// text; a problem is an error. A test case is named by its rule (and number), not by its
/// line, so it keeps its identity when lines move; the counts of every suite add up to the
/// root's, as readers such as xunitparser require.
pub fn junit(outcome: &Outcome, failing: Option<Severity>) -> String {
    let mut files: Vec<&str> = outcome.paths.iter().map(String::as_str).collect();
    for p in &outcome.problems {
        if !files.contains(&p.file.name.as_str()) {
            files.push(&p.file.name);
        }
    }
    let fails = |s: Severity| failing.is_some_and(|f| s >= f);
    let timestamp = timestamp();
    // The configuration applied, as a property of every suite (where JUnit has them).
    let properties = outcome.config.as_ref().map_or(String::new(), |config| {
        format!(
            "    <properties>\n      <property name=\"smslint.configuration\" value=\"{}\"/>\n    </properties>\n",
            attr(config)
        )
    });
    let mut suites = String::new();
    let (mut all_tests, mut all_failures, mut all_errors) = (0, 0, 0);
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
        let failures = findings.iter().filter(|f| fails(f.severity)).count();
        let tests = (findings.len() + problems.len()).max(1);
        all_tests += tests;
        all_failures += failures;
        all_errors += problems.len();
        let _ = writeln!(
            suites,
            "  <testsuite name=\"{}\" tests=\"{tests}\" failures=\"{failures}\" errors=\"{}\" time=\"0\" timestamp=\"{timestamp}\">",
            attr(name),
            problems.len()
        );
        suites.push_str(&properties);
        if findings.is_empty() && problems.is_empty() {
            let _ = writeln!(
                suites,
                "    <testcase classname=\"{}\" name=\"smslint\" time=\"0\"/>",
                attr(name)
            );
        }
        // Names in a suite are unique: a second finding of one rule gets ` #2`.
        let mut named: Vec<String> = Vec::new();
        let mut unique = |base: String| {
            let n = named.iter().filter(|b| **b == base).count();
            named.push(base.clone());
            if n == 0 {
                base
            } else {
                format!("{base} #{}", n + 1)
            }
        };
        for f in findings {
            let rule = f.rule.as_deref().unwrap_or(INPUT_ERROR);
            let body = body(f);
            let test = unique(match &f.number {
                Some(number) => format!("{rule} ({number})"),
                None => rule.to_owned(),
            });
            let _ = writeln!(
                suites,
                "    <testcase classname=\"{}\" name=\"{}\" time=\"0\">",
                attr(name),
                attr(&test)
            );
            if fails(f.severity) {
                let _ = writeln!(
                    suites,
                    "      <failure type=\"{}\" message=\"{}\">{}</failure>",
                    f.severity,
                    attr(&f.message),
                    xml(&body)
                );
            } else {
                let _ = writeln!(suites, "      <system-out>{}</system-out>", xml(&body));
            }
            suites.push_str("    </testcase>\n");
        }
        for p in problems {
            let test = unique(INPUT_ERROR.to_owned());
            let _ = writeln!(
                suites,
                "    <testcase classname=\"{}\" name=\"{}\" time=\"0\">",
                attr(name),
                attr(&test)
            );
            let body = body(p);
            let _ = writeln!(
                suites,
                "      <error type=\"input\" message=\"{}\">{}</error>",
                attr(&p.message),
                xml(&body)
            );
            suites.push_str("    </testcase>\n");
        }
        suites.push_str("  </testsuite>\n");
    }
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<testsuites name=\"smslint\" tests=\"{all_tests}\" failures=\"{all_failures}\" errors=\"{all_errors}\" time=\"0\" timestamp=\"{timestamp}\">"
    );
    out.push_str(&suites);
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
