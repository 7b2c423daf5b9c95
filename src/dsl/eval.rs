//! The compiled form of a condition and its evaluation.
//!
//! The type checker ([`super::typecheck`]) lowers a well-typed [`Expr`](super::Expr) into a
//! [`Node`] tree: paths become field indices, regexes are compiled, constant lists are
//! sets, and each call of a costly function whose arguments do not depend on a bound
//! variable gets a slot in the per-document fact cache, so `segments(message.body)` is
//! computed once per message however many rules ask for it. Evaluating a node reads the
//! document through [`Record`] and allocates nothing unless a function builds text.
//!
//! Evaluation is total except for facts the input cannot give (an unknown time zone, an
//! arithmetic overflow): those are an [`EvalError`] with the span of the failing part,
//! which the engine reports as an error outcome of the rule, never as a pass.

use std::cell::{Cell, OnceCell};
use std::cmp::Ordering;

use super::ast::{Quantifier, Span};
use crate::doc::value::{Const, List, Record, Val};
use crate::sms;

/// The deepest nesting of quantifiers in one condition.
pub const MAX_BOUND_VARIABLES: usize = 8;
/// The number of cached facts per document; further costly calls are computed each time.
pub const MAX_FACTS: usize = 16;
// `Context::known` has a bit per fact.
const _: () = assert!(MAX_FACTS <= 16);

/// A condition that failed at run time.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct EvalError {
    /// What went wrong, one lowercase line.
    pub message: String,
    /// The part of the condition that failed.
    pub span: Span,
}

/// Inside the evaluator an error is boxed, so that `Result<bool>` and `Result<Val>` stay a
/// register or two wide on the recursive hot path; the public entry points unbox it.
pub(super) type Result<T> = std::result::Result<T, Box<EvalError>>;

fn fail<T>(message: impl Into<String>, span: Span) -> Result<T> {
    Err(Box::new(EvalError {
        message: message.into(),
        span,
    }))
}

/// Where a path starts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Base {
    /// A root of the rule's scope (`message`; `number` and `account`).
    Root(u8),
    /// A variable bound by a quantifier, by nesting depth (0 is the outermost).
    Var(u8),
}

/// Comparison operators.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CmpOp {
    /// `==`
    Eq,
    /// `!=`
    Ne,
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
}

/// Arithmetic operators.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ArithOp {
    /// `+`
    Add,
    /// `-`
    Sub,
    /// `*`
    Mul,
    /// `/` (integer division; dividing by zero is an error)
    Div,
    /// `%`
    Rem,
}

/// The built-in functions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Builtin {
    /// Unicode scalar values in a text.
    Characters,
    /// Extended grapheme clusters in a text (UAX #29).
    Graphemes,
    /// SMS segments a text is sent in (default tables, grapheme-safe split).
    Segments,
    /// `GSM-7` or `UCS-2`.
    Encoding,
    /// SMS segments a text is sent in after every GSM-7 look-alike is put in.
    SmartSegments,
    /// `GSM-7` or `UCS-2`, after every GSM-7 look-alike is put in.
    SmartEncoding,
    /// The characters of a text that have GSM-7 look-alikes, each with its look-alike.
    Lookalikes,
    /// The text in lower case.
    Lower,
    /// Lower case, GSM look-alikes replaced, runs of white space made one space.
    Normalize,
    /// The number of elements of a list.
    Len,
    /// Whether the first text contains the second.
    Contains,
    /// Whether the first text starts with the second.
    StartsWith,
    /// Whether the first text ends with the second.
    EndsWith,
    /// Whether the text mentions any of the words or phrases, as whole words, ignoring case.
    Mentions,
    /// The time of day of an instant in an IANA time zone.
    LocalTime,
    /// The day of the week of an instant in an IANA time zone, `monday` … `sunday`.
    Weekday,
    /// Whether a text is a valid E.164 number (for +1, a valid NANP number).
    ValidNumber,
    /// Why a text is not a valid E.164 number, and what to write (empty when it is).
    NumberProblem,
    /// `e164`, `short_code`, `vanity` or `invalid`.
    NumberShape,
    /// The country calling code of a valid number (0 when invalid).
    CountryCode,
    /// The NANP area code of a valid +1 number (0 otherwise).
    AreaCode,
    /// What a +1 number's area code is used for: `geographic`, `toll_free`, `premium`,
    /// `personal_communications`, …; `not_in_service` for a code not in service; empty
    /// for other numbers.
    AreaCodeKind,
    /// The ISO 3166 country a +1 number's area code serves (empty when none).
    Country,
    /// The state or province a +1 number's area code serves (empty when none).
    Region,
    /// The IANA time zones a +1 number's area code spans (empty when unknown).
    TimeZones,
}

