//! Parsing a condition: text → [`Expr`], with a span on every node and on every error.
//!
//! The pest grammar (`grammar/condition.pest`) reads a flat sequence of operands and
//! operators; a Pratt parser folds it by precedence, loosest first:
//! `or` < `and` < `not` < comparisons, `in`, `not in`, `matches` < `+ -` < `* / %` < unary `-`.
//!
//! Hostile input is bounded before pest sees it: a condition longer than
//! [`MAX_CONDITION_BYTES`] or nested deeper than [`MAX_NESTING`] is refused with a
//! diagnostic, and pest's call limit caps the work of any one parse.

use std::num::NonZeroUsize;
use std::sync::LazyLock;

use pest::error::{ErrorVariant, InputLocation};
use pest::iterators::{Pair, Pairs};
use pest::pratt_parser::{Assoc, Op, PrattParser};
use pest::Parser;

use super::ast::{BinaryOp, Expr, ExprKind, Ident, Quantifier, Span, UnaryOp};
use super::grammar::{ConditionParser, Rule};
use crate::dsl::diagnostic::Diagnostic;

/// The longest condition accepted, in bytes.
pub const MAX_CONDITION_BYTES: usize = 4096;
/// The deepest nesting of parentheses, brackets and calls accepted; a run of prefix
/// operators (`not not …`) counts as nesting too.
pub const MAX_NESTING: usize = 32;

/// The deepest syntax tree accepted, counting every operator, call, list and quantifier
/// (`a or b or c` is three deep). Every later stage walks the tree recursively: this bound,
/// with the nesting bound, keeps them within a 2 MiB thread's stack.
pub const MAX_DEPTH: usize = 128;
/// pest's limit on rule calls per parse: far above what a 4 KiB condition needs, so it
/// only stops pathological backtracking.
const PEST_CALL_LIMIT: usize = 2_000_000;

/// A condition that could not be parsed.
pub type ParseError = Diagnostic;

static PRATT: LazyLock<PrattParser<Rule>> = LazyLock::new(|| {
    PrattParser::new()
        .op(Op::infix(Rule::or, Assoc::Left))
        .op(Op::infix(Rule::and, Assoc::Left))
        .op(Op::prefix(Rule::not))
        .op(Op::infix(Rule::eq, Assoc::Left)
            | Op::infix(Rule::ne, Assoc::Left)
            | Op::infix(Rule::lt, Assoc::Left)
            | Op::infix(Rule::le, Assoc::Left)
            | Op::infix(Rule::gt, Assoc::Left)
            | Op::infix(Rule::ge, Assoc::Left)
            | Op::infix(Rule::in_, Assoc::Left)
            | Op::infix(Rule::not_in, Assoc::Left)
            | Op::infix(Rule::matches, Assoc::Left))
        .op(Op::infix(Rule::add, Assoc::Left) | Op::infix(Rule::sub, Assoc::Left))
        .op(Op::infix(Rule::mul, Assoc::Left)
            | Op::infix(Rule::div, Assoc::Left)
            | Op::infix(Rule::rem, Assoc::Left))
        .op(Op::prefix(Rule::neg))
});

/// Parses a condition.
///
/// ```
/// let e = smslint::unstable::dsl::parse("not opted_out and segments(body) > 1").unwrap();
/// assert_eq!(e.to_string(), "((not opted_out) and (segments(body) > 1))");
/// ```
pub fn parse(text: &str) -> Result<Expr, ParseError> {
    if text.len() > MAX_CONDITION_BYTES {
        return Err(ParseError::new(
            format!(
                "the condition is {} bytes long; the limit is {MAX_CONDITION_BYTES}",
                text.len()
            ),
            Span::new(0, text.len()),
        )
        .with_help("split the rule, or move long lists into a table under `data/`"));
    }
    check_nesting(text)?;
    pest::set_call_limit(NonZeroUsize::new(PEST_CALL_LIMIT));
    let mut pairs =
        ConditionParser::parse(Rule::condition, text).map_err(|e| from_pest(e, text))?;
    let expr = pairs
        .next()
        .and_then(|condition| condition.into_inner().next())
        .ok_or_else(|| ParseError::new("the condition is empty", Span::new(0, text.len())))?;
    let expr = build_expr(expr.into_inner())?;
    check_depth(&expr)?;
    Ok(expr)
}

