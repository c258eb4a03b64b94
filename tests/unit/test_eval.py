import json

import pytest

from core.db import session_scope
from core.errors import RagloopError
from core.tracing import Tracer
from eval import run_nightly, store
from eval.golden import export_jsonl, flag_stale, import_items, read_items, read_jsonl, review_item
from eval.metrics import retrieval_scores
from eval.mining import mine_disliked
from eval.nightly import compare
from feedback import rate, record_answer
from retrieval import Bm25Encoder, SearchQuery

INDEX_ENGINES = ("edge",)  # the vector store is not what these test (tests/conftest.py)


def write_jsonl(path, rows):
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    return path


def test_import_export_roundtrip_keeps_every_key(tmp_path, session_factory):
    source = write_jsonl(tmp_path / "in.jsonl", [
        {"question": "Which port?", "reference_answer": "7311", "reference_documents": ["kb/install.md"]},
        {"question": "Who is the CEO?", "answerable": False, "status": "candidate", "collection": "hr",
         "tags": ["people"]}])
    with session_scope(session_factory) as session:
        assert import_items(session=session, items=read_jsonl(source)) == (2, 0)
        assert import_items(session=session, items=read_jsonl(source)) == (0, 2)
        export_jsonl(session=session, path=tmp_path / "out.jsonl")
    rows = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text().splitlines()]
    assert rows[0] == {"question": "Which port?", "reference_answer": "7311", "reference_documents": ["kb/install.md"],
                       "answerable": True, "origin": "imported", "status": "approved", "collection": None,
                       "language": "en", "tags": []}
    assert (rows[1]["answerable"], rows[1]["status"], rows[1]["collection"], rows[1]["tags"]) == (
        False, "candidate", "hr", ["people"])
    reimported = write_jsonl(tmp_path / "again.jsonl", rows)
    assert [item["collection"] for item in read_jsonl(reimported)] == [None, "hr"], "a round trip keeps them"


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


def dislike(session, answers, tracer, question, reason="wrong_answer", comment=None):
    answer_id = record_answer(session=session, answer=answers.ask(question))
    rate(session=session, tracer=tracer, answer_id=answer_id, rating="down", reason=reason, comment=comment)
    return answer_id


def test_mining_merges_same_meaning_links_known_questions_and_lists_content_gaps(
        session_factory, settings, answers, pipeline, corpus, embedder):
    pipeline.run_paths([str(corpus)], collection="default")
    tracer = Tracer(settings)
    with session_scope(session_factory) as session:
        import_items(session=session, items=read_jsonl(write_jsonl(settings.data_dir.parent / "g.jsonl", [
            {"question": "Which port does the agent listen on?", "reference_answer": "7311"}])))
        first = dislike(session, answers, tracer, "How do refunds work?", comment="too vague")
        dislike(session, answers, tracer, "How do refunds work?")  # the same question again
        dislike(session, answers, tracer, "How does a refund work?")  # the same meaning, other words
        dislike(session, answers, tracer, "Which port does the agent listen on")  # already in the golden set
        dislike(session, answers, tracer, "Is there a mobile app?", reason="missing_document", comment="need it")
        liked = record_answer(session=session, answer=answers.ask("Which port?"))
        rate(session=session, tracer=tracer, answer_id=liked, rating="up")
        mined = mine_disliked(session=session, since=None, embedder=embedder, similarity=settings.mining_similarity,
                              terms=Bm25Encoder().terms, default_collection=settings.default_collection)
        assert (mined.candidates, mined.merged, mined.linked, mined.gaps) == (2, 2, 1, 1)
        again = mine_disliked(session=session, since=None, embedder=embedder, similarity=settings.mining_similarity,
                              terms=Bm25Encoder().terms, default_collection=settings.default_collection)
        assert (again.candidates, again.merged, again.linked, again.gaps) == (0, 0, 0, 0), "nothing counted twice"
        candidates = store.list_golden(session=session, status="candidate")
        assert [(i.question, i.origin, i.language) for i in candidates] == [
            ("How do refunds work?", "mined", "en"), ("Is there a mobile app?", "mined", "en")]
        refunds = candidates[0]
        assert len(refunds.feedback) == 3 and refunds.feedback[0]["answer_id"] == first
        assert refunds.feedback[0]["comment"] == "too vague" and refunds.feedback[0]["reason"] == "wrong_answer"
        known = store.find_golden(session=session, question="Which port does the agent listen on?")
        assert known.status == "approved" and len(known.feedback) == 1
        assert [(g.question, g.comment) for g in store.content_gaps(session=session)] == [
            ("Is there a mobile app?", "need it")]


