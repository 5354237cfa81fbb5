#!/usr/bin/env python3
"""Snapshot of the default extractor's output, to show a speed change leaves every row as it was.

Runs the rule extractor over the team's case texts (tests/extract/cases/*.yaml), the demo corpus
(demo/corpus, cleaned with extract.clean.clean_article), the dev-set articles of ../shared/eval
when present (read at run time, never copied) and the synthetic benchmark articles of both modes,
and writes every mention's `to_row()` and every link as sorted JSON lines. Write one before and
one after a change, then compare:

    .venv/bin/python scripts/extractor_snapshot.py /tmp/before.jsonl
    .venv/bin/python scripts/extractor_snapshot.py /tmp/after.jsonl --compare /tmp/before.jsonl

The snapshot holds third-party sentences (dev set): keep it outside the repository (e.g. /tmp).
"""

from __future__ import annotations

import argparse
import datetime as dt
import difflib
import json
import pickle
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from extract.events import default_extractor  # noqa: E402
from extract.models import ArticleText  # noqa: E402

SHARED = ROOT / ".." / "shared"
CLEAN_CACHE = Path("/tmp/extractor_snapshot_clean.pkl")


def _case_articles() -> list[ArticleText]:
    out = []
    for path in sorted((ROOT / "tests" / "extract" / "cases").glob("*.yaml")):
        for case in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            if not isinstance(case, dict) or "text" not in case:
                continue
            pub = case.get("published")
            if isinstance(pub, str):
                pub = dt.date.fromisoformat(pub)
            article_id = f"case:{path.stem}:{case.get('id')}"
            out.append(ArticleText(article_id, "https://example.test/", case["text"], pub))
    return out


def _html_articles() -> list[ArticleText]:
    """Demo corpus and dev-set pages, cleaned once and cached by path and modification time."""
    from extract.clean import clean_article

    pages = sorted((ROOT / "demo" / "corpus").rglob("*.html"))
    if (SHARED / "eval" / "articles").is_dir():
        pages += sorted((SHARED / "eval" / "articles").glob("*.html"))
    cache = pickle.loads(CLEAN_CACHE.read_bytes()) if CLEAN_CACHE.exists() else {}
    out = []
    for page in pages:
        key = (str(page.resolve()), page.stat().st_mtime)
        if key not in cache:
            cleaned = clean_article(page.read_bytes(), url=f"https://example.test/{page.name}")
            cache[key] = (cleaned.text or "", cleaned.published_date, cleaned.title)
        text, pub, title = cache[key]
        if text:
            article_id = f"page:{page.parent.name}/{page.name}"
            out.append(ArticleText(article_id, "https://example.test/", text, pub, title))
    CLEAN_CACHE.write_bytes(pickle.dumps(cache))
    return out


def _bench_articles(count: int) -> list[ArticleText]:
    import extractor_speed as bench

    return bench.articles_for("realistic", count, 7) + bench.articles_for("dense", count, 7)


def snapshot(bench_count: int) -> list[str]:
    extractor = default_extractor()
    lines = []
    for article in _case_articles() + _html_articles() + _bench_articles(bench_count):
        mentions, links = extractor.extract(article)
        for m in mentions:
            lines.append(json.dumps({"m": m.to_row()}, sort_keys=True, default=str))
        for link in links:
            lines.append(json.dumps({"l": [article.article_id, *vars_of(link)]}, sort_keys=True, default=str))
        lines.append(json.dumps({"article": article.article_id, "mentions": len(mentions)}))
    return sorted(lines)


def vars_of(obj) -> list:
    return [getattr(obj, f) for f in obj.__dataclass_fields__]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--compare", type=Path, help="an earlier snapshot to compare with")
    ap.add_argument("--bench-articles", type=int, default=60)
    args = ap.parse_args()
    lines = snapshot(args.bench_articles)
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    n_mentions = sum(1 for line in lines if line.startswith('{"m"'))
    print(f"{len(lines)} lines, {n_mentions} mentions -> {args.out}")
    if args.compare:
        old = args.compare.read_text(encoding="utf-8").splitlines()
        if old == lines:
            print("IDENTICAL to", args.compare)
            return
        diff = list(difflib.unified_diff(old, lines, str(args.compare), str(args.out), lineterm="", n=0))
        print("\n".join(diff[:40]))
        print(f"DIFFERENT from {args.compare}: {sum(1 for d in diff if d[:1] in '+-') - 2} changed lines")
        sys.exit(1)


if __name__ == "__main__":
    main()
