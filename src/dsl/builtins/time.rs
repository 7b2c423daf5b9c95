//! Local time in the NANP time zones: the zones of the area-code table loaded once, and
//! the steady UTC offset of the last few zones remembered per thread, so that a check of a
//! message reads no zone rules.

use std::cell::Cell;

use super::text::same_bytes;
use crate::doc::value::Val;

/// The time zones of the NANP table, loaded once: looking a zone up in the bundled
/// database costs more than the rest of a check, and quiet-hours rules ask for every zone
/// of an area code. Other zones (a caller's `recipient.time_zone`) are looked up each time.
pub(crate) fn nanp_zone(name: &str) -> Option<(&'static str, &'static jiff::tz::TimeZone)> {
    static ZONES: std::sync::OnceLock<Vec<(&'static str, jiff::tz::TimeZone)>> =
        std::sync::OnceLock::new();
    let zones = ZONES.get_or_init(|| {
        let mut names: Vec<&'static str> = crate::phone::area_codes()
            .iter()
            .flat_map(|c| c.time_zones.iter().copied())
            .collect();
        names.sort_unstable();
        names.dedup();
        names
            .into_iter()
            .filter_map(|n| crate::doc::zone::get(n).map(|tz| (n, tz)))
            .collect()
    });
    zones
        .binary_search_by(|(n, _)| (*n).cmp(name))
        .ok()
        .and_then(|i| zones.get(i))
        .map(|(n, tz)| (*n, tz))
}

/// A span of time in which a NANP zone's offset from UTC does not change: the time
/// between two of its transitions, both left out.
#[derive(Clone, Copy)]
struct SteadyOffset {
    zone: &'static str,
    after: i64,
    before: i64,
    seconds: i32,
}

/// How many zones each thread remembers a steady offset for.
const STEADY_ZONES: usize = 4;

thread_local! {
    /// The steady offsets of the zones asked last: messages are sent now, to a few
    /// zones, and a zone's offset changes twice a year at most, so looking it up in the
    /// zone's rules (most of what a quiet-hours check costs) is rarely needed.
    static STEADY: [Cell<Option<SteadyOffset>>; STEADY_ZONES] = const {
        [const { Cell::new(None) }; STEADY_ZONES]
    };
    static NEXT_STEADY: Cell<usize> = const { Cell::new(0) };
}

/// The offset from UTC, in seconds, of the NANP zone `zone` at the instant `at`; `None`
/// for a zone that is not in the NANP table or an instant out of range.
pub(crate) fn zone_offset(at: i64, zone: &str) -> Option<i32> {
    let remembered = STEADY
        .try_with(|steady| {
            steady.iter().find_map(|cell| {
                cell.get()
                    .filter(|s| {
                        s.after < at
                            && at < s.before
                            && same_bytes(s.zone.as_bytes(), zone.as_bytes())
                    })
                    .map(|s| s.seconds)
            })
        })
        .ok()
        .flatten();
    if remembered.is_some() {
        return remembered;
    }
    let (name, tz) = nanp_zone(zone)?;
    let ts = jiff::Timestamp::from_second(at).ok()?;
    let seconds = tz.to_offset(ts).seconds();
    // The transitions around `at`: the offset is the same at every instant strictly
    // between them (a zone without any has one offset for all time).
    let after = tz
        .preceding(ts)
        .next()
        .map_or(i64::MIN, |t| t.timestamp().as_second());
    let before = tz
        .following(ts)
        .next()
        .map_or(i64::MAX, |t| t.timestamp().as_second());
    if after < at && at < before {
        let steady = SteadyOffset {
            zone: name,
            after,
            before,
            seconds,
        };
        let _ = NEXT_STEADY.try_with(|next| {
            let i = next.get() % STEADY_ZONES;
            next.set(i + 1);
            let _ = STEADY.try_with(|cells| cells.get(i).map(|c| c.set(Some(steady))));
        });
    }
    Some(seconds)
}

/// `local_clock(at, zone, zones)`: what a clock reads at `at` in `zone`, or (when `zone`
/// is missing) in each of `zones`, for a message that names the local time it broke.
pub(crate) fn local_clock<'a>(args: &[Val<'a>]) -> Result<Val<'a>, String> {
    let Some(Val::Instant(at)) = args.first() else {
        return Ok(Val::Str("an unknown time"));
    };
    let ts =
        jiff::Timestamp::from_second(*at).map_err(|_| "the instant is out of range".to_owned())?;
    let mut zones: Vec<&str> = Vec::new();
    match (args.get(1), args.get(2)) {
        (Some(Val::Str(zone)), _) if !zone.is_empty() => zones.push(zone),
        (_, Some(Val::List(list))) => {
            for i in 0..list.len() {
                if let Val::Str(zone) = list.get(i) {
                    zones.push(zone);
                }
            }
        }
        _ => {}
    }
    let clocks: Vec<String> = zones
        .iter()
        .filter_map(|name| {
            let tz = crate::doc::zone::get(name)?;
            let local = ts.to_zoned(tz);
            Some(format!("{} ({name})", local.strftime("%H:%M %Z")))
        })
        .collect();
    Ok(if clocks.is_empty() {
        Val::Str("an unknown local time")
    } else {
        Val::Owned(clocks.join(", ").into_boxed_str())
    })
}

