"""Sign-in with username and password (manual rule A1), lockout, sign-out by POST, dashboard."""

import pytest
from django.urls import reverse

from portal.models import AuditEntry
from tests.factories import PASSWORD


@pytest.mark.django_db
def test_sign_in_page_is_thai(client):
    body = client.get(reverse("login")).content.decode()
    assert "ชื่อผู้ใช้งาน" in body and "รหัสผ่าน" in body and "เข้าสู่ระบบ" in body


@pytest.mark.django_db
def test_A1_sign_in_with_username_and_password_lands_on_the_dashboard(client, author):
    response = client.post(reverse("login"), {"username": "author", "password": PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("portal:dashboard")
    body = response.content.decode()
    assert "สมชาย ใจดี" in body
    assert "กระทรวงพาณิชย์ › กรมพัฒนาธุรกิจการค้า" in body
    assert "ผู้จัดทำ" in body
    assert AuditEntry.objects.filter(action="portal.auth.login", actor=author).exists()


@pytest.mark.django_db
def test_wrong_password_gives_a_thai_message_and_is_audited(client, author):
    response = client.post(reverse("login"), {"username": "author", "password": "wrong-password-123"})
    assert response.status_code == 200
    assert "ชื่อผู้ใช้งานหรือรหัสผ่านไม่ถูกต้อง" in response.content.decode()
    assert "_auth_user_id" not in client.session
    entry = AuditEntry.objects.get(action="portal.auth.login_failed")
    assert entry.data["username"] == "author" and entry.ip_address == "127.0.0.1"


@pytest.mark.django_db
def test_lockout_after_five_failures_with_thai_message(client, author):
    for _ in range(4):
        response = client.post(reverse("login"), {"username": "author", "password": "bad-password-xyz"})
        assert response.status_code == 200
    response = client.post(reverse("login"), {"username": "author", "password": "bad-password-xyz"})
    assert response.status_code == 429
    assert "บัญชีถูกล็อกชั่วคราว" in response.content.decode()
    assert "15 นาที" in response.content.decode()
    # Even the right password is refused while locked.
    response = client.post(reverse("login"), {"username": "author", "password": PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert AuditEntry.objects.filter(action="portal.auth.locked_out").exists()


@pytest.mark.django_db
def test_lockout_is_per_username_and_address(client, author, outsider):
    for _ in range(5):
        client.post(reverse("login"), {"username": "author", "password": "bad-password-xyz"})
    response = client.post(reverse("login"), {"username": "outsider", "password": PASSWORD})
    assert response.status_code == 302


@pytest.mark.django_db
def test_sign_out_is_post_only(login, author):
    client = login(author)
    assert client.get(reverse("logout")).status_code == 405
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_password_change_enforces_twelve_characters(login, author):
    client = login(author)
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": "short-1", "new_password2": "short-1"},
    )
    assert response.status_code == 200
    assert "12" in response.content.decode()
    response = client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "Another-Strong-2569",
            "new_password2": "Another-Strong-2569",
        },
    )
    assert response.status_code == 302
    author.refresh_from_db()
    assert author.check_password("Another-Strong-2569")


def _session_row(client):
    from django.contrib.sessions.models import Session

    return Session.objects.get(session_key=client.session.session_key)


@pytest.mark.django_db
def test_session_expires_after_thirty_idle_minutes(author):
    """An official idle for 30 minutes is signed out; activity pushes the expiry forward (at most once a minute)."""
    import datetime

    from django.test import Client
    from django.utils import timezone

    client = Client()
    client.force_login(author)
    dashboard = reverse("portal:dashboard")
    assert client.get(dashboard).status_code == 200
    expiry = _session_row(client).expire_date
    assert datetime.timedelta(minutes=29) < expiry - timezone.now() <= datetime.timedelta(minutes=30)
    row = _session_row(client)
    row.expire_date = timezone.now() - datetime.timedelta(seconds=1)  # 30 minutes have passed without a request
    row.save()
    response = client.get(dashboard)
    assert response.status_code == 302 and reverse("login") in response["Location"]


@pytest.mark.django_db
def test_activity_pushes_the_idle_expiry_forward_without_a_write_on_every_request(author):
    import datetime

    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from portal.middleware import REFRESH_KEY

    client = Client()
    client.force_login(author)
    dashboard = reverse("portal:dashboard")
    client.get(dashboard)  # the first request after sign-in sets the expiry
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(dashboard).status_code == 200
    assert not [q for q in ctx.captured_queries if q["sql"].startswith("UPDATE") and "django_session" in q["sql"]]
    # A minute later the next request saves the session with a new 30-minute expiry.
    session = client.session
    session[REFRESH_KEY] = session[REFRESH_KEY] - 61
    session.save()
    row = _session_row(client)
    row.expire_date -= datetime.timedelta(minutes=5)
    row.save()
    before = _session_row(client).expire_date
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(dashboard).status_code == 200
    assert [q for q in ctx.captured_queries if q["sql"].startswith("UPDATE") and "django_session" in q["sql"]]
    assert _session_row(client).expire_date > before


@pytest.mark.django_db
def test_logout_csrf_is_enforced(author):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(author)
    response = client.post(reverse("logout"))
    assert response.status_code == 403
    assert "_auth_user_id" in client.session
