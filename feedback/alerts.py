"""Alerts: thresholds from the settings, checked on a schedule against the stored answers. A crossing posts to a
webhook (Slack-compatible JSON: {"text": ...}) once; it posts again when the condition clears, and once more if it
comes back. Whether a rule is firing is kept in the database (`alert_states`), so replicas that check the same
answers post each change once between them. A webhook that fails or hangs is logged (once per outage) and never holds anything else up."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING

import httpx

from core.db import session_scope, utcnow
from feedback import store
from feedback.monitoring import summarize

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from core.db import SessionFactory
    from core.settings import Settings

log = logging.getLogger(__name__)
WEBHOOK_TIMEOUT_S = 5.0


@dataclass(frozen=True)
class Rule:
    name: str
    threshold: float
    describe: str  # what crossing it means, for the message

    def value(self, recent: dict, today: dict) -> float | None:
        if self.name == "daily_cost_usd":
            return today["cost_usd"]
        if self.name == "latency_p95_ms":
            return (recent["latency_ms"].get("total") or {}).get("p95")
        return recent.get(self.name)


def rules_from(settings: Settings) -> list[Rule]:
    configured = [("error_rate", settings.alert_error_rate, "share of answers whose generator failed"),
                  ("down_rate", settings.alert_down_rate, "thumbs-down per answer"),
                  ("latency_p95_ms", settings.alert_p95_ms, "p95 answer latency in ms"),
                  ("daily_cost_usd", settings.alert_daily_cost_usd, "cost so far today in USD")]
    return [Rule(name, float(threshold), text) for name, threshold, text in configured if threshold is not None]


class Alerts:
    def __init__(self, *, settings: Settings, session_factory: SessionFactory, post=None):
        self.rules = rules_from(settings)
        self.webhook = settings.alert_webhook_url.get_secret_value()
        self.window = timedelta(seconds=settings.alert_window_s)
        self.min_answers = settings.alert_min_answers
        self.session_factory = session_factory
        self.post = post or self._post
        self._webhook_down = False

    def check(self, now: datetime | None = None) -> list[str]:
        """Evaluate every rule; returns the messages posted this time."""
        now = now or utcnow()
        midnight = now.replace(hour=0, minute=0, second=0, microsecond=0, tzinfo=now.tzinfo or timezone.utc)
        sent = []
        with session_scope(self.session_factory) as session:
            recent = self._summary(session, now - self.window)
            today = self._summary(session, midnight)
            firing = store.firing_alerts(session=session)
            for rule in self.rules:
                value = rule.value(recent, today)
                enough = rule.name == "daily_cost_usd" or recent["answers"] >= self.min_answers
                crossed = enough and value is not None and value > rule.threshold
                if crossed and rule.name not in firing and store.switch_alert(session=session, rule=rule.name,
                                                                              firing=True):
                    sent.append(f"ragloop alert: {rule.describe} is {value:g}, above {rule.threshold:g} "
                                f"({recent['answers']} answers in the last {self.window})")
                elif (not crossed and rule.name in firing and (enough or value is None)
                      and store.switch_alert(session=session, rule=rule.name, firing=False)):
                    sent.append(f"ragloop resolved: {rule.describe} is back to "
                                f"{value if value is not None else 0:g} (threshold {rule.threshold:g})")
        for message in sent:  # after the state is committed: a replica that lost the race posts nothing
            self.post(message)
        return sent

    @staticmethod
    def _summary(session: Session, since: datetime) -> dict:
        return summarize(store.answers_since(session=session, since=since),
                         store.rating_counts(session=session, since=since))

    def _post(self, message: str) -> None:
        if not self.webhook:
            log.warning("%s (no RAGLOOP_ALERT_WEBHOOK_URL to post it to)", message)
            return
        try:
            httpx.post(self.webhook, json={"text": message}, timeout=WEBHOOK_TIMEOUT_S).raise_for_status()
            self._webhook_down = False
        except httpx.HTTPError as exc:
            if not self._webhook_down:  # what failed, not the URL (the webhook's URL is its password)
                why = (f"HTTP {exc.response.status_code}" if isinstance(exc, httpx.HTTPStatusError)
                       else type(exc).__name__)
                log.error("the alert webhook failed (%s); alerts are logged until it answers again", why)
            self._webhook_down = True
            log.warning("alert not delivered: %s", message)
