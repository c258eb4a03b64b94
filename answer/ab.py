"""A/B tests in production: `RAGLOOP_AB_TEST` splits traffic between the current configuration (arm A) and one
with some settings changed (arm B: another prompt label or version, another generator, ...), by a stable hash of
the user, so each person always sees the same arm. Every answer records its arm; the monitoring page and the
nightly report compare the arms (`feedback.monitoring.compare_arms`)."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from core.errors import ErrorCode, RagloopError

@dataclass(frozen=True)
class Split:
    name: str
    overrides: dict  # arm B's settings
    share_b: float  # of users

    @classmethod
    def parse(cls, text: str) -> "Split | None":
        """`{"name": "prompt-v2", "b": {"prompt_label": "staging"}, "share": 0.5}`; empty: no test."""
        if not text.strip():
            return None
        try:
            raw = json.loads(text)
            split = cls(str(raw["name"]), dict(raw["b"]), float(raw.get("share", 0.5)))
        except (json.JSONDecodeError, KeyError, TypeError, ValueError, AttributeError) as exc:
            raise RagloopError(ErrorCode.BAD_INPUT, 'RAGLOOP_AB_TEST must look like {"name": "prompt-v2", "b": '
                                                    f'{{"prompt_label": "staging"}}, "share": 0.5}}: {exc!r}') from exc
        if not 0.0 < split.share_b < 1.0 or not split.overrides:
            raise RagloopError(ErrorCode.BAD_INPUT, "RAGLOOP_AB_TEST needs settings for arm B and a share "
                                                    "between 0 and 1")
        return split

    def arm(self, user: str) -> str:
        """'A' or 'B', the same for a user every time (and independent between tests with other names)."""
        digest = hashlib.sha256(f"{self.name}:{user}".encode()).digest()
        return "B" if int.from_bytes(digest[:8], "big") / 2 ** 64 < self.share_b else "A"
