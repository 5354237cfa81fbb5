"""One JSON-mode chat completion against an OpenAI-compatible endpoint, with bounded retries.

llama.cpp's `llama-server`, Ollama and vLLM all serve `POST {base_url}/chat/completions`. We ask for
`response_format: {"type": "json_object"}` and temperature 0; a server that rejects `response_format`
with a 400 is asked once more without it (the prompt alone asks for JSON). 5xx, 429 and connection
errors are retried with exponential backoff; a read timeout is not (a model too slow once is too slow
again, and each try would cost the full timeout). Every error names the endpoint.
"""

from __future__ import annotations

import json
import re
import time
from typing import Any

import httpx

from extract.llm.errors import LLMAnswerError, LLMEndpointError
from extract.llm.settings import LLMSettings

RETRYABLE_STATUS = frozenset({429, 500, 502, 503, 504})
_FENCE = re.compile(r"^\s*```(?:json)?\s*(.*?)\s*```\s*$", re.DOTALL)


def chat_json(client: httpx.Client, settings: LLMSettings, messages: list[dict[str, str]]) -> Any:
    """The parsed JSON object the model answered with; LLMEndpointError / LLMAnswerError otherwise."""
    body: dict[str, Any] = {
        "model": settings.model,
        "messages": messages,
        "temperature": 0,
        "response_format": {"type": "json_object"},
    }
    response = _post(client, settings, body)
    if response.status_code == 400 and "response_format" in response.text:
        body.pop("response_format")
        response = _post(client, settings, body)
    if response.status_code >= 400:
        raise LLMEndpointError(
            f"LLM endpoint {settings.endpoint} answered HTTP {response.status_code}: "
            f"{_snippet(response.text)}; check FRONTLINES_LLM_MODEL and the server's log",
            endpoint=settings.endpoint,
            status=response.status_code,
        )
    return _content_json(response, settings.endpoint)


def _post(client: httpx.Client, settings: LLMSettings, body: dict[str, Any]) -> httpx.Response:
    headers = {"Authorization": f"Bearer {settings.api_key}"} if settings.api_key else {}
    attempts = settings.max_retries + 1
    for attempt in range(1, attempts + 1):
        try:
            response = client.post(settings.endpoint, json=body, headers=headers, timeout=settings.timeout)
        except httpx.TimeoutException as exc:
            if isinstance(exc, httpx.ConnectTimeout) and attempt < attempts:
                _sleep(settings, attempt)
                continue
            raise LLMEndpointError(
                f"LLM endpoint {settings.endpoint} did not answer within {settings.timeout:g} s "
                f"({type(exc).__name__}); raise FRONTLINES_LLM_TIMEOUT or lower FRONTLINES_LLM_CHUNK_CHARS",
                endpoint=settings.endpoint,
            ) from exc
        except httpx.TransportError as exc:
            if attempt < attempts:
                _sleep(settings, attempt)
                continue
            raise LLMEndpointError(
                f"LLM endpoint {settings.endpoint} is unreachable after {attempts} attempts "
                f"({type(exc).__name__}: {exc}); is the server running at FRONTLINES_LLM_BASE_URL?",
                endpoint=settings.endpoint,
            ) from exc
        if response.status_code in RETRYABLE_STATUS and attempt < attempts:
            _sleep(settings, attempt)
            continue
        if response.status_code in RETRYABLE_STATUS:
            raise LLMEndpointError(
                f"LLM endpoint {settings.endpoint} answered HTTP {response.status_code} on all {attempts} "
                f"attempts: {_snippet(response.text)}",
                endpoint=settings.endpoint,
                status=response.status_code,
            )
        return response
    raise AssertionError("unreachable")  # pragma: no cover


def _sleep(settings: LLMSettings, attempt: int) -> None:
    time.sleep(min(settings.backoff_base * 2 ** (attempt - 1), 30.0))


def _content_json(response: httpx.Response, endpoint: str) -> Any:
    try:
        envelope = response.json()
    except ValueError:
        raise LLMAnswerError(
            f"LLM endpoint {endpoint} answered with something that is not JSON "
            f"({response.headers.get('content-type', 'no content type')}): {_snippet(response.text)}; "
            "is FRONTLINES_LLM_BASE_URL the OpenAI-compatible root (usually ending in /v1)?",
            endpoint=endpoint,
        ) from None
    try:
        choice = envelope["choices"][0]
        content = choice["message"]["content"]
    except (KeyError, IndexError, TypeError):
        raise LLMAnswerError(
            f"LLM endpoint {endpoint} answered JSON that is not a chat completion (no choices[0].message"
            f".content): {_snippet(json.dumps(envelope))}",
            endpoint=endpoint,
        ) from None
    if not isinstance(content, str):
        raise LLMAnswerError(f"LLM endpoint {endpoint} answered an empty message", endpoint=endpoint)
    fenced = _FENCE.match(content)
    if fenced:
        content = fenced.group(1)
    try:
        return json.loads(content)
    except json.JSONDecodeError as exc:
        truncated = choice.get("finish_reason") == "length"
        hint = (
            "the answer was cut at the token limit: lower FRONTLINES_LLM_CHUNK_CHARS or raise the server's "
            "context/max tokens"
            if truncated
            else "the model did not follow JSON mode; use a server and model that support response_format"
        )
        raise LLMAnswerError(
            f"LLM endpoint {endpoint} answered malformed JSON ({exc.msg} at char {exc.pos}): "
            f"{_snippet(content)}; {hint}",
            endpoint=endpoint,
        ) from None


def _snippet(text: str, limit: int = 200) -> str:
    text = " ".join(text.split())
    return "[" + (text if len(text) <= limit else text[:limit] + "...") + "]"
