import pytest

from core.errors import ErrorCode, RagloopError
from ingest.loaders import load_file


def minimal_pdf(texts: str | list[str]) -> bytes:
    """A PDF with one page per text (built by hand, with a correct xref table)."""
    texts = [texts] if isinstance(texts, str) else texts
    pages = len(texts)
    kids = " ".join(f"{3 + 2 * i} 0 R" for i in range(pages)).encode()
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, pages)]
    font = 3 + 2 * pages
    for i, text in enumerate(texts):
        stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents %d 0 R "
                       b"/Resources << /Font << /F1 %d 0 R >> >> >>" % (4 + 2 * i, font))
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def test_markdown_title_comes_from_first_heading(tmp_path):
    path = tmp_path / "guide.md"
    path.write_text("Intro line\n\n# The Real Title\n\nBody text here.")
    doc = load_file(path, max_bytes=10_000)
    assert doc.title == "The Real Title"
    assert "Body text here." in doc.text


def test_html_keeps_main_text_and_drops_navigation_and_scripts(tmp_path):
    path = tmp_path / "page.html"
    path.write_text("<html><head><title>Pricing</title><script>alert(1)</script></head><body>"
                    "<nav>Home | About</nav><main><h1>Plans</h1><p>The team plan costs 10 euros.</p></main>"
                    "<footer>Copyright</footer></body></html>")
    doc = load_file(path, max_bytes=10_000)
    assert doc.title == "Pricing"
    assert "The team plan costs 10 euros." in doc.text
    assert "alert" not in doc.text and "Home | About" not in doc.text and "Copyright" not in doc.text


def test_pdf_text_is_extracted(tmp_path):
    path = tmp_path / "manual.pdf"
    path.write_bytes(minimal_pdf("The pump needs service every 500 hours."))
    doc = load_file(path, max_bytes=100_000)
    assert "500 hours" in doc.text
    assert doc.title == "manual"


def test_korean_legacy_encoding_is_decoded(tmp_path):
    path = tmp_path / "notice.txt"
    path.write_bytes("환불은 영업일 기준 5일 이내에 처리됩니다.".encode("cp949"))
    assert "환불은" in load_file(path, max_bytes=10_000).text


@pytest.mark.parametrize(("name", "content", "code"), [
    ("empty.md", b"   \n", ErrorCode.BAD_INPUT),
    ("zero.txt", b"", ErrorCode.BAD_INPUT),
    ("binary.txt", b"\x00\x01\x02\xff" * 50, ErrorCode.BAD_INPUT),
    ("broken.docx", b"PK\x03\x04 not a real archive", ErrorCode.BAD_INPUT),
    ("broken.pdf", b"%PDF-1.4 this is not really a pdf", ErrorCode.BAD_INPUT),
    ("sheet.xlsx", b"PK\x03\x04", ErrorCode.BAD_INPUT),
    ("deck.pptx", b"PK\x03\x04 not a deck", ErrorCode.BAD_INPUT),
    ("image.png", b"\x89PNG\r\n\x1a\n", ErrorCode.BAD_INPUT),
    ("setup.exe", b"MZ\x90\x00", ErrorCode.UNSUPPORTED),
    ("big.txt", b"x" * 2_000, ErrorCode.TOO_LARGE),
])
def test_bad_files_raise_a_clear_error(tmp_path, name, content, code):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(RagloopError) as caught:
        load_file(path, max_bytes=1_000)
    assert caught.value.code == code
    assert caught.value.message


def test_markdown_sections_carry_their_heading_path(tmp_path):
    path = tmp_path / "install.md"
    path.write_text("# Install\n\nOverview.\n\n## Linux\n\nUse apt.\n\n### Debian\n\nUse apt-get.\n\n"
                    "```\n# not a heading\n```\n\n## Windows\n\nUse the MSI.")
    doc = load_file(path, max_bytes=10_000)
    assert doc.title == "Install"
    assert [(s.heading_path, s.text.splitlines()[0]) for s in doc.sections] == [
        ("", "Overview."), ("Linux", "Use apt."), ("Linux > Debian", "Use apt-get."), ("Windows", "Use the MSI.")]
    assert "# not a heading" in doc.sections[2].text


def test_a_setext_heading_is_a_heading_in_markdown(tmp_path):
    path = tmp_path / "guide.md"
    path.write_text("Guide\n=====\n\nOverview.\n\nSetup\n-----\n\nRun it.\n\n- an item\n\n---\n\nAfter the rule.")
    doc = load_file(path, max_bytes=10_000)
    assert doc.title == "Guide"
    assert [(s.heading_path, s.text.splitlines()[0]) for s in doc.sections] == [("", "Overview."), ("Setup", "Run it.")]
    assert "After the rule." in doc.sections[1].text


def test_a_plain_texts_headings_are_its_underlined_lines_and_lines_in_capitals(tmp_path):
    path = tmp_path / "software.txt"
    path.write_text("SOFTWARE AT HARWICK\nLast reviewed: January.\n\n1. LICENSED SOFTWARE\n--------------------\n\n"
                    "MATLAB is free for students.\n\nHOW TO REQUEST NEW SOFTWARE\n\n  1. Open the portal.\n"
                    "  2. Fill in the form.\n\nNOTE: USE THE PORTAL\nfor every request.\n\n# not a heading\n")
    doc = load_file(path, max_bytes=10_000)
    assert doc.title == "software", "a plain text is named by its file"
    assert [s.heading_path for s in doc.sections] == ["", "1. LICENSED SOFTWARE", "HOW TO REQUEST NEW SOFTWARE"]
    assert doc.sections[0].text.startswith("SOFTWARE AT HARWICK\nLast reviewed"), "not standing alone: text"
    assert "NOTE: USE THE PORTAL\nfor every request." in doc.sections[2].text
    assert "# not a heading" in doc.sections[2].text


