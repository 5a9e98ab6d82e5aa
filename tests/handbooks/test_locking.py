"""Never lose work: optimistic locking, one transaction per save, pending read-only, edit of a published handbook."""

import pytest
from django.db import IntegrityError
from django.urls import reverse

from handbooks.models import ComplaintChannel, Handbook
from handbooks.services import STALE_MESSAGE
from handbooks.workflow import HandbookVersion
from portal.models import AuditEntry
from tests.factories import HandbookFactory, UserFactory
from tests.handbooks.helpers import add_row, form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def handbook(author):
    return HandbookFactory(agency=author.agency, author=author)


def test_stale_save_is_refused_and_keeps_both_users_data_safe(handbook, author, agency_a, login):
    colleague = UserFactory(username="colleague", agency=agency_a, is_author=True)
    first, second = login(author), login(colleague)
    url = reverse("handbooks:update", args=[handbook.pk])
    # Both open the page (same lock_version).
    data_first = form_data(handbook, author)
    data_second = form_data(handbook, colleague)
    assert data_first["lock_version"] == data_second["lock_version"] == "1"

    data_first["criteria"] = "หลักเกณฑ์ฉบับของผู้ใช้คนแรก"
    assert first.post(url, data_first).status_code == 302

    data_second["criteria"] = "หลักเกณฑ์ฉบับของผู้ใช้คนที่สอง"
    data_second["complaints-0-channel"] = "ช่องทางที่คนที่สองแก้"
    add_row(data_second, "fees", description="ค่าธรรมเนียมที่คนที่สองเพิ่ม", amount="10", unit="baht", position=1)
    response = second.post(url, data_second)
    assert response.status_code == 409
    html = response.content.decode()
    assert str(STALE_MESSAGE) in html
    # The second user's input is shown again, nothing lost on their side…
    assert "หลักเกณฑ์ฉบับของผู้ใช้คนที่สอง" in html and "ค่าธรรมเนียมที่คนที่สองเพิ่ม" in html
    assert "ช่องทางที่คนที่สองแก้" in html
    # …and nothing of the first user's save was overwritten.
    handbook.refresh_from_db()
    assert handbook.criteria == "หลักเกณฑ์ฉบับของผู้ใช้คนแรก"
    assert handbook.lock_version == 2 and handbook.updated_by == author
    assert handbook.fees.count() == 1
    assert ComplaintChannel.objects.get(handbook=handbook).channel != "ช่องทางที่คนที่สองแก้"
    updates = AuditEntry.objects.filter(action="handbooks.handbook.updated", object_id=str(handbook.pk))
    assert [entry.actor for entry in updates] == [author]


def test_every_save_is_audited_with_who_and_when(handbook, author, login):
    client = login(author)
    for text in ("ครั้งที่หนึ่ง", "ครั้งที่สอง"):
        data = form_data(handbook, author)
        data["criteria"] = text
        assert client.post(reverse("handbooks:update", args=[handbook.pk]), data).status_code == 302
    entries = AuditEntry.objects.filter(action="handbooks.handbook.updated", object_id=str(handbook.pk))
    assert entries.count() == 2
    assert all(e.actor == author and e.created_at is not None for e in entries)
    assert sorted(e.data["lock_version"] for e in entries) == [2, 3]


def test_handbook_and_rows_are_saved_in_one_transaction(handbook, author, login, monkeypatch):
    data = form_data(handbook, author)
    data["criteria"] = "ไม่ควรถูกบันทึก"
    data["complaints-0-channel"] = "ช่องทางใหม่"

    def broken_save(self, *args, **kwargs):
        raise IntegrityError("simulated failure while saving a row")

    monkeypatch.setattr(ComplaintChannel, "save", broken_save)
    with pytest.raises(IntegrityError):
        login(author).post(reverse("handbooks:update", args=[handbook.pk]), data)
    handbook.refresh_from_db()
    assert handbook.criteria == "ผู้ขอต้องมีสัญชาติไทย" and handbook.lock_version == 1
    assert not AuditEntry.objects.filter(action="handbooks.handbook.updated").exists()


def test_pending_handbook_is_read_only_for_authors(handbook, author, login):
    Handbook.objects.filter(pk=handbook.pk).update(status="pending")
    client = login(author)
    response = client.get(reverse("handbooks:update", args=[handbook.pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("handbooks:detail", args=[handbook.pk])
    assert "อยู่ระหว่างรออนุมัติ จึงแก้ไขไม่ได้" in response.content.decode()
    data = form_data(handbook, author)
    data["criteria"] = "แก้ระหว่างรออนุมัติ"
    response = client.post(reverse("handbooks:update", args=[handbook.pk]), data)
    assert response.status_code == 409
    assert "แก้ระหว่างรออนุมัติ" in response.content.decode()
    handbook.refresh_from_db()
    assert handbook.criteria != "แก้ระหว่างรออนุมัติ" and handbook.status == "pending"


@pytest.mark.parametrize("status", ["published", "returned"])
def test_editing_a_published_or_returned_handbook_returns_it_to_draft(handbook, author, login, publish, status):
    version = publish(handbook)
    if status == "returned":  # a revision sent back by the approver
        handbook.revise(author)
        handbook.submit(author)
        handbook.return_for_changes(UserFactory(agency=author.agency, is_approver=True), "กรุณาแก้ไขหลักเกณฑ์")
    data = form_data(handbook, author)
    data["criteria"] = "ปรับปรุงหลักเกณฑ์"
    assert login(author).post(reverse("handbooks:update", args=[handbook.pk]), data).status_code == 302
    handbook.refresh_from_db()
    assert handbook.status == "draft" and handbook.criteria == "ปรับปรุงหลักเกณฑ์"
    assert handbook.live_version_id == version.pk  # what citizens see is untouched
    assert HandbookVersion.objects.get(pk=version.pk).snapshot["handbook"]["criteria"] == "ผู้ขอต้องมีสัญชาติไทย"
