//! The syntax tree of a condition. Every node carries the span of the text it came from.

use std::fmt;

pub use crate::text::Span;

/// A name with its place.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Ident {
    /// The name.
    pub name: String,
    /// Where it is written.
    pub span: Span,
}

/// An expression and where it is written.
#[derive(Clone, Debug, PartialEq)]
pub struct Expr {
    /// What the expression is.
    pub kind: ExprKind,
    /// The text it spans.
    pub span: Span,
}

/// The kinds of expression.
#[derive(Clone, Debug, PartialEq)]
pub enum ExprKind {
    /// A decimal integer.
    Int(i64),
    /// A string, escapes resolved.
    Str(String),
    /// `true` or `false`.
    Bool(bool),
    /// A time of day, in minutes after midnight (`08:30` is 510).
    TimeOfDay(u16),
    /// A calendar date, days since 1970-01-01.
    Date(i32),
    /// A duration, in seconds (`24h` is 86400).
    Duration(i64),
    /// A regular expression literal: its pattern and flags, checked when the rule loads.
    Regex {
        /// The pattern between the slashes.
        pattern: String,
        /// The flag letters after the closing slash.
        flags: String,
    },
    /// A list literal.
    List(Vec<Expr>),
    /// A dotted path: a document field, a data table or a bound variable.
    Path(Vec<Ident>),
    /// A call of a built-in function.
    Call {
        /// The function's name.
        function: Ident,
        /// The arguments, in order.
        args: Vec<Expr>,
    },
    /// `any(list, x -> body)`, `all(…)`, `count(…)`.
    Quantifier {
        /// Which quantifier.
        quantifier: Quantifier,
        /// The list quantified over.
        list: Box<Expr>,
        /// The name bound to each element in `body`.
        var: Ident,
        /// The condition evaluated for each element.
        body: Box<Expr>,
    },
    /// A prefix operator applied to an operand.
    Unary {
        /// The operator.
        op: UnaryOp,
        /// The operand.
        operand: Box<Expr>,
    },
    /// A binary operator applied to two operands.
    Binary {
        /// The operator.
        op: BinaryOp,
        /// The left operand.
        lhs: Box<Expr>,
        /// The right operand.
        rhs: Box<Expr>,
    },
}

/// List quantifiers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Quantifier {
    /// True when some element satisfies the body.
    Any,
    /// True when every element satisfies the body (true for an empty list).
    All,
    /// The number of elements that satisfy the body.
    Count,
    /// True when no two elements have the same key (the body is a key: a text or an
    /// integer; an element whose key is missing or empty has none).
    Distinct,
    /// The number of elements whose key another element also has.
    Duplicated,
    /// The non-empty texts the body gives, in list order, each once, joined by `, `
    /// (at most [`PICK_SHOWN`], then how many more): the culprits a message names.
    Pick,
    /// The keys (as for `distinct`) that more than one element has, joined as `pick` joins.
    Shared,
}

/// How many texts `pick` and `shared` name before saying how many more there are.
pub const PICK_SHOWN: usize = 10;

/// Prefix operators.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum UnaryOp {
    /// Boolean negation, `not`.
    Not,
    /// Arithmetic negation, `-`.
    Neg,
}

/// Binary operators.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BinaryOp {
    /// `or`
    Or,
    /// `and`
    And,
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
    /// `in`
    In,
    /// `not in`
    NotIn,
    /// `matches` (a regular expression)
    Matches,
    /// `+`
    Add,
    /// `-`
    Sub,
    /// `*`
    Mul,
    /// `/`
    Div,
    /// `%`
    Rem,
}

impl fmt::Display for BinaryOp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            BinaryOp::Or => "or",
            BinaryOp::And => "and",
            BinaryOp::Eq => "==",
            BinaryOp::Ne => "!=",
            BinaryOp::Lt => "<",
            BinaryOp::Le => "<=",
            BinaryOp::Gt => ">",
            BinaryOp::Ge => ">=",
            BinaryOp::In => "in",
            BinaryOp::NotIn => "not in",
            BinaryOp::Matches => "matches",
            BinaryOp::Add => "+",
            BinaryOp::Sub => "-",
            BinaryOp::Mul => "*",
            BinaryOp::Div => "/",
            BinaryOp::Rem => "%",
        })
    }
}

impl fmt::Display for Expr {
    /// Fully parenthesised, for tests and diagnostics that show how a condition was read.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            ExprKind::Int(n) => write!(f, "{n}"),
            ExprKind::Str(s) => write!(f, "{s:?}"),
            ExprKind::Bool(b) => write!(f, "{b}"),
            ExprKind::TimeOfDay(m) => write!(f, "{:02}:{:02}", m / 60, m % 60),
            ExprKind::Date(d) => f.write_str(&crate::dsl::builtins::time::format_date(*d)),
            ExprKind::Duration(s) => write!(f, "{s}s"),
            ExprKind::Regex { pattern, flags } => write!(f, "/{pattern}/{flags}"),
            ExprKind::List(items) => {
                f.write_str("[")?;
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{item}")?;
                }
                f.write_str("]")
            }
            ExprKind::Path(parts) => {
                let names: Vec<&str> = parts.iter().map(|p| p.name.as_str()).collect();
                f.write_str(&names.join("."))
            }
            ExprKind::Call { function, args } => {
                write!(f, "{}(", function.name)?;
                for (i, arg) in args.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{arg}")?;
                }
                f.write_str(")")
            }
            ExprKind::Quantifier {
                quantifier,
                list,
                var,
                body,
            } => {
                let q = match quantifier {
                    Quantifier::Any => "any",
                    Quantifier::All => "all",
                    Quantifier::Count => "count",
                    Quantifier::Distinct => "distinct",
                    Quantifier::Duplicated => "duplicated",
                    Quantifier::Pick => "pick",
                    Quantifier::Shared => "shared",
                };
                write!(f, "{q}({list}, {} -> {body})", var.name)
            }
            ExprKind::Unary { op, operand } => match op {
                UnaryOp::Not => write!(f, "(not {operand})"),
                UnaryOp::Neg => write!(f, "(-{operand})"),
            },
            ExprKind::Binary { op, lhs, rhs } => write!(f, "({lhs} {op} {rhs})"),
        }
    }
}
