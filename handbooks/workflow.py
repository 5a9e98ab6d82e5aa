"""The workflow of a handbook: its states, the one table of transitions, and the transition methods.

Every change of `Handbook.status` happens in `Publishable._transition`, which reads the target state from
TRANSITIONS, locks the row, checks the state and the actor, saves, writes exactly one audit row and, after the
commit, sends `transitioned` (the approvals app e-mails approvers and authors from it). Who may act is the
model's own permission rules (`Handbook.is_editable_by`, `is_reviewable_by`, ...): nothing is restated here.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Max, Q, Value
from django.db.models.functions import Coalesce
from django.dispatch import Signal
from django.http import HttpRequest
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from portal import audit, roles
from portal.paging import bump_generation


class Status(models.TextChoices):
    DRAFT = "draft", _("ร่าง")
    # Stage 1: the agency's approver. In a two-stage chain (ApprovalChain) stage 2 follows: a ก.พ.ร. reviewer.
    PENDING = "pending", _("รออนุมัติ")
    PENDING_CENTRAL = "pending_central", _("รอสำนักงาน ก.พ.ร. อนุมัติ")
    PUBLISHED = "published", _("เผยแพร่แล้ว")
    RETURNED = "returned", _("ส่งกลับแก้ไข")


# A request waiting for a decision, at either stage: read-only for its authors.
PENDING_STATES = (Status.PENDING, Status.PENDING_CENTRAL)
# The stage a pending state is (1: the agency's approver, 2: สำนักงาน ก.พ.ร.).
STAGE_OF = {Status.PENDING: 1, Status.PENDING_CENTRAL: 2}


# action → {state it may start from: state it leads to}. The only place a target state is written.
TRANSITIONS: dict[str, dict[str, str]] = {
    # ขออนุมัติเผยแพร่ (H10)
    "submit": {Status.DRAFT: Status.PENDING, Status.RETURNED: Status.PENDING},
    "withdraw": {Status.PENDING: Status.DRAFT, Status.PENDING_CENTRAL: Status.DRAFT},
    # Stage 1 of a two-stage chain: the agency's approver agrees and sends the request on to ก.พ.ร.
    "forward": {Status.PENDING: Status.PENDING_CENTRAL},
    # The last stage's approval publishes (stage 1 of a one-stage chain, stage 2 of a two-stage one).
    "approve": {Status.PENDING: Status.PUBLISHED, Status.PENDING_CENTRAL: Status.PUBLISHED},
    "return": {Status.PENDING: Status.RETURNED, Status.PENDING_CENTRAL: Status.RETURNED},
    # An author saves an edit of a published or returned handbook: a new revision starts. The live version stays
    # public until the revision is approved.
    "revise": {Status.PUBLISHED: Status.DRAFT, Status.RETURNED: Status.DRAFT},
    # The public page goes; what is being written stays a draft (a returned revision's reason is replaced by the
    # reason to unpublish, so it is a draft again too).
    "unpublish": {Status.PUBLISHED: Status.DRAFT, Status.DRAFT: Status.DRAFT, Status.RETURNED: Status.DRAFT},
    # ตรวจสอบหลังเผยแพร่: ก.พ.ร. flags a published handbook for correction, or lifts its flag. The state does not
    # change (the handbook stays public); the flag goes when a corrected version is approved.
    "flag": {state: state for state in Status},
    "unflag": {state: state for state in Status},
}

# The audit action of each transition (names kept from when the workflow lived in the approvals app, so that
# existing audit rows and new ones read the same).
AUDIT_ACTIONS = {
    "submit": "approvals.handbook.submitted",
    "withdraw": "approvals.handbook.withdrawn",
    "forward": "approvals.handbook.forwarded",
    "approve": "approvals.handbook.approved",
    "return": "approvals.handbook.returned",
    "revise": "handbooks.handbook.revised",
    "unpublish": "approvals.handbook.unpublished",
    "flag": "approvals.handbook.flagged",
    "unflag": "approvals.handbook.unflagged",
}

STATE_ERRORS = {
    "submit": _("ขออนุมัติเผยแพร่ได้เฉพาะคู่มือที่เป็นร่างหรือถูกส่งกลับแก้ไข (สถานะปัจจุบัน: %(status)s)"),
    "withdraw": _("ถอนคำขอได้เฉพาะคู่มือที่รออนุมัติ (สถานะปัจจุบัน: %(status)s)"),
    "forward": _("เห็นชอบและส่งต่อได้เฉพาะคำขอที่รอผู้อนุมัติของหน่วยงานในสายการอนุมัติสองขั้น (สถานะปัจจุบัน: %(status)s)"),
    "approve": _("อนุมัติได้เฉพาะคู่มือที่รออนุมัติ (สถานะปัจจุบัน: %(status)s)"),
    "return": _("ส่งกลับแก้ไขได้เฉพาะคู่มือที่รออนุมัติ (สถานะปัจจุบัน: %(status)s)"),
    "revise": _("คู่มือนี้อยู่ระหว่างรออนุมัติ จึงแก้ไขไม่ได้ หากต้องการแก้ไข กรุณาขอถอนคำขออนุมัติก่อน"),
    "unpublish": _("ยกเลิกการเผยแพร่ได้เฉพาะคู่มือที่เผยแพร่อยู่และไม่ได้รออนุมัติ (สถานะปัจจุบัน: %(status)s)"),
    "flag": _("แจ้งให้แก้ไขหลังเผยแพร่ได้เฉพาะคู่มือที่เผยแพร่อยู่"),
    "unflag": _("คู่มือนี้ไม่มีรายการแจ้งให้แก้ไขหลังเผยแพร่"),
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


def official(label=None) -> models.ForeignKey:
    """A reference to the official who did something: kept empty (not deleted with them) if their account goes."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=label,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )


