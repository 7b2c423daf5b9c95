//! One rule file: its keys, checked and compiled.

use std::sync::Arc;

use super::template::Template;
use crate::doc::schema::{Schema, ACCOUNT, MESSAGE};
use crate::doc::{Date, DocRecord, DocumentKind, Tree};
use crate::dsl::{
    self, Context, Diagnostic, EvalError, Facts, Guard, Node, Predicate, Scope, Span,
};
use crate::text::{SourceDiagnostic, SourceFile};

/// How serious a finding is; displayed and serialized as `info`, `warning` or `error`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing.
    Info,
    /// Probably wrong; does not fail a check by default.
    Warning,
    /// Wrong: the platform or the law refuses it.
    Error,
}

impl std::fmt::Display for Severity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Severity {
    /// The name used in rule files and reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// What a rule inspects.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AppliesTo {
    /// An account configuration as a whole (`account`).
    Account,
    /// Each number of an account (`number`, with `account` in scope).
    Number,
    /// A message (`message`).
    Message,
    /// A document kind an embedding program declares (see [`DocumentKind`]).
    Other(&'static DocumentKind),
}

impl AppliesTo {
    /// The name used in rule files.
    pub fn as_str(self) -> &'static str {
        match self {
            AppliesTo::Account => "account",
            AppliesTo::Number => "number",
            AppliesTo::Message => "message",
            AppliesTo::Other(k) => k.name,
        }
    }

    /// The names a condition of such a rule starts from.
    pub fn scope(self) -> Scope {
        match self {
            AppliesTo::Account => Scope::account(),
            AppliesTo::Number => Scope::number(),
            AppliesTo::Message => Scope::message(),
            AppliesTo::Other(k) => Scope::of(&[(k.name, k.schema)]),
        }
    }

    /// The document an example of such a rule is.
    pub fn document(self) -> &'static Schema {
        match self {
            AppliesTo::Message => &MESSAGE,
            AppliesTo::Account | AppliesTo::Number => &ACCOUNT,
            AppliesTo::Other(k) => k.schema,
        }
    }
}

/// How settled a rule is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Status {
    /// Relied upon; must cite its source.
    Stable,
    /// New; its findings may change.
    Preview,
    /// Kept for compatibility; will be removed.
    Deprecated,
}

impl Status {
    /// The name used in rule files.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Stable => "stable",
            Status::Preview => "preview",
            Status::Deprecated => "deprecated",
        }
    }
}

/// Where a rule comes from.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Citation {
    /// The law, regulation, code or product document.
    pub source: String,
    /// The section.
    pub section: Option<String>,
    /// A link to it.
    pub url: Option<String>,
    /// The words the rule rests on.
    pub quote: Option<String>,
}

/// An example document of a rule, run by `smslint rules test`.
#[derive(Debug)]
pub struct Example {
    /// The document.
    pub document: DocRecord,
    /// Where it is written in the rule file.
    pub span: Option<Span>,
}

/// A rule, loaded and compiled.
#[derive(Debug)]
pub struct Rule {
    /// Stable dotted id, e.g. `provisioning.area-code`.
    pub id: Arc<str>,
    /// One line for people.
    pub title: String,
    /// How serious its findings are.
    pub severity: Severity,
    /// What it inspects.
    pub applies_to: AppliesTo,
    /// How settled it is.
    pub status: Status,
    /// The rationale, in plain language.
    pub why: String,
    /// Its sources.
    pub citations: Vec<Citation>,
    /// The first day it applies, if it has one.
    pub effective_from: Option<Date>,
    /// The last day it applies, if it has one.
    pub effective_until: Option<Date>,
    /// The `when` condition as written.
    pub when_text: Option<String>,
    /// The `require` condition as written.
    pub require_text: String,
    /// The `message` template as written.
    pub message_text: String,
    /// The `help` template as written.
    pub help_text: Option<String>,
    /// The field findings point at, as written (`at:`).
    pub at_text: Option<String>,
    /// Documents that must pass.
    pub pass: Vec<Example>,
    /// Documents that must each yield exactly one finding.
    pub fail: Vec<Example>,
    /// The file it was loaded from.
    pub file: Arc<SourceFile>,
    /// The leading tests of `when` that read one field each.
    guards: Vec<Guard>,
    /// The rest of `when`.
    when: Option<Predicate>,
    require: Predicate,
    message: Template,
    help: Option<Template>,
    at: Option<Node>,
    /// The fact slots and searches of the rules loaded with this one, for
    /// [`Rule::warm`].
    facts: Arc<Facts>,
}

