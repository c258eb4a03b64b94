"""Text from pictures of text: scanned PDF pages and image files, read by Tesseract (Debian's `tesseract-ocr` with
its English and Korean data, installed by scripts/install.sh) through pytesseract. PDF pages are rendered with
pdfium (pypdfium2). Without Tesseract a file that needs it fails with a message saying so; other files are read as
before."""

from __future__ import annotations

import io
import shutil
from functools import lru_cache

from core.errors import ErrorCode, RagloopError

LANGUAGES = ("kor", "eng")  # read together (a page may mix both); Korean first reads Hangul words whole
# One block of text (page segmentation mode 6): on plain pages it read Korean lines that the automatic layout
# analysis broke into fragments ("환불은" read as "[이 … t="), and English lines the same.
CONFIG = "--psm 6"
RENDER_SCALE = 300 / 72  # PDF points to 300 dpi, what Tesseract reads best
MAX_PIXELS = 40_000_000  # a larger image is refused (a decompression bomb, or a poster)
MISSING = ("reading text from images needs Tesseract OCR, which is not installed here (Debian: apt-get install "
           "tesseract-ocr tesseract-ocr-kor)")


@lru_cache(maxsize=1)
def languages() -> str:
    """The languages to read with: those of LANGUAGES that are installed."""
    import pytesseract

    if shutil.which("tesseract") is None:
        raise RagloopError(ErrorCode.UNSUPPORTED, MISSING)
    installed = set(pytesseract.get_languages(config=""))
    wanted = [language for language in LANGUAGES if language in installed]
    if not wanted:
        raise RagloopError(ErrorCode.UNSUPPORTED, MISSING + f" (no data for {', '.join(LANGUAGES)})")
    return "+".join(wanted)


def read_image(image) -> str:
    """The text in a PIL image, lines as Tesseract found them."""
    import pytesseract

    if image.width * image.height > MAX_PIXELS:
        raise RagloopError(ErrorCode.TOO_LARGE, f"the image is {image.width}×{image.height} pixels, over the "
                           f"{MAX_PIXELS:,}-pixel limit for reading text")
    return pytesseract.image_to_string(image.convert("L"), lang=languages(), config=CONFIG)


def read_image_file(data: bytes) -> str:
    from PIL import Image, UnidentifiedImageError

    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            return read_image(image)
    except Image.DecompressionBombError as exc:  # more pixels than the limit: refused before it is decoded
        raise RagloopError(ErrorCode.TOO_LARGE, f"the image is over the {MAX_PIXELS:,}-pixel limit for reading "
                                                "text") from exc
    except (UnidentifiedImageError, OSError) as exc:
        raise RagloopError(ErrorCode.BAD_INPUT, f"this image cannot be read: it is damaged or not really an image "
                                                f"({exc})") from exc


def read_pdf_pages(data: bytes, numbers: list[int]) -> dict[int, str]:
    """The text of the given PDF pages (1-based), rendered and read."""
    import pypdfium2

    document = pypdfium2.PdfDocument(data)
    try:
        texts = {}
        for number in numbers:
            bitmap = document[number - 1].render(scale=RENDER_SCALE)
            texts[number] = read_image(bitmap.to_pil())
        return texts
    finally:
        document.close()
