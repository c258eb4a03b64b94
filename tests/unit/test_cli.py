"""The `ragloop` command as a user runs it: ingest, ask, golden import/export, nightly with its report."""

import json

import pytest
from typer.testing import CliRunner

from core.cli import _register, app

runner = CliRunner()


@pytest.fixture(autouse=True)
def isolated_data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("RAGLOOP_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.chdir(tmp_path)  # no stray .env, and sources are relative to here
    if not app.registered_commands:
        _register()


def run(*args: str):
    return runner.invoke(app, list(args))


def test_files_ragloop_does_not_read_are_reported_as_skipped(tmp_path):
    import zipfile

    folder = tmp_path / "mixed"
    folder.mkdir()
    (folder / "guide.md").write_text("# Guide\n\nThe guide says hello.")
    (folder / "setup.exe").write_bytes(b"MZ\x90\x00")
    (folder / ".hidden.md").write_text("not a document anyone meant to share")
    with zipfile.ZipFile(folder / "bundle.zip", "w") as archive:
        archive.writestr("notes.txt", "Notes in the bundle.")
        archive.writestr("tool.exe", "MZ")
    result = run("ingest", "mixed", "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["added"] == 2 and report["failed"] == []
    assert [s["path"] for s in report["skipped"]] == ["mixed/bundle.zip/tool.exe", "mixed/setup.exe"]
    assert ".exe files are not read" in report["skipped"][1]["reason"] and ".md" in report["skipped"][1]["reason"]
    readable = run("ingest", "mixed")
    assert "skipped 2" in readable.output and "skipped mixed/setup.exe" in readable.output


def test_full_loop_from_the_command_line(corpus, tmp_path):
    first = run("ingest", "kb", "--json")
    assert first.exit_code == 0, first.output
    assert json.loads(first.stdout) == {"added": 3, "updated": 0, "unchanged": 0, "deleted": 0, "failed": [],
                                        "skipped": []}
    again = run("ingest", "kb")
    assert again.exit_code == 0 and "nothing changed" in again.output

    asked = run("ask", "Which port does the agent listen on?", "--json")
    body = json.loads(asked.stdout)
    assert set(body) == {"answer_id", "answer", "citations", "confidence", "refused", "trace_id", "verified"}
    assert "7311" in body["answer"] and body["citations"][0]["source"] == "kb/install.md"

    golden = tmp_path / "golden.jsonl"
    golden.write_text(json.dumps({"question": "Which port does the agent listen on?",
                                  "reference_answer": "port 7311", "reference_documents": ["kb/install.md"]}) + "\n")
    assert run("golden", "import", str(golden)).exit_code == 0
    night = run("nightly", "--report-dir", str(tmp_path / "reports"), "--json")
    assert night.exit_code == 0, night.output
    result = json.loads(night.stdout)
    assert set(result) == {"run_id", "items", "mined", "metrics", "deltas", "regressions", "report"}
    assert result["items"] == 1 and result["metrics"]["recall_at_k"] == 1.0
    assert (tmp_path / "reports").joinpath(result["report"].rsplit("/", 1)[-1]).is_file()

    pinned = run("golden", "pin", str(result["run_id"]))
    assert pinned.exit_code == 0 and f"run {result['run_id']} is the baseline now" in pinned.output
    missing = run("golden", "pin", "999")
    assert missing.exit_code == 2 and "no evaluation run 999" in missing.output

    exported = tmp_path / "out.jsonl"
    assert run("golden", "export", str(exported)).exit_code == 0
    assert json.loads(exported.read_text().splitlines()[0])["reference_documents"] == ["kb/install.md"]


def test_nightly_exits_1_on_a_regression(corpus, tmp_path):
    run("ingest", "kb")
    golden = tmp_path / "golden.jsonl"
    golden.write_text(json.dumps({"question": "Which port does the agent listen on?",
                                  "reference_documents": ["kb/install.md"]}) + "\n")
    run("golden", "import", str(golden))
    assert run("nightly", "--json").exit_code == 0
    (corpus / "install.md").unlink()
    assert json.loads(run("ingest", "kb", "--prune", "--json").stdout)["deleted"] == 1
    regressed = run("nightly", "--json")
    assert regressed.exit_code == 1
    assert "recall_at_k" in json.loads(regressed.stdout)["regressions"]
    summary = run("nightly")  # the run a person reads: its report, in English and in Korean
    assert "recall_at_k" in summary.output and ".html" in summary.output and ".ko.html" in summary.output


def test_a_forced_ingest_splits_unchanged_documents_again_with_a_new_chunk_size(tmp_path, monkeypatch):
    from core.runtime import runtime

    folder = tmp_path / "long"
    folder.mkdir()
    (folder / "manual.md").write_text("# Manual\n\n" + " ".join(
        f"Step {n} of the manual explains how the pump at station {n} is serviced." for n in range(80)))

    def chunks() -> int:
        with runtime() as built:
            return len(built.index.chunks(collection=built.settings.default_collection))

    assert run("ingest", "long").exit_code == 0
    before = chunks()
    monkeypatch.setenv("RAGLOOP_CHUNK_SIZE", "64")
    monkeypatch.setenv("RAGLOOP_CHUNK_OVERLAP", "8")
    assert "nothing changed" in run("ingest", "long").output and chunks() == before, "unchanged: left as it is"
    forced = run("ingest", "long", "--force")
    assert forced.exit_code == 0, forced.output
    assert "1 unchanged documents were split and indexed again" in forced.output
    assert chunks() > before


def test_bad_input_gives_a_clear_message_and_no_traceback(tmp_path):
    missing = run("ingest", "no-such-folder")
    assert missing.exit_code == 1 and "no such file" in missing.output
    empty = run("ask", "   ")
    assert empty.exit_code == 2 and "empty" in empty.output and "Traceback" not in empty.output
    bad = tmp_path / "bad.jsonl"
    bad.write_text("not json\n")
    imported = run("golden", "import", str(bad))
    assert imported.exit_code == 2 and "line 1" in imported.output


def test_nightly_prints_a_readable_summary(corpus, tmp_path):
    run("ingest", "kb")
    golden = tmp_path / "golden.jsonl"
    golden.write_text(json.dumps({"question": "Which port does the agent listen on?",
                                  "reference_documents": ["kb/install.md"]}) + "\n")
    run("golden", "import", str(golden))
    night = run("nightly")
    assert night.exit_code == 0, night.output
    assert "1 items evaluated" in night.output and "recall_at_k" in night.output and "report:" in night.output


def test_users_add_and_token_then_the_token_signs_api_calls(tmp_path):
    from fastapi.testclient import TestClient

    from core.settings import Settings
    from web.app import create_app

    added = runner.invoke(app, ["users", "add", "ann", "--role", "agent", "--password-stdin"],
                          input="long enough password\n")
    assert added.exit_code == 0 and "saved ann (agent)" in added.output
    token = run("users", "token", "ann").stdout.strip()
    assert token.startswith("rl_") and len(token) > 30
    assert run("users", "token", "nobody").exit_code != 0
    short = runner.invoke(app, ["users", "add", "bob", "--role", "user", "--password-stdin"], input="short\n")
    bad_role = runner.invoke(app, ["users", "add", "bob", "--role", "boss", "--no-password"])
    assert short.exit_code != 0 and "8 characters" in short.output
    assert bad_role.exit_code != 0 and "user, editor, agent, admin" in bad_role.output
    assert run("users", "list").stdout.split() == ["ann", "agent", "active"]
    assert json.loads(run("users", "list", "--json").stdout) == {
        "users": [{"name": "ann", "role": "agent", "active": True}]}
    with TestClient(create_app(Settings(_env_file=None, data_dir=tmp_path / "data"))) as client:
        assert client.get("/review", headers={"Authorization": f"Bearer {token}"}).status_code == 200
        assert client.get("/admin/users", headers={"Authorization": f"Bearer {token}"}).status_code == 403


def test_users_passwd_changes_the_password_and_keeps_the_role(tmp_path):
    from core.settings import Settings
    from web.auth.credentials import verify_password
    from web.store import get_user

    assert runner.invoke(app, ["users", "add", "ann", "--role", "editor", "--password-stdin"],
                         input="first password\n").exit_code == 0
    changed = runner.invoke(app, ["users", "passwd", "ann", "--password-stdin"], input="second password\n")
    assert changed.exit_code == 0 and "signed out" in changed.output
    assert runner.invoke(app, ["users", "passwd", "ann", "--password-stdin"], input="short\n").exit_code != 0
    missing = runner.invoke(app, ["users", "passwd", "nobody", "--password-stdin"], input="long enough one\n")
    assert missing.exit_code == 2 and "no user named 'nobody'" in missing.output
    from core.db import open_database, session_scope

    _, factory = open_database(Settings(_env_file=None, data_dir=tmp_path / "data"))
    with session_scope(factory) as session:
        user = get_user(session=session, name="ann")
        assert user.role == "editor" and user.session_epoch == 1
        assert verify_password(user.password_hash, "second password")
        assert not verify_password(user.password_hash, "first password")


def test_a_squad_file_ingests_as_paragraphs_its_golden_items_refer_to(tmp_path):
    squad = tmp_path / "dev.json"
    squad.write_text(json.dumps({"data": [{"title": "Rivers", "paragraphs": [
        {"context": "The Han river flows through Seoul and into the Yellow Sea.", "qas": [
            {"id": "a", "question": "Which river flows through Seoul?", "answers": [{"text": "The Han"}]}]},
        {"context": "The Nakdong is the longest river in South Korea.", "qas": [
            {"id": "b", "question": "What is the longest river in South Korea?", "answers": [{"text": "Nakdong"}]}]},
    ]}]}))
    ingested = run("ingest", "--squad", str(squad), "--json")
    assert json.loads(ingested.stdout)["added"] == 2
    assert run("golden", "import", str(squad)).exit_code == 0
    result = run("nightly", "--json")
    body = json.loads(result.stdout)
    assert result.exit_code == 0 and body["items"] == 2 and body["metrics"]["recall_at_k"] == 1.0


def test_eval_compare_runs_two_configurations_side_by_side(corpus, tmp_path):
    assert run("ingest", "kb").exit_code == 0
    golden = tmp_path / "golden.jsonl"
    golden.write_text("\n".join(json.dumps(row) for row in [
        {"question": "Which port does the agent listen on?", "reference_answer": "The agent listens on port 7311.",
         "reference_documents": ["kb/install.md"]},
        {"question": "How can I pay an invoice?", "reference_answer": "By credit card or by bank transfer.",
         "reference_documents": ["kb/billing.md"]}]) + "\n")
    assert run("golden", "import", str(golden)).exit_code == 0
    (tmp_path / "hybrid.env").write_text("# the default retrieval\nRAGLOOP_RETRIEVAL_MODE=hybrid\n")
    (tmp_path / "one.json").write_text(json.dumps({"top_k": 1, "retrieval_mode": "sparse"}))
    result = run("eval", "compare", "--config", "hybrid.env", "--config", "one.json", "--json")
    assert result.exit_code == 0, result.output
    body = json.loads(result.stdout)
    assert body["configs"] == ["hybrid", "one"] and body["items"] == 2
    assert body["metrics"]["hybrid"]["recall_at_k"] == 1.0 and "latency_ms_p50" in body["metrics"]["one"]
    html = (tmp_path / "data" / "reports" / "compare-hybrid-vs-one.html").read_text()
    assert "top_k=1" in html and "Which port does the agent listen on?" in html
    (tmp_path / "bad.env").write_text("RAGLOOP_EMBEDDING_MODEL=other\n")
    refused = run("eval", "compare", "--config", "hybrid.env", "--config", "bad.env")
    assert refused.exit_code != 0 and "cannot differ" in refused.output
    (tmp_path / "typo.env").write_text("RAGLOOP_TOPK=3\n")
    assert "unknown settings topk" in run("eval", "compare", "--config", "hybrid.env", "--config",
                                          "typo.env").output


def test_the_command_line_and_the_web_app_start_without_loading_ragas():
    """RAGAS takes over a second to import; a command that evaluates nothing (`users token`, `ingest`) and a server
    starting must not pay for it. It loads when an evaluation runs."""
    import subprocess
    import sys

    code = ("import sys; from core.cli import _register; _register(); import web.app; "
            "print('ragas' in sys.modules)")
    started = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert started.returncode == 0, started.stderr
    assert started.stdout.strip() == "False"


def test_serve_leaves_what_it_loaded_out_of_the_collectors_walks(monkeypatch):
    """The models and vocabularies loaded to serve live as long as the server: `ragloop serve` freezes them, so
    that a full garbage collection (0.3-0.4 s over them, every thread stopped) does not stall answers and health
    checks."""
    import gc

    import uvicorn

    frozen = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **options: frozen.setdefault("objects", gc.get_freeze_count()))
    try:
        result = run("serve", "--port", "8799")
    finally:
        gc.unfreeze()
    assert result.exit_code == 0, result.output
    assert frozen["objects"] > 50_000
