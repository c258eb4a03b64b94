"""Tracing with the real Langfuse SDK against a local receiver that decodes what it sends."""

import base64
import json
import uuid

import pytest
from fastapi.testclient import TestClient

from ingest import IngestPipeline
from tests.conftest import make_settings
from tests.integration.langfuse_receiver import LangfuseReceiver
from web.app import create_app


@pytest.fixture
def receiver():
    server = LangfuseReceiver()
    yield server
    server.close()


def test_question_is_one_trace_with_stage_spans_and_rating_is_a_score(tmp_path, embedder, corpus, receiver):
    public_key = f"pk-{uuid.uuid4().hex[:8]}"
    settings = make_settings(tmp_path / "data", langfuse_host=receiver.url, langfuse_public_key=public_key,
                             langfuse_secret_key="sk-test", anonymous_chat=True)
    app = create_app(settings, embedder=embedder)
    with TestClient(app) as client:
        IngestPipeline(settings=settings, embedder=embedder, index=app.state.runtime.index,
                       session_factory=app.state.runtime.session_factory).run_paths([str(corpus)], collection="default")
        body = client.post("/api/ask", json={"question": "Which port does the agent listen on?",
                                             "conversation_id": "conv-7"}).json()
        client.post(f"/api/answers/{body['answer_id']}/feedback", json={"rating": "down", "reason": "outdated"})
        app.state.runtime.tracer.flush()

    spans = {span["name"]: span for span in receiver.spans if span["trace_id"] == body["trace_id"]}
    assert {"ask", "retrieval", "embed", "search", "generation", "citations"} <= set(spans)
    assert spans["embed"]["parent_span_id"] == spans["retrieval"]["span_id"]
    assert all(span["attributes"].get("session.id") == "conv-7" and span["attributes"].get("user.id") == "anon:api"
               for span in spans.values()), "every span carries the conversation and the user"
    assert spans["retrieval"]["parent_span_id"] == spans["ask"]["span_id"]
    assert spans["generation"]["parent_span_id"] == spans["ask"]["span_id"]
    assert "7311" in spans["ask"]["attributes"].get("langfuse.observation.output", "")
    scores = [s for s in receiver.scores if s.get("traceId") == body["trace_id"]]
    assert [(s["name"], s["value"], s.get("comment")) for s in scores] == [("user_rating", 0.0, "outdated")]
    expected_auth = "Basic " + base64.b64encode(f"{public_key}:sk-test".encode()).decode()
    assert expected_auth in receiver.auth_headers


def test_without_langfuse_settings_nothing_is_sent(tmp_path, embedder, receiver, corpus):
    settings = make_settings(tmp_path / "data", anonymous_chat=True)
    app = create_app(settings, embedder=embedder)
    with TestClient(app) as client:
        IngestPipeline(settings=settings, embedder=embedder, index=app.state.runtime.index,
                       session_factory=app.state.runtime.session_factory).run_paths([str(corpus)], collection="default")
        assert client.post("/api/ask", json={"question": "Which port?"}).status_code == 200
        assert not app.state.runtime.tracer.enabled
    assert receiver.spans == [] and receiver.scores == []


