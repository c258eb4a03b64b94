"""Reviewed answers served back: an agent's approved answer reaches the next user who asks the same question in
other words, and only then: not for a different question, not when its documents changed, not when serving is
off, not after a thumbs-down (which sends it back to review), and never in the nightly evaluation."""

import time

import pytest

from answer import Asked, ask_and_record, same_question
from core.db import session_scope
from eval import reopen_disliked, review_item, store
from feedback import get_answer, rate
from tests.conftest import written

INDEX_ENGINES = ("edge",)  # the vector store is not what these test (tests/conftest.py)

REFUND = "Refunds are approved by the billing team and paid back to the card within five business days."


@pytest.mark.parametrize("asked,reviewed,same", [
    ("How much does the Team plan cost?", "how much does the team plan cost", True),
    ("How do I reset my password?", "How can I reset my password", True),
    ("How long do refunds take?", "How long does a refund take?", True),
    ("환불은 얼마나 걸리나요?", "환불은 얼마나 걸려요?", True),
    ("한빛도서관 3층 열람실의 이름은?", "한빛도서관의 3층 열람실 이름은?", True),
    ("How do I reset my pasword?", "How do I reset my password?", True),  # a typo
    ("How do I cancle my subscription?", "How do I cancel my subscription?", True),
    # close in the embedder's eyes, and different questions: another name or number, another kind of answer,
    # order or negation, another content word
    ("How much does the Pro plan cost?", "How much does the Team plan cost?", False),
    ("Which port does version 2 use?", "Which port does version 3 use?", False),
    ("SSO는 지원하나요?", "SAML 로그인을 지원하나요?", False),
    ("Where did the founder move the head office to?", "When did the founder move the head office?", False),
    ("What building style came after Gothic in the old town?", "What building style came before Gothic in the "
                                                                "old town?", False),
    ("Can I pay by card?", "Can't I pay by card?", False),
    ("Who was Elinor's brother?", "Who was Elinor's husband?", False),
    ("What is the third principle?", "What is the fourth principle?", False),
    ("사내 보안 규정의 세 번째 원칙은?", "사내 보안 규정의 네 번째 원칙은?", False),
    ("박서연이 대학교를 졸업한 년도는?", "박서연씨가 졸업한 대학교는?", False),
    ("How do I reset my password?", "I forgot my password, how can I reset it?", False),  # strict: not served
    ("Which model does the scanner use?", "Which modal does the scanner use?", False),  # two words, no typo
    ("who is harald's manager?", "who is harold's manager?", False),  # two names
    ("does the placer fee apply?", "does the player fee apply?", False),  # a rare word, not a typo
])
def test_only_the_same_question_in_other_words_is_the_same(asked, reviewed, same):
    from retrieval import Bm25Encoder

    assert same_question(asked, reviewed, terms=Bm25Encoder().terms) is same


RESET = "Click Forgot password? on the sign-in page and follow the link we email you; it is valid for one hour."


@pytest.mark.parametrize("asked,reviewed,answer,same", [
    # what the asked question adds, the reviewed answer speaks of: the same question, answered whole
    ("I forgot my password, how do I reset it?", "How do I reset my password?", RESET, True),
    ("How do I reset my password from the sign-in page?", "How do I reset my password?", RESET, True),
    ("How long does a refund to my card take?", "How long does a refund take?", REFUND, True),
    ("How long does a Quillbase refund take?", "How long does a refund take?", "Quillbase pays refunds within "
                                                                               "five days.", True),
    ("How do I reset my pasword from the sign-in page?", "How do I reset my password?", RESET, True),  # a typo
    # what it adds, the answer does not speak of, or it drops a word of the reviewed question: another question
    ("How do I reset my password in the mobile app?", "How do I reset my password?", RESET, False),
    ("How do I reset my password?", "How do I reset my password on the sign-in page?", RESET, False),
    ("How long does a refund take after 30 days?", "How long does a refund take?", REFUND, False),
    ("How long does a refund take on the Team plan?", "How long does a refund take?", REFUND, False),
    ("Who approves a refund?", "How long does a refund take?", REFUND, False),  # another kind of answer
    ("Why can't I reset my password from the sign-in page?", "How do I reset my password?", RESET, False),
])
def test_a_question_may_add_only_what_the_reviewed_answer_speaks_of(asked, reviewed, answer, same):
    from retrieval import Bm25Encoder

    assert same_question(asked, reviewed, terms=Bm25Encoder().terms, answer=answer) is same


@pytest.fixture
def reviewed_kb(runtime, corpus):
    """The test knowledge base with one approved golden item whose reference answer an agent wrote."""
    runtime.pipeline.run_paths([str(corpus)], collection="default")
    with runtime.session() as session:
        item = store.add_golden(session=session, question="How long does a refund take?", reference_answer=REFUND,
                                reference_documents=[str(corpus / "billing.md")], answerable=True, origin="promoted",
                                status="approved", collection="default", reviewed_by="rita")
        item_id = item.id
    return runtime, item_id


