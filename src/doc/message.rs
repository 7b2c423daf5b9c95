//! The message a messaging backend checks before every send, as a Rust type.
//!
//! [`Message`] borrows everything it holds, so building one for a send costs nothing, and
//! it is read by the rules through [`Record`] exactly as a message loaded from a file is:
//! field for field as declared in [`crate::doc::schema::MESSAGE`]. A test keeps the two in step.
//!
//! ```
//! use smslint::Engine;
//! use smslint::{Direction, Message, Sender};
//!
//! let engine = Engine::builtin().expect("the built-in pack loads");
//! let message = Message {
//!     body: "Your order #1234 has shipped. Reply STOP to opt out.",
//!     ..Message::new(Direction::Outbound, Sender::Agent, "twilio", "+14155550100", "+13055550123")
//! };
//! let report = engine.check_message(&message);
//! assert!(!report.has_errors(), "{:?}", report.findings);
//! ```

use crate::doc::{Record, Val};

/// Which way a message goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// From the brand to a consumer.
    Outbound,
    /// From a consumer to the brand.
    Inbound,
}

/// Who wrote a message.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sender {
    /// A human agent.
    Agent,
    /// An automated conversational bot.
    Bot,
    /// The platform itself (notifications, campaigns).
    System,
    /// The consumer.
    Consumer,
}

/// What kind of message it is, as the regulations distinguish them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    /// Advertising or promotion.
    Marketing,
    /// Account, order or service information.
    Informational,
    /// A reply in a conversation the consumer is having.
    Conversational,
}

/// The consent the recipient has given.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Consent {
    /// None.
    None,
    /// Prior express consent.
    Express,
    /// Prior express written consent.
    ExpressWritten,
    /// Canada's implied consent from a purchase or contract (CASL s. 10(10)(a)–(b)).
    ImpliedPurchase,
    /// Canada's implied consent from an inquiry or application (CASL s. 10(10)(c)).
    ImpliedInquiry,
}

/// What the caller knows about the recipient; every field optional.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Recipient<'a> {
    /// The consent given.
    pub consent: Option<Consent>,
    /// Whether the recipient opted out.
    pub opted_out: Option<bool>,
    /// Whether a 21+ age gate was passed.
    pub age_verified: Option<bool>,
    /// Messages the brand sent the recipient in the last 24 hours.
    pub messages_last_24h: Option<i64>,
    /// State or province (`FL`, `ON`), overriding the area code's.
    pub state: Option<&'a str>,
    /// IANA time zone, overriding the area code's.
    pub time_zone: Option<&'a str>,
    /// When the consent was given (for implied consent, the purchase or inquiry), seconds
    /// since the Unix epoch.
    pub consent_at: Option<i64>,
    /// When the recipient asked to stop, seconds since the Unix epoch.
    pub opt_out_requested_at: Option<i64>,
    /// When the brand recorded that opt-out, seconds since the Unix epoch.
    pub opt_out_processed_at: Option<i64>,
    /// Whether the number is on the National Do-Not-Call Registry or a state list.
    pub dnc_listed: Option<bool>,
    /// When the copy of the Do-Not-Call lists used was obtained, seconds since the Unix
    /// epoch.
    pub dnc_checked_at: Option<i64>,
    /// Whether the brand has an established business relationship with the recipient.
    pub business_relationship: Option<bool>,
    /// When the number was last checked in the Reassigned Numbers Database, seconds since
    /// the Unix epoch.
    pub reassigned_checked_at: Option<i64>,
}

/// The conversation a message belongs to; every field optional.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Conversation {
    /// Whether the consumer started it.
    pub consumer_initiated: Option<bool>,
    /// Whether this is the brand's first message in it (or in the program).
    pub first_message: Option<bool>,
    /// Whether this message confirms the recipient's opt-out.
    pub opt_out_confirmation: Option<bool>,
    /// Whether this message confirms the recipient's opt-in to a recurring program.
    pub opt_in_confirmation: Option<bool>,
}

