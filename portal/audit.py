"""The one way to write the audit log, plus receivers for sign-in events.

Sign-in, sign-in failure and lockout are security events raised by Django and django-axes; recording them
is bookkeeping, not business logic, so receivers are the right place.
"""

from __future__ import annotations

from typing import Any

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.dispatch import receiver
from django.http import HttpRequest

from .models import AuditEntry
from .netaddr import client_address


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
