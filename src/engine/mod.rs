//! The engine: compiled rules applied to documents, findings collected in a [`Report`].
//!
//! An [`Engine`] is immutable once built and `Send + Sync`: one engine serves every
//! thread. Checking a document builds a [`Context`] on the stack (the document's roots and
//! its fact cache), runs the rules that apply, and allocates only for findings — a clean
//! message costs no allocation unless a rule builds text (`lower`, `normalize`).
//!
//! A rule that cannot be evaluated (an unknown time zone, an overflow) is reported in
//! [`Report::errors`]; it never passes silently.

pub mod selftest;

use std::fmt;
use std::sync::Arc;

use crate::doc::schema::{ACCOUNT, MAX_BODY_BYTES, MESSAGE, NUMBER};
use crate::doc::Date;
use crate::dsl::{Context, EvalError, Guard, Record, Span, Val};
use crate::rules::{AppliesTo, DocumentKind, PackSource, Rule, Severity, Verdict};
use crate::text::Diagnostics;

/// One violated rule.
///
/// Displayed as `severity[rule]: message`, with the help on a second line; serialized
/// with the same field names as the CLI's JSON output.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Finding {
    /// The rule's id.
    pub rule: Arc<str>,
    /// The rule's severity.
    pub severity: Severity,
    /// What is wrong, rendered for this document.
    pub message: String,
    /// What to do, rendered for this document.
    pub help: Option<String>,
    /// The smallest part of the input it concerns: the field named by the rule's `at`, the
    /// number entry, or the document.
    pub span: Option<Span>,
    /// The phone number a number rule's finding is about (`numbers[].number`), so that a
    /// waiver can name it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub number: Option<String>,
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}[{}]: {}", self.severity, self.rule, self.message)?;
        if let Some(help) = &self.help {
            write!(f, "\n  help: {help}")?;
        }
        Ok(())
    }
}

/// A rule that could not be evaluated on a document. It counts as an error: a document
/// a rule could not judge is not known to be fine.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct RuleFailure {
    /// The rule's id.
    pub rule: Arc<str>,
    /// What failed.
    pub message: String,
    /// The part of the document being checked (the number entry, the document).
    pub span: Option<Span>,
}

/// Everything found in one document.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Report {
    /// Violated rules, in rule order.
    pub findings: Vec<Finding>,
    /// Rules that could not be evaluated.
    pub errors: Vec<RuleFailure>,
}

impl Report {
    /// Whether nothing was found and nothing failed.
    pub fn is_clean(&self) -> bool {
        self.findings.is_empty() && self.errors.is_empty()
    }

    /// Whether any finding is an error, or any rule could not be evaluated: the message
    /// should not be sent as it is.
    pub fn has_errors(&self) -> bool {
        !self.errors.is_empty() || self.findings.iter().any(|f| f.severity == Severity::Error)
    }

    /// The most serious finding's severity; [`Severity::Error`] when a rule could not be
    /// evaluated, as [`Report::has_errors`] counts it.
    pub fn worst(&self) -> Option<Severity> {
        if !self.errors.is_empty() {
            return Some(Severity::Error);
        }
        self.findings.iter().map(|f| f.severity).max()
    }
}

/// Which rules run: `--select` and `--ignore` by id or id prefix.
#[derive(Clone, Debug, Default)]
pub struct Selection {
    select: Vec<String>,
    ignore: Vec<String>,
}

impl Selection {
    /// Rules matching any of `select` (all rules when empty) and none of `ignore`.
    pub fn new(select: Vec<String>, ignore: Vec<String>) -> Selection {
        Selection { select, ignore }
    }

    /// Whether a rule id is selected.
    pub fn includes(&self, id: &str) -> bool {
        (self.select.is_empty() || self.select.iter().any(|p| id_matches(id, p)))
            && !self.ignore.iter().any(|p| id_matches(id, p))
    }