/// The most business days `add_business_days` counts: ten years of them.
const MAX_BUSINESS_DAYS: i64 = 3_660;

/// `add_business_days(date, n, holidays)`: the `n`-th day after `date` that is a Monday to
/// Friday and not in `holidays`.
pub(crate) fn add_business_days<'a>(args: &[Val<'a>]) -> Result<Val<'a>, String> {
    let (Some(Val::Date(start)), Some(Val::Int(n))) = (args.first(), args.get(1)) else {
        return Ok(Val::Missing);
    };
    if !(0..=MAX_BUSINESS_DAYS).contains(n) {
        return Err(format!(
            "add_business_days counts 0 to {MAX_BUSINESS_DAYS} business days, not {n}"
        ));
    }
    let holiday = |day: i32| match args.get(2) {
        Some(Val::List(list)) => {
            (0..list.len()).any(|i| matches!(list.get(i), Val::Date(d) if d == day))
        }
        _ => false,
    };
    let (mut day, mut left) = (*start, *n);
    while left > 0 {
        day = day.checked_add(1).ok_or("the date is out of range")?;
        // 1970-01-01 was a Thursday: Monday is 0.
        let weekday = (i64::from(day) + 3).rem_euclid(7);
        if weekday < 5 && !holiday(day) {
            left -= 1;
        }
    }
    Ok(Val::Date(day))
}

/// The most months `add_months` moves a date: a thousand years.
const MAX_MONTHS: i64 = 12_000;

/// `add_months(date, n)`: the date `n` calendar months later (earlier when negative), its
/// day of the month kept, or the last day of a shorter month.
pub(crate) fn add_months<'a>(args: &[Val<'a>]) -> Result<Val<'a>, String> {
    let (Some(Val::Date(date)), Some(Val::Int(n))) = (args.first(), args.get(1)) else {
        return Ok(Val::Missing);
    };
    if !(-MAX_MONTHS..=MAX_MONTHS).contains(n) {
        return Err(format!(
            "add_months moves a date at most {MAX_MONTHS} months, not {n}"
        ));
    }
    let (year, month, day) = civil_from_days(i64::from(*date));
    let months = year * 12 + i64::from(month) - 1 + n;
    let (year, month) = (months.div_euclid(12), months.rem_euclid(12) + 1);
    let day = i64::from(day).min(days_in_month(year, month));
    i32::try_from(days_from_civil(year, month, day))
        .map(Val::Date)
        .map_err(|_| "the date is out of range".to_owned())
}

/// Days since 1970-01-01 of a date of the proleptic Gregorian calendar (H. Hinnant,
/// "chrono-Compatible Low-Level Date Algorithms", `days_from_civil`: years counted from
/// March, so the leap day ends a year).
pub fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let year_of_era = y - era * 400;
    let day_of_year = (153 * ((month + 9) % 12) + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The year, month and day of a count of days since 1970-01-01 (`civil_from_days`).
pub fn civil_from_days(days: i64) -> (i64, u8, u8) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let mp = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (
        year,
        u8::try_from(month).unwrap_or(1),
        u8::try_from(day).unwrap_or(1),
    )
}

