"""E-mail notifications of the approval workflow (Django's e-mail backend: console in DEBUG, locmem in tests).

Sent after the transaction commits (`handbooks.workflow.transitioned`, connected in ApprovalsConfig.ready), one
message per recipient (addresses of other officials are not shared).
"""

from __future__ import annotations

import logging
from collections import defaultdict

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.db.models import Q
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse

logger = logging.getLogger(__name__)


def absolute(path: str, request: HttpRequest | None = None) -> str:
    """A full link for an e-mail: from the request when there is one, else from settings.SITE_URL (if set)."""
    if request is not None:
        return request.build_absolute_uri(path)
    return getattr(settings, "SITE_URL", "").rstrip("/") + path


def handbook_path(handbook) -> str:
    """The official's page of a handbook."""
    return reverse("handbooks:detail", kwargs={"pk": handbook.pk})


def approvers_for(agency):
    """Active approvers whose scope holds `agency`: approvers of the agency or an ancestor, and central approvers."""
    User = get_user_model()
    ancestors = Q(
        agency__tree_id=agency.tree_id,
        agency__lft__lte=agency.lft,
        agency__rght__gte=agency.rght,
    )
    return User.objects.filter(is_active=True, is_approver=True).filter(ancestors | Q(is_central_approver=True))


def _send(recipients, subject: str, template: str, context: dict) -> int:
    sent = 0
    body = render_to_string(template, context)
    for user in recipients:
        if not user.email:
            continue
        message = EmailMessage(subject=subject, body=body, to=[user.email])
        try:
            sent += message.send()
        except OSError:  # a mail server that is down must not undo an approval that is already committed
            logger.exception("could not send %r to %s", subject, user.email)
    return sent


def notify_submitted(handbook, request: HttpRequest | None = None) -> int:
    """On submit: every approver whose scope holds the handbook's agency (not the submitter)."""
    recipients = approvers_for(handbook.agency).exclude(pk=handbook.submitted_by_id).order_by("pk")
    subject = f"[รออนุมัติ] {handbook.procedure.name}"
    context = {
        "handbook": handbook,
        "link": absolute(reverse("approvals:review", kwargs={"pk": handbook.pk}), request),
    }
    return _send(recipients, subject, "approvals/email/submitted.txt", context)


def central_approvers():
    """Active ก.พ.ร. (central) approvers: they decide at stage 2 of a two-stage chain."""
    return get_user_model().objects.filter(is_active=True, is_approver=True, is_central_approver=True)


def notify_forwarded(handbook, request: HttpRequest | None = None) -> int:
    """Stage 1 of two agreed: every central approver (not the one who forwarded) hears of the request."""
    recipients = central_approvers().exclude(pk=handbook.endorsed_by_id).order_by("pk")
    subject = f"[รอสำนักงาน ก.พ.ร. อนุมัติ] {handbook.procedure.name}"
    context = {
        "handbook": handbook,
        "stage": 2,
        "link": absolute(reverse("approvals:review", kwargs={"pk": handbook.pk}), request),
    }
    return _send(recipients, subject, "approvals/email/submitted.txt", context)


def notify_decided(handbook, approved: bool, request: HttpRequest | None = None) -> int:
    """On approve or return: the author and the submitter, and, after a decision at stage 2, the stage-1 approver
    who forwarded the request (once each, never the one who decided)."""
    recipients = []
    stage_one = handbook.endorsed_by if handbook.endorsed_at else None
    for user in (handbook.author, handbook.submitted_by, stage_one):
        if user is not None and user not in recipients and user.pk != handbook.decided_by_id:
            recipients.append(user)
    label = "อนุมัติเผยแพร่แล้ว" if approved else "ส่งกลับแก้ไข"
    subject = f"[{label}] {handbook.procedure.name}"
    context = {
        "handbook": handbook,
        "approved": approved,
        "label": label,
        "link": absolute(handbook_path(handbook), request),
        "public_link": absolute(reverse("public:handbook", kwargs={"pk": handbook.pk}), request) if approved else "",
    }
    return _send(recipients, subject, "approvals/email/decided.txt", context)


def agency_authors(handbook):
    """The handbook's author and the active authors of its agency. Twin: `is_agency_author`."""
    User = get_user_model()
    return User.objects.filter(is_active=True).filter(
        Q(pk=handbook.author_id) | Q(is_author=True, agency_id=handbook.agency_id)
    )


def is_agency_author(user, handbook) -> bool:
    """The single-object twin of `agency_authors`, for officials already loaded (reminders read them in bulk)."""
    return user.is_active and (
        user.pk == handbook.author_id or (user.is_author and user.agency_id == handbook.agency_id)
    )


def agency_authors_of(handbooks) -> dict[int, list]:
    """`agency_authors` of many handbooks in one query: {handbook pk: [officials]}, each list ordered by pk."""
    handbooks = list(handbooks)
    if not handbooks:
        return {}
    User = get_user_model()
    candidates = User.objects.filter(is_active=True).filter(
        Q(pk__in={h.author_id for h in handbooks}) | Q(is_author=True, agency_id__in={h.agency_id for h in handbooks})
    )
    by_pk, by_agency = {}, defaultdict(list)
    for user in candidates.order_by("pk"):
        by_pk[user.pk] = user
        by_agency[user.agency_id].append(user)
    found = {}
    for handbook in handbooks:
        near = {user.pk: user for user in by_agency.get(handbook.agency_id, [])}
        if handbook.author_id in by_pk:
            near[handbook.author_id] = by_pk[handbook.author_id]
        found[handbook.pk] = [near[pk] for pk in sorted(near) if is_agency_author(near[pk], handbook)]
    return found


def authors_of_agencies(agency_ids) -> dict[int, list]:
    """The active authors of each agency (its own officials, not those of the agencies above or below it), in one
    query: {agency pk: [officials ordered by pk]}."""
    found = defaultdict(list)
    users = get_user_model().objects.filter(is_active=True, is_author=True, agency_id__in=set(agency_ids))
    for user in users.order_by("pk"):
        found[user.agency_id].append(user)
    return dict(found)


def notify_flagged(handbook, request: HttpRequest | None = None) -> int:
    """ตรวจสอบหลังเผยแพร่: the authors of the handbook's agency are asked to correct it."""
    recipients = agency_authors(handbook).exclude(pk=handbook.flagged_by_id).order_by("pk")
    subject = f"[สำนักงาน ก.พ.ร. แจ้งให้แก้ไข] {handbook.procedure.name}"
    context = {"handbook": handbook, "link": absolute(handbook_path(handbook), request)}
    return _send(recipients, subject, "approvals/email/flagged.txt", context)


def on_transition(sender, handbook, action: str, actor, request: HttpRequest | None = None, **kwargs) -> None:
    """Receiver of `handbooks.workflow.transitioned`: who hears of which step of the workflow."""
    if action == "submit":
        notify_submitted(handbook, request=request)
    elif action == "forward":
        notify_forwarded(handbook, request=request)
    elif action in ("approve", "return"):
        notify_decided(handbook, approved=action == "approve", request=request)
    elif action == "flag":
        notify_flagged(handbook, request=request)
