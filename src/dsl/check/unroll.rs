//! `any` and `all` over a constant list (a data table, a list literal), unrolled at load.
//!
//! `any(data.state_calling_hours, s -> s.state == region(message.to) and …)` walks twenty
//! records for every message, and every step reads `s.state` through the variable's
//! frame and compares two values of unknown type. Since the list is known when the rule
//! loads, the quantifier becomes one copy of its body per element, joined by `or` (`any`)
//! or `and` (`all`), with the element's fields put in as constants. The copies are then
//! specialised as a condition written out by hand would be (`"FL" == region(message.to)`
//! is a comparison with a constant string), and the parts that became constant are folded.
//! The result is the same for every document: `any` is true when some copy is, `all`
//! when every copy is, in the same order and with the same short-circuits.

use crate::doc::value::Const;
use crate::dsl::ir::{compare, in_node, Base, CmpOp, Node, Operand, Switch};
use crate::dsl::run::eval::{Context, Vars};
use crate::dsl::syntax::ast::Quantifier;

/// Lists longer than this stay loops.
const MAX_ELEMENTS: usize = 1024;
/// Nor is a quantifier unrolled when the copies would have more nodes than this. (A
/// table keyed by state with a date per record, such as the holiday table, unrolls into
/// one switch on the state whose cases are each one set of dates.)
const MAX_NODES: usize = 16_384;

/// The quantifier `q` over the constant `items`, its variable bound at `depth`, as one
/// copy of `body` per item; `None` when it is better left a loop (a long list, a large
/// body, a `count`) or a part of the body cannot take a constant.
pub(super) fn unroll(q: Quantifier, items: &[Const], depth: u8, body: &Node) -> Option<Node> {
    if !matches!(q, Quantifier::Any | Quantifier::All)
        || items.len() > MAX_ELEMENTS
        || size(body).saturating_mul(items.len()) > MAX_NODES
    {
        return None;
    }
    let any = q == Quantifier::Any;
    let mut joined: Option<Node> = None;
    // Built from the last element back, so that the first element is tested first.
    for item in items.iter().rev() {
        let copy = substitute(body, depth, item)?;
        joined = Some(match joined {
            None => copy,
            Some(rest) if any => or(copy, rest),
            Some(rest) => and(copy, rest),
        });
    }
    Some(joined.map_or(Node::Const(Const::Bool(!any)), |n| merge_equalities(n, any)))
}

/// `x == "FL" or x == "OK" or …` (from `any(t, s -> s.state == x)`) as one set lookup,
/// `x in ["FL", "OK", …]`, and `x != "FL" and x != "OK" and …` as `x not in […]`: the
/// value is then computed and compared once. Only neighbours are merged, so what is
/// evaluated, and in which order, does not change.
fn merge_equalities(node: Node, any: bool) -> Node {
    let mut terms = Vec::new();
    flatten(node, any, &mut terms);
    let mut merged: Vec<Node> = Vec::with_capacity(terms.len());
    for term in terms {
        let last = merged.pop();
        match (last, term) {
            (Some(a), b) => match merge(a, b, any) {
                Ok(one) => merged.push(one),
                Err((a, b)) => {
                    merged.push(a);
                    merged.push(b);
                }
            },
            (None, b) => merged.push(b),
        }
    }
    let merged = switches(merged, any);
    let mut joined: Option<Node> = None;
    for term in merged.into_iter().rev() {
        joined = Some(match joined {
            None => term,
            Some(rest) if any => Node::Or(Box::new(term), Box::new(rest)),
            Some(rest) => Node::And(Box::new(term), Box::new(rest)),
        });
    }
    joined.unwrap_or(Node::Const(Const::Bool(!any)))
}

