#!/usr/bin/env python3
"""Generate smslint's NANP area-code table and E.164 country-code list.

Source: the PyPI package `phonenumbers` (libphonenumber's metadata, geocoder and time-zone
data), corrected by the reviewed rows of `tools/nanp/overrides.csv` beside this script.

Writes `src/phone/nanp_table.rs` and `src/phone/country_codes.rs`. Run from anywhere:

    python3 -m venv /tmp/nanp-venv
    /tmp/nanp-venv/bin/pip install phonenumbers==9.0.43
    /tmp/nanp-venv/bin/python tools/nanp/generate.py

then `cargo test --lib phone && cargo test --test nanp_reference`. With `--check` it writes
nothing and exits 1 when a generated file is out of date.

How each fact is derived (for every NPA 200..999):

- in service: libphonenumber considers some number NPA-NXX-4567 valid (NXX 200..999);
- kind: from libphonenumber's number types (toll free, premium rate, personal number, VoIP
  in Canada's non-geographic codes; fixed line or mobile means geographic);
- country: the region libphonenumber assigns; US territories (PR, VI, GU, AS, MP) are
  country US with the territory as region;
- region(s) for US and Canadian codes: the English geocoder place name for the NPA
  ("Florida", "New York, NY", "Nova Scotia/Prince Edward Island"), mapped to postal codes
  by the table below; when the NPA itself has no name, the names of its exchanges;
- time zones: the union of libphonenumber's time zones over every prefix of the NPA.

The overrides then add codes phonenumbers lacks, drop codes not yet in service, and fix
time zones, each with a one-line reason.
"""

import csv
import io
import os
import sys
from zoneinfo import available_timezones

import phonenumbers
from phonenumbers import PhoneNumberType as PT
from phonenumbers import geodata, tzdata

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
OVERRIDES = os.path.join(HERE, "overrides.csv")
TABLE_RS = os.path.join(ROOT, "src", "phone", "nanp_table.rs")
COUNTRY_RS = os.path.join(ROOT, "src", "phone", "country_codes.rs")

US_STATES = {
    "Alabama": "AL", "Alaska": "AK", "Arizona": "AZ", "Arkansas": "AR",
    "California": "CA", "Colorado": "CO", "Connecticut": "CT", "Delaware": "DE",
    "Florida": "FL", "Georgia": "GA", "Hawaii": "HI", "Idaho": "ID", "Illinois": "IL",
    "Indiana": "IN", "Iowa": "IA", "Kansas": "KS", "Kentucky": "KY", "Louisiana": "LA",
    "Maine": "ME", "Maryland": "MD", "Massachusetts": "MA", "Michigan": "MI",
    "Minnesota": "MN", "Mississippi": "MS", "Missouri": "MO", "Montana": "MT",
    "Nebraska": "NE", "Nevada": "NV", "New Hampshire": "NH", "New Jersey": "NJ",
    "New Mexico": "NM", "New York": "NY", "North Carolina": "NC", "North Dakota": "ND",
    "Ohio": "OH", "Oklahoma": "OK", "Oregon": "OR", "Pennsylvania": "PA",
    "Rhode Island": "RI", "South Carolina": "SC", "South Dakota": "SD", "Tennessee": "TN",
    "Texas": "TX", "Utah": "UT", "Vermont": "VT", "Virginia": "VA",
    "Washington": "WA", "Washington State": "WA", "West Virginia": "WV",
    "Wisconsin": "WI", "Wyoming": "WY",
    "District of Columbia": "DC", "Washington D.C.": "DC",
}
CA_PROVINCES = {
    "Alberta": "AB", "British Columbia": "BC", "British Colombia": "BC",
    "Manitoba": "MB", "New Brunswick": "NB", "Newfoundland and Labrador": "NL",
    "Northwest Territories": "NT", "Nova Scotia": "NS", "Nunavut": "NU",
    "Ontario": "ON", "Prince Edward Island": "PE", "Quebec": "QC",
    "Saskatchewan": "SK", "Yukon": "YT",
}
POSTAL = {"US": US_STATES, "CA": CA_PROVINCES}
# libphonenumber regions that are US territories: country US, the territory is the region.
US_TERRITORIES = {"PR", "VI", "GU", "AS", "MP"}

KINDS = {
    "geographic": "Geographic",
    "toll_free": "TollFree",
    "premium": "Premium",
    "personal_communications": "PersonalCommunications",
    "canadian_non_geographic": "CanadianNonGeographic",
    "interexchange_carrier": "InterexchangeCarrier",
    "government": "Government",
}
# Services open to the whole NANP: no one country.
NANP_WIDE = {"toll_free", "premium", "personal_communications", "interexchange_carrier"}
GEOGRAPHIC_TYPES = {PT.FIXED_LINE, PT.MOBILE, PT.FIXED_LINE_OR_MOBILE}


