"""The default extractor: trigger lexicons, role patterns and scopes, no model.

For each sentence with a trigger (lexicon.py) the rules find, within the trigger's clause:
the place (most specific named place, containers and references dropped, coordinated places each
their own row, "the city" from what came before), the date (the nearest date expression of the
clause, else the paragraph's narrative date, else the publication day), the actor and target
(passive "by X", adjectives and genitives before a noun trigger, the clause subject, "accused X of",
claims of responsibility), the claimant (attribution.py) and the modality scope (calls, conditionals,
plans, negation). Every mention's sentence is text[sentence_start:sentence_end] and its trigger lies
inside it, checked before a mention is returned.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import re
from dataclasses import dataclass

from extract.events import lexicon as lx
from extract.events.attribution import Claim, find_claims, find_disputes
from extract.events.clause_roles import (
    blamed_party,
    gerund_clause_subject,
    outside_fronted_condition,
    release_issuer,
)
from extract.events.context import ACTOR_NOUNS, RAW_PREFIX, ArticleContext, build_context
from extract.events.corridor_sequences import SEQUENCE, relative_corridor_events, shifted_date
from extract.events.dates import HABITUAL, DateValue, find_dates
from extract.events.holders import fill_losers
from extract.events.marked_search import marked_finditer, marked_found
from extract.events.military import military_article, military_sentence
from extract.events.prefilter import LiteralScan, SentenceGates, lowered
from extract.events.quantities import find_quantities
from extract.models import ArticleText, Mention, MentionLink, stable_id
from extract.reference import ActorMatch, PlaceMatch, Reference, load_reference

COARSE = {
    "air_strike": "air",
    "drone_strike": "air",
    "missile_strike": "air",
    "shelling": "indirect",
    "car_bomb": "explosive",
    "suicide_bombing": "explosive",
    "ied": "explosive",
    "ground_assault": "ground",
    "armed_clash": "ground",
    "held": "held",
    "captured": "captured",
    "withdrawn": "captured",
    "besieged": "besieged",
    "supply_route_cut": "besieged",
    "contested": "contested",
    "announced": "announced",
    "opened": "announced",
    "used": "used",
    "closed": "closed",
    "blocked": "closed",
}
HISTORY_DAYS = 365
_PREFILTER_SCAN = LiteralScan(lx.PREFILTER)
_CLAUSE_BREAK = re.compile(
    r";|\s+but\s+|,\s+while\s+|\s+whereas\s+|,\s+although\s+|,\s+and\s+|"
    r"\s+despite\s+|,\s+where\s+|\s+after\s+|\s+before\s+|,\s+as\s+|\s+when\s+|"
    r"\s+and\s+(?=(?:also\s+)?(?:fighting|clashes|shelling|air ?strikes)\b)|\s+-\s+"
)
_PREP_BEFORE = re.compile(
    r"\b(?:against|on|by|with|from|to|in|near|at|toward|towards|into|including|such as|"
    r"backed by|alongside|supported by|allied with|between|for|over|among|targeting|"
    r"like|than|about|via|pardon)\s+(?:the\s+|a\s+|an\s+|its\s+|their\s+)?"
    r"(?:[\w'-]+\s+){0,2}$",
    re.I,
)
# "said on Monday that the army ...": a complement clause's subject follows "that", whatever precedes it
# and "fighters from the former Nusra Front shelled": the group the members belong to acts
_COMPLEMENTIZER_BEFORE = re.compile(
    r"\bthat\s+$|^\s*(?:\w+\s+){0,2}?(?:fighters|militants|members|units|troops|gunmen|soldiers|forces|"
    r"jihadists|rebels)\s+(?:of|from)\s+(?:the\s+)?$",
    re.I,
)
_TARGET_PREP = re.compile(
    r"\b(?:against|on|targeting|targeted|at|hit|hitting|struck|striking|engaged|engaging|"
    r"killing|killed|toward|towards|pounding|bombarding|shelling|into|destroyed|destroying|damaged|"
    r"overran|stormed|raided|attacked|bombed|shelled|battling|fighting|clashing with|engaging)\s+"
    r"(?:the\s+|a\s+|an\s+)?"
    r"(?:[\w'-]+\s+){0,3}$",
    re.I,
)
# the object right after a verb trigger: "struck an Islamic State headquarters", "overran an army post"
_VERB_TRIGGER_END = re.compile(r"(?:ed|ran|struck|hit|took|fought|shot|down)$", re.I)
_OBJECT_GAP = re.compile(
    r"^\s+(?:(?:an?|the|its|their|several|some|\d+|one|two|three|four|five|six|seven|eight|nine|ten)\s+)?"
    r"(?:[\w-]+\s+)?$",
    re.I,
)
# "X was hit by rocket fire", "X came under attack": the subject is what was struck
_UNDERGOES_BEFORE = re.compile(
    r"\b(?:(?:was|were|been|being|is|are)\s+(?:\w+ly\s+)?(?:hit|struck|targeted|shelled|bombed|attacked|"
    r"pounded)\s+(?:by|with)\s+(?:[\w'-]+\s+){0,3}|(?:came|come|comes|coming)\s+under\s+(?:heavy\s+)?)$",
    re.I,
)
_EXPEL = re.compile(r"(?:drove|drive|drives|driving|expelled|pushed|forced|kicked|chased|ousted)\b", re.I)
_HARMED = re.compile(r"\b(?:killed|killing|kills|wounded|wounding|injured|injuring|dead|died)\b", re.I)
_PASSIVE = re.compile(r"\b(?:was|were|been|being|is|are|be|got|get)\s+(?:\w+ly\s+)?$", re.I)
_COUNT_DISPUTE = re.compile(r"\b(?:figures?|numbers?|tally|toll|count)\b", re.I)
# compiled once (they were inline re.search/re.match calls: the same patterns and flags)
_BACKED = re.compile(r"^\.?-?(?:backed|supported|allied|trained|led|sponsored|aligned)\b")
_SUBJECT_VERB = re.compile(r"^\s+(?:had|has|have|was|were|is|\w+ed)\b")
_OF_FORMER = re.compile(r"\s+(?:of|from)\s+(?:the\s+)?(?:former\s+|so-called\s+|ex-)?")
_NAMED_TARGET_AFTER = re.compile(r"s?\s+(?:on|in|against|near)\s+(?:the\s+)?[A-Z]")
_SHOULD = re.compile(r"(?:^|[,;(]\s*|\b(?i:because|and|but)\s+)[Ss]hould\s+(?!be\b|not\b|have\b)")
_CONDITIONAL = re.compile(r"\b(?:if|unless|whether|it remains to be seen)\b", re.I)
_AND_SAID = re.compile(r"\b(?:and|but)\s+(?:also\s+)?(?:said|says|insisted|added|claimed|stressed)\b")
_NEGATION_BEFORE = re.compile(
    r"\b(?:not|n't|never|no longer|no|denied|deny|denies|denying)\s+(?:\w+\s+){0,2}$", re.I
)
_BARREL_BOMB = re.compile(r"\bbarrel[- ]bomb", re.I)
_HELICOPTER = re.compile(r"\b(?:helicopters?|choppers?|gunships?)\b", re.I)
_PEJORATIVE_ANAPHOR = re.compile(
    r"\b(?:the|these|those)\s+(?:terrorists?|militants|gunmen|extremists|takfiris|mercenaries|armed men)$",
    re.I,
)
_ARMED_GROUP_SIDES = {"opposition", "jihadist", "isis"}
# "... on Friday and 52 more on Saturday": a further count of the same use, with its own day
_ELLIPTIC_MORE = re.compile(
    r",?\s+and\s+(?:another\s+)?(?P<q>\d[\d,]*|[a-z]+(?:-[a-z]+)?)\s+(?:more|others|further)\b", re.I
)
_HEADING_TO = re.compile(
    r"\band\s+(?:(?:were|are|was|is|have been|has been|had been|then|now)\s+)?(?:advanc\w+|mov\w+|push\w+|"
    r"head\w*|march\w+)\s+(?:on\s+)?(?:towards?|in the direction of)\s+(?:the\s+)?"
    r"(?:[\w'\u2019-]+\s+){0,2}(?:of\s+)?$",
    re.I,
)
# "destroyed a tunnel used by militants": the object's own participle takes the "by" agent
_REDUCED_RELATIVE = re.compile(
    r"^\s+(?:(?:an?|the|two|three|several|\d+)\s+)?(?:[\w-]+\s+){1,5}?(?:\w+ed|built|dug|kept|made)\s+by\s+"
    r"(?:\S+\s+){0,2}$",
    re.I,
)
# a subject that condemns, deplores or reports an attack is not its attacker
_STANCE_VERB_AFTER = re.compile(
    r"(?:\s+(?:government|ministry|foreign ministry|authorities|officials|embassy|president|leaders?))?"
    r"\s+(?:(?:strongly|firmly|also|has|have|had|again)\s+){0,2}(?:condemn|denounc|deplor|decr[iy]|criticis|"
    r"criticiz|mourn|regrett?|lament|investigat|document|welcom|urg)\w*\b",
    re.I,
)
_RESPONSIBILITY_FOR = re.compile(
    r"\b(?:responsibility|credit|blame[ds]?)\b[^.;,]{0,30}?\s+for\s+(?:the|this|that|these|those|its|their)\s+"
    r"(?:[\w'-]+\s+)?$",
    re.I,
)
_NOBODY_BEFORE = re.compile(
    r"\b(?:none|no one|nobody|not a single (?:person|civilian|one|family)|no (?:civilians?|residents|people|"
    r"families|evacuees|one))\s+(?:of them\s+)?(?:(?:had|has|have|was|were|actually|yet)\s+){0,2}$",
    re.I,
)
_STOPPED_AT = re.compile(
    r"^\s*(?:at|near|outside)\b[^,.;]{0,25}$|\b(?:at|near|outside)\s+(?:\S+\s+){0,2}$", re.I
)
_HOLDER_COMPOUND = re.compile(r"-(?:held|controlled|run|occupied|dominated|besieged)\b", re.I)
_BY_BEFORE = re.compile(r"\bby\s+(?:the\s+|a\s+)?(?:[\w.'-]+\s+){0,2}$", re.I)
# An operator participle right after a noun trigger ("corridors run by X", "a crossing that is
# manned by X"): X is the trigger's own agent, unlike "positions held by X" after "taking over".
_OPERATED_BY = re.compile(
    r",?\s+(?:(?:that|which)\s+(?:is|are|was|were|has been|have been|had been)\s+)?"
    r"(?:run|operated|managed|manned|organi[sz]ed|supervised|overseen|guarded|secured)\s+by\s+"
    r"(?:\S+\s+){0,2}$",
    re.I,
)
# generic names that are modifiers only: "government jets" is an actor, "the government said" is not
_MODIFIER_ONLY = {"government", "pro-government"}
_ORIGIN_BEFORE = re.compile(
    r"\b(?:out of|from|leave|left|leaving|fled|fleeing|exit(?:ed|ing)?|residents of|besieged)\s+"
    r"(?:the\s+)?(?:besieged\s+)?(?:(?:town|city|village|district|suburb|enclave)\s+of\s+)?$",
    re.I,
)
_GENERIC_AREA = re.compile(
    r"\b(?:areas?|parts?|territor(?:y|ies)|regions?|zones?|pockets?|districts|neighbou?rhoods|towns|"
    r"villages|cities|land)\s+(?:still\s+|now\s+|currently\s+)?$",
    re.I,
)
_INSIDE_VERB = re.compile(
    r"\b(?:left|leave|leaving|fled|flee|fleeing|escaped|trapped|remain(?:ed|ing|s)?|holed up|inside|"
    r"stuck|living|live|lived|hold out|held out|holding out)\b",
    re.I,
)
_ALLY_BEFORE = re.compile(
    r"\b(?:backed by|with|alongside|supported by|allied with|and|helped by|aided by|along with)\s+"
    r"(?:the\s+)?(?:[\w'-]+\s+){0,2}$",
    re.I,
)
_ACCUSED = re.compile(r"\baccus(?:ed|es|ing)\s+$", re.I)
_RESPONSIBILITY = re.compile(r"claim(?:ed|s)? (?:responsibility|credit)|responsibility was claimed by", re.I)
_CONTAINER_GAP = re.compile(
    r"^[\s,]*(?:(?:a|an|the)\s+)?(?:[\w-]+\s+){0,3}?(?:in|of|near|outside|inside|on the outskirts of|"
    r"(?:north|south|east|west|north-?east|north-?west|south-?east|south-?west)(?:ern)?\s+of)\s+"
    r"(?:the\s+)?(?:[\w-]+\s+){0,4}?$",
    re.I,
)
_COORD_GAP = re.compile(
    r"^\s*(?:,\s*(?:and\s+)?|\s*and\s+|\s*as well as\s+|\s*or\s+)(?:the\s+)?(?:[\w-]+\s+){0,2}?"
    r"(?:(?:city|town|village|district|suburb|neighbou?rhood|port city|areas?|towns|cities|"
    r"villages)\s+of\s+)?$",
    re.I,
)
_DIRECTION = re.compile(
    r"\b(?P<dir>north|south|east|west|north-?east|north-?west|south-?east|south-?west)(?:ern|erly|ward)?"
    r"(?:\s+(?:parts?|districts?|neighbou?rhoods?|suburbs?|outskirts|countryside|side|areas?|quarters?|"
    r"sections?|edge|flank|front))?\s+(?:of\s+)?(?:the\s+)?(?:(?:city|town)\s+of\s+)?$",
    re.I,
)
_DISTANCE_DIR = re.compile(
    # "20 km (12 miles) southwest of": the compound directions first, the aside in brackets only
    r"\b\d+\s*(?:km|kilometres|kilometers|miles)\s+(?:\([^)]*\)\s*)?(?P<dir>north-?east|north-?west|"
    r"south-?east|south-?west|north|south|east|west)\s+of\s+(?:the\s+)?$",
    re.I,
)
_ANAPHORA = re.compile(
    r"\b(?:the|that|this)\s+(?P<kind>city|town|village|area|district|suburb|neighbou?rhood|"
    r"enclave|region|province|country|capital)\b|\bthere\b|\b(?:inside|within) it\b",
    re.I,
)
_HELD_PLACE_NOUN = re.compile(
    r"^\s*(?:[\w-]+\s+){0,3}?(?:town|towns|city|cities|village|villages|district|districts|area|areas|suburb|"
    r"suburbs|neighbou?rhoods?|quarters?|parts|part|territory|territories|enclave|east|west|north|south|"
    r"province|region|countryside|pocket|stronghold|camp|base|airport|held)\b",
    re.I,
)
# "-held districts through/via/to X": the adjective qualifies an unnamed noun phrase; the place after
# the preposition is another one (the way to it), so the trigger names no place
_HELD_NOUN_THEN_ROUTE = re.compile(
    r"^\s*(?:[\w-]+\s+){0,2}?(?:towns|cities|villages|districts|areas|suburbs|neighbou?rhoods|quarters|parts|"
    r"territory|territories|side|sector|sectors)\s+(?:through|via|to|towards?|into|across|past|beyond|from)\b",
    re.I,
)
_SIEGE_BROKEN = re.compile(
    r"\b(?:br(?:oke|eak|eaks|eaking|oken)|lift(?:ed|s|ing)?|end(?:ed|s|ing)?|ended)\s+(?:through\s+)?"
    r"(?:the\s+|a\s+|its\s+|their\s+)?(?:[\w-]+\s+)?$",
    re.I,
)
_HELD_NOT_PLACE = re.compile(
    r"^\s*(?:[\w-]+\s+){0,2}?(?:tanks?|buildings?|vehicles?|weapons?|positions?|"
    r"terrain|checkpoints?|prisoners?|hostages?|media|territory)\b",
    re.I,
)
_FATAL = re.compile(
    r"\b(?:killed|killing|kills|dead|died|deaths?|death toll|lives|fatalities|were killed)\b", re.I
)
_PEOPLE_NOUN = re.compile(
    r"^\s*(?:[\w-]+\s+){0,2}?(?P<noun>people|civilians|residents|persons|families|women|children|men|rebels|"
    r"fighters|militants|gunmen|soldiers|troops|insurgents|evacuees|patients|wounded|refugees|"
    r"inhabitants|displaced)\b",
    re.I,
)
_CIVIL_NOUNS = {
    "people",
    "civilians",
    "residents",
    "persons",
    "families",
    "women",
    "children",
    "evacuees",
    "patients",
    "wounded",
    "refugees",
    "inhabitants",
    "displaced",
    "men",
}
_FIGHTER_NOUNS = {"rebels", "fighters", "militants", "gunmen", "soldiers", "troops", "insurgents"}
_GENERIC_ATTACK = re.compile(r"^(?:attacks?|assaults?)$", re.I)
_OFFENSIVE_ADJ = re.compile(
    r"^\s+(?:actions?|attacks?|operations?|weapons?|capabilit\w+|strikes?|cyber|"
    r"posture|language|remarks?|comments?)\b",
    re.I,
)
_ATTACK_ADJ = re.compile(
    r"^\s*(?:,\s*)?(?:aircraft|helicopters?|jets?|planes?|drones?|submarines?|dogs?|bomber|fighter|"
    r"ads?|surface|vector|helicopter)\b",
    re.I,
)
_BATTLE_IDIOM = re.compile(r"\b(?:in|into)\s+$|\b(?:uphill|legal|political|court|long|difficult)\s+$", re.I)
_FUTURE_NEAR = re.compile(
    r"\b(?:will|would|to be|plans? to|is to|are to|set to|going to|to)\s+(?:\w+\s+){0,2}$", re.I
)
_INFINITIVE = re.compile(r"\b(?:to|will|would|could|can|may|might|must|should|wants? to|want to)\s+$", re.I)
_CORRIDOR_CONTEXT_SENTENCES = 3
_REACH = 300  # roles and places are looked for this many characters around a trigger, at most
_OBJECT_OF = re.compile(
    r"\b(?:told|tells|asked|urged|met|called|warned|thanked|telephoned|accused|blamed|"
    r"condemned|praised|criticized|criticised)\s+(?:[\w.'\u2019-]+\s+){0,3}$",
    re.I,
)
_DESTROYED = re.compile(
    r"\b(?:destroy(?:ed|ing|s)?|damag(?:ed|ing|es)|seiz(?:ed|ing)|defus(?:ed|ing)|"
    r"dismantl(?:ed|ing)|confiscat(?:ed|ing)|found|cleared|captured|suppressed)\b[^;.]*$",
    re.I,
)
_CALL_SENTENCE = re.compile(
    r"\b(?:call(?:s|ed|ing)? (?:on|for|upon)|urg(?:e|es|ed|ing)|demand(?:s|ed|ing)?)\b", re.I
)


@dataclass(slots=True)
class Trigger:
    family: str
    event_type: str
    start: int  # relative to the sentence
    end: int
    generic: bool = False  # "attacks", "strikes": a hypernym that may take a later, specific type
    attributive: bool = False  # "rebel-held", "besieged X": a status as of the report
    offset_days: int | None = None  # "two days after it opened": dated from the main event's day


@dataclass(slots=True)
class SentenceState:
    """What earlier sentences leave for later ones: narrative date, places, actors, corridor talk."""

    paragraph: int = -1
    narrative_from: int = 0  # the sentence the narrative date was last reset at (a new paragraph)
    headline_skipped: bool = False  # sentence 0 restates the title: it leaves no date or place
    last_corridor_sentence: int = -10_000
    last_strike_actor: tuple | None = None
    last_bullet_actor: tuple | None = None
    last_strike_target: tuple | None = None  # (target id, raw): what a list of strikes is against
    last_armed_group: ActorMatch | None = (
        None  # the last non-state armed group named (an anaphor's antecedent)
    )
    last_armed_group_sentence: int = -10_000


# the literal patterns of the per-trigger rules, compiled once (re.match(pattern, ...) looks its
# compiled form up in re's cache on every call)
_HELD_COMPOUND = re.compile(r"([\w.'\u2019]+(?:-[\w.'\u2019]+)?)-(?:held|controlled|dominated|run|occupied)$")
_ENCLAVE_COMPOUND = re.compile(r"((?:Islamic )?[\w.'\u2019]+)[- ](?:enclaves?|pockets?)$")
_ENDS_BY_OF = re.compile(r"\b(?:by|of)$")
_PARTICIPLE_BY_END = re.compile(
    r"\b(?:held|controlled|run|occupied|backed|supported|led)\s+by\s+(?:\S+\s+){0,2}$"
)
_VERB_END = re.compile(r"(?:ed|took|overran|fought|struck|hit|fell|entered|shot)$")
_VERB_START = re.compile(r"(?:fired|launched|dropped|detonated)\b")
_MODIFIER_GAP = re.compile(r"(?:'s|\u2019s)?\s*(?:[\w-]+\s+){0,2}")
_CLAUSE_WORD = re.compile(r"\b(?:was|were|is|are|has|have|had|and|but|to)\b")
_AUXILIARY = re.compile(r"(?:was|were|has|have|had)\b")
_WHERE = re.compile(r",?\s*where\b")


class RuleExtractor:
    """Rule- and dictionary-based extractor (the default): offline, deterministic, fast."""

    name = "rules"
    version = "0.4.1"

    def __init__(self, reference: Reference | None = None):
        self._ref = reference

    @property
    def ref(self) -> Reference:
        if self._ref is None:
            self._ref = load_reference()
        return self._ref

    def extract(self, article: ArticleText) -> tuple[list[Mention], list[MentionLink]]:
        text = article.text or ""
        if not text.strip():
            return [], []
        ctx = build_context(article, self.ref)
        run = _ArticleRun(self, ctx)
        mentions, links = run.run()
        for m in mentions:
            if (
                text[m.sentence_start : m.sentence_end] != m.sentence
                or not (m.sentence_start <= m.span_start < m.span_end <= m.sentence_end)
                or text[m.span_start : m.span_end] != m.trigger_text
            ):
                raise AssertionError(
                    f"evidence span check failed for mention {m.mention_id} of {article.article_id}"
                )
        return mentions, links


class _ArticleRun:
    def __init__(self, extractor: RuleExtractor, ctx: ArticleContext):
        self.x = extractor
        self.ctx = ctx
        self.ref = ctx.ref
        self.pub = ctx.article.published
        self.mentions: list[Mention] = []
        self.links: list[MentionLink] = []
        self.by_sentence: dict[int, list[Mention]] = {}
        self.state = SentenceState()
        self.generic_mentions: list[tuple[Mention, int]] = []
        self.responsibility: dict[int, tuple[str, str]] = {}
        self.sentence_places: dict[int, list[PlaceMatch]] = {}
        self.ids: set[str] = set()
        self.antecedents: list[_Antecedent] = []
        self._dates_cache: dict[tuple[int, bool], list[DateValue]] = {}
        self._military_article: bool | None = None
        # sources, media and monitors report events; they are never the party that acts
        self._non_parties = _non_parties(self.ref)
        self.inherited_actor: set[int] = set()
        self.umbrella_actor: ActorMatch | None = None

    @property
    def military_article(self) -> bool:
        """Three military words in the article's first 20,000 characters (read once, when a
        sentence without military words of its own asks)."""
        if self._military_article is None:
            # the regex's three matches, found by str.find of its words (military.py: same answer)
            self._military_article = military_article(self.ctx.text)
        return self._military_article

    # --- driver ---------------------------------------------------------------------------------

    def run(self) -> tuple[list[Mention], list[MentionLink]]:
        ctx = self.ctx
        spans = [(s.start, s.end) for s in ctx.sentences]
        # regex checks skip the sentences that lack every word the regex requires (same answers)
        self.gates = SentenceGates(ctx.text, spans)
        self._scan_responsibility()
        # lexicon.PREFILTER.search for every sentence in one automaton pass (prefilter.py: same answer)
        candidate = _PREFILTER_SCAN.flags(ctx.text, spans)
        # the gates' answers for every sentence, read once (same answers as gates.search per sentence)
        corridor_may = self.gates.flags(lx.CORRIDOR_NOUN)
        definition_may = self.gates.flags(lx.DEFINITION)
        dispute_may = self.gates.flags(lx.DISPUTE)
        title = (self.ctx.article.title or "").strip()
        for i, s in enumerate(ctx.sentences):
            sentence = ctx.text[s.start : s.end]
            heading = len(sentence) < 40 and i > 0 and not re.search(r"[.!?:]$", sentence)
            if s.paragraph != self.state.paragraph and not s.bullet and not heading:
                self.state.narrative_from = i
                self.state.paragraph = s.paragraph
            if i == 0 and title and sentence.strip() == title:
                self.state.headline_skipped = True
                continue  # the headline restates the lead: its events are told in the text
            corridor_here = corridor_may[i] and marked_found(
                lx.CORRIDOR_NOUN, lx.CORRIDOR_NOUN_AFTER_MARK, sentence
            )
            if "following" in sentence:
                issuer = release_issuer(sentence, ctx.actors[i])
                if issuer is not None:  # a strike list's lead: its issuer acts in the listed strikes
                    self.state.last_strike_actor = (issuer.actor_id, issuer.surface, None, None)
            if candidate[i] and not (definition_may[i] and lx.DEFINITION.search(sentence)):
                self._sentence(i, sentence, corridor_here)
            elif dispute_may[i]:
                # no event of its own, but it may dispute the claim before it ("X disputed the figure")
                self._disputes(i, sentence, [])
            if corridor_here:
                self.state.last_corridor_sentence = i
        self._resolve_generics()
        fill_losers(self.mentions)  # the article's holder of a place loses it when no loser is named
        # the most specific places first (a suburb's row before its city's), then text order
        order = {
            "site": 0,
            "road": 1,
            "neighbourhood": 2,
            "village": 3,
            "town": 4,
            "city": 5,
            "region": 6,
            "country": 7,
        }
        self.mentions.sort(
            key=lambda m: (order.get(m.place_precision or "", 3 if m.place_raw else 8), m.span_start)
        )
        return self.mentions, self.links

    def _scan_responsibility(self) -> None:
        """Claims of responsibility name the attacker for the sentences around them."""
        may = self.gates.flags(_RESPONSIBILITY)
        for i, s in enumerate(self.ctx.sentences):
            if not may[i]:
                continue
            sentence = self.ctx.text[s.start : s.end]
            m = _RESPONSIBILITY.search(sentence)
            if not m:
                continue
            before = [a for a in self.ctx.actors[i] if a.end <= m.start() and a.name_type != "generic"]
            after = [a for a in self.ctx.actors[i] if a.start >= m.end()] if "by" in m.group(0) else []
            pick = (before[-1] if before else None) or (after[0] if after else None)
            if pick:
                for j in range(max(0, i - 2), min(len(self.ctx.sentences), i + 1)):
                    self.responsibility.setdefault(j, (pick.actor_id, pick.surface))

    # --- one sentence -----------------------------------------------------------------------------

    def _sentence(self, i: int, sentence: str, corridor_here: bool) -> None:
        # each trigger lexicon runs once per sentence, with only the alternatives its words allow
        strike_ms, control_ms = lx.STRIKE_AND_CONTROL.finditer_gated(self.gates, i, sentence)
        corridor = self._corridor_triggers(i, sentence, corridor_here)
        destroyed = (
            not strike_ms
            and ("estroy" in sentence or "lew up" in sentence or "emolish" in sentence)  # cheap gate first
            and lx.DESTROYED_MILITARY_OBJECT.search(sentence) is not None
        )
        if not (strike_ms or control_ms or corridor or destroyed):
            # no trigger can come of it (the steps skipped have no side effects): only a dispute
            self.umbrella_actor = None
            self.by_sentence[i] = []
            if self.gates.may(lx.DISPUTE, i):  # find_disputes finds nothing without DISPUTE's words
                self._disputes(i, sentence, [])
            return
        ctx = self.ctx
        actors = self._usable_actors(i, sentence)
        places = ctx.places[i]
        claims = find_claims(self.ref, sentence, functools.partial(self.gates.may, i=i))
        # (each filter skipped when it has no span to test: most sentences have neither)
        masked = _masked_regions(sentence, -1) if claims else []
        if masked:
            claims = [c for c in claims if not any(a <= c.start < b for a, b in masked)]
        if claims:
            claim_np_spans = [(c.surface_start, c.surface_end) for c in claims]
            actors = [a for a in actors if not any(s <= a.start and a.end <= e for s, e in claim_np_spans)]
            places = [p for p in places if not any(s <= p.start and p.end <= e for s, e in claim_np_spans)]
        self.umbrella_actor = None
        triggers = self._triggers(i, sentence, actors, places, claims, strike_ms, control_ms, corridor)
        triggers = _drop_framing(sentence, triggers)
        made: list[Mention] = []
        for trig in triggers:
            made.extend(self._mentions_for(i, sentence, trig, actors, places, claims))
        self.by_sentence[i] = made
        self._disputes(i, sentence, made)
        for m in made:
            if m.family == "strike" and m.actor_id:
                self.state.last_strike_actor = (m.actor_id, m.actor_raw, m.actor_name, m.actor_side)
            if m.family == "strike" and m.target_id and m.target_id != "civilians":
                self.state.last_strike_target = (m.target_id, m.target_raw)

    def _usable_actors(self, i: int, sentence: str) -> list[ActorMatch]:
        out: list[ActorMatch] = []
        for a in self.ctx.actors[i]:
            after = sentence[a.end : a.end + 40]
            if from_title(after):
                continue  # "Turkey President Recep Tayyip Erdogan": a title, not a party to the event
            if _BACKED.match(after):
                continue  # "U.S.-backed Syrian Democratic Forces": the backer is not the actor
            modifier = a.name_type == "adjective" or (
                a.name_type == "generic" and a.surface.lower() in _MODIFIER_ONLY
            )
            subject = a.name_type == "generic" and _SUBJECT_VERB.match(
                after
            )  # "the government had set up a crossing"
            if modifier and not subject and not ACTOR_NOUNS.match(after) and not _trigger_follows(after):
                continue  # "the Syrian town of Azaz", "the Turkish border"
            if (
                out
                and out[-1].name_type == "generic"
                and a.name_type not in {"adjective", "generic"}
                and _OF_FORMER.fullmatch(sentence[out[-1].end : a.start])
            ):
                prev = out[-1]  # "militants of the former al-Nusra Front": the named group
                out[-1] = ActorMatch(
                    prev.start, a.end, sentence[prev.start : a.end], a.actor_id, a.name_type, a.context
                )
                continue
            if out and sentence[out[-1].end : a.start].strip() in {"", "'s", "\u2019s"}:
                prev = out[-1]
                # "Jihadist Al-Nusra Forces": one noun phrase, the specific name wins
                if prev.name_type in {"adjective", "generic"} and a.name_type not in {"adjective", "generic"}:
                    out[-1] = ActorMatch(
                        prev.start, a.end, sentence[prev.start : a.end], a.actor_id, a.name_type, a.context
                    )
                    continue
                if a.name_type in {"adjective", "generic"}:
                    out[-1] = ActorMatch(
                        prev.start,
                        a.end,
                        sentence[prev.start : a.end],
                        prev.actor_id,
                        prev.name_type,
                        prev.context,
                    )
                    continue
            out.append(a)
        return self._resolve_pejoratives(i, sentence, out)

    def _resolve_pejoratives(self, i: int, sentence: str, found: list[ActorMatch]) -> list[ActorMatch]:
        """'The terrorists detonated ...' after 'attacks by al-Nusra terrorists': a definite pejorative
        generic refers back to the armed group last named (within two sentences), not the generic
        opposition; the sentence's own specific group, if any, is kept for the next ones."""
        st = self.state
        out = []
        for a in found:
            if (
                a.name_type == "generic"
                and st.last_armed_group is not None
                and i - st.last_armed_group_sentence <= 2
                and _PEJORATIVE_ANAPHOR.search(sentence[max(0, a.start - 8) : a.end])
                and not any(b.name_type not in {"generic", "adjective"} for b in found if b is not a)
            ):
                g = st.last_armed_group
                a = ActorMatch(a.start, a.end, a.surface, g.actor_id, "alias", g.context)
            out.append(a)
        for a in found:
            if (
                a.name_type not in {"generic", "adjective"}
                and self.ref.actors[a.actor_id].side in _ARMED_GROUP_SIDES
            ):
                st.last_armed_group, st.last_armed_group_sentence = a, i
        return out

    # --- triggers ---------------------------------------------------------------------------------

    def _triggers(self, i, sentence, actors, places, claims, strike_matches, control_matches, corridor):
        search = functools.partial(self._search_in, i)  # skipped where sentence i lacks the words
        blocked_spans = [(a.start, a.end) for a in actors] + [(p.start, p.end) for p in places]
        blocked_spans += [(c.surface_start, c.surface_end) for c in claims]

        covered = bytearray(len(sentence) + 1)
        for a, b in blocked_spans:
            covered[a:b] = b"\x01" * (b - a)

        def inside_name(s: int, e: int) -> bool:
            return e > s and all(covered[s:e])

        out: list[Trigger] = []
        specific = any(
            m.lastgroup.split("__")[1] not in {"ground_assault", "strike_generic"} for m in strike_matches
        )
        # each context regex is searched once per sentence (the searches have no side effects)
        # not through the gates: its words ("IS" among them, "is" to the lowered gate pass) are in
        # nearly every sentence, so gating it cost the article pass more hits than it saved searches
        military_here = military_sentence(sentence)  # MILITARY_CONTEXT.search, its words a trie
        sports_here = search(lx.SPORTS_CONTEXT, sentence) is not None
        military = military_here or bool(actors) or self.military_article
        # a sports page: "fans laid siege to the ticket office", unless it also speaks of arms
        sports = sports_here and not military_here
        for m in strike_matches:
            etype = m.lastgroup.split("__")[1]
            s, e = m.start(), m.end()
            word = m.group(0)
            if inside_name(s, e) or sports or _not_an_event(sentence, s, e, "strike", etype, search):
                continue
            after = sentence[e : e + 30]
            before = sentence[max(0, s - 30) : s]
            if etype == "strike_generic":
                if not military or sports_here or search(lx.LABOUR_CONTEXT, sentence):
                    continue
                if lx.STRIKE_NOUN_MODIFIER.match(after) or lx.NON_MILITARY_STRIKE.search(before):
                    continue
                if re.search(r"\b(?:a|each|per|every|any|the|these|those)\s+$", before, re.I) or re.search(
                    r"\b(?:which|who|that)\s+(?:have|has|had)\s+(?:conducted|carried out|launched)\s+$",
                    before,
                ):
                    continue  # "in a strike", "the strikes were": generic or anaphoric, not a new event
                etype = (
                    "drone_strike"
                    if re.search(r"\bdrones?\b", sentence, re.I)
                    else ("missile_strike" if re.search(r"\bmissiles?\b", sentence, re.I) else "air_strike")
                )
                out.append(Trigger("strike", etype, s, e, generic=True))
                continue
            if etype == "ground_assault":
                low = word.lower()
                if low.startswith("advance") and re.match(
                    r"\s+(?:a|an|the|their|its|his|her|our|peace|talks)\b", after, re.I
                ):
                    continue  # "advance a political solution"
                if re.search(r"\bto\s+$", before) and low.startswith("advanc"):
                    continue
                if low.startswith("offensive") and _OFFENSIVE_ADJ.match(after):
                    continue
                if _GENERIC_ATTACK.match(low) and (specific or _ATTACK_ADJ.match(after)):
                    if specific:  # "Russian attacks included bombings and shelling": the umbrella's actor
                        prior = [a for a in actors if a.end <= s and s - a.end < 25]
                        self.umbrella_actor = prior[-1] if prior else None
                    continue
                if low.startswith("attack") and sports_here and not military:
                    continue
                generic = bool(_GENERIC_ATTACK.match(low))
                if generic and _RESPONSIBILITY_FOR.search(sentence[max(0, s - 70) : s]):
                    continue  # "claimed responsibility for the attack": the attack told before, not a new one
                if re.match(
                    r"^(?:offensives?|operations?|campaigns?|military operations?)$", low
                ) and re.search(r"\bthe\s+$", before):
                    continue  # "the offensive": a reference back to an event told elsewhere
                out.append(Trigger("strike", etype, s, e, generic=generic))
                continue
            if etype == "armed_clash" and word.lower().startswith("battle") and _BATTLE_IDIOM.search(before):
                continue
            if (
                etype == "armed_clash"
                and not places
                and re.search(r"\b(?:the|this|that|such)\s+$", before, re.I)
            ):
                continue  # "the fighting has displaced 30,000": a reference back, no new clash and no place
            if etype == "armed_clash" and re.match(
                r"\s+(?:positions?|season|age|chance|spirit|units?|vehicles?)\b", after, re.I
            ):
                continue
            if etype in {
                "ied",
                "car_bomb",
                "shelling",
                "missile_strike",
                "drone_strike",
            } and _DESTROYED.search(sentence[max(0, s - 160) : s]):
                continue  # "destroyed ... a VBIED, an IED, two artillery systems": targets, not attacks
            if etype in {"ied", "air_strike"} and word.lower() in {"bombings", "bombing", "bombed"}:
                etype = (
                    "air_strike"
                    if lx.AIR_CUES.search(sentence)
                    or re.match(
                        r"\s+of\s+(?:cities|towns|"
                        r"villages|residential)",
                        after,
                    )
                    else "ied"
                )
            if (
                etype in {"ied", "shelling"}
                and not military
                and word.lower()
                in {"blast", "blasts", "explosion", "explosions", "exploded", "pounded", "shelled"}
            ):
                continue
            if etype == "shelling" and word.lower() == "artillery" and not military:
                continue
            out.append(Trigger("strike", etype, s, e))
        for m in control_matches:
            etype = m.lastgroup.split("__")[1]
            s, e = m.start(), m.end()
            if (
                (inside_name(s, e) and etype != "held")
                or sports
                or _not_an_event(sentence, s, e, "control", etype, search)
            ):
                continue
            low = m.group(0).lower()
            if (
                etype == "withdrawn"
                and re.match(r"(?:regroup|redeploy|relocat)", low)
                and not (
                    _next_place(places, e, 30)
                    or re.match(
                        r"\s*(?:the\s+)?(?:area|city|town|village|positions?|front)\b", sentence[e:], re.I
                    )
                )
            ):
                continue  # "regrouped from scattered factions into an alliance": no place is left
            if etype == "besieged" and _SIEGE_BROKEN.search(sentence[max(0, s - 40) : s]):
                continue  # "after they broke through the siege": the siege is over, nobody besieges now
            if (
                etype == "held"
                and "-" in low
                and low.split("-")[-1] in {"held", "controlled", "dominated", "run", "occupied"}
            ):
                after = sentence[e : e + 60]
                if _HELD_NOT_PLACE.match(after):
                    continue  # "an ISIS-held tank"
                if _HELD_NOUN_THEN_ROUTE.match(after):
                    continue  # "to the government-held districts through X": X is the route, not held
                if not (_HELD_PLACE_NOUN.match(after) or _next_place(places, e, 50)):
                    continue
                out.append(Trigger("control", "held", s, e, attributive=True))
                continue
            if etype == "held" and re.search(r"[- ](?:enclaves?|pockets?)$", low):
                if _next_place(places, e, 50) or (
                    low.endswith("enclave")
                    and re.search(r"\bthe\s+$", sentence[max(0, s - 5) : s])
                    and any(p.end <= s and not p.place_id.startswith(RAW_PREFIX) for p in places)
                ):  # "the government enclave" after the place is named: that place, as of the report
                    out.append(Trigger("control", "held", s, e, attributive=True))
                continue  # "the government enclave in X"; without a place it names nothing
            if etype == "held" and low in {"held by", "controlled by"} and _GENERIC_AREA.search(sentence[:s]):
                continue  # "areas held by the insurgents": no place named
            if (
                etype == "besieged"
                and low.startswith("besieged")
                and (
                    _next_place(places, e, 45)
                    or _ANAPHORA.match(sentence[e : e + 30].lstrip())
                    or re.match(
                        r"\s+(?:\w+\s+){0,2}(?:city|town|area|enclave|districts?|quarters?|neighbou?rhoods?"
                        r"|suburbs?|east|parts)\b",
                        sentence[e : e + 40],
                    )
                )
                and (
                    s == 0
                    or re.search(
                        r"(?:\b(?:the|a|an|of|in|into|from|to|leave|left|its|their|this|that|"
                        r"fully|completely)\s+|now-)$",
                        sentence[max(0, s - 20) : s],
                        re.I,
                    )
                )
            ):
                out.append(Trigger("control", "besieged", s, e, attributive=True))
                continue
            out.append(Trigger("control", etype, s, e))
        if (
            not strike_matches
            and military
            and not sports
            and ("estroy" in sentence or "lew up" in sentence or "emolish" in sentence)
        ):
            obj = lx.DESTROYED_MILITARY_OBJECT.search(sentence)
            if obj and (claims or any(a.end <= obj.start() and a.actor_id != "civilians" for a in actors)):
                # "the army had destroyed a tunnel used by militants": an attack, its means untold
                out.append(Trigger("strike", "ground_assault", obj.start("verb"), obj.end("verb")))
        if any(t.family == "strike" and not t.generic for t in out):
            out = [
                t
                for t in out
                if not (
                    t.family == "strike"
                    and t.generic
                    and sentence[t.start : t.end].lower().startswith("strike")
                )
            ]
        out = _drop_echoes(sentence, out)
        if corridor:  # "closed the X crossing": the crossing's closure, not a supply line cut
            out = [
                t
                for t in out
                if not (t.event_type == "supply_route_cut" and sentence[t.start : t.end].endswith("crossing"))
            ]
        if any(t.family == "control" and t.event_type != "supply_route_cut" for t in out):
            # "seized the Bab al-Hawa border crossing": a crossing taken, no corridor for people
            corridor = [
                c
                for c in corridor
                if not (
                    sentence[c.start : c.end].lower().endswith("crossing")
                    and any(
                        t.family == "control"
                        and _clause_of(sentence, t.start) == _clause_of(sentence, c.start)
                        for t in out
                    )
                )
            ]
        out.extend(corridor)
        return out

    def _corridor_triggers(self, i: int, sentence: str, corridor_here: bool) -> list[Trigger]:
        context = corridor_here or i - self.state.last_corridor_sentence <= _CORRIDOR_CONTEXT_SENTENCES
        if not context:
            return []
        # each regex is skipped where sentence i lacks the words all its matches hold (the gates'
        # answer: a clause is part of the sentence, so a regex the sentence cannot match finds nothing)
        may = self.gates.may
        if (
            may(lx.TRADE_CORRIDOR, i)
            and lx.TRADE_CORRIDOR.search(sentence)
            and not lx.PEOPLE_CORRIDOR.search(sentence)
        ):
            return []  # "a land corridor for goods": trade, not people leaving a war zone
        block_may, noun_may, move_may = (
            may(lx.CORRIDOR_BLOCK, i),
            may(lx.CORRIDOR_NOUN, i),
            may(lx.CORRIDOR_MOVE, i),
        )
        out: list[Trigger] = []
        clauses = _clauses(sentence)
        for cs, ce in clauses:
            clause = sentence[cs:ce]
            block = lx.CORRIDOR_BLOCK.search(clause) if block_may else None
            nouns = (
                list(marked_finditer(lx.CORRIDOR_NOUN, lx.CORRIDOR_NOUN_AFTER_MARK, clause))
                if noun_may
                else []
            )
            moves = [
                m
                for m in (
                    marked_finditer(lx.CORRIDOR_MOVE, lx.CORRIDOR_MOVE_AFTER_MARK, clause) if move_may else ()
                )
                if not _INFINITIVE.search(clause[max(0, m.start() - 12) : m.start()])
                or re.search(r"\bable to\s+$", clause[max(0, m.start() - 12) : m.start()])
            ]
            moves = [  # "but none left", "no one crossed": a use of nobody is a dispute, not a use
                m for m in moves if not _NOBODY_BEFORE.search(clause[max(0, m.start() - 40) : m.start()])
            ]
            moves = [
                m
                for m in moves
                if m.group(0).lower() not in {"leave", "flee", "evacuate", "crossing", "used"}
                or re.search(r"\bable to\s+$", clause[max(0, m.start() - 12) : m.start()])
                or (m.group(0).lower() == "used" and nouns)
            ]
            if block:
                out.append(Trigger("corridor", "blocked", cs + block.start(), cs + block.end()))
                continue
            if not nouns and not (moves and (corridor_here or context)):
                continue
            anchor = nouns[0] if nouns else moves[0]
            etype = None
            open_m = lx.CORRIDOR_OPEN.search(clause) if nouns else None
            opened_now = (
                open_m is not None
                and not _FUTURE_NEAR.search(clause[: open_m.start()])
                and not re.search(
                    r"\b(?:after|since|before|when)\s+(?:it|they)\s+$", clause[: open_m.start()]
                )
            )
            if nouns and lx.CORRIDOR_CLOSE.search(clause):
                etype = "closed"
            elif moves and (nouns or context):
                etype = "used"
                if opened_now:  # "left through a corridor opened by the army": the opening is told too
                    out.append(Trigger("corridor", "opened", cs + anchor.start(), cs + anchor.end()))
            elif nouns:
                if opened_now:
                    etype = "opened"
                elif lx.CORRIDOR_ANNOUNCE.search(clause) or open_m:
                    etype = "announced"
            if etype is None:
                continue
            if etype == "used" and not nouns:
                anchor = moves[0]
            out.append(Trigger("corridor", etype, cs + anchor.start(), cs + anchor.end()))
        # "shut on Tuesday, two days after it opened": the opening is a row of its own (only
        # SEQUENCE's matches make one: skipped where the gates say the sentence lacks its words)
        if out and may(SEQUENCE, i):
            told = {t.event_type for t in out}
            for rel in relative_corridor_events(sentence):
                if rel.event_type not in told:
                    out.append(
                        Trigger("corridor", rel.event_type, rel.start, rel.end, offset_days=rel.offset_days)
                    )
        return out

    # --- one trigger -> mentions ------------------------------------------------------------------

    def _mentions_for(self, i, sentence, trig: Trigger, actors, places, claims) -> list[Mention]:
        cs, ce = _clause_of(sentence, trig.start)
        claim = _claim_for(claims, trig)
        modality = self._modality(i, sentence, cs, ce, trig, claim)
        if modality is None:
            if trig.family == "strike" and not trig.generic:
                # not an event (a call to end it), but it tells what later "attacks" are
                actor = self._actor(i, sentence, trig, actors, cs, ce, None)
                chosen, _, _ = self._places(i, sentence, trig, places, cs, ce, None)
                place = chosen[0][0] if chosen else None
                self.antecedents.append(
                    _Antecedent(
                        self.ctx.sentences[i].start + trig.start,
                        trig.event_type,
                        actor.actor_id if actor else None,
                        actor.surface if actor else None,
                        place.place_id if place is not None else None,
                        place is not None and not isinstance(place, _Inherited),
                    )
                )
            return []
        # places
        chosen, direction, _place_raw_fallback = self._places(i, sentence, trig, places, cs, ce, claim)
        # a control or corridor row needs a place of its own sentence, except a denial restating the
        # claim just before ("Rebels denied blocking anyone"): it is about the claim's place
        if (
            trig.family in {"control", "corridor"}
            and (not chosen or (isinstance(chosen[0][0], _Inherited) and chosen[0][0].start == -2))
            and not (
                chosen
                and modality == "denied"
                and re.search(r"\bden(?:ied|ies|y|ying)\b", sentence[: trig.start], re.I)
                and self._restates_claim(i, trig.family)
            )
        ):
            return []
        if trig.family == "corridor" and all(self._rank(p.place_id) == 7 for p, _ in chosen if p.place_id):
            return []  # a corridor is local: "parts of Ukraine" names none
        # "eleven strikes in Syria and Iraq": a tally over two countries named together sums the events
        # it lists ("fighting alongside Assad's men in Syria ... Lebanon's Shiite group" is no tally)
        tally = (
            trig.family == "strike"
            and chosen
            and all(p.place_id and self._rank(p.place_id) == 7 for p, _ in chosen)
            and self._countries_together(sentence)
        )
        if (
            modality == "denied"
            and chosen
            and isinstance(chosen[0][0], _Inherited)
            and chosen[0][0].start == -2
        ):
            # "X denied that its forces had stopped the buses": the denial is about the place of the
            # claim it answers, not whichever place the sentence before named first
            claimed = self._restated_claim(i, trig.family)
            if claimed is not None and claimed.place_id:
                chosen = [(_Inherited(claimed.place_id, None, -2, -2), None)]
        # date
        date = self._date(i, sentence, trig, cs, ce, modality)
        if modality == "denied" and date is not None and date.start == -1 and not date.raw:
            # "Rebels denied the town had fallen": a denial with no day of its own answers the claim
            # just before it, so it is about that claim's day
            claimed = self._restated_claim(i, trig.family)
            if (
                claimed is not None
                and claimed.event_date
                and chosen
                and chosen[0][0].place_id
                and chosen[0][0].place_id in {claimed.place_id, RAW_PREFIX + (claimed.place_name or "")}
            ):
                date = DateValue(
                    -1,
                    -1,
                    claimed.date_raw or "",
                    claimed.event_date,
                    claimed.date_start,
                    claimed.date_end,
                    claimed.date_precision,
                    "a denial of the claim just before: the claim's day",
                )
        if (
            date is not None
            and date.date_end
            and self.pub
            and date.date_end < self.pub - dt.timedelta(days=HISTORY_DAYS)
            and modality != "hypothetical"  # "had Russia not intervened in 2015, rebels might have taken X"
        ):
            return []  # history told as background
        # a habit told around the trigger, up to the next comma ("the first to fall since 2012" after
        # a comma qualifies the place, not the capture)
        comma = sentence.find(",", trig.end, ce)
        if self._search_in(
            i,
            HABITUAL,
            sentence[max(cs, trig.start - _REACH) : min(ce if comma < 0 else comma, trig.end + _REACH)],
        ) and not (date and date.since):
            return []
        # roles
        actor = self._actor(i, sentence, trig, actors, cs, ce, claim)
        if actor is None and trig.family == "strike" and _BARREL_BOMB.search(sentence[trig.start : trig.end]):
            # barrel bombs are dropped by the Syrian government's helicopters (no other party of the war
            # had them): the weapon names the attacker when the text does not
            actor = ActorMatch(trig.start, trig.end, "", "syrian_government", "alias", None)
        if (
            actor is None
            and trig.event_type == "air_strike"
            and self.ctx.country == "SY"
            and _HELICOPTER.search(sentence[max(cs, trig.start - 40) : trig.end])
        ):
            # in Syria's war the government's helicopters did the bombing (the rebels had none): an
            # unattributed helicopter attack is the government's, as barrel bombs are
            actor = ActorMatch(trig.start, trig.end, "", "syrian_government", "alias", None)
        target = self._target(sentence, trig, actors, cs, ce, actor)
        if (
            target is None
            and trig.family == "strike"
            and (self.ctx.sentences[i].bullet or trig.generic)
            and self.state.last_strike_target
        ):
            # "- Near Sinjar, two strikes destroyed three tunnel entrances": a report's list of strikes
            # is against the party its lead named, as the actor is the lead's
            tid, raw = self.state.last_strike_target
            target = ActorMatch(-2, -2, raw or "", tid, "alias", None)
        if tally:  # no row of its own; its parties act in the strikes listed after it
            if actor is not None and actor.actor_id:
                self.state.last_strike_actor = (actor.actor_id, actor.surface, None, None)
            if target is not None and target.actor_id and target.actor_id != "civilians":
                self.state.last_strike_target = (target.actor_id, target.surface)
            return []
        if trig.family == "control" and trig.event_type == "besieged" and trig.attributive:
            target, actor = self._besieged_roles(sentence, trig, actor, target)
        if trig.family == "control" and trig.event_type == "withdrawn" and actor is not None:
            # the side that pulls out loses the place; whoever it goes to ("ceded X to Y") takes it
            target, actor = actor, self._receiver(sentence, trig, actors, actor)
        out = []
        if not chosen:
            chosen = [(_Inherited("", None, -3, -3), None)]
        for n, (place, pdir) in enumerate(chosen):
            m = self._build(
                i, sentence, trig, modality, claim, place, pdir or direction, date, actor, target, n
            )
            if m is not None:
                out.append(m)
                if m.event_type == "used" and m.people_low is not None:
                    out.extend(self._elliptic_counts(i, sentence, trig, m, cs, ce, modality))
        co = self._co_actor(sentence, actors, actor) if trig.family == "strike" and out else None
        if co is not None:
            out.extend(self._co_actor_rows(out, co, date, sentence))
        return out

    def _co_actor(self, sentence: str, actors, actor) -> ActorMatch | None:
        """'Russian and Syrian jets': the party joined to the actor by 'and' attacked with it."""
        if actor is None or actor.start < 0 or actor.actor_id in {None, "civilians"}:
            return None
        for a in actors:
            if a.actor_id in {None, "civilians", actor.actor_id} or a.actor_id not in self.ref.actors:
                continue
            gap = sentence[a.end : actor.start] if a.end <= actor.start else sentence[actor.end : a.start]
            if re.fullmatch(r"\s+(?:and|&)\s+", gap):
                return a
        # "Russian and Syrian jets": the first adjective shares the second's noun
        adj = re.search(r"\b([A-Z][\w'-]+)\s+(?:and|&)\s+$", sentence[max(0, actor.start - 40) : actor.start])
        words = (actor.surface or "").split()
        if adj and len(words) >= 2:
            found = [
                f
                for f in self.ref.find_actors(f"{adj.group(1)} {words[-1]}")
                if f.actor_id not in {actor.actor_id, "civilians"} and f.actor_id in self.ref.actors
            ]
            if found:
                start = max(0, actor.start - 40) + adj.start(1)
                end = start + len(adj.group(1))
                return ActorMatch(start, end, adj.group(1), found[0].actor_id, found[0].name_type, None)
        return None

    def _co_actor_rows(self, made: list[Mention], co: ActorMatch, date, sentence: str) -> list[Mention]:
        """One more row per row made, with the joint attacker as actor (the contract has one actor a row;
        rows of one article that agree on type, place and day are one event to the scorer)."""
        aid, raw, name, side = self._party(co, date, sentence)
        out = []
        for m in list(made):
            if aid is None or m.actor_id == aid or m.target_id == aid:
                continue
            extra = Mention(**{f: getattr(m, f) for f in m.__slots__ if f != "mention_id"})
            extra.actor_id, extra.actor_raw, extra.actor_name, extra.actor_side = aid, raw, name, side
            extra.mention_id = stable_id(m.mention_id, "co-actor", aid)
            if self._keep(extra):
                out.append(extra)
        return out

    def _countries_together(self, sentence: str) -> bool:
        """Two countries joined by 'and' ('in Syria and Iraq', 'across Iraq and Syria')."""
        found = sorted(
            (p for p in self.ref.find_places(sentence) if p.place_id and self._rank(p.place_id) == 7),
            key=lambda p: p.start,
        )
        return any(
            a.place_id != b.place_id and re.fullmatch(r"\s*(?:and|,|&)\s*", sentence[a.end : b.start])
            for a, b in itertools.pairwise(found)
        )

    def _restated_claim(self, i: int, family: str) -> Mention | None:
        """The last claimed mention of the family in one of the two sentences before i."""
        for j in (i - 1, i - 2):
            for m in reversed(self.by_sentence.get(j, [])):
                if m.family == family and m.modality == "claimed":
                    return m
        return None

    def _restates_claim(self, i: int, family: str) -> bool:
        """A claimed mention of the family in one of the two sentences before i."""
        return self._restated_claim(i, family) is not None

    def _keep(self, extra: Mention) -> bool:
        """Add a derived row unless its id is already in the article (False: a duplicate, dropped)."""
        if extra.mention_id in self.ids:
            return False
        self.ids.add(extra.mention_id)
        self.mentions.append(extra)
        return True

    def _elliptic_counts(self, i, sentence, trig: Trigger, m: Mention, cs, ce, modality) -> list[Mention]:
        """'85 civilians left through the corridors on Friday and 52 more on Saturday': each further count
        with its own date is a claim of its own, the same corridor use on another day."""
        out = []
        dates = self._dates_cache.get((i, modality == "planned")) or find_dates(sentence, self.pub)
        for q in _ELLIPTIC_MORE.finditer(sentence, trig.end, ce):
            found = [v for v in find_quantities(q.group("q")) if v[0] == 0]
            own = [d for d in dates if q.end() <= d.start <= q.end() + 12 and d.event_date]
            if not found or not own:
                continue  # a count with no date of its own adds to the first claim's day
            d = own[0]
            s0 = self.ctx.sentences[i].start
            extra = Mention(**{f: getattr(m, f) for f in m.__slots__ if f != "mention_id"})
            extra.span_start, extra.span_end = s0 + q.start("q"), s0 + q.end()
            extra.trigger_text = sentence[q.start("q") : q.end()]
            extra.quantity_raw, extra.people_low, extra.people_high = found[0][2], found[0][3], found[0][4]
            extra.event_date, extra.date_start, extra.date_end = d.event_date, d.date_start, d.date_end
            extra.date_precision, extra.date_raw, extra.date_reason = d.precision, d.raw, d.reason
            extra.mention_id = stable_id(m.mention_id, "more", q.start())
            if self._keep(extra):
                out.append(extra)
        return out

    def _modality(self, i, sentence, cs, ce, trig: Trigger, claim: Claim | None) -> str | None:
        search = functools.partial(self._search_in, i)  # skipped where sentence i lacks the words
        clause_before = sentence[max(cs, trig.start - _REACH) : trig.start]
        before_all = sentence[max(0, trig.start - _REACH) : trig.start]
        if search(lx.CALL, clause_before) or search(_CALL_SENTENCE, before_all):
            return None  # calls and demands: the call is not an event
        if search(_CONDEMNED_BARE, clause_before) and not _NAMED_TARGET_AFTER.match(
            sentence[trig.end : trig.end + 30]
        ):
            return None  # "condemned attacks on civilians": attacks in general, no event
        if trig.attributive:
            return "claimed" if claim else "asserted"
        hyp = search(lx.HYPOTHETICAL, before_all[max(0, len(before_all) - 200) :])
        offset = max(0, trig.start - _REACH)
        if search(_SHOULD, before_all) or search(_CONDITIONAL, clause_before):
            return "hypothetical"
        if hyp and (offset + hyp.start() + max(0, len(before_all) - 200)) >= cs:
            word = hyp.group(0).lower()
            if word == "would" and (claim or trig.family == "corridor"):
                pass  # reported future: an announcement, handled below
            else:
                return "hypothetical"
        planned = search(lx.PLANNED, clause_before)
        if planned:
            if trig.family == "corridor" and trig.event_type == "announced" and claim:
                return "claimed"
            if trig.family == "corridor" and trig.event_type == "announced":
                return "asserted"
            return "planned"
        if claim and claim.verb.lower() in {"denied", "denies"}:
            if not _AND_SAID.search(sentence[claim.end : trig.start]):
                return "denied"
            # "X denied the town had fallen and said its fighters were still fighting": the second
            # verb asserts, it does not deny
            return "claimed"
        near = sentence[max(cs, trig.start - 30) : trig.start]
        if search(_NEGATION_BEFORE, near):
            return "denied"
        return "claimed" if claim else "asserted"

    def _search_in(self, i: int, rx: re.Pattern, part: str) -> re.Match | None:
        """rx.search(part) for a part of sentence i, skipped (None) when the sentence lacks the words
        every match of rx holds (prefilter.SentenceGates: the same answer, read from one scan)."""
        return rx.search(part) if self.gates.may(rx, i) else None

    def _places(self, i, sentence, trig, places, cs, ce, claim):
        """[(PlaceMatch-like, direction)], direction, raw fallback."""
        lo, hi = trig.start - _REACH, trig.end + _REACH
        places = [p for p in places if lo <= p.start < hi]
        if trig.family == "control" and trig.event_type == "captured":
            # "took positions near X and were advancing towards Y": Y is where they are heading, not taken
            places = [p for p in places if not _HEADING_TO.search(sentence[max(0, p.start - 80) : p.start])]
        excluded = []
        if claim:
            excluded.append((claim.start, claim.end))
        cands = [
            p
            for p in places
            if cs <= p.start < ce and not (excluded and any(a <= p.start < b for a, b in excluded))
        ]
        if (
            trig.family == "control"
            and trig.event_type == "held"
            and "by" not in sentence[trig.start : trig.end]
        ):
            after = [p for p in cands if p.start >= trig.end]
            if after:
                cands = after
            else:
                ana = self._search_in(i, _ANAPHORA, sentence[trig.end : ce])
                if ana:
                    place = self._antecedent(i, ana.group("kind"))
                    if place is not None:
                        return (
                            [
                                (
                                    place,
                                    _direction(sentence, _Span(trig.end + ana.start(), trig.end + ana.end())),
                                )
                            ],
                            None,
                            None,
                        )
        if trig.event_type == "supply_route_cut" and _AUXILIARY.match(sentence[trig.start :]):
            after = [p for p in cands if p.start >= trig.end]  # "the road ... was cut near X": X
            if after:
                return [(after[0], _direction(sentence, after[0]))], None, None
        where_rel = _WHERE.match(sentence[cs : cs + 10])
        if not cands and where_rel:
            cands = [p for p in places if p.end <= cs]
        if not cands:
            # the trigger's clause names no place: the sentence might (outside the reporting clause)
            rest = [p for p in places if not any(a <= p.start < b for a, b in excluded)]
            rest = _drop_containers(sentence, rest, self.ref) if rest else rest
            if rest and trig.family == "corridor":  # "a corridor from X to Y ..., but buses were blocked"
                rest = [
                    p for p in rest if _ORIGIN_BEFORE.search(sentence[max(0, p.start - 30) : p.start])
                ] or rest
            if rest:
                cands = [min(rest, key=lambda p: abs(p.start - trig.start))]
        direction = None
        if cands:
            pool = (
                [p for p in places if not any(a <= p.start < b for a, b in excluded)] if excluded else places
            )
            kept_all = _drop_containers(sentence, pool, self.ref)
            cands = [
                p for p in _drop_containers(sentence, cands, self.ref) if any(p is k for k in kept_all)
            ] or cands
            primary = min(cands, key=lambda p: (self._rank(p.place_id), abs(p.start - trig.start), p.start))
            if trig.family == "corridor":
                origin = [p for p in cands if _ORIGIN_BEFORE.search(sentence[max(0, p.start - 30) : p.start])]
                if origin:  # "a corridor out of Berdyansk ... left for Zaporizhzhia": where people leave
                    primary = origin[0]
                stop = [
                    p
                    for p in pool
                    if trig.event_type == "blocked"
                    and cs <= p.start < ce
                    and p.start >= trig.end
                    and _STOPPED_AT.search(sentence[max(trig.end, p.start - 30) : p.start])
                ]
                if stop:  # "buses from X were stopped at a checkpoint near Y": the block is at Y
                    return [(stop[0], _direction(sentence, stop[0]))], direction, None
            group = _coordinated(sentence, kept_all, primary, pool)
            if len(group) > 1 and re.search(
                r"\bbetween\s+(?:the\s+)?$", sentence[max(0, group[0].start - 20) : group[0].start]
            ):
                group = group[:1]  # "the road between X and Y": one road, one event, told at its first end
            return [(p, _direction(sentence, p)) for p in group], direction, None
        # anaphora: "the city", "there"
        ana = self._search_in(i, _ANAPHORA, sentence[cs:ce])
        if ana:
            place = self._antecedent(i, ana.group("kind"))
            if place is not None:
                pdir = _direction(sentence, _Span(cs + ana.start(), cs + ana.end()))
                return [(place, pdir)], None, None
        # a placeless sentence: the previous sentence's place in this paragraph, else the article's focus
        prev = [p for p in self._last_places(i) if not _dateline(p)]
        if prev:
            best = min(prev, key=lambda p: (abs(self._rank(p.place_id) - 5),))
            return [(_Inherited(best.place_id, None, -2, -2), None)], None, None
        if self.ctx.focus_place_id:
            return [(_Inherited(self.ctx.focus_place_id, None, -2, -2), None)], None, None
        return [], None, None

    def _first_sentence(self) -> int:
        return 1 if self.state.headline_skipped else 0

    def _last_places(self, i: int) -> list:
        """The places of the last sentence before i that names any, if it is in i's paragraph.

        Read backwards on demand (not carried forward sentence by sentence): most sentences hold
        no event and never need it. A sentence of another paragraph ends the walk with nothing
        whether it names places or not, so its places (the place-frame regexes) are never made."""
        paragraph = self.ctx.sentences[i].paragraph
        sentences, places = self.ctx.sentences, self.ctx.places
        for j in range(i - 1, self._first_sentence() - 1, -1):
            if sentences[j].paragraph != paragraph:
                return []
            found = places[j]
            if found:
                return list(found)
        return []

    def _narrative_date(self, i: int) -> DateValue | None:
        """The first date of the last dated sentence before i since the paragraph began."""
        for j in range(i - 1, max(self.state.narrative_from, self._first_sentence()) - 1, -1):
            key = (j, False)
            if key not in self._dates_cache:
                s = self.ctx.sentences[j]
                self._dates_cache[key] = find_dates(self.ctx.text[s.start : s.end], self.pub)
            dates = [d for d in self._dates_cache[key] if d.event_date is not None and not d.since]
            if dates:
                return dates[0]
        return None

    def _rank(self, place_id: str) -> int:
        if place_id.startswith(RAW_PREFIX):
            return 3  # a name in a place frame: a village or district the gazetteer lacks
        return self.ref.precision_rank(place_id)

    def _antecedent(self, i: int, kind: str | None):
        kind = (kind or "").lower()
        wanted = {
            "city": {"city", "town"},
            "town": {"town", "city", "village"},
            "village": {"village", "town"},
            "capital": {"city"},
            "country": {"country"},
            "province": {"region"},
            "region": {"region"},
        }
        for j in range(i, max(-1, i - 6), -1):
            for p in reversed(self.ctx.places[j]):
                if _dateline(p):
                    continue
                if p.place_id.startswith(RAW_PREFIX):
                    if kind in {"town", "village"}:
                        return _Inherited(p.place_id)  # "the town of Kafr X": a town the gazetteer lacks
                    continue
                prec = self.ref.place(p.place_id).precision
                if kind in wanted and prec not in wanted[kind]:
                    continue
                if kind not in wanted and prec == "country":
                    continue
                return _Inherited(p.place_id)
        # no place of the kind the text names ("inside the village" of a place the gazetteer calls a
        # town): the last place named before, if any
        for j in range(i, max(-1, i - 2), -1):
            for p in reversed(self.ctx.places[j]):
                if p.place_id.startswith(RAW_PREFIX) or self.ref.place(p.place_id).precision != "country":
                    return _Inherited(p.place_id)
        return None

    def _date(self, i, sentence, trig: Trigger, cs, ce, modality) -> DateValue | None:
        future = modality == "planned"
        key = (i, future)
        if key not in self._dates_cache:
            self._dates_cache[key] = find_dates(sentence, self.pub, future=future)
        values = self._dates_cache[key]
        masked = _masked_regions(sentence, trig.start) if values else []
        if masked:
            values = [d for d in values if not any(a <= d.start and d.end <= b for a, b in masked)]
        if trig.attributive:
            return _publication(self.pub, "a descriptor: the status as of publication")
        if trig.offset_days is not None:
            anchors = [d for d in values if d.event_date and d.end <= trig.start]
            anchor = anchors[-1] if anchors else None
            if anchor is None:
                return None  # counted from a day the sentence does not give: refuse rather than guess
            return shifted_date(anchor, trig.offset_days, sentence[trig.start : trig.end])
        in_clause = [d for d in values if cs <= d.start < ce]
        pick = None
        if in_clause:
            pick = min(in_clause, key=lambda d: abs(d.start - trig.start))
            later = [d for d in in_clause if d.start >= trig.end]
            if pick.end <= trig.start and later and "," in sentence[pick.end : trig.start]:
                # "X, the alliance formed last month, seized Y on Friday": a date inside an aside
                # before the verb describes the subject; the verb's own date follows it
                pick = min(later, key=lambda d: d.start)
        elif values:
            pick = min(values, key=lambda d: abs(d.start - trig.start))
        if pick is not None:
            if (
                trig.family == "control"
                and trig.event_type in {"held", "besieged", "contested"}
                and pick.since
            ):
                return pick
            return pick
        nd = self._narrative_date(i)
        if nd is not None and (
            self.ctx.sentences[i].paragraph == self.state.paragraph or self.ctx.sentences[i].bullet
        ):
            return DateValue(
                -1,
                -1,
                nd.raw,
                nd.event_date,
                nd.date_start,
                nd.date_end,
                nd.precision,
                f"no date in the sentence: the narrative date of its paragraph ({nd.raw})",
            )
        return _publication(self.pub, "no date in the sentence: reported as of publication")

    def _actor(self, i, sentence, trig: Trigger, actors, cs, ce, claim):
        """(actor_id, raw, match) or None."""
        if trig.family == "control" and trig.event_type == "contested":
            return None
        trigger_text = sentence[trig.start : trig.end]
        compound = _HELD_COMPOUND.match(trigger_text) or _ENCLAVE_COMPOUND.match(trigger_text)
        if compound:
            found = self.ref.find_actors(compound.group(1)) or self.ref.find_actors(
                compound.group(1) + " forces"
            )  # "government-held": the government's forces hold it
            if found:
                f = found[-1]
                return ActorMatch(
                    trig.start,
                    trig.start + len(compound.group(1)),
                    compound.group(1),
                    f.actor_id,
                    f.name_type,
                    f.context,
                )
            return None
        lo, hi = max(cs, trig.start - _REACH), min(ce, trig.end + _REACH)
        clause_actors = [
            a
            for a in actors
            if lo <= a.start < hi and a.actor_id != "civilians" and a.actor_id not in self._non_parties
        ]
        clause_actors = outside_fronted_condition(sentence, trig.start, clause_actors)
        if (
            trig.family == "strike"
        ):  # "rebel-held X came under fire": the holder describes X, it does not fire
            clause_actors = [a for a in clause_actors if not _HOLDER_COMPOUND.match(sentence, a.end)]
        inside = [a for a in clause_actors if trig.start <= a.start and a.end <= trig.end]
        if inside and not _EXPEL.match(trigger_text):  # "drove the rebels out of X": they lose it
            return inside[0]  # "under Islamic State control"
        straddling = [a for a in clause_actors if a.start < trig.start < a.end]
        if straddling:
            return straddling[0]  # "Russian planes hit": the actor's noun is the trigger's subject
        before = [a for a in clause_actors if a.end <= trig.start]
        after = [a for a in clause_actors if a.start >= trig.end]
        if _ENDS_BY_OF.search(trigger_text) and after and after[0].start - trig.end < 30:
            return after[0]  # "held by the SDF", "in the hands of rebels"
        # passive or nominal "by X"
        for a in after:
            if _BY_BEFORE.search(sentence[max(trig.end, a.start - 25) : a.start]) and a.start - trig.end < 60:
                gap = sentence[trig.end : a.start]
                if _OPERATED_BY.match(gap):
                    return a  # "corridors run by the army": the trigger noun's own participle
                if _PARTICIPLE_BY_END.search(gap) or _REDUCED_RELATIVE.match(gap):
                    continue  # "taking over positions held by rebels": the agent of "held", not the trigger
                return a
        # "accused X of ..."
        for a in before:
            if _ACCUSED.search(sentence[max(0, a.start - 12) : a.start]):
                return a
        # adjective / genitive right before a noun trigger: "Russian air strikes", "Turkey's airstrikes"
        nominal = not _VERB_END.search(trigger_text.lower()) and not _VERB_START.match(trigger_text.lower())
        if before and nominal:
            last = before[-1]
            gap = sentence[last.end : trig.start]
            if _MODIFIER_GAP.fullmatch(gap) and not _CLAUSE_WORD.search(gap):
                return last
        if trig.family == "control" and trig.event_type == "held" and trig.attributive:
            return None  # "rebel-held": the holder is inside the trigger
        passive = _PASSIVE.search(sentence[max(0, trig.start - 20) : trig.start])
        if not passive:
            subjects = [
                a
                for a in before
                if not _STANCE_VERB_AFTER.match(sentence, a.end)  # "X condemns the attack": X did not attack
                and (
                    _COMPLEMENTIZER_BEFORE.search(sentence[max(cs, a.start - 40) : a.start])
                    or not _PREP_BEFORE.search(sentence[max(cs, a.start - 40) : a.start])
                )
                and not _OBJECT_OF.search(sentence[max(cs, a.start - 40) : a.start])
            ]
            if subjects:
                return subjects[0]
        if trig.family == "strike":
            source = _source_after(sentence, trig, after)
            if source is not None:
                return source  # "rocket fire from rebel positions"
        if (
            claim
            and claim.actor_id
            and claim.end <= trig.start
            and _OWN_FORCES.search(sentence[claim.end : trig.end])  # the trigger may hold the noun
        ):
            return ActorMatch(
                claim.surface_start,
                claim.surface_end,
                claim.text,
                self._forces_of(claim.actor_id),
                "alias",
                None,
            )  # "the coalition said its aircraft had struck", "Moscow denied its jets bombed"
        if (
            claim
            and claim.actor_id
            and claim.end <= trig.start
            and re.search(
                r"^\W*(?:\w+\W+){0,3}?(?:that\s+)?(?:they|it)\s+(?:had\s+|have\s+|has\s+)?(?:\w+ly\s+)?$",
                sentence[claim.end : trig.start],
            )
        ):
            return ActorMatch(
                claim.surface_start, claim.surface_end, claim.text, claim.actor_id, "alias", None
            )  # "rebels said on Sunday they had taken X": the speakers took it
        if (
            claim
            and trig.family == "corridor"
            and trig.event_type in {"announced", "opened"}
            and claim.actor_id
        ):
            return ActorMatch(
                claim.surface_start, claim.surface_end, claim.text, claim.actor_id, "alias", None
            )
        if self.umbrella_actor is not None and trig.family == "strike":
            return self.umbrella_actor
        shared = gerund_clause_subject(
            sentence,
            trig.start,
            trigger_text,
            outside_fronted_condition(
                sentence, trig.start, [a for a in actors if a.actor_id not in self._non_parties]
            ),
        )
        if shared is not None:
            return shared  # "X took the hill after cutting the road": X cut it
        if trig.family == "strike" and claim is not None:
            blamed = blamed_party(sentence, actors, trig.end)
            if blamed is not None:
                return blamed  # "..., the ministry said, blaming the YPG": the attacker it names
        resp = self.responsibility.get(i)
        if resp and trig.family == "strike":
            return ActorMatch(-1, -1, resp[1], resp[0], "alias", None)
        if (
            trig.family == "strike"
            and (self.ctx.sentences[i].bullet or trig.generic)
            and self.state.last_strike_actor
        ):
            aid, raw, _, _ = self.state.last_strike_actor
            return ActorMatch(-2, -2, raw or "", aid, "alias", None)
        return None

    def _forces_of(self, actor_id: str) -> str:
        """Whose forces 'its troops' are: a ministry or media outlet speaks for its state (the
        Russian Defence Ministry's troops are Russia's), anyone else for itself."""
        a = self.ref.actors.get(actor_id)
        if a is not None and a.kind in {"ministry", "media"} and a.parent_id in self.ref.actors:
            return a.parent_id
        return actor_id

    def _actor_side(self, match: ActorMatch) -> str | None:
        found = self.ref.actors.get(match.actor_id) if match.actor_id else None
        return found.side if found else None

    def _target(self, sentence, trig: Trigger, actors, cs, ce, actor) -> ActorMatch | None:
        lo, hi = max(cs, trig.start - _REACH), min(ce, trig.end + _REACH)
        clause_actors = [
            a for a in actors if lo <= a.start < hi and (actor is None or a.start != actor.start)
        ]
        after = [a for a in clause_actors if a.start >= trig.end]
        before = [a for a in clause_actors if a.end <= trig.start]
        if trig.family == "corridor":
            return None
        if trig.family == "control":
            if trig.event_type == "captured" and _EXPEL.match(sentence[trig.start : trig.end]):
                inside = [a for a in actors if trig.start <= a.start and a.end <= trig.end]
                if inside:
                    return inside[0]
            if trig.event_type in {"captured", "withdrawn"}:
                for a in after:
                    if re.search(
                        r"\bfrom\s+(?:the\s+)?(?:[\w-]+\s+){0,2}$",
                        sentence[max(trig.end, a.start - 25) : a.start],
                    ):
                        return a
            if trig.event_type in {"besieged", "captured"}:
                held = re.search(r"([\w.'-]+)-(?:held|controlled)", sentence[trig.end : trig.end + 60])
                if held:
                    found = self.ref.find_actors(held.group(1)) or self.ref.find_actors(
                        held.group(1) + " forces"
                    )
                    if found:
                        return ActorMatch(-1, -1, held.group(0), found[0].actor_id, found[0].name_type, None)
            if trig.event_type == "captured" and actor is not None:
                return self._loser(sentence, trig, actors, actor)
            if trig.event_type == "besieged" and not trig.attributive:
                # "the encirclement/siege of IS militants in Raqqa": the party named right after the
                # siege noun or verb is the one shut in (a side other than the besieger's)
                for a in after:
                    if a.start - trig.end > 40:
                        break
                    if re.fullmatch(
                        r"\s*(?:of|around)?\s*(?:the\s+)?(?:[\w-]+\s+){0,2}", sentence[trig.end : a.start]
                    ) and (actor is None or self._actor_side(a) != self._actor_side(actor)):
                        return a
            if trig.event_type in {"besieged", "supply_route_cut"}:
                # "cut the Castello Road into rebel-held eastern Aleppo": the holder of what is cut off
                actor_side = (
                    self.ref.actors[actor.actor_id].side
                    if actor and actor.actor_id in self.ref.actors
                    else None
                )
                for held in re.finditer(r"([\w.'\u2019-]+)-(?:held|controlled)", sentence[cs:ce]):
                    found = self.ref.find_actors(held.group(1)) or self.ref.find_actors(
                        held.group(1) + " forces"
                    )
                    if found and self.ref.actor(found[0].actor_id).side != actor_side:
                        return ActorMatch(-1, -1, held.group(0), found[0].actor_id, found[0].name_type, None)
            return None
        for a in after:
            if a.start - trig.end > 80:
                break
            if (
                _TARGET_PREP.search(sentence[max(trig.end, a.start - 40) : a.start])
                or a.start - trig.end <= 3
                or (
                    _VERB_TRIGGER_END.search(sentence[trig.start : trig.end])
                    and _OBJECT_GAP.match(sentence[trig.end : a.start])
                )
            ):
                return a
        victims = [a for a in clause_actors if a.actor_id == "civilians"]
        if victims and _HARMED.search(sentence[lo:hi]):
            return victims[0]  # "43 people killed in a car bomb blast in the rebel-held town": the people
        held = re.search(r"([\w.'\u2019-]+)-(?:held|controlled)", sentence[trig.end : min(ce, trig.end + 50)])
        if held:
            found = self.ref.find_actors(held.group(1))
            if found:
                return ActorMatch(-1, -1, held.group(0), found[0].actor_id, found[0].name_type, None)
        if _PASSIVE.search(sentence[max(0, trig.start - 25) : trig.start]) and before:
            return before[0]
        if _UNDERGOES_BEFORE.search(sentence[max(cs, trig.start - 60) : trig.start]):
            held = re.search(r"([\w.'\u2019-]+)-(?:held|controlled)", sentence[cs : trig.start])
            found = self.ref.find_actors(held.group(1)) if held else []
            if found:
                return ActorMatch(-1, -1, held.group(0), found[0].actor_id, found[0].name_type, None)
            if before:
                return before[0]
        victims = [a for a in clause_actors if a.actor_id == "civilians"]
        if victims:
            return victims[0]
        return None

    def _besieged_roles(self, sentence, trig: Trigger, actor, target):
        """'rebels left besieged X': who is in the besieged place loses; in Syria a besieged rebel or
        jihadist enclave implies the government as the besieger (the sieges of the war's reporting)."""
        gap = sentence[actor.end : trig.start] if actor is not None and 0 <= actor.end <= trig.start else ""
        if gap and len(gap) < 40 and _INSIDE_VERB.search(gap):
            target, actor = target or actor, None
        if actor is None and target is not None and self.ctx.country == "SY":
            lost = self.ref.actors.get(target.actor_id)
            if (
                lost is not None
                and lost.side in {"opposition", "jihadist"}
                and "syrian_government" in self.ref.actors
            ):
                actor = ActorMatch(-1, -1, "", "syrian_government", "generic", None)
        return target, actor

    def _receiver(self, sentence: str, trig: Trigger, actors, loser: ActorMatch) -> ActorMatch | None:
        for a in actors:
            if a.start < trig.end or a.start - trig.end > 120 or a.actor_id == loser.actor_id:
                continue
            if re.search(
                r"\b(?:to|by)\s+(?:the\s+)?(?:[\w'-]+\s+){0,2}$", sentence[max(0, a.start - 25) : a.start]
            ):
                return a
        return None

    def _loser(self, sentence: str, trig: Trigger, actors, actor: ActorMatch) -> ActorMatch | None:
        """Who lost the place: a party of another side named later in the sentence ("took X after
        pushing out Y", "captured X, dealing a blow to Y", "seized X after Y fled")."""
        won = self.ref.actors.get(actor.actor_id)
        for a in actors:
            if a.start < trig.end or a.start - trig.end > 160 or a.actor_id == "civilians":
                continue
            lost = self.ref.actors.get(a.actor_id)
            if won is None or lost is None or lost.side in {won.side, "unknown", "civilian"}:
                continue
            if lost.kind in {"media", "monitor", "international", "civil_society", "person"}:
                continue
            if _ALLY_BEFORE.search(sentence[max(0, a.start - 30) : a.start]):
                continue
            return a
        return None

    # --- building the row -------------------------------------------------------------------------

    def _build(
        self, i, sentence, trig, modality, claim, place, direction, date, actor, target, n
    ) -> Mention | None:
        ctx = self.ctx
        s = ctx.sentences[i]
        place_obj = (
            self.ref.place(place.place_id)
            if place.place_id and not place.place_id.startswith(RAW_PREFIX)
            else None
        )
        raw_place = place.surface if isinstance(place, PlaceMatch) else None
        actor_fields = self._party(actor, date, sentence)
        target_fields = self._party(target, date, sentence)
        if actor_fields[0] and target_fields[0] == actor_fields[0]:
            target_fields = (None, None, None, None)
        fam, etype = trig.family, trig.event_type
        mention = Mention(
            article_id=ctx.article.article_id,
            family=fam,
            event_type=etype,
            sentence=sentence,
            sentence_start=s.start,
            sentence_end=s.end,
            span_start=s.start + trig.start,
            span_end=s.start + trig.end,
            trigger_text=sentence[trig.start : trig.end],
            extractor=self.x.name,
            extractor_version=self.x.version,
            actor_raw=actor_fields[1],
            actor_id=actor_fields[0],
            actor_name=actor_fields[2],
            actor_side=actor_fields[3],
            target_raw=target_fields[1],
            target_id=target_fields[0],
            target_name=target_fields[2],
            target_side=target_fields[3],
            place_raw=raw_place,
            place_id=place_obj.place_id if place_obj else None,
            place_name=(
                _strip_article(raw_place)
                if raw_place
                else place_obj.name
                if place_obj
                else _raw_name(place.place_id)  # "inside the village" of a village the gazetteer lacks
            ),
            latitude=place_obj.latitude if place_obj else None,
            longitude=place_obj.longitude if place_obj else None,
            place_precision=place_obj.precision if place_obj else None,
            place_direction=direction,
            event_date=date.event_date if date else None,
            date_start=date.date_start if date else None,
            date_end=date.date_end if date else None,
            date_precision=date.precision if date else None,
            date_raw=date.raw if date and date.start >= 0 else None,
            date_reason=date.reason if date else "no publication date and no date in the text: refused",
            claimant=claim.text if claim else None,
            claimant_id=claim.actor_id if claim else None,
            claimant_side=claim.side if claim else None,
            reporting_verb=claim.verb if claim else None,
            modality=modality,
        )
        if fam == "strike":
            self._fatalities(i, sentence, trig, mention)
        if fam == "corridor":
            self._people(sentence, trig, mention)
        if n:
            mention.mention_id = stable_id(
                mention.mention_id, "place", n, mention.place_id or mention.place_name
            )
        if mention.mention_id in self.ids:
            return None
        self.ids.add(mention.mention_id)
        self.mentions.append(mention)
        if trig.generic:
            self.generic_mentions.append((mention, i))
            if actor is not None and actor.start == -2:
                self.inherited_actor.add(id(mention))
        return mention

    def _country_named(self, code: str, sentence: str | None) -> bool:
        """The sentence names the country ("..., the Syrian army said"): its generic forces are meant."""
        country = self.ref.country_place(code)
        stem = country.name[:5] if country is not None else ""
        return bool(sentence and stem and re.search(r"\b" + re.escape(stem), sentence))

    def _party(self, match: ActorMatch | None, date: DateValue | None, sentence: str | None = None):
        if match is None:
            return None, None, None, None
        actor = self.ref.actors.get(match.actor_id)
        if actor is None:
            return None, match.surface, match.surface, "unknown"
        countries = self.ctx.country_counts
        if (
            match.context
            and self.ctx.country
            and countries[match.context] < countries[self.ctx.country]
            and not self._country_named(match.context, sentence)
        ):
            return None, match.surface, match.surface, "unknown"  # "rebels" outside Syria
        day = date.event_date if date else None
        aid = actor.actor_id
        if actor.kind == "generic" and aid == "civilians":
            return aid, match.surface, "civilians", "civilian"
        return aid, match.surface or None, self.ref.actor_name_on(aid, day), actor.side

    def _fatalities(self, i: int, sentence: str, trig: Trigger, m: Mention) -> None:
        # through the gates: most strike sentences hold no word of death, and then the search of
        # the 600 characters around the trigger is skipped (the same answer)
        if not self._search_in(i, _FATAL, sentence[max(0, trig.start - _REACH) : trig.end + _REACH]):
            return
        best = None
        for qs, qe, raw, low, high in _quantities(sentence):
            if abs(qs - trig.start) > _REACH:
                continue
            after = sentence[qe : qe + 60]
            before = sentence[max(0, qs - 30) : qs]
            noun = _PEOPLE_NOUN.match(after)
            killed_after = re.match(
                r"^\s*(?:[\w-]+\s+){0,3}?(?:were |have been |had been |was |are )?(?:killed|dead|"
                r"died)\b",
                after,
            )
            killed_before = re.search(
                r"\b(?:killed|killing|kills|kill|death toll (?:\w+ ){0,3}(?:to|at|of))\s+$", before
            )
            if (noun or killed_before) and (killed_after or killed_before):
                if re.search(r"\bwounded|injured\b", sentence[qe : qe + 25]) and not killed_after:
                    continue
                dist = abs(qs - trig.start)
                if best is None or dist < best[0]:
                    best = (dist, raw, low, high)
        if best:
            m.fatalities_low, m.fatalities_high = best[2], best[3]
            m.quantity_raw = best[1]

    def _people(self, sentence: str, trig: Trigger, m: Mention) -> None:
        nouns_window = sentence[trig.start - 150 if trig.start > 150 else 0 : trig.end + 150]
        if m.event_type == "used":
            best = None
            own_clause = _clause_of(sentence, trig.start)
            for qs, qe, raw, low, high in _quantities(sentence):
                if abs(qs - trig.start) > _REACH:
                    continue
                noun = _PEOPLE_NOUN.match(sentence[qe : qe + 40])
                if not noun or re.search(r"\bincluding\s+$", sentence[max(0, qs - 12) : qs]):
                    continue  # "1,237 civilians, including 415 children": the part is not the total
                # a count in the trigger's own clause beats a nearer one of the next clause ("169 civilians
                # left through corridors, and 69 militants laid down their arms")
                dist = (_clause_of(sentence, qs) != own_clause, abs(qs - trig.start))
                if best is None or dist < best[0]:
                    best = (dist, raw, low, high, qe)
            if best:
                m.quantity_raw, m.people_low, m.people_high = best[1], best[2], best[3]
                nouns_window = sentence[best[4] : best[4] + 60]
        if m.event_type != "used":  # who may leave is said in the trigger's own clause, not by its actors'
            cs, ce = _clause_of(sentence, trig.start)
            nouns_window = sentence[cs:ce]
        words = set(re.findall(r"[a-z]+", nouns_window.lower()))
        civil = bool(words & _CIVIL_NOUNS)
        fighters = bool(words & _FIGHTER_NOUNS)
        m.population = (
            "mixed" if civil and fighters else "civilians" if civil else "fighters" if fighters else None
        )
        d = re.search(
            r"\b(?:out of|from|left|leave|leaving|fled|exit(?:ed)?)\s+(?:the\s+)?(?:besieged\s+)?"
            r"(?P<p>[A-Z][\w'-]+(?:\s+[A-Z][\w'-]+)?|eastern [A-Z]\w+|east [A-Z]\w+)",
            sentence,
        )
        if d:
            m.direction = f"out of {d.group('p')}"
        else:
            d = re.search(
                r"\b(?:into|to|towards)\s+(?:the\s+)?(?:government-held\s+)?(?P<p>[A-Z][\w'-]+)", sentence
            )
            if d and m.event_type == "used":
                m.direction = f"into {d.group('p')}"

    # --- disputes and generic references ---------------------------------------------------------

    def _disputes(self, i: int, sentence: str, made: list[Mention]) -> None:
        s = self.ctx.sentences[i]
        # find_disputes finds nothing without DISPUTE's words (the gate's answer, read once per article)
        for d in find_disputes(self.ref, sentence) if self.gates.may(lx.DISPUTE, i) else ():
            targets = [m for m in made if m.modality == "claimed" and m.span_start - s.start < d.start]
            counted = _COUNT_DISPUTE.search(sentence[d.start : d.end])
            # the claim may lie a sentence or two back when the ones between only elaborate it ("X said
            # 169 left. Its general said aid was given. The monitor disputed the figures."): the nearest
            # earlier sentence with a claim (with a number, when the figures are disputed) is the one
            for j in range(i - 1, max(-1, i - 4), -1):
                if targets:
                    break
                targets = [
                    m
                    for m in self.by_sentence.get(j, [])
                    if m.modality == "claimed"
                    and (
                        j == i - 1 or not counted or m.people_low is not None or m.fatalities_low is not None
                    )
                ]
            for m in targets:
                m.disputed = True
                m.disputed_by = d.disputer
                m.dispute_sentence = sentence
        # a denial that restates an earlier claim: both rows are disputed and linked
        for den in (m for m in made if m.modality == "denied"):
            for j in range(i, max(-1, i - 3), -1):
                for other in self.by_sentence.get(j, []):
                    if other is den or other.modality != "claimed" or other.family != den.family:
                        continue
                    if COARSE[other.event_type] != COARSE[den.event_type]:
                        continue
                    if den.place_id and other.place_id and den.place_id != other.place_id:
                        continue
                    other.disputed = den.disputed = True
                    other.disputed_by = den.claimant or den.actor_raw
                    other.dispute_sentence = den.sentence
                    den.disputed_by = other.claimant
                    den.dispute_sentence = other.sentence
                    self.links.append(
                        MentionLink(
                            den.mention_id,
                            other.mention_id,
                            "disputes",
                            self.x.name,
                            self.x.version,
                            den.sentence,
                        )
                    )

    def _resolve_generics(self) -> None:
        """'Turkish attacks', 'Da'esh attacks in Jabla': take the specific type the article gives."""
        generic_ids = {id(g) for g, _ in self.generic_mentions}
        known = [
            _Antecedent(
                o.span_start, o.event_type, o.actor_id, o.actor_raw, o.place_id, o.place_raw is not None
            )
            for o in self.mentions
            if o.family == "strike" and id(o) not in generic_ids
        ]
        known += self.antecedents
        for m, _ in self.generic_mentions:
            same_place = [
                o for o in known if m.place_id and m.place_raw is not None and o.place_id == m.place_id
            ]
            if re.search(
                r"\b(?:other|another|further|more)\s+$", m.sentence[: m.span_start - m.sentence_start]
            ):
                continue
            inherited = id(m) in self.inherited_actor
            same_actor = [
                o
                for o in known
                if m.actor_id
                and not inherited
                and o.actor_id == m.actor_id
                and 0 < m.span_start - o.position < 1500
            ]
            pick = (same_place or sorted(same_actor, key=lambda o: m.span_start - o.position) or [None])[0]
            if pick is None:
                continue
            if COARSE[m.event_type] == "air" and COARSE[pick.event_type] != "air":
                continue
            m.event_type = pick.event_type
            if m.place_raw is None and pick.place_id and pick.named_place and same_actor:
                if pick.place_id.startswith(RAW_PREFIX):
                    continue
                place = self.ref.place(pick.place_id)
                m.place_id, m.place_name, m.latitude, m.longitude = (
                    place.place_id,
                    place.name,
                    place.latitude,
                    place.longitude,
                )
                m.place_precision = place.precision