def test_a_plain_texts_short_lines_standing_alone_without_a_stop_are_headings_too(tmp_path):
    path = tmp_path / "visits.txt"
    path.write_text("School and group visits\n\nOur team welcomes 18,000 pupils a year.\n\n"
                    "How to book a school visit\n\nPlease book three weeks ahead. Complete the form.\n\n"
                    "Bring packed lunches.\n\n1. Open the form\n\n2. Send it\n\n3. 음식물 쓰레기\n\n"
                    "음식물 쓰레기는 종량기에 버립니다.\n")
    doc = load_file(path, max_bytes=10_000)
    assert [s.heading_path for s in doc.sections] == ["", "How to book a school visit", "3. 음식물 쓰레기"]
    assert doc.sections[0].text.startswith("School and group visits"), "the first line is the title's, not a heading"
    assert "Bring packed lunches." in doc.sections[1].text, "a sentence with its stop stays text"
    assert "1. Open the form\n\n2. Send it" in doc.sections[1].text, "a list written with blank lines stays a list"


def test_a_plain_texts_table_in_columns_is_read_as_a_table(tmp_path):
    path = tmp_path / "kiosks.txt"
    path.write_text("Kiosks\n======\n\n1. WHERE AND WHEN\n-----------------\n\n"
                    "  Place                    Hours                 Notes\n"
                    "  -----------------------  --------------------  -----------\n"
                    "  Town hall lobby          24 hours              step-free\n"
                    "  한빛역 2번 출구          05:30~24:00           card only\n"
                    "                           (every day)\n\n"
                    "  Certificates are 200 won each.\n\n"
                    "  요일      | 방문 시간\n  ----------+-----------\n  평일      | 오전 9시 ~ 오후 6시\n",
                    encoding="utf-8")
    doc = load_file(path, max_bytes=10_000)
    text = doc.sections[-1].text
    assert ("| Place | Hours | Notes |\n|---|---|---|\n| Town hall lobby | 24 hours | step-free |\n"
            "| 한빛역 2번 출구 | 05:30~24:00 (every day) | card only |") in text, (
        "columns cut where the rule's dashes are, Hangul counted two wide, a line with no first cell going on")
    assert "| 요일 | 방문 시간 |\n|---|---|\n| 평일 | 오전 9시 ~ 오후 6시 |" in text, "columns parted by |"
    assert "Certificates are 200 won each." in text


def test_a_plain_texts_steps_written_out_are_a_numbered_list(tmp_path):
    from answer.sentences import lists_in

    path = tmp_path / "passes.txt"
    path.write_text("Passes\n======\n\nOnline or in the app:\n  Step 1. Sign in to your account at\n"
                    "          permits.example.gov.\n  Step 2. Tap \"Visitor passes\" and then \"Start a visit\".\n"
                    "  STEP 3: Enter your visitor's licence plate.\n\nA Step 4. in a sentence stays.\n")
    text = load_file(path, max_bytes=10_000).sections[-1].text
    steps = lists_in(text)[0]
    assert steps.numbered and steps.opening == "Online or in the app:" and steps.steps == [
        "Sign in to your account at permits.example.gov.", 'Tap "Visitor passes" and then "Start a visit".',
        "Enter your visitor's licence plate."]
    assert "A Step 4. in a sentence stays." in text


def test_a_plain_texts_boxed_and_bracketed_headings_and_its_title_block(tmp_path):
    path = tmp_path / "passes.txt"
    path.write_text("NORRVIK AQUACLEAN 600\nERROR CODES AND TROUBLESHOOTING\n\nRead this first.\n\n"
                    "====================\n1. WHAT A PASS IS\n====================\n\nA pass lets a guest park.\n\n"
                    "[2] 방문 전에 준비해 주세요\n\n- 제품 주변을 정리해 주세요.\n", encoding="utf-8")
    doc = load_file(path, max_bytes=10_000)
    assert doc.title == "NORRVIK AQUACLEAN 600 - ERROR CODES AND TROUBLESHOOTING"
    assert [s.heading_path for s in doc.sections] == ["", "1. WHAT A PASS IS",
                                                     "1. WHAT A PASS IS > [2] 방문 전에 준비해 주세요"]
    underlined = tmp_path / "db.txt"
    underlined.write_text("TESSERA CLOUD DATABASE\nConnection Limits\n=================\n\nEach plan has a limit.\n")
    assert load_file(underlined, max_bytes=10_000).title == "TESSERA CLOUD DATABASE - Connection Limits"