/// A rule's verdict on one document.
#[derive(Debug)]
pub enum Verdict {
    /// The rule holds (or does not apply).
    Pass,
    /// The rule is violated: the rendered message and help.
    Fail {
        /// The rendered message.
        message: String,
        /// The rendered help.
        help: Option<String>,
    },
}

impl Rule {
    /// Builds the searches the rule's first check would build (the regexes of `mentions`
    /// with constant word lists, shared with the rules loaded with it).
    pub fn warm(&self) {
        self.facts.warm();
    }

    /// Shares the fact slots and searches of the rules loaded together.
    pub(crate) fn set_facts(&mut self, facts: &Arc<Facts>) {
        self.facts = Arc::clone(facts);
    }

    /// Evaluates the rule in a context whose roots are the rule's scope.
    pub fn evaluate(&self, cx: &Context<'_>) -> Result<Verdict, EvalError> {
        let holds = self.holds(cx)?;
        Ok(self.verdict(holds, cx))
    }

    /// The verdict of a rule that holds or not (`holds`) on the document in `cx`: a
    /// violated rule's message and help, rendered.
    pub(crate) fn verdict(&self, holds: bool, cx: &Context<'_>) -> Verdict {
        if holds {
            return Verdict::Pass;
        }
        Verdict::Fail {
            message: self.message.render(cx),
            help: self.help.as_ref().map(|h| h.render(cx)),
        }
    }

    /// The leading tests of `when` that each read one field of the document: an engine
    /// tests each distinct guard once a document.
    pub(crate) fn guards(&self) -> &[Guard] {
        &self.guards
    }

    /// Whether the rule holds: `when` is false, or `require` is true.
    pub fn holds(&self, cx: &Context<'_>) -> Result<bool, EvalError> {
        self.holds_boxed(cx).map_err(|e| *e)
    }

    /// [`Rule::holds`], the error boxed (the engine's loop).
    #[inline]
    pub(crate) fn holds_boxed(&self, cx: &Context<'_>) -> Result<bool, Box<EvalError>> {
        if !self.guards.iter().all(|g| g.test(cx)) {
            return Ok(true);
        }
        self.holds_guarded(cx)
    }

    /// [`Rule::holds_boxed`] when the guards are known to hold.
    #[inline]
    pub(crate) fn holds_guarded(&self, cx: &Context<'_>) -> Result<bool, Box<EvalError>> {
        // Each rule has its own budget of list elements to visit.
        cx.start_rule();
        if let Some(when) = &self.when {
            if !when.test_boxed(cx)? {
                return Ok(true);
            }
        }
        self.require.test_boxed(cx)
    }

    /// The span in the document of the field named by `at:` (when the document came from
    /// a file and the field is there).
    pub fn at_span(&self, cx: &Context<'_>) -> Option<Span> {
        self.at.as_ref()?.field_span(cx)
    }

    /// Whether the rule applies on a day.
    pub fn in_effect(&self, day: Date) -> bool {
        self.effective_from.is_none_or(|from| day >= from)
            && self.effective_until.is_none_or(|until| day <= until)
    }
}

/// The keys a rule file may have.
pub(crate) const KEYS: [&str; 16] = [
    "id",
    "title",
    "severity",
    "applies_to",
    "status",
    "when",
    "require",
    "message",
    "help",
    "at",
    "why",
    "citations",
    "effective",
    "examples",
    "tags",
    "references",
];

/// Collects a rule file's problems, each pointing into the file.
struct Problems<'f> {
    file: &'f Arc<SourceFile>,
    list: Vec<SourceDiagnostic>,
}