@dataclass(frozen=True, slots=True)
class _Antecedent:
    position: int
    event_type: str
    actor_id: str | None
    actor_raw: str | None
    place_id: str | None
    named_place: bool


# --- helpers -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Span:
    start: int
    end: int


# "..., in the biggest advance of an offensive launched ten days ago": a trailing phrase that sets the
# event told before it in its campaign (no event of its own)
_CONDEMNED_BARE = re.compile(
    r"\b(?:condemn|denounc|deplor)(?:e|es|ed|s|ing)?\s+(?:indiscriminate\s+)?$", re.I
)
_FRAMING = re.compile(
    r",\s*(?:in|as part of|during|amid|marking)\s+(?:the|its|their|an?)\s+(?:[\w-]+\s+){0,3}$"
    r"|\bof\s+(?:the|its|their|an?)\s+(?:[\w-]+\s+){0,2}$",
    re.I,
)


def _dateline(place) -> bool:
    """'BEIRUT (Wire) -': where the report was filed, not where its events are."""
    surface = getattr(place, "surface", None) or ""
    return place.start < 3 and len(surface) > 2 and surface.isupper()


def _drop_framing(sentence: str, triggers: list) -> list:
    """Ground-assault triggers in a framing phrase after another event of the sentence are dropped."""
    out = []
    for t in triggers:
        if (
            t.family == "strike"
            and t.event_type == "ground_assault"
            and any(o.start < t.start and o is not t and o.event_type != "ground_assault" for o in triggers)
        ):
            tail = sentence[: t.start]
            comma = tail.rfind(",")
            if comma >= 0 and _FRAMING.search(tail[comma:]):
                continue
        out.append(t)
    return out


