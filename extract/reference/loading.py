"""Read the reference data files into records, with errors that name the file and the entry."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import yaml

from extract.models import EVENT_TYPES, SIDES
from extract.reference.model import Actor, ActorName, EventTypeInfo, Place

DATA_DIR = Path(__file__).resolve().parent / "data"
NAME_TYPES = {"official", "alias", "abbreviation", "translation", "transliteration", "adjective", "generic"}


class ReferenceDataError(ValueError):
    """A reference data file that breaks its format; the message names the file and entry."""


def _date(value: object, where: str) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError as exc:
        raise ReferenceDataError(f"{where}: '{value}' is not a date (YYYY-MM-DD)") from exc


def load_actors(path: Path) -> tuple[list[Actor], list[ActorName]]:
    entries = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    actors: list[Actor] = []
    names: list[ActorName] = []
    ids = set()
    for n, e in enumerate(entries, 1):
        where = f"{path.name} entry {e.get('id', n)!r}"
        for key in ("id", "name", "side", "kind", "names"):
            if key not in e:
                raise ReferenceDataError(f"{where}: missing '{key}'")
        if e["side"] not in SIDES:
            raise ReferenceDataError(f"{where}: side '{e['side']}' is not one of {SIDES}")
        if e["id"] in ids:
            raise ReferenceDataError(f"{where}: duplicate id")
        ids.add(e["id"])
        actors.append(
            Actor(
                e["id"],
                e["name"],
                e["side"],
                e["kind"],
                e.get("parent"),
                e.get("country"),
                e.get("description"),
            )
        )
        for item in e["names"]:
            if item.get("type") not in NAME_TYPES:
                raise ReferenceDataError(f"{where}: name {item.get('name')!r} has type {item.get('type')!r}")
            names.append(
                ActorName(
                    e["id"],
                    str(item["name"]),
                    item["type"],
                    _date(item.get("valid_from"), where),
                    _date(item.get("valid_to"), where),
                    item.get("context"),
                )
            )
    for a in actors:
        if a.parent_id and a.parent_id not in ids:
            raise ReferenceDataError(f"{path.name} entry {a.actor_id!r}: parent '{a.parent_id}' is no actor")
    return actors, names


def load_places(places_path: Path, names_path: Path) -> tuple[list[Place], list[tuple[str, str]]]:
    places = []
    with places_path.open(encoding="utf-8", newline="") as fh:
        for n, row in enumerate(csv.DictReader(fh), 2):
            try:
                places.append(
                    Place(
                        row["place_id"],
                        row["name"],
                        row["feature_type"],
                        row["precision"],
                        float(row["latitude"]),
                        float(row["longitude"]),
                        row["admin1"] or None,
                        row["country_code"],
                        row["parent_place_id"] or None,
                        row["source"],
                        int(row["geonames_id"]) if row["geonames_id"] else None,
                        int(row["population"] or 0),
                    )
                )
            except (KeyError, ValueError) as exc:
                raise ReferenceDataError(
                    f"{places_path.name}:{n}: bad row ({exc}); rebuild it with scripts/build_reference.py"
                ) from exc
    with names_path.open(encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh)
        next(reader, None)
        names = [(r[0], r[1]) for r in reader if len(r) == 2]
    return places, names


def load_taxonomy(path: Path) -> list[EventTypeInfo]:
    entries = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    out = []
    known = {t: fam for fam, types in EVENT_TYPES.items() for t in types}
    for e in entries:
        t = e.get("event_type")
        if known.get(t) != e.get("family"):
            raise ReferenceDataError(f"{path.name}: event type {t!r} is not in family {e.get('family')!r}")
        out.append(
            EventTypeInfo(
                t,
                e["family"],
                e["coarse_class"],
                e.get("description", ""),
                e.get("acled_event_type"),
                e.get("acled_sub_event_type"),
                e.get("plover_event_type"),
                e.get("plover_mode"),
                str(e["cameo_code"]) if e.get("cameo_code") is not None else None,
            )
        )
    missing = set(known) - {e.event_type for e in out}
    if missing:
        raise ReferenceDataError(f"{path.name}: no entry for event types {sorted(missing)}")
    return out
