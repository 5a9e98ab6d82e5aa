"""The record of the reminders `manage.py send_reminders` sent (approvals/reminders.py says when and to whom)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Reminder(models.Model):
    """One thing one official was reminded of, on one occasion: a row per (recipient, subject, occasion).

    The unique constraints are what makes `send_reminders` idempotent: a reminder whose row exists is not sent
    again, and a second run (or two runs at once) cannot write the same row twice. The occasion is when the thing
    to remind of began: a law's next review date (`occasion` at midnight in Thailand), a request's arrival at its
    stage (`submitted_at` at stage 1, `endorsed_at` at stage 2), a flag's `flagged_at`; `week` counts the weeks
    a request or a flag has been waiting (0 for laws: reminded once per review date)."""

    class Kind(models.TextChoices):
        LAW_OVERDUE = "law_overdue", _("กฎหมายที่เลยกำหนดทบทวน")
        PENDING = "pending", _("คำขออนุมัติที่รอพิจารณาเกิน 7 วัน")
        FLAGGED = "flagged", _("คู่มือที่สำนักงาน ก.พ.ร. แจ้งให้แก้ไข")

    kind = models.CharField(_("เรื่องที่แจ้งเตือน"), max_length=20, choices=Kind.choices)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("ผู้รับ"), on_delete=models.CASCADE, related_name="+"
    )
    email = models.EmailField(_("อีเมลที่ส่งถึง"))
    handbook = models.ForeignKey(
        "handbooks.Handbook",
        verbose_name=_("คู่มือสำหรับประชาชน"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    law = models.ForeignKey(
        "laws.Law", verbose_name=_("กฎหมาย"), on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    stage = models.PositiveSmallIntegerField(_("ขั้นที่"), default=0)
    occasion = models.DateTimeField(_("เริ่มเมื่อ"))
    week = models.PositiveSmallIntegerField(_("สัปดาห์ที่"), default=0)
    sent_at = models.DateTimeField(_("วันที่ส่ง"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("การแจ้งเตือนทางอีเมล")
        verbose_name_plural = _("การแจ้งเตือนทางอีเมล")
        ordering = ["-sent_at", "-id"]
        constraints = [
            # Two partial constraints rather than one over both subjects: NULLs are distinct in a unique index,
            # so (…, handbook=NULL, law=5, …) would never collide with itself.
            models.UniqueConstraint(
                fields=["recipient", "handbook", "kind", "stage", "occasion", "week"],
                condition=Q(handbook__isnull=False),
                name="reminder_once_per_handbook_occasion",
            ),
            models.UniqueConstraint(
                fields=["recipient", "law", "occasion"],
                condition=Q(law__isnull=False),
                name="reminder_once_per_law_occasion",
            ),
            models.CheckConstraint(
                condition=Q(kind="law_overdue", law__isnull=False, handbook__isnull=True)
                | Q(kind__in=["pending", "flagged"], handbook__isnull=False, law__isnull=True),
                name="reminder_subject_matches_kind",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.email}"