/// A message about to be sent, or received.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Message<'a> {
    /// The caller's identifier.
    pub id: Option<&'a str>,
    /// Outbound or inbound.
    pub direction: Direction,
    /// Who wrote it.
    pub sender: Sender,
    /// The provider carrying it (`twilio`, `openmarket`, …).
    pub provider: &'a str,
    /// The sending number, E.164.
    pub from: &'a str,
    /// The receiving number, E.164.
    pub to: &'a str,
    /// The brand's name.
    pub brand: Option<&'a str>,
    /// The text.
    pub body: &'a str,
    /// When it is sent, seconds since the Unix epoch; `None` is the time of the check.
    pub send_at: Option<i64>,
    /// Marketing, informational or conversational.
    pub category: Option<Category>,
    /// What the caller knows about the recipient.
    pub recipient: Recipient<'a>,
    /// The conversation.
    pub conversation: Conversation,
}

impl<'a> Message<'a> {
    /// A message with the required fields and an empty body; set the rest with struct
    /// update syntax.
    pub fn new(
        direction: Direction,
        sender: Sender,
        provider: &'a str,
        from: &'a str,
        to: &'a str,
    ) -> Message<'a> {
        Message {
            id: None,
            direction,
            sender,
            provider,
            from,
            to,
            brand: None,
            body: "",
            send_at: None,
            category: None,
            recipient: Recipient::default(),
            conversation: Conversation::default(),
        }
    }
}

impl Direction {
    /// The name in documents and rules.
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Outbound => "outbound",
            Direction::Inbound => "inbound",
        }
    }
}

impl Sender {
    /// The name in documents and rules.
    pub fn as_str(self) -> &'static str {
        match self {
            Sender::Agent => "agent",
            Sender::Bot => "bot",
            Sender::System => "system",
            Sender::Consumer => "consumer",
        }
    }
}

impl Category {
    /// The name in documents and rules.
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Marketing => "marketing",
            Category::Informational => "informational",
            Category::Conversational => "conversational",
        }
    }
}

impl Consent {
    /// The name in documents and rules.
    pub fn as_str(self) -> &'static str {
        match self {
            Consent::None => "none",
            Consent::Express => "express",
            Consent::ExpressWritten => "express_written",
            Consent::ImpliedPurchase => "implied_purchase",
            Consent::ImpliedInquiry => "implied_inquiry",
        }
    }
}

fn text(value: Option<&str>) -> Val<'_> {
    value.map_or(Val::Missing, Val::Str)
}

fn instant(value: Option<i64>) -> Val<'static> {
    value.map_or(Val::Missing, Val::Instant)
}

fn flag(value: Option<bool>) -> Val<'static> {
    value.map_or(Val::Missing, Val::Bool)
}

// Field indices follow `schema::MESSAGE`, `RECIPIENT` and `CONVERSATION`; the tests below
// check every one by name.
impl Record for Message<'_> {
    fn get(&self, field: usize) -> Val<'_> {
        match field {
            0 => text(self.id),
            1 => Val::Str(self.direction.as_str()),
            2 => Val::Str(self.sender.as_str()),
            3 => Val::Str(self.provider),
            4 => Val::Str(self.from),
            5 => Val::Str(self.to),
            6 => text(self.brand),
            7 => Val::Str(self.body),
            // Without a time the message is sent now, as the schema declares.
            8 => Val::Instant(self.send_at.unwrap_or_else(super::clock::now_seconds)),
            9 => self.category.map_or(Val::Missing, |c| Val::Str(c.as_str())),
            10 => Val::Record(&self.recipient),
            11 => Val::Record(&self.conversation),
            _ => Val::Missing,
        }
    }

    /// The recipient's and the conversation's fields in one call.
    #[inline]
    fn get_path(&self, path: &[u16]) -> Val<'_> {
        match path {
            [10, field] => self.recipient.get(usize::from(*field)),
            [11, field] => self.conversation.get(usize::from(*field)),
            [first, rest @ ..] => crate::doc::value::walk(self.get(usize::from(*first)), rest),
            [] => Val::Missing,
        }
    }
}

impl Record for Recipient<'_> {
    fn get(&self, field: usize) -> Val<'_> {
        match field {
            0 => self.consent.map_or(Val::Missing, |c| Val::Str(c.as_str())),
            1 => flag(self.opted_out),
            2 => flag(self.age_verified),
            3 => self.messages_last_24h.map_or(Val::Missing, Val::Int),
            4 => text(
                self.state
                    .map(|s| crate::phone::region(s).map_or(s, |r| r.code)),
            ),
            5 => text(self.time_zone),
            6 => instant(self.consent_at),
            7 => instant(self.opt_out_requested_at),
            8 => instant(self.opt_out_processed_at),
            9 => flag(self.dnc_listed),
            10 => instant(self.dnc_checked_at),
            11 => flag(self.business_relationship),
            12 => instant(self.reassigned_checked_at),
            _ => Val::Missing,
        }
    }
}

