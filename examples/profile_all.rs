#![allow(missing_docs, clippy::unwrap_used)]
use smslint::message::{Category, Consent, Conversation, Direction, Message, Recipient, Sender};
fn main() {
    let engine = match std::env::var("SELECT") {
        Ok(id) => smslint::engine::Engine::from_dirs(
            true,
            &[],
            &smslint::engine::Selection::new(vec![id], vec![]),
        )
        .unwrap(),
        Err(_) => smslint::engine::Engine::builtin().unwrap(),
    };
    let base = Message::new(
        Direction::Outbound,
        Sender::Agent,
        "twilio",
        "+14155550100",
        "+13055550123",
    );
    let long = "Thanks for your patience while we look into your order. ".repeat(12);
    let which = std::env::var("MSG").unwrap_or_default();
    let agent = Message {
        body: "Thanks for waiting! I checked and your refund went out today.",
        category: Some(Category::Conversational),
        conversation: Conversation {
            consumer_initiated: Some(true),
            first_message: Some(false),
        },
        ..base
    };
    let long_reply = Message {
        body: &long,
        ..base
    };
    let m = Message {
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
        },
        ..base
    };
    if std::env::args().nth(1).as_deref() == Some("rules") {
        use smslint::engine::{Engine, Selection};
        let ids: Vec<String> = engine.rules().iter().map(|r| r.id.to_string()).collect();
        for id in ids {
            let e =
                Engine::from_dirs(true, &[], &Selection::new(vec![id.clone()], vec![])).unwrap();
            let t = std::time::Instant::now();
            for _ in 0..200_000 {
                std::hint::black_box(e.check_message(std::hint::black_box(&m)));
            }
            println!("{:>8.0} ns {id}", t.elapsed().as_nanos() as f64 / 200_000.0);
        }
        return;
    }
    let m = match which.as_str() {
        "agent" => agent,
        "long" => long_reply,
        _ => m,
    };
    let n: usize = std::env::args()
        .nth(1)
        .map_or(10000, |s| s.parse().unwrap());
    let mut f = 0;
    for _ in 0..n {
        f += std::hint::black_box(engine.check_message(std::hint::black_box(&m)))
            .findings
            .len();
    }
    println!("{f}");
}
#[allow(dead_code)]
pub fn per_rule() {}
