//! The legal holidays of the states whose telephone-solicitation rules forbid sales calls
//! and texts on a legal holiday, as date rules: fixed days, the n-th or last weekday of a
//! month, days counted from Easter, election days, and each state's rule for a holiday that
//! falls on a weekend. `main.rs` writes `rules/data/state_holidays.yaml` from them, and
//! `tests/holidays.rs` checks them against dates written by hand from the statutes and the
//! committed table against a fresh run.

use smslint::unstable::dsl::builtins::time::{civil_from_days, days_from_civil};

/// Monday is 0, as in `weekday()`'s order.
pub const MONDAY: i64 = 0;
pub const THURSDAY: i64 = 3;

/// When a holiday falls in a year.
#[derive(Clone, Copy, Debug)]
pub enum When {
    /// A day of a month.
    Fixed(i64, i64),
    /// The n-th (1-based) weekday of a month: `Nth(1, MONDAY, 3)` is the third Monday of
    /// January.
    Nth(i64, i64, i64),
    /// The last weekday of a month.
    Last(i64, i64),
    /// Days after Easter Sunday (negative: before): Good Friday is -2, Mardi Gras -47.
    Easter(i64),
    /// The Tuesday after the first Monday of November, in every year or in even years.
    ElectionDay { even_years_only: bool },
}

/// What the law makes of a holiday that falls on a weekend (or, for Utah's Juneteenth, on
/// another weekday): the day it is observed on instead, besides the day itself.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Observed {
    /// Not moved.
    Never,
    /// Saturday to the Friday before, Sunday to the Monday after (5 U.S.C. § 6103(b) and
    /// Executive Order 11582; Utah Code § 63G-1-301(2)(a)–(b)).
    FridayOrMonday,
    /// Sunday to the Monday after.
    SundayToMonday,
    /// Saturday or Sunday to the Monday after (R.I. Gen. Laws § 25-1-1, for New Year's Day,
    /// Independence Day, Veterans' Day and Christmas).
    WeekendToMonday,
    /// Tuesday to Friday to the Monday before, Saturday or Sunday to the Monday after (Utah
    /// Code § 63G-1-301(2)(c)–(d), Juneteenth).
    UtahJuneteenth,
}

/// A legal holiday of a state.
#[derive(Clone, Copy, Debug)]
pub struct Holiday {
    /// The state's two-letter code.
    pub state: &'static str,
    pub name: &'static str,
    pub when: When,
    pub observed: Observed,
    /// `statewide`, or where it is a holiday (a county-limited day).
    pub scope: &'static str,
    /// The law that makes it a holiday.
    pub cite: &'static str,
    /// `primary` (read in the statute) or `secondary` (a practitioner's or an agency's
    /// summary, or an unsettled reading).
    pub confidence: &'static str,
    /// The first day it is a holiday, `(year, month, day)`, when the law added it lately.
    pub from: Option<(i64, i64, i64)>,
}

/// Days since 1970-01-01 of the date.
pub fn day(year: i64, month: i64, day_of_month: i64) -> i64 {
    days_from_civil(year, month, day_of_month)
}

/// The weekday of a day (Monday 0 … Sunday 6).
pub fn weekday(days: i64) -> i64 {
    (days + 3).rem_euclid(7)
}

/// Easter Sunday of a Gregorian year (the anonymous Gregorian algorithm, "Meeus/Jones/
/// Butcher").
pub fn easter(year: i64) -> i64 {
    let a = year % 19;
    let b = year / 100;
    let c = year % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day_of_month = (h + l - 7 * m + 114) % 31 + 1;
    day(year, month, day_of_month)
}

/// The day a rule gives in a year; `None` when the holiday is not held that year.
pub fn date_in(when: When, year: i64) -> Option<i64> {
    Some(match when {
        When::Fixed(month, d) => day(year, month, d),
        When::Nth(month, wd, n) => {
            let first = day(year, month, 1);
            first + (wd - weekday(first)).rem_euclid(7) + 7 * (n - 1)
        }
        When::Last(month, wd) => {
            let next = if month == 12 {
                day(year + 1, 1, 1)
            } else {
                day(year, month + 1, 1)
            };
            let last = next - 1;
            last - (weekday(last) - wd).rem_euclid(7)
        }
        When::Easter(offset) => easter(year) + offset,
        When::ElectionDay { even_years_only } => {
            if even_years_only && year % 2 != 0 {
                return None;
            }
            date_in(When::Nth(11, MONDAY, 1), year)? + 1
        }
    })
}

