import numpy as np
import pytest

from answer import REFUSAL_TEXT
from answer.extractive import ExtractiveGenerator, SentenceVectors
from answer.sentences import split_sentences
from core.errors import RagloopError

INDEX_ENGINES = ("edge",)  # the vector store is not what these test (tests/conftest.py)


def test_sentences_split_in_english_and_korean_and_skip_headings():
    text = "# Title here\n\nThe agent runs on Linux. It reports every minute!\n환불은 5일 이내에 처리됩니다. 카드 결제도 가능합니다 정말로."
    assert split_sentences(text) == ["The agent runs on Linux.", "It reports every minute!",
                                     "환불은 5일 이내에 처리됩니다.", "카드 결제도 가능합니다 정말로."]


def test_a_quoted_question_or_an_abbreviation_inside_a_sentence_does_not_end_it():
    text = ('If you forgot yours, click "Forgot password?" on the sign-in page; the link is valid for 30 minutes. '
            "Attach files, e.g. a PDF or an image. Then press \"Save?\" Nothing else is asked. ragloop keeps a hash.")
    assert split_sentences(text) == [
        'If you forgot yours, click "Forgot password?" on the sign-in page; the link is valid for 30 minutes.',
        "Attach files, e.g. a PDF or an image.", "Then press \"Save?\"", "Nothing else is asked.",
        "ragloop keeps a hash."]


def test_the_stop_of_pm_before_a_time_zone_does_not_end_the_sentence_nor_its_answer():
    from answer.citations import _split

    text = ("Phone lines are open 8:00 a.m.–8:00 p.m. ET, Saturday 9:00 a.m.–5:00 p.m. ET. We close at 10 p.m. "
            "If late, ring.")
    assert split_sentences(text) == ["Phone lines are open 8:00 a.m.–8:00 p.m. ET, Saturday 9:00 a.m.–5:00 p.m. ET.",
                                     "We close at 10 p.m.", "If late, ring."]
    row = "Channel: Phone hours; Details: Monday–Friday 8:00 a.m.–8:00 p.m. ET, Saturday 9:00 a.m.–5:00 p.m. ET [1]"
    assert [sentence for sentence, _, _ in _split(row)] == [row.removesuffix(" [1]")], "the answer's row stays one"


def test_a_sentence_goes_on_past_an_abbreviations_stop_and_its_answer_keeps_the_whole_time():
    from answer.citations import _split

    text = ("Updates install between 2:00 a.m. and 4:00 a.m. local time. Phone: Monday to Friday, 7:00 a.m. to 7:00 "
            "p.m. Pacific Time. Ask Dr. Kim at St. Mary's clinic, Rm. 4, approx. 5 minutes away. Bring ID, forms, "
            "etc. and your card. Write to P.O. Box 12 in the U.S. and wait. We close at 5 p.m. Call us tomorrow.")
    assert split_sentences(text) == [
        "Updates install between 2:00 a.m. and 4:00 a.m. local time.",
        "Phone: Monday to Friday, 7:00 a.m. to 7:00 p.m. Pacific Time.",
        "Ask Dr. Kim at St. Mary's clinic, Rm. 4, approx. 5 minutes away.",
        "Bring ID, forms, etc. and your card.", "Write to P.O. Box 12 in the U.S. and wait.",
        "We close at 5 p.m.", "Call us tomorrow."]
    answer = "Results are posted by 5:00 p.m. on the day of the inspection. [1] Fees are due on Fri. 9 May. [2]"
    assert [sentence for sentence, _, _ in _split(answer)] == [
        "Results are posted by 5:00 p.m. on the day of the inspection.", "Fees are due on Fri. 9 May."]


def test_a_stop_inside_brackets_that_close_later_does_not_end_the_sentence():
    text = ("It scores the answers with RAGAS metrics (recall, ROUGE, similarity. With a judge, faithfulness too) and "
            "compares them. A smiley :( never closes. Then this one stands alone.\n"
            "지표(재현율, 의미 유사도. 판단 LLM을 정하면 충실성도)로 점수를 매깁니다. Paris (France) is big. Lyon is not.")
    assert split_sentences(text) == [
        "It scores the answers with RAGAS metrics (recall, ROUGE, similarity. With a judge, faithfulness too) and "
        "compares them.", "A smiley :( never closes.", "Then this one stands alone.",
        "지표(재현율, 의미 유사도. 판단 LLM을 정하면 충실성도)로 점수를 매깁니다.", "Paris (France) is big.", "Lyon is not."]


def test_a_footnotes_number_after_the_stop_belongs_to_the_sentence_it_ends():
    text = ("The lighthouse was first lit in 1858.[2] Its lamp can be seen far out.[3][14] The keeper retired in "
            "1960. See [3] for the keepers. 등대는 1858년에 처음 켜졌습니다.[2] 지금은 박물관입니다. 입장료는 받지 않습니다.[4]")
    assert split_sentences(text) == ["The lighthouse was first lit in 1858.[2]", "Its lamp can be seen far out.[3][14]",
                                     "The keeper retired in 1960.", "See [3] for the keepers.",
                                     "등대는 1858년에 처음 켜졌습니다.[2]", "지금은 박물관입니다.", "입장료는 받지 않습니다.[4]"]


def test_a_date_written_with_stops_is_no_run_of_sentences():
    from answer.citations import _split

    text = "수강철회 기간은 2025. 3. 24.(월) ~ 3. 28.(금)입니다. 그 뒤에는 철회할 수 없습니다. It was 1850. 12 came."
    assert split_sentences(text) == ["수강철회 기간은 2025. 3. 24.(월) ~ 3. 28.(금)입니다.", "그 뒤에는 철회할 수 없습니다.",
                                     "It was 1850.", "12 came."]
    # the citation check reads an answer's sentences alike: the row's dates were cut off as a sentence of no words
    assert [sentence for sentence, *_ in _split("구분: 수강철회; 기간: 3. 24.(월) ~ 3. 28.(금) [2] 끝입니다. [1]")] == [
        "구분: 수강철회; 기간: 3. 24.(월) ~ 3. 28.(금)", "끝입니다."]


def test_a_pages_own_bracketed_number_is_quoted_but_code_keeps_its_brackets(embedder):
    from answer.citations import CitationChecker
    from answer.sentences import WORD_JOINER, quoted
    from retrieval import Hit

    written = quoted("Read `items[1]` first.[2] See [3].") + " [1]"
    assert written == f"Read `items[1]` first.[{WORD_JOINER}2] See [{WORD_JOINER}3]. [1]"
    hit = Hit("c1", 1.0, {"text": "Read `items[1]` first.[2] See [3]."})
    checked = CitationChecker(terms=str.split, embedder=embedder).verify(written, [hit], policy="keep")
    assert checked.invalid_markers == 0 and checked.text.startswith("Read `items[1]` first."), checked.text
    from web.render import answer_html

    html = str(answer_html(checked.text, "a1", [{"n": 1, "document_id": "d", "chunk_id": "c1"}]))
    assert "<code>items[1]</code>" in html and html.count('class="cite"') == 1
    spans = CitationChecker(terms=str.split, embedder=embedder).verify(
        "Use `arr[0] + arr[1]` or `foo. bar[1]` to add them. [1]", [hit], policy="keep")
    assert spans.text.startswith("Use `arr[0] + arr[1]` or `foo. bar[1]` to add them.") and spans.invalid_markers == 0
    assert len(spans.sentences) == 1
    opening = CitationChecker(terms=str.split, embedder=embedder).verify(
        "It is an API. [1] `POST /api/ask` answers a question. [1]", [hit], policy="keep")
    assert [s.text for s in opening.sentences] == ["It is an API.", "`POST /api/ask` answers a question."]
    fenced = str(answer_html("```python\nx = arr[1]\n```\n", "a1", [{"n": 1, "document_id": "d", "chunk_id": "c1"}]))
    assert 'class="cite"' not in fenced and "arr[1]" in fenced


def test_a_short_sentence_or_a_labelled_value_is_kept_and_a_title_is_not():
    text = ("## 연체\n\n5일 늦게 반납하면 5일 동안 빌릴 수 없습니다. 연체료는 받지 않습니다.\n\n- **전화**: 1544-0000\n"
            "- 일요일·공휴일: 휴진\n- Sunday: closed\n\nQuick start\nOur plans:\n")
    assert split_sentences(text) == ["5일 늦게 반납하면 5일 동안 빌릴 수 없습니다.", "연체료는 받지 않습니다.",
                                     "전화: 1544-0000", "일요일·공휴일: 휴진", "Sunday: closed"]


def test_a_letterheads_line_of_parts_is_no_sentence_and_runs_into_none():
    text = ("Bramble Eats Help Centre | Version 2.3 | March 2025\nBramble Eats couriers deliver by bicycle, scooter "
            "and car.\n\n주식회사 뽀송라이프 | 2024년 9월 개정판 | 고객센터 1588-4827 (24시간)\n\n"
            "Meadow E3 and Harbor C2 | Larkspur Cycles Ltd.\nIn the app, go to Account | Privacy and tap Export.")
    assert split_sentences(text) == ["Bramble Eats couriers deliver by bicycle, scooter and car.",
                                     "In the app, go to Account | Privacy and tap Export."]



def test_an_faqs_q_and_a_marks_are_not_quoted():
    text = "Q: Does the Halo work with Alexa?\nA: The Halo works with Amazon Alexa.\n\n질문: 주차가 되나요?\n답변: 네, 됩니다."
    assert split_sentences(text) == ["Does the Halo work with Alexa?", "The Halo works with Amazon Alexa.",
                                     "주차가 되나요?", "네, 됩니다."]


def test_a_sentence_wrapped_over_lines_stays_one_sentence_and_blocks_stay_apart():
    text = ("# Accounts\n\nSign up with your email address. Quillbase sends a verification link that must be opened\n"
            "within 48 hours; unverified accounts are deleted after that.\n\nOur plans\n"
            "- **Team**: USD 12 per user and month,\n  billed monthly or yearly.\n- **Free**: up to three notebooks.\n"
            "| plan | price in dollars |\n| Team | 12 per month |\n"
            "모든 요금제는 월 단위로 결제하며,\n표시된 가격에는 부가가치세와 배송비가 포함되어 있습니다.")
    assert split_sentences(text) == [
        "Sign up with your email address.",
        "Quillbase sends a verification link that must be opened within 48 hours; unverified accounts are deleted "
        "after that.",
        "Team: USD 12 per user and month, billed monthly or yearly.",
        "Free: up to three notebooks.",
        "plan | price in dollars",
        "Team | 12 per month",
        "모든 요금제는 월 단위로 결제하며, 표시된 가격에는 부가가치세와 배송비가 포함되어 있습니다.",
    ]


def test_answer_cites_the_chunk_that_holds_the_fact(pipeline, corpus, answers):
    pipeline.run_paths([str(corpus)], collection="default")
    answer = answers.ask("Which port does the agent listen on?")
    assert not answer.refused
    assert "7311" in answer.answer
    assert 0.5 < answer.confidence <= 1.0
    numbers = {int(n) for n in __import__("re").findall(r"\[(\d+)\]", answer.answer)}
    assert numbers == {c.n for c in answer.citations}
    cited = {c.n: c for c in answer.citations}
    marker = answer.answer.index("7311")
    n = int(answer.answer[answer.answer.index("[", marker) + 1])
    assert cited[n].source.endswith("install.md") and cited[n].title == "Installing the agent"


def test_unrelated_question_is_refused_with_nearest_sources(pipeline, corpus, answers):
    pipeline.run_paths([str(corpus)], collection="default")
    answer = answers.ask("What is the boiling point of mercury?")
    assert answer.refused and answer.answer == REFUSAL_TEXT
    assert answer.confidence < answers.refusal_threshold
    assert answer.citations, "a refusal names the nearest sources"


def test_empty_collection_is_a_clear_error(answers):
    with pytest.raises(RagloopError, match="holds no documents"):
        answers.ask("How do refunds work?")


def test_answer_does_not_repeat_the_same_sentence(pipeline, corpus, answers, tmp_path):
    (corpus / "billing-copy.md").write_text((corpus / "billing.md").read_text())
    pipeline.run_paths([str(corpus)], collection="default")
    answer = answers.ask("How can I pay an invoice?")
    sentences = [s.strip() for s in __import__("re").split(r"\[\d+\]", answer.answer) if s.strip()]
    assert len(sentences) == len(set(sentences))


@pytest.mark.parametrize("question", ["", "   ", "x" * 5000])
def test_bad_questions_raise(answers, question):
    with pytest.raises(RagloopError):
        answers.ask(question)


def test_snippet_is_plain_text_with_the_opening_and_the_cited_sentence():
    from answer.sentences import quoted
    from answer.service import SNIPPET_CHARS, snippet

    text = "# Title\n\n" + " ".join(f"w{i}" for i in range(150)) + " The key fact. " + " ".join(
        f"t{i}" for i in range(150))
    window = snippet(text, "The key fact.")
    assert window.startswith("Title w0 w1") and window.endswith(" … The key fact. …")
    assert len(window) <= SNIPPET_CHARS + 2
    assert snippet(text, "w3 w4") == snippet(text) and snippet(text).startswith("Title w0")  # in the opening
    long_sentence = "The key fact " + " ".join(f"k{i}" for i in range(60)) + "."
    centred = snippet(text.replace("The key fact.", long_sentence), long_sentence)
    assert long_sentence in centred and centred.startswith("… ")  # too long to leave room for the opening
    assert snippet("# Short\n\ntext") == "Short text"
    assert snippet("- **Resident**: a fixed desk, 320 euros.") == "- Resident: a fixed desk, 320 euros."
    footnoted = text.replace("The key fact.", "The key fact.[2]")  # the answer quotes it with a word joiner
    assert snippet(footnoted, quoted("The key fact.[2]")).endswith(" … The key fact.[2] …")
    table = "Rooms below.\n\n| Room | Price |\n|---|---|\n| Single | €129 |\n| Double | €159 |"
    assert snippet(table) == "Rooms below. Room: Single; Price: €129 · Room: Double; Price: €159"


