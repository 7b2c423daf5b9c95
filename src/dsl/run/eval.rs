//! Evaluating a condition's [`Node`] tree over a document, and the per-document
//! [`Context`]: the roots a condition reads and the fact cache that computes each costly
//! fact once.
//!
//! Evaluating a node reads the document through [`Record`] and allocates nothing unless a
//! function builds text. The built-in functions themselves are in
//! [`builtins`](crate::dsl::builtins); this module dispatches to them and caches what they
//! return.

use std::cell::{Cell, OnceCell};
use std::cmp::Ordering;

use crate::doc::value::{Record, Val};
use crate::dsl::builtins::text::*;
use crate::dsl::builtins::time::*;
use crate::dsl::ir::pattern::NumberFacts;
use crate::dsl::ir::*;
use crate::dsl::syntax::ast::{Quantifier, PICK_SHOWN};
use crate::sms;
use crate::text::Span;

/// `contains`, `starts_with` or `ends_with` of `s` with a constant, its searcher built at
/// load.
#[inline(always)]
pub(crate) fn text_has(function: Builtin, needle: &memchr::memmem::Finder<'_>, s: &str) -> bool {
    let (s, n) = (s.as_bytes(), needle.needle());
    match function {
        Builtin::StartsWith => has_affix(s, n, false),
        Builtin::EndsWith => has_affix(s, n, true),
        _ => needle.find(s).is_some(),
    }
}

impl Operand {
    #[inline(always)]
    pub(crate) fn eval<'a>(&'a self, cx: &'a Context<'a>, vars: Vars<'_, 'a>) -> Result<Val<'a>> {
        match self {
            Operand::Field { base, fields } => Ok(read(cx, vars, *base, fields)),
            Operand::Node(node) => node.eval(cx, vars),
        }
    }
}

/// A value computed once per document.
#[derive(Debug)]
enum Fact {
    Int(i64),
    Text(Box<str>),
    /// Segments, shifted left by one, with the low bit set for UCS-2.
    Sms(u64),
}

/// Everything one evaluation reads: the roots of the scope and the fact cache.
pub struct Context<'a> {
    roots: [Val<'a>; 2],
    /// Which slots of `numbers` hold a computed fact.
    known: Cell<u32>,
    /// Numeric facts (`characters`, `segments`, `encoding`, …) by slot.
    numbers: [Cell<u64>; MAX_FACTS],
    /// Text facts (`lower`, `normalize`) by slot, allocated when a rule first asks for
    /// one: a context must be cheap to build for every document, and text facts allocate
    /// anyway.
    /// `ManuallyDrop`: dropping a context gives them back to the pool instead, so the
    /// drop of every context need not test the cell again.
    texts: std::mem::ManuallyDrop<OnceCell<Box<TextFacts>>>,
    /// The last valid phone number parsed.
    last_number: Cell<Option<ParsedNumber>>,
    /// The one before it: a message's rules read `to` and `from` in turn.
    other_number: Cell<Option<ParsedNumber>>,
    /// The last local time computed: rules ask the same instant in the same zone for its
    /// time of day and weekday several times.
    last_local: Cell<Option<LocalTime>>,
    /// Elements the current rule's quantifiers and `in` tests have visited, against
    /// [`MAX_STEPS`].
    steps: Cell<u32>,
}

/// The most list elements one rule may visit on one document (its quantifiers' iterations
/// and its `in` tests' scans). A rule that would go on (three `any` nested over a 2,000-row
/// list are 8×10⁹ steps) stops with an error outcome, never a pass; the largest documents
/// the loaders accept stay far below it with the built-in rules, which visit each list
/// a few times.
pub const MAX_STEPS: u32 = 50_000_000;

/// An instant's time of day and weekday in a zone, and the zone's name (zone names longer
/// than the buffer are not remembered).
#[derive(Clone, Copy)]
struct LocalTime {
    at: i64,
    zone: [u8; 32],
    zone_len: u8,
    minutes: u16,
    weekday: &'static str,
    day: i32,
}

/// The text facts of one context, and spare buffers for them. Taken from the thread's
/// pool when a rule first asks for a text fact and given back when the context is dropped,
/// so that, after a thread's first check, text facts allocate only when a buffer grows.
#[derive(Default)]
struct TextFacts {
    cells: [OnceCell<String>; MAX_FACTS],
    /// The emptied buffer of each slot from the last check: a slot holds the same fact of
    /// the next document, so its buffer is usually large enough already.
    spare: [Cell<Option<String>>; MAX_FACTS],
    /// The slots filled in this context, a bit each: the ones to empty.
    used: Cell<u32>,
}

/// Buffers larger than this are not kept for the next check.
const KEEP_TEXT_BYTES: usize = 8 * 1024;

thread_local! {
    static TEXT_POOL: Cell<Option<Box<TextFacts>>> = const { Cell::new(None) };
}

impl TextFacts {
    fn take() -> Box<TextFacts> {
        TEXT_POOL
            .try_with(Cell::take)
            .ok()
            .flatten()
            .unwrap_or_default()
    }

    /// Empties the facts into the spare buffers and gives them to the thread's pool.
    fn give_back(mut texts: Box<TextFacts>) {
        let TextFacts { cells, spare, used } = &mut *texts;
        let mut left = used.replace(0);
        while left != 0 {
            let slot = left.trailing_zeros() as usize;
            left &= left - 1;
            let (Some(cell), Some(spare)) = (cells.get_mut(slot), spare.get(slot)) else {
                continue;
            };
            if let Some(mut text) = cell.take() {
                if text.capacity() <= KEEP_TEXT_BYTES {
                    text.clear();
                    spare.set(Some(text));
                }
            }
        }
        let _ = TEXT_POOL.try_with(|pool| pool.set(Some(texts)));
    }
}

impl Drop for Context<'_> {
    #[inline]
    fn drop(&mut self) {
        if let Some(texts) = self.texts.take() {
            TextFacts::give_back(texts);
        }
    }
}

/// A valid number and what the number functions read of it.
#[derive(Clone, Copy)]
struct ParsedNumber {
    /// The address of the borrowed text it was parsed from (compared, never read
    /// through), 0 for an owned one.
    read_at: usize,
    number: crate::phone::E164,
    nanp: Option<crate::phone::Nanp>,
}

impl ParsedNumber {
    /// The index in [`crate::phone::area_codes`] of a +1 number's area code, when it is
    /// in service: looked up when a rule asks (most checks only ask whether the number is
    /// valid).
    fn area_index(&self) -> Option<usize> {
        let npa = self.nanp?.npa;
        crate::phone::area_codes()
            .binary_search_by_key(&npa, |c| c.npa)
            .ok()
    }

