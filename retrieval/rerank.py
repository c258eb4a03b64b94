"""Optional second stage: a sentence-transformers CrossEncoder reads question and chunk together and reorders the
candidates. Off by default (no cross-encoder ships inside a package); any model id or local path works."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from core.errors import ErrorCode, RagloopError
from retrieval.index import Hit


class CrossEncoderReranker:
    def __init__(self, model: str, *, device: str = "cpu"):
        from sentence_transformers import CrossEncoder

        if not Path(model).expanduser().is_dir():
            raise RagloopError(ErrorCode.BAD_INPUT, f"reranker model {model!r} is not a local folder "
                               "(models are never downloaded at run time)")
        self.name = model
        self._model = CrossEncoder(str(Path(model).expanduser()), device=device, local_files_only=True)

    def rerank(self, question: str, hits: list[Hit], *, limit: int) -> list[Hit]:
        if not hits:
            return []
        scores = self._model.predict([(question, hit.text) for hit in hits], show_progress_bar=False)
        ranked = sorted(zip(hits, scores), key=lambda pair: float(pair[1]), reverse=True)[:limit]
        return [replace(hit, score=float(score)) for hit, score in ranked]
