"""Each role's main journey in real Chromium: a user chats (streamed, cited) and rates with a reason, an editor
uploads, an agent reviews and promotes, a plain user is refused; script planted anywhere never runs."""

import os
import socket
import tempfile
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
import uvicorn

from core.db import session_scope
from eval.store import find_golden
from feedback import ratings_for
from ingest import IngestPipeline
from tests.conftest import make_settings
from web.app import create_app
from web.auth import add_user

pytestmark = pytest.mark.e2e
CHROMIUM_ARGS = ["--no-sandbox", "--headless=new", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


# Screenshots of the pages as the tests leave them, kept for a person to look at.
ARTEFACTS = Path(os.environ.get("RAGLOOP_TEST_ARTEFACTS", Path(tempfile.gettempdir()) / "ragloop-screenshots"))
ARTEFACTS.mkdir(parents=True, exist_ok=True)
PASSWORD = "correct horse battery"
USERS = {"ann": "user", "eve": "editor", "gus": "agent", "ada": "admin"}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def serving(app, corpus, users: dict[str, str]):
    """The app on a free port of 127.0.0.1 with the corpus ingested and the users added; its URL."""
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=free_port(), log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started, "the app did not start"
    IngestPipeline(settings=app.state.runtime.settings, embedder=app.state.runtime.embedder,
                   index=app.state.runtime.index, session_factory=app.state.runtime.session_factory).run_paths(
        [str(corpus)], collection="default")
    with session_scope(app.state.runtime.session_factory) as session:
        for name, role in users.items():
            add_user(session=session, name=name, role=role, password=PASSWORD)
    try:
        yield f"http://127.0.0.1:{server.config.port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture
def live_app(tmp_path, embedder, corpus):
    app = create_app(make_settings(tmp_path / "data"), embedder=embedder)
    with serving(app, corpus, USERS) as url:
        yield app, url


@pytest.fixture
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    return browser.new_context().new_page()


@pytest.fixture
def browser_context(browser):
    """Another person at another browser (own cookies): call it for a new page."""
    return lambda: browser.new_context().new_page()


def sign_in(page, url: str, name: str) -> None:
    page.goto(f"{url}/login")
    page.fill("#name", name)
    page.fill("#password", PASSWORD)
    page.press("#password", "Enter")
    page.wait_for_url(f"{url}/")


def ask(page, question: str):
    """The answer to the question, once it is on the page (below the answers already there)."""
    answers = page.locator("article.answer[data-answer-id]")
    before = answers.count()
    page.fill("#question", question)
    page.press("#question", "Enter")
    answer = answers.nth(before)
    answer.wait_for(timeout=30_000)
    return answer


def test_a_user_chats_follows_a_citation_and_rates_with_a_reason(live_app, page):
    app, url = live_app
    streams = []
    page.on("response", lambda r: streams.append(r.headers.get("content-type", ""))
            if "/chat/stream/" in r.url else None)
    sign_in(page, url, "ann")
    page.fill("#question", "x" * 3000)  # longer than the setting allows: said, not cut
    page.press("#question", "Enter")
    page.locator("#ask-error .error:has-text('3,000 characters')").wait_for(timeout=10_000)
    assert page.locator("#question").input_value() == "x" * 3000, "the question is kept to be shortened"
    answer = ask(page, "Which port does the agent listen on?")
    assert page.locator("#ask-error .error").count() == 0, "the next answer clears the error"
    assert "7311" in answer.locator(".text").inner_text()
    assert "Confidence" in answer.locator(".confidence .badge").inner_text()
    assert answer.locator(".confidence .why").inner_text().strip()
    assert any(kind.startswith("text/event-stream") for kind in streams), "the answer was not streamed"
    assert page.locator("#question").input_value() == "", "the question box is ready for the next one"
    answer_id = answer.get_attribute("data-answer-id")

    with page.context.expect_page() as opened:
        answer.locator("a.cite").first.click()  # the passage opens beside the conversation
    source = opened.value
    source.wait_for_load_state()
    assert "7311" in source.locator(".passage.highlighted").inner_text()
    assert source.locator("h1").inner_text() == "Installing the agent"
    source.screenshot(path=str(ARTEFACTS / "source-page.png"), full_page=True)

    answer.get_by_role("button", name="Not helpful").click()
    answer.get_by_label("Outdated").check()
    answer.locator("textarea[name=comment]").fill("the port changed last week")
    answer.get_by_role("button", name="Send").click()
    page.locator(f"#rate-{answer_id} .rated:has-text('Outdated')").wait_for(timeout=10_000)
    with session_scope(app.state.runtime.session_factory) as session:
        assert [(r.rating, r.reason, r.comment) for r in ratings_for(session=session, answer_id=answer_id)] == [
            ("down", "outdated", "the port changed last week")]


def test_script_planted_in_a_document_and_a_question_never_runs(live_app, page, tmp_path):
    app, url = live_app
    planted = tmp_path / "plugins.md"
    planted.write_text("# Plugins\n\nThe plugin directory is /opt/agent/plugins <script>alert('doc')</script> "
                       "<img src=x onerror=alert(2)> and plugins load at start.", encoding="utf-8")
    app.state.runtime.pipeline.run_paths([str(planted)], collection="default")
    dialogs = []
    page.context.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))  # every tab
    sign_in(page, url, "ann")
    answer = ask(page, "<img src=x onerror=alert(1)> where is the plugin directory?")
    assert "<img src=x onerror=alert(1)>" in answer.locator(".question").inner_text()
    assert "/opt/agent/plugins" in answer.locator(".text").inner_text()
    with page.context.expect_page() as opened:
        answer.locator(".citation a.chip").first.click()
    opened.value.wait_for_load_state()
    assert "<script>alert('doc')</script>" in opened.value.locator(".document").inner_text()
    assert dialogs == []