/// Refuses nesting deeper than [`MAX_NESTING`] before the recursive parser sees it. A run
/// of prefix operators (`not not …`, `- - …`) nests as brackets do, and counts with the
/// brackets around it. Brackets and operators inside string and regex literals are skipped
/// roughly (a quote opens and closes a string); a wrong guess only moves the bound, never
/// a panic.
fn check_nesting(text: &str) -> Result<(), ParseError> {
    let too_deep = |at: usize, len: usize, prefix: bool| {
        let help = if prefix {
            "a run of `not` or `-` nests like brackets: write the operand once, or split the condition"
        } else {
            "split the condition into simpler rules or use a data table"
        };
        ParseError::new(
            format!("the condition nests deeper than {MAX_NESTING} levels"),
            Span::new(at, at + len),
        )
        .with_help(help)
    };
    let mut depth = 0usize;
    // Prefix operators in a row, since the last operand or bracket.
    let mut run = 0usize;
    let mut quote: Option<char> = None;
    let mut escaped = false;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if let Some(q) = quote {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == q {
                quote = None;
            }
            continue;
        }
        match c {
            '"' | '\'' => {
                quote = Some(c);
                run = 0;
            }
            '(' | '[' => {
                depth += 1;
                run = 0;
                if depth > MAX_NESTING {
                    return Err(too_deep(i, 1, false));
                }
            }
            ')' | ']' => {
                depth = depth.saturating_sub(1);
                run = 0;
            }
            '-' if chars.peek().is_some_and(|&(_, next)| next == '>') => run = 0,
            '-' => {
                run += 1;
                if depth + run > MAX_NESTING {
                    return Err(too_deep(i, 1, true));
                }
            }
            c if c.is_alphanumeric() || c == '_' => {
                let mut end = i + c.len_utf8();
                while let Some(&(j, next)) = chars.peek() {
                    if !(next.is_alphanumeric() || next == '_' || next == '.') {
                        break;
                    }
                    end = j + next.len_utf8();
                    chars.next();
                }
                let word = text.get(i..end).unwrap_or("");
                let infix = text.get(end..).map(str::trim_start).is_some_and(|rest| {
                    rest.strip_prefix("in")
                        .is_some_and(|r| !r.starts_with(|c: char| c.is_alphanumeric() || c == '_'))
                });
                if word == "not" && !infix {
                    run += 1;
                    if depth + run > MAX_NESTING {
                        return Err(too_deep(i, 3, true));
                    }
                } else {
                    run = 0;
                }
            }
            c if c.is_whitespace() => {}
            _ => run = 0,
        }
    }
    Ok(())
}

/// Refuses a syntax tree deeper than [`MAX_DEPTH`], walked with a stack of its own: every
/// later stage (type checking, compiling, evaluating) walks the tree recursively.
fn check_depth(expr: &Expr) -> Result<(), ParseError> {
    let mut stack = vec![(expr, 1usize)];
    while let Some((e, depth)) = stack.pop() {
        if depth > MAX_DEPTH {
            return Err(ParseError::new(
                format!("the condition is more than {MAX_DEPTH} operators deep"),
                e.span,
            )
            .with_help("split it into several rules, or put the values in a data table and test them with `in` or `any`"));
        }
        match &e.kind {
            ExprKind::List(items) => stack.extend(items.iter().map(|i| (i, depth + 1))),
            ExprKind::Call { args, .. } => stack.extend(args.iter().map(|a| (a, depth + 1))),
            ExprKind::Quantifier { list, body, .. } => {
                stack.push((list, depth + 1));
                stack.push((body, depth + 1));
            }
            ExprKind::Unary { operand, .. } => stack.push((operand, depth + 1)),
            ExprKind::Binary { lhs, rhs, .. } => {
                stack.push((lhs, depth + 1));
                stack.push((rhs, depth + 1));
            }
            _ => {}
        }
    }
    Ok(())
}

fn span_of(pair: &Pair<'_, Rule>) -> Span {
    let s = pair.as_span();
    Span::new(s.start(), s.end())
}

