"""The JSON ingestion API a script uses with an API token: upload into a job, follow it file by file, list, re-ingest,
delete; the same limits and collection grants as the documents page."""

import time

from fastapi.testclient import TestClient

from core.db import session_scope
from tests.integration.conftest import make_user
from web.auth import restrict


def finished(client: TestClient, job_id: str, headers: dict, timeout: float = 60) -> dict:
    deadline = time.monotonic() + timeout
    while True:
        job = client.get(f"/api/jobs/{job_id}", headers=headers).json()
        if job["status"] not in ("queued", "running"):
            return job
        assert time.monotonic() < deadline, "the job did not finish"
        time.sleep(0.2)


def test_a_script_uploads_follows_lists_reingests_and_deletes(client):
    editor = {"Authorization": f"Bearer {make_user(client.app, 'eve', 'editor')}"}
    limit = client.app.state.runtime.settings.max_upload_bytes
    files = [("files", ("hours.md", b"# Hours\n\nThe helpdesk opens at 7 am on weekdays.", "text/markdown")),
             ("files", ("huge.txt", b"x" * (limit + 1), "text/plain"))]
    accepted = client.post("/api/documents", files=files, headers=editor)
    assert accepted.status_code == 202 and accepted.json()["status_url"] == f"/api/jobs/{accepted.json()['job_id']}"

    job = finished(client, accepted.json()["job_id"], editor)
    assert job["status"] == "finished" and job["report"]["added"] == 1
    outcomes = {f["source"]: f for f in job["files"]}
    assert outcomes["upload/hours.md"]["outcome"] == "added"
    assert outcomes["upload/huge.txt"]["outcome"] == "failed" and "limit" in outcomes["upload/huge.txt"]["error"]

    listed = {d["source"]: d for d in client.get("/api/documents", headers=editor).json()}
    hours = listed["upload/hours.md"]
    assert hours["collection"] == "default" and hours["chunks"] >= 1 and hours["version"] == 1
    assert hours["status"] == "indexed" and hours["error"] is None
    assert client.get("/api/documents?collection=elsewhere", headers=editor).json() == []
    assert "7 am" in client.post("/api/ask", json={"question": "When does the helpdesk open?"}).json()["answer"]

    again = client.post(f"/api/documents/{hours['id']}/reingest", headers=editor)
    assert again.status_code == 202
    assert finished(client, again.json()["job_id"], editor)["files"] == [
        {"source": "upload/hours.md", "outcome": "unchanged"}]

    gone = client.delete(f"/api/documents/{hours['id']}", headers=editor)
    assert gone.status_code == 200 and gone.json()["deleted"] is True
    assert "upload/hours.md" not in {d["source"] for d in client.get("/api/documents", headers=editor).json()}
    assert client.delete(f"/api/documents/{hours['id']}", headers=editor).status_code == 404


def test_roles_grants_and_bad_input_are_answered_in_json(client):
    user = {"Authorization": f"Bearer {make_user(client.app, 'ann', 'user')}"}
    editor = {"Authorization": f"Bearer {make_user(client.app, 'eve', 'editor')}"}
    note = [("files", ("note.md", b"# Note\n\nA note.", "text/markdown"))]
    assert client.post("/api/documents", files=note, headers=user).status_code == 403
    with session_scope(client.app.state.runtime.session_factory) as session:
        restrict(session=session, collection="hr")
    refused = client.post("/api/documents", files=note, data={"collection": "hr"}, headers=editor)
    assert refused.status_code == 403 and "detail" in refused.json()
    empty = client.post("/api/documents", files=[], data={"collection": "default"}, headers=editor)
    assert empty.status_code == 422 and "at least one file" in empty.json()["detail"]
    assert client.get("/api/jobs/unknown", headers=editor).status_code == 404
    assert client.post("/api/documents/unknown/reingest", headers=editor).status_code == 404
