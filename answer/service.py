"""`ask()`: retrieve, generate, cite, score confidence, refuse when the evidence is weak."""

from __future__ import annotations

import re
import time
from dataclasses import asdict, dataclass, field

from answer.confidence import confidence
from answer.extractive import Evidence, coverage
from core.errors import ErrorCode, RagloopError
from retrieval.index import Hit

REFUSAL_TEXT = "The documents don't answer this question."
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
    prompt_version: str
    embedder: str
    retrieved: list[dict] = field(default_factory=list)

    def to_api(self, answer_id: str) -> dict:
        return {"answer_id": answer_id, "answer": self.answer, "citations": [asdict(c) for c in self.citations],
                "confidence": round(self.confidence, 4), "refused": self.refused, "trace_id": self.trace_id}

    def to_record(self) -> dict:
        """Everything the answers table keeps about how this answer was made."""
        fields = asdict(self)
        fields["citations"] = [asdict(c) for c in self.citations]
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


def cite(evidence: list[Evidence]) -> tuple[str, list[Citation]]:
    """Join the chosen sentences, each followed by [n]; n numbers chunks in order of first use."""
    numbers: dict[str, int] = {}
    citations: list[Citation] = []
    parts = []
    for item in evidence:
        if item.hit.id not in numbers:
            numbers[item.hit.id] = len(numbers) + 1
            citations.append(_citation(numbers[item.hit.id], item.hit, item.sentence))
        parts.append(f"{item.sentence} [{numbers[item.hit.id]}]")
    return " ".join(parts), citations


class AnswerService:
    def __init__(self, *, retriever, generator, tracer, settings):
        self.retriever = retriever
        self.generator = generator
        self.tracer = tracer
        self.settings = settings

    def ask(self, question: str, *, collection: str | None = None, source: str | None = None,
            tags: tuple[str, ...] = ()) -> Answer:
        question = (question or "").strip()
        if not question:
            raise RagloopError(ErrorCode.BAD_INPUT, "the question is empty")
        if len(question) > self.settings.max_question_chars:
            raise RagloopError(ErrorCode.BAD_INPUT, f"the question is longer than "
                               f"{self.settings.max_question_chars} characters")
        collection = collection or self.settings.default_collection
        started, trace_id = time.perf_counter(), self.tracer.new_trace_id()
        with self.tracer.trace("ask", trace_id=trace_id, input={"question": question}) as root:
            hits = self.retriever.search(question, limit=self.settings.top_k, collection=collection, source=source,
                                         tags=tags)
            if not hits and self.retriever.index.count(collection=collection) == 0:
                raise RagloopError(ErrorCode.NOT_FOUND, f"the collection {collection!r} holds no documents yet")
            answer = self._generate(question, hits)
            root.update(output={"answer": answer.answer, "refused": answer.refused,
                                "confidence": answer.confidence})
        answer.collection, answer.trace_id = collection, trace_id
        answer.latency_ms = (time.perf_counter() - started) * 1000
        return answer

    def _confidence(self, question: str, hits: list[Hit], evidence: list[Evidence]) -> float:
        if not hits or not evidence:
            return 0.0
        best = evidence[0]
        return confidence(top_dense=hits[0].dense_score, best_similarity=best.similarity,
                          chunk_coverage=coverage(self.generator.terms(question), self.generator.terms(best.hit.text)),
                          sentence_coverage=best.coverage)

    def _generate(self, question: str, hits: list[Hit]) -> Answer:
        with self.tracer.span("generation", input={"question": question, "chunks": len(hits)},
                              as_type="generation") as span:
            evidence = self.generator.select(question, hits) if hits else []
            score = self._confidence(question, hits, evidence)
            refused = not evidence or score < self.settings.refusal_threshold
            if refused:
                text, citations = REFUSAL_TEXT, [_citation(n, hit) for n, hit in enumerate(hits[:3], start=1)]
            else:
                text, citations = cite(evidence)
            span.update(output=text, metadata={"confidence": score, "refused": refused})
        return Answer(question=question, answer=text, citations=citations, confidence=score, refused=refused,
                      collection="", trace_id="", latency_ms=0.0, generator=self.generator.name,
                      prompt_version=self.generator.prompt_version, embedder=self.retriever.embedder.name,
                      retrieved=[{"chunk_id": h.id, "document_id": h.payload.get("document_id"),
                                  "source": h.payload.get("source"), "score": round(h.score, 4), "text": h.text}
                                 for h in hits])
