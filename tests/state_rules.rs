//! Every record of the state tables judged at its edges (issue 23): each calling window at
//! its opening and closing minute and the minute outside each, each forbidden weekday, each
//! law before and after it came into force, and each 2026 holiday (actual and observed)
//! with a day that is no holiday, through the built-in engine. The records are read from
//! the committed tables, so a record added there is tested here without a line written.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

#[path = "../examples/holidays/calendar.rs"]
#[allow(dead_code)]
mod calendar;

use std::collections::HashMap;

use smslint::{Category, Consent, Direction, Engine, Message, Sender};

/// The records of a data table, read with the library's own YAML reader: each field as
/// its text (`true`, `false` for booleans).
fn records(file: &str) -> Vec<HashMap<String, String>> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("rules/data")
        .join(file);
    let text = std::fs::read_to_string(path).unwrap();
    let documents = smslint::unstable::yaml::parse(&text, &Default::default()).unwrap();
    let values = documents[0].get("values").and_then(|v| v.as_seq()).unwrap();
    values
        .iter()
        .map(|record| {
            record
                .as_map()
                .unwrap()
                .iter()
                .map(|(k, v)| {
                    (
                        k.as_str().unwrap().to_owned(),
                        v.as_str().unwrap().to_owned(),
                    )
                })
                .collect()
        })
        .collect()
}

/// A zone of each state, for the recipient's `time_zone`.
fn zone(state: &str) -> &'static str {
    match state {
        "FL" | "MD" | "CT" | "RI" | "MA" | "PA" => "America/New_York",
        "OK" | "TX" | "MS" | "LA" | "AL" => "America/Chicago",
        "UT" | "NM" => "America/Denver",
        "WA" => "America/Los_Angeles",
        other => panic!("no zone for {other}: add one"),
    }
}

/// The instant of a local date and time in a zone.
fn at(date: &str, minutes: i64, zone: &str) -> i64 {
    let d: jiff::civil::Date = date.parse().unwrap();
    let dt =
        d.to_datetime(jiff::civil::Time::midnight()) + jiff::SignedDuration::from_mins(minutes);
    dt.to_zoned(jiff::tz::TimeZone::get(zone).unwrap())
        .unwrap()
        .timestamp()
        .as_second()
}

fn minutes(hhmm: &str) -> i64 {
    let (h, m) = hhmm.split_once(':').unwrap();
    h.parse::<i64>().unwrap() * 60 + m.parse::<i64>().unwrap()
}

/// The rules that find something in a marketing message to a resident of `state` sent at
/// `at`.
fn found(engine: &Engine, state: &str, at: i64, consent: Option<Consent>) -> Vec<String> {
    let mut m = Message::new(
        Direction::Outbound,
        Sender::System,
        "twilio",
        "+14155550100",
        "+12125550123",
    );
    m.body = "Acme: our fall sale starts today, 30% off. Reply STOP to opt out.";
    m.category = Some(Category::Marketing);
    m.send_at = Some(at);
    m.recipient.state = Some(state);
    m.recipient.time_zone = Some(zone(state));
    m.recipient.consent = consent;
    let report = engine.check_message(&m);
    assert!(report.errors.is_empty(), "{report:?}");
    report.findings.iter().map(|f| f.rule.to_string()).collect()
}

/// A day of the week of 2026-11-16 (a Monday) to 2026-11-22, a week without holidays.
fn day_of_week(name: &str) -> &'static str {
    match name {
        "monday" => "2026-11-16",
        "tuesday" => "2026-11-17",
        "wednesday" => "2026-11-18",
        "thursday" => "2026-11-19",
        "friday" => "2026-11-20",
        "saturday" => "2026-11-21",
        "sunday" => "2026-11-22",
        other => panic!("not a weekday: {other}"),
    }
}