@dataclass(frozen=True, slots=True)
class _Inherited:
    """A place taken from context, not named in the sentence."""

    place_id: str
    surface: None = None
    start: int = -1
    end: int = -1


def _raw_name(place_id: str | None) -> str | None:
    """The name of a place the gazetteer lacks, kept in its raw id (context.RAW_PREFIX + name)."""
    return place_id[len(RAW_PREFIX) :] if place_id and place_id.startswith(RAW_PREFIX) else None


def _strip_article(name: str) -> str:
    return _LEADING_ARTICLE.sub("", name.strip())


_LEADING_ARTICLE = re.compile(r"^(?:the|al|el|ar|ad|as|an|at|ash|az)[-\s\u2010\u2011](?=\S)", re.I)


_TITLE_AFTER = re.compile(
    r"^\s+(?:President|Prime Minister|Foreign Minister|Defen[cs]e Minister|Minister|"
    r"Secretary|Governor|Ambassador|Envoy|leader|spokesman|envoy|ambassador|official)\b"
)


def from_title(after: str) -> bool:
    return bool(_TITLE_AFTER.match(after))


def _trigger_follows(after: str) -> bool:
    return bool(lx.STRIKE_RX.match(after.lstrip()) or lx.CONTROL_RX.match(after.lstrip()))


