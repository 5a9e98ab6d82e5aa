"""Buddhist-Era dates for Thai pages: `{{ d|thai_date }}` → 25 พฤศจิกายน 2569, `|thai_date:"short"` → 25/11/2569."""

from __future__ import annotations

import datetime

from django import template
from django.utils import timezone

register = template.Library()

THAI_MONTHS = [
    "มกราคม",
    "กุมภาพันธ์",
    "มีนาคม",
    "เมษายน",
    "พฤษภาคม",
    "มิถุนายน",
    "กรกฎาคม",
    "สิงหาคม",
    "กันยายน",
    "ตุลาคม",
    "พฤศจิกายน",
    "ธันวาคม",
]
THAI_MONTHS_ABBR = [
    "ม.ค.",
    "ก.พ.",
    "มี.ค.",
    "เม.ย.",
    "พ.ค.",
    "มิ.ย.",
    "ก.ค.",
    "ส.ค.",
    "ก.ย.",
    "ต.ค.",
    "พ.ย.",
    "ธ.ค.",
]
BE_OFFSET = 543


def _local(value):
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
    return value


def format_thai_date(value, style: str = "long") -> str:
    """Format a date or datetime in the Buddhist Era (aware datetimes in Asia/Bangkok)."""
    if value in (None, ""):
        return ""
    value = _local(value)
    year = value.year + BE_OFFSET
    if style == "short":
        return f"{value.day:02d}/{value.month:02d}/{year}"
    if style == "abbr":
        return f"{value.day} {THAI_MONTHS_ABBR[value.month - 1]} {year}"
    return f"{value.day} {THAI_MONTHS[value.month - 1]} {year}"


def format_thai_datetime(value, style: str = "long") -> str:
    if value in (None, ""):
        return ""
    value = _local(value)
    time = value.strftime("%H:%M") if isinstance(value, datetime.datetime) else ""
    return f"{format_thai_date(value, style)} {time} น.".strip() if time else format_thai_date(value, style)


@register.filter
def thai_date(value, style: str = "long") -> str:
    return format_thai_date(value, style)


@register.filter
def thai_datetime(value, style: str = "long") -> str:
    return format_thai_datetime(value, style)


THAI_DIGITS = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")
CIRCLED = "⓪①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


@register.filter
def circled(number) -> str:
    """The procedure's running number as shown in the circle (①..⑳, then the number in parentheses)."""
    try:
        n = int(number)
    except (TypeError, ValueError):
        return ""
    if 0 <= n < len(CIRCLED):
        return CIRCLED[n]
    return f"({n})"
