"""Confidence in [0, 1] from the evidence, and the refusal decision that follows from it.

The score combines how close the best chunk is to the question (dense similarity) with how well the best
sentence answers it, and squashes the mix with a logistic curve centred where answerable and unanswerable
questions separate for the default embedder.
"""

from __future__ import annotations

import math

CENTRE = 0.27
STEEPNESS = 15.0


def confidence(*, top_hit_score: float, best_sentence_score: float) -> float:
    evidence = 0.5 * top_hit_score + 0.5 * best_sentence_score
    return 1.0 / (1.0 + math.exp(-STEEPNESS * (evidence - CENTRE)))
