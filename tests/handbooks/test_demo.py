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
    assert [s["duration_value"] for s in snap["steps"]] == [110, 40]
    assert snap["handbook"]["total_time_value"] == 150
    assert [(f["amount"], f["unit"]) for f in snap["fees"]] == [("5.00", "baht"), ("2.00", "percent")]
    assert snap["fees"][1]["is_range"] and snap["fees"][1]["note"]
    assert any("1111" in c["note"] for c in snap["complaints"])
    assert any("1206" in c["note"] for c in snap["complaints"])
    assert snap["forms"][0]["name"].endswith("(ท.ด.๑)")


@pytest.mark.django_db
def test_demo_skips_missing_procedures_with_a_note():
    from handbooks import demo as handbooks_demo

    out = io.StringIO()
    handbooks_demo.load(out)
    assert "ไม่พบกระบวนงาน" in out.getvalue()
    assert Handbook.objects.count() == 0
