"""`ragloop bench loop`: a season on a small SQuAD-format file, measured on the same questions before and after."""

import json

import pytest

from eval.loop_bench import run_loop


@pytest.fixture(params=["edge"])
def index(request, tmp_path, embedder):
    """One vector store is enough here: the season is the same on both."""
    from retrieval.edge import EdgeIndex

    idx = EdgeIndex(tmp_path / "qdrant", dimension=embedder.dimension)
    yield idx
    idx.close()


def squad_file(path):
    def qa(n, question, answer):
        return {"id": str(n), "question": question, "answers": [{"text": answer, "answer_start": 0}]}

    path.write_text(json.dumps({"data": [
        {"title": "Agent", "paragraphs": [{"context": "The agent listens on port 7311. It runs on Linux and Windows.",
                                           "qas": [qa(1, "Which port does the agent listen on?", "7311"),
                                                   qa(2, "Which systems does the agent run on?", "Linux and Windows"),
                                                   qa(3, "What number is the agent's port?", "7311")]}]},
        {"title": "Billing", "paragraphs": [{"context": "Invoices are sent on the first day of every month. "
                                                        "Refunds take five business days.",
                                             "qas": [qa(4, "When are invoices sent?", "the first day of every month"),
                                                     qa(5, "Who approves a refund?", "the billing team"),
                                                     qa(6, "How long do refunds take?", "five business days")]}]}]}),
        encoding="utf-8")
    return path


def test_a_season_serves_what_the_stand_in_agents_reviewed_to_the_same_questions(runtime, tmp_path):
    result = run_loop(runtime, squad=squad_file(tmp_path / "squad.json"), unindexed_share=0.0,
                      report_dir=tmp_path / "reports")
    assert set(result) == {"before", "after", "served_verified", "applied"}
    assert set(result["before"]) == set(result["after"]) == {"answered_rate", "withheld_share", "f1", "ndcg@10",
                                                             "refusal_recall_unindexed", "wrong_answer_share",
                                                             "decision_cost"}
    approved = int(result["applied"][0].split(", ")[1].split()[0])
    assert approved >= 1, "'Who approves a refund?' is not in the paragraph: rated down, mined, approved"
    assert result["served_verified"] == 2 * approved, "each reviewed question, asked again or retyped, gets it"
    assert result["after"]["f1"] > result["before"]["f1"]
    assert result["after"]["decision_cost"] < result["before"]["decision_cost"], "the reviewed answers are right"


def test_questions_about_left_out_articles_are_played_and_their_refusals_measured(runtime, tmp_path):
    result = run_loop(runtime, squad=squad_file(tmp_path / "squad.json"), unindexed_share=0.5,
                      report_dir=tmp_path / "reports")
    for side in ("before", "after"):
        assert 0.0 <= result[side]["refusal_recall_unindexed"] <= 1.0, "half the articles are not in the index"


def test_a_retyped_question_is_the_same_question_typed_by_someone_else():
    from eval.datasets import Question
    from eval.loop_bench import retyped

    again = retyped(Question("7", "What is the port of the agent?", answers=["7311"], relevant={"Agent#0": 1}))
    assert again.text == "what  is the port of the agent" and again.answers == ["7311"] and again.id == "7-retyped"
