//! The present instant documents are read at: a message without `send_at` is sent now,
//! and an engine without a fixed day judges by today. A program that must give the same
//! answers at every hour (a CI run over message files) fixes it once with [`fix_now`].

use std::sync::atomic::{AtomicI64, Ordering};

/// The fixed present, in seconds since the Unix epoch; `i64::MIN` when the clock runs.
static FIXED: AtomicI64 = AtomicI64::new(i64::MIN);

/// Fixes the present instant for the whole process (`smslint check --now`); `None` lets
/// the clock run again.
pub fn fix_now(seconds: Option<i64>) {
    FIXED.store(seconds.unwrap_or(i64::MIN), Ordering::Relaxed);
}

/// The present instant: the fixed one, or the system clock's.
pub fn now_seconds() -> i64 {
    match FIXED.load(Ordering::Relaxed) {
        i64::MIN => jiff::Timestamp::now().as_second(),
        fixed => fixed,
    }
}

/// The present instant as a timestamp.
pub(crate) fn now() -> jiff::Timestamp {
    jiff::Timestamp::from_second(now_seconds()).unwrap_or_else(|_| jiff::Timestamp::now())
}
