"""The playground: a question from the golden set run under two configurations side by side (generator, prompt
version, retrieval settings), and prompt versions saved, kept with who changed what, and promoted to production."""

import re

import pytest

from answer import build_answer_service
from core import audit
from core.db import session_scope
from core.tracing import Tracer
from eval.store import add_golden
from feedback import review_queue
from tests.integration.test_web import ask, sign_in

QUESTION = "Which port does the agent listen on?"


@pytest.fixture
def with_llm(client, llm):
    """The app as deployed with an LLM endpoint configured (the extractive generator still the default)."""
    runtime = client.app.state.runtime
    runtime.settings = runtime.settings.with_overrides({"llm_base_url": llm.base_url, "llm_model": "test-model",
                                                        "llm_api_key": "sk-test", "llm_backoff_s": 0.01}, label="test")
    return client


def sides(html: str) -> dict[str, str]:
    return dict(re.findall(r'<article class="answer side[^"]*" data-side="(\w)">(.*?)</article>', html, re.S))


def test_a_golden_question_runs_under_two_configurations_side_by_side(with_llm, llm):
    app = with_llm.app
    with session_scope(app.state.runtime.session_factory) as session:
        item = add_golden(session=session, question=QUESTION, reference_answer="Port 7311.", reference_documents=[],
                          answerable=True, origin="imported", status="approved", language="en")
    agent = sign_in(app, "gus", "agent")
    page = agent.get(f"/playground?pick=golden:{item.id}")
    assert page.status_code == 200 and f">{QUESTION}</textarea>" in page.text
    assert '<option value="openai">' in page.text, "the configured LLM can be compared with the extractive one"
    assert agent.get("/playground?pick=golden:999999").status_code == 404

    llm.script(("reply", "The agent listens on port 7311 [1]."))
    run = agent.post("/playground/run", data={
        "question": QUESTION, "collection": "default", "a_generator": "extractive", "a_top_k": "5",
        "b_generator": "openai", "b_top_k": "2", "b_hybrid_sparse_weight": "0"})
    assert run.status_code == 200, run.text
    found = sides(run.text)
    assert set(found) == {"A", "B"}
    assert "7311" in found["A"] and "extractive" in found["A"] and "none (local)" in found["A"]
    assert "7311" in found["B"] and "openai:primary" in found["B"] and "top_k 2" in found["B"]
    assert "$" in found["B"] or "unknown" in found["B"], "an LLM answer shows its cost"
    assert all(re.search(r'class="latency">\d+ ms', html) for html in found.values())
    assert all(re.search(r'class="confidence-value">\d+ %', html) for html in found.values())
    with session_scope(app.state.runtime.session_factory) as session:
        assert review_queue(session=session, rating="unrated") == [], "playground runs are not users' answers"

    ann = sign_in(app, "ann", "user")
    _, answer_id = ask(ann, "How do I install the agent?")
    ann.post(f"/answers/{answer_id}/rate", data={"rating": "up"})
    picked = agent.get(f"/playground?pick=answer:{answer_id}")
    assert ">How do I install the agent?</textarea>" in picked.text, "a rated answer's question"

    bad = agent.post("/playground/run", data={"question": QUESTION, "a_top_k": "0"})
    assert bad.status_code == 422 and "top_k" in bad.text
    assert agent.post("/playground/run", data={"question": QUESTION, "b_generator": "llamacpp"}).status_code == 422
    assert agent.post("/playground/run", data={"question": QUESTION, "b_prompt_version": "²"}).status_code == 422
    assert ann.get("/playground").status_code == 403


def test_a_prompt_edit_is_saved_as_a_version_compared_and_promoted_to_production(with_llm, llm):
    app = with_llm.app
    runtime = app.state.runtime
    agent = sign_in(app, "gus", "agent")
    page = agent.get("/playground")
    system = re.search(r'<textarea id="message-1" name="content"[^>]*>(.*?)</textarea>', page.text, re.S).group(1)
    user = re.search(r'<textarea id="message-2" name="content"[^>]*>(.*?)</textarea>', page.text, re.S).group(1)
    assert "{{sources}}" in user.replace("&#34;", '"')

    lost = agent.post("/playground/prompts", data={"role": ["system", "user"],
                                                   "content": [system, "Question: {{question}}"]})
    assert lost.status_code == 422 and "{{sources}}" in lost.text, "an edit that drops the sources is refused"
    edited = system.replace("You answer questions", "BE BRIEF. You answer questions")
    saved = agent.post("/playground/prompts", data={"role": ["system", "user"], "content": [edited, user],
                                                    "note": "shorter answers"})
    assert saved.status_code == 200 and "Saved as version 2" in saved.text
    assert re.search(r'<select id="b-prompt" name="b_prompt_version" hx-swap-oob="true">.*?<option value="2">',
                     saved.text, re.S), "the new version can be picked for a run at once"
    row = re.search(r'<tr data-version="2">(.*?)</tr>', saved.text, re.S).group(1)
    assert "gus" in row and "shorter answers" in row and 'class="tag">production' not in row

    llm.script(("reply", "The agent listens on port 7311 [1]."))
    agent.post("/playground/run", data={"question": QUESTION, "a_generator": "openai", "b_generator": "openai",
                                        "b_prompt_version": "2"})
    first, second = (request["body"]["messages"][0]["content"] for request in llm.requests[-2:])
    assert not first.startswith("BE BRIEF") and second.startswith("BE BRIEF"), "A production, B the new version"

    promoted = agent.post("/playground/prompts/2/promote")
    assert promoted.status_code == 200
    assert 'class="tag">production' in re.search(r'<tr data-version="2">(.*?)</tr>', promoted.text, re.S).group(1)
    assert 'class="tag">production' not in re.search(r'<tr data-version="1">(.*?)</tr>', promoted.text,
                                                     re.S).group(1)
    settings = runtime.settings.model_copy(update={"generator": "openai"})
    answers = build_answer_service(settings, tracer=Tracer(settings), embedder=runtime.embedder,
                                   index=runtime.index, prompt_sessions=runtime.session_factory)
    answer = answers.ask(QUESTION)
    assert llm.requests[-1]["body"]["messages"][0]["content"].startswith("BE BRIEF")
    assert answer.prompt_version == "2", "answers record the version that wrote them"
    assert agent.post("/playground/prompts/9/promote").status_code == 404

    agent.post("/playground/prompts/1/promote")  # back to the version shipped in the repository
    answers = build_answer_service(settings, tracer=Tracer(settings), embedder=runtime.embedder,
                                   index=runtime.index, prompt_sessions=runtime.session_factory)
    assert answers.ask(QUESTION).prompt_version == "1"
    with session_scope(runtime.session_factory) as session:
        assert [(e.actor, e.action, e.target) for e in reversed(audit.events(session=session))
                if e.action.startswith("prompt")] == [("gus", "prompt save", "rag-answer v2"),
                                                      ("gus", "prompt promote", "rag-answer v2"),
                                                      ("gus", "prompt promote", "rag-answer v1")]
