"""The bundled demo corpus keeps its promises: the committed pages match their story data, every page
tells trafilatura its canonical URL and date, cleaning keeps the story and drops the site chrome, and
the special pages (legacy encoding, wire copy, tag index, no-event stories) are what they claim."""

from __future__ import annotations

import difflib
import itertools
import re
from pathlib import Path
from urllib.parse import urlsplit

import lxml.html
import pytest
import trafilatura
import yaml
from trafilatura.deduplication import Simhash, content_fingerprint

from demo import render_corpus as rc
from extract.models import EVENT_TYPES, MODALITIES, SIDES

PAGES = rc.load_pages()
ARTICLES = [p for p in PAGES if p.kind == "article"]
EVENTS = yaml.safe_load((rc.DEMO_DIR / "events.yaml").read_text(encoding="utf-8"))["pages"]


def _squash(text: str) -> str:
    return " ".join(text.split())


def _extract(page: rc.Page, **options):
    """Read the committed page as bytes, as the product's archive source does."""
    raw = (rc.CORPUS_DIR / page.relpath).read_bytes()
    return trafilatura.bare_extraction(raw, with_metadata=True, **options)


_DOCS = {}


def _doc(page: rc.Page):
    if page.relpath not in _DOCS:
        _DOCS[page.relpath] = _extract(page)
    return _DOCS[page.relpath]


def _fingerprint(doc) -> Simhash:
    # the same recipe trafilatura.extract() uses for its `fingerprint` metadata field
    return Simhash(existing_hash=content_fingerprint(f"{doc.title} {doc.raw_text}"))


def test_committed_pages_match_the_story_data(tmp_path: Path):
    written = rc.render_corpus(tmp_path)
    fresh = {p.relative_to(tmp_path).as_posix(): p.read_bytes() for p in written}
    committed = {
        p.relative_to(rc.CORPUS_DIR).as_posix(): p.read_bytes() for p in rc.CORPUS_DIR.rglob("*.html")
    }
    assert sorted(committed) == sorted(fresh), "run `python demo/render_corpus.py` and commit demo/corpus/"
    stale = [name for name in fresh if fresh[name] != committed[name]]
    assert not stale, f"pages out of date with demo/stories/: {stale}; re-render and commit"


def test_corpus_has_forty_pages_in_four_layouts_from_several_outlets():
    assert len(ARTICLES) >= 40
    by_layout = {layout: [p for p in ARTICLES if p.outlet.layout == layout] for layout in rc.LAYOUTS}
    assert all(len(pages) >= 5 for pages in by_layout.values()), {k: len(v) for k, v in by_layout.items()}
    assert len({p.outlet.key for p in ARTICLES}) >= 4
    for page in PAGES:
        assert urlsplit(page.url).hostname.endswith(".example"), page.url
        assert "2016-07-01" <= page.published.date().isoformat() <= "2016-12-31", page.slug


def test_the_four_layouts_are_distinct_markup():
    """Same story in four layouts: the cleaning step must meet four different page structures."""
    page = ARTICLES[0]
    env = rc._environment()
    outlets = {o.layout: o for o in rc.load_outlets(rc.STORIES_DIR).values()}
    shapes = {}
    for layout in rc.LAYOUTS:
        page_in_layout = rc.Page(**{**page.__dict__, "outlet": outlets[layout]})
        tree = lxml.html.fromstring(rc.render_page(env, page_in_layout))
        shapes[layout] = {f"{el.tag}.{el.get('class') or el.get('id') or ''}" for el in tree.body.iter()}
    for (a, shape_a), (b, shape_b) in itertools.combinations(shapes.items(), 2):
        overlap = len(shape_a & shape_b) / len(shape_a | shape_b)
        assert overlap < 0.5, f"layouts {a} and {b} share {overlap:.0%} of their element shapes"


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.relpath)
def test_page_tells_trafilatura_its_canonical_url_date_and_title(page: rc.Page):
    doc = _doc(page)
    assert doc.url == page.url
    assert doc.date == page.published.date().isoformat()
    assert doc.title == page.title


