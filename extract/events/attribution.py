"""Who says so: claimants and reporting verbs, and the sentences that dispute a claim.

A claimant is found as "X said (that) ...", "..., X said", "..., said X", "according to X",
"as X reports", "X, citing ...", "with X reporting ...". The claimant text is the person's name when
the phrase names one ("Russian Defense Minister Sergei Shoigu" -> "Sergei Shoigu"), else the
organisation or source as written ("the Syrian Observatory of Human Rights", "state media",
"activists"); claimant_id and side come from the reference data when it knows the source.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from extract.events.lexicon import DISPUTE, REPORTING_VERBS, TITLE_WORDS
from extract.events.marked_search import after_mark, marked_found
from extract.events.prefilter import skip_refinement
from extract.events.word_trie import word_trie
from extract.reference import Reference

# the reporting verbs as a trie (word_trie.py): every use below has a word boundary right after it
_VERB = word_trie(REPORTING_VERBS.split("|"))
# "X said", "X told a press conference in Moscow that", "X reported on Saturday that"
_LEAD = re.compile(
    r"(?P<np>(?:[\w.'\u2019-]+[ ,]+){0,11}?[\w.'\u2019)-]+)[\s,]+"
    r"(?:(?:also|later|earlier|previously|has|have|had|"
    r"on \w+|\w+ly)\s+)?,?\s*(?P<verb>" + _VERB + r")\b"
)
_SAYING = re.compile(
    r"^(?P<np>(?:[\w.'\u2019-]+ ){0,6}?[\w.'\u2019-]+) \w+(?:ed|ied)\b[^.;]*?, "
    r"(?P<verb>saying|claiming|adding|insisting)\b"
)
_TRAIL = re.compile(
    r",\s*(?P<np>[^,;]{2,90}?)\s+(?P<verb>said|says|reported|claimed|added|stated|announced|confirmed|"
    r"told(?: [\w'\u2019-]+){1,5}?)"
    r"(?:\s+(?:(?:late|early)\s+)?(?:on|in)\s+[^,.]{1,30}|\s+(?:earlier|later|yesterday|today|overnight))?"
    # "..., the army said, adding that its air defences intercepted most of them."
    r"(?:,\s*(?:adding|saying|citing|noting|blaming|accusing)\b[^;]*?"
    # "..., SANA reported, in the biggest advance of the offensive.": a framing phrase after it
    r"|,\s*(?:in|as part of|amid|marking)\s+(?:the|its|their|an?)\s+[^;,]*?"
    # "..., state media said, wounding four people.": the toll told after the attribution
    r"|,\s*(?:killing|wounding|injuring|leaving)\s+[^;,]*?)?[.\"'\u201d]*\s*$"
)
_TRAIL_INV = re.compile(
    r"[,\"'\u201d]\s*(?P<verb>said|says|according to|added)\s+(?P<np>[^,;.]{2,90}?)[.\"'\u201d]*\s*$"
)
_ACCORDING = re.compile(r"\b[Aa]ccording to (?P<np>[^,;.]{2,90}?)(?=[,;.]|$| who | which )")
# "as(?<=\bas)" is "\bas" with a literal first, which the regex engine finds by a fast search (the
# boundary tried at every position was most of the search's cost; test_as_reports_prefix.py)
_AS_REPORTS = re.compile(
    r"as(?<=\bas) (?P<np>[^,;]{2,60}?) (?P<verb>reports?|reported|said|says|claims|claimed|noted)\b"
)
_PARTICIPLE = re.compile(r"\bwith (?P<np>[^,;]{2,60}?) (?P<verb>reporting|saying|claiming)\b")
_CITING = re.compile(r"\bciting (?P<np>[^,;.]{2,60})")
_SOURCE_NOUN = re.compile(
    r"\b(?:sources?|officials?|spokes(?:man|woman|person)|media|reports?|agency|witness(?:es)?|residents|"
    r"activists|monitors?|ministry|statement|television|TV|radio|newspaper|[A-Z][a-z]+ [A-Z][a-z]+)\b"
)
_LEADING_JUNK = re.compile(
    r"^(?:(?:but|and|however|meanwhile|also|earlier|later|separately|in addition|"
    r"on \w+(?: \d+)?|in \w+|the|a|an|while|as|when|now|so)\b[ ,]*)+",
    re.I,
)
_NP_STOP = re.compile(r"\b(?:who|which|that|where|when|because|after|before|as|while)\b", re.I)
_VERB_PHRASE = re.compile(
    r"\b(?:vow|pledg|threaten|promis|tri|tr|plan|want|decid|refus|agre|aim|seek|sought|hop)\w*\s+to\s+[a-z]",
    re.I,
)
# "a Ukrainian commander inside the plant": where the source is, not who
_NP_PLACE_TAIL = re.compile(r"\s+(?:inside|in|at|near|from|on)\s+(?:the\s+)?[\w-]+.*$")
# "a Ukrainian military spokesman": a person speaking for the organisation, named as written
_ROLE_NOUN = re.compile(
    r"\b(?:spokes(?:man|woman|person)|officials?|commanders?|sources?|officers?|representatives?|"
    r"envoys?|adviser|advisor)$",
    re.I,
)
_ORG_WORDS = re.compile(
    r"\b(?:Forces|Army|Ministry|Observatory|Front|State|Agency|Media|TV|Council|Command|"
    r"Coalition|Group|Units|Party|Government|Regime|Centre|Center|Committee|News|Television|"
    r"Office|Department|Organi[sz]ation|Corps|Brigade|Movement|Authority|Authorities)\b"
)
_PERSON_TOKEN = re.compile(r"^[A-Z][a-z\u00c0-\u024f'\u2019-]+$")
_FUNCTION_WORDS = {
    "for",
    "of",
    "and",
    "in",
    "on",
    "to",
    "with",
    "by",
    "at",
    "from",
    "as",
    "but",
    "or",
    "which",
    "who",
    "where",
    "when",
    "there",
    "it",
    "its",
    "their",
    "his",
    "her",
}
# literal patterns of resolve_claimant and find_claims, compiled once (see rules.py)
_LEADING_DETERMINER = re.compile(r"^(?:the|a|an)\s+", re.I)
_PLAIN_NP = re.compile(r"^[A-Za-z][\w.'\u2019-]*(?: [\w.'\u2019-]+)*$")
_LEADING_THE = re.compile(r"^(?:the)\s+", re.I)
_RELATIVE_START = re.compile(r"\s*(?:who|which)\b")
_TRAILING_ADVERB = re.compile(r"\s+(?:also|later|earlier|previously|has|have|had|on \w+|\w+ly)\s*$")
_RESPONSIBILITY_AFTER = re.compile(r"\s+(?:responsibility|credit)\b")
_PRONOUNS = {"he", "she", "they", "it", "we", "i", "you", "who", "which", "this", "that", "these", "those"}


@dataclass(frozen=True, slots=True)
class Claim:
    text: str  # the claimant as the row shows it
    actor_id: str | None
    side: str | None
    verb: str
    start: int  # the attribution phrase, relative to the sentence
    end: int
    scope_start: int  # what the claimant asserts: sentence[scope_start:scope_end]
    scope_end: int
    surface_start: int  # the claimant noun phrase
    surface_end: int


def _person_name(np: str) -> str | None:
    tokens = np.replace(",", " ").split()
    run: list[str] = []
    best: list[str] = []
    for tok in tokens:
        clean = tok.strip("\"'\u201c\u201d()")
        if _PERSON_TOKEN.match(clean) and not TITLE_WORDS.match(clean) and not _ORG_WORDS.search(clean):
            run.append(clean)
        else:
            if len(run) >= 2 and not _ORG_WORDS.fullmatch(clean):
                best = run  # (a run right before "Organization", "Council"... names the body, not a person)
            run = []
    if len(run) >= 2:
        best = run
    if len(best) >= 2 and len(best) <= 5:
        return " ".join(best).rstrip("'\u2019s") if best[-1].endswith(("'s", "\u2019s")) else " ".join(best)
    return None


def _clean_np(np: str) -> str:
    np = _LEADING_JUNK.sub("", np.strip(" ,\"'\u201c\u201d"))
    stop = _NP_STOP.search(np)
    if stop and stop.start() > 0:
        np = np[: stop.start()]
    tail = _NP_PLACE_TAIL.search(np)
    if tail and tail.start() > 0 and _ROLE_NOUN.search(np[: tail.start()]):
        np = np[: tail.start()]
    return np.strip(" ,")


_CLAIMANT_CACHE_MAX = 8192
# resolve_claimant's answers by noun phrase for one Reference (the last one asked about): the same
# claimant phrases ("activists said", "state media reported") come back article after article, and
# the answer is a pure function of the phrase and the reference data
_claimants: dict[str, tuple[str, str | None, str | None] | None] = {}
_claimants_ref: list[Reference | None] = [None]


def resolve_claimant(ref: Reference, np: str) -> tuple[str, str | None, str | None] | None:
    """(claimant text, actor id, side) for a noun phrase that says who claims, or None."""
    if _claimants_ref[0] is not ref:
        _claimants.clear()
        _claimants_ref[0] = ref
    try:
        return _claimants[np]
    except KeyError:
        pass
    if len(_claimants) >= _CLAIMANT_CACHE_MAX:
        _claimants.clear()
    found = _claimants[np] = resolve_claimant_uncached(ref, np)
    return found


def resolve_claimant_uncached(ref: Reference, np: str) -> tuple[str, str | None, str | None] | None:
    """resolve_claimant without its cache (tests compare the two)."""
    np = _clean_np(np)
    if not np or np.lower() in _PRONOUNS or len(np) > 100:
        return None
    if _VERB_PHRASE.search(np):
        return None  # "vowed to drive the rebels out of X and (warned)": a clause, not who speaks
    if np.split()[-1].lower() in _PRONOUNS or np.lower() in _FUNCTION_WORDS:
        return None
    person = _person_name(np)
    actors = ref.find_actors(np)
    if person and any(
        re.search(r"\b(?:for|of|and|the)\s+" + re.escape(person), a.surface)
        or (person in a.surface and a.name_type not in {"adjective", "generic"})
        for a in actors
    ):
        person = None  # "Syrian Observatory for Human Rights", "Hay'at Tahrir al-Sham" are no persons
    actor_id = side = None
    if actors:
        best = max(actors, key=lambda a: (a.name_type != "adjective", a.end - a.start))
        actor_id = best.actor_id
        side = ref.actor(actor_id).side
        if person:
            return person, actor_id, side
        surface = best.surface
        if (
            (best.name_type in {"adjective", "generic"} or (_ROLE_NOUN.search(np) and best.end < len(np)))
            and len(np) > len(surface) + 1
            and len(np.split()) <= 5
        ):
            surface = np  # "Kurdish official", "rebel commanders": keep the source's own noun
        text = _LEADING_DETERMINER.sub("", surface)
        return text, actor_id, side
    if person:
        return person, None, None
    words = np.split()
    if 1 <= len(words) <= 6 and _PLAIN_NP.match(np):
        # an unnamed source: "rebel commanders", "a local official", "hospital staff"
        return _LEADING_THE.sub("", np), None, None
    return None


# (as r"\b(?:" + REPORTING_VERBS + r"|according|as\b|citing|with)\b", its words as one trie)
_CUE_WORDS = word_trie([*REPORTING_VERBS.split("|"), "according", "as", "citing", "with"])
_CUE = re.compile(r"\b(?:" + _CUE_WORDS + r")\b", re.I)
# the same search on ASCII text: lower-cased text against the lower-case pattern (ASCII lower-casing is
# exact and keeps every position; re.I is several times slower). Other text takes _CUE itself.
_CUE_LOWER = re.compile(r"\b(?:" + _CUE_WORDS + r")\b")
# _CUE_LOWER's words after the character before them (marked_search.py): every cue word starts with
# a letter, so in ASCII text a boundary before one is the text's start or a character outside
# [0-9A-Z_a-z], and the lookahead needs no boundary of its own (the mark is one in ASCII text)
_CUE_AFTER_MARK = after_mark(r"(?:" + _CUE_WORDS + r")\b")


def _has_cue(sentence: str) -> bool:
    if sentence.isascii():
        # _CUE_LOWER.search(low) is not None (tests/extract/test_cue_after_mark.py)
        return marked_found(_CUE_LOWER, _CUE_AFTER_MARK, sentence.lower())
    return _CUE.search(sentence) is not None


# _LEAD needs a reporting verb, and its text before the verb is at most 14 word runs of [\w.'\u2019)-]
# between [\s,]: the scan starts that reach before the first verb (no verb: no scan). Every match
# starts at or after it, so finditer from there finds the same matches.
_LEAD_VERB = re.compile(r"(?:" + _VERB + r")\b")
_LEAD_REACH = re.compile(r"[\s,]*(?:[\w.'\u2019)-]+[\s,]*){0,14}")


def find_claims(
    ref: Reference, sentence: str, may: Callable[[re.Pattern], bool] | None = None
) -> list[Claim]:
    """Attributions in a sentence, with the span each one covers.

    may: the article's gates for this sentence (prefilter.SentenceGates.may with its index): False
    when the sentence lacks the words every match of a pattern holds, which is then not searched."""
    claims: list[Claim] = []
    if not _has_cue(sentence):
        return claims
    n = len(sentence)
    # gated: the patterns whose required words are rare, worth asking the gates about first
    for rx, scope, gated in (
        (_ACCORDING, "all", True),
        (_AS_REPORTS, "all", False),
        (_PARTICIPLE, "after", True),
        (_CITING, "all", True),
    ):
        for m in rx.finditer(sentence) if may is None or not gated or may(rx) else ():
            res = resolve_claimant(ref, m.group("np"))
            if res and rx is _CITING and res[1] is None and not _SOURCE_NOUN.search(m.group("np")):
                continue  # "citing security concerns": a reason, not a source
            if res:
                verb = m.group("verb") if "verb" in m.groupdict() else m.group(0).split()[0]
                if rx is _ACCORDING:
                    verb = "according to"
                s0, e0 = (m.end(), n) if scope == "after" else (0, n)
                claims.append(
                    Claim(
                        res[0], res[1], res[2], verb, m.start(), m.end(), s0, e0, m.start("np"), m.end("np")
                    )
                )
    for rx in (_TRAIL, _TRAIL_INV):
        m = rx.search(sentence)
        if m:
            res = resolve_claimant(ref, m.group("np"))
            if res and rx is _TRAIL_INV and res[1] is None and not _person_name(m.group("np")):
                continue  # ", said they had begun": a reported clause, not a source
            if rx is _TRAIL_INV and re.search(
                r"\b(?:had|has|have|were|was|is|are|will|would)\b", m.group("np")
            ):
                continue  # ", said their fighters had repelled an assault by X": a clause, not a source
            if res:
                claims.append(
                    Claim(
                        res[0],
                        res[1],
                        res[2],
                        m.group("verb"),
                        m.start(),
                        n,
                        0,
                        m.start(),
                        m.start("np"),
                        m.end("np"),
                    )
                )
    if not claims:
        m = _SAYING.search(sentence) if may is None or may(_SAYING) else None
        if m:
            res = resolve_claimant(ref, m.group("np"))
            if res:
                claims.append(
                    Claim(
                        res[0],
                        res[1],
                        res[2],
                        m.group("verb"),
                        m.start("verb"),
                        m.end("verb"),
                        m.end("verb"),
                        n,
                        m.start("np"),
                        m.end("np"),
                    )
                )
    if not claims:
        first_verb = _LEAD_VERB.search(sentence)
        lead_start = 0
        if first_verb:
            # read backwards from the first verb: the earliest start any match can have
            back = _LEAD_REACH.match(sentence[: first_verb.start()][::-1])
            lead_start = first_verb.start() - back.end()
        for m in _LEAD.finditer(sentence, lead_start) if first_verb else ():
            np_text = sentence[m.start("np") : m.start("verb")]
            # the noun phrase starts after the last clause break before the verb
            cut = max(np_text.rfind(", "), np_text.rfind("; "))
            offset = m.start("np") + (cut + 2 if cut >= 0 else 0)
            np_text = sentence[offset : m.start("verb")]
            if not np_text.strip(" ,") or _RELATIVE_START.match(np_text):
                # "X, which ..., said", "The Houthis, who call themselves Y, said": the subject is the
                # sentence's first noun phrase
                head = _LEADING_JUNK.sub("", sentence[: m.start("verb")]).split(",")[0]
                head = re.split(r"\b(?:such as|including|like|which|who)\b", head)[0]
                offset = sentence.find(head) if head else offset
                np_text = head
            np_text = _TRAILING_ADVERB.sub("", np_text)
            res = resolve_claimant(ref, np_text)
            if res is None or _RESPONSIBILITY_AFTER.match(sentence[m.end("verb") :]):
                continue
            if m.group("verb").lower() == "citing":
                continue  # "X closed the crossing, citing Y": Y is the source (if any), X is no claimant
            scope_start = m.end("verb")
            that = re.match(r"[^.;]{0,70}?\bthat\b", sentence[scope_start:])
            if that:  # "told a press conference in Moscow that ...": the claim starts after "that"
                scope_start += that.end()
            claims.append(
                Claim(
                    res[0],
                    res[1],
                    res[2],
                    m.group("verb"),
                    offset,
                    m.end("verb"),
                    scope_start,
                    n,
                    offset,
                    offset + len(np_text),
                )
            )
            break
    unique: dict[tuple[int, int], Claim] = {}
    for c in claims:
        unique.setdefault((c.surface_start, c.surface_end), c)
    return list(unique.values())


@dataclass(frozen=True, slots=True)
class Dispute:
    start: int
    end: int
    disputer: str | None


# DISPUTE after the character before it (marked_search.py): every alternative of DISPUTE starts with
# a word boundary and a letter, so a match starts at the sentence's start or after a character
# outside [0-9A-Z_a-z]; the lookahead holds the match in its group, which dispute_spans reads
_DISPUTE_AFTER_MARK = after_mark(DISPUTE.pattern, DISPUTE.flags, group="dispute")
# (so searched, it costs less than the gates' clause-term scan of a sentence: prefilter.skip_refinement)
skip_refinement(DISPUTE)


def dispute_spans(sentence: str) -> Iterator[tuple[int, int]]:
    """The spans of DISPUTE.finditer(sentence) (tests/extract/test_dispute_spans.py)."""
    m = DISPUTE.match(sentence)
    pos = 0
    if m is not None:
        yield m.span()
        pos = m.end() - 1
    search = _DISPUTE_AFTER_MARK.search
    while (m := search(sentence, pos)) is not None:
        yield m.span("dispute")
        pos = m.end("dispute") - 1


def find_disputes(ref: Reference, sentence: str) -> list[Dispute]:
    """Phrases that dispute an earlier claim, with who disputes it when the text says."""
    out = []
    for start, end in dispute_spans(sentence):
        before = sentence[:start]
        cut = max(before.rfind(", but "), before.rfind(". "), before.rfind("; "), before.rfind(" but "))
        np = before[cut + 1 :] if cut >= 0 else before
        np = re.sub(r"^\s*(?:but|and)\s+", "", np.strip(" ,"), flags=re.I)
        np = re.sub(
            r"\s+(?:said|says|say|have|has|had|also|quickly|flatly|immediately)(?:\s+\w+)?\s*$", "", np
        )
        res = resolve_claimant(ref, np) if np else None
        disputer = np.strip() if np.strip() else (res[0] if res else None)
        out.append(Dispute(start, end, disputer or None))
    return out
