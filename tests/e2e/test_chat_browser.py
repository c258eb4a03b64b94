"""A person in real Chromium asks a question, sees a cited answer, follows a citation and rates the answer."""

import socket
import threading
import time

import pytest
import uvicorn

from core.db import session_scope
from feedback import ratings_for
from ingest import IngestPipeline
from tests.conftest import make_settings
from web.app import create_app

pytestmark = pytest.mark.e2e
CHROMIUM_ARGS = ["--no-sandbox", "--headless=new", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def live_app(tmp_path, embedder, corpus):
    settings = make_settings(tmp_path / "data")
    app = create_app(settings, embedder=embedder)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=free_port(), log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started, "the app did not start"
    IngestPipeline(settings=settings, embedder=embedder, index=app.state.index,
                   session_factory=app.state.session_factory).run_paths([str(corpus)], collection="default")
    yield app, f"http://127.0.0.1:{server.config.port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture
def page():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        yield browser.new_page()
        browser.close()


def test_ask_see_citation_and_rate(live_app, page):
    app, url = live_app
    page.goto(url)
    page.fill("#question", "Which port does the agent listen on?")
    page.press("#question", "Enter")
    answer = page.locator("article.answer").first
    answer.wait_for(timeout=30_000)
    assert "7311" in answer.locator(".text").inner_text()
    assert "Confidence" in answer.locator(".confidence").inner_text()
    answer.locator("a.cite").first.click()
    assert "#c-" in page.url
    assert "Installing the agent" in answer.locator(".citation").first.inner_text()
    answer_id = answer.get_attribute("data-answer-id")

    answer.locator("select[name=reason]").select_option("outdated")
    answer.get_by_role("button", name="Not helpful").click()
    page.locator(".rated").wait_for(timeout=10_000)
    assert "not helpful" in page.locator(".rated").inner_text()
    with session_scope(app.state.session_factory) as session:
        assert [(r.rating, r.reason) for r in ratings_for(session=session, answer_id=answer_id)] == [
            ("down", "outdated")]


def test_script_in_a_question_is_shown_not_run(live_app, page):
    _, url = live_app
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(url)
    page.fill("#question", "<img src=x onerror=alert(1)> which port?")
    page.press("#question", "Enter")
    page.locator("article.answer").first.wait_for(timeout=30_000)
    assert "<img src=x onerror=alert(1)>" in page.locator("article.answer .question").first.inner_text()
    assert dialogs == []


def test_editor_uploads_files_and_sees_per_file_results(live_app, page, tmp_path):
    app, url = live_app
    good = tmp_path / "holidays.md"
    good.write_text("# Holidays\n\nThe office is closed on 24 December.")
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    page.goto(f"{url}/documents")
    assert "kb/install.md" in page.locator("table.documents").inner_text()
    page.set_input_files("#files", [str(good), str(empty)])
    page.get_by_role("button", name="Upload and ingest").click()
    page.locator(".job-finished").wait_for(timeout=60_000)
    result = page.locator(".job-finished").inner_text()
    assert "1 added" in result and "1 failed" in result and "upload/empty.txt" in result
    page.get_by_role("button", name="Refresh the list").click()
    page.locator("table.documents >> text=upload/holidays.md").wait_for(timeout=10_000)
