"""The benchmark corpus is deterministic, realistic in size and mix, and served over real HTTP."""

from __future__ import annotations

import itertools
import socket
import statistics
import struct
from http.server import BaseHTTPRequestHandler

import httpx

from benchmarks.corpus import Corpus, CorpusServer, _CorpusHTTPServer, page_files, write_corpus
from extract.clean import clean_article
from warehouse.duplicates import NEAR_DUPLICATE_BITS


def test_the_same_seed_gives_the_same_pages_and_another_seed_other_pages():
    first, again, other = Corpus(40, seed=3), Corpus(40, seed=3), Corpus(40, seed=4)
    assert [p.html for p in first] == [p.html for p in again]
    assert [p.html for p in first] != [p.html for p in other]


def test_pages_weigh_like_news_pages_and_mix_events_quiet_wire_copies_and_fronts():
    pages = list(Corpus(300, seed=7))
    sizes = [len(p.html) for p in pages]
    assert 55_000 <= statistics.median(sizes) <= 85_000
    kinds = {p.kind for p in pages}
    assert kinds == {"event", "quiet", "wire", "front"}
    wire = next(p for p in pages if p.kind == "wire")
    original = pages[wire.wire_of]
    assert wire.site != original.site
    # a wire copy carries the original's story word for word, in another site's layout
    assert clean_article(wire.html).fingerprint == clean_article(original.html).fingerprint
    words = [len((clean_article(p.html).text or "").split()) for p in pages[:40] if p.kind != "front"]
    assert min(words) >= 350 and max(words) <= 1_700


def test_a_written_corpus_is_served_with_etags_and_listed_in_a_sitemap(tmp_path):
    write_corpus(Corpus(12, seed=5), tmp_path / "c")
    files = page_files(tmp_path / "c")
    assert len(files) == 12 and all(f.is_file() for f in files)
    with CorpusServer(tmp_path / "c") as server:
        sitemap = httpx.get(f"{server.base_url}/sitemap.xml").text
        child = httpx.get(f"{server.base_url}/sitemap-0.xml").text
        assert "sitemap-0.xml" in sitemap and child.count("<loc>") == 12
        url = server.base_url + "/" + str(files[0].relative_to(tmp_path / "c"))
        first = httpx.get(url)
        assert first.status_code == 200 and first.content == files[0].read_bytes()
        again = httpx.get(url, headers={"If-None-Match": first.headers["etag"]})
        assert again.status_code == 304


def test_the_corpus_server_listens_with_a_backlog_for_a_burst_of_fetch_connections():
    # The fetcher opens dozens of connections at once; with listen(5) the kernel drops the rest and
    # they wait 1 s, then 3 s, for SYN retries: stalls charged to the pipeline, not the floor.
    server = _CorpusHTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler)
    try:
        info = server.socket.getsockopt(socket.IPPROTO_TCP, socket.TCP_INFO, 104)
        # Linux's tcp_info for a listening socket: tcpi_sacked (offset 28) is the accept backlog
        assert struct.unpack_from("I", info, 28)[0] == 256
    finally:
        server.server_close()


def test_distinct_stories_are_not_near_duplicates_but_wire_copies_are():
    """The warehouse marks articles within 8 bits of simhash as wire copies: distinct stories must
    stay apart, as real ones do, or the benchmark measures a corpus of copies."""
    pages = [p for p in Corpus(160, seed=11) if p.kind != "front"]
    fingerprints = {p.index: int(clean_article(p.html).fingerprint, 16) for p in pages}
    story = {p.index: p.wire_of if p.wire_of is not None else p.index for p in pages}
    near, pairs = 0, 0
    for a, b in itertools.combinations(fingerprints, 2):
        bits = bin(fingerprints[a] ^ fingerprints[b]).count("1")
        if story[a] == story[b]:
            assert bits == 0
        else:
            pairs += 1
            near += bits <= NEAR_DUPLICATE_BITS
    assert pairs > 10_000 and near <= 5, (near, pairs)
