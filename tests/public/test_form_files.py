"""Uploaded form samples (H8) are versioned with the published handbook: each version serves the file approved with
it (public:form_file), and a file uploaded in an unapproved revision is never public."""

import copy

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from handbooks.models import FormSample, form_sample_path
from handbooks.public_views import _public_snapshot
from handbooks.snapshot import build_snapshot, handbook_queryset
from handbooks.views import FORM_FOLDER
from handbooks.workflow import HandbookVersion
from tests.approvals.helpers import (
    PDF,
    attach_form_file,
    make_handbook,
    published,
    published_with_form_file,
    start_revision,
)
from tests.handbooks.helpers import add_row, form_data

pytestmark = pytest.mark.django_db

OLD = PDF
NEW = b"%PDF-1.4\n% the revised form\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def _file_url(handbook, number: int, index: int) -> str:
    return reverse("public:form_file", kwargs={"pk": handbook.pk, "number": number, "index": index})


def _index(snapshot: dict, name: str) -> int:
    return next(i for i, entry in enumerate(snapshot["forms"]) if entry["file"] == name)


def _bytes(response) -> bytes:
    assert response.status_code == 200, response.status_code
    return b"".join(response.streaming_content)


def _snapshot(handbook, number: int) -> dict:
    return HandbookVersion.objects.get(handbook=handbook, number=number).snapshot


def _post_with_new_file(client, handbook, author, sample, upload) -> None:
    """What the authoring page posts when the author replaces the file of an existing form sample row."""
    data = form_data(handbook, author)
    row = next(
        k.split("-")[1] for k, v in data.items() if k.startswith("forms-") and k.endswith("-id") and v == str(sample.pk)
    )
    data[f"forms-{row}-file"] = upload
    response = client.post(reverse("handbooks:update", args=[handbook.pk]), data)
    assert response.status_code == 302, response.context and response.context.get("form").errors


def test_snapshot_records_each_forms_storage_name_and_keeps_the_officials_link(author):
    handbook = make_handbook(author)
    sample = attach_form_file(handbook)
    forms = build_snapshot(handbook_queryset().get(pk=handbook.pk))["forms"]
    assert [f["file"] for f in forms] == ["", sample.file.name]  # the factory's row is a link only
    assert forms[1]["file_url"] == reverse("handbooks:form_file", kwargs={"pk": sample.pk})
    assert sample.file.name.startswith(FORM_FOLDER) and form_sample_path(sample, "x.pdf").startswith(FORM_FOLDER)


def test_public_downloads_the_approved_file_from_the_live_page_and_from_its_version(client, author, approver):
    handbook, sample = published_with_form_file(author, approver)
    index = _index(handbook.live_version.snapshot, sample.file.name)
    url = _file_url(handbook, 1, index)
    for page in ("public:handbook", "public:version"):
        kwargs = {"pk": handbook.pk} | ({"number": 1} if page == "public:version" else {})
        html = client.get(reverse(page, kwargs=kwargs)).content.decode()
        assert f'href="{url}"' in html
        assert reverse("handbooks:form_file", kwargs={"pk": sample.pk}) not in html
    response = client.get(url)
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert _bytes(response) == OLD
    assert client.post(url).status_code == 405


def test_a_replaced_file_waits_for_approval_and_each_version_keeps_its_own_file(
    client, login, author, approver, central
):
    handbook, sample = published_with_form_file(author, approver)
    index = _index(handbook.live_version.snapshot, sample.file.name)
    current_url = reverse("handbooks:form_file", kwargs={"pk": sample.pk})
    assert _bytes(client.get(current_url)) == OLD  # the live version's file: public

    _post_with_new_file(login(author), handbook, author, sample, SimpleUploadedFile("new.pdf", NEW, "application/pdf"))
    sample.refresh_from_db()
    handbook.refresh_from_db()
    assert handbook.status == "draft" and handbook.live_version.number == 1
    # Unapproved: the public cannot reach the new file by any link; its author (an official in scope) can.
    assert client.get(current_url).status_code == 404
    assert _bytes(login(author).get(current_url)) == NEW
    live = client.get(reverse("public:handbook", kwargs={"pk": handbook.pk})).content.decode()
    assert _file_url(handbook, 1, index) in live
    assert _bytes(client.get(_file_url(handbook, 1, index))) == OLD

    handbook.submit(author, change_note="แบบคำขอฉบับใหม่")
    assert client.get(current_url).status_code == 404  # pending is not approved either
    handbook.approve(central)
    assert _bytes(client.get(_file_url(handbook, 1, index))) == OLD  # version 1 never changes
    assert _bytes(client.get(_file_url(handbook, 2, index))) == NEW
    assert _bytes(client.get(current_url)) == NEW  # now the live version's file
    live = client.get(reverse("public:handbook", kwargs={"pk": handbook.pk})).content.decode()
    assert _file_url(handbook, 2, index) in live and _file_url(handbook, 1, index) not in live
    old_page = client.get(reverse("public:version", kwargs={"pk": handbook.pk, "number": 1})).content.decode()
    assert _file_url(handbook, 1, index) in old_page


