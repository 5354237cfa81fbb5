"""The team's extractor specification: short texts we wrote, each with the mentions it must yield.

Cases live in `cases/*.yaml` (one file per theme). For each case the default extractor runs on the
text; every expected mention must be matched by a distinct produced mention that agrees on every key
the expectation gives, and produced mentions of a scored modality (asserted, claimed, denied) that
match no expectation fail the case unless it says `allow_extra: true`. `strict: true` also forbids
unmatched hypothetical and planned rows. A second group of tests checks the suite itself.

Case keys: `id`, `published` (date), `text`, `expect` (list of mention dicts), optional `note`,
`allow_extra`, `strict`. An expected value may be a list (any of them matches) or, for dates and
numbers, `{from: ..., to: ...}` (inclusive range). Names (actor, target, place, claimant...) are
compared after normalising case, diacritics, a leading article (al-, el-, ar-, ad-, the...),
apostrophes and hyphens; vocabulary fields (family, type, side, modality...) are compared exactly.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import re
import unicodedata
from pathlib import Path

import pytest
import yaml

from extract.models import EVENT_TYPES, MODALITIES, SIDES, ArticleText, Mention

CASES_DIR = Path(__file__).resolve().parent / "cases"
SHARED_DIR = Path(__file__).resolve().parents[2] / ".." / "shared"

SCORED_MODALITIES = {"asserted", "claimed", "denied"}
CASE_KEYS = {"id", "published", "text", "expect", "note", "allow_extra", "strict"}
MENTION_KEYS = {f.name for f in dataclasses.fields(Mention)}
DATE_KEYS = {"event_date", "date_start", "date_end"}
ALL_TYPES = {t for types in EVENT_TYPES.values() for t in types}
VOCABULARIES = {
    "family": set(EVENT_TYPES),
    "event_type": ALL_TYPES,
    "modality": set(MODALITIES),
    "actor_side": set(SIDES),
    "target_side": set(SIDES),
    "claimant_side": set(SIDES),
}
EXACT_KEYS = set(VOCABULARIES) | {"population", "date_precision", "place_precision", "direction", "disputed"}
MIN_CASES = 150
MIN_NEGATIVE_CASES = 30

_MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
_MON_ABBR = r"(?:Jan|Feb|Mar|Apr|Aug|Sept?|Oct|Nov|Dec)\."
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
# The date forms issue 3 lists (and a few more), each needed in some case that expects an event_date.
DATE_FORMS = {
    "on <weekday>": rf"\bon {_WEEKDAY}\b",
    "bare <weekday>": rf"\b(?<!on )(?<!last ){_WEEKDAY}\b",
    "earlier today": r"\bearlier today\b",
    "yesterday": r"\byesterday\b",
    "last <weekday>": rf"\blast {_WEEKDAY}\b",
    "since <Month> <day>": rf"\bsince {_MONTH} \d{{1,2}}\b",
    "on <Mon.> <day>": rf"\bon {_MON_ABBR} \d{{1,2}}\b",
    "at the end of <Month> last year": rf"\bat the end of {_MONTH} last year\b",
    "on <day> <Month>": rf"\bon \d{{1,2}} {_MONTH}\b",
    "in early/mid/late <Month>": rf"\bin (?:early|mid-?|late) ?{_MONTH}\b",
    "<Month> <day>, <year>": rf"\b{_MONTH} \d{{1,2}}, \d{{4}}\b",
    "ISO date": r"\b\d{4}-\d{2}-\d{2}\b",
}


# --- loading and validating the cases ---------------------------------------------------------


class CaseFormatError(ValueError):
    """A case file that does not follow the format in this module's docstring."""