class Publishable(models.Model):
    """Workflow fields of the working copy. What citizens see is `live_version`, never the working copy."""

    status = models.CharField(_("สถานะ"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True)
    submitted_by = official(_("ผู้ขออนุมัติ"))
    submitted_at = models.DateTimeField(_("วันที่ขออนุมัติ"), null=True, blank=True, db_index=True)
    decided_by = official(_("ผู้พิจารณา"))
    decided_at = models.DateTimeField(_("วันที่พิจารณา"), null=True, blank=True)
    decision_note = models.TextField(_("ความเห็น / เหตุผล"), blank=True)
    # Stage 1 of a two-stage chain, once the agency's approver has forwarded the request (cleared on each submit).
    endorsed_by = official(_("ผู้เห็นชอบขั้นที่ 1"))
    endorsed_at = models.DateTimeField(_("วันที่เห็นชอบขั้นที่ 1"), null=True, blank=True)
    endorse_note = models.TextField(_("ความเห็นขั้นที่ 1"), blank=True)
    # ตรวจสอบหลังเผยแพร่: set by ก.พ.ร. on a published handbook, cleared when a corrected version is approved.
    flagged_by = official(_("ผู้แจ้งให้แก้ไข"))
    flagged_at = models.DateTimeField(_("วันที่แจ้งให้แก้ไข"), null=True, blank=True, db_index=True)
    flag_reason = models.TextField(_("สิ่งที่ต้องแก้ไข"), blank=True)
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
    # The procedure name's words alone: results whose title holds every searched word come first.
    public_title = models.TextField(blank=True, default="")
    public_category = models.CharField(max_length=20, blank=True, default="")
    public_areas = models.TextField(blank=True, default="")
    public_agency = models.ForeignKey(
        "portal.Agency", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", db_index=True
    )
    # The live version's approval time: the public lists' order, without joining the versions.
    public_approved_at = models.DateTimeField(null=True, blank=True)
    # What a row of the public lists shows (name, reference, agency, category), as the live version recorded them
    # (handbooks.search.public_row): a list reads it from this row instead of four paths into each live snapshot.
    public_row = models.JSONField(default=dict, blank=True)

    class Meta:
        abstract = True

    # ----- who may act: each is the model's permission rule plus separation of duties -----

    def is_own_request(self, user) -> bool:
        """Separation of duties: the submitter and the last editor may not decide on the request."""
        return user is not None and user.pk is not None and user.pk in {self.submitted_by_id, self.updated_by_id}

    def has_decided(self, user) -> bool:
        """Separation of duties across stages: who forwarded the request at stage 1 does not decide at stage 2."""
        return user is not None and user.pk is not None and user.pk == self.endorsed_by_id

    @property
    def stage(self) -> int | None:
        """The stage a pending request is at (1 or 2), None when nothing waits for a decision."""
        return STAGE_OF.get(self.status)

    @cached_property
    def approval_stages(self) -> int:
        """How many stages publication of this handbook needs now (ApprovalChain for its ministry, else national)."""
        return stages_for(self.agency)

    def can_submit(self, user) -> bool:
        return self.is_editable_by(user)

    def can_withdraw(self, user) -> bool:
        """Only the official who submitted the request (or an administrator) may withdraw it."""
        return self.is_in_scope_of(user) and (user.pk == self.submitted_by_id or user.is_superuser)

    def may_decide_stage(self, user) -> bool:
        """The role for the stage the request is at: stage 1, an approver of the handbook's scope; stage 2, a
        ก.พ.ร. (central) approver. Nobody decides on what they submitted or last edited, nor twice on one request."""
        if self.is_own_request(user) or self.has_decided(user):
            return False
        if self.status == Status.PENDING_CENTRAL:
            return roles.is_central_approver(user)
        return self.is_reviewable_by(user)

    def can_forward(self, user) -> bool:
        return self.may_decide_stage(user)

    def can_approve(self, user) -> bool:
        return self.may_decide_stage(user)

    def can_return(self, user) -> bool:
        return self.may_decide_stage(user)

    def can_unpublish(self, user) -> bool:
        return self.is_reviewable_by(user)

    def can_revise(self, user) -> bool:
        return self.is_editable_by(user)

    def can_flag(self, user) -> bool:
        return roles.is_central_approver(user)

    def can_unflag(self, user) -> bool:
        return roles.is_central_approver(user)

    def allows(self, action: str) -> bool:
        """True when the current state allows `action` (see TRANSITIONS). At stage 1 of a two-stage chain the
        approver forwards instead of approving; stage 1 of a one-stage chain has no forward."""
        if action in {"unpublish", "flag"} and self.live_version_id is None:
            return False
        if action == "unflag" and self.flagged_at is None:
            return False
        if self.status == Status.PENDING and action in {"approve", "forward"}:
            two_stages = self.approval_stages >= 2
            return two_stages if action == "forward" else not two_stages
        return self.status in TRANSITIONS[action]

    def may(self, action: str, user) -> bool:
        """The state allows `action` and `user` may take it: what a button shows."""
        return self.allows(action) and getattr(self, f"can_{action}")(user)

    @property
    def decision_action(self) -> str:
        """What "agree" means at the request's stage: "forward" (stage 1 of two) or "approve" (the last stage)."""
        return "forward" if self.allows("forward") else "approve"

    # ----- the one way to change state -----

    def _lock(self) -> None:
        """Re-read the workflow fields under a row lock, so two approvers cannot both act on one request."""
        fresh = type(self).objects.select_for_update().only(*LOCKED_FIELDS).get(pk=self.pk)
        for name in LOCKED_FIELDS:
            attname = self._meta.get_field(name).attname
            setattr(self, attname, getattr(fresh, attname))

    def _check(self, action: str, user) -> None:
        if not self.allows(action):
            raise TransitionNotAllowed(STATE_ERRORS[action] % {"status": self.get_status_display()}, code="state")
        if not getattr(self, f"can_{action}")(user):
            if action in DECISIONS and self.is_own_request(user):
                raise ActorNotAllowed(
                    _("ผู้อนุมัติไม่สามารถอนุมัติหรือส่งกลับคำขอที่ตนเองเป็นผู้ขออนุมัติหรือแก้ไขล่าสุดได้ (แบ่งแยกหน้าที่)"),
                    code="own_request",
                )
            if action in DECISIONS and self.has_decided(user):
                raise ActorNotAllowed(
                    _("ท่านพิจารณาคำขอนี้ในขั้นที่ 1 แล้ว จึงพิจารณาในขั้นที่ 2 ไม่ได้ (แบ่งแยกหน้าที่)"),
                    code="decided_before",
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
        stage = self.stage
        self.status = TRANSITIONS[action][self.status]
        for name, value in stamp.items():
            setattr(self, name, value)
        self.save(update_fields=["status", *stamp])
        if action in DECISIONS:
            data["stage"] = stage
            Decision.objects.create(
                handbook_id=self.pk,
                stage=stage,
                outcome=DECISIONS[action],
                decided_by=user,
                decided_at=stamp.get("decided_at") or stamp.get("endorsed_at") or timezone.now(),
                note=data.get("reason") or data.get("comment") or "",
                submitted_at=self.submitted_at,
            )
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
            endorsed_by=None,
            endorsed_at=None,
            endorse_note="",
            audit_data={"change_note": note},
        )

    @transaction.atomic
    def withdraw(self, user, request: HttpRequest | None = None) -> None:
        """ถอนคำขอ: pending → draft, by the submitter. Raises TransitionNotAllowed or ActorNotAllowed."""
        self._transition("withdraw", user, request)

    @transaction.atomic
    def approve(self, user, comment: str = "", request: HttpRequest | None = None) -> HandbookVersion | None:
        """The approver agrees, at the stage the request is at.

        Stage 1 of a two-stage chain (ApprovalChain): forwards the request to ก.พ.ร. (pending → pending_central,
        stamps `endorsed_by/at`, e-mails the central approvers) and returns None. The last stage: publishes
        (→ published): stores the next immutable HandbookVersion (number, whole snapshot, both approvers, time,
        change note), makes it `live_version`, copies what the public lists match from the snapshot, lifts a
        ก.พ.ร. flag for correction, forgets the public lists' cached counts, and returns the version.
        Each stage writes one Decision row and one audit row. Raises TransitionNotAllowed or ActorNotAllowed
        (the approver's own request, or a second decision by the same person on one request).
        """
        self._lock()
        if self.decision_action == "forward":
            self._forward(user, comment, request)
            return None
        return self._publish(user, comment, request)

    def _forward(self, user, comment: str, request: HttpRequest | None) -> None:
        comment = (comment or "").strip()
        self._transition(
            "forward",
            user,
            request,
            endorsed_by=user,
            endorsed_at=timezone.now(),
            endorse_note=comment,
            audit_data={"comment": comment},
        )

    def _publish(self, user, comment: str, request: HttpRequest | None) -> HandbookVersion:
        from .search import public_fields, remember_words
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
                endorsed_by_id=self.endorsed_by_id if self.status == Status.PENDING_CENTRAL else None,
                endorsed_at=self.endorsed_at if self.status == Status.PENDING_CENTRAL else None,
                approved_by=user,
                approved_at=now,
                approve_comment=comment,
            )
            created.append(version)
            audit_data["version"] = version.number
            public = public_fields(snapshot)
            remember_words(public["public_search"], public["public_title"])
            return {"live_version": version, "public_approved_at": now, **public}

        self._transition(
            "approve",
            user,
            request,
            prepare=store_version,
            decided_by=user,
            decided_at=now,
            decision_note=comment,
            flagged_by=None,
            flagged_at=None,
            flag_reason="",
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
            public_title="",
            public_category="",
            public_areas="",
            public_agency=None,
            public_approved_at=None,
            public_row={},
            decided_by=user,
            decided_at=timezone.now(),
            decision_note=reason,
            audit_data={"reason": reason, "version": number},
        )
        _public_lists_changed()

    @transaction.atomic
    def flag(self, user, reason: str, request: HttpRequest | None = None) -> None:
        """ตรวจสอบหลังเผยแพร่: a ก.พ.ร. (central) approver asks for a correction of a published handbook. It stays
        public; the flag shows on the official pages until a corrected version is approved (or ก.พ.ร. lifts it);
        the authors of the handbook's agency are e-mailed. Raises ReasonRequired, TransitionNotAllowed or
        ActorNotAllowed."""
        reason = _required(reason, _("กรุณาระบุสิ่งที่ต้องแก้ไข"))
        self._transition(
            "flag",
            user,
            request,
            flagged_by=user,
            flagged_at=timezone.now(),
            flag_reason=reason,
            audit_data={"reason": reason},
        )

    @transaction.atomic
    def unflag(self, user, request: HttpRequest | None = None) -> None:
        """ก.พ.ร. lifts its flag for correction without a new version."""
        self._transition("unflag", user, request, flagged_by=None, flagged_at=None, flag_reason="")