def test_a_new_row_with_a_file_in_a_revision_is_404_for_the_public_until_approved(client, login, author, central):
    handbook = published(author, central)
    data = form_data(handbook, author)
    row = add_row(data, "forms", name="แบบคำขอใหม่", position=5)
    data[f"forms-{row}-file"] = SimpleUploadedFile("new.pdf", NEW, "application/pdf")
    assert login(author).post(reverse("handbooks:update", args=[handbook.pk]), data).status_code == 302
    sample = FormSample.objects.get(handbook=handbook, name="แบบคำขอใหม่")
    url = reverse("handbooks:form_file", kwargs={"pk": sample.pk})
    assert client.get(url).status_code == 404
    assert _bytes(login(author).get(url)) == NEW
    assert url not in client.get(reverse("public:handbook", kwargs={"pk": handbook.pk})).content.decode()
    handbook.refresh_from_db()
    handbook.submit(author)
    handbook.approve(central)
    assert _bytes(client.get(url)) == NEW
    index = _index(handbook.live_version.snapshot, sample.file.name)
    assert _bytes(client.get(_file_url(handbook, 2, index))) == NEW


def test_deleting_the_row_keeps_the_old_versions_link_working(client, author, approver, central):
    handbook, sample = published_with_form_file(author, approver)
    index = _index(handbook.live_version.snapshot, sample.file.name)
    start_revision(handbook, author)
    sample.delete()  # Django leaves the stored file on disk
    handbook.submit(author)
    handbook.approve(central)
    assert all(not f["file"] for f in handbook.live_version.snapshot["forms"])
    assert _bytes(client.get(_file_url(handbook, 1, index))) == OLD
    assert client.get(_file_url(handbook, 2, index)).status_code == 404  # version 2 has no such entry


def test_bad_index_forged_number_link_only_entry_and_hidden_handbooks_are_404(client, author, approver):
    handbook, sample = published_with_form_file(author, approver)
    forms = handbook.live_version.snapshot["forms"]
    link_only = next(i for i, f in enumerate(forms) if not f["file"])
    assert client.get(_file_url(handbook, 1, len(forms))).status_code == 404
    assert client.get(_file_url(handbook, 1, 10**6)).status_code == 404
    assert client.get(_file_url(handbook, 2, 0)).status_code == 404  # no version 2
    assert client.get(_file_url(handbook, 1, link_only)).status_code == 404
    other, _other_sample = published_with_form_file(author, approver)
    assert client.get(_file_url(other, 1, len(forms))).status_code == 404
    draft = make_handbook(author)
    attach_form_file(draft)
    assert client.get(_file_url(draft, 1, 1)).status_code == 404
    handbook.unpublish(approver, "ยกเลิกกระบวนงาน")
    assert client.get(_file_url(handbook, 1, _index(_snapshot(handbook, 1), sample.file.name))).status_code == 404


@pytest.mark.parametrize(
    "name",
    [
        "../../etc/passwd",
        "/etc/passwd",
        "handbooks/forms/../../../etc/passwd",
        "handbooks/forms/1/../../../portal/settings.py",
        "handbooks/forms//etc/passwd",
        "handbooks/forms/1/missing.pdf",
        pytest.param(
            "handbooks/forms/1\x00.pdf",
            marks=pytest.mark.skipif(
                connection.vendor == "postgresql", reason="PostgreSQL's jsonb cannot even store a NUL character"
            ),
        ),
        "portal/settings.py",
        "handbooks/forms/",
        "handbooks/forms/{pk}",  # the handbook's upload folder itself, not a file
        "handbooks/forms/{pk}/../{pk}/form.pdf",
        123,
    ],
)
def test_a_stored_name_outside_the_upload_folder_or_missing_is_404_never_500(client, author, approver, name):
    handbook, _sample = published_with_form_file(author, approver)
    if isinstance(name, str):
        name = name.replace("{pk}", str(handbook.pk))
    entry = {"name": "ปลอม", "url": "", "file": name, "file_url": "", "note": ""}
    snapshot = {**handbook.live_version.snapshot, "forms": [entry]}
    HandbookVersion.objects.create(handbook=handbook, number=2, snapshot=snapshot, approved_at=timezone.now())
    client.raise_request_exception = True
    assert client.get(_file_url(handbook, 2, 0)).status_code == 404


