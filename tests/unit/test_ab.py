"""The A/B split: stable per user, close to the configured share, independent between tests; and the test of
two rates that refuses to call a winner on too little data."""

import pytest

from answer.ab import Split
from core.errors import RagloopError
from feedback.monitoring import two_proportions


def test_each_user_always_gets_the_same_arm_and_the_share_holds():
    split = Split.parse('{"name": "prompt-v2", "b": {"prompt_label": "staging"}, "share": 0.3}')
    users = [f"user-{n}" for n in range(4000)]
    arms = [split.arm(u) for u in users]
    assert arms == [split.arm(u) for u in users], "stable"
    assert 0.27 < arms.count("B") / len(arms) < 0.33
    other = Split("another-test", {"top_k": 1}, 0.3)
    agreement = sum(a == other.arm(u) for a, u in zip(arms, users)) / len(users)
    assert agreement < 0.7, "another test splits users independently"


@pytest.mark.parametrize("text", ['{"name": "x"}', '{"name": "x", "b": {}, "share": 0.5}',
                                  '{"name": "x", "b": {"top_k": 1}, "share": 1.5}', "not json"])
def test_a_bad_split_is_refused_clearly(text):
    with pytest.raises(RagloopError, match="RAGLOOP_AB_TEST"):
        Split.parse(text)
    assert Split.parse("") is None


def test_two_rates_are_called_different_only_with_enough_data_and_a_small_p_value():
    small = two_proportions(1, 10, 6, 10)
    assert not small["enough"] and not small["called"]
    real = two_proportions(10, 200, 40, 200)
    assert real["enough"] and real["called"] and real["p_value"] < 0.001
    noise = two_proportions(20, 200, 24, 200)
    assert noise["enough"] and not noise["called"] and noise["p_value"] > 0.4
    assert two_proportions(0, 0, 3, 10)["a"] is None
