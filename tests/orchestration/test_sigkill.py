"""A run killed with SIGKILL in the middle of a step leaves whole batches, and the next run resumes.

What that means (docs/orchestration.md): each step commits a batch at a time. A kill inside a step
leaves the batches it had committed, each whole (an article's mentions, links and extraction log
row together or not at all), and no part of the batch it was loading; later steps' tables and the
marts are as they were. The next run does not redo what is committed (no page fetched again, no
article cleaned or extracted again), ends with exactly the rows of a run that was never
interrupted, with no duplicates, and closes the killed run's row as abandoned."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest
from dagster import DagsterInstance

from orchestration.cli import main as frontlines
from tests.conftest import MINI_CORPUS, REPO_ROOT
from tests.orchestration.conftest import MARTS, RAW, snapshot

pytestmark = pytest.mark.slow
PAGES = 600  # three batches of 200 (warehouse.stages.BATCH) to clean and to extract
BATCH = 200
EXTRACTED = ("raw.mentions", "raw.mention_links", "raw.extraction_log")
# each table's key (schema.sql): a resumed run must not have added a second row for any of them
KEYS = {
    "raw.pages": "page_id",
    "raw.articles": "article_id",
    "raw.fetch_log": "attempt_id",
    "raw.mentions": "mention_id, extractor_version",
    "raw.mention_links": "mention_id, other_mention_id, relation, extractor_version",
    "raw.extraction_log": "article_id, extractor, extractor_version",
    "raw.runs": "run_id",
}
DISTRICTS = [
    "Sakhour",
    "Hanano",
    "Bustan al-Qasr",
    "Salaheddine",
    "Sheikh Said",
    "Ramouseh",
    "Masaken Hanano",
]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def _write_corpus(folder: Path) -> None:
    """Our own short news pages (no third-party text), enough of them to need several load batches."""
    folder.mkdir()
    for i in range(PAGES):
        district, day = DISTRICTS[i % len(DISTRICTS)], DAYS[i % len(DAYS)]
        paragraphs = [
            f"Shelling hit the {district} district of eastern Aleppo on {day}, killing {i % 9 + 2} people, "
            "a local monitoring group said.",
            f"Residents of {district} described a night of heavy bombardment and said bakeries had closed.",
            "Aid workers said they could not reach the area because of the fighting on the main roads.",
            f"This is report number {i} in a series prepared for the Frontlines test suite.",
        ]
        body = "".join(f"<p>{p}</p>" for p in paragraphs)
        (folder / f"report-{i:04d}.html").write_text(
            "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
            f"<title>Shelling in {district} ({i})</title>"
            f"<link rel='canonical' href='https://aleppo-daily.example/2016/08/report-{i:04d}'>"
            "<meta property='article:published_time' content='2016-08-15T09:00:00Z'></head>"
            f"<body><article><h1>Shelling in {district} ({i})</h1>{body}</article></body></html>",
            encoding="utf-8",
        )


def _kill_after_a_commit(
    warehouse: Path, corpus: Path, home: Path, stage: str, total: int
) -> tuple[int, int]:
    """Start `frontlines run` in a child process and SIGKILL it once the step reports a committed
    batch of `stage` but not yet all `total`; returns how many it had reported committed, and how
    many its first batch held."""
    env = {
        **os.environ,
        "DAGSTER_HOME": str(home),
        "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}",
        # cleaning and extraction in one process: a batch of 200 takes seconds, far longer than this
        # test needs to see the report of the batch before it and kill
        "FRONTLINES_WORKERS": "1",
    }
    instance = DagsterInstance.get()
    known = {r.run_id for r in instance.get_runs()}
    child = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "orchestration.cli",
            "run",
            "--archive",
            str(MINI_CORPUS),
            "--archive",
            str(corpus),
            "--warehouse",
            str(warehouse),
        ],
        cwd=REPO_ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    pattern = re.compile(rf"{stage}: (\d+) committed")
    try:
        deadline = time.monotonic() + 600
        while time.monotonic() < deadline:
            assert child.poll() is None, f"the run ended before it could be killed in the middle of {stage}"
            runs = [r for r in instance.get_runs(limit=3) if r.run_id not in known]
            messages = [e.user_message or "" for r in runs for e in instance.all_logs(r.run_id)]
            committed = [int(m.group(1)) for msg in messages if (m := pattern.match(msg))]
            if committed and max(committed) < total:
                child.send_signal(signal.SIGKILL)
                child.wait(30)
                return max(committed), min(committed)
            time.sleep(0.1)
        pytest.fail(f"no batch of {stage} was committed within 10 minutes")
    finally:
        if child.poll() is None:
            child.kill()
            child.wait(30)


def _rows(path: Path, sql: str) -> list[tuple]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def _by_article(path: Path) -> dict[str, tuple]:
    """Per article: its extraction log rows, its mentions and their links (without load times)."""
    parts = (
        "select article_id, 0, n_mentions, status from raw.extraction_log",
        "select article_id, 1, * exclude (article_id, extracted_at) from raw.mentions",
        # a link whose mention is missing shows up under None
        """select m.article_id, 2, l.* from raw.mention_links l
           left join raw.mentions m using (mention_id, extractor, extractor_version)""",
    )
    out: dict[str, list] = {}
    for sql in parts:
        for article_id, kind, *rest in _rows(path, sql):
            out.setdefault(article_id, [[], [], []])[kind].append(repr(rest))
    return {k: tuple(tuple(sorted(v)) for v in lists) for k, lists in out.items()}


def _uninterrupted_run(tmp_path: Path) -> tuple[Path, list[str], Path, dict[str, tuple]]:
    """The test corpus, the run's arguments, and a warehouse built by one run that was not killed,
    with its rows by article."""
    corpus = tmp_path / "reports"
    _write_corpus(corpus)
    both = ["--archive", str(MINI_CORPUS), "--archive", str(corpus)]
    uninterrupted = tmp_path / "uninterrupted.duckdb"
    assert frontlines(["run", *both, "--warehouse", str(uninterrupted)]) == 0
    return corpus, both, uninterrupted, _by_article(uninterrupted)


def test_a_run_killed_mid_step_keeps_whole_batches_and_the_next_run_resumes_without_redoing_them(
    tmp_path, orchestration_home, monkeypatch
):
    # the clean and extract steps' own path (the fetch step's stream is the next test's)
    monkeypatch.setenv("FRONTLINES_STREAM", "0")
    corpus, both, uninterrupted, reference = _uninterrupted_run(tmp_path)
    warehouse = tmp_path / "killed.duckdb"
    assert frontlines(["run", "--archive", str(MINI_CORPUS), "--warehouse", str(warehouse)]) == 0
    first = {r[0] for r in _rows(warehouse, "select page_id from raw.pages")}
    before = snapshot(warehouse, (*EXTRACTED, *MARTS))

    # 1. killed while cleaning, after at least one batch of articles was committed
    reported, _ = _kill_after_a_commit(warehouse, corpus, orchestration_home, "articles", PAGES)
    pages = dict(_rows(warehouse, "select page_id, fetched_at from raw.pages"))
    assert len(pages) == PAGES + 3, "the finished acquisition step is committed whole"
    new_pages = sorted(set(pages) - first)
    cleaned = dict(_rows(warehouse, "select article_id, cleaned_at from raw.articles"))
    new_articles = sorted(set(cleaned) - first)
    assert reported <= len(new_articles) < PAGES, "the committed batches stay; the step did not finish"
    assert len(new_articles) % BATCH == 0, f"{len(new_articles)} articles: not whole batches of {BATCH}"
    assert new_articles == new_pages[: len(new_articles)], "the batches are the first pages, in order"
    after_clean_kill = snapshot(warehouse, (*EXTRACTED, *MARTS))
    for table in (*EXTRACTED, *MARTS):
        assert after_clean_kill[table] == before[table], f"{table} changed although its step never ran"

    # 2. the next run: nothing fetched again, the committed articles not cleaned again; killed
    # while extracting, after at least one batch of mentions was committed
    reported, _ = _kill_after_a_commit(warehouse, corpus, orchestration_home, "mentions", PAGES)
    assert dict(_rows(warehouse, "select page_id, fetched_at from raw.pages")) == pages, (
        "a page was refetched"
    )
    recleaned = dict(_rows(warehouse, "select article_id, cleaned_at from raw.articles"))
    assert len(recleaned) == PAGES + 3
    assert {a: recleaned[a] for a in cleaned} == cleaned, (
        "an article cleaned by the killed run was cleaned again"
    )
    killed = _by_article(warehouse)
    extracted = sorted(a for a, parts in killed.items() if parts[0])
    new_extracted = sorted(set(extracted) - first)
    assert reported <= len(new_extracted) < PAGES and len(new_extracted) % BATCH == 0, len(new_extracted)
    assert set(killed) == set(extracted), "mentions or links of an article without its log row"
    for article_id in extracted:
        assert killed[article_id] == reference[article_id], f"article {article_id}: not whole"
    after_extract_kill = snapshot(warehouse, MARTS)
    for table in MARTS:
        assert after_extract_kill[table] == before[table], f"{table} changed although dbt never ran"
    logged = dict(_rows(warehouse, "select article_id, extracted_at from raw.extraction_log"))

    # 3. the next run completes: exactly the rows of the uninterrupted run, none twice
    assert frontlines(["run", *both, "--warehouse", str(warehouse)]) == 0
    final = dict(_rows(warehouse, "select article_id, extracted_at from raw.extraction_log"))
    assert {a: final[a] for a in logged} == logged, (
        "an article extracted by the killed run was extracted again"
    )
    resumed, expected = snapshot(warehouse, (*RAW, *MARTS)), snapshot(uninterrupted, (*RAW, *MARTS))
    assert expected["marts.fct_event_mentions"] and len(expected["marts.fct_event_mentions"]) > PAGES / 2
    for table in (*RAW, *MARTS):
        assert resumed[table] == expected[table], f"{table} differs from an uninterrupted run"
    for table, key in KEYS.items():
        dupes = _rows(warehouse, f"select {key}, count(*) from {table} group by all having count(*) > 1")
        assert not dupes, f"{table}: keys twice after the resumed run: {dupes[:3]}"
    runs = _rows(warehouse, "select status, detail from raw.runs order by started_at")
    assert [status for status, _ in runs] == ["success", "failed", "failed", "success"], runs
    assert all(detail.startswith("abandoned") for _, detail in runs[1:3]), "a killed run's row says why"


def test_a_run_killed_while_its_fetch_step_streams_resumes_to_the_rows_of_an_uninterrupted_run(
    tmp_path, orchestration_home
):
    """The fetch step cleans and extracts what it stores (warehouse.stages.PageStream). Killed after
    the stream committed a batch of articles: those batches are whole, and the next run redoes
    neither the pages nor the articles committed, and ends with the uninterrupted run's rows."""
    corpus, both, uninterrupted, reference = _uninterrupted_run(tmp_path)
    warehouse = tmp_path / "killed.duckdb"

    reported, first = _kill_after_a_commit(warehouse, corpus, orchestration_home, "articles", PAGES)
    pages = dict(_rows(warehouse, "select page_id, fetched_at from raw.pages"))
    cleaned = dict(_rows(warehouse, "select article_id, cleaned_at from raw.articles"))
    assert reported <= len(cleaned) < PAGES + 3, "the stream's committed batches stay; it did not finish"
    # the stream's first batch may be a part one (its pool starts early, on acquisition's first full
    # batch: warehouse.stages.PageStream), every later one is whole
    assert first <= BATCH and (len(cleaned) - first) % BATCH == 0, (
        f"{len(cleaned)} articles: not a first batch of {first} and whole batches of {BATCH}"
    )
    assert set(cleaned) <= set(pages)
    killed = _by_article(warehouse)
    assert killed, "the stream had extracted a batch before the kill"
    for article_id, parts in killed.items():
        assert parts == reference[article_id], f"article {article_id}: not whole"
    marts = snapshot(warehouse, MARTS)
    assert all(rows == ["<missing>"] for rows in marts.values()), "dbt ran in a run killed before it"

    assert frontlines(["run", *both, "--warehouse", str(warehouse)]) == 0
    after = dict(_rows(warehouse, "select page_id, fetched_at from raw.pages"))
    assert {p: after[p] for p in pages} == pages, "a page stored by the killed run was fetched again"
    recleaned = dict(_rows(warehouse, "select article_id, cleaned_at from raw.articles"))
    assert {a: recleaned[a] for a in cleaned} == cleaned, "an article the stream cleaned was cleaned again"
    resumed, expected = _marts_by_event_members(warehouse), _marts_by_event_members(uninterrupted)
    resumed.update(snapshot(warehouse, RAW))
    expected.update(snapshot(uninterrupted, RAW))
    for table in (*RAW, *MARTS):
        assert resumed[table] == expected[table], f"{table} differs from an uninterrupted run"
    for table, key in KEYS.items():
        dupes = _rows(warehouse, f"select {key}, count(*) from {table} group by all having count(*) > 1")
        assert not dupes, f"{table}: keys twice after the resumed run: {dupes[:3]}"


