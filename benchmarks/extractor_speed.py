#!/usr/bin/env python3
"""How fast the default extractor runs: articles of about 800 words per second on one core.

Builds synthetic 800-word articles from varied conflict-report sentences (our own text), runs the
rule extractor over them in one process, and prints articles/s, words/s and mentions per article.

    .venv/bin/python benchmarks/extractor_speed.py [--articles 300]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import time

from extract.events import default_extractor
from extract.models import ArticleText
from extract.reference import load_reference

SENTENCES = [
    "Russian warplanes struck the rebel-held town of Atareb on Tuesday, killing at least nine civilians, the "
    "Syrian Observatory for Human Rights said.",
    "Government forces recaptured the Bani Zeid district of Aleppo from rebel factions overnight.",
    "State media said dozens of civilians had left eastern Aleppo through humanitarian corridors "
    "on Saturday.",
    "Residents dismissed the claims as propaganda.",
    "Coalition military forces conducted 14 strikes against ISIL targets near Raqqa on Jan. 8.",
    "The foreign minister met his counterpart in Geneva to discuss a political transition.",
    "Prices of bread rose sharply in the capital as the currency lost value.",
    "Ahrar al-Sham launched two car bomb attacks against army positions near Khan Tuman, activists said.",
    "Should the army retake the town, the road to the coast would reopen.",
    "Turkish artillery shelled Kurdish positions outside Afrin early on Monday.",
    "Aid agencies warned that hundreds of thousands of people lacked clean water and medicine.",
    "The United Nations called for an end to the fighting and for unhindered humanitarian access.",
    "Since July 17, pro-government forces have besieged the eastern districts of the city.",
    "Officials accused Russia of preventing evacuations from Mariupol on Tuesday.",
    "Fighting raged for a third day in the southern suburbs of Damascus, according to local activists.",
    "The talks are expected to resume next month, a diplomat said.",
]


def make_article(rng: random.Random, n: int, words: int = 800) -> ArticleText:
    parts, count = [], 0
    while count < words:
        s = rng.choice(SENTENCES)
        parts.append(s)
        count += len(s.split())
    paragraphs = [" ".join(parts[i : i + 3]) for i in range(0, len(parts), 3)]
    return ArticleText(f"bench-{n}", f"https://example.test/{n}", "\n".join(paragraphs), dt.date(2016, 7, 31))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=300)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    t0 = time.perf_counter()
    load_reference()
    t_load = time.perf_counter() - t0
    rng = random.Random(args.seed)
    articles = [make_article(rng, n) for n in range(args.articles)]
    words = sum(len(a.text.split()) for a in articles)
    extractor = default_extractor()
    extractor.extract(articles[0])  # warm up the caches
    t0 = time.perf_counter()
    n_mentions = 0
    for a in articles:
        mentions, _ = extractor.extract(a)
        n_mentions += len(mentions)
    elapsed = time.perf_counter() - t0
    print(f"reference load (cached compiled form): {t_load:.2f} s")
    print(f"{len(articles)} articles, {words / len(articles):.0f} words each, in {elapsed:.2f} s on one core")
    print(
        f"articles/s: {len(articles) / elapsed:.1f}   words/s: {words / elapsed:,.0f}   "
        f"mentions/article: {n_mentions / len(articles):.1f}"
    )


if __name__ == "__main__":
    main()
