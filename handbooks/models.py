"""Citizen Handbooks (คู่มือสำหรับประชาชน): sections 10–19 (manual rules H1–H9).

A procedure may have several handbooks, one per serving agency or office. The repeating sections are child rows
ordered by `position`. The workflow state, its transitions and the published versions are in `handbooks.workflow`.

Who may see or change a handbook is written once here: each rule is a HandbookQuerySet method with its
single-object twin on Handbook (`editable_by` / `is_editable_by`, ...), built from `portal.roles` and the user's
agency scope. Views, template tags, menus and buttons ask these; none restates a rule.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from portal import roles
from portal.models import Agency
from procedures.models import Procedure, TimeUnit

from .workflow import PENDING_STATES, HandbookVersion, Publishable, Status
from .workflow import ApprovalChain as ApprovalChain  # re-exported: the apps above import the models from here
from .workflow import Decision as Decision


class HandbookQuerySet(models.QuerySet):
    def published(self) -> HandbookQuerySet:
        """Handbooks that citizens may read: those with a live published version."""
        return self.filter(live_version__isnull=False)

    def in_scope_of(self, user) -> HandbookQuerySet:
        """Handbooks whose working copy (drafts, revisions, workflow) the official may read: those of their agency
        and the units below it (central approvers and administrators: all). Twin: `Handbook.is_in_scope_of`."""
        if not roles.is_official(user):
            return self.none()
        return self.filter(user.scope_q("agency"))

    def visible_to(self, user) -> HandbookQuerySet:
        """Handbooks an official may open: those in scope, plus every published one, of which officials outside
        the scope see the live version only, exactly as the public does. Twin: `Handbook.is_visible_to`."""
        if not roles.is_official(user):
            return self.none()
        if user.has_all_scope:
            # Q() | Q(x) is just Q(x): an empty scope condition must not be OR-ed, or "all" shrinks to "published".
            return self.all()
        return self.filter(user.scope_q("agency") | Q(live_version__isnull=False))

    def editable_by(self, user) -> HandbookQuerySet:
        """Authors (and administrators) edit and submit the handbooks of their scope. Twin: `is_editable_by`."""
        if not roles.is_author(user):
            return self.none()
        return self.filter(user.scope_q("agency"))

    def reviewable_by(self, user) -> HandbookQuerySet:
        """Approvers (and administrators) review, decide on and unpublish the handbooks of their scope (central
        approvers: all). Twin: `is_reviewable_by`."""
        if not roles.is_approver(user):
            return self.none()
        return self.filter(user.scope_q("agency"))

    def awaiting_stage(self, stage: int, user) -> HandbookQuerySet:
        """The queue of one approval stage: requests waiting at `stage` whose role is the official's. Stage 1: the
        approvers of the handbook's scope; stage 2 (two-stage chains): ก.พ.ร.'s central approvers, for every
        agency. The approver's own requests are listed too (the review page says why they cannot decide on them).
        Twin: `Handbook.may_decide_stage`, which adds separation of duties."""
        if stage == 2:
            return self.filter(status=Status.PENDING_CENTRAL) if roles.is_central_approver(user) else self.none()
        return self.reviewable_by(user).filter(status=Status.PENDING)

    def flagged(self) -> HandbookQuerySet:
        """Published handbooks ก.พ.ร. flagged for correction (ตรวจสอบหลังเผยแพร่), until a corrected version is
        approved."""
        return self.filter(flagged_at__isnull=False)

    def deletable_by(self, user) -> HandbookQuerySet:
        """A draft that was never published (no version at all) and waits for no decision may be deleted by those
        who may edit it. A published version is the legal record of what citizens were told: a handbook that ever
        had one is never deleted. Twin: `is_deletable_by`."""
        return self.editable_by(user).exclude(status__in=PENDING_STATES).exclude(_has_versions())

    def with_publication_record(self) -> HandbookQuerySet:
        """Each handbook knows whether it ever had a published version (`ever_published`) from its own row's
        query, so that `permissions_for` asks nothing more of the database."""
        return self.annotate(ever_published=_has_versions())

    def on_procedures_owned_by(self, user) -> HandbookQuerySet:
        """The handbooks written on the procedures the official's agency owns (the procedure in their scope), by any
        agency in the country, so that a department sees how its procedure is described everywhere: those in the
        official's scope (working copy and state), and every other agency's published handbook, as its live version
        published it (reference name, agency, approval date: what citizens read). Another agency's handbook that
        has no live version (never published, or unpublished) is not listed at all: until that agency publishes,
        its words, its author (a draft's reference name carries the author's name) and its existence are its own,
        as on every other page. Twin: `is_on_procedure_owned_by`."""
        if not roles.is_official(user):
            return self.none()
        return self.visible_to(user).filter(user.scope_q("procedure__agency"))

    def copyable_by(self, user) -> HandbookQuerySet:
        """An author with an agency may copy any handbook they may open into their agency (outside their scope:
        the live version). Twin: `is_copyable_by`."""
        if not may_copy_into_own_agency(user):
            return self.none()
        return self.visible_to(user)


def _has_versions() -> Exists:
    return Exists(HandbookVersion.objects.filter(handbook=OuterRef("pk")))


def may_copy_into_own_agency(user) -> bool:
    """Copies go to the official's own agency: an author (or administrator) who has one."""
    return roles.is_author(user) and user.agency_id is not None