    /// The first pattern that matches none of `ids`, as one line for the user: the pattern
    /// and the closest rule id or id prefix (`provisioning.`), or else `listed`, which says
    /// where the caller's user finds the ids. A misspelt `--select` or `--ignore` would
    /// otherwise select or skip nothing, silently.
    pub fn check(&self, ids: &[&str], listed: &str) -> Result<(), String> {
        let Some(p) = self.unmatched(ids).into_iter().next() else {
            return Ok(());
        };
        let mut names: Vec<String> = ids.iter().map(|id| (*id).to_owned()).collect();
        names.extend(
            ids.iter()
                .filter_map(|id| id.split_once('.'))
                .map(|(area, _)| format!("{area}.")),
        );
        names.sort();
        names.dedup();
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        let hint = crate::text::did_you_mean(p, &names).unwrap_or_else(|| listed.to_owned());
        Err(format!(
            "`{}` matches no rule id; {hint}",
            crate::text::visible(p)
        ))
    }

    /// Patterns that match none of `ids`: probably typing mistakes.
    pub fn unmatched<'s>(&'s self, ids: &[&str]) -> Vec<&'s str> {
        self.select
            .iter()
            .chain(&self.ignore)
            .filter(|p| !ids.iter().any(|id| id_matches(id, p)))
            .map(String::as_str)
            .collect()
    }
}

/// `us.` and `us` match `us.quiet-hours`; `provisioning.area-code` matches itself only.
fn id_matches(id: &str, pattern: &str) -> bool {
    let prefix = pattern.trim_end_matches('.');
    id == prefix
        || id
            .strip_prefix(prefix)
            .is_some_and(|rest| rest.starts_with('.'))
}

/// Compiled rules, ready to check documents.
#[derive(Debug, Default)]
pub struct Engine {
    rules: Vec<Rule>,
    /// Indices into `rules` per kind of document, so a check never looks at rules that do
    /// not apply to it.
    message: Group,
    account: Group,
    number: Group,
    other: Vec<(&'static DocumentKind, Group)>,
    today: Option<Date>,
}

/// The rules of one document kind.
#[derive(Debug, Default)]
struct Group {
    /// Indices into the engine's rules, each with its guards as bits of `guards`
    /// (`None`: the rule tests its own, as the group has too many).
    rules: Vec<(usize, Option<u64>)>,
    /// The distinct guards of the rules (`message.direction == "outbound"`,
    /// `present(message.category)`), each tested once a document.
    guards: Vec<Guard>,
    /// Whether any of them has effective dates (so the day must be known).
    dated: bool,
    /// The rules again, sorted by the text of the field most guards compare with a text.
    split: Option<Split>,
}

/// A rule of a group: its index in the engine's rules and its guards' bits.
type Listed = (usize, Option<u64>);

/// The rules of a group by the text of one field of the document (`message.direction`):
/// the field is read once, and a document never visits the rules its text rules out
/// (an inbound message never looks at the outbound rules).
#[derive(Debug, Default)]
struct Split {
    field: u16,
    /// Each text some guard compares the field with: the rules that may apply when the
    /// field is that text (in the group's order), and the bits of the guards it makes hold.
    by_text: Vec<(Box<str>, Vec<Listed>, u64)>,
    /// The rules that may apply when the field is another text or none.
    other: Vec<Listed>,
    /// The bits of every guard on the field: known once the field is read.
    settled: u64,
}

/// The most guards a group shares; a rule with another guard tests its own.
const MAX_GUARDS: usize = 64;

impl Group {
    fn push(&mut self, index: usize, rule: &Rule) {
        let mut bits = Some(0_u64);
        for g in rule.guards() {
            let at = match self.guards.iter().position(|known| known == g) {
                Some(at) => at,
                None if self.guards.len() < MAX_GUARDS => {
                    self.guards.push(g.clone());
                    self.guards.len() - 1
                }
                None => {
                    bits = None;
                    break;
                }
            };
            bits = bits.map(|b| b | 1 << at);
        }
        self.rules.push((index, bits));
        self.dated |= rule.effective_from.is_some() || rule.effective_until.is_some();
    }

