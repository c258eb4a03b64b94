"""The confidence learns from the deployment: refit per collection and language from labelled answers.

Labels come from two places:
- the approved golden set, answered by the current pipeline (each nightly run does that anyway): an unanswerable
  item's answer is wrong whatever it says; an answerable one is right (grounded, as `eval.qa_bench` counts it)
  when it cites a reference document, or the answer or a passage it cites holds most of the reference answer's
  words;
- users' ratings: "helpful" is right; "not helpful" because of a wrong answer or a wrong or missing citation is
  wrong. Other reasons (outdated, the document is missing, other) say nothing about the confidence. A refusal
  has no answer to be right or wrong, but one rated "the document is missing" labels its evidence as not enough
  to answer from.

Each question counts once: a rated question that is also in the golden set (the thumbs-down the nightly job mined)
is labelled by its golden item, the agents' verdict on today's answer, and not by its ratings too. Counted twice,
every failure weighed double and a refit learned to refuse (measured with `ragloop bench loop` on SQuAD: the
threshold rose from 0.39 to 0.56 and the policy's cost per question on the next users' questions from 0.062 to
0.096).

A refit needs enough of both kinds, and enough golden ones (`MIN_LABELLED`, `MIN_EACH`, `MIN_GOLDEN`); until then
the report says how many there are. The new calibration is applied only when it is better held out: the labelled
answers of each of `FOLDS` groups are scored by a calibration fitted on the other groups, and their decision cost
and ECE are compared with the current calibration's on the same answers (a current one fitted here earlier may have
seen some of them, which only makes a change harder). The answers users rated helpful stand beside the golden set's
failures there, as they stand beside them in what users meet.
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from answer import (DEFAULT_LANGUAGE, Calibration, calibration_path, decision_cost, expected_calibration_error,
                    fit_calibration, refuses, writer_kind)
from core.db import session_scope
from core.errors import ErrorCode, RagloopError
from eval.qa_bench import normalize_answer
from feedback import MISSING_DOCUMENT, WRONG_REASONS, rated_answers
from retrieval import language_of

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from answer import Calibrations
    from core.db import SessionFactory
    from core.runtime import Runtime
    from core.settings import Settings

log = logging.getLogger(__name__)
MIN_LABELLED = 40  # labelled answers a collection and language needs before a refit is tried
MIN_EACH = 10  # of right ones and of wrong ones
# Golden labels a refit needs among those it is judged on. Ratings label only what was answered (a refusal has
# nothing to rate), so a comparison on them favours any calibration that refuses more of what was answered, whatever
# it does to what was refused; golden items are answered (or refused, with the draft that was held back) on every run
# and label both.
# Measured with `ragloop bench loop` on KorQuAD: a refit judged on ratings alone lowered the answered share from 0.86
# to 0.80 and the refusal of questions about left-out articles from 0.98 to 0.92.
MIN_GOLDEN = 20
# The golden set grows from thumbs-down answers, so it holds more failures than users meet; a refit judged on it alone
# can turn cautious. It is not applied when it would withhold more than this share of the answers users rated helpful
# (measured with `ragloop bench loop` on SQuAD: without this, a refit raised the withheld share from 0.114 to 0.128).
HELPFUL_WITHHELD = 0.10
# Its counterpart for refusals: a refusal rated "the document is missing" was right (the documents lack the answer),
# so a refit is not applied when it would answer more than this share of them. Without it, a Korean season of
# `ragloop bench loop` traded refusals of what the documents lack (0.98 -> 0.86) for answers.
MISSING_ANSWERED = 0.10
FOLDS = 5
# How much better held out a refit must be. A refit stands on a few hundred labels where the calibration it replaces
# stood on thousands, and a difference of one or two answers is noise: on a SQuAD season of `ragloop bench loop` a
# refit better by 0.0066 per answer held out (with a worse ECE) was applied and the next users' questions cost 0.069
# per question against 0.062 without it.
COST_MARGIN = 0.01  # one good answer withheld in a hundred, or one wrong answer in two hundred at the default cost
ECE_MARGIN = 0.02
REFERENCE_RECALL = 0.5  # share of the reference answer's words an answer must hold to count as right


@dataclass(frozen=True)
class Labelled:
    """One answer whose rightness is known, with the evidence signals it was given."""

    key: str  # what groups repeated labels of one question (a golden item, an answer)
    signals: dict
    correct: bool
    collection: str
    language: str
    origin: str  # "golden", "rating", or "refusal" (a refusal rated "the document is missing")
    question: str = ""  # the question asked, as `asked_as` writes it ("" when unknown: never taken for another)


def asked_as(question: str) -> str:
    """A question as the labels compare it: the same words, whatever the spaces and capitals."""
    return " ".join(question.split()).casefold()


def once_per_question(rows: list[Labelled]) -> list[Labelled]:
    """The labels with each question once: a rated question that is in the golden set is labelled by its item."""
    in_golden = {(r.collection, r.question) for r in rows if r.origin == "golden" and r.question}
    return [r for r in rows if r.origin == "golden" or not r.question or (r.collection, r.question) not in in_golden]


def _holds(text: str, reference: str) -> bool:
    wanted, said = Counter(normalize_answer(reference).split()), Counter(normalize_answer(text).split())
    return bool(wanted) and sum((wanted & said).values()) / sum(wanted.values()) >= REFERENCE_RECALL


def golden_label(item, answer) -> bool | None:
    """Whether the pipeline's answer to a golden item is grounded, as the confidence predicts it: it cites a
    reference document, or the answer or a passage it cites holds most of the reference answer's words. None
    when the item names neither."""
    if not item.answerable:
        return False
    if not item.reference_documents and not item.reference_answer:
        return None
    cited_chunks = set(answer.draft_chunks)
    cited = [hit for hit in answer.retrieved if hit["chunk_id"] in cited_chunks]
    if set(item.reference_documents or ()) & {ref for hit in cited for ref in (hit.get("document_id"),
                                                                               hit.get("source"))}:
        return True
    return bool(item.reference_answer) and any(_holds(text, item.reference_answer)
                                               for text in [answer.draft, *(hit.get("text", "") for hit in cited)])


def golden_labelled(item, answer, *, collection: str) -> Labelled | None:
    correct = golden_label(item, answer)
    if correct is None:
        return None
    return Labelled(f"golden-{item.id}", dict(answer.signals), correct, collection,
                    item.language or language_of(item.question) or DEFAULT_LANGUAGE, "golden", asked_as(item.question))


def rating_labelled(answer, rating) -> Labelled | None:
    """A rated answer as a label, when the rating says whether it was right; a refusal rated "the document is
    missing" labels its evidence as not enough to answer from."""
    signals = (answer.generation or {}).get("signals")
    if not signals:
        return None
    language = language_of(answer.search_query or answer.question) or DEFAULT_LANGUAGE
    if answer.refused:
        if rating.rating == "down" and rating.reason == MISSING_DOCUMENT:
            return Labelled(f"answer-{answer.id}", dict(signals), False, answer.collection, language, "refusal",
                            asked_as(answer.question))
        return None
    if rating.rating == "up":
        correct = True
    elif rating.rating == "down" and rating.reason in WRONG_REASONS:
        correct = False
    else:
        return None
    return Labelled(f"answer-{answer.id}", dict(signals), correct, answer.collection, language, "rating",
                    asked_as(answer.question))


