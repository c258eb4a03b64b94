"""PowerPoint, Excel and CSV files as docs teams keep them, built here with python-pptx and openpyxl: slides become
sections under their titles with their notes, sheets become Markdown tables whose header row every section repeats,
and a question about a row is answered from it."""

import pytest

from ingest.loaders import load_file
from ingest.office import SECTION_CHARS


def test_a_deck_is_a_section_per_slide_with_title_body_table_and_notes(tmp_path):
    from pptx import Presentation
    from pptx.util import Inches

    deck = Presentation()
    deck.core_properties.title = "Support onboarding"
    first = deck.slides.add_slide(deck.slide_layouts[1])
    first.shapes.title.text = "Escalation"
    first.placeholders[1].text_frame.text = "Escalate outages to the on-call engineer within 15 minutes."
    first.notes_slide.notes_text_frame.text = "Mention the pager number only in person."
    second = deck.slides.add_slide(deck.slide_layouts[5])
    second.shapes.title.text = "Response times"
    rows = second.shapes.add_table(3, 2, Inches(1), Inches(2), Inches(6), Inches(2)).table
    for r, (plan, hours) in enumerate([("Plan", "First reply"), ("Team", "8 hours"), ("Enterprise", "1 hour")]):
        rows.cell(r, 0).text, rows.cell(r, 1).text = plan, hours
    third = deck.slides.add_slide(deck.slide_layouts[1])
    third.shapes.title.text = "Our 24-hour assistance team"
    points = third.placeholders[1].text_frame
    points.text = "Call +44 20 7946 0831, open 24 hours a day"
    for line, level in [("Email help@example.com for non-urgent matters", 0), ("Answered within a day", 1)]:
        paragraph = points.add_paragraph()
        paragraph.text, paragraph.level = line, level
    deck.save(tmp_path / "onboarding.pptx")

    doc = load_file(tmp_path / "onboarding.pptx", max_bytes=5_000_000)
    assert doc.title == "Support onboarding"
    assert [(s.heading_path, s.page) for s in doc.sections] == [("Escalation", 1), ("Response times", 2),
                                                                ("Our 24-hour assistance team", 3)]
    assert doc.sections[2].text.splitlines() == [
        "- Call +44 20 7946 0831, open 24 hours a day", "- Email help@example.com for non-urgent matters",
        "  - Answered within a day"], "a slide's points without stops are a list's items, each a sentence of its own"
    assert "within 15 minutes" in doc.sections[0].text
    assert "Notes: Mention the pager number only in person." in doc.sections[0].text
    assert doc.sections[1].text.splitlines() == ["| Plan | First reply |", "|---|---|", "| Team | 8 hours |",
                                                 "| Enterprise | 1 hour |"]


