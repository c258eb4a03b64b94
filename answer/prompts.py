"""Prompt templates: versioned files in the repository (`answer/prompts/NAME.toml`), overridable from Langfuse.

A template has a name, a version, its variables and chat messages whose text uses `{{variable}}`. When Langfuse is
configured, the chat prompt of the same name labelled `production` is used instead; the fetch has a short timeout
and no retries, and whichever version was found (or the repository's, when Langfuse is down) is kept for
`cache_s` seconds, so a slow Langfuse costs at most one short wait per period.
"""

from __future__ import annotations

import re
import threading
import time
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from core.errors import ErrorCode, RagloopError

if TYPE_CHECKING:
    from core.tracing import Tracer

PROMPTS_DIR = Path(__file__).with_name("prompts")
_VARIABLE = re.compile(r"\{\{\s*(\w+)\s*\}\}")


@dataclass(frozen=True)
class PromptTemplate:
    name: str
    version: str
    variables: tuple[str, ...]
    messages: tuple[dict, ...]  # {"role", "content"}
    origin: str = "repository"  # or "langfuse"

    def render(self, **values: str) -> list[dict]:
        missing = set(self.variables) - set(values)
        if missing:
            raise RagloopError(ErrorCode.BAD_INPUT, f"prompt {self.name} needs {', '.join(sorted(missing))}")
        return [{"role": m["role"], "content": _VARIABLE.sub(lambda v: values.get(v.group(1), v.group(0)),
                                                               m["content"])} for m in self.messages]


def repository_prompt(name: str) -> PromptTemplate:
    path = PROMPTS_DIR / f"{name}.toml"
    if not path.is_file():
        raise RagloopError(ErrorCode.NOT_FOUND, f"no prompt named {name!r} in {PROMPTS_DIR}")
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return PromptTemplate(data["name"], str(data["version"]), tuple(data["variables"]),
                          tuple(data["messages"]))


class PromptSource:
    def __init__(self, *, tracer: Tracer, label: str = "production", cache_s: float = 60.0):
        self.tracer = tracer
        self.label = label
        self.cache_s = cache_s
        self._cache: dict[str, tuple[float, PromptTemplate]] = {}
        self._lock = threading.Lock()

    def get(self, name: str) -> PromptTemplate:
        with self._lock:
            cached = self._cache.get(name)
            if cached and time.monotonic() - cached[0] < self.cache_s:
                return cached[1]
        fallback = repository_prompt(name)
        fetched = self.tracer.chat_prompt(name, label=self.label)
        template = fallback
        if fetched is not None:
            messages, version = fetched
            template = PromptTemplate(name, str(version), fallback.variables, tuple(messages), "langfuse")
        with self._lock:
            self._cache[name] = (time.monotonic(), template)
        return template
