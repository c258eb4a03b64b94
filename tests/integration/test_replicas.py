"""Two app instances over one database (SQLite file or Postgres) and one vector index, as two replicas behind a
load balancer: a chat stream posted to one is read from the other, sign-in throttling counts across both, and the
session cookie of one is good on the other. (Replicas in separate processes with a Qdrant server are for the
compose deployment; here both share the index object.)"""

import re

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
