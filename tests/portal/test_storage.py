"""FILE_STORAGE=database (issue 16): uploads and generated PDFs in PostgreSQL (portal.StoredFile) through
portal.storage.DatabaseStorage, so every web node reads the same files; sent by the checked views in chunks, with
the file's checksum as ETag."""

import hashlib

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import Http404
from django.test import RequestFactory
from django.urls import reverse

from handbooks.workflow import HandbookVersion
from portal.files import stored_file_response
from portal.models import StoredFile
from portal.storage import CHUNK, DatabaseStorage
from tests.approvals.helpers import attach_form_file, make_handbook, published_with_form_file

THAI = "handbooks/forms/7/แบบคำขอ ฉบับ 2.pdf"
BIG = b"%PDF-1.4\n" + bytes(range(256)) * (CHUNK // 128) + b"\n%%EOF\n"  # over two chunks


@pytest.fixture
def database_storage(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "portal.storage.DatabaseStorage"}}
    return DatabaseStorage()


def _body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_a_file_saved_is_read_back_whole_in_chunks_with_its_size_and_checksum(db, database_storage):
    name = database_storage.save(THAI, ContentFile(BIG))
    assert name == THAI and database_storage.exists(THAI) and database_storage.size(THAI) == len(BIG)
    row = StoredFile.objects.get(name=THAI)
    assert row.sha256 == hashlib.sha256(BIG).hexdigest() and row.size == len(BIG)
    with database_storage.open(THAI) as handle:
        assert handle.read(10) == BIG[:10]
        assert handle.read() == BIG[10:]
        handle.seek(CHUNK - 3)
        assert handle.read(6) == BIG[CHUNK - 3 : CHUNK + 3]
    assert database_storage.listdir("handbooks/forms") == (["7"], [])
    assert database_storage.listdir("handbooks/forms/7") == ([], ["แบบคำขอ ฉบับ 2.pdf"])
    database_storage.delete(THAI)
    assert not database_storage.exists(THAI)
    with pytest.raises(FileNotFoundError):
        database_storage.open(THAI)
    with pytest.raises(FileNotFoundError):
        database_storage.listdir("handbooks/forms/7")


def test_a_second_file_of_the_same_name_gets_another_name_and_leaves_the_first_alone(db, database_storage):
    first = database_storage.save(THAI, ContentFile(b"one"))
    second = database_storage.save(THAI, ContentFile(b"two"))
    assert first == THAI and second != THAI and second.startswith("handbooks/forms/7/")
    assert database_storage.open(first).read() == b"one" and database_storage.open(second).read() == b"two"


def test_the_checked_view_streams_it_with_an_etag_and_answers_304_to_a_reader_who_has_it(
    db, database_storage, settings
):
    settings.FILES_X_ACCEL_PREFIX = "/_protected/"  # nginx has no copy on disk: the portal sends it anyway
    database_storage.save(THAI, ContentFile(BIG))
    etag = f'"{hashlib.sha256(BIG).hexdigest()}"'
    request = RequestFactory().get("/")
    response = stored_file_response(database_storage, THAI, content_type="application/pdf", filename="a.pdf")
    assert response.streaming and "X-Accel-Redirect" not in response
    assert response["ETag"] == etag and response["Content-Length"] == str(len(BIG))
    assert response["X-Content-Type-Options"] == "nosniff"
    assert _body(response) == BIG
    request = RequestFactory().get("/", headers={"If-None-Match": etag})
    again = stored_file_response(
        database_storage, THAI, content_type="application/pdf", filename="a.pdf", request=request
    )
    assert again.status_code == 304 and again["ETag"] == etag
    with pytest.raises(Http404):
        stored_file_response(
            database_storage, "handbooks/forms/7/gone.pdf", content_type="application/pdf", filename="x"
        )


def test_an_upload_lives_in_the_database_and_the_public_downloads_it_from_there(
    database_storage, author, approver, client, settings
):
    handbook, sample = published_with_form_file(author, approver, content=BIG)
    assert StoredFile.objects.filter(name=sample.file.name).exists()
    assert not (settings.MEDIA_ROOT / sample.file.name).exists()
    snapshot = HandbookVersion.objects.get(handbook=handbook, number=1).snapshot
    index = next(i for i, entry in enumerate(snapshot["forms"]) if entry["file"] == sample.file.name)
    response = client.get(reverse("public:form_file", kwargs={"pk": handbook.pk, "number": 1, "index": index}))
    assert response.status_code == 200 and _body(response) == BIG


def test_a_deleted_drafts_uploads_are_removed_from_the_database(database_storage, author, login):
    handbook = make_handbook(author)
    sample = attach_form_file(handbook)
    name = sample.file.name
    from handbooks import services

    assert services.remove_unused_uploads(handbook.pk, handbook.procedure_id) == []  # still used by its row
    sample.delete()
    assert services.remove_unused_uploads(handbook.pk, handbook.procedure_id) == [name]
    assert not default_storage.exists(name)


def test_the_handbook_pdf_is_rendered_once_and_stored_in_the_database(database_storage, author, approver, client):
    from handbooks import pdf
    from tests import pdf_tools

    pdf_tools.need_weasyprint()
    handbook = published_with_form_file(author, approver)[0]
    url = reverse("public:handbook_pdf", kwargs={"pk": handbook.pk})
    before = pdf.renders
    first = _body(client.get(url))
    assert first.startswith(b"%PDF-") and _body(client.get(url)) == first
    assert pdf.renders == before + 1
    name = pdf.stored_name(HandbookVersion.objects.get(handbook=handbook, number=1))
    assert bytes(StoredFile.objects.get(name=name).content) == first
