"""Every page, as each role sees it, in real Chromium at 1280 and 390 px wide: no console errors, no horizontal
scroll, and no accessibility violations that axe-core (vendored from npm) finds; a screenshot of each is kept.
Keyboard use: every page starts with a skip link, and tabbing reaches the main navigation and the page's controls."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from core.db import session_scope
from eval import run_nightly
from eval.store import add_golden
from feedback import rate
from tests.e2e.test_chat_browser import (ARTEFACTS, ask, browser, browser_context, live_app, no_horizontal_scroll,  # noqa: F401
                                         sign_in, watched)

pytestmark = pytest.mark.e2e
AXE = (Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js").read_text(encoding="utf-8")
WIDTHS = (1280, 390)
# The pages of each role (the lowest role that has them); {placeholders} are filled from the data made below.
PAGES = {
    None: ["/login"],
    "ann": ["/", "/?c={conversation}", "/sources/{document}?chunk={chunk}"],
    "eve": ["/documents", "/documents/gaps"],
    "gus": ["/review", "/review/answers/{answer}", "/golden", "/golden/{item}", "/reports", "/reports/{run}",
            "/playground"],
    "ada": ["/admin/users", "/admin/monitoring", "/admin/settings", "/admin/audit"],
}


WIDE = """() => [...document.querySelectorAll('main *')].filter(e => e.getBoundingClientRect().right > innerWidth + 1
                   && !e.closest('table')).slice(0, 3).map(e => e.tagName + '.' + e.className)"""


def axe_violations(page) -> list[str]:
    """WCAG 2 A and AA rules axe-core finds broken on the page, as 'rule: element' lines."""
    page.evaluate(AXE + "\n;0")  # evaluated by the browser's debugger, not as page script, so the page's policy holds
    found = page.evaluate("""async () => {
        const result = await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa']},
                                                resultTypes: ['violations']});
        return {rules: result.passes.length + result.violations.length,
                violations: result.violations.flatMap(v => v.nodes.map(n => v.id + ': ' + n.target.join(' ')))};
    }""")
    assert found["rules"] > 10, "axe-core ran its rules on the page"
    return found["violations"]


@pytest.fixture
def filled(live_app, tmp_path, browser_context):  # noqa: F811
    """The app with something on every page: a conversation with a disliked answer, a golden item, a report."""
    app, url = live_app
    user = browser_context()
    sign_in(user, url, "ann")
    answer = ask(user, "Which port does the agent listen on?")
    answer_id = answer.get_attribute("data-answer-id")
    source = answer.locator("a.cite").first.get_attribute("href")
    runtime = app.state.runtime
    with session_scope(runtime.session_factory) as session:
        rate(session=session, tracer=runtime.tracer, answer_id=answer_id, rating="down", reason="outdated",
             rater="ann", sees_every_answer=True)
        item = add_golden(session=session, question="Which port does the agent listen on?",
                          reference_answer="Port 7311.", reference_documents=["kb/install.md"], answerable=True,
                          origin="imported", status="approved", language="en")
        item_id = item.id
    run = run_nightly(runtime, report_dir=tmp_path / "reports")
    document, chunk = re.match(r"/sources/([^?]+)\?chunk=([^#]+)", source).groups()
    values = {"conversation": user.url.split("?c=")[1], "document": document, "chunk": chunk,
              "answer": answer_id, "item": item_id, "run": run.run_id}
    return app, url, values


def test_every_page_of_every_role_is_clean_at_1280_and_390_px(filled, browser_context):  # noqa: F811
    app, url, values = filled
    problems = []
    for role, paths in PAGES.items():
        page = browser_context()
        errors = watched(page)
        if role:
            sign_in(page, url, role)
        for path in paths:
            address = path.format(**values)
            for width in WIDTHS:
                page.set_viewport_size({"width": width, "height": 900})
                response = page.goto(url + address)
                assert response.status == 200, (address, response.status)
                page.wait_for_load_state("networkidle")
                name = re.sub(r"\W+", "-", path.split("?chunk")[0]).strip("-") or "chat"
                page.screenshot(path=str(ARTEFACTS / f"page-{role or 'visitor'}-{name}-{width}.png"), full_page=True)
                if not no_horizontal_scroll(page):
                    problems.append(f"{address} at {width} px scrolls sideways: {page.evaluate(WIDE)}")
                header = page.evaluate("() => document.querySelector('header.top').getBoundingClientRect().height")
                if header > 120:  # an admin's menu took four lines above every page on a phone
                    problems.append(f"{address} at {width} px: the header is {header:.0f} px tall")
                problems += [f"{address} at {width} px: {v}" for v in axe_violations(page)]
                problems += [f"{address} at {width} px, console: {e}" for e in errors]
                errors.clear()
    assert not problems, "\n".join(problems)


def test_the_keyboard_reaches_the_skip_link_the_navigation_and_the_question_box(filled, browser_context):  # noqa: F811
    _, url, _ = filled
    page = browser_context()
    sign_in(page, url, "gus")
    page.goto(url + "/review")
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.className") == "skip", "the first stop skips to the content"
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*#main$"), timeout=5000)  # the hash changes after the key event returns
    reached = set()
    page.goto(url + "/")
    for _ in range(25):
        page.keyboard.press("Tab")
        reached.add(page.evaluate("() => document.activeElement.getAttribute('href') || document.activeElement.id"))
    assert {"/review", "/golden", "/playground", "question"} <= reached, reached


# Lines a table header or button wraps onto beyond one per word: a word broken inside, as "상태" set one syllable a line
BROKEN_WORDS = """() => [...document.querySelectorAll('main th, main button')].filter(e => e.offsetHeight).filter(e => {
    const text = document.createRange();
    text.selectNodeContents(e);
    const lines = new Set([...text.getClientRects()].filter(r => r.width).map(r => Math.round(r.top)));
    return lines.size > e.innerText.trim().split(/\\s+/).length;
}).map(e => e.innerText)"""


def test_korean_words_stay_whole_and_the_documents_table_fits_at_390_px(filled, browser_context):  # noqa: F811
    app, url, values = filled
    page = browser_context()
    sign_in(page, url, "ada")
    page.set_viewport_size({"width": 390, "height": 900})
    for lang in ("en", "ko"):
        page.goto(f"{url}/lang/{lang}?next=/documents")
        documents = page.locator("table.documents")
        assert page.evaluate("e => e.scrollWidth <= e.clientWidth", documents.element_handle()), lang
        assert documents.locator("button", has_text="Delete" if lang == "en" else "삭제").first.is_visible()
    for path in ("/documents", "/golden", "/reports", "/admin/users", "/admin/monitoring"):
        page.goto(url + path)
        assert page.evaluate(BROKEN_WORDS) == [], path
