//! The one shape of every condition-language error: a one-line message, the span it is
//! about, and advice. Each stage names its own alias ([`ParseError`](super::ParseError),
//! [`TypeError`](super::TypeError)) so signatures say which stage can fail, while the rule
//! loader renders them all the same way, with the condition's offset in its file added.

use std::fmt;

use crate::text::Span;

/// A problem in a condition.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// What is wrong, one lowercase line.
    pub message: String,
    /// Where, in the condition text.
    pub span: Span,
    /// How to fix it, when there is something to say.
    pub help: Option<String>,
}

impl Diagnostic {
    pub(crate) fn new(message: impl Into<String>, span: Span) -> Diagnostic {
        Diagnostic {
            message: message.into(),
            span,
            help: None,
        }
    }

    pub(crate) fn with_help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Diagnostic {}
