"""Render the demo news pages from their story data (`demo/stories/*.yaml`) into `demo/corpus/`.

The stories are data so that the text can be reviewed and changed without touching markup, and the
markup lives in four site templates (`demo/templates/`) so that the cleaning step meets boilerplate
of several kinds. The rendered pages are committed: the product runs on `demo/corpus/` as it is, and
a test re-renders into a temporary folder to prove the committed pages match the YAML.

    python demo/render_corpus.py            # rewrite demo/corpus/ from demo/stories/
    python demo/render_corpus.py --out DIR  # render somewhere else (the up-to-date test does this)
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import jinja2
import yaml

DEMO_DIR = Path(__file__).resolve().parent
STORIES_DIR = DEMO_DIR / "stories"
TEMPLATES_DIR = DEMO_DIR / "templates"
CORPUS_DIR = DEMO_DIR / "corpus"

LAYOUTS = ("wire", "monitor", "broadsheet", "portal")
KINDS = ("article", "index")
SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")

# Boilerplate sentences each layout prints around the story. They live here, not only in the
# templates, so the corpus test can check that cleaning leaves every one of them out.
BOILERPLATE = {
    "wire": {
        "cookie": "We use cookies to personalise content and to analyse our traffic on this wire service.",
        "newsletter": "Get the Levant Wire morning briefing delivered to your inbox before 7am.",
        "footer": "Levant Wire is an independent news agency covering the eastern Mediterranean.",
    },
    "monitor": {
        "cookie": "This site uses cookies. By continuing to browse you agree to our use of cookies.",
        "newsletter": "Subscribe to our daily bulletin of verified reports from northern Syria.",
        "footer": "Reports are compiled from a network of local correspondents and activists.",
    },
    "broadsheet": {
        "cookie": "Our partners and we store and access information on your device to measure audiences.",
        "newsletter": "Sign up for the Courier's weekly Middle East newsletter, written by our editors.",
        "footer": "All rights reserved. Reproduction without written permission is prohibited.",
    },
    "portal": {
        "cookie": "By clicking accept you consent to the storage of cookies for analytics and advertising.",
        "newsletter": "Join thousands of readers who get our breaking news alerts every morning.",
        "footer": "Views expressed in comments are those of the readers and not of the editorial board.",
    },
}


class CorpusError(ValueError):
    """A story or outlet file is malformed; the message names the file and the fix."""


@dataclass(frozen=True)
class Outlet:
    key: str
    name: str
    home: str
    layout: str
    tagline: str
    sections: tuple[str, ...]


@dataclass
class Page:
    outlet: Outlet
    slug: str
    url: str
    published: dt.datetime
    title: str
    kind: str = "article"
    author: str | None = None
    section: str | None = None
    standfirst: str | None = None
    dateline: str | None = None
    paragraphs: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    related: list[dict] = field(default_factory=list)
    comments: list[dict] = field(default_factory=list)
    links: list[dict] = field(default_factory=list)
    encoding: str = "utf-8"
    credit: str | None = None
    copy_of: str | None = None  # a wire copy: the URL of the original story
    source: str = ""

    @property
    def relpath(self) -> str:
        return f"{self.outlet.key}/{self.slug}.html"


def _require(record: dict, key: str, where: str):
    if key not in record or record[key] in (None, "", []):
        raise CorpusError(f"{where}: missing required field '{key}'; add it to the YAML")
    return record[key]


def load_outlets(stories_dir: Path) -> dict[str, Outlet]:
    """Read `outlets.yaml`: the fictional sites, each with its layout and home URL."""
    path = stories_dir / "outlets.yaml"
    if not path.is_file():
        raise CorpusError(f"{path}: not found; the outlets file must sit next to the story files")
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    outlets = {}
    for key, rec in data.get("outlets", {}).items():
        where = f"{path} outlet '{key}'"
        layout = _require(rec, "layout", where)
        if layout not in LAYOUTS:
            raise CorpusError(f"{where}: layout '{layout}' is not one of {', '.join(LAYOUTS)}")
        home = _require(rec, "home", where)
        if not urlsplit(home).hostname or not urlsplit(home).hostname.endswith(".example"):
            raise CorpusError(f"{where}: home '{home}' must be an https URL under the .example domain")
        outlets[key] = Outlet(
            key=key,
            name=_require(rec, "name", where),
            home=home.rstrip("/"),
            layout=layout,
            tagline=rec.get("tagline", ""),
            sections=tuple(rec.get("sections", ())),
        )
    if not outlets:
        raise CorpusError(f"{path}: no outlets defined under 'outlets:'")
    return outlets


def _parse_published(value, where: str) -> dt.datetime:
    if isinstance(value, dt.datetime):
        stamp = value
    else:
        try:
            stamp = dt.datetime.fromisoformat(str(value))
        except ValueError as exc:
            raise CorpusError(f"{where}: published '{value}' is not an ISO datetime ({exc})") from exc
    if stamp.tzinfo is None:
        raise CorpusError(f"{where}: published '{value}' needs a UTC offset, e.g. 2016-07-17T18:40:00+03:00")
    return stamp


def load_pages(stories_dir: Path = STORIES_DIR) -> list[Page]:
    """Read every story file; fail loudly on a missing field, an unknown outlet or a duplicate URL."""
    outlets = load_outlets(stories_dir)
    pages: list[Page] = []
    for path in sorted(stories_dir.glob("*.yaml")):
        if path.name == "outlets.yaml":
            continue
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for i, rec in enumerate(data.get("stories", [])):
            where = f"{path.name} story #{i + 1} ({rec.get('slug', '?')})"
            key = _require(rec, "outlet", where)
            if key not in outlets:
                raise CorpusError(f"{where}: outlet '{key}' is not in outlets.yaml")
            outlet = outlets[key]
            slug = _require(rec, "slug", where)
            if not SLUG_RE.match(slug):
                raise CorpusError(f"{where}: slug '{slug}' must be lower-case letters, digits and dashes")
            url = _require(rec, "url", where)
            if not url.startswith(outlet.home + "/"):
                raise CorpusError(f"{where}: url '{url}' is not under the outlet's home {outlet.home}")
            kind = rec.get("kind", "article")
            if kind not in KINDS:
                raise CorpusError(f"{where}: kind '{kind}' is not one of {', '.join(KINDS)}")
            page = Page(
                outlet=outlet,
                slug=slug,
                url=url,
                published=_parse_published(_require(rec, "published", where), where),
                title=_require(rec, "title", where),
                kind=kind,
                author=rec.get("author"),
                section=rec.get("section"),
                standfirst=rec.get("standfirst"),
                dateline=rec.get("dateline"),
                paragraphs=list(rec.get("paragraphs", [])),
                tags=list(rec.get("tags", [])),
                related=list(rec.get("related", [])),
                comments=list(rec.get("comments", [])),
                links=list(rec.get("links", [])),
                encoding=rec.get("encoding", "utf-8"),
                credit=rec.get("credit"),
                copy_of=rec.get("copy_of"),
                source=path.name,
            )
            if kind == "article":
                _require(rec, "paragraphs", where)
                _require(rec, "author", where)
            else:
                _require(rec, "links", where)
            pages.append(page)
    _check_unique(pages)
    return pages


def _check_unique(pages: list[Page]) -> None:
    seen_url: dict[str, str] = {}
    seen_path: dict[str, str] = {}
    for page in pages:
        label = f"{page.source} ({page.slug})"
        if page.url in seen_url:
            raise CorpusError(f"{label}: url {page.url} is already used by {seen_url[page.url]}")
        if page.relpath in seen_path:
            raise CorpusError(f"{label}: {page.relpath} is already written by {seen_path[page.relpath]}")
        seen_url[page.url] = label
        seen_path[page.relpath] = label


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES_DIR),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["longdate"] = lambda d: f"{d:%A} {d.day} {d:%B %Y}"
    env.filters["shortdate"] = lambda d: f"{d.day} {d:%b %Y}, {d:%H:%M}"
    return env


def render_page(env: jinja2.Environment, page: Page) -> bytes:
    """One page as the bytes a browser would receive, in the page's declared encoding."""
    template = env.get_template(f"{page.outlet.layout}.html.j2")
    html = template.render(page=page, outlet=page.outlet, boiler=BOILERPLATE[page.outlet.layout])
    try:
        return html.encode(page.encoding)
    except (UnicodeEncodeError, LookupError) as exc:
        raise CorpusError(f"{page.source} ({page.slug}): cannot encode as {page.encoding}: {exc}") from exc


def render_corpus(out_dir: Path, stories_dir: Path = STORIES_DIR) -> list[Path]:
    """Write every page under out_dir/<outlet>/<slug>.html and return the written paths."""
    env = _environment()
    written = []
    for page in load_pages(stories_dir):
        target = out_dir / page.relpath
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(render_page(env, page))
        written.append(target)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=CORPUS_DIR, help="output folder (default demo/corpus)")
    args = parser.parse_args(argv)
    try:
        written = render_corpus(args.out)
    except CorpusError as exc:
        print(f"render_corpus: {exc}", file=sys.stderr)
        return 2
    stale = {p for p in args.out.rglob("*.html")} - set(written)
    for path in sorted(stale):
        path.unlink()
        print(f"removed stale page {path}", file=sys.stderr)
    print(f"rendered {len(written)} pages into {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
