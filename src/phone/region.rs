//! The states, territories and provinces a recipient can live in: the closed set a
//! message's `recipient.state` is checked against, so that a misspelt `Florda` or a name
//! where a code belongs is an input error rather than a state's rules quietly not applying.
//!
//! The codes are those of ISO 3166-2:US (the 50 states, the District of Columbia and the
//! inhabited territories, which are in the NANP) and ISO 3166-2:CA (the provinces and
//! territories), the same codes the area-code table gives as a number's region.

/// One state, territory or province.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Region {
    /// Its two-letter code, upper-case (`FL`, `ON`).
    pub code: &'static str,
    /// Its name in English.
    pub name: &'static str,
    /// Its country, ISO 3166 (`US`, `CA`).
    pub country: &'static str,
}

const fn us(code: &'static str, name: &'static str) -> Region {
    Region {
        code,
        name,
        country: "US",
    }
}

const fn ca(code: &'static str, name: &'static str) -> Region {
    Region {
        code,
        name,
        country: "CA",
    }
}

/// Every region, US first, each country in code order.
pub static REGIONS: &[Region] = &[
    us("AK", "Alaska"),
    us("AL", "Alabama"),
    us("AR", "Arkansas"),
    us("AS", "American Samoa"),
    us("AZ", "Arizona"),
    us("CA", "California"),
    us("CO", "Colorado"),
    us("CT", "Connecticut"),
    us("DC", "District of Columbia"),
    us("DE", "Delaware"),
    us("FL", "Florida"),
    us("GA", "Georgia"),
    us("GU", "Guam"),
    us("HI", "Hawaii"),
    us("IA", "Iowa"),
    us("ID", "Idaho"),
    us("IL", "Illinois"),
    us("IN", "Indiana"),
    us("KS", "Kansas"),
    us("KY", "Kentucky"),
    us("LA", "Louisiana"),
    us("MA", "Massachusetts"),
    us("MD", "Maryland"),
    us("ME", "Maine"),
    us("MI", "Michigan"),
    us("MN", "Minnesota"),
    us("MO", "Missouri"),
    us("MP", "Northern Mariana Islands"),
    us("MS", "Mississippi"),
    us("MT", "Montana"),
    us("NC", "North Carolina"),
    us("ND", "North Dakota"),
    us("NE", "Nebraska"),
    us("NH", "New Hampshire"),
    us("NJ", "New Jersey"),
    us("NM", "New Mexico"),
    us("NV", "Nevada"),
    us("NY", "New York"),
    us("OH", "Ohio"),
    us("OK", "Oklahoma"),
    us("OR", "Oregon"),
    us("PA", "Pennsylvania"),
    us("PR", "Puerto Rico"),
    us("RI", "Rhode Island"),
    us("SC", "South Carolina"),
    us("SD", "South Dakota"),
    us("TN", "Tennessee"),
    us("TX", "Texas"),
    us("UT", "Utah"),
    us("VA", "Virginia"),
    us("VI", "U.S. Virgin Islands"),
    us("VT", "Vermont"),
    us("WA", "Washington"),
    us("WI", "Wisconsin"),
    us("WV", "West Virginia"),
    us("WY", "Wyoming"),
    ca("AB", "Alberta"),
    ca("BC", "British Columbia"),
    ca("MB", "Manitoba"),
    ca("NB", "New Brunswick"),
    ca("NL", "Newfoundland and Labrador"),
    ca("NS", "Nova Scotia"),
    ca("NT", "Northwest Territories"),
    ca("NU", "Nunavut"),
    ca("ON", "Ontario"),
    ca("PE", "Prince Edward Island"),
    ca("QC", "Quebec"),
    ca("SK", "Saskatchewan"),
    ca("YT", "Yukon"),
];

