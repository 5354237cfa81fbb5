"""A trigger lexicon run with only the branches a sentence can match.

A family's lexicon (lexicon.STRIKE_RX, CONTROL_RX) is one alternation of named groups (the event
types) under word boundaries, each group itself an alternation of branches. Python's `re` tries
every branch at every position of a sentence, so a sentence pays for all of them even when it
holds the words of one. Here each branch's required words are read from its regex
(prefilter.required_terms: for one of its leaf alternatives, a word of each of its clauses), one
automaton pass over the sentence's lowered text says which branches can match it, and the
sentence is searched with an alternation of just those, each kept in its named group and in the
lexicon's order, compiled once per set of branches and cached.

Same matches as the full lexicon: a branch left out cannot match anywhere in the sentence, so at
every position the engine picks the same first branch that matches, and every match's span, text
and `lastgroup` (the named group, the event type) are the same (tests/extract/
test_trigger_alternation.py checks it against the full regex).
"""

from __future__ import annotations

import re

import ahocorasick

from extract.events.marked_search import after_mark, marked_finditer
from extract.events.prefilter import SentenceGates, required_terms, ride_article_pass
from extract.reference.trie_order import insertion_order

_PREFIX = r"(?<![\w-])(?:"
_SUFFIX = r")(?![\w])"
# a match starts at the sentence's start or after a character _PREFIX allows before it, one outside
# [0-9A-Z_a-z-] (a word character outside ASCII is in it, and fails _PREFIX): the mark of the
# search by the character before the match (marked_search.py; TriggerAlternation.matches)
_MARK = r"[^0-9A-Z_a-z-]"
_CACHE_MAX = 4096  # sets of alternatives compiled per family (a few dozen occur in practice)


def _anchor_automaton(anchors: dict) -> ahocorasick.Automaton | None:
    """One automaton over the anchor words, each carrying its leaves (None when there are none)."""
    if not anchors:
        return None
    automaton = ahocorasick.Automaton()
    for w in insertion_order(anchors):  # frequent letters first: reference/trie_order.py
        automaton.add_word(w, tuple(anchors[w]))
    automaton.make_automaton()
    return automaton


class TriggerAlternation:
    """One family's trigger lexicon: the full regex (`rx`) and its per-sentence subsets."""

    def __init__(self, triggers: list[tuple[str, str]], family: str, flags: int = re.I):
        self.parts = [f"(?P<{family}__{name}>{body})" for name, body in triggers]
        self.flags = flags
        self.rx = re.compile(_PREFIX + "|".join(self.parts) + _SUFFIX, flags)
        self._subsets: dict[tuple[int, ...], re.Pattern] = {}
        # units chosen -> (their subset, its _MARK search or None: the plain scan); keyed by the tuple,
        # not the Pattern: hashing a Pattern hashes its whole compiled code (about 100,000
        # instructions for a whole lexicon), and matches() is asked on every trigger sentence
        self._marked: dict[tuple[int, ...], tuple[re.Pattern, re.Pattern | None]] = {}
        # the units gated one by one: each alternative's top-level branches (one costly branch,
        # "X-held", need not run because a cheap one of its type, "controls", may match)
        self._units = [
            (k, f"{family}__{name}", branch)
            for k, (name, body) in enumerate(triggers)
            for branch in top_level_branches(body)
        ]
        # per unit: its leaf alternatives (prefilter.required_terms), each a tuple of clauses, a clause
        # a set of words of which the sentence must hold one (None: the unit needs no word, always run)
        self._needs = [required_terms(re.compile(branch, flags)) for _, _, branch in self._units]
        # the automaton holds each leaf's rarest clause (its anchor: the longest shortest word); the
        # leaf's other clauses are checked only when its anchor is found ("was", "the" need no scan)
        anchors: dict[str, list[tuple[int, tuple[frozenset[str], ...]]]] = {}
        for u, needs in enumerate(self._needs):
            for leaf in needs or ():
                anchor = max(leaf, key=lambda clause: min(map(len, clause)))
                rest = tuple(c for c in leaf if c is not anchor)
                for w in anchor:
                    anchors.setdefault(w, []).append((u, rest))
        self.anchors = anchors  # TriggerFamilies puts several families' anchors in one automaton
        self._automaton = _anchor_automaton(anchors)
        self._always = frozenset(u for u, needs in enumerate(self._needs) if needs is None)
        self._always_sorted = tuple(sorted(self._always))

    def subset(self, chosen: tuple[int, ...]) -> re.Pattern:
        """The lexicon restricted to the units `chosen` (indices, in the lexicon's order): each
        alternative keeps its name and the chosen branches, in their order."""
        rx = self._subsets.get(chosen)
        if rx is None:
            if len(self._subsets) >= _CACHE_MAX:
                self._subsets.clear()
            groups: dict[int, tuple[str, list[str]]] = {}
            for u in chosen:
                k, name, branch = self._units[u]
                groups.setdefault(k, (name, []))[1].append(branch)
            parts = [f"(?P<{name}>{'|'.join(branches)})" for name, branches in groups.values()]
            rx = re.compile(_PREFIX + "|".join(parts) + _SUFFIX, self.flags)
            self._subsets[chosen] = rx
        return rx

    def matches(self, chosen: tuple[int, ...], sentence: str) -> list[re.Match]:
        """list(self.subset(chosen).finditer(sentence)), its match objects found by the character
        before them (_MARK, marked_search.py; tests/extract/test_trigger_marks.py)."""
        found = self._marked.get(chosen)
        if found is None:
            if len(self._marked) >= _CACHE_MAX:
                self._marked.clear()
            rx = self.subset(chosen)
            try:
                marked = after_mark(rx.pattern, rx.flags, mark=_MARK)
            except ValueError:  # a lexicon that can match the empty string (none does): the plain scan
                marked = None
            found = self._marked[chosen] = (rx, marked)
        rx, marked = found
        if marked is None:
            return list(rx.finditer(sentence))
        return list(marked_finditer(rx, marked, sentence))

    def possible(self, low: str, start: int, end: int) -> tuple[int, ...]:
        """The units that can match within low[start:end] (lowered text, prefilter.lowered): those
        needing no word, and those with a leaf alternative whose every clause has a word there."""
        if self._automaton is None:
            return self._always_sorted
        # the sentence's slice, not iter(low, start, end): the automaton reads (converts) the
        # whole string it is given on each call, which costs more than the scan of a sentence
        segment = low[start:end]
        chosen = None  # made on the first anchor found: most sentences hold none
        for _, leaves in self._automaton.iter(segment):
            for u, rest in leaves:
                if chosen is None:
                    chosen = set(self._always)
                if u not in chosen and all(any(w in segment for w in clause) for clause in rest):
                    chosen.add(u)
        return self._always_sorted if chosen is None else tuple(sorted(chosen))

    def finditer_gated(self, gates: SentenceGates, i: int, sentence: str) -> list[re.Match]:
        """list(self.rx.finditer(sentence)) for sentence i of the gates' article (sentence is its
        span of the text), searched only with the alternatives its words allow (none: no search)."""
        start, end = gates.spans[i]
        chosen = self.possible(gates.low, start, end)
        if not chosen:
            return []
        return list(self.subset(chosen).finditer(sentence))


