"""The LLM-judged RAGAS metrics against a judge on 127.0.0.1 that speaks the OpenAI chat-completions protocol."""

import json

import numpy as np
import pytest

from core.db import session_scope
from core.runtime import Runtime
from eval import run_nightly
from eval.golden import import_items
from eval.judge import GIVE_UP_AFTER, Judge
from tests.conftest import make_settings
from tests.integration.openai_server import OpenAICompatibleServer

INDEX_ENGINES = ("edge",)  # the vector store is not what these test (tests/conftest.py)

QUESTION = "Which port does the agent listen on?"


@pytest.fixture
def judge_server():
    with OpenAICompatibleServer() as server:
        server.script(("judge",))
        yield server


def judge_settings(tmp_path, server, **overrides):
    return make_settings(tmp_path / "data", judge_base_url=server.base_url, judge_model="judge-model",
                         judge_api_key="judge-key", judge_max_retries=0, judge_timeout_s=5, **overrides)


def cosine(a, b) -> float:
    return float(np.dot(a, b) / (np.linalg.norm(a) * np.linalg.norm(b)))


def test_judged_metrics_are_computed_from_the_judges_verdicts(tmp_path, embedder, judge_server):
    judge = Judge(settings=judge_settings(tmp_path, judge_server), embedder=embedder)
    answer = "The agent listens on port 7311 [1]. The moon is made of green cheese [1]."
    try:
        scores = judge.score(question=QUESTION, answer=answer, reference="The agent listens on port 7311.",
                             contexts=["The agent listens on port 7311 by default."])
    finally:
        judge.close()
    assert scores["faithfulness"] == 0.5, "one of the two statements is supported by the context"
    # precision 1/2 (one of the answer's claims is in the reference), recall 1/1: F1 2/3, as RAGAS rounds it
    assert scores["factual_correctness"] == pytest.approx(0.67)
    expected = cosine(embedder.embed_query(QUESTION), embedder.embed_query(answer))
    assert scores["response_relevancy"] == pytest.approx(expected, abs=1e-4)
    assert judge.record.judged == 1 and judge.record.problems() == []
    sent = judge_server.requests[0]
    assert sent["body"]["model"] == "judge-model" and sent["body"]["response_format"] == {"type": "json_object"}
    assert sent["headers"]["Authorization"] == "Bearer judge-key"


def test_personal_data_is_masked_before_it_reaches_an_untrusted_judge(tmp_path, embedder, judge_server):
    judge = Judge(settings=judge_settings(tmp_path, judge_server), embedder=embedder)
    try:
        judge.score(question="What is the address of jane.doe@example.com?", answer="Write to jane.doe@example.com.",
                    contexts=["Contact jane.doe@example.com for billing."], reference=None)
    finally:
        judge.close()
    wire = json.dumps([r["body"] for r in judge_server.requests])
    assert judge_server.requests and "jane.doe@example.com" not in wire and "[EMAIL_1]" in wire

    blocked = Judge(settings=judge_settings(tmp_path, judge_server, pii_policy="block"), embedder=embedder)
    before = len(judge_server.requests)
    try:
        assert blocked.score(question="Mail jane.doe@example.com?", answer="Yes.", contexts=["x"], reference=None) == {}
    finally:
        blocked.close()
    assert len(judge_server.requests) == before and blocked.record.skipped == 1


def test_a_failing_judge_leaves_metrics_missing_and_is_given_up_on(tmp_path, embedder, judge_server):
    judge_server.script(("status", 500))
    judge = Judge(settings=judge_settings(tmp_path, judge_server), embedder=embedder)
    try:
        for _ in range(GIVE_UP_AFTER):
            assert judge.score(question=QUESTION, answer="Port 7311.", contexts=["7311"], reference=None) == {}
        asked = len(judge_server.requests)
        assert judge.score(question=QUESTION, answer="Port 7311.", contexts=["7311"], reference=None) == {}
    finally:
        judge.close()
    assert len(judge_server.requests) == asked, "a judge that was given up on is not asked again"
    assert judge.record.failed == GIVE_UP_AFTER and judge.record.skipped == 1
    problems = " ".join(judge.record.problems())
    assert "judge failed on 3 items" in problems and "Error code: 500" in problems and "given up" in problems


