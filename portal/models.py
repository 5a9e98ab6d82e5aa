"""Core models: the agency tree, officials with their roles, and the audit log."""

from __future__ import annotations

import re

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from mptt.models import MPTTModel, TreeForeignKey
from mptt.querysets import TreeQuerySet

CODE_RE = re.compile(r"^\d{8}$")


def clean_typed(text: str | None) -> str:
    """Text typed into an agency picker, as a lookup can use it. NUL bytes are dropped (PostgreSQL refuses them in
    a query: a 500), spaces trimmed, and the rest cut to 255 characters, a name's length (a 100,000-character
    LIKE pattern breaks SQLite)."""
    return (text or "").replace("\x00", "").strip()[:255]


class AgencyQuerySet(TreeQuerySet):
    def subtree_of(self, agency: Agency | None) -> AgencyQuerySet:
        """The agency and everything below it (one range condition on the tree columns)."""
        if agency is None:
            return self.none()
        return self.filter(Agency.subtree_q(agency))

    def owners(self) -> AgencyQuerySet:
        """Agencies that may own a procedure (manual rule P1: ministry or department level only)."""
        return self.filter(level_kind__in=Agency.OWNER_LEVELS)

    def ministries(self) -> AgencyQuerySet:
        return self.filter(level_kind=Agency.Level.MINISTRY)

    def search(self, text: str) -> AgencyQuerySet:
        """Agencies whose name (Thai or English) contains the typed text or whose code starts with it."""
        text = clean_typed(text)
        if not text:
            return self
        return self.filter(Q(name__icontains=text) | Q(name_en__icontains=text) | Q(code__startswith=text))

    def named(self, text: str) -> AgencyQuerySet:
        """Agencies called exactly the typed text: a picker's box submitted without choosing from its list."""
        text = clean_typed(text)
        return self.filter(name=text) if text else self.none()


class AgencyManager(models.Manager.from_queryset(AgencyQuerySet)):
    pass