def test_nightly_syncs_the_langfuse_dataset_and_records_the_run_as_an_experiment(tmp_path, embedder, corpus, receiver):
    from core.runtime import runtime
    from eval import find_golden, import_items, review_item, run_nightly

    settings = make_settings(tmp_path / "data", langfuse_host=receiver.url, langfuse_public_key="pk-ds",
                             langfuse_secret_key="sk-test")
    with runtime(settings, embedder=embedder) as built:
        built.pipeline.run_paths([str(corpus)], collection="default")
        with built.session() as session:
            import_items(session=session, items=[
                {"question": q, "reference_answer": a, "reference_documents": [], "answerable": True,
                 "origin": "imported", "status": "approved"}
                for q, a in [("Which port does the agent listen on?", "7311"), ("Is traffic encrypted?", "TLS")]])
            review_item(session=session, item_id=find_golden(session=session, question="Is traffic encrypted?").id,
                        action="retire")
        result = run_nightly(built, report_dir=tmp_path / "reports")
        built.tracer.flush()
    assert result.items == 1 and list(receiver.datasets) == ["ragloop-golden"]
    statuses = {item["input"]["question"]: item["status"] for item in receiver.dataset_items.values()}
    assert statuses == {"Which port does the agent listen on?": "ACTIVE", "Is traffic encrypted?": "ARCHIVED"}
    experiment_spans = [span for span in receiver.spans if "langfuse.experiment.id" in span["attributes"]]
    assert experiment_spans, "the run arrives as experiment spans"
    attributes = experiment_spans[0]["attributes"]
    port_item = next(i for i in receiver.dataset_items.values() if i["input"]["question"].startswith("Which port"))
    assert attributes["langfuse.experiment.name"] == f"nightly run {result.run_id}"
    assert attributes["langfuse.experiment.dataset.id"] == receiver.datasets["ragloop-golden"]["id"]
    assert {span["attributes"].get("langfuse.experiment.item.id") for span in experiment_spans} == {port_item["id"]}
    experiment_id = attributes["langfuse.experiment.id"]
    item_scores = {s["name"]: s for s in receiver.scores if s.get("observationId") and
                   s["traceId"] in {span["trace_id"] for span in experiment_spans}}
    assert item_scores["string_presence"]["value"] == 1.0 and "rouge_l" in item_scores
    run_scores = {s["name"]: s["value"] for s in receiver.scores if s.get("datasetRunId") == experiment_id}
    assert run_scores["string_presence"] == result.metrics["string_presence"]
    assert run_scores["latency_ms_p50"] == result.metrics["latency_ms_p50"]
    answered = {span["trace_id"] for span in receiver.spans if span["name"] == "ask"}
    task_outputs = [json.loads(span["attributes"]["langfuse.observation.metadata.answer_trace_id"])
                    for span in experiment_spans if span["name"] == "experiment-item-task"]
    assert task_outputs and set(task_outputs) <= answered, "each item links to the trace of the answer it scored"


@pytest.mark.parametrize("langfuse", ["unreachable", "hanging"])
def test_a_broken_langfuse_neither_slows_answers_nor_holds_up_shutdown(tmp_path, embedder, corpus, receiver,
                                                                       langfuse):
    import socket
    import statistics
    import time

    from answer import build_answer_service
    from core.tracing import Tracer

    if langfuse == "hanging":
        host, receiver.post_delay_s = receiver.url, 30.0
    else:
        with socket.socket() as sock:  # a port nobody listens on
            sock.bind(("127.0.0.1", 0))
            host = f"http://127.0.0.1:{sock.getsockname()[1]}"

    def service(**options):
        settings = make_settings(tmp_path / "data", **options)
        tracer = Tracer(settings)
        return build_answer_service(settings, tracer=tracer, embedder=embedder, index=index), tracer

    def ask_ms(answers) -> float:
        started = time.perf_counter()
        answers.ask("Which port does the agent listen on?")
        return (time.perf_counter() - started) * 1000

    from retrieval.edge import EdgeIndex

    index = EdgeIndex(tmp_path / "qdrant", dimension=embedder.dimension)
    try:
        IngestPipeline(settings=make_settings(tmp_path / "data"), embedder=embedder, index=index,
                       session_factory=_session_factory(tmp_path)).run_paths([str(corpus)], collection="default")
        (plain_service, _), (traced_service, tracer) = service(), service(
            langfuse_host=host, langfuse_public_key="pk", langfuse_secret_key="sk", langfuse_timeout_s=1.0)
        plain, traced = [], []
        for _ in range(7):  # alternated, so that whatever else the machine does weighs on both alike
            plain.append(ask_ms(plain_service))
            traced.append(ask_ms(traced_service))
        started = time.monotonic()
        tracer.shutdown()
        shutdown_s = time.monotonic() - started
    finally:
        index.close()
    # Waiting on Langfuse would cost every answer its 1 s timeout (or the 30 s hang); what is left is noise.
    slower = statistics.median(traced) - statistics.median(plain)
    assert slower < 300 and min(traced) < min(plain) + 300, f"{langfuse} Langfuse: +{slower:.0f} ms per answer"
    assert shutdown_s < 20, f"shutdown waited {shutdown_s:.1f} s for a {langfuse} Langfuse"


