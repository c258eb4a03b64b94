"""A document as its passages: the chunks in order, each without the overlap it repeats from the one before
(the source viewer shows them, the cited one marked)."""

from __future__ import annotations

from retrieval import VectorIndex

MAX_OVERLAP_CHARS = 2000


def document_passages(index: VectorIndex, document_id: str) -> list[dict]:
    passages, previous = [], ""
    for hit in sorted(index.chunks(document_id=document_id), key=lambda h: h.payload.get("position", 0)):
        text = hit.text
        overlap = next((k for k in range(min(len(previous), len(text), MAX_OVERLAP_CHARS), 15, -1)
                        if previous.endswith(text[:k])), 0)
        passages.append({"chunk_id": hit.id, "text": text[overlap:].lstrip(), "page": hit.payload.get("page"),
                         "heading": hit.payload.get("heading_path") or ""})
        previous = text
    return passages
