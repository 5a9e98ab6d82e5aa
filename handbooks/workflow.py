"""The workflow of a handbook: its states, the one table of transitions, and the transition methods.

Every change of `Handbook.status` happens in `Publishable._transition`, which reads the target state from
TRANSITIONS, locks the row, checks the state and the actor, saves, writes exactly one audit row and, after the
commit, sends `transitioned` (the approvals app e-mails approvers and authors from it). Who may act is the
model's own permission rules (`Handbook.is_editable_by`, `is_reviewable_by`, ...): nothing is restated here.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models, transaction
from django.db.models import Max
from django.dispatch import Signal
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


# action → {state it may start from: state it leads to}. The only place a target state is written.
TRANSITIONS: dict[str, dict[str, str]] = {
    # ขออนุมัติเผยแพร่ (H10)
    "submit": {Status.DRAFT: Status.PENDING, Status.RETURNED: Status.PENDING},
    "withdraw": {Status.PENDING: Status.DRAFT},
    "approve": {Status.PENDING: Status.PUBLISHED},
    "return": {Status.PENDING: Status.RETURNED},
    # An author saves an edit of a published or returned handbook: a new revision starts. The live version stays
    # public until the revision is approved.
    "revise": {Status.PUBLISHED: Status.DRAFT, Status.RETURNED: Status.DRAFT},
    # The public page goes; what is being written stays a draft (a returned revision's reason is replaced by the
    # reason to unpublish, so it is a draft again too).
    "unpublish": {Status.PUBLISHED: Status.DRAFT, Status.DRAFT: Status.DRAFT, Status.RETURNED: Status.DRAFT},
}

# The audit action of each transition (names kept from when the workflow lived in the approvals app, so that
# existing audit rows and new ones read the same).
AUDIT_ACTIONS = {
    "submit": "approvals.handbook.submitted",
    "withdraw": "approvals.handbook.withdrawn",
    "approve": "approvals.handbook.approved",
    "return": "approvals.handbook.returned",
    "revise": "handbooks.handbook.revised",
    "unpublish": "approvals.handbook.unpublished",
}

STATE_ERRORS = {
    "submit": _("ขออนุมัติเผยแพร่ได้เฉพาะคู่มือที่เป็นร่างหรือถูกส่งกลับแก้ไข (สถานะปัจจุบัน: %(status)s)"),
    "withdraw": _("ถอนคำขอได้เฉพาะคู่มือที่รออนุมัติ (สถานะปัจจุบัน: %(status)s)"),
    "approve": _("อนุมัติได้เฉพาะคู่มือที่รออนุมัติ (สถานะปัจจุบัน: %(status)s)"),
    "return": _("ส่งกลับแก้ไขได้เฉพาะคู่มือที่รออนุมัติ (สถานะปัจจุบัน: %(status)s)"),
    "revise": _("คู่มือนี้อยู่ระหว่างรออนุมัติ จึงแก้ไขไม่ได้ หากต้องการแก้ไข กรุณาขอถอนคำขออนุมัติก่อน"),
    "unpublish": _("ยกเลิกการเผยแพร่ได้เฉพาะคู่มือที่เผยแพร่อยู่และไม่ได้รออนุมัติ (สถานะปัจจุบัน: %(status)s)"),
}

# Sent after the commit of every transition: sender=Handbook, handbook=, action=, actor=, request=.
transitioned = Signal()


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
        "handbooks.HandbookVersion",
        verbose_name=_("ฉบับที่เผยแพร่"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # What the public lists and filters match, copied from the live version at approval (and cleared when it is
    # unpublished): citizens must find a handbook by what they read, not by the working copy or the procedure's
    # later edits. `public_search`: the snapshot's words segmented with pythainlp; `public_areas`: "|ส่วนกลาง|…|".
    public_search = models.TextField(blank=True, default="")
    public_category = models.CharField(max_length=20, blank=True, default="")
    public_areas = models.TextField(blank=True, default="")
    public_agency = models.ForeignKey(
        "portal.Agency", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", db_index=True
    )

    class Meta:
        abstract = True

    # ----- who may act: each is the model's permission rule plus separation of duties -----

    def is_own_request(self, user) -> bool:
        """Separation of duties: the submitter and the last editor may not decide on the request."""
        return user is not None and user.pk is not None and user.pk in {self.submitted_by_id, self.updated_by_id}

    def can_submit(self, user) -> bool:
        return self.is_editable_by(user)

    def can_withdraw(self, user) -> bool:
        """Only the official who submitted the request (or an administrator) may withdraw it."""
        return self.is_in_scope_of(user) and (user.pk == self.submitted_by_id or user.is_superuser)

    def can_approve(self, user) -> bool:
        return self.is_reviewable_by(user) and not self.is_own_request(user)

    def can_return(self, user) -> bool:
        return self.can_approve(user)

    def can_unpublish(self, user) -> bool:
        return self.is_reviewable_by(user)

    def can_revise(self, user) -> bool:
        return self.is_editable_by(user)

    def allows(self, action: str) -> bool:
        """True when the current state allows `action` (see TRANSITIONS)."""
        if action == "unpublish" and self.live_version_id is None:
            return False
        return self.status in TRANSITIONS[action]

    def may(self, action: str, user) -> bool:
        """The state allows `action` and `user` may take it: what a button shows."""
        return self.allows(action) and getattr(self, f"can_{action}")(user)

    # ----- the one way to change state -----

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

    def _check(self, action: str, user) -> None:
        if not self.allows(action):
            raise TransitionNotAllowed(STATE_ERRORS[action] % {"status": self.get_status_display()}, code="state")
        if not getattr(self, f"can_{action}")(user):
            if action in {"approve", "return"} and self.is_reviewable_by(user) and self.is_own_request(user):
                raise ActorNotAllowed(
                    _("ผู้อนุมัติไม่สามารถอนุมัติหรือส่งกลับคำขอที่ตนเองเป็นผู้ขออนุมัติหรือแก้ไขล่าสุดได้ (แบ่งแยกหน้าที่)"),
                    code="own_request",
                )
            raise ActorNotAllowed(_("ท่านไม่มีสิทธิ์ดำเนินการนี้กับคู่มือฉบับนี้"), code="actor")

    def _transition(self, action: str, user, request: HttpRequest | None, prepare=None, **stamp) -> None:
        """Lock, check, run `prepare()` (may raise), set the state from TRANSITIONS and the `stamp` fields, save
        them (not `updated_at`/`updated_by`: those mean "last edited"), write one audit row, signal after commit.
        `audit_data` in `stamp` goes to the audit row, not to the model (`prepare` may still add to it)."""
        self._lock()
        self._check(action, user)
        data = stamp.pop("audit_data", {})
        if prepare is not None:
            stamp.update(prepare() or {})
        self.status = TRANSITIONS[action][self.status]
        for name, value in stamp.items():
            setattr(self, name, value)
        self.save(update_fields=["status", *stamp])
        audit.record(AUDIT_ACTIONS[action], obj=self, actor=user, request=request, data=data)
        transaction.on_commit(
            lambda: transitioned.send(type(self), handbook=self, action=action, actor=user, request=request)
        )

    @transaction.atomic
    def submit(self, user, change_note: str = "", request: HttpRequest | None = None) -> None:
        """ขออนุมัติเผยแพร่ (H10): draft/returned → pending.

        Stamps submitted_by/at, stores the change note, clears the previous decision; approvers are e-mailed.
        Raises TransitionNotAllowed, ActorNotAllowed, or UnmetRules (with `.unmet`, the list of unmet rules).
        """
        from .checks import unmet_rules_of

        def refuse_unmet():
            unmet = unmet_rules_of(self.pk)
            if unmet:
                message = _("ยังขออนุมัติเผยแพร่ไม่ได้: ยังไม่ครบตามหลักเกณฑ์ %(n)s ข้อ") % {"n": len(unmet)}
                raise UnmetRules(message, "unmet", unmet)

        note = (change_note or "").strip()[:500]
        self._transition(
            "submit",
            user,
            request,
            prepare=refuse_unmet,
            submitted_by=user,
            submitted_at=timezone.now(),
            change_note=note,
            decided_by=None,
            decided_at=None,
            decision_note="",
            audit_data={"change_note": note},
        )

    @transaction.atomic
    def withdraw(self, user, request: HttpRequest | None = None) -> None:
        """ถอนคำขอ: pending → draft, by the submitter. Raises TransitionNotAllowed or ActorNotAllowed."""
        self._transition("withdraw", user, request)

    @transaction.atomic
    def approve(self, user, comment: str = "", request: HttpRequest | None = None) -> HandbookVersion:
        """อนุมัติเผยแพร่: pending → published.

        Stores the next immutable HandbookVersion (number, whole snapshot, approver, time, change note), makes it
        `live_version` (replacing the public page), copies what the public lists match from the snapshot, and
        forgets the public lists' cached counts; the author and the submitter are e-mailed.
        Raises TransitionNotAllowed or ActorNotAllowed (including the approver's own request).
        """
        from .search import public_fields
        from .snapshot import build_snapshot, handbook_queryset

        comment = (comment or "").strip()
        now = timezone.now()
        created: list[HandbookVersion] = []
        audit_data = {"comment": comment}

        def store_version():
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
                approve_comment=comment,
            )
            created.append(version)
            audit_data["version"] = version.number
            return {"live_version": version, **public_fields(snapshot)}

        self._transition(
            "approve",
            user,
            request,
            prepare=store_version,
            decided_by=user,
            decided_at=now,
            decision_note=comment,
            audit_data=audit_data,
        )
        _public_lists_changed()
        return created[0]

    @transaction.atomic
    def return_for_changes(self, user, reason: str, request: HttpRequest | None = None) -> None:
        """ส่งกลับแก้ไข: pending → returned, with a required reason. The live version (if any) stays public.

        The author and the submitter are e-mailed. Raises ReasonRequired, TransitionNotAllowed or ActorNotAllowed.
        """
        reason = _required(reason, _("กรุณาระบุเหตุผลที่ส่งกลับแก้ไข"))
        self._transition(
            "return",
            user,
            request,
            decided_by=user,
            decided_at=timezone.now(),
            decision_note=reason,
            audit_data={"reason": reason},
        )

    @transaction.atomic
    def revise(self, user, request: HttpRequest | None = None) -> None:
        """An edit of a published or returned handbook starts a new revision: → draft. The live version stays.

        Called by `handbooks.services.save_handbook` inside its transaction. Raises TransitionNotAllowed (e.g. while
        pending) or ActorNotAllowed."""
        self._transition("revise", user, request)

    @transaction.atomic
    def unpublish(self, user, reason: str, request: HttpRequest | None = None) -> None:
        """ยกเลิกการเผยแพร่: clears `live_version` (the public page 404s) and what the public lists match; every
        version stays in the database. Raises ReasonRequired, TransitionNotAllowed or ActorNotAllowed."""
        reason = _required(reason, _("กรุณาระบุเหตุผลที่ยกเลิกการเผยแพร่"))
        number = HandbookVersion.objects.filter(pk=self.live_version_id).values_list("number", flat=True).first()
        self._transition(
            "unpublish",
            user,
            request,
            live_version=None,
            public_search="",
            public_category="",
            public_areas="",
            public_agency=None,
            decided_by=user,
            decided_at=timezone.now(),
            decision_note=reason,
            audit_data={"reason": reason, "version": number},
        )
        _public_lists_changed()


def _required(text: str, message) -> str:
    text = (text or "").strip()
    if not text:
        raise ReasonRequired(message, code="reason")
    return text


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