def test_a_plain_user_is_refused_the_review_queue(live_app, page):
    _, url = live_app
    sign_in(page, url, "ann")
    assert page.locator("nav a:has-text('Review')").count() == 0
    response = page.goto(f"{url}/review")
    assert response.status == 403 and "agent role" in page.locator(".error").inner_text()


def test_an_editor_uploads_files_and_sees_per_file_results(live_app, page, tmp_path):
    app, url = live_app
    good = tmp_path / "holidays.md"
    good.write_text("# Holidays\n\nThe office is closed on 24 December.")
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    deck = tmp_path / "onboarding.pptx"
    from pptx import Presentation

    slides = Presentation()
    slide = slides.slides.add_slide(slides.slide_layouts[1])
    slide.shapes.title.text, slide.placeholders[1].text_frame.text = "Escalation", "Page the on-call engineer."
    slides.save(deck)
    logo = tmp_path / "logo.psd"
    logo.write_bytes(b"8BPS\x00\x01")
    sign_in(page, url, "eve")
    page.get_by_role("link", name="Documents").click()
    assert "kb/install.md" in page.locator("table.documents").inner_text()
    page.set_input_files("#files", [str(good), str(empty), str(deck), str(logo)])
    page.get_by_role("button", name="Upload and ingest").click()
    page.locator(".job-finished").wait_for(timeout=60_000)
    result = page.locator(".job-finished").inner_text()
    assert "2 added" in result and "1 failed" in result and "upload/empty.txt" in result
    assert "Skipped" in result and "upload/logo.psd" in result
    assert page.locator(".job-finished ul.written li").all_inner_texts() == ["Added: upload/holidays.md",
                                                                              "Added: upload/onboarding.pptx"]
    page.locator("table.documents >> text=upload/holidays.md").wait_for(timeout=10_000)  # the list caught up
    assert "upload/onboarding.pptx" in page.locator("table.documents").inner_text()
    page.screenshot(path=str(ARTEFACTS / "documents-upload.png"), full_page=True)


