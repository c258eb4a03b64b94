"""The confidence learns from the deployment: labels from golden items and ratings, a refit per collection and
language applied only when it is better on answers it was not fitted on, and the nightly report that says so."""

import math
import random
from dataclasses import replace
from types import SimpleNamespace

import pytest

from answer.confidence import Calibration, LogisticModel, fit_calibration
from core.db import session_scope
from eval import run_nightly
from eval.golden import import_items
from eval.recalibrate import (HELPFUL_WITHHELD, MIN_LABELLED, MISSING_ANSWERED, Labelled, golden_label, rating_labelled,
                              recalibrate, refit_one)

INDEX_ENGINES = ("edge",)  # the vector store is not what these test (tests/conftest.py)


def _labelled(n: int, seed: int, *, collection="default", language="en") -> list[Labelled]:
    """Answers whose chance of being right grows steeply with how much of the question the best chunk covers."""
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        coverage = rng.random()
        signals = {"top_dense": None, "chunk_coverage": coverage, "sentence_coverage": coverage,
                   "missing_terms": 1 - coverage, "evidence_count": 1.0, "support": 1.0, "answer_written": 1.0}
        origin = "golden" if i % 2 else "rating"
        right = rng.random() < 1 / (1 + math.exp(-40 * (coverage - 0.5)))
        rows.append(Labelled(f"{seed}-{i}", signals, right, collection, language, origin))
    return rows


def _constant(probability: float) -> Calibration:
    """A calibration that says the same confidence whatever the evidence (shipped for another kind of data)."""
    import math

    features = ["chunk_coverage"]
    model = LogisticModel(features, [0.0], math.log(probability / (1 - probability)), [0.0], [1.0])
    return Calibration(model, model, 0.5, {"language": "en"})


def test_a_refit_that_is_better_held_out_is_applied():
    rows = _labelled(200, seed=3)
    refit, fitted = refit_one(rows, _constant(0.9), collection="default", language="en", writer="extractive",
                              refusal_cost=2.0)
    assert refit.status == "applied" and fitted is not None
    assert refit.after["cost_per_answer"] < refit.before["cost_per_answer"]
    assert refit.after["ece"] < refit.before["ece"]
    assert refit.changed > 0, "the report says how many answers the new threshold decides differently"
    assert fitted.collection == "default" and fitted.fitted_on["held_out"] == refit.after


def test_a_refit_that_is_not_better_held_out_is_not_applied():
    truth = _labelled(6000, seed=5)
    current = fit_calibration([r.signals for r in truth], [r.correct for r in truth], about={"language": "en"})
    few = _labelled(MIN_LABELLED + 5, seed=9)
    refit, fitted = refit_one(few, current, collection="default", language="en", writer="extractive",
                              refusal_cost=2.0)
    assert (refit.status, fitted) == ("kept", None)
    assert refit.after and refit.before, "both are measured and reported"


def test_a_refit_that_would_withhold_many_answers_users_found_helpful_is_not_applied():
    rng = random.Random(5)
    rows = []
    for i, row in enumerate(_labelled(200, seed=5)):  # rightness that the coverage barely predicts
        coverage = row.signals["chunk_coverage"]
        rows.append(replace(row, correct=rng.random() < coverage ** 2))
    refit, fitted = refit_one(rows, _constant(0.9), collection="c", language="en", writer="extractive",
                              refusal_cost=2.0)
    assert fitted is None and refit.status == "kept" and refit.helpful_withheld > HELPFUL_WITHHELD


def test_a_refit_that_would_answer_refusals_users_confirmed_is_not_applied():
    rows = _labelled(200, seed=3)
    strong = dict(rows[0].signals, chunk_coverage=0.9, sentence_coverage=0.9, missing_terms=0.1)
    confirmed = [Labelled(f"refused-{i}", strong, False, "default", "en", "refusal") for i in range(30)]
    refit, fitted = refit_one(rows + confirmed, _constant(0.9), collection="default", language="en",
                              writer="extractive", refusal_cost=2.0)
    assert fitted is None and refit.status == "kept" and refit.missing_answered > MISSING_ANSWERED
    assert refit.to_dict()["missing_answered"] == refit.missing_answered, "the report shows why"


