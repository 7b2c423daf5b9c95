//! The holiday generator (`examples/holidays`) against dates written by hand from the
//! statutes for 2026 and 2027, and the committed tables against a fresh run.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

#[path = "../examples/holidays/calendar.rs"]
#[allow(dead_code)]
mod calendar;

use calendar::{iso, rows, state_holidays, Row};

fn held(rows: &[Row], state: &str, date: &str) -> Option<(String, &'static str)> {
    rows.iter()
        .find(|r| r.state == state && iso(r.date) == date)
        .map(|r| (r.holiday.clone(), r.day))
}

#[test]
fn easter_and_the_days_counted_from_it() {
    for (year, easter) in [
        (2024, "2024-03-31"),
        (2025, "2025-04-20"),
        (2026, "2026-04-05"),
        (2027, "2027-03-28"),
        (2028, "2028-04-16"),
        (2038, "2038-04-25"),
        (2285, "2285-03-22"),
    ] {
        assert_eq!(iso(calendar::easter(year)), easter, "{year}");
    }
    let rows = rows(&state_holidays(), 2026, 2027);
    assert_eq!(held(&rows, "LA", "2026-02-17").unwrap().0, "Mardi Gras");
    assert_eq!(held(&rows, "LA", "2026-04-03").unwrap().0, "Good Friday");
    assert_eq!(held(&rows, "LA", "2027-02-09").unwrap().0, "Mardi Gras");
    assert_eq!(held(&rows, "PA", "2027-03-26").unwrap().0, "Good Friday");
}

#[test]
fn the_generator_gives_the_dates_of_the_statutes_for_2026_and_2027() {
    let rows = rows(&state_holidays(), 2026, 2027);
    // (state, date, actual or observed), written from the statutes' rules by hand.
    let expected = [
        // Thanksgiving, the fourth Thursday of November.
        ("RI", "2026-11-26", "actual"),
        ("UT", "2026-11-26", "actual"),
        ("LA", "2026-11-26", "actual"),
        ("PA", "2027-11-25", "actual"),
        // July 4, 2026 is a Saturday: the federal day is observed on Friday the 3rd,
        // Rhode Island's on Monday the 6th, Utah's on the Friday.
        ("RI", "2026-07-04", "actual"),
        ("RI", "2026-07-03", "observed"),
        ("RI", "2026-07-06", "observed"),
        ("UT", "2026-07-03", "observed"),
        // July 4, 2027 is a Sunday: Monday the 5th.
        ("RI", "2027-07-05", "observed"),
        ("PA", "2027-07-05", "observed"),
        ("UT", "2027-07-05", "observed"),
        // Juneteenth 2026 is a Friday: Utah's holiday is the Monday before, the 15th; the
        // federal day (Rhode Island) is the Friday itself. 2027's is a Saturday: Utah moves
        // it to Monday the 21st, the federal rule to Friday the 18th.
        ("UT", "2026-06-19", "actual"),
        ("UT", "2026-06-15", "observed"),
        ("RI", "2026-06-19", "actual"),
        ("UT", "2027-06-21", "observed"),
        ("RI", "2027-06-18", "observed"),
        // Christmas 2027 is a Saturday; New Year's Day 2028 too (its federal observed day
        // is Friday 2027-12-31).
        ("RI", "2027-12-24", "observed"),
        ("RI", "2027-12-27", "observed"),
        ("UT", "2027-12-24", "observed"),
        ("RI", "2027-12-31", "observed"),
        // Nth and last weekdays.
        ("RI", "2026-01-19", "actual"), // third Monday of January
        ("UT", "2026-02-16", "actual"), // third Monday of February
        ("LA", "2026-05-25", "actual"), // last Monday of May
        ("RI", "2026-08-10", "actual"), // Victory Day, second Monday of August
        ("PA", "2026-09-07", "actual"), // first Monday of September
        ("RI", "2026-10-12", "actual"), // second Monday of October
        ("AL", "2026-04-27", "actual"), // Confederate Memorial Day, fourth Monday of April
        ("AL", "2026-06-01", "actual"), // Jefferson Davis, first Monday of June
        // Fixed days.
        ("RI", "2026-05-04", "actual"),
        ("UT", "2026-07-24", "actual"),
        ("LA", "2026-08-30", "actual"),
        ("LA", "2026-11-01", "actual"),
        ("LA", "2026-01-08", "actual"),
        ("PA", "2026-06-14", "actual"),
        // Election days: Rhode Island in even years, Pennsylvania every year.
        ("RI", "2026-11-03", "actual"),
        ("PA", "2026-11-03", "actual"),
        ("PA", "2027-11-02", "actual"),
        // Utah's Good Friday, from 2026-05-06: 2027's, not 2026's.
        ("UT", "2027-03-26", "actual"),
    ];
    for (state, date, day) in expected {
        match held(&rows, state, date) {
            Some((_, found)) => assert_eq!(found, day, "{state} {date}"),
            None => panic!("{state} {date} is not in the table"),
        }
    }
    for (state, date) in [
        ("UT", "2026-04-03"), // before Utah's Good Friday took effect
        ("RI", "2027-11-02"), // no general election in Rhode Island in an odd year
        ("PA", "2026-07-03"), // Pennsylvania does not move a Saturday holiday
        ("UT", "2026-07-06"),
        ("RI", "2026-11-27"),
    ] {
        assert!(held(&rows, state, date).is_none(), "{state} {date}");
    }
    // Mardi Gras is a holiday in two Alabama counties only: marked, so the rule skips it.
    let mobile = rows
        .iter()
        .find(|r| r.state == "AL" && iso(r.date) == "2026-02-17")
        .unwrap();
    assert_eq!(mobile.scope, "Baldwin and Mobile counties");
    // Every row names the law it rests on and how well it is sourced.
    assert!(rows
        .iter()
        .all(|r| !r.cite.is_empty() && ["primary", "secondary"].contains(&r.confidence)));
}

