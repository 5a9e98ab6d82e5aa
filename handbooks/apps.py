from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HandbooksConfig(AppConfig):
    name = "handbooks"
    verbose_name = _("คู่มือสำหรับประชาชน")

    def ready(self) -> None:
        from portal import slots
        from portal.audit import register_labels
        from portal.dashboard import register_panel

        from .views import recent_handbooks_panel

        register_panel("handbooks/includes/dashboard_panel.html", recent_handbooks_panel)
        slots.register("procedures.detail", "handbooks/includes/procedure_handbooks.html")
        # The workflow's actions keep the "approvals." names they had when the workflow lived in that app
        # (handbooks.workflow.AUDIT_ACTIONS); this app writes them, so it names them.
        register_labels(
            {
                "handbooks.handbook.created": _("สร้างคู่มือสำหรับประชาชน"),
                "handbooks.handbook.updated": _("บันทึกข้อมูลคู่มือสำหรับประชาชน"),
                "handbooks.handbook.copied": _("คัดลอกคู่มือสำหรับประชาชน"),
                "handbooks.handbook.revised": _("เริ่มปรับปรุงคู่มือที่เผยแพร่แล้วหรือที่ถูกส่งกลับ"),
                "handbooks.handbook.deleted": _("ลบร่างคู่มือสำหรับประชาชน"),
                "approvals.handbook.submitted": _("ขออนุมัติเผยแพร่คู่มือ"),
                "approvals.handbook.withdrawn": _("ถอนคำขออนุมัติเผยแพร่คู่มือ"),
                "approvals.handbook.forwarded": _("เห็นชอบคู่มือและส่งต่อสำนักงาน ก.พ.ร. (ขั้นที่ 1)"),
                "approvals.handbook.approved": _("อนุมัติเผยแพร่คู่มือ"),
                "approvals.handbook.returned": _("ส่งกลับแก้ไขคู่มือ"),
                "approvals.handbook.unpublished": _("ยกเลิกการเผยแพร่คู่มือ"),
                "handbooks.approvalchain.changed": _("กำหนดสายการอนุมัติ (1 หรือ 2 ขั้น)"),
                "approvals.handbook.flagged": _("แจ้งให้แก้ไขคู่มือหลังเผยแพร่ (ตรวจสอบหลังเผยแพร่)"),
                "approvals.handbook.unflagged": _("ยกเลิกการแจ้งให้แก้ไขคู่มือหลังเผยแพร่"),
            }
        )
