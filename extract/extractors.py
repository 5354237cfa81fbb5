"""The extractors by name, so configuration can choose one: `rules` (default) or `llm`."""

from __future__ import annotations

EXTRACTORS = ("rules", "llm")


def get_extractor(name: str = "rules"):
    """The extractor called `name`; an unknown name is an error that lists the known ones."""
    if name == "rules":
        from extract.events import default_extractor

        return default_extractor()
    if name == "llm":
        from extract.llm import llm_extractor_from_env

        return llm_extractor_from_env()
    raise ValueError(f"unknown extractor {name!r}: choose one of {', '.join(EXTRACTORS)}")