/// The day a holiday on `date` is observed on instead, when the law moves it.
pub fn observed_on(observed: Observed, date: i64) -> Option<i64> {
    let wd = weekday(date);
    match observed {
        Observed::Never => None,
        Observed::FridayOrMonday => match wd {
            5 => Some(date - 1),
            6 => Some(date + 1),
            _ => None,
        },
        Observed::SundayToMonday => (wd == 6).then_some(date + 1),
        Observed::WeekendToMonday => match wd {
            5 => Some(date + 2),
            6 => Some(date + 1),
            _ => None,
        },
        Observed::UtahJuneteenth => match wd {
            1..=4 => Some(date - wd),
            5 => Some(date + 2),
            6 => Some(date + 1),
            _ => None,
        },
    }
}

/// One row of the table: a state's holiday on a day, the day itself (`actual`) or the day
/// the law observes it on (`observed`).
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    pub state: &'static str,
    pub date: i64,
    pub holiday: String,
    pub day: &'static str,
    pub scope: &'static str,
    pub cite: String,
    pub confidence: &'static str,
}

/// Every row for the years `first..=last`, by state and date; a day that is two holidays
/// (a state's and a federal one in Rhode Island) is one row naming both.
pub fn rows(holidays: &[Holiday], first: i64, last: i64) -> Vec<Row> {
    let mut rows: Vec<Row> = Vec::new();
    for h in holidays {
        // A holiday of the next year can be observed in the last one (New Year's Day on a
        // Saturday: the Friday before), and one of the year before in the first.
        for year in first - 1..=last + 1 {
            let Some(date) = date_in(h.when, year) else {
                continue;
            };
            let from = h.from.map_or(i64::MIN, |(y, m, d)| day(y, m, d));
            let mut days = vec![(date, "actual")];
            days.extend(observed_on(h.observed, date).map(|d| (d, "observed")));
            for (d, kind) in days {
                if d < from || d < day(first, 1, 1) || d > day(last, 12, 31) {
                    continue;
                }
                // A federal holiday in a state's list is marked as one.
                let name = match (h.state, h.cite) {
                    ("US", _) => h.name.to_owned(),
                    (_, FEDERAL) => format!("{} (federal)", h.name),
                    _ => h.name.to_owned(),
                };
                let name = if kind == "observed" {
                    format!("{name} (observed)")
                } else {
                    name
                };
                match rows.iter_mut().find(|r| r.state == h.state && r.date == d) {
                    Some(r) => {
                        r.holiday = format!("{}; {name}", r.holiday);
                        if !r.cite.contains(h.cite) {
                            r.cite = format!("{}; {}", r.cite, h.cite);
                        }
                        // A day is an actual holiday if any holiday falls on it, statewide
                        // if any is, and as well sourced as its best source.
                        if kind == "actual" {
                            r.day = "actual";
                        }
                        if h.scope == "statewide" {
                            r.scope = "statewide";
                        }
                        if h.confidence == "primary" {
                            r.confidence = "primary";
                        }
                    }
                    None => rows.push(Row {
                        state: h.state,
                        date: d,
                        holiday: name,
                        day: kind,
                        scope: h.scope,
                        cite: h.cite.to_owned(),
                        confidence: h.confidence,
                    }),
                }
            }
        }
    }
    rows.sort_by(|a, b| (a.state, a.date).cmp(&(b.state, b.date)));
    rows
}

/// A date as `YYYY-MM-DD`.
pub fn iso(days: i64) -> String {
    let (y, m, d) = civil_from_days(days);
    format!("{y:04}-{m:02}-{d:02}")
}

