"""The README's example queries give, on the bundled demo corpus, the answers its author wrote down.

The warehouse is built once per session by `frontlines run --archive demo/corpus` (fetch, clean,
extract, load, dbt build). The SQL is read from README.md's "Example queries" section, so the docs
and these tests cannot drift apart; the expected answers are derived from demo/events.yaml (what
each page reports), with its place spellings resolved through the gazetteer (marts.dim_place).

Where the demo warehouse cannot give the events.yaml answer because the extractor misreads a
sentence (not because of the marts), the case is marked a strict xfail of its assertion (any other
error still fails), with the sentence and the reason: it fails loudly, asking to drop the marker,
once the extractor gets it right.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest
import yaml

from orchestration.cli import main as frontlines

pytestmark = pytest.mark.slow
REPO_ROOT = Path(__file__).resolve().parents[2]
README = REPO_ROOT / "README.md"
DEMO_CORPUS = REPO_ROOT / "demo" / "corpus"
EVENTS_YAML = REPO_ROOT / "demo" / "events.yaml"
COUNTED = {"asserted", "claimed"}  # hypothetical, planned and denied events are not events
ONE_DAY = dt.timedelta(days=1)


# --- demo/events.yaml ---------------------------------------------------------------------------


@dataclass(frozen=True)
class DemoEvent:
    """One line of demo/events.yaml: `family/type | side | place as spelled | date | modality | note`."""

    page: str
    family: str
    event_type: str
    side: str
    place: str
    date_from: dt.date | None
    date_to: dt.date | None
    modality: str
    note: str

    @property
    def key(self) -> str:
        return f"{self.page}:{self.family}/{self.event_type}@{self.place}"


def _event(page: str, line: str) -> DemoEvent:
    kind, side, place, day, modality, *note = (part.strip() for part in line.split("|"))
    family, event_type = kind.split("/")
    first, _, last = day.partition("..")
    date_from = dt.date.fromisoformat(first) if first != "-" else None
    date_to = dt.date.fromisoformat(last) if last else date_from
    return DemoEvent(page, family, event_type, side, place, date_from, date_to, modality, " | ".join(note))


def demo_events() -> list[DemoEvent]:
    pages = yaml.safe_load(EVENTS_YAML.read_text(encoding="utf-8"))["pages"]
    return [_event(page, line) for page, lines in pages.items() for line in lines]


EVENTS = demo_events()


def fold(name: str) -> str:
    """A name folded as dbt's `normalize_name` macro folds it (dim_place.name_keys)."""
    text = unicodedata.normalize("NFKD", name.strip().lower())
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"^(al|el|ad|ar|as|ash|at|az)[- ]", "", text)
    return re.sub(r"[^a-z0-9]+", " ", text)


