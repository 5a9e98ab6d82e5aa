"""H5's note in Chromium: the wording hint "สำเนาทะเบียนบ้าน" appears beside the document while the name is typed,
goes when the wording is used, and never stops the save (CSP violations and JavaScript errors fail the test)."""

import pytest

from handbooks.models import Document
from tests.e2e.conftest import (  # noqa: F401  (fixtures)
    browser_context_args,
    browser_type_launch_args,
    problems,
    sign_in,
)
from tests.factories import PASSWORD, HandbookFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# The slide: "หมายเหตุ 1. หากต้องการขอทะเบียนบ้านใช้คำว่า “สำเนาทะเบียนบ้าน”".
HINT = "หากต้องการขอทะเบียนบ้าน คู่มือใช้คำว่า “สำเนาทะเบียนบ้าน”"


def test_H5_house_registration_hint_follows_the_typed_name_and_the_save_goes_through(
    page,  # noqa: F811
    live_server,
    author,
    problems,  # noqa: F811
):
    handbook = HandbookFactory(agency=author.agency, author=author)
    sign_in(page, live_server, "author", PASSWORD)
    page.goto(f"{live_server.url}/handbooks/{handbook.pk}/edit/")
    name = page.locator("#id_documents-0-name")
    cell = page.locator("[data-field=name]", has=name)
    name.fill("ทะเบียนบ้านฉบับเจ้าบ้าน (ท.ร.14)")
    assert cell.get_by_text(HINT).is_visible()
    name.fill("สำเนาทะเบียนบ้าน")
    assert not cell.get_by_text(HINT).is_visible()
    name.fill("ทะเบียนบ้านฉบับเจ้าบ้าน (ท.ร.14)")
    page.get_by_role("button", name="บันทึกข้อมูลคู่มือประชาชน").click()
    page.get_by_text("บันทึกข้อมูลคู่มือประชาชนเรียบร้อยแล้ว").wait_for()
    assert Document.objects.get(handbook=handbook).name == "ทะเบียนบ้านฉบับเจ้าบ้าน (ท.ร.14)"
    # After the save the server shows the same hint once (the script takes it over instead of adding another).
    assert cell.get_by_text(HINT).count() == 1 and cell.get_by_text(HINT).is_visible()
    name.fill("สำเนาทะเบียนบ้าน")
    assert cell.get_by_text(HINT).count() == 1 and not cell.get_by_text(HINT).is_visible()
