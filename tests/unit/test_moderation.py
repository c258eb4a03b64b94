"""Output moderation: abusive or violent language in a document is not served as is, English and Korean, by policy;
ordinary words that contain a listed one are left alone; a configured endpoint decides, and one that is down leaves
the word list in charge."""

import pytest

from answer.moderation import MASK, WITHHELD, Moderation
from tests.conftest import knowledge_base, written

TOXIC = {
    "team.md": "# Team notes\n\nThe on-call lead said the deploy script is fucking broken and whoever wrote it is "
               "a moron.\n",
    "팀.md": "# 팀 메모\n\n배포 스크립트는 씨발 완전히 망가졌다고 당직자가 말했습니다.\n",
    "cats.md": "# Shelter\n\nThe shelter has three 새끼 고양이 this week. 시발점은 정문입니다.\n",
}


@pytest.mark.parametrize(("policy", "shown"), [("mask", MASK), ("flag", "fucking")])
def test_the_word_list_masks_or_flags_english_and_korean(policy, shown):
    checked = Moderation(policy=policy).check("It is fucking broken, 씨발.")
    assert shown in checked.text and checked.categories == ["profanity"] and not checked.blocked
    assert ("씨발" in checked.text) == (policy == "flag")


def test_block_withholds_and_ordinary_words_are_left_alone():
    assert Moderation(policy="block").check("you moron").text == WITHHELD
    clean = "새끼 고양이 세 마리, 시발점은 정문. Kill the process with SIGTERM."
    assert Moderation(policy="block").check(clean) == Moderation(policy="off").check(clean)
    assert Moderation(policy="mask").check(clean).categories == []


def test_an_endpoint_decides_and_a_failing_one_leaves_the_word_list():
    flagged = Moderation(policy="block", endpoint=lambda text: ["harassment"] if "you" in text else [])
    assert flagged.check("you are late").blocked
    def down(text):
        raise ConnectionError("endpoint down")
    fallback = Moderation(policy="mask", endpoint=down).check("a moron wrote it")
    assert MASK in fallback.text and fallback.categories == ["abuse"]


@pytest.fixture(scope="module")
def team(tmp_path_factory, embedder):
    folder = written(tmp_path_factory.mktemp("toxic"), TOXIC)
    with knowledge_base(folder, embedder, [str(folder)]) as answers:
        yield answers


@pytest.mark.parametrize("question", ["What did the on-call lead say about the deploy script?",
                                      "당직자는 배포 스크립트에 대해 뭐라고 했나요?"])
def test_served_answers_and_their_stream_are_moderated(team, question):
    events = list(team.ask_stream(question))
    answer = events[-1]["answer"]
    streamed = "".join(e["text"] for e in events if e["event"] == "delta")
    shown = answer.answer + streamed + " ".join(c.snippet for c in answer.citations)
    for word in ("fucking", "moron", "씨발"):
        assert word not in shown
    assert any(e["guard"] == "moderation" for e in answer.generation["guard_events"])
