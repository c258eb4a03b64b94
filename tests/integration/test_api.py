"""The JSON API and the chat page's htmx endpoints, through HTTP, on SQLite and on Postgres."""

import re

from core.db import session_scope
from core.settings import Settings
from feedback import get_answer, ratings_for


def state(client):
    return client.app.state.runtime


def test_ask_returns_a_cited_answer_and_stores_it(client):
    response = client.post("/api/ask", json={"question": "Which port does the agent listen on?"})
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"answer_id", "answer", "citations", "confidence", "refused", "trace_id", "verified"}
    assert "7311" in body["answer"] and not body["refused"] and body["verified"] is None
    assert {int(n) for n in re.findall(r"\[(\d+)\]", body["answer"])} == {c["n"] for c in body["citations"]}
    assert set(body["citations"][0]) == {"n", "document_id", "chunk_id", "title", "source", "snippet", "score"}
    with session_scope(state(client).session_factory) as session:
        stored = get_answer(session=session, answer_id=body["answer_id"])
        assert stored.answer == body["answer"] and stored.trace_id == body["trace_id"]
        assert stored.generator == "extractive" and stored.embedder == Settings(_env_file=None).embedding_model
        assert stored.latency_ms > 0 and stored.retrieved
        assert (stored.prompt_name, stored.supported_share) == ("extractive", 1.0)
        assert stored.generation["attempts"] == [{"generator": "extractive", "outcome": "ok"}]
        assert set(stored.generation["signals"]) >= {"chunk_coverage", "support"}


def test_an_agents_reviewed_answer_is_served_to_the_next_user_until_it_is_rated_down(client):
    """Through HTTP on both databases: an agent promotes an answer with a reference answer (the review page's form),
    a reworded question gets it with `verified`, GET /api/answers/{id} says so too, and a thumbs-down sends the
    item back to review, after which the documents answer again."""
    first = client.post("/api/ask", json={"question": "How long does a refund take?"}).json()
    source = next(c["source"] for c in first["citations"] if c["source"].endswith("billing.md"))
    written = "Refunds reach your card within five business days once billing approves them."
    promoted = client.post(f"/review/answers/{first['answer_id']}/promote", data={
        "reference_answer": written, "reference_documents": [source], "answerable": "true"})
    assert promoted.status_code == 200
    body = client.post("/api/ask", json={"question": "How long do refunds take?"}).json()
    assert body["answer"] == written and body["verified"]["golden_id"] and body["verified"]["reviewed_at"]
    assert [c["source"] for c in body["citations"]] == [source]
    assert client.get(f"/api/answers/{body['answer_id']}").json()["verified"] == body["verified"]
    rated = client.post(f"/api/answers/{body['answer_id']}/feedback", json={"rating": "down",
                                                                          "reason": "wrong_answer"})
    assert rated.status_code == 200
    again = client.post("/api/ask", json={"question": "How long do refunds take?"}).json()
    assert again["verified"] is None and again["answer"] != written
    golden = client.get(f"/golden/{body['verified']['golden_id']}")
    assert "candidate" in golden.text.lower() and "wrong" in golden.text.lower()


def test_feedback_is_stored_and_replaced(client):
    answer_id = client.post("/api/ask", json={"question": "How can I pay an invoice?"}).json()["answer_id"]
    first = client.post(f"/api/answers/{answer_id}/feedback", json={"rating": "down", "reason": "outdated"})
    second = client.post(f"/api/answers/{answer_id}/feedback", json={"rating": "up", "comment": "fixed now"})
    assert first.status_code == second.status_code == 200
    with session_scope(state(client).session_factory) as session:
        assert [(r.rating, r.reason, r.comment) for r in ratings_for(session=session, answer_id=answer_id)] == [
            ("up", None, "fixed now")]
    assert 'ragloop_ratings_total{rating="up"} 1.0' in client.get("/metrics").text


def test_bad_requests_get_4xx_with_a_reason(client):
    cases = [
        client.post("/api/ask", json={"question": ""}),
        client.post("/api/ask", json={"question": "   "}),
        client.post("/api/ask", json={}),
        client.post("/api/answers/does-not-exist/feedback", json={"rating": "up"}),
    ]
    answer_id = client.post("/api/ask", json={"question": "Is traffic encrypted?"}).json()["answer_id"]
    cases.append(client.post(f"/api/answers/{answer_id}/feedback", json={"rating": "sideways"}))
    assert [c.status_code for c in cases] == [422, 422, 422, 404, 422]
    assert all(c.json()["detail"] for c in cases)
    with session_scope(state(client).session_factory) as session:
        assert ratings_for(session=session, answer_id=answer_id) == []


def test_health_and_metrics(client):
    health = client.get("/healthz").json()
    assert health["status"] == "ok" and health["chunks"] >= 3
    client.post("/api/ask", json={"question": "What is the boiling point of mercury?"})
    assert 'ragloop_answers_total{refused="true"} 1.0' in client.get("/metrics").text


def test_static_htmx_is_vendored(client):
    script = client.get("/static/htmx.min.js")
    assert script.status_code == 200 and 'version:"2.' in script.text


