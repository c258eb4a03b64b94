"""What an answer cost: the generator's token counts priced by the table in `RAGLOOP_LLM_PRICES`
(a JSON object: model name -> [USD per million input tokens, USD per million output tokens])."""

from __future__ import annotations

import json
import logging

from core.errors import ErrorCode, RagloopError

log = logging.getLogger(__name__)


class PriceTable:
    def __init__(self, prices: dict[str, tuple[float, float]]):
        self.prices = prices
        self._warned: set[str] = set()

    @classmethod
    def parse(cls, text: str) -> "PriceTable":
        if not text.strip():
            return cls({})
        try:
            raw = json.loads(text)
            prices = {str(model): (float(pair[0]), float(pair[1])) for model, pair in raw.items()}
        except (json.JSONDecodeError, AttributeError, TypeError, ValueError, IndexError, KeyError) as exc:
            raise RagloopError(ErrorCode.BAD_INPUT, 'RAGLOOP_LLM_PRICES must be a JSON object like '
                                                    '{"gpt-4o-mini": [0.15, 0.6]} (USD per million tokens in, '
                                                    f'out): {exc}') from exc
        return cls(prices)

    def cost(self, usage: dict | None) -> float | None:
        """USD for one call's usage ({model, prompt_tokens, completion_tokens}); 0 when no paid model ran; None
        when the model is not in the table (said once per model in the log)."""
        if not usage or not usage.get("model"):
            return 0.0
        price = self.prices.get(usage["model"])
        if price is None:
            if usage["model"] not in self._warned:
                self._warned.add(usage["model"])
                log.warning("no price for model %r in RAGLOOP_LLM_PRICES: its answers have no cost", usage["model"])
            return None
        return round((usage.get("prompt_tokens", 0) * price[0] + usage.get("completion_tokens", 0) * price[1])
                     / 1e6, 8)