def _session_factory(tmp_path):
    from core.db import make_engine, make_session_factory, migrate

    engine = make_engine(f"sqlite:///{tmp_path / 'ingest.db'}")
    migrate(engine)
    return make_session_factory(engine)


def test_a_generation_span_carries_model_usage_cost_and_the_langfuse_prompt_version(tmp_path, embedder, corpus,
                                                                                   receiver):
    import json

    from answer import build_answer_service
    from core.tracing import Tracer
    from retrieval.edge import EdgeIndex
    from tests.integration.openai_server import OpenAICompatibleServer

    receiver.prompts[("rag-answer", "production")] = (7, [
        {"role": "system", "content": "Answer from the sources; cite them as [n]."},
        {"role": "user", "content": "{{sources}}\n\nQuestion: {{question}}"}])
    index = EdgeIndex(tmp_path / "qdrant", dimension=embedder.dimension)
    with OpenAICompatibleServer() as llm:
        settings = make_settings(tmp_path / "data", langfuse_host=receiver.url, langfuse_public_key="pk-gen",
                                 langfuse_secret_key="sk", generator="openai", llm_base_url=llm.base_url,
                                 llm_model="test-model", llm_prices=json.dumps({"test-model": [1.0, 2.0]}))
        tracer = Tracer(settings)
        try:
            IngestPipeline(settings=settings, embedder=embedder, index=index,
                           session_factory=_session_factory(tmp_path)).run_paths([str(corpus)], collection="default")
            answers = build_answer_service(settings, tracer=tracer, embedder=embedder, index=index)
            llm.script(("reply", "The agent listens on port 7311 [1]."))
            answer = answers.ask("Which port does the agent listen on?")
            tracer.flush()
        finally:
            tracer.shutdown()
            index.close()
    assert answer.prompt_version == "7" and answer.cost_usd == (10 * 1.0 + 5 * 2.0) / 1e6
    generation = next(s for s in receiver.spans if s["name"] == "generation" and s["trace_id"] == answer.trace_id)
    attributes = generation["attributes"]
    assert attributes["langfuse.observation.model.name"] == "test-model"
    assert json.loads(attributes["langfuse.observation.usage_details"]) == {"input": 10, "output": 5}
    assert (attributes["langfuse.observation.prompt.name"], attributes["langfuse.observation.prompt.version"]) == (
        "rag-answer", 7)


@pytest.mark.parametrize("policy", ["mask", "drop", "keep"])
def test_personal_data_reaches_langfuse_only_as_the_policy_says(tmp_path, embedder, corpus, receiver, policy):
    settings = make_settings(tmp_path / "data", langfuse_host=receiver.url, langfuse_public_key=f"pk-{uuid.uuid4().hex[:8]}",
                             langfuse_secret_key="sk-test", anonymous_chat=True, pii_in_traces=policy)
    app = create_app(settings, embedder=embedder)
    question = ("Which port does the agent listen on? Mail ann.lee@example.com, card 4111 1111 1111 1111, "
                "or ask Sarah Johnson")
    with TestClient(app) as client:
        app.state.runtime.pipeline.run_paths([str(corpus)], collection="default")
        body = client.post("/api/ask", json={"question": question}).json()
        client.post(f"/api/answers/{body['answer_id']}/feedback",
                    json={"rating": "down", "reason": "other", "comment": "call me: 900101-1234567"})
        app.state.runtime.tracer.flush()
    sent = json.dumps([s for s in receiver.spans if s["trace_id"] == body["trace_id"]]) + json.dumps(receiver.scores)
    raw = ["ann.lee@example.com", "4111 1111 1111 1111", "900101-1234567", "Sarah Johnson"]
    if policy == "keep":
        assert all(value in sent for value in raw)
    else:
        assert not [value for value in raw if value in sent]
        assert ("[EMAIL]" in sent) == (policy == "mask") and ("withheld: personal data" in sent) == (policy == "drop")
