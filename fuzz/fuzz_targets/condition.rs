//! The condition language: parse, type-check and compile any text as a message rule's
//! condition; evaluate what compiles on a message with every field set and on one with
//! none. Parsing and checking must return diagnostics whose spans lie in the text;
//! evaluation must return a value or an error — never panic, never hang.
#![no_main]

use libfuzzer_sys::fuzz_target;
use smslint::dsl::{self, Context, Facts, Predicate, Scope};
use smslint::message::{
    Category, Consent, Conversation, Direction, Message, Recipient, Sender,
};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let expr = match dsl::parse(text) {
        Ok(expr) => expr,
        Err(e) => {
            assert!(e.span.start <= e.span.end && e.span.end <= text.len());
            return;
        }
    };
    let node = match dsl::compile_condition(&expr, &Scope::message(), &mut Facts::default()) {
        Ok(node) => node,
        Err(errors) => {
            assert!(!errors.is_empty());
            for e in errors {
                assert!(e.span.start <= e.span.end && e.span.end <= text.len());
            }
            return;
        }
    };
    let predicate = Predicate::new(node);
    let full = Message {
        id: Some("m-1"),
        direction: Direction::Outbound,
        sender: Sender::Agent,
        provider: "twilio",
        from: "+14155550100",
        to: "+13055550123",
        brand: Some("Acme"),
        body: "Hi from Acme 😀! Reply STOP to opt out. https://bit.ly/x",
        send_at: Some(1_795_465_800),
        category: Some(Category::Marketing),
        recipient: Recipient {
            consent: Some(Consent::Express),
            opted_out: Some(false),
            age_verified: Some(true),
            messages_last_24h: Some(3),
            state: Some("FL"),
            time_zone: Some("Not/AZone"),
        },
        conversation: Conversation {
            consumer_initiated: Some(true),
            first_message: Some(true),
        },
    };
    let bare = Message {
        id: None,
        direction: Direction::Inbound,
        sender: Sender::Consumer,
        provider: "",
        from: "",
        to: "+1",
        brand: None,
        body: "",
        send_at: Some(i64::MIN),
        category: None,
        recipient: Recipient::default(),
        conversation: Conversation::default(),
    };
    for message in [&full, &bare] {
        let _ = predicate.test(&Context::new(&[message]));
    }
});
