"""The printed handbook in a real browser (issue 12): the print view printed by Chromium keeps every heading with what
follows it, and the public page's "ดาวน์โหลด PDF" gives the PDF with the QR code of the page.

Chromium prints with print media and the page's own @page rules (static/css/print.css), as a citizen's or an
official's browser does; its PDF is read back with poppler (tests/pdf_tools.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.urls import reverse

from handbooks.sections import SECTIONS
from tests import pdf_tools
from tests.e2e.conftest import sign_in
from tests.factories import PASSWORD
from tests.handbooks.lands import DOCUMENTS, LAWS, lands_handbook, published_lands_handbook

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _printed_by_chromium(page, url: str) -> bytes:
    page.goto(url)
    page.wait_for_load_state("networkidle")
    return page.pdf(prefer_css_page_size=True, print_background=True)


def test_the_print_view_of_a_long_handbook_never_ends_a_page_with_a_heading(
    page, live_server, author, service_areas, problems
):
    """22 documents, 6 steps, printed with 0 to 7 more laws in section 5: every later heading moves down line by
    line until each has met a page's foot, where print.css must carry it over to the next page."""
    sign_in(page, live_server, "author", PASSWORD)
    ends, pages_seen = [], 0
    for extra in range(8):
        laws = LAWS + [f"กฎกระทรวงฉบับที่ {n} (พ.ศ. 2541) ออกตามความในประมวลกฎหมายที่ดิน" for n in range(1, extra + 1)]
        handbook = lands_handbook(author, laws=laws, name=f"จดทะเบียนโอนอสังหาริมทรัพย์ แบบที่ {extra} [N]")
        data = _printed_by_chromium(page, live_server.url + reverse("handbooks:print", kwargs={"pk": handbook.pk}))
        pages = pdf_tools.pages_text(data)
        pages_seen += len(pages)
        headings = pdf_tools.printed_headings({"procedure": {"name": handbook.procedure.name}})
        ends += [(extra, *end) for end in pdf_tools.headings_ending_a_page(pages, headings)]
        if extra == 0:
            text = pdf_tools.squeezed(pdf_tools.text(data))
            assert pdf_tools.squeezed("หน้า 1 / ") in text  # print.css's page numbers
            expected = [f"{section.number}. {section.heading}" for section in SECTIONS]
            expected += [name for _group, name, *_rest in DOCUMENTS]
            assert [value for value in expected if pdf_tools.squeezed(value) not in text] == []
    assert pages_seen >= 8 * 3
    assert not ends, ends


def test_the_public_page_downloads_the_pdf_with_the_qr_code_of_the_page(
    page, live_server, author, approver, service_areas, settings, tmp_path, problems
):
    pdf_tools.need_weasyprint()
    settings.MEDIA_ROOT = tmp_path
    handbook = published_lands_handbook(author, approver)
    address = live_server.url + reverse("public:handbook", kwargs={"pk": handbook.pk})
    page.goto(address)
    with page.expect_download() as download:
        page.get_by_role("link", name="ดาวน์โหลด PDF").click()
    data = Path(download.value.path()).read_bytes()
    assert data.startswith(b"%PDF-")
    assert pdf_tools.qr_codes(data) == [address]
    assert pdf_tools.squeezed("สถานะ เผยแพร่คู่มือแล้ว") in pdf_tools.squeezed(pdf_tools.pages_text(data)[0])
