"""Builds the configured vector index, makes sure the embedder matches the one that built it, and encodes its BM25
vectors again when the analyser (or a BM25 setting) has changed since they were written."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from core.db import session_scope
from core.errors import ErrorCode, RagloopError
from retrieval import store
from retrieval.index import VectorIndex, indexed_text

if TYPE_CHECKING:
    from core.db import SessionFactory
    from core.embeddings import Embedder
    from core.settings import Settings
    from retrieval.sparse import Bm25Encoder

log = logging.getLogger(__name__)
REENCODE_BATCH = 500


def open_index(settings: Settings, *, dimension: int) -> VectorIndex:
    """The embedded engine by default, a Qdrant server when a URL is set (":memory:" for the client's own)."""
    if settings.qdrant_url:
        from qdrant_client import QdrantClient

        from retrieval.server import QdrantServerIndex

        api_key = settings.qdrant_api_key.get_secret_value() or None
        client = QdrantClient(location=settings.qdrant_url, api_key=api_key, timeout=10)
        return QdrantServerIndex(client, collection=settings.qdrant_collection, dimension=dimension,
                                 url=None if settings.qdrant_url == ":memory:" else settings.qdrant_url,
                                 api_key=api_key)
    from retrieval.edge import EdgeIndex

    return EdgeIndex(settings.data_dir / "qdrant" / settings.qdrant_collection, dimension=dimension)


def build_index(settings: Settings, *, embedder: Embedder, session_factory: SessionFactory,
                sparse: Bm25Encoder) -> VectorIndex:
    """Open the index for `embedder`; refuse one that another embedder built (its vectors would not compare);
    encode its chunks' BM25 vectors again where `sparse` would encode them differently."""
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
    if recorded is not None and recorded.analyser != sparse.signature:
        reencode_sparse(index, sparse)
    with session_scope(session_factory) as session:
        store.claim_collection(session=session, name=name, embedder=embedder.name, dimension=embedder.dimension,
                               analyser=sparse.signature)
    return index


def reencode_sparse(index: VectorIndex, sparse: Bm25Encoder) -> int:
    """Every chunk's BM25 vector written again by `sparse` from its stored text, title and heading path (as
    ingestion encodes it); dense vectors, payloads and document versions stay as they are. Returns the chunks."""
    chunks = index.chunks()
    if chunks:
        log.info("encoding the BM25 vectors of %d chunks again (%s)", len(chunks), sparse.signature)
    for start in range(0, len(chunks), REENCODE_BATCH):
        index.set_sparse({hit.id: sparse.encode_document(indexed_text(
            title=hit.payload.get("title", ""), heading_path=hit.payload.get("heading_path") or "", text=hit.text))
            for hit in chunks[start:start + REENCODE_BATCH]})
    return len(chunks)