def test_a_plain_texts_ruled_tables_marked_headings_terms_and_lettered_steps(tmp_path):
    from answer.sentences import lists_in

    path = tmp_path / "hub.txt"
    path.write_text("================================\n     한빛 캠핑장 안전 수칙\n================================\n\n"
                    "All guests agree to these rules.\n\n■ 화재가 났을 때\n\n  1. 크게 외쳐 알립니다.\n  2. 대피합니다.\n\n"
                    "[2] 추가 요금\n\n ■ 인원 추가 : 1인당 5,000원\n ■ 차량 추가 : 1대당 5,000원\n ※ 성수기 : 7월 15일부터\n"
                    "================================\n\n"
                    "The light on your Hub\n---------------------\n\n    ------------------------------------------\n"
                    "    Light           What it means     What to do\n    ------------------------------------------\n"
                    "    Solid white     Connected         Nothing\n    Solid red       Hardware fault    Call 0330\n"
                    "    ------------------------------------------\n\n"
                    "Factory reset\n    A factory reset wipes your settings. To do it:\n\n"
                    "    a. Find the Reset hole.\n    b. Press and hold it for 15 seconds.\n\n"
                    "Restarting\n    Switch the Hub off and on again. Plan b. stays as written.\n\n"
                    "  [연습면허]\n    · 유효기간: 발급일로부터 1년\n    · 만료되면 다시 응시합니다.\n", encoding="utf-8")
    doc = load_file(path, max_bytes=10_000)
    assert doc.title == "한빛 캠핑장 안전 수칙", "boxed in '=' before any text: the title"
    headings = [s.heading_path for s in doc.sections]
    assert "화재가 났을 때" in headings, "a line opening with a mark, standing alone, heads the list after it"
    extra = next(s.text for s in doc.sections if s.heading_path.endswith("[2] 추가 요금"))
    assert lists_in(extra)[0].steps == ["인원 추가 : 1인당 5,000원", "차량 추가 : 1대당 5,000원", "※ 성수기 : 7월 15일부터"]
    assert "===" not in extra, "marked lines are a list's items, and a rule is no text"
    table = next(s.text for s in doc.sections if s.heading_path == "The light on your Hub")
    assert ("| Light | What it means | What to do |\n|---|---|---|\n| Solid white | Connected | Nothing |\n"
            "| Solid red | Hardware fault | Call 0330 |") in table, "a header ruled off by whole lines of dashes"
    reset = next(s.text for s in doc.sections if s.heading_path == "The light on your Hub > Factory reset")
    assert lists_in(reset)[0].steps == ["Find the Reset hole.", "Press and hold it for 15 seconds."], (
        "a short line over indented text heads it, and a lettered list is numbered")
    assert any(s.heading_path.endswith("> Restarting") and "Plan b. stays as written." in s.text
               for s in doc.sections)
    licence = next(s.text for s in doc.sections if s.heading_path.endswith("> 연습면허"))
    assert lists_in(licence)[0].steps == ["유효기간: 발급일로부터 1년", "만료되면 다시 응시합니다."], (
        "a label in brackets heads the text indented under it, whose lines marked '·' are a list")
    dashed = tmp_path / "rules.txt"
    dashed.write_text("한빛시립캠핑장 안전 수칙 및 이용 규칙\n──────────────────\n\n모든 이용객은 수칙에 동의합니다.\n",
                      encoding="utf-8")
    assert load_file(dashed, max_bytes=10_000).title == "한빛시립캠핑장 안전 수칙 및 이용 규칙", (
        "'───' under a text's first line underlines its title")


def test_a_plain_texts_headings_opening_with_one_mark_are_of_one_level(tmp_path):
    path = tmp_path / "notice.txt"
    path.write_text("[공지] 교내장학금 신청 안내\n==============================\n\n신청을 아래와 같이 받습니다.\n\n"
                    "■ 신청 기간\n  - 2025. 7. 21. ~ 8. 1.\n\n■ 장학금 종류\n\n  1) 성적우수장학금\n"
                    "     - 평점 4.3 이상 : 수업료 전액\n\n■ 신청 방법\n  1. 포털에 로그인합니다.\n"
                    "  2. 신청서를 냅니다.\n\n  □ 유의 사항\n    - 휴학 예정자는 신청할 수 없습니다.\n",
                    encoding="utf-8")
    headings = [s.heading_path for s in load_file(path, max_bytes=10_000).sections if s.heading_path]
    # a blank line after "■ 장학금 종류" and none after "■ 신청 방법" make no section of the one a part of the other
    assert headings == ["신청 기간", "장학금 종류", "신청 방법", "신청 방법 > 유의 사항"], headings


def test_a_plain_texts_marked_line_over_a_list_of_dashes_heads_it(tmp_path):
    # "■ 모아 반값택배" was read as the first item of its list, and "- 요금: …" said the price of nothing named
    path = tmp_path / "delivery.txt"
    path.write_text("택배 거래 안내\n\n두 가지 배송 서비스를 제공합니다.\n\n■ 모아 반값택배\n- 편의점에서 접수합니다.\n"
                    "- 요금: 1kg 이하 1,800원\n\n■ 방문 택배\n- 요금은 3,500원부터입니다.\n\n"
                    "■ 인원 추가 : 1인당 5,000원\n■ 차량 추가 : 1대당 5,000원\n", encoding="utf-8")
    sections = load_file(path, max_bytes=10_000).sections
    assert [s.heading_path for s in sections if s.heading_path] == ["모아 반값택배", "방문 택배"]
    assert "- 요금: 1kg 이하 1,800원" in next(s.text for s in sections if s.heading_path == "모아 반값택배")