def test_versions_stored_before_forms_named_their_file_keep_their_link(client, login, author, approver, outsider):
    """Legacy snapshots (no "file" key) link the row's current file: public while the live snapshot lists it."""
    handbook = make_handbook(author)
    sample = attach_form_file(handbook)
    snapshot = build_snapshot(handbook_queryset().get(pk=handbook.pk))
    for entry in snapshot["forms"]:
        del entry["file"]
    version = HandbookVersion.objects.create(handbook=handbook, number=1, snapshot=snapshot, approved_at=timezone.now())
    type(handbook).objects.filter(pk=handbook.pk).update(live_version=version, status="published")
    legacy_url = reverse("handbooks:form_file", kwargs={"pk": sample.pk})
    html = client.get(reverse("public:handbook", kwargs={"pk": handbook.pk})).content.decode()
    assert f'href="{legacy_url}"' in html
    assert _bytes(client.get(legacy_url)) == OLD
    assert client.get(_file_url(handbook, 1, 1)).status_code == 404  # nothing names the file: no versioned link
    newer = attach_form_file(handbook, NEW, position=10)  # a row the legacy version does not list
    newer_url = reverse("handbooks:form_file", kwargs={"pk": newer.pk})
    assert client.get(newer_url).status_code == 404
    assert _bytes(login(author).get(newer_url)) == NEW  # officials in the handbook's scope: its working copy
    assert login(outsider).get(newer_url).status_code == 404  # another agency's officials: as the public


def test_public_pages_do_not_change_the_stored_snapshot(author, approver):
    handbook, sample = published_with_form_file(author, approver)
    version = handbook.live_version
    before = copy.deepcopy(version.snapshot)
    shown = _public_snapshot(handbook, version)
    index = _index(before, sample.file.name)
    assert shown["forms"][index]["file_url"] == _file_url(handbook, 1, index)
    assert version.snapshot == before
    assert version.snapshot["forms"][index]["file_url"] == reverse("handbooks:form_file", kwargs={"pk": sample.pk})
    version.refresh_from_db()
    assert version.snapshot == before


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        _bytes(client.get(url))
    return len(ctx)


def test_the_version_file_view_costs_the_same_queries_with_1_and_20_form_files(client, author, approver):
    one, sample = published_with_form_file(author, approver)
    few = _queries(client, _file_url(one, 1, _index(one.live_version.snapshot, sample.file.name)))
    many = make_handbook(author)
    samples = [attach_form_file(many, position=10 + i) for i in range(20)]
    many.submit(author)
    many.approve(approver)
    last = _index(_snapshot(many, 1), samples[-1].file.name)
    assert _queries(client, _file_url(many, 1, last)) == few == 1


def test_only_files_in_the_upload_folder_are_served_even_when_another_stored_file_exists(
    client, author, approver, media
):
    handbook, sample = published_with_form_file(author, approver)
    (media / "private").mkdir()
    (media / "private" / "secret.pdf").write_bytes(b"%PDF-1.4 secret")
    folder, filename = sample.file.name.rsplit("/", 1)
    names = [
        "private/secret.pdf",
        "handbooks/forms/../private/secret.pdf",
        f"{folder}/../{folder.rsplit('/', 1)[1]}/{filename}",
    ]
    entries = [{"name": "ปลอม", "url": "", "file": name, "file_url": "", "note": ""} for name in names]
    snapshot = {**handbook.live_version.snapshot, "forms": entries}
    HandbookVersion.objects.create(handbook=handbook, number=2, snapshot=snapshot, approved_at=timezone.now())
    assert [client.get(_file_url(handbook, 2, i)).status_code for i in range(len(names))] == [404] * len(names)