def ask(runtime, question: str, **details):
    return ask_and_record(runtime, Asked(question, asked_by="ann", **details))


def served_and_disliked(runtime) -> str:
    """A reworded question served the reviewed answer, which its asker rated down; the answer's id."""
    served = ask(runtime, "How long do refunds take?")
    assert served.answer.verified is not None
    with runtime.session() as session:
        rate(session=session, tracer=runtime.tracer, answer_id=served.answer_id, rating="down",
             reason="wrong_answer", rater="ann")
    return served.answer_id


def test_a_reworded_question_gets_the_reviewed_answer_with_its_documents_cited(reviewed_kb):
    runtime, item_id = reviewed_kb
    recorded = ask(runtime, "How long do refunds take?")
    answer = recorded.answer
    assert answer.answer == REFUND and not answer.refused
    assert [c.source.rsplit("/", 2)[-2:] for c in answer.citations] == [["kb", "billing.md"]]
    assert "Refunds are processed" in answer.citations[0].snippet, "the cited passage is the document's own"
    api = answer.to_api(recorded.answer_id)
    assert api["verified"]["golden_id"] == item_id and api["verified"]["reviewed_at"]
    with runtime.session() as session:
        stored = get_answer(session=session, answer_id=recorded.answer_id)
        assert stored.golden_id == item_id, "its ratings can reach the item"
        assert stored.generation["reviewed"]["reviewed_by"] == "rita"


def test_a_question_that_adds_what_the_reviewed_answer_speaks_of_gets_it(reviewed_kb):
    runtime, item_id = reviewed_kb
    served = ask(runtime, "How long does a refund to my card take?").answer
    assert served.verified is not None and served.verified["golden_id"] == item_id and served.answer == REFUND
    other = ask(runtime, "How long does a refund to my bank account take?").answer
    assert other.verified is None, "the reviewed answer says nothing of a bank account"


def test_a_different_question_is_answered_from_the_documents(reviewed_kb):
    runtime, _ = reviewed_kb
    answer = ask(runtime, "Which port does the agent listen on?").answer
    assert answer.verified is None and "7311" in answer.answer


def test_in_a_conversation_the_question_is_matched_as_it_stands_alone(reviewed_kb):
    runtime, _ = reviewed_kb
    history = ("Which port does the agent listen on?",)
    assert ask(runtime, "How long do refunds take?", history=history).answer.verified is not None
    follow_up = ask(runtime, "And how long does it take?", history=("How do I install the agent?",)).answer
    assert follow_up.verified is None, "a follow-up about another topic borrows that topic, not the refund's"


def test_a_question_asked_of_one_document_is_answered_from_it(reviewed_kb, corpus):
    runtime, _ = reviewed_kb
    answer = ask(runtime, "How long do refunds take?", source=str(corpus / "billing.md")).answer
    assert answer.verified is None


def test_a_stale_item_is_never_served(reviewed_kb, corpus):
    runtime, _ = reviewed_kb
    time.sleep(0.01)
    written(corpus, {"billing.md": "# Billing\n\nRefunds are processed within ten business days now.\n"})
    runtime.pipeline.run_paths([str(corpus)], collection="default")
    answer = ask(runtime, "How long do refunds take?").answer
    assert answer.verified is None, "the document changed since the review: the reviewed answer may be wrong"
    assert "ten business days" in answer.answer


def test_an_agent_can_turn_serving_off(reviewed_kb):
    runtime, item_id = reviewed_kb
    with runtime.session() as session:
        review_item(session=session, item_id=item_id, action="approve", serve=False, reviewer="rita")
    assert ask(runtime, "How long do refunds take?").answer.verified is None


def test_a_thumbs_down_sends_the_item_back_to_review_and_stops_serving_it(reviewed_kb):
    runtime, item_id = reviewed_kb
    answer_id = served_and_disliked(runtime)
    with runtime.session() as session:
        item = reopen_disliked(session=session, answer_id=answer_id)
        assert item is not None and item.id == item_id and item.status == "candidate"
        assert item.feedback[-1]["answer_id"] == answer_id and item.feedback[-1]["reason"] == "wrong_answer"
    assert ask(runtime, "How long do refunds take?").answer.verified is None
    with runtime.session() as session:
        review_item(session=session, item_id=item_id, action="approve", reviewer="rita")
    assert ask(runtime, "How long do refunds take?").answer.verified is not None, \
        "approved again after the thumbs-down: served again"


def test_a_question_in_a_language_the_embedder_does_not_understand_is_not_matched(reviewed_kb, monkeypatch):
    runtime, _ = reviewed_kb
    monkeypatch.setattr(runtime.embedder, "languages", frozenset({"en"}))  # an English-only embedder
    assert runtime.reviewed_answers.match("환불은 며칠 걸리나요?", collection="default", terms=str.split) is None


