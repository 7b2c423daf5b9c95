//! The compiled form of a condition: the [`Node`] tree the type checker lowers a
//! well-typed [`Expr`](crate::dsl::Expr) into, and the run-time error of evaluating one.
//!
//! Paths are field indices, regexes are compiled ([`pattern`]), constant lists are sets,
//! and each call of a costly function whose arguments do not depend on a bound variable
//! has a slot in the per-document fact cache, so `segments(message.body)` is computed once
//! per message however many rules ask for it. This module is data only: the interpreter
//! and the closures that evaluate it are in [`run`](crate::dsl::run).
//!
//! Evaluation is total except for facts the input cannot give (an unknown time zone, an
//! arithmetic overflow): those are an [`EvalError`] with the span of the failing part,
//! which the engine reports as an error outcome of the rule, never as a pass.

mod error;
pub mod pattern;

pub use error::EvalError;
pub(crate) use error::{fail, Result};

use crate::doc::value::Const;
use crate::dsl::syntax::ast::Quantifier;
use crate::text::Span;

/// The deepest nesting of quantifiers in one condition.
pub const MAX_BOUND_VARIABLES: usize = 8;
/// The number of cached facts per document; further costly calls are computed each time.
pub const MAX_FACTS: usize = 32;
// `Context::known` has a bit per fact.
const _: () = assert!(MAX_FACTS <= 32);

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
    /// Normalised, with accents dropped and compatibility forms (full width) decomposed.
    Fold,
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
    /// `local_date(instant, zone)`.
    LocalDate,
    /// `local_zones(number, state)`: the zones a recipient may be in.
    LocalZones,
    /// `recipient_state(number, state)`: the state the recipient's laws are those of.
    RecipientState,
    /// `recipient_in(country, number, state, zone)`: whether the recipient may be in the
    /// country.
    RecipientIn,
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
    /// A plain function: its index in [`PLAIN`](crate::dsl::builtins::PLAIN). (An index,
    /// not the row, keeps the IR's nodes small.)
    Plain(u8),
}

impl Builtin {
    /// Whether it is a function of a phone number, answered from the number's parse
    /// (`valid_number`, `country_code`, `number_shape`, …).
    pub(crate) fn of_a_number(self) -> bool {
        matches!(
            self,
            Builtin::ValidNumber
                | Builtin::NumberProblem
                | Builtin::NumberShape
                | Builtin::CountryCode
                | Builtin::AreaCode
                | Builtin::AreaCodeKind
                | Builtin::Country
                | Builtin::Region
                | Builtin::TimeZones
        )
    }

    /// Whether its cached fact is a text (`lower`, `normalize`, `fold`, `lookalikes`), kept
    /// apart from the numeric facts.
    pub(crate) fn of_a_text(self) -> bool {
        matches!(
            self,
            Builtin::Lower | Builtin::Normalize | Builtin::Fold | Builtin::Lookalikes
        )
    }
}

pub use crate::dsl::builtins::PlainFunction;

/// The most arguments a plain function takes.
pub const MAX_PLAIN_ARGS: usize = 4;

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
    pub(crate) operand: Operand,
    /// The keys, sorted.
    pub(crate) keys: Box<[Box<str>]>,
    /// The body for each key.
    pub(crate) bodies: Box<[Node]>,
    /// The result when no key equals the value (`true` for `all`, `false` for `any`).
    pub(crate) otherwise: bool,
}

/// `x <op> value` for integers.
#[inline(always)]
pub(crate) fn compare_int(op: CmpOp, v: i64, value: i64) -> bool {
    match op {
        CmpOp::Eq => v == value,
        CmpOp::Ne => v != value,
        CmpOp::Lt => v < value,
        CmpOp::Le => v <= value,
        CmpOp::Gt => v > value,
        CmpOp::Ge => v >= value,
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

/// `needle in list` (or `not in`), specialised when the list is a constant set of strings.
pub(crate) fn in_node(needle: Node, list: Node, negated: bool) -> Node {
    match list {
        Node::Const(Const::List(items)) if items.iter().all(|c| matches!(c, Const::Str(_))) => {
            let mut set: Vec<Box<str>> = items
                .iter()
                .filter_map(|c| match c {
                    Const::Str(s) => Some(s.clone()),
                    _ => None,
                })
                .collect();
            set.sort();
            set.dedup();
            Node::InStrSet {
                needle: needle.into(),
                set: set.into(),
                negated,
            }
        }
        list => Node::In {
            needle: Box::new(needle),
            list: Box::new(list),
            negated,
        },
    }
}

/// A comparison, specialised when one side is a constant string or integer (the common
/// case: `message.sender == "agent"`, `segments(message.body) > 1`).
pub(crate) fn compare(op: CmpOp, lhs: Node, rhs: Node) -> Node {
    let flip = |op| match op {
        CmpOp::Lt => CmpOp::Gt,
        CmpOp::Le => CmpOp::Ge,
        CmpOp::Gt => CmpOp::Lt,
        CmpOp::Ge => CmpOp::Le,
        same => same,
    };
    match (lhs, rhs) {
        (lhs, Node::Const(Const::Str(value))) | (Node::Const(Const::Str(value)), lhs)
            if matches!(op, CmpOp::Eq | CmpOp::Ne) =>
        {
            Node::EqStr {
                lhs: lhs.into(),
                value,
                negated: op == CmpOp::Ne,
            }
        }
        (lhs, Node::Const(Const::Int(value))) if !matches!(lhs, Node::Const(_)) => {
            Node::CmpInt(op, lhs.into(), value)
        }
        (Node::Const(Const::Int(value)), rhs) if !matches!(rhs, Node::Const(_)) => {
            Node::CmpInt(flip(op), rhs.into(), value)
        }
        // An order of times of day or dates: a missing one is in no order, as with `Cmp`.
        (lhs, Node::Const(Const::Time(t)))
            if !matches!(lhs, Node::Const(_)) && !matches!(op, CmpOp::Eq | CmpOp::Ne) =>
        {
            Node::CmpInt(op, lhs.into(), i64::from(t))
        }
        (Node::Const(Const::Time(t)), rhs)
            if !matches!(rhs, Node::Const(_)) && !matches!(op, CmpOp::Eq | CmpOp::Ne) =>
        {
            Node::CmpInt(flip(op), rhs.into(), i64::from(t))
        }
        (lhs, Node::Const(Const::Date(d)))
            if !matches!(lhs, Node::Const(_)) && !matches!(op, CmpOp::Eq | CmpOp::Ne) =>
        {
            Node::CmpInt(op, lhs.into(), i64::from(d))
        }
        (Node::Const(Const::Date(d)), rhs)
            if !matches!(rhs, Node::Const(_)) && !matches!(op, CmpOp::Eq | CmpOp::Ne) =>
        {
            Node::CmpInt(flip(op), rhs.into(), i64::from(d))
        }
        (lhs, rhs) => Node::Cmp(op, Box::new(lhs), Box::new(rhs)),
    }
}
