"""A Korean knowledge base of long PDF pages (a handbook written for this test, not encyclopedia paragraphs):
questions the handbook answers are answered with the right page cited, questions about other topics are refused."""

from pathlib import Path

import pytest

NANUM = Path("/usr/share/fonts/truetype/nanum/NanumGothic.ttf")
PAGES = [
    ("휴가 제도",
     "모든 정규직 직원은 입사 첫해에 연차 휴가 15일을 받습니다. 근속 2년마다 연차가 하루씩 늘어나며, 최대 25일까지 "
     "쌓을 수 있습니다. 연차는 반일 단위로 나누어 쓸 수 있고, 사용하려면 3일 전까지 인사 시스템에서 신청해야 합니다. "
     "쓰지 못한 연차는 다음 해 3월 31일까지 이월되며, 그 뒤에는 사라집니다. 결혼하는 직원은 경조 휴가 5일을 따로 "
     "받고, 배우자가 출산하면 유급 휴가 10일을 받습니다. 병가는 1년에 최대 60일까지 쓸 수 있으며, 3일을 넘으면 "
     "의사 소견서를 내야 합니다. 여름 휴가 기간인 7월과 8월에는 팀장과 일정을 미리 맞추어 업무가 멈추지 않도록 "
     "해야 합니다. 장기 근속자는 10년을 채우면 안식 휴가 한 달을 받을 수 있습니다."),
    ("재택근무",
     "재택근무는 입사 후 3개월의 수습 기간이 끝난 직원부터 신청할 수 있습니다. 한 주에 최대 3일까지 집에서 일할 수 "
     "있으며, 화요일과 목요일은 팀 회의가 있어 모두 사무실에 나와야 합니다. 재택근무 중에도 오전 10시부터 오후 "
     "4시까지는 메신저에 접속해 있어야 합니다. 회사는 재택근무용 모니터와 의자를 한 번 지원하며, 지원 한도는 "
     "50만 원입니다. 인터넷 요금은 매달 3만 원까지 급여와 함께 돌려받습니다. 집이 아닌 카페나 공유 오피스에서 일할 "
     "때는 반드시 회사 VPN에 접속해야 하며, 공용 와이파이로 고객 자료를 열면 안 됩니다. 해외에서 원격으로 일하려면 "
     "보안팀의 사전 승인이 필요합니다."),
    ("건강검진과 보험",
     "회사는 모든 직원에게 해마다 종합 건강검진을 제공합니다. 검진은 지정 병원 다섯 곳 가운데 한 곳을 골라 받을 수 "
     "있으며, 비용은 1인당 60만 원까지 회사가 냅니다. 만 40세 이상 직원은 위 내시경과 대장 내시경을 추가로 받을 "
     "수 있습니다. 배우자와 자녀의 검진 비용은 절반을 회사가 지원합니다. 단체 상해 보험은 입사일부터 자동으로 "
     "가입되며, 업무 중 다치면 치료비 전액을 보장합니다. 실손 의료 보험은 본인 부담금의 80퍼센트를 돌려주며, 청구는 "
     "진료일로부터 90일 안에 해야 합니다. 심리 상담은 외부 상담 기관에서 1년에 8회까지 무료로 받을 수 있고, 상담 "
     "내용은 회사에 알려지지 않습니다."),
    ("교육 지원",
     "직원은 업무와 관련된 교육을 받을 때 1년에 최대 200만 원까지 지원받을 수 있습니다. 온라인 강의, 학회 참가비, "
     "자격증 시험 응시료가 모두 포함됩니다. 지원을 받으려면 교육이 시작되기 2주 전까지 팀장의 승인을 받아 신청서를 "
     "내야 합니다. 교육을 마친 뒤에는 수료증이나 영수증을 한 달 안에 제출해야 비용을 돌려받습니다. 업무 관련 도서는 "
     "금액 제한 없이 회사 도서관에 신청하면 구매해 줍니다. 대학원 학비는 근속 3년이 지난 직원에게 학기당 300만 원까지 "
     "지원하며, 졸업 후 2년 안에 퇴사하면 지원금을 돌려주어야 합니다. 사내 영어 회화 수업은 매주 수요일 점심시간에 "
     "열립니다."),
]
ANSWERED = [
    ("입사 첫해에 연차 휴가는 며칠인가요?", 1, "15일"),
    ("쓰지 못한 연차는 언제까지 이월되나요?", 1, "3월 31일"),
    ("배우자가 출산하면 휴가를 며칠 받나요?", 1, "10일"),
    ("재택근무는 한 주에 며칠까지 할 수 있나요?", 2, "3일"),
    ("인터넷 요금은 얼마까지 지원되나요?", 2, "3만 원"),
    ("해외에서 원격으로 일하려면 무엇이 필요한가요?", 2, "보안팀"),
    ("건강검진 비용은 얼마까지 회사가 내나요?", 3, "60만 원"),
    ("심리 상담은 1년에 몇 번 무료인가요?", 3, "8회"),
    ("실손 보험 청구는 언제까지 해야 하나요?", 3, "90일"),
    ("교육비는 1년에 얼마까지 지원받을 수 있나요?", 4, "200만 원"),
    ("대학원 학비 지원을 받으려면 몇 년 근무해야 하나요?", 4, "3년"),
    ("영어 회화 수업은 언제 열리나요?", 4, "수요일"),
]
OTHER_TOPICS = ["서울에서 부산까지 KTX로 얼마나 걸리나요?", "김치찌개는 어떻게 끓이나요?", "비트코인 가격은 얼마인가요?",
                "광합성은 어떻게 일어나나요?", "조선 왕조를 세운 사람은 누구인가요?", "주식 배당금에는 세금이 얼마나 붙나요?",
                "고양이가 먹으면 안 되는 음식은 무엇인가요?", "축구 월드컵은 몇 년마다 열리나요?",
                "스마트폰 배터리를 오래 쓰는 방법은?", "태풍은 왜 여름에 많이 오나요?"]


