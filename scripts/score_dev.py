#!/usr/bin/env python3
"""Score the default extractor alone on the development articles (no warehouse, no dbt).

Cleans each ../shared/eval/articles/*.html with trafilatura (canonical URL and date from the page),
runs the extractor, writes one JSON line per mention with the contract's columns, and runs
../shared/eval/score.py on them.

    .venv/bin/python scripts/score_dev.py [--out /tmp/dev-predictions.jsonl] [--why]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import trafilatura

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from extract.events import default_extractor  # noqa: E402
from extract.models import ArticleText, stable_id  # noqa: E402

SHARED = ROOT / ".." / "shared"


def articles(folder: Path):
    for path in sorted(folder.glob("*.html")):
        doc = trafilatura.bare_extraction(path.read_text(encoding="utf-8"), with_metadata=True)
        doc = doc.as_dict() if hasattr(doc, "as_dict") else doc
        url = doc.get("url") or path.as_uri()
        published = dt.date.fromisoformat(doc["date"][:10]) if doc.get("date") else None
        yield ArticleText(stable_id(url), url, doc.get("text") or "", published, doc.get("title"))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=Path("/tmp/frontlines-dev-predictions.jsonl"))
    ap.add_argument("--why", action="store_true")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    folder = SHARED / "eval" / "articles"
    if not folder.is_dir():
        raise SystemExit(f"score_dev: no development articles at {folder}")
    extractor = default_extractor()
    rows = []
    for article in articles(folder):
        mentions, _ = extractor.extract(article)
        for m in mentions:
            row = m.to_row()
            row["article_url"] = article.url
            rows.append(row)
    args.out.write_text("".join(json.dumps(r, default=str) + "\n" for r in rows), encoding="utf-8")
    cmd = [
        sys.executable,
        str(SHARED / "eval" / "score.py"),
        "--predictions",
        str(args.out),
        "--gold",
        str(SHARED / "eval" / "gold-dev.jsonl"),
    ]
    cmd += ["--why"] if args.why else []
    cmd += ["--json"] if args.json else []
    raise SystemExit(subprocess.call(cmd))


if __name__ == "__main__":
    main()
