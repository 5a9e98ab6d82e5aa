"""Workflow state of a handbook and its immutable published versions.

`Publishable` is the abstract part of `handbooks.Handbook` that holds the workflow state; the transition methods
(submit, withdraw, approve, return, unpublish) live here too, each one model method in a transaction that checks
the state and the actor and writes one audit row.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models, transaction
from django.db.models import Max
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal import audit
from portal.paging import bump_generation


class Status(models.TextChoices):
    DRAFT = "draft", _("ร่าง")
    PENDING = "pending", _("รออนุมัติ")
    PUBLISHED = "published", _("เผยแพร่แล้ว")
    RETURNED = "returned", _("ส่งกลับแก้ไข")


class WorkflowError(Exception):
    """A transition that may not happen now. `message` is Thai and can be shown to the user as it is."""

    def __init__(self, message, code: str = "invalid", unmet: list | None = None):
        super().__init__(str(message))
        self.message = str(message)
        self.code = code
        self.unmet = unmet or []


class TransitionNotAllowed(WorkflowError):
    """The handbook's current state does not allow this action (e.g. approving a draft)."""


class ActorNotAllowed(WorkflowError):
    """This user may not take this action (wrong role, outside scope, or separation of duties)."""


class ReasonRequired(WorkflowError):
    """Returning or unpublishing needs a written reason."""


class UnmetRules(WorkflowError):
    """Submission refused while manual rules P1–P9 / H1–H9 are unmet; `unmet` lists them."""


# The table of allowed transitions: action → (states it may start from, state it leads to).
# None as the target means "unchanged" (unpublishing a handbook whose revision is being edited keeps it a draft).
TRANSITIONS: dict[str, tuple[frozenset[str], str | None]] = {
    "submit": (frozenset({Status.DRAFT, Status.RETURNED}), Status.PENDING),
    "withdraw": (frozenset({Status.PENDING}), Status.DRAFT),
    "approve": (frozenset({Status.PENDING}), Status.PUBLISHED),
    "return": (frozenset({Status.PENDING}), Status.RETURNED),
    "unpublish": (frozenset({Status.PUBLISHED, Status.DRAFT, Status.RETURNED}), Status.DRAFT),
}

STATE_ERRORS = {
    "submit": _("ขออนุมัติเผยแพร่ได้เฉพาะคู่มือที่เป็นร่างหรือถูกส่งกลับแก้ไข (สถานะปัจจุบัน: %(status)s)"),
    "withdraw": _("ถอนคำขอได้เฉพาะคู่มือที่รออนุมัติ (สถานะปัจจุบัน: %(status)s)"),
    "approve": _("อนุมัติได้เฉพาะคู่มือที่รออนุมัติ (สถานะปัจจุบัน: %(status)s)"),
    "return": _("ส่งกลับแก้ไขได้เฉพาะคู่มือที่รออนุมัติ (สถานะปัจจุบัน: %(status)s)"),
    "unpublish": _("ยกเลิกการเผยแพร่ได้เฉพาะคู่มือที่เผยแพร่อยู่และไม่ได้รออนุมัติ (สถานะปัจจุบัน: %(status)s)"),
}


def unmet_rules(handbook) -> list:
    """Unmet manual rules (P1–P9 of the procedure, H1–H9 of the handbook) that block submission."""
    from handbooks.checks import unmet_rules as handbook_unmet
    from handbooks.snapshot import handbook_queryset

    return handbook_unmet(handbook_queryset().get(pk=handbook.pk))


