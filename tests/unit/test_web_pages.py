"""The pages as each role sees them, in English and Korean: navigation, the language switch, and errors from what a
caller typed, each in the page's language. The real app over a SQLite database, nothing ingested."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from core.db import session_scope
from tests.conftest import make_settings
from web.app import create_app
from web.auth import add_user

PASSWORD = "correct horse battery"


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    app = create_app(make_settings(tmp_path_factory.mktemp("data")))
    with TestClient(app):
        for name, role in {"ann": "user", "eve": "editor", "gus": "agent", "ada": "admin"}.items():
            with session_scope(app.state.runtime.session_factory) as session:
                add_user(session=session, name=name, role=role, password=PASSWORD)
        yield app


def signed_in(app, name: str, lang: str = "en") -> TestClient:
    """A browser signed in as `name`, its pages in `lang`, sending its CSRF token with every htmx post."""
    browser = TestClient(app, cookies={"ragloop_lang": lang})
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', browser.get("/login").text).group(1)
    browser.post("/login", data={"name": name, "password": PASSWORD, "csrf_token": csrf})
    token = re.search(r'"X-CSRF-Token": "([^"]+)"', browser.get("/").text).group(1)
    browser.headers.update({"X-CSRF-Token": token})
    return browser


def test_a_refused_page_says_which_role_it_needs_in_the_pages_language(app):
    refused = signed_in(app, "eve", "ko").get("/review")
    assert refused.status_code == 403 and "이 페이지는 상담원 이상의 역할만 볼 수 있습니다" in refused.text
    assert "role and above" not in refused.text
    assert "this page is for the agent role and above" in signed_in(app, "eve").get("/review").text
    api = signed_in(app, "eve", "ko").get("/review", headers={"Accept": "application/json"})
    assert api.json() == {"error": "forbidden", "detail": "this page is for the agent role and above"}


def test_errors_from_what_was_typed_are_in_korean_with_their_values(app):
    ada = signed_in(app, "ada", "ko")
    long = ada.post("/chat", data={"question": "가" * 2100}, headers={"HX-Request": "true"})
    assert long.status_code == 422 and "질문이 2,100자입니다. 2,000자 이내로 물어봐 주세요" in long.text
    since = ada.get("/review?since=notadate")
    assert since.status_code == 422 and "&#39;notadate&#39;: 날짜가 아닙니다 (YYYY-MM-DD)" in since.text
    window = ada.get("/admin/monitoring?window=year")
    assert window.status_code == 422 and "기간은 day, week, month 중 하나여야 합니다" in window.text
    english = signed_in(app, "ada").post("/chat", data={"question": "a" * 2100}, headers={"HX-Request": "true"})
    assert "the question is 2,100 characters long: ask it in at most 2,000" in english.text
    missing = ada.get("/golden/9999")
    assert missing.status_code == 404 and "골든 세트 항목 9999이(가) 없습니다" in missing.text
    assert "ID가 nope인 답변이 없습니다" in ada.get("/review/answers/nope").text


def test_an_address_with_a_word_for_an_id_is_no_such_page(app):
    for path in ("/reports/abc", "/reports/abc/file", "/golden/abc", "/golden/0"):
        missing = signed_in(app, "gus", "ko").get(path)
        assert missing.status_code == 404 and "그런 페이지가 없습니다" in missing.text, path
        assert "Input should be" not in missing.text
    assert signed_in(app, "gus").get("/golden/0", headers={"Accept": "application/json"}).json() == \
        {"error": "not_found", "detail": "no such page"}


def test_the_header_names_the_role_in_korean_and_admins_reach_settings_and_the_audit_log(app):
    page = signed_in(app, "ada", "ko").get("/documents").text
    assert "ada (관리자)" in page and "본문으로 건너뛰기" in page and "Skip to content" not in page
    assert 'href="/admin/settings"' in page and 'href="/admin/audit"' in page
    agent = signed_in(app, "gus").get("/documents").text
    assert "gus (agent)" in agent and 'href="/admin/settings"' not in agent


def test_the_chat_page_offers_one_new_conversation_link(app):
    page = signed_in(app, "ann").get("/").text
    assert page.count("New conversation") == 1


def test_the_language_switch_goes_back_to_the_page_it_was_clicked_on(app):
    ann = signed_in(app, "ann")
    page = ann.get("/").text
    assert 'href="/lang/ko"' in page and "next=" not in page.split('class="langs"')[1].split("</span>")[0]
    back = ann.get("/lang/ko", headers={"Referer": "http://testserver/?c=abc123"}, follow_redirects=False)
    assert back.status_code == 303 and back.headers["location"] == "/?c=abc123"
    assert "ragloop_lang=ko" in back.headers["set-cookie"]
    for elsewhere in ("https://evil.example/?c=abc123", "//evil.example/", "javascript:alert(1)", ""):
        away = ann.get("/lang/en", headers={"Referer": elsewhere}, follow_redirects=False)
        assert away.headers["location"] == "/", elsewhere
    assert ann.get("/lang/en?next=/documents", follow_redirects=False).headers["location"] == "/documents"


def test_the_users_page_in_korean_offers_no_delete_of_ones_own_account_and_confirms_revoking(app):
    page = signed_in(app, "ada", "ko").get("/admin/users").text
    own = re.search(r'<tr data-user="ada">.*?</tr>', page, re.S).group(0)
    other = re.search(r'<tr data-user="ann">.*?</tr>', page, re.S).group(0)
    assert '"action": "delete"' not in own and 'value="disable"' not in own and '"action": "delete"' in other
    assert "hx-confirm=\"ann 사용자의 API 토큰을 모두 폐기할까요?" in other
    assert '<option value="agent">상담원</option>' in page and "<td>관리자</td>" in own


def test_monitoring_and_the_prompt_versions_speak_korean(app):
    ada = signed_in(app, "ada", "ko")
    monitoring = ada.get("/admin/monitoring").text
    assert re.search(r'<tr data-collection="all"><td>전체</td>', monitoring)
    versions = ada.get("/playground").text
    assert "<th>저장 시각</th>" in versions and "메시지 1 (시스템)" in versions
    assert "을(를)" not in versions


def test_why_a_document_failed_is_in_korean_when_the_reason_is_a_known_one(app, tmp_path):
    (tmp_path / "empty.md").write_text("", encoding="utf-8")
    (tmp_path / "odd.txt").write_bytes(b"text\x00\x01\x02")
    app.state.runtime.pipeline.run_paths([str(tmp_path)], collection="default")
    page = signed_in(app, "eve", "ko").get("/documents").text
    assert "파일이 비어 있습니다" in page and "텍스트가 아닌 바이너리 파일입니다" in page
    assert "the file is empty" not in page


def test_the_sign_in_page_of_a_server_with_no_account_says_how_the_first_is_made(tmp_path):
    fresh = create_app(make_settings(tmp_path / "data"))
    with TestClient(fresh) as browser:
        for lang, said in (("en", "No account exists yet"), ("ko", "아직 계정이 없습니다")):
            page = browser.get("/login", cookies={"ragloop_lang": lang}).text
            assert said in page and "ragloop users add NAME --role admin" in page
        with session_scope(fresh.state.runtime.session_factory) as session:
            add_user(session=session, name="ada", role="admin", password=PASSWORD)
        assert "ragloop users add" not in browser.get("/login").text, "once there is one, nothing to say"


def test_each_monitoring_trend_is_a_chart_of_its_own_so_a_phone_can_read_it():
    import base64
    import struct

    from web.plots import daily_plots

    days = {f"2026-12-0{n}": {"answers": n, "thumbs_down_rate": 0.1 * n} for n in range(1, 4)}
    charts = daily_plots(days, [("answers", "answers"), ("thumbs_down_rate", "thumbs-down")])
    assert [label for label, _ in charts] == ["answers", "thumbs-down"]
    for _, uri in charts:
        png = base64.b64decode(uri.split(",", 1)[1])
        width, height = struct.unpack(">II", png[16:24])
        # shown at a phone's width (about 350 px), a chart of four panels had titles 7 px high
        assert width >= 1.5 * 350 and 1.2 < width / height < 1.6, (width, height)
    assert daily_plots({}, [("answers", "answers")]) == []


def test_korean_trend_titles_are_drawn_in_a_font_that_has_hangul(app):
    import warnings

    from web.plots import daily_plots, korean_font

    font = korean_font()
    assert font, "scripts/install.sh installs fonts-nanum"
    days = {"2026-12-01": {"answers": 3}, "2026-12-02": {"answers": 5}}

    def missing_glyphs(**font_given) -> list[str]:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            daily_plots(days, [("answers", "일별 답변 수")], **font_given)
        return [str(w.message) for w in caught if "missing from font" in str(w.message)]

    assert missing_glyphs(), "the default font draws Hangul as boxes"
    assert not missing_glyphs(font=font)
    page = signed_in(app, "ada", "ko").get("/admin/monitoring")
    assert page.status_code == 200


def test_a_cited_passage_shows_its_code_and_bold_as_the_answer_does_and_nothing_else_as_markup():
    from web.render import inline_markdown

    shown = str(inline_markdown("Run `ragloop ingest PATH` for **folders** <b>x</b> [site](http://evil.example)"))
    assert "<code>ragloop ingest PATH</code>" in shown and "<strong>folders</strong>" in shown
    assert "&lt;b&gt;" in shown and "<a " not in shown and "href" not in shown


def test_a_disliked_answer_listed_on_its_golden_item_shows_its_code_without_its_markers():
    from web.render import answer_line

    shown = str(answer_line("Run `ragloop serve --port PORT` [1]. It picks <b>another</b> port. [2] [unverified]"))
    assert shown == "Run <code>ragloop serve --port PORT</code>. It picks &lt;b&gt;another&lt;/b&gt; port.", shown


@pytest.mark.parametrize("source, shown", [("/srv/kb/hr/pay.md", "hr/pay.md"), ("C:\\kb\\hr\\pay.md", "hr/pay.md"),
                                           ("docs/guide/faq.md", "docs/guide/faq.md"), ("upload/pay.md", "upload/pay.md")])
def test_the_chat_names_a_document_without_where_the_server_keeps_it(source, shown):
    from web.render import shown_source

    assert shown_source(source) == shown


def test_an_admin_who_posts_to_disable_their_own_account_is_refused_and_stays(app):
    admin = signed_in(app, "ada")
    refused = admin.post("/admin/users/ada/account", data={"action": "disable"}, headers={"HX-Request": "true"})
    assert refused.status_code == 422 and "cannot disable or delete their own" in refused.text
    assert 'data-user="ada"' in refused.text and admin.get("/admin/users").status_code == 200


def test_what_an_account_action_did_is_said_in_the_pages_language(app):
    with session_scope(app.state.runtime.session_factory) as session:
        add_user(session=session, name="kim", role="user", password=PASSWORD)
    admin = signed_in(app, "ada", "ko")
    done = admin.post("/admin/users/kim/account", data={"action": "revoke-tokens"}, headers={"HX-Request": "true"})
    assert done.status_code == 200 and "kim 사용자의 API 토큰 0개를 폐기했습니다" in done.text


def test_the_reports_list_names_its_metrics_in_korean():
    from eval.report import METRIC_LABELS
    from web.i18n import KOREAN

    assert all(label in KOREAN for label in METRIC_LABELS.values())


def test_picking_another_collection_offers_its_own_example_questions(app):
    from eval.store import add_golden

    with session_scope(app.state.runtime.session_factory) as session:
        for question, collection in (("Which port does the agent use?", None), ("When is pay day?", "hr")):
            add_golden(session=session, question=question, reference_answer="x", reference_documents=[],
                       answerable=True, origin="imported", status="approved", collection=collection, language="en")
    admin = signed_in(app, "ada")
    hr, default = (admin.get("/chat/examples", params={"collection": name}).text for name in ("hr", "default"))
    assert "When is pay day?" in hr and "Which port" not in hr, "an item with no collection is the default's"
    assert "Which port does the agent use?" in default and "pay day" not in default


def test_a_user_saved_without_a_password_is_said_to_use_api_tokens_only(app):
    admin = signed_in(app, "ada")
    saved = admin.post("/admin/users", data={"name": "bot", "role": "user", "password": ""},
                       headers={"HX-Request": "true"})
    assert saved.status_code == 200 and "signs in only with API tokens" in saved.text
    with_password = admin.post("/admin/users", data={"name": "bea", "role": "user", "password": PASSWORD},
                               headers={"HX-Request": "true"})
    assert "Saved bea." in with_password.text and "API tokens" not in with_password.text.split("Saved bea.")[1][:80]


def test_a_passages_table_shows_as_a_table_with_its_cells_escaped():
    from web.render import markdown_html

    html = str(markdown_html("Rooms\n\n| Room | Price |\n|---|---|\n| Single <script>x</script> | €129 |"))
    assert "<th>Room</th>" in html and "<td>€129</td>" in html
    assert "<script>" not in html and "&lt;script&gt;" in html
