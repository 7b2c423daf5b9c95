//! The one way evaluating a condition can fail: a fact the input cannot give (an unknown
//! time zone, an arithmetic overflow), with the span of the failing part.

use crate::text::Span;

/// A condition that failed at run time.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct EvalError {
    /// What went wrong, one lowercase line.
    pub message: String,
    /// The part of the condition that failed.
    pub span: Span,
}

/// Inside the evaluator an error is boxed, so that `Result<bool>` and `Result<Val>` stay a
/// register or two wide on the recursive hot path; the public entry points unbox it.
pub(crate) type Result<T> = std::result::Result<T, Box<EvalError>>;

/// An [`EvalError`] at `span`, boxed.
pub(crate) fn fail<T>(message: impl Into<String>, span: Span) -> Result<T> {
    Err(Box::new(EvalError {
        message: message.into(),
        span,
    }))
}
