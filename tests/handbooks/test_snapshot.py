import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from handbooks.snapshot import build_snapshot, handbook_queryset, hours_text
from tests.factories import HandbookFactory


@pytest.mark.django_db
def test_snapshot_costs_the_same_queries_with_1_and_20_rows(author):
    small = HandbookFactory(agency=author.agency, author=author, rows=1)
    big = HandbookFactory(agency=author.agency, author=author, rows=20)
    counts = []
    for handbook in (small, big):
        with CaptureQueriesContext(connection) as ctx:
            snap = build_snapshot(handbook_queryset().get(pk=handbook.pk))
        counts.append(len(ctx))
    assert counts[0] == counts[1]
    assert len(snap["steps"]) == 20 and len(snap["channels"]) == 20


@pytest.mark.django_db
def test_snapshot_prints_hours_and_the_procedure_type(author):
    handbook = HandbookFactory(agency=author.agency, author=author)
    snap = build_snapshot(handbook_queryset().get(pk=handbook.pk))
    assert snap["channels"][0]["hours_text"] == (
        "เปิดให้บริการวัน จันทร์ ถึง วัน ศุกร์ (ยกเว้นวันหยุดที่ทางราชการกำหนด) ตั้งแต่เวลา 08:30 - 16:30 น. (มีพักเที่ยง)"
    )
    assert snap["procedure"]["type_display"] == "กระบวนงานบริการที่เบ็ดเสร็จในหน่วยเดียว"
    assert snap["procedure"]["areas"] == ["ส่วนกลาง"]


def test_hours_24_for_postal_channel():
    from handbooks.models import ServiceChannel

    assert hours_text(ServiceChannel(kind="postal", hours_24=True)) == "ตลอด 24 ชั่วโมง"
