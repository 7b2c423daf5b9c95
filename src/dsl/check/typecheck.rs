//! Type checking a parsed condition against the declared documents ([`crate::doc::schema`]),
//! and lowering it to the evaluator's form ([`Node`](crate::dsl::ir::Node)) in the same pass.
//!
//! Every error is collected, not only the first, each with the span of the smallest
//! offending part and, for unknown names, a "did you mean" suggestion. Optional fields are
//! explicit: reading one is an error unless the condition proves it present first with
//! `present(path) and …` (or `not present(path) or …`); this is what turns "a missing value
//! silently compares false at run time" into a diagnostic at load time. Regex literals are
//! compiled here, once, with a bound on their compiled size.

use std::fmt;
use std::sync::Arc;

use crate::doc::schema::{FieldType, Schema, ACCOUNT, MESSAGE, NUMBER};
use crate::doc::value::Const;
use crate::dsl::diagnostic::Diagnostic;
use crate::dsl::ir::{
    compare, in_node, ArithOp, Base, Builtin, CmpOp, Node, Operand, MAX_BOUND_VARIABLES, MAX_FACTS,
};
use crate::dsl::syntax::ast::{BinaryOp, Expr, ExprKind, Ident, Quantifier, Span, UnaryOp};
use crate::text::did_you_mean;

pub use super::registry::function_docs;

pub use crate::dsl::builtins::text::MAX_REGEX_BYTES;

/// The most words or phrases one `mentions` searches for in a constant list: its search is
/// one regex, whose size and building time grow with the list.
pub const MAX_MENTION_WORDS: usize = 1_000;

/// The shape of a record in a data table: its field names and their types, in order.
#[derive(Clone, Debug, PartialEq)]
pub struct DataShape {
    /// The table's name, for diagnostics.
    pub name: String,
    /// Field names and types, in the order of the record's values.
    pub fields: Vec<(String, Type)>,
}

/// The type of a condition's value.
#[derive(Clone, Debug, PartialEq)]
pub enum Type {
    /// `true` or `false`.
    Bool,
    /// An integer.
    Int,
    /// Text.
    Str,
    /// A time of day.
    TimeOfDay,
    /// A calendar date.
    Date,
    /// A duration.
    Duration,
    /// An instant.
    Instant,
    /// A compiled regular expression.
    Regex,
    /// A list of values of one type.
    List(Box<Type>),
    /// The empty list literal, which fits any list type.
    EmptyList,
    /// A document record.
    Record(&'static Schema),
    /// A record of a data table.
    Data(Arc<DataShape>),
    /// A value that may be missing.
    Optional(Box<Type>),
}

impl fmt::Display for Type {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Type::Bool => f.write_str("bool"),
            Type::Int => f.write_str("int"),
            Type::Str => f.write_str("string"),
            Type::TimeOfDay => f.write_str("time of day"),
            Type::Date => f.write_str("date"),
            Type::Duration => f.write_str("duration"),
            Type::Instant => f.write_str("instant"),
            Type::Regex => f.write_str("regex"),
            Type::List(t) => write!(f, "list of {t}"),
            Type::EmptyList => f.write_str("empty list"),
            Type::Record(s) => write!(f, "{} record", s.name),
            Type::Data(s) => write!(f, "{} record", s.name),
            Type::Optional(t) => write!(f, "optional {t}"),
        }
    }
}

impl Type {
    fn of_field(ty: FieldType) -> Type {
        match ty {
            FieldType::Bool => Type::Bool,
            FieldType::Int => Type::Int,
            FieldType::Str => Type::Str,
            FieldType::Instant => Type::Instant,
            FieldType::Record(s) => Type::Record(s),
            FieldType::StrList => Type::List(Box::new(Type::Str)),
            FieldType::RecordList(s) => Type::List(Box::new(Type::Record(s))),
        }
    }

    /// The type's name with its indefinite article: `an int`, `a string`.
    pub fn a(&self) -> String {
        let name = self.to_string();
        let article = if name.starts_with(['a', 'e', 'i', 'o', 'u']) {
            "an"
        } else {
            "a"
        };
        format!("{article} {name}")
    }

    /// Whether values of this type can be written into a message with `{…}`.
    pub fn is_scalar(&self) -> bool {
        matches!(
            self,
            Type::Bool
                | Type::Int
                | Type::Str
                | Type::TimeOfDay
                | Type::Date
                | Type::Duration
                | Type::Instant
        ) || matches!(self, Type::List(t) if t.is_scalar())
    }
}

/// A condition that does not type-check.
pub type TypeError = Diagnostic;

/// A data table a condition can read as `data.NAME`.
#[derive(Clone, Debug)]
pub struct DataTable {
    /// The name after `data.`.
    pub name: String,
    /// Its type.
    pub ty: Type,
    /// Its value.
    pub value: Const,
}

/// The names a condition starts from: the rule's documents and the data tables.
#[derive(Clone, Debug)]
pub struct Scope {
    roots: Vec<(&'static str, Type)>,
    data: Arc<Vec<DataTable>>,
}

impl Scope {
    /// A rule that applies to a message: `message`.
    pub fn message() -> Scope {
        Scope::of(&[("message", &MESSAGE)])
    }

    /// A rule that applies to an account: `account`.
    pub fn account() -> Scope {
        Scope::of(&[("account", &ACCOUNT)])
    }

    /// A rule that applies to each number of an account: `number` and `account`.
    pub fn number() -> Scope {
        Scope::of(&[("number", &NUMBER), ("account", &ACCOUNT)])
    }

    /// A scope whose roots are the given records, in this order (at most two).
    pub fn of(roots: &[(&'static str, &'static Schema)]) -> Scope {
        Scope {
            roots: roots
                .iter()
                .take(2)
                .map(|(n, s)| (*n, Type::Record(s)))
                .collect(),
            data: Arc::default(),
        }
    }

    /// The same scope with data tables reachable as `data.NAME`.
    pub fn with_data(mut self, data: Arc<Vec<DataTable>>) -> Scope {
        self.data = data;
        self
    }

