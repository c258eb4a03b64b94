"""Two app instances over one database (SQLite file or Postgres) and one vector index, as two replicas behind a
load balancer: a chat stream posted to one is read from the other, sign-in throttling counts across both, and the
session cookie of one is good on the other. (Replicas in separate processes with a Qdrant server are for the
compose deployment; here both share the index object.)"""

import re
import sys

import pytest
from fastapi.testclient import TestClient

from core.runtime import Runtime
from tests.integration.conftest import make_user
from tests.integration.test_web import PASSWORD, form_token, page_token
from web.app import create_app


@pytest.fixture
def replicas(app_settings, embedder, corpus):
    first = Runtime(app_settings, embedder=embedder)
    second = Runtime(app_settings, embedder=embedder, index=first.index)
    first.pipeline.run_paths([str(corpus)], collection="default")
    with TestClient(create_app(runtime=first)) as a, TestClient(create_app(runtime=second)) as b:
        yield a, b
    second.close()
    first.close()


def test_a_chat_stream_posted_to_one_replica_is_read_from_the_other(replicas):
    a, b = replicas
    make_user(a.app, "ann", "user")
    token = form_token(a.get("/login").text)
    a.post("/login", data={"name": "ann", "password": PASSWORD, "csrf_token": token})
    csrf = page_token(a.get("/").text)
    posted = a.post("/chat", data={"question": "Which port does the agent listen on?"},
                    headers={"X-CSRF-Token": csrf, "HX-Request": "true"})
    key = re.search(r'sse-connect="/chat/stream/([^"]+)"', posted.text).group(1)
    b.cookies.update(a.cookies)  # the load balancer sends the same browser to the other replica
    stream = b.get(f"/chat/stream/{key}")
    assert "7311" in stream.text and "data-answer-id" in stream.text
    assert "expired" in a.get(f"/chat/stream/{key}").text, "a stream is read once, on whichever replica"


def test_sign_in_throttling_counts_across_replicas(replicas):
    a, b = replicas
    make_user(a.app, "ann", "user")

    def fail(client) -> int:
        token = form_token(client.get("/login").text)
        return client.post("/login", data={"name": "ann", "password": "wrong", "csrf_token": token},
                           follow_redirects=False).status_code

    codes = [fail(client) for client in (a, b, a, b, a, b)]
    assert codes == [401] * 5 + [429]


def test_an_upload_taken_by_one_replica_is_followed_and_served_on_the_other(replicas):
    from tests.integration.test_documents import wait_for_job

    a, b = replicas
    make_user(a.app, "eve", "editor")
    a.post("/login", data={"name": "eve", "password": PASSWORD, "csrf_token": form_token(a.get("/login").text)})
    headers = {"X-CSRF-Token": page_token(a.get("/").text), "HX-Request": "true"}
    b.cookies.update(a.cookies)
    b.headers.update(headers)
    job = a.post("/documents/upload", headers=headers,
                 files=[("files", ("hours.md", b"# Hours\n\nThe helpdesk opens at 7 am.", "text/markdown"))])
    assert job.status_code == 200
    finished = wait_for_job(b, job.text)  # followed on the other replica
    assert 'data-status="finished"' in finished and "1 added" in finished
    answer = b.post("/api/ask", json={"question": "When does the helpdesk open?"}, headers=headers).json()
    assert "7 am" in answer["answer"]


