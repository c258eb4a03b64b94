"""The one error type the stages raise for anything a user did or can fix."""

from __future__ import annotations

from enum import Enum


class ErrorCode(Enum):
    """Each code carries the HTTP status it maps to."""

    BAD_INPUT = 422
    UNAUTHENTICATED = 401
    NOT_FOUND = 404
    UNSUPPORTED = 415
    TOO_LARGE = 413
    CONFLICT = 409
    FORBIDDEN = 403
    TOO_MANY = 429
    UNAVAILABLE = 503

    @property
    def status(self) -> int:
        return self.value


class RagloopError(Exception):
    """`message` is a fixed sentence, or one with {placeholders} filled from `values` (a page shows it in its own
    language: the sentence is translated as written, then filled)."""

    def __init__(self, code: ErrorCode, message: str, **values):
        text = message.format(**values) if values else message
        super().__init__(text)
        self.code = code
        self.message = text
        self.sentence = message
        self.values = values

    def to_dict(self) -> dict:
        return {"error": self.code.name.lower(), "detail": self.message}
