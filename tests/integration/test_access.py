"""Collections with access: once an admin restricts a collection, only admins and the users granted it read it, on
every read path (ask through the JSON API, the page and the OpenAI-compatible route, source pages, stored answers,
ratings, the review queue, the documents page), and only write grants let editors change it."""

import re

import pytest

from core.db import session_scope
from core.settings import Settings
from ingest import Uploads, list_documents
from ingest.uploads import Batch, shelve_earlier_uploads
from tests.integration.conftest import make_user
from tests.integration.test_documents import wait_for_job
from tests.integration.test_web import sign_in
from web.auth import grant, restrict

HR = "# Salaries\n\nThe salary band for senior engineers is 90,000 to 120,000 euros a year.\n"
QUESTION = "What is the salary band for senior engineers?"


@pytest.fixture
def hr(client, tmp_path):
    """The app with an `hr` collection, restricted, and the admin's client."""
    folder = tmp_path / "hr"
    folder.mkdir()
    (folder / "salaries.md").write_text(HR, encoding="utf-8")
    runtime = client.app.state.runtime
    runtime.pipeline.run_paths([str(folder)], collection="hr")
    with runtime.session() as session:
        restrict(session=session, collection="hr")
    return client


def bearer(app, name: str, role: str) -> dict:
    return {"Authorization": f"Bearer {make_user(app, name, role)}"}


def test_a_restricted_collection_is_read_only_by_those_granted_it(hr):
    app = hr.app
    ann, bob = bearer(app, "ann", "user"), bearer(app, "bob", "user")
    with session_scope(app.state.runtime.session_factory) as session:
        grant(session=session, name="bob", collection="hr")

    refused = hr.post("/api/ask", json={"question": QUESTION, "collection": "hr"}, headers=ann)
    assert refused.status_code == 403 and "restricted" in refused.json()["detail"]
    answered = hr.post("/api/ask", json={"question": QUESTION, "collection": "hr"}, headers=bob).json()
    assert "90,000" in answered["answer"]
    assert "90,000" in hr.post("/api/ask", json={"question": QUESTION, "collection": "hr"}).json()["answer"], \
        "admins read everything"
    assert hr.post("/api/ask", json={"question": "Which port does the agent listen on?"},
                   headers=ann).status_code == 200, "open collections stay open"

    source = f"/sources/{answered['citations'][0]['document_id']}"
    assert hr.get(source, headers=ann).status_code == 404
    assert "90,000" in hr.get(source, headers=bob).text
    stored = f"/api/answers/{answered['answer_id']}"
    assert hr.get(stored, headers=bob).status_code == 200

    with session_scope(app.state.runtime.session_factory) as session:
        restrict(session=session, collection="default")
    refused_default = hr.post("/v1/chat/completions", headers=ann, json={
        "messages": [{"role": "user", "content": "Which port does the agent listen on?"}]})
    assert refused_default.status_code == 403, "the OpenAI-compatible route asks the default collection"


def test_the_chat_page_offers_the_collections_the_user_may_read_and_asks_the_one_picked(hr):
    ann, bob = sign_in(hr.app, "ann", "user"), sign_in(hr.app, "bob", "user")
    with session_scope(hr.app.state.runtime.session_factory) as session:
        grant(session=session, name="bob", collection="hr")
    assert 'name="collection"' in ann.get("/").text and '<option value="hr"' not in ann.get("/").text, \
        "one readable collection: nothing to pick"
    page = bob.get("/").text
    assert re.search(r'<select id="collection" name="collection"[^>]*hx-get="/chat/examples"', page), \
        "the picker is there, and picking a collection fetches its example questions"
    assert '<option value="hr"' in page
    posted = bob.post("/chat", data={"question": QUESTION, "collection": "hr", "conversation_id": "c9"})
    key = re.search(r'sse-connect="/chat/stream/([^"]+)"', posted.text).group(1)
    assert "90,000" in bob.get(f"/chat/stream/{key}").text
    assert 'value="hr" selected' in bob.get("/?c=c9").text, "a reopened conversation keeps its collection"
    assert ann.post("/chat", data={"question": QUESTION, "collection": "hr"}).status_code == 403


