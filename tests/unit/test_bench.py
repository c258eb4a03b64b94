"""Benchmark plumbing: dataset readers, ranking metrics, and the bench commands on a tiny corpus."""

import json
import math
from pathlib import Path

import pytest

from eval.bench import mrr_at, ndcg_at, percentile, ranked_documents, recall_at
from eval.datasets import load_beir, load_squad
from retrieval.index import Hit


def test_ranking_metrics_on_known_cases():
    relevant = {"d2": 1, "d4": 2}
    ranking = ["d1", "d2", "d3", "d4"]
    expected = (1 / math.log2(3) + 2 / math.log2(5)) / (2 / math.log2(2) + 1 / math.log2(3))
    assert ndcg_at(ranking, relevant, 10) == pytest.approx(expected)
    assert ndcg_at(["d4", "d2"], relevant, 10) == pytest.approx(1.0)
    assert recall_at(ranking, relevant, 2) == 0.5 and recall_at(ranking, relevant, 10) == 1.0
    assert mrr_at(ranking, relevant, 10) == 0.5 and mrr_at(ranking, relevant, 1) == 0.0
    assert percentile([1.0, 2.0, 3.0, 4.0], 50) == pytest.approx(2.5)


def test_chunks_collapse_into_documents_by_best_chunk():
    hits = [Hit("c1", 0.9, {"source": "b"}), Hit("c2", 0.8, {"source": "a"}), Hit("c3", 0.7, {"source": "b"})]
    assert ranked_documents(hits) == ["b", "a"]


@pytest.fixture
def beir_dir(tmp_path):
    folder = tmp_path / "tiny"
    (folder / "qrels").mkdir(parents=True)
    docs = [{"_id": "p1", "title": "Ports", "text": "The agent listens on port 7311."},
            {"_id": "p2", "title": "Billing", "text": "Invoices are sent monthly by e-mail."},
            {"_id": "p3", "title": "Security", "text": "Passwords are hashed with argon2."}]
    (folder / "corpus.jsonl").write_text("\n".join(json.dumps(d) for d in docs))
    queries = [{"_id": "q1", "text": "which port does the agent use"}, {"_id": "q2", "text": "how are passwords stored"},
               {"_id": "q3", "text": "not judged"}]
    (folder / "queries.jsonl").write_text("\n".join(json.dumps(q) for q in queries))
    (folder / "qrels" / "test.tsv").write_text("query-id\tcorpus-id\tscore\nq1\tp1\t1\nq2\tp3\t1\nq2\tp2\t0\n")
    return folder


def test_beir_reader_keeps_judged_queries_and_positive_judgments(beir_dir):
    dataset = load_beir(beir_dir)
    assert [(q.id, q.relevant) for q in dataset.questions] == [("q1", {"p1": 1}), ("q2", {"p3": 1})]
    assert [s.name for s in dataset.sources] == ["p1", "p2", "p3"]
    assert dataset.sources[0].load().title == "Ports"


def test_squad_reader_turns_paragraphs_into_documents(tmp_path):
    path = tmp_path / "mini.json"
    path.write_text(json.dumps({"data": [{"title": "서울", "paragraphs": [
        {"context": "서울은 대한민국의 수도이다.", "qas": [
            {"id": "a", "question": "대한민국의 수도는?", "answers": [{"text": "서울", "answer_start": 0}]},
            {"id": "b", "question": "일본의 수도는?", "answers": [], "is_impossible": True}]}]}]}))
    dataset = load_squad(path)
    assert [s.name for s in dataset.sources] == ["서울#0"]
    assert [(q.id, q.relevant, q.answers) for q in dataset.questions] == [("a", {"서울#0": 1}, ["서울"]),
                                                                        ("b", {}, [])]


