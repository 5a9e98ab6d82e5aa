"""The posted size of a formset is the client's word: check it before Django builds one form per row.

Django reads `<prefix>-TOTAL_FORMS` and `<prefix>-INITIAL_FORMS` from the POST and trusts them within
`absolute_max`: a forged TOTAL_FORMS of 100,000 builds (and renders back) `absolute_max` forms, and a negative
INITIAL_FORMS turns the existing rows into "new" ones that collide with themselves on save (IntegrityError).
"""

from __future__ import annotations

from collections.abc import Mapping

from django import forms
from django.core.exceptions import BadRequest
from django.forms.formsets import INITIAL_FORM_COUNT, TOTAL_FORM_COUNT
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

FORGED_COUNT = _("จำนวนแถวที่ส่งมาไม่ถูกต้อง กรุณาโหลดหน้าใหม่แล้วกรอกอีกครั้ง (แต่ละรายการมีได้ไม่เกิน %(maximum)s แถว)")


def _whole(value: str) -> int | None:
    # Ten digits are far beyond any real count and keep int() away from pathological input.
    text = str(value).strip()
    if len(text) > 10:
        return None
    try:
        return int(text)
    except ValueError:
        return None


def form_count_error(data: Mapping, prefix: str, maximum: int) -> str | None:
    """A Thai message when the posted counts of formset `prefix` are present but not whole numbers with
    0 ≤ INITIAL_FORMS ≤ TOTAL_FORMS ≤ `maximum`; None otherwise. Missing counts are left to Django, which says
    that the management form is missing and builds no row."""
    posted = {key: data.get(f"{prefix}-{key}") for key in (TOTAL_FORM_COUNT, INITIAL_FORM_COUNT)}
    counts = {key: _whole(value) for key, value in posted.items() if value is not None}
    bad = any(count is None or not 0 <= count <= maximum for count in counts.values())
    if not bad and len(counts) == 2:
        bad = counts[INITIAL_FORM_COUNT] > counts[TOTAL_FORM_COUNT]
    return str(FORGED_COUNT % {"maximum": maximum}) if bad else None


def bad_request(request: HttpRequest, message: str) -> HttpResponse:
    """The project's 400 page (templates/400.html) with a Thai message saying what was wrong."""
    return HttpResponseBadRequest(render_to_string("400.html", {"exception": message}, request=request))


class CountCheckedInlineFormSet(forms.BaseInlineFormSet):
    """An inline formset that refuses forged counts (400) before any form exists. For the admin's inlines:
    `formset = CountCheckedInlineFormSet`."""

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        if self.is_bound:
            error = form_count_error(self.data, self.prefix, self.absolute_max)
            if error:
                raise BadRequest(error)
