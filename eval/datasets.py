"""Benchmark datasets read at run time: BEIR folders and SQuAD-format files (SQuAD 2.0, KorQuAD 1.0)."""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass, field
from pathlib import Path

from core.errors import ErrorCode, RagloopError
from ingest import Source, beir_sources, squad_sources


@dataclass
class Question:
    id: str
    text: str
    answers: list[str] = field(default_factory=list)
    relevant: dict[str, int] = field(default_factory=dict)  # document id (its source name) -> relevance grade
    article: str = ""  # the SQuAD article the question was written on
    unindexed: bool = False  # its article was left out of the knowledge base (`leave_out_articles`)
    paragraph_left_out: bool = False  # its article is in, its paragraph was left out (`leave_out_paragraphs`)

    @property
    def answerable(self) -> bool:
        return bool(self.relevant)


@dataclass
class Dataset:
    name: str
    sources: list[Source]  # the corpus, named by document id
    questions: list[Question]


def _read_jsonl(path: Path) -> list[dict]:
    if not path.is_file():
        raise RagloopError(ErrorCode.NOT_FOUND, f"no such file: {path}")
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def _default_qrels(directory: Path) -> Path:
    qrels = directory / "qrels"
    for name in ("test.tsv", "dev.tsv", "train.tsv"):
        if (qrels / name).is_file():
            return qrels / name
    raise RagloopError(ErrorCode.NOT_FOUND, f"no qrels/test.tsv, dev.tsv or train.tsv in {directory}")


def load_beir(directory: Path, *, qrels: Path | None = None) -> Dataset:
    """A BEIR folder; only the queries that the qrels judge are kept."""
    qrels = qrels or _default_qrels(directory)
    judged: dict[str, dict[str, int]] = {}
    with qrels.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            if int(row["score"]) > 0:
                judged.setdefault(row["query-id"], {})[row["corpus-id"]] = int(row["score"])
    queries = {str(q["_id"]): q["text"] for q in _read_jsonl(directory / "queries.jsonl")}
    questions = [Question(qid, queries[qid], relevant=rel) for qid, rel in judged.items() if qid in queries]
    return Dataset(directory.name, beir_sources(directory), questions)


def load_squad(path: Path, *, prefix: str = "") -> Dataset:
    """Paragraphs become documents (`{prefix}{title}#{n}`); each question is relevant to its own paragraph.

    Unanswerable questions (SQuAD 2.0 `is_impossible`) are kept with no relevant document.
    """
    if not path.is_file():
        raise RagloopError(ErrorCode.NOT_FOUND, f"no such file: {path}")
    try:
        articles = json.loads(path.read_text(encoding="utf-8"))["data"]
    except (json.JSONDecodeError, KeyError, TypeError) as exc:
        raise RagloopError(ErrorCode.BAD_INPUT, f"{path} is not a SQuAD-format file ({exc})") from exc
    questions = []
    for article in articles:
        for number, paragraph in enumerate(article["paragraphs"]):
            doc_id = f"{prefix}{article['title']}#{number}"
            for qa in paragraph["qas"]:
                impossible = qa.get("is_impossible", False)
                questions.append(Question(str(qa["id"]), qa["question"],
                                          answers=[a["text"] for a in qa.get("answers", [])],
                                          relevant={} if impossible else {doc_id: 1}, article=article["title"]))
    return Dataset(path.stem, squad_sources(path, prefix=prefix), questions)


def leave_out_articles(dataset: Dataset, share: float) -> Dataset:
    """The data set with `share` of its articles, evenly spread in file order, left out of the corpus: their
    questions become ones the documents don't answer. It turns a data set without unanswerable questions (KorQuAD)
    into a test of refusing, with the questions users ask most often about what is not in the knowledge base."""
    if not 0.0 <= share < 1.0:
        raise RagloopError(ErrorCode.BAD_INPUT, f"the share of articles left out must be in [0, 1), not {share}")
    articles = list(dict.fromkeys(q.article for q in dataset.questions))
    left_out = {title for i, title in enumerate(articles) if int((i + 1) * share) > int(i * share)}
    sources = [s for s in dataset.sources if s.name.rsplit("#", 1)[0] not in left_out]
    questions = [Question(q.id, q.text, q.answers, {} if q.article in left_out else q.relevant, q.article,
                          unindexed=q.article in left_out)
                 for q in dataset.questions]
    return Dataset(dataset.name, sources, questions)


def leave_out_paragraphs(dataset: Dataset, share: float) -> Dataset:
    """The data set with `share` of each indexed article's paragraphs, evenly spread, left out of the corpus (never
    all of an article's): their questions become ones about a subject the knowledge base speaks of that its pages
    do not answer, the kind a user asks most of a small knowledge base on one subject ("Is there a mobile app?" of
    a wiki's manual). An article's other paragraphs stay, so the search finds pages on the topic, not the answer."""
    if not 0.0 <= share < 1.0:
        raise RagloopError(ErrorCode.BAD_INPUT, f"the share of paragraphs left out must be in [0, 1), not {share}")
    by_article: dict[str, list[str]] = {}
    for source in dataset.sources:
        by_article.setdefault(source.name.rsplit("#", 1)[0], []).append(source.name)
    left_out = {name for names in by_article.values() if len(names) > 1
                for i, name in enumerate(names) if int((i + 1) * share) > int(i * share)}
    sources = [s for s in dataset.sources if s.name not in left_out]
    questions = [Question(q.id, q.text, q.answers, {}, q.article, paragraph_left_out=True)
                 if set(q.relevant) & left_out else q for q in dataset.questions]
    return Dataset(dataset.name, sources, questions)
