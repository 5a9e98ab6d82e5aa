"""Load the demo data set: agencies, one official per role, laws, procedures and handbooks.

Idempotent: running it twice leaves the same rows. Each app contributes a `demo.py` module with a
`load(stdout)` function; they run in dependency order.
"""

from importlib import import_module
from importlib.util import find_spec

from django.core.management.base import BaseCommand
from django.db import transaction

DEMO_MODULES = ["portal.demo", "laws.demo", "procedures.demo", "handbooks.demo", "approvals.demo"]


class Command(BaseCommand):
    help = "โหลดข้อมูลตัวอย่าง (หน่วยงาน ผู้ใช้งาน กฎหมาย กระบวนงาน และคู่มือ) — เรียกซ้ำได้โดยไม่สร้างข้อมูลซ้ำ"

    @transaction.atomic
    def handle(self, *args, **options):
        for name in DEMO_MODULES:
            if find_spec(name) is None:
                continue
            import_module(name).load(self.stdout)
        self.stdout.write(self.style.SUCCESS("โหลดข้อมูลตัวอย่างเรียบร้อย"))
