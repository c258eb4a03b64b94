"""Fusion tuned on the golden set: each night, for each language with enough approved items that name their
reference documents, a small grid of fusion settings (dense and BM25 weights, candidates per side, RRF's k with
rank fusion) is scored by MRR of the reference documents on half of the items (chosen by id, so the halves stay the
same from night to night), and the best is applied only when it also beats the fusion in force on the other half by
`MARGIN`. Never on a partial run. Applied tunings are a stack per language (`retrieval.store`): `ragloop tuning
revert` takes the newest back."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from itertools import product
from statistics import mean
from typing import TYPE_CHECKING

from eval.bench import retrieval_scores
from retrieval import Fusion, Where, apply_tuning, fused_search, language_of

if TYPE_CHECKING:
    from core.runtime import Runtime
    from eval.store import GoldenItem

# (dense, BM25) weights; a zero turns a side off, for a language or a knowledge base where it only adds noise.
WEIGHTS = ((1.0, 1.0), (1.0, 0.5), (0.5, 1.0), (1.0, 2.0), (2.0, 1.0), (1.0, 4.0), (4.0, 1.0), (1.0, 0.0),
           (0.0, 1.0))
CANDIDATES = (25, 50, 100)
RRF_K = (20, 60)
MIN_ITEMS = 20  # per language; half of them are held out
MAX_ITEMS = 400  # per language, so that a large golden set is still tuned in minutes
MARGIN = 0.02  # MRR on the held-out half that a new fusion must gain
CHANGED_ITEMS = 10


@dataclass
class Tuned:
    language: str
    status: str  # applied | kept | waiting | not_hybrid | partial_run
    items: int
    current: dict
    best: dict | None = None
    before: dict = field(default_factory=dict)  # {"fit": mrr, "held_out": mrr} of the fusion in force
    after: dict = field(default_factory=dict)  # the same for the best of the grid
    changed: list[dict] = field(default_factory=list)  # held-out items whose first reference moved

    def to_dict(self) -> dict:
        return asdict(self)


def grid(current: Fusion, *, rank_fusion: bool) -> list[Fusion]:
    """The fusions tried; RRF's k only where rank fusion is configured (the relative fusion has none)."""
    ks = RRF_K if rank_fusion else (current.rrf_k,)
    return [Fusion(dense, sparse, candidates, k) for (dense, sparse), candidates, k in product(WEIGHTS, CANDIDATES, ks)]


def tune_fusion(runtime: Runtime, items: list[GoldenItem], *, run_id: int | None, apply: bool) -> list[Tuned]:
    """Tune each language's fusion on the approved items with reference documents; apply what is better held
    out when `apply` (a complete run)."""
    by_language: dict[str, list[GoldenItem]] = {}
    for item in items:
        if item.status == "approved" and item.answerable and item.reference_documents:
            by_language.setdefault(item.language or language_of(item.question) or "und", []).append(item)
    return [_tune(runtime, language, group[:MAX_ITEMS], run_id=run_id, apply=apply)
            for language, group in sorted(by_language.items())]


def _tune(runtime: Runtime, language: str, items: list[GoldenItem], *, run_id: int | None, apply: bool) -> Tuned:
    retriever = runtime.answers.retriever
    current = retriever.fusion.for_language(language)
    tuned = Tuned(language=language, status="waiting", items=len(items), current=current.to_dict())
    if len(items) < MIN_ITEMS:
        return tuned
    # searched as the answer stage searches them
    queries = {item.id: retriever.query_for(item.question, keywords=runtime.answers.search_keywords(item.question))
               for item in items}
    if not all(query.hybrid for query in queries.values()):
        tuned.status = "not_hybrid"  # one side is not asked (the embedder does not know the language): no fusion
        return tuned
    fit, held = [i for i in items if i.id % 2 == 0], [i for i in items if i.id % 2 == 1]
    scorer = _Scorer(runtime, queries)
    tried = grid(current, rank_fusion=runtime.settings.fusion == "rrf")
    best = max([current, *tried], key=lambda fusion: scorer.mrr(fusion, fit))
    tuned.best = best.to_dict()
    tuned.before = {"fit": scorer.mrr(current, fit), "held_out": scorer.mrr(current, held)}
    tuned.after = {"fit": scorer.mrr(best, fit), "held_out": scorer.mrr(best, held)}
    better = best != current and tuned.after["held_out"] >= tuned.before["held_out"] + MARGIN
    tuned.changed = scorer.changed(current, best, held)
    if better and not apply:
        tuned.status = "partial_run"
    elif better:
        with runtime.session() as session:
            apply_tuning(session=session, language=language, fusion=best.to_dict(), replaced=current.to_dict(),
                         figures={"before": tuned.before, "after": tuned.after, "items": len(items)}, run_id=run_id)
        retriever.fusion.refresh()
        tuned.status = "applied"
    else:
        tuned.status = "kept"
    return tuned


class _Scorer:
    """MRR of the items' reference documents under a fusion; each item's query is embedded once."""

    def __init__(self, runtime: Runtime, queries: dict):
        self.index, self.queries, self.k = runtime.index, queries, runtime.settings.top_k
        self.encoder = runtime.answers.retriever.sparse  # the fusion weighs BM25 as serving does
        self.default_collection = runtime.settings.default_collection
        self._ranks: dict[tuple[Fusion, int], float] = {}

    def reciprocal_rank(self, fusion: Fusion, item: GoldenItem) -> float:
        key = (fusion, item.id)
        if key not in self._ranks:
            query = replace(self.queries[item.id], dense_weight=fusion.dense_weight,
                            sparse_weight=fusion.sparse_weight, candidates=fusion.candidates, rrf_k=fusion.rrf_k)
            hits = fused_search(self.index, query, limit=self.k, where=Where(
                collection=item.collection or self.default_collection), encoder=self.encoder)
            retrieved = [{"document_id": h.payload.get("document_id"), "source": h.payload.get("source")}
                         for h in hits]
            self._ranks[key] = retrieval_scores(item.reference_documents, retrieved, k=self.k)["mrr"]
        return self._ranks[key]

    def mrr(self, fusion: Fusion, items: list[GoldenItem]) -> float:
        return round(mean(self.reciprocal_rank(fusion, item) for item in items), 4) if items else 0.0

    def changed(self, current: Fusion, best: Fusion, items: list[GoldenItem]) -> list[dict]:
        moved = [{"question": item.question, "before": self.reciprocal_rank(current, item),
                  "after": self.reciprocal_rank(best, item)} for item in items]
        moved = [m for m in moved if m["before"] != m["after"]]
        return sorted(moved, key=lambda m: -abs(m["after"] - m["before"]))[:CHANGED_ITEMS]