def test_a_disliked_follow_up_is_mined_as_it_was_searched(session_factory, settings, answers, pipeline, corpus,
                                                          embedder):
    pipeline.run_paths([str(corpus)], collection="default")
    tracer = Tracer(settings)
    with session_scope(session_factory) as session:
        answer = answers.ask("Is there a size limit?", history=["How do I install the agent?"])
        answer_id = record_answer(session=session, answer=answer)
        rate(session=session, tracer=tracer, answer_id=answer_id, rating="down", reason="missing_document")
        mine_disliked(session=session, since=None, embedder=embedder, similarity=settings.mining_similarity,
                      terms=Bm25Encoder().terms, default_collection=settings.default_collection)
        # alone, "Is there a size limit?" says nothing of what it was about; as searched, it names the agent
        searched = answer.search_query
        assert "agent" in searched and searched != "Is there a size limit?"
        assert [i.question for i in store.list_golden(session=session, status="candidate")] == [searched]
        assert [g.question for g in store.content_gaps(session=session)] == [searched]


def test_mining_keeps_different_questions_apart_however_close_their_embeddings(session_factory, settings, answers,
                                                                               pipeline, corpus, embedder):
    pipeline.run_paths([str(corpus)], collection="default")
    tracer = Tracer(settings)
    asked = ["How much does the Pro plan cost?", "How much does the Team plan cost?", "환불은 얼마나 걸리나요?",
             "배송은 언제 오나요?", "How much does the Team plan cost"]
    with session_scope(session_factory) as session:
        for question in asked:
            dislike(session, answers, tracer, question)
        mined = mine_disliked(session=session, since=None, embedder=embedder, similarity=settings.mining_similarity,
                              terms=Bm25Encoder().terms, default_collection=settings.default_collection)
        assert (mined.candidates, mined.merged) == (4, 1), "only the retyped Team question folds into its twin"


def test_squad_and_beir_files_import_as_golden_items(tmp_path):
    squad = tmp_path / "dev.json"
    squad.write_text(json.dumps({"data": [{"title": "Rivers", "paragraphs": [{"context": "The Han flows ...", "qas": [
        {"id": "q1", "question": "Which river flows through Seoul?", "answers": [{"text": "The Han"}]},
        {"id": "q2", "question": "한강의 길이는?", "answers": [{"text": "514 km"}]},
        {"id": "q3", "question": "Who owns the river?", "answers": [], "is_impossible": True}]}]}]}))
    items = read_items(squad)
    assert [(i["question"], i["reference_answer"], i["reference_documents"], i["answerable"], i["language"])
            for i in items] == [
        ("Which river flows through Seoul?", "The Han", ["Rivers#0"], True, "en"),
        ("한강의 길이는?", "514 km", ["Rivers#0"], True, "ko"),
        ("Who owns the river?", None, [], False, "en")]
    beir = tmp_path / "beir"
    (beir / "qrels").mkdir(parents=True)
    (beir / "queries.jsonl").write_text('{"_id": "1", "text": "what lowers blood pressure"}\n'
                                        '{"_id": "2", "text": "unjudged"}\n')
    (beir / "qrels" / "test.tsv").write_text("query-id\tcorpus-id\tscore\n1\td7\t1\n1\td9\t2\n1\td3\t0\n")
    assert [(i["question"], i["reference_documents"]) for i in read_items(beir)] == [
        ("what lowers blood pressure", ["d7", "d9"])]
    (tmp_path / "corrupt.json").write_text('{"data": [{"title": "x"}]}')
    with pytest.raises(RagloopError, match="not a SQuAD-format file"):
        read_items(tmp_path / "corrupt.json")
    with pytest.raises(RagloopError, match="not a BEIR folder"):
        read_items(tmp_path)


