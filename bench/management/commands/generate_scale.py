"""Generate the real-scale data set (issue 7): ~8,000 agencies and ~100,000 handbooks, deterministic, in bulk.

    python manage.py generate_scale --agencies 8000 --handbooks 100000 --seed 1

Refuses a database that holds agencies other than the demo ones (real data, or an earlier run) unless --force.
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from bench.scale import BENCH_PASSWORD, Generator, non_demo_agency_count


class Command(BaseCommand):
    help = "สร้างข้อมูลขนาดจริงสำหรับทดสอบประสิทธิภาพ (หน่วยงาน ผู้ใช้งาน กฎหมาย กระบวนงาน คู่มือ) แบบกำหนดผลได้ด้วย seed"

    def add_arguments(self, parser):
        parser.add_argument("--agencies", type=int, default=8000, help="จำนวนหน่วยงานทั้งหมด (อย่างน้อย 60)")
        parser.add_argument("--handbooks", type=int, default=100000, help="จำนวนคู่มือ")
        parser.add_argument("--seed", type=int, default=1, help="seed เดียวกันให้ข้อมูลชุดเดียวกัน")
        parser.add_argument(
            "--force", action="store_true", help="สร้างเพิ่มแม้ฐานข้อมูลมีข้อมูลอื่นนอกจากข้อมูลตัวอย่าง (ห้ามใช้กับฐานข้อมูลจริง)"
        )

    def handle(self, *args, **options):
        if options["agencies"] < 60:
            raise CommandError("จำนวนหน่วยงานต้องไม่น้อยกว่า 60 (กระทรวง 20 แห่ง กรมและจังหวัด และท้องถิ่น)")
        if options["handbooks"] < 0:
            raise CommandError("จำนวนคู่มือต้องไม่ติดลบ")
        others = non_demo_agency_count()
        if others and not options["force"]:
            raise CommandError(
                f"ฐานข้อมูลนี้มีหน่วยงานที่ไม่ใช่ข้อมูลตัวอย่างอยู่แล้ว {others:,} แห่ง จึงไม่สร้างข้อมูลทดสอบทับ "
                "ให้ใช้ฐานข้อมูลใหม่ หรือระบุ --force หากแน่ใจว่าเป็นฐานข้อมูลทดสอบ"
            )
        generator = Generator(options["agencies"], options["handbooks"], options["seed"], stdout=self.stdout)
        with transaction.atomic():
            counts = generator.run()
        if connection.vendor == "postgresql" and not connection.in_atomic_block:
            # Fresh statistics and visibility map, as autovacuum would leave them: index-only scans need the latter.
            with connection.cursor() as cursor:
                # Years of publications written at once, in handbook order: put the public search's table in
                # approval order, the order in which publications fill it (handbooks/migrations/0011).
                cursor.execute("CLUSTER handbooks_publicsearch USING handbooks_publicsearch_order")
                cursor.execute("VACUUM ANALYZE")
        self.stdout.write(
            self.style.SUCCESS(
                f"สร้างข้อมูลเรียบร้อย: หน่วยงาน {counts.get('agencies', 0):,} คู่มือ {counts.get('handbooks', 0):,} "
                f"(ผู้ใช้ scale_* รหัสผ่าน {BENCH_PASSWORD})"
            )
        )