    /// The facts of that area code.
    fn area(&self) -> Option<&'static crate::phone::AreaCode> {
        self.area_index()
            .and_then(|i| crate::phone::area_codes().get(i))
    }
}

impl<'a> Context<'a> {
    /// A context whose scope roots are `roots` (in the order of the rule's scope).
    #[inline(always)] // built in place, not copied: it is a few hundred bytes
    pub fn new(roots: &[&'a dyn Record]) -> Context<'a> {
        let mut r = [Val::Missing, Val::Missing];
        for (slot, root) in r.iter_mut().zip(roots) {
            *slot = Val::Record(*root);
        }
        Context {
            roots: r,
            known: Cell::new(0),
            numbers: [const { Cell::new(0) }; MAX_FACTS],
            texts: std::mem::ManuallyDrop::new(OnceCell::new()),
            last_number: Cell::new(None),
            other_number: Cell::new(None),
            last_local: Cell::new(None),
            steps: Cell::new(0),
        }
    }

    /// Starts the step count of a rule's evaluation.
    #[inline]
    pub(crate) fn start_rule(&self) {
        self.steps.set(0);
    }

    /// Counts `n` elements visited; an error once the rule has visited more than
    /// [`MAX_STEPS`].
    #[inline]
    pub(crate) fn steps(&self, n: usize) -> Result<()> {
        let done = self
            .steps
            .get()
            .saturating_add(u32::try_from(n).unwrap_or(u32::MAX));
        self.steps.set(done);
        if done > MAX_STEPS {
            return fail(
                format!(
                    "the rule visited more than {MAX_STEPS} list elements on this document and was stopped"
                ),
                Span::default(),
            );
        }
        Ok(())
    }

    /// The time of day (minutes) and weekday of `at` in `zone`, remembered for the next ask.
    pub(crate) fn local_time(
        &self,
        at: i64,
        zone: &str,
        span: Span,
    ) -> Result<(u16, &'static str, i32)> {
        if let Some(last) = self.last_local.get() {
            if last.at == at
                && last
                    .zone
                    .get(..usize::from(last.zone_len))
                    .is_some_and(|z| same_bytes(z, zone.as_bytes()))
            {
                return Ok((last.minutes, last.weekday, last.day));
            }
        }
        let (minutes, weekday, day) = local(at, zone, span)?;
        if let Ok(len) = u8::try_from(zone.len()) {
            let mut buffer = [0_u8; 32];
            if let Some(head) = buffer.get_mut(..zone.len()) {
                head.copy_from_slice(zone.as_bytes());
                self.last_local.set(Some(LocalTime {
                    at,
                    zone: buffer,
                    zone_len: len,
                    minutes,
                    weekday,
                    day,
                }));
            }
        }
        Ok((minutes, weekday, day))
    }

    /// The text of `value` parsed as an E.164 number (`None` when it is not one). The
    /// last two valid numbers are remembered, and recognised by their text: a check asks
    /// one number (`message.to`) for its country, region and zones many times. A text
    /// borrowed for the context's life (`Val::Str` of lifetime `'a`: a document's field)
    /// cannot change while the context lives, so the same address and length is the same
    /// text, found without comparing bytes; an owned text may be freed and its address
    /// reused, so it is always compared.
    fn parse_number(&self, value: &Val<'a>) -> Option<ParsedNumber> {
        let text = value.as_str().unwrap_or("");
        let at = match value {
            Val::Str(_) => text.as_ptr() as usize,
            _ => 0,
        };
        // Both by address first: a field read again is found without comparing bytes.
        if at != 0 {
            for cell in [&self.last_number, &self.other_number] {
                if let Some(last) = cell.get() {
                    if (last.read_at, last.number.as_bytes().len()) == (at, text.len()) {
                        return Some(last);
                    }
                }
            }
        }
        for cell in [&self.last_number, &self.other_number] {
            if let Some(last) = cell.get() {
                if last.number.as_bytes() == text.as_bytes() {
                    return Some(last);
                }
            }
        }
        let parsed = crate::phone::parse_with_nanp(text)
            .ok()
            .map(|(number, nanp)| ParsedNumber {
                read_at: at,
                number,
                nanp,
            });
        if parsed.is_some() {
            self.other_number.set(self.last_number.get());
            self.last_number.set(parsed);
        }
        parsed
    }

    /// The record at root `index`.
    #[inline(always)]
    pub(crate) fn root(&self, index: u8) -> Option<&'a dyn Record> {
        match self.roots.get(usize::from(index)) {
            Some(Val::Record(record)) => Some(*record),
            _ => None,
        }
    }

    /// Replaces one root and forgets cached facts that may depend on it.
    pub fn set_root(&mut self, index: usize, record: &'a dyn Record) {
        if let Some(slot) = self.roots.get_mut(index) {
            *slot = Val::Record(record);
        }
        self.known.set(0);
        if let Some(texts) = self.texts.take() {
            TextFacts::give_back(texts);
        }
        self.last_number.set(None);
        self.other_number.set(None);
        self.last_local.set(None);
    }
}

impl Context<'_> {
    /// The numeric fact in `slot`, when it is known already.
    #[inline(always)]
    pub(crate) fn known_number(&self, slot: usize) -> Option<u64> {
        let bit = 1u32.checked_shl(u32::try_from(slot).ok()?)?;
        if self.known.get() & bit == 0 {
            return None;
        }
        self.numbers.get(slot).map(Cell::get)
    }
}

impl NumberFacts for Context<'_> {
    /// The numeric fact in `slot`, computed by `compute` the first time it is asked for.
    #[inline]
    fn number_fact(&self, slot: usize, compute: impl FnOnce() -> Result<u64>) -> Result<u64> {
        if let Some(number) = self.known_number(slot) {
            return Ok(number);
        }
        let number = compute()?;
        let bit = 1u32.checked_shl(u32::try_from(slot).unwrap_or(u32::MAX));
        if let (Some(cell), Some(bit)) = (self.numbers.get(slot), bit) {
            cell.set(number);
            self.known.set(self.known.get() | bit);
        }
        Ok(number)
    }
}