def test_a_plain_texts_numbered_section_titles_over_their_text_head_it(tmp_path):
    # "4. 설치 희망일 변경 방법" over its steps was text of the one section the whole file was, and the steps were
    # about nothing named; a numbered list's items, one after another, stay items
    path = tmp_path / "delivery.txt"
    path.write_text("배송 안내\n\n1. 배송 유형\n대형가전은 설치기사가 방문합니다.\n\n2. 배송비\n- 일반 택배: 3,000원\n"
                    "- 직배송: 무료\n\n4. 설치 희망일 변경 방법\n1) 마이페이지 > 배송조회로 이동합니다.\n"
                    "2) [설치일 변경] 버튼을 누릅니다.\n\n준비물\n\n1. 신분증\n2. 주문 번호\n", encoding="utf-8")
    sections = load_file(path, max_bytes=10_000).sections
    assert [s.heading_path for s in sections if s.heading_path][:3] == ["1. 배송 유형", "2. 배송비", "4. 설치 희망일 변경 방법"]
    steps = next(s.text for s in sections if s.heading_path == "4. 설치 희망일 변경 방법")
    assert "[설치일 변경] 버튼을 누릅니다" in steps
    assert "1. 신분증" in sections[-1].text and "2. 주문 번호" in sections[-1].text


def test_a_plain_texts_section_titles_apart_from_their_text_and_steps_numbered_in_brackets(tmp_path):
    # "3. 하자 보수 접수 방법" over "(1) …" steps was text, and the steps were no list; titles with a blank line under
    # them head their section when numbered in order
    path = tmp_path / "warranty.txt"
    path.write_text("하자 보수 규정\n\n모든 공사는 아래 규정에 따라 보수합니다.\n\n1. 공정별 무상 보증 기간\n\n"
                    "- 도배: 1년\n- 욕실 방수: 5년\n\n2. 무상 보수 제외\n\n- 고객 과실로 생긴 파손\n\n"
                    "3. 하자 보수 접수 방법\n\n(1) 하자 부위를 사진으로 찍어 주세요.\n(2) A/S 전용 전화로 접수합니다.\n\n"
                    "4. 긴급 하자\n\n누수는 긴급 하자로 분류합니다.\n", encoding="utf-8")
    sections = load_file(path, max_bytes=10_000).sections
    assert [s.heading_path for s in sections if s.heading_path] == [
        "1. 공정별 무상 보증 기간", "2. 무상 보수 제외", "3. 하자 보수 접수 방법", "4. 긴급 하자"]
    steps = next(s.text for s in sections if s.heading_path == "3. 하자 보수 접수 방법")
    assert steps.startswith("1. 하자 부위를 사진으로 찍어 주세요.\n2. A/S 전용 전화로 접수합니다."), steps
    # numbered out of order, such lines head nothing: the items of lists, one on each side of a blank line
    path.write_text("보수 안내\n\n접수 순서:\n\n1. 사진을 찍습니다\n\n2. 전화로 접수합니다\n\n- 평일만 받습니다.\n\n"
                    "취소 순서:\n\n1. 앱을 엽니다\n\n- 하루 걸립니다.\n", encoding="utf-8")
    assert not [s.heading_path for s in load_file(path, max_bytes=10_000).sections if s.heading_path]


def test_a_plain_texts_heading_with_a_remark_in_brackets_over_a_table(tmp_path):
    path = tmp_path / "fines.txt"
    path.write_text("생활폐기물 과태료 안내\n\n■ 1. 배출 시간\n\n  해가 진 뒤부터 밤 12시까지 내놓습니다.\n\n"
                    "■ 2. 위반 유형별 과태료 (서림구 폐기물 관리 조례 기준)\n\n"
                    "  위반 내용                 1차       2차\n"
                    "  ------------------------  -------   -------\n"
                    "  배출 요일·시간 위반       5만원     10만원\n"
                    "  음식물 쓰레기 혼합 배출   20만원    30만원\n", encoding="utf-8")
    sections = load_file(path, max_bytes=10_000).sections
    # nine words, four of them a remark in brackets: a heading, not a list's item
    assert [s.heading_path for s in sections if s.heading_path] == [
        "1. 배출 시간", "2. 위반 유형별 과태료 (서림구 폐기물 관리 조례 기준)"], [(s.heading_path, s.text) for s in sections]


def test_a_plain_texts_circled_numbers_number_a_list_and_a_boxed_heading_loses_its_mark(tmp_path):
    from answer.sentences import lists_in

    path = tmp_path / "parking.txt"
    path.write_text("주차장 이용 안내\n\n주차 기준을 안내드립니다.\n\n────────────────────\n■ 3. 차량 등록 절차\n"
                    "────────────────────\n  ① 관리사무소 1층 민원창구 방문\n  ② 차량 등록 신청서 작성\n"
                    "  ③ 주차 스티커 수령 후 부착\n", encoding="utf-8")
    [section] = [s for s in load_file(path, max_bytes=10_000).sections if s.heading_path]
    assert section.heading_path == "3. 차량 등록 절차"
    listed = lists_in(section.text)[0]
    assert listed.numbered and listed.steps == ["관리사무소 1층 민원창구 방문", "차량 등록 신청서 작성",
                                                "주차 스티커 수령 후 부착"], section.text
    staged = tmp_path / "stages.txt"
    staged.write_text("신청 안내\n\n아래 순서로 신청합니다.\n\n1단계: 포털 로그인\n2단계: 신청서 제출\n", encoding="utf-8")
    text = load_file(staged, max_bytes=10_000).sections[0].text
    assert lists_in(text)[0].steps == ["포털 로그인", "신청서 제출"], text


