"""The LLM-judged RAGAS metrics: faithfulness, response relevancy and factual correctness, scored by any
OpenAI-compatible endpoint named in `RAGLOOP_JUDGE_BASE_URL`.

A judge that fails on an item leaves that item without judged metrics (never a zero it did not compute) and says
so; after a few failures in a row it is given up on for the rest of the run, so an endpoint that is down costs a
few timeouts, not one per item. Personal data is masked before it leaves for a host outside
`RAGLOOP_LLM_TRUSTED_HOSTS`, as for the generator.
"""

from __future__ import annotations

import asyncio
import logging
import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from urllib.parse import urlparse

from answer import Masked, find_pii
from eval.metrics import LocalRagasEmbedding

if TYPE_CHECKING:
    from core.embeddings import Embedder
    from core.settings import Settings

log = logging.getLogger(__name__)
logging.getLogger("instructor").setLevel(logging.CRITICAL)  # it logs each failed attempt; the judge reports once
GIVE_UP_AFTER = 3  # items in a row the judge failed on before it is no longer asked
PAIRWISE_PROMPT = """You compare two answers to a user's question against a reference answer. The better answer is \
correct, complete and to the point; a refusal is better than a wrong answer.

Question: {question}
Reference answer: {reference}

Answer A: {a}

Answer B: {b}

Reply with one word: A if answer A is better, B if answer B is better, TIE if neither is."""


@dataclass
class JudgeRecord:
    """How the judge fared over a run: what the report and the run's problems say about it."""

    judged: int = 0
    failed: int = 0
    skipped: int = 0  # not asked: personal data under the block policy, or the judge was given up on
    errors: list[str] = field(default_factory=list)
    given_up: bool = False

    def problems(self) -> list[str]:
        notes = []
        if self.failed:
            notes.append(f"judge failed on {self.failed} items; their judged metrics are missing "
                         f"(first error: {self.errors[0]})")
        if self.given_up:
            notes.append(f"judge given up after {GIVE_UP_AFTER} failures in a row; {self.skipped} items not judged")
        elif self.skipped:
            notes.append(f"{self.skipped} items not sent to the judge: personal data under RAGLOOP_PII_POLICY=block")
        return notes