def test_a_refit_must_be_better_held_out_by_more_than_an_answer_or_two():
    from eval.recalibrate import COST_MARGIN, _better

    current = {"cost_per_answer": 0.1433, "ece": 0.0502}
    assert not _better({"cost_per_answer": 0.1367, "ece": 0.0649}, current), "0.0066 per answer is noise"
    assert _better({"cost_per_answer": 0.1433 - COST_MARGIN, "ece": 0.0649}, current)
    assert _better({"cost_per_answer": 0.1433, "ece": 0.0202}, current), "as costly, and far better calibrated"
    assert not _better({"cost_per_answer": 0.1434, "ece": 0.0102}, current), "never dearer"


def test_the_held_out_verdict_does_not_depend_on_the_answers_ids():
    import uuid

    rows = [replace(row, question=f"question {n % 150}", origin="rating" if n >= 150 else row.origin)
            for n, row in enumerate(_labelled(200, seed=3))]  # 50 questions asked twice, by other users
    renamed = [replace(row, key=f"answer-{uuid.uuid4()}") if row.origin == "rating" else row for row in rows]
    first, _ = refit_one(rows, _constant(0.9), collection="c", language="en", writer="extractive", refusal_cost=2.0)
    again, _ = refit_one(renamed, _constant(0.9), collection="c", language="en", writer="extractive",
                         refusal_cost=2.0)
    assert first.after and first.to_dict() == again.to_dict()


def test_a_thumbs_down_mined_into_the_golden_set_counts_once():
    rows = [replace(row, question=f"question {n}") for n, row in enumerate(_labelled(200, seed=3))]
    ratings_too = [replace(row, key=f"answer-{row.key}", origin="rating") for row in rows
                   if row.origin == "golden" and not row.correct]  # rated down, then mined and approved
    once, _ = refit_one(rows, _constant(0.9), collection="default", language="en", writer="extractive",
                        refusal_cost=2.0)
    with_ratings, _ = refit_one(rows + ratings_too, _constant(0.9), collection="default", language="en",
                                writer="extractive", refusal_cost=2.0)
    assert ratings_too and with_ratings.to_dict() == once.to_dict()
    unknown = [replace(row, question="") for row in ratings_too]  # a label whose question is unknown is its own
    assert refit_one(rows + unknown, _constant(0.9), collection="default", language="en", writer="extractive",
                     refusal_cost=2.0)[0].labelled == len(rows) + len(unknown)


def test_a_refusal_rated_document_missing_labels_its_evidence_as_not_enough():
    signals = {"chunk_coverage": 0.4}
    refused = SimpleNamespace(id="a1", refused=True, generation={"signals": signals}, search_query="Who won?",
                              question="Who won?", collection="default")
    missing = SimpleNamespace(rating="down", reason="missing_document")
    label = rating_labelled(refused, missing)
    assert (label.correct, label.origin, label.signals) == (False, "refusal", signals)
    assert rating_labelled(refused, SimpleNamespace(rating="down", reason="wrong_answer")) is None
    assert rating_labelled(refused, SimpleNamespace(rating="up", reason=None)) is None


def test_ratings_alone_never_refit_the_confidence():
    rows = [replace(row, origin="rating") for row in _labelled(200, seed=3)]
    refit, fitted = refit_one(rows, _constant(0.9), collection="c", language="en", writer="extractive",
                              refusal_cost=2.0)
    assert fitted is None and refit.status == "waiting" and refit.to_dict()["golden"] == 0


