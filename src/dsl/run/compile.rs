//! Conditions compiled to closures: the form a rule's `when` and `require` are evaluated in.
//!
//! The tree of [`Node`]s is what the type checker produces and what templates and `at:`
//! are evaluated from. Walking it costs a call of one large function per node, and that
//! call — its dispatch and its prologue — is most of what a check of a simple rule costs.
//! So the boolean skeleton of a condition (`and`, `or`, `not`, `any` and `all` over a
//! list, a [`Node::Switch`], a remembered answer) and its common leaves become closures
//! that call each other directly. A leaf compares a field, `or_else` of one or a cached
//! fact (`region(message.to)`) with a constant, or a local time or weekday of two fields
//! (`local_time(message.send_at, z) < 21:00`), reading them in place. Every closure
//! takes the variables of the quantifiers around it. Everything else is a closure around
//! its node, evaluated as before, so both forms always agree.
//!
//! An integer compared with a constant is a test of a `Range`, and two neighbouring
//! comparisons of one value in a chain of `and` are one range (`x >= 8 and x < 21` is `x`
//! in `8..=20`, the value read once). A count of a field compared with a constant is
//! answered from the text's length when that decides it: a text of n bytes has between
//! ⌈n/4⌉ and n characters.
//!
//! Tried and not kept: conditions, and whole rule sets, compiled to branch programs (leaf
//! tests with a true and a false exit, `and`/`or`/`not` only wiring). They ran fewer
//! instructions but more slowly: one `match` dispatching every leaf is one indirect jump
//! for the predictor to guess at every test, where each closure has its own call site.

use std::fmt;

use super::eval::{
    cached_fact, compare, fact_value, number_call, read, text_call, text_has, Context, Frame, Vars,
};
use crate::doc::value::Val;
use crate::dsl::builtins::text::{characters, graphemes, in_set, key_index, same_text};
use crate::dsl::builtins::{PlainFunction, PLAIN};
use crate::dsl::ir::pattern::NumberFacts;
use crate::dsl::ir::{
    fail, Base, Builtin, CmpOp, EvalError, Node, Operand, Result, Switch, MAX_FACTS,
};
use crate::dsl::syntax::ast::Quantifier;
use crate::text::Span;

/// What a count of a text counts. Each counts at most one a byte.
#[derive(Clone, Copy, Debug)]
enum Count {
    /// `characters`: Unicode scalar values, one to four bytes of UTF-8 each.
    Characters,
    /// `graphemes`: extended grapheme clusters, one or more characters each.
    Graphemes,
}

impl Count {
    /// The count of `text`.
    fn count(self, text: &str) -> i64 {
        match self {
            Count::Characters => characters(text),
            Count::Graphemes => graphemes(text),
        }
    }

    /// Bounds on the count of `text` known from its length alone.
    #[inline(always)]
    fn bounds(self, text: &str) -> (i64, i64) {
        let n = text.len();
        let least = match self {
            Count::Characters => n.div_ceil(4),
            // There is a grapheme in any text but the empty one.
            Count::Graphemes => usize::from(n > 0),
        };
        (
            i64::try_from(least).unwrap_or(i64::MAX),
            i64::try_from(n).unwrap_or(i64::MAX),
        )
    }
}

/// A comparison of an integer with a constant as the range of values it holds for (or,
/// `outside`, does not): `x <= 10` is `i64::MIN..=10`, `x != 3` is outside `3..=3`.
#[derive(Clone, Copy)]
struct Range {
    low: i64,
    high: i64,
    outside: bool,
}

impl Range {
    fn of(op: CmpOp, value: i64) -> Range {
        let (low, high, outside) = match op {
            CmpOp::Eq => (value, value, false),
            CmpOp::Ne => (value, value, true),
            // `x < i64::MIN` holds for nothing: outside every value.
            CmpOp::Lt => match value.checked_sub(1) {
                Some(high) => (i64::MIN, high, false),
                None => (i64::MIN, i64::MAX, true),
            },
            CmpOp::Le => (i64::MIN, value, false),
            CmpOp::Gt => match value.checked_add(1) {
                Some(low) => (low, i64::MAX, false),
                None => (i64::MIN, i64::MAX, true),
            },
            CmpOp::Ge => (value, i64::MAX, false),
        };
        Range { low, high, outside }
    }

    /// Whether the comparison holds for `v`.
    #[inline(always)]
    fn holds(self, v: i64) -> bool {
        (self.low <= v && v <= self.high) != self.outside
    }

    /// Its answer for every value in `least..=most`, when that is the same for all.
    #[inline(always)]
    fn decides(self, (least, most): (i64, i64)) -> Option<bool> {
        if self.low <= least && most <= self.high {
            Some(!self.outside)
        } else if most < self.low || self.high < least {
            Some(self.outside)
        } else {
            None
        }
    }
}

/// A compiled test: of the document, and of the variables bound by the quantifiers
/// around it.
type Test = dyn for<'a, 'e> Fn(&'a Context<'a>, Vars<'e, 'a>) -> Result<bool> + Send + Sync;

/// A compiled boolean condition.
pub struct Predicate(Box<Test>);

impl fmt::Debug for Predicate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Predicate(..)")
    }
}

impl Predicate {
    /// Compiles a boolean condition.
    pub fn new(node: Node) -> Predicate {
        Predicate(compile(node))
    }

    /// Evaluates it.
    #[inline]
    pub fn test(&self, cx: &Context<'_>) -> std::result::Result<bool, EvalError> {
        (self.0)(cx, Vars::default()).map_err(|e| *e)
    }

    /// Evaluates it, the error boxed: a result two registers wide, for the engine's loop.
    #[inline]
    pub(crate) fn test_boxed(&self, cx: &Context<'_>) -> Result<bool> {
        (self.0)(cx, Vars::default())
    }
}

