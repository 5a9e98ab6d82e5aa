"""Build the POST a browser sends for a handbook's one-page form (every row, as rendered)."""

from __future__ import annotations

import datetime

from django.db import models
from django.db.models.fields.files import FieldFile

from handbooks.forms import HandbookForm, build_formsets


def _value(bound):
    value = bound.value()
    if value is None:
        return ""
    if isinstance(value, bool):
        return "on" if value else None
    if isinstance(value, datetime.time):
        return value.strftime("%H:%M")
    if isinstance(value, models.Model):
        return str(value.pk)
    if isinstance(value, FieldFile):  # a browser sends no file for a file already stored
        return None
    return str(value)


def form_data(handbook, user, offer_defaults: bool = False) -> dict:
    """What the browser posts for `handbook` (saved, or a new one for its procedure) without any change."""
    if handbook.pk:
        handbook.refresh_from_db()  # the lock_version the page would carry now
    data: dict[str, str] = {}
    form = HandbookForm(instance=handbook, user=user)
    for bound in form:
        value = _value(bound)
        if value is not None:
            data[bound.html_name] = value
    for formset in build_formsets(handbook, offer_defaults=offer_defaults).values():
        for bound in formset.management_form:
            data[bound.html_name] = _value(bound)
        for form in formset.forms:
            for bound in form:
                if bound.name == "lunch_break":
                    data[bound.html_name] = "True" if bound.value() in (True, "True") else "False"
                    continue
                value = _value(bound)
                if value is not None:
                    data[bound.html_name] = value
    return data


def add_row(data: dict, prefix: str, **fields) -> int:
    """Append a row as the browser's script does (cloning empty_form and raising TOTAL_FORMS); returns its index."""
    index = int(data[f"{prefix}-TOTAL_FORMS"])
    data[f"{prefix}-TOTAL_FORMS"] = str(index + 1)
    for name, value in fields.items():
        if value is True:
            value = "on"
        if value is False or value is None:
            continue
        data[f"{prefix}-{index}-{name}"] = str(value)
    if prefix == "channels" and f"{prefix}-{index}-lunch_break" not in data:
        data[f"{prefix}-{index}-lunch_break"] = "False"
    return index
