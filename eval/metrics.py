"""Scoring one answered golden item: RAGAS metrics that need no LLM, plus retrieval metrics.

Metrics that need a reference answer are skipped for items without one, and averaged over the items that have
them, so a golden set that grows with unreferenced candidates does not drag the averages.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ragas.dataset_schema import SingleTurnSample
from ragas.embeddings.base import BaseRagasEmbedding
from ragas.metrics import (NonLLMContextPrecisionWithReference, NonLLMContextRecall, RougeScore, SemanticSimilarity,
                           StringPresence)

from eval.bench import retrieval_scores

if TYPE_CHECKING:
    from core.db import SessionFactory
    from core.embeddings import Embedder
    from retrieval import VectorIndex


class LocalRagasEmbedding(BaseRagasEmbedding):
    """The application's own embedder, as RAGAS wants it (for semantic similarity)."""

    def __init__(self, embedder: Embedder):
        super().__init__()
        self._embedder = embedder

    def embed_text(self, text: str, **_kwargs) -> list[float]:
        return self._embedder.embed_query(text).tolist()

    async def aembed_text(self, text: str, **kwargs) -> list[float]:
        return self.embed_text(text, **kwargs)


class ReferenceContexts:
    """The text of an item's reference documents, as indexed (chunk by chunk): what context recall and precision
    compare the retrieved chunks with."""

    def __init__(self, *, session_factory: SessionFactory, index: VectorIndex):
        self.session_factory, self.index = session_factory, index
        self._cache: dict[tuple[str, ...], list[str]] = {}

    def __call__(self, references: list[str]) -> list[str]:
        key = tuple(sorted(references))
        if key not in self._cache:
            from core.db import session_scope
            from ingest import document_ids

            with session_scope(self.session_factory) as session:
                ids = document_ids(session=session, keys=set(references))
            self._cache[key] = [hit.text for doc in ids
                                for hit in sorted(self.index.chunks(document_id=doc),
                                                  key=lambda h: h.payload.get("position", 0))]
        return self._cache[key]


class ItemScorer:
    """Context recall and precision need reference contexts: the text of the item's reference documents when
    `contexts` can find it; they are left out for items without it (a short reference answer is no context).
    The answer metrics (ROUGE-L, string presence, semantic similarity) need a reference answer. A `judge`
    (eval.judge) adds the LLM-judged metrics for every answer that was not a refusal."""

    def __init__(self, *, embedder: Embedder, k: int, contexts: ReferenceContexts | None = None, judge=None):
        self.k, self.contexts, self.judge = k, contexts, judge
        self._context_metrics = {"context_recall": NonLLMContextRecall(),
                                 "context_precision": NonLLMContextPrecisionWithReference()}
        self._answer_metrics = {
            "rouge_l": RougeScore(rouge_type="rougeL"),
            "string_presence": StringPresence(),
            "semantic_similarity": SemanticSimilarity(embeddings=LocalRagasEmbedding(embedder)),
        }

    def score(self, *, item, answer) -> dict[str, float]:
        scores = {"refusal_correct": float(answer.refused == (not item.answerable))}
        retrieved = [hit["text"] for hit in answer.retrieved] or [""]
        if item.reference_documents:
            scores.update(retrieval_scores(item.reference_documents, answer.retrieved, k=self.k))
            references = self.contexts(item.reference_documents) if self.contexts else []
            if references:
                sample = SingleTurnSample(user_input=item.question, retrieved_contexts=retrieved,
                                          reference_contexts=references)
                for name, metric in self._context_metrics.items():
                    scores[name] = float(metric.single_turn_score(sample))
        if item.reference_answer and item.answerable:
            sample = SingleTurnSample(user_input=item.question, response=answer.answer,
                                      reference=item.reference_answer, retrieved_contexts=retrieved)
            for name, metric in self._answer_metrics.items():
                scores[name] = float(metric.single_turn_score(sample))
        if self.judge is not None and answer.answer and not answer.refused:
            scores.update(self.judge.score(question=item.question, answer=answer.answer, contexts=retrieved,
                                           reference=item.reference_answer if item.answerable else None))
        return scores
