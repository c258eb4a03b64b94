"""Sentence splitting for English and Korean text (both end sentences with . ? ! or a line break)."""

from __future__ import annotations

import re

_BOUNDARY = re.compile(r"(?<=[.!?。！？])[\"')\]]*\s+|\n+")
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s.*$", re.MULTILINE)
_MIN_WORDS = 4  # shorter pieces are headings, labels or fragments, not statements


def split_sentences(text: str) -> list[str]:
    pieces = (piece.strip(" \t-*>|") for piece in _BOUNDARY.split(_HEADING.sub("\n", text)))
    return [piece for piece in pieces if len(piece.split()) >= _MIN_WORDS]
