"""Citation checking: markers mapped to retrieved chunks, support scored per sentence, renumbering."""

import pytest

from answer.citations import UNSUPPORTED_MARK, CitationChecker
from retrieval import Bm25Encoder
from retrieval.index import Hit

HITS = [Hit("a", 0.9, {"text": "Invoices are sent on the first day of every month by e-mail."}),
        Hit("b", 0.8, {"text": "The agent listens on port 7311 and reports every minute."}),
        Hit("c", 0.7, {"text": "환불은 승인 후 5영업일 이내에 처리됩니다."})]


@pytest.fixture
def checker(embedder):
    return CitationChecker(terms=Bm25Encoder().terms, embedder=embedder, threshold=0.5)


def test_cited_chunks_are_renumbered_in_order_of_first_use(checker):
    verified = checker.verify("The agent listens on port 7311 [2]. Invoices are sent monthly by e-mail [1].", HITS)
    assert verified.text == "The agent listens on port 7311. [1] Invoices are sent monthly by e-mail. [2]"
    assert [h.id for h in verified.chunks] == ["b", "a"]
    assert verified.supported_share == 1.0


def test_a_space_before_a_file_extension_is_kept_and_one_left_by_a_marker_goes(embedder):
    hits = [Hit("a", 0.9, {"text": "It reads HTML (.html and .htm) and images (.png, .jpg and others)."})]
    checker = CitationChecker(terms=Bm25Encoder().terms, embedder=embedder, threshold=0.5)
    verified = checker.verify("It reads HTML (.html and .htm) and images (.png, .jpg and others) [1].", hits)
    assert verified.text == "It reads HTML (.html and .htm) and images (.png, .jpg and others). [1]"
    said = "Everything is kept under the data directory (RAGLOOP_DATA_DIR, ./data by default)."
    kept = checker.verify(f"{said} [1]", [Hit("b", 0.9, {"text": said})])
    assert kept.text == f"{said} [1]"  # the space before a path stays


def test_marker_after_the_full_stop_belongs_to_the_sentence_before(checker):
    verified = checker.verify("Invoices are sent on the first day of every month.[1][2] Refunds take time.", HITS)
    assert verified.sentences[0].cited == [0]
    assert verified.sentences[0].supported


def test_a_labelled_value_without_a_full_stop_ends_at_its_marker(checker):
    hits = [Hit("a", 0.9, {"text": "- 가족관계증명서: 1통 1,000원\n- Sunday: closed"}),
            Hit("b", 0.8, {"text": "상단의 [온라인 예약] 메뉴에서 날짜를 고르세요."})]
    verified = checker.verify("가족관계증명서: 1통 1,000원 [1] 상단의 [온라인 예약] 메뉴에서 날짜를 고르세요. [2] "
                              "Sunday: closed [1]", hits)
    assert [(s.text, s.cited) for s in verified.sentences] == [
        ("가족관계증명서: 1통 1,000원", [0]), ("상단의 [온라인 예약] 메뉴에서 날짜를 고르세요.", [1]),
        ("Sunday: closed", [0])]


def test_a_stop_inside_brackets_or_before_a_small_letter_ends_no_sentence(checker):
    row = ("Ref: F05; Item: Exit fee: Fix 24; Amount (inc. VAT): £150.00 per fuel; When it applies: Leaving early; "
           "Tariff: Fix 24; Elec. unit rate: 24.40p/kWh")
    verified = checker.verify(f"{row} [1]", [Hit("a", 0.9, {"text": row})])
    # a table's row read as one sentence stays one, its marker at its end
    assert verified.text == f"{row} [1]"
    assert len(verified.sentences) == 1


def test_a_list_stays_a_list_and_a_paragraph_after_it_stays_apart(checker):
    text = ("Before the invoices go out: [1]\n1. The agent reports every minute. [2]\n"
            "2. Invoices are sent on the first day of every month by e-mail. [1]\n\nRefunds take 5 days. [3]")
    hits = [*HITS[:2], Hit("c", 0.7, {"text": "Refunds take 5 days once approved."})]
    verified = checker.verify(text, hits)
    assert verified.text == ("Before the invoices go out: [1]\n1. The agent reports every minute. [2]\n"
                             "2. Invoices are sent on the first day of every month by e-mail. [1]\n\n"
                             "Refunds take 5 days. [3]")
    assert checker.verify("Invoices are sent monthly [1].\nThe agent listens on port 7311 [2].", HITS).text == (
        "Invoices are sent monthly. [1] The agent listens on port 7311. [2]"), "lines of prose run on as before"
    bullets = checker.verify("- Invoices are sent monthly [1].\n- The agent listens on port 7311 [2].", HITS)
    assert bullets.text == "- Invoices are sent monthly. [1]\n- The agent listens on port 7311. [2]"


def test_markers_pointing_nowhere_are_dropped_and_the_sentence_repointed(checker):
    verified = checker.verify("The agent listens on port 7311 [7].", HITS)
    assert verified.invalid_markers == 1
    assert verified.text == "The agent listens on port 7311. [1]" and verified.chunks[0].id == "b"


def test_a_wrong_citation_moves_to_the_chunk_that_supports_the_sentence(checker):
    verified = checker.verify("The agent listens on port 7311 [1].", HITS)
    assert verified.repointed == 1 and verified.chunks[0].id == "b"


@pytest.mark.parametrize("policy, expected", [
    ("drop", "The agent listens on port 7311. [1]"),
    ("mark", f"The agent listens on port 7311. [1] Penguins can fly over the ocean.{UNSUPPORTED_MARK}"),
    ("keep", "The agent listens on port 7311. [1] Penguins can fly over the ocean."),
])
def test_unsupported_sentences_follow_the_policy(embedder, policy, expected):
    checker = CitationChecker(terms=Bm25Encoder().terms, embedder=embedder, threshold=0.5, policy=policy)
    verified = checker.verify("The agent listens on port 7311 [2]. Penguins can fly over the ocean [2].", HITS)
    assert verified.text == expected
    assert verified.supported_share == 0.5


def test_korean_sentences_are_checked_against_korean_chunks(checker):
    verified = checker.verify("환불은 5영업일 이내에 처리됩니다 [3]. 환불 신청은 고객센터 전화로만 받습니다 [3].", HITS)
    assert [s.supported for s in verified.sentences] == [True, False]
    assert verified.text == "환불은 5영업일 이내에 처리됩니다. [1]"


def test_no_supported_sentence_means_no_answer(checker):
    verified = checker.verify("Penguins can fly [1].", HITS)
    assert not verified.has_support and verified.text == "" and verified.chunks == []


def test_a_faqs_question_written_as_the_heading_is_backed_by_its_chunk_and_backs_nothing_else(checker):
    hits = [Hit("a", 0.9, {"text": "No. We pay back only what is returned within a fortnight.",
                           "heading_path": "Returns > Q. Can I get a refund after 30 days?"})]
    quoted = checker.verify("Can I get a refund after 30 days? [1] No. We pay back only what is returned within a "
                            "fortnight. [1]", hits)
    assert quoted.sentences[0].supported, "the heading's question, quoted before the answer under it"
    said = checker.verify("You can get a refund after 30 days. [1]", hits)
    assert not said.sentences[0].supported, "the heading's words back no claim the text under it does not make"
