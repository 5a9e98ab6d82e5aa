"""P6: the ways officials write one law are one key (`laws.models.normalise_title`), for the search and the duplicate
check; the data migration that recomputes the stored keys; the trigram index that serves the search.

The slide: "หากไม่พบกฎหมายจากการค้นหาในระบบ “กรุณาสร้างกฎหมายที่เกี่ยวข้อง”"."""

import pytest
from django.db import connection

from laws.models import Law, normalise_title
from tests.factories import LawFactory
from tests.migration_steps import migrate_to, migrate_to_latest

SAME_LAW = [
    (
        "พระราชบัญญัติทะเบียนพาณิชย์ พ.ศ. 2499",
        [
            "พ.ร.บ.ทะเบียนพาณิชย์ พ.ศ.2499",
            "พรบ. ทะเบียนพาณิชย์  พ.ศ ๒๔๙๙",
            "พ. ร. บ. ทะเบียนพาณิชย์ พศ.2499",
            "พรบ ทะเบียนพาณิชย์ พ.ศ.2499",
        ],
    ),
    ("พระราชกำหนดการบริหารราชการในสถานการณ์ฉุกเฉิน พ.ศ. 2548", ["พ.ร.ก. การบริหารราชการในสถานการณ์ฉุกเฉิน พ.ศ.2548"]),
    ("พระราชกฤษฎีกาว่าด้วยหลักเกณฑ์ พ.ศ. 2546", ["พ.ร.ฎ.ว่าด้วยหลักเกณฑ์ พ.ศ.๒๕๔๖", "พรฎ. ว่าด้วยหลักเกณฑ์ พ.ศ. 2546"]),
    ("กฎกระทรวง ฉบับที่ 2 (พ.ศ. 2540)", ["กฎ ก. ฉบับที่ 2 (พ.ศ. 2540)", "กฎก.ฉบับที่ ๒ (พ.ศ.2540)", "กฎ ก ฉบับที่ 2 (พ.ศ. 2540)"]),
    (
        "กฎกระทรวงพาณิชย์ ฉบับที่ 3 (พ.ศ. 2540) ออกตามความในพระราชบัญญัติทะเบียนพาณิชย์ พ.ศ. 2499",
        ["กฎกระทรวงพาณิชย์ ฉบับที่ 3 (พ.ศ. 2540) ออกตามความในพ.ร.บ.ทะเบียนพาณิชย์ พ.ศ. 2499"],
    ),
]


@pytest.mark.parametrize("full, written", SAME_LAW)
def test_P6_short_names_digits_and_spaces_give_the_same_key(full, written):
    assert {normalise_title(title) for title in written} == {normalise_title(full)}


@pytest.mark.parametrize(
    "title, different",
    [
        ("กฎ ก.พ. ว่าด้วยการสอบสวน พ.ศ. 2556", "กฎกระทรวง พ.ว่าด้วยการสอบสวน พ.ศ. 2556"),  # a commission's rule
        ("กฎ ก.ค.ศ. ว่าด้วยการลาออก", "กฎกระทรวง ค.ศ.ว่าด้วยการลาออก"),
        ("สมพรบุญ", "สมพระราชบัญญัติุญ"),  # the letters of an abbreviation inside a word stay letters
        ("พระราชบัญญัติโรงงาน พ.ศ. 2535", "พระราชบัญญัติโรงงาน พ.ศ. 2562"),
    ],
)
def test_P6_different_laws_keep_different_keys(title, different):
    assert normalise_title(title) != normalise_title(different)


def test_a_key_never_exceeds_the_column_even_when_short_names_grow():
    assert len(normalise_title("พ.ร.บ." * 83 + "ก")) == 500


@pytest.mark.django_db
def test_P6_the_search_looks_in_the_key_through_the_trigram_index_on_postgresql():
    law = LawFactory(title="พระราชบัญญัติทะเบียนพาณิชย์ พ.ศ. 2499")
    queryset = Law.objects.search("พ.ร.บ.ทะเบียนพาณิชย์")
    assert list(queryset) == [law]
    if connection.vendor != "postgresql":
        assert '"laws_law"."title_key" LIKE' in str(queryset.query)
        return
    with connection.cursor() as cursor:
        # Few rows make a sequential scan cheapest: forbid it to see that the index can serve the query at all.
        cursor.execute("SET LOCAL enable_seqscan = off")
        sql, params = queryset.query.sql_with_params()
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "law_title_key_trgm" in plan, plan


BEFORE = [("laws", "0002_postgresql_indexes")]


@pytest.mark.django_db(transaction=True)
def test_the_migration_recomputes_every_key_and_keeps_laws_entered_twice_apart_and_reported():
    old = migrate_to(BEFORE)
    OldLaw = old.get_model("laws", "Law")
    # Keys as the normalisation before issue 12 wrote them: the short name and the full name were two laws.
    first = OldLaw.objects.create(
        title="พระราชบัญญัติทะเบียนพาณิชย์ พ.ศ. 2499", title_key="พระราชบัญญัติทะเบียนพาณิชย์ พ.ศ. 2499", kind="act"
    )
    twice = OldLaw.objects.create(
        title="พ.ร.บ. ทะเบียนพาณิชย์ พ.ศ.2499", title_key="พ.ร.บ. ทะเบียนพาณิชย์ พ.ศ. 2499", kind="act"
    )
    alone = OldLaw.objects.create(title="ประมวลกฎหมายที่ดิน", title_key="ประมวลกฎหมายที่ดิน", kind="other")

    new = migrate_to_latest()

    keys = dict(new.get_model("laws", "Law").objects.values_list("pk", "title_key"))
    assert keys == {
        first.pk: "พระราชบัญญัติทะเบียนพาณิชย์พ.ศ.2499",
        twice.pk: f"พระราชบัญญัติทะเบียนพาณิชย์พ.ศ.2499 (ซ้ำ {twice.pk})",
        alone.pk: "ประมวลกฎหมายที่ดิน",
    }
    entry = new.get_model("portal", "AuditEntry").objects.get(action="laws.law.duplicate_key")
    assert (entry.object_id, entry.data) == (
        str(twice.pk),
        {"same_as": first.pk, "same_as_title": "พระราชบัญญัติทะเบียนพาณิชย์ พ.ศ. 2499"},
    )
    # From now on the duplicate check points at the first law.
    assert Law.objects.get(title_key=normalise_title("พ.ร.บ.ทะเบียนพาณิชย์ พ.ศ. 2499")).pk == first.pk
