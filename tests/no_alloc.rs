//! The counting and number-parsing paths allocate nothing: `sms::count` and
//! `phone::parse_e164` are called before every send, and a clean send path must not touch
//! the allocator. allocation-counter replaces the global allocator in this test binary only
//! and counts this thread's allocations.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use smslint::sms::{self, NationalLanguages, Options, SplitPolicy};

#[test]
fn the_counter_sees_allocations() {
    // Guards against a vacuous pass: splitting allocates its parts.
    let info = allocation_counter::measure(|| {
        std::hint::black_box(sms::split(&"a".repeat(400), &Options::default()));
    });
    assert!(info.count_total > 0);
}

#[test]
fn counting_allocates_nothing() {
    let bodies: Vec<String> = vec![
        String::new(),
        "Hi from Acme! Reply STOP to opt out.".into(),
        "a".repeat(1600),
        "a{".repeat(400) + "\r\n" + &"b".repeat(300),
        "Crème brûlée: Δ Ñ ß ".repeat(40),
        "It’s “done” — now… 日本 😀 👨\u{200D}👩\u{200D}👧 🇺🇸 e\u{301} ".repeat(30),
        "e".to_string() + &"\u{301}".repeat(300),
        "Türkçe ğüşıö İ ".repeat(40),
    ];
    for national in [NationalLanguages::NONE, NationalLanguages::all()] {
        for split in [SplitPolicy::Grapheme, SplitPolicy::Codepoint] {
            let options = Options { split, national };
            for body in &bodies {
                let info = allocation_counter::measure(|| {
                    std::hint::black_box(sms::count(std::hint::black_box(body), &options));
                });
                assert_eq!(info.count_total, 0, "{options:?} allocated on {body:?}");
            }
        }
    }
}

#[test]
fn phone_parsing_allocates_nothing() {
    use smslint::phone;
    let inputs = [
        "+14155550100",
        "+1 (415) 555-0100",
        "1-800-FLOWERS",
        "12345",
        "+447911123456",
        "+19115550100",
        "+1234567890123456789",
        "",
    ];
    for input in inputs {
        let info = allocation_counter::measure(|| {
            let shape = phone::classify(std::hint::black_box(input));
            let parsed = phone::parse_e164(std::hint::black_box(input));
            let area = parsed.ok().and_then(|n| n.area_code());
            std::hint::black_box((shape, area, phone::area_code(212)));
        });
        assert_eq!(info.count_total, 0, "allocated on {input:?}");
    }
}

/// Realistic messages that break no rule: checking them with the whole built-in pack touches
/// the allocator not once (a finding allocates its message; a clean message has none). The
/// normalised texts some rules read (an inbound body, a first message's brand) are built in
/// buffers the thread keeps from one check to the next, so only a thread's first check
/// allocates them.
#[test]
fn a_clean_check_message_allocates_nothing() {
    use smslint::{Category, Consent, Conversation, Direction, Message, Recipient, Sender};
    let engine = smslint::Engine::builtin().unwrap();
    let base = Message::new(
        Direction::Outbound,
        Sender::Agent,
        "twilio",
        "+14155550100",
        "+13055550123",
    );
    let messages = [
        Message {
            body: "Your order #1234 has shipped and arrives Tuesday.",
            category: Some(Category::Informational),
            recipient: Recipient {
                consent: Some(Consent::Express),
                ..Recipient::default()
            },
            ..base
        },
        Message {
            brand: Some("Acme"),
            body: "Thanks for waiting! I checked and your refund went out today.",
            category: Some(Category::Conversational),
            conversation: Conversation {
                consumer_initiated: Some(true),
                first_message: Some(false),
                ..Conversation::default()
            },
            ..base
        },
        Message {
            sender: Sender::System,
            brand: Some("Acme"),
            body: "Acme: 20% off all week at acme.example/sale. Reply STOP to opt out.",
            send_at: Some(1_764_000_000),
            category: Some(Category::Marketing),
            recipient: Recipient {
                consent: Some(Consent::ExpressWritten),
                messages_last_24h: Some(1),
                ..Recipient::default()
            },
            conversation: Conversation {
                consumer_initiated: Some(false),
                first_message: Some(false),
                ..Conversation::default()
            },
            ..base
        },
        Message {
            sender: Sender::System,
            brand: Some("Acme"),
            body: "Acme: your order #1234 ships today. Reply STOP to opt out.",
            category: Some(Category::Informational),
            recipient: Recipient {
                consent: Some(Consent::Express),
                ..Recipient::default()
            },
            conversation: Conversation {
                consumer_initiated: Some(false),
                first_message: Some(true),
                ..Conversation::default()
            },
            ..base
        },
        Message {
            direction: Direction::Inbound,
            sender: Sender::Consumer,
            from: "+13055550123",
            to: "+14155550100",
            body: "Is my order on its way? It was due yesterday",
            ..base
        },
    ];
    for message in &messages {
        let report = engine.check_message(message);
        assert!(report.is_clean(), "{message:?}: {:?}", report.findings);
        let info = allocation_counter::measure(|| {
            std::hint::black_box(engine.check_message(std::hint::black_box(message)));
        });
        assert_eq!(info.count_total, 0, "{message:?} allocated");
    }
}