def may_create_handbook(user) -> bool:
    """A new handbook belongs to an agency in its author's scope: authors with an agency, and administrators."""
    return roles.is_author(user) and (user.agency_id is not None or user.is_superuser)


class Handbook(Publishable):
    procedure = models.ForeignKey(
        Procedure, verbose_name=_("กระบวนงาน"), on_delete=models.PROTECT, related_name="handbooks"
    )
    agency = models.ForeignKey(
        Agency, verbose_name=_("หน่วยงานที่รับผิดชอบ"), on_delete=models.PROTECT, related_name="handbooks"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("ผู้จัดทำ"), on_delete=models.PROTECT, related_name="handbooks"
    )
    # 10 (H2): generated, never typed
    reference_name = models.CharField(_("ชื่ออ้างอิงของคู่มือประชาชน"), max_length=1000)
    copied_from = models.ForeignKey(
        "self", verbose_name=_("คัดลอกจาก"), on_delete=models.SET_NULL, null=True, blank=True, related_name="copies"
    )
    # 12
    criteria = models.TextField(_("หลักเกณฑ์ วิธีการ เงื่อนไข(ถ้ามี) ในการยื่นคำขอ และในการพิจารณาอนุญาต"), blank=True)
    # 13 (H3): only the total; there is no field for the time after step reduction
    total_time_value = models.PositiveIntegerField(_("ระยะเวลาดำเนินการรวม"), null=True, blank=True)
    total_time_unit = models.CharField(_("หน่วยเวลา"), max_length=20, choices=TimeUnit.choices, default=TimeUnit.MINUTE)
    # 14
    reduced = models.BooleanField(_("งานบริการนี้ผ่านการดำเนินการลดขั้นตอน และระยะเวลาปฏิบัติราชการมาแล้ว"), default=False)
    # 19
    note = models.TextField(_("หมายเหตุ"), blank=True)

    created_at = models.DateTimeField(auto_now_add=True)
    # The new-handbook form's one-time token: the same form posted twice (a double click, a resent request) finds
    # the handbook the first post created instead of creating a second one.
    create_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("แก้ไขล่าสุดโดย"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("แก้ไขล่าสุด"), auto_now=True)
    # Optimistic locking: a save must name the version it started from (see handbooks.services).
    lock_version = models.PositiveIntegerField(default=1)

    objects = HandbookQuerySet.as_manager()

    class Meta:
        verbose_name = _("คู่มือสำหรับประชาชน")
        verbose_name_plural = _("คู่มือสำหรับประชาชน")
        ordering = ["-updated_at", "-id"]
        indexes = [models.Index(fields=["status", "submitted_at"])]

    def __str__(self) -> str:
        return self.reference_name or self.procedure.name

    # ----- the single-object twins of HandbookQuerySet's rules (no query: the agency is loaded with the row) -----

    def is_in_scope_of(self, user) -> bool:
        return roles.is_official(user) and user.in_scope(self.agency)

    def is_visible_to(self, user) -> bool:
        return roles.is_official(user) and (user.in_scope(self.agency) or self.live_version_id is not None)

    def is_editable_by(self, user) -> bool:
        return roles.is_author(user) and user.in_scope(self.agency)

    def is_reviewable_by(self, user) -> bool:
        return roles.is_approver(user) and user.in_scope(self.agency)

    def is_copyable_by(self, user) -> bool:
        return may_copy_into_own_agency(user) and self.is_visible_to(user)

    def is_deletable_by(self, user) -> bool:
        return self.is_editable_by(user) and self.status not in PENDING_STATES and not self.ever_published

    @cached_property
    def ever_published(self) -> bool:
        """Whether any version was ever approved (also one unpublished since). Set without a query of its own on
        rows read through `with_publication_record()`."""
        return self.live_version_id is not None or self.versions.exists()

    def is_on_procedure_owned_by(self, user) -> bool:
        # The one twin that reads the procedure's agency too (select_related("procedure__agency") saves the queries).
        return self.is_visible_to(user) and user.in_scope(self.procedure.agency)

    @property
    def accepts_edits(self) -> bool:
        """A request waiting for a decision is read-only: the approver decides on exactly what was submitted."""
        return self.status not in PENDING_STATES

    def permissions_for(self, user) -> dict[str, bool]:
        """Everything the pages ask about this handbook and `user`, from the rules above: the buttons, menus and
        panels read this, never a rule of their own."""
        return {
            "read_working_copy": self.is_in_scope_of(user),
            "edit": self.is_editable_by(user) and self.accepts_edits,
            "copy": self.is_copyable_by(user),
            "delete": self.is_deletable_by(user),
            "submit": self.may("submit", user),
            "withdraw": self.may("withdraw", user),
            "review": self.stage is not None and self.is_reviewable_by(user),
            "decide": self.stage is not None and self.may(self.decision_action, user),
            "forward": self.may("forward", user),
            "own_request": self.is_own_request(user),
            "decided_before": self.has_decided(user),
            "unpublish": self.may("unpublish", user),
            "flag": self.may("flag", user),
            "unflag": self.may("unflag", user),
        }