    /// The roots' names, in order.
    pub fn root_names(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.roots.iter().map(|(n, _)| *n)
    }
}

/// The per-document fact cache's slots, shared by every rule compiled into one engine:
/// equal var-free calls of costly functions share a slot.
#[derive(Clone, Debug, Default)]
pub struct Facts {
    keys: Vec<String>,
    /// The `mentions` searches of constant word lists, one per list.
    mentions: Vec<crate::dsl::ir::pattern::Pattern>,
    /// The groups of `mentions` searches over the same text (its source).
    groups: Vec<(String, Arc<crate::dsl::ir::pattern::MentionGroup>)>,
}

impl Facts {
    /// Builds the searches of `mentions` with constant word lists and of their groups, which
    /// the first check would otherwise build.
    pub fn warm(&self) {
        for p in &self.mentions {
            p.warm();
        }
        for (_, group) in &self.groups {
            group.warm();
        }
    }

    /// How many slots are in use.
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    /// Whether no slot is in use.
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// The search of `mentions` for `words`: the one already made for the same words, so
    /// that its regex is built once for all the rules that use it.
    fn mentions(&mut self, words: &[Const]) -> crate::dsl::ir::pattern::Pattern {
        if let Some(p) = self
            .mentions
            .iter()
            .find(|p| p.mentions_words() == Some(words))
        {
            return p.clone();
        }
        let p = crate::dsl::ir::pattern::Pattern::mentions(words.into());
        self.mentions.push(p.clone());
        p
    }

    /// `pattern`, a `mentions` search of `text` (its source), searched together with the
    /// other lists searched in the same text. The group takes a fact slot only when a
    /// second list joins it.
    fn grouped(
        &mut self,
        pattern: crate::dsl::ir::pattern::Pattern,
        text: String,
    ) -> crate::dsl::ir::pattern::Pattern {
        let group = match self.groups.iter().find(|(t, _)| *t == text) {
            Some((_, group)) => Arc::clone(group),
            None => {
                let group = Arc::new(crate::dsl::ir::pattern::MentionGroup::default());
                self.groups.push((text.clone(), Arc::clone(&group)));
                group
            }
        };
        let pattern = pattern.in_group(&group);
        if group.len() == 2 {
            if let Some(slot) = self.slot(format!("mentions-first({text})")) {
                group.keep_in(slot);
            }
        }
        pattern
    }

    fn slot(&mut self, key: String) -> Option<u8> {
        if let Some(i) = self.keys.iter().position(|k| *k == key) {
            return u8::try_from(i).ok();
        }
        if self.keys.len() >= MAX_FACTS {
            return None;
        }
        self.keys.push(key);
        u8::try_from(self.keys.len() - 1).ok()
    }
}
/// A type-checked, compiled expression.
pub struct Typed {
    /// Its type.
    pub ty: Type,
    /// Its compiled form.
    pub node: Node,
}

/// Checks that `expr` is a well-typed condition (a `bool`) in `scope`.
pub fn check_condition(expr: &Expr, scope: &Scope) -> Result<(), Vec<TypeError>> {
    compile_condition(expr, scope, &mut Facts::default()).map(|_| ())
}

/// Checks that `expr` is a well-typed condition (a `bool`) in `scope` and compiles it.
pub fn compile_condition(
    expr: &Expr,
    scope: &Scope,
    facts: &mut Facts,
) -> Result<Node, Vec<TypeError>> {
    let mut checker = Checker::new(scope, facts);
    let typed = checker.value(expr);
    if let Some(t) = &typed {
        if t.ty != Type::Bool {
            checker.error(
                format!("the condition is {}, not a bool", t.ty.a()),
                expr.span,
                Some("compare it with something, e.g. `… > 0` or `… == \"x\"`".into()),
            );
        }
    }
    match typed {
        Some(t) if checker.errors.is_empty() => Ok(t.node),
        _ => Err(checker.errors),
    }
}

/// [`compile_condition`] with every quantifier left a loop: the form the unrolled one is
/// tested against.
#[cfg(test)]
pub(super) fn compile_condition_looped(expr: &Expr, scope: &Scope) -> Option<Node> {
    let mut facts = Facts::default();
    let mut checker = Checker::new(scope, &mut facts);
    checker.unroll = false;
    checker.value(expr).map(|t| t.node)
}

/// Checks and compiles an expression interpolated into a message (`{…}`): any value that
/// reads well as text.
pub fn compile_value(
    expr: &Expr,
    scope: &Scope,
    facts: &mut Facts,
) -> Result<Typed, Vec<TypeError>> {
    let mut checker = Checker::new(scope, facts);
    let typed = checker.value(expr);
    if let Some(t) = &typed {
        if !t.ty.is_scalar() {
            checker.error(
                format!("{} cannot be written into a message", t.ty.a()),
                expr.span,
                Some("interpolate one of its fields instead".into()),
            );
        }
    }
    match typed {
        Some(t) if checker.errors.is_empty() => Ok(t),
        _ => Err(checker.errors),
    }
}

struct Checker<'s> {
    scope: &'s Scope,
    facts: &'s mut Facts,
    /// Variables bound by quantifiers, innermost last.
    vars: Vec<(String, Type)>,
    /// Paths proven present where the current expression is evaluated.
    present: Vec<String>,
    errors: Vec<TypeError>,
    /// Whether `any` and `all` over a constant list are unrolled (always, but in the test
    /// that compares both forms).
    unroll: bool,
}

fn path_text(parts: &[Ident]) -> String {
    parts
        .iter()
        .map(|p| p.name.as_str())
        .collect::<Vec<_>>()
        .join(".")
}

fn typed(ty: Type, node: Node) -> Option<Typed> {
    Some(Typed { ty, node })
}