def test_a_refusal_lists_the_nearest_sources_in_the_questions_language_first():
    from answer.service import nearest_sources
    from retrieval import Hit

    texts = ["The web page listens on port 8000 by default.", "웹 페이지는 기본으로 8000번 포트에서 열립니다.",
             "화면 위쪽에서 언어를 바꿀 수 있습니다.", "Switch the language at the top of the page."]
    hits = [Hit(f"c{n}", 1.0 - n / 10, {"text": text, "source": f"page-{n}.md"}) for n, text in enumerate(texts)]
    listed = [c.source for c in nearest_sources(hits, [], language="en")]
    assert listed == ["page-0.md", "page-3.md", "page-1.md"]  # the English pages first, each in the search's order
    assert [c.n for c in nearest_sources(hits, [], language="en")] == [1, 2, 3]
    assert [c.source for c in nearest_sources(hits, [], language="ko")] == ["page-1.md", "page-2.md", "page-0.md"]
    assert [c.source for c in nearest_sources(hits, [])] == ["page-0.md", "page-1.md", "page-2.md"]


def test_a_refusal_lists_its_nearest_sources_at_the_sentence_closest_to_an_answer(tmp_path, embedder):
    from answer.service import snippet
    from core.runtime import runtime
    from tests.conftest import make_settings

    page = tmp_path / "docs" / "membership.md"
    page.parent.mkdir()
    page.write_text(
        "# Memberships and prices\n\nMemberships run month to month. You can pause a Resident membership for up to "
        "two months a year; the desk is kept for you at half price while it is paused. To leave, give notice in the "
        "app before the 20th of the month; the membership then ends on the last day of that month. Students with a "
        "valid student card get 20 percent off Flex.\n", encoding="utf-8")
    # every answer refused, as one in one's own words can be: the person still reads the answer in the source
    with runtime(make_settings(tmp_path / "data", refusal_threshold=1.0), embedder=embedder) as built:
        built.pipeline.run_paths([str(page.parent)], collection="default")
        answer = built.answers.ask("I'm a student. Is there a cheaper option for me?")
    assert answer.refused and answer.answer == REFUSAL_TEXT
    assert "20 percent off Flex" in answer.citations[0].snippet
    assert "20 percent off Flex" not in snippet(page.read_text())  # the chunk's opening would not show it


def test_a_sentence_quoting_the_question_is_not_an_answer():
    from answer.extractive import quotes_question
    from retrieval import Bm25Encoder

    terms = Bm25Encoder().terms
    quoting = 'Try a question such as "How do I ingest a folder?" on the page.'
    assert quotes_question(quoting, terms(quoting), terms("How do I ingest a folder?"))
    plain = "Run ragloop ingest with a folder."
    assert not quotes_question(plain, terms(plain), terms("How do I ingest a folder?"))


def test_korean_and_english_in_one_collection_without_a_setting_change(pipeline, corpus, answers):
    (corpus / "refund-ko.md").write_text("# 환불\n\n환불은 결제일로부터 7일 이내에 신청해야 합니다. "
                                         "환불 금액은 카드사로 돌려드립니다.", encoding="utf-8")
    pipeline.run_paths([str(corpus)], collection="default")
    korean = answers.ask("환불은 언제까지 신청해야 하나요?")
    assert not korean.refused and "7일" in korean.answer
    assert korean.citations[0].source.endswith("refund-ko.md")
    english = answers.ask("Which port does the agent listen on?")
    assert not english.refused and "7311" in english.answer
    assert answers.ask("서울의 인구는 얼마인가요?").refused
    # each question is scored by the calibration of its own language
    ko, en = answers.calibrations.find("extractive", "ko"), answers.calibrations.find("extractive", "en")
    assert (ko.language, en.language) == ("ko", "en")
    assert korean.confidence == pytest.approx(ko.confidence(korean.signals))
    assert english.confidence == pytest.approx(en.confidence(english.signals))


def test_an_extractive_answer_leads_with_the_sentence_that_answers_and_leaves_off_topic_ones_out(
        pipeline, corpus, answers):
    pipeline.run_paths([str(corpus)], collection="default")
    answer = answers.ask("How can I pay an invoice?")
    assert answer.answer.startswith("You can pay an invoice by credit card or by bank transfer within 30 days.")
    assert "Refunds" not in answer.answer and "first day of every month" not in answer.answer


class CountingEmbedder:
    """The real embedder, counting the texts it is asked to embed."""

    def __init__(self, embedder):
        self.inner, self.embedded = embedder, []
        self.dimension = embedder.dimension

    def embed_documents(self, texts):
        self.embedded += texts
        return self.inner.embed_documents(texts)


def test_a_sentence_is_embedded_once_across_questions_and_the_oldest_are_forgotten(embedder):
    counting = CountingEmbedder(embedder)
    vectors = SentenceVectors(counting, size=3)
    first = vectors.of(["Refunds take five days.", "The port is 7311.", "Refunds take five days."])
    again = vectors.of(["The port is 7311.", "Invoices go out monthly."])
    assert counting.embedded == ["Refunds take five days.", "The port is 7311.", "Invoices go out monthly."]
    assert np.allclose(first[0], first[2]) and np.allclose(again[0], first[1])
    assert np.allclose(again[1], embedder.embed_documents(["Invoices go out monthly."])[0], atol=1e-5)
    vectors.of(["Backups run nightly."])  # a fourth sentence: the least recently used one is forgotten
    vectors.of(["Refunds take five days."])
    assert counting.embedded[-2:] == ["Backups run nightly.", "Refunds take five days."]
    assert vectors.of([]).shape == (0, embedder.dimension)


def test_a_question_word_few_candidate_sentences_hold_weighs_more_in_choosing_among_them():
    from answer.extractive import coverage, distinguishing_weights

    asked = ["powerpoint", "file", "upload"]
    candidates = [["pdf", "file", "upload"], ["markdown", "powerpoint", "file"], ["file", "size"],
                  ["upload", "file", "page"]]
    weights = distinguishing_weights(asked, candidates)
    assert weights["powerpoint"] > weights["upload"] > weights["file"] == 1.0
    assert coverage(asked, candidates[0]) == coverage(asked, candidates[1])  # two of three terms each
    assert coverage(asked, candidates[1], weights) > coverage(asked, candidates[0], weights)
    assert coverage(asked, ["powerpoint", "file", "upload"], weights) == 1.0 and coverage([], ["x"], weights) == 0.0


@pytest.mark.parametrize("text, chosen, written", [
    # a sentence opening by referring back comes after the sentence it refers to
    ("Run `bash scripts/start.sh` from a fresh clone. It creates a virtual environment and installs every package.",
     ["It creates a virtual environment and installs every package."],
     "Run `bash scripts/start.sh` from a fresh clone. It creates a virtual environment and installs every package. [1]"),
    ("새로 받은 저장소에서 `bash scripts/start.sh`를 실행하세요. 이 스크립트는 필요한 패키지를 모두 설치합니다.",
     ["이 스크립트는 필요한 패키지를 모두 설치합니다."],
     "새로 받은 저장소에서 `bash scripts/start.sh`를 실행하세요. 이 스크립트는 필요한 패키지를 모두 설치합니다. [1]"),
    # not when the sentence stands on its own ("이용자는" is not "이 …"), nor when the answer holds the one before
    ("Invoices are sent on the first day of every month. Refunds are processed within five business days.",
     ["Refunds are processed within five business days."], "Refunds are processed within five business days. [1]"),
    ("도서관은 아홉 시에 엽니다. 이용자는 누구나 책을 세 권까지 빌릴 수 있습니다.",
     ["이용자는 누구나 책을 세 권까지 빌릴 수 있습니다."], "이용자는 누구나 책을 세 권까지 빌릴 수 있습니다. [1]"),
    # a chain of sentences referring back: after the sentence it starts from
    ("Run `start.sh` from a fresh clone. It creates a virtual environment. It also loads the guide.",
     ["It also loads the guide."], "Run `start.sh` from a fresh clone. It also loads the guide. [1]"),
    ("Run `start.sh` from a fresh clone. It creates a virtual environment. It also loads the guide.",
     ["It creates a virtual environment.", "It also loads the guide."],
     "Run `start.sh` from a fresh clone. It creates a virtual environment. [1] It also loads the guide. [1]"),
    # "This" refers to what the sentence before it says; a chain from the first sentence starts there
    ("Set PORT and save. It then restarts the server. This drops every open connection.",
     ["This drops every open connection."], "It then restarts the server. This drops every open connection. [1]"),
    ("This guide explains the backup tool. It runs every night. It keeps archives for 14 days.",
     ["It keeps archives for 14 days."], "This guide explains the backup tool. It keeps archives for 14 days. [1]"),
    ("Run `bash scripts/start.sh` from a fresh clone. It creates a virtual environment and installs every package.",
     ["Run `bash scripts/start.sh` from a fresh clone.", "It creates a virtual environment and installs every package."],
     "Run `bash scripts/start.sh` from a fresh clone. [1] It creates a virtual environment and installs every package. [1]"),
])
def test_a_sentence_referring_back_is_written_after_the_one_it_refers_to(text, chosen, written):
    from answer.extractive import Evidence, ExtractiveGenerator
    from retrieval import Hit

    hit = Hit("c1", 1.0, {"text": text, "source": "guide.md"})
    evidence = [Evidence(sentence, hit, 1.0, None, 1.0) for sentence in chosen]
    draft = ExtractiveGenerator(embedder=None, terms=str.split).generate("?", [hit], evidence=evidence)
    assert draft.text == written


def test_a_commands_options_keep_their_dashes_and_a_lists_marker_goes():
    from answer.sentences import split_sentences

    text = ("Flags:\n  -v, --verbose     Print every file.\n  --dry-run   Change nothing at all.\n"
            "- An item of a list here.")
    assert split_sentences(text) == ["-v, --verbose     Print every file.", "--dry-run   Change nothing at all.",
                                     "An item of a list here."]


def test_asked_how_the_steps_under_a_numbered_section_title_naming_the_task_answer(tmp_path, embedder):
    # the plain text's numbered titles were no headings: they were written as steps of their own ("1. 설치 희망일 변경
    # 방법", "5. 배송 조회"), with the delivery types after them
    page = ("배송·설치 안내\n\n1. 배송 유형\n- 일반 택배 배송: 소형가전. 보통 출고 후 1~2일 내 도착합니다.\n"
            "- 누리 직배송: TV, 냉장고, 세탁기 등 대형가전. 결제 후 3~7일 이내에서 희망일을 지정할 수 있습니다.\n\n"
            "2. 배송비\n- 일반 택배: 3,000원 (5만 원 이상 무료)\n- 누리 직배송: 무료\n\n"
            "3. 설치 희망일 변경 방법\n1) 앱 또는 홈페이지에서 [마이페이지 > 배송조회]로 이동합니다.\n"
            "2) 해당 주문의 [설치일 변경] 버튼을 누릅니다.\n3) 달력에서 새 희망일과 시간대를 선택합니다.\n"
            "설치일 변경은 기존 설치 예정일 2일 전까지만 온라인으로 가능합니다.\n\n"
            "4. 배송 조회\n- 택배 송장번호는 출고 당일 문자로 발송됩니다.\n")
    answer = _ask_of_page(tmp_path, embedder, "배송-설치-안내.txt", page, "설치 희망일을 변경하려면 어떻게 하나요?")
    assert not answer.refused and answer.answer.startswith("1. 앱 또는 홈페이지에서"), (answer.confidence, answer.answer)
    assert "[설치일 변경] 버튼" in answer.answer and "배송 조회 [" not in answer.answer, answer.answer


def test_a_label_in_brackets_opens_the_list_under_it():
    from answer.sentences import item_openings, lists_in

    text = ("[지역별 가구 직배송비]\n- 수도권(서울·경기·인천): 39,000원\n- 충청권·강원권: 49,000원\n\n"
            "[1] 각주처럼 쓴 줄\n- 하나\n- 둘\n")
    assert [found.opening for found in lists_in(text)] == ["[지역별 가구 직배송비]", None]  # not a page's "[1]"
    # the region's row says what it is the price of
    assert item_openings(text)["수도권(서울·경기·인천): 39,000원"] == "[지역별 가구 직배송비]"


def test_the_steps_of_a_numbered_list_are_found_around_any_of_them():
    from answer.sentences import list_around

    text = ("Before you start, check the form.\n\n1. Open the **Rooms** page.\n2. Pick a room and a time.\n\n"
            "3. Press Reserve; the room is held\n   for ten minutes.\n\nRooms can be booked a week ahead.")
    steps = ["Open the Rooms page.", "Pick a room and a time.", "Press Reserve; the room is held for ten minutes."]
    found = list_around(text, "Pick a room and a time.")
    assert found.steps == steps and found.numbered
    assert found.opening is None  # no colon: not the list's opening
    assert list_around(text, "Rooms can be booked a week ahead.") is None
    assert list_around("1. Only one step here.\n\nA sentence after it.", "Only one step here.") is None
    introduced = "It syncs by itself. If a note does not show up:\n\n1. Sign out.\n2. Sign in again.\n"
    assert list_around(introduced, "If a note does not show up:").steps == ["Sign out.", "Sign in again."]
    hours = "Opening hours at both clubs:\n- Weekdays: 6:00 to 22:00\n- Sundays: closed\n1. Not this list."
    around = list_around(hours, "Opening hours at both clubs:")
    assert around.steps == ["Weekdays: 6:00 to 22:00", "Sundays: closed"] and not around.numbered


