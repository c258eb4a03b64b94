"""Builds the configured vector index: the embedded engine by default, a Qdrant server when a URL is set."""

from __future__ import annotations

from retrieval.index import VectorIndex


def build_index(settings, *, dimension: int) -> VectorIndex:
    if settings.qdrant_url:
        from qdrant_client import QdrantClient

        from retrieval.server import QdrantServerIndex

        api_key = settings.qdrant_api_key.get_secret_value() or None
        client = QdrantClient(location=settings.qdrant_url, api_key=api_key, timeout=10)
        return QdrantServerIndex(client, collection=settings.qdrant_collection, dimension=dimension)
    from retrieval.edge import EdgeIndex

    return EdgeIndex(settings.data_dir / "qdrant" / settings.qdrant_collection, dimension=dimension)