/// A field as the leaves read it: of the document, or of a quantifier's variable.
enum Path {
    /// A field of a root: `message.body`.
    Field(u8, u16),
    /// Any other path: `message.recipient.state`, `z`, `s.state`.
    Other(Base, Box<[u16]>),
}

impl Path {
    fn of(base: Base, fields: &[u16]) -> Path {
        match (base, fields) {
            (Base::Root(root), [one]) => Path::Field(root, *one),
            _ => Path::Other(base, fields.into()),
        }
    }

    #[inline(always)]
    fn get<'a>(&self, cx: &'a Context<'a>, vars: Vars<'_, 'a>) -> Val<'a> {
        match self {
            Path::Field(root, field) => match cx.root(*root) {
                Some(record) => record.get(usize::from(*field)),
                None => Val::Missing,
            },
            Path::Other(base, fields) => read(cx, vars, *base, fields),
        }
    }
}

/// An operand as the leaves read it: a field, `or_else` of one, a function whose value
/// the document's fact cache keeps (`region(message.to)`), a plain built-in of one or two
/// such operands (`phone_number_in(message.body)`), or any other node, walked.
enum Read {
    Path(Path),
    OrElse(Path, Box<Read>),
    Fact {
        function: Builtin,
        args: Box<[Node]>,
        slot: usize,
        /// Whether a known fact is read back from its bits alone: a numeric fact whose
        /// only other argument read back is a constant (`recipient_in("US", …)`'s country).
        quick: bool,
        /// That constant.
        country: Option<Box<str>>,
    },
    Plain(Box<PlainCall>),
    /// A function of a phone number not kept among the facts (`valid_number(message.from)`),
    /// its argument read as leaves read it.
    Number(Builtin, Box<Read>),
    /// A constant: a literal or a data table (`data.public_url_shorteners`).
    Const(crate::doc::value::Const),
    Node(Node),
}

impl fmt::Debug for Read {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Read(..)")
    }
}

/// A call of a plain built-in with one or two arguments, read as leaves read them and
/// passed to the function directly.
struct PlainCall {
    function: PlainFunction,
    args: Box<[Read]>,
    span: Span,
}

impl PlainCall {
    fn call<'a>(&'a self, cx: &'a Context<'a>, vars: Vars<'_, 'a>) -> Result<Val<'a>> {
        let result = match &*self.args {
            [a] => (self.function)(&[a.get(cx, vars)?]),
            [a, b] => (self.function)(&[a.get(cx, vars)?, b.get(cx, vars)?]),
            _ => {
                return fail(
                    "internal error: a built-in function read with too many arguments",
                    self.span,
                )
            }
        };
        result.or_else(|message| fail(message, self.span))
    }
}

impl Read {
    fn of(operand: Operand) -> Read {
        match operand {
            Operand::Field { base, fields } => Read::Path(Path::of(base, &fields)),
            Operand::Node(node) => Read::of_node(*node),
        }
    }

    fn of_node(node: Node) -> Read {
        match node {
            Node::Get { base, fields } => Read::Path(Path::of(base, &fields)),
            Node::OrElse {
                base,
                fields,
                fallback,
            } => Read::OrElse(Path::of(base, &fields), Box::new(Read::of_node(*fallback))),
            Node::Call {
                function,
                args,
                fact: Some(slot),
                ..
            } if usize::from(slot) < MAX_FACTS => {
                let country = match (function, args.first()) {
                    (Builtin::RecipientIn, Some(Node::Const(c))) => c.val().as_str().map(Box::from),
                    _ => None,
                };
                let quick = match function {
                    Builtin::RecipientIn => country.is_some(),
                    other => !other.of_a_text(),
                };
                Read::Fact {
                    function,
                    args,
                    slot: usize::from(slot),
                    quick,
                    country,
                }
            }
            Node::Call {
                function,
                args,
                fact: None,
                ..
            } if function.of_a_number() && args.len() == 1 => {
                let arg = args.into_vec().into_iter().next().map_or(
                    Read::Const(crate::doc::value::Const::Str("".into())),
                    Read::of_node,
                );
                Read::Number(function, Box::new(arg))
            }
            Node::Call {
                function: Builtin::Plain(index),
                args,
                fact: None,
                span,
            } if (1..=2).contains(&args.len()) => match PLAIN.get(usize::from(index)) {
                Some(row) => Read::Plain(Box::new(PlainCall {
                    function: row.function,
                    args: args.into_vec().into_iter().map(Read::of_node).collect(),
                    span,
                })),
                None => Read::Node(Node::Call {
                    function: Builtin::Plain(index),
                    args,
                    fact: None,
                    span,
                }),
            },
            Node::Const(c) => Read::Const(c),
            other => Read::Node(other),
        }
    }

    #[inline(always)]
    fn get<'a>(&'a self, cx: &'a Context<'a>, vars: Vars<'_, 'a>) -> Result<Val<'a>> {
        match self {
            Read::Path(path) => Ok(path.get(cx, vars)),
            Read::OrElse(path, fallback) => match path.get(cx, vars) {
                Val::Missing => fallback.get(cx, vars),
                value => Ok(value),
            },
            Read::Fact {
                function,
                args,
                slot,
                quick,
                country,
            } => match cx.known_number(*slot) {
                Some(number) if *quick => Ok(fact_value(*function, number, country.as_deref())),
                _ => cached_fact(cx, vars, *function, args, *slot),
            },
            Read::Plain(call) => call.call(cx, vars),
            Read::Number(function, arg) => Ok(number_call(cx, *function, &arg.get(cx, vars)?)),
            Read::Const(c) => Ok(c.val()),
            Read::Node(node) => node.eval(cx, vars),
        }
    }
}