    /// Sorts the rules by the field most of their guards compare with a text, when two
    /// or more rules have such a guard.
    fn split(&mut self) {
        let mut counts: Vec<(u16, usize)> = Vec::new();
        for &(_, bits) in &self.rules {
            let mut fields: Vec<u16> = self
                .guards_of(bits)
                .filter_map(|(_, g)| g.is_text().map(|(f, _)| f))
                .collect();
            fields.sort_unstable();
            fields.dedup();
            for f in fields {
                match counts.iter_mut().find(|(known, _)| *known == f) {
                    Some((_, n)) => *n += 1,
                    None => counts.push((f, 1)),
                }
            }
        }
        let Some(&(field, n)) = counts.iter().max_by_key(|&&(_, n)| n) else {
            return;
        };
        if n < 2 {
            return;
        }
        let mut split = Split {
            field,
            ..Split::default()
        };
        for (at, g) in self.guards.iter().enumerate() {
            if let Some((f, text)) = g.is_text() {
                if f == field {
                    split.settled |= 1 << at;
                    match split.by_text.iter_mut().find(|(t, ..)| **t == *text) {
                        Some((.., holds)) => *holds |= 1 << at,
                        None => split.by_text.push((text.into(), Vec::new(), 1 << at)),
                    }
                }
            }
        }
        for &(i, bits) in &self.rules {
            // A rule the group tests the guards of is ruled out by a settled guard that
            // does not hold; a rule testing its own guards is in every list.
            let on_field = bits.map_or(0, |b| b & split.settled);
            for (_, rules, holds) in &mut split.by_text {
                if on_field & !*holds == 0 {
                    rules.push((i, bits));
                }
            }
            if on_field == 0 {
                split.other.push((i, bits));
            }
        }
        self.split = Some(split);
    }

    /// The guards whose bits are set in `bits`, with their bit's position.
    fn guards_of(&self, bits: Option<u64>) -> impl Iterator<Item = (usize, &Guard)> {
        let bits = bits.unwrap_or(0);
        self.guards
            .iter()
            .enumerate()
            .filter(move |(at, _)| bits & (1 << at) != 0)
    }

    /// The rules that may apply to the document in `cx`, with the bits of the guards
    /// already known and of those known to hold.
    #[inline]
    fn rules_for(&self, cx: &Context<'_>) -> (&[Listed], u64, u64) {
        let Some(split) = &self.split else {
            return (&self.rules, 0, 0);
        };
        let value = cx
            .root(0)
            .map_or(Val::Missing, |r| r.get(usize::from(split.field)));
        let text = value.as_str();
        match split
            .by_text
            .iter()
            .find(|(t, ..)| text.is_some_and(|s| crate::dsl::builtins::text::same_text(s, t)))
        {
            Some((_, rules, holds)) => (rules, split.settled, *holds),
            None => (&split.other, split.settled, 0),
        }
    }
}

const _: () = {
    const fn send_sync<T: Send + Sync>() {}
    send_sync::<Engine>();
};

/// The index of the field `name` of `schema` (`usize::MAX` when it has none); a `const fn`,
/// so the fields the engine reads itself are found at compile time.
// Every index is below the length its loop tests; `get` is not a `const fn`.
#[allow(clippy::indexing_slicing)]
const fn field_index(schema: &crate::doc::schema::Schema, name: &str) -> usize {
    let mut i = 0;
    while i < schema.fields.len() {
        let field = schema.fields[i].name.as_bytes();
        let want = name.as_bytes();
        if field.len() == want.len() {
            let mut j = 0;
            while j < field.len() && field[j] == want[j] {
                j += 1;
            }
            if j == field.len() {
                return i;
            }
        }
        i += 1;
    }
    usize::MAX
}

const BODY: usize = field_index(&MESSAGE, "body");
const NUMBERS: usize = field_index(&ACCOUNT, "numbers");
const NUMBER_FIELD: usize = field_index(&NUMBER, "number");
const SEND_AT: usize = field_index(&MESSAGE, "send_at");
const RECIPIENT: usize = field_index(&MESSAGE, "recipient");
const STATE: usize = field_index(&crate::doc::schema::RECIPIENT, "state");

impl Engine {
    /// An engine running the built-in rule pack (embedded in the library at build time).
    /// The pack is tested to load; an `Err` would list its problems.
    ///
    /// The searchers of `mentions` with constant word lists are built by the first check
    /// that asks (10–15 ms for the built-in pack's two lists on this machine, once per
    /// engine), so that a program checking only accounts never pays for them; every later
    /// check finds them built.
    pub fn builtin() -> Result<Engine, Diagnostics> {
        Engine::from_packs(vec![PackSource::builtin()], &Selection::default())
    }

