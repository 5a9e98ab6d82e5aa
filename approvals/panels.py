"""The approver-queue badge in the navigation and the approvals panel on the official's dashboard."""

from __future__ import annotations

from django.db.models import Count, Q
from django.http import HttpRequest

from handbooks.models import Handbook
from handbooks.workflow import STAGE_OF
from portal import roles

from .notifications import handbook_path


def pending_counts(user) -> dict[int, int]:
    """How many requests wait at each stage for this approver ({1: n, 2: m}), in one grouped COUNT query."""
    counts = {1: 0, 2: 0}
    if not roles.is_approver(user):
        return counts
    waiting = Handbook.objects.awaiting_stage(1, user) | Handbook.objects.awaiting_stage(2, user)
    for status, n in waiting.order_by().values_list("status").annotate(n=Count("pk")):
        counts[STAGE_OF[status]] = n
    return counts


_PENDING_ATTR = "_approvals_pending_counts"


def request_pending_counts(request: HttpRequest) -> dict[int, int]:
    """The approver's pending counts per stage, counted at most once per request: the nav badge, the queues'
    paginators and the dashboard panel all show the same figures, so they share one query."""
    counts = getattr(request, _PENDING_ATTR, None)
    if counts is None:
        counts = pending_counts(request.user)
        setattr(request, _PENDING_ATTR, counts)
    return counts


def queue_badge(request: HttpRequest) -> int | None:
    """At most one COUNT query per request (shared with the queue pages and the dashboard panel), only for
    approvers: the requests waiting at every stage they decide."""
    if not roles.is_approver(request.user):
        return None
    return sum(request_pending_counts(request).values())


def dashboard_panel(request: HttpRequest) -> dict | None:
    user = request.user
    is_approver = roles.is_approver(user)
    is_author = roles.is_author(user)
    if not (is_approver or is_author):
        return None
    context: dict = {"is_approver": is_approver, "is_author": is_author}
    if is_approver:
        counts = request_pending_counts(request)
        context["pending"] = counts[1]
        context["pending_central"] = counts[2] if roles.is_central_approver(user) else None
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
        flagged = list(
            Handbook.objects.editable_by(user)
            .flagged()
            .select_related("procedure")
            .only("flagged_at", "flag_reason", "procedure__name", "agency_id")
            .order_by("-flagged_at")[:10]
        )
        for handbook in decisions + flagged:
            handbook.panel_url = handbook_path(handbook)
        context["decisions"] = decisions
        context["flagged"] = flagged
    return context
