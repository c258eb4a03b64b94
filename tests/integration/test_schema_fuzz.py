"""Schemathesis over the OpenAPI schema, as an admin, against a running server: whatever it generates (bounded to a
few examples per operation), no answer is a server error."""

import os
import subprocess
import sys
from pathlib import Path

from tests.integration.test_handoff import ROOT, Server, ragloop


def test_no_generated_request_gets_a_server_error(tmp_path, corpus):
    env = {**os.environ, "RAGLOOP_DATA_DIR": str(tmp_path / "data"), "PYTHONPATH": str(ROOT)}
    assert ragloop("ingest", "kb", env=env, cwd=tmp_path).returncode == 0
    assert ragloop("users", "add", "root", "--role", "admin", "--no-password", env=env, cwd=tmp_path).returncode == 0
    token = ragloop("users", "token", "root", env=env, cwd=tmp_path).stdout.strip()
    server = Server(env, tmp_path)
    try:
        fuzz = subprocess.run(
            [str(Path(sys.executable).parent / "schemathesis"), "run", f"{server.url}/openapi.json",
             "-H", f"Authorization: Bearer {token}", "--max-examples", "5", "--checks", "not_a_server_error",
             "--exclude-path-regex", "/api/local/|/api/ingest/", "--seed", "7"],
            capture_output=True, text=True, timeout=600, cwd=tmp_path,
            env={**os.environ, "SCHEMATHESIS_TELEMETRY": "false"})
    finally:
        server.stop()
    assert fuzz.returncode == 0, fuzz.stdout[-4000:]
    assert " passed" in fuzz.stdout and "failed" not in fuzz.stdout.split("Test cases:")[-1].split("Seed")[0]
