"""The vector index interface every backend implements, and the records that cross it."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Protocol

DENSE = "dense"
# Payload fields with a keyword index: every filter and every delete goes through one of them.
INDEXED_FIELDS = ("collection", "document_id", "source", "content_hash")
_POINT_NAMESPACE = uuid.UUID("6f1d7c9e-2b0a-4f59-9d1c-6a3e0c1b5a77")


def point_id(document_id: str, position: int) -> str:
    """Deterministic: the same chunk of the same document always lands on the same point."""
    return str(uuid.uuid5(_POINT_NAMESPACE, f"{document_id}:{position}"))


@dataclass(frozen=True)
class ChunkPoint:
    id: str
    vector: list[float]
    payload: dict


@dataclass(frozen=True)
class Hit:
    id: str
    score: float
    payload: dict = field(default_factory=dict)

    @property
    def text(self) -> str:
        return self.payload.get("text", "")


class VectorIndex(Protocol):
    """What ingest writes to and retrieval searches; `dimension` is fixed when the index is created."""

    def upsert(self, points: list[ChunkPoint]) -> None: ...

    def delete_stale_chunks(self, *, document_id: str, keep_hash: str) -> None:
        """Remove the document's chunks from versions other than `keep_hash`."""

    def delete_document(self, *, document_id: str) -> None: ...

    def search(self, vector: list[float], *, limit: int, collection: str | None = None) -> list[Hit]: ...

    def count(self, *, document_id: str | None = None) -> int: ...

    def chunks(self, *, document_id: str | None = None) -> list[Hit]:
        """Every chunk (of one document), in no particular order; score is 0."""

    def optimize(self) -> None:
        """Build search structures after a batch of writes (HNSW on the embedded engine)."""

    def close(self) -> None: ...