def test_an_agent_reviews_a_disliked_answer_and_promotes_it_and_the_next_user_gets_it(live_app, page, browser_context):
    app, url = live_app
    sign_in(page, url, "ann")
    answer = ask(page, "How can I pay an invoice?")
    answer.get_by_role("button", name="Not helpful").click()
    answer.get_by_label("Wrong answer").check()
    answer.get_by_role("button", name="Send").click()
    answer.locator(".rated:has-text('Wrong answer')").wait_for(timeout=10_000)

    agent = browser_context()
    sign_in(agent, url, "gus")
    agent.get_by_role("link", name="Review").click()
    agent.locator("select[name=reason]").select_option("wrong_answer")
    agent.screenshot(path=str(ARTEFACTS / "review-queue.png"), full_page=True)
    agent.locator("table.queue a:has-text('How can I pay an invoice?')").click()
    agent.wait_for_url("**/review/answers/**")
    assert "extractive" in agent.locator("dl.provenance").inner_text()
    assert "meaning match" in agent.locator("ol.retrieved").inner_text()
    agent.screenshot(path=str(ARTEFACTS / "review-answer.png"), full_page=True)
    documents = agent.locator("form.promote input[name=reference_documents][type=checkbox]")
    assert documents.count() >= 1 and not any(documents.nth(n).is_checked() for n in range(documents.count())), \
        "a wrong answer's citations are not taken for right"
    assert agent.get_by_label("The documents answer this question").is_checked()
    agent.fill("#reference_answer", "By credit card or bank transfer within 30 days.")
    agent.locator("form.promote label", has_text="billing.md").locator("input").check()
    agent.locator("form.promote").screenshot(path=str(ARTEFACTS / "review-promote.png"))
    agent.get_by_role("button", name="Promote to the golden set").click()
    agent.locator(".promoted").wait_for(timeout=10_000)
    agent.get_by_role("link", name="Open the golden item").click()
    agent.wait_for_url("**/golden/*")
    assert agent.get_by_role("button", name="Approve").count() == 0, "it is approved already"
    agent.screenshot(path=str(ARTEFACTS / "golden-item.png"), full_page=True)
    agent.get_by_role("link", name="Back to the golden set").click()
    agent.wait_for_url("**/golden?status=approved")
    assert "How can I pay an invoice?" in agent.locator("table.queue").inner_text()
    agent.goto(f"{url}/golden")
    assert agent.locator(".tabs a[aria-current=page]").inner_text().startswith("All"), \
        "with no candidates, the golden set opens on every item, not an empty tab"
    with session_scope(app.state.runtime.session_factory) as session:
        item = find_golden(session=session, question="How can I pay an invoice?")
        assert item.origin == "promoted" and item.reference_answer.startswith("By credit card")

    served = ask(page, "How can I pay my invoice?")  # the next user, in other words
    assert served.locator(".text").inner_text().startswith("By credit card or bank transfer")
    mark = served.locator(".confidence.reviewed")
    assert "Reviewed answer" in mark.locator(".badge").inner_text()
    assert "gus" in mark.locator(".why").inner_text() and "How can I pay an invoice?" in mark.inner_text()
    assert served.locator(".citations .citation").count() >= 1
    page.screenshot(path=str(ARTEFACTS / "reviewed-answer.png"), full_page=True)

    served.get_by_role("button", name="Not helpful").click()  # the thumbs-down sends the item back to review
    served.get_by_label("Outdated").check()
    served.get_by_role("button", name="Send").click()
    served.locator(".rated:has-text('Outdated')").wait_for(timeout=10_000)
    agent.goto(f"{url}/golden/{item.id}")
    assert "served as the reviewed answer" in agent.locator("ul.ratings").inner_text()
    assert agent.locator(".source").first.inner_text().count("gus") == 1
    agent.screenshot(path=str(ARTEFACTS / "golden-item-sent-back.png"), full_page=True)
    with session_scope(app.state.runtime.session_factory) as session:
        assert find_golden(session=session, question="How can I pay an invoice?").status == "candidate"


def test_an_admin_reads_the_monitoring_page(live_app, page, browser_context):
    _, url = live_app
    sign_in(page, url, "ann")
    ask(page, "Which port does the agent listen on?")
    admin = browser_context()
    sign_in(admin, url, "ada")
    admin.get_by_role("link", name="Monitoring").click()
    admin.wait_for_url("**/admin/monitoring")
    row = admin.locator("tr[data-collection='all'] td")
    assert row.nth(1).inner_text() == "1"
    plots = admin.locator("img.plot")
    assert plots.count() == 4
    assert plots.evaluate_all("imgs => imgs.every(img => img.complete && img.naturalWidth > 0)"), \
        "the charts are shown (the policy allows them)"
    assert plots.first.get_attribute("alt") == "answers per day"
    admin.get_by_role("link", name="last day").click()
    admin.wait_for_url("**window=day")

    admin.goto(f"{url}/admin/users")
    admin.once("dialog", lambda dialog: dialog.dismiss())  # "Delete ann?" answered no: nothing happens
    admin.locator("tr[data-user='ann']").get_by_role("button", name="Delete").click()
    own = admin.locator("tr[data-user='ada']")
    assert own.get_by_role("button", name="Disable").count() == 0 and own.get_by_role("button", name="Delete").count() \
        == 0, "the server refuses both on one's own account, so the page does not offer them"
    assert admin.locator("tr[data-user='ann']").count() == 1 and own.count() == 1, "a dismissed delete deletes nothing"


