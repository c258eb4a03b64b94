import json

import pytest

from core.db import session_scope
from core.errors import RagloopError
from core.tracing import Tracer
from eval import store
from retrieval import SearchQuery
from eval.golden import export_jsonl, import_items, read_jsonl
from eval.metrics import retrieval_scores
from eval.mining import mine_disliked
from eval.nightly import compare, run_nightly
from feedback import rate, record_answer


def write_jsonl(path, rows):
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    return path


def test_import_export_roundtrip_keeps_every_key(tmp_path, session_factory):
    source = write_jsonl(tmp_path / "in.jsonl", [
        {"question": "Which port?", "reference_answer": "7311", "reference_documents": ["kb/install.md"]},
        {"question": "Who is the CEO?", "answerable": False, "status": "candidate"}])
    with session_scope(session_factory) as session:
        assert import_items(session=session, items=read_jsonl(source)) == (2, 0)
        assert import_items(session=session, items=read_jsonl(source)) == (0, 2)
        export_jsonl(session=session, path=tmp_path / "out.jsonl")
    rows = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text().splitlines()]
    assert rows[0] == {"question": "Which port?", "reference_answer": "7311", "reference_documents": ["kb/install.md"],
                       "answerable": True, "origin": "imported", "status": "approved"}
    assert (rows[1]["answerable"], rows[1]["status"]) == (False, "candidate")


def test_a_bad_line_imports_nothing(tmp_path):
    source = tmp_path / "bad.jsonl"
    source.write_text('{"question": "ok?"}\n{"question": ""}\n')
    with pytest.raises(RagloopError, match="line 2"):
        read_jsonl(source)


def test_retrieval_scores_match_by_document_id_or_source():
    retrieved = [{"document_id": "d1", "source": "kb/a.md"}, {"document_id": "d2", "source": "kb/b.md"}]
    assert retrieval_scores(["kb/b.md"], retrieved, k=5) == {"recall_at_k": 1.0, "mrr": 0.5}
    assert retrieval_scores(["d1", "kb/zzz.md"], retrieved, k=5) == {"recall_at_k": 0.5, "mrr": 1.0}
    assert retrieval_scores(["kb/b.md"], retrieved, k=1) == {"recall_at_k": 0.0, "mrr": 0.0}


def test_gate_flags_only_gated_metrics_that_drop_beyond_the_margin():
    deltas, regressions = compare({"rouge_l": 0.5, "mrr": 0.78, "string_presence": 0.1},
                                  {"rouge_l": 0.6, "mrr": 0.8, "string_presence": 0.9},
                                  gated=["rouge_l", "mrr"], margin=0.05)
    assert deltas == {"rouge_l": -0.1, "mrr": -0.02, "string_presence": -0.8}
    assert regressions == ["rouge_l"]
    assert compare({"rouge_l": 0.5}, None, gated=["rouge_l"], margin=0.05) == ({}, [])


def test_mining_adds_each_disliked_question_once(session_factory, settings, answers, pipeline, corpus):
    pipeline.run_paths([str(corpus)], collection="default")
    tracer = Tracer(settings)
    with session_scope(session_factory) as session:
        for _ in range(2):  # the same question disliked twice
            answer_id = record_answer(session=session, answer=answers.ask("How do refunds work?"))
            rate(session=session, tracer=tracer, answer_id=answer_id, rating="down", reason="wrong_answer")
        liked = record_answer(session=session, answer=answers.ask("Which port?"))
        rate(session=session, tracer=tracer, answer_id=liked, rating="up")
        assert mine_disliked(session=session, since=None) == 1
        assert mine_disliked(session=session, since=None) == 0
        items = store.list_golden(session=session)
        assert [(i.question, i.origin, i.status) for i in items] == [("How do refunds work?", "mined", "candidate")]


def test_nightly_scores_compares_and_flags_a_regression(pipeline, corpus, session_factory, settings, answers,
                                                        embedder, tmp_path, index):
    pipeline.run_paths([str(corpus)], collection="default")
    source = str(corpus / "install.md")
    with session_scope(session_factory) as session:
        import_items(session=session, items=[
            {"question": "Which port does the agent listen on?", "reference_answer": "The agent listens on port 7311",
             "reference_documents": [source], "answerable": True, "origin": "imported", "status": "approved"},
            {"question": "What is the boiling point of mercury?", "reference_answer": None,
             "reference_documents": [], "answerable": False, "origin": "imported", "status": "approved"}])
    first = run_nightly(settings=settings, session_factory=session_factory, answers=answers, embedder=embedder,
                        report_dir=tmp_path / "reports")
    assert first.items == 2 and first.regressions == [] and first.deltas == {}
    assert first.metrics["recall_at_k"] == 1.0 and first.metrics["refusal_correct"] == 1.0
    assert first.metrics["string_presence"] == 1.0 and first.metrics["semantic_similarity"] > 0.7
    index.delete_document(document_id=index.search(SearchQuery(dense=embedder.embed_query("port 7311").tolist()), limit=1)[0]
                          .payload["document_id"])
    second = run_nightly(settings=settings, session_factory=session_factory, answers=answers, embedder=embedder,
                         report_dir=tmp_path / "reports")
    assert second.metrics["recall_at_k"] == 0.0
    assert "recall_at_k" in second.regressions and second.deltas["recall_at_k"] == -1.0
    html = (tmp_path / "reports" / f"report-run-{second.run_id}.html").read_text()
    assert "Regression: " in html and "recall_at_k" in html and "data:image/png;base64," in html