/// A test of a `when` that reads one field of the scope's first root and nothing else:
/// `message.direction == "outbound"`, `present(message.category)`, `message.flag`. The
/// leading tests of many rules of a kind are the same few, so an engine tests each
/// distinct guard once a document and skips the rules with a failing one, without
/// calling them.
#[derive(Clone, Debug, PartialEq)]
pub struct Guard {
    /// The field's path from the document: one field, or a field of a nested record
    /// (`message.recipient.opted_out`), the second then `Some`.
    field: u16,
    inner: Option<u16>,
    test: FieldTest,
}

#[derive(Clone, Debug)]
enum FieldTest {
    /// The field is this text.
    Is(Box<str>),
    /// The field has a value.
    Present,
    /// The field is `true`.
    True,
    /// The field has no value: `not present(f)`.
    Absent,
    /// The field is not `true` (it is `false` or has no value): `not (present(f) and f)`.
    NotTrue,
    /// The field is not this text (another, or none): `not (present(f) and f == "x")`.
    IsNot(Box<str>),
    /// A cached fact of the document that is true or false and cannot fail to evaluate
    /// (`recipient_in(…)`): its slot, what tells apart the calls that share the slot (the
    /// country asked), and the call, read as leaves read it.
    Fact(u8, Box<str>, std::sync::Arc<Read>),
}

impl PartialEq for FieldTest {
    fn eq(&self, other: &FieldTest) -> bool {
        match (self, other) {
            (FieldTest::Is(a), FieldTest::Is(b)) | (FieldTest::IsNot(a), FieldTest::IsNot(b)) => {
                a == b
            }
            (FieldTest::Present, FieldTest::Present)
            | (FieldTest::True, FieldTest::True)
            | (FieldTest::Absent, FieldTest::Absent)
            | (FieldTest::NotTrue, FieldTest::NotTrue) => true,
            // A slot is one call's text: the same slot is the same fact.
            (FieldTest::Fact(a, x, ..), FieldTest::Fact(b, y, ..)) => a == b && x == y,
            _ => false,
        }
    }
}

impl Guard {
    /// Splits `when` into its leading guards and the rest (`None` when the guards are all
    /// of it). `when` holds exactly when every guard holds and then the rest does: `and`
    /// is evaluated left to right (so its grouping does not matter), and a guard cannot
    /// fail to evaluate.
    pub fn split(when: Node) -> (Vec<Guard>, Option<Node>) {
        let mut tests = Vec::new();
        conjuncts(when, &mut tests);
        let mut guards = Vec::new();
        let mut rest = tests.into_iter().peekable();
        while let Some(guard) = rest.peek().and_then(Guard::of) {
            guards.push(guard);
            rest.next();
        }
        // `present(f) and f == "x"`, `present(f) and f`: the second test is false wherever
        // the first is, so the first adds nothing but a test a document.
        let implied = |g: &Guard| {
            matches!(g.test, FieldTest::Present)
                && guards.iter().any(|o| {
                    (o.field, o.inner) == (g.field, g.inner)
                        && matches!(o.test, FieldTest::Is(_) | FieldTest::True)
                })
        };
        let keep: Vec<bool> = guards.iter().map(|g| !implied(g)).collect();
        let mut keep = keep.into_iter();
        guards.retain(|_| keep.next().unwrap_or(true));
        let rest = rest.reduce(|a, b| Node::And(Box::new(a), Box::new(b)));
        (guards, rest)
    }

    /// `node` as a guard, when it is one.
    fn of(node: &Node) -> Option<Guard> {
        let (fields, test) = match node {
            Node::EqStr {
                lhs:
                    Operand::Field {
                        base: Base::Root(0),
                        fields,
                    },
                value,
                negated: false,
            } => (fields, FieldTest::Is(value.clone())),
            Node::Present {
                base: Base::Root(0),
                fields,
            } => (fields, FieldTest::Present),
            Node::Get {
                base: Base::Root(0),
                fields,
            } => (fields, FieldTest::True),
            Node::Not(negated) => match &**negated {
                Node::Present {
                    base: Base::Root(0),
                    fields,
                } => (fields, FieldTest::Absent),
                // `not (present(f) and f)`, `not (present(f) and f == "x")`.
                Node::And(a, b) => {
                    let (Some(present), Some(then)) = (Guard::of(a), Guard::of(b)) else {
                        return None;
                    };
                    if present.test != FieldTest::Present
                        || (present.field, present.inner) != (then.field, then.inner)
                    {
                        return None;
                    }
                    let test = match then.test {
                        FieldTest::True => FieldTest::NotTrue,
                        FieldTest::Is(value) => FieldTest::IsNot(value),
                        _ => return None,
                    };
                    return Some(Guard { test, ..then });
                }
                _ => return None,
            },
            Node::Call {
                function: Builtin::RecipientIn,
                fact: Some(slot),
                args,
                ..
            } => {
                let asked = format!("{:?}", args.first()).into_boxed_str();
                return Some(Guard {
                    field: 0,
                    inner: None,
                    test: FieldTest::Fact(
                        *slot,
                        asked,
                        std::sync::Arc::new(Read::of_node(node.clone())),
                    ),
                });
            }
            _ => return None,
        };
        match **fields {
            [field] => Some(Guard {
                field,
                inner: None,
                test,
            }),
            [field, inner] => Some(Guard {
                field,
                inner: Some(inner),
                test,
            }),
            _ => None,
        }
    }

    /// The field of the document's root and the text this guard compares it with, when
    /// it is `FIELD == "text"` of a field of the root itself (`message.direction ==
    /// "outbound"`).
    pub(crate) fn is_text(&self) -> Option<(u16, &str)> {
        match (&self.test, self.inner) {
            (FieldTest::Is(value), None) => Some((self.field, value)),
            _ => None,
        }
    }

