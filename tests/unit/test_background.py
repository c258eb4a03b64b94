"""The dense background: how close questions about other things come to a collection, and a confidence that reads
dense similarities relative to it (a small knowledge base is not an encyclopaedia)."""

import copy

import pytest

from answer.confidence import Calibration, LogisticModel, fit_calibration, relative_to
from retrieval.background import RECHECK_SECONDS, DenseBackground
from retrieval.index import ChunkPoint, point_id

NARROW = [  # a few pages of product documentation
    "The Team plan costs 12 dollars per user per month and includes single sign-on.",
    "Invitations to a shared notebook expire after seven days; an owner can send a new one.",
    "API tokens are created under Settings, Developer, and expire after 90 days unless renewed.",
    "If the desktop app stops syncing, sign out, clear the local cache and sign in again.",
]
BROAD = [  # everyday knowledge, as an encyclopaedia holds it
    "Ottawa is the capital city of Canada, located on the Ottawa River in the province of Ontario.",
    "A classic chocolate cake is baked at 180 degrees Celsius for about thirty minutes.",
    "The Mona Lisa was painted by Leonardo da Vinci in the early sixteenth century.",
    "A soccer team fields eleven players, one of whom is the goalkeeper.",
    "Thunderstorms form when warm, moist air rises quickly into colder air above it.",
    "Puppies learn to sit fastest with short sessions and a treat as a reward.",
    "The Second World War ended in 1945 after the surrender of Germany and Japan.",
    "Mount Kilimanjaro in Tanzania is the highest mountain in Africa.",
    "To change a car tyre, loosen the nuts, raise the car with a jack and swap the wheel.",
    "Whales breathe air through blowholes on the top of their heads.",
    "Tomatoes grow well in large pots on a sunny balcony when watered every day.",
    "Bees make honey from flower nectar, which they store and evaporate in wax combs.",
]


def _fill(index, embedder, collection: str, texts: list[str]) -> None:
    vectors = embedder.embed_documents(texts)
    index.upsert([ChunkPoint(point_id(f"{collection}-{i}", 0), vector.tolist(),
                             {"document_id": f"{collection}-{i}", "collection": collection, "source": f"{i}.md",
                              "position": 0, "text": text, "content_hash": "h", "tags": []})
                  for i, (text, vector) in enumerate(zip(texts, vectors))])


def test_unrelated_questions_come_closer_to_a_broad_collection_than_to_a_narrow_one(index, embedder):
    _fill(index, embedder, "product", NARROW)
    _fill(index, embedder, "encyclopaedia", BROAD)
    backgrounds = DenseBackground(embedder=embedder, index=index)

    narrow, broad = backgrounds.of("product", "en"), backgrounds.of("encyclopaedia", "en")

    assert narrow is not None and broad is not None
    assert broad > narrow + 0.02, (narrow, broad)  # multilingual-e5 crowds its similarities into a narrow band
    assert backgrounds.of("empty", "en") is None
    assert backgrounds.of("product", "ko") is not None, "the multilingual default reads Korean questions too"

    english_only = copy.copy(embedder)
    english_only.languages = frozenset({"en"})
    assert DenseBackground(embedder=english_only, index=index).of("product", "ko") is None, \
        "an English-only embedder has no dense signal for Korean"


def test_the_background_is_measured_again_once_the_collection_has_changed(index, embedder):
    now = [0.0]
    backgrounds = DenseBackground(embedder=embedder, index=index, clock=lambda: now[0])
    _fill(index, embedder, "kb", NARROW)
    before = backgrounds.of("kb", "en")

    _fill(index, embedder, "kb", NARROW + BROAD)  # the docs team loads everyday pages too
    assert backgrounds.of("kb", "en") == before, "not checked again within a minute"
    now[0] += RECHECK_SECONDS + 1
    assert backgrounds.of("kb", "en") > before


def _calibration(background: float | None) -> Calibration:
    dense = LogisticModel(["top_dense", "best_similarity", "chunk_coverage"], [2.0, 1.0, 1.0], -0.5,
                          [0.4, 0.4, 0.5], [0.15, 0.15, 0.25])
    lexical = LogisticModel(["chunk_coverage"], [1.0], 0.0, [0.5], [0.25])
    return Calibration(dense, lexical, 0.5, {} if background is None else {"dense_background": background})


def test_the_same_similarity_means_more_where_unrelated_questions_come_less_close():
    fitted_on_encyclopaedia = _calibration(0.32)
    paraphrase = {"top_dense": 0.45, "best_similarity": 0.5, "chunk_coverage": 0.2, "dense_margin": 0.1}

    in_an_encyclopaedia = fitted_on_encyclopaedia.evidence_confidence({**paraphrase, "dense_background": 0.32})
    in_product_docs = fitted_on_encyclopaedia.evidence_confidence({**paraphrase, "dense_background": 0.10})

    assert in_product_docs > in_an_encyclopaedia + 0.3
    assert in_an_encyclopaedia == pytest.approx(_calibration(None).evidence_confidence(paraphrase)), \
        "on data like its own, the calibration reads the signals as they are"
    assert _calibration(None).evidence_confidence({**paraphrase, "dense_background": 0.10}) == \
        pytest.approx(_calibration(None).evidence_confidence(paraphrase)), "no background recorded: no shift"
    lexical = {"top_dense": None, "chunk_coverage": 0.2, "dense_background": None}
    assert relative_to(lexical, 0.32) == lexical


def test_answers_from_collections_with_different_backgrounds_are_fitted_on_one_scale():
    # The same evidence, relative to its collection, decides rightness in both collections; raw similarities
    # differ by the backgrounds' gap.
    rows, correct = [], []
    for background in (0.10, 0.35):
        for step in range(60):
            lift = step / 100
            rows.append({"top_dense": background + lift, "best_similarity": background + lift, "dense_margin": 0.05,
                         "dense_agrees": 1.0, "chunk_coverage": 0.5, "dense_background": background})
            correct.append(lift > 0.3 if step % 7 else lift <= 0.3)  # a little noise

    calibration = fit_calibration(rows, correct, about={"squad": "two collections"})

    assert calibration.dense_background == pytest.approx(0.225)
    low = calibration.evidence_confidence({**rows[20], "top_dense": 0.10 + 0.5, "best_similarity": 0.10 + 0.5})
    high = calibration.evidence_confidence({**rows[80], "top_dense": 0.35 + 0.5, "best_similarity": 0.35 + 0.5})
    assert low == pytest.approx(high, abs=1e-6), "the same lift above each background, the same confidence"
    assert calibration.evidence_confidence({**rows[0], "top_dense": 0.12, "best_similarity": 0.12}) < 0.3
