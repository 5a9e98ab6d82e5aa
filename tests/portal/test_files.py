"""portal.files.stored_file_response: hand the file to nginx (X-Accel-Redirect) in production, stream it in
development. The real nginx in front of the portal is in tests/deploy/test_nginx_files.py."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.http import Http404
from django.urls import reverse

from portal.files import stored_file_response
from tests.approvals.helpers import attach_form_file, make_handbook

ROOT = Path(__file__).resolve().parents[2]
THAI = "handbooks/forms/7/แบบคำขอ ฉบับ 2.pdf"


@pytest.fixture
def storage(tmp_path):
    return FileSystemStorage(location=tmp_path)


@pytest.fixture
def x_accel(settings):
    settings.FILES_X_ACCEL_PREFIX = "/_protected/"


def test_x_accel_mode_answers_an_empty_response_naming_the_file_for_nginx(x_accel, storage):
    response = stored_file_response(storage, THAI, content_type="application/pdf", filename="แบบคำขอ ฉบับ 2.pdf")
    assert response.status_code == 200
    assert not response.streaming and response.content == b""
    # Thai letters and the space travel percent-encoded (UTF-8); nginx decodes them back to the name on disk.
    assert response["X-Accel-Redirect"] == (
        "/_protected/handbooks/forms/7/"
        "%E0%B9%81%E0%B8%9A%E0%B8%9A%E0%B8%84%E0%B8%B3%E0%B8%82%E0%B8%AD%20%E0%B8%89%E0%B8%9A%E0%B8%B1%E0%B8%9A%202.pdf"
    )
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        "inline; filename*=utf-8''"
        "%E0%B9%81%E0%B8%9A%E0%B8%9A%E0%B8%84%E0%B8%B3%E0%B8%82%E0%B8%AD%20%E0%B8%89%E0%B8%9A%E0%B8%B1%E0%B8%9A%202.pdf"
    )
    assert response["X-Content-Type-Options"] == "nosniff"


def test_x_accel_mode_encodes_characters_that_would_end_or_change_the_path(x_accel, storage):
    response = stored_file_response(
        storage, "handbooks/forms/7/a?b#c%d;e.pdf", content_type="application/pdf", filename="a?b#c%d;e.pdf"
    )
    assert response["X-Accel-Redirect"] == "/_protected/handbooks/forms/7/a%3Fb%23c%25d%3Be.pdf"
    assert response["Content-Disposition"] == 'inline; filename="a?b#c%d;e.pdf"'


def test_x_accel_mode_does_not_open_the_file_itself(x_accel, storage):
    """nginx answers 404 for a file that is not there; the worker does no file I/O at all."""
    response = stored_file_response(
        storage, "handbooks/forms/7/gone.png", content_type="image/png", filename="gone.png"
    )
    assert response["X-Accel-Redirect"] == "/_protected/handbooks/forms/7/gone.png"
    assert response["Content-Type"] == "image/png"


def test_stream_mode_sends_the_bytes_with_the_thai_filename(settings, storage):
    settings.FILES_X_ACCEL_PREFIX = ""
    storage.save(THAI, ContentFile(b"%PDF-1.4 thai"))
    response = stored_file_response(storage, THAI, content_type="application/pdf", filename="แบบคำขอ ฉบับ 2.pdf")
    assert response.streaming and "X-Accel-Redirect" not in response
    assert b"".join(response.streaming_content) == b"%PDF-1.4 thai"
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline; filename*=utf-8''%E0%B9%81%E0%B8%9A%E0%B8%9A")
    assert response["X-Content-Type-Options"] == "nosniff"
    response.file_to_stream.close()  # (response.close() would signal request_finished, which touches the database)


def test_stream_mode_gives_404_for_a_missing_file(settings, storage):
    settings.FILES_X_ACCEL_PREFIX = ""
    with pytest.raises(Http404):
        stored_file_response(storage, "handbooks/forms/7/gone.pdf", content_type="application/pdf", filename="gone.pdf")


@pytest.mark.django_db
def test_the_form_file_view_hands_the_checked_file_to_nginx(x_accel, settings, tmp_path, author, login):
    settings.MEDIA_ROOT = tmp_path
    sample = attach_form_file(make_handbook(author))
    url = reverse("handbooks:form_file", kwargs={"pk": sample.pk})
    response = login(author).get(url)
    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == f"/_protected/{sample.file.name}"
    assert response.content == b""
    assert login().get(url).status_code == 404  # the draft's file is not public: no X-Accel-Redirect either


@pytest.mark.parametrize("prefix", ["_protected/", "/_protected"])
def test_a_prefix_without_its_slashes_stops_the_portal_at_start(prefix):
    env = {**os.environ, "FILES_X_ACCEL_PREFIX": prefix, "DJANGO_SETTINGS_MODULE": "portal.settings"}
    run = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert run.returncode != 0
    assert "FILES_X_ACCEL_PREFIX must start and end with '/'" in run.stderr
