//! Checks the generated NANP area-code table against the reference copy of NANPA's NPA
//! report kept outside the repository (`../shared/data/nanp/` from the crate root).
//!
//! For every in-service code: present, no others; geographic or not as NANPA says; the same
//! country and state/province; and the same time zones as libphonenumber gives, unless
//! `tools/nanp/overrides.csv` has a row for the code saying why not. Without the reference
//! folder the test prints a note and passes, so the suite runs anywhere.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fs;
use std::path::{Path, PathBuf};

use smslint::phone::{area_code, area_codes, AreaCodeKind};

/// `../shared/data/nanp` beside the crate, or `SMSLINT_NANP_REFERENCE` when set.
fn reference_dir() -> PathBuf {
    std::env::var_os("SMSLINT_NANP_REFERENCE").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/nanp"),
        PathBuf::from,
    )
}

/// One CSV record per line, fields split on commas outside double quotes.
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    text.lines()
        .filter(|line| !line.trim().is_empty())
        .map(|line| {
            let mut fields = vec![String::new()];
            let mut quoted = false;
            let mut chars = line.chars().peekable();
            while let Some(c) = chars.next() {
                match c {
                    '"' if quoted && chars.peek() == Some(&'"') => {
                        chars.next();
                        fields.last_mut().unwrap().push('"');
                    }
                    '"' => quoted = !quoted,
                    ',' if !quoted => fields.push(String::new()),
                    _ => fields.last_mut().unwrap().push(c),
                }
            }
            fields
        })
        .collect()
}

/// The records of a CSV file whose header line starts with `first_column`, as maps.
fn records(path: &Path, first_column: &str) -> Vec<HashMap<String, String>> {
    let text = fs::read_to_string(path).unwrap();
    let rows = parse_csv(&text);
    let at = rows
        .iter()
        .position(|r| r[0] == first_column)
        .unwrap_or_else(|| panic!("{}: no header", path.display()));
    let header = &rows[at];
    rows[at + 1..]
        .iter()
        .map(|r| {
            header
                .iter()
                .cloned()
                .zip(r.iter().map(|f| f.trim().to_string()))
                .collect()
        })
        .collect()
}

fn find(dir: &Path, prefix: &str) -> PathBuf {
    let mut found: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let name = p.file_name().unwrap().to_string_lossy();
            name.starts_with(prefix) && name.ends_with(".csv")
        })
        .collect();
    found.sort();
    found
        .pop()
        .unwrap_or_else(|| panic!("no {prefix}*.csv in {}", dir.display()))
}

/// NANPA's country names, as ISO 3166 alpha-2.
fn country_code(name: &str) -> &'static str {
    match name {
        "" => "",
        "US" => "US",
        "CANADA" => "CA",
        "ANGUILLA" => "AI",
        "ANTIGUA/BARBUDA" => "AG",
        "BAHAMAS" => "BS",
        "BARBADOS" => "BB",
        "BERMUDA" => "BM",
        "BRITISH VIRGIN ISLANDS" => "VG",
        "CAYMAN ISLANDS" => "KY",
        "DOMINICA" => "DM",
        "DOMINICAN REPUBLIC" => "DO",
        "GRENADA" => "GD",
        "JAMAICA" => "JM",
        "MONTSERRAT" => "MS",
        "SINT MAARTEN" => "SX",
        "ST. KITTS & NEVIS" => "KN",
        "ST.LUCIA" | "ST. LUCIA" => "LC",
        "ST. VINCENT & GRENADINES" => "VC",
        "TRINIDAD & TOBAGO" => "TT",
        "TURKS & CAICOS ISLANDS" => "TC",
        other => panic!("unknown NANPA country {other:?}"),
    }
}

/// NANPA's LOCATION of a geographic code as postal codes: two-letter US codes as they are
/// (CNMI is MP), Canadian province names (several joined by ` - `), and for other members
/// the country, whose code is the region.
fn regions(location: &str, country: &str) -> BTreeSet<String> {
    match country {
        "US" => [if location == "CNMI" { "MP" } else { location }.to_string()].into(),
        "CA" => location
            .split('-')
            .map(|name| {
                match name.trim() {
                    "ALBERTA" => "AB",
                    "BRITISH COLUMBIA" => "BC",
                    "MANITOBA" => "MB",
                    "NEW BRUNSWICK" => "NB",
                    "NEWFOUNDLAND AND LABRADOR" => "NL",
                    "NORTHWEST TERRITORIES" => "NT",
                    "NOVA SCOTIA" => "NS",
                    "NUNAVUT" => "NU",
                    "ONTARIO" => "ON",
                    "PRINCE EDWARD ISLAND" => "PE",
                    "QUEBEC" => "QC",
                    "SASKATCHEWAN" => "SK",
                    "YUKON" => "YT",
                    other => panic!("unknown province {other:?}"),
                }
                .to_string()
            })
            .collect(),
        other => [other.to_string()].into(),
    }
}

