"""Who loses a place the text does not name a loser for: the side the same article says holds it.

Wire reports describe a place's holder once ("rebel-held Anadan", "the government enclave in X") and
later report its capture or siege without naming the loser ("the army took Anadan on Sunday"). The
holder the article gives for that place (or a place inside it) is then the side that loses it, when
that side differs from the one that takes it.
"""

from __future__ import annotations

from extract.models import Mention

_LOSES = {"captured", "besieged", "supply_route_cut"}


def fill_losers(mentions: list[Mention]) -> None:
    """Set the target of control rows without one from a held row of the same place (in place)."""
    holders: dict[str, list[Mention]] = {}
    for m in mentions:
        if m.family == "control" and m.event_type == "held" and m.place_id and m.actor_side:
            holders.setdefault(m.place_id, []).append(m)
    if not holders:
        return
    for m in mentions:
        if m.family != "control" or m.event_type not in _LOSES or m.target_side or not m.place_id:
            continue
        for held in holders.get(m.place_id, []):
            if held.actor_side in {m.actor_side, "unknown", "civilian"} or held is m:
                continue
            if held.sentence_start == m.sentence_start and held.span_start > m.span_start:
                continue  # "took X from ... -held Y": a later descriptor in the same sentence is Y's
            m.target_raw, m.target_id = held.actor_raw, held.actor_id
            m.target_name, m.target_side = held.actor_name, held.actor_side
            break
