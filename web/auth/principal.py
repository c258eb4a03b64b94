"""Who a caller is (`Principal`) and the roles, each allowed everything the ones below it may do."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

from core.errors import ErrorCode, RagloopError


class Role(IntEnum):
    """Each role may do everything the ones below it may."""

    USER = 1  # chat, rate
    EDITOR = 2  # + documents and uploads
    AGENT = 3  # + review queue, golden set
    ADMIN = 4  # + users, settings


ROLE_NAMES = [role.name.lower() for role in Role]
ANONYMOUS_API = "anon:api"  # every anonymous API client without a session cookie (no user name holds ":")


def parse_role(name: str) -> Role:
    try:
        return Role[name.strip().upper()]
    except KeyError:
        raise RagloopError(ErrorCode.BAD_INPUT, f"role must be one of {', '.join(ROLE_NAMES)}") from None


@dataclass(frozen=True)
class Principal:
    name: str  # the user's name; "anon:<id>" for an anonymous visitor; "local" for the command on this machine
    role: Role | None  # None: not signed in
    via: str  # session | token | local | anonymous
    csrf: str = ""  # the session's CSRF token, empty when there is no session

    @property
    def signed_in(self) -> bool:
        return self.role is not None

    @property
    def shared(self) -> bool:
        """A cookie-less client of the JSON API with anonymous chat on: one name for everyone who calls so, so
        nothing is kept for it between requests (no conversation memory, no answers to read back)."""
        return self.via == "anonymous" and self.name == ANONYMOUS_API

    def can(self, role: Role) -> bool:
        return self.role is not None and self.role >= role
