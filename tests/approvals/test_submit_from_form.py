"""Submit from the form (issue 12). The manual: "หลังจากกดบันทึกข้อมูลคู่มือประชาชนเรียบร้อยแล้ว ให้ “กดขออนุมัติเผยแพร่”
เพื่อให้ผู้อนุมัติทำการอนุมัติต่อไป" — so the same page offers ขออนุมัติเผยแพร่ beside the save button once what is
saved meets every rule, posting to approvals:submit. The banner after approval names the handbook and links its
public page."""

import html
import re

import pytest
from django.urls import reverse

from handbooks.models import Handbook, ServiceChannel
from tests.approvals.helpers import in_state, make_handbook, pending
from tests.conftest import PERSONAS
from tests.handbooks.helpers import form_data

pytestmark = pytest.mark.django_db

SUBMIT_FORM = re.compile(r'<form method="post" action="([^"]+)"[^>]*data-submit-form>(.*?)</form>', re.S)


def _edit_page(client, handbook) -> str:
    response = client.get(reverse("handbooks:update", args=[handbook.pk]))
    assert response.status_code == 200
    return response.content.decode()


def _action_bar(page: str) -> str:
    return re.search(r"<div class=\"hb-actions[^\"]*\" data-form-actions>(.*?)\n</div>", page, re.S).group(1)


def test_after_a_save_that_leaves_nothing_unmet_the_action_bar_offers_both_buttons(author, login):
    handbook = make_handbook(author)
    client = login(author)
    response = client.post(reverse("handbooks:update", args=[handbook.pk]), form_data(handbook, author))
    assert response.status_code == 302 and response["Location"] == reverse("handbooks:update", args=[handbook.pk])

    bar = _action_bar(_edit_page(client, handbook))

    assert ">บันทึกข้อมูลคู่มือประชาชน</button>" in bar and 'form="handbook-form"' in bar
    action, inner = SUBMIT_FORM.search(bar).groups()
    assert action == reverse("approvals:submit", args=[handbook.pk])
    assert 'name="csrfmiddlewaretoken"' in inner  # a <form> of its own, with its own token
    assert 'name="change_note"' in inner and 'id="id_change_note_form"' in inner
    assert re.search(r"<button type=\"submit\" class=\"btn btn-success\" data-submit-button aria-describedby=", inner)
    assert ">ขออนุมัติเผยแพร่</button>" in inner
    assert '<span class="small text-danger d-none" id="submit-hint"' in inner  # hidden until a field changes


def test_the_submit_button_of_the_form_page_submits_the_saved_handbook(author, login):
    handbook = make_handbook(author)
    client = login(author)
    action, inner = SUBMIT_FORM.search(_edit_page(client, handbook)).groups()
    data = dict(re.findall(r'name="(csrfmiddlewaretoken|change_note)" [^>]*value="([^"]*)"', inner))
    data["change_note"] = "ฉบับแรกของกรมที่ดิน"

    response = client.post(action, data)

    assert response.status_code == 302 and response["Location"] == reverse("handbooks:detail", args=[handbook.pk])
    handbook.refresh_from_db()
    assert (handbook.status, handbook.submitted_by, handbook.change_note) == ("pending", author, "ฉบับแรกของกรมที่ดิน")
    assert "ส่งคำขออนุมัติเผยแพร่แล้ว" in client.get(response["Location"]).content.decode()


def test_while_a_rule_is_unmet_the_form_offers_only_the_save_button(author, login):
    handbook = make_handbook(author)
    ServiceChannel.objects.filter(handbook=handbook).delete()  # H1: no service channel yet
    page = _edit_page(login(author), handbook)
    assert "สิ่งที่ยังต้องกรอกก่อนขออนุมัติเผยแพร่" in page
    assert reverse("approvals:submit", args=[handbook.pk]) not in page and "data-submit-button" not in page
    assert ">บันทึกข้อมูลคู่มือประชาชน</button>" in _action_bar(page)


def test_a_form_sent_back_with_an_error_shows_the_submit_button_disabled_with_its_hint(author, login):
    """What the page shows then is not what is saved: submitting would publish the saved handbook silently."""
    handbook = make_handbook(author)
    data = form_data(handbook, author)
    data["total_time_value"] = "สามสิบ"
    page = login(author).post(reverse("handbooks:update", args=[handbook.pk]), data).content.decode()
    _action, inner = SUBMIT_FORM.search(page).groups()
    assert re.search(r"<button [^>]*data-submit-button disabled", inner)
    hint = "ท่านแก้ไขข้อมูลที่ยังไม่ได้บันทึก กรุณากด “บันทึกข้อมูลคู่มือประชาชน” ก่อนขออนุมัติเผยแพร่"
    assert f'<span class="small text-danger" id="submit-hint" role="status" data-submit-hint>{hint}</span>' in inner


def test_a_new_handbook_offers_no_submit_until_it_is_saved(author, login):
    handbook = make_handbook(author)
    page = login(author).get(reverse("handbooks:create", args=[handbook.procedure_id])).content.decode()
    assert "data-submit-form" not in page and ">บันทึกข้อมูลคู่มือประชาชน</button>" in page


SIGNED_IN = [p for p in PERSONAS if p != "anonymous"]


@pytest.mark.parametrize("persona", SIGNED_IN)
@pytest.mark.parametrize("state", ["draft", "returned", "revision", "published"])
def test_the_forms_submit_button_is_shown_exactly_to_those_the_submit_view_serves(
    state, persona, persona_client, author, approver
):
    handbook = in_state(state, author, approver)
    user, client = persona_client(persona)
    response = client.get(reverse("handbooks:update", args=[handbook.pk]))
    shown = response.status_code == 200 and "data-submit-form" in response.content.decode()
    handbook = Handbook.objects.select_related("agency").get(pk=handbook.pk)
    assert shown == (response.status_code == 200 and handbook.permissions_for(user)["submit"]), (state, persona)
    client.post(reverse("approvals:submit", args=[handbook.pk]), {"change_note": ""})
    served = Handbook.objects.get(pk=handbook.pk).status == "pending"
    assert shown == served, (state, persona)


# ----- the banner after approval -----


def test_the_banner_after_approval_names_the_handbook_and_links_its_public_page(author, approver, login):
    handbook = pending(author)
    Handbook.objects.filter(pk=handbook.pk).update(reference_name='การขอรับ <b>"โฉนด"</b> & ใบแทน ① ผู้จัดทำ')
    client = login(approver)

    response = client.post(reverse("approvals:approve", args=[handbook.pk]), {"comment": ""}, follow=True)

    page = response.content.decode()
    name = html.escape('การขอรับ <b>"โฉนด"</b> & ใบแทน ① ผู้จัดทำ')
    public = reverse("public:handbook", args=[handbook.pk])
    assert f'อนุมัติเผยแพร่แล้ว: “{name}” (ฉบับที่ 1) — <a href="{public}">เปิดหน้าคู่มือสำหรับประชาชน</a>' in page
    assert "<b>" not in page.split('role="alert"')[1].split("</div>")[0]  # the name is text, never markup
    assert login(None).get(public).status_code == 200
