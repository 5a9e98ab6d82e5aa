"""Deleting a handbook (issue 12): whoever may edit a draft that was never published, and that waits for no decision,
may delete it; a handbook that ever had a published version stays, its versions being the legal record of what
citizens were told. One audit row; the draft's own uploaded files go after the commit unless a copy still names them.
"""

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse

from handbooks import services
from handbooks.models import FormSample, Handbook, HandbookVersion
from handbooks.sections import ROWS
from portal.models import AuditEntry
from tests.approvals.helpers import attach_form_file, in_state, make_handbook, pending, published

pytestmark = pytest.mark.django_db


def _delete(client, handbook):
    return client.post(reverse("handbooks:delete", args=[handbook.pk]))


def _deleted_rows():
    return AuditEntry.objects.filter(action="handbooks.handbook.deleted")


def _unpublished(author, approver) -> Handbook:
    """Published once, then taken off the public site: no live version, but a version exists."""
    handbook = published(author, approver)
    handbook.unpublish(approver, "ยกเลิกกระบวนงานนี้แล้ว")
    handbook.refresh_from_db()
    return handbook


def test_the_author_deletes_a_never_published_draft_with_all_its_rows_and_one_audit_row(author, login):
    handbook = make_handbook(author, rows=3)
    rows = {r.key: list(getattr(handbook, r.key).values_list("pk", flat=True)) for r in ROWS}
    assert all(len(ids) == 3 for ids in rows.values())
    client = login(author)

    response = _delete(client, handbook)

    assert response.status_code == 302 and response["Location"] == reverse("handbooks:list")
    assert not Handbook.objects.filter(pk=handbook.pk).exists()
    for r in ROWS:
        assert not r.model.objects.filter(pk__in=rows[r.key]).exists(), r.key
    entry = _deleted_rows().get()
    assert (entry.actor, entry.object_id) == (author, str(handbook.pk))
    assert entry.data == {
        "reference_name": handbook.reference_name,
        "procedure": handbook.procedure_id,
        "agency": author.agency_id,
        "status": "draft",
    }
    assert f"ลบร่างคู่มือ “{handbook.reference_name}” แล้ว" in client.get(response["Location"]).content.decode()


def test_a_first_draft_returned_by_the_approver_was_never_published_and_may_be_deleted(author, approver, login):
    handbook = in_state("returned", author, approver)
    assert _delete(login(author), handbook).status_code == 302
    assert not Handbook.objects.filter(pk=handbook.pk).exists()


def test_the_administrator_may_delete_a_draft_as_anyone_who_may_edit_it(author, admin_user, login):
    handbook = make_handbook(author)
    assert _delete(login(admin_user), handbook).status_code == 302
    assert not Handbook.objects.filter(pk=handbook.pk).exists()
    assert _deleted_rows().get().actor == admin_user


@pytest.mark.parametrize(
    ("state", "message"),
    [
        ("published", "คู่มือนี้เคยเผยแพร่แล้ว จึงลบไม่ได้"),
        ("revision", "คู่มือนี้เคยเผยแพร่แล้ว จึงลบไม่ได้"),  # a draft revision of a published handbook
        ("unpublished", "คู่มือนี้เคยเผยแพร่แล้ว จึงลบไม่ได้"),  # no live version, but its versions stay
        ("pending", "คู่มือนี้อยู่ระหว่างรออนุมัติ จึงลบไม่ได้"),
    ],
)
def test_a_handbook_ever_published_or_waiting_for_a_decision_is_not_deleted(state, message, author, approver, login):
    handbook = _unpublished(author, approver) if state == "unpublished" else in_state(state, author, approver)
    versions = HandbookVersion.objects.filter(handbook=handbook).count()
    client = login(author)

    response = _delete(client, handbook)

    assert response.status_code == 302 and response["Location"] == reverse("handbooks:detail", args=[handbook.pk])
    assert message in client.get(response["Location"]).content.decode()
    handbook.refresh_from_db()  # still there, with every version
    assert HandbookVersion.objects.filter(handbook=handbook).count() == versions
    assert not _deleted_rows().exists()


def test_another_agencys_author_gets_404_and_an_approver_403(author, outsider, child_author, approver, login):
    handbook = make_handbook(author)
    assert _delete(login(outsider), handbook).status_code == 404
    assert _delete(login(child_author), handbook).status_code == 404  # a division below sees only its own
    assert _delete(login(approver), handbook).status_code == 403
    assert Handbook.objects.filter(pk=handbook.pk).exists() and not _deleted_rows().exists()


