"""The exceptions the LLM extractor raises, so the pipeline can record an article as failed and go on.

Catch `LLMExtractorError`: every failure of the endpoint or its answer is one of its subclasses, and
each message names the endpoint (or the environment variable) and says what to do.
"""

from __future__ import annotations

from extract.models import ExtractionError


class LLMExtractorError(ExtractionError):
    """Base class: the LLM extractor could not turn this article into mentions."""


class LLMNotConfiguredError(LLMExtractorError):
    """The extractor was requested but an environment variable is missing or malformed."""


class LLMEndpointError(LLMExtractorError):
    """The endpoint could not be reached, timed out, or answered with an HTTP error."""

    def __init__(self, message: str, *, endpoint: str, status: int | None = None) -> None:
        super().__init__(message)
        self.endpoint = endpoint
        self.status = status


class LLMAnswerError(LLMExtractorError):
    """The endpoint answered, but not with the JSON object the extractor asked for."""

    def __init__(self, message: str, *, endpoint: str) -> None:
        super().__init__(message)
        self.endpoint = endpoint