/// Runs of neighbouring terms that each test one value against a different constant
/// before anything else, `x != "FL" or body` in an `all` (`x == "FL" and body` in an
/// `any`), as one [`Node::Switch`]: the value is computed once and only the bodies of the
/// key it equals are evaluated, in their order. Every other term of the run holds
/// (`all`) or fails (`any`) without its body, so the result is the same.
fn switches(terms: Vec<Node>, any: bool) -> Vec<Node> {
    let mut out = Vec::with_capacity(terms.len());
    let mut run: Vec<(Operand, Box<str>, Node)> = Vec::new();
    for term in terms {
        match case(term, any) {
            Ok(case) => {
                if run
                    .first()
                    .is_some_and(|(x, _, _)| !same_operand(x, &case.0))
                {
                    flush(&mut run, any, &mut out);
                }
                run.push(case);
            }
            Err(term) => {
                flush(&mut run, any, &mut out);
                out.push(term);
            }
        }
    }
    flush(&mut run, any, &mut out);
    out
}

/// A term as a case of a switch: the value tested, the key, and the body evaluated when
/// they are equal; the term itself when it is not one.
fn case(term: Node, any: bool) -> Result<(Operand, Box<str>, Node), Node> {
    // An `all` term is a chain of `or`s whose first link is `x != key`; an `any` term
    // a chain of `and`s whose first link is `x == key`.
    let mut links = Vec::new();
    flatten(term, !any, &mut links);
    let mut links = links.into_iter();
    match links.next() {
        Some(Node::EqStr {
            lhs,
            value,
            negated,
        }) if negated != any => {
            let body = chain(links, any).unwrap_or(Node::Const(Const::Bool(any)));
            Ok((lhs, value, body))
        }
        first => {
            Err(chain(first.into_iter().chain(links), any)
                .unwrap_or(Node::Const(Const::Bool(!any))))
        }
    }
}

/// `a and b` when `conjunction`, else `a or b`, folded as [`and`] and [`or`] fold.
fn join(conjunction: bool, a: Node, b: Node) -> Node {
    if conjunction {
        and(a, b)
    } else {
        or(a, b)
    }
}

/// `parts` joined left to right by `and` (`conjunction`) or `or`; `None` when empty.
fn chain(parts: impl IntoIterator<Item = Node>, conjunction: bool) -> Option<Node> {
    parts.into_iter().reduce(|a, b| join(conjunction, a, b))
}

/// The cases gathered in `run`, written to `out`: a switch for two or more, the term as
/// it was for one.
fn flush(run: &mut Vec<(Operand, Box<str>, Node)>, any: bool, out: &mut Vec<Node>) {
    if run.len() < 2 {
        for (x, key, body) in run.drain(..) {
            let test = Node::EqStr {
                lhs: x,
                value: key,
                negated: !any,
            };
            out.push(join(any, test, body));
        }
        return;
    }
    let mut cases: Vec<(Box<str>, Node)> = Vec::new();
    let mut operand = None;
    for (x, key, body) in run.drain(..) {
        operand.get_or_insert(x);
        // Bodies of one key stay in their order.
        match cases.iter_mut().find(|(k, _)| *k == key) {
            Some((_, joined)) => {
                let before = std::mem::replace(joined, Node::Const(Const::Bool(!any)));
                *joined = join(!any, before, body);
            }
            None => cases.push((key, body)),
        }
    }
    let mut cases: Vec<(Box<str>, Node)> = cases
        .into_iter()
        .map(|(key, body)| (key, constant_sets(body, any)))
        .collect();
    cases.sort_by(|a, b| a.0.cmp(&b.0));
    let (keys, bodies): (Vec<_>, Vec<_>) = cases.into_iter().unzip();
    if let Some(operand) = operand {
        out.push(Node::Switch(Box::new(Switch {
            operand,
            keys: keys.into(),
            bodies: bodies.into(),
            otherwise: !any,
        })));
    }
}

