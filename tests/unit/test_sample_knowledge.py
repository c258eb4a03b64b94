"""A newcomer's first questions over the sample knowledge the start command loads (the user guide, English and
Korean pages): what the guide answers is answered and cites the page that says it; what it doesn't is refused;
and every setting the guide states matches the code."""

import re
from pathlib import Path

import pytest

from core.settings import Settings

GUIDE = Path(__file__).resolve().parents[2] / "docs" / "guide"

ANSWERED = [
    ("How do I ingest a folder?", "ingesting-documents.md"),
    ("Which port does the web page use?", "getting-started.md"),
    ("Is there a Korean interface?", "getting-started.md"),  # whether there is a thing the guide names
    ("How do I rate an answer?", "feedback-and-quality.md"),
    ("What happens on the first start with ONNX?", "ingesting-documents.md"),
    ("Which file formats can ragloop read?", "ingesting-documents.md"),
    ("How do I get an API token?", "operations.md"),
    ("How do I use Postgres in production?", "operations.md"),
    ("What does the nightly job do?", "feedback-and-quality.md"),
    # in a newcomer's own words, not the guide's
    ("How can a load balancer check that the app is alive?", "operations.md"),
    ("How do I get rid of documents whose files I deleted?", "ingesting-documents.md"),
    ("How can I compute the embeddings on a graphics card?", "ingesting-documents.md"),
    # "mean" only asks: "what a question means" elsewhere led the search away from the section on confidence
    ("What does the confidence score mean?", ("asking-questions.md", "getting-started.md")),
    ("Does it work offline?", "getting-started.md"),
    ("How do I give a user access to a collection?", "ingesting-documents.md"),
    ("How big can an upload be?", "ingesting-documents.md"),
    ("파일은 몇 MB까지 올릴 수 있나요?", "ko/documents-and-feedback.md"),
    ("다른 사용자에게 컬렉션 권한을 주려면?", "ko/documents-and-feedback.md"),
    ("Is there an API?", "operations.md"), ("API가 있나요?", "ko/getting-started.md"),
    ("문서를 지우려면 어떻게 하나요?", "ko/documents-and-feedback.md"), ("사용자를 추가하려면?", "ko/operations.md"),
    ("데이터는 어디에 저장되나요?", "ko/operations.md"), ("Postgres를 쓸 수 있나요?", "ko/operations.md"),
    ("PDF 파일을 올릴 수 있나요?", "ko/documents-and-feedback.md"),
    ("웹 페이지는 몇 번 포트를 쓰나요?", "ko/getting-started.md"),
    ("답변은 어떻게 평가하나요?", "ko/documents-and-feedback.md"),
    ("영어 문서에 한국어로 물어봐도 되나요?", "ko/asking-questions.md"),
    # both pages say it: "문서에 답이 없으면 없다고 분명히 말합니다" and the section on refusals
    ("문서에 답이 없으면 어떻게 되나요?", ("ko/asking-questions.md", "ko/getting-started.md")),
    ("Can several people use it at once?", "operations.md"), ("여러 명이 동시에 쓸 수 있나요?", "ko/operations.md"),
    ("Where is the monitoring page?", "operations.md"), ("모니터링 페이지는 어디서 보나요?", "ko/operations.md"),
    ("Langfuse를 쓰려면 어떻게 하나요?", "ko/operations.md"), ("도커로 실행할 수 있나요?", "ko/operations.md"),
    ("골든 세트가 뭔가요?", "ko/documents-and-feedback.md"), ("Which embedding model is used?", "ingesting-documents.md"),
    ("Which languages does ragloop support?", "asking-questions.md"),
    ("ragloop은 어떤 언어를 지원하나요?", "ko/asking-questions.md"),
    ("파일 하나가 실패하면 어떻게 되나요?", "ko/documents-and-feedback.md"),
    ("임베딩 모델은 무엇을 쓰나요?", "ko/documents-and-feedback.md"),
    ("GPU로 임베딩을 계산할 수 있나요?", "ko/documents-and-feedback.md"),
]
REFUSED = ["What is the capital of France?", "How do I bake sourdough bread?", "Who won the 1998 World Cup?",
           "비트코인 가격은 얼마인가요?", "김치찌개는 어떻게 끓이나요?",
           "How can I reach you?",  # the guide gives no way to get in touch: its web page's address is none
           "Does ragloop support SSO?", "Does ragloop support SAML?",  # short forms it neither uses nor spells out
           "Is there a mobile app?"]  # a thing the guide never names