def test_agents_see_and_rate_only_answers_of_collections_they_may_read(hr):
    app = hr.app
    owner = bearer(app, "bob", "user")
    with session_scope(app.state.runtime.session_factory) as session:
        grant(session=session, name="bob", collection="hr")
    answer_id = hr.post("/api/ask", json={"question": QUESTION, "collection": "hr"}, headers=owner).json()["answer_id"]
    assert hr.post(f"/api/answers/{answer_id}/feedback", json={"rating": "down", "reason": "outdated"},
                   headers=owner).status_code == 200

    agent = sign_in(app, "gus", "agent")
    assert QUESTION not in agent.get("/review").text
    assert agent.get(f"/review/answers/{answer_id}").status_code == 404
    assert agent.post(f"/answers/{answer_id}/rate", data={"rating": "up"}).status_code == 404
    gus = bearer(app, "gus2", "agent")
    assert hr.get(f"/api/answers/{answer_id}", headers=gus).status_code == 404

    with session_scope(app.state.runtime.session_factory) as session:
        grant(session=session, name="gus", collection="hr")
    assert QUESTION in agent.get("/review").text
    assert agent.get(f"/review/answers/{answer_id}").status_code == 200


def test_editors_change_a_restricted_collection_only_with_a_write_grant(hr):
    app = hr.app
    editor = sign_in(app, "eve", "editor")
    page = editor.get("/documents").text
    assert "salaries.md" not in page and 'value="hr"' not in page
    files = [("files", ("pay.md", b"# Pay\n\nPay day is the 25th.", "text/markdown"))]
    assert editor.post("/documents/upload", files=files, data={"collection": "hr"}).status_code == 403

    with session_scope(app.state.runtime.session_factory) as session:
        grant(session=session, name="eve", collection="hr")
    page = editor.get("/documents").text
    assert "salaries.md" in page and '<option value="hr"' not in page, "a read grant shows, not writes"
    assert editor.post("/documents/upload", files=files, data={"collection": "hr"}).status_code == 403

    with session_scope(app.state.runtime.session_factory) as session:
        grant(session=session, name="eve", collection="hr", write=True)
    job = editor.post("/documents/upload", files=files, data={"collection": "hr"})
    assert job.status_code == 200 and 'data-status="finished"' in wait_for_job(editor, job.text)
    bob = bearer(app, "bob", "user")
    with session_scope(app.state.runtime.session_factory) as session:
        grant(session=session, name="bob", collection="hr")
    assert "25th" in hr.post("/api/ask", json={"question": "When is pay day?", "collection": "hr"},
                             headers=bob).json()["answer"]


def test_a_file_name_is_looked_up_within_its_collection_only(hr):
    """An editor's `pay.md` and a restricted collection's `pay.md` are two files: uploading, re-ingesting or deleting
    one never reads, replaces or deletes the other, and the restricted upload's job is not shown to the editor."""
    app, runtime = hr.app, hr.app.state.runtime
    secret = ("pay.md", b"# Pay\n\nThe bonus pool this year is 2.4 million euros.", "text/markdown")
    theirs = hr.post("/documents/upload", files=[("files", secret)], data={"collection": "hr"},
                     headers={"HX-Request": "true"}).text
    assert 'data-status="finished"' in wait_for_job(hr, theirs)
    editor = sign_in(app, "eve", "editor")
    mine = ("pay.md", b"# Pay\n\nPay day is the 25th.", "text/markdown")
    assert 'data-status="finished"' in wait_for_job(editor, editor.post("/documents/upload",
                                                                        files=[("files", mine)]).text)
    with runtime.session() as session:
        ids = {d.collection: d.id for d in list_documents(session=session) if d.source == "upload/pay.md"}
    hr_job = theirs.split('hx-get="', 1)[1].split('"', 1)[0]
    assert editor.get(hr_job).status_code == 404, "a restricted collection's job shows its files"

    assert "1 unchanged" in wait_for_job(editor, editor.post(f"/documents/{ids['default']}/reingest").text)
    assert "25th" in editor.get(f"/sources/{ids['default']}").text
    assert "bonus" not in editor.get(f"/sources/{ids['default']}").text, "re-ingest read the restricted file"
    assert "1 unchanged" in wait_for_job(hr, hr.post(f"/documents/{ids['hr']}/reingest").text)
    kept = hr.get(f"/sources/{ids['hr']}").text
    assert "2.4 million" in kept and "25th" not in kept, "the editor's upload replaced the restricted file"

    assert editor.post(f"/documents/{ids['default']}/delete").status_code == 200
    assert "1 unchanged" in wait_for_job(hr, hr.post(f"/documents/{ids['hr']}/reingest").text), \
        "deleting the editor's document deleted the restricted file"