/// The number of days in a month of a year.
pub fn days_in_month(year: i64, month: i64) -> i64 {
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// A date written `YYYY-MM-DD` (years 0001 to 9999), as days since 1970-01-01.
pub fn parse_date(text: &str) -> Option<i32> {
    let b = text.as_bytes();
    if b.len() != 10 || b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') {
        return None;
    }
    let number = |from: usize, to: usize| -> Option<i64> {
        b.get(from..to)?.iter().try_fold(0i64, |n, &d| {
            d.is_ascii_digit().then(|| n * 10 + i64::from(d - b'0'))
        })
    };
    let (year, month, day) = (number(0, 4)?, number(5, 7)?, number(8, 10)?);
    if year < 1 || !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) {
        return None;
    }
    i32::try_from(days_from_civil(year, month, day)).ok()
}

/// A date as `YYYY-MM-DD`.
pub fn format_date(days: i32) -> String {
    let (year, month, day) = civil_from_days(i64::from(days));
    format!("{year:04}-{month:02}-{day:02}")
}

/// `region_country(code)`.
pub(crate) fn region_country<'a>(args: &[Val<'a>]) -> Result<Val<'a>, String> {
    Ok(Val::Str(
        args.first()
            .and_then(Val::as_str)
            .and_then(crate::phone::region)
            .map_or("", |r| r.country),
    ))
}

/// `zone_country(zone)`: the country of the area codes that use the zone. No NANP zone is
/// shared by two countries' area codes (a test checks). The zones are sorted once, so a
/// message to a number outside the US looks its recipient's zone up in a few steps
/// instead of walking the area-code table.
pub(crate) fn zone_country<'a>(args: &[Val<'a>]) -> Result<Val<'a>, String> {
    static ZONES: std::sync::OnceLock<Vec<(&'static str, &'static str)>> =
        std::sync::OnceLock::new();
    let zones = ZONES.get_or_init(|| {
        let mut zones: Vec<(&'static str, &'static str)> = crate::phone::area_codes()
            .iter()
            .flat_map(|c| c.time_zones.iter().map(move |z| (*z, c.country)))
            .collect();
        zones.sort_unstable();
        zones.dedup_by_key(|(z, _)| *z);
        zones
    });
    let zone = args.first().and_then(Val::as_str).unwrap_or("");
    Ok(Val::Str(
        zones
            .binary_search_by(|(z, _)| (*z).cmp(zone))
            .ok()
            .and_then(|i| zones.get(i))
            .map_or("", |(_, country)| country),
    ))
}