/// A case's bodies, joined by `or` (`any`) or `and` (`all`), with neighbouring comparisons
/// of one value with constants as one membership test: `d == 2026-07-03 or d ==
/// 2026-07-06 or …` (a state's holidays) is `d in [2026-07-03, 2026-07-06, …]`, and
/// `d != … and d != …` is `d not in […]`. The value is computed once instead of once per
/// constant; it is the same value each time, so the answer is the same.
fn constant_sets(body: Node, any: bool) -> Node {
    let mut terms = Vec::new();
    flatten(body, any, &mut terms);
    let mut merged: Vec<Node> = Vec::with_capacity(terms.len());
    for term in terms {
        let joined = match (merged.last_mut(), tested_constant(&term, any)) {
            (
                Some(Node::In {
                    needle,
                    list,
                    negated,
                }),
                Some((x, c)),
            ) if *negated != any && same_value(needle, x) => match &mut **list {
                Node::Const(Const::List(items)) => {
                    let mut all: Vec<Const> = items.to_vec();
                    all.push(c.clone());
                    *items = all.into();
                    true
                }
                _ => false,
            },
            (Some(last), Some((x, c))) => match tested_constant(last, any) {
                Some((y, d)) if same_value(x, y) => {
                    *last = Node::In {
                        needle: Box::new(x.clone()),
                        list: Box::new(Node::Const(Const::List(vec![d.clone(), c.clone()].into()))),
                        negated: !any,
                    };
                    true
                }
                _ => false,
            },
            _ => false,
        };
        if !joined {
            merged.push(term);
        }
    }
    chain(merged, !any).unwrap_or(Node::Const(Const::Bool(!any)))
}

/// The value a term compares with a constant and the constant, when it is `x == c` (in an
/// `any`) or `x != c` (in an `all`) for a constant that is not text (text has its own
/// sets) and a value that is not constant.
fn tested_constant(term: &Node, any: bool) -> Option<(&Node, &Const)> {
    let op = if any { CmpOp::Eq } else { CmpOp::Ne };
    match term {
        Node::Cmp(o, a, b) if *o == op => match (&**a, &**b) {
            (Node::Const(c), x) | (x, Node::Const(c))
                if !matches!(x, Node::Const(_))
                    && matches!(c, Const::Date(_) | Const::Int(_) | Const::Time(_)) =>
            {
                Some((x, c))
            }
            _ => None,
        },
        _ => None,
    }
}

/// The terms of a chain of `or` (`any`) or `and` (`all`), in order.
fn flatten(node: Node, any: bool, out: &mut Vec<Node>) {
    match node {
        Node::Or(a, b) if any => {
            flatten(*a, any, out);
            flatten(*b, any, out);
        }
        Node::And(a, b) if !any => {
            flatten(*a, any, out);
            flatten(*b, any, out);
        }
        other => out.push(other),
    }
}

/// Two neighbouring terms as one set test, when both test the same value against
/// constants: `==` joined by `or`, or `!=` joined by `and`.
fn merge(a: Node, b: Node, any: bool) -> Result<Node, (Node, Node)> {
    let negated = !any;
    let Node::EqStr {
        lhs: y,
        value: w,
        negated: m,
    } = &b
    else {
        return Err((a, b));
    };
    // What `a` tests its value against: one constant, or a set of them already merged.
    let tested = match &a {
        Node::EqStr {
            lhs: x,
            value: v,
            negated: n,
        } => Some((x, *n, vec![v.clone()])),
        Node::InStrSet {
            needle: x,
            set,
            negated: n,
        } => Some((x, *n, set.to_vec())),
        _ => None,
    };
    match tested {
        Some((x, n, mut set)) if n == negated && *m == negated && same_operand(x, y) => {
            set.push(w.clone());
            set.sort();
            set.dedup();
            Ok(Node::InStrSet {
                needle: x.clone(),
                set: set.into(),
                negated,
            })
        }
        _ => Err((a, b)),
    }
}

/// Whether two operands are certainly the same value of a document: the same field, the
/// same cached fact, or the same `or_else` of those.
fn same_operand(a: &Operand, b: &Operand) -> bool {
    match (a, b) {
        (Operand::Field { base: x, fields: f }, Operand::Field { base: y, fields: g }) => {
            x == y && f == g
        }
        (Operand::Node(x), Operand::Node(y)) => same_value(x, y),
        _ => false,
    }
}