/// A compiled condition.
#[derive(Clone, Debug)]
pub enum Node {
    /// A constant.
    Const(Const),
    /// A field read: a base and field indices.
    Get {
        /// Where the path starts.
        base: Base,
        /// Field indices, outermost first.
        fields: Box<[u16]>,
    },
    /// `present(path)`.
    Present {
        /// Where the path starts.
        base: Base,
        /// Field indices, outermost first.
        fields: Box<[u16]>,
    },
    /// `not`
    Not(Box<Node>),
    /// Arithmetic `-`.
    Neg(Box<Node>, Span),
    /// `and`, short-circuit.
    And(Box<Node>, Box<Node>),
    /// `or`, short-circuit.
    Or(Box<Node>, Box<Node>),
    /// A comparison.
    Cmp(CmpOp, Box<Node>, Box<Node>),
    /// `x == "text"` (or `!=` when `negated`): a comparison with a constant string.
    EqStr {
        /// The value compared.
        lhs: Operand,
        /// The constant.
        value: Box<str>,
        /// `!=`
        negated: bool,
    },
    /// A comparison of an integer with a constant, or (`<`, `<=`, `>`, `>=` only) of a
    /// time of day with a constant, in minutes.
    CmpInt(CmpOp, Operand, i64),
    /// Arithmetic.
    Arith(ArithOp, Box<Node>, Box<Node>, Span),
    /// `x in list` (or `not in` when `negated`).
    In {
        /// The value looked for.
        needle: Box<Node>,
        /// The list.
        list: Box<Node>,
        /// `not in`
        negated: bool,
    },
    /// `x in ["a", "b"]` against a constant set of strings, sorted.
    InStrSet {
        /// The value looked for.
        needle: Operand,
        /// The set, sorted.
        set: Box<[Box<str>]>,
        /// `not in`
        negated: bool,
    },
    /// A condition that reads no bound variable, its answer kept in a per-document slot
    /// so that rules asking the same question (`mentions(message.body,
    /// data.opt_out_keywords)`) search once.
    Memo {
        /// The slot in the per-document cache.
        slot: u8,
        /// The condition.
        node: Box<Node>,
    },
    /// One value tested against constant keys, and only the body of the key it equals
    /// evaluated: an unrolled `all(t, r -> r.key != x or body)` or
    /// `any(t, r -> r.key == x and body)`, where at most one key can hold.
    Switch(Box<Switch>),
    /// `contains`, `starts_with` or `ends_with` with a constant second argument; for
    /// `contains` the substring searcher is built once, at load.
    TextHas {
        /// `Contains`, `StartsWith` or `EndsWith`.
        function: Builtin,
        /// The text searched.
        text: Operand,
        /// The constant looked for.
        needle: Box<memchr::memmem::Finder<'static>>,
    },
    /// `text matches /re/`.
    Matches(Operand, Box<super::pattern::Pattern>),
    /// A regex literal on its own (only ever the right side of `matches`).
    Regex(Box<super::pattern::Pattern>),
    /// A built-in function call; `fact` is its slot in the per-document cache, if any.
    Call {
        /// The function.
        function: Builtin,
        /// The arguments.
        args: Box<[Node]>,
        /// The cache slot.
        fact: Option<u8>,
        /// The call, for run-time errors.
        span: Span,
    },
    /// `or_else(path, fallback)`: an optional field, or `fallback` when it is missing.
    OrElse {
        /// Where the path starts.
        base: Base,
        /// Field indices, outermost first.
        fields: Box<[u16]>,
        /// The value when the field is missing.
        fallback: Box<Node>,
    },
    /// `any`, `all` or `count` over a list, binding each element at depth `var`.
    Quantifier {
        /// Which quantifier.
        quantifier: Quantifier,
        /// The list.
        list: Box<Node>,
        /// The depth the element is bound at.
        var: u8,
        /// The condition for each element.
        body: Box<Node>,
    },
}

/// The parts of a [`Node::Switch`].
#[derive(Clone, Debug)]
pub struct Switch {
    /// The value tested.
    pub(super) operand: Operand,
    /// The keys, sorted.
    pub(super) keys: Box<[Box<str>]>,
    /// The body for each key.
    pub(super) bodies: Box<[Node]>,
    /// The result when no key equals the value (`true` for `all`, `false` for `any`).
    pub(super) otherwise: bool,
}

/// Whether two texts are equal. Conditions compare short words (`marketing`, `agent`):
/// comparing them in line beats a call of `memcmp`.
#[inline(always)]
pub(super) fn same_text(a: &str, b: &str) -> bool {
    same_bytes(a.as_bytes(), b.as_bytes())
}

/// `x <op> value` for integers.
#[inline(always)]
pub(super) fn compare_int(op: CmpOp, v: i64, value: i64) -> bool {
    match op {
        CmpOp::Eq => v == value,
        CmpOp::Ne => v != value,
        CmpOp::Lt => v < value,
        CmpOp::Le => v <= value,
        CmpOp::Gt => v > value,
        CmpOp::Ge => v >= value,
    }
}

/// Whether `s` is in a sorted constant set: a scan in line for a few strings, a binary
/// search for more.
#[inline(always)]
pub(super) fn in_set(set: &[Box<str>], s: &str) -> bool {
    if set.len() <= 8 {
        set.iter().any(|e| same_text(s, e))
    } else {
        set.binary_search_by(|e| (**e).cmp(s)).is_ok()
    }
}

/// Where `s` is in sorted, distinct `keys`: a scan in line for a few, a binary search
/// for more.
#[inline(always)]
pub(super) fn key_index(keys: &[Box<str>], s: &str) -> Option<usize> {
    if keys.len() <= 8 {
        keys.iter().position(|k| same_text(s, k))
    } else {
        keys.binary_search_by(|k| (**k).cmp(s)).ok()
    }
}

/// `contains`, `starts_with` or `ends_with` of `s` with a constant, its searcher built at
/// load.
#[inline(always)]
pub(super) fn text_has(function: Builtin, needle: &memchr::memmem::Finder<'_>, s: &str) -> bool {
    let (s, n) = (s.as_bytes(), needle.needle());
    match function {
        Builtin::StartsWith => has_affix(s, n, false),
        Builtin::EndsWith => has_affix(s, n, true),
        _ => needle.find(s).is_some(),
    }
}

/// Whether `text` starts (or, with `at_end`, ends) with `affix`.
#[inline(always)]
fn has_affix(text: &[u8], affix: &[u8], at_end: bool) -> bool {
    let part = if at_end {
        text.len()
            .checked_sub(affix.len())
            .and_then(|at| text.get(at..))
    } else {
        text.get(..affix.len())
    };
    part.is_some_and(|p| same_bytes(p, affix))
}