def test_a_plain_texts_drawn_box_title_and_a_header_spaced_out_over_its_column(tmp_path):
    path = tmp_path / "fees.txt"
    path.write_text("┌────────────────────────────┐\n   2024년 교육 프로그램 안내\n└────────────────────────────┘\n\n"
                    "요금은 아래와 같습니다.\n\n──────────────────\n※ 매너타임에는 음악을 틀 수 없습니다.\n"
                    "──────────────────\n\n  ------------------------------------------------\n"
                    "   구   분                 개인 요금      단체 요금\n  ------------------------------------------------\n"
                    "   어른 (19~64세)           3,000원          2,000원\n"
                    "   6세 이하·65세 이상          무료              무료\n  ------------------------------------------------\n",
                    encoding="utf-8")
    doc = load_file(path, max_bytes=10_000)
    assert doc.title == "2024년 교육 프로그램 안내", "a drawn box before any text holds the title"
    assert ("| 구 분 | 개인 요금 | 단체 요금 |\n|---|---|---|\n| 어른 (19~64세) | 3,000원 | 2,000원 |\n"
            "| 6세 이하·65세 이상 | 무료 | 무료 |") in doc.sections[0].text, "each header cell goes to its nearest column"
    assert "※ 매너타임에는 음악을 틀 수 없습니다." in doc.sections[0].text, "a sentence in a box is a notice, no heading"