class Publishable(models.Model):
    """Workflow fields of the working copy. What citizens see is `live_version`, never the working copy."""

    status = models.CharField(_("สถานะ"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ผู้ขออนุมัติ"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("วันที่ขออนุมัติ"), null=True, blank=True, db_index=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ผู้พิจารณา"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("วันที่พิจารณา"), null=True, blank=True)
    decision_note = models.TextField(_("ความเห็น / เหตุผล"), blank=True)
    change_note = models.CharField(_("สรุปการเปลี่ยนแปลง"), max_length=500, blank=True)
    live_version = models.ForeignKey(
        "approvals.HandbookVersion",
        verbose_name=_("ฉบับที่เผยแพร่"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Words of the live version's title, procedure and agency, segmented with pythainlp for the public search.
    public_search = models.TextField(blank=True, default="")
    # The live version's category and service areas ("|ส่วนกลาง|เชียงใหม่|"), for the public filters: the procedure
    # may change before the handbook is approved again, and citizens must filter on what they read.
    public_category = models.CharField(max_length=20, blank=True, default="")
    public_areas = models.TextField(blank=True, default="")

    class Meta:
        abstract = True

    # ----- who may act (each one also used by templates through approvals_tags.workflow_actions) -----

    def _is_approver_in_scope(self, user) -> bool:
        return bool(
            user is not None
            and user.is_authenticated
            and user.is_active
            and (user.is_approver or user.is_superuser)
            and user.in_scope(self.agency)
        )

    def is_own_request(self, user) -> bool:
        """Separation of duties: the submitter and the last editor may not decide on the request."""
        return user is not None and user.pk is not None and user.pk in {self.submitted_by_id, self.updated_by_id}

    def can_submit(self, user) -> bool:
        """Authors (and administrators) of the handbook's agency subtree."""
        return bool(
            user is not None
            and user.is_authenticated
            and user.is_active
            and (user.is_author or user.is_superuser)
            and user.in_scope(self.agency)
        )

    def can_withdraw(self, user) -> bool:
        """Only the official who submitted the request (or an administrator) may withdraw it."""
        return bool(
            user is not None
            and user.is_authenticated
            and user.is_active
            and (user.pk == self.submitted_by_id or user.is_superuser)
            and user.in_scope(self.agency)
        )

    def can_approve(self, user) -> bool:
        return self._is_approver_in_scope(user) and not self.is_own_request(user)

    def can_return(self, user) -> bool:
        return self.can_approve(user)

    def can_unpublish(self, user) -> bool:
        return self._is_approver_in_scope(user)

    def can_review(self, user) -> bool:
        """May open the review page (approvers in scope, even for their own request: they see why they can't act)."""
        return self._is_approver_in_scope(user)

    def allows(self, action: str) -> bool:
        """True when the current state allows `action` (see TRANSITIONS)."""
        sources, _target = TRANSITIONS[action]
        if action == "unpublish" and self.live_version_id is None:
            return False
        return self.status in sources

    def _ministry_names(self) -> list[str]:
        names = []
        for agency in (self.agency, self.procedure.agency):
            ministry = agency.ministry() if agency is not None else None
            if ministry is not None and ministry.name not in names:
                names.append(ministry.name)
        return names

    # ----- transitions -----

    def _check(self, action: str, user, allowed: bool) -> None:
        if not self.allows(action):
            raise TransitionNotAllowed(
                STATE_ERRORS[action] % {"status": self.get_status_display()}, code="state", unmet=None
            )
        if not allowed:
            if action in {"approve", "return"} and self._is_approver_in_scope(user) and self.is_own_request(user):
                raise ActorNotAllowed(
                    _("ผู้อนุมัติไม่สามารถอนุมัติหรือส่งกลับคำขอที่ตนเองเป็นผู้ขออนุมัติหรือแก้ไขล่าสุดได้ (แบ่งแยกหน้าที่)"),
                    code="own_request",
                )
            raise ActorNotAllowed(_("คุณไม่มีสิทธิ์ดำเนินการนี้กับคู่มือฉบับนี้"), code="actor")

    def _lock(self) -> None:
        """Re-read the workflow fields under a row lock, so two approvers cannot both act on one request."""
        fresh = (
            type(self)
            .objects.select_for_update()
            .only("status", "submitted_by", "updated_by", "live_version", "agency")
            .get(pk=self.pk)
        )
        self.status = fresh.status
        self.submitted_by_id = fresh.submitted_by_id
        self.updated_by_id = fresh.updated_by_id
        self.live_version_id = fresh.live_version_id

    def _save_workflow(self, *fields: str) -> None:
        # update_fields keeps `updated_at`/`updated_by` as the author left them (they mean "last edited").
        self.save(update_fields=["status", *fields])

    @transaction.atomic
    def submit(self, user, change_note: str = "", request: HttpRequest | None = None) -> None:
        """ขออนุมัติเผยแพร่ (H10): draft/returned → pending.

        Side effects: stamps submitted_by/at, stores the change note, clears the previous decision, writes
        `approvals.handbook.submitted`, and e-mails the approvers whose scope holds the handbook's agency.
        Raises TransitionNotAllowed, ActorNotAllowed, or UnmetRules (with `.unmet`, the list of unmet rules).
        """
        self._lock()
        self._check("submit", user, self.can_submit(user))
        unmet = unmet_rules(self)
        if unmet:
            raise UnmetRules(_("ยังขออนุมัติเผยแพร่ไม่ได้: ยังไม่ครบตามหลักเกณฑ์ %(n)s ข้อ") % {"n": len(unmet)}, "unmet", unmet)
        self.status = TRANSITIONS["submit"][1]
        self.submitted_by = user
        self.submitted_at = timezone.now()
        self.change_note = (change_note or "").strip()[:500]
        self.decided_by = None
        self.decided_at = None
        self.decision_note = ""
        self._save_workflow("submitted_by", "submitted_at", "change_note", "decided_by", "decided_at", "decision_note")
        audit.record(
            "approvals.handbook.submitted",
            obj=self,
            actor=user,
            request=request,
            data={"change_note": self.change_note},
        )
        from .notifications import notify_submitted

        transaction.on_commit(lambda: notify_submitted(self, request=request))

    @transaction.atomic
    def withdraw(self, user, request: HttpRequest | None = None) -> None:
        """ถอนคำขอ: pending → draft, by the submitter. Writes `approvals.handbook.withdrawn`.

        Raises TransitionNotAllowed or ActorNotAllowed.
        """
        self._lock()
        self._check("withdraw", user, self.can_withdraw(user))
        self.status = TRANSITIONS["withdraw"][1]
        self._save_workflow()
        audit.record("approvals.handbook.withdrawn", obj=self, actor=user, request=request)

    @transaction.atomic
    def approve(self, user, comment: str = "", request: HttpRequest | None = None) -> HandbookVersion:
        """อนุมัติเผยแพร่: pending → published.

        Side effects: stores the next immutable HandbookVersion (number, whole snapshot, approver, time, change
        note), makes it `live_version` (replacing the public page), refreshes `public_search`, writes
        `approvals.handbook.approved`, and e-mails the author and the submitter.
        Raises TransitionNotAllowed or ActorNotAllowed (including the approver's own request).
        """
        from handbooks.search import public_filters, search_text
        from handbooks.snapshot import build_snapshot, handbook_queryset

        self._lock()
        self._check("approve", user, self.can_approve(user))
        now = timezone.now()
        snapshot = build_snapshot(handbook_queryset().get(pk=self.pk))
        last = HandbookVersion.objects.filter(handbook_id=self.pk).aggregate(n=Max("number"))["n"] or 0
        version = HandbookVersion.objects.create(
            handbook_id=self.pk,
            number=last + 1,
            snapshot=snapshot,
            change_note=self.change_note,
            submitted_by_id=self.submitted_by_id,
            approved_by=user,
            approved_at=now,
            approve_comment=(comment or "").strip(),
        )
        self.status = TRANSITIONS["approve"][1]
        self.live_version = version
        self.decided_by = user
        self.decided_at = now
        self.decision_note = (comment or "").strip()
        self.public_search = search_text(snapshot, extra=self._ministry_names())
        self.public_category, self.public_areas = public_filters(snapshot)
        self._save_workflow(
            "live_version",
            "decided_by",
            "decided_at",
            "decision_note",
            "public_search",
            "public_category",
            "public_areas",
        )
        audit.record(
            "approvals.handbook.approved",
            obj=self,
            actor=user,
            request=request,
            data={"version": version.number, "comment": self.decision_note},
        )
        _public_lists_changed()
        from .notifications import notify_decided

        transaction.on_commit(lambda: notify_decided(self, approved=True, request=request))
        return version

    @transaction.atomic
    def return_for_changes(self, user, reason: str, request: HttpRequest | None = None) -> None:
        """ส่งกลับแก้ไข: pending → returned, with a required reason. The live version (if any) stays public.

        Writes `approvals.handbook.returned` and e-mails the author and the submitter.
        Raises ReasonRequired, TransitionNotAllowed or ActorNotAllowed.
        """
        self._lock()
        self._check("return", user, self.can_return(user))
        reason = (reason or "").strip()
        if not reason:
            raise ReasonRequired(_("กรุณาระบุเหตุผลที่ส่งกลับแก้ไข"), code="reason")
        self.status = TRANSITIONS["return"][1]
        self.decided_by = user
        self.decided_at = timezone.now()
        self.decision_note = reason
        self._save_workflow("decided_by", "decided_at", "decision_note")
        audit.record("approvals.handbook.returned", obj=self, actor=user, request=request, data={"reason": reason})
        from .notifications import notify_decided

        transaction.on_commit(lambda: notify_decided(self, approved=False, request=request))

    @transaction.atomic
    def unpublish(self, user, reason: str, request: HttpRequest | None = None) -> None:
        """ยกเลิกการเผยแพร่: clears `live_version` so the public page 404s; every version stays in the database.

        A published handbook becomes a draft; a draft or returned revision keeps its status. Writes
        `approvals.handbook.unpublished`. Raises ReasonRequired, TransitionNotAllowed or ActorNotAllowed.
        """
        self._lock()
        self._check("unpublish", user, self.can_unpublish(user))
        reason = (reason or "").strip()
        if not reason:
            raise ReasonRequired(_("กรุณาระบุเหตุผลที่ยกเลิกการเผยแพร่"), code="reason")
        version_number = self.live_version.number if self.live_version else None
        if self.status == Status.PUBLISHED:
            self.status = TRANSITIONS["unpublish"][1]
        self.live_version = None
        self.public_search = self.public_category = self.public_areas = ""
        self.decided_by = user
        self.decided_at = timezone.now()
        self.decision_note = reason
        self._save_workflow(
            "live_version",
            "public_search",
            "public_category",
            "public_areas",
            "decided_by",
            "decided_at",
            "decision_note",
        )
        audit.record(
            "approvals.handbook.unpublished",
            obj=self,
            actor=user,
            request=request,
            data={"reason": reason, "version": version_number},
        )
        _public_lists_changed()


def _public_lists_changed() -> None:
    """A handbook entered or left the public site: forget the public lists' cached result counts (portal.paging).

    Bumped now (so this process, and a test's transaction, see it at once) and again after the commit (so a count
    taken by another request between the two moments, still without this change, is not reused)."""
    bump_generation()
    transaction.on_commit(bump_generation)


class HandbookVersion(models.Model):
    """An immutable snapshot of a published handbook (procedure sections 1–9 and handbook sections 10–19)."""

    handbook = models.ForeignKey("handbooks.Handbook", on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("ฉบับที่"))
    snapshot = models.JSONField(_("ข้อมูลคู่มือ"))
    change_note = models.CharField(_("สรุปการเปลี่ยนแปลง"), max_length=500, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ผู้อนุมัติ"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("วันที่เผยแพร่"))
    approve_comment = models.TextField(_("ความเห็นผู้อนุมัติ"), blank=True)

    class Meta:
        verbose_name = _("ฉบับที่เผยแพร่")
        verbose_name_plural = _("ฉบับที่เผยแพร่")
        ordering = ["handbook", "-number"]
        constraints = [models.UniqueConstraint(fields=["handbook", "number"], name="handbook_version_number_once")]

    def __str__(self) -> str:
        return f"{self.handbook_id} ฉบับที่ {self.number}"

    def save(self, *args, **kwargs) -> None:
        # What citizens saw must never change silently: a stored version is written once and never updated.
        if not self._state.adding:
            raise ImmutableVersion(_("ฉบับที่เผยแพร่แล้วแก้ไขไม่ได้"))
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("public:version", kwargs={"pk": self.handbook_id, "number": self.number})


class ImmutableVersion(Exception):
    """Raised when code tries to change a stored published version."""