const FEDERAL: &str = "5 U.S.C. § 6103(a); observed days § 6103(b) and Executive Order 11582";
const RI: &str = "R.I. Gen. Laws § 25-1-1";
const UT: &str = "Utah Code § 63G-1-301";
const LA: &str = "La. R.S. 1:55(A)(1)";
const LA_OBSERVED: &str = "La. R.S. 1:55(E) (the weekend rule courts and clerks follow)";
const PA: &str = "44 P.S. § 11";
const AL: &str = "Ala. Code § 1-3-8";

/// A federal legal public holiday, 5 U.S.C. § 6103(a), observed by § 6103(b).
const fn federal(name: &'static str, when: When) -> Holiday {
    Holiday {
        state: "US",
        name,
        when,
        observed: Observed::FridayOrMonday,
        scope: "statewide",
        cite: FEDERAL,
        confidence: "primary",
        from: None,
    }
}

const fn holiday(
    state: &'static str,
    name: &'static str,
    when: When,
    observed: Observed,
    cite: &'static str,
    confidence: &'static str,
) -> Holiday {
    Holiday {
        state,
        name,
        when,
        observed,
        scope: "statewide",
        cite,
        confidence,
        from: None,
    }
}

/// The federal legal public holidays themselves (5 U.S.C. § 6103(a)), for the business
/// days of the opt-out rules, and for Rhode Island's list, which takes them in.
pub const FEDERAL_HOLIDAYS: &[Holiday] = &[
    federal("New Year's Day", When::Fixed(1, 1)),
    federal(
        "Birthday of Martin Luther King, Jr.",
        When::Nth(1, MONDAY, 3),
    ),
    federal("Washington's Birthday", When::Nth(2, MONDAY, 3)),
    federal("Memorial Day", When::Last(5, MONDAY)),
    federal("Juneteenth National Independence Day", When::Fixed(6, 19)),
    federal("Independence Day", When::Fixed(7, 4)),
    federal("Labor Day", When::Nth(9, MONDAY, 1)),
    federal("Columbus Day", When::Nth(10, MONDAY, 2)),
    federal("Veterans Day", When::Fixed(11, 11)),
    federal("Thanksgiving Day", When::Nth(11, THURSDAY, 4)),
    federal("Christmas Day", When::Fixed(12, 25)),
];

/// The federal holidays file for the years `first..=last`: every day a federal holiday
/// falls on or is observed on, as a list of dates with the holiday's name beside each.
pub fn federal_table(first: i64, last: i64) -> String {
    let mut out = format!(
        "# Generated by `cargo run --example holidays -- {first} {last}` from FEDERAL_HOLIDAYS in\n\
         # examples/holidays/calendar.rs, with state_holidays.yaml and holiday_years.yaml.\n"
    );
    out.push_str(
        "description: >-\n  \
         The days of the US federal legal public holidays, the day itself and, when it falls on\n  \
         a weekend, the day it is observed on (a Saturday's on the Friday before, a Sunday's on\n  \
         the Monday after). The opt-out rules count business days as Mondays to Fridays not in\n  \
         this list; holiday_years.yaml says which days it covers.\n",
    );
    out.push_str("source: 5 U.S.C. § 6103(a)–(b); Executive Order 11582\nvalues:\n");
    for r in rows(FEDERAL_HOLIDAYS, first, last) {
        out.push_str(&format!("  - \"{}\" # {}\n", iso(r.date), r.holiday));
    }
    out
}

/// Every state's holidays: [`HOLIDAYS`], and the federal holidays Rhode Island's law
/// takes in ("any other days as … the congress of the United States shall appoint as
/// holidays").
pub fn state_holidays() -> Vec<Holiday> {
    let in_ri = FEDERAL_HOLIDAYS
        .iter()
        .map(|h| Holiday { state: "RI", ..*h });
    HOLIDAYS.iter().copied().chain(in_ri).collect()
}

