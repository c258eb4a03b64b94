"""Who may read and write which collection.

A collection is open (every signed-in user reads it; editors write it) until an admin restricts it
(`ragloop collections restrict C`); from then on only admins and the users granted it (`ragloop users grant NAME C
[--write]`) read it, and only admins and users granted it with `--write` write it. Anonymous visitors (with
RAGLOOP_ANONYMOUS_CHAT) read open collections only. Every read path asks `Access.can_read`: asking (JSON, page,
OpenAI-compatible, the command through the server), source pages, the review queue and the documents page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy.orm import Session

from core.errors import ErrorCode, RagloopError
from web import store
from web.auth.principal import Principal, Role


@dataclass(frozen=True)
class Access:
    everything: bool  # admins and the command on this machine
    editor: bool  # writes open collections
    restricted: frozenset[str]
    readable: frozenset[str]  # the restricted collections granted
    writable: frozenset[str]  # the collections granted with write

    def can_read(self, collection: str) -> bool:
        return self.everything or collection not in self.restricted or collection in self.readable

    def can_write(self, collection: str) -> bool:
        return self.everything or collection in self.writable or (self.editor and collection not in self.restricted)

    def check_read(self, collection: str) -> None:
        if not self.can_read(collection):
            raise RagloopError(ErrorCode.FORBIDDEN, f"the collection {collection!r} is restricted: ask an admin "
                                                    "to grant it to you")

    def check_write(self, collection: str) -> None:
        if not self.can_write(collection):
            raise RagloopError(ErrorCode.FORBIDDEN, f"you may not change the collection {collection!r}: ask an "
                                                    "admin for a write grant")

    def unreadable(self) -> frozenset[str]:
        """The collections this caller may not read (to leave out of lists)."""
        return frozenset() if self.everything else self.restricted - self.readable


def access_for(*, session: Session, principal: Principal) -> Access:
    restricted = frozenset(store.restricted_collections(session=session))
    if principal.can(Role.ADMIN):
        return Access(True, True, restricted, restricted, restricted)
    user = store.get_user(session=session, name=principal.name) if principal.signed_in else None
    grants = store.grants_of(session=session, user_id=user.id) if user else []
    return Access(everything=False, editor=principal.can(Role.EDITOR), restricted=restricted,
                  readable=frozenset(g.collection for g in grants),
                  writable=frozenset(g.collection for g in grants if g.can_write))


_COLLECTION = re.compile(r"^[\w.:-]{1,200}$", re.UNICODE)


def checked_collection(name: str) -> str:
    name = (name or "").strip()
    if not _COLLECTION.match(name):
        raise RagloopError(ErrorCode.BAD_INPUT, "a collection name is 1 to 200 letters, digits or . _ - :")
    return name


def restrict(*, session: Session, collection: str, restricted: bool = True) -> None:
    """Restrict a collection to the users granted it (and admins), or open it again to every signed-in user."""
    store.set_restricted(session=session, name=checked_collection(collection), restricted=restricted)


def grant(*, session: Session, name: str, collection: str, write: bool = False) -> store.CollectionGrant:
    """Let a user read a collection (and with `write`, change it); granting again changes the write flag."""
    user = store.get_user(session=session, name=name)
    if user is None:
        raise RagloopError(ErrorCode.NOT_FOUND, "no user named {name!r}", name=name)
    return store.save_grant(session=session, user_id=user.id, collection=checked_collection(collection),
                            can_write=write)


def revoke(*, session: Session, name: str, collection: str) -> None:
    user = store.get_user(session=session, name=name)
    if user is None:
        raise RagloopError(ErrorCode.NOT_FOUND, "no user named {name!r}", name=name)
    if not store.delete_grant(session=session, user_id=user.id, collection=collection):
        raise RagloopError(ErrorCode.NOT_FOUND, f"{name} has no grant on {collection!r}")


def overview(*, session: Session) -> list[dict]:
    """Each collection (with documents, restricted or granted): its documents, whether it is restricted, and the
    users granted it."""
    from ingest import list_documents

    documents = list_documents(session=session)
    restricted = store.restricted_collections(session=session)
    grants = store.all_grants(session=session)
    names = sorted({d.collection for d in documents} | restricted | {g.collection for _, g in grants})
    return [{"name": name, "documents": sum(d.collection == name for d in documents), "restricted": name in restricted,
             "grants": [{"user": user, "write": g.can_write} for user, g in grants if g.collection == name]}
            for name in names]