/// Whether a compiled expression reads a bound variable (and so cannot be cached per
/// document).
fn uses_var(node: &Node) -> bool {
    match node {
        Node::Const(_) | Node::Regex(_) => false,
        Node::Get { base, .. } | Node::Present { base, .. } => matches!(base, Base::Var(_)),
        Node::Not(a) | Node::Neg(a, _) => uses_var(a),
        Node::Matches(a, _) | Node::TextHas { text: a, .. } => operand_uses_var(a),
        Node::And(a, b) | Node::Or(a, b) | Node::Cmp(_, a, b) | Node::Arith(_, a, b, _) => {
            uses_var(a) || uses_var(b)
        }
        Node::In { needle, list, .. } => uses_var(needle) || uses_var(list),
        Node::InStrSet { needle: a, .. } | Node::EqStr { lhs: a, .. } | Node::CmpInt(_, a, _) => {
            operand_uses_var(a)
        }
        Node::Call { args, .. } => args.iter().any(uses_var),
        Node::Switch(switch) => {
            operand_uses_var(&switch.operand) || switch.bodies.iter().any(uses_var)
        }
        Node::Memo { node, .. } => uses_var(node),
        Node::Quantifier { list, body, .. } => uses_var(list) || uses_var(body),
        Node::OrElse { base, fallback, .. } => matches!(base, Base::Var(_)) || uses_var(fallback),
    }
}

fn operand_uses_var(operand: &Operand) -> bool {
    operand.reads_var() || operand.node().is_some_and(uses_var)
}