@pytest.mark.postgres
@pytest.mark.serial  # drives the two processes under load
def test_two_app_processes_over_postgres_and_a_qdrant_server(tmp_path, qdrant_standin):
    """Two `ragloop serve` processes on one Postgres database and one Qdrant server (the REST stand-in of
    tests/qdrant_standin.py: no Qdrant server binary installs here), requests alternating between them."""
    import json
    import os
    import secrets
    import subprocess
    import uuid

    import httpx
    from sqlalchemy import create_engine, text

    from eval.load_bench import run_load
    from tests.conftest import POSTGRES_URL, postgres_schema_url
    from tests.integration.test_handoff import ROOT, Server, ragloop

    url, schema = postgres_schema_url()
    admin = create_engine(POSTGRES_URL)
    with admin.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    env = {**os.environ, "PYTHONPATH": str(ROOT), "RAGLOOP_DATABASE_URL": url,
           "RAGLOOP_QDRANT_URL": qdrant_standin.url, "RAGLOOP_QDRANT_COLLECTION": f"r{uuid.uuid4().hex[:12]}",
           "RAGLOOP_DATA_DIR": str(tmp_path / "cli"), "RAGLOOP_SECRET_KEY": secrets.token_urlsafe(32),
           "RAGLOOP_UPLOAD_DIR": str(tmp_path / "shared-uploads")}  # a volume both replicas mount
    servers = []
    try:
        assert ragloop("migrate", env=env, cwd=tmp_path).returncode == 0  # once, before the replicas start
        for name, role in (("eve", "editor"), ("ann", "user")):
            added = subprocess.run([sys.executable, "-c", "from core.cli import main; main()", "users", "add", name,
                                    "--role", role, "--password-stdin"], input=PASSWORD, env=env, cwd=tmp_path,
                                   capture_output=True, text=True, timeout=120)
            assert added.returncode == 0, added.stderr
        servers = [Server({**env, "RAGLOOP_DATA_DIR": str(tmp_path / replica)}, tmp_path) for replica in "ab"]
        a, b = (httpx.Client(base_url=s.url, timeout=60) for s in servers)
        login = a.get("/login").text
        a.post("/login", data={"name": "eve", "password": PASSWORD, "csrf_token": form_token(login)})
        headers = {"X-CSRF-Token": page_token(a.get("/").text), "HX-Request": "true"}
        b.cookies.update(a.cookies)  # the load balancer sends the same browser to either replica

        job = a.post("/documents/upload", headers=headers,
                     files=[("files", ("hours.md", b"# Hours\n\nThe helpdesk opens at 7 am on weekdays.",
                                       "text/markdown"))])
        assert job.status_code == 200, job.text
        from tests.integration.test_documents import wait_for_job

        assert "1 added" in wait_for_job(b, job.text), "the upload is followed on the other replica"
        asked = b.post("/api/ask", json={"question": "When does the helpdesk open?"}, headers=headers).json()
        assert "7 am" in asked["answer"]

        posted = a.post("/chat", data={"question": "When does the helpdesk open?"}, headers=headers)
        key = re.search(r'sse-connect="/chat/stream/([^"]+)"', posted.text).group(1)
        assert "7 am" in b.get(f"/chat/stream/{key}").text, "a stream started on one replica is read on the other"

        def fail(client) -> int:
            with httpx.Client(base_url=str(client.base_url), timeout=60) as fresh:
                token = form_token(fresh.get("/login").text)
                return fresh.post("/login", data={"name": "ann", "password": "wrong", "csrf_token": token}).status_code

        assert [fail(c) for c in (a, b, a, b, a, b)] == [401] * 5 + [429], "the throttle counts across replicas"

        token = ragloop("users", "token", "ann", env=env, cwd=tmp_path).stdout.strip().split()[-1]
        load = run_load([s.url for s in servers], token=token, concurrency=4, duration_s=3)
        assert load["replicas"] == 2 and load["answers_per_s"] > 0, load
        assert load["errors"] == 0 and load["lost_ratings"] == 0, load["error_samples"]

        qdrant_standin.stop()  # the Qdrant server goes away during asks ...
        down = a.post("/api/ask", json={"question": "When does the helpdesk open?"}, headers=headers)
        assert down.status_code == 503 and "does not answer" in down.json()["detail"]
        assert b.get("/healthz").json()["status"] == "degraded"
        qdrant_standin.start()  # ... and comes back: the replicas simply go on
        assert b.get("/healthz").json() == {"status": "ok", "chunks": 1}
        again = a.post("/api/ask", json={"question": "When does the helpdesk open?"}, headers=headers).json()
        assert "7 am" in again["answer"]

        golden = tmp_path / "golden.jsonl"
        golden.write_text("".join(json.dumps({"question": f"When does the helpdesk open{mark}",
                                              "reference_answer": "7 am"}) + "\n" for mark in ("?", " on Monday?",
                                                                                               " on weekdays?")))
        assert ragloop("golden", "import", str(golden), env=env, cwd=tmp_path).returncode == 0
        starts = [subprocess.Popen([sys.executable, "-c", "from core.cli import main; main()", "nightly", "--json"],
                                   env=env, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                  for _ in range(2)]
        codes = [p.wait(timeout=600) for p in starts]
        outputs = [p.communicate() for p in starts]
        assert sorted(codes)[1] == 75 and sorted(codes)[0] != 75, (codes, outputs)
        assert "in progress" in outputs[codes.index(75)][1], "two nightly starts at once: one run"
        with admin.begin() as conn:
            assert conn.execute(text(f"SELECT count(*) FROM {schema}.eval_runs")).scalar() == 1
    finally:
        for server in servers:
            server.stop()
        with admin.begin() as conn:
            conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()
