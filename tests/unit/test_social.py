"""Social turns: "hi", "thanks!" or "how's your day going?" get a short reply in the person's language, not an
answer searched from the documents nor "The documents don't say"; a message that also asks something is searched as
a question; a greeting earlier in a conversation lends no words to a follow-up; and the nightly topics leave such
turns out (`answer.social`)."""

from datetime import timedelta

import pytest

from answer import SOCIAL, REFUSAL_TEXT
from answer.social import REPLIES, social_reply, social_turn

INDEX_ENGINES = ("edge",)  # the vector store is not what these test (tests/conftest.py)

PAGES = {
    "events.md": """# Your event day

Thank you for considering Hollowbrook Barn for your celebration. We love to hear how your day went, so please
leave us a review afterwards. Free parking for up to 70 cars is in the paddock car park next to the barn.
""",
    "hours.md": """# Opening hours

The events office is open Monday to Friday, 09:00 to 17:00. Call 01632 960 123 or email hello@hollowbrook.example.
""",
}


@pytest.mark.parametrize("message, kind", [
    ("hi", "greeting"), ("Hello there!", "greeting"), ("Good morning :)", "greeting"),
    ("thanks!", "thanks"), ("Thank you so much for your help", "thanks"), ("cheers", "thanks"),
    ("hey how's your day going?", "wellbeing"), ("Hi, how are you?", "wellbeing"),
    ("bye", "farewell"), ("ok thanks, bye", "thanks"), ("got it", "acknowledgement"),
    ("안녕하세요", "greeting"), ("정말 감사합니다^^", "thanks"), ("고마워요 ㅎㅎ", "thanks"),
    ("hello, are you a real person?", "self"), ("Am I talking to a bot?", "self"), ("안녕하세요 상담원이세요?", "self"),
    ("잘 지내세요?", "wellbeing"), ("수고하세요", "farewell"), ("네 알겠습니다", "acknowledgement"),
])
def test_a_message_made_only_of_social_words_is_a_social_turn(message, kind):
    assert social_turn(message) == kind


@pytest.mark.parametrize("message", [
    "Hi, how do I reset my password?", "thanks, where do I park?", "How much is the booking fee?", "help",
    "안녕하세요 주차 되나요?", "감사 인사는 어디에 남기나요?", "How", "the", "",
])
def test_a_message_that_asks_anything_else_is_a_question(message):
    assert social_turn(message) is None


def test_the_reply_is_in_the_messages_language():
    assert social_reply("thanks!") == REPLIES["thanks"]["en"]
    assert social_reply("감사합니다") == REPLIES["thanks"]["ko"]
    assert social_reply("Where do I park?") is None


@pytest.fixture(scope="module")
def pages(tmp_path_factory, embedder):
    from tests.conftest import pages_answered

    with pages_answered(tmp_path_factory, embedder, PAGES) as answers:
        yield answers


@pytest.mark.parametrize("message", ["thanks!", "hey how's your day going?", "hi", "안녕하세요"])
def test_a_social_turn_is_replied_to_without_searching_the_documents(pages, message):
    answer = pages.ask(message)
    assert answer.generator == SOCIAL and answer.answer == social_reply(message)
    assert answer.refused and answer.citations == [] and answer.retrieved == []
    assert "Thank you for considering" not in answer.answer and answer.answer != REFUSAL_TEXT
    events = list(pages.ask_stream(message))
    assert [e["event"] for e in events] == ["done"], "nothing streamed before the reply"
    assert events[-1]["answer"].answer == social_reply(message)


def test_a_question_opening_with_a_greeting_is_answered_from_the_documents(pages):
    answer = pages.ask("hi, where can we park?")
    assert not answer.refused and answer.generator != SOCIAL
    assert "70 cars" in answer.answer and answer.citations[0].source.endswith("events.md")


def test_a_greeting_earlier_in_the_conversation_lends_no_words_to_the_next_question(pages):
    answer = pages.ask("And the phone number?", history=("hello there!",))
    assert answer.search_query == "And the phone number?", "not searched as 'And the phone number? hello'"
    assert "01632 960 123" in answer.answer


def test_the_nightly_topics_leave_social_turns_out(session_factory):
    from core.db import session_scope, utcnow
    from eval.topics import asked_questions
    from feedback import store as answers_store

    with session_scope(session_factory) as session:
        for question, generator in (("thanks!", SOCIAL), ("When is the office open?", "extractive")):
            answers_store.create_answer(
                session=session, question=question, answer="…", citations=[], confidence=0.0, refused=True,
                collection="default", prompt_version="", generator=generator, embedder="test", latency_ms=1.0,
                asked_by="ann", created_at=utcnow() - timedelta(days=1))
        asked = asked_questions(session=session, now=utcnow(), days=7, default_collection="default")
    assert [item.question for item in asked] == ["When is the office open?"]
