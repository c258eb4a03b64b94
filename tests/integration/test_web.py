"""The pages through HTTP as people use them: signing in, streamed chat with follow-ups, ratings with reasons,
the source viewer, the review queue, the admin pages, CSRF and expired sessions."""

import re
import time

import pytest
from fastapi.testclient import TestClient

from core.db import session_scope
from core.errors import RagloopError
from eval.store import add_golden, find_golden
from feedback import get_answer, ratings_for
from tests.integration.conftest import make_user

PASSWORD = "correct horse battery"


def sign_in(app, name: str, role: str) -> TestClient:
    """A browser-like client signed in as a new user of that role, sending its CSRF token with every htmx post."""
    make_user(app, name, role)
    browser = TestClient(app)
    csrf = form_token(browser.get("/login").text)
    response = browser.post("/login", data={"name": name, "password": PASSWORD, "csrf_token": csrf, "next": "/"},
                            follow_redirects=False)
    assert response.status_code == 303 and "ragloop_session" in response.headers["set-cookie"]
    assert "HttpOnly" in response.headers["set-cookie"] and "SameSite=Lax" in response.headers["set-cookie"]
    browser.headers.update({"X-CSRF-Token": page_token(browser.get("/").text),
                            "HX-Request": "true"})
    return browser


def form_token(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def page_token(html: str) -> str:
    return re.search(r'"X-CSRF-Token": "([^"]+)"', html).group(1)


def ask(browser: TestClient, question: str, conversation_id: str | None = None) -> tuple[str, str]:
    """Post a question the way the chat page does and read its answer stream; returns (stream text, answer id)."""
    posted = browser.post("/chat", data={"question": question, "conversation_id": conversation_id or ""})
    assert posted.status_code == 200, posted.text
    key = re.search(r'sse-connect="/chat/stream/([^"]+)"', posted.text).group(1)
    stream = browser.get(f"/chat/stream/{key}")
    assert stream.headers["content-type"].startswith("text/event-stream")
    found = re.search(r'data-answer-id="([^"]+)"', stream.text)
    return stream.text, found.group(1) if found else ""


def events(stream: str) -> list[tuple[str, str]]:
    parsed = []
    for block in stream.strip().split("\n\n"):
        lines = block.splitlines()
        name = lines[0].removeprefix("event: ")
        parsed.append((name, "\n".join(line.removeprefix("data: ") for line in lines[1:])))
    return parsed


def test_a_user_chats_with_streaming_citations_and_rates_with_a_reason(client):
    app = client.app
    browser = sign_in(app, "ann", "user")
    stream, answer_id = ask(browser, "Which port does the agent listen on?")
    names = [name for name, _ in events(stream)]
    assert names[0] == "draft" and names[-1] == "done" and names.count("done") == 1
    done = events(stream)[-1][1]
    assert "7311" in done and 'class="cite"' in done and 'href="/sources/' in done
    assert "Confidence" in done and 'class="why"' in done
    with session_scope(app.state.runtime.session_factory) as session:
        assert get_answer(session=session, answer_id=answer_id).asked_by == "ann"

    down = browser.post(f"/answers/{answer_id}/rate", data={"rating": "down"})
    assert down.status_code == 200 and "What was wrong?" in down.text
    untold = browser.post(f"/answers/{answer_id}/rate", data={"rating": "down", "telling": "1", "comment": " "})
    assert "Choose what was wrong, or write a comment." in untold.text and "What was wrong?" in untold.text
    commented = browser.post(f"/answers/{answer_id}/rate", data={"rating": "down", "telling": "1",
                                                                  "comment": "the port is wrong"})
    assert "Thanks" in commented.text and "What was wrong?" not in commented.text, "a comment alone is told"
    reasoned = browser.post(f"/answers/{answer_id}/rate", data={"rating": "down", "reason": "outdated",
                                                                 "comment": "port moved to 7312"})
    assert 'data-rating="down"' in reasoned.text and "Outdated" in reasoned.text
    browser.post(f"/answers/{answer_id}/rate", data={"rating": "up"})
    with session_scope(app.state.runtime.session_factory) as session:
        assert [(r.rater, r.rating, r.reason, r.comment)
                for r in ratings_for(session=session, answer_id=answer_id)] == [("ann", "up", None, None)]


def test_a_follow_up_question_is_searched_with_the_conversation(client):
    browser = sign_in(client.app, "ann", "user")
    ask(browser, "How do I install the agent?", conversation_id="c1")
    stream, answer_id = ask(browser, "Which port does it listen on?", conversation_id="c1")
    with session_scope(client.app.state.runtime.session_factory) as session:
        stored = get_answer(session=session, answer_id=answer_id)
    assert stored.question == "Which port does it listen on?"
    assert "agent" in stored.search_query.lower() and stored.conversation_id == "c1"
    assert "Searched for" in stream and "7311" in stream
    _, unrelated = ask(browser, "Which port does it listen on?", conversation_id="c2")
    with session_scope(client.app.state.runtime.session_factory) as session:
        assert get_answer(session=session, answer_id=unrelated).search_query == "Which port does it listen on?"


def test_conversations_are_kept_per_person_reopened_with_ratings_and_deleted_by_their_owner(client):
    ann = sign_in(client.app, "ann", "user")
    posted = ann.post("/chat", data={"question": "How do I install the agent?", "conversation_id": "c1"})
    assert posted.headers["HX-Replace-Url"] == "/?c=c1", "a reload reopens the conversation"
    assert 'id="conversations" class="conversations"' in posted.text and "How do I install the agent?" in posted.text
    ask(ann, "How do I install the agent?", conversation_id="c1")
    _, port_answer = ask(ann, "Which port does it listen on?", conversation_id="c1")
    ann.post(f"/answers/{port_answer}/rate", data={"rating": "down", "reason": "outdated"})
    ask(ann, "Which port does the agent listen on?", conversation_id="c2")

    page = ann.get("/")
    panel = re.search(r'<nav id="conversations".*?</nav>', page.text, re.S).group(0)
    assert panel.index("/?c=c2") < panel.index("/?c=c1"), "the latest conversation first"
    assert "How do I install the agent?" in panel, "a conversation is titled by its first question"

    reopened = ann.get("/?c=c1")
    assert reopened.status_code == 200
    answers = re.findall(r'<article class="answer[^"]*" id="a-([^"]+)"', reopened.text)
    assert len(answers) == 2 and answers[1] == port_answer, "its answers, oldest first"
    assert "7311" in reopened.text and 'class="cite"' in reopened.text and 'href="/sources/' in reopened.text
    assert 'data-rating="down"' in reopened.text and "Outdated" in reopened.text, "with the rating given"
    assert 'name="conversation_id" value="c1"' in reopened.text, "a next question continues it"

    bob = sign_in(client.app, "bob", "user")
    assert bob.get("/?c=c1").status_code == 404, "nobody else opens it, even knowing its id"
    assert "/?c=c1" not in bob.get("/").text
    assert bob.post("/conversations/c1/delete", data={"current": ""},
                    headers={"HX-Request": "true"}).status_code == 404

    kept = ann.post("/conversations/c1/delete", data={"current": "c2"}, headers={"HX-Request": "true"})
    assert kept.status_code == 200 and "/?c=c1" not in kept.text and "/?c=c2" in kept.text
    with session_scope(client.app.state.runtime.session_factory) as session:
        assert get_answer(session=session, answer_id=port_answer) is None
        assert ratings_for(session=session, answer_id=port_answer) == []
    assert ann.get("/?c=c1").status_code == 404
    gone = ann.post("/conversations/c2/delete", data={"current": "c2"}, headers={"HX-Request": "true"})
    assert gone.headers["HX-Redirect"] == "/", "deleting the open conversation leaves it for a new one"


def test_the_source_viewer_highlights_the_cited_passage(client):
    browser = sign_in(client.app, "ann", "user")
    stream, _ = ask(browser, "Which port does the agent listen on?")
    link = re.search(r'href="(/sources/[^"#]+)', events(stream)[-1][1]).group(1).replace("&amp;", "&")
    page = browser.get(link)
    assert page.status_code == 200 and "Installing the agent" in page.text
    marked = re.search(r'<section class="passage highlighted" id="passage"[^>]*>(.*?)</section>', page.text, re.S)
    assert marked and "7311" in marked.group(1) and "<p>" in marked.group(1), "the cited passage, rendered, marked"
    assert page.text.count('class="passage highlighted"') == 1
    assert "<script" not in marked.group(1)
    assert browser.get("/sources/no-such-document").status_code == 404


def test_a_streamed_question_can_be_read_once_and_only_by_its_asker(client):
    ann, bob = sign_in(client.app, "ann", "user"), sign_in(client.app, "bob", "user")
    posted = ann.post("/chat", data={"question": "Which port does the agent listen on?"})
    key = re.search(r'sse-connect="/chat/stream/([^"]+)"', posted.text).group(1)
    assert "expired" in bob.get(f"/chat/stream/{key}").text
    assert "7311" in ann.get(f"/chat/stream/{key}").text
    assert "expired" in ann.get(f"/chat/stream/{key}").text


def test_bad_chat_input_gets_a_clear_4xx(client):
    browser = sign_in(client.app, "ann", "user")
    empty = browser.post("/chat", data={"question": "   "})
    huge = browser.post("/chat", data={"question": "why " * 1000})
    assert empty.status_code == 422 and "type a question" in empty.text
    assert huge.status_code == 422 and "3,999 characters long" in huge.text and "at most 2,000" in huge.text
    assert browser.post("/answers/nope/rate", data={"rating": "up"}).status_code == 404


def test_script_in_a_question_and_in_a_document_is_escaped(client, tmp_path):
    planted = tmp_path / "planted.md"
    planted.write_text("# Plugins\n\nThe plugin directory is /opt/agent/plugins <script>alert('doc')</script> "
                       "and <img src=x onerror=alert(2)> plugins load at start.", encoding="utf-8")
    client.app.state.runtime.pipeline.run_paths([str(planted)], collection="default")
    browser = sign_in(client.app, "ann", "user")
    posted = browser.post("/chat", data={"question": "<script>alert(1)</script> where is the plugin directory?"})
    assert "<script>alert(1)" not in posted.text and "&lt;script&gt;" in posted.text
    stream, _ = ask(browser, "Where is the plugin directory? <b>now</b>")
    assert "/opt/agent/plugins" in stream
    assert "<script>" not in stream and "<img" not in stream and "<b>now" not in stream
    source = browser.get(re.search(r'href="(/sources/[^"#]+)', stream).group(1).replace("&amp;", "&"))
    assert "<script>alert" not in source.text and "&lt;script&gt;" in source.text
    assert "script-src 'self'" in source.headers["content-security-policy"]


def test_forged_or_missing_csrf_tokens_are_refused(client):
    browser = sign_in(client.app, "ann", "user")
    forged = browser.post("/chat", data={"question": "Which port?"}, headers={"X-CSRF-Token": "forged"})
    del browser.headers["X-CSRF-Token"]
    missing = browser.post("/chat", data={"question": "Which port?"})
    api_with_cookie = browser.post("/api/ask", json={"question": "Which port?"})
    assert [forged.status_code, missing.status_code, api_with_cookie.status_code] == [403, 403, 403]
    assert "reload the page" in forged.text
    stranger = TestClient(client.app)
    stranger.get("/login")
    login = stranger.post("/login", data={"name": "ann", "password": PASSWORD, "csrf_token": "forged"})
    assert login.status_code == 403


def test_an_expired_or_forged_session_means_signing_in_again(client, monkeypatch):
    app = client.app
    browser = sign_in(app, "ann", "user")
    assert browser.get("/", follow_redirects=False).status_code == 200
    old = TestClient(app)
    csrf = form_token(old.get("/login").text)
    real_time = time.time
    monkeypatch.setattr(time, "time", lambda: real_time() - app.state.runtime.settings.session_max_age_s - 60)
    signed_long_ago = old.post("/login", data={"name": "ann", "password": PASSWORD, "csrf_token": csrf},
                               follow_redirects=False)
    monkeypatch.setattr(time, "time", real_time)
    cookie = re.search(r"ragloop_session=([^;]+)", signed_long_ago.headers["set-cookie"]).group(1)
    old.cookies.clear()
    old.cookies.set("ragloop_session", cookie)
    page = old.get("/", follow_redirects=False)
    assert page.status_code == 303 and page.headers["location"] == "/login?next=%2F"
    htmx = old.post("/chat", data={"question": "Which port?"}, headers={"HX-Request": "true"})
    assert htmx.status_code == 401 and htmx.headers["HX-Redirect"] == "/login?next=%2F"
    browser.cookies.set("ragloop_session", browser.cookies.get("ragloop_session")[:-4] + "AAAA")
    tampered = browser.get("/", follow_redirects=False)
    assert tampered.status_code == 401 and tampered.headers["HX-Redirect"].startswith("/login")


def test_signing_in_with_a_wrong_password_is_refused_then_throttled(client):
    make_user(client.app, "ann", "user")
    stranger = TestClient(client.app)
    csrf = form_token(stranger.get("/login").text)
    attempts = [stranger.post("/login", data={"name": "ann", "password": "wrong", "csrf_token": csrf},
                              follow_redirects=False).status_code for _ in range(6)]
    assert attempts == [401] * 5 + [429]
    unknown = TestClient(client.app)
    csrf = form_token(unknown.get("/login").text)
    response = unknown.post("/login", data={"name": "nobody", "password": "x" * 10, "csrf_token": csrf})
    assert response.status_code == 401 and "wrong name or password" in response.text
    korean = TestClient(client.app, cookies={"ragloop_lang": "ko"})
    csrf = form_token(korean.get("/login").text)
    response = korean.post("/login", data={"name": "nobody", "password": "x" * 10, "csrf_token": csrf})
    assert response.status_code == 401 and "사용자 이름 또는 비밀번호가 틀렸습니다" in response.text


def test_an_agent_reviews_filters_and_promotes_to_the_golden_set(client):
    app = client.app
    ann, agent = sign_in(app, "ann", "user"), sign_in(app, "gus", "agent")
    _, disliked = ask(ann, "Which port does the agent listen on?")
    _, liked = ask(ann, "How can I pay an invoice?")
    ann.post(f"/answers/{disliked}/rate", data={"rating": "down", "reason": "wrong_citation"})
    ann.post(f"/answers/{liked}/rate", data={"rating": "up"})

    queue = agent.get("/review?rating=down", headers={"HX-Request": ""})
    assert disliked in queue.text and liked not in queue.text
    by_reason = agent.get("/review?rating=&reason=outdated")
    assert disliked not in by_reason.text and "No answers match" in by_reason.text
    assert liked in agent.get("/review?rating=up&since=2000-01-01").text
    assert agent.get("/review?since=yesterday").status_code == 422
    assert agent.get("/review?min_confidence=200").status_code == 422
    assert disliked in agent.get("/review?rating=down&min_confidence=&max_confidence=100").text
    assert disliked not in agent.get("/review?rating=down&max_confidence=0").text, "percent, like the table"

    detail = agent.get(f"/review/answers/{disliked}", headers={"HX-Request": ""})
    assert detail.status_code == 200
    assert all(text in detail.text for text in ("extractive", "Which port", "Retrieved passages", "kb/install.md"))
    assert re.search(r"meaning match \d{1,3}%", detail.text), "a similarity an agent can read, not a raw score"
    assert "<dt>Prompt</dt>" not in detail.text, "an extractive answer used no prompt"
    agent.post(f"/answers/{disliked}/rate", data={"rating": "down", "reason": "other", "comment": "checked"})
    promoted = agent.post(f"/review/answers/{disliked}/promote",
                          data={"reference_answer": "Port 7311.", "reference_documents": ["kb/install.md", ""],
                                "answerable": "true"})
    assert promoted.status_code == 200 and "Promoted" in promoted.text
    again = agent.post(f"/review/answers/{disliked}/promote", data={"reference_answer": "x", "answerable": "true"})
    assert again.status_code == 409
    with session_scope(app.state.runtime.session_factory) as session:
        item = find_golden(session=session, question="Which port does the agent listen on?")
        assert (item.origin, item.status, item.reference_documents) == ("promoted", "approved", ["kb/install.md"])
        assert {r.rater for r in ratings_for(session=session, answer_id=disliked)} == {"ann", "gus"}
    assert ann.get(f"/review/answers/{disliked}").status_code == 403


def test_an_admin_adds_users_and_sees_settings_without_secrets(tmp_path, embedder):
    from tests.conftest import make_settings
    from web.app import create_app

    settings = make_settings(tmp_path / "data", llm_api_key="sk-very-secret",
                             ab_test='{"name": "v2", "b": {"llm_api_key": "sk-arm-secret", "prompt_label": "v2"}}')
    with TestClient(create_app(settings, embedder=embedder)) as client:
        admin = sign_in(client.app, "ada", "admin")
        saved = admin.post("/admin/users", data={"name": "eve", "role": "editor", "password": PASSWORD})
        assert saved.status_code == 200 and "Saved eve" in saved.text and "editor" in saved.text
        bad = admin.post("/admin/users", data={"name": "<b>", "role": "editor", "password": PASSWORD})
        assert bad.status_code == 422
        page = admin.get("/admin/settings").text
        assert "RAGLOOP_LLM_API_KEY" in page and "sk-very-secret" not in page
        assert "sk-arm-secret" not in page and "prompt_label" in page, "an A/B arm's key stays hidden"
        assert "<td>None</td>" not in page and "<td>True</td>" not in page and "<td>false</td>" in page, \
            "values as the environment variables are set"
        sections = re.findall(r'<h2 id="([a-z-]+)">', page)
        assert sections[:2] == ["storage-and-servers", "embeddings-and-ingestion"] and "language-models" in sections
        llm = page[page.index('id="language-models"'):page.index('id="privacy-and-safety"')]
        assert "RAGLOOP_LLM_API_KEY" in llm and "RAGLOOP_EMBEDDING_MODEL" not in llm, "each setting in its section"
        changed = re.findall(r'<tr class="changed"><td><code>(\w+)</code>', page)
        assert {"RAGLOOP_LLM_API_KEY", "RAGLOOP_AB_TEST"} <= set(changed), "set away from the default: marked"
        assert "RAGLOOP_TOP_K" not in changed and "RAGLOOP_RRF_K" not in changed
        missing = TestClient(client.app).get("/no/such/page")
        assert missing.status_code == 404 and "no such page" in missing.text and "<nav" in missing.text, \
            "a page of the site, not bare JSON"
        editor = TestClient(client.app)
        csrf = form_token(editor.get("/login").text)
        editor.post("/login", data={"name": "eve", "password": PASSWORD, "csrf_token": csrf})
        assert editor.get("/documents").status_code == 200 and editor.get("/admin/users").status_code == 403


def test_the_interface_speaks_korean(client):
    browser = sign_in(client.app, "ann", "user")
    assert "질문" in browser.get("/", headers={"Accept-Language": "ko-KR,ko;q=0.9"}).text
    browser.get("/lang/ko?next=/", follow_redirects=False)
    page = browser.get("/")
    assert '<html lang="ko">' in page.text and "새 대화" in page.text
    browser.headers.pop("HX-Request")  # a whole page, as a browser loads it
    missing = browser.get("/no-such-page")
    assert missing.status_code == 404 and "그런 페이지가 없습니다" in missing.text and "문제가 생겼습니다" in missing.text
    empty = browser.post("/chat", data={"question": " "}, headers={"HX-Request": "true"})
    assert empty.status_code == 422 and "먼저 질문을 입력해 주세요" in empty.text
    assert browser.get("/lang/en?next=https://evil.example/", follow_redirects=False).headers["location"] == "/"


def test_korean_text_is_marked_korean_in_an_english_page_so_that_it_breaks_between_words(client):
    browser = sign_in(client.app, "ann", "user")
    korean, _ = ask(browser, "에이전트는 몇 번 포트를 쓰나요?")
    english, _ = ask(browser, "Which port does the agent listen on?")
    assert '<p class="question" lang="ko">' in korean
    assert '<p class="question" lang="en">' in english and '<div class="text" lang="en">' in english
    css = browser.get("/static/app.css").text
    assert ":lang(ko) { word-break: keep-all;" in css, "Korean wraps at spaces wherever it is marked, not mid-word"


def test_the_staff_pages_speak_korean_too(client):
    app = client.app
    ann = sign_in(app, "ann", "user")
    _, answer_id = ask(ann, "Which port does the agent listen on?")
    ann.post(f"/answers/{answer_id}/rate", data={"rating": "down", "reason": "missing_document"})
    admin = sign_in(app, "ada", "admin")
    admin.get("/lang/ko?next=/", follow_redirects=False)
    admin.headers.pop("HX-Request")  # whole pages, as a browser loads them
    expected = {"/documents": ["업로드하고 색인", "다시 색인", "색인됨"], "/review": ["거르기", "싫어요"],
                f"/review/answers/{answer_id}": ["검색된 구절", "골든 세트에 추가", 'aria-label="출처 1"'], "/golden?status=": ["후보", "승인됨"],
                "/documents/gaps": ["콘텐츠 공백"], "/reports": ["품질 보고서"], "/admin/users": ["사용자 저장"],
                "/admin/monitoring?window=day": ["단계별 지연 시간", "최근 하루"], "/admin/settings": ["환경 변수", "질문마다 검색하는 청크 수", "저장소와 서버"],
                "/playground": ["플레이그라운드", "설정 A", "새 버전으로 저장", "운영"], "/": ["내 대화", "새 대화"]}
    for path, phrases in expected.items():
        page = admin.get(path).text
        assert all(phrase in page for phrase in phrases), (path, [p for p in phrases if p not in page])
    admin.get("/lang/en?next=/", follow_redirects=False)
    assert "Upload and ingest" in admin.get("/documents").text


@pytest.mark.parametrize("anonymous_chat", [False, True])
def test_anonymous_chat_is_off_unless_switched_on(tmp_path, embedder, corpus, anonymous_chat):
    from tests.conftest import make_settings
    from web.app import create_app

    settings = make_settings(tmp_path / "data", anonymous_chat=anonymous_chat)
    with TestClient(create_app(settings, embedder=embedder)) as visitor:
        visitor.app.state.runtime.pipeline.run_paths([str(corpus)], collection="default")
        api_client = TestClient(visitor.app)  # no cookies: a script calling the JSON API
        api = api_client.post("/api/ask", json={"question": "Which port does the agent listen on?"})
        page = visitor.get("/", follow_redirects=False)
        if not anonymous_chat:
            assert page.status_code == 303 and api.status_code == 401
            return
        assert page.status_code == 200 and api.status_code == 200
        rated = api_client.post(f"/api/answers/{api.json()['answer_id']}/feedback", json={"rating": "down"})
        assert rated.status_code == 200
        other = TestClient(visitor.app)  # another script, also without cookies: the same shared name
        assert other.get(f"/api/answers/{api.json()['answer_id']}").status_code == 404, "one script reads another's"
        api_client.post("/api/ask", json={"question": "Which port does the agent listen on?", "conversation_id": "c1"})
        follow_up = other.post("/api/ask", json={"question": "And its timeout?", "conversation_id": "c1"}).json()
        with visitor.app.state.runtime.session() as session:
            assert get_answer(session=session, answer_id=follow_up["answer_id"]).search_query in (None, "And its "
                                                                                                 "timeout?"), \
                "another script's questions gave a follow-up its context"
        visitor.headers.update({"X-CSRF-Token": page_token(page.text)})
        stream, answer_id = ask(visitor, "Which port does the agent listen on?")
        assert "7311" in stream
        assert visitor.post(f"/answers/{answer_id}/rate", data={"rating": "up"}).status_code == 200
        assert visitor.get("/documents", follow_redirects=False).status_code == 303


def test_an_agent_reviews_candidates_on_the_golden_pages_and_reads_reports(client, tmp_path):
    from eval.golden import import_items
    from eval.nightly import run_nightly

    app = client.app
    with session_scope(app.state.runtime.session_factory) as session:
        import_items(session=session, items=[
            {"question": "Which port does the agent listen on?", "reference_answer": None, "reference_documents": [],
             "answerable": True, "origin": "mined", "status": "candidate", "language": "en", "tags": []},
            {"question": "<script>alert(1)</script>?", "reference_answer": None, "reference_documents": [],
             "answerable": True, "origin": "mined", "status": "candidate", "language": "en", "tags": []}])
    agent = sign_in(app, "gus", "agent")
    listing = agent.get("/golden", headers={"HX-Request": ""})
    assert "Which port does the agent listen on?" in listing.text and "<script>alert(1)" not in listing.text
    assert re.search(r'aria-current="page">Candidates \(2\)', listing.text), "opens on the work to do"
    ids = re.findall(r'data-item-id="(\d+)"', listing.text)
    reworded = agent.post(f"/golden/{ids[0]}", data={"action": "save", "question": "Which port does the agent use?"})
    assert reworded.status_code == 200 and "Which port does the agent use?" in reworded.text
    assert agent.post(f"/golden/{ids[1]}", data={"question": "which port does the agent use"}).status_code == 409
    mistyped = agent.post(f"/golden/{ids[1]}", data={"action": "save", "reference_documents": "kb/instal.md"})
    assert "not in the knowledge base: kb/instal.md" in mistyped.text, "a mistyped document is said at once"
    with session_scope(app.state.runtime.session_factory) as session:
        assert find_golden(session=session, question="Which port does the agent use?").language == "en"
    too_soon = agent.post(f"/golden/{ids[0]}", data={"action": "approve", "answerable": "true"})
    assert too_soon.status_code == 422 and "needs a reference" in too_soon.text
    approved = agent.post(f"/golden/{ids[0]}", data={"action": "approve", "answerable": "true",
                                                      "reference_answer": "Port 7311.",
                                                      "reference_documents": "kb/install.md\n\n"})
    assert approved.status_code == 200 and "the item is approved" in approved.text
    assert 'value="approve"' not in approved.text, "no Approve button on an approved item"
    retired = agent.post(f"/golden/{ids[1]}", data={"action": "retire"})
    assert "the item is retired" in retired.text
    assert agent.get("/golden?status=candidate").text.count("data-item-id") == 0
    assert agent.get("/golden?status=bogus").status_code == 422
    assert agent.post("/golden/999999", data={"action": "save"}).status_code == 404

    result = run_nightly(app.state.runtime, report_dir=tmp_path / "reports")
    assert result.items == 1
    listing = agent.get("/reports", headers={"HX-Request": ""})
    assert f'href="/reports/{result.run_id}"' in listing.text
    page = agent.get(f"/reports/{result.run_id}")
    assert page.status_code == 200 and 'href="/reports"' in page.text and 'class="top"' in page.text, "app header"
    assert f'<iframe class="report" src="/reports/{result.run_id}/file"' in page.text
    report = agent.get(f"/reports/{result.run_id}/file")
    assert report.status_code == 200 and "Quality report" in report.text
    assert report.headers["content-security-policy"].startswith("default-src 'none'")
    assert "frame-ancestors 'self'" in report.headers["content-security-policy"]
    assert "Right to answer or refuse" in report.text and not re.search(r"(?<![$\d])\d\.\d{4}<", report.text)
    agent.get("/lang/ko?next=/", follow_redirects=False)
    korean = agent.get(f"/reports/{result.run_id}/file")
    assert korean.status_code == 200 and '<html lang="ko">' in korean.text and "품질 보고서" in korean.text
    assert "답변과 거절의 판단이 맞음" in korean.text and "Right to answer or refuse" not in korean.text
    assert korean.headers["content-security-policy"] == report.headers["content-security-policy"]
    agent.get("/lang/en?next=/", follow_redirects=False)
    assert agent.get("/reports/999999").status_code == 404
    editor = sign_in(app, "eve", "editor")
    assert editor.get("/reports").status_code == 403 and editor.get("/documents/gaps").status_code == 200


def test_the_monitoring_page_counts_what_happened(client):
    app = client.app
    ann = sign_in(app, "ann", "user")
    _, good = ask(ann, "Which port does the agent listen on?")
    _, refused = ask(ann, "What is the boiling point of mercury?")
    ann.post(f"/answers/{good}/rate", data={"rating": "up"})
    ann.post(f"/answers/{refused}/rate", data={"rating": "down", "reason": "missing_document"})
    admin = sign_in(app, "ada", "admin")
    page = admin.get("/admin/monitoring?window=day", headers={"HX-Request": ""})
    assert page.status_code == 200
    row = re.search(r'<tr data-collection="all">(.*?)</tr>', page.text, re.S).group(1)
    cells = re.findall(r"<td>(.*?)</td>", row, re.S)
    assert cells[1] == "2" and cells[4] == "50.0%" and cells[5] == "50.0%" and cells[6] == "50.0%"
    stage_row = re.search(r'<tr data-stages="all">(.*?)</tr>', page.text, re.S).group(1)
    stages = dict(re.findall(r'<td data-stage="(\w+)">(.*?)</td>', stage_row))
    assert {"embed", "search", "retrieval", "generation", "citations"} <= set(stages)
    assert all(re.fullmatch(r"\d+ / \d+", value) for value in stages.values()), stages
    assert 'src="data:image/png;base64,' in page.text
    assert admin.get("/admin/monitoring?window=year").status_code == 422
    assert ann.get("/admin/monitoring").status_code == 403


def test_an_ab_test_splits_users_stably_records_arms_and_compares_them(tmp_path, embedder, corpus):
    import json as jsonlib

    from feedback.store import AnswerRecord
    from tests.conftest import make_settings
    from web.app import create_app

    split = {"name": "short", "b": {"top_k": 1}, "share": 0.5}
    settings = make_settings(tmp_path / "data", ab_test=jsonlib.dumps(split))
    with TestClient(create_app(settings, embedder=embedder)) as client:
        app = client.app
        app.state.runtime.pipeline.run_paths([str(corpus)], collection="default")
        tokens = {f"u{n}": make_user(app, f"u{n}", "user", password=None) for n in range(8)}
        seen = {}
        for name, token in tokens.items():
            for _ in range(2):
                body = client.post("/api/ask", json={"question": "Which port does the agent listen on?"},
                                   headers={"Authorization": f"Bearer {token}"}).json()
                with session_scope(app.state.runtime.session_factory) as session:
                    row = session.get(AnswerRecord, body["answer_id"])
                    seen.setdefault(name, set()).add((row.ab_arm, len(row.retrieved)))
            client.post(f"/api/answers/{body['answer_id']}/feedback", json={"rating": "down"},
                        headers={"Authorization": f"Bearer {token}"})
        assert all(len(arms) == 1 for arms in seen.values()), "each user stays in one arm"
        arms = {next(iter(arms)) for arms in seen.values()}
        assert {arm for arm, _ in arms} == {"short:A", "short:B"}
        assert all((arm == "short:B") == (retrieved == 1) for arm, retrieved in arms), "arm B runs with top_k=1"
        admin = sign_in(app, "ada", "admin")
        page = admin.get("/admin/monitoring?window=day").text
        assert 'data-arm="short:A"' in page and 'data-arm="short:B"' in page and "not enough data yet" in page
    with pytest.raises(RagloopError, match="cannot differ"):
        create_app(make_settings(tmp_path / "d2", ab_test=jsonlib.dumps(
            {"name": "x", "b": {"embedding_model": "other"}})), embedder=embedder)


def test_a_question_an_agent_found_unanswered_shows_the_refusal_with_their_note(client):
    app = client.app
    with session_scope(app.state.runtime.session_factory) as session:
        add_golden(session=session, question="Does the agent support single sign-on?",
                   reference_answer="There is no single sign-on <yet>.", reference_documents=[],
                   answerable=False, origin="promoted", status="approved", collection="default", reviewed_by="rita")
    browser = sign_in(app, "una", "user")
    stream, _ = ask(browser, "Does the agent support single sign-on?")
    assert "The documents don&#39;t say" in stream or "The documents don't say" in stream
    assert "There is no single sign-on &lt;yet&gt;." in stream, "the agent's note, escaped"
    assert "rita found on" in stream and "Reviewed answer" in stream
    browser.cookies.set("ragloop_lang", "ko")
    stream, _ = ask(browser, "Does the agent support single sign-on?")
    assert "검토한 결과 문서에는" in stream