impl Record for Conversation {
    fn get(&self, field: usize) -> Val<'_> {
        match field {
            0 => flag(self.consumer_initiated),
            1 => flag(self.first_message),
            2 => flag(self.opt_out_confirmation),
            3 => flag(self.opt_in_confirmation),
            _ => Val::Missing,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::schema::{Schema, CONVERSATION, MESSAGE, RECIPIENT};

    fn index(schema: &Schema, name: &str) -> usize {
        schema
            .fields
            .iter()
            .position(|f| f.name == name)
            .unwrap_or(usize::MAX)
    }

    /// A recipient with every field given.
    fn every_recipient_field() -> Recipient<'static> {
        Recipient {
            consent: Some(Consent::ExpressWritten),
            opted_out: Some(false),
            age_verified: Some(true),
            messages_last_24h: Some(2),
            state: Some("FL"),
            time_zone: Some("America/New_York"),
            consent_at: Some(1_600_000_000),
            opt_out_requested_at: Some(1_700_000_100),
            opt_out_processed_at: Some(1_700_000_200),
            dnc_listed: Some(true),
            dnc_checked_at: Some(1_699_000_000),
            business_relationship: Some(false),
            reassigned_checked_at: Some(1_699_500_000),
        }
    }

    fn is_text(v: Val<'_>, want: &str) -> bool {
        v.as_str() == Some(want)
    }

    /// A path below the message reads what walking it record by record reads, for every
    /// field of the recipient and the conversation, set and left out.
    #[test]
    fn paths_read_what_the_records_on_the_way_read() {
        let base = Message::new(
            Direction::Outbound,
            Sender::Agent,
            "twilio",
            "+14155550100",
            "+13055550123",
        );
        let full = Message {
            recipient: Recipient {
                consent: Some(Consent::Express),
                opted_out: Some(true),
                age_verified: Some(false),
                ..every_recipient_field()
            },
            conversation: Conversation {
                consumer_initiated: Some(true),
                first_message: Some(false),
                opt_out_confirmation: Some(true),
                opt_in_confirmation: Some(false),
            },
            ..base
        };
        let mut compared = 0;
        for message in [&base, &full] {
            for (record, schema) in [("recipient", &RECIPIENT), ("conversation", &CONVERSATION)] {
                let outer = u16::try_from(index(&MESSAGE, record)).unwrap();
                for field in 0..=schema.fields.len() {
                    let path = [outer, u16::try_from(field).unwrap()];
                    let walked =
                        crate::doc::value::walk(message.get(usize::from(outer)), &path[1..]);
                    let read = message.get_path(&path);
                    assert!(
                        read.same(&walked)
                            || (matches!(read, Val::Missing) && matches!(walked, Val::Missing)),
                        "{record}.{field}"
                    );
                    compared += usize::from(!matches!(read, Val::Missing));
                }
            }
        }
        assert_eq!(compared, RECIPIENT.fields.len() + CONVERSATION.fields.len());
        assert!(
            matches!(full.get_path(&[5, 0]), Val::Missing),
            "a text has no fields"
        );
    }

    /// The enums name exactly the values the schema declares for their fields (the fast
    /// JSONL reader relies on serde refusing what the general loader refuses).
    #[test]
    fn enum_names_are_the_schemas_values() {
        use crate::doc::schema::Values;
        let declared = |schema: &Schema, name: &str| match schema.field(name).map(|f| f.values) {
            Some(Values::OneOf(names)) => names.to_vec(),
            other => panic!("{name}: {other:?}"),
        };
        let direction: Vec<&str> = [Direction::Outbound, Direction::Inbound]
            .map(Direction::as_str)
            .to_vec();
        assert_eq!(direction, declared(&MESSAGE, "direction"));
        let sender: Vec<&str> = [Sender::Agent, Sender::Bot, Sender::System, Sender::Consumer]
            .map(Sender::as_str)
            .to_vec();
        assert_eq!(sender, declared(&MESSAGE, "sender"));
        let category: Vec<&str> = [
            Category::Marketing,
            Category::Informational,
            Category::Conversational,
        ]
        .map(Category::as_str)
        .to_vec();
        assert_eq!(category, declared(&MESSAGE, "category"));
        let consent: Vec<&str> = [
            Consent::None,
            Consent::Express,
            Consent::ExpressWritten,
            Consent::ImpliedPurchase,
            Consent::ImpliedInquiry,
        ]
        .map(Consent::as_str)
        .to_vec();
        assert_eq!(consent, declared(&RECIPIENT, "consent"));
    }

