"""Recording answers and ratings, and sending ratings to Langfuse as scores."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from core.errors import ErrorCode, RagloopError
from core.pii import masked_everywhere
from feedback import store

if TYPE_CHECKING:
    from core.metrics import Metrics
    from core.tracing import Tracer

RATINGS = ("up", "down")
# Why an answer was not helpful: the one list the pages offer, the API accepts and mining and calibration read.
REASONS = ("wrong_answer", "wrong_citation", "outdated", "missing_document", "other")
WRONG_REASONS = ("wrong_answer", "wrong_citation")  # the answer itself was wrong (the others: the documents were)
MISSING_DOCUMENT = "missing_document"
MAX_COMMENT_CHARS = 2000


def record_answer(*, session: Session, answer, asked_by: str | None = None, conversation_id: str | None = None,
                  ab_arm: str | None = None, mask_pii: bool = False) -> str:
    """Store an answer (anything with `to_record()`) with its provenance, who asked, and its A/B arm; returns
    its id. `mask_pii` (RAGLOOP_PII_STORE=mask): personal data in the question, the search query and the answer is
    kept as [KIND] only."""
    fields = answer.to_record()
    if mask_pii:
        for name in ("question", "search_query", "answer"):
            fields[name] = masked_everywhere(fields.get(name))
        # the words a refusal names (`generation.unmentioned`) are the question's: only those it still shows stay
        generation = fields.get("generation") or {}
        if generation.get("unmentioned"):
            kept = [word for word in generation["unmentioned"] if word in (fields.get("question") or "")]
            fields["generation"] = {**generation, "unmentioned": kept}
    return store.create_answer(session=session, **fields, asked_by=asked_by, conversation_id=conversation_id,
                               ab_arm=ab_arm).id


def visible_answer(*, session: Session, answer_id: str, viewer: str, sees_every_answer: bool,
                   hidden_collections: frozenset[str] = frozenset()) -> store.AnswerRecord:
    """The answer, if `viewer` may see it: agents see every answer, others the ones they asked (and those
    asked from the command line); nobody sees one in a collection hidden from them."""
    answer = store.get_answer(session=session, answer_id=answer_id)
    if answer is None or answer.collection in hidden_collections or not (
            sees_every_answer or answer.asked_by in (None, viewer)):
        raise RagloopError(ErrorCode.NOT_FOUND, "no answer with id {answer_id}", answer_id=answer_id)
    return answer


def rate(*, session: Session, tracer: Tracer, answer_id: str, rating: str, reason: str | None = None,
         comment: str | None = None, rater: str = "anonymous", sees_every_answer: bool = False,
         hidden_collections: frozenset[str] = frozenset(), metrics: Metrics | None = None) -> store.Rating:
    """The one way an answer is rated, from every entry point: check the rating (a reason, one of `REASONS`,
    only with a thumbs-down), store it (a second rating by the same rater replaces the first), commit, and only
    then send it to Langfuse as a score and count it, so that nothing confirms a rating that was not kept."""
    if rating not in RATINGS:
        raise RagloopError(ErrorCode.BAD_INPUT, f"rating must be one of {', '.join(RATINGS)}")
    reason = (reason or "").strip() or None
    comment = (comment or "").strip() or None
    if reason is not None and reason not in REASONS:
        raise RagloopError(ErrorCode.BAD_INPUT, f"reason must be one of {', '.join(REASONS)}")
    if reason is not None and rating != "down":
        raise RagloopError(ErrorCode.BAD_INPUT, "a reason goes with a thumbs-down only")
    if comment and len(comment) > MAX_COMMENT_CHARS:
        raise RagloopError(ErrorCode.BAD_INPUT, f"comment is longer than {MAX_COMMENT_CHARS} characters")
    answer = visible_answer(session=session, answer_id=answer_id, viewer=rater, sees_every_answer=sees_every_answer,
                            hidden_collections=hidden_collections)
    row = store.upsert_rating(session=session, answer_id=answer_id, rater=rater, rating=rating, reason=reason,
                              comment=comment)
    session.commit()
    if answer.trace_id:
        tracer.score(trace_id=answer.trace_id, name="user_rating", value=1.0 if rating == "up" else 0.0,
                     comment=" / ".join(filter(None, [reason, comment])) or None)
    if metrics is not None:
        metrics.ratings.labels(rating=row.rating).inc()
    return row