_OWN_FORCES = re.compile(
    r"\b(?:its|their)\s+(?:own\s+)?(?:[\w-]+\s+)?(?:jets|warplanes|planes|aircraft|helicopters|drones|bombers|"
    r"artillery|forces|troops|fighters|units|army|military|navy|warships|militants|men|gunmen|soldiers|"
    r"air force)\b|\bone of (?:its|their) (?:fighters|members|militants|men)\b",
    re.I,
)


_FIRING_POSITION = re.compile(r"^\s*(?:positions?|areas?|lines|-held|-controlled|forces|fighters)\b")


def _source_after(sentence: str, trig: Trigger, after: list[ActorMatch]) -> ActorMatch | None:
    """Fire named for where it came from: "shelling from rebel positions", "rockets fired from X"."""
    for a in after:
        if a.start - trig.end > 50:
            break
        before = sentence[max(trig.end, a.start - 20) : a.start]
        if re.search(r"\bfrom\s+(?:the\s+)?(?:[\w-]+\s+){0,1}$", before) and _FIRING_POSITION.match(
            sentence[a.end :]
        ):
            return a
    return None


def _next_place(places, pos: int, within: int):
    for p in places:
        if pos <= p.start <= pos + within:
            return p
    return None


@functools.lru_cache(maxsize=64)
def _quantities(sentence: str):
    return find_quantities(sentence)