    /// Whether the guard holds.
    #[inline]
    pub fn test(&self, cx: &Context<'_>) -> bool {
        if let FieldTest::Fact(.., read) = &self.test {
            return read
                .get(cx, Vars::default())
                .map_or(true, |v| matches!(v, Val::Bool(true)));
        }
        let v = match (cx.root(0), self.inner) {
            (Some(record), None) => record.get(usize::from(self.field)),
            (Some(record), Some(inner)) => record.get_path(&[self.field, inner]),
            (None, _) => Val::Missing,
        };
        match &self.test {
            FieldTest::Is(value) => v.as_str().is_some_and(|s| same_text(s, value)),
            FieldTest::Present => !matches!(v, Val::Missing),
            FieldTest::True => matches!(v, Val::Bool(true)),
            FieldTest::Absent => matches!(v, Val::Missing),
            FieldTest::NotTrue => !matches!(v, Val::Bool(true)),
            FieldTest::IsNot(value) => !v.as_str().is_some_and(|s| same_text(s, value)),
            // Cannot fail; if it did, the rule runs and reports the failure itself.
            FieldTest::Fact(..) => true,
        }
    }
}

/// The tests of a chain of `and`, in the order they are evaluated.
fn conjuncts(node: Node, out: &mut Vec<Node>) {
    match node {
        Node::And(a, b) => {
            conjuncts(*a, out);
            conjuncts(*b, out);
        }
        other => out.push(other),
    }
}

/// `characters(FIELD)` or `graphemes(FIELD)` of a field: what it counts, the
/// field and the fact slot (a field of a variable has none).
fn count_of_field(operand: &Operand) -> Option<(Count, Path, Option<usize>)> {
    let Node::Call {
        function,
        args,
        fact,
        ..
    } = operand.node()?
    else {
        return None;
    };
    let count = match function {
        Builtin::Characters => Count::Characters,
        Builtin::Graphemes => Count::Graphemes,
        _ => return None,
    };
    let [Node::Get { base, fields }] = &**args else {
        return None;
    };
    Some((count, Path::of(*base, fields), fact.map(usize::from)))
}

/// `local_time(AT, ZONE)` or `weekday(AT, ZONE)` of two fields (`message.send_at`, a
/// quantifier's `z`): which of the two, the fields and the call's span.
fn local_of_fields(operand: &Operand) -> Option<(Builtin, Path, Path, Span)> {
    let Node::Call {
        function: function @ (Builtin::LocalTime | Builtin::Weekday | Builtin::LocalDate),
        args,
        fact: None,
        span,
    } = operand.node()?
    else {
        return None;
    };
    let [Node::Get { base, fields }, Node::Get {
        base: zone_base,
        fields: zone_fields,
    }] = &**args
    else {
        return None;
    };
    Some((
        *function,
        Path::of(*base, fields),
        Path::of(*zone_base, zone_fields),
        *span,
    ))
}

/// The time of day, weekday and date of the instant at `at` in the zone named at `zone`;
/// `None` when either is missing (the call's value is then missing).
#[inline(always)]
fn local<'a>(
    cx: &'a Context<'a>,
    vars: Vars<'_, 'a>,
    at: &Path,
    zone: &Path,
    span: Span,
) -> Result<Option<(u16, &'static str, i32)>> {
    let (Val::Instant(at), zone) = (at.get(cx, vars), zone.get(cx, vars)) else {
        return Ok(None);
    };
    match zone.as_str() {
        Some(zone) => cx.local_time(at, zone, span).map(Some),
        None => Ok(None),
    }
}

fn compile(node: Node) -> Box<Test> {
    match node {
        Node::And(..) => {
            // The chain of `and` flattened, neighbouring comparisons of one value fused,
            // and joined again, evaluated left to right as written.
            let mut tests = Vec::new();
            conjuncts(node, &mut tests);
            let mut joined: Vec<Box<Test>> = Vec::new();
            let mut tests = tests.into_iter().peekable();
            while let Some(a) = tests.next() {
                match tests.peek().and_then(|b| fused_range(&a, b)) {
                    Some((lhs, range)) => {
                        tests.next();
                        joined.push(in_range(&lhs, range));
                    }
                    None => joined.push(compile(a)),
                }
            }
            let last = joined.pop().unwrap_or_else(|| Box::new(|_, _| Ok(true)));
            joined.into_iter().rev().fold(last, |b, a| {
                Box::new(move |cx, vars| Ok(a(cx, vars)? && b(cx, vars)?))
            })
        }
        Node::Or(a, b) => {
            let (a, b) = (compile(*a), compile(*b));
            Box::new(move |cx, vars| Ok(a(cx, vars)? || b(cx, vars)?))
        }
        Node::Not(a) => {
            let a = compile(*a);
            Box::new(move |cx, vars| Ok(!a(cx, vars)?))
        }
        Node::Quantifier {
            quantifier: quantifier @ (Quantifier::Any | Quantifier::All),
            list,
            var,
            body,
        } => {
            // `any` stops at the first element that holds, `all` at the first that does
            // not; an empty list (or a missing one) gives `all` and not `any`.
            let (every, list, body) = (
                quantifier == Quantifier::All,
                Read::of_node(*list),
                compile(*body),
            );
            Box::new(move |cx, vars| {
                let Val::List(items) = list.get(cx, vars)? else {
                    return Ok(every);
                };
                cx.steps(items.len())?;
                for i in 0..items.len() {
                    let frame = Frame::new(items.get(i), var, vars);
                    if body(cx, frame.vars())? != every {
                        return Ok(!every);
                    }
                }
                Ok(every)
            })
        }
        Node::Switch(switch) => {
            let Switch {
                operand,
                keys,
                bodies,
                otherwise,
            } = *switch;
            let bodies: Box<[Box<Test>]> = bodies.into_vec().into_iter().map(compile).collect();
            let operand = Read::of(operand);
            Box::new(move |cx, vars| {
                let v = operand.get(cx, vars)?;
                match v
                    .as_str()
                    .and_then(|s| key_index(&keys, s))
                    .and_then(|i| bodies.get(i))
                {
                    Some(body) => body(cx, vars),
                    None => Ok(otherwise),
                }
            })
        }
        Node::Memo { slot, node } => {
            let (slot, test) = (usize::from(slot), compile(*node));
            Box::new(move |cx, vars| {
                Ok(cx.number_fact(slot, || test(cx, vars).map(u64::from))? != 0)
            })
        }
        node => leaf(node),
    }
}

