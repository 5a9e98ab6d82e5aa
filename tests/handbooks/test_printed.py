"""The handbook page in the printed layout: every section heading 1–19, the real phrases, a fixed query count."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import strip_tags

from handbooks.models import Handbook
from handbooks.snapshot import build_snapshot, handbook_queryset
from tests.factories import HandbookFactory

pytestmark = pytest.mark.django_db

HEADINGS = [
    "ชื่อกระบวนงาน",
    "หน่วยงานเจ้าของกระบวนงาน",
    "ประเภทของงานบริการ",
    "หมวดหมู่ของงานบริการ",
    "กฎหมายที่ให้อำนาจการอนุญาต หรือที่เกี่ยวข้อง",
    "ระดับผลกระทบ",
    "พื้นที่ให้บริการ",
    "กฎหมายข้อบังคับ/ข้อตกลงที่กำหนดระยะเวลา",
    "ข้อมูลสถิติ",
    "ชื่ออ้างอิงของคู่มือประชาชน",
    "ช่องทางการให้บริการ",
    "หลักเกณฑ์ วิธีการ เงื่อนไข(ถ้ามี) ในการยื่นคำขอ และในการพิจารณาอนุญาต",
    "ขั้นตอน ระยะเวลา และส่วนงานที่รับผิดชอบ",
    "งานบริการนี้ผ่านการดำเนินการลดขั้นตอน และระยะเวลาปฏิบัติราชการมาแล้ว",
    "รายการเอกสาร หลักฐานประกอบการยื่นคำขอ",
    "ค่าธรรมเนียม",
    "ช่องทางการร้องเรียน",
    "ตัวอย่างแบบฟอร์ม ตัวอย่าง และคู่มือการกรอก",
    "หมายเหตุ",
]


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", strip_tags(html))


def test_printed_page_has_every_section_heading_in_order(author, login):
    handbook = HandbookFactory(agency=author.agency, author=author)
    for name in ("handbooks:detail", "handbooks:print"):
        html = login(author).get(reverse(name, args=[handbook.pk])).content.decode()
        headings = re.findall(r'<h2 class="section"><span class="section-no">(\d+)\.</span>([^<]+)</h2>', html)
        assert headings == [(str(i), h) for i, h in enumerate(HEADINGS, start=1)], name
        text = _text(html)
        assert f"คู่มือสำหรับประชาชน: {handbook.procedure.name}" in text
        assert "หน่วยงานที่รับผิดชอบ: กรมพัฒนาธุรกิจการค้า" in text


def test_printed_page_prints_the_real_phrases(author, login):
    handbook = HandbookFactory(agency=author.agency, author=author)
    html = login(author).get(reverse("handbooks:detail", args=[handbook.pk])).content.decode()
    text = _text(html)
    assert "เปิดให้บริการวัน จันทร์ ถึง วัน ศุกร์ (ยกเว้นวันหยุดที่ทางราชการกำหนด) ตั้งแต่เวลา 08:30 - 16:30 น. (มีพักเที่ยง)" in text
    assert "15.2) เอกสารอื่น ๆ สำหรับยื่นเพิ่มเติม" in text
    row = re.search(r"<tr><td[^>]*>1</td><td[^>]*>เอกสารประกอบ 0</td>(.*?)</tr>", html).group(1)
    assert re.findall(r">([^<]*)</td>", row) == ["-", "1", "0", "ฉบับ", "-"]  # issuer, originals, copies, unit, note
    assert "ระยะเวลาดำเนินการรวม 30 นาที" in text
    assert "ยังไม่ผ่านการดำเนินการลดขั้นตอน" in text
    assert "เอกสารอื่น ๆ สำหรับยื่นเพิ่มเติม" in text


def test_empty_lists_are_stated_never_blank(author, login):
    handbook = HandbookFactory(agency=author.agency, author=author, rows=0)
    text = _text(login(author).get(reverse("handbooks:detail", args=[handbook.pk])).content.decode())
    for phrase in (
        "ไม่มีข้อมูลช่องทางการให้บริการ",
        "ไม่มีข้อมูลขั้นตอน",
        "ไม่มีข้อมูลเอกสาร หลักฐานประกอบ",
        "ไม่มีข้อมูลค่าธรรมเนียม",
        "ไม่มีข้อมูลช่องทางการร้องเรียน",
        "ไม่มีข้อมูลตัวอย่างแบบฟอร์ม",
    ):
        assert phrase in text


def test_printed_include_renders_from_a_snapshot_alone(author):
    """The public and version pages render the same include from a stored snapshot, with no request."""
    handbook = HandbookFactory(agency=author.agency, author=author)
    snap = build_snapshot(handbook_queryset().get(pk=handbook.pk))
    Handbook.objects.all().delete()  # nothing left to read: the snapshot must be enough
    html = render_to_string("handbooks/includes/printed.html", {"snap": snap, "status_label": "เผยแพร่คู่มือแล้ว"})
    assert "สำนักงานทดสอบ 0" in html and "เผยแพร่คู่มือแล้ว" in html
    assert len(re.findall(r'<h2 class="section">', html)) == 19


def test_print_stylesheet_gives_a4_pages(author, login):
    handbook = HandbookFactory(agency=author.agency, author=author)
    html = login(author).get(reverse("handbooks:print", args=[handbook.pk])).content.decode()
    assert '<link rel="stylesheet" href="/static/css/print.css" media="print">' in html and "data-print" in html
    css = (Path(settings.BASE_DIR) / "static/css/print.css").read_text()
    assert "size: A4" in css and 'content: "หน้า " counter(page) " / " counter(pages)' in css


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("handbooks:detail", "handbook"),
        ("handbooks:print", "handbook"),
        ("approvals:version", "version"),
        ("approvals:review", "handbook"),
        ("public:handbook", "handbook"),
        ("public:version", "version"),
    ],
)
def test_every_page_showing_the_printed_layout_prints_with_print_css(name, args, author, approver, central, login):
    """The same paper rules (print.css) wherever the printed layout is shown, as the PDF has them."""
    from tests.approvals.helpers import pending, published

    handbook = pending(author) if name == "approvals:review" else published(author, approver)
    kwargs = {"pk": handbook.pk, "number": 1} if args == "version" else {"pk": handbook.pk}
    html = login(central).get(reverse(name, kwargs=kwargs)).content.decode()
    assert '<link rel="stylesheet" href="/static/css/print.css" media="print">' in html, name


@pytest.mark.parametrize("persona", ["author", "central"])
def test_handbook_page_query_count_is_the_same_with_1_and_20_rows(persona, author, central, login):
    user = {"author": author, "central": central}[persona]
    client = login(user)
    small = HandbookFactory(agency=author.agency, author=author, rows=1)
    big = HandbookFactory(agency=author.agency, author=author, rows=20)
    client.get(reverse("handbooks:detail", args=[small.pk]))  # warm the session and caches
    counts = []
    for handbook in (small, big):
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(reverse("handbooks:detail", args=[handbook.pk]))
        assert response.status_code == 200
        counts.append(len(ctx))
    assert counts[0] == counts[1], counts
    assert response.content.decode().count("สำนักงานทดสอบ") >= 20


# ----- as a real handbook prints (issue 12) -----


def _printed(handbook, **context) -> str:
    snap = build_snapshot(handbook_queryset().get(pk=handbook.pk))
    return render_to_string("handbooks/includes/printed.html", {"snap": snap, **context})


@pytest.mark.parametrize(
    ("amount", "unit", "printed"),
    [
        ("5", "baht", "5 บาท"),
        ("250000", "baht", "250,000 บาท"),
        ("12.50", "baht", "12.50 บาท"),
        ("2", "percent", "ร้อยละ 2"),
        ("0.5", "percent", "ร้อยละ 0.5"),
        ("100", "percent", "ร้อยละ 100"),
    ],
)
def test_fees_print_as_officials_write_them_while_the_snapshot_keeps_the_stored_decimal(author, amount, unit, printed):
    from decimal import Decimal

    from handbooks.models import Fee

    handbook = HandbookFactory(agency=author.agency, author=author, rows=0)
    Fee.objects.create(handbook=handbook, position=0, description="ค่าธรรมเนียม", amount=amount, unit=unit)
    snap = build_snapshot(handbook_queryset().get(pk=handbook.pk))
    assert snap["fees"][0]["amount"] == f"{Decimal(amount):.2f}"
    text = _text(_printed(handbook))
    assert f"ค่าธรรมเนียม {printed} หมายเหตุ -" in text
    assert ".00" not in text


def test_fee_amount_of_an_unreadable_value_is_printed_as_stored():
    from handbooks.templatetags.handbooks_tags import fee_amount

    assert fee_amount({"amount": "ตามอัตราที่กฎหมายกำหนด", "unit": "baht"}) == "ตามอัตราที่กฎหมายกำหนด"
    assert fee_amount({"amount": None, "unit": "baht"}) == ""


def test_laws_are_numbered_and_empty_notes_print_a_dash(author):
    from tests.factories import LawFactory, ProcedureFactory

    laws = [LawFactory(title="ประมวลกฎหมายที่ดิน พ.ศ. 2497"), LawFactory(title="พระราชบัญญัติทดสอบ พ.ศ. 2560")]
    procedure = ProcedureFactory(agency=author.agency, laws=laws)
    handbook = HandbookFactory(procedure=procedure, agency=author.agency, author=author)
    html = _printed(handbook)
    assert "<li>1) ประมวลกฎหมายที่ดิน พ.ศ. 2497</li><li>2) พระราชบัญญัติทดสอบ พ.ศ. 2560</li>" in html
    text = _text(html)
    assert "(มีพักเที่ยง) หมายเหตุ - " in text  # section 11
    assert "ค่าธรรมเนียม 5 บาท หมายเหตุ -" in text  # 16
    assert "ศูนย์รับเรื่องร้องเรียน 0 หมายเหตุ -" in text  # 17
    assert "https://example.go.th/form หมายเหตุ -" in text  # 18


def test_documents_print_as_the_real_table_under_15_1_and_15_2(author):
    from tests.handbooks.lands import DOCUMENTS, lands_handbook

    html = _printed(lands_handbook(author))
    table = r'<h3 class="subsection">([^<]+)</h3>\s*<table[^>]*printed-documents[^>]*>(.*?)</table>'
    tables = re.findall(table, html, re.S)
    assert [heading for heading, _table in tables] == [
        "15.1) เอกสารยืนยันตัวตนที่ออกโดยหน่วยงานภาครัฐ",
        "15.2) เอกสารอื่น ๆ สำหรับยื่นเพิ่มเติม",
    ]
    columns = [re.findall(r"<th[^>]*>([^<]*)</th>", table) for _heading, table in tables]
    labels = ["ที่", "รายการเอกสาร", "หน่วยงานภาครัฐผู้ออกเอกสาร", "จำนวนเอกสารฉบับจริง", "จำนวนเอกสารสำเนา"]
    assert columns == [[*labels, "หน่วยนับเอกสาร", "หมายเหตุ"]] * 2
    rows = [
        [_text(cell).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
        for _heading, table in tables
        for row in re.findall(r"<tr>(.*?)</tr>", table.split("<tbody>")[1], re.S)
    ]
    units = {"copy": "ฉบับ", "set": "ชุด", "sheet": "แผ่น", "book": "เล่ม"}
    identity = [d for d in DOCUMENTS if d[0] == "identity"]
    other = [d for d in DOCUMENTS if d[0] == "other"]
    expected = [
        [str(n), name, issued or "-", str(originals), str(copies), units[unit], note or "-"]
        for group in (identity, other)
        for n, (_g, name, issued, originals, copies, unit, note) in enumerate(group, start=1)
    ]
    assert rows == expected


def test_an_empty_document_group_is_stated(author):
    handbook = HandbookFactory(agency=author.agency, author=author)  # one document, in the "other" group
    text = _text(_printed(handbook))
    assert "15.1) เอกสารยืนยันตัวตนที่ออกโดยหน่วยงานภาครัฐ ไม่มีเอกสารในกลุ่มนี้ 15.2)" in text


def test_public_address_and_approval_date_print_only_when_given(author):
    from django.utils import timezone

    handbook = HandbookFactory(agency=author.agency, author=author)
    plain = _printed(handbook)
    assert "printed-qr" not in plain and "วันที่เผยแพร่" not in plain
    when = timezone.make_aware(timezone.datetime(2026, 3, 5, 10, 0))
    given = _printed(handbook, public_url="https://handbook.example.go.th/handbook/7/", approved_at=when)
    assert "อ่านคู่มือฉบับปัจจุบันได้ที่<br>" in given
    assert '<a class="printed-url" href="https://handbook.example.go.th/handbook/7/">' in given
    assert "วันที่เผยแพร่ 5 มีนาคม 2569" in _text(given)
