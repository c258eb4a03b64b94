"""Output moderation: what an answer says passes a check before the user sees it, streamed text included.

The baseline is a word list in English and Korean (profanity, abuse, threats of violence), matched on word
boundaries in English and as substrings in Korean (where endings attach to the word). With
RAGLOOP_MODERATION_BASE_URL set, an OpenAI-compatible moderation endpoint decides instead (the word list still
runs if it fails). The policy (`RAGLOOP_MODERATION_POLICY`): `mask` hides the words, `block` withholds the whole
answer, `flag` only records; every finding is a guard event ("moderation"), stored with the answer and counted.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from core.settings import Settings

log = logging.getLogger(__name__)

WORDS: dict[str, tuple[str, ...]] = {
    # Korean words that are also parts of ordinary words are left out ("시발" as in 시발점, "새끼" as in 새끼 고양이).
    "profanity": ("fuck", "fucking", "fucked", "shit", "bullshit", "bitch", "bastard", "asshole", "dickhead",
                  "씨발", "ㅅㅂ", "존나", "지랄", "개새끼"),
    "abuse": ("moron", "retard", "piece of shit", "scumbag", "병신", "미친놈", "미친년", "쓰레기 같은 놈"),
    "violence": ("i will kill you", "kill yourself", "go die", "shoot you", "죽여 버리", "죽어버려", "죽여버려"),
}
MASK = "•••"
WITHHELD = "This answer was withheld: it contained language that is not shown here."


def _pattern(words: tuple[str, ...]) -> re.Pattern:
    latin = [re.escape(w) for w in words if w.isascii()]
    korean = [re.escape(w) for w in words if not w.isascii()]
    parts = ([rf"\b(?:{'|'.join(latin)})\b"] if latin else []) + ([f"(?:{'|'.join(korean)})"] if korean else [])
    return re.compile("|".join(parts), re.IGNORECASE)


PATTERNS = {category: _pattern(words) for category, words in WORDS.items()}


@dataclass(frozen=True)
class Moderated:
    text: str
    categories: list[str]  # what was found, in category order
    blocked: bool


class Moderation:
    def __init__(self, *, policy: str = "mask", endpoint=None):
        self.policy = policy  # mask | block | flag | off
        self.endpoint = endpoint  # an OpenAI-compatible client's moderations, or None

    def check(self, text: str) -> Moderated:
        if self.policy == "off" or not text:
            return Moderated(text, [], False)
        found = [category for category, pattern in PATTERNS.items() if pattern.search(text)]
        flagged_by_endpoint = self._endpoint_categories(text)
        categories = list(dict.fromkeys(found + flagged_by_endpoint))
        if not categories:
            return Moderated(text, [], False)
        log.warning("moderation: %s in an answer, %s", ", ".join(categories), self.policy)
        if self.policy == "block":
            return Moderated(WITHHELD, categories, True)
        if self.policy == "mask":
            for category in found:
                text = PATTERNS[category].sub(MASK, text)
            if flagged_by_endpoint and not found:
                return Moderated(WITHHELD, categories, True)  # the endpoint names no words to hide
        return Moderated(text, categories, False)

    def masked(self, text: str) -> str:
        """`text` with every listed word hidden, whatever the policy (for snippets of documents)."""
        for pattern in PATTERNS.values():
            text = pattern.sub(MASK, text)
        return text

    def _endpoint_categories(self, text: str) -> list[str]:
        if self.endpoint is None:
            return []
        try:
            result = self.endpoint(text)
        except Exception as exc:  # a moderation endpoint that is down leaves the word list in charge
            log.warning("moderation endpoint failed, the word list decides: %s", exc)
            return []
        return result


def endpoint_from(base_url: str, api_key: str, model: str, timeout_s: float):
    """A function text -> flagged categories, over an OpenAI-compatible `/moderations` endpoint."""
    from openai import OpenAI

    client = OpenAI(base_url=base_url, api_key=api_key or "none", timeout=timeout_s, max_retries=0)

    def flagged(text: str) -> list[str]:
        response = client.moderations.create(model=model, input=text)
        result = response.results[0]
        if not result.flagged:
            return []
        categories = result.categories.model_dump() if hasattr(result.categories, "model_dump") else {}
        return [name.replace("/", "_") for name, hit in categories.items() if hit] or ["flagged"]

    return flagged


def moderation_for(settings: Settings) -> Moderation:
    endpoint = None
    if settings.moderation_base_url and settings.moderation_policy != "off":
        endpoint = endpoint_from(settings.moderation_base_url, settings.moderation_api_key.get_secret_value(),
                                 settings.moderation_model, timeout_s=settings.llm_timeout_s)
    return Moderation(policy=settings.moderation_policy, endpoint=endpoint)
