"""Retriever: embeds a question and searches the index, inside a traced `retrieval` stage."""

from __future__ import annotations

from core.embeddings import Embedder
from core.errors import ErrorCode, RagloopError
from retrieval.index import Hit, VectorIndex


class Retriever:
    def __init__(self, *, embedder: Embedder, index: VectorIndex, tracer):
        self.embedder = embedder
        self.index = index
        self.tracer = tracer

    def search(self, question: str, *, limit: int, collection: str | None = None) -> list[Hit]:
        if not question or not question.strip():
            raise RagloopError(ErrorCode.BAD_INPUT, "the question is empty")
        with self.tracer.span("retrieval", input={"question": question, "collection": collection},
                              as_type="retriever") as span:
            vector = self.embedder.embed_query(question)
            hits = self.index.search(vector.tolist(), limit=limit, collection=collection)
            span.update(output=[{"chunk_id": h.id, "score": round(h.score, 4)} for h in hits])
        return hits