@pytest.mark.parametrize("page", ARTICLES, ids=lambda p: p.relpath)
def test_cleaning_keeps_the_story_and_drops_the_site_chrome(page: rc.Page):
    text = _squash(_doc(page).text)
    assert _squash(page.paragraphs[0]) in text
    assert _squash(page.paragraphs[-1]) in text
    for name, sentence in rc.BOILERPLATE[page.outlet.layout].items():
        assert sentence not in text, f"{name} boilerplate leaked into the main text"
    for comment in page.comments:
        assert _squash(comment["text"]) not in text, "a reader comment leaked into the main text"
    for link in page.related:
        assert link["title"] not in text, "a related-links headline leaked into the main text"


def test_legacy_encoded_page_is_legacy_bytes_and_decodes_correctly():
    legacy = [p for p in PAGES if p.encoding.lower() != "utf-8"]
    assert [p.encoding for p in legacy] == ["windows-1256"]
    page = legacy[0]
    raw = (rc.CORPUS_DIR / page.relpath).read_bytes()
    assert b'<meta charset="windows-1256">' in raw
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    # the Arabic name and the accented letters must survive the trip through the page's charset
    assert "مساكن هنانو".encode("windows-1256") in raw
    doc = _doc(page)
    assert "Masaken Hanano (مساكن هنانو)" in doc.text
    assert "runs a café in Aziziyeh" in doc.text
    assert doc.author == "Hélène Saadé"


def test_wire_copy_is_the_same_story_at_another_url():
    copies = [p for p in ARTICLES if p.copy_of]
    assert copies, "the corpus must carry at least one wire copy (copy_of: in the YAML)"
    by_url = {p.url: p for p in ARTICLES}
    fingerprints = {p.relpath: _fingerprint(_doc(p)) for p in ARTICLES}
    copy_pairs = set()
    for copy in copies:
        original = by_url[copy.copy_of]
        assert copy.url != original.url
        assert copy.outlet.layout != original.outlet.layout
        copy_doc, original_doc = _doc(copy), _doc(original)
        assert copy_doc.url != original_doc.url
        for paragraph in original.paragraphs:
            assert _squash(paragraph) in _squash(copy_doc.text)
        ratio = difflib.SequenceMatcher(None, original_doc.text, copy_doc.text).ratio()
        assert ratio >= 0.9, f"wire copy text drifted from the original (ratio {ratio:.2f})"
        similarity = fingerprints[copy.relpath].similarity(fingerprints[original.relpath])
        assert similarity >= 0.85, f"fingerprints too far apart ({similarity:.2f})"
        copy_pairs.add(frozenset((copy.relpath, original.relpath)))
    # and no two unrelated stories are that close, so a dedup threshold of 0.85 separates them
    for a, b in itertools.combinations(ARTICLES, 2):
        if frozenset((a.relpath, b.relpath)) not in copy_pairs:
            assert fingerprints[a.relpath].similarity(fingerprints[b.relpath]) < 0.85, (a.slug, b.slug)


def test_index_page_has_no_article_text():
    indexes = [p for p in PAGES if p.kind == "index"]
    assert len(indexes) == 1
    page = indexes[0]
    raw = (rc.CORPUS_DIR / page.relpath).read_bytes().decode("utf-8")
    assert 'property="og:type" content="website"' in raw
    assert "article:published_time" not in raw
    # in precision mode trafilatura finds no article at all
    assert _extract(page, favor_precision=True) is None
    # the default mode falls back to the page's whole text: headlines and menus, not one sentence of prose
    text = _doc(page).text
    prose = [line for line in text.splitlines() if line.rstrip().endswith(".") and len(line.split()) > 6]
    assert prose == []
    assert len(text) < 1000


def _parse_event(line: str) -> dict:
    family_type, side, place, date, modality, *note = [part.strip() for part in line.split("|")]
    family, event_type = family_type.split("/")
    return {
        "family": family,
        "type": event_type,
        "side": side,
        "place": place,
        "date": date,
        "modality": modality,
        "note": note[0] if note else "",
    }


def test_event_notes_cover_every_page_and_use_the_contract_vocabulary():
    assert sorted(EVENTS) == sorted(p.relpath.removesuffix(".html") for p in PAGES)
    texts = {p.relpath.removesuffix(".html"): " ".join(p.paragraphs) for p in PAGES}
    for key, lines in EVENTS.items():
        for line in lines:
            event = _parse_event(line)
            assert event["type"] in EVENT_TYPES[event["family"]], (key, line)
            assert event["side"] in SIDES, (key, line)
            assert event["modality"] in MODALITIES, (key, line)
            assert event["place"] in texts[key], (
                f"{key}: place '{event['place']}' is not spelled so in the text"
            )
            if event["date"] != "-":
                assert re.fullmatch(r"2016-\d\d-\d\d(\.\.2016-\d\d-\d\d)?", event["date"]), (key, line)


