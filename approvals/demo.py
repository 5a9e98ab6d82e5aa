"""Demo workflow: publish the factory-licence and land-transfer handbooks; the Ministry of Commerce publishes in two
stages (its approver agrees, then ก.พ.ร.), and its company-registration handbook waits at stage 2 for `central`;
the commerce-registration handbook of a local government waits at stage 1;
ก.พ.ร. has flagged the published factory-licence handbook for correction (ตรวจสอบหลังเผยแพร่).

Idempotent: a handbook that already has a published version (or waits in a queue) is left alone, so re-running
creates no new version. Skips with a message when the handbooks are missing (handbooks.demo not loaded) or unmet
rules block submission.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model

from handbooks.models import ApprovalChain, Handbook, HandbookVersion, Status
from handbooks.workflow import WorkflowError
from portal.models import Agency

# (label, words in the procedure name, approver username or None to leave it pending). The company-registration
# handbook's ministry needs two stages: `approver` agrees at stage 1 and the request waits for ก.พ.ร. at stage 2.
PLAN = [
    ("ใบอนุญาตประกอบกิจการโรงงาน", "ประกอบกิจการโรงงาน", "central"),
    ("จดทะเบียนโอนอสังหาริมทรัพย์", "โอนอสังหาริมทรัพย์", "approver_moi"),
    ("จดทะเบียนพาณิชย์", "ทะเบียนพาณิชย์", None),
    ("จดทะเบียนจัดตั้งบริษัทจำกัด", "จัดตั้งบริษัทจำกัด", "approver"),
]
TWO_STAGE_MINISTRY = "14000000"  # กระทรวงพาณิชย์
FLAG = ("ประกอบกิจการโรงงาน", "กรุณาปรับค่าธรรมเนียมให้ตรงกับกฎกระทรวงฉบับปัจจุบัน และเพิ่มช่องทางยื่นคำขอทางออนไลน์")


def _find(word: str):
    return Handbook.objects.filter(procedure__name__contains=word).select_related("author").order_by("id").first()


def load(stdout) -> None:
    User = get_user_model()
    ApprovalChain.objects.get_or_create(ministry=None, defaults={"stages": ApprovalChain.Stages.ONE})
    ministry = Agency.objects.filter(code=TWO_STAGE_MINISTRY).first()
    if ministry is not None:
        ApprovalChain.objects.update_or_create(ministry=ministry, defaults={"stages": ApprovalChain.Stages.TWO})
        stdout.write(f"สายการอนุมัติ: {ministry.name} อนุมัติ 2 ขั้น (หน่วยงาน แล้วสำนักงาน ก.พ.ร.)")
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
        handbook.refresh_from_db()
        stdout.write(f"คู่มือตัวอย่าง '{label}': {handbook.get_status_display()}")
    _flag(User, stdout)


def _flag(User, stdout) -> None:
    word, reason = FLAG
    handbook = _find(word)
    flagger = User.objects.filter(username="central").first()
    if handbook is None or flagger is None or handbook.flagged_at or not handbook.live_version_id:
        return
    try:
        handbook.flag(flagger, reason)
    except WorkflowError as error:
        stdout.write(f"ข้ามการแจ้งให้แก้ไขตัวอย่าง: {error}")
        return
    stdout.write(f"สำนักงาน ก.พ.ร. แจ้งให้แก้ไขคู่มือตัวอย่าง '{handbook.procedure.name}' (ตรวจสอบหลังเผยแพร่)")
