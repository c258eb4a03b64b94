"""Topics and drift: what users asked about lately, how each topic fares, and what changed since the period before.

The questions of two periods (the last `days` days, and the `days` before) are grouped into topics per collection
and language, by agglomerative clustering (scikit-learn) of their embeddings, or, in a language the embedder does
not understand, of their content words (the BM25 analyser: stems, Korean morphemes) weighed by their rarity. Each topic has
its volume, thumbs-down rate and refusal rate in both periods. A topic is flagged when its refusal or thumbs-down
rate rose by `RISE` or more, or when it is new and most of it was refused; the refused questions of a flagged topic
are offered to editors as content gaps (one gap per question, with how many times it was asked).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

import numpy as np
from sqlalchemy.orm import Session

from answer import SOCIAL
from core.db import as_utc
from eval import store
from feedback import answers_since, rating_counts
from retrieval import language_of, rarity

if TYPE_CHECKING:
    from collections.abc import Callable

    from core.embeddings import Embedder
    from core.runtime import Runtime

MIN_QUESTIONS = 5  # a topic needs this many questions in the period before its rates say anything
RISE = 0.2  # a rate that rose by this much (0.2: 20 percentage points) is flagged
NEW_REFUSED = 0.5  # a new topic with at least this share refused is flagged
MAX_QUESTIONS = 4000  # per collection and language and period: the newest, so that clustering stays quick
# Cosine similarity within a topic, per embedder (multilingual-e5 rates every pair of questions high); and for
# content-word vectors.
TOPIC_SIMILARITY = {"multilingual-e5-small": 0.86}
DEFAULT_TOPIC_SIMILARITY = 0.5
WORDS_SIMILARITY = 0.3


@dataclass
class Asked:
    question: str
    collection: str
    refused: bool
    down: bool
    recent: bool  # in the current period (else in the one before)


@dataclass
class Topic:
    label: str  # its most typical question
    collection: str
    language: str
    questions: int
    previous_questions: int
    refusal_rate: float
    down_rate: float
    previous_refusal_rate: float | None  # None: too few questions before to say
    previous_down_rate: float | None
    flags: list[str] = field(default_factory=list)  # refusals_rising, down_rising, new_with_refusals
    refused: list[tuple[str, int]] = field(default_factory=list)  # refused questions of the period, with counts

    def to_dict(self) -> dict:
        return asdict(self)


def asked_questions(*, session: Session, now: datetime, days: int, default_collection: str) -> list[Asked]:
    """The answers of the last two periods, as questions with their outcome."""
    start, middle = now - timedelta(days=2 * days), now - timedelta(days=days)
    answers = [a for a in answers_since(session=session, since=start) if as_utc(a.created_at) <= now]
    ratings = rating_counts(session=session, since=start)
    return [Asked(a.question, a.collection or default_collection, a.refused,
                  ratings.get(a.id, {}).get("down", 0) > 0, as_utc(a.created_at) >= middle) for a in answers
            if a.generator != SOCIAL]  # a greeting or thanks asks nothing of the documents


def recent_topics(runtime: Runtime, *, session: Session, now: datetime) -> list[Topic]:
    """The topics of the last `RAGLOOP_TOPIC_DAYS` days, compared with the days before."""
    settings = runtime.settings
    asked = asked_questions(session=session, now=now, days=settings.topic_days,
                            default_collection=settings.default_collection)
    return find_topics(asked, embedder=runtime.embedder, terms=runtime.answers.evidence.terms)


def find_topics(asked: list[Asked], *, embedder: Embedder, terms: Callable[[str], list[str]]) -> list[Topic]:
    """Topics per collection and language, flagged ones first, then by volume."""
    groups: dict[tuple[str, str], list[Asked]] = defaultdict(list)
    for item in asked:
        groups[(item.collection, language_of(item.question) or "und")].append(item)
    topics = []
    for (collection, language), items in sorted(groups.items()):
        items = _newest(items)
        labels, vectors = _clusters(items, embedder=embedder, terms=terms, language=language)
        for label in set(labels):
            members = [n for n, x in enumerate(labels) if x == label]
            topics.append(_topic([items[n] for n in members], vectors[members], collection, language))
    topics = [t for t in topics if t.questions]
    return sorted(topics, key=lambda t: (not t.flags, -t.questions, t.label))


def _newest(items: list[Asked]) -> list[Asked]:
    recent = [i for i in items if i.recent][-MAX_QUESTIONS:]
    before = [i for i in items if not i.recent][-MAX_QUESTIONS:]
    return before + recent


def _clusters(items: list[Asked], *, embedder: Embedder, terms, language: str) -> tuple[list[int], np.ndarray]:
    from sklearn.cluster import AgglomerativeClustering

    texts = [i.question for i in items]
    if embedder.understands(language):
        vectors = np.asarray(embedder.embed_documents(texts), dtype=np.float32)
        similarity = TOPIC_SIMILARITY.get(getattr(embedder, "name", ""), DEFAULT_TOPIC_SIMILARITY)
    else:
        vectors, similarity = _word_vectors(texts, terms), WORDS_SIMILARITY
    vectors /= np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
    if len(items) == 1:
        return [0], vectors
    clustering = AgglomerativeClustering(n_clusters=None, metric="cosine", linkage="average",
                                         distance_threshold=1.0 - similarity)
    return list(clustering.fit_predict(vectors)), vectors


def _word_vectors(texts: list[str], terms) -> np.ndarray:
    """Each question as its content words, each weighed by how rare it is in its language (`retrieval.rarity`):
    a shared rare word (환불, "refund") joins two questions, a shared common one (받다, "to get") hardly."""
    from sklearn.feature_extraction import DictVectorizer

    bags = [{term: max(rarity(term), 0.05) for term in terms(text)} for text in texts]
    return DictVectorizer().fit_transform(bags).toarray().astype(np.float32)


def _topic(items: list[Asked], vectors: np.ndarray, collection: str, language: str) -> Topic:
    now = [i for i in items if i.recent]
    before = [i for i in items if not i.recent]
    centre = vectors.mean(axis=0)
    label = items[int(np.argmax(vectors @ centre))].question
    topic = Topic(label=label, collection=collection, language=language, questions=len(now),
                  previous_questions=len(before), refusal_rate=_rate(now, "refused"), down_rate=_rate(now, "down"),
                  previous_refusal_rate=_rate(before, "refused") if len(before) >= MIN_QUESTIONS else None,
                  previous_down_rate=_rate(before, "down") if len(before) >= MIN_QUESTIONS else None)
    topic.flags = _flags(topic)
    keys = Counter(store.question_key(i.question) for i in now if i.refused)
    first = {}
    for i in now:
        first.setdefault(store.question_key(i.question), i.question)
    topic.refused = [(first[key], count) for key, count in keys.most_common()]
    return topic


def _flags(topic: Topic) -> list[str]:
    if topic.questions < MIN_QUESTIONS:
        return []
    flags = []
    if topic.previous_refusal_rate is not None and topic.refusal_rate - topic.previous_refusal_rate >= RISE:
        flags.append("refusals_rising")
    if topic.previous_down_rate is not None and topic.down_rate - topic.previous_down_rate >= RISE:
        flags.append("down_rising")
    if topic.previous_questions == 0 and topic.refusal_rate >= NEW_REFUSED:
        flags.append("new_with_refusals")
    return flags


def _rate(items: list[Asked], what: str) -> float:
    return round(sum(getattr(i, what) for i in items) / len(items), 4) if items else 0.0


def offer_gaps(*, session: Session, topics: list[Topic], run_id: int | None) -> int:
    """The refused questions of flagged topics, as content gaps (merged with a gap for the same question); returns
    how many questions were added or counted again."""
    offered = 0
    for topic in topics:
        if not topic.flags:
            continue
        for question, count in topic.refused:
            store.count_content_gap(session=session, question=question, count=count, collection=topic.collection,
                                    run_id=run_id, comment=f"refused in a flagged topic: {topic.label}")
            offered += 1
    return offered
