"""Confidence in [0, 1] from the evidence, and the refusal decision that follows from it.

Two signals, each squashed by a logistic curve centred where answerable and unanswerable questions separate:
how close the best chunk and sentence are to the question (dense similarity, when the embedder understands the
language), and how much of the question's terms the best chunk and sentence hold. When both are there they are
averaged; otherwise the one that is there decides.
"""

from __future__ import annotations

import math

DENSE_CENTRE, DENSE_STEEPNESS = 0.42, 14.0
COVERAGE_CENTRE, COVERAGE_STEEPNESS = 0.5, 9.0


def _logistic(value: float, centre: float, steepness: float) -> float:
    return 1.0 / (1.0 + math.exp(-steepness * (value - centre)))


def confidence(*, top_dense: float | None, best_similarity: float | None, chunk_coverage: float,
               sentence_coverage: float) -> float:
    lexical = _logistic(0.5 * chunk_coverage + 0.5 * sentence_coverage, COVERAGE_CENTRE, COVERAGE_STEEPNESS)
    if top_dense is None or best_similarity is None:
        return lexical
    dense = _logistic(0.5 * top_dense + 0.5 * best_similarity, DENSE_CENTRE, DENSE_STEEPNESS)
    return 0.5 * dense + 0.5 * lexical
