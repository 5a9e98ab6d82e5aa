"""The reports' filters, sent by GET: the ministry (within the approver's scope), the stage, the period, the years.
A value that does not fit gets a Thai message next to the box, which keeps what was typed."""

from __future__ import annotations

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from portal.forms import ThaiDateField, ThaiDateInput

from .figures import Ministry

# Dates before or after these are typing mistakes (and would overflow a time zone conversion).
EARLIEST, LATEST = datetime.date(1957, 1, 1), datetime.date(2157, 12, 31)  # พ.ศ. 2500 – 2700
DEFAULT_YEARS = 3
MAX_YEARS = 50
SELECT = "form-select form-select-sm"
INPUT = "form-control form-control-sm"


def year_ago(day: datetime.date, years: int = 1) -> datetime.date:
    """The same day `years` years before (29 February → 28 February)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


class ReportFilterForm(forms.Form):
    """The ministry: one of the roots of the approver's scope, or all of them (empty)."""

    ministry = forms.TypedChoiceField(
        label=_("กระทรวง"),
        required=False,
        coerce=int,
        empty_value=None,
        widget=forms.Select(attrs={"class": SELECT}),
        error_messages={
            "invalid_choice": _("ไม่พบกระทรวงที่เลือกในขอบเขตของท่าน กรุณาเลือกจากรายการ"),
        },
    )

    def __init__(self, data=None, *, ministries: list[Ministry], today: datetime.date, **kwargs):
        super().__init__(data, **kwargs)
        self.ministries = {m.pk: m for m in ministries}
        self.today = today
        self.fields["ministry"].choices = [("", _("ทุกกระทรวงในขอบเขตของท่าน"))] + [(m.pk, m.name) for m in ministries]

    def chosen_ministry(self) -> Ministry | None:
        return self.ministries.get(self.cleaned_data.get("ministry"))


class PendingFilterForm(ReportFilterForm):
    stage = forms.TypedChoiceField(
        label=_("ขั้นการอนุมัติ (รายการคำขอ)"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("ทุกขั้น")), (1, _("ขั้นที่ 1 ผู้อนุมัติของหน่วยงาน")), (2, _("ขั้นที่ 2 สำนักงาน ก.พ.ร."))],
        widget=forms.Select(attrs={"class": SELECT}),
        error_messages={"invalid_choice": _("กรุณาเลือกขั้นการอนุมัติจากรายการ")},
    )


class PeriodFilterForm(ReportFilterForm):
    """A period of decision dates, both days included; empty: the last 12 months up to today."""

    date_from = ThaiDateField(
        label=_("ตั้งแต่วันที่"),
        required=False,
        widget=ThaiDateInput(attrs={"class": INPUT, "placeholder": "วว/ดด/ปปปป"}),
    )
    date_to = ThaiDateField(
        label=_("ถึงวันที่"),
        required=False,
        widget=ThaiDateInput(attrs={"class": INPUT, "placeholder": "วว/ดด/ปปปป"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date_from"].initial = year_ago(self.today)
        self.fields["date_to"].initial = self.today

    def _in_range(self, name: str):
        value = self.cleaned_data.get(name)
        if value is not None and not EARLIEST <= value <= LATEST:
            raise ValidationError(_("กรุณาระบุวันที่ระหว่างปี พ.ศ. 2500 ถึง 2700"), code="out_of_range")
        return value

    def clean_date_from(self):
        return self._in_range("date_from")

    def clean_date_to(self):
        return self._in_range("date_to")

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        cleaned["date_from"] = cleaned.get("date_from") or year_ago(cleaned.get("date_to") or self.today)
        cleaned["date_to"] = cleaned.get("date_to") or self.today
        if cleaned["date_from"] > cleaned["date_to"]:
            self.add_error("date_to", _("วันที่สิ้นสุดต้องไม่ก่อนวันที่เริ่มต้น"))
        return cleaned


class YearsFilterForm(ReportFilterForm):
    years = forms.IntegerField(
        label=_("ไม่ได้ปรับปรุงเกิน (ปี)"),
        required=False,
        min_value=1,
        max_value=MAX_YEARS,
        widget=forms.NumberInput(attrs={"class": INPUT, "min": 1, "max": MAX_YEARS}),
        error_messages={
            "invalid": _("กรุณาระบุจำนวนปีเป็นตัวเลขจำนวนเต็ม"),
            "min_value": _("กรุณาระบุจำนวนปีตั้งแต่ 1 ถึง 50"),
            "max_value": _("กรุณาระบุจำนวนปีตั้งแต่ 1 ถึง 50"),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["years"].initial = DEFAULT_YEARS

    def clean_years(self):
        return self.cleaned_data.get("years") or DEFAULT_YEARS