impl Problems<'_> {
    fn at(&mut self, tree: &Tree<'_>, message: impl Into<String>, help: Option<String>) {
        self.list
            .push(SourceDiagnostic::error(self.file, tree.span, message, help));
    }

    /// Diagnostics about a condition or template, moved from its text into the file.
    fn inside(&mut self, tree: &Tree<'_>, errors: Vec<Diagnostic>) {
        for e in errors {
            let span = tree.inner_span(e.span).or(tree.span);
            self.list
                .push(SourceDiagnostic::error(self.file, span, e.message, e.help));
        }
    }
}

fn is_rule_id(id: &str) -> bool {
    let parts: Vec<&str> = id.split('.').collect();
    parts.len() >= 2
        && parts.iter().all(|p| {
            !p.is_empty()
                && !p.starts_with('-')
                && !p.ends_with('-')
                && !p.contains("--")
                && p.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        })
}

/// Loads one rule from the top-level mapping of its file.
pub fn load_rule(
    tree: &Tree<'_>,
    file: &Arc<SourceFile>,
    data: &Arc<Vec<dsl::DataTable>>,
    kinds: &[&'static DocumentKind],
    facts: &mut Facts,
) -> Result<Rule, Vec<SourceDiagnostic>> {
    let mut p = Problems {
        file,
        list: Vec::new(),
    };
    let Some(entries) = tree.as_map() else {
        p.at(
            tree,
            format!("a rule file is a mapping of keys, not {}", tree.describe()),
            Some(format!(
                "start with `id:`; the keys are {}",
                KEYS.join(", ")
            )),
        );
        return Err(p.list);
    };
    for (key, _) in entries {
        let name = key.as_str().unwrap_or("");
        if !KEYS.contains(&name) {
            let help = crate::text::did_you_mean(name, &KEYS)
                .unwrap_or_else(|| format!("the keys are {}", KEYS.join(", ")));
            p.at(key, format!("unknown key `{name}`"), Some(help));
        }
    }
    let text = |p: &mut Problems<'_>, key: &str, required: bool| -> Option<(String, Tree<'_>)> {
        match tree.get(key) {
            Some(v) if v.is_string() || (v.as_str().is_some() && key != "id") => {
                Some((v.as_str().unwrap_or("").to_owned(), v.clone()))
            }
            Some(v) => {
                p.at(
                    v,
                    format!("`{key}` must be text, not {}", v.describe()),
                    None,
                );
                None
            }
            None if required => {
                p.at(
                    tree,
                    format!("the rule has no `{key}`"),
                    Some(key_help(key)),
                );
                None
            }
            None => None,
        }
    };
    let id = text(&mut p, "id", true);
    if let Some((id, t)) = &id {
        if !is_rule_id(id) {
            p.at(
                t,
                format!("`{id}` is not a rule id"),
                Some(
                    "an id is dotted kebab-case words, area first, e.g. `provisioning.area-code`"
                        .into(),
                ),
            );
        }
    }
    let title = text(&mut p, "title", true);
    let why = text(&mut p, "why", true);
    let severity = choice(
        &mut p,
        tree,
        "severity",
        &[
            ("error", Severity::Error),
            ("warning", Severity::Warning),
            ("info", Severity::Info),
        ],
        None,
    );
    let mut targets = vec![
        ("account", AppliesTo::Account),
        ("number", AppliesTo::Number),
        ("message", AppliesTo::Message),
    ];
    targets.extend(kinds.iter().map(|k| (k.name, AppliesTo::Other(k))));
    let applies_to = choice(&mut p, tree, "applies_to", &targets, None);
    let status = choice(
        &mut p,
        tree,
        "status",
        &[
            ("stable", Status::Stable),
            ("preview", Status::Preview),
            ("deprecated", Status::Deprecated),
        ],
        Some(Status::Stable),
    );
    let citations = citations(&mut p, tree);
    let (effective_from, effective_until) = effective(&mut p, tree);
    let when_src = text(&mut p, "when", false);
    let require_src = text(&mut p, "require", true);
    let message_src = text(&mut p, "message", true);
    let help_src = text(&mut p, "help", false);
    let at_src = text(&mut p, "at", false);

    let mut compiled = None;
    if let Some(applies_to) = applies_to {
        let scope = applies_to.scope().with_data(Arc::clone(data));
        let mut condition = |p: &mut Problems<'_>, src: &Option<(String, Tree<'_>)>| {
            let (text, t) = src.as_ref()?;
            let expr = match dsl::parse(text) {
                Ok(e) => e,
                Err(e) => {
                    p.inside(t, vec![e]);
                    return None;
                }
            };
            match dsl::compile_condition(&expr, &scope, facts) {
                Ok(node) => Some(node),
                Err(es) => {
                    p.inside(t, es);
                    None
                }
            }
        };
        let when = condition(&mut p, &when_src);
        let require = condition(&mut p, &require_src);
        let mut template = |p: &mut Problems<'_>, src: &Option<(String, Tree<'_>)>| {
            let (text, t) = src.as_ref()?;
            match Template::compile(text, &scope, facts) {
                Ok(tpl) => Some(tpl),
                Err(es) => {
                    p.inside(t, es);
                    None
                }
            }
        };
        let message = template(&mut p, &message_src);
        let help = template(&mut p, &help_src);
        let at = at_src.as_ref().and_then(|(text, t)| {
            let node = dsl::parse(text)
                .map_err(|e| vec![e])
                .and_then(|e| at_field(e, &scope, facts));
            match node {
                Ok(n) => Some(n),
                Err(es) => {
                    p.inside(t, es);
                    None
                }
            }
        });
        let (pass, fail) = examples(&mut p, tree, applies_to);
        compiled = Some((when, require, message, help, at, pass, fail));
    }

    if status == Some(Status::Stable) && citations.as_ref().is_some_and(Vec::is_empty) {
        p.at(
            tree.get("citations").unwrap_or(tree),
            "a stable rule needs at least one citation",
            Some(
                "cite the law, code or product document it rests on, or mark it `status: preview`"
                    .into(),
            ),
        );
    }
    if let Some((.., pass, fail)) = &compiled {
        if status == Some(Status::Stable) && (pass.is_empty() || fail.is_empty()) {
            p.at(
                tree.get("examples").unwrap_or(tree),
                "a stable rule needs at least one `pass` and one `fail` example",
                Some("examples are run by `smslint rules test`; they prove the rule does what it says".into()),
            );
        }
    }

    match (
        id, title, why, severity, applies_to, status, citations, compiled,
    ) {
        (
            Some((id, _)),
            Some((title, _)),
            Some((why, _)),
            Some(severity),
            Some(applies_to),
            Some(status),
            Some(citations),
            Some((when, Some(require), Some(message), help, at, pass, fail)),
        ) if p.list.is_empty() => {
            let (guards, when) = match when {
                Some(when) => Guard::split(when),
                None => (Vec::new(), None),
            };
            Ok(Rule {
                id: id.into(),
                title,
                severity,
                applies_to,
                status,
                why,
                citations,
                effective_from,
                effective_until,
                when_text: when_src.map(|w| w.0),
                require_text: require_src.map(|r| r.0).unwrap_or_default(),
                message_text: message_src.map(|m| m.0).unwrap_or_default(),
                help_text: help_src.map(|h| h.0),
                at_text: at_src.map(|a| a.0),
                pass,
                fail,
                file: Arc::clone(file),
                guards,
                when: when.map(Predicate::new),
                require: Predicate::new(require),
                message,
                help,
                at,
                facts: Arc::default(),
            })
        }
        _ => Err(p.list),
    }
}