def _check_value(where: str, key: str, value: object) -> None:
    values = value if isinstance(value, list) else [value]
    if isinstance(value, list) and not value:
        raise CaseFormatError(f"{where}: '{key}' is an empty list; give at least one accepted value")
    for v in values:
        if isinstance(v, dict):
            if set(v) != {"from", "to"}:
                raise CaseFormatError(f"{where}: '{key}' range must have exactly 'from' and 'to', got {v}")
            if key in DATE_KEYS and not all(isinstance(v[k], dt.date) for k in ("from", "to")):
                raise CaseFormatError(f"{where}: '{key}' range bounds must be dates (YYYY-MM-DD)")
            continue
        if key in DATE_KEYS and v is not None and not isinstance(v, dt.date):
            raise CaseFormatError(f"{where}: '{key}' must be a date (YYYY-MM-DD) or a range, got {v!r}")
        if key in VOCABULARIES and v is not None and v not in VOCABULARIES[key]:
            raise CaseFormatError(
                f"{where}: '{key}: {v}' is not in the vocabulary {sorted(VOCABULARIES[key])}"
            )


def _check_case(path: Path, n: int, case: object) -> dict:
    where = f"{path.name} case #{n}"
    if not isinstance(case, dict):
        raise CaseFormatError(f"{where}: a case must be a mapping, got {type(case).__name__}")
    where = f"{path.name} case {case.get('id', '#' + str(n))!r}"
    unknown = set(case) - CASE_KEYS
    if unknown:
        raise CaseFormatError(f"{where}: unknown keys {sorted(unknown)}; allowed: {sorted(CASE_KEYS)}")
    for key in ("id", "published", "text", "expect"):
        if key not in case:
            raise CaseFormatError(f"{where}: missing '{key}'")
    if not isinstance(case["published"], dt.date):
        raise CaseFormatError(f"{where}: 'published' must be a date written YYYY-MM-DD")
    if not isinstance(case["text"], str) or not case["text"].strip():
        raise CaseFormatError(f"{where}: 'text' must be a non-empty string")
    if not isinstance(case["expect"], list):
        raise CaseFormatError(f"{where}: 'expect' must be a list ([] for a text that yields nothing)")
    for i, exp in enumerate(case["expect"]):
        if not isinstance(exp, dict) or not exp:
            raise CaseFormatError(f"{where}: expectation #{i} must be a non-empty mapping")
        bad = set(exp) - MENTION_KEYS
        if bad:
            raise CaseFormatError(f"{where}: expectation #{i} has keys {sorted(bad)} that Mention lacks")
        for key, value in exp.items():
            _check_value(f"{where} expectation #{i}", key, value)
    return case


