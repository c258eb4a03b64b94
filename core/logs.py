"""Logs: one JSON object a line, with the request id and the trace id of the question being answered on every line
written while handling it (for log collectors); on a terminal a person reads, short readable lines instead
(`RAGLOOP_LOG_FORMAT`: auto, json or text)."""

from __future__ import annotations

import json
import logging
import sys
from contextvars import ContextVar
from datetime import datetime, timezone

request_id: ContextVar[str | None] = ContextVar("request_id", default=None)
trace_id: ContextVar[str | None] = ContextVar("trace_id", default=None)
_RESERVED = set(logging.LogRecord("", 0, "", 0, "", None, None).__dict__) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line = {"time": datetime.fromtimestamp(record.created, timezone.utc).isoformat(timespec="milliseconds"),
                "level": record.levelname.lower(), "logger": record.name, "message": record.getMessage(),
                "request_id": request_id.get(), "trace_id": trace_id.get()}
        line.update({k: v for k, v in record.__dict__.items() if k not in _RESERVED and not k.startswith("_")})
        if record.exc_info:
            line["error"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False, default=str)


class TextFormatter(logging.Formatter):
    """`12:04:05 warning answer.guards: message (request 3f2a…)` for a person at a terminal."""

    def format(self, record: logging.LogRecord) -> str:
        when = datetime.fromtimestamp(record.created).strftime("%H:%M:%S")
        request = request_id.get()
        line = f"{when} {record.levelname.lower()} {record.name}: {record.getMessage()}"
        line += f" (request {request[:8]})" if request else ""
        return line + ("\n" + self.formatException(record.exc_info) if record.exc_info else "")


def formatter_for(log_format: str, stream) -> logging.Formatter:
    """auto: readable text on a terminal, JSON lines anywhere else (a file, a pipe, a container's log)."""
    readable = log_format == "text" or (log_format == "auto" and hasattr(stream, "isatty") and stream.isatty())
    return TextFormatter() if readable else JsonFormatter()


def configure_logging(level: str = "INFO", log_format: str = "auto") -> None:
    """One handler on stderr for the whole process (the server's own logs and uvicorn's)."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(formatter_for(log_format, sys.stderr))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    logging.getLogger("alembic").setLevel(logging.WARNING)  # its set-up chatter on every start says nothing
    for name in ("httpx", "httpcore"):  # a line per request with its whole URL, and a webhook's URL is its password
        logging.getLogger(name).setLevel(logging.WARNING)
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):
        logging.getLogger(name).handlers[:] = []
        logging.getLogger(name).propagate = True