def test_at_least_four_pages_report_no_conflict_event():
    quiet = [key for key, lines in EVENTS.items() if not lines and not key.endswith("tag-aleppo")]
    assert len(quiet) >= 4
    sport = next(p for p in ARTICLES if p.section == "Sports")
    assert "strike" in " ".join(sport.paragraphs), "the football report must use 'strike' as a trap"


@pytest.mark.parametrize(
    ("place", "spellings"),
    [("Castello Road", ("Castello Road", "Castillo")), ("Ramouseh", ("Ramouseh", "Ramousah", "Ramousa"))],
)
def test_place_changes_hands_on_several_dated_pages(place: str, spellings: tuple[str, ...]):
    spells = []  # (date, side) of control events at this place, from the corpus author's notes
    for lines in EVENTS.values():
        for event in map(_parse_event, lines):
            dated_control = event["family"] == "control" and event["date"] != "-"
            if (
                dated_control
                and event["modality"] != "hypothetical"
                and any(s in event["place"] for s in spellings)
            ):
                spells.append((event["date"][:10], event["side"]))
    dates = sorted({d for d, _ in spells})
    assert len(dates) >= 4, f"{place}: only {dates}"
    sides_in_order = [side for _, side in sorted(spells)]
    changes = sum(1 for a, b in itertools.pairwise(sides_in_order) if a != b)
    assert {"opposition", "pro_government"} <= set(sides_in_order) and changes >= 1, (place, sorted(spells))


def test_a_story_without_url_is_refused_with_its_file_named(tmp_path: Path):
    (tmp_path / "outlets.yaml").write_text((rc.STORIES_DIR / "outlets.yaml").read_text(encoding="utf-8"))
    (tmp_path / "broken.yaml").write_text(
        "stories:\n  - outlet: levant-wire\n    slug: no-url\n    title: T\n"
        "    published: 2016-07-01T10:00:00+03:00\n    author: A\n    paragraphs: [x]\n",
        encoding="utf-8",
    )
    with pytest.raises(
        rc.CorpusError, match=r"broken\.yaml story #1 \(no-url\): missing required field 'url'"
    ):
        rc.load_pages(tmp_path)


MINI_DIR = Path(__file__).resolve().parent / "fixtures" / "mini_corpus"


def test_mini_corpus_fixture_agrees_with_its_pages():
    """The end-to-end fixture: three pages, one event each, expected mentions that the text supports."""
    expected = yaml.safe_load((MINI_DIR / "expected_mentions.yaml").read_text(encoding="utf-8"))["pages"]
    assert sorted(e["file"] for e in expected) == sorted(p.name for p in MINI_DIR.glob("*.html"))
    families = []
    for entry in expected:
        doc = trafilatura.bare_extraction((MINI_DIR / entry["file"]).read_bytes(), with_metadata=True)
        assert doc.url == entry["url"]
        assert doc.date == entry["published"].isoformat()
        assert "cookies" not in doc.text and "Subscribe" not in doc.text and "Please keep us" not in doc.text
        assert len(entry["mentions"]) == 1
        for mention in entry["mentions"]:
            families.append(mention["family"])
            assert mention["event_type"] in EVENT_TYPES[mention["family"]]
            assert mention["actor_side"] in SIDES and mention["modality"] in MODALITIES
            assert _squash(mention["sentence"]) in _squash(doc.text)
            assert mention["event_date"] < entry["published"], "the event precedes its report"
            names = [mention["place_name"], *mention.get("place_aliases", [])]
            assert any(name in mention["sentence"] for name in names)
            if mention.get("claimant"):
                assert mention["modality"] == "claimed"
                assert mention["claimant"] in mention["sentence"]
            if mention.get("disputed"):
                assert mention["disputed_by"] in doc.text and "disputed" in doc.text
    assert sorted(families) == ["control", "corridor", "strike"]
