"""How the dense and BM25 results are fused, per language: the settings' values, unless the nightly job found better
ones on the golden set and applied them (`eval.tuning`).

Applied tunings are rows of `fusion_tunings`, a stack per language: the newest active row is in force; reverting it
brings back the one before (or the settings). Every process reads them from the database (shared by all replicas)
and looks again every `REFRESH_S` seconds, so an applied or reverted tuning reaches every replica within that time.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING

from sqlalchemy.exc import SQLAlchemyError

from core.db import session_scope
from retrieval import store

if TYPE_CHECKING:
    from core.db import SessionFactory
    from core.settings import Settings

log = logging.getLogger(__name__)
REFRESH_S = 30.0


@dataclass(frozen=True)
class Fusion:
    dense_weight: float
    sparse_weight: float
    candidates: int
    rrf_k: int

    @classmethod
    def of(cls, settings: Settings) -> Fusion:
        return cls(settings.hybrid_dense_weight, settings.hybrid_sparse_weight, settings.hybrid_candidates,
                   settings.rrf_k)

    def to_dict(self) -> dict:
        return asdict(self)


class TunedFusion:
    """The fusion in force for each language: an applied tuning, else the settings'."""

    def __init__(self, settings: Settings, session_factory: SessionFactory | None = None):
        self.default = Fusion.of(settings)
        self.session_factory = session_factory
        self._tuned: dict[str, Fusion] = {}
        self._read_at = float("-inf")
        self._lock = threading.Lock()
        if session_factory is not None:
            self.refresh()  # now, while the service is built, rather than inside the first question

    def for_language(self, language: str) -> Fusion:
        if self.session_factory is None:
            return self.default
        with self._lock:
            if time.monotonic() - self._read_at > REFRESH_S:
                self.refresh()
            return self._tuned.get(language or "", self.default)

    def refresh(self) -> None:
        """Read the applied tunings now (the nightly job calls it after applying or reverting one). When the
        database cannot be read, the fusion in force stays, and the next question tries again later."""
        try:
            with session_scope(self.session_factory) as session:
                self._tuned = {row.language: Fusion(**row.fusion) for row in store.active_tunings(session=session)}
        except SQLAlchemyError as exc:
            log.warning("the fusion tunings could not be read; keeping the fusion in force: %s", exc)
        self._read_at = time.monotonic()
