"""The cleaner's metadata is trafilatura's, less categories, tags and licence: every other field, and
the main text, equal what trafilatura's full call gives, on the demo corpus, the test fixtures, the
held-out styles and pages of the benchmark corpus (section fronts, wire copies, articles)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import trafilatura
from lxml.html import tostring
from trafilatura.metadata import extract_metadata
from trafilatura.utils import load_html

from benchmarks.corpus import Corpus
from extract.clean import TRAFILATURA_OPTIONS, clean_article
from extract.page_metadata import page_metadata

ROOT = Path(__file__).resolve().parents[1]
FILES = sorted(
    p for folder in ("demo/corpus", "tests/fixtures") for p in (ROOT / folder).rglob("*.htm*") if p.is_file()
)
SKIPPED_FIELDS = {"categories", "tags", "license"}
TREES = {"body", "commentsbody"}  # empty element trees: compared by identity, never equal


BODY = (
    "<p>Government forces shelled the eastern districts of Aleppo on Sunday, residents said, and "
    "rebels answered with rockets fired at the western neighbourhoods held by the army.</p>" * 3
)
# each page walks one branch of trafilatura's metadata sequence
CRAFTED = {
    "sitename lower case, author without a space": (
        '<meta property="og:site_name" content="halab today"><meta name="author" content="Reuters">'
        "<title>Shelling in Aleppo</title>"
    ),
    "sitename from a twitter handle, padded title": (
        '<meta name="twitter:site" content="@levantwire">'
        '<meta property="og:title" content="  Rockets   hit \n Aleppo  ">'
    ),
    "JSON-LD article": (
        '<script type="application/ld+json">{"@context": "https://schema.org", "@type": "NewsArticle", '
        '"headline": "Aleppo shelled", "datePublished": "2016-07-31", "author": {"@type": "Person", '
        '"name": "Lina Haddad"}, "publisher": {"@type": "Organization", "name": "North Syria Monitor"}}'
        "</script>"
    ),
    "nothing but a heading and a canonical link": (
        '<link rel="canonical" href="https://www.levant-wire.example/2016/07/31/aleppo.html">'
    ),
    "a section front": '<meta property="og:type" content="website"><title>Latest news</title>',
}


def _crafted(head: str) -> bytes:
    return f"<html><head>{head}</head><body><article><h1>Aleppo</h1>{BODY}</article></body></html>".encode()


def _pages() -> list[tuple[str, bytes]]:
    corpus = Corpus(120, seed=11)
    generated = [(f"corpus-{i}", corpus.page(i).html) for i in range(0, 120, 3)]
    crafted = [(name, _crafted(head)) for name, head in CRAFTED.items()]
    return [(str(p.relative_to(ROOT)), p.read_bytes()) for p in FILES] + generated + crafted


PAGES = _pages()


def _without_skipped(doc) -> dict:
    return {k: v for k, v in doc.as_dict().items() if k not in SKIPPED_FIELDS | TREES}


def test_the_pages_are_many_and_varied():
    assert len(FILES) >= 20, "the demo corpus and fixtures hold the pages this test reads"
    kinds = {clean_article(html).status for _, html in PAGES}
    assert {"ok", "not_article"} <= kinds


@pytest.mark.parametrize("url", [None, "https://www.news-desk.example/2016/07/31/aleppo.html"])
def test_metadata_equals_trafilaturas_less_three_fields(url):
    compared = 0
    for name, html in PAGES:
        ours = page_metadata(load_html(html), url)
        theirs = extract_metadata(load_html(html), url, None, True)
        assert _without_skipped(ours) == _without_skipped(theirs), name
        compared += 1
    assert compared == len(PAGES)
    crafted = {name: page_metadata(load_html(_crafted(head)), url) for name, head in CRAFTED.items()}
    assert crafted["sitename lower case, author without a space"].sitename == "Halab Today"
    assert crafted["sitename lower case, author without a space"].author is None
    assert crafted["sitename from a twitter handle, padded title"].sitename == "levantwire".title()
    assert crafted["sitename from a twitter handle, padded title"].title == "Rockets hit Aleppo"
    assert crafted["JSON-LD article"].author == "Lina Haddad"
    assert crafted["JSON-LD article"].date == "2016-07-31"


def test_the_metadata_leaves_the_tree_as_it_found_it():
    name, html = next((n, h) for n, h in PAGES if n.startswith("demo"))
    tree = load_html(html)
    before = tostring(tree)
    page_metadata(tree, None)
    assert tostring(tree) == before, name


def test_clean_article_keeps_trafilaturas_text_and_fields():
    articles = 0
    for name, html in PAGES:
        full = trafilatura.bare_extraction(html, with_metadata=True, **TRAFILATURA_OPTIONS)
        ours = clean_article(html)
        if full is None:
            assert ours.status == "no_text", name
            continue
        assert ours.text == (full.text or "").strip(), name
        assert (ours.title, ours.author, ours.sitename, ours.hostname, ours.language) == (
            full.title,
            full.author,
            full.sitename,
            full.hostname,
            full.language,
        ), name
        assert ours.published_date == (dt.date.fromisoformat(full.date[:10]) if full.date else None), name
        articles += ours.status == "ok"
    assert articles >= 30
