"""Retriever: turns a question into a dense and/or BM25 query, fused (`retrieval.fusion`), inside a traced stage.

Fusion knows which retriever understands the question: when the embedder does not know the question's language
(an English-only model and a Korean question), its vectors are noise and only BM25 is asked.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from core.embeddings import Embedder
from core.errors import ErrorCode, RagloopError
from retrieval.background import DenseBackground
from retrieval.fusion import TunedFusion, fused_search
from retrieval.index import Hit, SearchQuery, VectorIndex, Where
from retrieval.sparse import STOPWORDS, Bm25Encoder, SparseVector, language_of, term_id

if TYPE_CHECKING:
    from core.settings import Settings
    from core.tracing import Tracer
    from retrieval.rerank import CrossEncoderReranker


DUPLICATE_SLACK = 5  # extra chunks fetched so that collapsing duplicates still leaves `limit`
# A term more than EVERYWHERE_SHARE of a collection's documents hold, in one of at least MIN_DOCUMENTS documents, is
# the name of what the whole knowledge base is about (`held_everywhere`); a collection of more than MAX_SCANNED_CHUNKS
# chunks is not scanned for it
EVERYWHERE_SHARE = 0.5
MIN_DOCUMENTS = 3
MAX_SCANNED_CHUNKS = 5000
NAME_ONLY_CHUNKS = 20  # the chunks holding a term read for a word of it in small letters (`held_only_in_names`)
_LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
_SPACE = re.compile(r"\W+", re.UNICODE)


@dataclass
class _Documents:
    """A collection's documents when it held `chunks` chunks, and whether each term looked up is held everywhere."""

    chunks: int
    documents: frozenset[str]
    everywhere: dict[str, bool] = field(default_factory=dict)


def _words_after(text: str) -> list[tuple[str, str]]:
    """Each Latin word of `text` with the word right before it on its line ("" when a sign or a line's start is)."""
    pairs, before, end = [], "", -1
    for found in _LATIN_WORD.finditer(text):
        between = text[end:found.start()] if end >= 0 else "\n"
        pairs.append((before if between.strip(" \t") == "" else "", found.group(0)))
        before, end = found.group(0), found.end()
    return pairs


def _by_term(term: str) -> SearchQuery:
    """A keyword search for one BM25 term alone: it finds exactly the chunks holding it."""
    return SearchQuery(sparse=SparseVector([term_id(term)], [1.0]))


def collapse_duplicates(hits: list[Hit]) -> list[Hit]:
    """Drop chunks whose text (case, spacing and punctuation aside) a better-ranked chunk already has: the same
    passage copied into several documents should not crowd the results."""
    seen: set[str] = set()
    kept = []
    for hit in hits:
        key = _SPACE.sub(" ", hit.text.casefold()).strip()
        if key not in seen:
            seen.add(key)
            kept.append(hit)
    return kept


