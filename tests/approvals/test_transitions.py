"""The transition table: (start state, action, actor) → new state or the error; one audit row per transition."""

import pytest

from handbooks.workflow import (
    AUDIT_ACTIONS,
    TRANSITIONS,
    ActorNotAllowed,
    HandbookVersion,
    ReasonRequired,
    Status,
    TransitionNotAllowed,
    UnmetRules,
)
from portal.models import AuditEntry
from tests.approvals.helpers import in_state, make_handbook, pending, published, start_revision
from tests.factories import UserFactory

D, P, PUB, R = Status.DRAFT, Status.PENDING, Status.PUBLISHED, Status.RETURNED
PC = Status.PENDING_CENTRAL
NA, ACTOR, REASON = TransitionNotAllowed, ActorNotAllowed, ReasonRequired

# (start state, action, actor) → new state, or the exception class. The handbook belongs to agency A, written
# and submitted by `author`; "approver" approves agency A; "approver_b" a sibling department; "central" all.
TABLE = [
    # submit (H10): authors of the agency subtree, from draft or returned
    ("draft", "submit", "author", P),
    ("draft", "submit", "admin_user", P),
    ("draft", "submit", "child_author", ACTOR),
    ("draft", "submit", "outsider", ACTOR),
    ("draft", "submit", "approver", ACTOR),
    ("draft", "submit", "central", ACTOR),
    ("returned", "submit", "author", P),
    ("revision", "submit", "author", P),
    ("pending", "submit", "author", NA),
    ("published", "submit", "author", NA),
    # withdraw: only the submitter
    ("pending", "withdraw", "author", D),
    ("pending", "withdraw", "admin_user", D),
    ("pending", "withdraw", "child_author", ACTOR),
    ("pending", "withdraw", "approver", ACTOR),
    ("pending", "withdraw", "outsider", ACTOR),
    ("draft", "withdraw", "author", NA),
    ("returned", "withdraw", "author", NA),
    ("published", "withdraw", "author", NA),
    # approve: approvers in scope, never their own request
    ("pending", "approve", "approver", PUB),
    ("pending", "approve", "central", PUB),
    ("pending", "approve", "admin_user", PUB),
    ("revision_pending", "approve", "approver", PUB),
    ("pending", "approve", "approver_b", ACTOR),
    ("pending", "approve", "author", ACTOR),
    ("pending", "approve", "child_author", ACTOR),
    ("pending", "approve", "outsider", ACTOR),
    ("draft", "approve", "approver", NA),
    ("returned", "approve", "approver", NA),
    ("published", "approve", "approver", NA),
    ("revision", "approve", "approver", NA),
    # return: like approve, and a reason is required
    ("pending", "return", "approver", R),
    ("pending", "return", "central", R),
    ("revision_pending", "return", "central", R),
    ("pending", "return", "approver_b", ACTOR),
    ("pending", "return", "author", ACTOR),
    ("draft", "return", "approver", NA),
    ("published", "return", "approver", NA),
    # unpublish (ยกเลิกการเผยแพร่): approvers in scope, a live version, not while pending
    ("published", "unpublish", "approver", D),
    ("published", "unpublish", "central", D),
    ("revision", "unpublish", "approver", D),
    ("published", "unpublish", "approver_b", ACTOR),
    ("published", "unpublish", "author", ACTOR),
    ("published", "unpublish", "outsider", ACTOR),
    ("draft", "unpublish", "approver", NA),
    ("returned", "unpublish", "approver", NA),
    ("pending", "unpublish", "approver", NA),
    ("revision_pending", "unpublish", "approver", NA),
    # a returned revision loses its public page and is a draft again, as the table says (issue 11, defect 5)
    ("revision_returned", "unpublish", "approver", D),
    # revise: an author's edit of a published or returned handbook starts a draft revision
    ("published", "revise", "author", D),
    ("published", "revise", "admin_user", D),
    ("returned", "revise", "author", D),
    ("revision_returned", "revise", "author", D),
    ("published", "revise", "child_author", ACTOR),
    ("published", "revise", "outsider", ACTOR),
    ("published", "revise", "approver", ACTOR),
    ("pending", "revise", "author", NA),
    ("draft", "revise", "author", NA),
    # A two-stage chain (issue 13): stage 1, the agency's approvers agree and forward to ก.พ.ร.
    ("two_stage_pending", "forward", "approver", PC),
    ("two_stage_pending", "forward", "admin_user", PC),
    ("two_stage_pending", "forward", "approver_b", ACTOR),
    ("two_stage_pending", "forward", "author", ACTOR),
    ("two_stage_pending", "forward", "outsider", ACTOR),
    ("two_stage_pending", "return", "approver", R),
    ("two_stage_pending", "withdraw", "author", D),
    # stage 2: only ก.พ.ร.'s central approvers decide; approving there publishes
    ("central_pending", "approve", "central", PUB),
    ("central_pending", "approve", "admin_user", PUB),
    ("central_pending", "approve", "approver", ACTOR),
    ("central_pending", "approve", "approver_b", ACTOR),
    ("central_pending", "approve", "author", ACTOR),
    ("central_pending", "return", "central", R),
    ("central_pending", "return", "approver", ACTOR),
    ("central_pending", "withdraw", "author", D),
    ("central_pending", "withdraw", "approver", ACTOR),
    ("central_pending", "submit", "author", NA),
    ("central_pending", "revise", "author", NA),
    ("central_pending", "unpublish", "approver", NA),
    # ตรวจสอบหลังเผยแพร่: ก.พ.ร. flags a published handbook; the state stays
    ("published", "flag", "central", PUB),
    ("published", "flag", "admin_user", PUB),
    ("revision", "flag", "central", D),
    ("published", "flag", "approver", ACTOR),
    ("published", "flag", "author", ACTOR),
    ("draft", "flag", "central", NA),
    ("flagged", "unflag", "central", PUB),
    ("flagged", "unflag", "approver", ACTOR),
    ("published", "unflag", "central", NA),
]


