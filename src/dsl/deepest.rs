//! The deepest conditions the limits allow are parsed, type-checked, compiled and evaluated
//! on a 2 MiB thread, the stack a library caller's worker thread may have (issue 21: a run of
//! prefix operators within the length limit used to overflow the stack).

use super::{compile_condition, parse, Context, Facts, Predicate, Scope, MAX_CONDITION_BYTES};
use crate::doc::{Direction, Message, Sender};

/// Conditions at the limits: long runs of prefix operators, long chains of binary
/// operators, brackets as deep as allowed.
fn deepest() -> Vec<String> {
    let budget = |unit: &str, tail: &str| (MAX_CONDITION_BYTES - tail.len()) / unit.len();
    let nesting = super::MAX_NESTING;
    vec![
        "not ".repeat(nesting - 1) + "true",
        "- ".repeat(nesting - 1) + "1 < 0",
        "-".repeat(nesting - 1) + "1 < 0",
        "(".repeat(nesting) + "true" + &")".repeat(nesting),
        "(not ".repeat(nesting / 2) + "true" + &")".repeat(nesting / 2),
        "1+".repeat(super::MAX_DEPTH - 2) + "1 > 0",
        "true or ".repeat(super::MAX_DEPTH - 1) + "true",
        "1+".repeat(budget("1+", "1 > 0")) + "1 > 0",
        "true or ".repeat(budget("true or ", "true")) + "true",
        "true and ".repeat(budget("true and ", "true")) + "true",
        "1*".repeat(budget("1*", "1 == 1")) + "1 == 1",
        "characters(message.body) + ".repeat(budget("characters(message.body) + ", "0 > 0"))
            + "0 > 0",
    ]
}

#[test]
fn the_deepest_conditions_allowed_run_on_a_small_stack() {
    let run = || {
        let scope = Scope::message();
        let message = Message {
            body: "hi",
            send_at: Some(0),
            ..Message::new(
                Direction::Outbound,
                Sender::Agent,
                "twilio",
                "+14155550100",
                "+13055550123",
            )
        };
        let mut accepted = 0;
        for text in deepest() {
            assert!(text.len() <= MAX_CONDITION_BYTES, "{}", text.len());
            let Ok(expr) = parse(&text) else { continue };
            let node = compile_condition(&expr, &scope, &mut Facts::default())
                .unwrap_or_else(|e| panic!("{}: {:?}", &text[..40], e.first()));
            let tree = node.test(&Context::new(&[&message]));
            let predicate = Predicate::new(node);
            assert_eq!(predicate.test(&Context::new(&[&message])), tree);
            accepted += 1;
        }
        accepted
    };
    let accepted = std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(run)
        .unwrap()
        .join()
        .expect("a condition within the limits overflowed a 2 MiB stack");
    assert!(
        accepted >= 5,
        "only {accepted} of the deepest conditions parse"
    );
}

#[test]
fn a_run_of_prefix_operators_counts_as_nesting() {
    let nesting = super::MAX_NESTING;
    for op in ["not ", "- ", "-"] {
        let text = op.repeat(nesting + 1) + "1";
        let e = parse(&text).unwrap_err();
        assert!(e.message.contains("nests deeper"), "{op:?}: {e:?}");
        assert!(e.span.end <= text.len());
    }
    // `not in` is one operator, not a prefix.
    assert!(parse(&("\"a\" not in [\"b\"] and ".repeat(40) + "true")).is_ok());
}