def labelled_ratings(session: Session, *, writer: str) -> list[Labelled]:
    """Every rating that labels an answer written by this kind of writer."""
    rows = (rating_labelled(answer, rating) for answer, rating in rated_answers(session=session)
            if writer_kind(answer.generator) == writer_kind(writer))
    return [row for row in rows if row is not None]


@dataclass
class Refit:
    """What one collection and language's refit found, as the report shows it."""

    collection: str
    language: str
    labelled: int
    right: int
    # "applied", "kept" (the current one is as good or better held out), "waiting" (too few labels), "partial_run"
    # (better held out, not applied: the run was partial)
    status: str
    before: dict = field(default_factory=dict)  # threshold, held-out cost per answer, ECE of the current one
    after: dict = field(default_factory=dict)  # the same for the new one (held out)
    changed: int = 0  # labelled answers whose answer-or-refuse decision the new calibration changes
    path: str = ""
    golden: int = 0  # of the labelled answers, those from the golden set (a refit needs MIN_GOLDEN of them)
    helpful_withheld: float | None = None  # share of the answers rated helpful the new one would withhold
    missing_answered: float | None = None  # share of the refusals rated "document is missing" it would answer

    def to_dict(self) -> dict:
        return {"collection": self.collection, "language": self.language, "labelled": self.labelled,
                "right": self.right, "status": self.status, "before": self.before, "after": self.after,
                "changed": self.changed, "path": self.path, "golden": self.golden,
                "helpful_withheld": self.helpful_withheld, "missing_answered": self.missing_answered,
                "needed": {"labelled": MIN_LABELLED, "each": MIN_EACH, "golden": MIN_GOLDEN}}


