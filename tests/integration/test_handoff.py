"""`ragloop ingest` and `ragloop ask` while `ragloop serve` owns the embedded store: the work goes to the server."""

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def ragloop(*args: str, env: dict, cwd: Path, timeout: int = 180) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", "from core.cli import main; main()", *args], env=env, cwd=cwd,
                          capture_output=True, text=True, timeout=timeout)


class Server:
    """`ragloop serve` in a process of its own, on a free port, up once /healthz answers."""

    def __init__(self, env: dict, cwd: Path):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        # The log goes to a file: a pipe nobody reads fills up under load and stalls the server.
        self.log = cwd / f"serve-{self.port}.log"
        with open(self.log, "wb") as log:
            self.process = subprocess.Popen([sys.executable, "-c", "from core.cli import main; main()", "serve",
                                             "--port", str(self.port)], env=env, cwd=cwd,
                                            stdout=subprocess.DEVNULL, stderr=log)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{self.url}/healthz", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                time.sleep(0.3)
        self.process.kill()
        pytest.fail("the server did not start: " + self.log.read_text(errors="replace")[-2000:])

    def stop(self) -> None:
        self.process.send_signal(signal.SIGINT)
        self.process.wait(timeout=30)


@pytest.fixture
def server(tmp_path):
    env = {**os.environ, "RAGLOOP_DATA_DIR": str(tmp_path / "data"), "PYTHONPATH": str(ROOT)}
    running = Server(env, tmp_path)
    yield env, running.port
    running.stop()
    assert not (tmp_path / "data" / "server.json").exists(), "the server leaves no ownership file behind"


def test_cli_jobs_are_handed_to_the_running_server(server, corpus, tmp_path):
    env, port = server
    first = ragloop("ingest", "kb", "--json", env=env, cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    assert json.loads(first.stdout) == {"added": 3, "updated": 0, "unchanged": 0, "deleted": 0, "failed": [], "skipped": []}
    again = ragloop("ingest", "kb", "missing.md", "--json", env=env, cwd=tmp_path)
    report = json.loads(again.stdout)
    assert report["unchanged"] == 3 and report["failed"] == [{"path": "missing.md", "error": "no such file or folder"}]
    answer = json.loads(ragloop("ask", "Which port does the agent listen on?", "--json", env=env, cwd=tmp_path).stdout)
    assert "7311" in answer["answer"] and answer["citations"][0]["source"] == "kb/install.md"
    assert httpx.get(f"http://127.0.0.1:{port}/healthz").json()["chunks"] >= 3

    golden = tmp_path / "golden.jsonl"
    golden.write_text(json.dumps({"question": "Which port does the agent listen on?",
                                  "reference_documents": ["kb/install.md"]}) + "\n")
    assert ragloop("golden", "import", str(golden), env=env, cwd=tmp_path).returncode == 0
    night = ragloop("nightly", "--report-dir", "reports", "--json", env=env, cwd=tmp_path)
    assert night.returncode == 0, night.stderr
    result = json.loads(night.stdout)
    assert result["items"] == 1 and result["metrics"]["recall_at_k"] == 1.0
    assert (tmp_path / "reports" / f"report-run-{result['run_id']}.html").is_file()


def test_a_command_that_would_open_the_owned_store_refuses_before_touching_it(server, corpus, tmp_path):
    env, port = server
    beir = tmp_path / "beir"
    beir.mkdir()
    (beir / "corpus.jsonl").write_text(json.dumps({"_id": "d1", "title": "Pay", "text": "Pay day is the 25th."}) + "\n")
    refused = ragloop("ingest", "--beir", str(beir), env=env, cwd=tmp_path)
    assert refused.returncode == 2 and f"127.0.0.1:{port}" in refused.stderr and "owns the embedded store" in \
        refused.stderr
    # The server's own handle is intact: an upload through it still works.
    assert ragloop("ingest", "kb", "--json", env=env, cwd=tmp_path).returncode == 0
    assert httpx.get(f"http://127.0.0.1:{port}/healthz").json() == {"status": "ok", "chunks": 3}
