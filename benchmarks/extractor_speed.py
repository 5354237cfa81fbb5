#!/usr/bin/env python3
"""How fast the default extractor runs: articles of about 800 words per second on one core.

Two kinds of synthetic 800-word articles (our own text, no third-party copy):
- `realistic`: news-like density, mostly event-free background sentences (diplomacy, economy,
  quotes, context) with a few event sentences, as real wire reports have (~40 sentences, ~4-8 events);
- `dense`: every sentence drawn from conflict-report sentences, most of them events (a worst case).

Runs the rule extractor over them in one process and prints, per mode, articles/s and words/s by
the CPU time of the process (the cost on one core, even when other processes share the cores) and
by wall time, mentions per article, and a baseline measured in the same process over the same texts
(sentence splitting alone, a plain regex word scan), so the ratio survives a busy machine. The
load average is printed too.

    .venv/bin/python benchmarks/extractor_speed.py [--articles 300] [--mode both|realistic|dense] [--repeat 5]

Each measure is the median of `--repeat` timed passes over the same articles after one warm-up pass
(min and max beside it).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import re
import statistics
import time

from extract.events import default_extractor
from extract.events.sentences import split_sentences
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

# background sentences of a news article: politics, economy, history, quotes, people. Some carry
# words a naive filter would flag ("forces", "left", "hit", "control"), as real text does.
BACKGROUND = [
    "The conflict began in 2011 with protests against the government and has since drawn in regional "
    "and world powers.",
    "More than half of the country's pre-war population has been displaced, according to the United Nations.",
    "The envoy told reporters in Geneva that both delegations had agreed to meet again after the holiday.",
    "Diplomats said the draft resolution would be put to a vote in the Security Council later this week.",
    "The price of a bundle of bread has tripled since the spring, shopkeepers in the old market said.",
    "Many families now rely on a single meal a day and on cash sent by relatives abroad.",
    "The government has repeatedly said it is fighting terrorism and rejects foreign interference.",
    "Opposition leaders, speaking from Istanbul, said they wanted guarantees before returning to the table.",
    "The ministry did not respond to a request for comment.",
    "Teachers in the province have not been paid for four months, a local council member said.",
    "Electricity is available for about two hours a day in most neighbourhoods of the city.",
    "The hospital's director said it was short of anaesthetics, insulin and fuel for its generators.",
    "Analysts say the balance of power in the north has shifted since the start of the year.",
    "The currency has lost more than 80 percent of its value against the dollar since the war began.",
    "A spokesman for the aid group said its teams were ready to deliver food as soon as they were let in.",
    "Thousands of students sat their final exams this month in schools set up in tents and basements.",
    "He left the city with his wife and children two years ago and now lives in a camp near the border.",
    "The foreign ministers of several Gulf states are due to meet in Riyadh on the matter next week.",
    "The report, compiled over six months, is based on interviews with more than 200 witnesses.",
    "Officials in Ankara said the border would remain open to humanitarian traffic and to trade.",
    "The hit song, written in a basement studio, has been shared millions of times online.",
    "Local councils try to keep control of bakeries, water stations and the distribution of fuel.",
    "Security forces at the airport checked the papers of every passenger leaving for Beirut.",
    "The talks collapsed in February when the two sides failed to agree on a transitional body.",
    "Farmers say the harvest is the worst in a decade because of drought and the cost of fertiliser.",
    "The president is expected to address parliament on Thursday, state television said.",
    "A European diplomat described the mood in the room as tense but businesslike.",
    "Human rights groups have documented thousands of cases of people who disappeared in detention.",
    "The United States, Russia and Turkey each back different parties in the conflict.",
    "Prices for cooking gas have doubled in a month, and queues at filling stations stretch for hours.",
    "The old city's covered market, a UNESCO world heritage site, was once a magnet for tourists.",
    "Smugglers charge up to $2,000 a person to take families across the mountains, residents said.",
    "Women run most of the small businesses in the town now that many men have left or been conscripted.",
    "The World Food Programme said it needed another $200 million to keep rations at their current level.",
    "\u201cWe have nothing left to sell,\u201d said one man who used to own a shop near the main square.",
    "The agreement, brokered by Moscow and Ankara, has largely held since it came into force.",
    "Aid officials said the convoy carried flour, medicine and blankets for about 40,000 people.",
    "The governor said water and power lines to the southern districts had been repaired.",
    "Doctors said cases of typhoid and leishmaniasis were rising in the camps.",
    "The minister said the economy would recover once sanctions were lifted, a claim economists doubt.",
]


def _paragraphs(parts: list[str], per: int = 3) -> str:
    return "\n".join(" ".join(parts[i : i + per]) for i in range(0, len(parts), per))


def make_article(rng: random.Random, n: int, words: int = 800) -> ArticleText:
    """A dense article: every sentence a conflict-report sentence."""
    parts, count = [], 0
    while count < words:
        s = rng.choice(SENTENCES)
        parts.append(s)
        count += len(s.split())
    return ArticleText(f"bench-{n}", f"https://example.test/{n}", _paragraphs(parts), dt.date(2016, 7, 31))


def make_realistic_article(rng: random.Random, n: int, words: int = 800) -> ArticleText:
    """A news-like article: background sentences with a few event sentences among them."""
    n_events = rng.randint(3, 7)
    events = [rng.choice(SENTENCES) for _ in range(n_events)]
    parts, count = list(events), sum(len(s.split()) for s in events)
    while count < words:
        s = rng.choice(BACKGROUND)
        parts.append(s)
        count += len(s.split())
    lead, rest = parts[0], parts[1:]
    rng.shuffle(rest)
    return ArticleText(
        f"real-{n}", f"https://example.test/r/{n}", _paragraphs([lead, *rest], 2), dt.date(2016, 7, 31)
    )


def articles_for(mode: str, count: int, seed: int) -> list[ArticleText]:
    rng = random.Random(seed)
    make = make_realistic_article if mode == "realistic" else make_article
    return [make(rng, n) for n in range(count)]


_WORD = re.compile(r"\b\w+\b")


def _timed(fn, items) -> tuple[float, float]:
    """(wall seconds, CPU seconds of this process): CPU time is the cost on one core even when
    other processes share the cores and stretch the wall time."""
    t0, c0 = time.perf_counter(), time.process_time()
    for a in items:
        fn(a)
    return time.perf_counter() - t0, time.process_time() - c0


def run_mode(mode: str, count: int, seed: int, repeat: int) -> None:
    articles = articles_for(mode, count, seed)
    words = sum(len(a.text.split()) for a in articles)
    sentences = sum(len(split_sentences(a.text)) for a in articles)
    extractor = default_extractor()
    # one warm-up pass over all the articles fills the caches; it also counts the mentions
    n_mentions = sum(len(extractor.extract(a)[0]) for a in articles)
    # the median of `repeat` timed passes over the same articles: steadier than one pass and, unlike
    # the best, not the luckiest figure
    runs = [_timed(extractor.extract, articles) for _ in range(repeat)]
    cpus = [c for _, c in runs]
    cpu, wall = statistics.median(cpus), statistics.median(w for w, _ in runs)
    t_split = statistics.median(_timed(lambda a: split_sentences(a.text), articles)[1] for _ in range(repeat))
    t_scan = statistics.median(_timed(lambda a: _WORD.findall(a.text), articles)[1] for _ in range(repeat))
    n = len(articles)
    print(
        f"[{mode}] {n} articles, {words / n:.0f} words and {sentences / n:.1f} sentences each, "
        f"{n_mentions / n:.1f} mentions/article"
    )
    print(
        f"[{mode}] extractor, median of {repeat} passes: CPU {cpu:.3f} s, wall {wall:.3f} s   "
        f"articles/s per core: {n / cpu:.1f} (min {n / max(cpus):.1f}, max {n / min(cpus):.1f}; "
        f"wall: {n / wall:.1f})   words/s per core: {words / cpu:,.0f}"
    )
    print(
        f"[{mode}] baseline, CPU time in the same process: split_sentences {n / t_split:,.0f} articles/s "
        f"(extractor = {cpu / t_split:.1f}x), regex word scan {n / t_scan:,.0f} articles/s "
        f"(extractor = {cpu / t_scan:.1f}x)"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=300)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument(
        "--repeat", type=int, default=5, help="timed passes after one warm-up; the median is reported"
    )
    ap.add_argument("--mode", choices=["both", "realistic", "dense"], default="both")
    args = ap.parse_args()
    if args.repeat < 1 or args.articles < 1:
        ap.error(f"--repeat ({args.repeat}) and --articles ({args.articles}) must be at least 1")
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())} on {os.cpu_count()} cores")
    t0 = time.perf_counter()
    load_reference()
    print(f"reference load (cached compiled form): {time.perf_counter() - t0:.2f} s")
    modes = ["realistic", "dense"] if args.mode == "both" else [args.mode]
    for mode in modes:
        run_mode(mode, args.articles, args.seed, args.repeat)
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