# Fields `_lock` reads again under the row lock: what the checks of every transition look at. (Not the agency: an
# edit that moves the handbook revises it inside the same transaction and must keep its new agency.)
LOCKED_FIELDS = (
    "status",
    "submitted_by",
    "submitted_at",
    "updated_by",
    "live_version",
    "endorsed_by",
    "endorsed_at",
    "flagged_at",
)


def stages_for(agency) -> int:
    """How many approval stages publication needs for a handbook of `agency`: its ministry's ApprovalChain row,
    else the national row, else one. A ministry is the root of its agency tree, so one query on `tree_id`."""
    if agency is None:
        return 1
    rows = dict(
        ApprovalChain.objects.filter(Q(ministry__isnull=True) | Q(ministry__tree_id=agency.tree_id)).values_list(
            "ministry_id", "stages"
        )
    )
    national = rows.pop(None, ApprovalChain.Stages.ONE)
    return next(iter(rows.values()), national)


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
    submitted_by = official()
    endorsed_by = official(_("ผู้เห็นชอบขั้นที่ 1"))
    endorsed_at = models.DateTimeField(_("วันที่เห็นชอบขั้นที่ 1"), null=True, blank=True)
    approved_by = official(_("ผู้อนุมัติ"))
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


class Decision(models.Model):
    """One approver's decision at one stage of one request (forwarded, approved or returned): the record the
    handbook page shows stage by stage and the reports count. Written by `Publishable._transition` only."""

    class Outcome(models.TextChoices):
        FORWARDED = "forwarded", _("เห็นชอบและส่งต่อสำนักงาน ก.พ.ร.")
        APPROVED = "approved", _("อนุมัติเผยแพร่")
        RETURNED = "returned", _("ส่งกลับแก้ไข")

    handbook = models.ForeignKey(
        "handbooks.Handbook", verbose_name=_("คู่มือสำหรับประชาชน"), on_delete=models.CASCADE, related_name="decisions"
    )
    stage = models.PositiveSmallIntegerField(_("ขั้นที่"))
    outcome = models.CharField(_("ผลการพิจารณา"), max_length=20, choices=Outcome.choices)
    decided_by = official(_("ผู้พิจารณา"))
    decided_at = models.DateTimeField(_("วันที่พิจารณา"))
    note = models.TextField(_("ความเห็น / เหตุผล"), blank=True)
    # Which request the decision was on (the request's submission time).
    submitted_at = models.DateTimeField(_("วันที่ขออนุมัติ"), null=True, blank=True)

    class Meta:
        verbose_name = _("ผลการพิจารณา")
        verbose_name_plural = _("ผลการพิจารณา")
        ordering = ["decided_at", "id"]
        indexes = [models.Index(fields=["outcome", "decided_at"]), models.Index(fields=["handbook", "submitted_at"])]

    def __str__(self) -> str:
        return f"{self.handbook_id} ขั้นที่ {self.stage}: {self.get_outcome_display()}"


