//! Type checking a parsed condition against the declared documents ([`crate::schema`]).
//!
//! Every error is collected, not only the first, each with the span of the smallest
//! offending part and, for unknown names, a "did you mean" suggestion. Optional fields are
//! explicit: reading one is an error unless the condition proves it present first with
//! `present(path) and …` (or `not present(path) or …`); this is what turns "a missing value
//! silently compares false at run time" into a diagnostic at load time. Regex literals are
//! compiled here, once, with a bound on their compiled size.

use std::fmt;

use super::ast::{BinaryOp, Expr, ExprKind, Ident, Quantifier, Span, UnaryOp};
use super::diagnostic::Diagnostic;
use crate::schema::{FieldType, Schema, ACCOUNT, MESSAGE, NUMBER};

/// The largest compiled regex accepted, in bytes (the regex crate's size limit).
pub const MAX_REGEX_BYTES: usize = 1 << 20;

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
            Type::Duration => f.write_str("duration"),
            Type::Instant => f.write_str("instant"),
            Type::Regex => f.write_str("regex"),
            Type::List(t) => write!(f, "list of {t}"),
            Type::EmptyList => f.write_str("empty list"),
            Type::Record(s) => write!(f, "{} record", s.name),
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
}

/// A condition that does not type-check.
pub type TypeError = Diagnostic;

/// The names a condition starts from.
#[derive(Clone, Debug)]
pub struct Scope {
    roots: Vec<(&'static str, Type)>,
}

impl Scope {
    /// A rule that applies to a message: `message`.
    pub fn message() -> Scope {
        Scope {
            roots: vec![("message", Type::Record(&MESSAGE))],
        }
    }

    /// A rule that applies to an account: `account`.
    pub fn account() -> Scope {
        Scope {
            roots: vec![("account", Type::Record(&ACCOUNT))],
        }
    }

    /// A rule that applies to each number of an account: `number` and `account`.
    pub fn number() -> Scope {
        Scope {
            roots: vec![
                ("number", Type::Record(&NUMBER)),
                ("account", Type::Record(&ACCOUNT)),
            ],
        }
    }
}

/// A built-in function: name, parameter types, result.
struct Function {
    name: &'static str,
    params: &'static [Param],
    result: Type,
    doc: &'static str,
}

#[derive(Clone, Copy)]
enum Param {
    Str,
    AnyList,
}

/// The built-in functions. Each is total and costs at most linear time in its input.
fn functions() -> [Function; 7] {
    [
        Function {
            name: "characters",
            params: &[Param::Str],
            result: Type::Int,
            doc: "Unicode scalar values in a text",
        },
        Function {
            name: "graphemes",
            params: &[Param::Str],
            result: Type::Int,
            doc: "grapheme clusters in a text",
        },
        Function {
            name: "segments",
            params: &[Param::Str],
            result: Type::Int,
            doc: "SMS segments a text is sent in",
        },
        Function {
            name: "encoding",
            params: &[Param::Str],
            result: Type::Str,
            doc: "`GSM-7` or `UCS-2`",
        },
        Function {
            name: "lower",
            params: &[Param::Str],
            result: Type::Str,
            doc: "the text in lower case",
        },
        Function {
            name: "normalize",
            params: &[Param::Str],
            result: Type::Str,
            doc: "lower case, look-alikes replaced, spaces collapsed",
        },
        Function {
            name: "len",
            params: &[Param::AnyList],
            result: Type::Int,
            doc: "the number of elements of a list",
        },
    ]
}

/// Checks that `expr` is a well-typed condition (a `bool`) in `scope`.
pub fn check_condition(expr: &Expr, scope: &Scope) -> Result<(), Vec<TypeError>> {
    let mut checker = Checker {
        scope,
        vars: Vec::new(),
        present: Vec::new(),
        errors: Vec::new(),
    };
    if let Some(t) = checker.value(expr) {
        if t != Type::Bool {
            checker.error(
                format!("the condition is a {t}, not a bool"),
                expr.span,
                Some("compare it with something, e.g. `… > 0` or `… == \"x\"`".into()),
            );
        }
    }
    if checker.errors.is_empty() {
        Ok(())
    } else {
        Err(checker.errors)
    }
}

struct Checker<'s> {
    scope: &'s Scope,
    /// Variables bound by quantifiers, innermost last.
    vars: Vec<(String, Type)>,
    /// Paths proven present where the current expression is evaluated.
    present: Vec<String>,
    errors: Vec<TypeError>,
}

fn path_text(parts: &[Ident]) -> String {
    parts
        .iter()
        .map(|p| p.name.as_str())
        .collect::<Vec<_>>()
        .join(".")
}