fn build_expr(pairs: Pairs<'_, Rule>) -> Result<Expr, ParseError> {
    PRATT
        .map_primary(build_primary)
        .map_prefix(|op, operand| {
            let operand = operand?;
            let op_span = span_of(&op);
            let op = match op.as_rule() {
                Rule::not => UnaryOp::Not,
                _ => UnaryOp::Neg,
            };
            Ok(Expr {
                span: op_span.to(operand.span),
                kind: ExprKind::Unary {
                    op,
                    operand: Box::new(operand),
                },
            })
        })
        .map_infix(|lhs, op, rhs| {
            let (lhs, rhs) = (lhs?, rhs?);
            let op = match op.as_rule() {
                Rule::or => BinaryOp::Or,
                Rule::and => BinaryOp::And,
                Rule::eq => BinaryOp::Eq,
                Rule::ne => BinaryOp::Ne,
                Rule::lt => BinaryOp::Lt,
                Rule::le => BinaryOp::Le,
                Rule::gt => BinaryOp::Gt,
                Rule::ge => BinaryOp::Ge,
                Rule::in_ => BinaryOp::In,
                Rule::not_in => BinaryOp::NotIn,
                Rule::matches => BinaryOp::Matches,
                Rule::add => BinaryOp::Add,
                Rule::sub => BinaryOp::Sub,
                Rule::mul => BinaryOp::Mul,
                Rule::div => BinaryOp::Div,
                _ => BinaryOp::Rem,
            };
            Ok(Expr {
                span: lhs.span.to(rhs.span),
                kind: ExprKind::Binary {
                    op,
                    lhs: Box::new(lhs),
                    rhs: Box::new(rhs),
                },
            })
        })
        .parse(pairs)
}

fn ident(pair: &Pair<'_, Rule>) -> Ident {
    Ident {
        name: pair.as_str().to_string(),
        span: span_of(pair),
    }
}

fn build_primary(pair: Pair<'_, Rule>) -> Result<Expr, ParseError> {
    let span = span_of(&pair);
    let text = pair.as_str();
    let kind = match pair.as_rule() {
        Rule::expr => return build_expr(pair.into_inner()),
        Rule::integer => {
            ExprKind::Int(text.parse().map_err(|_| {
                ParseError::new(format!("`{text}` is too large for an integer"), span)
            })?)
        }
        Rule::boolean => ExprKind::Bool(text == "true"),
        Rule::time_of_day => ExprKind::TimeOfDay(time_of_day(text, span)?),
        Rule::date => {
            ExprKind::Date(crate::dsl::builtins::time::parse_date(text).ok_or_else(|| {
                ParseError::new(format!("`{text}` is not a date"), span)
                    .with_help("write a day of the calendar as year-month-day, e.g. `2026-11-26`")
            })?)
        }
        Rule::duration => ExprKind::Duration(duration(text, span)?),
        Rule::string => {
            let inner = pair.into_inner().next();
            ExprKind::Str(unescape(inner.as_ref().map_or("", |p| p.as_str()), span)?)
        }
        Rule::regex => {
            let mut parts = pair.into_inner();
            let pattern = parts.next().map_or("", |p| p.as_str()).replace("\\/", "/");
            let flags = parts.next().map_or("", |p| p.as_str()).to_string();
            ExprKind::Regex { pattern, flags }
        }
        Rule::list => ExprKind::List(
            pair.into_inner()
                .map(|p| build_expr(p.into_inner()))
                .collect::<Result<_, _>>()?,
        ),
        Rule::path => ExprKind::Path(pair.into_inner().map(|p| ident(&p)).collect()),
        Rule::call => {
            let mut parts = pair.into_inner();
            let function = parts
                .next()
                .map(|p| ident(&p))
                .ok_or_else(|| ParseError::new("a call needs a function name", span))?;
            let args = parts
                .map(|p| build_expr(p.into_inner()))
                .collect::<Result<_, _>>()?;
            ExprKind::Call { function, args }
        }
        Rule::quantifier => {
            let mut parts = pair.into_inner();
            let missing = || ParseError::new("an incomplete quantifier", span);
            let quantifier = match parts.next().ok_or_else(missing)?.as_str() {
                "any" => Quantifier::Any,
                "all" => Quantifier::All,
                "distinct" => Quantifier::Distinct,
                "duplicated" => Quantifier::Duplicated,
                "pick" => Quantifier::Pick,
                "shared" => Quantifier::Shared,
                _ => Quantifier::Count,
            };
            let list = build_expr(parts.next().ok_or_else(missing)?.into_inner())?;
            let var = ident(&parts.next().ok_or_else(missing)?);
            let body = build_expr(parts.next().ok_or_else(missing)?.into_inner())?;
            ExprKind::Quantifier {
                quantifier,
                list: Box::new(list),
                var,
                body: Box::new(body),
            }
        }
        other => {
            return Err(ParseError::new(
                format!("unexpected {}", describe(other)),
                span,
            ))
        }
    };
    Ok(Expr { kind, span })
}

