"""Question answering end to end on SQuAD-format data: answer quality, citations, refusal and calibration.

Every question goes through `AnswerService.ask()` as a user's would. Scoring follows the official evaluation
scripts: for SQuAD 2.0, answers are normalised (lower case, punctuation and articles a/an/the removed, spaces
collapsed) before exact match and token F1; for Korean answers, as KorQuAD's script does, quotes and brackets are
dropped too and F1 counts characters, because particles attach to words ("서울에서" holds the answer "서울").
A refused question scores as the empty answer.
An answer *holds* the answer when the question is answerable and its text holds a gold answer; it is *grounded*
when the answer or a passage it cites holds one. The confidence is the probability that an answer is grounded: the
decision to answer is about whether the documents hold the answer and it was found, and a user who gets the
passage that says it, cited, has the answer one click away even when the extractive sentences missed it.

Besides SQuAD's figures, the ones a user feels: `answered_rate` (answerable questions that were answered),
`withheld_share` (answers that held a gold answer but were refused), `refusal_recall_unindexed` (questions about
articles left out of the knowledge base that were refused), `refusal_recall_same_topic` (unanswerable questions
about indexed articles that were refused), `refusal_recall_left_out_paragraphs` (with `--left-out-paragraphs`:
questions whose paragraph was left out of an article that is in, refused), `auroc` (how well the confidence ranks right answers above the rest),
`wrong_answer_share` (answers given, of questions users ask, that were not grounded) and `decision_cost` (per such
question, what the refusal policy weighs: a withheld grounded answer costs 1, a wrong answer given costs the refusal
cost), which says whether a change that withholds more answers also spared users enough wrong ones.
A calibration is fitted on what users meet: answerable questions and questions about articles that are not in the
knowledge base, the two kinds weighing the same (how many of each a deployment sees is unknown until its own labels
say; the nightly refit then uses its real mix). Same-topic unanswerable questions are measured, not fitted
(`answer.confidence`); `ece` and `auroc` are measured on the questions a calibration is fitted on, and `ece` with
the same weights (the confidence is a probability for that mix; `ece_unweighted` counts each question once, and so
moves with how many articles a run leaves out).
"""

from __future__ import annotations

import json
import re
import string
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from answer import (DEFAULT_REFUSAL_COST, Calibration, expected_calibration_error, fit_calibration, refusal_scores,
                    refuses)
from eval.bench import percentile
from eval.datasets import Question, leave_out_articles, leave_out_paragraphs, load_squad

if TYPE_CHECKING:
    from answer import AnswerService
    from core.runtime import Runtime

_ARTICLES = re.compile(r"\b(a|an|the)\b", re.UNICODE)
_PUNCTUATION = set(string.punctuation)
_HANGUL = re.compile(r"[\uac00-\ud7a3]")
_KOREAN_MARKS = re.compile("[《》〈〉‘’“”「」『』]")  # KorQuAD's script also removes these


def normalize_answer(text: str, *, korean: bool = False) -> str:
    if korean:
        text = _KOREAN_MARKS.sub(" ", text)
    text = "".join(ch for ch in text.lower() if ch not in _PUNCTUATION)
    return " ".join((text if korean else _ARTICLES.sub(" ", text)).split())


def _is_korean(gold: str) -> bool:
    return bool(_HANGUL.search(gold))


def exact_match(prediction: str, gold: str) -> float:
    korean = _is_korean(gold)
    return float(normalize_answer(prediction, korean=korean) == normalize_answer(gold, korean=korean))


def token_f1(prediction: str, gold: str) -> float:
    korean = _is_korean(gold)
    predicted = normalize_answer(prediction, korean=korean).split()
    wanted = normalize_answer(gold, korean=korean).split()
    if korean:  # KorQuAD counts characters
        predicted, wanted = list("".join(predicted)), list("".join(wanted))
    if not predicted or not wanted:
        return float(predicted == wanted)
    common = sum((Counter(predicted) & Counter(wanted)).values())
    if not common:
        return 0.0
    precision, recall = common / len(predicted), common / len(wanted)
    return 2 * precision * recall / (precision + recall)


def holds_answer(text: str, answers: list[str]) -> bool:
    """Whether the text holds one of the answers: as whole words, or for a Korean answer anywhere (particles and
    endings attach to the word before them)."""
    for answer in answers:
        korean = _is_korean(answer)
        wanted, normalized = normalize_answer(answer, korean=korean), normalize_answer(text, korean=korean)
        if wanted and (wanted in normalized if korean else f" {wanted} " in f" {normalized} "):
            return True
    return False


