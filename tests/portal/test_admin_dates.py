"""The admin shows dates in the Buddhist Era (issue 12), in its lists and on its detail pages, through the project's
`thai_datetime` (portal/admin_display.py): the stored values stay Gregorian UTC."""

import datetime

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.urls import reverse

from handbooks.models import HandbookVersion
from laws.models import Law
from portal.models import AuditEntry
from procedures.models import Procedure
from tests.approvals.helpers import published
from tests.factories import LawFactory
from tests.portal.pages import result_rows, visible_text

pytestmark = pytest.mark.django_db

# 2024-03-05 03:30 UTC is 10:30 in Bangkok, พ.ศ. 2567.
WHEN = datetime.datetime(2024, 3, 5, 3, 30, tzinfo=datetime.UTC)
BE = "5 มีนาคม 2567 10:30 น."


def _page(client, name, *args, **query) -> str:
    response = client.get(reverse(name, args=args), query)
    assert response.status_code == 200
    return response.content.decode()


def _assert_buddhist_era(html: str) -> None:
    text = visible_text(html)
    assert BE in text
    assert "2024" not in text


def test_audit_entries_list_their_time_in_the_buddhist_era(login, admin_user):
    client = login(admin_user)  # signing in writes an audit row of its own (now)
    AuditEntry.objects.create(action="portal.auth.logout", actor=admin_user)
    AuditEntry.objects.filter(action="portal.auth.logout").update(created_at=WHEN)
    html = _page(client, "admin:portal_auditentry_changelist")
    assert BE in result_rows(html)[-1]
    _assert_buddhist_era(html)


def test_the_date_hierarchy_names_buddhist_era_years(login, admin_user):
    AuditEntry.objects.create(action="portal.auth.login", actor=admin_user)
    AuditEntry.objects.update(created_at=WHEN)
    client = login(admin_user)
    years = _page(client, "admin:portal_auditentry_changelist").split('class="toplinks"', 1)[1].split("</nav>")[0]
    assert "2567" in visible_text(years) and "2024" not in visible_text(years)
    months = _page(client, "admin:portal_auditentry_changelist", created_at__year="2024")
    months = months.split('class="toplinks"', 1)[1].split("</nav>")[0]
    assert "มีนาคม 2567" in visible_text(months) and "2024" not in visible_text(months)


def test_published_versions_show_their_approval_date_in_the_buddhist_era(login, admin_user, author, approver):
    handbook = published(author, approver)
    HandbookVersion.objects.filter(handbook=handbook).update(approved_at=WHEN)
    version = HandbookVersion.objects.get(handbook=handbook)
    client = login(admin_user)
    _assert_buddhist_era(_page(client, "admin:handbooks_handbookversion_changelist"))
    detail = _page(client, "admin:handbooks_handbookversion_change", version.pk)
    assert BE in visible_text(detail)
    assert "2024-03-05" not in visible_text(detail.split('name="snapshot"')[0])


def test_laws_show_when_they_were_refreshed_in_the_buddhist_era(login, admin_user):
    law = LawFactory()
    Law.objects.filter(pk=law.pk).update(refreshed_at=WHEN, created_at=WHEN, updated_at=WHEN)
    client = login(admin_user)
    _assert_buddhist_era(_page(client, "admin:laws_law_changelist"))
    _assert_buddhist_era(_page(client, "admin:laws_law_change", law.pk))


def test_procedures_show_their_dates_in_the_buddhist_era_and_keep_system_fields_out_of_the_form(
    login, admin_user, author
):
    from tests.factories import ProcedureFactory

    procedure = ProcedureFactory(agency=author.agency)
    Procedure.objects.filter(pk=procedure.pk).update(created_at=WHEN, updated_at=WHEN)
    client = login(admin_user)
    _assert_buddhist_era(_page(client, "admin:procedures_procedure_changelist"))
    html = _page(client, "admin:procedures_procedure_change", procedure.pk)
    _assert_buddhist_era(html)
    # Who saved it and its lock version are shown, not offered for editing.
    for field in ("created_by", "updated_by", "lock_version"):
        assert f'name="{field}"' not in html


def test_officials_show_last_sign_in_and_joining_in_the_buddhist_era(login, admin_user, author):
    type(author).objects.filter(pk=author.pk).update(last_login=WHEN, date_joined=WHEN)
    client = login(admin_user)
    rows = result_rows(_page(client, "admin:portal_user_changelist", q="author"))
    assert any(BE in row for row in rows)
    html = _page(client, "admin:portal_user_change", author.pk)
    _assert_buddhist_era(html)
    assert 'name="last_login_0"' not in html and 'name="date_joined_0"' not in html


def test_an_official_saved_in_the_admin_keeps_the_dates_it_does_not_show(login, admin_user, author):
    type(author).objects.filter(pk=author.pk).update(last_login=WHEN, date_joined=WHEN)
    client = login(admin_user)
    url = reverse("admin:portal_user_change", args=[author.pk])
    data = {
        "username": author.username,
        "first_name": "สมชาย",
        "last_name": "ใจดีมาก",
        "email": "",
        "is_active": "on",
        "agency": author.agency_id,
        "is_author": "on",
    }
    response = client.post(url, data)
    assert response.status_code == 302
    author.refresh_from_db()
    assert author.last_name == "ใจดีมาก" and author.date_joined == WHEN and author.last_login == WHEN


def test_sign_in_records_of_django_axes_show_their_times_in_the_buddhist_era(login, admin_user):
    client = login(admin_user)  # before the rows: a successful sign-in clears failed attempts
    common = {"user_agent": "pytest", "ip_address": "127.0.0.1", "username": "author", "path_info": "/"}
    log = AccessLog.objects.create(**common)
    attempt = AccessAttempt.objects.create(get_data="", post_data="", failures_since_start=2, **common)
    failure = AccessFailureLog.objects.create(locked_out=True, **common)
    for model in (AccessLog, AccessAttempt, AccessFailureLog):
        model.objects.update(attempt_time=WHEN)
    AccessLog.objects.update(logout_time=WHEN)
    for name, row in (("accesslog", log), ("accessattempt", attempt), ("accessfailurelog", failure)):
        _assert_buddhist_era(_page(client, f"admin:axes_{name}_changelist"))
        detail = _page(client, f"admin:axes_{name}_change", row.pk)
        _assert_buddhist_era(detail)
        assert f"author · {BE}" in visible_text(detail)  # the row's title, not "Access Log for author @ 2024-…"