#[inline(always)]
fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    /// The first and the last `N` bytes (overlapping when shorter than `2 * N`).
    #[inline(always)]
    fn ends<const N: usize>(s: &[u8]) -> Option<([u8; N], [u8; N])> {
        let head = s.get(..N)?.try_into().ok()?;
        let tail = s.get(s.len().checked_sub(N)?..)?.try_into().ok()?;
        Some((head, tail))
    }
    let n = a.len();
    if n != b.len() {
        return false;
    }
    // Two loads a side cover every byte of a short word.
    match n {
        0..=3 => a.iter().zip(b).all(|(x, y)| x == y),
        4..=7 => ends::<4>(a) == ends::<4>(b),
        8..=16 => ends::<8>(a) == ends::<8>(b),
        17..=32 => ends::<16>(a) == ends::<16>(b),
        _ => a == b,
    }
}

/// The operand of a specialised node: a field, read in place, or any other node.
///
/// Most conditions compare a field with a constant (`message.sender == "agent"`); reading
/// the field without a further call of the evaluator is most of what makes them cheap.
#[derive(Clone, Debug)]
pub enum Operand {
    /// A field read.
    Field {
        /// Where the path starts.
        base: Base,
        /// Field indices, outermost first.
        fields: Box<[u16]>,
    },
    /// Any other node.
    Node(Box<Node>),
}

impl From<Node> for Operand {
    fn from(node: Node) -> Operand {
        match node {
            Node::Get { base, fields } => Operand::Field { base, fields },
            other => Operand::Node(Box::new(other)),
        }
    }
}

impl Operand {
    #[inline(always)]
    pub(super) fn eval<'a>(&'a self, cx: &'a Context<'a>, vars: Vars<'_, 'a>) -> Result<Val<'a>> {
        match self {
            Operand::Field { base, fields } => Ok(read(cx, vars, *base, fields)),
            Operand::Node(node) => node.eval(cx, vars),
        }
    }

    /// The node, when the operand is not a plain field read.
    pub fn node(&self) -> Option<&Node> {
        match self {
            Operand::Field { .. } => None,
            Operand::Node(node) => Some(node),
        }
    }

    /// Whether the operand reads a variable bound by a quantifier.
    pub fn reads_var(&self) -> bool {
        matches!(
            self,
            Operand::Field {
                base: Base::Var(_),
                ..
            }
        )
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
    known: Cell<u16>,
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
    /// The last local time computed: rules ask the same instant in the same zone for its
    /// time of day and weekday several times.
    last_local: Cell<Option<LocalTime>>,
}

/// An instant's time of day and weekday in a zone, and the zone's name (zone names longer
/// than the buffer are not remembered).
#[derive(Clone, Copy)]
struct LocalTime {
    at: i64,
    zone: [u8; 32],
    zone_len: u8,
    minutes: u16,
    weekday: &'static str,
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
        let TextFacts { cells, spare } = &mut *texts;
        for (cell, spare) in cells.iter_mut().zip(spare.iter()) {
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
    number: crate::phone::E164,
    nanp: Option<crate::phone::Nanp>,
    area: Option<&'static crate::phone::AreaCode>,
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
            last_local: Cell::new(None),
        }
    }

    /// The time of day (minutes) and weekday of `at` in `zone`, remembered for the next ask.
    pub(super) fn local_time(
        &self,
        at: i64,
        zone: &str,
        span: Span,
    ) -> Result<(u16, &'static str)> {
        if let Some(last) = self.last_local.get() {
            if last.at == at
                && last
                    .zone
                    .get(..usize::from(last.zone_len))
                    .is_some_and(|z| same_bytes(z, zone.as_bytes()))
            {
                return Ok((last.minutes, last.weekday));
            }
        }
        let (minutes, weekday) = local(at, zone, span)?;
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
                }));
            }
        }
        Ok((minutes, weekday))
    }

    /// `text` parsed as an E.164 number (`None` when it is not one). The last valid
    /// number is remembered, and recognised by its text: a check asks one number
    /// (`message.to`) for its country, region and zones many times.
    fn parse_number(&self, text: &str) -> Option<ParsedNumber> {
        if let Some(last) = self.last_number.get() {
            if last.number.as_bytes() == text.as_bytes() {
                return Some(last);
            }
        }
        let parsed = crate::phone::parse_e164(text).ok().map(|number| {
            let nanp = number.nanp();
            ParsedNumber {
                number,
                nanp,
                area: nanp.and_then(|n| n.area_code()),
            }
        });
        if parsed.is_some() {
            self.last_number.set(parsed);
        }
        parsed
    }

    /// The record at root `index`.
    #[inline(always)]
    pub(super) fn root(&self, index: u8) -> Option<&'a dyn Record> {
        match self.roots.get(usize::from(index)) {
            Some(Val::Record(record)) => Some(*record),
            _ => None,
        }
    }

    /// The numeric fact in `slot`, computed by `compute` the first time it is asked for.
    #[inline]
    pub(crate) fn number_fact(
        &self,
        slot: usize,
        compute: impl FnOnce() -> Result<u64>,
    ) -> Result<u64> {
        let bit = 1u16.checked_shl(u32::try_from(slot).unwrap_or(u32::MAX));
        match (self.numbers.get(slot), bit) {
            (Some(cell), Some(bit)) if self.known.get() & bit != 0 => Ok(cell.get()),
            (Some(cell), Some(bit)) => {
                let number = compute()?;
                cell.set(number);
                self.known.set(self.known.get() | bit);
                Ok(number)
            }
            _ => compute(),
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
        self.last_local.set(None);
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
    pub(super) fn new(value: Val<'a>, depth: u8, parent: Vars<'e, 'a>) -> Frame<'e, 'a> {
        Frame {
            value,
            depth,
            parent,
        }
    }

    /// The variables with this frame innermost.
    #[inline(always)]
    pub(super) fn vars(&'e self) -> Vars<'e, 'a> {
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
    pub(super) fn truth<'a>(&'a self, cx: &'a Context<'a>, vars: Vars<'_, 'a>) -> Result<bool> {
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
                Ok(match op {
                    CmpOp::Eq => a.same(&b),
                    CmpOp::Ne => !a.same(&b),
                    CmpOp::Lt => a.order(&b) == Some(Ordering::Less),
                    CmpOp::Le => matches!(a.order(&b), Some(Ordering::Less | Ordering::Equal)),
                    CmpOp::Gt => a.order(&b) == Some(Ordering::Greater),
                    CmpOp::Ge => {
                        matches!(a.order(&b), Some(Ordering::Greater | Ordering::Equal))
                    }
                })
            }
            Node::In {
                needle,
                list,
                negated,
            } => {
                let v = needle.eval(cx, vars)?;
                let found = match list.eval(cx, vars)? {
                    Val::List(l) => (0..l.len()).any(|i| l.get(i).same(&v)),
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
            other => match other.eval(cx, vars)? {
                Val::Bool(b) => Ok(b),
                _ => Ok(false),
            },
        }
    }

    pub(super) fn eval<'a>(&'a self, cx: &'a Context<'a>, vars: Vars<'_, 'a>) -> Result<Val<'a>> {
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
            boolean => boolean.truth(cx, vars).map(Val::Bool),
        }
    }
}

