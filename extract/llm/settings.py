"""Settings of the LLM extractor, read from environment variables only (the extractor is off by default).

Required when the extractor is requested: FRONTLINES_LLM_BASE_URL, FRONTLINES_LLM_MODEL.
Optional: FRONTLINES_LLM_API_KEY, FRONTLINES_LLM_TIMEOUT (seconds, default 120),
FRONTLINES_LLM_CHUNK_CHARS (default 6000), FRONTLINES_LLM_MAX_RETRIES (default 2).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

from extract.llm.errors import LLMNotConfiguredError

BASE_URL_VAR = "FRONTLINES_LLM_BASE_URL"
MODEL_VAR = "FRONTLINES_LLM_MODEL"
API_KEY_VAR = "FRONTLINES_LLM_API_KEY"
TIMEOUT_VAR = "FRONTLINES_LLM_TIMEOUT"
CHUNK_CHARS_VAR = "FRONTLINES_LLM_CHUNK_CHARS"
MAX_RETRIES_VAR = "FRONTLINES_LLM_MAX_RETRIES"


@dataclass(frozen=True, slots=True)
class LLMSettings:
    """Where the OpenAI-compatible endpoint is and how patiently to talk to it."""

    base_url: str  # up to and including /v1, e.g. http://127.0.0.1:8080/v1
    model: str
    api_key: str | None = None
    timeout: float = 120.0  # seconds for one chat completion (local models are slow)
    chunk_chars: int = 6000  # paragraphs are grouped into requests of at most this many characters
    max_retries: int = 2  # extra attempts after a 5xx, 429 or connection error
    backoff_base: float = 1.0  # seconds before the first retry, doubled each time

    def __post_init__(self) -> None:
        if not self.base_url.startswith(("http://", "https://")):
            raise LLMNotConfiguredError(
                f"{BASE_URL_VAR}={self.base_url!r} is not an http(s) URL; "
                "set it to the server's OpenAI-compatible root, e.g. http://127.0.0.1:8080/v1"
            )
        if self.timeout <= 0 or self.chunk_chars < 200 or self.max_retries < 0:
            raise LLMNotConfiguredError(
                f"LLM settings out of range (timeout {self.timeout} > 0, chunk_chars {self.chunk_chars} "
                f">= 200, max_retries {self.max_retries} >= 0)"
            )

    @property
    def endpoint(self) -> str:
        return self.base_url.rstrip("/") + "/chat/completions"


def llm_configured(environ: Mapping[str, str] | None = None) -> bool:
    """True when the base URL is set: the pipeline's cue to run the LLM extractor too."""
    env = os.environ if environ is None else environ
    return bool(env.get(BASE_URL_VAR, "").strip())


def settings_from_env(environ: Mapping[str, str] | None = None) -> LLMSettings:
    """Read the settings; a missing or malformed variable raises an error that names it."""
    env = os.environ if environ is None else environ

    def required(name: str, example: str) -> str:
        value = env.get(name, "").strip()
        if not value:
            raise LLMNotConfiguredError(
                f"the LLM extractor was requested but {name} is not set; set it (e.g. {name}={example}) "
                "or do not request the LLM extractor"
            )
        return value

    def number(name: str, default: float, kind: type) -> float:
        raw = env.get(name, "").strip()
        if not raw:
            return default
        try:
            return kind(raw)
        except ValueError:
            raise LLMNotConfiguredError(
                f"{name}={raw!r} is not a valid {kind.__name__}; unset it or give a number"
            ) from None

    return LLMSettings(
        base_url=required(BASE_URL_VAR, "http://127.0.0.1:8080/v1"),
        model=required(MODEL_VAR, "qwen2.5-7b-instruct"),
        api_key=env.get(API_KEY_VAR, "").strip() or None,
        timeout=number(TIMEOUT_VAR, 120.0, float),
        chunk_chars=int(number(CHUNK_CHARS_VAR, 6000, int)),
        max_retries=int(number(MAX_RETRIES_VAR, 2, int)),
    )
