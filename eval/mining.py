"""Mining: every thumbs-down answer since the last run becomes a golden candidate (once per question)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from eval import store
from feedback import disliked_since


def mine_disliked(*, session: Session, since: datetime | None) -> int:
    """Add a candidate per newly disliked question; returns how many were added."""
    added = 0
    for answer, _rating in disliked_since(session=session, since=since):
        item = store.add_golden(session=session, question=answer.question, reference_answer=None,
                                reference_documents=[], answerable=True, origin="mined", status="candidate",
                                source_answer_id=answer.id)
        added += item is not None
    return added
