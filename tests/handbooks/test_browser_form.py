"""The one-page form in Chromium: rows added, moved and removed by static/js/handbooks.js survive a re-render."""

import re

import pytest

from handbooks.models import Handbook
from tests.e2e.conftest import (  # noqa: F401 - fixtures shared with the e2e folder
    browser_context_args,
    browser_type_launch_args,
    problems,
    shot,
    sign_in,
)
from tests.factories import PASSWORD, HandbookFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_rows_added_moved_and_removed_in_the_browser_survive_an_error(page, live_server, author, problems, shot):  # noqa: F811
    handbook = HandbookFactory(agency=author.agency, author=author, rows=2)
    sign_in(page, live_server, "author", PASSWORD)
    page.goto(f"{live_server.url}/handbooks/{handbook.pk}/edit/")
    fees = page.locator("[data-formset=fees]")
    fees.get_by_role("button", name="+ เพิ่มค่าธรรมเนียม").click()
    new_row = fees.locator("[data-rows] > [data-row]").nth(2)
    new_row.locator("input[name$='-description']").fill("ค่าธรรมเนียมที่เพิ่มในเบราว์เซอร์")
    new_row.locator("input[name$='-amount']").fill("20")
    rows = fees.locator("[data-rows] > [data-row]")  # positional: re-evaluated after every move
    rows.nth(2).get_by_role("button", name="เลื่อนขึ้น").click()
    rows.nth(1).get_by_role("button", name="เลื่อนขึ้น").click()  # the new row is now first
    assert rows.nth(0).locator("input[name$='-description']").input_value() == "ค่าธรรมเนียมที่เพิ่มในเบราว์เซอร์"
    rows.nth(2).get_by_role("button", name="ลบแถว").click()  # "ค่าคำขอ 1"
    # The standard deficiency note goes into the criteria with one click.
    page.get_by_role("button", name="แทรกหมายเหตุมาตรฐานเรื่องบันทึกความบกพร่อง").click()
    assert "บันทึกความบกพร่อง" in page.locator("#id_criteria").input_value()
    page.locator("#id_total_time_value").fill("")
    page.evaluate("document.getElementById('id_total_time_value').type = 'text'")
    page.locator("#id_total_time_value").fill("สามสิบ")
    page.get_by_role("button", name="บันทึกข้อมูลคู่มือประชาชน").click()
    page.wait_for_load_state()
    assert page.locator("#id_total_time_value_error").get_by_text("กรุณากรอกเป็นจำนวนเต็ม").is_visible()
    # The error summary at the top has the focus, and its link takes the official to the field (issue 17).
    summary = page.locator("[data-error-summary]")
    assert summary.evaluate("element => element === document.activeElement")
    summary.get_by_role("link", name=re.compile("ระยะเวลาดำเนินการรวม")).click()
    assert page.evaluate("document.activeElement.id") == "id_total_time_value"
    visible = fees.locator("[data-rows] > [data-row]:not(.d-none) input[name$='-description']")
    assert [visible.nth(i).input_value() for i in range(visible.count())] == [
        "ค่าธรรมเนียมที่เพิ่มในเบราว์เซอร์",
        "ค่าคำขอ 0",
    ]
    shot(page, "re-rendered")
    page.locator("#id_total_time_value").fill("60")
    page.get_by_role("button", name="บันทึกข้อมูลคู่มือประชาชน").click()
    page.wait_for_load_state()
    assert page.get_by_text("บันทึกข้อมูลคู่มือประชาชนเรียบร้อยแล้ว").is_visible()
    saved = Handbook.objects.get(pk=handbook.pk)
    assert list(saved.fees.values_list("description", flat=True)) == ["ค่าธรรมเนียมที่เพิ่มในเบราว์เซอร์", "ค่าคำขอ 0"]
    assert "บันทึกความบกพร่อง" in saved.criteria and saved.total_time_value == 60


def test_the_agency_picker_searches_and_chooses_a_division(page, live_server, author, agency_a_child, problems):  # noqa: F811
    handbook = HandbookFactory(agency=author.agency, author=author, rows=1)
    sign_in(page, live_server, "author", PASSWORD)
    page.goto(f"{live_server.url}/handbooks/{handbook.pk}/edit/")
    box = page.get_by_label("หน่วยงานที่รับผิดชอบ (ที่ให้บริการตามคู่มือนี้)")
    assert box.input_value() == "กรมพัฒนาธุรกิจการค้า"
    box.fill("ทะเบียน")
    box.press("Enter")  # searches; never submits the whole form
    page.get_by_role("option", name="กองทะเบียนธุรกิจ").click()
    assert box.input_value() == "กองทะเบียนธุรกิจ"
    assert page.locator("#id_agency").input_value() == str(agency_a_child.pk)
    page.get_by_role("button", name="บันทึกข้อมูลคู่มือประชาชน").click()
    page.wait_for_load_state()
    assert page.get_by_text("บันทึกข้อมูลคู่มือประชาชนเรียบร้อยแล้ว").is_visible()
    assert Handbook.objects.get(pk=handbook.pk).agency == agency_a_child
