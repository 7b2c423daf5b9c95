//! Writes the holiday tables of the built-in rule pack:
//!
//!     cargo run --example holidays -- FIRST_YEAR LAST_YEAR
//!
//! `rules/data/state_holidays.yaml` (one record per state and holiday, actual and observed
//! days), `rules/data/federal_holidays.yaml` (the days of the federal holidays, for
//! business days) and `rules/data/holiday_years.yaml` (the days they cover), from the date rules in
//! `calendar.rs`. Keep at least five years ahead of today.

mod calendar;

use std::path::Path;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let years: Option<(i64, i64)> = match args.as_slice() {
        [first, last] => first.parse().ok().zip(last.parse().ok()),
        _ => None,
    };
    let Some((first, last)) = years.filter(|(f, l)| (1900..=9000).contains(f) && f <= l) else {
        eprintln!("usage: cargo run --example holidays -- FIRST_YEAR LAST_YEAR (e.g. 2025 2031)");
        return ExitCode::from(2);
    };
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("rules/data");
    for (name, text) in [
        ("state_holidays.yaml", calendar::table(first, last)),
        ("holiday_years.yaml", calendar::years(first, last)),
        (
            "federal_holidays.yaml",
            calendar::federal_table(first, last),
        ),
    ] {
        let path = data.join(name);
        if let Err(e) = std::fs::write(&path, text) {
            eprintln!("error: cannot write {}: {e}", path.display());
            return ExitCode::FAILURE;
        }
        println!("wrote {}", path.display());
    }
    ExitCode::SUCCESS
}
