"""Passwords, API tokens and the secret that signs session cookies; adding users and issuing tokens."""

from __future__ import annotations

import hashlib
import re
import secrets
from pathlib import Path
from typing import TYPE_CHECKING

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from core.errors import ErrorCode, RagloopError
from web import store
from web.auth.principal import parse_role

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from core.settings import Settings

_hasher = PasswordHasher()


def hash_password(password: str) -> str:
    if len(password) < 8:
        raise RagloopError(ErrorCode.BAD_INPUT, "a password needs at least 8 characters")
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    if not password_hash:
        _hasher.hash(password)  # as slow as a real check, so timing does not tell which names exist
        return False
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def new_api_token() -> str:
    return "rl_" + secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def load_secret(settings: Settings) -> str:
    """The configured secret; in development, one generated on first use and kept (owner-only) in the data dir."""
    configured = settings.secret_key.get_secret_value()
    if configured:
        return configured
    path: Path = settings.data_dir / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.touch(mode=0o600)
        path.write_text(secrets.token_urlsafe(48))
    return path.read_text().strip()


_NAME = re.compile(r"^[\w.@-]{1,100}$", re.UNICODE)


def add_user(*, session: Session, name: str, role: str, password: str | None) -> store.User:
    """Create a user or update one's role (and password, which signs out its sessions)."""
    if not _NAME.match(name):
        raise RagloopError(ErrorCode.BAD_INPUT, "a user name is 1 to 100 letters, digits or . _ - @")
    password_hash = hash_password(password) if password is not None else None
    return store.save_user(session=session, name=name, role=parse_role(role).name.lower(),
                           password_hash=password_hash)


def set_password(*, session: Session, name: str, password: str) -> store.User:
    """A new password for an existing user (its role unchanged); its sessions are signed out."""
    user = store.get_user(session=session, name=name)
    if user is None:
        raise RagloopError(ErrorCode.NOT_FOUND, "no user named {name!r}", name=name)
    return store.save_user(session=session, name=name, role=user.role, password_hash=hash_password(password))


def issue_token(*, session: Session, name: str) -> str:
    """A new API token for the user; only its hash is stored, so it is shown once."""
    user = store.get_user(session=session, name=name)
    if user is None:
        raise RagloopError(ErrorCode.NOT_FOUND, "no user named {name!r}", name=name)
    token = new_api_token()
    store.add_token(session=session, user_id=user.id, token_hash=token_hash(token))
    return token


ACCOUNT_ACTIONS = ("disable", "enable", "delete", "revoke-tokens")


def change_account(*, session, name: str, action: str) -> tuple[str, dict]:
    """Disable, enable or delete a user, or revoke its API tokens, effective at once; returns what was done, as a
    sentence and the values it names (a page says it in its own language: `t(sentence, **values)`)."""
    user = store.get_user(session=session, name=name)
    if user is None:
        raise RagloopError(ErrorCode.NOT_FOUND, "no user named {name!r}", name=name)
    if action in ("disable", "enable"):
        store.set_disabled(session=session, name=name, disabled=action == "disable")
        return ("{name} is disabled" if action == "disable" else "{name} is enabled"), {"name": name}
    if action == "delete":
        store.delete_user(session=session, name=name)
        return "{name} is deleted", {"name": name}
    if action == "revoke-tokens":
        return "{count} API tokens of {name} revoked", {
            "count": store.delete_tokens(session=session, user_id=user.id), "name": name}
    raise RagloopError(ErrorCode.BAD_INPUT, f"action must be one of {', '.join(ACCOUNT_ACTIONS)}")