def test_odd_questions_never_fail_with_a_500(client):
    cases = {
        "10k": client.post("/api/ask", json={"question": "why " * 2500}),
        "emoji": client.post("/api/ask", json={"question": "🙂🙂🙂"}),
        "punctuation": client.post("/api/ask", json={"question": "?!?!...,,,"}),
        "collection": client.post("/api/ask", json={"question": "Which port?", "collection": "nope"}),
    }
    assert cases["10k"].status_code == 422 and "longer than" in cases["10k"].json()["detail"]
    for name in ("emoji", "punctuation"):
        assert cases[name].status_code == 200 and cases[name].json()["refused"], name
    assert cases["collection"].status_code == 404 and "holds no documents" in cases["collection"].json()["detail"]


def test_llm_answers_count_guard_events_and_fallbacks(tmp_path, embedder, corpus):
    from fastapi.testclient import TestClient

    from tests.conftest import make_settings
    from tests.integration.openai_server import OpenAICompatibleServer
    from web.app import create_app

    with OpenAICompatibleServer() as llm:
        settings = make_settings(tmp_path / "data", generator="openai", llm_base_url=llm.base_url,
                                 llm_model="m", llm_max_retries=0, anonymous_chat=True)
        app = create_app(settings, embedder=embedder)
        with TestClient(app) as client:
            app.state.runtime.pipeline.run_paths([str(corpus)], collection="default")
            llm.script(("status", 500))
            body = client.post("/api/ask", json={"question": "Which port does the agent use? Mail a@b.co"}).json()
            metrics = client.get("/metrics").text
            with session_scope(app.state.runtime.session_factory) as session:
                stored = get_answer(session=session, answer_id=body["answer_id"])
                assert stored.generator == "extractive", "the extractive generator took over"
    assert 'ragloop_guard_events_total{action="masked",guard="pii",kind="email"} 1.0' in metrics
    assert 'ragloop_generator_attempts_total{generator="openai:primary",outcome="server_error"} 1.0' in metrics
    assert "a@b.co" not in str(llm.requests[0]["body"])


def test_metrics_parse_as_prometheus_text_and_time_every_stage(client):
    from prometheus_client.parser import text_string_to_metric_families

    client.post("/api/ask", json={"question": "Which port does the agent listen on?"})
    client.post("/api/ask", json={"question": ""})
    families = {family.name: family for family in text_string_to_metric_families(client.get("/metrics").text)}
    stages = {s.labels["stage"] for s in families["ragloop_stage_seconds"].samples if s.name.endswith("_count")}
    assert {"embed", "search", "retrieval", "generation", "citations"} <= stages
    answered = {s.labels["refused"]: s.value for s in families["ragloop_answers"].samples if s.name.endswith("_total")}
    assert sum(answered.values()) == 1
    errors = {s.labels["kind"]: s.value for s in families["ragloop_errors"].samples if s.name.endswith("_total")}
    assert errors.get("bad_input") == 1


def test_log_lines_are_json_with_the_request_and_trace_ids(client):
    import json
    import logging

    from core.logs import JsonFormatter

    lines = []
    handler = logging.Handler()
    handler.emit = lambda record: lines.append(json.loads(JsonFormatter().format(record)))
    root = logging.getLogger()
    root.addHandler(handler)
    level = root.level
    root.setLevel(logging.INFO)  # setLevel, not assignment: loggers cache whether a level is enabled
    try:
        response = client.post("/api/ask", json={"question": "Which port does the agent listen on?"},
                               headers={"X-Request-ID": "req-42"})
    finally:
        root.removeHandler(handler)
        root.setLevel(level)
    assert response.headers["x-request-id"] == "req-42"
    answered = next(line for line in lines if line["message"] == "answered")
    assert answered["request_id"] == "req-42" and answered["trace_id"] == response.json()["trace_id"]
    assert answered["refused"] is False and answered["latency_ms"] > 0
    access = next(line for line in lines if line["logger"] == "ragloop.access")
    assert (access["request_id"], access["path"], access["status"]) == ("req-42", "/api/ask", 200)
    assert client.get("/healthz", headers={"X-Request-ID": "<bad id>"}).headers["x-request-id"] != "<bad id>"


def test_the_grafana_dashboard_reads_metrics_the_app_exports(client):
    import json
    import re
    from pathlib import Path

    from prometheus_client.parser import text_string_to_metric_families

    dashboard = json.loads((Path(__file__).parents[2] / "deploy" / "grafana" / "ragloop.json").read_text())
    wanted = {name for panel in dashboard["panels"] for target in panel["targets"]
              for name in re.findall(r"ragloop_[a-z_]+", target["expr"])}
    client.post("/api/ask", json={"question": "Which port does the agent listen on?"})
    exported = {sample.name for family in text_string_to_metric_families(client.get("/metrics").text)
                for sample in family.samples}
    exported |= {f"{family.name}_total" for family in text_string_to_metric_families(client.get("/metrics").text)}
    assert wanted and wanted <= exported, f"the dashboard asks for metrics nobody exports: {wanted - exported}"