def load_case_file(path: Path) -> list[dict]:
    """Parse and validate one theme file; errors name the file and the case."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise CaseFormatError(f"{path.name}: not valid YAML: {exc}") from exc
    if not isinstance(data, list):
        raise CaseFormatError(f"{path.name}: the file must hold a YAML list of cases")
    return [_check_case(path, n, case) for n, case in enumerate(data, 1)]


KNOWN_FAILURES = CASES_DIR / "known_failures.yaml"


def case_files() -> list[Path]:
    return sorted(p for p in CASES_DIR.glob("*.yaml") if p != KNOWN_FAILURES)


@functools.cache
def known_failures() -> dict[str, str]:
    """Case id -> why the extractor does not pass it yet (turned into strict xfails)."""
    if not KNOWN_FAILURES.is_file():
        return {}
    data = yaml.safe_load(KNOWN_FAILURES.read_text(encoding="utf-8")) or {}
    pairs = data.items() if isinstance(data, dict) else []
    if not isinstance(data, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in pairs):
        raise CaseFormatError(f"{KNOWN_FAILURES.name}: must map case ids to one-line causes (strings)")
    return data


@functools.cache
def all_cases() -> tuple[dict, ...]:
    cases = []
    for path in case_files():
        for case in load_case_file(path):
            cases.append({**case, "_file": path.stem})
    return tuple(cases)


# --- matching ------------------------------------------------------------------------------------

_ARTICLE = re.compile(r"^(?:al|el|ar|ad|as|an|at|ash|az|the)[\s-]+(?=\S)", re.IGNORECASE)


def norm_name(value: object) -> str:
    """Case, diacritics, apostrophes, hyphens and a leading Arabic or English article do not count."""
    text = unicodedata.normalize("NFKD", str(value))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower().strip()
    text = _ARTICLE.sub("", text)
    text = re.sub(r"['\u2018\u2019`\u02bc\u02bf\u02be]", "", text)
    text = re.sub(r"[-_.,\u2010-\u2014]", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def _as_date(value: object) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and value:
        try:
            return dt.date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


def _agrees_one(key: str, want: object, got: object) -> bool:
    if got == "":
        got = None
    if isinstance(want, dict):  # inclusive range
        got = _as_date(got) if key in DATE_KEYS else got
        return got is not None and want["from"] <= got <= want["to"]
    if want is None or got is None:
        return want is None and got is None
    if key in DATE_KEYS:
        return _as_date(got) == want
    if key == "disputed":
        return bool(got) == bool(want)
    if isinstance(want, bool | int | float) or key in EXACT_KEYS:
        return got == want
    return norm_name(got) == norm_name(want)


def agrees(expected: dict, mention: Mention) -> bool:
    """True when the mention agrees on every key the expectation gives."""
    for key, want in expected.items():
        got = getattr(mention, key)
        options = want if isinstance(want, list) else [want]
        if not any(_agrees_one(key, w, got) for w in options):
            return False
    return True


def disagreements(expected: dict, mention: Mention) -> list[str]:
    out = []
    for key, want in expected.items():
        got = getattr(mention, key)
        options = want if isinstance(want, list) else [want]
        if not any(_agrees_one(key, w, got) for w in options):
            out.append(f"{key}: want {want!r}, got {got!r}")
    return out


def match(expected: list[dict], produced: list[Mention]) -> dict[int, int]:
    """A maximum one-to-one assignment expectation -> produced mention (augmenting paths)."""
    edges = {i: [j for j, m in enumerate(produced) if agrees(e, m)] for i, e in enumerate(expected)}
    owner: dict[int, int] = {}

    def augment(i: int, seen: set[int]) -> bool:
        for j in edges[i]:
            if j in seen:
                continue
            seen.add(j)
            if j not in owner or augment(owner[j], seen):
                owner[j] = i
                return True
        return False

    for i in edges:
        augment(i, set())
    return {i: j for j, i in owner.items()}


def show_expected(exp: dict) -> str:
    """An expectation as compact `key=value` pairs (dates as ISO, ranges as from..to)."""

    def one(v: object) -> str:
        if isinstance(v, dict):
            return f"{one(v['from'])}..{one(v['to'])}"
        if isinstance(v, list):
            return "|".join(one(x) for x in v)
        return v.isoformat() if isinstance(v, dt.date) else str(v)

    return " ".join(f"{k}={one(v)}" for k, v in exp.items())


def describe(m: Mention) -> str:
    """One compact line per produced mention, for failure messages."""
    people = (
        f" people={m.people_low}-{m.people_high}" if (m.people_low, m.people_high) != (None, None) else ""
    )
    dead = (
        f" killed={m.fatalities_low}-{m.fatalities_high}"
        if (m.fatalities_low, m.fatalities_high) != (None, None)
        else ""
    )
    return (
        f"{m.family}/{m.event_type} [{m.modality}] actor={m.actor_name!r}({m.actor_side}) "
        f"target={m.target_name!r}({m.target_side}) place={m.place_name!r} date={m.event_date} "
        f"claimant={m.claimant!r}{people}{dead}{' DISPUTED' if m.disputed else ''} "
        f"trigger={m.trigger_text!r}"
    )


@functools.cache
def _default_extractor():
    try:
        from extract.events import default_extractor
    except ImportError as exc:
        raise ImportError(
            "extract.events.default_extractor() is not importable yet "
            f"({exc}); these cases specify the rule extractor of issue 3"
        ) from exc
    return default_extractor()


# --- the cases ------------------------------------------------------------------------------------


def _case_params() -> list:
    try:
        cases = all_cases()
    except CaseFormatError as exc:  # reported by test_case_file_is_well_formed; keep collection alive
        return [pytest.param(None, id=f"unloadable:{exc}"[:80])]
    known = known_failures()
    return [
        pytest.param(
            c,
            id=f"{c['_file']}/{c['id']}",
            marks=[pytest.mark.xfail(strict=True, reason=known[c["id"]])] if c["id"] in known else [],
        )
        for c in cases
    ]


@pytest.mark.parametrize("case", _case_params())
def test_extractor_yields_expected_mentions(case: dict | None) -> None:
    if case is None:
        pytest.fail("the case files do not load: see test_case_file_is_well_formed", pytrace=False)
    text, published = case["text"], case["published"]
    article = ArticleText(
        article_id=case["id"], url=f"https://example.test/{case['id']}", text=text, published=published
    )
    mentions, _links = _default_extractor().extract(article)
    expected = case["expect"]

    problems: list[str] = []
    for m in mentions:
        if m.sentence_start is None or text[m.sentence_start : m.sentence_end] != m.sentence:
            problems.append(
                f"sentence span [{m.sentence_start}:{m.sentence_end}] is not the sentence: {describe(m)}"
            )
        if not (m.sentence_start <= m.span_start < m.span_end <= m.sentence_end):
            problems.append(
                f"trigger span [{m.span_start}:{m.span_end}] not inside the sentence: {describe(m)}"
            )
        elif text[m.span_start : m.span_end] != m.trigger_text:
            problems.append(f"trigger_text is not text[span_start:span_end]: {describe(m)}")
        if m.article_id != case["id"]:
            problems.append(f"article_id {m.article_id!r} is not the article's: {describe(m)}")

    assigned = match(expected, mentions)
    for i, exp in enumerate(expected):
        if i in assigned:
            continue
        nearest = sorted(mentions, key=lambda m: len(disagreements(exp, m)))[:1]
        why = f"; nearest differs on {', '.join(disagreements(exp, nearest[0]))}" if nearest else ""
        problems.append(f"missing {show_expected(exp)}{why}")
    if not case.get("allow_extra"):
        for m in mentions:
            if (case.get("strict") or m.modality in SCORED_MODALITIES) and not any(
                agrees(e, m) for e in expected
            ):
                problems.append(f"extra   {describe(m)}")

    if problems:
        rows = "\n".join(f"    {describe(m)}" for m in mentions) or "    (none)"
        note = f"\n  note: {case['note']}" if case.get("note") else ""
        pytest.fail(
            f"{case['_file']}/{case['id']} (published {published}){note}\n  text: {text}\n"
            f"  produced:\n{rows}\n  problems:\n" + "\n".join(f"    {p}" for p in problems),
            pytrace=False,
        )


# --- the suite itself -----------------------------------------------------------------------------


@pytest.mark.parametrize("path", case_files(), ids=lambda p: p.name)
def test_case_file_is_well_formed(path: Path) -> None:
    cases = load_case_file(path)
    assert cases, f"{path.name} holds no case"


def test_known_failures_name_only_existing_cases() -> None:
    ids = {c["id"] for c in all_cases()}
    unknown = sorted(set(known_failures()) - ids)
    assert not unknown, f"{KNOWN_FAILURES.name} names cases that do not exist: {unknown}"
    blank = sorted(k for k, v in known_failures().items() if not v.strip() or "\n" in v.strip())
    assert not blank, f"{KNOWN_FAILURES.name}: give each case a one-line cause: {blank}"


def test_suite_has_enough_cases_with_unique_ids() -> None:
    cases = all_cases()
    assert len(cases) >= MIN_CASES, f"issue 3 asks for at least {MIN_CASES} texts, the suite has {len(cases)}"
    seen: dict[str, str] = {}
    dupes = []
    for c in cases:
        if c["id"] in seen:
            dupes.append(f"{c['id']} ({seen[c['id']]}, {c['_file']})")
        seen[c["id"]] = c["_file"]
    assert not dupes, f"duplicate case ids: {dupes}"


def _expected_values(key: str) -> set:
    values: set = set()
    for c in all_cases():
        for exp in c["expect"]:
            v = exp.get(key)
            values.update(v if isinstance(v, list) else [v])
    return values


def test_suite_covers_every_event_type_and_modality() -> None:
    types = _expected_values("event_type")
    missing = sorted(ALL_TYPES - types)
    assert not missing, f"no case expects these event types: {missing}"
    families = _expected_values("family")
    assert set(EVENT_TYPES) <= families, f"no case expects the families {sorted(set(EVENT_TYPES) - families)}"
    modalities = _expected_values("modality")
    assert set(MODALITIES) <= modalities, (
        f"no case expects the modalities {sorted(set(MODALITIES) - modalities)}"
    )


def test_every_expected_type_belongs_to_its_family() -> None:
    wrong = []
    for c in all_cases():
        for exp in c["expect"]:
            fam, types = exp.get("family"), exp.get("event_type")
            for t in types if isinstance(types, list) else [types]:
                if fam and t and t not in EVENT_TYPES[fam]:
                    wrong.append(f"{c['id']}: {fam}/{t}")
    assert not wrong, f"event types outside their family: {wrong}"


def test_suite_covers_every_date_form() -> None:
    dated_texts = [c["text"] for c in all_cases() if any("event_date" in e for e in c["expect"])]
    missing = [
        name
        for name, rx in DATE_FORMS.items()
        if not any(re.search(rx, t, re.IGNORECASE) for t in dated_texts)
    ]
    assert not missing, f"no case with an expected event_date uses these date forms: {missing}"


def test_suite_has_enough_negative_cases() -> None:
    negatives = [c["id"] for c in all_cases() if not c["expect"]]
    assert len(negatives) >= MIN_NEGATIVE_CASES, (
        f"issue 3 asks for texts that must yield nothing; {len(negatives)} < {MIN_NEGATIVE_CASES}"
    )


def test_claimed_expectations_name_a_claimant_and_asserted_ones_none() -> None:
    """The contract: claimed <=> a claimant; asserted <=> no claimant. Keeps the cases consistent."""
    wrong = []
    for c in all_cases():
        for exp in c["expect"]:
            if exp.get("modality") == "claimed" and "claimant" in exp and exp["claimant"] is None:
                wrong.append(f"{c['id']}: claimed with a null claimant")
            if exp.get("modality") == "asserted" and exp.get("claimant") not in (None,):
                wrong.append(f"{c['id']}: asserted with claimant {exp['claimant']!r}")
    assert not wrong, "; ".join(wrong)


def _shingles(text: str, n: int = 8) -> set[tuple[str, ...]]:
    words = re.findall(r"[a-z0-9]+", norm_name(text))
    return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}


def test_case_texts_are_not_copied_from_third_party_articles() -> None:
    """Our texts are our own: no run of 8 words may come from the seed or the eval articles."""
    if not SHARED_DIR.is_dir():
        pytest.skip(f"{SHARED_DIR} is absent: nothing to compare against")
    sources = [*SHARED_DIR.glob("seed/*.txt"), *SHARED_DIR.glob("eval/articles/*.html")]
    third_party: set[tuple[str, ...]] = set()
    for path in sources:
        raw = path.read_text(encoding="utf-8", errors="replace")
        third_party |= _shingles(re.sub(r"<[^>]+>", " ", raw))
    assert sources, f"no third-party texts found under {SHARED_DIR}"
    copied = [c["id"] for c in all_cases() if _shingles(c["text"]) & third_party]
    assert not copied, f"these cases share 8-word runs with third-party articles: {copied}"


def test_matcher_compares_names_loosely_and_vocabulary_exactly() -> None:
    """The runner's own rules, so a case failing means the extractor, not the comparison."""
    m = Mention(
        article_id="a", family="control", event_type="held", sentence="s", sentence_start=0, sentence_end=1,
        span_start=0, span_end=1, trigger_text="s", extractor="t", extractor_version="0",
        place_name="Ar-Raqqah", actor_name="Hay\u2019at Tahrir al-Sham", event_date=dt.date(2017, 3, 2),
    )  # fmt: skip
    assert agrees({"place_name": "raqqah", "actor_name": "Hayat Tahrir al Sham"}, m)
    assert agrees({"place_name": ["Raqqa", "Ar-Raqqah"], "event_type": "held"}, m)
    assert agrees({"event_date": {"from": dt.date(2017, 3, 1), "to": dt.date(2017, 3, 2)}}, m)
    assert not agrees({"event_date": dt.date(2017, 3, 1)}, m)
    assert not agrees({"event_type": "captured"}, m)
    assert not agrees({"claimant": "SOHR"}, m)
    assert agrees({"claimant": None, "disputed": False}, m)
    assert match([{"family": "control"}, {"event_type": "held"}], [m]) in ({0: 0}, {1: 0})
    assert len(match([{"family": "control"}, {"place_name": "Raqqah"}], [m, m])) == 2
