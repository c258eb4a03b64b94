"""Alerts against a local webhook receiver: a crossing posts once, clearing posts once, a recurrence posts again;
a failing or hanging webhook is logged and never raises."""

import json
import logging
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from core.db import session_scope
from core.logs import configure_logging
from feedback import record_answer
from feedback.alerts import Alerts
from tests.conftest import make_settings

INDEX_ENGINES = ("edge",)  # the vector store is not what these test (tests/conftest.py)


class Webhook:
    def __init__(self, *, status: int = 200, delay_s: float = 0.0):
        self.posts, self.status, self.delay_s = [], status, delay_s
        hook = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *_):
                pass

            def do_POST(self):
                hook.posts.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
                time.sleep(hook.delay_s)
                self.send_response(hook.status)
                self.send_header("Content-Length", "0")
                self.end_headers()

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()


@pytest.fixture
def webhook():
    hook = Webhook()
    yield hook
    hook.close()


@pytest.fixture
def answered(pipeline, corpus, answers):
    pipeline.run_paths([str(corpus)], collection="default")
    return answers


def record_many(session, answered, *, failed: bool, count: int):
    for _ in range(count):
        answer = answered.ask("Which port does the agent listen on?")
        if failed:  # as the fallback chain records an endpoint that failed before the extractive one answered
            answer.generation["attempts"] = [{"generator": "openai:primary", "outcome": "server_error"},
                                             {"generator": "extractive", "outcome": "ok"}]
        record_answer(session=session, answer=answer)


def test_an_alert_fires_once_clears_once_and_fires_again(tmp_path, session_factory, answered, webhook):
    settings = make_settings(tmp_path, alert_webhook_url=webhook.url, alert_error_rate=0.3, alert_min_answers=4)
    alerts = Alerts(settings=settings, session_factory=session_factory)
    with session_scope(session_factory) as session:
        record_many(session, answered, failed=False, count=2)
        record_many(session, answered, failed=True, count=2)
    assert alerts.check() and alerts.check() == [], "posted once while it stays above the threshold"
    with session_scope(session_factory) as session:
        record_many(session, answered, failed=False, count=4)
    assert ["resolved" in m for m in alerts.check()] == [True]
    with session_scope(session_factory) as session:
        record_many(session, answered, failed=True, count=6)
    assert ["alert" in m for m in alerts.check()] == [True]
    texts = [post["text"] for post in webhook.posts]
    assert len(texts) == 3 and "above 0.3" in texts[0] and "resolved" in texts[1] and "above 0.3" in texts[2]


def test_replicas_post_each_crossing_once_between_them(tmp_path, session_factory, answered, webhook):
    settings = make_settings(tmp_path, alert_webhook_url=webhook.url, alert_error_rate=0.3, alert_min_answers=4)
    replicas = [Alerts(settings=settings, session_factory=session_factory) for _ in range(4)]
    with session_scope(session_factory) as session:
        record_many(session, answered, failed=True, count=4)
    results: list[list[str]] = []
    threads = [threading.Thread(target=lambda a=a: results.append(a.check())) for a in replicas]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(len(sent) for sent in results) == [0, 0, 0, 1], "the replicas checked at once; one posted"
    with session_scope(session_factory) as session:
        record_many(session, answered, failed=False, count=12)
    assert ["resolved" in m for m in replicas[2].check()] == [True], "another replica sees it firing and clears it"
    assert [a.check() for a in replicas] == [[], [], [], []]
    assert [("resolved" in p["text"]) for p in webhook.posts] == [False, True]


def test_quiet_below_the_minimum_volume_and_with_no_rules(tmp_path, session_factory, answered, webhook):
    settings = make_settings(tmp_path, alert_webhook_url=webhook.url, alert_error_rate=0.1, alert_min_answers=10)
    with session_scope(session_factory) as session:
        record_many(session, answered, failed=True, count=3)
    assert Alerts(settings=settings, session_factory=session_factory).check() == []
    assert Alerts(settings=make_settings(tmp_path), session_factory=session_factory).rules == []


@pytest.mark.parametrize("status, delay_s", [(500, 0.0), (200, 8.0)])
def test_a_failing_or_hanging_webhook_is_logged_and_bounded(tmp_path, session_factory, answered, caplog,
                                                             status, delay_s):
    hook = Webhook(status=status, delay_s=delay_s)
    try:
        settings = make_settings(tmp_path, alert_webhook_url=hook.url, alert_daily_cost_usd=0.0,
                                 alert_p95_ms=0.001, alert_min_answers=1)
        with session_scope(session_factory) as session:
            record_many(session, answered, failed=False, count=1)
        alerts = Alerts(settings=settings, session_factory=session_factory)
        started = time.monotonic()
        sent = alerts.check()
        assert len(sent) == 1 and "latency" in sent[0], "cost 0 is not above a 0 budget; latency is"
        assert time.monotonic() - started < 7, "a hanging webhook is cut off"
        assert sum("alert webhook failed" in r.message for r in caplog.records) == 1
        assert not any("/hook" in r.getMessage() for r in caplog.records), "a webhook's URL is its password"
    finally:
        hook.close()


def test_a_posted_alert_leaves_no_webhook_url_in_the_server_log(tmp_path, session_factory, answered, webhook,
                                                                   capsys):
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    configure_logging("INFO", "json")
    try:
        settings = make_settings(tmp_path, alert_webhook_url=webhook.url, alert_p95_ms=0.001, alert_min_answers=1)
        with session_scope(session_factory) as session:
            record_many(session, answered, failed=False, count=1)
        assert len(Alerts(settings=settings, session_factory=session_factory).check()) == 1 and webhook.posts
        assert "/hook" not in capsys.readouterr().err, "a webhook's URL is its password"
    finally:
        root.handlers[:], root.level = handlers, level
