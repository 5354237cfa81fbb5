"""Two later runs over the synthetic corpus that stress the incremental strike and control marts.

Run one adds reports the second run changes: an Idlib raid two days after the base corpus's one (a
separate event), two reports of a Sukkari raid plus one with no named attacker (one event), a
rebel-held village the gazetteer does not know, and an army-held Rashidin.

Run two then: reports an Idlib raid on the day between the two (one new mention joins two events);
re-reads the first Sukkari report, which now places the raid in Idlib the day after (same mention
id, new content: it leaves one event and joins another); reports the rebels' capture of Bani Zeid
(it closes the army's spell); re-reads the village report finding nothing (the place's claims
vanish); and re-reads the Rashidin report, which now names the rebels (same id, new controller).
Every text was written for these tests.
"""

from __future__ import annotations

import datetime as dt

import duckdb

from tests.dbt import synthetic_corpus as corpus
from tests.dbt.synthetic_corpus import REBELS, SAA, D, _article, _place

RUN_ONE = dt.datetime(2016, 12, 22, 12, 0)
RUN_TWO = dt.datetime(2016, 12, 23, 12, 0)
REREAD_VERSION = "1.2.0"
VILLAGE_KEY = "name:tal sheer"


def _idlib_raid_again() -> corpus.Article:
    a = _article(
        "idlib-raid-again",
        "north-desk.example",
        "2016-08-12",
        "Warplanes struck Idlib again on Thursday, the army said.",
    )
    a.mention(
        0, "strike", "air_strike", **SAA, **_place("pl_idlib"), event_date=D("2016-08-11"), trigger="struck"
    )
    return a


def _sukkari_raid(place: str = "pl_sukkari", day: str = "2016-08-20", version: str = corpus.VERSION):
    a = _article(
        "sukkari-raid",
        "city-desk.example",
        "2016-08-21",
        "Army jets bombed the market on Saturday, residents said.",
    )
    a.mention(
        0,
        "strike",
        "air_strike",
        version=version,
        **SAA,
        **_place(place),
        event_date=D(day),
        trigger="bombed",
    )
    return a


def _rashidin_frontline(actor: dict, version: str = corpus.VERSION) -> corpus.Article:
    a = _article(
        "rashidin-frontline",
        "front-report.example",
        "2016-08-16",
        "Troops held Rashidin through the night, the correspondent wrote.",
    )
    a.mention(
        0,
        "control",
        "held",
        version=version,
        **actor,
        **_place("pl_rashidin"),
        event_date=D("2016-08-15"),
        trigger="held",
    )
    return a


def _tal_sheer() -> corpus.Article:
    a = _article(
        "tal-sheer-held",
        "front-report.example",
        "2016-08-16",
        "Rebels held the village of Tal Sheer on Monday, the correspondent wrote.",
    )
    a.mention(
        0,
        "control",
        "held",
        **REBELS,
        place_name="Tal Sheer",
        event_date=D("2016-08-15"),
        trigger="held",
    )
    return a


def run_one_articles() -> list[corpus.Article]:
    report = _article(
        "sukkari-market-hit",
        "east-wire.example",
        "2016-08-21",
        "Government aircraft hit the Sukkari market on Saturday, a medic said.",
    )
    report.mention(0, "strike", "air_strike", **SAA, **_place("pl_sukkari"), event_date=D("2016-08-20"))
    unnamed = _article(
        "sukkari-blasts",
        "local-voice.example",
        "2016-08-22",
        "Strikes shook Sukkari on Saturday, witnesses said.",
    )
    unnamed.mention(
        0, "strike", "air_strike", **_place("pl_sukkari"), event_date=D("2016-08-20"), trigger="Strikes"
    )
    return [_idlib_raid_again(), _sukkari_raid(), report, unnamed, _tal_sheer(), _rashidin_frontline(SAA)]


def load_run_one(con: duckdb.DuckDBPyConnection) -> None:
    corpus.load_articles(con, run_one_articles(), RUN_ONE)


def load_run_two(con: duckdb.DuckDBPyConnection) -> None:
    bridge = _article(
        "idlib-raid-wednesday",
        "north-desk.example",
        "2016-08-11",
        "Jets pounded Idlib on Wednesday, the army said.",
    )
    bridge.mention(0, "strike", "air_strike", **SAA, **_place("pl_idlib"), event_date=D("2016-08-10"))
    capture = _article(
        "bani-zeid-retaken",
        "front-report.example",
        "2016-08-21",
        "Rebels captured Bani Zeid on Saturday after heavy fighting, the correspondent wrote.",
    )
    capture.mention(0, "control", "captured", **REBELS, **_place("pl_bani_zeid"), event_date=D("2016-08-20"))
    corpus.load_articles(con, [bridge, capture], RUN_TWO)
    moved = _sukkari_raid("pl_idlib", "2016-08-12", REREAD_VERSION).mentions
    turned = _rashidin_frontline(REBELS, REREAD_VERSION).mentions
    corpus.load_mentions(con, moved + turned, RUN_TWO)
    con.execute(
        "insert into raw.extraction_log (article_id, extractor, extractor_version, n_mentions, extracted_at) "
        "values (?, ?, ?, 0, ?)",
        [_tal_sheer().article_id, corpus.EXTRACTOR, REREAD_VERSION, RUN_TWO],
    )


def mention_ids() -> dict[str, str]:
    """The first mention id of each story article, by its URL's last part."""
    articles = [*run_one_articles(), *corpus.build_corpus()[0]]
    return {a.url.rsplit("/", 1)[1]: a.mentions[0].mention_id for a in articles if a.mentions}
