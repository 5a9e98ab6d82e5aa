"""A1 in a real browser: an official signs in with username and password and sees the Thai dashboard."""

import pytest

from tests.e2e.conftest import sign_in
from tests.factories import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_A1_official_signs_in_and_out_in_chromium(page, live_server, author, problems, shot):
    sign_in(page, live_server, "author", PASSWORD)
    assert page.get_by_role("heading", name="สวัสดี สมชาย ใจดี").is_visible()
    assert page.get_by_text("กระทรวงพาณิชย์ › กรมพัฒนาธุรกิจการค้า").is_visible()
    shot(page, "dashboard")
    page.get_by_role("button", name="ออกจากระบบ").click()
    page.wait_for_url(f"{live_server.url}/accounts/login/")
    assert page.get_by_role("heading", name="เข้าสู่ระบบสำหรับเจ้าหน้าที่").is_visible()


def test_wrong_password_shows_thai_message(page, live_server, author, problems):
    sign_in(page, live_server, "author", "wrong-password-123")
    assert page.get_by_text("ชื่อผู้ใช้งานหรือรหัสผ่านไม่ถูกต้อง").is_visible()