STRIKE_MARTS = ("marts.fct_strikes", "marts.fct_strike_mentions")


def _marts_by_event_members(path: Path) -> dict[str, list[str]]:
    """The marts as `snapshot` gives them, with each strike event named by its member mentions
    instead of its id. An event's id comes from its anchor, the first report to arrive among those
    tied on publication and event day; a run killed while streaming and resumed has let some reports
    arrive a run earlier than an uninterrupted run did, so the anchor (and `is_anchor`) may differ
    while the events, their members and every other column are the same."""
    out = snapshot(path, tuple(t for t in MARTS if t not in STRIKE_MARTS))
    members = dict(
        _rows(path, "select strike_id, list_sort(list(mention_id)) from marts.fct_strike_mentions group by 1")
    )
    con = duckdb.connect(str(path), read_only=True)
    try:
        for table in STRIKE_MARTS:
            cols = [c[0] for c in con.execute(f"describe {table}").fetchall()]
            kept = [
                c
                for c in cols
                if not c.endswith(("_at", "_fingerprint")) and c not in {"strike_id", "is_anchor"}
            ]
            rows = con.execute(f"select strike_id, {', '.join(kept)} from {table}").fetchall()
            out[table] = sorted(repr((tuple(members[r[0]]), *r[1:])) for r in rows)
    finally:
        con.close()
    return out
