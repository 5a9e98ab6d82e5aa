"""CSRF on every form and transition, and uploads typed by their content with a size cap."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from handbooks.models import FormSample, Handbook
from handbooks.workflow import Status
from laws.models import Law, LawRefresh
from procedures.models import Procedure
from tests.approvals.helpers import make_handbook, pending, published
from tests.factories import LawFactory, ProcedureFactory
from tests.handbooks.helpers import add_row, form_data

# (url name, persona, object) — every URL that accepts a POST, with the persona allowed to post it.
POST_URLS = [
    ("logout", "author", None),
    ("password_change", "author", None),
    ("laws:create", "author", None),
    ("laws:create_inline", "author", None),
    ("laws:update", "author", "law"),
    ("laws:refresh", "author", "law"),
    ("procedures:create", "author", None),
    ("procedures:update", "author", "procedure"),
    ("procedures:delete", "author", "procedure"),
    ("handbooks:create", "author", "procedure_pk"),
    ("handbooks:update", "author", "draft"),
    ("handbooks:copy", "author", "draft"),
    ("approvals:submit", "author", "draft"),
    ("approvals:withdraw", "author", "pending"),
    ("approvals:approve", "approver", "pending"),
    ("approvals:return", "approver", "pending"),
    ("approvals:unpublish", "approver", "published"),
]


def _state():
    return (
        Law.objects.count(),
        LawRefresh.objects.count(),
        Procedure.objects.count(),
        tuple(Handbook.objects.order_by("pk").values_list("pk", "status", "lock_version", "live_version_id")),
    )


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "persona", "kind"), POST_URLS)
def test_post_without_csrf_token_is_refused(request, name, persona, kind, author, approver, agency_a):
    kwargs = {}
    if kind == "law":
        kwargs = {"pk": LawFactory().pk}
    elif kind == "procedure":
        kwargs = {"pk": ProcedureFactory(agency=agency_a).pk}
    elif kind == "procedure_pk":
        kwargs = {"procedure_pk": ProcedureFactory(agency=agency_a).pk}
    elif kind == "draft":
        kwargs = {"pk": make_handbook(author).pk}
    elif kind == "pending":
        kwargs = {"pk": pending(author).pk}
    elif kind == "published":
        kwargs = {"pk": published(author, approver).pk}
    client = Client(enforce_csrf_checks=True)
    client.force_login(request.getfixturevalue(persona))
    before = _state()
    data = {"reason": "เหตุผล", "title": "พระราชบัญญัติทดสอบ พ.ศ. 2560", "kind": "act", "name": "ทดสอบ [N]"}
    response = client.post(reverse(name, kwargs=kwargs), data)
    assert response.status_code == 403
    assert "แบบฟอร์มหมดอายุหรือไม่ถูกต้อง" in response.content.decode()  # the Thai CSRF page
    assert _state() == before


@pytest.mark.django_db
def test_sign_in_without_csrf_token_is_refused(author):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("login"), {"username": "author", "password": "Test-Password-2569"})
    assert response.status_code == 403
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_the_same_post_with_the_token_passes(author, approver):
    """The refusals above are CSRF, not something else: with the token from the page the transition happens."""
    handbook = pending(author)
    client = Client(enforce_csrf_checks=True)
    client.force_login(approver)
    page = client.get(reverse("approvals:review", kwargs={"pk": handbook.pk}))
    token = page.cookies["csrftoken"].value
    response = client.post(reverse("approvals:approve", kwargs={"pk": handbook.pk}), {"csrfmiddlewaretoken": token})
    assert response.status_code == 302
    handbook.refresh_from_db()
    assert handbook.status == Status.PUBLISHED


# ----- uploads -----

HTML = b"<!DOCTYPE html><html><script>alert(1)</script></html>"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64
SVG = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>'


def _upload(login, author, handbook, upload):
    data = form_data(handbook, author)
    index = add_row(data, "forms", name="แบบคำขอที่อัปโหลด", position=5)
    data[f"forms-{index}-file"] = upload
    return login(author).post(reverse("handbooks:update", kwargs={"pk": handbook.pk}), data)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("filename", "content", "content_type"),
    [
        ("แบบคำขอ.pdf", HTML, "application/pdf"),
        ("form.pdf", EXE, "application/pdf"),
        ("form.png", SVG, "image/png"),
        ("form.jpg", b"GIF89a" + b"\x00" * 32, "image/jpeg"),
        ("form.pdf", b"", "application/pdf"),
    ],
)
def test_upload_type_is_sniffed_from_content(login, author, settings, tmp_path, filename, content, content_type):
    settings.MEDIA_ROOT = tmp_path
    handbook = make_handbook(author)
    version = handbook.lock_version
    response = _upload(login, author, handbook, SimpleUploadedFile(filename, content, content_type=content_type))
    assert response.status_code == 200
    html = response.content.decode()
    assert "รับเฉพาะไฟล์ PDF, PNG หรือ JPEG เท่านั้น" in html or "ไฟล์" in html and "ว่าง" in html
    assert not FormSample.objects.filter(handbook=handbook, name="แบบคำขอที่อัปโหลด").exists()
    handbook.refresh_from_db()
    assert handbook.lock_version == version
    assert not list(tmp_path.rglob("*.*"))  # nothing written to disk


@pytest.mark.django_db
def test_upload_over_5_mb_is_refused_even_with_a_pdf_signature(login, author, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    handbook = make_handbook(author)
    big = SimpleUploadedFile("big.pdf", b"%PDF-1.4\n" + b"0" * (5 * 1024 * 1024), content_type="application/pdf")
    response = _upload(login, author, handbook, big)
    assert response.status_code == 200
    assert "ไฟล์แบบฟอร์มมีขนาดเกิน 5 MB" in response.content.decode()
    assert not FormSample.objects.filter(handbook=handbook, name="แบบคำขอที่อัปโหลด").exists()


@pytest.mark.django_db
def test_a_real_pdf_is_stored_under_a_generated_name_and_served_as_pdf(login, author, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    handbook = make_handbook(author)
    upload = SimpleUploadedFile("../../etc/passwd<script>.pdf", b"%PDF-1.4\n%%EOF\n", content_type="text/html")
    response = _upload(login, author, handbook, upload)
    assert response.status_code == 302
    sample = FormSample.objects.get(handbook=handbook, name="แบบคำขอที่อัปโหลด")
    assert sample.file.name.startswith(f"handbooks/forms/{handbook.pk}/form-") and sample.file.name.endswith(".pdf")
    assert ".." not in sample.file.name and "<" not in sample.file.name
    served = login(author).get(reverse("handbooks:form_file", kwargs={"pk": sample.pk}))
    assert served.status_code == 200
    assert served["Content-Type"] == "application/pdf"
    assert served["X-Content-Type-Options"] == "nosniff"
