#!/usr/bin/env python3
"""Build ``src/rasid/data/countries.tsv`` from the OCHA countries & territories taxonomy (stdlib only).

Usage (from the repository root)::

    python scripts/build_countries.py --shared ../shared

Source: ``<shared>/data/hdx-countries-territories-ar/countries_territories_taxonomy.csv``
(OCHA Countries & Territories Taxonomy, shipped in hdx-python-country 4.2.5, MIT; see its
SOURCE.md). Kept: rows with an ISO 3166-1 alpha-2 code (or OCHA's user-assigned ``x`` code,
i.e. Kosovo XK/XKX) that are not deprecated.

Derived here (documented in the file's header):

* ``acled_region``: ACLED's region, from the M49 sub-region (intermediate region in
  sub-Saharan Africa and Latin America) plus the per-country exceptions in
  ``ACLED_REGION_EXCEPTIONS``, where ACLED groups a country unlike M49.
* ``ucdp_region``: UCDP GED's five regions, from the ACLED region (UCDP's Middle East is
  Gleditsch-Ward codes 630-698, which includes Egypt; its Europe includes the Caucasus).
* ``gwno``: the Gleditsch-Ward state code (as UCDP GED's ``country_id``, ``gwnoa``, ``gwnob``), from
  ``scripts/data/gleditsch_ward.tsv``: the current entries of Gleditsch & Ward's list of independent states
  and microstates (R package ``states`` 0.3.3 by Andreas Beger, MIT, ``gwstates``), matched to ISO alpha-3
  (see that file's header). Empty where GW has no current state (territories, Palestine, Western Sahara,
  Vatican City); UCDP codes events in Gaza and the West Bank under Israel (666) and Serbia as 345.
* ``name`` / ``name_ar``: the common short form (ACLED's English spelling, the usual Arabic
  form) where the UN short name is a formal name; ``name_un`` / ``name_ar_un`` keep the UN
  names as the source gives them.

The output is deterministic: the same input gives a byte-identical file.
"""
from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

VERSION_LINE = "version: 2 (2026-12-07)"
SOURCE_REL = "data/hdx-countries-territories-ar/countries_territories_taxonomy.csv"
GW_SOURCE = Path(__file__).resolve().parent / "data" / "gleditsch_ward.tsv"
COLUMNS = ["iso2", "iso3", "m49", "name", "name_ar", "acled_region", "ucdp_region", "gwno", "name_un",
           "name_ar_un"]

ACLED_REGIONS = ("Middle East", "Northern Africa", "Eastern Africa", "Western Africa", "Middle Africa",
                 "Southern Africa", "South Asia", "Southeast Asia", "East Asia", "Caucasus and Central Asia",
                 "Europe", "North America", "Central America", "South America", "Caribbean", "Oceania",
                 "Antarctica")

# M49 sub-region (or intermediate region, which wins when present) -> ACLED region.
M49_TO_ACLED = {
    "Western Asia": "Middle East",
    "Northern Africa": "Northern Africa",
    "Eastern Africa": "Eastern Africa",
    "Western Africa": "Western Africa",
    "Middle Africa": "Middle Africa",
    "Southern Africa": "Southern Africa",
    "Southern Asia": "South Asia",
    "South-eastern Asia": "Southeast Asia",
    "Eastern Asia": "East Asia",
    "Central Asia": "Caucasus and Central Asia",
    "Eastern Europe": "Europe",
    "Northern Europe": "Europe",
    "Channel Islands": "Europe",
    "Southern Europe": "Europe",
    "Western Europe": "Europe",
    "Northern America": "North America",
    "Central America": "Central America",
    "South America": "South America",
    "Caribbean": "Caribbean",
    "Australia and New Zealand": "Oceania",
    "Melanesia": "Oceania",
    "Micronesia": "Oceania",
    "Polynesia": "Oceania",
}

# Countries ACLED groups unlike M49 (ACLED's regional pages and data files).
ACLED_REGION_EXCEPTIONS = {
    "IR": "Middle East",                 # M49 Southern Asia
    "AM": "Caucasus and Central Asia",   # M49 Western Asia
    "AZ": "Caucasus and Central Asia",
    "GE": "Caucasus and Central Asia",
    "CY": "Europe",                      # M49 Western Asia
    "AO": "Southern Africa",             # M49 Middle Africa
    "MG": "Southern Africa",             # M49 Eastern Africa
    "MW": "Southern Africa",
    "MZ": "Southern Africa",
    "ZM": "Southern Africa",
    "ZW": "Southern Africa",
    "AQ": "Antarctica",                  # no M49 region
}