fn same_value(a: &Node, b: &Node) -> bool {
    match (a, b) {
        (Node::Get { base: x, fields: f }, Node::Get { base: y, fields: g }) => x == y && f == g,
        // Calls with one cache slot are one fact of the document.
        // (`country` and `region` share one slot: the function must be the same too.)
        (
            Node::Call {
                function: f,
                fact: Some(x),
                ..
            },
            Node::Call {
                function: g,
                fact: Some(y),
                ..
            },
        ) => f == g && x == y,
        (
            Node::OrElse {
                base: x,
                fields: f,
                fallback: p,
            },
            Node::OrElse {
                base: y,
                fields: g,
                fallback: q,
            },
        ) => x == y && f == g && same_value(p, q),
        (Node::Const(x), Node::Const(y)) => x == y,
        // A built-in without a cache slot is a function of its arguments alone.
        (
            Node::Call {
                function: f,
                args: a,
                fact: None,
                ..
            },
            Node::Call {
                function: g,
                args: b,
                fact: None,
                ..
            },
        ) => f == g && a.len() == b.len() && a.iter().zip(b.iter()).all(|(x, y)| same_value(x, y)),
        _ => false,
    }
}

/// How many nodes `node` has.
fn size(node: &Node) -> usize {
    1 + match node {
        Node::Const(_) | Node::Regex(_) | Node::Get { .. } | Node::Present { .. } => 0,
        Node::Not(a) | Node::Neg(a, _) => size(a),
        Node::And(a, b) | Node::Or(a, b) | Node::Cmp(_, a, b) | Node::Arith(_, a, b, _) => {
            size(a) + size(b)
        }
        Node::In { needle, list, .. } => size(needle) + size(list),
        Node::EqStr { lhs: a, .. }
        | Node::CmpInt(_, a, _)
        | Node::InStrSet { needle: a, .. }
        | Node::TextHas { text: a, .. }
        | Node::Matches(a, _) => operand_size(a),
        Node::Call { args, .. } => args.iter().map(size).sum(),
        Node::Switch(switch) => {
            operand_size(&switch.operand) + switch.bodies.iter().map(size).sum::<usize>()
        }
        Node::Memo { node, .. } => size(node),
        Node::Quantifier { list, body, .. } => size(list) + size(body),
        Node::OrElse { fallback, .. } => size(fallback),
    }
}

fn operand_size(operand: &Operand) -> usize {
    operand.node().map_or(1, size)
}

