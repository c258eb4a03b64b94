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
    def __init__(self, code: ErrorCode, message: str):
        super().__init__(message)
        self.code = code
        self.message = message

    def to_dict(self) -> dict:
        return {"error": self.code.name.lower(), "detail": self.message}
