"""How the dense and BM25 results are fused: `fused_search` combines them, with the weights in force per language:
the settings' values, unless the nightly job found better ones on the golden set and applied them (`eval.tuning`).

The relative fusion (the default) reads each retriever's scores relative to its own range for the question: a chunk
scores `(wd * dense + ws * sparse) / (wd + ws)`, in [0, 1], where `dense` is its cosine placed between the lowest
(0) and the highest (1) cosine of the dense side's candidates, and `sparse` its BM25 score over the best BM25 score
(a chunk BM25 did not bring: 0). Unlike rank fusion, it keeps how clearly each retriever prefers its first result:
when the dense retriever puts one page far ahead and BM25 finds several pages about as good, the dense choice wins,
and the reverse. The cosine is placed in its range rather than divided by the best one because embedders spread
their similarities differently (multilingual-e5-small crowds them into 0.75-0.92, where a ratio to the best says
almost nothing). Every candidate has its exact cosine (the sparse side's hits carry their vectors).

The BM25 side counts fully only when its best chunk holds at least `FULL_MATCH_TERMS` of the question's terms (or
all of a shorter question's), and in proportion below that (`bm25_trust`): a best match on one or two common words
of a question asked in the user's own words ("What I change on my laptop doesn't appear on my phone" finding the
pricing page by "change") says little, and the embedder, which reads the whole question, leads. Chosen on training
data (README, "Measured quality and speed"): three terms moved no SciFact, SQuAD or KorQuAD figure by more than
0.003 and put the right page first for more questions in a user's own words on small knowledge bases.

In a collection of several languages, the cosines are read as if every chunk were in the question's language
(`in_question_language`): a multilingual embedder rates text in the question's own language closer whatever it
says, so each other language's cosines shift by the difference between its mean and the question language's among
the candidates. A Korean question then finds the English page it asks about (README, "Across languages").

Applied tunings are rows of `fusion_tunings`, a stack per language: the newest active row is in force; reverting it
brings back the one before (or the settings). Every process reads them from the database (shared by all replicas)
and looks again every `REFRESH_S` seconds, so an applied or reverted tuning reaches every replica within that time.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import asdict, dataclass, replace
from functools import lru_cache
from typing import TYPE_CHECKING

from sqlalchemy.exc import SQLAlchemyError

from core.db import session_scope
from retrieval import store
from retrieval.index import Hit, SearchQuery, VectorIndex, Where, indexed_text
from retrieval.sparse import _HANGUL, language_of

if TYPE_CHECKING:
    from core.db import SessionFactory
    from core.settings import Settings
    from retrieval.sparse import Bm25Encoder, SparseVector

log = logging.getLogger(__name__)
REFRESH_S = 30.0
FULL_MATCH_TERMS = 3  # question terms the best BM25 chunk must hold for BM25 to count fully (`bm25_trust`)
MIN_LANGUAGE_CANDIDATES = 3  # candidates of a language needed to read its cosines in another (`in_question_language`)
LANGUAGE_PREFIX_CHARS = 300
RELATIVE = "relative"


def fused_search(index: VectorIndex, query: SearchQuery, *, limit: int, where: Where | None = None,
                 encoder: Bm25Encoder | None = None) -> list[Hit]:
    """The best `limit` chunks for `query`: with both sides and the relative fusion, each side searched on its
    own and their scores combined here; otherwise as the index searches (one side, or fused by the engine).
    `encoder`: the one the question's BM25 vector was made with, to read how much of it the best BM25 chunk holds
    (without it, BM25 keeps its full weight)."""
    if not (query.hybrid and query.fusion == RELATIVE):
        return index.search(query, limit=limit, where=where)
    dense = index.search(replace(query, sparse=None), limit=query.candidates, where=where)
    sparse = index.search(replace(query, dense=None, similarity_to=query.dense), limit=query.candidates, where=where)
    trust = bm25_trust(query.sparse, sparse[0], encoder) if sparse and encoder is not None else 1.0
    return relative_fusion(dense, sparse, dense_weight=query.dense_weight,
                           sparse_weight=query.sparse_weight * trust, language=query.language)[:limit]


def bm25_trust(question: SparseVector | None, best: Hit, encoder: Bm25Encoder) -> float:
    """How much the BM25 side counts, in [0, 1]: how many of the question's terms its best chunk `best` holds (with
    its title and heading path, as it was encoded), over `FULL_MATCH_TERMS` or the question's term count if fewer."""
    if question is None or not question.indices:
        return 0.0
    payload = best.payload
    text = indexed_text(title=payload.get("title", ""), heading_path=payload.get("heading_path", ""),
                        text=payload.get("text", ""))
    held = encoder.term_ids(text)
    return min(1.0, sum(1 for term in question.indices if term in held)
               / min(FULL_MATCH_TERMS, len(question.indices)))


