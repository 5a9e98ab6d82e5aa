import io

import pytest

from handbooks.checks import unmet_rules
from handbooks.models import Handbook
from handbooks.snapshot import build_snapshot, handbook_queryset


def _load_all(out):
    from handbooks import demo as handbooks_demo
    from laws import demo as laws_demo
    from portal import demo as portal_demo
    from procedures import demo as procedures_demo

    for module in (portal_demo, laws_demo, procedures_demo, handbooks_demo):
        module.load(out)


@pytest.mark.django_db
def test_demo_handbooks_are_complete_and_idempotent():
    out = io.StringIO()
    _load_all(out)
    _load_all(out)
    handbooks = list(handbook_queryset().order_by("pk"))
    assert len(handbooks) == 4
    for handbook in handbooks:
        assert unmet_rules(handbook) == [], (handbook.reference_name, unmet_rules(handbook))
        assert handbook.status == "draft"
    land = Handbook.objects.get(procedure__name="จดทะเบียนประเภทโอนอสังหาริมทรัพย์กรณีไม่ต้องประกาศ [N]")
    snap = build_snapshot(handbook_queryset().get(pk=land.pk))
    # The real-size Department of Lands handbook (issue 12): as its offices publish it.
    assert len(snap["documents"]) == 22 and len(snap["steps"]) == 6 and len(snap["fees"]) == 5
    assert sum(s["duration_value"] for s in snap["steps"]) == snap["handbook"]["total_time_value"] == 150
    assert [(f["amount"], f["unit"]) for f in snap["fees"][:2]] == [("5.00", "baht"), ("2.00", "percent")]
    assert snap["fees"][1]["is_range"] and snap["fees"][1]["note"]
    assert {(d["name"], d["originals"], d["copies"]) for d in snap["documents"]} >= {
        ("ทะเบียนบ้านฉบับเจ้าบ้าน (ท.ร.14)", 1, 0),
        ("หนังสือรับรองการจดทะเบียนนิติบุคคล (กรณีนิติบุคคล)", 0, 1),
    }
    assert any("1111" in c["note"] for c in snap["complaints"])
    assert any("1206" in c["note"] for c in snap["complaints"])
    assert [f["name"].rsplit(" ", 1)[-1] for f in snap["forms"]] == ["(ท.ด.๑)", "(ท.ด.๙)", "(ท.ด.๑๓)", "(ท.ด.๑๖)"]
    assert all(f["url"] == "" and f["note"] == "ขอรับได้ที่เจ้าหน้าที่" for f in snap["forms"])  # H8: no link


@pytest.mark.django_db
def test_demo_skips_missing_procedures_with_a_note():
    from handbooks import demo as handbooks_demo

    out = io.StringIO()
    handbooks_demo.load(out)
    assert "ไม่พบกระบวนงาน" in out.getvalue()
    assert Handbook.objects.count() == 0