def week_start(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


# --- README.md ----------------------------------------------------------------------------------


def readme_queries() -> dict[str, str]:
    """The statements of README.md's "Example queries" section, keyed by the comment that opens each."""
    text = README.read_text(encoding="utf-8")
    section = re.search(r"^## Example queries\n(.*?)(?=^## )", text, flags=re.S | re.M)
    assert section, "README.md has no '## Example queries' section"
    queries = {}
    for block in re.findall(r"```sql\n(.*?)```", section.group(1), flags=re.S):
        for statement in filter(str.strip, re.split(r";[ \t]*(?:\n|$)", block)):
            question = re.match(r"\s*--\s*(.+)", statement)
            assert question, f"a README example query opens without a '-- question' comment:\n{statement}"
            queries[question.group(1).strip()] = statement
    return queries


QUESTIONS = {
    "who_held": r"who held (?P<place>.+) on (?P<day>\d{4}-\d{2}-\d{2})\?",
    "strikes_per_week": r"strikes per week by attacking side in (?P<governorate>\w+) governorate",
    "corridor_claims": r"corridor claims of (?P<month>\w+ \d{4}), and who disputed them",
    "car_bomb_actors": r"the actors behind car bombs in (?P<year>\d{4}), under all their names",
}


def readme_query(name: str) -> tuple[str, dict[str, str]]:
    """The README's SQL for one of the four questions, and the question's parameters."""
    for question, sql in readme_queries().items():
        if found := re.fullmatch(QUESTIONS[name], question):
            return sql, found.groupdict()
    pytest.fail(f"README.md's example queries lack the question {QUESTIONS[name]!r}")


# --- the warehouse ------------------------------------------------------------------------------


@dataclass
class DemoWarehouse:
    path: Path

    def rows(self, sql: str, params: list | None = None) -> list[dict]:
        with duckdb.connect(str(self.path), read_only=True) as con:
            cur = con.execute(sql, params or [])
            cols = [d[0] for d in cur.description]
            return [dict(zip(cols, row, strict=True)) for row in cur.fetchall()]

    def place_ids(self, spelled: str) -> set[str]:
        """Gazetteer places a spelling names: any of their names folded equal, else the places whose
        name is the spelling's head ("Ramouseh road" lies in Ramouseh)."""
        key = fold(spelled)
        found = self.rows("select place_id from marts.dim_place where list_contains(name_keys, ?)", [key])
        if not found:
            found = self.rows(
                "select place_id from marts.dim_place, unnest(name_keys) as k(name_key) "
                "where ? like k.name_key || ' %'",
                [key],
            )
        return {r["place_id"] for r in found}

    def governorates(self, place_ids: set[str]) -> set[str]:
        rows = self.rows(
            "select distinct governorate from marts.dim_place where list_contains(?, place_id)",
            [sorted(place_ids)],
        )
        return {r["governorate"] for r in rows}


@pytest.fixture(scope="session")
def demo_warehouse(tmp_path_factory, dbt_manifest, dagster_home) -> DemoWarehouse:
    """`frontlines run` on the demo corpus into a temporary warehouse, once per session."""
    path = tmp_path_factory.mktemp("demo") / "frontlines.duckdb"
    assert frontlines(["run", "--archive", str(DEMO_CORPUS), "--warehouse", str(path)]) == 0
    return DemoWarehouse(path)


def test_the_readme_asks_exactly_the_four_questions():
    asked = list(readme_queries())
    assert len(asked) == len(QUESTIONS), asked
    for name, pattern in QUESTIONS.items():
        assert sum(bool(re.fullmatch(pattern, q)) for q in asked) == 1, (name, asked)


# --- who held Ramouseh on 2016-08-10 ------------------------------------------------------------


def test_who_held_ramouseh_is_the_side_events_yaml_reports(demo_warehouse):
    """The latest control report about the place on or before the day names the holder; the spell
    opens on a day the demo reports that side taking it and closes on a day it reports another side
    taking it back."""
    sql, asked = readme_query("who_held")
    day = dt.date.fromisoformat(asked["day"])
    place = demo_warehouse.place_ids(asked["place"])
    assert len(place) == 1, f"{asked['place']!r} should name one gazetteer place, names {place}"
    reports = [
        e
        for e in EVENTS
        if e.family == "control"
        and e.event_type in {"held", "captured"}
        and e.modality in COUNTED
        and demo_warehouse.place_ids(e.place) == place
    ]
    latest = max(e.date_from for e in reports if e.date_from <= day)
    [holder] = {e.side for e in reports if e.date_from == latest}
    taken_by_holder = {e.date_from for e in reports if e.event_type == "captured" and e.side == holder}
    retaken = sorted(
        e.date_from for e in reports if e.event_type == "captured" and e.side != holder and e.date_from > day
    )

    rows = demo_warehouse.rows(sql)
    assert len(rows) == 1, rows
    [spell] = rows
    assert spell["controller_side"] == holder
    assert spell["valid_from"] <= day < spell["valid_to"]
    assert spell["valid_from"] in taken_by_holder, (spell["valid_from"], sorted(taken_by_holder))
    assert spell["valid_to"] in retaken, (spell["valid_to"], retaken)


# --- strikes per week by side in Aleppo governorate ---------------------------------------------


def strike_weeks() -> dict[tuple[dt.date, str], list[DemoEvent]]:
    weeks = defaultdict(list)
    for e in EVENTS:
        if e.family == "strike" and e.modality in COUNTED and e.date_from:
            weeks[(week_start(e.date_from), e.side)].append(e)
    return weeks


@pytest.mark.parametrize(
    ("week", "side"),
    [pytest.param(*key) for key in sorted(strike_weeks())],
    ids=lambda value: str(value),
)
def test_strikes_per_week_count_every_strike_events_yaml_reports(demo_warehouse, week, side):
    """Each week and side of a strike the demo reports in the governorate is a row counting at least
    the distinct strikes reported (reports of one strike at one place and day count once)."""
    sql, asked = readme_query("strikes_per_week")
    distinct = set()
    for e in strike_weeks()[(week, side)]:
        # a spot the gazetteer lacks (the M10 hospital) is taken to lie where the corpus is set: the
        # demo tells the Aleppo campaign; a place it knows counts only inside the governorate
        places = demo_warehouse.place_ids(e.place)
        if not places or asked["governorate"] in demo_warehouse.governorates(places):
            distinct.add((e.event_type, frozenset(places) or fold(e.place), e.date_from))
    assert distinct, f"no strike of {week} by {side} lies in {asked['governorate']} governorate"
    rows = {(r["week_start"], r["actor_side"]): r for r in demo_warehouse.rows(sql)}
    assert (week, side) in rows, sorted(rows)
    assert rows[(week, side)]["strikes"] >= len(distinct)


def test_strikes_per_week_stay_inside_the_governorate(demo_warehouse):
    """The weekly counts add up to the strikes whose place lies in the governorate, and no more."""
    sql, asked = readme_query("strikes_per_week")
    rows = demo_warehouse.rows(sql)
    [inside] = demo_warehouse.rows(
        "select count(*) as n from marts.fct_strikes as s inner join marts.dim_place as p "
        "on s.place_id = p.place_id where p.governorate = ?",
        [asked["governorate"]],
    )
    [everywhere] = demo_warehouse.rows("select count(*) as n from marts.fct_strikes")
    assert sum(r["strikes"] for r in rows) == inside["n"] < everywhere["n"]
    assert all(r["week_start"].weekday() == 0 for r in rows)


# --- corridor claims of July 2016 and who disputed them -----------------------------------------


def july_claims() -> list[DemoEvent]:
    return [
        e
        for e in EVENTS
        if e.family == "corridor" and e.modality in COUNTED and e.date_from and e.date_from.month == 7
    ]


XFAIL_CORRIDORS: dict[str, str] = {}


def _corridor_param(e: DemoEvent):
    number = re.match(r"(\d[\d,]*)", e.note)
    for key, reason in XFAIL_CORRIDORS.items():
        page, _, figure = key.partition("@")
        if e.page == page and (not figure or (number and number.group(1) == figure)):
            return pytest.param(
                e,
                marks=pytest.mark.xfail(strict=True, raises=AssertionError, reason=reason),
                id=f"{e.key}:{e.note}",
            )
    return pytest.param(e, id=f"{e.key}:{e.note}")


@pytest.mark.parametrize("claim", [_corridor_param(e) for e in july_claims()])
def test_corridor_claims_of_july_hold_every_claim_events_yaml_reports(demo_warehouse, claim):
    """Each corridor claim of the month in the demo is a row: same claim type and corridor, its day
    within a day of the reported days, the number of people it gives inside the row's range, and,
    when the demo says it was disputed, flagged as disputed by the named party."""
    sql, asked = readme_query("corridor_claims")
    month = dt.datetime.strptime(asked["month"], "%B %Y").date()
    assert (claim.date_from.year, claim.date_from.month) == (month.year, month.month)
    rows = demo_warehouse.rows(sql)
    assert all((r["claim_date"].year, r["claim_date"].month) == (month.year, month.month) for r in rows)
    corridor = demo_warehouse.place_ids(claim.place)
    candidates = [
        r
        for r in rows
        if r["claim_type"] == claim.event_type
        and claim.date_from - ONE_DAY <= r["claim_date"] <= claim.date_to + ONE_DAY
        and (
            demo_warehouse.place_ids(r["corridor_name"]) & corridor
            or fold(r["corridor_name"]) == fold(claim.place)
        )
    ]
    assert candidates, f"no {claim.event_type} claim for {claim.place} around {claim.date_from} in {rows}"
    if number := re.match(r"(\d[\d,]*) (civilians|people)", claim.note):
        people = int(number.group(1).replace(",", ""))
        candidates = [r for r in candidates if (r["people_low"] or 0) <= people <= (r["people_high"] or 0)]
        assert candidates, f"no row gives {people} people"
    if disputed := re.search(r"disputed by (\w+)", claim.note):
        disputer = demo_warehouse.rows(
            "select a.canonical_name from marts.dim_actor_name as n inner join marts.dim_actor as a "
            "on n.actor_id = a.actor_id where n.name = ?",
            [disputed.group(1)],
        )
        names = {disputed.group(1)} | {r["canonical_name"] for r in disputer}
        assert any(r["disputed"] and any(n in (r["disputed_by"] or "") for n in names) for r in candidates), (
            f"not disputed by {names}: {candidates}"
        )


# --- the actors behind car bombs in 2016, under all their names ----------------------------------


def car_bombs(warehouse: DemoWarehouse, year: int) -> dict[str, set]:
    """The distinct car bombs of the year in the demo by attacking side (one per place and day,
    however many outlets report it)."""
    bombs = defaultdict(set)
    for e in EVENTS:
        if e.event_type == "car_bomb" and e.modality in COUNTED and e.date_from and e.date_from.year == year:
            bombs[e.side].add((frozenset(warehouse.place_ids(e.place)), e.date_from))
    return bombs


def test_car_bomb_actors_are_the_sides_events_yaml_reports(demo_warehouse):
    sql, asked = readme_query("car_bomb_actors")
    expected = car_bombs(demo_warehouse, int(asked["year"]))
    assert {r["side"] for r in demo_warehouse.rows(sql)} == set(expected)


def test_car_bomb_actors_count_each_bomb_once_under_every_dated_name(demo_warehouse):
    """Each side's actor has as many car bombs as the demo reports distinct ones (Rashidin and
    al-Rashideen on one day are one bomb), and its names come with the days they were used."""
    sql, asked = readme_query("car_bomb_actors")
    expected = car_bombs(demo_warehouse, int(asked["year"]))
    rows = demo_warehouse.rows(sql)
    for side, bombs in expected.items():
        [row] = [r for r in rows if r["side"] == side]
        assert row["car_bombs"] == len(bombs), (row, sorted(bombs))
        names = row["all_names"].split("; ")
        assert any(" to 2" in n and n.endswith(")") for n in names), names  # a name that went out of use
        assert any(re.search(r"\(\d{4}-\d\d-\d\d to \)", n) for n in names), names  # and its successor
        for reported in row["names_in_reports"].split("; "):
            assert any(n == reported or n.startswith(f"{reported} (") for n in names), (reported, names)