def read_in_language(cosines: list[float], languages: list[str], language: str) -> list[float]:
    """Cosines to a question in `language` of texts in `languages`, each read as if its text were in the question's
    language. A multilingual embedder rates any text in the question's own language closer than text in another
    (multilingual-e5-small put off-topic Korean policies above the English one a Korean question asked about), so
    another language's cosines shift by the difference between its mean and the question language's; only when
    both have `MIN_LANGUAGE_CANDIDATES` texts. Texts of no known language ("") stay as they are."""
    by_language: dict[str, list[float]] = {}
    for cosine, name in zip(cosines, languages):
        by_language.setdefault(name, []).append(cosine)
    means = {name: sum(values) / len(values) for name, values in by_language.items()
             if name and len(values) >= MIN_LANGUAGE_CANDIDATES}
    if language not in means or len(means) < 2:
        return list(cosines)
    return [cosine + means[language] - means.get(name, means[language]) for cosine, name in zip(cosines, languages)]


def in_question_language(hits: list[Hit], language: str) -> dict[str, float]:
    """Each hit's cosine read in the question's `language` (`read_in_language`), by hit id. The hits keep their own
    cosines: this is for ranking."""
    scored = [hit for hit in hits if hit.dense_score is not None]
    if not any(_HANGUL.search(hit.text) for hit in scored):  # one language (the quick test: no Korean at all)
        return {hit.id: hit.dense_score for hit in scored}
    read = read_in_language([hit.dense_score for hit in scored], [_language_of(hit.text) for hit in scored], language)
    return {hit.id: cosine for hit, cosine in zip(scored, read)}


@lru_cache(maxsize=4096)
def _language_of(text: str) -> str:
    """A chunk's language, read from its beginning (the whole of a long chunk takes longer and says the same)."""
    return language_of(text[:LANGUAGE_PREFIX_CHARS])


def relative_fusion(dense: list[Hit], sparse: list[Hit], *, dense_weight: float, sparse_weight: float,
                    language: str = "") -> list[Hit]:
    """Each chunk scored by its cosine (read in the question's `language`, when given: `in_question_language`)
    and its BM25 score, each within its side's range (module docstring); the caller lowers `sparse_weight` by
    `bm25_trust`."""
    found = {hit.id: hit for hit in [*sparse, *dense]}
    read = in_question_language(list(found.values()), language)
    # The range runs from the lowest cosine to the highest one as read, so that chunks in the question's language
    # are placed as without the others unless a chunk in another language reads higher than them all.
    cosines = [hit.dense_score for hit in dense if hit.dense_score is not None]
    floor, best = min(cosines, default=0.0), max([*cosines, *(read[hit.id] for hit in dense if hit.id in read)],
                                                   default=1.0)
    bm25 = {hit.id: hit.score for hit in sparse}
    best_bm25 = max(bm25.values(), default=0.0) or 1.0
    total = (dense_weight + sparse_weight) or 1.0

    def placed(cosine: float | None) -> float:
        if cosine is None:
            return 0.0
        return 1.0 if best <= floor else min(max((cosine - floor) / (best - floor), 0.0), 1.0)

    def score(hit: Hit) -> float:
        return (dense_weight * placed(read.get(hit.id)) + sparse_weight * bm25.get(hit.id, 0.0) / best_bm25) / total

    fused = [Hit(hit.id, score(hit), hit.payload, hit.dense_score) for hit in found.values()]
    return sorted(fused, key=lambda hit: -hit.score)


@dataclass(frozen=True)
class Fusion:
    dense_weight: float
    sparse_weight: float
    candidates: int
    rrf_k: int

    @classmethod
    def of(cls, settings: Settings) -> Fusion:
        return cls(settings.hybrid_dense_weight, settings.hybrid_sparse_weight, settings.hybrid_candidates,
                   settings.rrf_k)

    def to_dict(self) -> dict:
        return asdict(self)


class TunedFusion:
    """The fusion in force for each language: an applied tuning, else the settings'."""

    def __init__(self, settings: Settings, session_factory: SessionFactory | None = None):
        self.default = Fusion.of(settings)
        self.session_factory = session_factory
        self._tuned: dict[str, Fusion] = {}
        self._read_at = float("-inf")
        self._lock = threading.Lock()
        if session_factory is not None:
            self.refresh()  # now, while the service is built, rather than inside the first question

    def for_language(self, language: str) -> Fusion:
        if self.session_factory is None:
            return self.default
        with self._lock:
            if time.monotonic() - self._read_at > REFRESH_S:
                self.refresh()
            return self._tuned.get(language or "", self.default)

    def refresh(self) -> None:
        """Read the applied tunings now (the nightly job calls it after applying or reverting one). When the
        database cannot be read, the fusion in force stays, and the next question tries again later."""
        try:
            with session_scope(self.session_factory) as session:
                self._tuned = {row.language: Fusion(**row.fusion) for row in store.active_tunings(session=session)}
        except SQLAlchemyError as exc:
            log.warning("the fusion tunings could not be read; keeping the fusion in force: %s", exc)
        self._read_at = time.monotonic()