/// The holidays the states name themselves. Sundays are not listed: the rules forbid
/// every Sunday in these states on their own.
pub const HOLIDAYS: &[Holiday] = &[
    // Alabama: the holidays of Ala. Code § 1-3-8, as the Alabama Department of Archives
    // and History lists them (the telemarketing rule itself is the PSC's, for automated
    // calls: low confidence for texts; no weekend rule is applied).
    holiday("AL", "New Year's Day", When::Fixed(1, 1), Observed::Never, AL, "secondary"),
    holiday("AL", "Birthdays of Robert E. Lee and Martin Luther King, Jr.", When::Nth(1, MONDAY, 3), Observed::Never, AL, "secondary"),
    holiday("AL", "Birthdays of George Washington and Thomas Jefferson", When::Nth(2, MONDAY, 3), Observed::Never, AL, "secondary"),
    Holiday { scope: "Baldwin and Mobile counties", ..holiday("AL", "Mardi Gras", When::Easter(-47), Observed::Never, AL, "secondary") },
    holiday("AL", "Confederate Memorial Day", When::Nth(4, MONDAY, 4), Observed::Never, AL, "secondary"),
    holiday("AL", "National Memorial Day", When::Last(5, MONDAY), Observed::Never, AL, "secondary"),
    holiday("AL", "Birthday of Jefferson Davis", When::Nth(6, MONDAY, 1), Observed::Never, AL, "secondary"),
    holiday("AL", "Juneteenth", When::Fixed(6, 19), Observed::Never, "recognised by the state since 2021 (secondary: not found in Ala. Code § 1-3-8)", "secondary"),
    holiday("AL", "Independence Day", When::Fixed(7, 4), Observed::Never, AL, "secondary"),
    holiday("AL", "Labor Day", When::Nth(9, MONDAY, 1), Observed::Never, AL, "secondary"),
    holiday("AL", "Columbus Day, Fraternal Day and American Indian Heritage Day", When::Nth(10, MONDAY, 2), Observed::Never, AL, "secondary"),
    holiday("AL", "Veterans Day", When::Fixed(11, 11), Observed::Never, AL, "secondary"),
    holiday("AL", "Thanksgiving Day", When::Nth(11, THURSDAY, 4), Observed::Never, AL, "secondary"),
    holiday("AL", "Christmas Day", When::Fixed(12, 25), Observed::Never, AL, "secondary"),
    // Louisiana: La. R.S. 1:55(A)(1), read in the statute; Inauguration Day in the city of
    // Baton Rouge (every four years, a local day) is left out.
    holiday("LA", "New Year's Day", When::Fixed(1, 1), Observed::FridayOrMonday, LA_OBSERVED, "secondary"),
    holiday("LA", "Battle of New Orleans", When::Fixed(1, 8), Observed::Never, LA, "primary"),
    holiday("LA", "Dr. Martin Luther King, Jr.'s Birthday", When::Nth(1, MONDAY, 3), Observed::Never, LA, "primary"),
    holiday("LA", "Washington's Birthday and Presidents' Day", When::Nth(2, MONDAY, 3), Observed::Never, LA, "primary"),
    holiday("LA", "Mardi Gras", When::Easter(-47), Observed::Never, LA, "primary"),
    holiday("LA", "Good Friday", When::Easter(-2), Observed::Never, LA, "primary"),
    holiday("LA", "National Memorial Day", When::Last(5, MONDAY), Observed::Never, LA, "primary"),
    holiday("LA", "Independence Day", When::Fixed(7, 4), Observed::FridayOrMonday, LA_OBSERVED, "secondary"),
    holiday("LA", "Huey P. Long Day", When::Fixed(8, 30), Observed::Never, LA, "primary"),
    holiday("LA", "Labor Day", When::Nth(9, MONDAY, 1), Observed::Never, LA, "primary"),
    holiday("LA", "Christopher Columbus Day", When::Nth(10, MONDAY, 2), Observed::Never, LA, "primary"),
    holiday("LA", "All Saints' Day", When::Fixed(11, 1), Observed::Never, LA, "primary"),
    holiday("LA", "Veterans' Day", When::Fixed(11, 11), Observed::Never, LA, "primary"),
    holiday("LA", "Thanksgiving Day", When::Nth(11, THURSDAY, 4), Observed::Never, LA, "primary"),
    holiday("LA", "Christmas Day", When::Fixed(12, 25), Observed::FridayOrMonday, LA_OBSERVED, "secondary"),
    // Pennsylvania: 44 P.S. § 11 as employment-law summaries list it (secondary); Sunday
    // holidays are observed on the Monday. Saturday afternoons, half-holidays in the same
    // section, are not treated as holidays.
    holiday("PA", "New Year's Day", When::Fixed(1, 1), Observed::SundayToMonday, PA, "secondary"),
    holiday("PA", "Dr. Martin Luther King, Jr. Day", When::Nth(1, MONDAY, 3), Observed::Never, PA, "secondary"),
    holiday("PA", "Presidents' Day", When::Nth(2, MONDAY, 3), Observed::Never, PA, "secondary"),
    holiday("PA", "Good Friday", When::Easter(-2), Observed::Never, PA, "secondary"),
    holiday("PA", "Memorial Day", When::Last(5, MONDAY), Observed::Never, PA, "secondary"),
    holiday("PA", "Flag Day", When::Fixed(6, 14), Observed::SundayToMonday, PA, "secondary"),
    holiday("PA", "Independence Day", When::Fixed(7, 4), Observed::SundayToMonday, PA, "secondary"),
    holiday("PA", "Labor Day", When::Nth(9, MONDAY, 1), Observed::Never, PA, "secondary"),
    holiday("PA", "Columbus Day", When::Nth(10, MONDAY, 2), Observed::Never, PA, "secondary"),
    holiday("PA", "Election Day", When::ElectionDay { even_years_only: false }, Observed::Never, PA, "secondary"),
    holiday("PA", "Veterans' Day", When::Fixed(11, 11), Observed::SundayToMonday, PA, "secondary"),
    holiday("PA", "Thanksgiving Day", When::Nth(11, THURSDAY, 4), Observed::Never, PA, "secondary"),
    holiday("PA", "Christmas Day", When::Fixed(12, 25), Observed::SundayToMonday, PA, "secondary"),
    // Rhode Island: R.I. Gen. Laws § 25-1-1, read in the statute; the federal holidays
    // it takes in, with their federal observed days, are added by `state_holidays`.
    holiday("RI", "New Year's Day", When::Fixed(1, 1), Observed::WeekendToMonday, RI, "primary"),
    holiday("RI", "Dr. Martin Luther King, Jr.'s Birthday", When::Nth(1, MONDAY, 3), Observed::Never, RI, "primary"),
    holiday("RI", "Washington's Birthday", When::Nth(2, MONDAY, 3), Observed::Never, RI, "primary"),
    holiday("RI", "Rhode Island Independence Day", When::Fixed(5, 4), Observed::SundayToMonday, RI, "primary"),
    holiday("RI", "Memorial Day", When::Last(5, MONDAY), Observed::Never, RI, "primary"),
    holiday("RI", "Independence Day", When::Fixed(7, 4), Observed::WeekendToMonday, RI, "primary"),
    holiday("RI", "Victory Day", When::Nth(8, MONDAY, 2), Observed::Never, RI, "primary"),
    holiday("RI", "Labor Day", When::Nth(9, MONDAY, 1), Observed::Never, RI, "primary"),
    holiday("RI", "Columbus Day", When::Nth(10, MONDAY, 2), Observed::Never, RI, "primary"),
    holiday("RI", "Election Day", When::ElectionDay { even_years_only: true }, Observed::Never, RI, "primary"),
    holiday("RI", "Veterans' Day", When::Fixed(11, 11), Observed::WeekendToMonday, RI, "primary"),
    holiday("RI", "Christmas Day", When::Fixed(12, 25), Observed::WeekendToMonday, RI, "primary"),
    // Utah: Utah Code § 63G-1-301, read in the statute (as in force from 2026-05-06).
    holiday("UT", "New Year's Day", When::Fixed(1, 1), Observed::FridayOrMonday, UT, "primary"),
    holiday("UT", "Dr. Martin Luther King, Jr. Day", When::Nth(1, MONDAY, 3), Observed::Never, UT, "primary"),
    holiday("UT", "Washington and Lincoln Day (Presidents' Day)", When::Nth(2, MONDAY, 3), Observed::Never, UT, "primary"),
    Holiday {
        from: Some((2026, 5, 6)),
        ..holiday("UT", "Good Friday", When::Easter(-2), Observed::Never, "Utah Code § 63G-1-301(1)(b)(iii), from 2026-05-06 (subject to its Subsection (6), not read)", "secondary")
    },
    holiday("UT", "Memorial Day", When::Last(5, MONDAY), Observed::Never, UT, "primary"),
    Holiday {
        from: Some((2022, 1, 1)),
        ..holiday("UT", "Juneteenth National Freedom Day", When::Fixed(6, 19), Observed::UtahJuneteenth, UT, "primary")
    },
    holiday("UT", "Independence Day", When::Fixed(7, 4), Observed::FridayOrMonday, UT, "primary"),
    holiday("UT", "Pioneer Day", When::Fixed(7, 24), Observed::FridayOrMonday, UT, "primary"),
    holiday("UT", "Labor Day", When::Nth(9, MONDAY, 1), Observed::Never, UT, "primary"),
    holiday("UT", "Columbus Day", When::Nth(10, MONDAY, 2), Observed::Never, UT, "primary"),
    holiday("UT", "Veterans Day", When::Fixed(11, 11), Observed::FridayOrMonday, UT, "primary"),
    holiday("UT", "Thanksgiving Day", When::Nth(11, THURSDAY, 4), Observed::Never, UT, "primary"),
    holiday("UT", "Christmas", When::Fixed(12, 25), Observed::FridayOrMonday, UT, "primary"),
];

