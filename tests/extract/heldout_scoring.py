"""The event matching of ../shared/eval/score.py (README "How matching works"), for rows held in memory.

The held-out test scores the extractor without a warehouse; test_heldout_styles.py checks that these
figures equal score.py's own on the same rows whenever ../shared is present.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from collections import defaultdict

FAMILIES = ("strike", "control", "corridor")
SCORED = {"asserted", "claimed", "denied"}
COARSE = {
    "air_strike": "air",
    "drone_strike": "air",
    "missile_strike": "air",
    "shelling": "indirect",
    "car_bomb": "explosive",
    "suicide_bombing": "explosive",
    "ied": "explosive",
    "ground_assault": "ground",
    "armed_clash": "ground",
    "held": "held",
    "captured": "captured",
    "besieged": "besieged",
    "supply_route_cut": "besieged",
    "contested": "contested",
    "withdrawn": "captured",
    "announced": "announced",
    "opened": "announced",
    "used": "used",
    "closed": "closed",
    "blocked": "closed",
}


def norm(value) -> str:
    if value is None:
        return ""
    text = unicodedata.normalize("NFKD", str(value))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = re.sub(r"[\u2018\u2019'`\-_.]", " ", text)
    text = re.sub(r"^(al|el|the)\s+", "", text.strip())
    return re.sub(r"\s+", " ", text).strip()


def _day(value) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def _km(lat1, lon1, lat2, lon2) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(a))


def _place_ok(gold: dict, row: dict) -> bool:
    place = gold.get("place") or {}
    if place.get("names") and norm(row.get("place_name")) in {norm(n) for n in place["names"]}:
        return True
    vals = (place.get("lat"), place.get("lon"), row.get("latitude"), row.get("longitude"))
    return None not in vals and _km(*map(float, vals)) <= float(place.get("radius_km", 5))


def _date_ok(gold: dict, row: dict) -> bool:
    lo = _day(gold.get("date_from") or gold.get("date"))
    hi = _day(gold.get("date_to") or gold.get("date"))
    if lo is None:
        return True
    day = _day(row.get("event_date"))
    one = dt.timedelta(days=1)
    return day is not None and lo - one <= day <= hi + one


def _type_ok(gold: dict, row: dict) -> bool:
    accepted = gold.get("types") or [gold.get("type")]
    return row.get("event_type") in accepted or COARSE.get(row.get("event_type")) in {
        COARSE.get(t, t) for t in accepted
    }


def _party_ok(spec, name, side):
    if not spec:
        return None
    return norm(name) in {norm(n) for n in spec.get("names", [])} or (
        bool(spec.get("sides")) and side in spec["sides"]
    )


def _people_ok(gold: dict, row: dict):
    if gold.get("people_low") is None:
        return None
    lo, hi = row.get("people_low"), row.get("people_high")
    if lo is None and hi is None:
        return False
    lo = lo if lo is not None else hi
    hi = hi if hi is not None else lo
    return not (hi < gold["people_low"] or lo > gold.get("people_high", gold["people_low"]))


def _groups(rows: list[dict]) -> list[list[dict]]:
    groups: dict[tuple, list[dict]] = defaultdict(list)
    for row in rows:
        if row.get("family") not in FAMILIES or row.get("modality") not in SCORED:
            continue
        lat, lon = row.get("latitude"), row.get("longitude")
        where = (
            (round(float(lat), 2), round(float(lon), 2))
            if None not in (lat, lon)
            else norm(row.get("place_name"))
        )
        key = (row["family"], COARSE.get(row.get("event_type")), where, str(_day(row.get("event_date"))))
        groups[key].append(row)
    return list(groups.values())


def score(gold_articles: list[dict], rows_by_url: dict[str, list[dict]]) -> dict:
    """{'families': {fam: {tp, fp, fn, f1}}, 'overall': {...}, 'fields': {'strike.actor': [right, wrong]}}."""
    tally = {f: {"tp": 0, "fp": 0, "fn": 0} for f in FAMILIES}
    fields: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for article in gold_articles:
        groups = _groups(rows_by_url.get(article["url"], []))
        used: set[int] = set()
        by_radius = sorted(article["events"], key=lambda g: float((g.get("place") or {}).get("radius_km", 5)))
        for gold in by_radius:
            best = None
            for n, group in enumerate(groups):
                if n in used:
                    continue
                row = next(
                    (
                        r
                        for r in group
                        if r["family"] == gold["family"]
                        and _type_ok(gold, r)
                        and _place_ok(gold, r)
                        and _date_ok(gold, r)
                    ),
                    None,
                )
                if row is not None:
                    best = (n, row)
                    break
            if best is None:
                if not gold.get("optional"):
                    tally[gold["family"]]["fn"] += 1
                continue
            used.add(best[0])
            if gold.get("optional"):
                continue
            row, fam = best[1], gold["family"]
            tally[fam]["tp"] += 1
            checks = {
                "actor": _party_ok(gold.get("actor"), row.get("actor_name"), row.get("actor_side")),
                "target": _party_ok(gold.get("target"), row.get("target_name"), row.get("target_side")),
                "claimant": norm(row.get("claimant")) in {norm(c) for c in gold["claimants"]}
                if gold.get("claimants")
                else None,
                "disputed": (bool(row.get("disputed")) == bool(gold["disputed"]))
                if "disputed" in gold
                else None,
                "people": _people_ok(gold, row),
            }
            for name, ok in checks.items():
                if ok is not None:
                    fields[f"{fam}.{name}"][0 if ok else 1] += 1
        for n, group in enumerate(groups):
            if n not in used:
                tally[group[0]["family"]]["fp"] += 1
    out = {"families": {}, "fields": dict(fields)}
    total = {k: sum(t[k] for t in tally.values()) for k in ("tp", "fp", "fn")}
    for fam, t in [*tally.items(), ("overall", total)]:
        p = t["tp"] / (t["tp"] + t["fp"]) if t["tp"] + t["fp"] else 0.0
        r = t["tp"] / (t["tp"] + t["fn"]) if t["tp"] + t["fn"] else 0.0
        entry = {**t, "f1": round(2 * p * r / (p + r), 3) if p + r else 0.0}
        if fam == "overall":
            out["overall"] = entry
        else:
            out["families"][fam] = entry
    return out