    /// An engine running the built-in pack (unless `builtin` is false) and the packs in
    /// `dirs`, with `selection` applied. Every problem in every file is an `Err`.
    pub fn from_dirs(
        builtin: bool,
        dirs: &[&std::path::Path],
        selection: &Selection,
    ) -> Result<Engine, Diagnostics> {
        let mut packs = Vec::new();
        if builtin {
            packs.push(PackSource::builtin());
        }
        let mut problems = Vec::new();
        for dir in dirs {
            match PackSource::read_dir(dir) {
                Ok(p) => packs.push(p),
                Err(e) => problems.push(e),
            }
        }
        if !problems.is_empty() {
            return Err(problems.into());
        }
        Engine::from_packs(packs, selection)
    }

    fn from_packs(packs: Vec<PackSource>, selection: &Selection) -> Result<Engine, Diagnostics> {
        let (rules, problems) = crate::rules::load(&packs);
        if problems.is_empty() {
            Ok(Engine::new(rules, selection))
        } else {
            Err(problems.into())
        }
    }

    /// An engine running the selected `rules`.
    pub fn new(rules: Vec<Rule>, selection: &Selection) -> Engine {
        let mut engine = Engine {
            rules: rules
                .into_iter()
                .filter(|r| selection.includes(&r.id))
                .collect(),
            ..Engine::default()
        };
        for (i, rule) in engine.rules.iter().enumerate() {
            match rule.applies_to {
                AppliesTo::Message => engine.message.push(i, rule),
                AppliesTo::Account => engine.account.push(i, rule),
                AppliesTo::Number => engine.number.push(i, rule),
                AppliesTo::Other(kind) => {
                    match engine.other.iter_mut().find(|(k, _)| k.name == kind.name) {
                        Some((_, group)) => group.push(i, rule),
                        None => {
                            let mut group = Group::default();
                            group.push(i, rule);
                            engine.other.push((kind, group));
                        }
                    }
                }
            }
        }
        engine.message.split();
        engine.account.split();
        engine.number.split();
        for (_, group) in &mut engine.other {
            group.split();
        }
        engine
    }