/// The committed tables are what the generator writes for the years they say.
#[test]
fn the_committed_tables_are_the_generators() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let table = std::fs::read_to_string(root.join("rules/data/state_holidays.yaml")).unwrap();
    let header = table.lines().next().unwrap();
    let years: Vec<i64> = header
        .split(|c: char| !c.is_ascii_digit())
        .filter(|w| w.len() == 4)
        .map(|w| w.parse().unwrap())
        .collect();
    let [first, last] = years[..] else {
        panic!("the header names no years: {header}")
    };
    assert!(last - first >= 5, "at least five years: {header}");
    assert_eq!(
        table,
        calendar::table(first, last),
        "rules/data/state_holidays.yaml is stale: run `cargo run --example holidays -- {first} {last}`"
    );
    assert_eq!(
        std::fs::read_to_string(root.join("rules/data/holiday_years.yaml")).unwrap(),
        calendar::years(first, last)
    );
    assert_eq!(
        std::fs::read_to_string(root.join("rules/data/federal_holidays.yaml")).unwrap(),
        calendar::federal_table(first, last),
        "rules/data/federal_holidays.yaml is stale: run `cargo run --example holidays -- {first} {last}`"
    );
}

/// The federal days in Rhode Island's list are the federal holidays' days.
#[test]
fn rhode_islands_federal_days_are_the_federal_holidays() {
    let ri: Vec<i64> = rows(&state_holidays(), 2025, 2031)
        .into_iter()
        .filter(|r| r.state == "RI" && r.holiday.contains("(federal)"))
        .map(|r| r.date)
        .collect();
    let federal: Vec<i64> = rows(calendar::FEDERAL_HOLIDAYS, 2025, 2031)
        .into_iter()
        .map(|r| r.date)
        .collect();
    for day in &federal {
        assert!(
            ri.contains(day),
            "{} is federal but not in RI's list",
            iso(*day)
        );
    }
    // 2026-11-26 is Thanksgiving, 2027-07-05 Independence Day observed on a Monday.
    assert!(federal.contains(&calendar::day(2026, 11, 26)));
    assert!(federal.contains(&calendar::day(2027, 7, 5)));
    assert!(
        federal.contains(&calendar::day(2027, 12, 31)),
        "New Year's Day 2028, observed"
    );
}
