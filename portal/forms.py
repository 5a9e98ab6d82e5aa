import datetime
import re

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .models import Agency, AgencyQuerySet, clean_typed
from .templatetags.thai import BE_OFFSET, format_thai_date

_DATE = re.compile(r"^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*$")
_ISO = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$")

AGENCY_NOT_FOUND = _("ไม่พบหน่วยงานชื่อ “%(name)s” ในหน่วยงานที่ท่านเลือกได้")
AGENCY_NOT_UNIQUE = _("มีหน่วยงานชื่อ “%(name)s” มากกว่าหนึ่งแห่ง")


def agency_by_typed_name(agencies: AgencyQuerySet, typed: str, what_to_do: str) -> Agency:
    """The one agency of `agencies` called `typed` (an agency picker's box submitted without a choice from its list,
    e.g. without JavaScript). Otherwise a ValidationError whose Thai message names what was typed (no match, or
    several namesakes), followed by the form's own `what_to_do`."""
    name = clean_typed(typed)
    matches = list(agencies.named(name)[:2])
    if len(matches) == 1:
        return matches[0]
    message = AGENCY_NOT_UNIQUE if matches else AGENCY_NOT_FOUND
    raise ValidationError(
        "%(problem)s %(what_to_do)s",
        code="agency_not_unique" if matches else "agency_not_found",
        params={"problem": message % {"name": name}, "what_to_do": what_to_do},
    )


class ThaiDateInput(forms.DateInput):
    """A date box showing its value as วว/ดด/ปปปป in the Buddhist Era (25/11/2569), as ThaiDateField reads it back."""

    def format_value(self, value):
        if isinstance(value, datetime.date):
            return format_thai_date(value, "short")
        return super().format_value(value)


class ThaiDateField(forms.DateField):
    """A date typed as วว/ดด/ปปปป or ปปปป-ดด-วว; a year above 2400 is Buddhist Era (2569 → 2026)."""

    default_error_messages = {"invalid": _("กรุณากรอกวันที่ในรูปแบบ วว/ดด/ปปปป เช่น 25/11/2569")}

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        text = str(value)
        match = _DATE.match(text)
        if match:
            day, month, year = (int(g) for g in match.groups())
        else:
            match = _ISO.match(text)
            if not match:
                raise ValidationError(self.error_messages["invalid"], code="invalid")
            year, month, day = (int(g) for g in match.groups())
        if year > 2400:
            year -= BE_OFFSET
        try:
            return datetime.date(year, month, day)
        except ValueError:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None


class ThaiAuthenticationForm(AuthenticationForm):
    """Sign-in with ชื่อผู้ใช้งาน and รหัสผ่าน (manual rule A1)."""

    error_messages = {
        "invalid_login": _("ชื่อผู้ใช้งานหรือรหัสผ่านไม่ถูกต้อง กรุณาตรวจสอบแล้วลองใหม่อีกครั้ง"),
        "inactive": _("บัญชีผู้ใช้งานนี้ถูกระงับการใช้งาน"),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("ชื่อผู้ใช้งาน")
        self.fields["password"].label = _("รหัสผ่าน")
        self.fields["username"].widget.attrs["autocomplete"] = "username"
        self.fields["password"].widget.attrs["autocomplete"] = "current-password"

    def clean_username(self) -> str:
        # AuthenticationForm sets max_length without its validator: a 100,000-character name reached django-axes,
        # whose username column (255) made PostgreSQL fail with a 500. No account has such a name.
        username = self.cleaned_data.get("username") or ""
        if len(username) > 150:
            raise ValidationError(self.error_messages["invalid_login"], code="invalid_login")
        return username
