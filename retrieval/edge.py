"""Embedded backend: Qdrant's own engine in-process (qdrant-edge), one shard under the data directory."""

from __future__ import annotations

import logging
import shutil
import threading
from pathlib import Path
from typing import Callable, TypeVar

from qdrant_edge import (CountRequest, Distance, EdgeConfig, EdgeShard, EdgeSparseVectorParams, EdgeVectorParams,
                         FieldCondition, Filter, Fusion, MatchAny, MatchValue, Modifier, PayloadSchemaType, Point, Prefetch,
                         PointVectors, Query, QueryRequest, ScrollRequest, UpdateOperation)
from qdrant_edge import SparseVector as EdgeSparse

from core.errors import ErrorCode, RagloopError
from retrieval.index import DENSE, INDEXED_FIELDS, SPARSE, ChunkPoint, Hit, SearchQuery, Where, dense_scores
from retrieval.sparse import SparseVector

log = logging.getLogger(__name__)
T = TypeVar("T")


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
    """The shard, opened once per process. Should its handle break (the engine fails a call), it is closed and
    opened again, and the call is tried once more; while it cannot be reopened or written, calls fail with a
    RagloopError (503 on the web) and `health()` says so, until a later call finds it working again."""

    def __init__(self, path: Path, *, dimension: int):
        path.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.dimension = dimension
        self._config = EdgeConfig(vectors={DENSE: EdgeVectorParams(size=dimension, distance=Distance.Cosine)},
                                  sparse_vectors={SPARSE: EdgeSparseVectorParams(modifier=Modifier.Idf)})
        self._reopening = threading.Lock()
        self._writing = threading.RLock()  # writes wait while a snapshot copies the files
        self.write_failure: str | None = None  # why the last write failed, until one succeeds
        try:
            self._shard = self._open()
        except Exception as exc:  # the engine reports a held lock or a dimension clash as a plain error
            raise RagloopError(ErrorCode.CONFLICT, f"cannot open the embedded vector store at {path} ({exc}): "
                               "another ragloop process (a server, an ingestion) has it open. Wait for it or stop "
                               "it, or use a Qdrant server (RAGLOOP_QDRANT_URL).") from exc
        for name in INDEXED_FIELDS:
            self._shard.update(UpdateOperation.create_field_index(name, PayloadSchemaType.Keyword))

    def _open(self) -> EdgeShard:
        if (self.path / "edge_config.json").exists():
            return EdgeShard.load(str(self.path), self._config)
        return EdgeShard.create(str(self.path), self._config)

    def _engine(self, operation: Callable[[EdgeShard], T], *, writes: bool = False) -> T:
        """`operation` on the shard; on an engine failure, on a reopened shard once more. Writes take turns with
        a snapshot being copied."""
        if writes:
            with self._writing:
                return self._attempt(operation, writes=True)
        return self._attempt(operation, writes=False)

    def _attempt(self, operation: Callable[[EdgeShard], T], *, writes: bool) -> T:
        shard = self._shard
        try:
            result = operation(shard)
        except Exception as exc:
            self._reopen(shard, exc, writes=writes)
            try:
                result = operation(self._shard)
            except Exception as again:
                if writes:
                    self.write_failure = str(again)
                raise RagloopError(ErrorCode.UNAVAILABLE, f"the embedded vector store failed ({again})") from again
        if writes:
            self.write_failure = None
        return result

    def _reopen(self, failed: EdgeShard, exc: Exception, *, writes: bool) -> None:
        with self._reopening:
            if self._shard is not failed:
                return  # another thread has reopened it already
            log.warning("the embedded vector store failed (%s); reopening it", exc)
            try:
                failed.close()
            except Exception:  # a broken handle may not close cleanly; what matters is the new one
                pass
            try:
                self._shard = self._open()
            except Exception as again:
                if writes:
                    self.write_failure = str(again)
                raise RagloopError(ErrorCode.UNAVAILABLE, f"the embedded vector store at {self.path} cannot be "
                                   f"reopened ({again}); is another process holding it?") from again

    def health(self) -> int:
        """The number of chunks, once the store takes a write again if the last one failed."""
        if self.write_failure is not None:
            self._engine(lambda shard: shard.update(UpdateOperation.create_field_index(
                INDEXED_FIELDS[0], PayloadSchemaType.Keyword)), writes=True)
        return self.count()

    def upsert(self, points: list[ChunkPoint]) -> None:
        if points:
            operation = UpdateOperation.upsert_points([Point(p.id, _vectors(p), p.payload) for p in points])
            self._engine(lambda shard: shard.update(operation), writes=True)

    def set_sparse(self, vectors: dict[str, SparseVector]) -> None:
        if vectors:
            operation = UpdateOperation.update_vectors([
                PointVectors(point, {SPARSE: EdgeSparse(vector.indices, vector.values)})
                for point, vector in vectors.items()])
            self._engine(lambda shard: shard.update(operation), writes=True)

    def delete_stale_chunks(self, *, document_id: str, keep_hash: str) -> None:
        stale = Filter(must=[FieldCondition(key="document_id", match=MatchValue(document_id))],
                       must_not=[FieldCondition(key="content_hash", match=MatchValue(keep_hash))])
        self._engine(lambda shard: shard.update(UpdateOperation.delete_points_by_filter(stale)), writes=True)

    def delete_document(self, *, document_id: str) -> None:
        operation = UpdateOperation.delete_points_by_filter(_must(document_id=document_id))
        self._engine(lambda shard: shard.update(operation), writes=True)

    def search(self, query: SearchQuery, *, limit: int, where: Where | None = None) -> list[Hit]:
        where, sides = _where(where), []
        if query.dense is not None:
            sides.append((Query.Nearest(list(query.dense), using=DENSE), query.dense_weight))
        if query.sparse is not None and query.sparse.indices:
            sparse = EdgeSparse(query.sparse.indices, query.sparse.values)
            sides.append((Query.Nearest(sparse, using=SPARSE), query.sparse_weight))
        if not sides:
            return []
        with_vector = [DENSE] if query.scored_against is not None else None
        if len(sides) == 2:
            request = QueryRequest(limit=limit, with_payload=True, with_vector=with_vector,
                                   prefetches=[Prefetch(limit=query.candidates, query=q, filter=where) for q, _ in sides],
                                   query=Fusion.Dbsf() if query.fusion == "dbsf" else
                                   Fusion.Rrf(k=query.rrf_k, weights=[w for _, w in sides]))
        else:
            request = QueryRequest(limit=limit, query=sides[0][0], filter=where, with_payload=True,
                                   with_vector=with_vector)
        points = self._engine(lambda shard: shard.query(request))
        scores = dense_scores(query, [p.vector.get(DENSE) if isinstance(p.vector, dict) else None for p in points])
        return [Hit(str(p.id), float(p.score), dict(p.payload or {}), s) for p, s in zip(points, scores)]

    def count(self, *, document_id: str | None = None, collection: str | None = None) -> int:
        request = CountRequest(exact=True, filter=_must(document_id=document_id, collection=collection))
        return self._engine(lambda shard: shard.count(request))

    def chunks(self, *, document_id: str | None = None, collection: str | None = None) -> list[Hit]:
        found, offset = [], None
        while True:
            request = ScrollRequest(offset=offset, limit=1000, with_payload=True,
                                    filter=_must(document_id=document_id, collection=collection))
            records, offset = self._engine(lambda shard: shard.scroll(request))
            found += [Hit(str(r.id), 0.0, dict(r.payload or {})) for r in records]
            if offset is None:
                return found

    def optimize(self) -> None:
        self._engine(lambda shard: (shard.optimize(), shard.flush()), writes=True)

    def snapshot(self, folder: Path) -> bool:
        """A consistent copy of the store's files in `folder`: writes wait while it is taken, searches go on."""
        with self._writing:
            self._engine(lambda shard: shard.flush())
            shutil.copytree(self.path, folder)
        return True

    def restore(self, folder: Path) -> None:
        raise RagloopError(ErrorCode.CONFLICT, "the embedded store is restored as files while nothing has it open "
                           "(ragloop restore)")

    def close(self) -> None:
        self._shard.flush()
        self._shard.close()


def _vectors(point: ChunkPoint) -> dict:
    vectors = {DENSE: point.vector}
    if point.sparse is not None and point.sparse.indices:
        vectors[SPARSE] = EdgeSparse(point.sparse.indices, point.sparse.values)
    return vectors
