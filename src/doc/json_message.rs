//! The fast reading of a message written as one JSON object (a JSONL line): read by hand
//! straight into a borrowed [`Message`], strings borrowed from the text unless they hold
//! escapes. (A serde-derived reading cost twice as much as the checks of a short message.)
//!
//! It accepts exactly the messages whose fields have the types and values the document
//! schema declares (enums for direction, sender, category and consent). Anything else —
//! an unknown key, a wrong type, an unknown value — is left to the general loader, which
//! reads it as a file's message would be read and gives the same diagnostics, so the fast
//! path changes speed, never outcomes.

use std::borrow::Cow;

use super::json_text::{self, Text};
use crate::doc::message::{Category, Consent, Conversation, Direction, Message, Recipient, Sender};
use crate::doc::schema::{Schema, Values, MESSAGE, RECIPIENT};

/// The fields of a line, as written.
#[derive(Debug, Default, PartialEq)]
struct Line<'a> {
    kind: Option<Cow<'a, str>>,
    id: Option<Cow<'a, str>>,
    direction: Option<Direction>,
    sender: Option<Sender>,
    provider: Option<Cow<'a, str>>,
    from: Option<Cow<'a, str>>,
    to: Option<Cow<'a, str>>,
    brand: Option<Cow<'a, str>>,
    body: Option<Cow<'a, str>>,
    send_at: Option<Cow<'a, str>>,
    category: Option<Category>,
    recipient: Option<RecipientLine<'a>>,
    conversation: Option<ConversationLine>,
}

#[derive(Debug, Default, PartialEq)]
struct RecipientLine<'a> {
    consent: Option<Consent>,
    opted_out: Option<bool>,
    age_verified: Option<bool>,
    messages_last_24h: Option<i64>,
    state: Option<Cow<'a, str>>,
    time_zone: Option<Cow<'a, str>>,
    consent_at: Option<Cow<'a, str>>,
    opt_out_requested_at: Option<Cow<'a, str>>,
    opt_out_processed_at: Option<Cow<'a, str>>,
    dnc_listed: Option<bool>,
    dnc_checked_at: Option<Cow<'a, str>>,
    business_relationship: Option<bool>,
    reassigned_checked_at: Option<Cow<'a, str>>,
}

#[derive(Debug, Default, PartialEq)]
struct ConversationLine {
    consumer_initiated: Option<bool>,
    first_message: Option<bool>,
    opt_out_confirmation: Option<bool>,
    opt_in_confirmation: Option<bool>,
}

/// A reader of the JSON a message line is written in (RFC 8259), over the line's text.
/// It takes exactly the objects whose keys are message fields, each at most once, with
/// values of the declared types (`null` for an optional field is the field left out).
/// Every method returns `None` for anything else, which sends the line to the general
/// loader.
struct Reader<'a> {
    text: &'a str,
    at: usize,
}

impl<'a> Reader<'a> {
    fn peek(&mut self) -> Option<u8> {
        // JSON's white space.
        while let Some(&b) = self.text.as_bytes().get(self.at) {
            if !matches!(b, b' ' | b'\t' | b'\n' | b'\r') {
                return Some(b);
            }
            self.at += 1;
        }
        None
    }

    fn eat(&mut self, b: u8) -> Option<()> {
        (self.peek()? == b).then(|| self.at += 1)
    }

    /// Whether the next value is `word` (`null`, `true`, `false`), read if so.
    fn word(&mut self, word: &str) -> bool {
        self.peek();
        let found = self
            .text
            .get(self.at..)
            .is_some_and(|rest| rest.starts_with(word));
        if found {
            self.at += word.len();
        }
        found
    }

