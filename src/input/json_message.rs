//! The fast reading of a message written as one JSON object (a JSONL line): serde
//! straight into a borrowed [`Message`], strings borrowed from the text unless they hold
//! escapes.
//!
//! It accepts exactly the messages whose fields have the types and values the document
//! schema declares (enums for direction, sender, category and consent). Anything else —
//! an unknown key, a wrong type, an unknown value — is left to the general loader, which
//! reads it as a file's message would be read and gives the same diagnostics, so the fast
//! path changes speed, never outcomes.

use std::borrow::Cow;

use crate::message::{Category, Consent, Conversation, Direction, Message, Recipient, Sender};
use crate::schema::{Schema, MESSAGE, RECIPIENT};
use serde::Deserialize;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Line<'a> {
    #[serde(borrow, default)]
    kind: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    id: Option<Cow<'a, str>>,
    direction: Direction,
    sender: Sender,
    #[serde(borrow)]
    provider: Cow<'a, str>,
    #[serde(borrow)]
    from: Cow<'a, str>,
    #[serde(borrow)]
    to: Cow<'a, str>,
    #[serde(borrow, default)]
    brand: Option<Cow<'a, str>>,
    #[serde(borrow)]
    body: Cow<'a, str>,
    #[serde(borrow, default)]
    send_at: Option<Cow<'a, str>>,
    #[serde(default)]
    category: Option<Category>,
    #[serde(borrow, default)]
    recipient: Option<RecipientLine<'a>>,
    #[serde(default)]
    conversation: Option<ConversationLine>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RecipientLine<'a> {
    #[serde(default)]
    consent: Option<Consent>,
    #[serde(default)]
    opted_out: Option<bool>,
    #[serde(default)]
    age_verified: Option<bool>,
    #[serde(default)]
    messages_last_24h: Option<i64>,
    #[serde(borrow, default)]
    state: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    time_zone: Option<Cow<'a, str>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ConversationLine {
    #[serde(default)]
    consumer_initiated: Option<bool>,
    #[serde(default)]
    first_message: Option<bool>,
}

/// A message read the fast way from JSON text; [`JsonMessage::message`] borrows from it.
pub struct JsonMessage<'a> {
    line: Line<'a>,
    send_at: Option<i64>,
}

impl<'a> JsonMessage<'a> {
    /// The line as a message, or `None` when the general loader must read it.
    pub fn parse(text: &'a str) -> Option<JsonMessage<'a>> {
        let line: Line<'a> = serde_json::from_str(text).ok()?;
        if line.kind.as_deref().is_some_and(|k| k != "message") {
            return None;
        }
        // The enums are checked by serde; the other text fields with declared values by
        // the schema, as the general loader checks them. What it refuses, the fast
        // reading leaves to it.
        let accepts = |schema: &Schema, name: &str, text: Option<&str>| {
            text.is_none_or(|t| schema.field(name).is_none_or(|f| f.values.accepts(t)))
        };
        let recipient = line.recipient.as_ref();
        if !accepts(&MESSAGE, "body", Some(&line.body))
            || !accepts(
                &RECIPIENT,
                "time_zone",
                recipient.and_then(|r| r.time_zone.as_deref()),
            )
        {
            return None;
        }
        let send_at = match &line.send_at {
            Some(at) => Some(super::parse_instant(at).ok()?),
            None => None,
        };
        Some(JsonMessage { line, send_at })
    }

    /// The caller's `id`, as written.
    pub fn id(&self) -> Option<&str> {
        self.line.id.as_deref()
    }

    /// The message.
    pub fn message(&self) -> Message<'_> {
        let l = &self.line;
        let recipient = l
            .recipient
            .as_ref()
            .map_or_else(Recipient::default, |r| Recipient {
                consent: r.consent,
                opted_out: r.opted_out,
                age_verified: r.age_verified,
                messages_last_24h: r.messages_last_24h,
                state: r.state.as_deref(),
                time_zone: r.time_zone.as_deref(),
            });
        let conversation = l
            .conversation
            .as_ref()
            .map_or_else(Conversation::default, |c| Conversation {
                consumer_initiated: c.consumer_initiated,
                first_message: c.first_message,
            });
        Message {
            id: l.id.as_deref(),
            direction: l.direction,
            sender: l.sender,
            provider: &l.provider,
            from: &l.from,
            to: &l.to,
            brand: l.brand.as_deref(),
            body: &l.body,
            send_at: self.send_at,
            category: l.category,
            recipient,
            conversation,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_line_reads_every_field() {
        let text = r#"{"kind": "message", "id": "m-1", "direction": "outbound", "sender": "system", "provider": "twilio", "from": "+14155550100", "to": "+13055550123", "brand": "Acme", "body": "Hi \u00e9", "send_at": "2026-11-23T20:30:00Z", "category": "marketing", "recipient": {"consent": "express_written", "opted_out": false, "age_verified": true, "messages_last_24h": 2, "state": "FL", "time_zone": "America/New_York"}, "conversation": {"consumer_initiated": false, "first_message": true}}"#;
        let parsed = JsonMessage::parse(text);
        assert!(parsed.is_some());
        if let Some(p) = parsed {
            let m = p.message();
            assert_eq!(m.body, "Hi é");
            assert_eq!(m.category, Some(Category::Marketing));
            assert_eq!(m.recipient.consent, Some(Consent::ExpressWritten));
            assert_eq!(m.recipient.state, Some("FL"));
            assert_eq!(m.conversation.first_message, Some(true));
            assert_eq!(m.send_at, Some(1_795_465_800));
            assert_eq!(p.id(), Some("m-1"));
        }
    }

    #[test]
    fn anything_unusual_is_left_to_the_general_loader() {
        let base = r#""direction": "outbound", "sender": "agent", "provider": "twilio", "from": "+1", "to": "+1", "body": "x""#;
        assert!(JsonMessage::parse(&format!("{{{base}}}")).is_some());
        for odd in [
            r#", "bdy": "x""#,
            r#", "id": 7"#,
            r#", "category": "spam""#,
            r#", "send_at": "yesterday""#,
            r#", "kind": "account""#,
            r#", "recipient": {"consent": "maybe"}"#,
        ] {
            assert!(
                JsonMessage::parse(&format!("{{{base}{odd}}}")).is_none(),
                "{odd}"
            );
        }
        assert!(JsonMessage::parse(r#"{"direction": "sideways"}"#).is_none());
    }
}