impl<'s> Checker<'s> {
    fn new(scope: &'s Scope, facts: &'s mut Facts) -> Checker<'s> {
        Checker {
            scope,
            facts,
            vars: Vec::new(),
            present: Vec::new(),
            errors: Vec::new(),
            unroll: true,
        }
    }

    fn error(&mut self, message: String, span: Span, help: Option<String>) {
        self.errors.push(TypeError {
            message,
            span,
            help,
        });
    }

    /// The type of a value that is read: an optional one must be proven present.
    fn value(&mut self, expr: &Expr) -> Option<Typed> {
        let t = self.infer(expr)?;
        if let Type::Optional(_) = t.ty {
            let what = match &expr.kind {
                ExprKind::Path(parts) => path_text(parts),
                _ => "this value".into(),
            };
            self.error(
                format!("`{what}` may be missing"),
                expr.span,
                Some(format!("check it first: `present({what}) and …`")),
            );
            return None;
        }
        Some(t)
    }

    fn infer(&mut self, expr: &Expr) -> Option<Typed> {
        match &expr.kind {
            ExprKind::Int(i) => typed(Type::Int, Node::Const(Const::Int(*i))),
            ExprKind::Str(s) => typed(Type::Str, Node::Const(Const::Str(s.as_str().into()))),
            ExprKind::Bool(b) => typed(Type::Bool, Node::Const(Const::Bool(*b))),
            ExprKind::TimeOfDay(m) => {
                if *m >= 24 * 60 {
                    self.error(
                        "a time of day runs from 00:00 to 23:59".into(),
                        expr.span,
                        None,
                    );
                    return None;
                }
                typed(Type::TimeOfDay, Node::Const(Const::Time(*m)))
            }
            ExprKind::Date(d) => typed(Type::Date, Node::Const(Const::Date(*d))),
            ExprKind::Duration(d) => typed(Type::Duration, Node::Const(Const::Duration(*d))),
            ExprKind::Regex { pattern, flags } => self.regex(pattern, flags, expr.span),
            ExprKind::List(items) => self.list(items),
            ExprKind::Path(parts) => self.path(parts),
            ExprKind::Call { function, args } => self.call(function, args, expr.span),
            ExprKind::Quantifier {
                quantifier,
                list,
                var,
                body,
            } => self.quantifier(*quantifier, list, var, body),
            ExprKind::Unary { op, operand } => {
                let t = self.value(operand)?;
                let (want, name) = match op {
                    UnaryOp::Not => (Type::Bool, "not"),
                    UnaryOp::Neg => (Type::Int, "-"),
                };
                let fits = t.ty == want || (*op == UnaryOp::Neg && t.ty == Type::Duration);
                if !fits {
                    self.error(
                        format!("`{name}` needs {}, not {}", want.a(), t.ty.a()),
                        operand.span,
                        None,
                    );
                    return None;
                }
                let node = match op {
                    UnaryOp::Not => Node::Not(Box::new(t.node)),
                    UnaryOp::Neg => Node::Neg(Box::new(t.node), expr.span),
                };
                typed(t.ty, node)
            }
            ExprKind::Binary { op, lhs, rhs } => self.binary(*op, lhs, rhs, expr.span),
        }
    }

    fn regex(&mut self, pattern: &str, flags: &str, span: Span) -> Option<Typed> {
        let built = regex::RegexBuilder::new(pattern)
            .case_insensitive(flags.contains('i'))
            .multi_line(flags.contains('m'))
            .dot_matches_new_line(flags.contains('s'))
            .ignore_whitespace(flags.contains('x'))
            .size_limit(MAX_REGEX_BYTES)
            .build();
        match built {
            Ok(re) => {
                // The same syntax the regex was built from, for its needle bytes.
                let hir = regex_syntax::ParserBuilder::new()
                    .case_insensitive(flags.contains('i'))
                    .multi_line(flags.contains('m'))
                    .dot_matches_new_line(flags.contains('s'))
                    .ignore_whitespace(flags.contains('x'))
                    .build()
                    .parse(pattern)
                    .ok();
                let pattern = crate::dsl::ir::pattern::Pattern::new(re, hir.as_ref());
                typed(Type::Regex, Node::Regex(Box::new(pattern)))
            }
            Err(e) => {
                let detail = e.to_string();
                let last = detail.lines().last().unwrap_or("").trim();
                let first = last.strip_prefix("error: ").unwrap_or(last).to_string();
                self.error(
                    format!("the regular expression `/{pattern}/` does not compile: {first}"),
                    span,
                    None,
                );
                None
            }
        }
    }

    fn list(&mut self, items: &[Expr]) -> Option<Typed> {
        let mut element: Option<Type> = None;
        let mut values = Vec::with_capacity(items.len());
        let mut ok = true;
        for item in items {
            let Some(t) = self.value(item) else {
                ok = false;
                continue;
            };
            match &element {
                None => element = Some(t.ty.clone()),
                Some(e) if *e == t.ty => {}
                Some(e) => {
                    let e = e.clone();
                    self.error(
                        format!("a list of {e} cannot hold {}", t.ty.a()),
                        item.span,
                        None,
                    );
                    ok = false;
                    continue;
                }
            }
            match t.node {
                Node::Const(c) => values.push(c),
                _ => {
                    self.error(
                        "a list literal holds constants only".into(),
                        item.span,
                        Some("compare the value on its own, e.g. `a == x or a == y`".into()),
                    );
                    ok = false;
                }
            }
        }
        if !ok {
            return None;
        }
        let ty = element.map_or(Type::EmptyList, |t| Type::List(Box::new(t)));
        typed(ty, Node::Const(Const::List(values.into())))
    }

    /// The values a path's field accepts, when the path is a document field with a closed
    /// set of values (`message.category`, `n.source` for a number `n`).
    fn closed_values(&self, expr: &Expr) -> Option<(String, &'static [&'static str])> {
        let ExprKind::Path(parts) = &expr.kind else {
            return None;
        };
        let (first, rest) = parts.split_first()?;
        let mut t = match self.vars.iter().rposition(|(n, _)| *n == first.name) {
            Some(depth) => self.vars.get(depth)?.1.clone(),
            None => {
                let i = self
                    .scope
                    .roots
                    .iter()
                    .position(|(n, _)| *n == first.name)?;
                self.scope.roots.get(i)?.1.clone()
            }
        };
        let mut values = None;
        for part in rest {
            let Type::Record(schema) = t else {
                return None;
            };
            let field = schema.field(&part.name)?;
            values = match field.values {
                crate::doc::schema::Values::OneOf(names) => Some(names),
                _ => None,
            };
            t = Type::of_field(field.ty);
        }
        Some((path_text(parts), values?))
    }

    /// A field with a closed set of values compared with a string outside it: the
    /// comparison can never hold, which is a mistake in the rule (a misspelt value).
    fn check_closed_value(&mut self, field: &Expr, value: &Expr) {
        let ExprKind::Str(text) = &value.kind else {
            return;
        };
        let Some((path, names)) = self.closed_values(field) else {
            return;
        };
        if names.contains(&text.as_str()) {
            return;
        }
        let help = did_you_mean(text, names)
            .unwrap_or_else(|| format!("write one of {}", names.join(", ")));
        self.error(
            format!(
                "`{path}` is never `{text}`: its values are {}",
                names.join(", ")
            ),
            value.span,
            Some(help),
        );
    }

    fn path(&mut self, parts: &[Ident]) -> Option<Typed> {
        let (first, rest) = parts.split_first()?;
        let var = self.vars.iter().rposition(|(n, _)| *n == first.name);
        let root = self.scope.roots.iter().position(|(n, _)| *n == first.name);
        let (base, mut t) = match (var, root) {
            (Some(depth), _) => (
                Base::Var(u8::try_from(depth).ok()?),
                self.vars.get(depth)?.1.clone(),
            ),
            (None, Some(i)) => (
                Base::Root(u8::try_from(i).ok()?),
                self.scope.roots.get(i)?.1.clone(),
            ),
            (None, None) if first.name == "data" => return self.data(parts),
            (None, None) => {
                let mut names: Vec<&str> = self
                    .vars
                    .iter()
                    .map(|(n, _)| n.as_str())
                    .chain(self.scope.roots.iter().map(|(n, _)| *n))
                    .collect();
                if !self.scope.data.is_empty() {
                    names.push("data");
                }
                let help = did_you_mean(&first.name, &names)
                    .or_else(|| Some(format!("a condition here starts from {}", names.join(", "))));
                self.error(format!("unknown name `{}`", first.name), first.span, help);
                return None;
            }
        };
        let mut fields = Vec::with_capacity(rest.len());
        for (i, part) in rest.iter().enumerate() {
            let so_far = path_text(parts.get(..=i).unwrap_or(parts));
            let whole = path_text(parts.get(..=i + 1).unwrap_or(parts));
            let (index, field_ty, optional) = match &t {
                Type::Record(schema) => {
                    let Some(index) = schema.fields.iter().position(|f| f.name == part.name) else {
                        let names: Vec<&str> = schema.fields.iter().map(|f| f.name).collect();
                        let help = did_you_mean(&part.name, &names);
                        self.error(
                            format!("`{so_far}` has no field `{}`", part.name),
                            part.span,
                            help,
                        );
                        return None;
                    };
                    let field = schema.fields.get(index)?;
                    (index, Type::of_field(field.ty), field.optional)
                }
                Type::Data(shape) => {
                    let Some(index) = shape.fields.iter().position(|(n, _)| *n == part.name) else {
                        let names: Vec<&str> =
                            shape.fields.iter().map(|(n, _)| n.as_str()).collect();
                        let help = did_you_mean(&part.name, &names);
                        self.error(
                            format!("`{so_far}` has no field `{}`", part.name),
                            part.span,
                            help,
                        );
                        return None;
                    };
                    (index, shape.fields.get(index)?.1.clone(), false)
                }
                Type::Optional(_) => {
                    self.error(
                        format!("`{so_far}` may be missing"),
                        part.span,
                        Some(format!("check it first: `present({so_far}) and …`")),
                    );
                    return None;
                }
                other => {
                    self.error(
                        format!("`{so_far}` is {}, which has no fields", other.a()),
                        part.span,
                        None,
                    );
                    return None;
                }
            };
            fields.push(u16::try_from(index).ok()?);
            t = field_ty;
            if optional && !self.present.contains(&whole) {
                t = Type::Optional(Box::new(t));
            }
        }
        typed(
            t,
            Node::Get {
                base,
                fields: fields.into(),
            },
        )
    }

    /// `data.NAME` and fields of a data record: constants, resolved now.
    fn data(&mut self, parts: &[Ident]) -> Option<Typed> {
        let data = Arc::clone(&self.scope.data);
        let Some(name) = parts.get(1) else {
            let names: Vec<&str> = data.iter().map(|t| t.name.as_str()).collect();
            self.error(
                "`data` is the rule pack's tables; name one".into(),
                parts.first()?.span,
                Some(format!("the tables are {}", names.join(", "))),
            );
            return None;
        };
        let Some(table) = data.iter().find(|t| t.name == name.name) else {
            let names: Vec<&str> = data.iter().map(|t| t.name.as_str()).collect();
            let help = did_you_mean(&name.name, &names).or_else(|| {
                Some(if names.is_empty() {
                    "this rule pack has no tables in `data/`".into()
                } else {
                    format!("the tables are {}", names.join(", "))
                })
            });
            self.error(
                format!("unknown data table `{}`", name.name),
                name.span,
                help,
            );
            return None;
        };
        let mut ty = table.ty.clone();
        let mut value = table.value.clone();
        for part in parts.get(2..).unwrap_or(&[]) {
            let (Type::Data(shape), Const::Record(values)) = (&ty, &value) else {
                self.error(format!("{} has no fields", ty.a()), part.span, None);
                return None;
            };
            let Some(i) = shape.fields.iter().position(|(n, _)| *n == part.name) else {
                let names: Vec<&str> = shape.fields.iter().map(|(n, _)| n.as_str()).collect();
                let help = did_you_mean(&part.name, &names);
                self.error(
                    format!("`data.{}` has no field `{}`", table.name, part.name),
                    part.span,
                    help,
                );
                return None;
            };
            let next_ty = shape.fields.get(i)?.1.clone();
            let next_value = values.get(i)?.clone();
            ty = next_ty;
            value = next_value;
        }
        typed(ty, Node::Const(value))
    }

    fn call(&mut self, function: &Ident, args: &[Expr], span: Span) -> Option<Typed> {
        if function.name == "present" {
            return match args {
                [path @ Expr {
                    kind: ExprKind::Path(_),
                    ..
                }] => {
                    // Reading an optional field is allowed here: this is the check.
                    let t = self.infer(path)?;
                    match t.node {
                        Node::Get { base, fields } => {
                            typed(Type::Bool, Node::Present { base, fields })
                        }
                        _ => typed(Type::Bool, Node::Const(Const::Bool(true))),
                    }
                }
                _ => {
                    self.error(
                        "`present` takes one path, e.g. `present(message.brand)`".into(),
                        span,
                        None,
                    );
                    None
                }
            };
        }
        if function.name == "or_else" {
            return self.or_else(args, span);
        }
        let table = super::registry::functions();
        let Some(f) = table.iter().find(|f| f.name == function.name) else {
            let mut names: Vec<&str> = table.iter().map(|f| f.name).collect();
            names.push("present");
            let help = did_you_mean(&function.name, &names)
                .or_else(|| Some(format!("the functions are {}", names.join(", "))));
            self.error(
                format!("unknown function `{}`", function.name),
                function.span,
                help,
            );
            return None;
        };
        if args.len() != f.params.len() {
            self.error(
                format!(
                    "`{}` takes {} argument{}, not {} ({})",
                    f.name,
                    f.params.len(),
                    if f.params.len() == 1 { "" } else { "s" },
                    args.len(),
                    f.doc
                ),
                span,
                None,
            );
            return None;
        }
        let mut ok = true;
        let mut nodes = Vec::with_capacity(args.len());
        for (arg, param) in args.iter().zip(f.params) {
            let Some(t) = self.value(arg) else {
                ok = false;
                continue;
            };
            if !super::registry::fits(*param, &t.ty) {
                self.error(
                    format!(
                        "`{}` needs a {}, not {}",
                        f.name,
                        super::registry::param_name(*param),
                        t.ty.a()
                    ),
                    arg.span,
                    None,
                );
                ok = false;
            }
            nodes.push(t.node);
        }
        if !ok {
            return None;
        }
        let fact = match f.fact {
            Some(prefix) if !nodes.iter().any(uses_var) => {
                // `recipient_in` keeps where the recipient may be, whatever the country
                // asked: its calls for the US and for Canada share one fact.
                let skip = usize::from(f.builtin == Builtin::RecipientIn);
                let key: Vec<String> = args.iter().skip(skip).map(ToString::to_string).collect();
                self.facts.slot(format!("{prefix}({})", key.join(", ")))
            }
            _ => None,
        };
        // The type of `mentions`' list is a list of strings: a constant one needs no check.
        let search = match (f.builtin, nodes.get(1)) {
            (Builtin::Mentions, Some(Node::Const(Const::List(words))))
                if words.len() > MAX_MENTION_WORDS =>
            {
                self.error(
                    format!(
                        "`mentions` searches at most {MAX_MENTION_WORDS} words or phrases; this list has {}",
                        words.len()
                    ),
                    args.get(1).map_or(span, |a| a.span),
                    Some("split the list into several tables, each searched by its own `mentions`, or keep only the words the rule needs".into()),
                );
                return None;
            }
            (Builtin::Mentions, Some(Node::Const(Const::List(words)))) => {
                let pattern = self.facts.mentions(words);
                // A text that reads no bound variable is the same for every rule of a
                // document: the lists searched in it are searched together.
                Some(match (nodes.first(), args.first()) {
                    (Some(text), Some(source)) if !uses_var(text) => {
                        self.facts.grouped(pattern, source.to_string())
                    }
                    _ => pattern,
                })
            }
            _ => None,
        };
        typed(
            f.result.clone(),
            call_node(f.builtin, nodes, fact, search, span),
        )
    }

    /// `or_else(path, fallback)`: the optional field at `path` when the document has it,
    /// `fallback` (of the field's type) when it does not.
    fn or_else(&mut self, args: &[Expr], span: Span) -> Option<Typed> {
        let [path @ Expr {
            kind: ExprKind::Path(parts),
            ..
        }, fallback] = args
        else {
            self.error(
                "`or_else` takes a path and a value, e.g. `or_else(message.recipient.state, region(message.to))`".into(),
                span,
                None,
            );
            return None;
        };
        // Reading an optional field is allowed here: the fallback covers its absence.
        let value = self.infer(path);
        let fallback = self.value(fallback);
        let (value, fallback) = (value?, fallback?);
        let Node::Get { base, fields } = value.node else {
            return None;
        };
        let ty = match value.ty {
            Type::Optional(t) => *t,
            t => t,
        };
        if fallback.ty != ty {
            self.error(
                format!(
                    "the fallback is {}, but `{}` is {}",
                    fallback.ty.a(),
                    path_text(parts),
                    ty.a()
                ),
                args.get(1).map_or(span, |a| a.span),
                Some("give a fallback of the field's type".into()),
            );
            return None;
        }
        typed(
            ty,
            Node::OrElse {
                base,
                fields,
                fallback: Box::new(fallback.node),
            },
        )
    }

    fn quantifier(
        &mut self,
        q: Quantifier,
        list: &Expr,
        var: &Ident,
        body: &Expr,
    ) -> Option<Typed> {
        let list_t = self.value(list)?;
        let element = match list_t.ty {
            Type::List(t) => *t,
            Type::EmptyList => Type::Bool,
            other => {
                self.error(
                    format!("a quantifier needs a list, not {}", other.a()),
                    list.span,
                    None,
                );
                return None;
            }
        };
        if self.vars.len() >= MAX_BOUND_VARIABLES {
            self.error(
                format!("quantifiers nest at most {MAX_BOUND_VARIABLES} deep"),
                var.span,
                None,
            );
            return None;
        }
        let depth = u8::try_from(self.vars.len()).ok()?;
        self.vars.push((var.name.clone(), element));
        let t = self.value(body);
        self.vars.pop();
        let t = t?;
        let keyed = matches!(
            q,
            Quantifier::Distinct | Quantifier::Duplicated | Quantifier::Shared
        );
        if q == Quantifier::Pick && t.ty != Type::Str {
            self.error(
                format!("the text after `->` is {}, not a string", t.ty.a()),
                body.span,
                Some(
                    "`pick` names what the body gives, such as `x -> choose(ok(x), '', x)`".into(),
                ),
            );
            return None;
        }
        if keyed && !matches!(t.ty, Type::Str | Type::Int) {
            self.error(
                format!(
                    "the key after `->` is {}, not a string or an integer",
                    t.ty.a()
                ),
                body.span,
                Some("a key is what elements are told apart by, such as `n -> n.number`".into()),
            );
            return None;
        }
        if !keyed && q != Quantifier::Pick && t.ty != Type::Bool {
            self.error(
                format!("the condition after `->` is {}, not a bool", t.ty.a()),
                body.span,
                None,
            );
            return None;
        }
        let ty = match q {
            Quantifier::Any | Quantifier::All | Quantifier::Distinct => Type::Bool,
            Quantifier::Count | Quantifier::Duplicated => Type::Int,
            Quantifier::Pick | Quantifier::Shared => Type::Str,
        };
        if let (true, Node::Const(Const::List(items))) = (self.unroll, &list_t.node) {
            if let Some(node) = super::unroll::unroll(q, items, depth, &t.node) {
                return typed(ty, node);
            }
        }
        typed(
            ty,
            Node::Quantifier {
                quantifier: q,
                list: Box::new(list_t.node),
                var: depth,
                body: Box::new(t.node),
            },
        )
    }

    fn binary(&mut self, op: BinaryOp, lhs: &Expr, rhs: &Expr, span: Span) -> Option<Typed> {
        // `present(p) and …` and `not present(p) or …` prove `p` present on the right.
        let l = self.value(lhs);
        let mut proven = Vec::new();
        match op {
            BinaryOp::And => presence_facts(lhs, false, &mut proven),
            BinaryOp::Or => presence_facts(lhs, true, &mut proven),
            _ => {}
        }
        let before = self.present.len();
        self.present.extend(proven);
        let r = self.value(rhs);
        self.present.truncate(before);
        let (l, r) = (l?, r?);
        let (lt, rt) = (&l.ty, &r.ty);
        let mismatch = |c: &mut Self, what: &str| {
            c.error(
                format!("`{op}` {what}, not {} and {}", lt.a(), rt.a()),
                span,
                None,
            );
            None
        };
        let boxed = |a: Node, b: Node| (Box::new(a), Box::new(b));
        match op {
            BinaryOp::And | BinaryOp::Or => {
                if *lt == Type::Bool && *rt == Type::Bool {
                    let (a, b) = boxed(l.node, r.node);
                    let node = if op == BinaryOp::And {
                        Node::And(a, b)
                    } else {
                        Node::Or(a, b)
                    };
                    typed(Type::Bool, node)
                } else {
                    mismatch(self, "needs two bools")
                }
            }
            BinaryOp::Eq | BinaryOp::Ne => {
                // Values of one scalar type compare; lists do not.
                let scalar = lt.is_scalar() && !matches!(lt, Type::List(_));
                if lt == rt && scalar {
                    self.check_closed_value(lhs, rhs);
                    self.check_closed_value(rhs, lhs);
                    let cmp = if op == BinaryOp::Eq {
                        CmpOp::Eq
                    } else {
                        CmpOp::Ne
                    };
                    typed(Type::Bool, compare(cmp, l.node, r.node))
                } else {
                    mismatch(self, "compares two values of one type")
                }
            }
            BinaryOp::Lt | BinaryOp::Le | BinaryOp::Gt | BinaryOp::Ge => {
                let ordered = matches!(
                    lt,
                    Type::Int | Type::TimeOfDay | Type::Date | Type::Duration | Type::Instant
                );
                if lt == rt && ordered {
                    let cmp = match op {
                        BinaryOp::Lt => CmpOp::Lt,
                        BinaryOp::Le => CmpOp::Le,
                        BinaryOp::Gt => CmpOp::Gt,
                        _ => CmpOp::Ge,
                    };
                    typed(Type::Bool, compare(cmp, l.node, r.node))
                } else {
                    mismatch(self, "orders two ints, times, dates, durations or instants")
                }
            }
            BinaryOp::In | BinaryOp::NotIn => {
                let fits = match rt {
                    Type::List(e) => **e == *lt,
                    Type::EmptyList => true,
                    _ => false,
                };
                if !fits {
                    return mismatch(self, "needs a value and a list of that type");
                }
                if let ExprKind::List(items) = &rhs.kind {
                    for item in items {
                        self.check_closed_value(lhs, item);
                    }
                }
                let negated = op == BinaryOp::NotIn;
                typed(Type::Bool, in_node(l.node, r.node, negated))
            }
            BinaryOp::Matches => match (lt, r.node) {
                (Type::Str, Node::Regex(re)) => typed(Type::Bool, Node::Matches(l.node.into(), re)),
                _ => mismatch(self, "needs a string and a regex literal"),
            },
            BinaryOp::Add | BinaryOp::Sub => {
                let a = if op == BinaryOp::Add {
                    ArithOp::Add
                } else {
                    ArithOp::Sub
                };
                // An instant and a duration are an instant; two instants apart, a duration.
                let ty = match (lt, rt) {
                    (Type::Int, Type::Int) => Some(Type::Int),
                    (Type::Duration, Type::Duration) => Some(Type::Duration),
                    (Type::Instant, Type::Duration) => Some(Type::Instant),
                    (Type::Duration, Type::Instant) if op == BinaryOp::Add => Some(Type::Instant),
                    (Type::Instant, Type::Instant) if op == BinaryOp::Sub => Some(Type::Duration),
                    _ => None,
                };
                match ty {
                    Some(ty) => {
                        let (x, y) = boxed(l.node, r.node);
                        typed(ty, Node::Arith(a, x, y, span))
                    }
                    None => mismatch(
                        self,
                        "needs two ints, two durations, an instant and a duration, or (for -) two instants",
                    ),
                }
            }
            BinaryOp::Mul | BinaryOp::Div | BinaryOp::Rem => {
                if *lt == Type::Int && *rt == Type::Int {
                    let a = match op {
                        BinaryOp::Mul => ArithOp::Mul,
                        BinaryOp::Div => ArithOp::Div,
                        _ => ArithOp::Rem,
                    };
                    let (x, y) = boxed(l.node, r.node);
                    typed(Type::Int, Node::Arith(a, x, y, span))
                } else {
                    mismatch(self, "needs two ints")
                }
            }
        }
    }
}