class Row(models.Model):
    """Common shape of the repeating sections: belongs to a handbook, kept in the order the official chose."""

    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        abstract = True
        ordering = ["position", "id"]


class Weekday(models.IntegerChoices):
    MONDAY = 1, _("จันทร์")
    TUESDAY = 2, _("อังคาร")
    WEDNESDAY = 3, _("พุธ")
    THURSDAY = 4, _("พฤหัสบดี")
    FRIDAY = 5, _("ศุกร์")
    SATURDAY = 6, _("เสาร์")
    SUNDAY = 7, _("อาทิตย์")


class ServiceChannel(Row):
    """11 ช่องทางการให้บริการ (H1)."""

    class Kind(models.TextChoices):
        IN_PERSON = "in_person", _("ติดต่อด้วยตนเอง ณ หน่วยงาน")
        POSTAL = "postal", _("ไปรษณีย์")
        ONLINE = "online", _("ทางออนไลน์/เว็บไซต์")
        ONE_STOP = "one_stop", _("ศูนย์บริการร่วม")
        OTHER = "other", _("อื่น ๆ")

    ALWAYS_OPEN_KINDS = (Kind.POSTAL, Kind.ONLINE)

    handbook = models.ForeignKey(Handbook, on_delete=models.CASCADE, related_name="channels")
    kind = models.CharField(_("ช่องทาง"), max_length=20, choices=Kind.choices)
    place = models.CharField(_("สถานที่ให้บริการ"), max_length=500, blank=True)
    address = models.TextField(_("ที่อยู่"), blank=True)
    phone = models.CharField(_("โทรศัพท์"), max_length=100, blank=True)
    website = models.URLField(_("เว็บไซต์"), max_length=500, blank=True)
    hours_24 = models.BooleanField(_("ตลอด 24 ชั่วโมง"), default=False)
    day_from = models.PositiveSmallIntegerField(_("ตั้งแต่วัน"), choices=Weekday.choices, null=True, blank=True)
    day_to = models.PositiveSmallIntegerField(_("ถึงวัน"), choices=Weekday.choices, null=True, blank=True)
    except_holidays = models.BooleanField(_("ยกเว้นวันหยุดที่ทางราชการกำหนด"), default=True)
    open_time = models.TimeField(_("เวลาเปิด"), null=True, blank=True)
    close_time = models.TimeField(_("เวลาปิด"), null=True, blank=True)
    lunch_break = models.BooleanField(_("มีพักเที่ยง"), default=False)
    note = models.TextField(_("หมายเหตุการให้บริการ"), blank=True)

    class Meta(Row.Meta):
        verbose_name = _("ช่องทางการให้บริการ")
        verbose_name_plural = _("ช่องทางการให้บริการ")

    def __str__(self) -> str:
        return self.place or self.get_kind_display()