# action → the Decision it records
DECISIONS = {
    "forward": Decision.Outcome.FORWARDED,
    "approve": Decision.Outcome.APPROVED,
    "return": Decision.Outcome.RETURNED,
}


class ApprovalChain(models.Model):
    """How many stages publication needs: one (the agency's approver) or two (the agency's approver, then a
    ก.พ.ร. reviewer). The row without a ministry is the national setting; a ministry's row overrides it for every
    agency of that ministry. Edited by administrators in the Django admin; without any row, one stage."""

    class Stages(models.IntegerChoices):
        ONE = 1, _("1 ขั้น: ผู้อนุมัติของหน่วยงานอนุมัติเผยแพร่")
        TWO = 2, _("2 ขั้น: ผู้อนุมัติของหน่วยงานเห็นชอบ แล้วสำนักงาน ก.พ.ร. อนุมัติเผยแพร่")

    ministry = models.OneToOneField(
        "portal.Agency",
        verbose_name=_("กระทรวง"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"level_kind": "ministry"},
        help_text=_("เว้นว่างไว้ = ค่าที่ใช้ทั้งประเทศ (ใช้กับกระทรวงที่ไม่ได้กำหนดไว้เป็นการเฉพาะ)"),
    )
    stages = models.PositiveSmallIntegerField(_("ขั้นตอนการอนุมัติ"), choices=Stages.choices, default=Stages.ONE)
    updated_at = models.DateTimeField(_("แก้ไขล่าสุด"), auto_now=True)

    class Meta:
        verbose_name = _("สายการอนุมัติ")
        verbose_name_plural = _("สายการอนุมัติ")
        constraints = [
            # One national row (ministry NULL): a unique ministry column alone lets several NULLs through.
            models.UniqueConstraint(
                Coalesce("ministry", Value(0), output_field=models.BigIntegerField()),
                name="approval_chain_once_per_scope",
                violation_error_message=_("มีสายการอนุมัติของขอบเขตนี้อยู่แล้ว กรุณาแก้ไขรายการเดิม"),
            ),
        ]

    def __str__(self) -> str:
        scope = self.ministry.name if self.ministry_id else _("ทั้งประเทศ")
        return f"{scope}: {self.get_stages_display()}"

    def clean(self) -> None:
        if self.ministry_id and self.ministry.level_kind != "ministry":
            raise ValidationError({"ministry": _("เลือกได้เฉพาะหน่วยงานระดับกระทรวง")})