/// A call, specialised when it searches text for a constant (`contains(message.body,
/// "STOP")`, `mentions(message.body, data.words)`): the searcher is then built once (here,
/// or for `mentions` by the first search, shared by every rule asking for the same words),
/// and the search allocates nothing.
///
/// `search` is the search of `mentions` with constant words, when the call is one.
fn call_node(
    function: Builtin,
    args: Vec<Node>,
    fact: Option<u8>,
    search: Option<crate::dsl::ir::pattern::Pattern>,
    span: Span,
) -> Node {
    let text_search = matches!(
        function,
        Builtin::Contains | Builtin::StartsWith | Builtin::EndsWith
    );
    if let Some(pattern) = search {
        let Some(text) = args.into_iter().next() else {
            return Node::Const(Const::Bool(false));
        };
        let search = Node::Matches(text.into(), Box::new(pattern));
        // Its answer is kept for the other rules asking the same.
        return match fact {
            Some(slot) => Node::Memo {
                slot,
                node: Box::new(search),
            },
            None => search,
        };
    }
    // Only the search built here is kept per document.
    let fact = fact.filter(|_| function != Builtin::Mentions);
    match <[Node; 2]>::try_from(args) {
        Ok([text, Node::Const(Const::Str(needle))]) if text_search => Node::TextHas {
            function,
            text: text.into(),
            needle: Box::new(memchr::memmem::Finder::new(needle.as_bytes()).into_owned()),
        },
        Ok(two) => Node::Call {
            function,
            args: Box::new(two),
            fact,
            span,
        },
        Err(args) => Node::Call {
            function,
            args: args.into(),
            fact,
            span,
        },
    }
}