def _fold(row: Labelled) -> int:
    """The held-out group of a label: by its question when known, so that a question two users asked is never on
    both sides, and so that the groups (and the verdict) are the same however the answers' ids were drawn."""
    return int(hashlib.sha256((row.question or row.key).encode()).hexdigest(), 16) % FOLDS


def _scored(rows: list[Labelled], calibration: Calibration, threshold: float) -> dict:
    confidences = [calibration.confidence(r.signals) for r in rows]
    refused = [refuses(r.signals, calibration.evidence_confidence(r.signals), threshold) for r in rows]
    correct = [r.correct for r in rows]
    return {"confidences": confidences, "refused": refused, "correct": correct}


def _figures(scored: dict, refusal_cost: float, threshold: float | None) -> dict:
    n = max(1, len(scored["correct"]))
    figures = {"cost_per_answer": round(decision_cost(refused=scored["refused"], correct=scored["correct"],
                                                      refusal_cost=refusal_cost) / n, 4),
               "ece": round(expected_calibration_error(scored["confidences"], scored["correct"]), 4),
               "answered": sum(not r for r in scored["refused"])}
    return figures | ({"threshold": round(threshold, 4)} if threshold is not None else {})


def _held_out(rows: list[Labelled], *, about: dict, refusal_cost: float) -> dict:
    """Every row scored by a calibration fitted on the other folds."""
    merged = {"confidences": [], "refused": [], "correct": []}
    for fold in range(FOLDS):
        train = [r for r in rows if _fold(r) != fold]
        test = [r for r in rows if _fold(r) == fold]
        if not test or len({r.correct for r in train}) < 2:
            continue
        fitted = fit_calibration([r.signals for r in train], [r.correct for r in train], about=about,
                                 refusal_cost=refusal_cost)
        for name, values in _scored(test, fitted, fitted.threshold).items():
            merged[name] += values
    return merged


def refit_one(rows: list[Labelled], current: Calibration | None, *, collection: str, language: str, writer: str,
              refusal_cost: float) -> tuple[Refit, Calibration | None]:
    """The refit of one collection and language, and the calibration to apply (None: keep the current one). It is
    fitted and judged on every question once (`once_per_question`), with enough golden ones among them (see
    `MIN_GOLDEN`); the guards read every rating."""
    labels = once_per_question(rows)
    right = sum(r.correct for r in labels)
    golden = [r for r in labels if r.origin == "golden"]
    refit = Refit(collection, language, len(labels), right, "waiting", golden=len(golden))
    if current is not None:
        threshold = current.threshold_for(refusal_cost)
        refit.before = _figures(_scored(labels, current, threshold), refusal_cost, threshold)
    if len(labels) < MIN_LABELLED or min(right, len(labels) - right) < MIN_EACH or len(golden) < MIN_GOLDEN:
        return refit, None
    about = {"source": "golden set and ratings", "collection": collection, "language": language,
             "generator": writer, "labelled": len(labels)}
    fitted = fit_calibration([r.signals for r in labels], [r.correct for r in labels], about=about,
                             refusal_cost=refusal_cost)
    held_out = _held_out(labels, about=about, refusal_cost=refusal_cost)
    if not held_out["correct"]:  # no fold could be scored: nothing shows the new one is better
        return refit, None
    refit.after = _figures(held_out, refusal_cost, fitted.threshold)
    fitted.fitted_on["held_out"] = refit.after
    if current is not None:
        new_decisions = _scored(labels, fitted, fitted.threshold)["refused"]
        old_decisions = _scored(labels, current, current.threshold_for(refusal_cost))["refused"]
        refit.changed = sum(a != b for a, b in zip(new_decisions, old_decisions))
    refit.helpful_withheld = _helpful_withheld(rows, fitted)
    refit.missing_answered = _missing_answered(rows, fitted)
    better = ((current is None or _better(refit.after, refit.before)) and refit.helpful_withheld <= HELPFUL_WITHHELD
              and refit.missing_answered <= MISSING_ANSWERED)
    refit.status = "applied" if better else "kept"
    return refit, fitted if better else None