/// The variables bound by the quantifiers being evaluated: a chain of frames on the
/// call stack, innermost first, so evaluating a condition without quantifiers sets up
/// nothing.
#[derive(Clone, Copy, Default)]
pub struct Vars<'e, 'a>(Option<&'e Frame<'e, 'a>>);

/// One bound variable.
pub struct Frame<'e, 'a> {
    value: Val<'a>,
    depth: u8,
    parent: Vars<'e, 'a>,
}

impl<'e, 'a> Frame<'e, 'a> {
    /// `value` bound at `depth`, inside `parent`.
    #[inline(always)]
    pub(crate) fn new(value: Val<'a>, depth: u8, parent: Vars<'e, 'a>) -> Frame<'e, 'a> {
        Frame {
            value,
            depth,
            parent,
        }
    }

    /// The variables with this frame innermost.
    #[inline(always)]
    pub(crate) fn vars(&'e self) -> Vars<'e, 'a> {
        Vars(Some(self))
    }
}

impl Node {
    /// Evaluates a boolean condition.
    pub fn test<'a>(&'a self, cx: &'a Context<'a>) -> std::result::Result<bool, EvalError> {
        self.truth(cx, Vars::default()).map_err(|e| *e)
    }

    /// Evaluates to a value (for templates).
    pub fn value<'a>(&'a self, cx: &'a Context<'a>) -> std::result::Result<Val<'a>, EvalError> {
        self.eval(cx, Vars::default()).map_err(|e| *e)
    }

    /// For a compiled path, where the value it reads is written: the last field's span in
    /// its record, or the record's own span.
    pub fn field_span(&self, cx: &Context<'_>) -> Option<Span> {
        let Node::Get { base, fields } = self else {
            return None;
        };
        let (last, parents) = fields.split_last()?;
        match read(cx, Vars::default(), *base, parents) {
            Val::Record(r) => r.field_span(usize::from(*last)).or_else(|| r.span()),
            _ => None,
        }
    }

    /// The common nodes, kept in a small function: it is called for every node of every
    /// rule, so its prologue and register use are what a check mostly costs.
    pub(crate) fn truth<'a>(&'a self, cx: &'a Context<'a>, vars: Vars<'_, 'a>) -> Result<bool> {
        match self {
            Node::And(a, b) => Ok(a.truth(cx, vars)? && b.truth(cx, vars)?),
            Node::Or(a, b) => Ok(a.truth(cx, vars)? || b.truth(cx, vars)?),
            Node::Not(a) => Ok(!a.truth(cx, vars)?),
            Node::EqStr {
                lhs,
                value,
                negated,
            } => {
                let v = lhs.eval(cx, vars)?;
                Ok(v.as_str().is_some_and(|s| same_text(s, value)) != *negated)
            }
            Node::CmpInt(op, lhs, value) => {
                let v = match lhs.eval(cx, vars)? {
                    Val::Int(v) => v,
                    Val::Time(minutes) => i64::from(minutes),
                    Val::Date(day) => i64::from(day),
                    _ => return Ok(false),
                };
                Ok(compare_int(*op, v, *value))
            }
            Node::InStrSet {
                needle,
                set,
                negated,
            } => {
                let v = needle.eval(cx, vars)?;
                Ok(v.as_str().is_some_and(|s| in_set(set, s)) != *negated)
            }
            Node::Matches(text, re) => {
                let v = text.eval(cx, vars)?;
                Ok(v.as_str().is_some_and(|s| re.is_match_in(cx, s)))
            }
            Node::TextHas {
                function,
                text,
                needle,
            } => {
                let v = text.eval(cx, vars)?;
                Ok(v.as_str().is_some_and(|s| text_has(*function, needle, s)))
            }
            Node::Get { base, fields } => {
                Ok(matches!(read(cx, vars, *base, fields), Val::Bool(true)))
            }
            Node::Present { base, fields } => {
                Ok(!matches!(read(cx, vars, *base, fields), Val::Missing))
            }
            Node::Memo { slot, node } => Ok(cx
                .number_fact(usize::from(*slot), || node.truth(cx, vars).map(u64::from))?
                != 0),
            Node::Switch(switch) => {
                let v = switch.operand.eval(cx, vars)?;
                match v.as_str().and_then(|s| key_index(&switch.keys, s)) {
                    Some(i) => switch
                        .bodies
                        .get(i)
                        .map_or(Ok(switch.otherwise), |b| b.truth(cx, vars)),
                    None => Ok(switch.otherwise),
                }
            }
            other => other.truth_cold(cx, vars),
        }
    }

    #[inline(never)]
    fn truth_cold<'a>(&'a self, cx: &'a Context<'a>, vars: Vars<'_, 'a>) -> Result<bool> {
        match self {
            Node::Cmp(op, a, b) => {
                let (a, b) = (a.eval(cx, vars)?, b.eval(cx, vars)?);
                Ok(compare(*op, &a, &b))
            }
            Node::In {
                needle,
                list,
                negated,
            } => {
                let v = needle.eval(cx, vars)?;
                let found = match list.eval(cx, vars)? {
                    Val::List(l) => {
                        cx.steps(l.len())?;
                        (0..l.len()).any(|i| l.get(i).same(&v))
                    }
                    _ => false,
                };
                Ok(found != *negated)
            }
            Node::Quantifier {
                quantifier: q @ (Quantifier::Any | Quantifier::All),
                list,
                var,
                body,
            } => {
                let Val::List(l) = list.eval(cx, vars)? else {
                    return Ok(*q == Quantifier::All);
                };
                let want = *q == Quantifier::Any;
                cx.steps(l.len())?;
                for i in 0..l.len() {
                    let frame = Frame {
                        value: l.get(i),
                        depth: *var,
                        parent: vars,
                    };
                    if body.truth(cx, Vars(Some(&frame)))? == want {
                        return Ok(want);
                    }
                }
                Ok(!want)
            }
            Node::Quantifier {
                quantifier: Quantifier::Distinct,
                list,
                var,
                body,
            } => Ok(duplicated(cx, vars, list, *var, body)? == 0),
            other => match other.eval(cx, vars)? {
                Val::Bool(b) => Ok(b),
                _ => Ok(false),
            },
        }
    }

    pub(crate) fn eval<'a>(&'a self, cx: &'a Context<'a>, vars: Vars<'_, 'a>) -> Result<Val<'a>> {
        match self {
            Node::Const(c) => Ok(c.val()),
            Node::Get { base, fields } => Ok(read(cx, vars, *base, fields)),
            Node::Present { base, fields } => Ok(Val::Bool(!matches!(
                read(cx, vars, *base, fields),
                Val::Missing
            ))),
            Node::Neg(a, span) => match a.eval(cx, vars)? {
                Val::Int(i) => i.checked_neg().map(Val::Int).ok_or_else(|| overflow(*span)),
                Val::Duration(i) => i
                    .checked_neg()
                    .map(Val::Duration)
                    .ok_or_else(|| overflow(*span)),
                _ => Ok(Val::Missing),
            },
            Node::Arith(op, a, b, span) => arith(*op, a.eval(cx, vars)?, b.eval(cx, vars)?, *span),
            Node::OrElse {
                base,
                fields,
                fallback,
            } => match read(cx, vars, *base, fields) {
                Val::Missing => fallback.eval(cx, vars),
                value => Ok(value),
            },
            Node::Call {
                function,
                args,
                fact,
                span,
            } => call(cx, vars, *function, args, *fact, *span),
            Node::Quantifier {
                quantifier: Quantifier::Count,
                list,
                var,
                body,
            } => {
                let Val::List(l) = list.eval(cx, vars)? else {
                    return Ok(Val::Int(0));
                };
                let mut n = 0i64;
                cx.steps(l.len())?;
                for i in 0..l.len() {
                    let frame = Frame {
                        value: l.get(i),
                        depth: *var,
                        parent: vars,
                    };
                    if body.truth(cx, Vars(Some(&frame)))? {
                        n += 1;
                    }
                }
                Ok(Val::Int(n))
            }
            Node::Quantifier {
                quantifier: Quantifier::Duplicated,
                list,
                var,
                body,
            } => duplicated(cx, vars, list, *var, body).map(Val::Int),
            Node::Quantifier {
                quantifier: q @ (Quantifier::Pick | Quantifier::Shared),
                list,
                var,
                body,
            } => picked(cx, vars, list, *var, body, *q == Quantifier::Shared)
                .map(|text| Val::Owned(text.into_boxed_str())),
            boolean => boolean.truth(cx, vars).map(Val::Bool),
        }
    }
}

