"""The archive and URL-list paths of acquire(): canonical URLs, charsets, incremental re-runs."""

from __future__ import annotations

import gzip
import os
from pathlib import Path

from extract.acquire import KnownPagesIndex
from extract.sources import SourceConfig
from tests.acquisition.conftest import fast_settings, run_acquire, url_source
from tests.acquisition.fault_server import article_html, page

ARABIC = "قصفت طائرات حربية الأحياء الشرقية من مدينة حلب صباح اليوم وقال الدفاع المدني إن عشرة أشخاص قتلوا. "


def write_archive(root: Path) -> dict[str, Path]:
    """A small archive: canonical in the head, none at all, nested, gzipped, .htm, legacy encoding."""
    (root / "2016" / "08").mkdir(parents=True)
    files = {
        "canonical": root / "2016" / "08" / "castello-road.html",
        "plain": root / "no-canonical.htm",
        "gz": root / "2016" / "convoy.html.gz",
        "legacy": root / "2016" / "08" / "arabic-cp1256.html",
        "og": root / "og-only.html",
    }
    files["canonical"].write_bytes(
        article_html(
            "Castello Road cut", "Government forces cut the road.", "https://levant-wire.example/castello"
        )
    )
    files["plain"].write_bytes(article_html("Local notes", "Nothing happened in the market today."))
    files["gz"].write_bytes(
        gzip.compress(
            article_html("Aid convoy", "The convoy reached the city.", "https://wire.example/convoy")
        )
    )
    legacy = (
        '<html lang="ar"><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1256">'
        f"<title>حلب</title></head><body><p>{ARABIC * 3}</p></body></html>"
    )
    files["legacy"].write_bytes(legacy.encode("cp1256"))
    files["og"].write_bytes(
        b'<html><head><meta property="og:url" content="https://og.example/story?utm_source=x&id=7">'
        b"</head><body><p>og only</p></body></html>"
    )
    (root / "notes.txt").write_text("not a page")
    return files


def test_archive_pages_get_canonical_urls_charsets_and_sorted_order(tmp_path):
    files = write_archive(tmp_path / "corpus")
    source = SourceConfig(id="archive-test", kind="archive", path=tmp_path / "corpus")
    result = run_acquire([source])

    assert not result.failures
    assert sorted(p.url for p in result.pages) == sorted(p.resolve().as_uri() for p in files.values())
    by_file = {Path(p.url.removeprefix("file://")).name: p for p in result.pages}
    assert by_file["castello-road.html"].canonical_url == "https://levant-wire.example/castello"
    assert by_file["no-canonical.htm"].canonical_url == files["plain"].resolve().as_uri()
    assert by_file["convoy.html.gz"].canonical_url == "https://wire.example/convoy"
    assert by_file["convoy.html.gz"].text_html.startswith("<!DOCTYPE html>")
    assert by_file["og-only.html"].canonical_url == "https://og.example/story?id=7"  # courlan drops utm_*
    legacy = by_file["arabic-cp1256.html"]
    assert legacy.charset == "cp1256"
    assert "حلب" in legacy.text_html and legacy.language == "ar"
    for fetched in result.pages:
        assert fetched.source_kind == "archive" and fetched.source_id == "archive-test"
        assert len(fetched.content_hash) == 64 and fetched.etag and fetched.last_modified
    assert {a.outcome for a in result.attempts} == {"stored"}


def test_archive_rerun_reads_nothing_and_touched_files_are_not_reparsed(tmp_path):
    files = write_archive(tmp_path / "corpus")
    source = SourceConfig(id="archive-test", kind="archive", path=tmp_path / "corpus")
    first = run_acquire([source])
    known = KnownPagesIndex.from_pages(first.pages)

    second = run_acquire([source], known)
    assert second.pages == [] and second.failures == []
    assert sorted(second.unchanged) == sorted(p.url for p in first.pages)
    assert all("size and modification time" in a.error_detail for a in second.attempts)

    stat = files["plain"].stat()
    os.utime(files["plain"], ns=(stat.st_atime_ns, stat.st_mtime_ns + 5_000_000_000))  # touched only
    files["canonical"].write_bytes(article_html("Castello Road cut", "Updated: the road reopened."))
    third = run_acquire([source], known)
    assert [Path(p.url).name for p in third.pages] == ["castello-road.html"]
    touched = [a for a in third.attempts if a.url == files["plain"].resolve().as_uri()]
    assert touched[0].outcome == "skipped" and "content hash is unchanged" in touched[0].error_detail


def test_missing_archive_folder_is_a_source_error_and_other_sources_still_run(tmp_path, server):
    (tmp_path / "corpus").mkdir()
    source = SourceConfig(id="gone", kind="archive", path=tmp_path / "corpus")
    (tmp_path / "corpus").rmdir()
    good = server.route("/a.html", page(article_html("A", "Alpha.")))
    result = run_acquire([source, url_source([good])])
    assert [p.url for p in result.pages] == [good]
    [failure] = result.failures
    assert failure.error_class == "source_error" and failure.source_id == "gone"
    assert "does not exist" in failure.error_detail