    fn string(&mut self) -> Option<Cow<'a, str>> {
        self.eat(b'"')?;
        // Decoded straight into the string the field keeps.
        let mut decoded = String::new();
        let (text, len) = json_text::string(self.text.get(self.at..)?, &mut decoded)?;
        self.at += len;
        Some(match text {
            Text::Plain(s) => Cow::Borrowed(s),
            Text::Decoded => Cow::Owned(decoded),
        })
    }

    fn bool(&mut self) -> Option<bool> {
        if self.word("true") {
            Some(true)
        } else if self.word("false") {
            Some(false)
        } else {
            None
        }
    }

    /// An integer as JSON writes one (no leading zeros, no fraction or exponent) that
    /// fits an `i64`.
    fn int(&mut self) -> Option<i64> {
        self.peek();
        let rest = self.text.get(self.at..)?;
        let digits_from = usize::from(rest.starts_with('-'));
        let digits = rest
            .get(digits_from..)?
            .bytes()
            .take_while(u8::is_ascii_digit)
            .count();
        let end = digits_from + digits;
        let number = rest.get(..end)?;
        let unsigned = number.get(digits_from..)?;
        if digits == 0
            || (unsigned.starts_with('0') && digits > 1)
            || matches!(rest.as_bytes().get(end), Some(b'.' | b'e' | b'E'))
        {
            return None;
        }
        self.at += end;
        number.parse().ok()
    }

    /// A value for an optional field: `None` inside for `null`.
    fn optional<T>(&mut self, read: impl FnOnce(&mut Self) -> Option<T>) -> Option<Option<T>> {
        if self.word("null") {
            Some(None)
        } else {
            read(self).map(Some)
        }
    }

    /// An enum's value, by name.
    fn name<T>(&mut self, of: impl FnOnce(&str) -> Option<T>) -> Option<T> {
        of(&self.string()?)
    }

    /// An object: `field` reads each value, given its key, and answers the field's bit;
    /// a key it does not know, or one that comes twice, refuses the object.
    fn object(&mut self, mut field: impl FnMut(&mut Self, &str) -> Option<u32>) -> Option<()> {
        self.eat(b'{')?;
        if self.peek()? == b'}' {
            self.at += 1;
            return Some(());
        }
        let mut seen = 0_u32;
        loop {
            self.eat(b'"')?;
            let (key, len) = json_text::string(self.text.get(self.at..)?, &mut String::new())?;
            // A key with escapes is rare enough to leave to the general loader.
            let Text::Plain(key) = key else { return None };
            self.at += len;
            self.eat(b':')?;
            let bit = field(self, key)?;
            if seen & bit != 0 {
                return None;
            }
            seen |= bit;
            match self.peek()? {
                b',' => self.at += 1,
                b'}' => {
                    self.at += 1;
                    return Some(());
                }
                _ => return None,
            }
        }
    }
}

/// Stores a value read for a field in its slot; answers the field's bit, `1 << number`.
fn set<T>(slot: &mut Option<T>, number: u32, value: Option<Option<T>>) -> Option<u32> {
    *slot = value?;
    Some(1 << number)
}

fn direction(name: &str) -> Option<Direction> {
    [Direction::Outbound, Direction::Inbound]
        .into_iter()
        .find(|d| d.as_str() == name)
}

fn sender(name: &str) -> Option<Sender> {
    [Sender::Agent, Sender::Bot, Sender::System, Sender::Consumer]
        .into_iter()
        .find(|s| s.as_str() == name)
}

fn category(name: &str) -> Option<Category> {
    [
        Category::Marketing,
        Category::Informational,
        Category::Conversational,
    ]
    .into_iter()
    .find(|c| c.as_str() == name)
}

fn consent(name: &str) -> Option<Consent> {
    [
        Consent::None,
        Consent::Express,
        Consent::ExpressWritten,
        Consent::ImpliedPurchase,
        Consent::ImpliedInquiry,
    ]
    .into_iter()
    .find(|c| c.as_str() == name)
}

