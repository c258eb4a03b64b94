"""The vector index interface every backend implements, and the records that cross it."""

from __future__ import annotations

import uuid
from pathlib import Path
from dataclasses import dataclass, field
from typing import Protocol, TypedDict

from retrieval.sparse import SparseVector

DENSE = "dense"
SPARSE = "bm25"
# Payload fields with a keyword index: every filter and every delete goes through one of them.
INDEXED_FIELDS = ("collection", "document_id", "source", "content_hash", "tags")
_POINT_NAMESPACE = uuid.UUID("6f1d7c9e-2b0a-4f59-9d1c-6a3e0c1b5a77")


MAX_PREFIX_CHARS = 160  # of "title > heading path" in front of a chunk's text


def indexed_text(*, title: str, heading_path: str, text: str) -> str:
    """What a chunk is embedded and BM25-encoded as: its text with its document's title and heading path in front."""
    prefix = " > ".join(part for part in (title, heading_path) if part)[:MAX_PREFIX_CHARS]
    return f"{prefix}\n\n{text}" if prefix else text


def point_id(document_id: str, position: int) -> str:
    """Deterministic: the same chunk of the same document always lands on the same point."""
    return str(uuid.uuid5(_POINT_NAMESPACE, f"{document_id}:{position}"))


class ChunkPayload(TypedDict, total=False):
    """What each chunk carries in the index, written by ingestion and read by search, answers and the pages."""

    document_id: str
    chunk_id: str
    collection: str
    source: str  # the document's name: its path as typed, `upload/<file>`, or a benchmark id
    title: str
    heading_path: str  # "Operations > Database": the headings the chunk sits under
    page: int | None  # in a PDF
    position: int  # the chunk's place in its document, from 0
    text: str
    content_hash: str  # of the document version the chunk came from
    tags: list[str]


@dataclass(frozen=True)
class ChunkPoint:
    id: str
    vector: list[float]
    payload: ChunkPayload
    sparse: SparseVector | None = None


@dataclass(frozen=True)
class Hit:
    """A found chunk. `score` ranks (a fused score in hybrid search); `dense_score` is the cosine similarity to the
    question when the dense vector took part, comparable across questions."""

    id: str
    score: float
    payload: ChunkPayload = field(default_factory=dict)
    dense_score: float | None = None

    @property
    def text(self) -> str:
        return self.payload.get("text", "")


@dataclass(frozen=True)
class Where:
    """Filters on indexed payload fields: a collection, one source, any of some tags."""

    collection: str | None = None
    source: str | None = None
    tags: tuple[str, ...] = ()


@dataclass(frozen=True)
class SearchQuery:
    """Dense, sparse or both. With both, the fusion says how they are combined: "relative" (the default) asks each
    side for `candidates` and combines their scores in `retrieval.fusion`; "rrf" (weighted reciprocal rank fusion)
    and "dbsf" are done by the engine, each side prefetching `candidates`."""

    dense: list[float] | None = None
    sparse: SparseVector | None = None
    dense_weight: float = 1.0
    sparse_weight: float = 1.0
    candidates: int = 50
    fusion: str = "rrf"  # "relative" (combined by the caller: `retrieval.fusion.fused_search`), "rrf" or "dbsf"
    rrf_k: int = 60
    similarity_to: list[float] | None = None  # a question vector each hit's dense similarity is measured to, when
    # the search is by BM25 alone (the relative fusion's sparse side)
    language: str = ""  # the question's ("en", "ko"; "" unknown): the relative fusion reads other languages' cosines
    # as if in this one

    @property
    def hybrid(self) -> bool:
        return self.dense is not None and self.sparse is not None

    @property
    def scored_against(self) -> list[float] | None:
        """The vector each hit's `dense_score` is measured to, if any: the dense query, else `similarity_to`."""
        return self.dense if self.dense is not None else self.similarity_to


def dense_scores(query: SearchQuery, vectors: list[list[float] | None]) -> list[float | None]:
    """Cosine similarity of each returned vector to the question (vectors are unit length)."""
    if query.scored_against is None:
        return [None] * len(vectors)
    import numpy as np

    target = np.asarray(query.scored_against, dtype=np.float32)
    return [float(np.asarray(v, dtype=np.float32) @ target) if v else None for v in vectors]


class VectorIndex(Protocol):
    """What ingest writes to and retrieval searches; `dimension` is fixed when the index is created."""

    def upsert(self, points: list[ChunkPoint]) -> None: ...

    def delete_stale_chunks(self, *, document_id: str, keep_hash: str) -> None:
        """Remove the document's chunks from versions other than `keep_hash`."""

    def delete_document(self, *, document_id: str) -> None: ...

    def set_sparse(self, vectors: dict[str, SparseVector]) -> None:
        """Replace the BM25 vectors of these chunks (by point id), leaving their dense vectors and payloads."""

    def search(self, query: SearchQuery, *, limit: int, where: Where | None = None) -> list[Hit]: ...

    def count(self, *, document_id: str | None = None, collection: str | None = None) -> int: ...

    def health(self) -> int:
        """The number of chunks; a RagloopError (UNAVAILABLE) while the store cannot be read or written."""

    def chunks(self, *, document_id: str | None = None, collection: str | None = None) -> list[Hit]:
        """Every chunk (of one document, of one collection), in no particular order; score is 0."""

    def snapshot(self, folder: Path) -> bool:
        """Copy the store, consistently, into `folder` (which must not exist); False where it cannot (a Qdrant
        client in local mode)."""

    def restore(self, folder: Path) -> None:
        """Replace a Qdrant server's collection with what `snapshot` wrote (the embedded store is restored as
        files while nothing has it open: `core.backup`)."""

    def optimize(self) -> None:
        """Build search structures after a batch of writes (HNSW on the embedded engine)."""

    def close(self) -> None: ...
