from __future__ import annotations

import re

from django import forms
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .models import Law, normalise_title

_SPACES = re.compile(r"\s+")
_YEAR_IN_TITLE = re.compile(r"พ\s*\.?\s*ศ\s*\.?\s*([0-9๐-๙]{4})")
_THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
# A Buddhist-Era year the registry accepts: from the first Thai codes (พ.ศ. 2400s) to a few centuries ahead.
BE_MIN, BE_MAX = 2400, 2700


def duplicate_message(existing: Law, new_tab: bool = False) -> SafeString:
    """ "This law is already in the registry", linking the law's page (in a new tab from inside another form, so
    that what the official typed there stays)."""
    target = format_html(' target="{}" rel="noopener"', "_blank") if new_tab else ""
    return format_html(
        gettext('มีกฎหมายนี้ในระบบแล้ว: <a href="{}"{}>“{}”</a> กรุณาเลือกใช้กฎหมายที่มีอยู่'),
        existing.get_absolute_url(),
        target,
        existing.title,
    )


class LawForm(forms.ModelForm):
    """A law of the shared registry. Duplicates are caught on the normalised title (`normalise_title`: spaces,
    พ.ศ. spelling, Thai digits, พ.ร.บ. and the other short names) and name the existing law with a link."""

    year_be = forms.CharField(
        label=_("ปี พ.ศ."),
        required=False,
        max_length=8,
        help_text=_("ปีพุทธศักราช เช่น 2499 (เว้นว่างได้ ระบบจะอ่านจากชื่อกฎหมายถ้ามี “พ.ศ.”)"),
    )

    url = forms.URLField(
        label=_("ลิงก์"),
        required=False,
        max_length=500,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"placeholder": "https://"}),
        error_messages={"invalid": _("ลิงก์ไม่ถูกต้อง กรุณากรอกให้ขึ้นต้นด้วย https://")},
    )

    class Meta:
        model = Law
        fields = ["title", "kind", "year_be", "url"]
        error_messages = {
            "title": {"required": _("กรุณากรอกชื่อกฎหมาย")},
            "kind": {"required": _("กรุณาเลือกประเภทกฎหมาย"), "invalid_choice": _("กรุณาเลือกประเภทกฎหมาย")},
            "url": {"invalid": _("ลิงก์ไม่ถูกต้อง กรุณากรอกให้ขึ้นต้นด้วย https://")},
        }
        help_texts = {"title": _("ชื่อเต็มภาษาไทย เช่น พระราชบัญญัติทะเบียนพาณิชย์ พ.ศ. 2499")}

    # True where the form sits inside the procedure form (law_create_inline): the duplicate's link opens a new tab.
    link_in_new_tab = False

    def clean_title(self) -> str:
        title = _SPACES.sub(" ", self.cleaned_data.get("title") or "").strip()
        if not title:
            raise forms.ValidationError(_("กรุณากรอกชื่อกฎหมาย"), code="required")
        duplicates = Law.objects.filter(title_key=normalise_title(title))
        if self.instance.pk:
            duplicates = duplicates.exclude(pk=self.instance.pk)
        existing = duplicates.first()
        if existing is not None:
            self.duplicate_of = existing
            # Safe HTML (the title escaped) without params: Django's `message % params` would drop the safety.
            raise forms.ValidationError(duplicate_message(existing, self.link_in_new_tab), code="duplicate")
        return title

    def add_duplicate_error(self) -> None:
        """A save lost a race to the same law (the unique title_key): say so, linking the law that won."""
        existing = Law.objects.filter(title_key=normalise_title(self.cleaned_data.get("title") or "")).first()
        if existing is None:
            self.add_error("title", _("มีกฎหมายนี้ในระบบแล้ว กรุณาเลือกใช้กฎหมายที่มีอยู่"))
        else:
            self.duplicate_of = existing
            self.add_error(
                "title", forms.ValidationError(duplicate_message(existing, self.link_in_new_tab), code="duplicate")
            )

    def clean_year_be(self) -> int | None:
        raw = _SPACES.sub("", self.cleaned_data.get("year_be") or "").translate(_THAI_DIGITS)
        if not raw:
            return None
        if not raw.isdigit():
            raise forms.ValidationError(_("ปี พ.ศ. ต้องเป็นตัวเลข 4 หลัก เช่น 2499"), code="invalid")
        year = int(raw)
        if not BE_MIN <= year <= BE_MAX:
            raise forms.ValidationError(
                _("กรุณากรอกปีเป็นพุทธศักราช (ระหว่าง %(min)s ถึง %(max)s) เช่น 2499"),
                code="not_be",
                params={"min": BE_MIN, "max": BE_MAX},
            )
        return year

    def clean(self):
        cleaned = super().clean()
        # The year is nearly always in the title ("... พ.ศ. 2499"): read it from there when left blank.
        if cleaned.get("title") and not cleaned.get("year_be") and "year_be" not in self.errors:
            match = _YEAR_IN_TITLE.search(cleaned["title"])
            if match:
                year = int(match.group(1).translate(_THAI_DIGITS))
                if BE_MIN <= year <= BE_MAX:
                    cleaned["year_be"] = year
        return cleaned


class LawRefreshForm(forms.Form):
    note = forms.CharField(label=_("หมายเหตุ (ถ้ามี)"), max_length=500, required=False)
