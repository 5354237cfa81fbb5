"""The team's case texts (tests/extract/cases/*.yaml), for the oracle tests that compare a fast
path with its plain version over realistic sentences."""

from __future__ import annotations

from pathlib import Path

import yaml

CASES = Path(__file__).resolve().parent / "cases"


def texts_by_file() -> list[list[str]]:
    """Each case file's texts, file by file in name order."""
    return [
        [
            case["text"]
            for case in yaml.safe_load(path.read_text(encoding="utf-8")) or []
            if isinstance(case, dict) and isinstance(case.get("text"), str)
        ]
        for path in sorted(CASES.glob("*.yaml"))
    ]


def case_texts() -> list[str]:
    """Every case text, in file order."""
    return [text for texts in texts_by_file() for text in texts]
