"""Issue 13 in Chromium: a ministry that publishes in two stages. The author asks for approval, the department's
approver agrees and forwards, a ก.พ.ร. approver finds it in the stage-2 queue and publishes it; the handbook page
shows who decided each stage, with Buddhist-Era dates."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from handbooks.models import Decision, Status
from tests.approvals.helpers import make_handbook, two_stages
from tests.e2e.conftest import (  # noqa: F401 - fixtures shared with the e2e folder
    browser_context_args,
    browser_type_launch_args,
    problems,
    service_areas,
    shot,
    sign_in,
)
from tests.factories import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("service_areas")]


def _sign_out(page):
    page.get_by_role("button", name="ออกจากระบบ").click()
    page.wait_for_url(re.compile(r".*/accounts/login/$"))


def test_two_approvers_publish_in_two_stages(page, live_server, author, approver, central, problems, shot):  # noqa: F811
    page.set_default_timeout(15_000)
    two_stages(author.agency)
    handbook = make_handbook(author)
    name = handbook.procedure.name

    sign_in(page, live_server, "author", PASSWORD)
    page.goto(f"{live_server.url}/handbooks/{handbook.pk}/")
    page.get_by_role("button", name="ขออนุมัติเผยแพร่").click()
    expect(page.get_by_text("ส่งคำขออนุมัติเผยแพร่แล้ว")).to_be_visible()
    _sign_out(page)

    # Stage 1: the department's approver agrees; the request goes on to ก.พ.ร.
    sign_in(page, live_server, "approver", PASSWORD)
    page.goto(f"{live_server.url}/approvals/")
    page.get_by_role("row").filter(has_text=name).get_by_role("link", name="พิจารณา").click()
    expect(page.get_by_role("button", name="อนุมัติเผยแพร่")).to_have_count(0)
    page.get_by_label("ความเห็นผู้อนุมัติ (ถ้ามี)").fill("ตรวจแล้ว ครบถ้วน")
    page.get_by_role("button", name="เห็นชอบและส่งต่อ").click()
    expect(page.get_by_text(re.compile("ส่งต่อไปยังสำนักงาน ก.พ.ร."))).to_be_visible()
    handbook.refresh_from_db()
    assert handbook.status == Status.PENDING_CENTRAL and handbook.live_version_id is None
    _sign_out(page)

    # Stage 2: ก.พ.ร. opens its own queue from the menu and publishes.
    sign_in(page, live_server, "central", PASSWORD)
    page.get_by_role("link", name="รออนุมัติ ขั้นที่ 2", exact=True).click()
    row = page.get_by_role("row").filter(has_text=name)
    expect(row.get_by_text(re.compile(f"ขั้นที่ 1 เห็นชอบโดย {approver.display_name}"))).to_be_visible()
    shot(page, "stage2-queue")
    row.get_by_role("link", name="พิจารณา").click()
    page.get_by_role("button", name="อนุมัติเผยแพร่").click()
    expect(page.get_by_text(re.compile("อนุมัติเผยแพร่แล้ว"))).to_be_visible()
    handbook.refresh_from_db()
    assert handbook.status == Status.PUBLISHED
    assert (handbook.live_version.endorsed_by, handbook.live_version.approved_by) == (approver, central)
    _sign_out(page)

    # The author sees who decided each stage, with the year in the Buddhist Era.
    sign_in(page, live_server, "author", PASSWORD)
    page.goto(f"{live_server.url}/handbooks/{handbook.pk}/")
    year_be = str(timezone.localdate().year + 543)
    stages = page.locator("[data-stages]")
    expect(stages.locator("[data-stage='1']")).to_contain_text(f"เห็นชอบโดย {approver.display_name}")
    expect(stages.locator("[data-stage='1']")).to_contain_text(year_be)
    expect(stages.locator("[data-stage='2']")).to_contain_text(f"อนุมัติเผยแพร่ โดย {central.display_name}")
    shot(page, "stages-on-handbook")
    assert list(Decision.objects.filter(handbook=handbook).values_list("stage", "decided_by__username")) == [
        (1, "approver"),
        (2, "central"),
    ]