def test_a_plain_texts_indented_list_is_a_list_and_a_short_item_is_kept():
    from answer.sentences import lists_in, steps_at_start

    text = ("  환불 신청 방법\n    1) 앱에서 환불할 카드를 고릅니다.\n    2) [잔액 환불 신청]을 누릅니다.\n\n"
            "  다음에 해당하는 분은 수수료를 내지 않습니다.\n\n  1. 기초생활 수급자\n  2. 한부모가족 지원 대상자\n"
            "  3. 국가유공자와 그 유족\n")
    refund, free = lists_in(text)
    assert refund.steps == ["앱에서 환불할 카드를 고릅니다.", "[잔액 환불 신청]을 누릅니다."], "the marker \"1)\" goes"
    assert free.steps == ["기초생활 수급자", "한부모가족 지원 대상자", "국가유공자와 그 유족"], "no item left out"
    # a chunk opens without its first line's indent: the items after it go on numbering the same list
    chunk = "2) [잔액 환불 신청]을 누릅니다.\n    3) 계좌를 입력하고 본인 인증을 합니다.\n    4) 3~5일 안에 입금됩니다."
    assert len(lists_in(chunk)[0].items) == 3 and len(steps_at_start(chunk)) == 3
    nested = "1. Open the app on your phone.\n    - the blue icon\n    - on the home screen\n2. Sign in with your card."
    assert len(lists_in(nested)[0].items) == 2, "a bullet further in than its numbered item belongs to the item"


def test_a_lead_saying_a_list_follows_or_ending_with_a_colon_goes_on_with_what_it_introduces():
    from answer.extractive import Evidence
    from retrieval.index import Hit

    writer = _writer()
    lead = "다음에 해당하는 분은 방문 발급 시 수수료를 내지 않습니다."
    hit = Hit("a", 0.9, {"text": f"{lead} 창구에서 말씀해 주시면 확인합니다.\n\n1. 기초생활 수급자\n"
                                 "2. 한부모가족 지원 대상자\n3. 법원 제출용 등 법령에서 면제를 정한 경우"})
    draft = writer.generate("등본 수수료 면제 대상", [hit], evidence=[Evidence(lead, hit, 1.0, None, 0.5)])
    assert draft.text == (f"{lead} [1]\n1. 기초생활 수급자 [1]\n2. 한부모가족 지원 대상자 [1]\n"
                          "3. 법원 제출용 등 법령에서 면제를 정한 경우 [1]")
    bullets = "도담카는 아래 조건을 모두 충족하는 분만 회원으로 가입할 수 있습니다."
    hit = Hit("d", 0.9, {"text": f"{bullets}\n• 만 21세 이상 (생년월일 기준)\n• 운전면허 취득 후 만 1년 이상 경과\n\n"
                                 "만 26세 미만 회원은 SUV를 예약할 수 없습니다."})
    draft = writer.generate("회원 가입 나이 조건", [hit], evidence=[Evidence(bullets, hit, 1.0, None, 0.5)])
    assert draft.text == f"{bullets} [1]\n- 만 21세 이상 (생년월일 기준) [1]\n- 운전면허 취득 후 만 1년 이상 경과 [1]"
    colon = "You can change plans at any time in the console, or with the CLI:"
    plans = Hit("b", 0.9, {"text": f"{colon}\n\n```\ntessera cluster resize my-cluster --plan pro\n```\n\n"
                                   "Downgrades take effect at the next billing date."})
    other = Hit("c", 0.8, {"text": "Add `--wait` to make the command block until the cluster is ready."})
    draft = writer.generate("How do I upgrade to the Pro plan from the command line?", [plans, other], evidence=[
        Evidence(colon, plans, 1.0, None, 0.5), Evidence(other.text, other, 0.8, None, 0.3)])
    assert draft.text.startswith(f"{colon} [1] tessera cluster resize my-cluster --plan pro [1]"), draft.text


def test_a_sentence_saying_what_the_page_explains_answers_nothing(tmp_path, embedder):
    from answer.sentences import signposts

    assert signposts("This page explains which program to choose and how long each one takes.")
    assert signposts("이 페이지에서는 발급 방법별 수수료와 준비물을 안내합니다.")
    assert not signposts("This section describes the Team plan, which costs 12 dollars."), "a fact in passing"
    assert not signposts("이 안내는 2024년 3월 기준이며, 수수료는 바뀔 수 있습니다.")
    page = ("# Programs\n\nThis page explains which program to choose, how long each one takes and how to use the "
            "options.\n\n| Program | Best for | Duration |\n|---|---|---|\n| Eco | Everyday dishes | 3 h 35 min |\n"
            "| Quick | Lightly soiled dishes | 29 min |\n\nThe Quick program has no drying phase.\n")
    answer = _ask_of_page(tmp_path, embedder, "programs.md", page, "How long does the Quick program take?")
    assert answer.answer.startswith("Program: Quick; Best for: Lightly soiled dishes; Duration: 29 min [1]"), (
        answer.answer)


def test_asked_one_way_of_doing_it_the_text_labelled_with_that_way_answers(tmp_path, embedder):
    page = ("VISITOR PASSES\n\nHOW TO ACTIVATE A VISITOR PASS\n\nOnline or in the app:\n"
            "  Step 1. Sign in to your account at permits.example.gov or in the HarborPark app.\n"
            "  Step 2. Tap \"Visitor passes\" and then \"Start a visit\".\n"
            "  Step 3. Enter your visitor's licence plate and choose the pass type.\n\n"
            "By phone:\n  Call the automated line on (555) 014-2299, available 24 hours a day. Have your account\n"
            "  number and PIN ready.\n\nYour visitor must park only after the pass is active.\n")
    by_phone = _ask_of_page(tmp_path / "a", embedder, "passes.txt", page, "How do I activate a visitor pass by phone?")
    assert by_phone.answer.startswith("By phone: Call the automated line on (555) 014-2299"), by_phone.answer
    online = _ask_of_page(tmp_path / "b", embedder, "passes.txt", page, "How do I activate a visitor pass online?")
    assert online.answer.startswith("1. Sign in to your account"), online.answer
    assert "Call the automated line" not in online.answer, online.answer


def test_asked_when_a_length_of_time_from_something_answers(tmp_path, embedder):
    page = ("# Signing in\n\nRun `tessera login`. This opens your browser so you can sign in, then stores a "
            "session token in `~/.config/tessera/credentials`. Session tokens expire after 30 days.\n")
    answer = _ask_of_page(tmp_path, embedder, "cli.md", page,
                          "When do session tokens expire after running tessera login?")
    assert not answer.refused, answer.answer
    assert answer.answer.startswith("Session tokens expire after 30 days. [1]"), answer.answer


def test_a_sentence_referring_back_is_about_what_the_sentence_before_it_names(tmp_path, embedder):
    # "It is high …" holds one word of the question; the sentence before names the confidence of an answer, as the
    # sentence after does in other words, which was the answer alone
    page = ("# Asking questions\n\nEvery answer shows a confidence between 0 and 100 percent. It is high (75 % or "
            "more) when the cited passages match the question closely, and low below 50 %.\n\nThe confidence of an "
            "answer learns from your deployment: each night the confidence is fitted again on the answers users "
            "rated.\n")
    answer = _ask_of_page(tmp_path, embedder, "asking.md", page, "When is the confidence of an answer high?")
    assert not answer.refused, answer.answer
    assert "It is high (75 % or more)" in answer.answer, answer.answer
    assert answer.answer.index("Every answer shows a confidence") < answer.answer.index("It is high"), answer.answer


def _writer():
    """The extractive generator with the BM25 analyser's terms and no embedder: what it writes from given evidence."""
    from answer.extractive import ExtractiveGenerator
    from retrieval import Bm25Encoder

    return ExtractiveGenerator(embedder=None, terms=Bm25Encoder().terms)


def test_the_rest_of_a_list_item_is_written_after_its_first_sentence_once():
    from answer.extractive import Evidence
    from retrieval.index import Hit

    opening = "`secret_key`: a random string used to sign cookies."
    hit = Hit("a", 0.9, {"text": f"- `base_url`: the public address.\n- {opening} Changing it signs out every user."})
    rest = Evidence("Changing it signs out every user.", hit, 1.0, None, 0.5, item_opening=opening)
    writer = _writer()
    draft = writer.generate("What happens when the cookie key changes?", [hit],
                            evidence=[rest, Evidence(opening, hit, 0.8, None, 0.5)])
    assert draft.text == f"{opening} Changing it signs out every user. [1]"
    after = writer.generate("What signs cookies?", [hit], evidence=[Evidence(opening, hit, 1.0, None, 0.5), rest])
    assert after.text == f"{opening} [1] Changing it signs out every user. [1]"


def test_the_steps_go_on_in_the_next_chunk_of_their_section():
    from answer.extractive import Evidence
    from retrieval.index import Hit

    section = {"document_id": "d", "heading_path": "Kiosks"}
    first = Hit("c3", 0.9, {**section, "position": 3, "text": "Kiosks stand in every office.\n\n1. Choose the "
                                                                 "certificate.\n2. Scan your finger.\n3. Pay the fee."})
    other = Hit("x", 0.8, {"document_id": "e", "position": 4, "heading_path": "Kiosks", "text": "1. Not this one."})
    # the chunks overlap by a step
    rest = Hit("c4", 0.7, {**section, "position": 4, "text": "3. Pay the fee.\n4. Take the printout.\n\nAsk staff."})
    writer = _writer()
    draft = writer.generate("How do I get a certificate from a kiosk?", [first, other, rest],
                            evidence=[Evidence("Choose the certificate.", first, 1.0, None, 0.5),
                                      Evidence("Take the printout.", rest, 0.5, None, 0.2)])
    assert draft.text == ("1. Choose the certificate. [1]\n2. Scan your finger. [1]\n3. Pay the fee. [1]\n"
                          "4. Take the printout. [3]")
    ended = Hit("c3", 0.9, {**first.payload, "text": first.payload["text"] + "\n\nThe kiosk prints at once."})
    alone = writer.generate("How do I get a certificate from a kiosk?", [ended, rest],
                            evidence=[Evidence("Choose the certificate.", ended, 1.0, None, 0.5)])
    assert "Take the printout" not in alone.text, "a list its chunk goes on after has ended there"


def test_a_lone_step_opening_its_chunk_is_written_with_the_steps_before_it():
    from answer.extractive import Evidence
    from retrieval.index import Hit

    section = {"document_id": "d", "heading_path": "발치 후 주의사항"}
    # the chunk before ends with the procedure; the lead's chunk opens with its last step (the chunks overlap)
    before = Hit("c1", 0.8, {**section, "position": 1, "text": "발치 후 지혈 방법\n1) 거즈를 1시간 동안 꽉 물고 계세요."
                                                               "\n2) 침이나 피는 뱉지 말고 삼키세요.\n3) 다음 날 아침까지"
                                                               " 피가 멈추지 않으면 병원으로 연락해 주세요."})
    lead = "다음 날 아침까지 피가 멈추지 않으면 병원으로 연락해 주세요."
    opening = Hit("c2", 0.9, {**section, "position": 2, "text": f"3) {lead}\n- 붓기는 2~3일째에 가장 심합니다."})
    writer = _writer()
    draft = writer.generate("이를 뽑은 뒤 피를 멈추게 하려면 어떻게 해야 하나요?", [opening, before],
                            evidence=[Evidence(lead, opening, 1.0, None, 0.5)])
    assert draft.text == ("1. 거즈를 1시간 동안 꽉 물고 계세요. [2]\n2. 침이나 피는 뱉지 말고 삼키세요. [2]\n"
                          f"3. {lead} [1]")
    alone = writer.generate("이를 뽑은 뒤 피를 멈추게 하려면 어떻게 해야 하나요?", [opening],
                            evidence=[Evidence(lead, opening, 1.0, None, 0.5)])
    assert alone.text == f"{lead} [1]", "without the chunk before, the step is all there is to write"


def test_a_lead_introducing_a_list_is_written_with_the_list():
    from answer.extractive import Evidence
    from retrieval.index import Hit

    hit = Hit("a", 0.9, {"text": "Opening hours at both clubs:\n- Weekdays: 6:00 to 22:00\n- Sundays: closed"})
    lead = Evidence("Opening hours at both clubs:", hit, 1.0, None, 0.5)
    writer = _writer()
    draft = writer.generate("Are the clubs open on Sundays?", [hit], evidence=[lead])
    assert draft.text == "Opening hours at both clubs: [1]\n- Weekdays: 6:00 to 22:00 [1]\n- Sundays: closed [1]"
    asked_how = writer.generate("How do I get in on a Sunday?", [hit], evidence=[
        Evidence("Sundays: closed", hit, 1.0, None, 0.5)])
    assert asked_how.text == "Sundays: closed [1]", "a list that is not numbered is no list of steps"


def _ask_of_page(tmp_path, embedder, name: str, page: str, question: str):
    from core.runtime import runtime
    from tests.conftest import make_settings

    path = tmp_path / "docs" / name
    path.parent.mkdir(parents=True)
    path.write_text(page, encoding="utf-8")
    with runtime(make_settings(tmp_path / "data"), embedder=embedder) as built:
        built.pipeline.run_paths([str(path.parent)], collection="default")
        return built.answers.ask(question)