@pytest.fixture(scope="module")
def guide_answers(tmp_path_factory, embedder):
    from tests.conftest import knowledge_base

    with knowledge_base(tmp_path_factory.mktemp("guide"), embedder, [str(GUIDE)]) as answers:
        yield answers


@pytest.mark.parametrize("question,page", ANSWERED)
def test_what_the_guide_answers_is_answered_with_its_page_cited(guide_answers, question, page):
    answer = guide_answers.ask(question)
    assert not answer.refused, f"refused at {answer.confidence:.2f}: {answer.draft}"
    pages = (page,) if isinstance(page, str) else page  # "operations.md", not "ko/operations.md"
    assert answer.citations[0].source.endswith(tuple(f"guide/{p}" for p in pages)), [c.source for c in answer.citations]


@pytest.mark.parametrize("question", REFUSED)
def test_what_the_guide_does_not_hold_is_refused(guide_answers, question):
    answer = guide_answers.ask(question)
    assert answer.refused, f"answered at {answer.confidence:.2f}: {answer.answer}"


def _stated(value: str) -> str:
    """A default as the guide writes it, in the form `_default` gives."""
    return {"empty": "None"}.get(value, value.rstrip("0").rstrip(".") if re.fullmatch(r"[\d.]+", value) else value)


def _default(defaults: Settings, name: str) -> str:
    value = getattr(defaults, name.lower())
    if isinstance(value, float):
        return f"{value:g}"
    return "./" + str(value) if isinstance(value, Path) and not value.is_absolute() else str(value)


def test_every_setting_the_guide_states_matches_the_code():
    defaults = Settings(_env_file=None)
    stated = []
    for path in GUIDE.rglob("*.md"):
        text = path.read_text(encoding="utf-8")
        for name in re.findall(r"RAGLOOP_([A-Z_]+)", text):
            assert name.lower() in Settings.model_fields, f"{path.name} names RAGLOOP_{name}, which is no setting"
        stated += re.findall(r"RAGLOOP_([A-Z_]+)[^.]*?,? ([\w./]+) by default", text)
        stated += re.findall(r"RAGLOOP_([A-Z_]+)[^.]*?기본값은 ([\d.]+\d|\d)", text)
    for name, value in stated:
        assert _default(defaults, name) == _stated(value), f"the guide says RAGLOOP_{name} is {value} by default"
    assert len(stated) >= 4, "the guide states defaults, and they are checked"


def test_the_start_scripts_example_questions_are_guide_questions_with_real_reference_pages():
    from eval import read_items

    root = GUIDE.parents[1]
    items = read_items(root / "docs" / "guide-questions.jsonl")
    answered = {question: page for question, page in (p.values if hasattr(p, "values") else p for p in ANSWERED)}
    assert {item["language"] for item in items} == {"en", "ko"}, "examples in both interface languages"
    for item in items:
        assert item["status"] == "approved" and item["answerable"] and item["reference_answer"] is None, \
            "examples, not reviewed answers served in place of the pipeline's"
        assert item["question"] in answered, item["question"]
        for source in item["reference_documents"]:
            assert (root / source).is_file() and source.endswith(answered[item["question"]]), source
    assert "golden import docs/guide-questions.jsonl" in (root / "scripts" / "start.sh").read_text()


def test_an_answer_leads_with_the_sentence_that_holds_the_word_that_sets_the_question_apart(guide_answers):
    """"파일" (file) and "올리" (upload) are in many of the guide's sentences, "압축" (archive) in one: the answer leads
    with that one (the formats it reads, ZIP among them), not with "PDF 파일도 올릴 수 있습니다" (PDF files can be
    uploaded too), which the embedder rates closer."""
    answer = guide_answers.ask("압축 파일을 통째로 올려도 되나요?")
    assert not answer.refused
    assert "ZIP" in answer.answer.split("[")[0], answer.answer


