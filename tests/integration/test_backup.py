"""`ragloop backup` while the server answers, then `ragloop restore` into an empty data folder: the same question gets
the same answer from the same passages, and the uploaded file is back for re-ingestion."""

import json
import os
import shutil
import subprocess
import sys

import httpx

from tests.integration.test_handoff import ROOT, Server, ragloop


def test_backup_while_serving_and_restore_answer_the_same(tmp_path, corpus):
    data = tmp_path / "data"
    env = {**os.environ, "RAGLOOP_DATA_DIR": str(data), "PYTHONPATH": str(ROOT)}
    added = subprocess.run([sys.executable, "-c", "from core.cli import main; main()", "users", "add", "eve",
                            "--role", "editor", "--password-stdin"], input="correct horse battery", env=env,
                           cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert added.returncode == 0, added.stderr
    token = ragloop("users", "token", "eve", env=env, cwd=tmp_path).stdout.strip().split()[-1]
    server = Server(env, tmp_path)
    try:
        assert ragloop("ingest", "kb", env=env, cwd=tmp_path).returncode == 0  # handed to the server
        headers = {"Authorization": f"Bearer {token}"}
        job = httpx.post(f"{server.url}/api/documents", headers=headers, timeout=60,
                         files=[("files", ("hours.md", b"# Hours\n\nThe helpdesk opens at 7 am.", "text/markdown"))])
        assert job.status_code == 202
        question = {"question": "Which port does the agent listen on?"}
        before = httpx.post(f"{server.url}/api/ask", json=question, headers=headers, timeout=60).json()

        taken = ragloop("backup", str(tmp_path / "backup"), env=env, cwd=tmp_path)
        assert taken.returncode == 0, taken.stderr
        assert "database, vectors, uploads" in taken.stdout
        assert httpx.post(f"{server.url}/api/ask", json=question, headers=headers, timeout=60).status_code == 200
        refused = ragloop("restore", str(tmp_path / "backup"), env=env, cwd=tmp_path)
        assert refused.returncode == 2 and "stop it" in refused.stderr
        again = ragloop("backup", str(tmp_path / "backup"), env=env, cwd=tmp_path)
        assert again.returncode == 2 and "not an empty folder" in again.stderr
    finally:
        server.stop()

    shutil.rmtree(data)  # the machine is lost
    restored = ragloop("restore", str(tmp_path / "backup"), env=env, cwd=tmp_path)
    assert restored.returncode == 0, restored.stderr
    after = json.loads(ragloop("ask", question["question"], "--json", env=env, cwd=tmp_path).stdout)
    assert after["answer"] == before["answer"] and "7311" in after["answer"]
    assert [c["chunk_id"] for c in after["citations"]] == [c["chunk_id"] for c in before["citations"]]
    assert list((data / "uploads").glob("*/hours.md")), "the uploaded file is back for re-ingestion"
