"""A view that loses PostgreSQL answers 503 in Thai with Retry-After (portal.middleware.DatabaseUnavailableMiddleware);
bench/faults.py restarts a real PostgreSQL under load and checks no save is half-written."""

import pytest
from django.db import IntegrityError, OperationalError
from django.test import RequestFactory

from portal.middleware import DatabaseUnavailableMiddleware

pytestmark = pytest.mark.django_db


@pytest.fixture
def middleware():
    return DatabaseUnavailableMiddleware(lambda request: None)


def test_a_lost_database_is_a_thai_503_asking_to_check_and_retry(middleware):
    request = RequestFactory().post("/handbooks/1/edit/")
    response = middleware.process_exception(request, OperationalError("server closed the connection unexpectedly"))
    assert response.status_code == 503 and response["Retry-After"] == "5"
    text = response.content.decode()
    assert "ระบบฐานข้อมูลไม่พร้อมใช้งานชั่วคราว" in text and "อาจยังไม่ได้บันทึก" in text


def test_other_database_errors_are_left_to_their_own_handling(middleware):
    assert middleware.process_exception(RequestFactory().get("/"), IntegrityError("duplicate key")) is None
    assert middleware.process_exception(RequestFactory().get("/"), ValueError("x")) is None


def _dashboard_when_the_session_read_raises(client, author, monkeypatch, error: Exception):
    """The signed-in official's session is read by AuthenticationMiddleware before any view: make that read fail."""
    from django.contrib.sessions.backends.db import SessionStore

    client.force_login(author)

    def fail(self):
        raise error

    monkeypatch.setattr(SessionStore, "_get_session_from_db", fail)
    client.raise_request_exception = False
    return client.get("/dashboard/")


def test_the_database_lost_before_the_view_is_the_same_thai_503_not_the_error_page(client, author, monkeypatch):
    """PostgreSQL restarting while a middleware reads the session (before any view, where the middleware's
    process_exception cannot see it): handler500 answers the 503, not the 500 page."""
    lost = OperationalError("terminating connection due to administrator command")
    response = _dashboard_when_the_session_read_raises(client, author, monkeypatch, lost)
    assert response.status_code == 503 and response["Retry-After"] == "5"
    assert "ระบบฐานข้อมูลไม่พร้อมใช้งานชั่วคราว" in response.content.decode()


def test_any_other_uncaught_error_still_gets_the_thai_500_page(client, author, monkeypatch):
    response = _dashboard_when_the_session_read_raises(client, author, monkeypatch, ValueError("not an outage"))
    assert response.status_code == 500 and "Retry-After" not in response
    assert "ระบบขัดข้องชั่วคราว" in response.content.decode()
