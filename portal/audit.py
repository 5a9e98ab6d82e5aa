"""The one way to write the audit log, the Thai names of its actions, plus receivers for sign-in events.

Sign-in, sign-in failure and lockout are security events raised by Django and django-axes; recording them
is bookkeeping, not business logic, so receivers are the right place.

An action is stored as a dotted code ("approvals.handbook.approved") so that rows stay comparable when wording
changes; administrators read it in Thai. Each app names the actions it writes from its AppConfig.ready()
(`register_labels`), as portal.nav and portal.dashboard take badges and panels: the ground app never imports
the apps above it. tests/portal/test_audit_labels.py fails when an action written anywhere has no Thai name.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.dispatch import receiver
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from .models import AuditEntry
from .netaddr import client_address

_LABELS: dict[str, Any] = {}


def register_labels(labels: Mapping[str, Any]) -> None:
    """Name audit actions in Thai (action code → label, lazily translated): called by the app that writes them."""
    _LABELS.update(labels)


def action_label(action: str) -> str:
    """The Thai name of an action; the code itself for one nobody named (old rows of a removed feature)."""
    label = _LABELS.get(action)
    return str(label) if label is not None else action


def action_labels() -> dict[str, str]:
    """Every named action: code → Thai label."""
    return {action: str(label) for action, label in _LABELS.items()}


register_labels(
    {
        "portal.auth.login": _("เข้าสู่ระบบ"),
        "portal.auth.logout": _("ออกจากระบบ"),
        "portal.auth.login_failed": _("เข้าสู่ระบบไม่สำเร็จ"),
        "portal.auth.locked_out": _("ระงับการเข้าสู่ระบบชั่วคราว (ใส่รหัสผ่านผิดเกินกำหนด)"),
        "portal.auth.password_changed": _("เปลี่ยนรหัสผ่าน"),
        "portal.agency.created": _("เพิ่มหน่วยงาน"),
        "portal.agency.changed": _("แก้ไขข้อมูลหน่วยงาน"),
        "portal.agency.moved": _("ย้ายหน่วยงานในโครงสร้าง"),
        "portal.agency.deleted": _("ลบหน่วยงาน"),
        "portal.user.created": _("เพิ่มผู้ใช้งาน"),
        "portal.user.changed": _("แก้ไขข้อมูลผู้ใช้งาน"),
        "portal.user.deleted": _("ลบผู้ใช้งาน"),
    }
)


def record(
    action: str,
    obj: models.Model | None = None,
    actor: Any = None,
    data: dict | None = None,
    request: HttpRequest | None = None,
) -> AuditEntry:
    """Write one audit row. `actor` defaults to the request's signed-in user."""
    if actor is None and request is not None and getattr(request, "user", None) is not None:
        actor = request.user if request.user.is_authenticated else None
    return AuditEntry.objects.create(
        action=action,
        actor=actor,
        content_type=ContentType.objects.get_for_model(obj) if obj is not None else None,
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:300] if obj is not None else "",
        data=data or {},
        ip_address=client_address(request),
    )


@receiver(user_logged_in)
def _logged_in(sender, request, user, **kwargs) -> None:
    record("portal.auth.login", obj=user, actor=user, request=request)


@receiver(user_logged_out)
def _logged_out(sender, request, user, **kwargs) -> None:
    if user is not None:
        record("portal.auth.logout", obj=user, actor=user, request=request)


@receiver(user_login_failed)
def _login_failed(sender, credentials, request=None, **kwargs) -> None:
    record(
        "portal.auth.login_failed",
        data={"username": str(credentials.get("username", ""))[:150]},
        request=request,
    )


@receiver(user_locked_out)
def _locked_out(sender, request, username=None, ip_address=None, **kwargs) -> None:
    record("portal.auth.locked_out", data={"username": str(username or "")[:150]}, request=request)
