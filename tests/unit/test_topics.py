"""Topics and drift: recent questions grouped by meaning, a planted rise in refusals flagged, a new topic that is
mostly refused flagged, a steady topic not, and the flagged topics' refused questions offered as content gaps, one
per question with how many asked it."""

from datetime import timedelta

import pytest

from core.db import utcnow
from eval import store
from eval.topics import asked_questions, find_topics, offer_gaps
from feedback import store as answers_store
from retrieval import Bm25Encoder

INDEX_ENGINES = ("edge",)  # the vector store is not what these test (tests/conftest.py)

REFUNDS = ["How long does a refund take?", "When will I get my refund?", "How do I ask for a refund?",
           "Can I get a refund for my order?", "How many days until my refund arrives?"]
PORTS = ["Which port does the agent use?", "What port does the agent listen on?", "Can I change the agent's port?",
         "Which network port must be open for the agent?", "Does the agent use port 7311?"]
SSO = ["Do you support single sign-on?", "Can I log in with single sign-on?", "How do I set up single sign-on?",
       "Is single sign-on with Okta supported?", "Does ragloop support single sign-on?"]
ASK_KO = ["환불은 얼마나 걸리나요?", "환불 신청은 어떻게 하나요?", "환불을 받을 수 있나요?", "환불은 언제 되나요?",
          "주문을 환불받고 싶어요"]


def answered(session, question: str, *, days_ago: float, refused: bool = False, down: bool = False,
             collection: str = "default") -> None:
    row = answers_store.create_answer(
        session=session, question=question, answer="…", citations=[], confidence=0.3 if refused else 0.9,
        refused=refused, collection=collection, prompt_version="1", generator="extractive", embedder="test",
        latency_ms=10.0, asked_by="ann", created_at=utcnow() - timedelta(days=days_ago))
    if down:
        answers_store.upsert_rating(session=session, answer_id=row.id, rater="ann", rating="down", reason=None,
                                    comment=None)


@pytest.fixture
def history(session_factory):
    """Two weeks of questions: refunds answered last week and mostly refused this week; ports answered both weeks;
    single sign-on new this week and refused; Korean refund questions, disliked this week."""
    from core.db import session_scope

    with session_scope(session_factory) as session:
        for n, question in enumerate(REFUNDS * 2):
            answered(session, question, days_ago=10 + n * 0.1)
            answered(session, question, days_ago=1 + n * 0.1, refused=n % 5 != 0)
        for n, question in enumerate(PORTS * 2):
            answered(session, question, days_ago=9 + n * 0.1)
            answered(session, question, days_ago=2 + n * 0.1)
        for n, question in enumerate(SSO + SSO[:1]):
            answered(session, question, days_ago=0.5 + n * 0.01, refused=True)
        for n, question in enumerate(ASK_KO * 2):
            answered(session, question, days_ago=11 + n * 0.1)
            answered(session, question, days_ago=3 + n * 0.1, down=True)
    return session_factory


def topics_of(session_factory, embedder):
    from core.db import session_scope

    with session_scope(session_factory) as session:
        asked = asked_questions(session=session, now=utcnow(), days=7, default_collection="default")
    return find_topics(asked, embedder=embedder, terms=Bm25Encoder().terms)


def test_a_rise_in_refusals_and_a_new_refused_topic_are_flagged_and_a_steady_topic_is_not(history, embedder):
    topics = topics_of(history, embedder)
    refunds = next(t for t in topics if t.label in REFUNDS)
    ports = next(t for t in topics if t.label in PORTS)
    sso = next(t for t in topics if t.label in SSO)
    korean = next(t for t in topics if t.label in ASK_KO)
    assert (refunds.questions, refunds.previous_questions) == (10, 10), "one topic, both weeks"
    assert refunds.flags == ["refusals_rising"] and refunds.refusal_rate == 0.8 and refunds.previous_refusal_rate == 0
    assert ports.flags == [] and ports.questions == 10
    assert sso.flags == ["new_with_refusals"] and sso.previous_questions == 0
    assert korean.language == "ko" and korean.flags == ["down_rising"], "grouped by their words: MiniLM is English"
    assert [t.flags != [] for t in topics[:3]] == [True, True, True], "flagged topics come first"


def test_the_refused_questions_of_flagged_topics_become_gaps_with_their_counts(history, embedder):
    from core.db import session_scope

    topics = topics_of(history, embedder)
    with session_scope(history) as session:
        offered = offer_gaps(session=session, topics=topics, run_id=None)
        gaps = {g.question: g.count for g in store.content_gaps(session=session)}
    assert offered == len(gaps) and gaps["Do you support single sign-on?"] == 2, "asked twice: one gap, counted 2"
    assert set(gaps) >= set(SSO) and not set(gaps) & set(PORTS)
    with session_scope(history) as session:
        offer_gaps(session=session, topics=topics, run_id=None)  # the next night sees the same week again
        assert store.content_gaps(session=session)[0].count == 2, "overlapping periods are not counted twice"


def test_the_nightly_run_keeps_the_topics_reports_them_and_offers_the_gaps(history, runtime, tmp_path):
    from eval import get_run, run_nightly

    result = run_nightly(runtime, report_dir=tmp_path / "reports")
    with runtime.session() as session:
        run = get_run(session=session, run_id=result.run_id)
        flagged = [t["label"] for t in run.config["topics"] if t["flags"]]
        assert len(flagged) == 3 and run.config["gaps_offered"] >= len(SSO)
        assert {g.question for g in store.content_gaps(session=session)} >= set(SSO)
    report = (tmp_path / "reports" / "latest.html").read_text(encoding="utf-8")
    assert "Topics of the last 7 days" in report and "new with refusals" in report