class Judge:
    """Scores one answer with the judged metrics; one event loop of its own, so it can be called from plain
    (synchronous) code, one item at a time."""

    def __init__(self, *, settings: Settings, embedder: Embedder):
        from openai import AsyncOpenAI
        from ragas.llms import llm_factory
        from ragas.metrics.collections import AnswerRelevancy, FactualCorrectness, Faithfulness

        self.model, self.host = settings.judge_model, urlparse(settings.judge_base_url).hostname or ""
        self.pii_policy = "off" if self.host in settings.trusted_llm_hosts else settings.pii_policy
        self._loop = asyncio.new_event_loop()
        self._client = AsyncOpenAI(base_url=settings.judge_base_url, timeout=settings.judge_timeout_s,
                                   api_key=settings.judge_api_key.get_secret_value() or "unused",
                                   max_retries=settings.judge_max_retries)
        llm = llm_factory(settings.judge_model, client=self._client, temperature=0.0)
        self._faithfulness = Faithfulness(llm=llm)
        self._relevancy = AnswerRelevancy(llm=llm, embeddings=LocalRagasEmbedding(embedder))
        self._correctness = FactualCorrectness(llm=llm)
        self.record = JudgeRecord()
        self._failures_in_a_row = 0

    @property
    def name(self) -> str:
        return f"{self.model} @ {self.host}"

    def score(self, *, question: str, answer: str, contexts: list[str], reference: str | None) -> dict[str, float]:
        """The judged metrics of one answer; empty when the judge could not or may not judge it."""
        if self.record.given_up:
            self.record.skipped += 1
            return {}
        texts = self._guarded([question, answer, reference or "", *contexts])
        if texts is None:
            self.record.skipped += 1
            return {}
        question, answer, reference, contexts = texts[0], texts[1], texts[2], texts[3:]
        try:
            scores = self._loop.run_until_complete(self._ascore(question, answer, contexts, reference))
        except Exception as exc:  # an endpoint that fails costs this item its judged metrics, not the run
            self._failed(exc)
            return {}
        self._failures_in_a_row = 0
        self.record.judged += 1
        return {name: value for name, value in scores.items() if not math.isnan(value)}

    async def _ascore(self, question, answer, contexts, reference) -> dict[str, float]:
        jobs = {"faithfulness": self._faithfulness.ascore(user_input=question, response=answer,
                                                          retrieved_contexts=contexts or [""]),
                "response_relevancy": self._relevancy.ascore(user_input=question, response=answer)}
        if reference:
            jobs["factual_correctness"] = self._correctness.ascore(response=answer, reference=reference)
        # every request finishes (or fails) before this returns: nothing is left running on the loop
        results = await asyncio.gather(*jobs.values(), return_exceptions=True)
        failure = next((result for result in results if isinstance(result, BaseException)), None)
        if failure is not None:
            raise failure
        return {name: float(result.value) for name, result in zip(jobs, results, strict=True)}

    def prefer(self, *, question: str, reference: str | None, first: str, second: str) -> str | None:
        """Which of two answers to a question is better: "first", "second" or "tie", asked in both orders so that
        a judge that favours a position cancels out; None when the judge could not or may not judge them."""
        one, other = self._verdict(question, reference, first, second), self._verdict(question, reference, second,
                                                                                         first)
        if one is None or other is None:
            return None
        points = {"A": 1, "B": -1, "TIE": 0}
        balance = points[one] - points[other]  # the first answer is A in the first order and B in the second
        return "first" if balance > 0 else "second" if balance < 0 else "tie"

    def _verdict(self, question: str, reference: str | None, a: str, b: str) -> str | None:
        if self.record.given_up:
            self.record.skipped += 1
            return None
        texts = self._guarded([question, reference or "", a, b])
        if texts is None:
            self.record.skipped += 1
            return None
        prompt = PAIRWISE_PROMPT.format(question=texts[0], reference=texts[1] or "(none)", a=texts[2], b=texts[3])
        try:
            reply = self._loop.run_until_complete(self._client.chat.completions.create(
                model=self.model, temperature=0.0, messages=[{"role": "user", "content": prompt}]))
        except Exception as exc:  # as with the metrics: this pair goes unjudged, the run goes on
            self._failed(exc)
            return None
        word = (reply.choices[0].message.content or "").strip().split()[:1]
        verdict = word[0].strip(".:*").upper() if word else ""
        if verdict not in ("A", "B", "TIE"):
            self._failed(ValueError(f"the judge answered {verdict or 'nothing'!r}, not A, B or TIE"))
            return None
        self._failures_in_a_row = 0
        return verdict

    def _guarded(self, texts: list[str]) -> list[str] | None:
        """The texts as they may leave: masked, unchanged for a trusted host, or None when policy blocks them."""
        if self.pii_policy == "off":
            return texts
        if self.pii_policy == "block":
            return None if any(find_pii(text) for text in texts) else texts
        masked = Masked()
        return [masked.mask(text)[0] for text in texts]

    def _failed(self, exc: Exception) -> None:
        reason = (str(exc) or type(exc).__name__)[:300]
        if not self.record.errors:
            log.warning("judge %s failed: %s", self.name, reason)
        self.record.failed += 1
        self.record.errors.append(reason)
        self._failures_in_a_row += 1
        if self._failures_in_a_row >= GIVE_UP_AFTER:
            self.record.given_up = True
            log.warning("judge %s given up after %d failures in a row", self.name, GIVE_UP_AFTER)

    def close(self) -> None:
        self._loop.run_until_complete(self._client.close())
        self._loop.close()


def build_judge(settings: Settings, embedder: Embedder) -> Judge | None:
    """The judge the settings name, or None when none is configured."""
    if not settings.judge_base_url:
        return None
    return Judge(settings=settings, embedder=embedder)
