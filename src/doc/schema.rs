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
    /// The values a document may give it, beyond its type.
    pub values: Values,
    /// What a document that leaves the field out means, for a required field that has an
    /// obvious reading (a number without `status` is `active`); `None`: it must be given.
    pub default: Option<FieldDefault>,
}

/// The value a required field takes when a document leaves it out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldDefault {
    /// This text.
    Text(&'static str),
    /// An empty list.
    EmptyList,
}

/// The values a field accepts, checked when a document is loaded, so a misspelt
/// `category: marketting` is a diagnostic at the value, never a rule that silently does not
/// apply. Whatever the declaration, a text never holds a control character (written raw or
/// as an escape), but free text may hold line breaks, tabs and form feeds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Values {
    /// Any value of the field's type.
    Any,
    /// One of these names.
    OneOf(&'static [&'static str]),
    /// An IANA time zone name that the bundled time zone database knows.
    TimeZone,
    /// Free text (a body: line breaks, tabs and form feeds allowed) of at most this many
    /// bytes.
    MaxBytes(usize),
    /// An integer that counts something: 0 or more.
    NonNegative,
    /// The two-letter code of a US state or territory or a Canadian province or territory
    /// ([`crate::phone::REGIONS`]), in any case; it is read as the upper-case code.
    Region,
}

impl Values {
    /// Whether a text field declared with these values accepts `text`.
    pub fn accepts(self, text: &str) -> bool {
        if self.control_character(text).is_some() {
            return false;
        }
        match self {
            Values::Any | Values::NonNegative => true,
            Values::OneOf(names) => names.contains(&text),
            Values::TimeZone => super::zone::get(text).is_some(),
            Values::Region => crate::phone::region(text).is_some(),
            Values::MaxBytes(max) => text.len() <= max,
        }
    }

    /// The one spelling a text these values accept is read as: the upper-case code of a
    /// region; `None` when the text is read as written.
    pub fn canonical(self, text: &str) -> Option<&'static str> {
        match self {
            Values::Region => crate::phone::region(text).map(|r| r.code),
            _ => None,
        }
    }

    /// Whether an integer field declared with these values accepts `value`.
    pub fn accepts_int(self, value: i64) -> bool {
        self != Values::NonNegative || value >= 0
    }

    /// The first control character of `text` such a field refuses.
    pub fn control_character(self, text: &str) -> Option<char> {
        // Control characters are C0 (below 0x20), DEL and C1 (U+0080 to U+009F, written
        // 0xC2 0x80 to 0xC2 0x9F): a text with none of those bytes has none, which one pass
        // over the bytes, in vector instructions, settles for most texts.
        if !text.bytes().fold(false, |seen, b| {
            seen | (b < 0x20) | (b == 0x7f) | (b == 0xc2)
        }) {
            return None;
        }
        let free = matches!(self, Values::MaxBytes(_));
        text.chars()
            .find(|&c| c.is_control() && !(free && matches!(c, '\t' | '\n' | '\r' | '\u{c}')))
    }
}

/// The largest message body checked, in bytes: far above what any provider sends (a
/// 5000-character consumer message is at most 20,000 bytes of UTF-8), low enough that one
/// document cannot make a check slow.
pub const MAX_BODY_BYTES: usize = 64 * 1024;

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
        // Looked up for every key of every message read: the first byte and the length
        // rule out most fields before the names are compared.
        let first = name.as_bytes().first();
        self.fields
            .iter()
            .find(|f| f.name.as_bytes().first() == first && f.name == name)
    }
}

impl Field {
    /// A required field that takes any value of its type.
    pub const fn new(name: &'static str, ty: FieldType, doc: &'static str) -> Field {
        Field {
            name,
            ty,
            optional: false,
            doc,
            values: Values::Any,
            default: None,
        }
    }

    /// The field, taking `default` when a document leaves it out.
    pub const fn or(self, default: FieldDefault) -> Field {
        Field {
            default: Some(default),
            ..self
        }
    }

    /// The field, optional.
    pub const fn optional(self) -> Field {
        Field {
            optional: true,
            ..self
        }
    }

    /// The field, accepting only `values`.
    pub const fn only(self, values: Values) -> Field {
        Field { values, ..self }
    }
}

const fn field(name: &'static str, ty: FieldType, doc: &'static str) -> Field {
    Field::new(name, ty, doc)
}

const fn optional(name: &'static str, ty: FieldType, doc: &'static str) -> Field {
    Field::new(name, ty, doc).optional()
}

