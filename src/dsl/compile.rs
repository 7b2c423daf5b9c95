//! Conditions compiled to closures: the form a rule's `when` and `require` are evaluated in.
//!
//! The tree of [`Node`]s is what the type checker produces and what templates, `at:` and
//! quantifier bodies are evaluated from. Walking it costs a call of one large function per
//! node, and that call — its dispatch and its prologue — is most of what a check of a
//! simple rule costs. So the boolean skeleton of a condition (`and`, `or`, `not`) and its
//! leaves that compare a field with a constant (`message.sender == "agent"`,
//! `segments(message.body) > 1` reads a fact, not a field, and stays a node) become
//! closures that call each other directly and read the field in place. Everything else is
//! a closure around its node, evaluated as before, so both forms always agree.

use std::fmt;

use super::eval::{
    characters, compare_int, graphemes, in_set, read, same_text, text_has, Base, Builtin, Node,
    Operand, Result, Vars,
};
use super::{Context, EvalError, Val};

/// A function counting something in a text: `characters`, `graphemes`.
type Count = fn(&str) -> i64;

type Test = dyn for<'a> Fn(&'a Context<'a>) -> Result<bool> + Send + Sync;

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
        (self.0)(cx).map_err(|e| *e)
    }

    /// Evaluates it, the error boxed: a result two registers wide, for the engine's loop.
    #[inline]
    pub(crate) fn test_boxed(&self, cx: &Context<'_>) -> Result<bool> {
        (self.0)(cx)
    }
}

/// A field of the document itself (not of a quantifier's variable), as the leaves read it.
enum Path {
    /// A field of a root: `message.body`.
    Field(u8, u16),
    /// A deeper path: `message.recipient.state`.
    Deep(u8, Box<[u16]>),
}

impl Path {
    fn of(base: Base, fields: &[u16]) -> Option<Path> {
        let Base::Root(root) = base else {
            return None;
        };
        Some(match fields {
            [one] => Path::Field(root, *one),
            more => Path::Deep(root, more.into()),
        })
    }

    #[inline(always)]
    fn get<'a>(&self, cx: &'a Context<'a>) -> Val<'a> {
        match self {
            Path::Field(root, field) => match cx.root(*root) {
                Some(record) => record.get(usize::from(*field)),
                None => Val::Missing,
            },
            Path::Deep(root, fields) => read(cx, Vars::default(), Base::Root(*root), fields),
        }
    }
}

