"""Prompt templates: versioned files in the repository (`answer/prompts/NAME.toml`), overridable from Langfuse or
from versions saved in the database (the playground's edits).

A template has a name, a version, its variables and chat messages whose text uses `{{variable}}`. Which one is used:
a pinned version (`RAGLOOP_PROMPT_VERSION`: stored, or the repository's); else, when Langfuse is configured, its chat
prompt of the same name with the label (`production`); else the stored version with that label; else the
repository's. The Langfuse fetch has a short timeout and no retries, and whichever version was found is kept for
`cache_s` seconds, so a slow Langfuse costs at most one short wait per period and a promotion reaches every replica
within that time.
"""

from __future__ import annotations

import re
import threading
import time
import tomllib
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from answer import store
from core.db import session_scope
from core.errors import ErrorCode, RagloopError

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from core.db import SessionFactory
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


def stored_template(row, fallback: PromptTemplate) -> PromptTemplate:
    """A version saved in the database, with the repository template's variables."""
    return PromptTemplate(row.name, str(row.version), fallback.variables,
                          tuple({"role": m["role"], "content": m["content"]} for m in row.messages), "database")


class PromptSource:
    def __init__(self, *, tracer: Tracer, label: str = "production", cache_s: float = 60.0,
                 session_factory: SessionFactory | None = None, version: int | None = None):
        """`session_factory`: where saved versions are read (none: the repository and Langfuse only);
        `version`: a pinned version."""
        self.tracer = tracer
        self.label = label
        self.cache_s = cache_s
        self.session_factory = session_factory
        self.version = version
        self._cache: dict[str, tuple[float, PromptTemplate]] = {}
        self._lock = threading.Lock()

    def get(self, name: str) -> PromptTemplate:
        with self._lock:
            cached = self._cache.get(name)
            if cached and time.monotonic() - cached[0] < self.cache_s:
                return cached[1]
        template = self._find(name)
        with self._lock:
            self._cache[name] = (time.monotonic(), template)
        return template

    def _find(self, name: str) -> PromptTemplate:
        fallback = repository_prompt(name)
        if self.version is not None:
            if str(self.version) == fallback.version:
                return fallback
            row = self._stored(lambda session: store.get_prompt_version(session=session, name=name,
                                                                        version=self.version))
            if row is None:
                raise RagloopError(ErrorCode.NOT_FOUND, f"prompt {name} has no version {self.version}")
            return stored_template(row, fallback)
        fetched = self.tracer.chat_prompt(name, label=self.label)
        if fetched is not None:
            messages, version = fetched
            return PromptTemplate(name, str(version), fallback.variables, tuple(messages), "langfuse")
        row = self._stored(lambda session: store.labelled(session=session, name=name, label=self.label))
        return stored_template(row, fallback) if row is not None else fallback

    def _stored(self, read):
        if self.session_factory is None:
            return None
        with session_scope(self.session_factory) as session:
            row = read(session)
            if row is not None:
                session.expunge(row)
            return row


MAX_MESSAGE_CHARS = 20_000


@dataclass(frozen=True)
class PromptVersionInfo:
    """One version of a prompt as its history lists it, saved in the database or shipped in the repository."""

    version: int
    messages: tuple[dict, ...]
    labels: tuple[str, ...] = ()
    note: str | None = None
    saved_by: str | None = None  # None: shipped in the repository
    saved_at: datetime | None = None


def prompt_history(*, session: Session, name: str) -> list[PromptVersionInfo]:
    """A prompt's versions, the newest first: those saved in the database, then the repository's."""
    shipped = repository_prompt(name)
    return [*(PromptVersionInfo(row.version, tuple(dict(m) for m in row.messages), tuple(row.labels or ()), row.note,
                                row.created_by, row.created_at)
              for row in store.prompt_versions(session=session, name=name)),
            PromptVersionInfo(int(shipped.version), shipped.messages)]


def save_prompt_version(*, session: Session, name: str, messages: list[dict], author: str,
                        note: str | None = None) -> store.PromptVersion:
    """An edit saved as a new version (no label yet: promote it to use it). Every message needs text, and every
    variable of the prompt must still be used, or answers would be written without the question or the sources."""
    fallback = repository_prompt(name)
    if not messages or any(m.get("role") not in ("system", "user", "assistant") or not str(m.get("content", "")).strip()
                           for m in messages):
        raise RagloopError(ErrorCode.BAD_INPUT, "every message needs a role (system, user) and some text")
    if any(len(m["content"]) > MAX_MESSAGE_CHARS for m in messages):
        raise RagloopError(ErrorCode.BAD_INPUT, f"a message is longer than {MAX_MESSAGE_CHARS} characters")
    used = {v.group(1) for m in messages for v in _VARIABLE.finditer(m["content"])}
    missing = [v for v in fallback.variables if v not in used]
    if missing:
        raise RagloopError(ErrorCode.BAD_INPUT, "the prompt must still use " + ", ".join(
            "{{" + v + "}}" for v in missing))
    return store.add_prompt_version(session=session, name=name, messages=[
        {"role": m["role"], "content": m["content"].replace("\r\n", "\n")} for m in messages],
        created_by=author, note=(note or "").strip()[:2000] or None, after=int(fallback.version))


def promote_prompt_version(*, session: Session, name: str, version: int, label: str = "production") -> None:
    """Put the label on a version; the repository's version takes it back from every saved one."""
    if str(version) != repository_prompt(name).version and store.get_prompt_version(
            session=session, name=name, version=version) is None:
        raise RagloopError(ErrorCode.NOT_FOUND, f"prompt {name} has no version {version}")
    store.move_label(session=session, name=name, version=version, label=label)
