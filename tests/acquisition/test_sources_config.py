"""Sources YAML: a bad entry is named with its file, index, id and the fix; the others still load."""

from __future__ import annotations

from pathlib import Path

import pytest

from extract.sources import load_sources, sources_from_cli

REPO_ROOT = Path(__file__).resolve().parents[2]


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "sources.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_default_config_reads_only_the_bundled_corpus_and_every_example_validates():
    loaded = load_sources(REPO_ROOT / "config" / "sources.yaml")
    assert loaded.errors == []
    [demo] = loaded.sources
    assert demo.id == "demo-corpus" and demo.kind == "archive"
    assert demo.path == (REPO_ROOT / "demo" / "corpus").resolve()
    assert sorted(loaded.disabled) == sorted(
        [
            "example-url-list",
            "example-rss",
            "example-sitemap",
            "example-warc",
            "gdelt-aleppo",
            "reliefweb-syria",
        ]
    )


def test_bad_entries_are_reported_and_good_ones_still_load(tmp_path, monkeypatch):
    monkeypatch.delenv("FRONTLINES_RELIEFWEB_APPNAME", raising=False)
    (tmp_path / "corpus").mkdir()
    path = write(
        tmp_path,
        """
sources:
  - id: local
    kind: archive
    path: corpus
  - id: no-url
    kind: feed
  - id: typo
    kind: sitemap
    url: https://example.org/sitemap.xml
    max_sitemap: 3
  - id: wrong-kind
    kind: rss
    url: https://example.org/rss
  - id: bad-regex
    kind: urls
    urls: [https://example.org/a]
    include: ['(unclosed']
  - id: local
    kind: urls
    urls: [https://example.org/b]
  - id: gone
    kind: archive
    path: /nonexistent/folder
  - id: rw
    kind: reliefweb
    country: Syria
  - id: misplaced
    kind: archive
    path: corpus
    url: https://example.org/
  - just a string
  - id: good-feed
    kind: feed
    url: https://example.org/rss.xml
    schedule_hint: '*/30 * * * *'
    languages: [EN-gb, ar]
""",
    )
    loaded = load_sources(path)
    assert [s.id for s in loaded.sources] == ["local", "good-feed"]
    assert loaded.sources[0].path == (tmp_path / "corpus").resolve(), "relative to the YAML file"
    assert loaded.sources[1].languages == ["en", "ar"]
    errors = "\n".join(loaded.errors)
    expectations = [
        ("entry 1 (id 'no-url')", "kind 'feed' needs `url`"),
        ("entry 2 (id 'typo')", "unknown field 'max_sitemap'"),
        ("entry 3 (id 'wrong-kind')", "archive, urls, feed, sitemap, warc, gdelt, reliefweb"),
        ("entry 4 (id 'bad-regex')", "not a valid regular expression"),
        ("entry 5 (id 'local')", "duplicate id 'local'"),
        ("entry 6 (id 'gone')", "archive folder /nonexistent/folder does not exist"),
        ("entry 7 (id 'rw')", "appname"),
        ("entry 8 (id 'misplaced')", "field(s) url do not apply to kind 'archive'"),
        ("entry 9", "expected a mapping"),
    ]
    for where, what in expectations:
        matching = [e for e in loaded.errors if where in e]
        assert matching, f"no error for {where}:\n{errors}"
        assert any(what in e for e in matching), f"{where}: expected {what!r} in {matching}"
        assert all(e.startswith(str(path)) for e in matching), "every error names the file"
    assert len(loaded.errors) == len(expectations)


def test_unreadable_or_malformed_files_are_errors_not_exceptions(tmp_path):
    assert "cannot read" in load_sources(tmp_path / "missing.yaml").errors[0]
    assert "not valid YAML" in load_sources(write(tmp_path, "sources: [\n  - id: x\n")).errors[0]
    assert "top-level `sources:` list" in load_sources(write(tmp_path, "- id: x\n")).errors[0]


def test_disabled_entries_are_validated_for_shape_but_not_for_paths(tmp_path):
    path = write(
        tmp_path,
        "sources:\n  - {id: later, kind: warc, enabled: false, path: not-yet}\n"
        "  - {id: broken, kind: warc, enabled: false}\n",
    )
    loaded = load_sources(path)
    assert loaded.disabled == ["later"]
    assert len(loaded.errors) == 1 and "kind 'warc' needs `path`" in loaded.errors[0]


def test_inline_urls_are_checked_on_load(tmp_path):
    loaded = load_sources(
        write(tmp_path, "sources:\n  - {id: l, kind: urls, urls: [https://a.example/x, 'www.b.example']}\n")
    )
    assert loaded.sources == [] and "urls[1]: only http(s) URLs can be fetched" in loaded.errors[0]


def test_sources_from_cli_builds_stable_ids_and_names_bad_arguments(tmp_path):
    (tmp_path / "pages").mkdir()
    (tmp_path / "urls.txt").write_text("https://example.org/a\n")
    sources = sources_from_cli(
        [str(tmp_path / "pages")], [str(tmp_path / "urls.txt")], ["https://example.org/rss"]
    )
    assert [(s.kind, s.id) for s in sources] == [
        ("archive", f"archive:{(tmp_path / 'pages').resolve()}"),
        ("urls", f"urls:{(tmp_path / 'urls.txt').resolve()}"),
        ("feed", "feed:https://example.org/rss"),
    ]
    with pytest.raises(ValueError, match=r"--archive .*missing.*does not exist"):
        sources_from_cli([str(tmp_path / "missing")], [], [])
    with pytest.raises(ValueError, match="--feed ftp://x"):
        sources_from_cli([], [], ["ftp://x"])
