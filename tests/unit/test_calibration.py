"""Confidence calibration: logistic fit, threshold for the best refusal F1, ECE, the stored file."""

import random

import pytest

from answer.confidence import (Calibration, best_threshold, expected_calibration_error, fit_calibration,
                               refusal_scores)
from eval.qa_bench import exact_match, holds_answer, normalize_answer, token_f1


def _rows(n: int, seed: int = 7):
    """Synthetic evidence where coverage predicts correctness with a known probability."""
    rng = random.Random(seed)
    rows, correct, unanswerable = [], [], []
    for _ in range(n):
        coverage = rng.random()
        answerable = rng.random() < 0.5
        right = answerable and rng.random() < coverage ** 2  # raw coverage is overconfident
        dense = None if rng.random() < 0.3 else 0.2 + 0.6 * coverage * answerable + rng.gauss(0, 0.05)
        rows.append({"top_dense": dense, "dense_margin": 0.05 if dense else None, "best_similarity": dense,
                     "dense_agrees": 1.0 if dense else None, "chunk_coverage": coverage * answerable,
                     "sentence_coverage": coverage * answerable, "missing_terms": 1 - coverage,
                     "support": 1.0, "evidence_count": 1.0})
        correct.append(right)
        unanswerable.append(not answerable)
    return rows, correct, unanswerable


def test_fitted_confidence_is_calibrated_on_fresh_data_and_saved(tmp_path):
    rows, correct, unanswerable = _rows(3000)
    fitted = fit_calibration(rows, correct, unanswerable, about={"squad": "synthetic"})
    test_rows, test_correct, test_unanswerable = _rows(3000, seed=11)
    confidences = [fitted.confidence(r) for r in test_rows]
    assert expected_calibration_error(confidences, test_correct) < 0.05
    uncalibrated = [r["chunk_coverage"] for r in test_rows]
    assert expected_calibration_error(uncalibrated, test_correct) > 0.07
    assert 0.0 < fitted.threshold < 1.0
    fitted.save(tmp_path / "calibration.json")
    loaded = Calibration.load(tmp_path / "calibration.json")
    assert loaded.confidence(test_rows[0]) == pytest.approx(confidences[0])
    assert loaded.fitted_on == {"squad": "synthetic"}


def test_rows_without_dense_signals_use_the_lexical_model():
    rows, correct, unanswerable = _rows(2000)
    fitted = fit_calibration(rows, correct, unanswerable, about={})
    row = dict(rows[0], top_dense=None, dense_margin=None, best_similarity=None, dense_agrees=None)
    assert fitted.confidence(row) == pytest.approx(fitted.lexical.probability(row))
    assert "top_dense" not in fitted.lexical.features and "top_dense" in fitted.dense.features


def test_a_few_rows_with_dense_signals_do_not_make_a_dense_model():
    rows, correct, unanswerable = _rows(2000)
    lexical_only = [dict(r, top_dense=None, dense_margin=None, best_similarity=None, dense_agrees=None)
                    for r in rows[2:]]
    fitted = fit_calibration(rows[:2] + lexical_only, correct, unanswerable, about={})
    assert fitted.confidence(rows[0]) == pytest.approx(fitted.lexical.probability(rows[0]))
    assert "top_dense" not in fitted.dense.features


def test_threshold_maximises_refusal_f1():
    confidences = [0.1, 0.2, 0.3, 0.6, 0.7, 0.9]
    unanswerable = [True, True, False, True, False, False]
    threshold = best_threshold(confidences, unanswerable)
    f1 = refusal_scores([c < threshold for c in confidences], unanswerable)["refusal_f1"]
    for other in [0.0, 0.15, 0.25, 0.5, 0.65, 0.8, 1.0]:
        assert f1 >= refusal_scores([c < other for c in confidences], unanswerable)["refusal_f1"]