/// The region whose code is `text`, in any case (`fl`, `Fl`, `FL`).
///
/// ```
/// assert_eq!(smslint::phone::region("fl").map(|r| r.code), Some("FL"));
/// assert_eq!(smslint::phone::region("Florida"), None);
/// ```
pub fn region(text: &str) -> Option<&'static Region> {
    REGIONS.get(region_index(text)?)
}

/// The index in [`REGIONS`] of the region whose code is `text`, in any case: one lookup in
/// a table of the 676 two-letter codes, built once (rules ask for the recipient's state of
/// every message).
pub fn region_index(text: &str) -> Option<usize> {
    static INDEX: std::sync::OnceLock<[u8; 26 * 26]> = std::sync::OnceLock::new();
    let slot = |code: &[u8]| -> Option<usize> {
        let [a, b] = *code else { return None };
        let letter = |c: u8| c.to_ascii_uppercase().checked_sub(b'A').filter(|&i| i < 26);
        Some(usize::from(letter(a)?) * 26 + usize::from(letter(b)?))
    };
    let index = INDEX.get_or_init(|| {
        let mut index = [u8::MAX; 26 * 26];
        for (i, r) in REGIONS.iter().enumerate() {
            if let (Some(s), Ok(i)) = (slot(r.code.as_bytes()), u8::try_from(i)) {
                if let Some(cell) = index.get_mut(s) {
                    *cell = i;
                }
            }
        }
        index
    });
    let i = *index.get(slot(text.as_bytes())?)?;
    (i != u8::MAX).then_some(usize::from(i))
}

/// What to write instead of `text`, which is not a region code: the code of the region it
/// names (`Florida` → `FL`), or of the closest code or name.
pub fn suggest_region(text: &str) -> Option<&'static Region> {
    let wanted = text.trim();
    if let Some(r) = REGIONS
        .iter()
        .find(|r| r.name.eq_ignore_ascii_case(wanted) || r.code.eq_ignore_ascii_case(wanted))
    {
        return Some(r);
    }
    let lower = wanted.to_lowercase();
    let names: Vec<String> = REGIONS.iter().map(|r| r.name.to_lowercase()).collect();
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    let close = crate::text::closest(&lower, &names)?;
    REGIONS.iter().find(|r| r.name.eq_ignore_ascii_case(close))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_index_finds_every_code_in_any_case_and_nothing_else() {
        for (i, r) in REGIONS.iter().enumerate() {
            assert_eq!(region_index(r.code), Some(i));
            assert_eq!(region_index(&r.code.to_ascii_lowercase()), Some(i));
        }
        for bad in ["", "F", "FLA", "ZZ", "1A", "é", "F\u{300}"] {
            assert_eq!(region_index(bad), None, "{bad}");
        }
    }

    #[test]
    fn codes_are_unique_upper_case_and_cover_the_area_code_table() {
        for (i, r) in REGIONS.iter().enumerate() {
            assert_eq!(r.code.len(), 2);
            assert_eq!(r.code, r.code.to_ascii_uppercase());
            assert!(REGIONS[..i].iter().all(|o| o.code != r.code), "{}", r.code);
        }
        for area in super::super::area_codes() {
            if matches!(area.country, "US" | "CA") {
                for code in area.regions {
                    let r = region(code).unwrap_or_else(|| panic!("{code}"));
                    assert_eq!(r.country, area.country, "{code}");
                }
            }
        }
    }

    #[test]
    fn codes_match_in_any_case_and_names_are_suggested() {
        assert_eq!(region("on").map(|r| r.name), Some("Ontario"));
        assert_eq!(region("XX"), None);
        assert_eq!(region("Fl "), None);
        assert_eq!(suggest_region("florida").map(|r| r.code), Some("FL"));
        assert_eq!(suggest_region("Florda").map(|r| r.code), Some("FL"));
        assert_eq!(suggest_region(" NY").map(|r| r.code), Some("NY"));
        assert_eq!(suggest_region("Atlantis"), None);
    }
}
