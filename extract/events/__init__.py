"""Event mention extractors: the `Extractor` interface and the default rule extractor.

from extract.events import default_extractor
mentions, links = default_extractor().extract(article)   # article: extract.models.ArticleText
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from extract.models import ArticleText, Mention, MentionLink


@runtime_checkable
class Extractor(Protocol):
    """Anything that turns one clean article into mentions (and links between them)."""

    name: str
    version: str

    def extract(self, article: ArticleText) -> tuple[list[Mention], list[MentionLink]]: ...


def default_extractor() -> Extractor:
    """The rule- and dictionary-based extractor: offline, no model download."""
    from extract.events.rules import RuleExtractor

    return RuleExtractor()


__all__ = ["Extractor", "default_extractor"]
