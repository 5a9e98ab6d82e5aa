"""Filters of the admin's template overrides (templates/admin/)."""

from django import template

from portal.admin_display import be_years as _be_years

register = template.Library()


@register.filter
def be_years(text) -> str:
    """ "พฤศจิกายน 2026" → "พฤศจิกายน 2569" (the date hierarchy's labels)."""
    return _be_years(text)
