"""Officials outside a handbook's scope see and copy its live version only, exactly as the public does (issue 11,
defect 3): an author of กรมการค้าภายใน (agency B) never reads an unapproved revision of agency A's handbook —
not on its page, its print view, its uploaded file, or in a copy."""

import pytest
from django.urls import reverse

from handbooks.models import FormSample, Handbook
from tests.approvals.helpers import PDF, attach_form_file, published
from tests.handbooks.helpers import add_row, form_data

pytestmark = pytest.mark.django_db

LIVE_CRITERIA = "ผู้ขอต้องมีสัญชาติไทย"
UNAPPROVED = "ข้อความฉบับปรับปรุงที่ยังไม่ได้รับอนุมัติ"
NEW_PDF = PDF + b"% uploaded in the revision\n"


@pytest.fixture
def revised(author, approver, settings, tmp_path, login):
    """Agency A's published handbook whose revision (new criteria, a new step, a new uploaded form) is saved
    through the edit page but not approved."""
    settings.MEDIA_ROOT = tmp_path
    handbook = published(author, approver)
    data = form_data(handbook, author)
    data.update(criteria=UNAPPROVED, note=UNAPPROVED)
    add_row(data, "steps", kind="other", detail=UNAPPROVED, duration_value="1", duration_unit="minute", position="5")
    response = login(author).post(reverse("handbooks:update", args=[handbook.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    attach_form_file(handbook, NEW_PDF, position=7)
    handbook.refresh_from_db()
    assert handbook.status == "draft" and handbook.live_version.number == 1
    return handbook


@pytest.mark.parametrize("url_name", ["handbooks:detail", "handbooks:print"])
def test_outsider_reads_the_live_version_not_the_saved_revision(revised, outsider, author, login, url_name):
    html = login(outsider).get(reverse(url_name, args=[revised.pk])).content.decode()
    assert LIVE_CRITERIA in html and UNAPPROVED not in html
    assert "ฉบับที่ 1" in html or url_name == "handbooks:print"
    mine = login(author).get(reverse(url_name, args=[revised.pk])).content.decode()
    assert UNAPPROVED in mine  # the author's own agency reads the working copy


def test_outsider_gets_404_for_a_file_uploaded_in_the_revision(revised, outsider, author, login):
    sample = FormSample.objects.get(handbook=revised, file__gt="")
    url = reverse("handbooks:form_file", args=[sample.pk])
    assert login(outsider).get(url).status_code == 404
    assert b"".join(login(author).get(url).streaming_content) == NEW_PDF


def test_outsider_copies_the_live_version_not_the_saved_revision(revised, outsider, login):
    response = login(outsider).post(reverse("handbooks:copy", args=[revised.pk]))
    copy = Handbook.objects.exclude(pk=revised.pk).get()
    assert response.status_code == 302 and copy.agency == outsider.agency
    assert copy.criteria == LIVE_CRITERIA and UNAPPROVED not in copy.note
    assert not copy.steps.filter(detail=UNAPPROVED).exists()
    assert not copy.forms.exclude(file="").exists()
    live = revised.live_version.snapshot
    # Every row of the live version, field for field as it was published.
    assert [s.detail for s in copy.steps.all()] == [s["detail"] for s in live["steps"]]
    channel, published_channel = copy.channels.get(), live["channels"][0]
    assert (channel.place, channel.day_from, channel.day_to, channel.lunch_break) == (
        published_channel["place"],
        published_channel["day_from"],
        published_channel["day_to"],
        published_channel["lunch_break"],
    )
    assert f"{channel.open_time:%H:%M}" == published_channel["open_time"] == "08:30"
    step = copy.steps.get()
    assert step.responsible_ministry_id == live["steps"][0]["responsible_ministry_id"] is not None
    assert [f"{fee.amount:.2f}" for fee in copy.fees.all()] == [fee["amount"] for fee in live["fees"]]


def test_author_in_scope_copies_the_working_copy(revised, author, login):
    login(author).post(reverse("handbooks:copy", args=[revised.pk]))
    copy = Handbook.objects.exclude(pk=revised.pk).get()
    assert copy.criteria == UNAPPROVED and copy.steps.filter(detail=UNAPPROVED).exists()


def test_outsider_gets_404_for_the_edit_page_of_a_published_handbook(revised, outsider, login):
    """Another agency's working copy does not exist for them, even when a version of it is public."""
    assert login(outsider).get(reverse("handbooks:update", args=[revised.pk])).status_code == 404
    assert login(outsider).post(reverse("handbooks:update", args=[revised.pk]), {}).status_code == 404
