"""The nightly scheduler inside `ragloop serve`: when it fires, and that a failing run does not stop it."""

import time
from datetime import datetime, timedelta
from types import SimpleNamespace

import pytest

from web.scheduler import NightlyScheduler, seconds_until


@pytest.mark.parametrize("now, at, expected", [
    (datetime(2026, 3, 1, 1, 0), "02:30", 90 * 60),
    (datetime(2026, 3, 1, 2, 30), "02:30", 24 * 3600),  # just ran: the next one is tomorrow
    (datetime(2026, 3, 1, 23, 59, 30), "00:00", 30),
])
def test_seconds_until_the_next_time_of_day(now, at, expected):
    assert seconds_until(at, now) == expected


def test_the_scheduler_runs_the_job_when_the_time_comes_and_survives_a_failure():
    calls = []

    def job():
        calls.append(time.monotonic())
        if len(calls) == 1:
            raise RuntimeError("the first night fails")
        return SimpleNamespace(run_id=len(calls), status="complete", regressions=[])

    # A clock that always reads 50 ms before 02:00: every wait is 50 ms.
    scheduler = NightlyScheduler("02:00", job, clock=lambda: datetime(2026, 3, 1, 2, 0) - timedelta(milliseconds=50))
    scheduler.start()
    deadline = time.monotonic() + 10
    while scheduler.runs < 3 and time.monotonic() < deadline:
        time.sleep(0.02)
    scheduler.stop()
    assert scheduler.runs >= 3 and len(calls) >= 3, "it kept going after the failing run"
    stopped_at = len(calls)
    time.sleep(0.2)
    assert len(calls) == stopped_at, "nothing runs after stop()"
