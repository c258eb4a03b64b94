"""Production backend: a Qdrant server through qdrant-client (`QdrantClient(":memory:")` in tests)."""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import wraps
from pathlib import Path

import httpx
from qdrant_client import QdrantClient, models
from qdrant_client.http.exceptions import ResponseHandlingException

from core.errors import ErrorCode, RagloopError
from retrieval.index import DENSE, INDEXED_FIELDS, SPARSE, ChunkPoint, Hit, SearchQuery, Where, dense_scores
from retrieval.sparse import SparseVector


def _must(**conditions) -> models.Filter | None:
    conditions = {key: value for key, value in conditions.items() if value is not None}
    if not conditions:
        return None
    return models.Filter(must=[models.FieldCondition(key=key, match=models.MatchValue(value=value))
                               for key, value in conditions.items()])


def _where(where: Where | None) -> models.Filter | None:
    if where is None:
        return None
    must = [models.FieldCondition(key=key, match=models.MatchValue(value=value))
            for key, value in (("collection", where.collection), ("source", where.source)) if value is not None]
    if where.tags:
        must.append(models.FieldCondition(key="tags", match=models.MatchAny(any=list(where.tags))))
    return models.Filter(must=must) if must else None


SNAPSHOT_FILE = "collection.snapshot"
RETRY_DELAYS_S = (0.2, 1.0)  # a call that finds the server away is tried again after these pauses


def _unavailable_as_error(method: Callable) -> Callable:
    """A server that does not answer is tried again a couple of times (every call ragloop makes is idempotent:
    writes go by point id or filter), then it is a RagloopError (503 on the web, one line on the command line), not
    a traceback. Once the server is back, the next call simply works."""

    @wraps(method)
    def call(self, *args, **kwargs):
        for delay in (*RETRY_DELAYS_S, None):
            try:
                return method(self, *args, **kwargs)
            except (ResponseHandlingException, httpx.TransportError, ConnectionError) as exc:
                if delay is None:
                    raise RagloopError(ErrorCode.UNAVAILABLE, f"the Qdrant server does not answer ({exc}); start "
                                                              "it, or check RAGLOOP_QDRANT_URL") from exc
                time.sleep(delay)

    return call


def _reachable(cls: type) -> type:
    """Every public method of the class (and its set-up) through `_unavailable_as_error`."""
    for name, member in list(vars(cls).items()):
        if callable(member) and (not name.startswith("_") or name == "__init__"):
            setattr(cls, name, _unavailable_as_error(member))
    return cls


