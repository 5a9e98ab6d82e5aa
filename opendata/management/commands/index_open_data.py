"""Index the laws cited by live versions written without signals (bulk loads such as `generate_scale`): what the
approval does for each version through `opendata.index`. Idempotent; prints how many versions it indexed."""

from django.core.management.base import BaseCommand

from opendata.index import index_live_versions


class Command(BaseCommand):
    help = "จัดทำดัชนีกฎหมายของฉบับที่เผยแพร่อยู่ซึ่งยังไม่มีดัชนี (ข้อมูลเปิด) / index live versions' laws for the API"

    def handle(self, *args, **options) -> str:
        return str(index_live_versions())
