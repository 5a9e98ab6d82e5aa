"""Form samples (H8): PDF, PNG or JPEG only, recognised by their first bytes, at most 5 MB; served with checks."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from handbooks.models import FormSample
from tests.factories import HandbookFactory
from tests.handbooks.helpers import add_row, form_data

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def handbook(author):
    return HandbookFactory(agency=author.agency, author=author)


def _upload(client, handbook, author, upload):
    data = form_data(handbook, author)
    add_row(data, "forms", name="แบบคำขอที่อัปโหลด", position=1)
    data["forms-1-file"] = upload
    return client.post(reverse("handbooks:update", args=[handbook.pk]), data)


def test_pdf_is_accepted_by_its_content_whatever_its_name_and_served_to_officials(handbook, author, login, outsider):
    client = login(author)
    response = _upload(client, handbook, author, SimpleUploadedFile("แบบฟอร์ม.bin", PDF, "application/octet-stream"))
    assert response.status_code == 302
    sample = FormSample.objects.get(handbook=handbook, name="แบบคำขอที่อัปโหลด")
    assert sample.file.name.endswith(".pdf")
    url = reverse("handbooks:form_file", args=[sample.pk])
    served = client.get(url)
    assert served.status_code == 200 and served["Content-Type"] == "application/pdf"
    assert b"".join(served.streaming_content) == PDF
    assert login(None).get(url).status_code == 404  # not published: hidden from the public
    assert login(outsider).get(url).status_code == 404  # another agency's draft


def test_published_form_file_is_public(handbook, author, login, publish):
    assert _upload(login(author), handbook, author, SimpleUploadedFile("a.png", PNG, "image/png")).status_code == 302
    sample = FormSample.objects.get(handbook=handbook, name="แบบคำขอที่อัปโหลด")
    publish(handbook)
    response = login(None).get(reverse("handbooks:form_file", args=[sample.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "image/png"


def test_a_file_that_is_not_pdf_or_image_is_refused_even_named_pdf(handbook, author, login):
    fake = SimpleUploadedFile("form.pdf", b"MZ\x90\x00 this is an executable", "application/pdf")
    response = _upload(login(author), handbook, author, fake)
    assert response.status_code == 200
    assert "รับเฉพาะไฟล์ PDF, PNG หรือ JPEG เท่านั้น" in response.content.decode()
    assert not FormSample.objects.filter(name="แบบคำขอที่อัปโหลด").exists()


def test_a_file_over_5_mb_is_refused(handbook, author, login):
    big = SimpleUploadedFile("big.pdf", PDF + b"0" * (5 * 1024 * 1024), "application/pdf")
    response = _upload(login(author), handbook, author, big)
    assert response.status_code == 200
    assert "ไฟล์แบบฟอร์มมีขนาดเกิน 5 MB" in response.content.decode()
    assert not FormSample.objects.filter(name="แบบคำขอที่อัปโหลด").exists()
