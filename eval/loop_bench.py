"""A season of the loop (`ragloop bench loop`): does what users teach it reach the next users?

The paragraphs of a SQuAD-format file (and distractors) are ingested. The questions are split in two: the season's
(every other one) and the later ones. Before the season, the later questions and the season's asked again are
answered and measured. Then the season: each of its questions is asked and recorded as a user's, and rated as the
gold answers say (a wrong answer, a refused answerable question or an answered unanswerable one gets a thumbs-down
with a reason; a right answer or a right refusal a thumbs-up). The nightly job mines the thumbs-down into
candidates; the gold answers and paragraphs stand in for the agents, who approve each candidate with its reference
answer and document; the nightly job runs again (evaluation, confidence refit, fusion tuning). After the season the
same questions as before are answered and measured again: `before` and `after` compare like with like. The measured
set is the later questions, the season's asked again, and the season's typed as another user would (`retyped`).

The questions played are those users ask: answerable ones, and questions about articles left out of the index
(`UNINDEXED_SHARE` of them: the documents lack what they ask about; refused, the user says the document is missing;
answered, that the answer is wrong). SQuAD 2.0's own unanswerable questions are written against the very paragraphs
that are indexed, which is not what users ask; rated down when answered, they teach the confidence to refuse nearly
everything (measured: with them, the answered share of a 120-question season fell from 0.83 to 0.36), so they are
left out. Without questions about what the documents lack, the season teaches the opposite: a refit that has only
seen answerable questions answers everything (`refusal_recall_unindexed` shows what that costs).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from answer import Asked, ask_and_record
from eval import store
from eval.bench import index_corpus, run_retrieval_bench
from eval.datasets import Question, leave_out_articles, load_squad
from eval.golden import review_item
from eval.nightly import run_nightly
from eval.qa_bench import Outcome, holds_answer, qa_scores
from feedback import rate

if TYPE_CHECKING:
    from core.runtime import Runtime

REVIEWER = "loop-bench"  # the name the stand-in agents review under
USERS = 7  # the season's questions are asked by this many users in turn
# what users feel; `decision_cost` weighs the first two against wrong answers given, as the refusal policy does
KEPT = ("answered_rate", "withheld_share", "f1", "refusal_recall_unindexed", "wrong_answer_share", "decision_cost")
UNINDEXED_SHARE = 0.3  # of the articles left out of the index: users also ask about what the documents lack


@dataclass
class Season:
    questions: list[Question]  # asked and rated during the season
    later: list[Question]  # asked after it, with the season's asked again: the measured set

    @property
    def measured(self) -> list[Question]:
        """The later questions, the season's asked again, and the season's typed differently."""
        return self.later + self.questions + [retyped(q) for q in self.questions]


def retyped(question: Question) -> Question:
    """The question as another user types it: no capital, no question mark, a doubled space. (The data sets hold no
    paraphrases; a rewording in other content words is answered from the documents, see `answer.reviewed`.)"""
    text = " ".join(question.text.strip().rstrip("?").split()).replace(" ", "  ", 1)
    return replace(question, id=question.id + "-retyped", text=text[:1].lower() + text[1:])


def run_loop(runtime: Runtime, *, squad: Path, distractors: Path | None = None, limit: int | None = None,
             unindexed_share: float = UNINDEXED_SHARE, report_dir: Path, progress=None) -> dict:
    """{before: {answered_rate, withheld_share, f1, ndcg@10, refusal_recall_unindexed, wrong_answer_share,
    decision_cost}, after: {…}, served_verified, applied: [str]}."""
    dataset = leave_out_articles(load_squad(squad), unindexed_share)
    sources = dataset.sources + (load_squad(distractors, prefix="distractor/").sources if distractors else [])
    collection = runtime.settings.default_collection
    index_corpus(runtime.settings, embedder=runtime.embedder, index=runtime.index,
                 session_factory=runtime.session_factory, sources=sources, collection=collection, progress=progress,
                 label=f"indexing {len(sources)} paragraphs")
    questions = [q for q in dataset.questions if q.answerable or q.unindexed][:limit]
    season = Season(questions=questions[0::2], later=questions[1::2])
    before, _ = _measure(runtime, season.measured, collection, progress, "before the season")
    _play(runtime, season.questions, collection, progress)
    first = run_nightly(runtime, report_dir=report_dir)
    approved = _review(runtime, {q.text.strip(): q for q in season.questions})  # questions are stored stripped
    second = run_nightly(runtime, report_dir=report_dir)
    after, served = _measure(runtime, season.measured, collection, progress, "after the season")
    return {"before": before, "after": after, "served_verified": served,
            "applied": _applied(runtime, second.run_id, approved, first.mined)}


def _measure(runtime: Runtime, questions: list[Question], collection: str, progress, label: str) -> tuple[dict, int]:
    """The figures of the measured set, answered as a user would be (reviewed answers served), not recorded."""
    task = progress.add_task(f"asking {label}", total=len(questions)) if progress else None
    outcomes, served = [], 0
    for question in questions:
        answer = runtime.answers.ask(question.text, collection=collection, reviewed=runtime.reviewed_answers)
        served += answer.verified is not None
        texts = {r["chunk_id"]: r["text"] for r in answer.retrieved}
        outcomes.append(Outcome(question, answer.draft or answer.answer, answer.refused, answer.confidence,
                                [texts[i] for i in answer.draft_chunks if i in texts] or list(texts.values())[:1],
                                answer.signals, answer.latency_ms))
        if progress:
            progress.advance(task)
    scores = qa_scores(outcomes, refusal_cost=runtime.settings.refusal_cost)
    retrieval = run_retrieval_bench(runtime.answers.retriever, questions, collection=collection)
    return {**{name: scores[name] for name in KEPT}, "ndcg@10": retrieval["ndcg@10"]}, served


def _play(runtime: Runtime, questions: list[Question], collection: str, progress) -> None:
    """The season: every question asked by a user and rated as its gold answers say."""
    task = progress.add_task("the season: asking and rating", total=len(questions)) if progress else None
    for n, question in enumerate(questions):
        user = f"user-{n % USERS}"
        recorded = ask_and_record(runtime, Asked(question.text, asked_by=user, collection=collection))
        rating, reason = _verdict(question, recorded.answer)
        with runtime.session() as session:
            rate(session=session, tracer=runtime.tracer, answer_id=recorded.answer_id, rating=rating, reason=reason,
                 rater=user)
        if progress:
            progress.advance(task)


def _verdict(question: Question, answer) -> tuple[str, str | None]:
    if not question.answerable:  # about an article left out of the index
        return ("down", "missing_document") if answer.refused else ("down", "wrong_answer")
    if answer.refused:
        return "down", "other"
    return ("up", None) if holds_answer(answer.answer, question.answers) else ("down", "wrong_answer")


def _review(runtime: Runtime, asked: dict[str, Question]) -> int:
    """The stand-in agents: each mined candidate approved with its gold answer and paragraph. Returns how many."""
    approved = 0
    with runtime.session() as session:
        for item in store.list_golden(session=session, status="candidate"):
            question = asked.get(item.question)
            if question is None:
                continue
            review_item(session=session, item_id=item.id, action="approve", reviewer=REVIEWER,
                        reference_answer=question.answers[0] if question.answerable else "",
                        reference_documents=list(question.relevant), answerable=question.answerable)
            approved += 1
    return approved


def _applied(runtime: Runtime, run_id: int, approved: int, mined: int) -> list[str]:
    """What the season changed, in words."""
    with runtime.session() as session:
        config = store.get_run(session=session, run_id=run_id).config or {}
    changes = [f"{mined} thumbs-down questions mined into candidates, {approved} approved with reviewed answers"]
    changes += [f"confidence refitted for {c['collection']}/{c['language']}" for c in config.get("calibration", [])
                if c.get("status") == "applied"]
    changes += [f"fusion for {t['language']}: {t['current']} → {t['best']}" for t in config.get("tuning", [])
                if t.get("status") == "applied"]
    return changes
