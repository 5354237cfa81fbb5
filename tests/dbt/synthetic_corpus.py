"""A small synthetic corpus written for the mart tests: reference rows plus articles and mentions.

Every text here was written for this project. The stories exercise what the marts must get right:
one strike reported by three outlets (one a wire copy) plus a report with no named attacker,
Ramouseh changing hands twice with a same-day contradicting party claim, a hypothetical capture
that must not become a spell, a withdrawal, a contested place, disputed corridor head counts,
an article that is not an article, and an article re-read by a newer extractor version.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from extract.models import Mention, MentionLink, stable_id

REPO_ROOT = Path(__file__).resolve().parents[2]
SCHEMA_SQL = REPO_ROOT / "warehouse" / "schema.sql"
EXTRACTOR = "rules"
VERSION = "1.0.0"
OLD_VERSION = "0.9.0"
D = dt.date.fromisoformat

# ref.* as the reference-data loader creates it (columns as agreed in the dbt brief)
REF_DDL = """
create table if not exists ref.actors (actor_id varchar primary key, canonical_name varchar not null,
    side varchar not null, kind varchar, parent_id varchar, country varchar, description varchar);
create table if not exists ref.actor_names (actor_id varchar not null, name varchar not null,
    name_type varchar, valid_from date, valid_to date);
create table if not exists ref.places (place_id varchar primary key, name varchar not null,
    feature_type varchar, precision varchar, latitude double, longitude double, admin1 varchar,
    country_code varchar, parent_place_id varchar, source varchar, geonames_id bigint);
create table if not exists ref.place_names (place_id varchar not null, name varchar not null);
create table if not exists ref.event_types (event_type varchar primary key, family varchar not null,
    coarse_class varchar not null, description varchar, acled_event_type varchar,
    acled_sub_event_type varchar, plover_event_type varchar, plover_mode varchar, cameo_code varchar);
