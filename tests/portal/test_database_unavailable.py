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