class Step(Row):
    """13 ขั้นตอน ระยะเวลา และส่วนงานที่รับผิดชอบ (H3, H4)."""

    class Kind(models.TextChoices):
        CHECK = "check", _("การตรวจสอบเอกสาร")
        CONSIDER = "consider", _("การพิจารณา")
        SIGN = "sign", _("การลงนาม/คณะกรรมการมีมติ")
        OTHER = "other", _("อื่น ๆ")

    handbook = models.ForeignKey(Handbook, on_delete=models.CASCADE, related_name="steps")
    kind = models.CharField(_("ขั้นตอน"), max_length=20, choices=Kind.choices)
    detail = models.TextField(_("รายละเอียดของขั้นตอนการบริการ"), blank=True)
    duration_value = models.PositiveIntegerField(_("ระยะเวลา"), null=True, blank=True)
    duration_unit = models.CharField(_("หน่วยเวลา"), max_length=20, choices=TimeUnit.choices, default=TimeUnit.MINUTE)
    # H4: the responsible agency is chosen at ministry level, with the point that receives the request
    responsible_ministry = models.ForeignKey(
        Agency,
        verbose_name=_("ส่วนงาน / หน่วยงานที่รับผิดชอบ (ระดับกระทรวง)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    receiving_point = models.CharField(_("จุดรับคำขอ / ส่วนงานที่รับผิดชอบ"), max_length=500, blank=True)
    note = models.TextField(_("หมายเหตุ"), blank=True)

    class Meta(Row.Meta):
        verbose_name = _("ขั้นตอน")
        verbose_name_plural = _("ขั้นตอน")

    def __str__(self) -> str:
        return self.get_kind_display()


class Document(Row):
    """15 รายการเอกสาร หลักฐานประกอบการยื่นคำขอ (H5)."""

    class Group(models.TextChoices):
        IDENTITY = "identity", _("เอกสารยืนยันตัวตนที่ออกโดยหน่วยงานภาครัฐ")
        OTHER = "other", _("เอกสารอื่น ๆ สำหรับยื่นเพิ่มเติม")

    class Unit(models.TextChoices):
        COPY = "copy", _("ฉบับ")
        SET = "set", _("ชุด")
        SHEET = "sheet", _("แผ่น")
        BOOK = "book", _("เล่ม")

    handbook = models.ForeignKey(Handbook, on_delete=models.CASCADE, related_name="documents")
    group = models.CharField(_("กลุ่มเอกสาร"), max_length=20, choices=Group.choices)
    name = models.CharField(_("รายการเอกสารยื่นเพิ่มเติม"), max_length=500)
    issued_by = models.CharField(_("หน่วยงานภาครัฐผู้ออกเอกสาร"), max_length=300, blank=True)
    originals = models.PositiveSmallIntegerField(_("จำนวนเอกสารฉบับจริง"), default=0)
    copies = models.PositiveSmallIntegerField(_("จำนวนเอกสารสำเนา"), default=0)
    unit = models.CharField(_("หน่วยนับเอกสาร"), max_length=10, choices=Unit.choices, default=Unit.COPY)
    from_power_of_attorney = models.BooleanField(_("เอกสารจากการมอบอำนาจ"), default=False)
    note = models.TextField(_("หมายเหตุ"), blank=True)

    class Meta(Row.Meta):
        verbose_name = _("เอกสาร หลักฐาน")
        verbose_name_plural = _("เอกสาร หลักฐาน")

    def __str__(self) -> str:
        return self.name


class Fee(Row):
    """16 ค่าธรรมเนียม (H6)."""

    class Unit(models.TextChoices):
        BAHT = "baht", _("บาท")
        PERCENT = "percent", _("ร้อยละ")

    handbook = models.ForeignKey(Handbook, on_delete=models.CASCADE, related_name="fees")
    description = models.CharField(_("รายละเอียดค่าธรรมเนียม"), max_length=500)
    amount = models.DecimalField(_("ค่าธรรมเนียม"), max_digits=14, decimal_places=2)
    unit = models.CharField(_("หน่วย"), max_length=10, choices=Unit.choices, default=Unit.BAHT)
    is_range = models.BooleanField(_("ค่าธรรมเนียมเป็นช่วง (ระบุอัตราสูงสุด)"), default=False)
    note = models.TextField(_("หมายเหตุ (ค่าธรรมเนียม)"), blank=True)

    class Meta(Row.Meta):
        verbose_name = _("ค่าธรรมเนียม")
        verbose_name_plural = _("ค่าธรรมเนียม")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="fee_amount_not_negative"),
            models.CheckConstraint(condition=~Q(unit="percent") | Q(amount__lte=100), name="fee_percent_at_most_100"),
        ]

    def __str__(self) -> str:
        return self.description


