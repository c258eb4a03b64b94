"""The audit log records who did what: sign-in failures and lockouts, uploads, deletes, re-ingests, promotions,
golden-set edits, user, grant and access changes, from the pages and from the commands; it never holds a secret."""

import json
import os

from core import audit
from core.db import session_scope
from tests.integration.test_documents import upload, wait_for_job
from tests.integration.test_handoff import ROOT, ragloop
from tests.integration.test_web import form_token, sign_in


def actions(app) -> list[tuple[str, str, str]]:
    with session_scope(app.state.runtime.session_factory) as session:
        return [(e.actor, e.action, e.target) for e in reversed(audit.events(session=session))]


def test_what_people_do_on_the_pages_is_recorded(client):
    app = client.app
    for password in ("wrong one", "wrong two"):
        browser = client.__class__(app)
        browser.post("/login", data={"name": "mallory", "password": password,
                                     "csrf_token": form_token(browser.get("/login").text)})
    editor = sign_in(app, "eve", "editor")
    job = upload(editor, [("faq.md", b"# FAQ\n\nThe helpdesk opens at 9 am.", "text/markdown")])
    wait_for_job(editor, job.text)
    with session_scope(app.state.runtime.session_factory) as session:
        from ingest import list_documents

        faq = next(d for d in list_documents(session=session) if d.source == "upload/faq.md")
    editor.post(f"/documents/{faq.id}/reingest")
    editor.post(f"/documents/{faq.id}/delete")
    admin = sign_in(app, "ada", "admin")
    admin.post("/admin/users", data={"name": "bob", "role": "editor", "password": "a long new password"})
    admin.post("/admin/grants", data={"name": "bob", "collection": "hr", "write": "true"})
    admin.post("/admin/collections/restrict", data={"collection": "hr", "restricted": "true"})
    admin.post("/admin/users/bob/account", data={"action": "disable"})

    recorded = actions(app)
    assert ("mallory", "sign-in failed", "testclient") in recorded
    assert ("eve", "upload", "default") in recorded and ("eve", "reingest", "upload/faq.md") in recorded
    assert ("eve", "delete", "upload/faq.md") in recorded
    assert ("ada", "user saved", "bob") in recorded and ("ada", "grant", "hr") in recorded
    assert ("ada", "restrict", "hr") in recorded and ("ada", "user disable", "bob") in recorded
    page = admin.get("/admin/audit").text
    assert "sign-in failed" in page and "upload/faq.md" in page
    assert "password changed: yes" in page and "True" not in page and "['" not in page, "details read as words"
    admin.get("/lang/ko?next=/")
    korean = admin.get("/admin/audit").text
    assert "로그인 실패" in korean and "사용자 비활성화" in korean and "비밀번호 변경: 예" in korean
    with session_scope(app.state.runtime.session_factory) as session:
        stored = json.dumps([(e.actor, e.action, e.target, e.details) for e in audit.events(session=session)])
    assert "wrong one" not in stored and "a long new password" not in stored, "no secret is kept"


def test_what_commands_change_is_recorded_and_listed(tmp_path):
    env = {**os.environ, "RAGLOOP_DATA_DIR": str(tmp_path / "data"), "PYTHONPATH": str(ROOT)}
    assert ragloop("users", "add", "bob", "--no-password", env=env, cwd=tmp_path).returncode == 0
    assert ragloop("users", "grant", "bob", "hr", env=env, cwd=tmp_path).returncode == 0
    token = ragloop("users", "token", "bob", env=env, cwd=tmp_path).stdout.strip()
    golden = tmp_path / "golden.jsonl"
    golden.write_text(json.dumps({"question": "Which port?", "reference_answer": "7311"}) + "\n")
    assert ragloop("golden", "import", str(golden), env=env, cwd=tmp_path).returncode == 0
    listed = json.loads(ragloop("audit", "--json", env=env, cwd=tmp_path).stdout)
    assert [(e["action"], e["target"]) for e in listed] == [("golden import", "golden.jsonl"),
                                                            ("token issued", "bob"), ("grant", "hr"),
                                                            ("user saved", "bob")]
    assert listed[0]["details"] == {"added": 1, "present": 0}
    assert all(e["actor"].startswith("command:") for e in listed) and token not in json.dumps(listed)
    assert json.loads(ragloop("audit", "--since", "2999-01-01", "--json", env=env, cwd=tmp_path).stdout) == []
    bad = ragloop("audit", "--since", "yesterday", env=env, cwd=tmp_path)
    assert bad.returncode == 2 and "not a date" in bad.stderr