/// The table file for the years `first..=last`: a header saying how it was made, then one
/// record per row.
pub fn table(first: i64, last: i64) -> String {
    let mut out = format!(
        "# Generated by `cargo run --example holidays -- {first} {last}` from the date rules in\n\
         # examples/holidays/calendar.rs, with rules/data/holiday_years.yaml: edit those rules,\n\
         # not this file, and regenerate before {last} ends (tests/holidays.rs fails when this\n\
         # file is not what the generator writes).\n"
    );
    out.push_str(
        "description: >-\n  \
         The legal holidays of the US states whose telephone-solicitation rules forbid sales\n  \
         calls and texts on a legal holiday (us.state-holiday), one record per state and day:\n  \
         the holiday's name, whether the day is the holiday itself (`actual`) or the day the law\n  \
         observes it on when it falls on a weekend (`observed`; both are blocked), where it is\n  \
         a holiday (`statewide`, or the counties of a local one, which the rule does not\n  \
         enforce), the law that makes it one, and how well that is sourced (`primary`: read in\n  \
         the statute; `secondary`: a summary, or a reading not yet settled). Sundays are not\n  \
         listed: these states forbid every Sunday on its own.\n",
    );
    out.push_str(
        "source: >-\n  \
         5 U.S.C. § 6103; R.I. Gen. Laws § 25-1-1; Utah Code § 63G-1-301; La. R.S. 1:55;\n  \
         44 P.S. § 11 (secondary); Ala. Code § 1-3-8 (secondary). Each record names its own.\n",
    );
    out.push_str("values:\n");
    for r in rows(&state_holidays(), first, last) {
        out.push_str(&format!(
            "  - {{state: {}, date: \"{}\", holiday: \"{}\", day: {}, scope: {}, confidence: {}, cite: \"{}\"}}\n",
            r.state,
            iso(r.date),
            r.holiday.replace('"', "\\\""),
            r.day,
            if r.scope == "statewide" { "statewide".to_owned() } else { format!("\"{}\"", r.scope) },
            r.confidence,
            r.cite.replace('"', "\\\""),
        ));
    }
    out
}

/// The years file: the first day the table covers and the day after the last, so that a
/// rule can tell a day outside the table from a day that is no holiday.
pub fn years(first: i64, last: i64) -> String {
    format!(
        "# Generated by `cargo run --example holidays -- {first} {last}`, with state_holidays.yaml.\n\
         description: >-\n  \
         The days state_holidays.yaml covers: from `from` up to `until`, left out. A message\n  \
         sent outside them cannot be judged by us.state-holiday, which then fails it.\n\
         source: examples/holidays/calendar.rs\n\
         values: {{from: \"{}\", until: \"{}\"}}\n",
        iso(day(first, 1, 1)),
        iso(day(last + 1, 1, 1)),
    )
}