class Fail(Exception):
    pass


def probe(npa):
    """The (region, number type) pairs of valid numbers NPA-NXX-4567."""
    found = set()
    for nxx in range(200, 1000):
        n = phonenumbers.PhoneNumber(country_code=1, national_number=int(f"{npa}{nxx}4567"))
        if phonenumbers.is_valid_number(n):
            found.add((phonenumbers.region_code_for_number(n), phonenumbers.number_type(n)))
    return found


def kind_of(npa, found):
    regions = {r for r, _ in found}
    types = {t for _, t in found}
    if types & GEOGRAPHIC_TYPES:
        return "geographic"
    if regions == {"CA"} and types <= {PT.VOIP, PT.PERSONAL_NUMBER}:
        return "canadian_non_geographic"
    if regions == {"US"}:
        if types == {PT.TOLL_FREE}:
            return "toll_free"
        if types == {PT.PREMIUM_RATE}:
            return "premium"
        if types == {PT.PERSONAL_NUMBER}:
            return "personal_communications"
    raise Fail(f"{npa}: cannot classify {sorted(found)}")


def postal_codes(country, name):
    """Postal codes named by one geocoder place name, or None when it names no state."""
    if ", " in name:
        return [name.rsplit(", ", 1)[1]]
    codes = [POSTAL[country].get(part) for part in name.split("/")]
    return None if None in codes else codes


def regions_of(npa, country):
    top = geodata.GEOCODE_DATA.get(f"1{npa}", {}).get("en")
    if top is not None:
        codes = postal_codes(country, top)
        if codes is None:
            raise Fail(f"{npa}: geocoder name {top!r} is not a known state or province")
        return codes
    seen = set()
    for key, names in geodata.GEOCODE_DATA.items():
        if key.startswith(f"1{npa}") and "en" in names:
            codes = postal_codes(country, names["en"])
            if codes:
                seen.update(codes)
    if len(seen) != 1:
        raise Fail(f"{npa}: exchanges name {sorted(seen)}; add an override")
    return sorted(seen)


def time_zones_of(npa):
    zones = set()
    for key, tzs in tzdata.TIMEZONE_DATA.items():
        if key.startswith(f"1{npa}"):
            zones.update(tzs)
    zones.discard("Etc/Unknown")
    return sorted(zones)


def from_phonenumbers():
    codes = {}
    for npa in range(200, 1000):
        found = probe(npa)
        if not found:
            continue
        kind = kind_of(npa, found)
        entry = {"kind": kind, "country": "", "regions": [], "time_zones": []}
        if kind == "geographic":
            regions = {r for r, _ in found}
            if len(regions) != 1:
                raise Fail(f"{npa}: several regions {sorted(regions)}")
            (region,) = regions
            if region in US_TERRITORIES:
                entry["country"], entry["regions"] = "US", [region]
            elif region in POSTAL:
                entry["country"], entry["regions"] = region, regions_of(npa, region)
            else:
                entry["country"], entry["regions"] = region, [region]
            entry["time_zones"] = time_zones_of(npa)
        elif kind == "canadian_non_geographic":
            entry["country"] = "CA"
        codes[npa] = entry
    return codes


def read_overrides():
    rows = []
    with open(OVERRIDES, encoding="utf-8") as f:
        lines = [line for line in f if line.strip() and not line.startswith("#")]
    header = lines[0].rstrip("\n").split(",")
    for line in lines[1:]:
        cells = line.rstrip("\n").split(",", len(header) - 1)
        if len(cells) != len(header) or not cells[-1].strip():
            raise Fail(f"overrides: bad row {line!r}")
        rows.append(dict(zip(header, cells)))
    return rows


def apply_overrides(codes, rows):
    seen = set()
    for row in rows:
        npa = int(row["npa"])
        if npa in seen:
            raise Fail(f"overrides: {npa} twice")
        seen.add(npa)
        if row["in_service"] == "N":
            if npa not in codes:
                raise Fail(f"overrides: {npa} is not in phonenumbers; drop the row")
            del codes[npa]
            continue
        if row["in_service"] == "Y":
            if npa in codes:
                raise Fail(f"overrides: phonenumbers now has {npa}; review the row")
            codes[npa] = {"kind": "", "country": "", "regions": [], "time_zones": []}
        elif npa not in codes:
            raise Fail(f"overrides: {npa} is not in service; say in_service=Y")
        entry = codes[npa]
        if row["like"]:
            parent = codes[int(row["like"])]
            entry.update({k: list(v) if isinstance(v, list) else v for k, v in parent.items()})
        if row["kind"]:
            entry["kind"] = row["kind"]
        if row["country"]:
            entry["country"] = row["country"]
        if row["regions"]:
            entry["regions"] = row["regions"].split(";")
        if row["time_zones"]:
            entry["time_zones"] = sorted(row["time_zones"].split(";"))