def test_a_table_row_is_one_sentence_with_its_columns_headers():
    text = ("Prices are per page.\n\n| Paper | Black and white | Colour |\n|---|:---:|---|\n"
            "| A4 single-sided | 5p per page | 20p per page |\n| A3 \\| poster | 10p. Ask first. | |\n\n"
            "Top up online.\n\n| no | header |\n| rule | below |\n")
    assert split_sentences(text) == [
        "Prices are per page.", "Paper: A4 single-sided; Black and white: 5p per page; Colour: 20p per page",
        "Paper: A3 | poster; Black and white: 10p. Ask first.", "Top up online."]


def test_a_price_asked_of_a_table_is_answered_with_its_row_and_columns(tmp_path, embedder):
    page = ("# Printing\n\nEvery student gets £10 of free print credit a year.\n\n## Prices\n\n"
            "| Paper | Black and white | Colour |\n|---|---|---|\n| A4 single-sided | 5p per page | 20p per page |\n"
            "| A4 double-sided | 8p per sheet | 35p per sheet |\n| A3 single-sided | 10p per page | 40p per page |\n\n"
            "Posters are printed in the Marlowe Building: A1 costs £5 per poster.\n")
    answer = _ask_of_page(tmp_path, embedder, "printing.md", page,
                          "How much does A4 double-sided black and white printing cost?")
    assert not answer.refused, answer.answer
    assert answer.answer.startswith("Paper: A4 double-sided; Black and white: 8p per sheet; Colour: 35p per sheet [1]"
                                    ), answer.answer


def test_a_terse_question_naming_a_section_of_steps_is_answered_with_the_steps(tmp_path, embedder):
    page = ("# VPN\n\nThe VPN uses the GlobalProtect client.\n\n## Installing the VPN client\n\n"
            "1. Go to vpn.example.edu and sign in.\n2. Download the GlobalProtect client for your system.\n"
            "3. Install the client, then open it.\n\n## Sessions\n\nSessions end after 12 hours.\n")
    answer = _ask_of_page(tmp_path, embedder, "vpn.md", page, "vpn client")
    assert not answer.refused, answer.answer
    assert "1. Go to vpn.example.edu and sign in. [1]\n2. Download the GlobalProtect client" in answer.answer, (
        answer.answer)


def test_asked_how_a_sentence_before_a_numbered_list_goes_on_with_its_steps(tmp_path, embedder):
    page = ("# Returning your car\n\nPlease return the car to the branch on your agreement.\n\n"
            "## How to return your car after hours\n\n"
            "If the branch is closed when you arrive, you can use the Key Drop box at any branch.\n\n"
            "1. Park in a returns bay and close all the windows.\n2. Take photos of all four sides of the car.\n"
            "3. Put the keys in the orange envelope and post it in the Key Drop box.\n\n"
            "## Late returns\n\nFrom 30 minutes late we charge a full extra day.\n")
    answer = _ask_of_page(tmp_path, embedder, "returns.md", page,
                          "How do I return the car if the branch is already closed when I get there?")
    assert not answer.refused, answer.answer
    assert answer.answer.startswith("If the branch is closed when you arrive, you can use the Key Drop box at any "
                                    "branch. [1]\n1. Park in a returns bay"), answer.answer
    assert "3. Put the keys in the orange envelope" in answer.answer, answer.answer


def test_an_item_of_a_list_a_sentence_introduces_is_written_after_it(tmp_path, embedder):
    page = ("# Fuel\n\nPick the car up with a full tank and return it full.\n\n"
            "If the car comes back with less than a full tank, we refuel it for you and charge:\n\n"
            "- the fuel used, at £2.25 per litre, and\n- a refuelling service fee of £20.\n\n"
            "If you drove less than 50 miles, you can pay a flat £12 top-up charge instead.\n")
    answer = _ask_of_page(tmp_path, embedder, "fuel.md", page,
                          "What is the refuelling service fee if the car is returned with less than a full tank?")
    assert not answer.refused, answer.answer
    assert answer.answer.startswith("If the car comes back with less than a full tank, we refuel it for you and "
                                    "charge: a refuelling service fee of £20. [1]"), answer.answer


def test_a_price_asked_of_pages_giving_one_is_answered_and_how_long_asked_with_eolma_is_no_price(tmp_path, embedder):
    page = ("# Licences\n\nA Tallowiki licence costs €4 per user per month.\n\n## 계정\n\n"
            "비밀번호 재설정 링크는 30분 동안 유효합니다. 링크는 한 번만 쓸 수 있습니다.\n")
    answer = _ask_of_page(tmp_path, embedder, "licences.md", page, "How much does a Tallowiki licence cost?")
    assert not answer.refused and "€4" in answer.answer and answer.signals["kind_unheld"] == 0.0, answer.answer


def test_a_price_asked_leads_with_what_it_costs_not_what_an_offer_takes_off_it(tmp_path, embedder):
    page = ("# Bike fitting\n\n## Fitting offers\n\nIf you bought a bike from us in the last 12 months, you get £30 "
            "off a Full Fit.\n\n## Our fitting services and prices\n\n- Basic Fit, 45 minutes, £60: saddle height "
            "and reach.\n- Full Fit, 2 hours, £160: a full body assessment and video analysis while riding.\n")
    answer = _ask_of_page(tmp_path, embedder, "fitting.md", page, "How much does a Full Fit cost?")
    assert not answer.refused and answer.answer.startswith("Full Fit, 2 hours, £160"), answer.answer
    answer = _ask_of_page(tmp_path / "offer", embedder, "fitting.md", page, "How much off a Full Fit do I get?")
    assert not answer.refused and answer.answer.startswith("If you bought a bike from us"), answer.answer


def test_the_price_of_a_thing_the_pages_name_without_one_is_refused_and_says_so(tmp_path, embedder):
    from web.i18n import MESSAGES, confidence_reason, translator

    page = ("# Extras and young drivers\n\n## Booking\n\n1. Choose your dates and the pick-up branch.\n"
            "2. Add any extras, such as a child seat or an additional driver.\n3. Pay the deposit by card.\n\n"
            "## Young drivers\n\nDrivers aged 21 or 22 pay a surcharge of £38 per day.\n"
            "Drivers aged 23 or 24 pay a surcharge of £29 per day.\n")
    answer = _ask_of_page(tmp_path, embedder, "extras.md", page, "How much does a child seat cost per day?")
    assert answer.refused and answer.generation["kind_elsewhere"] == "price", (answer.confidence, answer.draft)
    reason = confidence_reason(translator("en"), refused=True, confidence=answer.confidence, signals=answer.signals,
                               generation=answer.generation)
    assert reason == MESSAGES["why.kind_elsewhere"]["en"].format(kind="a price")


def test_the_price_of_a_thing_named_only_in_sentences_giving_none_is_refused_and_one_given_after_it_answered(
        tmp_path, embedder):
    page = ("# Emergencies\n\nIf your pet dies at home out of hours, keep them somewhere cool and call us when we "
            "reopen. We offer individual cremation through Peaceful Paws, with ashes returned within 10 working "
            "days.\n\n## Home visits\n\nWe offer home visits for elderly pets. A home visit costs £95.\n\n"
            "## Vaccinations\n\nA rabies vaccination costs £68.\n")
    answer = _ask_of_page(tmp_path, embedder, "emergencies.md", page, "How much does an individual cremation cost?")
    assert answer.refused and answer.generation["kind_elsewhere"] == "price", (answer.confidence, answer.draft)
    answer = _ask_of_page(tmp_path / "visits", embedder, "emergencies.md", page, "How much does a home visit cost?")
    assert not answer.refused and "£95" in answer.answer, (answer.confidence, answer.answer)


@pytest.mark.parametrize("page, question, lead", [
    ("# Memberships\n\nA Hot Desk membership costs £180 per month.\n\n## Changing or cancelling\n\n"
     "You can upgrade at any time; the new price applies from the next billing date. Downgrades and "
     "cancellations require one full calendar month's notice, given by email to billing@example.com.\n",
     "How do I cancel my membership?", "Downgrades and cancellations require one full calendar month's notice"),
    ("# 관리비 및 납부 안내\n\n## 부과 기간과 납부 기한\n\n"
     "- 관리비는 매월 1일부터 말일까지 사용한 금액을 기준으로 다음 달에 부과합니다.\n"
     "- 관리비 고지서는 매월 15일경 각 세대 우편함에 배부됩니다.\n- 납부 기한은 매월 25일입니다.\n",
     "관리비 납부 기한은 매월 며칠인가요?", "납부 기한은 매월 25일입니다."),
])
def test_under_a_heading_naming_part_of_the_question_the_sentence_naming_that_part_leads(tmp_path, embedder, page,
                                                                                         question, lead):
    answer = _ask_of_page(tmp_path, embedder, "page.md", page, question)
    assert not answer.refused, answer.draft
    assert answer.answer.startswith(lead), answer.answer


@pytest.mark.parametrize("page, question, lead, then", [
    ("# Access\n\nWe run a free sign language tour on the last Saturday of every month at 11:00. Tours last "
     "about 60 minutes and are limited to 15 people.\n\n## Lifts\n\nEvery floor has a lift.\n",
     "How long do the sign language tours last?", "We run a free sign language tour", "Tours last about 60 minutes"),
    ("# Troubleshooting\n\nSessions last 90 days.\n\nThumbnails missing in the web interface: the thumbnail job may "
     "have been interrupted. Run the thumbnails job on the server again.\n\nPhotos on the wrong date: the app reads "
     "the date stored in the photo.\n",
     "How do I fix missing thumbnails in the web interface?", "Thumbnails missing in the web interface",
     "Run the thumbnails job on the server again."),
    # asked how, a lead saying only that it can be done goes on with the sentence of its paragraph saying how, two on
    ("# Memberships\n\n## Changing Tier\n\nYou can upgrade at any time. The new price applies from your next "
     "payment date. Downgrades take effect from the start of the following month. To change tier, open the app and "
     "go to Account > My Membership > Change Tier.\n\n## Prices\n\nBasic costs £19.99 and Plus £29.99 per month.\n",
     "How do I upgrade from Basic to Plus?", "You can upgrade at any time.", "To change tier, open the app"),
])
def test_a_lead_speaking_of_what_was_asked_goes_on_with_the_sentence_after_it_giving_it(tmp_path, embedder, page,
                                                                                          question, lead, then):
    answer = _ask_of_page(tmp_path, embedder, "page.md", page, question)
    assert not answer.refused, answer.draft
    assert answer.answer.startswith(lead) and f"[1] {then}" in answer.answer, answer.answer


@pytest.mark.parametrize("reply, lead", [
    # an answer that says it all by itself opens the answer
    ("Network engineers visit the halls on Tuesdays and Thursdays.",
     "Network engineers visit the halls on Tuesdays and Thursdays. [1]"),
    # one that reads only after its question ("Yes, …") is written after it
    ("Yes, network engineers visit the halls on Tuesdays and Thursdays.",
     "Is there IT help in halls of residence? [1] Yes, network engineers visit the halls"),
])
def test_a_question_the_page_asks_is_no_answer_the_sentences_after_it_are(tmp_path, embedder, reply, lead):
    # the FAQ's question shares most words with the user's; the answer after it shares none
    page = ("# Service desk\n\nThe service desk helps with accounts, Wi-Fi and printing.\n\n"
            f"## Frequently asked questions\n\n**Is there IT help in halls of residence?**\n{reply}\n\n"
            "**Will you repair my own laptop?**\nWe do not carry out hardware repairs on personal devices.\n")
    answer = _ask_of_page(tmp_path, embedder, "desk.md", page, "Does IT help people living in halls of residence?")
    assert not answer.refused, answer.answer
    assert answer.answer.startswith(lead), answer.answer
    assert "repair" not in answer.answer, answer.answer


def test_a_faqs_question_written_as_its_heading_is_quoted_before_a_reply_that_reads_only_after_it(tmp_path, embedder):
    page = ("# Visiting the clinic\n\n## Opening hours\n\nThe clinic opens at 9:00 on weekdays.\n\n"
            "## Q. Is there parking?\n\nYes, in the basement car park, free for the first two hours.\n\n"
            "## Q. Can I bring my children?\n\nChildren are welcome in the waiting room.\n")
    answer = _ask_of_page(tmp_path, embedder, "visit.md", page, "Can I leave my car at the clinic?")
    # alone, "Yes, …" would read as a yes to whatever was asked; the page's question says what it answers
    assert answer.answer.startswith("Is there parking? [1] Yes, in the basement car park"), answer.answer
    assert len(answer.citations) == 1, "the heading is its own section's text, cited with it"


def test_steps_under_a_heading_naming_only_steps_are_their_parent_headings_task(tmp_path, embedder):
    page = ("# Browser extension\n\nInstall the extension from your browser's store.\n\n"
            "## Import passwords from another app\n\nThe importer reads export files from:\n\n"
            "- Chrome and Firefox — .csv\n- LastPass and Dashlane — .csv\n- Bitwarden — .json\n\n### Steps\n\n"
            "1. Export your passwords from your old password manager and save the file.\n"
            "2. Sign in to the web vault.\n3. Go to Tools › Import data.\n4. Select your export file.\n")
    answer = _ask_of_page(tmp_path, embedder, "extension.md", page, "How do I import passwords from Dashlane?")
    assert answer.answer.startswith("1. Export your passwords"), answer.answer
    assert "Tools › Import data" in answer.answer