fn overflow(span: Span) -> Box<EvalError> {
    Box::new(EvalError {
        message: "arithmetic overflow".into(),
        span,
    })
}

#[inline(always)] // the value is then built where the caller wants it, with no copy in between
pub(super) fn read<'a>(
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
    let (x, y, duration) = match (a, b) {
        (Val::Int(x), Val::Int(y)) => (x, y, false),
        (Val::Duration(x), Val::Duration(y)) => (x, y, true),
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
    Ok(if duration {
        Val::Duration(r)
    } else {
        Val::Int(r)
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
            let (Some(a), Some(b)) = (a.as_str(), b.as_str()) else {
                return Ok(Val::Bool(false));
            };
            Ok(Val::Bool(match function {
                Builtin::Contains => memchr::memmem::find(a.as_bytes(), b.as_bytes()).is_some(),
                Builtin::StartsWith => a.starts_with(b),
                _ => a.ends_with(b),
            }))
        }
        Builtin::Mentions => {
            let text = text_arg(cx, vars, args, 0)?;
            let words = text_arg(cx, vars, args, 1)?;
            let (Some(text), Val::List(words)) = (text.as_str(), words) else {
                return Ok(Val::Bool(false));
            };
            Ok(Val::Bool(mentions(text, words)))
        }
        Builtin::ValidNumber
        | Builtin::NumberProblem
        | Builtin::NumberShape
        | Builtin::CountryCode
        | Builtin::AreaCode
        | Builtin::AreaCodeKind
        | Builtin::Country
        | Builtin::Region
        | Builtin::TimeZones => {
            let v = text_arg(cx, vars, args, 0)?;
            let text = v.as_str().unwrap_or("");
            Ok(number_fact(function, text, cx.parse_number(text)))
        }
        Builtin::LocalTime | Builtin::Weekday => {
            let at = text_arg(cx, vars, args, 0)?;
            let zone = text_arg(cx, vars, args, 1)?;
            let (Val::Instant(at), Some(zone)) = (at, zone.as_str()) else {
                return Ok(Val::Missing);
            };
            let (minutes, weekday) = cx.local_time(at, zone, span)?;
            Ok(match function {
                Builtin::Weekday => Val::Str(weekday),
                _ => Val::Time(minutes),
            })
        }
        _ => {
            let computed = compute_fact(cx, vars, function, args)?;
            Ok(match computed {
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
            cx.parse_number(text)
                .and_then(|p| p.area)
                .and_then(|a| {
                    crate::phone::area_codes()
                        .binary_search_by_key(&a.npa, |c| c.npa)
                        .ok()
                })
                .map_or(0, |i| i64::try_from(i).map_or(0, |i| i + 1)),
        ),
        Builtin::Lookalikes | Builtin::Lower | Builtin::Normalize => {
            let mut out = String::new();
            text_fact_into(function, text, &mut out);
            Fact::Text(out.into())
        }
        _ => Fact::Int(0),
    })
}

/// `characters(text)`: Unicode scalar values.
pub(super) fn characters(text: &str) -> i64 {
    // Most texts rules count are ASCII, one character a byte; telling is quicker than
    // counting, most of all for short texts, which `count` walks a byte at a time.
    let n = if text.is_ascii() {
        text.len()
    } else {
        text.chars().count()
    };
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// `graphemes(text)`: extended grapheme clusters (UAX #29).
pub(super) fn graphemes(text: &str) -> i64 {
    use unicode_segmentation::UnicodeSegmentation;
    i64::try_from(text.graphemes(true).count()).unwrap_or(i64::MAX)
}

/// A text fact (`lower`, `normalize`, `lookalikes`) of `text`, appended to `out`.
fn text_fact_into(function: Builtin, text: &str, out: &mut String) {
    match function {
        Builtin::Lower => lower_into(text, out),
        Builtin::Normalize => normalize_into(text, out),
        Builtin::Lookalikes => describe_lookalikes_into(text, out),
        _ => {}
    }
}

/// A fact from the document's cache, computed on first use.
pub(super) fn cached_fact<'a>(
    cx: &'a Context<'a>,
    vars: Vars<'_, 'a>,
    function: Builtin,
    args: &'a [Node],
    slot: usize,
) -> Result<Val<'a>> {
    if matches!(
        function,
        Builtin::Lower | Builtin::Normalize | Builtin::Lookalikes
    ) {
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
    Ok(match function {
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
        _ => Val::Int(number as i64),
    })
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

/// `lookalikes(text)`: each character of `text` that has a GSM-7 look-alike, once, with
/// its code point and its look-alike — `’ (U+2019) → '` — separated by `, `; an invisible
/// character is shown by its code point alone and "removed". Empty when there is none.
pub fn describe_lookalikes(text: &str) -> String {
    let mut out = String::new();
    describe_lookalikes_into(text, &mut out);
    out
}

/// [`describe_lookalikes`], appended to `out`.
fn describe_lookalikes_into(text: &str, out: &mut String) {
    use std::fmt::Write as _;
    let start = out.len();
    for (c, r) in sms::smart::lookalikes(text) {
        if out.len() > start {
            out.push_str(", ");
        }
        let code = u32::from(c);
        let _ = if r.is_empty() {
            write!(out, "U+{code:04X} → removed")
        } else if c.is_whitespace() {
            write!(out, "U+{code:04X} → a space")
        } else {
            write!(out, "{c} (U+{code:04X}) → {r}")
        };
    }
}

/// Lower case, GSM-7 look-alikes replaced by their plain forms, white space collapsed.
pub fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    normalize_into(text, &mut out);
    out
}

/// [`normalize`], appended to `out`. Runs of text whose normal form is the text with
/// ASCII lower-cased (printable ASCII but `` ` ``, CJK, emoji, single spaces between them)
/// are copied whole, found eight bytes at a time, then lower-cased in place. Other ASCII is
/// folded in line, and only the rest goes through the look-alike table and Unicode
/// lower-casing.
fn normalize_into(text: &str, out: &mut String) {
    out.reserve(text.len());
    let mut collapse = Collapse {
        start: out.len(),
        space: false,
    };
    let bytes = text.as_bytes();
    let mut at = 0;
    while let Some(rest) = bytes.get(at..).filter(|rest| !rest.is_empty()) {
        if copies(rest) {
            let run = copy_run(bytes, at);
            let from = out.len();
            collapse.visible_str(out, text.get(at..run).unwrap_or_default());
            if let Some(copied) = out.get_mut(from..) {
                copied.make_ascii_lowercase();
            }
            at = run;
            continue;
        }
        let Some(c) = text.get(at..).and_then(|rest| rest.chars().next()) else {
            break;
        };
        at += c.len_utf8();
        match c {
            // What `char::is_whitespace` takes of ASCII; a tab is also a look-alike of a
            // space.
            '\t' | '\n' | '\u{0B}' | '\u{0C}' | '\r' | ' ' => collapse.space = true,
            '`' => collapse.visible(out, '\''),
            // Control characters.
            '\0'..='\u{7F}' => collapse.visible(out, c),
            _ => match sms::smart::replacement(c) {
                Some(r) => r
                    .chars()
                    .flat_map(char::to_lowercase)
                    .for_each(|c| collapse.push(out, c)),
                None if caseless(c) => collapse.push(out, c),
                None => c.to_lowercase().for_each(|c| collapse.push(out, c)),
            },
        }
    }
}

/// Printable ASCII whose normal form is itself lower-cased: all but `` ` ``, a look-alike.
#[inline(always)]
fn copied_ascii(b: u8) -> bool {
    matches!(b, b'!'..=b'~') && b != b'`'
}

/// Whether the text at `rest` starts with a character [`copy_run`] copies.
#[inline(always)]
fn copies(rest: &[u8]) -> bool {
    rest.first().is_some_and(|&b| copied_ascii(b)) || verbatim(rest).is_some()
}

/// Where a run of copied text starting at `at` (at a character [`copies`] takes) ends:
/// such characters, and single spaces between two of them.
#[inline]
fn copy_run(bytes: &[u8], mut at: usize) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // Per byte of 7-bit `t`, the high bit set when the byte is at least `lo`: no carries,
    // as both addends are at most 0x80.
    let at_least = |t: u64, lo: u8| t.wrapping_add(ONES * u64::from(0x80 - lo)) & HIGH;
    // Per byte of 7-bit `t`, the high bit set when the byte is `v`.
    let equal = |t: u64, v: u8| !(t ^ (ONES * u64::from(v))).wrapping_add(ONES * 0x7F) & HIGH;
    loop {
        match bytes.get(at..).unwrap_or_default() {
            [b, ..] if copied_ascii(*b) => at += 1,
            [b' ', after @ ..] if copies(after) => {
                at += 1;
                continue;
            }
            rest => match verbatim(rest) {
                Some(len) => {
                    at += len;
                    continue;
                }
                None => return at,
            },
        }
        // After printable ASCII, more is likely: eight bytes at a time while they are
        // printable ASCII and single spaces.
        while let Some(chunk) = bytes
            .get(at..at + 8)
            .and_then(|c| <[u8; 8]>::try_from(c).ok())
        {
            let x = u64::from_le_bytes(chunk);
            let t = x & !HIGH;
            let ascii = !x & HIGH;
            let copied = at_least(t, b'!') & !at_least(t, 0x7F) & !equal(t, b'`') & ascii;
            // A space is copied when the byte after it is (the last byte's follower is
            // not known here: the step above decides).
            let space = equal(t, b' ') & ascii & (copied >> 8);
            let stop = !(copied | space) & HIGH;
            if stop != 0 {
                // `stop` has one bit per byte: the first is where the run may end.
                at += (stop.trailing_zeros() / 8) as usize;
                break;
            }
            at += 8;
        }
    }
}

