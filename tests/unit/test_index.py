"""The vector index contract, run against the embedded engine and the Qdrant client API alike."""

import pytest

from retrieval.index import ChunkPoint, SearchQuery, Where, point_id
from tests.conftest import open_test_index


@pytest.fixture(params=["edge", "server", "rest"])
def index(request, tmp_path, embedder):
    """The contract on the embedded engine, the server client API and Qdrant's REST protocol (a stand-in server)."""
    idx = open_test_index(request.param, request, tmp_path, embedder)
    yield idx
    idx.close()


def make_point(doc: str, position: int, vector: list[float], *, collection="default", content_hash="h1", tags=()):
    return ChunkPoint(id=point_id(doc, position), vector=vector, payload={
        "document_id": doc, "collection": collection, "source": f"{doc}.md", "content_hash": content_hash,
        "text": f"{doc} chunk {position}", "position": position, "tags": list(tags)})


def unit(dimension: int, axis: int) -> list[float]:
    vector = [0.0] * dimension
    vector[axis] = 1.0
    return vector


def test_point_ids_are_deterministic_and_distinct():
    assert point_id("doc", 0) == point_id("doc", 0)
    assert point_id("doc", 0) != point_id("doc", 1) != point_id("other", 0)


def test_search_returns_nearest_with_payload(index):
    dim = index.dimension
    index.upsert([make_point("a", 0, unit(dim, 0)), make_point("b", 0, unit(dim, 1))])
    hits = index.search(SearchQuery(dense=unit(dim, 1)), limit=2)
    assert [h.payload["document_id"] for h in hits] == ["b", "a"]
    assert hits[0].score > 0.99 and hits[0].text == "b chunk 0"


def test_search_filters_by_collection(index):
    dim = index.dimension
    index.upsert([make_point("a", 0, unit(dim, 0), collection="hr"), make_point("b", 0, unit(dim, 0))])
    found = index.search(SearchQuery(dense=unit(dim, 0)), limit=5, where=Where(collection="hr"))
    assert [h.payload["document_id"] for h in found] == ["a"]


def test_upserting_the_same_ids_replaces_instead_of_duplicating(index):
    dim = index.dimension
    index.upsert([make_point("a", 0, unit(dim, 0))])
    index.upsert([make_point("a", 0, unit(dim, 2))])
    assert index.count() == 1
    assert index.search(SearchQuery(dense=unit(dim, 2)), limit=1)[0].score > 0.99


def test_stale_chunks_of_older_versions_are_deleted(index):
    dim = index.dimension
    index.upsert([make_point("a", i, unit(dim, i), content_hash="old") for i in range(3)])
    index.upsert([make_point("a", 0, unit(dim, 0), content_hash="new"), make_point("b", 0, unit(dim, 1))])
    index.delete_stale_chunks(document_id="a", keep_hash="new")
    assert index.count(document_id="a") == 1
    assert index.count(document_id="b") == 1


def test_delete_document_removes_only_that_document(index):
    dim = index.dimension
    index.upsert([make_point("a", 0, unit(dim, 0)), make_point("a", 1, unit(dim, 1)), make_point("b", 0, unit(dim, 2))])
    index.delete_document(document_id="a")
    assert index.count() == 1 and index.count(document_id="b") == 1


def test_chunks_lists_every_point_of_a_document(index):
    dim = index.dimension
    index.upsert([make_point("a", i, unit(dim, i % dim)) for i in range(1205)] + [make_point("b", 0, unit(dim, 0))])
    assert len(index.chunks()) == 1206
    assert sorted(h.payload["position"] for h in index.chunks(document_id="a")) == list(range(1205))


def test_chunks_lists_every_point_of_a_collection(index):
    dim = index.dimension
    index.upsert([make_point("a", 0, unit(dim, 0), collection="hr"), make_point("a", 1, unit(dim, 1), collection="hr"),
                  make_point("b", 0, unit(dim, 2))])
    assert sorted(h.id for h in index.chunks(collection="hr")) == sorted([point_id("a", 0), point_id("a", 1)])
    assert [h.payload["document_id"] for h in index.chunks(collection="default")] == ["b"]


def test_search_filters_by_source_and_any_tag(index):
    dim = index.dimension
    index.upsert([make_point("a", 0, unit(dim, 0), tags=["hr", "policy"]), make_point("b", 0, unit(dim, 0),
                  tags=["it"]), make_point("c", 0, unit(dim, 0))])
    query = SearchQuery(dense=unit(dim, 0))
    assert [h.payload["document_id"] for h in index.search(query, limit=5, where=Where(source="b.md"))] == ["b"]
    tagged = index.search(query, limit=5, where=Where(tags=("policy", "it")))
    assert sorted(h.payload["document_id"] for h in tagged) == ["a", "b"]


def test_hybrid_query_fuses_dense_and_sparse_and_reports_dense_similarity(index):
    from retrieval.sparse import SparseVector

    dim = index.dimension
    points = [make_point("a", 0, unit(dim, 0)), make_point("b", 0, unit(dim, 1))]
    points = [ChunkPoint(p.id, p.vector, p.payload, SparseVector([7], [1.0]) if p.payload["document_id"] == "b"
                         else SparseVector([9], [1.0])) for p in points]
    index.upsert(points)
    # dense prefers a, sparse prefers b; weighting the sparse side puts b first
    query = SearchQuery(dense=unit(dim, 0), sparse=SparseVector([7], [1.0]), dense_weight=1.0, sparse_weight=3.0)
    hits = index.search(query, limit=2)
    assert [h.payload["document_id"] for h in hits] == ["b", "a"]
    assert hits[1].dense_score == pytest.approx(1.0, abs=1e-5) and hits[0].dense_score == pytest.approx(0.0, abs=1e-5)
    sparse_only = index.search(SearchQuery(sparse=SparseVector([9], [1.0])), limit=2)
    assert [h.payload["document_id"] for h in sparse_only] == ["a"] and sparse_only[0].dense_score is None


