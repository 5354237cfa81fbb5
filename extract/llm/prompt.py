"""The instructions sent with every chunk: the mention contract in words, and the JSON shape wanted.

Bump PROMPT_VERSION when the wording changes: it is part of the extractor version, so rows made with
an older prompt stay distinguishable in the warehouse.
"""

from __future__ import annotations

import datetime as dt

from extract.llm.schema import COMPASS, POPULATIONS
from extract.models import EVENT_TYPES, MODALITIES, SIDES

PROMPT_VERSION = "llm-1"

_TYPES = "\n".join(f"  - {family}: {', '.join(types)}" for family, types in EVENT_TYPES.items())

SYSTEM_PROMPT = f"""You extract events of armed conflict from one news text and answer with JSON only.

Report every mention of:
- strike: an attack (who attacked whom or what, where, when);
- control: territory held, captured, withdrawn from, besieged, a supply route cut, or contested;
- corridor: a humanitarian corridor announced, opened, used, closed or blocked.
Event types by family:
{_TYPES}
Do not report general condemnations, history long past, or sports and labour "strikes".

Answer with one JSON object: {{"mentions": [ ... ]}} (an empty list when there is no event).
Each mention is an object with these keys (null when the text does not say):
- "family", "event_type": from the lists above.
- "sentence": the evidence sentence copied EXACTLY, character for character, from the text.
- "trigger": the few words of that sentence that name the event, copied exactly.
- "actor": the attacker / the side that holds, takes, besieges or cuts / who opens, runs or blocks
  the corridor, as written in the text. "actor_side": one of {", ".join(SIDES)}.
- "target": who or what was hit / the side that loses or is besieged, as written. "target_side": as above.
- "place": the most specific place name of the event, as written in the text; for "southwest of
  Aleppo" the place is "Aleppo" and "place_direction" is "southwest" (one of {", ".join(COMPASS)}).
- "event_date": the day the event happened as YYYY-MM-DD, worked out from the publication date when
  the text says "on Sunday" or "yesterday"; null when the text gives no date for it.
  "date_text": the words of the text that give that date.
- "claimant": who the text says asserts it ("state media", "the Observatory"), as written; null
  when the text asserts it in its own voice. "reporting_verb": "said", "according to", ...
- "modality": one of {", ".join(MODALITIES)} (claimed when attributed to a claimant,
  hypothetical for "should X happen", planned for intentions).
- "quantity_text", "people_low", "people_high": for corridors, the people said to have used it, as
  the words and an integer range ("dozens" is 24 to 99).
- "population": for corridors, who uses it: one of {", ".join(POPULATIONS)}; "direction": the words
  that say where it leads ("out of eastern Aleppo").
- "fatalities_text", "fatalities_low", "fatalities_high": the words that say how many were killed,
  and that number as an integer range ("at least 14" is 14 to null).
- "disputed": true when the text reports that someone disputes this claim; "disputed_by": who.
- "disputes": for a denial or rebuttal, the 0-based index in your list of the mention it disputes.
Copy sentences and names from the text; never rephrase, translate or invent them."""


def user_message(text: str, published: dt.date | None, title: str | None) -> str:
    """The chunk to read, preceded by what anchors its dates."""
    lines = [f"Publication date: {published.isoformat() if published else 'unknown'}"]
    if title:
        lines.append(f"Title: {title}")
    lines += ["", "Text:", text]
    return "\n".join(lines)