/// A test of a `when` that reads one field of the scope's first root and nothing else:
/// `message.direction == "outbound"`, `present(message.category)`, `message.flag`. The
/// leading tests of many rules of a kind are the same few, so an engine tests each
/// distinct guard once a document and skips the rules with a failing one, without
/// calling them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Guard {
    field: u16,
    test: FieldTest,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum FieldTest {
    /// The field is this text.
    Is(Box<str>),
    /// The field has a value.
    Present,
    /// The field is `true`.
    True,
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
            _ => return None,
        };
        match **fields {
            [field] => Some(Guard { field, test }),
            _ => None,
        }
    }

    /// Whether the guard holds.
    #[inline]
    pub fn test(&self, cx: &Context<'_>) -> bool {
        let v = match cx.root(0) {
            Some(record) => record.get(usize::from(self.field)),
            None => Val::Missing,
        };
        match &self.test {
            FieldTest::Is(value) => v.as_str().is_some_and(|s| same_text(s, value)),
            FieldTest::Present => !matches!(v, Val::Missing),
            FieldTest::True => matches!(v, Val::Bool(true)),
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

fn root_field(operand: &Operand) -> Option<Path> {
    match operand {
        Operand::Field { base, fields } => Path::of(*base, fields),
        Operand::Node(_) => None,
    }
}

/// `characters(FIELD)` or `graphemes(FIELD)` of a field of the document: the counting
/// function, the field and the fact slot.
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
    let count: Count = match function {
        Builtin::Characters => characters,
        Builtin::Graphemes => graphemes,
        _ => return None,
    };
    let [Node::Get { base, fields }] = &**args else {
        return None;
    };
    Some((count, Path::of(*base, fields)?, fact.map(usize::from)))
}

fn compile(node: Node) -> Box<Test> {
    match node {
        Node::And(a, b) => {
            let (a, b) = (compile(*a), compile(*b));
            Box::new(move |cx| Ok(a(cx)? && b(cx)?))
        }
        Node::Or(a, b) => {
            let (a, b) = (compile(*a), compile(*b));
            Box::new(move |cx| Ok(a(cx)? || b(cx)?))
        }
        Node::Not(a) => {
            let a = compile(*a);
            Box::new(move |cx| Ok(!a(cx)?))
        }
        node => leaf(node),
    }
}

fn leaf(node: Node) -> Box<Test> {
    match &node {
        Node::Get { base, fields } => {
            if let Some(path) = Path::of(*base, fields) {
                return Box::new(move |cx| Ok(matches!(path.get(cx), Val::Bool(true))));
            }
        }
        Node::EqStr {
            lhs,
            value,
            negated,
        } => {
            if let Some(path) = root_field(lhs) {
                let (value, negated) = (value.clone(), *negated);
                return Box::new(move |cx| {
                    let v = path.get(cx);
                    Ok(v.as_str().is_some_and(|s| same_text(s, &value)) != negated)
                });
            }
        }
        Node::CmpInt(op, lhs, value) => {
            let (op, value) = (*op, *value);
            let holds = move |v: i64| compare_int(op, v, value);
            if let Some(path) = root_field(lhs) {
                return Box::new(move |cx| match path.get(cx) {
                    Val::Int(v) => Ok(holds(v)),
                    Val::Time(minutes) => Ok(holds(i64::from(minutes))),
                    _ => Ok(false),
                });
            }
            if let Some((count, path, slot)) = count_of_field(lhs) {
                return Box::new(move |cx| {
                    let n = || {
                        let v = path.get(cx);
                        // The bits of the count, read back with the same cast.
                        Ok(count(v.as_str().unwrap_or("")) as u64)
                    };
                    let n = match slot {
                        Some(slot) => cx.number_fact(slot, n)?,
                        None => n()?,
                    };
                    Ok(holds(n as i64))
                });
            }
        }
        Node::InStrSet {
            needle,
            set,
            negated,
        } if set.len() <= 8 => {
            if let Some(path) = root_field(needle) {
                let (set, negated) = (set.clone(), *negated);
                return Box::new(move |cx| {
                    let v = path.get(cx);
                    Ok(v.as_str().is_some_and(|s| in_set(&set, s)) != negated)
                });
            }
        }
        Node::TextHas {
            function,
            text,
            needle,
        } => {
            if let Some(path) = root_field(text) {
                let (function, needle) = (*function, needle.clone());
                return Box::new(move |cx| {
                    let v = path.get(cx);
                    Ok(v.as_str().is_some_and(|s| text_has(function, &needle, s)))
                });
            }
        }
        Node::Matches(text, re) => {
            if let Some(path) = root_field(text) {
                let re = re.clone();
                return Box::new(move |cx| {
                    let v = path.get(cx);
                    Ok(v.as_str().is_some_and(|s| re.is_match(s)))
                });
            }
        }
        _ => {}
    }
    Box::new(move |cx| node.truth(cx, Vars::default()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dsl::{compile_condition, Scope};
    use crate::schema::{FieldType, Schema};

    static DOC: Schema = Schema {
        name: "doc",
        fields: &[
            crate::schema::Field::new("text", FieldType::Str, ""),
            crate::schema::Field::new("n", FieldType::Int, ""),
            crate::schema::Field::new("flag", FieldType::Bool, ""),
        ],
    };

    struct Doc(&'static str, i64, bool);

    impl crate::dsl::Record for Doc {
        fn get(&self, field: usize) -> Val<'_> {
            match field {
                0 => Val::Str(self.0),
                1 => Val::Int(self.1),
                2 => Val::Bool(self.2),
                _ => Val::Missing,
            }
        }
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
            r#"ends_with(doc.text, "p") or doc.text matches /^E/i"#,
            "characters(doc.text) > 3",
            "characters(doc.text) >= 2 and characters(doc.text) <= 4",
            "graphemes(doc.text) != 0",
            "doc.flag",
        ];
        let docs = [
            Doc("stop", 10, false),
            Doc("end", 11, true),
            Doc("", -1, false),
            Doc("Stopping", 3, true),
        ];
        for text in conditions {
            let expr = crate::dsl::parse(text).unwrap_or_else(|e| panic!("{text}: {e:?}"));
            let node = || compile_condition(&expr, &scope, &mut crate::dsl::Facts::default());
            let tree = node().unwrap_or_else(|e| panic!("{text}: {e:?}"));
            let predicate = Predicate::new(node().unwrap_or_else(|e| panic!("{e:?}")));
            for doc in &docs {
                let cx = Context::new(&[doc]);
                let walked = tree.test(&Context::new(&[doc]));
                assert_eq!(predicate.test(&cx), walked, "{text}");
            }
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
                r#"present(doc.text) and doc.text == "end" and (doc.flag or doc.n > 3)"#,
                2,
                true,
            ),
            (r#"doc.n > 0 and doc.text == "end""#, 0, true),
        ];
        let docs = [
            Doc("stop", 10, false),
            Doc("end", 11, true),
            Doc("", -1, false),
            Doc("Stop", 3, true),
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
