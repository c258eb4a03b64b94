"""ASGI middleware on every response: security headers, and a request id on every log line."""

from __future__ import annotations

import json
import logging
import re
import secrets
import time
from collections.abc import Callable

from core import logs

access_log = logging.getLogger("ragloop.access")


class HttpMiddleware:
    """Plain ASGI middleware (so streamed responses pass through) that acts on HTTP requests only."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        await self.handle(scope, receive, send)

    async def handle(self, scope, receive, send):
        raise NotImplementedError


class SecurityHeadersMiddleware(HttpMiddleware):
    """Headers on every response: only our own scripts and styles run, the pages cannot be framed, and browsers
    do not guess content types. Plain ASGI, so streamed responses pass through."""

    HEADERS = [
        (b"content-security-policy", b"default-src 'self'; script-src 'self'; style-src 'self'; "
                                     b"img-src 'self' data:; connect-src 'self'; object-src 'none'; "
                                     b"base-uri 'none'; form-action 'self'; frame-ancestors 'none'"),
        (b"x-content-type-options", b"nosniff"),
        (b"x-frame-options", b"DENY"),
        (b"referrer-policy", b"same-origin"),
    ]

    # The API docs pages run the vendored Swagger UI and Redoc, which set inline styles (and Redoc a worker from a
    # blob); still only our own scripts, and nothing from anywhere else.
    DOCS_HEADERS = [(b"content-security-policy", b"default-src 'self'; script-src 'self'; "
                                                 b"style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
                                                 b"connect-src 'self'; worker-src 'self' blob:; object-src 'none'; "
                                                 b"base-uri 'none'; form-action 'self'; frame-ancestors 'none'"),
                    *HEADERS[1:]]

    async def handle(self, scope, receive, send):
        headers = self.DOCS_HEADERS if scope["path"] in ("/docs", "/redoc") else self.HEADERS

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                message.setdefault("headers", []).extend(h for h in headers if h[0] not in present)
            await send(message)

        await self.app(scope, receive, send_with_headers)


class RequestContextMiddleware(HttpMiddleware):
    """Gives each request an id (the caller's X-Request-ID, or a new one), echoes it in the response, puts it on
    every log line written meanwhile, and logs one line per request with its status and duration."""

    async def handle(self, scope, receive, send):
        sent = dict(scope.get("headers", [])).get(b"x-request-id", b"").decode("latin-1")[:64]
        rid = sent if re.fullmatch(r"[\w.-]{1,64}", sent) else secrets.token_hex(8)
        token, started, status = logs.request_id.set(rid), time.perf_counter(), {}

        async def send_with_id(message):
            if message["type"] == "http.response.start":
                status["code"] = message["status"]
                message.setdefault("headers", []).append((b"x-request-id", rid.encode()))
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            access_log.info("%s %s %s", scope["method"], scope["path"], status.get("code", 0), extra={
                "method": scope["method"], "path": scope["path"], "status": status.get("code", 0),
                "ms": round((time.perf_counter() - started) * 1000, 1)})
            logs.request_id.reset(token)


class BodyTooLarge(Exception):
    pass


class BodyLimitMiddleware(HttpMiddleware):
    """Stops reading a request body once it passes the limit for its path, whether or not the client declared its
    length (a chunked upload is cut off while it streams, never received whole), and answers 413."""

    def __init__(self, app, *, limit_for: Callable[[str], int]):
        super().__init__(app)
        self.limit_for = limit_for

    async def handle(self, scope, receive, send):
        limit, received, started = self.limit_for(scope["path"]), 0, False

        async def counted_receive():
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLarge
            return message

        async def watched_send(message):
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted_receive, watched_send)
        except BodyTooLarge:
            if started:
                raise
            body = json.dumps({"error": "too_large", "detail": f"the request body is over the {limit}-byte limit"})
            await send({"type": "http.response.start", "status": 413,
                        "headers": [(b"content-type", b"application/json"), (b"connection", b"close")]})
            await send({"type": "http.response.body", "body": body.encode()})
