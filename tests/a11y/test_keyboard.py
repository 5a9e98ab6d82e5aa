"""Issue 17: keyboard only. An author signs in, creates a procedure (the owner chosen in the agency combobox with the
arrow keys, a law added from the search), then completes a handbook — its agency chosen the same way, a fee row added,
moved and named by its buttons — saves it and asks for approval, with Tab, Shift+Tab, typing, arrows, Enter and Space
only. Every control reached shows a focus ring; the first Tab on a page is the skip link "ข้ามไปยังเนื้อหาหลัก".
(The handbook's other sections come from the Department of Lands handbook of the demo: typing 22 documents by
keyboard would prove nothing more.)
"""

from __future__ import annotations

import re

import pytest

from handbooks.models import Handbook
from handbooks.workflow import Status
from portal.models import User
from procedures.models import Procedure
from tests.a11y.pages import PASSWORD
from tests.e2e.conftest import watch
from tests.handbooks.lands import lands_handbook

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

NAME = "การขอรับรองสำเนาเอกสารด้วยแป้นพิมพ์ทดสอบ [N]"
FOCUS_RING = """() => { const s = getComputedStyle(document.activeElement);
    return s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2 || s.boxShadow !== 'none'; }"""


def tab_to(page, selector: str, presses: int = 400, back: bool = False) -> None:
    """Press Tab (Shift+Tab) until the focus is on `selector`; every stop on the way must show a focus ring."""
    for _ in range(presses):
        page.keyboard.press("Shift+Tab" if back else "Tab")
        here = page.evaluate("s => document.activeElement.matches(s)", selector)
        if here:
            assert page.evaluate(FOCUS_RING), f"no visible focus on {selector}"
            return
    raise AssertionError(f"Tab never reached {selector}")


def pick_agency(page, input_selector: str, typed: str, name: str) -> None:
    """Type into the agency combobox, go down the list with the arrow keys to `name`, choose it with Enter."""
    box = page.locator(input_selector)
    assert box.get_attribute("role") == "combobox"
    page.keyboard.type(typed)
    page.locator(f"{input_selector} ~ [aria-live] [role=option]").first.wait_for()
    assert box.get_attribute("aria-expanded") == "true"
    for _ in range(25):
        page.keyboard.press("ArrowDown")
        active = box.get_attribute("aria-activedescendant")
        option = page.locator(f"#{active}")
        assert option.get_attribute("aria-selected") == "true"
        if option.inner_text().startswith(name):
            break
    else:
        raise AssertionError(f"{name} not offered")
    page.keyboard.press("Enter")
    assert box.input_value() == name and box.get_attribute("aria-expanded") == "false"


def test_an_author_creates_a_procedure_and_submits_a_handbook_with_the_keyboard_alone(page, live_server, demo):
    problems = watch(page)
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    skip = page.locator(":focus")
    assert skip.inner_text() == "ข้ามไปยังเนื้อหาหลัก" and skip.bounding_box()["height"] > 0
    assert page.evaluate(FOCUS_RING)
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    tab_to(page, "a[href$='/accounts/login/']", back=True)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*/accounts/login/$"))
    assert page.evaluate("document.activeElement.id") == "id_username"  # the sign-in page's autofocus
    page.keyboard.type("author")
    tab_to(page, "#id_password")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*/dashboard/$"))

    # The procedure (P1–P9): owner from the combobox, a law from the registry's search, radios with the arrows.
    page.goto(live_server.url + "/procedures/new/")
    tab_to(page, "#id_name")
    page.keyboard.type(NAME)
    tab_to(page, "#id_agency_search")
    pick_agency(page, "#id_agency_search", "พัฒนาธุรกิจ", "กรมพัฒนาธุรกิจการค้า")
    tab_to(page, "input[name=scope]")
    page.keyboard.press("Space")
    tab_to(page, "input[name=linkage]")
    page.keyboard.press("Space")
    tab_to(page, "#id_category")
    page.keyboard.press("ArrowDown")
    tab_to(page, "#id_law_search")
    page.keyboard.type("ทะเบียนพาณิชย์")
    page.locator("#law-search-results [data-law-add]").first.wait_for()
    tab_to(page, "#law-search-results [data-law-add]")
    page.keyboard.press("Enter")
    page.locator("#law-list li").first.wait_for()
    tab_to(page, "input[name=impact]")
    page.keyboard.press("Space")
    tab_to(page, "#id_legal_time")
    page.keyboard.type("ไม่มี")
    tab_to(page, "#procedure-form button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    errors = page.locator(".invalid-feedback, .text-danger, .alert-danger").all_inner_texts()
    assert re.search(r"/procedures/\d+/$", page.url), errors
    procedure = Procedure.objects.get(name=NAME)
    assert procedure.agency.name == "กรมพัฒนาธุรกิจการค้า" and procedure.laws.count() == 1

    # The handbook: the rest of its sections as the Lands handbook's, then the agency and a fee by keyboard.
    author = User.objects.get(username="author")
    handbook = lands_handbook(author, name=NAME)
    page.goto(live_server.url + f"/handbooks/{handbook.pk}/edit/")
    tab_to(page, "#id_agency_search")
    page.keyboard.press("Control+a")
    pick_agency(page, "#id_agency_search", "ทะเบียนธุรกิจ", "กองทะเบียนธุรกิจ")
    tab_to(page, "[data-formset=fees] [data-row-add]")
    page.keyboard.press("Enter")  # the new row's first field takes the focus
    fees = page.locator("[data-formset=fees] [data-rows] > [data-row]:not(.d-none)")
    count = fees.count()
    assert page.evaluate("document.activeElement.name").startswith(f"fees-{count - 1}-")
    if page.evaluate("document.activeElement.name") != f"fees-{count - 1}-description":
        tab_to(page, f"[name=fees-{count - 1}-description]")
    page.keyboard.type("ค่าคัดสำเนาด้วยแป้นพิมพ์")
    tab_to(page, f"[name=fees-{count - 1}-amount]")
    page.keyboard.type("20")
    # Its "move up" button names the row, and the name follows the row.
    tab_to(page, f"[data-row]:has([name=fees-{count - 1}-amount]) [data-row-up]", back=True)
    assert page.locator(":focus").get_attribute("aria-label") == f"เลื่อนขึ้น ค่าธรรมเนียมที่ {count}"
    page.keyboard.press("Space")
    assert page.locator(":focus").get_attribute("aria-label") == f"เลื่อนขึ้น ค่าธรรมเนียมที่ {count - 1}"
    tab_to(page, "button[name=save]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.get_by_text("บันทึกข้อมูลคู่มือประชาชนเรียบร้อยแล้ว").wait_for()
    handbook.refresh_from_db()
    assert handbook.agency.name == "กองทะเบียนธุรกิจ"
    assert "ค่าคัดสำเนาด้วยแป้นพิมพ์" in [fee.description for fee in handbook.fees.all()]

    assert page.locator("[data-submit-button]").count() == 1, page.locator("#unmet-rules").inner_text()
    tab_to(page, "[data-submit-button]", back=True)  # the action bar ends the page
    with page.expect_navigation():
        page.keyboard.press("Enter")
    handbook = Handbook.objects.get(pk=handbook.pk)
    assert handbook.status == Status.PENDING
    assert not problems, "\n".join(problems)
