"""`ask()`: retrieve, generate, cite, score confidence, refuse when the evidence is weak."""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, field

from answer.citations import CitationChecker, Verified
from answer.confidence import DEFAULT_LANGUAGE, Calibrations, signals
from answer.costs import PriceTable
from answer.extractive import Draft, Evidence, ExtractiveGenerator
from answer.llm import GenerationFailed, stream_of
from answer.rewrite import QueryRewriter
from core import logs
from core.errors import ErrorCode, RagloopError
from retrieval import language_of
from retrieval.index import Hit

log = logging.getLogger(__name__)
REFUSAL_TEXT = "The documents don't answer this question."
UNCALIBRATED_THRESHOLD = 0.5  # with no calibration, the confidence is a plain share of covered terms
SNIPPET_CHARS = 280


@dataclass(frozen=True)
class Citation:
    n: int
    document_id: str
    chunk_id: str
    title: str
    source: str
    snippet: str
    score: float


@dataclass
class Answer:
    question: str
    answer: str
    citations: list[Citation]
    confidence: float
    refused: bool
    collection: str
    trace_id: str
    latency_ms: float
    generator: str
    prompt_name: str
    prompt_version: str
    embedder: str
    retrieved: list[dict] = field(default_factory=list)
    supported_share: float | None = None
    signals: dict = field(default_factory=dict)  # the evidence signals behind the confidence
    draft: str = ""  # what the generator wrote, checked, before any refusal
    draft_chunks: list[str] = field(default_factory=list)  # ids of the chunks the draft cites, [1] first
    generation: dict = field(default_factory=dict)  # attempts (with fallbacks), guard events, citation checks
    search_query: str = ""  # what was searched for: the question, made standalone when it was a follow-up
    model: str | None = None  # the paid model that wrote the answer (None: extractive, local)
    prompt_tokens: int | None = None
    completion_tokens: int | None = None
    cost_usd: float | None = 0.0  # None: the model is missing from the price table

    def to_api(self, answer_id: str) -> dict:
        return {"answer_id": answer_id, "answer": self.answer, "citations": [asdict(c) for c in self.citations],
                "confidence": round(self.confidence, 4), "refused": self.refused, "trace_id": self.trace_id}

    def to_record(self) -> dict:
        """Everything the answers table keeps about how this answer was made."""
        fields = asdict(self)
        fields["citations"] = [asdict(c) for c in self.citations]
        for transient in ("signals", "draft", "draft_chunks"):
            fields.pop(transient)
        fields["generation"] = {**self.generation, "signals": self.signals}
        return fields


_MARKUP = re.compile(r"(?m)^\s{0,3}#{1,6}\s+|\s+")


