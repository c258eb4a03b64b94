"""Follow-up questions borrow the previous question's words; questions that stand on their own are searched as
they are, however short."""

import pytest

from answer.rewrite import QueryRewriter
from retrieval import Bm25Encoder


@pytest.fixture(scope="module")
def rewriter():
    return QueryRewriter(Bm25Encoder().terms)


@pytest.mark.parametrize("previous, question, borrowed", [
    ("스탠다드 요금제는 한 달에 얼마인가요?", "패밀리는요?", "스탠다드"),
    ("How do I install the agent?", "Which port does it listen on?", "install"),
    ("How do I install the agent?", "Which port?", "agent"),
    ("환불은 며칠 안에 되나요?", "그럼 카드로 결제했으면요?", "환불"),
    ("What do I do when my door card is lost?", "Do you have a hotline?", "card"),  # "you" asks, but of the card
])
def test_a_follow_up_borrows_the_previous_questions_words(rewriter, previous, question, borrowed):
    query = rewriter.standalone(question, [previous])
    assert query.startswith(question) and borrowed in query


@pytest.mark.parametrize("previous, question", [
    ("제주도에 사는데 받아 볼 수 있나요?", "대한민국의 수도는 어디인가요?"),
    ("How do I install the agent?", "Who founded Apple?"),
    ("How do I install the agent?", "How much does the Team plan cost?"),
    ("How do I install the agent?", "How can I reach you?"),  # one word of its own, but it asks the owner
    ("How do I install the agent?", "What is your phone number?"),
])
def test_a_question_that_stands_on_its_own_is_searched_as_it_is(rewriter, previous, question):
    assert rewriter.standalone(question, [previous]) == question