@functools.lru_cache(maxsize=256)
def _clauses(sentence: str) -> list[tuple[int, int]]:
    cuts = [0] + [m.start() for m in _CLAUSE_BREAK.finditer(sentence)] + [len(sentence)]
    return [(a, b) for a, b in itertools.pairwise(cuts) if b > a]


def _clause_of(sentence: str, pos: int) -> tuple[int, int]:
    for a, b in _clauses(sentence):
        if a <= pos < b:
            return a, b
    return 0, len(sentence)


def _claim_for(claims: list[Claim], trig: Trigger) -> Claim | None:
    for c in claims:
        if c.start <= trig.start < c.end and not (c.scope_start <= trig.start < c.scope_end):
            continue  # the trigger is in the reporting phrase itself
        if c.scope_start <= trig.start < c.scope_end:
            return c
    return None


@functools.lru_cache(maxsize=256)
def _side_regions(sentence: str) -> tuple[tuple[int, int], ...]:
    spans = [(m.start(), m.end()) for m in re.finditer(r"\([^()]*\)", sentence)]
    spans += [
        (m.start(), m.end())
        for m in re.finditer(r",\s*(?:which|who)\b(?:[^,()]*\([^()]*\)|[^,]{0,80}(?:,|$))", sentence)
    ]
    return tuple(spans)