ACLED_TO_UCDP = {
    "Middle East": "Middle East", "Northern Africa": "Africa", "Eastern Africa": "Africa",
    "Western Africa": "Africa", "Middle Africa": "Africa", "Southern Africa": "Africa",
    "South Asia": "Asia", "Southeast Asia": "Asia", "East Asia": "Asia", "Oceania": "Asia",
    "Caucasus and Central Asia": "Asia", "Europe": "Europe", "North America": "Americas",
    "Central America": "Americas", "South America": "Americas", "Caribbean": "Americas",
    "Antarctica": "",
}
UCDP_REGION_EXCEPTIONS = {"EG": "Middle East", "AM": "Europe", "AZ": "Europe", "GE": "Europe"}

# Common English short names as ACLED spells them, where the UN short name differs.
NAME_EN = {
    "BO": "Bolivia", "BN": "Brunei", "CD": "Democratic Republic of Congo", "CG": "Republic of Congo",
    "CI": "Ivory Coast", "CV": "Cape Verde", "CZ": "Czech Republic", "FM": "Micronesia",
    "GB": "United Kingdom", "HK": "Hong Kong", "IR": "Iran", "KP": "North Korea", "KR": "South Korea",
    "LA": "Laos", "MD": "Moldova", "MO": "Macau", "NL": "Netherlands", "PS": "Palestine",
    "RU": "Russia", "SY": "Syria", "SZ": "eSwatini", "TL": "East Timor", "TR": "Turkey",
    "TW": "Taiwan", "TZ": "Tanzania", "US": "United States", "VA": "Vatican City",
    "VE": "Venezuela", "VN": "Vietnam",
}
# Usual Arabic short forms where the UNTERM short name is formal (or missing).
NAME_AR = {
    "BO": "بوليفيا", "CD": "الكونغو الديمقراطية", "FM": "ميكرونيزيا", "GB": "المملكة المتحدة",
    "HK": "هونغ كونغ", "IR": "إيران", "KP": "كوريا الشمالية", "KR": "كوريا الجنوبية", "LA": "لاوس",
    "MD": "مولدوفا", "MO": "ماكاو", "NL": "هولندا", "PS": "فلسطين", "RU": "روسيا", "SY": "سوريا",
    "TW": "تايوان", "TZ": "تنزانيا", "US": "الولايات المتحدة", "VE": "فنزويلا", "VN": "فيتنام",
    "XK": "كوسوفو",
}


def _clean(text: str) -> str:
    return " ".join(text.replace("\t", " ").split())


def load_gw(path: Path = GW_SOURCE) -> dict[str, str]:
    """ISO alpha-3 -> Gleditsch-Ward code, from the current GW entries in ``scripts/data/gleditsch_ward.tsv``."""
    with path.open(encoding="utf-8", newline="") as fh:
        lines = [line for line in fh if not line.startswith("#")]
    gw: dict[str, str] = {}
    for rec in csv.DictReader(lines, delimiter="\t"):
        iso3 = rec["iso3"].strip()
        if not iso3:
            continue  # Abkhazia, South Ossetia: no ISO code
        if iso3 in gw:
            raise SystemExit(f"two Gleditsch-Ward codes for {iso3} in {path}")
        gw[iso3] = str(int(rec["gwno"]))
    return gw