class Retriever:
    def __init__(self, *, embedder: Embedder, index: VectorIndex, tracer: Tracer, sparse: Bm25Encoder,
                 settings: Settings, reranker: CrossEncoderReranker | None = None, fusion: TunedFusion | None = None):
        """`fusion`: the fusion per language (tuned on the golden set); without one, the settings'."""
        self.embedder = embedder
        self.index = index
        self.tracer = tracer
        self.sparse = sparse
        self.settings = settings
        self.reranker = reranker
        self.fusion = fusion or TunedFusion(settings)
        self.backgrounds = DenseBackground(embedder=embedder, index=index)
        self._documents: dict[str | None, _Documents] = {}  # by collection (`held_everywhere`)
        self._documents_lock = threading.Lock()

    def background(self, collection: str | None, language: str) -> float | None:
        """How close questions about other things come to `collection` (`retrieval.background`)."""
        return self.backgrounds.of(collection, language)

    def unmentioned(self, terms: list[str], collection: str | None) -> list[str]:
        """Those of the BM25 `terms` that no chunk of the collection holds (in its text, title or headings): one
        search by that term alone each."""
        where = Where(collection=collection)
        return [term for term in terms if not self.index.search(_by_term(term), limit=1, where=where)]

    def held_only_in_names(self, terms: list[str], collection: str | None) -> list[str]:
        """Those of the Latin BM25 `terms` that the collection holds only inside names: every word of the term, in the
        chunks holding it (up to NAME_ONLY_CHUNKS of them), is written with a capital after another capitalised word
        that is no stop word. "Northgate Business Park" holds the term of "parking" and says nothing of parking;
        "The Annex is at Unit 3" speaks of the annex, by its own name."""
        where = Where(collection=collection)
        found = []
        for term in terms:
            if not (term.isascii() and term.isalpha()):
                continue
            hits = self.index.search(_by_term(term), limit=NAME_ONLY_CHUNKS, where=where)
            words = [(before, word) for hit in hits for before, word in _words_after(hit.text)
                     if word[:3].lower() == term[:3] and self.sparse.terms(word) == [term]]  # a stem opens its word
            if words and all(word[:1].isupper() and before[:1].isupper() and before.lower() not in STOPWORDS
                             for before, word in words):
                found.append(term)
        return found

    def held_everywhere(self, terms: list[str], collection: str | None) -> list[str]:
        """Those of the BM25 `terms` that more than EVERYWHERE_SHARE of the collection's documents hold: the name of
        the product, place or service a knowledge base is about ("ragloop" is on every page of its guide). A
        question naming it shares it with every passage, the ones that answer and the ones that do not, so it
        tells them apart no better than "the" does. None in a collection of fewer than MIN_DOCUMENTS documents or
        more than MAX_SCANNED_CHUNKS chunks."""
        if not terms:
            return []
        count = self.index.count(collection=collection)
        if count > MAX_SCANNED_CHUNKS:
            return []
        kept = self._kept_for(collection, count)
        if len(kept.documents) < MIN_DOCUMENTS:
            return []
        where = Where(collection=collection)
        for term in terms:
            if term not in kept.everywhere:
                hits = self.index.search(_by_term(term), limit=count, where=where)
                kept.everywhere[term] = (len({hit.payload.get("document_id") for hit in hits})
                                         > EVERYWHERE_SHARE * len(kept.documents))
        return [term for term in terms if kept.everywhere[term]]

    def _kept_for(self, collection: str | None, count: int) -> _Documents:
        """The collection's document ids and the terms looked up so far, read again when its chunk count changes."""
        with self._documents_lock:
            kept = self._documents.get(collection)
            if kept is None or kept.chunks != count:
                kept = _Documents(count, frozenset(hit.payload.get("document_id") or "" for hit in
                                                   self.index.chunks(collection=collection)))
                self._documents[collection] = kept
            return kept

    def query_for(self, question: str, *, mode: str | None = None, keywords: str | None = None) -> SearchQuery:
        mode = mode or self.settings.retrieval_mode
        language = language_of(question)
        understood = self.embedder.understands(language)
        use_dense = mode == "dense" or (mode == "hybrid" and understood)
        use_sparse = mode in ("sparse", "hybrid")
        fused = self.fusion.for_language(language)
        return SearchQuery(dense=self.embedder.embed_query(question).tolist() if use_dense else None,
                           sparse=self.sparse.encode_query(keywords or question) if use_sparse else None,
                           dense_weight=fused.dense_weight, sparse_weight=fused.sparse_weight,
                           candidates=fused.candidates, fusion=self.settings.fusion, rrf_k=fused.rrf_k,
                           language=language)

    def search(self, question: str, *, limit: int, collection: str | None = None, source: str | None = None,
               tags: tuple[str, ...] = (), mode: str | None = None, keywords: str | None = None) -> list[Hit]:
        """The best `limit` chunks, near-duplicates collapsed into the best-ranked copy. `keywords`: what the BM25
        side searches for instead of the question (the answer stage leaves out the words that only ask, and adds
        those a page writes beside the kind of answer asked for); the dense side reads the question as asked."""
        if not question or not question.strip():
            raise RagloopError(ErrorCode.BAD_INPUT, "the question is empty")
        where = Where(collection=collection, source=source, tags=tuple(tags))
        with self.tracer.span("retrieval", input={"question": question, "filters": where.__dict__},
                              as_type="retriever") as span:
            with self.tracer.span("embed", input={"question": question}):
                query = self.query_for(question, mode=mode, keywords=keywords)
            wanted = max(limit, self.settings.rerank_candidates) if self.reranker else limit
            with self.tracer.span("search", input={"limit": wanted}):
                found = fused_search(self.index, query, limit=wanted + DUPLICATE_SLACK, where=where,
                                     encoder=self.sparse)
            hits = collapse_duplicates(found)[:wanted]
            span.update(output=[{"chunk_id": h.id, "score": round(h.score, 4)} for h in hits],
                        metadata={"dense": query.dense is not None, "sparse": query.sparse is not None,
                                  **({"keywords": keywords} if keywords else {})})
        if self.reranker:
            with self.tracer.span("rerank", input={"candidates": len(hits)}) as span:
                hits = self.reranker.rerank(question, hits, limit=limit)
                span.update(output=[{"chunk_id": h.id, "score": round(h.score, 4)} for h in hits])
        return hits