def _handbook(path: Path) -> Path:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_font("Nanum", fname=str(NANUM))
    for title, text in PAGES:
        pdf.add_page()
        pdf.set_font("Nanum", size=16)
        pdf.multi_cell(0, 10, title, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Nanum", size=11)
        pdf.multi_cell(0, 7, text, new_x="LMARGIN", new_y="NEXT")
    pdf.set_title("사내 복지 안내서")
    pdf.output(str(path))
    return path


@pytest.fixture(scope="module")
def handbook_answers(tmp_path_factory, embedder):
    pytest.importorskip("fpdf")
    if not NANUM.is_file():
        pytest.skip("the Korean font (Debian fonts-nanum, installed by scripts/install.sh --test) is missing")
    from tests.conftest import knowledge_base

    folder = tmp_path_factory.mktemp("handbook")
    with knowledge_base(folder, embedder, [str(_handbook(folder / "handbook.pdf"))]) as answers:
        yield answers


def _cited_page(answer) -> int | None:
    first = answer.citations[0].chunk_id if answer.citations else None
    return next((r["page"] for r in answer.retrieved if r["chunk_id"] == first), None)


def test_questions_the_handbook_answers_are_answered_with_the_right_page(handbook_answers):
    misses = []
    for question, page, fact in ANSWERED:
        answer = handbook_answers.ask(question)
        if answer.refused or _cited_page(answer) != page or fact not in answer.answer:
            misses.append((question, answer.refused, round(answer.confidence, 2), _cited_page(answer),
                           answer.draft[:80]))
    assert len(misses) <= len(ANSWERED) * 0.2, misses  # at least 80 % answered, the right page cited first


def test_questions_about_other_topics_are_refused(handbook_answers):
    answered = [(q, round(a.confidence, 2)) for q in OTHER_TOPICS if not (a := handbook_answers.ask(q)).refused]
    assert len(answered) <= len(OTHER_TOPICS) * 0.1, answered  # at least 90 % refused


def test_a_pdfs_steps_written_as_stages_are_a_numbered_list(tmp_path):
    from fpdf import FPDF

    from answer.sentences import lists_in
    from ingest.loaders import load_file

    pdf = FPDF()
    pdf.add_font("Nanum", fname=str(NANUM))
    pdf.add_page()
    pdf.set_font("Nanum", size=11)
    text = ("휴학은 학생의 신청에 따라 일정 기간 학업을 중단하는 것으로, 재학 중 통산 6학기를 넘을 수 없으며 신입생은 "
            "입학 첫 학기에 일반휴학을 할 수 없습니다.\n2-2. 온라인 신청 단계\n"
            "1단계: 통합포털 로그인 > 학적 > 휴학신청 메뉴 선택\n2단계: 휴학 종류와 기간을 선택하고 증빙서류를 첨부\n"
            "3단계: 지도교수 상담 후 온라인 승인\n4단계: 학과장 승인 → 학사지원팀 최종 승인\n")
    pdf.multi_cell(0, 7, text, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(tmp_path / "leave.pdf"))
    pages = load_file(tmp_path / "leave.pdf", max_bytes=1_000_000).sections
    steps = [listed for page in pages for listed in lists_in(page.text) if listed.numbered]
    # the stages are steps, one a line, not one run-on line with the last read as a heading
    assert steps and steps[0].steps == ["통합포털 로그인 > 학적 > 휴학신청 메뉴 선택", "휴학 종류와 기간을 선택하고 증빙서류를 첨부",
                                        "지도교수 상담 후 온라인 승인", "학과장 승인 → 학사지원팀 최종 승인"], [p.text for p in pages]


def test_a_pdfs_running_header_title_and_section_headings(tmp_path):
    from fpdf import FPDF

    from ingest.loaders import load_file

    header = "에코차지넷 고객 안내문 | 문서번호 ECN-GD-01 | 개정일 2025.03.01 | 고객센터 1661-2580"
    pages = [
        ["에코차지넷 회원카드 발급 및 이용 안내",
         "본 안내문은 에코차지넷 회원카드의 신청, 발급, 등록, 분실 신고 및 재발급 절차를 설명합니다. 회원카드를 "
         "이용하시면 전국 에코차지넷 충전소에서 비회원보다 저렴한 회원 요금으로 충전하실 수 있습니다.",
         "1. 회원카드란?",
         "에코차지넷 회원카드는 충전기 카드 리더기에 태그하여 회원 인증을 하는 방식의 충전 인증 카드입니다. 카드를 "
         "태그하고 충전하면 앱에 등록된 결제카드로 충전 요금이 자동으로 결제됩니다.",
         "2. 가입 대상", "• 개인회원: 만 14세 이상, 본인 명의 휴대폰 인증 필수", "• 법인회원: 사업자등록증 사본 제출",
         "3. 카드 등록 (사용 전 필수, 앱에서 바로 가능)",
         "회원카드는 수령 후 반드시 등록해야 사용할 수 있습니다. 앱의 카드 등록 메뉴에서 카드 뒷면의 16자리 "
         "카드번호를 입력하면 즉시 활성화되며, 등록하지 않은 카드로는 충전이 시작되지 않습니다."],
        ["4. 분실 신고",
         "카드를 분실한 경우 즉시 앱이나 고객센터로 신고해 주십시오. 신고 즉시 해당 카드의 사용이 정지되며, 분실 "
         "신고 이전에 발생한 부정 사용 금액은 회원 본인이 부담합니다."],
    ]
    pdf = FPDF()
    pdf.add_font("Nanum", fname=str(NANUM))
    for lines in pages:
        pdf.add_page()
        pdf.set_font("Nanum", size=8)
        pdf.cell(0, 6, header, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Nanum", size=11)
        for line in lines:
            pdf.multi_cell(0, 7, line, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(tmp_path / "card.pdf"))
    sections = load_file(tmp_path / "card.pdf", max_bytes=1_000_000).sections
    # the running header is no text of any page, and the title, a numbered question and a heading with a remark
    # in brackets head their sections
    assert [section.heading_path for section in sections] == [
        "에코차지넷 회원카드 발급 및 이용 안내", "1. 회원카드란?", "2. 가입 대상", "3. 카드 등록 (사용 전 필수, 앱에서 바로 가능)",
        "4. 분실 신고"], [(s.heading_path, s.text[:40]) for s in sections]
    assert not any("문서번호" in section.text for section in sections)
    assert sections[0].text.startswith("본 안내문은")
