"""Two later runs over the synthetic corpus that stress the incremental strike and control marts.

Run one adds reports the second run changes: an Idlib raid two days after the base corpus's one (a
separate event), two reports of a Sukkari raid plus one with no named attacker (one event), a
rebel-held village the gazetteer does not know, and an army-held Rashidin.

Run two then: reports an Idlib raid on the day between the two, and re-reads the first Sukkari
report, which now places the raid in Idlib on that day too (same mention id, new content: it leaves
one event). That day, with two reports, becomes the consensus day the single reports either side
join: two events become one; reports the rebels' capture of Bani Zeid
(it closes the army's spell); re-reads the village report finding nothing (the place's claims
vanish); and re-reads the Rashidin report, which now names the rebels (same id, new controller).
Corridor claims about Aleppo's corridor meet the base corpus's claims of 30 July across runs: run
one adds a state-media count (it disputes the monitor's "nobody") and a rebel spokesman's handful
(it disputes the ministry's 169), and a monitor's count at a crossing of its own; run two reports a
rebel denial the day before (it disputes every affirmation of the 30th), re-reads the spokesman's
claim as 150 to 200 people (same mention id: it now corroborates the 169, whose own row did not
change), re-reads the crossing's report finding nothing (its claim vanishes), and adds an article
in which the monitor disputes the ministry (the extractor's own link).
Every text was written for these tests.
"""

from __future__ import annotations

import datetime as dt

import duckdb

from extract.models import MentionLink
from tests.dbt import synthetic_corpus as corpus
from tests.dbt.synthetic_corpus import REBELS, SAA, D, _article, _place

RUN_ONE = dt.datetime(2016, 12, 22, 12, 0)
RUN_TWO = dt.datetime(2016, 12, 23, 12, 0)
REREAD_VERSION = "1.2.0"
VILLAGE_KEY = "name:tal sheer"
CROSSING_KEY = "name:bustan al qasr crossing"
REBEL_SPOKESMAN = {"claimant": "a rebel spokesman", "claimant_side": "opposition"}


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


def _corridor_article(key: str, published: str, sentence: str, **claim) -> corpus.Article:
    """An article whose one sentence is one corridor claim ("used", out of the corridor)."""
    a = _article(key, "corridor-desk.example", published, sentence)
    a.mention(
        0,
        "corridor",
        "used",
        **{"modality": "claimed", "population": "civilians", "direction": "out", **claim},
    )
    return a


def _rebel_count(low: int, high: int, version: str = corpus.VERSION) -> corpus.Article:
    return _corridor_article(
        "rebel-corridor-count",
        "2016-08-01",
        "A rebel spokesman said few people had crossed the Aleppo corridor on Sunday.",
        version=version,
        **REBEL_SPOKESMAN,
        **_place("pl_aleppo"),
        event_date=D("2016-07-31"),
        people_low=low,
        people_high=high,
        quantity_raw="few people",
        trigger="crossed",
    )


def _crossing_count() -> corpus.Article:
    return _corridor_article(
        "crossing-count",
        "2016-08-06",
        "The monitor said 40 people used the Bustan al-Qasr crossing on Friday.",
        **corpus.SOHR,
        place_name="Bustan al-Qasr crossing",
        event_date=D("2016-08-05"),
        people_low=40,
        people_high=40,
        quantity_raw="40 people",
        trigger="used",
    )


def run_one_corridor_articles() -> list[corpus.Article]:
    state_count = _corridor_article(
        "state-corridor-count",
        "2016-08-01",
        "State media said 300 civilians left eastern Aleppo through the corridors on Sunday.",
        **corpus.STATE_MEDIA,
        **_place("pl_aleppo"),
        event_date=D("2016-07-31"),
        people_low=300,
        people_high=300,
        quantity_raw="300 civilians",
        trigger="left",
    )
    return [state_count, _rebel_count(0, 10), _crossing_count()]


def run_two_corridor_articles() -> tuple[list[corpus.Article], list[MentionLink]]:
    denial = _corridor_article(
        "rebels-deny-crossings",
        "2016-07-30",
        "Rebels denied that anyone had left through the Aleppo corridor on Friday.",
        modality="denied",
        claimant="rebel commanders",
        claimant_side="opposition",
        **_place("pl_aleppo"),
        event_date=D("2016-07-29"),
        trigger="denied",
    )
    two_voices = _article(
        "road-two-voices",
        "corridor-desk.example",
        "2016-08-09",
        "The ministry said 500 people crossed the Ramouseh road on Monday.",
        "The monitor said nobody crossed.",
    )
    ministry = two_voices.mention(
        0,
        "corridor",
        "used",
        modality="claimed",
        claimant="the ministry",
        claimant_side="pro_government",
        place_name="Ramouseh road",
        event_date=D("2016-08-08"),
        people_low=500,
        people_high=500,
        trigger="crossed",
    )
    monitor = two_voices.mention(
        1,
        "corridor",
        "used",
        modality="claimed",
        **corpus.SOHR,
        place_name="Ramouseh road",
        event_date=D("2016-08-08"),
        people_low=0,
        people_high=0,
        trigger="nobody",
    )
    link = MentionLink(
        monitor.mention_id, ministry.mention_id, "disputes", corpus.EXTRACTOR, corpus.VERSION,
        evidence=two_voices.sentences[1],
    )  # fmt: skip
    return [denial, two_voices], [link]


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
    return [
        _idlib_raid_again(),
        _sukkari_raid(),
        report,
        unnamed,
        _tal_sheer(),
        _rashidin_frontline(SAA),
        *run_one_corridor_articles(),
    ]


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
    corridor_articles, corridor_links = run_two_corridor_articles()
    corpus.load_articles(con, [bridge, capture, *corridor_articles], RUN_TWO)
    corpus.load_links(con, corridor_links)
    moved = _sukkari_raid("pl_idlib", "2016-08-10", REREAD_VERSION).mentions
    turned = _rashidin_frontline(REBELS, REREAD_VERSION).mentions
    recounted = _rebel_count(150, 200, REREAD_VERSION).mentions
    corpus.load_mentions(con, moved + turned + recounted, RUN_TWO)
    for emptied in (_tal_sheer(), _crossing_count()):
        con.execute(
            "insert into raw.extraction_log (article_id, extractor, extractor_version, n_mentions, "
            "extracted_at) values (?, ?, ?, 0, ?)",
            [emptied.article_id, corpus.EXTRACTOR, REREAD_VERSION, RUN_TWO],
        )


def mention_ids() -> dict[str, str]:
    """The first mention id of each story article, by its URL's last part."""
    articles = [*run_one_articles(), *run_two_corridor_articles()[0], *corpus.build_corpus()[0]]
    return {a.url.rsplit("/", 1)[1]: a.mentions[0].mention_id for a in articles if a.mentions}
