"""Two tables of the open-data app: which laws each published version cites, and the bulk exports written.

`VersionLaw` indexes the laws recorded in a published version's snapshot (section 5). Versions never change once
stored, so their rows never change either: a row is written when the version is (post_save, in the same
transaction, `opendata.index`), and the API joins it to `Handbook.live_version`, so a law is public exactly while
a live version cites it: an unpublished or superseded version's rows stay but are never read. The law's title,
kind and year are those the version recorded, not the registry's later edits.

`OpenDataExport` records each run of `manage.py export_open_data`: its folder, when it finished and its files
(name, bytes, rows, sha256), so the public page lists the latest export and serves only the files it wrote.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class VersionLaw(models.Model):
    version = models.ForeignKey(
        "handbooks.HandbookVersion", on_delete=models.CASCADE, related_name="+", verbose_name=_("ฉบับที่เผยแพร่")
    )
    # The registry's id as the snapshot recorded it (no foreign key: the version's record outlives the row).
    law_id = models.PositiveBigIntegerField(_("รหัสกฎหมาย"))
    position = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(_("ชื่อกฎหมาย"), max_length=500)
    kind_display = models.CharField(_("ประเภทกฎหมาย"), max_length=100, blank=True)
    year_be = models.PositiveSmallIntegerField(_("ปี พ.ศ."), null=True, blank=True)
    url = models.CharField(_("ลิงก์"), max_length=500, blank=True)
    procedure_id = models.PositiveBigIntegerField(_("รหัสกระบวนงาน"))
    procedure_name = models.CharField(_("ชื่อกระบวนงาน"), max_length=500)

    class Meta:
        verbose_name = _("กฎหมายที่คู่มือฉบับที่เผยแพร่อ้างถึง")
        verbose_name_plural = _("กฎหมายที่คู่มือฉบับที่เผยแพร่อ้างถึง")
        ordering = ["version", "position"]
        indexes = [models.Index(fields=["law_id", "version"])]
        constraints = [models.UniqueConstraint(fields=["version", "law_id"], name="version_law_once")]

    def __str__(self) -> str:
        return f"{self.version_id}: {self.title}"


class OpenDataExport(models.Model):
    directory = models.CharField(_("โฟลเดอร์"), max_length=1000)
    started_at = models.DateTimeField(_("เริ่ม"))
    finished_at = models.DateTimeField(_("เสร็จ"), db_index=True)
    handbooks = models.PositiveIntegerField(_("จำนวนคู่มือ"))
    # [{"name", "bytes", "rows", "sha256", "format", "title"}], in the order of datapackage.json
    files = models.JSONField(_("ไฟล์"), default=list)

    class Meta:
        verbose_name = _("ชุดข้อมูลเปิดที่ส่งออก")
        verbose_name_plural = _("ชุดข้อมูลเปิดที่ส่งออก")
        ordering = ["-finished_at", "-id"]

    def __str__(self) -> str:
        return f"{self.directory} ({self.finished_at:%Y-%m-%d %H:%M})"

    def file(self, name: str) -> dict | None:
        return next((entry for entry in self.files if entry.get("name") == name), None)
