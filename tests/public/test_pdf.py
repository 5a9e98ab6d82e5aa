"""The handbook's PDF (issue 12): what a citizen downloads, and what is posted at the service point.

Read back with real tools (tests/pdf_tools.py): pdftotext for the text, pdffonts for the embedded font, pdftoppm and
zbarimg for the QR code, as a reader's software and a phone at the counter would.
"""

from __future__ import annotations

import re
import threading

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse

from handbooks import pdf
from handbooks.sections import SECTIONS
from tests import pdf_tools
from tests.approvals.helpers import in_state, published, start_revision
from tests.handbooks.lands import COMPLAINTS, DOCUMENTS, FORMS, LAWS, PROCEDURE, STEPS, published_lands_handbook

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Stored PDFs go to a folder of the test's own; PDFs need WeasyPrint (and Pango) to be made at all."""
    pdf_tools.need_weasyprint()
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def lands(author, approver):
    return published_lands_handbook(author, approver)


def _get_pdf(client, handbook, number: int | None = None):
    if number is None:
        url = reverse("public:handbook_pdf", kwargs={"pk": handbook.pk})
    else:
        url = reverse("public:version_pdf", kwargs={"pk": handbook.pk, "number": number})
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "application/pdf"
    return b"".join(response.streaming_content)


def test_pdf_has_every_section_heading_and_the_entered_values(client, lands):
    text = pdf_tools.squeezed(pdf_tools.text(_get_pdf(client, lands)))
    expected = [
        f"คู่มือสำหรับประชาชน: {PROCEDURE}",
        "หน่วยงานที่รับผิดชอบ: กรมพัฒนาธุรกิจการค้า",
        *(f"{section.number}. {section.heading}" for section in SECTIONS),
        *(f"{n}) {title}" for n, title in enumerate(LAWS, start=1)),
        "เปิดให้บริการวัน จันทร์ ถึง วัน ศุกร์ (ยกเว้นวันหยุดที่ทางราชการกำหนด) ตั้งแต่เวลา 08:30 - 16:30 น. (มีพักเที่ยง)",
        "15.1) เอกสารยืนยันตัวตนที่ออกโดยหน่วยงานภาครัฐ",
        "15.2) เอกสารอื่น ๆ สำหรับยื่นเพิ่มเติม",
        *(name for _group, name, *_rest in DOCUMENTS),
        *(issued for _g, _n, issued, *_rest in DOCUMENTS if issued),
        *(note for *_rest, note in DOCUMENTS if note),
        *(detail for _kind, detail, _minutes in STEPS),
        "ระยะเวลาดำเนินการรวม 150 นาที",
        "ค่าธรรมเนียม 5 บาท",
        "ค่าธรรมเนียม ร้อยละ 2 (อัตราสูงสุด)",
        "หมายเหตุ (ร้อยละ 2 ของราคาประเมินทุนทรัพย์ กรณีโอนให้แก่บุตรหรือคู่สมรส ร้อยละ 0.5)",
        "ค่าธรรมเนียม ร้อยละ 0.5",
        "ค่าธรรมเนียม 20 บาท",
        "ค่าธรรมเนียม 1,500 บาท",
        *(channel for channel, _note in COMPLAINTS),
        *FORMS,
        "ผู้ขอควรตรวจสอบราคาประเมินทุนทรัพย์ล่วงหน้าที่เว็บไซต์กรมธนารักษ์",
        "เจ้าหน้าที่จะจัดทำบันทึกความบกพร่องของรายการเอกสารหรือเอกสารหลักฐานที่ต้องยื่นเพิ่มเติม",
        "สถานะ เผยแพร่คู่มือแล้ว",
    ]
    missing = [value for value in expected if pdf_tools.squeezed(value) not in text]
    assert not missing, missing
    assert pdf_tools.squeezed("2.00") not in text and "1500.00" not in text


def test_pdf_pages_are_numbered_and_carry_the_status_and_the_approval_date_in_the_buddhist_era(client, lands):
    from portal.templatetags.thai import format_thai_date

    pages = pdf_tools.pages_text(_get_pdf(client, lands))
    approved = format_thai_date(lands.live_version.approved_at)
    assert str(lands.live_version.approved_at.year + 543) in approved
    assert len(pages) >= 3  # 22 documents, 6 steps: a real handbook runs over several pages
    for number, page in enumerate(pages, start=1):
        squeezed = pdf_tools.squeezed(page)
        assert pdf_tools.squeezed(f"หน้า {number} / {len(pages)}") in squeezed, number
        assert pdf_tools.squeezed("สถานะ เผยแพร่คู่มือแล้ว") in squeezed, number
        assert pdf_tools.squeezed(f"วันที่เผยแพร่ {approved} (ฉบับที่ 1)") in squeezed, number


