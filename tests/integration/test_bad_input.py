"""Bad input gets a 4xx with a reason, never a 500; secrets are never shown or logged; a partial form save never
clears what it did not send."""

import json
import logging
import socket

from fastapi.testclient import TestClient
from pydantic import SecretStr

from core.db import session_scope
from core.settings import Settings
from eval import import_items, list_golden
from tests.conftest import make_settings
from tests.integration.test_web import sign_in
from web.app import create_app


def test_ids_past_64_bits_or_below_one_are_no_such_page_not_a_500(client):
    agent = sign_in(client.app, "gus", "agent")
    for path in ("/golden/9223372036854775808", "/reports/99999999999999999999", "/golden/0"):
        response = agent.get(path)
        assert response.status_code == 404 and "no such page" in response.text, (path, response.status_code)
        assert "Input should be" not in response.text
    assert agent.post("/golden/9223372036854775808", data={"action": "save"}).status_code == 404


def test_a_partial_save_of_a_golden_item_keeps_what_it_did_not_send(client):
    runtime = client.app.state.runtime
    with session_scope(runtime.session_factory) as session:
        import_items(session=session, items=[{"question": "Which port?", "reference_answer": "7311",
                                              "reference_documents": ["kb/install.md"], "answerable": True,
                                              "origin": "imported", "status": "candidate"}])
        item_id = list_golden(session=session)[0].id
    agent = sign_in(client.app, "gus", "agent")
    assert agent.post(f"/golden/{item_id}", data={"action": "save", "reference_answer": "Port 7311."}).status_code == 200
    with session_scope(runtime.session_factory) as session:
        item = list_golden(session=session)[0]
        assert (item.reference_answer, item.reference_documents, item.answerable) == (
            "Port 7311.", ["kb/install.md"], True)
    # The page's own form says it showed the box: unticked there means "not answerable".
    agent.post(f"/golden/{item_id}", data={"action": "save", "answerable_shown": "true"})
    with session_scope(runtime.session_factory) as session:
        assert list_golden(session=session)[0].answerable is False


def test_a_chunked_upload_over_the_limit_is_stopped_while_it_streams(client, app_settings):
    app_settings.max_upload_bytes = 1_000
    limit = 1_000 * 20 + 8_000_000
    sent = {"bytes": 0}

    def body():  # no Content-Length: the client streams it in chunks
        boundary = b"--x\r\nContent-Disposition: form-data; name=\"files\"; filename=\"big.txt\"\r\n\r\n"
        yield boundary
        for _ in range(limit // 65_536 + 100):
            sent["bytes"] += 65_536
            yield b"x" * 65_536
        yield b"\r\n--x--\r\n"

    editor = sign_in(client.app, "eve", "editor")
    response = editor.post("/documents/upload", content=body(),
                           headers={"Content-Type": "multipart/form-data; boundary=x"})
    assert response.status_code == 413 and "limit" in response.json()["detail"]
    uploads = app_settings.uploads
    assert not uploads.exists() or not any(uploads.rglob("big.txt")), "nothing of it was kept"


def test_no_secret_is_shown_on_the_settings_page_or_logged(tmp_path, embedder, caplog):
    secrets = {name: f"s3cret-{name.replace('_', '-')}-value" for name, field in Settings.model_fields.items()
               if field.annotation is SecretStr}
    secrets["llm_fallbacks"] = json.dumps([{"name": "backup", "base_url": "http://127.0.0.1:9", "model": "m",
                                            "api_key": "s3cret-fallback-key"}])
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        secrets["alert_webhook_url"] = f"http://127.0.0.1:{sock.getsockname()[1]}/s3cret-webhook-path"
    assert {"llm_api_key", "llm_fallbacks", "judge_api_key", "secret_key", "alert_webhook_url",
            "langfuse_secret_key", "qdrant_api_key"} <= set(secrets)
    settings = make_settings(tmp_path / "data", **secrets)
    caplog.set_level(logging.DEBUG)
    with TestClient(create_app(settings, embedder=embedder)) as started:
        admin = sign_in(started.app, "ada", "admin")
        page = admin.get("/admin/settings").text
        assert "RAGLOOP_LLM_FALLBACKS" in page or "llm_fallbacks" in page
    shown = page + caplog.text + repr(settings)
    leaked = [value for value in ("s3cret", "s3cret-fallback-key", "s3cret-webhook-path") if value in shown]
    assert leaked == [], f"secrets shown or logged: {leaked}"


def test_questions_are_stored_with_personal_data_masked_when_the_policy_says_so(tmp_path, embedder, corpus):
    from feedback import get_answer

    settings = make_settings(tmp_path / "data", pii_store="mask", anonymous_chat=True)
    with TestClient(create_app(settings, embedder=embedder)) as started:
        runtime = started.app.state.runtime
        runtime.pipeline.run_paths([str(corpus)], collection="default")
        body = started.post("/api/ask", json={"question": "Which port does the agent use? I am ann@example.com"}).json()
        with session_scope(runtime.session_factory) as session:
            stored = get_answer(session=session, answer_id=body["answer_id"])
            assert "ann@example.com" not in stored.question and "[EMAIL]" in stored.question
            assert "ann@example.com" not in (stored.search_query or "")


def test_an_unreachable_qdrant_is_a_clear_error_and_a_degraded_health_check(client, monkeypatch):
    import pytest
    from qdrant_client import QdrantClient

    from core.errors import ErrorCode, RagloopError
    from retrieval.server import QdrantServerIndex

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(RagloopError) as caught:
        QdrantServerIndex(QdrantClient(url=f"http://127.0.0.1:{port}", timeout=2), collection="c", dimension=4)
    assert caught.value.code == ErrorCode.UNAVAILABLE and "does not answer" in caught.value.message

    def down(**_):
        raise RagloopError(ErrorCode.UNAVAILABLE, "the Qdrant server does not answer")

    monkeypatch.setattr(client.app.state.runtime.index, "count", down)
    health = client.get("/healthz")
    assert health.status_code == 503 and health.json()["status"] == "degraded"
    monkeypatch.setattr(client.app.state.runtime.index, "search", lambda *a, **k: down())
    asked = client.post("/api/ask", json={"question": "Which port?"})
    assert asked.status_code == 503 and "does not answer" in asked.json()["detail"]


def test_a_request_that_finds_no_free_database_connection_gets_a_503_not_a_hang(tmp_path, embedder, database_url):
    settings = make_settings(tmp_path / "data", database_url=database_url, db_pool_size=1, db_pool_timeout_s=0.5,
                             anonymous_chat=True)
    with TestClient(create_app(settings, embedder=embedder)) as started:
        engine = started.app.state.runtime.engine
        held = [engine.connect() for _ in range(2)]  # the pool (1) and its overflow (1), both taken
        try:
            busy = started.post("/api/ask", json={"question": "Which port?"})
        finally:
            for connection in held:
                connection.close()
        assert busy.status_code == 503 and busy.json()["error"] == "unavailable"
        assert started.get("/healthz").status_code == 200, "the server is fine once connections are free"