/// The time zones of each state, territory and province: those of its area codes, sorted,
/// built once; with the region's index in [`crate::phone::REGIONS`].
pub(crate) fn region_zones(code: &str) -> Option<(usize, &'static &'static [&'static str])> {
    static ZONES: std::sync::OnceLock<Vec<(&'static str, &'static [&'static str])>> =
        std::sync::OnceLock::new();
    let zones = ZONES.get_or_init(|| {
        crate::phone::REGIONS
            .iter()
            .map(|r| {
                let mut zones: Vec<&'static str> = crate::phone::area_codes()
                    .iter()
                    .filter(|c| c.region == r.code)
                    .flat_map(|c| c.time_zones.iter().copied())
                    .collect();
                zones.sort_unstable();
                zones.dedup();
                // Built once for the process: a few hundred bytes, never freed.
                let zones: &'static [&'static str] = Vec::leak(zones);
                (r.code, zones)
            })
            .collect()
    });
    let code = crate::phone::region(code)?.code;
    zones
        .iter()
        .enumerate()
        .find(|(_, (c, _))| *c == code)
        .map(|(i, (_, z))| (i, z))
}

/// The zones of the region at `index` of [`crate::phone::REGIONS`] (as [`region_zones`]
/// numbers them).
pub(crate) fn region_zones_at(index: usize) -> Option<&'static &'static [&'static str]> {
    let code = crate::phone::REGIONS.get(index)?.code;
    region_zones(code).map(|(_, z)| z)
}

pub(crate) const WEEKDAYS: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

#[cfg(test)]
mod tests {
    use super::*;

    fn text(v: Val<'_>) -> String {
        v.as_str().unwrap_or("(not text)").to_owned()
    }

    #[test]
    fn months_keep_the_day_or_take_the_last() {
        let after = |from: &str, n: i64| match add_months(&[
            Val::Date(parse_date(from).unwrap()),
            Val::Int(n),
        ]) {
            Ok(Val::Date(d)) => format_date(d),
            other => format!("{other:?}"),
        };
        assert_eq!(after("2024-12-07", 24), "2026-12-07");
        assert_eq!(after("2024-08-31", 6), "2025-02-28");
        assert_eq!(after("2023-08-31", 6), "2024-02-29");
        assert_eq!(after("2026-01-15", -1), "2025-12-15");
        assert_eq!(after("2024-02-29", 12), "2025-02-28");
        assert!(add_months(&[Val::Date(0), Val::Int(1_000_000)]).is_err());
    }

    #[test]
    fn business_days_skip_weekends_and_holidays() {
        let date = |s: &str| parse_date(s).unwrap();
        let holidays: Box<[crate::doc::value::Const]> = ["2026-11-26", "2026-12-25"]
            .iter()
            .map(|d| crate::doc::value::Const::Date(date(d)))
            .collect();
        let after = |from: &str, n: i64| match add_business_days(&[
            Val::Date(date(from)),
            Val::Int(n),
            Val::List(&holidays),
        ]) {
            Ok(Val::Date(d)) => format_date(d),
            other => format!("{other:?}"),
        };
        // Past Thanksgiving and the weekend.
        assert_eq!(after("2026-11-25", 2), "2026-11-30");
        assert_eq!(after("2026-11-25", 0), "2026-11-25");
        // A request on a Saturday: the Monday is the first business day.
        assert_eq!(after("2026-12-05", 1), "2026-12-07");
        // Ten business days from Monday 2026-12-14, Christmas (a Friday) left out.
        assert_eq!(after("2026-12-14", 10), "2026-12-29");
        assert!(add_business_days(&[Val::Date(0), Val::Int(-1), Val::List(&holidays)]).is_err());
        assert!(
            add_business_days(&[Val::Date(0), Val::Int(100_000), Val::List(&holidays)]).is_err()
        );
    }

    #[test]
    fn no_zone_serves_two_countries() {
        let mut seen: Vec<(&str, &str)> = Vec::new();
        for c in crate::phone::area_codes() {
            for zone in c.time_zones {
                match seen.iter().find(|(z, _)| z == zone) {
                    Some((_, country)) => assert_eq!(*country, c.country, "{zone}"),
                    None => seen.push((zone, c.country)),
                }
            }
        }
        assert_eq!(
            text(zone_country(&[Val::Str("America/Chicago")]).unwrap()),
            "US"
        );
        assert_eq!(
            text(zone_country(&[Val::Str("America/Toronto")]).unwrap()),
            "CA"
        );
        assert_eq!(text(zone_country(&[Val::Str("Europe/Paris")]).unwrap()), "");
        assert_eq!(text(region_country(&[Val::Str("fl")]).unwrap()), "US");
        assert_eq!(text(region_country(&[Val::Str("ON")]).unwrap()), "CA");
        assert_eq!(text(region_country(&[Val::Missing]).unwrap()), "");
    }

    #[test]
    fn a_state_is_in_the_zones_of_its_area_codes() {
        let zones = |state: &str| {
            region_zones(state)
                .map(|(_, z)| z.to_vec())
                .unwrap_or_default()
        };
        // Florida has the panhandle's Central time too.
        assert_eq!(zones("fl"), ["America/Chicago", "America/New_York"]);
        // Arizona: the Navajo Nation keeps daylight saving time.
        assert_eq!(zones("AZ"), ["America/Denver", "America/Phoenix"]);
        assert!(zones("ZZ").is_empty());
        let (i, z) = region_zones("TX").unwrap();
        assert_eq!(region_zones_at(i), Some(z));
    }

    #[test]
    fn dates_round_trip() {
        for (text, days) in [
            ("1970-01-01", 0),
            ("2026-11-26", 20_783),
            ("0001-01-01", -719_162),
        ] {
            assert_eq!(parse_date(text), Some(days));
            assert_eq!(format_date(days), text);
        }
        for bad in [
            "2026-02-29",
            "2026-13-01",
            "0000-01-01",
            "2026-1-01",
            "2026/01/01",
        ] {
            assert_eq!(parse_date(bad), None, "{bad}");
        }
        assert_eq!(
            parse_date("2028-02-29").map(format_date).as_deref(),
            Some("2028-02-29")
        );
    }
}