#[test]
fn every_calling_window_is_judged_at_its_edges() {
    let engine = Engine::builtin().unwrap();
    let mut judged = 0;
    for r in records("state_calling_hours.yaml") {
        let state = r["state"].as_str();
        let rule = if r["confidence"] == "primary" {
            "us.state-quiet-hours"
        } else {
            "us.state-quiet-hours-unverified"
        };
        let (start, end) = (minutes(&r["start"]), minutes(&r["end"]));
        let days: Vec<&str> = if r["days"] == "every day" {
            vec![
                "monday",
                "tuesday",
                "wednesday",
                "thursday",
                "friday",
                "saturday",
                "sunday",
            ]
        } else {
            r["days"].split(' ').collect()
        };
        for &day in &days {
            let date = day_of_week(day);
            let z = zone(state);
            let says =
                |m: i64| found(&engine, state, at(date, m, z), None).contains(&rule.to_owned());
            let place = format!("{state} {day} ({rule})");
            if start == end {
                // A forbidden day, all day.
                for m in [0, 9 * 60, 12 * 60, 23 * 60 + 59] {
                    assert!(says(m), "{place} at {m} minutes");
                }
                if r["consent_exempt"] == "true" {
                    let with = found(&engine, state, at(date, 12 * 60, z), Some(Consent::Express));
                    assert!(!with.contains(&rule.to_owned()), "{place} with consent");
                }
            } else {
                assert!(!says(start), "{place}: the opening minute is inside");
                assert!(
                    says(start - 1),
                    "{place}: the minute before opening is outside"
                );
                assert!(
                    !says(end - 1),
                    "{place}: the minute before closing is inside"
                );
                assert!(says(end), "{place}: the closing minute is outside");
            }
            judged += 1;
        }
        // Before the law came into force the record does not judge.
        if r["from"] != "0001-01-01" {
            let from: jiff::civil::Date = r["from"].parse().unwrap();
            let before = (from - jiff::Span::new().days(1)).to_string();
            let forbidden = if start == end { 12 * 60 } else { start - 1 };
            let day = day_name(&before);
            if days.contains(&day) {
                let rules = found(&engine, state, at(&before, forbidden, zone(state)), None);
                assert!(
                    !rules.contains(&rule.to_owned()),
                    "{state} on {before}, before {}",
                    r["from"]
                );
            }
            let on = from.to_string();
            if days.contains(&day_name(&on)) {
                let rules = found(&engine, state, at(&on, forbidden, zone(state)), None);
                assert!(
                    rules.contains(&rule.to_owned()),
                    "{state} on {on}, the first day"
                );
            }
        }
    }
    assert!(judged >= 20, "{judged}");
}

fn day_name(date: &str) -> &'static str {
    let d: jiff::civil::Date = date.parse().unwrap();
    match d.weekday() {
        jiff::civil::Weekday::Monday => "monday",
        jiff::civil::Weekday::Tuesday => "tuesday",
        jiff::civil::Weekday::Wednesday => "wednesday",
        jiff::civil::Weekday::Thursday => "thursday",
        jiff::civil::Weekday::Friday => "friday",
        jiff::civil::Weekday::Saturday => "saturday",
        jiff::civil::Weekday::Sunday => "sunday",
    }
}

#[test]
fn every_2026_holiday_is_judged_and_the_days_around_it_are_not() {
    let engine = Engine::builtin().unwrap();
    let bans: HashMap<String, HashMap<String, String>> = records("state_holiday_bans.yaml")
        .into_iter()
        .map(|r| (r["state"].clone(), r))
        .collect();
    let rows = calendar::rows(&calendar::state_holidays(), 2026, 2026);
    let holiday = |state: &str, date: &str| {
        rows.iter()
            .any(|r| r.state == state && calendar::iso(r.date) == date && r.scope == "statewide")
    };
    let holiday_rules = ["us.state-holiday", "us.state-holiday-unverified"];
    let mut judged = 0;
    for r in &rows {
        let date = calendar::iso(r.date);
        let ban = &bans[r.state];
        let rules = found(&engine, r.state, at(&date, 12 * 60, zone(r.state)), None);
        let holiday_found: Vec<&String> = rules
            .iter()
            .filter(|f| holiday_rules.contains(&f.as_str()))
            .collect();
        if r.scope != "statewide" {
            assert!(
                holiday_found.is_empty(),
                "{} {date} is a local holiday",
                r.state
            );
            continue;
        }
        let expected = if ban["confidence"] == "primary" && r.confidence == "primary" {
            "us.state-holiday"
        } else {
            "us.state-holiday-unverified"
        };
        assert_eq!(
            holiday_found,
            [expected],
            "{} {date} {}",
            r.state,
            r.holiday
        );
        judged += 1;
        // The next day that is neither a holiday nor a Sunday passes both rules.
        let mut next: jiff::civil::Date = date.parse().unwrap();
        loop {
            next = next.tomorrow().unwrap();
            let n = next.to_string();
            if !holiday(r.state, &n) && day_name(&n) != "sunday" {
                break;
            }
        }
        let rules = found(
            &engine,
            r.state,
            at(&next.to_string(), 12 * 60, zone(r.state)),
            None,
        );
        assert!(
            !rules.iter().any(|f| holiday_rules.contains(&f.as_str())),
            "{} {next} is no holiday: {rules:?}",
            r.state
        );
        // Utah's ban yields to prior express consent.
        if ban["consent_exempt"] == "true" {
            let rules = found(
                &engine,
                r.state,
                at(&date, 12 * 60, zone(r.state)),
                Some(Consent::Express),
            );
            assert!(
                !rules.iter().any(|f| holiday_rules.contains(&f.as_str())),
                "{} {date}",
                r.state
            );
        }
    }
    assert!(judged > 50, "{judged}");
}