fn time_of_day(text: &str, span: Span) -> Result<u16, ParseError> {
    let bad = || {
        ParseError::new(format!("`{text}` is not a time of day"), span)
            .with_help("write a 24-hour time from 00:00 to 23:59, e.g. `08:00` or `21:00`")
    };
    let (h, m) = text.split_once(':').ok_or_else(bad)?;
    let (h, m): (u16, u16) = (h.parse().map_err(|_| bad())?, m.parse().map_err(|_| bad())?);
    if h > 23 || m > 59 {
        return Err(bad());
    }
    Ok(h * 60 + m)
}

fn duration(text: &str, span: Span) -> Result<i64, ParseError> {
    let split = text.len().saturating_sub(1);
    let (digits, unit) = (
        text.get(..split).unwrap_or(""),
        text.get(split..).unwrap_or(""),
    );
    let per = match unit {
        "d" => 86_400,
        "h" => 3_600,
        "m" => 60,
        _ => 1,
    };
    digits
        .parse::<i64>()
        .ok()
        .and_then(|n| n.checked_mul(per))
        .ok_or_else(|| ParseError::new(format!("the duration `{text}` is too long"), span))
}

fn unescape(raw: &str, span: Span) -> Result<String, ParseError> {
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('r') => out.push('\r'),
            Some('u') => {
                let rest = chars.as_str();
                let hex = rest
                    .strip_prefix('{')
                    .and_then(|r| r.split_once('}'))
                    .map(|(hex, _)| hex)
                    .unwrap_or("");
                let c = u32::from_str_radix(hex, 16)
                    .ok()
                    .and_then(char::from_u32)
                    .ok_or_else(|| {
                        ParseError::new(format!("`\\u{{{hex}}}` is not a character"), span)
                    })?;
                out.push(c);
                chars = rest.get(hex.len() + 2..).unwrap_or("").chars();
            }
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    Ok(out)
}

/// What a grammar rule is called in a message.
fn describe(rule: Rule) -> &'static str {
    match rule {
        Rule::EOI => "end of the condition",
        Rule::expr | Rule::primary => "an operand (a value, a path, a call or `(`)",
        Rule::prefix | Rule::not | Rule::neg => "`not` or `-`",
        Rule::infix
        | Rule::or
        | Rule::and
        | Rule::not_in
        | Rule::in_
        | Rule::matches
        | Rule::eq
        | Rule::ne
        | Rule::le
        | Rule::ge
        | Rule::lt
        | Rule::gt
        | Rule::add
        | Rule::sub
        | Rule::mul
        | Rule::div
        | Rule::rem => "an operator",
        Rule::quantifier | Rule::quantifier_kind => "a quantifier (`any`, `all`, `count`)",
        Rule::call => "a call",
        Rule::path | Rule::ident => "a name",
        Rule::list => "a list",
        Rule::time_of_day => "a time of day",
        Rule::date => "a date",
        Rule::duration => "a duration",
        Rule::integer => "an integer",
        Rule::string | Rule::dq_inner | Rule::sq_inner | Rule::escape => "a string",
        Rule::boolean => "`true` or `false`",
        Rule::regex | Rule::regex_body | Rule::regex_flags => "a regular expression",
        Rule::literal => "a value",
        Rule::condition => "a condition",
        // Silent helper rules (keywords, whitespace) never reach a message on their own.
        _ => "a token",
    }
}