def test_every_sentence_of_a_line_the_page_asks_with_is_its_question(tmp_path, embedder):
    page = ("# 자주 묻는 질문\n\n**비밀번호를 5번 틀렸어요. 다시 쓸 수 있나요?**\n\n"
            "앱 첫 화면의 [비밀번호 재설정]에서 휴대폰 본인 인증 후 비밀번호를 재설정하면 바로 다시 이용할 수 있습니다.\n\n"
            "**이체를 잘못 보냈어요. 돌려받을 수 있나요?**\n\n앱의 이체 내역에서 착오송금 반환 신청을 하세요.\n")
    answer = _ask_of_page(tmp_path, embedder, "faq.md", page, "비밀번호 5번 틀려서 막혔는데 풀려면 어떻게 해요?")
    assert not answer.refused, answer.answer
    # neither sentence of the page's question is taken for its answer, which says all by itself
    assert answer.answer.startswith("앱 첫 화면의 [비밀번호 재설정]"), answer.answer
    assert "틀렸어요" not in answer.answer, answer.answer


def test_a_rate_asked_of_a_table_is_answered_with_its_row_and_a_thing_with_its_labelled_line(tmp_path, embedder):
    page = ("# 예금과 적금\n\n## 한빛 정기예금\n\n- 가입 기간: 6개월, 12개월, 24개월 중 선택\n- 최소 가입 금액: 100만 원\n\n"
            "목돈을 한 번에 맡기는 상품입니다.\n\n## 기간별 기본 금리\n\n| 가입 기간 | 한빛 정기예금 | 한빛 자유적금 |\n"
            "|---|---|---|\n| 6개월 | 연 3.10% | 연 3.30% |\n| 12개월 | 연 3.50% | 연 3.80% |\n")
    rate = _ask_of_page(tmp_path, embedder, "savings.md", page, "한빛 정기예금 12개월 금리는 얼마인가요?")
    assert rate.answer.startswith("가입 기간: 12개월; 한빛 정기예금: 연 3.50%"), rate.answer
    # the sentence on passports holds four of the question's five words, the line labelled with the thing one
    page = ("# 계좌 개설 안내\n\n스마트폰만으로 계좌를 만들 수 있습니다.\n\n## 필요 서류와 준비물\n\n"
            "- 신분증: 주민등록증 또는 운전면허증\n- 본인 명의 휴대폰\n\n"
            "여권에는 주소 정보가 없어 비대면 계좌 개설용 신분증으로 쓸 수 없습니다.\n")
    (tmp_path / "again").mkdir()
    needed = _ask_of_page(tmp_path / "again", embedder, "account.md", page, "비대면 계좌 개설에 필요한 신분증은 무엇인가요?")
    assert needed.answer.startswith("신분증: 주민등록증 또는 운전면허증"), needed.answer


def test_a_question_asking_how_is_answered_with_every_step_in_order(tmp_path, embedder):
    page = ("# Meeting rooms\n\nMembers can use the four meeting rooms on the second floor.\n\n"
            "## How to book a meeting room\n\n1. Open the member app and tap Spaces.\n"
            "2. Choose the date and the number of people.\n3. Tap the meeting room you want and then tap Book.\n\n"
            "## Cancelling\n\nCancel a booking up to two hours before it starts under Spaces > My bookings.\n")
    for question in ("How do I book a meeting room?", "What are the steps to book a meeting room?"):
        (tmp_path / str(len(question))).mkdir()
        answer = _ask_of_page(tmp_path / str(len(question)), embedder, "rooms.md", page, question)
        assert not answer.refused, answer.answer
        assert answer.answer.startswith("1. Open the member app and tap Spaces. [1]\n"
                                        "2. Choose the date and the number of people. [1]\n"
                                        "3. Tap the meeting room you want and then tap Book. [1]"), answer.answer


@pytest.mark.parametrize("page, question, steps", [
    ("<h1>Troubleshooting</h1><h2>Lock file present</h2><p>Only one sync can run on a folder at a time, so it "
     "keeps a lock file while it runs. After a crash the lock may be left behind.</p><ul><li>First make sure no other "
     "sync is running.</li><li>Then delete the lock file and run the command again.</li></ul><p>Never delete the lock "
     "file while another sync is running.</p>", "How do I get rid of a leftover lock file after a crash?",
     "1. First make sure no other sync is running. [1]\n2. Then delete the lock file and run the command again. [1]"),
    ("<h1>복학 안내</h1><h2>증명서 재발급</h2><p>증명서는 온라인으로 재발급받을 수 있습니다.</p><ul><li>먼저 학사포털에 "
     "로그인합니다.</li><li>그다음 [증명서] 메뉴에서 재발급을 신청합니다.</li></ul>", "증명서 재발급은 어떻게 받나요?",
     "1. 먼저 학사포털에 로그인합니다. [1]\n2. 그다음 [증명서] 메뉴에서 재발급을 신청합니다. [1]"),
])
def test_a_bulleted_list_saying_its_order_is_written_as_steps(tmp_path, embedder, page, question, steps):
    # "First …" and "Then …" say the items are steps in order, as numbers would
    answer = _ask_of_page(tmp_path, embedder, "page.html", page, question)
    assert not answer.refused, answer.answer
    assert steps in answer.answer and answer.answer.index(steps) < 40, answer.answer


@pytest.mark.parametrize("name, page, question, lead", [
    # the option's line holds one of the question's words; the sentence on signing in holds the tool's name, as
    # most sentences do, and reads closer to "what does … do"
    ("commands.txt",
     "SKYSYNC COMMAND REFERENCE\n\nRun \"skysync help <command>\" to see this in your terminal.\n\n\nCOMMANDS\n\n"
     "login\n  Signs in to Skysync Cloud in your browser and saves an access token.\n\n"
     "sync\n  Compares the local folder with the remote and transfers changes in both directions.\n  Flags:\n"
     "    --direction both|up|down   Default both.\n"
     "    --checksum                 Compare files by SHA-256 checksum instead of size and modification time.\n"
     "    -x, --exclude PATTERN      Skip files matching PATTERN. Can be repeated.\n\n"
     "status\n  Shows the last sync time and pending changes, without transferring anything.\n",
     "What does the --checksum flag of skysync sync do?",
     "--checksum Compare files by SHA-256 checksum"),
    # "휴학 신청 방법" names "신청" of "복학 신청은 어떻게 해요?" and heads the steps of another application; "복학 신청"
    # names all of it
    ("leave.md",
     "# 휴학과 복학\n\n휴학과 복학은 모두 학사포털에서 신청합니다.\n\n## 휴학 신청 방법\n\n"
     "1. 학사포털에 로그인한 뒤 [휴학신청]을 선택합니다.\n2. 휴학 기간을 고르고 서류를 첨부합니다.\n"
     "3. 지도교수 승인 후 처리됩니다.\n\n## 복학 신청\n\n학사포털에서 [복학신청]을 선택하고 복학 학기를 "
     "입력한 뒤 제출하면 됩니다. 승인되면 등록금 고지서가 발급됩니다.\n\n## 문의\n\n학사지원팀 02-123-4567\n",
     "복학 신청은 어떻게 해요?", "학사포털에서 [복학신청]을 선택하고"),
    # asked for opening hours, a line giving a time of day, read with the label above it, over the line saying the
    # workshop has been open since 1998 (which led)
    ("hours.txt",
     "HOURS AND LOCATIONS\n\nCANAL STREET WORKSHOP (MILLBRIDGE)\n----------------------------------\n"
     "Address: 14 Canal Street, Millbridge MB2 4RT\nPhone: 01632 480215\n\n"
     "Canal Street is our original workshop, open since 1998, and home to our conservation studio. All restoration "
     "of oil paintings is carried out here.\n\nOpening hours:\n  Monday: closed\n  Tuesday to Friday: 9:30 to 17:30\n"
     "  Saturday: 10:00 to 16:00\n  Sunday: closed\n\nORCHARD LANE WORKSHOP (EASTFIELD)\n"
     "---------------------------------\nAddress: 7 Orchard Lane, Eastfield EF1 9LP\n\nOpening hours:\n"
     "  Monday to Friday: 10:00 to 18:00\n  Saturday: 9:00 to 13:00\n",
     "What are the Saturday opening hours of the Canal Street Workshop?", "Opening hours: Saturday: 10:00 to 16:00"),
], ids=["a command's option, by its line of the reference", "a heading naming all of it, over one naming part",
        "a time of day, for opening hours"])
def test_the_sentence_that_answers_leads(tmp_path, embedder, name, page, question, lead):
    answer = _ask_of_page(tmp_path, embedder, name, page, question)
    assert not answer.refused, answer.answer
    assert answer.answer.startswith(lead), answer.answer


def test_the_steps_under_a_heading_naming_the_task_answer_how_to_do_it(tmp_path, embedder):
    # the sentence on the key holds "wiki" and "restored" and tells the reader to do something, in the first chunk the
    # search finds; the section headed with the task holds its steps
    page = ("# Backups and restore\n\n## Taking a backup\n\nBackups run every night at 02:30 and are kept for 14 "
            "days. Take a manual backup before every upgrade.\n\n## Restoring a backup\n\nRestoring replaces all "
            "current pages and attachments with the archive's contents.\n\n"
            "1. Stop the service with `sudo systemctl stop tallowiki`.\n"
            "2. Run `sudo tallow backup restore ARCHIVE`.\n3. Start the service again with `sudo systemctl start "
            "tallowiki`.\n\n## Encrypting archives\n\nKeep the private key somewhere other than the wiki server: "
            "without it, encrypted archives cannot be restored and the wiki cannot be recovered from them.\n")
    answer = _ask_of_page(tmp_path, embedder, "backups.md", page, "How do I restore the wiki from a backup?")
    assert not answer.refused, answer.answer
    assert answer.answer.startswith("1. Stop the service with `sudo systemctl stop tallowiki`. [1]\n"
                                    "2. Run `sudo tallow backup restore ARCHIVE`. [1]\n"), answer.answer


def test_the_steps_under_a_heading_naming_the_task_on_a_page_naming_the_thing_answer_how_to_do_it(tmp_path,
                                                                                                  embedder):
    # the heading holds "등록" alone, the page's title "헬스장"; the sentence on the orientation holds "처음" and
    # "등록" but tells no one what to do
    page = """# 헬스장 이용 안내

한빛구민체육센터 헬스장은 3층에 있으며 유산소 기구 40대와 근력 운동 기구 35대를 갖추고 있습니다. 헬스장 관련 문의는 02-3456-7820으로 해 주세요.

## 운영 시간

- 평일: 06:00~22:00
- 토요일: 07:00~20:00
- 일요일·공휴일: 08:00~18:00
- 정기 휴관일: 매월 둘째 주 월요일
- 입장은 운영 종료 30분 전까지 가능합니다.

## 이용 대상

- 만 14세 이상이면 누구나 이용할 수 있습니다.
- 만 14세 이상 만 18세 이하 청소년은 등록할 때 보호자 동의서를 제출해야 합니다.

## 이용권 종류

- 1일권: 현장에서만 구매할 수 있으며 구매 당일에 한해 사용할 수 있습니다.
- 1개월권
- 3개월권
- 6개월권

이용권별 요금은 '요금 및 할인 안내' 페이지를 참고해 주세요. 이용권 연장은 만료 7일 전부터 홈페이지에서도 할 수 있습니다.

## 신규 등록 방법

1. 신분증을 가지고 1층 안내데스크를 방문합니다.
2. 회원 등록 신청서와 건강 상태 자가 점검표를 작성합니다.
3. 이용권 종류를 선택하고 결제합니다.
4. 회원카드를 발급받습니다. 최초 발급은 무료이며, 분실로 재발급할 때는 3,000원이 부과됩니다.
5. 3층 헬스장 출입 게이트에 회원카드를 태그하고 입장합니다.

## 기구 사용 오리엔테이션

처음 등록한 회원을 위해 무료 기구 사용법 안내를 진행합니다. 매주 화요일과 목요일 오후 7시에 시작하며, 1회 30분, 정원은 10명입니다. 참여를 원하시면 안내데스크에서 미리 신청해 주세요.

## 이용 수칙

- 실내 전용 운동화를 반드시 착용해 주세요. 외부 신발 착용 시 입장할 수 없습니다.
- 운동복은 1회 1,000원에 대여할 수 있으며, 수건은 무료로 제공합니다.
- 기구를 사용한 뒤에는 땀을 닦고 원래 자리에 정리해 주세요.
- 이용자가 많은 18:00~21:00에는 유산소 기구를 1인 30분까지만 사용할 수 있습니다.
- 개인 사물함은 월 5,000원에 대여할 수 있습니다.
"""
    answer = _ask_of_page(tmp_path, embedder, "gym.md", page, "헬스장에 처음 등록하려면 어떻게 해야 하나요?")
    assert not answer.refused, answer.answer
    assert answer.answer.startswith("1. 신분증을 가지고 1층 안내데스크를 방문합니다. [1]\n"), answer.answer


def test_the_rest_of_a_list_item_is_about_what_its_first_sentence_names(tmp_path, embedder):
    # "Changing it" holds one word of the question; the item's first sentence names the key it is about
    page = ("# Configuration\n\nThe keys below live in the top-level section of the file.\n\n"
            "- `listen_address`: the interface and port to bind; the default is `0.0.0.0:8640`.\n"
            "- `session_timeout_hours`: how long a signed-in session stays valid; the default is 72 hours.\n"
            "- `secret_key`: a random string of at least 32 characters used to sign cookies. Changing it signs out "
            "every user.\n")
    answer = _ask_of_page(tmp_path, embedder, "configuration.md", page,
                          "If I change the key used to sign cookies, what happens to people who are logged in?")
    assert not answer.refused, answer.answer
    assert "Changing it signs out every user." in answer.answer, answer.answer
    assert answer.answer.index("used to sign cookies.") < answer.answer.index("Changing it"), \
        "written after the sentence naming what it is"