/// A leaf testing whether its operand, an integer or a time of day in minutes, is in
/// `range`.
fn in_range(lhs: &Operand, range: Range) -> Box<Test> {
    if let Some((count, path, slot)) = count_of_field(lhs) {
        return Box::new(move |cx, vars| {
            let text = path.get(cx, vars);
            let text = text.as_str().unwrap_or("");
            if let Some(holds) = range.decides(count.bounds(text)) {
                return Ok(holds);
            }
            // The bits of the count, read back with the same cast.
            let n = || Ok(count.count(text) as u64);
            let n = match slot {
                Some(slot) => cx.number_fact(slot, n)?,
                None => n()?,
            };
            Ok(range.holds(n as i64))
        });
    }
    if let Some((Builtin::LocalTime, at, zone, span)) = local_of_fields(lhs) {
        return Box::new(move |cx, vars| {
            Ok(local(cx, vars, &at, &zone, span)?
                .is_some_and(|(minutes, _, _)| range.holds(i64::from(minutes))))
        });
    }
    if let Some((Builtin::LocalDate, at, zone, span)) = local_of_fields(lhs) {
        return Box::new(move |cx, vars| {
            Ok(local(cx, vars, &at, &zone, span)?
                .is_some_and(|(_, _, day)| range.holds(i64::from(day))))
        });
    }
    on_int(Read::of(lhs.clone()), move |v| range.holds(v))
}

/// `a and b` as one range test, when both compare the same value (a field, a count of
/// one, a local time of two) with a constant: `local_hour >= 8 and local_hour < 21` is
/// `local_hour` in `8..=20`. The value is read and computed once; reading it again would
/// give the same value and the same error, so the answer is the same.
fn fused_range(a: &Node, b: &Node) -> Option<(Operand, Range)> {
    let (Node::CmpInt(op_a, lhs_a, value_a), Node::CmpInt(op_b, lhs_b, value_b)) = (a, b) else {
        return None;
    };
    let (a, b) = (Range::of(*op_a, *value_a), Range::of(*op_b, *value_b));
    if a.outside || b.outside || !same_value(lhs_a, lhs_b) {
        return None;
    }
    Some((
        lhs_a.clone(),
        Range {
            low: a.low.max(b.low),
            high: a.high.min(b.high),
            outside: false,
        },
    ))
}

/// Whether two operands are the same field, or the same function of the same fields
/// (a count, a local time), so that they always have the same value.
fn same_value(a: &Operand, b: &Operand) -> bool {
    let fields = |args: &[Node]| -> Option<Vec<(Base, Box<[u16]>)>> {
        args.iter()
            .map(|arg| match arg {
                Node::Get { base, fields } => Some((*base, fields.clone())),
                _ => None,
            })
            .collect()
    };
    match (a, b) {
        (
            Operand::Field { base, fields },
            Operand::Field {
                base: base_b,
                fields: fields_b,
            },
        ) => base == base_b && fields == fields_b,
        (Operand::Node(a), Operand::Node(b)) => match (&**a, &**b) {
            (
                Node::Call {
                    function:
                        f @ (Builtin::Characters
                        | Builtin::Graphemes
                        | Builtin::LocalTime
                        | Builtin::LocalDate),
                    args,
                    fact,
                    ..
                },
                Node::Call {
                    function: f_b,
                    args: args_b,
                    fact: fact_b,
                    ..
                },
            ) => {
                f == f_b
                    && fact == fact_b
                    && fields(args).is_some_and(|a| Some(a) == fields(args_b))
            }
            _ => false,
        },
        _ => false,
    }
}

/// A leaf testing its operand's text with `test` (its answer flipped when `negated`; a
/// value that is not a text fails `test`). A plain field is read in place, without going
/// through [`Read`]: most leaves read one, and the match costs a check.
fn on_text(
    read: Read,
    negated: bool,
    test: impl Fn(&str) -> bool + Send + Sync + 'static,
) -> Box<Test> {
    match read {
        Read::Path(path) => {
            Box::new(move |cx, vars| Ok(path.get(cx, vars).as_str().is_some_and(&test) != negated))
        }
        read => {
            Box::new(move |cx, vars| Ok(read.get(cx, vars)?.as_str().is_some_and(&test) != negated))
        }
    }
}

/// A leaf testing its operand, an integer or a time of day in minutes, with `holds`; any
/// other value fails. A plain field is read in place, as in [`on_text`].
fn on_int(read: Read, holds: impl Fn(i64) -> bool + Send + Sync + 'static) -> Box<Test> {
    let of = move |v: Val<'_>| match v {
        Val::Int(v) => holds(v),
        Val::Time(minutes) => holds(i64::from(minutes)),
        Val::Date(day) => holds(i64::from(day)),
        _ => false,
    };
    match read {
        Read::Path(path) => Box::new(move |cx, vars| Ok(of(path.get(cx, vars)))),
        read => Box::new(move |cx, vars| Ok(of(read.get(cx, vars)?))),
    }
}

