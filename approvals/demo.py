"""Demo workflow: publish the factory-licence and land-transfer handbooks, leave the commerce one pending.

Idempotent: a handbook that already has a published version is left alone, so re-running creates no new version.
Skips with a message when the handbooks are missing (handbooks.demo not loaded) or unmet rules block submission.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model

from handbooks.models import Handbook, HandbookVersion, Status
from handbooks.workflow import WorkflowError

# (label, words in the procedure name, approver username or None to leave it pending)
PLAN = [
    ("ใบอนุญาตประกอบกิจการโรงงาน", "ประกอบกิจการโรงงาน", "central"),
    ("จดทะเบียนโอนอสังหาริมทรัพย์", "โอนอสังหาริมทรัพย์", "approver_moi"),
    ("จดทะเบียนพาณิชย์", "ทะเบียนพาณิชย์", None),
]


def _find(word: str):
    return Handbook.objects.filter(procedure__name__contains=word).select_related("author").order_by("id").first()


def load(stdout) -> None:
    User = get_user_model()
    for label, word, approver_name in PLAN:
        handbook = _find(word)
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