def test_another_collection_does_not_see_the_item(reviewed_kb, corpus):
    runtime, _ = reviewed_kb
    runtime.pipeline.run_paths([str(corpus)], collection="hr")
    assert ask(runtime, "How long do refunds take?", collection="hr").answer.verified is None


def test_the_nightly_evaluation_measures_the_pipeline_not_the_reviewed_answers(reviewed_kb):
    runtime, _ = reviewed_kb
    answer = runtime.answers.ask("How long does a refund take?")
    assert answer.verified is None and answer.answer != REFUND


def test_mining_sends_a_disliked_served_answer_back_to_its_own_item(reviewed_kb):
    from eval.mining import mine_disliked

    runtime, item_id = reviewed_kb
    served_and_disliked(runtime)
    with runtime.session() as session:
        mined = mine_disliked(session=session, since=None, embedder=runtime.embedder, similarity=0.9,
                              terms=runtime.answers.evidence.terms, default_collection="default")
        assert (mined.candidates, mined.linked) == (0, 1)
        items = store.list_golden(session=session)
        assert [(i.id, i.status) for i in items] == [(item_id, "candidate")]


def test_the_bench_counts_matches_between_questions_about_one_paragraph(runtime, tmp_path):
    import json

    from eval.reviewed_bench import same_paragraph_matches

    def qa(n, question, answer):
        return {"id": str(n), "question": question, "answers": [{"text": answer, "answer_start": 0}]}

    squad = tmp_path / "squad.json"
    context = "The founder moved the head office to Lindholm in 1964. His brother Arne ran the firm before him."
    squad.write_text(json.dumps({"data": [{"title": "Firm", "paragraphs": [{"context": context, "qas": [
        qa(1, "Where did the founder move the head office to?", "Lindholm"),
        qa(2, "When did the founder move the head office?", "1964"),
        qa(3, "Where did the founder move the head office to", "Lindholm"),
        qa(4, "Who was the founder's brother?", "Arne")]}]}]}), encoding="utf-8")
    result = same_paragraph_matches(runtime, squad=squad)
    assert result["questions"] == 4 and result["above_similarity"] > result["matched"]
    assert result["matched"] == 0.5, "the two askings of the 'where' question, and only them"
    assert result["matched_answer_held"] == 1.0, "each is served the sentence that holds its answer"


def test_a_korean_question_in_other_words_gets_the_korean_reviewed_answer(runtime, corpus):
    runtime.pipeline.run_paths([str(corpus)], collection="default")
    korean = "환불은 승인 후 5영업일 이내에 카드로 돌려드립니다."
    with runtime.session() as session:
        store.add_golden(session=session, question="환불은 얼마나 걸리나요?", reference_answer=korean,
                         reference_documents=[str(corpus / "billing.md")], answerable=True, origin="promoted",
                         status="approved", collection="default", reviewed_by="rita")
    assert ask(runtime, "환불은 얼마나 걸려요?").answer.answer == korean, "the multilingual default compares them"
    assert ask(runtime, "비밀번호는 어떻게 바꾸나요?").answer.verified is None


NO_SSO = "The agent has no single sign-on; everyone signs in with a password."


@pytest.fixture
def reviewed_refusal(runtime, corpus):
    """The test knowledge base with an approved item an agent marked as not answered by the documents."""
    runtime.pipeline.run_paths([str(corpus)], collection="default")
    time.sleep(0.01)
    with runtime.session() as session:
        item = store.add_golden(session=session, question="Does the agent support single sign-on?",
                                reference_answer=NO_SSO, reference_documents=[], answerable=False,
                                origin="promoted", status="approved", collection="default", reviewed_by="rita")
        item_id = item.id
    return runtime, item_id


def test_a_question_the_agent_found_the_documents_do_not_answer_is_refused_with_their_note(reviewed_refusal):
    runtime, item_id = reviewed_refusal
    recorded = ask(runtime, "does the agent support single sign-on")
    answer = recorded.answer
    assert answer.refused and answer.citations == [] and answer.verified["golden_id"] == item_id
    assert answer.reviewed.note == NO_SSO
    with runtime.session() as session:
        stored = get_answer(session=session, answer_id=recorded.answer_id)
        assert stored.refused and stored.golden_id == item_id, "its ratings can reach the item"
        assert stored.generation["reviewed"]["note"] == NO_SSO and not stored.generation["reviewed"]["answerable"]
    assert ask(runtime, "Which port does the agent listen on?").answer.verified is None


def test_a_reviewed_refusal_stops_once_new_pages_are_indexed(reviewed_refusal, corpus):
    runtime, _ = reviewed_refusal
    time.sleep(0.01)
    written(corpus, {"sign-in.md": "# Signing in\n\nThe agent supports single sign-on with SAML since version 4.\n"})
    runtime.pipeline.run_paths([str(corpus)], collection="default")
    answer = ask(runtime, "Does the agent support single sign-on?").answer
    assert answer.verified is None, "a page indexed after the review may answer it"
    assert not answer.refused and "SAML" in answer.answer