/// What the caller knows about a message's recipient.
pub static RECIPIENT: Schema = Schema {
    name: "recipient",
    fields: &[
        optional("consent", FieldType::Str, "the consent the recipient gave: none, express, express_written, or Canada's implied consent by a purchase (implied_purchase) or an inquiry (implied_inquiry)")
            .only(Values::OneOf(&[
                "none",
                "express",
                "express_written",
                "implied_purchase",
                "implied_inquiry",
            ])),
        optional("opted_out", FieldType::Bool, "the recipient opted out"),
        optional("age_verified", FieldType::Bool, "a 21+ age gate was passed"),
        optional(
            "messages_last_24h",
            FieldType::Int,
            "messages the brand sent in the last 24 hours",
        )
        .only(Values::NonNegative),
        optional(
            "state",
            FieldType::Str,
            "state or province, overriding the area code's",
        )
        .only(Values::Region),
        optional(
            "time_zone",
            FieldType::Str,
            "IANA time zone, overriding the area code's",
        )
        .only(Values::TimeZone),
        optional(
            "consent_at",
            FieldType::Instant,
            "when the consent was given; for implied consent, the purchase or inquiry",
        ),
        optional(
            "opt_out_requested_at",
            FieldType::Instant,
            "when the recipient asked to stop (revoked consent)",
        ),
        optional(
            "opt_out_processed_at",
            FieldType::Instant,
            "when the brand recorded that opt-out",
        ),
        optional(
            "dnc_listed",
            FieldType::Bool,
            "the number is on the National Do-Not-Call Registry or a state list",
        ),
        optional(
            "dnc_checked_at",
            FieldType::Instant,
            "when the copy of the Do-Not-Call lists used was obtained",
        ),
        optional(
            "business_relationship",
            FieldType::Bool,
            "the brand has an established business relationship with the recipient",
        ),
        optional(
            "reassigned_checked_at",
            FieldType::Instant,
            "when the number was last checked in the Reassigned Numbers Database",
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
        optional(
            "opt_out_confirmation",
            FieldType::Bool,
            "this message confirms the recipient's opt-out",
        ),
        optional(
            "opt_in_confirmation",
            FieldType::Bool,
            "this message confirms the recipient's opt-in to a recurring program",
        ),
    ],
};

/// A message about to be sent (or received).
pub static MESSAGE: Schema = Schema {
    name: "message",
    fields: &[
        optional("id", FieldType::Str, "the caller's identifier"),
        field(
            "direction",
            FieldType::Str,
            "whether the brand sends it or receives it",
        )
        .only(Values::OneOf(&["outbound", "inbound"])),
        field("sender", FieldType::Str, "who wrote it")
            .only(Values::OneOf(&["agent", "bot", "system", "consumer"])),
        field("provider", FieldType::Str, "twilio, openmarket, …"),
        field("from", FieldType::Str, "the sending number, E.164"),
        field("to", FieldType::Str, "the receiving number, E.164"),
        optional("brand", FieldType::Str, "the brand's name"),
        field("body", FieldType::Str, "the text").only(Values::MaxBytes(MAX_BODY_BYTES)),
        field(
            "send_at",
            FieldType::Instant,
            "when it is sent; the time of the check when absent",
        ),
        optional("category", FieldType::Str, "what it is for").only(Values::OneOf(&[
            "marketing",
            "informational",
            "conversational",
        ])),
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
        field(
            "source",
            FieldType::Str,
            "who provisioned it: through the platform, or the brand with its provider",
        )
        .only(Values::OneOf(&["self_provisioned", "brand_owned"])),
        field(
            "provider",
            FieldType::Str,
            "twilio, openmarket or another provider",
        ),
        optional("alias", FieldType::Str, "a name for people"),
        optional("forwarding", FieldType::Str, "the forwarding number, E.164"),
        optional("skill", FieldType::Str, "the routing skill"),
        optional("default", FieldType::Bool, "the account's default number"),
        field(
            "status",
            FieldType::Str,
            "whether it is in service or being taken out of service",
        )
        .only(Values::OneOf(&["active", "deactivating"]))
        .or(FieldDefault::Text("active")),
        optional(
            "active_conversations",
            FieldType::Int,
            "conversations open on it",
        )
        .only(Values::NonNegative),
        optional(
            "registration",
            FieldType::Str,
            "how it is registered for A2P messaging: a 10DLC campaign, toll-free verification, a short code, or none",
        )
        .only(Values::OneOf(&["10dlc", "toll_free_verification", "short_code", "none"])),
        optional(
            "registration_id",
            FieldType::Str,
            "the campaign's or the verification's identifier",
        ),
        optional(
            "registration_status",
            FieldType::Str,
            "where the registration stands",
        )
        .only(Values::OneOf(&["approved", "pending", "rejected", "suspended"])),
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
        )
        .or(FieldDefault::EmptyList),
        optional(
            "texas_solicitation",
            FieldType::Bool,
            "the brand makes telephone solicitations (texts included) to people in Texas who have not consented to them",
        ),
        optional(
            "texas_registration",
            FieldType::Str,
            "the brand's Texas telephone-solicitation registration certificate number",
        ),
    ],
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_byte_scan_for_control_characters_agrees_with_char_is_control() {
        for values in [Values::Any, Values::MaxBytes(10)] {
            let free = matches!(values, Values::MaxBytes(_));
            for c in (0..0x3000u32)
                .chain(0x1_f600..0x1_f650)
                .filter_map(char::from_u32)
            {
                let text = format!("ok {c} ok");
                let expected =
                    (c.is_control() && !(free && "\t\n\r\u{c}".contains(c))).then_some(c);
                assert_eq!(values.control_character(&text), expected, "{:?}", c);
            }
        }
    }

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

/// A kind of document rules apply to: the built-in [`DocumentKind::ACCOUNT`] and
/// [`DocumentKind::MESSAGE`], or a kind declared by a program that embeds the engine, whose
/// rules (`applies_to: NAME`) read such a document as `NAME`, typed by `schema`.
#[derive(Debug, PartialEq, Eq)]
pub struct DocumentKind {
    /// The name rules use in `applies_to` and conditions, and documents in `kind:`.
    pub name: &'static str,
    /// The document's fields.
    pub schema: &'static Schema,
}

impl DocumentKind {
    /// An account configuration: its numbers, engagements and settings.
    pub const ACCOUNT: DocumentKind = DocumentKind {
        name: "account",
        schema: &ACCOUNT,
    };

    /// A message, inbound or outbound.
    pub const MESSAGE: DocumentKind = DocumentKind {
        name: "message",
        schema: &MESSAGE,
    };
}
