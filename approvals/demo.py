"""Demo workflow: publish the factory-licence and land-transfer handbooks, leave the commerce one pending.

Idempotent: a handbook that already has a published version is left alone, so re-running creates no new version.
Skips with a message when the handbooks are missing (handbooks.demo not loaded) or unmet rules block submission.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model

from portal.models import Agency

from .models import HandbookVersion, Status, WorkflowError

# (label, agency code whose subtree holds the handbook, words in the procedure name, approver username or None)
PLAN = [
    ("ใบอนุญาตประกอบกิจการโรงงาน", "22002000", "โรงงาน", "central"),
    ("จดทะเบียนโอนอสังหาริมทรัพย์", "15007000", "โอน", "approver_moi"),
    ("จดทะเบียนพาณิชย์", "14004000", "พาณิชย์", None),
]


def _find(agency_code: str, word: str):
    from handbooks.models import Handbook

    agency = Agency.objects.filter(code=agency_code).first()
    if agency is None:
        return None
    handbooks = Handbook.objects.filter(Agency.subtree_q(agency, "agency")).select_related("author", "agency")
    return handbooks.filter(procedure__name__contains=word).order_by("id").first() or handbooks.order_by("id").first()


def load(stdout) -> None:
    User = get_user_model()
    for label, code, word, approver_name in PLAN:
        handbook = _find(code, word)
        if handbook is None:
            stdout.write(f"ข้ามการอนุมัติตัวอย่าง '{label}': ยังไม่มีคู่มือตัวอย่าง")
            continue
        if HandbookVersion.objects.filter(handbook=handbook).exists() or handbook.status != Status.DRAFT:
            continue  # already published (or already in the queue) by an earlier run
        try:
            handbook.submit(handbook.author, change_note="ฉบับแรก")
            if approver_name:
                approver = User.objects.get(username=approver_name)
                handbook.approve(approver, comment="ตรวจสอบแล้ว ครบถ้วนตามคู่มือการจัดทำ")
        except (WorkflowError, User.DoesNotExist) as error:
            stdout.write(f"ข้ามการอนุมัติตัวอย่าง '{label}': {error}")
            continue
        state = "เผยแพร่แล้ว" if approver_name else "รออนุมัติ"
        stdout.write(f"คู่มือตัวอย่าง '{label}': {state}")
