//! A message read with serde, for programs that receive messages as data: a JSON line, a
//! Python dict, a JavaScript object.
//!
//! It is read against the message schema by the same loader as a message in a file, so
//! the fields are declared once (in [`schema`](super::schema)) and every reading refuses the
//! same things with the same words: an unknown key (with "did you mean"), a value of the
//! wrong type, a value outside the field's set, a `send_at` without a zone. A `kind` key is
//! allowed, as in files and JSON lines.

use std::fmt;

use super::loaded::{DocRecord, InputError};
use super::schema::MESSAGE;
use super::tree::Tree;

/// An owned message, checked against the message schema when it is read. It is a
/// [`Record`](crate::Record), so [`Engine::check_message`](crate::Engine::check_message) reads it
/// directly.
///
/// ```
/// use smslint::{Engine, MessageBuf};
///
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let engine = Engine::builtin()?;
/// let message = MessageBuf::from_json(r#"{"direction": "outbound", "sender": "agent",
///     "provider": "twilio", "from": "+14155550100", "to": "+13055550123",
///     "body": "Your order has shipped.", "send_at": "2026-11-23T15:00:00Z"}"#)?;
/// assert!(engine.check_message(&message).is_clean());
///
/// let typo = MessageBuf::from_json(r#"{"direction": "outbound", "colour": "red"}"#);
/// assert!(typo.unwrap_err().to_string().contains("colour"));
/// # Ok(())
/// # }
/// ```
#[derive(Clone, Debug)]
pub struct MessageBuf {
    record: DocRecord,
}

/// Why a message could not be read: every problem, each naming its field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MessageError {
    /// The problems, in field order.
    pub problems: Vec<InputError>,
}

impl MessageError {
    /// The help of every problem that has one, joined by `; `.
    pub fn help(&self) -> Option<String> {
        let help: Vec<&str> = self
            .problems
            .iter()
            .filter_map(|e| e.help.as_deref())
            .collect();
        (!help.is_empty()).then(|| help.join("; "))
    }
}

impl fmt::Display for MessageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.problems.is_empty() {
            return f.write_str("the message cannot be read");
        }
        for (i, e) in self.problems.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            f.write_str(&e.message)?;
        }
        Ok(())
    }
}

impl std::error::Error for MessageError {}

impl MessageBuf {
    /// Reads a message from JSON text (one object).
    ///
    /// # Errors
    ///
    /// Text that is not JSON, or a message that breaks the schema.
    pub fn from_json(text: &str) -> Result<MessageBuf, MessageError> {
        let value: serde_json::Value = serde_json::from_str(text).map_err(|e| MessageError {
            problems: vec![InputError {
                message: format!("the message is not JSON: {e}"),
                span: None,
                help: Some("write one JSON object".into()),
            }],
        })?;
        MessageBuf::from_json_value(&value)
    }

    /// Reads a message from any serde data format (a Python dict through `pythonize`, a
    /// JavaScript object through `serde-wasm-bindgen`), keeping every problem apart with its
    /// help, as [`MessageBuf::from_json`] does. (Deserializing a `MessageBuf` directly works
    /// too, but joins the problems into one serde error.)
    ///
    /// # Errors
    ///
    /// Data that is not a mapping, or a message that breaks the schema.
    pub fn read<'de, D: serde::Deserializer<'de>>(
        deserializer: D,
    ) -> Result<MessageBuf, MessageError> {
        use serde::Deserialize;
        let value = serde_json::Value::deserialize(deserializer).map_err(|e| MessageError {
            problems: vec![InputError {
                message: format!("the message cannot be read: {e}"),
                span: None,
                help: Some("give a mapping of the message's fields".into()),
            }],
        })?;
        MessageBuf::from_json_value(&value)
    }

    /// Reads a message from a parsed JSON value.
    ///
    /// # Errors
    ///
    /// A message that breaks the schema: every problem, each naming its field.
    pub(crate) fn from_json_value(value: &serde_json::Value) -> Result<MessageBuf, MessageError> {
        // `kind` may say what the document is, and then it must say `message`.
        if let Some(kind) = value.get("kind").filter(|k| k.as_str() != Some("message")) {
            return Err(MessageError {
                problems: vec![InputError {
                    message: format!("the document's `kind` is {kind}, not \"message\""),
                    span: None,
                    help: Some("a message says `kind: message` or leaves `kind` out; an account is checked as a document".into()),
                }],
            });
        }
        DocRecord::load(&Tree::from_json(value), &MESSAGE, &["kind"])
            .map(|record| MessageBuf { record })
            .map_err(|problems| MessageError { problems })
    }
}

impl<'de> serde::Deserialize<'de> for MessageBuf {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = serde_json::Value::deserialize(deserializer)?;
        MessageBuf::from_json_value(&value).map_err(serde::de::Error::custom)
    }
}

super::loaded::record_through!(MessageBuf, record);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::value::{Record, Val};

    const GOOD: &str = r#"{"kind": "message", "direction": "outbound", "sender": "agent",
        "provider": "twilio", "from": "+14155550100", "to": "+13055550123", "body": "hi",
        "send_at": "2026-11-23T15:00:00Z", "recipient": {"state": "FL"}}"#;

    #[test]
    fn serde_reads_what_the_schema_allows() {
        let m: MessageBuf = serde_json::from_str(GOOD).unwrap();
        let body = MESSAGE
            .fields
            .iter()
            .position(|f| f.name == "body")
            .unwrap();
        assert!(matches!(m.get(body), Val::Str("hi")));
    }

    #[test]
    fn unknown_keys_wrong_types_and_bad_values_are_named() {
        let e = MessageBuf::from_json(&GOOD.replace("\"body\"", "\"bdy\"")).unwrap_err();
        let text = e.to_string();
        assert!(text.contains("bdy"), "{text}");
        assert!(e.help().unwrap().contains("did you mean `body`?"), "{e:?}");
        let e = MessageBuf::from_json(&GOOD.replace("\"agent\"", "7")).unwrap_err();
        assert!(e.to_string().contains("sender"), "{e}");
        let e = MessageBuf::from_json(&GOOD.replace("\"agent\"", "\"robot\"")).unwrap_err();
        assert!(e.to_string().contains("robot"), "{e}");
        let e =
            serde_json::from_str::<MessageBuf>(&GOOD.replace("15:00:00Z", "15:00:00")).unwrap_err();
        assert!(e.to_string().contains("send_at"), "{e}");
        assert!(MessageBuf::from_json("[1]").is_err());
        assert!(MessageBuf::from_json("{").is_err());
    }
}