"""

ACTORS = [
    ("act_saa", "Syrian Arab Army", "pro_government", "state_force", None, "SY", "Syria's army."),
    ("act_russia", "Russian Armed Forces", "pro_government", "state_force", None, "RU", "Russia's forces."),
    ("act_jfs", "Jabhat Fateh al-Sham", "jihadist", "armed_group", None, "SY", "Al-Nusra, renamed."),
    ("act_jaish_fatah", "Jaish al-Fatah", "opposition", "coalition", None, "SY", "A rebel coalition."),
    ("act_rebels", "Syrian rebels", "opposition", "generic", None, "SY", "Rebels, unnamed."),
    ("act_sohr", "Syrian Observatory for Human Rights", "unknown", "monitor", None, "GB", "A monitor."),
]
ACTOR_NAMES = [
    ("act_jfs", "Jabhat al-Nusra", "former", None, D("2016-07-28")),
    ("act_jfs", "al-Nusra Front", "former", None, D("2016-07-28")),
    ("act_jfs", "Jabhat Fateh al-Sham", "canonical", D("2016-07-28"), None),
    ("act_jfs", "JFS", "abbreviation", D("2016-07-28"), None),
    ("act_saa", "Syrian Arab Army", "canonical", None, None),
    ("act_saa", "SAA", "abbreviation", None, None),
    ("act_russia", "Russian Armed Forces", "canonical", None, None),
]
# shaped like the reference loader's rows: curated provinces (feature type admin1, no code),
# GeoNames cities with an admin1 code, neighbourhoods whose parent is their city
PLACES = [
    ("pl_prov_aleppo", "Aleppo province", "admin1", "region", 36.25, 37.6, None, "SY", None, "curated", None),
    ("pl_prov_idlib", "Idlib province", "admin1", "region", 35.8, 36.6, None, "SY", None, "curated", None),
    (
        "pl_aleppo",
        "Aleppo",
        "city",
        "city",
        36.2021,
        37.1343,
        "SY.09",
        "SY",
        "pl_prov_aleppo",
        "geonames",
        170063,
    ),
    (
        "pl_east_aleppo",
        "Eastern Aleppo",
        "city_part",
        "neighbourhood",
        36.205,
        37.18,
        None,
        "SY",
        "pl_aleppo",
        "curated",
        None,
    ),
    (
        "pl_ramouseh",
        "Ramouseh",
        "neighbourhood",
        "neighbourhood",
        36.155,
        37.13,
        "SY.09",
        "SY",
        "pl_aleppo",
        "curated",
        None,
    ),
    (
        "pl_rashidin",
        "Rashidin",
        "neighbourhood",
        "neighbourhood",
        36.19,
        37.09,
        "SY.09",
        "SY",
        "pl_aleppo",
        "curated",
        None,
    ),
    (
        "pl_sukkari",
        "Sukkari",
        "neighbourhood",
        "neighbourhood",
        36.18,
        37.16,
        "SY.09",
        "SY",
        "pl_aleppo",
        "curated",
        None,
    ),
    (
        "pl_bani_zeid",
        "Bani Zeid",
        "neighbourhood",
        "neighbourhood",
        36.236,
        37.135,
        "SY.09",
        "SY",
        "pl_aleppo",
        "curated",
        None,
    ),
    (
        "pl_castello",
        "Castello Road",
        "road",
        "road",
        36.25,
        37.14,
        None,
        "SY",
        "pl_prov_aleppo",
        "curated",
        None,
    ),
    (
        "pl_1070",
        "1070 housing project",
        "site",
        "site",
        36.16,
        37.10,
        None,
        "SY",
        "pl_aleppo",
        "curated",
        None,
    ),
    (
        "pl_idlib",
        "Idlib",
        "city",
        "city",
        35.9306,
        36.6339,
        "SY.08",
        "SY",
        "pl_prov_idlib",
        "geonames",
        169388,
    ),
]
PLACE_NAMES = [
    ("pl_ramouseh", "Ramousah"),
    ("pl_ramouseh", "al-Ramousah"),
    ("pl_ramouseh", "Ramussa"),
    ("pl_rashidin", "al-Rashideen"),
    ("pl_rashidin", "Rashideen"),
    ("pl_bani_zeid", "Bani Zaid"),
    ("pl_castello", "Castillo Road"),
    ("pl_aleppo", "Halab"),
]
_STRIKE_ACLED = "Explosions/Remote violence"
EVENT_TYPES = [
    ("air_strike", "strike", "air", "Air/drone strike", "ASSAULT", "aerial"),
    ("drone_strike", "strike", "air", "Air/drone strike", "ASSAULT", "aerial"),
    ("missile_strike", "strike", "air", "Shelling/artillery/missile attack", "ASSAULT", "explosives"),
    ("shelling", "strike", "indirect", "Shelling/artillery/missile attack", "ASSAULT", "explosives"),
    ("car_bomb", "strike", "explosive", "Remote explosive/landmine/IED", "ASSAULT", "explosives"),
    ("suicide_bombing", "strike", "explosive", "Suicide bomb", "ASSAULT", "explosives"),
    ("ied", "strike", "explosive", "Remote explosive/landmine/IED", "ASSAULT", "explosives"),
    ("ground_assault", "strike", "ground", "Armed clash", "FIGHT", "firearms"),
    ("armed_clash", "strike", "ground", "Armed clash", "FIGHT", "firearms"),
    ("held", "control", "held", "Non-violent transfer of territory", None, None),
    ("captured", "control", "captured", "Non-state actor overtakes territory", "SEIZE", "territory"),
    ("withdrawn", "control", "captured", "Non-violent transfer of territory", "RETREAT", "withdraw"),
    ("besieged", "control", "besieged", "Armed clash", "COERCE", "seize"),
    ("supply_route_cut", "control", "besieged", "Armed clash", "COERCE", "seize"),
    ("contested", "control", "contested", "Armed clash", "FIGHT", "firearms"),
    ("announced", "corridor", "announced", "Agreement", "AGREE", None),
    ("opened", "corridor", "announced", "Agreement", "AID", None),
    ("used", "corridor", "used", "Other", "AID", None),
    ("closed", "corridor", "closed", "Other", "COERCE", "block"),
    ("blocked", "corridor", "closed", "Other", "COERCE", "block"),
]


def _acled_type(family: str, sub: str) -> str:
    if family == "strike":
        return "Battles" if sub == "Armed clash" else _STRIKE_ACLED
    if family == "control":
        return (
            "Battles"
            if sub in ("Armed clash", "Non-state actor overtakes territory")
            else ("Strategic developments")
        )
    return "Strategic developments"


@dataclass
class Article:
    article_id: str
    url: str
    outlet: str
    published: dt.date
    sentences: list[str]
    status: str = "ok"
    duplicate_of: str | None = None
    mentions: list[Mention] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "Headline. " + " ".join(self.sentences) + " Share this story."

    @property
    def hostname(self) -> str:
        return self.url.split("/")[2]

    def mention(self, index: int, family: str, event_type: str, version: str = VERSION, **kw) -> Mention:
        sentence = self.sentences[index]
        start = self.text.index(sentence)
        trigger = kw.pop("trigger", sentence.split()[1])
        t_start = start + sentence.index(trigger)
        kw.setdefault("event_date", self.published)
        m = Mention(
            article_id=self.article_id,
            family=family,
            event_type=event_type,
            sentence=sentence,
            sentence_start=start,
            sentence_end=start + len(sentence),
            span_start=t_start,
            span_end=t_start + len(trigger),
            trigger_text=trigger,
            extractor=EXTRACTOR,
            extractor_version=version,
            **kw,
        )
        self.mentions.append(m)
        return m


def _article(key: str, host: str, published: str, *sentences: str, **kw) -> Article:
    url = f"https://{host}/2016/{key}"
    return Article(
        stable_id(url), url, host.split(".")[0].replace("-", " ").title(), D(published), list(sentences), **kw
    )


SAA = {"actor_id": "act_saa", "actor_name": "Syrian Arab Army", "actor_side": "pro_government"}
RUSSIA = {"actor_id": "act_russia", "actor_name": "Russia", "actor_side": "pro_government"}
JFS = {"actor_id": "act_jfs", "actor_side": "jihadist"}
REBELS = {"actor_id": "act_rebels", "actor_name": "rebels", "actor_side": "opposition"}
SOHR = {"claimant": "Syrian Observatory for Human Rights", "claimant_id": "act_sohr"}
STATE_MEDIA = {"claimant": "state media", "claimant_side": "pro_government"}


def _place(place_id: str, name: str | None = None, **kw) -> dict:
    row = next(p for p in PLACES if p[0] == place_id)
    return {
        "place_id": place_id,
        "place_name": name or row[1],
        "latitude": row[4],
        "longitude": row[5],
        "place_precision": row[3],
        **kw,
    }


def build_corpus() -> tuple[list[Article], list[MentionLink]]:
    """The base corpus: the articles with their mentions and the extractor's dispute links."""
    a1 = _article(
        "rashidin-raids",
        "www.alpha-news.example",
        "2016-08-01",
        "Government aircraft struck the Rashidin district west of Aleppo on Sunday, killing at least 12 "
        "people, the Syrian Observatory for Human Rights said.",
        "Residents said the government-held Ramouseh district nearby was quiet.",
    )
    a1.mention(
        0,
        "strike",
        "air_strike",
        **SAA,
        **_place("pl_rashidin"),
        event_date=D("2016-07-31"),
        modality="claimed",
        fatalities_low=12,
        fatalities_high=12,
        **SOHR,
        trigger="struck",
    )
    a1.mention(
        1,
        "control",
        "held",
        **SAA,
        **_place("pl_ramouseh"),
        event_date=D("2016-07-31"),
        trigger="government-held",
    )
    a2 = _article(
        "rashidin-raids-wire", "beta-wire.example", "2016-08-01", *a1.sentences, duplicate_of=a1.article_id
    )
    for m in list(a1.mentions):
        fields = {
            k: v
            for k, v in m.to_row().items()
            if k
            not in (
                "article_id",
                "family",
                "event_type",
                "sentence",
                "sentence_start",
                "sentence_end",
                "span_start",
                "span_end",
                "trigger_text",
                "extractor",
                "extractor_version",
                "mention_id",
            )
        }
        a2.mention(a1.sentences.index(m.sentence), m.family, m.event_type, trigger=m.trigger_text, **fields)
    a3 = _article(
        "jets-over-rashideen",
        "gamma-daily.example",
        "2016-08-01",
        "Russian jets bombed Rashideen late on Saturday, killing 15 people, activists said.",
        "Warplanes also struck Rashidin on Sunday morning.",
        "Rebel shelling hit the Sukkari neighbourhood on Sunday.",
    )
    a3.mention(
        0,
        "strike",
        "air_strike",
        **RUSSIA,
        place_name="Rashideen",
        latitude=36.195,
        longitude=37.095,
        place_precision="neighbourhood",
        event_date=D("2016-07-30"),
        modality="claimed",
        claimant="activists",
        fatalities_low=15,
        fatalities_high=15,
        trigger="bombed",
    )
    a3.mention(
        1, "strike", "air_strike", **_place("pl_rashidin"), event_date=D("2016-07-31"), trigger="struck"
    )
    a3.mention(
        2,
        "strike",
        "shelling",
        **REBELS,
        **_place("pl_sukkari"),
        event_date=D("2016-07-31"),
        trigger="shelling",
    )
    a4 = _article(
        "rebels-take-ramouseh",
        "www.alpha-news.example",
        "2016-08-06",
        "Rebel fighters captured the Ramouseh district on Saturday, breaking the siege of eastern Aleppo, "
        "the Syrian Observatory for Human Rights said.",
        "A suicide car bomb driven by Jabhat Fateh al-Sham fighters struck army positions at Ramouseh on "
        "Friday.",
        "If the army retakes Ramouseh, the siege would be restored within days.",
    )
    a4.mention(
        0,
        "control",
        "captured",
        actor_id="act_jaish_fatah",
        actor_name="Rebel fighters",
        actor_side="opposition",
        target_name="Syrian Arab Army",
        target_side="pro_government",
        **_place("pl_ramouseh"),
        event_date=D("2016-08-06"),
        modality="claimed",
        **SOHR,
        trigger="captured",
    )
    a4.mention(
        1,
        "strike",
        "car_bomb",
        **JFS,
        actor_name="Jabhat Fateh al-Sham",
        **_place("pl_ramouseh"),
        event_date=D("2016-08-05"),
        trigger="car bomb",
    )
    a4.mention(
        2,
        "control",
        "captured",
        **SAA,
        **_place("pl_ramouseh"),
        event_date=D("2016-08-06"),
        modality="hypothetical",
        trigger="retakes",
    )
    a5 = _article(
        "army-holds-ramouseh",
        "delta-state.example",
        "2016-08-06",
        "The army remains in full control of Ramouseh, state media said.",
        "Army units struck terrorist positions in Rashidin on Saturday.",
    )
    a5.mention(
        0,
        "control",
        "held",
        **SAA,
        **_place("pl_ramouseh"),
        modality="claimed",
        **STATE_MEDIA,
        trigger="control",
    )
    a5.mention(1, "strike", "air_strike", **SAA, **_place("pl_rashidin"), trigger="struck")
    a6 = _article(
        "ramouseh-retaken",
        "gamma-daily.example",
        "2016-09-09",
        "Government forces recaptured Ramouseh on Thursday, the monitor said.",
    )
    a6.mention(
        0,
        "control",
        "captured",
        **SAA,
        target_side="opposition",
        **_place("pl_ramouseh"),
        event_date=D("2016-09-08"),
        modality="claimed",
        **SOHR,
        trigger="recaptured",
    )
    a7 = _article(
        "bani-zeid-blast",
        "epsilon-times.example",
        "2016-07-21",
        "Fighters from Nusra Front detonated a car bomb at a checkpoint in Bani Zeid on Wednesday.",
        "The rebel-held Bani Zeid district came under heavy fire.",
        "Pro-government forces cut the Castello Road on Sunday, the last route into eastern Aleppo.",
        "Eastern Aleppo is now completely besieged.",
    )
    a7.mention(
        0,
        "strike",
        "car_bomb",
        **JFS,
        actor_name="al-Nusra Front",
        **_place("pl_bani_zeid"),
        event_date=D("2016-07-20"),
        trigger="detonated",
    )
    a7.mention(
        1,
        "control",
        "held",
        **REBELS,
        **_place("pl_bani_zeid"),
        event_date=D("2016-07-20"),
        trigger="rebel-held",
    )
    a7.mention(
        2,
        "control",
        "supply_route_cut",
        **SAA,
        **_place("pl_castello"),
        event_date=D("2016-07-17"),
        trigger="cut",
    )
    a7.mention(
        3,
        "control",
        "besieged",
        **SAA,
        **_place("pl_east_aleppo"),
        event_date=D("2016-07-17"),
        trigger="now",
        target_side="opposition",
    )
    a8 = _article(
        "corridors-announced",
        "www.alpha-news.example",
        "2016-07-28",
        "Rebels withdrew from Bani Zeid overnight.",
        "Russia announced three humanitarian corridors out of eastern Aleppo on Thursday.",
        "Four more corridors will open in the coming days, the ministry said.",
        "State television showed troops in control of Bani Zeid on Thursday.",
    )
    a8.mention(
        0,
        "control",
        "withdrawn",
        **REBELS,
        **_place("pl_bani_zeid"),
        event_date=D("2016-07-27"),
        trigger="withdrew",
    )
    a8.mention(
        1,
        "corridor",
        "announced",
        **RUSSIA,
        **_place("pl_aleppo"),
        claimant="Russian Defence Ministry",
        claimant_side="pro_government",
        trigger="announced",
    )
    a8.mention(
        2,
        "corridor",
        "opened",
        **RUSSIA,
        **_place("pl_aleppo"),
        modality="planned",
        claimant="the ministry",
        claimant_side="pro_government",
        trigger="more",
    )
    a8.mention(
        3,
        "control",
        "held",
        **SAA,
        **_place("pl_bani_zeid"),
        modality="claimed",
        claimant="state television",
        claimant_side="pro_government",
        trigger="television",
    )
    a9 = _article(
        "corridor-figures",
        "zeta-monitor.example",
        "2016-07-31",
        "The Russian defence ministry said 169 civilians had left through the corridors.",
        "The Syrian Observatory for Human Rights said nobody had crossed.",
    )
    used_169 = a9.mention(
        0,
        "corridor",
        "used",
        **_place("pl_aleppo"),
        event_date=D("2016-07-30"),
        modality="claimed",
        claimant="Russian defence ministry",
        claimant_side="pro_government",
        people_low=169,
        people_high=169,
        quantity_raw="169 civilians",
        population="civilians",
        direction="out",
        disputed=True,
        disputed_by="Syrian Observatory for Human Rights",
        dispute_sentence=a9.sentences[1],
        trigger="left",
    )
    used_none = a9.mention(
        1,
        "corridor",
        "used",
        **_place("pl_aleppo"),
        event_date=D("2016-07-30"),
        modality="claimed",
        **SOHR,
        people_low=0,
        people_high=0,
        quantity_raw="nobody",
        trigger="said",
    )
    a10 = _article(
        "families-cross",
        "eta-press.example",
        "2016-07-31",
        "Dozens of families crossed the corridor out of eastern Aleppo on Saturday, a pro-government "
        "outlet reported.",
    )
    a10.mention(
        0,
        "corridor",
        "used",
        **_place("pl_aleppo"),
        event_date=D("2016-07-30"),
        modality="claimed",
        claimant="a pro-government outlet",
        claimant_side="pro_government",
        people_low=24,
        people_high=99,
        quantity_raw="Dozens of families",
        population="civilians",
        direction="out",
        trigger="crossed",
    )
    a11 = _article(
        "photo-gallery",
        "theta-pics.example",
        "2016-10-02",
        "Photos: an air strike on Sukkari on Saturday.",
        status="not_article",
    )
    a11.mention(0, "strike", "air_strike", **SAA, **_place("pl_sukkari"), event_date=D("2016-10-01"))
    a12 = _article(
        "idlib-raid",
        "lambda-news.example",
        "2016-08-10",
        "Air strikes on Idlib city killed five people on Tuesday.",
        "An earlier draft wrongly said the raid hit Aleppo.",
    )
    a12.mention(
        0,
        "strike",
        "air_strike",
        **SAA,
        **_place("pl_idlib"),
        event_date=D("2016-08-09"),
        fatalities_low=5,
        fatalities_high=5,
        trigger="strikes",
    )
    # the old extractor version read a12 too and misread the second sentence: it must not count
    a12.mention(
        1,
        "strike",
        "air_strike",
        version=OLD_VERSION,
        **SAA,
        **_place("pl_aleppo"),
        event_date=D("2016-08-09"),
        trigger="earlier",
    )
    a13 = _article(
        "fight-for-1070",
        "kappa-report.example",
        "2016-08-02",
        "Fighting raged on Monday for the 1070 housing project.",
    )
    a13.mention(0, "control", "contested", **_place("pl_1070"), event_date=D("2016-08-01"), trigger="raged")
    a14 = _article(
        "1070-falls",
        "kappa-report.example",
        "2016-08-04",
        "Rebels captured the 1070 housing project on Wednesday.",
    )
    a14.mention(
        0,
        "control",
        "captured",
        **REBELS,
        target_side="pro_government",
        **_place("pl_1070"),
        event_date=D("2016-08-03"),
        trigger="captured",
    )
    links = [
        MentionLink(
            used_none.mention_id,
            used_169.mention_id,
            "disputes",
            EXTRACTOR,
            VERSION,
            evidence=a9.sentences[1],
        ),
    ]
    return [a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14], links


