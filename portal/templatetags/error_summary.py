"""The error summary at the top of a form that came back with errors (WCAG 3.3.1): one heading, then each error as a
link to its field, in the form's order. Announced (role="alert") and focused on load (static/js/portal.js)."""

from __future__ import annotations

from django import forms as django_forms
from django import template
from django.utils.translation import gettext

register = template.Library()


def _anchor(form: django_forms.BaseForm, name: str) -> str:
    """The id to jump to: the field's own, or for a hidden field filled by a picker its visible `<name>_search`."""
    field = form[name]
    if not field.is_hidden:
        return field.auto_id or ""
    if f"{name}_search" in form.fields:
        return form[f"{name}_search"].auto_id or ""
    return ""


def _entries(form: django_forms.BaseForm, row: str = "") -> list[dict]:
    entries = []
    if form.is_bound and form.errors:
        for name, errors in form.errors.items():
            known = name in form.fields
            label = str(form.fields[name].label or name) if known else ""
            where = " · ".join(part for part in (row, label) if part)
            anchor = _anchor(form, name) if known else ""
            entries += [{"where": where, "message": str(message), "anchor": anchor} for message in errors]
    return entries


@register.inclusion_tag("includes/error_summary.html")
def error_summary(*items) -> dict:
    """`items`: forms, formsets, or the handbook form's sections (dicts with "formset" and the row noun "label")."""
    entries = []
    for item in items:
        noun = ""
        if isinstance(item, dict):
            noun, item = str(item.get("label", "")), item["formset"]
        if isinstance(item, django_forms.BaseFormSet):
            entries += [{"where": noun, "message": str(e), "anchor": ""} for e in item.non_form_errors()]
            rows = item.rows() if hasattr(item, "rows") else item.forms
            shown = 0
            for form in rows:
                if form.is_bound and "DELETE" in form.fields and form["DELETE"].value():
                    continue
                shown += 1
                row = gettext("%(noun)sที่ %(number)s") % {"noun": noun, "number": shown} if noun else str(shown)
                entries += _entries(form, row)
        elif item is not None:
            entries += _entries(item)
    return {"entries": entries}