def test_sparse_vectors_are_replaced_without_touching_dense_vectors_or_payloads(index):
    from retrieval.sparse import SparseVector

    dim = index.dimension
    index.upsert([ChunkPoint(p.id, p.vector, p.payload, SparseVector([7], [1.0]))
                  for p in (make_point("a", 0, unit(dim, 0)), make_point("b", 0, unit(dim, 1)))])

    index.set_sparse({point_id("a", 0): SparseVector([11, 12], [0.5, 1.0])})

    assert [h.payload["document_id"] for h in index.search(SearchQuery(sparse=SparseVector([7], [1.0])), limit=5)] \
        == ["b"]
    found = index.search(SearchQuery(sparse=SparseVector([12], [1.0])), limit=5)
    assert [h.payload["document_id"] for h in found] == ["a"] and found[0].text == "a chunk 0"
    assert index.search(SearchQuery(dense=unit(dim, 0)), limit=1)[0].payload["document_id"] == "a"
    assert index.count() == 2


def test_dbsf_fusion_ranks_the_chunk_both_sides_like(index):
    from retrieval.sparse import SparseVector

    dim = index.dimension
    index.upsert([ChunkPoint(point_id(d, 0), unit(dim, axis), {"document_id": d, "collection": "default",
                                                               "text": d}, SparseVector(terms, [1.0] * len(terms)))
                  for d, axis, terms in (("both", 0, [1, 2]), ("dense", 0, [9]), ("sparse", 1, [1, 2]))])
    both = index.search(SearchQuery(dense=unit(dim, 0), sparse=SparseVector([1, 2], [1.0, 1.0]), fusion="dbsf"),
                        limit=3)
    assert both[0].payload["document_id"] == "both" and len(both) == 3


def test_a_qdrant_server_away_for_a_moment_is_retried_and_one_that_stays_away_is_a_clear_error(monkeypatch):
    import httpx

    from core.errors import ErrorCode, RagloopError
    from retrieval import server

    monkeypatch.setattr(server, "RETRY_DELAYS_S", (0.0, 0.0))
    calls = []

    def flaky(self, fail_times):
        calls.append(1)
        if len(calls) <= fail_times:
            raise httpx.ConnectError("connection refused")
        return "answered"

    wrapped = server._unavailable_as_error(flaky)
    assert wrapped(None, 2) == "answered" and len(calls) == 3
    calls.clear()
    with pytest.raises(RagloopError) as caught:
        wrapped(None, 5)
    assert caught.value.code == ErrorCode.UNAVAILABLE and len(calls) == 3


HOLDER = """
import sys
from pathlib import Path
from retrieval.edge import EdgeIndex
index = EdgeIndex(Path(sys.argv[1]), dimension=4)
print("holding", flush=True)
sys.stdin.readline()
index.close()
"""


def test_a_broken_embedded_store_handle_is_reopened_and_reported_while_it_cannot_be(tmp_path):
    import subprocess
    import sys

    from core.errors import ErrorCode, RagloopError
    from retrieval.edge import EdgeIndex

    index = EdgeIndex(tmp_path / "store", dimension=4)
    index.upsert([make_point("a", 0, unit(4, 0))])
    index._shard.close()  # the handle breaks under the server: the next call reopens it and goes through
    index.upsert([make_point("b", 0, unit(4, 1))])
    assert index.health() == 2 and index.write_failure is None

    index._shard.close()  # broken again, and this time another process holds the store
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(tmp_path / "store")], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "holding"
        with pytest.raises(RagloopError) as failed:
            index.upsert([make_point("c", 0, unit(4, 2))])
        assert failed.value.code == ErrorCode.UNAVAILABLE and "cannot be reopened" in failed.value.message
        assert index.write_failure is not None
        with pytest.raises(RagloopError):
            index.health()  # /healthz says degraded
    finally:
        holder.communicate("\n", timeout=60)
    assert index.health() == 2, "once the other process lets go, the store is reopened with everything in it"
    index.upsert([make_point("c", 0, unit(4, 2))])
    assert index.count() == 3 and index.write_failure is None
    index.close()


def test_a_qdrant_server_snapshot_brings_the_collection_back_as_it_was(request, tmp_path, embedder):
    from retrieval.sparse import SparseVector

    index = open_test_index("rest", request, tmp_path, embedder)
    dim = index.dimension
    index.upsert([ChunkPoint(p.id, p.vector, p.payload, SparseVector([7], [1.0]))
                  for p in (make_point("a", 0, unit(dim, 0)), make_point("b", 0, unit(dim, 1)))])
    assert index.snapshot(tmp_path / "snapshot") and (tmp_path / "snapshot").is_dir()
    index.delete_document(document_id="a")
    index.upsert([make_point("c", 0, unit(dim, 2))])

    index.restore(tmp_path / "snapshot")

    assert index.count() == 2
    assert index.search(SearchQuery(dense=unit(dim, 0)), limit=1)[0].payload["document_id"] == "a"
    assert {h.payload["document_id"] for h in index.search(SearchQuery(sparse=SparseVector([7], [1.0])), limit=5)} \
        == {"a", "b"}, "BM25 vectors come back too"
    index.close()
    local = open_test_index("server", request, tmp_path, embedder)
    assert local.snapshot(tmp_path / "local") is False, "a client in local mode has no server to ask"
    local.close()
