"""Golden set import and export (JSONL, one item a line)."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy.orm import Session

from core.errors import ErrorCode, RagloopError
from eval import store

STATUSES = ("candidate", "approved", "retired")
ORIGINS = ("imported", "mined", "promoted")


def _item_from_line(line: str, number: int) -> dict:
    try:
        raw = json.loads(line)
    except json.JSONDecodeError as exc:
        raise RagloopError(ErrorCode.BAD_INPUT, f"line {number}: not JSON ({exc.msg})") from exc
    question = raw.get("question") if isinstance(raw, dict) else None
    if not isinstance(question, str) or not question.strip():
        raise RagloopError(ErrorCode.BAD_INPUT, f"line {number}: 'question' is missing or empty")
    documents = raw.get("reference_documents") or []
    if not isinstance(documents, list) or not all(isinstance(d, str) for d in documents):
        raise RagloopError(ErrorCode.BAD_INPUT, f"line {number}: 'reference_documents' must be a list of strings")
    status = raw.get("status") or "approved"
    if status not in STATUSES:
        raise RagloopError(ErrorCode.BAD_INPUT, f"line {number}: status must be one of {', '.join(STATUSES)}")
    return {"question": question.strip(), "reference_answer": raw.get("reference_answer") or None,
            "reference_documents": documents, "answerable": bool(raw.get("answerable", True)),
            "origin": raw.get("origin") if raw.get("origin") in ORIGINS else "imported", "status": status}


def read_jsonl(path: Path) -> list[dict]:
    """Parse and validate every line first, so a bad file imports nothing."""
    if not path.is_file():
        raise RagloopError(ErrorCode.NOT_FOUND, f"no such file: {path}")
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    return [_item_from_line(line, n) for n, line in enumerate(lines, start=1) if line.strip()]


def import_items(*, session: Session, items: list[dict]) -> tuple[int, int]:
    """Add the items; returns (added, already present)."""
    added = sum(store.add_golden(session=session, **item) is not None for item in items)
    return added, len(items) - added


def export_jsonl(*, session: Session, path: Path) -> int:
    items = store.list_golden(session=session)
    with path.open("w", encoding="utf-8") as out:
        for item in items:
            out.write(json.dumps({"question": item.question, "reference_answer": item.reference_answer,
                                  "reference_documents": item.reference_documents, "answerable": item.answerable,
                                  "origin": item.origin, "status": item.status}, ensure_ascii=False) + "\n")
    return len(items)
