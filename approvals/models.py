"""Workflow state of a handbook and its immutable published versions.

`Publishable` is the abstract part of `handbooks.Handbook` that holds the workflow state; the transition methods
(submit, withdraw, approve, return, unpublish) live here too, each one model method in a transaction that checks
the state and the actor and writes one audit row.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    DRAFT = "draft", _("ร่าง")
    PENDING = "pending", _("รออนุมัติ")
    PUBLISHED = "published", _("เผยแพร่แล้ว")
    RETURNED = "returned", _("ส่งกลับแก้ไข")


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

    class Meta:
        abstract = True


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
