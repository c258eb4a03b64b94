"""Questions posted from the chat page and waiting for their answer stream (the page opens an EventSource on
`/chat/stream/{id}` right after posting). In memory: one server process owns its streams."""

from __future__ import annotations

import secrets
import threading
import time
from dataclasses import dataclass, field

PENDING_TTL_S = 120.0
MAX_PENDING = 1000


@dataclass
class PendingQuestion:
    owner: str  # the principal's name: only the one who asked may open the stream
    question: str
    collection: str | None
    conversation_id: str | None
    created: float = field(default_factory=time.monotonic)


class PendingQuestions:
    def __init__(self, *, ttl_s: float = PENDING_TTL_S, limit: int = MAX_PENDING):
        self.ttl_s, self.limit = ttl_s, limit
        self._items: dict[str, PendingQuestion] = {}
        self._lock = threading.Lock()

    def add(self, item: PendingQuestion) -> str:
        key = secrets.token_urlsafe(16)
        with self._lock:
            self._drop_expired()
            if len(self._items) >= self.limit:
                self._items.pop(next(iter(self._items)))  # the oldest
            self._items[key] = item
        return key

    def take(self, key: str, *, owner: str) -> PendingQuestion | None:
        """The question, once: a second take, someone else's key or an expired one gives None."""
        with self._lock:
            self._drop_expired()
            item = self._items.get(key)
            if item is None or not secrets.compare_digest(item.owner, owner):
                return None
            return self._items.pop(key)

    def _drop_expired(self) -> None:
        now = time.monotonic()
        for key in [k for k, v in self._items.items() if now - v.created > self.ttl_s]:
            del self._items[key]
