"""The API docs pages in real Chromium with every request off the machine refused: Swagger UI (/docs) and Redoc
(/redoc) render the app's own OpenAPI document from the vendored assets, under the page's security policy."""

import pytest

from tests.e2e.test_chat_browser import ARTEFACTS, live_app, page, browser  # noqa: F401 (fixtures)

pytestmark = pytest.mark.e2e


def offline(page, url: str) -> tuple[list[str], list[str]]:
    """Refuse (and list) every request that would leave the app's own address, and list what the page's security
    policy blocked."""
    leaving: list[str] = []
    blocked: list[str] = []

    def route(request_route):
        if request_route.request.url.startswith(url):
            request_route.continue_()
        else:
            leaving.append(request_route.request.url)
            request_route.abort()

    page.route("**/*", route)
    page.on("console", lambda m: blocked.append(m.text) if "Content Security Policy" in m.text else None)
    return leaving, blocked


def test_swagger_ui_and_redoc_work_offline(live_app, page):  # noqa: F811
    _, url = live_app
    leaving, blocked = offline(page, url)
    page.goto(f"{url}/docs")
    page.wait_for_selector(".opblock-summary-path[data-path='/api/ask']", timeout=30_000)
    assert page.locator(".opblock-summary-path[data-path='/api/documents']").count() >= 1
    page.screenshot(path=str(ARTEFACTS / "api-docs.png"))

    page.goto(f"{url}/redoc")
    page.get_by_text("/api/documents/{document_id}/reingest").first.wait_for(timeout=30_000)
    assert page.locator("h1").first.inner_text().startswith("ragloop")
    page.screenshot(path=str(ARTEFACTS / "api-redoc.png"))
    assert leaving == [], f"requests off the machine: {leaving}"
    # Redoc tries its maker's logo from their CDN (and hides it when it does not load): the policy stops it before
    # it leaves. Nothing of the docs' own (scripts, styles, workers) may be blocked.
    assert all("img-src" in text and "cdn.redoc.ly" in text for text in blocked), blocked


def test_a_signed_in_user_tries_the_api_from_its_docs(live_app, page):  # noqa: F811
    from tests.e2e.test_chat_browser import sign_in

    _, url = live_app
    sign_in(page, url, "ann")
    page.goto(f"{url}/docs#/default/api_ask_api_ask_post")
    block = page.locator(".opblock-post:has(.opblock-summary-path[data-path='/api/ask'])")
    block.wait_for(timeout=30_000)
    if not block.locator("button.try-out__btn").is_visible():
        block.locator(".opblock-summary").click()
    block.locator("button.try-out__btn").click()
    block.locator("textarea.body-param__text").fill('{"question": "Which port does the agent listen on?"}')
    block.locator("button.execute").click()
    status = block.locator(".live-responses-table tbody .response-col_status").first
    status.wait_for(timeout=30_000)
    assert status.inner_text().strip() == "200", block.locator(".live-responses-table").inner_text()
    assert "7311" in block.locator(".live-responses-table tbody").inner_text()
