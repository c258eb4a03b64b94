"""What a newcomer types to reach a person: "support email adress", misspelt and without a verb. The support page
says "write to support@…", which shares one word with it, while the account page speaks of "your email address":
the answer is the sentence holding the address asked for, cited from the support page, and a question about one's
own address is still answered from the account page."""

import pytest

PAGES = {
    "accounts.md": """# Accounts

## Signing up

Sign up at app.tallynote.example with your email address. We send a confirmation link that stays valid for 24 hours.

## Your profile

You can change your display name and email address under Settings > Profile. A new email address must be confirmed
before it is used for sign-in.
""",
    "support.md": """# Help and support

## Contacting us

Search the help center first, then write to help@tallynote.example or call +1 555 0100 on weekdays from 9:00 to
17:00. Enterprise customers get a named account manager.

## Known problems

If a note does not sync, sign out and sign in again to force a full sync.
""",
    "plans.md": """# Plans

The Team plan costs 8 dollars per user per month, billed yearly. Every workspace can try the Team plan free for 14
days. Invoices are sent by email on the first day of each month.
""",
}


@pytest.fixture(scope="module")
def product(tmp_path_factory, embedder):
    from tests.conftest import knowledge_base, written

    folder = written(tmp_path_factory.mktemp("product"), PAGES)
    with knowledge_base(tmp_path_factory.mktemp("kb"), embedder, [str(folder)]) as answers:
        yield answers


@pytest.mark.parametrize("question, said", [
    ("support email adress", "help@tallynote.example"),
    ("support email address", "help@tallynote.example"),
    ("contact emial", "help@tallynote.example"),  # the misspelt word names what is asked for
    ("What is the support phone number?", "+1 555 0100"),
])
def test_a_question_asking_for_a_way_to_get_in_touch_is_answered_with_it(product, question, said):
    answer = product.ask(question)
    assert not answer.refused, f"refused at {answer.confidence:.2f}: {answer.draft}"
    assert answer.citations[0].source.endswith("support.md"), [c.source for c in answer.citations]
    assert answer.answer.startswith("Search the help center first") and said in answer.answer


def test_a_question_about_ones_own_address_is_answered_from_the_account_page(product):
    answer = product.ask("How do I change my email address?")
    assert not answer.refused
    assert answer.citations[0].source.endswith("accounts.md")
    assert "Settings > Profile" in answer.answer