/// A key of `distinct` and `duplicated`.
#[derive(PartialEq, Eq, Hash)]
enum Key {
    Text(Box<str>),
    Int(i64),
}

/// How many elements of `list` share their key (`body`, with the element bound at `var`)
/// with another element: one pass and a hash map, so an account of 16,000 numbers costs
/// 16,000 steps, not 256 million. An element whose key is missing or empty has none.
fn duplicated<'a>(
    cx: &'a Context<'a>,
    vars: Vars<'_, 'a>,
    list: &'a Node,
    var: u8,
    body: &'a Node,
) -> Result<i64> {
    let Val::List(l) = list.eval(cx, vars)? else {
        return Ok(0);
    };
    cx.steps(l.len())?;
    let mut seen: std::collections::HashMap<Key, i64> =
        std::collections::HashMap::with_capacity(l.len());
    for i in 0..l.len() {
        let frame = Frame {
            value: l.get(i),
            depth: var,
            parent: vars,
        };
        let key = match body.eval(cx, Vars(Some(&frame)))? {
            Val::Int(n) => Key::Int(n),
            v => match v.as_str() {
                Some(s) if !s.is_empty() => Key::Text(s.into()),
                _ => continue,
            },
        };
        *seen.entry(key).or_insert(0) += 1;
    }
    Ok(seen.values().filter(|&&n| n > 1).sum())
}

/// `pick` (every non-empty text of the body, each once) or `shared` (the keys more than one
/// element has), in list order, joined by `, ` and cut after [`PICK_SHOWN`]. Linear in
/// the list, as `duplicated` is.
fn picked<'a>(
    cx: &'a Context<'a>,
    vars: Vars<'_, 'a>,
    list: &'a Node,
    var: u8,
    body: &'a Node,
    shared: bool,
) -> Result<String> {
    let Val::List(l) = list.eval(cx, vars)? else {
        return Ok(String::new());
    };
    cx.steps(l.len())?;
    let mut counts: std::collections::HashMap<Box<str>, usize> =
        std::collections::HashMap::with_capacity(l.len());
    let mut order: Vec<Box<str>> = Vec::new();
    for i in 0..l.len() {
        let frame = Frame {
            value: l.get(i),
            depth: var,
            parent: vars,
        };
        let text: Box<str> = match body.eval(cx, Vars(Some(&frame)))? {
            Val::Int(n) => n.to_string().into(),
            v => match v.as_str() {
                Some(s) if !s.is_empty() => s.into(),
                _ => continue,
            },
        };
        let n = counts.entry(text.clone()).or_insert(0);
        *n += 1;
        if *n == 1 {
            order.push(text);
        }
    }
    let chosen: Vec<&str> = order
        .iter()
        .filter(|t| !shared || counts.get(*t).is_some_and(|&n| n > 1))
        .map(|t| &**t)
        .collect();
    let mut text = chosen
        .iter()
        .take(PICK_SHOWN)
        .copied()
        .collect::<Vec<_>>()
        .join(", ");
    if chosen.len() > PICK_SHOWN {
        text.push_str(&format!(" and {} more", chosen.len() - PICK_SHOWN));
    }
    Ok(text)
}

fn overflow(span: Span) -> Box<EvalError> {
    Box::new(EvalError {
        message: "arithmetic overflow".into(),
        span,
    })
}

#[inline(always)] // the value is then built where the caller wants it, with no copy in between
pub(crate) fn read<'a>(
    cx: &'a Context<'a>,
    vars: Vars<'_, 'a>,
    base: Base,
    fields: &[u16],
) -> Val<'a> {
    let start = match base {
        Base::Root(i) => cx.roots.get(usize::from(i)),
        Base::Var(depth) => {
            let mut frame = vars.0;
            while let Some(f) = frame {
                if f.depth == depth {
                    break;
                }
                frame = f.parent.0;
            }
            frame.map(|f| &f.value)
        }
    };
    let Some(Val::Record(record)) = start else {
        return match fields {
            [] => start.cloned().unwrap_or(Val::Missing),
            _ => Val::Missing,
        };
    };
    // A path is almost always a record or two deep (`message.body`,
    // `message.recipient.state`); the record answers a deeper one in one call.
    match fields {
        [] => Val::Record(*record),
        [field] => record.get(usize::from(*field)),
        path => record.get_path(path),
    }
}

fn arith<'a>(op: ArithOp, a: Val<'a>, b: Val<'a>, span: Span) -> Result<Val<'a>> {
    /// What the result is.
    enum Kind {
        Int,
        Duration,
        Instant,
    }
    let (x, y, kind) = match (a, b) {
        (Val::Int(x), Val::Int(y)) => (x, y, Kind::Int),
        (Val::Duration(x), Val::Duration(y)) | (Val::Instant(x), Val::Instant(y)) => {
            (x, y, Kind::Duration)
        }
        (Val::Instant(x), Val::Duration(y)) | (Val::Duration(x), Val::Instant(y)) => {
            (x, y, Kind::Instant)
        }
        _ => return Ok(Val::Missing),
    };
    let r = match op {
        ArithOp::Add => x.checked_add(y),
        ArithOp::Sub => x.checked_sub(y),
        ArithOp::Mul => x.checked_mul(y),
        ArithOp::Div | ArithOp::Rem if y == 0 => return fail("division by zero", span),
        ArithOp::Div => x.checked_div(y),
        ArithOp::Rem => x.checked_rem(y),
    };
    let r = r.ok_or_else(|| overflow(span))?;
    Ok(match kind {
        Kind::Int => Val::Int(r),
        Kind::Duration => Val::Duration(r),
        Kind::Instant => Val::Instant(r),
    })
}