def test_bench_commands_on_a_tiny_corpus(beir_dir, tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from core.cli import _register, app

    monkeypatch.setenv("RAGLOOP_DATA_DIR", str(tmp_path / "data"))
    if not app.registered_commands:
        _register()
    retrieval = CliRunner().invoke(app, ["bench", "retrieval", "--beir", str(beir_dir), "--json"])
    assert retrieval.exit_code == 0, retrieval.output
    result = json.loads(retrieval.stdout)
    assert set(result) == {"ndcg@10", "recall@5", "recall@10", "recall@100", "mrr@10", "latency_ms_p50", "latency_ms_p95",
                           "queries"}
    assert result["queries"] == 2 and result["recall@10"] == 1.0 and result["mrr@10"] == 1.0
    ingest = CliRunner().invoke(app, ["bench", "ingest", "--beir", str(beir_dir), "--json"])
    assert ingest.exit_code == 0, ingest.output
    figures = json.loads(ingest.stdout)
    assert set(figures) == {"chunks", "chunks_per_s", "ratio_to_bare_encode", "ratio_to_llamaindex", "rerun_share"}
    assert figures["chunks"] == 3 and figures["chunks_per_s"] > 0 and 0 < figures["rerun_share"] < 1
    neither = CliRunner().invoke(app, ["bench", "retrieval", "--json"])
    assert neither.exit_code == 2 and "exactly one of --beir DIR or --squad FILE" in neither.output


def test_bench_compares_modes_in_one_run(beir_dir, tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from core.cli import _register, app

    monkeypatch.setenv("RAGLOOP_DATA_DIR", str(tmp_path / "data"))
    if not app.registered_commands:
        _register()
    run = CliRunner().invoke(app, ["bench", "retrieval", "--beir", str(beir_dir), "--modes", "dense,sparse", "--json"])
    assert run.exit_code == 0, run.output
    result = json.loads(run.stdout)
    assert set(result["modes"]) == {"dense", "sparse"} and result["modes"]["sparse"]["queries"] == 2
    # "which port does the agent use": the stemmed terms "port" and "agent" find p1 by BM25 alone
    assert result["modes"]["sparse"]["mrr@10"] >= 0.5


def test_scale_bench_builds_a_synthetic_store_and_times_queries(tmp_path, settings, embedder):
    from eval.scale_bench import run_scale_bench

    written = []
    result = run_scale_bench(settings, embedder=embedder, chunks=3000, queries=10, on_progress=written.append)
    assert sum(written) == 3000 and result["chunks"] == 3000 and result["queries"] == 10
    assert 0 < result["latency_ms_p50"] <= result["latency_ms_p95"]


def _squad_file(path, articles):
    """A SQuAD-format file: one paragraph per article, each with its (question, answer) pairs."""
    data = [{"title": title, "paragraphs": [{"context": context, "qas": [
        {"id": f"{title}-{i}", "question": q, "answers": [{"text": a, "answer_start": context.find(a)}]}
        for i, (q, a) in enumerate(qas)]}]} for title, context, qas in articles]
    path.write_text(json.dumps({"data": data}, ensure_ascii=False), encoding="utf-8")
    return path


KOREAN_ARTICLES = [
    ("환불", "환불은 결제일로부터 7일 이내에 신청해야 합니다. 환불 금액은 카드사로 돌려드립니다.",
     [("환불은 언제까지 신청해야 하나요?", "7일"), ("환불 금액은 어디로 돌려주나요?", "카드사")]),
    ("설치", "에이전트는 리눅스와 윈도우에서 실행됩니다. 에이전트는 7311번 포트에서 요청을 받습니다.",
     [("에이전트는 몇 번 포트를 쓰나요?", "7311번"), ("에이전트는 어떤 운영체제에서 실행되나요?", "리눅스와 윈도우")]),
    ("보안", "모든 통신은 TLS 1.3으로 암호화됩니다. 비밀번호는 argon2로 해시됩니다.",
     [("비밀번호는 무엇으로 해시되나요?", "argon2"), ("통신은 무엇으로 암호화되나요?", "TLS 1.3")]),
    ("청구", "청구서는 매월 첫째 날 이메일로 발송됩니다. 청구서는 30일 이내에 결제해야 합니다.",
     [("청구서는 언제 발송되나요?", "매월 첫째 날"), ("청구서는 며칠 안에 결제해야 하나요?", "30일")]),
]


def test_leaving_articles_out_of_the_index_makes_their_questions_unanswerable(tmp_path):
    from core.errors import RagloopError
    from eval.datasets import leave_out_articles

    dataset = load_squad(_squad_file(tmp_path / "ko.json", KOREAN_ARTICLES))
    half = leave_out_articles(dataset, 0.5)  # every second article, so both halves cover the file
    assert [s.name for s in half.sources] == ["환불#0", "보안#0"]
    assert [q.answerable for q in half.questions] == [True, True, False, False, True, True, False, False]
    assert [q.article for q in half.questions][::2] == ["환불", "설치", "보안", "청구"]
    assert leave_out_articles(dataset, 0.0) == dataset
    with pytest.raises(RagloopError, match="share of articles"):
        leave_out_articles(dataset, 1.0)


def test_leaving_paragraphs_out_asks_on_topic_questions_the_index_does_not_answer(tmp_path):
    from core.errors import RagloopError
    from eval.datasets import leave_out_paragraphs

    # one article of four paragraphs and one of a single paragraph, which is never emptied
    data = {"data": [{"title": "Lighthouse", "paragraphs": [
        {"context": f"Paragraph {n} of the lighthouse, lit in 18{50 + n}.",
         "qas": [{"id": f"l{n}", "question": f"When was part {n} lit?",
                  "answers": [{"text": f"18{50 + n}", "answer_start": 0}]}]} for n in range(4)]},
        {"title": "Harbour", "paragraphs": [{"context": "The harbour opened in 1901.", "qas": [
            {"id": "h0", "question": "When did the harbour open?", "answers": [{"text": "1901", "answer_start": 0}]},
            {"id": "h1", "question": "Is there a ferry?", "answers": [], "is_impossible": True}]}]}]}
    path = tmp_path / "squad.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    dataset = load_squad(path)
    half = leave_out_paragraphs(dataset, 0.5)
    assert [s.name for s in half.sources] == ["Lighthouse#0", "Lighthouse#2", "Harbour#0"]
    left_out = {q.id for q in half.questions if q.paragraph_left_out}
    assert left_out == {"l1", "l3"}
    assert all(not q.answerable and not q.unindexed for q in half.questions if q.id in left_out)
    # the others are as they were: answerable, and SQuAD 2.0's own unanswerable question is not one left out
    assert [q.answerable for q in half.questions if q.id not in left_out] == [True, True, True, False]
    assert leave_out_paragraphs(dataset, 0.0) == dataset
    with pytest.raises(RagloopError, match="share of paragraphs"):
        leave_out_paragraphs(dataset, 1.0)


def test_calibrate_fits_for_the_language_of_the_questions_and_bench_qa_then_uses_it(tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from core.cli import _register, app

    monkeypatch.setenv("RAGLOOP_DATA_DIR", str(tmp_path / "data"))
    if not app.registered_commands:
        _register()
    squad = _squad_file(tmp_path / "ko.json", KOREAN_ARTICLES)
    fitted = CliRunner().invoke(app, ["calibrate", "--squad", str(squad), "--unindexed-share", "0.5", "--json"])
    assert fitted.exit_code == 0, fitted.output
    summary = json.loads(fitted.stdout)
    assert summary["language"] == "ko" and summary["path"] == str(tmp_path / "data" / "calibration-extractive-ko.json")
    assert summary["in_sample"]["questions"] == summary["held_out"]["questions"] == 8
    # the Korean answers hold their answers (inside words: "7일 이내에"), so some count as correct (with none, or all,
    # there would be no AUROC), and the confidence ranks them above the rest
    assert summary["in_sample"]["auroc"] > 0.5
    outcomes = tmp_path / "outcomes.jsonl"
    bench = CliRunner().invoke(app, ["bench", "qa", "--squad", str(squad), "--unindexed-share", "0.5", "--json",
                                     "--outcomes", str(outcomes)])
    assert bench.exit_code == 0, bench.output
    figures = json.loads(bench.stdout)
    rows = [json.loads(line) for line in outcomes.read_text().splitlines()]
    assert len(rows) == 8 and sum(r["unindexed"] for r in rows) == 4
    assert sum(not r["refused"] for r in rows if r["answerable"] and not r["unindexed"]) / 4 == figures["answered_rate"]
    assert all("sentence_coverage" in r["signals"] and 0.0 <= r["confidence"] <= 1.0 for r in rows)
    # the same questions, answered with the calibration just fitted for Korean: the same refusals and ECE
    assert {k: figures[k] for k in ("refusal_f1", "ece")} == {k: summary["in_sample"][k] for k in ("refusal_f1", "ece")}
    assert {"answered_rate", "withheld_share", "refusal_recall_unindexed", "refusal_recall_same_topic",
            "auroc"} <= set(figures)
    assert figures["refusal_recall_same_topic"] is None  # KorQuAD has no unanswerable question of its own
    assert 0.0 <= figures["refusal_recall_unindexed"] <= 1.0 and 0.0 <= figures["answered_rate"] <= 1.0


def test_qa_scores_count_what_a_user_meets():
    from eval.datasets import Question
    from eval.qa_bench import Outcome, qa_scores

    def outcome(answerable, unindexed, draft, refused, confidence):
        question = Question("q", "Which port?", ["7311"], {"kb#0": 1} if answerable else {}, "kb",
                            unindexed=unindexed)
        return Outcome(question, draft, refused, confidence, [draft], {}, 10.0)

    outcomes = [outcome(True, False, "Port 7311. [1]", False, 0.9),  # right, answered
                outcome(True, False, "Port 7311. [1]", True, 0.4),  # right, withheld
                outcome(True, False, "Port 80. [1]", False, 0.6),  # wrong, answered
                outcome(True, False, "Port 80. [1]", True, 0.2),  # wrong, refused
                outcome(False, True, "Port 80. [1]", True, 0.1),  # about a left-out article, refused
                outcome(False, True, "Port 80. [1]", False, 0.7),  # about a left-out article, answered
                outcome(False, False, "Port 80. [1]", False, 0.8)]  # same-topic unanswerable, answered
    figures = qa_scores(outcomes)
    assert figures["refusal_recall_left_out_paragraphs"] is None  # no paragraph was left out
    assert figures["answered_rate"] == 0.5  # 2 of the 4 answerable
    assert figures["withheld_share"] == 0.5  # 1 of the 2 right drafts
    assert figures["refusal_recall_unindexed"] == 0.5 and figures["refusal_recall_same_topic"] == 0.0
    # measured on the questions users meet (the same-topic one left out): right answers at 0.9 and 0.4 against
    # the others at 0.6, 0.2, 0.1 and 0.7, 6 of 8 pairs ordered well
    assert figures["auroc"] == pytest.approx(0.75)
    # of the 3 answers given to those 6 questions, the wrong port and the left-out article's are wrong; the policy's
    # cost: the withheld right answer (1) and the two wrong ones (2 each), per question
    assert figures["wrong_answer_share"] == pytest.approx(2 / 3, abs=1e-4)
    assert figures["decision_cost"] == pytest.approx(5 / 6, abs=1e-4)
    assert qa_scores(outcomes, refusal_cost=1.0)["decision_cost"] == pytest.approx(3 / 6)


def test_a_question_whose_paragraph_was_left_out_is_one_a_user_meets_not_a_same_topic_one():
    from eval.datasets import Question
    from eval.qa_bench import Outcome, qa_scores

    def outcome(answerable, refused, confidence, *, paragraph_left_out=False):
        question = Question("q", "Which port?", ["7311"], {"kb#0": 1} if answerable else {}, "kb",
                            paragraph_left_out=paragraph_left_out)
        draft = "Port 7311. [1]" if answerable else "Port 80. [1]"
        return Outcome(question, draft, refused, confidence, [draft], {}, 10.0)

    figures = qa_scores([outcome(True, False, 0.9),
                         outcome(False, True, 0.2, paragraph_left_out=True),
                         outcome(False, False, 0.8, paragraph_left_out=True)])
    assert figures["refusal_recall_left_out_paragraphs"] == 0.5 and figures["refusal_recall_same_topic"] is None
    # the answered one is a wrong answer given: half the questions left out cost the refusal cost (2) each
    assert figures["wrong_answer_share"] == 0.5
    assert figures["decision_cost"] == pytest.approx(2 / 3, abs=1e-4)


def test_ece_is_measured_as_the_confidence_is_fitted_whatever_share_of_articles_is_left_out():
    from eval.datasets import Question
    from eval.qa_bench import Outcome, qa_scores

    def asked(answerable: bool, draft: str) -> Outcome:
        question = Question("q", "Which port?", ["7311"], {"kb#0": 1} if answerable else {}, "kb",
                            unindexed=not answerable)
        return Outcome(question, draft, False, 0.5, [draft], {}, 10.0)

    # half the questions a user meets are answered right, at a confidence of one half: calibrated, as fitted
    # (indexed and left-out articles weigh half each), however many left-out questions a run happens to hold
    for left_out in (2, 6):
        figures = qa_scores([asked(True, "Port 7311. [1]")] * 2 + [asked(False, "Port 80. [1]")] * left_out)
        assert figures["ece"] == pytest.approx(0.0)
        assert figures["ece_unweighted"] == pytest.approx(0.0 if left_out == 2 else 0.25)


def test_the_cross_language_set_reads_as_beir_with_every_question_judged(tmp_path):
    from eval.crosslingual import write_beir
    from eval.datasets import load_beir

    folder = write_beir(tmp_path / "xl")
    both, korean = load_beir(folder), load_beir(folder, qrels=folder / "qrels" / "ko-en.tsv")
    assert len([q for q in both.questions if q.relevant]) == 48
    judged = [q for q in korean.questions if q.relevant]
    assert len(judged) == 24 and all(doc.startswith("en-") for q in judged for doc in q.relevant)


def test_the_cross_language_knowledge_bases_ask_each_language_in_the_other(tmp_path):
    from eval.crosslingual import write_kbs
    from eval.kb_bench import load_questions
    from retrieval import language_of

    folder = write_kbs(tmp_path / "xlkb")
    for pages, asked in (("en-pages", "ko"), ("ko-pages", "en")):
        docs = folder / pages / "docs"
        questions = load_questions(folder / pages / "questions.jsonl")
        answerable = [q for q in questions if q.answerable]
        assert len(answerable) == 24 and len(questions) == 36
        assert all((docs / q.file).is_file() for q in answerable) and len(list(docs.iterdir())) == 12
        assert {language_of(q.text) for q in questions} == {asked}
        assert {language_of(path.read_text(encoding="utf-8")) for path in docs.iterdir()} == {pages[:2]}


def test_the_cross_language_command_writes_where_it_is_told_and_help_writes_nothing(tmp_path, monkeypatch):
    from eval.crosslingual import main

    monkeypatch.chdir(tmp_path)
    with pytest.raises(SystemExit):
        main(["--help"])
    assert list(tmp_path.iterdir()) == [], "--help is no folder's name"
    assert main(["kbs", "kb"]) == Path("kb") and (tmp_path / "kb" / "en-pages" / "questions.jsonl").is_file()
    assert main(["beir"]) == Path("beir") and (tmp_path / "beir" / "queries.jsonl").is_file()


def test_korean_pages_join_an_articles_paragraphs_and_the_reference_bm25_ranks_them(tmp_path, monkeypatch):
    from eval import korean_pages
    from eval.datasets import load_beir

    monkeypatch.setattr(korean_pages, "PAGE_CHARS", 60)

    def paragraph(context: str, *questions: tuple[str, str]) -> dict:
        return {"context": context, "qas": [{"id": i, "question": q, "answers": []} for i, q in questions]}

    squad = tmp_path / "ko.json"
    squad.write_text(json.dumps({"data": [
        {"title": "김치", "paragraphs": [
            paragraph("김치는 배추와 무를 소금에 절인 뒤 고춧가루, 마늘, 젓갈로 양념해 발효시킨 한국의 음식이다.",
                      ("q1", "김치를 양념할 때 넣는 것은?")),
            paragraph("김장은 겨울을 나기 위해 늦가을에 많은 양의 김치를 한꺼번에 담그는 일이다.",
                      ("q2", "김장은 언제 하나요?")),
            paragraph("김치냉장고는 발효 속도를 늦춰 김치를 오래 보관하게 해 준다.", ("q3", "김치냉장고는 무엇을 늦추나요?"))]},
        {"title": "한강", "paragraphs": [
            paragraph("한강은 서울을 가로질러 서해로 흐르는 강으로, 강을 건너는 다리가 서른 개가 넘는다.",
                      ("q4", "서울을 가로질러 흐르는 강은?"))]}]}, ensure_ascii=False), encoding="utf-8")
    folder = korean_pages.write(squad, tmp_path / "pages")
    dataset = load_beir(folder)
    assert len(dataset.sources) == 3, "the first two paragraphs make a page of 60 characters or more"
    relevant = {q.id: next(iter(q.relevant)) for q in dataset.questions}
    assert relevant == {"q1": "김치 p.1", "q2": "김치 p.1", "q3": "김치 p.2", "q4": "한강 p.1"}
    figures = korean_pages.reference(folder)
    assert figures["queries"] == 4 and figures["pages"] == 3
    assert figures["recall@10"] == 1.0 and figures["ndcg@10"] > 0.8


def test_the_small_knowledge_base_sets_have_every_answer_in_its_file(tmp_path):
    from eval.kb_bench import _holds, load_questions
    from eval.smallkb import write
    from ingest.loaders import load_file

    write(tmp_path)
    written = [tmp_path / name for name in ("product-en", "handbook-en", "service-ko", "library-ko", "coworking-en")]
    kept = sorted(path for path in (Path(__file__).parents[2] / "eval" / "knowledge_bases").iterdir() if path.is_dir())
    assert [path.name for path in kept] == ["bank-ko", "bikeshare-en", "clinic-ko", "dorm-ko", "gym-en", "hotel-en",
                                            "pharmacy-en", "pool-ko", "selfhosted-en", "ward-ko"]
    for folder in written + kept:
        questions = load_questions(folder / "questions.jsonl")
        assert len(questions) == 30 and sum(q.answerable for q in questions) >= 20
        for question in questions:
            assert (question.file is None) == (not question.answerable)
            if question.file:
                # as the page reads once loaded: an HTML page's text, a Word file's paragraphs and tables
                loaded = load_file(folder / "docs" / question.file, max_bytes=10_000_000)
                page = "\n".join(section.text for section in loaded.sections)
                assert _holds(page, question.answer), (folder.name, question.text)
    guide = Path(__file__).parents[2] / "docs" / "guide"
    for question in load_questions(Path(__file__).parents[2] / "eval" / "guide-questions.jsonl"):
        assert (question.file is None) == (not question.answerable)
        if question.file:
            assert _holds((guide / question.file).read_text(encoding="utf-8"), question.answer), question.text


def test_bench_kb_answers_from_the_right_file_refuses_the_rest_and_lists_the_misses(tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from core.cli import _register, app

    docs = tmp_path / "docs"
    (docs / "billing").mkdir(parents=True)
    (docs / "billing" / "plans.md").write_text("# Plans\n\nThe Team plan costs 12 dollars per user per month. "
                                               "Annual billing saves two months.\n", encoding="utf-8")
    (docs / "sign-in.md").write_text("# Signing in\n\nPassword reset links are valid for 30 minutes. Single "
                                     "sign-on works with SAML identity providers.\n", encoding="utf-8")
    questions = tmp_path / "questions.jsonl"
    questions.write_text("\n".join(json.dumps(row) for row in [
        {"question": "How much does the Team plan cost?", "answerable": True, "file": "billing/plans.md",
         "answer": "12 dollars", "kind": "same-words"},
        {"question": "How long is a password reset link valid?", "answerable": True, "file": "billing/plans.md",
         "answer": "30 minutes", "kind": "same-words"},  # labelled with the wrong file: a miss
        {"question": "What does the Team plan cost per user and year?", "answerable": True,
         "file": "billing/plans.md", "answer": "120 dollars", "kind": "terse"},  # the pages never say it: a miss
        {"question": "Who won the 1998 World Cup?", "answerable": False, "file": None, "kind": "off-topic"},
    ]) + "\n", encoding="utf-8")
    monkeypatch.setenv("RAGLOOP_DATA_DIR", str(tmp_path / "data"))
    if not app.registered_commands:
        _register()

    run = CliRunner().invoke(app, ["bench", "kb", "--docs", str(docs), "--questions", str(questions), "--json"])

    assert run.exit_code == 0, run.output
    result = json.loads(run.stdout)
    assert (result["answered_rate"], result["cited_rate"], result["refusal_recall"]) == (1.0, 0.667, 1.0)
    assert result["held_rate"] == 0.667  # answered from the right page, without the words that answer it
    assert result["led_rate"] == 0.667  # and both answers that hold it open with it
    assert [(m["question"], m["held"]) for m in result["misses"]] == [
        ("How long is a password reset link valid?", True), ("What does the Team plan cost per user and year?", False)]
    assert result["misses"][0]["cited"] == ["sign-in.md"]
    assert result["per_kind"]["off-topic"]["refusal_recall"] == 1.0
    assert not (tmp_path / "data").exists(), "the benchmark runs on a store of its own"
    assert result["refused_answer_shown"] is None  # none refused
    # every question refused: the nearest sources of each answerable one show the words that answer it
    monkeypatch.setenv("RAGLOOP_REFUSAL_THRESHOLD", "1.0")
    refusing = json.loads(CliRunner().invoke(app, ["bench", "kb", "--docs", str(docs), "--questions",
                                                   str(questions), "--json"]).stdout)
    assert refusing["answered_rate"] == 0.0 and refusing["refused_answer_shown"] == pytest.approx(0.667)
    assert [m.get("answer_in_sources") for m in refusing["misses"]] == [True, True, False]
    monkeypatch.delenv("RAGLOOP_REFUSAL_THRESHOLD")
    bad = CliRunner(env={"COLUMNS": "400"}).invoke(app, ["bench", "kb", "--docs", str(tmp_path / "none"),
                                                         "--questions", str(questions)])
    assert bad.exit_code == 2 and "is not a folder" in bad.output


def test_an_answer_leads_when_its_first_sentence_holds_the_words_that_answer():
    from eval.kb_bench import KbOutcome, KbQuestion

    question = KbQuestion("How long is a reset link valid?", True, "sign-in.md", "same-words", "30 minutes")
    second = KbOutcome(question, False, 0.9, ["sign-in.md"], [], "Links are sent by email. [1] They are valid for "
                                                                  "30 minutes. [1]")
    first = KbOutcome(question, False, 0.9, ["sign-in.md"], [], "Links are valid for 30 minutes. [1] They are sent "
                                                                 "by email. [1]")
    assert (second.held, second.led) == (True, False) and (first.held, first.led) == (True, True)


def test_an_answer_opening_with_a_list_leads_with_the_whole_list():
    from eval.kb_bench import KbOutcome, KbQuestion, lead

    steps = "1. Sign in. [1]\n2. Open Account > Cancel. [1]\n3. Confirm. [1]\n\nRefunds take 5 days. [2]"
    assert lead(steps) == "1. Sign in. [1]\n2. Open Account > Cancel. [1]\n3. Confirm. [1]"
    introduced = "If sync stops: [1]\n- Sign out. [1]\n- Sign in again. [1]\nMore text. [2]"
    assert lead(introduced) == "If sync stops: [1]\n- Sign out. [1]\n- Sign in again. [1]"
    # a sentence on a line of its own before the steps leads into them, however it ends
    led_in = "If the branch is closed, use the Key Drop. [1]\n1. Park. [1]\n2. Post the keys. [1]\n\nMore. [2]"
    assert lead(led_in) == "If the branch is closed, use the Key Drop. [1]\n1. Park. [1]\n2. Post the keys. [1]"
    assert lead("Links are sent by email. [1] They expire. [1]") == "Links are sent by email. "
    assert lead("Can I pay later? [1] Yes, by invoice. [1] Other. [2]") == "Can I pay later?  Yes, by invoice. "
    question = KbQuestion("How do I cancel?", True, "account.md", "how-to", "Account > Cancel")
    assert KbOutcome(question, False, 0.9, ["account.md"], [], steps).led
    assert not KbOutcome(question, False, 0.9, ["account.md"], [], "Refunds take 5 days. [2] Open Account > Cancel. "
                                                                    "[1]").led