fn from_pest(e: pest::error::Error<Rule>, text: &str) -> ParseError {
    let span = match e.location {
        InputLocation::Pos(p) => Span::new(p, p),
        InputLocation::Span((s, end)) => Span::new(s, end),
    };
    // Habits of other languages, with what this one writes instead.
    let rest = text.get(span.start..).unwrap_or("");
    let habit = [
        ("===", "`===` is written `==` here"),
        ("!==", "`!==` is written `!=` here"),
        ("&&", "`&&` is written `and` here"),
        ("||", "`||` is written `or` here"),
        ("=", "`=` is not a comparison here: write `==` to compare, as in `message.sender == \"bot\"`"),
        ("!", "`!` is written `not` here, and `!=` compares"),
    ]
    .into_iter()
    .find(|(token, _)| rest.starts_with(token));
    if let Some((token, help)) = habit {
        let end = span.start + token.len();
        return ParseError::new(format!("unexpected `{token}`"), Span::new(span.start, end))
            .with_help(help);
    }
    let message = match &e.variant {
        ErrorVariant::ParsingError { positives, .. } => {
            let mut wanted: Vec<&str> = positives.iter().map(|r| describe(*r)).collect();
            wanted.sort_unstable();
            wanted.dedup();
            match wanted.as_slice() {
                [] => "this is not a valid condition".to_string(),
                [one] => format!("expected {one}"),
                [init @ .., last] => format!("expected {} or {last}", init.join(", ")),
            }
        }
        ErrorVariant::CustomError { message } => message.clone(),
    };
    ParseError::new(message, span)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> String {
        parse(text)
            .map(|e| e.to_string())
            .unwrap_or_else(|e| panic!("{text}: {e:?}"))
    }

    #[test]
    fn precedence_is_or_and_not_comparison_sum_product() {
        assert_eq!(read("a or b and c"), "(a or (b and c))");
        assert_eq!(read("not a and b"), "((not a) and b)");
        assert_eq!(read("not a == b"), "(not (a == b))");
        assert_eq!(read("1 + 2 * 3 > 6 - -1"), "((1 + (2 * 3)) > (6 - (-1)))");
        assert_eq!(read("(a or b) and c"), "((a or b) and c)");
        assert_eq!(read("a - b - c"), "((a - b) - c)");
    }

    #[test]
    fn membership_and_matching() {
        assert_eq!(
            read(r#"state in ["FL", "OK"]"#),
            r#"(state in ["FL", "OK"])"#
        );
        assert_eq!(
            read("state not in data.states"),
            "(state not in data.states)"
        );
        assert_eq!(
            read(r"body matches /\bstop\b/i"),
            r"(body matches /\bstop\b/i)"
        );
        assert_eq!(read("a / b"), "(a / b)");
    }

    #[test]
    fn literals() {
        assert_eq!(read("08:30"), "08:30");
        assert!(matches!(
            parse("08:30").unwrap().kind,
            ExprKind::TimeOfDay(510)
        ));
        assert!(matches!(
            parse("24h").unwrap().kind,
            ExprKind::Duration(86_400)
        ));
        assert!(matches!(parse("1600").unwrap().kind, ExprKind::Int(1600)));
        assert_eq!(
            parse(r#"'it\'s \u{20AC}5\n'"#).unwrap().kind,
            ExprKind::Str("it's €5\n".into())
        );
        assert_eq!(parse("true").unwrap().kind, ExprKind::Bool(true));
    }

    #[test]
    fn quantifiers_and_calls() {
        assert_eq!(
            read(r#"any(account.numbers, n -> n.source == "brand_owned")"#),
            r#"any(account.numbers, n -> (n.source == "brand_owned"))"#
        );
        assert_eq!(
            read("count(xs, x -> x > 1) >= 2"),
            "(count(xs, x -> (x > 1)) >= 2)"
        );
        assert_eq!(read("segments(message.body)"), "segments(message.body)");
        assert_eq!(read("now()"), "now()");
    }

    #[test]
    fn keywords_are_whole_words() {
        assert_eq!(read("android or notes"), "(android or notes)");
        assert_eq!(read("index in inbox"), "(index in inbox)");
    }

    #[test]
    fn spans_point_into_the_text() {
        let text = "a and  segments(body) > 1";
        let e = parse(text).unwrap();
        assert_eq!(e.span, Span::new(0, text.len()));
        let ExprKind::Binary { rhs, .. } = e.kind else {
            panic!()
        };
        assert_eq!(&text[rhs.span.start..rhs.span.end], "segments(body) > 1");
    }

    #[test]
    fn habits_of_other_languages_get_a_hint() {
        for (text, token, help) in [
            ("message.sender = \"bot\"", "=", "write `==`"),
            ("a == 1 && b", "&&", "`and`"),
            ("a || b", "||", "`or`"),
            ("!present(a)", "!", "`not`"),
            ("a === 1", "=", "write `==`"),
        ] {
            let e = parse(text).unwrap_err();
            assert_eq!(e.message, format!("unexpected `{token}`"), "{text}");
            assert_eq!(e.span.end - e.span.start, token.len(), "{text}");
            assert!(
                e.help.as_deref().unwrap_or("").contains(help),
                "{text}: {e:?}"
            );
        }
    }

    #[test]
    fn errors_name_the_place_and_what_was_expected() {
        let e = parse("a and").unwrap_err();
        assert_eq!(e.span, Span::new(5, 5));
        assert!(e.message.starts_with("expected"), "{e:?}");
        let e = parse("a == == b").unwrap_err();
        assert_eq!(e.span.start, 5, "{e:?}");
        let e = parse("25:00").unwrap_err();
        assert_eq!(e.message, "`25:00` is not a time of day");
        let e = parse("99999999999999999999").unwrap_err();
        assert!(e.message.contains("too large"), "{e:?}");
        assert!(parse("").is_err());
        assert!(parse("\"unterminated").is_err());
    }

    #[test]
    fn hostile_input_is_refused_with_a_diagnostic() {
        let deep = "(".repeat(10_000) + "a" + &")".repeat(10_000);
        let e = parse(&deep).unwrap_err();
        assert!(
            e.message.contains("longer") || e.message.contains("bytes long"),
            "{e:?}"
        );
        let deep = "(".repeat(40) + "a" + &")".repeat(40);
        let e = parse(&deep).unwrap_err();
        assert!(e.message.contains("nests deeper"), "{e:?}");
        assert_eq!(e.span.start, MAX_NESTING);
        let ok = "(".repeat(MAX_NESTING) + "a" + &")".repeat(MAX_NESTING);
        assert!(parse(&ok).is_ok());
        let long = "a or ".repeat(1000) + "a";
        assert!(parse(&long).unwrap_err().message.contains("bytes long"));
        // Many prefix operators within the length limit nest too deep.
        let nots = "not ".repeat(1000) + "a";
        assert!(parse(&nots).unwrap_err().message.contains("nests deeper"));
        let chain = "a or ".repeat(200) + "a";
        let e = parse(&chain).unwrap_err();
        assert!(e.message.contains("operators deep"), "{e:?}");
        assert!(parse(&("a or ".repeat(100) + "a")).is_ok());
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        const TOKENS: &[&str] = &[
            "a", "b.c", "1", "08:00", "24h", "\"s\"", "'t'", "/r/i", "true", "(", ")", "[", "]",
            ",", "->", "and", "or", "not", "in", "matches", "==", "<", "+", "-", "*", "/", "%",
            "any(", "count(", "f(", " ", "\n", "\\", "\"", "é", "日",
        ];

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(3000))]

            /// Any text gets an expression or an error whose span lies inside the text;
            /// never a panic.
            #[test]
            fn parse_is_total(tokens in prop::collection::vec(prop::sample::select(TOKENS), 0..40)) {
                let text = tokens.join(" ");
                match parse(&text) {
                    Ok(e) => {
                        prop_assert!(e.span.end <= text.len());
                        // What was read prints as a condition that reads the same way.
                        let printed = e.to_string();
                        let again = parse(&printed).map(|e| e.to_string());
                        prop_assert_eq!(again, Ok(printed));
                    }
                    Err(e) => prop_assert!(e.span.start <= e.span.end && e.span.end <= text.len()),
                }
            }

            #[test]
            fn arbitrary_text_never_panics(text in ".{0,200}") {
                let _ = parse(&text);
            }
        }
    }
}