/// `node` with the variable at `depth` replaced by `item`, specialised and folded.
fn substitute(node: &Node, depth: u8, item: &Const) -> Option<Node> {
    let sub = |n: &Node| substitute(n, depth, item);
    let boxed = |n: &Node| sub(n).map(Box::new);
    Some(match node {
        Node::Get {
            base: Base::Var(d),
            fields,
        } if *d == depth => Node::Const(field_of(item, fields)?.clone()),
        Node::Present {
            base: Base::Var(d),
            fields,
        } if *d == depth => {
            // A data record has every field of its table.
            field_of(item, fields)?;
            Node::Const(Const::Bool(true))
        }
        Node::Const(_) | Node::Regex(_) | Node::Get { .. } | Node::Present { .. } => node.clone(),
        // It reads no bound variable.
        Node::Memo { .. } => node.clone(),
        Node::Not(a) => match sub(a)? {
            Node::Const(Const::Bool(b)) => Node::Const(Const::Bool(!b)),
            a => Node::Not(Box::new(a)),
        },
        Node::Neg(a, span) => fold(Node::Neg(boxed(a)?, *span)),
        Node::And(a, b) => and(sub(a)?, sub(b)?),
        Node::Or(a, b) => or(sub(a)?, sub(b)?),
        Node::Cmp(op, a, b) => fold(compare(*op, sub(a)?, sub(b)?)),
        Node::EqStr {
            lhs,
            value,
            negated,
        } => fold(Node::EqStr {
            lhs: substitute_operand(lhs, depth, item)?,
            value: value.clone(),
            negated: *negated,
        }),
        Node::CmpInt(op, lhs, value) => fold(Node::CmpInt(
            *op,
            substitute_operand(lhs, depth, item)?,
            *value,
        )),
        Node::Arith(op, a, b, span) => fold(Node::Arith(*op, boxed(a)?, boxed(b)?, *span)),
        Node::In {
            needle,
            list,
            negated,
        } => fold(in_node(sub(needle)?, sub(list)?, *negated)),
        Node::InStrSet {
            needle,
            set,
            negated,
        } => fold(Node::InStrSet {
            needle: substitute_operand(needle, depth, item)?,
            set: set.clone(),
            negated: *negated,
        }),
        Node::TextHas {
            function,
            text,
            needle,
        } => fold(Node::TextHas {
            function: *function,
            text: substitute_operand(text, depth, item)?,
            needle: needle.clone(),
        }),
        Node::Matches(text, re) => fold(Node::Matches(
            substitute_operand(text, depth, item)?,
            re.clone(),
        )),
        // A call keeps its form (and its cache slot, if it had one): a function of a
        // constant is still computed when it is asked for.
        Node::Call {
            function,
            args,
            fact,
            span,
        } => Node::Call {
            function: *function,
            args: args.iter().map(sub).collect::<Option<Vec<_>>>()?.into(),
            fact: *fact,
            span: *span,
        },
        // A data record has every field of its table: the fallback is never needed.
        Node::OrElse {
            base: Base::Var(d),
            fields,
            ..
        } if *d == depth => Node::Const(field_of(item, fields)?.clone()),
        Node::OrElse {
            base,
            fields,
            fallback,
        } => Node::OrElse {
            base: *base,
            fields: fields.clone(),
            fallback: boxed(fallback)?,
        },
        Node::Switch(switch) => {
            let Switch {
                operand,
                keys,
                bodies,
                otherwise,
            } = &**switch;
            let operand = substitute_operand(operand, depth, item)?;
            let bodies = bodies.iter().map(sub).collect::<Option<Vec<_>>>()?;
            // A constant value picks its body now.
            if let Some(Node::Const(value)) = operand.node() {
                let found = match value {
                    Const::Str(s) => crate::dsl::builtins::text::key_index(keys, s),
                    _ => None,
                };
                return Some(match found.and_then(|i| bodies.into_iter().nth(i)) {
                    Some(body) => body,
                    None => Node::Const(Const::Bool(*otherwise)),
                });
            }
            Node::Switch(Box::new(Switch {
                operand,
                keys: keys.clone(),
                bodies: bodies.into(),
                otherwise: *otherwise,
            }))
        }
        Node::Quantifier {
            quantifier,
            list,
            var,
            body,
        } => Node::Quantifier {
            quantifier: *quantifier,
            list: boxed(list)?,
            var: *var,
            body: boxed(body)?,
        },
    })
}

fn substitute_operand(operand: &Operand, depth: u8, item: &Const) -> Option<Operand> {
    Some(match operand {
        Operand::Field {
            base: Base::Var(d),
            fields,
        } if *d == depth => Operand::Node(Box::new(Node::Const(field_of(item, fields)?.clone()))),
        Operand::Field { .. } => operand.clone(),
        Operand::Node(node) => Operand::from(substitute(node, depth, item)?),
    })
}

/// The value at `fields` of a constant: a data record's field, or the element itself.
fn field_of<'c>(item: &'c Const, fields: &[u16]) -> Option<&'c Const> {
    fields.iter().try_fold(item, |value, &f| match value {
        Const::Record(values) => values.get(usize::from(f)),
        _ => None,
    })
}

/// `a and b`, folded when a side is constant. A constant left side decides alone; a
/// constant right side is dropped only when it cannot change the result (`x and true`),
/// since the left side must still be evaluated for its errors.
fn and(a: Node, b: Node) -> Node {
    match (a, b) {
        (Node::Const(Const::Bool(false)), _) => Node::Const(Const::Bool(false)),
        (Node::Const(Const::Bool(true)), b) => b,
        (a, Node::Const(Const::Bool(true))) => a,
        (a, b) => Node::And(Box::new(a), Box::new(b)),
    }
}

/// `a or b`, folded as [`and`] is.
fn or(a: Node, b: Node) -> Node {
    match (a, b) {
        (Node::Const(Const::Bool(true)), _) => Node::Const(Const::Bool(true)),
        (Node::Const(Const::Bool(false)), b) => b,
        (a, Node::Const(Const::Bool(false))) => a,
        (a, b) => Node::Or(Box::new(a), Box::new(b)),
    }
}

