"""The name of what a whole knowledge base is about ("Pedalo" on every page of a bike share's help pages) is shared
by every passage, the ones that answer a question and the ones that do not, so it does not count towards how much of
a question a passage holds: "Does Pedalo operate in other cities too?" named it and the stations, and was answered
with the stations of the one city the pages speak of."""

import pytest

PAGES = {
    "plans.md": "# Pedalo plans and prices\n\nPedalo is the bike share of Riverton. A single ride costs £1.50 for the "
                "first 30 minutes. A Day Pass costs £6 and covers unlimited rides of up to 45 minutes each for 24 "
                "hours. The annual Pedalo membership costs £90 and includes rides of up to 60 minutes.\n",
    "riding.md": "# Riding a Pedalo bike\n\nUnlock a bike by scanning the code on its handlebar with the Pedalo app. "
                 "Riders must be 16 or older; electric bikes need riders of 18 or older. Return the bike to any "
                 "Pedalo station and push it into the dock until the light turns green.\n",
    "account.md": "# Your Pedalo account\n\nYou sign up in the Pedalo app with an email address and a payment card. "
                  "If your card is declined, your account is paused until you add a new card. You can close your "
                  "account at any time under Settings.\n",
    "stations.md": "# Pedalo stations\n\nThere are 85 Pedalo stations across Riverton, open day and night. The map in "
                   "the app shows how many bikes and free docks each station has. A station that is full lets you "
                   "lock the bike to it for 15 extra minutes free of charge.\n",
}


@pytest.fixture(scope="module")
def bikes(tmp_path_factory, embedder):
    from tests.conftest import knowledge_base, written

    folder = written(tmp_path_factory.mktemp("bikes"), PAGES)
    with knowledge_base(tmp_path_factory.mktemp("kb"), embedder, [str(folder)]) as answers:
        yield answers


def test_the_name_most_pages_hold_is_held_everywhere(bikes):
    # "riverton" is on two pages of four, "dock" on one
    assert bikes.retriever.held_everywhere(["pedalo", "riverton", "dock"], "default") == ["pedalo"]
    assert bikes.retriever.held_everywhere(["pedalo"], "elsewhere") == [], "an empty collection names nothing"


def test_a_question_naming_the_product_about_what_its_pages_do_not_hold_is_refused(bikes):
    answer = bikes.ask("Does Pedalo operate in other cities too?")
    assert answer.refused, (answer.confidence, answer.answer)


@pytest.mark.parametrize("question, source, said", [
    ("How much does a Pedalo Day Pass cost?", "plans.md", "£6"),
    ("How old do I have to be to ride a Pedalo electric bike?", "riding.md", "18 or older"),
])
def test_a_question_naming_the_product_that_its_pages_answer_is_answered(bikes, question, source, said):
    answer = bikes.ask(question)
    assert not answer.refused and said in answer.answer, (answer.confidence, answer.answer)
    assert answer.citations[0].source.endswith(source)


def test_in_a_knowledge_base_of_two_pages_no_name_is_held_everywhere_until_a_third_names_it(tmp_path, embedder):
    from core.runtime import runtime
    from tests.conftest import make_settings, written

    for name in ("two", "third"):
        (tmp_path / name).mkdir()
    two = written(tmp_path / "two", {name: PAGES[name] for name in ("plans.md", "riding.md")})
    third = written(tmp_path / "third", {"stations.md": PAGES["stations.md"]})
    with runtime(make_settings(tmp_path / "data"), embedder=embedder) as built:
        built.pipeline.run_paths([str(two)], collection="default")
        assert built.answers.retriever.held_everywhere(["pedalo"], "default") == []
        built.pipeline.run_paths([str(third)], collection="default")
        assert built.answers.retriever.held_everywhere(["pedalo"], "default") == ["pedalo"], "read again as it grew"
