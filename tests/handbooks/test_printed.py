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
    text = _text(login(author).get(reverse("handbooks:detail", args=[handbook.pk])).content.decode())
    assert "เปิดให้บริการวัน จันทร์ ถึง วัน ศุกร์ (ยกเว้นวันหยุดที่ทางราชการกำหนด) ตั้งแต่เวลา 08:30 - 16:30 น. (มีพักเที่ยง)" in text
    assert "ฉบับจริง 1 ฉบับ" in text and "สำเนาเอกสาร 0 ฉบับ" in text
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
    assert "/static/css/handbooks.css" in html and "data-print" in html
    css = (Path(settings.BASE_DIR) / "static/css/handbooks.css").read_text()
    assert "@media print" in css and "size: A4" in css


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
