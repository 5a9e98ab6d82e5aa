"""The new-handbook form posted twice (a double click, a resent request) creates one handbook (issue 11, defect 8),
as the procedure and law forms already do through their unique names."""

import pytest
from django.urls import reverse

from handbooks.models import Handbook
from portal.models import AuditEntry
from tests.factories import ProcedureFactory
from tests.handbooks.helpers import form_data

pytestmark = pytest.mark.django_db


def _new_form(author):
    procedure = ProcedureFactory(agency=author.agency)
    data = form_data(Handbook(procedure=procedure, agency=author.agency), author, offer_defaults=True)
    return reverse("handbooks:create", args=[procedure.pk]), data


def test_the_same_new_handbook_form_posted_twice_creates_one_handbook(author, login):
    url, data = _new_form(author)
    assert data.get("create_token"), "the page carries the form's one-time token"
    client = login(author)
    first = client.post(url, data)
    second = client.post(url, data)
    handbook = Handbook.objects.get()
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"] == reverse("handbooks:update", args=[handbook.pk])
    assert handbook.complaints.count() == 1  # the offered 1111 row, written once
    assert AuditEntry.objects.filter(action="handbooks.handbook.created").count() == 1
    page = client.get(second["Location"]).content.decode()
    assert "ระบบจึงไม่สร้างซ้ำ" in page


def test_two_openings_of_the_new_handbook_page_create_two_handbooks(author, login):
    """Each opening of the page is a new form: an official who writes two handbooks gets two."""
    url, data = _new_form(author)
    client = login(author)
    assert client.post(url, data).status_code == 302
    page = client.get(url).content.decode()
    assert 'name="create_token"' in page and data["create_token"] not in page  # a fresh token each time
    token = page.split('name="create_token" value="', 1)[1].split('"', 1)[0]
    assert client.post(url, {**data, "create_token": token}).status_code == 302
    assert Handbook.objects.count() == 2


def test_a_forged_token_gets_a_thai_message_not_a_500(author, login):
    url, data = _new_form(author)
    response = login(author).post(url, {**data, "create_token": "not-a-uuid"})
    assert response.status_code == 200 and not Handbook.objects.exists()
    assert "ยังบันทึกไม่ได้" in response.content.decode()