def test_a_question_asking_how_leads_with_what_to_do(guide_answers):
    answer = guide_answers.ask("How do I add documents?")  # not "a summary counts the documents added"
    assert not answer.refused and "Open the Documents page" in answer.answer.split("[")[0], answer.answer
    rating = guide_answers.ask("How do I rate an answer?")  # the chat page's own example question
    assert "press Helpful" in rating.answer, "answered with the API alone"
    started = guide_answers.ask("How do I start it?")  # "start" is a word of "start.sh"
    assert started.answer.startswith("Run `bash scripts/start.sh`"), started.answer


@pytest.mark.parametrize("question,lead", [
    ("How do I delete a document?", "To delete a document, press Delete"),  # not how to upload one
    ("How do I re-ingest a document?", "To re-ingest a document, press Re-ingest"),
    ("문서를 다시 색인하려면?", "문서를 다시 색인하려면 다시 색인 단추를 누르세요"),  # "…하려면?" asks what to do
    # the command that does it, though the sentence restricting a collection also tells what to run
    ("다른 사용자에게 컬렉션 권한을 주려면?", "`ragloop users grant 사용자 이름`은"),
    ("백업은 어떻게 복원하나요?", "백업을 복원하려면"),
    # a price asked: what it costs, not the setting named …_COST, and in English
    ("How much does ragloop cost?", "ragloop is open-source software under the Apache License 2.0: it costs nothing"),
    ("api token", "`ragloop users token NAME` prints a new API token"), ("토큰 발급", "JSON API에 쓸 API 토큰을 발급하려면"),
    ("API 토큰은 어떻게 받나요?", "JSON API에 쓸 API 토큰을 발급하려면"),
])
def test_a_question_asking_how_leads_with_the_sentence_that_tells_it(guide_answers, question, lead):
    answer = guide_answers.ask(question)
    assert answer.answer.startswith(lead), answer.answer


@pytest.mark.parametrize("question,page,language", [
    # the Korean page may score a little above the English one that says the same (its short chunk holds
    # "License"): answered from it, the answer was Korean for an English question, or held its Korean translation
    ("What license is ragloop under?", "getting-started.md", "en"),
    ("Is ragloop free?", "getting-started.md", "en"),
    ("ragloop은 무료인가요?", "ko/getting-started.md", "ko"),
])
def test_the_guide_answers_in_the_language_it_is_asked_in(guide_answers, question, page, language):
    """The guide says most things in English and in Korean: a question is answered from the page in its own language,
    in that language only (the other page's translation of the lead is no further sentence)."""
    from answer.sentences import split_sentences
    from retrieval import language_of

    answer = guide_answers.ask(question)
    assert not answer.refused, f"refused at {answer.confidence:.2f}: {answer.draft}"
    assert answer.citations[0].source.endswith("guide/" + page), [c.source for c in answer.citations]
    written = [language_of(sentence) for sentence in split_sentences(re.sub(r"\[\d+\]", "", answer.answer))]
    assert set(written) - {""} == {language}, answer.answer


def test_a_follow_up_the_borrowed_words_lead_astray_is_answered_as_asked(guide_answers):
    """A newcomer's conversation: the earlier question's words find the list of formats again, which says nothing of
    deleting; asked as it is, the follow-up finds how to delete a document (`AnswerService._prepare`)."""
    answer = guide_answers.ask("And how do I delete one?", history=["Which file formats can ragloop read?"])
    assert not answer.refused, f"refused at {answer.confidence:.2f}: {answer.draft}"
    assert "To delete a document" in answer.answer and answer.search_query == "And how do I delete one?"


@pytest.mark.parametrize("question, said, not_said", [
    # every page names ragloop: the sentences naming nothing else followed the one saying it is free
    ("ragloop은 무료인가요?", "무료로 쓸 수 있습니다", "비밀번호"),
    # the Korean page says it as an instruction, and the English one was found first
    ("How do I change the port?", "--port PORT", "포트"),
])
def test_the_guide_answers_with_what_answers_and_nothing_beside_it(guide_answers, question, said, not_said):
    answer = guide_answers.ask(question)
    assert not answer.refused and said in answer.answer and not_said not in answer.answer, answer.answer
