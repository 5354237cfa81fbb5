"""The optional LLM extractor: event mentions from a local OpenAI-compatible chat model.

Off by default. The default extractor (rules and dictionaries, `extract/events`) needs no model; this
one asks a chat model you run yourself for the same mention schema as JSON, validates the answer with
pydantic against the shared vocabularies, and keeps only what it can find verbatim in the article:
evidence sentences are re-located in the clean text (exact, then ignoring quote and whitespace
differences, mapped back to the original offsets) and dropped when absent; names, dates, claimants and
numbers are kept only when the words the model quotes for them are in the text. Nothing is resolved to
gazetteer or actor ids. Long articles go out in chunks of whole paragraphs.

Enable it with environment variables (nothing else configures it):

    FRONTLINES_LLM_BASE_URL     the server's OpenAI-compatible root, e.g. http://127.0.0.1:8080/v1 (required)
    FRONTLINES_LLM_MODEL        the model name the server knows, e.g. qwen2.5-7b-instruct (required)
    FRONTLINES_LLM_API_KEY      sent as a Bearer token, for servers that want one (optional)
    FRONTLINES_LLM_TIMEOUT      seconds for one request, default 120 (optional)
    FRONTLINES_LLM_CHUNK_CHARS  characters of article per request, default 6000 (optional)
    FRONTLINES_LLM_MAX_RETRIES  retries after a 5xx, 429 or connection error, default 2 (optional)

With llama.cpp (a GGUF model file you already have; nothing is downloaded by Frontlines):

    llama-server -m qwen2.5-7b-instruct-q4_k_m.gguf --host 127.0.0.1 --port 8080 -c 8192
    export FRONTLINES_LLM_BASE_URL=http://127.0.0.1:8080/v1 FRONTLINES_LLM_MODEL=qwen2.5-7b-instruct

With Ollama:

    ollama serve &   # then: ollama pull qwen2.5:7b-instruct
    export FRONTLINES_LLM_BASE_URL=http://127.0.0.1:11434/v1 FRONTLINES_LLM_MODEL=qwen2.5:7b-instruct

Requests use temperature 0 and `response_format: {"type": "json_object"}` (dropped for servers that
reject it). Each row carries `extractor = "llm"` and `extractor_version = "llm-1/<model>"`; the
default extractor's rows carry their own name and version, so the warehouse keeps both sets side by
side for the same articles and users can compare them (e.g. group `fct_event_mentions` by
`extractor, extractor_version`). When the endpoint is unreachable, times out or answers something
that is not the JSON asked for, `extract` raises `LLMExtractorError` (naming the endpoint): the
pipeline records the article as failed for this extractor and goes on.
"""

from __future__ import annotations

from collections.abc import Mapping

from extract.llm.errors import LLMAnswerError, LLMEndpointError, LLMExtractorError, LLMNotConfiguredError
from extract.llm.extractor import LLMExtractionReport, LLMExtractor
from extract.llm.settings import LLMSettings, llm_configured, settings_from_env

__all__ = [
    "LLMAnswerError",
    "LLMEndpointError",
    "LLMExtractionReport",
    "LLMExtractor",
    "LLMExtractorError",
    "LLMNotConfiguredError",
    "LLMSettings",
    "llm_configured",
    "llm_extractor_from_env",
]


def llm_extractor_from_env(environ: Mapping[str, str] | None = None) -> LLMExtractor:
    """The extractor configured by FRONTLINES_LLM_* variables; LLMNotConfiguredError names what is missing."""
    return LLMExtractor(settings_from_env(environ))