fn text_arg<'a>(
    cx: &'a Context<'a>,
    vars: Vars<'_, 'a>,
    args: &'a [Node],
    i: usize,
) -> Result<Val<'a>> {
    match args.get(i) {
        Some(a) => a.eval(cx, vars),
        None => Ok(Val::Missing),
    }
}

// Inlined into `Node::eval`, its one caller on the hot path, whichever codegen unit it
// lands in.
#[inline]
fn call<'a>(
    cx: &'a Context<'a>,
    vars: Vars<'_, 'a>,
    function: Builtin,
    args: &'a [Node],
    fact: Option<u8>,
    span: Span,
) -> Result<Val<'a>> {
    if let Some(slot) = fact.map(usize::from).filter(|&f| f < MAX_FACTS) {
        return cached_fact(cx, vars, function, args, slot);
    }
    match function {
        Builtin::Len => Ok(match text_arg(cx, vars, args, 0)? {
            Val::List(l) => Val::Int(i64::try_from(l.len()).unwrap_or(i64::MAX)),
            _ => Val::Int(0),
        }),
        Builtin::Contains | Builtin::StartsWith | Builtin::EndsWith => {
            let a = text_arg(cx, vars, args, 0)?;
            let b = text_arg(cx, vars, args, 1)?;
            Ok(Val::Bool(text_call(function, &a, &b)))
        }
        Builtin::Mentions => {
            let text = text_arg(cx, vars, args, 0)?;
            let words = text_arg(cx, vars, args, 1)?;
            let (Some(text), Val::List(words)) = (text.as_str(), words) else {
                return Ok(Val::Bool(false));
            };
            Ok(Val::Bool(mentions(text, words)))
        }
        function if function.of_a_number() => {
            let v = text_arg(cx, vars, args, 0)?;
            Ok(number_call(cx, function, &v))
        }
        Builtin::LocalTime | Builtin::Weekday | Builtin::LocalDate => {
            let at = text_arg(cx, vars, args, 0)?;
            let zone = text_arg(cx, vars, args, 1)?;
            let (Val::Instant(at), Some(zone)) = (at, zone.as_str()) else {
                return Ok(Val::Missing);
            };
            let (minutes, weekday, day) = cx.local_time(at, zone, span)?;
            Ok(match function {
                Builtin::Weekday => Val::Str(weekday),
                Builtin::LocalDate => Val::Date(day),
                _ => Val::Time(minutes),
            })
        }
        Builtin::Plain(index) => {
            let Some(row) = crate::dsl::builtins::PLAIN.get(usize::from(index)) else {
                return fail("internal error: an unknown built-in function", span);
            };
            let mut values: [Val<'a>; MAX_PLAIN_ARGS] = std::array::from_fn(|_| Val::Missing);
            for (value, arg) in values.iter_mut().zip(args) {
                *value = arg.eval(cx, vars)?;
            }
            let Some(given) = values.get(..args.len()) else {
                return fail(
                    "internal error: a built-in function with too many arguments",
                    span,
                );
            };
            (row.function)(given).or_else(|message| fail(message, span))
        }
        _ => {
            let computed = compute_fact(cx, vars, function, args)?;
            Ok(match computed {
                Fact::Int(i) if function == Builtin::LocalZones => {
                    local_zones_value(u64::try_from(i).unwrap_or(0))
                }
                Fact::Int(i) if function == Builtin::RecipientState => {
                    recipient_state_value(u64::try_from(i).unwrap_or(0))
                }
                Fact::Int(i) if function == Builtin::RecipientIn => {
                    let country = text_arg(cx, vars, args, 0)?;
                    recipient_in_value(u64::try_from(i).unwrap_or(0), country.as_str())
                }
                Fact::Int(i) => Val::Int(i),
                Fact::Text(t) => Val::Owned(t),
                Fact::Sms(packed) => sms_value(function, packed),
            })
        }
    }
}

fn compute_fact<'a>(
    cx: &'a Context<'a>,
    vars: Vars<'_, 'a>,
    function: Builtin,
    args: &'a [Node],
) -> Result<Fact> {
    let v = text_arg(cx, vars, args, 0)?;
    let text = v.as_str().unwrap_or("");
    Ok(match function {
        Builtin::Characters => Fact::Int(characters(text)),
        Builtin::Graphemes => Fact::Int(graphemes(text)),
        Builtin::Segments | Builtin::Encoding => sms_fact(text),
        Builtin::SmartSegments => sms_fact(&sms::smart::replace(text)),
        // Only the encoding bit: most bodies are decided by their first character without
        // a look-alike (an emoji), and the replaced body is never built.
        Builtin::SmartEncoding => Fact::Sms(u64::from(!sms::smart::gsm7_with_lookalikes(text))),
        // The number's area code, as its index in the table plus one (0: none): what
        // `country`, `region` and `time_zones` read, computed once per document.
        Builtin::Country | Builtin::Region | Builtin::TimeZones => Fact::Int(
            cx.parse_number(&v)
                .and_then(|p| p.area_index())
                .map_or(0, |i| i64::try_from(i).map_or(0, |i| i + 1)),
        ),
        // The zones a recipient may be in, as a number `local_zones` reads back: 0 none,
        // an area code's index plus one, or past the area codes a region's index.
        // A region's index in REGIONS plus one, or past them an area code's index (an area
        // code whose region is not in REGIONS); 0 for none.
        Builtin::RecipientState => {
            let state = text_arg(cx, vars, args, 1)?;
            let regions = crate::phone::REGIONS;
            let index_of = crate::phone::region_index;
            let code = match state.as_str().filter(|s| !s.is_empty()) {
                Some(s) => index_of(s).map_or(0, |i| i + 1),
                None => {
                    let at = cx.parse_number(&v).and_then(|p| p.area_index());
                    match at.and_then(|i| crate::phone::area_codes().get(i).map(|a| (i, a))) {
                        Some((_, a)) if a.region.is_empty() => 0,
                        Some((i, a)) => index_of(a.region).map_or(regions.len() + 1 + i, |r| r + 1),
                        None => 0,
                    }
                }
            };
            Fact::Int(i64::try_from(code).unwrap_or(0))
        }
        Builtin::RecipientIn => {
            // The countries of the number's area code, of the state and of the zone, two
            // ASCII letters each, packed (the country asked is compared when the fact is
            // read, so one fact serves every country).
            let pack = |code: &str| match code.as_bytes() {
                [a, b] => u64::from(*a) << 8 | u64::from(*b),
                _ => 0,
            };
            let number = text_arg(cx, vars, args, 1)?;
            let of_number = cx
                .parse_number(&number)
                .and_then(|p| p.area())
                .map_or("", |a| a.country);
            let state = text_arg(cx, vars, args, 2)?;
            let of_state = state
                .as_str()
                .filter(|s| !s.is_empty())
                .and_then(crate::phone::region)
                .map_or("", |r| r.country);
            let zone = text_arg(cx, vars, args, 3)?;
            let of_zone = match zone.as_str().filter(|z| !z.is_empty()) {
                Some(_) => match zone_country(&[zone]) {
                    Ok(Val::Str(c)) => c,
                    _ => "",
                },
                None => "",
            };
            let packed = pack(of_number) | pack(of_state) << 16 | pack(of_zone) << 32;
            Fact::Int(i64::try_from(packed).unwrap_or(0))
        }
        Builtin::LocalZones => {
            let at = cx.parse_number(&v).and_then(|p| p.area_index());
            let state = text_arg(cx, vars, args, 1)?;
            let state = state.as_str().unwrap_or("");
            let codes = crate::phone::area_codes();
            let area = at.and_then(|i| codes.get(i));
            let own = area.is_none_or(|a| state.is_empty() || a.region.eq_ignore_ascii_case(state));
            Fact::Int(if own || crate::phone::region(state).is_none() {
                at.map_or(0, |i| i64::try_from(i).map_or(0, |i| i + 1))
            } else {
                crate::dsl::builtins::time::region_zones(state)
                    .and_then(|(i, _)| i64::try_from(codes.len() + 1 + i).ok())
                    .unwrap_or(0)
            })
        }
        Builtin::Lookalikes | Builtin::Lower | Builtin::Normalize | Builtin::Fold => {
            let mut out = String::new();
            text_fact_into(function, text, &mut out);
            Fact::Text(out.into())
        }
        _ => Fact::Int(0),
    })
}