/// A boolean node whose operands are all constants, evaluated now; any other node as it
/// is. A node that fails (division by zero) is left to fail when it is evaluated.
fn fold(node: Node) -> Node {
    let constant = match &node {
        Node::Cmp(_, a, b) => is_const(a) && is_const(b),
        Node::EqStr { lhs: a, .. }
        | Node::CmpInt(_, a, _)
        | Node::InStrSet { needle: a, .. }
        | Node::TextHas { text: a, .. }
        | Node::Matches(a, _) => a.node().is_some_and(is_const),
        Node::In { needle, list, .. } => is_const(needle) && is_const(list),
        _ => false,
    };
    if !constant {
        return node;
    }
    let cx = Context::new(&[]);
    match node.truth(&cx, Vars::default()) {
        Ok(b) => Node::Const(Const::Bool(b)),
        Err(_) => node,
    }
}

fn is_const(node: &Node) -> bool {
    matches!(node, Node::Const(_))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::schema::MESSAGE;
    use crate::doc::{DocRecord, Tree};
    use crate::dsl::{compile_condition, parse, DataShape, DataTable, Facts, Scope, Type};
    use std::sync::Arc;

    fn scope() -> Scope {
        let shape = DataShape {
            name: "windows".into(),
            fields: vec![("state".into(), Type::Str), ("cap".into(), Type::Int)],
        };
        let values = ["FL", "TX", "MD"]
            .iter()
            .zip([3, 5, 0])
            .map(|(s, n)| Const::Record(vec![Const::Str((*s).into()), Const::Int(n)].into()))
            .collect();
        let table = DataTable {
            name: "windows".into(),
            ty: Type::List(Box::new(Type::Data(Arc::new(shape)))),
            value: Const::List(values),
        };
        Scope::message().with_data(Arc::new(vec![table]))
    }

    const CONDITIONS: &[&str] = &[
        "any(data.windows, w -> w.state == message.recipient.state)",
        "all(data.windows, w -> w.state != message.recipient.state or w.cap > message.recipient.messages_last_24h)",
        "any(data.windows, w -> w.cap == 0 and w.state == message.recipient.state)",
        "all(data.windows, w -> w.cap >= 0)",
        "any(data.windows, w -> w.state in [\"TX\", \"CA\"] and 10 / w.cap > 1)",
        "any([\"stop\", \"end\"], k -> contains(lower(message.body), k))",
        "all([], k -> k)",
        "any([], k -> k)",
        "count(data.windows, w -> w.cap > message.recipient.messages_last_24h) == 2",
        "any(data.windows, w -> w.state == or_else(message.brand, message.body))",
        "all(data.windows, w -> w.state != or_else(message.recipient.state, \"TX\") or w.cap > 2)",
        "any(data.windows, w -> w.state == message.recipient.state and w.cap > message.recipient.messages_last_24h)",
        "all([\"FL\", \"TX\", \"FL\"], k -> message.recipient.state != k or contains(message.body, k))",
        "any([\"FL\", \"TX\", \"FL\"], k -> message.recipient.state == k and contains(message.body, \"hi\") and k == \"FL\")",
        "all(data.windows, w -> w.state != message.recipient.state or 10 / w.cap > 1)",
        "any(data.windows, w -> w.state == message.recipient.state and all(data.windows, v -> v.state != w.state or v.cap == w.cap))",
        "all(data.windows, w -> message.body == \"x\" or w.state != message.recipient.state or w.cap > 2)",
    ];

    #[test]
    fn or_else_reads_an_optional_field_or_its_fallback() {
        let scope = scope();
        let check = |condition: &str| {
            compile_condition(
                &parse(condition).expect("parses"),
                &scope,
                &mut Facts::default(),
            )
        };
        assert!(check("or_else(message.brand, \"none\") == \"none\"").is_ok());
        let errors = check("or_else(message.brand, 3) == \"x\"").expect_err("a type error");
        assert!(
            errors[0].message.contains("the fallback is an int"),
            "{errors:?}"
        );
        assert!(check("or_else(message.brand) == \"x\"").is_err());
        let node = check("or_else(message.recipient.state, message.body) == \"FL\"").expect("ok");
        for (state, expected) in [("FL", true), ("TX", false)] {
            let value: serde_json::Value =
                serde_json::from_str(&message(state, 0, "FL")).expect("json");
            let tree = Tree::from_json(&value);
            let doc = DocRecord::load(&tree, &MESSAGE, &["kind"]).expect("a message");
            let cx = Context::new(&[&doc]);
            assert_eq!(node.truth(&cx, Vars::default()).ok(), Some(expected));
        }
        let value = serde_json::json!({
            "direction": "outbound", "sender": "system", "provider": "twilio",
            "from": "+14155550100", "to": "+13055550123", "body": "FL",
        });
        let tree = Tree::from_json(&value);
        let doc = DocRecord::load(&tree, &MESSAGE, &["kind"]).expect("a message");
        let cx = Context::new(&[&doc]);
        assert_eq!(
            node.truth(&cx, Vars::default()).ok(),
            Some(true),
            "the fallback"
        );
    }

    fn message(state: &str, count: i64, body: &str) -> String {
        serde_json::json!({
            "direction": "outbound", "sender": "system", "provider": "twilio",
            "from": "+14155550100", "to": "+13055550123", "body": body,
            "recipient": {"state": state, "messages_last_24h": count},
        })
        .to_string()
    }

    #[test]
    fn an_unrolled_quantifier_finds_what_the_loop_finds() {
        let scope = scope();
        for condition in CONDITIONS {
            let guarded = format!(
                "present(message.recipient.state) and present(message.recipient.messages_last_24h) and ({condition})"
            );
            let expr = parse(&guarded).expect("parses");
            let unrolled = compile_condition(&expr, &scope, &mut Facts::default())
                .unwrap_or_else(|e| panic!("{condition}: {e:?}"));
            let looped =
                crate::dsl::typecheck::compile_condition_looped(&expr, &scope).expect("checks");
            for (state, count, body) in [
                ("FL", 2, "Reply STOP"),
                ("FL", 3, "hi"),
                ("TX", 7, "the END"),
                ("MD", 0, "x"),
                ("NY", 1, "stop"),
            ] {
                let text = message(state, count, body);
                let value: serde_json::Value = serde_json::from_str(&text).expect("json");
                let tree = Tree::from_json(&value);
                let doc = DocRecord::load(&tree, &MESSAGE, &["kind"]).expect("a message");
                let cx = Context::new(&[&doc]);
                let a = unrolled.truth(&cx, Vars::default()).map_err(|e| e.message);
                let b = looped.truth(&cx, Vars::default()).map_err(|e| e.message);
                assert_eq!(a, b, "{condition} on {state} {count}");
            }
        }
    }

    #[test]
    fn the_loop_over_a_table_becomes_comparisons_with_constants() {
        let scope = scope();
        let expr = parse("any(data.windows, w -> w.state == message.body)").expect("parses");
        let node = compile_condition(&expr, &scope, &mut Facts::default()).expect("checks");
        let text = format!("{node:?}");
        assert!(!text.contains("Quantifier"), "{text}");
        // Three comparisons with one value, merged into one set test.
        assert!(!text.contains("EqStr"), "{text}");
        assert!(text.contains(r#"set: ["FL", "MD", "TX"]"#), "{text}");
    }

    #[test]
    fn a_table_keyed_by_one_value_becomes_a_switch() {
        let scope = scope();
        let expr = parse(
            "all(data.windows, w -> w.state != message.body or w.cap > characters(message.body))",
        )
        .expect("parses");
        let node = compile_condition(&expr, &scope, &mut Facts::default()).expect("checks");
        let text = format!("{node:?}");
        assert!(text.starts_with("Switch"), "{text}");
        assert!(text.contains(r#"keys: ["FL", "MD", "TX"]"#), "{text}");
        assert!(!text.contains("EqStr"), "{text}");
    }
}
