"""The plain records that flow out of `extract/`: cleaned articles and event mentions.

Dataclasses, not pydantic models: the extractor builds thousands of them a second and they carry
no validation of their own (the warehouse schema and dbt tests do that). Field names are the
warehouse's column names, so `asdict()` is a row.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import asdict, dataclass, field

FAMILIES = ("strike", "control", "corridor")
STRIKE_TYPES = (
    "air_strike",
    "drone_strike",
    "missile_strike",
    "shelling",
    "car_bomb",
    "suicide_bombing",
    "ied",
    "ground_assault",
    "armed_clash",
)
CONTROL_TYPES = ("held", "captured", "withdrawn", "besieged", "supply_route_cut", "contested")
CORRIDOR_TYPES = ("announced", "opened", "used", "closed", "blocked")
EVENT_TYPES = {"strike": STRIKE_TYPES, "control": CONTROL_TYPES, "corridor": CORRIDOR_TYPES}
MODALITIES = ("asserted", "claimed", "denied", "hypothetical", "planned")
SIDES = (
    "pro_government",
    "opposition",
    "jihadist",
    "isis",
    "kurdish",
    "us_coalition",
    "turkey",
    "israel",
    "civilian",
    "unknown",
)


class ExtractionError(Exception):
    """An extractor could not read one article; the pipeline records it as failed and goes on."""


def stable_id(*parts: object) -> str:
    """A short content hash: the same inputs give the same id on every run and machine."""
    joined = "\x1f".join("" if p is None else str(p) for p in parts)
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()[:20]


@dataclass(slots=True)
class ArticleText:
    """What an extractor reads: clean text plus the little metadata that anchors dates."""

    article_id: str
    url: str
    text: str
    published: dt.date | None = None
    title: str | None = None


@dataclass(slots=True)
class Mention:
    """One event mention with its evidence. `sentence` is text[sentence_start:sentence_end]."""

    article_id: str
    family: str
    event_type: str
    sentence: str
    sentence_start: int
    sentence_end: int
    span_start: int  # the trigger phrase, inside the sentence
    span_end: int
    trigger_text: str
    extractor: str
    extractor_version: str
    # who acts and who is hit / loses ground
    actor_raw: str | None = None
    actor_id: str | None = None
    actor_name: str | None = None
    actor_side: str | None = None
    target_raw: str | None = None
    target_id: str | None = None
    target_name: str | None = None
    target_side: str | None = None
    # where
    place_raw: str | None = None
    place_id: str | None = None
    place_name: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    place_precision: str | None = None  # neighbourhood, town, city, region, country, road, site
    place_direction: str | None = None  # "southwest of Aleppo" -> Aleppo + "southwest"
    # when: an interval, with how it was resolved
    event_date: dt.date | None = None
    date_start: dt.date | None = None
    date_end: dt.date | None = None
    date_precision: str | None = None  # day, week, month, year, interval
    date_raw: str | None = None
    date_reason: str | None = None
    # who says so and how sure
    claimant: str | None = None
    claimant_id: str | None = None
    claimant_side: str | None = None
    reporting_verb: str | None = None
    modality: str = "asserted"
    # quantities
    quantity_raw: str | None = None
    people_low: int | None = None
    people_high: int | None = None
    population: str | None = None  # civilians, fighters, mixed
    direction: str | None = None  # corridor direction: out of / into a place
    fatalities_low: int | None = None
    fatalities_high: int | None = None
    # disputes: who disputes this claim, with the sentence that says so
    disputed: bool = False
    disputed_by: str | None = None
    dispute_sentence: str | None = None
    mention_id: str = field(default="")

    def __post_init__(self) -> None:
        if not self.mention_id:
            self.mention_id = stable_id(
                self.article_id, self.extractor, self.span_start, self.span_end, self.family, self.event_type
            )

    def to_row(self) -> dict:
        return asdict(self)


@dataclass(slots=True)
class MentionLink:
    """A relation between two mentions of one article: `disputes` or `corroborates`."""

    mention_id: str
    other_mention_id: str
    relation: str
    extractor: str
    extractor_version: str
    evidence: str | None = None