def approve(session_factory, rows):
    with session_scope(session_factory) as session:
        import_items(session=session, items=[
            {"question": q, "reference_answer": a, "reference_documents": [], "answerable": True,
             "origin": "imported", "status": "approved"} for q, a in rows])


def test_nightly_scores_with_the_judge_and_marks_a_run_the_judge_failed_on(
        tmp_path, embedder, judge_server, pipeline, corpus, session_factory, index):
    pipeline.run_paths([str(corpus)], collection="default")
    approve(session_factory, [(QUESTION, "The agent listens on port 7311."), ("Is traffic encrypted?", "TLS 1.3")])
    judging = Runtime(judge_settings(tmp_path, judge_server), embedder=embedder, index=index)
    judged = run_nightly(judging, report_dir=tmp_path / "reports")
    assert judged.status == "complete", judged.problems
    assert judged.metrics["faithfulness"] == 1.0, "extractive answers quote their sources"
    assert 0.0 < judged.metrics["response_relevancy"] <= 1.0 and 0.0 <= judged.metrics["factual_correctness"] <= 1.0
    assert "string_presence" in judged.metrics

    judge_server.script(("status", 503))
    failed = run_nightly(judging, report_dir=tmp_path / "reports")
    judging.close()
    assert failed.status == "partial" and "judge failed on 2 items" in failed.problems[0]
    assert not {"faithfulness", "response_relevancy", "factual_correctness"} & set(failed.metrics), \
        "no judged number is claimed for a run the judge did not score"
    assert "string_presence" in failed.metrics, "the metrics that need no judge are kept"
    html = (tmp_path / "reports" / "latest.html").read_text()
    assert "Partial run" in html and "judge failed on 2 items" in html


def test_pairwise_judging_asks_both_orders_and_cancels_a_judge_that_favours_a_position(tmp_path, embedder,
                                                                                        judge_server):
    judge = Judge(settings=judge_settings(tmp_path, judge_server), embedder=embedder)
    right, wrong = "The agent listens on port 7311.", "The agent uses a random port."
    try:
        assert judge.prefer(question=QUESTION, reference="port 7311", first=right, second=wrong) == "first"
        assert judge.prefer(question=QUESTION, reference="port 7311", first=wrong, second=right) == "second"
        prompts = [r["body"]["messages"][-1]["content"] for r in judge_server.requests[-2:]]
        assert prompts[0].index(wrong) < prompts[0].index(right) and prompts[1].index(right) < prompts[1].index(wrong)
        judge_server.script(("reply", "A"))  # a judge that always picks the first answer it is shown
        assert judge.prefer(question=QUESTION, reference="port 7311", first=wrong, second=right) == "tie"
    finally:
        judge.close()


def test_compare_reports_cost_latency_and_the_judges_win_rate(tmp_path, embedder, judge_server, corpus):
    from eval.compare import Arm, run_compare
    from eval.store import list_golden

    settings = judge_settings(tmp_path, judge_server)
    from core.runtime import runtime

    with runtime(settings, embedder=embedder) as built:
        built.pipeline.run_paths([str(corpus)], collection="default")
        with built.session() as session:
            import_items(session=session, items=[
                {"question": q, "reference_answer": a, "reference_documents": [], "answerable": True,
                 "origin": "imported", "status": "approved"}
                for q, a in [(QUESTION, "The agent listens on port 7311"), ("Is traffic encrypted?", "TLS 1.3")]])
            items = list_golden(session=session, status="approved")
        arms = [Arm("hybrid", {}), Arm("refusing", {"refusal_threshold": 1.0})]
        services = [built.answer_service(settings.with_overrides(arm.overrides, label=arm.name)) for arm in arms]
        judge = Judge(settings=settings, embedder=embedder)
        try:
            run_compare(arms=arms, services=services, items=items, embedder=embedder, k=5, judge=judge)
        finally:
            judge.close()
    assert {"latency_ms_p50", "latency_ms_p95", "cost_usd_per_answer"} <= set(arms[0].metrics)
    assert arms[1].pairwise == {"against": "hybrid", "wins": 0, "losses": 2, "ties": 0, "judged": 2,
                                "win_rate": 0.0}, "refusing everything loses to answers holding the reference"