def growth_corpus() -> list[Article]:
    """Later articles: a new strike report, for the incremental and serving-copy tests."""
    a15 = _article(
        "sukkari-shelled-again",
        "mu-wire.example",
        "2016-09-10",
        "Shells fell on the Sukkari neighbourhood on Friday, wounding four, the monitor said.",
    )
    a15.mention(
        0,
        "strike",
        "shelling",
        **SAA,
        **_place("pl_sukkari"),
        event_date=D("2016-09-09"),
        modality="claimed",
        **SOHR,
        trigger="fell",
    )
    return [a15]


def create_schema(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(SCHEMA_SQL.read_text(encoding="utf-8"))
    con.execute(REF_DDL)


def load_reference(con: duckdb.DuckDBPyConnection) -> None:
    con.executemany("insert into ref.actors values (?, ?, ?, ?, ?, ?, ?)", ACTORS)
    con.executemany("insert into ref.actor_names values (?, ?, ?, ?, ?)", ACTOR_NAMES)
    con.executemany("insert into ref.places values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", PLACES)
    con.executemany("insert into ref.place_names values (?, ?)", PLACE_NAMES)
    con.executemany(
        "insert into ref.event_types values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (t, f, c, f"{f}: {t}", _acled_type(f, sub), sub, pe, pm, None)
            for t, f, c, sub, pe, pm in EVENT_TYPES
        ],
    )


