"""A follow-up borrows the earlier question's words for its search (`answer.rewrite`), and those words find the
earlier answer's passage again. "Is there a size limit?" after "Can I upload PowerPoint slides?" was answered with
the list of formats at 0.8: the passage answers the earlier question, not the size limit. Such a follow-up is
refused, and says why, unless the follow-up searched as asked finds passages that answer it; one whose passages hold
its own words, or whose own words are as common as "change", is answered as before
(`AnswerService._follow_up_unheld`)."""

import pytest

from answer.confidence import UNMENTIONED_CONFIDENCE
from web.i18n import confidence_reason, translator

PAGES = {
    "uploads.md": """# Uploading documents

Any supported format can be uploaded: Markdown, text, HTML, PDF, Word, PowerPoint, Excel and CSV files. Open the
Documents page, choose the files and press Upload. Scanned pages are read with OCR.
""",
    "server.md": """# Running the server

The web page listens on port 8000 by default; `tallow serve --port PORT` picks another port. Backups are written
every night at 02:00 into `/var/backups/tallow` and kept for 14 days.
""",
    "accounts.md": """# Accounts

`tallow users add NAME --role user|editor|admin` creates an account. Editors also upload documents and admins also
manage accounts.
""",
    "cards.md": """# Door cards

A lost or stolen door card is blocked by the card line on 0800 555 0177, day and night.
""",
}


@pytest.fixture(scope="module")
def pages(tmp_path_factory, embedder):
    from tests.conftest import knowledge_base, written

    folder = written(tmp_path_factory.mktemp("pages"), PAGES)
    with knowledge_base(tmp_path_factory.mktemp("kb"), embedder, [str(folder)]) as answers:
        yield answers


@pytest.mark.parametrize("earlier, follow_up", [
    ("Can I upload PowerPoint slides?", "And the size limit?"),
    ("How do I add a user?", "Can I delete one?"),
])
def test_a_follow_up_whose_passages_answer_only_the_earlier_question_is_refused(pages, earlier, follow_up):
    assert not pages.ask(earlier).refused
    answer = pages.ask(follow_up, history=[earlier])
    assert answer.search_query != follow_up  # it did borrow the earlier words
    assert answer.refused and answer.confidence <= UNMENTIONED_CONFIDENCE, answer.answer
    assert answer.signals["follow_up_unheld"] == 1.0 and answer.generation["follow_up_unheld"]
    for language, said in (("en", "earlier question"), ("ko", "앞의 질문")):
        reason = confidence_reason(translator(language), refused=True, confidence=answer.confidence,
                                   signals=answer.signals, generation=answer.generation)
        assert said in reason


@pytest.mark.parametrize("earlier, follow_up, said", [
    ("Can I upload PowerPoint slides?", "What about Excel?", "Excel"),
    ("Which port does the web page listen on?", "How do I change it?", "--port"),
    # a passage holding a phone number holds the word the follow-up names it by
    ("What do I do when my door card is lost?", "Is there a helpline?", "0800 555 0177"),
])
def test_a_follow_up_whose_passages_hold_its_own_words_is_answered(pages, earlier, follow_up, said):
    answer = pages.ask(follow_up, history=[earlier])
    assert not answer.refused and said in answer.answer, answer.answer
    assert answer.signals["follow_up_unheld"] == 0.0


def test_a_follow_up_asking_whether_there_is_a_thing_the_pages_never_name_says_so(pages):
    answer = pages.ask("Is there a size limit?", history=["Can I upload PowerPoint slides?"])
    # "limit" is a bound a page writes as an amount ("up to 20 MB"); "size" is what none of them names
    assert answer.refused and answer.generation["unmentioned"] == ["size"], answer.answer


def test_a_question_asked_on_its_own_is_not_held_to_the_rule(pages):
    answer = pages.ask("Is there a size limit?")
    assert answer.search_query == "Is there a size limit?" and answer.signals["follow_up_unheld"] == 0.0