def test_files_uploaded_before_collections_had_shelves_move_to_their_collections(tmp_path):
    settings = Settings(data_dir=tmp_path)
    for batch, name in (("0123456789abcdef", "pay.md"), ("0123456789abcdef", "faq.md"), ("fedcba9876543210", "x.md")):
        (settings.uploads / batch).mkdir(parents=True, exist_ok=True)
        (settings.uploads / batch / name).write_text(name)
    shelve_earlier_uploads(settings, {"pay.md": {"hr"}, "faq.md": {"default"}, "x.md": {"hr", "default"}})
    assert Uploads(settings, "hr").path_of("upload/pay.md").read_text() == "pay.md"
    assert Uploads(settings, "default").path_of("upload/faq.md").read_text() == "faq.md"
    assert Uploads(settings, "hr").path_of("upload/x.md") is None, "a name two collections hold is neither's"
    assert Uploads(settings, "default").path_of("upload/pay.md") is None
    assert not (settings.uploads / "0123456789abcdef").exists() and (settings.uploads / "fedcba9876543210").exists()
    assert Uploads(settings, "../../etc").root.parent == settings.uploads, "a collection's shelf stays inside"
    long_name = Uploads(settings, "인사팀" * 30)
    assert long_name.save([("pay.md", b"x")]).saved[0].read_bytes() == b"x", "a long Korean name is a folder too"


def test_an_upload_queued_before_shelves_is_found_on_its_shelf(tmp_path):
    settings = Settings(data_dir=tmp_path)
    old = settings.uploads / "0123456789abcdef"
    old.mkdir(parents=True)
    (old / "pay.md").write_text("pay")
    spec = {"kind": "upload", "folder": str(old), "saved": ["pay.md"], "refused": {}}  # queued, then a restart
    shelve_earlier_uploads(settings, {"pay.md": {"hr"}})
    batch = Batch.from_spec(Uploads(settings, "hr"), spec)
    assert [p.read_text() for p in batch.saved] == ["pay"]


def test_admins_restrict_grant_and_revoke_on_the_users_page(hr):
    app = hr.app
    make_user(app, "bob", "user")
    admin = sign_in(app, "ada", "admin")
    page = admin.get("/admin/users").text
    assert re.search(r'data-collection="hr">.*?restricted', page, re.S)
    granted = admin.post("/admin/grants", data={"name": "bob", "collection": "hr", "write": "true"})
    assert granted.status_code == 200 and "bob (write)" in granted.text
    revoked = admin.post("/admin/grants/revoke", data={"name": "bob", "collection": "hr"})
    assert "bob" not in revoked.text.split("<form class=\"grant\"")[0].split("<tbody>")[1]
    opened = admin.post("/admin/collections/restrict", data={"collection": "hr", "restricted": "false"})
    assert "open to every signed-in user" in opened.text
    user = bearer(app, "ann", "user")
    assert hr.post("/api/ask", json={"question": QUESTION, "collection": "hr"}, headers=user).status_code == 200
    assert admin.post("/admin/grants", data={"name": "nobody", "collection": "hr"}).status_code == 404
    added = admin.post("/admin/users", data={"name": "cleo", "role": "user", "password": "a long new password"})
    access = added.text.split('<div id="access" hx-swap-oob="true">', 1)[1]
    assert "<option>cleo</option>" in access, "a user just added can be granted at once"
    deleted = admin.post("/admin/users/bob/account", data={"action": "delete"})
    access = deleted.text.split('<div id="access" hx-swap-oob="true">', 1)[1]
    assert "<option>bob</option>" not in access and "<option>cleo</option>" in access, "a deleted user is gone there"


