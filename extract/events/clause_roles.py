"""Roles that clause structure gives, beyond the trigger's own subject and object.

Reports often name a party outside the trigger's clause: a fronted conditional names someone who is
not the main clause's subject ("Had Russia not intervened, rebels might have taken X"); a trailing
attribution blames the attacker ("..., the ministry said, blaming the YPG"); a press release names
its issuer once and then lists strikes without a subject ("CJTF-OIR released the following strike
results ... Near Raqqa, six strikes engaged ..."). These rules read those frames.
"""

from __future__ import annotations

import re

from extract.reference import ActorMatch

# "Had Russia not intervened in 2015, ...", "If the army had not retreated, ...", "Were the rebels to
# take X, ...": a fronted condition closes at its first comma; its parties are not the main clause's
FRONTED_CONDITION = re.compile(r"^\s*(?:Had|If|Unless|Were|Should|But for|Without)\b[^,;]{1,120},\s*")

# ", blaming the YPG", "and blamed Kurdish militants", ", accusing Turkey": the attacker the speaker names
_BLAMING = re.compile(
    r"(?:,\s*|\band\s+)(?:blaming|blamed|accusing|accused|holding)\s+(?:the\s+)?$",
    re.I,
)

# "X released the following strike results", "X reported the following strikes", "X said it
# conducted N strikes" (a strike list's lead: its issuer is the actor of the listed strikes)
RELEASE_HEADER = re.compile(
    r"\b(?:released|reported|announced|published|issued)\s+(?:the\s+)?following\s+"
    r"(?:(?:air|strike|operational)\s+)?(?:results|strikes|report|update|summary)\b",
    re.I,
)


def outside_fronted_condition(sentence: str, trigger_start: int, actors: list) -> list:
    """The actors the main clause may take: those of a fronted condition before it are dropped."""
    m = FRONTED_CONDITION.match(sentence)
    if not m or m.end() > trigger_start:
        return actors
    return [a for a in actors if a.start >= m.end() or a.start < 0]


def blamed_party(sentence: str, actors: list[ActorMatch], after: int) -> ActorMatch | None:
    """The party a trailing ', blaming X' names (after the trigger): the attacker the claimant names."""
    for a in actors:
        if a.start >= after and _BLAMING.search(sentence[max(0, a.start - 30) : a.start]):
            return a
    return None


def release_issuer(sentence: str, actors: list[ActorMatch]) -> ActorMatch | None:
    """The issuer of a strike list's header sentence ('X released the following results')."""
    m = RELEASE_HEADER.search(sentence)
    if not m:
        return None
    before = [a for a in actors if a.end <= m.start() and a.name_type not in {"adjective"}]
    return before[0] if before else None


# "SDF fighters completed the encirclement after cutting the last road": a gerund clause introduced
# by after/before/while/by/since has no subject of its own; it shares the main clause's
_GERUND_OPENING = re.compile(
    r"(?:^|[\s,])(?:after|before|while|by|since|when|upon|on)\s+(?:\w+ly\s+)?$", re.I
)


def gerund_clause_subject(
    sentence: str, trigger_start: int, trigger_text: str, actors: list
) -> object | None:
    """The main clause's subject for a trigger that opens a subjectless gerund clause, else None."""
    if not trigger_text.lower().split()[0].endswith("ing"):
        return None
    if not _GERUND_OPENING.search(sentence[max(0, trigger_start - 30) : trigger_start]):
        return None
    before = [a for a in actors if 0 <= a.end <= trigger_start]
    return before[0] if before else None
