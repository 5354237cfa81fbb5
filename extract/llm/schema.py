"""The JSON the model must answer with, checked by pydantic against the shared vocabularies.

The answer is `{"mentions": [...]}`. Each mention is validated on its own: one with a type outside
the vocabulary is dropped (and reported), the others are kept. A side outside the vocabulary becomes
`unknown`, as the mention contract says for sides it lacks.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from extract.models import EVENT_TYPES, FAMILIES, MODALITIES, SIDES

COMPASS = ("north", "northeast", "east", "southeast", "south", "southwest", "west", "northwest")
POPULATIONS = ("civilians", "fighters", "mixed")


def _blank_to_none(value: Any) -> Any:
    if isinstance(value, str) and not value.strip():
        return None
    return value


def _vocabulary_word(value: Any) -> Any:
    return value.strip().lower().replace(" ", "_").replace("-", "_") if isinstance(value, str) else value


class MentionAnswer(BaseModel):
    """One mention as the model states it; every string is re-checked against the text afterwards."""

    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True)

    family: str
    event_type: str
    sentence: str = Field(min_length=1)
    trigger: str | None = None
    actor: str | None = None
    actor_side: str | None = None
    target: str | None = None
    target_side: str | None = None
    place: str | None = None
    place_direction: str | None = None  # "southwest of Aleppo": place Aleppo, direction southwest
    event_date: dt.date | None = None
    date_text: str | None = None
    claimant: str | None = None
    reporting_verb: str | None = None
    modality: str = "asserted"
    quantity_text: str | None = None
    population: str | None = None  # civilians, fighters, mixed
    direction: str | None = None  # corridor direction as written: "out of eastern Aleppo"
    people_low: int | None = Field(default=None, ge=0)
    people_high: int | None = Field(default=None, ge=0)
    fatalities_text: str | None = None
    fatalities_low: int | None = Field(default=None, ge=0)
    fatalities_high: int | None = Field(default=None, ge=0)
    disputed: bool = False
    disputed_by: str | None = None
    disputes: int | None = Field(default=None, ge=0)  # index of the mention (in this answer) it disputes

    @field_validator(
        "trigger",
        "place_direction",
        "population",
        "direction",
        "actor",
        "target",
        "place",
        "date_text",
        "claimant",
        "reporting_verb",
        "quantity_text",
        "fatalities_text",
        "disputed_by",
        "event_date",
        "people_low",
        "people_high",
        "fatalities_low",
        "fatalities_high",
        "disputes",
        mode="before",
    )
    @classmethod
    def _blanks(cls, value: Any) -> Any:
        return _blank_to_none(value)

    @field_validator("family", "event_type", mode="before")
    @classmethod
    def _vocabulary_case(cls, value: Any) -> Any:
        return _vocabulary_word(value)

    @field_validator("modality", mode="before")
    @classmethod
    def _modality(cls, value: Any) -> Any:
        return "asserted" if _blank_to_none(value) is None else _vocabulary_word(value)

    @field_validator("disputed", mode="before")
    @classmethod
    def _default_disputed(cls, value: Any) -> Any:
        return False if value is None else value

    @field_validator("actor_side", "target_side", mode="before")
    @classmethod
    def _side(cls, value: Any) -> Any:
        if value is None:
            return None
        if _blank_to_none(value) is None:
            return None
        side = _vocabulary_word(str(value))
        return side if side in SIDES else "unknown"

    @field_validator("place_direction", "population", mode="before")
    @classmethod
    def _small_vocabularies(cls, value: Any) -> Any:
        """Out-of-vocabulary values are dropped to None: they qualify a mention, they do not make it."""
        word = _vocabulary_word(_blank_to_none(value))
        if isinstance(word, str):
            word = word.replace("_", "")
        return word if word in COMPASS or word in POPULATIONS else None

    @model_validator(mode="after")
    def _check_vocabularies(self) -> MentionAnswer:
        if self.family not in FAMILIES:
            raise ValueError(f"family {self.family!r} is not one of {', '.join(FAMILIES)}")
        if self.event_type not in EVENT_TYPES[self.family]:
            raise ValueError(
                f"event_type {self.event_type!r} is not a {self.family} type "
                f"({', '.join(EVENT_TYPES[self.family])})"
            )
        if self.modality not in MODALITIES:
            raise ValueError(f"modality {self.modality!r} is not one of {', '.join(MODALITIES)}")
        for low, high in (("people_low", "people_high"), ("fatalities_low", "fatalities_high")):
            lo, hi = getattr(self, low), getattr(self, high)
            if lo is not None and hi is not None and lo > hi:
                raise ValueError(f"{low} {lo} is greater than {high} {hi}")
        return self


def parse_mentions(payload: Any) -> tuple[list[MentionAnswer | None], list[str]]:
    """Validate each item of `payload["mentions"]`: (answers aligned with the items, None where invalid;
    one readable reason per invalid item). Raises ValueError when the payload has not that shape."""
    if not isinstance(payload, dict) or not isinstance(payload.get("mentions"), list):
        keys = sorted(payload)[:5] if isinstance(payload, dict) else type(payload).__name__
        raise ValueError(f'expected a JSON object {{"mentions": [...]}}, got {keys}')
    answers: list[MentionAnswer | None] = []
    problems: list[str] = []
    for i, item in enumerate(payload["mentions"]):
        try:
            answers.append(MentionAnswer.model_validate(item))
        except ValidationError as exc:
            answers.append(None)
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first.get("loc", ())) or "mention"
            problems.append(f"mention {i}: {where}: {first.get('msg')}")
    return answers, problems