class ComplaintChannel(Row):
    """17 ช่องทางการร้องเรียน (H7)."""

    handbook = models.ForeignKey(Handbook, on_delete=models.CASCADE, related_name="complaints")
    channel = models.CharField(_("ช่องทางการร้องเรียน"), max_length=500)
    website = models.URLField(_("เว็บไซต์"), max_length=500, blank=True)
    note = models.TextField(_("หมายเหตุ"), blank=True)

    class Meta(Row.Meta):
        verbose_name = _("ช่องทางการร้องเรียน")
        verbose_name_plural = _("ช่องทางการร้องเรียน")

    def __str__(self) -> str:
        return self.channel


def form_sample_path(instance: FormSample, filename: str) -> str:
    return f"handbooks/forms/{instance.handbook_id}/{filename}"


class FormSample(Row):
    """18 ตัวอย่างแบบฟอร์ม ตัวอย่าง และคู่มือการกรอก (H8): a link or an uploaded PDF/image."""

    handbook = models.ForeignKey(Handbook, on_delete=models.CASCADE, related_name="forms")
    name = models.CharField(_("ชื่อแบบฟอร์ม"), max_length=500)
    url = models.URLField(_("ลิงก์ตัวอย่างการกรอกข้อมูล"), max_length=500, blank=True)
    file = models.FileField(_("ไฟล์แบบฟอร์ม"), upload_to=form_sample_path, blank=True, max_length=300)
    note = models.TextField(_("หมายเหตุ"), blank=True)

    class Meta(Row.Meta):
        verbose_name = _("ตัวอย่างแบบฟอร์ม")
        verbose_name_plural = _("ตัวอย่างแบบฟอร์ม")

    def __str__(self) -> str:
        return self.name


__all__ = [
    "Handbook",
    "ServiceChannel",
    "Step",
    "Document",
    "Fee",
    "ComplaintChannel",
    "FormSample",
    "HandbookVersion",
    "Status",
    "Weekday",
]


class SearchWord(models.Model):
    """Every word a publication has stored for the public search (`public_search`, `public_title`), once. On
    PostgreSQL a query word is expanded to the stored words it begins (handbooks.search): the word index then
    matches whole words, which it intersects quickly, instead of prefixes, which it must collect in full. A word
    stays when its handbooks are unpublished (it then matches nothing)."""

    word = models.TextField(primary_key=True)

    class Meta:
        verbose_name = _("คำค้นที่บันทึกไว้")
        verbose_name_plural = _("คำค้นที่บันทึกไว้")

    def __str__(self) -> str:
        return self.word
