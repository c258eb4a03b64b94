"""Pictures of text read by Tesseract: an English and a Korean image, a scanned PDF (pages that are only images),
a question answered from a scan; and a clear message where Tesseract is not installed."""

import io

import pytest
from PIL import Image, ImageDraw, ImageFont

from core.errors import ErrorCode, RagloopError
from ingest import ocr
from ingest.loaders import load_file

FONT = "/usr/share/fonts/truetype/nanum/NanumGothic.ttf"  # fonts-nanum, installed with the test tools


def picture(lines: list[str]) -> Image.Image:
    """Text as a scanner would give it: dark glyphs on a white page, no text layer."""
    font = ImageFont.truetype(FONT, 40)
    image = Image.new("RGB", (1600, 120 + 70 * len(lines)), "white")
    draw = ImageDraw.Draw(image)
    for n, line in enumerate(lines):
        draw.text((60, 60 + 70 * n), line, fill="black", font=font)
    return image


def test_english_and_korean_images_are_read(tmp_path):
    picture(["Refunds are paid within 14 days."]).save(tmp_path / "refunds.jpg", quality=90)
    picture(["환불은 영업일 기준 7일 이내에 처리됩니다."]).save(tmp_path / "환불.png")
    english = load_file(tmp_path / "refunds.jpg", max_bytes=5_000_000)
    korean = load_file(tmp_path / "환불.png", max_bytes=5_000_000)
    assert "Refunds are paid within 14 days" in english.text and english.title == "refunds"
    assert "환불은 영업일 기준 7일 이내에 처리됩니다" in korean.text


def test_a_scanned_pdf_is_read_page_by_page_and_answers_a_question(tmp_path, embedder):
    from core.runtime import Runtime
    from tests.conftest import make_settings

    pages = [picture(["Support hours", "The helpdesk opens at 7 am on weekdays."]),
             picture(["Security", "Passwords expire every 90 days."])]
    (tmp_path / "kb").mkdir()
    pages[0].save(tmp_path / "kb" / "scan.pdf", save_all=True, append_images=pages[1:])
    doc = load_file(tmp_path / "kb" / "scan.pdf", max_bytes=20_000_000)
    assert [s.page for s in doc.sections] == [1, 2]
    assert "7 am on weekdays" in doc.sections[0].text and "90 days" in doc.sections[1].text
    runtime = Runtime(make_settings(tmp_path / "data"), embedder=embedder)
    try:
        runtime.pipeline.run_paths([str(tmp_path / "kb")], collection="default")
        answer = runtime.answers.ask("How often do passwords expire?", collection="default")
        assert not answer.refused and "90 days" in answer.answer
        cited = answer.citations[0]
        assert cited.source.endswith("scan.pdf") and "90 days" in cited.snippet
    finally:
        runtime.close()


def test_without_tesseract_an_image_fails_with_the_reason_and_a_pdf_keeps_its_text(tmp_path, monkeypatch):
    monkeypatch.setattr(ocr.shutil, "which", lambda name: None)
    ocr.languages.cache_clear()
    try:
        picture(["Refunds are paid within 14 days."]).save(tmp_path / "refunds.png")
        with pytest.raises(RagloopError) as missing:
            load_file(tmp_path / "refunds.png", max_bytes=5_000_000)
        assert missing.value.code == ErrorCode.UNSUPPORTED and "apt-get install tesseract-ocr" in missing.value.message
        from fpdf import FPDF

        pdf = FPDF()
        pdf.add_page()
        pdf.set_font("helvetica", size=12)
        pdf.cell(text="The office is closed on public holidays.")
        pdf.add_page()  # a blank page: it would need OCR, and there is none
        doc = load_file(_written(tmp_path / "mixed.pdf", pdf.output()), max_bytes=5_000_000)
        assert "closed on public holidays" in doc.text
    finally:
        ocr.languages.cache_clear()


def test_an_image_too_large_to_read_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(ocr, "MAX_PIXELS", 1000)
    buffer = io.BytesIO()
    picture(["big"]).save(buffer, "PNG")
    with pytest.raises(RagloopError) as refused:
        ocr.read_image_file(buffer.getvalue())
    assert refused.value.code == ErrorCode.TOO_LARGE and "pixel limit" in refused.value.message


def _written(path, data: bytes):
    path.write_bytes(bytes(data))
    return path
