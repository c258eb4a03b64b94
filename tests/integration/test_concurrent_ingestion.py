"""One document written from two places at once (two replicas, or a job and the command): the writers take turns,
so no chunk of one mixes with the other's and no version is lost, on SQLite and on Postgres."""

import threading
import time

from core.db import session_scope
from core.runtime import Runtime
from ingest import IngestPipeline, Source, store
from ingest.loaders import LoadedDocument, Section
from tests.conftest import make_settings

LONG = "\n\n".join(f"Paragraph {n} of the travel policy says that trip {n} needs approval from manager {n}. " * 8
                   for n in range(12))
SHORT = "Travel needs no approval any more."


def source(text: str) -> Source:
    return Source("policy.md", lambda: LoadedDocument("Travel policy", [Section(text)]), location="/kb/policy.md")


def test_two_writers_of_one_document_take_turns(tmp_path, database_url, embedder):
    runtime = Runtime(make_settings(tmp_path / "data", database_url=database_url), embedder=embedder)
    index = runtime.index
    # On Postgres the second writer is another pipeline, as in another replica: only the database holds them apart.
    # On SQLite one process owns the store and its one pipeline.
    pipelines = [runtime.pipeline, runtime.pipeline if database_url.startswith("sqlite") else IngestPipeline(
        settings=runtime.settings, embedder=embedder, index=index, session_factory=runtime.session_factory)]
    slow_down = index.delete_stale_chunks

    def delete_stale_chunks(**where):  # widen the window between writing chunks and recording the version
        time.sleep(0.5)
        return slow_down(**where)

    index.delete_stale_chunks = delete_stale_chunks
    start = threading.Barrier(2)

    def write(pipeline, text: str) -> None:
        start.wait()
        pipeline.run([source(text)], collection="default")

    try:
        writers = [threading.Thread(target=write, args=args) for args in zip(pipelines, (LONG, SHORT))]
        for writer in writers:
            writer.start()
        for writer in writers:
            writer.join(timeout=120)
        with session_scope(runtime.session_factory) as session:
            (document,) = store.list_documents(session=session)
            versions = [v.version for v in store.versions(session=session, document_id=document.id)]
        assert sorted(versions) == [1, 2] and document.version == 2, "both writes are versions, none lost"
        assert document.chunk_count > 0
        assert index.count(document_id=document.id) == document.chunk_count, \
            "the index holds exactly the chunks of the version recorded last"
    finally:
        runtime.close()