def test_an_instruction_leads_only_when_it_speaks_of_what_is_asked(tmp_path, embedder):
    # "Add `--json` …" is an instruction holding the question's verb; the line naming the command that adds an
    # account is not an instruction, but it is about accounts
    page = ("# Command line\n\n## Asking\n\nRun `tallow ask QUESTION` to get an answer with its sources. Add `--json` "
            "to get a machine-readable object.\n\n## Accounts\n\n`tallow accounts add NAME --role ROLE` creates an "
            "account; roles are reader, editor and admin.\n")
    answer = _ask_of_page(tmp_path, embedder, "cli.md", page, "How do I add a new account?")
    assert not answer.refused, answer.answer
    assert answer.answer.startswith("`tallow accounts add NAME --role ROLE` creates an account"), answer.answer


def test_under_a_heading_asking_the_question_the_sentence_opening_the_section_answers(tmp_path, embedder):
    page = ("# Questions and answers\n\n## How long does a battery replacement take?\n\n"
            "It usually takes about forty minutes while you wait. A battery replacement takes longer for older "
            "models, and a replacement battery can be ordered in advance.\n\n"
            "## Do you repair water damage?\n\nYes, water damage is assessed for free before any repair.\n")
    answer = _ask_of_page(tmp_path, embedder, "faq.md", page, "How long does a battery replacement take?")
    assert not answer.refused, answer.answer
    assert answer.answer.startswith("It usually takes about forty minutes"), answer.answer


def test_a_sentence_is_about_what_its_document_is_about(tmp_path, embedder):
    # the answer does not repeat "export" of the page's title; the sentence naming the setting holds the question's
    # words in passing, "long" too, which asks for a duration and is not what the answer says
    page = ("# Scheduled exports\n\nExports run every Sunday at 03:00. The files are stored for 30 days and then "
            "removed. To change this, edit the `[export]` block of the settings file: `keep_days` sets how long the "
            "files are stored.\n")
    answer = _ask_of_page(tmp_path, embedder, "export.md", page, "How long are export files stored by default?")
    assert not answer.refused, answer.answer
    assert answer.answer.startswith("The files are stored for 30 days"), answer.answer


def test_a_question_asking_to_be_told_is_about_what_it_names(tmp_path, embedder):
    # "방법을 알려 주세요" asks to be told; the line on the subway holds none of its words, and counted they made
    # the page look as if it held a quarter of the question
    page = ("# 오시는 길\n\n한결 안경원은 서대문구 연희로 41, 3층에 있습니다.\n\n"
            "- **버스**: 7024번, 750번 연희삼거리 정류장에서 내려 도보 4분\n"
            "- **지하철**: 2호선 신촌역 4번 출구에서 연세로를 따라 약 500m (도보 7분)\n"
            "- **주차**: 건물 지하 주차장 1시간 무료\n")
    answer = _ask_of_page(tmp_path, embedder, "directions.md", page, "지하철로 가는 방법을 알려 주세요.")
    assert not answer.refused, answer.answer
    assert "신촌역 4번 출구" in answer.answer.split("\n")[0], answer.answer
    assert answer.signals["chunk_coverage"] >= 0.5, "the passage holds what the question is about"


def test_a_question_about_the_second_of_something_is_answered_with_the_second(tmp_path, embedder):
    # "2학기" read as "2" and "학기" was held as much by the first term's line, whose dates are in February ("2월"),
    # and that line opens the section the question names
    page = ("# 입사 안내\n\n## 입사 일정\n\n- 1학기: 2월 26일 ~ 2월 28일\n- 2학기: 8월 27일 ~ 8월 29일\n\n"
            "입사 시간은 오전 10시부터 오후 6시까지입니다.\n\n"
            "## 생활관비\n\n- 1인실: 1,450,000원\n- 2인실: 980,000원\n")
    answer = _ask_of_page(tmp_path, embedder, "dorm.md", page, "2학기 입사 일정은 언제인가요?")
    assert not answer.refused and answer.answer.startswith("2학기: 8월 27일"), answer.answer


def test_a_helpline_is_a_phone_number(tmp_path, embedder):
    # "number" alone was held by the bike's number and the VAT number; the helpline is the phone line
    page = ("# Help\n\nYou can also type the 6-digit bike number shown under the QR code. For an invoice, add your "
            "VAT number under Profile. After an accident, contact Pedalo Support on 0800 555 0199 within 24 hours.\n")
    answer = _ask_of_page(tmp_path, embedder, "help.md", page, "helpline number?")
    assert not answer.refused and "0800 555 0199" in answer.answer.split("[")[0], answer.answer


def test_chunks_the_search_scores_alike_stand_in_the_same_place():
    from answer.extractive import places

    assert places([0.956, 0.955, 0.807, 0.776]) == [0, 0, 2, 3], "a hair's difference is no place"
    assert places([0.9, 0.8, 0.7]) == [0, 1, 2]
    # a page in the question's language stands with the translation of it the search put a little above
    assert places([1.0, 0.987, 0.5], [False, True, True]) == [0, 0, 2]
    assert places([1.0, 0.987, 0.5], [True, False, False]) == [0, 1, 2], "not the other way round"
    assert places([1.0, 0.9], [False, True]) == [0, 1], "nor far below it"


def test_of_two_passages_saying_the_same_the_one_in_the_questions_language_leads(embedder, monkeypatch):
    # the search put the Korean page a hair above the English one saying the same: the English sentence leads, and
    # the answer has no Korean sentence; with no language tie and no credit for the question's language, it did not
    import answer.extractive as extractive
    from retrieval import Bm25Encoder
    from retrieval.index import Hit

    hits = [Hit("ko", 1.0, {"text": "ragloop은 여러분의 문서로 질문에 답합니다. Apache License 2.0으로 공개된 오픈 소스 "
                                     "소프트웨어이며 무료로 쓸 수 있습니다."}),
            Hit("en", 0.987, {"text": "ragloop answers questions from your own documents. It is open-source software "
                                      "under the Apache License 2.0, free to use."})]
    writer = extractive.ExtractiveGenerator(embedder=embedder, terms=Bm25Encoder().terms)
    chosen = writer.select("What license is ragloop under?", hits)
    assert chosen[0].hit.id == "en" and {item.hit.id for item in chosen} == {"en"}, [e.sentence for e in chosen]
    monkeypatch.setattr(extractive, "LANGUAGE_TIE", extractive.PLACE_TIE)
    monkeypatch.setattr(extractive, "OWN_LANGUAGE_CREDIT", 0.0)
    assert writer.select("What license is ragloop under?", hits)[0].hit.id == "ko", "the case this is about"


def test_a_bracketed_number_the_page_writes_itself_is_quoted_as_text_not_read_as_a_citation(tmp_path, embedder):
    # a page pasted from an encyclopedia keeps its footnote numbers; "[2]" is the page's, not a second source
    from web.render import answer_html

    page = ("# Tallow lighthouse\n\nThe Tallow lighthouse was first lit in 1858.[2] Its lamp can be seen 24 miles out "
            "at sea.\n\n## Visiting\n\nThe tower is open to visitors on Saturdays from May to September.\n")
    answer = _ask_of_page(tmp_path, embedder, "lighthouse.md", page, "When was the Tallow lighthouse first lit?")
    assert not answer.refused, answer.answer
    shown = answer.answer.replace("\u2060", "")
    assert shown.startswith("The Tallow lighthouse was first lit in 1858.[2] [1]"), answer.answer
    assert [c.n for c in answer.citations] == [1]
    assert answer.generation["citations"]["invalid_markers"] == 0
    html = str(answer_html(answer.answer, "a1", answer.citations))
    assert html.count('class="cite"') == answer.answer.count(" [1]") and "1858.[\u20602]" in html


def test_a_question_asking_to_reach_someone_finds_the_page_with_the_way_to_get_in_touch(tmp_path, embedder):
    # "reach" is on every other page; the support line's page shares no word with the question
    from core.runtime import runtime
    from tests.conftest import make_settings

    pages = {"stations.md": "If every dock is taken, tap Station Full for 15 extra minutes to reach a nearby station.",
             "lifts.md": "Take the lift by the entrance to reach the bike storage on the second floor.",
             "routes.md": "The river path is the quickest way to reach the old town by bike.",
             "night.md": "Night riders reach the harbour docks by the lit cycle lane along the quay.",
             "app.md": "The app shows how long it takes to reach each station from where you stand.",
             "parking.md": "Cargo bikes cannot reach the upper deck of the car park; leave them at the ramp.",
             "accidents.md": "After an accident, contact Pedalo Support on 0800 555 0199 within 24 hours."}
    docs = tmp_path / "docs"
    docs.mkdir()
    for name, text in pages.items():
        (docs / name).write_text(f"# {name[:-3].title()}\n\n{text}\n", encoding="utf-8")
    with runtime(make_settings(tmp_path / "data"), embedder=embedder) as built:
        built.pipeline.run_paths([str(docs)], collection="default")
        for question in ("How can I reach you?", "What is the helpline?"):
            answer = built.answers.ask(question)
            assert not answer.refused and "0800 555 0199" in answer.answer.split("[")[0], (question, answer.answer)


def test_an_instruction_holding_only_the_questions_verb_follows_no_other_sentence(embedder):
    # "Add `--json` …" holds "add" of "How do I add documents?" and nothing of documents
    from answer.extractive import ExtractiveGenerator
    from retrieval import Bm25Encoder, Hit

    writer = ExtractiveGenerator(embedder=embedder, terms=Bm25Encoder().terms)
    hits = [Hit("a", 1.0, {"text": "Open the Documents page, choose the files and press Upload.", "title": "Uploads"}),
            Hit("b", 0.95, {"text": "Run `tallow ask QUESTION` to get an answer. Add `--json` to get a "
                                    "machine-readable object.", "title": "Command line"})]
    chosen = [item.sentence for item in writer.select("How do I add documents?", hits)]
    assert chosen == ["Open the Documents page, choose the files and press Upload."]
    alone = writer.select("How do I add `--json`?", hits[1:])  # asked only that: it leads
    assert alone[0].sentence.startswith("Add `--json`")


def test_a_procedure_told_in_sentences_is_written_in_the_pages_order(tmp_path, embedder):
    page = ("# Caldo 200 user manual\n\n## Setting the water hardness\n\n"
            "Dip the test strip in tap water for 1 second and count the red squares after 1 minute.\n"
            "Then switch the machine off, hold the steam button and switch it on again. The cup lights show the "
            "current level (1 to 4). Press the 1-cup button to change the level and the steam button to save.\n\n"
            "## Milk\n\nFill the milk jug up to the bottom of the spout.\n")
    answer = _ask_of_page(tmp_path, embedder, "manual.md", page,
                          "How do I set the water hardness level on the machine?")
    text = answer.answer
    assert text.startswith("Dip the test strip"), text
    # the step sharing most of the question's words is written where the page has it: last
    assert text.index("Then switch the machine off") < text.index("Press the 1-cup button"), text


def test_asked_how_the_rule_saying_how_leads_not_the_item_of_another_rule_before_it(tmp_path, embedder):
    # the items of a bulleted list of rules are no procedure: "If something feels stuck, ask for a hint." of the
    # item before led, after its opening "Do not use force."; and "Each group gets 3 free hints." says nothing of how
    page = ("# House rules\n\n## Inside the room\n\n"
            "- Do not use force. Nothing in the room needs strength to open. If something feels stuck, ask for a "
            "hint.\n"
            "- Do not climb on furniture or remove ceiling tiles.\n"
            "- Each group gets 3 free hints. Ask for a hint by pressing the blue button on the wall or speaking to "
            "the camera. Extra hints add a 2-minute penalty.\n"
            "- The door is never locked from the outside.\n\n## Photos\n\nWe take a team photo after the game.\n")
    answer = _ask_of_page(tmp_path, embedder, "rules.md", page, "How do I ask for a hint during the game?")
    assert answer.answer.startswith("Ask for a hint by pressing the blue button"), answer.answer


def test_asked_how_a_line_saying_to_follow_the_steps_below_opens_them(tmp_path, embedder):
    # "follow" names no deed of its own: the line was taken for another task's, and "To switch back on, follow the
    # same steps in reverse order." led without the steps
    page = ("Our crew arrives between 7:30 am and 8:00 am. Your power will be switched off for about 3 to 4 hours "
            "while the inverter is connected. Please:\n"
            "- Clear a path to the switchboard and the wall where the inverter will be mounted.\n"
            "- Save your work and switch off computers before the power is turned off.\n\n"
            "Once the meter is ready, a technician returns for a 30-minute handover visit. They switch on the system "
            "and show you how to use the monitoring app. You will receive a handover pack with your warranty "
            "certificates, your system diagram and the shutdown procedure.\n\n"
            "In an emergency, or before any work near the panels, follow this order:\n"
            "1. Turn the solar supply main switch in the switchboard to OFF.\n"
            "2. Turn the AC isolator next to the inverter to OFF.\n"
            "3. Turn the DC isolator on the inverter to OFF.\n"
            "4. Wait 5 minutes before touching any cables.\n\n"
            "To switch back on, follow the same steps in reverse order.\n\n"
            "Each customer is given a named project coordinator, who is your single point of contact from signing "
            "to handover.\n")
    answer = _ask_of_page(tmp_path, embedder, "installation-guide.txt", page,
                          "How do I switch my solar system off safely in an emergency?")
    assert answer.answer.startswith("1. Turn the solar supply main switch"), answer.answer


