"""The golden set's reviewed answers, found for new questions that mean the same (`answer.ReviewedLookup`).

An item serves when an agent approved it, serving is on, it belongs to the question's collection, none of its
reference documents changed or went away since the review, and nobody rated an answer served from it down since
then. An answerable item serves its reference answer; one the agent found the documents do not answer serves a
refusal with the agent's note ("ragloop has no single sign-on"), while nothing was indexed into the collection
since the review: new pages may answer it. Questions are compared by the embedder's cosine similarity (in
a language the embedder understands, at `RAGLOOP_VERIFIED_SIMILARITY` or the embedder's own default) and must
ask for the same thing in the same words, or add only words its reviewed answer speaks of
(`answer.same_question`).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

import numpy as np
from sqlalchemy.orm import Session

from answer import Reviewed, same_question
from core.db import as_utc, session_scope
from eval import store
from eval.golden import stale_reasons
from feedback import get_answer, ratings_for, served_disliked
from ingest import document_sources, last_indexed
from retrieval import language_of

if TYPE_CHECKING:
    from core.db import SessionFactory
    from core.embeddings import Embedder
    from core.settings import Settings

# Cosine similarity at which two questions mean the same, per embedder, measured on reworded and different
# questions (tests/unit/test_reviewed.py): MiniLM puts rewordings at 0.85-0.95 and other questions about the same
# thing below 0.7; multilingual-e5 compresses every score upwards (rewordings 0.94-0.99, others 0.87-0.92).
DEFAULT_SIMILARITY = {"multilingual-e5-small": 0.935}
FALLBACK_SIMILARITY = 0.85


def similarity_for(settings: Settings) -> float:
    """RAGLOOP_VERIFIED_SIMILARITY, or the measured default of the configured embedder."""
    if settings.verified_similarity is not None:
        return settings.verified_similarity
    return DEFAULT_SIMILARITY.get(settings.embedding_model, FALLBACK_SIMILARITY)


class ReviewedAnswers:
    """Finds the reviewed answer for a question; keeps each item's question vector between questions."""

    def __init__(self, *, settings: Settings, session_factory: SessionFactory, embedder: Embedder):
        self.settings, self.session_factory, self.embedder = settings, session_factory, embedder
        self.similarity = similarity_for(settings)
        self._vectors: dict[tuple[int, str], np.ndarray] = {}
        self._lock = threading.Lock()

    def match(self, question: str, *, collection: str, terms: Callable[[str], list[str]]) -> Reviewed | None:
        if not self.embedder.understands(language_of(question)):
            return None
        with session_scope(self.session_factory) as session:
            items = [i for i in servable(session=session, collection=collection,
                                         default_collection=self.settings.default_collection)
                     if self.embedder.understands(language_of(i.question))]
            if not items:
                return None
            scores = self._item_vectors(items) @ self._unit(question)
            for n in np.argsort(-scores):
                item, score = items[int(n)], float(scores[int(n)])
                if score < self.similarity:
                    return None
                if (same_question(question, item.question, terms=terms, answer=item.reference_answer or "")
                        and still_good(session=session, item=item, collection=collection)):
                    return _reviewed(session, item, score)
        return None

    def _unit(self, text: str) -> np.ndarray:
        vector = np.asarray(self.embedder.embed_query(text), dtype=np.float32)
        return vector / max(float(np.linalg.norm(vector)), 1e-12)

    def _item_vectors(self, items: list[store.GoldenItem]) -> np.ndarray:
        with self._lock:
            for item in items:
                key = (item.id, item.question)
                if key not in self._vectors:
                    self._vectors[key] = self._unit(item.question)
            return np.vstack([self._vectors[(item.id, item.question)] for item in items])


def servable(*, session: Session, collection: str, default_collection: str) -> list[store.GoldenItem]:
    """Approved items of the collection, serving on, not flagged stale: answerable ones with a reference answer,
    and those the documents do not answer."""
    return [item for item in store.list_golden(session=session, status="approved")
            if item.serve and (not item.answerable or (item.reference_answer or "").strip()) and not item.stale_reason
            and (item.collection or default_collection) == collection]


def still_good(*, session: Session, item: store.GoldenItem, collection: str) -> bool:
    """Checked at the moment of serving, not only by the nightly job: none of its documents changed since the
    review (for an item the documents did not answer: nothing was indexed into `collection` since), and no answer
    served from it was rated down since."""
    since = item.reviewed_at or item.created_at
    if not item.answerable and (last_indexed(session=session, collection=collection) or since) > since:
        return False
    return not stale_reasons(session=session, items=[item]) and not served_disliked(
        session=session, golden_id=item.id, since=since)


def _reviewed(session: Session, item: store.GoldenItem, similarity: float) -> Reviewed:
    return Reviewed(golden_id=item.id, question=item.question, answer=(item.reference_answer or "").strip(),
                    sources=tuple(document_sources(session=session, keys=list(item.reference_documents or []))),
                    reviewed_at=item.reviewed_at or item.created_at, reviewed_by=item.reviewed_by,
                    similarity=similarity, answerable=item.answerable)


def reopen_disliked(*, session: Session, answer_id: str) -> store.GoldenItem | None:
    """A thumbs-down on a reviewed answer that was served sends its golden item back to review: a candidate again,
    with the disliked answer and the rater's reason attached, and no longer served until an agent approves it
    again. Returns the item when it was sent back (None: not a served reviewed answer, or not rated down since its
    review)."""
    answer = get_answer(session=session, answer_id=answer_id)
    item = store.get_golden(session=session, item_id=answer.golden_id) if answer and answer.golden_id else None
    if item is None:
        return None
    since = item.reviewed_at or item.created_at
    down = [r for r in ratings_for(session=session, answer_id=answer_id) if r.rating == "down"
            and as_utc(r.updated_at) > as_utc(since)]
    if not down:
        return None
    entries = {(r.rater, answer.id): {"answer_id": answer.id, "answer": answer.answer, "reason": r.reason,
                                       "comment": r.comment, "rater": r.rater, "refused": answer.refused,
                                       "served_reviewed": True} for r in down}
    kept = [f for f in item.feedback or [] if (f.get("rater"), f.get("answer_id")) not in entries]
    item.feedback = kept + list(entries.values())  # a rater's changed rating replaces their earlier one
    if item.status == "approved":
        item.status = "candidate"
    session.flush()
    return item