def check(codes):
    zones = available_timezones()
    for npa, e in codes.items():
        if e["kind"] not in KINDS:
            raise Fail(f"{npa}: unknown kind {e['kind']!r}")
        geographic = e["kind"] == "geographic"
        if geographic != bool(e["regions"]) or geographic != bool(e["time_zones"]):
            raise Fail(f"{npa}: regions and time zones exactly when geographic: {e}")
        if not e["country"] and e["kind"] not in NANP_WIDE:
            raise Fail(f"{npa}: no country")
        if e["country"] in POSTAL:
            allowed = set(POSTAL[e["country"]].values())
            if e["country"] == "US":
                allowed |= US_TERRITORIES
            for r in e["regions"]:
                if r not in allowed:
                    raise Fail(f"{npa}: {r} is not a region of {e['country']}")
        for z in e["time_zones"]:
            if z not in zones:
                raise Fail(f"{npa}: {z} is not an IANA time zone")


def rust_str_list(items):
    return "&[" + ", ".join(f'"{s}"' for s in items) + "]"


def header(what, overrides=True):
    source = "\n// and the reviewed rows of tools/nanp/overrides.csv" if overrides else ""
    return (
        f"// @generated by tools/nanp/generate.py — do not edit by hand.\n"
        f"//\n"
        f"// {what}\n"
        f"// Source: the PyPI package phonenumbers {phonenumbers.__version__} (libphonenumber data)"
        f"{source}.\n"
        f"// Regenerate with:\n"
        f"//\n"
        f"//     python3 -m venv /tmp/nanp-venv\n"
        f"//     /tmp/nanp-venv/bin/pip install phonenumbers=={phonenumbers.__version__}\n"
        f"//     /tmp/nanp-venv/bin/python tools/nanp/generate.py\n"
    )


def write_table(codes):
    out = io.StringIO()
    out.write(header("Every in-service NANP area code, sorted by NPA."))
    out.write("\n")
    out.write("use super::area_code::{AreaCode, AreaCodeKind::*};\n\n")
    out.write("/// Every in-service NANP area code, sorted by `npa` for binary search.\n")
    out.write("#[rustfmt::skip]\n")
    out.write(f"pub(super) static AREA_CODES: [AreaCode; {len(codes)}] = [\n")
    for npa in sorted(codes):
        e = codes[npa]
        region = e["regions"][0] if e["regions"] else ""
        out.write(
            f"    AreaCode {{ npa: {npa}, geographic: {str(e['kind'] == 'geographic').lower()}, "
            f"kind: {KINDS[e['kind']]}, country: \"{e['country']}\", region: \"{region}\", "
            f"regions: {rust_str_list(e['regions'])}, "
            f"time_zones: {rust_str_list(e['time_zones'])} }},\n"
        )
    out.write("];\n")
    return out.getvalue()


def write_country_codes():
    ccs = sorted(phonenumbers.COUNTRY_CODE_TO_REGION_CODE)
    out = io.StringIO()
    out.write(header("The E.164 country codes libphonenumber knows, sorted.", overrides=False))
    out.write("\n")
    out.write("/// Assigned E.164 country codes (geographic and global services), sorted.\n")
    out.write("#[rustfmt::skip]\n")
    out.write(f"pub(super) static COUNTRY_CODES: [u16; {len(ccs)}] = [\n")
    for i in range(0, len(ccs), 16):
        out.write("    " + ", ".join(str(c) for c in ccs[i : i + 16]) + ",\n")
    out.write("];\n")
    return out.getvalue()


def main():
    try:
        codes = from_phonenumbers()
        apply_overrides(codes, read_overrides())
        check(codes)
    except Fail as e:
        print(f"generate.py: {e}", file=sys.stderr)
        return 1
    check_only = "--check" in sys.argv[1:]
    stale = False
    for path, text in ((TABLE_RS, write_table(codes)), (COUNTRY_RS, write_country_codes())):
        name = os.path.relpath(path, ROOT)
        if check_only:
            with open(path, encoding="utf-8") as f:
                if f.read() != text:
                    print(f"{name} is out of date", file=sys.stderr)
                    stale = True
            continue
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        print(f"wrote {name}")
    geo = sum(1 for e in codes.values() if e["kind"] == "geographic")
    print(f"{len(codes)} area codes: {geo} geographic, {len(codes) - geo} non-geographic")
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
