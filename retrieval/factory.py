"""Builds the configured vector index, and makes sure the embedder matches the one that built it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from core.db import session_scope
from core.errors import ErrorCode, RagloopError
from retrieval import store
from retrieval.index import VectorIndex

if TYPE_CHECKING:
    from core.db import SessionFactory
    from core.embeddings import Embedder
    from core.settings import Settings


def open_index(settings: Settings, *, dimension: int) -> VectorIndex:
    """The embedded engine by default, a Qdrant server when a URL is set (":memory:" for the client's own)."""
    if settings.qdrant_url:
        from qdrant_client import QdrantClient

        from retrieval.server import QdrantServerIndex

        api_key = settings.qdrant_api_key.get_secret_value() or None
        client = QdrantClient(location=settings.qdrant_url, api_key=api_key, timeout=10)
        return QdrantServerIndex(client, collection=settings.qdrant_collection, dimension=dimension)
    from retrieval.edge import EdgeIndex

    return EdgeIndex(settings.data_dir / "qdrant" / settings.qdrant_collection, dimension=dimension)


def build_index(settings: Settings, *, embedder: Embedder, session_factory: SessionFactory) -> VectorIndex:
    """Open the index for `embedder`; refuse one that another embedder built (its vectors would not compare)."""
    name = settings.qdrant_collection
    with session_scope(session_factory) as session:
        recorded = store.get_collection(session=session, name=name)
    if recorded is not None and recorded.embedder != embedder.name:
        # Another embedder is acceptable only where it left nothing behind (same size, no points).
        index = open_index(settings, dimension=embedder.dimension) if recorded.dimension == embedder.dimension \
            else None
        if index is None or index.count() > 0:
            if index is not None:
                index.close()
            raise RagloopError(ErrorCode.CONFLICT, f"the vector collection {name!r} was built with the embedder "
                               f"{recorded.embedder!r}, not {embedder.name!r}: set RAGLOOP_EMBEDDING_MODEL="
                               f"{recorded.embedder}, or use another RAGLOOP_QDRANT_COLLECTION and re-ingest")
    else:
        index = open_index(settings, dimension=embedder.dimension)
    with session_scope(session_factory) as session:
        store.claim_collection(session=session, name=name, embedder=embedder.name, dimension=embedder.dimension)
    return index
