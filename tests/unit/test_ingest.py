from core.db import session_scope
from ingest import discover, document_id, store


def test_ingest_then_reingest_changes_nothing(pipeline, corpus, index):
    first = pipeline.run([str(corpus)], collection="default")
    assert (first.added, first.updated, first.unchanged, first.failed) == (3, 0, 0, [])
    chunks = index.count()
    assert chunks >= 3
    second = pipeline.run([str(corpus)], collection="default")
    assert (second.added, second.updated, second.unchanged) == (0, 0, 3)
    assert index.count() == chunks


def test_payload_carries_document_title_source_position_and_text(pipeline, corpus, index, embedder):
    pipeline.run([str(corpus)], collection="default")
    hit = index.search(embedder.embed_query("which port does the agent listen on").tolist(), limit=1)[0]
    payload = hit.payload
    assert payload["title"] == "Installing the agent"
    assert payload["source"].endswith("kb/install.md")
    assert payload["document_id"] == document_id("default", payload["source"])
    assert payload["position"] == 0 and "port 7311" in payload["text"]


def test_changed_document_is_replaced_without_leftover_chunks(pipeline, corpus, index, session_factory, settings):
    path = corpus / "billing.md"
    path.write_text("# Billing\n\n" + " ".join(f"Clause {i} says invoices follow rule {i}." for i in range(120)))
    pipeline.run([str(corpus)], collection="default")
    doc_id = document_id("default", discover([str(corpus)])[0][1])
    long_count = index.count(document_id=doc_id)
    assert long_count > 1
    path.write_text("# Billing\n\nInvoices are now sent weekly.")
    report = pipeline.run([str(corpus)], collection="default")
    assert (report.updated, report.unchanged) == (1, 2)
    assert index.count(document_id=doc_id) == 1
    with session_scope(session_factory) as session:
        row = store.get_document(session=session, document_id=doc_id)
        assert (row.version, row.chunk_count) == (2, 1)


def test_prune_removes_documents_whose_files_disappeared(pipeline, corpus, index):
    pipeline.run([str(corpus)], collection="default")
    (corpus / "security.md").unlink()
    report = pipeline.run([str(corpus)], collection="default", prune=True)
    assert report.deleted == 1
    assert all("security" not in h.payload["source"] for h in index.search([1.0] * index.dimension, limit=50))


def test_failures_are_reported_and_the_rest_is_ingested(pipeline, corpus, tmp_path, index):
    (corpus / "empty.md").write_text("")
    (tmp_path / "notes.docx").write_bytes(b"PK")
    report = pipeline.run([str(corpus), str(tmp_path / "missing"), str(tmp_path / "notes.docx")],
                          collection="default")
    assert report.added == 3
    failed = {f["path"].rsplit("/", 1)[-1]: f["error"] for f in report.failed}
    assert set(failed) == {"empty.md", "missing", "notes.docx"}
    assert "no text" in failed["empty.md"] and "no such" in failed["missing"] and "unsupported" in failed["notes.docx"]


def test_sources_are_the_paths_as_named(tmp_path, corpus, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert sorted(source for _, source in discover(["./kb"])) == ["kb/billing.md", "kb/install.md",
                                                                  "kb/security.md"]
