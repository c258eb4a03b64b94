"""Embedded backend: Qdrant's own engine in-process (qdrant-edge), one shard under the data directory."""

from __future__ import annotations

from pathlib import Path

from qdrant_edge import (CountRequest, Distance, EdgeConfig, EdgeShard, EdgeSparseVectorParams, EdgeVectorParams,
                         FieldCondition, Filter, Fusion, MatchAny, MatchValue, Modifier, PayloadSchemaType, Point, Prefetch,
                         Query, QueryRequest, ScrollRequest, UpdateOperation)
from qdrant_edge import SparseVector as EdgeSparse

from core.errors import ErrorCode, RagloopError
from retrieval.index import DENSE, INDEXED_FIELDS, SPARSE, ChunkPoint, Hit, SearchQuery, Where, dense_scores


def _must(**conditions) -> Filter | None:
    conditions = {key: value for key, value in conditions.items() if value is not None}
    if not conditions:
        return None
    return Filter(must=[FieldCondition(key=key, match=MatchValue(value)) for key, value in conditions.items()])


def _where(where: Where | None) -> Filter | None:
    if where is None:
        return None
    must = [FieldCondition(key=key, match=MatchValue(value))
            for key, value in (("collection", where.collection), ("source", where.source)) if value is not None]
    if where.tags:
        must.append(FieldCondition(key="tags", match=MatchAny(list(where.tags))))
    return Filter(must=must) if must else None


class EdgeIndex:
    def __init__(self, path: Path, *, dimension: int):
        path.mkdir(parents=True, exist_ok=True)
        config = EdgeConfig(vectors={DENSE: EdgeVectorParams(size=dimension, distance=Distance.Cosine)},
                            sparse_vectors={SPARSE: EdgeSparseVectorParams(modifier=Modifier.Idf)})
        try:
            if (path / "edge_config.json").exists():
                self._shard = EdgeShard.load(str(path), config)
            else:
                self._shard = EdgeShard.create(str(path), config)
        except Exception as exc:  # the engine reports a held lock or a dimension clash as a plain error
            raise RagloopError(ErrorCode.CONFLICT, f"cannot open the embedded vector store at {path} ({exc}): "
                               "another ragloop process (a server, an ingestion) has it open. Wait for it or stop "
                               "it, or use a Qdrant server (RAGLOOP_QDRANT_URL).") from exc
        self.dimension = dimension
        for name in INDEXED_FIELDS:
            self._shard.update(UpdateOperation.create_field_index(name, PayloadSchemaType.Keyword))

    def upsert(self, points: list[ChunkPoint]) -> None:
        if points:
            self._shard.update(UpdateOperation.upsert_points([Point(p.id, _vectors(p), p.payload) for p in points]))

    def delete_stale_chunks(self, *, document_id: str, keep_hash: str) -> None:
        stale = Filter(must=[FieldCondition(key="document_id", match=MatchValue(document_id))],
                       must_not=[FieldCondition(key="content_hash", match=MatchValue(keep_hash))])
        self._shard.update(UpdateOperation.delete_points_by_filter(stale))

    def delete_document(self, *, document_id: str) -> None:
        self._shard.update(UpdateOperation.delete_points_by_filter(_must(document_id=document_id)))

    def search(self, query: SearchQuery, *, limit: int, where: Where | None = None) -> list[Hit]:
        where, sides = _where(where), []
        if query.dense is not None:
            sides.append((Query.Nearest(list(query.dense), using=DENSE), query.dense_weight))
        if query.sparse is not None and query.sparse.indices:
            sparse = EdgeSparse(query.sparse.indices, query.sparse.values)
            sides.append((Query.Nearest(sparse, using=SPARSE), query.sparse_weight))
        if not sides:
            return []
        with_vector = [DENSE] if query.dense is not None else None
        if len(sides) == 2:
            request = QueryRequest(limit=limit, with_payload=True, with_vector=with_vector,
                                   prefetches=[Prefetch(limit=query.candidates, query=q, filter=where) for q, _ in sides],
                                   query=Fusion.Dbsf() if query.fusion == "dbsf" else
                                   Fusion.Rrf(k=query.rrf_k, weights=[w for _, w in sides]))
        else:
            request = QueryRequest(limit=limit, query=sides[0][0], filter=where, with_payload=True,
                                   with_vector=with_vector)
        points = self._shard.query(request)
        scores = dense_scores(query, [p.vector.get(DENSE) if isinstance(p.vector, dict) else None for p in points])
        return [Hit(str(p.id), float(p.score), dict(p.payload or {}), s) for p, s in zip(points, scores)]

    def count(self, *, document_id: str | None = None, collection: str | None = None) -> int:
        return self._shard.count(CountRequest(exact=True, filter=_must(document_id=document_id,
                                                                        collection=collection)))

    def chunks(self, *, document_id: str | None = None) -> list[Hit]:
        found, offset = [], None
        while True:
            records, offset = self._shard.scroll(ScrollRequest(offset=offset, limit=1000, with_payload=True,
                                                               filter=_must(document_id=document_id)))
            found += [Hit(str(r.id), 0.0, dict(r.payload or {})) for r in records]
            if offset is None:
                return found

    def optimize(self) -> None:
        self._shard.optimize()
        self._shard.flush()

    def close(self) -> None:
        self._shard.flush()
        self._shard.close()


def _vectors(point: ChunkPoint) -> dict:
    vectors = {DENSE: point.vector}
    if point.sparse is not None and point.sparse.indices:
        vectors[SPARSE] = EdgeSparse(point.sparse.indices, point.sparse.values)
    return vectors