def test_items_go_stale_when_a_reference_document_changes_or_goes_and_review_clears_it(
        session_factory, settings, pipeline, corpus):
    pipeline.run_paths([str(corpus)], collection="default")
    install, billing = str(corpus / "install.md"), str(corpus / "billing.md")
    with session_scope(session_factory) as session:
        import_items(session=session, items=[
            {"question": "Which port?", "reference_answer": "7311", "reference_documents": [install],
             "answerable": True, "origin": "imported", "status": "approved"},
            {"question": "How to pay?", "reference_answer": None, "reference_documents": [billing],
             "answerable": True, "origin": "imported", "status": "approved"},
            {"question": "Nowhere?", "reference_answer": None, "reference_documents": ["kb/never.md"],
             "answerable": True, "origin": "imported", "status": "candidate"}])
        assert flag_stale(session=session) == 1  # only the one whose document was never ingested
    (corpus / "install.md").write_text("# Installing the agent\n\nThe agent listens on port 7400 now.\n")
    pipeline.run_paths([str(corpus)], collection="default")
    pipeline.delete(document_id=next(d.id for d in pipeline_documents(session_factory) if d.source == billing))
    with session_scope(session_factory) as session:
        assert flag_stale(session=session) == 2
        stale = {i.question: i.stale_reason for i in store.list_golden(session=session) if i.stale_reason}
        assert "changed since review" in stale["Which port?"] and "not in the knowledge base" in stale["How to pay?"]
        port = store.find_golden(session=session, question="Which port?")
        review_item(session=session, item_id=port.id, action="save", reference_answer="7400")
        assert port.stale_reason is None and port.reference_answer == "7400"
        assert flag_stale(session=session) == 0
        nowhere = store.find_golden(session=session, question="Nowhere?")
        with pytest.raises(RagloopError, match="needs a reference"):
            review_item(session=session, item_id=nowhere.id, action="approve", reference_documents=[])
        assert review_item(session=session, item_id=nowhere.id, action="retire").status == "retired"


def test_a_reference_typed_from_another_folder_names_the_document_as_it_was_ingested(
        session_factory, pipeline, corpus, monkeypatch):
    pipeline.run_paths([str(corpus)], collection="default")  # ingested by its absolute path
    monkeypatch.chdir(corpus.parent)  # the golden file names it from the folder above, as a repository does
    with session_scope(session_factory) as session:
        import_items(session=session, items=[
            {"question": "Which port?", "reference_answer": "7311", "reference_documents": ["kb/install.md"],
             "answerable": True, "origin": "imported", "status": "approved"},
            {"question": "Nowhere?", "reference_answer": None, "reference_documents": ["kb/never.md"],
             "answerable": True, "origin": "imported", "status": "approved"}])
        port = store.find_golden(session=session, question="Which port?")
        assert port.reference_documents == [str(corpus / "install.md")]
        assert store.find_golden(session=session, question="Nowhere?").reference_documents == ["kb/never.md"]
        assert flag_stale(session=session) == 1, "only the one never ingested"


def pipeline_documents(session_factory):
    from ingest import store as documents

    with session_scope(session_factory) as session:
        return documents.list_documents(session=session)


