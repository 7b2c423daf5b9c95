//! Checking a message before it is sent, as a messaging backend does:
//!
//!     cargo run --release --example check_message
//!
//! One engine (built once, shared by every thread), one borrowed `Message` per send, and a
//! `Report` whose findings say what is wrong, how serious it is and what to do.

use smslint::Engine;
use smslint::{Category, Consent, Conversation, Direction, Message, Recipient, Sender};

fn main() {
    let engine = match Engine::builtin() {
        Ok(engine) => engine,
        Err(problems) => {
            for p in problems {
                eprintln!("{}", p.render());
            }
            std::process::exit(2);
        }
    };
    let long_reply = "Thanks for your patience while we look into your order. ".repeat(30);
    let sends = [
        Message {
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
            ..Message::new(
                Direction::Outbound,
                Sender::System,
                "twilio",
                "+14155550100",
                "+13055550123",
            )
        },
        Message {
            body: &long_reply,
            ..Message::new(
                Direction::Outbound,
                Sender::Agent,
                "twilio",
                "+14155550100",
                "+13055550123",
            )
        },
    ];
    for (n, message) in sends.iter().enumerate() {
        let report = engine.check_message(message);
        println!(
            "message {}: {}",
            n + 1,
            if report.has_errors() {
                "do not send"
            } else {
                "ok to send"
            }
        );
        for f in &report.findings {
            println!("  {} [{}] {}", f.severity.as_str(), f.rule, f.message);
            if let Some(help) = &f.help {
                println!("    help: {help}");
            }
        }
    }
}
