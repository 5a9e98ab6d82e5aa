"""The audit log: sign-in success and failure, lockout, every workflow transition, administrators' changes of agencies
and roles — each with actor, time and source address — and an administrator reads it in the admin, filtered."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from portal.models import Agency, AuditEntry
from tests.approvals.helpers import make_handbook, pending, published
from tests.factories import PASSWORD, UserFactory

IP = "203.0.113.7"  # TEST-NET-3: a source address the tests can recognise


def _client(user=None) -> Client:
    client = Client(REMOTE_ADDR=IP)
    if user is not None:
        client.force_login(user)
    return client


def _only(action: str) -> AuditEntry:
    entries = list(AuditEntry.objects.filter(action=action))
    assert len(entries) == 1, f"{action}: {len(entries)} rows"
    entry = entries[0]
    assert entry.created_at is not None
    assert entry.ip_address == IP, f"{action} has source address {entry.ip_address!r}"
    return entry


@pytest.mark.django_db
def test_sign_in_success_and_failure_are_audited_with_address(author):
    client = _client()
    client.post(reverse("login"), {"username": "author", "password": "wrong-password-0000"})
    failed = _only("portal.auth.login_failed")
    assert failed.actor is None and failed.data["username"] == "author"
    response = client.post(reverse("login"), {"username": "author", "password": PASSWORD})
    assert response.status_code == 302
    assert _only("portal.auth.login").actor == author


@pytest.mark.django_db
def test_lockout_is_audited_with_username_and_address(author):
    client = _client()
    for _ in range(5):
        client.post(reverse("login"), {"username": "author", "password": "wrong-password-0000"})
    response = client.post(reverse("login"), {"username": "author", "password": PASSWORD})
    assert response.status_code in (403, 429)
    assert "_auth_user_id" not in client.session
    entries = AuditEntry.objects.filter(action="portal.auth.locked_out")
    assert entries.exists()
    assert {e.ip_address for e in entries} == {IP} and {e.data["username"] for e in entries} == {"author"}


@pytest.mark.django_db
def test_every_workflow_transition_is_audited_with_actor_time_and_address(author, approver):
    handbook = make_handbook(author)
    as_author, as_approver = _client(author), _client(approver)
    pk = {"pk": handbook.pk}
    assert as_author.post(reverse("approvals:submit", kwargs=pk), {"change_note": "ฉบับแรก"}).status_code == 302
    assert as_author.post(reverse("approvals:withdraw", kwargs=pk)).status_code == 302
    assert as_author.post(reverse("approvals:submit", kwargs=pk)).status_code == 302
    assert as_approver.post(reverse("approvals:return", kwargs=pk), {"reason": "แก้ค่าธรรมเนียม"}).status_code == 302
    assert as_author.post(reverse("approvals:submit", kwargs=pk)).status_code == 302
    assert as_approver.post(reverse("approvals:approve", kwargs=pk), {"comment": "ผ่าน"}).status_code == 302
    assert as_approver.post(reverse("approvals:unpublish", kwargs=pk), {"reason": "กฎหมายเปลี่ยน"}).status_code == 302
    rows = AuditEntry.objects.filter(action__startswith="approvals.handbook.", object_id=str(handbook.pk))
    actions = list(rows.order_by("id").values_list("action", "actor__username", "ip_address"))
    assert actions == [
        ("approvals.handbook.submitted", "author", IP),
        ("approvals.handbook.withdrawn", "author", IP),
        ("approvals.handbook.submitted", "author", IP),
        ("approvals.handbook.returned", "approver", IP),
        ("approvals.handbook.submitted", "author", IP),
        ("approvals.handbook.approved", "approver", IP),
        ("approvals.handbook.unpublished", "approver", IP),
    ]
    assert rows.get(action="approvals.handbook.returned").data["reason"] == "แก้ค่าธรรมเนียม"
    assert all(r.created_at is not None for r in rows)


@pytest.mark.django_db
def test_handbook_and_procedure_saves_are_audited(author, agency_a):
    from tests.factories import ProcedureFactory

    procedure = ProcedureFactory(agency=agency_a)
    response = _client(author).post(reverse("procedures:delete", kwargs={"pk": procedure.pk}))
    assert response.status_code == 302
    entry = _only("procedures.procedure.deleted")
    assert entry.actor == author and entry.data["name"] == procedure.name


@pytest.mark.django_db
def test_admin_change_of_an_agency_parent_is_audited(admin_user, agency_a, agency_b, ministry):
    child = Agency.objects.get(code="14004001")
    data = {"name": child.name, "code": "14003001", "level_kind": child.level_kind, "parent": agency_b.pk}
    response = _client(admin_user).post(reverse("admin:portal_agency_change", args=[child.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    entry = _only("portal.agency.changed")
    assert entry.actor == admin_user and "parent" in entry.data["fields"]
    child.refresh_from_db()
    assert child.parent == agency_b


@pytest.mark.django_db
def test_admin_drag_and_drop_move_of_an_agency_is_audited(admin_user, agency_a, agency_b):
    """The tree's drag-and-drop (DraggableMPTTAdmin) moves without the change form: it must be audited too."""
    child = Agency.objects.get(code="14004001")
    response = _client(admin_user).post(
        reverse("admin:portal_agency_changelist"),
        {"cmd": "move_node", "cut_item": child.pk, "pasted_on": agency_b.pk, "position": "last-child"},
    )
    assert response.status_code == 200 and response.content.startswith(b"OK")
    child.refresh_from_db()
    assert child.parent == agency_b
    entry = _only("portal.agency.moved")
    assert entry.actor == admin_user and entry.object_id == str(child.pk)
    assert entry.data["parent_before"] == agency_a.pk and entry.data["parent"] == agency_b.pk


