"""Property-based tests (hypothesis): whatever an official types into the procedure form or the handbook form,
the form answers with Thai messages or saves a row that fits the database and the official's scope — it never
raises and never writes outside the scope."""

from __future__ import annotations

import re

import pytest
from django.db import transaction
from django.http import QueryDict
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from handbooks import services
from handbooks.forms import HandbookForm, build_formsets
from procedures.forms import ProcedureForm
from procedures.models import ServiceArea
from tests.approvals.helpers import make_handbook
from tests.factories import LawFactory
from tests.handbooks.helpers import form_data

THAI = re.compile(r"[\u0e00-\u0e7f]")
SETTINGS = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)

SPECIAL = [
    "",
    " ",
    "ไม่มี",
    "0",
    "๓๐",
    "-1",
    "1.5",
    str(2**31),
    str(2**63),
    "\x00",
    "<script>alert(1)</script>",
    "ก" * 600,
    "🏛️",
    "กำ่้๊๋",
    "25/11/2569",
]
texts = st.one_of(
    st.sampled_from(SPECIAL), st.text(max_size=300), st.text(alphabet="กขคงจ่้๊๋ำ [N]0123456789", max_size=80)
)
numbers = st.one_of(st.sampled_from(SPECIAL), st.integers(min_value=-(2**70), max_value=2**70).map(str))


def _all_thai(errors) -> list[str]:
    """Messages without a Thai letter (an English Django default slipped through)."""
    messages = []
    for field_errors in errors.values():
        messages.extend(str(m) for m in field_errors)
    return [m for m in messages if not THAI.search(m)]


# Each test runs its property inside itself (not as the test function), so that the objects it needs are made once
# per test and it can check afterwards that the valid path ran: the @example is valid, so at least one example saved
# and the property tested the save too. No state is shared between the tests: each one stands alone.


@pytest.mark.django_db
def test_procedure_form_answers_in_thai_or_saves_in_scope(author, agency_a, agency_b, agency_a_child, ministry):
    law = LawFactory()
    ids = {"A": agency_a.pk, "B": agency_b.pk, "child": agency_a_child.pk, "ministry": ministry.pk}
    central_area = ServiceArea.objects.get(code="central")
    saved = []

    @SETTINGS
    @given(
        name=st.one_of(texts, texts.map(lambda t: f"{t} [N]")),
        agency=st.sampled_from(["A", "B", "child", "ministry", "", "abc", str(2**64), "-1"]),
        legal_time=numbers,
        legal_time_law=texts,
        stats=st.tuples(numbers, numbers, numbers),
        central=st.booleans(),
        law_ids=st.lists(st.one_of(st.sampled_from(["law"]), numbers), max_size=3),
        scope=st.sampled_from(["central", "regional_local", "", "x"]),
    )
    @example(
        name="การขออนุญาตทดสอบ 🏛️ <b>กำ่้</b> [N]",
        agency="A",
        legal_time="๓๐",
        legal_time_law="กฎกระทรวง พ.ศ. 2560",
        stats=("0", "5", "10"),
        central=True,
        law_ids=["law"],
        scope="central",
    )
    def answers_in_thai_or_saves_in_scope(name, agency, legal_time, legal_time_law, stats, central, law_ids, scope):
        query = QueryDict(mutable=True)
        query.update(
            {
                "name": name,
                "agency": str(ids.get(agency, agency)),
                "scope": scope,
                "linkage": "single",
                "category": "permit",
                "impact": "general",
                "legal_time": legal_time,
                "legal_time_law": legal_time_law,
                "legal_time_unit": "minute",
                "stat_min": stats[0],
                "stat_avg": stats[1],
                "stat_max": stats[2],
            }
        )
        if central:
            query.setlist("areas", [str(central_area.pk)])
        query.setlist("laws", [str(law.pk) if v == "law" else v for v in law_ids])
        form = ProcedureForm(query, user=author)
        if not form.is_valid():
            assert not _all_thai(form.errors), form.errors
            return
        with transaction.atomic():
            procedure = form.save()
            procedure.refresh_from_db()
            assert procedure.name.endswith("[N]") and "\x00" not in procedure.name
            assert procedure.agency.can_own_procedure and author.in_scope(procedure.agency)
            assert 0 <= procedure.legal_time_value <= 2**31 - 1
            assert procedure.stat_min <= procedure.stat_avg <= procedure.stat_max <= 2**31 - 1
            assert procedure.areas.filter(code="central").exists() and procedure.laws.exists()
            transaction.set_rollback(True)
        saved.append(name)

    answers_in_thai_or_saves_in_scope()
    assert saved, "no example reached the save: the property never tested it"


