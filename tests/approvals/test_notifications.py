"""E-mail: approvers of the scope on submit; the author (and submitter) on approve or return."""

import pytest
from django.core import mail
from django.urls import reverse

from tests.approvals.helpers import make_handbook, pending
from tests.factories import UserFactory


@pytest.fixture
def mailboxes(author, child_author, outsider, approver, approver_b, central, admin_user, ministry):
    moc = UserFactory(username="approver_moc", agency=ministry, is_approver=True)
    inactive = UserFactory(username="inactive", agency=author.agency, is_approver=True, is_active=False)
    for user in (author, child_author, outsider, approver, approver_b, central, admin_user, moc, inactive):
        user.email = f"{user.username}@example.go.th"
        user.save(update_fields=["email"])
    return moc


def _to():
    return sorted(address for message in mail.outbox for address in message.to)


@pytest.mark.django_db
def test_submit_mails_the_approvers_whose_scope_holds_the_agency(
    login, author, mailboxes, django_capture_on_commit_callbacks
):
    handbook = make_handbook(author)
    with django_capture_on_commit_callbacks(execute=True):
        response = login(author).post(reverse("approvals:submit", kwargs={"pk": handbook.pk}))
    assert response.status_code == 302
    # the department's approver, the ministry's approver and the central approver; not approver_b, not inactive
    assert _to() == ["approver@example.go.th", "approver_moc@example.go.th", "central@example.go.th"]
    message = mail.outbox[0]
    assert message.subject.startswith("[รออนุมัติ]")
    assert f"http://testserver{reverse('approvals:review', kwargs={'pk': handbook.pk})}" in message.body
    assert handbook.procedure.name in message.body


@pytest.mark.django_db
def test_approve_mails_the_author_with_the_public_link(
    login, author, approver, mailboxes, django_capture_on_commit_callbacks
):
    handbook = pending(author)
    with django_capture_on_commit_callbacks(execute=True):
        login(approver).post(reverse("approvals:approve", kwargs={"pk": handbook.pk}), {"comment": "เรียบร้อยดี"})
    assert _to() == ["author@example.go.th"]
    body = mail.outbox[0].body
    assert mail.outbox[0].subject.startswith("[อนุมัติเผยแพร่แล้ว]")
    assert "เรียบร้อยดี" in body
    assert reverse("public:handbook", kwargs={"pk": handbook.pk}) in body


@pytest.mark.django_db
def test_return_mails_the_author_and_the_submitter_with_the_reason(
    author, admin_user, central, mailboxes, django_capture_on_commit_callbacks
):
    handbook = make_handbook(author)
    handbook.submit(admin_user)  # an administrator submitted on the author's behalf
    with django_capture_on_commit_callbacks(execute=True):
        handbook.return_for_changes(central, "เอกสารไม่ครบ")
    assert _to() == ["admin@example.go.th", "author@example.go.th"]
    assert all("เหตุผลที่ส่งกลับแก้ไข: เอกสารไม่ครบ" in m.body for m in mail.outbox)


@pytest.mark.django_db
def test_no_mail_when_the_transition_is_refused(author, approver_b, mailboxes, django_capture_on_commit_callbacks):
    from handbooks.workflow import ActorNotAllowed

    handbook = pending(author)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ActorNotAllowed):
        handbook.approve(approver_b)
    assert mail.outbox == []