/// Compiles `at:`, the field a finding points at. It reads no value, so an optional field
/// needs no `present(…)` guard and a record will do: it is compiled as the path of
/// `present(PATH)`, and when the field is absent from a document the finding points at
/// the document instead.
fn at_field(path: dsl::Expr, scope: &Scope, facts: &mut Facts) -> Result<Node, Vec<Diagnostic>> {
    let span = path.span;
    let refused = || {
        vec![Diagnostic::new("`at` names a field of the document", span)
            .with_help("write a path such as `message.body` or `number.forwarding`")]
    };
    if !matches!(path.kind, dsl::ExprKind::Path(_)) {
        return Err(refused());
    }
    let probe = dsl::Expr {
        kind: dsl::ExprKind::Call {
            function: dsl::Ident {
                name: "present".into(),
                span,
            },
            args: vec![path],
        },
        span,
    };
    match dsl::compile_condition(&probe, scope, facts)? {
        Node::Present { base, fields } => Ok(Node::Get { base, fields }),
        _ => Err(refused()),
    }
}

fn key_help(key: &str) -> String {
    match key {
        "id" => "add `id: area.rule-name`, e.g. `provisioning.area-code`".into(),
        "title" => "add `title:` with one line for people".into(),
        "why" => "add `why:` with the rationale in plain language".into(),
        "require" => "add `require:` with the condition a document must meet".into(),
        "message" => {
            "add `message:` with what a finding says, e.g. \"number `{number.number}` is …\"".into()
        }
        "severity" => "add `severity: error`, `warning` or `info`".into(),
        "applies_to" => "add `applies_to: account`, `number` or `message`".into(),
        _ => format!("add `{key}:`"),
    }
}

