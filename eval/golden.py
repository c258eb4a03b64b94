"""The golden set: import (JSONL, SQuAD JSON, BEIR folders) and export (JSONL), review of candidates, and stale
flags when a referenced document changes or disappears."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from core.db import utcnow
from core.errors import ErrorCode, RagloopError
from eval import store
from ingest import indexed_span, sources_at
from retrieval import language_of

STATUSES = ("candidate", "approved", "retired")
ORIGINS = ("imported", "mined", "promoted")
# The public export format (import reads these, plus the optional `language` and `tags`).
EXPORT_KEYS = ("question", "reference_answer", "reference_documents", "answerable", "origin", "status", "collection",
               "language", "tags")
MAX_REFERENCE_DOCUMENTS = 20


def read_items(path: Path) -> list[dict]:
    """Items from a BEIR folder (queries + qrels), a SQuAD-format .json file, or JSONL; all checked before any is
    added, so a bad file imports nothing."""
    if path.is_dir():
        return read_beir(path)
    if not path.is_file():
        raise RagloopError(ErrorCode.NOT_FOUND, f"no such file or folder: {path}")
    if path.suffix.lower() == ".json":
        return read_squad(path)
    return read_jsonl(path)


def _item(raw: dict, where: str) -> dict:
    question = raw.get("question") if isinstance(raw, dict) else None
    if not isinstance(question, str) or not question.strip():
        raise RagloopError(ErrorCode.BAD_INPUT, f"{where}: 'question' is missing or empty")
    documents = raw.get("reference_documents") or []
    if not isinstance(documents, list) or not all(isinstance(d, str) for d in documents):
        raise RagloopError(ErrorCode.BAD_INPUT, f"{where}: 'reference_documents' must be a list of strings")
    tags = raw.get("tags") or []
    if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
        raise RagloopError(ErrorCode.BAD_INPUT, f"{where}: 'tags' must be a list of strings")
    collection = raw.get("collection")
    if collection is not None and (not isinstance(collection, str) or not collection.strip()):
        raise RagloopError(ErrorCode.BAD_INPUT, f"{where}: 'collection' must be a collection's name")
    status = raw.get("status") or "approved"
    if status not in STATUSES:
        raise RagloopError(ErrorCode.BAD_INPUT, f"{where}: status must be one of {', '.join(STATUSES)}")
    answer = raw.get("reference_answer")
    return {"question": question.strip(), "reference_answer": answer if isinstance(answer, str) and answer else None,
            "reference_documents": documents, "answerable": bool(raw.get("answerable", True)),
            "origin": raw.get("origin") if raw.get("origin") in ORIGINS else "imported", "status": status,
            "language": raw.get("language") or language_of(question) or None, "tags": tags,
            "collection": collection.strip() if collection else None}


def read_jsonl(path: Path) -> list[dict]:
    items = []
    for number, line in enumerate(path.read_text(encoding="utf-8-sig").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
        except json.JSONDecodeError as exc:
            raise RagloopError(ErrorCode.BAD_INPUT, f"line {number}: not JSON ({exc.msg})") from exc
        items.append(_item(raw, f"line {number}"))
    return items


def read_squad(path: Path) -> list[dict]:
    """Every question: answerable ones with their first answer as reference and their paragraph as reference
    document (`{title}#{n}`, as `ragloop bench` names SQuAD paragraphs), unanswerable ones (SQuAD 2.0) marked so."""
    try:
        articles = json.loads(path.read_text(encoding="utf-8-sig"))["data"]
        items = []
        for article in articles:
            for number, paragraph in enumerate(article["paragraphs"]):
                for qa in paragraph["qas"]:
                    impossible = bool(qa.get("is_impossible", False))
                    answers = [a["text"] for a in qa.get("answers", []) if a.get("text")]
                    items.append(_item({
                        "question": qa["question"],
                        "reference_answer": None if impossible else next(iter(answers), None),
                        "reference_documents": [] if impossible else [f"{article['title']}#{number}"],
                        "answerable": not impossible, "tags": [str(article["title"])]}, f"question {qa.get('id')}"))
    except (json.JSONDecodeError, KeyError, TypeError, AttributeError) as exc:
        raise RagloopError(ErrorCode.BAD_INPUT, f"{path} is not a SQuAD-format file ({exc!r})") from exc
    return items


def read_beir(directory: Path) -> list[dict]:
    """Queries judged relevant to at least one document in qrels/test.tsv (or dev, train)."""
    qrels = next((directory / "qrels" / name for name in ("test.tsv", "dev.tsv", "train.tsv")
                  if (directory / "qrels" / name).is_file()), None)
    queries_file = directory / "queries.jsonl"
    if qrels is None or not queries_file.is_file():
        raise RagloopError(ErrorCode.BAD_INPUT, f"{directory} is not a BEIR folder (queries.jsonl and qrels/*.tsv)")
    relevant: dict[str, list[str]] = {}
    try:
        with qrels.open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle, delimiter="\t"):
                if int(row["score"]) > 0:
                    relevant.setdefault(row["query-id"], []).append(row["corpus-id"])
        queries = [json.loads(line) for line in queries_file.read_text(encoding="utf-8").splitlines() if line.strip()]
    except (KeyError, ValueError, TypeError) as exc:
        raise RagloopError(ErrorCode.BAD_INPUT, f"{directory}: unreadable queries or qrels ({exc!r})") from exc
    return [_item({"question": q.get("text"), "reference_documents": relevant[str(q.get("_id"))]},
                  f"query {q.get('_id')}") for q in queries if str(q.get("_id")) in relevant]


def import_items(*, session: Session, items: list[dict]) -> tuple[int, int]:
    """Add the items; returns (added, already present). A reference document typed as a path to where an ingested
    document is, but not as it was ingested, is named as it was (`ingest.sources_at`): else no retrieved chunk
    would match it and the item would read as stale."""
    renamed = sources_at(session=session, paths={d for item in items for d in item.get("reference_documents") or []})
    items = [{**item, "reference_documents": [renamed.get(d, d) for d in item["reference_documents"]]}
             if renamed and item.get("reference_documents") else item for item in items]
    added = sum(store.add_golden(session=session, **item) is not None for item in items)
    return added, len(items) - added


def export_jsonl(*, session: Session, path: Path) -> int:
    items = store.list_golden(session=session)
    with path.open("w", encoding="utf-8") as out:
        for item in items:
            row = {key: getattr(item, key) for key in EXPORT_KEYS}
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    return len(items)


def review_item(*, session: Session, item_id: int, action: str, reference_answer: str | None = None,
                reference_documents: list[str] | None = None, answerable: bool | None = None,
                serve: bool | None = None, reviewer: str | None = None, question: str | None = None,
                hidden: store.Hidden | None = None) -> store.GoldenItem:
    """An agent's decision on an item: save its references (and its question, reworded), approve it, or retire it.
    Any of these clears a stale flag: the item has been looked at since its documents changed (and records who
    looked). `serve`: whether its reference answer is served to questions that mean the same (`eval.reviewed`).
    `hidden`: the collections the agent may not read (their items are not found)."""
    item = store.get_golden(session=session, item_id=item_id, hidden=hidden)
    if item is None:
        raise RagloopError(ErrorCode.NOT_FOUND, "no golden item {item_id}", item_id=item_id)
    if action not in ("save", "approve", "retire"):
        raise RagloopError(ErrorCode.BAD_INPUT, "action must be save, approve or retire")
    if question is not None and question.strip() != item.question:
        _reword(session=session, item=item, question=question)
    if reference_answer is not None:
        item.reference_answer = reference_answer.strip() or None
    if reference_documents is not None:
        item.reference_documents = sorted({d.strip() for d in reference_documents if d.strip()})
    if answerable is not None:
        item.answerable = answerable
    if serve is not None:
        item.serve = serve
    if action == "approve" and item.answerable and not (item.reference_answer or item.reference_documents):
        raise RagloopError(ErrorCode.BAD_INPUT, "an answerable item needs a reference answer or reference "
                                                "documents before it can be approved")
    item.status = {"approve": "approved", "retire": "retired"}.get(action, item.status)
    item.stale_reason, item.reviewed_at, item.reviewed_by = None, utcnow(), reviewer
    session.flush()
    return item


def _reword(*, session: Session, item: store.GoldenItem, question: str) -> None:
    question = question.strip()
    if not question:
        raise RagloopError(ErrorCode.BAD_INPUT, "the question cannot be empty")
    other = store.find_golden(session=session, question=question)
    if other is not None and other.id != item.id:  # its id is not said: it may be of a collection not shown
        raise RagloopError(ErrorCode.CONFLICT, "another golden item already asks this question")
    item.question, item.question_key = question, store.question_key(question)
    item.language = language_of(question) or None
    try:
        with session.begin_nested():
            session.flush()
    except IntegrityError:  # the same rewording saved on another item a moment earlier
        raise RagloopError(ErrorCode.CONFLICT, "another golden item already asks this question") from None


def stale_reasons(*, session: Session, items: list) -> dict[int, str]:
    """Why each item is stale, for those whose reference documents got new content since the item was last
    reviewed, or are not in the knowledge base (deleted, or never ingested). Reads only."""
    items = [i for i in items if i.status != "retired" and i.reference_documents]
    span = indexed_span(session=session, keys={d for i in items for d in i.reference_documents})
    reasons = {}
    for item in items:
        since = item.reviewed_at or item.created_at
        missing = [d for d in item.reference_documents if d not in span]
        changed = [d for d in item.reference_documents if d in span and span[d][0] < since < span[d][1]]
        if missing or changed:
            reasons[item.id] = "; ".join(filter(None, [
                f"not in the knowledge base: {', '.join(missing)}" if missing else "",
                f"changed since review: {', '.join(changed)}" if changed else ""]))
    return reasons


def flag_stale(*, session: Session) -> int:
    """Flag the items that became stale (`stale_reasons`); returns how many were newly flagged."""
    unflagged = [i for i in store.list_golden(session=session) if not i.stale_reason]
    reasons = stale_reasons(session=session, items=unflagged)
    for item in unflagged:
        if item.id in reasons:
            item.stale_reason = reasons[item.id]
    session.flush()
    return len(reasons)


def promote_answer(*, session: Session, answer, reference_answer: str, reference_documents: list[str],
                   answerable: bool, reviewer: str | None = None) -> store.GoldenItem:
    """An answer's question becomes an approved golden item, reviewed by `reviewer`, with the agent's reference
    answer and documents (or marked as one the documents cannot answer)."""
    documents = sorted({d.strip() for d in reference_documents if d.strip()})
    if len(documents) > MAX_REFERENCE_DOCUMENTS or any(len(d) > 2000 for d in documents):
        raise RagloopError(ErrorCode.BAD_INPUT, f"at most {MAX_REFERENCE_DOCUMENTS} reference documents")
    if answerable and not (reference_answer.strip() or documents):
        raise RagloopError(ErrorCode.BAD_INPUT, "give a reference answer or reference documents, or mark the "
                                                "question as one the documents cannot answer")
    item = store.add_golden(session=session, question=answer.question, reference_answer=reference_answer.strip()
                            or None, reference_documents=documents, answerable=answerable, origin="promoted",
                            status="approved", source_answer_id=answer.id, collection=answer.collection,
                            reviewed_by=reviewer, language=language_of(answer.question) or None)
    if item is None:
        raise RagloopError(ErrorCode.CONFLICT, "this question is already in the golden set")
    return item


def pin_baseline(*, session: Session, run_id: int) -> store.EvalRun:
    """Keep a complete run as the baseline every nightly run is also compared with."""
    run = store.get_run(session=session, run_id=run_id)
    if run is None:
        raise RagloopError(ErrorCode.NOT_FOUND, f"no evaluation run {run_id}")
    if run.status != "complete":
        raise RagloopError(ErrorCode.BAD_INPUT, f"run {run_id} is {run.status}; pin a complete run")
    return store.pin_run(session=session, run_id=run_id)
