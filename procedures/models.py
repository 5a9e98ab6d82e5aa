"""Procedures (กระบวนงาน): sections 1–9 of a printed Citizen Handbook (manual rules P1–P9)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portal import roles
from portal.models import Agency


class TimeUnit(models.TextChoices):
    """Units of processing time, shared by procedures (P9) and handbook steps and totals (H3)."""

    MINUTE = "minute", _("นาที")
    HOUR = "hour", _("ชั่วโมง")
    DAY = "day", _("วัน")
    WORKING_DAY = "working_day", _("วันทำการ")


class ServiceArea(models.Model):
    """พื้นที่ให้บริการ. A table so administrators can extend it; seeded by a data migration."""

    CENTRAL = "central"

    code = models.SlugField(unique=True)
    name = models.CharField(_("พื้นที่ให้บริการ"), max_length=100)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("พื้นที่ให้บริการ")
        verbose_name_plural = _("พื้นที่ให้บริการ")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.name


class ProcedureQuerySet(models.QuerySet):
    """Who may see or change a procedure, written once: each rule here has its single-object twin on Procedure."""

    def visible_to(self, user) -> ProcedureQuerySet:
        """Procedures whose owning agency is in the user's scope (central approvers: all). Twin: `is_visible_to`."""
        if not roles.is_official(user):
            return self.none()
        return self.filter(user.scope_q("agency"))

    def editable_by(self, user) -> ProcedureQuerySet:
        """Authors (and administrators) change the procedures of their scope. Twin: `is_editable_by`."""
        if not roles.is_author(user):
            return self.none()
        return self.filter(user.scope_q("agency"))


class Procedure(models.Model):
    class Scope(models.TextChoices):
        CENTRAL = "central", _("ส่วนกลาง")
        REGIONAL_LOCAL = "regional_local", _("ส่วนภูมิภาคและส่วนท้องถิ่น")

    class Linkage(models.TextChoices):
        SINGLE = "single", _("เบ็ดเสร็จในหน่วยเดียว")
        MULTI = "multi", _("เชื่อมโยงหลายหน่วยงาน")
        CONTINUING = "continuing", _("ต่อเนื่องจากหน่วยงานอื่น")

    class Category(models.TextChoices):
        REGISTER = "register", _("จดทะเบียน")
        PERMIT = "permit", _("อนุญาต/ออกใบอนุญาต/รับรอง")
        ENLIST = "enlist", _("ขึ้นทะเบียน")
        NOTIFY = "notify", _("รับแจ้ง")
        APPROVE = "approve", _("อนุมัติ")
        OTHER = "other", _("อื่น ๆ")

    class Impact(models.TextChoices):
        GENERAL = "general", _("บริการทั่วไป")
        SIGNIFICANT = "significant", _("บริการที่มีความสำคัญด้านเศรษฐกิจ/สังคม")

    # 1–2
    name = models.CharField(_("ชื่อกระบวนงาน"), max_length=500)
    agency = models.ForeignKey(
        Agency, verbose_name=_("หน่วยงานเจ้าของกระบวนงาน"), on_delete=models.PROTECT, related_name="procedures"
    )
    # 3 (P4)
    scope = models.CharField(_("ขอบเขตการให้บริการ"), max_length=20, choices=Scope.choices, default=Scope.CENTRAL)
    linkage = models.CharField(_("ลักษณะการเชื่อมโยง"), max_length=20, choices=Linkage.choices, default=Linkage.SINGLE)
    # 4, 6, 7
    category = models.CharField(_("หมวดหมู่ของงานบริการ"), max_length=20, choices=Category.choices)
    impact = models.CharField(_("ระดับผลกระทบ"), max_length=20, choices=Impact.choices, default=Impact.GENERAL)
    areas = models.ManyToManyField(ServiceArea, verbose_name=_("พื้นที่ให้บริการ"), related_name="procedures")
    # 5 (P5): ordered through ProcedureLaw.position
    laws = models.ManyToManyField(
        "laws.Law",
        verbose_name=_("กฎหมายที่ให้อำนาจการอนุญาต หรือที่เกี่ยวข้อง"),
        through="ProcedureLaw",
        related_name="procedures",
    )
    # 8 (P9): 0 means the law sets no time ("ไม่มี")
    legal_time_law = models.CharField(_("กฎหมายข้อบังคับ/ข้อตกลงที่กำหนดระยะเวลา"), max_length=500, blank=True)
    legal_time_value = models.PositiveIntegerField(_("ระยะเวลาที่กำหนดตามกฎหมาย / ข้อกำหนด ฯลฯ"), default=0)
    legal_time_unit = models.CharField(_("หน่วยเวลา"), max_length=20, choices=TimeUnit.choices, default=TimeUnit.MINUTE)
    # 9
    stat_avg = models.PositiveIntegerField(_("จำนวนเฉลี่ยต่อเดือน"), default=0)
    stat_max = models.PositiveIntegerField(_("จำนวนคำขอที่มากที่สุด"), default=0)
    stat_min = models.PositiveIntegerField(_("จำนวนคำขอที่น้อยที่สุด"), default=0)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    # Optimistic locking: a save must name the version it started from.
    lock_version = models.PositiveIntegerField(default=1)

    objects = ProcedureQuerySet.as_manager()

    class Meta:
        verbose_name = _("กระบวนงาน")
        verbose_name_plural = _("กระบวนงาน")
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "name"], name="procedure_unique_name_per_agency"),
            models.CheckConstraint(condition=Q(name__endswith="[N]"), name="procedure_name_ends_with_N"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("procedures:detail", kwargs={"pk": self.pk})

    def is_visible_to(self, user) -> bool:
        return roles.is_official(user) and user.in_scope(self.agency)

    def is_editable_by(self, user) -> bool:
        return roles.is_author(user) and user.in_scope(self.agency)

    @property
    def running_number(self) -> int:
        """The number the system shows in a circle next to the name (H2): the procedure's own running number."""
        return self.pk

    @property
    def type_display(self) -> str:
        """ประเภทของงานบริการ printed as the real system prints it (P4)."""
        linkage = f"กระบวนงานบริการที่{self.get_linkage_display()}"
        if self.scope == self.Scope.CENTRAL:
            return linkage
        return f"กระบวนงานบริการที่ให้บริการใน{self.get_scope_display()} ({linkage})"

    @property
    def legal_time_display(self) -> str:
        return f"{self.legal_time_value} {self.get_legal_time_unit_display()}"


class ProcedureLaw(models.Model):
    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="law_links")
    law = models.ForeignKey("laws.Law", on_delete=models.PROTECT, related_name="procedure_links")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        # Named for the admin's pages (a law that procedures use cannot be deleted: the page lists these links).
        verbose_name = _("กฎหมายที่กระบวนงานอ้างถึง")
        verbose_name_plural = _("กฎหมายที่กระบวนงานอ้างถึง")
        ordering = ["position", "id"]
        constraints = [models.UniqueConstraint(fields=["procedure", "law"], name="procedure_law_once")]

    def __str__(self) -> str:
        return f"{self.procedure} — {self.law}"
