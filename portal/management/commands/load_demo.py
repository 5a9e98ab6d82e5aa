"""Load the demo data set: agencies, one official per role, laws, procedures and handbooks.

Idempotent: running it twice leaves the same rows. Each app contributes a `demo.py` module with a
`load(stdout)` function; they run in dependency order.
"""

from importlib import import_module
from importlib.util import find_spec

from django.core import mail
from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings

DEMO_MODULES = ["portal.demo", "laws.demo", "procedures.demo", "handbooks.demo", "approvals.demo"]


class Command(BaseCommand):
    help = "โหลดข้อมูลตัวอย่าง (หน่วยงาน ผู้ใช้งาน กฎหมาย กระบวนงาน และคู่มือ) — เรียกซ้ำได้โดยไม่สร้างข้อมูลซ้ำ"

    def handle(self, *args, **options):
        # The demo's workflow steps (submit, approve) notify by e-mail: kept in memory, never sent nor printed.
        sent_before = len(getattr(mail, "outbox", []))
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            self.load_all()
            sent = len(getattr(mail, "outbox", [])) - sent_before
        if sent:
            self.stdout.write(f"อีเมลแจ้งเตือนของข้อมูลตัวอย่าง {sent} ฉบับ: เก็บไว้ในหน่วยความจำ ไม่ได้ส่งจริง")
        self.stdout.write(self.style.SUCCESS("โหลดข้อมูลตัวอย่างเรียบร้อย"))

    @transaction.atomic
    def load_all(self):
        for name in DEMO_MODULES:
            if find_spec(name) is None:
                continue
            import_module(name).load(self.stdout)