@pytest.mark.django_db
def test_admin_change_of_roles_is_audited(admin_user, author):
    data = {
        "username": author.username,
        "first_name": author.first_name,
        "last_name": author.last_name,
        "email": "",
        "is_active": "on",
        "is_author": "on",
        "is_approver": "on",  # the new role
        "agency": author.agency_id,
        "date_joined_0": "2026-01-01",
        "date_joined_1": "08:00:00",
        "initial-date_joined_0": "2026-01-01",
        "initial-date_joined_1": "08:00:00",
    }
    response = _client(admin_user).post(reverse("admin:portal_user_change", args=[author.pk]), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    author.refresh_from_db()
    assert author.is_approver
    entry = _only("portal.user.changed")
    assert entry.actor == admin_user and "is_approver" in entry.data["fields"]
    assert "password" not in str(entry.data)


@pytest.mark.django_db
def test_administrator_reads_the_audit_log_in_the_admin_filtered_by_action(admin_user, author, approver):
    published(author, approver)
    pending(author)
    client = _client(admin_user)
    url = reverse("admin:portal_auditentry_changelist")
    everything = client.get(url)
    assert everything.status_code == 200
    assert "approvals.handbook.submitted" in everything.content.decode()
    filtered = client.get(url, {"action": "approvals.handbook.approved"})
    assert filtered.status_code == 200
    assert list(filtered.context["cl"].queryset.values_list("action", flat=True)) == ["approvals.handbook.approved"]
    html = filtered.content.decode()
    assert "approvals.handbook.approved" in html
    # An audit row cannot be edited or deleted, even by an administrator.
    entry = AuditEntry.objects.get(action="approvals.handbook.approved")
    assert client.post(reverse("admin:portal_auditentry_delete", args=[entry.pk]), {"post": "yes"}).status_code == 403
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


@pytest.mark.django_db
def test_officials_cannot_read_the_audit_log(author, approver):
    staff_less = UserFactory(username="viewer", is_staff=False)
    for user in (author, approver, staff_less):
        response = _client(user).get(reverse("admin:portal_auditentry_changelist"))
        assert response.status_code == 302 and "/login/" in response["Location"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("cut", "target", "position"),
    [
        ("14003000", "14004000", "last-child"),  # a department under another department
        ("14000000", "01000000", "last-child"),  # a ministry under a ministry
        ("14004001", "01015000", "last-child"),  # a division into another ministry (code prefix 14 ≠ 01)
    ],
)
def test_admin_drag_and_drop_cannot_break_the_tree_rules(admin_user, tree, cut, target, position):
    moving, onto = tree[cut], tree[target]
    parent_before = moving.parent_id
    response = _client(admin_user).post(
        reverse("admin:portal_agency_changelist"),
        {"cmd": "move_node", "cut_item": moving.pk, "pasted_on": onto.pk, "position": position},
    )
    assert response.status_code == 200 and response.content.startswith(b"FAIL")
    moving.refresh_from_db()
    assert moving.parent_id == parent_before
    assert not AuditEntry.objects.filter(action="portal.agency.moved").exists()


@pytest.mark.django_db
def test_admin_deleting_an_official_is_audited(admin_user, agency_a):
    official = UserFactory(username="leaver", agency=agency_a, is_author=True)
    client = _client(admin_user)
    response = client.post(reverse("admin:portal_user_delete", args=[official.pk]), {"post": "yes"})
    assert response.status_code == 302
    entry = _only("portal.user.deleted")
    assert entry.actor == admin_user and entry.data["username"] == "leaver"
    other = UserFactory(username="leaver2", agency=agency_a, is_author=True)
    response = client.post(
        reverse("admin:portal_user_changelist"),
        {"action": "delete_selected", "_selected_action": [other.pk], "post": "yes"},
    )
    assert response.status_code == 302
    assert AuditEntry.objects.filter(action="portal.user.deleted", data__username="leaver2").count() == 1