@pytest.mark.django_db
def test_handbook_form_answers_in_thai_or_saves_in_scope(author, agency_a_child, agency_b, ministry):
    handbook = make_handbook(author)
    ids = {"own": author.agency_id, "child": agency_a_child.pk, "B": agency_b.pk, "ministry": ministry.pk}
    saved = []

    @SETTINGS
    @given(
        agency=st.sampled_from(["own", "child", "B", "ministry", "", str(2**64)]),
        criteria=texts,
        total=numbers,
        place=texts,
        open_time=st.sampled_from(["08:30", "25:00", "", "\x00", "๐๘:๓๐", "8"]),
        duration=numbers,
        originals=numbers,
        fee=st.one_of(numbers, st.sampled_from(["NaN", "Infinity", "1e20", "0.005", "100.01"])),
        fee_unit=st.sampled_from(["baht", "percent", "dollar", ""]),
        document_name=texts,
        position=numbers,
    )
    @example(
        agency="child",
        criteria="<script>alert(1)</script> กำ่้",
        total="30",
        place="สำนักงาน 🏛️",
        open_time="08:30",
        duration="30",
        originals="1",
        fee="2.5",
        fee_unit="percent",
        document_name="สำเนาทะเบียนบ้าน",
        position="3",
    )
    def answers_in_thai_or_saves_in_scope(
        agency, criteria, total, place, open_time, duration, originals, fee, fee_unit, document_name, position
    ):
        data = form_data(handbook, author)
        data.update(
            {
                "agency": str(ids.get(agency, agency)),
                "criteria": criteria,
                "total_time_value": total,
                "channels-0-place": place,
                "channels-0-open_time": open_time,
                "steps-0-duration_value": duration,
                "documents-0-originals": originals,
                "documents-0-name": document_name,
                "fees-0-amount": fee,
                "fees-0-unit": fee_unit,
                "complaints-0-position": position,
            }
        )
        form = HandbookForm(data, instance=handbook, user=author)
        formsets = build_formsets(handbook, data, {})
        valid = form.is_valid() & all([fs.is_valid() for fs in formsets.values()])
        if not valid:
            bad = _all_thai(form.errors)
            for formset in formsets.values():
                bad += [str(e) for e in formset.non_form_errors() if not THAI.search(str(e))]
                for errors in formset.errors:
                    bad += _all_thai(errors)
            assert not bad, bad
            return
        with transaction.atomic():
            saved_handbook = services.save_handbook(form, list(formsets.values()), handbook.lock_version, author)
            saved_handbook.refresh_from_db()
            assert author.in_scope(saved_handbook.agency)
            assert saved_handbook.total_time_value is None or 0 <= saved_handbook.total_time_value <= 2**31 - 1
            for fee_row in saved_handbook.fees.all():
                assert 0 <= fee_row.amount and (fee_row.unit == "baht" or fee_row.amount <= 100)
            assert all(0 <= row.position <= 32767 for row in saved_handbook.complaints.all())
            transaction.set_rollback(True)
        saved.append(criteria)
        handbook.refresh_from_db()  # the rolled-back save left its lock_version on the instance

    answers_in_thai_or_saves_in_scope()
    assert saved, "no example reached the save: the property never tested it"
