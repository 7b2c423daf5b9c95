//! The documents rules inspect, declared once: the type checker resolves paths against
//! these declarations, the evaluator reads the same fields, and the rule catalogue
//! documents them from here.
//!
//! This is the first version of the message and account documents (issues 4 and 5 own
//! their final shape). A field is either required or optional; an optional field has type
//! `Optional(T)`, and a condition must prove it present before reading it.

/// A field's value type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldType {
    /// `true` or `false`.
    Bool,
    /// An integer.
    Int,
    /// Text.
    Str,
    /// An RFC 3339 instant. A required instant a document leaves out is the time of the
    /// check (a message without `send_at` is sent now).
    Instant,
    /// A nested record.
    Record(&'static Schema),
    /// A list of strings.
    StrList,
    /// A list of records.
    RecordList(&'static Schema),
}

/// One field of a record.
#[derive(Debug, PartialEq, Eq)]
pub struct Field {
    /// The key in the document.
    pub name: &'static str,
    /// Its type.
    pub ty: FieldType,
    /// Whether a document may leave it out.
    pub optional: bool,
    /// One line for the rule catalogue.
    pub doc: &'static str,
}

/// A record type: a named list of fields.
#[derive(Debug, PartialEq, Eq)]
pub struct Schema {
    /// The record's name, as conditions and diagnostics call it.
    pub name: &'static str,
    /// Its fields.
    pub fields: &'static [Field],
}

impl Schema {
    /// The field called `name`.
    pub fn field(&self, name: &str) -> Option<&'static Field> {
        self.fields.iter().find(|f| f.name == name)
    }
}

const fn field(name: &'static str, ty: FieldType, doc: &'static str) -> Field {
    Field {
        name,
        ty,
        optional: false,
        doc,
    }
}

const fn optional(name: &'static str, ty: FieldType, doc: &'static str) -> Field {
    Field {
        name,
        ty,
        optional: true,
        doc,
    }
}

/// What the caller knows about a message's recipient.
pub static RECIPIENT: Schema = Schema {
    name: "recipient",
    fields: &[
        optional(
            "consent",
            FieldType::Str,
            "none, express or express_written",
        ),
        optional("opted_out", FieldType::Bool, "the recipient opted out"),
        optional("age_verified", FieldType::Bool, "a 21+ age gate was passed"),
        optional(
            "messages_last_24h",
            FieldType::Int,
            "messages the brand sent in the last 24 hours",
        ),
        optional(
            "state",
            FieldType::Str,
            "state or province, overriding the area code's",
        ),
        optional(
            "time_zone",
            FieldType::Str,
            "IANA time zone, overriding the area code's",
        ),
    ],
};

/// The conversation a message belongs to.
pub static CONVERSATION: Schema = Schema {
    name: "conversation",
    fields: &[
        optional(
            "consumer_initiated",
            FieldType::Bool,
            "the consumer started the conversation",
        ),
        optional(
            "first_message",
            FieldType::Bool,
            "the brand's first message in it",
        ),
    ],
};

/// A message about to be sent (or received).
pub static MESSAGE: Schema = Schema {
    name: "message",
    fields: &[
        optional("id", FieldType::Str, "the caller's identifier"),
        field("direction", FieldType::Str, "outbound or inbound"),
        field("sender", FieldType::Str, "agent, bot, system or consumer"),
        field("provider", FieldType::Str, "twilio, openmarket, …"),
        field("from", FieldType::Str, "the sending number, E.164"),
        field("to", FieldType::Str, "the receiving number, E.164"),
        optional("brand", FieldType::Str, "the brand's name"),
        field("body", FieldType::Str, "the text"),
        field(
            "send_at",
            FieldType::Instant,
            "when it is sent; the time of the check when absent",
        ),
        optional(
            "category",
            FieldType::Str,
            "marketing, informational or conversational",
        ),
        field(
            "recipient",
            FieldType::Record(&RECIPIENT),
            "what the caller knows about the recipient",
        ),
        field(
            "conversation",
            FieldType::Record(&CONVERSATION),
            "the conversation",
        ),
    ],
};

/// A phone number an account holds.
pub static NUMBER: Schema = Schema {
    name: "number",
    fields: &[
        field("number", FieldType::Str, "the number, E.164"),
        field("source", FieldType::Str, "self_provisioned or brand_owned"),
        field(
            "provider",
            FieldType::Str,
            "twilio, openmarket or another provider",
        ),
        optional("alias", FieldType::Str, "a name for people"),
        optional("forwarding", FieldType::Str, "the forwarding number, E.164"),
        optional("skill", FieldType::Str, "the routing skill"),
        optional("default", FieldType::Bool, "the account's default number"),
        field("status", FieldType::Str, "active or deactivating"),
        optional(
            "active_conversations",
            FieldType::Int,
            "conversations open on it",
        ),
    ],
};

/// An engagement (an entry point that routes messages to numbers).
pub static ENGAGEMENT: Schema = Schema {
    name: "engagement",
    fields: &[
        field("id", FieldType::Str, "the engagement's identifier"),
        field("channel", FieldType::Str, "the channel, e.g. twilio_sms"),
        field("numbers", FieldType::StrList, "the numbers it uses, E.164"),
        field("published", FieldType::Bool, "whether it is live"),
    ],
};

/// An SMS account configuration.
pub static ACCOUNT: Schema = Schema {
    name: "account",
    fields: &[
        field("id", FieldType::Str, "the account's identifier"),
        optional("brand", FieldType::Str, "the brand's name"),
        field(
            "numbers",
            FieldType::RecordList(&NUMBER),
            "the numbers it holds",
        ),
        field(
            "engagements",
            FieldType::RecordList(&ENGAGEMENT),
            "its engagements",
        ),
    ],
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_names_are_unique_per_record() {
        for schema in [
            &MESSAGE,
            &RECIPIENT,
            &CONVERSATION,
            &ACCOUNT,
            &NUMBER,
            &ENGAGEMENT,
        ] {
            let mut names: Vec<_> = schema.fields.iter().map(|f| f.name).collect();
            names.sort_unstable();
            let before = names.len();
            names.dedup();
            assert_eq!(names.len(), before, "{}", schema.name);
        }
        assert!(MESSAGE.field("body").is_some_and(|f| !f.optional));
        assert!(MESSAGE.field("brand").is_some_and(|f| f.optional));
    }
}
