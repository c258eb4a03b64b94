"""`ragloop backup` while the server answers, then `ragloop restore` into an empty data folder: the same question gets
the same answer from the same passages, and the uploaded file is back for re-ingestion."""

import json
import os
import shutil
import subprocess
import sys

import httpx

from tests.integration.test_handoff import ROOT, Server, ragloop


def test_backup_while_serving_and_restore_answer_the_same(tmp_path, corpus):
    data = tmp_path / "data"
    env = {**os.environ, "RAGLOOP_DATA_DIR": str(data), "PYTHONPATH": str(ROOT)}
    added = subprocess.run([sys.executable, "-c", "from core.cli import main; main()", "users", "add", "eve",
                            "--role", "editor", "--password-stdin"], input="correct horse battery", env=env,
                           cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert added.returncode == 0, added.stderr
    token = ragloop("users", "token", "eve", env=env, cwd=tmp_path).stdout.strip().split()[-1]
    server = Server(env, tmp_path)
    try:
        assert ragloop("ingest", "kb", env=env, cwd=tmp_path).returncode == 0  # handed to the server
        headers = {"Authorization": f"Bearer {token}"}
        job = httpx.post(f"{server.url}/api/documents", headers=headers, timeout=60,
                         files=[("files", ("hours.md", b"# Hours\n\nThe helpdesk opens at 7 am.", "text/markdown"))])
        assert job.status_code == 202
        question = {"question": "Which port does the agent listen on?"}
        before = httpx.post(f"{server.url}/api/ask", json=question, headers=headers, timeout=60).json()

        taken = ragloop("backup", str(tmp_path / "backup"), env=env, cwd=tmp_path)
        assert taken.returncode == 0, taken.stderr
        assert "database, vectors, uploads" in taken.stdout
        assert httpx.post(f"{server.url}/api/ask", json=question, headers=headers, timeout=60).status_code == 200
        refused = ragloop("restore", str(tmp_path / "backup"), env=env, cwd=tmp_path)
        assert refused.returncode == 2 and "stop it" in refused.stderr
        again = ragloop("backup", str(tmp_path / "backup"), env=env, cwd=tmp_path)
        assert again.returncode == 2 and "not an empty folder" in again.stderr
    finally:
        server.stop()

    shutil.rmtree(data)  # the machine is lost
    restored = ragloop("restore", str(tmp_path / "backup"), env=env, cwd=tmp_path)
    assert restored.returncode == 0, restored.stderr
    after = json.loads(ragloop("ask", question["question"], "--json", env=env, cwd=tmp_path).stdout)
    assert after["answer"] == before["answer"] and "7311" in after["answer"]
    assert [c["chunk_id"] for c in after["citations"]] == [c["chunk_id"] for c in before["citations"]]
    assert list((data / "uploads").glob("*/*/hours.md")), "the uploaded file is back for re-ingestion"


def test_the_database_sqlite_or_postgres_is_backed_up_and_restored_with_the_vectors(tmp_path, corpus, database_url, embedder):
    """Both databases: SQLite by its online backup, Postgres (the deployment's own schema) by pg_dump/pg_restore."""
    from sqlalchemy import create_engine, inspect, text

    from core.backup import backup, restore
    from core.runtime import runtime
    from tests.conftest import make_settings
    from web.store import get_user, save_user

    settings = make_settings(tmp_path / "data", database_url=database_url)
    question = "Which port does the agent listen on?"
    with runtime(settings, embedder=embedder) as built:
        built.pipeline.run_paths([str(corpus)], collection="default")
        with built.session() as session:
            save_user(session=session, name="eve", role="editor", password_hash=None)
        before = built.answers.ask(question)
        manifest = backup(built, tmp_path / "backup")
    assert manifest["database"] == ("postgres" if database_url.startswith("postgresql") else "sqlite")
    assert manifest["copied"] == ["database", "vectors"]

    # the machine and its database are lost
    shutil.rmtree(tmp_path / "data")
    if database_url.startswith("postgresql"):
        engine = create_engine(database_url)
        with engine.begin() as conn:
            for table in inspect(conn).get_table_names():
                conn.execute(text(f'DROP TABLE "{table}" CASCADE'))
        engine.dispose()

    restore(settings, tmp_path / "backup")
    with runtime(settings, embedder=embedder) as built:
        after = built.answers.ask(question)
        with built.session() as session:
            assert get_user(session=session, name="eve").role == "editor"
    assert after.answer == before.answer and "7311" in after.answer


def test_vectors_on_a_qdrant_server_are_taken_as_a_snapshot_and_recovered(tmp_path, corpus, embedder, qdrant_standin):
    import uuid

    from qdrant_client import QdrantClient

    from core.backup import backup, restore
    from core.runtime import runtime
    from tests.conftest import make_settings

    settings = make_settings(tmp_path / "data", qdrant_url=qdrant_standin.url,
                             qdrant_collection=f"backup{uuid.uuid4().hex[:8]}")
    question = "Which port does the agent listen on?"
    with runtime(settings, embedder=embedder) as built:
        built.pipeline.run_paths([str(corpus)], collection="default")
        before = built.answers.ask(question)
        manifest = backup(built, tmp_path / "backup")
    assert manifest["vectors"] == "server" and "vectors" in manifest["copied"] and not manifest["not_copied"]

    QdrantClient(url=qdrant_standin.url).delete_collection(settings.qdrant_collection)  # the server lost them
    shutil.rmtree(tmp_path / "data")
    restore(settings, tmp_path / "backup")

    with runtime(settings, embedder=embedder) as built:
        after = built.answers.ask(question)
    assert after.answer == before.answer and "7311" in after.answer
    assert [c.chunk_id for c in after.citations] == [c.chunk_id for c in before.citations]