def test_url_list_file_with_comments_bad_lines_and_a_rerun_that_fetches_nothing(tmp_path, server):
    with_etag = server.route("/news/1.html", page(article_html("One", "First story."), etag='"v1"'))
    no_validators = server.route("/news/2.html", page(article_html("Two", "Second story.")))
    listing = tmp_path / "urls.txt"
    listing.write_text(
        f"# Aleppo coverage\n\n{with_etag}\n  {no_validators}  \nftp://example.org/file\n{with_etag}\n"
    )
    source = SourceConfig(id="list", kind="urls", path=listing)
    first = run_acquire([source])

    assert sorted(p.url for p in first.pages) == [with_etag, no_validators]
    [bad] = first.failures
    assert bad.error_class == "bad_url" and f"{listing}:5" in bad.error_detail
    assert server.hit_count("/news/1.html") == 1  # listed twice, fetched once

    second = run_acquire([source], KnownPagesIndex.from_pages(first.pages))
    assert second.pages == [] and sorted(second.unchanged) == [with_etag, no_validators]
    assert server.hit_count("/news/1.html") == 2  # one conditional GET answered 304
    assert server.hits["/news/1.html"][-1]["if-none-match"] == '"v1"'
    assert server.hit_count("/news/2.html") == 1  # nothing to revalidate with: skipped
    outcomes = {a.url: a.outcome for a in second.attempts if a.url != bad.url}
    assert outcomes == {
        with_etag: "not_modified",
        no_validators: "skipped",
        server.url("/robots.txt"): "listed",  # 404: no rules, logged but not a failure
    }


def test_fetched_page_canonical_stays_on_its_own_domain(server):
    own = server.route("/story", page(article_html("Own", "x", canonical="/story-canonical?utm_medium=feed")))
    foreign = server.route(
        "/wire-copy", page(article_html("Copy", "x", canonical="https://other-outlet.example/o"))
    )
    result = run_acquire([url_source([own, foreign])])
    canon = {p.url: p.canonical_url for p in result.pages}
    assert canon[own] == server.url("/story-canonical")
    assert canon[foreign] == foreign  # a wire copy keeps its own address


def test_include_exclude_and_language_filters_are_recorded_not_dropped(server):
    keep = server.route("/world/aleppo.html", page(article_html("Aleppo", "Strikes.")))
    video = server.route("/world/video/clip.html", page(article_html("Clip", "Video.")))
    other = server.route("/sport/match.html", page(article_html("Match", "Goal.")))
    french = server.route("/world/fr.html", page(article_html("Alep", "Frappes.", lang="fr")))
    source = url_source(
        [keep, video, other, french], include=[r"/world/"], exclude=[r"/video/"], languages=["en"]
    )
    result = run_acquire([source])
    assert [p.url for p in result.pages] == [keep]
    assert sorted(result.filtered) == sorted([video, other, french])
    reasons = {a.url: a.error_detail for a in result.attempts if a.error_class == "filtered"}
    assert "exclude pattern" in reasons[video] and "include patterns" in reasons[other]
    assert "language 'fr'" in reasons[french]
    assert server.hit_count("/sport/match.html") == 0


def test_batches_are_bounded(server):
    urls = [server.route(f"/p{i}.html", page(article_html(f"P{i}", "text"))) for i in range(23)]
    from extract.acquire import acquire

    sizes = [
        b.urls_done for b in acquire([url_source(urls)], KnownPagesIndex(), fast_settings(), batch_size=5)
    ]
    assert sum(sizes) == 23 and max(sizes) <= 5 and len(sizes) == 5


def test_batches_start_small_and_double_up_to_the_batch_size(server):
    """The first batch comes after a few fetches, so the caller can start cleaning early; each full
    batch says so (more may follow), the run's last one does not."""
    urls = [server.route(f"/r{i}.html", page(article_html(f"R{i}", "text"))) for i in range(23)]
    from extract.acquire import acquire

    batches = [
        (b.urls_done, b.full)
        for b in acquire([url_source(urls)], KnownPagesIndex(), fast_settings(), batch_size=8, first_batch=2)
    ]
    assert batches == [(2, True), (4, True), (8, True), (8, True), (1, False)]


def test_batches_close_early_past_the_byte_budget(server):
    urls = [server.route(f"/b{i}.html", page(article_html(f"B{i}", "word " * 400))) for i in range(12)]
    from extract.acquire import acquire

    budget = 5_000
    settings = fast_settings(max_batch_bytes=budget)
    batches = [
        (b.body_bytes, [len(p.body) for p in b.pages])
        for b in acquire([url_source(urls)], KnownPagesIndex(), settings, batch_size=50)
    ]
    assert min(size for _, sizes in batches for size in sizes) > 1_000  # the budget holds a few pages
    assert sum(len(sizes) for _, sizes in batches) == 12 and len(batches) > 1
    assert all(kept == sum(sizes) for kept, sizes in batches)  # the running total is the bodies' size
    # a batch closes as soon as it passes the budget: all but its last page fit under it
    assert all(kept - sizes[-1] < budget for kept, sizes in batches)


def test_eval_articles_keep_their_own_canonical_urls(shared_dir):
    folder = shared_dir / "eval" / "articles"
    result = run_acquire([SourceConfig(id="eval", kind="archive", path=folder)], settings=fast_settings())
    files = sorted(folder.glob("*.htm*"))
    assert len(result.pages) == len(files) and not result.failures
    for fetched in result.pages:
        assert fetched.canonical_url.startswith("http"), fetched.url
