"""A question asked in one's own words shares few of the page's words ("늦게 가도 돼요?" of "오후 10시까지 입장할 수
있습니다"), which is what the term signals read as a missing page: the calibrations were fitted on questions written
with their passage's words. Such answers are judged by the dense signals alone (`words_cannot_judge`), so the page
that means what was asked answers, cited, with a reason that says it matches the meaning, when the dense signals, read
as they are among such answers in the calibration data, clear the threshold; a question about something else is
refused."""

import pytest

from answer.confidence import OWN_WORDS_COVERAGE
from web.i18n import MESSAGES, confidence_level, confidence_reason, translator

PAGES = {
    "membership.md": """# 회원권 안내

## 회원권 종류

초록헬스클럽의 회원권은 1개월권, 3개월권, 12개월권 세 가지입니다. 1개월권은 8만 원, 3개월권은 21만 원, 12개월권은
72만 원이며 모든 회원권에 운동복과 수건 대여가 포함되어 있습니다.

## 회원권 정지

군 입대, 해외 출장, 부상처럼 센터에 나올 수 없는 사정이 있으면 회원권을 멈출 수 있습니다. 3개월권은 최대 30일,
12개월권은 최대 90일까지 정지할 수 있고, 1개월권은 정지할 수 없습니다. 정지는 프런트에서 신청하며 증빙 서류가
필요합니다.

## 환불

회원권은 구매 후 7일 안에 한 번도 이용하지 않았다면 전액 환불됩니다. 이용을 시작한 뒤에는 이용한 날수만큼의 요금과
위약금 10%를 뺀 금액을 돌려드립니다.
""",
    "facilities.md": """# 시설과 이용 시간

## 운영 시간

평일에는 오전 6시부터 밤 11시까지, 주말과 공휴일에는 오전 8시부터 오후 8시까지 운영합니다. 마지막 입장은 문 닫기
1시간 전까지입니다. 설날과 추석 당일에는 쉽니다.

## 샤워실과 사물함

샤워실에는 샴푸, 바디워시, 드라이어가 갖춰져 있습니다. 개인 사물함은 한 달에 1만 원에 빌릴 수 있으며, 빌리지 않은
회원은 당일 사물함을 쓰고 나갈 때 비워야 합니다.

## 주차

건물 지하 주차장을 이용하는 회원은 3시간까지 무료로 주차할 수 있습니다. 프런트에서 차량 번호를 등록해 주세요.
""",
    "classes.md": """# 그룹 수업

## 수업 종류

요가, 필라테스, 스피닝 수업이 있습니다. 요가와 스피닝은 회원이면 무료로 들을 수 있고, 필라테스는 한 달에 5만 원을 더
내야 합니다.

## 예약과 취소

수업은 앱에서 하루 전 오후 6시부터 예약할 수 있습니다. 한 수업의 정원은 15명입니다. 예약한 수업에 세 번 연속으로
말없이 빠지면 2주 동안 예약할 수 없습니다.
""",
}


@pytest.fixture(scope="module")
def club(tmp_path_factory, embedder):
    from tests.conftest import knowledge_base, written

    folder = written(tmp_path_factory.mktemp("club"), PAGES)
    with knowledge_base(tmp_path_factory.mktemp("kb"), embedder, [str(folder)]) as answers:
        yield answers


@pytest.mark.parametrize("question, page, said", [
    ("군대에 가게 됐는데 그동안 돈이 아깝지 않게 할 방법이 있나요?", "membership.md", "멈출 수 있습니다"),
    ("운동 끝나고 씻을 곳이 있나요?", "facilities.md", "샤워실"),
    ("차를 가지고 가도 되나요?", "facilities.md", "주차"),
    ("수업에 자꾸 안 나가면 불이익이 있나요?", "classes.md", "2주 동안 예약할 수 없습니다"),
])
def test_a_question_in_ones_own_words_finds_the_page_that_means_it(club, question, page, said):
    """Answered when the dense signals, read as among such answers (`Calibration.own_words`), clear the threshold;
    else refused with that page first among the nearest sources. Either way the reason agrees."""
    answer = club.ask(question)
    assert answer.citations[0].source.endswith(page), [c.source for c in answer.citations]
    assert answer.signals["chunk_coverage"] <= OWN_WORDS_COVERAGE, "the question shares few of the page's words"
    level = confidence_level(answer.confidence)
    reason = confidence_reason(translator("ko"), refused=answer.refused, confidence=answer.confidence,
                               signals=answer.signals, generation=answer.generation)
    if answer.refused:
        assert reason == MESSAGES["why.refused"]["ko"]
    else:
        assert said in answer.answer
        assert reason == MESSAGES["why.high" if level == "high" else "why.own_words"]["ko"]


def test_strong_evidence_in_ones_own_words_is_answered(club):
    answer = club.ask("군대에 가게 됐는데 그동안 돈이 아깝지 않게 할 방법이 있나요?")
    assert not answer.refused and "멈출 수 있습니다" in answer.answer, (answer.confidence, answer.draft)


@pytest.mark.parametrize("question", ["한강은 몇 개의 다리가 있나요?", "김치찌개는 어떻게 끓이나요?",
                                      "조선을 세운 사람은 누구인가요?"])
def test_a_question_about_something_else_is_still_refused(club, question):
    answer = club.ask(question)
    assert answer.refused, f"answered at {answer.confidence:.2f}: {answer.answer}"


def test_a_question_in_the_pages_words_is_answered_as_before(club):
    answer = club.ask("3개월권은 최대 며칠까지 정지할 수 있나요?")
    assert not answer.refused and "30일" in answer.answer
    assert answer.signals["chunk_coverage"] > OWN_WORDS_COVERAGE