def _act(handbook, action, user, reason="เหตุผลประกอบ"):
    if action == "submit":
        return handbook.submit(user, change_note="ปรับปรุง")
    if action == "withdraw":
        return handbook.withdraw(user)
    if action in ("approve", "forward"):  # one button: at stage 1 of a two-stage chain it forwards
        return handbook.approve(user, comment="")
    if action == "flag":
        return handbook.flag(user, reason)
    if action == "unflag":
        return handbook.unflag(user)
    if action == "return":
        return handbook.return_for_changes(user, reason)
    if action == "revise":
        return handbook.revise(user)
    return handbook.unpublish(user, reason)


@pytest.mark.django_db
@pytest.mark.parametrize(("state", "action", "actor", "expected"), TABLE)
def test_transition_table(request, author, approver, state, action, actor, expected):
    handbook = in_state(state, author, approver)
    user = request.getfixturevalue(actor)
    before_status, before_live = handbook.status, handbook.live_version_id
    last_audit = AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    if isinstance(expected, type):
        with pytest.raises(expected) as info:
            _act(handbook, action, user)
        assert info.value.message  # a Thai message for the user
        handbook.refresh_from_db()
        assert (handbook.status, handbook.live_version_id) == (before_status, before_live)
        assert not AuditEntry.objects.filter(pk__gt=last_audit).exists()
    else:
        _act(handbook, action, user)
        handbook.refresh_from_db()
        assert handbook.status == expected == TRANSITIONS[action][before_status]
        written = AuditEntry.objects.filter(pk__gt=last_audit)
        assert [(e.action, e.actor) for e in written] == [(AUDIT_ACTIONS[action], user)]


def test_every_action_of_the_table_is_tested():
    assert {row[1] for row in TABLE} == set(TRANSITIONS)


@pytest.mark.django_db
def test_H10_self_approval_is_refused_for_the_submitter(agency_a):
    both = UserFactory(username="both", agency=agency_a, is_author=True, is_approver=True)
    handbook = make_handbook(both)
    handbook.submit(both)
    with pytest.raises(ActorNotAllowed) as info:
        handbook.approve(both)
    assert info.value.code == "own_request"
    with pytest.raises(ActorNotAllowed):
        handbook.return_for_changes(both, "ขอแก้")
    handbook.refresh_from_db()
    assert handbook.status == Status.PENDING and not handbook.versions.exists()


