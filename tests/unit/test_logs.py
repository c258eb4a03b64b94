"""Server logs: JSON lines for collectors, readable lines for a person at a terminal (RAGLOOP_LOG_FORMAT)."""

import io
import json
import logging

from core.logs import JsonFormatter, TextFormatter, formatter_for, request_id


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def record(message: str) -> logging.LogRecord:
    return logging.LogRecord("answer.guards", logging.WARNING, __file__, 1, message, None, None)


def test_auto_is_text_on_a_terminal_and_json_elsewhere():
    assert isinstance(formatter_for("auto", Terminal()), TextFormatter)
    assert isinstance(formatter_for("auto", io.StringIO()), JsonFormatter)
    assert isinstance(formatter_for("json", Terminal()), JsonFormatter)
    assert isinstance(formatter_for("text", io.StringIO()), TextFormatter)


def test_both_formats_carry_the_request_id():
    token = request_id.set("3f2a9c0d11aa")
    try:
        text = TextFormatter().format(record("guard: pii name in question, masked"))
        line = json.loads(JsonFormatter().format(record("guard: pii name in question, masked")))
    finally:
        request_id.reset(token)
    assert text.endswith("warning answer.guards: guard: pii name in question, masked (request 3f2a9c0d)")
    assert line["request_id"] == "3f2a9c0d11aa" and line["level"] == "warning"
