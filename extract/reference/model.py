"""The reference records: actors with dated names, places, and event types."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import NamedTuple


@dataclass(frozen=True, slots=True)
class Actor:
    actor_id: str
    canonical_name: str
    side: str
    kind: str
    parent_id: str | None
    country: str | None
    description: str | None


@dataclass(frozen=True, slots=True)
class ActorName:
    actor_id: str
    name: str
    name_type: str  # official, alias, abbreviation, translation, transliteration, adjective, generic
    valid_from: dt.date | None
    valid_to: dt.date | None
    context: str | None = None  # a country code: a generic reference that means this actor only there

    def valid_on(self, day: dt.date | None) -> bool:
        if day is None:
            return True
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )


class Place(NamedTuple):
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


@dataclass(frozen=True, slots=True)
class EventTypeInfo:
    event_type: str
    family: str
    coarse_class: str
    description: str
    acled_event_type: str | None
    acled_sub_event_type: str | None
    plover_event_type: str | None
    plover_mode: str | None
    cameo_code: str | None


@dataclass(frozen=True, slots=True)
class ActorMatch:
    """An actor name found in a text: text[start:end] == surface."""

    start: int
    end: int
    surface: str
    actor_id: str
    name_type: str
    context: str | None


@dataclass(frozen=True, slots=True)
class PlaceMatch:
    """A place name found in a text: text[start:end] == surface."""

    start: int
    end: int
    surface: str
    place_id: str
    fuzzy: bool = False