    /// The rules of `group` that may apply to the document in `cx`, each with its index
    /// in [`Engine::rules`] and whether its guards were tested already: a rule whose shared
    /// guard fails is left out, as its `when` is false.
    fn applicable<'s>(
        &'s self,
        group: &'s Group,
        cx: &'s Context<'s>,
    ) -> impl Iterator<Item = (usize, &'s Rule, bool)> + 's {
        // Each guard is tested when a rule first needs it, at most once a document: a
        // document skips the guards of rules an earlier failing guard already rules out
        // (an inbound message never computes where a marketing message's recipient is).
        let (rules, mut known, mut holding) = group.rules_for(cx);
        rules.iter().filter_map(move |&(i, guards)| {
            let rule = self.rules.get(i)?;
            let Some(g) = guards else {
                return Some((i, rule, false));
            };
            let mut unknown = g & !known;
            // A guard already known to fail settles it; else the rule's unknown guards are
            // tested in order until one fails.
            if g & known & !holding == 0 {
                while unknown != 0 {
                    let bit = unknown & unknown.wrapping_neg();
                    let at = usize::try_from(bit.trailing_zeros()).unwrap_or(usize::MAX);
                    known |= bit;
                    unknown ^= bit;
                    if !group.guards.get(at).is_some_and(|guard| guard.test(cx)) {
                        break;
                    }
                    holding |= bit;
                }
            }
            (g & !holding == 0).then_some((i, rule, true))
        })
    }

    /// Evaluates each rule of `group` in effect on `day` (every rule when `None`) that
    /// may apply to the document in `cx`, and calls `failed` with each that does not
    /// hold: `Ok(false)`, or the error its evaluation ended in.
    #[inline(always)] // the loop of every check: `failed` is inlined into it
    fn judge(
        &self,
        group: &Group,
        day: impl Fn() -> Option<Date>,
        cx: &Context<'_>,
        mut failed: impl FnMut(usize, &Rule, Result<bool, Box<EvalError>>),
    ) {
        // The day is worked out when a rule with effective dates is reached, once.
        let today = std::cell::OnceCell::new();
        for (i, rule, guarded) in self.applicable(group, cx) {
            let dated = rule.effective_from.is_some() || rule.effective_until.is_some();
            if !dated || (*today.get_or_init(&day)).is_none_or(|d| rule.in_effect(d)) {
                let holds = if guarded {
                    rule.holds_guarded(cx)
                } else {
                    rule.holds_boxed(cx)
                };
                if !matches!(holds, Ok(true)) {
                    failed(i, rule, holds);
                }
            }
        }
    }

    fn other(&self, kind: &DocumentKind) -> Option<&Group> {
        self.other
            .iter()
            .find(|(k, _)| std::ptr::eq(*k, kind) || k.name == kind.name)
            .map(|(_, g)| g)
    }

    /// The same engine judging effective dates as of `day` instead of today.
    pub fn on(mut self, day: Date) -> Engine {
        self.today = Some(day);
        self
    }

    /// The rules it runs.
    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    fn today(&self) -> Date {
        self.today.unwrap_or_else(Date::today_utc)
    }

    /// Checks a message against every message rule.
    ///
    /// A body over [`MAX_BODY_BYTES`] is not evaluated: the report holds one failure, of
    /// the pseudo-rule `input.body-size`, and no findings. So is a message whose
    /// `recipient.state` is not a region code (`input.recipient-state`): the state rules
    /// could not tell whether they apply. (A message read from a document or JSON never has
    /// one: the reading refuses it.)
    pub fn check_message(&self, message: &dyn Record) -> Report {
        let mut report = Report::default();
        if let Val::Record(recipient) = message.get(RECIPIENT) {
            if let Val::Str(state) = recipient.get(STATE) {
                if crate::phone::region(state).is_none() {
                    let help = crate::phone::suggest_region(state).map_or_else(String::new, |r| {
                        format!("; write `{}` ({})", r.code, r.name)
                    });
                    report.errors.push(RuleFailure {
                        rule: Arc::from("input.recipient-state"),
                        message: format!(
                            "`recipient.state` is not the code of a US state or territory or a Canadian province: `{}`{help}; the message was not checked",
                            crate::text::visible(state)
                        ),
                        span: message.span(),
                    });
                    return report;
                }
            }
        }
        if let Val::Str(body) = message.get(BODY) {
            if body.len() > MAX_BODY_BYTES {
                report.errors.push(RuleFailure {
                    rule: Arc::from("input.body-size"),
                    message: format!(
                        "the body is {} bytes, over the limit of {MAX_BODY_BYTES}; it was not checked",
                        body.len()
                    ),
                    span: message.span(),
                });
                return report;
            }
        }
        let day = || self.message.dated.then(|| self.message_day(message));
        let cx = Context::new(&[message]);
        self.judge(&self.message, day, &cx, |_, rule, holds| {
            let verdict = holds.map_err(|e| *e).map(|h| rule.verdict(h, &cx));
            apply_verdict(rule, verdict, &cx, message.span(), None, &mut report);
        });
        report
    }

    /// The day a message is judged on: the UTC day it is sent, today when not given.
    fn message_day(&self, message: &dyn Record) -> Date {
        Engine::send_day(message).unwrap_or_else(|| self.today())
    }

    /// The UTC day a message is sent on, when it says.
    fn send_day(message: &dyn Record) -> Option<Date> {
        match message.get(SEND_AT) {
            Val::Instant(t) => jiff::Timestamp::from_second(t)
                .ok()
                .map(|ts| Date(ts.to_zoned(jiff::tz::TimeZone::UTC).date())),
            _ => None,
        }
    }

    /// [`Engine::send_day`], else today.
    fn default_day_of(message: &dyn Record) -> Date {
        Engine::send_day(message).unwrap_or_else(Date::today_utc)
    }

    /// Checks a document of a kind the embedding program declared against its rules.
    pub fn check_document(&self, kind: &DocumentKind, document: &dyn Record) -> Report {
        let mut report = Report::default();
        let Some(group) = self.other(kind) else {
            return report;
        };
        let day = || group.dated.then(|| self.today());
        let cx = Context::new(&[document]);
        self.judge(group, day, &cx, |_, rule, holds| {
            let verdict = holds.map_err(|e| *e).map(|h| rule.verdict(h, &cx));
            apply_verdict(rule, verdict, &cx, document.span(), None, &mut report);
        });
        report
    }

    /// The fastest check of a declared document kind: calls `violated` with each rule the
    /// document violates (or that fails to evaluate: `Err`), without rendering messages.
    /// Allocates nothing unless a rule builds text.
    ///
    /// `violated` is given the rule's index in [`Engine::rules`] too, so that a caller can
    /// keep what it needs of each rule in a table instead of looking rules up by id.
    pub fn scan_document(
        &self,
        kind: &DocumentKind,
        document: &dyn Record,
        mut violated: impl FnMut(usize, &Rule, Result<(), EvalError>),
    ) {
        let Some(group) = self.other(kind) else {
            return;
        };
        let day = || group.dated.then(|| self.today());
        let cx = Context::new(&[document]);
        self.judge(group, day, &cx, |i, rule, holds| {
            violated(i, rule, holds.map(|_| ()).map_err(|e| *e));
        });
    }

    /// Checks an account against every account and number rule: the account rules once,
    /// the number rules once for each entry of `numbers` (with the account in scope).
    pub fn check_account(&self, account: &dyn Record) -> Report {
        let mut report = Report::default();
        let day = || Some(self.today());
        let cx = Context::new(&[account]);
        self.judge(&self.account, day, &cx, |_, rule, holds| {
            let verdict = holds.map_err(|e| *e).map(|h| rule.verdict(h, &cx));
            apply_verdict(rule, verdict, &cx, account.span(), None, &mut report);
        });
        if self.number.rules.is_empty() {
            return report;
        }
        if let Val::List(numbers) = account.get(NUMBERS) {
            for i in 0..numbers.len() {
                let Val::Record(number) = numbers.get(i) else {
                    continue;
                };
                let cx = Context::new(&[number, account]);
                let value = number.get(NUMBER_FIELD);
                self.judge(&self.number, day, &cx, |_, rule, holds| {
                    let verdict = holds.map_err(|e| *e).map(|h| rule.verdict(h, &cx));
                    apply_verdict(
                        rule,
                        verdict,
                        &cx,
                        number.span(),
                        value.as_str(),
                        &mut report,
                    );
                });
            }
        }
        report
    }

    /// Checks a document of any kind the engine knows: an account (with its numbers), a
    /// message, or a kind the embedding program declared. The one entry point a tool that
    /// reads documents of several kinds needs.
    pub fn check(&self, kind: &DocumentKind, document: &dyn Record) -> Report {
        if kind.name == DocumentKind::ACCOUNT.name {
            self.check_account(document)
        } else if kind.name == DocumentKind::MESSAGE.name {
            self.check_message(document)
        } else {
            self.check_document(kind, document)
        }
    }

    /// Builds now what the first check would otherwise build: the searchers of `mentions`
    /// with constant word lists (10–80 ms for the built-in pack, once per engine). A
    /// server calls it before taking traffic so that no request pays for it.
    pub fn warm(&self) {
        for rule in &self.rules {
            rule.warm();
        }
    }

    /// Checks a document of the kind `rule.applies_to` expects against one rule only (for
    /// rule self-tests).
    pub fn check_with(rule: &Rule, document: &dyn Record) -> Report {
        let mut report = Report::default();
        // A rule judges only on the days it is in effect, as in a full check: a message on
        // the day it is sent, any other document today.
        let day = match rule.applies_to {
            AppliesTo::Message => Engine::default_day_of(document),
            _ => Date::today_utc(),
        };
        if !rule.in_effect(day) {
            return report;
        }
        match rule.applies_to {
            AppliesTo::Message | AppliesTo::Account | AppliesTo::Other(_) => {
                let cx = Context::new(&[document]);
                apply(rule, &cx, document.span(), &mut report);
            }
            AppliesTo::Number => {
                if let Val::List(numbers) = document.get(NUMBERS) {
                    for i in 0..numbers.len() {
                        if let Val::Record(number) = numbers.get(i) {
                            let cx = Context::new(&[number, document]);
                            apply_number(rule, &cx, number, &mut report);
                        }
                    }
                }
            }
        }
        report
    }
}

fn apply(rule: &Rule, cx: &Context<'_>, subject: Option<Span>, report: &mut Report) {
    apply_to(rule, cx, subject, None, report);
}

/// [`apply`] for a number rule, naming the number.
fn apply_number(rule: &Rule, cx: &Context<'_>, number: &dyn Record, report: &mut Report) {
    let value = number.get(NUMBER_FIELD);
    apply_to(rule, cx, number.span(), value.as_str(), report);
}

fn apply_to(
    rule: &Rule,
    cx: &Context<'_>,
    subject: Option<Span>,
    number: Option<&str>,
    report: &mut Report,
) {
    apply_verdict(rule, rule.evaluate(cx), cx, subject, number, report);
}

/// Records `verdict`, the rule's on the document in `cx`.
fn apply_verdict(
    rule: &Rule,
    verdict: Result<Verdict, EvalError>,
    cx: &Context<'_>,
    subject: Option<Span>,
    number: Option<&str>,
    report: &mut Report,
) {
    match verdict {
        Ok(Verdict::Pass) => {}
        Ok(Verdict::Fail { message, help }) => report.findings.push(Finding {
            rule: Arc::clone(&rule.id),
            severity: rule.severity,
            message,
            help,
            span: rule.at_span(cx).or(subject),
            number: number.map(str::to_owned),
        }),
        Err(e) => report.errors.push(RuleFailure {
            rule: Arc::clone(&rule.id),
            message: e.message,
            span: subject,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn selection_by_id_and_prefix() {
        let s = Selection::new(vec!["us.".into(), "message.segments".into()], vec![]);
        assert!(s.includes("us.quiet-hours"));
        assert!(s.includes("message.segments"));
        assert!(!s.includes("message.segments-extra"));
        assert!(!s.includes("usa.rule"));
        let s = Selection::new(vec![], vec!["provisioning".into()]);
        assert!(!s.includes("provisioning.area-code"));
        assert!(s.includes("number.invalid"));
        assert_eq!(s.unmatched(&["number.invalid"]), ["provisioning"]);
        let typo = Selection::new(vec!["provisoning.area-code".into()], vec![]);
        let ids = ["provisioning.area-code", "number.invalid"];
        assert_eq!(
            typo.check(&ids, "-").unwrap_err(),
            "`provisoning.area-code` matches no rule id; did you mean `provisioning.area-code`?"
        );
        let area = Selection::new(vec![], vec!["provisoning".into()]);
        assert!(area
            .check(&ids, "-")
            .unwrap_err()
            .ends_with("did you mean `provisioning.`?"));
        assert!(Selection::new(vec!["number.".into()], vec![])
            .check(&ids, "-")
            .is_ok());
        let far = Selection::new(vec!["zzzz".into()], vec![]);
        assert_eq!(
            far.check(&ids, "see the list").unwrap_err(),
            "`zzzz` matches no rule id; see the list"
        );
    }
}