def build_rows(source: Path, gw: dict[str, str] | None = None) -> list[dict[str, str]]:
    gw = load_gw() if gw is None else gw
    with source.open(encoding="utf-8", newline="") as fh:
        records = list(csv.DictReader(fh))
    rows: list[dict[str, str]] = []
    for rec in records:
        iso2 = rec["ISO 3166-1 Alpha 2-Codes"].strip() or rec["x Alpha2 codes"].strip()
        iso3 = rec["ISO 3166-1 Alpha 3-Codes"].strip() or rec["x Alpha3 codes"].strip()
        if not iso2 or rec["Deprecated"].strip() == "Y":
            continue
        name_un = _clean(rec["English Short"] or rec["Preferred Term"])
        name_ar_un = _clean(rec["Arabic Short"] or rec["M49 Arabic"])
        m49_area = rec["Intermediate Region Name"].strip() or rec["Sub-region Name"].strip()
        acled = ACLED_REGION_EXCEPTIONS.get(iso2) or M49_TO_ACLED.get(m49_area, "")
        if acled not in ACLED_REGIONS:
            raise SystemExit(f"no ACLED region for {iso2} ({name_un}, M49 {m49_area!r}); add it to the builder")
        rows.append({
            "iso2": iso2, "iso3": iso3, "m49": rec["m49 numerical code"].strip(),
            "name": NAME_EN.get(iso2, name_un), "name_ar": NAME_AR.get(iso2, name_ar_un),
            "acled_region": acled, "ucdp_region": UCDP_REGION_EXCEPTIONS.get(iso2, ACLED_TO_UCDP[acled]),
            "gwno": gw.get(iso3, ""), "name_un": name_un, "name_ar_un": name_ar_un,
        })
    rows.sort(key=lambda r: r["iso2"])
    seen: set[str] = set()
    for row in rows:
        if row["iso2"] in seen:
            raise SystemExit(f"duplicate alpha-2 code {row['iso2']} in {source}")
        seen.add(row["iso2"])
    missing = sorted(set(gw) - {row["iso3"] for row in rows})
    if missing:
        raise SystemExit(f"Gleditsch-Ward entries with no country row: {', '.join(missing)}")
    return rows


HEADER = [
    "# rasid data: countries",
    f"# {VERSION_LINE}",
    f"# built by scripts/build_countries.py from: OCHA Countries & Territories Taxonomy (shared/{SOURCE_REL}, "
    "from hdx-python-country 4.2.5, MIT; OCHA's public C&T taxonomy with UNTERM and M49 names and codes); "
    "gwno from scripts/data/gleditsch_ward.tsv (Gleditsch & Ward's list of independent states and microstates, "
    "current entries, as in the R package states 0.3.3 by Andreas Beger, MIT, github.com/andybega/states "
    "commit b15448281b4bfc59d5bd24177174d04d906543a9, data/gwstates.rda)",
    "# licence: MIT (source taxonomy; states package data); rasid's derived columns CC BY 4.0",
    "# columns: iso2 = ISO 3166-1 alpha-2 (XK Kosovo is OCHA's user-assigned code); iso3 = alpha-3; "
    "m49 = UN M49 / ISO 3166-1 numeric code (empty for Kosovo); name = common English short name, "
    "ACLED's spelling where it differs from the UN short name (rasid list in the builder); "
    "name_ar = usual Arabic short form (rasid list in the builder), else the UNTERM Arabic short name "
    "(M49 Arabic where UNTERM has none); acled_region = ACLED region; ucdp_region = UCDP GED region; "
    "gwno = Gleditsch-Ward state code, as UCDP GED's country_id/gwnoa/gwnob (empty where GW lists no current state: "
    "territories, Palestine, Western Sahara, Vatican City; UCDP codes Gaza and the West Bank under Israel 666, and "
    "Serbia as 345, GW's code until 2006, where this column has GW's current 340); "
    "name_un, name_ar_un = the UN names as the source gives them",
    "# derived: acled_region from the M49 sub-region (intermediate region where given) with exceptions where "
    "ACLED groups a country otherwise (Iran: Middle East; Armenia, Azerbaijan, Georgia: Caucasus and Central Asia; "
    "Cyprus: Europe; Angola, Madagascar, Malawi, Mozambique, Zambia, Zimbabwe: Southern Africa; Antarctica); "
    "the exceptions were written from knowledge of ACLED's country lists, not checked against an ACLED file; "
    "ucdp_region from acled_region (Africa, Americas, Asia incl. Oceania and Central Asia, Europe incl. the "
    "Caucasus, Middle East incl. Egypt), following UCDP's Gleditsch-Ward code ranges",
]


def render(rows: list[dict[str, str]]) -> str:
    lines = list(HEADER)
    lines.append("\t".join(COLUMNS))
    lines.extend("\t".join(row[c] for c in COLUMNS) for row in rows)
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    repo = Path(__file__).resolve().parent.parent
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", default=str(repo.parent / "shared"), help="the shared folder (default: ../shared)")
    ap.add_argument("--out", default=str(repo / "src/rasid/data/countries.tsv"))
    args = ap.parse_args(argv)
    source = Path(args.shared) / SOURCE_REL
    if not source.exists():
        print(f"source not found: {source}", file=sys.stderr)
        return 2
    rows = build_rows(source)
    Path(args.out).write_text(render(rows), encoding="utf-8")
    print(f"wrote {len(rows)} countries to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
