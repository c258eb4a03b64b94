"""The confidence label and its reason always agree with the decision: no percentage on a refusal, no "high" with a
reason that says the match is loose, no "low" that claims every sentence is backed; a refusal says so once."""

import pytest

from answer import REFUSAL_TEXT, Answer
from web.app import _templates
from web.i18n import MESSAGES, confidence_level, confidence_reason, translator

LEVEL_REASONS = {"high": "why.high", "medium": "why.medium", "low": "why.low"}


def _answer(*, confidence: float, refused: bool, sentences: list[bool] = (True,), addressed=None) -> Answer:
    checked = [{"text": f"Sentence {i}.", "support": 0.9 if ok else 0.1, "supported": ok}
               for i, ok in enumerate(sentences)]
    return Answer(question="Which port?", answer=REFUSAL_TEXT if refused else "The port is 7311. [1]",
                  citations=[], confidence=confidence, refused=refused, collection="default", trace_id="t",
                  latency_ms=1.0, generator="openai:primary", prompt_name="p", prompt_version="1", embedder="e",
                  signals={"addressed": addressed}, generation={"citations": {"sentences": checked}})


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("confidence", [i / 20 for i in range(21)])
def test_the_reason_never_contradicts_the_level(lang, confidence):
    t = translator(lang)
    for sentences, addressed in [([True], None), ([True, False], None), ([True], 0.3), ([False], None)]:
        answer = _answer(confidence=confidence, refused=False, sentences=sentences, addressed=addressed)
        reason = confidence_reason(t, refused=False, confidence=confidence, signals=answer.signals,
                                   generation=answer.generation)
        level = confidence_level(confidence)
        others = {key for name, key in LEVEL_REASONS.items() if name != level}
        assert reason not in {MESSAGES[key][lang] for key in others}, (confidence, reason)
        if level == "high":
            assert reason == MESSAGES["why.high"][lang]
        if all(sentences) and (addressed is None or addressed >= 0.7):
            assert reason == MESSAGES[LEVEL_REASONS[level]][lang]
    assert confidence_reason(t, refused=True, confidence=confidence, signals={}) == MESSAGES["why.refused"][lang]
    across = confidence_reason(t, refused=False, confidence=confidence, signals={"other_language": 1.0})
    assert across == MESSAGES["why.other_language_high" if level == "high" else "why.other_language"][lang], \
        "an answer from a page in another language says so"
    own_words = {"top_dense": 0.86, "chunk_coverage": 0.25}
    worded = {"top_dense": 0.86, "chunk_coverage": 0.75}
    assert confidence_reason(t, refused=False, confidence=confidence, signals=own_words) == \
        MESSAGES["why.high" if level == "high" else "why.own_words"][lang], \
        "an answer that shares few of the question's words says it matches the meaning"
    assert confidence_reason(t, refused=False, confidence=confidence, signals=worded) == \
        MESSAGES[LEVEL_REASONS[level]][lang]


def _render(answer: Answer, lang: str = "en") -> str:
    template = _templates().env.get_template("_answer.html")
    return template.render(answer=answer, answer_id="a1", rating=None, t=translator(lang), csrf="x",
                           principal=None)


def test_a_refusal_shows_no_percentage_and_says_so_once():
    html = _render(_answer(confidence=0.5, refused=True))
    assert html.count("The documents don&#39;t say") + html.count("The documents don't say") == 1
    assert "50%" not in html and "badge" not in html
    assert MESSAGES["why.refused"]["en"] in html


def test_an_answer_shows_its_level_and_a_reason_that_agrees():
    html = _render(_answer(confidence=0.86, refused=False))
    assert "86% · high" in html and MESSAGES["why.high"]["en"] in html
    low = _render(_answer(confidence=0.42, refused=False, sentences=[True, False]))
    assert "42% · low" in low and "1 of 2 sentences could not be checked" in low
    assert "class=\"refusal\"" not in low


def test_an_unverified_sentence_is_labelled_in_the_pages_language():
    answer = _answer(confidence=0.6, refused=False, sentences=[True, False])
    answer.answer = "The port is 7311. [1] The moon is cheese. [unverified]"
    assert '<span class="unverified"' in _render(answer, "en") and ">unverified</span>" in _render(answer, "en")
    korean = _render(answer, "ko")
    assert ">확인 안 됨</span>" in korean and "[unverified]" not in korean