def _masked_regions(sentence: str, keep: int) -> list[tuple[int, int]]:
    """Parentheses and relative clauses that do not hold the trigger: their dates are not its dates."""
    return [(a, b) for a, b in _side_regions(sentence) if not (a <= keep < b)]


def _drop_containers(sentence: str, cands, ref: Reference):
    """'Rashidin in southwestern Aleppo', 'Irpin, near Kyiv': first."""
    cands = sorted(cands, key=lambda p: p.start)
    drop = set()
    for a, b in itertools.pairwise(cands):
        gap = sentence[a.end : b.start]
        if len(gap) <= 60 and _CONTAINER_GAP.match(gap) and not re.search(r"\band\b", gap):
            drop.add(id(b))
    kept = [p for p in cands if id(p) not in drop]
    return kept or cands


def _coordinated(sentence: str, cands, primary, all_places=None):
    """The primary place and those listed with it ("in Chernihiv, Kharkiv and Mariupol"); a container
    between two listed places ("Jabla in the province of Latakia, and the port city of Tartus") does not
    break the list and is not listed itself."""
    pool = sorted(all_places or cands, key=lambda p: p.start)
    kept = {id(p) for p in cands}
    idx = next((n for n, p in enumerate(pool) if p is primary), None)
    if idx is None:
        return [primary]
    group = [primary]
    for step in (-1, 1):
        j = idx
        while 0 <= j + step < len(pool):
            a, b = (pool[j + step], pool[j]) if step < 0 else (pool[j], pool[j + step])
            gap = sentence[a.end : b.start]
            if _COORD_GAP.match(gap) or (
                len(gap) <= 60 and _CONTAINER_GAP.match(gap) and "and" not in gap.split()
            ):
                group.append(pool[j + step])
                j += step
            else:
                break
    return sorted((p for p in group if id(p) in kept), key=lambda p: p.start)