def test_near_ties_take_the_lowest_threshold_so_fewer_answers_are_withheld():
    # Below 0.6: 99 of 100 unanswerable refused, nothing else (F1 0.99497). Below 0.9: all 100 and one answerable
    # (F1 0.99502, the strict best, but it also withholds an answer). The lower threshold wins the near-tie.
    confidences = [0.3] * 99 + [0.7] + [0.6] + [0.9] * 50
    unanswerable = [True] * 100 + [False] * 51
    strict = max(sorted(set(confidences)), key=lambda t: refusal_scores([c < t for c in confidences],
                                                                         unanswerable)["refusal_f1"])
    assert strict == 0.9
    assert best_threshold(confidences, unanswerable) == 0.6


def test_ece_of_perfect_and_of_overconfident_predictions():
    assert expected_calibration_error([0.8] * 10, [True] * 8 + [False] * 2) == pytest.approx(0.0)
    assert expected_calibration_error([0.95] * 10, [True] * 5 + [False] * 5) == pytest.approx(0.45)


def test_refusal_scores():
    scores = refusal_scores([True, True, False, False], [True, False, True, False])
    assert scores == {"refusal_precision": 0.5, "refusal_recall": 0.5, "refusal_f1": 0.5}


def test_squad_normalisation_exact_match_and_f1():
    assert normalize_answer("The  Norman conquest!") == "norman conquest"
    assert exact_match("the Normans.", "Normans") == 1.0
    assert token_f1("Normans came from Normandy", "Normandy") == pytest.approx(2 * 0.25 * 1 / 1.25)
    assert token_f1("", "Normandy") == 0.0
    assert holds_answer("They came from Normandy, France. [1]", ["Normandy"])
    assert not holds_answer("They came from Normandyland.", ["Normandy"])


def test_korean_answers_match_inside_words_and_score_by_characters():
    # KorQuAD's own script: particles attach to the answer ("서울에서"), so F1 counts characters
    assert holds_answer("임종석은 학생회관 건물 계단에서 검거되었다. [1]", ["학생회관 건물 계단"])
    assert holds_answer("회의는 서울에서 열렸다.", ["서울"])
    assert not holds_answer("회의는 부산에서 열렸다.", ["서울"])
    assert exact_match("《서울》", "서울") == 1.0
    assert token_f1("서울특별시", "서울") == pytest.approx(2 * 0.4 * 1.0 / 1.4)
    assert token_f1("Seoul", "서울") == 0.0


def test_calibrations_serve_their_kind_and_language_and_fall_back_to_the_default_language(tmp_path):
    from answer import load_calibrations
    from answer.confidence import writer_kind
    from tests.conftest import make_settings

    settings = make_settings(tmp_path / "data")
    shipped = load_calibrations(settings)
    english, korean = shipped.find("extractive", "en"), shipped.find("extractive", "ko")
    assert (english.language, korean.language) == ("en", "ko")
    assert shipped.find("openai:primary", "ko") is korean and shipped.find("llamacpp", "en") is english
    assert shipped.find("extractive", "ja") is english  # no calibration of its own: the default language's
    rows, correct, unanswerable = _rows(500)
    fit_calibration(rows, correct, unanswerable, about={"generator": "openai", "language": "ko"}).save(
        tmp_path / "data" / "calibration-llm-ko.json")
    fit_calibration(rows, correct, unanswerable, about={"generator": "llamacpp"}).save(
        tmp_path / "data" / "calibration.json")  # the name earlier versions wrote still counts
    mine = load_calibrations(settings)
    assert mine.find("openai:primary", "ko").fitted_on == {"generator": "openai", "language": "ko"}
    assert mine.find("llamacpp", "en").fitted_on == {"generator": "llamacpp"}
    assert mine.find("extractive", "ko").fitted_on == korean.fitted_on
    assert mine.find("extractive", "en").fitted_on == english.fitted_on
    assert [writer_kind(g) for g in ("extractive", "openai:primary", "llamacpp", "none")] == [
        "extractive", "llm", "llm", "llm"]
