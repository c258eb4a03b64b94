"""A question asking of something else near a place the pages name ("What's the weather forecast for Leamington Spa
this weekend?") found the garage's address, which shares only the town's name with it, and was answered at 0.76; the
train times from that town at 0.96. The best passage sharing nothing of the question but its names refuses it
(`answer.confidence.names_alone`), and the reason says so; a question about the place the pages speak of is
answered."""

import pytest

from answer.confidence import names_alone
from retrieval import Bm25Encoder
from web.i18n import MESSAGES, confidence_reason, translator

PAGES = {
    "visit.md": """# Opening hours and finding us

Kestrel Garage is at Unit 4, Kestrel Road Trading Estate, Leamington Spa CV31 3XY. The Leamington Spa railway
station is a 12-minute walk away, and the number 66 bus stops outside the estate entrance.

| Day | Workshop |
|---|---|
| Monday to Friday | 08:00 - 17:30 |
| Saturday | 08:30 - 12:30 |
| Sunday | Closed |
""",
    "prices.md": """# Service prices

An interim service costs £139 and a full service £229 for cars up to 1,400cc. An MOT test costs £54.85.
Air conditioning re-gas costs £79.
""",
    "courtesy.md": """# Courtesy cars

A courtesy car is free while your car is with us for work over £300. Drivers must be 25 or older and have held a
full licence for two years. If the car is returned late without agreement we charge £35 per day.
""",
}


@pytest.fixture(scope="module")
def garage(tmp_path_factory, embedder):
    from tests.conftest import knowledge_base, written

    folder = written(tmp_path_factory.mktemp("garage"), PAGES)
    with knowledge_base(tmp_path_factory.mktemp("kb"), embedder, [str(folder)]) as answers:
        yield answers


@pytest.mark.parametrize("question", ["What time is the last train from Leamington Spa to London?",
                                      "Can you recommend a good dentist near Leamington?"])
def test_a_passage_sharing_only_a_name_with_the_question_refuses_it(garage, question):
    answer = garage.ask(question)
    assert answer.refused, (answer.confidence, answer.answer)
    assert any("Leamington" in name for name in answer.generation["names_alone"])
    reason = confidence_reason(translator("en"), refused=True, confidence=answer.confidence, signals=answer.signals,
                               generation=answer.generation)
    words = ", ".join(f"“{name}”" for name in answer.generation["names_alone"])
    assert reason == MESSAGES["why.names_alone"]["en"].format(words=words)


@pytest.mark.parametrize("question, said", [("Where is the garage in Leamington Spa?", "Unit 4"),
                                            ("Are you open on Sunday?", "Closed"),
                                            ("aircon regas price", "£79")])  # "re-gas" is "regas" too
def test_a_question_about_what_the_pages_say_of_the_place_is_answered(garage, question, said):
    answer = garage.ask(question)
    assert not answer.refused and said in answer.answer, (answer.confidence, answer.answer)
    assert not answer.generation["names_alone"]


def test_the_names_a_passage_alone_shares():
    terms = Bm25Encoder().terms

    def alone(question: str, passage: str, everywhere=(), spoken_of=()) -> list[str]:
        return names_alone(question, terms, terms(question), terms(passage),
                           lambda names: [name for name in names if name in everywhere],
                           lambda found: [term for term in found if term not in spoken_of])

    assert alone("What time is the last train from Leamington Spa to London?",
                 "Kestrel Garage, Leamington Spa CV31 3XY") == ["Leamington Spa"]
    assert alone("What time is the last train from Leamington Spa to London?",
                 "Trains from Leamington Spa leave every hour.") == [], "it shares a word of what is asked"
    assert alone("In what country is Normandy located?", "Normandy is a region of northern France.",
                 spoken_of={"countri", "locat"}) == [], "the knowledge base speaks of what else it asks"
    assert alone("Are you open on Sunday?", "Sunday: closed") == [], "a day is no name"
    assert alone("Is There Parking At Leamington Spa?", "Kestrel Garage, Leamington Spa") == [], "title case"
    assert alone("What is the vertical drop of Silver Larch Mountain?", "Silver Larch Mountain Resort, Cedar Hollow"
                 ) == ["Silver Larch Mountain"], "a name of ordinary words is no title case"
    assert alone("Can someone who doesn't use Quillbase look at a page?", "Quillbase keeps notes.",
                 everywhere={"quillbas"}) == [], "the product's name is on every page"
    assert alone("리밍턴 날씨는 어때요?", "리밍턴 정비소") == [], "a Korean question writes no capitals"
