"""manage.py export_open_data DIR: every published handbook as CSV, JSON Lines and datapackage.json (issue 14)."""

from __future__ import annotations

import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from opendata.export import export


class ProgressBar:
    """A one-line progress bar on stderr: redrawn in place on a terminal, a line every 10% otherwise."""

    width = 30

    def __init__(self, stream, interactive: bool):
        self.stream = stream
        self.interactive = interactive
        self.started = time.monotonic()
        self.last_draw = 0.0
        self.last_tenth = -1

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        tenth = done * 10 // max(total, 1)
        if self.interactive:
            if done < total and now - self.last_draw < 0.2:
                return
        elif tenth == self.last_tenth and done < total:
            return
        self.last_draw, self.last_tenth = now, tenth
        filled = self.width * done // max(total, 1)
        rate = done / max(now - self.started, 1e-6)
        line = f"[{'#' * filled}{'.' * (self.width - filled)}] {done:,}/{total:,} คู่มือ ({rate:,.0f}/วินาที)"
        self.stream.write(("\r" + line) if self.interactive else line, ending="" if self.interactive else "\n")
        if self.interactive and done >= total:
            self.stream.write("")
        self.stream.flush()


class Command(BaseCommand):
    help = "ส่งออกคู่มือที่เผยแพร่ทั้งหมดเป็นไฟล์ข้อมูลเปิด (CSV, JSON Lines, datapackage.json) ลงในโฟลเดอร์ DIR"

    def add_arguments(self, parser):
        parser.add_argument("directory", metavar="DIR", help="โฟลเดอร์ปลายทาง (สร้างให้ถ้ายังไม่มี)")
        parser.add_argument(
            "--base-url",
            default="",
            help="ที่อยู่ของเว็บไซต์สำหรับลิงก์ในไฟล์ เช่น https://handbook.example.go.th (ค่าเริ่มต้น: SITE_URL)",
        )
        parser.add_argument("--no-progress", action="store_true", help="ไม่แสดงแถบความคืบหน้า")

    def handle(self, *args, directory, base_url, no_progress, **options):
        base = (base_url or settings.SITE_URL or "").rstrip("/")
        if not base.startswith(("http://", "https://")):
            raise CommandError("กรุณาระบุ --base-url (เช่น https://handbook.example.go.th) หรือตั้งค่า SITE_URL")
        progress = None if no_progress else ProgressBar(self.stderr, interactive=self.stderr.isatty())
        record = export(Path(directory), base, progress)
        for entry in record.files:
            self.stdout.write(f"{entry['name']:20} {entry['bytes']:>14,} ไบต์ {entry['rows']:>10,} แถว")
        self.stdout.write(
            self.style.SUCCESS(f"ส่งออกคู่มือที่เผยแพร่ {record.handbooks:,} ฉบับ ไปที่ {record.directory} เรียบร้อยแล้ว")
        )
