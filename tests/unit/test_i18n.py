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


def test_every_fixed_error_sentence_has_korean():
    # the pages show an error (a file ingestion did not read, a refused sign-in, a missing page) through t(): each
    # RagloopError raised with a fixed sentence, in any package, has its Korean
    import ast

    root, sentences = TEMPLATES.parents[1], set()
    for package in ("core", "ingest", "retrieval", "answer", "feedback", "web", "eval"):
        for path in (root / package).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if (isinstance(node, ast.Call) and getattr(node.func, "id", "") == "RagloopError"
                        and len(node.args) > 1 and isinstance(node.args[1], ast.Constant)):
                    sentences.add(node.args[1].value)
    assert {"the file holds no text", "wrong name or password", "type a question first"} <= sentences, "found"
    assert sorted(sentence for sentence in sentences if sentence not in KOREAN) == []


def test_what_each_setting_does_has_korean():
    from core.settings import Settings

    assert sorted(f.description for f in Settings.model_fields.values() if f.description not in KOREAN) == []
