//! The four messages the `check_message` benchmarks measure: a clean agent reply, a
//! clean marketing message to Miami, a long agent reply (a finding rendered) and an
//! inbound question. Shared by `benches/rules.rs` (criterion) and
//! `benches/check_message_loop.rs` (instruction counts under callgrind).

use smslint::{Category, Consent, Conversation, Direction, Message, Recipient, Sender};

/// The body of the long agent reply (684 characters).
pub fn long_body() -> String {
    "Thanks for your patience while we look into your order. ".repeat(12)
}

/// The messages by name; `long` is [`long_body`].
pub fn messages(long: &str) -> [(&'static str, Message<'_>); 4] {
    let base = Message::new(
        Direction::Outbound,
        Sender::Agent,
        "twilio",
        "+14155550100",
        "+13055550123",
    );
    [
        (
            "agent-reply",
            Message {
                body: "Thanks for waiting! I checked and your refund went out today.",
                category: Some(Category::Conversational),
                conversation: Conversation {
                    consumer_initiated: Some(true),
                    first_message: Some(false),
                    ..Conversation::default()
                },
                ..base
            },
        ),
        (
            "marketing",
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
        ),
        ("long-agent-reply", Message { body: long, ..base }),
        (
            "inbound",
            Message {
                direction: Direction::Inbound,
                sender: Sender::Consumer,
                from: "+13055550123",
                to: "+14155550100",
                body: "Is my order on its way? It was due yesterday",
                ..base
            },
        ),
    ]
}
