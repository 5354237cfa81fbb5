"""Cleaning keeps the article and its metadata, and says why a page is not an article."""

from __future__ import annotations

from pathlib import Path

from extract.clean import clean_article

CORPUS = Path(__file__).resolve().parents[1] / "demo" / "corpus"


def test_a_news_page_gives_its_text_canonical_url_and_date():
    page = next(p for p in sorted(CORPUS.glob("levant-wire/*.html")) if "tag" not in p.name)
    result = clean_article(page.read_bytes())
    assert result.status == "ok"
    assert result.url.startswith("https://levant-wire.example/")
    assert result.published_date is not None and result.published_date.year == 2016
    assert len(result.text) > 300 and result.fingerprint


def test_a_tag_page_of_headlines_is_not_an_article():
    result = clean_article((CORPUS / "northsyria-monitor" / "tag-aleppo.html").read_bytes())
    assert result.status == "not_article"
    assert "website" in result.reason


def test_empty_and_junk_pages_get_a_reason_instead_of_an_exception():
    assert clean_article(b"").status == "no_text"
    assert clean_article("   ").reason == "empty page body"
    junk = clean_article(bytes(range(256)) * 50)
    assert junk.status in {"no_text", "not_article", "error"} and junk.reason