def test_nightly_scores_compares_and_flags_a_regression(pipeline, corpus, session_factory, runtime, embedder,
                                                        tmp_path, index):
    pipeline.run_paths([str(corpus)], collection="default")
    source = str(corpus / "install.md")
    with session_scope(session_factory) as session:
        import_items(session=session, items=[
            {"question": "Which port does the agent listen on?", "reference_answer": "The agent listens on port 7311",
             "reference_documents": [source], "answerable": True, "origin": "imported", "status": "approved"},
            {"question": "What is the boiling point of mercury?", "reference_answer": None,
             "reference_documents": [], "answerable": False, "origin": "imported", "status": "approved"}])
    first = run_nightly(runtime, report_dir=tmp_path / "reports")
    assert first.items == 2 and first.regressions == [] and first.deltas == {}
    assert first.metrics["recall_at_k"] == 1.0 and first.metrics["refusal_correct"] == 1.0
    assert first.metrics["string_presence"] == 1.0 and first.metrics["semantic_similarity"] > 0.7
    assert first.metrics["context_recall"] == 1.0, "the install guide's text is among the retrieved chunks"
    assert 0.0 < first.metrics["context_precision"] <= 1.0
    index.delete_document(document_id=index.search(SearchQuery(dense=embedder.embed_query("port 7311").tolist()), limit=1)[0]
                          .payload["document_id"])
    second = run_nightly(runtime, report_dir=tmp_path / "reports")
    assert second.metrics["recall_at_k"] == 0.0
    assert "recall_at_k" in second.regressions and second.deltas["recall_at_k"] == -1.0
    html = (tmp_path / "reports" / f"report-run-{second.run_id}.html").read_text()
    assert "Regression: " in html and "recall_at_k" in html and "data:image/png;base64," in html
    korean = (tmp_path / "reports" / f"report-run-{second.run_id}.ko.html").read_text()
    assert '<html lang="ko">' in korean and "회귀: 게이트 지표가 0.05보다 많이 떨어졌습니다." in korean
    assert f"이전 실행 {first.run_id} 대비" in korean and "주요 수치" in korean and "Headline numbers" not in korean
    assert (tmp_path / "reports" / "latest.ko.html").read_text() == korean
    with session_scope(session_factory) as session:
        finding = next(f for f in store.get_run(session=session, run_id=second.run_id).gate
                       if f["metric"] == "recall_at_k")
        assert finding["against"] == f"previous run {first.run_id}" and finding["change"] == -1.0
        assert finding["items"] == [{"question": "Which port does the agent listen on?", "before": 1.0, "after": 0.0}]
        store.pin_run(session=session, run_id=first.run_id)
    third = run_nightly(runtime, report_dir=tmp_path / "reports")
    assert third.deltas["recall_at_k"] == 0.0, "nothing changed since the previous run"
    assert "recall_at_k" in third.regressions, "but the pinned baseline still sees the drop"


def test_the_report_breaks_the_metrics_down_per_language_and_collection(pipeline, corpus, session_factory, runtime,
                                                                       tmp_path):
    pipeline.run_paths([str(corpus)], collection="default")
    pipeline.run_paths([str(corpus)], collection="hr")
    with session_scope(session_factory) as session:
        import_items(session=session, items=[
            {"question": "Which port does the agent listen on?", "reference_answer": "7311", "reference_documents": [],
             "answerable": True, "origin": "imported", "status": "approved"},
            {"question": "에이전트는 몇 번 포트를 쓰나요?", "reference_answer": "7311", "reference_documents": [],
             "answerable": True, "origin": "imported", "status": "approved", "collection": "hr"}])
    result = run_nightly(runtime, report_dir=tmp_path / "reports")
    with session_scope(session_factory) as session:
        parts = store.get_run(session=session, run_id=result.run_id).config["breakdown"]
    assert {name: group["items"] for name, group in parts["language"].items()} == {"en": 1, "ko": 1}
    assert {name: group["items"] for name, group in parts["collection"].items()} == {"default": 1, "hr": 1}
    assert parts["language"]["en"]["string_presence"] == 1.0
    html = (tmp_path / "reports" / "latest.html").read_text()
    assert "Per language" in html and "Per collection" in html
    assert "Retrieval fusion tuning" in html and "waiting: 1 of 20 items" not in html, "no item names its documents"


