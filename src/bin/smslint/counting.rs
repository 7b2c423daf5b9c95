//! How `smslint segments` counts each body (the options of one run) and the error of an
//! input it cannot use: shared by the one-body report, the JSON writer and the JSONL
//! pipeline, which `segments.rs` drives.

use std::fmt;

use smslint::sms::{self, Options};

/// What a run of `segments` should produce for each body.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Mode {
    pub options: Options,
    pub smart: bool,
    pub counts_only: bool,
}

/// An input that could not be used, with where it came from.
#[derive(Debug)]
pub(crate) struct InputError(pub String);

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for InputError {}

/// The body that is counted (after smart replacements when asked) and its analysis.
pub(crate) fn analyze(body: &str, mode: Mode) -> (std::borrow::Cow<'_, str>, sms::Analysis) {
    let shown = if mode.smart {
        sms::smart::replace(body)
    } else {
        std::borrow::Cow::Borrowed(body)
    };
    let analysis = sms::analyze(&shown, &mode.options);
    (shown, analysis)
}
