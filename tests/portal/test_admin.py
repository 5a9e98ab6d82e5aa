import pytest
from django.urls import reverse

from portal.models import Agency, AuditEntry


@pytest.mark.django_db
def test_admin_tree_page_loads_for_an_administrator(login, admin_user, agency_a):
    response = login(admin_user).get(reverse("admin:portal_agency_changelist"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "กรมพัฒนาธุรกิจการค้า" in body
    assert "draggable-mptt" in body or "tree_actions" in body or "drag-handle" in body


@pytest.mark.django_db
def test_admin_tree_page_is_refused_to_an_official(login, author):
    response = login(author).get(reverse("admin:portal_agency_changelist"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


@pytest.mark.django_db
def test_admin_search_by_code_and_filter_by_level(login, admin_user, agency_a, agency_b):
    client = login(admin_user)
    body = client.get(reverse("admin:portal_agency_changelist"), {"q": "14004000"}).content.decode()
    assert "กรมพัฒนาธุรกิจการค้า" in body and "กรมการค้าภายใน" not in body
    body = client.get(reverse("admin:portal_agency_changelist"), {"level_kind__exact": "ministry"}).content.decode()
    assert "กระทรวงพาณิชย์" in body and "กรมการค้าภายใน" not in body


@pytest.mark.django_db
def test_agency_with_officials_cannot_be_deleted_and_admin_says_why(login, admin_user, author, agency_a):
    client = login(admin_user)
    url = reverse("admin:portal_agency_delete", args=[agency_a.pk])
    response = client.post(url, {"post": "yes"}, follow=True)
    assert response.status_code == 200
    assert Agency.objects.filter(pk=agency_a.pk).exists()
    body = response.content.decode()
    # The page names what still refers to the agency: its official and its child unit.
    assert "สมชาย ใจดี" in body and "กองทะเบียนธุรกิจ" in body


@pytest.mark.django_db
def test_admin_refuses_a_ministry_with_a_parent_in_thai(login, admin_user, ministry):
    client = login(admin_user)
    response = client.post(
        reverse("admin:portal_agency_add"),
        {"name": "กระทรวงซ้อน", "code": "15000000", "level_kind": "ministry", "parent": ministry.pk},
    )
    assert response.status_code == 200
    assert "กระทรวงเป็นหน่วยงานระดับบนสุด" in response.content.decode()


@pytest.mark.django_db
def test_admin_agency_change_is_audited(login, admin_user, ministry):
    client = login(admin_user)
    response = client.post(
        reverse("admin:portal_agency_add"),
        {"name": "กรมใหม่", "code": "14009000", "level_kind": "department", "parent": ministry.pk},
    )
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action="portal.agency.created")
    assert entry.actor == admin_user and entry.object_repr == "กรมใหม่"
