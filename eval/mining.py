"""Mining: the thumbs-down answers since the last run become golden candidates, with the disliked answer, reason
and comment attached. Questions that mean the same (embedding similarity, so in any language the embedder
understands, and the same question by `answer.same_question`: close embeddings alone fold "How much is the Pro
plan?" into "How much is the Team plan?") fold into one candidate, and questions already in the golden set are
linked to their item rather than added again; a thumbs-down on a reviewed answer that was served sends its own item
back to review. "The document is missing" goes to the content-gap list for docs editors."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

import numpy as np
from sqlalchemy.orm import Session

from answer import same_question
from eval import store
from eval.reviewed import reopen_disliked
from feedback import MISSING_DOCUMENT, disliked_since
from retrieval import language_of

if TYPE_CHECKING:
    from core.embeddings import Embedder


@dataclass
class Mined:
    candidates: int = 0  # new candidate items
    merged: int = 0  # thumbs-down folded into a candidate made earlier in this run (same meaning)
    linked: int = 0  # thumbs-down attached to an item that was already in the golden set
    gaps: int = 0  # added to the content-gap list

    @property
    def feedback(self) -> int:
        return self.candidates + self.merged + self.linked


class QuestionIndex:
    """The golden set's questions as unit vectors, to find the item a new question means the same as."""

    def __init__(self, embedder: Embedder, items: list[store.GoldenItem], *, similarity: float,
                 terms: Callable[[str], list[str]]):
        self.embedder, self.similarity, self.terms = embedder, similarity, terms
        self.items = list(items)
        self.vectors = self._embed([i.question for i in self.items])

    def _embed(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.embedder.dimension), dtype=np.float32)
        vectors = np.asarray(self.embedder.embed_documents(texts), dtype=np.float32)
        return vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)

    def nearest(self, question: str) -> store.GoldenItem | None:
        key = store.question_key(question)
        exact = next((item for item in self.items if item.question_key == key), None)
        if exact is not None or not self.items:
            return exact
        scores = self.vectors @ self._embed([question])[0]
        for best in np.argsort(scores)[::-1]:
            if scores[best] < self.similarity:
                break
            if same_question(question, self.items[best].question, terms=self.terms):
                return self.items[best]
        return None

    def add(self, item: store.GoldenItem) -> None:
        self.items.append(item)
        self.vectors = np.vstack([self.vectors, self._embed([item.question])])


def standalone(answer) -> str:
    """The question as the answer service searched it: a follow-up made standalone with the earlier question's words
    ("And how do I delete one? file formats ragloop read"), which means something without its conversation, as a
    golden item and a content gap must, and asks what the nightly run asks again; any other question as asked."""
    return (answer.search_query or answer.question).strip()


def mine_disliked(*, session: Session, since: datetime | None, embedder: Embedder, similarity: float,
                  terms: Callable[[str], list[str]], default_collection: str, run_id: int | None = None) -> Mined:
    """Disliked answers since `since` become candidate items (or join the item of the same question in the same
    collection); those rated "the document is missing" also become content gaps."""
    mined = Mined()
    existing = store.list_golden(session=session)
    known_ids = {item.id for item in existing}
    indexes: dict[str | None, QuestionIndex] = {}  # one per collection: a question is merged within its own
    for answer, rating in disliked_since(session=session, since=since):
        collection = answer.collection or default_collection
        asked = standalone(answer)
        if collection not in indexes:
            indexes[collection] = QuestionIndex(embedder, [
                i for i in existing if (i.collection or default_collection) == collection],
                similarity=similarity, terms=terms)
        index = indexes[collection]
        entry = {"answer_id": answer.id, "answer": answer.answer, "reason": rating.reason,
                 "comment": rating.comment, "rater": rating.rater, "refused": answer.refused}
        if rating.reason == MISSING_DOCUMENT:
            mined.gaps += store.add_content_gap(session=session, question=asked, answer_id=answer.id,
                                                comment=rating.comment, run_id=run_id,
                                                collection=collection) is not None
        if answer.golden_id and store.get_golden(session=session, item_id=answer.golden_id) is not None:
            mined.linked += reopen_disliked(session=session, answer_id=answer.id) is not None
            continue  # a served reviewed answer: its own item goes back to review
        item = index.nearest(asked)
        if item is None:
            item = store.add_golden(session=session, question=asked, reference_answer=None,
                                    reference_documents=[], answerable=True, origin="mined", status="candidate",
                                    source_answer_id=answer.id, language=language_of(asked) or None,
                                    feedback=[entry], collection=collection)
            if item is None:  # the same question is an item of another collection already
                continue
            index.add(item)
            mined.candidates += 1
        elif entry["answer_id"] not in {f.get("answer_id") for f in item.feedback or []}:
            item.feedback = [*(item.feedback or []), entry]  # a new list, so the JSON column sees the change
            if item.id in known_ids:
                mined.linked += 1
            else:
                mined.merged += 1
    session.flush()
    return mined