def test_an_admin_sees_the_topics_that_got_worse_and_an_editor_their_gaps(live_app, tmp_path, browser_context):
    from eval import run_nightly
    from tests.unit.test_topics import PORTS, SSO, answered

    app, url = live_app
    with session_scope(app.state.runtime.session_factory) as session:
        for n, question in enumerate(PORTS * 2):
            answered(session, question, days_ago=9 + n * 0.1)
            answered(session, question, days_ago=2 + n * 0.1, refused=n % 4 != 0)
        for question in SSO + SSO[:2]:
            answered(session, question, days_ago=1, refused=True)
    run_nightly(app.state.runtime, report_dir=tmp_path / "reports")
    admin = browser_context()
    sign_in(admin, url, "ada")
    admin.goto(f"{url}/admin/monitoring")
    flagged = admin.locator("tr.flagged")
    assert flagged.count() == 2
    assert "new, mostly refused" in flagged.nth(0).inner_text() or "new, mostly refused" in flagged.nth(1).inner_text()
    admin.screenshot(path=str(ARTEFACTS / "monitoring-topics.png"), full_page=True)
    editor = browser_context()
    sign_in(editor, url, "eve")
    editor.goto(f"{url}/documents/gaps")
    first = editor.locator("table.queue tbody tr").first.inner_text()
    assert first.split("\t")[:2] in ([SSO[0], "2"], [SSO[1], "2"]), "asked twice: one gap, counted 2, listed first"
    editor.screenshot(path=str(ARTEFACTS / "content-gaps.png"), full_page=True)


def approved_question(app, question: str) -> None:
    from eval.store import add_golden

    with session_scope(app.state.runtime.session_factory) as session:
        add_golden(session=session, question=question, reference_answer=None, reference_documents=[],
                   answerable=True, origin="imported", status="approved", language="en")


def watched(page) -> list[str]:
    """The page at 1280 px, confirming every dialog; returns the list its console errors are collected in."""
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("dialog", lambda dialog: dialog.accept())
    page.set_viewport_size({"width": 1280, "height": 900})
    return errors


def no_horizontal_scroll(page) -> bool:
    return page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")


