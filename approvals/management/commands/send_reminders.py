"""`python manage.py send_reminders [--dry-run] [--today YYYY-MM-DD]`: the daily reminders (approvals/reminders.py)."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from approvals.models import Reminder
from approvals.reminders import send_reminders
from portal.templatetags.thai import BE_OFFSET, format_thai_date

# Each kind's name in the summary, Thai / English.
KIND_NAMES = {
    Reminder.Kind.PENDING: "คำขออนุมัติที่รอพิจารณาเกิน 7 วัน / requests pending over 7 days",
    Reminder.Kind.FLAGGED: "คู่มือที่ถูกแจ้งให้แก้ไข / handbooks flagged for correction",
    Reminder.Kind.LAW_OVERDUE: "กฎหมายที่เลยกำหนดทบทวน / laws overdue for review",
}


def parse_day(text: str) -> datetime.date:
    """YYYY-MM-DD; a year above 2400 is read as the Buddhist Era (2569-03-05 is 2026-03-05)."""
    try:
        day = datetime.date.fromisoformat(text.strip())
    except ValueError:
        raise CommandError(f"--today ต้องเป็นวันที่รูปแบบ YYYY-MM-DD เช่น 2026-03-05 (ได้รับ: {text!r})") from None
    if day.year > 2400:
        day = day.replace(year=day.year - BE_OFFSET)
    return day


class Command(BaseCommand):
    help = (
        "ส่งอีเมลแจ้งเตือน: คำขออนุมัติที่รอพิจารณาเกิน 7 วัน คู่มือที่ถูกแจ้งให้แก้ไข และกฎหมายที่เลยกำหนดทบทวน "
        "(ส่งซ้ำไม่ได้: บันทึกทุกการแจ้งเตือนที่ส่งแล้ว) / Send the reminder e-mails; idempotent."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="แสดงสิ่งที่จะส่งโดยไม่ส่งและไม่บันทึก / print what would be sent, send and record nothing",
        )
        parser.add_argument(
            "--today",
            type=parse_day,
            default=None,
            help="คำนวณเสมือนวันนี้เป็นวันที่ระบุ (YYYY-MM-DD) / compute as if today were this date",
        )

    def handle(self, *args, dry_run: bool = False, today: datetime.date | None = None, **options) -> None:
        if not settings.SITE_URL:
            self.stderr.write(
                "SITE_URL ไม่ได้ตั้งค่า: ลิงก์ในอีเมลจะไม่มีที่อยู่เว็บไซต์ / SITE_URL is not set: the links in the e-mails "
                "will be paths only"
            )
        report = send_reminders(today=today, dry_run=dry_run)
        out = self.stdout
        out.write(f"แจ้งเตือนประจำวันที่ {format_thai_date(report.today)} / reminders for {report.today.isoformat()}")
        if report.dry_run:
            out.write("ทดลองเท่านั้น: ไม่ได้ส่งอีเมลและไม่ได้บันทึก / dry run: nothing sent, nothing recorded")
            for address, subject, lines in report.emails:
                out.write(f"  → {address}: {subject}")
                for line in lines:
                    out.write(f"      - {_describe(line)}")
        verb = "จะส่ง / would send" if report.dry_run else "ส่งแล้ว / sent"
        for kind, outcome in report.outcomes.items():
            out.write(
                f"- {KIND_NAMES[kind]}: {verb} {outcome.emails} อีเมล / e-mails, {outcome.items} รายการ / reminders"
            )
            notes = []
            if outcome.no_email:
                notes.append(f"ไม่มีอีเมล (ข้าม) / no e-mail address (skipped): {outcome.no_email} คน / officials")
            if outcome.failed:
                notes.append(f"ส่งไม่สำเร็จ (ส่งใหม่ในรอบถัดไป) / failed (retried next run): {outcome.failed}")
            if outcome.unreached:
                notes.append(f"ไม่มีผู้รับที่แจ้งเตือนได้ / nobody to remind: {outcome.unreached} รายการ / items")
            for note in notes:
                out.write(f"    {note}")
        if any(outcome.failed for outcome in report.outcomes.values()):
            self.stderr.write("บางอีเมลส่งไม่สำเร็จ ดูบันทึกข้อผิดพลาด / some e-mails failed, see the log")


def _describe(line) -> str:
    if line.law is not None:
        return f"{line.law.title} (เลยกำหนด {line.days} วัน / {line.days} days overdue)"
    stage = f" ขั้นที่ {line.stage}" if line.stage else ""
    return f"{line.handbook.reference_name}{stage} ({line.days} วัน / days, สัปดาห์ที่ / week {line.week})"
