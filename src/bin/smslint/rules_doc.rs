//! A rule for a person: `smslint rules explain` (plain text) and `smslint rules doc`
//! (a Markdown catalogue: one page per rule, an index grouped by area).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use std::sync::Arc;

use smslint::{Example, Rule, SourceFile};

/// The source text of an example, as written in the rule file, without its indentation.
fn example_text(rule: &Rule, example: &Example) -> String {
    let Some(span) = example.span else {
        return String::new();
    };
    let text = &rule.file.text;
    let line_start = text
        .get(..span.start)
        .and_then(|t| t.rfind('\n'))
        .map_or(0, |i| i + 1);
    let raw = text.get(line_start..span.end).unwrap_or("");
    let indent = span.start - line_start;
    raw.lines()
        .enumerate()
        .map(|(i, l)| {
            if i == 0 {
                l.get(indent..).unwrap_or(l).to_owned()
            } else {
                let cut = l.len() - l.trim_start().len();
                l.get(cut.min(indent)..).unwrap_or(l).to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
        .trim_end()
        .to_owned()
}

fn indent(text: &str, by: &str) -> String {
    text.lines()
        .map(|l| {
            if l.is_empty() {
                String::new()
            } else {
                format!("{by}{l}")
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The data tables a rule reads (`data.NAME` in its conditions and templates), each with
/// the file that holds it among `data`, in the order first named.
pub(crate) fn tables_read<'d>(
    rule: &Rule,
    data: &'d [Arc<SourceFile>],
) -> Vec<(String, Option<&'d Arc<SourceFile>>)> {
    let texts = [
        rule.when_text.as_deref().unwrap_or(""),
        &rule.require_text,
        &rule.message_text,
        rule.help_text.as_deref().unwrap_or(""),
    ];
    let mut names: Vec<String> = Vec::new();
    for text in texts {
        let mut rest = text;
        while let Some(at) = rest.find("data.") {
            // `data.` starts a path only where a name cannot go on from before it.
            let before = rest.get(..at).and_then(|b| b.chars().last());
            let after = rest.get(at + 5..).unwrap_or("");
            let name: String = after
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            if !before.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.')
                && !name.is_empty()
                && !names.contains(&name)
            {
                names.push(name);
            }
            rest = after;
        }
    }
    names
        .into_iter()
        .map(|name| {
            let file = data.iter().find(|f| {
                Path::new(&f.name)
                    .file_stem()
                    .is_some_and(|stem| stem.to_string_lossy() == name)
            });
            (name, file)
        })
        .collect()
}

/// A table's file without its leading comment lines: the records a reviewer reads.
fn table_text(file: &SourceFile) -> String {
    file.text
        .lines()
        .skip_while(|l| l.trim_start().starts_with('#') || l.trim().is_empty())
        .collect::<Vec<_>>()
        .join("\n")
        .trim_end()
        .to_owned()
}

/// `smslint rules explain ID`: everything the rule says, and the data tables it reads.
pub(crate) fn explain(rule: &Rule, data: &[Arc<SourceFile>]) -> String {
    let mut t = String::new();
    let _ = writeln!(t, "{} — {}", rule.id, rule.title);
    let _ = writeln!(
        t,
        "severity: {} · applies to: {} · status: {} · file: {}",
        rule.severity.as_str(),
        rule.applies_to.as_str(),
        rule.status.as_str(),
        rule.file.name
    );
    if let Some(e) = effective(rule) {
        let _ = writeln!(t, "effective: {e}");
    }
    let _ = writeln!(t, "\nWhy\n{}", indent(rule.why.trim(), "  "));
    if let Some(w) = &rule.when_text {
        let _ = writeln!(t, "\nApplies when\n{}", indent(w.trim(), "  "));
    }
    let _ = writeln!(t, "\nRequires\n{}", indent(rule.require_text.trim(), "  "));
    let _ = writeln!(t, "\nMessage\n{}", indent(rule.message_text.trim(), "  "));
    if let Some(h) = &rule.help_text {
        let _ = writeln!(t, "\nHelp\n{}", indent(h.trim(), "  "));
    }
    if !rule.citations.is_empty() {
        let _ = writeln!(t, "\nCitations");
        for c in &rule.citations {
            let mut line = format!("  - {}", c.source);
            if let Some(s) = &c.section {
                let _ = write!(line, ", {s}");
            }
            if let Some(u) = &c.url {
                let _ = write!(line, " <{u}>");
            }
            let _ = writeln!(t, "{line}");
            if let Some(q) = &c.quote {
                let _ = writeln!(t, "{}", indent(&format!("“{}”", q.trim()), "    "));
            }
        }
    }
    for (name, file) in tables_read(rule, data) {
        match file {
            Some(f) => {
                let _ = writeln!(
                    t,
                    "\nData: `data.{name}` ({})\n{}",
                    f.name,
                    indent(&table_text(f), "  ")
                );
            }
            None => {
                let _ = writeln!(t, "\nData: `data.{name}`");
            }
        }
    }
    for (label, list) in [("fails", &rule.fail), ("passes", &rule.pass)] {
        for (i, ex) in list.iter().enumerate() {
            let _ = writeln!(
                t,
                "\nExample {} ({label})\n{}",
                i + 1,
                indent(&example_text(rule, ex), "  ")
            );
        }
    }
    t
}

fn effective(rule: &Rule) -> Option<String> {
    match (rule.effective_from, rule.effective_until) {
        (None, None) => None,
        (Some(f), None) => Some(format!("from {f}")),
        (None, Some(u)) => Some(format!("until {u}")),
        (Some(f), Some(u)) => Some(format!("from {f} until {u}")),
    }
}

fn citation_md(c: &smslint::Citation) -> String {
    let name = match &c.section {
        Some(s) => format!("{}, {s}", c.source),
        None => c.source.clone(),
    };
    match &c.url {
        Some(u) => format!("[{name}]({u})"),
        None => name,
    }
}

fn page(rule: &Rule, data: &[Arc<SourceFile>]) -> String {
    let mut t = String::new();
    let _ = writeln!(t, "# `{}` — {}\n", rule.id, rule.title);
    let _ = writeln!(t, "| severity | applies to | status | file |");
    let _ = writeln!(t, "| --- | --- | --- | --- |");
    let _ = writeln!(
        t,
        "| {} | {} | {} | `{}` |\n",
        rule.severity.as_str(),
        rule.applies_to.as_str(),
        rule.status.as_str(),
        rule.file.name
    );
    if let Some(e) = effective(rule) {
        let _ = writeln!(t, "In effect {e}.\n");
    }
    let _ = writeln!(t, "## Why\n\n{}\n", rule.why.trim());
    if let Some(w) = &rule.when_text {
        let _ = writeln!(t, "## Applies when\n\n```\n{}\n```\n", w.trim());
    }
    let _ = writeln!(t, "## Requires\n\n```\n{}\n```\n", rule.require_text.trim());
    let _ = writeln!(t, "## Finding\n\n> {}\n", rule.message_text.trim());
    if let Some(h) = &rule.help_text {
        let _ = writeln!(t, "Help: {}\n", h.trim());
    }
    if !rule.citations.is_empty() {
        let _ = writeln!(t, "## Citations\n");
        for c in &rule.citations {
            let _ = writeln!(t, "- {}", citation_md(c));
            if let Some(q) = &c.quote {
                let _ = writeln!(t, "\n  > {}\n", q.trim().replace('\n', " "));
            }
        }
        t.push('\n');
    }
    let tables = tables_read(rule, data);
    if !tables.is_empty() {
        let _ = writeln!(t, "## Data it reads\n");
        for (name, file) in tables {
            match file {
                Some(f) => {
                    let _ = writeln!(
                        t,
                        "`data.{name}`, from `{}`:\n\n```yaml\n{}\n```\n",
                        f.name,
                        table_text(f)
                    );
                }
                None => {
                    let _ = writeln!(t, "`data.{name}`\n");
                }
            }
        }
    }
    let _ = writeln!(t, "## Examples\n");
    for (label, list) in [("Fails", &rule.fail), ("Passes", &rule.pass)] {
        for ex in list {
            let _ = writeln!(t, "{label}:\n\n```yaml\n{}\n```\n", example_text(rule, ex));
        }
    }
    t
}

/// Writes `index.md` and one page per rule into `dir`; returns the number of files.
pub(crate) fn write_catalogue(
    rules: &[Rule],
    data: &[Arc<SourceFile>],
    dir: &Path,
) -> std::io::Result<usize> {
    std::fs::create_dir_all(dir)?;
    let mut areas: BTreeMap<&str, Vec<&Rule>> = BTreeMap::new();
    for r in rules {
        let area = r.id.split('.').next().unwrap_or("");
        areas.entry(area).or_default().push(r);
    }
    let mut index = String::from("# smslint rule catalogue\n\n");
    let _ = writeln!(
        index,
        "{} rules. Each page gives the rule's rationale, its conditions as written, its citations and the examples `smslint rules test` proves.\n",
        rules.len()
    );
    let mut written = 0;
    for (area, list) in &areas {
        let _ = writeln!(index, "## {area}\n");
        let _ = writeln!(index, "| rule | severity | title | citations |");
        let _ = writeln!(index, "| --- | --- | --- | --- |");
        for r in list {
            let cites: Vec<String> = r.citations.iter().map(citation_md).collect();
            let _ = writeln!(
                index,
                "| [`{}`]({}.md) | {} | {} | {} |",
                r.id,
                r.id,
                r.severity.as_str(),
                r.title.replace('|', "\\|"),
                cites.join("; ").replace('|', "\\|")
            );
            crate::output::write_file(&dir.join(format!("{}.md", r.id)), &page(r, data))?;
            written += 1;
        }
        index.push('\n');
    }
    let _ = writeln!(
        index,
        "The documents rules read and the functions conditions may call: [language.md](language.md).\n"
    );
    crate::output::write_file(&dir.join("index.md"), &index)?;
    crate::output::write_file(&dir.join("language.md"), &language())?;
    Ok(written + 2)
}

/// The reference page: every document's fields (from `smslint::unstable::doc::schema`, the declarations
/// the type checker and the evaluator use) and every function.
fn language() -> String {
    use smslint::unstable::doc::schema::{
        FieldDefault, FieldType, Schema, Values, ACCOUNT, MESSAGE,
    };
    fn type_name(ty: FieldType) -> String {
        match ty {
            FieldType::Bool => "bool".into(),
            FieldType::Int => "int".into(),
            FieldType::Str => "string".into(),
            FieldType::Instant => "instant (RFC 3339)".into(),
            FieldType::Record(s) => format!("record `{}`", s.name),
            FieldType::StrList => "list of strings".into(),
            FieldType::RecordList(s) => format!("list of `{}`", s.name),
        }
    }
    fn schema(out: &mut String, s: &'static Schema, seen: &mut Vec<&'static str>) {
        if seen.contains(&s.name) {
            return;
        }
        seen.push(s.name);
        let _ = writeln!(out, "### `{}`\n", s.name);
        let _ = writeln!(out, "| field | type | optional | values | meaning |");
        let _ = writeln!(out, "| --- | --- | --- | --- | --- |");
        for f in s.fields {
            let values = match f.values {
                Values::Any => String::new(),
                Values::OneOf(names) => names
                    .iter()
                    .map(|n| format!("`{n}`"))
                    .collect::<Vec<_>>()
                    .join(", "),
                Values::TimeZone => "an IANA time zone".into(),
                Values::Region => "a US state or territory or Canadian province code".into(),
                Values::MaxBytes(n) => format!("at most {n} bytes"),
                Values::NonNegative => "0 or more".into(),
            };
            let _ = writeln!(
                out,
                "| `{}` | {} | {} | {values} | {} |",
                f.name,
                type_name(f.ty),
                match f.default {
                    _ if f.optional => "yes".to_owned(),
                    Some(FieldDefault::Text(t)) => format!("yes, `{t}` when left out"),
                    Some(FieldDefault::EmptyList) => "yes, empty when left out".to_owned(),
                    None => String::new(),
                },
                f.doc.replace('|', "\\|")
            );
        }
        out.push('\n');
        for f in s.fields {
            if let FieldType::Record(inner) | FieldType::RecordList(inner) = f.ty {
                schema(out, inner, seen);
            }
        }
    }
    let mut out = String::from("# The rule language: documents and functions\n\n");
    out.push_str(
        "An optional field must be proven `present(…)` before a condition reads it. A field with a \
         closed set of values takes only those in documents, and comparing it in a condition with \
         a string outside the set is an error when the rule loads.\n\n## Documents\n\n",
    );
    let mut seen = Vec::new();
    schema(&mut out, &MESSAGE, &mut seen);
    schema(&mut out, &ACCOUNT, &mut seen);
    out.push_str(
        "## Functions\n\n| function | signature | what it computes |\n| --- | --- | --- |\n",
    );
    for (name, signature, doc) in smslint::unstable::dsl::typecheck::function_docs() {
        let _ = writeln!(
            out,
            "| `{name}` | `{signature}` | {} |",
            doc.replace('|', "\\|")
        );
    }
    out
}