def load_articles(con: duckdb.DuckDBPyConnection, articles: list[Article], when: dt.datetime) -> None:
    """Write pages, articles, mentions and the extraction log as the loader would."""
    for a in articles:
        con.execute(
            "insert into raw.pages (page_id, url, canonical_url, source_kind, fetched_at, ingest_date, "
            "http_status, content_hash) values (?, ?, ?, 'archive', ?, ?, 200, ?)",
            [a.article_id, a.url, a.url, when, when.date(), stable_id(a.text)],
        )
        con.execute(
            "insert into raw.articles (article_id, page_id, url, status, title, sitename, hostname, "
            "published_date, language, duplicate_of, text, text_chars, cleaner_version, cleaned_at, "
            "content_hash) values (?, ?, ?, ?, ?, ?, ?, ?, 'en', ?, ?, ?, 'test', ?, ?)",
            [
                a.article_id,
                a.article_id,
                a.url,
                a.status,
                a.sentences[0][:40],
                a.outlet,
                a.hostname,
                a.published,
                a.duplicate_of,
                a.text,
                len(a.text),
                when,
                stable_id(a.text),
            ],
        )
        load_mentions(con, a.mentions, when)


def load_mentions(con: duckdb.DuckDBPyConnection, mentions: list[Mention], when: dt.datetime) -> None:
    for m in mentions:
        row = m.to_row() | {"extracted_at": when}
        cols = ", ".join(row)
        con.execute(
            f"insert into raw.mentions ({cols}) values ({', '.join('?' * len(row))})", list(row.values())
        )
    seen = {(m.article_id, m.extractor, m.extractor_version) for m in mentions}
    for article_id, extractor, version in sorted(seen):
        n = sum(1 for m in mentions if (m.article_id, m.extractor_version) == (article_id, version))
        con.execute(
            "delete from raw.extraction_log where article_id = ? and extractor = ? and extractor_version = ?",
            [article_id, extractor, version],
        )
        con.execute(
            "insert into raw.extraction_log (article_id, extractor, extractor_version, n_mentions, "
            "extracted_at) values (?, ?, ?, ?, ?)",
            [article_id, extractor, version, n, when],
        )


