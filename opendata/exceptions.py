"""Errors of the public API in Thai and English, as JSON: {"detail": Thai, "detail_en": English, "status": code}.

A client that sends too many requests gets 429 with a Retry-After header and says when to try again in both
languages; a handbook that is not published (or does not exist) is a 404 like on the public site.
"""

from __future__ import annotations

import math

from rest_framework import exceptions, status
from rest_framework.views import exception_handler

from .caching import decorate

MESSAGES = {
    status.HTTP_400_BAD_REQUEST: ("คำขอไม่ถูกต้อง", "Bad request."),
    status.HTTP_404_NOT_FOUND: ("ไม่พบข้อมูลที่เผยแพร่ตามที่ขอ", "No published data was found at this address."),
    status.HTTP_405_METHOD_NOT_ALLOWED: (
        "API นี้ให้อ่านข้อมูลได้อย่างเดียว (ใช้ได้เฉพาะ GET)",
        "This API is read-only: only GET is allowed.",
    ),
    status.HTTP_406_NOT_ACCEPTABLE: (
        "ไม่มีรูปแบบข้อมูลตามที่ขอ (ใช้ application/json หรือ application/ld+json)",
        "The requested format is not available (use application/json or application/ld+json).",
    ),
}


def throttled_messages(wait: float | None) -> tuple[str, str]:
    seconds = max(1, math.ceil(wait)) if wait else None
    if seconds:
        return (
            f"ท่านส่งคำขอมากเกินกำหนด กรุณารอ {seconds} วินาทีแล้วลองใหม่",
            f"Too many requests: please wait {seconds} seconds and try again.",
        )
    return ("ท่านส่งคำขอมากเกินกำหนด กรุณารอสักครู่แล้วลองใหม่", "Too many requests: please wait and try again.")


def api_exception_handler(exc, context):
    response = exception_handler(exc, context)
    if response is None:
        return None
    code = response.status_code
    if isinstance(exc, exceptions.Throttled):
        thai, english = throttled_messages(exc.wait)
        response.data = {
            "detail": thai,
            "detail_en": english,
            "status": code,
            "retry_after": exc.wait and math.ceil(exc.wait),
        }
    elif isinstance(exc, exceptions.ValidationError) and isinstance(exc.detail, dict):
        thai, english = MESSAGES[status.HTTP_400_BAD_REQUEST]
        response.data = {"detail": thai, "detail_en": english, "status": code, "errors": exc.detail}
    else:
        thai, english = MESSAGES.get(code, (str(getattr(exc, "detail", "")), str(getattr(exc, "detail", ""))))
        response.data = {"detail": thai, "detail_en": english, "status": code}
    return decorate(response, None, None)
