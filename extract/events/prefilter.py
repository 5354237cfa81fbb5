"""A case-insensitive literal scan that answers `rx.search(sentence)` for every sentence at once.

`lexicon.PREFILTER` is an alternation of plain words searched with re.IGNORECASE. Python's `re`
tries every alternative at every position, which made that "cheap" check the costliest step of an
article. Here the same words go into one Aho-Corasick automaton run over the lowered text, once per
article, and a sentence passes when a word lies wholly inside its span: the same answer as the
regex (re.IGNORECASE matches an ASCII letter only to itself, its other case, and the four
characters folded below), so no output changes. A pattern that is not a plain alternation of words
falls back to the regex itself.
"""

from __future__ import annotations

import operator
import re
import threading
from collections.abc import Sequence
from re import _constants as _c
from re import _parser

import ahocorasick

from extract.reference.textfold import non_ascii_runs
from extract.reference.trie_order import insertion_order

# the only non-ASCII characters re.IGNORECASE matches to an ASCII letter (besides KELVIN SIGN,
# which str.lower() already turns into "k"); str.lower() keeps every other character's length
_IGNORECASE_EXTRA = (("\u0130", "i"), ("\u0131", "i"), ("\u017f", "s"))
_PLAIN_WORD = re.compile(r"[A-Za-z -]+")


def lowered(text: str) -> str:
    """text.lower() with the same length, folding the characters re.IGNORECASE treats as i and s."""
    if text.isascii():
        return text.lower()
    for char, ascii_char in _IGNORECASE_EXTRA:
        if char in text:
            text = text.replace(char, ascii_char)
    # str.lower() maps each character on its own but for the capital sigma (final or not by its
    # neighbours), and lowers ASCII fast only in an all-ASCII string: an article with a few curly
    # quotes is lowered by its ASCII and non-ASCII runs (tests/extract/test_lowered_by_runs.py)
    if "\u03a3" in text:
        return text.lower()
    parts, pos = [], 0
    for start, end in non_ascii_runs(text):
        parts.append(text[pos:start].lower())
        parts.append(text[start:end].lower())
        pos = end
    parts.append(text[pos:].lower())
    return "".join(parts)


class LiteralScan:
    """The sentences in which a regex of plain alternatives (re.IGNORECASE) finds a match."""

    def __init__(self, rx: re.Pattern):
        self._rx = rx
        words = rx.pattern.split("|")
        plain = bool(rx.flags & re.IGNORECASE) and all(_PLAIN_WORD.fullmatch(w) for w in words)
        self._automaton = None
        if plain:
            self._automaton = ahocorasick.Automaton()
            for w in insertion_order({w.lower() for w in words}):
                self._automaton.add_word(w, len(w))
            self._automaton.make_automaton()

    def flags(self, text: str, spans: Sequence[tuple[int, int]]) -> list[bool]:
        """For each span (start, end) of text: does rx.search(text[start:end]) find anything?"""
        if self._automaton is None:
            return [self._rx.search(text[s:e]) is not None for s, e in spans]
        gates = getattr(_ARTICLE, "gates", None)
        if gates is not None and gates.text is text and gates.spans == spans:
            # the article's SentenceGates scan answers for these words in its one automaton pass
            return list(gates.flags(self))
        return self.flags_by_span(text, spans)

    def flags_by_span(
        self, text: str, spans: Sequence[tuple[int, int]], low: str | None = None
    ) -> list[bool]:
        low = lowered(text) if low is None else low
        it = self._automaton.iter
        # each span's slice, not it(low, s, e): the automaton reads the whole string it is given on
        # every call, which made long texts (a 5 MB page of short sentences) quadratic
        return [next(it(low[s:e]), None) is not None for s, e in spans]

    @property
    def words(self) -> set[str] | None:
        """The lowered words (None: not a plain alternation, the regex itself is run)."""
        return None if self._automaton is None else set(self._automaton.keys())