class TriggerFamilies:
    """Several families' lexicons gated by one automaton pass over a sentence (each family's own
    `possible` reads the sentence once per family): the same units per family, so the same matches."""

    def __init__(self, families: list[TriggerAlternation]):
        self.families = families
        anchors: dict[str, list[tuple[int, int, tuple[frozenset[str], ...]]]] = {}
        for f, family in enumerate(families):
            for w, leaves in family.anchors.items():
                anchors.setdefault(w, []).extend((f, u, rest) for u, rest in leaves)
        self._automaton = _anchor_automaton(anchors)
        self._none_always = not any(family._always for family in families)
        # the anchors also ride along in the gates' article pass, which then tells each sentence's
        # anchors without a pass over the sentence (finditer_gated; the same anchors, so the same units)
        self._owner = id(self)
        if anchors:
            ride_article_pass(self._owner, {w: tuple(leaves) for w, leaves in anchors.items()})

    def possible(self, low: str, start: int, end: int) -> list[tuple[int, ...]]:
        """Each family's `possible(low, start, end)`, from one pass."""
        segment = low[start:end]  # the slice: see TriggerAlternation.possible
        hits = () if self._automaton is None else (leaves for _, leaves in self._automaton.iter(segment))
        return self._units(hits, segment)

    def _units(self, hits, segment: str) -> list[tuple[int, ...]]:
        """Each family's units, from the anchors found in segment (each hit: its leaves)."""
        families = self.families
        chosen: list[set[int] | None] = [None] * len(families)  # made on a family's first anchor
        for leaves in hits:
            for f, u, rest in leaves:
                units = chosen[f]
                if units is None:
                    units = chosen[f] = set(families[f]._always)
                if u in units:
                    continue
                # all(any(w in segment for w in clause) for clause in rest), as loops: a generator
                # costs more to make than the few words it reads
                for clause in rest:
                    for w in clause:
                        if w in segment:
                            break
                    else:
                        break  # a clause without a word in the segment: the leaf cannot match
                else:
                    units.add(u)
        out = []
        for family, units in zip(families, chosen, strict=True):
            out.append(family._always_sorted if units is None else tuple(sorted(units)))
        return out

    def finditer_gated(self, gates: SentenceGates, i: int, sentence: str) -> list[list[re.Match]]:
        """Each family's finditer_gated(gates, i, sentence), from one automaton pass (the gates'
        article pass when it read the anchors, else a pass over the sentence)."""
        hits = gates.riders(self._owner, i)
        if hits is None:
            start, end = gates.spans[i]
            chosen = self.possible(gates.low, start, end)
        elif not hits and self._none_always:
            return [[] for _ in self.families]  # no anchor, no unit that needs none: nothing to search
        else:
            start, end = gates.spans[i]
            chosen = self._units(hits, gates.low[start:end])
        out = []
        for family, units in zip(self.families, chosen, strict=True):
            out.append(family.matches(units, sentence) if units else [])
        return out


def top_level_branches(body: str) -> list[str]:
    """body split at its top-level "|" (not inside a group, a character class or after a "\\"):
    the branches an alternation of body tries in turn."""
    out: list[str] = []
    depth, start, class_start = 0, 0, -1  # class_start: where the open "[" is (-1: none)
    escaped = False
    for pos, char in enumerate(body):
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif class_start >= 0:
            # a "]" first in the class ("[]...]", "[^]...]") is a member, not the end
            if char == "]" and body[class_start + 1 : pos] not in ("", "^"):
                class_start = -1
        elif char == "[":
            class_start = pos
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            out.append(body[start:pos])
            start = pos + 1
    out.append(body[start:])
    return out