def test_a_pdfs_headings_are_its_short_lines_between_paragraphs_not_its_running_lines(tmp_path):
    from fpdf import FPDF

    pdf = FPDF()
    for page, blocks in enumerate([
            [("How to claim", 14), ("Most payments are made automatically. To claim, call 105 or write to your network "
                                    "operator with your name and address.", 11),
             ("1. Open the app", 11), ("2. Tap Claims and fill in the form with the date of the power cut.", 11)],
            [("Payments are made by bank transfer within 10 working days of a valid claim.", 11),
             ("What is not covered", 14), ("These payments are fixed amounts and do not cover spoiled food.", 11),
             ("Cut of 12 to 24 hours: 95", 11), ("Cut of 24 to 36 hours: 65", 11)]],
            start=1):
        pdf.add_page()
        pdf.set_font("Helvetica", size=9)
        pdf.multi_cell(0, 6, "Brightwell Energy Supply Ltd", new_x="LMARGIN", new_y="NEXT")
        for text, size in blocks:
            pdf.set_font("Helvetica", size=size)
            pdf.multi_cell(0, 8, text, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Helvetica", size=9)
        pdf.multi_cell(0, 6, f"Brightwell Energy Supply - Power cuts and compensation leaflet - page {page}",
                       new_x="LMARGIN", new_y="NEXT")
    path = tmp_path / "leaflet.pdf"
    pdf.output(str(path))
    sections = load_file(path, max_bytes=1_000_000).sections
    assert [(s.page, s.heading_path) for s in sections] == [
        (1, "How to claim"), (2, "How to claim"), (2, "What is not covered")], "a page goes on under its heading"
    assert "1. Open the app\n2. Tap Claims" in sections[0].text, "a list's item is no heading"
    assert not any("Brightwell Energy Supply" in s.text or "leaflet" in s.text for s in sections), (
        "a running header or footer is no text, a footer naming its page longer than a heading too")
    assert "Cut of 12 to 24 hours: 95\nCut of 24 to 36 hours: 65" in sections[-1].text, (
        "two lines of one page alike but for their numbers are no running line")



def test_a_pdfs_heading_after_a_table_or_a_bulleted_list(tmp_path):
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    for text in ("2. Airport deadlines",
                 "All times are before the scheduled departure time. If you arrive after check-in has closed, we "
                 "cannot accept you or your baggage for the flight."):
        pdf.multi_cell(0, 8, text, new_x="LMARGIN", new_y="NEXT")
    with pdf.table() as table:
        for row in (("Airport", "Desk opens", "Gate closes"), ("Aberdeen (ABZ)", "2 hours", "20 minutes"),
                    ("Bergen (BGO)", "2 hours 30 minutes", "20 minutes")):
            table.row(row)
    for text in ("3. Boarding passes and travel documents",
                 "Mobile boarding passes are accepted at all our airports, and you can also print your boarding pass "
                 "at home on plain A4 paper before you travel.",
                 "- Bring valid photo ID on domestic flights", "- Bring a passport on international flights",
                 "4. At the gate",
                 "Boarding usually begins 40 minutes before departure. Please be at the gate when boarding starts, "
                 "as gate closing times are strict."):
        pdf.multi_cell(0, 8, text, new_x="LMARGIN", new_y="NEXT")
    path = tmp_path / "boarding.pdf"
    pdf.output(str(path))
    sections = load_file(path, max_bytes=1_000_000).sections
    assert [s.heading_path for s in sections] == [
        "2. Airport deadlines", "3. Boarding passes and travel documents", "4. At the gate"], [
        (s.heading_path, s.text[:30]) for s in sections]


def test_a_pdfs_heading_over_a_bulleted_list_and_at_a_pages_foot(tmp_path):
    from fpdf import FPDF

    class Leaflet(FPDF):
        def footer(self):
            self.set_y(-15)
            self.set_font("Helvetica", size=9)
            self.cell(0, 8, f"Hanbit Community Centre - {self.page_no()} / 3")

    pdf = Leaflet()
    pages = [["Kiosk guide",
              "The kiosk prints the most requested certificates without a visit to the counter, and its fees are "
              "lower than the counter's.",
              "2. Certificates it prints", "- Resident records", "- Family records", "- Land registers.",
              "Other documents are issued at the counter only; the fees are listed in the fee table.",
              "3. How to pay"],
             ["- Coins and 1,000 notes are accepted, larger notes are not.",
              "- Up to 10 copies can be printed at one time, whatever the certificate.",
              "4. Faults - what you must tell us about",
              "Tell the desk before you leave when the kiosk keeps your card or prints a blank page.",
              "Refunds are paid to the card"],
             ["used for it, within five working days of telling the desk, and a receipt is posted to you."]]
    for page, lines in enumerate(pages, start=1):
        pdf.add_page()
        pdf.set_font("Helvetica", size=11)
        for text in lines:
            pdf.multi_cell(0, 8, text, new_x="LMARGIN", new_y="NEXT")
    path = tmp_path / "kiosk.pdf"
    pdf.output(str(path))
    sections = load_file(path, max_bytes=1_000_000).sections
    headed = {(s.heading_path, s.page): s.text for s in sections}
    assert headed[("2. Certificates it prints", 1)].startswith("- Resident records"), (
        "a short line over a bulleted list heads it", [(s.heading_path, s.text[:30]) for s in sections])
    assert headed[("3. How to pay", 2)].startswith("- Coins and 1,000 notes"), (
        "a heading closing a page heads what the next page opens with")
    assert not any(s.text.rstrip().endswith("3. How to pay") for s in sections)
    assert headed[("4. Faults - what you must tell us about", 2)].startswith("Tell the desk"), "a dash is no word"
    assert "Refunds are paid to the card" in headed[("4. Faults - what you must tell us about", 2)], (
        "a sentence broken at a page's foot is no heading")


def test_a_pdf_tables_rows_going_on_over_a_page_keep_its_header(tmp_path):
    from fpdf import FPDF

    class Guide(FPDF):
        def header(self):
            self.set_font("Helvetica", size=9)
            self.cell(0, 8, "Riverside Hospital - Parking guide", new_x="LMARGIN", new_y="NEXT")

    pdf = Guide()
    pdf.set_font("Helvetica", size=11)
    pdf.add_page()
    pdf.multi_cell(0, 8, "3. Parking discounts", new_x="LMARGIN", new_y="NEXT")
    pdf.multi_cell(0, 8, "Only one discount applies to a car on one day, whichever is the best for you.",
                   new_x="LMARGIN", new_y="NEXT")
    with pdf.table() as table:
        for row in (("Who", "Discount", "What to show"), ("Outpatients", "3 hours free", "Visit receipt"),
                    ("Emergency patients", "4 hours free", "Emergency receipt")):
            table.row(row)
    pdf.add_page()
    with pdf.table(first_row_as_headings=False) as table:
        for row in (("Small cars", "Half price", "Registration"), ("Pregnant drivers", "Half price", "Pregnancy card")):
            table.row(row)
    pdf.multi_cell(0, 8, "Note: time over the free hours is charged at the usual rate.", new_x="LMARGIN", new_y="NEXT")
    path = tmp_path / "parking.pdf"
    pdf.output(str(path))
    text = "\n".join(section.text for section in load_file(path, max_bytes=1_000_000).sections)
    # the rule under the header is no running line, though both pages hold it
    assert text.count("| Who | Discount | What to show |\n|---|---|---|") == 2, text
    assert "|---|---|---|\n| Small cars | Half price | Registration |" in text, "the rows going on are no header"


def test_pdf_pages_keep_their_numbers(tmp_path):
    path = tmp_path / "two.pdf"
    path.write_bytes(minimal_pdf(["First page text.", "Second page text."]))
    doc = load_file(path, max_bytes=100_000)
    assert [(s.page, s.text) for s in doc.sections] == [(1, "First page text."), (2, "Second page text.")]


def test_docx_headings_paragraphs_and_tables(tmp_path):
    import docx

    document = docx.Document()
    document.core_properties.title = "Handbook"
    document.add_heading("Leave", level=1)
    document.add_paragraph("연차는 15일입니다.")
    document.add_heading("Sick leave", level=2)
    document.add_paragraph("Sick leave needs a note after three days.")
    table = document.add_table(rows=2, cols=2)
    table.rows[0].cells[0].text, table.rows[0].cells[1].text = "Plan", "Days"
    table.rows[1].cells[0].text, table.rows[1].cells[1].text = "Annual | paid", "15"
    document.add_paragraph("To ask for leave:")
    for step in ("Fill in the form.", "Send it to your manager."):
        document.add_paragraph(step, style="List Number")
    document.add_paragraph("Keep a copy.", style="List Bullet")
    document.save(tmp_path / "handbook.docx")
    doc = load_file(tmp_path / "handbook.docx", max_bytes=1_000_000)
    assert doc.title == "Handbook"
    assert [(s.heading_path, s.text.splitlines()[0]) for s in doc.sections] == [
        ("Leave", "연차는 15일입니다."), ("Leave > Sick leave", "Sick leave needs a note after three days.")]
    # a table where it stands, under its heading; a list's items numbered or bulleted as Word shows them
    assert doc.sections[-1].text.split("\n\n")[1:] == [
        "| Plan | Days |\n|---|---|\n| Annual \\| paid | 15 |", "To ask for leave:",
        "1. Fill in the form.\n2. Send it to your manager.\n- Keep a copy."]


def test_a_docx_without_a_title_is_named_by_its_first_heading(tmp_path):
    import docx

    document = docx.Document()
    document.add_heading("Travel policy", level=1)
    document.add_paragraph("Book trains for trips under four hours.")
    document.save(tmp_path / "policy_v3_final.docx")
    assert load_file(tmp_path / "policy_v3_final.docx", max_bytes=1_000_000).title == "Travel policy"


def test_an_html_table_is_read_as_a_table_each_row_under_its_header(tmp_path):
    from answer.sentences import split_sentences

    path = tmp_path / "prices.html"
    path.write_text("<html><body><main><h2>Plans</h2><p>Prices are monthly.</p><table><thead><tr><th>Plan</th>"
                    "<th>Price</th></tr></thead><tbody><tr><td>Team</td><td>$12 <b>per</b> user</td></tr>"
                    "<tr><td>Free</td><td>$0</td></tr></tbody></table>"
                    "<table><tr><td><p>A layout table of one column.</p></td></tr></table></main></body></html>")
    section = load_file(path, max_bytes=10_000).sections[0]
    assert "| Plan | Price |\n|---|---|\n| Team | $12 per user |\n| Free | $0 |" in section.text
    assert split_sentences(section.text) == ["Prices are monthly.", "Plan: Team; Price: $12 per user",
                                             "Plan: Free; Price: $0", "A layout table of one column."]


def test_html_lists_are_read_as_lists_numbered_or_not(tmp_path):
    from answer.sentences import lists_in

    path = tmp_path / "returns.html"
    path.write_text("<html><body><main><p>If the branch is closed, use the Key Drop box.</p><ol><li>Park the car in a"
                    " returns bay.</li><li>Post the keys in the box.</li></ol><ul><li>Open daily</li><li>Closed on "
                    "holidays</li></ul><ol start=\"4\"><li>Wait for the receipt.</li></ol></main></body></html>")
    text = load_file(path, max_bytes=10_000).sections[0].text
    assert "1. Park the car in a returns bay.\n\n2. Post the keys in the box.\n\n- Open daily" in text, text
    assert "4. Wait for the receipt." in text
    steps = lists_in(text)[0]
    assert steps.numbered and steps.lead_in == "If the branch is closed, use the Key Drop box." and len(steps.items) == 2


def test_html_headings_become_sections(tmp_path):
    path = tmp_path / "faq.html"
    path.write_text("<html><body><nav>Menu</nav><main><h1>FAQ</h1><h2>Billing</h2><p>Pay by card.</p>"
                    "<h2>Security</h2><ul><li>TLS everywhere.</li></ul></main></body></html>")
    doc = load_file(path, max_bytes=10_000)
    assert [(s.heading_path, s.text) for s in doc.sections] == [("Billing", "Pay by card."),
                                                                ("Security", "- TLS everywhere.")]


def test_encrypted_pdf_is_refused(tmp_path):
    from pypdf import PdfReader, PdfWriter

    path = tmp_path / "plain.pdf"
    path.write_bytes(minimal_pdf("Secret text."))
    writer = PdfWriter()
    writer.append(PdfReader(path))
    writer.encrypt("password")
    with open(tmp_path / "locked.pdf", "wb") as out:
        writer.write(out)
    with pytest.raises(RagloopError, match="encrypted"):
        load_file(tmp_path / "locked.pdf", max_bytes=100_000)


@pytest.mark.parametrize("encoding", ["utf-16", "euc-kr", "shift_jis", "latin-1"])
def test_common_encodings_are_detected(tmp_path, encoding):
    text = {"utf-16": "환불 정책은 다음과 같습니다. 환불은 5일 이내.", "euc-kr": "환불 정책은 다음과 같습니다. 환불은 5일 이내에 처리됩니다.",
            "shift_jis": "返金は五営業日以内に処理されます。ご了承ください。",
            "latin-1": "Le remboursement est effectué en cinq jours ouvrés. Les élèves reçoivent une réponse "
                       "détaillée par courrier électronique. Ça arrive très vite, même en période de fêtes."}[encoding]
    path = tmp_path / "note.txt"
    path.write_bytes(text.encode(encoding))
    assert load_file(path, max_bytes=10_000).text == text


def test_pdf_lines_broken_by_the_layout_are_joined_into_their_sentences(tmp_path):
    from fpdf import FPDF

    from answer.sentences import split_sentences

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=16)
    pdf.multi_cell(0, 10, "Service intervals", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", size=11)
    pdf.multi_cell(0, 7, "The pump is inspected by the maintenance team every month. Its filter is cleaned every "
                         "quarter by the same team, and the seals of the pump are replaced every 500 hours of running "
                         "time or every second year, whichever comes first. Records are kept in the plant log.",
                   new_x="LMARGIN", new_y="NEXT")
    path = tmp_path / "manual.pdf"
    pdf.output(str(path))
    section = load_file(path, max_bytes=1_000_000).sections[0]
    text = section.text
    assert section.heading_path == "Service intervals" and text.startswith("The pump is"), (
        "a heading keeps its own line, and its section's text is under it")
    sentences = split_sentences(text)
    assert any("seals of the pump are replaced every 500 hours" in s and s.endswith("whichever comes first.")
               for s in sentences), sentences


def test_a_pdfs_list_items_keep_their_lines_and_loose_spacing_is_closed(tmp_path):
    from ingest.loaders import reflowed

    page = ("Refunds of the deposit follow these rules, which apply to every booking made online:\n"
            "• Cancelled three days or more before the visit: the whole deposit is refunded\n"
            "• Cancelled the day before: half of the deposit is refunded to the card\n"
            "The  deposit  is  paid  when  you  book  online  and  counts  towards  the  bill.\n")
    lines = reflowed(page).splitlines()
    assert lines[:2] == ["Refunds of the deposit follow these rules, which apply to every booking made online:",
                         "• Cancelled three days or more before the visit: the whole deposit is refunded"]
    assert lines[2].startswith("• Cancelled the day before") and "The deposit is paid when you book online" in lines[2]
    steps = ("To cancel your policy, which you can do at any time after you receive your documents:\n"
             "1. Call our customer service team on 0330 912 4400.\n2. Any refund is paid to your card within 7 days.\n"
             "After the cooling-off period, we refund the unused part of your premium, less a GBP 25 fee.\n")
    assert reflowed(steps).splitlines()[2:] == [
        "2. Any refund is paid to your card within 7 days.", "",
        "After the cooling-off period, we refund the unused part of your premium, less a GBP 25 fee."], (
        "the line after a list, not run on from its last item, opens a paragraph")


def test_a_pdfs_list_marks_set_on_lines_of_their_own_open_their_items():
    from ingest.loaders import reflowed

    # some writers of PDFs set a list's numbers apart from the items' text, which a reader of the page gets as lines
    page = ("온라인 취소는 개강일 전날 23:59까지 가능합니다. 개강 이후에는 데스크를 방문하거나 전화로 신청해 주세요.\n"
            "1.\n앱에서 [마이 문화센터 > 수강 내역]으로 들어갑니다.\n2.\n취소할 강좌를 선택한 뒤 [수강 취소]를 누릅니다.\n"
            "•\n현금으로 결제했다면 환불받을 계좌를 입력합니다.\n")
    assert reflowed(page).splitlines()[1:] == [
        "1. 앱에서 [마이 문화센터 > 수강 내역]으로 들어갑니다.", "2. 취소할 강좌를 선택한 뒤 [수강 취소]를 누릅니다.",
        "• 현금으로 결제했다면 환불받을 계좌를 입력합니다."]


def test_a_pdf_table_opening_a_page_in_other_columns_than_the_table_before_keeps_its_own_header(tmp_path):
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_font("Helvetica", size=11)
    pdf.add_page()
    pdf.multi_cell(0, 8, "5. Fees", new_x="LMARGIN", new_y="NEXT")
    with pdf.table(col_widths=(60, 60, 70)) as table:
        for row in (("Service", "Fee", "Paid at"), ("Copy of a record", "1,000", "Desk 2"),
                    ("Certificate", "2,000", "Desk 3")):
            table.row(row)
    pdf.add_page()
    # a table of as many columns, set out in other widths, is another table with a header of its own
    with pdf.table(col_widths=(30, 90, 70)) as table:
        for row in (("Day", "Hours", "Where"), ("Monday", "09:00 to 18:00", "Ground floor"),
                    ("Saturday", "09:00 to 13:00", "Desk 1 only")):
            table.row(row)
    path = tmp_path / "office.pdf"
    pdf.output(str(path))
    text = "\n".join(section.text for section in load_file(path, max_bytes=1_000_000).sections)
    assert "| Day | Hours | Where |\n|---|---|---|\n| Monday |" in text, text
    assert text.count("| Service | Fee | Paid at |") == 1, text


def test_a_short_pdf_line_over_a_table_heads_it(tmp_path):
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_font("Helvetica", size=11)
    pdf.add_page()
    for line in ("What is in the box", "The box holds the robot with its dustbin and filter fitted, the charging dock "
                 "and its power adapter, two side brushes and this manual."):
        pdf.multi_cell(0, 8, line, new_x="LMARGIN", new_y="NEXT")
    pdf.multi_cell(0, 8, "Technical specifications", new_x="LMARGIN", new_y="NEXT")
    with pdf.table() as table:  # its header row is no longer than the line over it
        for row in (("Item", "Specification"), ("Charging time", "about 4.5 hours"), ("Dustbin", "450 ml")):
            table.row(row)
    path = tmp_path / "manual.pdf"
    pdf.output(str(path))
    sections = {section.heading_path: section.text for section in load_file(path, max_bytes=1_000_000).sections}
    assert sections.get("Technical specifications", "").startswith("| Item | Specification |"), sections
    assert "Charging time" not in sections.get("What is in the box", ""), sections


def test_a_short_pdf_line_over_a_numbered_lists_first_step_heads_it(tmp_path):
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_font("Helvetica", size=11)
    pdf.add_page()
    for line in ("Tipping your courier", "You can add a tip or increase it for up to 24 hours after delivery.",
                 "How to add a tip after delivery", "1. Open the app and tap Orders.", "2. Select the delivered order.",
                 "3. Tap Add a tip, or Change tip if you tipped at checkout."):
        pdf.multi_cell(0, 8, line, new_x="LMARGIN", new_y="NEXT")
    path = tmp_path / "tips.pdf"
    pdf.output(str(path))
    sections = {section.heading_path.rsplit(" > ", 1)[-1]: section.text
                for section in load_file(path, max_bytes=1_000_000).sections}
    assert sections.get("How to add a tip after delivery", "").startswith("1. Open the app and tap Orders."), sections
    assert "2. Select the delivered order." not in sections, "a step followed by the next is no heading"