/// The paths `expr` proves present when it is true (or, with `negated`, when it is false).
fn presence_facts(expr: &Expr, negated: bool, out: &mut Vec<String>) {
    match &expr.kind {
        ExprKind::Call { function, args } if function.name == "present" && !negated => {
            if let [Expr {
                kind: ExprKind::Path(parts),
                ..
            }] = args.as_slice()
            {
                out.push(path_text(parts));
            }
        }
        ExprKind::Binary {
            op: BinaryOp::And,
            lhs,
            rhs,
        } if !negated => {
            presence_facts(lhs, false, out);
            presence_facts(rhs, false, out);
        }
        ExprKind::Binary {
            op: BinaryOp::Or,
            lhs,
            rhs,
        } if negated => {
            presence_facts(lhs, true, out);
            presence_facts(rhs, true, out);
        }
        ExprKind::Unary {
            op: UnaryOp::Not,
            operand,
        } => presence_facts(operand, !negated, out),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dsl::parse;

    fn errors(text: &str, scope: &Scope) -> Vec<TypeError> {
        let expr = parse(text).unwrap();
        check_condition(&expr, scope).err().unwrap_or_default()
    }

    fn ok(text: &str, scope: &Scope) {
        let e = errors(text, scope);
        assert!(e.is_empty(), "{text}: {e:?}");
    }

    #[test]
    fn rules_asking_the_same_mentions_share_one_answer() {
        let scope = Scope::message();
        let mut facts = Facts::default();
        let mut compile = |text: &str| {
            let node = compile_condition(&parse(text).unwrap(), &scope, &mut facts).unwrap();
            format!("{node:?}")
        };
        let a = compile(r#"mentions(message.body, ["stop", "end"])"#);
        let b = compile(r#"message.sender == "agent" and mentions(message.body, ["stop", "end"])"#);
        let c = compile(r#"mentions(message.body, ["quit"])"#);
        let slot = |text: &str| {
            text.split("Memo { slot: ")
                .nth(1)
                .and_then(|t| t.split(',').next())
                .map(str::to_string)
        };
        assert!(slot(&a).is_some(), "{a}");
        assert_eq!(slot(&a), slot(&b));
        assert_ne!(slot(&a), slot(&c));
        // The kept answer is the search's, on a document with and without the words.
        for (body, expected) in [("Reply STOP to end", true), ("hello", false)] {
            let node = compile_condition(
                &parse(r#"mentions(message.body, ["stop"]) and not mentions(message.body, ["quit"]) and mentions(message.body, ["stop"])"#).unwrap(),
                &scope,
                &mut Facts::default(),
            )
            .unwrap();
            let m = crate::doc::message::Message {
                body,
                ..crate::doc::message::Message::new(
                    crate::doc::message::Direction::Outbound,
                    crate::doc::message::Sender::Agent,
                    "twilio",
                    "+14155550100",
                    "+14155550101",
                )
            };
            let cx = crate::dsl::Context::new(&[&m]);
            assert_eq!(
                node.truth(&cx, crate::dsl::run::eval::Vars::default()).ok(),
                Some(expected),
                "{body}"
            );
        }
    }

    #[test]
    fn a_closed_field_compared_with_a_value_outside_its_set_is_an_error() {
        let m = Scope::message();
        ok(
            r#"present(message.category) and message.category == "marketing""#,
            &m,
        );
        ok(r#"message.direction in ["outbound", "inbound"]"#, &m);
        let e = errors(
            r#"present(message.category) and message.category == "marketting""#,
            &m,
        );
        assert_eq!(e.len(), 1, "{e:?}");
        assert_eq!(
            e[0].message,
            "`message.category` is never `marketting`: its values are marketing, informational, conversational"
        );
        assert_eq!(e[0].help.as_deref(), Some("did you mean `marketing`?"));
        assert_eq!(
            (e[0].span.start, e[0].span.end),
            (50, 62),
            "the misspelt string"
        );
        let e = errors(r#""outbond" != message.direction"#, &m);
        assert_eq!(e.len(), 1, "{e:?}");
        let e = errors(r#"message.sender in ["agent", "robot"]"#, &m);
        assert_eq!(e.len(), 1, "{e:?}");
        assert_eq!(
            e[0].help.as_deref(),
            Some("write one of agent, bot, system, consumer")
        );
        // Through a quantifier's variable, too.
        let e = errors(
            r#"any(account.numbers, n -> n.status == "retired")"#,
            &Scope::account(),
        );
        assert_eq!(e.len(), 1, "{e:?}");
        // An open field takes any string.
        ok(r#"message.provider == "sinch""#, &m);
    }

    #[test]
    fn well_typed_conditions() {
        let m = Scope::message();
        ok(
            r#"message.sender == "agent" and characters(message.body) > 1600"#,
            &m,
        );
        ok(
            r#"segments(message.body) > 1 or encoding(message.body) == "UCS-2""#,
            &m,
        );
        ok(r#"lower(message.body) matches /\bstop\b/"#, &m);
        ok(
            r#"present(message.recipient.state) and message.recipient.state in ["FL", "OK"]"#,
            &m,
        );
        ok(
            "not present(message.recipient.opted_out) or not message.recipient.opted_out",
            &m,
        );
        let a = Scope::account();
        ok(
            r#"any(account.numbers, n -> n.source == "self_provisioned")"#,
            &a,
        );
        ok(
            "count(account.numbers, n -> present(n.default) and n.default) > 1",
            &a,
        );
        ok(r#"all(account.engagements, e -> len(e.numbers) > 0)"#, &a);
        let n = Scope::number();
        ok(
            r#"number.provider != "twilio" and len(account.numbers) >= 1"#,
            &n,
        );
    }

    #[test]
    fn unknown_names_get_a_suggestion_and_a_span() {
        let m = Scope::message();
        let text = "message.bdy == \"x\"";
        let e = errors(text, &m);
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].message, "`message` has no field `bdy`");
        assert_eq!(e[0].help.as_deref(), Some("did you mean `body`?"));
        assert_eq!(&text[e[0].span.start..e[0].span.end], "bdy");
        let e = errors("segmnts(message.body) > 1", &m);
        assert_eq!(e[0].message, "unknown function `segmnts`");
        assert_eq!(e[0].help.as_deref(), Some("did you mean `segments`?"));
        let e = errors("mesage.body == \"\"", &m);
        assert_eq!(e[0].help.as_deref(), Some("did you mean `message`?"));
    }

    #[test]
    fn reading_an_optional_field_needs_a_presence_check() {
        let m = Scope::message();
        let e = errors(r#"message.brand == "Acme""#, &m);
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].message, "`message.brand` may be missing");
        assert!(e[0]
            .help
            .as_deref()
            .unwrap_or("")
            .contains("present(message.brand)"));
        // The proof only holds on the right of `and`.
        let e = errors(r#"message.brand == "Acme" and present(message.brand)"#, &m);
        assert_eq!(e.len(), 1);
    }

    #[test]
    fn wrong_types_and_arity() {
        let m = Scope::message();
        let e = errors("message.body + 1 > 2", &m);
        assert!(e[0].message.starts_with("`+` needs two ints"), "{e:?}");
        let e = errors("segments(message.body, 2) > 1", &m);
        assert!(
            e[0].message
                .starts_with("`segments` takes 1 argument, not 2"),
            "{e:?}"
        );
        let e = errors("characters(message.body)", &m);
        assert_eq!(e[0].message, "the condition is an int, not a bool");
        let e = errors("[1, \"a\"] == [1]", &m);
        assert!(e[0].message.contains("cannot hold"), "{e:?}");
    }

    #[test]
    fn all_errors_are_reported() {
        let m = Scope::message();
        let e = errors(
            "message.bdy == 1 and segmnts(message.body) > 1 and message.brand == \"x\"",
            &m,
        );
        assert_eq!(e.len(), 3, "{e:?}");
    }

    #[test]
    fn regexes_compile_at_load_with_a_size_bound() {
        let m = Scope::message();
        let e = errors("message.body matches /(unclosed/", &m);
        assert!(e[0].message.contains("does not compile"), "{e:?}");
        let e = errors(r"message.body matches /\w{1000}{1000}/", &m);
        assert!(e[0].message.contains("does not compile"), "{e:?}");
    }

    #[test]
    fn quantifier_variables_are_scoped() {
        let a = Scope::account();
        let e = errors("any(account.numbers, n -> true) and n.default", &a);
        assert_eq!(e[0].message, "unknown name `n`");
    }
}