_DROPPED_RELIEF = re.compile(
    r"^\s+(?:[\w-]+\s+){0,4}(?:leaflets|flyers|food|aid|supplies|parcels|medicine|water|rations)\b", re.I
)
_ROAD_BEFORE = re.compile(
    r"\b(?:road|roads|highway|route|routes|supply lines?|supply routes?|artery|lifeline|M\d+)\b[^.;]{0,70}$",
    re.I,
)
_ECHO_WORDS = {"struck", "exploded", "explosion", "explosions", "blast", "blasts", "overran"}
# "helicopters dropped" beside "barrel bombs": the same raid told twice
_AIRCRAFT_VERB = re.compile(
    r"^(?:(?:war)?planes?|jets|aircraft|helicopters|bombers)\s.*"
    r"(?:dropped|destroyed|struck|hit|bombed|pounded|targeted|attacked)$"
)
# what "overran" took: a post or a line is an assault; a town or an area changes hands
_OVERRAN_POST = re.compile(
    r"^\s+(?:[\w'\u2019-]+\s+){0,3}(?:posts?|positions?|checkpoints?|outposts?|defen[cs]es|lines|units?|"
    r"convoys?|barricades?|trenches)\b",
    re.I,
)


@functools.cache
def _non_parties_cached(ref_id: int, ref: Reference) -> frozenset[str]:
    return frozenset(
        a.actor_id
        for a in ref.actors.values()
        if a.kind in {"media", "monitor"} or a.actor_id == "generic_sources"
    )