@pytest.mark.django_db
def test_approver_who_last_edited_cannot_approve(author, approver, central):
    handbook = make_handbook(author)
    handbook.submit(author)
    type(handbook).objects.filter(pk=handbook.pk).update(updated_by=approver)
    handbook.refresh_from_db()
    with pytest.raises(ActorNotAllowed):
        handbook.approve(approver)
    handbook.approve(central)
    handbook.refresh_from_db()
    assert handbook.status == Status.PUBLISHED


@pytest.mark.django_db
@pytest.mark.parametrize("reason", ["", "   "])
def test_return_requires_a_reason(author, approver, reason):
    handbook = pending(author)
    with pytest.raises(ReasonRequired):
        handbook.return_for_changes(approver, reason)
    handbook.refresh_from_db()
    assert handbook.status == Status.PENDING and handbook.decision_note == ""


@pytest.mark.django_db
def test_unpublish_requires_a_reason(author, approver):
    handbook = published(author, approver)
    with pytest.raises(ReasonRequired):
        handbook.unpublish(approver, "")
    handbook.refresh_from_db()
    assert handbook.live_version_id is not None


@pytest.mark.django_db
def test_approve_stores_a_numbered_version_with_snapshot_approver_and_note(author, approver, central):
    handbook = published(author, approver)
    v1 = handbook.live_version
    assert (v1.number, v1.approved_by, v1.change_note, v1.submitted_by) == (1, approver, "ฉบับแรก", author)
    assert v1.snapshot["procedure"]["name"] == handbook.procedure.name
    assert len(v1.snapshot["steps"]) == 1
    start_revision(handbook, author)
    handbook.submit(author, change_note="เพิ่มเอกสาร")
    v2 = handbook.approve(central, comment="ตรวจแล้ว")
    handbook.refresh_from_db()
    assert (v2.number, handbook.live_version, v2.change_note, v2.approve_comment) == (2, v2, "เพิ่มเอกสาร", "ตรวจแล้ว")
    assert HandbookVersion.objects.filter(handbook=handbook).count() == 2


@pytest.mark.django_db
def test_unpublish_clears_the_live_version_but_keeps_every_version(author, approver):
    handbook = published(author, approver)
    handbook.unpublish(approver, "กฎหมายถูกยกเลิก")
    handbook.refresh_from_db()
    assert handbook.live_version_id is None and handbook.status == Status.DRAFT
    assert handbook.decision_note == "กฎหมายถูกยกเลิก"
    assert handbook.versions.count() == 1
    entry = AuditEntry.objects.filter(action="approvals.handbook.unpublished").get()
    assert entry.data == {"reason": "กฎหมายถูกยกเลิก", "version": 1}


@pytest.mark.django_db
def test_H10_submit_is_refused_while_rules_are_unmet(author):
    handbook = make_handbook(author, rows=0)
    with pytest.raises(UnmetRules) as info:
        handbook.submit(author)
    rules = {u.rule for u in info.value.unmet}
    assert "H1" in rules  # no service channel
    handbook.refresh_from_db()
    assert handbook.status == Status.DRAFT and handbook.submitted_at is None


@pytest.mark.django_db
def test_resubmitting_after_return_clears_the_previous_decision(author, approver):
    handbook = in_state("returned", author, approver)
    assert handbook.decision_note
    handbook.submit(author)
    handbook.refresh_from_db()
    assert handbook.status == Status.PENDING and handbook.decision_note == "" and handbook.decided_by is None


@pytest.mark.django_db
@pytest.mark.parametrize("state", ["published", "returned"])
def test_saving_an_edit_goes_through_the_revise_transition(state, author, approver, login):
    """Issue 11, defect 5: the edit page changes the state only through the transition table, with its audit row."""
    from django.urls import reverse

    from tests.handbooks.helpers import form_data

    handbook = in_state(state, author, approver)
    data = form_data(handbook, author)
    data["note"] = "แก้ไขหมายเหตุ"
    client = login(author)
    last = AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first()
    assert client.post(reverse("handbooks:update", args=[handbook.pk]), data).status_code == 302
    handbook.refresh_from_db()
    assert handbook.status == TRANSITIONS["revise"][state] == Status.DRAFT
    written = list(AuditEntry.objects.filter(pk__gt=last).order_by("pk").values_list("action", "data__status_before"))
    assert [a for a, _ in written] == ["handbooks.handbook.revised", "handbooks.handbook.updated"]
    assert written[1][1] == state
