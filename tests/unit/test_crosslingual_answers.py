"""A question in one language over pages in another (a Korean speaker and English documentation): what the pages
hold is answered from them, cited, and said to be in another language; what they don't hold is refused. The term
signals can say nothing there (no word is shared), so the shipped calibrations read the dense ones alone."""

import pytest

from eval.crosslingual import DOCUMENTS, NOT_HELD, QUESTIONS
from web.i18n import MESSAGES, confidence_level, confidence_reason, translator

ENGLISH_PAGES = {key: page for key, page in DOCUMENTS.items() if key.startswith("en-")}


def _policies(tmp_path_factory, embedder, pages: dict):
    """An answer service over `pages` (id -> (title, text)), one Markdown file each."""
    from tests.conftest import knowledge_base

    folder = tmp_path_factory.mktemp("policies")
    for key, (title, text) in pages.items():
        (folder / f"{key}.md").write_text(f"# {title}\n\n{text}\n", encoding="utf-8")
    with knowledge_base(tmp_path_factory.mktemp("kb"), embedder, [str(folder)]) as answers:
        yield answers


@pytest.fixture(scope="module")
def english_pages(tmp_path_factory, embedder):
    yield from _policies(tmp_path_factory, embedder, ENGLISH_PAGES)


@pytest.mark.parametrize("key", ["ko-en-laptop-1", "ko-en-travel-2", "ko-en-wifi-1", "ko-en-fire-2",
                                 "ko-en-remote-1", "ko-en-mentoring-2"])
def test_a_korean_question_is_answered_from_the_english_page_that_holds_it(english_pages, key):
    question, page = QUESTIONS[key]
    answer = english_pages.ask(question)
    assert not answer.refused, f"refused at {answer.confidence:.2f}: {answer.draft}"
    assert answer.citations[0].source.endswith(f"{page}.md"), [c.source for c in answer.citations]
    assert answer.signals["other_language"] == 1.0 and answer.signals["chunk_coverage"] == 0.0
    t = translator("ko")
    reason = confidence_reason(t, refused=False, confidence=answer.confidence, signals=answer.signals)
    high = confidence_level(answer.confidence) == "high"
    assert reason == MESSAGES["why.other_language_high" if high else "why.other_language"]["ko"]


@pytest.mark.parametrize("key", ["ko-security", "ko-shuttle", "ko-health", "ko-referral"])
def test_a_korean_question_the_english_pages_do_not_hold_is_refused(english_pages, key):
    answer = english_pages.ask(NOT_HELD[key])
    assert answer.refused, f"answered at {answer.confidence:.2f}: {answer.answer}"


def test_an_english_question_over_the_same_pages_is_read_in_its_own_language(english_pages):
    answer = english_pages.ask("How much does a parking permit cost per month?")
    assert not answer.refused and "45 euros" in answer.answer
    assert answer.signals["other_language"] == 0.0 and answer.signals["chunk_coverage"] > 0.5


@pytest.fixture(scope="module")
def both_languages(tmp_path_factory, embedder):
    """Every policy in one collection: English pages and Korean ones on other subjects."""
    yield from _policies(tmp_path_factory, embedder, DOCUMENTS)


@pytest.mark.parametrize("key", ["ko-en-remote-1", "ko-en-printer-2"])
def test_among_korean_pages_a_korean_question_is_answered_from_the_english_one_that_holds_it(both_languages, key):
    """The embedder rates Korean sentences on other subjects above the English one that answers; read in the
    question's language, the English sentence leads the answer, and the confidence reads its cosine the same way."""
    question, page = QUESTIONS[key]
    answer = both_languages.ask(question)
    assert not answer.refused, f"refused at {answer.confidence:.2f}: {answer.draft}"
    assert answer.citations[0].source.endswith(f"{page}.md") and answer.signals["other_language"] == 1.0