def test_a_user_starts_from_an_example_reloads_reopens_and_deletes_conversations(live_app, page):
    app, url = live_app
    approved_question(app, "Which port does the agent listen on?")
    errors = watched(page)
    sign_in(page, url, "ann")
    page.get_by_role("button", name="Which port does the agent listen on?").click()
    first = page.locator("article.answer[data-answer-id]").first
    first.wait_for(timeout=30_000)
    assert "7311" in first.locator(".text").inner_text()
    assert page.locator("#examples button").count() == 0, "the examples give way to the conversation"
    page.wait_for_url("**/?c=*")
    conversation = page.url.split("?c=")[1]
    panel = page.locator("#conversations")
    assert "Which port does the agent listen on?" in panel.inner_text()
    ask(page, "How do I install it?")
    assert "2 questions" in panel.locator("li").first.inner_text(), "the side panel counts the question just asked"
    first.get_by_role("button", name="Helpful", exact=True).click()
    first.locator(".rated").wait_for(timeout=10_000)
    page.screenshot(path=str(ARTEFACTS / "chat-conversation.png"), full_page=True)

    page.reload()
    answers = page.locator("article.answer[data-answer-id]")
    assert answers.count() == 2, "a reload keeps the conversation"
    assert answers.first.locator(".rated").get_attribute("data-rating") == "up"
    assert answers.first.locator("a.cite").count() >= 1
    page.get_by_role("link", name="+ New conversation").click()
    page.wait_for_url(f"{url}/")
    assert page.locator("article.answer").count() == 0
    ask(page, "Which port does the agent listen on?")
    assert page.locator("#conversations li").count() == 2
    page.set_viewport_size({"width": 390, "height": 844})
    assert no_horizontal_scroll(page), "no horizontal scroll at 390 px"
    page.screenshot(path=str(ARTEFACTS / "chat-conversation-390.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})

    page.locator(f"#conversations a[href='/?c={conversation}']").click()
    page.wait_for_url(f"**/?c={conversation}")
    assert page.locator("article.answer[data-answer-id]").count() == 2
    page.locator("#conversations li").first.get_by_role("button", name="Delete").click()  # the newer one
    panel.locator("li").nth(1).wait_for(state="detached", timeout=10_000)
    assert page.locator("article.answer[data-answer-id]").count() == 2, "the open conversation stays"
    page.locator("#conversations li").first.get_by_role("button", name="Delete").click()
    page.wait_for_url(f"{url}/")
    assert page.locator("#conversations li").count() == 0
    assert not errors, errors


def test_a_user_says_hello_and_thanks_and_gets_a_reply_not_a_refusal(live_app, page):
    app, url = live_app
    errors = watched(page)
    sign_in(page, url, "ann")
    hello = ask(page, "hi")
    assert hello.locator(".text.social").inner_text().startswith("Hello!")
    assert hello.locator(".refusal, .confidence, .citations, .rate").count() == 0, "no refusal, score or rating"
    answer = ask(page, "And which port does the agent listen on?")  # a greeting lends it no words
    assert "7311" in answer.locator(".text").inner_text()
    thanks = ask(page, "thanks!")
    assert thanks.locator(".text.social").inner_text() == "You're welcome! Ask again any time."
    page.screenshot(path=str(ARTEFACTS / "chat-social.png"), full_page=True)
    page.reload()
    answers = page.locator("article.answer[data-answer-id]")
    assert answers.count() == 3, "a reload keeps the conversation"
    assert answers.first.locator(".text.social").inner_text().startswith("Hello!")
    assert answers.first.locator(".refusal, .rate").count() == 0
    title = page.locator("#conversations li").first.inner_text()
    assert "And which port does the agent listen on?" in title and "hi\n" not in title, "named by its question"
    assert not errors, errors


def test_an_agent_compares_two_configurations_and_promotes_a_prompt_version(live_app, browser_context):
    app, url = live_app
    approved_question(app, "Which port does the agent listen on?")
    agent = browser_context()
    errors = watched(agent)
    sign_in(agent, url, "gus")
    agent.get_by_role("link", name="Playground").click()
    agent.wait_for_url("**/playground")
    agent.locator("#pick").select_option(label="Which port does the agent listen on?")
    agent.get_by_role("button", name="Use this question").click()
    agent.wait_for_url("**/playground?pick=golden*")
    agent.fill("#b-top_k", "1")
    agent.get_by_role("button", name="Run both").click()
    results = agent.locator("#results article.side")
    results.nth(1).wait_for(timeout=30_000)
    assert "7311" in results.nth(0).inner_text() and "7311" in results.nth(1).inner_text()
    assert "top_k 1" in results.nth(1).locator(".config").inner_text()
    agent.screenshot(path=str(ARTEFACTS / "playground.png"), full_page=True)

    agent.fill("#prompt-note", "ask for shorter answers")
    agent.get_by_role("button", name="Save as a new version").click()
    agent.locator("#prompts .saved").wait_for(timeout=10_000)
    agent.locator("tr[data-version='2']").get_by_role("button", name="Promote to production").click()
    agent.locator("tr[data-version='2'] .tag:has-text('production')").wait_for(timeout=10_000)
    agent.locator("#prompts").screenshot(path=str(ARTEFACTS / "playground-prompts.png"))
    agent.set_viewport_size({"width": 390, "height": 844})
    assert no_horizontal_scroll(agent), "no horizontal scroll at 390 px"
    agent.screenshot(path=str(ARTEFACTS / "playground-390.png"), full_page=True)
    assert not errors, errors

    admin = browser_context()
    admin.set_viewport_size({"width": 1280, "height": 900})
    sign_in(admin, url, "ada")
    header = admin.locator("header.top").bounding_box()
    assert header["height"] < 80, "the admin's header keeps one line at 1280 px"
