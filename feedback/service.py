"""Recording answers and ratings, and sending ratings to Langfuse as scores."""

from __future__ import annotations

from sqlalchemy.orm import Session

from core.errors import ErrorCode, RagloopError
from feedback import store

RATINGS = ("up", "down")
MAX_REASON_CHARS = 100
MAX_COMMENT_CHARS = 2000


def record_answer(*, session: Session, answer, asked_by: str | None = None, conversation_id: str | None = None,
                  ab_arm: str | None = None) -> str:
    """Store an answer (anything with `to_record()`) with its provenance, who asked, and its A/B arm; returns
    its id."""
    return store.create_answer(session=session, **answer.to_record(), asked_by=asked_by,
                               conversation_id=conversation_id, ab_arm=ab_arm).id


def rate(*, session: Session, tracer, answer_id: str, rating: str, reason: str | None = None,
         comment: str | None = None, rater: str = "anonymous") -> store.Rating:
    if rating not in RATINGS:
        raise RagloopError(ErrorCode.BAD_INPUT, f"rating must be one of {', '.join(RATINGS)}")
    reason = (reason or "").strip() or None
    comment = (comment or "").strip() or None
    if reason and len(reason) > MAX_REASON_CHARS:
        raise RagloopError(ErrorCode.BAD_INPUT, f"reason is longer than {MAX_REASON_CHARS} characters")
    if comment and len(comment) > MAX_COMMENT_CHARS:
        raise RagloopError(ErrorCode.BAD_INPUT, f"comment is longer than {MAX_COMMENT_CHARS} characters")
    answer = store.get_answer(session=session, answer_id=answer_id)
    if answer is None:
        raise RagloopError(ErrorCode.NOT_FOUND, f"no answer with id {answer_id}")
    row = store.upsert_rating(session=session, answer_id=answer_id, rater=rater, rating=rating, reason=reason,
                              comment=comment)
    if answer.trace_id:
        tracer.score(trace_id=answer.trace_id, name="user_rating", value=1.0 if rating == "up" else 0.0,
                     comment=" / ".join(filter(None, [reason, comment])) or None)
    return row