def load_links(con: duckdb.DuckDBPyConnection, links: list[MentionLink]) -> None:
    for link in links:
        con.execute(
            "insert into raw.mention_links values (?, ?, ?, ?, ?, ?)",
            [
                link.mention_id,
                link.other_mention_id,
                link.relation,
                link.extractor,
                link.extractor_version,
                link.evidence,
            ],
        )


def build_warehouse(path: Path) -> None:
    """A warehouse file holding the schema, the reference rows and the base corpus."""
    articles, links = build_corpus()
    base = dt.datetime(2016, 12, 20, 12, 0)
    old = [m for a in articles for m in a.mentions if m.extractor_version == OLD_VERSION]
    with duckdb.connect(str(path)) as con:
        create_schema(con)
        load_reference(con)
        load_articles(con, articles, base)
        # the old version read its articles first: re-stamp its rows and log as earlier
        for m in old:
            con.execute(
                "update raw.mentions set extracted_at = ? where mention_id = ? and extractor_version = ?",
                [base - dt.timedelta(days=30), m.mention_id, m.extractor_version],
            )
            con.execute(
                "update raw.extraction_log set extracted_at = ? "
                "where article_id = ? and extractor_version = ?",
                [base - dt.timedelta(days=30), m.article_id, m.extractor_version],
            )
        load_links(con, links)
