"""A synthetic news corpus for benchmarks: N realistic pages, deterministic by seed, on disk or served.

Real news pages are mostly not article: a median of 60-80 KB of HTML of which the story is 5-10 KB.
The rest is head weight (meta tags, JSON-LD, inline analytics scripts and CSS), navigation menus,
cookie banners, share bars, ad slots, related and most-read lists, comments and footers, and that
weight is what trafilatura spends its time on. Each page here has one of six site layouts with such
boilerplate around a 400-1,500 word story; about half the stories report conflict events (strikes,
territorial control, corridor claims) that the rules extractor reads, the rest are event-free
(economy, weather, sport, culture); a few pages are wire copies of an earlier story on another site,
and a few are section fronts (no article). All text is generated here from templates.

Use: `python benchmarks/corpus.py --pages 1000 --out /tmp/corpus` writes the pages, `urls.txt` and
`sitemap.xml`; `--serve` serves them on 127.0.0.1 until interrupted. Benchmarks import `Corpus`,
`write_corpus` and `CorpusServer` (a server in its own process, so it does not compete with the
benchmark for the interpreter lock).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import hashlib
import json
import multiprocessing as mp
import random
import statistics
import string
import sys
from dataclasses import dataclass
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

SITES = ("dailywire", "gazette", "monitor", "tribune", "bulletin", "observer")
SITE_NAMES = {
    "dailywire": "The Daily Wire Service",
    "gazette": "Levant Gazette",
    "monitor": "Conflict Monitor Weekly",
    "tribune": "Northern Tribune",
    "bulletin": "Field Bulletin",
    "observer": "Evening Observer",
}
WIRE_SHARE = 0.07  # a story first run by one site, repeated word for word by another
FRONT_SHARE = 0.03  # section fronts: lists of teasers, no article
EVENT_SHARE = 0.52  # of the remaining stories, those that report conflict events
# Each story draws on a few templates of each kind and on words of its own, as real stories have
# vocabularies of their own: with every story drawing on every template, 3.5 % of story pairs fell
# within 8 bits of simhash, so 76 % of a 100,000-page corpus was marked as wire copies (a real
# dev-set article is 17 bits or more from every other). With these: 0.007 % of pairs (300 stories).
TEMPLATES_PER_STORY = 5  # of each of the quiet and context sentence lists
TOPIC_SHARE = 0.35  # of sentences: about the story's own people, places and things
TOPIC_WORDS = 48
CORPUS_VERSION = 2  # in the cache folder's name: a change of text makes a new corpus
URLSET_MAX = 10_000  # entries per child sitemap (the protocol allows 50,000)

# --- story text ---------------------------------------------------------------------------------

PLACES = [
    "Aleppo",
    "Idlib",
    "Homs",
    "Hama",
    "Raqqa",
    "Deir ez-Zor",
    "Daraa",
    "Latakia",
    "Manbij",
    "Palmyra",
    "Saraqeb",
    "Maarat al-Numan",
    "Khan Shaykhun",
    "Jisr al-Shughur",
    "al-Bab",
    "Tal Rifaat",
    "Douma",
    "Harasta",
    "Ramouseh",
    "Hanano",
    "Castello Road",
    "Bustan al-Qasr",
    "Kobani",
    "Azaz",
    "Afrin",
    "Qamishli",
]
ATTACKERS = [
    "Russian warplanes",
    "Syrian government forces",
    "government helicopters",
    "coalition aircraft",
    "regime artillery",
    "Turkish drones",
    "pro-government militias",
]
FIGHTERS = [
    "rebel fighters",
    "government troops",
    "Islamic State militants",
    "the Syrian Democratic Forces",
    "Jabhat Fateh al-Sham",
    "opposition groups",
    "Kurdish-led forces",
]
TARGETS = [
    "a market",
    "a bakery",
    "a hospital",
    "a school",
    "residential buildings",
    "a fuel depot",
    "a water station",
    "a checkpoint",
    "a convoy",
    "a mosque",
]
CLAIMANTS = [
    "the Syrian Observatory for Human Rights",
    "local activists",
    "the White Helmets civil defence group",
    "a military spokesman",
    "state media",
    "the United Nations",
    "opposition officials",
    "a monitoring group",
]
VERBS = ("said", "reported", "claimed", "told reporters", "said in a statement")
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
WEEKDAYS = ("on Monday", "on Tuesday", "on Wednesday", "on Thursday", "on Friday", "on Saturday", "overnight")

EVENT_SENTENCES = [
    "{attacker} struck {target} in {place} {day}, killing at least {n} people, {claimant} {verb}.",
    "At least {n} civilians were killed when {attacker} bombed {target} in {place} {day}, according to "
    "{claimant}.",
    "Airstrikes hit {place} {day}, {claimant} {verb}, and rescuers were still searching the rubble.",
    "{fighters} captured {place} {day} after days of heavy fighting, {claimant} {verb}.",
    "{fighters} seized control of the {place} district, cutting a key supply line, {claimant} {verb}.",
    "{fighters} withdrew from {place} {day}, {claimant} {verb}, while the other side disputed the account.",
    "The government announced humanitarian corridors out of {place} {day} for civilians and fighters who "
    "lay down their arms.",
    "{claimant} {verb} that only {n} people had used the corridors out of {place}, a figure that "
    "opposition groups rejected.",
    "Shelling of {place} {day} wounded {n} people, {claimant} {verb}.",
    "{attacker} carried out {n} raids on {place} and its countryside {day}, {claimant} {verb}.",
]
CONTEXT_SENTENCES = [
    "The city has been divided between rival forces since {year}.",
    "Residents described nights of heavy bombardment and shortages of bread and fuel.",
    "Aid agencies have repeatedly warned that hospitals in the area are running out of supplies.",
    "Diplomats in Geneva were expected to discuss a renewed ceasefire later in the week.",
    "The road is the only route into the besieged districts, and its closure has driven up prices.",
    "Independent verification of casualty figures was not possible because access is restricted.",
    "Both sides have accused each other of violating previous truces.",
    "Thousands of families have fled towards the border in recent months, aid workers said.",
    "The offensive began in {month} after weeks of mobilisation on both sides.",
    "Doctors said the main trauma centre had been hit several times since {month}.",
]
QUIET_SENTENCES = [
    "The central bank kept its benchmark rate at {n} percent {day}, citing steady inflation.",
    "Shares in the region's largest retailer rose {n} percent after it reported higher quarterly sales.",
    "Forecasters expect temperatures to climb to {n} degrees by the weekend, with light winds.",
    "The home side won the derby {n}-1, extending their unbeaten run to eleven matches.",
    "The festival opens {day} with a programme of {n} films from across the region.",
    "City officials approved a plan to extend the tram network by {n} kilometres.",
    "The ministry said exports of citrus fruit had grown for the third year in a row.",
    "A new library with more than {n} thousand volumes opened in the old quarter {day}.",
    "Farmers said the late rains would delay the wheat harvest by about {n} days.",
    "The museum's restored mosaics will go on display in {month} after years of conservation work.",
    "Tourism officials reported {n} thousand visitors in the first half of the year.",
    "The university announced {n} new scholarships for engineering students.",
    "Traffic on the coastal motorway was slow {day} because of roadworks near the port.",
    "The orchestra will tour {n} cities next season, its director said.",
]
QUOTES = [
    '"We have nothing left, not even water," said a resident who gave only his first name.',
    '"The situation is catastrophic and getting worse by the hour," an aid official said.',
    '"Our priority is to protect civilians," a spokesman said, without giving details.',
    '"This is a turning point," said an analyst at a research institute in Beirut.',
    '"We expect a busy season," the manager said, pointing to early bookings.',
    '"It was a team effort from the first minute," the coach told reporters.',
]
# the story's own words fill these: no event, no cue for the extractor, only vocabulary
TOPIC_SENTENCES = [
    "The {0} {1} of {2} remained {3} through the {4} {5}.",
    "{0} and {1} {2} were listed among the {3} of the {4} {5}.",
    "Plans for the {0} {1} near {2} drew {3} from the {4} {5}.",
    "A {0} {1} in {2} was {3} for the {4} {5} and the {6}.",
]
HEADLINE_EVENT = [
    "Strikes on {place} kill {n} as fighting intensifies",
    "{fighters} take {place} after heavy clashes",
    "Corridors open out of {place}, but few leave",
    "Monitor says {n} dead in raids on {place}",
    "Battle for {place} enters its {n}th day",
]
HEADLINE_QUIET = [
    "Central bank holds rates as prices steady",
    "Festival returns with {n} films",
    "Home side extend unbeaten run",
    "Harvest delayed by late rains",
    "City approves tram extension",
    "Museum reopens restored mosaics",
]


@dataclass(frozen=True)
class Story:
    title: str
    paragraphs: list[str]
    published: dt.date
    byline: str
    kicker: str


@dataclass(frozen=True)
class CorpusPage:
    index: int
    path: str  # URL path on the server, e.g. /gazette/2016/08/01/strikes-on-aleppo-123.html
    site: str
    kind: str  # event, quiet, wire (a copy of `wire_of`'s story), front
    wire_of: int | None
    published: dt.date
    html: bytes


class Corpus:
    """Page i of a corpus is a pure function of (seed, i): any page can be rebuilt on its own."""

    def __init__(self, pages: int, seed: int = 7, namespace: str = "") -> None:
        if pages < 1:
            raise ValueError(f"--pages must be at least 1, got {pages}")
        self.pages = pages
        self.seed = seed
        self.namespace = f"/{namespace.strip('/')}" if namespace.strip("/") else ""

    def _rng(self, *key: object) -> random.Random:
        digest = hashlib.blake2b(repr((self.seed, *key)).encode(), digest_size=8).digest()
        return random.Random(int.from_bytes(digest, "big"))

    def _kind(self, i: int) -> tuple[str, int | None]:
        rng = self._rng("kind", i)
        roll = rng.random()
        if roll < FRONT_SHARE:
            return "front", None
        if roll < FRONT_SHARE + WIRE_SHARE and i >= 10:
            original = i - rng.randint(1, 9)
            while self._kind(original)[0] in ("front", "wire"):
                original -= 1
                if original < 0:
                    return ("event" if rng.random() < EVENT_SHARE else "quiet"), None
            return "wire", original
        return ("event" if self._rng("topic", i).random() < EVENT_SHARE else "quiet"), None

    def _site(self, i: int) -> str:
        return SITES[self._rng("site", i).randrange(len(SITES))]

    def _published(self, i: int) -> dt.date:
        return dt.date(2015, 1, 1) + dt.timedelta(days=self._rng("date", i).randrange(3650))

    def page(self, i: int) -> CorpusPage:
        if not 0 <= i < self.pages:
            raise IndexError(f"page {i} is outside this corpus of {self.pages} pages")
        kind, wire_of = self._kind(i)
        site = self._site(i)
        story_index = wire_of if wire_of is not None else i
        if wire_of is not None and self._site(wire_of) == site:
            site = SITES[(SITES.index(site) + 1) % len(SITES)]
        published = self._published(story_index)
        layout = self._rng("layout", i)
        if kind == "front":
            title = f"{SITE_NAMES[site]}: latest news, page {i}"
            html = _front_page(layout, site, i, title)
            path = f"{self.namespace}/{site}/section/latest-{i}.html"
        else:
            story_kind = self._kind(story_index)[0] if wire_of is not None else kind
            story_rng = self._rng("story", story_index)
            title, paragraphs = _story(story_rng, story_kind == "event", published)
            # byline and kicker belong to the story: a wire copy carries them as the agency wrote them
            story = Story(
                title,
                paragraphs,
                published,
                byline=f"By {_word(story_rng, 4, 7).title()} {_word(story_rng, 5, 9).title()}",
                kicker=story_rng.choice(SECTIONS),
            )
            slug = "-".join(w.strip(",.").lower() for w in title.split()[:6] if w.strip(",."))
            path = f"{self.namespace}/{site}/{published:%Y/%m/%d}/{slug}-{i}.html"
            html = _article_page(layout, site, path, story)
        return CorpusPage(i, path, site, kind, wire_of, published, html.encode("utf-8"))

    def __iter__(self):
        return (self.page(i) for i in range(self.pages))


def _fill(template: str, rng: random.Random, published: dt.date) -> str:
    text = template.format(
        place=rng.choice(PLACES),
        attacker=rng.choice(ATTACKERS),
        fighters=rng.choice(FIGHTERS),
        target=rng.choice(TARGETS),
        claimant=rng.choice(CLAIMANTS),
        verb=rng.choice(VERBS),
        day=rng.choice(WEEKDAYS),
        n=rng.randint(2, 60),
        year=published.year - rng.randint(1, 4),
        month=rng.choice(MONTHS),
    )
    return text[0].upper() + text[1:]


def _story(rng: random.Random, eventful: bool, published: dt.date) -> tuple[str, list[str]]:
    """A headline and 400-1,500 words of paragraphs."""
    target_words = rng.randint(400, 1500)
    headline = _fill(rng.choice(HEADLINE_EVENT if eventful else HEADLINE_QUIET), rng, published)
    quiet = rng.sample(QUIET_SENTENCES, TEMPLATES_PER_STORY)
    context = rng.sample(CONTEXT_SENTENCES, TEMPLATES_PER_STORY)
    topic = [_word(rng, 5, 10) for _ in range(TOPIC_WORDS)]
    topic[::4] = [word.title() for word in topic[::4]]  # names among them
    paragraphs: list[str] = []
    words = 0
    while words < target_words:
        sentences = []
        for _ in range(rng.randint(2, 4)):
            if rng.random() < TOPIC_SHARE:
                sentences.append(rng.choice(TOPIC_SENTENCES).format(*rng.sample(topic, 7)))
                continue
            roll = rng.random()
            if eventful and roll < 0.12:
                template = rng.choice(EVENT_SENTENCES)
            elif eventful and roll < 0.6:
                template = rng.choice(context)
            elif roll < 0.9:
                template = rng.choice(quiet)
            else:
                template = rng.choice(QUOTES)
            sentences.append(_fill(template, rng, published))
        paragraph = " ".join(sentences)
        paragraphs.append(paragraph)
        words += len(paragraph.split())
    return headline, paragraphs


# --- page furniture -------------------------------------------------------------------------------

SECTIONS = (
    "World",
    "Middle East",
    "Europe",
    "Africa",
    "Asia",
    "Americas",
    "Politics",
    "Business",
    "Markets",
    "Technology",
    "Science",
    "Health",
    "Climate",
    "Sport",
    "Football",
    "Culture",
    "Books",
    "Film",
    "Travel",
    "Opinion",
    "Analysis",
    "Investigations",
    "Video",
    "Podcasts",
    "Photography",
    "Weather",
)


def _vocabulary() -> dict[int, list[str]]:
    """Pseudo-words by length (identifiers, link texts, comment filler), fixed for every corpus."""
    rng = random.Random(20161231)
    return {n: ["".join(rng.choices(string.ascii_lowercase, k=n)) for _ in range(400)] for n in range(1, 11)}


VOCABULARY = _vocabulary()


def _word(rng: random.Random, lo: int = 3, hi: int = 9) -> str:
    return rng.choice(VOCABULARY[rng.randint(lo, hi)])


def _script(rng: random.Random, kbytes: int) -> str:
    """Minified-looking analytics/consent/ad JavaScript of about `kbytes` KB."""
    parts: list[str] = []
    size = 0
    while size < kbytes * 1024:
        name = _word(rng, 1, 3)
        args = ",".join(_word(rng, 1, 2) for _ in range(rng.randint(1, 4)))
        body = ";".join(
            f"{_word(rng, 1, 2)}.{_word(rng, 3, 10)}({_word(rng, 1, 2)},{rng.randint(0, 9999)})"
            for _ in range(rng.randint(2, 8))
        )
        chunk = f"function {name}({args}){{var {_word(rng, 1, 2)}=window.{_word(rng)}||{{}};{body};return!0}}"
        parts.append(chunk)
        size += len(chunk)
    return "".join(parts)


def _css(rng: random.Random, kbytes: int) -> str:
    rules: list[str] = []
    size = 0
    while size < kbytes * 1024:
        rule = (
            f".{_word(rng)}-{_word(rng, 2, 6)}{{margin:{rng.randint(0, 32)}px {rng.randint(0, 32)}px;"
            f"color:#{rng.randrange(16**6):06x};font-size:{rng.randint(10, 28)}px;"
            f"display:{rng.choice(('flex', 'block', 'grid', 'none'))}}}"
        )
        rules.append(rule)
        size += len(rule)
    return "".join(rules)


def _head(rng: random.Random, site: str, title: str, path: str | None, published: dt.date, kind: str) -> str:
    og_type = "article" if kind == "article" else "website"
    description = f"{title}. Latest reporting from {SITE_NAMES[site]}."
    meta = [
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{title} | {SITE_NAMES[site]}</title>",
        f'<meta name="description" content="{description}">',
        f'<meta property="og:type" content="{og_type}">',
        f'<meta property="og:title" content="{title}">',
        f'<meta property="og:site_name" content="{SITE_NAMES[site]}">',
        f'<meta property="og:description" content="{description}">',
        '<meta name="twitter:card" content="summary_large_image">',
        f'<meta name="twitter:site" content="@{site}">',
        '<meta name="robots" content="max-image-preview:large">',
        f'<meta name="theme-color" content="#{rng.randrange(16**6):06x}">',
    ]
    if path:
        meta.append(f'<link rel="canonical" href="{path}">')
        meta.append(
            f'<meta property="article:published_time" '
            f'content="{published.isoformat()}T{rng.randint(5, 22):02d}:00:00Z">'
        )
        meta.append(f'<meta property="article:section" content="{rng.choice(SECTIONS)}">')
        meta.append(f'<meta name="author" content="{_word(rng, 4, 7).title()} {_word(rng, 5, 9).title()}">')
    for _ in range(rng.randint(4, 10)):
        meta.append(
            f'<link rel="preload" href="/static/{_word(rng)}.{rng.choice(("js", "css", "woff2"))}" '
            'as="script">'
        )
    ld = {
        "@context": "https://schema.org",
        "@type": "NewsArticle" if path else "WebPage",
        "headline": title,
        "datePublished": published.isoformat(),
        "publisher": {"@type": "Organization", "name": SITE_NAMES[site]},
        "keywords": [_word(rng) for _ in range(rng.randint(5, 20))],
    }
    meta.append(f'<script type="application/ld+json">{json.dumps(ld)}</script>')
    meta.append(f"<style>{_css(rng, rng.randint(4, 12))}</style>")
    for _ in range(rng.randint(2, 5)):
        meta.append(f"<script>{_script(rng, rng.randint(2, 9))}</script>")
    return "<head>" + "\n".join(meta) + "</head>"


def _nav(rng: random.Random, site: str) -> str:
    items = []
    for section in rng.sample(SECTIONS, rng.randint(12, len(SECTIONS))):
        sub = "".join(
            f'<li><a href="/{site}/{section.lower().replace(" ", "-")}/{_word(rng)}">'
            f"{_word(rng).title()}</a></li>"
            for _ in range(rng.randint(3, 9))
        )
        items.append(
            f'<li class="menu-item"><a href="/{site}/{section.lower().replace(" ", "-")}">{section}</a>'
            f'<ul class="sub-menu">{sub}</ul></li>'
        )
    return (
        f'<header class="site-header"><div class="logo"><a href="/{site}/">{SITE_NAMES[site]}</a></div>'
        f'<nav class="main-nav" aria-label="Sections"><ul>{"".join(items)}</ul></nav>'
        '<div class="header-tools"><a href="/login">Sign in</a><a href="/subscribe">Subscribe</a>'
        '<form class="search"><input type="search" name="q" placeholder="Search"></form></div></header>'
    )


def _cookie_banner(rng: random.Random) -> str:
    return (
        '<div id="cookie-consent" class="cmp-banner" role="dialog"><p>We use cookies and similar '
        "technologies to personalise content and ads, to provide social media features and to analyse "
        "our traffic. You can manage your choices at any time.</p>"
        '<button class="accept">Accept all</button><button class="reject">Reject</button>'
        f'<a href="/privacy">Privacy policy</a><script>{_script(rng, 1)}</script></div>'
    )


def _teasers(rng: random.Random, site: str, n: int, heading: str) -> str:
    lis = []
    for _ in range(n):
        headline = " ".join(_word(rng) for _ in range(rng.randint(5, 10))).capitalize()
        blurb = " ".join(_word(rng) for _ in range(rng.randint(8, 20)))
        lis.append(
            f'<li class="teaser"><a href="/{site}/{_word(rng)}-{rng.randint(1, 99999)}.html">'
            f'<img src="/img/{_word(rng)}.jpg" alt="" loading="lazy"><h3>{headline}</h3></a>'
            f"<p>{blurb}</p></li>"
        )
    css_class = heading.lower().replace(" ", "-")
    return f'<section class="{css_class}"><h2>{heading}</h2><ul>{"".join(lis)}</ul></section>'


def _share_bar() -> str:
    return (
        '<div class="share-bar"><span>Share</span><a href="#" class="fb">Facebook</a>'
        '<a href="#" class="tw">X</a><a href="#" class="wa">WhatsApp</a><a href="#" class="mail">Email</a>'
        '<button class="copy-link">Copy link</button></div>'
    )


def _ad(rng: random.Random) -> str:
    slot = _word(rng, 6, 10)
    return (
        f'<div class="ad-slot" id="ad-{slot}" data-size="300x250"><span>Advertisement</span>'
        f'<script>googletag.cmd.push(function(){{googletag.display("ad-{slot}")}});</script></div>'
    )


def _comments(rng: random.Random) -> str:
    items = []
    for _ in range(rng.randint(0, 14)):
        text = " ".join(_word(rng) for _ in range(rng.randint(8, 40)))
        items.append(
            f'<li class="comment"><div class="comment-author">{_word(rng).title()}{rng.randint(1, 99)}</div>'
            f'<div class="comment-body"><p>{text}</p></div><a class="reply" href="#">Reply</a></li>'
        )
    return f'<section id="comments"><h2>Comments ({len(items)})</h2><ol>{"".join(items)}</ol></section>'


def _footer(rng: random.Random, site: str) -> str:
    columns = []
    for _ in range(rng.randint(3, 5)):
        links = "".join(
            f'<li><a href="/{site}/{_word(rng)}">{_word(rng).title()} {_word(rng)}</a></li>'
            for _ in range(rng.randint(8, 16))
        )
        columns.append(f'<div class="footer-col"><h4>{_word(rng).title()}</h4><ul>{links}</ul></div>')
    scripts = "".join(f"<script>{_script(rng, rng.randint(2, 8))}</script>" for _ in range(rng.randint(1, 3)))
    return (
        f'<footer class="site-footer">{"".join(columns)}<p class="copyright">&copy; {SITE_NAMES[site]}. '
        "All rights reserved. Reproduction without permission is prohibited.</p>"
        f'<div class="newsletter"><p>Get the morning briefing in your inbox.</p><form><input type="email">'
        f"<button>Sign up</button></form></div></footer>{scripts}"
    )


def _article_body(rng: random.Random, site: str, story: Story) -> str:
    title, paragraphs, published = story.title, story.paragraphs, story.published
    blocks = []
    for n, paragraph in enumerate(paragraphs):
        blocks.append(f"<p>{paragraph}</p>")
        if n == 1:
            blocks.append(
                f'<figure><img src="/img/{_word(rng)}.jpg" alt="{_word(rng)}" width="800" height="450">'
                f"<figcaption>{' '.join(_word(rng) for _ in range(10)).capitalize()}. Photo: agency"
                "</figcaption></figure>"
            )
        if n % 4 == 3:
            blocks.append(_ad(rng))
        if n == 5:
            blocks.append(
                f'<aside class="read-more"><strong>Read more:</strong> <a href="/{site}/{_word(rng)}.html">'
                f"{' '.join(_word(rng) for _ in range(7)).capitalize()}</a></aside>"
            )
    tags = "".join(
        f'<li><a href="/{site}/tag/{_word(rng)}">{_word(rng)}</a></li>' for _ in range(rng.randint(3, 8))
    )
    return (
        f'<article class="story"><header><p class="kicker">{story.kicker}</p><h1>{title}</h1>'
        f'<div class="byline">{story.byline}</div>'
        f'<time datetime="{published.isoformat()}">{published:%d %B %Y}</time>'
        f'</header>{_share_bar()}<div class="story-body">{"".join(blocks)}</div>'
        f'<ul class="tags">{tags}</ul>{_share_bar()}</article>'
    )


def _article_page(rng: random.Random, site: str, path: str, story: Story) -> str:
    title, paragraphs = story.title, story.paragraphs
    head = _head(rng, site, title, path, story.published, "article")
    article = _article_body(rng, site, story)
    related = _teasers(rng, site, rng.randint(4, 8), "Related")
    most_read = _teasers(rng, site, rng.randint(5, 10), "Most read")
    layout = SITES.index(site)
    if layout in (0, 3):  # article then sidebar
        main = (
            f'<main><div class="col-main">{article}{related}</div>'
            f'<aside class="sidebar">{most_read}{_ad(rng)}</aside></main>'
        )
    elif layout in (1, 5):  # sidebar first, comments below
        main = (
            f'<div class="wrap"><aside class="rail">{most_read}</aside>'
            f'<main id="content">{article}{_comments(rng)}{related}</main></div>'
        )
    elif layout == 2:  # report style with a summary box
        summary = f'<div class="summary-box"><h2>Key points</h2><ul><li>{paragraphs[0][:120]}</li></ul></div>'
        main = f'<div id="page"><div class="content">{summary}{article}</div>{related}{most_read}</div>'
    else:  # minimal blog layout
        main = f'<div class="container"><div class="post">{article}</div>{_comments(rng)}{most_read}</div>'
    return (
        f'<!DOCTYPE html><html lang="en">{head}<body class="{site} article-page">{_cookie_banner(rng)}'
        f"{_nav(rng, site)}{main}{_footer(rng, site)}</body></html>"
    )


def _front_page(rng: random.Random, site: str, i: int, title: str) -> str:
    head = _head(rng, site, title, None, dt.date(2020, 1, 1), "front")
    sections = "".join(_teasers(rng, site, rng.randint(6, 12), s) for s in rng.sample(SECTIONS, 5))
    return (
        f'<!DOCTYPE html><html lang="en">{head}<body class="{site} front">{_cookie_banner(rng)}'
        f'{_nav(rng, site)}<main class="front">{sections}</main>{_footer(rng, site)}</body></html>'
    )


# --- disk and HTTP --------------------------------------------------------------------------------

LAST_MODIFIED = format_datetime(dt.datetime(2024, 1, 1, tzinfo=dt.UTC), usegmt=True)


def write_corpus(corpus: Corpus, out: Path, base_url: str = "") -> dict:
    """Write every page under `out` (mirroring URL paths), plus urls.txt and the sitemaps."""
    out.mkdir(parents=True, exist_ok=True)
    sizes = []
    kinds: dict[str, int] = {}
    paths = []
    for page in corpus:
        target = out / page.path.lstrip("/")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(page.html)
        sizes.append(len(page.html))
        kinds[page.kind] = kinds.get(page.kind, 0) + 1
        paths.append(page.path)
    (out / "paths.txt").write_text("\n".join(paths) + "\n", encoding="utf-8")
    write_listings(out, base_url)
    return {
        "pages": len(sizes),
        "median_kb": statistics.median(sizes) / 1024,
        "kinds": kinds,
        "bytes": sum(sizes),
    }


def write_listings(out: Path, base_url: str) -> None:
    """urls.txt and sitemap.xml (an index of urlsets) for pages served at `base_url`."""
    paths = (out / "paths.txt").read_text(encoding="utf-8").split()
    (out / "urls.txt").write_text("".join(f"{base_url}{p}\n" for p in paths), encoding="utf-8")
    children = []
    for n, start in enumerate(range(0, len(paths), URLSET_MAX)):
        entries = "".join(
            f"<url><loc>{base_url}{p}</loc><lastmod>2024-01-01</lastmod></url>"
            for p in paths[start : start + URLSET_MAX]
        )
        name = f"sitemap-{n}.xml"
        (out / name).write_text(
            f'<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}</urlset>\n',
            encoding="utf-8",
        )
        children.append(f"<sitemap><loc>{base_url}/{name}</loc></sitemap>")
    (out / "sitemap.xml").write_text(
        f'<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{"".join(children)}</sitemapindex>\n',
        encoding="utf-8",
    )


def cached_corpus(cache: Path, pages: int, seed: int = 7, namespace: str = "") -> Path:
    """The written corpus for (seed, pages, namespace) under `cache`, generated on first use."""
    folder = cache / f"corpus-v{CORPUS_VERSION}-s{seed}-n{pages}{'-' + namespace if namespace else ''}"
    if not (folder / "paths.txt").exists():
        stats = write_corpus(Corpus(pages, seed, namespace), folder)
        print(
            f"corpus: wrote {stats['pages']} pages (median {stats['median_kb']:.1f} KB) to {folder}",
            flush=True,
        )
    return folder


def page_files(folder: Path) -> list[Path]:
    """The page files of a written corpus, in index order."""
    return [folder / p.lstrip("/") for p in (folder / "paths.txt").read_text(encoding="utf-8").split()]


class _StaticHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    root: Path

    def do_GET(self) -> None:
        path = self.path.split("?")[0]
        target = (self.root / path.lstrip("/")).resolve()
        if path == "/robots.txt":
            body, ctype = b"User-agent: *\nAllow: /\n", "text/plain"
        elif not target.is_relative_to(self.root) or not target.is_file():
            self._send(404, b"<html><body>not found</body></html>", "text/html", None)
            return
        else:
            body = target.read_bytes()
            ctype = "application/xml" if target.suffix == ".xml" else "text/html; charset=utf-8"
        etag = '"' + hashlib.blake2b(body, digest_size=8).hexdigest() + '"'
        if self.headers.get("If-None-Match") == etag:
            self._send(304, b"", ctype, etag)
            return
        self._send(200, body, ctype, etag)

    def _send(self, code: int, body: bytes, ctype: str, etag: str | None) -> None:
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Last-Modified", LAST_MODIFIED)
        if etag:
            self.send_header("ETag", etag)
        self.end_headers()
        if code != 304:
            self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        return


class _CorpusHTTPServer(ThreadingHTTPServer):
    # class attributes: the constructor listens, so a backlog set on the instance after it is
    # ignored (the socket kept listen(5), and a burst of new connections waited for SYN retries)
    daemon_threads = True
    request_queue_size = 256


def _serve(root: str, conn) -> None:
    handler = type("Handler", (_StaticHandler,), {"root": Path(root).resolve()})
    server = _CorpusHTTPServer(("127.0.0.1", 0), handler)
    conn.send(server.server_address[1])
    server.serve_forever(0.1)


class CorpusServer:
    """Serve a written corpus folder on 127.0.0.1 from a child process (ETags, 304s, robots.txt)."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self._process: mp.Process | None = None
        self.port = 0

    def __enter__(self) -> CorpusServer:
        parent, child = mp.get_context("fork").Pipe()
        self._process = mp.get_context("fork").Process(
            target=_serve, args=(str(self.root), child), daemon=True
        )
        self._process.start()
        if not parent.poll(30):
            raise RuntimeError(f"the corpus server for {self.root} did not start within 30 s")
        self.port = parent.recv()
        write_listings(self.root, self.base_url)
        return self

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process else None

    def __exit__(self, *exc: object) -> None:
        if self._process is not None:
            self._process.terminate()
            self._process.join(10)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", type=Path, required=True, help="folder to write the pages into")
    parser.add_argument("--serve", action="store_true", help="then serve the folder until interrupted")
    args = parser.parse_args()
    try:
        corpus = Corpus(args.pages, args.seed)
    except ValueError as exc:
        parser.error(str(exc))
    stats = write_corpus(corpus, args.out)
    print(
        f"pages={stats['pages']} median_kb={stats['median_kb']:.1f} total_mb={stats['bytes'] / 2**20:.1f} "
        f"kinds={json.dumps(stats['kinds'], sort_keys=True)} out={args.out}"
    )
    if args.serve:
        with CorpusServer(args.out) as server:
            print(f"serving {server.base_url}/sitemap.xml and {server.base_url}/urls.txt (Ctrl-C stops)")
            with contextlib.suppress(KeyboardInterrupt):
                server._process.join()
    return 0


if __name__ == "__main__":
    sys.exit(main())
