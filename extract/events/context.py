"""What one article gives every sentence: its sentences, actor and place matches, focus places.

Built once per article so the rules read dictionary matches by sentence without re-scanning, and
can resolve "the city" or an undated, placeless sentence from what came before.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

from extract.events.marked_search import after_mark, marked_found
from extract.events.sentences import Sentence, split_sentences
from extract.models import ArticleText
from extract.reference import ActorMatch, PlaceMatch, Reference

_LOCATIVE = re.compile(
    r"(?:\b(?:in|near|at|to|towards?|from|outside|into|around|across|of|inside|through|"
    r"within|over|on|toward)\s+(?:the\s+)?(?:(?:northern|southern|eastern|western|central|"
    r"north|south|east|west|rural|besieged|rebel-held|government-held|regime-held|war-torn|"
    r"(?:town|city|village|capital|country) of)\s+){0,2})$",
    re.I,
)
# _LOCATIVE by the character before its match (marked_search.py): it starts with a word boundary
# before a preposition's first letter
_LOCATIVE_AFTER_MARK = after_mark(_LOCATIVE.pattern, _LOCATIVE.flags)
ACTOR_NOUNS = re.compile(
    r"^\W*(?:[\w-]+\s+)?(?:forces|troops|army|military|jets|warplanes|planes|aircraft|artillery|helicopters|"
    r"drones?|soldiers|fighters|militia|militias|militiamen|attacks?|strikes?|air ?strikes?|air raids?|"
    r"warships?|ships|vessels|submarines?|tank|gunships?|bombs?|barrel bombs|shells|mortars?|"
    r"shelling|bombardment|bombers|offensive|positions|navy|police|gunboats|tanks|units|side|missiles?|"
    r"rockets?|raids?|invasion|advance|assault|operations?|commandos|special forces|paratroopers|marines|"
    r"gunmen|bombing|counteroffensive|campaign|defen[cs]e ministry|military's|government)\b",
    re.I,
)
TITLE_AFTER = re.compile(
    r"^\s+(?:President|Prime Minister|Foreign Minister|Defen[cs]e Minister|Minister|"
    r"Secretary|Governor|Gov\.|Ambassador|Envoy|Secretary-General|spokesman|spokeswoman|"
    r"official|leader|envoy|ambassador|Chief|chief|embassy|Embassy|parliament|border|"
    r"frontier|capital|-based)\b"
)


RAW_PREFIX = "raw:"
# "\b(?=[...])": every frame starts with one of these letters; the lookahead spares the engine the
# alternation at most positions (the same matches, faster)
_UNKNOWN_PLACE = re.compile(
    r"\b(?=[tvcdnsabrphio])(?:(?:the\s+)?(?:town|village|city|district|neighbou?rhood|suburb|area|camp|"
    r"base|airbase|air base|"
    r"crossing|region|province|hamlet|settlement|port|countryside|towns|villages|cities|districts|"
    r"neighbou?rhoods|suburbs|areas)\s+of|in|near|outside|into|towards?|around|"
    r"(?:crossing|checkpoint|corridor|passage|base|airport)\s+at)\s+"
    r"(?P<name>(?:(?:al|el|ar|ad|as|ash|az|an)-)?[A-Z][a-z\u00e0-\u024f'\u2019]+"
    r"(?:[ -](?:(?:al|el|ar|ad|as|ash|"
    r"az|an)-)?[A-Z][a-z\u00e0-\u024f'\u2019]+){0,2})"
)
_FRAME_LEAD = r"\b(?=[tvcdnsabrphio])"
assert _UNKNOWN_PLACE.pattern.startswith(_FRAME_LEAD)
# _UNKNOWN_PLACE's frame after the character before it (marked_search.py: after_mark checks the
# frame's first letter with the mark), its boundary not at all (see _place_frames)
_FRAME_AFTER_MARK = after_mark(_UNKNOWN_PLACE.pattern[len(_FRAME_LEAD) :])


def _place_frames(sentence: str) -> Iterator[re.Match]:
    """The matches of _UNKNOWN_PLACE.finditer(sentence), by their name groups: a frame starts with a
    lowercase letter, so a boundary before it is the sentence's start or a character that is no
    word character, and a frame after the previous name starts at its end or later. _UNKNOWN_PLACE's
    scan tried the boundary at every position (tests/extract/test_place_frames.py compares them)."""
    m = _UNKNOWN_PLACE.match(sentence)
    pos = 0
    if m is not None:
        yield m
        pos = m.end("name") - 1
    search = _FRAME_AFTER_MARK.search
    while (m := search(sentence, pos)) is not None:
        mark = m.start()
        if sentence[mark].isalnum():  # a word character outside ASCII: no boundary before the frame
            pos = mark + 1
            continue
        yield m
        pos = m.end("name") - 1


_NAME = (
    r"(?:(?:al|el|ar|ad|as|ash|az|an)-)?[A-Z][a-z\u00e0-\u024f'\u2019]+"
    r"(?:[ -](?:(?:al|el|ar|ad|as|ash|az|an)-)?[A-Z][a-z\u00e0-\u024f'\u2019]+){0,2}"
)
# "the Kafr Naha area", "the Bab al-Hawa border crossing", "the Wadi Deif military base"
# "the(?<=\bthe)" is "\bthe" with a literal first, which the regex engine finds by a fast search
_UNKNOWN_PLACE_BEFORE_NOUN = re.compile(
    r"the(?<=\bthe)\s+(?P<name>" + _NAME + r")\s+(?:area|district|neighbou?rhood|quarter|suburb|village|town|"
    r"(?:border\s+)?crossing|(?:military\s+|air\s+)?base|airbase|airport|camp|checkpoint|roundabout|"
    r"hills?|mountains?|valley|dam|highway|road|region|countryside|front|plain)\b"
)
# "recaptured al-Hobeit", "shelled ad-Dumayr": an article-prefixed name right after an event verb
# (it needs a "-": a sentence without one is not searched)
_UNKNOWN_PLACE_AFTER_VERB = re.compile(
    r"\b(?:captured|recaptured|seized|took|retook|entered|stormed|overran|shelled|bombed|struck|hit|"
    r"besieged|encircled|liberated|regained|attacked|raided|pounded)\s+(?P<name>(?:al|el|ar|ad|as|ash|"
    r"az|an)-[A-Z][a-z\u00e0-\u024f'\u2019]+(?:[ -][A-Z][a-z\u00e0-\u024f'\u2019]+){0,1})\b"
)
_LISTED_NAME = re.compile(r"(?:,\s*(?:and\s+)?|\s+and\s+)(?P<name>" + _NAME + r")")
_NOT_PLACE_WORDS = {
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
    "The",
    "This",
    "That",
    "Moscow",
    "Washington",
    "Geneva",
    "Brussels",
    "London",
    "Paris",
    "Astana",
    "Sochi",
    "New",
    "President",
    "Minister",
    "General",
    "Secretary",
    "Operation",
    "Security",
    "Council",
    "Resolution",
    "Cessation",
    "Hostilities",
    "Islamic",
    "State",
    "Army",
    "Forces",
    "Front",
    "Ministry",
    "Observatory",
    "Reuters",
    "Twitter",
    "Telegram",
    "Facebook",
    "Christmas",
    "Ramadan",
    "Eid",
    "God",
    "Allah",
    "English",
    "Arabic",
    "Europe",
    "World",
    "War",
    "Prime",
}


def _wider_names(sentence: str, known: list, actors: list, before_noun: list) -> tuple[list, list]:
    """ "the Tariq al-Bab district", "the Daraa al-Balad district": a name before a place noun that
    holds a shorter gazetteer name (al-Bab, Daraa) is the place; the shorter match is dropped.
    before_noun: the matches of _UNKNOWN_PLACE_BEFORE_NOUN in the sentence."""
    added, dropped = [], []
    for m in before_noun:
        s, e = m.start("name"), m.end("name")
        inner = [p for p in known if s <= p.start and p.end <= e]
        if not inner or any(p.start < e and s < p.end for p in known if p not in inner):
            continue
        if all(p.end - p.start == e - s for p in inner) or any(a.start < e and s < a.end for a in actors):
            continue
        if m.group("name").split()[0] in _NOT_PLACE_WORDS or s == 0:
            continue
        dropped.extend(inner)
        added.append(PlaceMatch(s, e, m.group("name"), RAW_PREFIX + m.group("name")))
    return added, dropped


def _unknown_places(sentence: str, known: list, actors: list, before_noun: list) -> list:
    """Names the gazetteer lacks, in a place frame ("the village of Hobeit", "near Abbasiyin").
    before_noun: the matches of _UNKNOWN_PLACE_BEFORE_NOUN in the sentence."""
    out = []
    taken = [(p.start, p.end) for p in known] + [(a.start, a.end) for a in actors]
    frames = itertools.chain(
        _place_frames(sentence),
        before_noun,
        _UNKNOWN_PLACE_AFTER_VERB.finditer(sentence) if "-" in sentence else (),
    )
    for m in frames:
        name = m.group("name")
        s, e = m.start("name"), m.end("name")
        first = name.split()[0].split("-")[-1]
        if first in _NOT_PLACE_WORDS or any(a < e and s < b for a, b in taken) or s == 0:
            continue
        # "Aleppo Governor" is a title; "the Nassib border crossing" names its place noun itself
        if m.re is not _UNKNOWN_PLACE_BEFORE_NOUN and TITLE_AFTER.match(sentence[e : e + 25]):
            continue
        out.append(PlaceMatch(s, e, name, RAW_PREFIX + name))
        taken.append((s, e))
        # "the besieged towns of Foua and Kefraya": the names listed with it are places too
        for more in _LISTED_NAME.finditer(sentence, e):
            if more.start() != e:
                break
            s2, e2 = more.start("name"), more.end("name")
            e = e2
            if more.group("name").split()[0] in _NOT_PLACE_WORDS or any(a < e2 and s2 < b for a, b in taken):
                continue
            out.append(PlaceMatch(s2, e2, more.group("name"), RAW_PREFIX + more.group("name")))
            taken.append((s2, e2))
    return out


class SentenceActors:
    """Each sentence's actor matches, made on first read from the article's one dictionary scan (an
    ActorMatch is a frozen dataclass, dear to make, and most sentences of an article are never read)."""

    __slots__ = ("_done", "_raw", "_sentences", "_text")

    def __init__(self, text: str, sentences: list[Sentence], raw: list[list[tuple]]):
        self._text = text
        self._sentences = sentences
        self._raw = raw  # per sentence: (start, end, actor_id, name_type, context), sentence offsets
        self._done: list[list[ActorMatch] | None] = [None] * len(sentences)

    def __len__(self) -> int:
        return len(self._done)

    def __getitem__(self, i: int) -> list[ActorMatch]:
        found = self._done[i]
        if found is None:
            s0 = self._sentences[i].start
            text = self._text
            found = self._done[i] = [
                ActorMatch(start, end, text[s0 + start : s0 + end], actor_id, name_type, context)
                for start, end, actor_id, name_type, context in self._raw[i]
            ]
        return found


class SentencePlaces:
    """Each sentence's places: the gazetteer's matches (found for the whole article up front) and,
    on first read, the names in a place frame the gazetteer lacks. Those frames are the costly
    regexes, and most sentences of an article hold no event: only the sentences a rule reads pay."""

    __slots__ = ("_actors", "_done", "_known", "_sentences", "_text")

    def __init__(self, text: str, sentences: list[Sentence], known: list[list], actors: SentenceActors):
        self._text = text
        self._sentences = sentences
        self._known = known
        self._actors = actors
        self._done: list[list[PlaceMatch] | None] = [None] * len(sentences)

    def __len__(self) -> int:
        return len(self._done)

    def __getitem__(self, i: int) -> list[PlaceMatch]:
        found = self._done[i]
        if found is None:
            s = self._sentences[i]
            known = self._known[i]
            sentence = self._text[s.start : s.end]
            # the place-noun matches read by both steps, found once
            before_noun = list(_UNKNOWN_PLACE_BEFORE_NOUN.finditer(sentence))
            wider, dropped = (
                _wider_names(sentence, known, self._actors[i], before_noun) if known else ([], [])
            )
            if dropped:
                known = [p for p in known if not any(p is d for d in dropped)] + wider
            found = known + _unknown_places(sentence, known, self._actors[i], before_noun)
            found.sort(key=lambda p: p.start)
            self._done[i] = found
        return found


@dataclass(slots=True)
class ArticleContext:
    article: ArticleText
    text: str
    ref: Reference
    sentences: list[Sentence]
    actors: SentenceActors  # per sentence (list-like), offsets relative to the sentence
    places: SentencePlaces  # per sentence, offsets relative to the sentence
    country: str | None  # the country most of the article's places lie in
    focus_place_id: str | None
    place_counts: Counter = field(default_factory=Counter)  # gazetteer places only
    country_counts: Counter = field(default_factory=Counter)  # their countries


def build_context(article: ArticleText, ref: Reference) -> ArticleContext:
    text = article.text or ""
    sentences = split_sentences(text)
    # the article's actor and place names in one dictionary scan, each made once as a match object
    # with offsets relative to its sentence (a name that crosses a sentence end belongs to none);
    # the scan folds the text itself (matching.folded_marked), in the same pass that marks it
    actor_spans, place_spans = ref.find_in_article(text)
    starts = [s.start for s in sentences]
    # actors stay (start, end, actor_id, name_type, context) tuples, offsets relative to their
    # sentence, until a rule reads the sentence (SentenceActors): most sentences are never read
    per_actor: list[list[tuple]] = [[] for _ in sentences]
    per_place: list[list[PlaceMatch]] = [[] for _ in sentences]
    where = bisect.bisect_right
    for start, end, actor_id, name_type, context in actor_spans:
        i = where(starts, start) - 1
        if i >= 0 and end <= sentences[i].end:
            s0 = starts[i]
            per_actor[i].append((start - s0, end - s0, actor_id, name_type, context))
    for start, end, place_id, fuzzy in place_spans:
        i = where(starts, start) - 1
        if i >= 0 and end <= sentences[i].end:
            s0 = starts[i]
            per_place[i].append(PlaceMatch(start - s0, end - s0, text[start:end], place_id, fuzzy))
    # a name that is both an actor and a place ("Damascus", "Syria", "Kyiv"): a place after a
    # locative preposition, an actor otherwise; titles ("Aleppo Governor") are neither
    for i, plist in enumerate(per_place):
        if not plist:
            continue
        s = sentences[i]
        sentence = text[s.start : s.end]
        keep_places, drop_actors = [], set()
        for p in plist:
            if TITLE_AFTER.match(sentence[p.end : p.end + 25]) or sentence[p.end : p.end + 6] == "-based":
                continue
            overlapping = [a for a in per_actor[i] if a[0] < p.end and p.start < a[1]]
            if not overlapping:
                keep_places.append(p)
                continue
            genitive = sentence[p.end : p.end + 2] in {"'s", "\u2019s"}
            if (
                not genitive
                and marked_found(_LOCATIVE, _LOCATIVE_AFTER_MARK, sentence[max(0, p.start - 40) : p.start])
                and all(a[0] >= p.start and a[1] <= p.end for a in overlapping)
            ):
                keep_places.append(p)
                drop_actors.update(id(a) for a in overlapping)
        per_place[i] = keep_places
        if drop_actors:
            per_actor[i] = [a for a in per_actor[i] if id(a) not in drop_actors]
    counts: Counter = Counter()
    countries: Counter = Counter()
    for plist in per_place:
        for p in plist:
            counts[p.place_id] += 1
            countries[ref.place(p.place_id).country_code] += 1
    country = countries.most_common(1)[0][0] if countries else None
    focus = None
    if counts:
        order = {pid: n for n, pid in enumerate(p.place_id for plist in per_place for p in plist)}
        focus = max(counts, key=lambda pid: (counts[pid], -order[pid]))
    actors = SentenceActors(text, sentences, per_actor)
    places = SentencePlaces(text, sentences, per_place, actors)
    return ArticleContext(article, text, ref, sentences, actors, places, country, focus, counts, countries)
