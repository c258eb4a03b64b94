"""Guards for requests that leave the machine: personal data masked or blocked, prompt injection kept out.

PII (`core.pii`): e-mail addresses, phone numbers, resident registration, card and account numbers, and names next
to a title or honorific. The policy `mask` replaces each with a
placeholder such as [EMAIL_1] before the request and puts the original back in the answer; `block` sends nothing.

Injection: instructions aimed at the model ("ignore previous instructions", "you are now …", "이전 지시를
무시하고", role markers such as "<|im_start|>system", hidden text such as HTML comments or zero-width characters).
In the question they are recorded; in a retrieved chunk the chunk is dropped from the prompt (`drop`) or sent
marked as untrusted data (`fence`).

Every finding is a `GuardEvent`: logged here, stored with the answer and counted by the web app.
"""

from __future__ import annotations

import logging
import re
from dataclasses import asdict, dataclass, field

from core.pii import find_pii

log = logging.getLogger(__name__)

INJECTION_PATTERNS: dict[str, re.Pattern] = {
    "override": re.compile(
        r"\b(?:ignore|disregard|forget|override)\b[^.\n]{0,40}\b(?:previous|prior|above|earlier|all|any|your)\b"
        r"[^.\n]{0,20}\b(?:instructions?|rules|prompts?|directions|guidelines)"
        r"|(?:이전|앞의|위의|기존|모든)\s*(?:지시|지침|명령|규칙|프롬프트)[^.\n]{0,10}(?:무시|잊)", re.IGNORECASE),
    "role_play": re.compile(
        r"\byou are now\b|\bfrom now on,? you (?:are|will (?:act|answer|respond|reply|be)|must (?:act|answer|ignore))\b"
        r"|\bact as (?:an? )?(?:unrestricted|different|new)\b|\bpretend (?:to be|you are)\b"
        r"|\bdeveloper mode\b|\bjailbreak|(?-i:\bDAN\b)"
        r"|지금부터\s*(?:너|당신)는|역할극|인\s*척\s*(?:해|하)|개발자\s*모드|탈옥", re.IGNORECASE),
    "prompt_leak": re.compile(
        r"\b(?:reveal|print|show|repeat|output)\b[^.\n]{0,30}\b(?:system prompt|your instructions|hidden prompt)"
        r"|시스템\s*프롬프트[^.\n]{0,15}(?:보여|출력|알려|공개)", re.IGNORECASE),
    "role_marker": re.compile(r"<\|im_start\|>|<\|system\|>|\[/?INST\]|^\s*#{2,}\s*(?:system|instruction)s?\b"
                              r"|^\s*(?:system|assistant)\s*:", re.IGNORECASE | re.MULTILINE),
    # (a byte-order mark is not hidden text: files and web pages carry it by accident)
    "hidden_text": re.compile(r"<!--.*?-->|[\u200b\u200c\u200d\u2060]", re.DOTALL),
}


@dataclass(frozen=True)
class GuardEvent:
    guard: str  # pii | injection
    kind: str  # email, phone, rrn, card, account, iban, name | override, role_play, prompt_leak, …
    where: str  # question | chunk N
    action: str  # masked, blocked, dropped, fenced, flagged

    def to_dict(self) -> dict:
        return asdict(self)


class RequestBlocked(Exception):
    """The policy forbids sending this request; nothing was sent."""

    def __init__(self, events: list[GuardEvent]):
        super().__init__(", ".join(f"{e.kind} in {e.where}" for e in events))
        self.events = events


def find_injection(text: str) -> list[str]:
    return [kind for kind, pattern in INJECTION_PATTERNS.items() if pattern.search(text)]


@dataclass
class Masked:
    """Texts with personal data replaced by placeholders, and the way back."""

    originals: dict[str, str] = field(default_factory=dict)  # placeholder -> original
    counts: dict[str, int] = field(default_factory=dict)

    def mask(self, text: str) -> tuple[str, list[str]]:
        kinds, parts, last = [], [], 0
        for kind, start, end in find_pii(text):
            original = text[start:end]
            placeholder = next((p for p, o in self.originals.items() if o == original), None)
            if placeholder is None:
                self.counts[kind] = self.counts.get(kind, 0) + 1
                placeholder = f"[{kind.upper()}_{self.counts[kind]}]"
                self.originals[placeholder] = original
            parts += [text[last:start], placeholder]
            last = end
            kinds.append(kind)
        return "".join(parts) + text[last:], kinds

    def unmask(self, text: str) -> str:
        for placeholder, original in self.originals.items():
            text = text.replace(placeholder, original)
        return text


def held_chunks(guards: Guards, question: str, texts: list[str]) -> tuple[set[int], list[GuardEvent]]:
    """The injection guard for every generator: positions (from 0) of the chunks held back, and the events
    (the question's flagged, the chunks' dropped). With the `fence` policy nothing is held back here: an LLM
    generator sends such chunks marked as untrusted."""
    if guards.injection_policy == "off":
        return set(), []
    events = [GuardEvent("injection", kind, "question", "flagged") for kind in find_injection(question)]
    held = set()
    for n, text in enumerate(texts):
        kinds = find_injection(text)
        if kinds and guards.injection_policy == "drop":
            held.add(n)
        action = "dropped" if guards.injection_policy == "drop" else "fenced"
        events += [GuardEvent("injection", kind, f"chunk {n + 1}", action) for kind in kinds]
    for event in events:
        log.warning("guard: %s %s in %s, %s", event.guard, event.kind, event.where, event.action)
    return held, events


@dataclass
class Prepared:
    question: str
    chunks: list[tuple[int, str, bool]]  # (position from 1, text, suspicious) of the chunks that may be sent
    masked: Masked
    events: list[GuardEvent]


class Guards:
    def __init__(self, *, pii_policy: str = "mask", injection_policy: str = "drop"):
        self.pii_policy = pii_policy  # mask | block | off
        self.injection_policy = injection_policy  # drop | fence | off

    def prepare(self, question: str, chunks: list[str]) -> Prepared:
        """What may be sent for this question and these chunks; raises RequestBlocked when nothing may."""
        events: list[GuardEvent] = []
        masked = Masked()
        question = self._pii(question, "question", masked, events)
        if self.injection_policy != "off":
            events += [GuardEvent("injection", kind, "question", "flagged") for kind in find_injection(question)]
        kept = []
        for n, text in enumerate(chunks, start=1):
            suspicious = self.injection_policy != "off" and find_injection(text)
            action = "dropped" if self.injection_policy == "drop" else "fenced"
            events += [GuardEvent("injection", kind, f"chunk {n}", action) for kind in suspicious or ()]
            if suspicious and self.injection_policy == "drop":
                continue
            kept.append((n, self._pii(text, f"chunk {n}", masked, events), bool(suspicious)))
        blocked = [e for e in events if e.action == "blocked"]
        for event in events:
            log.warning("guard: %s %s in %s, %s", event.guard, event.kind, event.where, event.action)
        if blocked:
            raise RequestBlocked(events)
        return Prepared(question, kept, masked, events)

    def _pii(self, text: str, where: str, masked: Masked, events: list[GuardEvent]) -> str:
        if self.pii_policy == "off":
            return text
        if self.pii_policy == "block":
            events += [GuardEvent("pii", kind, where, "blocked") for kind, _, _ in find_pii(text)]
            return text
        text, kinds = masked.mask(text)
        events += [GuardEvent("pii", kind, where, "masked") for kind in kinds]
        return text
