"""Query latency at scale: a synthetic corpus (random unit vectors, Zipf-distributed terms) in a fresh embedded
store with HNSW built, queried through the real retriever (real question embedding, real BM25, fusion)."""

from __future__ import annotations

import tempfile
import time
import uuid
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from core.tracing import Tracer
from eval.bench import percentile
from retrieval import Bm25Encoder, ChunkPoint, build_retriever, open_index

if TYPE_CHECKING:
    from core.embeddings import Embedder
    from core.settings import Settings
    from retrieval import VectorIndex

VOCABULARY = 50_000
TERMS_PER_CHUNK = 40
WRITE_BATCH = 2_000


def _words(rng: np.random.Generator, count: int) -> list[str]:
    return [f"w{i}" for i in (rng.zipf(1.3, count) % VOCABULARY)]


def _fill(index: VectorIndex, *, chunks: int, dimension: int, encoder: Bm25Encoder, rng: np.random.Generator,
          on_progress=None) -> None:
    for start in range(0, chunks, WRITE_BATCH):
        size = min(WRITE_BATCH, chunks - start)
        vectors = rng.standard_normal((size, dimension)).astype(np.float32)
        vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
        points = []
        for vector in vectors:
            text = " ".join(_words(rng, TERMS_PER_CHUNK))
            points.append(ChunkPoint(id=str(uuid.UUID(int=int(rng.integers(0, 2**63)))), vector=vector.tolist(),
                                     sparse=encoder.encode_document(text),
                                     payload={"collection": "scale", "document_id": "synthetic", "text": text}))
        index.upsert(points)
        if on_progress:
            on_progress(size)


def run_scale_bench(settings: Settings, *, embedder: Embedder, chunks: int, queries: int, on_progress=None) -> dict:
    rng = np.random.default_rng(7)
    with tempfile.TemporaryDirectory(prefix="ragloop-scale-") as folder:
        local = settings.model_copy(update={"data_dir": Path(folder), "qdrant_url": "", "langfuse_host": ""})
        index = open_index(local, dimension=embedder.dimension)
        retriever = build_retriever(local, embedder=embedder, index=index, tracer=Tracer(local))
        _fill(index, chunks=chunks, dimension=embedder.dimension, encoder=retriever.sparse, rng=rng,
              on_progress=on_progress)
        started = time.perf_counter()
        index.optimize()
        build_s = time.perf_counter() - started
        latencies = []
        for _ in range(queries):
            question = "what is " + " ".join(_words(rng, 4))
            started = time.perf_counter()
            retriever.search(question, limit=settings.top_k, collection="scale")
            latencies.append((time.perf_counter() - started) * 1000)
        index.close()
    return {"chunks": chunks, "index_build_s": round(build_s, 1), "mode": settings.retrieval_mode,
            "latency_ms_p50": round(percentile(latencies, 50), 2),
            "latency_ms_p95": round(percentile(latencies, 95), 2), "queries": queries}
