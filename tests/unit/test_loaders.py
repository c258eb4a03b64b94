import pytest

from core.errors import ErrorCode, RagloopError
from ingest.loaders import load_file


def minimal_pdf(text: str) -> bytes:
    """A one-page PDF whose content stream shows `text` (built by hand, with a correct xref table)."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
               b"/Resources << /Font << /F1 5 0 R >> >> >>",
               b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
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
    doc = load_file(path, source="guide.md", max_bytes=10_000)
    assert doc.title == "The Real Title"
    assert "Body text here." in doc.text


def test_html_keeps_main_text_and_drops_navigation_and_scripts(tmp_path):
    path = tmp_path / "page.html"
    path.write_text("<html><head><title>Pricing</title><script>alert(1)</script></head><body>"
                    "<nav>Home | About</nav><main><h1>Plans</h1><p>The team plan costs 10 euros.</p></main>"
                    "<footer>Copyright</footer></body></html>")
    doc = load_file(path, source="page.html", max_bytes=10_000)
    assert doc.title == "Pricing"
    assert "The team plan costs 10 euros." in doc.text
    assert "alert" not in doc.text and "Home | About" not in doc.text and "Copyright" not in doc.text


def test_pdf_text_is_extracted(tmp_path):
    path = tmp_path / "manual.pdf"
    path.write_bytes(minimal_pdf("The pump needs service every 500 hours."))
    doc = load_file(path, source="manual.pdf", max_bytes=100_000)
    assert "500 hours" in doc.text
    assert doc.title == "manual"


def test_korean_legacy_encoding_is_decoded(tmp_path):
    path = tmp_path / "notice.txt"
    path.write_bytes("환불은 영업일 기준 5일 이내에 처리됩니다.".encode("cp949"))
    assert "환불은" in load_file(path, source="notice.txt", max_bytes=10_000).text


@pytest.mark.parametrize(("name", "content", "code"), [
    ("empty.md", b"   \n", ErrorCode.BAD_INPUT),
    ("broken.pdf", b"%PDF-1.4 this is not really a pdf", ErrorCode.BAD_INPUT),
    ("sheet.xlsx", b"PK\x03\x04", ErrorCode.UNSUPPORTED),
    ("big.txt", b"x" * 2_000, ErrorCode.TOO_LARGE),
])
def test_bad_files_raise_a_clear_error(tmp_path, name, content, code):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(RagloopError) as caught:
        load_file(path, source=name, max_bytes=1_000)
    assert caught.value.code == code
    assert caught.value.message