def test_asked_how_a_lead_goes_on_with_the_bullets_its_line_says_follow(tmp_path, embedder):
    # "To pause or cancel, follow these steps:" was written after the lead without the steps it introduces
    page = ("# Memberships\n\nMonthly memberships have no minimum term. You can pause a membership once per calendar "
            "year for between one and three months, for example while travelling. Your shelf is kept for you during "
            "a pause. To pause or cancel, follow these steps:\n\n"
            "- Email Dev Okafor at hello@saltmarsh.example, or tell the front desk, at least 7 days before your next "
            "billing date.\n- Say whether you want to pause (and for how many months) or cancel.\n"
            "- Return your key fob to the front desk.\n\n"
            "Annual memberships can be refunded in full within the first 30 days. After 30 days they can be paused "
            "once, in the same way as monthly memberships.\n")
    answer = _ask_of_page(tmp_path, embedder, "studio-policies.md", page,
                          "How do I put my membership on hold for a couple of months?")
    assert "- Email Dev Okafor at hello@saltmarsh.example" in answer.answer, answer.answer
    assert not any(line.rstrip(" [0-9]").endswith(":") for line in answer.answer.split("\n")[1:]), answer.answer


def test_asked_for_an_address_the_address_leads(tmp_path, embedder):
    page = ("# Locations\n\n## South Beach Kiosk\n\nThe South Beach Kiosk is a smaller rental point with 20 boats: "
            "single kayaks, tandem kayaks and paddleboards only.\n\nSouth Beach Kiosk: (555) 555-0147, during kiosk "
            "opening hours only.\n\nAddress: Birchwood Park, 210 Lakeview Road, Marlow Bay.\n\n"
            "## Main Dock\n\nThe Main Dock has 60 boats and the booking office.\n")
    answer = _ask_of_page(tmp_path, embedder, "locations.md", page, "What is the address of the South Beach Kiosk?")
    assert answer.answer.startswith("Address: Birchwood Park, 210 Lakeview Road"), answer.answer


def test_asked_how_a_lead_goes_on_with_the_steps_its_line_introduces(tmp_path, embedder):
    page = ("# Storage rules\n\n## Packing to keep your goods safe\n\n"
            "Most damage in storage comes from poor packing rather than from the building. We recommend these steps:\n"
            "1. Use strong double-wall boxes of the same size so they stack evenly.\n"
            "2. Wrap fragile items in bubble wrap and mark the box FRAGILE on every side.\n"
            "3. Keep heavy boxes at the bottom.\n\n"
            "## Inspections\n\nWe may inspect a unit if we believe it holds a prohibited item.\n")
    answer = _ask_of_page(tmp_path, embedder, "rules.md", page,
                          "How should I pack my things so they don't get damaged in storage?")
    assert "1. Use strong double-wall boxes" in answer.answer, answer.answer
    assert "3. Keep heavy boxes at the bottom." in answer.answer, answer.answer


def test_the_row_of_a_table_named_by_the_question_leads(tmp_path, embedder):
    page = ("# 비밀번호·지문·카드키 등록 가이드\n\n## 등록 가능 수량\n\n| 구분 | 등록 가능 수량 | 비고 |\n|---|---|---|\n"
            "| 사용자 비밀번호 | 최대 20개 | 가족·방문자용 |\n| 지문 | 100개 | 1인당 2개 손가락 등록 권장 |\n"
            "| 카드키 | 최대 50장 | 13.56MHz 전용 카드 |\n\n"
            "## 지문 등록\n\n등록 버튼을 누른 뒤 같은 손가락을 5번 올려 주세요.\n")
    answer = _ask_of_page(tmp_path, embedder, "guide.md", page, "지문은 최대 몇 개까지 등록할 수 있나요?")
    # the password row holds as many of the question's words ("최대", "등록"), but the question names fingerprints
    assert answer.answer.startswith("구분: 지문; 등록 가능 수량: 100개"), answer.answer


def test_a_list_items_sentence_answering_how_long_leads_without_an_opening_that_asks_less(tmp_path, embedder):
    page = ("# Cleaning\n\n## Backflushing\n\nBackflushing removes coffee oils from the group head.\n\n"
            "1. Fit the blind basket and add one cleaning tablet.\n"
            "2. Press and hold the 2-cup button for 5 seconds. The machine runs a 10-cycle backflush that takes "
            "about 90 seconds.\n3. Rinse the portafilter.\n")
    answer = _ask_of_page(tmp_path, embedder, "cleaning.md", page, "How long does the 10-cycle backflush take?")
    # "for 5 seconds" is a length of time too, but not the backflush's
    assert answer.answer.startswith("The machine runs a 10-cycle backflush that takes about 90 seconds."), \
        answer.answer


def test_steps_going_on_over_a_pdf_page_are_written_from_the_first(tmp_path, embedder):
    from fpdf import FPDF

    from core.runtime import runtime
    from tests.conftest import make_settings

    pdf = FPDF()
    pdf.set_font("Helvetica", size=11)
    pdf.add_page()
    for line in ("Changes and cancellations", "1. Changing the time of your ceremony",
                 "You can move your ceremony to another time on the same day for free, when the hall is free.",
                 "2. How to postpone your wedding",
                 "1) Send the postponement form to the events office by email. Ask your planner for the form."):
        pdf.multi_cell(0, 8, line, new_x="LMARGIN", new_y="NEXT")
    pdf.add_page()  # the steps go on over the page
    for line in ("2) Your planner confirms the new date and any difference in price within 2 working days.",
                 "3) Sign the amended contract.", "4) Pay the postponement fee by bank transfer to confirm the date."):
        pdf.multi_cell(0, 8, line, new_x="LMARGIN", new_y="NEXT")
    (tmp_path / "docs").mkdir()
    pdf.output(str(tmp_path / "docs" / "changes.pdf"))
    with runtime(make_settings(tmp_path / "data"), embedder=embedder) as built:
        built.pipeline.run_paths([str(tmp_path / "docs")], collection="default")
        answer = built.answers.ask("How do I postpone my wedding?").answer
    assert answer.startswith("1. Send the postponement form"), answer
    assert answer.index("Send the postponement form") < answer.index("Sign the amended contract"), answer


def test_a_line_marked_as_the_pages_question_is_one_though_it_asks_nothing(tmp_path, embedder):
    page = ("# 건강진단결과서 발급 안내\n\n## 자주 묻는 질문\n\n"
            "Q. 가족이 대신 결과서를 찾아가도 되나요?\nA. 가능합니다. 위임장, 본인 신분증 사본, 대리인 신분증을 가지고 "
            "1층 민원실로 오세요.\nQ. 결과서를 잃어버렸어요.\nA. 정부24나 보건소 누리집에서 공동인증서로 로그인하면 무료로 "
            "다시 출력할 수 있습니다.\n")
    answer = _ask_of_page(tmp_path, embedder, "faq.md", page, "건강진단결과서를 가족이 대신 찾아가려면 어떻게 해야 하나요?")
    # the answer to the lost certificate is not about the family's question before it
    assert answer.answer.startswith("위임장, 본인 신분증 사본"), answer.answer


def test_the_sentence_answering_the_pages_question_that_says_what_is_asked_leads(tmp_path, embedder):
    page = ("SMART HOME AND APP\n\nQ: Does the Halo work with voice assistants?\nA: The Halo works with Amazon Alexa "
            "and Google Home.\n\nQ: How do I lock the thermostat so that nobody can change the temperature?\n"
            "A: On the Halo, go to Settings > Lock > Screen Lock and choose a 4-digit PIN.\nWhile locked, the screen "
            "shows the temperature but changes need the PIN. You\ncan also set a locked temperature range, for "
            "example 66°F to 74°F, so others\ncan adjust the temperature only inside that range. If you forget the "
            "PIN,\nunlock the Halo from the app under Thermostat > Settings > Lock.\n")
    answer = _ask_of_page(tmp_path, embedder, "faq.txt", page,
                          "How do I lock the thermostat so my kids can't change the temperature?")
    # and without the page's "A:"
    assert answer.answer.startswith("On the Halo, go to Settings > Lock > Screen Lock"), answer.answer


def _passages_chosen(embedder, question: str, passages: list[tuple[str, float, str]]) -> list[str]:
    """The passages (id, search score, text) whose sentences the extractive writer chooses, lead first."""
    from retrieval import Bm25Encoder
    from retrieval.index import Hit

    writer = ExtractiveGenerator(embedder=embedder, terms=Bm25Encoder().terms)
    return [item.hit.id for item in writer.select(question, [Hit(n, score, {"text": text})
                                                             for n, score, text in passages])]


_PORT = ("The web page listens on port 8000 of 127.0.0.1 by default; `ragloop serve --host HOST --port PORT` picks "
         "another address and port.")


def test_a_passage_in_another_language_yields_to_one_in_the_questions_that_was_found_as_high(embedder):
    # over pages in both languages, "How do I change the port?" was answered with the Korean page's instruction
    # (an instruction counts for a question asking how) above the English page the search had found first
    both = [("en", 1.0, _PORT),
            ("ko", 0.89, "웹 페이지는 기본으로 8000번 포트에서 열립니다. 주소나 포트를 바꾸려면 `ragloop serve --host "
                         "HOST --port PORT`를 실행하거나, 시작 스크립트에 HOST와 PORT를 주세요.")]
    assert set(_passages_chosen(embedder, "How do I change the port?", both)) == {"en"}
    assert _passages_chosen(embedder, "포트는 어떻게 바꾸나요?", both)[0] == "ko", "asked in Korean, the Korean page"
    # a passage in another language that holds more of the question still leads
    only = [("en", 1.0, "Our office opens at 9 am."), ("ko", 0.9, "포트를 바꾸려면 `ragloop serve --port PORT`를 실행하세요.")]
    assert _passages_chosen(embedder, "How do I change the port?", only)[0] == "ko"


def test_what_a_sentence_quoting_a_question_quotes_is_an_example_not_what_it_is_about(embedder):
    # the user guide quotes questions as examples: "Which port does it use?" made a sentence on follow-up questions
    # follow the answer about the port
    pages = [("start", 1.0, _PORT),
             ("asking", 0.8, "A follow-up question that points back (\"Which port does it use?\") is searched together "
                             "with the question before it.")]
    assert set(_passages_chosen(embedder, "How do I change the port?", pages)) == {"start"}
    assert _passages_chosen(embedder, "How are follow-up questions searched?", pages)[0] == "asking"


_BOOKINGS = ("# Changing, Cancelling and Paying for Your Booking\n\n## Changing your booking\n\n"
             "You can change the dates, times or extras on most bookings at no charge.\n\n"
             "To change a booking online:\n\n"
             "1. Go to example.com and select Manage My Booking.\n2. Enter your booking reference and surname.\n"
             "3. Select Change Booking and choose the new details.\n4. Review the new price and confirm the change.\n\n"
             "## Cancelling your booking\n\nHow much you get back depends on when you cancel.\n\n"
             "To cancel, go to Manage My Booking, select Cancel Booking and follow the prompts. You will receive a "
             "cancellation number by email.\n\n## Payment methods\n\nWe accept Visa and Mastercard at all branches.\n")
_DELIVERY = ("# Home Delivery\n\n## How to place a delivery order\n\n"
             "1. Go to shop.example.coop and sign in.\n2. Add items to your cart.\n"
             "3. At checkout, choose your delivery day and 2-hour window.\n4. Pay by card.\n\n"
             "## Changing or cancelling an order\n\nYou can edit or cancel your order in your account until the "
             "8:00 pm cutoff the day before delivery. After the cutoff, call the delivery team.\n\n"
             "## Tipping\n\nTipping is never required.\n")


@pytest.mark.parametrize("page, question, lead, left_out", [
    # "How do I cancel my booking online?" was answered with the steps under "To change a booking online:"
    (_BOOKINGS, "How do I cancel my booking online?", "To cancel, go to Manage My Booking", "Change Booking"),
    # and "How do I cancel a home delivery order?" with those under "How to place a delivery order": the heading
    # "Changing or cancelling an order", naming two deeds, was not read as naming one
    (_DELIVERY, "How do I cancel a home delivery order?", "You can edit or cancel your order", "Add items"),
])
def test_steps_for_another_deed_than_the_one_asked_do_not_answer_when_the_pages_name_the_one_asked(
        tmp_path, embedder, page, question, lead, left_out):
    answer = _ask_of_page(tmp_path, embedder, "page.md", page, question)
    assert not answer.refused and answer.answer.startswith(lead), answer.answer
    assert left_out not in answer.answer


def test_the_steps_for_the_deed_asked_answer(tmp_path, embedder):
    answer = _ask_of_page(tmp_path, embedder, "bookings.md", _BOOKINGS, "How do I change my booking?")
    assert "Select Change Booking" in answer.answer and "1." in answer.answer, answer.answer


def test_a_further_line_of_the_passage_saying_the_rest_of_what_is_asked_follows_the_lead(tmp_path, embedder):
    # the lead holds most of the question's words; the line after it holds the ones that tell what is asked
    page = ("# 입장 규정\n\n## 신분 확인\n\n- 청소년 관람불가 영화는 입장할 때 직원이 신분증을 확인합니다.\n"
            "- 주민등록증, 운전면허증, 여권, 모바일 신분증을 인정하며 학생증은 인정하지 않습니다.\n"
            "- 신분증을 제시하지 못해 입장하지 못한 경우에도 일반 취소 수수료 기준이 그대로 적용됩니다.\n\n"
            "## 매점\n\n매점은 첫 회 상영 30분 전에 엽니다. 외부 음식은 반입할 수 없습니다.\n")
    answer = _ask_of_page(tmp_path, embedder, "admission.md", page, "청소년 관람불가 영화 입장 시 학생증을 신분증으로 인정하나요?")
    assert not answer.refused and "학생증은 인정하지 않습니다" in answer.answer, answer.answer