_REPEATS = (_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", _c.MAX_REPEAT))


def required_clauses(rx: re.Pattern) -> list[set[str]]:
    """Sets of lowered ASCII strings such that every match of rx holds a string of each set.

    Read from the regex's parse tree: a run of literal characters must appear, a branch needs one
    of its alternatives' requirements, a group or a repeat of at least one needs its body's.
    Anything else (classes, assertions, non-ASCII letters whose case re.IGNORECASE may fold) just
    ends a run, which only weakens the condition, never makes it wrong.
    """
    try:
        tree = _parser.parse(rx.pattern, rx.flags)
    except Exception:  # an unexpected parser version: no filter, never a wrong one
        return []
    return [c for c in _clauses(tree) if c and all(c)]


def required_words(rx: re.Pattern) -> set[str] | None:
    """The most selective single clause of required_clauses (None: none)."""
    return _best(required_clauses(rx))


def _best(clauses: list[set[str]]) -> set[str] | None:
    # the longest shortest word, then the fewest words
    return max(clauses, key=lambda words: (min(map(len, words)), -len(words))) if clauses else None


def _clauses(seq) -> list[set[str]]:
    out: list[set[str]] = []
    run: list[str] = []
    for op, av in seq:
        if op is _c.LITERAL and av < 128:
            run.append(chr(av).lower())
            continue
        if run:
            out.append({"".join(run)})
            run = []
        if op is _c.SUBPATTERN:
            out.extend(_clauses(av[-1]))
        elif op is _c.BRANCH:
            alternatives = [_best(_clauses(b)) for b in av[1]]
            if all(alternatives):
                out.append(set().union(*alternatives))
        elif op in _REPEATS and av[0] >= 1:
            out.extend(_clauses(av[2]))
        elif op is getattr(_c, "ATOMIC_GROUP", None):
            out.extend(_clauses(av))
    if run:
        out.append({"".join(run)})
    return out


_ZERO_WIDTH = (_c.AT, _c.ASSERT, _c.ASSERT_NOT)
_TERM_WORD_MIN = 3


def required_terms(rx: re.Pattern) -> list[tuple[frozenset[str], ...]] | None:
    """rx's alternatives, each with every clause it needs (an OR of ANDs; None: some alternative
    needs no word). A match is a match of one alternative, so it holds a word of each of that
    alternative's clauses: finer than required_words, which keeps one clause for all of them."""
    try:
        tree = _parser.parse(rx.pattern, rx.flags)
    except Exception:  # an unexpected parser version: no refinement, never a wrong one
        return None
    terms = []
    for leaf in _alternatives(list(tree)):
        # only clauses of words of 3 letters or more: a clause dropped only weakens the condition,
        # and " " or "e" would hit at every other letter of the sentences the terms are read on
        clauses = tuple(
            frozenset(c) for c in _clauses(leaf) if c and all(len(w.strip()) >= _TERM_WORD_MIN for w in c)
        )
        if not clauses:
            return None
        terms.append(clauses)
    return terms


def _alternatives(seq) -> list:
    """The leaf alternatives of a pattern that is (between zero-width assertions) one group or
    branch, through nested groups and branches; any other pattern is its own single alternative."""
    core = [item for item in seq if item[0] not in _ZERO_WIDTH]
    if len(core) == 1:
        op, av = core[0]
        if op is _c.SUBPATTERN:
            return _alternatives(list(av[-1]))
        if op is _c.BRANCH:
            return [leaf for b in av[1] for leaf in _alternatives(list(b))]
    return [seq]


class _Terms:
    """required_terms as clause ids with an automaton of their words: `satisfied(low, s, e)` says
    whether, for one alternative, low[s:e] holds a word of each of its clauses (each alternative
    is found through its first clause)."""

    def __init__(self, terms: list[tuple[frozenset[str], ...]]) -> None:
        ids: dict[frozenset[str], int] = {}
        self.terms = [tuple(ids.setdefault(c, len(ids)) for c in t) for t in terms]
        self.anchors: dict[int, list[tuple[int, ...]]] = {}
        for t in self.terms:
            self.anchors.setdefault(t[0], []).append(t)
        table: dict[str, set[int]] = {}
        for clause, cid in ids.items():
            for w in clause:
                table.setdefault(w, set()).add(cid)
        self._automaton = ahocorasick.Automaton()
        for w in insertion_order(table):
            self._automaton.add_word(w, tuple(table[w]))
        self._automaton.make_automaton()

    def satisfied(self, low: str, start: int, end: int) -> bool:
        # the span's slice: iter(low, start, end) costs the length of all of low on each call
        present = {cid for _, cids in self._automaton.iter(low[start:end]) for cid in cids}
        anchors = self.anchors
        for cid in present:
            for t in anchors.get(cid, ()):
                if all(c in present for c in t):
                    return True
        return False


def refinable_terms(rx: re.Pattern) -> list[tuple[frozenset[str], ...]] | None:
    """required_terms when they say more than required_words (several alternatives or clauses)."""
    terms = required_terms(rx)
    return terms if terms and (len(terms) > 1 or len(terms[0]) > 1) else None


# the regexes gated by their one clause only (ids; the patterns kept alive in _UNREFINED_KEPT): see
# skip_refinement
_UNREFINED: set[int] = set()
_UNREFINED_KEPT: list[re.Pattern] = []


def skip_refinement(rx: re.Pattern) -> None:
    """Gate rx by its required words only, not by its alternatives' clause terms (refinable_terms).
    The terms are read by an automaton pass over each sentence whose flag is up, about 100
    instructions a character: more than the search of a regex found by the character before its
    match (marked_search.py), which then runs in those sentences instead. Either way a sentence whose
    flag is down cannot match, so the answers of the searches are the same."""
    if id(rx) in _UNREFINED:
        return
    _UNREFINED.add(id(rx))
    _UNREFINED_KEPT.append(rx)
    rid = _COMBINED.by_id.get(id(rx))
    if rid is not None:
        _COMBINED.refined[rid] = None


class RequiredWordGate:
    """Spans in which rx cannot match because none of its required words occurs, or no alternative
    of it finds a word of each clause it needs: skip them."""

    def __init__(self, rx: re.Pattern):
        words = required_words(rx)
        self._automaton = None
        if words and all(words):
            self._automaton = ahocorasick.Automaton()
            for w in insertion_order(words):
                self._automaton.add_word(w, len(w))
            self._automaton.make_automaton()
        terms = refinable_terms(rx) if self._automaton is not None and id(rx) not in _UNREFINED else None
        self._terms = _Terms(terms) if terms else None

    def may_match(self, text: str, spans: Sequence[tuple[int, int]], low: str | None = None) -> list[bool]:
        """For each span: False when rx.search(text[start:end]) surely finds nothing."""
        if self._automaton is None:
            return [True] * len(spans)
        low = lowered(text) if low is None else low
        it = self._automaton.iter
        out = [next(it(low[s:e]), None) is not None for s, e in spans]  # slices: see LiteralScan
        if self._terms is not None:
            for i, (s, e) in enumerate(spans):
                if out[i]:
                    out[i] = self._terms.satisfied(low, s, e)
        return out


_GATES: dict[re.Pattern, RequiredWordGate] = {}


def gate_for(rx: re.Pattern) -> RequiredWordGate:
    gate = _GATES.get(rx)
    if gate is None:
        gate = _GATES[rx] = RequiredWordGate(rx)
    return gate


class _CombinedGates:
    """Every regex gated so far, and every LiteralScan read through SentenceGates, in one automaton
    (word -> the regexes needing it, the scans holding it), so an article is scanned once for all of
    them. Rebuilt when a new one comes (the first article or two)."""

    def __init__(self) -> None:
        # words that ride along in the article pass for an owner (TriggerFamilies' anchors): word ->
        # ((owner, payload), ...); the pass hands each sentence the payloads of the words inside it
        self.riders: dict[str, tuple[tuple[int, object], ...]] = {}
        self.riders_version = 0  # bumped on each ride(): a pass made before it has not read them
        self.ids: dict[re.Pattern | LiteralScan, int] = {}
        # the same ids by id(rx): hashing a Pattern hashes its whole compiled code (microseconds for
        # the trigger lexicons), and `may` asks tens of times per sentence; `ids` keeps rx alive
        self.by_id: dict[int, int] = {}
        self.ungated: set[int] = set()  # regexes without required words: always checked
        self.automaton: ahocorasick.Automaton | None = None
        # regexes whose alternatives say more than their one clause: rid -> their terms (else None)
        self.refined: dict[int, _Terms | None] = {}

    def register(self, rx: re.Pattern | LiteralScan) -> int:
        rid = self.ids.get(rx)
        if rid is None:
            rid = self.ids[rx] = len(self.ids)
            self._rebuild()
        self.by_id[id(rx)] = rid
        return rid

    def ride(self, owner: int, table: dict[str, object]) -> None:
        """Put an owner's words in the article pass, each with its payload (SentenceGates.riders)."""
        for w, payload in table.items():
            self.riders[w] = (*self.riders.get(w, ()), (owner, payload))
        self.riders_version += 1
        self._rebuild()

    def _rebuild(self) -> None:
        table: dict[str, set[int]] = {}
        self.ungated = set()
        for rx, rid in self.ids.items():
            words = rx.words if isinstance(rx, LiteralScan) else required_words(rx)
            if not words or not all(words):
                self.ungated.add(rid)
                continue
            for w in words:
                table.setdefault(w, set()).add(rid)
            if rid not in self.refined and not isinstance(rx, LiteralScan):
                terms = refinable_terms(rx) if id(rx) not in _UNREFINED else None
                self.refined[rid] = _Terms(terms) if terms else None
        riders = self.riders
        words = set(table) | set(riders)
        automaton = ahocorasick.Automaton()
        for w in insertion_order(words):  # frequent letters first: reference/trie_order.py
            automaton.add_word(w, (len(w), tuple(table.get(w, ())), riders.get(w, ())))
        if words:
            automaton.make_automaton()
        self.automaton = automaton if words else None


_COMBINED = _CombinedGates()


def ride_article_pass(owner: int, table: dict[str, object]) -> None:
    """Have the article pass of SentenceGates also find table's words (lowered), each with its
    payload: SentenceGates.riders(owner, i) then gives sentence i's payloads without a scan of its own."""
    _COMBINED.ride(owner, table)


_ONE_PASS_MAX = 200_000  # longer texts: per-sentence scans that stop at a sentence's first hit


_ARTICLE = threading.local()  # the SentenceGates of the article this thread reads (see LiteralScan.flags)


class SentenceGates:
    """One article's sentences: `search(rx, i, sentence)` is rx.search(sentence), skipped (None) for
    the sentences that lack every word rx requires; one automaton pass per article answers for all
    the regexes asked about, and for a LiteralScan of the same text and spans."""

    def __init__(self, text: str, spans: Sequence[tuple[int, int]]):
        self.text = text
        self.spans = spans
        self._low: str | None = None
        self._flags: dict[int, list[bool]] = {}
        self._scanned = -1  # how many regexes the last pass covered
        self._refined: set[int] = set()  # the rids whose flags the clause terms have narrowed
        self._narrowed: dict[tuple[int, int], bool] = {}  # (rid, sentence): narrowed one at a time
        # the riders' payloads per sentence, from the last one-pass scan (None: not read by it)
        self._riding: dict[int, list[tuple[int, object]]] | None = None
        self._riding_version = -1
        # the one pass maps a hit to its span walking forward: only for spans in order, none overlapping
        # (as all(a[1] <= b[0] for a, b in pairwise(spans)) and all(s <= e for s, e in spans), read
        # by map: no generator frame per span)
        starts = [s for s, _ in spans]
        ends = [e for _, e in spans]
        self._ordered = all(map(operator.le, ends[:-1], starts[1:])) and all(map(operator.le, starts, ends))
        _ARTICLE.gates = self

    def may(self, rx: re.Pattern | LiteralScan, i: int) -> bool:
        rid = _COMBINED.by_id.get(id(rx))  # self._rid(rx), inlined: asked tens of times per sentence
        if rid is None:
            rid = _COMBINED.register(rx)
        if rid >= self._scanned:
            self._scan()
        if not self._flags[rid][i]:
            return False
        # (self._refined_flag(rid, i), its first test inlined: most flags asked are settled by it)
        return rid in self._refined or self._refined_flag(rid, i)

    @property
    def low(self) -> str:
        """The article's text lowered as the gates read it (lowered(): same length, same offsets)."""
        if self._low is None:
            self._low = lowered(self.text)
        return self._low

    def _rid(self, rx: re.Pattern | LiteralScan) -> int:
        rid = _COMBINED.by_id.get(id(rx))
        return _COMBINED.register(rx) if rid is None else rid

    def _refined_flag(self, rid: int, i: int) -> bool:
        """A raised flag narrowed by the regex's alternatives' clauses, for this one sentence: the
        article's other sentences are narrowed only if asked about (flags() narrows them all)."""
        if rid in self._refined:
            return True
        terms = _COMBINED.refined.get(rid)
        if terms is None or rid in _COMBINED.ungated:
            return True
        key = (rid, i)
        answer = self._narrowed.get(key)
        if answer is None:
            answer = self._narrowed[key] = terms.satisfied(self._low, *self.spans[i])
        return answer

    def _refine(self, rid: int) -> None:
        """Narrow a regex's flags by its alternatives' clauses (once per regex and article)."""
        self._refined.add(rid)
        terms = _COMBINED.refined.get(rid)
        if terms is None or rid in _COMBINED.ungated:
            return
        flags, spans, low = self._flags[rid], self.spans, self._low
        for i, flag in enumerate(flags):
            if flag:
                flags[i] = terms.satisfied(low, *spans[i])

    def _scan(self) -> None:
        if self._low is None:
            self._low = lowered(self.text)
        n = len(self.spans)
        count = len(_COMBINED.ids)
        if len(self.text) > _ONE_PASS_MAX or _COMBINED.automaton is None or not self._ordered:
            for rx, rid in _COMBINED.ids.items():
                if isinstance(rx, LiteralScan):
                    self._flags[rid] = rx.flags_by_span(self.text, self.spans, self._low)
                else:  # RequiredWordGate narrows by the clause terms itself
                    self._flags[rid] = gate_for(rx).may_match(self.text, self.spans, self._low)
            self._scanned = count
            self._refined = set(_COMBINED.ids.values())
            self._riding = None
            return
        flags = {rid: [rid in _COMBINED.ungated] * n for rid in range(count)}
        riding: dict[int, list[tuple[int, object]]] = {}
        spans = self.spans
        # hits come by their last character, left to right, so the span that can hold a hit is found
        # by walking forward, not by a bisection per hit: with the spans in order and none
        # overlapping, the span holding a hit (if any) is the first whose end lies after the hit's
        # last character, and it holds the hit when it starts at or before the hit's start
        if n:
            i, (span_start, span_end) = 0, spans[0]
            for end_index, (length, rids, rides) in _COMBINED.automaton.iter(self._low):
                if end_index >= span_end:
                    i += 1
                    while i < n and spans[i][1] <= end_index:
                        i += 1
                    if i == n:
                        break
                    span_start, span_end = spans[i]
                if end_index + 1 - length >= span_start:
                    for rid in rids:
                        flags[rid][i] = True
                    if rides:
                        found = riding.get(i)
                        if found is None:
                            riding[i] = list(rides)
                        else:
                            found.extend(rides)
        self._flags = flags
        self._scanned = count
        self._refined = set()
        self._riding = riding
        self._riding_version = _COMBINED.riders_version

    def flags(self, rx: re.Pattern | LiteralScan) -> list[bool]:
        """may(rx, i) for every sentence i at once (no per-sentence call in the article loop)."""
        if not self.spans:
            return []
        rid = self._rid(rx)
        if rid >= self._scanned:
            self._scan()
        if rid not in self._refined:
            self._refine(rid)
        return self._flags[rid]

    def riders(self, owner: int, i: int) -> list | None:
        """The payloads of the owner's words (see _CombinedGates.ride) that lie wholly inside sentence
        i, one per occurrence in text order, as a scan of the sentence alone would find them (None:
        the article was not read in one pass, or before the owner's words were added)."""
        if self._scanned < 0:
            self._scan()
        if self._riding is None or self._riding_version != _COMBINED.riders_version:
            return None
        found = self._riding.get(i)
        if not found:
            return []
        return [payload for o, payload in found if o == owner]

    def search(self, rx: re.Pattern, i: int, sentence: str) -> re.Match | None:
        return rx.search(sentence) if self.may(rx, i) else None