/// The length of the character `bytes` starts with when it is its own normal form and
/// not white space: CJK from U+3040 to U+9FFF and everything from U+1F000 (emoji and the
/// planes above); `None` for any other (a test checks every character).
#[inline(always)]
fn verbatim(bytes: &[u8]) -> Option<usize> {
    match bytes {
        [0xE4..=0xE9, ..] => Some(3),
        [0xE3, second, ..] if *second != 0x80 => Some(3),
        [0xF0, 0x9F, ..] | [0xF1..=0xF4, ..] => Some(4),
        _ => None,
    }
}

/// Whether `c` is in a block of scripts without case (Hebrew to Myanmar, CJK and Hangul,
/// emoji and the planes above), where lower-casing leaves every character as it is: a
/// test proves it for each of them. Lower-casing any other character searches a table.
#[inline]
fn caseless(c: char) -> bool {
    matches!(
        u32::from(c),
        0x0590..=0x109F | 0x2E00..=0xA63F | 0xA800..=0xFF1F | 0x1F000..=0x10_FFFF
    )
}

/// White space collapsed to single spaces between visible characters, as [`normalize`]
/// writes them.
struct Collapse {
    /// Where the normal form starts in the output.
    start: usize,
    /// Whether white space came since the last visible character.
    space: bool,
}