def test_the_report_reads_as_text_where_an_item_names_its_documents(pipeline, corpus, session_factory, runtime,
                                                                     tmp_path):
    pipeline.run_paths([str(corpus)], collection="default")
    document = str(sorted(corpus.rglob("*.md"))[0])
    with session_scope(session_factory) as session:
        import_items(session=session, items=[
            {"question": "Which port does the agent listen on?", "reference_answer": "7311",
             "reference_documents": [document], "answerable": True, "origin": "imported", "status": "approved"}])
    run_nightly(runtime, report_dir=tmp_path / "reports")
    html = (tmp_path / "reports" / "latest.html").read_text()
    assert "waiting: 1 of 20 items" in html, "the tuning waits for more items that name their documents"
    assert "built-in method" not in html and "['" not in html, "no Python object is shown as it prints"


def test_an_empty_golden_set_claims_no_numbers(runtime, tmp_path, pipeline, corpus):
    pipeline.run_paths([str(corpus)], collection="default")
    result = run_nightly(runtime, report_dir=tmp_path / "reports")
    assert (result.status, result.items, result.metrics, result.regressions) == ("empty", 0, {}, [])
    html = (tmp_path / "reports" / "latest.html").read_text()
    assert "no approved items" in html and "Headline numbers" not in html


def failing_on(answers, question, error=RuntimeError("endpoint down")):
    """The real answer service's `ask`, except that one question raises (a judge or endpoint that fails)."""
    ask = type(answers).ask

    def failing(asked, **kwargs):
        if asked == question:
            raise error
        return ask(answers, asked, **kwargs)

    return failing


def test_failed_and_interrupted_items_make_a_partial_run_that_is_never_the_baseline(
        session_factory, runtime, answers, tmp_path, pipeline, corpus, monkeypatch):
    pipeline.run_paths([str(corpus)], collection="default")
    with session_scope(session_factory) as session:
        import_items(session=session, items=[
            {"question": q, "reference_answer": a, "reference_documents": [], "answerable": True,
             "origin": "imported", "status": "approved"}
            for q, a in [("Which port does the agent listen on?", "7311"), ("How can I pay an invoice?", "card"),
                         ("Is traffic encrypted?", "TLS 1.3")]])
    monkeypatch.setattr(answers, "ask", failing_on(answers, "How can I pay an invoice?"))
    partial = run_nightly(runtime, report_dir=tmp_path / "r")
    assert partial.status == "partial" and partial.problems == ["1 of 3 items failed and were not scored"]
    assert "string_presence" in partial.metrics
    html = (tmp_path / "r" / "latest.html").read_text()
    assert "Partial run" in html and "endpoint down" in html
    monkeypatch.setattr(answers, "ask", failing_on(answers, "Is traffic encrypted?", KeyboardInterrupt()))
    interrupted = run_nightly(runtime, report_dir=tmp_path / "r")
    assert interrupted.status == "partial" and "interrupted after 2 of 3 items" in interrupted.problems
    with session_scope(session_factory) as session:
        assert store.last_run(session=session) is None, "a partial run is not what the next one is compared with"
        assert len(store.results_for(session=session, run_id=interrupted.run_id)) == 2, "what was done is kept"


def test_every_text_of_the_report_has_its_korean():
    import re
    from pathlib import Path

    from eval.report import METRIC_LABELS
    from eval.report_korean import KOREAN

    template = (Path(__file__).parents[2] / "eval" / "templates" / "report.html.j2").read_text(encoding="utf-8")
    texts = set(re.findall(r'\bt\("((?:[^"\\]|\\.)*)"\)', template)) | set(METRIC_LABELS.values())
    texts |= {"against the previous run {id}", "against the pinned baseline {id}", "Per language", "Per collection"}
    assert len(texts) > 80, "the extraction found the template's texts"
    assert sorted(text for text in texts if text not in KOREAN) == []
    for english, korean in KOREAN.items():
        assert set(re.findall(r"{\w+}", english)) == set(re.findall(r"{\w+}", korean)), english
