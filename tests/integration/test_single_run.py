"""One nightly run at a time, however many processes start it: on SQLite (a lock file) and on Postgres (an advisory
lock); a second start says a run is in progress and `ragloop nightly` exits 75."""

import pytest
from typer.testing import CliRunner

from core.runtime import Runtime
from eval import EX_TEMPFAIL, RunInProgress
from eval.single_run import only_run
from tests.conftest import make_settings


def test_a_second_start_is_refused_while_a_run_holds_the_lock_and_allowed_after(tmp_path, database_url):
    settings = make_settings(tmp_path / "data", database_url=database_url)
    first, second = Runtime(settings), Runtime(settings)
    try:
        with only_run(first):
            with pytest.raises(RunInProgress), only_run(second):
                pass
        with only_run(second):
            pass  # the first run ended: the lock is free again
    finally:
        first.close()
        second.close()


def test_ragloop_nightly_exits_75_while_another_run_is_in_progress(tmp_path, database_url, monkeypatch):
    from core.cli import _register, app

    monkeypatch.setenv("RAGLOOP_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("RAGLOOP_DATABASE_URL", database_url)
    if not app.registered_commands:
        _register()
    holder = Runtime(make_settings(tmp_path / "data", database_url=database_url))
    try:
        with only_run(holder):
            result = CliRunner().invoke(app, ["nightly", "--json"])
    finally:
        holder.close()
    assert result.exit_code == EX_TEMPFAIL and "in progress" in result.output