/// A text fact (`lower`, `normalize`, `lookalikes`) of `text`, appended to `out`.
fn text_fact_into(function: Builtin, text: &str, out: &mut String) {
    match function {
        Builtin::Lower => lower_into(text, out),
        Builtin::Normalize => normalize_into(text, out),
        Builtin::Fold => fold_into(text, out),
        Builtin::Lookalikes => describe_lookalikes_into(text, out),
        _ => {}
    }
}

/// A fact from the document's cache, computed on first use.
pub(crate) fn cached_fact<'a>(
    cx: &'a Context<'a>,
    vars: Vars<'_, 'a>,
    function: Builtin,
    args: &'a [Node],
    slot: usize,
) -> Result<Val<'a>> {
    if function.of_a_text() {
        let texts = cx.texts.get_or_init(TextFacts::take);
        let Some(cell) = texts.cells.get(slot) else {
            return Ok(Val::Missing);
        };
        if let Some(text) = cell.get() {
            return Ok(Val::Str(text));
        }
        let v = text_arg(cx, vars, args, 0)?;
        let mut out = texts
            .spare
            .get(slot)
            .and_then(Cell::take)
            .unwrap_or_default();
        text_fact_into(function, v.as_str().unwrap_or(""), &mut out);
        // A slot is below MAX_FACTS, at most 32 (`cells.get` found it).
        texts.used.set(texts.used.get() | 1 << (slot & 31));
        return Ok(Val::Str(cell.get_or_init(move || out)));
    }
    let number = cx.number_fact(slot, || {
        Ok(match compute_fact(cx, vars, function, args)? {
            // The bits of the integer: read back with the same cast below.
            Fact::Int(i) => i as u64,
            Fact::Sms(packed) => packed,
            Fact::Text(_) => 0,
        })
    })?;
    let country = match function {
        Builtin::RecipientIn => text_arg(cx, vars, args, 0)?,
        _ => Val::Missing,
    };
    Ok(fact_value(function, number, country.as_str()))
}

/// The value of a numeric fact of `function` from the bits the document's cache keeps;
/// `country` is the one `recipient_in` asks about.
#[inline]
pub(crate) fn fact_value(function: Builtin, number: u64, country: Option<&str>) -> Val<'static> {
    match function {
        Builtin::Segments | Builtin::Encoding | Builtin::SmartSegments | Builtin::SmartEncoding => {
            sms_value(function, number)
        }
        Builtin::Country | Builtin::Region | Builtin::TimeZones => {
            let area = usize::try_from(number)
                .ok()
                .and_then(|i| i.checked_sub(1))
                .and_then(|i| crate::phone::area_codes().get(i));
            match function {
                Builtin::Country => Val::Str(area.map_or("", |a| a.country)),
                Builtin::Region => Val::Str(area.map_or("", |a| a.region)),
                _ => Val::List(area.map_or(&NO_ZONES, |a| &a.time_zones)),
            }
        }
        Builtin::LocalZones => local_zones_value(number),
        Builtin::RecipientState => recipient_state_value(number),
        Builtin::RecipientIn => recipient_in_value(number, country),
        // The bits of the integer, written with the same cast.
        _ => Val::Int(number as i64),
    }
}

/// `a OP b`: values of different types (or a missing one) are not equal, and unordered.
pub(crate) fn compare(op: CmpOp, a: &Val<'_>, b: &Val<'_>) -> bool {
    match op {
        CmpOp::Eq => a.same(b),
        CmpOp::Ne => !a.same(b),
        CmpOp::Lt => a.order(b) == Some(Ordering::Less),
        CmpOp::Le => matches!(a.order(b), Some(Ordering::Less | Ordering::Equal)),
        CmpOp::Gt => a.order(b) == Some(Ordering::Greater),
        CmpOp::Ge => matches!(a.order(b), Some(Ordering::Greater | Ordering::Equal)),
    }
}

/// `contains(a, b)`, `starts_with(a, b)` or `ends_with(a, b)`; false unless both are
/// texts.
pub(crate) fn text_call(function: Builtin, a: &Val<'_>, b: &Val<'_>) -> bool {
    let (Some(a), Some(b)) = (a.as_str(), b.as_str()) else {
        return false;
    };
    match function {
        Builtin::Contains => contains_text(a.as_bytes(), b.as_bytes()),
        Builtin::StartsWith => a.starts_with(b),
        _ => a.ends_with(b),
    }
}

/// Whether `needle` occurs in `text`. A short needle (a brand's name) is found by its first
/// byte and compared in place: building a substring searcher would cost more than the
/// search.
fn contains_text(text: &[u8], needle: &[u8]) -> bool {
    match needle {
        [] => true,
        [first, rest @ ..] if needle.len() <= 32 => memchr::memchr_iter(*first, text)
            .any(|at| text.get(at + 1..at + needle.len()) == Some(rest)),
        _ => memchr::memmem::find(text, needle).is_some(),
    }
}

