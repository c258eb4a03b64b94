"""The vector index contract, run against the embedded engine and the Qdrant client API alike."""

from retrieval.index import ChunkPoint, SearchQuery, point_id


def make_point(doc: str, position: int, vector: list[float], *, collection="default", content_hash="h1"):
    return ChunkPoint(id=point_id(doc, position), vector=vector, payload={
        "document_id": doc, "collection": collection, "source": f"{doc}.md", "content_hash": content_hash,
        "text": f"{doc} chunk {position}", "position": position})


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
    assert [h.payload["document_id"] for h in index.search(SearchQuery(dense=unit(dim, 0)), limit=5, collection="hr")] == ["a"]


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