def _non_parties(ref: Reference) -> frozenset[str]:
    return _non_parties_cached(id(ref), ref)


def _drop_echoes(sentence: str, out: list[Trigger]) -> list[Trigger]:
    """A bare verb that only retells the clause's specific attack ("suicide bombers struck", "a car
    bomb exploded", "was struck by an IED") is no second event; "overran" is a capture of what it
    names unless that is a post or a line, then an assault; "control ... remains contested" holds
    nothing."""
    keep = []
    for t in out:
        word = sentence[t.start : t.end].lower()
        echo = word in _ECHO_WORDS or bool(_AIRCRAFT_VERB.match(word))
        if t.family == "strike" and echo and word != "overran":
            cs, ce = _clause_of(sentence, t.start)
            if any(
                o is not t
                and o.family == "strike"
                and not o.generic
                and sentence[o.start : o.end].lower() not in _ECHO_WORDS
                and not _AIRCRAFT_VERB.match(sentence[o.start : o.end].lower())
                and cs <= o.start < ce
                for o in out
            ):
                continue
        if t.family == "control" and t.event_type == "held" and word == "control":
            cs, ce = _clause_of(sentence, t.start)
            if any(o.event_type == "contested" and cs <= o.start < ce for o in out):
                continue  # "control of the city remains contested": nobody holds it
        if word == "overran" and any(o is not t and (o.start, o.end) == (t.start, t.end) for o in out):
            post = bool(_OVERRAN_POST.match(sentence[t.end : t.end + 60]))
            if (t.family == "control") == post:
                continue
        keep.append(t)
    return keep


def _not_an_event(sentence: str, s: int, e: int, family: str, etype: str, search=re.search) -> bool:
    """A trigger word in a frame that tells no event: an idiom ("strike a deal", "shelling out"), a
    test or drill, a statistic, a memory ("the anniversary of the attack"), a photograph, goods or
    hostages taken, words attacked, police work. `search(rx, text)`: rx.search(text), or a gated
    version of it that skips regexes whose words the sentence lacks."""
    after = sentence[e : e + 80]
    before = sentence[max(0, s - 60) : s]
    if lx.NOT_EVENT_AFTER.match(after) or search(lx.NOT_EVENT_BEFORE, before):
        return True
    word = sentence[s:e].lower()
    if word.startswith("shell") and re.match(r"\s+out\b(?!\s+of\b)", after):
        return True  # "shelling out twice as much": paying
    if word.endswith("dropped") and _DROPPED_RELIEF.match(after):
        return True  # "planes dropped leaflets / food": no strike
    if etype == "supply_route_cut" and re.match(r"(?:was|were|has|have|had)\b", word):
        return not _ROAD_BEFORE.search(before)  # "electricity was cut" is no road
    if family == "control" and etype == "captured" and lx.NOT_TERRITORY_AFTER.match(after):
        return True
    if family == "strike" and word.startswith(("attack", "assault")) and lx.ATTACK_ON_WORDS.match(after):
        return True
    return family == "strike" and word.startswith("raid") and bool(lx.POLICE_BEFORE.search(before))


def _direction(sentence: str, place) -> str | None:
    if place.start < 0:
        return None
    before = sentence[max(0, place.start - 60) : place.start]
    low = lowered(before)
    if "north" not in low and "south" not in low and "east" not in low and "west" not in low:
        # every match of either regex holds a compass word (as re.IGNORECASE reads the text:
        # prefilter.lowered); most places have none before them, and neither regex scans
        return None
    return _direction_by_regex(before)


def _direction_by_regex(before: str) -> str | None:
    """_direction's answer for the text before the place, from the two regexes alone."""
    m = _DISTANCE_DIR.search(before) or _DIRECTION.search(before)
    return m.group("dir").lower().replace("-", "") if m else None


def _publication(pub: dt.date | None, reason: str) -> DateValue | None:
    if pub is None:
        return None
    return DateValue(-1, -1, "", pub, pub, pub, "day", reason)
