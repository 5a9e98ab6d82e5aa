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


def test_session_expires_after_thirty_idle_minutes(settings):
    assert settings.SESSION_COOKIE_AGE == 1800
    assert settings.SESSION_SAVE_EVERY_REQUEST is True


@pytest.mark.django_db
def test_logout_csrf_is_enforced(author):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(author)
    response = client.post(reverse("logout"))
    assert response.status_code == 403
    assert "_auth_user_id" in client.session