_RENTALS = ("# Equipment Rentals\n\n## How to Rent Equipment\n\n"
            "1. Fill in the online rental form with each skier's height, weight and shoe size.\n"
            "2. Come to the Rental Shop with your confirmation email and a photo ID.\n"
            "3. Sign the rental agreement and collect your equipment.\n\n"
            "## Returns and Late Fees\n\n- Equipment is due back by 5:00 p.m. on the last rental day.\n"
            "- Overnight storage is free: leave your rented gear in the rental shop's ski racks.\n"
            "- Packages include a free hot wax for each pair of skis or snowboard.\n\n"
            "## Booking Window\n\nRentals can be reserved up to 30 days ahead.\n\n"
            "## How to Reserve Online\n\n1. Go to rent.example and choose your dates.\n"
            "2. Pick a package and pay by card.\n")


@pytest.mark.parametrize("question, first", [
    # the heading holds one of the question's three terms, and says how: the steps under it answer, not the line
    # on ski racks, which holds two
    ("How do I rent skis or a snowboard?", "1. Fill in the online rental form"),
    # "Booking Window" names no deed to do, so the steps under "How to Reserve Online" are no other deed's
    ("How do I book my rental online?", "1. Go to rent.example"),
])
def test_asked_how_the_steps_under_a_how_to_heading_answer(tmp_path, embedder, question, first):
    answer = _ask_of_page(tmp_path, embedder, "rentals.md", _RENTALS, question)
    assert not answer.refused and answer.answer.startswith(first), answer.answer


_BAGGAGE = ("# 수하물 안내\n\n## 기내 휴대 수하물\n\n모든 운임의 승객은 기내 휴대 수하물 1개를 무료로 가지고 탈 수 "
            "있습니다. 무게는 10kg 이하, 크기는 세 변의 합 115cm 이하여야 합니다.\n")
_PASSPORT_DESK = ("# 여권 접수 안내\n\n## 접수 시간\n\n- 신청 접수: 평일 09:00~18:00\n- 여권 수령: 평일 09:00~18:00\n\n"
                  "## 접수 장소\n\n여권 신청은 한빛구청 본관 2층 여권민원실에서만 접수하며, 동 행정복지센터에서는 여권 "
                  "업무를 처리하지 않습니다.\n")

_MAIL = ("# Mail Handling\n\n## Forwarding\n\nIf you cannot come in to collect your post, we can scan letters for you "
         "or send them on to another address. Forwarding costs a £5 handling fee plus postage, and the Mail Plan "
         "costs £35 per month. Mail is forwarded every Thursday by first class post.\n\n## Scanning\n\n"
         "Scans are emailed to you as PDF files within one working day.\n")


@pytest.mark.parametrize("page, question, first", [
    # "얼마" asks a price or a measure: the sentence saying the bag is free, a price, led the weight limit asked
    (_BAGGAGE, "기내 휴대 수하물의 무게 제한은 얼마인가요?", "무게는 10kg 이하"),
    # the labelled line on opening hours, which holds two of its words, led where to apply
    (_PASSPORT_DESK, "여권 신청은 어디에서 접수하나요?", "여권 신청은 한빛구청 본관 2층"),
    # "how often" is told without a number: the line with the fees, which holds two, led
    (_MAIL, "How often is mail forwarded?", "Mail is forwarded every Thursday"),
])
def test_asked_how_heavy_where_or_how_often_the_sentence_saying_it_leads(tmp_path, embedder, page, question, first):
    answer = _ask_of_page(tmp_path, embedder, "안내.md", page, question)
    assert not answer.refused and answer.answer.startswith(first), answer.answer


@pytest.mark.parametrize("question, first", [
    ("타이어 홈이 얼마나 남으면 갈아야 하나요?", "트레드 깊이가 3mm 이하로 남으면 교체를 권장합니다"),
    ("둘째 아이도 등록하면 깎아 주시나요?", "두 번째 아이부터 수강료의 10%를 할인해 드립니다"),
])
def test_an_everyday_verb_finds_the_sentence_saying_the_deed_in_the_pages_word(tmp_path, embedder, question, first):
    # people say "갈다" and "깎다" where the pages write "교체" and "할인": the question read in the pages' words
    page = ("# 타이어 및 수강 안내\n\n## 타이어 교체 시기\n\n트레드 깊이가 3mm 이하로 남으면 교체를 권장합니다. "
            "제조일로부터 6년이 지난 타이어도 점검을 받으세요.\n\n## 형제 할인\n\n두 번째 아이부터 수강료의 10%를 할인해 "
            "드립니다. 할인은 같은 학기에 등록할 때만 적용됩니다.\n\n## 주차\n\n수강생은 3시간 무료 주차가 됩니다.\n")
    answer = _ask_of_page(tmp_path, embedder, "안내.md", page, question)
    assert not answer.refused and answer.answer.startswith(first), (answer.confidence, answer.answer)


def test_asked_how_the_section_naming_the_deed_and_a_procedure_answers_however_much_else_the_question_tells(
        tmp_path, embedder):
    # the question tells what happened ("물건이 깨져서 왔는데"), and two of its five terms are the deed: the deadline's
    # section, whose heading names the deed as well, led with "파손 사고는 … 14일 이내에 신고해야 합니다"
    page = ("# 파손·분실 사고 처리 규정\n\n## 제1조 사고 신고 기한\n\n파손 사고는 물품을 받은 날로부터 14일 이내에 신고해야 "
            "합니다. 분실 사고는 예상 배송일로부터 30일 이내에 신고해야 합니다.\n\n## 제2조 사고 신고 방법\n\n"
            "1. 앱 또는 홈페이지에서 '사고 신고' 메뉴를 선택합니다.\n2. 운송장 번호를 입력하고 사고 유형을 고릅니다.\n"
            "3. 파손 부위가 보이는 사진을 3장 이상 올립니다.\n4. 신고가 접수되면 사고 접수 번호가 문자로 발송됩니다.\n\n"
            "## 제3조 보상 금액\n\n보상 금액은 물품 가액과 실제 손해액 중 적은 금액으로 정합니다.\n")
    answer = _ask_of_page(tmp_path, embedder, "사고.md", page, "물건이 깨져서 왔는데 사고 신고는 어떻게 하면 되나요?")
    assert not answer.refused and answer.answer.startswith("1. 앱 또는 홈페이지에서 '사고 신고' 메뉴를"), answer.answer
    assert "14일 이내에" not in answer.answer.split("\n\n")[0]


@pytest.mark.parametrize("question, title, first, steps", [
    # "대여 방법" says how to do what the heading above it names, renting games to take home, which the question says
    # in its own words; the rules opening that section, found first, led
    ("게임을 집에 빌려 가고 싶은데 어떻게 하면 돼요?", "게임 대여 및 규칙 설명 서비스 안내",
     ("게임 대여 (집으로 빌려 가기)", "게임 대여는 회원만 이용할 수 있습니다. 대여 기간은 1박 2일이 기본이며, 빌린 다음 날 "
      "반납하시면 됩니다. 한 번에 최대 2개까지 빌릴 수 있습니다."),
     ("게임 대여 (집으로 빌려 가기) > 대여 방법", "1. 카운터에서 회원 번호를 말씀해 주세요.\n2. 빌리고 싶은 게임을 고르면 "
      "직원이 부품 수를 함께 확인합니다.\n3. 대여료와 보증금을 결제하고 대여 확인서를 받습니다.")),
    # a plain-text notice's "2. 예약 방법", under its title; the section on who may book, whose heading holds more of
    # the question, led
    ("회사 사람들 12명이서 가려는데 단체 예약은 어떻게 하나요?", "단체 예약 및 파티룸 대관 안내",
     ("1. 단체 예약 대상", "10인 이상 방문 단체는 예약해 주세요. 9인 이하 일행은 예약 없이 방문하시면 됩니다."),
     ("2. 예약 방법", "1) 방문 희망일 3일 전까지 전화로 예약 가능 여부를 문의합니다.\n2) 직원이 보내 드리는 예약 신청서를 "
      "적어 보냅니다.\n3) 24시간 안에 예약금을 입금합니다.")),
])
def test_asked_how_the_steps_under_a_procedure_heading_do_what_the_heading_above_it_or_the_page_names(
        embedder, question, title, first, steps):
    from retrieval import Bm25Encoder
    from retrieval.index import Hit

    writer = ExtractiveGenerator(embedder=embedder, terms=Bm25Encoder().terms)
    hits = [Hit(name, score, {"text": text, "heading_path": heading, "title": title})
            for name, score, (heading, text) in (("first", 1.0, first), ("steps", 0.9, steps))]
    chosen = writer.select(question, hits)
    assert chosen[0].hit.id == "steps", [item.sentence for item in chosen]


def test_a_korean_how_to_question_telling_its_situation_first_is_answered_by_the_deeds_steps(tmp_path, embedder):
    # the situation ("회사 사람들 12명이서 가려는데") is none of the steps' words: the steps for a group booking were
    # refused, as they hold two of the question's seven terms
    page = ("단체 예약 및 파티룸 대관 안내\n\n10인 이상이 함께 방문하실 때는 꼭 사전 예약을 해 주시기 바랍니다.\n\n"
            "1. 단체 예약 대상\n\n- 10인 이상 방문 단체\n- 9인 이하 일행은 예약 없이 방문하시면 됩니다.\n\n"
            "2. 예약 방법\n\n1) 방문 희망일 3일 전까지 전화로 예약 가능 여부를 문의합니다.\n"
            "2) 직원이 보내 드리는 예약 신청서를 적어 보냅니다.\n3) 24시간 안에 예약금을 입금합니다.\n\n"
            "3. 취소 규정\n\n방문 7일 전까지 취소하면 예약금을 전액 환불합니다.\n")
    answer = _ask_of_page(tmp_path, embedder, "단체예약.txt", page, "회사 사람들 12명이서 가려는데 단체 예약은 어떻게 하나요?")
    assert not answer.refused and answer.answer.startswith("1. 방문 희망일 3일 전까지"), (answer.confidence, answer.draft)


def test_the_situation_a_korean_question_tells_before_what_it_asks():
    from answer.answer_kinds import situation_told

    assert situation_told("회사 사람들 12명이서 가려는데 단체 예약은 어떻게 하나요?") == "회사 사람들 12명이서 가려는데 "
    assert situation_told("처음 해보는 게임인데 규칙 설명은 어떻게 받나요?") == "처음 해보는 게임인데 "
    assert situation_told("단체 예약은 어떻게 하나요?") == ""


def test_a_paragraph_a_short_label_opens_is_about_what_it_labels(tmp_path, embedder):
    from answer.sentences import item_openings

    page = ("# Classes and locations\n\n## Getting here\n\n**Riverside:** buses 12 and 31 stop outside the post "
            "office. There is a pay-and-display car park on Mill Lane.\n\n**Northgate:** a five-minute walk from "
            "the train station. There is a free customer car park with 20 spaces behind the studio.\n")
    openings = item_openings(page.replace("**", ""))
    assert openings["There is a free customer car park with 20 spaces behind the studio."] == (
        "Northgate: a five-minute walk from the train station.")
    # a sentence, or a name glossed in other languages, is no label
    assert item_openings("The Normans (Norman: Nourmands; French: Normands) were a people. They settled in France.\n"
                         "Pagehill supports English and Korean: both are read. Each has an analyser.\n") == {}
    answer = _ask_of_page(tmp_path, embedder, "classes.md", page, "Is there parking at Northgate?")
    assert not answer.refused and "free customer car park" in answer.answer, answer.answer
    assert "Mill Lane" not in answer.answer, answer.answer


def test_a_table_row_is_named_by_its_name_cell_when_its_first_cell_is_a_kind_the_rows_share(tmp_path, embedder):
    # the fee sheet's first column is the kind of programme; the programme's name, in the third, is what the question
    # names, and the premium row, whose contents name the standard programme, led
    page = ("# 검진 프로그램 요금표\n\n| 구분 | 코드 | 프로그램명 | 주요 검사 내용 | 금액 |\n|---|---|---|---|---|\n"
            "| 종합검진 | P-01 | 새봄 베이직 | 신체계측, 혈액검사, 흉부 X-ray | 190,000원 |\n"
            "| 종합검진 | P-02 | 새봄 스탠다드 | 베이직 항목 + 복부 초음파, 수면 위내시경 | 390,000원 |\n"
            "| 종합검진 | P-03 | 새봄 프리미엄 | 스탠다드 항목 + 수면 대장내시경, 저선량 폐CT | 790,000원 |\n")
    answer = _ask_of_page(tmp_path, embedder, "요금.md", page, "새봄 스탠다드 프로그램 금액은 얼마인가요?")
    assert not answer.refused and "390,000원" in answer.answer.split("[")[0], answer.answer


def test_the_cells_that_name_a_table_row():
    from answer.sentences import row_keys

    text = ("| 구분 | 코드 | 프로그램명 | 소요 시간 | 금액 |\n|---|---|---|---|---|\n"
            "| 종합검진 | P-01 | 새봄 베이직 | 약 2시간 | 190,000원 |\n| 종합검진 | P-02 | 새봄 스탠다드 | 약 3시간 | 390,000원 |\n")
    keys = row_keys(text)
    assert keys["구분: 종합검진; 코드: P-02; 프로그램명: 새봄 스탠다드; 소요 시간: 약 3시간; 금액: 390,000원"] == [
        "종합검진", "새봄 스탠다드"]  # a code, a time and an amount name no row; a kind the rows share is no name