impl<'a> Line<'a> {
    fn read(text: &'a str) -> Option<Line<'a>> {
        let mut r = Reader { text, at: 0 };
        let mut line = Line::default();
        r.object(|r, key| match key {
            "kind" => set(&mut line.kind, 0, r.optional(Reader::string)),
            "id" => set(&mut line.id, 1, r.optional(Reader::string)),
            "direction" => set(&mut line.direction, 2, r.name(direction).map(Some)),
            "sender" => set(&mut line.sender, 3, r.name(sender).map(Some)),
            "provider" => set(&mut line.provider, 4, r.string().map(Some)),
            "from" => set(&mut line.from, 5, r.string().map(Some)),
            "to" => set(&mut line.to, 6, r.string().map(Some)),
            "brand" => set(&mut line.brand, 7, r.optional(Reader::string)),
            "body" => set(&mut line.body, 8, r.string().map(Some)),
            "send_at" => set(&mut line.send_at, 9, r.optional(Reader::string)),
            "category" => set(&mut line.category, 10, r.optional(|r| r.name(category))),
            "recipient" => {
                let recipient = r.optional(|r| {
                    let mut p = RecipientLine::default();
                    r.object(|r, key| match key {
                        "consent" => set(&mut p.consent, 0, r.optional(|r| r.name(consent))),
                        "opted_out" => set(&mut p.opted_out, 1, r.optional(Reader::bool)),
                        "age_verified" => set(&mut p.age_verified, 2, r.optional(Reader::bool)),
                        "messages_last_24h" => {
                            set(&mut p.messages_last_24h, 3, r.optional(Reader::int))
                        }
                        "state" => set(&mut p.state, 4, r.optional(Reader::string)),
                        "time_zone" => set(&mut p.time_zone, 5, r.optional(Reader::string)),
                        "consent_at" => set(&mut p.consent_at, 6, r.optional(Reader::string)),
                        "opt_out_requested_at" => {
                            set(&mut p.opt_out_requested_at, 7, r.optional(Reader::string))
                        }
                        "opt_out_processed_at" => {
                            set(&mut p.opt_out_processed_at, 8, r.optional(Reader::string))
                        }
                        "dnc_listed" => set(&mut p.dnc_listed, 9, r.optional(Reader::bool)),
                        "dnc_checked_at" => {
                            set(&mut p.dnc_checked_at, 10, r.optional(Reader::string))
                        }
                        "business_relationship" => {
                            set(&mut p.business_relationship, 11, r.optional(Reader::bool))
                        }
                        "reassigned_checked_at" => {
                            set(&mut p.reassigned_checked_at, 12, r.optional(Reader::string))
                        }
                        _ => None,
                    })?;
                    Some(p)
                });
                set(&mut line.recipient, 11, recipient)
            }
            "conversation" => {
                let conversation = r.optional(|r| {
                    let mut c = ConversationLine::default();
                    r.object(|r, key| match key {
                        "consumer_initiated" => {
                            set(&mut c.consumer_initiated, 0, r.optional(Reader::bool))
                        }
                        "first_message" => set(&mut c.first_message, 1, r.optional(Reader::bool)),
                        "opt_out_confirmation" => {
                            set(&mut c.opt_out_confirmation, 2, r.optional(Reader::bool))
                        }
                        "opt_in_confirmation" => {
                            set(&mut c.opt_in_confirmation, 3, r.optional(Reader::bool))
                        }
                        _ => None,
                    })?;
                    Some(c)
                });
                set(&mut line.conversation, 12, conversation)
            }
            _ => None,
        })?;
        // Nothing but white space after the object.
        if r.peek().is_some() {
            return None;
        }
        Some(line)
    }
}

/// A message read the fast way from JSON text; [`JsonMessage::message`] borrows from it.
pub struct JsonMessage<'a> {
    /// The optional fields (the required ones are taken out of it).
    line: Line<'a>,
    direction: Direction,
    sender: Sender,
    provider: Cow<'a, str>,
    from: Cow<'a, str>,
    to: Cow<'a, str>,
    body: Cow<'a, str>,
    send_at: Option<i64>,
    /// The recipient's instants, read: `consent_at`, `opt_out_requested_at`,
    /// `opt_out_processed_at`, `dnc_checked_at`, `reassigned_checked_at`.
    instants: [Option<i64>; 5],
}