def _helpful_withheld(rows: list[Labelled], fitted: Calibration) -> float:
    """The share of the answers users rated helpful that the new calibration would withhold."""
    helpful = [r for r in rows if r.origin == "rating" and r.correct]
    if not helpful:
        return 0.0
    return round(sum(_scored(helpful, fitted, fitted.threshold)["refused"]) / len(helpful), 4)


def _missing_answered(rows: list[Labelled], fitted: Calibration) -> float:
    """The share of the refusals users confirmed (the document is missing) that the new calibration would answer."""
    confirmed = [r for r in rows if r.origin == "refusal"]
    if not confirmed:
        return 0.0
    return round(sum(not r for r in _scored(confirmed, fitted, fitted.threshold)["refused"]) / len(confirmed), 4)


def _better(after: dict, before: dict) -> bool:
    """A decision cost held out lower by `COST_MARGIN`, or no higher with an ECE lower by `ECE_MARGIN`."""
    if after["cost_per_answer"] <= before["cost_per_answer"] - COST_MARGIN:
        return True
    return after["cost_per_answer"] <= before["cost_per_answer"] and after["ece"] <= before["ece"] - ECE_MARGIN


def recalibrate(*, settings: Settings, session_factory: SessionFactory, calibrations: Calibrations,
                golden: list[Labelled], collection: str | None = None,
                apply: bool = True) -> list[Refit]:
    """Refit every collection and language that has labelled answers (golden ones passed in, rated ones read
    here), write and register the calibrations that are better held out."""
    writer = settings.generator
    with session_scope(session_factory) as session:
        rows = golden + labelled_ratings(session, writer=writer)
    groups: dict[tuple[str, str], list[Labelled]] = defaultdict(list)
    for row in rows:
        if collection is None or row.collection == collection:
            groups[(row.collection, row.language)].append(row)
    refits = []
    for (group_collection, language), members in sorted(groups.items()):
        current = calibrations.find(writer, language, group_collection)
        refit, fitted = refit_one(members, current, collection=group_collection, language=language, writer=writer,
                                  refusal_cost=settings.refusal_cost)
        if fitted is not None and apply:
            refit.path = str(save_keeping_previous(fitted, calibration_path(settings, fitted)))
            calibrations.add(fitted)
            log.info("confidence refitted for %s/%s: %s", group_collection, language, refit.after)
        elif fitted is not None:
            refit.status = "partial_run"  # better held out, but a partial run applies nothing
        refits.append(refit)
    return refits


def previous_path(path: Path) -> Path:
    """Where the calibration a refit replaced is kept (a name the calibration loader does not read)."""
    return path.with_name("previous-" + path.name)


def save_keeping_previous(fitted: Calibration, path: Path) -> Path:
    """Write the new calibration; the one it replaces (if any) is kept for `revert_calibration`."""
    if path.is_file():
        path.replace(previous_path(path))
    fitted.save(path)
    return path


def revert_calibration(settings: Settings, *, language: str, collection: str) -> str:
    """Take back the newest refit of a collection and language: the calibration it replaced comes back (or, when
    there was none fitted here, the shipped one). Says what happened; processes read calibrations when they start."""
    from types import SimpleNamespace

    path = calibration_path(settings, SimpleNamespace(kind=writer_kind(settings.generator), language=language,
                                                      collection=collection))
    if not path.is_file():
        raise RagloopError(ErrorCode.NOT_FOUND, f"no refitted calibration for {collection}/{language} ({path})")
    previous = previous_path(path)
    if previous.is_file():
        previous.replace(path)
        return f"the calibration before the newest refit of {collection}/{language} is back ({path})"
    path.unlink()
    return f"the refit of {collection}/{language} is removed: the shipped calibration serves it again"


def calibrate_golden(runtime: Runtime, *, collection: str | None = None, on_progress=None) -> list[Refit]:
    """`ragloop calibrate --golden`: answer every approved golden item (in `collection`, or the default one) and
    refit from them and the ratings, as the nightly job does."""
    from eval import store

    settings, answers = runtime.settings, runtime.answers
    collection = collection or settings.default_collection
    with runtime.session() as session:
        items = store.list_golden(session=session, status="approved")
    golden = []
    for item in items:
        labelled = golden_labelled(item, answers.ask(item.question, collection=collection), collection=collection)
        golden += [labelled] if labelled else []
        if on_progress:
            on_progress()
    return recalibrate(settings=settings, session_factory=runtime.session_factory,
                       calibrations=answers.calibrations, golden=golden, collection=collection)