impl Collapse {
    #[inline]
    fn push(&mut self, out: &mut String, c: char) {
        if c.is_whitespace() {
            self.space = true;
        } else {
            self.visible(out, c);
        }
    }

    #[inline(always)]
    fn visible_str(&mut self, out: &mut String, text: &str) {
        if self.space && out.len() > self.start {
            out.push(' ');
        }
        self.space = false;
        out.push_str(text);
    }

    #[inline(always)]
    fn visible(&mut self, out: &mut String, c: char) {
        if self.space && out.len() > self.start {
            out.push(' ');
        }
        self.space = false;
        out.push(c);
    }
}

/// `lower(text)`, appended to `out`.
fn lower_into(text: &str, out: &mut String) {
    if text.is_ascii() {
        let start = out.len();
        out.push_str(text);
        if let Some(appended) = out.get_mut(start..) {
            appended.make_ascii_lowercase();
        }
    } else if text.contains('Σ') {
        // A final sigma lowers differently: the standard library knows the rule.
        out.push_str(&text.to_lowercase());
    } else {
        out.extend(text.chars().flat_map(char::to_lowercase));
    }
}

/// Which characters normalise to each character (every single-character look-alike), and
/// the characters that normalise to nothing (invisible format characters), escaped for a
/// regex class. Computed once per process.
fn look_alike_sources() -> &'static (std::collections::BTreeMap<char, Vec<char>>, String) {
    static SOURCES: std::sync::OnceLock<(std::collections::BTreeMap<char, Vec<char>>, String)> =
        std::sync::OnceLock::new();
    SOURCES.get_or_init(|| {
        let mut sources: std::collections::BTreeMap<char, Vec<char>> = Default::default();
        let mut invisible = String::new();
        for c in (0u32..0x3_0000).filter_map(char::from_u32) {
            let Some(replacement) = sms::smart::replacement(c) else {
                continue;
            };
            let mut chars = replacement.chars().flat_map(char::to_lowercase);
            match (chars.next(), chars.next()) {
                (Some(only), None) => sources.entry(only).or_default().push(c),
                (None, _) => invisible.push_str(&regex::escape(&c.to_string())),
                _ => {}
            }
        }
        (sources, invisible)
    })
}

/// [`mentions`] over constant `words`, as one regex built at load that matches the text
/// as written: what `normalize` folds (case, runs of white space, GSM-7 look-alikes such as
/// curly apostrophes or accented letters) is matched as alternatives instead, so a search
/// allocates nothing. `None` when a word cannot be matched so (an empty word, a word
/// whose normal form has a character several look-alikes expand to) or the regex would
/// be too large; the caller then keeps the general search.
pub(super) fn mentions_regex(words: &[Const]) -> Option<regex::Regex> {
    use std::fmt::Write as _;
    // Which characters normalise to each character: every single-character look-alike.
    let (sources, invisible) = look_alike_sources();
    let gap = if invisible.is_empty() {
        String::new()
    } else {
        format!("[{invisible}]*")
    };
    let mut alternatives = Vec::new();
    for word in words {
        let Const::Str(word) = word else {
            return None;
        };
        let normal = normalize(word);
        if normal.is_empty() {
            continue;
        }
        let mut pattern = String::new();
        for (i, c) in normal.chars().enumerate() {
            if i > 0 {
                pattern.push_str(&gap);
            }
            if c == ' ' {
                pattern.push_str(r"\s+");
                continue;
            }
            pattern.push('[');
            pattern.push_str(&regex::escape(&c.to_string()));
            for source in sources.get(&c).into_iter().flatten() {
                let _ = write!(pattern, "{}", regex::escape(&source.to_string()));
            }
            pattern.push(']');
        }
        alternatives.push(pattern);
    }
    if alternatives.is_empty() {
        return None;
    }
    // Whole words: the text's edge or a character that is neither a letter nor a number,
    // as `char::is_alphanumeric` has them.
    // Invisible characters vanish in the normal form, so they are skipped at the edges
    // too: the boundary is the first visible character.
    let pattern = format!(
        r"(?i)(?:^|[^\p{{Alphabetic}}\p{{N}}{invisible}]){gap}(?:{}){gap}(?:$|[^\p{{Alphabetic}}\p{{N}}{invisible}])",
        alternatives.join("|")
    );
    regex::RegexBuilder::new(&pattern)
        .size_limit(super::typecheck::MAX_REGEX_BYTES)
        .build()
        .ok()
}

/// Whether `text` contains any of `words` as whole words, ignoring case. A word boundary
/// is the start or end of the text or a character that is not alphanumeric.
pub(super) fn mentions(text: &str, words: &dyn List) -> bool {
    let hay = normalize(text);
    (0..words.len()).any(|i| {
        let w = words.get(i);
        let Some(w) = w.as_str() else { return false };
        let needle = normalize(w);
        if needle.is_empty() {
            return false;
        }
        let mut from = 0;
        while let Some(at) = hay.get(from..).and_then(|h| h.find(&needle)) {
            let start = from + at;
            let end = start + needle.len();
            let before = hay.get(..start).and_then(|s| s.chars().next_back());
            let after = hay.get(end..).and_then(|s| s.chars().next());
            let boundary = |c: Option<char>| c.is_none_or(|c| !c.is_alphanumeric());
            if boundary(before) && boundary(after) {
                return true;
            }
            from = start + needle.chars().next().map_or(1, char::len_utf8);
        }
        false
    })
}