impl<'a> JsonMessage<'a> {
    /// The line as a message, or `None` when the general loader must read it.
    pub fn parse(text: &'a str) -> Option<JsonMessage<'a>> {
        let mut line = Line::read(text)?;
        let (direction, sender) = (line.direction?, line.sender?);
        let provider = line.provider.take()?;
        let from = line.from.take()?;
        let to = line.to.take()?;
        let body = line.body.take()?;
        if line.kind.as_deref().is_some_and(|k| k != "message") {
            return None;
        }
        // The enums are checked as they are read; the other text fields with declared values by
        // the schema, as the general loader checks them. What it refuses, the fast
        // reading leaves to it.
        let accepts = |schema: &Schema, name: &str, text: Option<&str>| {
            text.is_none_or(|t| schema.field(name).is_none_or(|f| f.values.accepts(t)))
        };
        let recipient = line.recipient.as_ref();
        if !accepts(&MESSAGE, "body", Some(&body))
            || !accepts(
                &RECIPIENT,
                "time_zone",
                recipient.and_then(|r| r.time_zone.as_deref()),
            )
            || !accepts(
                &RECIPIENT,
                "state",
                recipient.and_then(|r| r.state.as_deref()),
            )
            || recipient
                .and_then(|r| r.messages_last_24h)
                .is_some_and(|n| n < 0)
        {
            return None;
        }
        // A region is read as its upper-case code, as the general loader reads it.
        if let Some(r) = line.recipient.as_mut() {
            if let Some(code) = r.state.as_deref().and_then(crate::phone::region) {
                r.state = Some(Cow::Borrowed(code.code));
            }
        }
        // No control character in the one-line fields (the body's were checked above).
        let one_line = [
            line.id.as_deref(),
            Some(&*provider),
            Some(&*from),
            Some(&*to),
            line.brand.as_deref(),
            line.kind.as_deref(),
        ];
        if one_line
            .iter()
            .flatten()
            .any(|t| Values::Any.control_character(t).is_some())
        {
            return None;
        }
        let instant = |at: Option<&str>| -> Option<Option<i64>> {
            match at {
                Some(at) => Some(Some(super::parse_instant(at).ok()?)),
                None => Some(None),
            }
        };
        let send_at = instant(line.send_at.as_deref())?;
        let mut instants = [None; 5];
        if let Some(r) = &line.recipient {
            instants = [
                instant(r.consent_at.as_deref())?,
                instant(r.opt_out_requested_at.as_deref())?,
                instant(r.opt_out_processed_at.as_deref())?,
                instant(r.dnc_checked_at.as_deref())?,
                instant(r.reassigned_checked_at.as_deref())?,
            ];
        }
        Some(JsonMessage {
            line,
            direction,
            sender,
            provider,
            from,
            to,
            body,
            send_at,
            instants,
        })
    }

    /// The caller's `id`, as written.
    pub fn id(&self) -> Option<&str> {
        self.line.id.as_deref()
    }

    /// The message.
    pub fn message(&self) -> Message<'_> {
        let l = &self.line;
        let [consent_at, opt_out_requested_at, opt_out_processed_at, dnc_checked_at, reassigned_checked_at] =
            self.instants;
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
                consent_at,
                opt_out_requested_at,
                opt_out_processed_at,
                dnc_listed: r.dnc_listed,
                dnc_checked_at,
                business_relationship: r.business_relationship,
                reassigned_checked_at,
            });
        let conversation = l
            .conversation
            .as_ref()
            .map_or_else(Conversation::default, |c| Conversation {
                consumer_initiated: c.consumer_initiated,
                first_message: c.first_message,
                opt_out_confirmation: c.opt_out_confirmation,
                opt_in_confirmation: c.opt_in_confirmation,
            });
        Message {
            id: l.id.as_deref(),
            direction: self.direction,
            sender: self.sender,
            provider: &self.provider,
            from: &self.from,
            to: &self.to,
            brand: l.brand.as_deref(),
            body: &self.body,
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
            r#", "recipient": {"messages_last_24h": -1}"#,
            r#", "recipient": {"time_zone": "localtime"}"#,
            r#", "id": "m\u0000""#,
            r#", "brand": "Ac\nme""#,
            r#", "send_at": "2026-11-23T20:30:00+24:00""#,
        ] {
            assert!(
                JsonMessage::parse(&format!("{{{base}{odd}}}")).is_none(),
                "{odd}"
            );
        }
        assert!(JsonMessage::parse(r#"{"direction": "sideways"}"#).is_none());
        // A body keeps its line breaks and tabs, but no other control character.
        let body = |b: &str| base.replace(r#""body": "x""#, &format!(r#""body": "{b}""#));
        assert!(JsonMessage::parse(&format!("{{{}}}", body(r"a\nb\tc"))).is_some());
        assert!(JsonMessage::parse(&format!("{{{}}}", body(r"a\u0007b"))).is_none());
    }

    #[test]
    fn odd_but_valid_json_is_read_as_json_reads_it() {
        let text = "\t{ \"direction\" :\"outbound\",\"sender\":\"agent\" ,\r\n\"provider\":\"tw\\u0069lio\", \"from\":\"+1\",\"to\":\"+1\",\"body\":\"a\\\"b\",\"brand\":null,\"recipient\":{\"messages_last_24h\":-0},\"conversation\":{} }\n";
        let m = JsonMessage::parse(text).map(|p| {
            let m = p.message();
            let brand = m.brand.map(str::to_string);
            (
                m.provider.to_string(),
                m.body.to_string(),
                brand,
                m.recipient.messages_last_24h,
            )
        });
        assert_eq!(m, Some(("twilio".into(), "a\"b".into(), None, Some(0))));
        for odd in [
            r#"{"direction": "outbound", "direction": "inbound"}"#,
            r#"{"brand": null, "brand": "x"}"#,
            r#"{"recipient": {"messages_last_24h": 01}}"#,
            r#"{"recipient": {"messages_last_24h": 1.0}}"#,
            r#"{"recipient": {"messages_last_24h": 1e3}}"#,
            r#"{"recipient": {"messages_last_24h": 9223372036854775808}}"#,
            r#"{"direction": null}"#,
            r#"{"body": "x",}"#,
            r#"{"body": "x"} x"#,
            r#"{"b\u006fdy": "x"}"#,
        ] {
            assert_eq!(Line::read(odd), None, "{odd}");
        }
    }

    /// The serde-derived reading this file used to do, kept as the reference the hand
    /// reading must agree with.
    mod reference {
        use super::*;
        use serde::Deserialize;

        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        pub(super) struct Line<'a> {
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
            #[serde(borrow, default)]
            consent_at: Option<Cow<'a, str>>,
            #[serde(borrow, default)]
            opt_out_requested_at: Option<Cow<'a, str>>,
            #[serde(borrow, default)]
            opt_out_processed_at: Option<Cow<'a, str>>,
            #[serde(default)]
            dnc_listed: Option<bool>,
            #[serde(borrow, default)]
            dnc_checked_at: Option<Cow<'a, str>>,
            #[serde(default)]
            business_relationship: Option<bool>,
            #[serde(borrow, default)]
            reassigned_checked_at: Option<Cow<'a, str>>,
        }

        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct ConversationLine {
            #[serde(default)]
            consumer_initiated: Option<bool>,
            #[serde(default)]
            first_message: Option<bool>,
            #[serde(default)]
            opt_out_confirmation: Option<bool>,
            #[serde(default)]
            opt_in_confirmation: Option<bool>,
        }

        /// The line as serde reads it, in the hand reading's shape.
        pub(super) fn read(text: &str) -> Option<super::Line<'_>> {
            let l: Line<'_> = serde_json::from_str(text).ok()?;
            Some(super::Line {
                kind: l.kind,
                id: l.id,
                direction: Some(l.direction),
                sender: Some(l.sender),
                provider: Some(l.provider),
                from: Some(l.from),
                to: Some(l.to),
                brand: l.brand,
                body: Some(l.body),
                send_at: l.send_at,
                category: l.category,
                recipient: l.recipient.map(|r| super::RecipientLine {
                    consent: r.consent,
                    opted_out: r.opted_out,
                    age_verified: r.age_verified,
                    messages_last_24h: r.messages_last_24h,
                    state: r.state,
                    time_zone: r.time_zone,
                    consent_at: r.consent_at,
                    opt_out_requested_at: r.opt_out_requested_at,
                    opt_out_processed_at: r.opt_out_processed_at,
                    dnc_listed: r.dnc_listed,
                    dnc_checked_at: r.dnc_checked_at,
                    business_relationship: r.business_relationship,
                    reassigned_checked_at: r.reassigned_checked_at,
                }),
                conversation: l.conversation.map(|c| super::ConversationLine {
                    consumer_initiated: c.consumer_initiated,
                    first_message: c.first_message,
                    opt_out_confirmation: c.opt_out_confirmation,
                    opt_in_confirmation: c.opt_in_confirmation,
                }),
            })
        }
    }

    /// Keys and values a line may be made of, well-formed or not.
    const REQUIRED: [&str; 6] = ["direction", "sender", "provider", "from", "to", "body"];
    const KEYS: [&str; 10] = [
        "kind",
        "id",
        "brand",
        "send_at",
        "category",
        "recipient",
        "conversation",
        "bdy",
        "body",
        "to",
    ];
    const VALUES: [&str; 22] = [
        r#""outbound""#,
        r#""inbound""#,
        r#""agent""#,
        r#""system""#,
        r#""marketing""#,
        r#""message""#,
        r#""a\"b\\c\n\u00e9\ud83d\ude00""#,
        r#""\ud83d""#,
        r#""x\qy""#,
        "null",
        "true",
        "7",
        "-12",
        "1.5",
        "[]",
        r#"{"consent": "express_written", "opted_out": false, "messages_last_24h": 3}"#,
        r#"{"consent": "maybe"}"#,
        r#"{"consumer_initiated": true, "first_message": null}"#,
        r#"{"state": "FL", "time_zone": "America/New_York", "age_verified": true}"#,
        r#"{"first_message": 1}"#,
        r#"{"consent": "implied_purchase", "consent_at": "2025-01-02T03:04:05Z", "dnc_listed": true, "dnc_checked_at": "2026-11-01T00:00:00-05:00", "business_relationship": false, "reassigned_checked_at": null}"#,
        r#"{"opt_out_confirmation": true, "first_message": false, "opt_in_confirmation": null}"#,
    ];
    const SPACE: [&str; 4] = ["", " ", "\n\t", "\r\n "];

    fn line_from(parts: &[(usize, usize, usize)], required: usize) -> String {
        let mut fields: Vec<String> = REQUIRED
            .iter()
            .take(required)
            .map(|k| {
                let v = match *k {
                    "direction" => r#""outbound""#,
                    "sender" => r#""system""#,
                    _ => r#""x""#,
                };
                format!("\"{k}\":{v}")
            })
            .collect();
        for &(k, v, w) in parts {
            let (k, v, w) = (KEYS[k % KEYS.len()], VALUES[v % VALUES.len()], SPACE[w % 4]);
            fields.push(format!("{w}\"{k}\"{w}:{w}{v}{w}"));
        }
        format!("{{{}}}", fields.join(","))
    }

    proptest::proptest! {
        /// The hand reading takes exactly the lines serde takes, with the same values.
        #[test]
        fn the_hand_reading_agrees_with_serde(
            parts in proptest::collection::vec((0..10usize, 0..20usize, 0..4usize), 0..5),
            required in 4..=6usize,
        ) {
            let text = line_from(&parts, required);
            let ours = Line::read(&text).filter(|l| {
                l.direction.is_some() && l.sender.is_some() && l.provider.is_some()
                    && l.from.is_some() && l.to.is_some() && l.body.is_some()
            });
            let theirs = reference::read(&text);
            // serde also reads a record written as an array of its fields in order; the
            // general loader does not, so neither does the hand reading.
            if ours.is_none() && text.contains('[') {
                return Ok(());
            }
            proptest::prop_assert_eq!(ours, theirs, "{}", text);
        }
    }
}