/// Whether `country` is one of the three countries packed in a `recipient_in` fact.
fn recipient_in_value(packed: u64, country: Option<&str>) -> Val<'static> {
    let want = match country.map(str::as_bytes) {
        Some([a, b]) => u64::from(*a) << 8 | u64::from(*b),
        _ => return Val::Bool(false),
    };
    Val::Bool((0..3).any(|i| (packed >> (16 * i)) & 0xFFFF == want))
}

/// The segments and encoding of `text`, packed as [`Fact::Sms`].
fn sms_fact(text: &str) -> Fact {
    let c = sms::count(text, &sms::Options::default());
    let segments = u64::try_from(c.segments).unwrap_or(u64::MAX >> 1);
    Fact::Sms(segments << 1 | u64::from(c.encoding == sms::Encoding::Ucs2))
}

fn sms_value(function: Builtin, packed: u64) -> Val<'static> {
    match function {
        Builtin::Encoding | Builtin::SmartEncoding => {
            Val::Str(if packed & 1 == 1 { "UCS-2" } else { "GSM-7" })
        }
        _ => Val::Int(i64::try_from(packed >> 1).unwrap_or(i64::MAX)),
    }
}

static NO_ZONES: &[&str] = &[];

/// The state a `recipient_state` fact stands for.
fn recipient_state_value(code: u64) -> Val<'static> {
    let regions = crate::phone::REGIONS;
    let Some(k) = usize::try_from(code).ok().and_then(|k| k.checked_sub(1)) else {
        return Val::Str("");
    };
    Val::Str(match regions.get(k) {
        Some(r) => r.code,
        None => k
            .checked_sub(regions.len())
            .and_then(|i| crate::phone::area_codes().get(i))
            .map_or("", |a| a.region),
    })
}

/// The list a `local_zones` fact stands for.
fn local_zones_value(code: u64) -> Val<'static> {
    let codes = crate::phone::area_codes();
    let Some(k) = usize::try_from(code).ok().and_then(|k| k.checked_sub(1)) else {
        return Val::List(&NO_ZONES);
    };
    match codes.get(k) {
        Some(area) => Val::List(&area.time_zones),
        None => Val::List(
            k.checked_sub(codes.len())
                .and_then(crate::dsl::builtins::time::region_zones_at)
                .unwrap_or(&NO_ZONES),
        ),
    }
}

/// A function of a phone number (`valid_number`, `country_code`, `number_shape`, …) of
/// the value `v`, its parse remembered by the context.
#[inline]
pub(crate) fn number_call(cx: &Context<'_>, function: Builtin, v: &Val<'_>) -> Val<'static> {
    number_fact(function, v.as_str().unwrap_or(""), cx.parse_number(v))
}

/// A fact of a phone number; `parsed` is `text` parsed as E.164, when it is valid.
fn number_fact(function: Builtin, text: &str, parsed: Option<ParsedNumber>) -> Val<'static> {
    use crate::phone;
    let area = || parsed.and_then(|p| p.area());
    let nanp = || parsed.and_then(|p| p.nanp);
    match function {
        Builtin::ValidNumber => Val::Bool(parsed.is_some()),
        Builtin::NumberProblem => match (phone::parse_e164(text), phone::classify(text)) {
            (Ok(_), _) => Val::Str(""),
            (Err(_), phone::Shape::ShortCode(_)) => Val::Str("a short code is not an E.164 number"),
            (Err(_), phone::Shape::Vanity { dials }) => Val::owned(format!(
                "a number written with letters; write the digits it dials: {}",
                dials.as_str()
            )),
            (Err(e), _) => Val::owned(e.to_string()),
        },
        Builtin::NumberShape => Val::Str(match phone::classify(text) {
            phone::Shape::E164(_) => "e164",
            phone::Shape::ShortCode(_) => "short_code",
            phone::Shape::Vanity { .. } => "vanity",
            phone::Shape::Invalid(_) => "invalid",
        }),
        Builtin::CountryCode => Val::Int(parsed.map_or(0, |p| i64::from(p.number.country_code()))),
        Builtin::AreaCode => Val::Int(nanp().map_or(0, |n| i64::from(n.npa))),
        Builtin::AreaCodeKind => Val::Str(match (nanp(), area()) {
            (_, Some(a)) => a.kind.as_str(),
            (Some(_), None) => "not_in_service",
            (None, None) => "",
        }),
        Builtin::Country => Val::Str(area().map_or("", |a| a.country)),
        Builtin::Region => Val::Str(area().map_or("", |a| a.region)),
        Builtin::TimeZones => Val::List(area().map_or(&NO_ZONES, |a| &a.time_zones)),
        _ => Val::Missing,
    }
}