static NO_ZONES: &[&str] = &[];

/// A fact of a phone number; `parsed` is `text` parsed as E.164, when it is valid.
fn number_fact(function: Builtin, text: &str, parsed: Option<ParsedNumber>) -> Val<'static> {
    use crate::phone;
    let area = || parsed.and_then(|p| p.area);
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

/// The time zones of the NANP table, loaded once: looking a zone up in the bundled
/// database costs more than the rest of a check, and quiet-hours rules ask for every zone
/// of an area code. Other zones (a caller's `recipient.time_zone`) are looked up each time.
fn nanp_zone(name: &str) -> Option<(&'static str, &'static jiff::tz::TimeZone)> {
    static ZONES: std::sync::OnceLock<Vec<(&'static str, jiff::tz::TimeZone)>> =
        std::sync::OnceLock::new();
    let zones = ZONES.get_or_init(|| {
        let mut names: Vec<&'static str> = crate::phone::area_codes()
            .iter()
            .flat_map(|c| c.time_zones.iter().copied())
            .collect();
        names.sort_unstable();
        names.dedup();
        names
            .into_iter()
            .filter_map(|n| jiff::tz::TimeZone::get(n).ok().map(|tz| (n, tz)))
            .collect()
    });
    zones
        .binary_search_by(|(n, _)| (*n).cmp(name))
        .ok()
        .and_then(|i| zones.get(i))
        .map(|(n, tz)| (*n, tz))
}

/// A span of time in which a NANP zone's offset from UTC does not change: the time
/// between two of its transitions, both left out.
#[derive(Clone, Copy)]
struct SteadyOffset {
    zone: &'static str,
    after: i64,
    before: i64,
    seconds: i32,
}

/// How many zones each thread remembers a steady offset for.
const STEADY_ZONES: usize = 4;

thread_local! {
    /// The steady offsets of the zones asked last: messages are sent now, to a few
    /// zones, and a zone's offset changes twice a year at most, so looking it up in the
    /// zone's rules (most of what a quiet-hours check costs) is rarely needed.
    static STEADY: [Cell<Option<SteadyOffset>>; STEADY_ZONES] = const {
        [const { Cell::new(None) }; STEADY_ZONES]
    };
    static NEXT_STEADY: Cell<usize> = const { Cell::new(0) };
}

/// The offset from UTC, in seconds, of the NANP zone `zone` at the instant `at`; `None`
/// for a zone that is not in the NANP table or an instant out of range.
fn zone_offset(at: i64, zone: &str) -> Option<i32> {
    let remembered = STEADY
        .try_with(|steady| {
            steady.iter().find_map(|cell| {
                cell.get()
                    .filter(|s| {
                        s.after < at
                            && at < s.before
                            && same_bytes(s.zone.as_bytes(), zone.as_bytes())
                    })
                    .map(|s| s.seconds)
            })
        })
        .ok()
        .flatten();
    if remembered.is_some() {
        return remembered;
    }
    let (name, tz) = nanp_zone(zone)?;
    let ts = jiff::Timestamp::from_second(at).ok()?;
    let seconds = tz.to_offset(ts).seconds();
    // The transitions around `at`: the offset is the same at every instant strictly
    // between them (a zone without any has one offset for all time).
    let after = tz
        .preceding(ts)
        .next()
        .map_or(i64::MIN, |t| t.timestamp().as_second());
    let before = tz
        .following(ts)
        .next()
        .map_or(i64::MAX, |t| t.timestamp().as_second());
    if after < at && at < before {
        let steady = SteadyOffset {
            zone: name,
            after,
            before,
            seconds,
        };
        let _ = NEXT_STEADY.try_with(|next| {
            let i = next.get() % STEADY_ZONES;
            next.set(i + 1);
            let _ = STEADY.try_with(|cells| cells.get(i).map(|c| c.set(Some(steady))));
        });
    }
    Some(seconds)
}

const WEEKDAYS: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// The time of day (minutes since midnight) and weekday of the instant `at` in `zone`.
///
/// Only the zone's offset at that instant is looked up; the local time of day and the
/// weekday follow from the local seconds since the epoch (1970-01-01 was a Thursday),
/// without building a civil date.
fn local(at: i64, zone: &str, span: Span) -> Result<(u16, &'static str)> {
    let offset = match zone_offset(at, zone) {
        Some(offset) => offset,
        None => {
            let tz = match jiff::tz::TimeZone::get(zone) {
                Ok(tz) => tz,
                Err(_) => {
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
    let weekday = (local.div_euclid(86_400) + 3).rem_euclid(7);
    Ok((
        u16::try_from(minutes).unwrap_or(0),
        usize::try_from(weekday)
            .ok()
            .and_then(|d| WEEKDAYS.get(d))
            .copied()
            .unwrap_or("monday"),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

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
                    let (minutes, _) = local(at + delta, zone, Span::new(0, 0)).expect("a time");
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
            let (minutes, weekday) = local(at, zone, Span::new(0, 0)).expect("a local time");
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
        // It is built for every document checked; keep it a few cache lines.
        assert!(
            std::mem::size_of::<Context<'_>>() <= 400,
            "{}",
            std::mem::size_of::<Context<'_>>()
        );
    }

    #[test]
    fn normalize_folds_case_look_alikes_and_space() {
        assert_eq!(normalize("  Reply  “STOP”\n now "), "reply \"stop\" now");
        assert_eq!(normalize("\tA`B\u{b}\u{c}C\u{85}D\u{1f}"), "a'b c d\u{1f}");
    }

    #[test]
    fn verbatim_characters_are_their_own_normal_form() {
        let mut buffer = [0; 4];
        for c in (0..=0x10_FFFF_u32).filter_map(char::from_u32) {
            let bytes = c.encode_utf8(&mut buffer).as_bytes();
            if let Some(len) = verbatim(bytes) {
                assert_eq!(len, bytes.len(), "U+{:04X}", u32::from(c));
                assert_eq!(normalize_by_definition(&format!("a{c}")), format!("a{c}"));
            }
        }
    }

    #[test]
    fn caseless_characters_lower_to_themselves() {
        for c in (0..=0x10_FFFF_u32)
            .filter_map(char::from_u32)
            .filter(|&c| caseless(c))
        {
            assert!(c.to_lowercase().eq([c]), "U+{:04X}", u32::from(c));
        }
    }

    /// `normalize` as it is defined, one character at a time: what the ASCII fast path
    /// must agree with.
    fn normalize_by_definition(text: &str) -> String {
        let mut out = String::new();
        let mut space = false;
        let lowered = text.chars().flat_map(|c| match sms::smart::replacement(c) {
            Some(r) => r.chars().flat_map(char::to_lowercase).collect::<Vec<_>>(),
            None => c.to_lowercase().collect(),
        });
        for c in lowered {
            if c.is_whitespace() {
                space = true;
                continue;
            }
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.push(c);
        }
        out
    }

    proptest::proptest! {
        /// The word comparison is equality, at every length.
        #[test]
        fn same_text_is_equality(a in "[ab]{0,40}", b in "[ab]{0,40}") {
            proptest::prop_assert_eq!(same_text(&a, &b), a == b);
            proptest::prop_assert!(same_text(&a, &a.clone()));
        }

        #[test]
        fn normalize_agrees_with_its_definition(
            text in "[\\x00-\\x7f]{0,40}|[a-zA-Z. \\n]{0,40}|[a-z ,`]{0,60}|[a-z 一-龥\u{3000}-\u{3003}😀\u{200d}\u{fe0f}é]{0,30}|\\PC{0,20}|[ \\t\\n\\r\\x0b\\x0c\\x85\\u{a0}`A-Za-z’“”…Σ]{0,20}",
        ) {
            proptest::prop_assert_eq!(normalize(&text), normalize_by_definition(&text));
            let mut lowered = String::new();
            lower_into(&text, &mut lowered);
            proptest::prop_assert_eq!(lowered, text.to_lowercase());
        }
    }

    const PARTS: [&str; 29] = [
        "stop",
        "STOP",
        "Stop",
        "st",
        "op",
        " ",
        "  ",
        "\n",
        "\u{a0}",
        "red",
        "wine",
        "WINE",
        "\u{2019}",
        "'",
        "don",
        "t",
        "x",
        "9",
        "-",
        "\u{2013}",
        "\u{200b}",
        "caf\u{e9}",
        "cafe",
        "\u{ea}",
        "e",
        ".",
        "\u{2026}",
        "\u{212a}",
        "k",
    ];

    proptest::proptest! {
        /// The regex a constant word list compiles to finds exactly what the general
        /// search over the normalised text finds.
        #[test]
        fn mentions_regex_agrees_with_mentions(
            parts in proptest::collection::vec(0..PARTS.len(), 0..12),
        ) {
            let text: String = parts.iter().filter_map(|&i| PARTS.get(i).copied()).collect();
            let words: Box<[Const]> = ["stop", "red wine", "don't", "k", "cafe", "e-"]
                .iter()
                .map(|w| Const::Str((*w).into()))
                .collect();
            static RE: std::sync::OnceLock<Option<regex::Regex>> = std::sync::OnceLock::new();
            let re = RE.get_or_init(|| mentions_regex(&words));
            proptest::prop_assert!(re.is_some());
            let found = re.as_ref().is_some_and(|re| re.is_match(&text));
            proptest::prop_assert_eq!(found, mentions(&text, &words), "{:?}", text);
        }

    }

    #[test]
    fn mentions_needs_whole_words() {
        let words: Box<[Const]> =
            vec![Const::Str("beer".into()), Const::Str("red wine".into())].into();
        assert!(mentions("Cold BEER tonight", &words));
        assert!(mentions("a glass of Red  Wine?", &words));
        assert!(!mentions("Beers and beerhall", &words));
        assert!(!mentions("", &words));
    }

    #[test]
    fn local_time_and_weekday_follow_the_zone() {
        // 2026-11-23T20:30:00Z is 15:30 in New York (EST), a Monday.
        let at = 1_795_465_800;
        assert_eq!(
            local(at, "America/New_York", Span::default()).unwrap(),
            (15 * 60 + 30, "monday")
        );
        assert_eq!(
            local(at, "Asia/Tokyo", Span::default()).unwrap(),
            (5 * 60 + 30, "tuesday")
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
        assert_eq!(ny, (15 * 60 + 30, "monday"));
        // The same again, then another zone and another instant: never the remembered one.
        assert_eq!(
            cx.local_time(at, "America/New_York", Span::default())
                .unwrap(),
            ny
        );
        assert_eq!(
            cx.local_time(at, "America/Chicago", Span::default())
                .unwrap(),
            (14 * 60 + 30, "monday")
        );
        assert_eq!(
            cx.local_time(at + 3600, "America/Chicago", Span::default())
                .unwrap(),
            (15 * 60 + 30, "monday")
        );
        // The longest zone name fills the buffer exactly.
        let long = "America/Argentina/ComodRivadavia";
        assert_eq!(long.len(), 32);
        let first = cx.local_time(at, long, Span::default()).unwrap();
        assert_eq!(cx.local_time(at, long, Span::default()).unwrap(), first);
        assert!(cx.local_time(at, "Mars/Olympus", Span::default()).is_err());
    }
}