@dataclass
class Outcome:
    """One asked question, as the benchmark and the calibration see it."""

    question: Question
    draft: str  # what the generator wrote and the citation check kept, before any refusal
    refused: bool
    confidence: float
    cited_texts: list[str]  # the chunks the draft cites
    signals: dict
    latency_ms: float

    @property
    def answer(self) -> str:
        """What the user saw ("" when refused)."""
        return "" if self.refused else self.draft

    @property
    def correct(self) -> bool:
        """The answer holds a gold answer."""
        return self.question.answerable and holds_answer(self.draft, self.question.answers)

    @property
    def grounded(self) -> bool:
        """The answer, or a passage it cites, holds a gold answer: what the confidence predicts."""
        return self.correct or (self.question.answerable
                                and any(holds_answer(t, self.question.answers) for t in self.cited_texts))

    @property
    def same_topic(self) -> bool:
        """An unanswerable question written against a passage that is in the knowledge base (SQuAD 2.0's kind)."""
        return not self.question.answerable and not self.not_held

    @property
    def not_held(self) -> bool:
        """A question about what the knowledge base lacks: its article, or its paragraph, was left out."""
        return self.question.unindexed or self.question.paragraph_left_out


def ask_all(answers: AnswerService, questions: list[Question], *, collection: str, on_progress=None) -> list[Outcome]:
    outcomes = []
    for question in questions:
        answer = answers.ask(question.text, collection=collection)
        texts = {r["chunk_id"]: r["text"] for r in answer.retrieved}
        outcomes.append(Outcome(question, answer.draft, answer.refused, answer.confidence,
                                [texts[i] for i in answer.draft_chunks], answer.signals, answer.latency_ms))
        if on_progress:
            on_progress()
    return outcomes


def write_outcomes(outcomes: list[Outcome], path: Path) -> None:
    """Each question's decision and evidence as one JSON line: what a confidence model can be studied on."""
    with path.open("w", encoding="utf-8") as out:
        for o in outcomes:
            row = {"question": o.question.text, "article": o.question.article, "answerable": o.question.answerable,
                   "unindexed": o.question.unindexed, "paragraph_left_out": o.question.paragraph_left_out,
                   "refused": o.refused, "confidence": o.confidence,
                   "correct": o.correct, "grounded": o.grounded, "signals": o.signals}
            out.write(json.dumps(row, ensure_ascii=False) + "\n")


def qa_scores(outcomes: list[Outcome], *, refusal_cost: float = DEFAULT_REFUSAL_COST) -> dict:
    answerable = [o for o in outcomes if o.question.answerable]
    answered = [o for o in answerable if not o.refused]

    def best(metric, o: Outcome) -> float:
        return max((metric(_without_markers(o.answer), gold) for gold in o.question.answers), default=0.0)

    refusal = refusal_scores([o.refused for o in outcomes], [not o.question.answerable for o in outcomes])
    latencies = [o.latency_ms for o in outcomes]
    correct = [o for o in outcomes if o.correct]
    met = [o for o in outcomes if not o.same_topic]
    confidences, grounded = [o.confidence for o in met], [o.grounded for o in met]
    given = [o for o in met if not o.refused]
    withheld = sum(o.refused and o.grounded for o in met)
    wrong = sum(not o.grounded for o in given)
    figures = {
        "f1": sum(best(token_f1, o) for o in answerable) / len(answerable) if answerable else 0.0,
        "exact_match": sum(best(exact_match, o) for o in answerable) / len(answerable) if answerable else 0.0,
        "citation_accuracy": (sum(any(holds_answer(t, o.question.answers) for t in o.cited_texts)
                                  for o in answered) / len(answered) if answered else 0.0),
        **refusal,
        # as fitted (`_fit`): questions about indexed articles and about left-out ones count half each, so that
        # the figure does not change with how many articles a run leaves out; `ece_unweighted`: every question once
        "ece": expected_calibration_error(confidences, grounded,
                                          weights=balanced_weights([o.not_held for o in met])),
        "ece_unweighted": expected_calibration_error(confidences, grounded),
        "latency_ms_p50": percentile(latencies, 50), "latency_ms_p95": percentile(latencies, 95),
        "answered_rate": len(answered) / len(answerable) if answerable else 0.0,
        "withheld_share": sum(o.refused for o in correct) / len(correct) if correct else 0.0,
        "refusal_recall_unindexed": _refused_share([o for o in outcomes if o.question.unindexed]),
        "refusal_recall_same_topic": _refused_share([o for o in outcomes if o.same_topic]),
        "refusal_recall_left_out_paragraphs": _refused_share([o for o in outcomes if o.question.paragraph_left_out]),
        "auroc": auroc(confidences, grounded),
        "wrong_answer_share": wrong / len(given) if given else 0.0,
        "decision_cost": (withheld + refusal_cost * wrong) / len(met) if met else 0.0,
    }
    return {**{name: (round(value, 4) if value is not None else None) for name, value in figures.items()},
            "questions": len(outcomes)}


def _refused_share(outcomes: list[Outcome]) -> float | None:
    """The share refused; None when there are none of that kind."""
    return sum(o.refused for o in outcomes) / len(outcomes) if outcomes else None


def auroc(scores: list[float], positive: list[bool]) -> float | None:
    """The probability that a random right answer has a higher confidence than a random other one (ties count
    half); None when either kind is missing."""
    from sklearn.metrics import roc_auc_score

    if all(positive) or not any(positive):
        return None
    return float(roc_auc_score(positive, scores))