def test_a_workbook_is_tables_per_sheet_with_the_header_in_every_section(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    prices = book.active
    prices.title = "Prices"
    prices.append(["Plan", "Price per user", "Support"])
    for n in range(120):
        prices.append([f"Plan {n}", f"${n}", "email"])
    regions = book.create_sheet("Regions")
    regions.append(["Region", "Data centre"])
    regions.append(["Korea", "Seoul"])
    regions.append([None, None])  # empty rows are left out
    book.save(tmp_path / "prices.xlsx")

    doc = load_file(tmp_path / "prices.xlsx", max_bytes=5_000_000)
    price_sections = [s for s in doc.sections if s.heading_path == "Prices"]
    assert len(price_sections) > 1 and all(s.text.startswith("| Plan | Price per user | Support |\n|---|---|---|")
                                           for s in price_sections)
    assert all(len(s.text) < SECTION_CHARS * 2 for s in price_sections)
    body_rows = [line for s in price_sections for line in s.text.splitlines()[2:]]
    assert len(body_rows) == 120 and body_rows[0] == "| Plan 0 | $0 | email |"
    assert [s.text for s in doc.sections if s.heading_path == "Regions"] == [
        "| Region | Data centre |\n|---|---|\n| Korea | Seoul |"]


def test_a_sheets_title_heads_its_rows_and_its_notes_are_text(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    rates = book.active
    rates.title = "Daily Rates"
    rates.append(["Standard Tariff 2025 (prices in GBP, including VAT)"])
    rates.append(["Group", "Category", "Per day"])
    rates.append(["A", "Economy", 39])
    rates.append(["B", "Compact", 46])
    rates.append(["Notes"])
    rates.append(["Weekend Special: collect on Friday and return by Monday for the price of 2 days."])
    rates.append(["The deposit is released within 10 working days of return."])
    book.save(tmp_path / "rates.xlsx")

    sections = load_file(tmp_path / "rates.xlsx", max_bytes=5_000_000).sections
    assert [(s.heading_path, s.text) for s in sections] == [
        ("Daily Rates > Standard Tariff 2025 (prices in GBP, including VAT)",
         "| Group | Category | Per day |\n|---|---|---|\n| A | Economy | 39 |\n| B | Compact | 46 |"),
        ("Daily Rates > Standard Tariff 2025 (prices in GBP, including VAT) > Notes",
         "Weekend Special: collect on Friday and return by Monday for the price of 2 days.\n"
         "The deposit is released within 10 working days of return.")]


def test_a_sheet_of_one_column_of_sentences_is_text_under_its_short_lines(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "납부·환불 안내"
    for line in ["수수료 납부 및 환불 안내", "1. 납부 방법: 신용카드, 체크카드, 계좌이체로 납부할 수 있습니다.",
                 "2. 환불: 작성이 시작되기 전에 취소하면 전액 환불합니다.", "지원금 지급 안내",
                 "1. 지원금은 신청일로부터 45일 이내에 본인 명의 계좌로 지급합니다."]:
        sheet.append([line])
    names = book.create_sheet("Rooms")
    for name in ["Room", "Cedar", "Maple"]:
        names.append([name])
    book.save(tmp_path / "guide.xlsx")

    sections = load_file(tmp_path / "guide.xlsx", max_bytes=5_000_000).sections
    assert [(s.heading_path, s.text) for s in sections] == [
        ("납부·환불 안내 > 수수료 납부 및 환불 안내",
         "1. 납부 방법: 신용카드, 체크카드, 계좌이체로 납부할 수 있습니다.\n2. 환불: 작성이 시작되기 전에 취소하면 전액 환불합니다."),
        ("납부·환불 안내 > 지원금 지급 안내", "1. 지원금은 신청일로부터 45일 이내에 본인 명의 계좌로 지급합니다."),
        ("Rooms", "| Room |\n|---|\n| Cedar |\n| Maple |")]


def test_a_sheet_of_names_and_what_they_say_has_no_header_and_reads_as_labelled_lines(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Payment"
    sheet.append(["Payment Methods and Fee Waivers"])
    sheet.append(["Payment methods", "Online: Visa, Mastercard and e-check. At the counter: cash or card."])
    sheet.append(["Fee waivers", "Permit fees are waived for wheelchair ramps. Check the waiver box on Form BP-1."])
    sheet.append(["Can I pay in parts?", "No, we do not offer payment plans."])
    book.save(tmp_path / "fees.xlsx")

    sections = load_file(tmp_path / "fees.xlsx", max_bytes=5_000_000).sections
    assert [(s.heading_path, s.text) for s in sections] == [(
        "Payment > Payment Methods and Fee Waivers",
        "Payment methods: Online: Visa, Mastercard and e-check. At the counter: cash or card.\n\n"
        "Fee waivers: Permit fees are waived for wheelchair ramps. Check the waiver box on Form BP-1.\n\n"
        "Can I pay in parts? No, we do not offer payment plans.")]


@pytest.mark.parametrize("name, content", [
    ("contacts.csv", "Team,Lead,Hours\nBilling,Ana Ruiz,9-17\n청구,김민지,9-18\n"),
    ("contacts.tsv", "Team\tLead\tHours\nBilling\tAna Ruiz\t9-17\n청구\t김민지\t9-18\n"),
])
def test_csv_and_tsv_files_are_tables(tmp_path, name, content):
    (tmp_path / name).write_text(content, encoding="utf-8")
    doc = load_file(tmp_path / name, max_bytes=100_000)
    assert doc.title == "contacts"
    assert doc.sections[0].text.splitlines() == ["| Team | Lead | Hours |", "|---|---|---|",
                                                 "| Billing | Ana Ruiz | 9-17 |", "| 청구 | 김민지 | 9-18 |"]


def test_a_csv_field_in_double_quotes_keeps_its_commas_beside_words_in_single_quotes(tmp_path):
    (tmp_path / "faq.csv").write_text(
        "번호,분류,질문,답변,관련 메뉴\n"
        "1,주문 취소,취소는 언제까지 하나요?,주문 상태가 '결제 완료' 또는 '상품 준비중'일 때 취소할 수 있습니다. "
        "'배송중' 단계부터는 취소가 불가합니다.,마이페이지 > 주문배송조회\n"
        "2,주문 취소,취소는 어떻게 하나요?,[주문 취소] 버튼을 누르면 됩니다. '결제 완료' 상태라면 즉시 취소됩니다.,"
        "마이페이지 > 주문배송조회\n"
        "3,품절,품절 보상이 있나요?,\"전액 환불되며, 결제 금액의 5%(최대 5,000원)를 지급해 드립니다.\",마이페이지 > 적립금\n",
        encoding="utf-8")
    rows = load_file(tmp_path / "faq.csv", max_bytes=100_000).sections[0].text.splitlines()
    assert rows[4] == ("| 3 | 품절 | 품절 보상이 있나요? | 전액 환불되며, 결제 금액의 5%(최대 5,000원)를 지급해 드립니다. | "
                       "마이페이지 > 적립금 |"), rows


def test_a_question_about_a_spreadsheet_row_is_answered_from_it(tmp_path, embedder):
    from openpyxl import Workbook

    from core.runtime import Runtime
    from tests.conftest import make_settings

    book = Workbook()
    sheet = book.active
    sheet.title = "Holidays"
    sheet.append(["Holiday", "Date", "Office"])
    sheet.append(["Founders day", "March 14", "closed"])
    sheet.append(["Summer party", "July 2", "open until noon"])
    (tmp_path / "kb").mkdir()
    book.save(tmp_path / "kb" / "holidays.xlsx")
    runtime = Runtime(make_settings(tmp_path / "data"), embedder=embedder)
    try:
        assert runtime.pipeline.run_paths([str(tmp_path / "kb")], collection="default").added == 1
        answer = runtime.answers.ask("When is Founders day?", collection="default")
        assert not answer.refused and "March 14" in answer.answer
        assert answer.citations[0].source.endswith("holidays.xlsx")
    finally:
        runtime.close()


def test_a_faq_sheets_row_answers_the_question_it_holds(tmp_path, embedder):
    from core.runtime import Runtime
    from tests.conftest import make_settings

    (tmp_path / "kb").mkdir()
    (tmp_path / "kb" / "faq.csv").write_text(
        "번호,분류,질문,답변\n1,주문 취소,취소는 어떻게 하나요?,[주문 취소] 버튼을 누르면 됩니다.\n"
        "2,주문 취소,취소 수수료가 있나요?,출고 전 주문 취소에는 수수료가 없습니다.\n"
        "3,배송,배송비는 얼마인가요?,3만 원 이상 주문은 무료 배송입니다.\n"
        "4,반품,반품은 언제까지 하나요?,상품 수령 후 7일 이내에 신청해 주세요.\n", encoding="utf-8")
    runtime = Runtime(make_settings(tmp_path / "data"), embedder=embedder)
    try:
        runtime.pipeline.run_paths([str(tmp_path / "kb")], collection="default")
        # the row quotes the question, and goes on with its answer: it is no mere restatement of it
        answer = runtime.answers.ask("주문 취소 수수료가 있나요?", collection="default")
        assert not answer.refused and "수수료가 없습니다" in answer.answer.split("[1]")[0], answer.answer
    finally:
        runtime.close()


def test_a_ruled_table_in_a_pdf_becomes_a_markdown_table_where_it_stands_in_the_page_text(tmp_path):
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.multi_cell(0, 8, "Prices are per user and month, billed yearly.")
    pdf.ln(4)
    with pdf.table() as table:
        for cells in (("Plan", "Price"), ("Team", "$20"), ("Enterprise", "$45")):
            row = table.row()
            for value in cells:
                row.cell(value)
    pdf.ln(4)
    pdf.multi_cell(0, 8, "To book, call the sales desk on 01632 960 418.")
    (tmp_path / "prices.pdf").write_bytes(bytes(pdf.output()))
    page = load_file(tmp_path / "prices.pdf", max_bytes=1_000_000).sections[0]
    assert page.page == 1 and page.text.startswith("Prices are per user and month, billed yearly.")
    # the table where it stands: after the text above it, before the text below it
    assert page.text.splitlines()[-6:] == ["| Plan | Price |", "|---|---|", "| Team | $20 |", "| Enterprise | $45 |",
                                           "", "To book, call the sales desk on 01632 960 418."], page.text