def test_pdf_embeds_sarabun(client, lands):
    fonts = pdf_tools.fonts(_get_pdf(client, lands))
    sarabun = [line for line in fonts.splitlines() if "Sarabun" in line]
    assert sarabun, fonts
    assert all(line.split()[-5] == "yes" for line in sarabun), fonts  # the "emb" column


def test_pdf_qr_code_on_the_first_page_opens_the_public_page(client, lands):
    data = _get_pdf(client, lands)
    address = f"http://testserver/handbook/{lands.pk}/"
    assert pdf_tools.qr_codes(data, page=1) == [address]
    assert pdf_tools.squeezed(address) in pdf_tools.squeezed(pdf_tools.pages_text(data)[0])


def test_pdf_qr_code_names_the_site_address_when_it_is_set(client, lands, settings):
    settings.SITE_URL = "https://handbook.example.go.th/"
    assert pdf_tools.qr_codes(_get_pdf(client, lands)) == [f"https://handbook.example.go.th/handbook/{lands.pk}/"]


def test_pdf_title_and_language_are_in_its_metadata(client, lands):
    data = _get_pdf(client, lands)
    assert re.search(rb"/Lang\s*\(th\)", pdf_tools.catalog(data))
    info = pdf_tools.info(data)
    assert pdf_tools.squeezed(f"Title: คู่มือสำหรับประชาชน: {PROCEDURE}") in pdf_tools.squeezed(info)


def test_tone_marks_over_upper_vowels_survive_in_the_pdf_text(client, author, approver):
    """Sarabun draws ่ ้ over ิ ี ั with other glyphs (ccmp): a PDF that maps only the font's cmap drops them from
    its text ("ขั้นตอน" read as "ขันตอน"), one that maps what it drew first reads "ประชาชน" as "ประชำชน"."""
    words = "ขั้นตอน ที่ เริ่ม ตั้งแต่ ปี่ ฟ้า ฝั่ง น้ำ คำขอ ประชาชน ฤๅษี ปฏิบัติ ญาติ กุ้ง ผู้"
    handbook = published(author, approver, criteria=words)
    text = pdf_tools.text(_get_pdf(client, handbook))
    assert pdf_tools.squeezed(words) in pdf_tools.squeezed(text)


def test_the_second_request_is_sent_from_the_stored_file_without_a_render(client, lands, media):
    before = pdf.renders
    first = _get_pdf(client, lands)
    assert pdf.renders == before + 1
    name = pdf.stored_name(lands.live_version)
    assert default_storage.exists(name) and (media / name).read_bytes() == first
    again = _get_pdf(client, lands)
    same_version = _get_pdf(client, lands, number=1)
    assert pdf.renders == before + 1
    assert again == first == same_version


def test_a_new_version_gets_its_own_pdf_and_the_old_one_stays(client, lands, author, approver):
    first = _get_pdf(client, lands)
    revised = start_revision(lands, author, criteria="ผู้ขอต้องนำโฉนดที่ดินฉบับจริงมาแสดงทุกครั้ง")
    revised.submit(author, change_note="แก้หลักเกณฑ์")
    revised.approve(approver)
    current = _get_pdf(client, revised)
    assert pdf_tools.squeezed("ผู้ขอต้องนำโฉนดที่ดินฉบับจริงมาแสดงทุกครั้ง") in pdf_tools.squeezed(pdf_tools.text(current))
    assert _get_pdf(client, revised, number=1) == first
    assert _get_pdf(client, revised, number=2) == current


@pytest.mark.parametrize("state", ["draft", "pending", "returned"])
def test_pdf_of_a_handbook_never_published_is_404(client, author, approver, state):
    handbook = in_state(state, author, approver)
    before = pdf.renders
    assert client.get(reverse("public:handbook_pdf", kwargs={"pk": handbook.pk})).status_code == 404
    assert client.get(reverse("public:version_pdf", kwargs={"pk": handbook.pk, "number": 1})).status_code == 404
    assert pdf.renders == before


def test_version_pdf_of_a_handbook_no_longer_public_is_404_even_once_stored(client, lands, approver):
    _get_pdf(client, lands, number=1)
    lands.unpublish(approver, "ยกเลิกกระบวนงาน")
    assert client.get(reverse("public:version_pdf", kwargs={"pk": lands.pk, "number": 1})).status_code == 404
    assert client.get(reverse("public:handbook_pdf", kwargs={"pk": lands.pk})).status_code == 404


def test_version_pdf_of_a_version_that_does_not_exist_is_404(client, lands):
    assert client.get(reverse("public:version_pdf", kwargs={"pk": lands.pk, "number": 2})).status_code == 404


