"""Small knowledge bases as a newcomer meets them: a folder of a few documents, the questions a person would ask
of it, and whether each is answered from the right file or refused.

    python -m eval.smallkb DIR                       # writes DIR/<name>/docs and DIR/<name>/questions.jsonl
    ragloop bench kb --docs DIR/product-en/docs --questions DIR/product-en/questions.jsonl --json
    ragloop bench kb --docs docs/guide --questions DIR/guide/questions.jsonl --json

Each question is a JSON line `{question, answerable, file, answer, kind}`: `file` is the document that answers it,
relative to `--docs` (null when none does), `answer` the words that answer it (optional). The documents go through
the same ingestion as a user's upload (files, chunking, titles), into a collection of their own, and every question
through `AnswerService.ask()`.

Figures: `answered_rate` (answerable questions answered), `cited_rate` (answerable questions answered with the
right file as the first source), `refusal_recall` (questions the documents do not hold that were refused),
`held_rate` (answerable questions answered with their `answer` in the text: the right file is not enough when
the sentence chosen from it says something else), `led_rate` (answerable questions whose answer holds their `answer`
in what it opens with, `lead`: its first sentence, up to the first citation marker, or the list it opens with: it
leads with what was asked), `refused_answer_shown` (of
the answerable questions refused, those whose nearest sources show their `answer`: the person reads it there), the
same per `kind`, and `misses`: each answerable question refused, answered from another file or without its `answer`
in what it opens with, and each unanswerable one answered, with its confidence, so that a person can read what went
wrong.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from answer import LIST_ITEM

if TYPE_CHECKING:
    from core.runtime import Runtime

_LEAD = re.compile(r"\[\d+(?:,\s*\d+)*\]")  # a citation marker: the first one closes the lead sentence


@dataclass
class KbQuestion:
    text: str
    answerable: bool
    file: str | None
    kind: str
    answer: str = ""  # the words that answer it, when given


@dataclass
class KbOutcome:
    question: KbQuestion
    refused: bool
    confidence: float
    sources: list[str]  # cited files, relative to the documents folder, first citation first
    snippets: list[str]  # what the page shows of each source
    text: str = ""  # the answer shown

    @property
    def held(self) -> bool:
        """An answerable question answered with the words that answer it (when the question gives them)."""
        return not self.refused and self.question.answerable and _holds(self.text, self.question.answer)

    @property
    def led(self) -> bool:
        """Held in what the answer opens with (`lead`)."""
        return self.held and _holds(lead(self.text), self.question.answer)

    @property
    def answer_shown(self) -> bool:
        """A refused answerable question whose nearest sources show the words that answer it."""
        return (self.refused and self.question.answerable
                and any(_holds(snippet, self.question.answer) for snippet in self.snippets))

    @property
    def cited_right(self) -> bool:
        return not self.refused and bool(self.sources) and self.sources[0] == self.question.file


def lead(text: str) -> str:
    """What an answer opens with: its first sentence (up to the first citation marker), or, when it opens with a list
    or with the sentence leading into one (on a line of its own), that sentence and the whole list: a reader takes
    in the steps of "How do I cancel my membership?" together, and the answer is in its second step. An answer
    opening with the page's own question opens with it and the sentence answering it."""
    lines = text.split("\n")
    start = 1 if len(lines) > 1 and not LIST_ITEM.match(lines[0]) and LIST_ITEM.match(lines[1]) else 0
    if not LIST_ITEM.match(lines[start]):
        first, *rest = _LEAD.split(text, 1)
        # a page's own question leads into its answer ("Can I pay later? [1] Yes, by invoice. [1]")
        return first + _LEAD.split(rest[0], 1)[0] if rest and first.rstrip().endswith(("?", "？")) else first
    end = start
    while end < len(lines) and LIST_ITEM.match(lines[end]):
        end += 1
    return "\n".join(lines[:end])


def load_questions(path: Path) -> list[KbQuestion]:
    questions = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        row = json.loads(line)
        if not isinstance(row.get("question"), str) or not isinstance(row.get("answerable"), bool):
            raise ValueError(f"{path}:{number}: each line needs a question and answerable (true or false)")
        questions.append(KbQuestion(row["question"], row["answerable"], row.get("file"), row.get("kind") or "",
                                    row.get("answer") or ""))
    return questions


def _relative(source: str, docs: Path) -> str:
    """A citation's source as a path relative to the documents folder (sources are stored as given at ingestion)."""
    path = Path(source)
    try:
        return path.resolve().relative_to(docs.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def run_kb(runtime: Runtime, *, docs: Path, questions: list[KbQuestion], progress=None) -> list[KbOutcome]:
    """Ingest `docs` into a collection of its own and ask every question there."""
    collection = "kb-" + docs.resolve().name
    runtime.pipeline.run_paths([str(docs)], collection=collection)
    task = progress.add_task("asking", total=len(questions)) if progress else None
    outcomes = []
    for question in questions:
        answer = runtime.answers.ask(question.text, collection=collection)
        outcomes.append(KbOutcome(question, answer.refused, answer.confidence,
                                  [_relative(c.source, docs) for c in answer.citations],
                                  [c.snippet for c in answer.citations], answer.answer))
        if progress:
            progress.advance(task)
    return outcomes


def _holds(text: str, answer: str) -> bool:
    """Whether `text` holds the words `answer` (none given: no), citation markers and Markdown emphasis aside,
    spaces collapsed, case folded."""
    def plain(words: str) -> str:
        return " ".join(re.sub(r"\[\d+\]|[*_`]", " ", words).split()).casefold()

    return bool(answer) and plain(answer) in plain(text)


def _rate(hits: int, total: int) -> float | None:
    return round(hits / total, 3) if total else None


def kb_scores(outcomes: list[KbOutcome]) -> dict:
    def figures(group: list[KbOutcome]) -> dict:
        answerable = [o for o in group if o.question.answerable]
        unanswerable = [o for o in group if not o.question.answerable]
        refused = [o for o in answerable if o.refused and o.question.answer]
        with_answer = [o for o in answerable if o.question.answer]
        return {"questions": len(group),
                "answered_rate": _rate(sum(not o.refused for o in answerable), len(answerable)),
                "cited_rate": _rate(sum(o.cited_right for o in answerable), len(answerable)),
                "refusal_recall": _rate(sum(o.refused for o in unanswerable), len(unanswerable)),
                "held_rate": _rate(sum(o.held for o in with_answer), len(with_answer)),
                "led_rate": _rate(sum(o.led for o in with_answer), len(with_answer)),
                "refused_answer_shown": _rate(sum(o.answer_shown for o in refused), len(refused))}

    kinds = sorted({o.question.kind for o in outcomes if o.question.kind})
    misses = [{"question": o.question.text, "kind": o.question.kind, "expected": o.question.file,
               "refused": o.refused, "confidence": round(o.confidence, 3), "cited": o.sources[:1],
               **({"answer_in_sources": o.answer_shown} if o.refused and o.question.answer else {}),
               **({"held": o.held, "led": o.led} if o.question.answer and not o.refused else {})}
              for o in outcomes
              if (o.question.answerable and not o.cited_right) or (not o.question.answerable and not o.refused)
              or (o.question.answer and not o.refused and not o.led)]
    return {**figures(outcomes), "per_kind": {kind: figures([o for o in outcomes if o.question.kind == kind])
                                              for kind in kinds},
            "misses": misses}
