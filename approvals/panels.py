"""The approver-queue badge in the navigation and the approvals panel on the official's dashboard."""

from __future__ import annotations

from django.db.models import Q
from django.http import HttpRequest

from handbooks.models import Handbook, Status
from portal import roles

from .notifications import handbook_path


def pending_count(user) -> int:
    return Handbook.objects.reviewable_by(user).filter(status=Status.PENDING).count()


_PENDING_ATTR = "_approvals_pending_count"


def request_pending_count(request: HttpRequest) -> int:
    """The approver's pending count, counted at most once per request: the nav badge, the queue's paginator and
    the dashboard panel all show the same figure, so they share one COUNT query."""
    count = getattr(request, _PENDING_ATTR, None)
    if count is None:
        count = pending_count(request.user)
        setattr(request, _PENDING_ATTR, count)
    return count


def queue_badge(request: HttpRequest) -> int | None:
    """At most one COUNT query per request (shared with the queue page and the dashboard panel), only for approvers."""
    if not roles.is_approver(request.user):
        return None
    return request_pending_count(request)


def dashboard_panel(request: HttpRequest) -> dict | None:
    user = request.user
    is_approver = roles.is_approver(user)
    is_author = roles.is_author(user)
    if not (is_approver or is_author):
        return None
    context: dict = {"is_approver": is_approver, "is_author": is_author}
    if is_approver:
        context["pending"] = request_pending_count(request)
    if is_author:
        decisions = list(
            Handbook.objects.filter(Q(author=user) | Q(submitted_by=user))
            .exclude(decided_at=None)
            .select_related("procedure", "decided_by")
            .only(
                "status",
                "decided_at",
                "decision_note",
                "procedure__name",
                "decided_by__first_name",
                "decided_by__last_name",
                "decided_by__username",
            )
            .order_by("-decided_at")[:10]
        )
        for handbook in decisions:
            handbook.panel_url = handbook_path(handbook)
        context["decisions"] = decisions
    return context
