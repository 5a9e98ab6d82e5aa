"""Forms of the approval workflow: the submit note, the approver's comment, the reasons to return or unpublish."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


class SubmitForm(forms.Form):
    change_note = forms.CharField(
        label=_("สรุปการเปลี่ยนแปลง"),
        max_length=500,
        required=False,
        help_text=_("แสดงต่อประชาชนคู่กับฉบับที่เผยแพร่ เช่น 'ปรับปรุงค่าธรรมเนียมตามกฎกระทรวงฉบับใหม่'"),
    )


class ApproveForm(forms.Form):
    comment = forms.CharField(label=_("ความเห็นผู้อนุมัติ (ถ้ามี)"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label=_("เหตุผลที่ส่งกลับแก้ไข"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("กรุณาระบุเหตุผลที่ส่งกลับแก้ไข")},
    )

    def clean_reason(self) -> str:
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise ValidationError(_("กรุณาระบุเหตุผลที่ส่งกลับแก้ไข"), code="required")
        return reason


class UnpublishForm(forms.Form):
    reason = forms.CharField(
        label=_("เหตุผลที่ยกเลิกการเผยแพร่"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("กรุณาระบุเหตุผลที่ยกเลิกการเผยแพร่")},
    )

    def clean_reason(self) -> str:
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise ValidationError(_("กรุณาระบุเหตุผลที่ยกเลิกการเผยแพร่"), code="required")
        return reason
