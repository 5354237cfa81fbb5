"""Extractors are chosen by name; a wrong name says which names exist."""

import pytest

from extract.extractors import get_extractor


def test_the_default_extractor_is_the_rule_extractor():
    extractor = get_extractor()
    assert extractor.name == "rules" and extractor.version


def test_an_unknown_extractor_name_lists_the_known_ones():
    with pytest.raises(ValueError, match="rules, llm"):
        get_extractor("spacy")


def test_the_llm_extractor_names_the_missing_variable(monkeypatch):
    monkeypatch.delenv("FRONTLINES_LLM_BASE_URL", raising=False)
    with pytest.raises(Exception, match="FRONTLINES_LLM_BASE_URL"):
        get_extractor("llm")