HELD_OUT_FOLDS = 5


def calibrate_on(outcomes: list[Outcome], *, about: dict,
                 refusal_cost: float = DEFAULT_REFUSAL_COST) -> Calibration:
    """A calibration fitted on these answers (same-topic unanswerable ones left out of the fit), with its figures
    on all of them (`in_sample`) and on articles it was not fitted on (`held_out`: each of up to HELD_OUT_FOLDS
    groups of articles scored by a calibration fitted on the others), which is what to expect on new questions
    and documents. `held_out_across`: the same, each answer scored as if its passage were in another language
    than its question (the dense signals alone, `Calibration.across`)."""
    about = {**about, "fitted_questions": sum(not o.same_topic for o in outcomes)}
    fitted = _fit(outcomes, about, refusal_cost)
    fitted.fitted_on["in_sample"] = _figures(rescored(outcomes, fitted))
    articles = list(dict.fromkeys(o.question.article for o in outcomes))
    if len(articles) > 1:
        folds = [articles[i::HELD_OUT_FOLDS] for i in range(min(HELD_OUT_FOLDS, len(articles)))]
        held_out, across = [], []
        for fold in map(set, folds):
            scored = _fit([o for o in outcomes if o.question.article not in fold], about, refusal_cost)
            asked = [o for o in outcomes if o.question.article in fold]
            held_out += rescored(asked, scored)
            if scored.across:
                across += rescored([replace(o, signals={**o.signals, "other_language": 1.0}) for o in asked], scored)
        fitted.fitted_on["held_out"] = _figures(held_out)
        if across:
            fitted.fitted_on["held_out_across"] = _figures(across)
    return fitted


def rescored(outcomes: list[Outcome], calibration: Calibration) -> list[Outcome]:
    """The same answers with the confidence and refusal a calibration gives them."""
    threshold = calibration.threshold
    scored = []
    for outcome in outcomes:
        refused = refuses(outcome.signals, calibration.evidence_confidence(outcome.signals), threshold)
        scored.append(replace(outcome, confidence=calibration.confidence(outcome.signals), refused=refused))
    return scored


def _fit(outcomes: list[Outcome], about: dict, refusal_cost: float) -> Calibration:
    """Fitted on what users meet: answerable questions and questions about what the knowledge base lacks, each
    kind weighing half (`balanced_weights`)."""
    met = [o for o in outcomes if not o.same_topic]
    return fit_calibration([o.signals for o in met], [o.grounded for o in met], about=dict(about),
                           refusal_cost=refusal_cost, weights=balanced_weights([o.not_held for o in met]))


def balanced_weights(unindexed: list[bool]) -> list[float]:
    """Weights under which answerable questions and questions about what was left out count the same in all."""
    left_out = sum(unindexed)
    held = len(unindexed) - left_out
    if not left_out or not held:
        return [1.0] * len(unindexed)
    return [len(unindexed) / (2 * left_out) if u else len(unindexed) / (2 * held) for u in unindexed]


def _figures(outcomes: list[Outcome]) -> dict:
    return {k: v for k, v in qa_scores(outcomes).items() if not k.startswith("latency")}


def _without_markers(text: str) -> str:
    return re.sub(r"\[\d+\]", " ", text)


def run_squad(runtime: Runtime, *, squad, distractors=None, limit: int | None = None, unindexed_share: float = 0.0,
              left_out_paragraphs: float = 0.0, progress=None, calibration=None) -> list[Outcome]:
    """Index a SQuAD-format file (plus distractor paragraphs) into its own collection, then ask every question.
    `unindexed_share`: that share of the articles stays out of the index and their questions count as
    unanswerable (`eval.datasets.leave_out_articles`); `left_out_paragraphs`, that share of the paragraphs of the
    articles that are in (`eval.datasets.leave_out_paragraphs`)."""
    from eval.bench import index_corpus

    dataset = leave_out_paragraphs(leave_out_articles(load_squad(squad), unindexed_share), left_out_paragraphs)
    sources = dataset.sources + (load_squad(distractors, prefix="distractor/").sources if distractors else [])
    questions = dataset.questions[:limit]
    collection = (f"qa-{dataset.name}" + ("+distractors" if distractors else "")
                  + (f"-unindexed{unindexed_share:g}" if unindexed_share else "")
                  + (f"-paragraphs{left_out_paragraphs:g}" if left_out_paragraphs else ""))
    answers = runtime.answer_service(runtime.settings, calibration=calibration) if calibration else runtime.answers
    index_corpus(runtime.settings, embedder=runtime.embedder, index=runtime.index,
                 session_factory=runtime.session_factory, sources=sources, collection=collection, progress=progress,
                 label=f"indexing {len(sources)} paragraphs")
    task = progress.add_task("asking", total=len(questions)) if progress else None
    return ask_all(answers, questions, collection=collection,
                   on_progress=(lambda: progress.advance(task)) if progress else None)
