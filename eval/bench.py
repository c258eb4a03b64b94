"""Benchmarks: retrieval quality and latency on BEIR and SQuAD-format data, with the configured pipeline.

The corpus is ingested through the normal ingestion pipeline into its own collection (skipped when unchanged),
so a benchmark measures exactly what users get.
"""

from __future__ import annotations

import math
import time
from statistics import quantiles
from typing import TYPE_CHECKING

from eval.datasets import Question

if TYPE_CHECKING:
    from core.db import SessionFactory
    from core.embeddings import Embedder
    from core.settings import Settings
    from retrieval import Retriever, VectorIndex

CANDIDATE_CHUNKS = 200  # chunks fetched per query, collapsed into a ranking of documents


def ranked_documents(hits) -> list[str]:
    """Documents in the order of their best chunk."""
    seen: dict[str, None] = {}
    for hit in hits:
        seen.setdefault(hit.payload.get("source", ""), None)
    return list(seen)


def ndcg_at(ranking: list[str], relevant: dict[str, int], k: int) -> float:
    dcg = sum(relevant.get(doc, 0) / math.log2(rank + 1) for rank, doc in enumerate(ranking[:k], start=1))
    ideal = sorted(relevant.values(), reverse=True)[:k]
    idcg = sum(grade / math.log2(rank + 1) for rank, grade in enumerate(ideal, start=1))
    return dcg / idcg if idcg else 0.0


def recall_at(ranking: list[str], relevant: dict[str, int], k: int) -> float:
    return len(set(ranking[:k]) & set(relevant)) / len(relevant)


def mrr_at(ranking: list[str], relevant: dict[str, int], k: int) -> float:
    return next((1.0 / rank for rank, doc in enumerate(ranking[:k], start=1) if doc in relevant), 0.0)


def retrieval_scores(references: list[str], retrieved: list[dict], *, k: int) -> dict[str, float]:
    """Recall@k and MRR; a reference matches a retrieved chunk by document id or by source."""
    wanted = set(references)
    top = retrieved[:k]
    found = {ref for hit in top for ref in (hit.get("document_id"), hit.get("source")) if ref in wanted}
    first = next((rank for rank, hit in enumerate(top, start=1)
                  if hit.get("document_id") in wanted or hit.get("source") in wanted), None)
    return {"recall_at_k": len(found) / len(wanted), "mrr": 1.0 / first if first else 0.0}


def index_corpus(settings: Settings, *, embedder: Embedder, index: VectorIndex, session_factory: SessionFactory,
                 sources, collection: str, progress=None,
                 label: str = "indexing") -> None:
    """Ingest a benchmark corpus into its own collection through the normal pipeline (unchanged documents skip)."""
    from ingest import IngestPipeline

    task = progress.add_task(label, total=len(sources)) if progress else None
    IngestPipeline(settings=settings, embedder=embedder, index=index, session_factory=session_factory).run(
        sources, collection=collection, on_progress=(lambda _: progress.advance(task)) if progress else None)


def percentile(values: list[float], q: int) -> float:
    if len(values) < 2:
        return values[0] if values else 0.0
    return quantiles(values, n=100, method="inclusive")[q - 1]


def run_retrieval_bench(retriever: Retriever, questions: list[Question], *, collection: str, mode: str | None = None,
                        on_progress=None) -> dict:
    from answer import search_keywords

    sums = {"ndcg@10": 0.0, "recall@5": 0.0, "recall@10": 0.0, "recall@100": 0.0, "mrr@10": 0.0}
    latencies = []
    judged = [q for q in questions if q.relevant]
    for question in judged:
        started = time.perf_counter()
        # searched as a person's question is (`AnswerService._search`): the keyword side without the words that
        # only ask, with those a page writes beside a way to get in touch asked for in other words
        hits = retriever.search(question.text, limit=CANDIDATE_CHUNKS, collection=collection, mode=mode,
                                keywords=search_keywords(question.text, retriever.sparse.terms))
        latencies.append((time.perf_counter() - started) * 1000)
        ranking = ranked_documents(hits)
        sums["ndcg@10"] += ndcg_at(ranking, question.relevant, 10)
        sums["recall@5"] += recall_at(ranking, question.relevant, 5)
        sums["recall@10"] += recall_at(ranking, question.relevant, 10)
        sums["recall@100"] += recall_at(ranking, question.relevant, 100)
        sums["mrr@10"] += mrr_at(ranking, question.relevant, 10)
        if on_progress:
            on_progress()
    count = max(len(judged), 1)
    return {**{name: round(total / count, 4) for name, total in sums.items()},
            "latency_ms_p50": round(percentile(latencies, 50), 2),
            "latency_ms_p95": round(percentile(latencies, 95), 2), "queries": len(judged)}