/// The override rows: npa → (whether the row sets time zones, its reason).
fn overrides() -> BTreeMap<u16, (bool, String)> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tools/nanp/overrides.csv");
    let text = fs::read_to_string(path).unwrap();
    let mut lines = text
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'));
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    lines
        .map(|line| {
            let cells: Vec<&str> = line.splitn(header.len(), ',').collect();
            let cell = |name: &str| cells[header.iter().position(|h| *h == name).unwrap()];
            let sets_zones = !cell("like").is_empty()
                || !cell("time_zones").is_empty()
                || cell("in_service") == "Y";
            (
                cell("npa").parse().unwrap(),
                (sets_zones, cell("reason").to_string()),
            )
        })
        .collect()
}

#[test]
fn table_agrees_with_nanpa_reference() {
    let dir = reference_dir();
    if !dir.is_dir() {
        println!(
            "note: {} not found; NANP reference check skipped",
            dir.display()
        );
        return;
    }
    let report = records(&find(&dir, "npa_report_"), "NPA_ID");
    let zones = records(&find(&dir, "nanp_npa_tz_"), "npa");
    let tz_column = zones[0]
        .keys()
        .find(|k| k.ends_with("_tz_union"))
        .unwrap()
        .clone();
    let lib_zones: HashMap<u16, BTreeSet<String>> = zones
        .iter()
        .map(|r| {
            (
                r["npa"].parse().unwrap(),
                r[&tz_column].split_whitespace().map(String::from).collect(),
            )
        })
        .collect();
    let overrides = overrides();
    let mut problems = Vec::new();
    let mut documented = Vec::new();

    let in_service: Vec<&HashMap<String, String>> =
        report.iter().filter(|r| r["IN_SERVICE"] == "Y").collect();
    let npas: BTreeSet<u16> = in_service
        .iter()
        .map(|r| r["NPA_ID"].parse().unwrap())
        .collect();
    assert_eq!(
        npas,
        lib_zones.keys().copied().collect(),
        "the two reference files disagree on the in-service codes"
    );
    let ours: BTreeSet<u16> = area_codes().iter().map(|c| c.npa).collect();
    for npa in npas.difference(&ours) {
        problems.push(format!("{npa}: in service but missing from the table"));
    }
    for npa in ours.difference(&npas) {
        problems.push(format!("{npa}: in the table but not in service"));
    }

    for row in &in_service {
        let npa: u16 = row["NPA_ID"].parse().unwrap();
        let Some(code) = area_code(npa) else { continue };
        let geographic = row["USE"] == "G";
        if code.geographic != geographic {
            problems.push(format!(
                "{npa}: geographic {} but NANPA says USE={}",
                code.geographic, row["USE"]
            ));
        }
        let country = country_code(&row["COUNTRY"]);
        if geographic {
            if code.country != country {
                problems.push(format!(
                    "{npa}: country {} but NANPA says {country}",
                    code.country
                ));
            }
            let want = regions(&row["LOCATION"], country);
            let have: BTreeSet<String> = code.regions.iter().map(|r| r.to_string()).collect();
            if have != want {
                problems.push(format!("{npa}: regions {have:?} but NANPA says {want:?}"));
            }
        } else if !(code.country == country
            // NANPA files some 5XX codes under the US; they serve the whole NANP.
            || (code.kind == AreaCodeKind::PersonalCommunications && country == "US"))
        {
            problems.push(format!(
                "{npa}: country {:?} but NANPA says {country:?}",
                code.country
            ));
        }

        let have: BTreeSet<String> = code.time_zones.iter().map(|z| z.to_string()).collect();
        let want = &lib_zones[&npa];
        if &have != want {
            match overrides.get(&npa) {
                Some((true, reason)) => documented.push(format!(
                    "{npa}: {have:?} where the reference has {want:?} ({reason})"
                )),
                _ => problems.push(format!(
                    "{npa}: time zones {have:?} but the reference has {want:?}, and no override says why"
                )),
            }
        }
    }

    println!(
        "{} time-zone differences, each explained in tools/nanp/overrides.csv:",
        documented.len()
    );
    for d in &documented {
        println!("  {d}");
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));

    // The README's facts about the reference, so a new reference copy is looked at.
    let geographic: Vec<_> = area_codes().iter().filter(|c| c.geographic).collect();
    let count = |country: &str| geographic.iter().filter(|c| c.country == country).count();
    assert_eq!(area_codes().len(), 481);
    assert_eq!(geographic.len(), 451);
    assert_eq!((count("US"), count("CA")), (375, 55));
    let others: BTreeSet<&str> = geographic
        .iter()
        .map(|c| c.country)
        .filter(|c| *c != "US" && *c != "CA")
        .collect();
    assert_eq!((451 - 375 - 55, others.len()), (21, 18));
}