/// The time of day (minutes since midnight) and weekday of the instant `at` in `zone`.
///
/// Only the zone's offset at that instant is looked up; the local time of day and the
/// weekday follow from the local seconds since the epoch (1970-01-01 was a Thursday),
/// without building a civil date.
fn local(at: i64, zone: &str, span: Span) -> Result<(u16, &'static str, i32)> {
    let offset = match zone_offset(at, zone) {
        Some(offset) => offset,
        None => {
            let tz = match crate::doc::zone::get(zone) {
                Some(tz) => tz,
                None => {
                    return fail(
                        format!(
                    "unknown time zone `{zone}` (expected an IANA name such as America/New_York)"
                ),
                        span,
                    )
                }
            };
            let ts = match jiff::Timestamp::from_second(at) {
                Ok(ts) => ts,
                Err(e) => return fail(format!("instant out of range: {e}"), span),
            };
            tz.to_offset(ts).seconds()
        }
    };
    let local = at + i64::from(offset);
    let minutes = local.rem_euclid(86_400) / 60;
    let day = local.div_euclid(86_400);
    let weekday = (day + 3).rem_euclid(7);
    Ok((
        u16::try_from(minutes).unwrap_or(0),
        usize::try_from(weekday)
            .ok()
            .and_then(|d| WEEKDAYS.get(d))
            .copied()
            .unwrap_or("monday"),
        i32::try_from(day).unwrap_or(i32::MAX),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contains_text_agrees_with_a_substring_search() {
        let texts = [
            "",
            "a",
            "acme",
            "Acme: 20% off",
            "aaab",
            "ab".repeat(40).as_str().to_owned().leak(),
        ];
        let needles = [
            "",
            "a",
            "b",
            "ab",
            "acme",
            "Acme",
            "aab",
            "20% off",
            "x".repeat(40).as_str().to_owned().leak(),
            "ab".repeat(20).as_str().to_owned().leak(),
        ];
        for t in texts {
            for n in needles {
                assert_eq!(
                    contains_text(t.as_bytes(), n.as_bytes()),
                    t.contains(n),
                    "{t:?} {n:?}"
                );
            }
        }
    }

    /// The remembered offsets end where the zone's offset changes: every instant around
    /// a transition, asked in turn for more zones than are remembered, reads the local
    /// time a civil date gives.
    #[test]
    fn remembered_offsets_end_at_the_transitions() {
        let zones = [
            "America/New_York",
            "America/Chicago",
            "America/Denver",
            "America/Los_Angeles",
            "America/Toronto",
            "America/Phoenix",
        ];
        let civil = |at: i64, zone: &str| {
            let tz = jiff::tz::TimeZone::get(zone).expect("a zone");
            let dt = jiff::Timestamp::from_second(at)
                .expect("in range")
                .to_zoned(tz)
                .datetime();
            i32::from(dt.hour()) * 60 + i32::from(dt.minute())
        };
        let ny = jiff::tz::TimeZone::get("America/New_York").expect("a zone");
        let from = jiff::Timestamp::from_second(1_700_000_000).expect("in range");
        for transition in ny.following(from).take(8) {
            let at = transition.timestamp().as_second();
            for delta in [-7_200, -3_600, -61, -1, 0, 1, 59, 3_600, 7_200, -1, 0] {
                for zone in zones {
                    let (minutes, _, _) = local(at + delta, zone, Span::new(0, 0)).expect("a time");
                    assert_eq!(
                        i32::from(minutes),
                        civil(at + delta, zone),
                        "{zone} {at} {delta}"
                    );
                }
            }
        }
    }

    proptest::proptest! {
        /// The local time from the zone's offset is the one a civil date gives.
        #[test]
        fn local_time_agrees_with_the_civil_date(
            at in -2_208_988_800_i64..4_102_444_800,
            zone in proptest::sample::select(vec![
                "America/New_York", "America/Chicago", "America/Denver", "America/Phoenix",
                "America/Los_Angeles", "America/Anchorage", "Pacific/Honolulu",
                "America/St_Johns", "America/Halifax", "Asia/Kolkata", "Australia/Lord_Howe",
                "Europe/London", "UTC",
            ]),
        ) {
            let tz = jiff::tz::TimeZone::get(zone).expect("a zone");
            let dt = jiff::Timestamp::from_second(at).expect("in range").to_zoned(tz).datetime();
            let (minutes, weekday, day) = local(at, zone, Span::new(0, 0)).expect("a local time");
            proptest::prop_assert_eq!(
                crate::dsl::builtins::time::format_date(day),
                dt.date().to_string()
            );
            proptest::prop_assert_eq!(
                i32::from(minutes),
                i32::from(dt.hour()) * 60 + i32::from(dt.minute())
            );
            proptest::prop_assert_eq!(
                weekday,
                WEEKDAYS[usize::from(dt.weekday().to_monday_zero_offset().unsigned_abs())]
            );
        }
    }

    #[test]
    fn a_context_is_small() {
        // It is built for every document checked; keep it within eight cache lines (the
        // 32 fact slots are 256 bytes of it).
        assert!(
            std::mem::size_of::<Context<'_>>() <= 512,
            "{}",
            std::mem::size_of::<Context<'_>>()
        );
    }

    fn date(text: &str) -> i32 {
        crate::dsl::builtins::time::parse_date(text).expect("a date")
    }

    #[test]
    fn local_time_and_weekday_follow_the_zone() {
        // 2026-11-23T20:30:00Z is 15:30 in New York (EST), a Monday.
        let at = 1_795_465_800;
        assert_eq!(
            local(at, "America/New_York", Span::default()).unwrap(),
            (15 * 60 + 30, "monday", date("2026-11-23"))
        );
        assert_eq!(
            local(at, "Asia/Tokyo", Span::default()).unwrap(),
            (5 * 60 + 30, "tuesday", date("2026-11-24"))
        );
        let e = local(at, "Mars/Olympus", Span::new(3, 9)).unwrap_err();
        assert!(e.message.contains("unknown time zone `Mars/Olympus`"));
        assert_eq!(e.span, Span::new(3, 9));
    }

    #[test]
    fn text_facts_reuse_their_buffers_and_never_a_stale_value() {
        use crate::doc::schema::Field;
        static DOC: crate::doc::schema::Schema = crate::doc::schema::Schema {
            name: "doc",
            fields: &[Field::new("text", crate::doc::schema::FieldType::Str, "")],
        };
        struct Doc(&'static str);
        impl Record for Doc {
            fn get(&self, _: usize) -> Val<'_> {
                Val::Str(self.0)
            }
        }
        let scope = crate::dsl::Scope::of(&[("doc", &DOC)]);
        let mut facts = crate::dsl::Facts::default();
        let expr = crate::dsl::parse("normalize(doc.text) == \"reply stop\"").unwrap();
        let node = crate::dsl::compile_condition(&expr, &scope, &mut facts).unwrap();
        let holds = |text: &'static str| {
            let doc = Doc(text);
            let cx = Context::new(&[&doc]);
            node.truth(&cx, Vars::default()).unwrap()
        };
        assert!(!holds("  Reply   “STOP” "), "quotes stay");
        assert!(holds("Reply  STOP"));
        // The buffer of the last check is back in the pool, emptied, for the next.
        assert!(!holds("Reply STOP now"));
        assert!(holds("REPLY\tSTOP"));
    }

    #[test]
    fn the_last_local_time_is_remembered_by_instant_and_zone() {
        let cx = Context::new(&[]);
        let at = 1_795_465_800;
        let ny = cx
            .local_time(at, "America/New_York", Span::default())
            .unwrap();
        assert_eq!(ny, (15 * 60 + 30, "monday", date("2026-11-23")));
        // The same again, then another zone and another instant: never the remembered one.
        assert_eq!(
            cx.local_time(at, "America/New_York", Span::default())
                .unwrap(),
            ny
        );
        assert_eq!(
            cx.local_time(at, "America/Chicago", Span::default())
                .unwrap(),
            (14 * 60 + 30, "monday", date("2026-11-23"))
        );
        assert_eq!(
            cx.local_time(at + 3600, "America/Chicago", Span::default())
                .unwrap(),
            (15 * 60 + 30, "monday", date("2026-11-23"))
        );
        // The longest zone name fills the buffer exactly.
        let long = "America/Argentina/ComodRivadavia";
        assert_eq!(long.len(), 32);
        let first = cx.local_time(at, long, Span::default()).unwrap();
        assert_eq!(cx.local_time(at, long, Span::default()).unwrap(), first);
        assert!(cx.local_time(at, "Mars/Olympus", Span::default()).is_err());
    }
}
