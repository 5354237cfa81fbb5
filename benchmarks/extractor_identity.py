#!/usr/bin/env python3
"""Every mention the default extractor gives on a fixed set of texts, to prove a speed change is lossless.

The texts: each case of tests/extract/cases/*.yaml alone, each case file's texts joined as one
article (so per-article state such as focus places and anaphora is exercised), the same case texts
upper- and lower-cased (case rules of the dictionaries), the demo corpus (demo/corpus, cleaned with
extract.clean.clean_article), the dev-set pages and the seed text of ../shared when present (read
at run time, never copied; the pages are cleaned both as the pipeline and as scripts/score_dev.py
clean them), and both synthetic modes of benchmarks/extractor_speed.py (the benchmark's own seed and
a second one). It writes one JSON document: for each article, every mention's full field dict
(keys sorted) and every link, in extraction order.

    .venv/bin/python benchmarks/extractor_identity.py /tmp/identity-before.json
    .venv/bin/python benchmarks/extractor_identity.py /tmp/identity-after.json \
        --compare /tmp/identity-before.json

The output holds third-party sentences (dev set): keep it outside the repository (e.g. /tmp).
Exit status 1 when --compare finds any difference.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import pickle
import sys
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from extract.events import default_extractor  # noqa: E402
from extract.models import ArticleText  # noqa: E402

SHARED = ROOT / ".." / "shared"
CLEAN_CACHE = Path("/tmp/extractor_identity_clean.pkl")
URL = "https://example.test/"


def _cases() -> list[tuple[str, str, dt.date | None]]:
    out = []
    for path in sorted((ROOT / "tests" / "extract" / "cases").glob("*.yaml")):
        for case in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            if not isinstance(case, dict) or "text" not in case:
                continue
            pub = case.get("published")
            if isinstance(pub, str):
                pub = dt.date.fromisoformat(pub)
            out.append((f"{path.stem}:{case.get('id')}", case["text"], pub))
    return out


def _case_articles() -> list[ArticleText]:
    cases = _cases()
    out = [ArticleText(f"case:{cid}", URL, text, pub) for cid, text, pub in cases]
    out += [ArticleText(f"upper:{cid}", URL, text.upper(), pub) for cid, text, pub in cases]
    out += [ArticleText(f"lower:{cid}", URL, text.lower(), pub) for cid, text, pub in cases]
    by_file: dict[str, list[str]] = {}
    for cid, text, _ in cases:
        by_file.setdefault(cid.split(":")[0], []).append(text)
    for stem, texts in by_file.items():
        out.append(ArticleText(f"joined:{stem}", URL, "\n".join(texts), dt.date(2016, 7, 31)))
    return out


def _cleaned(page: Path, how: str, cache: dict) -> tuple[str, dt.date | None, str | None]:
    key = (str(page.resolve()), page.stat().st_mtime, how)
    if key not in cache:
        if how == "pipeline":
            from extract.clean import clean_article

            c = clean_article(page.read_bytes(), url=f"https://example.test/{page.name}")
            cache[key] = (c.text or "", c.published_date, c.title)
        else:  # as scripts/score_dev.py reads the dev set
            import trafilatura

            doc = trafilatura.bare_extraction(page.read_text(encoding="utf-8"), with_metadata=True)
            doc = doc.as_dict() if hasattr(doc, "as_dict") else doc
            pub = dt.date.fromisoformat(doc["date"][:10]) if doc.get("date") else None
            cache[key] = (doc.get("text") or "", pub, doc.get("title"))
    return cache[key]


def _page_articles() -> list[ArticleText]:
    """Demo corpus, dev-set pages and the seed text; cleaned pages cached by path and mtime in /tmp."""
    jobs = [(p, "pipeline") for p in sorted((ROOT / "demo" / "corpus").rglob("*.html"))]
    dev = SHARED / "eval" / "articles"
    if dev.is_dir():
        for p in sorted(dev.glob("*.html")):
            jobs += [(p, "pipeline"), (p, "score_dev")]
    else:
        print(f"note: no dev-set articles at {dev}: skipped", file=sys.stderr)
    cache = pickle.loads(CLEAN_CACHE.read_bytes()) if CLEAN_CACHE.exists() else {}
    out = []
    for page, how in jobs:
        text, pub, title = _cleaned(page, how, cache)
        if text:
            out.append(ArticleText(f"{how}:{page.parent.name}/{page.name}", URL, text, pub, title))
    CLEAN_CACHE.write_bytes(pickle.dumps(cache))
    for seed in sorted((SHARED / "seed").glob("*.txt")) if (SHARED / "seed").is_dir() else []:
        out.append(ArticleText(f"seed:{seed.name}", URL, seed.read_text(encoding="utf-8"), None))
    return out


def _bench_articles(count: int) -> list[ArticleText]:
    import extractor_speed as bench

    out = []
    for seed in (7, 11):
        for mode in ("realistic", "dense"):
            for a in bench.articles_for(mode, count, seed):
                a.article_id = f"{a.article_id}:seed{seed}"
                out.append(a)
    return out


def _jsonable(value):
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


def snapshot(bench_count: int) -> dict:
    extractor = default_extractor()
    articles = _case_articles() + _page_articles() + _bench_articles(bench_count)
    out = {}
    t0 = time.process_time()
    for article in articles:
        mentions, links = extractor.extract(article)
        out[article.article_id] = {
            "mentions": [{k: _jsonable(v) for k, v in sorted(m.to_row().items())} for m in mentions],
            "links": [
                {f.name: _jsonable(getattr(link, f.name)) for f in dataclasses.fields(link)} for link in links
            ],
        }
    print(f"{len(articles)} articles extracted in {time.process_time() - t0:.1f} s CPU", file=sys.stderr)
    return out


def _compare(old: dict, new: dict) -> int:
    problems = 0
    for aid in sorted(set(old) | set(new)):
        if aid not in old or aid not in new:
            print(f"article {aid}: only in {'new' if aid in new else 'old'}")
            problems += 1
            continue
        if old[aid] == new[aid]:
            continue
        problems += 1
        if problems <= 10:
            a, b = old[aid], new[aid]
            print(f"article {aid}: {len(a['mentions'])} -> {len(b['mentions'])} mentions")
            for i, (ma, mb) in enumerate(zip(a["mentions"], b["mentions"], strict=False)):
                diff = {k: (ma.get(k), mb.get(k)) for k in set(ma) | set(mb) if ma.get(k) != mb.get(k)}
                if diff:
                    print(f"  mention {i}: {diff}")
            if a["links"] != b["links"]:
                print(f"  links differ: {a['links']} -> {b['links']}")
    return problems


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--compare", type=Path, help="an earlier output to compare with")
    ap.add_argument("--bench-articles", type=int, default=300, help="articles per synthetic mode and seed")
    args = ap.parse_args()
    result = snapshot(args.bench_articles)
    args.out.write_text(json.dumps(result, sort_keys=True, indent=0), encoding="utf-8")
    n_mentions = sum(len(v["mentions"]) for v in result.values())
    n_links = sum(len(v["links"]) for v in result.values())
    print(f"{len(result)} articles, {n_mentions} mentions, {n_links} links -> {args.out}")
    if args.compare:
        problems = _compare(json.loads(args.compare.read_text(encoding="utf-8")), result)
        if problems:
            print(f"DIFFERENT from {args.compare}: {problems} articles differ")
            sys.exit(1)
        print(f"IDENTICAL to {args.compare}")


if __name__ == "__main__":
    main()