fn choice<T: Copy>(
    p: &mut Problems<'_>,
    tree: &Tree<'_>,
    key: &str,
    options: &[(&str, T)],
    default: Option<T>,
) -> Option<T> {
    let names: Vec<&str> = options.iter().map(|o| o.0).collect();
    let Some(v) = tree.get(key) else {
        if default.is_none() {
            p.at(
                tree,
                format!("the rule has no `{key}`"),
                Some(key_help(key)),
            );
        }
        return default;
    };
    let text = v.as_str().unwrap_or("");
    match options.iter().find(|o| o.0 == text) {
        Some(o) => Some(o.1),
        None => {
            let help = crate::text::did_you_mean(text, &names)
                .unwrap_or_else(|| format!("write one of {}", names.join(", ")));
            p.at(
                v,
                format!("`{key}` is {}, not `{text}`", names.join(", ")),
                Some(help),
            );
            None
        }
    }
}

fn citations(p: &mut Problems<'_>, tree: &Tree<'_>) -> Option<Vec<Citation>> {
    let Some(list) = tree.get("citations") else {
        return Some(Vec::new());
    };
    let Some(items) = list.as_seq() else {
        p.at(
            list,
            format!("`citations` is a list, not {}", list.describe()),
            Some("write `- source: …` entries with `section`, `url` and `quote`".into()),
        );
        return None;
    };
    let mut out = Vec::new();
    let mut ok = true;
    for item in items {
        let Some(entries) = item.as_map() else {
            p.at(
                item,
                "a citation is a mapping with `source`, `section`, `url`, `quote`",
                None,
            );
            ok = false;
            continue;
        };
        let mut c = Citation::default();
        for (k, v) in entries {
            let key = k.as_str().unwrap_or("");
            let Some(value) = v.as_str().filter(|_| v.is_string() || !v.is_null()) else {
                p.at(
                    v,
                    format!("`{key}` must be text, not {}", v.describe()),
                    None,
                );
                ok = false;
                continue;
            };
            match key {
                "source" => c.source = value.to_owned(),
                "section" => c.section = Some(value.to_owned()),
                "url" => {
                    if !(value.starts_with("https://") || value.starts_with("http://")) {
                        p.at(
                            v,
                            "a citation's `url` starts with https:// or http://",
                            Some(format!("write the whole address, e.g. `https://{value}`")),
                        );
                        ok = false;
                    }
                    c.url = Some(value.to_owned());
                }
                "quote" => c.quote = Some(value.trim().to_owned()),
                other => {
                    let keys = ["source", "section", "url", "quote"];
                    let help = crate::text::did_you_mean(other, &keys)
                        .unwrap_or_else(|| "a citation has source, section, url and quote".into());
                    p.at(k, format!("unknown citation key `{other}`"), Some(help));
                    ok = false;
                }
            }
        }
        if c.source.is_empty() {
            p.at(
                item,
                "a citation needs a `source`",
                Some("name the law, code or document".into()),
            );
            ok = false;
        }
        out.push(c);
    }
    ok.then_some(out)
}