fn leaf(node: Node) -> Box<Test> {
    match &node {
        Node::Get { base, fields } => {
            let path = Path::of(*base, fields);
            return Box::new(move |cx, vars| Ok(matches!(path.get(cx, vars), Val::Bool(true))));
        }
        Node::Present { base, fields } => {
            let path = Path::of(*base, fields);
            return Box::new(move |cx, vars| Ok(!matches!(path.get(cx, vars), Val::Missing)));
        }
        Node::EqStr {
            lhs,
            value,
            negated,
        } => {
            let (value, negated) = (value.clone(), *negated);
            if let Some((Builtin::Weekday, at, zone, span)) = local_of_fields(lhs) {
                return Box::new(move |cx, vars| {
                    Ok(match local(cx, vars, &at, &zone, span)? {
                        Some((_, weekday, _)) => same_text(weekday, &value) != negated,
                        None => negated,
                    })
                });
            }
            return on_text(Read::of(lhs.clone()), negated, move |s| {
                same_text(s, &value)
            });
        }
        Node::CmpInt(op, lhs, value) => return in_range(lhs, Range::of(*op, *value)),
        Node::InStrSet {
            needle,
            set,
            negated,
        } => {
            let set = set.clone();
            return on_text(Read::of(needle.clone()), *negated, move |s| in_set(&set, s));
        }
        Node::TextHas {
            function,
            text,
            needle,
        } => {
            let (function, needle) = (*function, needle.clone());
            return on_text(Read::of(text.clone()), false, move |s| {
                text_has(function, &needle, s)
            });
        }
        Node::Matches(text, re) => {
            let (re, read) = (re.clone(), Read::of(text.clone()));
            return Box::new(move |cx, vars| {
                Ok(read
                    .get(cx, vars)?
                    .as_str()
                    .is_some_and(|s| re.is_match_in(cx, s)))
            });
        }
        // Two operands compared, each read as leaves read them.
        Node::Cmp(op, a, b) => {
            let (op, a, b) = (
                *op,
                Read::of_node((**a).clone()),
                Read::of_node((**b).clone()),
            );
            return Box::new(move |cx, vars| Ok(compare(op, &a.get(cx, vars)?, &b.get(cx, vars)?)));
        }
        // `contains(message.body, message.brand)`: a search for a text not known at load.
        Node::Call {
            function: function @ (Builtin::Contains | Builtin::StartsWith | Builtin::EndsWith),
            args,
            fact: None,
            ..
        } if args.len() == 2 => {
            let function = *function;
            let mut reads = args.iter().cloned().map(Read::of_node);
            let (Some(a), Some(b)) = (reads.next(), reads.next()) else {
                return Box::new(move |cx, vars| node.truth(cx, vars));
            };
            return Box::new(move |cx, vars| {
                Ok(text_call(function, &a.get(cx, vars)?, &b.get(cx, vars)?))
            });
        }
        // A call of a built-in that `Read` calls directly (`valid_number(message.to)`, a
        // cached fact): true when it gives `true`.
        Node::Call { .. } => {
            let read = Read::of_node(node);
            if let Read::Node(node) = read {
                return Box::new(move |cx, vars| node.truth(cx, vars));
            }
            return Box::new(move |cx, vars| Ok(matches!(read.get(cx, vars)?, Val::Bool(true))));
        }
        _ => {}
    }
    Box::new(move |cx, vars| node.truth(cx, vars))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::schema::{FieldType, Schema};
    use crate::dsl::{compile_condition, Scope};

    static DOC: Schema = Schema {
        name: "doc",
        fields: &[
            crate::doc::schema::Field::new("text", FieldType::Str, ""),
            crate::doc::schema::Field::new("n", FieldType::Int, ""),
            crate::doc::schema::Field::new("flag", FieldType::Bool, ""),
        ],
    };

    /// `text`, `n` and `flag`; a text of `-` has no value, and nor has the flag when `n`
    /// is 99.
    struct Doc(&'static str, i64, bool);

    impl crate::dsl::Record for Doc {
        fn get(&self, field: usize) -> Val<'_> {
            match field {
                0 if self.0 == "-" => Val::Missing,
                0 => Val::Str(self.0),
                1 => Val::Int(self.1),
                2 if self.1 == 99 => Val::Missing,
                2 => Val::Bool(self.2),
                _ => Val::Missing,
            }
        }
    }

    /// `text` as a tree and compiled.
    fn both_forms(text: &str, scope: &Scope) -> (Node, Predicate) {
        let expr = crate::dsl::parse(text).unwrap_or_else(|e| panic!("{text}: {e:?}"));
        let node = || compile_condition(&expr, scope, &mut crate::dsl::Facts::default());
        let tree = node().unwrap_or_else(|e| panic!("{text}: {e:?}"));
        (
            tree,
            Predicate::new(node().unwrap_or_else(|e| panic!("{e:?}"))),
        )
    }

    /// Every shape of leaf, compiled and walked, agrees on every document.
    #[test]
    fn closures_agree_with_the_tree() {
        let scope = Scope::of(&[("doc", &DOC)]);
        let conditions = [
            r#"doc.text == "stop""#,
            r#"doc.text != "stop""#,
            r#""stop" == doc.text"#,
            "doc.n <= 10 and not doc.flag",
            "3 < doc.n or doc.flag",
            r#"doc.text in ["stop", "end"]"#,
            r#"doc.text not in ["stop", "end"]"#,
            r#"contains(doc.text, "to") and starts_with(doc.text, "s")"#,
            "contains(doc.text, doc.text) and not ends_with(doc.text, doc.text)",
            "doc.n >= doc.n and doc.text != doc.text",
            "doc.n < doc.n or doc.n == doc.n",
            r#"ends_with(doc.text, "p") or doc.text matches /^E/i"#,
            "characters(doc.text) > 3",
            "characters(doc.text) >= 2 and characters(doc.text) <= 4",
            "graphemes(doc.text) != 0",
            "characters(doc.text) <= 3 or characters(doc.text) == 9",
            "characters(doc.text) != 4 and graphemes(doc.text) < 2",
            "graphemes(doc.text) >= 5",
            "doc.n < -9223372036854775807 or doc.n > 9223372036854775806",
            "doc.n >= 3 and doc.n < 11",
            "doc.n >= 5 and doc.n <= 2 or doc.n > 0 and doc.n != 10",
            "doc.flag and doc.n >= -1 and doc.n <= 10 and doc.n < 4 and not doc.flag",
            "characters(doc.text) > 3 and graphemes(doc.text) > 3 and characters(doc.text) < 9",
            "doc.flag",
            "sms_units(doc.text) > 4 or doc.flag",
        ];
        let docs = [
            Doc("stop", 10, false),
            Doc("end", 11, true),
            Doc("", -1, false),
            Doc("Stopping", 3, true),
            // Nine characters in 13 bytes, eight graphemes.
            Doc("cafe\u{301} ☕ é", i64::MAX, false),
            Doc("☕☕", i64::MIN, true),
        ];
        for text in conditions {
            let (tree, predicate) = both_forms(text, &scope);
            for doc in &docs {
                let cx = Context::new(&[doc]);
                let walked = tree.test(&Context::new(&[doc]));
                assert_eq!(predicate.test(&cx), walked, "{text}");
            }
        }
    }

    /// A plain built-in (`sms_units`, one registry row and one function) is typed, named
    /// in errors and evaluated like any other, in both forms.
    #[test]
    fn a_plain_function_runs_from_its_registry_row() {
        let scope = Scope::of(&[("doc", &DOC)]);
        // GSM-7 septets, an extension character two; UTF-16 units once a character forces
        // UCS-2 (the coffee cup), an astral character two.
        for (body, units) in [("stop", 4), ("[a]", 5), ("", 0), ("☕ é", 3), ("😀", 2)] {
            let doc = Doc(body, 0, false);
            let (tree, predicate) = both_forms(&format!("sms_units(doc.text) == {units}"), &scope);
            assert_eq!(tree.test(&Context::new(&[&doc])), Ok(true), "{body:?}");
            assert_eq!(predicate.test(&Context::new(&[&doc])), Ok(true), "{body:?}");
        }
        let expr = crate::dsl::parse("sms_units(doc.n) > 1").unwrap();
        let errors = compile_condition(&expr, &scope, &mut crate::dsl::Facts::default())
            .err()
            .unwrap();
        assert!(errors[0].message.contains("sms_units"), "{errors:?}");
    }

    static SEND: Schema = Schema {
        name: "send",
        fields: &[
            crate::doc::schema::Field::new("to", FieldType::Str, ""),
            crate::doc::schema::Field::new("at", FieldType::Instant, ""),
            crate::doc::schema::Field::new("zone", FieldType::Str, "").optional(),
            crate::doc::schema::Field::new("tags", FieldType::StrList, ""),
            crate::doc::schema::Field::new("flag", FieldType::Bool, ""),
        ],
    };

    struct Send {
        to: &'static str,
        at: i64,
        zone: Option<&'static str>,
        tags: &'static [&'static str],
        flag: bool,
    }

    impl crate::dsl::Record for Send {
        fn get(&self, field: usize) -> Val<'_> {
            match field {
                0 => Val::Str(self.to),
                1 => Val::Instant(self.at),
                2 => self.zone.map_or(Val::Missing, Val::Str),
                3 => Val::List(&self.tags),
                4 => Val::Bool(self.flag),
                _ => Val::Missing,
            }
        }
    }

    /// Quantifiers, switches, remembered answers, `or_else`, facts and local times,
    /// compiled, agree with the tree on every document, errors included.
    #[test]
    fn compiled_quantifiers_and_local_times_agree_with_the_tree() {
        let scope = Scope::of(&[("send", &SEND)]);
        let conditions = [
            "all(time_zones(send.to), z -> local_time(send.at, z) >= 08:00 and local_time(send.at, z) < 21:00)",
            r#"any(time_zones(send.to), z -> weekday(send.at, z) == "sunday")"#,
            r#"all(time_zones(send.to), z -> weekday(send.at, z) != "sunday" or send.flag)"#,
            r#"any(send.tags, t -> t == "a") and not all(send.tags, t -> t != "b")"#,
            r#"any(send.tags, t -> any(send.tags, u -> u != t and t == "a"))"#,
            r#"not present(send.zone) or weekday(send.at, send.zone) != "monday""#,
            "present(send.zone) and local_time(send.at, send.zone) < 12:00",
            r#"or_else(send.zone, "UTC") == "UTC""#,
            r#"or_else(send.zone, region(send.to)) in ["FL", "TX", "UTC"]"#,
            r#"region(send.to) == "FL" or country(send.to) != "US""#,
            r#"all(["FL", "TX"], s -> s != region(send.to) or send.flag)"#,
            r#"any(["FL", "TX"], s -> s == region(send.to) and local_time(send.at, "America/Chicago") > 09:00)"#,
            r#"mentions(send.to, ["stop", "end"]) or not mentions(send.to, ["stop", "end"])"#,
            r#"send.to matches /^\+1305/ and present(send.zone)"#,
        ];
        let docs = [
            // Miami, a Monday at 14:00 UTC.
            Send {
                to: "+13055550123",
                at: 1_764_597_600,
                zone: None,
                tags: &["a", "b"],
                flag: false,
            },
            // El Paso (two zones), a Sunday at 02:00 UTC.
            Send {
                to: "+19155550123",
                at: 1_764_468_000,
                zone: Some("America/Denver"),
                tags: &[],
                flag: true,
            },
            // Houston, an unknown zone: local times fail.
            Send {
                to: "+17135550123",
                at: 1_764_597_600,
                zone: Some("Mars/Base"),
                tags: &["b"],
                flag: false,
            },
            // Not a number; the zone is UTC.
            Send {
                to: "stop now",
                at: 0,
                zone: Some("UTC"),
                tags: &["a"],
                flag: true,
            },
        ];
        let mut seen = [0; 3];
        for text in conditions {
            let (tree, predicate) = both_forms(text, &scope);
            for doc in &docs {
                let compiled = predicate.test(&Context::new(&[doc]));
                seen[match compiled {
                    Ok(true) => 0,
                    Ok(false) => 1,
                    Err(_) => 2,
                }] += 1;
                let walked = tree.test(&Context::new(&[doc]));
                assert_eq!(
                    compiled.as_ref().map_err(|e| &e.message),
                    walked.as_ref().map_err(|e| &e.message),
                    "{text} on {}",
                    doc.to
                );
            }
        }
        assert!(seen.iter().all(|&n| n > 0), "outcomes: {seen:?}");
    }

    const OPS: [CmpOp; 6] = [
        CmpOp::Eq,
        CmpOp::Ne,
        CmpOp::Lt,
        CmpOp::Le,
        CmpOp::Gt,
        CmpOp::Ge,
    ];

    fn edgy() -> impl proptest::strategy::Strategy<Value = i64> {
        use proptest::prelude::*;
        prop_oneof![-4_i64..=4, Just(i64::MIN), Just(i64::MAX), any::<i64>()]
    }

    proptest::proptest! {
        /// A comparison as a range holds exactly when the comparison does, and what it
        /// says of a whole span of values is true of each of them.
        #[test]
        fn a_range_is_its_comparison(
            op in 0..6_usize,
            value in edgy(),
            v in edgy(),
            least in 0..12_i64,
            width in 0..12_i64,
        ) {
            let op = OPS[op];
            let range = Range::of(op, value);
            proptest::prop_assert_eq!(range.holds(v), crate::dsl::ir::compare_int(op, v, value));
            let most = least + width;
            if let Some(answer) = range.decides((least, most)) {
                for v in least..=most {
                    proptest::prop_assert_eq!(range.holds(v), answer, "{:?} {} at {}", op, value, v);
                }
            }
        }

        /// The bounds a text's length gives hold its count of characters and graphemes.
        #[test]
        fn counts_are_within_their_bounds(text in "\\PC{0,12}|[a-z ]{0,40}|[é☕😀\u{301}\u{200d}a]{0,10}") {
            for function in [Builtin::Characters, Builtin::Graphemes] {
                let node = Node::Call {
                    function,
                    args: Box::new([Node::Get { base: Base::Root(0), fields: Box::new([0]) }]),
                    fact: None,
                    span: Span::default(),
                };
                let Some((count, _, _)) = count_of_field(&Operand::Node(Box::new(node))) else {
                    return Err(proptest::test_runner::TestCaseError::fail("not a count"));
                };
                let (least, most) = count.bounds(&text);
                let n = count.count(&text);
                proptest::prop_assert!(least <= n && n <= most, "{:?}: {} not in {}..={}", text, n, least, most);
            }
            proptest::prop_assert_eq!(characters(&text), i64::try_from(text.chars().count()).unwrap_or(i64::MAX));
        }
    }

    /// A `when` split into its guards and the rest holds exactly when the whole does.
    #[test]
    fn a_guard_and_the_rest_agree_with_the_whole() {
        let scope = Scope::of(&[("doc", &DOC)]);
        // The condition, how many guards lead it, and whether a rest follows.
        let cases = [
            (r#"doc.text == "stop""#, 1, false),
            (r#"doc.text == "stop" and doc.n > 3"#, 1, true),
            (r#"doc.text == "end" and doc.flag and doc.n < 11"#, 2, true),
            (r#"doc.text != "stop" and doc.flag"#, 0, true),
            (r#"doc.flag and doc.text == "stop""#, 2, false),
            (r#"doc.text == "stop" or doc.flag"#, 0, true),
            (
                r#"(doc.text == "stop" and doc.n > 0) and doc.flag"#,
                1,
                true,
            ),
            (
                // `present` is implied by the test after it and dropped.
                r#"present(doc.text) and doc.text == "end" and (doc.flag or doc.n > 3)"#,
                1,
                true,
            ),
            (r#"present(doc.flag) and doc.flag"#, 1, false),
            // The negated forms of the tests are guards too.
            (r#"not present(doc.text) and doc.n > 3"#, 1, true),
            (
                r#"doc.n > 0 and not (present(doc.flag) and doc.flag)"#,
                0,
                true,
            ),
            (
                r#"not (present(doc.flag) and doc.flag) and doc.n > 0"#,
                1,
                true,
            ),
            (
                r#"not (present(doc.text) and doc.text == "end") and not (present(doc.flag) and doc.flag)"#,
                2,
                false,
            ),
            (r#"not (present(doc.text) and doc.n > 3)"#, 0, true),
            (r#"not (present(doc.text) and doc.text != "end")"#, 0, true),
            (r#"present(doc.text) and doc.flag"#, 2, false),
            (r#"doc.n > 0 and doc.text == "end""#, 0, true),
        ];
        let docs = [
            Doc("stop", 10, false),
            Doc("end", 11, true),
            Doc("", -1, false),
            Doc("Stop", 3, true),
            Doc("-", 99, false),
            Doc("end", 99, true),
        ];
        for (text, guards_expected, has_rest) in cases {
            let expr = crate::dsl::parse(text).unwrap_or_else(|e| panic!("{text}: {e:?}"));
            let node = || compile_condition(&expr, &scope, &mut crate::dsl::Facts::default());
            let whole = node().unwrap_or_else(|e| panic!("{text}: {e:?}"));
            let (guards, rest) = Guard::split(node().unwrap_or_else(|e| panic!("{e:?}")));
            assert_eq!(
                (guards.len(), rest.is_some()),
                (guards_expected, has_rest),
                "{text}"
            );
            let rest = rest.map(Predicate::new);
            for doc in &docs {
                let cx = Context::new(&[doc]);
                let split = guards.iter().all(|g| g.test(&cx))
                    && rest.as_ref().is_none_or(|r| r.test(&cx) == Ok(true));
                assert_eq!(Ok(split), whole.test(&cx), "{text}");
            }
        }
    }
}
