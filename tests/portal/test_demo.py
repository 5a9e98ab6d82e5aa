import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from portal.models import Agency


@pytest.mark.django_db
def test_demo_loader_is_idempotent():
    call_command("load_demo", stdout=io.StringIO())
    counts = {m.__name__: m.objects.count() for m in _demo_models()}
    call_command("load_demo", stdout=io.StringIO())
    assert {m.__name__: m.objects.count() for m in _demo_models()} == counts
    assert counts["Agency"] >= 20


@pytest.mark.django_db
def test_demo_has_real_agencies_and_one_official_per_role():
    call_command("load_demo", stdout=io.StringIO())
    dbd = Agency.objects.get(name="กรมพัฒนาธุรกิจการค้า")
    assert dbd.parent.name == "กระทรวงพาณิชย์"
    for name in ["กรมการปกครอง", "กรมที่ดิน", "กรมส่งเสริมการปกครองท้องถิ่น"]:
        assert Agency.objects.get(name=name).parent.name == "กระทรวงมหาดไทย"
    assert Agency.objects.get(name="กรมโรงงานอุตสาหกรรม").parent.name == "กระทรวงอุตสาหกรรม"
    assert Agency.objects.filter(level_kind=Agency.Level.LOCAL).count() >= 3
    assert Agency.objects.filter(name__contains="ก.พ.ร.").exists()
    for agency in Agency.objects.all():
        agency.full_clean()
    User = get_user_model()
    assert User.objects.filter(is_author=True).exists()
    assert User.objects.filter(is_approver=True, is_central_approver=False).exists()
    assert User.objects.filter(is_central_approver=True).exists()
    assert User.objects.filter(is_superuser=True).exists()


def _demo_models():
    from django.apps import apps

    return [
        m for m in apps.get_models() if m._meta.app_label in {"portal", "laws", "procedures", "handbooks", "approvals"}
    ]