@_reachable
class QdrantServerIndex:
    def __init__(self, client: QdrantClient, *, collection: str, dimension: int, url: str | None = None,
                 api_key: str | None = None):
        """`url` and `api_key`: the server's REST address, for snapshots (a client in local mode has none)."""
        self._client = client
        self._collection = collection
        self.dimension = dimension
        self._url, self._headers = (url.rstrip("/") if url else None), ({"api-key": api_key} if api_key else {})
        if not client.collection_exists(collection):
            client.create_collection(
                collection,
                vectors_config={DENSE: models.VectorParams(size=dimension, distance=models.Distance.COSINE)},
                sparse_vectors_config={SPARSE: models.SparseVectorParams(modifier=models.Modifier.IDF)})
            for name in INDEXED_FIELDS:
                client.create_payload_index(collection, name, models.PayloadSchemaType.KEYWORD)
        existing = client.get_collection(collection).config.params.vectors[DENSE].size
        if existing != dimension:
            raise RagloopError(ErrorCode.CONFLICT, f"Qdrant collection {collection!r} holds {existing}-dimensional "
                               f"vectors; the configured embedder makes {dimension}")

    def upsert(self, points: list[ChunkPoint]) -> None:
        if points:
            self._client.upsert(self._collection, wait=True, points=[
                models.PointStruct(id=p.id, vector=_vectors(p), payload=p.payload) for p in points])

    def set_sparse(self, vectors: dict[str, SparseVector]) -> None:
        if vectors:
            self._client.update_vectors(self._collection, wait=True, points=[
                models.PointVectors(id=point, vector={SPARSE: models.SparseVector(indices=vector.indices,
                                                                                  values=vector.values)})
                for point, vector in vectors.items()])

    def delete_stale_chunks(self, *, document_id: str, keep_hash: str) -> None:
        stale = models.Filter(
            must=[models.FieldCondition(key="document_id", match=models.MatchValue(value=document_id))],
            must_not=[models.FieldCondition(key="content_hash", match=models.MatchValue(value=keep_hash))])
        self._client.delete(self._collection, points_selector=models.FilterSelector(filter=stale), wait=True)

    def delete_document(self, *, document_id: str) -> None:
        self._client.delete(self._collection, wait=True,
                            points_selector=models.FilterSelector(filter=_must(document_id=document_id)))

    def search(self, query: SearchQuery, *, limit: int, where: Where | None = None) -> list[Hit]:
        where, sides = _where(where), []
        if query.dense is not None:
            sides.append((list(query.dense), DENSE, query.dense_weight))
        if query.sparse is not None and query.sparse.indices:
            sides.append((models.SparseVector(indices=query.sparse.indices, values=query.sparse.values), SPARSE,
                          query.sparse_weight))
        if not sides:
            return []
        with_vectors = [DENSE] if query.scored_against is not None else False
        if len(sides) == 2:
            response = self._client.query_points(
                self._collection, limit=limit, with_payload=True, with_vectors=with_vectors,
                prefetch=[models.Prefetch(query=q, using=using, limit=query.candidates, filter=where)
                          for q, using, _ in sides],
                query=models.FusionQuery(fusion=models.Fusion.DBSF) if query.fusion == "dbsf" else
                models.RrfQuery(rrf=models.Rrf(k=query.rrf_k, weights=[w for _, _, w in sides])))
        else:
            q, using, _ = sides[0]
            response = self._client.query_points(self._collection, query=q, using=using, limit=limit,
                                                 with_payload=True, with_vectors=with_vectors, query_filter=where)
        points = response.points
        scores = dense_scores(query, [p.vector.get(DENSE) if isinstance(p.vector, dict) else None for p in points])
        return [Hit(str(p.id), float(p.score), dict(p.payload or {}), s) for p, s in zip(points, scores)]

    def count(self, *, document_id: str | None = None, collection: str | None = None) -> int:
        return self._client.count(self._collection, exact=True,
                                  count_filter=_must(document_id=document_id, collection=collection)).count

    def health(self) -> int:
        """The number of chunks: the server answers (writes are the server's own business)."""
        return self._client.count(self._collection, exact=True).count

    def chunks(self, *, document_id: str | None = None, collection: str | None = None) -> list[Hit]:
        found, offset = [], None
        while True:
            records, offset = self._client.scroll(
                self._collection, offset=offset, limit=1000, with_payload=True,
                scroll_filter=_must(document_id=document_id, collection=collection))
            found += [Hit(str(r.id), 0.0, dict(r.payload or {})) for r in records]
            if offset is None:
                return found

    def snapshot(self, folder) -> bool:
        """The collection as a server snapshot, downloaded into `folder` (`SNAPSHOT_FILE`) and then deleted on the
        server; False where the client has no server address (local mode)."""
        if self._url is None:
            return False
        taken = self._client.create_snapshot(self._collection, wait=True)
        address = f"{self._url}/collections/{self._collection}/snapshots/{taken.name}"
        Path(folder).mkdir(parents=True)
        try:
            with httpx.stream("GET", address, headers=self._headers, timeout=600) as response, \
                    (Path(folder) / SNAPSHOT_FILE).open("wb") as out:
                response.raise_for_status()
                for block in response.iter_bytes():
                    out.write(block)
        finally:
            self._client.delete_snapshot(self._collection, taken.name, wait=True)
        return True

    def restore(self, folder) -> None:
        """Replace the collection with the snapshot `snapshot` wrote into `folder`."""
        if self._url is None:
            raise RagloopError(ErrorCode.CONFLICT, "a Qdrant client in local mode takes no snapshots")
        with (Path(folder) / SNAPSHOT_FILE).open("rb") as snapshot:
            response = httpx.post(f"{self._url}/collections/{self._collection}/snapshots/upload",
                                  params={"priority": "snapshot", "wait": "true"}, headers=self._headers,
                                  files={"snapshot": (SNAPSHOT_FILE, snapshot)}, timeout=600)
        if response.status_code >= 300:
            raise RagloopError(ErrorCode.UNAVAILABLE, f"the Qdrant server refused the snapshot: {response.text[:300]}")

    def optimize(self) -> None:
        """The server builds its indexes itself."""

    def close(self) -> None:
        self._client.close()


def _vectors(point: ChunkPoint) -> dict:
    vectors = {DENSE: point.vector}
    if point.sparse is not None and point.sparse.indices:
        vectors[SPARSE] = models.SparseVector(indices=point.sparse.indices, values=point.sparse.values)
    return vectors
