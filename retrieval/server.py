"""Production backend: a Qdrant server through qdrant-client (`QdrantClient(":memory:")` in tests)."""

from __future__ import annotations

from qdrant_client import QdrantClient, models

from core.errors import ErrorCode, RagloopError
from retrieval.index import DENSE, INDEXED_FIELDS, ChunkPoint, Hit


def _must(**conditions) -> models.Filter:
    return models.Filter(must=[models.FieldCondition(key=key, match=models.MatchValue(value=value))
                               for key, value in conditions.items()])


class QdrantServerIndex:
    def __init__(self, client: QdrantClient, *, collection: str, dimension: int):
        self._client = client
        self._collection = collection
        self.dimension = dimension
        if not client.collection_exists(collection):
            client.create_collection(collection, vectors_config={
                DENSE: models.VectorParams(size=dimension, distance=models.Distance.COSINE)})
            for name in INDEXED_FIELDS:
                client.create_payload_index(collection, name, models.PayloadSchemaType.KEYWORD)
        existing = client.get_collection(collection).config.params.vectors[DENSE].size
        if existing != dimension:
            raise RagloopError(ErrorCode.CONFLICT, f"Qdrant collection {collection!r} holds {existing}-dimensional "
                               f"vectors; the configured embedder makes {dimension}")

    def upsert(self, points: list[ChunkPoint]) -> None:
        if points:
            self._client.upsert(self._collection, wait=True, points=[
                models.PointStruct(id=p.id, vector={DENSE: p.vector}, payload=p.payload) for p in points])

    def delete_stale_chunks(self, *, document_id: str, keep_hash: str) -> None:
        stale = models.Filter(
            must=[models.FieldCondition(key="document_id", match=models.MatchValue(value=document_id))],
            must_not=[models.FieldCondition(key="content_hash", match=models.MatchValue(value=keep_hash))])
        self._client.delete(self._collection, points_selector=models.FilterSelector(filter=stale), wait=True)

    def delete_document(self, *, document_id: str) -> None:
        self._client.delete(self._collection, wait=True,
                            points_selector=models.FilterSelector(filter=_must(document_id=document_id)))

    def search(self, vector: list[float], *, limit: int, collection: str | None = None) -> list[Hit]:
        response = self._client.query_points(self._collection, query=list(vector), using=DENSE, limit=limit,
                                             with_payload=True,
                                             query_filter=_must(collection=collection) if collection else None)
        return [Hit(str(p.id), float(p.score), dict(p.payload or {})) for p in response.points]

    def count(self, *, document_id: str | None = None) -> int:
        return self._client.count(self._collection, exact=True,
                                  count_filter=_must(document_id=document_id) if document_id else None).count

    def chunks(self, *, document_id: str | None = None) -> list[Hit]:
        found, offset = [], None
        while True:
            records, offset = self._client.scroll(self._collection, offset=offset, limit=1000, with_payload=True,
                                                  scroll_filter=_must(document_id=document_id) if document_id
                                                  else None)
            found += [Hit(str(r.id), 0.0, dict(r.payload or {})) for r in records]
            if offset is None:
                return found

    def optimize(self) -> None:
        """The server builds its indexes itself."""

    def close(self) -> None:
        self._client.close()