def test_pdf_goes_out_through_x_accel_redirect_in_production(client, lands, settings):
    settings.FILES_X_ACCEL_PREFIX = "/_protected/"
    response = client.get(reverse("public:handbook_pdf", kwargs={"pk": lands.pk}))
    assert response.status_code == 200 and response.content == b""
    name = pdf.stored_name(lands.live_version)
    assert response["X-Accel-Redirect"] == f"/_protected/{name}"
    assert response["Content-Type"] == "application/pdf"
    assert default_storage.exists(name)


def test_the_public_page_offers_the_pdf_download(client, lands):
    html = client.get(reverse("public:handbook", kwargs={"pk": lands.pk})).content.decode()
    assert f'href="{reverse("public:handbook_pdf", kwargs={"pk": lands.pk})}"' in html
    assert "ดาวน์โหลด PDF" in html
    old = client.get(reverse("public:version", kwargs={"pk": lands.pk, "number": 1})).content.decode()
    assert f'href="{reverse("public:version_pdf", kwargs={"pk": lands.pk, "number": 1})}"' in old


def test_the_officials_version_page_links_the_same_pdf_while_the_handbook_is_public(lands, approver, login):
    client = login(approver)
    url = reverse("approvals:version", kwargs={"pk": lands.pk, "number": 1})
    pdf_link = f'href="{reverse("public:version_pdf", kwargs={"pk": lands.pk, "number": 1})}"'
    assert pdf_link in client.get(url).content.decode()
    lands.unpublish(approver, "ยกเลิกกระบวนงาน")
    assert pdf_link not in client.get(url).content.decode()  # the public PDF is 404 now


def test_no_heading_is_the_last_line_of_a_pdf_page(author, approver):
    """Each heading goes to the next page with what follows it. The handbook is printed with 0 to 7 more laws in
    section 5, which moves every later heading down line by line until each has met a page's foot."""
    ends, pages_seen = [], 0
    for extra in range(8):
        laws = LAWS + [f"กฎกระทรวงฉบับที่ {n} (พ.ศ. 2541) ออกตามความในประมวลกฎหมายที่ดิน" for n in range(1, extra + 1)]
        name = f"จดทะเบียนโอนอสังหาริมทรัพย์ แบบที่ {extra} [N]"
        version = published_lands_handbook(author, approver, laws=laws, name=name).live_version
        pages = pdf_tools.pages_text(pdf.render_pdf(version, "http://testserver"))
        pages_seen += len(pages)
        headings = pdf_tools.printed_headings(version.snapshot)
        ends += [(extra, *end) for end in pdf_tools.headings_ending_a_page(pages, headings)]
    assert pages_seen >= 8 * 4
    assert not ends, ends


def test_two_first_requests_at_once_both_get_the_same_complete_pdf(lands, media):
    """Both render (neither found the file), both put a whole file in place: the stored PDF is complete, and no
    temporary file is left behind."""
    version = lands.live_version
    version.snapshot  # noqa: B018 (read before the threads: they touch no database)
    start = threading.Barrier(2)
    names: list[str] = []

    def first_request():
        start.wait()
        names.append(pdf.stored_pdf(version, "http://testserver"))

    threads = [threading.Thread(target=first_request) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    name = pdf.stored_name(version)
    assert names == [name, name]
    data = (media / name).read_bytes()
    assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
    assert pdf_tools.squeezed(PROCEDURE) in pdf_tools.squeezed(pdf_tools.text(data))
    assert sorted(path.name for path in (media / name).parent.iterdir()) == [name.rsplit("/", 1)[-1]]


def test_the_pdf_reads_static_files_from_disk_and_nothing_else():
    """No network and no request to this site: a stylesheet, a font or an image comes from the static folder."""
    folder = pdf._static_folder()
    fetch = pdf._static_fetcher(folder)
    assert b"@page" in fetch((folder / "css/print.css").as_uri()).read()
    for url in ("http://127.0.0.1:8000/static/css/print.css", "https://example.com/font.ttf", "file:///etc/passwd"):
        with pytest.raises(ValueError):
            fetch(url)


def test_pdf_is_tagged_for_screen_readers_and_reads_its_sections_in_order(client, lands):
    """Issue 17: PDF/UA-1 (tagged: a structure tree a screen reader follows), and its text copies out in reading
    order: the 19 section headings come out of pdftotext one after another, 1 to 19."""
    data = _get_pdf(client, lands)
    assert re.search(r"^Tagged:\s+yes$", pdf_tools.info(data), re.M)
    text = pdf_tools.squeezed(pdf_tools.text(data))
    positions = [text.find(pdf_tools.squeezed(f"{s.number}. {s.heading}")) for s in SECTIONS]
    assert -1 not in positions and positions == sorted(positions)