def snippet(text: str, around: str = "") -> str:
    """A short, plain-text window of the chunk, centred on the cited sentence when there is one."""
    text, around = _MARKUP.sub(" ", text).strip(), _MARKUP.sub(" ", around).strip()
    if len(text) <= SNIPPET_CHARS:
        return text
    start = max(0, text.find(around) - (SNIPPET_CHARS - len(around)) // 2) if around and around in text else 0
    window = text[start:start + SNIPPET_CHARS]
    if start + SNIPPET_CHARS < len(text):
        window = window.rsplit(" ", 1)[0] + " …"
    return ("… " + window.split(" ", 1)[-1]) if start else window


def _citation(n: int, hit: Hit, sentence: str = "") -> Citation:
    p = hit.payload
    return Citation(n=n, document_id=p.get("document_id", ""), chunk_id=hit.id, title=p.get("title", ""),
                    source=p.get("source", ""), snippet=snippet(hit.text, sentence), score=round(hit.score, 4))


def citations_for(verified: Verified, hits: list[Hit]) -> list[Citation]:
    """The citation list of a checked answer, each snippet centred on the first sentence that cites the chunk."""
    first = {}
    for sentence in verified.sentences:
        for i in sentence.cited if sentence.supported else ():
            first.setdefault(hits[i].id, sentence.text)
    return [_citation(n, hit, first.get(hit.id, "")) for n, hit in enumerate(verified.chunks, start=1)]



class AnswerService:
    """retrieve → select evidence → generate (with fallbacks) → check citations → confidence → answer or refuse."""

    def __init__(self, *, retriever, evidence: ExtractiveGenerator, generator, checker: CitationChecker,
                 calibrations: Calibrations, tracer, settings):
        self.retriever = retriever
        self.evidence = evidence
        self.generator = generator
        self.checker = checker
        self.calibrations = calibrations  # by kind of writer and language
        self.tracer = tracer
        self.settings = settings
        self.rewriter = QueryRewriter(evidence.terms)
        self.prices = PriceTable.parse(settings.llm_prices)

    @property
    def refusal_threshold(self) -> float:
        """The threshold for answers of the configured generator to questions in the default language."""
        return self._threshold(self.settings.generator, DEFAULT_LANGUAGE)

    def _threshold(self, writer: str, language: str) -> float:
        if self.settings.refusal_threshold is not None:
            return self.settings.refusal_threshold
        calibration = self.calibrations.find(writer, language)
        return calibration.threshold if calibration else UNCALIBRATED_THRESHOLD

    def ask(self, question: str, *, collection: str | None = None, source: str | None = None,
            tags: tuple[str, ...] = (), history: Sequence[str] = (), user: str | None = None,
            conversation: str | None = None) -> Answer:
        """`history`: the conversation's earlier standalone queries, oldest first (a follow-up borrows from them);
        `user` and `conversation` label the trace."""
        question = self._checked_question(question)
        collection = collection or self.settings.default_collection
        started, trace_id = time.perf_counter(), self.tracer.new_trace_id()
        logs.trace_id.set(trace_id)
        with self.tracer.timing() as stages, self.tracer.trace("ask", trace_id=trace_id, input={"question": question},
                                                               user_id=user, session_id=conversation) as root:
            query = self._rewrite(question, history)
            hits = self._search(query, collection, source=source, tags=tags)
            answer = self._answer(query, hits)
            answer.generation["stages_ms"] = stages
            root.update(output={"answer": answer.answer, "refused": answer.refused,
                                "confidence": answer.confidence})
        answer.question, answer.search_query = question, query
        answer.collection, answer.trace_id = collection, trace_id
        answer.latency_ms = (time.perf_counter() - started) * 1000
        log.info("answered", extra={"refused": answer.refused, "confidence": round(answer.confidence, 3),
                                    "latency_ms": round(answer.latency_ms, 1), "generator": answer.generator})
        return answer

    def _rewrite(self, question: str, history: Sequence[str]) -> str:
        if not history:
            return question
        with self.tracer.span("rewrite", input={"question": question, "history": list(history)}) as span:
            query = self.rewriter.standalone(question, history)
            span.update(output=query)
        return query

    def _search(self, query: str, collection: str, **filters) -> list[Hit]:
        hits = self.retriever.search(query, limit=self.settings.top_k, collection=collection, **filters)
        if not hits and self.retriever.index.count(collection=collection) == 0:
            raise RagloopError(ErrorCode.NOT_FOUND, f"the collection {collection!r} holds no documents yet")
        return hits

    def _checked_question(self, question: str) -> str:
        question = (question or "").strip()
        if not question:
            raise RagloopError(ErrorCode.BAD_INPUT, "the question is empty")
        if len(question) > self.settings.max_question_chars:
            raise RagloopError(ErrorCode.BAD_INPUT, f"the question is longer than "
                               f"{self.settings.max_question_chars} characters")
        return question

    def _answer(self, question: str, hits: list[Hit]) -> Answer:
        evidence = self.evidence.select(question, hits) if hits else []
        with self.tracer.span("generation", input={"question": question, "chunks": len(hits)},
                              as_type="generation") as span:
            try:
                draft = self.generator.generate(question, hits, evidence=evidence)
            except GenerationFailed as exc:
                draft = _failed_draft(exc)
            span.update(output=draft.text, metadata={"generator": draft.generator, "attempts": draft.attempts},
                        **_usage_fields(draft, self.prices))
        return self._finish(question, hits, evidence, draft)

    def ask_stream(self, question: str, *, collection: str | None = None, history: Sequence[str] = (),
                   user: str | None = None, conversation: str | None = None) -> Iterator[dict]:
        """Events: {"event": "delta", "text"} as the generator writes, {"event": "reset"} when a generator failed
        part-way and the next one starts over, then {"event": "done", "answer": Answer} with the checked answer,
        its citations and the confidence."""
        asked = self._checked_question(question)
        collection = collection or self.settings.default_collection
        started, trace_id = time.perf_counter(), self.tracer.new_trace_id()
        logs.trace_id.set(trace_id)
        with self.tracer.timing() as stages, self.tracer.trace("ask", trace_id=trace_id, user_id=user,
                                                               input={"question": asked, "stream": True},
                                                               session_id=conversation):
            question = self._rewrite(asked, history)
            hits = self._search(question, collection)
            evidence = self.evidence.select(question, hits) if hits else []
        searched, draft = time.perf_counter(), None
        try:
            for item in stream_of(self.generator, question, hits, evidence):
                if isinstance(item, Draft):
                    draft = item
                else:
                    yield {"event": "reset"} if item is None else {"event": "delta", "text": item}
        except GenerationFailed as exc:
            draft = _failed_draft(exc)
        stages["generation"] = round((time.perf_counter() - searched) * 1000, 1)  # spans across the stream
        with self.tracer.timing() as checked, self.tracer.trace("ask-checked", trace_id=trace_id,
                                                                input={"question": question}) as root:
            answer = self._finish(question, hits, evidence, draft)
            answer.generation["stages_ms"] = stages | checked
            root.update(output={"answer": answer.answer, "refused": answer.refused, "confidence": answer.confidence})
        answer.question, answer.search_query = asked, question
        answer.collection, answer.trace_id = collection, trace_id
        answer.latency_ms = (time.perf_counter() - started) * 1000
        yield {"event": "done", "answer": answer}

    def _finish(self, question: str, hits: list[Hit], evidence: list[Evidence], draft: Draft) -> Answer:
        with self.tracer.span("citations", input={"answer": draft.text}) as span:
            verified = self.checker.verify(draft.text, hits)
            span.update(output=verified.text, metadata=verified.to_record())
        values = self._signals(question, hits, evidence, verified)
        values["answer_written"] = float(not draft.refused and verified.has_support)  # not a model input
        language = language_of(question) or DEFAULT_LANGUAGE
        score = self._confidence(values, draft.generator, language)
        refused = not values["answer_written"] or score < self._threshold(draft.generator, language)
        if refused:
            text, citations = REFUSAL_TEXT, [_citation(n, hit) for n, hit in enumerate(hits[:3], start=1)]
        else:
            text, citations = verified.text, citations_for(verified, hits)
        return Answer(question=question, answer=text, citations=citations, confidence=score, refused=refused,
                      collection="", trace_id="", latency_ms=0.0, generator=draft.generator,
                      prompt_name=draft.prompt_name, prompt_version=draft.prompt_version,
                      embedder=self.retriever.embedder.name, retrieved=_retrieved(hits),
                      supported_share=round(verified.supported_share, 4), signals=values, draft=verified.text,
                      draft_chunks=[hit.id for hit in verified.chunks],
                      generation={"attempts": draft.attempts, "guard_events": draft.guard_events,
                                  "citations": verified.to_record()},
                      model=draft.usage.get("model"), prompt_tokens=draft.usage.get("prompt_tokens"),
                      completion_tokens=draft.usage.get("completion_tokens"), cost_usd=self.prices.cost(draft.usage))

    def _signals(self, question: str, hits: list[Hit], evidence: list[Evidence], verified: Verified) -> dict:
        best_chunk = evidence[0].hit.text if evidence else (hits[0].text if hits else "")
        return signals(hits=hits, evidence=evidence, asked_terms=self.evidence.terms(question),
                       chunk_terms=self.evidence.terms(best_chunk), support=verified.supported_share,
                       max_sentences=self.evidence.max_sentences)

    def _confidence(self, values: dict, writer: str, language: str) -> float:
        calibration = self.calibrations.find(writer, language)
        if calibration is not None:
            return calibration.confidence(values)
        return 0.5 * values["chunk_coverage"] + 0.5 * values["sentence_coverage"]


@dataclass(frozen=True)
class _LangfusePrompt:
    """What Langfuse needs to link a generation to the prompt version that produced it."""

    name: str
    version: int
    is_fallback: bool = False


def _usage_fields(draft: Draft, prices: PriceTable) -> dict:
    """Model, token usage, cost and Langfuse prompt version of a generation, as Langfuse records them."""
    fields = {}
    if draft.prompt_origin == "langfuse" and draft.prompt_version.isdigit():
        fields["prompt"] = _LangfusePrompt(draft.prompt_name, int(draft.prompt_version))
    if not draft.usage.get("model"):
        return fields
    fields |= {"model": draft.usage["model"], "usage_details": {"input": draft.usage.get("prompt_tokens", 0),
                                                                "output": draft.usage.get("completion_tokens", 0)}}
    cost = prices.cost(draft.usage)
    return fields | ({"cost_details": {"total": cost}} if cost is not None else {})


def _failed_draft(exc: GenerationFailed) -> Draft:
    """Every generator failed: the user gets a refusal, and the answer records why."""
    log.error("no generator could answer: %s", exc)
    return Draft("", "none", "", "", refused=True, guard_events=exc.guard_events,
                 attempts=exc.attempts or [{"outcome": exc.kind, "error": str(exc)}])


def _retrieved(hits: list[Hit]) -> list[dict]:
    return [{"chunk_id": h.id, "document_id": h.payload.get("document_id"), "source": h.payload.get("source"),
             "score": round(h.score, 4), "text": h.text} for h in hits]
