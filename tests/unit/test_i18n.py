"""Every interface text has its Korean: the keys and the English texts the templates pass to t(), and the values
the staff pages translate (statuses, origins, ratings, windows)."""

import re
from pathlib import Path

import pytest

from web.i18n import KOREAN, MESSAGES, translator

TEMPLATES = Path(__file__).resolve().parents[2] / "web" / "templates"


def template_texts() -> set[str]:
    found = set()
    for path in TEMPLATES.glob("*.html"):
        for text in re.findall(r'\bt\("((?:[^"\\]|\\.)*)"(?!\s*~)', path.read_text(encoding="utf-8")):
            found.add(text.replace('\\"', '"'))
    return found


def test_every_text_in_the_templates_has_a_korean_translation():
    texts = template_texts()
    assert len(texts) > 100, "the extraction found the templates' texts"
    missing = sorted(t for t in texts if t not in KOREAN and not (t in MESSAGES and MESSAGES[t].get("ko")))
    assert missing == []


@pytest.mark.parametrize("value", ["indexed", "failed", "candidate", "approved", "retired", "imported", "mined",
                                   "promoted", "complete", "partial", "empty", "up", "down", "last day", "last week",
                                   "last month", "down share of ratings", "refusal rate", "Saved", "Approved",
                                   "Retired", "any rating", "thumbs down", "thumbs up", "not rated", "Candidates",
                                   "Stale", "All"])
def test_values_shown_through_t_have_korean(value):
    assert value in KOREAN


def test_placeholders_survive_translation():
    for english, korean in KOREAN.items():
        assert set(re.findall(r"{\w+}", english)) == set(re.findall(r"{\w+}", korean)), english
    t = translator("ko")
    assert t("Ingesting… {done} of {total} files", done=2, total=5) == "색인 중… 파일 5개 중 2개"
    assert translator("en")("Ingesting… {done} of {total} files", done=2, total=5) == "Ingesting… 2 of 5 files"
