"""Officials' version pages (approvals:version) link the form file stored WITH that version
(approvals:version_form_file), also once the handbook is no longer public."""

import pytest
from django.urls import reverse

from handbooks.models import FormSample
from handbooks.workflow import HandbookVersion
from tests.approvals.helpers import PDF, attach_form_file, published_with_form_file, start_revision

pytestmark = pytest.mark.django_db

NEW = b"%PDF-1.4\n% the revised form\n%%EOF\n"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _bytes(response) -> bytes:
    assert response.status_code == 200, response.status_code
    return b"".join(response.streaming_content)


def _url(handbook, number: int, index: int) -> str:
    return reverse("approvals:version_form_file", kwargs={"pk": handbook.pk, "number": number, "index": index})


def test_an_old_version_keeps_its_file_for_officials_after_the_row_is_replaced_and_deleted(
    login, author, approver, central, outsider
):
    handbook, sample = published_with_form_file(author, approver)
    index = next(i for i, f in enumerate(handbook.live_version.snapshot["forms"]) if f["file"] == sample.file.name)
    start_revision(handbook, author)
    FormSample.objects.filter(pk=sample.pk).delete()
    attach_form_file(handbook, NEW, position=10)
    handbook.submit(author, change_note="แบบฟอร์มใหม่")
    handbook.approve(central)

    client = login(author)
    page = client.get(reverse("approvals:version", kwargs={"pk": handbook.pk, "number": 1})).content.decode()
    assert f'href="{_url(handbook, 1, index)}"' in page
    assert _bytes(client.get(_url(handbook, 1, index))) == PDF  # version 1: the file approved with it
    v2 = HandbookVersion.objects.get(handbook=handbook, number=2).snapshot["forms"]
    assert _bytes(client.get(_url(handbook, 2, next(i for i, f in enumerate(v2) if f["file"])))) == NEW

    handbook.unpublish(central, "ยกเลิกชั่วคราว")  # no longer public: officials still read its versions' files
    assert _bytes(client.get(_url(handbook, 1, index))) == PDF
    assert login().get(_url(handbook, 1, index)).status_code == 302  # anonymous → sign-in
    assert login(outsider).get(_url(handbook, 1, index)).status_code == 404  # not in the outsider's view
    assert client.get(_url(handbook, 1, 99)).status_code == 404
    assert client.get(_url(handbook, 7, index)).status_code == 404
    assert client.post(_url(handbook, 1, index)).status_code == 405
