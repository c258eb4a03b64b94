"""Streaming in real Chromium with an LLM generator behind the OpenAI wire protocol: text shown while the answer
is written is never taken back, a question the documents don't answer shows no text before its refusal, and the
confidence label always agrees with the decision."""

import pytest

from tests.conftest import make_settings
from tests.e2e.test_chat_browser import CHROMIUM_ARGS, serving, sign_in
from tests.integration.openai_server import OpenAICompatibleServer
from web.app import create_app

pytestmark = pytest.mark.e2e
RECORD_DRAFTS = """() => {
  window.__drafts = [];
  new MutationObserver(() => {
    for (const el of document.querySelectorAll('article.pending .streaming')) window.__drafts.push(el.innerText);
  }).observe(document.body, {subtree: true, childList: true, characterData: true});
}"""


@pytest.fixture
def llm():
    with OpenAICompatibleServer() as server:
        yield server


@pytest.fixture
def llm_app(tmp_path, embedder, corpus, llm):
    settings = make_settings(tmp_path / "data", generator="openai", llm_base_url=llm.base_url,
                             llm_model="test-model", llm_api_key="sk-test", llm_backoff_s=0.01, llm_timeout_s=5.0)
    app = create_app(settings, embedder=embedder)
    with serving(app, corpus, {"ann": "user"}) as url:
        yield app, url


@pytest.fixture
def page():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        yield chromium.new_context().new_page()
        chromium.close()


def ask_recording(page, question: str):
    page.evaluate(RECORD_DRAFTS)
    page.fill("#question", question)
    page.press("#question", "Enter")
    answer = page.locator("article.answer[data-answer-id]").last
    answer.wait_for(timeout=30_000)
    return answer, [d for d in page.evaluate("window.__drafts") if d.strip()]


def _port_chunk(app, question: str) -> int:
    runtime = app.state.runtime
    hits = runtime.answers.retriever.search(question, limit=runtime.settings.top_k, collection="default")
    return next(n for n, hit in enumerate(hits, start=1) if "7311" in hit.text)


def test_streamed_text_stays_and_an_unsupported_sentence_is_marked_not_withdrawn(llm_app, llm, page):
    app, url = llm_app
    question = "Which port does the agent listen on?"
    n = _port_chunk(app, question)
    llm.script(("reply", f"The agent listens on port 7311 [{n}]. The moon is made of green cheese [{n}]."))
    sign_in(page, url, "ann")
    answer, drafts = ask_recording(page, question)
    assert drafts and "green cheese" in drafts[-1], "the answer was streamed"
    text = answer.locator(".text").inner_text()
    assert "7311" in text and "green cheese" in text, "nothing shown was taken back"
    assert answer.locator(".text .unverified").count() == 1, "the unsupported sentence is marked"
    assert answer.locator(".refusal").count() == 0
    badge = answer.locator(".confidence .badge").inner_text()
    why = answer.locator(".confidence .why").inner_text()
    percent = int(badge.split("%")[0].split()[-1])
    assert 30 <= percent < 75, "one unsupported sentence of two does not sink the answer, nor leave it high"
    assert "medium" in badge and "1 of 2 sentences could not be checked" in why, "the reason agrees with the label"


def test_a_question_the_documents_do_not_answer_shows_no_text_before_the_refusal(llm_app, llm, page):
    app, url = llm_app
    llm.script(("reply", "Sourdough needs flour, water and salt [1]."))
    sign_in(page, url, "ann")
    answer, drafts = ask_recording(page, "How long should sourdough bread proof overnight in the fridge?")
    assert answer.locator(".refusal").inner_text() == "The documents don't say."
    assert drafts == [] or all("Sourdough" not in d for d in drafts), "no text was shown before the refusal"
    assert "Sourdough" not in answer.inner_text()
    assert answer.locator(".confidence .badge").count() == 0, "a refusal shows no confidence level"
    assert "No passage found answers this question" in answer.locator(".confidence .why").inner_text()
    assert answer.inner_text().count("The documents don't say") == 1
    assert llm.requests == [], "a refusal decided on the evidence costs no LLM call"
