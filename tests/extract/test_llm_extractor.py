"""The optional LLM extractor against a real HTTP server on 127.0.0.1 serving recorded chat answers.

The articles (`tests/fixtures/llm/articles/`) are short texts the team wrote; the answers
(`tests/fixtures/llm/answers/`) are chat-completion bodies as an OpenAI-compatible server returns them,
including the ways models go wrong: invented sentences, straight quotes for curly ones, broken JSON.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import socket
import threading
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from extract.llm import (
    LLMAnswerError,
    LLMEndpointError,
    LLMExtractor,
    LLMExtractorError,
    LLMNotConfiguredError,
    LLMSettings,
    llm_configured,
    llm_extractor_from_env,
)
from extract.llm.chunking import chunk_paragraphs
from extract.llm.locate import locate
from extract.models import ArticleText

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "llm"
MODEL = "qwen2.5-7b-instruct"
PATH = "/v1/chat/completions"

ARTICLES = {
    "market_strike": dt.date(2016, 8, 7),  # a Sunday: "on Saturday" is 2016-08-06
    "corridor_claims": dt.date(2016, 8, 4),  # a Thursday
    "khan_tuman": dt.date(2016, 5, 9),  # a Monday: "on Sunday" is 2016-05-08
    "port_strike": dt.date(2016, 8, 2),
}


def article(name: str) -> ArticleText:
    return ArticleText(
        article_id=f"llm-test-{name}",
        url=f"https://news.example.org/{name}",
        text=(FIXTURES / "articles" / f"{name}.txt").read_text(encoding="utf-8"),
        published=ARTICLES[name],
    )


def answer(name: str) -> dict:
    return json.loads((FIXTURES / "answers" / f"{name}.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def server():
    """Our own threaded server (a timed-out request must not block the next test)."""
    srv = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    srv.start()
    yield srv
    srv.clear()
    srv.stop()


@pytest.fixture()
def llm_server(server):
    server.clear()
    yield server
    server.clear()


def make_settings(srv: HTTPServer, **overrides) -> LLMSettings:
    values = {
        "base_url": srv.url_for("/v1"),
        "model": MODEL,
        "timeout": 5.0,
        "max_retries": 2,
        "backoff_base": 0.0,
    }
    return LLMSettings(**(values | overrides))


def serve(srv: HTTPServer, name: str, times: int = 1) -> None:
    for _ in range(times):
        srv.expect_ordered_request(PATH, method="POST").respond_with_json(answer(name))


def request_bodies(srv: HTTPServer) -> list[dict]:
    return [json.loads(req.get_data(as_text=True)) for req, _ in srv.log]


# --- good answers ------------------------------------------------------------------------------------


def test_good_answer_becomes_mentions_with_exact_spans(llm_server):
    serve(llm_server, "market_strike")
    art = article("market_strike")
    extractor = LLMExtractor(make_settings(llm_server))

    mentions, links = extractor.extract(art)

    assert [(m.family, m.event_type, m.modality) for m in mentions] == [
        ("strike", "air_strike", "claimed"),
        ("strike", "shelling", "claimed"),
        ("strike", "air_strike", "denied"),
    ]
    for m in mentions:
        assert art.text[m.sentence_start : m.sentence_end] == m.sentence
        assert m.sentence_start <= m.span_start < m.span_end <= m.sentence_end
        assert art.text[m.span_start : m.span_end] == m.trigger_text
        assert (m.extractor, m.extractor_version) == ("llm", f"llm-1/{MODEL}")
        assert m.actor_id is None and m.place_id is None and m.latitude is None  # nothing unverifiable
    market, shelling, denial = mentions
    assert market.sentence.startswith("Russian warplanes struck a crowded market")
    assert market.trigger_text == "warplanes struck"
    assert (market.actor_raw, market.actor_side) == ("Russian warplanes", "pro_government")
    assert (market.target_raw, market.target_side) == ("a crowded market", "civilian")
    assert market.place_name == "Atarib"
    assert market.event_date == dt.date(2016, 8, 6) and market.date_raw == "on Saturday"
    assert market.date_precision == "day"
    assert market.claimant == "the Syrian Observatory for Human Rights" and market.reporting_verb == "said"
    assert (market.fatalities_low, market.fatalities_high) == (14, None)
    assert market.disputed and market.disputed_by == "State media"
    assert market.dispute_sentence == denial.sentence
    assert (shelling.actor_name, shelling.place_raw, shelling.claimant) == (
        "Free Syrian Army",
        "Aleppo",
        "a local activist",
    )
    assert shelling.place_direction == "southwest" and market.place_direction is None
    assert denial.claimant == "State media" and denial.event_date is None
    assert [(lk.mention_id, lk.other_mention_id, lk.relation) for lk in links] == [
        (denial.mention_id, market.mention_id, "disputes")
    ]
    assert links[0].evidence == denial.sentence and links[0].extractor_version == f"llm-1/{MODEL}"
    report = extractor.last_report
    assert (report.proposed, report.kept, report.dropped, report.relocated) == (3, 3, 0, 0)
    assert report.unverified == []


def test_ids_are_stable_across_two_runs(llm_server):
    serve(llm_server, "market_strike", times=2)
    extractor = LLMExtractor(make_settings(llm_server))

    first, first_links = extractor.extract(article("market_strike"))
    second, second_links = LLMExtractor(make_settings(llm_server)).extract(article("market_strike"))

    assert len({m.mention_id for m in first}) == 3
    assert [m.mention_id for m in first] == [m.mention_id for m in second]
    assert [m.to_row() for m in first] == [m.to_row() for m in second]
    assert first_links == second_links


def test_two_models_give_distinct_ids_for_the_same_answer(llm_server):
    serve(llm_server, "market_strike", times=2)

    qwen, _ = LLMExtractor(make_settings(llm_server)).extract(article("market_strike"))
    llama, _ = LLMExtractor(make_settings(llm_server, model="llama-3.1-8b")).extract(article("market_strike"))

    assert {m.extractor_version for m in llama} == {"llm-1/llama-3.1-8b"}
    assert [m.sentence_start for m in qwen] == [m.sentence_start for m in llama]
    assert not {m.mention_id for m in qwen} & {m.mention_id for m in llama}


def test_warehouse_keeps_two_models_rows_apart(llm_server, tmp_path):
    """Rows of each extractor version replace only their own: users compare them side by side."""
    from warehouse.connection import open_warehouse
    from warehouse.load import load_mentions

    serve(llm_server, "market_strike", times=3)
    art = article("market_strike")
    qwen = LLMExtractor(make_settings(llm_server))
    llama = LLMExtractor(make_settings(llm_server, model="llama-3.1-8b"))

    with open_warehouse(tmp_path / "w.duckdb") as con:
        for extractor in (qwen, llama, qwen):  # qwen twice: a re-run replaces, never duplicates
            mentions, links = extractor.extract(art)
            load_mentions(con, [art.article_id], mentions, links, extractor.name, extractor.version)
        counts = con.execute(
            """select extractor_version, count(*), count(distinct mention_id) from raw.mentions
               where extractor = 'llm' group by 1 order by 1"""
        ).fetchall()
        link_versions = con.execute("select extractor_version from raw.mention_links order by 1").fetchall()

    assert counts == [("llm-1/llama-3.1-8b", 3, 3), (f"llm-1/{MODEL}", 3, 3)]
    assert link_versions == [("llm-1/llama-3.1-8b",), (f"llm-1/{MODEL}",)]


def test_request_carries_model_temperature_zero_json_mode_and_article_text(llm_server):
    serve(llm_server, "market_strike")
    art = article("market_strike")

    LLMExtractor(make_settings(llm_server, api_key="local-secret")).extract(art)

    (body,) = request_bodies(llm_server)
    assert body["model"] == MODEL
    assert body["temperature"] == 0
    assert body["response_format"] == {"type": "json_object"}
    system, user = body["messages"]
    assert system["role"] == "system" and "air_strike" in system["content"]
    assert user["role"] == "user"
    assert art.text.strip() in user["content"]
    assert "Publication date: 2016-08-07" in user["content"]
    request, _ = llm_server.log[0]
    assert request.headers["Authorization"] == "Bearer local-secret"


def test_text_without_events_yields_nothing_and_fenced_json_is_read(llm_server):
    serve(llm_server, "port_strike_none")
    serve(llm_server, "port_strike_fenced")
    extractor = LLMExtractor(make_settings(llm_server))

    assert extractor.extract(article("port_strike")) == ([], [])
    assert extractor.extract(article("port_strike")) == ([], [])
    assert len(llm_server.log) == 2


def test_empty_article_sends_no_request(llm_server):
    blank = ArticleText(article_id="blank", url="https://news.example.org/blank", text=" \n\n \n")

    assert LLMExtractor(make_settings(llm_server)).extract(blank) == ([], [])
    assert llm_server.log == []


# --- answers that must be checked against the text ---------------------------------------------------


def test_hallucinated_sentence_is_dropped_and_counted(llm_server):
    serve(llm_server, "khan_tuman_hallucinated")
    art = article("khan_tuman")
    extractor = LLMExtractor(make_settings(llm_server))

    mentions, links = extractor.extract(art)

    assert [(m.event_type, m.modality) for m in mentions] == [
        ("captured", "claimed"),
        ("supply_route_cut", "hypothetical"),
    ]
    assert all("recaptured" not in m.sentence for m in mentions)
    assert links == []
    report = extractor.last_report
    assert report.proposed == 4 and report.kept == 2 and report.dropped == 2
    assert report.dropped_not_found == [
        "Rebels recaptured Khan Tuman on Monday night, opposition sources said."
    ]
    assert len(report.dropped_invalid) == 1 and "'bombing'" in report.dropped_invalid[0]
    captured, hypothetical = mentions
    assert art.text[captured.sentence_start : captured.sentence_end] == captured.sentence
    assert (captured.actor_raw, captured.place_raw, captured.claimant) == (
        "Government forces",
        "Khan Tuman",
        "state television",
    )
    assert captured.event_date == dt.date(2016, 5, 8)
    assert captured.target_side == "opposition" and captured.target_raw is None
    # The name the text lacks is cleared, the side outside the vocabulary is `unknown`, and a date
    # with no words for it in the text is refused.
    assert hypothetical.actor_raw is None and hypothetical.actor_name is None
    assert hypothetical.actor_side == "unknown"
    assert hypothetical.event_date is None and hypothetical.date_raw is None
    assert hypothetical.place_raw == "Ramouseh road" and hypothetical.place_direction is None
    assert any("Syrian Arab Army" in u for u in report.unverified)
    assert any("2016-05-10" in u for u in report.unverified)
    assert any("place_direction 'northwest'" in u for u in report.unverified)


def test_whitespace_and_quote_differences_are_relocated_to_original_offsets(llm_server):
    serve(llm_server, "corridor_claims")
    art = article("corridor_claims")
    extractor = LLMExtractor(make_settings(llm_server))

    mentions, links = extractor.extract(art)

    opened, denial = mentions
    for m in mentions:
        assert art.text[m.sentence_start : m.sentence_end] == m.sentence
        assert art.text[m.span_start : m.span_end] == m.trigger_text
    # The stored sentence is the article's own: curly quotes, the line break and the double space.
    assert opened.sentence == (
        "The Russian Defence Ministry said on Thursday that “humanitarian corridors” out of\n"
        "eastern Aleppo had opened and that dozens of civilians had  left through them."
    )
    assert opened.trigger_text == "corridors” out of\neastern Aleppo had opened"
    assert denial.sentence.startswith("Residents reached by phone dismissed the ministry’s claim as “lies”")
    assert denial.trigger_text == "dismissed the ministry’s claim"
    assert (opened.family, opened.event_type, opened.modality) == ("corridor", "opened", "claimed")
    assert (opened.quantity_raw, opened.people_low, opened.people_high) == ("dozens of civilians", 24, 99)
    assert opened.claimant == "The Russian Defence Ministry" and opened.event_date == dt.date(2016, 8, 4)
    assert opened.place_raw == "eastern Aleppo"
    assert (opened.population, opened.direction) == ("civilians", "out of\neastern Aleppo")
    assert (denial.modality, denial.claimant, denial.place_raw) == ("denied", "Residents", "Castello Road")
    assert opened.disputed and opened.dispute_sentence == denial.sentence
    assert [(lk.mention_id, lk.other_mention_id) for lk in links] == [(denial.mention_id, opened.mention_id)]
    assert extractor.last_report.relocated == 2 and extractor.last_report.dropped == 0


def test_long_article_is_chunked_by_paragraph_and_offsets_stay_right(llm_server):
    """A fake model that answers about the text it was shown: the recorded mentions of that chunk."""
    recorded = json.loads(answer("market_strike")["choices"][0]["message"]["content"])["mentions"]

    def per_chunk(request: Request) -> Response:
        shown = json.loads(request.get_data(as_text=True))["messages"][1]["content"]
        seen = [dict(m, disputes=None) for m in recorded if m["sentence"] in shown]
        content = json.dumps({"mentions": seen})
        return Response(
            json.dumps({"choices": [{"message": {"content": content}}]}), mimetype="application/json"
        )

    llm_server.expect_request(PATH, method="POST").respond_with_handler(per_chunk)
    art = article("market_strike")
    whole_extractor = LLMExtractor(make_settings(llm_server, chunk_chars=6000))
    chunked = LLMExtractor(make_settings(llm_server, chunk_chars=200))

    whole, _ = whole_extractor.extract(art)
    pieces, _ = chunked.extract(art)

    bodies = request_bodies(llm_server)
    assert len(bodies) == 1 + 3 and chunked.last_report.chunks == 3
    paragraphs = [p for p in art.text.split("\n") if p.strip()]
    for body, paragraph in zip(bodies[1:], paragraphs, strict=True):
        user = body["messages"][1]["content"]
        assert paragraph in user
        assert sum(p in user for p in paragraphs) == 1
    assert [(m.mention_id, m.sentence_start, m.sentence_end, m.span_start) for m in pieces] == [
        (m.mention_id, m.sentence_start, m.sentence_end, m.span_start) for m in whole
    ]


# --- failures the pipeline must catch ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("khan_tuman_truncated", "token limit"),
        ("khan_tuman_prose", "did not follow JSON mode"),
        ("khan_tuman_bare_list", '{"mentions": [...]}'),
    ],
)
def test_malformed_answers_raise_a_clear_error(llm_server, name, expected):
    serve(llm_server, name)
    settings_ = make_settings(llm_server)

    with pytest.raises(LLMAnswerError) as caught:
        LLMExtractor(settings_).extract(article("khan_tuman"))

    message = str(caught.value)
    assert settings_.endpoint in message and expected in message
    assert isinstance(caught.value, LLMExtractorError)
    assert len(llm_server.log) == 1  # a deterministic answer is not asked for again


def test_non_json_body_names_the_endpoint(llm_server):
    llm_server.expect_request(PATH, method="POST").respond_with_data(
        "<html><body>Welcome to nginx</body></html>", content_type="text/html"
    )
    settings_ = make_settings(llm_server)

    with pytest.raises(LLMAnswerError, match="not JSON") as caught:
        LLMExtractor(settings_).extract(article("khan_tuman"))

    assert settings_.endpoint in str(caught.value) and "/v1" in str(caught.value)


def test_server_error_then_success_is_retried(llm_server):
    llm_server.expect_ordered_request(PATH, method="POST").respond_with_data("overloaded", status=500)
    serve(llm_server, "market_strike")

    mentions, _ = LLMExtractor(make_settings(llm_server)).extract(article("market_strike"))

    assert len(mentions) == 3
    assert len(llm_server.log) == 2 and llm_server.log[0][1].status_code == 500


def test_persistent_server_error_gives_up_after_bounded_retries(llm_server):
    for _ in range(3):
        llm_server.expect_ordered_request(PATH, method="POST").respond_with_data("busy", status=503)
    settings_ = make_settings(llm_server, max_retries=2)

    with pytest.raises(LLMEndpointError) as caught:
        LLMExtractor(settings_).extract(article("khan_tuman"))

    assert caught.value.status == 503 and "all 3 attempts" in str(caught.value)
    assert settings_.endpoint in str(caught.value)
    assert len(llm_server.log) == 3


def test_client_error_is_not_retried(llm_server):
    llm_server.expect_request(PATH, method="POST").respond_with_json(
        {"error": {"message": "model 'nope' not found"}}, status=404
    )

    with pytest.raises(LLMEndpointError, match=r"HTTP 404: \[.*model 'nope' not found"):
        LLMExtractor(make_settings(llm_server, model="nope")).extract(article("khan_tuman"))

    assert len(llm_server.log) == 1


def test_server_rejecting_response_format_is_asked_again_without_it(llm_server):
    llm_server.expect_ordered_request(PATH, method="POST").respond_with_json(
        {"error": {"message": "Unrecognized request argument: response_format"}}, status=400
    )
    serve(llm_server, "market_strike")

    mentions, _ = LLMExtractor(make_settings(llm_server)).extract(article("market_strike"))

    assert len(mentions) == 3
    first, second = request_bodies(llm_server)
    assert "response_format" in first and "response_format" not in second
    assert second["temperature"] == 0 and second["model"] == MODEL


def test_timeout_raises_endpoint_error_without_retrying(llm_server):
    release = threading.Event()
    arrived: list[float] = []

    def slow(_request: Request) -> Response:
        arrived.append(time.monotonic())
        release.wait(5)
        return Response("{}", mimetype="application/json")

    llm_server.expect_request(PATH, method="POST").respond_with_handler(slow)
    settings_ = make_settings(llm_server, timeout=0.3)
    try:
        with pytest.raises(LLMEndpointError, match=r"did not answer within 0\.3 s") as caught:
            LLMExtractor(settings_).extract(article("khan_tuman"))
    finally:
        release.set()

    assert settings_.endpoint in str(caught.value) and "FRONTLINES_LLM_TIMEOUT" in str(caught.value)
    assert len(arrived) == 1  # the timed-out request was not repeated


def test_unreachable_endpoint_names_it():
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings_ = LLMSettings(
        base_url=f"http://127.0.0.1:{port}/v1", model=MODEL, max_retries=1, backoff_base=0.0, timeout=2.0
    )

    with pytest.raises(LLMEndpointError, match="unreachable after 2 attempts") as caught:
        LLMExtractor(settings_).extract(article("khan_tuman"))

    assert f"http://127.0.0.1:{port}/v1/chat/completions" in str(caught.value)


# --- configuration -----------------------------------------------------------------------------------


def test_configured_from_environment_variables():
    env = {
        "FRONTLINES_LLM_BASE_URL": "http://127.0.0.1:11434/v1/",
        "FRONTLINES_LLM_MODEL": "qwen2.5:7b-instruct",
        "FRONTLINES_LLM_API_KEY": "k",
        "FRONTLINES_LLM_TIMEOUT": "45",
        "FRONTLINES_LLM_CHUNK_CHARS": "3000",
    }

    extractor = llm_extractor_from_env(env)

    assert (extractor.name, extractor.version) == ("llm", "llm-1/qwen2.5:7b-instruct")
    assert extractor.settings.endpoint == "http://127.0.0.1:11434/v1/chat/completions"
    assert (extractor.settings.timeout, extractor.settings.chunk_chars) == (45.0, 3000)
    assert extractor.settings.api_key == "k"
    assert llm_configured(env) and not llm_configured({})


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({}, "FRONTLINES_LLM_BASE_URL"),
        ({"FRONTLINES_LLM_BASE_URL": "http://127.0.0.1:8080/v1"}, "FRONTLINES_LLM_MODEL"),
        (
            {
                "FRONTLINES_LLM_BASE_URL": "http://h/v1",
                "FRONTLINES_LLM_MODEL": "m",
                "FRONTLINES_LLM_TIMEOUT": "x",
            },
            "FRONTLINES_LLM_TIMEOUT",
        ),
        (
            {"FRONTLINES_LLM_BASE_URL": "127.0.0.1:8080", "FRONTLINES_LLM_MODEL": "m"},
            "FRONTLINES_LLM_BASE_URL",
        ),
    ],
)
def test_missing_or_bad_configuration_names_the_variable(env, named):
    with pytest.raises(LLMNotConfiguredError, match=named):
        llm_extractor_from_env(env)


# --- the pieces: re-location and chunking ------------------------------------------------------------


def test_locate_prefers_exact_and_rejects_reworded_sentences():
    text = "First line.\nThe army “held” the hill  overnight, officials said. Later: calm."

    exact = locate(text, "Later: calm.")
    folded = locate(text, 'The army "held" the hill overnight, officials said.')

    assert exact == (text.index("Later"), len(text), "exact")
    assert folded is not None and folded[2] == "normalised"
    assert text[folded[0] : folded[1]] == "The army “held” the hill  overnight, officials said."
    assert locate(text, "The army held the hill overnight, officials said.") is None  # quotes dropped
    assert locate(text, "The army kept the hill overnight, officials said.") is None
    assert locate(text, "Later: calm.", end=len(text) - 1) is None  # outside the chunk


@settings(max_examples=200, deadline=None)
@given(
    paragraphs=st.lists(st.text(alphabet=st.sampled_from("ab .!?\u201c\u201d"), max_size=400), max_size=8),
    budget=st.integers(min_value=20, max_value=500),
)
def test_chunks_stay_under_budget_and_cover_every_character(paragraphs, budget):
    text = "\n\n".join(paragraphs)

    chunks = chunk_paragraphs(text, budget)

    assert all(0 <= c.start < c.end <= len(text) and c.end - c.start <= budget for c in chunks)
    assert all(a.end <= b.start for a, b in itertools.pairwise(chunks))
    covered = {i for c in chunks for i in range(c.start, c.end)}
    assert all(i in covered for i, ch in enumerate(text) if not ch.isspace())