    /// Every field is where the schema declares it.
    #[test]
    fn fields_follow_the_schema() {
        let message = Message {
            id: Some("m-1"),
            brand: Some("Acme"),
            body: "Hi",
            send_at: Some(1_700_000_000),
            category: Some(Category::Marketing),
            recipient: every_recipient_field(),
            conversation: Conversation {
                consumer_initiated: Some(true),
                first_message: Some(false),
                opt_out_confirmation: Some(true),
                opt_in_confirmation: Some(false),
            },
            ..Message::new(
                Direction::Outbound,
                Sender::Agent,
                "twilio",
                "+14155550100",
                "+13055550123",
            )
        };
        let m = |name| message.get(index(&MESSAGE, name));
        assert!(is_text(m("id"), "m-1"));
        assert!(is_text(m("direction"), "outbound"));
        assert!(is_text(m("sender"), "agent"));
        assert!(is_text(m("provider"), "twilio"));
        assert!(is_text(m("from"), "+14155550100"));
        assert!(is_text(m("to"), "+13055550123"));
        assert!(is_text(m("brand"), "Acme"));
        assert!(is_text(m("body"), "Hi"));
        assert!(matches!(m("send_at"), Val::Instant(1_700_000_000)));
        assert!(is_text(m("category"), "marketing"));
        assert_eq!(MESSAGE.fields.len(), 12);
        let r = |name| message.recipient.get(index(&RECIPIENT, name));
        assert!(is_text(r("consent"), "express_written"));
        assert!(matches!(r("opted_out"), Val::Bool(false)));
        assert!(matches!(r("age_verified"), Val::Bool(true)));
        assert!(matches!(r("messages_last_24h"), Val::Int(2)));
        assert!(is_text(r("state"), "FL"));
        assert!(is_text(r("time_zone"), "America/New_York"));
        assert!(matches!(r("consent_at"), Val::Instant(1_600_000_000)));
        assert!(matches!(
            r("opt_out_requested_at"),
            Val::Instant(1_700_000_100)
        ));
        assert!(matches!(
            r("opt_out_processed_at"),
            Val::Instant(1_700_000_200)
        ));
        assert!(matches!(r("dnc_listed"), Val::Bool(true)));
        assert!(matches!(r("dnc_checked_at"), Val::Instant(1_699_000_000)));
        assert!(matches!(r("business_relationship"), Val::Bool(false)));
        assert!(matches!(
            r("reassigned_checked_at"),
            Val::Instant(1_699_500_000)
        ));
        assert_eq!(RECIPIENT.fields.len(), 13);
        let c = |name| message.conversation.get(index(&CONVERSATION, name));
        assert!(matches!(c("consumer_initiated"), Val::Bool(true)));
        assert!(matches!(c("first_message"), Val::Bool(false)));
        assert!(matches!(c("opt_out_confirmation"), Val::Bool(true)));
        assert!(matches!(c("opt_in_confirmation"), Val::Bool(false)));
        assert_eq!(CONVERSATION.fields.len(), 4);
        assert!(matches!(
            message.get(index(&MESSAGE, "recipient")),
            Val::Record(_)
        ));
    }

    #[test]
    fn absent_optional_fields_read_as_missing() {
        let message = Message::new(Direction::Inbound, Sender::Consumer, "twilio", "+1", "+1");
        assert!(
            matches!(message.get(index(&MESSAGE, "send_at")), Val::Instant(t) if t > 1_700_000_000)
        );
        for name in ["id", "brand", "category"] {
            assert!(
                matches!(message.get(index(&MESSAGE, name)), Val::Missing),
                "{name}"
            );
        }
        for i in 0..RECIPIENT.fields.len() {
            assert!(matches!(message.recipient.get(i), Val::Missing));
        }
    }
}