class Agency(MPTTModel):
    """A government agency. The tree is กระทรวง → กรม → สำนัก/กอง, regional offices, local governments."""

    class Level(models.TextChoices):
        MINISTRY = "ministry", _("กระทรวง")
        DEPARTMENT = "department", _("กรม (หรือเทียบเท่า)")
        DIVISION = "division", _("สำนัก/กอง")
        REGIONAL = "regional", _("ส่วนภูมิภาค (จังหวัด/อำเภอ)")
        LOCAL = "local", _("องค์กรปกครองส่วนท้องถิ่น")
        OTHER = "other", _("อื่น ๆ")

    OWNER_LEVELS = (Level.MINISTRY, Level.DEPARTMENT)

    name = models.CharField(_("ชื่อหน่วยงาน"), max_length=255, db_index=True)
    name_en = models.CharField(_("ชื่อภาษาอังกฤษ"), max_length=255, blank=True)
    code = models.CharField(
        _("รหัสหน่วยงาน"),
        max_length=8,
        unique=True,
        help_text=_("ตัวเลข 8 หลัก: กระทรวง 2 หลัก + กรม 3 หลัก + หน่วยงานย่อย 3 หลัก"),
    )
    level_kind = models.CharField(_("ระดับหน่วยงาน"), max_length=20, choices=Level.choices, db_index=True)
    parent = TreeForeignKey(
        "self",
        verbose_name=_("สังกัด"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )

    objects = AgencyManager()

    class MPTTMeta:
        order_insertion_by = ["code"]

    class Meta:
        verbose_name = _("หน่วยงาน")
        verbose_name_plural = _("หน่วยงาน")

    def __str__(self) -> str:
        return self.name

    @staticmethod
    def subtree_q(agency: Agency, prefix: str = "") -> Q:
        """A Q object matching rows whose agency (reached through `prefix`) lies in `agency`'s subtree."""
        p = f"{prefix}__" if prefix else ""
        return Q(**{f"{p}tree_id": agency.tree_id, f"{p}lft__gte": agency.lft, f"{p}rght__lte": agency.rght})

    @property
    def can_own_procedure(self) -> bool:
        return self.level_kind in self.OWNER_LEVELS

    def contains(self, other: Agency | None) -> bool:
        """True when `other` is this agency or lies below it (uses the stored tree columns)."""
        return bool(
            other is not None and other.tree_id == self.tree_id and self.lft <= other.lft and other.rght <= self.rght
        )

    def ministry(self) -> Agency | None:
        if self.level_kind == self.Level.MINISTRY:
            return self
        return self.get_ancestors().filter(level_kind=self.Level.MINISTRY).first()

    def clean(self) -> None:
        errors: dict[str, list[str]] = {}
        if self.code and not CODE_RE.match(self.code):
            errors.setdefault("code", []).append(_("รหัสหน่วยงานต้องเป็นตัวเลข 8 หลัก"))
        parent = self.parent
        if self.level_kind == self.Level.MINISTRY:
            if parent is not None:
                errors.setdefault("parent", []).append(_("กระทรวงเป็นหน่วยงานระดับบนสุด จึงไม่มีหน่วยงานต้นสังกัด"))
            if self.code and CODE_RE.match(self.code) and not self.code.endswith("000000"):
                errors.setdefault("code", []).append(_("รหัสกระทรวงต้องลงท้ายด้วย 000000 เช่น 07000000"))
        elif self.level_kind:
            if parent is None:
                errors.setdefault("parent", []).append(_("หน่วยงานระดับนี้ต้องมีหน่วยงานต้นสังกัด"))
        if self.level_kind == self.Level.DEPARTMENT and parent is not None:
            if parent.level_kind != self.Level.MINISTRY:
                errors.setdefault("parent", []).append(_("กรมต้องสังกัดกระทรวงโดยตรง"))
            if self.code and CODE_RE.match(self.code) and not self.code.endswith("000"):
                errors.setdefault("code", []).append(_("รหัสกรมต้องลงท้ายด้วย 000 เช่น 07006000"))
        if parent is not None and self.pk is not None:
            if parent.pk == self.pk or (
                parent.tree_id == self.tree_id and self.lft <= parent.lft and parent.rght <= self.rght
            ):
                errors.setdefault("parent", []).append(_("ไม่สามารถย้ายหน่วยงานไปอยู่ใต้ตัวเองหรือหน่วยงานในสังกัดของตัวเองได้"))
        if parent is not None and self.code and CODE_RE.match(self.code) and parent.code:
            if parent.level_kind != self.Level.OTHER and self.code[:2] != parent.code[:2]:
                errors.setdefault("code", []).append(
                    _("รหัสหน่วยงาน 2 หลักแรกต้องตรงกับรหัสกระทรวงต้นสังกัด (%(prefix)s)") % {"prefix": parent.code[:2]}
                )
        if errors:
            raise ValidationError(errors)


class User(AbstractUser):
    """An official. Belongs to one agency; holds the roles ผู้จัดทำ and/or ผู้อนุมัติ. Staff are administrators."""

    agency = models.ForeignKey(
        Agency,
        verbose_name=_("หน่วยงาน"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="officials",
    )
    is_author = models.BooleanField(_("ผู้จัดทำ"), default=False)
    is_approver = models.BooleanField(_("ผู้อนุมัติ"), default=False)
    is_central_approver = models.BooleanField(
        _("ผู้อนุมัติส่วนกลาง"),
        default=False,
        help_text=_("ผู้อนุมัติของสำนักงาน ก.พ.ร. ที่อนุมัติได้ทุกหน่วยงาน"),
    )

    objects = UserManager()

    class Meta:
        verbose_name = _("เจ้าหน้าที่")
        verbose_name_plural = _("เจ้าหน้าที่")

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username

    @property
    def role_labels(self) -> list[str]:
        labels = []
        if self.is_author:
            labels.append(str(_("ผู้จัดทำ")))
        if self.is_central_approver:
            labels.append(str(_("ผู้อนุมัติส่วนกลาง")))
        elif self.is_approver:
            labels.append(str(_("ผู้อนุมัติ")))
        if self.is_staff:
            labels.append(str(_("ผู้ดูแลระบบ")))
        return labels

    @property
    def has_all_scope(self) -> bool:
        """Central approvers and superusers see every agency."""
        return self.is_superuser or (self.is_approver and self.is_central_approver)

    def scope_q(self, prefix: str = "agency") -> Q:
        """Q for rows whose agency (reached through `prefix`) is in this official's scope."""
        if self.has_all_scope:
            return Q()
        if self.agency_id is None:
            return Q(pk__in=[])
        return Agency.subtree_q(self.agency, prefix)

    def scope_agencies(self) -> AgencyQuerySet:
        if self.has_all_scope:
            return Agency.objects.all()
        return Agency.objects.subtree_of(self.agency)

    def in_scope(self, agency: Agency | None) -> bool:
        if agency is None:
            return False
        if self.has_all_scope:
            return True
        return self.agency is not None and self.agency.contains(agency)


class AuditEntryQuerySet(models.QuerySet):
    def for_object(self, obj: models.Model) -> AuditEntryQuerySet:
        return self.filter(content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk))


class AuditEntry(models.Model):
    """One row per change or security event: who, what (dotted action), on which object, when, from where."""

    created_at = models.DateTimeField(_("เวลา"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ผู้ดำเนินการ"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    action = models.CharField(_("การดำเนินการ"), max_length=100, db_index=True)
    content_type = models.ForeignKey(ContentType, on_delete=models.SET_NULL, null=True, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    target = GenericForeignKey("content_type", "object_id")
    object_repr = models.CharField(_("รายการ"), max_length=300, blank=True)
    data = models.JSONField(_("รายละเอียด"), default=dict, blank=True)
    ip_address = models.GenericIPAddressField(_("ที่อยู่ IP"), null=True, blank=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("บันทึกการใช้งาน")
        verbose_name_plural = _("บันทึกการใช้งาน")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        from .audit import action_label  # portal.audit writes rows of this model: imported when needed

        return f"{action_label(self.action)} {self.object_repr}".strip()


class StoredFile(models.Model):
    """An uploaded or generated file kept in PostgreSQL (FILE_STORAGE=database, portal.storage.DatabaseStorage), so
    every web node reads the same files without a shared disk. `name` is the storage name the FileFields hold."""

    name = models.CharField(max_length=300, unique=True)
    content = models.BinaryField()
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("ไฟล์ที่จัดเก็บ")
        verbose_name_plural = _("ไฟล์ที่จัดเก็บ")

    def __str__(self) -> str:
        return self.name