def test_the_commands_restrict_grant_list_revoke_and_open(tmp_path, corpus):
    import json
    import os

    from tests.integration.test_handoff import ROOT, ragloop

    env = {**os.environ, "RAGLOOP_DATA_DIR": str(tmp_path / "data"), "PYTHONPATH": str(ROOT)}
    assert ragloop("ingest", "kb", "--collection", "hr", env=env, cwd=tmp_path).returncode == 0
    assert ragloop("users", "add", "bob", "--no-password", env=env, cwd=tmp_path).returncode == 0
    for command in (["collections", "restrict", "hr"], ["users", "grant", "bob", "hr", "--write"]):
        done = ragloop(*command, env=env, cwd=tmp_path)
        assert done.returncode == 0, done.stderr
    listed = json.loads(ragloop("collections", "list", "--json", env=env, cwd=tmp_path).stdout)
    assert listed == {"collections": [{"name": "hr", "documents": 3, "restricted": True,
                                       "grants": [{"user": "bob", "write": True}]}]}
    assert ragloop("users", "revoke", "bob", "hr", env=env, cwd=tmp_path).returncode == 0
    again = ragloop("users", "revoke", "bob", "hr", env=env, cwd=tmp_path)
    assert again.returncode == 2 and "no grant" in again.stderr
    assert ragloop("collections", "open", "hr", env=env, cwd=tmp_path).returncode == 0
    listed = json.loads(ragloop("collections", "list", "--json", env=env, cwd=tmp_path).stdout)
    assert listed["collections"][0]["restricted"] is False and listed["collections"][0]["grants"] == []
    bad = ragloop("collections", "restrict", "no/such name", env=env, cwd=tmp_path)
    assert bad.returncode == 2 and "collection name" in bad.stderr


def test_golden_items_gaps_and_reports_of_a_restricted_collection_are_shown_only_to_its_readers(hr, tmp_path):
    from eval import list_golden, run_nightly
    from eval.store import results_for

    app, runtime = hr.app, hr.app.state.runtime
    owner = bearer(app, "bob", "user")
    with session_scope(runtime.session_factory) as session:
        grant(session=session, name="bob", collection="hr")
    disliked = hr.post("/api/ask", json={"question": QUESTION, "collection": "hr"}, headers=owner).json()
    hr.post(f"/api/answers/{disliked['answer_id']}/feedback", json={"rating": "down", "reason": "wrong_answer"},
            headers=owner)
    missing = hr.post("/api/ask", json={"question": "What is the bonus for senior engineers?", "collection": "hr"},
                      headers=owner).json()
    hr.post(f"/api/answers/{missing['answer_id']}/feedback", json={"rating": "down", "reason": "missing_document"},
            headers=owner)
    admin = sign_in(app, "ada", "admin")
    assert admin.post(f"/review/answers/{disliked['answer_id']}/promote", data={
        "reference_answer": "90,000 to 120,000 euros", "answerable": "true"}).status_code == 200
    run_nightly(runtime, report_dir=tmp_path / "reports")
    with session_scope(runtime.session_factory) as session:
        items = list_golden(session=session)
        promoted = next(i for i in items if i.question == QUESTION)
        assert {i.collection for i in items} == {"hr"}
        evaluated = {r.golden_item_id: r for r in results_for(session=session, run_id=1)}
        assert "90,000" in evaluated[promoted.id].answer, "the nightly asks an item in its own collection"

    agent, editor = sign_in(app, "gus", "agent"), sign_in(app, "eve", "editor")
    for status in ("approved", "candidate", ""):
        assert QUESTION not in agent.get(f"/golden?status={status}").text
    assert agent.get(f"/golden/{promoted.id}").status_code == 404
    assert agent.post(f"/golden/{promoted.id}", data={"action": "retire"}).status_code == 404
    same = hr.post("/api/ask", json={"question": QUESTION}, headers=bearer(app, "cal", "user")).json()
    review = agent.get(f"/review/answers/{same['answer_id']}").text
    assert f"/golden/{promoted.id}" not in review, \
        "the same question in an open collection shows the restricted collection's golden item"
    assert "cannot be promoted from here" in review and "/promote" not in review, "no form that could only fail"
    assert "bonus" not in editor.get("/documents/gaps").text
    assert agent.get("/reports/1").status_code == 403 and agent.get("/reports/1/file").status_code == 403
    assert 'href="/reports/1"' not in agent.get("/reports").text

    with session_scope(runtime.session_factory) as session:
        grant(session=session, name="gus", collection="hr")
        grant(session=session, name="eve", collection="hr")
    assert QUESTION in agent.get("/golden?status=approved").text
    assert agent.get(f"/golden/{promoted.id}").status_code == 200
    assert "bonus" in editor.get("/documents/gaps").text
    report = agent.get("/reports/1/file")
    assert report.status_code == 200 and "bonus" in report.text
