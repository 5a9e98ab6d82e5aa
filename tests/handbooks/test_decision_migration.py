"""Upgrading to the approval chain (issue 13): earlier approvals and returns, recorded then only as audit rows, become
one stage-1 Decision each (with the return's reason), so that the reports count returns from the start."""

import pytest

from tests.migration_steps import migrate_to, migrate_to_latest

BEFORE = [("handbooks", "0005_workflow_in_handbooks")]
AFTER = [("handbooks", "0006_approval_chain")]

pytestmark = pytest.mark.django_db(transaction=True)


def test_audited_approvals_and_returns_become_stage_1_decisions():
    old = migrate_to(BEFORE)
    Agency = old.get_model("portal", "Agency")
    User = old.get_model("portal", "User")
    Procedure = old.get_model("procedures", "Procedure")
    Handbook = old.get_model("handbooks", "Handbook")
    AuditEntry = old.get_model("portal", "AuditEntry")
    ContentType = old.get_model("contenttypes", "ContentType")
    agency = Agency.objects.create(
        name="กรมทดสอบ", code="81000000", level_kind="ministry", lft=1, rght=2, tree_id=1, level=0
    )
    author = User.objects.create(username="m_author", agency=agency, is_author=True)
    approver = User.objects.create(username="m_approver", agency=agency, is_approver=True)
    procedure = Procedure.objects.create(name="การขอทดสอบผลการพิจารณา [N]", agency=agency, category="permit")
    handbook = Handbook.objects.create(procedure=procedure, agency=agency, author=author, reference_name="คู่มือ")
    content_type, _ = ContentType.objects.get_or_create(app_label="handbooks", model="handbook")
    rows = [
        ("approvals.handbook.submitted", {"change_note": "ฉบับแรก"}),
        ("approvals.handbook.returned", {"reason": "เอกสารไม่ครบ"}),
        ("approvals.handbook.approved", {"comment": "เรียบร้อย", "version": 1}),
        ("handbooks.handbook.updated", {}),
    ]
    for action, data in rows:
        AuditEntry.objects.create(
            action=action, actor=approver, content_type=content_type, object_id=str(handbook.pk), data=data
        )
    AuditEntry.objects.create(  # a handbook deleted since: no decision
        action="approvals.handbook.returned", actor=approver, content_type=content_type, object_id="999999", data={}
    )

    new = migrate_to(AFTER)
    Decision = new.get_model("handbooks", "Decision")
    decisions = list(
        Decision.objects.order_by("decided_at", "id").values_list("handbook_id", "stage", "outcome", "note")
    )
    assert decisions == [(handbook.pk, 1, "returned", "เอกสารไม่ครบ"), (handbook.pk, 1, "approved", "เรียบร้อย")]
    migrate_to_latest()