impl Checker<'_> {
    fn error(&mut self, message: String, span: Span, help: Option<String>) {
        self.errors.push(TypeError {
            message,
            span,
            help,
        });
    }

    /// The type of a value that is read: an optional one must be proven present.
    fn value(&mut self, expr: &Expr) -> Option<Type> {
        match self.infer(expr)? {
            Type::Optional(_) => {
                let what = match &expr.kind {
                    ExprKind::Path(parts) => path_text(parts),
                    _ => "this value".into(),
                };
                self.error(
                    format!("`{what}` may be missing"),
                    expr.span,
                    Some(format!("check it first: `present({what}) and …`")),
                );
                None
            }
            t => Some(t),
        }
    }

    fn infer(&mut self, expr: &Expr) -> Option<Type> {
        match &expr.kind {
            ExprKind::Int(_) => Some(Type::Int),
            ExprKind::Str(_) => Some(Type::Str),
            ExprKind::Bool(_) => Some(Type::Bool),
            ExprKind::TimeOfDay(_) => Some(Type::TimeOfDay),
            ExprKind::Duration(_) => Some(Type::Duration),
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
                if t == want {
                    Some(t)
                } else {
                    self.error(
                        format!("`{name}` needs a {want}, not a {t}"),
                        operand.span,
                        None,
                    );
                    None
                }
            }
            ExprKind::Binary { op, lhs, rhs } => self.binary(*op, lhs, rhs, expr.span),
        }
    }

    fn regex(&mut self, pattern: &str, flags: &str, span: Span) -> Option<Type> {
        let built = regex::RegexBuilder::new(pattern)
            .case_insensitive(flags.contains('i'))
            .multi_line(flags.contains('m'))
            .dot_matches_new_line(flags.contains('s'))
            .ignore_whitespace(flags.contains('x'))
            .size_limit(MAX_REGEX_BYTES)
            .build();
        match built {
            Ok(_) => Some(Type::Regex),
            Err(e) => {
                let detail = e.to_string();
                let first = detail.lines().last().unwrap_or("").trim().to_string();
                self.error(
                    format!("the regular expression `/{pattern}/` does not compile: {first}"),
                    span,
                    None,
                );
                None
            }
        }
    }

    fn list(&mut self, items: &[Expr]) -> Option<Type> {
        let mut element: Option<Type> = None;
        let mut ok = true;
        for item in items {
            let Some(t) = self.value(item) else {
                ok = false;
                continue;
            };
            match &element {
                None => element = Some(t),
                Some(e) if *e == t => {}
                Some(e) => {
                    let e = e.clone();
                    self.error(format!("a list of {e} cannot hold a {t}"), item.span, None);
                    ok = false;
                }
            }
        }
        if !ok {
            return None;
        }
        Some(element.map_or(Type::EmptyList, |t| Type::List(Box::new(t))))
    }

    fn path(&mut self, parts: &[Ident]) -> Option<Type> {
        let (first, rest) = parts.split_first()?;
        let mut t = match self.vars.iter().rev().find(|(n, _)| *n == first.name) {
            Some((_, t)) => t.clone(),
            None => match self.scope.roots.iter().find(|(n, _)| *n == first.name) {
                Some((_, t)) => t.clone(),
                None => {
                    let names: Vec<&str> = self
                        .vars
                        .iter()
                        .map(|(n, _)| n.as_str())
                        .chain(self.scope.roots.iter().map(|(n, _)| *n))
                        .collect();
                    let help = did_you_mean(&first.name, &names).or_else(|| {
                        Some(format!("a condition here starts from {}", names.join(", ")))
                    });
                    self.error(format!("unknown name `{}`", first.name), first.span, help);
                    return None;
                }
            },
        };
        for (i, part) in rest.iter().enumerate() {
            let so_far = path_text(parts.get(..=i).unwrap_or(parts));
            let schema = match &t {
                Type::Record(s) => *s,
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
                        format!("`{so_far}` is a {other}, which has no fields"),
                        part.span,
                        None,
                    );
                    return None;
                }
            };
            let Some(field) = schema.field(&part.name) else {
                let names: Vec<&str> = schema.fields.iter().map(|f| f.name).collect();
                let help = did_you_mean(&part.name, &names);
                self.error(
                    format!("`{so_far}` has no field `{}`", part.name),
                    part.span,
                    help,
                );
                return None;
            };
            let whole = path_text(parts.get(..=i + 1).unwrap_or(parts));
            t = Type::of_field(field.ty);
            if field.optional && !self.present.contains(&whole) {
                t = Type::Optional(Box::new(t));
            }
        }
        Some(t)
    }

    fn call(&mut self, function: &Ident, args: &[Expr], span: Span) -> Option<Type> {
        if function.name == "present" {
            return match args {
                [path @ Expr {
                    kind: ExprKind::Path(_),
                    ..
                }] => {
                    // Reading an optional field is allowed here: this is the check.
                    self.infer(path)?;
                    Some(Type::Bool)
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
        let table = functions();
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
        for (arg, param) in args.iter().zip(f.params) {
            let Some(t) = self.value(arg) else {
                ok = false;
                continue;
            };
            let fits = match param {
                Param::Str => t == Type::Str,
                Param::AnyList => matches!(t, Type::List(_) | Type::EmptyList),
            };
            if !fits {
                let want = match param {
                    Param::Str => "string",
                    Param::AnyList => "list",
                };
                self.error(
                    format!("`{}` needs a {want}, not a {t}", f.name),
                    arg.span,
                    None,
                );
                ok = false;
            }
        }
        ok.then(|| f.result.clone())
    }

    fn quantifier(&mut self, q: Quantifier, list: &Expr, var: &Ident, body: &Expr) -> Option<Type> {
        let element = match self.value(list)? {
            Type::List(t) => *t,
            Type::EmptyList => Type::Bool,
            other => {
                self.error(
                    format!("a quantifier needs a list, not a {other}"),
                    list.span,
                    None,
                );
                return None;
            }
        };
        self.vars.push((var.name.clone(), element));
        let t = self.value(body);
        self.vars.pop();
        let t = t?;
        if t != Type::Bool {
            self.error(
                format!("the condition after `->` is a {t}, not a bool"),
                body.span,
                None,
            );
            return None;
        }
        Some(match q {
            Quantifier::Any | Quantifier::All => Type::Bool,
            Quantifier::Count => Type::Int,
        })
    }

    fn binary(&mut self, op: BinaryOp, lhs: &Expr, rhs: &Expr, span: Span) -> Option<Type> {
        // `present(p) and …` and `not present(p) or …` prove `p` present on the right.
        let lt = self.value(lhs);
        let mut proven = Vec::new();
        match op {
            BinaryOp::And => presence_facts(lhs, false, &mut proven),
            BinaryOp::Or => presence_facts(lhs, true, &mut proven),
            _ => {}
        }
        let before = self.present.len();
        self.present.extend(proven);
        let rt = self.value(rhs);
        self.present.truncate(before);
        let (lt, rt) = (lt?, rt?);
        let mismatch = |c: &mut Self, what: &str| {
            c.error(format!("`{op}` {what}, not a {lt} and a {rt}"), span, None);
            None
        };
        match op {
            BinaryOp::And | BinaryOp::Or => {
                if lt == Type::Bool && rt == Type::Bool {
                    Some(Type::Bool)
                } else {
                    mismatch(self, "needs two bools")
                }
            }
            BinaryOp::Eq | BinaryOp::Ne => {
                let scalar = matches!(
                    lt,
                    Type::Bool
                        | Type::Int
                        | Type::Str
                        | Type::TimeOfDay
                        | Type::Duration
                        | Type::Instant
                );
                if lt == rt && scalar {
                    Some(Type::Bool)
                } else {
                    mismatch(self, "compares two values of one type")
                }
            }
            BinaryOp::Lt | BinaryOp::Le | BinaryOp::Gt | BinaryOp::Ge => {
                let ordered = matches!(
                    lt,
                    Type::Int | Type::TimeOfDay | Type::Duration | Type::Instant
                );
                if lt == rt && ordered {
                    Some(Type::Bool)
                } else {
                    mismatch(self, "orders two ints, times, durations or instants")
                }
            }
            BinaryOp::In | BinaryOp::NotIn => match &rt {
                Type::List(e) if **e == lt => Some(Type::Bool),
                Type::EmptyList => Some(Type::Bool),
                _ => mismatch(self, "needs a value and a list of that type"),
            },
            BinaryOp::Matches => {
                if lt == Type::Str && rt == Type::Regex {
                    Some(Type::Bool)
                } else {
                    mismatch(self, "needs a string and a regex literal")
                }
            }
            BinaryOp::Add | BinaryOp::Sub => match (&lt, &rt) {
                (Type::Int, Type::Int) => Some(Type::Int),
                (Type::Duration, Type::Duration) => Some(Type::Duration),
                _ => mismatch(self, "needs two ints or two durations"),
            },
            BinaryOp::Mul | BinaryOp::Div | BinaryOp::Rem => {
                if lt == Type::Int && rt == Type::Int {
                    Some(Type::Int)
                } else {
                    mismatch(self, "needs two ints")
                }
            }
        }
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

/// "did you mean `x`?" for the closest name within a small edit distance.
fn did_you_mean(name: &str, candidates: &[&str]) -> Option<String> {
    let limit = (name.chars().count() / 3).max(1);
    candidates
        .iter()
        .map(|c| (edit_distance(name, c), *c))
        .filter(|(d, _)| *d <= limit)
        .min()
        .map(|(_, c)| format!("did you mean `{c}`?"))
}

/// Levenshtein distance over characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = i;
        let mut left = i + 1;
        let mut next = Vec::with_capacity(row.len());
        next.push(left);
        for (j, cb) in b.iter().enumerate() {
            let up = row.get(j + 1).copied().unwrap_or(usize::MAX);
            let cost = diagonal + usize::from(ca != *cb);
            left = cost.min(up + 1).min(left + 1);
            next.push(left);
            diagonal = up;
        }
        row = next;
    }
    row.last().copied().unwrap_or(0)
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
        assert_eq!(e[0].message, "the condition is a int, not a bool");
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
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }
}