def test_too_few_labels_wait_and_say_how_many_there_are():
    refit, fitted = refit_one(_labelled(12, seed=1), _constant(0.9), collection="default", language="en",
                              writer="extractive", refusal_cost=2.0)
    assert (refit.status, fitted, refit.labelled) == ("waiting", None, 12)
    assert refit.to_dict()["needed"]["labelled"] == MIN_LABELLED


def test_labels_from_golden_items_and_ratings():
    answer = SimpleNamespace(draft="The agent listens on port 7311. [1]", draft_chunks=["c1"], signals={},
                             retrieved=[{"chunk_id": "c1", "document_id": "d1", "source": "kb/install.md",
                                         "text": "The agent listens on port 7311."},
                                        {"chunk_id": "c2", "document_id": "d2", "source": "kb/billing.md",
                                         "text": "Invoices are sent monthly."}])
    item = SimpleNamespace(answerable=True, reference_documents=["kb/install.md"],
                           reference_answer="port 7311")
    assert golden_label(item, answer) is True
    other = {"reference_documents": ["kb/billing.md"]}
    assert golden_label(SimpleNamespace(**item.__dict__ | other), answer) is True, "the answer holds it"
    assert golden_label(SimpleNamespace(**item.__dict__ | other | {"reference_answer": "port 8080 only"}),
                        answer) is False
    assert golden_label(SimpleNamespace(**item.__dict__ | {"reference_answer": "port 8080 only"}),
                        answer) is True, "it cites the reference document"
    assert golden_label(SimpleNamespace(**item.__dict__ | {"answerable": False}), answer) is False
    assert golden_label(SimpleNamespace(answerable=True, reference_documents=[], reference_answer=None),
                        answer) is None, "an item with nothing to compare says nothing"
    record = SimpleNamespace(id="a1", refused=False, generation={"signals": {"chunk_coverage": 1.0}},
                             search_query="Which port?", question="Which port?", collection="default")
    rated = lambda rating, reason=None: rating_labelled(record, SimpleNamespace(rating=rating, reason=reason))
    assert rated("up").correct is True and rated("down", "wrong_citation").correct is False
    assert rated("down", "outdated") is None and rated("down", "missing_document") is None
    assert rating_labelled(SimpleNamespace(**record.__dict__ | {"refused": True}),
                           SimpleNamespace(rating="up", reason=None)) is None


def test_recalibrate_writes_and_serves_a_collections_own_calibration(settings, session_factory, answers):
    rows = _labelled(120, seed=3, collection="hr")
    before = answers.calibrations.find("extractive", "en", "hr")
    refits = recalibrate(settings=settings, session_factory=session_factory, calibrations=answers.calibrations,
                         golden=rows)
    # the shipped calibration was fitted on other evidence: the refit does better on answers it was not fitted on
    assert [(r.collection, r.language, r.status) for r in refits] == [("hr", "en", "applied")]
    assert refits[0].path == str(settings.data_dir / "calibration-extractive-en-hr.json")
    assert answers.calibrations.find("extractive", "en", "hr").collection == "hr"
    assert answers.calibrations.find("extractive", "en", "default") is before, "other collections unchanged"
    from answer import load_calibrations

    assert load_calibrations(settings).find("extractive", "en", "hr").collection == "hr", "a restart keeps it"


def test_a_refit_is_not_applied_on_a_partial_run_and_is_taken_back_by_one_command(settings, session_factory,
                                                                                  answers, monkeypatch):
    from typer.testing import CliRunner

    from answer import load_calibrations
    from core.cli import _register, app

    rows = _labelled(120, seed=3, collection="hr")
    [partial] = recalibrate(settings=settings, session_factory=session_factory, calibrations=answers.calibrations,
                            golden=rows, apply=False)
    assert partial.status == "partial_run" and not list(settings.data_dir.glob("*calibration*.json"))
    [applied] = recalibrate(settings=settings, session_factory=session_factory, calibrations=answers.calibrations,
                            golden=rows)
    assert applied.status == "applied" and load_calibrations(settings).find("extractive", "en", "hr").collection
    monkeypatch.setenv("RAGLOOP_DATA_DIR", str(settings.data_dir))
    if not app.registered_commands:
        _register()
    done = CliRunner().invoke(app, ["calibrate", "--revert", "--language", "en", "--collection", "hr"])
    assert done.exit_code == 0 and "shipped calibration serves it again" in done.output, done.output
    assert load_calibrations(settings).find("extractive", "en", "hr").collection is None, "the shipped one again"
    again = CliRunner().invoke(app, ["calibrate", "--revert", "--language", "en", "--collection", "hr"])
    assert again.exit_code != 0 and "no refitted calibration" in again.output


