"""LLMExtractor: mentions of one article from a chat model, kept only where the text bears them out.

The model proposes; the text decides. Every evidence sentence must be found verbatim in the article
(after normalising quotes and spaces, mapped back to the original offsets) or the mention is dropped;
names, dates, claimants and quantities are kept only when the words the model quotes for them are in
the text. Ids (place, actor) are not resolved here: nothing the extractor cannot verify. What was
dropped and why is in `last_report` after each `extract` call.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import re
from dataclasses import dataclass, field

import httpx

from extract.llm.chat_client import chat_json
from extract.llm.chunking import Chunk, chunk_paragraphs
from extract.llm.errors import LLMAnswerError
from extract.llm.locate import NormalisedText, locate, locate_casefold
from extract.llm.prompt import PROMPT_VERSION, SYSTEM_PROMPT, user_message
from extract.llm.schema import MentionAnswer, parse_mentions
from extract.llm.settings import LLMSettings
from extract.models import ArticleText, Mention, MentionLink, stable_id

log = logging.getLogger(__name__)

MIN_SENTENCE_WORDS = 3  # a quoted "Aleppo" is not evidence of anything


@dataclass(slots=True)
class LLMExtractionReport:
    """What happened to the model's proposals for one article (for logs and the run's metadata)."""

    article_id: str
    chunks: int = 0
    proposed: int = 0
    kept: int = 0
    relocated: int = 0  # sentences found only after normalising quotes and whitespace
    dropped_not_found: list[str] = field(default_factory=list)  # quoted sentences absent from the text
    dropped_invalid: list[str] = field(default_factory=list)  # schema or vocabulary violations
    duplicates: int = 0
    unverified: list[str] = field(default_factory=list)  # field values cleared because the text lacks them

    @property
    def dropped(self) -> int:
        return len(self.dropped_not_found) + len(self.dropped_invalid)


class LLMExtractor:
    """The optional extractor: same shape as the default one (`name`, `version`, `extract`)."""

    name = "llm"

    def __init__(self, settings: LLMSettings, *, transport: httpx.BaseTransport | None = None) -> None:
        self.settings = settings
        self.version = f"{PROMPT_VERSION}/{settings.model}"
        self._transport = transport
        self.last_report: LLMExtractionReport | None = None

    def extract(self, article: ArticleText) -> tuple[list[Mention], list[MentionLink]]:
        """Mentions and dispute links of one article; raises LLMExtractorError when the endpoint fails."""
        mentions, links, report = self.extract_with_report(article)
        self.last_report = report
        return mentions, links

    def extract_with_report(
        self, article: ArticleText
    ) -> tuple[list[Mention], list[MentionLink], LLMExtractionReport]:
        report = LLMExtractionReport(article_id=article.article_id)
        chunks = chunk_paragraphs(article.text, self.settings.chunk_chars)
        report.chunks = len(chunks)
        mentions: dict[str, Mention] = {}
        links: list[MentionLink] = []
        if not chunks:
            return [], [], report
        index = NormalisedText(article.text)
        with httpx.Client(transport=self._transport) as client:
            for chunk in chunks:
                answers = self._ask(client, article, chunk, report)
                kept = [self._to_mention(article, chunk, index, a, report) if a else None for a in answers]
                for mention in kept:
                    if mention is None:
                        continue
                    if mention.mention_id in mentions:
                        report.duplicates += 1
                    else:
                        mentions[mention.mention_id] = mention
                links += self._dispute_links(answers, kept, mentions, report)
        report.kept = len(mentions)
        if report.dropped or report.unverified:
            log.warning(
                "llm extractor, article %s: %d proposed, %d kept, %d dropped (%d not in the text, "
                "%d invalid), %d field values cleared",
                article.article_id,
                report.proposed,
                report.kept,
                report.dropped,
                len(report.dropped_not_found),
                len(report.dropped_invalid),
                len(report.unverified),
            )
        return list(mentions.values()), links, report

    def _ask(
        self, client: httpx.Client, article: ArticleText, chunk: Chunk, report: LLMExtractionReport
    ) -> list[MentionAnswer | None]:
        messages = [
            {"role": "system", "content": SYSTEM_PROMPT},
            {
                "role": "user",
                "content": user_message(
                    article.text[chunk.start : chunk.end], article.published, article.title
                ),
            },
        ]
        payload = chat_json(client, self.settings, messages)
        try:
            answers, problems = parse_mentions(payload)
        except ValueError as exc:
            raise LLMAnswerError(
                f"LLM endpoint {self.settings.endpoint} answered JSON of the wrong shape for article "
                f"{article.article_id}: {exc}",
                endpoint=self.settings.endpoint,
            ) from None
        report.proposed += len(answers)
        report.dropped_invalid += problems
        return answers

    def _to_mention(
        self,
        article: ArticleText,
        chunk: Chunk,
        index: NormalisedText,
        answer: MentionAnswer,
        report: LLMExtractionReport,
    ) -> Mention | None:
        text = article.text
        found = locate(text, answer.sentence, start=chunk.start, end=chunk.end, index=index)
        if found is None or len(text[found[0] : found[1]].split()) < MIN_SENTENCE_WORDS:
            report.dropped_not_found.append(answer.sentence)
            return None
        s_start, s_end, how = found
        report.relocated += how == "normalised"
        trigger = locate_casefold(text, answer.trigger, s_start, s_end) if answer.trigger else None
        span_start, span_end = trigger or (s_start, s_end)

        def quoted(
            label: str, value: str | None, start: int = chunk.start, end: int = chunk.end
        ) -> str | None:
            """The text's own spelling of a value the model quotes, or None (recorded) if absent."""
            if value is None:
                return None
            where = locate_casefold(text, value, start, end)
            if where is None:
                report.unverified.append(f"{label} {value!r} is not in the text")
                return None
            return text[where[0] : where[1]]

        actor = quoted("actor", answer.actor)
        target = quoted("target", answer.target)
        place = quoted("place", answer.place)
        place_direction = self._compass_in_text(text[s_start:s_end], answer, report) if place else None
        claimant = quoted("claimant", answer.claimant)
        event_date, date_text = self._verified_date(
            article, answer, quoted("date_text", answer.date_text), report
        )
        quantity = quoted("quantity_text", answer.quantity_text)
        people = self._quoted_range("people", quantity, answer.people_low, answer.people_high, report)
        killed_text = quoted("fatalities_text", answer.fatalities_text)
        killed = self._quoted_range(
            "fatalities", killed_text, answer.fatalities_low, answer.fatalities_high, report
        )
        return Mention(
            article_id=article.article_id,
            family=answer.family,
            event_type=answer.event_type,
            sentence=text[s_start:s_end],
            sentence_start=s_start,
            sentence_end=s_end,
            span_start=span_start,
            span_end=span_end,
            trigger_text=text[span_start:span_end],
            extractor=self.name,
            extractor_version=self.version,
            actor_raw=actor,
            actor_name=actor,
            actor_side=answer.actor_side,
            target_raw=target,
            target_name=target,
            target_side=answer.target_side,
            place_raw=place,
            place_name=place,
            place_direction=place_direction,
            event_date=event_date,
            date_start=event_date,
            date_end=event_date,
            date_precision="day" if event_date else None,
            date_raw=date_text,
            date_reason=f"model's reading of {date_text!r}" if event_date else None,
            claimant=claimant,
            reporting_verb=quoted("reporting_verb", answer.reporting_verb, s_start, s_end),
            modality=answer.modality,
            quantity_raw=quantity,
            population=answer.population if answer.family == "corridor" else None,
            direction=quoted("direction", answer.direction) if answer.family == "corridor" else None,
            people_low=people[0],
            people_high=people[1],
            fatalities_low=killed[0],
            fatalities_high=killed[1],
            disputed=answer.disputed,
            disputed_by=quoted("disputed_by", answer.disputed_by),
            # The version is part of the id: two models' rows for the same span stay distinct rows.
            mention_id=stable_id(
                article.article_id,
                self.name,
                self.version,
                span_start,
                span_end,
                answer.family,
                answer.event_type,
            ),
        )

    @staticmethod
    def _compass_in_text(sentence: str, answer: MentionAnswer, report: LLMExtractionReport) -> str | None:
        """The direction word ("southwest", "south-west", "south west") only when the sentence has it."""
        word = answer.place_direction
        if word is None:
            return None
        halves = re.fullmatch(r"(north|south)(east|west)", word)
        pattern = rf"\b{halves[1]}[\s-]?{halves[2]}\b" if halves else rf"\b{word}\b"
        if re.search(pattern, sentence, re.IGNORECASE):
            return word
        report.unverified.append(f"place_direction {word!r} is not in the text")
        return None

    @staticmethod
    def _quoted_range(
        label: str, words: str | None, low: int | None, high: int | None, report: LLMExtractionReport
    ) -> tuple[int | None, int | None]:
        """A number range, kept only when the words it was read from are in the text."""
        if words is None and (low is not None or high is not None):
            report.unverified.append(f"{label} {low}-{high} without quoted words in the text")
            return None, None
        return (low, high) if words else (None, None)

    @staticmethod
    def _verified_date(
        article: ArticleText, answer: MentionAnswer, date_text: str | None, report: LLMExtractionReport
    ) -> tuple[dt.date | None, str | None]:
        """The model's date, only when it quotes date words found in the text and it is not in the future."""
        if answer.event_date is None:
            return None, None
        if date_text is None:
            report.unverified.append(f"event_date {answer.event_date} has no date words in the text")
            return None, None
        if article.published and answer.event_date > article.published + dt.timedelta(days=1):
            report.unverified.append(
                f"event_date {answer.event_date} is after publication {article.published}"
            )
            return None, None
        return answer.event_date, date_text

    def _dispute_links(
        self,
        answers: list[MentionAnswer | None],
        kept: list[Mention | None],
        mentions: dict[str, Mention],
        report: LLMExtractionReport,
    ) -> list[MentionLink]:
        """`disputes` links between mentions of one answer, when both survived verification."""
        links = []
        for i, answer in enumerate(answers):
            if answer is None or answer.disputes is None or kept[i] is None:
                continue
            j = answer.disputes
            if j == i or j >= len(kept) or kept[j] is None:
                report.unverified.append(f"mention {i} disputes mention {j}, which was not kept")
                continue
            disputing, disputed = mentions[kept[i].mention_id], mentions[kept[j].mention_id]
            mentions[disputed.mention_id] = dataclasses.replace(
                disputed,
                disputed=True,
                disputed_by=disputed.disputed_by or disputing.claimant or disputing.actor_raw,
                dispute_sentence=disputing.sentence,
            )
            links.append(
                MentionLink(
                    mention_id=disputing.mention_id,
                    other_mention_id=disputed.mention_id,
                    relation="disputes",
                    extractor=self.name,
                    extractor_version=self.version,
                    evidence=disputing.sentence,
                )
            )
        return links