def test_delete_is_post_only(author, login):
    handbook = make_handbook(author)
    assert login(author).get(reverse("handbooks:delete", args=[handbook.pk])).status_code == 405
    assert Handbook.objects.filter(pk=handbook.pk).exists()


def test_the_delete_button_asks_for_confirmation_and_shows_only_for_a_deletable_draft(author, approver, login):
    client = login(author)
    draft = make_handbook(author)
    page = client.get(reverse("handbooks:detail", args=[draft.pk])).content.decode()
    assert f'action="{reverse("handbooks:delete", args=[draft.pk])}"' in page
    assert 'data-confirm="ลบร่างคู่มือนี้และข้อมูลทุกส่วนหรือไม่ ลบแล้วกู้คืนไม่ได้">ลบร่างคู่มือ</button>' in page
    for handbook in (published(author, approver), pending(author), _unpublished(author, approver)):
        page = client.get(reverse("handbooks:detail", args=[handbook.pk])).content.decode()
        assert reverse("handbooks:delete", args=[handbook.pk]) not in page and "ลบร่างคู่มือ" not in page


def test_a_submission_that_came_first_wins_over_a_delete_sent_from_an_older_page(author, login):
    """The rule is checked again on the locked row: the page showed the button, but the draft is pending now."""
    handbook = make_handbook(author)
    stale = Handbook.objects.select_related("agency").get(pk=handbook.pk)
    handbook.submit(author)
    with pytest.raises(services.NotDeletable) as refused:
        services.delete_draft(stale, author)
    assert "รออนุมัติ" in refused.value.message
    assert Handbook.objects.filter(pk=handbook.pk, status="pending").exists()


# ----- uploaded files -----


def test_the_drafts_own_uploads_are_removed_after_the_commit(author, login, django_capture_on_commit_callbacks):
    handbook = make_handbook(author)
    current = attach_form_file(handbook)
    replaced = attach_form_file(handbook, position=10)  # an upload the official replaced later stays on disk
    FormSample.objects.filter(pk=replaced.pk).update(file="")
    names = [current.file.name, replaced.file.name]
    assert all(default_storage.exists(name) for name in names)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert _delete(login(author), handbook).status_code == 302
    assert all(default_storage.exists(name) for name in names)  # nothing removed before the commit
    for callback in callbacks:
        callback()

    assert not any(default_storage.exists(name) for name in names)


def test_files_a_copy_still_names_stay_on_disk(author, login, django_capture_on_commit_callbacks):
    """A copy shares its source's stored files (same names): deleting the source must not break the copy."""
    handbook = make_handbook(author)
    shared = attach_form_file(handbook)
    own = attach_form_file(handbook, position=10)
    copy = services.copy_handbook(handbook, author)
    copy.forms.filter(file=own.file.name).update(file="")  # the copy no longer uses this one

    with django_capture_on_commit_callbacks(execute=True):
        assert _delete(login(author), handbook).status_code == 302

    assert default_storage.exists(shared.file.name)
    assert not default_storage.exists(own.file.name)
    assert copy.forms.get(file=shared.file.name).file.read().startswith(b"%PDF")


def test_files_a_published_copy_recorded_in_its_version_stay_on_disk(
    author, approver, login, django_capture_on_commit_callbacks
):
    handbook = make_handbook(author)
    sample = attach_form_file(handbook)
    copy = services.copy_handbook(handbook, author)
    copy.submit(author)
    copy.approve(approver)
    copy.forms.filter(file=sample.file.name).update(file="")  # a later revision dropped the file; version 1 keeps it

    with django_capture_on_commit_callbacks(execute=True):
        assert _delete(login(author), handbook).status_code == 302

    assert default_storage.exists(sample.file.name)


def test_deleting_a_copy_leaves_the_source_handbooks_files(author, login, django_capture_on_commit_callbacks):
    source = make_handbook(author)
    sample = attach_form_file(source)
    copy = services.copy_handbook(source, author)
    assert copy.forms.filter(file=sample.file.name).exists()

    with django_capture_on_commit_callbacks(execute=True):
        assert _delete(login(author), copy).status_code == 302

    assert default_storage.exists(sample.file.name)  # stored in the source's folder, named by the source's row