def test_reverting_a_second_refit_brings_back_the_first(settings):
    from eval.recalibrate import revert_calibration, save_keeping_previous

    path = settings.data_dir / "calibration-extractive-en-hr.json"
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    save_keeping_previous(_constant(0.3), path)
    save_keeping_previous(_constant(0.8), path)
    assert Calibration.load(path).confidence({"chunk_coverage": 0.5}) == pytest.approx(0.8)
    revert_calibration(settings, language="en", collection="hr")
    assert Calibration.load(path).confidence({"chunk_coverage": 0.5}) == pytest.approx(0.3)


def test_the_nightly_report_shows_the_refit(pipeline, corpus, session_factory, runtime, tmp_path):
    pipeline.run_paths([str(corpus)], collection="default")
    with session_scope(session_factory) as session:
        import_items(session=session, items=[
            {"question": "Which port does the agent listen on?", "reference_answer": "port 7311",
             "reference_documents": [str(corpus / "install.md")], "answerable": True, "origin": "imported",
             "status": "approved"},
            {"question": "What is the boiling point of mercury?", "reference_answer": None,
             "reference_documents": [], "answerable": False, "origin": "imported", "status": "approved"}])
    result = run_nightly(runtime, report_dir=tmp_path / "reports")
    from eval import store

    with session_scope(session_factory) as session:
        refits = store.get_run(session=session, run_id=result.run_id).config["calibration"]
    assert [(r["collection"], r["language"], r["labelled"], r["right"], r["status"]) for r in refits] == [
        ("default", "en", 2, 1, "waiting")]
    html = (tmp_path / "reports" / "latest.html").read_text()
    assert "Confidence calibration" in html and f"waiting: 2 of {MIN_LABELLED} labelled answers" in html


@pytest.mark.parametrize("cost", [0.5, 5.0])
def test_the_refusal_cost_moves_the_threshold_of_a_refit(cost):
    rows = _labelled(300, seed=4)
    _, cheap = refit_one(rows, _constant(0.9), collection="c", language="en", writer="extractive", refusal_cost=cost)
    assert cheap.fitted_on["refusal_cost"] == cost
    assert (cheap.threshold < 0.5) if cost < 1 else (cheap.threshold > 0.5)


def test_calibrate_takes_either_a_squad_file_or_the_golden_set(tmp_path, monkeypatch):
    import json

    from typer.testing import CliRunner

    from core.cli import _register, app

    monkeypatch.setenv("RAGLOOP_DATA_DIR", str(tmp_path / "data"))
    if not app.registered_commands:
        _register()
    neither = CliRunner().invoke(app, ["calibrate", "--json"])
    assert neither.exit_code != 0 and "give either --squad FILE or --golden" in neither.output
    both = CliRunner().invoke(app, ["calibrate", "--golden", "--squad", str(tmp_path / "x.json"), "--json"])
    assert both.exit_code != 0 and "give either --squad FILE or --golden" in both.output
    nothing = CliRunner().invoke(app, ["calibrate", "--golden", "--json"])
    assert nothing.exit_code == 0, nothing.output
    assert json.loads(nothing.stdout) == {"refits": []}, "no golden items and no ratings: nothing to refit"
