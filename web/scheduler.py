"""The nightly job inside `ragloop serve` (embedded mode): at `RAGLOOP_NIGHTLY_AT` each day, in a thread of its
own, with the server's own store and models. With cron or a Kubernetes CronJob, leave the setting empty."""

from __future__ import annotations

import logging
import threading
from datetime import datetime, timedelta

log = logging.getLogger(__name__)


def seconds_until(at: str, now: datetime) -> float:
    """Seconds from `now` to the next time the clock shows `at` (HH:MM)."""
    hour, minute = (int(part) for part in at.split(":"))
    target = now.replace(hour=hour, minute=minute, second=0, microsecond=0)
    if target <= now:
        target += timedelta(days=1)
    return (target - now).total_seconds()


class NightlyScheduler:
    def __init__(self, at: str, job, *, clock=datetime.now):
        self.at, self.job, self.clock = at, job, clock
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="nightly", daemon=True)
        self.runs = 0

    def start(self) -> None:
        self._thread.start()

    def _loop(self) -> None:
        while not self._stop.wait(seconds_until(self.at, self.clock())):
            try:
                result = self.job()
                log.info("nightly run %s: %s, regressions: %s", result.run_id, result.status,
                         ", ".join(result.regressions) or "none")
            except Exception:  # the server keeps serving; the next night tries again
                log.exception("the nightly run failed")
            self.runs += 1

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)


class Periodic:
    """A job every `interval_s` seconds in a thread of its own (the alert checks); errors are logged, not raised."""

    def __init__(self, interval_s: float, job, *, name: str):
        self.interval_s, self.job = interval_s, job
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name=name, daemon=True)

    def start(self) -> None:
        self._thread.start()

    def _loop(self) -> None:
        while not self._stop.wait(self.interval_s):
            try:
                self.job()
            except Exception:
                log.exception("%s failed", self._thread.name)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
