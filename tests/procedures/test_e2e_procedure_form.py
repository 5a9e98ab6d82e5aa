"""The procedure form in Chromium: owner-agency picker (P1), law search, create-inside-the-form (P6), law order (P5).

Runs with the browser fixtures of tests/e2e (CSP violations and JavaScript errors fail the test).
"""

import pytest

from procedures.models import Procedure
from tests.e2e.conftest import (  # noqa: F401  (fixtures)
    browser_context_args,
    browser_type_launch_args,
    problems,
    shot,
    sign_in,
)
from tests.factories import PASSWORD, LawFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("service_areas")]


@pytest.fixture
def service_areas(db):
    """Transactional tests flush the rows that the data migration seeded: put the service areas back."""
    from importlib import import_module

    from procedures.models import ServiceArea

    for code, name, position in import_module("procedures.migrations.0002_seed_service_areas").AREAS:
        ServiceArea.objects.update_or_create(code=code, defaults={"name": name, "position": position})


def test_P6_official_creates_a_law_inside_the_procedure_form_and_saves(page, live_server, author, problems, shot):  # noqa: F811
    LawFactory(title="พระราชบัญญัติทะเบียนพาณิชย์ พ.ศ. 2499", year_be=2499)
    sign_in(page, live_server, "author", PASSWORD)
    page.goto(f"{live_server.url}/procedures/")
    page.get_by_role("link", name="สร้าง", exact=True).click()  # P2
    page.get_by_label("ชื่อกระบวนงาน").fill("การขออนุญาตก่อสร้างอาคารทดสอบ [N]")

    page.get_by_label("หน่วยงานเจ้าของกระบวนงาน").fill("พัฒนาธุรกิจ")
    page.get_by_role("option", name="กรมพัฒนาธุรกิจการค้า").click()

    search = page.get_by_label("ค้นหากฎหมายในระบบ")
    search.fill("ควบคุมอาคาร")
    page.get_by_text("ไม่พบกฎหมายจากการค้นหาในระบบ กรุณาสร้างกฎหมายที่เกี่ยวข้อง").wait_for()
    page.locator("#id_law-title").fill("พระราชบัญญัติควบคุมอาคาร พ.ศ. 2522")
    page.locator("#id_law-kind").select_option("act")
    page.get_by_role("button", name="สร้างกฎหมายและเพิ่มในรายการ").click()
    page.locator("#law-list li", has_text="พระราชบัญญัติควบคุมอาคาร พ.ศ. 2522").wait_for()

    search.fill("ทะเบียนพาณิชย์")
    page.get_by_role("button", name="เพิ่ม", exact=True).click()
    page.locator("#law-list li", has_text="ทะเบียนพาณิชย์").wait_for()
    page.locator("#law-list li", has_text="ทะเบียนพาณิชย์").get_by_role("button", name="เลื่อนขึ้น").click()

    page.get_by_label("ระยะเวลาที่กำหนดตามกฎหมาย / ข้อกำหนด ฯลฯ").fill("ไม่มี")
    page.get_by_label("หมวดหมู่ของงานบริการ").select_option("permit")
    shot(page, "form")
    page.get_by_role("button", name="บันทึก", exact=True).click()
    page.wait_for_url(f"{live_server.url}/procedures/*/")

    procedure = Procedure.objects.get()
    assert procedure.agency.name == "กรมพัฒนาธุรกิจการค้า"
    assert [law.title for law in procedure.laws.order_by("procedure_links__position")] == [
        "พระราชบัญญัติทะเบียนพาณิชย์ พ.ศ. 2499",
        "พระราชบัญญัติควบคุมอาคาร พ.ศ. 2522",
    ]
    assert page.get_by_role("heading", name="การขออนุญาตก่อสร้างอาคารทดสอบ [N]").first.is_visible()


def test_form_keeps_the_chosen_laws_after_an_error_in_the_browser(page, live_server, author, problems):  # noqa: F811
    LawFactory(title="พระราชบัญญัติโรงงาน พ.ศ. 2535")
    sign_in(page, live_server, "author", PASSWORD)
    page.goto(f"{live_server.url}/procedures/new/")
    page.get_by_label("ชื่อกระบวนงาน").fill("ชื่อที่ไม่ลงท้ายด้วยเอ็น")
    page.get_by_label("ค้นหากฎหมายในระบบ").fill("โรงงาน")
    page.get_by_role("button", name="เพิ่ม", exact=True).click()
    page.get_by_role("button", name="บันทึก", exact=True).click()
    page.get_by_text("ชื่อกระบวนงานต้องลงท้ายด้วย [N]").first.wait_for()
    assert page.locator("#law-list li", has_text="พระราชบัญญัติโรงงาน พ.ศ. 2535").is_visible()
    assert page.get_by_label("ชื่อกระบวนงาน").input_value() == "ชื่อที่ไม่ลงท้ายด้วยเอ็น"
    assert not Procedure.objects.exists()


def test_P7_official_refreshes_a_law_beside_it_on_the_form_and_keeps_what_was_typed(
    page,
    live_server,
    author,
    problems,  # noqa: F811
):
    """The slide among the procedure's screens: "กดปรับปรุงข้อมูล เพื่อแสดงถึงการ update ข้อมูลกฎหมาย". The law is
    searched under its short name (P6) and added; the press answers in place, the typed name stays."""
    from laws.models import Law

    law = LawFactory(title="พระราชบัญญัติทะเบียนพาณิชย์ พ.ศ. 2499", year_be=2499)
    sign_in(page, live_server, "author", PASSWORD)
    page.goto(f"{live_server.url}/procedures/new/")
    page.get_by_label("ชื่อกระบวนงาน").fill("การจดทะเบียนพาณิชย์ทดสอบ [N]")
    page.get_by_label("ค้นหากฎหมายในระบบ").fill("พ.ร.บ.ทะเบียนพาณิชย์")
    page.get_by_role("button", name="เพิ่ม", exact=True).click()
    item = page.locator("#law-list li", has_text="ทะเบียนพาณิชย์")
    item.get_by_role("button", name="ปรับปรุงข้อมูล พระราชบัญญัติทะเบียนพาณิชย์ พ.ศ. 2499").click()
    item.get_by_text("บันทึกการปรับปรุงข้อมูลแล้ว").wait_for()
    law.refresh_from_db()
    assert law.refreshed_by == author and Law.objects.count() == 1
    assert page.get_by_label("ชื่อกระบวนงาน").input_value() == "การจดทะเบียนพาณิชย์ทดสอบ [N]"
    assert page.url == f"{live_server.url}/procedures/new/"
