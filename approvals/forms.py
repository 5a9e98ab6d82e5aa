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


def reason_form(label, required_message) -> type[forms.Form]:
    """A form of one required written reason (a return, an unpublication, a flag for correction): blank or only
    spaces is refused with `required_message`."""

    class ReasonForm(forms.Form):
        reason = forms.CharField(
            label=label, widget=forms.Textarea(attrs={"rows": 3}), error_messages={"required": required_message}
        )

        def clean_reason(self) -> str:
            reason = self.cleaned_data["reason"].strip()
            if not reason:
                raise ValidationError(required_message, code="required")
            return reason

    return ReasonForm


ReturnForm = reason_form(_("เหตุผลที่ส่งกลับแก้ไข"), _("กรุณาระบุเหตุผลที่ส่งกลับแก้ไข"))
UnpublishForm = reason_form(_("เหตุผลที่ยกเลิกการเผยแพร่"), _("กรุณาระบุเหตุผลที่ยกเลิกการเผยแพร่"))
FlagForm = reason_form(_("สิ่งที่หน่วยงานต้องแก้ไข"), _("กรุณาระบุสิ่งที่ต้องแก้ไข"))
