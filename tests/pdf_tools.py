"""Reading a PDF back with the tools a reader's machine has: poppler's pdftotext / pdffonts / pdftoppm and zbarimg.

Debian packages poppler-utils and zbar-tools (.ci/run installs them). Without them a test is skipped locally with a
message saying what to install; under CI (CI=true) it fails instead, so CI never passes without reading the PDF.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
import unicodedata
import zlib
from pathlib import Path

import pytest

POPPLER = "poppler-utils"
PACKAGES = {"pdftotext": POPPLER, "pdffonts": POPPLER, "pdfinfo": POPPLER, "pdftoppm": POPPLER, "zbarimg": "zbar-tools"}


def _missing(message: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"CI needs this for the PDF tests: {message}")
    pytest.skip(message)


def need(*tools: str) -> None:
    """Skip (locally) or fail (CI) unless every tool is installed."""
    missing = [tool for tool in tools if not shutil.which(tool)]
    if missing:
        packages = " ".join(sorted({PACKAGES[tool] for tool in missing}))
        _missing(f"ไม่พบ {', '.join(missing)}: ติดตั้งด้วย apt-get install {packages} เพื่อตรวจไฟล์ PDF")


def need_weasyprint() -> None:
    """WeasyPrint loads Debian's Pango when imported: without it no PDF can be made."""
    try:
        import weasyprint  # noqa: F401
    except OSError as error:
        _missing(f"WeasyPrint โหลด Pango ไม่ได้ ({error}): ติดตั้งด้วย apt-get install libpango-1.0-0 libpangoft2-1.0-0")


def _run(tool: str, *args: str, check: bool = True) -> str:
    command = [shutil.which(tool) or tool, *args]
    return subprocess.run(command, check=check, capture_output=True, text=True, timeout=120).stdout  # noqa: S603


def _with_file(data: bytes, work) -> str:
    folder = Path(tempfile.mkdtemp(prefix="pdf-test-"))
    try:
        path = folder / "handbook.pdf"
        path.write_bytes(data)
        return work(path, folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def pages_text(data: bytes) -> list[str]:
    """pdftotext of each page (a form feed ends each page), in the order the text was written (-raw): that is the
    text the PDF holds. Without -raw, poppler sorts letters by their position on the line, and a tone mark drawn
    raised over an upper vowel (ที่, อยู่) lands after the next letter: its guess, not the file's text."""
    need("pdftotext")
    text = _with_file(data, lambda path, _folder: _run("pdftotext", "-raw", "-enc", "UTF-8", str(path), "-"))
    return text.split("\f")[:-1] if text.endswith("\f") else text.split("\f")


def text(data: bytes) -> str:
    return "\n".join(pages_text(data))


def squeezed(value: str) -> str:
    """For comparing what was entered with what a PDF reader extracts: NFKC (the reader gives ำ as ํ + า) and no
    white space at all (a wrapped Thai line comes back with a line break inside a word, a table cell with spaces)."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", value))


def fonts(data: bytes) -> str:
    need("pdffonts")
    return _with_file(data, lambda path, _folder: _run("pdffonts", str(path)))


def catalog(data: bytes) -> bytes:
    """The document catalog's dictionary (where /Lang is), also when it sits in a compressed object stream."""
    parts = [data]
    for stream in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", data, re.S):
        try:
            parts.append(zlib.decompress(stream.group(1)))
        except zlib.error:
            continue
    found = re.search(rb"<<\s*/Type\s*/Catalog.*?>>", b"\n".join(parts), re.S)
    assert found, "no document catalog found"
    return found.group(0)


def info(data: bytes) -> str:
    need("pdfinfo")
    return _with_file(data, lambda path, _folder: _run("pdfinfo", str(path)))


def qr_codes(data: bytes, page: int = 1) -> list[str]:
    """The QR codes zbarimg reads on `page`, rendered at 100 dpi as a phone's camera would see a print-out."""
    need("pdftoppm", "zbarimg")

    def read(path: Path, folder: Path) -> str:
        _run("pdftoppm", "-r", "100", "-png", "-f", str(page), "-l", str(page), str(path), str(folder / "page"))
        image = next(folder.glob("page*.png"))
        return _run("zbarimg", "-q", "--raw", str(image), check=False)  # exit status 4: no code found

    return [line for line in _with_file(data, read).splitlines() if line]


FOOTER = re.compile(r"หน้า\s*\d+\s*/\s*\d+|^สถานะ\s*เผยแพร่คู่มือแล้ว|^วันที่เผยแพร่")


def headings_ending_a_page(pages: list[str], headings: list[str]) -> list[tuple[int, str]]:
    """(page number, heading) for every page but the last whose last line of content is a heading, also a heading
    wrapped over two or three lines. The page's running footer (page number, status, date) is not content."""
    wanted = {squeezed(heading): heading for heading in headings}
    found = []
    for number, page in enumerate(pages[:-1], start=1):
        lines = [line for line in page.splitlines() if line.strip() and not FOOTER.search(line.strip())]
        for count in (1, 2, 3):
            tail = squeezed("".join(lines[-count:]))
            if tail in wanted:
                found.append((number, wanted[tail]))
                break
    return found


def printed_headings(snapshot: dict) -> list[str]:
    """The headings of a printed handbook: its title, the 19 sections, section 15's two groups."""
    from handbooks.models import Document
    from handbooks.sections import SECTIONS

    return [
        f"คู่มือสำหรับประชาชน: {snapshot['procedure']['name']}",
        *(f"{section.number}. {section.heading}" for section in SECTIONS),
        *(f"15.{n}) {label}" for n, (_code, label) in enumerate(Document.Group.choices, start=1)),
    ]