fn effective(p: &mut Problems<'_>, tree: &Tree<'_>) -> (Option<Date>, Option<Date>) {
    let Some(e) = tree.get("effective") else {
        return (None, None);
    };
    let Some(entries) = e.as_map() else {
        p.at(
            e,
            "`effective` is a mapping with `from` and/or `until` dates",
            None,
        );
        return (None, None);
    };
    let (mut from, mut until) = (None, None);
    let mut until_at = e;
    for (k, v) in entries {
        let date = v
            .as_str()
            .and_then(|s| s.parse::<jiff::civil::Date>().ok())
            .map(Date);
        let key = k.as_str().unwrap_or("");
        match (key, date) {
            ("from", Some(d)) => from = Some(d),
            ("until", Some(d)) => {
                until = Some(d);
                until_at = v;
            }
            ("from" | "until", None) => {
                let text = v.as_str().unwrap_or("");
                // `2025-02-30` is written right but names no day: say so, not "use YYYY-MM-DD".
                let shaped = text.len() == 10
                    && text.bytes().enumerate().all(|(i, b)| {
                        if i == 4 || i == 7 {
                            b == b'-'
                        } else {
                            b.is_ascii_digit()
                        }
                    });
                if shaped {
                    p.at(
                        v,
                        format!("`effective.{key}` is not a date: there is no day `{text}`"),
                        Some("write a day of the calendar as YYYY-MM-DD".into()),
                    );
                } else {
                    p.at(
                        v,
                        format!("`effective.{key}` is not a date"),
                        Some("write a date as YYYY-MM-DD".into()),
                    );
                }
            }
            _ => p.at(
                k,
                format!("unknown key `{key}` in `effective`"),
                Some("`effective` has `from` and `until`".into()),
            ),
        }
    }
    if let (Some(f), Some(u)) = (from, until) {
        if f > u {
            p.at(
                until_at,
                format!("the rule's `effective.until` is before its `from` ({f})"),
                Some("the rule would never apply; swap the dates or correct one".into()),
            );
        }
    }
    (from, until)
}

fn examples(
    p: &mut Problems<'_>,
    tree: &Tree<'_>,
    applies_to: AppliesTo,
) -> (Vec<Example>, Vec<Example>) {
    let (mut pass, mut fail) = (Vec::new(), Vec::new());
    let Some(e) = tree.get("examples") else {
        return (pass, fail);
    };
    let Some(entries) = e.as_map() else {
        p.at(
            e,
            "`examples` is a mapping with `pass` and `fail` lists",
            None,
        );
        return (pass, fail);
    };
    let schema = applies_to.document();
    for (k, v) in entries {
        let key = k.as_str().unwrap_or("");
        let out = match key {
            "pass" => &mut pass,
            "fail" => &mut fail,
            other => {
                p.at(
                    k,
                    format!("unknown key `{other}` in `examples`"),
                    Some("`examples` has `pass` and `fail` lists".into()),
                );
                continue;
            }
        };
        let Some(items) = v.as_seq() else {
            p.at(
                v,
                format!("`examples.{key}` is a list of {} documents", schema.name),
                None,
            );
            continue;
        };
        for item in items {
            match DocRecord::load(item, schema, &["kind", "note"]) {
                Ok(document) => out.push(Example {
                    document,
                    span: item.span,
                }),
                Err(errors) => {
                    for e in errors {
                        p.list.push(SourceDiagnostic::error(
                            p.file,
                            e.span.or(item.span),
                            format!("example: {}", e.message),
                            e.help,
                        ));
                    }
                }
            }
        }
    }
    (pass, fail)
}
